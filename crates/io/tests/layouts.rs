//! Workbook layouts and inputs an independent review found mishandled: each case here once
//! crashed, failed or silently changed data.
#![allow(clippy::unwrap_used)]

use juesuan_io::xlsx::read_workbook;
use juesuan_io::{Format, WriteOptions, load, to_bytes};
use juesuan_model::{Catalog, Coverage, Package};
use rust_xlsxwriter::{Format as XFormat, Formula, Workbook, Worksheet};

fn s(ws: &mut Worksheet, r: u32, c: u16, v: &str) {
    ws.write_string(r, c, v).unwrap();
}

fn unit_sheet(wb: &mut Workbook) {
    let ws = wb.add_worksheet();
    ws.set_name("单位信息").unwrap();
    for (i, (k, v)) in [
        ("单位名称", "某局"),
        ("年度", "2024"),
        ("地区格式", "上海市"),
    ]
    .iter()
    .enumerate()
    {
        s(ws, i as u32 + 1, 0, k);
        s(ws, i as u32 + 1, 1, v);
    }
}

fn read(wb: &mut Workbook) -> Result<juesuan_io::xlsx::WorkbookRead, Vec<juesuan_io::Problem>> {
    read_workbook(&wb.save_to_buffer().unwrap(), Catalog::builtin())
}

#[test]
fn a_far_away_cell_does_not_exhaust_memory() {
    let mut wb = Workbook::new();
    unit_sheet(&mut wb);
    let ws = wb.add_worksheet();
    ws.set_name("表3 支出决算表").unwrap();
    s(ws, 0, 0, "科目编码");
    s(ws, 0, 1, "科目名称");
    s(ws, 0, 2, "本年支出合计");
    s(ws, 1, 0, "2010601");
    s(ws, 1, 2, "5.00");
    s(ws, 1_048_575, 16_383, "far");
    let r = read(&mut wb).unwrap();
    assert_eq!(r.package.tables.expenditure.unwrap().rows.len(), 1);
    assert!(
        r.notices.iter().any(|n| n.message.contains("超出读取范围")),
        "{:?}",
        r.notices
    );
}

#[test]
fn stray_cells_and_merged_headers_beside_the_table() {
    let mut wb = Workbook::new();
    unit_sheet(&mut wb);
    let f = XFormat::new();
    let ws = wb.add_worksheet();
    ws.set_name("表3 支出决算表").unwrap();
    // the unit in E1, a remark in F, 科目名称 merged over B:C, 本年支出合计 merged over D:E
    s(ws, 0, 4, "单位：万元");
    s(ws, 1, 0, "科目编码");
    ws.merge_range(1, 1, 1, 2, "科目名称", &f).unwrap();
    ws.merge_range(1, 3, 1, 4, "本年支出合计", &f).unwrap();
    s(ws, 2, 0, "2010699");
    ws.merge_range(2, 1, 2, 2, "其他一般公共服务", &f).unwrap();
    ws.merge_range(2, 3, 2, 4, "12.50", &f).unwrap();
    s(ws, 2, 5, "备注：据财政局通知");
    let r = read(&mut wb).unwrap();
    let t = r.package.tables.expenditure.unwrap();
    assert_eq!(t.rows[0].name, "其他一般公共服务");
    assert_eq!(t.rows[0].total.unwrap().to_string(), "12.50");
}

#[test]
fn the_official_shanghai_table5_header() {
    let mut wb = Workbook::new();
    unit_sheet(&mut wb);
    let f = XFormat::new();
    let ws = wb.add_worksheet();
    ws.set_name("一般公共预算财政拨款支出决算表").unwrap();
    // 项目 over (功能分类科目编码, 科目名称); 合计 | 基本支出 | 项目支出 merged down
    ws.merge_range(0, 0, 0, 1, "项目", &f).unwrap();
    ws.merge_range(0, 2, 1, 2, "合计", &f).unwrap();
    ws.merge_range(0, 3, 1, 3, "基本支出", &f).unwrap();
    ws.merge_range(0, 4, 1, 4, "项目支出", &f).unwrap();
    s(ws, 1, 0, "功能分类科目编码");
    s(ws, 1, 1, "科目名称");
    s(ws, 2, 0, "201");
    s(ws, 2, 1, "一般公共服务支出");
    for (c, v) in ["2106.66", "1503.52", "603.14"].iter().enumerate() {
        s(ws, 2, 2 + c as u16, v);
    }
    // 合计 merged across code and name, at the bottom as Shanghai prints it
    ws.merge_range(3, 0, 3, 1, "合计", &f).unwrap();
    for (c, v) in ["2106.66", "1503.52", "603.14"].iter().enumerate() {
        s(ws, 3, 2 + c as u16, v);
    }
    let r = read(&mut wb).unwrap();
    let t = r.package.tables.general_budget.unwrap();
    assert_eq!(t.rows[0].basic.unwrap().to_string(), "1503.52");
    assert_eq!(t.total.total.unwrap().to_string(), "2106.66");
}

