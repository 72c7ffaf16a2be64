//! PDF through typst as a library: the document becomes typst markup (every text as a
//! string literal, so nothing in the data can act as markup), compiled against an
//! in-memory world holding the CJK fonts found on the machine and the charts as SVG;
//! typst lays out, embeds and subsets the fonts.

use std::collections::HashMap;
use std::fmt::Write;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::charts;
use crate::doc::{
    Align, Block, Cell, Cover, DRAFT_HEADING, DRAFT_MARK, Document, Inline, Table, inlines,
};
use crate::fonts::{self, Role};

/// Quotes text as a typst string literal.
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn runs(out: &mut String, rs: &[Inline]) {
    for r in rs {
        match r {
            Inline::Text(t) => {
                let _ = write!(out, "#{}", lit(t));
            }
            Inline::Gap(g) => {
                let _ = write!(
                    out,
                    "#highlight(fill: rgb(\"#fff3a3\"), stroke: 0.5pt + rgb(\"#b58900\"))[#{}]",
                    lit(g)
                );
            }
        }
    }
}

/// The typst family of each role, with the title's weight (a Song fallback is set bold to
/// stand in for 小标宋).
struct Families {
    body: String,
    heading: String,
    level3: String,
    title: String,
    title_weight: &'static str,
}

fn cell(out: &mut String, c: &Cell) {
    let mut args = Vec::new();
    if c.colspan > 1 {
        args.push(format!("colspan: {}", c.colspan));
    }
    if c.rowspan > 1 {
        args.push(format!("rowspan: {}", c.rowspan));
    }
    let align = match c.align {
        Align::Left => "left + horizon",
        Align::Center => "center + horizon",
        Align::Right => "right + horizon",
    };
    args.push(format!("align: {align}"));
    // a header row may hold data (the project's name in a 自评表's repeated first row)
    if c.header {
        args.push("fill: luma(242)".to_string());
    }
    let _ = write!(out, "table.cell({})[", args.join(", "));
    if c.header {
        out.push_str("#strong[");
    }
    runs(out, &inlines(&c.text));
    if c.header {
        out.push(']');
    }
    out.push_str("],\n");
}

fn table(out: &mut String, t: &Table, f: &Families) {
    let cols: Vec<String> = t.widths.iter().map(|w| format!("{w}fr")).collect();
    // The title and unit line stick to the table's start (never alone at a page's foot);
    // the header rows repeat on every page the table continues on.
    let _ = write!(
        out,
        "#[#set par(first-line-indent: 0em, justify: false, leading: 0.45em)\n\
         #block(sticky: true, width: 100%, below: 0.6em)[#align(center, text(font: {}, size: 15pt)[#{}])]\n",
        lit(&f.heading),
        lit(&t.title)
    );
    if t.org.is_some() || t.unit.is_some() {
        let _ = writeln!(
            out,
            "#block(sticky: true, width: 100%, below: 0.4em)[#text(size: 10pt)[#grid(columns: (1fr, auto), align(left)[#{}], align(right)[#{}])]]",
            lit(t.org.as_deref().unwrap_or_default()),
            lit(t.unit.as_deref().unwrap_or_default())
        );
    }
    let _ = writeln!(
        out,
        "#text(size: 9pt)[#table(columns: ({},), stroke: 0.5pt, inset: (x: 3pt, y: 2pt),",
        cols.join(", ")
    );
    if !t.head.is_empty() {
        out.push_str("table.header(repeat: true,\n");
        for c in t.head.iter().flatten() {
            cell(out, c);
        }
        out.push_str("),\n");
    }
    for row in &t.body {
        for c in row {
            cell(out, c);
        }
    }
    out.push_str(")]\n");
    for n in &t.notes {
        let _ = writeln!(out, "#text(size: 10pt)[#{}]\n", lit(n));
    }
    out.push_str("]\n\n");
}

const PORTRAIT: &str = "margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm)";

