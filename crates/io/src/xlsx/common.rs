//! Cell helpers every sheet family shares: reading a cell into a record field, the unit and
//! status lines above a table, header and note detection; and on the writing side, putting
//! a value into a cell and the title block every table sheet starts with.

use juesuan_model::fields::{CellKind, CellValue, Record};
use juesuan_model::{Amount, Code, Coverage, MoneyUnit};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DataValidation, Format, Worksheet};

use super::ctx::{Formats, ReadCtx, WriteCtx, XResult};
use super::grid::{Grid, Raw};
use super::layout::{ABSENT_LABEL, STATUS_LABEL};
use crate::error::Problem;

// ---------------------------------------------------------------- reading

/// Puts the cell at (r, c) into field `i` of a record. A number keeps the decimals its
/// cell format displays.
pub(crate) fn set_cell<T: Record>(
    rec: &mut T,
    i: usize,
    g: &Grid,
    r: usize,
    c: usize,
    unit: MoneyUnit,
) -> Result<(), String> {
    let textual = matches!(
        T::FIELDS.get(i).map(|f| f.kind),
        Some(CellKind::Text | CellKind::Figure)
    );
    match g.get(r, c) {
        Raw::Empty => Ok(()),
        Raw::Text(s) => rec.set_text(i, s, unit),
        Raw::Number(_) => rec.set_text(i, &g.value_text(r, c), unit),
        // text and figures are kept as shown, whatever they are
        raw @ (Raw::Bool(_) | Raw::Error(_)) if textual => rec.set_text(i, &raw.text(), unit),
        Raw::Bool(_) => Err("应为数字或文字，实际是逻辑值 TRUE/FALSE".into()),
        Raw::Error(e) => Err(format!("单元格是错误值 {e}（公式出错？）")),
    }
}

/// The money unit a sheet declares above its header (`单位：元`, `金额单位：万元（保留两位小数）`);
/// 万元 when none. A unit that is declared but not understood is an error, not a guess.
pub(crate) fn sheet_unit(g: &Grid, ctx: &mut ReadCtx) -> MoneyUnit {
    for r in 0..g.height().min(8) {
        for c in 0..g.width() {
            let t = g.compact(r, c);
            let Some(at) = t.find("单位：").or_else(|| t.find("单位:")) else {
                continue;
            };
            let after = &t[at..];
            let after = after
                .trim_start_matches("单位")
                .trim_start_matches(['：', ':']);
            // cut at a parenthesis or separator: 元（保留两位小数）, 万元）
            let unit: String = after
                .chars()
                .take_while(|ch| {
                    !matches!(ch, '（' | '(' | '）' | ')' | '，' | ',' | '；' | ';' | ' ')
                })
                .collect();
            if let Some(u) = MoneyUnit::from_label(&unit) {
                return u;
            }
            if unit.contains('元') {
                ctx.problem(
                    g,
                    r,
                    c,
                    format!("金额单位“{unit}”无法识别，应为 元、千元、万元 或 亿元"),
                );
                return MoneyUnit::Wan;
            }
        }
    }
    MoneyUnit::Wan
}

/// The sheet's 表格状态: `Some(coverage)`, or `None` for a table marked 未提供. A sheet without
/// a status cell is complete.
pub(crate) fn sheet_status(g: &Grid, ctx: &mut ReadCtx) -> Option<Coverage> {
    if let Some((r, c)) = g.find(10, |t| t.starts_with(STATUS_LABEL)) {
        let inline = g.compact(r, c);
        let inline = inline
            .trim_start_matches(STATUS_LABEL)
            .trim_start_matches(['：', ':']);
        let (value, at) = if inline.is_empty() {
            let c2 = (c + 1..g.width())
                .find(|&k| !g.get(r, k).is_blank())
                .unwrap_or(c + 1);
            (g.compact(r, c2), c2)
        } else {
            (inline.to_string(), c)
        };
        if value.is_empty() {
            return Some(Coverage::Complete);
        }
        if matches!(value.as_str(), ABSENT_LABEL | "无此表" | "缺") {
            return None;
        }
        match Coverage::from_label(&value) {
            Some(cv) => return Some(cv),
            None => ctx.problem(
                g,
                r,
                at,
                format!("表格状态“{value}”应为“完整”“部分”或“{ABSENT_LABEL}”"),
            ),
        }
    }
    Some(Coverage::Complete)
}

