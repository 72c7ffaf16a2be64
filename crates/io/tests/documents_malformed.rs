//! Published documents that are broken, hostile or not what they claim to be: each gets a
//! clear Chinese message naming the file, never a panic. The PDFs and DOCX files here are
//! written byte by byte in this file.
#![allow(clippy::unwrap_used)]

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};

use juesuan_io::document::{Block, DocKind, parse_document, read_document};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The error of reading a file; the message must name the file.
fn problem(path: &Path) -> String {
    let text = read_document(path).unwrap_err().to_string();
    assert!(
        text.contains(&*path.file_name().unwrap().to_string_lossy()),
        "the message names the file: {text}"
    );
    text
}

/// A PDF with one A4 page per content stream, Helvetica as font, and a correct xref table.
fn pdf(contents: &[&str], trailer_extra: &str) -> Vec<u8> {
    let pages: Vec<(&str, &str)> = contents
        .iter()
        .map(|c| ("/MediaBox [0 0 595 842]", *c))
        .collect();
    support::pdf::pdf(&pages, "", trailer_extra)
}

fn text_of(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn handmade_pdf_is_read_with_page_and_line() {
    let bytes = pdf(
        &[
            // A short last line ends the paragraph; otherwise it would run on to page 2.
            "BT /F1 12 Tf 72 760 Td (Income 2946.25 and the rest of a long line of text) Tj 0 -15 Td (End;) Tj ET",
            "BT /F1 12 Tf 72 760 Td (Second page) Tj ET",
        ],
        "",
    );
    let doc = parse_document(&bytes, DocKind::Pdf, "a.pdf").unwrap();
    assert_eq!(doc.pages, 2);
    let text = text_of(&doc.blocks);
    assert!(text.contains("Income 2946.25"), "{text}");
    assert!(text.contains("Second page"), "{text}");
    let Block::Para(p) = doc.blocks.last().unwrap() else {
        panic!()
    };
    assert_eq!(p.at.page, Some(2));
}

#[test]
fn not_a_pdf_and_a_truncated_pdf() {
    let d = tempfile::tempdir().unwrap();
    let m = problem(&write(d.path(), "fake.pdf", b"<html>not a pdf</html>"));
    assert!(m.contains("不是 PDF 文件"), "{m}");

    // Every prefix of a valid PDF: an error or a (partial) document, never a panic.
    let whole = pdf(&["BT /F1 12 Tf 72 760 Td (Hello) Tj ET"], "");
    for cut in (0..whole.len()).step_by(7) {
        let _ = parse_document(&whole[..cut], DocKind::Pdf, "cut.pdf");
    }
    let m = problem(&write(d.path(), "cut.pdf", &whole[..40]));
    assert!(m.contains("PDF"), "{m}");
}

#[test]
fn pdf_without_text_layer_asks_for_ocr() {
    let d = tempfile::tempdir().unwrap();
    // A page that only draws: what a scan looks like to a text reader.
    let bytes = pdf(&["0 0 1 rg 72 72 200 300 re f"], "");
    let m = problem(&write(d.path(), "scan.pdf", &bytes));
    assert!(m.contains("无文本层，需要先做OCR"), "{m}");

    // One scanned page among text pages: the text is read, the page is named.
    let bytes = pdf(
        &[
            "BT /F1 12 Tf 72 760 Td (Text page) Tj ET",
            "q 100 0 0 100 72 72 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \u{7f} EI Q",
        ],
        "",
    );
    let doc = parse_document(&bytes, DocKind::Pdf, "mixed.pdf").unwrap();
    assert!(
        doc.notes.iter().any(|n| n.contains("第2页无文本层")),
        "{:?}",
        doc.notes
    );
}

#[test]
fn encrypted_pdf_is_refused_clearly() {
    let d = tempfile::tempdir().unwrap();
    let bytes = pdf(
        &["BT /F1 12 Tf 72 760 Td (Secret) Tj ET"],
        "/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /P -44 /O <00> /U <00> >> /ID [<01> <01>] ",
    );
    let m = problem(&write(d.path(), "locked.pdf", &bytes));
    assert!(m.contains("加密"), "{m}");
}

fn docx(parts: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(false);
    for (name, bytes) in parts {
        z.start_file(*name, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

#[test]
fn docx_that_is_not_a_word_document() {
    let d = tempfile::tempdir().unwrap();
    let m = problem(&write(d.path(), "a.docx", b"PK\x03\x04 broken"));
    assert!(m.contains("不是有效的 Word 文档"), "{m}");

    let zip = docx(
        &[("xl/workbook.xml", b"<workbook/>")],
        zip::CompressionMethod::Stored,
    );
    let m = problem(&write(d.path(), "b.docx", &zip));
    assert!(m.contains("缺少 word/document.xml"), "{m}");

    let zip = docx(
        &[("word/document.xml", b"<w:document><w:body><w:p></w:x>")],
        zip::CompressionMethod::Stored,
    );
    let m = problem(&write(d.path(), "c.docx", &zip));
    assert!(m.contains("c.docx"), "{m}");
}

#[test]
fn office_files_that_are_not_documents_say_what_they_are() {
    let d = tempfile::tempdir().unwrap();
    // A workbook given to the document reader: a data package, not "a broken Word file".
    let mut p = juesuan_model::Package::new("测试局", 2024, "shanghai");
    p.tables = juesuan_model::Tables::blank(&[juesuan_model::TableKind::Income]);
    let whole = juesuan_io::to_bytes(
        &p,
        juesuan_io::Format::Xlsx,
        juesuan_model::Catalog::builtin(),
        juesuan_io::WriteOptions::default(),
    )
    .unwrap();
    let m = problem(&write(d.path(), "unit.xlsx", &whole));
    assert!(m.contains("是 Excel 工作簿（数据包），不是公开文件"), "{m}");
    let m = problem(&write(d.path(), "cut.xlsx", &whole[..whole.len() / 2]));
    assert!(m.contains("工作簿已损坏或不是有效的 .xlsx 文件"), "{m}");
    assert!(!m.contains("Word"), "{m}");
    let bare = docx(
        &[("[Content_Types].xml", b"<Types/>")],
        zip::CompressionMethod::Stored,
    );
    let m = problem(&write(d.path(), "bare.xlsx", &bare));
    assert!(m.contains("工作簿已损坏或不是有效的 .xlsx 文件"), "{m}");
    let encrypted = support::office::encrypted_package();
    let m = problem(&write(d.path(), "locked.xlsx", &encrypted));
    assert!(m.contains("工作簿已加密"), "{m}");

    let m = problem(&write(d.path(), "locked.docx", &encrypted));
    assert!(m.contains("Word 文档已加密"), "{m}");
    assert!(m.contains("去掉打开密码"), "{m}");
    // Without a telling extension, by its content.
    let m = problem(&write(d.path(), "locked", &encrypted));
    assert!(m.contains("Word 文档已加密"), "{m}");
    let old = support::office::compound_file(&["WordDocument", "1Table"]);
    let m = problem(&write(d.path(), "old.doc", &old));
    assert!(m.contains("是旧版 Word 文档（.doc）"), "{m}");
}

#[test]
fn docx_zip_bomb_stops_at_the_limit() {
    let d = tempfile::tempdir().unwrap();
    // 80 MB of markup that deflates to well under 1 MB.
    let mut xml = b"<w:document><w:body><w:p><w:r><w:t>".to_vec();
    xml.resize(80 * 1024 * 1024, b'a');
    let zip = docx(
        &[("word/document.xml", &xml)],
        zip::CompressionMethod::Deflated,
    );
    drop(xml);
    assert!(zip.len() < 1024 * 1024, "{}", zip.len());
    let m = problem(&write(d.path(), "bomb.docx", &zip));
    assert!(m.contains("疑似压缩炸弹"), "{m}");
}

#[test]
fn docx_nested_tables_beyond_the_limit() {
    let d = tempfile::tempdir().unwrap();
    let open = "<w:tbl><w:tr><w:tc>".repeat(200);
    let close = "</w:tc></w:tr></w:tbl>".repeat(200);
    let xml = format!("<w:document><w:body>{open}<w:p/>{close}</w:body></w:document>");
    let zip = docx(
        &[("word/document.xml", xml.as_bytes())],
        zip::CompressionMethod::Stored,
    );
    let m = problem(&write(d.path(), "deep.docx", &zip));
    assert!(m.contains("deep.docx"), "{m}");
}

#[test]
fn text_that_is_binary_or_gbk() {
    let d = tempfile::tempdir().unwrap();
    // GBK bytes of 收入 after one good line: the message names the line.
    let m = problem(&write(
        d.path(),
        "gbk.txt",
        b"\xe6\x94\xb6\xe5\x85\xa5\n\xca\xd5\xc8\xeb\n",
    ));
    assert!(m.contains("第2行"), "{m}");

    let m = problem(&write(
        d.path(),
        "bin.txt",
        &[0u8, 159, 146, 150, 255, 0, 1],
    ));
    assert!(m.contains("bin.txt"), "{m}");
}

#[test]
fn web_pages_that_are_broken_or_hostile() {
    let d = tempfile::tempdir().unwrap();
    // Not a page, empty, or text a browser could not decode: a message naming the file.
    let m = problem(&write(
        d.path(),
        "图片.html",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0",
    ));
    assert!(m.contains("二进制"), "{m}");
    let m = problem(&write(d.path(), "空.htm", b""));
    assert!(m.contains("没有可读的文字"), "{m}");
    let m = problem(&write(d.path(), "坏.html", b"<p>\xff\xff</p>"));
    assert!(m.contains("第1行"), "{m}");
    // A small file asking for a huge grid, and tables nested beyond the limit.
    let bomb = format!(
        "<table><tr><td colspan=1000 rowspan=0>x</td></tr>{}</table>",
        "<tr>".repeat(5_000)
    );
    let m = problem(&write(d.path(), "炸弹.html", bomb.as_bytes()));
    assert!(m.contains("单元格超过"), "{m}");
    let deep = "<table><tr><td>".repeat(100);
    let m = problem(&write(d.path(), "嵌套.html", deep.as_bytes()));
    assert!(m.contains("嵌套过深"), "{m}");

    // A GB2312 page with an extension that says nothing: sniffed and decoded.
    let page = "<!-- 内容管理系统 -->\n<!DOCTYPE html><html><head><meta charset=\"gb2312\"></head><body><p>收入&nbsp;合计</p><table><tr><td rowspan=2>一</td><td>二</td></tr><tr><td>三</td></tr></table></body></html>";
    let gbk: Vec<u8> = page
        .chars()
        .flat_map(|c| {
            let mut b = [0u8; 4];
            match c {
                '收' => vec![0xCA, 0xD5],
                '入' => vec![0xC8, 0xEB],
                '合' => vec![0xBA, 0xCF],
                '计' => vec![0xBC, 0xC6],
                '一' => vec![0xD2, 0xBB],
                '二' => vec![0xB6, 0xFE],
                '三' => vec![0xC8, 0xFD],
                '内' => vec![0xC4, 0xDA],
                '容' => vec![0xC8, 0xDD],
                '管' => vec![0xB9, 0xDC],
                '理' => vec![0xC0, 0xED],
                '系' => vec![0xCF, 0xB5],
                '统' => vec![0xCD, 0xB3],
                _ => c.encode_utf8(&mut b).as_bytes().to_vec(),
            }
        })
        .collect();
    let doc = read_document(&write(d.path(), "公开.shtml", &gbk)).unwrap();
    assert_eq!(doc.kind, DocKind::Html);
    assert_eq!(text_of(&doc.blocks), "收入合计");
    let Some(Block::Table(t)) = doc.blocks.get(1) else {
        panic!("{:?}", doc.blocks)
    };
    assert_eq!(t.rows[0][0].rowspan, 2);
    assert_eq!(t.text(1, 1), "三");
    // The same bytes in memory read the same.
    let again = parse_document(&gbk, DocKind::Html, "公开.shtml").unwrap();
    assert_eq!(again.blocks, doc.blocks);
}

#[test]
fn files_too_large_are_not_read() {
    // The size check happens before reading: a sparse file claims 300 MB.
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("huge.pdf");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(300 * 1024 * 1024).unwrap();
    drop(f);
    let m = problem(&p);
    assert!(m.contains("太大"), "{m}");
}
