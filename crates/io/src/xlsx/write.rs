//! Writes a package as the workbook finance staff fill: one sheet per table, laid out like
//! the official tables, plus sheets for the explanation's inputs and performance.

use std::collections::BTreeMap;

use juesuan_model::code::Classification;
use juesuan_model::fields::{CellValue, CodedRecord, Record};
use juesuan_model::performance::{FundsLine, Indicator, PerformanceManagement};
use juesuan_model::tables::{
    AppropriationRow, AppropriationValues, BasicTable, ClassLine, CodedTable, Coverage,
    ExpenditureRow, FundRow, GeneralBudgetRow, IncomeRow, PurchasedService,
    SummaryExpenditureTotals, SummaryIncome, TableKind, ThreePublicDetails, ThreePublicFigures,
};
use juesuan_model::{Amount, Catalog, Code, Package, Profile, Subject, ThreePublicItem};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

use super::layout::*;

/// Options of the writer.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Pre-fill the catalog rows a unit commonly needs (for `init`).
    pub prefill: bool,
}

struct Formats {
    title: Format,
    sub: Format,
    header: Format,
    label: Format,
    text: Format,
    amount: Format,
    /// Amount formats by decimals 0..=6, so that a figure keeps its precision.
    amount_scaled: Vec<Format>,
    /// Plain-number formats by decimals 0..=6 (scores, percentages).
    number_scaled: Vec<Format>,
    figure: Format,
    count: Format,
    note: Format,
    section: Format,
    status: Format,
}

impl Formats {
    fn new(thousands: bool) -> Formats {
        let base = Format::new().set_font_name("宋体").set_font_size(10);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: base
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            sub: base.clone(),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xDDEBF7)),
            label: cell.clone().set_text_wrap(),
            text: cell.clone().set_text_wrap(),
            amount: cell
                .clone()
                .set_num_format(if thousands { "#,##0.00" } else { "0.00" }),
            amount_scaled: (0..=6)
                .map(|d| {
                    let int = if thousands { "#,##0" } else { "0" };
                    let code = if d == 0 {
                        int.to_string()
                    } else {
                        format!("{int}.{}", "0".repeat(d))
                    };
                    cell.clone().set_num_format(code)
                })
                .collect(),
            number_scaled: (0..=6)
                .map(|d| {
                    let code = if d == 0 {
                        "0".to_string()
                    } else {
                        format!("0.{}", "0".repeat(d))
                    };
                    cell.clone().set_num_format(code)
                })
                .collect(),
            figure: cell.clone().set_align(FormatAlign::Right),
            count: cell.clone().set_num_format("0"),
            note: base
                .clone()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            section: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xFFF2CC)),
            status: cell.set_background_color(Color::RGB(0xFFF2CC)),
        }
    }
}

struct Ctx<'a> {
    pkg: &'a Package,
    catalog: &'a Catalog,
    profile: &'a Profile,
    f: Formats,
    opts: WriteOptions,
}

type R<T> = Result<T, XlsxError>;

/// Writes the workbook and returns its bytes.
pub fn write_workbook(
    pkg: &Package,
    catalog: &Catalog,
    opts: WriteOptions,
) -> Result<Vec<u8>, String> {
    let profile = pkg.profile().ok_or_else(|| {
        format!(
            "地区格式“{}”未知，无法按其格式生成工作簿（可用：{}）",
            pkg.unit.profile,
            Profile::builtin_ids().join("、")
        )
    })?;
    let ctx = Ctx {
        pkg,
        catalog,
        profile,
        f: Formats::new(profile.thousands_separator),
        opts,
    };
    build(&ctx).map_err(|e| format!("生成工作簿出错：{e}"))
}

fn build(ctx: &Ctx) -> R<Vec<u8>> {
    let mut wb = Workbook::new();
    // A fixed creation date keeps the output byte-for-byte reproducible.
    let created = ExcelDateTime::from_ymd(ctx.pkg.unit.year.clamp(1990, 2100) + 1, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} {}年度部门决算数据",
                ctx.pkg.unit.name, ctx.pkg.unit.year
            ))
            .set_author("juesuan")
            .set_creation_datetime(&created),
    );
    guide(wb.add_worksheet(), ctx)?;
    unit(wb.add_worksheet(), ctx)?;
    let tables = &ctx.pkg.tables;
    for &kind in &ctx.profile.tables {
        let ws = wb.add_worksheet();
        ws.set_name(table_sheet_name(ctx.profile, kind))?;
        table_sheet(ws, ctx, kind)?;
    }
    // Tables the profile does not number but the package has (and 政府采购, which every
    // profile's explanation needs): nothing given is dropped.
    for kind in TableKind::ALL {
        let needed = kind == TableKind::Procurement || tables.has(kind);
        if needed && !ctx.profile.tables.contains(&kind) {
            let ws = wb.add_worksheet();
            ws.set_name(table_sheet_name(ctx.profile, kind))?;
            table_sheet(ws, ctx, kind)?;
        }
    }
    data_sheet(wb.add_worksheet(), ctx)?;
    remarks_sheet(wb.add_worksheet(), ctx)?;
    texts_sheet(wb.add_worksheet(), ctx)?;
    perf_department(wb.add_worksheet(), ctx)?;
    perf_management(wb.add_worksheet(), ctx)?;
    perf_projects(wb.add_worksheet(), ctx)?;
    perf_indicators(wb.add_worksheet(), ctx)?;
    // Printing: A4 landscape; the tables fit one page wide. The two-sided summary tables
    // print on one portrait page, as published. The project sheet (one row per project,
    // 37 columns) is for entry, not print, and keeps its natural size.
    let one_page = [TableKind::Summary, TableKind::AppropriationSummary]
        .map(|k| table_sheet_name(ctx.profile, k));
    for ws in wb.worksheets_mut() {
        ws.set_paper_size(9);
        if one_page.iter().any(|n| *n == ws.name()) {
            ws.set_portrait();
            ws.set_print_fit_to_pages(1, 1);
            continue;
        }
        ws.set_landscape();
        if ws.name() != SHEET_PERF_PROJECTS {
            ws.set_print_fit_to_pages(1, 0);
        }
    }
    wb.save_to_buffer()
}

