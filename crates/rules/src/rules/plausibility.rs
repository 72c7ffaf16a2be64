//! P: figures that are possible but implausible — an amount typed in 元 inside a 万元
//! table, negative amounts.

use rust_decimal::Decimal;

use juesuan_model::fields::{CellValue, CodedRecord, Record};
use juesuan_model::tables::{CodedTable, TableKind};

use super::common::{Label, row_label};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::{Severity, Unit};
use crate::{Ctx, Sink};

/// A figure this many times its siblings' median (or its budget) is taken for 元.
const YUAN_RATIO: i64 = 5000;

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "P-001",
            name: "金额疑似按元填在万元表中",
            severity: Severity::Warning,
            family: Family::Package,
            doc: Doc {
                what: "表格单位是万元，而某个数是同栏其他非零数中位数的 5000 倍以上（同栏至少 3 \
个非零数），或一般公共预算财政拨款支出某行的决算数与年初预算相差 5000 倍以上：\
多半是把元当万元填了（1 万元 = 10000 元）。",
                why: "元填进万元表，金额放大一万倍，合计、占比、完成率全部失真。\
真实的公开文本里就出现过在万元表中填“3757170”（元，即 375.7170 万元）的情况。",
                bad: "收入决算表 2010607 信息化建设本年收入合计填 1352500，同栏中位数 258.50，\
是它的 5000 多倍。",
                good: "按万元填 135.25；若整张表确实以元为单位，就在表头写“单位：元”，让程序换算。",
                basis: "上海市2024年度部门决算公开样张、\
北京市2024年度部门决算公开报表各表表头“单位：万元”。",
            },
        },
        check: yuan_in_wan,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.income.rows[2010607].total = 1352500",
                    "tables.income.rows[2010607].appropriation = 1352500",
                ],
            ),
            fires(
                Base::Beijing,
                &["tables.general_budget.rows[205].total = 52000"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "P-002",
            name: "负数金额",
            severity: Severity::Warning,
            family: Family::Package,
            doc: Doc {
                what: "决算表中的收入、支出、结转和结余一般不为负数（收入支出决算总表的“结余分配”\
除外）。检查收支总表、收入、支出、财政拨款各表、“三公”经费表和政府采购表中的每个金额。",
                why: "负数多是录入时多了负号，或把差额、冲减数填进了表；读者会误以为支出被“收回”。",
                bad: "基本支出决算表 30204 手续费 −0.09。",
                good: "改为 0.09。确属冲减的，核对是否应在相应科目中直接减少，并在说明中写明原因。",
                basis: "上海市2024年度部门决算公开样张第四部分名词解释（收入、支出、\
结转和结余的口径）；《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
            },
        },
        check: negatives,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.general_budget_basic.rows[30204].amount = -0.09"],
            ),
        ],
    },
];

fn median(mut v: Vec<Decimal>) -> Option<Decimal> {
    if v.is_empty() {
        return None;
    }
    let mid = v.len() / 2;
    Some(*v.select_nth_unstable(mid).1)
}

fn coded<R: CodedRecord, T>(
    ctx: &Ctx,
    sink: &mut Sink,
    kind: TableKind,
    table: Option<&CodedTable<R, T>>,
    skip_key: &str,
) {
    let Some(t) = table else { return };
    for (i, f) in R::FIELDS.iter().enumerate() {
        if f.key == skip_key {
            continue;
        }
        let amount = |r: &R| match r.get(i) {
            Some(CellValue::Amount(a)) if !a.is_zero() => Some(a.value().abs()),
            _ => None,
        };
        let values: Vec<Decimal> = t.rows.iter().filter_map(amount).collect();
        if values.len() < 3 {
            continue;
        }
        let Some(m) = median(values) else {
            continue;
        };
        if m.is_zero() {
            continue;
        }
        let limit = m * Decimal::from(YUAN_RATIO);
        for r in &t.rows {
            if let Some(v) = amount(r).filter(|v| *v >= limit) {
                push_yuan(
                    ctx,
                    sink,
                    kind,
                    &row_label(r.code(), r.name()),
                    f.label,
                    v,
                    &format!("同栏中位数 {m}"),
                );
            }
        }
    }
}

fn push_yuan(
    ctx: &Ctx,
    sink: &mut Sink,
    kind: TableKind,
    row: &Label,
    col: &str,
    v: Decimal,
    against: &str,
) {
    let f = sink
        .finding(
            ctx.at(kind).row(row.clone()).column(col),
            format!(
                "{v} 是{against}的数千倍，疑似按元填写（折合 {} 万元）",
                v / Decimal::from(10_000)
            ),
        )
        .number(col, v, Unit::Wanyuan)
        .hint("核对单位：万元表中应填万元");
    sink.push(f);
}

