//! Published disclosures (PDF, DOCX, HTML, plain text) read into one located document model:
//! paragraphs and tables in reading order, every piece with the page or line it came from.
//!
//! The readers never panic on input: a broken file is an [`IoError`] naming the file and the
//! place, and limits on size, pages, parts and text bound the work any file can cause.

mod continued;
mod docx;
mod html;
pub mod pdf;
mod text;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::Path;

pub use juesuan_diagnostics::Rect;
use serde::Serialize;

use crate::error::{IoError, Problem};
use crate::fsio::read_limited;

/// Largest document accepted (bytes on disk).
pub const MAX_DOCUMENT_BYTES: u64 = 200 * 1024 * 1024;
/// Most pages read from a PDF.
pub const MAX_PAGES: usize = 2000;
/// Most characters of text kept from one document.
pub const MAX_CHARS: usize = 20_000_000;
/// Longest a PDF may take to read, checked between pages (the operator limits bound one page).
pub const MAX_PDF_SECONDS: u64 = 60;
/// Most bytes a PDF's streams may decode to, all together: FlateDecode inflates up to
/// ~1000-fold, so the file's size does not bound the memory its streams take.
pub const MAX_DECODED_BYTES: u64 = 256 * 1024 * 1024;
/// Most bytes one PDF stream may decode to (page contents run to a few hundred KB).
pub const MAX_STREAM_BYTES: u64 = 64 * 1024 * 1024;

/// The kind of file a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// PDF with a text layer.
    Pdf,
    /// Word (WordprocessingML) document.
    Docx,
    /// Plain-text export.
    Text,
    /// Web page.
    Html,
}

impl DocKind {
    /// The kind a path's extension names.
    pub fn from_path(path: &Path) -> Option<DocKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(DocKind::Pdf),
            "docx" | "docm" => Some(DocKind::Docx),
            "txt" | "text" | "md" => Some(DocKind::Text),
            "html" | "htm" => Some(DocKind::Html),
            _ => None,
        }
    }

    /// The kind the content shows, for files without a telling extension. An old Office
    /// file (a `.doc`, or a password-protected `.docx`) goes to the Word reader, which says
    /// what it is.
    pub fn sniff(bytes: &[u8]) -> DocKind {
        if bytes.starts_with(b"%PDF") {
            DocKind::Pdf
        } else if looks_like_html(bytes) {
            DocKind::Html
        } else if bytes
            .get(..1024)
            .is_some_and(|h| find(h, b"%PDF-").is_some())
        {
            DocKind::Pdf
        } else if bytes.starts_with(b"PK") || crate::office::compound(bytes).is_some() {
            DocKind::Docx
        } else {
            DocKind::Text
        }
    }
}

/// Whether a file starts with `<!DOCTYPE html` or `<html`, after a byte order mark, white
/// space, comments and an XML declaration (content systems put their own comment first), in
/// UTF-8, GBK or UTF-16.
fn looks_like_html(bytes: &[u8]) -> bool {
    // The first characters as ASCII; UTF-16 is read up to its first non-ASCII character.
    let head: Vec<u8> = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        rest.chunks_exact(2)
            .take(1024)
            .map_while(|c| (c[1] == 0).then_some(c[0]))
            .collect()
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        rest.chunks_exact(2)
            .take(1024)
            .map_while(|c| (c[0] == 0).then_some(c[1]))
            .collect()
    } else {
        let rest = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        rest.iter().take(1024).copied().collect()
    };
    let head = head.to_ascii_lowercase();
    let mut rest = head.trim_ascii_start();
    // Comments and `<?xml …?>` before the document, each skipped to its end.
    loop {
        let close: &[u8] = if rest.starts_with(b"<!--") {
            b"-->"
        } else if rest.starts_with(b"<?") {
            b">"
        } else {
            break;
        };
        let Some(end) = find(rest, close) else {
            return false;
        };
        rest = rest
            .get(end + close.len()..)
            .unwrap_or_default()
            .trim_ascii_start();
    }
    let tag = |t: &[u8]| {
        rest.strip_prefix(t).is_some_and(|after| {
            after
                .first()
                .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
        })
    };
    tag(b"<!doctype html") || tag(b"<html")
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where a piece of a document is: a page (PDF) and a line on it, a paragraph (DOCX), or a
/// line of a text file. All numbers are 1-based.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct At {
    /// Page, for PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Line on the page (PDF), paragraph number (DOCX) or line of the file (text, HTML).
    pub line: u32,
}

