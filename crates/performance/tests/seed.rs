//! The seed's 25 project self-evaluation tables, recovered by the checker from
//! `../shared/seed/xicheng-kexin-2024-juesuan.txt` (override with `JUESUAN_SHARED`), recomputed.
//! Skipped, with one line, when the seed is absent.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use juesuan_model::{Catalog, Package};
use juesuan_performance::{Evaluation, ProjectScore, evaluate_package};
use rust_decimal::Decimal;

fn seed() -> Option<Package> {
    let root = std::env::var_os("JUESUAN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let p = root.join("seed/xicheng-kexin-2024-juesuan.txt");
    if !p.exists() {
        println!(
            "跳过：找不到 {}（可用 JUESUAN_SHARED 指定 shared 文件夹）",
            p.display()
        );
        return None;
    }
    Some(
        juesuan_check::check_file(&p, Catalog::builtin())
            .unwrap()
            .package,
    )
}

fn project<'e>(e: &'e Evaluation, seq: &str) -> &'e ProjectScore {
    e.projects.iter().find(|p| p.seq == seq).unwrap()
}

fn has(p: &ProjectScore, needle: &str) -> bool {
    p.differences.iter().any(|d| d.contains(needle))
}

#[test]
fn the_differences_the_issue_names() {
    let Some(pkg) = seed() else { return };
    let e = evaluate_package(&pkg);
    assert_eq!(e.projects.len(), 25);
    let p = |s| project(&e, s);
    // project 19: a 总分 row out of 900
    assert!(
        has(p("19"), "总分行的分值写 900，应为 100"),
        "{:#?}",
        p("19").differences
    );
    // projects 17 and 18: 90 out of a 100-point table
    for s in ["17", "18"] {
        assert!(
            has(p(s), "总分行的分值写 90，应为 100"),
            "{:#?}",
            p(s).differences
        );
    }
    // project 20: 99.8% scored 10
    assert!(
        has(p("20"), "预算执行率：写 10，应为 9.98"),
        "{:#?}",
        p("20").differences
    );
    // project 4: 全年执行数 in 元 against a budget in 万元
    assert!(
        has(p("4"), "全年执行数 3757170 疑似按元填写"),
        "{:#?}",
        p("4").differences
    );
    // project 5: 1405000 against 14016401 executed
    assert!(has(p("5"), "997.61%"), "{:#?}", p("5").differences);
    // project 3: the execution rate written as `10`
    assert!(has(p("3"), "执行率写成“10”"), "{:#?}", p("3").differences);
    // project 25: no 总分
    assert!(has(p("25"), "没有总分"), "{:#?}", p("25").differences);
    // projects 9 and 11: the same table
    assert_eq!(
        e.summary.repeated,
        vec![("11".to_string(), "9".to_string())]
    );
    // the execution-rate rows: 94.11% × 10 = 9.41 for project 1
    let funds = &p("1").rows[0];
    assert_eq!(funds.computed.label(), "9.41");
}

/// The department summary against figures counted by hand from the seed's tables.
#[test]
fn department_summary_equals_the_hand_count() {
    let Some(pkg) = seed() else { return };
    let s = evaluate_package(&pkg).summary;
    assert_eq!((s.tables, s.projects), (25, 24));
    // Σ 全年预算数 of the 24 distinct projects, read by hand from each table's 年度资金总额
    // row (5, 17, 18, 19 written in 元 and divided by 10 000): 418.3693 + 59.5 + 303.4698 + 377
    // + 140.5 + 239.1 + 231 + 179.76 + 160.8 + 88.56 + 96 + 106.8 + 111.93 + 23.4 + 69.85
    // + 95.88 + 130.4539 + 1233.1453 + 91.35 + 77.76288 + 49.5 + 105 + 725 + 148.2.
    assert_eq!(s.budget, "5262.33118".parse::<Decimal>().unwrap());
    // the 23 stated 总分 (project 25 has none, 11 repeats 9): sum 2225.08
    let mean = s.mean_stated.unwrap().round_dp(2);
    assert_eq!(mean.to_string(), "96.74");
    // 优 ≥ 90: all but 89 (project 3) and 88.5 (project 18)
    let grades: Vec<(&str, usize)> = s
        .stated_grades
        .iter()
        .map(|(k, n)| (k.as_str(), *n))
        .collect();
    assert_eq!(grades, vec![("优", 21), ("良", 2), ("中", 0), ("差", 0)]);
    // rows scored below their weight with an empty 偏差原因: 1 in project 8, 3 in 14, 2 in
    // 15, 2 in 16, 2 in 17, 1 in 18, 1 in 23
    let per: Vec<&str> = s.needs_reason.iter().map(|n| n.seq.as_str()).collect();
    assert_eq!(
        per,
        vec![
            "8", "14", "14", "14", "15", "15", "16", "16", "17", "17", "18", "23"
        ]
    );
}
