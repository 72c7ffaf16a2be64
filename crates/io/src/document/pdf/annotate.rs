//! Findings written into the original PDF as annotations, as an incremental update.
//!
//! The original bytes are kept as they are; appended after them are one annotation object per
//! finding (a `/Highlight` with `/QuadPoints` over its boxes, or a `/Text` note where it has
//! none), a new version of every annotated page's dictionary with its `/Annots` extended
//! (existing annotations kept), and a cross-reference section of the kind the file's last one
//! is (a table, or a cross-reference stream for a file that uses them) chained with `/Prev`.
//! The annotation objects are written by `pdf-writer`; the page dictionaries are the
//! original's bytes with one entry replaced, so nothing of a page is re-interpreted.
//!
//! A file that cannot be updated safely (encrypted, a last cross-reference section that is not
//! where `startxref` says, a page tree `hayro-syntax` reads differently, direct page
//! dictionaries) is refused with a Chinese sentence; what is written is read back before it
//! is returned.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use hayro_syntax::Pdf;
use hayro_syntax::object::{Array, Dict, MaybeRef, Name, ObjRef, ObjectIdentifier};
use juesuan_diagnostics::{Finding, Rect, Severity, Source};
use pdf_writer::types::{AnnotationFlags, AnnotationIcon, AnnotationType};
use pdf_writer::{Chunk, Finish, Ref, TextStr};

/// One annotation to write: on page `page` (from 1), over `boxes` (points from the shown
/// page's top-left corner, as the reader gives them) or, without boxes, as a note.
#[derive(Debug, Clone)]
pub struct Note {
    /// Page from 1.
    pub page: u32,
    /// Boxes on that page; empty for a note.
    pub boxes: Vec<Rect>,
    /// What the annotation says.
    pub text: String,
    /// Decides the colour.
    pub severity: Severity,
}

/// What [`annotate`] wrote.
#[derive(Debug)]
pub struct Annotated {
    /// The original bytes followed by the update.
    pub bytes: Vec<u8>,
    /// Highlight annotations written.
    pub highlights: usize,
    /// Notes written (findings with a page but no boxes, or none at all: on page 1).
    pub notes: usize,
}

/// The annotations for a check's findings: a highlight per finding with boxes, a note on its
/// page for one with only a page, a note on page 1 for one about the whole document.
pub fn notes(findings: &[Finding]) -> Vec<Note> {
    findings
        .iter()
        .map(|f| {
            let (page, boxes) = match &f.location.source {
                Some(Source::Document(p)) => {
                    let page = p.page.or(p.boxes.first().map(|b| b.page)).unwrap_or(1);
                    // Only the boxes on the finding's page: a highlight is on one page.
                    let boxes = p.boxes.iter().filter(|b| b.page == page).copied().collect();
                    (page, boxes)
                }
                _ => (1, Vec::new()),
            };
            let mut text = format!(
                "{}[{}]：{}\n{}",
                f.severity.label(),
                f.code,
                f.message,
                f.location
            );
            if let Some(q) = &f.location.quote {
                text.push_str("\n原文：");
                text.push_str(q);
            }
            Note {
                page,
                boxes,
                text,
                severity: f.severity,
            }
        })
        .collect()
}

