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
use crate::doc::{Align, Block, Cell, Document, Inline, Table, inlines};
use crate::fonts;

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

struct Families {
    sans: String,
    serif: String,
}

fn cell(out: &mut String, c: &Cell, header: bool) {
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
    if c.header || header {
        args.push("fill: luma(242)".to_string());
    }
    let _ = write!(out, "table.cell({})[", args.join(", "));
    if c.header || header {
        out.push_str("#strong[");
    }
    runs(out, &inlines(&c.text));
    if c.header || header {
        out.push(']');
    }
    out.push_str("],\n");
}

fn table(out: &mut String, t: &Table, f: &Families) {
    let cols: Vec<String> = t.widths.iter().map(|w| format!("{w}fr")).collect();
    let _ = write!(
        out,
        "#block(width: 100%)[#set par(first-line-indent: 0em, justify: false, leading: 0.45em)\n\
         #align(center, text(font: {}, size: 15pt)[#{}])\n",
        lit(&f.sans),
        lit(&t.title)
    );
    if t.org.is_some() || t.unit.is_some() {
        let _ = writeln!(
            out,
            "#text(size: 10pt)[#grid(columns: (1fr, auto), align(left)[#{}], align(right)[#{}])]",
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
        out.push_str("table.header(\n");
        for c in t.head.iter().flatten() {
            cell(out, c, true);
        }
        out.push_str("),\n");
    }
    for row in &t.body {
        for c in row {
            cell(out, c, false);
        }
    }
    out.push_str(")]\n");
    for n in &t.notes {
        let _ = writeln!(out, "#text(size: 10pt)[#{}]\n", lit(n));
    }
    out.push_str("]\n\n");
}

fn markup(doc: &Document, f: &Families, charts_out: &mut Vec<(String, String)>) -> String {
    let mut s = String::with_capacity(256 * 1024);
    let _ = write!(
        s,
        "#set document(title: {title})\n\
         #set page(paper: \"a4\", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm), \
           footer: context align(center, text(size: 14pt)[— #counter(page).display() —]))\n\
         #set text(font: ({serif}, {sans}), size: 16pt, lang: \"zh\", region: \"cn\", cjk-latin-spacing: none)\n\
         #set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 12pt, spacing: 12pt)\n\
         #show heading: set text(font: {sans}, weight: \"regular\", size: 16pt)\n\
         #show heading: set block(above: 18pt, below: 12pt)\n\
         #show heading.where(level: 1): set align(center)\n\
         #show heading.where(level: 3): set text(font: {serif})\n\
         #show heading.where(level: 4): set text(font: {serif}, weight: \"bold\")\n\
         #align(center, text(font: {sans}, size: 22pt)[#{title}])\n#v(1em)\n",
        title = lit(&doc.title),
        serif = lit(&f.serif),
        sans = lit(&f.sans),
    );
    for b in &doc.blocks {
        match b {
            Block::Heading { level, text } => {
                let _ = writeln!(s, "#heading(level: {level})[#{}]\n", lit(text));
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
            Block::Chart(c) => {
                let (svg, ..) = charts::svg(c);
                let path = format!("/{}.svg", c.id);
                let _ = write!(
                    s,
                    "#align(center)[#image({}, width: 14cm)]\n#align(center, text(size: 14pt)[#{}])\n\n",
                    lit(&path),
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
                    s.push_str(
                        "#set page(flipped: false, margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm))\n\n",
                    );
                }
            }
        }
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

/// The fonts typst uses: the files of one sans and one serif CJK family.
fn load_fonts() -> Option<(Vec<Font>, Families)> {
    use std::sync::OnceLock;
    static FONTS: OnceLock<Option<(Vec<Font>, String, String)>> = OnceLock::new();
    let loaded = FONTS.get_or_init(|| {
        let faces = fonts::cjk_faces();
        let pick = |want: &str| {
            faces
                .iter()
                .find(|f| f.2.contains(want))
                .or_else(|| faces.first())
                .cloned()
        };
        let sans = pick("Sans")?;
        let serif = pick("Serif")?;
        let mut paths: Vec<_> = faces
            .iter()
            .filter(|f| f.2 == sans.2 || f.2 == serif.2)
            .map(|f| f.0.clone())
            .collect();
        paths.sort();
        paths.dedup();
        let mut fonts = Vec::new();
        for p in paths {
            if let Ok(data) = std::fs::read(&p) {
                fonts.extend(Font::iter(Bytes::new(data)));
            }
        }
        (!fonts.is_empty()).then_some((fonts, sans.2, serif.2))
    });
    let (fonts, sans, serif) = loaded.as_ref()?;
    Some((
        fonts.clone(),
        Families {
            sans: sans.clone(),
            serif: serif.clone(),
        },
    ))
}

/// Writes the document as PDF. `Ok(None)` when no CJK font is available.
pub fn write(doc: &Document, year: u16) -> Result<Option<Vec<u8>>, String> {
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
    let document = compiled.output.map_err(|errs| {
        let msgs: Vec<String> = errs.iter().take(3).map(|e| e.message.to_string()).collect();
        format!("排版失败：{}", msgs.join("；"))
    })?;
    let options = typst_pdf::PdfOptions {
        timestamp: None,
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options)
        .map(Some)
        .map_err(|errs| {
            let msgs: Vec<String> = errs.iter().take(3).map(|e| e.message.to_string()).collect();
            format!("生成PDF失败：{}", msgs.join("；"))
        })
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
