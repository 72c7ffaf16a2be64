//! 财政拨款“三公”经费支出决算表: one row of figures under a three-row header, a 预算数 and a
//! 决算数 column per item. The items and their nesting are [`ITEMS`], labelled by the
//! [`ThreePublicFigures`] fields: the writer builds the header from them and the reader
//! maps each column back through the same field labels.

use juesuan_model::fields::Record;
use juesuan_model::tables::{Coverage, TableKind, ThreePublic, ThreePublicFigures};
use rust_xlsxwriter::Worksheet;

use crate::error::Problem;
use crate::xlsx::common::{find_value_header, heading, is_note, put_value, set_cell, sheet_unit};
use crate::xlsx::ctx::{ReadCtx, WriteCtx, XResult};
use crate::xlsx::grid::Grid;
use crate::xlsx::layout::{ACTUAL_LABEL, BUDGET_LABEL};

/// The items in printed order, as [`ThreePublicFigures`] keys, with the item each is part of.
const ITEMS: [(&str, Option<&str>); 6] = [
    ("total", None),
    ("overseas", None),
    ("vehicle", None),
    ("vehicle_purchase", Some("vehicle")),
    ("vehicle_operation", Some("vehicle")),
    ("reception", None),
];

/// The label of a group's own column pair (公务用车 subtotal); an alias of its field.
const SUBTOTAL_LABEL: &str = "小计";

/// The label spanning every item.
const SPAN_LABEL: &str = "财政拨款“三公”经费";

