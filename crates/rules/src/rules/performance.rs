//! PF: project self-evaluation tables (财预〔2020〕10号) and the department evaluation —
//! execution rate and its score, Σ scores = 总分, 得分 ≤ 分值, weights, deviation reasons,
//! grades, repeated tables, amounts in 元.

use std::collections::HashMap;

use rust_decimal::Decimal;

use juesuan_model::fields::Figure;
use juesuan_model::performance::{FundsLine, ProjectEvaluation};
use juesuan_model::{Amount, MoneyUnit};

use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::{Severity, Unit};
use crate::interval::{self, Term};
use crate::{Ctx, Location, Sink};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "PF-001",
            name: "执行率与全年执行数、全年预算数不符",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "执行率 = 全年执行数 ÷ 全年预算数。按执行率写出的小数位数判断舍入。执行率写成“10”而实际为 100%，也在此报出。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号 项目支出绩效自评表",
            },
        },
        check: rate,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            silent(Base::Beijing, &["delete performance.projects[seq=3]"]),
            fires(Base::Beijing, &[]),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-002",
            name: "预算执行率得分不等于执行率乘以分值",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "预算执行率得分 = 执行率 × 分值（分值一般为 10），最高不超过分值：执行率 99.7% 得 9.97 分。得分按两位小数\
判断舍入，执行率按全年执行数和全年预算数计算。西城表1 执行率 94.108%，应得 9.41 分，表中写 9.4。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
            },
        },
        check: rate_score,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(Base::Beijing, &[]),
            fires(
                Base::Synthetic,
                &["performance.projects[#0].funds.total.score = 9.6"],
            ),
        ],
    },
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
            code: "PF-008",
            name: "评价等级与总分不符",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "评价等级按总分确定（默认 ≥90 优、80–90 良、60–80 中、<60 差；标签按地区格式）。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号；地区格式 grades",
            },
        },
        check: project_grade,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(Base::Synthetic, &["performance.projects[#0].grade = 良"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-009",
            name: "项目自评表重复",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "同一项目的自评表出现了两次（项目名称相同）。西城科信局第 9、11 张都是“2024年西城区区块链基础服务平台”。",
                why: "",
                bad: "",
                good: "",
                basis: "",
            },
        },
        check: repeated,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &["performance.projects[#1].name = 测试项目1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-010",
            name: "自评表没有总分",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "每张项目支出绩效自评表都应有总分行。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
            },
        },
        check: no_total,
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["delete performance.projects[seq=1].total_score"],
            ),
        ],
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
            code: "PF-012",
            name: "项目资金疑似按元填写",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "项目资金表头为万元，而全年执行数是全年预算数的数千倍（西城表4：3757170 与 377），或项目金额超过整个单位的\
支出总额十倍（西城表17、表19：958800、12331453），多半是按元填写的。",
                why: "",
                bad: "",
                good: "",
                basis: "",
            },
        },
        check: funds_in_yuan,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "PF-013",
            name: "执行率写法不规范",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "执行率应写成百分数（如 94.11%）。写成“10”“100”而没有百分号，读者无法确定含义。",
                why: "",
                bad: "",
                good: "",
                basis: "",
            },
        },
        check: rate_format,
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
    Rule {
        meta: Meta {
            code: "PF-017",
            name: "项目资金分项之和不等于年度资金总额",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "年初预算数、全年预算数、全年执行数三栏：年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
            },
        },
        check: funds_lines,
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["performance.projects[seq=1].funds.appropriation.executed = 383.7188"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-018",
            name: "空白或模板指标行",
            severity: Severity::Info,
            family: Family::Performance,
            doc: Doc {
                what: "指标行只有“指标2：”“……”之类的模板文字而没有内容。应删去，或者填上实际指标；空行不能计入分值。",
                why: "",
                bad: "",
                good: "",
                basis: "；issue 绩效指标质量",
            },
        },
        check: empty_rows,
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
    Rule {
        meta: Meta {
            code: "PF-020",
            name: "部门整体绩效评价等级与得分不符",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "部门整体绩效评价的等级应与得分所在的等级区间一致（如 98.84 分为“优”/“优秀”）。",
                why: "",
                bad: "",
                good: "",
                basis: "地区格式 grades",
            },
        },
        check: department_grade,
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(Base::Beijing, &["performance.department.grade = 良好"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-021",
            name: "绩效自评项目数与各等级项目数之和不符",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "预算绩效管理情况中，绩效自评的项目个数应等于“优”“良”“合格”“不合格”各等级项目数之和；平均得分应在 0–100 之间。",
                why: "",
                bad: "",
                good: "",
                basis: "上海模板 十、预算绩效管理情况",
            },
        },
        check: management_counts,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(Base::Shanghai, &["performance.management.grade_good = 1"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-022",
            name: "全年执行数超过全年预算数",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "项目全年执行数一般不超过全年预算数；执行率超过 100% 时请核对预算调整或录入。",
                why: "",
                bad: "",
                good: "",
                basis: "",
            },
        },
        check: over_executed,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &[
                    "performance.projects[#0].funds.total.full_year_budget = 100.00",
                    "performance.projects[#0].funds.total.executed = 120.00",
                ],
            ),
        ],
    },
];