/// Appends `notes` to the PDF `original` as an incremental update. The original bytes are
/// the output's first bytes, unchanged.
pub fn annotate(original: &[u8], notes: &[Note]) -> Result<Annotated, String> {
    if !original
        .get(..1024)
        .unwrap_or(original)
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err("不是 PDF 文件（缺少 %PDF 文件头）".into());
    }
    let last = last_section(original)?;
    let trailer = Entries::parse(last.trailer).ok_or_else(broken_xref)?;
    if trailer.get(b"Encrypt").is_some() {
        return Err("PDF 已加密，不能在其中加注释；请提供未加密的文件".into());
    }
    let size = trailer
        .get(b"Size")
        .and_then(|v| std::str::from_utf8(v).ok()?.trim().parse::<i32>().ok())
        .filter(|s| *s > 0)
        .ok_or_else(broken_xref)?;
    let root = trailer.get(b"Root").ok_or_else(broken_xref)?;
    let root_ref = parse_ref(root).ok_or_else(broken_xref)?;

    // Decoding limits first (object and xref streams hayro-syntax would inflate itself).
    super::decode::Streams::new(original)
        .map_err(|_| "PDF 数据流解压后过大，可能是恶意文件，未加注释".to_string())?;
    let pdf = Pdf::new(Arc::new(original.to_vec())).map_err(|e| match e {
        hayro_syntax::LoadPdfError::Decryption(_) => {
            "PDF 已加密，不能在其中加注释；请提供未加密的文件".to_string()
        }
        hayro_syntax::LoadPdfError::Invalid => "PDF 文件损坏，无法解析".to_string(),
    })?;
    let pages = pdf.pages();
    let tree = page_refs(&pdf, root_ref);
    if tree.len() != pages.len() {
        return Err(format!(
            "PDF 的页面树读出 {} 页，与按页读取的 {} 页不一致，不能安全地加注释",
            tree.len(),
            pages.len()
        ));
    }

    // The notes of each page, in page order.
    let mut by_page: BTreeMap<u32, Vec<&Note>> = BTreeMap::new();
    for n in notes {
        if n.page == 0 || n.page as usize > pages.len() {
            return Err(format!(
                "第{}页不在文件中（共 {} 页），注释写不进去",
                n.page,
                pages.len()
            ));
        }
        by_page.entry(n.page).or_default().push(n);
    }

    if by_page.is_empty() {
        // Nothing to add: the file as it was.
        return Ok(Annotated {
            bytes: original.to_vec(),
            highlights: 0,
            notes: 0,
        });
    }
    let mut out = original.to_vec();
    if !matches!(out.last(), Some(b'\n' | b'\r')) {
        out.push(b'\n');
    }
    // New objects take numbers no object of the file has (a wrong `/Size` must not make an
    // annotation replace something).
    let taken = |n: i32| {
        pdf.xref()
            .get::<hayro_syntax::object::Object>(ObjectIdentifier::new(n, 0))
            .is_some()
    };
    let mut next = size;
    while taken(next) {
        next = next
            .checked_add(1)
            .ok_or_else(|| "对象编号超出范围".to_string())?;
    }
    let mut written: Vec<(i32, i32, usize)> = Vec::new();
    let (mut highlights, mut note_count) = (0usize, 0usize);
    let mut seen_pages = HashSet::new();
    for (page_no, page_notes) in &by_page {
        let idx = (*page_no - 1) as usize;
        let (Some(page), Some(Some((pref, pdict)))) = (pages.get(idx), tree.get(idx)) else {
            return Err(format!(
                "第{page_no}页的页面对象不是间接对象，不能安全地加注释"
            ));
        };
        if !seen_pages.insert(*pref) {
            return Err(format!(
                "第{page_no}页与另一页共用同一个页面对象，不能安全地加注释"
            ));
        }
        let inverse = invert(page.initial_transform(true).as_coeffs())
            .ok_or_else(|| format!("第{page_no}页的页面尺寸无效，不能加注释"))?;
        let to_user = |x: f32, y: f32| -> (f32, f32) {
            let [a, b, c, d, e, f] = inverse;
            let (x, y) = (f64::from(x), f64::from(y));
            ((a * x + c * y + e) as f32, (b * x + d * y + f) as f32)
        };
        let page_ref = Ref::new(pref.obj_number);
        let mut refs = Vec::new();
        let mut stacked = 0u32;
        for n in page_notes {
            let id = next;
            next = next
                .checked_add(1)
                .ok_or_else(|| "对象编号超出范围".to_string())?;
            while taken(next) {
                next = next
                    .checked_add(1)
                    .ok_or_else(|| "对象编号超出范围".to_string())?;
            }
            let mut chunk = Chunk::new();
            let mut annot = chunk.annotation(Ref::new(id));
            let (r, g, b) = colour(n.severity);
            annot
                .contents(TextStr(&n.text))
                .author(TextStr("juesuan"))
                .color_rgb(r, g, b)
                .flags(AnnotationFlags::PRINT)
                .page(page_ref);
            if n.boxes.is_empty() {
                // A note in the left margin, one below the other.
                let top = 12.0 + 26.0 * stacked as f32;
                stacked += 1;
                let corners = [to_user(6.0, top), to_user(26.0, top + 20.0)];
                annot
                    .subtype(AnnotationType::Text)
                    .rect(bbox(&corners))
                    .icon(AnnotationIcon::Comment);
                annot.pair(pdf_writer::Name(b"Open"), false);
                note_count += 1;
            } else {
                let mut quads = Vec::with_capacity(n.boxes.len() * 8);
                let mut corners = Vec::with_capacity(n.boxes.len() * 4);
                for b in &n.boxes {
                    // Upper-left, upper-right, lower-left, lower-right of the text as shown:
                    // the order viewers (Acrobat, pdf.js, PDFium, poppler) read.
                    for (x, y) in [(b.x0, b.y0), (b.x1, b.y0), (b.x0, b.y1), (b.x1, b.y1)] {
                        let p = to_user(x, y);
                        corners.push(p);
                        quads.extend([p.0, p.1]);
                    }
                }
                annot
                    .subtype(AnnotationType::Highlight)
                    .rect(bbox(&corners))
                    .quad_points(quads);
                highlights += 1;
            }
            annot.finish();
            written.push((id, 0, out.len()));
            out.extend_from_slice(chunk.as_bytes());
            refs.push(id);
        }
        // The page again, its /Annots holding what it had and the new annotations.
        let body = page_with_annots(pdict, &refs)
            .ok_or_else(|| format!("第{page_no}页的页面字典读不出，不能加注释"))?;
        written.push((pref.obj_number, pref.gen_number, out.len()));
        out.extend_from_slice(format!("{} {} obj\n", pref.obj_number, pref.gen_number).as_bytes());
        out.extend_from_slice(&body);
        out.extend_from_slice(b"\nendobj\n\n");
    }

    let mut extra = Vec::new();
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Some(v) = trailer.get(key) {
            extra.push(b'/');
            extra.extend_from_slice(key);
            extra.push(b' ');
            extra.extend_from_slice(v);
            extra.push(b' ');
        }
    }
    match last.kind {
        XrefKind::Table => {
            let at = out.len();
            out.extend_from_slice(b"xref\n");
            written.sort_unstable();
            for run in runs(&written) {
                let first = run.first().map_or(0, |e| e.0);
                out.extend_from_slice(format!("{first} {}\n", run.len()).as_bytes());
                for (_, generation, offset) in run {
                    out.extend_from_slice(format!("{offset:010} {generation:05} n\r\n").as_bytes());
                }
            }
            out.extend_from_slice(format!("trailer\n<< /Size {next} ").as_bytes());
            out.extend_from_slice(&extra);
            out.extend_from_slice(
                format!("/Prev {} >>\nstartxref\n{at}\n%%EOF\n", last.offset).as_bytes(),
            );
        }
        XrefKind::Stream => {
            let id = next;
            let size = id + 1;
            let at = out.len();
            written.push((id, 0, at));
            written.sort_unstable();
            let mut index = String::new();
            let mut data = Vec::with_capacity(written.len() * 7);
            for run in runs(&written) {
                let first = run.first().map_or(0, |e| e.0);
                index.push_str(&format!("{first} {} ", run.len()));
                for (_, generation, offset) in run {
                    let offset = u32::try_from(*offset)
                        .map_err(|_| "文件超过 4 GB，不能加注释".to_string())?;
                    let generation = u16::try_from(*generation).unwrap_or(0);
                    data.push(1);
                    data.extend_from_slice(&offset.to_be_bytes());
                    data.extend_from_slice(&generation.to_be_bytes());
                }
            }
            out.extend_from_slice(
                format!(
                    "{id} 0 obj\n<< /Type /XRef /Size {size} /W [1 4 2] /Index [{}] ",
                    index.trim_end()
                )
                .as_bytes(),
            );
            out.extend_from_slice(&extra);
            out.extend_from_slice(
                format!("/Prev {} /Length {} >>\nstream\n", last.offset, data.len()).as_bytes(),
            );
            out.extend_from_slice(&data);
            out.extend_from_slice(
                format!("\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n").as_bytes(),
            );
        }
    }

    verify(&out, pages.len(), &by_page)?;
    Ok(Annotated {
        bytes: out,
        highlights,
        notes: note_count,
    })
}

