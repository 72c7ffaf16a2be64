//! The coded budget tables: 收入预算表 (T2), 支出预算表 (T3), the function-classified
//! 一般公共预算 / 政府性基金 / 国有资本经营 预算表 (T5–T7) and the economic 基本支出预算表
//! (T8): row sums, 类 = Σ 款 = Σ 项, 合计 = Σ 类, and T8's 人员经费 / 公用经费.

use juesuan_model::tables::{BasicTable, EconomicRow, TableKind};

use super::super::basic;
use super::super::common::{
    Named, check_sum, classes_total, hierarchy, named, row_label, row_sums,
};
use super::super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::interval::Term;
use crate::{Ctx, Sink};

use TableKind::{
    Expenditure as T3, GeneralBudget as T5, GeneralBudgetBasic as T8, GovFund as T6, Income as T2,
    StateCapital as T7,
};

const INCOME_PARTS: &[&str] = &[
    "appropriation",
    "superior_subsidy",
    "institutional",
    "operating",
    "affiliate_remittance",
    "other",
];
const EXPENDITURE_PARTS: &[&str] = &[
    "basic",
    "project",
    "remit_superior",
    "operating",
    "affiliate_subsidy",
];

const BASIS: &str = "上海市区级部门预算公开格式表2至表8（收入预算总表、支出预算总表、一般公共预算、政府性基金预算、\
国有资本经营预算支出功能分类预算表，一般公共预算基本支出部门预算经济分类预算表：科目按类、款、项分列，\
末行合计）；《2025年政府收支分类科目》（财政部）；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（公开内容准确）。";

