//! T1 收入支出决算总表: its totals and its balance.

use juesuan_model::tables::{SummaryIncome, TableKind};

use super::common::{Named, check_sum, grand_totals_balance, label_of, named, record_sum};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::{Ctx, Sink};

const K: TableKind = TableKind::Summary;

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "T1-001",
            name: "本年收入合计不等于各项收入之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入支出决算总表收入方：“本年收入合计”应等于一般公共预算财政拨款收入、\
政府性基金预算财政拨款收入、国有资本经营预算财政拨款收入、上级补助收入、事业收入、经营收入、\
附属单位上缴收入、其他收入八项之和。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "本年收入合计是说明中收入总额和各项收入占比的基数。合计与分项对不上，\
说明漏填了一项收入或某个数抄错，读者无法判断哪个数是真的。",
                bad: "本年收入合计 2946.25，而一般公共预算财政拨款收入 2940.05 + 其他收入 7.20 = \
2947.25，差 1.00，远超三个数的舍入范围 ±0.015。",
                good: "核对分项后改正抄错的数：其他收入应为 6.20，2940.05 + 6.20 = 2946.25，\
与合计一致。",
                basis: "上海市2024年度部门决算公开样张表一、\
北京市2024年度部门决算公开报表表一《收入支出决算总表》收入方第一至八项与“本年收入合计”行；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
            },
        },
        check: income_total,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            silent(Base::Synthetic, &["tables.summary.income.total += 0.01"]),
            fires(Base::Synthetic, &["tables.summary.income.total += 0.02"]),
            fires(Base::Shanghai, &["tables.summary.income.other = 7.20"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "T1-002",
            name: "收入总计不等于本年收入合计加结余",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入支出决算总表收入方：收入总计 = 本年收入合计 + 使用非财政拨款结余 + \
年初结转和结余。各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）\
才报错。",
                why: "收入总计就是说明第一段的“收入支出总计”。少加或多加一项结转结余，总计就错，\
也会与支出总计不平衡。",
                bad: "本年收入合计 2946.25 + 年初结转和结余 50.14 = 2996.39，而收入总计写 2995.39，\
差 1.00。",
                good: "年初结转和结余应为 49.14（即上年决算的年末结转和结余）：\
2946.25 + 49.14 = 2995.39。",
                basis: "上海市2024年度部门决算公开样张表一、\
北京市2024年度部门决算公开报表表一《收入支出决算总表》收入方“本年收入合计”“使用非财政拨款结余”\
“年初结转和结余”“总计”行；《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
            },
        },
        check: income_grand_total,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.summary.income.opening_carryover = 50.14"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T1-003",
            name: "本年支出合计不等于各功能分类支出之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入支出决算总表支出方按支出功能分类的类级科目（一般公共服务支出、\
教育支出……）逐行列示，各行之和应等于“本年支出合计”。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "支出方各类是支出决算表各类的汇总。\
常见原因是漏列了一类（例如只有基本支出的卫生健康支出），表一就没有反映全部支出，\
说明中的支出结构也随之失真。",
                bad: "一般公共服务支出 2106.66 + 社会保障和就业支出 326.71 + 住房保障支出 445.69 = \
2879.06，本年支出合计 2940.05，差 60.99，正是漏列的卫生健康支出。",
                good: "补列“卫生健康支出 60.99”：2106.66 + 326.71 + 60.99 + 445.69 = 2940.05。",
                basis: "上海市2024年度部门决算公开样张表一、\
北京市2024年度部门决算公开报表表一《收入支出决算总表》支出方“一、一般公共服务支出”至“二十四、\
抗疫特别国债安排的支出”与“本年支出合计”行；《2024年政府收支分类科目》（财政部）\
支出功能分类类级科目。",
            },
        },
        check: expenditure_total,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            silent(Base::Shanghai, &[]),
            fires(Base::Shanghai, &["delete tables.summary.expenditure[210]"]),
            fires(
                Base::Synthetic,
                &["tables.summary.expenditure[#0].amount -= 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T1-004",
            name: "支出总计不等于本年支出合计加结余分配和年末结转结余",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入支出决算总表支出方：支出总计 = 本年支出合计 + 结余分配 + \
年末结转和结余。各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）\
才报错。",
                why: "年末结转和结余会成为下一年度的年初结转和结余；这里填错，本年表一不平衡，\
下一年度的表一也接不上。",
                bad: "本年支出合计 2940.05 + 年末结转和结余 56.34 = 2996.39，而支出总计写 2995.39，\
差 1.00。",
                good: "年末结转和结余应为 55.34：2940.05 + 55.34 = 2995.39。",
                basis: "上海市2024年度部门决算公开样张表一、\
北京市2024年度部门决算公开报表表一《收入支出决算总表》支出方“本年支出合计”“结余分配”\
“年末结转和结余”“总计”行；《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
            },
        },
        check: expenditure_grand_total,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.summary.expenditure_totals.closing_carryover = 56.34"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T1-005",
            name: "收入总计与支出总计不平衡",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入支出决算总表两边的“总计”必须相等：收入总计 = 支出总计。\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "总表按收支平衡编制，说明里只写一个“收、支总计”。两边不等，\
必有一边漏项或抄错，说明中的总计至少与表中一个数矛盾。",
                bad: "收入总计 2995.39，支出总计 2996.39，差 1.00。",
                good: "先看 T1-002、T1-004 哪一边的分项加不平，再改那一边：\
本例支出总计按 2940.05 + 55.34 改为 2995.39。",
                basis: "上海市2024年度部门决算公开样张表一、\
北京市2024年度部门决算公开报表表一《收入支出决算总表》收入方与支出方“总计”行；\
上海市2024年度部门决算公开样张第三部分一“收入支出总计 XXX 万元”。",
            },
        },
        check: balance,
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Shanghai,
                &["tables.summary.expenditure_totals.grand_total = 2996.39"],
            ),
        ],
    },
];