fn table_sheet(ws: &mut Worksheet, ctx: &Ctx, kind: TableKind) -> R<()> {
    let t = &ctx.pkg.tables;
    match kind {
        TableKind::Summary => summary(ws, ctx),
        TableKind::AppropriationSummary => appropriation_summary(ws, ctx),
        TableKind::Income => coded::<IncomeRow, _>(ws, ctx, kind, t.income.as_ref()),
        TableKind::Expenditure => coded::<ExpenditureRow, _>(ws, ctx, kind, t.expenditure.as_ref()),
        TableKind::GeneralBudget => {
            coded::<GeneralBudgetRow, _>(ws, ctx, kind, t.general_budget.as_ref())
        }
        TableKind::GeneralBudgetBasic => basic(ws, ctx, kind, t.general_budget_basic.as_ref()),
        TableKind::GovFundBasic => basic(ws, ctx, kind, t.gov_fund_basic.as_ref()),
        TableKind::GovFund => coded::<FundRow, _>(ws, ctx, kind, t.gov_fund.as_ref()),
        TableKind::StateCapital => coded::<FundRow, _>(ws, ctx, kind, t.state_capital.as_ref()),
        TableKind::ThreePublic => three_public(ws, ctx),
        TableKind::Procurement => procurement(ws, ctx),
        TableKind::PurchasedServices => purchased_services(ws, ctx),
    }
}

// ---------------------------------------------------------------- cell helpers

fn significant_digits(a: &Amount) -> usize {
    a.value()
        .abs()
        .to_string()
        .trim_start_matches(['0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count()
}

fn status_label(coverage: Option<Coverage>) -> &'static str {
    coverage.map(Coverage::label).unwrap_or(ABSENT_LABEL)
}

fn put_amount(ws: &mut Worksheet, r: u32, c: u16, a: Option<Amount>, f: &Formats) -> R<()> {
    match a {
        Some(a) if a.scale() <= 6 && significant_digits(&a) <= 15 => {
            let fmt = &f.amount_scaled[a.scale() as usize];
            ws.write_number_with_format(r, c, a.value().to_f64().unwrap_or(0.0), fmt)?;
        }
        // a spreadsheet number holds about 15 digits: finer figures are written as text
        Some(a) => {
            ws.write_string_with_format(r, c, a.to_string(), &f.figure)?;
        }
        None => {
            ws.write_blank(r, c, &f.amount)?;
        }
    }
    Ok(())
}

fn put_value(ws: &mut Worksheet, r: u32, c: u16, v: Option<CellValue>, f: &Formats) -> R<()> {
    match v {
        Some(CellValue::Amount(a)) => put_amount(ws, r, c, Some(a), f),
        Some(CellValue::Count(n)) => {
            ws.write_number_with_format(r, c, n as f64, &f.count)?;
            Ok(())
        }
        Some(CellValue::Number(d)) => {
            let fmt = &f.number_scaled[(d.scale() as usize).min(6)];
            ws.write_number_with_format(r, c, d.to_f64().unwrap_or(0.0), fmt)?;
            Ok(())
        }
        Some(CellValue::Text(s)) => {
            ws.write_string_with_format(r, c, &s, &f.text)?;
            Ok(())
        }
        None => {
            ws.write_blank(r, c, &f.text)?;
            Ok(())
        }
    }
}

/// Figures of performance tables are written as text so they stay exactly as printed.
fn put_text(ws: &mut Worksheet, r: u32, c: u16, s: Option<&str>, fmt: &Format) -> R<()> {
    match s {
        Some(s) if !s.is_empty() => ws.write_string_with_format(r, c, s, fmt)?,
        _ => ws.write_blank(r, c, fmt)?,
    };
    Ok(())
}

/// Title, unit line and the coverage cell; returns the first free row.
fn heading(
    ws: &mut Worksheet,
    ctx: &Ctx,
    title: &str,
    ncols: u16,
    coverage: Option<Coverage>,
) -> R<u32> {
    let last = ncols.saturating_sub(1).max(1);
    ws.merge_range(0, 0, 0, last, title, &ctx.f.title)?;
    ws.set_row_height(0, 28)?;
    ws.write_string_with_format(1, 0, format!("编制单位：{}", ctx.pkg.unit.name), &ctx.f.sub)?;
    ws.write_string_with_format(1, last, "单位：万元", &ctx.f.sub)?;
    ws.write_string_with_format(2, 0, STATUS_LABEL, &ctx.f.header)?;
    ws.write_string_with_format(2, 1, status_label(coverage), &ctx.f.status)?;
    let dv = DataValidation::new()
        .allow_list_strings(&["完整", "部分", ABSENT_LABEL])?
        .set_input_title("表格状态")?
        .set_input_message(
            "完整：空白格表示0；部分：只填了已知的数，空白格表示未知；未提供：没有这张表",
        )?;
    ws.add_data_validation(2, 1, 2, 1, &dv)?;
    if ncols > 2 {
        ws.write_string_with_format(
            2,
            2,
            "完整＝空白格为0；部分＝只填已知数，空白为未知；未提供＝没有这张表",
            &ctx.f.note,
        )?;
    }
    Ok(3)
}

// ---------------------------------------------------------------- coded tables

/// Rows to write: the package's rows, plus catalog rows a unit commonly needs when
/// pre-filling.
fn coded_rows<Rw: CodedRecord + Clone>(
    ctx: &Ctx,
    kind: TableKind,
    table: Option<&CodedTable<Rw, impl Record>>,
) -> Vec<Rw> {
    let mut rows: Vec<Rw> = table.map(|t| t.rows.clone()).unwrap_or_default();
    if ctx.opts.prefill && kind.classification() == Some(Classification::Function) {
        let have: Vec<Code> = rows.iter().map(|r| r.code()).collect();
        for e in ctx.catalog.common_function_rows() {
            if !have.contains(&e.code) {
                rows.push(Rw::new(e.code, e.name.clone()));
            }
        }
        rows.sort_by_key(|r| r.code());
    }
    rows
}

fn coded<Rw: CodedRecord + Clone, T: Record>(
    ws: &mut Worksheet,
    ctx: &Ctx,
    kind: TableKind,
    table: Option<&CodedTable<Rw, T>>,
) -> R<()> {
    let header = coded_header::<Rw>(kind);
    let ncols = 2 + header.len() as u16;
    let coverage = table.map(|t| t.coverage);
    let mut r = heading(ws, ctx, ctx.profile.title(kind), ncols, coverage)?;
    let grouped = header.iter().any(|h| h.group.is_some());
    let header_rows = if grouped { 2 } else { 1 };
    // code and name span both header rows
    for (c, label) in [(0u16, CODE_LABEL), (1, NAME_LABEL)] {
        if grouped {
            ws.merge_range(r, c, r + 1, c, label, &ctx.f.header)?;
        } else {
            ws.write_string_with_format(r, c, label, &ctx.f.header)?;
        }
    }
    let mut c = 2u16;
    let mut i = 0;
    while i < header.len() {
        let h = header[i];
        match h.group {
            Some(g) => {
                let n = header[i..]
                    .iter()
                    .take_while(|x| x.group == Some(g))
                    .count();
                let end = c + n as u16 - 1;
                if n > 1 {
                    ws.merge_range(r, c, r, end, g, &ctx.f.header)?;
                } else {
                    ws.write_string_with_format(r, c, g, &ctx.f.header)?;
                }
                for (k, hh) in header[i..i + n].iter().enumerate() {
                    ws.write_string_with_format(r + 1, c + k as u16, hh.leaf, &ctx.f.header)?;
                }
                c = end + 1;
                i += n;
            }
            None => {
                if grouped {
                    ws.merge_range(r, c, r + 1, c, h.leaf, &ctx.f.header)?;
                } else {
                    ws.write_string_with_format(r, c, h.leaf, &ctx.f.header)?;
                }
                c += 1;
                i += 1;
            }
        }
    }
    r += header_rows;
    ws.set_freeze_panes(r, 2)?;
    // totals row first, as in 收入决算表/支出决算表
    ws.write_blank(r, 0, &ctx.f.label)?;
    ws.write_string_with_format(r, 1, "合计", &ctx.f.label)?;
    for h in &header {
        let v = table.and_then(|t| total_value(&t.total, Rw::FIELDS[h.field].key));
        put_value(ws, r, 2 + h.field as u16, v, &ctx.f)?;
    }
    r += 1;
    for row in coded_rows(ctx, kind, table) {
        ws.write_string_with_format(r, 0, row.code().as_str(), &ctx.f.label)?;
        ws.write_string_with_format(r, 1, row.name(), &ctx.f.label)?;
        for h in &header {
            put_value(ws, r, 2 + h.field as u16, row.get(h.field), &ctx.f)?;
        }
        r += 1;
    }
    note_line(ws, ctx, r + 1, table.and_then(|t| t.note.as_deref()))?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 34)?;
    for k in 0..header.len() as u16 {
        ws.set_column_width(2 + k, 14)?;
    }
    Ok(())
}

