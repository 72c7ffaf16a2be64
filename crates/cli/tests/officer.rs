//! The finance officer's year, as a new user runs it: a small unit's workbook with
//! deliberate mistakes is refused by `build`, built as a draft with `--draft`, the missing
//! 项-level reason is reported, the text writes every figure as its table does, typed
//! reasons are cleaned, and `juesuan reasons` asks for exactly what `audit` reports.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use juesuan_model::{Amount, Code, Level, Package, Remark, Subject};
use juesuan_rules::testing::{Size, synthetic};

fn juesuan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const UNIT: &str = "北京市东城区档案局";

/// A consistent small package of the Beijing format, as the officer fills it: 项-level
/// reasons and uses for one class (one item left without a reason), a reason typed with
/// “主要是…”, 三公 counts, and a prior-year figure typed without its trailing zero.
fn officer_package() -> (Package, Code, Code) {
    let (mut pkg, _) = synthetic(&Size::FIXTURE);
    pkg.unit.name = UNIT.into();
    let gb = pkg.tables.general_budget.as_ref().unwrap();
    // the first class whose items (at least two) all differ from their 年初预算
    let (class, items) = gb
        .rows
        .iter()
        .filter(|r| r.code.level() == Level::Class)
        .find_map(|c| {
            let items: Vec<Code> = gb
                .rows
                .iter()
                .filter(|r| {
                    r.code.level() == Level::Item
                        && r.code.class() == c.code
                        && r.total.map(|a| a.value()) != r.initial_budget.map(|a| a.value())
                })
                .map(|r| r.code)
                .collect();
            (items.len() >= 2).then_some((c.code, items))
        })
        .expect("a class with two changed items");
    let remarks = &mut pkg.explanation.remarks;
    remarks.remove(&Subject::GeneralBudgetLine(class));
    for (i, item) in items.iter().enumerate() {
        let mut r = Remark {
            usage: Some("档案数字化加工和库房运行维护。".into()),
            ..Remark::default()
        };
        // the last item is left without a reason: E-001 must name it
        if i + 1 < items.len() {
            r.reason = Some("主要是档案数字化项目增加。".into());
        }
        remarks.insert(Subject::GeneralBudgetLine(*item), r);
    }
    // a fresh workbook has no transcribed wording, only what the officer types
    for r in pkg.explanation.remarks.values_mut() {
        r.direction = None;
        r.change = None;
        r.percent = None;
    }
    // last year's 收入支出总计 typed into Excel as 1180.3, which loses its trailing zero
    pkg.prior_year.grand_total = Some(
        Amount::parse("1180.3", juesuan_model::MoneyUnit::Wan)
            .unwrap()
            .unwrap(),
    );
    let tp = pkg.tables.three_public.as_mut().unwrap();
    tp.details.reception_batches = Some(3);
    tp.details.reception_persons = Some(25);
    tp.details.vehicles_held = Some(2);
    (pkg, class, *items.last().unwrap())
}

/// Two deliberate mistakes typed into the tables (the third is the missing 项-level
/// reason of [`officer_package`]): the 合计 of 表5 typed 0.45 too high (T5-001, T5-003,
/// X-007) and 因公出国（境）费 0.3 too high (T10-001) — four errors.
const MISTAKES: &[&str] = &[
    "tables.general_budget.total.total += 0.45",
    "tables.three_public.actual.overseas += 0.3",
];

fn save(pkg: &Package, path: &Path) {
    juesuan_io::save(
        pkg,
        path,
        juesuan_model::Catalog::builtin(),
        juesuan_io::SaveOptions {
            force: true,
            ..Default::default()
        },
    )
    .unwrap();
}

