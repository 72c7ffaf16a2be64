//! T4 财政拨款收入支出决算总表.

use juesuan_model::tables::{AppropriationSummary, AppropriationValues, TableKind};

use super::common::{
    Label, Named, check_eq, check_sum, field, grand_totals_balance, named, record_sum, row_label,
};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::interval::Term;
use crate::{Ctx, Sink};

const K: TableKind = TableKind::AppropriationSummary;
const KINDS: [(&str, &str); 3] = [
    ("general_budget", "一般公共预算财政拨款"),
    ("gov_fund", "政府性基金预算财政拨款"),
    ("state_capital", "国有资本经营预算财政拨款"),
];

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "T4-001",
            name: "财政拨款本年收入合计不等于三类财政拨款之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "财政拨款收入支出决算总表收入方：本年收入合计 = 一般公共预算财政拨款 + 政府性基金预算财政拨款 + \
国有资本经营预算财政拨款。",
                why: "",
                bad: "",
                good: "",
                basis: "财政拨款收入支出决算总表",
            },
        },
        check: income_total,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.appropriation_summary.income.total = 2941.05"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T4-002",
            name: "年初财政拨款结转和结余不等于三类之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "年初财政拨款结转和结余 = 一般公共预算、政府性基金预算、国有资本经营预算三类财政拨款年初结转和结余之和。",
                why: "",
                bad: "",
                good: "",
                basis: "财政拨款收入支出决算总表",
            },
        },
        check: opening_total,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.appropriation_summary.income.opening_general_budget = 20.63"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T4-003",
            name: "财政拨款收入总计不等于本年收入合计加年初结转和结余",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入总计 = 本年收入合计 + 年初财政拨款结转和结余。",
                why: "",
                bad: "",
                good: "",
                basis: "财政拨款收入支出决算总表",
            },
        },
        check: income_grand_total,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.appropriation_summary.income.grand_total = 2962.68"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T4-004",
            name: "财政拨款支出合计栏不等于三类财政拨款之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "支出方每一行（各类、本年支出合计、年末结转和结余、总计）：合计 = 一般公共预算财政拨款 + 政府性基金\
预算财政拨款 + 国有资本经营预算财政拨款。",
                why: "",
                bad: "",
                good: "",
                basis: "财政拨款收入支出决算总表",
            },
        },
        check: row_columns,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Synthetic, &[]),
            fires(
                Base::Shanghai,
                &["tables.appropriation_summary.expenditure[221].total = 455.69"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T4-005",
            name: "财政拨款本年支出合计不等于各类支出之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "本年支出合计（每一栏）= 各功能分类类级支出之和。",
                why: "",
                bad: "",
                good: "",
                basis: "财政拨款收入支出决算总表",
            },
        },
        check: expenditure_total,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["delete tables.appropriation_summary.expenditure[210]"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T4-006",
            name: "财政拨款支出总计不等于本年支出合计加年末结转和结余",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "支出总计（每一栏）= 本年支出合计 + 年末财政拨款结转和结余。",
                why: "",
                bad: "",
                good: "",
                basis: "财政拨款收入支出决算总表",
            },
        },
        check: expenditure_grand_total,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.appropriation_summary.closing_carryover.general_budget = 22.63",
                    "tables.appropriation_summary.closing_carryover.total = 22.63",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T4-007",
            name: "财政拨款收入总计与支出总计不平衡",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "财政拨款收入支出决算总表必须平衡：收入总计 = 支出总计。",
                why: "",
                bad: "",
                good: "",
                basis: "财政拨款收入支出决算总表",
            },
        },
        check: balance,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.appropriation_summary.grand_total.total = 2971.68"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T4-008",
            name: "某类财政拨款收支与结转结余不衔接",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "每类财政拨款：本年收入 + 年初结转和结余 = 本年支出 + 年末结转和结余。",
                why: "",
                bad: "",
                good: "",
                basis: "财政拨款收入支出决算总表",
            },
        },
        check: per_kind_balance,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Synthetic, &[]),
            fires(
                Base::Shanghai,
                &["tables.appropriation_summary.income.opening_general_budget = 31.63"],
            ),
        ],
    },
];