#[test]
fn two_row_value_header_with_subtotal() {
    let mut wb = Workbook::new();
    unit_sheet(&mut wb);
    let f = XFormat::new();
    let ws = wb.add_worksheet();
    ws.set_name("表5 一般公共预算财政拨款支出决算表").unwrap();
    ws.merge_range(0, 0, 1, 0, "科目编码", &f).unwrap();
    ws.merge_range(0, 1, 1, 1, "科目名称", &f).unwrap();
    ws.merge_range(0, 2, 0, 4, "本年支出", &f).unwrap();
    s(ws, 1, 2, "合计");
    s(ws, 1, 3, "基本支出");
    s(ws, 1, 4, "项目支出");
    s(ws, 2, 0, "2010601");
    s(ws, 2, 2, "10");
    s(ws, 2, 3, "10");
    let r = read(&mut wb).unwrap();
    assert_eq!(
        r.package.tables.general_budget.unwrap().rows[0]
            .total
            .unwrap()
            .to_string(),
        "10"
    );
}

#[test]
fn totals_footers_and_column_number_rows_in_the_code_column() {
    let mut wb = Workbook::new();
    unit_sheet(&mut wb);
    let f = XFormat::new();
    let ws = wb.add_worksheet();
    ws.set_name("一般公共预算财政拨款基本支出决算表").unwrap();
    for (c, h) in ["科目编码", "科目名称", "决算数"].iter().enumerate() {
        s(ws, 0, c as u16, h);
    }
    s(ws, 1, 0, "栏次");
    s(ws, 1, 2, "1");
    s(ws, 2, 0, "302");
    s(ws, 2, 1, "商品和服务支出");
    s(ws, 2, 2, "5.00");
    ws.merge_range(3, 0, 3, 1, "公用经费合计", &f).unwrap();
    s(ws, 3, 2, "5.00");
    s(ws, 5, 0, "单位负责人：张三");
    let r = read(&mut wb).unwrap();
    let t = r.package.tables.general_budget_basic.unwrap();
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.total.public.unwrap().to_string(), "5.00");
}

#[test]
fn three_public_data_after_a_blank_row() {
    let mut wb = Workbook::new();
    unit_sheet(&mut wb);
    let ws = wb.add_worksheet();
    ws.set_name("财政拨款“三公”经费支出决算表").unwrap();
    let labels = [
        "合计",
        "",
        "因公出国（境）费",
        "",
        "公务用车购置及运行维护费",
        "",
        "",
        "",
        "",
        "",
        "公务接待费",
        "",
    ];
    let f = XFormat::new();
    ws.merge_range(0, 0, 0, 1, "合计", &f).unwrap();
    ws.merge_range(0, 2, 0, 3, "因公出国（境）费", &f).unwrap();
    ws.merge_range(0, 4, 0, 9, "公务用车购置及运行维护费", &f)
        .unwrap();
    ws.merge_range(0, 10, 0, 11, "公务接待费", &f).unwrap();
    ws.merge_range(1, 4, 1, 5, "小计", &f).unwrap();
    ws.merge_range(1, 6, 1, 7, "公务用车购置费", &f).unwrap();
    ws.merge_range(1, 8, 1, 9, "公务用车运行维护费", &f)
        .unwrap();
    let _ = labels;
    for k in 0..6u16 {
        s(ws, 2, 2 * k, "预算数");
        s(ws, 2, 2 * k + 1, "决算数");
    }
    // row 3 left blank
    s(ws, 4, 0, "0.95");
    s(ws, 4, 10, "0.95");
    let r = read(&mut wb).unwrap();
    let t = r.package.tables.three_public.unwrap();
    assert_eq!(t.budget.total.unwrap().to_string(), "0.95");
    assert_eq!(t.budget.reception.unwrap().to_string(), "0.95");
}

