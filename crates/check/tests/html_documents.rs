//! The HTML the generator writes, checked in process: it reads into the same document as
//! the DOCX written from the same package (paragraphs, headings, tables cell for cell with
//! their merged cells), and the check recognises the same tables and finds the same problems
//! in the same places.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use juesuan_check::{Checked, check_document};
use juesuan_io::document::{Block, DocKind, Document, parse_document};
use juesuan_model::{Catalog, Package};
use juesuan_render::{OutputFormat, write_outputs};

fn example(name: &str) -> Package {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    juesuan_io::load(&p, Catalog::builtin()).unwrap().package
}

/// The package, and its disclosure written as DOCX and as HTML, each read back, without the
/// charts' captions: the DOCX has a chart (and its caption) only where a CJK font was found
/// to draw it, the HTML always (as SVG).
fn rendered(name: &str) -> (Package, Document, Document) {
    let pkg = example(name);
    let doc = juesuan_render::document(&pkg, Catalog::builtin(), None).unwrap();
    let captions: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            juesuan_render::Block::Chart(c) => Some(c.caption.clone()),
            _ => None,
        })
        .collect();
    assert!(!captions.is_empty(), "the examples have charts");
    let out = write_outputs(
        &doc,
        pkg.unit.year,
        &[OutputFormat::Docx, OutputFormat::Html],
    )
    .unwrap();
    let bytes = |f: OutputFormat| {
        out.iter()
            .find(|o| o.format == f)
            .and_then(|o| o.bytes.clone())
            .unwrap()
    };
    let read = |f: OutputFormat, kind: DocKind, name: &str| {
        let mut d = parse_document(&bytes(f), kind, name).unwrap();
        d.blocks
            .retain(|b| !matches!(b, Block::Para(p) if captions.contains(&p.text)));
        d
    };
    (
        pkg,
        read(OutputFormat::Docx, DocKind::Docx, "公开.docx"),
        read(OutputFormat::Html, DocKind::Html, "公开.html"),
    )
}

/// What a block holds, without where it was read: a paragraph's text (`# ` before a
/// heading), a table's cells with their spans.
fn shape(b: &Block) -> String {
    match b {
        Block::Para(p) => format!("{}{}", if p.heading { "# " } else { "" }, p.text),
        Block::Table(t) => t
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| format!("{}[{}x{}]", c.text, c.span, c.rowspan))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

const EXAMPLES: [&str; 2] = ["shanghai-putuo-czj-2024", "beijing-xicheng-kexin-2024"];

#[test]
fn the_html_reads_like_the_docx() {
    for name in EXAMPLES {
        let (_, docx, html) = rendered(name);
        let (d, h): (Vec<String>, Vec<String>) = (
            docx.blocks.iter().map(shape).collect(),
            html.blocks.iter().map(shape).collect(),
        );
        // Block by block, so a difference shows where it is.
        for (i, (a, b)) in d.iter().zip(&h).enumerate() {
            assert_eq!(a, b, "{name}: block {i} (DOCX left, HTML right)");
        }
        assert_eq!(d.len(), h.len(), "{name}: blocks");
        assert!(html.tables().count() >= 9, "{name}");
    }
}

/// What identifies a finding, without the page, line and block it was read at: the rule,
/// the place (table, row, column or section), the message, the quoted text and its span.
fn findings(c: &Checked) -> Vec<(String, String, String, Option<String>, String)> {
    c.report
        .findings
        .iter()
        .map(|f| {
            let (code, place, message) = f.key();
            let span = match &f.location.source {
                Some(juesuan_diagnostics::Source::Document(d)) => format!("{:?}", d.span),
                other => format!("{other:?}"),
            };
            (code, place, message, f.location.quote.clone(), span)
        })
        .collect()
}

#[test]
fn checking_the_html_finds_what_checking_the_docx_finds() {
    for (name, tables, projects) in [(EXAMPLES[0], 9, 0), (EXAMPLES[1], 12, 5)] {
        let (_, docx, html) = rendered(name);
        let (d, h) = (
            check_document(docx, Catalog::builtin()),
            check_document(html, Catalog::builtin()),
        );
        let kinds = |c: &Checked| -> Vec<_> { c.recognition.tables.iter().map(|t| t.0).collect() };
        assert_eq!(kinds(&h).len(), tables, "{name}: tables recognised");
        assert_eq!(kinds(&h), kinds(&d), "{name}: tables");
        assert_eq!(h.package.performance.projects.len(), projects, "{name}");
        assert_eq!(
            h.package.tables, d.package.tables,
            "{name}: tables recovered"
        );
        let headings = |c: &Checked| -> Vec<String> {
            c.recognition.headings.iter().map(|h| h.0.clone()).collect()
        };
        assert_eq!(headings(&h), headings(&d), "{name}: headings");
        assert_eq!(
            (
                h.recognition.profile,
                h.recognition.year,
                &h.recognition.unit
            ),
            (
                d.recognition.profile,
                d.recognition.year,
                &d.recognition.unit
            ),
            "{name}"
        );
        assert_eq!(findings(&h), findings(&d), "{name}: findings");
        assert_eq!(h.report.skipped, d.report.skipped, "{name}: skipped");
    }
}

#[test]
fn the_putuo_html_tables_are_the_package_they_were_written_from() {
    let (pkg, _, html) = rendered(EXAMPLES[0]);
    // The 收入支出决算总表 as read: its title with the unit line under it, then the
    // two-sided table whose last row carries the 总计 of both sides.
    let title = html
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Para(p) if p.text == "收入支出决算总表"))
        .unwrap();
    let Block::Para(unit_line) = &html.blocks[title + 1] else {
        panic!("the unit line under the title")
    };
    assert_eq!(unit_line.text, "编制单位：上海市普陀区财政局单位：万元");
    let Block::Table(t) = &html.blocks[title + 2] else {
        panic!("the table under its title")
    };
    assert_eq!((t.text(0, 0), t.rows[0][0].span), ("收入", 2));
    assert_eq!((t.text(0, 2), t.rows[0][2].span), ("支出", 2));
    assert_eq!(t.text(2, 1), "2,940.05");
    let last: Vec<&str> = t
        .rows
        .last()
        .unwrap()
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(last, ["总计", "2,995.39", "总计", "2,995.39"]);

    let c = check_document(html, Catalog::builtin());
    assert!(c.report.findings.is_empty(), "{:?}", findings(&c));
    let got = c.package.tables.summary.as_ref().unwrap();
    assert_eq!(Some(got), pkg.tables.summary.as_ref(), "收入支出决算总表");
    assert_eq!(got.income.grand_total.unwrap().to_string(), "2995.39");
    assert_eq!(got.income.total.unwrap().to_string(), "2946.25");
    assert_eq!(got.expenditure_totals.total.unwrap().to_string(), "2940.05");
    let income = c.package.tables.income.as_ref().unwrap();
    assert_eq!(
        income.rows,
        pkg.tables.income.as_ref().unwrap().rows,
        "收入决算表"
    );
}
