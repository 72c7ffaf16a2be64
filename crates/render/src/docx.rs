//! DOCX (WordprocessingML) written directly with `zip`: a cover in a section of its own,
//! real heading styles with outline levels (Word's navigation pane), a table of contents
//! whose page numbers are `PAGEREF` fields to bookmarks at the headings (LibreOffice works
//! them out as it lays out; Word and WPS when they update fields), real tables with merged
//! cells, header rows repeated on every page and rows never split, charts as PNG, page
//! numbers in the footer, a draft's mark in the header, and a 公文 layout after
//! GB/T 9704: A4, margins 37/35/28/26 mm, 仿宋 三号 body at a fixed 28 pt line, 黑体 and
//! 楷体 headings, with the East Asian font names set. Tables go on landscape pages.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::doc::{
    Align, Block, Cell, Cover, DRAFT_HEADING, DRAFT_MARK, Document, Inline, Slot, Table, escape,
    inlines,
};

/// Twips per millimetre (1 mm = 56.69 twips).
fn mm(v: f64) -> u32 {
    (v * 56.692_913).round() as u32
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

/// Page geometry of a section.
#[derive(Clone, Copy)]
struct Page {
    landscape: bool,
}

impl Page {
    /// Width available for text, in twips.
    fn text_width(self) -> u32 {
        if self.landscape {
            mm(297.0 - 40.0)
        } else {
            mm(210.0 - 28.0 - 26.0)
        }
    }

    /// The section's properties. `draft` adds the header with the draft mark; `cover` is
    /// the cover's section (no page number), `restart` starts the numbering at 1.
    fn sect_pr(self, draft: bool, cover: bool, restart: bool) -> String {
        let (w, h, orient, top, bottom, left, right) = if self.landscape {
            (
                16838,
                11906,
                " w:orient=\"landscape\"",
                mm(20.0),
                mm(20.0),
                mm(20.0),
                mm(20.0),
            )
        } else {
            (11906, 16838, "", mm(37.0), mm(35.0), mm(28.0), mm(26.0))
        };
        let header = if draft {
            "<w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>"
        } else {
            ""
        };
        let footer = if cover {
            "<w:footerReference w:type=\"default\" r:id=\"rIdFooterEmpty\"/>"
        } else {
            "<w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>"
        };
        let numbering = if restart {
            "<w:pgNumType w:start=\"1\"/>"
        } else {
            ""
        };
        format!(
            "<w:sectPr>{header}{footer}\
             <w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/>\
             <w:pgMar w:top=\"{top}\" w:right=\"{right}\" w:bottom=\"{bottom}\" w:left=\"{left}\" \
             w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/>{numbering}</w:sectPr>",
            mm(12.0),
            mm(12.0)
        )
    }
}

fn run(out: &mut String, text: &str, gap: bool) {
    out.push_str("<w:r>");
    if gap {
        out.push_str("<w:rPr><w:highlight w:val=\"yellow\"/></w:rPr>");
    }
    let _ = write!(
        out,
        "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        escape(text)
    );
}

fn runs(out: &mut String, rs: &[Inline]) {
    for r in rs {
        match r {
            Inline::Text(t) => run(out, t, false),
            Inline::Gap(g) => run(out, g, true),
        }
    }
}

fn para(out: &mut String, style: &str, extra_ppr: &str, rs: &[Inline]) {
    let _ = write!(
        out,
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{extra_ppr}</w:pPr>"
    );
    runs(out, rs);
    out.push_str("</w:p>");
}

fn text_para(out: &mut String, style: &str, text: &str) {
    para(out, style, "", &[Inline::Text(text.to_string())]);
}

struct Writer<'a> {
    body: String,
    page: Page,
    /// The document is a draft (every section gets the header with the mark).
    draft: bool,
    /// The current section is the cover's.
    in_cover: bool,
    /// The current section restarts the page numbering (the first after the cover).
    restart: bool,
    /// Headings written so far (bookmark names of the table of contents).
    headings: usize,
    /// The page of each heading in the PDF's layout, when known.
    heading_pages: &'a [usize],
    images: &'a BTreeMap<String, (Vec<u8>, u32, u32)>,
    media: Vec<(String, &'a [u8])>,
    drawing_id: u32,
}

impl Writer<'_> {
    /// Ends the current section with its properties; the next has `page`.
    fn section_break(&mut self, page: Page) {
        let sect = self.next_section(page);
        let _ = write!(self.body, "<w:p><w:pPr>{sect}</w:pPr></w:p>");
    }

    /// The properties that end the current section, for the last paragraph's `w:pPr`;
    /// the next section has `page`.
    fn next_section(&mut self, page: Page) -> String {
        let sect = self.page.sect_pr(self.draft, self.in_cover, self.restart);
        self.restart = self.in_cover;
        self.in_cover = false;
        self.page = page;
        sect
    }

    /// The cover: title, lines, date at the foot, in a section of its own without a page
    /// number.
    fn cover(&mut self, c: &Cover) {
        self.in_cover = true;
        let out = &mut self.body;
        // Word's Title style (a heading to readers, as the title of a document without a
        // cover is), set lower on the page
        para(
            out,
            "Title",
            "<w:spacing w:before=\"2400\" w:after=\"1200\" w:line=\"800\" w:lineRule=\"exact\"/>",
            &[Inline::Text(c.title.clone())],
        );
        for l in &c.lines {
            text_para(out, "CoverLine", l);
        }
        // the date low on the page, leaving room for a title of three lines
        if let Some(d) = &c.date {
            para(
                out,
                "CoverLine",
                &format!(
                    "<w:spacing w:before=\"{}\"/>",
                    560 * 10_usize.saturating_sub(c.lines.len()).max(1)
                ),
                &[Inline::Text(d.clone())],
            );
        }
        self.section_break(Page { landscape: false });
    }

    /// A heading, with the bookmark its table-of-contents entry points at.
    fn heading(&mut self, level: u8, text: &str) {
        self.headings += 1;
        let n = self.headings;
        let _ = write!(
            self.body,
            "<w:p><w:pPr><w:pStyle w:val=\"Heading{level}\"/></w:pPr>\
             <w:bookmarkStart w:id=\"{n}\" w:name=\"{}\"/>",
            bookmark(n)
        );
        run(&mut self.body, text, false);
        let _ = write!(self.body, "<w:bookmarkEnd w:id=\"{n}\"/></w:p>");
    }

    /// The open errors of a draft, at the end on a portrait page of their own.
    fn draft_list(&mut self, lines: &[String]) {
        self.section_break(Page { landscape: false });
        text_para(&mut self.body, "DraftHeading", DRAFT_HEADING);
        for l in lines {
            text_para(&mut self.body, "Plain", l);
        }
    }

    fn table(&mut self, t: &Table) {
        let out = &mut self.body;
        text_para(out, "TableTitle", &t.title);
        if t.org.is_some() || t.unit.is_some() {
            let tab = self.page.text_width();
            let _ = write!(
                out,
                "<w:p><w:pPr><w:pStyle w:val=\"TableMeta\"/><w:tabs><w:tab w:val=\"right\" w:pos=\"{tab}\"/></w:tabs></w:pPr>"
            );
            run(out, t.org.as_deref().unwrap_or_default(), false);
            out.push_str("<w:r><w:tab/></w:r>");
            run(out, t.unit.as_deref().unwrap_or_default(), false);
            out.push_str("</w:p>");
        }
        let total: u32 = t.widths.iter().map(|&w| u32::from(w)).sum::<u32>().max(1);
        let width = self.page.text_width();
        let cols: Vec<u32> = t
            .widths
            .iter()
            .map(|&w| width * u32::from(w) / total)
            .collect();
        let _ = write!(
            out,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"Grid\"/><w:tblW w:w=\"{width}\" w:type=\"dxa\"/>\
             <w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/>\
             <w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>\
             <w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>\
             </w:tblPr><w:tblGrid>"
        );
        for c in &cols {
            let _ = write!(out, "<w:gridCol w:w=\"{c}\"/>");
        }
        out.push_str("</w:tblGrid>");
        for (rows, header) in [(&t.head, true), (&t.body, false)] {
            for row in t.grid(rows) {
                out.push_str("<w:tr>");
                if header {
                    out.push_str("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
                } else {
                    out.push_str("<w:trPr><w:cantSplit/></w:trPr>");
                }
                let mut c = 0;
                while c < row.len() {
                    match row[c] {
                        Some(Slot::Start(cell)) => {
                            let span = (cell.colspan as usize).min(row.len() - c);
                            let w: u32 = cols[c..c + span].iter().sum();
                            tc(out, cell, w, span, cell.rowspan > 1);
                            c += span;
                        }
                        Some(Slot::Above { cell, first: true }) => {
                            let span = (cell.colspan as usize).min(row.len() - c);
                            let w: u32 = cols[c..c + span].iter().sum();
                            let _ = write!(
                                out,
                                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{}<w:vMerge/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p></w:tc>",
                                grid_span(span)
                            );
                            c += span;
                        }
                        Some(_) => c += 1,
                        None => {
                            // a short row: pad with an empty cell so Word keeps the grid
                            let _ = write!(
                                out,
                                "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p></w:tc>",
                                cols[c]
                            );
                            c += 1;
                        }
                    }
                }
                out.push_str("</w:tr>");
            }
        }
        out.push_str("</w:tbl>");
        for n in &t.notes {
            text_para(out, "TableNote", n);
        }
        if t.notes.is_empty() {
            text_para(out, "TableNote", "");
        }
    }

    fn chart(&mut self, c: &crate::doc::Chart) {
        let Some((png, w, h)) = self.images.get(&c.id) else {
            return;
        };
        self.drawing_id += 1;
        let id = self.drawing_id;
        let name = format!("media/chart{id}.png");
        let rid = format!("rIdImg{id}");
        self.media.push((name, png.as_slice()));
        let cx: u64 = 140 * 36_000;
        let cy: u64 = cx * u64::from(*h) / u64::from((*w).max(1));
        let out = &mut self.body;
        let _ = write!(
            out,
            "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/></w:pPr><w:r><w:drawing>\
             <wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/>\
             <wp:docPr id=\"{id}\" name=\"图{id}\" descr=\"{}\"/>\
             <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
             <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
             <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"chart{id}.png\"/><pic:cNvPicPr/></pic:nvPicPr>\
             <pic:blipFill><a:blip r:embed=\"{rid}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
             <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
             <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
             </a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
            escape(&c.caption)
        );
        text_para(out, "Caption", &c.caption);
    }
}

fn grid_span(span: usize) -> String {
    if span > 1 {
        format!("<w:gridSpan w:val=\"{span}\"/>")
    } else {
        String::new()
    }
}

fn tc(out: &mut String, cell: &Cell, w: u32, span: usize, restart: bool) {
    let _ = write!(
        out,
        "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{}{}{}<w:vAlign w:val=\"center\"/></w:tcPr>",
        grid_span(span),
        if restart {
            "<w:vMerge w:val=\"restart\"/>"
        } else {
            ""
        },
        // a header row may hold data (the project's name in a 自评表's repeated first row)
        if cell.header {
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>"
        } else {
            ""
        }
    );
    let jc = match cell.align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    };
    let style = if cell.header {
        "TableHead"
    } else {
        "TableText"
    };
    // line breaks inside a cell become separate paragraphs
    for line in cell.text.split('\n') {
        para(
            out,
            style,
            &format!("<w:jc w:val=\"{jc}\"/>"),
            &inlines(line),
        );
    }
    out.push_str("</w:tc>");
}

