//! Changes and comparisons stated in sentences: D-022 a change without its base, D-030 a
//! change or rate that does not follow from the amounts, D-033 “一致/持平” between different
//! amounts, D-034 增加/减少 against the amounts, D-035 the completion rate of a budget.

use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Severity, Sink, Unit};
use juesuan_rules::interval::{Term, check_equal, check_percent};
use regex::Regex;
use rust_decimal::Decimal;

use super::facts::Change;
use super::{Doc, DocCtx, DocFixture, DocRule, Family, dec};
use crate::numbers::re;

re!(
    LOST_BASE,
    r"([0-9][0-9,.]*万元)，([0-9][0-9,.]*万元)(增加|减少|增长|下降)"
);

pub(super) const D022: DocRule = DocRule {
    meta: Meta {
        code: "D-022",
        name: "比较缺少基期",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "查找“A万元，B万元增加（减少、增长、下降）……”句式：两个金额之间只有逗号，\
第二个金额前没有“比上年”“比年初预算”等比较对象，读者不知道 B 是什么数。",
            why: "比较句丢了“比上年”，变动额和变动率就失去了依据，读者可能把 B 当成本年的另一个数；\
多半是改句子时删多了字。",
            bad: "“2024年度本年支出合计14864.9万元，18787.37万元减少3922.47万元，下降20.88%”\
（“财政拨款收、支总计”一句同样缺“比上年”）。",
            good: "“2024年度本年支出合计14864.9万元，比上年18787.37万元减少3922.47万元，下降20.88%”。",
            basis: "上海市2024年度部门决算公开样张第三部分一、四“与2023年度相比，……增加（减少）XXX 万元，\
增长（下降）XX%”；《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: |cx, sink| {
        for s in &cx.paras {
            for c in LOST_BASE.captures_iter(s.text) {
                let (Some(m), Some(base)) = (c.get(0), c.get(2)) else {
                    continue;
                };
                let f = sink.finding(
                    cx.at(s, m.range(), 10),
                    format!(
                        "“{}”前缺少比较对象（应为“比上年{}…”之类）",
                        base.as_str(),
                        base.as_str()
                    ),
                );
                sink.push(f);
            }
        }
    },
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n本年支出合计14864.9万元，18787.37万元减少3922.47万元，下降20.88%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n本年支出合计14864.9万元，比上年18787.37万元减少3922.47万元，下降20.88%。\n",
    }],
};

pub(super) const D030: DocRule = DocRule {
    meta: Meta {
        code: "D-030",
        name: "变动金额或变动率与所列金额不符",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "“本年X万元，比上年（年初预算）A万元增加（减少）D万元，增长（下降）P%”中，\
D 应等于 X 与 A 之差，P 应等于 D ÷ A × 100%。金额按句中最多的小数位、\
至少两位读（说明省去末尾的0，14864.9 即 14864.90），P 按写出的小数位读，\
超出舍入范围才报。句中没写 A（“与2023年度相比，……增加D万元，增长P%”）时只核对 P。\
部门预算的“X万元，比2024年年初预算数A万元增加D万元，增长P%”同样核对；\
方向写反的由 D-034 报告。",
            why: "变动额和变动率是读者最常引用的数；常见错误是相减算错、数字颠倒，\
或变动率除以了本年数而不是比较数。",
            bad: "“收、支总计14864.9万元，比上年18787.37万元减少3922.47万元，下降26.39%”——26.39% 是 \
3922.47 ÷ 14864.9，除错了数。",
            good: "“……比上年18787.37万元减少3922.47万元，下降20.88%”：18787.37 − 14864.90 = 3922.47，\
3922.47 ÷ 18787.37 = 20.88%。",
            basis: "上海市2024年度部门决算公开样张第三部分“增加（减少）XXX 万元，增长（下降）XX%”；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: change_arithmetic,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区财政局2024年度部门决算\n收入合计150万元，比上年100万元增加40万元，增长40%。\n",
            silent: "上海市普陀区财政局2024年度部门决算\n收入合计150万元，比上年100万元增加50万元，增长50%。\n",
        },
        super::budget::D030_FIXTURE,
        super::budget::D030_TOTALS_FIXTURE,
    ],
};

