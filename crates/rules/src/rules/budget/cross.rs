//! Identities between the budget tables: T1 ↔ T2 ↔ T3, T1 ↔ T4 ↔ T5/T6/T7, T5 ↔ T8, and the
//! “三公” table (万元) against the 基本支出 table (元).

use juesuan_model::tables::{Summary, SummaryIncome, TableKind};
use juesuan_model::{Amount, Code, Level};

use super::super::common::{Relation, field, label_of, row_label};
use super::super::cross::{basic_within_three_public, pair, t};
use super::super::{Base, Doc, Family, Meta, Rule, fires, silent};
use super::{KINDS, SAME_DATA, carries_over, expenditure_total, income_total, known_format};
use crate::finding::Severity;
use crate::interval::Term;
use crate::{Ctx, Sink};

use TableKind::{
    AppropriationSummary as T4, Expenditure as T3, GeneralBudget as T5, GeneralBudgetBasic as T8,
    GovFund as T6, Income as T2, StateCapital as T7, Summary as T1, ThreePublic as T9,
};

const BASIS: &str = "上海市区级部门预算公开格式表1至表8（部门财务收支预算总表、收入预算总表、支出预算总表、\
财政拨款收支预算总表、一般公共预算/政府性基金预算/国有资本经营预算支出功能分类预算表、\
一般公共预算基本支出部门预算经济分类预算表）；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（公开内容准确）。";

