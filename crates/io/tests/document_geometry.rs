//! Where text is on the page: paragraph and cell boxes of PDFs written byte by byte here
//! (exact coordinates, every `/Rotate`, a crop box), and of the Putuo report in `../shared/`
//! (override with `JUESUAN_SHARED`) against what poppler's `pdftotext -bbox-layout` measures.
//! The real-document tests are skipped, with one line saying so, when the file is absent.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use juesuan_io::document::{Block, DocKind, Document, Rect, parse_document, read_document};

/// A PDF with one page per `(page dictionary entries, content stream)`: Helvetica with every
/// printable character 500/1000 em wide, so positions are easy to work out by hand.
fn pdf(pages: &[(&str, &str)]) -> Vec<u8> {
    let widths = vec!["500"; 95].join(" ");
    support::pdf::pdf(
        pages,
        &format!("/FirstChar 32 /LastChar 126 /Widths [{widths}] "),
        "",
    )
}

/// The boxes of every occurrence of `phrase` in the document's paragraphs, in order.
fn phrase_boxes(doc: &Document, phrase: &str) -> Vec<Vec<Rect>> {
    let mut out = Vec::new();
    for p in doc.paras() {
        for (i, _) in p.text.match_indices(phrase) {
            out.push(p.boxes(i..i + phrase.len()));
        }
    }
    out
}

fn rect(page: u32, x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
    Rect {
        page,
        x0,
        y0,
        x1,
        y1,
    }
}

#[track_caller]
fn assert_near(got: &Rect, want: &Rect, tol: f32) {
    let ok = got.page == want.page
        && (got.x0 - want.x0).abs() <= tol
        && (got.y0 - want.y0).abs() <= tol
        && (got.x1 - want.x1).abs() <= tol
        && (got.y1 - want.y1).abs() <= tol;
    assert!(ok, "got {got:?}, want {want:?} (± {tol})");
}

#[test]
fn handmade_paragraph_and_cells_have_exact_boxes() {
    // 12 pt text, each character 6 pt wide; a paragraph of two lines, then a ruled 2×2 table.
    let content = "BT /F1 12 Tf 72 760 Td (Income 2946.25 and the rest of a long line of text) Tj \
                   0 -15 Td (End;) Tj ET \
                   0.5 w 100 600 m 300 600 l S 100 580 m 300 580 l S 100 560 m 300 560 l S \
                   100 560 m 100 600 l S 200 560 m 200 600 l S 300 560 m 300 600 l S \
                   BT /F1 10 Tf 105 585 Td (A1) Tj 100 0 Td (B1) Tj -100 -20 Td (A2) Tj 100 0 Td (B2) Tj ET";
    let doc = parse_document(
        &pdf(&[("/MediaBox [0 0 595 842]", content)]),
        DocKind::Pdf,
        "a.pdf",
    )
    .unwrap();
    assert_eq!(doc.page_sizes, vec![(595.0, 842.0)]);
    let p = doc.paras().next().unwrap();
    assert_eq!(
        p.text,
        "Income 2946.25 and the rest of a long line of text End;"
    );
    assert_eq!(p.geometry.lines.len(), 2);
    // Baseline 760 → 82 pt from the top; the em box reaches 0.88 em above it, 0.12 below.
    let (top, bottom) = (842.0 - 760.0 - 0.88 * 12.0, 842.0 - 760.0 + 0.12 * 12.0);
    let figure = p.text.find("2946.25").unwrap();
    assert_eq!(
        p.boxes(figure..figure + 7),
        vec![rect(1, 72.0 + 7.0 * 6.0, top, 72.0 + 14.0 * 6.0, bottom)]
    );
    // Across the line break: the end of the first line and the start of the second (15 pt
    // lower); the space joining them is on neither.
    let from = p.text.find("text").unwrap();
    let boxes = p.boxes(from..from + "text End".len());
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    assert_near(
        &boxes[0],
        &rect(1, 72.0 + 46.0 * 6.0, top, 372.0, bottom),
        1e-3,
    );
    assert_near(
        &boxes[1],
        &rect(1, 72.0, top + 15.0, 72.0 + 3.0 * 6.0, bottom + 15.0),
        1e-3,
    );
    // The whole text, ranges past the end, and empty ranges.
    assert_eq!(p.boxes(0..usize::MAX).len(), 2);
    assert!(p.boxes(3..3).is_empty());
    assert!(p.boxes(500..600).is_empty());

    let t = doc.tables().next().unwrap();
    assert_eq!(t.text(0, 0), "A1");
    assert_eq!(t.text(1, 1), "B2");
    // Rules at y = 600, 580, 560 and x = 100, 200, 300: rows 242..262 and 262..282 from the top.
    for (r, c, want) in [
        (0, 0, rect(1, 100.0, 242.0, 200.0, 262.0)),
        (0, 1, rect(1, 200.0, 242.0, 300.0, 262.0)),
        (1, 0, rect(1, 100.0, 262.0, 200.0, 282.0)),
        (1, 1, rect(1, 200.0, 262.0, 300.0, 282.0)),
    ] {
        assert_eq!(t.rows[r][c].boxes(), vec![want], "cell {r},{c}");
    }
    // Geometry is for drawing only: the JSON stays as it was.
    let json = serde_json::to_string(&doc).unwrap();
    assert!(!json.contains("geometry") && !json.contains("rect") && !json.contains("page_sizes"));
}

