//! Narrative lists that must add up: D-037 the amounts a sentence lists against the total it
//! explains (`基本支出A万元。其中：人员经费B万元……；公用经费C万元`), and the item-by-item
//! explanation of the general budget against its total.

use std::ops::Range;
use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Part, Severity, Sink, Unit};
use juesuan_model::tables::Coverage;
use juesuan_model::text::compact;
use juesuan_rules::interval::{Term, check_at_most, check_equal};
use regex::Regex;
use rust_decimal::Decimal;

use super::{Doc, DocCtx, DocFixture, DocRule, Family, Sentence};
use crate::numbers::{Num, amounts, re};

/// A split known to be whole: a total and every category it divides into. A list naming
/// every category must add up to the total; one naming some must not exceed it.
struct Split {
    wholes: &'static [&'static str],
    parts: &'static [(&'static str, &'static [&'static str])],
}

const SPLITS: &[Split] = &[
    Split {
        wholes: &["基本支出"],
        parts: &[("人员经费", &["人员经费"]), ("公用经费", &["公用经费"])],
    },
    Split {
        wholes: &["一般公共预算财政拨款支出"],
        parts: &[("基本支出", &["基本支出"]), ("项目支出", &["项目支出"])],
    },
    Split {
        wholes: &["本年支出合计", "支出合计"],
        parts: &[
            ("基本支出", &["基本支出"]),
            ("项目支出", &["项目支出"]),
            ("上缴上级支出", &["上缴上级支出"]),
            ("经营支出", &["经营支出"]),
            ("对附属单位补助支出", &["对附属单位补助支出"]),
        ],
    },
    Split {
        wholes: &["本年收入合计", "收入合计"],
        parts: &[
            ("财政拨款收入", &["财政拨款收入"]),
            ("上级补助收入", &["上级补助收入"]),
            ("事业收入", &["事业收入"]),
            ("经营收入", &["经营收入"]),
            ("附属单位上缴收入", &["附属单位上缴收入"]),
            ("其他收入", &["其他收入"]),
        ],
    },
    Split {
        wholes: &["财政拨款收入"],
        parts: &[
            ("一般公共预算财政拨款收入", &["一般公共预算财政拨款收入"]),
            (
                "政府性基金预算财政拨款收入",
                &["政府性基金预算财政拨款收入"],
            ),
            (
                "国有资本经营预算财政拨款收入",
                &["国有资本经营预算财政拨款收入"],
            ),
        ],
    },
    Split {
        wholes: &["“三公”经费财政拨款支出决算", "“三公”经费支出决算"],
        parts: &[
            (
                "因公出国（境）费",
                &["因公出国（境）费决算", "因公出国（境）费支出决算"],
            ),
            (
                "公务用车购置及运行维护费",
                &[
                    "公务用车购置及运行维护费决算",
                    "公务用车购置及运行维护费支出决算",
                ],
            ),
            ("公务接待费", &["公务接待费决算", "公务接待费支出决算"]),
        ],
    },
];

re!(TRAILING_NOTE, r"（[^（）类款项]*）$");

// Small prefix matchers where a pattern would cost more to build than to run: a one-shot
// `check` builds every pattern it uses once.

/// The end of a leading `2024年` or `2024年度`.
fn leading_year(l: &str) -> Option<usize> {
    let digits = l.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return None;
    }
    let rest = l.get(4..)?.strip_prefix('年')?;
    Some(l.len() - rest.strip_prefix('度').unwrap_or(rest).len())
}

/// The end of a leading `1、` `1.` `1．` or `（1）` `（一）`.
fn leading_number(l: &str) -> Option<usize> {
    let digits = l.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let rest = l.get(digits..)?;
        let rest = rest
            .strip_prefix('、')
            .or_else(|| rest.strip_prefix('.'))
            .or_else(|| rest.strip_prefix('．'))?;
        return Some(l.len() - rest.len());
    }
    bracketed(l, |c| c.is_ascii_digit() || CHINESE_DIGITS.contains(c))
}

const CHINESE_DIGITS: &str = "一二三四五六七八九十";

