//! Word documents through their XML: paragraphs (headings marked by style or outline level)
//! and tables with merged cells (`gridSpan`; `vMerge` continuations are left empty).

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{At, Block, Cell, Para, Table, tidy};
use crate::error::Problem;
use crate::office::{self, Compound};

/// Most bytes `word/document.xml` may unpack to: real disclosures are a few MB.
const MAX_XML: u64 = 64 * 1024 * 1024;
/// Most parts in the archive.
const MAX_PARTS: usize = 10_000;
/// Deepest table nesting followed.
const MAX_DEPTH: usize = 32;

pub(super) fn read(bytes: &[u8]) -> Result<Vec<Block>, Problem> {
    match office::compound(bytes) {
        Some(Compound::Encrypted) => {
            return Err(Problem::file(
                "Word 文档已加密，无法读取；请在 Word 或 WPS 中去掉打开密码后另存，再上传",
            ));
        }
        Some(Compound::Other) => {
            return Err(Problem::file(
                "是旧版 Word 文档（.doc）或其他旧版 Office 文件，请在 Word 或 WPS 中另存为 .docx",
            ));
        }
        None => {}
    }
    let not_docx =
        |e: &dyn std::fmt::Display| Problem::file(format!("不是有效的 Word 文档（{e}）"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_docx(&e))?;
    if zip.len() > MAX_PARTS {
        return Err(Problem::file(format!(
            "Word 文档内部文件过多（{} 个），疑似恶意文件，未读取",
            zip.len()
        )));
    }
    let mut part = zip.by_name("word/document.xml").map_err(|_| {
        Problem::file("不是 Word 文档：缺少 word/document.xml（旧版 .doc 请先另存为 .docx）")
    })?;
    let mut xml = Vec::new();
    // `take` bounds the work however the archive lies about sizes (a zip bomb).
    (&mut part)
        .take(MAX_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|e| not_docx(&e))?;
    if xml.len() as u64 > MAX_XML {
        return Err(Problem::file(format!(
            "Word 文档正文解压后超过 {} MB，疑似压缩炸弹，未读取",
            MAX_XML / (1024 * 1024)
        )));
    }
    parse(&xml)
}

/// A table being read.
#[derive(Default)]
struct TableBuf {
    rows: Vec<Vec<Cell>>,
    at: At,
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == local).then(|| a.value.to_string()))
}

