//! 收入支出决算总表: income lines on the left, one line per function class and the totals
//! on the right, each side a `项目 | 决算数` pair. Both sides take their lines from
//! [`SummaryIncome`] and [`SummaryExpenditureTotals`]. Also the class lines the two
//! two-sided tables share (see [`super::appropriation`]).

use std::collections::BTreeMap;

use juesuan_model::fields::{CodedRecord, Record};
use juesuan_model::tables::{
    ClassLine, Coverage, Summary, SummaryExpenditureTotals, SummaryIncome, TableKind,
};
use juesuan_model::text::{compact, strip_list_number};
use juesuan_model::{Catalog, Code, MoneyUnit};
use rust_xlsxwriter::Worksheet;

use crate::error::Problem;
use crate::xlsx::common::{
    find_value_header, heading, put_amount, put_value, set_cell, sheet_unit,
};
use crate::xlsx::ctx::{ReadCtx, WriteCtx, XResult};
use crate::xlsx::grid::Grid;
use crate::xlsx::layout::{ACTUAL_LABEL, BUDGET_LABEL, ITEM_LABEL, chinese_number};

/// The label of the last line of either side.
pub(crate) const GRAND_TOTAL_LABEL: &str = "总计";

/// The lines of a budget's 收支预算总表 (`income.…`, `expenditure_totals.…`): the
/// appropriation kinds and the other income lines, the 本年 totals and the grand totals;
/// no carry-over, 上级补助 or 结余分配 lines.
pub(crate) const BUDGET_LINES: &[&str] = &[
    "income.appropriation",
    "income.general_budget",
    "income.gov_fund",
    "income.state_capital",
    "income.institutional",
    "income.operating",
    "income.other",
    "income.total",
    "income.grand_total",
    "expenditure_totals.total",
    "expenditure_totals.grand_total",
];

// ---------------------------------------------------------------- class lines

/// The label column for a value column: the nearest `项目` (or `项目(按功能分类)`) to its
/// left, else the column just left of it.
pub(crate) fn label_col(g: &Grid, header: usize, value_col: usize) -> usize {
    (0..value_col)
        .rev()
        .find(|&c| g.compact(header, c).starts_with(ITEM_LABEL))
        .unwrap_or(value_col.saturating_sub(1))
}

/// Reads an expenditure line labelled by a function class (`十九、住房保障支出`, or with its
/// code, `229 其他支出`) into a row; `None` when the label is not a class (reported) or the
/// line has no figures.
pub(crate) fn class_row<Rw: CodedRecord>(
    g: &Grid,
    r: usize,
    label_col: usize,
    value_cols: &[(usize, usize)],
    unit: MoneyUnit,
    ctx: &mut ReadCtx,
) -> Option<Rw> {
    let raw = g.text(r, label_col);
    let Some(code) = class_code(&raw, ctx.catalog) else {
        ctx.problem(
            g,
            r,
            label_col,
            format!(
                "支出项目“{}”不是已知的功能分类类级科目；可在名称前写编码，如“229 其他支出”",
                compact(&raw)
            ),
        );
        return None;
    };
    let name = compact(strip_list_number(&raw))
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .to_string();
    let mut row = Rw::new(code, name);
    for &(c, f) in value_cols {
        match set_cell(&mut row, f, g, r, c, unit) {
            // One value column: the line's figure; several: each column's.
            Ok(()) => {
                let column = (value_cols.len() > 1).then(|| Rw::FIELDS[f].label);
                ctx.source(g, r, c, code.to_string(), column);
            }
            Err(e) => ctx.problem(g, r, c, format!("{}：{e}", row.name())),
        }
    }
    (!row.is_blank()).then_some(row)
}

fn class_code(label: &str, catalog: &Catalog) -> Option<Code> {
    let stripped = strip_list_number(label);
    let digits: String = stripped
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if !digits.is_empty()
        && let Ok(code) = Code::parse(&digits)
    {
        return Some(code);
    }
    catalog.class_by_name(label).map(|e| e.code)
}