fn total_value<T: Record>(t: &T, key: &str) -> Option<CellValue> {
    T::index_of(key).and_then(|i| t.get(i))
}

fn note_line(ws: &mut Worksheet, ctx: &Ctx, r: u32, note: Option<&str>) -> R<()> {
    if let Some(n) = note {
        ws.write_string_with_format(r, 0, format!("说明：{n}"), &ctx.f.note)?;
    }
    Ok(())
}

/// 基本支出决算表: economic rows in the template's order (301, 303 人员经费; 302, 310 公用经费)
/// and the 人员经费/公用经费 totals underneath.
fn basic(ws: &mut Worksheet, ctx: &Ctx, kind: TableKind, table: Option<&BasicTable>) -> R<()> {
    let coverage = table.map(|t| t.coverage);
    let mut r = heading(ws, ctx, ctx.profile.title(kind), 3, coverage)?;
    for (c, label) in [CODE_LABEL, NAME_LABEL, "决算数"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *label, &ctx.f.header)?;
    }
    r += 1;
    ws.set_freeze_panes(r, 2)?;
    // catalog order of classes, then code order inside a class
    let class_pos: BTreeMap<Code, usize> = ctx
        .catalog
        .of(Classification::Economic)
        .filter(|e| e.code.level() == juesuan_model::Level::Class)
        .enumerate()
        .map(|(i, e)| (e.code, i))
        .collect();
    let mut rows: BTreeMap<(usize, Code), (String, Option<Amount>)> = BTreeMap::new();
    for e in ctx.catalog.of(Classification::Economic) {
        let pos = class_pos
            .get(&e.code.class())
            .copied()
            .unwrap_or(usize::MAX);
        rows.insert((pos, e.code), (e.name.clone(), None));
    }
    if let Some(t) = table {
        for row in &t.rows {
            let pos = class_pos
                .get(&row.code.class())
                .copied()
                .unwrap_or(usize::MAX);
            rows.insert((pos, row.code), (row.name.clone(), row.amount));
        }
    }
    for ((_, code), (name, amount)) in rows {
        ws.write_string_with_format(r, 0, code.as_str(), &ctx.f.label)?;
        ws.write_string_with_format(r, 1, &name, &ctx.f.label)?;
        put_amount(ws, r, 2, amount, &ctx.f)?;
        r += 1;
    }
    let totals = table.map(|t| t.total.clone()).unwrap_or_default();
    for (label, v) in [
        ("人员经费合计", totals.personnel),
        ("公用经费合计", totals.public),
        ("合计", totals.total),
    ] {
        ws.write_blank(r, 0, &ctx.f.label)?;
        ws.write_string_with_format(r, 1, label, &ctx.f.header)?;
        put_amount(ws, r, 2, v, &ctx.f)?;
        r += 1;
    }
    note_line(ws, ctx, r + 1, table.and_then(|t| t.note.as_deref()))?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 34)?;
    ws.set_column_width(2, 14)?;
    Ok(())
}