fn parse(xml: &[u8]) -> Result<Vec<Block>, Problem> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut blocks = Vec::new();
    let mut tables: Vec<TableBuf> = Vec::new();
    let mut para = String::new();
    let mut heading = false;
    // A table-of-contents entry (`TOC1`…, `toc 1`): its page number after the last tab is
    // not part of the entry.
    let mut toc = false;
    let mut last_tab: Option<usize> = None;
    let mut in_text = false;
    let mut para_no: u32 = 0;
    // Per open cell: its text and its span/continuation marks.
    let mut cell_text: Vec<String> = Vec::new();
    let mut span: u32 = 1;
    let mut vmerge_continue = false;
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| Problem {
            place: crate::error::Place::File,
            message: format!(
                "Word 文档正文 XML 损坏（字节位置 {}）：{e}",
                reader.buffer_position()
            ),
        })?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.local_name().as_ref() {
                    "p" if !empty => {
                        para.clear();
                        heading = false;
                        toc = false;
                        last_tab = None;
                        para_no += 1;
                    }
                    "pStyle" => {
                        if let Some(v) = attr(e, "val") {
                            let v = v.to_ascii_lowercase();
                            toc = v.starts_with("toc") && !v.contains("heading");
                            heading |= v.starts_with("heading")
                                || v.starts_with("title")
                                || matches!(v.as_str(), "1" | "2" | "3" | "4" | "5");
                        }
                    }
                    "outlineLvl" => heading = true,
                    "t" => in_text = !empty,
                    "tab" if !tables.is_empty() || !para.is_empty() => {
                        last_tab = Some(para.len());
                        para.push(' ');
                    }
                    "br" | "cr" => para.push('\n'),
                    "tbl" if !empty => {
                        if tables.len() >= MAX_DEPTH {
                            return Err(Problem::file(
                                "Word 文档表格嵌套过深，疑似恶意文件，未读取",
                            ));
                        }
                        tables.push(TableBuf {
                            rows: Vec::new(),
                            at: At::line(para_no + 1),
                        });
                    }
                    "tr" if !empty => {
                        if let Some(t) = tables.last_mut() {
                            t.rows.push(Vec::new());
                        }
                    }
                    "tc" if !empty => {
                        cell_text.push(String::new());
                        span = 1;
                        vmerge_continue = false;
                    }
                    "gridSpan" => {
                        span = attr(e, "val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1u32)
                            .clamp(1, 64);
                    }
                    "vMerge" => {
                        vmerge_continue = attr(e, "val").is_none_or(|v| v == "continue");
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                let s = t.xml10_content();
                para.push_str(&s);
            }
            Event::GeneralRef(r) if in_text => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = ch {
                    para.push(c);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    if toc
                        && let Some(i) = last_tab
                        && let Some(page) = para.get(i..).map(str::trim)
                        && page.bytes().all(|b| b.is_ascii_digit())
                    {
                        para.truncate(i);
                    }
                    let text = tidy(&para);
                    if let Some(c) = cell_text.last_mut() {
                        if !text.is_empty() {
                            if !c.is_empty() {
                                c.push('\n');
                            }
                            c.push_str(&text);
                        }
                    } else if !text.is_empty() {
                        blocks.push(Block::Para(Para {
                            text,
                            at: At::line(para_no),
                            heading,
                            geometry: Default::default(),
                        }));
                    }
                    para.clear();
                }
                "tc" => {
                    let text = cell_text.pop().unwrap_or_default();
                    let text = if vmerge_continue { String::new() } else { text };
                    if let Some(outer) = cell_text.last_mut().filter(|_| tables.len() > 1) {
                        // A nested table's text goes into the enclosing cell.
                        if !text.is_empty() {
                            if !outer.is_empty() {
                                outer.push('\n');
                            }
                            outer.push_str(&text);
                        }
                    } else if let Some(row) = tables.last_mut().and_then(|t| t.rows.last_mut()) {
                        row.push(Cell {
                            text,
                            at: At::line(para_no),
                            span,
                            rowspan: if vmerge_continue { 0 } else { 1 },
                            rect: None,
                        });
                        for _ in 1..span {
                            row.push(Cell::new("", At::line(para_no)));
                        }
                    }
                    span = 1;
                    vmerge_continue = false;
                }
                "tbl" => {
                    if let Some(t) = tables.pop()
                        && tables.is_empty()
                    {
                        blocks.push(Block::Table(Table {
                            rows: vmerge_spans(t.rows),
                            at: t.at,
                        }));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(blocks)
}

/// Turns `vMerge` continuations (marked with row span 0) into the row span of the cell they
/// continue.
fn vmerge_spans(mut rows: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut origin: Vec<Option<usize>> = vec![None; width];
    for r in 0..rows.len() {
        for c in 0..rows[r].len() {
            if rows[r][c].rowspan == 0 {
                rows[r][c].rowspan = 1;
                if let Some(o) = origin[c] {
                    rows[o][c].rowspan += 1;
                }
            } else {
                origin[c] = Some(r);
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>第一部分</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">收入 </w:t></w:r><w:r><w:t>1&amp;2</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>金额</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"#;

    #[test]
    fn a_contents_entry_is_read_without_its_page_number() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:pPr><w:pStyle w:val="TOC2"/><w:tabs><w:tab w:val="right" w:pos="9000"/></w:tabs></w:pPr><w:r><w:t>一、主要职能</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>12</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t>合计</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>12</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>第一部分</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>第3页</w:t></w:r></w:p>
</w:body></w:document>"#;
        let texts: Vec<String> = parse(xml.as_bytes())
            .unwrap()
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.text.clone(),
                Block::Table(_) => panic!("no table"),
            })
            .collect();
        assert_eq!(texts, ["一、主要职能", "合计12", "第一部分第3页"]);
    }

    #[test]
    fn paragraphs_headings_tables() {
        let blocks = parse(DOC.as_bytes()).unwrap();
        assert_eq!(blocks.len(), 3);
        let Block::Para(h) = &blocks[0] else { panic!() };
        assert!(h.heading);
        let Block::Para(p) = &blocks[1] else { panic!() };
        // `tidy` drops a space next to a CJK character (runs split mid-phrase).
        assert_eq!(p.text, "收入1&2");
        assert!(!p.heading);
        let Block::Table(t) = &blocks[2] else {
            panic!()
        };
        assert_eq!(t.text(0, 0), "项目");
        assert_eq!(t.rows[0][0].span, 2);
        assert_eq!(t.text(0, 2), "金额");
        assert_eq!(t.text(1, 0), "a\nb");
        assert_eq!(t.text(1, 2), "", "a vMerge continuation is empty");
        assert_eq!(t.rows[0][2].rowspan, 2);
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(parse(b"<w:document><w:body><w:p></w:x>").is_err());
    }
}