fn yuan_in_wan(ctx: &Ctx, sink: &mut Sink) {
    let t = &ctx.pkg.tables;
    coded(ctx, sink, TableKind::Income, t.income.as_ref(), "");
    coded(
        ctx,
        sink,
        TableKind::Expenditure,
        t.expenditure.as_ref(),
        "",
    );
    coded(
        ctx,
        sink,
        TableKind::GeneralBudget,
        t.general_budget.as_ref(),
        "initial_budget",
    );
    coded(
        ctx,
        sink,
        TableKind::GeneralBudgetBasic,
        t.general_budget_basic.as_ref(),
        "",
    );
    // against the line's own budget
    if let Some(g) = &t.general_budget {
        for r in &g.rows {
            let (Some(a), Some(b)) = (r.total, r.initial_budget) else {
                continue;
            };
            if b.is_zero() || a.is_zero() {
                continue;
            }
            let ratio = a.value() / b.value();
            if ratio >= Decimal::from(YUAN_RATIO) {
                push_yuan(
                    ctx,
                    sink,
                    TableKind::GeneralBudget,
                    &row_label(r.code, &r.name),
                    "合计",
                    a.value(),
                    &format!("年初预算 {b}"),
                );
            } else if ratio <= Decimal::ONE / Decimal::from(YUAN_RATIO) {
                push_yuan(
                    ctx,
                    sink,
                    TableKind::GeneralBudget,
                    &row_label(r.code, &r.name),
                    "年初预算数",
                    b.value(),
                    &format!("决算 {a}"),
                );
            }
        }
    }
}

fn negatives_in<R: Record>(
    ctx: &Ctx,
    sink: &mut Sink,
    kind: TableKind,
    row: &Label,
    r: &R,
    skip: &[&str],
) {
    for (i, f) in R::FIELDS.iter().enumerate() {
        if skip.contains(&f.key) {
            continue;
        }
        if let Some(CellValue::Amount(a)) = r.get(i)
            && a.value().is_sign_negative()
            && !a.value().is_zero()
        {
            let fi = sink
                .finding(
                    ctx.at(kind).row(row.clone()).column(f.label),
                    format!("{} 为负数 {a}", f.label),
                )
                .number(f.label, a.value(), Unit::Wanyuan)
                .hint("核对是否多了负号");
            sink.push(fi);
        }
    }
}

fn coded_negatives<R: CodedRecord, T: Record>(
    ctx: &Ctx,
    sink: &mut Sink,
    kind: TableKind,
    t: Option<&CodedTable<R, T>>,
) {
    let Some(t) = t else { return };
    negatives_in(ctx, sink, kind, &"合计".into(), &t.total, &[]);
    for r in &t.rows {
        negatives_in(ctx, sink, kind, &row_label(r.code(), r.name()), r, &[]);
    }
}

fn negatives(ctx: &Ctx, sink: &mut Sink) {
    let t = &ctx.pkg.tables;
    if let Some(s) = &t.summary {
        negatives_in(
            ctx,
            sink,
            TableKind::Summary,
            &"收入".into(),
            &s.income,
            &[],
        );
        negatives_in(
            ctx,
            sink,
            TableKind::Summary,
            &"支出".into(),
            &s.expenditure_totals,
            &["balance_distribution"],
        );
        for l in &s.expenditure {
            negatives_in(
                ctx,
                sink,
                TableKind::Summary,
                &row_label(l.code, &l.name),
                l,
                &[],
            );
        }
    }
    coded_negatives(ctx, sink, TableKind::Income, t.income.as_ref());
    coded_negatives(ctx, sink, TableKind::Expenditure, t.expenditure.as_ref());
    coded_negatives(
        ctx,
        sink,
        TableKind::GeneralBudget,
        t.general_budget.as_ref(),
    );
    coded_negatives(
        ctx,
        sink,
        TableKind::GeneralBudgetBasic,
        t.general_budget_basic.as_ref(),
    );
    coded_negatives(ctx, sink, TableKind::GovFund, t.gov_fund.as_ref());
    coded_negatives(
        ctx,
        sink,
        TableKind::GovFundBasic,
        t.gov_fund_basic.as_ref(),
    );
    coded_negatives(ctx, sink, TableKind::StateCapital, t.state_capital.as_ref());
    if let Some(x) = &t.three_public {
        negatives_in(
            ctx,
            sink,
            TableKind::ThreePublic,
            &"预算数".into(),
            &x.budget,
            &[],
        );
        negatives_in(
            ctx,
            sink,
            TableKind::ThreePublic,
            &"决算数".into(),
            &x.actual,
            &[],
        );
    }
    if let Some(x) = &t.procurement {
        negatives_in(
            ctx,
            sink,
            TableKind::Procurement,
            &"政府采购".into(),
            &x.figures,
            &[],
        );
    }
}