/// The bookmark of the `n`th heading (Word names its own table-of-contents bookmarks so).
fn bookmark(n: usize) -> String {
    format!("_Toc{n:08}")
}

/// The table of contents: one paragraph per heading of levels 1–3, a link to it and its
/// page number as a `PAGEREF` field. Not a `TOC` field: LibreOffice shows a `TOC` field's
/// stored result as it is, page numbers included, whereas it works out every `PAGEREF`
/// as it lays the pages out; Word works them out when it updates fields on opening
/// (`w:updateFields`) or printing.
/// The number each `PAGEREF` shows until it is worked out is the page the heading falls on
/// in the PDF's layout (`pages`, by heading number), close to a word processor's; blank
/// without one.
/// `last_ppr` ends the last entry's paragraph properties (a section break, so that the
/// text starts on a new page without an empty paragraph that could fall on a page of its
/// own).
fn contents(out: &mut String, doc: &Document, width: u32, pages: &[usize], last_ppr: &str) {
    text_para(out, "TOCHeading", "目录");
    let entries = doc.contents_entries();
    let count = entries.len();
    for (k, (n, level, text)) in entries.into_iter().enumerate() {
        let end = if k + 1 == count { last_ppr } else { "" };
        let shown = pages
            .get(n - 1)
            .filter(|p| **p > 0)
            .map(ToString::to_string)
            .unwrap_or_default();
        let _ = write!(
            out,
            "<w:p><w:pPr><w:pStyle w:val=\"TOC{level}\"/><w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{width}\"/></w:tabs>{end}</w:pPr>\
             <w:hyperlink w:anchor=\"{b}\" w:history=\"1\">",
            b = bookmark(n)
        );
        run(out, text, false);
        let _ = write!(
            out,
            "<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
             <w:r><w:instrText xml:space=\"preserve\"> PAGEREF {} \\h </w:instrText></w:r>\
             <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>{shown}</w:t></w:r>\
             <w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:hyperlink></w:p>",
            bookmark(n)
        );
    }
}

