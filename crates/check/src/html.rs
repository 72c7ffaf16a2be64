//! The HTML report of `juesuan check --format html`: the list of findings, then the
//! document's text and tables with each finding's offending text marked where it is (the
//! block and byte span the finding's location carries) and linked both ways.

use juesuan_diagnostics::render::html::{self as fragment, esc};
use juesuan_diagnostics::render::text::summary_line;
use juesuan_diagnostics::{Report, Severity};
use juesuan_io::document::{Block, Document};

use crate::Checked;

/// The file name of a document's report: `<原文件名>.检查报告.html`.
pub fn file_name(document: &std::path::Path) -> String {
    let stem = document
        .file_stem()
        .map_or("文件".into(), |s| s.to_string_lossy());
    format!("{stem}.检查报告.html")
}

/// The report as one self-contained HTML page.
pub fn report(c: &Checked) -> String {
    page(&c.document, &c.report, &c.about())
}

/// The page for a document and the findings on it (which may be a filtered report, or one
/// kept apart from the document), under the lines saying what the document was read as.
pub fn page(document: &Document, report: &Report, about: &[String]) -> String {
    let mut h = String::new();
    let title = format!("检查报告：{}", document.source);
    h.push_str("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
    h.push_str(&esc(&title));
    h.push_str(
        "</title><style>body{font-family:sans-serif;max-width:60em;margin:auto;line-height:1.7}\
        mark{background:#ffd54f}mark.e{background:#ff8a80}p.at{color:#888;font-size:.8em;margin:0}\
        table{border-collapse:collapse;margin:.5em 0}td{border:1px solid #ccc;padding:.1em .4em;font-size:.9em}",
    );
    h.push_str(fragment::STYLE);
    h.push_str("</style></head><body>");
    h.push_str(&format!("<h1>{}</h1>", esc(&title)));
    for line in about {
        h.push_str(&format!("<p class=\"about\">{}</p>", esc(line)));
    }
    h.push_str(&format!("<p>{}</p>", esc(&summary_line(report))));
    let block_of = |f: &juesuan_diagnostics::Finding| {
        f.location
            .doc_place()
            .and_then(|p| p.block)
            .map(|b| b as usize)
            .filter(|b| *b < document.blocks.len())
    };
    h.push_str("<h2>问题清单</h2>");
    for (i, f) in report.findings.iter().enumerate() {
        let href = block_of(f).map(|k| format!("#b{k}"));
        h.push_str(&fragment::finding(f, &format!("f{i}"), href.as_deref()));
    }
    h.push_str("<h2>文件内容</h2>");
    for (k, b) in document.blocks.iter().enumerate() {
        match b {
            Block::Para(p) => {
                // The span of each finding on this paragraph, marked and linked to the
                // finding (no overlaps: the first finding of a place wins).
                let mut marks: Vec<(usize, usize, usize)> = Vec::new();
                for (i, f) in report.findings.iter().enumerate() {
                    if block_of(f) != Some(k) {
                        continue;
                    }
                    let Some(span) = f.location.doc_place().and_then(|p| p.span) else {
                        continue;
                    };
                    let r = span.range();
                    let valid = r.start < r.end
                        && p.text.get(r.clone()).is_some()
                        && marks.iter().all(|&(s, e, _)| r.end <= s || r.start >= e);
                    if valid {
                        marks.push((r.start, r.end, i));
                    }
                }
                marks.sort_unstable();
                let mut text = String::new();
                let mut pos = 0;
                for (start, end, i) in marks {
                    let f = &report.findings[i];
                    let cls = if f.severity == Severity::Error {
                        " class=\"e\""
                    } else {
                        ""
                    };
                    text.push_str(&esc(&p.text[pos..start]));
                    text.push_str(&format!(
                        "<a href=\"#f{i}\"><mark{cls} title=\"{}\">{}</mark></a>",
                        esc(&f.message),
                        esc(&p.text[start..end])
                    ));
                    pos = end;
                }
                text.push_str(&esc(&p.text[pos..]));
                h.push_str(&format!(
                    "<p class=\"at\" id=\"b{k}\">{}</p><p>{text}</p>",
                    esc(&p.at.to_string())
                ));
            }
            Block::Table(t) => {
                h.push_str(&format!(
                    "<p class=\"at\" id=\"b{k}\">{}</p><table>",
                    esc(&t.at.to_string())
                ));
                for r in &t.rows {
                    h.push_str("<tr>");
                    for cell in r {
                        h.push_str(&format!(
                            "<td>{}</td>",
                            esc(&cell.text).replace('\n', "<br>")
                        ));
                    }
                    h.push_str("</tr>");
                }
                h.push_str("</table>");
            }
        }
    }
    h.push_str("</body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use juesuan_io::document::{DocKind, parse_document};
    use juesuan_model::Catalog;

    #[test]
    fn findings_are_marked_linked_and_text_is_escaped() {
        let text = "上海市普陀区测试局2024年度部门决算\n\
            <script>alert(1)</script>收入合计150万元，比上年100万元增加40万元，增长40%。\n";
        let doc = parse_document(text.as_bytes(), DocKind::Text, "t.txt").unwrap();
        let checked = crate::check_document(doc, Catalog::builtin());
        let i = checked
            .report
            .findings
            .iter()
            .position(|f| f.code == "D-030")
            .unwrap();
        let html = super::report(&checked);
        assert!(!html.contains("<script>"), "document text is escaped");
        assert!(html.contains("&lt;script&gt;"));
        // the finding links to its paragraph, the mark links back to the finding and covers
        // exactly the statement
        assert!(html.contains(&format!("id=\"f{i}\"")));
        assert!(html.contains("<a href=\"#b1\">"), "{html}");
        assert!(
            html.contains(&format!(
                "<a href=\"#f{i}\"><mark class=\"e\" title=\"增加40 万元与 150 − 100 = 50 不符\">150万元，比上年100万元增加40万元，增长40%</mark></a>"
            )),
            "{html}"
        );
    }
}
