//! Workbooks as the 决算 software or a person exported the public tables — not juesuan's
//! template: sheets named `Sheet1`, no 单位信息 sheet, the title and `编制单位` rows over each
//! table, merged headers, columns in another order, a sheet in 元. Each sheet is recognised
//! by its title, each column by its header; the unit and year come from the headers; columns
//! a sheet leaves out are unknown, not zero. Three workbooks written here cell by cell.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use juesuan_io::xlsx::read_workbook;
use juesuan_model::fields::{CodedRecord, Record};
use juesuan_model::tables::{ExpenditureRow, IncomeRow};
use juesuan_model::{Amount, Catalog, Package};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

fn example(name: &str) -> Package {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    juesuan_io::load(&p, Catalog::builtin()).unwrap().package
}

fn s(ws: &mut Worksheet, r: u32, c: u16, v: &str) {
    ws.write_string(r, c, v).unwrap();
}

fn n(ws: &mut Worksheet, r: u32, c: u16, a: Option<Amount>, scale: Decimal) {
    if let Some(a) = a {
        let v: f64 = (a.value() * scale).to_string().parse().unwrap();
        ws.write_number(r, c, v).unwrap();
    }
}

fn read(wb: &mut Workbook) -> juesuan_io::xlsx::WorkbookRead {
    let bytes = wb.save_to_buffer().unwrap();
    read_workbook(&bytes, Catalog::builtin()).unwrap()
}

