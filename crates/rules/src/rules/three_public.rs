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
                what: "财政拨款“三公”经费支出决算表：合计 = 因公出国（境）\
费 + 公务用车购置及运行维护费 + 公务接待费，预算数、决算数分别检查。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "“三公”经费是社会关注和公开检查的重点，说明中的总额、\
完成预算的百分比和比上年增减都以合计为准；合计与三项不符，会被直接看作数据不实。",
                bad: "决算数合计 9.93，而因公出国（境）费 9.39 + 公务用车购置及运行维护费 0 + \
公务接待费 0 = 9.39，差 0.54（9.39 误写成 9.93）。",
                good: "决算数合计改为 9.39。",
                basis: "上海市2024年度部门决算公开样张表七、\
北京市2024年度部门决算公开报表表十《财政拨款“三公”经费支出决算表》（合计、因公出国（境）费、\
公务用车购置及运行维护费〔小计、公务用车购置费、公务用车运行维护费〕、公务接待费，各分预算数、\
决算数）；上海市2024年度部门决算公开样张第四部分名词解释十“三公”经费；\
《党政机关厉行节约反对浪费条例》（中发〔2013〕13号）第四条（公开透明）。",
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
                what: "财政拨款“三公”经费支出决算表：公务用车购置及运行维护费（小计）\
= 公务用车购置费 + 公务用车运行维护费，预算数、决算数分别检查。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "公开要求把公务用车购置费和运行维护费分开列示；小计与两项不符，\
说明拆分时抄错或漏填了一项。",
                bad: "决算数：小计 10.00，公务用车购置费 0 + 公务用车运行维护费 11.00 = 11.00，\
差 1.00。",
                good: "核对凭证后改正：运行维护费应为 10.00，或小计应为 11.00（同时改“三公”\
经费合计）。",
                basis: "上海市2024年度部门决算公开样张表七、\
北京市2024年度部门决算公开报表表十《财政拨款“三公”经费支出决算表》（合计、因公出国（境）费、\
公务用车购置及运行维护费〔小计、公务用车购置费、公务用车运行维护费〕、公务接待费，各分预算数、\
决算数）；《地方预决算公开操作规程》（财预〔2016〕143号）关于“公务用车购置及运行费”细化为购置费、\
运行费两项公开的要求。",
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

pub(super) fn sums(ctx: &Ctx, sink: &mut Sink, total_key: &str, parts: &[&str], relation: &str) {
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