// ---------------------------------------------------------------- 收入支出决算总表

/// Function classes to list as expenditure lines: the catalog's, plus any in the package.
fn class_lines<'a>(
    ctx: &'a Ctx,
    given: impl Iterator<Item = (Code, &'a str)>,
) -> Vec<(Code, String)> {
    let mut m: BTreeMap<Code, String> = ctx
        .catalog
        .summary_classes()
        .into_iter()
        .map(|e| (e.code, e.name.clone()))
        .collect();
    for (code, name) in given {
        m.entry(code).or_insert_with(|| name.to_string());
    }
    m.into_iter().collect()
}

fn numbered(i: usize, name: &str) -> String {
    format!("{}、{name}", chinese_number(i + 1))
}

/// A class line's label: `十九、住房保障支出`, or `二十四、230 转移性支出` when the name alone
/// would not lead the reader back to the code.
fn class_label(ctx: &Ctx, i: usize, code: Code, name: &str) -> String {
    if ctx.catalog.class_by_name(name).map(|e| e.code) == Some(code) {
        numbered(i, name)
    } else {
        numbered(i, &format!("{code} {name}"))
    }
}

fn summary(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    let coverage = ctx.pkg.tables.coverage(TableKind::Summary);
    let t = ctx.pkg.tables.summary.clone().unwrap_or_default();
    let mut r = heading(ws, ctx, ctx.profile.title(TableKind::Summary), 4, coverage)?;
    ws.merge_range(r, 0, r, 1, "收入", &ctx.f.header)?;
    ws.merge_range(r, 2, r, 3, "支出", &ctx.f.header)?;
    r += 1;
    for (c, label) in ["项目", "决算数", "项目", "决算数"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *label, &ctx.f.header)?;
    }
    r += 1;
    ws.set_freeze_panes(r, 0)?;
    let given: BTreeMap<Code, &ClassLine> = t.expenditure.iter().map(|l| (l.code, l)).collect();
    let classes = class_lines(ctx, t.expenditure.iter().map(|l| (l.code, l.name.as_str())));
    let income_lines = 8; // the eight income lines before the totals
    let n = classes.len().max(income_lines);
    for i in 0..n {
        if i < income_lines {
            ws.write_string_with_format(
                r,
                0,
                numbered(i, SummaryIncome::FIELDS[i].label),
                &ctx.f.label,
            )?;
            put_value(ws, r, 1, t.income.get(i), &ctx.f)?;
        } else {
            ws.write_blank(r, 0, &ctx.f.label)?;
            ws.write_blank(r, 1, &ctx.f.amount)?;
        }
        match classes.get(i) {
            Some((code, name)) => {
                let shown = given.get(code).map(|l| l.name.as_str()).unwrap_or(name);
                ws.write_string_with_format(r, 2, class_label(ctx, i, *code, shown), &ctx.f.label)?;
                put_amount(ws, r, 3, given.get(code).and_then(|l| l.amount), &ctx.f)?;
            }
            None => {
                ws.write_blank(r, 2, &ctx.f.label)?;
                ws.write_blank(r, 3, &ctx.f.amount)?;
            }
        }
        r += 1;
    }
    let left = &SummaryIncome::FIELDS[income_lines..];
    for (k, lf) in left.iter().enumerate() {
        let rf = &SummaryExpenditureTotals::FIELDS[k];
        let (ll, rl) = if lf.key == "grand_total" {
            ("总计", "总计")
        } else {
            (lf.label, rf.label)
        };
        ws.write_string_with_format(r, 0, ll, &ctx.f.header)?;
        put_value(ws, r, 1, t.income.get(income_lines + k), &ctx.f)?;
        ws.write_string_with_format(r, 2, rl, &ctx.f.header)?;
        put_value(ws, r, 3, t.expenditure_totals.get(k), &ctx.f)?;
        r += 1;
    }
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 14)?;
    ws.set_column_width(2, 34)?;
    ws.set_column_width(3, 14)?;
    Ok(())
}

// ---------------------------------------------------------------- 财政拨款收入支出决算总表

