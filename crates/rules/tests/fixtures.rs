//! Every rule's fixtures: it fires where it must and stays silent where it must; every rule
//! fires in at least one fixture; and what it says there — message, place, values, the
//! arithmetic — is a reviewed snapshot (`tests/snapshots/fixtures__CODE.snap`, one per rule).
#![allow(clippy::unwrap_used)]

use std::path::Path;

use juesuan_diagnostics::render;
use juesuan_rules::rules::{Base, Fixture};
use juesuan_rules::{
    ALL, QUALITY, Report, Rule, audit, audit_performance, audit_published, mutate, testing,
};

/// Every registered rule: the audit's and the indicator-quality rules.
fn every_rule() -> impl Iterator<Item = &'static Rule> {
    ALL.iter().chain(QUALITY)
}

/// The package of a fixture, audited, with the performance rules' findings (PF and PQ).
fn run(fx: &Fixture) -> Result<Report, String> {
    let base = testing::base(fx.base);
    let pkg = mutate::apply(&base, fx.edits)?;
    let catalog = testing::catalog(fx.base);
    let mut report = if fx.published {
        audit_published(&pkg, &catalog, |_| true)
    } else {
        audit(&pkg, &catalog)
    };
    report.findings.extend(
        audit_performance(&pkg, &catalog)
            .findings
            .into_iter()
            .filter(|f| f.code.starts_with("PQ-")),
    );
    Ok(report)
}

#[test]
fn every_rule_fires_and_stays_silent_as_its_fixtures_say() {
    let mut failures = Vec::new();
    for rule in every_rule() {
        let code = rule.meta.code;
        assert!(
            rule.fixtures.iter().any(|f| f.fires),
            "{code} has no fixture that makes it fire",
        );
        for (i, fx) in rule.fixtures.iter().enumerate() {
            let report = match run(fx) {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{code} fixture {i}: {e}"));
                    continue;
                }
            };
            let hits = report.of(code);
            if fx.fires == hits.is_empty() {
                failures.push(format!(
                    "{code} fixture {i} ({:?} {:?}): expected {}, got {} finding(s): {:?}",
                    fx.base,
                    fx.edits,
                    if fx.fires { "to fire" } else { "silence" },
                    hits.len(),
                    hits.iter().map(|f| &f.message).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// What each rule says on its first firing fixture, rendered as the terminal shows it.
#[test]
fn what_each_rule_says_is_its_reviewed_snapshot() {
    for rule in every_rule() {
        let code = rule.meta.code;
        let Some(fx) = rule.fixtures.iter().find(|f| f.fires) else {
            continue;
        };
        let report = run(fx).unwrap();
        let mut text = format!("{:?} {:?}\n\n", fx.base, fx.edits);
        for f in report.of(code) {
            text.push_str(&render::text::finding(f));
            text.push('\n');
        }
        insta::assert_snapshot!(code, text);
    }
}

/// A rule without a snapshot, or a snapshot without a rule, fails: every registered rule's
/// output has been looked at by a person.
#[test]
fn every_rule_has_a_snapshot_and_every_snapshot_a_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let codes: Vec<&str> = every_rule().map(|r| r.meta.code).collect();
    for code in &codes {
        let snap = dir.join(format!("fixtures__{code}.snap"));
        assert!(snap.is_file(), "{code} has no snapshot {}", snap.display());
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(code) = name
            .strip_prefix("fixtures__")
            .and_then(|n| n.strip_suffix(".snap"))
        else {
            continue;
        };
        assert!(
            codes.contains(&code),
            "{name} belongs to no registered rule"
        );
    }
}

#[test]
fn the_synthetic_base_is_clean() {
    let report = audit(
        &testing::base(Base::Synthetic),
        &testing::catalog(Base::Synthetic),
    );
    let all: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.code, f.location, f.message))
        .collect();
    assert!(all.is_empty(), "{all:#?}");
}

/// The synthetic budget is consistent: no rule (budget, catalog or performance) fires, and
/// the budget rules run on it (a budget is not audited as final accounts).
#[test]
fn the_synthetic_budget_base_is_clean_and_audited_as_a_budget() {
    let pkg = testing::base(Base::SyntheticBudget);
    assert!(pkg.is_budget());
    let catalog = testing::catalog(Base::SyntheticBudget);
    let report = audit(&pkg, &catalog);
    let all: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.code, f.location, f.message))
        .collect();
    assert!(all.is_empty(), "{all:#?}");
    // a final-accounts rule would fire on a budget's missing 年初结转 lines; a budget rule
    // fires on a broken budget identity
    let broken = mutate::apply(&pkg, &["tables.summary.income.grand_total += 1"]).unwrap();
    let codes: Vec<String> = audit(&broken, &catalog)
        .findings
        .iter()
        .map(|f| f.code.to_string())
        .collect();
    assert!(codes.iter().any(|c| c == "B-001"), "{codes:?}");
    assert!(codes.iter().all(|c| c.starts_with("B-")), "{codes:?}");
}

/// The Shanghai budget example, transcribed from the published PDF, passes the audit.
#[test]
fn the_shanghai_budget_example_is_clean() {
    let pkg = testing::base(Base::ShanghaiBudget);
    assert!(pkg.is_budget());
    let report = audit(&pkg, &testing::catalog(Base::ShanghaiBudget));
    let all: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.code, f.location, f.message))
        .collect();
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn codes_are_unique_and_well_formed() {
    let mut seen = std::collections::HashSet::new();
    for r in every_rule() {
        let m = &r.meta;
        assert!(seen.insert(m.code), "duplicate {}", m.code);
        let (prefix, num) = m.code.split_once('-').unwrap();
        assert!(
            [
                "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12", "X",
                "C", "E", "P", "B", "PF", "PQ"
            ]
            .contains(&prefix),
            "{}",
            m.code
        );
        assert_eq!(num.len(), 3, "{}", m.code);
        assert!(!m.name.is_empty() && !m.doc.what.is_empty());
    }
    assert!(ALL.len() >= 60, "{} rules", ALL.len());
}
