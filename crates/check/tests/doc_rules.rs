//! Every document rule fires on its `fires` fixture and stays silent on its `silent`
//! fixture (both short text documents written for the rule), so `juesuan rule D-…` shows
//! examples that are known to hold.
#![allow(clippy::unwrap_used)]

use juesuan_check::{DOC_RULES, check_document};
use juesuan_io::document::{DocKind, parse_document};
use juesuan_model::Catalog;

fn codes(text: &str) -> Vec<String> {
    let doc = parse_document(text.as_bytes(), DocKind::Text, "fixture.txt").unwrap();
    check_document(doc, Catalog::builtin())
        .report
        .findings
        .into_iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn every_rule_has_both_fixtures() {
    for r in DOC_RULES {
        assert!(!r.fires.is_empty(), "{} has no firing fixture", r.code);
        assert!(!r.silent.is_empty(), "{} has no silent fixture", r.code);
    }
}

#[test]
fn each_rule_fires_on_its_fixture() {
    let mut failed = Vec::new();
    for r in DOC_RULES {
        let got = codes(r.fires);
        if !got.iter().any(|c| c == r.code) {
            failed.push(format!("{} did not fire; got {got:?}", r.code));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn each_rule_stays_silent_on_its_fixture() {
    let mut failed = Vec::new();
    for r in DOC_RULES {
        let got = codes(r.silent);
        if got.iter().any(|c| c == r.code) {
            failed.push(format!("{} fired on its silent fixture", r.code));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn codes_are_unique_and_ordered() {
    let codes: Vec<&str> = DOC_RULES.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted);
}