/// The label of a [`ThreePublicFigures`] field.
fn label_of(key: &'static str) -> &'static str {
    ThreePublicFigures::FIELDS
        .iter()
        .find(|f| f.key == key)
        .map_or(key, |f| f.label)
}

/// How many items are part of this one.
fn members(key: &str) -> usize {
    ITEMS.iter().filter(|(_, p)| *p == Some(key)).count()
}

/// Reads the 三公 table (its counts and uses are in 说明数据, read elsewhere).
pub(crate) fn read(g: &Grid, coverage: Coverage, ctx: &mut ReadCtx) -> Option<ThreePublic> {
    let unit = sheet_unit(g, ctx);
    // A budget's table as published spans its items with one “三公”经费预算数 group instead
    // of a 预算数 under each item.
    let (leaf_row, budget_group) = match find_value_header(g, BUDGET_LABEL) {
        Some((r, _)) => (r, None),
        None => match printed_budget_header(g) {
            Some((group, r)) => (r, Some(group)),
            None => {
                ctx.problems
                    .push(Problem::sheet(&g.name, "找不到“预算数 / 决算数”表头"));
                return None;
            }
        },
    };
    // The header block starts at the row naming the items (not at the title, which also
    // says 三公), or at the 财政拨款“三公”经费 row spanning them.
    let items_row = (0..leaf_row)
        .find(|&r| {
            (0..g.width()).any(|c| {
                let t = g.compact(r, c);
                t == "合计" || t.starts_with("因公出国")
            })
        })
        .unwrap_or(leaf_row);
    let top = match items_row.checked_sub(1) {
        Some(r)
            if (0..g.width()).filter(|&c| !g.get(r, c).is_blank()).count() == 1
                && g.compact(r, 0).contains("三公")
                && !g.compact(r, 0).ends_with("决算表") =>
        {
            r
        }
        _ => items_row,
    };
    let top = budget_group.map_or(top, |group| group.min(top));
    let paths = g.header_paths(top, leaf_row);
    let data_row = (leaf_row + 1..g.height()).find(|&r| {
        !g.row_is_blank(r)
            && (0..g.width())
                .find(|&c| !g.get(r, c).is_blank())
                .is_none_or(|c| is_note(&g.text(r, c)).is_none())
    });
    let mut t = ThreePublic {
        coverage,
        ..ThreePublic::default()
    };
    let Some(dr) = data_row else {
        return Some(t);
    };
    for (c, path) in paths.iter().enumerate() {
        let Some(leaf) = path.last() else { continue };
        let (budget, item_labels) = match leaf.as_str() {
            BUDGET_LABEL => (true, &path[..path.len() - 1]),
            ACTUAL_LABEL => (false, &path[..path.len() - 1]),
            _ if budget_group.is_some() && path.iter().any(|l| is_budget_group(l)) => {
                (true, &path[..])
            }
            _ => continue,
        };
        let Some(i) = item_of(item_labels) else {
            ctx.problem(g, leaf_row, c, "无法判断这一列属于哪一项“三公”经费");
            continue;
        };
        let target = if budget { &mut t.budget } else { &mut t.actual };
        let label = ThreePublicFigures::FIELDS[i].label;
        match set_cell(target, i, g, dr, c, unit) {
            Ok(()) => ctx.source(g, dr, c, label.to_string(), Some(leaf)),
            Err(e) => ctx.problem(g, dr, c, format!("{label}{leaf}：{e}")),
        }
    }
    Some(t)
}

/// `“三公”经费预算数` (`2024年“三公”经费预算数`): the group a published budget's table
/// spans its items with.
fn is_budget_group(label: &str) -> bool {
    label.contains("三公") && label.ends_with(BUDGET_LABEL)
}

/// The header rows of a published budget's table: the `“三公”经费预算数` group's row and the
/// last row above the first that holds a number.
fn printed_budget_header(g: &Grid) -> Option<(usize, usize)> {
    let group = (0..g.height().min(15))
        .find(|&r| (0..g.width()).any(|c| is_budget_group(&g.compact(r, c))))?;
    let data = (group + 1..g.height()).find(|&r| {
        (0..g.width()).any(|c| {
            let t = g.value_text(r, c).replace(',', "");
            !t.trim().is_empty() && t.trim().parse::<rust_decimal::Decimal>().is_ok()
        })
    })?;
    (data > group + 1).then_some((group, data - 1))
}

/// The item a column's header labels above 预算数/决算数 name: the innermost one that does.
fn item_of(labels: &[String]) -> Option<usize> {
    labels
        .iter()
        .rev()
        .find_map(|l| ThreePublicFigures::FIELDS.iter().position(|f| f.matches(l)))
}

/// Writes the 三公 table: the span row, the items (a group over its members, its own pair
/// labelled 小计), 预算数/决算数 under each, and the figures.
pub(crate) fn write(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    if ctx.pkg.is_budget() {
        return write_budget(ws, ctx);
    }
    let coverage = ctx.pkg.tables.coverage(TableKind::ThreePublic);
    let t = ctx.pkg.tables.three_public.clone().unwrap_or_default();
    let ncols = 2 * ITEMS.len() as u16;
    let mut r = heading(
        ws,
        ctx,
        ctx.profile.title(TableKind::ThreePublic),
        ncols,
        coverage,
    )?;
    let h = &ctx.f.header;
    ws.merge_range(r, 0, r, ncols - 1, SPAN_LABEL, h)?;
    r += 1;
    // first the items that are part of none, a group spanning its members
    for (k, (key, parent)) in ITEMS.iter().enumerate() {
        let c = 2 * k as u16;
        match (parent, members(key) as u16) {
            (Some(_), _) => {}
            (None, 0) => {
                ws.merge_range(r, c, r + 1, c + 1, label_of(key), h)?;
            }
            (None, n) => {
                ws.merge_range(r, c, r, c + 2 * (n + 1) - 1, label_of(key), h)?;
            }
        }
    }
    // then, on the row below a group, its subtotal and its members
    for (k, (key, parent)) in ITEMS.iter().enumerate() {
        let c = 2 * k as u16;
        let label = match parent {
            Some(_) => label_of(key),
            None if members(key) > 0 => SUBTOTAL_LABEL,
            None => continue,
        };
        ws.merge_range(r + 1, c, r + 1, c + 1, label, h)?;
    }
    r += 2;
    for (k, (key, _)) in ITEMS.iter().enumerate() {
        let i = ThreePublicFigures::index_of(key).unwrap_or(0);
        ws.write_string_with_format(r, 2 * k as u16, BUDGET_LABEL, h)?;
        ws.write_string_with_format(r, 2 * k as u16 + 1, ACTUAL_LABEL, h)?;
        put_value(ws, r + 1, 2 * k as u16, t.budget.get(i), &ctx.f)?;
        put_value(ws, r + 1, 2 * k as u16 + 1, t.actual.get(i), &ctx.f)?;
    }
    for c in 0..ncols {
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

/// The column of a budget's “三公” table beside the items: the 机关运行经费 budget.
pub(crate) const RUNNING_COSTS_LABEL: &str = "机关运行经费预算数";

/// Writes a budget's “三公”经费和机关运行经费预算表: one 预算数 column per item (no 决算数),
/// and the 机关运行经费预算数 column beside them.
fn write_budget(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    let coverage = ctx.pkg.tables.coverage(TableKind::ThreePublic);
    let t = ctx.pkg.tables.three_public.clone().unwrap_or_default();
    let n = ITEMS.len() as u16;
    let mut r = heading(
        ws,
        ctx,
        ctx.profile.title(TableKind::ThreePublic),
        n + 1,
        coverage,
    )?;
    let h = &ctx.f.header;
    ws.merge_range(r, 0, r, n - 1, "“三公”经费", h)?;
    ws.merge_range(r, n, r + 3, n, RUNNING_COSTS_LABEL, h)?;
    for (k, (key, parent)) in ITEMS.iter().enumerate() {
        let c = k as u16;
        match (parent, members(key) as u16) {
            (Some(_), _) => ws.write_string_with_format(r + 2, c, label_of(key), h)?,
            (None, 0) => ws.merge_range(r + 1, c, r + 2, c, label_of(key), h)?,
            (None, m) => {
                ws.merge_range(r + 1, c, r + 1, c + m, label_of(key), h)?;
                ws.write_string_with_format(r + 2, c, SUBTOTAL_LABEL, h)?
            }
        };
        ws.write_string_with_format(r + 3, c, BUDGET_LABEL, h)?;
        let i = ThreePublicFigures::index_of(key).unwrap_or(0);
        put_value(ws, r + 4, c, t.budget.get(i), &ctx.f)?;
    }
    super::super::common::put_amount(ws, r + 4, n, ctx.pkg.agency_running_costs, &ctx.f)?;
    r += 5;
    for c in 0..=n {
        ws.set_column_width(c, 13)?;
    }
    ws.write_string_with_format(
        r + 1,
        0,
        "注：单位为万元；“三公”经费各项的说明（原因、用途）填在“说明填写”表。",
        &ctx.f.note,
    )?;
    Ok(())
}

/// The 机关运行经费预算数 a budget's “三公” sheet states in its own column, if it has one.
pub(crate) fn read_running_costs(g: &Grid, ctx: &mut ReadCtx) -> Option<juesuan_model::Amount> {
    let unit = sheet_unit(g, ctx);
    let (hr, cols) = find_value_header(g, RUNNING_COSTS_LABEL)?;
    let c = *cols.first()?;
    // the figures are on the first row under the whole header block (预算数 row)
    let leaf = find_value_header(g, BUDGET_LABEL).map_or(hr, |(r, _)| r.max(hr));
    let dr = (leaf + 1..g.height()).find(|&r| !g.row_is_blank(r))?;
    let text = g.value_text(dr, c);
    match juesuan_model::Amount::parse(&text, unit) {
        Ok(a) => {
            if a.is_some() {
                ctx.source(g, dr, c, RUNNING_COSTS_LABEL.to_string(), None);
            }
            a
        }
        Err(e) => {
            ctx.problem(g, dr, c, format!("{RUNNING_COSTS_LABEL}：{e}"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The labels the writer stacks over each column lead the reader to its item.
    #[test]
    fn written_header_paths_read_back() {
        assert!(SPAN_LABEL.contains("三公"));
        for (key, parent) in ITEMS {
            let want = ThreePublicFigures::index_of(key);
            assert!(want.is_some(), "{key}");
            let mut path = vec![SPAN_LABEL.to_string()];
            match parent {
                Some(p) => path.extend([label_of(p).to_string(), label_of(key).to_string()]),
                None if members(key) > 0 => {
                    path.extend([label_of(key).to_string(), SUBTOTAL_LABEL.to_string()])
                }
                None => path.push(label_of(key).to_string()),
            }
            assert_eq!(item_of(&path), want, "{path:?}");
        }
    }
}
