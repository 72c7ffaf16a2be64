//! `check --annotate`'s writer on PDFs written here byte by byte: a rotated page with a crop
//! box and an annotation of its own, with a classic xref table and with a cross-reference
//! stream. The highlight must cover the words the reader's boxes cover (read back, and cut
//! out again by poppler's `pdftotext` where it is installed), the original bytes must stay
//! the output's first bytes, and what the page had must be kept.
#![allow(clippy::unwrap_used)]

mod support;

use std::process::Command;

use juesuan_diagnostics::Severity;
use juesuan_io::document::pdf::annotate::{Note, annotate, read_back};
use juesuan_io::document::{Block, DocKind, parse_document};

/// Objects of a one-page PDF: catalog, pages, font, the page (`page_extra` in its
/// dictionary, a link annotation of its own), its content, the link.
/// The line is at (100, 700) in the page's own space whatever its `/Rotate`: in Courier 12
/// `123.45` covers x 143.2–186.4, and the reader's line box y 698.56–710.56 (0.12 em below
/// the baseline, 0.88 above) — where the highlight must be in the file, however the page is
/// turned or cropped.
fn objects(page_extra: &str) -> Vec<Vec<u8>> {
    let content = "BT /F1 12 Tf 100 700 Td (Total 123.45 here;) Tj ET";
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        // Courier with its widths, so poppler and the reader place every glyph alike.
        format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /FirstChar 32 /LastChar 126 /Widths [{}] >>",
            ["600"; 95].join(" ")
        )
        .into_bytes(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] {page_extra} /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [6 0 R] >>"
        )
        .into_bytes(),
        support::pdf::stream("", content.as_bytes()),
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /Border [0 0 0] >>".to_vec(),
    ]
}

/// The same objects with a cross-reference stream instead of a table (PDF 1.5+).
fn with_xref_stream(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let at = out.len();
    offsets.push(at);
    let n = objects.len() + 2; // object 0 and the stream itself
    let mut data = vec![0u8, 0, 0, 0, 0, 0xff, 0xff];
    for o in offsets {
        data.push(1);
        data.extend_from_slice(&(o as u32).to_be_bytes());
        data.extend_from_slice(&[0, 0]);
    }
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<< /Type /XRef /Size {n} /W [1 4 2] /Root 1 0 R /Length {} >>\nstream\n",
            n - 1,
            data.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&data);
    out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n").as_bytes());
    out
}

/// A highlight over `123.45` as the reader places it.
fn note_on(bytes: &[u8]) -> Note {
    let doc = parse_document(bytes, DocKind::Pdf, "t.pdf").unwrap();
    let p = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Para(p) if p.text.contains("123.45") => Some(p),
            _ => None,
        })
        .unwrap_or_else(|| {
            panic!(
                "the reader finds the figure: {:?}",
                doc.paras().map(|p| &p.text).collect::<Vec<_>>()
            )
        });
    let start = p.text.find("123.45").unwrap();
    let boxes = p.boxes(start..start + 6);
    assert_eq!(boxes.len(), 1, "{boxes:?}");
    Note {
        page: 1,
        boxes,
        text: "错误[D-040]：说明写 123.45 万元\n第1页第1行".into(),
        severity: Severity::Error,
    }
}

fn poppler(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        println!("跳过：没有安装 {tool}，不用 poppler 核对");
    }
    ok
}

/// What poppler reads inside `r` (points from the shown page's top-left corner).
fn pdftotext_in(path: &std::path::Path, r: &juesuan_diagnostics::Rect) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1", "-x"])
        .arg(format!("{}", r.x0.floor()))
        .arg("-y")
        .arg(format!("{}", r.y0.floor()))
        .arg("-W")
        .arg(format!("{}", (r.x1 - r.x0).ceil()))
        .arg("-H")
        .arg(format!("{}", (r.y1 - r.y0).ceil()))
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect()
}