/// Reads the PDF `input`, annotates it with `findings` and writes the result to `output`
/// atomically (an existing `output` only with `force`; never `input` itself). Errors are
/// sentences naming the file.
pub fn annotate_file(
    input: &std::path::Path,
    findings: &[Finding],
    output: &std::path::Path,
    force: bool,
) -> Result<Annotated, String> {
    let same = match (input.canonicalize(), output.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(format!(
            "标注输出“{}”就是被检查的文件；原文件不会被覆盖，请另给一个输出文件名",
            output.display()
        ));
    }
    let bytes = crate::fsio::read_limited(input, crate::document::MAX_DOCUMENT_BYTES)
        .map_err(|e| e.to_string())?;
    let done = annotate(&bytes, &notes(findings))
        .map_err(|why| format!("无法在“{}”上加注释：{why}", input.display()))?;
    crate::fsio::write_atomic(output, &done.bytes, force).map_err(|e| e.to_string())?;
    Ok(done)
}

/// An annotation read back from a PDF (tests, and whoever wants to see what a file holds).
#[derive(Debug, Clone)]
pub struct Found {
    /// Page from 1.
    pub page: u32,
    /// `Highlight`, `Text`, `Link`…
    pub subtype: String,
    /// Its `/Rect` in points from the shown page's top-left corner.
    pub rect: Rect,
    /// Its `/Rect` as written: in the page's own space (x0, y0, x1, y1).
    pub user: [f32; 4],
    /// `/Contents` as text.
    pub contents: String,
    /// `/T`.
    pub author: String,
}

