//! 政府购买服务决算公开情况表: `序号 | ` the [`PurchasedService`] fields, a totals row, then
//! one row per service. Both sides take the columns from the record's fields.

use juesuan_model::fields::Record;
use juesuan_model::tables::{Coverage, PurchasedService, PurchasedServices, TableKind};
use juesuan_model::text::compact;
use rust_xlsxwriter::Worksheet;

use crate::error::Problem;
use crate::xlsx::common::{heading, put_amount, put_value, set_cell, sheet_unit};
use crate::xlsx::ctx::{ReadCtx, WriteCtx, XResult};
use crate::xlsx::grid::Grid;
use crate::xlsx::layout::TOTAL_LABEL;

/// Reads 政府购买服务决算公开情况表; the row named 合计 is the total.
pub(crate) fn read(g: &Grid, coverage: Coverage, ctx: &mut ReadCtx) -> Option<PurchasedServices> {
    let unit = sheet_unit(g, ctx);
    let Some((header, _)) = g.find(12, |t| PurchasedService::FIELDS[0].matches(t)) else {
        ctx.problems.push(Problem::sheet(
            &g.name,
            "找不到表头：应有“项目名称”“决算金额”等列",
        ));
        return None;
    };
    let cols: Vec<(usize, usize)> = (0..g.width())
        .filter_map(|c| {
            let l = g.compact(header, c);
            PurchasedService::FIELDS
                .iter()
                .position(|f| f.matches(&l))
                .map(|f| (c, f))
        })
        .collect();
    let mut t = PurchasedServices {
        coverage,
        ..PurchasedServices::default()
    };
    for r in header + 1..g.height() {
        if g.row_is_blank(r) {
            continue;
        }
        let mut item = PurchasedService::default();
        for &(c, f) in &cols {
            if let Err(e) = set_cell(&mut item, f, g, r, c, unit) {
                ctx.problem(
                    g,
                    r,
                    c,
                    format!("{}：{e}", PurchasedService::FIELDS[f].label),
                );
            }
        }
        if item.name.as_deref().map(compact).as_deref() == Some(TOTAL_LABEL) {
            t.total = item.amount;
            continue;
        }
        if !item.is_blank() {
            t.items.push(item);
        }
    }
    Some(t)
}

/// Writes 政府购买服务决算公开情况表: the totals row holds 合计 in the name column and the
/// total in the amount column.
pub(crate) fn write(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
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
    ws.write_string_with_format(r, 1, TOTAL_LABEL, &ctx.f.label)?;
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
