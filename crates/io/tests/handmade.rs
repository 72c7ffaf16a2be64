//! Workbooks filled by hand, laid out like the printed tables rather than like juesuan's
//! template: merged two-row headers, 类/款/项 in three columns, blank rows, numbers stored
//! as text with thousands separators and spaces, no totals row, a sheet in 元, the
//! two-sided 基本支出 table, notes under a table, cells formatted to two decimals.
#![allow(clippy::unwrap_used)]

use juesuan_io::xlsx::read_workbook;
use juesuan_model::{Catalog, Coverage};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

fn unit_sheet(wb: &mut Workbook) {
    let ws = wb.add_worksheet();
    ws.set_name("单位信息").unwrap();
    let rows = [
        ("单位名称", "上海市某某局"),
        ("年度", "2024年"),
        ("地区格式", "上海"),
        ("主管部门", "  上海市某区政府  "),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        ws.write_string(i as u32 + 2, 0, *k).unwrap();
        ws.write_string(i as u32 + 2, 1, *v).unwrap();
    }
}

fn s(ws: &mut Worksheet, r: u32, c: u16, v: &str) {
    ws.write_string(r, c, v).unwrap();
}

#[test]
fn printed_layouts_are_read() {
    let mut wb = Workbook::new();
    unit_sheet(&mut wb);
    let merged = Format::new();

    // 收入决算表 as printed by Putuo: 项目 over (支出功能分类科目编码 over 类/款/项, 科目名称).
    let ws = wb.add_worksheet();
    ws.set_name("收入决算表").unwrap();
    s(ws, 0, 0, "收入决算表");
    s(ws, 1, 8, "单位：万元");
    ws.merge_range(2, 0, 2, 3, "项目", &merged).unwrap();
    ws.merge_range(3, 0, 3, 2, "支出功能分类科目编码", &merged)
        .unwrap();
    ws.merge_range(3, 3, 4, 3, "科目名称", &merged).unwrap();
    s(ws, 4, 0, "类");
    s(ws, 4, 1, "款");
    s(ws, 4, 2, "项");
    for (c, h) in [
        "本年收入合\n计",
        "财政拨款收\n入",
        "上级补助\n收入",
        "事业收\n入",
        "经营收\n入",
        "附属单\n位上\n缴收入",
        "其他收\n入",
    ]
    .iter()
    .enumerate()
    {
        ws.merge_range(2, 4 + c as u16, 4, 4 + c as u16, h, &merged)
            .unwrap();
    }
    // no 合计 row; a blank row; numbers as text with separators and spaces; 款/项 as numbers
    s(ws, 5, 0, "201");
    s(ws, 5, 3, "一般公共服务支出");
    s(ws, 5, 4, " 2,112.86 ");
    s(ws, 5, 5, "2,106.66");
    s(ws, 5, 10, "6.20");
    ws.write_number(7, 0, 201.0).unwrap();
    ws.write_number(7, 1, 6.0).unwrap();
    ws.write_number(7, 2, 1.0).unwrap();
    s(ws, 7, 3, "行政运行");
    let two = Format::new().set_num_format("0.00");
    ws.write_number_with_format(7, 4, 1511.9, &two).unwrap();
    ws.write_number_with_format(7, 5, 1511.89, &two).unwrap();
    ws.write_number_with_format(7, 10, 0.01, &two).unwrap();
    s(ws, 9, 0, "注：本表反映部门本年度取得的各项收入情况。");

    // 支出决算表 in 元, status 部分, with a 合计 row.
    let ws = wb.add_worksheet();
    ws.set_name("表3 支出决算表").unwrap();
    s(ws, 1, 0, "表格状态：部分");
    s(ws, 1, 4, "单位：元");
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
        s(ws, 2, c as u16, h);
    }
    s(ws, 3, 1, "合计");
    ws.write_number(3, 2, 29_400_500.0).unwrap();
    s(ws, 4, 0, "2010601");
    s(ws, 4, 1, "行政运行");
    s(ws, 4, 2, "15118900");

    // 基本支出决算表 printed in two halves side by side.
    let ws = wb.add_worksheet();
    ws.set_name("一般公共预算财政拨款基本支出决算表").unwrap();
    for (c, h) in [
        "经济分类科目编码",
        "科目名称",
        "决算数",
        "经济分类科目编码",
        "科目名称",
        "决算数",
    ]
    .iter()
    .enumerate()
    {
        s(ws, 1, c as u16, h);
    }
    let left = [
        ("301", "工资福利支出", "2,082.85"),
        ("30101", "基本工资", "262.33"),
    ];
    let right = [
        ("302", "商品和服务支出", "171.07"),
        ("30201", "办公费", "21.21"),
    ];
    for (i, ((lc, ln, lv), (rc, rn, rv))) in left.iter().zip(right.iter()).enumerate() {
        let r = 2 + i as u32;
        s(ws, r, 0, lc);
        s(ws, r, 1, ln);
        s(ws, r, 2, lv);
        s(ws, r, 3, rc);
        s(ws, r, 4, rn);
        s(ws, r, 5, rv);
    }
    s(ws, 4, 1, "人员经费合计");
    s(ws, 4, 2, "2152.26");
    s(ws, 4, 4, "公用经费合计");
    s(ws, 4, 5, "184.65");

    // 收入支出决算总表 with a 行次 column and numbered lines.
    let ws = wb.add_worksheet();
    ws.set_name("收入支出决算总表").unwrap();
    for (c, h) in ["项目", "行次", "决算数", "项目", "行次", "决算数"]
        .iter()
        .enumerate()
    {
        s(ws, 1, c as u16, h);
    }
    s(ws, 2, 0, "一、一般公共预算财政拨款收入");
    s(ws, 2, 2, "2940.05");
    s(ws, 2, 3, "一、一般公共服务支出");
    s(ws, 2, 5, "2106.66");
    s(ws, 3, 0, "八、其他收入");
    s(ws, 3, 2, "6.20");
    s(ws, 3, 3, "十九、住房保障支出");
    s(ws, 3, 5, "445.69");
    s(ws, 4, 3, "229 其他支出");
    s(ws, 4, 5, "1");
    s(ws, 5, 0, "使用非财政拨款结余（含专用结余）");
    s(ws, 6, 0, "总计");
    s(ws, 6, 2, "2,995.39");
    s(ws, 6, 3, "总计");
    s(ws, 6, 5, "2,995.39");

    // A sheet juesuan does not know.
    let ws = wb.add_worksheet();
    ws.set_name("草稿").unwrap();
    s(ws, 0, 0, "随便写的");

    let bytes = wb.save_to_buffer().unwrap();
    let read = read_workbook(&bytes, Catalog::builtin()).unwrap();
    let p = read.package;
    assert_eq!(p.unit.name, "上海市某某局");
    assert_eq!(p.unit.year, 2024);
    assert_eq!(p.unit.profile, "shanghai");
    assert_eq!(p.unit.department.as_deref(), Some("上海市某区政府"));

    let inc = p.tables.income.as_ref().unwrap();
    assert_eq!(inc.rows.len(), 2);
    assert_eq!(inc.rows[0].total.unwrap().to_string(), "2112.86");
    assert_eq!(inc.rows[1].code.as_str(), "2010601");
    // the 0.00 format gives 1511.9 its second decimal
    assert_eq!(inc.rows[1].total.unwrap().to_string(), "1511.90");
    assert_eq!(inc.rows[1].other.unwrap().to_string(), "0.01");
    assert!(inc.total.total.is_none(), "no 合计 row was given");
    assert_eq!(
        inc.note.as_deref(),
        Some("本表反映部门本年度取得的各项收入情况。")
    );

    let exp = p.tables.expenditure.as_ref().unwrap();
    assert_eq!(exp.coverage, Coverage::Partial);
    assert_eq!(exp.total.total.unwrap().to_string(), "2940.0500");
    assert_eq!(exp.rows[0].total.unwrap().to_string(), "1511.8900");
    assert_eq!(exp.rows[0].total.unwrap().original(), "15118900元");

    let basic = p.tables.general_budget_basic.as_ref().unwrap();
    let codes: Vec<&str> = basic.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["301", "30101", "302", "30201"]);
    assert_eq!(basic.total.personnel.unwrap().to_string(), "2152.26");
    assert_eq!(basic.total.public.unwrap().to_string(), "184.65");

    let sum = p.tables.summary.as_ref().unwrap();
    assert_eq!(sum.income.general_budget.unwrap().to_string(), "2940.05");
    assert_eq!(sum.income.grand_total.unwrap().to_string(), "2995.39");
    let lines: Vec<(&str, String)> = sum
        .expenditure
        .iter()
        .map(|l| (l.code.as_str(), l.amount.unwrap().to_string()))
        .collect();
    assert_eq!(
        lines,
        [
            ("201", "2106.66".into()),
            ("221", "445.69".into()),
            ("229", "1".into())
        ]
    );
    assert_eq!(
        sum.expenditure_totals.grand_total.unwrap().to_string(),
        "2995.39"
    );

    // what was converted or ignored is reported
    let mut notes: Vec<String> = read.notices.iter().map(|n| n.to_string()).collect();
    notes.extend(p.notices(Catalog::builtin()).iter().map(|n| n.to_string()));
    assert!(
        notes
            .iter()
            .any(|n| n
                .contains("2 个金额不是以万元填写，已换算为万元（如 29400500元 → 2940.05万元）")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("草稿")), "{notes:?}");
}