/// Every annotation of every page, with its rectangle where the reader's boxes are.
pub fn read_back(bytes: &[u8]) -> Result<Vec<Found>, String> {
    let pdf = Pdf::new(Arc::new(bytes.to_vec())).map_err(|_| "PDF 无法解析".to_string())?;
    let mut out = Vec::new();
    for (i, page) in pdf.pages().iter().enumerate() {
        let t = page.initial_transform(true).as_coeffs();
        let shown = |x: f64, y: f64| (t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5]);
        let Some(annots) = page.raw().get::<Array>(&b"Annots"[..]) else {
            continue;
        };
        for a in annots.iter::<Dict>() {
            let r = a
                .get::<hayro_syntax::object::Rect>(&b"Rect"[..])
                .unwrap_or_default();
            let (p, q) = (shown(r.x0, r.y0), shown(r.x1, r.y1));
            let text = |key: &[u8]| {
                a.get::<hayro_syntax::object::String>(key)
                    .map(|s| decode_text(s.get().as_ref()))
                    .unwrap_or_default()
            };
            out.push(Found {
                page: i as u32 + 1,
                subtype: a
                    .get::<Name>(&b"Subtype"[..])
                    .map(|n| String::from_utf8_lossy(n.as_ref()).into_owned())
                    .unwrap_or_default(),
                rect: Rect {
                    page: i as u32 + 1,
                    x0: p.0.min(q.0) as f32,
                    y0: p.1.min(q.1) as f32,
                    x1: p.0.max(q.0) as f32,
                    y1: p.1.max(q.1) as f32,
                },
                user: [r.x0 as f32, r.y0 as f32, r.x1 as f32, r.y1 as f32],
                contents: text(b"Contents"),
                author: text(b"T"),
            });
        }
    }
    Ok(out)
}

/// A PDF text string: UTF-16BE after a byte order mark, else (close enough) Latin-1.
fn decode_text(b: &[u8]) -> String {
    match b.strip_prefix(&[0xFE, 0xFF]) {
        Some(rest) => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| {
                    u16::from_be_bytes([
                        c.first().copied().unwrap_or(0),
                        c.get(1).copied().unwrap_or(0),
                    ])
                })
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => b.iter().map(|&c| c as char).collect(),
    }
}

