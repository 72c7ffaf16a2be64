//! PDFs whose streams decode to far more than the file: a FlateDecode stream of ~1 GiB of
//! zeros or spaces takes ~1 MB (`support/bombs.rs`). Each is refused with the Chinese
//! message naming the file, quickly, before the memory is taken. The files are written at
//! test time into a temporary folder.
//!
//! The peak memory of reading them is measured on the release binary, not here:
//! `cargo run --release -p juesuan-io --example pdf_bomb -- DIR` writes them out.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use juesuan_io::document::{Block, read_document};
use support::bombs::{self, GIB, document, text};
use support::pdf::{from_objects, stream, zlib_bomb};

/// What reading a bomb says: the refusal, naming the file, given well before a reader that
/// inflated the stream would be done.
fn refusal(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let started = Instant::now();
    let text = read_document(&path).unwrap_err().to_string();
    // Generous for unoptimised builds: inflating the 64 MB the limit allows takes a second.
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{name} took {:?}",
        started.elapsed()
    );
    assert!(text.contains(name), "the message names the file: {text}");
    assert!(text.contains("PDF 数据流解压后过大"), "{text}");
    text
}

#[test]
fn a_content_stream_of_a_gigabyte_of_zeros_or_spaces() {
    let d = tempfile::tempdir().unwrap();
    for (name, byte) in [("zeros.pdf", 0), ("spaces.pdf", b' ')] {
        let bytes = bombs::content(byte);
        assert!(bytes.len() < 2_000_000, "{} bytes", bytes.len());
        let m = refusal(d.path(), name, &bytes);
        assert!(m.contains("第1页有一个数据流超过 64 MB"), "{m}");
    }
}

#[test]
fn a_stream_without_its_length_is_measured_before_it_is_parsed() {
    let d = tempfile::tempdir().unwrap();
    let m = refusal(d.path(), "no-length.pdf", &bombs::no_length());
    // Found before any page is read.
    assert!(m.contains("（有一个数据流超过 64 MB）"), "{m}");
}

#[test]
fn a_to_unicode_map_and_a_form_of_a_gigabyte() {
    let d = tempfile::tempdir().unwrap();
    let m = refusal(d.path(), "to-unicode.pdf", &bombs::to_unicode());
    assert!(m.contains("第1页有一个数据流超过 64 MB"), "{m}");
    let m = refusal(d.path(), "form.pdf", &bombs::form());
    assert!(m.contains("第1页有一个数据流超过 64 MB"), "{m}");
}

#[test]
fn an_object_stream_and_a_cross_reference_stream_of_a_gigabyte() {
    let d = tempfile::tempdir().unwrap();
    let m = refusal(d.path(), "objstm.pdf", &bombs::object_stream());
    assert!(m.contains("（有一个数据流超过 64 MB）"), "{m}");
    let m = refusal(d.path(), "xref-stream.pdf", &bombs::xref_stream());
    assert!(m.contains("（有一个数据流超过 64 MB）"), "{m}");
}

#[test]
fn streams_together_stop_at_the_budget_for_the_document() {
    let d = tempfile::tempdir().unwrap();
    let m = refusal(d.path(), "pages.pdf", &bombs::pages());
    assert!(m.contains("读到第6页时合计超过 256 MB"), "{m}");
    // A page's contents listed as several streams are one stream to the limit.
    let m = refusal(d.path(), "listed.pdf", &bombs::listed());
    assert!(m.contains("第1页有一个数据流超过 64 MB"), "{m}");
}

#[test]
fn compressed_streams_within_the_limits_read_as_before() {
    let d = tempfile::tempdir().unwrap();
    let mut content = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n".to_vec();
    // A megabyte of spaces after the text: nothing to the reader.
    content.resize(content.len() + (1 << 20), b' ');
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut z, &content).unwrap();
    let bytes = document(
        "/Contents 5 0 R",
        "",
        vec![
            stream("/Filter /FlateDecode", &z.finish().unwrap()),
            // An image the page does not draw is never looked at.
            stream(
                "/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 \
                 /ColorSpace /DeviceGray /Filter /FlateDecode",
                &zlib_bomb(GIB, 0),
            ),
        ],
    );
    let path = d.path().join("fine.pdf");
    std::fs::write(&path, bytes).unwrap();
    let doc = read_document(&path).unwrap();
    let Some(Block::Para(p)) = doc.blocks.first() else {
        panic!("{:?}", doc.blocks);
    };
    assert_eq!(p.text, "Hello");
}

#[test]
fn an_image_is_never_decoded_even_with_a_broken_length() {
    let d = tempfile::tempdir().unwrap();
    // Its dictionary is read as a dictionary: the data, however long, is not parsed (which,
    // with a wrong `/Length`, would decode it whole).
    let mut image = b"<< /Type /XObject /Subtype /Image /Width 60000 /Height 60000 \
        /BitsPerComponent 8 /ColorSpace /DeviceRGB /Filter /DCTDecode /Length 1 >>\nstream\n"
        .to_vec();
    image.extend_from_slice(&[0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0xea, 0x60, 0xea, 0x60, 3]);
    image.extend_from_slice(&[0; 64]);
    image.extend_from_slice(b"\nendstream");
    let bytes = from_objects(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
           /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R >>"
            .to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
           /Resources << /XObject << /X1 8 0 R >> >> /Contents 7 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        text(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"),
        text(b"q 595 0 0 842 0 0 cm /X1 Do Q"),
        image,
    ]);
    let path = d.path().join("image.pdf");
    std::fs::write(&path, bytes).unwrap();
    let doc = read_document(&path).unwrap();
    assert_eq!(doc.blocks.len(), 1, "{:?}", doc.blocks);
    // Seen as an image all the same: the page is one to OCR.
    assert_eq!(doc.notes, ["第2页无文本层，需要先做OCR"]);
}

#[test]
fn every_bomb_is_refused() {
    let d = tempfile::tempdir().unwrap();
    for (name, bytes) in bombs::all() {
        refusal(d.path(), name, &bytes);
    }
}
