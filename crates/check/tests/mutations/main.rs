//! Document mutation test: single seeded edits of the kinds official inspections find,
//! applied to the real Putuo PDF and the seed text, each caught by its expected rule; and
//! harmless edits (reflow, spacing) that raise nothing new. Like the package mutation
//! test, it proves the rules catch what they claim on real documents, not only on their
//! fixtures. Skipped, with one line saying so, when `../shared/` is absent.
//!
//! The edits live in one module per family of rules (`form`, `completeness`, `accuracy`,
//! `harmless`), each a list of [`Edit`]s.
#![allow(clippy::unwrap_used)]

mod accuracy;
mod completeness;
mod form;
mod harmless;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use juesuan_check::check_document;
use juesuan_io::document::{Block, Document, Geometry, read_document};
use juesuan_model::Catalog;

/// Which real document an edit applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `reference/shanghai-putuo-czj-2024.pdf`.
    Putuo,
    /// `seed/xicheng-kexin-2024-juesuan.txt`.
    Seed,
}

/// One edit: the first paragraph or table cell containing `find` has that text replaced
/// by `replace` (its `nth` occurrence among all blocks, from 0); the rule `code` must then
/// report more findings than on the untouched document. A paragraph left empty is removed.
#[derive(Debug, Clone, Copy)]
pub struct Edit {
    /// The document.
    pub target: Target,
    /// What the edit stands for, in the failure message.
    pub what: &'static str,
    /// Text to find.
    pub find: &'static str,
    /// Which occurrence (counting paragraphs and cells in document order), from 0.
    pub nth: usize,
    /// Its replacement.
    pub replace: &'static str,
    /// The rule that must catch it (empty for a harmless edit: nothing new at all).
    pub code: &'static str,
}

fn shared() -> PathBuf {
    std::env::var_os("JUESUAN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn original(target: Target) -> Option<&'static Document> {
    static PUTUO: OnceLock<Option<Document>> = OnceLock::new();
    static SEED: OnceLock<Option<Document>> = OnceLock::new();
    let (cell, rel) = match target {
        Target::Putuo => (&PUTUO, "reference/shanghai-putuo-czj-2024.pdf"),
        Target::Seed => (&SEED, "seed/xicheng-kexin-2024-juesuan.txt"),
    };
    cell.get_or_init(|| {
        let p = shared().join(rel);
        p.exists().then(|| read_document(&p).unwrap())
    })
    .as_ref()
}

/// Findings per rule code.
fn counts(doc: Document) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for f in check_document(doc, Catalog::builtin()).report.findings {
        *m.entry(f.code.into_owned()).or_insert(0) += 1;
    }
    m
}

fn baseline(target: Target) -> &'static BTreeMap<String, usize> {
    static PUTUO: OnceLock<BTreeMap<String, usize>> = OnceLock::new();
    static SEED: OnceLock<BTreeMap<String, usize>> = OnceLock::new();
    let cell = match target {
        Target::Putuo => &PUTUO,
        Target::Seed => &SEED,
    };
    cell.get_or_init(|| counts(original(target).unwrap().clone()))
}

/// The document with the edit applied, or why it could not be.
fn apply(e: &Edit) -> Result<Document, String> {
    let mut doc = original(e.target).unwrap().clone();
    let mut seen = 0;
    let mut empty = None;
    'blocks: for (i, b) in doc.blocks.iter_mut().enumerate() {
        let texts: Vec<&mut String> = match b {
            Block::Para(p) => vec![&mut p.text],
            Block::Table(t) => t.rows.iter_mut().flatten().map(|c| &mut c.text).collect(),
        };
        for text in texts {
            if text.contains(e.find) {
                if seen == e.nth {
                    *text = text.replacen(e.find, e.replace, 1);
                    if let Block::Para(p) = b {
                        // The glyph boxes belonged to the old text.
                        p.geometry = Geometry::default();
                        if p.text.trim().is_empty() {
                            empty = Some(i);
                        }
                    }
                    break 'blocks;
                }
                seen += 1;
            }
        }
    }
    if seen != e.nth || !changed(&doc, e) {
        return Err(format!("“{}”（第{}处）不在文件中", e.find, e.nth + 1));
    }
    if let Some(i) = empty {
        doc.blocks.remove(i);
    }
    Ok(doc)
}

fn changed(doc: &Document, e: &Edit) -> bool {
    doc.blocks != original(e.target).unwrap().blocks
}

