//! T6 一般公共预算财政拨款基本支出决算表 and T8 政府性基金预算财政拨款基本支出决算表
//! (经济分类): 类 = Σ 款, 人员经费 = 301 + 303, 公用经费 = 302 + 310 (+ other 3xx).

use juesuan_model::tables::{BasicTable, TableKind};
use juesuan_model::{Code, Level};

use super::common::{Named, check_sum, hierarchy, named, row_label};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::interval::Term;
use crate::{Ctx, Sink};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "T6-001",
            name: "基本支出表经济分类类级不等于所属款级之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款基本支出决算表中，经济分类类级科目（如 301 工资福利支出）应等于其所属各款之和。\
按舍入区间判断：Putuo 表中 301 各款之和 2082.86 与 2082.85 之差在八个两位小数的舍入范围内，不报错。",
                why: "",
                bad: "",
                good: "",
                basis: "一般公共预算财政拨款基本支出决算表；部门预算支出经济分类科目",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::GeneralBudgetBasic,
                c.pkg.tables.general_budget_basic.as_ref(),
                &["amount"],
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.general_budget_basic.rows[30102].amount = 1248.58"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T6-002",
            name: "人员经费合计不等于工资福利支出加对个人和家庭的补助",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助。",
                why: "",
                bad: "",
                good: "",
                basis: "一般公共预算财政拨款基本支出决算表",
            },
        },
        check: |c, s| personnel(c, s, TableKind::GeneralBudgetBasic),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.general_budget_basic.total.personnel = 2162.26"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T6-003",
            name: "公用经费合计不等于商品和服务支出加资本性支出",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "公用经费 = 302 商品和服务支出 + 310 资本性支出（及其他不属于人员经费的经济分类类级科目）。",
                why: "",
                bad: "",
                good: "",
                basis: "一般公共预算财政拨款基本支出决算表",
            },
        },
        check: |c, s| public(c, s, TableKind::GeneralBudgetBasic),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.general_budget_basic.rows[310].amount = 3.58",
                    "tables.general_budget_basic.rows[31002].amount = 3.58",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T6-004",
            name: "基本支出合计不等于人员经费加公用经费",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "基本支出合计 = 人员经费合计 + 公用经费合计（表中印有合计时检查）。",
                why: "",
                bad: "",
                good: "",
                basis: "一般公共预算财政拨款基本支出决算表",
            },
        },
        check: |c, s| total(c, s, TableKind::GeneralBudgetBasic),
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &["tables.general_budget_basic.total.total += 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T8-001",
            name: "政府性基金基本支出表经济分类类级不等于所属款级之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "政府性基金预算财政拨款基本支出决算表中，经济分类类级科目应等于其所属各款之和。",
                why: "",
                bad: "",
                good: "",
                basis: "政府性基金预算财政拨款基本支出决算表（北京）",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::GovFundBasic,
                c.pkg.tables.gov_fund_basic.as_ref(),
                &["amount"],
            )
        },
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &[
                    "delete tables.gov_fund_basic.note",
                    "tables.gov_fund_basic.rows = [{\"code\": \"302\", \"name\": \"商品和服务支出\", \"amount\": \"5.00\"}, {\"code\": \"30201\", \"name\": \"办公费\", \"amount\": \"4.00\"}]",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T8-002",
            name: "政府性基金基本支出人员经费、公用经费与合计不符",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "政府性基金预算财政拨款基本支出决算表：人员经费 = 301 + 303，公用经费 = 302 + 310，合计 = 人员经费 + 公用经费。",
                why: "",
                bad: "",
                good: "",
                basis: "政府性基金预算财政拨款基本支出决算表（北京）",
            },
        },
        check: |c, s| {
            personnel(c, s, TableKind::GovFundBasic);
            public(c, s, TableKind::GovFundBasic);
            total(c, s, TableKind::GovFundBasic);
        },
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &[
                    "tables.gov_fund_basic.total.personnel = 1",
                    "tables.gov_fund_basic.total.public = 1",
                    "tables.gov_fund_basic.total.total = 3",
                ],
            ),
        ],
    },
];

fn table<'a>(ctx: &'a Ctx, kind: TableKind) -> Option<&'a BasicTable> {
    match kind {
        TableKind::GovFundBasic => ctx.pkg.tables.gov_fund_basic.as_ref(),
        _ => ctx.pkg.tables.general_budget_basic.as_ref(),
    }
}

/// The amount of each economic class: its 类 row when listed, else the sum of its 款 rows.
fn classes<'a>(ctx: &'a Ctx, kind: TableKind, t: &'a BasicTable) -> Option<Vec<(Code, Named<'a>)>> {
    let mut out: Vec<(Code, Named<'a>)> = Vec::new();
    let mut seen: Vec<Code> = Vec::new();
    for r in &t.rows {
        let class = r.code.class();
        if seen.contains(&class) {
            continue;
        }
        seen.push(class);
        let term = match t.rows.iter().find(|x| x.code == class) {
            Some(row) => ctx.term(kind, row.amount)?,
            None => {
                let parts: Option<Vec<Term>> = t
                    .rows
                    .iter()
                    .filter(|x| x.code.level() == Level::Section && x.code.class() == class)
                    .map(|x| ctx.term(kind, x.amount))
                    .collect();
                Term::sum(&parts?)
            }
        };
        let name = ctx.catalog.name(&class).unwrap_or("");
        out.push((class, named(row_label(class, name), term)));
    }
    Some(out)
}

fn personnel(ctx: &Ctx, sink: &mut Sink, kind: TableKind) {
    split(ctx, sink, kind, true);
}

fn public(ctx: &Ctx, sink: &mut Sink, kind: TableKind) {
    split(ctx, sink, kind, false);
}

fn split(ctx: &Ctx, sink: &mut Sink, kind: TableKind, personnel: bool) {
    let Some(t) = table(ctx, kind) else { return };
    let stated = if personnel {
        t.total.personnel
    } else {
        t.total.public
    };
    let Some(stated) = stated else { return };
    let Some(classes) = classes(ctx, kind, t) else {
        return;
    };
    let parts: Vec<Named> = classes
        .into_iter()
        .filter(|(c, _)| ctx.catalog.is_personnel(c) == personnel)
        .map(|(_, n)| n)
        .collect();
    let (label, relation) = if personnel {
        (
            "人员经费合计",
            "人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助",
        )
    } else {
        (
            "公用经费合计",
            "公用经费 = 302 商品和服务支出 + 310 资本性支出 + 其他",
        )
    };
    check_sum(
        sink,
        || ctx.at(kind).row(label),
        relation,
        &named(label, Term::stated(stated, ctx.decimals(kind))),
        "各类之和",
        &parts,
        ctx.decimals(kind),
        "",
    );
}

fn total(ctx: &Ctx, sink: &mut Sink, kind: TableKind) {
    let Some(t) = table(ctx, kind) else { return };
    let (Some(total), Some(p), Some(q)) = (t.total.total, t.total.personnel, t.total.public) else {
        return;
    };
    let d = ctx.decimals(kind);
    check_sum(
        sink,
        || ctx.at(kind).row("合计"),
        "合计 = 人员经费合计 + 公用经费合计",
        &named("合计", Term::stated(total, d)),
        "人员经费与公用经费之和",
        &[
            named("人员经费合计", Term::stated(p, d)),
            named("公用经费合计", Term::stated(q, d)),
        ],
        d,
        "",
    );
}