/// Laid out like the Putuo PDF's tables: `Sheet1`–`Sheet3`, the unit's name and the year in
/// the title, `编制单位` and `单位：万元` on the next row, the summary two-sided.
#[test]
fn sheets_laid_out_like_the_putuo_pdf() {
    let want = example("shanghai-putuo-czj-2024");
    let t = &want.tables;
    let mut wb = Workbook::new();

    let ws = wb.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    s(ws, 0, 0, "上海市普陀区财政局2024年度收入支出决算总表");
    s(ws, 1, 0, "编制单位：上海市普陀区财政局");
    s(ws, 1, 3, "单位：万元");
    s(ws, 2, 0, "收入");
    s(ws, 2, 2, "支出");
    for (c, l) in ["项目", "决算数", "项目", "决算数"].iter().enumerate() {
        s(ws, 3, c as u16, l);
    }
    let sum = t.summary.as_ref().unwrap();
    let one = Decimal::ONE;
    let income_lines = juesuan_model::tables::SummaryIncome::index_of("total").unwrap();
    let mut r = 4;
    let lines: Vec<usize> = (0..income_lines)
        .filter(|&i| juesuan_model::tables::SummaryIncome::FIELDS[i].key != "appropriation")
        .collect();
    for k in 0..lines.len().max(sum.expenditure.len()) {
        if let Some(&i) = lines.get(k) {
            s(
                ws,
                r,
                0,
                juesuan_model::tables::SummaryIncome::FIELDS[i].label,
            );
            if let Some(juesuan_model::fields::CellValue::Amount(a)) = sum.income.get(i) {
                n(ws, r, 1, Some(a), one);
            }
        }
        if let Some(l) = sum.expenditure.get(k) {
            s(ws, r, 2, &format!("{} {}", l.code, l.name));
            n(ws, r, 3, l.amount, one);
        }
        r += 1;
    }
    for (li, ri) in [
        ("total", "total"),
        ("non_appropriation_balance", "balance_distribution"),
        ("opening_carryover", "closing_carryover"),
        ("grand_total", "grand_total"),
    ] {
        let f = juesuan_model::tables::SummaryIncome::index_of(li).unwrap();
        let g = juesuan_model::tables::SummaryExpenditureTotals::index_of(ri).unwrap();
        s(
            ws,
            r,
            0,
            juesuan_model::tables::SummaryIncome::FIELDS[f].label,
        );
        if let Some(juesuan_model::fields::CellValue::Amount(a)) = sum.income.get(f) {
            n(ws, r, 1, Some(a), one);
        }
        s(
            ws,
            r,
            2,
            juesuan_model::tables::SummaryExpenditureTotals::FIELDS[g].label,
        );
        if let Some(juesuan_model::fields::CellValue::Amount(a)) = sum.expenditure_totals.get(g) {
            n(ws, r, 3, Some(a), one);
        }
        r += 1;
    }
    s(
        ws,
        r + 1,
        0,
        "注：本表反映部门本年度的总收支和年末结转结余情况。",
    );

    let ws = wb.add_worksheet();
    ws.set_name("Sheet2").unwrap();
    s(ws, 0, 0, "2024年度收入决算表");
    s(ws, 1, 0, "编制单位：上海市普陀区财政局");
    s(ws, 1, 8, "单位：万元");
    s(ws, 2, 0, "科目编码");
    s(ws, 2, 1, "科目名称");
    for (i, f) in IncomeRow::FIELDS.iter().enumerate() {
        s(ws, 2, 2 + i as u16, f.label);
    }
    let inc = t.income.as_ref().unwrap();
    s(ws, 3, 0, "合计");
    for i in 0..IncomeRow::FIELDS.len() {
        if let Some(juesuan_model::fields::CellValue::Amount(a)) = inc.total.get(i) {
            n(ws, 3, 2 + i as u16, Some(a), one);
        }
    }
    for (k, row) in inc.rows.iter().enumerate() {
        let r = 4 + k as u32;
        s(ws, r, 0, &row.code().to_string());
        s(ws, r, 1, row.name());
        for i in 0..IncomeRow::FIELDS.len() {
            if let Some(juesuan_model::fields::CellValue::Amount(a)) = row.get(i) {
                n(ws, r, 2 + i as u16, Some(a), one);
            }
        }
    }

    let got = read(&mut wb);
    assert_eq!(got.package.unit.name, "上海市普陀区财政局");
    assert_eq!(got.package.unit.year, 2024);
    // two of the nine tables: no format has exactly these
    assert_eq!(got.package.unit.profile, "");
    let gs = got.package.tables.summary.as_ref().unwrap();
    assert_eq!(gs.income, sum.income);
    assert_eq!(gs.expenditure_totals, sum.expenditure_totals);
    assert_eq!(gs.expenditure, sum.expenditure);
    let gi = got.package.tables.income.as_ref().unwrap();
    assert_eq!(gi.rows, inc.rows);
    assert_eq!(gi.total, inc.total);
    assert!(
        got.notices
            .iter()
            .any(|n| n.message.contains("按表头标题识别为“收入决算表”")),
        "{:?}",
        got.notices
    );
}

