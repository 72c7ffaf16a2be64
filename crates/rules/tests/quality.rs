//! The indicator-quality rules (PQ) and the first-level weights rule (PF-006) on a project
//! table written here: silent on a table a bureau would accept, each firing on exactly the
//! change that provokes it.
#![allow(clippy::unwrap_used)]

use juesuan_model::{Catalog, Figure, Indicator, Package, ProjectEvaluation};
use juesuan_rules::audit_performance;
use juesuan_rules::testing::indicator as ind;

/// The quality and weights codes the rows of a 100 万元 project give, in order.
fn concerns(rows: Vec<Indicator>) -> Vec<String> {
    let mut p = ProjectEvaluation {
        seq: "1".into(),
        name: "测试项目".into(),
        indicators: rows,
        total_weight: Some(Figure::new("100")),
        total_score: Some(Figure::new("100")),
        ..Default::default()
    };
    p.funds.total.full_year_budget = Some(Figure::new("100"));
    p.funds.total.executed = Some(Figure::new("100"));
    p.funds.total.weight = Some(Figure::new("10"));
    p.funds.total.score = Some(Figure::new("10"));
    let mut pkg = Package::new("测试单位", 2024, "shanghai");
    pkg.performance.projects.push(p);
    audit_performance(&pkg, Catalog::builtin())
        .findings
        .into_iter()
        .map(|f| f.code.into_owned())
        .filter(|c| c.starts_with("PQ-") || c == "PF-006")
        .collect()
}

/// A table a bureau would accept: measurable targets, weights 10/50/30/10, a cost row equal
/// to the budget. Each quality concern is then provoked by one change.
fn clean_rows() -> Vec<Indicator> {
    vec![
        ind("产出指标", "数量指标", "≥10个", "10个", "20", "20"),
        ind("产出指标", "质量指标", "≥98%", "99%", "10", "10"),
        ind(
            "产出指标",
            "时效指标",
            "2024年9月30日前",
            "2024年9月完成",
            "10",
            "10",
        ),
        ind("产出指标", "成本指标", "≤100万元", "100万元", "10", "10"),
        ind(
            "效益指标",
            "社会效益指标",
            "提升服务水平",
            "服务水平明显提升",
            "30",
            "30",
        ),
        ind(
            "满意度指标",
            "服务对象满意度指标",
            "≥90%",
            "95%",
            "10",
            "10",
        ),
    ]
}

#[test]
fn indicator_quality_fires_on_each_fault_and_not_on_a_clean_table() {
    assert_eq!(concerns(clean_rows()), Vec::<String>::new());

    let mut rows = clean_rows();
    rows[0].target = Some("按要求完成".into());
    assert_eq!(concerns(rows), vec!["PQ-001"]);
    // A description naming figures is measurable even when it is not one value.
    let mut rows = clean_rows();
    rows[0].target = Some("4个三级系统测评、7个系统软件测评".into());
    assert_eq!(concerns(rows), Vec::<String>::new());

    let mut rows = clean_rows();
    rows[4].target = Some("保障系统安全稳定运行".into());
    rows[4].actual = Some("保障系统安全稳定运行".into());
    assert_eq!(concerns(rows), vec!["PQ-002"]);

    let mut rows = clean_rows();
    rows[4].actual = Some("尚未完成验收".into());
    assert!(concerns(rows).contains(&"PQ-003".to_string()));

    let mut rows = clean_rows();
    rows[3].target = Some("≤387.05万元".into());
    assert_eq!(concerns(rows), vec!["PQ-004"]);
    // In 元, equal to the budget: silent.
    let mut rows = clean_rows();
    rows[3].target = Some("≤1000000元".into());
    assert_eq!(concerns(rows), Vec::<String>::new());

    let mut rows = clean_rows();
    rows[4].weight = Some(Figure::new("10"));
    rows[4].score = Some(Figure::new("10"));
    rows[0].weight = Some(Figure::new("40"));
    rows[0].score = Some(Figure::new("40"));
    assert_eq!(concerns(rows), vec!["PF-006"]);

    let mut rows = clean_rows();
    rows.push(Indicator {
        level1: Some("产出指标".into()),
        level2: Some("数量指标".into()),
        name: Some("指标1：".into()),
        weight: Some(Figure::new("0")),
        score: Some(Figure::new("1")),
        ..Default::default()
    });
    assert!(concerns(rows).contains(&"PQ-005".to_string()));
}
