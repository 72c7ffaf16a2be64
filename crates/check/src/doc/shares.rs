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
            what: "“A万元，占……的P%”中，P 应等于 A ÷ 合计 × 100%。合计取“占……的”所指的数（“占支出合计的”\
取本段或前三段中“本年支出合计”后的金额），没写时取“其中”“主要用于”之前的总数。\
金额至少按两位小数读，P 按写出的小数位判断舍入（13.45% 即 13.445%～13.455%），超出才报。\
一组占比为凑足100%把尾差调到一项上（各项合计正好100%，这一项只差末位1个单位）不报。",
            why: "占比反映收支结构，读者常直接引用；抄错一位或用错合计（如拿支出合计去除收入项），\
结构就失真。",
            bad: "“本年支出合计14864.9万元，其中：基本支出1999.73万元，占支出合计的13.54%”——1999.73 ÷ \
14864.90 = 13.45%。",
            good: "“……基本支出1999.73万元，占支出合计的13.45%；项目支出12865.17万元，占支出合计的86.55%”。",
            basis: "上海市2024年度部门决算公开样张第三部分二、三“XXX 万元，占 XX%”及五（一）\
“占本年支出合计的 XX%”；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（内容准确）。",
        },
    },
    check: |cx, sink| {
        let shares = &cx.statements().shares;
        for sh in shares {
            let ((a, ad), (w, wd), (pv, pd)) = (sh.part, sh.whole, sh.percent);
            let dp = ad.max(wd).max(2);
            if let Some(mm) = check_percent(
                Term::with_decimals(pv, pd),
                Term::with_decimals(a, dp),
                Term::with_decimals(w, dp),
            ) {
                let exact = (a / w * Decimal::from(100)).round_dp(pd + 2);
                if tail_adjusted(shares, sh, exact) {
                    continue;
                }
                // Said as the document writes percentages: to the stated decimals.
                let right = juesuan_model::round_half_up(a / w * Decimal::from(100), pd);
                let f = sink
                    .finding(
                        cx.at(&cx.paras[sh.para], sh.range.clone(), 12),
                        format!("{a} 万元占 {w} 万元应为 {right}%，文中写 {pv}%"),
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
            what: "同一段中对同一个合计列出的一组占比（“其中”之后另起一组），加起来超过100%，\
或各项金额正好加成合计而占比加起来不足100%，且差额超出各占比舍入误差之和（两位小数时每\
项 ±0.005%）时提示。单项占比对不对由 D-031 判断；四舍五入后合计差 0.01% 属正常。",
            why: "各项占比之和超过100%在逻辑上不可能，读者会据此怀疑各项金额；多半是有一项取整取错或抄错。",
            bad: "“本年支出合计300万元，其中：基本支出100万元，占33.34%；项目支出100万元，占33.34%；\
经营支出100万元，占33.34%。”——合计100.02%，超出三项的舍入范围 ±0.015%。",
            good: "按 100 ÷ 300 = 33.333…% 四舍五入写 33.33%（三项合计 99.99%，属舍入）；要凑足100%的，\
只把尾差调到一项上：33.33%、33.33%、33.34%。",
            basis: "上海市2024年度部门决算公开样张第三部分二、三、五（二）逐项“占 XX%”；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: share_sums,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n支出300万元，主要用于以下方面：教育支出（类）100万元，占33.5%；科学技术支出（类）200万元，占66.7%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n支出300万元，主要用于以下方面：教育支出（类）100万元，占33.33%；科学技术支出（类）200万元，占66.67%。\n",
    }],
};

/// Whether a share is its group's rounding remainder: the group's shares add up to exactly
/// 100%, and this one is one unit of its last decimal from its exact value rounded
/// (16.84% written for 16.8327%, so that 41.43 + 21.95 + 9.02 + 10.76 + 16.84 = 100).
fn tail_adjusted(shares: &[super::facts::Share], sh: &super::facts::Share, exact: Decimal) -> bool {
    if sh.group == 0 {
        return false;
    }
    let group: Vec<_> = shares.iter().filter(|g| g.group == sh.group).collect();
    let sum: Decimal = group.iter().map(|g| g.percent.0).sum();
    let (pv, pd) = sh.percent;
    let unit = Decimal::new(1, pd);
    group.len() >= 2 && sum == Decimal::from(100) && (pv - exact.round_dp(pd)).abs() == unit
}

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
