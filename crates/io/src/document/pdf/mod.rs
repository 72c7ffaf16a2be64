//! PDF through `hayro-syntax`: positioned glyphs and ruling lines per page
//! ([`glyphs`]), then lines, paragraphs and ruled tables rebuilt from positions
//! ([`layout`]).

pub mod annotate;
mod cmap;
mod decode;
mod glyphs;
mod layout;
pub mod render;
mod scan;

pub use layout::starts_heading;

use std::borrow::Cow;
use std::sync::Arc;

use hayro_syntax::{LoadPdfError, Pdf};

use super::{
    Block, MAX_CHARS, MAX_DECODED_BYTES, MAX_PAGES, MAX_PDF_SECONDS, MAX_STREAM_BYTES,
    too_much_text,
};
use crate::error::Problem;

/// What a PDF yields.
pub(super) struct Read {
    /// Paragraphs and tables in reading order.
    pub blocks: Vec<Block>,
    /// Number of pages.
    pub pages: u32,
    /// What was noticed but read past.
    pub notes: Vec<String>,
    /// Each page's shown width and height in points.
    pub page_sizes: Vec<(f32, f32)>,
}

/// Reads a PDF (owned bytes are handed to `hayro-syntax` as they are, borrowed ones copied).
pub(super) fn read(bytes: Cow<'_, [u8]>) -> Result<Read, Problem> {
    if !bytes
        .get(..1024)
        .unwrap_or(&bytes)
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(Problem::file("不是 PDF 文件（缺少 %PDF 文件头）"));
    }
    // Before hayro-syntax sees the file: it decodes some streams itself, without a limit.
    let mut streams = decode::Streams::new(&bytes).map_err(|over| too_large(over, None))?;
    let pdf = Pdf::new(Arc::new(bytes.into_owned())).map_err(|e| match e {
        LoadPdfError::Decryption(d) => Problem::file(format!(
            "PDF 已加密（{d:?}），无法读取文字；请提供未加密的文件"
        )),
        LoadPdfError::Invalid => {
            Problem::file("PDF 文件损坏，无法解析（交叉引用表和页面树都读不出）")
        }
    })?;
    let pages = pdf.pages();
    if pages.len() > MAX_PAGES {
        return Err(Problem::file(format!(
            "PDF 有 {} 页，超过上限 {MAX_PAGES} 页，未读取",
            pages.len()
        )));
    }
    let mut fonts = glyphs::FontCache::default();
    let mut doc = layout::DocLayout::default();
    let mut notes = Vec::new();
    let mut glyph_total = 0usize;
    let mut undecoded_total = 0usize;
    let mut page_sizes = Vec::with_capacity(pages.len());
    let started = std::time::Instant::now();
    for (i, page) in pages.iter().enumerate() {
        let n = i as u32 + 1;
        if started.elapsed().as_secs() >= MAX_PDF_SECONDS {
            return Err(Problem::file(format!(
                "PDF 读取超过 {MAX_PDF_SECONDS} 秒，在第{n}页停止（共 {} 页）；文件可能异常复杂或损坏",
                pages.len()
            )));
        }
        let content = glyphs::page_content(page, &mut fonts, &mut streams)
            .map_err(|over| too_large(over, Some(n)))?;
        glyph_total += content.glyphs.len();
        undecoded_total += content.undecoded;
        if content.glyphs.is_empty() && (content.images || content.undecoded > 0) {
            notes.push(format!("第{n}页无文本层，需要先做OCR"));
        }
        let media = page.media_box();
        // The transform a renderer starts from: crop box offset, y turned down, /Rotate.
        let frame = layout::Frame::new(page.initial_transform(true).as_coeffs());
        page_sizes.push(page.render_dimensions());
        doc.add_page(n, content, media.y0 as f32, media.y1 as f32, frame);
        // The document would be refused at the end anyway; stopping here keeps the text and
        // its geometry of a huge file from all being held first.
        if doc.chars() > MAX_CHARS {
            return Err(too_much_text());
        }
    }
    if glyph_total == 0 {
        let why = if undecoded_total > 0 {
            "PDF 的字体没有文字映射（ToUnicode），读不出文字；无文本层，需要先做OCR"
        } else {
            "PDF 没有文字：无文本层，需要先做OCR"
        };
        return Err(Problem::file(why));
    }
    if undecoded_total > glyph_total / 10 {
        notes.push(format!(
            "有 {undecoded_total} 个字符的字体没有文字映射，读不出，相关文字可能缺失"
        ));
    }
    Ok(Read {
        blocks: doc.finish(),
        pages: pages.len() as u32,
        notes,
        page_sizes,
    })
}

/// The refusal of a PDF whose streams decode beyond the limits (on page `page`, or, found
/// before reading pages, in the streams `hayro-syntax` would decode on its own): a
/// FlateDecode bomb, not a disclosure.
fn too_large(over: decode::Over, page: Option<u32>) -> Problem {
    const MB: u64 = 1024 * 1024;
    let what = match (over, page) {
        (decode::Over::Stream, Some(n)) => {
            format!("第{n}页有一个数据流超过 {} MB", MAX_STREAM_BYTES / MB)
        }
        (decode::Over::Stream, None) => {
            format!("有一个数据流超过 {} MB", MAX_STREAM_BYTES / MB)
        }
        (decode::Over::Total, Some(n)) => {
            format!("读到第{n}页时合计超过 {} MB", MAX_DECODED_BYTES / MB)
        }
        (decode::Over::Total, None) => format!("合计超过 {} MB", MAX_DECODED_BYTES / MB),
    };
    Problem::file(format!(
        "PDF 数据流解压后过大（{what}），可能是恶意文件，未读取"
    ))
}
