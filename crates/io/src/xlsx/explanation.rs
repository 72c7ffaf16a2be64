//! The explanation's inputs: 说明数据 (prior-year figures, 机关运行经费, 国有资产, 三公 counts;
//! a key/value sheet of their records' fields), 说明填写 (one row per subject: `事项 | `
//! the [`Remark`] fields) and 说明文字 (`段落 | 内容`).

use juesuan_model::fields::Record;
use juesuan_model::tables::{Coverage, ThreePublic, ThreePublicDetails};
use juesuan_model::{Amount, MoneyUnit, Package, Remark, Subject, ThreePublicItem};
use rust_xlsxwriter::Worksheet;

use super::common::{RecordHeader, put_amount, put_value, record_columns, set_cell, sheet_unit};
use super::ctx::{ReadCtx, WriteCtx, XResult};
use super::grid::{Grid, Raw};
use super::kv::{KvTarget, kv_header, kv_rows, kv_rows_as, read_kv, section};
use super::layout::{AGENCY_RUNNING_COSTS, SHEET_DATA, SHEET_REMARKS, SHEET_TEXTS};

/// The key column of 说明填写.
const SUBJECT_LABEL: &str = "事项";
/// The key and text columns of 说明文字.
const TEXT_HEADER: [&str; 2] = ["段落", "内容"];

// ---------------------------------------------------------------- 说明数据

/// 本年机关运行经费, the one figure of 说明数据 that is not a record field.
struct Running(Option<Amount>);

impl KvTarget for Running {
    fn field(&self, label: &str) -> Option<usize> {
        (label == AGENCY_RUNNING_COSTS || label == "机关运行经费").then_some(0)
    }
    fn label(&self, _: usize) -> &'static str {
        AGENCY_RUNNING_COSTS
    }
    fn put(
        &mut self,
        _: usize,
        g: &Grid,
        r: usize,
        c: usize,
        unit: MoneyUnit,
    ) -> Result<(), String> {
        use juesuan_model::Cell;
        self.0 = match g.get(r, c) {
            Raw::Empty => None,
            Raw::Text(_) | Raw::Number(_) => Amount::from_text(&g.value_text(r, c), unit)?,
            _ => return Err("应为金额".into()),
        };
        Ok(())
    }
}

/// Reads 说明数据.
pub(crate) fn read_data(g: &Grid, ctx: &mut ReadCtx, pkg: &mut Package) {
    let unit = sheet_unit(g, ctx);
    let mut assets = pkg.assets.clone().unwrap_or_default();
    let mut details = pkg
        .tables
        .three_public
        .as_ref()
        .map(|t| t.details.clone())
        .unwrap_or_default();
    let mut running = Running(pkg.agency_running_costs);
    read_kv(
        g,
        ctx,
        &mut [&mut pkg.prior_year, &mut running, &mut assets, &mut details],
        Some(unit),
    );
    pkg.agency_running_costs = running.0;
    if !assets.is_blank() {
        pkg.assets = Some(assets);
    }
    if !details.is_blank() {
        // counts without the table: what is known is partial, not a table of zeros
        pkg.tables
            .three_public
            .get_or_insert_with(|| ThreePublic {
                coverage: Coverage::Partial,
                ..ThreePublic::default()
            })
            .details = details;
    }
}

