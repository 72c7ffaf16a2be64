//! D-076: the table of contents against the body — every entry there, same title, same
//! order, right page.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Severity, Sink};
use regex::Regex;

use super::{Doc, DocCtx, DocFixture, DocRule, Family, Sentence};
use crate::numbers::re;

re!(
    PAGE,
    r"^(.*?)(?:[ \t\u{3000}]+|[.…·．\-—]+[ \t\u{3000}]*)([0-9]{1,3})$"
);

pub(super) const D076: DocRule = DocRule {
    meta: Meta {
        code: "D-076",
        name: "目录与正文不符",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "文件开头有“目录”时，把目录各条（到正文重复出现第一条为止）依次与正文的标题和表题核对：\
每一条都应在正文中出现，标题一致（不计空格、标点、“的”“情况”等字，“年度”与“年”视为相同，正文标题在换行处断开的\
合并后比较，表题可带单位名称前缀），先后顺序相同；目录写了页码的，页码与正文所在页相差同一个\
常数（封面、目录不编页码的偏移自动识别），不一致的提示。",
            why: "目录是读者找内容的入口：目录里有而正文里没有，说明漏公开了内容或目录没有更新；\
标题或页码对不上，读者按目录找不到对应内容。",
            bad: "目录列出“八、政府性基金预算财政拨款收入支出决算表”，第二部分中没有这张表；\
或目录写“十、预算绩效管理情况……23”，正文这一节在第24页。",
            good: "目录与正文同步更新：正文删去或改名的部分，目录一并删改；定稿后重新生成页码。",
            basis: "上海市2024年度部门决算公开样张目录（第一部分至第四部分及各表、各节标题）；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容完整、形式规范）。",
        },
    },
    check: contents,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算目录\n第一部分 概况\n一、主要职能\n二、部门决算单位构成\n第二部分 情况说明\n一、收入支出决算总体情况说明\n第一部分 概况\n一、主要职能\n负责本区财政工作。\n二、机构设置\n本局设7个科室。\n第二部分 情况说明\n",
        silent: "上海市普陀区财政局2024年度部门决算目录\n第一部分 概况\n一、主要职能\n二、部门决算单位构成\n第二部分 部门决算表\n一、收入支出决算总表\n第三部分 情况说明\n一、其他重要事项说明\n第一部分 概况\n一、主要职能\n负责本区财政工作。\n二、部门决算单位构成\n本局设7个科室。\n第二部分 部门决算表\n收入支出决算总表\n第三部分 情况\n说明\n一、其他重要事项的情况说明\n",
    }],
};

/// A title compared without spaces, punctuation, its number and the words that come and go
/// between a contents entry and its heading (`的`, `情况`, `2019年度` written `2019年`).
fn key(text: &str) -> String {
    let text = text.trim();
    let text = match super::numbering::number(text) {
        Some((_, _, len)) => text.get(len..).unwrap_or(text),
        None => text,
    };
    text.replace("情况", "")
        .replace("年度", "年")
        .chars()
        .filter(|c| !c.is_whitespace() && !"的“”\"（）()、，,.…·．-—：:;；。".contains(*c))
        .collect()
}

struct Entry<'a> {
    s: &'a Sentence<'a>,
    title: &'a str,
    page: Option<u32>,
}

