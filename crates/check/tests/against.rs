//! 公开监督 on real documents: the approved package against the published document
//! (`check --against`) and this year's 上年数 against last year's (`check --prior`).
//! The Putuo PDF is read from `../shared/` (`JUESUAN_SHARED`), skipped with one line when
//! absent; the Beijing example is built in process.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use juesuan_check::{against, check_document};
use juesuan_diagnostics::{Severity, Subject, render};
use juesuan_io::document::{DocKind, parse_document};
use juesuan_model::{Catalog, Package};
use juesuan_render::{OutputFormat, write_outputs};

mod support;
use support::document;

fn example(name: &str) -> Package {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    juesuan_io::load(&p, Catalog::builtin()).unwrap().package
}

fn codes(h: &against::Held) -> Vec<&str> {
    h.report.findings.iter().map(|f| f.code.as_ref()).collect()
}

/// The place of an `A-001`: table key, row code, row name, column.
fn place(f: &juesuan_diagnostics::Finding) -> (String, Option<String>, String, Option<String>) {
    let Subject::Table { table, row, column } = &f.location.subject else {
        panic!("not a table location: {:?}", f.location)
    };
    let row = row.clone().unwrap();
    (
        table.key.clone().unwrap(),
        row.code,
        row.name,
        column.clone(),
    )
}

/// The example is transcribed from the Putuo PDF: every figure of every table agrees, and
/// what cannot be compared is listed, not passed.
#[test]
fn the_putuo_example_agrees_with_its_published_pdf() {
    let Some(c) = document("reference/shanghai-putuo-czj-2024.pdf") else {
        return;
    };
    let pkg = example("shanghai-putuo-czj-2024/package.toml");
    let held = against::against(&pkg, &c, Catalog::builtin()).unwrap();
    for f in &held.report.findings {
        println!("{}", render::text::finding(f));
    }
    let differences: Vec<&str> = codes(&held).into_iter().filter(|c| *c != "A-002").collect();
    assert!(differences.is_empty(), "{}", held.summary);
    // the nine tables and the explanation's 政府采购, 机关运行经费 and 年初预算
    assert!(held.figures >= 200, "{}", held.summary);
    // not verified: the 上年数 (the Shanghai text states changes, not the 上年 figures) and
    // the five 政府采购 figures of 预留项目 the reader does not take from the text
    let unverified: Vec<&str> = held
        .report
        .findings
        .iter()
        .filter(|f| f.code == "A-002")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(unverified.len(), 2, "{unverified:#?}");
    assert!(unverified.iter().all(|m| m.contains("未能核对")));
    assert!(held.summary.contains("0 处不一致"), "{}", held.summary);
    // the 上年数 the text gives: “与2023年度相比，收入支出总计减少56.95万元”, “…一般公共预算财政
    // 拨款支出减少63.14万元”, “机关运行经费支出184.65万元，比2023年度增加2.55万元”
    let published = against::published_package(&c, Catalog::builtin());
    let py = &published.prior_year;
    let v = |a: Option<juesuan_model::Amount>| a.map(|a| a.value().to_string());
    assert_eq!(v(py.grand_total).as_deref(), Some("3052.34"));
    assert_eq!(v(py.general_budget_expenditure).as_deref(), Some("3003.19"));
    assert_eq!(v(py.agency_running_costs).as_deref(), Some("182.10"));
    assert_eq!(v(py.appropriation_grand_total).as_deref(), Some("2961.68"));
    // the 政府采购 the explanation states
    let proc = published.tables.procurement.as_ref().unwrap();
    assert_eq!(v(proc.figures.total).as_deref(), Some("251.25"));
}

/// The Putuo 2025 budget example (transcribed from the corpus PDF) against that PDF: no
/// difference; the 政府采购预算 of the explanation is among what is compared.
#[test]
fn the_putuo_budget_example_agrees_with_its_published_pdf() {
    let Some(c) = document("corpus/budget-shanghai-putuo-caizhengju-2025.pdf") else {
        return;
    };
    let pkg = example("shanghai-putuo-czj-2025-budget/package.toml");
    let held = against::against(&pkg, &c, Catalog::builtin()).unwrap();
    for f in &held.report.findings {
        println!("{}", render::text::finding(f));
    }
    assert!(held.summary.contains("0 处不一致"), "{}", held.summary);
    assert!(held.figures >= 240, "{}", held.summary);
    let published = against::published_package(&c, Catalog::builtin());
    let proc = published.tables.procurement.as_ref().unwrap();
    assert_eq!(
        proc.figures
            .budget_total
            .map(|a| a.value().to_string())
            .as_deref(),
        Some("117.00")
    );
}