/// Annotates `original` and checks everything the output must be.
fn annotated_holds(original: &[u8], name: &str, upright: bool) {
    let note = note_on(original);
    let done = annotate(original, std::slice::from_ref(&note)).unwrap();
    assert_eq!((done.highlights, done.notes), (1, 0));
    assert_eq!(
        &done.bytes[..original.len()],
        original,
        "the original is untouched"
    );

    let found = read_back(&done.bytes).unwrap();
    let subtypes: Vec<&str> = found.iter().map(|a| a.subtype.as_str()).collect();
    assert_eq!(
        subtypes,
        ["Link", "Highlight"],
        "the page's own link is kept"
    );
    let h = &found[1];
    assert_eq!(h.author, "juesuan");
    assert_eq!(h.contents, note.text);
    let b = note.boxes[0];
    for (got, want) in [
        (h.rect.x0, b.x0),
        (h.rect.y0, b.y0),
        (h.rect.x1, b.x1),
        (h.rect.y1, b.y1),
    ] {
        assert!((got - want).abs() < 0.01, "{:?} vs {b:?}", h.rect);
    }
    for (got, want) in h.user.iter().zip([143.2, 698.56, 186.4, 710.56]) {
        assert!(
            (got - want).abs() < 0.01,
            "in the page's own space: {:?}",
            h.user
        );
    }
    // The reader reads the annotated file as it read the original.
    let again = parse_document(&done.bytes, DocKind::Pdf, "t.pdf").unwrap();
    assert!(again.paras().any(|p| p.text.contains("Total 123.45")));
    // A second round appends to the first.
    let twice = annotate(&done.bytes, std::slice::from_ref(&note)).unwrap();
    assert_eq!(read_back(&twice.bytes).unwrap().len(), 3);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, &done.bytes).unwrap();
    if poppler("pdfinfo") {
        let info = Command::new("pdfinfo").arg(&path).output().unwrap();
        assert!(info.status.success(), "{info:?}");
        assert!(
            info.stderr.is_empty(),
            "poppler complains: {}",
            String::from_utf8_lossy(&info.stderr)
        );
    }
    // Poppler cuts out text of an upright page (turned pages' text is vertical as shown).
    if upright && poppler("pdftotext") {
        assert_eq!(pdftotext_in(&path, &h.rect), "123.45", "{:?}", h.rect);
    }
}

#[test]
fn a_plain_page_with_a_table_xref() {
    annotated_holds(&support::pdf::from_objects(&objects("")), "plain.pdf", true);
}

#[test]
fn a_rotated_cropped_page_with_a_table_xref() {
    annotated_holds(
        &support::pdf::from_objects(&objects("/Rotate 90 /CropBox [20 30 575 812]")),
        "rotated.pdf",
        false,
    );
}

#[test]
fn a_rotated_page_with_an_xref_stream() {
    let original = with_xref_stream(&objects("/Rotate 270 /CropBox [20 30 575 812]"));
    annotated_holds(&original, "stream.pdf", false);
    // The update is a cross-reference stream too.
    let done = annotate(&original, &[note_on(&original)]).unwrap();
    let tail = String::from_utf8_lossy(&done.bytes[original.len()..]).into_owned();
    assert!(
        tail.contains("/Type /XRef") && !tail.contains("\nxref\n"),
        "{tail}"
    );
}

#[test]
fn notes_without_boxes_go_in_the_margin() {
    let original = support::pdf::from_objects(&objects(""));
    let n = Note {
        page: 1,
        boxes: vec![],
        text: "警告[D-001]：整个文件".into(),
        severity: Severity::Warning,
    };
    let done = annotate(&original, &[n.clone(), n]).unwrap();
    assert_eq!((done.highlights, done.notes), (0, 2));
    let found = read_back(&done.bytes).unwrap();
    let notes: Vec<_> = found.iter().filter(|a| a.subtype == "Text").collect();
    assert_eq!(notes.len(), 2);
    assert!(
        notes[0].rect.y1 <= notes[1].rect.y0,
        "stacked, not on top of each other"
    );
    assert!(
        notes[0].rect.x0 < 30.0 && notes[0].rect.y0 < 30.0,
        "{:?}",
        notes[0].rect
    );
}