#[test]
fn two_row_header_of_the_funds_table() {
    let mut wb = Workbook::new();
    unit_sheet(&mut wb);
    let ws = wb.add_worksheet();
    ws.set_name("政府性基金预算财政拨款收入支出决算表").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 1, 0, "科目编码", &f).unwrap();
    ws.merge_range(0, 1, 1, 1, "科目名称", &f).unwrap();
    ws.merge_range(0, 2, 1, 2, "年初结转和结余", &f).unwrap();
    ws.merge_range(0, 3, 1, 3, "本年收入", &f).unwrap();
    ws.merge_range(0, 4, 0, 6, "本年支出", &f).unwrap();
    s(ws, 1, 4, "小计");
    s(ws, 1, 5, "基本支出");
    s(ws, 1, 6, "项目支出");
    ws.merge_range(0, 7, 1, 7, "年末结转和结余", &f).unwrap();
    s(ws, 2, 1, "合计");
    s(ws, 2, 3, "50");
    s(ws, 2, 4, "40");
    s(ws, 2, 6, "40");
    s(ws, 2, 7, "10");
    s(ws, 3, 0, "2120801");
    s(ws, 3, 1, "征地和拆迁补偿支出");
    s(ws, 3, 3, "50");
    s(ws, 3, 4, "40");
    s(ws, 3, 6, "40");
    s(ws, 3, 7, "10");
    let read = read_workbook(&wb.save_to_buffer().unwrap(), Catalog::builtin()).unwrap();
    let t = read.package.tables.gov_fund.clone().unwrap();
    assert_eq!(t.total.expenditure.unwrap().to_string(), "40");
    assert_eq!(t.total.closing.unwrap().to_string(), "10");
    assert_eq!(t.rows[0].project.unwrap().to_string(), "40");
    assert_eq!(t.rows[0].basic, None);
    // a 项 the catalog lacks under a known 款 (21208) is kept as named, with no notice
    assert!(
        Catalog::builtin()
            .get(&"2120801".parse().unwrap())
            .is_none()
    );
    let notices = read.package.notices(Catalog::builtin());
    assert!(
        !notices.iter().any(|n| n.place.contains("2120801")),
        "{notices:?}"
    );
}