fn document_xml(doc: &Document, w: &mut Writer) {
    let _ = write!(
        w.body,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>"
    );
    if doc.cover().is_none() {
        text_para(&mut w.body, "Title", &doc.title);
    }
    let mut blocks = doc.blocks.iter().peekable();
    while let Some(b) = blocks.next() {
        match b {
            Block::Cover(c) => w.cover(c),
            Block::Heading { level, text } => w.heading(*level, text),
            Block::Paragraph(rs) => para(&mut w.body, "BodyText", "", rs),
            Block::Plain(rs) => para(&mut w.body, "Plain", "", rs),
            Block::Table(t) => w.table(t),
            Block::Chart(c) => w.chart(c),
            Block::Contents => {
                let width = w.page.text_width();
                // the text starts on a new page, as in the PDF
                let new_page = !matches!(blocks.peek(), Some(Block::PageBreak { .. }) | None)
                    && !doc.contents_entries().is_empty();
                let end = if new_page {
                    let page = w.page;
                    w.next_section(page)
                } else {
                    String::new()
                };
                let pages = w.heading_pages;
                contents(&mut w.body, doc, width, pages, &end);
            }
            // a section break ends the current section (its sectPr describes it)
            Block::PageBreak { landscape } => w.section_break(Page {
                landscape: *landscape,
            }),
        }
    }
    if let Some(d) = &doc.draft {
        w.draft_list(&d.lines());
    }
    let last = w.page.sect_pr(w.draft, w.in_cover, w.restart);
    w.body.push_str(&last);
    w.body.push_str("</w:body></w:document>");
}