pub(super) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "B-013",
            name: "收入预算表与收支预算总表收入不一致",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "收入预算表合计行的合计 = 收支预算总表的收入总计（印有本年收入合计的为本年收入合计）；\
合计行各来源栏 = 总表对应收入行：财政拨款收入（总表印三类时为三类之和）、事业收入、事业单位经营收入、其他收入。",
                why: "收入预算表是总表收入方按科目的展开；两表合计不一致，\
读者不知道哪一个是单位的收入预算。",
                bad: "收入预算总表合计 31,214,205.80 元，财务收支预算总表收入总计 31,224,205.80 元。",
                good: "两表同出一套预算数据，核对后改正录错的一张，使两数一致。",
                basis: BASIS,
            },
        },
        check: income_vs_summary,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &[
                    "tables.income.total.total += 1",
                    "tables.income.total.institutional = 1.000000",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-014",
            name: "支出预算表与收支预算总表支出不一致",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "支出预算表合计 = 收支预算总表的支出总计（印有本年支出合计的为本年支出合计）；\
支出预算表每一类级科目的合计 = 总表支出方同一类的预算数。",
                why: "总表支出方是支出预算表各类的汇总；一类对不上，\
预算说明中这一类的金额就与其中一张表矛盾。",
                bad: "支出预算总表 210 卫生健康支出 782,164.00 元，财务收支预算总表“三、卫生健康支出”\
印 728,164.00 元。",
                good: "核对后把总表改为 782,164.00 元。",
                basis: BASIS,
            },
        },
        check: expenditure_vs_summary,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &[
                    "tables.summary.expenditure[#0].amount -= 1",
                    "tables.summary.expenditure[#1].amount += 1",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-015",
            name: "收入预算与支出预算同一科目不一致",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "收支预算总表没有上年结转、结转下年等结转结余项目时（上海区级格式），\
收入预算表每一科目的合计应等于支出预算表同一科目的合计：当年收入按科目全部安排为当年支出。\
有结转结余的格式不检查。",
                why: "没有结转时，某科目收入多于或少于支出，说明两张表中有一张漏列或错列了该科目，\
或某笔收入记到了别的科目。",
                bad: "收入预算总表 2080505 机关事业单位基本养老保险缴费支出 1,748,327.00 元，\
支出预算总表同一科目 1,784,327.00 元。",
                good: "核对后改正录错的一张表，使同一科目收支一致。",
                basis: BASIS,
            },
        },
        check: income_vs_expenditure,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            silent(
                Base::SyntheticBudget,
                &[
                    "tables.summary.income.opening_carryover = 1.000000",
                    "tables.income.rows[#2].total += 1",
                ],
            ),
            fires(
                Base::SyntheticBudget,
                &["tables.income.rows[#2].total += 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-016",
            name: "财政拨款收支预算总表与收支预算总表财政拨款不一致",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "财政拨款收支预算总表的收入总计（印有本年收入合计的为本年收入合计）= 收支预算总表的\
财政拨款收入；一般公共预算资金、政府性基金、国有资本经营预算三行分别 = 总表对应三行（总表印有分项时）。",
                why: "两张总表的财政拨款是同一笔钱；不一致时，预算说明中“财政拨款收入X万元”\
与其中一张表矛盾。",
                bad: "财政拨款收支预算总表收入总计 31,214,205.80 元，财务收支预算总表一、财政拨款收入 \
31,241,205.80 元。",
                good: "核对后改正录错的一张表，使两数一致。",
                basis: BASIS,
            },
        },
        check: appropriation_vs_summary,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["tables.appropriation_summary.income.gov_fund += 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-017",
            name: "财政拨款收支预算总表各栏与功能分类预算表不一致",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "财政拨款收支预算总表每一类的一般公共预算、政府性基金预算、国有资本经营预算三栏，\
分别等于一般公共预算、政府性基金预算、国有资本经营预算支出功能分类预算表中同一类的合计；\
三栏的支出总计分别等于三张表的合计。",
                why: "三张功能分类预算表是财政拨款支出按资金性质的展开；某类对不上，\
说明其中一张表漏列、错列了科目或抄错了数。",
                bad: "财政拨款收支预算总表 208 社会保障和就业支出一般公共预算栏 3,508,644.00 元，\
一般公共预算支出功能分类预算表 208 类合计 3,580,644.00 元。",
                good: "核对后改正录错的一张表，使同一类在两表中一致。",
                basis: BASIS,
            },
        },
        check: appropriation_vs_functions,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &[
                    "tables.general_budget.rows[#0].total += 1",
                    "tables.general_budget.rows[#0].basic += 1",
                ],
            ),
            fires(
                Base::SyntheticBudget,
                &[
                    "tables.gov_fund.total.expenditure += 1",
                    "tables.gov_fund.total.project += 1",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-018",
            name: "基本支出预算表合计与一般公共预算基本支出不一致",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "一般公共预算基本支出经济分类预算表的合计 = 一般公共预算支出功能分类预算表合计行的基本支出。",
                why: "两张表是同一笔一般公共预算基本支出按经济分类和按功能分类的两种列法，合计必须相同。",
                bad: "基本支出经济分类预算表合计 25,121,091.00 元，功能分类预算表基本支出合计 25,211,091.00 元。",
                good: "核对后改正录错的一张表，使两数一致。",
                basis: BASIS,
            },
        },
        check: basic_vs_general,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &[
                    "tables.general_budget.total.basic += 1",
                    "tables.general_budget.total.total += 1",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-019",
            name: "“三公”经费预算低于基本支出中的对应科目",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "“三公”经费预算（万元）的因公出国（境）费、公务接待费、公务用车运行费、公务用车购置费，\
应分别不少于基本支出经济分类预算表（元）中 30212 因公出国（境）费用、30217 公务接待费、\
30231 公务用车运行维护费、31013 公务用车购置的金额（“三公”经费还包括项目支出中的部分）。\
元换算为万元后比较，万元数按两位小数的舍入误差计。",
                why: "基本支出中的“三公”科目是“三公”经费预算的一部分；预算表中的“三公”经费比其中一部分还少，\
说明两表口径不一或有一个数抄错。",
                bad: "基本支出表 30217 公务接待费 13,500.00 元（1.35万元），“三公”经费预算表公务接待费 0.95 万元。",
                good: "核对后改正：公务接待费预算应不少于 1.35 万元。",
                basis: "上海市区级部门预算公开格式表8、表9；《中华人民共和国预算法》第十四条；\
《2025年政府收支分类科目》（财政部）支出经济分类科目 30212、30217、30231、31013。",
            },
        },
        check: three_public_vs_basic,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &[
                    "tables.three_public.budget.reception = 0.10",
                    "tables.three_public.budget.total = 0.10",
                ],
            ),
            silent(Base::ShanghaiBudget, &[]),
            fires(
                Base::ShanghaiBudget,
                &[
                    "tables.three_public.budget.reception = 0.94",
                    "tables.three_public.budget.total = 0.94",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-020",
            name: "机关运行经费预算超过公用经费",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "机关运行经费预算（万元）不应超过一般公共预算基本支出经济分类预算表的公用经费合计（元，\
换算为万元比较）。全部为行政单位、参公单位时两者通常相等，含事业单位的部门机关运行经费较少。",
                why: "机关运行经费是行政单位和参公事业单位基本支出中的公用经费；超过全部公用经费，\
说明口径有误或有一个数抄错。",
                bad: "机关运行经费预算 229.43 万元，公用经费合计 2,194,335.00 元（219.43 万元）。",
                good: "核对口径后改正：本例公用经费合计应为 2,294,335.00 元。",
                basis: "《中华人民共和国预算法》第十四条（对部门预算中机关运行经费的安排作出说明）；\
上海市区级部门预算公开格式表8、表9（机关运行经费预算数）。",
            },
        },
        check: running_costs,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(Base::SyntheticBudget, &["agency_running_costs += 10"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-021",
            name: "公务用车购置费与购置计划不符",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "安排了公务用车购置费预算却说明不购置车辆，或说明要购置车辆却没有安排购置费时提示\
（只在两者都已填写时检查）。",
                why: "购置费与购置计划应相互印证；一边有一边无，说明文字和表中必有一处不实。",
                bad: "“三公”经费预算表公务用车购置费 25 万元，说明中“2024年部门预算安排购置车辆0辆”。",
                good: "据实改正：说明写“安排购置车辆1辆”，或删去购置费预算。",
                basis: "上海市区级部门预算公开格式六、其他相关情况说明（国有资产占有使用情况：预算安排购置车辆）\
及表9“购置费”；《中华人民共和国预算法》第十四条。",
            },
        },
        check: vehicle_purchase,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["tables.three_public.details.vehicles_purchased = 0"],
            ),
        ],
    },
];

