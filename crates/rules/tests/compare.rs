//! 预算 ↔ 决算 (`compare`): every comparison rule fires and stays silent as its fixtures say,
//! what it says is a reviewed snapshot (`tests/snapshots/compare__CODE.snap`), and the
//! acceptance pairs of issue 20 (`tests/fixtures/compare/`): a 决算 whose 年初预算 differs from
//! its 预算 in two lines reports both with codes and amounts; an agreeing pair reports
//! nothing; a budget whose 上年 figure differs from last year's budget is reported.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use juesuan_diagnostics::{Subject, render};
use juesuan_model::Package;
use juesuan_rules::compare::{self, CompareBase, CompareFixture, Compared, Pair, Refused};
use juesuan_rules::{mutate, testing};
use rust_decimal::Decimal;

fn packages(fx: &CompareFixture) -> Result<(Package, Package), String> {
    let (a, b) = testing::compare_base(fx.base);
    // an edit goes through the package's JSON form, which keeps values in 万元: a package
    // without edits is kept as read, its 元 figures quoted as written
    let edit = |p: Package, edits: &[&str]| {
        if edits.is_empty() {
            Ok(p)
        } else {
            mutate::apply(&p, edits)
        }
    };
    Ok((edit(a, fx.first)?, edit(b, fx.second)?))
}

fn run(fx: &CompareFixture) -> Compared {
    let (a, b) = packages(fx).unwrap();
    compare::compare(&a, &b).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn every_comparison_rule_fires_and_stays_silent_as_its_fixtures_say() {
    let mut failures = Vec::new();
    for rule in compare::RULES {
        let code = rule.meta.code;
        assert!(
            code.starts_with("B-1"),
            "{code}: comparison codes are B-1xx"
        );
        assert!(rule.fixtures.iter().any(|f| f.fires), "{code} never fires");
        for (i, fx) in rule.fixtures.iter().enumerate() {
            let (a, b) = match packages(fx) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(format!("{code} fixture {i}: {e}"));
                    continue;
                }
            };
            let compared = match compare::compare(&a, &b) {
                Ok(c) => c,
                Err(e) => {
                    failures.push(format!("{code} fixture {i}: {e}"));
                    continue;
                }
            };
            let hits = compared.report.of(code);
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
fn what_each_comparison_rule_says_is_its_reviewed_snapshot() {
    for rule in compare::RULES {
        let code = rule.meta.code;
        let fx = rule.fixtures.iter().find(|f| f.fires).unwrap();
        let compared = run(fx);
        let mut text = format!("{:?} {:?} {:?}\n\n", fx.base, fx.first, fx.second);
        for f in compared.report.of(code) {
            text.push_str(&render::text::finding(f));
            text.push('\n');
        }
        insta::assert_snapshot!(code, text);
    }
}

#[test]
fn every_comparison_rule_has_a_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for rule in compare::RULES {
        let snap = dir.join(format!("compare__{}.snap", rule.meta.code));
        assert!(snap.is_file(), "{} has no snapshot", rule.meta.code);
    }
}

/// The acceptance pair: two lines of the 决算's 年初预算 differ from the budget.
#[test]
fn two_lines_that_differ_are_both_reported_with_codes_and_amounts() {
    let (acc, bud) = testing::compare_base(CompareBase::Accounts);
    let acc = mutate::apply(
        &acc,
        &[
            "tables.general_budget.rows[2010601].initial_budget = 1570.05",
            "tables.general_budget.rows[2101101].initial_budget = 62.92",
        ],
    )
    .unwrap();
    // order free: the budget first
    let compared = compare::compare(&bud, &acc).unwrap();
    let found = &compared.report.findings;
    assert_eq!(found.len(), 2, "{found:#?}");
    let mut seen = Vec::new();
    for f in found {
        assert_eq!(f.code, "B-101");
        assert_eq!(f.severity, juesuan_diagnostics::Severity::Error);
        let Subject::Table { table, row, column } = &f.location.subject else {
            panic!("not a table location: {:?}", f.location)
        };
        assert_eq!(table.key.as_deref(), Some("general_budget"));
        assert_eq!(column.as_deref(), Some("年初预算数"));
        let row = row.as_ref().unwrap();
        let stated = f.values[0].quantity.clone();
        let budget = f.values[1].quantity.clone();
        seen.push((
            row.code.clone().unwrap(),
            row.name.clone(),
            stated,
            budget,
            f.arithmetic.as_ref().unwrap().difference,
        ));
    }
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    let number = |q: &juesuan_diagnostics::Quantity| match q {
        juesuan_diagnostics::Quantity::Number { value, .. } => *value,
        other => panic!("not a number: {other:?}"),
    };
    assert_eq!(seen[0].0, "2010601");
    assert_eq!(seen[0].1, "行政运行");
    assert_eq!(number(&seen[0].2), dec("1570.05"));
    // 15,600,460 元
    assert_eq!(number(&seen[0].3), dec("1560.046"));
    assert_eq!(seen[0].4, dec("10.004"));
    assert_eq!(seen[1].0, "2101101");
    assert_eq!(seen[1].1, "行政单位医疗");
    assert_eq!(number(&seen[1].2), dec("62.92"));
    assert_eq!(number(&seen[1].3), dec("62.29"));
    assert_eq!(seen[1].4, dec("0.63"));
    // the messages quote the budget as written, in 元
    assert!(
        found.iter().any(|f| f.message.contains("15600460元")),
        "{found:#?}"
    );
    assert!(
        compared.summary().contains("2 处不一致"),
        "{}",
        compared.summary()
    );
}

#[test]
fn an_agreeing_pair_reports_nothing() {
    let (acc, bud) = testing::compare_base(CompareBase::Accounts);
    let compared = compare::compare(&acc, &bud).unwrap();
    assert!(
        compared.report.findings.is_empty(),
        "{:#?}",
        compared.report.findings
    );
    // 合计 + 11 项 of 一般公共预算, 4 “三公” items stated on either side
    assert!(compared.figures >= 12, "compared {}", compared.figures);
    for base in [CompareBase::Budgets, CompareBase::NextBudget] {
        let (a, b) = testing::compare_base(base);
        let c = compare::compare(&b, &a).unwrap();
        assert!(c.report.findings.is_empty(), "{base:?}: {:#?}", c.report);
        assert!(c.figures > 0, "{base:?} compared nothing");
    }
}

#[test]
fn a_prior_year_figure_that_differs_from_last_years_budget_is_reported() {
    let (last, this) = testing::compare_base(CompareBase::Budgets);
    let this = mutate::apply(&this, &["prior_year.three_public_reception = 1.50"]).unwrap();
    let compared = compare::compare(&this, &last).unwrap();
    assert!(matches!(
        compare::pair(&this, &last).unwrap(),
        Pair::Budgets { .. }
    ));
    let found = &compared.report.findings;
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.code, "B-111");
    assert!(f.message.contains("上年公务接待费"), "{}", f.message);
    let a = f.arithmetic.as_ref().unwrap();
    assert_eq!(a.stated, dec("1.50"));
    assert_eq!(a.computed, dec("0.95"));
    assert_eq!(a.difference, dec("0.55"));
}