/// The cover page: no page number; the numbering starts at 1 on the page after it.
fn cover(s: &mut String, c: &Cover, f: &Families) {
    // A title too long for a line breaks before its year (`上海市普陀区财政局` /
    // `2024年度部门决算`), never inside `部门决算`.
    let title = match crate::doc::year_at(&c.title) {
        Some(i) if i > 0 => format!("#{}#box[#{}]", lit(&c.title[..i]), lit(&c.title[i..])),
        _ => format!("#{}", lit(&c.title)),
    };
    let _ = write!(
        s,
        "#page(footer: none)[#set par(first-line-indent: 0em, justify: false)\n\
         #v(45mm)\n#align(center, block(width: 85%, text(font: {}, weight: {}, size: 26pt)[#set par(leading: 0.7em)\n{title}]))\n#v(18mm)\n",
        lit(&f.title),
        lit(f.title_weight),
    );
    for l in &c.lines {
        let _ = writeln!(
            s,
            "#align(center, text(font: {}, size: 16pt)[#{}])\n#v(4mm)",
            lit(&f.body),
            lit(l)
        );
    }
    s.push_str("#v(1fr)\n");
    if let Some(d) = &c.date {
        let _ = writeln!(
            s,
            "#align(center, text(font: {}, size: 16pt)[#{}])",
            lit(&f.body),
            lit(d)
        );
    }
    s.push_str("#v(20mm)]\n#counter(page).update(1)\n\n");
}

/// The open errors of a draft, on a page of their own at the end.
fn draft_list(s: &mut String, errors: &[String]) {
    let _ = write!(
        s,
        "#set page(flipped: false, {PORTRAIT})\n#pagebreak(weak: true)\n\
         #heading(level: 1, outlined: false)[#text(fill: rgb(\"#c00000\"))[#{}]]\n\n",
        lit(DRAFT_HEADING)
    );
    for e in errors {
        let _ = write!(
            s,
            "#block[#set par(first-line-indent: 0em)\n#{}]\n\n",
            lit(e)
        );
    }
}

fn markup(doc: &Document, f: &Families, charts_out: &mut Vec<(String, String)>) -> String {
    let mut s = String::with_capacity(256 * 1024);
    // A draft's mark sits high in the top margin of every page (the cover's too), in the
    // band a reader takes for page furniture.
    let header = if doc.draft.is_some() {
        format!(
            "header: align(right, box(stroke: 1pt + rgb(\"#c00000\"), inset: (x: 6pt, y: 3pt), \
             text(font: {}, size: 16pt, fill: rgb(\"#c00000\"), weight: \"bold\")[#{}])), header-ascent: 55%, ",
            lit(&f.heading),
            lit(DRAFT_MARK)
        )
    } else {
        String::new()
    };
    let _ = write!(
        s,
        "#set document(title: {title})\n\
         #set page(paper: \"a4\", {PORTRAIT}, {header}\
           footer: context align(center, text(size: 14pt)[— #counter(page).display() —]))\n\
         #set text(font: ({body}, {heading}), size: 16pt, lang: \"zh\", region: \"cn\", cjk-latin-spacing: none)\n\
         #set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 12pt, spacing: 12pt)\n\
         #show heading: set text(font: ({heading}, {body}), weight: \"regular\", size: 16pt)\n\
         #show heading: set block(above: 18pt, below: 12pt)\n\
         #show heading.where(level: 1): set align(center)\n\
         #show heading.where(level: 3): set text(font: ({level3}, {body}))\n\
         #show heading.where(level: 4): set text(font: ({body}, {heading}), weight: \"bold\")\n",
        title = lit(&doc.title),
        body = lit(&f.body),
        heading = lit(&f.heading),
        level3 = lit(&f.level3),
    );
    if doc.cover().is_none() {
        let _ = write!(
            s,
            "#align(center, text(font: {}, weight: {}, size: 22pt)[#{}])\n#v(1em)\n",
            lit(&f.title),
            lit(f.title_weight),
            lit(&doc.title)
        );
    }
    let mut headings = 0usize;
    for b in &doc.blocks {
        match b {
            Block::Heading { level, text } => {
                // labelled by number: where it lands gives the DOCX's contents page numbers
                headings += 1;
                let _ = writeln!(
                    s,
                    "#heading(level: {level})[#{}] <juesuan-h{headings}>\n",
                    lit(text)
                );
            }
            Block::Paragraph(rs) => {
                runs(&mut s, rs);
                s.push_str("\n\n");
            }
            Block::Plain(rs) => {
                s.push_str("#block[#set par(first-line-indent: 0em)\n");
                runs(&mut s, rs);
                s.push_str("]\n\n");
            }
            Block::Table(t) => table(&mut s, t, f),
            Block::Cover(c) => cover(&mut s, c, f),
            Block::Chart(c) => {
                let (svg, ..) = charts::svg(c);
                let path = format!("/{}.svg", c.id);
                let _ = write!(
                    s,
                    "#block(sticky: true)[#align(center)[#image({}, width: 14cm)]]\n#align(center, text(font: ({}, {}), size: 14pt)[#{}])\n\n",
                    lit(&path),
                    lit(&f.level3),
                    lit(&f.body),
                    lit(&c.caption)
                );
                charts_out.push((path, svg));
            }
            Block::Contents => {
                s.push_str(
                    "#outline(title: [目录], depth: 3, indent: 2em)\n#pagebreak(weak: true)\n\n",
                );
            }
            Block::PageBreak { landscape } => {
                if *landscape {
                    s.push_str("#set page(flipped: true, margin: 20mm)\n\n");
                } else {
                    let _ = write!(s, "#set page(flipped: false, {PORTRAIT})\n\n");
                }
            }
        }
    }
    if let Some(d) = &doc.draft {
        draft_list(&mut s, &d.lines());
    }
    s
}