/// Reads the output back: the same number of pages, each annotated page with its new
/// annotations (so a viewer following the update finds them).
fn verify(bytes: &[u8], count: usize, by_page: &BTreeMap<u32, Vec<&Note>>) -> Result<(), String> {
    let failed = || "写出的 PDF 读回校验失败，未写出（请报告此文件）".to_string();
    let pdf = Pdf::new(Arc::new(bytes.to_vec())).map_err(|_| failed())?;
    let pages = pdf.pages();
    if pages.len() != count {
        return Err(failed());
    }
    for (page_no, notes) in by_page {
        let page = pages.get((*page_no - 1) as usize).ok_or_else(failed)?;
        let annots = page.raw().get::<Array>(&b"Annots"[..]).ok_or_else(failed)?;
        let ours = annots
            .iter::<Dict>()
            .filter(|d| {
                d.get::<hayro_syntax::object::String>(&b"T"[..])
                    .is_some_and(|t| t.get().as_ref() == b"juesuan")
            })
            .count();
        if ours < notes.len() {
            return Err(failed());
        }
    }
    Ok(())
}

fn broken_xref() -> String {
    "PDF 的交叉引用表不在 startxref 所指的位置（文件可能已损坏），不能安全地加注释；请先用其他软件另存后再试".into()
}

/// Annotation colour by severity: red for errors, orange for warnings, blue for notes.
fn colour(s: Severity) -> (f32, f32, f32) {
    match s {
        Severity::Error => (0.95, 0.30, 0.30),
        Severity::Warning => (1.0, 0.75, 0.20),
        Severity::Info => (0.45, 0.65, 1.0),
    }
}

fn bbox(points: &[(f32, f32)]) -> pdf_writer::Rect {
    let mut r = pdf_writer::Rect::new(f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for &(x, y) in points {
        r.x1 = r.x1.min(x);
        r.y1 = r.y1.min(y);
        r.x2 = r.x2.max(x);
        r.y2 = r.y2.max(y);
    }
    r
}

/// The inverse of an affine transform `[a b c d e f]`.
fn invert([a, b, c, d, e, f]: [f64; 6]) -> Option<[f64; 6]> {
    let det = a * d - b * c;
    if det.abs() < 1e-9 || !det.is_finite() {
        return None;
    }
    let (ia, ib, ic, id) = (d / det, -b / det, -c / det, a / det);
    Some([ia, ib, ic, id, -(ia * e + ic * f), -(ib * e + id * f)])
}

/// Consecutive object numbers of sorted entries, one cross-reference subsection each.
fn runs(entries: &[(i32, i32, usize)]) -> Vec<&[(i32, i32, usize)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=entries.len() {
        let breaks = match (entries.get(i - 1), entries.get(i)) {
            (Some(a), Some(b)) => b.0 != a.0 + 1,
            _ => true,
        };
        if breaks {
            if let Some(run) = entries.get(start..i) {
                out.push(run);
            }
            start = i;
        }
    }
    out
}

/// The page's dictionary bytes with `/Annots` replaced by its old entries and `new`.
fn page_with_annots(dict: &Dict<'_>, new: &[i32]) -> Option<Vec<u8>> {
    let entries = Entries::parse(dict.data())?;
    let mut out = b"<<".to_vec();
    for (key, value) in &entries.0 {
        if key.as_slice() == b"Annots" {
            continue;
        }
        out.push(b'/');
        out.extend_from_slice(escape_name(key).as_slice());
        out.push(b' ');
        out.extend_from_slice(value);
        out.push(b'\n');
    }
    out.extend_from_slice(b"/Annots [");
    // What the page had: the array's items as written (references stay references).
    if let Some(old) = dict.get::<Array>(&b"Annots"[..]) {
        for item in old.raw_iter() {
            // Annotations are indirect objects; a direct dictionary in /Annots is not
            // allowed by the standard and has no object to point to.
            if let MaybeRef::Ref(r) = item {
                out.extend_from_slice(format!("{} {} R ", r.obj_number, r.gen_number).as_bytes());
            }
        }
    }
    for id in new {
        out.extend_from_slice(format!("{id} 0 R ").as_bytes());
    }
    out.extend_from_slice(b"]\n>>");
    Some(out)
}

/// A name's bytes as written in a file (`#xx` for delimiters, whitespace and bytes outside
/// `!`..`~`).
fn escape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    for &b in raw {
        if b <= b' ' || b > b'~' || b"#()<>[]{}/%".contains(&b) {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        } else {
            out.push(b);
        }
    }
    out
}