/// T1's 财政拨款收入: its one line, or the sum of its three kinds.
fn summary_appropriation(ctx: &Ctx, s: &Summary) -> Option<Term> {
    let i = &s.income;
    match i.appropriation {
        Some(a) => ctx.figure(T1, "income.appropriation", Some(a)),
        None => {
            let kinds: Option<Vec<Term>> = KINDS
                .iter()
                .map(|(k, _)| ctx.figure(T1, &format!("income.{k}"), field(i, k)))
                .collect();
            kinds.map(|k| Term::sum(&k))
        }
    }
}

fn same(
    ctx: &Ctx,
    sink: &mut Sink,
    relation: &str,
    a: (TableKind, &str, Option<Term>),
    b: (TableKind, &str, Option<Term>),
) {
    pair(ctx, sink, Relation::Equal, relation, a, b, SAME_DATA);
}

fn income_vs_summary(ctx: &Ctx, sink: &mut Sink) {
    if !known_format(ctx) {
        return;
    }
    let (Some(s), Some(inc)) = (&ctx.pkg.tables.summary, &ctx.pkg.tables.income) else {
        return;
    };
    if juesuan_model::Record::is_blank(&inc.total) {
        return;
    }
    // a 收入预算表 whose 合计 holds 上年结转 is not 本年收入合计: compared only without carry-over
    if let Some((key, label, a)) = income_total(&s.income).filter(|_| !carries_over(s)) {
        same(
            ctx,
            sink,
            "收入预算表合计 = 总表收入合计",
            (T2, "合计", t(ctx, T2, "total", inc.total.total)),
            (T1, label, t(ctx, T1, &format!("income.{key}"), Some(a))),
        );
    }
    same(
        ctx,
        sink,
        "收入预算表财政拨款收入 = 总表财政拨款收入",
        (
            T2,
            "财政拨款收入合计",
            t(ctx, T2, "appropriation", inc.total.appropriation),
        ),
        (T1, "财政拨款收入", summary_appropriation(ctx, s)),
    );
    for k in [
        "superior_subsidy",
        "institutional",
        "operating",
        "affiliate_remittance",
        "other",
    ] {
        let label = label_of::<SummaryIncome>(k);
        same(
            ctx,
            sink,
            "收入预算表各来源合计 = 总表对应收入",
            (T2, label, t(ctx, T2, k, field(&inc.total, k))),
            (
                T1,
                label,
                t(
                    ctx,
                    T1,
                    &format!("income.{k}"),
                    field::<SummaryIncome>(&s.income, k),
                ),
            ),
        );
    }
}

fn expenditure_vs_summary(ctx: &Ctx, sink: &mut Sink) {
    if !known_format(ctx) {
        return;
    }
    let (Some(s), Some(exp)) = (&ctx.pkg.tables.summary, &ctx.pkg.tables.expenditure) else {
        return;
    };
    if let (Some((key, label, a)), false) = (
        expenditure_total(&s.expenditure_totals),
        juesuan_model::Record::is_blank(&exp.total),
    ) {
        same(
            ctx,
            sink,
            "支出预算表合计 = 总表支出合计",
            (T3, "合计", t(ctx, T3, "total", exp.total.total)),
            (
                T1,
                label,
                t(ctx, T1, &format!("expenditure_totals.{key}"), Some(a)),
            ),
        );
    }
    for line in &s.expenditure {
        let Some(row) = exp.row(&line.code) else {
            continue;
        };
        same(
            ctx,
            sink,
            "支出预算表某类合计 = 总表该类支出",
            (
                T3,
                &row_label(row.code, &row.name).to_string(),
                t(ctx, T3, "total", row.total),
            ),
            (T1, &line.name, t(ctx, T1, "amount", line.amount)),
        );
    }
}