pub(super) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "B-007",
            name: "收入预算表合计不等于各收入来源之和",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "收入预算表每一行（和合计行）：合计 = 财政拨款收入 + 事业收入 + 事业单位经营收入 + \
其他收入（及表中印出的其他来源栏）。表中未印的栏不计。",
                why: "收入预算表按科目列出每一笔收入来自哪里；合计与来源之和不符，\
这一科目的收入就说不清楚，与收支预算总表的收入各项也对不上。",
                bad: "2010101 行政运行：合计 5,000,000.00 元，财政拨款收入 4,900,000.00 元，其余各栏空白。",
                good: "核对后补填事业收入 100,000.00 元，或把合计改为 4,900,000.00 元。",
                basis: BASIS,
            },
        },
        check: |c, s| {
            row_sums(
                c,
                s,
                T2,
                c.pkg.tables.income.as_ref(),
                "total",
                INCOME_PARTS,
            )
        },
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["tables.income.rows[#0].appropriation -= 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-008",
            name: "支出预算表合计不等于基本支出加项目支出",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "支出预算表和一般公共预算、政府性基金预算、国有资本经营预算支出功能分类预算表每一行\
（和合计行）：合计 = 基本支出 + 项目支出（支出预算表另印有上缴上级支出、事业单位经营支出、\
对下级单位补助支出的，一并计入）。",
                why: "基本支出与项目支出的划分是预算说明中“基本支出X万元、项目支出Y万元”的依据；\
一行加不平，这一科目的支出结构就错了。",
                bad: "2010101 行政运行：合计 3,200,000.00 元，基本支出 3,100,000.00 元，项目支出空白。",
                good: "核对后改正基本支出为 3,200,000.00 元，或补填项目支出 100,000.00 元。",
                basis: BASIS,
            },
        },
        check: expenditure_rows,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["tables.expenditure.rows[#0].basic -= 1"],
            ),
            fires(
                Base::SyntheticBudget,
                &["tables.general_budget.total.project += 1"],
            ),
            fires(
                Base::SyntheticBudget,
                &["tables.gov_fund.rows[#2].project += 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-009",
            name: "预算表上级科目不等于下级科目之和",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "收入预算表、支出预算表、三张功能分类预算表和基本支出经济分类预算表中，每一栏：\
类 = 所属各款之和，款 = 所属各项之和（经济分类：类 = 所属各款之和）。只检查列出了下级科目的行。",
                why: "上级科目是下级科目的汇总；对不上，说明漏列了一个下级科目或某个数抄错，\
按科目说明支出用途时就会缺项。",
                bad: "208 社会保障和就业支出 3,508,644.00 元，其下 20805 行政事业单位养老支出 \
3,408,644.00 元是唯一的款，差 100,000.00 元。",
                good: "补列漏掉的款（如 20808 抚恤）或改正抄错的数，使类等于各款之和。",
                basis: BASIS,
            },
        },
        check: levels,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["tables.general_budget.rows[#1].basic += 1"],
            ),
            fires(
                Base::SyntheticBudget,
                &["tables.general_budget_basic.rows[#1].personnel += 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-010",
            name: "预算表合计不等于各类之和",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "收入预算表、支出预算表和三张功能分类预算表的合计行，每一栏应等于各类级科目之和；\
基本支出经济分类预算表的合计应等于各经济分类类级之和。",
                why: "合计是各类的汇总，也是与收支预算总表、财政拨款收支预算总表核对的数；\
合计不等于各类之和，通常是漏列了一类。",
                bad: "支出预算总表合计 31,214,205.80 元，各类之和 30,432,041.80 元，差 782,164.00 元。",
                good: "补列漏掉的类（如 210 卫生健康支出 782,164.00 元），或改正合计。",
                basis: BASIS,
            },
        },
        check: totals,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(Base::SyntheticBudget, &["tables.income.total.total += 1"]),
            fires(
                Base::SyntheticBudget,
                &["tables.general_budget_basic.total.total += 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-011",
            name: "基本支出预算表人员经费、公用经费与合计或经济分类不符",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "一般公共预算基本支出经济分类预算表：逐行印有人员经费、公用经费两栏的（上海格式），\
每一行合计 = 人员经费 + 公用经费（两栏都空白的行视为未填分栏，不检查）；合计行的人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助，\
公用经费 = 302 商品和服务支出 + 310 资本性支出（按科目目录的人员经费标记）；合计 = 人员经费 + 公用经费。\
没有印人员经费、公用经费分栏的表不按分栏检查。",
                why: "人员经费、公用经费是预算说明和机关运行经费的口径；分栏加不平或\
与经济分类对不上，机关运行经费（≤ 公用经费）等说明就没有可靠的基数。",
                bad: "合计行：人员经费 22,826,756.00 元，而 301 工资福利支出 22,109,516.00 + \
303 对个人和家庭的补助 717,240.00 = 22,826,756.00；公用经费却印 2,284,335.00 元，\
302 + 310 = 2,294,335.00，差 10,000.00 元。",
                good: "公用经费合计改为 2,294,335.00 元，合计 25,121,091.00 = 22,826,756.00 + 2,294,335.00。",
                basis: "上海市区级部门预算公开格式表8《部门一般公共预算基本支出部门预算经济分类预算表》\
（合计、人员经费、公用经费三栏）；《2025年政府收支分类科目》（财政部）支出经济分类科目 301、302、303、310；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
            },
        },
        check: split,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            silent(
                Base::SyntheticBudget,
                &[
                    "delete tables.general_budget_basic.total.personnel",
                    "delete tables.general_budget_basic.total.public",
                ],
            ),
            fires(
                Base::SyntheticBudget,
                &["tables.general_budget_basic.rows[#1].public += 1"],
            ),
            fires(
                Base::SyntheticBudget,
                &[
                    "tables.general_budget_basic.total.public -= 1",
                    "tables.general_budget_basic.total.personnel += 1",
                ],
            ),
        ],
    },
];

fn expenditure_rows(ctx: &Ctx, sink: &mut Sink) {
    let t = &ctx.pkg.tables;
    row_sums(
        ctx,
        sink,
        T3,
        t.expenditure.as_ref(),
        "total",
        EXPENDITURE_PARTS,
    );
    row_sums(
        ctx,
        sink,
        T5,
        t.general_budget.as_ref(),
        "total",
        &["basic", "project"],
    );
    for (kind, table) in [(T6, &t.gov_fund), (T7, &t.state_capital)] {
        row_sums(
            ctx,
            sink,
            kind,
            table.as_ref(),
            "expenditure",
            &["basic", "project"],
        );
    }
}