/// Function classes to list as expenditure lines: the catalog's, plus any in the package.
pub(crate) fn class_lines<'a>(
    ctx: &'a WriteCtx,
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

/// `一、name`: the list numbering the reader strips again.
pub(crate) fn numbered(i: usize, name: &str) -> String {
    format!("{}、{name}", chinese_number(i + 1))
}

/// A class line's label: `十九、住房保障支出`, or `二十四、230 转移性支出` when the name alone
/// would not lead the reader back to the code.
pub(crate) fn class_label(ctx: &WriteCtx, i: usize, code: Code, name: &str) -> String {
    if ctx.catalog.class_by_name(name).map(|e| e.code) == Some(code) {
        numbered(i, name)
    } else {
        numbered(i, &format!("{code} {name}"))
    }
}

// ---------------------------------------------------------------- 收入支出决算总表

/// Reads 收入支出决算总表.
pub(crate) fn read(g: &Grid, coverage: Coverage, ctx: &mut ReadCtx) -> Option<Summary> {
    let unit = sheet_unit(g, ctx);
    let Some((header, vcols)) =
        find_value_header(g, ACTUAL_LABEL).or_else(|| find_value_header(g, BUDGET_LABEL))
    else {
        ctx.problems
            .push(Problem::sheet(&g.name, "找不到“项目 / 决算数”表头"));
        return None;
    };
    if vcols.len() < 2 {
        ctx.problem(g, header, vcols[0], "应有收入、支出两组“项目 / 决算数”列");
        return None;
    }
    let (lv, rv) = (vcols[0], vcols[1]);
    let (ll, rl) = (label_col(g, header, lv), label_col(g, header, rv));
    let mut s = Summary {
        coverage,
        ..Summary::default()
    };
    let mut seen_income = vec![false; SummaryIncome::FIELDS.len()];
    let mut seen_totals = vec![false; SummaryExpenditureTotals::FIELDS.len()];
    for r in header + 1..g.height() {
        let left = compact(strip_list_number(&g.text(r, ll)));
        // the note under the table ends it
        if left.starts_with("注:") || left.starts_with("注：") {
            break;
        }
        // the column numbers under the header: `栏次 | 1 | 栏次 | 2`
        if matches!(left.as_str(), "栏次" | "行次") {
            continue;
        }
        if !left.is_empty() {
            match income_line(&left) {
                Some(i) => {
                    seen_income[i] = true;
                    let label = SummaryIncome::FIELDS[i].label;
                    match set_cell(&mut s.income, i, g, r, lv, unit) {
                        Ok(()) => ctx.source(g, r, lv, label.to_string(), None),
                        Err(e) => ctx.problem(g, r, lv, format!("{label}：{e}")),
                    }
                }
                // `其中：捐赠收入`: a part of the line above, which no rule needs.
                None if left.starts_with("其中") => {}
                None => ctx.problem(g, r, ll, format!("收入项目“{left}”无法识别")),
            }
        }
        let right_raw = g.text(r, rl);
        let right = compact(strip_list_number(&right_raw));
        if right.is_empty() {
            continue;
        }
        if let Some(i) = SummaryExpenditureTotals::FIELDS
            .iter()
            .position(|f| f.matches(&right))
        {
            seen_totals[i] = true;
            let label = SummaryExpenditureTotals::FIELDS[i].label;
            match set_cell(&mut s.expenditure_totals, i, g, r, rv, unit) {
                Ok(()) => ctx.source(g, r, rv, label.to_string(), None),
                Err(e) => ctx.problem(g, r, rv, format!("{label}：{e}")),
            }
            continue;
        }
        s.expenditure
            .extend(class_row::<ClassLine>(g, r, rl, &[(rv, 0)], unit, ctx));
    }
    // Lines the table does not print are unknown, not zero. `财政拨款收入` as one line stands
    // for the three appropriation lines and the reverse, so neither is missed when the other
    // is printed.
    let appropriation = SummaryIncome::index_of("appropriation");
    for (i, f) in SummaryIncome::FIELDS.iter().enumerate() {
        if !seen_income[i] && Some(i) != appropriation {
            s.absent.push(format!("income.{}", f.key));
        }
    }
    for (i, f) in SummaryExpenditureTotals::FIELDS.iter().enumerate() {
        if !seen_totals[i] {
            s.absent.push(format!("expenditure_totals.{}", f.key));
        }
    }
    Some(s)
}