struct MemoryWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: HashMap<FileId, Bytes>,
    year: i32,
}

impl World for MemoryWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().as_rootless_path().into()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        Datetime::from_ymd(self.year + 1, 1, 1)
    }
}

/// The fonts typst uses: the faces chosen for each role ([`fonts::choices`]) and the other
/// faces of their families (bold), with the typst family name of each role.
fn load_fonts() -> Option<(Vec<Font>, Families)> {
    use std::sync::OnceLock;
    /// The fonts, the family of each role, and whether the title's is a fallback.
    type Loaded = (Vec<Font>, [String; 4], bool);
    static FONTS: OnceLock<Option<Loaded>> = OnceLock::new();
    let loaded = FONTS.get_or_init(|| {
        let choices = fonts::choices()?;
        let faces = fonts::cjk_faces();
        let mut paths: Vec<_> = faces
            .iter()
            .filter(|f| choices.iter().any(|c| c.family() == f.2))
            .map(|f| f.0.clone())
            .chain(choices.iter().map(|c| c.face.path.clone()))
            .collect();
        paths.sort();
        paths.dedup();
        let mut fonts = Vec::new();
        let mut names: [String; 4] = Default::default();
        for p in paths {
            let Ok(data) = std::fs::read(&p) else {
                continue;
            };
            for font in Font::iter(Bytes::new(data)) {
                for (k, c) in choices.iter().enumerate() {
                    if c.face.path == p && c.face.index == font.index() && k < 4 {
                        names[k] = font.info().family.clone();
                    }
                }
                fonts.push(font);
            }
        }
        // a face typst could not read: fall back to the body's, then to any
        let any = fonts.first().map(|f| f.info().family.clone())?;
        for k in 0..4 {
            if names[k].is_empty() {
                names[k] = if names[0].is_empty() {
                    any.clone()
                } else {
                    names[0].clone()
                };
            }
        }
        let title_fallback = choices.iter().any(|c| c.role == Role::Title && c.fallback);
        Some((fonts, names, title_fallback))
    });
    let (fonts, names, title_fallback) = loaded.as_ref()?;
    let [body, heading, level3, title] = names.clone();
    Some((
        fonts.clone(),
        Families {
            body,
            heading,
            level3,
            title,
            title_weight: if *title_fallback { "bold" } else { "regular" },
        },
    ))
}

