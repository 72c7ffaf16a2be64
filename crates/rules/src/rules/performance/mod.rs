//! PF: project self-evaluation tables (财预〔2020〕10号) and the department evaluation, by
//! topic: the funds line ([`funds`]), the scores ([`scores`]), the weights ([`weights`]), the
//! tables as tables ([`tables`]), grades and counts ([`grades`]); and PQ, the quality of the
//! indicators ([`quality`]). What many rules read — each project's figures parsed once per
//! audit — is here.

mod funds;
mod grades;
pub(crate) mod quality;
mod scores;
mod tables;
pub(crate) mod weights;

use juesuan_model::fields::Figure;
use juesuan_model::performance::ProjectEvaluation;
use juesuan_model::{Amount, MoneyUnit};
use rust_decimal::Decimal;

use juesuan_performance::funds::{Scaled, scale};

use crate::interval::Term;
use crate::rules::Rule;
use crate::{Ctx, Location};

/// The PF rules, in code order.
pub(crate) fn rules() -> Vec<Rule> {
    let mut all = [
        funds::RULES,
        scores::RULES,
        weights::RULES,
        tables::RULES,
        grades::RULES,
    ]
    .concat();
    all.sort_by_key(|r| r.meta.code);
    all
}

pub(super) fn project_at(p: &ProjectEvaluation) -> Location {
    Location::project(&p.seq, &p.name)
}

/// A figure as a number: `94.1%` → 94.1; blanks and `—`, `/`, `无` → none.
pub(crate) fn num(f: &Option<Figure>) -> Option<Decimal> {
    f.as_ref().and_then(Figure::number)
}

/// The scores and weights of every project table, parsed once per audit (many rules read
/// them).
pub(crate) struct Numbers {
    projects: Vec<ProjectNumbers>,
}

pub(super) struct ProjectNumbers {
    funds_weight: Option<Decimal>,
    funds_score: Option<Decimal>,
    total_score: Option<Decimal>,
    /// 全年执行数 and 全年预算数 of the 年度资金总额 line.
    executed: Option<Amount>,
    budget: Option<Amount>,
    /// (分值, 得分) of each indicator row.
    rows: Vec<(Option<Decimal>, Option<Decimal>)>,
    /// The weights stated for each row's 一级 and 二级 indicator.
    levels: Vec<(Option<Decimal>, Option<Decimal>)>,
}

/// Each project with its parsed numbers.
pub(super) fn projects<'c>(
    ctx: &'c Ctx,
) -> impl Iterator<Item = (&'c ProjectEvaluation, &'c ProjectNumbers)> {
    let numbers = ctx.performance.get_or_init(|| Numbers {
        projects: ctx
            .pkg
            .performance
            .projects
            .iter()
            .map(|p| ProjectNumbers {
                funds_weight: num(&p.funds.total.weight),
                funds_score: num(&p.funds.total.score),
                total_score: num(&p.total_score),
                executed: money(&p.funds.total.executed),
                budget: money(&p.funds.total.full_year_budget),
                rows: p
                    .indicators
                    .iter()
                    .map(|i| (num(&i.weight), num(&i.score)))
                    .collect(),
                levels: p
                    .indicators
                    .iter()
                    .map(|i| (num(&i.level1_weight), num(&i.level2_weight)))
                    .collect(),
            })
            .collect(),
    });
    ctx.pkg.performance.projects.iter().zip(&numbers.projects)
}

/// A figure as money in 万元.
pub(super) fn money(f: &Option<Figure>) -> Option<Amount> {
    f.as_ref()
        .and_then(|f| Amount::parse(f.text(), MoneyUnit::Wan).ok().flatten())
}

/// Decimals of scores in a project: the finest printed, at least the profile's.
pub(super) fn score_decimals(ctx: &Ctx, n: &ProjectNumbers) -> u32 {
    std::iter::once(n.funds_score)
        .chain(std::iter::once(n.total_score))
        .chain(n.rows.iter().map(|r| r.1))
        .flatten()
        .map(|x| x.scale())
        .fold(ctx.profile.score_decimals, u32::max)
        .min(6)
}

/// The execution ratio 全年执行数 ÷ 全年预算数 read in 万元, and how the amounts were
/// scaled: one test ([`juesuan_performance::funds::scale`]) decides which amounts were typed in
/// 元, for these rules and the scoring engine alike.
pub(super) fn execution(ctx: &Ctx, n: &ProjectNumbers) -> Option<(Decimal, Scaled)> {
    let e = n.executed?.value();
    let b = n.budget?.value();
    let scaled = scale(e, b, juesuan_performance::summary::unit_total(ctx.pkg));
    (!scaled.budget.is_zero()).then(|| (scaled.executed / scaled.budget, scaled))
}

/// The stated rate as a fraction: `94.1%` → 0.941; `100` → 1.00; `0.94` → 0.94.
pub(super) fn stated_rate(f: &Figure) -> Option<Term> {
    let n = f.number()?;
    let pct = if f.is_percent() || n > Decimal::new(15, 1) {
        n
    } else {
        n * Decimal::ONE_HUNDRED
    };
    let dec = if f.is_percent() || n > Decimal::new(15, 1) {
        n.scale()
    } else {
        n.scale().saturating_sub(2)
    };
    Some(Term::with_decimals(pct, dec))
}