/// The end of a leading `（…）` whose inside is one or more `digit` characters.
fn bracketed(l: &str, digit: impl Fn(char) -> bool) -> Option<usize> {
    let rest = l.strip_prefix('（')?;
    let inner = rest
        .chars()
        .take_while(|c| digit(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    if inner == 0 {
        return None;
    }
    let rest = rest.get(inner..)?.strip_prefix('）')?;
    Some(l.len() - rest.len())
}

/// A chapter heading: `一、` or `（一）`.
fn is_section(l: &str) -> bool {
    let n = l
        .chars()
        .take_while(|c| CHINESE_DIGITS.contains(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    (n > 0 && l.get(n..).is_some_and(|r| r.starts_with('、')))
        || bracketed(l, |c| CHINESE_DIGITS.contains(c)).is_some()
}

/// The end of what opens a list: an optional `，` `,` `。` then `其中`(`：`) or `主要用于：`,
/// `包括：`, `主要包括：`.
fn list_start(text: &str) -> Option<usize> {
    let t = ['，', ',', '。']
        .iter()
        .find_map(|c| text.strip_prefix(*c))
        .unwrap_or(text);
    let rest = if let Some(r) = t.strip_prefix("其中") {
        ['：', ':', '，', ',']
            .iter()
            .find_map(|c| r.strip_prefix(*c))
            .unwrap_or(r)
    } else {
        ["主要用于", "包括", "主要包括"]
            .iter()
            .find_map(|w| t.strip_prefix(w))
            .and_then(|r| r.strip_prefix('：').or_else(|| r.strip_prefix(':')))?
    };
    Some(text.len() - rest.len())
}

/// A numbered item line of a class: `1、…（类）` before the first `。`.
fn is_item(l: &str) -> bool {
    let digits = l.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && l.get(digits..)
            .is_some_and(|r| r.starts_with(['、', '.', '．']))
        && l.split('。')
            .next()
            .is_some_and(|head| head.contains("（类）"))
}

/// The label of an amount: the words right before it, after the last delimiter, without
/// the year, numbering, `其中`, and a trailing `为`/`是`/`数`.
fn label_of(text: &str, start: usize) -> String {
    let before = &text[..start];
    let from = before
        .char_indices()
        .rev()
        .find(|(_, c)| "，；：、,;:。".contains(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let mut l = before[from..].trim();
    l = l.trim_start_matches("其中");
    if l.starts_with(|c: char| c.is_ascii_digit()) {
        if let Some(end) = leading_year(l) {
            l = &l[end..];
        }
        if let Some(end) = leading_number(l) {
            l = &l[end..];
        }
    } else if l.starts_with('（')
        && let Some(end) = leading_number(l)
    {
        l = &l[end..];
    }
    let mut l = l.trim_end_matches(['为', '是', '：', ' ']).to_string();
    if l.ends_with('）')
        && let Some(m) = TRAILING_NOTE.find(&l)
    {
        l.truncate(m.start());
        l = l.trim_end_matches(['为', '是', ' ']).to_string();
    }
    while l.ends_with('数') || l.ends_with('为') {
        l.pop();
    }
    l.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A sentence: a byte range of a paragraph; one starting with `其中` joins the one before.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, _) in text
        .match_indices('。')
        .chain(std::iter::once((text.len(), "")))
    {
        if i < start {
            continue;
        }
        let end = (i + '。'.len_utf8()).min(text.len());
        let piece = &text[start..i];
        if piece.trim().is_empty() {
            start = end;
            continue;
        }
        match out.last_mut() {
            Some(last) if piece.trim_start().starts_with("其中") => last.end = end,
            _ => out.push(start..end),
        }
        start = end;
    }
    out
}

/// One list found: the total, its parts, and whether the parts are known to be all of it.
struct List {
    label: String,
    total: Num,
    parts: Vec<(String, Num)>,
    whole: bool,
    range: Range<usize>,
}

fn split_list(text: &str, amts: &[(String, Num)]) -> Vec<List> {
    let mut out = Vec::new();
    for sp in SPLITS {
        let Some(w) = amts.iter().position(|(l, _)| {
            sp.wholes.iter().any(|w| l.ends_with(w))
                // `财政拨款收入` and `支出合计` end longer labels that are parts of others.
                && !(sp.wholes[0] == "财政拨款收入" && l.contains("预算"))
        }) else {
            continue;
        };
        let (wl, total) = (&amts[w].0, amts[w].1);
        let name = sp
            .wholes
            .iter()
            .find(|x| wl.ends_with(*x))
            .map_or(wl.as_str(), |x| x);
        // `一般公共预算财政拨款基本支出`: keep the qualifier when it is short.
        let shown = if wl.chars().count() <= 16 {
            wl.as_str()
        } else {
            name
        };
        let mut parts: Vec<(String, Num)> = Vec::new();
        let mut seen = vec![false; sp.parts.len()];
        for (l, a) in &amts[w + 1..] {
            // A later total of the same split starts another statement.
            if sp.wholes.iter().any(|x| l.ends_with(x)) && l != wl {
                break;
            }
            let Some(k) = sp
                .parts
                .iter()
                .position(|(_, names)| names.iter().any(|n| l.ends_with(n)))
            else {
                continue;
            };
            if seen.get(k).copied().unwrap_or(true) {
                continue;
            }
            if let Some(s) = seen.get_mut(k) {
                *s = true;
            }
            parts.push((sp.parts[k].0.to_string(), *a));
        }
        if parts.len() < 2 {
            continue;
        }
        let end = parts.last().map_or(total.end, |p| p.1.end);
        out.push(List {
            label: shown.to_string(),
            total,
            parts,
            whole: seen.iter().all(|s| *s),
            range: total.start..end.min(text.len()),
        });
    }
    out
}

/// `一般公共预算财政拨款支出X万元，主要用于以下方面：一般公共服务支出（类）A万元……`: whole
/// when every class with an amount in the general-budget table is listed.
fn class_list(cx: &DocCtx, text: &str, amts: &[(String, Num)]) -> Option<List> {
    let w = amts
        .iter()
        .position(|(l, _)| l.ends_with("一般公共预算财政拨款支出"))?;
    let parts: Vec<(String, Num)> = amts[w + 1..]
        .iter()
        .filter(|(l, _)| l.ends_with("（类）"))
        .cloned()
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let whole = cx.package.tables.general_budget.as_ref().is_some_and(|gb| {
        gb.coverage == Coverage::Complete
            && gb
                .rows
                .iter()
                .filter(|r| r.code.parent().is_none() && r.total.is_some_and(|t| !t.is_zero()))
                .all(|r| {
                    let name = compact(&r.name);
                    parts.iter().any(|(l, _)| compact(l).starts_with(&name))
                })
    });
    let total = amts[w].1;
    let end = parts.last().map_or(total.end, |p| p.1.end);
    Some(List {
        label: amts[w].0.clone(),
        total,
        parts,
        whole,
        range: total.start..end.min(text.len()),
    })
}

/// `X万元，其中：A万元、B万元`: a list that may be partial, reported only when its parts
/// exceed the total.
fn open_list(text: &str, amts: &[(String, Num)]) -> Vec<List> {
    let mut out = Vec::new();
    for (w, (label, total)) in amts.iter().enumerate() {
        // A 收支总计 is both sides at once; what follows may list either. 政府采购 and the
        // 公务用车 split are D-044's and D-043's.
        if ["收支", "收入支出", "收、支", "采购", "公务用车"]
            .iter()
            .any(|x| label.contains(x))
        {
            continue;
        }
        let Some(end) = list_start(&text[total.end..]) else {
            continue;
        };
        let from = total.end + end;
        // The list ends where another list starts (a nested `其中`, another total's
        // `主要用于`) or at a `；`, which separates the items of an outer list.
        let stop = ["其中", "主要用于", "包括", "；", ";"]
            .iter()
            .filter_map(|w| text[from..].find(w))
            .min()
            .map_or(text.len(), |k| from + k);
        // Amounts in brackets are details of an item (`（含设备购置20万元）`).
        let bracketed = |a: &Num| {
            let before = &text[from..a.start];
            before.matches(['（', '(']).count() > before.matches(['）', ')']).count()
        };
        let body = &text[from..stop];
        // Amounts of another kind in the list (changes, budgets, contracts, totals to date)
        // are not parts of the total.
        if [
            "比", "增加", "减少", "增长", "下降", "预算", "决算", "上年", "累计", "合同", "执行",
            "支付", "结转", "结余", "追加", "调整", "调减", "调增", "年初",
        ]
        .iter()
        .any(|w| body.contains(w))
        {
            continue;
        }
        let parts: Vec<(String, Num)> = amts[w + 1..]
            .iter()
            .filter(|(_, a)| a.start >= from && a.end <= stop && !bracketed(a))
            .cloned()
            .collect();
        if parts.len() < 2 {
            continue;
        }
        let end = parts.last().map_or(total.end, |p| p.1.end);
        out.push(List {
            label: label.clone(),
            total: *total,
            parts,
            whole: false,
            range: total.start..end,
        });
    }
    out
}

pub(super) const D037: DocRule = DocRule {
    meta: Meta {
        code: "D-037",
        name: "列举分项之和与合计不符",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "说明先写合计、再逐项列出金额时，各项之和应等于合计：基本支出 = 人员经费 + 公用经费；\
一般公共预算财政拨款支出 = 基本支出 + 项目支出；本年支出合计、本年收入合计、财政拨款收入、\
“三公”经费决算按其全部组成列出时（政府采购由 D-044 核对）；“主要用于以下方面：……（类）”列出了报表中\
有数的全部类时；“其中：1、……（项）……支出决算为X万元”逐项说明到报表中有数的全部项级科目时\
（年初预算之和也核对）。只列出部分组成的（“其中”“主要用于”“包括”常只举主要几项），只在\
各项之和超过合计时报。每个数按写出的小数位、至少两位读（±半个末位），区间不相交才报。",
            why: "分项加不到合计，说明至少一个数抄错或漏列了一项，读者无法判断哪个数可信；\
各项之和超过合计则无论是否列全都不可能成立。",
            bad: "“一般公共预算财政拨款基本支出2336.91万元。其中：人员经费2152.26万元……；公用经费\
194.65万元……”——2152.26 + 194.65 = 2346.91，比基本支出多10.00万元。",
            good: "与基本支出决算表核对后改正抄错的一项：“……公用经费184.65万元……”，\
2152.26 + 184.65 = 2336.91。",
            basis: "上海市2024年度部门决算公开样张第三部分二“本年收入合计XXX万元，其中：……（不涉及的\
不列）”、五（二）“主要用于以下方面：……（不涉及的不列）”、五（三）“按上述格式依次说明到\
各项级科目”、六“其中：人员经费XXX万元……；公用经费XXX万元”、七“三公”经费“其中：因公出国（境）费\
……公务用车购置及运行维护费……公务接待费……”；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（内容准确）。",
        },
    },
    check: lists,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出2336.91万元。其中：人员经费2152.26万元，主要包括：基本工资、津贴补贴；公用经费194.65万元，主要包括：办公费。\n项目支出100万元，主要用于：信息化项目60万元、审计项目50万元。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出2336.91万元。其中：人员经费2152.26万元，主要包括：基本工资、津贴补贴；公用经费184.65万元，主要包括：办公费。\n项目支出100万元，主要用于：信息化项目60万元、审计项目30万元。\n",
        },
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n“三公”经费财政拨款支出年初预算为5万元，支出决算为6万元，完成预算的120%，其中：因公出国（境）费决算为1.00万元，完成预算的50%；公务用车购置及运行维护费支出决算为2.00万元，完成预算的100%；公务接待费支出决算为2.00万元，完成预算的100%。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n“三公”经费财政拨款支出年初预算为5万元，支出决算为6万元，完成预算的120%，其中：因公出国（境）费决算为1.00万元，完成预算的50%；公务用车购置及运行维护费支出决算为2.00万元，完成预算的100%；公务接待费支出决算为3.00万元，完成预算的150%。\n本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入3.2万元，占0.11%。\n基本支出80万元，其中：人员经费50万元，其中：基本工资40万元；公用经费30万元。\n收入支出总计100万元，其中：收入总计100万元，支出总计100万元。\n",
        },
    ],
};

fn lists(cx: &DocCtx, sink: &mut Sink) {
    for s in &cx.paras {
        // A list is introduced (`其中`, `主要用于`, `包括`) or lists the classes `（类）`.
        if !s.text.contains("万元")
            || !["其中", "主要用于", "包括", "（类）"]
                .iter()
                .any(|w| s.text.contains(w))
        {
            continue;
        }
        let all = amounts(s.text);
        if all.len() < 3 {
            continue;
        }
        for r in sentences(s.text) {
            let text = &s.text[..r.end];
            let amts: Vec<(String, Num)> = all
                .iter()
                .copied()
                .filter(|a| a.start >= r.start && a.end <= r.end)
                .map(|a| {
                    let mut l = label_of(text, a.start);
                    // `“三公”经费财政拨款支出年初预算为A万元，支出决算为X万元`.
                    if l == "支出决算" && text[r.start..a.start].contains("“三公”经费")
                    {
                        l = "“三公”经费财政拨款支出决算".to_string();
                    }
                    (l, a)
                })
                .collect();
            if amts.len() < 3 {
                continue;
            }
            let mut found = split_list(text, &amts);
            found.extend(class_list(cx, text, &amts));
            let known: Vec<usize> = found.iter().map(|l| l.total.start).collect();
            found.extend(
                open_list(text, &amts)
                    .into_iter()
                    .filter(|l| !known.contains(&l.total.start)),
            );
            for l in found {
                report(cx, s, &l, sink);
            }
        }
    }
    items(cx, sink);
}

fn report(cx: &DocCtx, s: &Sentence, l: &List, sink: &mut Sink) {
    let dp = l
        .parts
        .iter()
        .map(|p| p.1.decimals)
        .max()
        .unwrap_or(2)
        .max(l.total.decimals)
        .max(2);
    let terms: Vec<Term> = l
        .parts
        .iter()
        .map(|p| Term::with_decimals(p.1.value, dp))
        .collect();
    let sum = Term::sum(&terms);
    let total = Term::with_decimals(l.total.value, dp);
    let mm = if l.whole {
        check_equal(total, sum)
    } else {
        check_at_most(sum, total).map(|m| juesuan_rules::interval::Mismatch {
            stated: total.value,
            computed: sum.value,
            difference: total.value - sum.value,
            bound: m.bound,
        })
    };
    let Some(mm) = mm else { return };
    let listed: Vec<String> = l
        .parts
        .iter()
        .map(|p| format!("{} {}", p.0, p.1.value))
        .collect();
    let diff = sum.value - total.value;
    let how = if diff > Decimal::ZERO {
        format!("多 {diff} 万元")
    } else {
        format!("少 {} 万元", -diff)
    };
    let n = l.label.chars().count();
    let label = if n == 0 {
        "合计".to_string()
    } else if n > 16 {
        format!("…{}", l.label.chars().skip(n - 12).collect::<String>())
    } else {
        l.label.clone()
    };
    let parts = l
        .parts
        .iter()
        .map(|p| Part {
            label: p.0.clone(),
            value: p.1.value,
        })
        .collect();
    let f = sink
        .finding(
            cx.at(s, l.range.clone(), 0),
            format!(
                "{label}写 {} 万元，所列各项之和为 {}（{}），{how}",
                l.total.value,
                sum.value,
                listed.join(" + ")
            ),
        )
        .number(label, l.total.value, Unit::Wanyuan)
        .sum("所列各项之和", parts, Unit::Wanyuan)
        .arithmetic(mm.arithmetic(Some(dp), Unit::Wanyuan));
    sink.push(f);
}

re!(ITEM_NAME, r"（款）([^（）()。]+)（项）");

/// `一般公共预算财政拨款支出年初预算为A万元，支出决算为X万元……其中：` and the item-by-item
/// paragraphs after it: their 决算 (and 年初预算) add up to X (and A) when every item with an
/// amount in the general-budget table is explained.
fn items(cx: &DocCtx, sink: &mut Sink) {
    let st = cx.statements();
    let Some(head) = st
        .budget_final
        .iter()
        .find(|b| cx.paras[b.para].text[..b.range.start].ends_with("一般公共预算财政拨款支出"))
    else {
        return;
    };
    let mut explained = Vec::new();
    let mut item_paras = 0usize;
    for (i, s) in cx.paras.iter().enumerate().skip(head.para + 1) {
        if is_section(s.text.trim_start()) {
            break;
        }
        if is_item(s.text) {
            item_paras += 1;
            let next_is_item = cx.paras.get(i + 1).is_some_and(|n| is_item(n.text));
            if let Some(b) = st
                .budget_final
                .iter()
                .find(|b| b.para == i || (b.para == i + 1 && !next_is_item))
            {
                // The item's name, from a heading that may run into the next paragraph.
                let head_text = match cx.paras.get(i + 1) {
                    Some(n) if !s.text.contains("（项）") => format!("{}{}", s.text, n.text),
                    _ => s.text.to_string(),
                };
                let name = ITEM_NAME
                    .captures(&head_text)
                    .and_then(|c| c.get(1))
                    .filter(|m| m.as_str().chars().count() <= 40)
                    .map_or_else(
                        || format!("第{}项", explained.len() + 1),
                        |m| m.as_str().trim().to_string(),
                    );
                explained.push((name, b));
            }
        }
    }
    if explained.len() < 2 || explained.len() != item_paras {
        return;
    }
    let whole = cx.package.tables.general_budget.as_ref().is_some_and(|gb| {
        gb.coverage == Coverage::Complete
            && gb
                .rows
                .iter()
                .filter(|r| r.code.as_str().len() == 7 && r.total.is_some_and(|t| !t.is_zero()))
                .count()
                <= explained.len()
    });
    let s = &cx.paras[head.para];
    for (what, total, get) in [
        (
            "决算",
            head.actual,
            (|b| b.actual) as fn(&super::facts::BudgetFinal) -> (Decimal, u32),
        ),
        ("年初预算", head.budget, |b| b.budget),
    ] {
        let parts: Vec<(String, Num)> = explained
            .iter()
            .map(|(name, b)| {
                let (v, d) = get(b);
                (
                    name.clone(),
                    Num {
                        value: v,
                        decimals: d,
                        start: 0,
                        end: 0,
                    },
                )
            })
            .collect();
        let l = List {
            label: format!("一般公共预算财政拨款支出{what}"),
            total: Num {
                value: total.0,
                decimals: total.1,
                start: head.range.start,
                end: head.range.end,
            },
            parts,
            whole,
            range: head.range.clone(),
        };
        report(cx, s, &l, sink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(leading_year("2024年度支出"), Some("2024年度".len()));
        assert_eq!(leading_year("2024年支出"), Some("2024年".len()));
        assert_eq!(leading_year("202年"), None);
        assert_eq!(leading_number("12、教育"), Some("12、".len()));
        assert_eq!(leading_number("1．教育"), Some("1．".len()));
        assert_eq!(leading_number("（十二）教育"), Some("（十二）".len()));
        assert_eq!(leading_number("（教育）"), None);
        assert!(is_section("三、其他"));
        assert!(is_section("（三）其他"));
        assert!(!is_section("3、其他"));
        assert_eq!(list_start("，其中：基本"), Some("，其中：".len()));
        assert_eq!(list_start("主要包括：a"), Some("主要包括：".len()));
        assert_eq!(list_start("主要用于a"), None);
        assert!(is_item("1、教育支出（类）"));
        assert!(!is_item("1、教育。支出（类）"));
        assert!(!is_item("教育支出（类）"));
    }
}
