//! 基本支出决算表 (一般公共预算 and 政府性基金): economic rows in the catalog's order under
//! `科目编码 | 科目名称 | 决算数`, and the 人员经费/公用经费 totals underneath. The reader is
//! the coded-table reader; both sides take the value column from [`EconomicRow`] and the
//! totals lines from [`BasicTotals`].

use std::collections::BTreeMap;

use juesuan_model::fields::Record;
use juesuan_model::tables::{BasicTable, BasicTotals, Coverage, EconomicRow, TableKind};
use juesuan_model::{Amount, Code};
use rust_xlsxwriter::Worksheet;

use super::coded;
use crate::xlsx::common::{amount_of, heading, note_line, put_amount};
use crate::xlsx::ctx::{ReadCtx, WriteCtx, XResult};
use crate::xlsx::grid::Grid;
use crate::xlsx::layout::{CODE_LABEL, NAME_LABEL};

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
    let coverage = table.map(|t| t.coverage);
    let mut r = heading(ws, ctx, ctx.profile.title(kind), 3, coverage)?;
    let value_label = EconomicRow::FIELDS[0].label;
    for (c, label) in [CODE_LABEL, NAME_LABEL, value_label].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *label, &ctx.f.header)?;
    }
    r += 1;
    ws.set_freeze_panes(r, 2)?;
    // catalog order of classes, then code order inside a class
    let class_pos: BTreeMap<Code, usize> = ctx
        .catalog
        .basic_table_rows()
        .filter(|e| e.code.level() == juesuan_model::Level::Class)
        .enumerate()
        .map(|(i, e)| (e.code, i))
        .collect();
    let mut rows: BTreeMap<(usize, Code), (String, Option<Amount>)> = BTreeMap::new();
    for e in ctx.catalog.basic_table_rows() {
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
