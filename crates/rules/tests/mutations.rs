//! Mutation test on the Shanghai example: single mutations (a cell moved by ±0.01 … ±1000,
//! two rows' figures swapped, a row deleted, a code changed). Each mutation that breaks an
//! identity beyond rounding must be caught by the expected rule; none that stays within
//! rounding may produce an error.
#![allow(clippy::unwrap_used)]

use juesuan_model::Catalog;
use juesuan_rules::rules::Base;
use juesuan_rules::{Severity, audit, mutate, testing};

/// (edit, rule that must fire)
const BREAKS: &[(&str, &str)] = &[
    ("tables.summary.income.general_budget += 1", "T1-001"),
    ("tables.summary.income.other += 1000", "X-004"),
    ("tables.summary.income.total -= 0.05", "T1-002"),
    ("tables.summary.income.opening_carryover += 10", "T1-002"),
    ("tables.summary.expenditure[201].amount += 0.1", "T1-003"),
    (
        "tables.summary.expenditure_totals.closing_carryover -= 1",
        "T1-004",
    ),
    (
        "tables.summary.expenditure_totals.grand_total += 100",
        "T1-005",
    ),
    ("tables.income.rows[2010601].total += 0.05", "T2-001"),
    ("tables.income.rows[2010602].other -= 1", "T2-001"),
    ("tables.income.rows[20805].appropriation += 10", "T2-002"),
    ("tables.income.total.total += 1", "T2-003"),
    ("tables.expenditure.rows[2010601].basic -= 0.1", "T3-002"),
    ("tables.expenditure.rows[2080505].total += 1000", "T3-001"),
    ("tables.expenditure.total.project += 1", "T3-003"),
    ("tables.expenditure.rows[210].total -= 10", "X-006"),
    (
        "tables.appropriation_summary.income.general_budget -= 1",
        "X-001",
    ),
    (
        "tables.appropriation_summary.income.opening_carryover += 1",
        "T4-002",
    ),
    (
        "tables.appropriation_summary.expenditure[208].total += 0.5",
        "T4-004",
    ),
    (
        "tables.appropriation_summary.expenditure_total.general_budget += 1",
        "X-007",
    ),
    (
        "tables.appropriation_summary.closing_carryover.total -= 1",
        "T4-006",
    ),
    (
        "tables.appropriation_summary.grand_total.total += 1000",
        "T4-007",
    ),
    ("tables.general_budget.rows[2010601].project += 1", "T5-001"),
    ("tables.general_budget.rows[221].total += 0.1", "X-008"),
    ("tables.general_budget.total.basic -= 1", "X-009"),
    ("tables.general_budget.total.initial_budget += 10", "T5-004"),
    (
        "tables.general_budget_basic.rows[30101].amount += 1",
        "T6-001",
    ),
    (
        "tables.general_budget_basic.rows[303].amount += 0.5",
        "T6-002",
    ),
    ("tables.general_budget_basic.total.public -= 1", "T6-003"),
    (
        "tables.general_budget_basic.total.personnel += 1000",
        "X-009",
    ),
    ("tables.three_public.budget.total += 1", "T10-001"),
    ("tables.three_public.actual.reception = 0.50", "T10-001"),
    ("tables.procurement.figures.goods += 10", "T11-001"),
    (
        "tables.procurement.figures.other_sme_awarded += 100",
        "T11-005",
    ),
    (
        "swap tables.expenditure.rows[2010607].total tables.expenditure.rows[2010608].total",
        "T3-001",
    ),
    (
        "swap tables.income.rows[2080501].total tables.income.rows[2080505].total",
        "T2-001",
    ),
    ("delete tables.income.rows[2010607]", "T2-002"),
    ("delete tables.general_budget_basic.rows[30229]", "T6-001"),
    ("delete tables.summary.expenditure[221]", "T1-003"),
    (
        "tables.general_budget.rows[2101101].code = 2210299",
        "T5-002",
    ),
    ("tables.expenditure.rows[2080506].code = 2010699", "T3-002"),
    ("prior_year.grand_total += 100", "E-003"),
    (
        "explanation.remarks.\"机关运行经费\".direction = 减少",
        "E-002",
    ),
    ("agency_running_costs = 190.00", "E-003"),
    (
        "tables.general_budget.rows[2010601].initial_budget = 1500.00",
        "E-002",
    ),
    ("tables.income.rows[2010607].total -= 1000", "T2-001"),
];

/// Mutations that stay within rounding: no error may be reported.
const WITHIN: &[&[&str]] = &[
    // an empty 政府性基金 table without its statement: the generator writes it (T7-004
    // holds for published documents)
    &["delete tables.gov_fund.note"],
    &["tables.summary.income.other += 0.01"],
    &["tables.expenditure.rows[2010601].total += 0.01"],
    &["tables.summary.expenditure[208].amount += 0.01"],
    &["tables.general_budget_basic.rows[30101].amount -= 0.01"],
    &[
        "tables.appropriation_summary.expenditure[208].total += 0.01",
        "tables.appropriation_summary.expenditure[208].general_budget += 0.01",
    ],
    &["tables.income.rows[2010601].other -= 0.01"],
    &["tables.expenditure.total.total -= 0.01"],
    &["tables.procurement.figures.goods += 0.01"],
    &["tables.general_budget_basic.total.public += 0.01"],
    &[
        "tables.general_budget.rows[2210203].basic += 0.01",
        "tables.general_budget.rows[2210203].total += 0.01",
    ],
];

#[test]
fn mutations_of_the_shanghai_example() {
    let base = testing::base(Base::Shanghai);
    let catalog = Catalog::builtin();
    assert_eq!(
        audit(&base, catalog).count(Severity::Error),
        0,
        "the base is clean"
    );
    assert!(BREAKS.len() + WITHIN.len() >= 40);
    let mut failures = Vec::new();
    for (edit, code) in BREAKS {
        let p = mutate::apply(&base, &[edit]).unwrap_or_else(|e| panic!("{edit}: {e}"));
        let r = audit(&p, catalog);
        if r.of(code).is_empty() {
            let got: Vec<&str> = r.findings.iter().map(|f| f.code.as_ref()).collect();
            failures.push(format!("{edit}: expected {code}, got {got:?}"));
        }
    }
    for edits in WITHIN {
        let p = mutate::apply(&base, edits).unwrap_or_else(|e| panic!("{edits:?}: {e}"));
        let r = audit(&p, catalog);
        let errors: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| format!("{} {}", f.code, f.message))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{edits:?} is within rounding, yet: {errors:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
