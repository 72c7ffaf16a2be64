//! PQ: the quality of a project's indicators — what a bureau sends a self-evaluation back
//! for even when the arithmetic holds: a measure with nothing to measure, a target that
//! restates the actual or the goal, "not finished" with a full score, a cost target that is
//! not the budget, a template row that carries points. Built on the scoring engine's typed
//! targets and actuals; `juesuan perf` reports them with the PF rules (the audit does not:
//! they are judgements on wording, not identities).

use juesuan_diagnostics::Unit;
use juesuan_model::performance::ProjectEvaluation;
use juesuan_model::text::compact;
use juesuan_performance::score::fmt;
use juesuan_performance::value::{Judgement, Value, judge_text};
use juesuan_performance::{ProjectScore, RowScore};
use rust_decimal::Decimal;

use super::project_at;
use crate::finding::Severity;
use crate::rules::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::{Ctx, Sink};

/// The indicator rows of each project with their recomputed scores (template rows that
/// carry nothing are left out).
fn rows<'c>(
    ctx: &'c Ctx,
) -> impl Iterator<Item = (&'c ProjectEvaluation, usize, &'c RowScore)> + 'c {
    ctx.pkg
        .performance
        .projects
        .iter()
        .zip(ctx.project_scores())
        .flat_map(|(p, s)| {
            s.rows.iter().filter_map(move |r| {
                let i = r.index?;
                (!p.indicators.get(i)?.is_template()).then_some((p, i, r))
            })
        })
}

/// `数量`, `质量`, `时效`, `成本` from a 二级指标.
fn level2_kind(level2: Option<&str>) -> Option<&'static str> {
    let l = level2?;
    ["数量", "质量", "时效", "成本"]
        .into_iter()
        .find(|k| l.contains(k))
}

fn at(p: &ProjectEvaluation, i: usize) -> juesuan_diagnostics::Location {
    project_at(p).indicator(i + 1, p.indicators[i].name.as_deref())
}

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "PQ-001",
            name: "产出指标的指标值无法衡量",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "数量、质量、时效、成本指标的年度指标值应是可衡量的数值、单位或时间；只有一句描述、没有任何数字时提示。",
                why: "",
                bad: "",
                good: "",
                basis: "",
            },
        },
        check: no_measure,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "PQ-002",
            name: "指标值照抄实际完成值或总体目标",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "年度指标值与实际完成值一字不差，或年度指标值照抄了年度总体目标。",
                why: "",
                bad: "",
                good: "",
                basis: "",
            },
        },
        check: restated,
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &[
                    "performance.projects[#0].indicators[#0].target = 按期完成热线服务工作",
                    "performance.projects[#0].indicators[#0].actual = 按期完成热线服务工作",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "PQ-003",
            name: "实际完成值说未完成却得满分",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "实际完成值写“未完成”“部分完成”“正在推进”等，该行得分却等于分值。",
                why: "",
                bad: "",
                good: "",
                basis: "",
            },
        },
        check: unfinished_full_score,
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["performance.projects[#0].indicators[#0].actual = 未完成，正在推进"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "PQ-004",
            name: "成本指标与项目预算不一致",
            severity: Severity::Info,
            family: Family::Performance,
            doc: Doc {
                what: "成本指标的年度指标值（万元或元，几行成本指标时取合计）与项目全年预算数相差超过 0.5%（至少 0.01 万元）。",
                why: "",
                bad: "",
                good: "",
                basis: "",
            },
        },
        check: cost_not_budget,
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &[
                    "performance.projects[#0].indicators[#0].level2 = 成本指标",
                    "performance.projects[#0].indicators[#0].target = 100万元",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "PQ-005",
            name: "模板空指标行计入了分值或得分",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "没有指标名称的模板行（“指标1：”“……”）填了分值或得分，计入了总分。",
                why: "",
                bad: "",
                good: "",
                basis: "",
            },
        },
        check: template_row_counted,
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["performance.projects[#0].indicators[#0].name = 指标1："],
            ),
        ],
    },
];

fn no_measure(ctx: &Ctx, sink: &mut Sink) {
    for (p, i, row) in rows(ctx) {
        let (Some(kind), Some(t)) = (level2_kind(p.indicators[i].level2.as_deref()), &row.target)
        else {
            continue;
        };
        // A long description that names figures (`7个系统软件测评180.8万元`) is measurable
        // even when it is not one value.
        let measurable = !matches!(
            t.value,
            Value::Qualitative { .. } | Value::Unknown { .. } | Value::Boolean { .. }
        ) || t
            .text
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        if !measurable {
            sink.report(
                at(p, i).column("年度指标值"),
                format!(
                    "{kind}指标的年度指标值“{}”没有数字、单位或时间，无法衡量",
                    t.text.trim()
                ),
            );
        }
    }
}

