//! What a line's money was for: D-048 a 科目 described with the purpose of another 科目
//! (`住房公积金（项）。主要用于：缴纳在职人员医疗保险`).

use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Severity, Sink};
use regex::Regex;

use super::{Doc, DocCtx, DocFixture, DocRule, Family};
use crate::numbers::re;

/// A 科目 (matched by its name's end), words that may describe it, and words that belong to
/// other 科目. A purpose is reported only when it has a word of the second list and none of
/// the first: clear contradictions only.
struct Purpose {
    item: &'static str,
    own: &'static [&'static str],
    foreign: &'static [&'static str],
}

const PURPOSES: &[Purpose] = &[
    Purpose {
        item: "住房公积金",
        own: &["公积金", "住房"],
        foreign: &[
            "医疗保险",
            "养老保险",
            "职业年金",
            "医疗费",
            "失业保险",
            "工伤保险",
        ],
    },
    Purpose {
        item: "购房补贴",
        own: &["购房", "住房"],
        foreign: &["医疗保险", "养老保险", "职业年金", "医疗费"],
    },
    Purpose {
        item: "提租补贴",
        own: &["租", "住房"],
        foreign: &["医疗保险", "养老保险", "职业年金", "医疗费"],
    },
    Purpose {
        item: "机关事业单位基本养老保险缴费支出",
        own: &["养老"],
        foreign: &["住房公积金", "购房补贴", "医疗保险", "职业年金"],
    },
    Purpose {
        item: "机关事业单位职业年金缴费支出",
        own: &["年金"],
        foreign: &["住房公积金", "购房补贴", "医疗保险", "基本养老保险"],
    },
    Purpose {
        item: "行政单位医疗",
        own: &["医疗", "医保"],
        foreign: &["住房公积金", "购房补贴", "养老保险", "职业年金"],
    },
    Purpose {
        item: "事业单位医疗",
        own: &["医疗", "医保"],
        foreign: &["住房公积金", "购房补贴", "养老保险", "职业年金"],
    },
    Purpose {
        item: "公务员医疗补助",
        own: &["医疗", "医保"],
        foreign: &["住房公积金", "购房补贴", "养老保险", "职业年金"],
    },
    Purpose {
        item: "行政单位离退休",
        own: &["离退休", "退休", "离休"],
        foreign: &["在职人员"],
    },
    Purpose {
        item: "行政运行",
        own: &["基本支出", "人员经费", "公用经费", "运行"],
        foreign: &["项目支出", "专项经费", "专项资金"],
    },
];

re!(
    ITEM_PURPOSE,
    r"([^（）()、。]{2,})（项）[。．.，,]? *主要用于[：:]?"
);

pub(super) const D048: DocRule = DocRule {
    meta: Meta {
        code: "D-048",
        name: "科目用途与科目不符",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "“××（项）。主要用于：……”写的用途，明显属于另一个科目：住房公积金、购房补贴写成\
医疗保险、养老保险；机关事业单位基本养老保险缴费支出写成住房公积金、医疗保险；行政单位医疗\
写成养老、住房；行政单位离退休写成在职人员；行政运行写成项目支出、专项经费。只在用途里有\
别的科目的词、又没有本科目自己的词时提示（小表，只收明确的矛盾）。",
            why: "用途照抄了上一条或模板的文字，读者会误解这笔钱花在哪里；科目与用途对不上，\
也可能是科目本身列错了。",
            bad: "“10、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：在职人员基本医疗\
保险缴费。”",
            good: "“……住房公积金（项）。主要用于：按规定为在职人员缴纳的住房公积金。”",
            basis: "《政府收支分类科目》支出功能分类科目说明（2210201 住房公积金、2080505 \
机关事业单位基本养老保险缴费支出、2101101 行政单位医疗、2010101 等行政运行）；\
上海市2024年度部门决算公开样张第三部分五（三）“××（项）。主要用于：XXXXXXXX”；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: purposes,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n10、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：在职人员基本医疗保险缴费。年初预算为187.75万元，支出决算为187.19万元。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n10、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：缴纳在职人员住房公积金。年初预算为187.75万元，支出决算为187.19万元。\n",
        },
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：信息化建设项目支出。年初预算为1560.05万元，支出决算为1511.89万元。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费及公用经费等的基本支出。年初预算为1560.05万元，支出决算为1511.89万元。\n",
        },
    ],
};

fn purposes(cx: &DocCtx, sink: &mut Sink) {
    for (i, s) in cx.paras.iter().enumerate() {
        if !s.text.contains("（项）") || !s.text.contains("主要用于") {
            continue;
        }
        for c in ITEM_PURPOSE.captures_iter(s.text) {
            let (Some(m), Some(item)) = (c.get(0), c.get(1)) else {
                continue;
            };
            // The item's name: after the last 科目 mark (`（款）`).
            let name = crate::numbers::last_chars(item.as_str(), 40)
                .rsplit("（款）")
                .next()
                .unwrap_or_default()
                .trim();
            let Some(p) = PURPOSES.iter().find(|p| name.ends_with(p.item)) else {
                continue;
            };
            // The purpose: up to the end of the sentence, or the next paragraph's first
            // sentence when the line breaks right after `主要用于：`.
            let rest = &s.text[m.end()..];
            let (para, start, text) = if rest.trim().is_empty() {
                match cx.paras.get(i + 1) {
                    Some(n) => (n, 0, n.text),
                    None => continue,
                }
            } else {
                (s, m.end(), rest)
            };
            let purpose = text.split('。').next().unwrap_or_default();
            if purpose.is_empty() || p.own.iter().any(|w| purpose.contains(w)) {
                continue;
            }
            let Some(word) = p.foreign.iter().find(|w| purpose.contains(*w)) else {
                continue;
            };
            let f = sink.finding(
                cx.at(para, start..start + purpose.len(), 0)
                    .quote(format!("{name}（项）。主要用于：{purpose}")),
                format!("“{name}”的用途写成了“{purpose}”，“{word}”属于别的科目，应写本科目的用途"),
            );
            sink.push(f);
        }
    }
}