/// The entries of the contents and where the body starts.
fn contents_of<'a>(cx: &'a DocCtx<'a>) -> Option<(Vec<Entry<'a>>, usize)> {
    let head = cx.paras.iter().take(12).position(|s| {
        let t: String = s.text.chars().filter(|c| !c.is_whitespace()).collect();
        t.ends_with("目录") && t.chars().count() <= 60
    })?;
    let mut entries = Vec::new();
    let mut first_key: Option<String> = None;
    for (k, s) in cx.paras.iter().enumerate().skip(head + 1).take(120) {
        let (title, page) = match PAGE.captures(s.text.trim()) {
            Some(c) => (
                c.get(1).map_or(s.text, |m| m.as_str()),
                c.get(2).and_then(|m| m.as_str().parse().ok()),
            ),
            None => (s.text.trim(), None),
        };
        let k2 = key(title);
        if let Some(f) = &first_key
            && *f == key(s.text)
        {
            return (entries.len() >= 2).then_some((entries, k));
        }
        // A sentence is no entry: the contents ended without the body repeating its first
        // entry, which this rule does not guess.
        if s.text.contains('。') || s.text.chars().count() > 60 {
            return None;
        }
        first_key.get_or_insert(k2);
        entries.push(Entry { s, title, page });
    }
    None
}

/// The paragraph where the body starts after a table of contents (0 without one): the
/// contents repeat the body's headings, whose numbering D-071 checks once, in the body.
pub(super) fn body_start(cx: &DocCtx) -> usize {
    contents_of(cx).map_or(0, |(_, body)| body)
}

fn contents(cx: &DocCtx, sink: &mut Sink) {
    let Some((entries, body)) = contents_of(cx) else {
        return;
    };
    let paras = &cx.paras;
    let keys: Vec<String> = paras.iter().map(|s| key(s.text)).collect();
    let joined = |j: usize| -> Option<String> {
        let next = paras.get(j + 1)?;
        // Only a heading broken over two lines: the second part short, no sentence.
        let (a, b) = (keys.get(j)?, keys.get(j + 1)?);
        (next.text.chars().count() <= 12 && !next.text.contains('。')).then(|| format!("{a}{b}"))
    };
    let is_part = |t: &str| {
        super::numbering::number(t.trim())
            .is_some_and(|(st, _, _)| st == super::numbering::Style::Part)
    };
    let mut cursor = body;
    // The end of the body part the entries now belong to, and whether that part says its
    // contents are published elsewhere (`公开表附后`, `详见附件`).
    let mut part_end = paras.len();
    let mut elsewhere = false;
    // (entry, its heading's paragraph) for the page check.
    let mut found: Vec<(&Entry, usize)> = Vec::new();
    for e in &entries {
        let k = key(e.title);
        let part_entry = is_part(e.title);
        if part_entry {
            part_end = paras.len();
            elsewhere = false;
        } else if elsewhere {
            continue;
        }
        if k.chars().count() < 2 {
            continue;
        }
        let end = part_end.max(cursor);
        let short = |j: usize| paras.get(j).is_some_and(|p| p.text.chars().count() <= 60);
        let exact = (cursor..end)
            .find(|&j| {
                keys[j] == k
                    || (!keys[j].is_empty()
                        && k.starts_with(keys[j].as_str())
                        && joined(j).is_some_and(|x| x == k))
            })
            .map(|j| (j, j + 1));
        // A table title after the part's title (`…2024年度部门决算表收入支出决算总表`), or the
        // part's title before a table's.
        let loose = || {
            (cursor..end)
                .find(|&j| {
                    short(j)
                        && k.chars().count() >= 4
                        && (keys[j].ends_with(&k) || keys[j].starts_with(&k))
                })
                .map(|j| (j, if keys[j].starts_with(&k) { j } else { j + 1 }))
        };
        if let Some((j, next)) = exact.or_else(loose) {
            found.push((e, j));
            cursor = next.max(cursor);
            if part_entry {
                part_end = (j + 1..paras.len())
                    .find(|&i| is_part(paras[i].text))
                    .unwrap_or(paras.len());
                elsewhere = paras.iter().skip(j + 1).take(2).any(|p| {
                    ["附后", "附件", "另行公开", "另附"]
                        .iter()
                        .any(|w| p.text.contains(w))
                });
            }
            continue;
        }
        let msg = if (body..cursor).any(|j| keys[j] == k) {
            format!("目录中的“{}”在正文中的位置与目录顺序不同", e.title)
        } else if let Some((style, n, _)) = super::numbering::number(e.title.trim())
            && let Some(j) = (cursor..end).find(|&j| {
                super::numbering::number(paras[j].text.trim())
                    .is_some_and(|(s2, n2, _)| s2 == style && n2 == n)
            })
        {
            let body_title = paras[j].text;
            cursor = j + 1;
            format!("目录写“{}”，正文标题是“{body_title}”", e.title)
        } else {
            format!("目录列出的“{}”在正文中找不到", e.title)
        };
        let f = sink.finding(cx.at(e.s, 0..e.s.text.len(), 0), msg);
        sink.push(f);
    }
    pages(cx, &found, sink);
}