#[test]
fn what_cannot_be_annotated_safely_is_refused() {
    let original = support::pdf::from_objects(&objects(""));
    // A page the file does not have.
    let mut n = note_on(&original);
    n.page = 3;
    assert!(
        annotate(&original, &[n])
            .unwrap_err()
            .contains("第3页不在文件中")
    );
    // startxref pointing elsewhere.
    let mut broken = original.clone();
    let at = broken.len() - "\n%%EOF\n".len();
    broken.truncate(at);
    broken.extend_from_slice(b"7\n%%EOF\n");
    let e = annotate(&broken, &[]).unwrap_err();
    assert!(e.contains("交叉引用表"), "{e}");
    // Encrypted.
    let locked = support::pdf::pdf(
        &[(
            "/MediaBox [0 0 595 842]",
            "BT /F1 12 Tf 72 760 Td (Secret) Tj ET",
        )],
        "",
        "/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /P -44 /O <00> /U <00> >> /ID [<01> <01>] ",
    );
    assert!(annotate(&locked, &[]).unwrap_err().contains("已加密"));
}

#[test]
fn pages_render_to_png_with_their_size() {
    use juesuan_io::document::pdf::render::{MAX_SIDE, page_sizes, render_page};
    let plain = support::pdf::from_objects(&objects(""));
    let img = render_page(&plain, 1, 1.5).unwrap();
    assert!(img.png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert_eq!(img.size, (595.0, 842.0));
    assert_eq!(img.pixels, (892, 1263));
    // Turned and cropped: the shown size, as the boxes are measured.
    let turned = support::pdf::from_objects(&objects("/Rotate 90 /CropBox [20 30 575 812]"));
    assert_eq!(page_sizes(&turned).unwrap(), vec![(782.0, 555.0)]);
    let img = render_page(&turned, 1, 1.0).unwrap();
    assert_eq!((img.size, img.pixels), ((782.0, 555.0), (782, 555)));
    // A huge scale is lowered to the longest side's limit.
    let img = render_page(&plain, 1, 1000.0).unwrap();
    assert!(img.pixels.1 as f32 <= MAX_SIDE, "{:?}", img.pixels);
    assert!(
        render_page(&plain, 2, 1.0)
            .unwrap_err()
            .contains("没有第2页")
    );
    assert!(render_page(b"junk", 1, 1.0).is_err());
}

#[test]
fn garbled_files_are_refused_or_annotated_never_a_panic() {
    let original = support::pdf::from_objects(&objects(""));
    let note = note_on(&original);
    let mut annotated = 0;
    for cut in (0..original.len()).step_by(7) {
        let _ = annotate(&original[..cut], std::slice::from_ref(&note));
        let _ = juesuan_io::document::pdf::render::render_page(&original[..cut], 1, 1.0);
    }
    // One byte changed at a time: whatever is written reads back with its highlight.
    for at in (0..original.len()).step_by(3) {
        let mut bad = original.clone();
        bad[at] = bad[at].wrapping_add(37);
        if let Ok(done) = annotate(&bad, std::slice::from_ref(&note)) {
            assert_eq!(&done.bytes[..bad.len()], &bad[..]);
            let found = read_back(&done.bytes).unwrap();
            assert!(found.iter().any(|a| a.subtype == "Highlight"), "at {at}");
            annotated += 1;
        }
    }
    assert!(annotated > 0);
}

#[test]
fn a_wrong_size_does_not_let_an_annotation_replace_an_object() {
    let original = support::pdf::from_objects(&objects(""));
    // Same length, so every offset stays right.
    let at = original
        .windows(8)
        .position(|w| w == b"/Size 7 ")
        .expect("the trailer's size");
    let mut small = original.clone();
    small[at + 6] = b'3';
    let done = annotate(&small, &[note_on(&original)]).unwrap();
    let tail = String::from_utf8_lossy(&done.bytes[small.len()..]).into_owned();
    let written: Vec<&str> = tail.lines().filter(|l| l.ends_with(" 0 obj")).collect();
    assert_eq!(
        written,
        ["7 0 obj", "4 0 obj"],
        "the annotation, then the page again"
    );
    let found = read_back(&done.bytes).unwrap();
    assert_eq!(found.len(), 2, "the link and the highlight");
    let again = parse_document(&done.bytes, DocKind::Pdf, "t.pdf").unwrap();
    assert!(
        again.paras().any(|p| p.text.contains("Total 123.45")),
        "the font is intact"
    );
}
