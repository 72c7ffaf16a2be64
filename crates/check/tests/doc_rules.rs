//! Every document rule fires on its `fires` fixture and stays silent on its `silent`
//! fixture (both short text documents written for the rule), and what it says on the firing
//! one — message, place, quote, arithmetic — is a reviewed snapshot
//! (`tests/snapshots/doc_rules__CODE.snap`, one per rule).
#![allow(clippy::unwrap_used)]

use std::path::Path;

use juesuan_check::{Checked, DOC_RULES, check_document};
use juesuan_diagnostics::render;
use juesuan_io::document::{DocKind, parse_document};
use juesuan_model::Catalog;

fn check(text: &str) -> Checked {
    let doc = parse_document(text.as_bytes(), DocKind::Text, "fixture.txt").unwrap();
    check_document(doc, Catalog::builtin())
}

fn codes(text: &str) -> Vec<String> {
    check(text)
        .report
        .findings
        .into_iter()
        .map(|f| f.code.into_owned())
        .collect()
}

#[test]
fn every_rule_has_both_fixtures() {
    for r in DOC_RULES {
        assert!(!r.fixtures.is_empty(), "{} has no fixtures", r.meta.code);
        for fx in r.fixtures {
            assert!(
                !fx.fires.is_empty(),
                "{} has no firing fixture",
                r.meta.code
            );
            assert!(
                !fx.silent.is_empty(),
                "{} has no silent fixture",
                r.meta.code
            );
        }
    }
}

#[test]
fn each_rule_fires_on_its_fixture() {
    let mut failed = Vec::new();
    for r in DOC_RULES {
        for fx in r.fixtures {
            let got = codes(fx.fires);
            if !got.iter().any(|c| c == r.meta.code) {
                failed.push(format!("{} did not fire; got {got:?}", r.meta.code));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn each_rule_stays_silent_on_its_fixture() {
    let mut failed = Vec::new();
    for r in DOC_RULES {
        for fx in r.fixtures {
            if codes(fx.silent).iter().any(|c| c == r.meta.code) {
                failed.push(format!("{} fired on its silent fixture", r.meta.code));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// What each rule says on its firing fixture, rendered as the terminal shows it.
#[test]
fn what_each_rule_says_is_its_reviewed_snapshot() {
    for r in DOC_RULES {
        let Some(fx) = r.fixtures.first() else {
            continue;
        };
        let checked = check(fx.fires);
        let mut text = format!("{}\n", fx.fires);
        for f in checked.report.of(r.meta.code) {
            text.push_str(&render::text::finding(f));
            text.push('\n');
        }
        insta::assert_snapshot!(r.meta.code, text);
    }
}

#[test]
fn every_rule_has_a_snapshot_and_every_snapshot_a_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let codes: Vec<&str> = DOC_RULES.iter().map(|r| r.meta.code).collect();
    for code in &codes {
        let snap = dir.join(format!("doc_rules__{code}.snap"));
        assert!(snap.is_file(), "{code} has no snapshot {}", snap.display());
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(code) = name
            .strip_prefix("doc_rules__")
            .and_then(|n| n.strip_suffix(".snap"))
        {
            assert!(
                codes.contains(&code),
                "{name} belongs to no registered rule"
            );
        }
    }
}

#[test]
fn codes_are_unique_and_ordered() {
    let codes: Vec<&str> = DOC_RULES.iter().map(|r| r.meta.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted);
}

/// D-031 leaves a group's rounding remainder alone: shares that add up to exactly 100% with
/// the last one a unit off its own rounding (as the SWU 2023 budget writes 16.84% for
/// 16.8327%), but not a share a unit off in a group that does not add up to 100%.
#[test]
fn a_rounding_remainder_put_on_one_share_is_not_an_error() {
    let head = "上海市普陀区财政局2024年度部门决算\n";
    let adjusted = "本年收入合计3000万元，其中：财政拨款收入1000万元，占33.33%；事业收入1000万元，占33.33%；其他收入1000万元，占33.34%。\n";
    assert!(!codes(&format!("{head}{adjusted}")).contains(&"D-031".to_string()));
    let off = "本年收入合计3000万元，其中：财政拨款收入1000万元，占33.33%；事业收入1000万元，占33.34%；其他收入1000万元，占33.34%。\n";
    assert!(codes(&format!("{head}{off}")).contains(&"D-031".to_string()));
}
