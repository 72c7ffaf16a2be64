//! `juesuan compare A B` and `juesuan check 决算 --budget 预算` as a user runs them, on the
//! fixture pairs of `crates/rules/tests/fixtures/compare/`.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn juesuan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(args)
        .output()
        .unwrap()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn path(rel: &str) -> String {
    root().join(rel).display().to_string()
}

const ACCOUNTS: &str = "examples/shanghai-putuo-czj-2024/package.toml";
const BUDGET_2024: &str = "crates/rules/tests/fixtures/compare/budget-2024.toml";
const BUDGET_2025: &str = "crates/rules/tests/fixtures/compare/budget-2025.toml";

/// The Shanghai example with two lines of 年初预算 changed, written to a temporary folder.
fn accounts_differing(dir: &Path) -> String {
    let text = std::fs::read_to_string(root().join(ACCOUNTS)).unwrap();
    assert!(text.contains("initial_budget = \"1560.05\""));
    assert!(text.contains("initial_budget = \"62.29\""));
    let text = text
        .replace(
            "initial_budget = \"1560.05\"",
            "initial_budget = \"1570.05\"",
        )
        .replace("initial_budget = \"62.29\"", "initial_budget = \"62.92\"");
    let p = dir.join("决算.toml");
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn an_agreeing_pair_compares_clean_in_either_order() {
    for (a, b) in [(ACCOUNTS, BUDGET_2024), (BUDGET_2024, ACCOUNTS)] {
        let o = juesuan(&["compare", &path(a), &path(b)]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{out}");
        assert!(out.contains("共比较 18 个数字，0 处不一致"), "{out}");
        assert!(!out.contains("B-1"), "{out}");
    }
    // two consecutive budgets, and a 决算 with the next year's budget
    for (a, b) in [(BUDGET_2025, BUDGET_2024), (ACCOUNTS, BUDGET_2025)] {
        let o = juesuan(&["compare", &path(a), &path(b)]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{out}");
        assert!(out.contains("0 处不一致"), "{out}");
    }
}

#[test]
fn two_differing_lines_are_errors_in_text_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let acc = accounts_differing(dir.path());
    let budget = path(BUDGET_2024);
    let o = juesuan(&["compare", &acc, &budget]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("2 处不一致"), "{out}");
    assert_eq!(out.matches("错误[B-101]").count(), 2, "{out}");
    assert!(
        out.contains("2010601 行政运行") && out.contains("2101101 行政单位医疗"),
        "{out}"
    );
    assert!(
        out.contains("15600460元") && out.contains("相差 10.004 万元"),
        "{out}"
    );

    let o = juesuan(&["compare", &budget, &acc, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 2);
    assert_eq!(v["inputs"][0]["kind"], "budget");
    assert_eq!(v["inputs"][1]["kind"], "final");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["B-101", "B-101"]);

    let o = juesuan(&["compare", &acc, &budget, "--format", "csv"]);
    let csv = String::from_utf8_lossy(&o.stdout);
    assert_eq!(csv.matches("B-101").count(), 2, "{csv}");
}

#[test]
fn a_pair_with_nothing_to_compare_says_so_and_does_not_pass() {
    let dir = tempfile::tempdir().unwrap();
    // a budget holding no figure the 决算 states
    let bare = dir.path().join("预算.toml");
    std::fs::write(
        &bare,
        "kind = \"budget\"\n[unit]\nname = \"上海市普陀区财政局\"\nyear = 2024\nprofile = \"shanghai\"\n",
    )
    .unwrap();
    let o = juesuan(&["compare", &path(ACCOUNTS), &bare.display().to_string()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("没有都列出的可比数字，未作比较"), "{out}");
    assert!(!out.contains("审核通过"), "{out}");
}

#[test]
fn pairs_that_cannot_be_compared_are_refused_in_one_sentence() {
    let o = juesuan(&["compare", &path(ACCOUNTS), &path(ACCOUNTS)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("都是决算，无法比较"), "{err}");
    let o = juesuan(&[
        "compare",
        &path("examples/beijing-xicheng-kexin-2024/package.toml"),
        &path(BUDGET_2024),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("北京市西城区科学技术和信息化局2024年决算")
            && err.contains("上海市普陀区财政局2024年预算")
            && err.contains("不是同一单位"),
        "{err}"
    );
}

#[test]
fn check_with_a_budget_reports_the_comparison_in_the_same_report() {
    let shared = std::env::var_os("JUESUAN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    let pdf = shared.join("reference/shanghai-putuo-czj-2024.pdf");
    if !pdf.exists() {
        println!("跳过：找不到 {}", pdf.display());
        return;
    }
    let pdf = pdf.display().to_string();
    // the fixture budget agrees with what the 决算's text states
    let o = juesuan(&["check", &pdf, "--budget", &path(BUDGET_2024)]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("共比较 18 个数字，0 处不一致"), "{out}");
    // a budget line changed: the check's report carries the comparison's error
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(BUDGET_2024))
        .unwrap()
        .replace("total = \"1359000元\"", "total = \"1459000元\"");
    let budget = dir.path().join("预算.toml");
    std::fs::write(&budget, text).unwrap();
    let o = juesuan(&[
        "check",
        &pdf,
        "--budget",
        &budget.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let b: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "B-101")
        .collect();
    assert_eq!(b.len(), 1, "{b:#?}");
    assert!(
        b[0]["message"]
            .as_str()
            .unwrap()
            .contains("2010607 信息化建设"),
        "{b:#?}"
    );
}
