//! The scoring engine on tables written here: one rule at a time, and properties over
//! random indicator trees.
#![allow(clippy::unwrap_used)]

use juesuan_model::{Figure, Indicator, Profile, ProjectEvaluation};
use juesuan_performance::{Computed, score_project};
use juesuan_rules::testing::indicator as ind;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn project(
    budget: &str,
    executed: &str,
    score: &str,
    rows: Vec<Indicator>,
    total: &str,
) -> ProjectEvaluation {
    let mut p = ProjectEvaluation {
        seq: "1".into(),
        name: "测试项目".into(),
        indicators: rows,
        total_weight: Some(Figure::new("100")),
        total_score: (!total.is_empty()).then(|| Figure::new(total)),
        ..Default::default()
    };
    p.funds.total.full_year_budget = Some(Figure::new(budget));
    p.funds.total.executed = Some(Figure::new(executed));
    p.funds.total.weight = Some(Figure::new("10"));
    p.funds.total.score = Some(Figure::new(score));
    p
}

fn shanghai() -> &'static Profile {
    Profile::builtin("shanghai").unwrap()
}

#[test]
fn quantitative_positive_negative_deadline_and_bands() {
    let p = project(
        "100",
        "99.7",
        "9.97",
        vec![
            // positive: 45 of 50 → 45/50 × 20 = 18
            ind("产出指标", "数量指标", "≥50个", "45个", "20", "18"),
            // negative: 3 hours against ≤2 → 2/3 × 15 = 10
            ind("产出指标", "时效指标", "≤2小时", "3小时", "15", "10"),
            // deadline met
            ind(
                "产出指标",
                "时效指标",
                "2024年7月完成招标采购",
                "2024年6月完成",
                "15",
                "15",
            ),
            // qualitative, achieved: 80%–100% of 30
            ind(
                "效益指标",
                "社会效益指标",
                "有效提升",
                "明显提升",
                "30",
                "30",
            ),
            // qualitative, not finished: 0%–60% of 10
            ind(
                "满意度指标",
                "服务对象满意度指标",
                "满意",
                "尚未完成调查",
                "10",
                "5",
            ),
        ],
        "87.97",
    );
    let s = score_project(&p, shanghai());
    let computed: Vec<String> = s.rows.iter().map(|r| r.computed.label()).collect();
    assert_eq!(
        computed,
        vec!["9.97", "18", "10", "15", "24–30（达成）", "0–6（未达成）"]
    );
    assert_eq!(s.total, (d("76.97"), d("88.97")));
    assert!(s.differences.is_empty(), "{:#?}", s.differences);
    // Shanghai's grades: 76.97 is 合格 (≥60), 88.97 is 良 (≥80)
    assert_eq!(s.grade.as_deref(), Some("合格–良"));
}

#[test]
fn stated_scores_that_do_not_follow() {
    let p = project(
        "100",
        "94.11",
        "9.4",
        vec![
            ind("产出指标", "数量指标", "≥50个", "45个", "50", "50"),
            ind("效益指标", "社会效益指标", "提升", "未完成", "30", "30"),
            ind(
                "满意度指标",
                "服务对象满意度指标",
                "≥90%",
                "95%",
                "10",
                "10",
            ),
        ],
        "99",
    );
    let s = score_project(&p, shanghai());
    let diffs = s.differences.join("\n");
    assert!(diffs.contains("预算执行率：写 9.4，应为 9.41"), "{diffs}");
    assert!(diffs.contains("写 50，应为 45"), "{diffs}");
    assert!(diffs.contains("写 30，应在 0–18（未达成） 之间"), "{diffs}");
    assert!(diffs.contains("总分写 99，各行得分之和为 99.4"), "{diffs}");
}

#[test]
fn not_applicable_rows_are_left_out_and_the_total_rescaled() {
    let p = project(
        "100",
        "100",
        "10",
        vec![
            ind("产出指标", "数量指标", "≥10个", "10个", "50", "50"),
            ind("效益指标", "经济效益指标", "不涉及", "不涉及", "20", ""),
            ind("效益指标", "社会效益指标", "≥5个", "4个", "10", "8"),
            ind(
                "满意度指标",
                "服务对象满意度指标",
                "≥90%",
                "90%",
                "10",
                "10",
            ),
        ],
        "97.78",
    );
    let s = score_project(&p, shanghai());
    assert!(matches!(s.rows[2].computed, Computed::Excluded));
    assert_eq!(s.weight_excluded, d("20"));
    assert_eq!(s.weight_applicable, d("80"));
    // (10 + 50 + 8 + 10) × 100 / 80 = 97.5
    assert_eq!(s.total, (d("97.5"), d("97.5")));
    assert_eq!(s.rescale, Some(d("1.25")));
}

