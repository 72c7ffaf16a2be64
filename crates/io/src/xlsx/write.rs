//! Writes a package as the workbook finance staff fill: one sheet per table, laid out like
//! the official tables, plus sheets for the explanation's inputs and performance.
//!
//! This module holds the workbook entry point and the sheet order; each sheet family's
//! writer sits beside its reader in its own module (`tables`, `unit`, `explanation`,
//! `performance`).

use juesuan_model::tables::TableKind;
use juesuan_model::{Catalog, MoneyUnit, Package, Profile};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet};

use super::ctx::{Formats, WriteCtx, XResult};
use super::layout::{SHEET_GUIDE, SHEET_PERF_PROJECTS, table_sheet_name};
use super::{explanation, performance, tables, unit};

/// Options of the writer.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Pre-fill the catalog rows a unit commonly needs (for `init`).
    pub prefill: bool,
    /// What each row of 说明填写 is asked for (`juesuan reasons`): the two figures, the
    /// change and what to fill, shown beside the empty cells.
    pub prompts: std::collections::BTreeMap<juesuan_model::Subject, String>,
}

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
    let ctx = WriteCtx {
        pkg,
        catalog,
        profile,
        f: Formats::new(profile.thousands_separator),
        opts,
    };
    build(&ctx).map_err(|e| format!("生成工作簿出错：{e}"))
}

fn build(ctx: &WriteCtx) -> XResult<Vec<u8>> {
    let mut wb = Workbook::new();
    // A fixed creation date keeps the output byte-for-byte reproducible.
    let created = ExcelDateTime::from_ymd(ctx.pkg.unit.year.clamp(1990, 2100) + 1, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} {}{}数据",
                ctx.pkg.unit.name,
                ctx.pkg.unit.year,
                of_year(ctx.pkg)
            ))
            .set_author("juesuan")
            .set_creation_datetime(&created),
    );
    guide(wb.add_worksheet(), ctx)?;
    unit::write(wb.add_worksheet(), ctx)?;
    let tables = &ctx.pkg.tables;
    for &kind in &ctx.profile.tables {
        let ws = wb.add_worksheet();
        ws.set_name(table_sheet_name(ctx.profile, kind))?;
        ctx.f.unit.set(table_unit(ctx.pkg, kind));
        tables::write(ws, ctx, kind)?;
        ctx.f.unit.set(MoneyUnit::Wan);
    }
    // Tables the profile does not number but the package has (and 政府采购, which every
    // profile's explanation needs): nothing given is dropped.
    for kind in TableKind::ALL {
        let needed = kind == TableKind::Procurement || tables.has(kind);
        if needed && !ctx.profile.tables.contains(&kind) {
            let ws = wb.add_worksheet();
            ws.set_name(table_sheet_name(ctx.profile, kind))?;
            tables::write(ws, ctx, kind)?;
        }
    }
    explanation::write_data(wb.add_worksheet(), ctx)?;
    explanation::write_remarks(wb.add_worksheet(), ctx)?;
    explanation::write_texts(wb.add_worksheet(), ctx)?;
    // the self-evaluation sheets are of final accounts; a budget has them only when given
    let perf = &ctx.pkg.performance;
    let evaluations =
        !ctx.pkg.is_budget() || perf.department.is_some() || !perf.projects.is_empty();
    if evaluations {
        performance::write_department(wb.add_worksheet(), ctx)?;
    }
    performance::write_management(wb.add_worksheet(), ctx)?;
    if evaluations {
        performance::write_projects(wb.add_worksheet(), ctx)?;
        performance::write_indicators(wb.add_worksheet(), ctx)?;
    }
    // a budget's 项目绩效目标表 (not in final-accounts workbooks)
    if ctx.pkg.is_budget() || !ctx.pkg.performance.targets.is_empty() {
        performance::write_targets(wb.add_worksheet(), ctx)?;
        performance::write_target_indicators(wb.add_worksheet(), ctx)?;
    }
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

/// The unit a table's sheet is written in: 元 when every figure of the table was entered in
/// 元 (a budget table printed in 元), else 万元.
fn table_unit(pkg: &Package, kind: TableKind) -> MoneyUnit {
    let (mut yuan, mut other) = (0usize, 0usize);
    pkg.tables.for_each_amount(|k, a| {
        if k == kind {
            if a.entered_in() == MoneyUnit::Yuan {
                yuan += 1;
            } else {
                other += 1;
            }
        }
    });
    if yuan > 0 && other == 0 {
        MoneyUnit::Yuan
    } else {
        MoneyUnit::Wan
    }
}

// ---------------------------------------------------------------- guide

/// What follows the year in the workbook's title: `年度部门决算`, or `年部门预算` for a budget.
fn of_year(pkg: &Package) -> &'static str {
    if pkg.is_budget() {
        "年部门预算"
    } else {
        "年度部门决算"
    }
}

fn guide(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    ws.set_name(SHEET_GUIDE)?;
    let lines = [
        format!("{} {}{}数据（{}格式）", ctx.pkg.unit.name, ctx.pkg.unit.year, of_year(ctx.pkg), ctx.profile.name),
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
