//! T2 收入决算表, T3 支出决算表, T5 一般公共预算财政拨款支出决算表: row sums, the
//! 类/款/项 hierarchy and 合计 = Σ 类.

use juesuan_model::Level;
use juesuan_model::tables::TableKind;

use super::common::{check_sum, classes_total, hierarchy, named, row_label, row_sums};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::interval::Term;
use crate::{Ctx, Sink};

const INCOME_KEYS: &[&str] = &[
    "total",
    "appropriation",
    "superior_subsidy",
    "institutional",
    "operating",
    "affiliate_remittance",
    "other",
];
const EXPENDITURE_KEYS: &[&str] = &[
    "total",
    "basic",
    "project",
    "remit_superior",
    "operating",
    "affiliate_subsidy",
];
const GB_KEYS: &[&str] = &["total", "basic", "project"];

const HIERARCHY: &str = "上级科目（类、款）的金额应等于其下级科目（款、项）之和。只检查下级科目已列出的行；\
按舍入区间判断。不符通常是某个项级科目漏列、重复或金额抄错。";

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "T2-001",
            name: "收入决算表本年收入合计不等于各来源之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入决算表每一行（含合计行）：本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + \
附属单位上缴收入 + 其他收入。",
                why: "",
                bad: "",
                good: "",
                basis: "收入决算表",
            },
        },
        check: |c, s| {
            row_sums(
                c,
                s,
                TableKind::Income,
                c.pkg.tables.income.as_ref(),
                "total",
                &INCOME_KEYS[1..],
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Synthetic, &[]),
            fires(
                Base::Shanghai,
                &["tables.income.rows[2010602].other = 6.29"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T2-002",
            name: "收入决算表上级科目不等于下级科目之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: HIERARCHY,
                why: "",
                bad: "",
                good: "",
                basis: "收入决算表；政府收支分类科目",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::Income,
                c.pkg.tables.income.as_ref(),
                INCOME_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.income.rows[20805].total = 327.72",
                    "tables.income.rows[20805].appropriation = 327.72",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T2-003",
            name: "收入决算表合计不等于各类之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入决算表的合计行应等于各类级科目之和（每一栏）。",
                why: "",
                bad: "",
                good: "",
                basis: "收入决算表",
            },
        },
        check: |c, s| {
            classes_total(
                c,
                s,
                TableKind::Income,
                c.pkg.tables.income.as_ref(),
                INCOME_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.income.total.total = 2956.25",
                    "tables.income.total.appropriation = 2950.05",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T3-001",
            name: "支出决算表本年支出合计不等于各栏之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "支出决算表每一行（含合计行）：本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + \
对附属单位补助支出。",
                why: "",
                bad: "",
                good: "",
                basis: "支出决算表",
            },
        },
        check: |c, s| {
            row_sums(
                c,
                s,
                TableKind::Expenditure,
                c.pkg.tables.expenditure.as_ref(),
                "total",
                &EXPENDITURE_KEYS[1..],
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(
                Base::Shanghai,
                &["tables.expenditure.rows[2010601].project = 8.47"],
            ),
            fires(Base::Beijing, &["tables.expenditure.total.basic = 1999.83"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "T3-002",
            name: "支出决算表上级科目不等于下级科目之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: HIERARCHY,
                why: "",
                bad: "",
                good: "",
                basis: "支出决算表；政府收支分类科目",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::Expenditure,
                c.pkg.tables.expenditure.as_ref(),
                EXPENDITURE_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(Base::Shanghai, &["delete tables.expenditure.rows[2080599]"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "T3-003",
            name: "支出决算表合计不等于各类之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "支出决算表的合计行应等于各类级科目之和（每一栏）。Putuo 表中各类之和 2940.06 与合计 2940.05 之差\
在舍入范围内，不报错。",
                why: "",
                bad: "",
                good: "",
                basis: "支出决算表",
            },
        },
        check: |c, s| {
            classes_total(
                c,
                s,
                TableKind::Expenditure,
                c.pkg.tables.expenditure.as_ref(),
                EXPENDITURE_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.expenditure.total.total = 2940.15",
                    "tables.expenditure.total.basic = 2337.01",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T5-001",
            name: "一般公共预算财政拨款支出合计不等于基本支出加项目支出",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款支出决算表每一行：合计 = 基本支出 + 项目支出。",
                why: "",
                bad: "",
                good: "",
                basis: "一般公共预算财政拨款支出决算表",
            },
        },
        check: |c, s| {
            row_sums(
                c,
                s,
                TableKind::GeneralBudget,
                c.pkg.tables.general_budget.as_ref(),
                "total",
                &GB_KEYS[1..],
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(
                Base::Shanghai,
                &["tables.general_budget.rows[2101101].basic = 60.90"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T5-002",
            name: "一般公共预算财政拨款支出上级科目不等于下级科目之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: HIERARCHY,
                why: "",
                bad: "",
                good: "",
                basis: "一般公共预算财政拨款支出决算表；政府收支分类科目",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::GeneralBudget,
                c.pkg.tables.general_budget.as_ref(),
                GB_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "swap tables.general_budget.rows[2210201].total tables.general_budget.rows[22102].total",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T5-003",
            name: "一般公共预算财政拨款支出合计不等于各类之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "合计应等于各类之和。北京西城科信局的说明中五个类 0.2 + 14144.4 + 278.41 + 146.04 + 295.81 = 14864.86，\
而合计写 14864.9：六个两位小数的数舍入最多差 0.03，实际差 0.04，说明漏列了一类或某个数有误。固定 ±0.5 万元的容差\
会放过这个错误。",
                why: "",
                bad: "",
                good: "",
                basis: "一般公共预算财政拨款支出决算表",
            },
        },
        check: |c, s| {
            classes_total(
                c,
                s,
                TableKind::GeneralBudget,
                c.pkg.tables.general_budget.as_ref(),
                GB_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(Base::Beijing, &[]),
            silent(
                Base::Beijing,
                &["tables.general_budget.rows[206].total = 14144.44"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T5-004",
            name: "年初预算合计不等于各科目年初预算之和",
            severity: Severity::Warning,
            family: Family::Package,
            doc: Doc {
                what: "说明中给出的一般公共预算财政拨款支出年初预算总数，应等于各末级科目年初预算之和。只在所有末级科目\
都给出年初预算时检查。",
                why: "",
                bad: "",
                good: "",
                basis: "上海模板 五（三）",
            },
        },
        check: budget_total,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.general_budget.total.initial_budget = 2999.92"],
            ),
        ],
    },
];

/// 年初预算 blanks are unknown whatever the table's coverage: it is explanation data.
fn budget_total(ctx: &Ctx, sink: &mut Sink) {
    let kind = TableKind::GeneralBudget;
    let Some(t) = &ctx.pkg.tables.general_budget else {
        return;
    };
    let Some(total) = t.total.initial_budget else {
        return;
    };
    let dec = ctx.decimals(kind);
    let leaves: Vec<_> = t
        .rows
        .iter()
        .filter(|r| {
            !t.rows.iter().any(|c| {
                c.code.parent() == Some(r.code)
                    || (r.code.level() == Level::Class
                        && c.code.class() == r.code
                        && c.code != r.code)
            })
        })
        .collect();
    if leaves.is_empty() {
        return;
    }
    let parts: Option<Vec<_>> = leaves
        .iter()
        .map(|r| {
            r.initial_budget
                .map(|a| named(row_label(r.code, &r.name), Term::stated(a, dec)))
        })
        .collect();
    let Some(parts) = parts else { return };
    check_sum(
        sink,
        || ctx.at(kind).row("合计").column("年初预算数"),
        "年初预算合计 = 各末级科目年初预算之和",
        &named("年初预算合计", Term::stated(total, dec)),
        "各科目年初预算之和",
        &parts,
        dec,
        "",
    );
}
