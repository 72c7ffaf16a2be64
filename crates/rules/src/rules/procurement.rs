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
                what: "政府采购支出总额（实际采购金额）= 货物 + 工程 + 服务采购金额。\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "说明中“授予中小企业合同金额占政府采购支出总额的 XX%”以总额为分母；\
三类之和与总额不符，分类金额或占比必有一处错。",
                bad: "政府采购支出总额 9680.738，货物 0 + 工程 0 + 服务 9670.738 = 9670.738，\
差 10.00。",
                good: "服务采购金额应为 9680.738。上海市普陀区财政局 4.79 + 0 + 246.47 = 251.26、\
总额 251.25，差 0.01 在舍入范围内，不报错。",
                basis: "《中华人民共和国政府采购法》第二条（政府采购的对象为货物、工程和服务）；\
北京市2024年度部门决算公开报表表十一《政府采购情况表》；\
上海市2024年度部门决算公开样张第三部分十一（二）“政府采购金额……其中：货物采购金额、工程采购金额、\
服务采购金额”。",
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
                what: "政府采购情况表（北京格式）的采购预算：合计 = 货物 + 工程 + 服务。\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "采购预算与实际采购金额对照列示，合计与分类不符，读者无法判断预算执行情况。",
                bad: "采购预算合计 500.00，货物 110.00 + 工程 0 + 服务 400.00 = 510.00，差 10.00。",
                good: "核对后改正：货物采购预算应为 100.00，或合计应为 510.00。",
                basis: "北京市2024年度部门决算公开报表表十一《政府采购情况表》；\
《中华人民共和国政府采购法》第二条（政府采购的对象为货物、工程和服务）。",
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
                what: "授予中小企业的合同金额是政府采购金额的一部分，不能超过政府采购支出总额。\
只在两个数都填写时检查。按舍入区间判断：超出部分大于各数舍入误差之和才报错（各数按其写出的小数位数\
计，两位小数时每个数 ±0.005）。",
                why: "超过总额在逻辑上不可能，通常是把金额填错了位置、单位不一致（元与万元），\
或数字抄错；对应的占比也会超过 100%。",
                bad: "政府采购支出总额 9680.738，授予中小企业合同金额 9718.1012，超出 37.3632。",
                good: "北京市西城区科学技术和信息化局2024年实际为：\
授予中小企业合同金额 3718.1012 万元，占政府采购支出总额的 38.4%。",
                basis: "《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）；\
《地方预决算公开操作规程》（财预〔2016〕143号）关于说明授予中小企业合同金额及其占政府采购支出总金\
额比重的要求；北京市2024年度部门决算公开报表表十一《政府采购情况表》。",
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
                what: "小微企业属于中小企业：授予小微企业的合同金额不能超过授予中小企业的合同金额。\
只在两个数都填写时检查。按舍入区间判断：超出部分大于各数舍入误差之和才报错（各数按其写出的小数位数\
计，两位小数时每个数 ±0.005）。",
                why: "超过就是把“中小企业”和“小微企业”两个数填反了，或抄错了数字；\
两个占比随之失真。",
                bad: "授予中小企业合同金额 3718.1012，授予小微企业合同金额 3818.1012，超出 100.00。",
                good: "授予小微企业合同金额应为 2525.8636（占政府采购支出总额的 26.09%），\
不超过 3718.1012。",
                basis: "《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）\
（中小企业预留份额中再预留给小微企业）；北京市2024年度部门决算公开报表表十一《政府采购情况表》。",
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
                what: "上海格式中，面向中小企业预留项目由中小企业中标（成交）的金额，\
加上其他项目由中小企业中标（成交）的金额，不能超过政府采购金额。按舍入区间判断：\
超出部分大于各数舍入误差之和才报错（各数按其写出的小数位数计，两位小数时每个数 ±0.005）。",
                why: "两部分都是政府采购金额的一部分；合计超过总额，\
说明某一项金额填错或统计口径不一致。",
                bad: "政府采购金额 251.25，预留项目中小企业中标 246.47 + 其他项目中小企业中标 \
14.79 = 261.26，超出 10.01。",
                good: "其他项目中小企业中标金额应为 4.79：246.47 + 4.79 = 251.26，\
与 251.25 相差 0.01，在舍入范围内。",
                basis: "上海市2024年度部门决算公开样张第三部分十一（二）政府采购支出情况；\
《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）。",
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
                what: "政府购买服务决算公开情况表（北京格式）：\
合计 = 各购买服务项目决算金额之和（列出项目时检查）。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "合计就是说明中“政府购买服务决算 XXX 万元”；与各项目之和不符，\
说明漏列了项目或抄错了金额。",
                bad: "合计 138.34，信息系统运维服务 80.00 + 课题研究服务 57.34 = 137.34，差 1.00。",
                good: "补列漏掉的项目（1.00 万元），或改正抄错的金额，使各项之和等于 138.34。",
                basis: "北京市2024年度部门决算公开报表表十二《政府购买服务决算公开情况表》；\
《政府购买服务管理办法》（财政部）。",
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
