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
                what: "项目支出绩效自评表“年度资金总额”行：执行率应等于全年执行数 ÷ 全年预算数。\
执行率按写出的小数位判断舍入（94.1% 即 94.05%～94.15%），金额按写出的小数位读；\
一个金额疑似按元填写（PF-012）时先折成万元。执行率没写百分号时，大于1.5的按百分数读\
（“10”即10%），否则按小数读（0.94即94%）。",
                why: "执行率决定预算执行率得分（一般10分），也是财政部门看项目执行进度的第一个数；\
写错会连带得分和总分出错。",
                bad: "“2024年国际互联网通讯费项目”：全年预算数、全年执行数都是303.4698，执行率却写“10”。",
                good: "303.4698 ÷ 303.4698 = 100%，执行率写“100%”，预算执行率得分10。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“年度资金总额”\
行“全年预算数”“全年执行数”“执行率”栏。",
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
                what: "“年度资金总额”行的得分 = 执行率 × 分值（分值没写按10），最高为分值；\
执行率用全年执行数 ÷ 全年预算数计算（缺金额时用表中的执行率）。按表中得分最细的小数位、\
至少两位判断：两位小数时，与计算结果相差超过0.005才报。",
                why: "执行率得分直接计入总分；把执行率取整后再打分（94.11%记9.4分、99.81%记10分），\
总分就跟着偏低或偏高。",
                bad: "“西城区2024年政务办公系统和基础设施运维服务项目”：393.7188 ÷ 418.3693 = 94.11%，\
应得9.41分，表中写9.4；“2024年西城区正版化软件升级服务项目”：91.18 ÷ 91.35 = 99.81%，\
应得9.98分，表中写10。",
                good: "前者得分写9.41，总分相应由97.4改为97.41；后者得分写9.98。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“年度资金总额”\
行“分值”“执行率”“得分”栏。",
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
                what: "表头为万元的项目资金中，三种情形判为按元填写：全年执行数是全年预算数的1000倍以上或千分之\
一以下（其中一个按元）；两数都在100000（即10亿元）以上；全年预算数超过单位本年支出合计的\
十倍（两个都按元）。按元的数除以10000折成万元后再算执行率。",
                why: "单位错了，执行率会算成几千倍或千分之一，项目预算金额汇总也会放大一万倍；表头是万元，\
表内必须统一用万元。",
                bad: "“西城区2024年无线西城覆盖项目”：全年预算数377，全年执行数3757170；\
“2024年数字经济咨询指导服务项目”全年预算数、全年执行数都写958800。",
                good: "前者全年执行数写375.717（万元），执行率 375.717 ÷ 377 = 99.66%，与表中“99.7%”相符；\
后者写95.88。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“项目资金（万\
元）”。",
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
                what: "“年度资金总额”行的执行率是数字却没有百分号（如“10”“100”“0.94”）时提示。\
执行率与金额是否相符由 PF-001 判断。",
                why: "没有百分号的执行率有歧义：“10”可能是10%、100%或误填了分值，“0.94”可能是0.94%或94%，\
读者和汇总都会读错。",
                bad: "“2024年国际互联网通讯费项目”执行率写“10”（实为100%）；“2021年度数字经济政策兑现项目”\
写“100”。",
                good: "写成百分数：“100%”；不足100%的如“94.11%”。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“执行率”栏。",
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
                what: "“年初预算数”“全年预算数”“全年执行数”三栏分别核对：年度资金总额 = 其中：\
当年财政拨款 + 上年结转资金 + 其他资金。各数至少按两位小数读（总额写到四位的按四位），\
差额超出各数舍入误差之和才报；当年财政拨款一栏空白时不检查。",
                why: "资金来源分项是判断执行率和结转情况的依据；分项加不到总额，说明有一项资金漏填或抄错。",
                bad: "全年执行数：年度资金总额393.7188，其中当年财政拨款383.7188、上年结转资金0、其他资金0，\
分项合计383.7188，差10。",
                good: "当年财政拨款的全年执行数改为393.7188；若确有10万元来自上年结转，填入“上年结转资金”栏。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“年度资金总额”\
“其中：当年财政拨款”“上年结转资金”“其他资金”行。",
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
                what: "“年度资金总额”行全年执行数大于全年预算数（执行率超过100%）时提示。\
只有一个数疑似按元填写时（PF-012）不报，两个都按元填写的照常比较。",
                why: "执行数一般不超过调整后的全年预算数；超过说明预算调整没有反映到全年预算数，\
或执行数多算了别的项目。执行率得分最高为分值，超支不加分。",
                bad: "全年预算数100.00万元，全年执行数120.00万元，执行率120%。",
                good: "核对预算调整文件：追加了20万元的，全年预算数改为120.00；执行数含其他项目支出的，\
改正执行数。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“全年预算数”\
“全年执行数”“执行率”栏。",
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
                        juesuan_model::round_half_up(m.computed, 2)
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
                    "全年预算数 {} 和全年执行数 {} 按万元计都超过 10 亿元，疑似都按元填写（折合 {} 万元和 {} 万元）",
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
