//! The bundled example packages (two 决算, two 预算, one of them invented): their TOML and workbook agree, survive
//! round trips, and hold the figures of the published documents.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use juesuan_io::{Format, WriteOptions, load, text_formats, to_bytes};
use juesuan_model::{Catalog, Package};
use serde_json::Value;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

const EXAMPLES: [&str; 4] = [
    "beijing-xicheng-kexin-2024",
    "shanghai-putuo-czj-2024",
    "shanghai-putuo-czj-2025-budget",
    "beijing-example-2025-budget",
];

fn toml_of(p: &Package) -> String {
    text_formats::package_to_toml(p).unwrap()
}

fn write_and_read(dir: &Path, p: &Package, name: &str) -> Package {
    let path = dir.join(name);
    let bytes = to_bytes(
        p,
        Format::from_path(&path).unwrap(),
        Catalog::builtin(),
        WriteOptions::default(),
    )
    .unwrap();
    std::fs::write(&path, bytes).unwrap();
    load(&path, Catalog::builtin()).unwrap().package
}

#[test]
fn committed_workbook_matches_committed_toml() {
    for name in EXAMPLES {
        let from_toml = load(&example(name).join("package.toml"), Catalog::builtin()).unwrap();
        let from_xlsx = load(&example(name).join("package.xlsx"), Catalog::builtin()).unwrap();
        assert_eq!(
            toml_of(&from_toml.package),
            toml_of(&from_xlsx.package),
            "{name}: package.xlsx is out of date; run `juesuan convert examples/{name}/package.toml examples/{name}/package.xlsx --force`"
        );
    }
}

#[test]
fn xlsx_toml_xlsx_toml_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        let start = load(&example(name).join("package.xlsx"), Catalog::builtin()).unwrap();
        let t1 = write_and_read(dir.path(), &start.package, &format!("{name}-1.toml"));
        let x2 = write_and_read(dir.path(), &t1, &format!("{name}-2.xlsx"));
        let t2 = write_and_read(dir.path(), &x2, &format!("{name}-2.toml"));
        let a = std::fs::read_to_string(dir.path().join(format!("{name}-1.toml"))).unwrap();
        let b = std::fs::read_to_string(dir.path().join(format!("{name}-2.toml"))).unwrap();
        assert_eq!(
            a, b,
            "{name}: TOML changed after a trip through the workbook"
        );
        assert_eq!(t1, t2);
        // JSON carries the same content
        let j = write_and_read(dir.path(), &t2, &format!("{name}.json"));
        assert_eq!(toml_of(&j), a);
    }
}

#[test]
fn examples_load_without_unknown_codes() {
    for name in EXAMPLES {
        let l = load(&example(name), Catalog::builtin()).unwrap();
        assert!(
            l.notices.is_empty(),
            "{name}: every code of the real documents is in the built-in catalog: {:?}",
            l.notices
        );
    }
}

/// Finds `key` in the row of `rows` whose code is `code`.
fn row_value<'a>(rows: &'a Value, code: &str, key: &str) -> &'a Value {
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .unwrap_or_else(|| panic!("row {code} missing"));
    &row[key]
}