fn appropriation_summary(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    let coverage = ctx.pkg.tables.coverage(TableKind::AppropriationSummary);
    let t = ctx
        .pkg
        .tables
        .appropriation_summary
        .clone()
        .unwrap_or_default();
    let mut r = heading(
        ws,
        ctx,
        ctx.profile.title(TableKind::AppropriationSummary),
        7,
        coverage,
    )?;
    ws.merge_range(r, 0, r, 1, "收入", &ctx.f.header)?;
    ws.merge_range(r, 2, r, 6, "支出", &ctx.f.header)?;
    r += 1;
    let heads = ["项目", "决算数", "项目"];
    for (c, label) in heads.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *label, &ctx.f.header)?;
    }
    for (k, f) in AppropriationValues::FIELDS.iter().enumerate() {
        ws.write_string_with_format(r, 3 + k as u16, f.label, &ctx.f.header)?;
    }
    r += 1;
    ws.set_freeze_panes(r, 0)?;
    let given: BTreeMap<Code, &AppropriationRow> =
        t.expenditure.iter().map(|l| (l.code, l)).collect();
    let classes = class_lines(ctx, t.expenditure.iter().map(|l| (l.code, l.name.as_str())));
    let kinds = [
        (
            "一般公共预算财政拨款",
            t.income.general_budget,
            t.income.opening_general_budget,
        ),
        (
            "政府性基金预算财政拨款",
            t.income.gov_fund,
            t.income.opening_gov_fund,
        ),
        (
            "国有资本经营预算财政拨款",
            t.income.state_capital,
            t.income.opening_state_capital,
        ),
    ];
    for i in 0..classes.len().max(3) {
        match kinds.get(i) {
            Some((label, v, _)) => {
                ws.write_string_with_format(r, 0, numbered(i, label), &ctx.f.label)?;
                put_amount(ws, r, 1, *v, &ctx.f)?;
            }
            None => {
                ws.write_blank(r, 0, &ctx.f.label)?;
                ws.write_blank(r, 1, &ctx.f.amount)?;
            }
        }
        match classes.get(i) {
            Some((code, name)) => {
                let row = given.get(code);
                let shown = row.map(|l| l.name.as_str()).unwrap_or(name);
                ws.write_string_with_format(r, 2, class_label(ctx, i, *code, shown), &ctx.f.label)?;
                for k in 0..AppropriationValues::FIELDS.len() {
                    put_value(ws, r, 3 + k as u16, row.and_then(|l| l.get(k)), &ctx.f)?;
                }
            }
            None => {
                ws.write_blank(r, 2, &ctx.f.label)?;
                for k in 0..AppropriationValues::FIELDS.len() {
                    ws.write_blank(r, 3 + k as u16, &ctx.f.amount)?;
                }
            }
        }
        r += 1;
    }
    let right =
        |ws: &mut Worksheet, r: u32, label: &str, v: Option<&AppropriationValues>| -> R<()> {
            if label.is_empty() {
                ws.write_blank(r, 2, &ctx.f.label)?;
            } else {
                ws.write_string_with_format(r, 2, label, &ctx.f.header)?;
            }
            for k in 0..AppropriationValues::FIELDS.len() {
                put_value(ws, r, 3 + k as u16, v.and_then(|v| v.get(k)), &ctx.f)?;
            }
            Ok(())
        };
    ws.write_string_with_format(r, 0, "本年收入合计", &ctx.f.header)?;
    put_amount(ws, r, 1, t.income.total, &ctx.f)?;
    right(ws, r, "本年支出合计", Some(&t.expenditure_total))?;
    r += 1;
    ws.write_string_with_format(r, 0, "年初财政拨款结转和结余", &ctx.f.header)?;
    put_amount(ws, r, 1, t.income.opening_carryover, &ctx.f)?;
    right(ws, r, "年末财政拨款结转和结余", Some(&t.closing_carryover))?;
    r += 1;
    for (i, (label, _, v)) in kinds.iter().enumerate() {
        ws.write_string_with_format(r, 0, numbered(i, label), &ctx.f.label)?;
        put_amount(ws, r, 1, *v, &ctx.f)?;
        right(ws, r, "", None)?;
        r += 1;
    }
    ws.write_string_with_format(r, 0, "总计", &ctx.f.header)?;
    put_amount(ws, r, 1, t.income.grand_total, &ctx.f)?;
    right(ws, r, "总计", Some(&t.grand_total))?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 14)?;
    ws.set_column_width(2, 32)?;
    for k in 3..7 {
        ws.set_column_width(k, 15)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- 三公

fn three_public(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    let coverage = ctx.pkg.tables.coverage(TableKind::ThreePublic);
    let t = ctx.pkg.tables.three_public.clone().unwrap_or_default();
    let mut r = heading(
        ws,
        ctx,
        ctx.profile.title(TableKind::ThreePublic),
        12,
        coverage,
    )?;
    let h = &ctx.f.header;
    ws.merge_range(r, 0, r, 11, "财政拨款“三公”经费", h)?;
    r += 1;
    ws.merge_range(r, 0, r + 1, 1, "合计", h)?;
    ws.merge_range(r, 2, r + 1, 3, "因公出国（境）费", h)?;
    ws.merge_range(r, 4, r, 9, "公务用车购置及运行维护费", h)?;
    ws.merge_range(r, 10, r + 1, 11, "公务接待费", h)?;
    ws.merge_range(r + 1, 4, r + 1, 5, "小计", h)?;
    ws.merge_range(r + 1, 6, r + 1, 7, "公务用车购置费", h)?;
    ws.merge_range(r + 1, 8, r + 1, 9, "公务用车运行维护费", h)?;
    r += 2;
    // column order: total, overseas, vehicle, purchase, operation, reception
    let order = [
        "total",
        "overseas",
        "vehicle",
        "vehicle_purchase",
        "vehicle_operation",
        "reception",
    ];
    for (k, key) in order.iter().enumerate() {
        let i = ThreePublicFigures::index_of(key).unwrap_or(0);
        ws.write_string_with_format(r, 2 * k as u16, "预算数", h)?;
        ws.write_string_with_format(r, 2 * k as u16 + 1, "决算数", h)?;
        put_value(ws, r + 1, 2 * k as u16, t.budget.get(i), &ctx.f)?;
        put_value(ws, r + 1, 2 * k as u16 + 1, t.actual.get(i), &ctx.f)?;
    }
    for c in 0..12 {
        ws.set_column_width(c, 11)?;
    }
    ws.write_string_with_format(
        r + 3,
        0,
        "注：团组、人次、车辆保有量等说明所需的数字填在“说明数据”表。",
        &ctx.f.note,
    )?;
    Ok(())
}

// ---------------------------------------------------------------- key/value sheets

/// Writes `label | value` rows of a record; returns the next row.
fn kv_rows<T: Record>(ws: &mut Worksheet, ctx: &Ctx, mut r: u32, rec: &T) -> R<u32> {
    for (i, f) in T::FIELDS.iter().enumerate() {
        ws.write_string_with_format(r, 0, f.label, &ctx.f.label)?;
        put_value(ws, r, 1, rec.get(i), &ctx.f)?;
        r += 1;
    }
    Ok(r)
}

fn kv_header(ws: &mut Worksheet, ctx: &Ctx, title: &str) -> R<u32> {
    ws.merge_range(0, 0, 0, 1, title, &ctx.f.title)?;
    ws.set_row_height(0, 28)?;
    ws.write_string_with_format(1, 0, "项目", &ctx.f.header)?;
    ws.write_string_with_format(1, 1, "内容（金额单位：万元）", &ctx.f.header)?;
    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 60)?;
    Ok(2)
}