impl At {
    /// A line of a file or a paragraph.
    pub fn line(line: u32) -> At {
        At { page: None, line }
    }

    /// A line on a page.
    pub fn page_line(page: u32, line: u32) -> At {
        At {
            page: Some(page),
            line,
        }
    }
}

/// A paragraph or a table, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph (a heading is a paragraph too).
    Para(Para),
    /// A table.
    Table(Table),
}

impl Block {
    /// Where the block starts.
    pub fn at(&self) -> At {
        match self {
            Block::Para(p) => p.at,
            Block::Table(t) => t.at,
        }
    }
}

/// A paragraph of text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Para {
    /// Its text, wrapped lines joined.
    pub text: String,
    /// Where it starts.
    pub at: At,
    /// Whether the source marks it as a heading (DOCX heading styles, HTML `h1`–`h6`); other
    /// readers leave it to recognition.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub heading: bool,
    /// Where its text is on the pages (PDF only; empty for DOCX, HTML and text). For drawing,
    /// so not serialized.
    #[serde(skip)]
    pub geometry: Geometry,
}

impl Para {
    /// The boxes a byte range of the text covers on its pages, one per visual line it runs
    /// over; empty when the text has no geometry (DOCX, text) or the range is empty.
    pub fn boxes(&self, range: Range<usize>) -> Vec<Rect> {
        self.geometry.boxes(&self.text, range)
    }
}

/// Where a text's visual lines are on their pages: enough to turn any byte range of the
/// text into boxes. Coordinates are in points from the displayed page's top-left corner, y
/// growing downwards (as [`Rect`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Geometry {
    /// The visual lines the text was joined from, in text order.
    pub lines: Vec<TextLine>,
    /// The left and right edge of every character of every line, one line after another
    /// from [`TextLine::first_edge`]: `2·i` and `2·i + 1` for the line's `i`-th character.
    /// Two per character, not one boundary between neighbours, because the text drops the
    /// gaps between CJK characters (a heading's `第二部分　上海市…` is one run), and one shared
    /// boundary would put a box's end halfway across such a gap.
    pub edges: Vec<f32>,
}

/// One visual line of a text (28 bytes; its characters' edges are in [`Geometry::edges`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextLine {
    /// Page, from 1.
    pub page: u32,
    /// Start of the line's text in the whole text (bytes).
    pub start: u32,
    /// End of the line's text in the whole text (bytes, exclusive).
    pub end: u32,
    /// Top of the line: the highest top of its glyphs' em boxes.
    pub top: f32,
    /// Bottom of the line: the lowest bottom of its glyphs' em boxes.
    pub bottom: f32,
    /// Index in [`Geometry::edges`] of the left edge of the line's first character.
    pub first_edge: u32,
    /// The page is shown a quarter turn round (`/Rotate 90` or `270`), so the line runs down
    /// the page: its edges are y positions and `top`/`bottom` are x positions.
    pub turned: bool,
}

/// A byte offset as stored in [`TextLine`]: texts are bounded by [`MAX_CHARS`], far below
/// `u32::MAX` bytes, so saturating never happens on text that is kept.
fn offset32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Geometry {
    /// Adds a line whose text is `text[start..end]` and whose characters' left and right
    /// edges are `edges` (two per character).
    pub(crate) fn push_line(&mut self, line: TextLine, start: usize, end: usize, edges: &[f32]) {
        self.lines.push(TextLine {
            start: offset32(start),
            end: offset32(end),
            first_edge: offset32(self.edges.len()),
            ..line
        });
        self.edges.extend_from_slice(edges);
    }

    /// Appends the lines of a text that was appended `shift` bytes into this one.
    pub(crate) fn append(&mut self, other: Geometry, shift: usize) {
        let (shift, base) = (offset32(shift), offset32(self.edges.len()));
        self.lines.extend(other.lines.into_iter().map(|l| TextLine {
            start: l.start.saturating_add(shift),
            end: l.end.saturating_add(shift),
            first_edge: l.first_edge.saturating_add(base),
            ..l
        }));
        self.edges.extend(other.edges);
    }

    /// The boxes of `text[range]` (the text this geometry describes): the range is clamped
    /// to the text and widened to character boundaries.
    pub fn boxes(&self, text: &str, range: Range<usize>) -> Vec<Rect> {
        let mut start = range.start.min(text.len());
        let mut end = range.end.min(text.len());
        let mut out = Vec::new();
        if start >= end {
            return out;
        }
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        for l in &self.lines {
            let (ls, le) = (l.start as usize, (l.end as usize).min(text.len()));
            let (a, b) = (start.max(ls), end.min(le));
            let Some(line) = text.get(ls..le) else {
                continue;
            };
            if a >= b {
                continue;
            }
            // Character indices within the line: edges are kept per character, not per byte.
            let Some(ca) = line.get(..a - ls).map(|s| s.chars().count()) else {
                continue;
            };
            let Some(cb) = line.get(..b - ls).map(|s| s.chars().count()) else {
                continue;
            };
            let first = l.first_edge as usize;
            let Some(edges) = self.edges.get(first + 2 * ca..first + 2 * cb) else {
                continue;
            };
            // Glyphs may overlap or come out of order (kerning, overprinting): take the extent.
            let lo = edges.iter().copied().fold(f32::INFINITY, f32::min);
            let hi = edges.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let (top, bottom) = (l.top.min(l.bottom), l.top.max(l.bottom));
            out.push(if l.turned {
                Rect {
                    page: l.page,
                    x0: top,
                    y0: lo,
                    x1: bottom,
                    y1: hi,
                }
            } else {
                Rect {
                    page: l.page,
                    x0: lo,
                    y0: top,
                    x1: hi,
                    y1: bottom,
                }
            });
        }
        out
    }
}