/// The leaf pages of the page tree in order, each with its reference and dictionary; `None`
/// for a page that is not an indirect object.
fn page_refs<'a>(pdf: &'a Pdf, root: ObjRef) -> Vec<Option<(ObjRef, Dict<'a>)>> {
    let mut out = Vec::new();
    let xref = pdf.xref();
    let Some(catalog) = xref.get::<Dict>(ObjectIdentifier::from(root)) else {
        return out;
    };
    let Some(pages) = catalog.get::<Dict>(&b"Pages"[..]) else {
        return out;
    };
    let mut seen = HashSet::new();
    walk(pdf, &pages, &mut out, &mut seen, 0);
    out
}

fn walk<'a>(
    pdf: &'a Pdf,
    node: &Dict<'a>,
    out: &mut Vec<Option<(ObjRef, Dict<'a>)>>,
    seen: &mut HashSet<ObjRef>,
    depth: u32,
) {
    if depth > 64 {
        return;
    }
    let Some(kids) = node.get::<Array>(&b"Kids"[..]) else {
        return;
    };
    for kid in kids.raw_iter() {
        let (r, dict) = match kid {
            MaybeRef::Ref(r) => {
                if !seen.insert(r) {
                    continue;
                }
                match pdf.xref().get::<Dict>(ObjectIdentifier::from(r)) {
                    Some(d) => (Some(r), d),
                    None => continue,
                }
            }
            MaybeRef::NotRef(o) => match o.into_dict() {
                Some(d) => (None, d),
                None => continue,
            },
        };
        match dict.get::<Name>(&b"Type"[..]).as_deref() {
            Some(b"Pages") => walk(pdf, &dict, out, seen, depth + 1),
            Some(b"Page") => out.push(r.map(|r| (r, dict))),
            _ => return,
        }
    }
}

/// Which kind of cross-reference section the file's last one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum XrefKind {
    Table,
    Stream,
}

struct Section<'a> {
    kind: XrefKind,
    /// Where it starts (what `startxref` says).
    offset: usize,
    /// The trailer dictionary (for a stream, its dictionary).
    trailer: &'a [u8],
}

/// The last cross-reference section: the offset after the last `startxref`, checked to be a
/// table or a cross-reference stream.
fn last_section(bytes: &[u8]) -> Result<Section<'_>, String> {
    let tail_start = bytes.len().saturating_sub(2048);
    let tail = bytes.get(tail_start..).unwrap_or_default();
    let at = memchr::memmem::rfind(tail, b"startxref").ok_or_else(broken_xref)?;
    let after = tail.get(at + 9..).unwrap_or_default();
    let mut lx = Lexer::new(after);
    let offset = lx
        .token()
        .and_then(|t| std::str::from_utf8(t).ok()?.parse::<usize>().ok())
        .filter(|o| *o < bytes.len())
        .ok_or_else(broken_xref)?;
    let section = bytes.get(offset..).ok_or_else(broken_xref)?;
    if section.starts_with(b"xref") {
        // The trailer follows the subsections.
        let t = memchr::memmem::find(section, b"trailer").ok_or_else(broken_xref)?;
        let rest = section.get(t + 7..).unwrap_or_default();
        let mut lx = Lexer::new(rest);
        lx.skip_space();
        let start = lx.pos;
        let end = lx.skip_object().ok_or_else(broken_xref)?;
        let trailer = rest.get(start..end).ok_or_else(broken_xref)?;
        return Ok(Section {
            kind: XrefKind::Table,
            offset,
            trailer,
        });
    }
    // `N G obj << /Type /XRef … >> stream`
    let mut lx = Lexer::new(section);
    let (Some(n), Some(g), Some(obj)) = (lx.token(), lx.token(), lx.token()) else {
        return Err(broken_xref());
    };
    if !n.iter().all(u8::is_ascii_digit) || !g.iter().all(u8::is_ascii_digit) || obj != b"obj" {
        return Err(broken_xref());
    }
    lx.skip_space();
    let start = lx.pos;
    let end = lx.skip_object().ok_or_else(broken_xref)?;
    let trailer = section.get(start..end).ok_or_else(broken_xref)?;
    let entries = Entries::parse(trailer).ok_or_else(broken_xref)?;
    if entries.get(b"Type").map(<[u8]>::trim_ascii) != Some(b"/XRef") {
        return Err(broken_xref());
    }
    Ok(Section {
        kind: XrefKind::Stream,
        offset,
        trailer,
    })
}