fn section(ws: &mut Worksheet, ctx: &Ctx, r: u32, title: &str) -> R<u32> {
    ws.merge_range(r, 0, r, 1, &format!("【{title}】"), &ctx.f.section)?;
    Ok(r + 1)
}

fn procurement(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    let coverage = ctx.pkg.tables.coverage(TableKind::Procurement);
    let t = ctx.pkg.tables.procurement.clone().unwrap_or_default();
    let title = ctx.profile.title(TableKind::Procurement).to_string();
    let mut r = kv_header(ws, ctx, &title)?;
    ws.write_string_with_format(r, 0, STATUS_LABEL, &ctx.f.header)?;
    ws.write_string_with_format(r, 1, status_label(coverage), &ctx.f.status)?;
    r += 1;
    kv_rows(ws, ctx, r, &t.figures)?;
    Ok(())
}

fn purchased_services(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    let coverage = ctx.pkg.tables.coverage(TableKind::PurchasedServices);
    let t = ctx
        .pkg
        .tables
        .purchased_services
        .clone()
        .unwrap_or_default();
    let ncols = PurchasedService::FIELDS.len() as u16 + 1;
    let mut r = heading(
        ws,
        ctx,
        ctx.profile.title(TableKind::PurchasedServices),
        ncols,
        coverage,
    )?;
    ws.write_string_with_format(r, 0, "序号", &ctx.f.header)?;
    for (k, f) in PurchasedService::FIELDS.iter().enumerate() {
        ws.write_string_with_format(r, 1 + k as u16, f.label, &ctx.f.header)?;
    }
    r += 1;
    ws.write_blank(r, 0, &ctx.f.label)?;
    ws.write_string_with_format(r, 1, "合计", &ctx.f.label)?;
    for k in 1..PurchasedService::FIELDS.len() {
        let i = 1 + k as u16;
        if PurchasedService::FIELDS[k].key == "amount" {
            put_amount(ws, r, i, t.total, &ctx.f)?;
        } else {
            ws.write_blank(r, i, &ctx.f.text)?;
        }
    }
    r += 1;
    for (n, item) in t.items.iter().enumerate() {
        ws.write_number_with_format(r, 0, (n + 1) as f64, &ctx.f.count)?;
        for k in 0..PurchasedService::FIELDS.len() {
            put_value(ws, r, 1 + k as u16, item.get(k), &ctx.f)?;
        }
        r += 1;
    }
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 30)?;
    ws.set_column_width(2, 30)?;
    ws.set_column_width(3, 14)?;
    ws.set_column_width(4, 30)?;
    ws.set_column_width(5, 20)?;
    Ok(())
}

fn data_sheet(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    ws.set_name(SHEET_DATA)?;
    let mut r = kv_header(ws, ctx, "说明所需的其他数据")?;
    r = section(ws, ctx, r, "上年数（与上年比较用）")?;
    r = kv_rows(ws, ctx, r, &ctx.pkg.prior_year)?;
    r = section(ws, ctx, r, "机关运行经费")?;
    ws.write_string_with_format(r, 0, AGENCY_RUNNING_COSTS, &ctx.f.label)?;
    put_amount(ws, r, 1, ctx.pkg.agency_running_costs, &ctx.f)?;
    r += 1;
    r = section(ws, ctx, r, "国有资产占有使用情况")?;
    r = kv_rows(ws, ctx, r, &ctx.pkg.assets.clone().unwrap_or_default())?;
    r = section(ws, ctx, r, "“三公”经费说明")?;
    let details = ctx
        .pkg
        .tables
        .three_public
        .as_ref()
        .map(|t| t.details.clone())
        .unwrap_or_default();
    kv_rows::<ThreePublicDetails>(ws, ctx, r, &details)?;
    Ok(())
}

fn remarks_sheet(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    use juesuan_model::Remark;
    ws.set_name(SHEET_REMARKS)?;
    let ncols = 1 + Remark::FIELDS.len() as u16;
    ws.merge_range(
        0,
        0,
        0,
        ncols - 1,
        "决算说明：原因、用途与表述",
        &ctx.f.title,
    )?;
    ws.set_row_height(0, 28)?;
    ws.merge_range(
        1,
        0,
        1,
        ncols - 1,
        "“事项”写法：收入支出总计、财政拨款收入支出总计、一般公共预算财政拨款支出、一般公共预算财政拨款支出预算完成、\
一般公共预算财政拨款支出科目:科目编码、三公经费预算完成:因公出国（境）费、三公经费上年比较:合计、机关运行经费 等。\
“说明中的表述/变动金额/变动幅度”只在录入已有说明时填写。",
        &ctx.f.note,
    )?;
    ws.set_row_height(1, 42)?;
    ws.write_string_with_format(2, 0, "事项", &ctx.f.header)?;
    for (k, f) in Remark::FIELDS.iter().enumerate() {
        ws.write_string_with_format(2, 1 + k as u16, f.label, &ctx.f.header)?;
    }
    let mut remarks: Vec<(Subject, Remark)> = ctx
        .pkg
        .explanation
        .remarks
        .iter()
        .map(|(s, r)| (*s, r.clone()))
        .collect();
    if ctx.opts.prefill {
        let mut subjects = vec![
            Subject::GrandTotal,
            Subject::AppropriationTotal,
            Subject::GeneralBudgetExpenditure,
            Subject::GeneralBudgetVsBudget,
            Subject::ThreePublicVsBudget(ThreePublicItem::Total),
            Subject::ThreePublicVsPrior(ThreePublicItem::Total),
            Subject::AgencyRunningCosts,
        ];
        subjects.retain(|s| !ctx.pkg.explanation.remarks.contains_key(s));
        remarks.extend(subjects.into_iter().map(|s| (s, Remark::default())));
    }
    for (r, (s, rem)) in (3u32..).zip(remarks) {
        ws.write_string_with_format(r, 0, s.to_string(), &ctx.f.label)?;
        for k in 0..Remark::FIELDS.len() {
            put_value(ws, r, 1 + k as u16, rem.get(k), &ctx.f)?;
        }
    }
    ws.set_column_width(0, 40)?;
    for (k, w) in [14, 12, 12, 50, 40].iter().enumerate() {
        ws.set_column_width(1 + k as u16, *w)?;
    }
    ws.set_freeze_panes(3, 1)?;
    Ok(())
}