fn project_at(p: &ProjectEvaluation) -> Location {
    Location::project(&p.seq, &p.name)
}

/// A figure as a number: `94.1%` → 94.1; blanks and `—`, `/`, `无` → none.
fn num(f: &Option<Figure>) -> Option<Decimal> {
    f.as_ref().and_then(Figure::number)
}

/// The scores and weights of every project table, parsed once per audit (many rules read
/// them).
pub(crate) struct Numbers {
    projects: Vec<ProjectNumbers>,
}

struct ProjectNumbers {
    funds_weight: Option<Decimal>,
    funds_score: Option<Decimal>,
    total_score: Option<Decimal>,
    /// 全年执行数 and 全年预算数 of the 年度资金总额 line.
    executed: Option<Amount>,
    budget: Option<Amount>,
    /// (分值, 得分) of each indicator row.
    rows: Vec<(Option<Decimal>, Option<Decimal>)>,
    /// The weights stated for each row's 一级 and 二级 indicator.
    levels: Vec<(Option<Decimal>, Option<Decimal>)>,
}

/// Each project with its parsed numbers.
fn projects<'c>(ctx: &'c Ctx) -> impl Iterator<Item = (&'c ProjectEvaluation, &'c ProjectNumbers)> {
    let numbers = ctx.performance.get_or_init(|| Numbers {
        projects: ctx
            .pkg
            .performance
            .projects
            .iter()
            .map(|p| ProjectNumbers {
                funds_weight: num(&p.funds.total.weight),
                funds_score: num(&p.funds.total.score),
                total_score: num(&p.total_score),
                executed: money(&p.funds.total.executed),
                budget: money(&p.funds.total.full_year_budget),
                rows: p
                    .indicators
                    .iter()
                    .map(|i| (num(&i.weight), num(&i.score)))
                    .collect(),
                levels: p
                    .indicators
                    .iter()
                    .map(|i| (num(&i.level1_weight), num(&i.level2_weight)))
                    .collect(),
            })
            .collect(),
    });
    ctx.pkg.performance.projects.iter().zip(&numbers.projects)
}

/// A figure as money in 万元.
fn money(f: &Option<Figure>) -> Option<Amount> {
    f.as_ref()
        .and_then(|f| Amount::parse(f.text(), MoneyUnit::Wan).ok().flatten())
}

/// Decimals of scores in a project: the finest printed, at least the profile's.
fn score_decimals(ctx: &Ctx, n: &ProjectNumbers) -> u32 {
    std::iter::once(n.funds_score)
        .chain(std::iter::once(n.total_score))
        .chain(n.rows.iter().map(|r| r.1))
        .flatten()
        .map(|x| x.scale())
        .fold(ctx.profile.score_decimals, u32::max)
        .min(6)
}

/// The execution ratio executed / budget, corrected when one of them is in 元
/// (ratio around 10⁴): `(ratio, corrected)`.
fn execution(n: &ProjectNumbers) -> Option<(Decimal, bool)> {
    let e = n.executed?.value();
    let b = n.budget?.value();
    if b.is_zero() {
        return None;
    }
    let r = e / b;
    let k = Decimal::from(1000);
    if r >= k {
        Some((r / Decimal::from(10_000), true))
    } else if r <= Decimal::ONE / k && !e.is_zero() {
        Some((r * Decimal::from(10_000), true))
    } else {
        Some((r, false))
    }
}

