//! D-072, D-073, D-074: punctuation — two marks in a row, brackets and quotes left open,
//! ASCII marks in Chinese text.

use juesuan_diagnostics::{Meta, Severity, Sink};

use super::{Doc, DocCtx, DocFixture, DocRule, Family, Sentence};

/// Marks that separate or end a clause; two of them in a row is a slip.
const SEPARATORS: &str = "，、；：。！？";

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Full-width Chinese punctuation.
fn is_cjk_mark(c: char) -> bool {
    "，、；：。！？“”‘’（）《》【】〔〕".contains(c)
}

pub(super) const D072: DocRule = DocRule {
    meta: Meta {
        code: "D-072",
        name: "标点符号重复或冲突",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "正文段落中两个点号（，、；：。！？）紧挨着出现时提示，如“，，”“。。”“，。”“；，”\
（中间只隔空格的也算）。“？！”和省略号“……”、破折号“——”不报。",
            why: "连用的点号多是改稿时删字留下的，说明这句话改过而没有通读；两个点号并列时读者不知道\
句子在哪里结束。",
            bad: "“本年收入合计2946.25万元，，其中：财政拨款收入2940.05万元”；\
“主要原因：人员调整。。”",
            good: "“本年收入合计2946.25万元，其中：财政拨款收入2940.05万元”；“主要原因：人员调整。”",
            basis: "《标点符号用法》（GB/T 15834—2011）第4章（句号、问号、叹号、逗号、顿号、分号、\
冒号等点号各自标示一处停顿或语气）；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（形式规范）。",
        },
    },
    check: |cx, sink| {
        for s in &cx.paras {
            doubled_marks(cx, s, sink);
        }
    },
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n本年收入合计2946.25万元，，其中：财政拨款收入2940.05万元。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n本年收入合计2946.25万元，其中：财政拨款收入2940.05万元……（不涉及的不列）。\n",
    }],
};

fn doubled_marks(cx: &DocCtx, s: &Sentence, sink: &mut Sink) {
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in s.text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        if SEPARATORS.contains(c) {
            if let Some((j, p)) = prev
                && !matches!((p, c), ('？', '！') | ('！', '？'))
            {
                let f = sink.finding(
                    cx.at(s, j..i + c.len_utf8(), 8),
                    format!("“{p}{c}”两个标点连用，应只保留一个"),
                );
                sink.push(f);
                // One finding per run of marks.
                prev = None;
                continue;
            }
            prev = Some((i, c));
        } else {
            prev = None;
        }
    }
}

pub(super) const D073: DocRule = DocRule {
    meta: Meta {
        code: "D-073",
        name: "括号或引号不配对",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "在每个段落内配对括号和引号：（）、()、“”、《》、【】、〔〕。有开无合、有合无开、\
或交错嵌套时提示。段落在换页或换行处被拆开时，上一段末尾未闭合的符号与下一段开头的闭合\
符号合并配对；段首的“1）”“a)”等编号不算。",
            why: "缺半边的括号或引号让读者分不清插入语或引文在哪里结束，常见于改稿时删去了一半；\
文件名称少了书名号的半边，也会让引用的文件名不完整。",
            bad: "“一般公共服务支出（类财政事务（款）行政运行（项）”；“按照“管行业必须管安全的要求”。",
            good: "“一般公共服务支出（类）财政事务（款）行政运行（项）”；\
“按照“管行业必须管安全”的要求”。",
            basis: "《标点符号用法》（GB/T 15834—2011）第4章（引号、括号、书名号的形式均为\
前后两半，成对使用）；《地方预决算公开操作规程》（财预〔2016〕143号）第四条（形式规范）。",
        },
    },
    check: unmatched,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n一般公共服务支出（类财政事务（款）行政运行（项）支出1511.89万元。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n1）财务管理\n5、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（\n项）。主要用于：退休人员经费支出。\n",
    }],
};

fn closer(open: char) -> Option<char> {
    Some(match open {
        '（' => '）',
        '(' => ')',
        '“' => '”',
        '《' => '》',
        '【' => '】',
        '〔' => '〕',
        _ => return None,
    })
}

fn opener(close: char) -> Option<char> {
    Some(match close {
        '）' => '（',
        ')' => '(',
        '”' => '“',
        '》' => '《',
        '】' => '【',
        '〕' => '〔',
        _ => return None,
    })
}

/// The byte length of a list number at the start of a paragraph closed by a bracket alone
/// (`1）`, `a)`), which is no unmatched bracket.
fn list_number(text: &str) -> usize {
    let lead = text
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_alphanumeric())
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    if lead == 0 || lead > 3 {
        return 0;
    }
    match text[lead..].chars().next() {
        Some(c @ ('）' | ')')) => lead + c.len_utf8(),
        _ => 0,
    }
}

