//! The review library on the bundled examples and on files written here.

use std::path::{Path, PathBuf};

use juesuan_diagnostics::{DocPlace, Finding, Location, Severity, Source};
use juesuan_model::Catalog;
use juesuan_review::{
    Item, Kind, Overview, Row, changes, html, inputs_in, overview_csv, review_all,
};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// A folder with both examples (as package folders and a workbook), a text document, a
/// broken workbook and a file juesuan does not read.
fn batch_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let bj = examples().join("beijing-xicheng-kexin-2024");
    let sh = examples().join("shanghai-putuo-czj-2024");
    std::fs::create_dir(dir.path().join("北京")).expect("mkdir");
    std::fs::copy(
        bj.join("package.toml"),
        dir.path().join("北京/package.toml"),
    )
    .expect("copy");
    std::fs::copy(sh.join("package.xlsx"), dir.path().join("普陀.xlsx")).expect("copy");
    std::fs::write(dir.path().join("坏的.xlsx"), b"PK\x03\x04 not a workbook").expect("write");
    std::fs::write(dir.path().join("说明.doc"), b"old word").expect("write");
    std::fs::write(dir.path().join(".hidden.txt"), b"x").expect("write");
    std::fs::write(
        dir.path().join("公开.txt"),
        "某某单位2024年度部门决算\n\n一、收入支出决算总体情况说明\n\n2024年度收入总计XX万元。\n",
    )
    .expect("write");
    dir
}

#[test]
fn web_pages_are_inputs_but_juesuan_reports_are_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |rel: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, "<!DOCTYPE html><p>x</p>").expect("write");
    };
    for rel in [
        "公开.html",
        "旧站/公开.htm",
        "公开.检查报告.html",
        "审核报告/index.html",
        "审核报告/overview.csv",
        "审核报告/units/001-公开.html.html",
    ] {
        write(rel);
    }
    let inputs = inputs_in(dir.path()).expect("walk");
    let names: Vec<String> = inputs
        .iter()
        .map(|p| {
            p.strip_prefix(dir.path())
                .expect("inside")
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["公开.html", "旧站/公开.htm"]);
    assert_eq!(Kind::of(&inputs[0]), Some(Kind::Document));
}

#[test]
fn a_folder_is_walked_and_every_input_reviewed_in_order() {
    let dir = batch_folder();
    let inputs = inputs_in(dir.path()).expect("walk");
    let names: Vec<String> = inputs
        .iter()
        .map(|p| {
            p.strip_prefix(dir.path())
                .expect("inside")
                .display()
                .to_string()
        })
        .collect();
    // The package folder is one input; `.doc` and hidden files are not inputs.
    assert_eq!(names, ["公开.txt", "北京", "坏的.xlsx", "普陀.xlsx"]);

    let seen = std::sync::atomic::AtomicUsize::new(0);
    let results = review_all(
        &inputs,
        Catalog::builtin(),
        2,
        &|n, _| {
            seen.fetch_max(n, std::sync::atomic::Ordering::Relaxed);
        },
        &|_, _, r| r,
    );
    assert_eq!(
        seen.into_inner(),
        4,
        "progress reaches the number of inputs"
    );
    assert_eq!(results.len(), 4);

    let doc = results[0].as_ref().expect("text document read");
    assert_eq!(doc.kind, Kind::Document);
    assert!(
        doc.report.findings.iter().any(|f| f.code == "D-010"),
        "the XX placeholder is found"
    );

    let bj = results[1].as_ref().expect("Beijing package");
    assert_eq!(bj.kind, Kind::Package);
    let row = bj.row();
    assert_eq!(row.year, Some(2024));
    assert!(
        row.unit
            .as_deref()
            .is_some_and(|u| u.contains("科学技术和信息化局")),
        "{row:?}"
    );
    assert_eq!(row.profile.as_deref(), Some("beijing"));
    // The example transcribes five of the seed's project tables, all distinct.
    assert_eq!(row.projects, Some(5));
    assert_eq!(
        row.counts.errors,
        bj.report.count(juesuan_model::Severity::Error)
    );
    assert_eq!(
        row.rules.iter().map(|(_, n)| n).sum::<usize>(),
        bj.report.findings.len(),
        "per-rule counts add up to the findings"
    );

    let broken = results[2].as_ref().expect_err("broken workbook");
    assert!(
        broken.contains("坏的.xlsx"),
        "the message names the file: {broken}"
    );

    let sh = results[3].as_ref().expect("Shanghai workbook");
    assert_eq!(sh.row().profile.as_deref(), Some("shanghai"));
}