/// `12 0 R`.
fn parse_ref(v: &[u8]) -> Option<ObjRef> {
    let mut lx = Lexer::new(v);
    let n = std::str::from_utf8(lx.token()?).ok()?.parse().ok()?;
    let g = std::str::from_utf8(lx.token()?).ok()?.parse().ok()?;
    (lx.token()? == b"R").then_some(ObjRef::new(n, g))
}

/// A dictionary's entries: each key (unescaped name) with its value's bytes as written.
struct Entries(Vec<(Vec<u8>, Vec<u8>)>);

impl Entries {
    fn parse(dict: &[u8]) -> Option<Entries> {
        let mut lx = Lexer::new(dict);
        lx.skip_space();
        if !lx.rest().starts_with(b"<<") {
            return None;
        }
        lx.pos += 2;
        let mut out = Vec::new();
        loop {
            lx.skip_space();
            let rest = lx.rest();
            if rest.starts_with(b">>") {
                return Some(Entries(out));
            }
            if !rest.starts_with(b"/") {
                return None;
            }
            let key_start = lx.pos;
            let key_end = lx.skip_object()?;
            let key = unescape_name(dict.get(key_start + 1..key_end)?);
            lx.skip_space();
            let v_start = lx.pos;
            let mut v_end = lx.skip_object()?;
            // `12 0 R`: a reference is three tokens.
            let save = lx.pos;
            let is_int = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
            if dict.get(v_start..v_end).is_some_and(is_int) {
                let g = lx.token_span();
                let r = lx.token_span();
                match (g, r) {
                    (Some(g), Some(r))
                        if dict.get(g.clone()).is_some_and(is_int)
                            && dict.get(r.clone()) == Some(b"R") =>
                    {
                        v_end = r.end;
                    }
                    _ => lx.pos = save,
                }
            }
            out.push((key, dict.get(v_start..v_end)?.to_vec()));
        }
    }

    fn get(&self, key: &[u8]) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|(k, _)| k.as_slice() == key)
            .map(|(_, v)| v.as_slice())
    }
}

fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if b == b'#'
            && let Some(h) = raw.get(i + 1..i + 3)
            && let Ok(s) = std::str::from_utf8(h)
            && let Ok(v) = u8::from_str_radix(s, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    out
}

/// A minimal PDF object lexer: enough to skip one object and find where it ends.
struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    b"()<>[]{}/%".contains(&b)
}