/// Cells of the Putuo PDF, read off the page images and typed here independently of the
/// package file: (where, value as printed).
#[test]
fn shanghai_example_matches_cells_transcribed_from_the_pdf() {
    let p = load(&example("shanghai-putuo-czj-2024"), Catalog::builtin())
        .unwrap()
        .package;
    let v = serde_json::to_value(&p).unwrap();
    let t = &v["tables"];
    let cells: Vec<(&str, &Value, &str)> = vec![
        // 收入支出决算总表 (p. 6–7)
        (
            "表1 一般公共预算财政拨款收入",
            &t["summary"]["income"]["general_budget"],
            "2940.05",
        ),
        ("表1 其他收入", &t["summary"]["income"]["other"], "6.20"),
        (
            "表1 本年收入合计",
            &t["summary"]["income"]["total"],
            "2946.25",
        ),
        (
            "表1 年初结转和结余",
            &t["summary"]["income"]["opening_carryover"],
            "49.14",
        ),
        (
            "表1 收入总计",
            &t["summary"]["income"]["grand_total"],
            "2995.39",
        ),
        (
            "表1 一般公共服务支出",
            row_value(&t["summary"]["expenditure"], "201", "amount"),
            "2106.66",
        ),
        (
            "表1 社会保障和就业支出",
            row_value(&t["summary"]["expenditure"], "208", "amount"),
            "326.71",
        ),
        (
            "表1 住房保障支出",
            row_value(&t["summary"]["expenditure"], "221", "amount"),
            "445.69",
        ),
        (
            "表1 年末结转和结余",
            &t["summary"]["expenditure_totals"]["closing_carryover"],
            "55.34",
        ),
        (
            "表1 支出总计",
            &t["summary"]["expenditure_totals"]["grand_total"],
            "2995.39",
        ),
        // 收入决算表 (p. 8–9)
        (
            "表2 行政运行 本年收入合计",
            row_value(&t["income"]["rows"], "2010601", "total"),
            "1511.90",
        ),
        (
            "表2 行政运行 财政拨款收入",
            row_value(&t["income"]["rows"], "2010601", "appropriation"),
            "1511.89",
        ),
        (
            "表2 行政运行 其他收入",
            row_value(&t["income"]["rows"], "2010601", "other"),
            "0.01",
        ),
        (
            "表2 一般行政管理事务 本年收入合计",
            row_value(&t["income"]["rows"], "2010602", "total"),
            "16.19",
        ),
        (
            "表2 一般行政管理事务 其他收入",
            row_value(&t["income"]["rows"], "2010602", "other"),
            "6.19",
        ),
        (
            "表2 机关事业单位基本养老保险缴费支出",
            row_value(&t["income"]["rows"], "2080505", "total"),
            "160.75",
        ),
        (
            "表2 合计 本年收入合计",
            &t["income"]["total"]["total"],
            "2946.25",
        ),
        // 支出决算表 (p. 10–11)
        (
            "表3 合计 基本支出",
            &t["expenditure"]["total"]["basic"],
            "2336.91",
        ),
        (
            "表3 合计 项目支出",
            &t["expenditure"]["total"]["project"],
            "603.14",
        ),
        (
            "表3 行政运行 基本支出",
            row_value(&t["expenditure"]["rows"], "2010601", "basic"),
            "1503.52",
        ),
        (
            "表3 行政运行 项目支出",
            row_value(&t["expenditure"]["rows"], "2010601", "project"),
            "8.37",
        ),
        (
            "表3 财政委托业务支出",
            row_value(&t["expenditure"]["rows"], "2010608", "project"),
            "449.52",
        ),
        (
            "表3 购房补贴",
            row_value(&t["expenditure"]["rows"], "2210203", "basic"),
            "258.50",
        ),
        // 财政拨款收入支出决算总表 (p. 12–13)
        (
            "表4 年初财政拨款结转和结余",
            &t["appropriation_summary"]["income"]["opening_carryover"],
            "21.63",
        ),
        (
            "表4 收入总计",
            &t["appropriation_summary"]["income"]["grand_total"],
            "2961.68",
        ),
        (
            "表4 社会保障和就业支出 合计",
            row_value(&t["appropriation_summary"]["expenditure"], "208", "total"),
            "326.71",
        ),
        (
            "表4 支出总计 一般公共预算",
            &t["appropriation_summary"]["grand_total"]["general_budget"],
            "2961.68",
        ),
        // 一般公共预算财政拨款支出决算表 (p. 15)
        (
            "表5 行政单位医疗",
            row_value(&t["general_budget"]["rows"], "2101101", "total"),
            "60.99",
        ),
        (
            "表5 住房公积金",
            row_value(&t["general_budget"]["rows"], "2210201", "basic"),
            "187.19",
        ),
        // 一般公共预算财政拨款基本支出决算表 (p. 16–17)
        (
            "表6 工资福利支出",
            row_value(&t["general_budget_basic"]["rows"], "301", "amount"),
            "2082.85",
        ),
        (
            "表6 津贴补贴",
            row_value(&t["general_budget_basic"]["rows"], "30102", "amount"),
            "1238.58",
        ),
        (
            "表6 退休费",
            row_value(&t["general_budget_basic"]["rows"], "30302", "amount"),
            "69.10",
        ),
        (
            "表6 福利费",
            row_value(&t["general_budget_basic"]["rows"], "30229", "amount"),
            "42.77",
        ),
        (
            "表6 其他交通费用",
            row_value(&t["general_budget_basic"]["rows"], "30239", "amount"),
            "48.49",
        ),
        (
            "表6 办公设备购置",
            row_value(&t["general_budget_basic"]["rows"], "31002", "amount"),
            "13.58",
        ),
        (
            "表6 人员经费合计",
            &t["general_budget_basic"]["total"]["personnel"],
            "2152.26",
        ),
        (
            "表6 公用经费合计",
            &t["general_budget_basic"]["total"]["public"],
            "184.65",
        ),
        // 财政拨款“三公”经费支出决算表 (p. 18)
        (
            "表7 合计 预算数",
            &t["three_public"]["budget"]["total"],
            "0.95",
        ),
        (
            "表7 公务接待费 预算数",
            &t["three_public"]["budget"]["reception"],
            "0.95",
        ),
    ];
    assert!(cells.len() >= 30);
    for (place, got, want) in &cells {
        assert_eq!(got.as_str(), Some(*want), "{place}");
    }
    // cells printed blank are blank (complete table: zero)
    assert_eq!(t["three_public"]["actual"], Value::Null);
    assert!(row_value(&t["general_budget_basic"]["rows"], "301", "amount").is_string());
    // the two empty tables keep their statements
    assert!(
        t["gov_fund"]["note"]
            .as_str()
            .unwrap()
            .contains("无政府性基金")
    );
    assert!(
        t["state_capital"]["note"]
            .as_str()
            .unwrap()
            .contains("无国有资本经营")
    );
}

