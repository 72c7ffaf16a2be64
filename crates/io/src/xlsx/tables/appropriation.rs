//! 财政拨款收入支出决算总表: income by appropriation kind on the left (`项目 | 决算数`),
//! expenditure by function class on the right (`项目 | 合计 | 一般公共预算 | 政府性基金 |
//! 国有资本经营`). The left lines are [`AppropriationIncome`] fields, the right totals lines
//! are [`Total`]; writer and reader both go through them.

use std::collections::BTreeMap;

use juesuan_model::fields::Record;
use juesuan_model::tables::{
    AppropriationIncome, AppropriationRow, AppropriationSummary, AppropriationValues, Coverage,
    TableKind,
};
use juesuan_model::text::{compact, strip_list_number};
use juesuan_model::{Amount, Code};
use rust_xlsxwriter::Worksheet;

use super::summary::{GRAND_TOTAL_LABEL, class_label, class_lines, class_row, label_col, numbered};
use crate::error::Problem;
use crate::xlsx::common::{
    amount_of, find_value_header, heading, put_amount, put_value, set_cell, sheet_unit,
};
use crate::xlsx::ctx::{ReadCtx, WriteCtx, XResult};
use crate::xlsx::grid::Grid;
use crate::xlsx::layout::{ACTUAL_LABEL, BUDGET_LABEL, ITEM_LABEL};

/// The appropriation kinds in printed order, as [`AppropriationIncome`] keys: each is an
/// income line of the year and again a line under 年初财政拨款结转和结余.
const KINDS: [(&str, &str); 3] = [
    ("general_budget", "opening_general_budget"),
    ("gov_fund", "opening_gov_fund"),
    ("state_capital", "opening_state_capital"),
];

/// Other labels read for the 年初财政拨款结转和结余 line.
const OPENING_ALIASES: [&str; 1] = ["年初结转和结余"];

/// The label of an [`AppropriationIncome`] field.
fn label_of(key: &'static str) -> &'static str {
    AppropriationIncome::FIELDS
        .iter()
        .find(|f| f.key == key)
        .map_or(key, |f| f.label)
}

/// The amount of an [`AppropriationIncome`] field.
fn income(t: &AppropriationIncome, key: &str) -> Option<Amount> {
    AppropriationIncome::index_of(key).and_then(|i| amount_of(t.get(i)))
}

/// The income field a left-hand label names; `opening` tells the kinds above the 年初 line
/// from those below it.
fn income_key(left: &str, opening: &mut bool) -> Option<&'static str> {
    for (key, opening_key) in KINDS {
        let label = label_of(key);
        // a budget's lines: 一般公共预算资金, 政府性基金, 国有资本经营预算 (the field's aliases)
        let alias = AppropriationIncome::index_of(key)
            .is_some_and(|i| AppropriationIncome::FIELDS[i].matches(left));
        if left == label || left.strip_suffix("收入") == Some(label) || alias {
            return Some(if *opening { opening_key } else { key });
        }
    }
    if left == label_of("total") {
        return Some("total");
    }
    if left == label_of("opening_carryover") || OPENING_ALIASES.contains(&left) {
        *opening = true;
        return Some("opening_carryover");
    }
    if left == label_of("grand_total") || left == GRAND_TOTAL_LABEL {
        return Some("grand_total");
    }
    None
}

/// A totals line of the expenditure side.
#[derive(Debug, Clone, Copy)]
enum Total {
    /// 本年支出合计
    Expenditure,
    /// 年末财政拨款结转和结余
    Closing,
    /// 总计
    Grand,
}

impl Total {
    const ALL: [Total; 3] = [Total::Expenditure, Total::Closing, Total::Grand];

