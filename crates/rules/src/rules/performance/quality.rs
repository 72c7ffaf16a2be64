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
pub(crate) fn level2_kind(level2: Option<&str>) -> Option<&'static str> {
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
                what: "二级指标为数量、质量、时效、成本的三级指标，年度指标值只有描述、没有任何数字（数量、\
比例、金额、日期）时提示。“≥98%”“45个”“2024年7月”“不超过418.3693万元”都算可衡量。",
                why: "指标值不可衡量，实际完成值就无从比较，得分只能凭感觉；产出指标应尽量细化、量化。",
                bad: "“运维技术热线服务点数量（个）”的年度指标值写“统一入口热线管理，热线派单管理等。”，\
实际完成值却是“年度累计热线受理6214件”。",
                good: "年度指标值写成可比较的数，如“热线受理量≥6000件”，实际完成值“6214件”，据此打分。",
                basis: "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）；\
《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“年度指标值”\
“实际完成值”栏。",
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
                what: "描述性的年度指标值与实际完成值一字不差（去掉空格后6字以上），或年度指标值（10字以上）\
照抄了“年度总体目标”时提示。数值型指标值（如“45个”）与完成值相同属正常完成，不报。",
                why: "指标值是年初定的目标，完成值是年末的结果；两栏照抄同一句话，说明没有据实填写完成情况，\
指标实际上没有被考核。",
                bad: "质量指标的年度指标值和实际完成值都写“通过等保三级、通过密码测评”。",
                good: "年度指标值写“5个平台通过等保三级测评和密码测评”，实际完成值据实写“5个平台均已通过，\
取得测评报告5份”。",
                basis: "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）；\
《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“年度总体目标”\
“年度指标值”“实际完成值”栏。",
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
                what: "实际完成值写着“未完成”“尚未”“延期”“未开展”（未达成），或“部分完成”“基本完成”“正在推进”\
（部分达成），而该行得分等于分值（满分）时提示。",
                why: "定性指标按完成程度分档打分：达成年度指标得分值的80%～100%，部分达成并具有一定效果得\
60%～80%，未达成且效果较差得0～60%。自己写“部分完成”又给满分，自评结果不可信。",
                bad: "质量指标“满足指导中国数据街建设发展要求”：实际完成值“按进度计划要求，部分完成”，分值15，\
得分15。",
                good: "按部分达成打15 × 60%～80%，即9～12分，并在偏差原因栏写明未完成的部分和改进措施；\
确已全部完成的，改写实际完成值。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）（单位自评定性指标分“达成年度指标”\
“部分达成年度指标并具有一定效果”“未达成年度指标且效果较差”三档评分）。",
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
                what: "二级指标为成本指标、年度指标值是金额（万元或元，元折成万元；几行时取合计）的，\
与项目“年度资金总额”的全年预算数比较，相差超过全年预算数的0.5%（至少0.01万元）时提示。",
                why: "成本指标通常就是项目当年的预算控制数；与全年预算数不一致，可能把多年合同总额、\
上年数或别的项目金额当作了成本指标。单价类成本指标也会被提示，确认无误可忽略。",
                bad: "“2024年北京西城互联网服务系统建设项目”成本指标“建设费用178万元”，而全年预算数为106.8万\
元。",
                good: "成本指标写当年的控制数，如“项目成本控制在106.8万元以内”；多年合同写明“合同总额178万元，\
2024年支付106.8万元”，按当年数考核。",
                basis: "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）；\
《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“成本指标”\
及“年度资金总额”行“全年预算数”。",
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
                what: "三级指标名称只是模板的“指标1：”“指标2：”“……”（没写指标名称），\
该行却填了不为0的分值或得分，计入了总分。",
                why: "没有指标名称，读者不知道这几分考核的是什么，分值和得分无从核对；\
常见于直接在模板行上填数而忘了改名称。",
                bad: "社会效益指标一行名称只写“指标1：”，年度指标值写了一段描述，分值10、得分10。",
                good: "写上指标名称（如“信息化项目申报和验收上链核查覆盖率”）并填写可衡量的指标值；\
不设这一指标的，删去该行并把分值调给其他指标。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“三级指标”栏。",
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

/// Whether a target can be measured: a quantity, a date or period, or a description that
/// names figures (`7个系统软件测评180.8万元` is measurable even when it is not one value).
pub(crate) fn measurable(t: &juesuan_performance::value::Parsed) -> bool {
    !matches!(
        t.value,
        Value::Qualitative { .. } | Value::Unknown { .. } | Value::Boolean { .. }
    ) || t
        .text
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

fn no_measure(ctx: &Ctx, sink: &mut Sink) {
    for (p, i, row) in rows(ctx) {
        let (Some(kind), Some(t)) = (level2_kind(p.indicators[i].level2.as_deref()), &row.target)
        else {
            continue;
        };
        if !measurable(t) {
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