fn income_vs_expenditure(ctx: &Ctx, sink: &mut Sink) {
    let t2 = &ctx.pkg.tables;
    let (Some(s), Some(inc), Some(exp)) = (&t2.summary, &t2.income, &t2.expenditure) else {
        return;
    };
    if carries_over(s) {
        return;
    }
    let mut codes: Vec<Code> = inc.rows.iter().map(|r| r.code).collect();
    codes.extend(exp.rows.iter().map(|r| r.code));
    codes.sort();
    codes.dedup();
    for code in codes {
        let (i, e) = (inc.row(&code), exp.row(&code));
        let name = i
            .map(|r| r.name.as_str())
            .or(e.map(|r| r.name.as_str()))
            .unwrap_or("");
        let label = row_label(code, name).to_string();
        pair(
            ctx,
            sink,
            Relation::Equal,
            "没有结转结余时，收入预算表某科目合计 = 支出预算表该科目合计",
            (T2, &label, t(ctx, T2, "total", i.and_then(|r| r.total))),
            (T3, &label, t(ctx, T3, "total", e.and_then(|r| r.total))),
            "没有结转结余时，每一科目的当年收入应全部安排为当年支出；核对两表该科目是否漏列或错列",
        );
    }
}

fn appropriation_vs_summary(ctx: &Ctx, sink: &mut Sink) {
    if !known_format(ctx) {
        return;
    }
    let (Some(s), Some(a)) = (
        &ctx.pkg.tables.summary,
        &ctx.pkg.tables.appropriation_summary,
    ) else {
        return;
    };
    let (key, label, v) = match (a.income.total, a.income.grand_total) {
        (Some(v), _) => ("total", "本年收入合计", v),
        (None, Some(v)) => ("grand_total", "收入总计", v),
        _ => return,
    };
    same(
        ctx,
        sink,
        "财政拨款收支预算总表收入 = 总表财政拨款收入",
        (T4, label, t(ctx, T4, &format!("income.{key}"), Some(v))),
        (T1, "财政拨款收入", summary_appropriation(ctx, s)),
    );
    let i = &s.income;
    if [i.general_budget, i.gov_fund, i.state_capital]
        .iter()
        .all(Option::is_none)
    {
        return;
    }
    for (k, l) in KINDS {
        same(
            ctx,
            sink,
            "财政拨款收支预算总表各类收入 = 总表对应三类",
            (
                T4,
                l,
                t(ctx, T4, &format!("income.{k}"), field(&a.income, k)),
            ),
            (T1, l, t(ctx, T1, &format!("income.{k}"), field(i, k))),
        );
    }
}

fn appropriation_vs_functions(ctx: &Ctx, sink: &mut Sink) {
    if !known_format(ctx) {
        return;
    }
    let tables = &ctx.pkg.tables;
    let Some(a) = &tables.appropriation_summary else {
        return;
    };
    // (T4 column, its label, the function table, its class row figure, its 合计)
    type Get<'a> = Box<dyn Fn(&Code) -> Option<Option<Amount>> + 'a>;
    type Column<'a> = (&'a str, &'a str, TableKind, Get<'a>, Option<Option<Amount>>);
    let columns: [Column; 3] = [
        (
            "general_budget",
            "一般公共预算",
            T5,
            Box::new(|c| {
                tables
                    .general_budget
                    .as_ref()
                    .map(|g| g.row(c).and_then(|r| r.total))
            }),
            tables.general_budget.as_ref().map(|g| g.total.total),
        ),
        (
            "gov_fund",
            "政府性基金预算",
            T6,
            Box::new(|c| {
                tables
                    .gov_fund
                    .as_ref()
                    .map(|g| g.row(c).and_then(|r| r.expenditure))
            }),
            tables.gov_fund.as_ref().map(|g| g.total.expenditure),
        ),
        (
            "state_capital",
            "国有资本经营预算",
            T7,
            Box::new(|c| {
                tables
                    .state_capital
                    .as_ref()
                    .map(|g| g.row(c).and_then(|r| r.expenditure))
            }),
            tables.state_capital.as_ref().map(|g| g.total.expenditure),
        ),
    ];
    let mut classes: Vec<Code> = a.expenditure.iter().map(|r| r.code).collect();
    let class_rows = |rows: Vec<Code>| rows.into_iter().filter(|c| c.level() == Level::Class);
    if let Some(g) = &tables.general_budget {
        classes.extend(class_rows(g.rows.iter().map(|r| r.code).collect()));
    }
    for f in [&tables.gov_fund, &tables.state_capital]
        .into_iter()
        .flatten()
    {
        classes.extend(class_rows(f.rows.iter().map(|r| r.code).collect()));
    }
    classes.sort();
    classes.dedup();
    for (key, col, kind, get, _) in &columns {
        for code in &classes {
            let Some(figure) = get(code) else { continue };
            let row = a.expenditure.iter().find(|r| r.code == *code);
            let name = row
                .map(|r| r.name.as_str())
                .or_else(|| ctx.catalog.name(code))
                .unwrap_or("");
            let label = format!("{}{col}", row_label(*code, name));
            same(
                ctx,
                sink,
                "财政拨款收支预算总表某类某栏 = 对应功能分类预算表该类合计",
                (T4, &label, t(ctx, T4, key, row.and_then(|r| field(r, key)))),
                (
                    *kind,
                    &row_label(*code, name).to_string(),
                    t(
                        ctx,
                        *kind,
                        if *kind == T5 { "total" } else { "expenditure" },
                        figure,
                    ),
                ),
            );
        }
    }
    let Some((row, footer)) = super::summary::appropriation_footer(a) else {
        return;
    };
    for (key, col, kind, _, total) in &columns {
        let Some(total) = total else { continue };
        let path = if *kind == T5 { "total" } else { "expenditure" };
        same(
            ctx,
            sink,
            "财政拨款收支预算总表某栏支出总计 = 对应功能分类预算表合计",
            (
                T4,
                &format!("{row}{col}"),
                t(ctx, T4, key, field(footer, key)),
            ),
            (*kind, "合计", t(ctx, *kind, path, *total)),
        );
    }
}