/// The income field a line label names: `一、财政拨款收入`, or a `其中` line that is itself a
/// line of the model (`其中：政府性基金预算财政拨款` is 政府性基金预算财政拨款收入).
fn income_line(label: &str) -> Option<usize> {
    let find = |l: &str| SummaryIncome::FIELDS.iter().position(|f| f.matches(l));
    let part = label
        .strip_prefix("其中")
        .map(|l| l.trim_start_matches([':', '：']));
    match part {
        None => find(label),
        Some(p) => find(p).or_else(|| find(&format!("{p}收入"))),
    }
}

/// The table's title and its `收入 | 支出` header with `项目 | value` (决算数, 预算数) under each
/// side; the first data row.
fn write_header(ws: &mut Worksheet, ctx: &WriteCtx, value: &str) -> XResult<u32> {
    let coverage = ctx.pkg.tables.coverage(TableKind::Summary);
    let mut r = heading(ws, ctx, ctx.profile.title(TableKind::Summary), 4, coverage)?;
    ws.merge_range(r, 0, r, 1, "收入", &ctx.f.header)?;
    ws.merge_range(r, 2, r, 3, "支出", &ctx.f.header)?;
    r += 1;
    for (c, label) in [ITEM_LABEL, value, ITEM_LABEL, value].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *label, &ctx.f.header)?;
    }
    r += 1;
    ws.set_freeze_panes(r, 0)?;
    Ok(r)
}