#[test]
fn rounding_at_the_coarser_precision_is_not_a_difference() {
    let (acc, bud) = testing::compare_base(CompareBase::Accounts);
    // 15,600,549 元 is 1560.05 万元 at 2 decimals; 15,600,551 元 is 1560.06
    let near = mutate::apply(
        &bud,
        &["tables.general_budget.rows[2010601].total = 15600549元"],
    )
    .unwrap();
    assert!(
        compare::compare(&acc, &near)
            .unwrap()
            .report
            .of("B-101")
            .is_empty()
    );
    let off = mutate::apply(
        &bud,
        &["tables.general_budget.rows[2010601].total = 15600551元"],
    )
    .unwrap();
    let c = compare::compare(&acc, &off).unwrap();
    assert_eq!(c.report.of("B-101").len(), 1, "{:#?}", c.report);
}

#[test]
fn pairs_that_cannot_be_compared_are_refused_naming_both() {
    let (acc, bud) = testing::compare_base(CompareBase::Accounts);
    let (b24, b25) = testing::compare_base(CompareBase::Budgets);
    let refused = |a: &Package, b: &Package| compare::pair(a, b).unwrap_err();
    let e = refused(&acc, &acc);
    assert!(matches!(e, Refused::BothFinal(..)));
    let mut b26 = b25.clone();
    b26.unit.year = 2026;
    let e = refused(&b24, &b26);
    assert!(matches!(e, Refused::Budgets(..)));
    assert!(e.to_string().contains("2024年预算") && e.to_string().contains("2026年预算"));
    let other = mutate::apply(&bud, &["unit.name = 上海市普陀区审计局"]).unwrap();
    let e = refused(&acc, &other);
    assert_eq!(
        e.to_string(),
        "“上海市普陀区财政局2024年决算”与“上海市普陀区审计局2024年预算”不是同一单位，无法比较。"
    );
    let e = refused(&acc, &b26);
    assert!(matches!(e, Refused::Years(..)), "{e}");
    // a 决算 and the next year's budget make a pair, in either order
    assert!(matches!(
        compare::pair(&b25, &acc).unwrap(),
        Pair::NextBudget { .. }
    ));
    assert!(matches!(
        compare::pair(&bud, &acc).unwrap(),
        Pair::Accounts { .. }
    ));
}

/// Level matching: a 决算 stating 年初预算 by 类 against a budget printing 项 only.
#[test]
fn a_class_figure_is_compared_with_the_sum_of_the_budgets_items() {
    let (acc, bud) = testing::compare_base(CompareBase::Accounts);
    let acc = mutate::apply(
        &acc,
        &[
            "delete tables.general_budget.rows[2080501].initial_budget",
            "delete tables.general_budget.rows[2080505].initial_budget",
            "delete tables.general_budget.rows[2080506].initial_budget",
            "delete tables.general_budget.rows[2080599].initial_budget",
            "tables.general_budget.rows[208].initial_budget = 338.92",
        ],
    )
    .unwrap();
    let bud = mutate::apply(
        &bud,
        &[
            "delete tables.general_budget.rows[208]",
            "delete tables.general_budget.rows[20805]",
        ],
    )
    .unwrap();
    let c = compare::compare(&acc, &bud).unwrap();
    let found = c.report.of("B-101");
    assert_eq!(found.len(), 1, "{:#?}", c.report);
    assert!(
        found[0].message.contains("由预算表4个下级科目加总"),
        "{}",
        found[0].message
    );
    assert_eq!(
        found[0].arithmetic.as_ref().unwrap().computed,
        dec("328.92")
    );
}