fn rpr_fonts(east_asia: &str, ascii: &str) -> String {
    format!(
        "<w:rFonts w:ascii=\"{ascii}\" w:hAnsi=\"{ascii}\" w:eastAsia=\"{east_asia}\" w:cs=\"{ascii}\" w:hint=\"eastAsia\"/>"
    )
}

fn styles_xml() -> String {
    let body = rpr_fonts("仿宋_GB2312", "Times New Roman");
    let hei = rpr_fonts("黑体", "Times New Roman");
    let kai = rpr_fonts("楷体_GB2312", "Times New Roman");
    let song = rpr_fonts("宋体", "Times New Roman");
    let title = rpr_fonts("方正小标宋简体", "Times New Roman");
    let exact = "<w:spacing w:line=\"560\" w:lineRule=\"exact\" w:before=\"0\" w:after=\"0\"/>";
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles {NS}>\
         <w:docDefaults><w:rPrDefault><w:rPr>{body}<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr>{exact}<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"BodyText\"><w:name w:val=\"Body Text\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Plain\"><w:name w:val=\"Plain Text\"/><w:basedOn w:val=\"Normal\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:before=\"600\" w:after=\"600\" w:line=\"700\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>{title}<w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>"
    );
    let headings: [(u8, &str, &str, &str); 4] = [
        (
            1,
            &hei,
            "center",
            "<w:pageBreakBefore w:val=\"0\"/><w:spacing w:before=\"560\" w:after=\"280\" w:line=\"560\" w:lineRule=\"exact\"/>",
        ),
        (
            2,
            &hei,
            "left",
            "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>",
        ),
        (
            3,
            &kai,
            "left",
            "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>",
        ),
        (
            4,
            &body,
            "left",
            "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>",
        ),
    ];
    for (level, font, jc, ppr) in headings {
        let bold = if level == 4 { "<w:b/><w:bCs/>" } else { "" };
        let _ = write!(
            s,
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/>\
             <w:basedOn w:val=\"Normal\"/><w:next w:val=\"BodyText\"/><w:qFormat/>\
             <w:pPr><w:keepNext/>{ppr}<w:jc w:val=\"{jc}\"/><w:outlineLvl w:val=\"{}\"/></w:pPr>\
             <w:rPr>{font}{bold}<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>",
            level - 1
        );
    }
    let small = "<w:spacing w:line=\"240\" w:lineRule=\"auto\" w:before=\"0\" w:after=\"0\"/>";
    // entries of the table of contents in 四号 (14 pt) at 24 pt lines
    let toc_line = "<w:spacing w:line=\"480\" w:lineRule=\"exact\" w:before=\"0\" w:after=\"0\"/>";
    let _ = write!(
        s,
        "<w:style w:type=\"paragraph\" w:styleId=\"CoverLine\"><w:name w:val=\"Cover Line\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"DraftHeading\"><w:name w:val=\"Draft Heading\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"280\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>{hei}<w:color w:val=\"C00000\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/><w:pPr>{small}<w:jc w:val=\"right\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"TOCHeading\"><w:name w:val=\"TOC Heading\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr>{hei}</w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"TOC1\"><w:name w:val=\"toc 1\"/><w:basedOn w:val=\"Normal\"/><w:pPr>{toc_line}</w:pPr><w:rPr>{hei}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"TOC2\"><w:name w:val=\"toc 2\"/><w:basedOn w:val=\"Normal\"/><w:pPr>{toc_line}<w:ind w:left=\"560\"/></w:pPr><w:rPr>{body}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"TOC3\"><w:name w:val=\"toc 3\"/><w:basedOn w:val=\"Normal\"/><w:pPr>{toc_line}<w:ind w:left=\"1120\"/></w:pPr><w:rPr>{kai}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"TableTitle\"><w:name w:val=\"Table Title\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\" w:line=\"400\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>{hei}<w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"TableMeta\"><w:name w:val=\"Table Meta\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/>{small}</w:pPr><w:rPr>{song}<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:pPr>{small}</w:pPr><w:rPr>{song}<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"TableHead\"><w:name w:val=\"Table Head\"/><w:basedOn w:val=\"TableText\"/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"TableNote\"><w:name w:val=\"Table Note\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"60\" w:after=\"240\" w:line=\"300\" w:lineRule=\"auto\"/></w:pPr><w:rPr>{song}<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Figure\"><w:name w:val=\"Figure\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:after=\"240\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr>{kai}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:pPr>{small}<w:jc w:val=\"center\"/></w:pPr><w:rPr>{song}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"Grid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         </w:tblBorders></w:tblPr></w:style>\
         </w:styles>"
    );
    s
}