/// A table: rows of cells. Merged cells are repeated in each grid position they cover only in
/// the first one; the rest are empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// Rows, top to bottom.
    pub rows: Vec<Vec<Cell>>,
    /// Where the table starts.
    pub at: At,
}

impl Table {
    /// The text of a cell, empty when out of range.
    pub fn text(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", |c| c.text.as_str())
    }

    /// The number of columns of the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// A table cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    /// Its text, wrapped lines joined.
    pub text: String,
    /// Where it is.
    pub at: At,
    /// Columns it spans (merged cells), at least 1.
    #[serde(skip_serializing_if = "is_one")]
    pub span: u32,
    /// Rows it spans (merged cells), at least 1.
    #[serde(skip_serializing_if = "is_one")]
    pub rowspan: u32,
    /// Its box on the page (PDF only; a merged cell's whole box in its first position, none
    /// in the positions it covers). For drawing, so not serialized.
    #[serde(skip)]
    pub rect: Option<Rect>,
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl Cell {
    /// A cell spanning one column.
    pub fn new(text: impl Into<String>, at: At) -> Cell {
        Cell {
            text: text.into(),
            at,
            span: 1,
            rowspan: 1,
            rect: None,
        }
    }

    /// The boxes of the cell on the page: its own, when known.
    pub fn boxes(&self) -> Vec<Rect> {
        self.rect.into_iter().collect()
    }
}

/// A document read from a file.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The file's name as given.
    pub source: String,
    /// The kind of file.
    pub kind: DocKind,
    /// Pages (PDF); 0 when the format has none.
    pub pages: u32,
    /// Paragraphs and tables in reading order.
    pub blocks: Vec<Block>,
    /// What the reader noticed but could read past (a page without text, a damaged part).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Width and height in points of each page as shown (PDF: the crop box within the media
    /// box, turned by `/Rotate`), to scale boxes onto a rendered page; empty for DOCX and
    /// text. Not serialized.
    #[serde(skip)]
    pub page_sizes: Vec<(f32, f32)>,
}

impl Document {
    /// Appends a second file published with this one (a budget's tables printed apart from
    /// its text) as if its pages followed this document's: its page numbers are shifted by
    /// this document's page count, so each place stays distinct (`第3页` of the second file
    /// becomes `第(N+3)页`). The source names both files.
    pub fn append(&mut self, other: Document) {
        let shift = self.pages;
        let page = |p: &mut Option<u32>| {
            if let Some(p) = p {
                *p = p.saturating_add(shift);
            }
        };
        for mut b in other.blocks {
            match &mut b {
                Block::Para(p) => {
                    page(&mut p.at.page);
                    for l in &mut p.geometry.lines {
                        l.page = l.page.saturating_add(shift);
                    }
                }
                Block::Table(t) => {
                    page(&mut t.at.page);
                    for c in t.rows.iter_mut().flatten() {
                        page(&mut c.at.page);
                        if let Some(r) = &mut c.rect {
                            r.page = r.page.saturating_add(shift);
                        }
                    }
                }
            }
            self.blocks.push(b);
        }
        self.pages = self.pages.saturating_add(other.pages);
        self.page_sizes.extend(other.page_sizes);
        self.notes.extend(other.notes);
        self.source = format!("{} + {}", self.source, other.source);
    }

