//! The rule catalogue. One file per table or family; each exports `RULES`, and [`ALL`]
//! concatenates them. Adding a rule touches its family file only: the `Rule` entry with
//! its explanation and fixtures, and its check function.
//!
//! Codes: `T1`–`T12` follow the national table order of the Beijing list (收入支出决算总表 …
//! 政府购买服务), whatever number a profile prints; `X` cross-table; `C` catalog; `E`
//! explanation inputs; `P` plausibility; `PF` performance.

pub mod common;

mod appropriation;
mod basic;
mod catalog;
mod coded;
mod cross;
mod explanation;
mod funds;
pub(crate) mod performance;
mod plausibility;
mod procurement;
mod summary;
mod three_public;

use std::sync::LazyLock;

use crate::finding::Severity;
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
}

/// A fixture that makes the rule fire.
pub const fn fires(base: Base, edits: &'static [&'static str]) -> Fixture {
    Fixture {
        base,
        edits,
        fires: true,
    }
}

/// A fixture on which the rule stays silent.
pub const fn silent(base: Base, edits: &'static [&'static str]) -> Fixture {
    Fixture {
        base,
        edits,
        fires: false,
    }
}

/// A rule of the audit.
#[derive(Clone, Copy)]
pub struct Rule {
    /// Stable code.
    pub code: &'static str,
    /// Chinese name.
    pub name: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// One paragraph: what it checks, why, and what to do.
    pub explanation: &'static str,
    /// Table, identity or regulation it rests on.
    pub reference: &'static str,
    /// The check.
    pub check: fn(&Ctx, &mut Sink),
    /// Fixtures showing it fire and stay silent.
    pub fixtures: &'static [Fixture],
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rule({})", self.code)
    }
}

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
        performance::RULES,
    ]
    .concat()
});

/// The rule with this code (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    ALL.iter()
        .find(|r| r.code.eq_ignore_ascii_case(code.trim()))
}
