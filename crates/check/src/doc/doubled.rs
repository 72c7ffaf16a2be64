//! D-020, D-021: a character, a phrase or a sentence written twice in a row.

use juesuan_diagnostics::{Meta, Severity, Sink};

use super::{Doc, DocCtx, DocFixture, DocRule, Family, Sentence};

/// Reduplications that are ordinary Chinese.
const NORMAL_DOUBLES: &[&str] = &[
    "常常", "往往", "仅仅", "渐渐", "刚刚", "稍稍", "纷纷", "人人", "个个", "天天", "年年", "处处",
    "事事", "时时", "层层", "步步", "条条", "项项", "件件", "家家", "户户", "样样", "一一", "谢谢",
    "默默", "匆匆", "久久", "频频", "屡屡", "多多", "好好", "大大", "点点", "滴滴", "方方", "面面",
    "切切", "实实", "在在", "平平", "稳稳", "扎扎", "踏踏", "明明", "白白", "清清", "楚楚", "星星",
];
/// Function words that never double.
const SLIPS: &[&str] = &[
    "的的",
    "是是",
    "和和",
    "及及",
    "与与",
    "并并",
    "将将",
    "于于",
    "对对",
    "把把",
    "被被",
    "了了的",
];
/// Characters that legitimately repeat before a title: 局局长, 处处长, 科科长.
const ORG_SUFFIX: &str = "局处科部室所院队站组厅委办司";

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

pub(super) const D020: DocRule = DocRule {
    meta: Meta {
        code: "D-020",
        name: "字词重复",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "同一个汉字连写两遍、又不是正常叠用时提示：后面紧跟数字或标点（“支出出1999.73万元”），\
或是不会叠用的虚词（“的的”“是是”“和和”）。“常常”“层层”“局局长”“处处长”等正常写法不报，\
“财政政策”这类跨词的重字也不报。",
            why: "重字多是修改时的笔误，不影响数字，但说明全文没有通读校对；读者会因此怀疑其他内容是否也未\
核对。",
            bad: "“2024年度使用一般公共预算财政拨款安排基本支出出1999.73万元”；“六是是紧密围绕国家关于数字\
经济发展……”。",
            good: "“……安排基本支出1999.73万元”；“六是紧密围绕……”。",
            basis: "《地方预决算公开操作规程》（财预〔2016〕143号）第四条（形式规范）。",
        },
    },
    check: |cx, sink| {
        for s in &cx.paras {
            doubled_char(cx, s, sink);
        }
    },
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n使用一般公共预算财政拨款安排基本支出出1999.73万元。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n财政局局长常常强调，基本支出1999.73万元。\n",
    }],
};

fn doubled_char(cx: &DocCtx, s: &Sentence, sink: &mut Sink) {
    let chars: Vec<(usize, char)> = s.text.char_indices().collect();
    for w in chars.windows(3) {
        let ((i, a), (_, b), (_, next)) = (w[0], w[1], w[2]);
        if a != b || !is_han(a) {
            continue;
        }
        let pair: String = [a, b].iter().collect();
        // Across a word boundary a character often repeats (财政政策, 专业业务); a doubled
        // character is a slip when nothing can follow it (支出出1999.73) or when it is a
        // function word that never doubles (六是是).
        if NORMAL_DOUBLES.contains(&pair.as_str())
            || (ORG_SUFFIX.contains(a) && matches!(next, '长' | '员'))
            || (is_han(next) && !SLIPS.contains(&pair.as_str()))
        {
            continue;
        }
        let f = sink.finding(
            cx.at(s, i..i + 2 * a.len_utf8(), 8),
            format!("“{pair}”重复了一个字"),
        );
        sink.push(f);
    }
}

pub(super) const D021: DocRule = DocRule {
    meta: Meta {
        code: "D-021",
        name: "句子或短语重复",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "同一段里，一句话（按句号、分号分句，至少四个字）紧接着原样再出现一次，\
或四至十二个字的短语连写两遍时提示，每段只报第一处。",
            why: "多是复制粘贴留下的重复，说明该段没有校对；职能、机构等从上年文件沿用的段落最容易出现。",
            bad: "“（十）负责本区科普工作。组织编制科普规划和年度计划，并组织实施。并组织实施。”",
            good: "“（十）负责本区科普工作。组织编制科普规划和年度计划，并组织实施。”",
            basis: "《地方预决算公开操作规程》（财预〔2016〕143号）第四条（形式规范）。",
        },
    },
    check: |cx, sink| {
        for s in &cx.paras {
            doubled_phrase(cx, s, sink);
        }
    },
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n负责本区科普工作，并组织实施。并组织实施。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n负责本区科普工作，并组织实施。\n",
    }],
};

/// The first sentence, or else the first phrase, said twice in a row in a paragraph.
fn doubled_phrase(cx: &DocCtx, s: &Sentence, sink: &mut Sink) {
    let mut pos = 0;
    let mut prev: Option<(usize, &str)> = None;
    for piece in s.text.split_inclusive(['。', '；']) {
        let start = pos;
        pos += piece.len();
        let trimmed = piece.trim();
        if let Some((p_start, p)) = prev
            && trimmed.chars().count() >= 4
            && p == trimmed
        {
            let f = sink.finding(
                cx.at(s, p_start..pos, 0).quote(format!("{p}{trimmed}")),
                format!("“{p}”连续出现了两次"),
            );
            sink.push(f);
            return;
        }
        prev = Some((start, trimmed));
    }
    // Phrases of 4–12 characters repeated back to back (`并组织实施。并组织实施。`).
    let chars: Vec<(usize, char)> = s.text.char_indices().collect();
    for n in (4..=12).rev() {
        for k in 0..chars.len().saturating_sub(2 * n - 1) {
            let a = &chars[k..k + n];
            let b = &chars[k + n..k + 2 * n];
            if a.iter().map(|x| x.1).eq(b.iter().map(|x| x.1))
                && a.iter().filter(|x| is_han(x.1)).count() >= 4
                && a.iter().all(|x| is_han(x.1) || "。，；".contains(x.1))
                && (a.iter().all(|x| is_han(x.1)) || "。；".contains(a[n - 1].1))
            {
                let phrase: String = a.iter().map(|x| x.1).collect();
                let end = b[n - 1].0 + b[n - 1].1.len_utf8();
                let f = sink.finding(
                    cx.at(s, a[0].0..end, 4),
                    format!("“{phrase}”连续出现了两次"),
                );
                sink.push(f);
                return;
            }
        }
    }
}