    /// Every paragraph, in order.
    pub fn paras(&self) -> impl Iterator<Item = &Para> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Para(p) => Some(p),
            Block::Table(_) => None,
        })
    }

    /// Every table, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Para(_) => None,
        })
    }

    /// The number of characters of text.
    pub fn chars(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.text.chars().count(),
                Block::Table(t) => t
                    .rows
                    .iter()
                    .flatten()
                    .map(|c| c.text.chars().count())
                    .sum(),
            })
            .sum()
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.page {
            Some(p) => write!(f, "第{p}页第{}行", self.line),
            None => write!(f, "第{}行", self.line),
        }
    }
}

/// Reads a document, choosing the reader by extension (else by content). A workbook is
/// refused as one: damaged, encrypted, or a data package to audit rather than a document.
pub fn read_document(path: &Path) -> Result<Document, IoError> {
    let bytes = read_limited(path, MAX_DOCUMENT_BYTES)?;
    if crate::Format::from_path(path) == Some(crate::Format::Xlsx) {
        let problem = crate::xlsx::read::check_workbook(&bytes).err().unwrap_or_else(|| {
            Problem::file(
                "是 Excel 工作簿（数据包），不是公开文件（PDF、DOCX、文本）；请用 juesuan audit 审核",
            )
        });
        return Err(IoError::invalid(path, problem));
    }
    let kind = DocKind::from_path(path).unwrap_or_else(|| DocKind::sniff(&bytes));
    let source = path.display().to_string();
    // The bytes are handed over, not copied: a PDF reader keeps the file in memory.
    parse(Cow::Owned(bytes), kind, &source).map_err(|p| IoError::Invalid {
        path: path.to_path_buf(),
        problems: vec![p],
    })
}

/// Reads a document from bytes already in memory.
pub fn parse_document(bytes: &[u8], kind: DocKind, source: &str) -> Result<Document, Problem> {
    parse(Cow::Borrowed(bytes), kind, source)
}

fn parse(bytes: Cow<'_, [u8]>, kind: DocKind, source: &str) -> Result<Document, Problem> {
    let (blocks, pages, notes, page_sizes) = match kind {
        DocKind::Pdf => {
            let mut r = pdf::read(bytes)?;
            continued::join(&mut r.blocks);
            (r.blocks, r.pages, r.notes, r.page_sizes)
        }
        DocKind::Docx => (docx::read(&bytes)?, 0, Vec::new(), Vec::new()),
        DocKind::Text => (text::read(&bytes)?, 0, Vec::new(), Vec::new()),
        DocKind::Html => (html::read(&bytes)?, 0, Vec::new(), Vec::new()),
    };
    let doc = Document {
        source: source.to_string(),
        kind,
        pages,
        blocks,
        notes,
        page_sizes,
    };
    if doc.chars() > MAX_CHARS {
        return Err(too_much_text());
    }
    Ok(doc)
}

/// The refusal of a document with more than [`MAX_CHARS`] characters.
fn too_much_text() -> Problem {
    Problem::file(format!(
        "文字超过 {} 万字，超出上限，未读取",
        MAX_CHARS / 10_000
    ))
}

/// Collapses runs of whitespace into nothing between CJK characters and one space elsewhere,
/// and trims: how cell and paragraph text is compared.
pub fn tidy(s: &str) -> String {
    tidy_mapped(s, |_| {})
}

/// [`tidy`], telling `kept` for each character of the result where it came from: `Some(i)`
/// for the `i`-th character of `s`, `None` for a space standing for a run of whitespace
/// (so positions can follow the text through tidying).
pub(crate) fn tidy_mapped(s: &str, mut kept: impl FnMut(Option<usize>)) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for (i, c) in s.chars().enumerate() {
        if c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            let prev = out.chars().next_back().unwrap_or(' ');
            if !(is_cjk(prev) || is_cjk(c)) {
                out.push(' ');
                kept(None);
            }
            pending_space = false;
        }
        out.push(c);
        kept(Some(i));
    }
    out
}

