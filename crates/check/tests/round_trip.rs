//! What `build` writes, `check` reads back: for the examples (final accounts and budgets)
//! and for 50 seeded synthetic
//! packages of both profiles, the disclosure written as DOCX, HTML and PDF is read back and
//! every public table is recognised, every printed figure equals the package's (and
//! `check --against` of the package and what was read finds no difference), and the
//! error-level findings of the package rules are those `audit` gives on the package (same
//! codes, same tables, rows and columns). The PDF is written only where the renderer was
//! built with PDF support and a CJK font is found (`cargo test --workspace` on CI builds it);
//! otherwise one line says it was skipped.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

use juesuan_check::{Checked, check_document};
use juesuan_diagnostics::{Severity, Subject};
use juesuan_io::document::{DocKind, parse_document};
use juesuan_model::tables::TableKind;
use juesuan_model::{Catalog, Package};
use juesuan_render::{OutputFormat, write_outputs};
use juesuan_rules::testing::{Size, synthetic_seeded};
use rust_decimal::RoundingStrategy;

fn example(name: &str) -> (Package, Catalog) {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    let pkg = juesuan_io::load(&p, Catalog::builtin()).unwrap().package;
    (pkg, Catalog::builtin().clone())
}

/// A finding as the round trip compares it: code, table, row, column.
type Key = (String, String, String, String);

fn key(f: &juesuan_diagnostics::Finding) -> Option<Key> {
    let (table, row, column) = match &f.location.subject {
        Subject::Table { table, row, column } => (
            table.key.clone().unwrap_or_default(),
            row.as_ref()
                .map(|r| r.code.clone().unwrap_or_else(|| r.name.clone()))
                .unwrap_or_default(),
            column.clone().unwrap_or_default(),
        ),
        Subject::Project {
            project,
            row,
            column,
        } => (
            format!("项目{}", project.seq),
            row.as_ref().map(|r| r.to_string()).unwrap_or_default(),
            column.clone().unwrap_or_default(),
        ),
        _ => (String::new(), String::new(), String::new()),
    };
    Some((f.code.to_string(), table, row, column))
}

/// The package rules' errors `check` can see: not the explanation rules (`E-`), whose
/// inputs a document states as text.
fn package_errors(findings: &[juesuan_diagnostics::Finding]) -> BTreeSet<Key> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error && !f.code.starts_with("E-"))
        .filter(|f| !f.code.starts_with("D-"))
        .filter_map(key)
        .collect()
}

/// The figures of the tables a profile prints, as `extract` lists them.
fn figures(pkg: &Package, kinds: &[TableKind]) -> BTreeSet<String> {
    pkg.tables
        .figures()
        .into_iter()
        .filter(|f| kinds.contains(&f.table))
        // what the tables print, as `check --against` holds them: not the explanation's
        // 年初预算数, nor the 合计 of a 基本支出 table (it prints 人员经费合计 and 公用经费合计)
        .filter(juesuan_rules::against::printed_figure)
        .map(|f| {
            format!(
                "{} | {} | {} | {} | {}",
                f.table.key(),
                f.code.map(|c| c.to_string()).unwrap_or_default(),
                if f.code.is_some() {
                    ""
                } else {
                    f.line.as_str()
                },
                f.column.unwrap_or_default(),
                // as printed: two decimals
                f.amount
                    .value()
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                    .normalize()
            )
        })
        .collect()
}

fn round_trip(label: &str, pkg: &Package, catalog: &Catalog) -> Vec<String> {
    round_trip_with(label, pkg, catalog, None)
}