/// Three cells of the approved package changed in memory: a 项 of 表5 (基本支出), a line of
/// the 收入支出决算总表 and a figure of the explanation (机关运行经费): exactly those three.
#[test]
fn three_changed_cells_are_exactly_the_three_reported() {
    let Some(c) = document("reference/shanghai-putuo-czj-2024.pdf") else {
        return;
    };
    let pkg = example("shanghai-putuo-czj-2024/package.toml");
    let changed = juesuan_rules::mutate::apply(
        &pkg,
        &[
            "tables.general_budget.rows[2010601].basic += 1.5",
            "tables.summary.income.general_budget -= 0.03",
            "tables.expenditure.rows[2080505].total += 10",
        ],
    )
    .unwrap();
    let held = against::against(&changed, &c, Catalog::builtin()).unwrap();
    let mut found: Vec<_> = held
        .report
        .findings
        .iter()
        .filter(|f| f.code != "A-002")
        .map(|f| {
            assert_eq!(f.code, "A-001", "{}", f.message);
            assert_eq!(f.severity, Severity::Error);
            place(f)
        })
        .collect();
    found.sort();
    let s = |x: &str| x.to_string();
    assert_eq!(
        found,
        vec![
            (
                s("expenditure"),
                Some(s("2080505")),
                s("机关事业单位基本养老保险缴费支出"),
                Some(s("本年支出合计"))
            ),
            (
                s("general_budget"),
                Some(s("2010601")),
                s("行政运行"),
                Some(s("基本支出"))
            ),
            (s("summary"), None, s("一般公共预算财政拨款收入"), None),
        ],
        "{}",
        held.summary
    );
    // both values, the published one as printed
    let f = held
        .report
        .findings
        .iter()
        .find(|f| f.message.contains("2010601"))
        .unwrap();
    assert!(f.message.contains("批复数据包") && f.message.contains("公开文件"));
    assert!(f.message.contains("相差 1.50 万元"), "{}", f.message);
}

/// A changed 机关运行经费 is the explanation's, read from the text as D-045 reads it.
#[test]
fn a_changed_running_cost_is_the_explanations() {
    let Some(c) = document("reference/shanghai-putuo-czj-2024.pdf") else {
        return;
    };
    let pkg = example("shanghai-putuo-czj-2024/package.toml");
    let changed = juesuan_rules::mutate::apply(&pkg, &["agency_running_costs = 148.65"]).unwrap();
    let held = against::against(&changed, &c, Catalog::builtin()).unwrap();
    let hits: Vec<&str> = held
        .report
        .findings
        .iter()
        .filter(|f| f.code == "A-003")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        hits,
        vec!["说明中的机关运行经费：批复数据包 148.65 万元，公开文件 184.65 万元，相差 36.00 万元"]
    );
}

/// Another unit's package is refused in one sentence naming both.
#[test]
fn another_units_package_is_refused() {
    let Some(c) = document("reference/shanghai-putuo-czj-2024.pdf") else {
        return;
    };
    let other = example("beijing-xicheng-kexin-2024/package.toml");
    let e = against::against(&other, &c, Catalog::builtin()).unwrap_err();
    assert!(e.contains("不是同一单位"), "{e}");
    assert!(
        e.contains("北京市西城区") && e.contains("上海市普陀区财政局"),
        "{e}"
    );
}

/// The Beijing example against its own document, built in process as DOCX and HTML: no
/// difference.
#[test]
fn the_beijing_example_agrees_with_its_built_document() {
    let pkg = example("beijing-xicheng-kexin-2024/package.toml");
    let catalog = Catalog::builtin();
    let doc = juesuan_render::document(&pkg, catalog, None).unwrap();
    let outputs = write_outputs(
        &doc,
        pkg.unit.year,
        &[OutputFormat::Docx, OutputFormat::Html],
    )
    .unwrap();
    for out in outputs {
        let bytes = out.bytes.unwrap();
        let kind = match out.format {
            OutputFormat::Docx => DocKind::Docx,
            _ => DocKind::Html,
        };
        let read = parse_document(&bytes, kind, "beijing").unwrap();
        let c = check_document(read, catalog);
        let held = against::against(&pkg, &c, catalog).unwrap();
        let differences: Vec<String> = held
            .report
            .findings
            .iter()
            .filter(|f| f.code != "A-002")
            .map(render::text::finding)
            .collect();
        assert!(
            differences.is_empty(),
            "{:?}: {}\n{}",
            out.format,
            held.summary,
            differences.join("\n")
        );
        for f in &held.report.findings {
            println!("{:?} {}", out.format, f.message);
        }
        assert!(held.figures >= 45, "{:?}: {}", out.format, held.summary);
    }
}

/// Across years: a 2025 决算 whose 上年数 are what last year's package (the example, 2024)
/// gives reports nothing; one changed is reported with both figures.
#[test]
fn this_years_prior_figures_are_held_against_last_years_accounts() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/shanghai-putuo-czj-2024/package.toml");
    let carried = juesuan_check::carry::carry(
        &path,
        Catalog::builtin(),
        &juesuan_check::carry::Request::default(),
    )
    .unwrap();
    let mut this = carried.package.clone();
    assert_eq!(this.unit.year, 2025);
    let held = against::prior(&this, &path, Catalog::builtin()).unwrap();
    assert!(
        held.report.findings.is_empty(),
        "{:#?}",
        held.report.findings
    );
    assert!(held.figures >= 5, "{}", held.summary);
    this.prior_year.grand_total = Some("2995.49".parse().unwrap());
    let held = against::prior(&this, &path, Catalog::builtin()).unwrap();
    let found: Vec<(&str, &str)> = held
        .report
        .findings
        .iter()
        .map(|f| (f.code.as_ref(), f.message.as_str()))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "A-011");
    assert!(
        found[0].1.contains("2995.49") && found[0].1.contains("2024年度决算"),
        "{}",
        found[0].1
    );
    // last year's file of another year is refused
    this.unit.year = 2026;
    let e = against::prior(&this, &path, Catalog::builtin()).unwrap_err();
    assert!(e.contains("2024年度"), "{e}");
}