fn row(file: &str, unit: &str, errors: usize, rules: &[(&str, usize)]) -> Row {
    let mut r = Row::failed(file, Kind::Package, "");
    r.failure = None;
    r.unit = Some(unit.into());
    r.year = Some(2024);
    r.counts.errors = errors;
    r.rules = rules.iter().map(|(c, n)| (c.to_string(), *n)).collect();
    r
}

#[test]
fn the_overview_counts_rules_across_units_and_escapes_what_files_say() {
    let rows = vec![
        row(
            "a.xlsx",
            "<script>alert(1)</script>局",
            2,
            &[("T1-001", 2), ("D-010", 1)],
        ),
        row("=HYPERLINK(\"x\").xlsx", "乙局", 0, &[("D-010", 3)]),
        Row::failed("c.pdf", Kind::Document, "无文本层，需要先做OCR"),
    ];
    let o = Overview::new(rows);
    assert_eq!(o.totals.errors, 2);
    assert_eq!(o.failed, 1);
    assert_eq!(o.rules[0].code, "D-010");
    assert_eq!((o.rules[0].findings, o.rules[0].units), (4, 2));
    assert_eq!((o.rules[1].findings, o.rules[1].units), (2, 1));
    assert!(
        !o.rules[0].name.is_empty(),
        "rule names come from the registry"
    );

    let page = html::overview_page(&o, "概览", &|i, _| Some(format!("units/{i}.html")));
    assert!(!page.contains("<script>alert"), "file text is escaped");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;局"));
    assert!(page.contains("href=\"units/0.html\""));
    assert!(page.contains("<svg"), "the chart is drawn");
    assert!(page.contains("未审核：无文本层"));

    let csv = overview_csv(&o);
    assert!(csv.starts_with('\u{feff}'));
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"x\"\").xlsx\""),
        "formula neutralised: {csv}"
    );
    assert_eq!(csv.lines().count(), 4, "header and one line per file");
}

/// A finding in a table (`area`) read from a page of a document.
fn item(code: &str, page: u32, area: &str, message: &str) -> Item {
    Item::of(&Finding::new(
        code.to_string(),
        Severity::Error,
        Location::table(None, area).source(Source::Document(DocPlace {
            page: Some(page),
            line: 1,
            ..DocPlace::default()
        })),
        message,
    ))
}

#[test]
fn changes_between_versions_ignore_moved_pages() {
    let before = vec![
        item("T1-001", 3, "表1", "收入总计不等于支出总计"),
        item("D-010", 9, "第二部分", "模板残留“XX”"),
        item("D-010", 9, "第二部分", "模板残留“XX”"),
    ];
    let after = vec![
        item("D-010", 10, "第二部分", "模板残留“XX”"),
        item("D-041", 10, "第二部分", "比较基数缺失"),
    ];
    let c = changes(&before, &after);
    assert_eq!(
        c.remaining, 1,
        "one placeholder is still there, on another page"
    );
    assert_eq!(c.fixed.len(), 2, "T1-001 and one placeholder are fixed");
    assert!(c.fixed.iter().any(|i| i.finding.code == "T1-001"));
    assert_eq!(c.new.len(), 1);
    assert_eq!(c.new[0].finding.code, "D-041");
}

#[test]
fn findings_are_grouped_by_severity_then_table() {
    let mut warn = item("T5-003", 1, "表5", "差额");
    warn.finding.severity = Severity::Warning;
    let items = vec![
        item("T1-001", 1, "表1", "甲"),
        warn,
        item("T2-001", 1, "表2", "乙"),
        item("T1-002", 1, "表1", "丙"),
    ];
    let h = html::findings_body(&items, &|_, _| None);
    let e = h.find("<h3>错误（3）</h3>").expect("errors first");
    let w = h.find("<h3>警告（1）</h3>").expect("then warnings");
    assert!(e < w);
    // Both 表1 findings sit under one 表1 heading, before 表2.
    assert_eq!(h.matches("<h4>表1</h4>").count(), 1);
    assert!(h.find("丙").expect("丙") < h.find("<h4>表2</h4>").expect("表2"));
}

#[test]
fn a_document_finding_is_grouped_under_its_section_not_its_page() {
    let section = "四、财政拨款收入支出决算总体情况说明";
    let at = |page, line| {
        Location::text(Some(section)).source(Source::Document(DocPlace {
            page: Some(page),
            line,
            ..DocPlace::default()
        }))
    };
    let f = Finding::new("D-040", Severity::Error, at(21, 14), "说明与报表不符");
    let i = Item::of(&f);
    assert_eq!(i.area(), section);
    assert_eq!(
        i.finding.location.to_string(),
        format!("第21页第14行 · {section}")
    );
    let moved = Item::of(&f.clone().at(at(22, 3)));
    assert_eq!(i.key(), moved.key(), "the same problem on another page");
    // Stored as JSON and read back, typed location and all.
    let json = serde_json::to_string(&i).unwrap();
    let back: Item = serde_json::from_str(&json).unwrap();
    assert_eq!(back, i);
}

