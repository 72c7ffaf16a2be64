//! `docs/rules.md` is the rule reference `juesuan rules --format markdown` writes: this test
//! fails when a rule's documentation changed and the file was not regenerated. Regenerate with
//! `JUESUAN_UPDATE_DOCS=1 cargo test -p juesuan-check --test rules_reference`.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use juesuan_check::registry;
use juesuan_diagnostics::render;

#[test]
fn docs_rules_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let generated = render::rules::markdown(registry::all());
    if std::env::var_os("JUESUAN_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/rules.md is out of date: run JUESUAN_UPDATE_DOCS=1 cargo test -p juesuan-check --test rules_reference"
    );
}

/// Every rule's documentation has its five sections, cites no internal file, and every
/// family is documented the same way.
#[test]
fn every_rule_is_documented_in_five_sections() {
    let mut missing = Vec::new();
    for m in registry::all() {
        for (heading, body) in m.doc.sections() {
            if body.trim().is_empty() {
                missing.push(format!("{} {heading}", m.code));
            }
            if body.contains("DOMAIN") || body.contains(".md") {
                missing.push(format!("{} {heading} cites an internal file", m.code));
            }
        }
        // The basis is an official source, not the tool itself.
        if m.doc.basis.contains("juesuan") {
            missing.push(format!("{} 依据 cites juesuan itself", m.code));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