/// [`round_trip`] of the document written as a draft when `draft` is given: its mark on
/// every page and the list of errors at the end must not change what is read. The project
/// self-evaluation tables are compared too (their names, as read).
fn round_trip_with(
    label: &str,
    pkg: &Package,
    catalog: &Catalog,
    draft: Option<juesuan_render::Draft>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let options = juesuan_render::Options {
        draft,
        ..Default::default()
    };
    let check_projects = options.draft.is_some();
    let doc = juesuan_render::document_with(pkg, catalog, None, &options).unwrap();
    let formats = [
        OutputFormat::Docx,
        OutputFormat::Html,
        OutputFormat::Pdf,
        OutputFormat::Xlsx,
    ];
    let outputs = write_outputs(&doc, pkg.unit.year, &formats).unwrap();
    let audit = juesuan_rules::audit(pkg, catalog);
    let want_errors = package_errors(&audit.findings);
    let profile = juesuan_model::Profile::find(&pkg.unit.profile).unwrap();
    let printed: Vec<TableKind> = TableKind::ALL
        .into_iter()
        .filter(|k| pkg.tables.has(*k) && profile.table_number(*k).is_some())
        .collect();
    let want_figures = figures(pkg, &printed);
    for out in outputs {
        let Some(bytes) = out.bytes else {
            println!(
                "跳过 {label} 的 {}：{}",
                out.format.label(),
                out.note.unwrap_or_default()
            );
            continue;
        };
        let name = format!("{label}.{}", out.format.label());
        // To look at what was read: JUESUAN_ROUND_TRIP_OUT=folder keeps the files.
        if let Some(dir) = std::env::var_os("JUESUAN_ROUND_TRIP_OUT") {
            std::fs::write(Path::new(&dir).join(&name), &bytes).unwrap();
        }
        if out.format == OutputFormat::Xlsx {
            // the tables as a workbook: `convert` reads it into a package of its tables
            let read = match juesuan_io::xlsx::read_workbook(&bytes, catalog) {
                Ok(r) => r.package,
                Err(p) => {
                    problems.push(format!("{name}：读不回 {p:?}"));
                    continue;
                }
            };
            if read.unit.profile != pkg.unit.profile || read.unit.name != pkg.unit.name {
                problems.push(format!("{name}：单位或格式不同 {:?}", read.unit));
            }
            let got_figures = figures(&read, &printed);
            for f in want_figures.difference(&got_figures) {
                problems.push(format!("{name}：少了 {f}"));
            }
            for f in got_figures.difference(&want_figures) {
                problems.push(format!("{name}：多了 {f}"));
            }
            continue;
        }
        let kind = match out.format {
            OutputFormat::Docx => DocKind::Docx,
            OutputFormat::Html => DocKind::Html,
            _ => DocKind::Pdf,
        };
        let read = parse_document(&bytes, kind, &name).unwrap();
        let c: Checked = check_document(read, catalog);
        let found: BTreeSet<TableKind> = c.recognition.tables.iter().map(|(k, _)| *k).collect();
        let missing: Vec<&str> = printed
            .iter()
            .filter(|k| !found.contains(k))
            .map(|k| k.title())
            .collect();
        if !missing.is_empty() {
            problems.push(format!("{name}：没有识别出 {missing:?}"));
        }
        let got_figures = figures(&c.package, &printed);
        for f in want_figures.difference(&got_figures) {
            problems.push(format!("{name}：少了 {f}"));
        }
        // `check --against` of the package and what was read: not one difference
        match juesuan_check::against::against(pkg, &c, catalog) {
            Ok(held) => {
                for f in held.report.findings.iter().filter(|f| f.code != "A-002") {
                    problems.push(format!("{name}：--against 报 {}", f.message));
                }
            }
            Err(e) => problems.push(format!("{name}：--against 拒绝 {e}")),
        }
        for f in got_figures.difference(&want_figures) {
            problems.push(format!("{name}：多了 {f}"));
        }
        if check_projects {
            let want: Vec<&str> = pkg
                .performance
                .projects
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            let got: Vec<&str> = c
                .package
                .performance
                .projects
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            if want != got {
                problems.push(format!("{name}：自评表读成 {got:?}，应为 {want:?}"));
            }
        }
        let got_errors = package_errors(&c.report.findings);
        for e in want_errors.difference(&got_errors) {
            problems.push(format!("{name}：audit 有而 check 没有 {e:?}"));
        }
        for e in got_errors.difference(&want_errors) {
            problems.push(format!("{name}：check 有而 audit 没有 {e:?}"));
        }
    }
    problems
}