fn error_count(workbook: &Path) -> usize {
    let o = juesuan(&["audit", &workbook.display().to_string(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .count()
}

#[test]
fn a_workbook_with_errors_is_refused_and_built_only_as_a_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let (clean, _, missing_item) = officer_package();
    let bad = juesuan_rules::mutate::apply(&clean, MISTAKES).unwrap();
    let wb = tmp.path().join("档案局.xlsx");
    save(&bad, &wb);
    let errors = error_count(&wb);
    assert_eq!(
        errors,
        4,
        "the three mistakes make four errors:\n{}",
        text(
            &juesuan(&[
                "audit",
                &wb.display().to_string(),
                "--min-severity",
                "error"
            ])
            .stdout
        )
    );

    // build refuses: exit 1, the errors listed, nothing written
    let out = tmp.path().join("out");
    let build = |extra: &[&str]| {
        let (wb, out) = (wb.display().to_string(), out.display().to_string());
        let mut args = vec!["build", &wb, "-o", &out, "--formats", "html,docx"];
        args.extend_from_slice(extra);
        juesuan(&args)
    };
    let o = build(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("审核发现 4 处错误，未生成文档"), "{err}");
    assert!(err.contains("--draft"), "{err}");
    assert!(!out.exists(), "nothing is written");

    // --draft builds, marked as a draft, the errors listed at the end
    let o = build(&["--draft"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(out.join(format!("{UNIT}2024年度部门决算.html"))).unwrap();
    assert!(html.contains("草稿"), "the draft is marked");
    assert!(
        html.contains("草稿说明：以下错误尚未解决，本稿不得公开"),
        "the open errors are listed"
    );
    assert!(text(&o.stderr).contains("这是草稿，有 4 处错误未解决"));

    // a rebuild of the corrected workbook replaces the files it wrote, without --force
    save(&clean, &wb);
    let o = build(&[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(out.join(format!("{UNIT}2024年度部门决算.html"))).unwrap();
    assert!(
        !html.contains("草稿说明"),
        "the corrected build is no draft"
    );

    // the missing 项-level reason is reported, by name and figures, never by key
    let o = juesuan(&["audit", &wb.display().to_string()]);
    let audit = text(&o.stdout);
    let line = audit
        .lines()
        .find(|l| l.contains("E-001") && l.contains(missing_item.as_str()))
        .unwrap_or_else(|| panic!("E-001 names the item {missing_item}:\n{audit}"));
    assert!(
        line.contains("（项）") && line.contains("比年初预算"),
        "{line}"
    );
    assert!(!audit.contains("一般公共预算财政拨款支出科目:"), "{audit}");

    // the text writes figures as the tables do, and reasons without “主要是”
    let body = html.split("<body").nth(1).unwrap();
    assert!(
        body.contains("1180.30万元"),
        "the prior-year figure has two decimals"
    );
    assert!(!body.contains("1180.3万元"));
    assert!(!body.contains("主要原因：主要是"));
    assert!(body.contains("主要原因：档案数字化项目增加"));
    let mut plain = String::new();
    let mut in_tag = false;
    for ch in body.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    for (i, _) in plain.match_indices("万元") {
        let before: String = plain[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        let number: String = before.chars().rev().collect();
        // zero is written 0, as disclosures write an item they do not have; “单位价值100万元
        // （含）以上的设备” is a threshold, not a figure
        if number.is_empty() || number == "0" || plain[i..].starts_with("万元（含）") {
            continue;
        }
        let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
        assert_eq!(
            decimals, 2,
            "“{number}万元” in the text has {decimals} decimals"
        );
    }
    // the 三公 counts the officer filled reach the document
    assert!(plain.contains("公务用车保有量2辆"), "vehicles held");
}

#[test]
fn reasons_fills_exactly_the_rows_audit_asks_for() {
    use calamine::{Reader, open_workbook_auto};
    let tmp = tempfile::tempdir().unwrap();
    let (pkg, _, _) = officer_package();
    let wb = tmp.path().join("档案局.xlsx");
    save(&pkg, &wb);

    // what audit asks for: E-001 and E-007, by line
    let o = juesuan(&["audit", &wb.display().to_string(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut asked: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "E-001" || f["code"] == "E-007")
        .map(|f| {
            f["location"]["subject"]["item"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    asked.sort();
    asked.dedup();
    assert!(!asked.is_empty(), "the package needs reasons");

    let o = juesuan(&["reasons", &wb.display().to_string()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        tmp.path().join("档案局.备份.xlsx").is_file(),
        "the original is kept"
    );
    let mut book = open_workbook_auto(&wb).unwrap();
    let sheet = book.worksheet_range("说明填写").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "事项"))
        .unwrap();
    let prompt = rows[header]
        .iter()
        .position(|c| c == "需要说明的情况")
        .unwrap();
    let reason = rows[header].iter().position(|c| c == "主要原因").unwrap();
    let prompted: Vec<&Vec<String>> = rows[header + 1..]
        .iter()
        .filter(|r| r.get(prompt).is_some_and(|p| !p.is_empty()))
        .collect();
    assert_eq!(
        prompted.len(),
        asked.len(),
        "one row per line audit asks for"
    );
    for r in &prompted {
        assert!(
            r[reason].is_empty() || r[prompt].contains("主要用于"),
            "{r:?}"
        );
        // the row names the line by code and name and shows the figures
        assert!(!r[0].contains(':') || r[0].starts_with("三公"), "{r:?}");
    }
    // the rewritten workbook still reads as the same package
    let back = juesuan_io::load(&wb, juesuan_model::Catalog::builtin()).unwrap();
    assert_eq!(back.package.tables, pkg.tables);
    assert_eq!(back.package.explanation, pkg.explanation);
}