/// The income lines `lines` (indices of [`SummaryIncome`]) beside the class lines, a pair a
/// row from row `r`; the next row.
fn write_lines(
    ws: &mut Worksheet,
    ctx: &WriteCtx,
    mut r: u32,
    t: &Summary,
    lines: &[usize],
) -> XResult<u32> {
    let given: BTreeMap<Code, &ClassLine> = t.expenditure.iter().map(|l| (l.code, l)).collect();
    let classes = class_lines(ctx, t.expenditure.iter().map(|l| (l.code, l.name.as_str())));
    for i in 0..classes.len().max(lines.len()) {
        if let Some(&f) = lines.get(i) {
            let label = numbered(i, SummaryIncome::FIELDS[f].label);
            ws.write_string_with_format(r, 0, label, &ctx.f.label)?;
            put_value(ws, r, 1, t.income.get(f), &ctx.f)?;
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
    Ok(r)
}

/// Writes 收入支出决算总表: the income lines before `本年收入合计` beside the class lines,
/// then the income totals beside the expenditure totals, pair by pair.
pub(crate) fn write(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    if ctx.pkg.is_budget() {
        return write_budget(ws, ctx);
    }
    let t = ctx.pkg.tables.summary.clone().unwrap_or_default();
    let first = write_header(ws, ctx, ACTUAL_LABEL)?;
    // the income lines before the totals; 财政拨款收入 as one line only when stated
    let income_lines = SummaryIncome::index_of("total").unwrap_or(SummaryIncome::FIELDS.len());
    let lines: Vec<usize> = (0..income_lines)
        .filter(|&i| {
            SummaryIncome::FIELDS[i].key != "appropriation" || t.income.appropriation.is_some()
        })
        .collect();
    let below = write_lines(ws, ctx, first, &t, &lines)?;
    let left = &SummaryIncome::FIELDS[income_lines..];
    for (r, (k, lf)) in (below..).zip(left.iter().enumerate()) {
        let rf = &SummaryExpenditureTotals::FIELDS[k];
        let (ll, rl) = if lf.key == "grand_total" {
            (GRAND_TOTAL_LABEL, GRAND_TOTAL_LABEL)
        } else {
            (lf.label, rf.label)
        };
        ws.write_string_with_format(r, 0, ll, &ctx.f.header)?;
        put_value(ws, r, 1, t.income.get(income_lines + k), &ctx.f)?;
        ws.write_string_with_format(r, 2, rl, &ctx.f.header)?;
        put_value(ws, r, 3, t.expenditure_totals.get(k), &ctx.f)?;
    }
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 14)?;
    ws.set_column_width(2, 34)?;
    ws.set_column_width(3, 14)?;
    Ok(())
}

/// Writes a budget's 收支预算总表: `项目 | 预算数` on both sides, the budget's income lines
/// beside the class lines, then 本年收入合计 / 本年支出合计 and 收入总计 / 支出总计. A line the
/// package says the source does not print (`absent`) is left out, so it reads back absent.
fn write_budget(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    let t = ctx.pkg.tables.summary.clone().unwrap_or_default();
    let printed = |line: &str| !t.absent.iter().any(|a| a == line);
    let mut r = write_header(ws, ctx, BUDGET_LABEL)?;
    let lines: Vec<usize> = BUDGET_LINES
        .iter()
        .filter_map(|l| l.strip_prefix("income."))
        .filter(|k| !matches!(*k, "total" | "grand_total"))
        .filter(|k| *k != "appropriation" || t.income.appropriation.is_some())
        .filter(|k| printed(&format!("income.{k}")))
        .filter_map(SummaryIncome::index_of)
        .collect();
    r = write_lines(ws, ctx, r, &t, &lines)?;
    let totals = [
        ("total", "本年收入合计", "本年支出合计"),
        ("grand_total", "收入总计", "支出总计"),
    ];
    for (key, left, right) in totals {
        let (li, ri) = (
            printed(&format!("income.{key}")),
            printed(&format!("expenditure_totals.{key}")),
        );
        if !li && !ri {
            continue;
        }
        if li {
            ws.write_string_with_format(r, 0, left, &ctx.f.header)?;
            let v = SummaryIncome::index_of(key).and_then(|i| t.income.get(i));
            put_value(ws, r, 1, v, &ctx.f)?;
        }
        if ri {
            ws.write_string_with_format(r, 2, right, &ctx.f.header)?;
            let v =
                SummaryExpenditureTotals::index_of(key).and_then(|i| t.expenditure_totals.get(i));
            put_value(ws, r, 3, v, &ctx.f)?;
        }
        r += 1;
    }
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(2, 34)?;
    ws.set_column_width(3, 16)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The writer pairs the income totals with the expenditure totals line by line, and
    /// prints both last lines as 总计, which must name the grand totals when read.
    #[test]
    fn totals_lines_pair_up_and_read_back() {
        let income_lines = SummaryIncome::index_of("total").unwrap();
        let left = &SummaryIncome::FIELDS[income_lines..];
        assert_eq!(left.len(), SummaryExpenditureTotals::FIELDS.len());
        for (lf, rf) in left.iter().zip(SummaryExpenditureTotals::FIELDS) {
            assert_eq!(lf.key == "grand_total", rf.key == "grand_total");
        }
        let gi = SummaryIncome::index_of("grand_total").unwrap();
        let ge = SummaryExpenditureTotals::index_of("grand_total").unwrap();
        assert!(SummaryIncome::FIELDS[gi].matches(GRAND_TOTAL_LABEL));
        assert!(SummaryExpenditureTotals::FIELDS[ge].matches(GRAND_TOTAL_LABEL));
        assert_eq!(ClassLine::FIELDS[0].label, ACTUAL_LABEL);
    }
}
