//! D-045: 机关运行经费 stated in the explanation against the 公用经费 of the basic-expenditure
//! table it is paid from.

use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Severity, Sink, Unit};
use juesuan_rules::interval::{Term, check_at_most};
use regex::Regex;

use super::{Doc, DocCtx, DocFixture, DocRule, Family, counts::figure};
use crate::numbers::{YEAR, re};

re!(
    RUNNING,
    r"机关运行经费(?:财政拨款)?(?:支出)?(?:决算数?)?(?:为|共计|合计)?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
// Beijing: under `二、机关运行经费支出情况`, `…基本支出中的日常公用经费支出，合计74.35万元`.
re!(
    DAILY_PUBLIC,
    r"日常公用经费支出[，,]?(?:合计|共计|为)?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);

pub(super) const D045: DocRule = DocRule {
    meta: Meta {
        code: "D-045",
        name: "机关运行经费超过公用经费",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "部门决算说明“机关运行经费支出X万元”（北京格式为“机关运行经费支出情况”一节中“……基本支出\
中的日常公用经费支出，合计X万元”），与同一文件一般公共预算财政拨款基本支出决算表的“公用\
经费合计”比较（表中有政府性基金预算财政拨款基本支出决算表的，加上其公用经费）。机关运行\
经费是行政单位和参公事业单位财政拨款基本支出中的日常公用经费，不能超过公用经费合计；两数各\
按写出的小数位舍入，超出舍入范围才报。两数相等不要求（公用经费还包括资本性支出等）；任一数\
找不到或不是决算时不检查。",
            why: "机关运行经费是公用经费的一部分，比公用经费还大，说明其中一个数抄错或口径用错（如把项目\
支出、人员经费算了进去），是预决算公开检查中常见的口径问题。",
            bad: "基本支出决算表公用经费合计184.65万元，说明写“机关运行经费支出194.65万元”。",
            good: "按名词解释的口径，从基本支出中的日常公用经费取数：“机关运行经费支出184.65万元”。",
            basis: "上海市2024年度部门决算公开样张名词解释十一“机关运行经费：指行政单位和参照公务员法管理\
的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出”及表六《一般公共\
预算财政拨款基本支出决算表》；《中华人民共和国预算法》第十四条；《地方预决算公开操作规程》\
（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: running,
    fixtures: &[DocFixture {
        fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t301\n\t工资福利支出\n\t10\n\n\t30101\n\t基本工资\n\t10\n\n\t302\n\t商品和服务支出\n\t5.00\n\n\t30201\n\t办公费\n\t5.00\n\n\t\n\t人员经费合计\n\t10\n\n\t\n\t公用经费合计\n\t5.00\n\n（一）机关运行经费支出情况\n机关运行经费支出6.00万元，比2023年度增加1.00万元。\n",
        silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t301\n\t工资福利支出\n\t10\n\n\t30101\n\t基本工资\n\t10\n\n\t302\n\t商品和服务支出\n\t5.00\n\n\t30201\n\t办公费\n\t5.00\n\n\t\n\t人员经费合计\n\t10\n\n\t\n\t公用经费合计\n\t5.00\n\n（一）机关运行经费支出情况\n机关运行经费支出5.00万元，比2023年度增加1.00万元。\n",
    }],
};

fn running(cx: &DocCtx, sink: &mut Sink) {
    if !cx.recognition.kind.is_final_accounts() {
        return;
    }
    let tables = &cx.package.tables;
    let Some(public) = tables
        .general_budget_basic
        .as_ref()
        .and_then(|b| b.total.public)
    else {
        return;
    };
    let fund = tables
        .gov_fund_basic
        .as_ref()
        .and_then(|b| b.total.public)
        .filter(|a| !a.is_zero());
    let limit_value = public.value() + fund.map_or(rust_decimal::Decimal::ZERO, |a| a.value());
    let limit_dp = public.scale().max(fund.map_or(0, |a| a.scale()));
    for (s, m, v, d) in statements(cx) {
        if let Some(mm) = check_at_most(
            Term::with_decimals(v, d),
            Term::with_decimals(limit_value, limit_dp),
        ) {
            let whose = if fund.is_some() {
                "一般公共预算和政府性基金预算财政拨款基本支出决算表的公用经费合计"
            } else {
                "一般公共预算财政拨款基本支出决算表的公用经费合计"
            };
            let f = sink
                .finding(
                    cx.at(s, m.range(), 0).quote(m.as_str()),
                    format!(
                        "机关运行经费写 {v} 万元，超过{whose} {limit_value} 万元（机关运行经费是其中的日常公用经费）"
                    ),
                )
                .number("机关运行经费", v, Unit::Wanyuan)
                .number("公用经费合计", limit_value, Unit::Wanyuan)
                .arithmetic(mm.arithmetic(Some(d), Unit::Wanyuan));
            sink.push(f);
        }
    }
}

/// Each statement of this year's 机关运行经费: the sentence, the match, the figure and its
/// decimals (in the 机关运行经费 section, a 日常公用经费 sentence counts too).
fn statements<'a>(
    cx: &'a DocCtx,
) -> impl Iterator<
    Item = (
        &'a super::Sentence<'a>,
        regex::Match<'a>,
        rust_decimal::Decimal,
        u32,
    ),
> {
    cx.paras.iter().filter_map(move |s| {
        let in_section = s.section.is_some_and(|h| h.contains("机关运行经费"));
        if !in_section && !s.text.contains("机关运行经费") {
            return None;
        }
        let c = RUNNING
            .captures(s.text)
            .or_else(|| in_section.then(|| DAILY_PUBLIC.captures(s.text)).flatten())?;
        let (m, v) = (c.get(0)?, c.get(1)?);
        if !this_year(cx, &s.text[..m.start()]) {
            return None;
        }
        let (v, d) = figure(v.as_str())?;
        Some((s, m, v, d))
    })
}

/// The 机关运行经费 of the year reported on as the explanation states it (the sentences
/// D-045 reads), when every statement gives the same figure; `None` when none does or two
/// differ.
pub(crate) fn stated(cx: &DocCtx) -> Option<rust_decimal::Decimal> {
    let mut found: Option<rust_decimal::Decimal> = None;
    for (_, _, v, _) in statements(cx) {
        match found {
            Some(f) if f != v => return None,
            _ => found = Some(v),
        }
    }
    found
}

/// Whether the words just before a figure leave it in the year reported on (not `上年`, not
/// another year).
fn this_year(cx: &DocCtx, lead: &str) -> bool {
    let start = lead.char_indices().rev().nth(11).map_or(0, |(i, _)| i);
    let lead = &lead[start..];
    if lead.contains("上年") || lead.contains("上一年") {
        return false;
    }
    match (YEAR.captures_iter(lead).last(), cx.recognition.year) {
        (Some(y), Some(year)) => y
            .get(1)
            .and_then(|m| m.as_str().parse::<u16>().ok())
            .is_none_or(|y| y == year),
        _ => true,
    }
}
