//! PDFs written byte by byte for the reader's tests: a catalog, the pages, one Helvetica font
//! and a correct xref table.

/// A PDF with one page per `(page dictionary entries, content stream)`. `font` is the font
/// dictionary's extra entries (e.g. `/Widths`); `trailer_extra` goes into the trailer
/// (e.g. an `/Encrypt` reference).
pub fn pdf(pages: &[(&str, &str)], font: &str, trailer_extra: &str) -> Vec<u8> {
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, then (page, content) pairs.
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        format!("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica {font}>>"),
    ];
    for (i, (extra, content)) in pages.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R {extra} /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        ));
    }
    let objects: Vec<Vec<u8>> = objects.into_iter().map(String::into_bytes).collect();
    assemble(b"%PDF-1.4\n", &objects, trailer_extra)
}

/// A PDF of whole objects, numbered from 1 (the first the catalog), with a correct xref table.
pub fn from_objects(objects: &[Vec<u8>]) -> Vec<u8> {
    assemble(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", objects, "")
}

/// The header, the objects numbered from 1, the xref table and the trailer.
fn assemble(header: &[u8], objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = header.to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A stream object: `dict` (entries without `/Length`) and its data.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream");
    o
}

/// A zlib stream of `mib` MiB of `byte` (zeros, spaces), written without ever holding them:
/// one MiB is deflated once, ending in a sync flush (byte-aligned, not final), and that
/// block, which starts with a literal, is repeated. A MiB of one byte takes about 1 KB.
pub fn zlib_bomb(mib: usize, byte: u8) -> Vec<u8> {
    let one = vec![byte; 1 << 20];
    let mut block = Vec::with_capacity(1 << 16);
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    while c.total_in() < one.len() as u64 || block.len() == block.capacity() {
        block.reserve(1 << 16);
        let at = c.total_in() as usize;
        c.compress_vec(&one[at..], &mut block, flate2::FlushCompress::Sync)
            .expect("deflating one byte repeated");
    }
    let mut out = vec![0x78, 0xda];
    for _ in 0..mib {
        out.extend_from_slice(&block);
    }
    // A final empty stored block, then the Adler-32 of n bytes of value c:
    // a = 1 + c·n, b = n + c·n(n+1)/2 (mod 65521).
    out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    let (n, c) = ((mib as u128) << 20, u128::from(byte));
    let a = (1 + c * n) % 65521;
    let b = (n + c * (n * (n + 1) / 2)) % 65521;
    out.extend_from_slice(&((b << 16 | a) as u32).to_be_bytes());
    out
}