fn run(edits: &[Edit]) -> Vec<String> {
    let mut failed = Vec::new();
    for e in edits {
        if original(e.target).is_none() {
            continue;
        }
        let doc = match apply(e) {
            Ok(d) => d,
            Err(why) => {
                failed.push(format!("{}：{why}", e.what));
                continue;
            }
        };
        let base = baseline(e.target);
        let got = counts(doc);
        let grew: Vec<String> = got
            .iter()
            .filter(|(c, n)| base.get(*c).copied().unwrap_or(0) < **n)
            .map(|(c, n)| format!("{c}+{}", n - base.get(c).copied().unwrap_or(0)))
            .collect();
        let ok = if e.code.is_empty() {
            grew.is_empty()
        } else {
            grew.iter().any(|g| g.starts_with(&format!("{}+", e.code)))
        };
        if !ok {
            failed.push(format!(
                "{:?} {}：应由 {} 发现，新增的是 {grew:?}",
                e.target,
                e.what,
                if e.code.is_empty() {
                    "（无）"
                } else {
                    e.code
                }
            ));
        }
    }
    failed
}

fn skipped() -> bool {
    if original(Target::Putuo).is_none() || original(Target::Seed).is_none() {
        println!(
            "跳过：找不到 {}（可用 JUESUAN_SHARED 指定 shared 文件夹）",
            shared().display()
        );
        return true;
    }
    false
}

#[test]
fn every_seeded_edit_is_caught_by_its_rule() {
    if skipped() {
        return;
    }
    let all = [
        form::EDITS,
        completeness::EDITS,
        accuracy::EDITS,
        accuracy::LISTS,
    ]
    .concat();
    assert!(all.len() >= 40, "only {} seeded edits", all.len());
    let failed = run(&all);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn harmless_edits_raise_nothing() {
    if skipped() {
        return;
    }
    assert!(
        harmless::EDITS.len() >= 10,
        "only {} harmless edits",
        harmless::EDITS.len()
    );
    assert!(harmless::EDITS.iter().all(|e| e.code.is_empty()));
    let failed = run(harmless::EDITS);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Garbled text must not make any rule panic: each of 150 variants (seeded, reproducible)
/// cuts a paragraph or cell at a random character, doubles it, or splices in fragments made
/// of what the rules parse (numbers, units, brackets, numbering, years), and is checked.
#[test]
fn garbled_text_makes_no_rule_panic() {
    if skipped() {
        return;
    }
    const BITS: &[&str] = &[
        "（",
        "）",
        "“",
        "”",
        "《",
        "〔",
        "，，",
        "。",
        "%",
        "0%",
        "万元",
        "元",
        "1、",
        "（一）",
        "一、",
        "第二部分",
        "2024年",
        "截至2023年12月31日",
        "比上年",
        "增加",
        "下降",
        "占",
        "完成年初预算的",
        "其中：",
        "合计",
        "-",
        ".",
        "0.005",
        "99999999999999999999",
        "年初预算为0万元",
        "主要用于",
        "目录",
        "……3",
        "：",
        "辆",
        "人次",
        "（项）",
        "\t",
    ];
    let mut state: u64 = 0x2024_1229;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n.max(1)
    };
    for target in [Target::Putuo, Target::Seed] {
        let original = original(target).unwrap();
        for _ in 0..75 {
            let mut doc = original.clone();
            let i = next(doc.blocks.len());
            let text = match &mut doc.blocks[i] {
                Block::Para(p) => {
                    p.geometry = Geometry::default();
                    &mut p.text
                }
                Block::Table(t) => {
                    let cells: Vec<&mut juesuan_io::document::Cell> =
                        t.rows.iter_mut().flatten().collect();
                    let n = cells.len();
                    match cells.into_iter().nth(next(n)) {
                        Some(c) => &mut c.text,
                        None => continue,
                    }
                }
            };
            let cuts: Vec<usize> = text.char_indices().map(|(k, _)| k).collect();
            let at = cuts.get(next(cuts.len())).copied().unwrap_or(0);
            match next(3) {
                0 => text.truncate(at),
                1 => *text = format!("{text}{text}"),
                _ => {
                    let bit = BITS[next(BITS.len())];
                    text.insert_str(at, bit);
                }
            }
            // Must not panic; what it finds is not the point here.
            let _ = check_document(doc, Catalog::builtin());
        }
    }
}