fn income_total(ctx: &Ctx, sink: &mut Sink) {
    let Some(s) = &ctx.pkg.tables.summary else {
        return;
    };
    const OTHERS: [&str; 5] = [
        "superior_subsidy",
        "institutional",
        "operating",
        "affiliate_remittance",
        "other",
    ];
    // The central format prints 财政拨款收入 as one line; the local ones its three kinds.
    let (appropriation, relation): (&[&str], _) = if s.income.appropriation.is_some() {
        (&["appropriation"], "本年收入合计 = 六项收入之和")
    } else {
        (
            &["general_budget", "gov_fund", "state_capital"],
            "本年收入合计 = 八项收入之和",
        )
    };
    let lines: Vec<(&str, &str)> = appropriation
        .iter()
        .chain(&OTHERS)
        .map(|k| (*k, label_of::<SummaryIncome>(k)))
        .collect();
    record_sum(
        ctx,
        sink,
        K,
        ("income", &s.income),
        ("total", "本年收入合计"),
        &lines,
        relation,
        "各项收入之和",
    );
}

fn income_grand_total(ctx: &Ctx, sink: &mut Sink) {
    if let Some(s) = &ctx.pkg.tables.summary {
        grand_total_lines(ctx, sink, s, "年初结转和结余", "年末结转和结余", false);
    }
}

/// The grand total of a side from its lines: 收入总计 = 本年收入合计 + 使用非财政拨款结余 +
/// `opening`, or (`expenditure`) 支出总计 = 本年支出合计 + 结余分配 + `closing`, the
/// carry-over lines as the format names them (决算: 年初/年末结转和结余; 预算: 上年结转 /
/// 结转下年).
pub(super) fn grand_total_lines(
    ctx: &Ctx,
    sink: &mut Sink,
    s: &juesuan_model::tables::Summary,
    opening: &str,
    closing: &str,
    expenditure: bool,
) {
    if expenditure {
        record_sum(
            ctx,
            sink,
            K,
            ("expenditure_totals", &s.expenditure_totals),
            ("grand_total", "支出总计"),
            &[
                ("total", "本年支出合计"),
                ("balance_distribution", "结余分配"),
                ("closing_carryover", closing),
            ],
            &format!("支出总计 = 本年支出合计 + 结余分配 + {closing}"),
            "三项之和",
        );
    } else {
        record_sum(
            ctx,
            sink,
            K,
            ("income", &s.income),
            ("grand_total", "收入总计"),
            &[
                ("total", "本年收入合计"),
                ("non_appropriation_balance", "使用非财政拨款结余"),
                ("opening_carryover", opening),
            ],
            &format!("收入总计 = 本年收入合计 + 使用非财政拨款结余 + {opening}"),
            "三项之和",
        );
    }
}

fn expenditure_total(ctx: &Ctx, sink: &mut Sink) {
    let Some(s) = &ctx.pkg.tables.summary else {
        return;
    };
    let Some(total) = ctx.figure(K, "expenditure_totals.total", s.expenditure_totals.total) else {
        return;
    };
    class_lines(ctx, sink, s, total, "本年支出合计");
}

/// A total of the expenditure side (`label`: 本年支出合计, or a budget's 支出总计) = Σ the
/// class lines.
pub(super) fn class_lines(
    ctx: &Ctx,
    sink: &mut Sink,
    s: &juesuan_model::tables::Summary,
    total: crate::interval::Term,
    label: &str,
) {
    if s.expenditure.is_empty() && ctx.coverage(K) != Some(juesuan_model::Coverage::Complete) {
        return;
    }
    let parts: Option<Vec<Named>> = s
        .expenditure
        .iter()
        .map(|l| ctx.term(K, l.amount).map(|t| named(&l.name, t)))
        .collect();
    let Some(parts) = parts else { return };
    check_sum(
        sink,
        || ctx.at(K).row(label),
        &format!("{label} = 各类支出之和"),
        &named(label, total),
        "各类支出之和",
        &parts,
        ctx.decimals(K),
        "检查是否漏列了某一类支出",
    );
}

fn expenditure_grand_total(ctx: &Ctx, sink: &mut Sink) {
    if let Some(s) = &ctx.pkg.tables.summary {
        grand_total_lines(ctx, sink, s, "年初结转和结余", "年末结转和结余", true);
    }
}

fn balance(ctx: &Ctx, sink: &mut Sink) {
    if let Some(s) = &ctx.pkg.tables.summary {
        grand_totals_balance(
            ctx,
            sink,
            K,
            s.income.grand_total,
            s.expenditure_totals.grand_total,
        );
    }
}