    /// The label written.
    fn label(self) -> &'static str {
        match self {
            Total::Expenditure => "本年支出合计",
            Total::Closing => "年末财政拨款结转和结余",
            Total::Grand => GRAND_TOTAL_LABEL,
        }
    }

    /// True when a label read names this line.
    fn matches(self, label: &str) -> bool {
        let aliases: &[&str] = match self {
            Total::Expenditure => &[],
            Total::Closing => &["年末结转和结余"],
            Total::Grand => &["支出总计"],
        };
        label == self.label() || aliases.contains(&label)
    }

    /// The figures of this line.
    fn of(self, t: &AppropriationSummary) -> &AppropriationValues {
        match self {
            Total::Expenditure => &t.expenditure_total,
            Total::Closing => &t.closing_carryover,
            Total::Grand => &t.grand_total,
        }
    }

    /// The figures of this line, to read into.
    fn of_mut(self, t: &mut AppropriationSummary) -> &mut AppropriationValues {
        match self {
            Total::Expenditure => &mut t.expenditure_total,
            Total::Closing => &mut t.closing_carryover,
            Total::Grand => &mut t.grand_total,
        }
    }
}

/// Reads 财政拨款收入支出决算总表.
pub(crate) fn read(
    g: &Grid,
    coverage: Coverage,
    ctx: &mut ReadCtx,
) -> Option<AppropriationSummary> {
    let unit = sheet_unit(g, ctx);
    let Some((header, vcols)) =
        find_value_header(g, ACTUAL_LABEL).or_else(|| find_value_header(g, BUDGET_LABEL))
    else {
        ctx.problems
            .push(Problem::sheet(&g.name, "找不到“项目 / 决算数”表头"));
        return None;
    };
    let lv = vcols[0];
    let ll = label_col(g, header, lv);
    let rl = (lv + 1..g.width())
        .find(|&c| g.compact(header, c) == ITEM_LABEL)
        .unwrap_or(lv + 1);
    let mut value_cols: Vec<(usize, usize)> = Vec::new();
    for c in rl + 1..g.width() {
        // labels may sit one row above when the header has two rows
        let label = [header, header.saturating_sub(1)]
            .iter()
            .map(|&hr| g.compact(hr, c))
            .find(|t| !t.is_empty())
            .unwrap_or_default();
        if let Some(f) = AppropriationValues::FIELDS
            .iter()
            .position(|f| f.matches(&label))
        {
            value_cols.push((c, f));
        }
    }
    if value_cols.is_empty() {
        ctx.problem(g, header, rl, "支出部分缺少“合计/一般公共预算财政拨款/政府性基金预算财政拨款/国有资本经营预算财政拨款”列");
        return None;
    }
    let mut t = AppropriationSummary {
        coverage,
        ..AppropriationSummary::default()
    };
    let mut opening = false;
    for r in header + 1..g.height() {
        let left = compact(strip_list_number(&g.text(r, ll)));
        // the note under the table ends it
        if left.starts_with("注:") || left.starts_with("注：") {
            break;
        }
        if !left.is_empty() {
            match income_key(&left, &mut opening).and_then(AppropriationIncome::index_of) {
                Some(i) => match set_cell(&mut t.income, i, g, r, lv, unit) {
                    Ok(()) => {
                        let label = AppropriationIncome::FIELDS[i].label;
                        ctx.source(g, r, lv, label.to_string(), None);
                    }
                    Err(e) => ctx.problem(g, r, lv, format!("{left}：{e}")),
                },
                None => ctx.problem(g, r, ll, format!("收入项目“{left}”无法识别")),
            }
        }
        let right_raw = g.text(r, rl);
        let right = compact(strip_list_number(&right_raw));
        if right.is_empty() {
            continue;
        }
        if let Some(total) = Total::ALL.into_iter().find(|k| k.matches(&right)) {
            let v = total.of_mut(&mut t);
            for &(c, f) in &value_cols {
                match set_cell(v, f, g, r, c, unit) {
                    Ok(()) => {
                        let column = AppropriationValues::FIELDS[f].label;
                        ctx.source(g, r, c, total.label().to_string(), Some(column));
                    }
                    Err(e) => ctx.problems.push(Problem::cell(
                        &g.name,
                        g.a1(r, c),
                        format!("{right}：{e}"),
                    )),
                }
            }
            continue;
        }
        t.expenditure.extend(class_row::<AppropriationRow>(
            g,
            r,
            rl,
            &value_cols,
            unit,
            ctx,
        ));
    }
    Some(t)
}