fn texts_sheet(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    ws.set_name(SHEET_TEXTS)?;
    ws.merge_range(0, 0, 0, 1, "决算说明：文字段落", &ctx.f.title)?;
    ws.write_string_with_format(1, 0, "段落", &ctx.f.header)?;
    ws.write_string_with_format(1, 1, "内容", &ctx.f.header)?;
    for (r, (k, v)) in (2u32..).zip(&ctx.pkg.explanation.texts) {
        ws.write_string_with_format(r, 0, k, &ctx.f.label)?;
        ws.write_string_with_format(r, 1, v, &ctx.f.text)?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 90)?;
    Ok(())
}

fn unit(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    ws.set_name(SHEET_UNIT)?;
    let u = &ctx.pkg.unit;
    let mut r = kv_header(ws, ctx, "单位信息")?;
    let rows: [(&str, String); 6] = [
        (UNIT_NAME, u.name.clone()),
        (UNIT_YEAR, u.year.to_string()),
        (UNIT_PROFILE, ctx.profile.name.clone()),
        (UNIT_DEPARTMENT, u.department.clone().unwrap_or_default()),
        (
            UNIT_RESPONSIBILITIES,
            u.responsibilities.clone().unwrap_or_default(),
        ),
        (
            UNIT_ORGANIZATION,
            u.organization.clone().unwrap_or_default(),
        ),
    ];
    for (label, value) in rows {
        ws.write_string_with_format(r, 0, label, &ctx.f.label)?;
        if label == UNIT_YEAR {
            ws.write_number_with_format(r, 1, f64::from(u.year), &ctx.f.count)?;
        } else {
            put_text(ws, r, 1, Some(&value), &ctx.f.text)?;
        }
        r += 1;
    }
    let dv = DataValidation::new().allow_list_strings(
        &Profile::builtins()
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
    )?;
    ws.add_data_validation(4, 1, 4, 1, &dv)?;
    r = section(ws, ctx, r + 1, UNIT_MEMBERS)?;
    ws.write_string_with_format(r, 0, "单位名称", &ctx.f.header)?;
    ws.write_string_with_format(r, 1, "备注", &ctx.f.header)?;
    r += 1;
    for m in &u.members {
        ws.write_string_with_format(r, 0, &m.name, &ctx.f.label)?;
        put_text(ws, r, 1, m.note.as_deref(), &ctx.f.text)?;
        r += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------- performance

fn perf_department(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    ws.set_name(SHEET_PERF_DEPT)?;
    let d = ctx.pkg.performance.department.clone().unwrap_or_default();
    let mut r = kv_header(ws, ctx, "部门整体绩效评价")?;
    ws.write_string_with_format(r, 0, "评价得分", &ctx.f.label)?;
    put_text(ws, r, 1, d.score.as_ref().map(|s| s.text()), &ctx.f.figure)?;
    r += 1;
    ws.write_string_with_format(r, 0, "评价等级", &ctx.f.label)?;
    put_text(ws, r, 1, d.grade.as_deref(), &ctx.f.text)?;
    r += 1;
    r = section(ws, ctx, r + 1, "报告段落")?;
    ws.write_string_with_format(r, 0, "段落标题", &ctx.f.header)?;
    ws.write_string_with_format(r, 1, "内容", &ctx.f.header)?;
    r += 1;
    for b in &d.sections {
        ws.write_string_with_format(r, 0, &b.title, &ctx.f.label)?;
        put_text(ws, r, 1, Some(&b.body), &ctx.f.text)?;
        r += 1;
    }
    Ok(())
}

fn perf_management(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    ws.set_name(SHEET_PERF_MGMT)?;
    let m: PerformanceManagement = ctx.pkg.performance.management.clone().unwrap_or_default();
    let r = kv_header(ws, ctx, "预算绩效管理情况")?;
    kv_rows(ws, ctx, r, &m)?;
    Ok(())
}

/// The columns of the project sheet: (group, leaf).
pub(crate) fn project_columns() -> Vec<(&'static str, &'static str)> {
    let mut v = vec![
        ("基本信息", "序号"),
        ("基本信息", "项目名称"),
        ("基本信息", "主管部门"),
        ("基本信息", "实施单位"),
        ("基本信息", "项目负责人"),
        ("基本信息", "联系电话"),
    ];
    for group in FUNDS_GROUPS {
        for f in FundsLine::FIELDS {
            v.push((group, f.label));
        }
    }
    v.extend([
        ("年度总体目标", "预期目标"),
        ("年度总体目标", "实际完成情况"),
        ("总分", "分值"),
        ("总分", "得分"),
        ("评价等级", "评价等级"),
    ]);
    v
}

/// Group labels of the four funds lines, in the model's order.
pub(crate) const FUNDS_GROUPS: [&str; 4] = [
    "年度资金总额",
    "其中：当年财政拨款",
    "上年结转资金",
    "其他资金",
];

fn perf_projects(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    ws.set_name(SHEET_PERF_PROJECTS)?;
    let cols = project_columns();
    let last = cols.len() as u16 - 1;
    ws.merge_range(
        0,
        0,
        0,
        last.min(12),
        "项目支出绩效自评表（每个项目一行；金额单位：万元，按原表照录）",
        &ctx.f.title,
    )?;
    ws.set_row_height(0, 28)?;
    let (hr, lr) = (1u32, 2u32);
    let mut c = 0usize;
    while c < cols.len() {
        let g = cols[c].0;
        let n = cols[c..].iter().take_while(|x| x.0 == g).count();
        if n == 1 && cols[c].1 == g {
            ws.merge_range(hr, c as u16, lr, c as u16, g, &ctx.f.header)?;
        } else {
            if n > 1 {
                ws.merge_range(hr, c as u16, hr, (c + n - 1) as u16, g, &ctx.f.header)?;
            } else {
                ws.write_string_with_format(hr, c as u16, g, &ctx.f.header)?;
            }
            for k in 0..n {
                ws.write_string_with_format(lr, (c + k) as u16, cols[c + k].1, &ctx.f.header)?;
            }
        }
        c += n;
    }
    ws.set_freeze_panes(3, 2)?;
    for (r, p) in (3u32..).zip(&ctx.pkg.performance.projects) {
        let mut cells: Vec<Option<String>> = vec![
            Some(p.seq.clone()),
            Some(p.name.clone()),
            p.department.clone(),
            p.implementer.clone(),
            p.manager.clone(),
            p.phone.clone(),
        ];
        for (_, line) in p.funds.lines() {
            for i in 0..FundsLine::FIELDS.len() {
                cells.push(line.get(i).map(|v| v.to_string()));
            }
        }
        cells.extend([
            p.goal.clone(),
            p.outcome.clone(),
            p.total_weight.as_ref().map(|f| f.text().to_string()),
            p.total_score.as_ref().map(|f| f.text().to_string()),
            p.grade.clone(),
        ]);
        for (k, v) in cells.iter().enumerate() {
            put_text(ws, r, k as u16, v.as_deref(), &ctx.f.text)?;
        }
    }
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 36)?;
    for k in 2..cols.len() as u16 {
        ws.set_column_width(k, 12)?;
    }
    Ok(())
}

fn perf_indicators(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    ws.set_name(SHEET_PERF_INDICATORS)?;
    let n = Indicator::FIELDS.len() as u16;
    ws.merge_range(
        0,
        0,
        0,
        n,
        "项目支出绩效自评表：绩效指标（按原表逐行照录，空行也照录）",
        &ctx.f.title,
    )?;
    ws.set_row_height(0, 28)?;
    ws.write_string_with_format(1, 0, "项目序号", &ctx.f.header)?;
    for (k, f) in Indicator::FIELDS.iter().enumerate() {
        ws.write_string_with_format(1, 1 + k as u16, f.label, &ctx.f.header)?;
    }
    ws.set_freeze_panes(2, 1)?;
    let mut r = 2u32;
    for p in &ctx.pkg.performance.projects {
        for ind in &p.indicators {
            ws.write_string_with_format(r, 0, &p.seq, &ctx.f.label)?;
            for k in 0..Indicator::FIELDS.len() {
                let v = ind.get(k).map(|v| v.to_string());
                put_text(ws, r, 1 + k as u16, v.as_deref(), &ctx.f.text)?;
            }
            r += 1;
        }
    }
    let widths = [8, 10, 8, 12, 8, 30, 24, 24, 7, 7, 30];
    for (k, w) in widths.iter().enumerate() {
        ws.set_column_width(k as u16, *w)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- guide

fn guide(ws: &mut Worksheet, ctx: &Ctx) -> R<()> {
    ws.set_name(SHEET_GUIDE)?;
    let lines = [
        format!("{} {}年度部门决算数据（{}格式）", ctx.pkg.unit.name, ctx.pkg.unit.year, ctx.profile.name),
        String::new(),
        "一、本工作簿由 juesuan 生成，可用 Excel、WPS 或 LibreOffice 填写，填好后运行 `juesuan convert 本文件.xlsx 本文件.toml` 或直接 `juesuan show 本文件.xlsx`。".into(),
        "二、金额单位为万元，可保留至4位小数；可写 1,234.56；写成“3757170元”或在表头写“单位：元”时会自动换算为万元。空白、“—”、“-”、“无”表示没有数。".into(),
        "三、每张表第3行“表格状态”：完整＝整张表已填，空白格按0处理；部分＝只填了已知的数（如从说明文字摘录），空白格表示未知；未提供＝没有这张表。".into(),
        "四、科目编码写在“科目编码”列（如 2080505），类、款、项分三列写也可以；科目名称按当年政府收支分类科目照写。预填的常用科目没有金额的，读入时自动略去。".into(),
        "五、“合计”行可以填也可以不填；填了会与明细核对。空行、合并单元格、以文本存储的数字、多余空格都可以读取。".into(),
        "六、“说明数据”表填写与上年比较所需的上年数、机关运行经费、国有资产、三公经费的团组人次和车辆数；“说明填写”表填写各项变动的主要原因、科目的主要用途。".into(),
        "七、绩效自评表拆成两张：“绩效-项目”每个项目一行（项目信息、资金、总体目标、总分），“绩效-指标”每个三级指标一行，用“项目序号”对应；数字按原表照录，不要改写。".into(),
        "八、读入出错时，程序会用中文指出工作表和单元格，例如：工作表“表2 收入决算表”单元格 C7：“abc”不是金额。".into(),
    ];
    for (i, l) in lines.iter().enumerate() {
        let fmt = if i == 0 { &ctx.f.title } else { &ctx.f.sub };
        ws.write_string_with_format(i as u32, 0, l, fmt)?;
    }
    ws.set_column_width(0, 120)?;
    Ok(())
}
