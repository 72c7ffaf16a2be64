//! 公开监督 (`check --against`, `--prior`): every `A` rule fires and stays silent as its
//! fixtures say, what it says is a reviewed snapshot (`tests/snapshots/against__CODE.snap`),
//! and the package-level acceptance: a package against itself reports nothing, three cells
//! changed report exactly those three by table, line and column.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use juesuan_diagnostics::{Subject, render};
use juesuan_rules::against::{self, Against};
use juesuan_rules::rules::Base;
use juesuan_rules::{mutate, testing};

fn run(fx: &against::AgainstFixture) -> Against {
    against::run_fixture(fx).unwrap()
}

#[test]
fn every_against_rule_fires_and_stays_silent_as_its_fixtures_say() {
    let mut failures = Vec::new();
    for rule in against::RULES {
        let code = rule.meta.code;
        assert!(code.starts_with("A-"), "{code}: 公开监督 codes are A-…");
        assert!(rule.fixtures.iter().any(|f| f.fires), "{code} never fires");
        for (i, fx) in rule.fixtures.iter().enumerate() {
            let got = match against::run_fixture(fx) {
                Ok(c) => c,
                Err(e) => {
                    failures.push(format!("{code} fixture {i}: {e}"));
                    continue;
                }
            };
            let hits = got.report.of(code);
            if fx.fires == hits.is_empty() {
                failures.push(format!(
                    "{code} fixture {i} ({:?} {:?} {:?}): expected {}, got {:?}",
                    fx.base,
                    fx.first,
                    fx.second,
                    if fx.fires { "to fire" } else { "silence" },
                    hits.iter().map(|f| &f.message).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn what_each_against_rule_says_is_its_reviewed_snapshot() {
    for rule in against::RULES {
        let code = rule.meta.code;
        let fx = rule.fixtures.iter().find(|f| f.fires).unwrap();
        let got = run(fx);
        let mut text = format!("{:?} {:?} {:?}\n\n", fx.base, fx.first, fx.second);
        for f in got.report.of(code) {
            text.push_str(&render::text::finding(f));
            text.push('\n');
        }
        insta::assert_snapshot!(code, text);
    }
}

#[test]
fn every_against_rule_has_a_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for rule in against::RULES {
        let snap = dir.join(format!("against__{}.snap", rule.meta.code));
        assert!(snap.is_file(), "{} has no snapshot", rule.meta.code);
    }
}

/// Each example against itself: every figure compared, nothing different, nothing left
/// unverified.
#[test]
fn each_example_against_itself_agrees_in_every_figure() {
    for base in [Base::Shanghai, Base::Beijing, Base::ShanghaiBudget] {
        let p = testing::base(base);
        let got = against::against(&p, &p, false);
        assert!(
            got.report.findings.is_empty(),
            "{base:?}: {:#?}",
            got.report.findings
        );
        let n = p.tables.figures().len();
        assert!(
            got.figures >= n,
            "{base:?}: compared {} of {n}",
            got.figures
        );
        assert_eq!(got.unverified, 0, "{base:?}");
    }
}

/// Three cells changed in the published side (a coded row, a line of a two-sided table, a
/// “三公” column): exactly those three, each with its table, line and column.
#[test]
fn three_cells_changed_are_exactly_the_three_reported() {
    let approved = testing::base(Base::Shanghai);
    let published = mutate::apply(
        &approved,
        &[
            "tables.general_budget.rows[2010601].basic += 1",
            "tables.summary.income.general_budget -= 0.02",
            "tables.three_public.actual.reception += 0.5",
        ],
    )
    .unwrap();
    let got = against::against(&approved, &published, true);
    let mut seen: Vec<(String, Option<String>, String, Option<String>)> = got
        .report
        .findings
        .iter()
        .map(|f| {
            assert_eq!(f.code, "A-001", "{}", f.message);
            let Subject::Table { table, row, column } = &f.location.subject else {
                panic!("not a table location: {:?}", f.location)
            };
            let row = row.clone().unwrap();
            (
                table.key.clone().unwrap(),
                row.code,
                row.name,
                column.clone(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        vec![
            (
                "general_budget".to_string(),
                Some("2010601".to_string()),
                "行政运行".to_string(),
                Some("基本支出".to_string())
            ),
            (
                "summary".to_string(),
                None,
                "一般公共预算财政拨款收入".to_string(),
                None
            ),
            (
                "three_public".to_string(),
                None,
                "公务接待费".to_string(),
                Some("决算数".to_string())
            ),
        ]
    );
    assert_eq!(got.unverified, 0);
}
