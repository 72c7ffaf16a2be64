//! B: the audit of a budget (部门预算, `Package.kind = Budget`), by group: the two-sided
//! tables ([`summary`]: 收支预算总表, 财政拨款收支预算总表), the coded tables ([`coded`]:
//! 收入/支出预算表, the function-classified 预算表, the economic 基本支出预算表), the
//! “三公” table ([`three_public`]), the identities between tables ([`cross`]), the reasons
//! for changes against 上年预算 ([`reasons`]) and the 项目绩效目标表 ([`targets`]).
//!
//! A budget reuses the final-accounts tables, so most checks are the shared shapes of
//! [`super::common`] and the final-accounts rules' own checks where the identity is the same.
//! What differs: a budget prints no carry-over in the Shanghai format (收入总计 is the only
//! income total), tables 1–8 are in 元 and table 9 in 万元 (each figure is read at its own
//! table's precision), and the 基本支出 table may print 人员经费 / 公用经费 on every row.

mod coded;
mod cross;
mod reasons;
mod summary;
mod targets;
mod three_public;

use juesuan_model::Amount;
use juesuan_model::tables::{Summary, SummaryExpenditureTotals, SummaryIncome};

use super::Rule;

/// The B rules, in code order.
pub(super) fn rules() -> Vec<Rule> {
    let mut all = [
        summary::RULES,
        coded::RULES,
        three_public::RULES,
        cross::RULES,
        reasons::RULES,
        targets::RULES,
    ]
    .concat();
    all.sort_by_key(|r| r.meta.code);
    all
}

/// A line of a two-sided table: its key within its side, its label, its figure.
type Line = (&'static str, &'static str, Amount);

/// The line a budget's income side totals: 本年收入合计 where printed, else 收入总计 (the
/// Shanghai format prints no carry-over, and no 本年收入合计).
fn income_total(i: &SummaryIncome) -> Option<Line> {
    match (i.total, i.grand_total) {
        (Some(a), _) => Some(("total", "本年收入合计", a)),
        (None, Some(a)) => Some(("grand_total", "收入总计", a)),
        _ => None,
    }
}

/// The line a budget's expenditure side totals: 本年支出合计 where printed, else 支出总计.
fn expenditure_total(e: &SummaryExpenditureTotals) -> Option<Line> {
    match (e.total, e.grand_total) {
        (Some(a), _) => Some(("total", "本年支出合计", a)),
        (None, Some(a)) => Some(("grand_total", "支出总计", a)),
        _ => None,
    }
}

/// Whether the 收支预算总表 prints any carry-over (上年结转, 使用非财政拨款结余, 结转下年).
fn carries_over(s: &Summary) -> bool {
    [
        s.income.opening_carryover,
        s.income.non_appropriation_balance,
        s.expenditure_totals.closing_carryover,
        s.expenditure_totals.balance_distribution,
    ]
    .iter()
    .any(|a| a.is_some_and(|a| !a.is_zero()))
}

/// Whether the package is held to a budget format juesuan knows (a budget profile: Shanghai's
/// district format, Beijing). The lines of a two-sided table (收入: 财政专户管理资金, 其他资金…)
/// differ between formats; in an unknown one a line the model has no place for would make a
/// sum look broken, so the rules over such lines say nothing there. Coded rows are read by
/// their codes and are judged in any format.
fn known_format(ctx: &crate::Ctx) -> bool {
    ctx.pkg
        .profile()
        .is_some_and(|p| p.kind == juesuan_model::DisclosureKind::Budget)
}

/// The three kinds of 财政拨款 (key, label in a budget).
const KINDS: [(&str, &str); 3] = [
    ("general_budget", "一般公共预算资金"),
    ("gov_fund", "政府性基金"),
    ("state_capital", "国有资本经营预算"),
];

/// The hint of an identity between two budget tables.
const SAME_DATA: &str = "各表来自同一套预算数据，应一致；请核对录入或报表导出";