fn change_arithmetic(cx: &DocCtx, sink: &mut Sink) {
    if cx.budget.is_some() {
        super::budget::comparisons(cx, "D-030", sink);
    }
    for c in &cx.statements().changes {
        // A change in the wrong direction is D-034's; its arithmetic is beside the point.
        if c.direction_wrong() {
            continue;
        }
        let s = &cx.paras[c.para];
        let dp = c.decimals();
        let (cur, b, (d, _)) = (c.current.0, c.base, c.diff);
        if c.base_stated {
            let actual = Term::with_decimals(cur, dp).minus(&Term::with_decimals(b, dp));
            let stated = Term::with_decimals(if c.up() { d } else { -d }, dp);
            if let Some(mm) = check_equal(stated, actual) {
                let f = sink
                    .finding(
                        cx.at(s, c.range.clone(), 2),
                        format!("{}{d} 万元与 {cur} − {b} = {} 不符", c.verb, cur - b),
                    )
                    .arithmetic(mm.arithmetic(Some(dp), Unit::Wanyuan));
                sink.push(f);
                continue;
            }
        }
        percent_of_change(cx, c, sink);
    }
}

/// The percentage of a change against `d ÷ base`.
fn percent_of_change(cx: &DocCtx, c: &Change, sink: &mut Sink) {
    let Some((verb, p, pd)) = &c.percent else {
        return;
    };
    let (d, base, dp) = (c.diff.0, c.base, c.decimals());
    if base.is_zero() {
        return;
    }
    if let Some(mm) = check_percent(
        Term::with_decimals(*p, *pd),
        Term::with_decimals(d, dp),
        Term::with_decimals(base, dp),
    ) {
        // said as the document writes percentages: to its decimals
        let right = juesuan_model::round_half_up(d / base * Decimal::from(100), *pd);
        let f = sink
            .finding(
                cx.at(&cx.paras[c.para], c.range.clone(), 2),
                format!("{verb}{p}% 与 {d} ÷ {base} = {right}% 不符"),
            )
            .arithmetic(mm.arithmetic(Some(*pd), Unit::Percent));
        sink.push(f);
    }
}

re!(
    SAME,
    r"([0-9][0-9,]*(?:\.[0-9]+)?)万元[^。；]{0,30}?([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]?(?:基本)?(一致|持平|相同|相等)"
);

pub(super) const D033: DocRule = DocRule {
    meta: Meta {
        code: "D-033",
        name: "“持平”“一致”与金额不符",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "两种写法：“A万元……B万元一致（持平、相同、相等）”而 A、B 不相等；“年初预算为A万元，\
支出决算为X万元”之后写“决算数等于预算数”“与预算数持平”而 A、X 不相等。\
两个数都是写出来的，不按舍入放宽；写“基本一致（持平）”的不报，但“与预算数基本持平”\
而相差超过预算数1%的仍报。",
            why: "把有差额写成“一致”“持平”，就省掉了应写的变动额、变动率和原因；\
样张只在数字相等时才作持平表述。",
            bad: "“4、卫生健康支出 2024年度决算146.04万元，比2024年年初预算146.07万元一致。”",
            good: "“2024年度决算146.04万元，比2024年年初预算146.07万元减少0.03万元，下降0.02%。主要原因：\
……”",
            basis: "上海市2024年度部门决算公开样张第三部分“（如持平作持平表述）”及五（三）\
“预决算持平的不用说明变动原因”；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（内容准确）。",
        },
    },
    check: |cx, sink| {
        if cx.budget.is_some() {
            super::budget::comparisons(cx, "D-033", sink);
        }
        for s in &cx.paras {
            for c in SAME.captures_iter(s.text) {
                let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
                    continue;
                };
                let (Some((x, _)), Some((y, _))) = (dec(a.as_str()), dec(b.as_str())) else {
                    continue;
                };
                if x != y && !m.as_str().contains("基本") {
                    let f = sink.finding(
                        cx.at(s, m.range(), 0).quote(m.as_str()),
                        format!(
                            "{x} 与 {y} 相差 {}，却写“{}”",
                            (x - y).abs(),
                            c.get(3).map_or("", |v| v.as_str())
                        ),
                    );
                    sink.push(f);
                }
            }
        }
        verdicts(cx, sink, true);
    },
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n卫生健康支出决算146.04万元，比年初预算146.07万元一致。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n卫生健康支出决算146.07万元，比年初预算146.07万元一致。\n",
    }],
};

/// The verdict after a budget-against-final statement (`决算数大于预算数…`) against its
/// amounts: the equal/flat ones (D-033) or the greater/smaller ones (D-034).
fn verdicts(cx: &DocCtx, sink: &mut Sink, equal: bool) {
    for bf in &cx.statements().budget_final {
        let Some(said) = bf.verdict_wrong() else {
            continue;
        };
        if (said.contains("持平") || said == "等于") != equal {
            continue;
        }
        let end = bf.verdict.as_ref().map_or(bf.range.end, |v| v.1);
        let f = sink.finding(
            cx.at(&cx.paras[bf.para], bf.range.start..end, 2),
            format!(
                "年初预算 {} 万元、决算 {} 万元，文中却说决算数{said}",
                bf.budget.0, bf.actual.0
            ),
        );
        sink.push(f);
    }
}