fn unmatched(cx: &DocCtx, sink: &mut Sink) {
    // Opens left at the end of the previous paragraph: (paragraph index, byte, char).
    let mut carried: Vec<(usize, usize, char)> = Vec::new();
    for (k, s) in cx.paras.iter().enumerate() {
        let mut stack: Vec<(usize, usize, char)> = std::mem::take(&mut carried);
        let from_before = stack.len();
        let mut bad: Option<(usize, usize, String)> = None;
        let skip = list_number(s.text);
        for (i, c) in s.text.char_indices().skip_while(|(i, _)| *i < skip) {
            if closer(c).is_some() {
                stack.push((k, i, c));
            } else if let Some(o) = opener(c) {
                match stack.iter().rposition(|(_, _, x)| *x == o) {
                    Some(p) => {
                        if p + 1 < stack.len() && bad.is_none() {
                            let (pk, pi, pc) = stack[stack.len() - 1];
                            let want = closer(pc).unwrap_or(pc);
                            bad = Some((
                                pk,
                                pi,
                                format!("“{pc}”没有对应的“{want}”（在“{c}”之前应先闭合）"),
                            ));
                        }
                        stack.truncate(p);
                    }
                    None if bad.is_none() => {
                        bad = Some((k, i, format!("“{c}”前面没有对应的“{o}”")));
                    }
                    None => {}
                }
            }
        }
        // Opens carried from the previous paragraph and still open: that paragraph's.
        let (old, new): (Vec<_>, Vec<_>) = stack.into_iter().partition(|(pk, _, _)| *pk != k);
        if let Some((pk, pi, pc)) = old.first().copied()
            && from_before > 0
        {
            report_open(cx, sink, pk, pi, pc);
        }
        if let Some((bk, bi, msg)) = bad {
            if let Some(ps) = cx.paras.get(bk) {
                let f = sink.finding(cx.at(ps, bi..bi + 1, 10), msg);
                sink.push(f);
            }
            continue;
        }
        // What is still open may close at the start of the next paragraph (a paragraph the
        // reading split); decided there.
        let next_closes = cx.paras.get(k + 1).is_some_and(|n| {
            new.iter()
                .any(|(_, _, o)| closer(*o).is_some_and(|c| n.text.contains(c)))
        });
        if next_closes {
            carried = new;
        } else if let Some((pk, pi, pc)) = new.first().copied() {
            report_open(cx, sink, pk, pi, pc);
        }
    }
}

fn report_open(cx: &DocCtx, sink: &mut Sink, para: usize, at: usize, open: char) {
    let Some(s) = cx.paras.get(para) else { return };
    let want = closer(open).unwrap_or(open);
    let f = sink.finding(
        cx.at(s, at..at + open.len_utf8(), 10),
        format!("“{open}”没有对应的“{want}”"),
    );
    sink.push(f);
}

pub(super) const D074: DocRule = DocRule {
    meta: Meta {
        code: "D-074",
        name: "中文中夹用英文标点",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "地区格式要求全角标点时（上海、北京的 profile 中 `ascii_punctuation = false`），\
查找紧挨汉字或中文标点的英文标点 , ; : ( )，如“86.55%;”“其中:因公出国”“(项)”。\
数字中的小数点和千分位（2,940.05）、时间（10:30）、英文和网址中的标点不算。每段报一次，\
写明该段共有几处。",
            why: "中文公文用全角标点；半角的逗号、分号、冒号在中文里显得挤、容易看漏，混用说明文字\
是从别处拷贝或没有统一校对的。",
            bad: "“基本支出1999.73万元，占支出合计的13.45%;项目支出12865.17万元”；\
“其中:因公出国（境）费反映……”。",
            good: "“……占支出合计的13.45%；项目支出12865.17万元”；“其中：因公出国（境）费反映……”。",
            basis: "《标点符号用法》（GB/T 15834—2011）第1章（适用于汉语书面语，包括汉语和\
外语混合排版时的汉语部分）及第4章各标点的形式（，；：（））；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（形式规范）。",
        },
    },
    check: ascii_marks,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n基本支出2336.91万元，占79.49%;项目支出603.14万元，占20.51%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n本年收入合计2,946.25万元，其中：财政拨款收入2,940.05万元（PC运维、Excel表格）。\n",
    }],
};

fn ascii_marks(cx: &DocCtx, sink: &mut Sink) {
    let Some(region) = cx.recognition.profile else {
        return;
    };
    if region.profile().ascii_punctuation {
        return;
    }
    for s in &cx.paras {
        if !s.text.contains([',', ';', ':', '(', ')']) {
            continue;
        }
        let chars: Vec<(usize, char)> = s.text.char_indices().collect();
        let mut first: Option<(usize, char)> = None;
        let mut n = 0;
        for (k, &(i, c)) in chars.iter().enumerate() {
            if !",;:()".contains(c) {
                continue;
            }
            let prev = k
                .checked_sub(1)
                .and_then(|p| chars.get(p))
                .map(|x| x.1)
                .unwrap_or(' ');
            let next = chars.get(k + 1).map(|x| x.1).unwrap_or(' ');
            let chinese = |x: char| is_han(x) || is_cjk_mark(x);
            let number = prev.is_ascii_digit() && next.is_ascii_digit();
            let mixed = match c {
                // `(项)`: the bracket's inside or outside is Chinese.
                '(' | ')' => chinese(prev) || chinese(next),
                // `86.55%;项目`, `其中:因公`.
                _ => !number && (chinese(prev) || chinese(next)),
            };
            if mixed {
                n += 1;
                first.get_or_insert((i, c));
            }
        }
        if let Some((i, c)) = first {
            let wide = match c {
                ',' => '，',
                ';' => '；',
                ':' => '：',
                '(' => '（',
                _ => '）',
            };
            let more = if n > 1 {
                format!("（本段共{n}处）")
            } else {
                String::new()
            };
            let f = sink.finding(
                cx.at(s, i..i + 1, 8),
                format!("中文句子里用了英文标点“{c}”，应为“{wide}”{more}"),
            );
            sink.push(f);
        }
    }
}