#[test]
fn the_examples_read_back_as_built() {
    let mut problems = Vec::new();
    for name in [
        "shanghai-putuo-czj-2024",
        "beijing-xicheng-kexin-2024",
        "shanghai-putuo-czj-2025-budget",
        "beijing-example-2025-budget",
    ] {
        let (pkg, catalog) = example(name);
        problems.extend(round_trip(name, &pkg, &catalog));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A draft (`build --draft`) carries its mark on every page and its open errors at the end;
/// neither becomes a table's title nor breaks a table, in any format.
#[test]
fn drafts_read_back_as_built() {
    let mut problems = Vec::new();
    for name in [
        "shanghai-putuo-czj-2024",
        "beijing-xicheng-kexin-2024",
        "shanghai-putuo-czj-2025-budget",
        "beijing-example-2025-budget",
    ] {
        let (pkg, catalog) = example(name);
        let draft = juesuan_render::Draft {
            errors: vec![
                "T-001 收入支出决算总表：收入合计与各项之和不符（差 0.02 万元）".into(),
                "E-001 一般公共预算财政拨款支出：缺少主要原因".into(),
            ],
        };
        problems.extend(round_trip_with(
            &format!("{name}-草稿"),
            &pkg,
            &catalog,
            Some(draft),
        ));
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn synthetic_packages_of_both_profiles_read_back_as_built() {
    let mut problems = Vec::new();
    for seed in 0..50u64 {
        let (mut pkg, catalog) = synthetic_seeded(&Size::FIXTURE, seed);
        if seed % 2 == 1 {
            pkg.unit.profile = "shanghai".into();
        }
        problems.extend(round_trip(&format!("synthetic-{seed}"), &pkg, &catalog));
    }
    assert!(
        problems.is_empty(),
        "{} problems: {:#?}",
        problems.len(),
        &problems[..problems.len().min(60)]
    );
}

/// The document rules on juesuan's own output: the Shanghai example (complete, every input
/// filled) written as DOCX and HTML gives no document finding at all, and a synthetic
/// Beijing package whose tables hold 年初/年末结转和结余 gets those terms explained in its
/// 专业名词解释 (D-055 asks only for what the officer must write: the 项 used).
#[test]
fn the_generated_disclosure_passes_the_document_rules() {
    let doc_findings = |pkg: &Package, catalog: &Catalog| -> Vec<String> {
        let doc = juesuan_render::document(pkg, catalog, None).unwrap();
        let outputs = write_outputs(
            &doc,
            pkg.unit.year,
            &[OutputFormat::Docx, OutputFormat::Html],
        )
        .unwrap();
        let mut found = Vec::new();
        for out in outputs {
            let kind = match out.format {
                OutputFormat::Docx => DocKind::Docx,
                _ => DocKind::Html,
            };
            let read = parse_document(&out.bytes.unwrap(), kind, "built").unwrap();
            for f in check_document(read, catalog).report.findings {
                if f.code.starts_with("D-") && f.severity >= Severity::Warning {
                    found.push(format!("{} {} {}", out.format.label(), f.code, f.message));
                }
            }
        }
        found
    };
    let (pkg, catalog) = example("shanghai-putuo-czj-2024");
    let found = doc_findings(&pkg, &catalog);
    assert!(found.is_empty(), "{found:#?}");
    // the budgets too: their totals sentences, comparisons with 上年预算, 项 lines and units
    // agree with their tables (the text in 万元 against tables in 元 for Putuo)
    for name in [
        "shanghai-putuo-czj-2025-budget",
        "beijing-example-2025-budget",
    ] {
        let (pkg, catalog) = example(name);
        let found = doc_findings(&pkg, &catalog);
        assert!(found.is_empty(), "{name}: {found:#?}");
    }

    let (pkg, catalog) = synthetic_seeded(&Size::FIXTURE, 0);
    assert_eq!(pkg.unit.profile, "beijing");
    let found = doc_findings(&pkg, &catalog);
    assert!(
        !found
            .iter()
            .any(|f| f.contains("D-055") && f.contains("结转")),
        "{found:#?}"
    );
    // What is left is what only the officer can write, and it is said.
    assert!(
        found
            .iter()
            .any(|f| f.contains("D-055") && f.contains("项级科目"))
    );
}
