//! D-044: the 政府采购 explanation — 货物、工程、服务 against the total, the amounts awarded to
//! 中小企业 and 小微企业 against the total and each other, and their shares.

use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Part, Severity, Sink, Unit};
use juesuan_rules::interval::{Term, check_at_most, check_equal, check_percent};
use regex::Regex;
use rust_decimal::Decimal;

use super::{Doc, DocCtx, DocFixture, DocRule, Family, Sentence, counts::figure};
use crate::numbers::re;

re!(
    TOTAL,
    r"政府采购(?:支出)?(?:预算)?(?:总额|金额)?(?:[（(][^）)]*[）)])?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]?其中[：:，,]?([^。]*)"
);
re!(
    KIND,
    r"(货物|工程|服务)[^0-9，,、。；]*?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    AWARDED,
    r"授予(中小企业|小微企业)合同金额(?:为)?([0-9][0-9,]*(?:\.[0-9]+)?)万元(?:[，,]?占([^0-9，,。；%％]*?)(?:的比例为|的比重为|比例为|的)?([0-9]+(?:\.[0-9]+)?)[%％])?"
);

pub(super) const D044: DocRule = DocRule {
    meta: Meta {
        code: "D-044",
        name: "政府采购分项或占比与金额不符",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "政府采购情况说明中：（1）“政府采购支出总额（政府采购金额、政府采购预算）T万元，其中：货物\
a万元、工程b万元、服务c万元”，a + b + c 应等于 T；（2）授予中小企业合同金额不能超过政府\
采购支出总额，其中授予小微企业合同金额不能超过授予中小企业合同金额；（3）两者的占比都以\
政府采购支出总额为分母（“占政府采购支出总额的P%”），按写出的小数位判断舍入，用错分母\
（如小微企业按中小企业合同金额计算）时指出正确的数。各数按写出的小数位代表一个区间，\
区间对不上才报。“占政府采购支出总额的P%”这一写法的占比由 D-031 核对，本规则不重复报告。",
            why: "政府采购的结构和支持中小企业的比例是公开检查的必查项；分项加不成总额或比例算错，\
读者无法判断采购政策落实的真实情况。",
            bad: "“政府采购支出总额251.25万元，其中：货物采购金额4.79万元、工程采购金额0万元、服务采购金额\
264.47万元”（合计269.26）；“授予小微企业合同金额2525.8636万元，占比67.93%”——这是按授予\
中小企业合同金额3718.1012万元算的，按总额应为26.09%。",
            good: "“……服务采购金额246.47万元”；“授予小微企业合同金额2525.8636万元，占政府采购支出总额的\
26.09%”。",
            basis: "财政部中央部门决算“政府采购支出情况”说明“授予中小企业合同金额X万元，占政府采购支出\
总额的X%，其中：授予小微企业合同金额X万元，占政府采购支出总额的X%”；上海市2024年度\
部门决算公开样张第三部分十一（二）“政府采购金额（以合同签订为准）为XXX万元，其中：\
货物采购金额XX万元、工程采购金额XX万元、服务采购金额XX万元”；《地方预决算公开操作\
规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: procurement,
    fixtures: &[DocFixture {
        fires: "北京市西城区测试局2024年度部门决算\n2024年度政府采购支出总额200万元，其中：政府采购货物支出50万元，政府采购工程支出0万元，政府采购服务支出160万元。授予中小企业合同金额100万元，占政府采购支出总额的比例为50%，其中：授予小微企业合同金额40万元，占政府采购支出总额的比例为40%。\n",
        silent: "北京市西城区测试局2024年度部门决算\n2024年度政府采购支出总额200万元，其中：政府采购货物支出50万元，政府采购工程支出0万元，政府采购服务支出150万元。授予中小企业合同金额100万元，占政府采购支出总额的比例为50%，其中：授予小微企业合同金额40万元，占政府采购支出总额的比例为20%。\n",
    }],
};

/// A stated amount and where.
struct Figure {
    para: usize,
    range: std::ops::Range<usize>,
    value: Decimal,
    decimals: u32,
}

fn procurement(cx: &DocCtx, sink: &mut Sink) {
    let mut total: Option<Figure> = None;
    for s in &cx.paras {
        if !s.text.contains("政府采购") && !s.text.contains("授予") {
            continue;
        }
        if let Some(t) = kinds(cx, s, sink) {
            total = Some(t);
        }
        awarded(cx, s, total.as_ref(), sink);
    }
}

/// The 政府采购 figures the explanation states (`政府采购支出总额T万元，其中：货物a万元…`, the
/// sentences D-044 reads): total, goods, works and services by their `Procurement` keys,
/// each only when every statement gives the same figure.
pub(crate) fn stated(cx: &DocCtx) -> Vec<(&'static str, Decimal)> {
    let mut found: Vec<(&'static str, Decimal)> = Vec::new();
    let mut clash: Vec<&'static str> = Vec::new();
    let mut put = |key: &'static str, v: Decimal| match found.iter().find(|(k, _)| *k == key) {
        Some((_, old)) if *old != v => clash.push(key),
        Some(_) => {}
        None => found.push((key, v)),
    };
    for s in &cx.paras {
        if !s.text.contains("政府采购") {
            continue;
        }
        let Some(c) = TOTAL.captures(s.text) else {
            continue;
        };
        let (Some(t), Some(list)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let Some((tv, _)) = figure(t.as_str()) else {
            continue;
        };
        put("total", tv);
        for k in KIND.captures_iter(list.as_str()) {
            let (Some(name), Some(v)) = (k.get(1), k.get(2)) else {
                continue;
            };
            let Some((v, _)) = figure(v.as_str()) else {
                continue;
            };
            let key = match name.as_str() {
                "货物" => "goods",
                "工程" => "works",
                _ => "services",
            };
            put(key, v);
        }
    }
    found.retain(|(k, _)| !clash.contains(k));
    found
}

/// `政府采购支出总额T万元，其中：货物a万元、工程b万元、服务c万元`: a + b + c = T. Returns the total.
fn kinds(cx: &DocCtx, s: &Sentence, sink: &mut Sink) -> Option<Figure> {
    let c = TOTAL.captures(s.text)?;
    let m = c.get(0)?;
    let tm = c.get(1)?;
    let (tv, td) = figure(tm.as_str())?;
    let total = Figure {
        para: s.para,
        range: m.start()..tm.end(),
        value: tv,
        decimals: td,
    };
    let list = c.get(2)?;
    let mut parts: Vec<(&str, Decimal, u32)> = Vec::new();
    for k in KIND.captures_iter(list.as_str()) {
        let (Some(name), Some(v)) = (k.get(1), k.get(2)) else {
            continue;
        };
        let Some((v, d)) = figure(v.as_str()) else {
            continue;
        };
        if parts.iter().any(|p| p.0 == name.as_str()) {
            // A kind named twice is a sentence this rule does not understand.
            return Some(total);
        }
        parts.push((name.as_str(), v, d));
    }
    if parts.len() != 3 {
        return Some(total);
    }
    let dp = parts.iter().map(|p| p.2).max().unwrap_or(0).max(td).max(2);
    let terms: Vec<Term> = parts.iter().map(|p| Term::with_decimals(p.1, dp)).collect();
    let sum = Term::sum(&terms);
    if let Some(mm) = check_equal(Term::with_decimals(tv, dp), sum) {
        let listed: Vec<String> = parts.iter().map(|p| format!("{} {}", p.0, p.1)).collect();
        let f = sink
            .finding(
                cx.at(s, m.start()..list.end(), 0).quote(m.as_str()),
                format!(
                    "政府采购写 {tv} 万元，货物、工程、服务之和为 {} 万元（{}）",
                    sum.value,
                    listed.join(" + ")
                ),
            )
            .number("政府采购合计", tv, Unit::Wanyuan)
            .sum(
                "货物 + 工程 + 服务",
                parts
                    .iter()
                    .map(|p| Part {
                        label: p.0.to_string(),
                        value: p.1,
                    })
                    .collect(),
                Unit::Wanyuan,
            )
            .arithmetic(mm.arithmetic(Some(dp), Unit::Wanyuan));
        sink.push(f);
    }
    Some(total)
}

/// 授予中小企业 / 小微企业合同金额 and their shares of the total.
fn awarded(cx: &DocCtx, s: &Sentence, total: Option<&Figure>, sink: &mut Sink) {
    if !s.text.contains("授予") {
        return;
    }
    // The total must be stated in this paragraph or the two before.
    let total = total.filter(|t| t.para + 2 >= s.para);
    let mut sme: Option<Figure> = None;
    for c in AWARDED.captures_iter(s.text) {
        let (Some(m), Some(who), Some(am)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let Some((a, ad)) = figure(am.as_str()) else {
            continue;
        };
        let small = who.as_str() == "小微企业";
        let here = Figure {
            para: s.para,
            range: m.start()..am.end() + "万元".len(),
            value: a,
            decimals: ad,
        };
        // The part cannot exceed what it is part of.
        let (limit, limit_label) = if small {
            (sme.as_ref(), "授予中小企业合同金额")
        } else {
            (total, "政府采购支出总额")
        };
        if let Some(l) = limit
            && let Some(mm) = check_at_most(
                Term::with_decimals(a, ad.max(2)),
                Term::with_decimals(l.value, l.decimals.max(2)),
            )
        {
            let f = sink
                .finding(
                    cx.at(s, here.range.clone(), 0),
                    format!(
                        "授予{}合同金额 {a} 万元超过{limit_label} {} 万元",
                        who.as_str(),
                        l.value
                    ),
                )
                .number(format!("授予{}合同金额", who.as_str()), a, Unit::Wanyuan)
                .number(limit_label, l.value, Unit::Wanyuan)
                .arithmetic(mm.arithmetic(Some(ad.max(2)), Unit::Wanyuan));
            sink.push(f);
        }
        if let (Some(pm), Some(t)) = (c.get(4), total) {
            share(cx, s, &c, pm, &here, t, sme.as_ref(), who.as_str(), sink);
        }
        if !small {
            sme = Some(here);
        }
    }
}

/// A share of the total: right when some reading of the amounts gives it; when it is wrong
/// and matches the amount against the 中小企业 amount, say so.
#[allow(clippy::too_many_arguments)]
fn share(
    cx: &DocCtx,
    s: &Sentence,
    c: &regex::Captures,
    pm: regex::Match,
    part: &Figure,
    total: &Figure,
    sme: Option<&Figure>,
    who: &str,
    sink: &mut Sink,
) {
    let base_label = c.get(3).map_or("", |l| l.as_str());
    // A share of another whole (`占授予中小企业合同金额的`) is not the template's.
    if !(base_label.is_empty() || base_label.contains("政府采购") || base_label == "比") {
        return;
    }
    // `占政府采购支出总额的P%` is checked by D-031 already.
    if cx
        .statements()
        .shares
        .iter()
        .any(|sh| sh.para == s.para && sh.range.start < pm.end() && sh.range.end > part.range.start)
    {
        return;
    }
    let Some((p, pd)) = figure(pm.as_str()) else {
        return;
    };
    let dp = part.decimals.max(total.decimals).max(2);
    let Some(mm) = check_percent(
        Term::with_decimals(p, pd),
        Term::with_decimals(part.value, dp),
        Term::with_decimals(total.value, dp),
    ) else {
        return;
    };
    let right = juesuan_model::round_half_up(part.value / total.value * Decimal::ONE_HUNDRED, pd);
    let wrong_base = sme
        .filter(|m| who == "小微企业" && Term::with_decimals(m.value, dp).lo() > Decimal::ZERO)
        .filter(|m| {
            check_percent(
                Term::with_decimals(p, pd),
                Term::with_decimals(part.value, dp),
                Term::with_decimals(m.value, dp),
            )
            .is_none()
        })
        .is_some();
    let msg = if wrong_base {
        format!(
            "授予小微企业合同金额的占比写 {p}%，这是按授予中小企业合同金额算的；占政府采购支出总额 {} 万元应为 {right}%",
            total.value
        )
    } else {
        format!(
            "授予{who}合同金额 {} 万元占政府采购支出总额 {} 万元应为 {right}%，文中写 {p}%",
            part.value, total.value
        )
    };
    let f = sink
        .finding(cx.at(s, part.range.start..pm.end() + 1, 0), msg)
        .arithmetic(mm.arithmetic(Some(pd), Unit::Percent));
    sink.push(f);
}