fn restated(ctx: &Ctx, sink: &mut Sink) {
    for (p, i, row) in rows(ctx) {
        let (Some(t), Some(a)) = (&row.target, &row.actual) else {
            continue;
        };
        if !matches!(t.value, Value::Qualitative { .. } | Value::Unknown { .. }) {
            continue;
        }
        let goal = p.goal.as_deref().map(compact).unwrap_or_default();
        let (ct, ca) = (compact(&t.text), compact(&a.text));
        if ct.chars().count() >= 6 && ct == ca {
            sink.report(
                at(p, i).column("年度指标值"),
                format!("年度指标值与实际完成值一字不差：“{}”", t.text.trim()),
            );
        } else if !goal.is_empty() && ct.chars().count() >= 10 && goal.contains(&ct) {
            sink.report(
                at(p, i).column("年度指标值"),
                "年度指标值照抄了年度总体目标，不是可衡量的指标值",
            );
        }
    }
}

fn unfinished_full_score(ctx: &Ctx, sink: &mut Sink) {
    for (p, i, row) in rows(ctx) {
        let (Some(a), Some(w), Some(s)) = (&row.actual, row.weight, row.stated) else {
            continue;
        };
        if s >= w
            && !w.is_zero()
            && matches!(
                judge_text(&a.text),
                Some(Judgement::NotAchieved | Judgement::Partial)
            )
        {
            let f = sink
                .finding(
                    at(p, i).column("得分"),
                    format!(
                        "实际完成值“{}”说没有完成，却得了满分 {}",
                        a.text.trim(),
                        fmt(s)
                    ),
                )
                .number("分值", w, Unit::Points)
                .number("得分", s, Unit::Points);
            sink.push(f);
        }
    }
}

fn cost_not_budget(ctx: &Ctx, sink: &mut Sink) {
    for (p, scored) in ctx
        .pkg
        .performance
        .projects
        .iter()
        .zip(ctx.project_scores())
    {
        let costs = costs(p, scored);
        let (false, Some(b)) = (costs.is_empty(), scored.budget) else {
            continue;
        };
        let sum: Decimal = costs.iter().map(|c| c.1).sum();
        let tol = (b.abs() * Decimal::new(5, 3)).max(Decimal::new(1, 2));
        if (sum - b).abs() <= tol {
            continue;
        }
        let listed: Vec<&str> = costs.iter().map(|c| c.2.as_str()).collect();
        let place = match costs.as_slice() {
            [(i, _, _)] => at(p, *i),
            _ => project_at(p).row("成本指标"),
        };
        let f = sink
            .finding(
                place,
                format!(
                    "成本指标的年度指标值（{}）{}与项目全年预算数 {} 万元不一致",
                    listed.join(" + "),
                    if costs.len() > 1 {
                        format!("合计 {} 万元，", fmt(sum))
                    } else {
                        String::new()
                    },
                    fmt(b)
                ),
            )
            .number("成本指标合计", sum, Unit::Wanyuan)
            .number("全年预算数", b, Unit::Wanyuan);
        sink.push(f);
    }
}

/// The money a project's 成本 indicators state: (row, 万元, as written).
fn costs(p: &ProjectEvaluation, scored: &ProjectScore) -> Vec<(usize, Decimal, String)> {
    let mut out = Vec::new();
    for row in &scored.rows {
        let Some(i) = row.index else { continue };
        let ind = &p.indicators[i];
        if ind.is_template() || level2_kind(ind.level2.as_deref()) != Some("成本") {
            continue;
        }
        if let Some(t) = &row.target
            && let Value::Quantity(q) = &t.value
            && matches!(q.unit.as_str(), "万元" | "元" | "万")
        {
            let amount = if q.unit == "元" {
                q.value / Decimal::from(10_000)
            } else {
                q.value
            };
            out.push((i, amount, format!("{}{}", q.value, q.unit)));
        }
    }
    out
}

fn template_row_counted(ctx: &Ctx, sink: &mut Sink) {
    for (p, i, row) in rows(ctx) {
        let ind = &p.indicators[i];
        if ind.has_template_name()
            && (row.weight.is_some_and(|w| !w.is_zero())
                || row.stated.is_some_and(|s| !s.is_zero()))
        {
            sink.report(
                at(p, i),
                "模板的空指标行（没有指标名称）有分值或得分，计入了总分",
            );
        }
    }
}
