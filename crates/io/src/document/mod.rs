//! Published disclosures (PDF, DOCX, plain text) read into one located document model:
//! paragraphs and tables in reading order, every piece with the page or line it came from.
//!
//! The readers never panic on input: a broken file is an [`IoError`] naming the file and the
//! place, and limits on size, pages, parts and text bound the work any file can cause.

mod docx;
pub mod pdf;
mod text;

use std::fmt;
use std::path::Path;

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
}

impl DocKind {
    /// The kind a path's extension names.
    pub fn from_path(path: &Path) -> Option<DocKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(DocKind::Pdf),
            "docx" | "docm" => Some(DocKind::Docx),
            "txt" | "text" | "md" => Some(DocKind::Text),
            _ => None,
        }
    }

    /// The kind the content shows, for files without a telling extension.
    pub fn sniff(bytes: &[u8]) -> DocKind {
        if bytes.starts_with(b"%PDF")
            || bytes
                .get(..1024)
                .is_some_and(|h| find(h, b"%PDF-").is_some())
        {
            DocKind::Pdf
        } else if bytes.starts_with(b"PK") {
            DocKind::Docx
        } else {
            DocKind::Text
        }
    }
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
    /// Line on the page (PDF), paragraph number (DOCX) or line of the file (text).
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Para {
    /// Its text, wrapped lines joined.
    pub text: String,
    /// Where it starts.
    pub at: At,
    /// Whether the source marks it as a heading (DOCX heading styles); other readers leave it
    /// to recognition.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub heading: bool,
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
        }
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
}

impl Document {
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

/// Reads a document, choosing the reader by extension (else by content).
pub fn read_document(path: &Path) -> Result<Document, IoError> {
    let bytes = read_limited(path, MAX_DOCUMENT_BYTES)?;
    let kind = DocKind::from_path(path).unwrap_or_else(|| DocKind::sniff(&bytes));
    let source = path.display().to_string();
    parse_document(&bytes, kind, &source).map_err(|p| IoError::Invalid {
        path: path.to_path_buf(),
        problems: vec![p],
    })
}

/// Reads a document from bytes already in memory.
pub fn parse_document(bytes: &[u8], kind: DocKind, source: &str) -> Result<Document, Problem> {
    let (blocks, pages, notes) = match kind {
        DocKind::Pdf => pdf::read(bytes)?,
        DocKind::Docx => (docx::read(bytes)?, 0, Vec::new()),
        DocKind::Text => (text::read(bytes)?, 0, Vec::new()),
    };
    let doc = Document {
        source: source.to_string(),
        kind,
        pages,
        blocks,
        notes,
    };
    if doc.chars() > MAX_CHARS {
        return Err(Problem::file(format!(
            "文字超过 {} 万字，超出上限，未读取",
            MAX_CHARS / 10_000
        )));
    }
    Ok(doc)
}

/// Collapses runs of whitespace into nothing between CJK characters and one space elsewhere,
/// and trims: how cell and paragraph text is compared.
pub fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            let prev = out.chars().next_back().unwrap_or(' ');
            if !(is_cjk(prev) || is_cjk(c)) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Whether a character is CJK (ideographs and full-width punctuation).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2010..=0x201F | 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}