#[test]
fn formula_results_percent_cells_and_count_formats() {
    let mut wb = Workbook::new();
    unit_sheet(&mut wb);
    let two = XFormat::new().set_num_format("0.00");
    let pct = XFormat::new().set_num_format("0.00%");
    let ws = wb.add_worksheet();
    ws.set_name("表3 支出决算表").unwrap();
    for (c, h) in [
        "科目编码",
        "科目名称",
        "本年支出合计",
        "基本支出",
        "项目支出",
    ]
    .iter()
    .enumerate()
    {
        s(ws, 0, c as u16, h);
    }
    s(ws, 1, 0, "2010601");
    ws.write_formula_with_format(
        1,
        2,
        Formula::new("=D2+E2").set_result("2112.8599999999997"),
        &two,
    )
    .unwrap();
    ws.write_number_with_format(1, 3, 2106.66, &two).unwrap();
    ws.write_number_with_format(1, 4, 6.2, &two).unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("说明填写").unwrap();
    for (c, h) in ["事项", "说明中的表述", "说明中的百分比"]
        .iter()
        .enumerate()
    {
        s(ws, 0, c as u16, h);
    }
    s(ws, 1, 0, "收入支出总计");
    s(ws, 1, 1, "减少");
    ws.write_number_with_format(1, 2, 0.2088, &pct).unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("说明数据").unwrap();
    s(ws, 0, 0, "本年机关运行经费");
    s(ws, 0, 1, "74.35");
    s(ws, 1, 0, "公务用车保有量");
    ws.write_number_with_format(1, 1, 3.0, &two).unwrap();
    let r = read(&mut wb).unwrap();
    let p = r.package;
    let row = &p.tables.expenditure.as_ref().unwrap().rows[0];
    assert_eq!(row.total.unwrap().to_string(), "2112.86");
    assert_eq!(row.project.unwrap().to_string(), "6.20");
    let remark = p.explanation.remarks.values().next().unwrap();
    assert_eq!(remark.percent.unwrap().to_string(), "20.88");
    // a label in A1 is read; a count formatted 0.00 is still a count
    assert_eq!(p.agency_running_costs.unwrap().to_string(), "74.35");
    let tp = p.tables.three_public.unwrap();
    assert_eq!(tp.details.vehicles_held, Some(3));
    // counts without the 三公 table are partial, not a table of zeros
    assert_eq!(tp.coverage, Coverage::Partial);
}

#[test]
fn unit_labels_are_understood_or_refused() {
    for (label, expect) in [
        ("单位：元（保留两位小数）", Some("1511.8900")),
        ("金额单位：千元", Some("1511.89")),
        ("单位：美元", None),
    ] {
        let mut wb = Workbook::new();
        unit_sheet(&mut wb);
        let ws = wb.add_worksheet();
        ws.set_name("表3 支出决算表").unwrap();
        s(ws, 0, 2, label);
        for (c, h) in ["科目编码", "科目名称", "本年支出合计"].iter().enumerate() {
            s(ws, 1, c as u16, h);
        }
        s(ws, 2, 0, "2010601");
        s(
            ws,
            2,
            2,
            if label.contains("千元") {
                "15118.9"
            } else {
                "15118900"
            },
        );
        match (read(&mut wb), expect) {
            (Ok(r), Some(v)) => {
                assert_eq!(
                    r.package.tables.expenditure.unwrap().rows[0]
                        .total
                        .unwrap()
                        .to_string(),
                    v,
                    "{label}"
                )
            }
            (Err(p), None) => assert!(p[0].to_string().contains("金额单位“美元”无法识别"), "{p:?}"),
            (other, _) => panic!("{label}: {other:?}"),
        }
    }
}

#[test]
fn procurement_laid_out_as_a_table() {
    let mut wb = Workbook::new();
    unit_sheet(&mut wb);
    let f = XFormat::new();
    let ws = wb.add_worksheet();
    ws.set_name("政府采购情况表").unwrap();
    ws.merge_range(0, 0, 0, 3, "采购预算", &f).unwrap();
    ws.merge_range(0, 4, 0, 7, "实际采购金额", &f).unwrap();
    ws.merge_range(0, 8, 1, 8, "授予中小企业合同金额", &f)
        .unwrap();
    ws.merge_range(0, 9, 1, 9, "其中：授予小微企业合同金额", &f)
        .unwrap();
    for k in 0..2u16 {
        for (j, h) in ["合计", "货物", "工程", "服务"].iter().enumerate() {
            s(ws, 1, 4 * k + j as u16, h);
        }
    }
    for (c, v) in [
        "600", "100", "200", "300", "550", "90", "180", "280", "300", "120",
    ]
    .iter()
    .enumerate()
    {
        s(ws, 2, c as u16, v);
    }
    let r = read(&mut wb).unwrap();
    let p = r.package.tables.procurement.unwrap().figures;
    assert_eq!(p.budget_total.unwrap().to_string(), "600");
    assert_eq!(p.services.unwrap().to_string(), "280");
    assert_eq!(p.small_micro.unwrap().to_string(), "120");
}

