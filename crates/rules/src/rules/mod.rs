//! The rule catalogue. One file per table or family; each exports `RULES`, and [`ALL`]
//! concatenates them. Adding a rule touches its family file only: the `Rule` entry with
//! its explanation and fixtures, and its check function.
//!
//! Codes: `T1`–`T12` follow the national table order of the Beijing list (收入支出决算总表 …
//! 政府购买服务), whatever number a profile prints; `X` cross-table; `C` catalog; `E`
//! explanation inputs; `P` plausibility; `B` budgets (预算, in `budget/`); `PF` performance
//! tables; `PQ` the quality of performance indicators (not part of the audit: [`QUALITY`]).

pub mod common;

mod appropriation;
mod basic;
mod budget;
mod catalog;
mod coded;
mod cross;
pub(crate) mod explanation;
mod funds;
pub(crate) mod performance;
mod plausibility;
mod procurement;
mod summary;
mod three_public;

use std::sync::LazyLock;

use crate::{Ctx, Sink};

/// Which package a fixture starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// A small, fully consistent synthetic package (Beijing profile, every table filled).
    Synthetic,
    /// The Shanghai example (Putuo).
    Shanghai,
    /// The Beijing example (Xicheng).
    Beijing,
    /// A small, fully consistent synthetic budget (预算) of the Shanghai district format:
    /// tables 1–8 in 元, table 9 in 万元, 项目绩效目标表 ([`crate::testing::synthetic_budget`]).
    SyntheticBudget,
    /// The Shanghai budget example (普陀区财政局 2025年部门预算, transcribed from the PDF).
    ShanghaiBudget,
}

/// A fixture: a base package, edits in the [`crate::mutate`] language, and whether the
/// rule must fire on the result. With no edits and `fires: false` it shows the rule silent.
#[derive(Debug, Clone, Copy)]
pub struct Fixture {
    /// Starting package.
    pub base: Base,
    /// Edits applied in order.
    pub edits: &'static [&'static str],
    /// Whether the rule fires.
    pub fires: bool,
    /// The tables are audited as read from a published document ([`crate::Ctx::published`]).
    pub published: bool,
}

/// A fixture that makes the rule fire.
pub const fn fires(base: Base, edits: &'static [&'static str]) -> Fixture {
    Fixture {
        base,
        edits,
        fires: true,
        published: false,
    }
}

/// A fixture that makes the rule fire on tables read from a published document.
pub const fn fires_published(base: Base, edits: &'static [&'static str]) -> Fixture {
    Fixture {
        base,
        edits,
        fires: true,
        published: true,
    }
}

/// A fixture on which the rule stays silent.
pub const fn silent(base: Base, edits: &'static [&'static str]) -> Fixture {
    Fixture {
        base,
        edits,
        fires: false,
        published: false,
    }
}

pub use juesuan_diagnostics::{Doc, Family, Meta};

/// The check of a package rule.
pub type Check = for<'a, 'b, 'c> fn(&'a Ctx<'b>, &mut Sink<'c>);

/// A rule of the audit: a [`Meta`] (code, name, severity, family, documentation), its check
/// over the audit's [`Ctx`], and fixtures showing it fire and stay silent.
pub type Rule = juesuan_diagnostics::Rule<Check, Fixture>;

/// Every built-in rule, in catalogue order.
pub static ALL: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    [
        summary::RULES,
        coded::RULES,
        appropriation::RULES,
        basic::RULES,
        funds::RULES,
        three_public::RULES,
        procurement::RULES,
        cross::RULES,
        catalog::RULES,
        explanation::RULES,
        plausibility::RULES,
        &budget::rules(),
        &performance::rules(),
    ]
    .concat()
});

/// The indicator-quality rules (`PQ`): judgements on a performance table's wording that
/// `juesuan perf` reports with the PF rules; the audit does not run them.
pub static QUALITY: &[Rule] = performance::quality::RULES;

/// The rule with this code (case-insensitive), of the audit or the quality rules.
pub fn rule(code: &str) -> Option<&'static Rule> {
    ALL.iter()
        .chain(QUALITY)
        .find(|r| r.meta.code.eq_ignore_ascii_case(code.trim()))
}
