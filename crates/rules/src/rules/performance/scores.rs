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
                what: "总分 = 预算执行率得分 + 各三级指标得分之和。按得分的小数位数（至少两位）判断舍入。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
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
                what: "每一行的得分不能超过其分值。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
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
                what: "指标没有拿满分时，应在“偏差原因分析及改进措施”中说明原因。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
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
                what: "分值、得分应是普通数字。“.5”这样省略整数位的写法容易被误读（西城表4 把 5 写成了 .5）。",
                why: "",
                bad: "",
                good: "",
                basis: "",
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
                what: "没有填写实际完成值的指标无法判断完成情况，却给了得分。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
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
