//! D-031, D-032: shares of a whole — each against its amounts, and together against 100%.

use juesuan_diagnostics::{Meta, Severity, Sink, Unit};
use juesuan_rules::interval::{Term, check_percent, half};
use rust_decimal::Decimal;

use super::{Doc, DocCtx, DocFixture, DocRule, Family};

pub(super) const D031: DocRule = DocRule {
    meta: Meta {
        code: "D-031",
        name: "占比与金额不符",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "“A万元，占…的P%”中，P 应等于 A 除以所说的合计（句中先写的合计，或“占…合计的”所指的数）。",
            why: "",
            bad: "",
            good: "",
            basis: "",
        },
    },
    check: |cx, sink| {
        for sh in &cx.statements().shares {
            let ((a, ad), (w, wd), (pv, pd)) = (sh.part, sh.whole, sh.percent);
            let dp = ad.max(wd).max(2);
            if let Some(mm) = check_percent(
                Term::with_decimals(pv, pd),
                Term::with_decimals(a, dp),
                Term::with_decimals(w, dp),
            ) {
                let exact = (a / w * Decimal::from(100)).round_dp(pd + 2);
                let f = sink
                    .finding(
                        cx.at(&cx.paras[sh.para], sh.range.clone(), 12),
                        format!("{a} 万元占 {w} 万元应为 {exact}%，文中写 {pv}%"),
                    )
                    .arithmetic(mm.arithmetic(Some(pd), Unit::Percent));
                sink.push(f);
            }
        }
    },
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n本年收入合计200万元，其中：财政拨款收入150万元，占70%；其他收入50万元，占25%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n本年收入合计200万元，其中：财政拨款收入150万元，占75%；其他收入50万元，占25%。\n",
    }],
};

pub(super) const D032: DocRule = DocRule {
    meta: Meta {
        code: "D-032",
        name: "各项占比之和不是100%",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "同一合计下列出的各项占比，加起来超过 100%，或在各项金额加起来等于合计时不足 100%（舍入允许的误差之外）。",
            why: "",
            bad: "",
            good: "",
            basis: "",
        },
    },
    check: share_sums,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n支出300万元，主要用于以下方面：教育支出（类）100万元，占33.5%；科学技术支出（类）200万元，占66.7%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n支出300万元，主要用于以下方面：教育支出（类）100万元，占33.33%；科学技术支出（类）200万元，占66.67%。\n",
    }],
};

/// The last group of shares of one whole in each paragraph: their percentages add up to
/// more than 100%, or to less when their amounts make the whole.
fn share_sums(cx: &DocCtx, sink: &mut Sink) {
    let shares = &cx.statements().shares;
    for s in &cx.paras {
        let Some(last) = shares
            .iter()
            .filter(|sh| sh.para == s.para && sh.group != 0)
            .map(|sh| sh.group)
            .max()
        else {
            continue;
        };
        let group: Vec<_> = shares.iter().filter(|sh| sh.group == last).collect();
        if group.len() < 2 {
            continue;
        }
        let w = group[0].whole.0;
        let sum: Decimal = group.iter().map(|g| g.percent.0).sum();
        let tol: Decimal = group.iter().map(|g| half(g.percent.1)).sum();
        let parts: Decimal = group.iter().map(|g| g.part.0).sum();
        let hundred = Decimal::from(100);
        if sum > hundred + tol || (parts == w && sum < hundred - tol) {
            let listed: Vec<String> = group.iter().map(|g| format!("{}%", g.percent.0)).collect();
            let (start, end) = (group[0].range.start, group[group.len() - 1].range.end);
            let f = sink
                .finding(
                    cx.at(s, start..end, 0),
                    format!(
                        "同一合计下各项占比之和为 {sum}%（{}），舍入解释不了与 100% 的差",
                        listed.join(" + ")
                    ),
                )
                .number("各项占比之和", sum, Unit::Percent);
            sink.push(f);
        }
    }
}
