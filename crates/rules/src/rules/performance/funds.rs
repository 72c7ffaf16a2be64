//! PF-001, PF-002, PF-012, PF-013, PF-017, PF-022: the funds line of a project table — the execution rate and its score,
//! amounts typed in 元, the rate's form, the funds breakdown, execution beyond the budget.

use juesuan_model::fields::Figure;
use juesuan_model::performance::FundsLine;
use juesuan_model::{Amount, MoneyUnit};
use rust_decimal::Decimal;

use super::{execution, project_at, projects, score_decimals, stated_rate};
use juesuan_performance::funds::{Because, InYuan, scale};

use crate::finding::{Severity, Unit};
use crate::interval::{self, Term};
use crate::rules::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::{Ctx, Sink};

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
        let one_in_yuan = execution(ctx, n)
            .is_some_and(|(_, s)| matches!(s.in_yuan, InYuan::Executed | InYuan::Budget));
        if one_in_yuan {
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
        let ratio = match execution(ctx, n) {
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

fn funds_in_yuan(ctx: &Ctx, sink: &mut Sink) {
    let unit_total = juesuan_performance::summary::unit_total(ctx.pkg);
    for (p, n) in projects(ctx) {
        let Some(b) = n.budget else { continue };
        let e = n.executed.map_or(Decimal::ZERO, |e| e.value());
        let scaled = scale(e, b.value(), unit_total);
        let f = &p.funds.total;
        let text = |x: &Option<Figure>| x.as_ref().map_or(String::new(), |x| x.text().to_string());
        let (at, message) = match (scaled.in_yuan, scaled.because) {
            (InYuan::Neither, _) | (_, None) => continue,
            (InYuan::Executed | InYuan::Budget, _) | (InYuan::Both, Some(Because::Ratio)) => (
                project_at(p).row("年度资金总额"),
                format!(
                    "全年执行数 {} 与全年预算数 {} 相差约一万倍，其中一个疑似按元填写",
                    text(&f.executed),
                    text(&f.full_year_budget)
                ),
            ),
            (InYuan::Both, Some(Because::Huge)) => (
                project_at(p).row("年度资金总额"),
                format!(
                    "全年预算数 {} 和全年执行数 {} 都在 10 万万元（10 亿元）以上，疑似都按元填写（折合 {} 万元和 {} 万元）",
                    text(&f.full_year_budget),
                    text(&f.executed),
                    scaled.budget,
                    scaled.executed
                ),
            ),
            (InYuan::Both, Some(Because::OverUnit { unit_total })) => (
                project_at(p).row("年度资金总额").column("全年预算数"),
                format!(
                    "项目全年预算数 {b} 超过单位全年支出 {unit_total} 万元的十倍，疑似按元填写（折合 {} 万元）",
                    scaled.budget
                ),
            ),
        };
        let fi = sink
            .finding(at, message)
            .hint("项目资金单位是万元；把按元填写的数除以 10000");
        sink.push(fi);
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

fn over_executed(ctx: &Ctx, sink: &mut Sink) {
    for (p, n) in projects(ctx) {
        let f = &p.funds.total;
        let Some((ratio, scaled)) = execution(ctx, n) else {
            continue;
        };
        // One amount in 元 and the other in 万元 is PF-012's: their ratio says nothing. Both
        // in 元 keep their ratio.
        if matches!(scaled.in_yuan, InYuan::Executed | InYuan::Budget) {
            continue;
        }
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