/// Lays the document out with typst. `Ok(None)` when no CJK font is available.
fn compile(doc: &Document, year: u16) -> Result<Option<PagedDocument>, String> {
    let Some((fonts, families)) = load_fonts() else {
        return Ok(None);
    };
    let mut charts_out = Vec::new();
    let text = markup(doc, &families, &mut charts_out);
    let main_id = FileId::new(None, VirtualPath::new("/main.typ"));
    let files = charts_out
        .into_iter()
        .map(|(p, svg)| {
            (
                FileId::new(None, VirtualPath::new(&p)),
                Bytes::new(svg.into_bytes()),
            )
        })
        .collect();
    let world = MemoryWorld {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main: Source::new(main_id, text),
        files,
        year: i32::from(year),
    };
    let compiled = typst::compile::<PagedDocument>(&world);
    compiled.output.map(Some).map_err(|errs| {
        let msgs: Vec<String> = errs.iter().take(3).map(|e| e.message.to_string()).collect();
        format!("排版失败：{}", msgs.join("；"))
    })
}

/// Writes the document as PDF. `Ok(None)` when no CJK font is available.
pub fn write(doc: &Document, year: u16) -> Result<Option<Vec<u8>>, String> {
    Ok(layout(doc, year)?.map(|l| l.pdf))
}

/// The document laid out by typst: the PDF, and the page number (as printed in the
/// footer) of each heading, in order.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The PDF's bytes.
    pub pdf: Vec<u8>,
    /// The printed page number of each heading of the document, in order (`Block::Heading`
    /// number `n` at `n - 1`).
    pub heading_pages: Vec<usize>,
}

/// Lays the document out once: the PDF and where its headings fall. `Ok(None)` when no
/// CJK font is available.
pub fn layout(doc: &Document, year: u16) -> Result<Option<Layout>, String> {
    use typst::foundations::Label;
    use typst::utils::PicoStr;
    let Some(document) = compile(doc, year)? else {
        return Ok(None);
    };
    let count = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading { .. }))
        .count();
    // the cover is page 1 of the file but has no number; the next page is numbered 1
    let skipped = usize::from(doc.cover().is_some());
    let intro = &document.introspector;
    let heading_pages = (1..=count)
        .map(|n| {
            Label::new(PicoStr::intern(&format!("juesuan-h{n}")))
                .and_then(|l| intro.query_label(l).ok())
                .and_then(|c| c.location())
                .map_or(0, |loc| intro.page(loc).get().saturating_sub(skipped))
        })
        .collect();
    let options = typst_pdf::PdfOptions {
        timestamp: None,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errs| {
        let msgs: Vec<String> = errs.iter().take(3).map(|e| e.message.to_string()).collect();
        format!("生成PDF失败：{}", msgs.join("；"))
    })?;
    Ok(Some(Layout { pdf, heading_pages }))
}

/// The text of each page of the PDF as typst lays it out, in the order typst places it
/// (tests: what every page shows). `Ok(None)` when no CJK font is available.
pub fn page_texts(doc: &Document, year: u16) -> Result<Option<Vec<String>>, String> {
    use typst::layout::{Frame, FrameItem};
    fn walk(frame: &Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, out),
                FrameItem::Text(t) => out.push_str(t.text.as_str()),
                _ => {}
            }
        }
    }
    Ok(compile(doc, year)?.map(|d| {
        d.pages
            .iter()
            .map(|p| {
                let mut s = String::new();
                walk(&p.frame, &mut s);
                s
            })
            .collect()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_cannot_escape() {
        assert_eq!(lit("a\"#b\\"), "\"a\\\"#b\\\\\"");
        assert_eq!(lit("行1\n行2"), "\"行1\\n行2\"");
    }
}