/// True when a row carries figures or codes rather than header labels. `合计` counts only in
/// a code or name column: as a column header (表5 `合计 | 基本支出 | 项目支出`) it is a label.
pub(crate) fn row_has_data(g: &Grid, r: usize, code_or_name: &[usize]) -> bool {
    (0..g.width()).any(|c| match g.get(r, c) {
        Raw::Number(_) => true,
        Raw::Text(_) => {
            let t = g.compact(r, c);
            (code_or_name.contains(&c) && is_total_label(&t))
                || (c < 4 && Code::parse(&t).is_ok())
                || (t.chars().any(|ch| ch.is_ascii_digit())
                    && t.chars()
                        .all(|ch| ch.is_ascii_digit() || ",.-".contains(ch)))
        }
        _ => false,
    })
}

/// True when a row above the code label belongs to a multi-row header.
pub(crate) fn is_header_row_above(g: &Grid, r: usize) -> bool {
    let cells: Vec<String> = (0..g.width())
        .map(|c| g.compact(r, c))
        .filter(|t| !t.is_empty())
        .collect();
    cells.len() >= 2
        && !row_has_data(g, r, &[])
        && cells
            .iter()
            .all(|t| !t.contains("单位：") && !t.contains("单位:") && !t.starts_with(STATUS_LABEL))
}

/// How the writer starts the note under a table; the reader takes it and a few others.
const NOTE_PREFIX: &str = "说明：";

/// The text of a note line (`说明：…`, `注：…`), without its prefix.
pub(crate) fn is_note(text: &str) -> Option<String> {
    let t = text.trim();
    for p in [NOTE_PREFIX, "说明:", "注：", "注:"] {
        if let Some(rest) = t.strip_prefix(p) {
            return Some(rest.trim().to_string());
        }
    }
    None
}

/// True for the labels of a totals row.
pub(crate) fn is_total_label(t: &str) -> bool {
    matches!(t, "合计" | "总计" | "本年合计" | "合计数")
}

/// Lines under a table that are not data: `单位负责人：`, `制表人：`, `填报日期：` …
pub(crate) fn is_footer(label: &str) -> bool {
    ["负责人", "制表", "填报", "审核", "复核", "联系电话", "日期"]
        .iter()
        .any(|w| label.contains(w))
        && (label.contains('：') || label.contains(':'))
}

/// Finds the header row holding `项目 … 决算数` and returns (row, value columns).
pub(crate) fn find_value_header(g: &Grid, value_label: &str) -> Option<(usize, Vec<usize>)> {
    (0..g.height().min(15)).find_map(|r| {
        let cols: Vec<usize> = (0..g.width())
            .filter(|&c| g.compact(r, c) == value_label)
            .collect();
        (!cols.is_empty()).then_some((r, cols))
    })
}

/// A one-row header of record fields keyed by a `key` column.
pub(crate) struct RecordHeader {
    /// The header row.
    pub row: usize,
    /// The key column.
    pub key_col: usize,
    /// `(column, field index)` of every recognised field.
    pub cols: Vec<(usize, usize)>,
}

/// Finds a [`RecordHeader`]; `None` (with a problem) when the key column is missing.
pub(crate) fn record_columns<R: Record>(
    g: &Grid,
    ctx: &mut ReadCtx,
    key: &str,
) -> Option<RecordHeader> {
    let Some((header, key_col)) = g.find(10, |t| t == key) else {
        ctx.problems.push(Problem::sheet(
            &g.name,
            format!("找不到表头：应有“{key}”列"),
        ));
        return None;
    };
    let cols = (0..g.width())
        .filter_map(|c| {
            let l = g.compact(header, c);
            R::FIELDS.iter().position(|f| f.matches(&l)).map(|f| (c, f))
        })
        .collect();
    Some(RecordHeader {
        row: header,
        key_col,
        cols,
    })
}

