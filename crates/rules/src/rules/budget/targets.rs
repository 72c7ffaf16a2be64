//! 项目绩效目标表 (`performance.targets`): every indicator has a measurable 指标值, the
//! weights add up, the funds add up and stay within the 项目支出 of the appropriation
//! tables, and the stated count and amount of projects with targets match the tables.

use juesuan_model::performance::{Indicator, ProjectTarget};
use juesuan_model::text::compact;
use juesuan_performance::value::{Value, parse};
use rust_decimal::Decimal;

use super::super::common::{Relation, check_pair, check_sum, named};
use super::super::performance::quality::{level2_kind, measurable};
use super::super::performance::{num, weights::group_sums};
use super::super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::{Severity, Unit};
use crate::interval::Term;
use crate::{Ctx, Location, Sink};

/// Decimals of the 万元 amounts of a 绩效目标表.
const DECIMALS: u32 = 2;

const BASIS: &str = "《项目支出绩效评价管理办法》（财预〔2020〕10号）；《中央部门项目支出核心绩效目标和指标设置及\
取值指引（试行）》（财预〔2021〕101号）；中央部门预算公开《项目绩效目标表》（项目资金：年度资金总额、\
其中：财政拨款、上年结转、其他资金；绩效指标：一级指标、二级指标、三级指标、指标值、分值）。";

pub(super) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "B-023",
            name: "绩效目标表三级指标没有指标值",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "项目绩效目标表中写了三级指标名称、却没有填指标值（空白）时提示。",
                why: "指标值是年末自评对照的目标；没有指标值的指标无法考核，绩效目标形同虚设。",
                bad: "数量指标“培训人次”，指标值空白。",
                good: "填写可考核的指标值，如“≥300人次”。",
                basis: BASIS,
            },
        },
        check: missing_targets,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["delete performance.targets[#0].indicators[#1].target"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-024",
            name: "绩效目标表产出指标值无法衡量或缺少计量单位",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "二级指标为数量、质量、时效、成本的三级指标：指标值只有描述、没有任何数字（数量、比例、\
金额、日期）时提示（与绩效自评 PQ-001 同一判断）；指标值是一个数却没有计量单位或“%”、\
指标名称中也没有注明单位（如“培训人次（人次）”）时也提示。",
                why: "产出指标应细化、量化；指标值不可衡量或只写一个数不写单位，\
年末无法对照实际完成值打分。",
                bad: "数量指标“覆盖街道数”，指标值“10”；质量指标“服务质量”，指标值“良好”。",
                good: "写成“≥10个”“验收合格率≥95%”。",
                basis: BASIS,
            },
        },
        check: unmeasurable,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["performance.targets[#0].indicators[#1].target = 10"],
            ),
            fires(
                Base::SyntheticBudget,
                &["performance.targets[#0].indicators[#2].target = 服务质量良好"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-025",
            name: "绩效目标表一级、二级指标分值不等于所属三级指标分值之和",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "项目绩效目标表印有分值时，每个一级指标、二级指标标注的分值应等于其下三级指标分值之和\
（与绩效自评 PF-015、PF-016 同一检查）。按写出的数直接比较。",
                why: "分值决定年末自评时各指标的权重；上级分值与下级之和不符，自评总分就不是按目标表的权重计算的。",
                bad: "产出指标标注 50 分，其下三级指标分值 10 + 10 + 15 + 10 = 45。",
                good: "把少计的指标分值改正，使三级指标分值之和为 50。",
                basis: BASIS,
            },
        },
        check: weights,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["performance.targets[#0].indicators[#3].weight = 10"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-026",
            name: "绩效目标表年度资金总额不等于各来源之和",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "项目绩效目标表：年度资金总额 = 财政拨款 + 上年结转 + 其他资金（空白的来源按 0 计），\
按两位小数的舍入误差（每个数 ±0.005 万元）比较。",
                why: "资金总额是项目预算的规模，也是年末计算执行率的基数；与来源之和不符，\
项目到底安排了多少钱就说不清。",
                bad: "年度资金总额 418.80 万元，其中财政拨款 408.80 万元，上年结转、其他资金空白。",
                good: "核对后改正：财政拨款应为 418.80 万元，或补填上年结转 10.00 万元。",
                basis: BASIS,
            },
        },
        check: funds,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["performance.targets[#0].funds.total += 0.05"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-027",
            name: "绩效目标表财政拨款超过财政拨款项目支出预算",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "各项目绩效目标表的财政拨款之和，不应超过一般公共预算、政府性基金预算、国有资本经营预算\
支出功能分类预算表合计行的项目支出之和（元换算为万元比较）。",
                why: "绩效目标表列的是财政拨款安排的项目；其财政拨款比全部项目支出预算还多，\
说明目标表的资金填错或填入了不属于本预算的项目。",
                bad: "4个项目绩效目标表财政拨款合计 698.46 万元，而项目支出预算合计 6,093,114.80 元（609.31 万元）。",
                good: "核对各目标表的资金，改正填错的项目（如把“418.80”误写成“518.80”）。",
                basis: BASIS,
            },
        },
        check: within_projects,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &[
                    "performance.targets[#0].funds.appropriation += 2000",
                    "performance.targets[#0].funds.total += 2000",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-028",
            name: "编报绩效目标的项目数或金额与所列目标表不符",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "说明中“编报绩效目标的项目共N个，涉及项目预算资金X万元”：所列项目绩效目标表多于 N 个时提示；\
恰好 N 个（全部列出）时，各表年度资金总额之和应等于 X（按每个数 ±0.005 的舍入误差比较）。\
所列少于 N 个（只公开部分项目）时不比较金额。",
                why: "说明中的个数和金额应能由所列的目标表核对；对不上，说明文字与附表至少有一处不实。",
                bad: "说明写“编报绩效目标的项目共4个，涉及项目预算资金598.46万元”，\
4张目标表资金总额为 418.80 + 10.00 + 166.66 + 13.00 = 608.46 万元。",
                good: "核对后改正：第4个项目资金应为 3.00 万元，合计 598.46 万元。",
                basis: "上海市区级部门预算公开格式六、其他相关情况说明（绩效目标设置情况：“编报绩效目标的项目共N个，\
涉及项目预算资金X万元”）；《项目支出绩效评价管理办法》（财预〔2020〕10号）。",
            },
        },
        check: stated_targets,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            silent(
                Base::SyntheticBudget,
                &[
                    "performance.management.target_projects = 5",
                    "performance.management.target_budget = 999.00",
                ],
            ),
            fires(
                Base::SyntheticBudget,
                &["performance.management.target_budget += 1"],
            ),
            fires(
                Base::SyntheticBudget,
                &["performance.management.target_projects = 1"],
            ),
        ],
    },
];