/// The stated rate as a fraction: `94.1%` → 0.941; `100` → 1.00; `0.94` → 0.94.
fn stated_rate(f: &Figure) -> Option<Term> {
    let n = f.number()?;
    let pct = if f.is_percent() || n > Decimal::new(15, 1) {
        n
    } else {
        n * Decimal::ONE_HUNDRED
    };
    let dec = if f.is_percent() || n > Decimal::new(15, 1) {
        n.scale()
    } else {
        n.scale().saturating_sub(2)
    };
    Some(Term::with_decimals(pct, dec))
}

fn rate(ctx: &Ctx, sink: &mut Sink) {
    let wan = Decimal::from(10_000);
    for (p, n) in projects(ctx) {
        let f = &p.funds.total;
        let Some(rate_fig) = &f.rate else { continue };
        let Some(stated) = stated_rate(rate_fig) else {
            continue;
        };
        let (Some(e), Some(b)) = (n.executed, n.budget) else {
            continue;
        };
        let mut et = Term::stated(e, e.scale());
        let mut bt = Term::stated(b, b.scale());
        // one of them in 元 (PF-012): compare in 万元
        if let Some((_, true)) = execution(n) {
            if e.value() > b.value() {
                et = Term {
                    value: et.value / wan,
                    half: et.half / wan,
                };
            } else {
                bt = Term {
                    value: bt.value / wan,
                    half: bt.half / wan,
                };
            }
        }
        if let Some(m) = interval::check_percent(stated, et, bt) {
            let fi = sink
                .finding(
                    project_at(p).row("年度资金总额").column("执行率"),
                    format!(
                        "执行率写“{}”，而全年执行数 {} ÷ 全年预算数 {} = {}%",
                        rate_fig,
                        e,
                        b,
                        m.computed.round_dp(2)
                    ),
                )
                .text("执行率", rate_fig.to_string())
                .relation("执行率 = 全年执行数 ÷ 全年预算数")
                .arithmetic(m.arithmetic(None, Unit::Percent));
            sink.push(fi);
        }
    }
}

fn rate_score(ctx: &Ctx, sink: &mut Sink) {
    for (p, n) in projects(ctx) {
        let f = &p.funds.total;
        let Some(score) = n.funds_score else { continue };
        let weight = n.funds_weight.unwrap_or(Decimal::TEN);
        let ratio = match execution(n) {
            Some((r, _)) => r,
            None => match f.rate.as_ref().and_then(stated_rate) {
                Some(t) => t.value / Decimal::ONE_HUNDRED,
                None => continue,
            },
        };
        let computed = (ratio * weight).min(weight);
        let d = score_decimals(ctx, n);
        let stated = Term::with_decimals(score, d);
        if let Some(m) = interval::check_equal(stated, Term::exact(computed)) {
            let fi = sink
                .finding(
                    project_at(p).row("年度资金总额").column("得分"),
                    format!(
                        "预算执行率得分写 {score}，按执行率 {}% × 分值 {weight} 应为 {}",
                        juesuan_model::round_half_up(ratio * Decimal::ONE_HUNDRED, 2),
                        juesuan_model::round_half_up(computed, d)
                    ),
                )
                .number("得分", score, Unit::Points)
                .relation("得分 = 执行率 × 分值，最高为分值")
                .arithmetic(
                    interval::Mismatch {
                        computed: juesuan_model::round_half_up(computed, 4),
                        difference: juesuan_model::round_half_up(score - computed, 4),
                        ..m
                    }
                    .arithmetic(Some(d), Unit::Points),
                );
            sink.push(fi);
        }
    }
}

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

/// Which first-level group an indicator belongs to.
fn group(level1: &str) -> Option<usize> {
    let l: std::borrow::Cow<str> = if level1.contains(char::is_whitespace) {
        juesuan_model::text::compact(level1).into()
    } else {
        level1.into()
    };
    if l.contains("产出") {
        Some(0)
    } else if l.contains("效益") || l.contains("效果") {
        Some(1)
    } else if l.contains("满意") {
        Some(2)
    } else {
        None
    }
}

