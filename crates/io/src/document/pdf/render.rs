//! A PDF page as a PNG for the workbench (the original page with findings drawn over it),
//! by `hayro`, the renderer of the `hayro-syntax` this reader parses with, with bounds on
//! what one request may cost.
//!
//! Bounds: the file's size and decoding limits as the reader applies them (object and
//! cross-reference streams measured before parsing; the page's own content and form streams
//! decoded within the per-stream and per-document limits first), no image on the page over
//! [`MAX_IMAGE_PIXELS`], the picture at most [`MAX_SIDE`] pixels a side (the scale is lowered
//! to fit), and a panic in the renderer caught as an error. The time one page takes is
//! bounded by those sizes; callers that serve it run it off the async threads.

use std::sync::Arc;

use hayro_syntax::Pdf;
use hayro_syntax::object::{Dict, Name, Stream};

use super::{decode, glyphs};
use crate::document::{MAX_DOCUMENT_BYTES, MAX_PAGES};

/// Longest side of a rendered page, in pixels.
pub const MAX_SIDE: f32 = 3000.0;
/// Largest image (width × height) a rendered page may draw.
pub const MAX_IMAGE_PIXELS: u64 = 64_000_000;

/// A rendered page.
#[derive(Debug)]
pub struct PageImage {
    /// The PNG.
    pub png: Vec<u8>,
    /// The page as shown (crop box, `/Rotate`), in points: the space findings' boxes are in.
    pub size: (f32, f32),
    /// The picture's size in pixels.
    pub pixels: (u32, u32),
}

/// Each page's shown size in points (crop box, `/Rotate`) — what the boxes of a finding are
/// measured against — without reading any page's content.
pub fn page_sizes(bytes: &[u8]) -> Result<Vec<(f32, f32)>, String> {
    let pdf = open(bytes)?;
    Ok(pdf.pages().iter().map(|p| p.render_dimensions()).collect())
}

/// Renders page `number` (from 1) at `scale` pixels a point (1.0 = 72 dpi).
pub fn render_page(bytes: &[u8], number: u32, scale: f32) -> Result<PageImage, String> {
    let pdf = open(bytes)?;
    let pages = pdf.pages();
    let page = number
        .checked_sub(1)
        .and_then(|i| pages.get(i as usize))
        .ok_or_else(|| format!("没有第{number}页（共 {} 页）", pages.len()))?;
    // The content and forms within the reader's limits (a FlateDecode bomb stops here).
    let mut streams = decode::Streams::new(bytes).map_err(|_| too_large())?;
    glyphs::page_content(page, &mut glyphs::FontCache::default(), &mut streams)
        .map_err(|_| too_large())?;
    if let Some(big) = largest_image(page.raw()).filter(|p| *p > MAX_IMAGE_PIXELS) {
        return Err(format!(
            "第{number}页有一张 {big} 像素的图片，超过上限，未生成页面图"
        ));
    }
    let size = page.render_dimensions();
    let scale = if scale.is_finite() {
        scale.clamp(0.1, 4.0)
    } else {
        1.0
    };
    let longest = size.0.max(size.1).max(1.0);
    let scale = scale.min(MAX_SIDE / longest);
    let settings = hayro::RenderSettings {
        x_scale: scale,
        y_scale: scale,
        ..Default::default()
    };
    let interpreter = hayro::InterpreterSettings::default();
    let pixmap = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        hayro::render(page, &interpreter, &settings)
    }))
    .map_err(|_| format!("第{number}页无法绘制（文件内容异常）"))?;
    let pixels = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    let png = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pixmap.take_png()))
        .map_err(|_| format!("第{number}页无法编码为图片"))?;
    Ok(PageImage { png, size, pixels })
}

fn too_large() -> String {
    "PDF 数据流解压后过大，可能是恶意文件，未生成页面图".into()
}

fn open(bytes: &[u8]) -> Result<Pdf, String> {
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err("PDF 文件过大，未生成页面图".into());
    }
    decode::Streams::new(bytes).map_err(|_| too_large())?;
    let pdf = Pdf::new(Arc::new(bytes.to_vec())).map_err(|e| match e {
        hayro_syntax::LoadPdfError::Decryption(_) => "PDF 已加密，未生成页面图".to_string(),
        hayro_syntax::LoadPdfError::Invalid => "PDF 文件损坏，无法解析".to_string(),
    })?;
    if pdf.pages().len() > MAX_PAGES {
        return Err(format!("PDF 超过 {MAX_PAGES} 页，未生成页面图"));
    }
    Ok(pdf)
}

/// The most pixels of any image XObject the page's own resources name.
fn largest_image(page: &Dict<'_>) -> Option<u64> {
    let xobjects = page
        .get::<Dict>(&b"Resources"[..])?
        .get::<Dict>(&b"XObject"[..])?;
    xobjects
        .keys()
        .filter_map(|k| xobjects.get::<Stream>(k))
        .filter(|s| {
            s.dict()
                .get::<Name>(&b"Subtype"[..])
                .is_some_and(|n| &*n == b"Image")
        })
        .map(|s| {
            let d = s.dict();
            let w = d.get::<u32>(&b"Width"[..]).unwrap_or(0);
            let h = d.get::<u32>(&b"Height"[..]).unwrap_or(0);
            u64::from(w) * u64::from(h)
        })
        .max()
}