/// Printed page numbers against the pages the headings are on, allowing one constant
/// offset (unnumbered cover and contents).
fn pages(cx: &DocCtx, found: &[(&Entry, usize)], sink: &mut Sink) {
    let pairs: Vec<(&Entry, u32, i64)> = found
        .iter()
        .filter_map(|(e, j)| {
            let printed = e.page?;
            let actual = cx.paras.get(*j)?.at.page?;
            Some((*e, actual, i64::from(actual) - i64::from(printed)))
        })
        .collect();
    if pairs.len() < 3 {
        return;
    }
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for (_, _, d) in &pairs {
        *counts.entry(*d).or_insert(0) += 1;
    }
    let Some((&offset, &n)) = counts.iter().max_by_key(|(_, n)| **n) else {
        return;
    };
    // Without a clear common offset the printed numbers follow another scheme.
    if n * 2 <= pairs.len() {
        return;
    }
    for (e, actual, d) in pairs {
        if d != offset {
            let printed = e.page.unwrap_or(0);
            let want = i64::from(actual) - offset;
            let f = sink.finding(
                cx.at(e.s, 0..e.s.text.len(), 0),
                format!(
                    "目录中“{}”的页码是{printed}，正文在第{want}页（按其他条目的页码推算）",
                    e.title.trim()
                ),
            );
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use juesuan_io::document::{At, Block, DocKind, Document, Para};
    use juesuan_model::Catalog;

    /// A paged document: (page, text) per paragraph.
    fn paged(lines: &[(u32, &str)]) -> Document {
        Document {
            source: "paged.pdf".into(),
            kind: DocKind::Pdf,
            pages: lines.iter().map(|l| l.0).max().unwrap_or(0),
            blocks: lines
                .iter()
                .enumerate()
                .map(|(i, (page, text))| {
                    Block::Para(Para {
                        text: (*text).to_string(),
                        at: At {
                            page: Some(*page),
                            line: u32::try_from(i).unwrap_or(0) + 1,
                        },
                        ..Para::default()
                    })
                })
                .collect(),
            notes: Vec::new(),
            page_sizes: Vec::new(),
        }
    }

    fn d076(lines: &[(u32, &str)]) -> Vec<String> {
        crate::check_document(paged(lines), Catalog::builtin())
            .report
            .findings
            .into_iter()
            .filter(|f| f.code == "D-076")
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn page_numbers_with_an_offset() {
        // The cover and the contents are not numbered: printed page 1 is the PDF's page 3.
        let mut doc = vec![
            (1, "上海市普陀区财政局2024年度部门决算"),
            (2, "目录"),
            (2, "第一部分 概况……1"),
            (2, "第二部分 部门决算表……2"),
            (2, "第三部分 情况说明……4"),
            (2, "第四部分 名词解释……5"),
            (3, "第一部分 概况"),
            (3, "负责本区财政工作。"),
            (4, "第二部分 部门决算表"),
            (6, "第三部分 情况说明"),
            (6, "收入支出总计2995.39万元。"),
            (7, "第四部分 名词解释"),
        ];
        assert!(d076(&doc).is_empty(), "{:?}", d076(&doc));
        doc[5] = (2, "第四部分 名词解释……6");
        let got = d076(&doc);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("页码是6，正文在第5页"), "{got:?}");
    }
}