#[test]
fn report_file_names_are_numbered_and_safe() {
    assert_eq!(
        juesuan_review::report_file_name(2, Path::new("/收件/a/单位:甲?.pdf")),
        "003-单位甲.pdf.html"
    );
    assert_eq!(
        juesuan_review::report_file_name(0, Path::new(".隐藏.xlsx")),
        "001-隐藏.xlsx.html"
    );
}

/// A budget's tables published apart (`x.txt` and `x-tables.txt`) are one input: the tables
/// file is not listed on its own, and the text is reviewed with its tables.
#[test]
fn a_budget_text_and_its_tables_file_are_reviewed_together() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../check/tests/budget");
    std::fs::copy(fixtures.join("jiangsu.txt"), dir.path().join("jiangsu.txt")).unwrap();
    std::fs::copy(
        fixtures.join("jiangsu-tables.txt"),
        dir.path().join("jiangsu-tables.txt"),
    )
    .unwrap();
    let inputs = juesuan_review::inputs_in(dir.path()).unwrap();
    assert_eq!(inputs, [dir.path().join("jiangsu.txt")]);
    assert_eq!(
        juesuan_review::tables_companion(&inputs[0]),
        Some(dir.path().join("jiangsu-tables.txt"))
    );
    let r = juesuan_review::review_path(&inputs[0], juesuan_model::Catalog::builtin()).unwrap();
    let c = r.checked.as_ref().unwrap();
    assert_eq!(c.recognition.tables.len(), 4);
    assert_eq!(c.recognition.unit.as_deref(), Some("江苏省测试厅"));
}

/// A folder holding a unit's published PDF and its package: one unit in the overview, with
/// a heading naming it and both files below, each linking to its own report; every report
/// links back to the overview. Another unit stays a row of its own.
#[test]
fn a_units_pdf_and_package_are_one_unit_in_the_overview() {
    let pdf = std::env::var_os("JUESUAN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("reference/shanghai-putuo-czj-2024.pdf");
    if !pdf.exists() {
        println!(
            "跳过：找不到 {}（可用 JUESUAN_SHARED 指定 shared 文件夹）",
            pdf.display()
        );
        return;
    }
    let catalog = Catalog::builtin();
    let sh = examples().join("shanghai-putuo-czj-2024/package.xlsx");
    let bj = examples().join("beijing-xicheng-kexin-2024/package.toml");
    let inputs = [
        (pdf.clone(), Kind::Document),
        (bj.clone(), Kind::Package),
        (sh.clone(), Kind::Package),
    ];
    let mut rows = Vec::new();
    for (p, kind) in &inputs {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let r = juesuan_review::review_as(p, *kind, name, catalog).unwrap();
        let row = r.row();
        let page = r.report_page(&row, Some("../index.html"));
        assert!(
            page.contains("<a href=\"../index.html\">← 返回审核概览</a>"),
            "{kind:?}: no link back"
        );
        rows.push(row);
    }
    let o = Overview::new(rows);
    // the PDF (0) and the workbook (2) are one unit; Beijing (1) its own
    assert_eq!(o.units(), vec![vec![0, 2], vec![1]]);
    let page = html::overview_page(&o, "概览", &|i, _| Some(format!("units/{i}.html")));
    assert_eq!(page.matches("<tr class=\"group\">").count(), 1, "{page}");
    assert!(
        page.contains("上海市普陀区财政局（2 个文件：公开文件、数据包）"),
        "{page}"
    );
    // both files under the heading, each with its report
    let group = &page[page.find("<tbody class=\"unit-group\">").unwrap()..];
    let group = &group[..group.find("</tbody>").unwrap()];
    assert!(
        group.contains("href=\"units/0.html\">公开文件的审核结果</a>"),
        "{group}"
    );
    assert!(
        group.contains("href=\"units/2.html\">数据包的审核结果</a>"),
        "{group}"
    );
    assert!(group.contains("shanghai-putuo-czj-2024.pdf") && group.contains("package.xlsx"));
    // Beijing is a plain row naming its unit
    assert!(page.contains("href=\"units/1.html\">北京市西城区科学技术和信息化局</a>"));
    // a file whose unit was not recognised is never grouped
    let mut rows = o.rows.clone();
    rows.push(Row::failed("a.pdf", Kind::Document, "无文本层"));
    rows.push(Row::failed("b.pdf", Kind::Document, "无文本层"));
    assert_eq!(Overview::new(rows).units().len(), 4);
}
