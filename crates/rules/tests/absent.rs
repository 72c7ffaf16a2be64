//! A figure the source does not print is unknown, never zero: a column missing from a
//! table's layout (the central format's 收入决算表 has no column the local one has, or the
//! reverse) and a line a two-sided table does not print give no finding, where the same
//! figure left blank in a complete table does.
#![allow(clippy::unwrap_used)]

use juesuan_model::Severity;
use juesuan_rules::rules::Base;
use juesuan_rules::{audit, mutate, testing};

fn errors(p: &juesuan_model::Package) -> Vec<String> {
    audit(p, &testing::catalog(Base::Shanghai))
        .findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code.to_string())
        .collect()
}

#[test]
fn a_column_the_layout_lacks_is_unknown() {
    let mut p = testing::base(Base::Shanghai);
    assert!(errors(&p).is_empty());
    // Blank the 其他收入 column of every row: with the column printed, the rows no longer add up.
    let inc = p.tables.income.as_mut().unwrap();
    assert!(inc.rows.iter().any(|r| r.other.is_some()));
    inc.total.other = None;
    inc.rows.iter_mut().for_each(|r| r.other = None);
    let blank = errors(&p);
    assert!(blank.iter().any(|c| c == "T2-001"), "{blank:?}");
    // Not printed at all: nothing can be said about the rows that need it.
    p.tables.income.as_mut().unwrap().absent = vec!["other".into()];
    let absent = errors(&p);
    assert!(!absent.iter().any(|c| c == "T2-001"), "{absent:?}");
}

#[test]
fn a_line_the_layout_does_not_print_is_unknown() {
    let mut p = testing::base(Base::Shanghai);
    p = mutate::apply(&p, &["tables.summary.income.general_budget = 0"]).unwrap();
    let zero = errors(&p);
    assert!(zero.iter().any(|c| c == "T1-001"), "{zero:?}");
    p.tables.summary.as_mut().unwrap().absent = vec!["income.general_budget".into()];
    let absent = errors(&p);
    assert!(!absent.iter().any(|c| c == "T1-001"), "{absent:?}");
}

#[test]
fn one_appropriation_line_stands_for_the_three() {
    let mut p = testing::base(Base::Shanghai);
    let s = p.tables.summary.as_mut().unwrap();
    let three: rust_decimal::Decimal = [
        s.income.general_budget,
        s.income.gov_fund,
        s.income.state_capital,
    ]
    .into_iter()
    .flatten()
    .map(|a| a.value())
    .sum();
    s.income.appropriation = Some(three.to_string().parse().unwrap());
    s.income.general_budget = None;
    s.income.state_capital = None;
    s.absent = vec![
        "income.general_budget".into(),
        "income.state_capital".into(),
    ];
    // 政府性基金 stays as its `其中` line: the sum takes 财政拨款收入 once.
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    p = mutate::apply(&p, &["tables.summary.income.appropriation += 1"]).unwrap();
    let off = errors(&p);
    assert!(off.iter().any(|c| c == "T1-001"), "{off:?}");
}