#[test]
fn rotated_and_cropped_pages() {
    // The same line on pages turned 0/90/180/270 degrees and on a cropped page: 10 pt, 5 pt per
    // character, baseline 700, so "world" spans x 130..155 and y 698.8..708.8 in page space.
    let line = "BT /F1 10 Tf 100 700 Td (Hello world;) Tj ET";
    let pages = [
        ("/MediaBox [0 0 595 842]", line),
        ("/MediaBox [0 0 595 842] /Rotate 90", line),
        ("/MediaBox [0 0 595 842] /Rotate 180", line),
        ("/MediaBox [0 0 595 842] /Rotate 270", line),
        ("/MediaBox [0 0 595 842] /CropBox [50 40 545 800]", line),
    ];
    let doc = parse_document(&pdf(&pages), DocKind::Pdf, "r.pdf").unwrap();
    assert_eq!(
        doc.page_sizes,
        vec![
            (595.0, 842.0),
            (842.0, 595.0),
            (595.0, 842.0),
            (842.0, 595.0),
            (495.0, 760.0)
        ]
    );
    let boxes: Vec<Rect> = phrase_boxes(&doc, "world").into_iter().flatten().collect();
    let want = [
        // Upright: y from the top.
        rect(1, 130.0, 842.0 - 708.8, 155.0, 842.0 - 698.8),
        // Turned clockwise: the page's bottom edge is on the left, so x is page-space y.
        rect(2, 698.8, 130.0, 708.8, 155.0),
        // Upside down.
        rect(3, 595.0 - 155.0, 698.8, 595.0 - 130.0, 708.8),
        // Turned anticlockwise: the page's top edge is on the left.
        rect(
            4,
            842.0 - 708.8,
            595.0 - 155.0,
            842.0 - 698.8,
            595.0 - 130.0,
        ),
        // Cropped: from the crop box's top-left corner (50, 800).
        rect(5, 130.0 - 50.0, 800.0 - 708.8, 155.0 - 50.0, 800.0 - 698.8),
    ];
    assert_eq!(boxes.len(), want.len(), "{boxes:?}");
    for (got, want) in boxes.iter().zip(&want) {
        assert_near(got, want, 1e-3);
    }
}

#[test]
fn documents_without_geometry_have_no_boxes() {
    let doc = parse_document("第一段文字。\n".as_bytes(), DocKind::Text, "a.txt").unwrap();
    let Some(Block::Para(p)) = doc.blocks.first() else {
        panic!("{:?}", doc.blocks)
    };
    assert!(p.boxes(0..p.text.len()).is_empty());
    assert!(doc.page_sizes.is_empty());
}

