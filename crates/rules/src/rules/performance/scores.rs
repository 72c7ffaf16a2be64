//! PF-003, PF-004, PF-007, PF-014, PF-019: the scores of a project table — 总分 = Σ 得分, 得分 ≤ 分值, a reason
//! for a lost point, scores written as numbers, a score without an actual.

use juesuan_model::fields::Figure;
use rust_decimal::Decimal;

use super::{project_at, projects, score_decimals};
use crate::finding::{Severity, Unit};
use crate::interval::{self, Term};
use crate::rules::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::{Ctx, Sink};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "PF-003",
            name: "总分不等于各项得分之和",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "总分行的得分 = 预算执行率得分 + 各三级指标得分之和。各得分按表中最细的小数位、\
至少两位读（每个数 ±0.005），差额超出这些舍入误差之和才报。",
                why: "总分决定评价等级，也是部门平均分和各等级项目数的依据；总分与分项对不上，\
等级和汇总数可能都是错的。",
                bad: "“西城区2024年无线西城覆盖项目”：预算执行率得分9.97 + 各指标得分90 = 99.97，总分写99.9，\
差0.07，超出舍入范围 ±0.065。",
                good: "总分写99.97（表中分值“.5”也要改正，见 PF-004、PF-005）。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“总分”行。",
            },
        },
        check: total_score,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(Base::Beijing, &[]),
            silent(
                Base::Beijing,
                &[
                    "delete performance.projects[seq=4]",
                    "delete performance.projects[seq=17]",
                    "delete performance.projects[seq=19]",
                    "performance.projects[seq=3].total_score = 94",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-004",
            name: "得分超过分值",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "每一行（“年度资金总额”行和每个三级指标）的得分不能大于该行分值，按写出的数直接比较。",
                why: "得分超过分值会抬高总分，甚至超过100；多半是分值或得分抄错，如把5写成“.5”。",
                bad: "“西城区2024年无线西城覆盖项目”第1个指标“无线覆盖办公地点数量”：分值写“.5”，得分5。",
                good: "分值改为5，得分5不超过分值，全表分值合计也恢复为100。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“分值”“得分”\
栏。",
            },
        },
        check: over_weight,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "PF-007",
            name: "得分低于分值但没有偏差原因",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "三级指标得分低于分值（没拿满分），而“偏差原因分析及改进措施”栏空白或只写“无”“无偏差”“/”\
“—”时提示。",
                why: "扣分要有依据；不写原因，审核人员无法判断扣分是否合理，单位也没有提出改进措施。",
                bad: "“2024年西城家园社会治理服务平台建设项目”指标“完成试运行，系统完善和项目验收”：分值5，\
得分4，偏差原因栏空白（实际完成值里写了“未开展项目最终验收”）。",
                good: "偏差原因栏写：“因未完成信息安全等级保护测评和软件测评，最终验收推迟；改进措施：\
2025年上半年完成测评并组织验收。”",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“偏差原因分析\
及改进措施”栏。",
            },
        },
        check: deviation,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "PF-014",
            name: "分值或得分不是规范的数字",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "三级指标的分值、得分应是完整的阿拉伯数字：省略整数位（“.5”）或读不成数字（如“九十”）\
时提示；空白、“—”“/”“无”不报。",
                why: "“.5”在打印和转录时很容易丢掉小数点或被看成5，得分与分值、分值合计就会互相矛盾。",
                bad: "“西城区2024年无线西城覆盖项目”第1个指标分值写“.5”，同行得分为5，全表分值合计95.5。",
                good: "写完整数字：本意是5分的写“5”，确实是半分的写“0.5”。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“分值”“得分”\
栏；《地方预决算公开操作规程》（财预〔2016〕143号）第四条（形式规范）。",
            },
        },
        check: odd_numbers,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "PF-019",
            name: "实际完成值空白却给了得分",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "三级指标的实际完成值空白，而得分大于0时提示。",
                why: "得分要依据实际完成值与年度指标值的比较；没有实际完成值，得分无从核对。",
                bad: "“2024年国际互联网通讯费项目”满意度指标“保障全区各单位互联网稳定、安全、可靠的运行……”：\
年度指标值“定性”，实际完成值空白，分值10、得分9。",
                good: "据实填写实际完成值（如“服务对象满意度调查满意率96%”），再按完成情况打分。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“实际完成值”\
“得分”栏。",
            },
        },
        check: scored_without_actual,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
];

