//! 基本支出决算表 (一般公共预算 and 政府性基金): economic rows in the catalog's order under
//! `科目编码 | 科目名称 | 决算数`, and the 人员经费/公用经费 totals underneath. The reader is
//! the coded-table reader; both sides take the value column from [`EconomicRow`] and the
//! totals lines from [`BasicTotals`].

use std::collections::BTreeMap;

use juesuan_model::Code;
use juesuan_model::fields::{CodedRecord, Record};
use juesuan_model::tables::{BasicTable, BasicTotals, Coverage, EconomicRow, TableKind};
use rust_xlsxwriter::Worksheet;

use super::coded;
use crate::xlsx::common::{amount_of, heading, note_line, put_amount};
use crate::xlsx::ctx::{ReadCtx, WriteCtx, XResult};
use crate::xlsx::grid::Grid;
use crate::xlsx::layout::{CODE_LABEL, NAME_LABEL, TOTAL_LABEL};

/// Reads a 基本支出决算表.
pub(crate) fn read(g: &Grid, coverage: Coverage, ctx: &mut ReadCtx) -> Option<BasicTable> {
    coded::read::<EconomicRow, BasicTotals>(g, coverage, ctx)
}

/// Writes a 基本支出决算表: every economic row of the catalog, the package's figures in them.
pub(crate) fn write(
    ws: &mut Worksheet,
    ctx: &WriteCtx,
    kind: TableKind,
    table: Option<&BasicTable>,
) -> XResult<()> {
    if ctx.pkg.is_budget() {
        return write_budget(ws, ctx, kind, table);
    }
    let coverage = table.map(|t| t.coverage);
    let mut r = heading(ws, ctx, ctx.profile.title(kind), 3, coverage)?;
    let value_label = EconomicRow::FIELDS[0].label;
    for (c, label) in [CODE_LABEL, NAME_LABEL, value_label].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *label, &ctx.f.header)?;
    }
    r += 1;
    ws.set_freeze_panes(r, 2)?;
    for ((_, code), (name, amount)) in ordered_rows(ctx, table) {
        ws.write_string_with_format(r, 0, code.as_str(), &ctx.f.label)?;
        ws.write_string_with_format(r, 1, &name, &ctx.f.label)?;
        put_amount(ws, r, 2, amount.amount, &ctx.f)?;
        r += 1;
    }
    // the totals lines in the model's order: 人员经费合计, 公用经费合计, 合计
    let totals = table.map(|t| t.total.clone()).unwrap_or_default();
    for (i, f) in BasicTotals::FIELDS.iter().enumerate() {
        ws.write_blank(r, 0, &ctx.f.label)?;
        ws.write_string_with_format(r, 1, f.label, &ctx.f.header)?;
        put_amount(ws, r, 2, amount_of(totals.get(i)), &ctx.f)?;
        r += 1;
    }
    note_line(ws, ctx, r + 1, table.and_then(|t| t.note.as_deref()))?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 34)?;
    ws.set_column_width(2, 14)?;
    Ok(())
}

/// Writes a budget 基本支出 table as the budget prints it: `科目编码 | 科目名称 | 合计 |
/// 人员经费 | 公用经费`, each row with its split, and one 合计 row at the bottom.
fn write_budget(
    ws: &mut Worksheet,
    ctx: &WriteCtx,
    kind: TableKind,
    table: Option<&BasicTable>,
) -> XResult<()> {
    let coverage = table.map(|t| t.coverage);
    let mut r = heading(ws, ctx, ctx.profile.title(kind), 5, coverage)?;
    let header = coded::budget_header::<EconomicRow>(kind);
    ws.write_string_with_format(r, 0, CODE_LABEL, &ctx.f.header)?;
    ws.write_string_with_format(r, 1, NAME_LABEL, &ctx.f.header)?;
    for (k, h) in header.iter().enumerate() {
        ws.write_string_with_format(r, 2 + k as u16, h.leaf, &ctx.f.header)?;
    }
    r += 1;
    ws.set_freeze_panes(r, 2)?;
    // the table's rows in their printed order; a blank form lists the catalog's rows
    let rows: Vec<EconomicRow> = match table.filter(|t| !t.rows.is_empty()) {
        Some(t) => t.rows.clone(),
        None => ordered_rows(ctx, table)
            .into_values()
            .map(|(_, row)| row)
            .collect(),
    };
    for row in rows {
        ws.write_string_with_format(r, 0, row.code.as_str(), &ctx.f.label)?;
        ws.write_string_with_format(r, 1, &row.name, &ctx.f.label)?;
        for (k, h) in header.iter().enumerate() {
            put_amount(ws, r, 2 + k as u16, amount_of(row.get(h.field)), &ctx.f)?;
        }
        r += 1;
    }
    let totals = table.map(|t| t.total.clone()).unwrap_or_default();
    ws.write_blank(r, 0, &ctx.f.label)?;
    ws.write_string_with_format(r, 1, TOTAL_LABEL, &ctx.f.header)?;
    for (k, key) in ["total", "personnel", "public"].iter().enumerate() {
        let v = BasicTotals::index_of(key).and_then(|i| amount_of(totals.get(i)));
        put_amount(ws, r, 2 + k as u16, v, &ctx.f)?;
    }
    r += 1;
    note_line(ws, ctx, r + 1, table.and_then(|t| t.note.as_deref()))?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 34)?;
    for k in 0..3 {
        ws.set_column_width(2 + k, 14)?;
    }
    Ok(())
}

/// Every economic row of the catalog and of the table, the table's figures in them: the
/// catalog order of classes, then code order inside a class.
fn ordered_rows(
    ctx: &WriteCtx,
    table: Option<&BasicTable>,
) -> BTreeMap<(usize, Code), (String, EconomicRow)> {
    let class_pos: BTreeMap<Code, usize> = ctx
        .catalog
        .basic_table_rows()
        .filter(|e| e.code.level() == juesuan_model::Level::Class)
        .enumerate()
        .map(|(i, e)| (e.code, i))
        .collect();
    let mut rows: BTreeMap<(usize, Code), (String, EconomicRow)> = BTreeMap::new();
    for e in ctx.catalog.basic_table_rows() {
        let pos = class_pos
            .get(&e.code.class())
            .copied()
            .unwrap_or(usize::MAX);
        rows.insert(
            (pos, e.code),
            (e.name.clone(), EconomicRow::new(e.code, e.name.clone())),
        );
    }
    if let Some(t) = table {
        for row in &t.rows {
            let pos = class_pos
                .get(&row.code.class())
                .copied()
                .unwrap_or(usize::MAX);
            rows.insert((pos, row.code), (row.name.clone(), row.clone()));
        }
    }
    rows
}