/// Whether the 基本支出 table prints the 人员经费 / 公用经费 split on its rows.
fn prints_split(ctx: &Ctx, t: &BasicTable) -> bool {
    ctx.printed(T8, "personnel")
        && t.rows
            .iter()
            .any(|r| r.personnel.is_some() || r.public.is_some())
}

/// The amount columns of the function-classified tables that 类/款/项 and 合计 sum.
const INCOME_COLUMNS: &[&str] = &[
    "total",
    "appropriation",
    "institutional",
    "operating",
    "other",
];
const EXPENDITURE_COLUMNS: &[&str] = &["total", "basic", "project"];
const FUND_COLUMNS: &[&str] = &["expenditure", "basic", "project"];

/// Runs a check of the coded tables (`hierarchy`, `classes_total`) over the function-classified
/// budget tables: 收入预算表, 支出预算表 and the three 功能分类预算表.
macro_rules! function_tables {
    ($ctx:expr, $sink:expr, $check:ident) => {{
        let t = &$ctx.pkg.tables;
        $check($ctx, $sink, T2, t.income.as_ref(), INCOME_COLUMNS);
        $check($ctx, $sink, T3, t.expenditure.as_ref(), EXPENDITURE_COLUMNS);
        $check(
            $ctx,
            $sink,
            T5,
            t.general_budget.as_ref(),
            EXPENDITURE_COLUMNS,
        );
        for (kind, table) in [(T6, &t.gov_fund), (T7, &t.state_capital)] {
            $check($ctx, $sink, kind, table.as_ref(), FUND_COLUMNS);
        }
    }};
}

fn levels(ctx: &Ctx, sink: &mut Sink) {
    function_tables!(ctx, sink, hierarchy);
    if let Some(b) = &ctx.pkg.tables.general_budget_basic {
        let keys: &[&str] = if prints_split(ctx, b) {
            &["amount", "personnel", "public"]
        } else {
            &["amount"]
        };
        hierarchy(ctx, sink, T8, Some(b), keys);
    }
}

fn totals(ctx: &Ctx, sink: &mut Sink) {
    function_tables!(ctx, sink, classes_total);
    let t = &ctx.pkg.tables;
    // 基本支出: the totals row names its columns differently from the rows.
    let Some(b) = &t.general_budget_basic else {
        return;
    };
    let Some(stated) = b.total.total else {
        return;
    };
    let classes: Option<Vec<Named>> = b
        .rows
        .iter()
        .filter(|r| r.code.level() == juesuan_model::Level::Class)
        .map(|r: &EconomicRow| {
            ctx.term(T8, r.amount)
                .map(|x| named(row_label(r.code, &r.name), x))
        })
        .collect();
    let Some(classes) = classes else { return };
    if classes.is_empty() {
        return;
    }
    check_sum(
        sink,
        || ctx.at(T8).row("合计"),
        "合计 = 各类之和",
        &named("合计", Term::stated(stated, ctx.decimals(T8))),
        "各类之和",
        &classes,
        ctx.decimals(T8),
        "检查是否漏列了某一类",
    );
}

fn split(ctx: &Ctx, sink: &mut Sink) {
    let Some(b) = &ctx.pkg.tables.general_budget_basic else {
        return;
    };
    if prints_split(ctx, b) {
        let d = ctx.decimals(T8);
        // a row stating neither 人员经费 nor 公用经费 gives no split (not a split of 0 + 0)
        for r in b
            .rows
            .iter()
            .filter(|r| r.personnel.is_some() || r.public.is_some())
        {
            let (Some(total), Some(p), Some(q)) = (
                ctx.term(T8, r.amount),
                ctx.term(T8, r.personnel),
                ctx.term(T8, r.public),
            ) else {
                continue;
            };
            check_sum(
                sink,
                || ctx.at(T8).row(row_label(r.code, &r.name)).column("合计"),
                "合计 = 人员经费 + 公用经费",
                &named(row_label(r.code, &r.name), total),
                "人员经费与公用经费之和",
                &[named("人员经费", p), named("公用经费", q)],
                d,
                "",
            );
        }
    }
    basic::personnel(ctx, sink, T8);
    basic::public(ctx, sink, T8);
    basic::total(ctx, sink, T8);
}
