//! Every rule's fixtures: it fires where it must and stays silent where it must; every rule
//! fires in at least one fixture.
#![allow(clippy::unwrap_used)]

use juesuan_rules::rules::Base;
use juesuan_rules::{ALL, audit, mutate, testing};

#[test]
fn every_rule_fires_and_stays_silent_as_its_fixtures_say() {
    let mut failures = Vec::new();
    for rule in ALL.iter() {
        assert!(
            rule.fixtures.iter().any(|f| f.fires),
            "{} has no fixture that makes it fire",
            rule.code
        );
        for (i, fx) in rule.fixtures.iter().enumerate() {
            let base = testing::base(fx.base);
            let pkg = match mutate::apply(&base, fx.edits) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(format!("{} fixture {i}: {e}", rule.code));
                    continue;
                }
            };
            let report = audit(&pkg, &testing::catalog(fx.base));
            let hits = report.of(rule.code);
            if fx.fires == hits.is_empty() {
                failures.push(format!(
                    "{} fixture {i} ({:?} {:?}): expected {}, got {} finding(s): {:?}",
                    rule.code,
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

#[test]
fn codes_are_unique_and_well_formed() {
    let mut seen = std::collections::HashSet::new();
    for r in ALL.iter() {
        assert!(seen.insert(r.code), "duplicate {}", r.code);
        let (prefix, num) = r.code.split_once('-').unwrap();
        assert!(
            [
                "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12", "X",
                "C", "E", "P", "PF"
            ]
            .contains(&prefix),
            "{}",
            r.code
        );
        assert_eq!(num.len(), 3, "{}", r.code);
        assert!(!r.name.is_empty() && !r.explanation.is_empty() && !r.reference.is_empty());
    }
    assert!(ALL.len() >= 60, "{} rules", ALL.len());
}
