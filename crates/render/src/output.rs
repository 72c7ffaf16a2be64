//! The output formats of the generator and the bytes of each: DOCX, HTML, PDF (feature
//! `pdf`) and XLSX, with their file extensions and MIME types.

use crate::{Block, Document, RenderError, charts, docx, fonts, html, xlsx};

/// An output format of `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFormat {
    /// Word.
    Docx,
    /// One self-contained web page.
    Html,
    /// PDF (feature `pdf`).
    Pdf,
    /// The public tables as a workbook.
    Xlsx,
}

impl OutputFormat {
    /// Every format, in the order `build` writes them.
    pub const ALL: [OutputFormat; 4] = [
        OutputFormat::Docx,
        OutputFormat::Html,
        OutputFormat::Pdf,
        OutputFormat::Xlsx,
    ];

    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Docx => "docx",
            OutputFormat::Html => "html",
            OutputFormat::Pdf => "pdf",
            OutputFormat::Xlsx => "xlsx",
        }
    }

    /// Name in messages (`DOCX`).
    pub fn label(self) -> &'static str {
        match self {
            OutputFormat::Docx => "DOCX",
            OutputFormat::Html => "HTML",
            OutputFormat::Pdf => "PDF",
            OutputFormat::Xlsx => "XLSX",
        }
    }

    /// The MIME type a server sends the file with.
    pub fn mime(self) -> &'static str {
        match self {
            OutputFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            OutputFormat::Html => "text/html; charset=utf-8",
            OutputFormat::Pdf => "application/pdf",
            OutputFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    /// Parses `docx`, `html`, `pdf` or `xlsx`.
    pub fn parse(s: &str) -> Option<OutputFormat> {
        let s = s.trim().to_ascii_lowercase();
        OutputFormat::ALL.into_iter().find(|f| f.extension() == s)
    }

    /// Parses a list such as `docx,html` (`,` or `，`, blanks ignored), each format once in
    /// the order first named.
    pub fn parse_list(s: &str) -> Result<Vec<OutputFormat>, FormatListError> {
        let mut wanted = Vec::new();
        for f in s.split([',', '，']).filter(|f| !f.trim().is_empty()) {
            match OutputFormat::parse(f) {
                Some(x) if !wanted.contains(&x) => wanted.push(x),
                Some(_) => {}
                None => return Err(FormatListError::Unknown(f.trim().to_string())),
            }
        }
        if wanted.is_empty() {
            return Err(FormatListError::Empty);
        }
        Ok(wanted)
    }

    /// The extensions of every format, for messages (`docx、html、pdf、xlsx`).
    pub fn available() -> String {
        OutputFormat::ALL.map(OutputFormat::extension).join("、")
    }
}

/// A list of output formats could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatListError {
    /// A name that is not a format.
    #[error("未知的输出格式“{0}”（可用：{list}）", list = OutputFormat::available())]
    Unknown(String),
    /// No format at all.
    #[error("没有指定输出格式（可用：{list}）", list = OutputFormat::available())]
    Empty,
}

/// One written output: its bytes, or why it was skipped.
#[derive(Debug, Clone)]
pub struct Output {
    /// The format.
    pub format: OutputFormat,
    /// The file's bytes; `None` when skipped.
    pub bytes: Option<Vec<u8>>,
    /// Why it was skipped, or what is missing from it.
    pub note: Option<String>,
}

/// Writes the document in each format asked for. A PDF (or the DOCX's charts) without a
/// CJK font is skipped with a note, never an error.
pub fn write_outputs(
    doc: &Document,
    year: u16,
    formats: &[OutputFormat],
) -> Result<Vec<Output>, RenderError> {
    let mut out = Vec::new();
    // typst lays the document out once, for the PDF and for the page numbers the DOCX's
    // table of contents shows until a word processor works them out
    let layout = if formats.contains(&OutputFormat::Pdf) {
        pdf_layout(doc, year).map_err(|message| RenderError::Output {
            format: OutputFormat::Pdf.label(),
            message,
        })?
    } else if formats.contains(&OutputFormat::Docx)
        && doc.blocks.iter().any(|b| matches!(b, Block::Contents))
    {
        // only for the page numbers: a layout that fails leaves them blank
        pdf_layout(doc, year).ok().flatten()
    } else {
        None
    };
    for &format in formats {
        let fail = |message: String| RenderError::Output {
            format: format.label(),
            message,
        };
        let (bytes, note) = match format {
            OutputFormat::Docx => {
                let mut images = std::collections::BTreeMap::new();
                let mut missing = false;
                for b in &doc.blocks {
                    if let Block::Chart(c) = b {
                        match fonts::svg_to_png(&charts::svg(c).0) {
                            Some(png) => {
                                images.insert(c.id.clone(), png);
                            }
                            None => missing = true,
                        }
                    }
                }
                let note = missing.then(|| fonts::INSTALL_HINT.to_string());
                let pages = layout.as_ref().map_or(&[][..], |l| &l.1[..]);
                (
                    Some(docx::write(doc, &images, year, pages).map_err(fail)?),
                    note,
                )
            }
            OutputFormat::Html => (Some(html::write(doc).into_bytes()), None),
            OutputFormat::Xlsx => (Some(xlsx::write(doc, year).map_err(fail)?), None),
            OutputFormat::Pdf => match &layout {
                Some((pdf, _)) => (Some(pdf.clone()), fonts::report()),
                None => (None, Some(pdf_missing())),
            },
        };
        out.push(Output {
            format,
            bytes,
            note,
        });
    }
    Ok(out)
}

/// The PDF's bytes and the printed page of each heading.
type Laid = (Vec<u8>, Vec<usize>);

/// The PDF's bytes and the page of each heading; `None` without a CJK font or without the
/// `pdf` feature.
#[cfg(feature = "pdf")]
fn pdf_layout(doc: &Document, year: u16) -> Result<Option<Laid>, String> {
    Ok(crate::pdf::layout(doc, year)?.map(|l| (l.pdf, l.heading_pages)))
}

#[cfg(not(feature = "pdf"))]
fn pdf_layout(_doc: &Document, _year: u16) -> Result<Option<Laid>, String> {
    Ok(None)
}

/// Why there is no PDF.
fn pdf_missing() -> String {
    if cfg!(feature = "pdf") {
        fonts::INSTALL_HINT.to_string()
    } else {
        "此版本编译时未包含 PDF 功能（cargo 特性 pdf），PDF 已跳过。".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_lists() {
        use OutputFormat::*;
        assert_eq!(
            OutputFormat::parse_list("docx,HTML，docx"),
            Ok(vec![Docx, Html])
        );
        assert_eq!(
            OutputFormat::parse_list(" pdf , ,xlsx"),
            Ok(vec![Pdf, Xlsx])
        );
        let e = OutputFormat::parse_list("docx,odt").unwrap_err();
        assert_eq!(
            e.to_string(),
            "未知的输出格式“odt”（可用：docx、html、pdf、xlsx）"
        );
        let e = OutputFormat::parse_list(" ,，").unwrap_err();
        assert_eq!(
            e.to_string(),
            "没有指定输出格式（可用：docx、html、pdf、xlsx）"
        );
        assert_eq!(
            Xlsx.mime(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
    }
}