fn target_at(p: &ProjectTarget) -> Location {
    Location::target(&p.seq, &p.name)
}

fn indicator_at(p: &ProjectTarget, i: usize, ind: &Indicator) -> Location {
    target_at(p).indicator(i + 1, ind.name.as_deref())
}

fn missing_targets(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.targets {
        for (i, ind) in p.indicators.iter().enumerate() {
            let named = ind.name.as_deref().is_some_and(|n| !n.trim().is_empty());
            let blank = ind.target.as_deref().is_none_or(|t| t.trim().is_empty());
            if named && blank {
                sink.report(
                    indicator_at(p, i, ind).column("指标值"),
                    format!(
                        "三级指标“{}”没有填写指标值",
                        ind.name.as_deref().unwrap_or("").trim()
                    ),
                );
            }
        }
    }
}

/// Whether an indicator's name states its unit: `培训人次（人次）`, `完成率(%)`.
fn names_unit(name: Option<&str>) -> bool {
    let n = compact(name.unwrap_or(""));
    n.ends_with('）') || n.ends_with(')') || n.contains('%')
}

/// Whether a target is a number and nothing else (`45`, `≥10`): no unit after it (`20门`,
/// `4.00栋` carry theirs, whatever the parser knows of them).
fn bare_number(text: &str) -> bool {
    let t = compact(text);
    let t = t.trim_start_matches(['≥', '≤', '>', '<', '＞', '＜', '=', '约']);
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

fn unmeasurable(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.targets {
        for (i, ind) in p.indicators.iter().enumerate() {
            let (Some(kind), Some(text)) = (level2_kind(ind.level2.as_deref()), &ind.target) else {
                continue;
            };
            if text.trim().is_empty() {
                continue; // B-023
            }
            // a percentage with its figure is measurable and has its unit: no need to parse
            if text.contains(['%', '％']) && text.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let t = parse(text);
            let message = if !measurable(&t) {
                format!(
                    "{kind}指标的指标值“{}”没有数字、单位或时间，无法衡量",
                    text.trim()
                )
            } else if matches!(&t.value, Value::Quantity(_))
                && bare_number(text)
                && !names_unit(ind.name.as_deref())
            {
                format!(
                    "{kind}指标的指标值“{}”没有计量单位，指标名称中也没有注明单位",
                    text.trim()
                )
            } else {
                continue;
            };
            sink.report(indicator_at(p, i, ind).column("指标值"), message);
        }
    }
}

fn weights(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.targets {
        if p.indicators.iter().all(|i| i.weight.is_none()) {
            continue;
        }
        let rows: Vec<_> = p
            .indicators
            .iter()
            .map(|i| {
                (
                    i,
                    num(&i.weight),
                    (num(&i.level1_weight), num(&i.level2_weight)),
                )
            })
            .collect();
        let at = target_at(p);
        for first in [true, false] {
            group_sums(sink, &at, rows.iter().copied(), first);
        }
    }
}

fn term(a: juesuan_model::Amount) -> Term {
    Term::stated(a, DECIMALS)
}

fn funds(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.targets {
        let f = &p.funds;
        let Some(total) = f.total else { continue };
        let sources = [
            ("财政拨款", f.appropriation),
            ("上年结转", f.carryover),
            ("其他资金", f.other),
        ];
        if sources.iter().all(|(_, a)| a.is_none()) {
            continue;
        }
        let parts: Vec<_> = sources
            .iter()
            .map(|(l, a)| named(*l, a.map(term).unwrap_or(Term::exact(Decimal::ZERO))))
            .collect();
        check_sum(
            sink,
            || target_at(p).row("项目资金").column("年度资金总额"),
            "年度资金总额 = 财政拨款 + 上年结转 + 其他资金",
            &named("年度资金总额", term(total)),
            "各来源之和",
            &parts,
            DECIMALS,
            "",
        );
    }
}

fn within_projects(ctx: &Ctx, sink: &mut Sink) {
    let targets = &ctx.pkg.performance.targets;
    let appropriations: Vec<Term> = targets
        .iter()
        .filter_map(|p| p.funds.appropriation.map(term))
        .collect();
    if appropriations.is_empty() {
        return;
    }
    let t = &ctx.pkg.tables;
    let Some(general) = t.general_budget.as_ref().and_then(|g| g.total.project) else {
        return;
    };
    let mut projects = vec![ctx.term(
        juesuan_model::tables::TableKind::GeneralBudget,
        Some(general),
    )];
    for (kind, table) in [
        (juesuan_model::tables::TableKind::GovFund, &t.gov_fund),
        (
            juesuan_model::tables::TableKind::StateCapital,
            &t.state_capital,
        ),
    ] {
        if let Some(f) = table {
            projects.push(ctx.term(kind, f.total.project));
        }
    }
    let Some(projects) = projects.into_iter().collect::<Option<Vec<Term>>>() else {
        return;
    };
    check_pair(
        sink,
        || Location::part("项目绩效目标表").row("财政拨款"),
        Relation::AtMost,
        "各绩效目标表财政拨款之和 ≤ 财政拨款项目支出预算",
        &named(
            format!("{}个项目绩效目标表财政拨款之和", appropriations.len()),
            Term::sum(&appropriations),
        ),
        &named("财政拨款项目支出预算", Term::sum(&projects)),
        DECIMALS,
        "核对各目标表的资金，或是否列入了不属于本预算的项目",
    );
}

fn stated_targets(ctx: &Ctx, sink: &mut Sink) {
    let targets = &ctx.pkg.performance.targets;
    let Some(m) = &ctx.pkg.performance.management else {
        return;
    };
    if targets.is_empty() {
        return;
    }
    let listed = targets.len();
    if let Some(n) = m.target_projects {
        let n = n as usize;
        if listed > n {
            let f = sink
                .finding(
                    Location::part("项目绩效目标表"),
                    format!(
                        "说明中编报绩效目标的项目共 {n} 个，却列出了 {listed} 张项目绩效目标表"
                    ),
                )
                .hint("核对说明中的项目个数");
            sink.push(f);
            return;
        }
        if listed < n {
            return; // only some are published: their amount is a part
        }
    } else {
        return;
    }
    let Some(stated) = m.target_budget else {
        return;
    };
    let totals: Option<Vec<Term>> = targets.iter().map(|p| p.funds.total.map(term)).collect();
    let Some(totals) = totals else { return };
    let f_sum = Term::sum(&totals);
    if let Some(m) = crate::interval::check_equal(term(stated), f_sum) {
        let f = sink
            .finding(
                Location::part("项目绩效目标表").row("年度资金总额"),
                format!(
                    "说明中编报绩效目标的项目涉及预算资金 {} 万元，所列 {listed} 张目标表年度资金总额之和 {}，相差 {}",
                    stated.value(),
                    m.computed,
                    m.difference.abs()
                ),
            )
            .number("说明所列金额", stated.value(), Unit::Wanyuan)
            .number("目标表资金总额之和", f_sum.value, Unit::Wanyuan)
            .arithmetic(m.arithmetic(Some(DECIMALS), Unit::Wanyuan));
        sink.push(f);
    }
}
