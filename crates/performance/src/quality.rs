//! Indicator quality: what a bureau sends a self-evaluation back for, even when the
//! arithmetic holds — measures with nothing to measure, targets that restate the goal,
//! "not finished" with a full score, a cost target that is not the budget, first-level
//! weights far from the defaults, template rows that carry points.

use juesuan_model::text::compact;
use juesuan_model::{Profile, ProjectEvaluation};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::score::{ProjectScore, fmt};
use crate::value::{Judgement, Value, judge_text};

/// What kind of concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Concern {
    /// A 数量/质量/时效/成本 indicator whose target has no number, unit or date.
    NoMeasure,
    /// Target and actual say the same thing, or restate the goal.
    Restated,
    /// The actual says 未完成/正在/尚未, the score is full.
    UnfinishedFullScore,
    /// A 成本 indicator's amount is not the project's budget.
    CostNotBudget,
    /// First-level weights far from 10/50/30/10.
    Weights,
    /// A template row (`指标1：`) carries a weight or a score.
    TemplateRowCounted,
}

/// One concern about a project or one of its rows.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub concern: Concern,
    /// `第3行指标“…”`, or empty for the whole table.
    pub row: String,
    pub message: String,
}

fn level2_kind(level2: Option<&str>) -> Option<&'static str> {
    let l = level2?;
    ["数量", "质量", "时效", "成本"]
        .into_iter()
        .find(|k| l.contains(k))
}

/// The concerns about one project.
pub fn review(p: &ProjectEvaluation, scored: &ProjectScore, profile: &Profile) -> Vec<Note> {
    let mut out = Vec::new();
    let goal = p.goal.as_deref().map(compact).unwrap_or_default();
    let mut costs: Vec<(String, Decimal, String)> = Vec::new();
    for row in scored.rows.iter().filter(|r| r.index.is_some()) {
        let Some(i) = row.index else { continue };
        let ind = &p.indicators[i];
        let label = row.label.clone();
        if ind.is_template() {
            continue;
        }
        if ind.has_template_name()
            && (row.weight.is_some_and(|w| !w.is_zero())
                || row.stated.is_some_and(|s| !s.is_zero()))
        {
            out.push(Note {
                concern: Concern::TemplateRowCounted,
                row: label.clone(),
                message: "模板的空指标行（没有指标名称）有分值或得分，计入了总分".to_string(),
            });
        }
        let target = row.target.as_ref();
        if let (Some(kind), Some(t)) = (level2_kind(ind.level2.as_deref()), target)
            && matches!(
                t.value,
                Value::Qualitative { .. } | Value::Unknown { .. } | Value::Boolean { .. }
            )
            // A long description that names figures (`7个系统软件测评180.8万元`) is
            // measurable even when it is not one value.
            && !t.text.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        {
            out.push(Note {
                concern: Concern::NoMeasure,
                row: label.clone(),
                message: format!(
                    "{kind}指标的年度指标值“{}”没有数字、单位或时间，无法衡量",
                    t.text.trim()
                ),
            });
        }
        if let (Some(t), Some(a)) = (target, row.actual.as_ref())
            && matches!(t.value, Value::Qualitative { .. } | Value::Unknown { .. })
        {
            let (ct, ca) = (compact(&t.text), compact(&a.text));
            if ct.chars().count() >= 6 && ct == ca {
                out.push(Note {
                    concern: Concern::Restated,
                    row: label.clone(),
                    message: format!("年度指标值与实际完成值一字不差：“{}”", t.text.trim()),
                });
            } else if !goal.is_empty() && ct.chars().count() >= 10 && goal.contains(&ct) {
                out.push(Note {
                    concern: Concern::Restated,
                    row: label.clone(),
                    message: "年度指标值照抄了年度总体目标，不是可衡量的指标值".to_string(),
                });
            }
        }
        if let (Some(a), Some(w), Some(s)) = (row.actual.as_ref(), row.weight, row.stated)
            && s >= w
            && !w.is_zero()
            && matches!(
                judge_text(&a.text),
                Some(Judgement::NotAchieved | Judgement::Partial)
            )
        {
            out.push(Note {
                concern: Concern::UnfinishedFullScore,
                row: label.clone(),
                message: format!(
                    "实际完成值“{}”说没有完成，却得了满分 {}",
                    a.text.trim(),
                    fmt(s)
                ),
            });
        }
        if level2_kind(ind.level2.as_deref()) == Some("成本")
            && let Some(t) = target
            && let Value::Quantity(q) = &t.value
            && matches!(q.unit.as_str(), "万元" | "元" | "万")
        {
            let amount = if q.unit == "元" {
                q.value / Decimal::from(10_000)
            } else {
                q.value
            };
            costs.push((label.clone(), amount, format!("{}{}", q.value, q.unit)));
        }
    }
    // The money a project's 成本 indicators state, against its budget (their sum when the
    // cost is split over several rows).
    if let (false, Some(b)) = (costs.is_empty(), scored.budget) {
        let sum: Decimal = costs.iter().map(|c| c.1).sum();
        let tol = (b.abs() * Decimal::new(5, 3)).max(Decimal::new(1, 2));
        if (sum - b).abs() > tol {
            let listed: Vec<&str> = costs.iter().map(|c| c.2.as_str()).collect();
            out.push(Note {
                concern: Concern::CostNotBudget,
                row: if costs.len() == 1 {
                    costs[0].0.clone()
                } else {
                    String::new()
                },
                message: format!(
                    "成本指标的年度指标值（{}）{}与项目全年预算数 {} 万元不一致",
                    listed.join(" + "),
                    if costs.len() > 1 {
                        format!("合计 {} 万元，", fmt(sum))
                    } else {
                        String::new()
                    },
                    fmt(b)
                ),
            });
        }
    }
    // First-level weights against the profile's defaults.
    let w = &profile.performance_weights;
    // (what the 一级指标 contains, its name, the sum found, the default)
    let mut sums: [(&str, &str, Decimal, Decimal); 3] = [
        ("产出", "产出指标", Decimal::ZERO, w.output),
        ("效益", "效益指标", Decimal::ZERO, w.effect),
        ("满意", "满意度指标", Decimal::ZERO, w.satisfaction),
    ];
    let mut any = false;
    for r in scored.rows.iter().filter(|r| r.index.is_some()) {
        let (Some(l1), Some(weight)) = (r.level1.as_deref(), r.weight) else {
            continue;
        };
        if let Some(s) = sums.iter_mut().find(|s| l1.contains(s.0)) {
            s.2 += weight;
            any = true;
        }
    }
    let far: Vec<String> = sums
        .iter()
        .filter(|(_, _, got, want)| (*got - *want).abs() >= Decimal::TEN)
        .map(|(_, name, got, want)| format!("{name} {}（一般为 {}）", fmt(*got), fmt(*want)))
        .collect();
    if any && !far.is_empty() {
        out.push(Note {
            concern: Concern::Weights,
            row: String::new(),
            message: format!("一级指标分值偏离默认权重：{}", far.join("，")),
        });
    }
    out
}