#[test]
fn catalog_from_a_bureau_workbook() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    s(ws, 0, 0, "2024年政府收支分类科目");
    s(ws, 2, 0, "科目编码");
    s(ws, 2, 1, "科目名称");
    ws.write_number(3, 0, 2060101.0).unwrap();
    s(ws, 3, 1, "行政运行");
    s(ws, 4, 0, "2120801");
    s(ws, 4, 1, "征地和拆迁补偿支出");
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("科目.xlsx");
    std::fs::write(&path, wb.save_to_buffer().unwrap()).unwrap();
    let c = juesuan_io::load_catalog(&path).unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(
        c.name(&"2120801".parse().unwrap()),
        Some("征地和拆迁补偿支出")
    );
    assert_eq!(c.name(&"2060101".parse().unwrap()), Some("行政运行"));

    // a bad code names its row
    let ws = wb.worksheet_from_index(0).unwrap();
    s(ws, 5, 0, "21208X1");
    s(ws, 5, 1, "坏编码");
    std::fs::write(&path, wb.save_to_buffer().unwrap()).unwrap();
    let err = juesuan_io::load_catalog(&path).unwrap_err();
    assert!(
        err.to_string()
            .contains("第6行第1列：科目编码“21208X1”含有非数字字符"),
        "{err}"
    );
}
