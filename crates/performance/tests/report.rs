//! The terminal and CSV reports on the Beijing example: one line per project, the department
//! summary, and cells a spreadsheet cannot run as formulas.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use juesuan_diagnostics::{Finding, Location, Report, Severity};
use juesuan_model::{Catalog, Package};
use juesuan_performance::{evaluate_package, report};

fn beijing() -> Package {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/beijing-xicheng-kexin-2024/package.toml");
    juesuan_io::load(&path, Catalog::builtin()).unwrap().package
}

#[test]
fn text_lists_projects_then_the_department() {
    let pkg = beijing();
    let eval = evaluate_package(&pkg);
    // A finding of a performance rule about project 3's funds line is listed under it.
    let findings = Report::new(vec![Finding::new(
        "PF-001",
        Severity::Error,
        Location::project("3", "2024年国际互联网通讯费项目")
            .row("年度资金总额")
            .column("执行率"),
        "执行率写“10”",
    )]);
    let text = report::text(&pkg, &eval, &findings, false);
    assert!(
        text.starts_with("绩效自评重算：北京市西城区科学技术和信息化局 2024年度（北京市）\n\n")
    );
    assert!(text.contains("总分写 89，各行得分之和为 94"), "{text}");
    let project3 = &text[text.find("\n项目 3 ").unwrap()..];
    assert!(
        project3.contains("  · 错误[PF-001]：执行率写“10”（年度资金总额 · 执行率）"),
        "{text}"
    );
    assert!(text.contains("\n部门汇总\n"), "{text}");
    assert!(!text.contains("执行率 = 全年执行数"), "{text}");
    let explained = report::text(&pkg, &eval, &findings, true);
    assert!(explained.contains("执行率 = 全年执行数"), "{explained}");
}

#[test]
fn csv_has_a_bom_a_header_and_formula_safe_quoted_cells() {
    let mut pkg = beijing();
    pkg.performance.projects[0].name = "=HYPERLINK(\"http://x\")".into();
    pkg.performance.projects[1].seq = "-3".into();
    let eval = evaluate_package(&pkg);
    let csv = report::csv(&eval);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("\u{feff}序号,项目,所写总分,重算总分,所写等级,重算等级,差异")
    );
    let first = lines.next().unwrap();
    assert!(
        first.starts_with("\"1\",\"'=HYPERLINK(\"\"http://x\"\")\",\"97.4\","),
        "{first}"
    );
    // a plain number stays a number
    assert!(lines.next().unwrap().starts_with("\"-3\","), "{csv}");
    assert_eq!(csv.lines().count(), 1 + eval.projects.len());
    assert!(csv.ends_with('\n') && !csv.contains('\r'));
}
