//! Custom rules from a file: fire, stay silent, skip for lack of data, report bad files.
#![allow(clippy::unwrap_used)]

use juesuan_model::Catalog;
use juesuan_rules::custom::{Names, load_rules};
use juesuan_rules::rules::Base;
use juesuan_rules::{Severity, audit_with, testing};

const RULES: &str = r#"
[[rule]]
code = "U-001"
name = "行政运行不超过年初预算"
severity = "错误"
expr = "general_budget.2010601.total <= general_budget.2010601.initial_budget"

[[rule]]
code = "U-002"
name = "收入决算表各类之和约等于合计"
expr = 'approx(sum_level("income", "total", "类"), income.合计.total, 0.03)'

[[rule]]
code = "U-003"
name = "三公经费决算不低于预算"
severity = "提示"
expr = "three_public.actual.total >= three_public.budget.total"
message = "“三公”经费决算低于预算"

[[rule]]
code = "U-004"
name = "上年财政拨款收支总计为正"
expr = "prior_year.appropriation_grand_total > 0"

[[rule]]
code = "U-005"
name = "除以零不判定"
expr = "summary.income.total / three_public.actual.total > 1"

[[rule]]
code = "U-006"
name = "各类之和严格等于合计（不顾舍入）"
expr = 'sum_level("expenditure", "total", "类") == expenditure.合计.total'
"#;

#[test]
fn custom_rules_fire_stay_silent_and_skip() {
    let rules = load_rules(RULES).unwrap();
    assert_eq!(rules.len(), 6);
    let p = testing::base(Base::Shanghai);
    let r = audit_with(&p, Catalog::builtin(), &rules);
    assert!(r.of("U-001").is_empty());
    assert!(r.of("U-002").is_empty());
    let u3 = r.of("U-003");
    assert_eq!(u3.len(), 1);
    assert_eq!(u3[0].severity, Severity::Info);
    assert_eq!(u3[0].message, "“三公”经费决算低于预算");
    assert!(
        u3[0]
            .values
            .iter()
            .any(|v| v.label == "three_public.budget.total" && v.quantity.to_string() == "0.95")
    );
    // no prior-year appropriation total, a division by zero: not applicable
    assert_eq!(r.skipped, ["U-004", "U-005"]);
    // exact decimal arithmetic: 2940.06 ≠ 2940.05 (which the rounding-aware T3-003 accepts)
    assert_eq!(r.of("U-006").len(), 1);
    assert!(r.of("T3-003").is_empty());
}

#[test]
fn names_cover_the_tables() {
    let p = testing::base(Base::Shanghai);
    let names: Vec<(String, String)> = Names::of(&p).list();
    let get = |k: &str| names.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("summary.income.total"), Some("2946.25"));
    assert_eq!(get("income.2010601.other"), Some("0.01"));
    // blank in a complete table is 0
    assert_eq!(get("income.2010607.other"), Some("0"));
    assert_eq!(get("general_budget_basic.合计.personnel"), Some("2152.26"));
    assert_eq!(get("prior_year.grand_total"), Some("3052.34"));
    assert_eq!(get("prior_year.appropriation_grand_total"), None);
}

#[test]
fn bad_rule_files_are_refused_in_chinese() {
    let e = load_rules("[[rule]]\ncode = \"U-1\"\nname = \"x\"\nexpr = \"(1 + 2\"\n").unwrap_err();
    assert!(
        e.contains("规则 U-1 的表达式“(1 + 2”无法解析：左括号“(”没有配对的右括号"),
        "{e}"
    );
    let e = load_rules("[[rule]]\ncode = \"T1-001\"\nname = \"x\"\nexpr = \"true\"\n").unwrap_err();
    assert!(e.contains("与已有规则重复"), "{e}");
    let e = load_rules(
        "[[rule]]\ncode = \"U-1\"\nname = \"x\"\nseverity = \"严重\"\nexpr = \"true\"\n",
    )
    .unwrap_err();
    assert!(e.contains("不是严重程度"), "{e}");
    let e = load_rules("[[rule]\n").unwrap_err();
    assert!(e.starts_with("第1行：格式错误"), "{e}");
    let e = load_rules("[[rule]]\ncode = \"U-1\"\nname = \"x\"\nexpr = \"(1))\"\n").unwrap_err();
    assert!(e.contains("无法解析：右括号“)”没有配对的左括号"), "{e}");
}
