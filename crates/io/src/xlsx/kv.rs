//! Key/value sheets: a `项目 | 内容` header, then one `label | value` row per record field,
//! grouped under `【section】` rows. The record's field list is the one definition of the
//! rows: the writer lists its labels, the reader looks them up.

use juesuan_model::MoneyUnit;
use juesuan_model::fields::Record;
use rust_xlsxwriter::Worksheet;

use super::common::{put_value, set_cell};
use super::ctx::{ReadCtx, WriteCtx, XResult};
use super::grid::Grid;
use super::layout::{ITEM_LABEL, SECTION_CLOSE, SECTION_OPEN, STATUS_LABEL};

/// An object-safe view of a record for key/value sheets.
pub(crate) trait KvTarget {
    /// The field a label names.
    fn field(&self, label: &str) -> Option<usize>;
    /// The label of field `i`, for messages.
    fn label(&self, i: usize) -> &'static str;
    /// Reads cell (r, c) into field `i`.
    fn put(
        &mut self,
        i: usize,
        g: &Grid,
        r: usize,
        c: usize,
        unit: MoneyUnit,
    ) -> Result<(), String>;
}

impl<T: Record> KvTarget for T {
    fn field(&self, label: &str) -> Option<usize> {
        T::FIELDS.iter().position(|f| f.matches(label)).or_else(|| {
            // a budget workbook says 上年预算… where final accounts say 上年…
            let rest = label.strip_prefix(BUDGET_PRIOR)?;
            let plain = format!("上年{rest}");
            T::FIELDS.iter().position(|f| f.matches(&plain))
        })
    }
    fn label(&self, i: usize) -> &'static str {
        T::FIELDS[i].label
    }
    fn put(
        &mut self,
        i: usize,
        g: &Grid,
        r: usize,
        c: usize,
        unit: MoneyUnit,
    ) -> Result<(), String> {
        set_cell(self, i, g, r, c, unit)
    }
}

/// Reads `label | value` rows into the targets; returns how many labels were recognised.
pub(crate) fn read_kv(
    g: &Grid,
    ctx: &mut ReadCtx,
    targets: &mut [&mut dyn KvTarget],
    unit: Option<MoneyUnit>,
) -> usize {
    let unit = unit.unwrap_or(MoneyUnit::Wan);
    let mut found = 0;
    for r in 0..g.height() {
        let label = g.compact(r, 0);
        if label.is_empty() || label.starts_with(SECTION_OPEN) || label == ITEM_LABEL {
            continue;
        }
        if label == STATUS_LABEL {
            continue;
        }
        let hit = targets
            .iter()
            .enumerate()
            .find_map(|(k, t)| t.field(&label).map(|i| (k, i)));
        match hit {
            Some((k, i)) => {
                found += 1;
                if let Err(e) = targets[k].put(i, g, r, 1, unit) {
                    let l = targets[k].label(i);
                    ctx.problem(g, r, 1, format!("{l}：{e}"));
                }
            }
            None => {
                if !g.get(r, 1).is_blank() {
                    ctx.notice(
                        format!("工作表“{}”单元格 {}", g.name, g.a1(r, 0)),
                        format!("未识别的项目“{label}”，已忽略"),
                    );
                }
            }
        }
    }
    found
}

/// What a budget workbook calls the prior-year figures: 上年预算 (上年预算事业收入).
pub(crate) const BUDGET_PRIOR: &str = "上年预算";

/// Writes `label | value` rows of a record; returns the next row.
pub(crate) fn kv_rows<T: Record>(
    ws: &mut Worksheet,
    ctx: &WriteCtx,
    r: u32,
    rec: &T,
) -> XResult<u32> {
    kv_rows_as(ws, ctx, r, rec, false)
}

/// [`kv_rows`], with the prior-year labels of a budget (`上年…` written `上年预算…`) when
/// `budget_prior`.
pub(crate) fn kv_rows_as<T: Record>(
    ws: &mut Worksheet,
    ctx: &WriteCtx,
    mut r: u32,
    rec: &T,
    budget_prior: bool,
) -> XResult<u32> {
    for (i, f) in T::FIELDS.iter().enumerate() {
        let label = match f.label.strip_prefix("上年") {
            Some(rest) if budget_prior => format!("{BUDGET_PRIOR}{rest}"),
            _ => f.label.to_string(),
        };
        ws.write_string_with_format(r, 0, &label, &ctx.f.label)?;
        put_value(ws, r, 1, rec.get(i), &ctx.f)?;
        r += 1;
    }
    Ok(r)
}

/// Title and `项目 | 内容` header of a key/value sheet; returns the first free row.
pub(crate) fn kv_header(ws: &mut Worksheet, ctx: &WriteCtx, title: &str) -> XResult<u32> {
    ws.merge_range(0, 0, 0, 1, title, &ctx.f.title)?;
    ws.set_row_height(0, 28)?;
    ws.write_string_with_format(1, 0, ITEM_LABEL, &ctx.f.header)?;
    // the reader takes the unit from this header (see `sheet_unit`)
    let content = format!("内容（金额单位：{}）", MoneyUnit::Wan.label());
    ws.write_string_with_format(1, 1, content, &ctx.f.header)?;
    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 60)?;
    Ok(2)
}

/// A `【title】` section row; returns the next row.
pub(crate) fn section(ws: &mut Worksheet, ctx: &WriteCtx, r: u32, title: &str) -> XResult<u32> {
    let marker = format!("{SECTION_OPEN}{title}{SECTION_CLOSE}");
    ws.merge_range(r, 0, r, 1, &marker, &ctx.f.section)?;
    Ok(r + 1)
}
