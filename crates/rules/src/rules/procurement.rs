//! T11 政府采购 and T12 政府购买服务.

use juesuan_model::tables::{Procurement, TableKind};

use super::common::{check_le, check_sum, field, label_of, named};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::interval::Term;
use crate::{Ctx, Sink};

const K: TableKind = TableKind::Procurement;

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "T11-001",
            name: "政府采购总额不等于货物、工程、服务之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "政府采购实际采购金额（政府采购支出总额）= 货物 + 工程 + 服务。Putuo 的 4.79 + 0 + 246.47 = 251.26 与\
251.25 之差在舍入范围内，不报错。",
                why: "",
                bad: "",
                good: "",
                basis: "政府采购情况表；上海模板 十一（二）",
            },
        },
        check: |c, s| parts(c, s, "total", &["goods", "works", "services"]),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["tables.procurement.figures.services = 9670.738"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T11-002",
            name: "政府采购预算合计不等于货物、工程、服务之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "采购预算合计 = 货物 + 工程 + 服务。",
                why: "",
                bad: "",
                good: "",
                basis: "政府采购情况表（北京）",
            },
        },
        check: |c, s| {
            parts(
                c,
                s,
                "budget_total",
                &["budget_goods", "budget_works", "budget_services"],
            )
        },
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &["tables.procurement.figures.budget_goods += 10"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T11-003",
            name: "授予中小企业合同金额超过政府采购总额",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "授予中小企业的合同金额是政府采购的一部分，不能超过政府采购支出总额。",
                why: "",
                bad: "",
                good: "",
                basis: "政府采购情况表",
            },
        },
        check: |c, s| bound(c, s, "sme", "total"),
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["tables.procurement.figures.sme = 9718.1012"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T11-004",
            name: "授予小微企业合同金额超过授予中小企业合同金额",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "小微企业是中小企业的一部分：授予小微企业的合同金额不能超过授予中小企业的合同金额。",
                why: "",
                bad: "",
                good: "",
                basis: "政府采购情况表",
            },
        },
        check: |c, s| bound(c, s, "small_micro", "sme"),
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["tables.procurement.figures.small_micro = 3818.1012"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T11-005",
            name: "中小企业中标成交金额之和超过政府采购总额",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "预留项目中由中小企业中标或成交的金额，加上其他项目中由中小企业中标或成交的金额，不能超过政府采购金额。",
                why: "",
                bad: "",
                good: "",
                basis: "上海模板 十一（二）",
            },
        },
        check: sme_awards,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.procurement.figures.other_sme_awarded = 14.79"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T12-001",
            name: "政府购买服务合计不等于各项之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "政府购买服务决算公开情况表：合计 = 各购买服务项目决算金额之和（列出项目时检查）。",
                why: "",
                bad: "",
                good: "",
                basis: "政府购买服务决算公开情况表（北京）",
            },
        },
        check: services_total,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &["tables.purchased_services.items[#0].amount += 1"],
            ),
        ],
    },
];

fn parts(ctx: &Ctx, sink: &mut Sink, total_key: &str, keys: &[&str]) {
    let Some(p) = &ctx.pkg.tables.procurement else {
        return;
    };
    let f = &p.figures;
    let Some(total) = ctx.term(K, field(f, total_key)) else {
        return;
    };
    let terms: Option<Vec<_>> = keys
        .iter()
        .map(|k| {
            ctx.term(K, field(f, k))
                .map(|x| named(label_of::<Procurement>(k), x))
        })
        .collect();
    let Some(terms) = terms else { return };
    check_sum(
        sink,
        || ctx.at(K).row(label_of::<Procurement>(total_key)),
        "合计 = 货物 + 工程 + 服务",
        &named(label_of::<Procurement>(total_key), total),
        "货物、工程、服务之和",
        &terms,
        ctx.decimals(K),
        "",
    );
}

fn bound(ctx: &Ctx, sink: &mut Sink, part: &str, whole: &str) {
    let Some(p) = &ctx.pkg.tables.procurement else {
        return;
    };
    let f = &p.figures;
    // only stated figures: a blank here is not evidence
    let (Some(a), Some(b)) = (field(f, part), field(f, whole)) else {
        return;
    };
    let d = ctx.decimals(K);
    check_le(
        sink,
        || ctx.at(K).row(label_of::<Procurement>(part)),
        &format!(
            "{} ≤ {}",
            label_of::<Procurement>(part),
            label_of::<Procurement>(whole)
        ),
        &named(label_of::<Procurement>(part), Term::stated(a, d)),
        &named(label_of::<Procurement>(whole), Term::stated(b, d)),
        d,
        "",
    );
}

fn sme_awards(ctx: &Ctx, sink: &mut Sink) {
    let Some(p) = &ctx.pkg.tables.procurement else {
        return;
    };
    let f = &p.figures;
    let (Some(a), Some(b), Some(total)) = (f.reserved_sme_awarded, f.other_sme_awarded, f.total)
    else {
        return;
    };
    let d = ctx.decimals(K);
    check_le(
        sink,
        || ctx.at(K).row("中小企业中标或成交金额"),
        "预留项目中小企业中标金额 + 其他项目中小企业中标金额 ≤ 政府采购金额",
        &named(
            "中小企业中标或成交金额合计",
            Term::sum(&[Term::stated(a, d), Term::stated(b, d)]),
        ),
        &named("政府采购金额", Term::stated(total, d)),
        d,
        "",
    );
}

fn services_total(ctx: &Ctx, sink: &mut Sink) {
    let kind = TableKind::PurchasedServices;
    let Some(t) = &ctx.pkg.tables.purchased_services else {
        return;
    };
    let Some(total) = t.total else { return };
    if t.items.is_empty() {
        return;
    }
    let d = ctx.decimals(kind);
    let terms: Option<Vec<_>> = t
        .items
        .iter()
        .map(|i| {
            ctx.term(kind, i.amount)
                .map(|x| named(i.name.clone().unwrap_or_default(), x))
        })
        .collect();
    let Some(terms) = terms else { return };
    check_sum(
        sink,
        || ctx.at(kind).row("合计"),
        "合计 = 各项目决算金额之和",
        &named("合计", Term::stated(total, d)),
        "各项目之和",
        &terms,
        d,
        "",
    );
}
