//! T7 政府性基金 and T9 国有资本经营 预算财政拨款收入支出决算表: the carry-over equation,
//! 本年支出 = 基本 + 项目, the hierarchy, and the statement an empty table must carry.

use juesuan_model::Coverage;
use juesuan_model::fields::Record;
use juesuan_model::tables::{FundTable, TableKind};

use super::common::{Label, check_eq, classes_total, field, hierarchy, named, row_label, row_sums};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::interval::Term;
use crate::{Ctx, Sink};

const KEYS: &[&str] = &[
    "opening",
    "income",
    "expenditure",
    "basic",
    "project",
    "closing",
];

const CARRY: &str = "每一行（含合计）：年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余。";
const EMPTY: &str = "没有此类财政拨款收支的单位仍要保留表格格式，并在表下说明“本单位本年度没有……收入和支出，故本表无数据”。\
表格为空而没有说明，读者无法分辨是没有数据还是漏填。";

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "T7-001",
            name: "政府性基金结转结余不衔接",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: CARRY,
                why: "",
                bad: "",
                good: "",
                basis: "政府性基金预算财政拨款收入支出决算表",
            },
        },
        check: |c, s| carry(c, s, TableKind::GovFund),
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &["tables.gov_fund.rows[2120801].closing += 5"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T7-002",
            name: "政府性基金本年支出不等于基本支出加项目支出",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "每一行：本年支出 = 基本支出 + 项目支出。",
                why: "",
                bad: "",
                good: "",
                basis: "政府性基金预算财政拨款收入支出决算表",
            },
        },
        check: |c, s| {
            row_sums(
                c,
                s,
                TableKind::GovFund,
                c.pkg.tables.gov_fund.as_ref(),
                "expenditure",
                &["basic", "project"],
            )
        },
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &["tables.gov_fund.rows[2120801].project -= 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T7-003",
            name: "政府性基金表上级科目或合计不等于下级之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "类 = 所属款之和，款 = 所属项之和，合计 = 各类之和（每一栏）。",
                why: "",
                bad: "",
                good: "",
                basis: "政府性基金预算财政拨款收入支出决算表",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::GovFund,
                c.pkg.tables.gov_fund.as_ref(),
                KEYS,
            );
            classes_total(
                c,
                s,
                TableKind::GovFund,
                c.pkg.tables.gov_fund.as_ref(),
                KEYS,
            );
        },
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &[
                    "tables.gov_fund.total.income += 3",
                    "tables.gov_fund.total.closing += 3",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T7-004",
            name: "政府性基金表为空却没有说明",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: EMPTY,
                why: "",
                bad: "",
                good: "",
                basis: "上海模板表八注",
            },
        },
        check: |c, s| empty_statement(c, s, TableKind::GovFund),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(Base::Shanghai, &["delete tables.gov_fund.note"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "T9-001",
            name: "国有资本经营结转结余不衔接",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: CARRY,
                why: "",
                bad: "",
                good: "",
                basis: "国有资本经营预算财政拨款收入支出决算表",
            },
        },
        check: |c, s| carry(c, s, TableKind::StateCapital),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "delete tables.state_capital.note",
                    "tables.state_capital.total.income = 10",
                    "tables.state_capital.total.expenditure = 8",
                    "tables.state_capital.total.project = 8",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T9-002",
            name: "国有资本经营本年支出不等于基本支出加项目支出",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "每一行：本年支出 = 基本支出 + 项目支出。",
                why: "",
                bad: "",
                good: "",
                basis: "国有资本经营预算财政拨款收入支出决算表",
            },
        },
        check: |c, s| {
            row_sums(
                c,
                s,
                TableKind::StateCapital,
                c.pkg.tables.state_capital.as_ref(),
                "expenditure",
                &["basic", "project"],
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.state_capital.total.expenditure = 8",
                    "tables.state_capital.total.project = 7",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T9-003",
            name: "国有资本经营表上级科目或合计不等于下级之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "类 = 所属款之和，款 = 所属项之和，合计 = 各类之和（每一栏）。",
                why: "",
                bad: "",
                good: "",
                basis: "国有资本经营预算财政拨款收入支出决算表",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::StateCapital,
                c.pkg.tables.state_capital.as_ref(),
                KEYS,
            );
            classes_total(
                c,
                s,
                TableKind::StateCapital,
                c.pkg.tables.state_capital.as_ref(),
                KEYS,
            );
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.state_capital.total.income = 2",
                    "tables.state_capital.rows = [{\"code\": \"223\", \"name\": \"国有资本经营预算支出\", \"income\": \"1\"}]",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T9-004",
            name: "国有资本经营表为空却没有说明",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: EMPTY,
                why: "",
                bad: "",
                good: "",
                basis: "上海模板表九注",
            },
        },
        check: |c, s| empty_statement(c, s, TableKind::StateCapital),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(Base::Shanghai, &["delete tables.state_capital.note"]),
        ],
    },
];

fn table<'a>(ctx: &'a Ctx, kind: TableKind) -> Option<&'a FundTable> {
    match kind {
        TableKind::StateCapital => ctx.pkg.tables.state_capital.as_ref(),
        _ => ctx.pkg.tables.gov_fund.as_ref(),
    }
}

fn carry(ctx: &Ctx, sink: &mut Sink, kind: TableKind) {
    let Some(t) = table(ctx, kind) else { return };
    let mut rows: Vec<(Label, juesuan_model::tables::FundValues)> = Vec::new();
    if !t.total.is_blank() {
        rows.push(("合计".into(), t.total.clone()));
    }
    rows.extend(
        t.rows
            .iter()
            .map(|r| (row_label(r.code, &r.name), r.values())),
    );
    for (row, v) in rows {
        let (Some(o), Some(i), Some(e), Some(c)) = (
            ctx.term(kind, field(&v, "opening")),
            ctx.term(kind, field(&v, "income")),
            ctx.term(kind, field(&v, "expenditure")),
            ctx.term(kind, field(&v, "closing")),
        ) else {
            continue;
        };
        let left = Term::sum(&[o, i]).minus(&e);
        check_eq(
            sink,
            || ctx.at(kind).row(row).column("年末结转和结余"),
            "年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余",
            &named("年末结转和结余", c),
            &named("年初结转和结余加本年收入减本年支出", left),
            ctx.decimals(kind),
            "",
        );
    }
}

fn empty_statement(ctx: &Ctx, sink: &mut Sink, kind: TableKind) {
    let Some(t) = table(ctx, kind) else { return };
    if ctx.coverage(kind) != Some(Coverage::Complete) || !ctx.profile.tables.contains(&kind) {
        return;
    }
    let empty = t.rows.is_empty()
        && (0..juesuan_model::tables::FundValues::FIELDS.len()).all(|i| {
            field(&t.total, juesuan_model::tables::FundValues::FIELDS[i].key)
                .is_none_or(|a| a.is_zero())
        });
    if empty && t.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        let f = sink
            .finding(
                ctx.at(kind),
                "表格为空，表下没有“本年度没有……收入和支出，故本表无数据”的说明",
            )
            .hint(format!(
                "在表下注明：{}本年度没有{}收入和支出，故本表无数据。",
                ctx.pkg.unit.name,
                match kind {
                    TableKind::StateCapital => "国有资本经营预算财政拨款",
                    _ => "政府性基金预算财政拨款",
                }
            ));
        sink.push(f);
    }
}