fn first_level(ctx: &Ctx, sink: &mut Sink) {
    let w = &ctx.profile.performance_weights;
    let defaults = [
        ("产出指标", w.output),
        ("效益指标", w.effect),
        ("满意度指标", w.satisfaction),
    ];
    let ten = Decimal::TEN;
    for (p, n) in projects(ctx) {
        let mut sums = [Decimal::ZERO; 3];
        let mut any = false;
        for (i, (w, _)) in p.indicators.iter().zip(&n.rows) {
            if let (Some(x), Some(g)) = (w, i.level1.as_deref().and_then(group)) {
                sums[g] += x;
                any = true;
            }
        }
        if !any {
            continue;
        }
        let off: Vec<String> = defaults
            .iter()
            .zip(sums)
            .filter(|((_, d), s)| (s - *d).abs() >= ten)
            .map(|((name, d), s)| format!("{name} {s}（一般为 {d}）"))
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

fn project_grade(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.projects {
        let (Some(g), Some(score)) = (p.grade.as_deref(), num(&p.total_score)) else {
            continue;
        };
        let Some(expected) = ctx.profile.grade(score) else {
            continue;
        };
        match ctx.profile.grade_named(g) {
            Some(band) if band.label == expected.label => {}
            _ => {
                let f = sink
                    .finding(
                        project_at(p).row("评价等级"),
                        format!("评价等级写“{g}”，总分 {score} 应为“{}”", expected.label),
                    )
                    .relation("等级按总分区间确定");
                sink.push(f);
            }
        }
    }
}

fn repeated(ctx: &Ctx, sink: &mut Sink) {
    let mut seen: HashMap<String, &ProjectEvaluation> = HashMap::new();
    for p in &ctx.pkg.performance.projects {
        let key = juesuan_model::text::compact(&p.name);
        if key.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(&key) {
            let f = sink
                .finding(
                    project_at(p),
                    format!("与第 {} 张自评表是同一个项目“{}”", first.seq, p.name),
                )
                .hint("删去重复的表，或改正项目名称");
            sink.push(f);
        } else {
            seen.insert(key, p);
        }
    }
}

fn no_total(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.projects {
        if p.total_score.is_none() {
            let f = sink.finding(project_at(p).row("总分"), "自评表没有总分");
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

fn funds_in_yuan(ctx: &Ctx, sink: &mut Sink) {
    let unit_total = ctx
        .pkg
        .tables
        .summary
        .as_ref()
        .and_then(|s| s.expenditure_totals.total)
        .or_else(|| {
            ctx.pkg
                .tables
                .general_budget
                .as_ref()
                .and_then(|g| g.total.total)
        })
        .map(|a| a.value());
    for (p, n) in projects(ctx) {
        let f = &p.funds.total;
        if let Some((_, true)) = execution(n) {
            let fi = sink
                .finding(
                    project_at(p).row("年度资金总额"),
                    format!(
                        "全年执行数 {} 与全年预算数 {} 相差约一万倍，其中一个疑似按元填写",
                        f.executed.as_ref().map(|x| x.text()).unwrap_or(""),
                        f.full_year_budget.as_ref().map(|x| x.text()).unwrap_or("")
                    ),
                )
                .hint("项目资金单位是万元；把按元填写的数除以 10000");
            sink.push(fi);
            continue;
        }
        let (Some(total), Some(b)) = (unit_total, n.budget) else {
            continue;
        };
        if !total.is_zero() && b.value() > total * Decimal::TEN {
            let fi = sink
                .finding(
                    project_at(p).row("年度资金总额").column("全年预算数"),
                    format!(
                        "项目全年预算数 {} 超过单位全年支出 {total} 万元的十倍，疑似按元填写（折合 {} 万元）",
                        b,
                        b.value() / Decimal::from(10_000)
                    ),
                )
                .hint("项目资金单位是万元；把按元填写的数除以 10000");
            sink.push(fi);
        }
    }
}

fn rate_format(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.projects {
        let Some(r) = &p.funds.total.rate else {
            continue;
        };
        if r.number().is_some() && !r.is_percent() {
            let f = sink
                .finding(
                    project_at(p).row("年度资金总额").column("执行率"),
                    format!("执行率写成“{r}”，没有百分号"),
                )
                .hint("写成百分数，如 100%");
            sink.push(f);
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

fn funds_lines(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.projects {
        let fl = &p.funds;
        for (key, label) in [
            ("initial_budget", "年初预算数"),
            ("full_year_budget", "全年预算数"),
            ("executed", "全年执行数"),
        ] {
            let get = |l: &FundsLine| -> Option<Option<Amount>> {
                let f = match key {
                    "initial_budget" => &l.initial_budget,
                    "full_year_budget" => &l.full_year_budget,
                    _ => &l.executed,
                };
                match f {
                    None => Some(None),
                    Some(x) => Amount::parse(x.text(), MoneyUnit::Wan).ok(),
                }
            };
            let (Some(Some(total)), Some(Some(appr))) = (get(&fl.total), get(&fl.appropriation))
            else {
                continue;
            };
            let (Some(carry), Some(other)) = (get(&fl.carryover), get(&fl.other)) else {
                continue;
            };
            let d = total.scale().max(2);
            let parts = [Some(appr), carry, other]
                .into_iter()
                .flatten()
                .map(|a| Term::stated(a, d))
                .collect::<Vec<_>>();
            let sum = Term::sum(&parts);
            if let Some(m) = interval::check_equal(Term::stated(total, d), sum) {
                let f = sink
                    .finding(
                        project_at(p).row("年度资金总额").column(label),
                        format!(
                            "{label}：年度资金总额 {total} 与分项之和 {} 不符",
                            sum.value
                        ),
                    )
                    .relation("年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金")
                    .arithmetic(m.arithmetic(Some(d), Unit::Wanyuan));
                sink.push(f);
            }
        }
    }
}

fn empty_rows(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.projects {
        let rows: Vec<usize> = p
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.is_template())
            .map(|(k, _)| k + 1)
            .collect();
        if !rows.is_empty() {
            let f = sink
                .finding(
                    project_at(p).row(format!(
                        "第{}行",
                        rows.iter()
                            .map(|r| r.to_string())
                            .collect::<Vec<_>>()
                            .join("、")
                    )),
                    format!(
                        "{} 行指标只有模板文字（如“指标2：”“……”），没有内容",
                        rows.len()
                    ),
                )
                .hint("删去空的指标行，或填上实际指标");
            sink.push(f);
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

fn department_grade(ctx: &Ctx, sink: &mut Sink) {
    let Some(d) = &ctx.pkg.performance.department else {
        return;
    };
    let (Some(g), Some(score)) = (d.grade.as_deref(), num(&d.score)) else {
        return;
    };
    let Some(expected) = ctx.profile.grade(score) else {
        return;
    };
    if ctx
        .profile
        .grade_named(g)
        .is_none_or(|b| b.label != expected.label)
    {
        let f = sink
            .finding(
                Location::part("部门整体绩效评价").row("评价等级"),
                format!("评价等级写“{g}”，得分 {score} 应为“{}”", expected.label),
            )
            .relation("等级按得分区间确定");
        sink.push(f);
    }
}

fn management_counts(ctx: &Ctx, sink: &mut Sink) {
    let Some(m) = &ctx.pkg.performance.management else {
        return;
    };
    if let (Some(n), Some(a), Some(b), Some(c), Some(d)) = (
        m.evaluated_projects,
        m.grade_excellent,
        m.grade_good,
        m.grade_pass,
        m.grade_fail,
    ) && a + b + c + d != n
    {
        let f = sink
            .finding(
                Location::part("预算绩效管理情况").row("绩效自评项目数"),
                format!(
                    "绩效自评项目 {n} 个，而各等级项目数之和为 {}",
                    a + b + c + d
                ),
            )
            .relation("自评项目数 = 优 + 良 + 合格 + 不合格");
        sink.push(f);
    }
    if let Some(avg) = m.average_score
        && (avg < Decimal::ZERO || avg > Decimal::ONE_HUNDRED)
    {
        let f = sink.finding(
            Location::part("预算绩效管理情况").row("平均得分"),
            format!("平均得分 {avg} 不在 0–100 之间"),
        );
        sink.push(f);
    }
}

fn over_executed(ctx: &Ctx, sink: &mut Sink) {
    for (p, n) in projects(ctx) {
        let f = &p.funds.total;
        let Some((ratio, false)) = execution(n) else {
            continue;
        };
        if ratio > Decimal::ONE {
            let fi = sink
                .finding(
                    project_at(p).row("年度资金总额").column("全年执行数"),
                    format!(
                        "全年执行数 {} 超过全年预算数 {}（执行率 {}%）",
                        f.executed.as_ref().map(|x| x.text()).unwrap_or(""),
                        f.full_year_budget.as_ref().map(|x| x.text()).unwrap_or(""),
                        juesuan_model::round_half_up(ratio * Decimal::ONE_HUNDRED, 2)
                    ),
                )
                .hint("核对预算调整或执行数");
            sink.push(fi);
        }
    }
}
