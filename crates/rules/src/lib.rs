//! The audit: every identity between and within the tables and the performance tables,
//! rounding-aware, as findings a reviewer can act on.
//!
//! Each rule is a [`Rule`]: a stable code (`T3-002`, `X-012`, `PF-003`), a Chinese name, a
//! severity, an explanation with its reference, a check function, and fixtures that show it
//! fire and stay silent. Rules live in `rules/*.rs`, one file per table or family; the
//! registry is [`rules::ALL`]. [`audit`] runs them over a package; [`report`] renders the
//! findings as compiler-style text, JSON or CSV. Bureaus add rules without recompiling
//! through [`custom`].

pub mod custom;
pub mod finding;
pub mod interval;
pub mod mutate;
pub mod report;
pub mod rules;
pub mod testing;

mod ctx;

pub use ctx::Ctx;
pub use finding::{Finding, Location, Report, Severity};
pub use rules::{ALL, Rule, rule};

use juesuan_model::{Catalog, Package};

/// Collects the findings of one rule.
pub struct Sink<'a> {
    rule: &'a Rule,
    out: &'a mut Vec<Finding>,
}

impl<'a> Sink<'a> {
    /// A sink for `rule` writing into `out`.
    pub fn new(rule: &'a Rule, out: &'a mut Vec<Finding>) -> Sink<'a> {
        Sink { rule, out }
    }

    /// A finding of this rule at `location`, to be completed and [`Sink::push`]ed.
    pub fn finding(&self, location: Location, message: impl Into<String>) -> Finding {
        Finding {
            code: self.rule.code.to_string(),
            severity: self.rule.severity,
            message: message.into(),
            location,
            values: Vec::new(),
            relation: None,
            mismatch: None,
            decimals: None,
            hint: None,
        }
    }

    /// Records a finding.
    pub fn push(&mut self, f: Finding) {
        self.out.push(f);
    }
}

/// Runs every built-in rule over a package.
pub fn audit(package: &Package, catalog: &Catalog) -> Report {
    audit_with(package, catalog, &[])
}

/// Runs every built-in rule and the given custom rules.
pub fn audit_with(package: &Package, catalog: &Catalog, custom: &[custom::CustomRule]) -> Report {
    let ctx = Ctx::new(package, catalog);
    let mut findings = Vec::new();
    for rule in rules::ALL.iter() {
        (rule.check)(&ctx, &mut Sink::new(rule, &mut findings));
    }
    let mut skipped = Vec::new();
    if !custom.is_empty() {
        let names = custom::Names::of(package);
        for c in custom {
            if !c.check(&names, &ctx, &mut findings) {
                skipped.push(c.code.clone());
            }
        }
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Report { findings, skipped }
}
