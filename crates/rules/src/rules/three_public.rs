//! T10 财政拨款“三公”经费支出决算表.

use juesuan_model::tables::{TableKind, ThreePublicFigures};

use super::common::{check_sum, field, label_of, named};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::{Ctx, Sink};

const K: TableKind = TableKind::ThreePublic;

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "T10-001",
            name: "“三公”经费合计不等于三项之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费，预算数和决算数分别检查。",
                why: "",
                bad: "",
                good: "",
                basis: "财政拨款“三公”经费支出决算表",
            },
        },
        check: |c, s| {
            sums(
                c,
                s,
                "total",
                &["overseas", "vehicle", "reception"],
                "合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费",
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(Base::Shanghai, &["tables.three_public.budget.total = 1.95"]),
            fires(Base::Beijing, &["tables.three_public.actual.total = 9.93"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "T10-002",
            name: "公务用车小计不等于购置费加运行维护费",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "公务用车购置及运行维护费（小计）= 公务用车购置费 + 公务用车运行维护费，预算数和决算数分别检查。",
                why: "",
                bad: "",
                good: "",
                basis: "财政拨款“三公”经费支出决算表",
            },
        },
        check: |c, s| {
            sums(
                c,
                s,
                "vehicle",
                &["vehicle_purchase", "vehicle_operation"],
                "公务用车小计 = 购置费 + 运行维护费",
            )
        },
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &["tables.three_public.actual.vehicle_operation += 1"],
            ),
        ],
    },
];

fn sums(ctx: &Ctx, sink: &mut Sink, total_key: &str, parts: &[&str], relation: &str) {
    let Some(t) = &ctx.pkg.tables.three_public else {
        return;
    };
    let label = label_of::<ThreePublicFigures>;
    for (col, fig) in [("预算数", &t.budget), ("决算数", &t.actual)] {
        let Some(total) = ctx.term(K, field(fig, total_key)) else {
            continue;
        };
        let terms: Option<Vec<_>> = parts
            .iter()
            .map(|k| ctx.term(K, field(fig, k)).map(|x| named(label(k), x)))
            .collect();
        let Some(terms) = terms else { continue };
        check_sum(
            sink,
            || ctx.at(K).row(label(total_key)).column(col),
            relation,
            &named(label(total_key), total),
            "各项之和",
            &terms,
            ctx.decimals(K),
            "",
        );
    }
}