pub(super) const D034: DocRule = DocRule {
    meta: Meta {
        code: "D-034",
        name: "增减方向与金额不符",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "两种写法：“本年X万元，比A万元增加D万元”而 X 小于 A（或写“减少”而 X 大于 A）；\
“年初预算为A万元，支出决算为X万元”之后40字内写“决算数大于（小于）预算数”，\
而两数关系相反（写“大于”而 X 不大于 A 即报）。按写出的数直接比较。",
            why: "方向写反，整句连同后面的原因都与表格矛盾；多为沿用上年文字，或模板的“大于（小于）”\
删错了一边。",
            bad: "“年初预算为1560.05万元，支出决算为1511.89万元。决算数大于预算数的主要原因：……”\
——1511.89 小于 1560.05。",
            good: "“……决算数小于预算数的主要原因：……”，原因也改写为少支出的理由（如结余、项目延期）。",
            basis: "上海市2024年度部门决算公开样张第三部分五（三）“决算数大于（小于）预算数的主要原因”\
及“增加（减少）XXX 万元”；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（内容准确）。",
        },
    },
    check: |cx, sink| {
        if cx.budget.is_some() {
            super::budget::comparisons(cx, "D-034", sink);
        }
        for c in &cx.statements().changes {
            if !c.direction_wrong() {
                continue;
            }
            let (cur, b) = (c.current.0, c.base);
            let f = sink.finding(
                cx.at(&cx.paras[c.para], c.range.clone(), 2),
                format!(
                    "{cur} 比 {b} {}，文中却写“{}”",
                    if cur < b { "小" } else { "大" },
                    c.verb
                ),
            );
            sink.push(f);
        }
        verdicts(cx, sink, false);
    },
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区财政局2024年度部门决算\n年初预算为100万元，支出决算为90万元。决算数大于预算数的主要原因：追加。\n",
            silent: "上海市普陀区财政局2024年度部门决算\n年初预算为100万元，支出决算为90万元。决算数小于预算数的主要原因：结余。\n",
        },
        super::budget::D034_FIXTURE,
    ],
};

pub(super) const D035: DocRule = DocRule {
    meta: Meta {
        code: "D-035",
        name: "完成预算比例与金额不符",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "“年初预算为A万元，支出决算为X万元，完成年初预算（完成预算）的P%”中，P 应等于 X ÷ A × \
100%。金额至少按两位小数读，P 按写出的小数位判断舍入（98.20% 即 98.195%～98.205%），\
超出才报；年初预算为0时不检查。",
            why: "完成率是说明预算执行情况的核心数；常见错误是数字颠倒、倒过来用 A ÷ X，或用了调整后预算。",
            bad: "“一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，\
完成年初预算的98.02%。”——2940.05 ÷ 2993.92 = 98.20%。",
            good: "“……完成年初预算的98.20%。决算数小于预算数的主要原因：……”",
            basis: "上海市2024年度部门决算公开样张第三部分五（三）“完成年初预算的 XX%”、七（一）\
“完成预算的 XX%”；《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: |cx, sink| {
        for bf in &cx.statements().budget_final {
            let Some((pv, pd, end)) = bf.completion else {
                continue;
            };
            let (a, x, dp) = (bf.budget.0, bf.actual.0, bf.decimals());
            if a.is_zero() {
                continue;
            }
            if let Some(mm) = check_percent(
                Term::with_decimals(pv, pd),
                Term::with_decimals(x, dp),
                Term::with_decimals(a, dp),
            ) {
                // said as the document writes percentages: to its decimals
                let right = juesuan_model::round_half_up(x / a * Decimal::from(100), pd);
                let f = sink
                    .finding(
                        cx.at(&cx.paras[bf.para], bf.range.start..end, 2),
                        format!("完成预算的 {pv}% 与 {x} ÷ {a} = {right}% 不符"),
                    )
                    .arithmetic(mm.arithmetic(Some(pd), Unit::Percent));
                sink.push(f);
            }
        }
    },
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n年初预算为200万元，支出决算为150万元，完成年初预算的70%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n年初预算为200万元，支出决算为150万元，完成年初预算的75%。\n",
    }],
};
