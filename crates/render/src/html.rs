//! One self-contained HTML file: inline CSS with a print stylesheet (A4, page breaks),
//! a linked table of contents, accessible tables (`caption`, `th` with `scope`), charts as
//! inline SVG, gaps as `<mark>`.

use std::fmt::Write;

use crate::charts;
pub use crate::doc::escape;
use crate::doc::{Align, Block, Cell, DRAFT_HEADING, DRAFT_MARK, Document, Inline, Table, inlines};

const STYLE: &str = r#"
:root { --ink: #1b1b1b; --rule: #555; --muted: #666; --gap: #fff3a3; }
body { font-family: "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  color: var(--ink); max-width: 60em; margin: 2em auto; padding: 0 1.5em; line-height: 1.9; font-size: 16px; }
h1, h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-weight: normal; }
h1.title { text-align: center; font-size: 1.9em; margin: 1.2em 0; }
h1 { font-size: 1.45em; margin-top: 2em; text-align: center; }
h2 { font-size: 1.2em; margin-top: 1.6em; }
h3 { font-family: "KaiTi", "楷体", "Noto Serif CJK SC", serif; font-size: 1.1em; font-weight: normal; }
h4 { font-size: 1em; margin: 1em 0 0.2em; }
p { text-indent: 2em; margin: 0.4em 0; text-align: justify; }
p.plain { text-indent: 0; }
mark.gap { background: var(--gap); outline: 1px dashed #b58900; padding: 0 0.15em; }
nav.toc ol { list-style: none; padding-left: 1.2em; } nav.toc > ol { padding-left: 0; }
nav.toc a { color: inherit; text-decoration: none; } nav.toc a:hover { text-decoration: underline; }
figure { margin: 1em 0; text-align: center; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.95em; color: var(--muted); }
.table-wrap { overflow-x: auto; margin: 1em 0 1.5em; }
table { border-collapse: collapse; width: 100%; font-size: 13px; line-height: 1.5; font-family: "SimSun", "宋体", "Noto Serif CJK SC", serif; }
caption { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 1.25em; padding: 0.3em 0; }
.table-meta { display: flex; justify-content: space-between; font-size: 13px; color: var(--muted);
  font-family: "SimSun", "宋体", "Noto Serif CJK SC", serif; padding-top: 0.3em; }
th, td { border: 1px solid var(--rule); padding: 0.25em 0.45em; vertical-align: middle; }
th { background: #f2f2f2; font-weight: bold; text-align: center; }
td.r { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.c { text-align: center; }
.notes { font-size: 13px; color: var(--muted); text-indent: 0; }
.page-break { break-after: page; }
.cover { text-align: center; padding: 6em 0 4em; border-bottom: 1px solid #ccc; margin-bottom: 2em; }
.cover h1.title { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", "Noto Serif CJK SC", serif;
  font-weight: bold; font-size: 2.2em; line-height: 1.45; margin: 0 0 1.5em; }
.cover p { text-indent: 0; text-align: center; margin: 0.3em 0; }
.cover .nobr { white-space: nowrap; }
.cover .cover-date { margin-top: 8em; }
.draft-mark { position: fixed; top: 0.6em; right: 0.8em; z-index: 10; color: #c00000; border: 2px solid #c00000;
  background: #fff; padding: 0.1em 0.5em; font: bold 20px "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; }
.draft-errors h2 { color: #c00000; text-align: center; }
.draft-errors p { text-indent: 0; }
@media print {
  .cover { break-after: page; border: none; padding: 22vh 0 0; }
  .cover .cover-date { margin-top: 28vh; }
  .draft-mark { position: fixed; top: 0; right: 0; }
  .draft-errors { break-before: page; }
  @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
  @page wide { size: A4 landscape; margin: 20mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 16pt; line-height: 28pt; }
  nav.toc { break-after: page; }
  .wide { page: wide; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; line-height: 1.35; }
  tr, figure { break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; }
  mark.gap { outline: 1px solid #000; }
}
"#;

fn runs(out: &mut String, runs: &[Inline]) {
    for r in runs {
        match r {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Gap(g) => {
                let _ = write!(out, "<mark class=\"gap\">{}</mark>", escape(g));
            }
        }
    }
}

fn cell(out: &mut String, c: &Cell, header_row: bool) {
    let tag = if c.header || header_row { "th" } else { "td" };
    let _ = write!(out, "<{tag}");
    if tag == "th" {
        let scope = if header_row {
            if c.colspan > 1 { "colgroup" } else { "col" }
        } else {
            "row"
        };
        let _ = write!(out, " scope=\"{scope}\"");
    } else {
        match c.align {
            Align::Right => out.push_str(" class=\"r\""),
            Align::Center => out.push_str(" class=\"c\""),
            Align::Left => {}
        }
    }
    if c.colspan > 1 {
        let _ = write!(out, " colspan=\"{}\"", c.colspan);
    }
    if c.rowspan > 1 {
        let _ = write!(out, " rowspan=\"{}\"", c.rowspan);
    }
    out.push('>');
    // Lines of a cell stay lines, as in the DOCX (one paragraph each).
    for (i, line) in c.text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        runs(out, &inlines(line));
    }
    let _ = write!(out, "</{tag}>");
}

fn table(out: &mut String, t: &Table) {
    let class = if t.wide {
        "table-wrap wide"
    } else {
        "table-wrap"
    };
    let _ = write!(out, "<div class=\"{class}\" id=\"{}\">", escape(&t.id));
    // The unit line is part of the caption, under the title as printed (and as the DOCX
    // has it), so a reader of the page meets title, unit line and table in that order.
    let _ = write!(out, "<table><caption>{}", escape(&t.title));
    if t.org.is_some() || t.unit.is_some() {
        let _ = write!(
            out,
            "<div class=\"table-meta\"><span>{}</span><span>{}</span></div>",
            escape(t.org.as_deref().unwrap_or_default()),
            escape(t.unit.as_deref().unwrap_or_default())
        );
    }
    out.push_str("</caption>");
    let total: u32 = t.widths.iter().map(|&w| u32::from(w)).sum::<u32>().max(1);
    out.push_str("<colgroup>");
    for w in &t.widths {
        let _ = write!(
            out,
            "<col style=\"width:{:.1}%\">",
            f64::from(*w) * 100.0 / f64::from(total)
        );
    }
    out.push_str("</colgroup>");
    if !t.head.is_empty() {
        out.push_str("<thead>");
        for row in &t.head {
            out.push_str("<tr>");
            for c in row {
                cell(out, c, true);
            }
            out.push_str("</tr>");
        }
        out.push_str("</thead>");
    }
    out.push_str("<tbody>");
    for row in &t.body {
        out.push_str("<tr>");
        for c in row {
            cell(out, c, false);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    for n in &t.notes {
        let _ = write!(out, "<p class=\"notes\">{}</p>", escape(n));
    }
    out.push_str("</div>\n");
}

/// Writes the document as one self-contained HTML page.
pub fn write(doc: &Document) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"juesuan\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&doc.title),
    );
    // a draft's mark stays in view on screen and is printed on every page
    if doc.draft.is_some() {
        let _ = writeln!(out, "<div class=\"draft-mark\">{DRAFT_MARK}</div>");
    }
    if doc.cover().is_none() {
        let _ = writeln!(out, "<h1 class=\"title\">{}</h1>", escape(&doc.title));
    }
    let mut heading_no = 0usize;
    for b in &doc.blocks {
        match b {
            Block::Contents => {
                out.push_str("<nav class=\"toc\" aria-label=\"目录\"><h2>目录</h2><ol>");
                let mut depth = 1u8;
                let mut n = 0usize;
                for h in &doc.blocks {
                    if let Block::Heading { level, text } = h {
                        n += 1;
                        if *level > 3 {
                            continue;
                        }
                        while depth < *level {
                            out.push_str("<li><ol>");
                            depth += 1;
                        }
                        while depth > *level {
                            out.push_str("</ol></li>");
                            depth -= 1;
                        }
                        let _ = write!(out, "<li><a href=\"#h{n}\">{}</a></li>", escape(text));
                    }
                }
                while depth > 1 {
                    out.push_str("</ol></li>");
                    depth -= 1;
                }
                out.push_str("</ol></nav>\n");
            }
            Block::Heading { level, text } => {
                heading_no += 1;
                let _ = writeln!(
                    out,
                    "<h{level} id=\"h{heading_no}\">{}</h{level}>",
                    escape(text)
                );
            }
            Block::Paragraph(r) => {
                out.push_str("<p>");
                runs(&mut out, r);
                out.push_str("</p>\n");
            }
            Block::Plain(r) => {
                out.push_str("<p class=\"plain\">");
                runs(&mut out, r);
                out.push_str("</p>\n");
            }
            Block::Table(t) => table(&mut out, t),
            Block::Chart(c) => {
                let (svg, ..) = charts::svg(c);
                let _ = writeln!(
                    out,
                    "<figure id=\"{}\">{svg}<figcaption>{}</figcaption></figure>",
                    escape(&c.id),
                    escape(&c.caption)
                );
            }
            Block::Cover(c) => {
                // a title too long for a line breaks before its year
                let title = match crate::doc::year_at(&c.title) {
                    Some(i) if i > 0 => format!(
                        "{}<span class=\"nobr\">{}</span>",
                        escape(&c.title[..i]),
                        escape(&c.title[i..])
                    ),
                    _ => escape(&c.title),
                };
                let _ = write!(
                    out,
                    "<section class=\"cover\"><h1 class=\"title\">{title}</h1>"
                );
                for l in &c.lines {
                    let _ = write!(out, "<p class=\"cover-line\">{}</p>", escape(l));
                }
                if let Some(d) = &c.date {
                    let _ = write!(out, "<p class=\"cover-date\">{}</p>", escape(d));
                }
                out.push_str("</section>\n");
            }
            Block::PageBreak { .. } => out.push_str("<div class=\"page-break\"></div>\n"),
        }
    }
    if let Some(d) = &doc.draft {
        let _ = writeln!(
            out,
            "<section class=\"draft-errors\"><h2>{}</h2>",
            escape(DRAFT_HEADING)
        );
        for l in d.lines() {
            let _ = writeln!(out, "<p class=\"plain\">{}</p>", escape(&l));
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_gaps_marked() {
        let doc = Document {
            title: "<单位>".into(),
            blocks: vec![
                Block::Heading {
                    level: 1,
                    text: "一、<b>".into(),
                },
                Block::Paragraph(inlines("原因：【待填写：主要原因】&")),
            ],
            unused: Vec::new(),
            draft: None,
        };
        let html = write(&doc);
        assert!(html.contains("<title>&lt;单位&gt;</title>"));
        assert!(html.contains("一、&lt;b&gt;"));
        assert!(html.contains("<mark class=\"gap\">【待填写：主要原因】</mark>&amp;"));
        assert!(!html.contains("<b>"));
    }
}