#[test]
fn indicator_cells_with_errors_are_kept_as_shown() {
    let mut wb = Workbook::new();
    unit_sheet(&mut wb);
    let ws = wb.add_worksheet();
    ws.set_name("绩效-项目").unwrap();
    s(ws, 0, 0, "序号");
    s(ws, 0, 1, "项目名称");
    s(ws, 1, 0, "1");
    s(ws, 1, 1, "测试项目");
    let ws = wb.add_worksheet();
    ws.set_name("绩效-指标").unwrap();
    for (c, h) in ["项目序号", "三级指标", "得分"].iter().enumerate() {
        s(ws, 0, c as u16, h);
    }
    s(ws, 1, 0, "1");
    s(ws, 1, 1, "指标1");
    ws.write_formula(1, 2, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    let r = read(&mut wb).unwrap();
    let ind = &r.package.performance.projects[0].indicators[0];
    assert_eq!(ind.score.as_ref().unwrap().text(), "#DIV/0!");
}

fn pkg(text: &str) -> Package {
    toml::from_str(text).unwrap()
}

#[test]
fn round_trips_keep_what_the_profile_does_not_number() {
    let p = pkg(r#"
[unit]
name = "某局"
year = 2024
profile = "shanghai"

[tables.gov_fund_basic.total]
total = "5.00"

[[tables.summary.expenditure]]
code = "230"
name = "转移性支出"
amount = "3.00"

[[tables.summary.expenditure]]
code = "201"
name = "一般公共服务"
amount = "1.00"
"#);
    let bytes = to_bytes(
        &p,
        Format::Xlsx,
        Catalog::builtin(),
        WriteOptions::default(),
    )
    .unwrap();
    let back = read_workbook(&bytes, Catalog::builtin()).unwrap().package;
    assert_eq!(
        back.tables
            .gov_fund_basic
            .unwrap()
            .total
            .total
            .unwrap()
            .to_string(),
        "5.00"
    );
    let lines: Vec<(String, String)> = back
        .tables
        .summary
        .unwrap()
        .expenditure
        .iter()
        .map(|l| (l.code.to_string(), l.name.clone()))
        .collect();
    assert!(
        lines.contains(&("230".into(), "转移性支出".into())),
        "{lines:?}"
    );
    assert!(
        lines.contains(&("201".into(), "一般公共服务".into())),
        "{lines:?}"
    );

    // an unknown profile is refused, not rewritten
    let mut q = p.clone();
    q.unit.profile = "mars".into();
    let e = to_bytes(
        &q,
        Format::Xlsx,
        Catalog::builtin(),
        WriteOptions::default(),
    )
    .unwrap_err();
    assert!(e.contains("地区格式“mars”未知"), "{e}");
}

#[test]
fn bare_decimals_in_text_files_are_refused_and_big_figures_survive() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("f.toml");
    std::fs::write(
        &path,
        "agency_running_costs = 14864.90\n[unit]\nname = \"某局\"\nyear = 2024\nprofile = \"beijing\"\n",
    )
    .unwrap();
    let e = load(&path, Catalog::builtin()).unwrap_err().to_string();
    assert!(e.contains("请写成带引号的文字"), "{e}");

    // more digits than a spreadsheet number holds: written as text, read back exactly
    let p = pkg(
        "agency_running_costs = \"1234567890123.4567\"\n[unit]\nname = \"某局\"\nyear = 2024\nprofile = \"beijing\"\n[tables.general_budget_basic.total]\ntotal = \"1.1000000\"\n",
    );
    let bytes = to_bytes(
        &p,
        Format::Xlsx,
        Catalog::builtin(),
        WriteOptions::default(),
    )
    .unwrap();
    let back = read_workbook(&bytes, Catalog::builtin()).unwrap().package;
    assert_eq!(
        back.agency_running_costs.unwrap().to_string(),
        "1234567890123.4567"
    );
    assert_eq!(
        back.tables
            .general_budget_basic
            .unwrap()
            .total
            .total
            .unwrap()
            .to_string(),
        "1.1000000"
    );
}

#[test]
fn huge_amounts_are_refused_not_overflowed() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("ovf.toml");
    std::fs::write(
        &path,
        "[unit]\nname = \"某局\"\nyear = 2024\nprofile = \"beijing\"\n[tables.summary.income]\ngrand_total = \"1000000000000000000000000000\"\n",
    )
    .unwrap();
    let e = load(&path, Catalog::builtin()).unwrap_err().to_string();
    assert!(e.contains("超出可处理的范围"), "{e}");
}
