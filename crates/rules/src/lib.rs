//! The audit: every identity between and within the tables and the performance tables,
//! rounding-aware, as findings a reviewer can act on.
//!
//! Each rule is a [`Rule`]: a [`juesuan_diagnostics::Meta`] (a stable code such as `T3-002`,
//! `X-012`, `PF-003`, a Chinese name, a severity, a family, documentation in sections), a
//! check function, and fixtures that show it fire and stay silent. Rules live in
//! `rules/*.rs`, one file per table or family; the registry is [`rules::ALL`]. [`audit`] runs
//! them over a package into a [`Report`] of typed findings, which
//! `juesuan_diagnostics::render` draws as text, JSON, CSV or HTML. Bureaus add rules without
//! recompiling through [`custom`].

pub mod against;
pub mod compare;
pub mod custom;
pub mod finding;
pub mod interval;
pub mod mutate;
pub mod reasons;
pub mod rules;
pub mod testing;

mod ctx;

pub use ctx::Ctx;
pub use finding::{Finding, Location, Report, Severity};
pub use juesuan_diagnostics::Sink;
pub use rules::{ALL, QUALITY, Rule, rule};

use juesuan_model::{Catalog, DisclosureKind, Package};

/// Runs every built-in rule over a package.
pub fn audit(package: &Package, catalog: &Catalog) -> Report {
    audit_with(package, catalog, &[])
}

/// Runs the built-in rules `keep` selects (by their [`juesuan_diagnostics::Meta`]).
pub fn audit_where(
    package: &Package,
    catalog: &Catalog,
    keep: fn(&juesuan_diagnostics::Meta) -> bool,
) -> Report {
    run_where(Ctx::new(package, catalog), keep)
}

/// Runs the built-in rules `keep` selects on tables read from a published document
/// ([`Ctx::published`]).
pub fn audit_published(
    package: &Package,
    catalog: &Catalog,
    keep: fn(&juesuan_diagnostics::Meta) -> bool,
) -> Report {
    let mut ctx = Ctx::new(package, catalog);
    ctx.published = true;
    run_where(ctx, keep)
}

/// Whether a rule applies to a package of this kind: budget rules (`B`) to budgets, the
/// rules of final-accounts tables and explanations to final accounts, the catalog rules
/// (`C`, codes and names) and the performance rules to both.
pub fn applies(meta: &juesuan_diagnostics::Meta, kind: DisclosureKind) -> bool {
    use juesuan_diagnostics::Family;
    match meta.family {
        Family::Budget => kind == DisclosureKind::Budget,
        Family::Package => kind == DisclosureKind::Final || meta.code.starts_with("C-"),
        Family::Document | Family::Performance => true,
        // run by `check --against` / `--prior` on two inputs, never by the audit
        Family::Against => false,
    }
}

fn run_where(ctx: Ctx<'_>, keep: fn(&juesuan_diagnostics::Meta) -> bool) -> Report {
    let mut findings = Vec::new();
    let kind = ctx.pkg.kind;
    for rule in rules::ALL
        .iter()
        .filter(|r| keep(&r.meta) && applies(&r.meta, kind))
    {
        (rule.check)(&ctx, &mut rule.sink(&mut findings));
    }
    Report::new(findings)
}

/// Runs the rules of the performance tables: their arithmetic (`PF`) and the quality of
/// their indicators (`PQ`), as `juesuan perf` reports them.
pub fn audit_performance(package: &Package, catalog: &Catalog) -> Report {
    let ctx = Ctx::new(package, catalog);
    let mut findings = Vec::new();
    let performance = rules::ALL
        .iter()
        .filter(|r| r.meta.family == juesuan_diagnostics::Family::Performance);
    for rule in performance.chain(rules::QUALITY) {
        (rule.check)(&ctx, &mut rule.sink(&mut findings));
    }
    Report::new(findings)
}

/// The errors of a report as a draft document lists them at its end: `[code] message（place）`.
pub fn open_errors(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("[{}] {}（{}）", f.code, f.message, f.location))
        .collect()
}

/// Runs every built-in rule and the given custom rules.
pub fn audit_with(package: &Package, catalog: &Catalog, custom: &[custom::CustomRule]) -> Report {
    let ctx = Ctx::new(package, catalog);
    let mut findings = Vec::new();
    for rule in rules::ALL.iter().filter(|r| applies(&r.meta, package.kind)) {
        (rule.check)(&ctx, &mut rule.sink(&mut findings));
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
    let mut report = Report::new(findings);
    report.skipped = skipped;
    report
}