impl<'a> Lexer<'a> {
    fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_space(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next regular token (a number, keyword or name's bytes without delimiters).
    fn token(&mut self) -> Option<&'a [u8]> {
        let r = self.token_span()?;
        self.data.get(r)
    }

    fn token_span(&mut self) -> Option<std::ops::Range<usize>> {
        self.skip_space();
        let start = self.pos;
        while let Some(b) = self.peek() {
            if is_space(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        (self.pos > start).then_some(start..self.pos)
    }

    /// Skips one object from the current position (after spaces); returns its end.
    fn skip_object(&mut self) -> Option<usize> {
        self.skip_object_at(0)
    }

    fn skip_object_at(&mut self, depth: u32) -> Option<usize> {
        if depth > 100 {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            b'<' if self.rest().starts_with(b"<<") => {
                self.pos += 2;
                loop {
                    self.skip_space();
                    if self.rest().starts_with(b">>") {
                        self.pos += 2;
                        return Some(self.pos);
                    }
                    self.peek()?;
                    self.skip_object_at(depth + 1)?;
                }
            }
            b'<' => {
                let end = memchr::memchr(b'>', self.rest())?;
                self.pos += end + 1;
                Some(self.pos)
            }
            b'[' => {
                self.pos += 1;
                loop {
                    self.skip_space();
                    if self.peek()? == b']' {
                        self.pos += 1;
                        return Some(self.pos);
                    }
                    self.skip_object_at(depth + 1)?;
                }
            }
            b'(' => {
                self.pos += 1;
                let mut level = 1u32;
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    match b {
                        b'\\' => self.pos += 1,
                        b'(' => level += 1,
                        b')' => {
                            level -= 1;
                            if level == 0 {
                                return Some(self.pos);
                            }
                        }
                        _ => {}
                    }
                }
                None
            }
            b'/' => {
                self.pos += 1;
                while let Some(b) = self.peek() {
                    if is_space(b) || is_delim(b) {
                        break;
                    }
                    self.pos += 1;
                }
                Some(self.pos)
            }
            b']' | b'>' | b')' | b'{' | b'}' => None,
            _ => {
                self.token_span()?;
                Some(self.pos)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_entries_keep_their_bytes() {
        let d = b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Annots [5 0 R 6 0 R]\n/A#20B (a\\)b(c)) /Res << /F <</X 1>> >> /N 12 >>";
        let e = Entries::parse(d).unwrap();
        assert_eq!(e.get(b"Type"), Some(&b"/Page"[..]));
        assert_eq!(e.get(b"Parent"), Some(&b"3 0 R"[..]));
        assert_eq!(e.get(b"MediaBox"), Some(&b"[0 0 595 842]"[..]));
        assert_eq!(e.get(b"A B"), Some(&b"(a\\)b(c))"[..]));
        assert_eq!(e.get(b"Res"), Some(&b"<< /F <</X 1>> >>"[..]));
        assert_eq!(e.get(b"N"), Some(&b"12"[..]));
        assert_eq!(escape_name(b"A B"), b"A#20B");
        assert_eq!(parse_ref(b"3 0 R"), Some(ObjRef::new(3, 0)));
        assert!(Entries::parse(b"<< /A [1 2 >>").is_none());
        assert!(Entries::parse(b"<< /A (open >>").is_none());
    }

    #[test]
    fn subsections_are_runs_of_numbers() {
        let e = [(3, 0, 10), (4, 0, 20), (9, 0, 30), (10, 1, 40), (12, 0, 50)];
        let r: Vec<Vec<i32>> = runs(&e)
            .iter()
            .map(|r| r.iter().map(|x| x.0).collect())
            .collect();
        assert_eq!(r, vec![vec![3, 4], vec![9, 10], vec![12]]);
        assert!(runs(&[]).is_empty());
    }

    #[test]
    fn the_inverse_undoes_the_transform() {
        // y flipped on an 842-point page, crop box at (10, 20).
        let t = [1.0, 0.0, 0.0, -1.0, -10.0, 862.0];
        let i = invert(t).unwrap();
        let (x, y) = (100.0, 200.0);
        let (ux, uy) = (i[0] * x + i[2] * y + i[4], i[1] * x + i[3] * y + i[5]);
        assert!((ux - 110.0).abs() < 1e-9 && (uy - 662.0).abs() < 1e-9);
        assert!(invert([0.0; 6]).is_none());
    }

    #[test]
    fn what_is_not_a_pdf_or_has_no_xref_is_refused() {
        assert!(annotate(b"hello", &[]).unwrap_err().contains("不是 PDF"));
        let e = annotate(
            b"%PDF-1.4\n1 0 obj << >> endobj\nstartxref\n999999\n%%EOF",
            &[],
        );
        assert!(e.unwrap_err().contains("交叉引用表"));
    }
}
