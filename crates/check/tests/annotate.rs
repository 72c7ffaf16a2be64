//! `check --annotate` on the real documents in `../shared/` (skipped with one line when
//! absent): the Putuo 决算 PDF gets exactly one highlight per finding with boxes, each over the
//! words the finding quotes (cut out again by poppler's `pdftotext -x -y -W -H` where it is
//! installed), and the output opens in poppler; the SWU 2023 budget (a hybrid file: a classic
//! xref table with `/XRefStm`, pages with links of their own) keeps its own annotations.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

use juesuan_check::check_file;
use juesuan_diagnostics::Source;
use juesuan_io::document::Block;
use juesuan_io::document::pdf::annotate::{annotate_file, read_back};
use juesuan_model::Catalog;

mod support;
use support::shared;

fn present(rel: &str) -> Option<PathBuf> {
    let p = shared().join(rel);
    if p.exists() {
        Some(p)
    } else {
        println!(
            "跳过：找不到 {}（可用 JUESUAN_SHARED 指定 shared 文件夹）",
            p.display()
        );
        None
    }
}

fn has(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        println!("跳过：没有安装 {tool}，不用 poppler 核对");
    }
    ok
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn putuo_final_accounts_annotated_at_the_quoted_words() {
    let Some(input) = present("reference/shanghai-putuo-czj-2024.pdf") else {
        return;
    };
    let checked = check_file(&input, Catalog::builtin()).unwrap();
    let findings = &checked.report.findings;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("annotated.pdf");
    let done = annotate_file(&input, findings, &out, false).unwrap();
    // The same output again is refused without --force, and the input is never a target.
    assert!(annotate_file(&input, findings, &out, false).is_err());
    let e = annotate_file(&input, findings, &input, true).unwrap_err();
    assert!(e.contains("就是被检查的文件"), "{e}");

    let original = std::fs::read(&input).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(
        &bytes[..original.len()],
        &original[..],
        "the original is untouched"
    );

    let boxed: Vec<_> = findings
        .iter()
        .filter(|f| matches!(&f.location.source, Some(Source::Document(p)) if !p.boxes.is_empty()))
        .collect();
    assert_eq!(
        boxed.len(),
        5,
        "D-040, D-031, D-032, D-042, D-074 on this file"
    );
    assert_eq!((done.highlights, done.notes), (5, findings.len() - 5));
    let found = read_back(&bytes).unwrap();
    let highlights: Vec<_> = found.iter().filter(|a| a.subtype == "Highlight").collect();
    assert_eq!(
        highlights.len(),
        boxed.len(),
        "one highlight per finding with boxes"
    );
    assert!(
        found.iter().all(|a| a.author == "juesuan"),
        "the file had no annotations"
    );

    let poppler = has("pdfinfo") && has("pdftotext");
    if poppler {
        let info = Command::new("pdfinfo").arg(&out).output().unwrap();
        assert!(info.status.success(), "{info:?}");
        assert!(String::from_utf8_lossy(&info.stdout).contains("Pages:           25"));
        let all = Command::new("pdftotext")
            .arg(&out)
            .arg("-")
            .output()
            .unwrap();
        assert!(all.status.success());
    }
    for f in boxed {
        let Some(Source::Document(place)) = &f.location.source else {
            unreachable!()
        };
        let head = format!("{}[{}]：{}", f.severity.label(), f.code, f.message);
        let mine: Vec<_> = highlights
            .iter()
            .filter(|a| a.contents.starts_with(&head))
            .collect();
        assert_eq!(mine.len(), 1, "{head}");
        let a = mine[0];
        assert_eq!(Some(a.page), place.page, "{head}");
        // The annotation's rectangle is the union of the finding's boxes.
        let x0 = place.boxes.iter().map(|b| b.x0).fold(f32::MAX, f32::min);
        let y1 = place.boxes.iter().map(|b| b.y1).fold(f32::MIN, f32::max);
        assert!(
            (a.rect.x0 - x0).abs() < 0.01 && (a.rect.y1 - y1).abs() < 0.01,
            "{head}"
        );
        // The words the finding points at.
        let Some(Block::Para(p)) = place
            .block
            .and_then(|b| checked.document.blocks.get(b as usize))
        else {
            panic!("{head}: a paragraph")
        };
        let span = place.span.unwrap().range();
        let quoted = squeeze(&p.text[span]);
        assert!(f.location.quote.as_deref().unwrap().contains(&quoted) || quoted.len() > 60);
        if poppler && place.boxes.len() == 1 {
            let b = place.boxes[0];
            let cut = Command::new("pdftotext")
                .args(["-f", &b.page.to_string(), "-l", &b.page.to_string()])
                .args(["-x", &(b.x0.floor() as i32).to_string()])
                .args(["-y", &(b.y0.floor() as i32).to_string()])
                .args(["-W", &((b.x1 - b.x0).ceil() as i32).to_string()])
                .args(["-H", &((b.y1 - b.y0).ceil() as i32).to_string()])
                .arg(&out)
                .arg("-")
                .output()
                .unwrap();
            let cut = squeeze(&String::from_utf8_lossy(&cut.stdout));
            // Poppler takes a glyph touching the edge too (a closing `。`).
            assert!(
                cut.contains(&quoted) && cut.chars().count() <= quoted.chars().count() + 2,
                "{head}: poppler reads “{cut}” where the finding quotes “{quoted}”"
            );
        }
    }
    // D-040 on page 21, over the sentence's figure.
    let d040 = highlights
        .iter()
        .find(|a| a.contents.contains("[D-040]"))
        .unwrap();
    assert_eq!(d040.page, 21);
    assert!(d040.contents.contains("第21页第14行"), "{}", d040.contents);
}

#[test]
fn swu_budget_keeps_its_own_annotations() {
    let Some(input) = present("corpus/budget-chongqing-xinan-daxue-swu-2023.pdf") else {
        return;
    };
    let checked = check_file(&input, Catalog::builtin()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("swu.pdf");
    let done = annotate_file(&input, &checked.report.findings, &out, false).unwrap();
    let before = read_back(&std::fs::read(&input).unwrap()).unwrap();
    let after = read_back(&std::fs::read(&out).unwrap()).unwrap();
    let theirs = |v: &[juesuan_io::document::pdf::annotate::Found]| {
        v.iter()
            .filter(|a| a.author != "juesuan")
            .map(|a| (a.page, a.subtype.clone()))
            .collect::<Vec<_>>()
    };
    assert!(!before.is_empty(), "the file has annotations of its own");
    assert_eq!(theirs(&before), theirs(&after));
    assert_eq!(
        after.len() - before.len(),
        checked.report.findings.len(),
        "one annotation per finding"
    );
    assert_eq!(done.highlights + done.notes, checked.report.findings.len());
    if has("pdfinfo") {
        let info = Command::new("pdfinfo").arg(&out).output().unwrap();
        assert!(info.status.success(), "{info:?}");
    }
}
