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
pub(super) const KINDS: [(&str, &str); 3] = [
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
                what: "财政拨款收入支出决算总表收入方：本年收入合计 = 一般公共预算财政拨款 + \
政府性基金预算财政拨款 + 国有资本经营预算财政拨款。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "财政拨款本年收入合计就是说明中的“财政拨款收入”，\
还要与收入支出决算总表的三项财政拨款收入一致（见 X-001）。",
                bad: "本年收入合计 2941.05，三类财政拨款 2940.05 + 0 + 0 = 2940.05，差 1.00。",
                good: "本年收入合计改为 2940.05。",
                basis: "上海市2024年度部门决算公开样张表四、\
北京市2024年度部门决算公开报表表四《财政拨款收入支出决算总表》收入方“一、一般公共预算财政拨款”\
至“三、国有资本经营预算财政拨款”与“本年收入合计”行；《地方预决算公开操作规程》（财预〔2016〕143号\
）第四条（公开内容准确）。",
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
                what: "财政拨款收入支出决算总表收入方：年初财政拨款结转和结余 = 其下一般公共预算、\
政府性基金预算、国有资本经营预算财政拨款三行之和。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "年初结转结余按资金性质分三行列示，各行要与上年年末数衔接；合计与三行不符，\
说明分行填错或漏填。",
                bad: "年初财政拨款结转和结余 21.63，其中一般公共预算财政拨款 20.63 + 0 + 0 = \
20.63，差 1.00。",
                good: "一般公共预算财政拨款年初结转和结余应为 21.63（上年年末数），与合计一致。",
                basis: "上海市2024年度部门决算公开样张表四、\
北京市2024年度部门决算公开报表表四《财政拨款收入支出决算总表》收入方“年初财政拨款结转和结余”\
及其下三行；《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
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
                what: "财政拨款收入支出决算总表：收入总计 = 本年收入合计 + 年初财政拨款结转和结余。\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "收入总计就是说明中的“财政拨款收入支出总计”，\
与上年比较的增减和百分比都以它为准。",
                bad: "本年收入合计 2940.05 + 年初财政拨款结转和结余 21.63 = 2961.68，\
而收入总计写 2962.68，差 1.00。",
                good: "收入总计改为 2961.68。",
                basis: "上海市2024年度部门决算公开样张表四、\
北京市2024年度部门决算公开报表表四《财政拨款收入支出决算总表》收入方“本年收入合计”\
“年初财政拨款结转和结余”“总计”行；上海市2024年度部门决算公开样张第三部分四。",
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
                what: "财政拨款收入支出决算总表支出方每一行（各类、本年支出合计、\
年末财政拨款结转和结余、总计）：合计栏 = 一般公共预算财政拨款 + 政府性基金预算财政拨款 + \
国有资本经营预算财政拨款。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "合计栏按资金性质拆成三栏；合计与三栏之和不符，说明某栏漏填或合计抄错，\
与一般公共预算财政拨款支出决算表也会对不上。",
                bad: "221 住房保障支出：合计 455.69，一般公共预算财政拨款 445.69 + 0 + 0 = 445.69，\
差 10.00。",
                good: "合计改为 445.69。",
                basis: "上海市2024年度部门决算公开样张表四、\
北京市2024年度部门决算公开报表表四《财政拨款收入支出决算总表》支出方栏目“合计、\
一般公共预算财政拨款、政府性基金预算财政拨款、国有资本经营预算财政拨款”；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
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
                what: "财政拨款收入支出决算总表支出方：本年支出合计 = 各功能分类类级支出之和，\
合计栏和三类财政拨款栏分别检查。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "漏列一类，财政拨款支出的结构就不完整，说明中按类的占比也会出错。",
                bad: "合计栏：一般公共服务支出 2106.66 + 社会保障和就业支出 326.71 + 住房保障支出 \
445.69 = 2879.06，本年支出合计 2940.05，差 60.99，正是漏列的卫生健康支出。",
                good: "补列“卫生健康支出 60.99”：2106.66 + 326.71 + 60.99 + 445.69 = 2940.05。",
                basis: "上海市2024年度部门决算公开样张表四、\
北京市2024年度部门决算公开报表表四《财政拨款收入支出决算总表》支出方“一、一般公共服务支出”\
至“二十四、抗疫特别国债安排的支出”与“本年支出合计”行；《2024年政府收支分类科目》（财政部）。",
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
                what: "财政拨款收入支出决算总表支出方：总计 = 本年支出合计 + \
年末财政拨款结转和结余，合计栏和三类财政拨款栏分别检查。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "年末财政拨款结转和结余是下一年度的年初数；这里填错，本年不平衡，\
下一年度也接不上。",
                bad: "一般公共预算财政拨款栏：本年支出合计 2940.05 + 年末结转和结余 22.63 = \
2962.68，总计 2961.68，差 1.00。",
                good: "年末财政拨款结转和结余应为 21.63：2940.05 + 21.63 = 2961.68。",
                basis: "上海市2024年度部门决算公开样张表四、\
北京市2024年度部门决算公开报表表四《财政拨款收入支出决算总表》支出方“本年支出合计”\
“年末财政拨款结转和结余”“总计”行；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（公开内容准确）。",
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
                what: "财政拨款收入支出决算总表两边的“总计”必须相等：收入总计 = 支出总计。\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "说明只写一个“财政拨款收入支出总计”；两边不等，至少有一边的数与说明矛盾。",
                bad: "收入总计 2961.68，支出总计 2971.68，差 10.00。",
                good: "先看 T4-003、T4-006 哪一边的分项加不平，再改那一边：\
本例支出总计改为 2940.05 + 21.63 = 2961.68。",
                basis: "上海市2024年度部门决算公开样张表四、\
北京市2024年度部门决算公开报表表四《财政拨款收入支出决算总表》收入方与支出方“总计”行；\
上海市2024年度部门决算公开样张第三部分四“财政拨款收入支出总计 XXX 万元”。",
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
                what: "财政拨款收入支出决算总表中，每一类财政拨款（一般公共预算、政府性基金预算、\
国有资本经营预算）：本年收入 + 年初结转和结余 = 本年支出 + 年末结转和结余。\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "同一类资金的来龙去脉应能闭合；不闭合说明某类资金的收入、\
支出或结转结余有一个数填错，或某笔钱记到了别的资金类别。",
                bad: "一般公共预算财政拨款：本年收入 2940.05 + 年初 31.63 = 2971.68，\
本年支出 2940.05 + 年末 21.63 = 2961.68，差 10.00。",
                good: "年初结转和结余应为 21.63（上年年末数）：2940.05 + 21.63 = 2961.68，\
与支出一方相等。",
                basis: "上海市2024年度部门决算公开样张表四、\
北京市2024年度部门决算公开报表表四《财政拨款收入支出决算总表》各类财政拨款的“本年收入”\
“年初财政拨款结转和结余”“本年支出”“年末财政拨款结转和结余”；\
上海市2024年度部门决算公开样张第四部分名词解释五、六（年初、年末结转和结余）。",
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
            ("income", &t.income),
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
            ("income", &t.income),
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
            ("income", &t.income),
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

pub(super) fn row_columns(ctx: &Ctx, sink: &mut Sink) {
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
    footer_columns(ctx, sink, t, &t.expenditure_total, "本年支出合计");
}

/// Each column of a footer row (`row`: 本年支出合计, or a budget's 支出总计) = Σ the class lines.
pub(super) fn footer_columns(
    ctx: &Ctx,
    sink: &mut Sink,
    t: &AppropriationSummary,
    footer: &AppropriationValues,
    row: &str,
) {
    for key in ["total", "general_budget", "gov_fund", "state_capital"] {
        let Some(total) = ctx.term(K, field(footer, key)) else {
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
            || ctx.at(K).row(row).column(col),
            &format!("{row} = 各类支出之和"),
            &named(row, total),
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