/// Writes 财政拨款收入支出决算总表: the kinds beside the class lines, then the income
/// totals beside the [`Total`] lines.
pub(crate) fn write(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
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
    let value = if ctx.pkg.is_budget() {
        BUDGET_LABEL
    } else {
        ACTUAL_LABEL
    };
    let heads = [ITEM_LABEL, value, ITEM_LABEL];
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
    let kinds = KINDS.map(|(key, opening_key)| {
        (
            label_of(key),
            income(&t.income, key),
            income(&t.income, opening_key),
        )
    });
    for i in 0..classes.len().max(kinds.len()) {
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
    let right = |ws: &mut Worksheet, r: u32, total: Option<Total>| -> XResult<()> {
        match total {
            Some(k) => ws.write_string_with_format(r, 2, k.label(), &ctx.f.header)?,
            None => ws.write_blank(r, 2, &ctx.f.label)?,
        };
        let v = total.map(|k| k.of(&t));
        for k in 0..AppropriationValues::FIELDS.len() {
            put_value(ws, r, 3 + k as u16, v.and_then(|v| v.get(k)), &ctx.f)?;
        }
        Ok(())
    };
    ws.write_string_with_format(r, 0, label_of("total"), &ctx.f.header)?;
    put_amount(ws, r, 1, t.income.total, &ctx.f)?;
    right(ws, r, Some(Total::Expenditure))?;
    r += 1;
    // a budget has no carry-over lines, and its totals are 收入总计 / 支出总计
    let budget = ctx.pkg.is_budget();
    if !budget {
        ws.write_string_with_format(r, 0, label_of("opening_carryover"), &ctx.f.header)?;
        put_amount(ws, r, 1, t.income.opening_carryover, &ctx.f)?;
        right(ws, r, Some(Total::Closing))?;
        r += 1;
        for (i, (label, _, v)) in kinds.iter().enumerate() {
            ws.write_string_with_format(r, 0, numbered(i, label), &ctx.f.label)?;
            put_amount(ws, r, 1, *v, &ctx.f)?;
            right(ws, r, None)?;
            r += 1;
        }
    }
    let grand = if budget {
        label_of("grand_total")
    } else {
        GRAND_TOTAL_LABEL
    };
    ws.write_string_with_format(r, 0, grand, &ctx.f.header)?;
    put_amount(ws, r, 1, t.income.grand_total, &ctx.f)?;
    right(ws, r, Some(Total::Grand))?;
    if budget {
        ws.write_string_with_format(r, 2, "支出总计", &ctx.f.header)?;
    }
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 14)?;
    ws.set_column_width(2, 32)?;
    for k in 3..7 {
        ws.set_column_width(k, 15)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line the writer labels is read back as the field it was written from.
    #[test]
    fn written_income_labels_read_back() {
        let mut opening = false;
        for (key, _) in KINDS {
            assert!(AppropriationIncome::index_of(key).is_some(), "{key}");
            assert_eq!(income_key(label_of(key), &mut opening), Some(key));
        }
        assert_eq!(income_key(label_of("total"), &mut opening), Some("total"));
        assert_eq!(
            income_key(label_of("opening_carryover"), &mut opening),
            Some("opening_carryover")
        );
        // below the 年初 line the same labels name the opening fields
        assert!(opening);
        for (key, opening_key) in KINDS {
            assert!(AppropriationIncome::index_of(opening_key).is_some());
            assert_eq!(income_key(label_of(key), &mut opening), Some(opening_key));
        }
        assert_eq!(
            income_key(GRAND_TOTAL_LABEL, &mut opening),
            Some("grand_total")
        );
        for k in Total::ALL {
            assert!(k.matches(k.label()));
        }
    }
}