#[test]
fn amounts_in_yuan_are_recognised() {
    let p = project("377", "3757170", "9.97", vec![], "9.97");
    let s = score_project(&p, shanghai());
    assert_eq!(s.rows[0].computed.label(), "9.97");
    assert!(
        s.differences[0].contains("疑似按元填写"),
        "{:#?}",
        s.differences
    );
}

/// A random row: a positive or negative quantity, a deadline, a qualitative actual, or not
/// applicable; weights are given separately.
fn row_strategy() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        (1u32..200, 0u32..250).prop_map(|(t, a)| (format!("≥{t}个"), format!("{a}个"))),
        (1u32..50, 1u32..80).prop_map(|(t, a)| (format!("≤{t}小时"), format!("{a}小时"))),
        (1u8..=12, 1u8..=12)
            .prop_map(|(t, a)| (format!("2024年{t}月完成"), format!("2024年{a}月完成"))),
        prop::sample::select(vec!["完成", "部分完成", "未完成", "提升", "推进中", "满意"])
            .prop_map(|a| ("定性".to_string(), a.to_string())),
        Just(("不涉及".to_string(), "不涉及".to_string())),
    ]
}

/// Weights within the rules: 10 for execution, the rest summing to 90.
fn tree() -> impl Strategy<Value = (Vec<(String, String)>, Vec<u32>, u32)> {
    (1usize..12).prop_flat_map(|n| {
        (
            prop::collection::vec(row_strategy(), n),
            prop::collection::vec(1u32..20, n),
            50u32..=100,
        )
    })
}

fn build(rows: &[(String, String)], raw_weights: &[u32], rate: u32) -> ProjectEvaluation {
    // scale the weights to sum to 90
    let sum: u32 = raw_weights.iter().sum();
    let mut weights: Vec<u32> = raw_weights.iter().map(|w| w * 90 / sum).collect();
    let short = 90 - weights.iter().sum::<u32>();
    weights[0] += short;
    let inds = rows
        .iter()
        .zip(&weights)
        .map(|((t, a), w)| ind("产出指标", "数量指标", t, a, &w.to_string(), ""))
        .collect();
    project("100", &rate.to_string(), "", inds, "")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn total_is_the_sum_of_rows_and_never_above_100((rows, weights, rate) in tree()) {
        let p = build(&rows, &weights, rate);
        let s = score_project(&p, shanghai());
        let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ZERO);
        for r in &s.rows {
            if let Some((l, h)) = r.computed.range() {
                prop_assert!(l <= h);
                prop_assert!(h <= r.weight.unwrap());
                lo += l;
                hi += h;
            }
        }
        let k = s.rescale.unwrap_or(Decimal::ONE);
        prop_assert_eq!(s.total, ((lo * k).min(Decimal::ONE_HUNDRED), (hi * k).min(Decimal::ONE_HUNDRED)));
        prop_assert!(s.total.1 <= Decimal::ONE_HUNDRED);
        // within the rules nothing needs the cap: the rescaled sum is at most 100 already
        prop_assert!(hi * k <= Decimal::ONE_HUNDRED + Decimal::new(1, 20));
    }

    /// Two projects with the same weights and the same rows left out: rescaling multiplies
    /// both by the same factor, so their order is kept.
    #[test]
    fn rescaling_keeps_the_order_of_projects(
        (rows, weights, rate) in tree(),
        rate2 in 50u32..=100,
        flips in prop::collection::vec(any::<bool>(), 12),
    ) {
        let a = build(&rows, &weights, rate);
        // the second project: same structure, some applicable rows with other actuals
        let rows2: Vec<(String, String)> = rows
            .iter()
            .zip(&flips)
            .map(|((t, a), f)| if *f && t != "不涉及" && t == "定性" {
                (t.clone(), "未完成".to_string())
            } else {
                (t.clone(), a.clone())
            })
            .collect();
        let b = build(&rows2, &weights, rate2);
        let (sa, sb) = (score_project(&a, shanghai()), score_project(&b, shanghai()));
        prop_assert_eq!(sa.rescale, sb.rescale);
        let k = sa.rescale.unwrap_or(Decimal::ONE);
        let raw = |s: &juesuan_performance::ProjectScore| -> Decimal {
            s.rows.iter().filter_map(|r| r.computed.range()).map(|r| r.0).sum()
        };
        let (ra, rb) = (raw(&sa), raw(&sb));
        prop_assert_eq!(ra.cmp(&rb), (ra * k).cmp(&(rb * k)));
        prop_assert_eq!(ra.cmp(&rb), sa.total.0.cmp(&sb.total.0));
    }
}