#[test]
fn beijing_example_holds_what_the_seed_states() {
    let p = load(&example("beijing-xicheng-kexin-2024"), Catalog::builtin())
        .unwrap()
        .package;
    let s = p.tables.summary.as_ref().unwrap();
    assert_eq!(s.income.grand_total.unwrap().to_string(), "14864.9");
    assert_eq!(p.prior_year.grand_total.unwrap().to_string(), "18787.37");
    // the five classes and their budgets; their sum is 14864.86, not the stated 14864.9
    let gb = p.tables.general_budget.as_ref().unwrap();
    let sum: rust_decimal::Decimal = gb
        .rows
        .iter()
        .filter_map(|r| r.total)
        .map(|a| a.value())
        .sum();
    assert_eq!(sum.to_string(), "14864.86");
    // absent is not zero: 收入决算表 was not published, 政府性基金 was stated empty
    assert!(p.tables.income.is_none());
    let gf = p.tables.gov_fund.as_ref().unwrap();
    assert!(
        gf.rows.is_empty()
            && gf.note.as_deref() == Some("本年度未安排政府性基金预算财政拨款收支。")
    );
    assert_eq!(gf.total.expenditure.unwrap().to_string(), "0");
    let seqs: Vec<&str> = p
        .performance
        .projects
        .iter()
        .map(|x| x.seq.as_str())
        .collect();
    assert_eq!(seqs, ["1", "3", "4", "17", "19"]);
    let p4 = &p.performance.projects[2];
    assert_eq!(p4.funds.total.executed.as_ref().unwrap().text(), "3757170");
    assert_eq!(p4.indicators[0].weight.as_ref().unwrap().text(), ".5");
}