const FOOTER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>\
<w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>";

/// The footer of the cover's section: empty (no page number on the cover).
const FOOTER_EMPTY: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr></w:p></w:ftr>";

/// The header of a draft: the mark, red and bold, at the right of every page.
fn draft_header() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>\
         <w:r><w:rPr>{}<w:b/><w:bCs/><w:color w:val=\"C00000\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>\
         <w:bdr w:val=\"single\" w:sz=\"8\" w:space=\"2\" w:color=\"C00000\"/></w:rPr><w:t>{DRAFT_MARK}</w:t></w:r></w:p></w:hdr>",
        rpr_fonts("黑体", "Times New Roman")
    )
}

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/><w:updateFields w:val=\"true\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>";

/// Writes the document as DOCX. `images` holds a PNG (with its pixel size) per chart id;
/// charts without one are left out. `heading_pages` is the page of each heading in the
/// PDF's layout, shown in the table of contents until a word processor works the numbers
/// out (empty: blank until then).
pub fn write(
    doc: &Document,
    images: &BTreeMap<String, (Vec<u8>, u32, u32)>,
    year: u16,
    heading_pages: &[usize],
) -> Result<Vec<u8>, String> {
    let mut w = Writer {
        body: String::with_capacity(512 * 1024),
        page: Page { landscape: false },
        draft: doc.draft.is_some(),
        in_cover: false,
        restart: false,
        headings: 0,
        heading_pages,
        images,
        media: Vec::new(),
        drawing_id: 0,
    };
    document_xml(doc, &mut w);
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>\
         <Relationship Id=\"rIdFooterEmpty\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>",
    );
    if w.draft {
        rels.push_str("<Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>");
    }
    for (i, _) in w.media.iter().enumerate() {
        let _ = write!(
            rels,
            "<Relationship Id=\"rIdImg{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/chart{n}.png\"/>",
            n = i + 1
        );
    }
    rels.push_str("</Relationships>");
    let date = format!("{}-01-01T00:00:00Z", year.saturating_add(1));
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>juesuan</dc:creator><dc:language>zh-CN</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>",
        escape(&doc.title)
    );
    let header = draft_header();
    let mut types = CONTENT_TYPES.to_string();
    if w.draft {
        types = types.replace(
            "</Types>",
            "<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/></Types>",
        );
    }
    let mut files: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("docProps/app.xml", APP.as_bytes()),
        ("word/document.xml", w.body.as_bytes()),
        ("word/styles.xml", STYLES.get_or_init(styles_xml).as_bytes()),
        ("word/settings.xml", SETTINGS.as_bytes()),
        ("word/footer1.xml", FOOTER.as_bytes()),
        ("word/footer2.xml", FOOTER_EMPTY.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
    ];
    if w.draft {
        files.push(("word/header1.xml", header.as_bytes()));
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let err = |e: &dyn std::fmt::Display| format!("写入DOCX出错：{e}");
    for (name, data) in files {
        zip.start_file(name, opts).map_err(|e| err(&e))?;
        zip.write_all(data).map_err(|e| err(&e))?;
    }
    let stored = opts.compression_method(CompressionMethod::Stored);
    for (name, data) in &w.media {
        zip.start_file(format!("word/{name}"), stored)
            .map_err(|e| err(&e))?;
        zip.write_all(data).map_err(|e| err(&e))?;
    }
    let cursor = zip.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}

static STYLES: std::sync::OnceLock<String> = std::sync::OnceLock::new();

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Default Extension=\"png\" ContentType=\"image/png\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>juesuan</Application></Properties>";