/// Laid out like the seed's (Beijing) printed tables: `项目` merged over a code split into
/// 类 / 款 / 项 and the name, `本年支出` merged over 合计 / 基本支出 / 项目支出, the 合计 row
/// first.
#[test]
fn a_sheet_laid_out_like_the_beijing_tables() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("表5").unwrap();
    let f = Format::new();
    s(ws, 0, 0, "2024年度一般公共预算财政拨款支出决算表");
    s(ws, 1, 0, "编制单位：北京市西城区科学技术和信息化局");
    s(ws, 1, 6, "金额单位：万元");
    ws.merge_range(2, 0, 2, 3, "项目", &f).unwrap();
    ws.merge_range(2, 4, 2, 6, "本年支出", &f).unwrap();
    ws.merge_range(3, 0, 3, 2, "科目编码", &f).unwrap();
    s(ws, 3, 3, "科目名称");
    s(ws, 3, 4, "合计");
    s(ws, 3, 5, "基本支出");
    s(ws, 3, 6, "项目支出");
    for (c, l) in ["类", "款", "项"].iter().enumerate() {
        s(ws, 4, c as u16, l);
    }
    s(ws, 4, 3, "合计");
    let d = |v: &str| -> f64 { v.parse().unwrap() };
    ws.write_number(4, 4, d("420.50")).unwrap();
    ws.write_number(4, 5, d("300.00")).unwrap();
    ws.write_number(4, 6, d("120.50")).unwrap();
    let rows: [(&str, &str, &str, &str, &str, &str, &str); 3] = [
        ("206", "", "", "科学技术支出", "420.50", "300.00", "120.50"),
        (
            "206",
            "01",
            "",
            "科学技术管理事务",
            "420.50",
            "300.00",
            "120.50",
        ),
        ("206", "01", "01", "行政运行", "420.50", "300.00", "120.50"),
    ];
    for (k, (a, b, c, name, tot, basic, project)) in rows.iter().enumerate() {
        let r = 5 + k as u32;
        s(ws, r, 0, a);
        s(ws, r, 1, b);
        s(ws, r, 2, c);
        s(ws, r, 3, name);
        ws.write_number(r, 4, d(tot)).unwrap();
        ws.write_number(r, 5, d(basic)).unwrap();
        ws.write_number(r, 6, d(project)).unwrap();
    }
    let got = read(&mut wb);
    assert_eq!(got.package.unit.name, "北京市西城区科学技术和信息化局");
    let gb = got.package.tables.general_budget.as_ref().unwrap();
    let codes: Vec<String> = gb.rows.iter().map(|r| r.code.to_string()).collect();
    assert_eq!(codes, ["206", "20601", "2060101"]);
    let item = &gb.rows[2];
    assert_eq!(
        [item.total, item.basic, item.project].map(|a| a.unwrap().value().normalize().to_string()),
        ["420.5", "300", "120.5"]
    );
    assert_eq!(
        gb.total.total.unwrap().value().normalize().to_string(),
        "420.5"
    );
}

/// Columns in another order, three of them left out, figures in 元: read into 万元 by the
/// header's names; the columns left out are unknown.
#[test]
fn reordered_columns_in_yuan() {
    let want = example("shanghai-putuo-czj-2024");
    let exp = want.tables.expenditure.as_ref().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("支出").unwrap();
    s(ws, 0, 0, "上海市普陀区财政局2024年度支出决算表");
    s(ws, 1, 4, "单位：元");
    let order = ["project", "total", "basic"];
    s(ws, 2, 0, "科目名称");
    s(ws, 2, 1, "科目编码");
    for (i, k) in order.iter().enumerate() {
        let f = ExpenditureRow::index_of(k).unwrap();
        s(ws, 2, 2 + i as u16, ExpenditureRow::FIELDS[f].label);
    }
    let yuan = Decimal::from(10_000);
    for (k, row) in exp.rows.iter().enumerate() {
        let r = 3 + k as u32;
        s(ws, r, 0, row.name());
        s(ws, r, 1, &row.code().to_string());
        for (i, key) in order.iter().enumerate() {
            let f = ExpenditureRow::index_of(key).unwrap();
            if let Some(juesuan_model::fields::CellValue::Amount(a)) = row.get(f) {
                n(ws, r, 2 + i as u16, Some(a), yuan);
            }
        }
    }
    let got = read(&mut wb);
    assert_eq!(got.package.unit.year, 2024);
    let ge = got.package.tables.expenditure.as_ref().unwrap();
    assert_eq!(ge.rows.len(), exp.rows.len());
    for (g, w) in ge.rows.iter().zip(&exp.rows) {
        assert_eq!((g.code, &g.name), (w.code, &w.name));
        for key in order {
            let f = ExpenditureRow::index_of(key).unwrap();
            let value = |r: &ExpenditureRow| match r.get(f) {
                Some(juesuan_model::fields::CellValue::Amount(a)) => Some(a.value()),
                _ => None,
            };
            assert_eq!(value(g), value(w), "{} {key}", g.code);
        }
    }
    assert_eq!(
        ge.absent,
        ["remit_superior", "operating", "affiliate_subsidy"]
    );
}