fn basic_vs_general(ctx: &Ctx, sink: &mut Sink) {
    let (Some(b), Some(g)) = (
        &ctx.pkg.tables.general_budget_basic,
        &ctx.pkg.tables.general_budget,
    ) else {
        return;
    };
    let (Some(total), Some(basic)) = (b.total.total, g.total.basic) else {
        return;
    };
    same(
        ctx,
        sink,
        "基本支出经济分类预算表合计 = 一般公共预算支出功能分类预算表基本支出合计",
        (T8, "合计", t(ctx, T8, "amount", Some(total))),
        (T5, "基本支出合计", t(ctx, T5, "basic", Some(basic))),
    );
}

fn three_public_vs_basic(ctx: &Ctx, sink: &mut Sink) {
    for item in [
        ("30212", "overseas", "因公出国（境）费"),
        ("30217", "reception", "公务接待费"),
        ("30231", "vehicle_operation", "公务用车运行费"),
        ("31013", "vehicle_purchase", "公务用车购置费"),
    ] {
        basic_within_three_public(ctx, sink, item, ("budget", "预算数"));
    }
}

fn running_costs(ctx: &Ctx, sink: &mut Sink) {
    let (Some(a), Some(b)) = (
        ctx.pkg.agency_running_costs,
        &ctx.pkg.tables.general_budget_basic,
    ) else {
        return;
    };
    let Some(public) = b.total.public else { return };
    pair(
        ctx,
        sink,
        Relation::AtMost,
        "机关运行经费预算 ≤ 基本支出公用经费合计",
        (
            T9,
            "机关运行经费预算数",
            Some(Term::stated(a, ctx.decimals(T9))),
        ),
        (T8, "公用经费合计", t(ctx, T8, "public", Some(public))),
        "机关运行经费是行政单位和参公事业单位的公用经费，不会超过全部公用经费；核对口径或抄错的数",
    );
}

fn vehicle_purchase(ctx: &Ctx, sink: &mut Sink) {
    let Some(tp) = &ctx.pkg.tables.three_public else {
        return;
    };
    let (Some(fee), Some(count)) = (tp.budget.vehicle_purchase, tp.details.vehicles_purchased)
    else {
        return;
    };
    let budgeted = !fee.is_zero();
    if budgeted == (count > 0) {
        return;
    }
    let message = if budgeted {
        format!("公务用车购置费预算 {fee} 万元，但说明预算安排购置车辆 0 辆")
    } else {
        format!("说明预算安排购置车辆 {count} 辆，但公务用车购置费预算为 0")
    };
    let f = sink
        .finding(ctx.at(T9).row("公务用车购置费"), message)
        .number("公务用车购置费", fee.value(), crate::finding::Unit::Wanyuan)
        .hint("购置费与购置车辆数应相互印证；据实改正其中一处");
    sink.push(f);
}
