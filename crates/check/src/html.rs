//! The HTML report of `juesuan check --format html`: the document's text with the findings
//! highlighted where they are, and the list of findings.

use juesuan_io::document::{Block, Document};
use juesuan_rules::Report;

use crate::Checked;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// The report as one self-contained HTML page.
pub fn report(c: &Checked) -> String {
    page(&c.document, &c.report)
}

/// The page for a document and the findings on it (which may be a filtered report, or one
/// kept apart from the document).
pub fn page(document: &Document, report: &Report) -> String {
    let mut h = String::new();
    let title = format!("检查报告：{}", document.source);
    h.push_str("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
    h.push_str(&esc(&title));
    h.push_str("</title><style>body{font-family:sans-serif;max-width:60em;margin:auto;line-height:1.7}\
        .f{border-left:4px solid #c00;padding:.2em .6em;margin:.4em 0;background:#fff5f5}\
        .w{border-color:#d80;background:#fffaf0}.i{border-color:#06c;background:#f5f9ff}\
        mark{background:#ffd54f}mark.e{background:#ff8a80}p.at{color:#888;font-size:.8em;margin:0}\
        table{border-collapse:collapse;margin:.5em 0}td{border:1px solid #ccc;padding:.1em .4em;font-size:.9em}\
        </style></head><body>");
    h.push_str(&format!("<h1>{}</h1>", esc(&title)));
    h.push_str(&format!(
        "<p>{}</p>",
        esc(&juesuan_rules::report::summary_line(report))
    ));
    // Where each finding points: the first block whose place starts its location.
    let places: Vec<String> = document
        .blocks
        .iter()
        .map(|b| match b {
            Block::Para(p) => p.at.to_string(),
            Block::Table(t) => t.at.to_string(),
        })
        .collect();
    let block_of = |f: &juesuan_rules::Finding| {
        places
            .iter()
            .position(|at| f.location.area.starts_with(at.as_str()))
    };
    h.push_str("<h2>问题清单</h2>");
    for (i, f) in report.findings.iter().enumerate() {
        let class = match f.severity {
            juesuan_model::Severity::Error => "f",
            juesuan_model::Severity::Warning => "f w",
            juesuan_model::Severity::Info => "f i",
        };
        let place = match block_of(f) {
            Some(k) => format!("<a href=\"#b{k}\">{}</a>", esc(&f.location.to_string())),
            None => esc(&f.location.to_string()),
        };
        h.push_str(&format!(
            "<div class=\"{class}\" id=\"f{i}\"><b>{}[{}]</b> {}<br><small>{place}</small>{}</div>",
            esc(f.severity.label()),
            esc(&f.code),
            esc(&f.message),
            f.location
                .quote
                .as_ref()
                .map(|q| format!("<br><q>{}</q>", esc(q)))
                .unwrap_or_default()
        ));
    }
    h.push_str("<h2>文件内容</h2>");
    for (k, b) in document.blocks.iter().enumerate() {
        match b {
            Block::Para(p) => {
                // The quoted text of each finding on this paragraph, as byte ranges of the
                // raw text (first occurrence, no overlaps), marked and linked to the finding.
                let mut marks: Vec<(usize, usize, usize)> = Vec::new();
                for (i, f) in report.findings.iter().enumerate() {
                    if block_of(f) != Some(k) {
                        continue;
                    }
                    let Some(q) = &f.location.quote else { continue };
                    let q = q.trim_matches('…');
                    if q.is_empty() {
                        continue;
                    }
                    if let Some(start) = p.text.find(q) {
                        let end = start + q.len();
                        if marks.iter().all(|&(s, e, _)| end <= s || start >= e) {
                            marks.push((start, end, i));
                        }
                    }
                }
                marks.sort_unstable();
                let mut text = String::new();
                let mut pos = 0;
                for (start, end, i) in marks {
                    let f = &report.findings[i];
                    let cls = if f.severity == juesuan_model::Severity::Error {
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
        // the finding links to its paragraph, the mark links back to the finding
        assert!(html.contains(&format!("id=\"f{i}\"")));
        assert!(html.contains("<a href=\"#b1\">"), "{html}");
        assert!(
            html.contains(&format!("<a href=\"#f{i}\"><mark class=\"e\"")),
            "{html}"
        );
    }
}