fn label(kind: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

fn income_total(ctx: &Ctx, sink: &mut Sink) {
    if let Some(t) = &ctx.pkg.tables.appropriation_summary {
        record_sum(
            ctx,
            sink,
            K,
            &t.income,
            ("total", "本年收入合计"),
            &KINDS,
            "本年收入合计 = 三类财政拨款之和",
            "三类之和",
        );
    }
}

fn opening_total(ctx: &Ctx, sink: &mut Sink) {
    const OPENING: [(&str, &str); 3] = [
        ("opening_general_budget", "一般公共预算财政拨款"),
        ("opening_gov_fund", "政府性基金预算财政拨款"),
        ("opening_state_capital", "国有资本经营预算财政拨款"),
    ];
    if let Some(t) = &ctx.pkg.tables.appropriation_summary {
        record_sum(
            ctx,
            sink,
            K,
            &t.income,
            ("opening_carryover", "年初财政拨款结转和结余"),
            &OPENING,
            "年初财政拨款结转和结余 = 三类之和",
            "三类之和",
        );
    }
}

fn income_grand_total(ctx: &Ctx, sink: &mut Sink) {
    if let Some(t) = &ctx.pkg.tables.appropriation_summary {
        record_sum(
            ctx,
            sink,
            K,
            &t.income,
            ("grand_total", "收入总计"),
            &[
                ("total", "本年收入合计"),
                ("opening_carryover", "年初财政拨款结转和结余"),
            ],
            "收入总计 = 本年收入合计 + 年初财政拨款结转和结余",
            "两项之和",
        );
    }
}

fn columns_of(t: &AppropriationSummary) -> [(&'static str, &AppropriationValues); 3] {
    [
        ("本年支出合计", &t.expenditure_total),
        ("年末财政拨款结转和结余", &t.closing_carryover),
        ("总计", &t.grand_total),
    ]
}

fn row_columns(ctx: &Ctx, sink: &mut Sink) {
    let Some(t) = &ctx.pkg.tables.appropriation_summary else {
        return;
    };
    let mut rows: Vec<(Label, AppropriationValues)> = t
        .expenditure
        .iter()
        .map(|r| (row_label(r.code, &r.name), r.values()))
        .collect();
    rows.extend(
        columns_of(t)
            .into_iter()
            .filter(|(_, v)| !juesuan_model::Record::is_blank(*v))
            .map(|(l, v)| (l.into(), v.clone())),
    );
    for (row, v) in rows {
        let Some(total) = ctx.term(K, v.total) else {
            continue;
        };
        let parts: Option<Vec<Named>> = KINDS
            .iter()
            .map(|(k, l)| ctx.term(K, field(&v, k)).map(|x| named(*l, x)))
            .collect();
        let Some(parts) = parts else { continue };
        check_sum(
            sink,
            || ctx.at(K).row(row).column("合计"),
            "合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算",
            &named("合计", total),
            "三类之和",
            &parts,
            ctx.decimals(K),
            "",
        );
    }
}

fn expenditure_total(ctx: &Ctx, sink: &mut Sink) {
    let Some(t) = &ctx.pkg.tables.appropriation_summary else {
        return;
    };
    if juesuan_model::Record::is_blank(&t.expenditure_total) {
        return;
    }
    for key in ["total", "general_budget", "gov_fund", "state_capital"] {
        let Some(total) = ctx.term(K, field(&t.expenditure_total, key)) else {
            continue;
        };
        let parts: Option<Vec<Named>> = t
            .expenditure
            .iter()
            .map(|r| ctx.term(K, field(r, key)).map(|x| named(&r.name, x)))
            .collect();
        let Some(parts) = parts else { continue };
        if parts.is_empty() && total.value.is_zero() {
            continue;
        }
        let col = if key == "total" { "合计" } else { label(key) };
        check_sum(
            sink,
            || ctx.at(K).row("本年支出合计").column(col),
            "本年支出合计 = 各类支出之和",
            &named("本年支出合计", total),
            "各类支出之和",
            &parts,
            ctx.decimals(K),
            "检查是否漏列了某一类支出",
        );
    }
}

fn expenditure_grand_total(ctx: &Ctx, sink: &mut Sink) {
    let Some(t) = &ctx.pkg.tables.appropriation_summary else {
        return;
    };
    if juesuan_model::Record::is_blank(&t.grand_total) {
        return;
    }
    for key in ["total", "general_budget", "gov_fund", "state_capital"] {
        let (Some(g), Some(e), Some(c)) = (
            ctx.term(K, field(&t.grand_total, key)),
            ctx.term(K, field(&t.expenditure_total, key)),
            ctx.term(K, field(&t.closing_carryover, key)),
        ) else {
            continue;
        };
        let col = if key == "total" { "合计" } else { label(key) };
        check_sum(
            sink,
            || ctx.at(K).row("总计").column(col),
            "支出总计 = 本年支出合计 + 年末财政拨款结转和结余",
            &named("支出总计", g),
            "两项之和",
            &[named("本年支出合计", e), named("年末财政拨款结转和结余", c)],
            ctx.decimals(K),
            "",
        );
    }
}

fn balance(ctx: &Ctx, sink: &mut Sink) {
    if let Some(t) = &ctx.pkg.tables.appropriation_summary {
        grand_totals_balance(ctx, sink, K, t.income.grand_total, t.grand_total.total);
    }
}

fn per_kind_balance(ctx: &Ctx, sink: &mut Sink) {
    let Some(t) = &ctx.pkg.tables.appropriation_summary else {
        return;
    };
    if juesuan_model::Record::is_blank(&t.expenditure_total) {
        return;
    }
    for (k, l) in KINDS {
        let (Some(inc), Some(open), Some(exp), Some(close)) = (
            ctx.term(K, field(&t.income, k)),
            ctx.term(K, field(&t.income, &format!("opening_{k}"))),
            ctx.term(K, field(&t.expenditure_total, k)),
            ctx.term(K, field(&t.closing_carryover, k)),
        ) else {
            continue;
        };
        let left = Term::sum(&[inc, open]);
        let right = Term::sum(&[exp, close]);
        check_eq(
            sink,
            || ctx.at(K).row(l),
            "本年收入 + 年初结转和结余 = 本年支出 + 年末结转和结余",
            &named(format!("{l}本年收入加年初结转和结余"), left),
            &named("本年支出加年末结转和结余", right),
            ctx.decimals(K),
            "",
        );
    }
}
