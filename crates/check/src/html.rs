//! The HTML report of `juesuan check --format html`: the document's text with the findings
//! highlighted where they are, and the list of findings.

use juesuan_io::document::Block;

use crate::Checked;

fn esc(s: &str) -> String {
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
    let mut h = String::new();
    let title = format!("检查报告：{}", c.document.source);
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
        esc(&juesuan_rules::report::summary_line(&c.report))
    ));
    h.push_str("<h2>问题清单</h2>");
    for (i, f) in c.report.findings.iter().enumerate() {
        let class = match f.severity {
            juesuan_model::Severity::Error => "f",
            juesuan_model::Severity::Warning => "f w",
            juesuan_model::Severity::Info => "f i",
        };
        h.push_str(&format!(
            "<div class=\"{class}\" id=\"f{i}\"><b>{}[{}]</b> {}<br><small>{}</small>{}</div>",
            esc(f.severity.label()),
            esc(&f.code),
            esc(&f.message),
            esc(&f.location.to_string()),
            f.location
                .quote
                .as_ref()
                .map(|q| format!("<br><q>{}</q>", esc(q)))
                .unwrap_or_default()
        ));
    }
    h.push_str("<h2>文件内容</h2>");
    for b in &c.document.blocks {
        match b {
            Block::Para(p) => {
                let at = p.at.to_string();
                let mut text = esc(&p.text);
                for f in &c.report.findings {
                    if !f.location.area.starts_with(&at) {
                        continue;
                    }
                    let Some(q) = &f.location.quote else { continue };
                    let q = esc(q.trim_matches('…'));
                    if !q.is_empty() && text.contains(&q) {
                        let cls = if f.severity == juesuan_model::Severity::Error {
                            " class=\"e\""
                        } else {
                            ""
                        };
                        text = text.replacen(
                            &q,
                            &format!("<mark{cls} title=\"{}\">{q}</mark>", esc(&f.message)),
                            1,
                        );
                    }
                }
                h.push_str(&format!("<p class=\"at\">{}</p><p>{text}</p>", esc(&at)));
            }
            Block::Table(t) => {
                h.push_str(&format!(
                    "<p class=\"at\">{}</p><table>",
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
