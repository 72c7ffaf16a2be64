//! PDFs whose streams decode to far more than the file (~1 GiB from ~1 MB), written
//! without ever holding what they inflate to. Shared by the tests and by
//! `examples/pdf_bomb.rs`, which writes them out to measure the release binary.

use super::pdf::{from_objects, stream, zlib_bomb};

/// A GiB, in the MiB [`zlib_bomb`] counts in.
pub const GIB: usize = 1024;

/// Catalog, pages, one page with `page_extra` (its `/Contents` or more) and an XObject
/// `/X1` (object 6), Helvetica (object 4) with `font_extra`, then `more` objects from
/// number 5 on.
pub fn document(page_extra: &str, font_extra: &str, more: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 4 0 R >> /XObject << /X1 6 0 R >> >> {page_extra} >>"
        )
        .into_bytes(),
        format!("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica {font_extra}>>").into_bytes(),
    ];
    objects.extend(more);
    from_objects(&objects)
}

/// An uncompressed content stream.
pub fn text(content: &[u8]) -> Vec<u8> {
    stream("", content)
}

/// One page whose content stream is a GiB of `byte` (zeros, spaces).
pub fn content(byte: u8) -> Vec<u8> {
    document(
        "/Contents 5 0 R",
        "",
        vec![stream("/Filter /FlateDecode", &zlib_bomb(GIB, byte))],
    )
}

/// The same without `/Length`: the parser decodes such a stream whole to find its end,
/// wherever it is referenced.
pub fn no_length() -> Vec<u8> {
    let mut bomb = b"<< /Filter /FlateDecode >>\nstream\n".to_vec();
    bomb.extend_from_slice(&zlib_bomb(GIB, 0));
    bomb.extend_from_slice(b"\nendstream");
    document("/Contents 5 0 R", "", vec![bomb])
}

/// A page of text whose font's `ToUnicode` map is a GiB of spaces.
pub fn to_unicode() -> Vec<u8> {
    document(
        "/Contents 5 0 R",
        "/ToUnicode 6 0 R ",
        vec![
            text(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"),
            stream("/Filter /FlateDecode", &zlib_bomb(GIB, b' ')),
        ],
    )
}

/// A page drawing a form XObject whose content is a GiB of spaces.
pub fn form() -> Vec<u8> {
    document(
        "/Contents 5 0 R",
        "",
        vec![
            text(b"/X1 Do"),
            stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Filter /FlateDecode",
                &zlib_bomb(GIB, b' '),
            ),
        ],
    )
}

/// A page of text, then object 9 and what ends the file, without the xref table.
fn with_object(dict: &str, data: &[u8], end: impl FnOnce(usize) -> String) -> Vec<u8> {
    let page = document(
        "/Contents 5 0 R",
        "",
        vec![text(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET")],
    );
    let xref = page
        .windows(5)
        .position(|w| w == b"xref\n")
        .expect("an xref");
    let mut out = page[..xref].to_vec();
    let at = out.len();
    out.extend_from_slice(b"9 0 obj\n");
    out.extend_from_slice(&stream(dict, data));
    out.extend_from_slice(b"\nendobj\n");
    out.extend_from_slice(end(at).as_bytes());
    out
}

/// An object stream of a GiB of zeros in a file whose xref is broken: the parser inflates
/// every object stream while repairing it (and any it needs an object from).
pub fn object_stream() -> Vec<u8> {
    with_object(
        "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
        &zlib_bomb(GIB, 0),
        |_| "trailer\n<< /Size 10 /Root 1 0 R >>\nstartxref\n999999999\n%%EOF\n".into(),
    )
}

/// A cross-reference stream of a GiB of zeros, which the parser inflates while loading.
pub fn xref_stream() -> Vec<u8> {
    with_object(
        "/Type /XRef /Size 10 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode",
        &zlib_bomb(GIB, 0),
        |at| format!("startxref\n{at}\n%%EOF\n"),
    )
}

/// Sixteen pages drawing one stream of 48 MiB each: each within the limit for one stream,
/// together beyond the document's.
pub fn pages() -> Vec<u8> {
    let n = 16;
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 3 + i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
    ];
    for _ in 0..n {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R >>",
                3 + n
            )
            .into_bytes(),
        );
    }
    objects.push(stream("/Filter /FlateDecode", &zlib_bomb(48, b' ')));
    from_objects(&objects)
}

/// One page listing one stream of 32 MiB 64 times as its contents.
pub fn listed() -> Vec<u8> {
    let list = vec!["5 0 R"; 64].join(" ");
    document(
        &format!("/Contents [{list}]"),
        "",
        vec![stream("/Filter /FlateDecode", &zlib_bomb(32, b' '))],
    )
}

/// Every bomb, with a file name.
pub fn all() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("content-zeros.pdf", content(0)),
        ("content-spaces.pdf", content(b' ')),
        ("no-length.pdf", no_length()),
        ("to-unicode.pdf", to_unicode()),
        ("form.pdf", form()),
        ("object-stream.pdf", object_stream()),
        ("xref-stream.pdf", xref_stream()),
        ("pages.pdf", pages()),
        ("listed.pdf", listed()),
    ]
}
