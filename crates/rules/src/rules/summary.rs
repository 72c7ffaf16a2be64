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
                what: "收入支出决算总表的“本年收入合计”应等于一般公共预算财政拨款收入、政府性基金预算财政拨款收入、\
国有资本经营预算财政拨款收入、上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入八项之和。\
按舍入区间判断：各数按表中小数位数四舍五入，只有差额超出各数舍入误差之和才报错。",
                why: "",
                bad: "",
                good: "",
                basis: "收入支出决算总表",
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
                what: "收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余。",
                why: "",
                bad: "",
                good: "",
                basis: "收入支出决算总表",
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
                what: "收入支出决算总表支出方按功能分类的类级科目逐行列示，各行之和应等于“本年支出合计”。\
不符时常见的原因是漏列了某一类或某类金额与支出决算表不一致。",
                why: "",
                bad: "",
                good: "",
                basis: "收入支出决算总表",
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
                what: "支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余。",
                why: "",
                bad: "",
                good: "",
                basis: "收入支出决算总表",
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
                what: "收入支出决算总表必须平衡：收入总计 = 支出总计。",
                why: "",
                bad: "",
                good: "",
                basis: "收入支出决算总表",
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
    let lines = [
        "general_budget",
        "gov_fund",
        "state_capital",
        "superior_subsidy",
        "institutional",
        "operating",
        "affiliate_remittance",
        "other",
    ]
    .map(|k| (k, label_of::<SummaryIncome>(k)));
    record_sum(
        ctx,
        sink,
        K,
        &s.income,
        ("total", "本年收入合计"),
        &lines,
        "本年收入合计 = 八项收入之和",
        "各项收入之和",
    );
}

fn income_grand_total(ctx: &Ctx, sink: &mut Sink) {
    if let Some(s) = &ctx.pkg.tables.summary {
        record_sum(
            ctx,
            sink,
            K,
            &s.income,
            ("grand_total", "收入总计"),
            &[
                ("total", "本年收入合计"),
                ("non_appropriation_balance", "使用非财政拨款结余"),
                ("opening_carryover", "年初结转和结余"),
            ],
            "收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
            "三项之和",
        );
    }
}

fn expenditure_total(ctx: &Ctx, sink: &mut Sink) {
    let Some(s) = &ctx.pkg.tables.summary else {
        return;
    };
    let Some(total) = ctx.term(K, s.expenditure_totals.total) else {
        return;
    };
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
        || ctx.at(K).row("本年支出合计"),
        "本年支出合计 = 各类支出之和",
        &named("本年支出合计", total),
        "各类支出之和",
        &parts,
        ctx.decimals(K),
        "检查是否漏列了某一类支出",
    );
}

fn expenditure_grand_total(ctx: &Ctx, sink: &mut Sink) {
    if let Some(s) = &ctx.pkg.tables.summary {
        record_sum(
            ctx,
            sink,
            K,
            &s.expenditure_totals,
            ("grand_total", "支出总计"),
            &[
                ("total", "本年支出合计"),
                ("balance_distribution", "结余分配"),
                ("closing_carryover", "年末结转和结余"),
            ],
            "支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
            "三项之和",
        );
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