/// Whether a character is CJK (ideographs and full-width punctuation).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2010..=0x201F | 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_pages_by_extension_or_content() {
        for name in ["公开.html", "公开.HTM", "/a/b.htm"] {
            assert_eq!(
                DocKind::from_path(Path::new(name)),
                Some(DocKind::Html),
                "{name}"
            );
        }
        for page in [
            &b"<!DOCTYPE html>\n<html>"[..],
            b"\xef\xbb\xbf  <HTML lang=zh>",
            b"<!-- published by TRS -->\n<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
            b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
            b"<html>%PDF-1.4 mentioned early",
            b"\xff\xfe<\0h\0t\0m\0l\0>\0",
        ] {
            assert_eq!(DocKind::sniff(page), DocKind::Html, "{page:?}");
        }
        for other in [
            &b"<htmlx>"[..],
            b"<!-- never closed <html>",
            b"<p>x</p>",
            b"text <html>",
        ] {
            assert_eq!(DocKind::sniff(other), DocKind::Text, "{other:?}");
        }
        assert_eq!(DocKind::sniff(b"%PDF-1.7"), DocKind::Pdf);
        assert_eq!(DocKind::sniff(b"PK\x03\x04"), DocKind::Docx);
    }

    /// A line of `text` on page 1 whose `i`-th character spans `x0 + 10·i .. x0 + 10·i + 8`.
    fn line_geometry(text: &str, x0: f32, top: f32) -> Geometry {
        let edges: Vec<f32> = (0..text.chars().count())
            .flat_map(|i| [x0 + 10.0 * i as f32, x0 + 10.0 * i as f32 + 8.0])
            .collect();
        let mut g = Geometry::default();
        let shape = TextLine {
            page: 1,
            start: 0,
            end: 0,
            top,
            bottom: top + 12.0,
            first_edge: 0,
            turned: false,
        };
        g.push_line(shape, 0, text.len(), &edges);
        g
    }

    fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect {
            page: 1,
            x0,
            y0,
            x1,
            y1,
        }
    }

    #[test]
    fn boxes_follow_characters_not_bytes_and_widen_to_them() {
        let text = "收入2946.25万元";
        let p = Para {
            text: text.into(),
            geometry: line_geometry(text, 100.0, 50.0),
            ..Para::default()
        };
        let at = text.find("2946.25").unwrap_or(0);
        // Characters 2..9: from the left edge of the 3rd to the right edge of the 9th.
        assert_eq!(p.boxes(at..at + 7), vec![rect(120.0, 50.0, 188.0, 62.0)]);
        // Byte 1 is inside 收 and byte 4 inside 入: both characters are covered.
        assert_eq!(p.boxes(1..4), vec![rect(100.0, 50.0, 118.0, 62.0)]);
        // Past the end is clamped; empty and reversed ranges have no box.
        assert_eq!(
            p.boxes(at..usize::MAX),
            vec![rect(120.0, 50.0, 208.0, 62.0)]
        );
        assert!(p.boxes(5..5).is_empty());
        assert!(p.boxes(usize::MAX..usize::MAX).is_empty());
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = p.boxes(6..3);
        assert!(reversed.is_empty());
        // No geometry, no boxes.
        assert!(Para::default().boxes(0..10).is_empty());
    }

    #[test]
    fn appended_lines_keep_their_own_places() {
        let (a, b) = ("第一行", "第二行");
        let mut g = line_geometry(a, 100.0, 50.0);
        g.append(line_geometry(b, 72.0, 70.0), a.len());
        let p = Para {
            text: format!("{a}{b}"),
            geometry: g,
            ..Para::default()
        };
        let from = a.len() - "行".len();
        assert_eq!(
            p.boxes(from..from + "行第".len()),
            vec![rect(120.0, 50.0, 128.0, 62.0), rect(72.0, 70.0, 80.0, 82.0)]
        );
    }

    #[test]
    fn geometry_stays_small() {
        // One line record per visual line and two f32 per character: 8 bytes a character.
        assert_eq!(std::mem::size_of::<TextLine>(), 28);
        assert_eq!(std::mem::size_of::<Option<Rect>>(), 24);
    }

    #[test]
    fn tidy_mapped_tells_where_each_character_came_from() {
        let mut from = Vec::new();
        let s = tidy_mapped("  a  b 收 入\u{3000}c ", |k| from.push(k));
        assert_eq!(s, "a b收入c");
        assert_eq!(
            from,
            vec![Some(2), None, Some(5), Some(7), Some(9), Some(11)]
        );
        assert_eq!(s, tidy("  a  b 收 入\u{3000}c "));
    }
}
