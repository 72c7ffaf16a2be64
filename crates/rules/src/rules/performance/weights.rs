//! PF-005, PF-006, PF-011, PF-015, PF-016: the weights of a project table — Σ 分值 = 100, the first-level
//! weights against the defaults, the 总分 row's 100, and the stated group weights against their rows.

use rust_decimal::Decimal;

use super::{ProjectNumbers, num, project_at, projects};
use crate::finding::{Severity, Unit};
use crate::rules::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::{Ctx, Sink};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "PF-005",
            name: "分值合计不等于 100",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "预算执行率分值与各三级指标分值之和应为 100（不涉及的指标不计分值，其余按比例调整后仍合计 100）。\
西城表4 第一个指标分值写成“.5”，分值合计成了 95.5。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
            },
        },
        check: weights_total,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "PF-006",
            name: "一级指标分值偏离默认权重",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "一级指标分值一般为：预算执行率 10、产出指标 50、效益指标 30、满意度指标 10（地区格式可改）。偏离 10 分以上\
时提示，由评价人员判断是否合理。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号；地区格式 performance_weights",
            },
        },
        check: first_level,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "PF-011",
            name: "总分行的分值不是 100",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "总分行的分值应为 100。西城表17 写 90、表19 写 900。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
            },
        },
        check: total_weight,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "PF-015",
            name: "一级指标分值不等于其下三级指标分值之和",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "一级指标标注的分值（如“产出指标 50分”）应等于其下各三级指标分值之和。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
            },
        },
        check: |c, s| group_weights(c, s, true),
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &[
                    "performance.projects[seq=1].indicators[#0].weight = 13",
                    "performance.projects[seq=1].indicators[#0].score = 13",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-016",
            name: "二级指标分值不等于其下三级指标分值之和",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "二级指标标注的分值（如“数量指标30分”）应等于其下各三级指标分值之和。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
            },
        },
        check: |c, s| group_weights(c, s, false),
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["performance.projects[seq=1].indicators[#1].weight = 9"],
            ),
        ],
    },
];

/// Σ weights of the scored rows (the funds row and indicators with a numeric weight).
fn weight_sum(n: &ProjectNumbers) -> Decimal {
    n.funds_weight.unwrap_or(Decimal::ZERO) + n.rows.iter().filter_map(|r| r.0).sum::<Decimal>()
}

fn weights_total(ctx: &Ctx, sink: &mut Sink) {
    for (p, n) in projects(ctx) {
        if n.rows.iter().all(|r| r.0.is_none()) {
            continue;
        }
        let sum = weight_sum(n);
        if sum != Decimal::ONE_HUNDRED {
            let f = sink
                .finding(
                    project_at(p).row("分值"),
                    format!("预算执行率和各三级指标的分值合计为 {sum}，不是 100"),
                )
                .number("分值合计", sum, Unit::Points)
                .relation("预算执行率分值 + Σ 三级指标分值 = 100");
            sink.push(f);
        }
    }
}

fn first_level(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.projects {
        let off: Vec<String> = juesuan_performance::weights::deviations(p, ctx.profile)
            .iter()
            .map(|d| format!("{} {}（一般为 {}）", d.name, d.found, d.default))
            .collect();
        if !off.is_empty() {
            let f = sink
                .finding(
                    project_at(p).row("一级指标"),
                    format!("一级指标分值偏离默认权重：{}", off.join("，")),
                )
                .hint("确认权重设置的理由，或按产出 50、效益 30、满意度 10 调整");
            sink.push(f);
        }
    }
}

fn total_weight(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.projects {
        let Some(w) = num(&p.total_weight) else {
            continue;
        };
        if w != Decimal::ONE_HUNDRED {
            let f = sink
                .finding(
                    project_at(p).row("总分").column("分值"),
                    format!("总分行的分值写 {w}，应为 100"),
                )
                .number("总分分值", w, Unit::Points);
            sink.push(f);
        }
    }
}

fn group_weights(ctx: &Ctx, sink: &mut Sink, first: bool) {
    for (p, n) in projects(ctx) {
        // ((一级, 二级), stated weight, Σ row weights), in order of appearance
        type Group<'a> = ((&'a str, &'a str), Decimal, Decimal);
        let mut groups: Vec<Group> = Vec::new();
        let rows = p.indicators.iter().zip(&n.rows).zip(&n.levels);
        for ((ind, (weight, _)), (w1, w2)) in rows {
            let level1 = ind.level1.as_deref();
            let (key, stated) = if first {
                (level1.map(|l1| (l1, "")), *w1)
            } else {
                (
                    ind.level2.as_deref().map(|l2| (level1.unwrap_or(""), l2)),
                    *w2,
                )
            };
            let (Some(key), Some(stated)) = (key, stated) else {
                continue;
            };
            let w = weight.unwrap_or(Decimal::ZERO);
            match groups.iter_mut().find(|g| g.0 == key) {
                Some(g) => g.2 += w,
                None => groups.push((key, stated, w)),
            }
        }
        for ((l1, l2), stated, sum) in groups {
            if stated != sum {
                let name = if first {
                    l1.to_string()
                } else {
                    format!("{l1} {l2}")
                };
                let f = sink
                    .finding(
                        project_at(p).row(&name).column("分值"),
                        format!("“{name}”标注 {stated} 分，其下三级指标分值之和为 {sum}"),
                    )
                    .number("标注分值", stated, Unit::Points)
                    .number("三级指标分值之和", sum, Unit::Points)
                    .relation(if first {
                        "一级指标分值 = Σ 三级指标分值"
                    } else {
                        "二级指标分值 = Σ 三级指标分值"
                    });
                sink.push(f);
            }
        }
    }
}