fn shared() -> PathBuf {
    std::env::var_os("JUESUAN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// The Putuo report, or `None` after saying why it is skipped.
fn putuo() -> Option<(PathBuf, Document)> {
    let path = shared().join("reference/shanghai-putuo-czj-2024.pdf");
    if !path.exists() {
        println!(
            "跳过：找不到真实文档 {}（可用环境变量 JUESUAN_SHARED 指定 shared 目录）",
            path.display()
        );
        return None;
    }
    let doc = read_document(&path).unwrap();
    Some((path, doc))
}

#[test]
fn putuo_phrases_sit_where_pdftotext_measures_them() {
    let Some((_, doc)) = putuo() else {
        return;
    };
    assert_eq!(doc.page_sizes[3], (595.0, 842.0));
    assert_eq!(doc.page_sizes[12], (842.0, 595.0), "page 13 is landscape");
    // Measured with `pdftotext -bbox-layout -f 4 -l 4`: the word
    // "根据《上海市普陀区机构改革方案》，制定本规定。" spans x 134.9997..410.9958 (23 characters
    // of FangSong 12 pt, 12 pt each), y 174.6164..177.6884. Its font claims Ascent 220 and
    // Descent -36, so the baseline is 177.6884 − 0.036 × 12 = 177.2564, and the em box
    // 177.2564 − 10.56 .. 177.2564 + 1.44.
    let b = phrase_boxes(&doc, "上海市普陀区机构改革方案");
    assert_eq!(b.len(), 1, "{b:?}");
    assert_eq!(b[0].len(), 1);
    assert_near(
        &b[0][0],
        &rect(
            4,
            134.9997 + 3.0 * 12.0,
            166.6964,
            134.9997 + 15.0 * 12.0,
            178.6964,
        ),
        2.0,
    );
    // Across a line break: "…政策；研" ends the line x 95.99999..515.995 (35 characters),
    // y 258.0128..261.0848; "究拟订…" starts the next at x 72.00002, y 271.8117..274.8837.
    let b = phrase_boxes(&doc, "政策；研究拟订");
    assert_eq!(b.len(), 1, "{b:?}");
    assert_eq!(b[0].len(), 2, "{b:?}");
    let base1 = 261.0848 - 0.036 * 12.0;
    let base2 = 274.8837 - 0.036 * 12.0;
    assert_near(
        &b[0][0],
        &rect(
            4,
            515.995 - 4.0 * 12.0,
            base1 - 10.56,
            515.995,
            base1 + 1.44,
        ),
        2.0,
    );
    assert_near(
        &b[0][1],
        &rect(
            4,
            72.00002,
            base2 - 10.56,
            72.00002 + 3.0 * 12.0,
            base2 + 1.44,
        ),
        2.0,
    );
}

/// A word of `pdftotext -bbox-layout` output: page, box, text.
struct Word {
    page: u32,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    text: String,
}

fn attr(tag: &str, name: &str) -> Option<f32> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next()?.parse().ok()
}

/// What poppler measures.
struct Poppler {
    words: Vec<Word>,
    /// Width and height of each page.
    sizes: Vec<(f32, f32)>,
}

/// The words poppler finds, with its page sizes; `None` when `pdftotext` is not installed.
fn poppler_words(path: &Path) -> Option<Poppler> {
    let out = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(path)
        .arg("-")
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let html = String::from_utf8_lossy(&out.stdout);
    let (mut words, mut sizes) = (Vec::new(), Vec::new());
    for piece in html.split('<').skip(1) {
        let (tag, text) = piece.split_once('>').unwrap_or((piece, ""));
        if tag.starts_with("page ") {
            sizes.push((attr(tag, "width")?, attr(tag, "height")?));
        } else if tag.starts_with("word ") {
            words.push(Word {
                page: sizes.len() as u32,
                x0: attr(tag, "xMin")?,
                y0: attr(tag, "yMin")?,
                x1: attr(tag, "xMax")?,
                y1: attr(tag, "yMax")?,
                text: text
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            });
        }
    }
    Some(Poppler { words, sizes })
}

#[test]
fn putuo_boxes_agree_with_pdftotext_everywhere() {
    let Some((path, doc)) = putuo() else {
        return;
    };
    let Some(Poppler { words, sizes }) = poppler_words(&path) else {
        println!("跳过：没有 pdftotext（Debian 包 poppler-utils），无法比对坐标");
        return;
    };
    assert_eq!(doc.page_sizes, sizes);
    // Every poppler word of two or more characters that a paragraph line holds at the same
    // height (the line's box holds the middle of the word's; poppler's heights come from the
    // fonts' Ascent/Descent, which this file gets wrong, so only the middle is comparable):
    // the nearest occurrence must match its left and right edges within 2 pt. A vertical
    // error would leave few words to compare, so their number is checked too.
    // Words inside a table's cells are left to the cell check below.
    let cells: Vec<Rect> = doc
        .tables()
        .flat_map(|t| t.rows.iter().flatten())
        .filter_map(|c| c.rect)
        .collect();
    let in_cell = |w: &Word| {
        let (x, y) = ((w.x0 + w.x1) / 2.0, (w.y0 + w.y1) / 2.0);
        cells
            .iter()
            .any(|r| r.page == w.page && r.x0 <= x && x <= r.x1 && r.y0 <= y && y <= r.y1)
    };
    let (mut eligible, mut compared, mut wrong) = (0, 0, Vec::new());
    for w in words
        .iter()
        .filter(|w| w.text.chars().count() >= 2 && !in_cell(w))
    {
        eligible += 1;
        let mid = (w.y0 + w.y1) / 2.0;
        let nearest = phrase_boxes(&doc, &w.text)
            .into_iter()
            .filter(|b| b.len() == 1 && b[0].page == w.page)
            .map(|b| b[0])
            .filter(|r| r.y0 <= mid && mid <= r.y1)
            .min_by(|a, b| (a.x0 - w.x0).abs().total_cmp(&(b.x0 - w.x0).abs()));
        let Some(r) = nearest else {
            continue;
        };
        compared += 1;
        let ok = (r.x0 - w.x0).abs() <= 2.0 && (r.x1 - w.x1).abs() <= 2.0;
        if !ok {
            wrong.push(format!(
                "{} p{}: poppler {:.1} {:.1} {:.1} {:.1}, ours {r:?}",
                w.text, w.page, w.x0, w.y0, w.x1, w.y1
            ));
        }
    }
    assert!(
        compared > 100 && compared * 10 > eligible * 9,
        "only {compared} of {eligible} words compared"
    );
    assert!(
        wrong.is_empty(),
        "{} of {compared}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );

    // Cells: a poppler word that is exactly a cell's text, once on its page, lies in the cell
    // (across; down, its middle does, for the reason above).
    let mut cells_checked = 0;
    for t in doc.tables() {
        for c in t.rows.iter().flatten() {
            let Some(r) = c.rect else { continue };
            let same: Vec<&Word> = words
                .iter()
                .filter(|w| w.page == r.page && w.text == c.text)
                .collect();
            if c.text.chars().count() < 4 || same.len() != 1 {
                continue;
            }
            let w = same[0];
            cells_checked += 1;
            assert!(
                w.x0 >= r.x0 - 2.0
                    && w.x1 <= r.x1 + 2.0
                    && (r.y0..=r.y1).contains(&((w.y0 + w.y1) / 2.0)),
                "{} p{}: poppler {:.1} {:.1} {:.1} {:.1} outside cell {r:?}",
                w.text,
                w.page,
                w.x0,
                w.y0,
                w.x1,
                w.y1
            );
        }
    }
    assert!(cells_checked > 50, "only {cells_checked} cells checked");
    println!("{compared} of {eligible} words and {cells_checked} cells agree with pdftotext");
}