// ---------------------------------------------------------------- writing

fn significant_digits(a: &Amount) -> usize {
    a.value()
        .abs()
        .to_string()
        .trim_start_matches(['0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count()
}

/// The 表格状态 label of a table's coverage; 未提供 for a table not given.
pub(crate) fn status_label(coverage: Option<Coverage>) -> &'static str {
    coverage.map(Coverage::label).unwrap_or(ABSENT_LABEL)
}

/// Writes an amount as a number showing its decimals, or a blank amount cell.
pub(crate) fn put_amount(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    a: Option<Amount>,
    f: &Formats,
) -> XResult<()> {
    // a sheet in 元 writes figures entered in 元 as entered
    let a = match (a, f.unit.get()) {
        (Some(x), MoneyUnit::Yuan) if x.entered_in() == MoneyUnit::Yuan => {
            match x.in_entered_unit() {
                Some(v) => Some(Amount::from_wan(v)),
                None => Some(x),
            }
        }
        (a, _) => a,
    };
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

/// Writes a record field's value in the cell form of its kind; a blank text cell for none.
pub(crate) fn put_value(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<CellValue>,
    f: &Formats,
) -> XResult<()> {
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

/// Writes text, or a blank cell. Figures of performance tables are written as text so they
/// stay exactly as printed.
pub(crate) fn put_text(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    s: Option<&str>,
    fmt: &Format,
) -> XResult<()> {
    match s {
        Some(s) if !s.is_empty() => ws.write_string_with_format(r, c, s, fmt)?,
        _ => ws.write_blank(r, c, fmt)?,
    };
    Ok(())
}

/// The amount of a record field, for cells written with [`put_amount`].
pub(crate) fn amount_of(v: Option<CellValue>) -> Option<Amount> {
    match v {
        Some(CellValue::Amount(a)) => Some(a),
        _ => None,
    }
}

/// Title, unit line and the coverage cell of a table sheet; returns the first free row.
pub(crate) fn heading(
    ws: &mut Worksheet,
    ctx: &WriteCtx,
    title: &str,
    ncols: u16,
    coverage: Option<Coverage>,
) -> XResult<u32> {
    let last = ncols.saturating_sub(1).max(1);
    ws.merge_range(0, 0, 0, last, title, &ctx.f.title)?;
    ws.set_row_height(0, 28)?;
    ws.write_string_with_format(1, 0, format!("编制单位：{}", ctx.pkg.unit.name), &ctx.f.sub)?;
    // the reader takes the unit from this line (see `sheet_unit`)
    let unit = format!("单位：{}", ctx.f.unit.get().label());
    ws.write_string_with_format(1, last, unit, &ctx.f.sub)?;
    ws.write_string_with_format(2, 0, STATUS_LABEL, &ctx.f.header)?;
    ws.write_string_with_format(2, 1, status_label(coverage), &ctx.f.status)?;
    let dv = DataValidation::new()
        .allow_list_strings(&[
            Coverage::Complete.label(),
            Coverage::Partial.label(),
            ABSENT_LABEL,
        ])?
        .set_input_title(STATUS_LABEL)?
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

/// Writes the statement printed under a table as a `说明：` line, which the reader takes back
/// as the table's note.
pub(crate) fn note_line(
    ws: &mut Worksheet,
    ctx: &WriteCtx,
    r: u32,
    note: Option<&str>,
) -> XResult<()> {
    if let Some(n) = note {
        ws.write_string_with_format(r, 0, format!("{NOTE_PREFIX}{n}"), &ctx.f.note)?;
    }
    Ok(())
}