fn total_score(ctx: &Ctx, sink: &mut Sink) {
    for (p, n) in projects(ctx) {
        let Some(total) = n.total_score else {
            continue;
        };
        let d = score_decimals(ctx, n);
        let parts: Vec<Term> = std::iter::once(n.funds_score)
            .chain(n.rows.iter().map(|r| r.1))
            .flatten()
            .map(|s| Term::with_decimals(s, d))
            .collect();
        let sum = Term::sum(&parts);
        if let Some(m) = interval::check_equal(Term::with_decimals(total, d), sum) {
            let fi = sink
                .finding(
                    project_at(p).row("总分").column("得分"),
                    format!(
                        "总分写 {total}，各项得分之和为 {}，相差 {}",
                        sum.value,
                        m.difference.abs()
                    ),
                )
                .number("总分", total, Unit::Points)
                .number("各项得分之和", sum.value, Unit::Points)
                .relation("总分 = 预算执行率得分 + 各三级指标得分")
                .arithmetic(m.arithmetic(Some(d), Unit::Points));
            sink.push(fi);
        }
    }
}

fn over_weight(ctx: &Ctx, sink: &mut Sink) {
    for (p, n) in projects(ctx) {
        let funds = (None, n.funds_weight, n.funds_score);
        let indicators = p
            .indicators
            .iter()
            .zip(&n.rows)
            .enumerate()
            .map(|(i, (ind, (w, s)))| (Some((i, ind)), *w, *s));
        for (row, w, s) in std::iter::once(funds).chain(indicators) {
            let (Some(w), Some(s)) = (w, s) else {
                continue;
            };
            if s > w {
                let at = match row {
                    Some((i, ind)) => project_at(p).indicator(i + 1, ind.name.as_deref()),
                    None => project_at(p).row("年度资金总额"),
                };
                let f = sink
                    .finding(at.column("得分"), format!("得分 {s} 超过分值 {w}"))
                    .number("分值", w, Unit::Points)
                    .number("得分", s, Unit::Points)
                    .relation("得分 ≤ 分值")
                    .hint("核对分值和得分是否抄错（如 5 写成 .5）");
                sink.push(f);
            }
        }
    }
}

fn deviation(ctx: &Ctx, sink: &mut Sink) {
    for (p, n) in projects(ctx) {
        for (i, (ind, row)) in p.indicators.iter().zip(&n.rows).enumerate() {
            let (Some(w), Some(s)) = *row else {
                continue;
            };
            let reason = ind.deviation.as_deref().map(str::trim).unwrap_or("");
            let empty = reason.is_empty() || matches!(reason, "无" | "无偏差" | "/" | "—");
            if s < w && empty {
                let f = sink
                    .finding(
                        project_at(p)
                            .indicator(i + 1, ind.name.as_deref())
                            .column("偏差原因分析及改进措施"),
                        format!("得分 {s} 低于分值 {w}，没有写偏差原因"),
                    )
                    .hint("说明未达标的原因和改进措施");
                sink.push(f);
            }
        }
    }
}

/// The text of a figure that is not a well-formed number (`.5`, `九十`), given its parsed
/// value.
fn odd(f: &Option<Figure>, parsed: Option<Decimal>) -> Option<&str> {
    let t = f.as_ref()?.text().trim();
    if t.is_empty() || matches!(t, "—" | "-" | "/" | "无" | "——") {
        return None;
    }
    let bad_lead = t.starts_with('.');
    (bad_lead || parsed.is_none()).then_some(t)
}

fn odd_numbers(ctx: &Ctx, sink: &mut Sink) {
    for (p, n) in projects(ctx) {
        for (i, (ind, (w, s))) in p.indicators.iter().zip(&n.rows).enumerate() {
            for (col, f, parsed) in [("分值", &ind.weight, *w), ("得分", &ind.score, *s)] {
                if let Some(t) = odd(f, parsed) {
                    let fi = sink
                        .finding(
                            project_at(p)
                                .indicator(i + 1, ind.name.as_deref())
                                .column(col),
                            format!("{col}写成“{t}”，不是规范的数字"),
                        )
                        .hint("写完整的数字，如 0.5 或 5");
                    sink.push(fi);
                }
            }
        }
    }
}

fn scored_without_actual(ctx: &Ctx, sink: &mut Sink) {
    for (p, n) in projects(ctx) {
        for (i, (ind, (_, score))) in p.indicators.iter().zip(&n.rows).enumerate() {
            let scored = score.is_some_and(|s| s > Decimal::ZERO);
            let no_actual = ind.actual.as_deref().is_none_or(|a| a.trim().is_empty());
            if scored && no_actual {
                let f = sink
                    .finding(
                        project_at(p)
                            .indicator(i + 1, ind.name.as_deref())
                            .column("实际完成值"),
                        format!(
                            "实际完成值空白，却得了 {} 分",
                            ind.score.as_ref().map(|s| s.text()).unwrap_or("")
                        ),
                    )
                    .hint("填写实际完成值，再据以打分");
                sink.push(f);
            }
        }
    }
}