/// Writes 说明数据: a section per record, in the order the reader takes them.
pub(crate) fn write_data(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    ws.set_name(SHEET_DATA)?;
    let mut r = kv_header(ws, ctx, "说明所需的其他数据")?;
    if ctx.pkg.is_budget() {
        // a budget states its 机关运行经费 in the “三公” table (机关运行经费预算数)
        r = section(ws, ctx, r, "上年预算数（与上年预算比较用）")?;
        r = kv_rows_as(ws, ctx, r, &ctx.pkg.prior_year, true)?;
    } else {
        r = section(ws, ctx, r, "上年数（与上年比较用）")?;
        r = kv_rows(ws, ctx, r, &ctx.pkg.prior_year)?;
        r = section(ws, ctx, r, "机关运行经费")?;
        ws.write_string_with_format(r, 0, AGENCY_RUNNING_COSTS, &ctx.f.label)?;
        put_amount(ws, r, 1, ctx.pkg.agency_running_costs, &ctx.f)?;
        r += 1;
    }
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

// ---------------------------------------------------------------- 说明填写

/// Reads 说明填写: a remark per subject.
pub(crate) fn read_remarks(g: &Grid, ctx: &mut ReadCtx, pkg: &mut Package) {
    let Some(RecordHeader {
        row: header,
        key_col: sc,
        cols,
    }) = record_columns::<Remark>(g, ctx, SUBJECT_LABEL)
    else {
        return;
    };
    for r in header + 1..g.height() {
        let subject = g.text(r, sc);
        let mut remark = Remark::default();
        for &(c, f) in &cols {
            if let Err(e) = set_cell(&mut remark, f, g, r, c, MoneyUnit::Wan) {
                ctx.problem(g, r, c, format!("{}：{e}", Remark::FIELDS[f].label));
            }
        }
        if remark.is_blank() {
            continue;
        }
        match subject.parse::<Subject>() {
            Ok(s) => {
                pkg.explanation.remarks.insert(s, remark);
            }
            Err(e) => ctx.problem(g, r, sc, e.to_string()),
        }
    }
}

/// The column of 说明填写 that shows what a row is asked for; the reader ignores it.
const PROMPT_LABEL: &str = "需要说明的情况";

/// The remark fields in the order the sheet shows them: what people write first, then the
/// wording of an existing explanation.
const REMARK_ORDER: [&str; 5] = ["reason", "usage", "direction", "change", "percent"];

/// Writes 说明填写; pre-filling adds the subjects every explanation discusses, and the
/// options' prompts add a row for each line still needing a reason or a use.
pub(crate) fn write_remarks(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    ws.set_name(SHEET_REMARKS)?;
    let order: Vec<usize> = REMARK_ORDER
        .iter()
        .filter_map(|k| Remark::FIELDS.iter().position(|f| f.key == *k))
        .collect();
    let ncols = 2 + order.len() as u16;
    ws.merge_range(
        0,
        0,
        0,
        ncols - 1,
        if ctx.pkg.is_budget() {
            "预算说明：原因、用途与表述"
        } else {
            "决算说明：原因、用途与表述"
        },
        &ctx.f.title,
    )?;
    ws.set_row_height(0, 28)?;
    ws.merge_range(
        1,
        0,
        1,
        ncols - 1,
        "每行一个事项：收入支出总计、财政拨款收入支出总计、一般公共预算财政拨款支出、一般公共预算财政拨款支出预算完成、\
“一般公共预算财政拨款支出 科目编码 科目名称”、三公经费预算完成:因公出国（境）费、三公经费上年比较:合计、机关运行经费 等；\
运行 juesuan reasons 单位.xlsx 可把需要填写的行写进本表。“说明中的表述/变动金额/变动幅度”只在录入已有说明时填写。",
        &ctx.f.note,
    )?;
    ws.set_row_height(1, 42)?;
    ws.write_string_with_format(2, 0, SUBJECT_LABEL, &ctx.f.header)?;
    ws.write_string_with_format(2, 1, PROMPT_LABEL, &ctx.f.header)?;
    for (k, &f) in order.iter().enumerate() {
        ws.write_string_with_format(2, 2 + k as u16, Remark::FIELDS[f].label, &ctx.f.header)?;
    }
    let mut remarks: Vec<(Subject, Remark)> = ctx
        .pkg
        .explanation
        .remarks
        .iter()
        .map(|(s, r)| (*s, r.clone()))
        .collect();
    let mut extra: Vec<Subject> = ctx.opts.prompts.keys().copied().collect();
    if ctx.opts.prefill {
        extra.extend([
            Subject::GrandTotal,
            Subject::AppropriationTotal,
            Subject::GeneralBudgetExpenditure,
            Subject::GeneralBudgetVsBudget,
            Subject::ThreePublicVsBudget(ThreePublicItem::Total),
            Subject::ThreePublicVsPrior(ThreePublicItem::Total),
            Subject::AgencyRunningCosts,
        ]);
    }
    for s in extra {
        if !remarks.iter().any(|(k, _)| *k == s) {
            remarks.push((s, Remark::default()));
        }
    }
    for (r, (s, rem)) in (3u32..).zip(remarks) {
        let key = s.sheet_key(ctx.pkg.line_name(s, ctx.catalog).as_deref());
        ws.write_string_with_format(r, 0, key, &ctx.f.label)?;
        if let Some(p) = ctx.opts.prompts.get(&s) {
            ws.write_string_with_format(r, 1, p, &ctx.f.note)?;
        }
        for (k, &f) in order.iter().enumerate() {
            put_value(ws, r, 2 + k as u16, rem.get(f), &ctx.f)?;
        }
    }
    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 40)?;
    for (k, w) in [50, 40, 14, 12, 12].iter().enumerate() {
        ws.set_column_width(2 + k as u16, *w)?;
    }
    ws.set_freeze_panes(3, 1)?;
    Ok(())
}

// ---------------------------------------------------------------- 说明文字

/// Reads 说明文字: rows with both a title and a text.
pub(crate) fn read_texts(g: &Grid, pkg: &mut Package) {
    let start = g
        .find(5, |t| t == TEXT_HEADER[0])
        .map(|(r, _)| r + 1)
        .unwrap_or(1);
    for r in start..g.height() {
        let k = g.text(r, 0);
        let v = g.text(r, 1);
        if !k.is_empty() && !v.is_empty() {
            pkg.explanation.texts.insert(k, v);
        }
    }
}

/// Writes 说明文字.
pub(crate) fn write_texts(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    ws.set_name(SHEET_TEXTS)?;
    let title = if ctx.pkg.is_budget() {
        "预算说明：文字段落"
    } else {
        "决算说明：文字段落"
    };
    ws.merge_range(0, 0, 0, 1, title, &ctx.f.title)?;
    for (c, label) in TEXT_HEADER.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *label, &ctx.f.header)?;
    }
    for (r, (k, v)) in (2u32..).zip(&ctx.pkg.explanation.texts) {
        ws.write_string_with_format(r, 0, k, &ctx.f.label)?;
        ws.write_string_with_format(r, 1, v, &ctx.f.text)?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 90)?;
    Ok(())
}
