//! `compare` on published documents: the Putuo 财政局 2024 决算 (reference) against the
//! fixture 2024 budget written from its 年初预算, and against the unit's published 2025
//! budget (corpus), whose 上年预算 figures restate the 2024 budget. The documents are read
//! from `../shared/` (or `JUESUAN_SHARED`); absent, each test says so and passes.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use juesuan_check::compare::{compare_inputs, read_input};
use juesuan_model::{Catalog, DisclosureKind};
use rust_decimal::Decimal;

mod support;
use support::shared;

fn present(rel: &str) -> Option<PathBuf> {
    let p = shared().join(rel);
    if p.exists() {
        Some(p)
    } else {
        println!(
            "跳过：找不到 {}（可用 JUESUAN_SHARED 指定 shared 文件夹）",
            p.display()
        );
        None
    }
}

const ACCOUNTS: &str = "reference/shanghai-putuo-czj-2024.pdf";
const BUDGET_2025: &str = "corpus/budget-shanghai-putuo-caizhengju-2025.pdf";

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The 决算's text states the 年初预算 of the 合计 and of every 项; they agree with the
/// budget written from them (the transcribed example states the same figures).
#[test]
fn the_putuo_accounts_agree_with_the_budget_written_from_their_initial_budgets() {
    let Some(pdf) = present(ACCOUNTS) else { return };
    let catalog = Catalog::builtin();
    let acc = read_input(&pdf, catalog).unwrap();
    assert_eq!(acc.package.kind, DisclosureKind::Final);
    let gb = acc.package.tables.general_budget.as_ref().unwrap();
    assert_eq!(
        gb.total.initial_budget.map(|a| a.value()),
        Some(dec("2993.92"))
    );
    let stated = gb
        .rows
        .iter()
        .filter(|r| r.initial_budget.is_some())
        .count();
    assert_eq!(stated, 11, "{:?}", acc.from_text);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rules/tests/fixtures/compare/budget-2024.toml");
    let budget = read_input(&fixture, catalog).unwrap();
    let c = compare_inputs(&acc, &budget).unwrap();
    assert!(c.report.findings.is_empty(), "{:#?}", c.report.findings);
    assert_eq!(c.figures, 18);
}

/// The 2025 budget's 上年 figures against the 2024 决算's 年初预算: the “三公” figures agree
/// (0.95, of which 公务接待费 0.95; the rest 0); the 一般公共预算拨款支出 does not:
/// 3,121.42 − 107.62 = 3,013.80 against the 决算's 年初预算 2,993.92 — a warning, since the
/// budget may compare with the adjusted 2024 budget without saying so.
#[test]
fn the_putuo_2025_budget_restates_a_2024_budget_the_accounts_do_not_show() {
    let (Some(acc), Some(bud)) = (present(ACCOUNTS), present(BUDGET_2025)) else {
        return;
    };
    let catalog = Catalog::builtin();
    let acc = read_input(&acc, catalog).unwrap();
    let bud = read_input(&bud, catalog).unwrap();
    assert_eq!(bud.package.kind, DisclosureKind::Budget);
    assert_eq!(bud.package.unit.name, "上海市普陀区财政局");
    assert_eq!(bud.package.unit.year, 2025);
    let c = compare_inputs(&bud, &acc).unwrap();
    assert_eq!(c.figures, 6, "{:?}", bud.from_text);
    let found: Vec<String> = c
        .report
        .findings
        .iter()
        .map(|f| format!("{} {}", f.code, f.message))
        .collect();
    assert_eq!(
        found,
        [
            "B-121 2025年预算所列上年一般公共预算财政拨款支出：所列上年预算 3013.80 万元，\
2024年度决算所列年初预算 2993.92 万元，相差 19.88 万元"
        ],
    );
    assert_eq!(
        c.report.findings[0].severity,
        juesuan_diagnostics::Severity::Warning
    );
}