/// The Putuo 2025 budget holds its tables in 元 as printed (two decimals kept), table 9 and
/// the text in 万元, and the identities the PDF's tables satisfy hold in it.
#[test]
fn putuo_budget_example_keeps_yuan_and_its_identities() {
    use juesuan_model::{Amount, MoneyUnit, tables::TableKind};
    let p = load(
        &example("shanghai-putuo-czj-2025-budget"),
        Catalog::builtin(),
    )
    .unwrap()
    .package;
    assert!(p.is_budget());
    assert_eq!(p.profile().unwrap().id, "shanghai-budget");
    let t = &p.tables;
    let yuan = |s: &str| Amount::parse(s, MoneyUnit::Yuan).unwrap().unwrap();
    // cells as printed (p9, p10, p15, p19–20), in 元
    let s = t.summary.as_ref().unwrap();
    let grand = s.income.grand_total.unwrap();
    assert_eq!(grand.stored_text(), "31214205.80元");
    assert_eq!(grand.entered_in(), MoneyUnit::Yuan);
    assert_eq!(s.expenditure_totals.grand_total, Some(grand));
    assert_eq!(s.absent, ["income.total", "expenditure_totals.total"]);
    let gb = t.general_budget.as_ref().unwrap();
    let row = |code: &str| gb.row(&code.parse().unwrap()).unwrap();
    assert_eq!(row("2080506").total, Some(yuan("873,617.00")));
    assert_eq!(row("2010601").project, Some(yuan("138,514.80")));
    assert_eq!(gb.total.basic, Some(yuan("25,121,091.00")));
    assert_eq!(gb.rows.len(), 19);
    assert_eq!(t.income.as_ref().unwrap().rows.len(), 19);
    assert_eq!(t.expenditure.as_ref().unwrap().rows.len(), 19);
    let basic = t.general_budget_basic.as_ref().unwrap();
    assert_eq!(basic.rows.len(), 29);
    assert_eq!(basic.total.personnel, Some(yuan("22,826,756.00")));
    assert_eq!(basic.total.public, Some(yuan("2,294,335.00")));
    // every printed row of table 8: 合计 = 人员经费 + 公用经费, and 类 = Σ 款
    for r in &basic.rows {
        let (a, pe, pu) = (r.amount.unwrap(), r.personnel.unwrap(), r.public.unwrap());
        assert_eq!(a.value(), pe.value() + pu.value(), "{}", r.code);
    }
    for class in basic.rows.iter().filter(|r| r.code.as_str().len() == 3) {
        let parts: Vec<Amount> = basic
            .rows
            .iter()
            .filter(|r| {
                r.code.as_str().len() == 5 && r.code.as_str().starts_with(class.code.as_str())
            })
            .filter_map(|r| r.amount)
            .collect();
        assert_eq!(Amount::sum(&parts), class.amount.unwrap(), "{}", class.code);
    }
    // table 3 = table 5 row by row (all income is 财政拨款), and 基本支出 = table 8
    let exp = t.expenditure.as_ref().unwrap();
    for (a, b) in exp.rows.iter().zip(&gb.rows) {
        assert_eq!(
            (a.code, a.total, a.basic, a.project),
            (b.code, b.total, b.basic, b.project)
        );
    }
    assert_eq!(exp.total.basic, basic.total.total);
    // the empty fund tables keep their (corrected) notes
    assert!(t.gov_fund.as_ref().unwrap().is_empty());
    let note = t.state_capital.as_ref().unwrap().note.as_deref().unwrap();
    assert!(
        note.contains("国有资本经营") && !note.contains("政府性基金"),
        "{note}"
    );
    // table 9 in 万元; 公务接待费 = table 8's 30217 (9,500.00 元); 机关运行经费 = 公用经费
    let tp = t.three_public.as_ref().unwrap();
    assert_eq!(tp.budget.total.unwrap().stored_text(), "0.95");
    let reception = basic
        .row(&"30217".parse().unwrap())
        .unwrap()
        .amount
        .unwrap();
    assert_eq!(tp.budget.reception.unwrap().value(), reception.value());
    assert_eq!(
        p.agency_running_costs.unwrap().value(),
        juesuan_model::round_half_up(basic.total.public.unwrap().value(), 2)
    );
    // the text: 政府采购 117.00 = 17.00 + 0 + 100.00; 绩效目标 4 projects, 598.46
    let pr = &t.procurement.as_ref().unwrap().figures;
    let parts = [pr.budget_goods, pr.budget_works, pr.budget_services].map(Option::unwrap);
    assert_eq!(Amount::sum(&parts), pr.budget_total.unwrap());
    let m = p.performance.management.as_ref().unwrap();
    assert_eq!(m.target_projects, Some(4));
    let targets: Vec<Amount> = p
        .performance
        .targets
        .iter()
        .filter_map(|x| x.funds.total)
        .collect();
    assert_eq!(targets.len(), 4);
    assert_eq!(Amount::sum(&targets), m.target_budget.unwrap());
    // 上年预算: 3121.42 − 107.62
    assert_eq!(
        p.prior_year.general_budget_expenditure.unwrap().to_string(),
        "3013.80"
    );
    assert!(t.has(TableKind::ThreePublic));
}
