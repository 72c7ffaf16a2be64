//! One round trip per sheet family: a package with every field of the family stated is
//! written as a workbook and read back unchanged, in both profiles. A column renamed,
//! dropped or moved on one side only (writer or reader) fails here.
#![allow(clippy::unwrap_used)]

use juesuan_io::xlsx::{WriteOptions, read_workbook, write_workbook};
use juesuan_model::fields::{CellKind, CodedRecord, Record};
use juesuan_model::performance::{
    DepartmentEvaluation, Indicator, PerformanceManagement, ProjectEvaluation, TextBlock,
};
use juesuan_model::tables::*;
use juesuan_model::{
    Catalog, Code, Figure, MemberUnit, MoneyUnit, Package, Remark, Subject, ThreePublicItem,
};
use serde::Serialize;

const PROFILES: [&str; 2] = ["beijing", "shanghai"];

/// Sets every field of a record to a value of its kind, distinct per `seed` and field.
fn fill<R: Record>(mut r: R, seed: usize) -> R {
    for (i, f) in R::FIELDS.iter().enumerate() {
        let n = seed * 10 + i + 1;
        let v = match f.kind {
            CellKind::Amount => format!("{n}.{:02}", (seed * 7 + i * 3) % 100),
            CellKind::Count => n.to_string(),
            CellKind::Text => format!("文字{seed}-{i}"),
            CellKind::Figure => format!("{n}.5%"),
            CellKind::Number => format!("{n}.25"),
        };
        r.set_text(i, &v, MoneyUnit::Wan).unwrap();
    }
    r
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

/// A coded row named as the catalog names its code, every figure stated.
fn row<R: CodedRecord>(c: &str, seed: usize) -> R {
    let c = code(c);
    let name = Catalog::builtin().name(&c).unwrap_or("某科目").to_string();
    fill(R::new(c, name), seed)
}

fn coded<R: CodedRecord, T: Record>(codes: &[&str], seed: usize) -> CodedTable<R, T> {
    CodedTable {
        coverage: Coverage::Complete,
        total: fill(T::default(), seed),
        rows: codes
            .iter()
            .enumerate()
            .map(|(k, c)| row(c, seed + k + 1))
            .collect(),
        note: Some(format!("表{seed}的说明")),
        absent: Vec::new(),
    }
}

const FUNCTION_CODES: [&str; 3] = ["2010601", "2080505", "2210201"];
/// Classes of 收入支出决算总表 and 财政拨款收入支出决算总表, in code order as written.
const CLASS_CODES: [&str; 3] = ["201", "208", "221"];
const ECONOMIC_CODES: [&str; 3] = ["30101", "30102", "30201"];

/// A package stating every field of every family.
fn full_package(profile: &str) -> Package {
    let mut p = Package::new("测试局", 2024, profile);
    p.unit.department = Some("测试主管部门".into());
    p.unit.responsibilities = Some("负责测试。".into());
    p.unit.organization = Some("内设三个处室。".into());
    p.unit.members = vec![
        MemberUnit {
            name: "测试局本级".into(),
            note: Some("行政单位".into()),
        },
        MemberUnit {
            name: "测试中心".into(),
            note: None,
        },
    ];
    let t = &mut p.tables;
    t.summary = Some(Summary {
        coverage: Coverage::Complete,
        income: fill(SummaryIncome::default(), 1),
        expenditure: CLASS_CODES
            .iter()
            .enumerate()
            .map(|(k, c)| row(c, 2 + k))
            .collect(),
        expenditure_totals: fill(SummaryExpenditureTotals::default(), 5),
        absent: Vec::new(),
    });
    let mut income: IncomeTable = coded(&FUNCTION_CODES, 10);
    income.coverage = Coverage::Partial;
    t.income = Some(income);
    t.expenditure = Some(coded(&FUNCTION_CODES, 20));
    t.appropriation_summary = Some(AppropriationSummary {
        coverage: Coverage::Complete,
        income: fill(AppropriationIncome::default(), 30),
        expenditure: CLASS_CODES
            .iter()
            .enumerate()
            .map(|(k, c)| row(c, 31 + k))
            .collect(),
        expenditure_total: fill(AppropriationValues::default(), 35),
        closing_carryover: fill(AppropriationValues::default(), 36),
        grand_total: fill(AppropriationValues::default(), 37),
    });
    t.general_budget = Some(coded(&FUNCTION_CODES, 40));
    // a final-accounts 基本支出决算表 prints no 人员经费 / 公用经费 split per row
    let no_split = |mut t: BasicTable| {
        for r in &mut t.rows {
            (r.personnel, r.public) = (None, None);
        }
        t
    };
    t.general_budget_basic = Some(no_split(coded(&ECONOMIC_CODES, 50)));
    t.gov_fund = Some(coded(&FUNCTION_CODES, 60));
    t.gov_fund_basic = Some(no_split(coded(&ECONOMIC_CODES, 70)));
    t.state_capital = Some(coded(&FUNCTION_CODES, 80));
    t.three_public = Some(ThreePublic {
        coverage: Coverage::Complete,
        budget: fill(ThreePublicFigures::default(), 90),
        actual: fill(ThreePublicFigures::default(), 91),
        details: fill(ThreePublicDetails::default(), 92),
    });
    t.procurement = Some(ProcurementTable {
        coverage: Coverage::Partial,
        figures: fill(Procurement::default(), 100),
    });
    t.purchased_services = Some(PurchasedServices {
        coverage: Coverage::Complete,
        total: Some("123.45".parse().unwrap()),
        items: vec![
            fill(PurchasedService::default(), 110),
            fill(PurchasedService::default(), 111),
        ],
    });
    p.prior_year = fill(p.prior_year, 120);
    p.agency_running_costs = Some("74.35".parse().unwrap());
    p.assets = Some(fill(Default::default(), 121));
    let remarks = &mut p.explanation.remarks;
    for (k, s) in [
        Subject::GrandTotal,
        Subject::GeneralBudgetLine(code("2010601")),
        Subject::ThreePublicVsBudget(ThreePublicItem::Overseas),
        Subject::AgencyRunningCosts,
    ]
    .into_iter()
    .enumerate()
    {
        remarks.insert(s, fill(Remark::default(), 130 + k));
    }
    p.explanation
        .texts
        .insert("名词解释".into(), "财政拨款收入：指……".into());
    p.explanation
        .texts
        .insert("预算绩效管理情况".into(), "本年开展了自评。".into());
    let perf = &mut p.performance;
    perf.department = Some(DepartmentEvaluation {
        score: Some(Figure::new("95.5")),
        grade: Some("优".into()),
        sections: vec![
            TextBlock {
                title: "一、部门概况".into(),
                body: "概况。".into(),
            },
            TextBlock {
                title: "二、绩效目标".into(),
                body: "目标。".into(),
            },
        ],
    });
    perf.management = Some(fill(PerformanceManagement::default(), 140));
    perf.projects = (0..2)
        .map(|k| {
            let mut q = ProjectEvaluation {
                seq: (k * 2 + 1).to_string(),
                name: format!("测试项目{k}"),
                department: Some("测试主管部门".into()),
                implementer: Some("测试局".into()),
                manager: Some("张三".into()),
                phone: Some("010-12345678".into()),
                goal: Some("完成测试。".into()),
                outcome: Some("已完成。".into()),
                total_weight: Some(Figure::new("100")),
                total_score: Some(Figure::new("98.5")),
                grade: Some("优".into()),
                indicators: (0..3)
                    .map(|i| fill(Indicator::default(), 160 + 10 * k + i))
                    .collect(),
                ..ProjectEvaluation::default()
            };
            for (line, (_, l)) in q.funds.lines_mut().into_iter().enumerate() {
                *l = fill(std::mem::take(l), 150 + 10 * k + line);
            }
            q
        })
        .collect();
    p
}

/// Writes the package as a workbook and reads it back.
fn round_trip(p: &Package) -> Package {
    let bytes = write_workbook(p, Catalog::builtin(), WriteOptions::default()).unwrap();
    read_workbook(&bytes, Catalog::builtin()).unwrap().package
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

/// Checks each part for both profiles.
fn check(part: &str, pick: impl Fn(&Package) -> String) {
    for profile in PROFILES {
        let p = full_package(profile);
        let back = round_trip(&p);
        let (want, got) = (pick(&p), pick(&back));
        assert!(want.len() > 20, "{part}: nothing to compare");
        assert_eq!(
            got, want,
            "{profile}: {part} changed on the way through the workbook"
        );
    }
}

#[test]
fn the_full_package_survives_whole() {
    for profile in PROFILES {
        let p = full_package(profile);
        let back = round_trip(&p);
        let mut want = p.clone();
        // the writer lists basic-table rows in the catalog's order
        for t in [
            &mut want.tables.general_budget_basic,
            &mut want.tables.gov_fund_basic,
        ]
        .into_iter()
        .flatten()
        {
            t.rows.sort_by_key(|r| r.code);
        }
        assert_eq!(json(&back), json(&want), "{profile}");
    }
}

#[test]
fn coded_tables() {
    check("收入决算表", |p| json(&p.tables.income));
    check("支出决算表", |p| json(&p.tables.expenditure));
    check("一般公共预算财政拨款支出决算表", |p| {
        json(&p.tables.general_budget)
    });
    check(
        "政府性基金预算财政拨款收入支出决算表",
        |p| json(&p.tables.gov_fund),
    );
    check(
        "国有资本经营预算财政拨款收入支出决算表",
        |p| json(&p.tables.state_capital),
    );
}

#[test]
fn basic_tables() {
    let sorted = |t: &Option<BasicTable>| {
        let mut t = t.clone().unwrap();
        t.rows.sort_by_key(|r| r.code);
        json(&t)
    };
    check("一般公共预算财政拨款基本支出决算表", |p| {
        sorted(&p.tables.general_budget_basic)
    });
    check(
        "政府性基金预算财政拨款基本支出决算表",
        |p| sorted(&p.tables.gov_fund_basic),
    );
}

#[test]
fn two_sided_summary_tables() {
    check("收入支出决算总表", |p| json(&p.tables.summary));
    check("财政拨款收入支出决算总表", |p| {
        json(&p.tables.appropriation_summary)
    });
}

#[test]
fn three_public_table_and_its_details() {
    check("三公", |p| json(&p.tables.three_public));
}

#[test]
fn procurement_and_purchased_services() {
    check("政府采购情况表", |p| json(&p.tables.procurement));
    check("政府购买服务决算公开情况表", |p| {
        json(&p.tables.purchased_services)
    });
}

#[test]
fn unit_sheet() {
    check("单位信息", |p| json(&p.unit));
}

#[test]
fn explanation_sheets() {
    check("说明数据", |p| {
        json(&(&p.prior_year, &p.agency_running_costs, &p.assets))
    });
    check("说明填写", |p| json(&p.explanation.remarks));
    check("说明文字", |p| json(&p.explanation.texts));
}

#[test]
fn performance_sheets() {
    check("绩效-部门整体", |p| json(&p.performance.department));
    check("绩效-管理情况", |p| json(&p.performance.management));
    check("绩效-项目", |p| {
        let mut projects = p.performance.projects.clone();
        projects.iter_mut().for_each(|q| q.indicators.clear());
        json(&projects)
    });
    check("绩效-指标", |p| {
        let indicators: Vec<_> = p
            .performance
            .projects
            .iter()
            .map(|q| (&q.seq, &q.indicators))
            .collect();
        json(&indicators)
    });
}

/// A table the profile publishes but the package lacks is written as 未提供 and read back
/// as absent, not as an empty table.
#[test]
fn absent_tables_stay_absent() {
    for profile in PROFILES {
        let mut p = full_package(profile);
        p.tables.income = None;
        p.tables.three_public = None;
        let back = round_trip(&p);
        assert!(back.tables.income.is_none(), "{profile}");
        assert!(back.tables.three_public.is_none(), "{profile}");
        assert_eq!(json(&back.tables.expenditure), json(&p.tables.expenditure));
    }
}

/// Clears the fields of a record a budget sheet does not have.
fn blank<R: Record>(r: &mut R, keys: &[&str]) {
    for k in keys {
        let i = R::index_of(k).unwrap();
        r.set_text(i, "", MoneyUnit::Wan).unwrap();
    }
}

/// The full package as a budget of `profile` (a budget profile): every field a budget
/// workbook has stated, the 决算-only ones blank, the coded tables in 元 with two decimals
/// (as Shanghai prints them), and two 项目绩效目标表.
fn full_budget_package(profile: &str) -> Package {
    use juesuan_model::DisclosureKind;
    use juesuan_model::performance::{ProjectTarget, TargetFunds};
    let mut p = full_package(profile);
    p.kind = DisclosureKind::Budget;
    // no self-evaluation in a budget
    p.performance.department = None;
    p.performance.projects.clear();
    let t = &mut p.tables;
    let s = t.summary.as_mut().unwrap();
    let keep = [
        "appropriation",
        "general_budget",
        "gov_fund",
        "state_capital",
        "institutional",
        "operating",
        "other",
        "total",
        "grand_total",
    ];
    let drop: Vec<&str> = SummaryIncome::FIELDS
        .iter()
        .map(|f| f.key)
        .filter(|k| !keep.contains(k))
        .collect();
    blank(&mut s.income, &drop);
    blank(
        &mut s.expenditure_totals,
        &["balance_distribution", "closing_carryover"],
    );
    // 本年支出合计 not printed (Shanghai's 表1): left out, read back as absent
    blank(&mut s.expenditure_totals, &["total"]);
    s.absent = vec!["expenditure_totals.total".into()];
    let inc = t.income.as_mut().unwrap();
    for r in &mut inc.rows {
        blank(r, &["superior_subsidy", "affiliate_remittance"]);
    }
    blank(
        &mut inc.total,
        &["superior_subsidy", "affiliate_remittance"],
    );
    let exp = t.expenditure.as_mut().unwrap();
    let no = ["remit_superior", "operating", "affiliate_subsidy"];
    for r in &mut exp.rows {
        blank(r, &no);
        // a budget table printed in 元
        for k in ["total", "basic", "project"] {
            let i = ExpenditureRow::index_of(k).unwrap();
            r.set_text(i, &format!("{}.{:02}", 1_000_000 + i, i), MoneyUnit::Yuan)
                .unwrap();
        }
    }
    exp.total = ExpenditureValues::default();
    for k in ["total", "basic", "project"] {
        let i = ExpenditureValues::index_of(k).unwrap();
        exp.total
            .set_text(i, "31214205.80", MoneyUnit::Yuan)
            .unwrap();
    }
    let gb = t.general_budget.as_mut().unwrap();
    for r in &mut gb.rows {
        blank(r, &["initial_budget"]);
    }
    blank(&mut gb.total, &["initial_budget"]);
    for f in [
        t.gov_fund.as_mut().unwrap(),
        t.state_capital.as_mut().unwrap(),
    ] {
        let no = ["opening", "income", "closing", "initial_budget"];
        for r in &mut f.rows {
            blank(r, &no);
        }
        blank(&mut f.total, &no);
    }
    // a budget 基本支出 table prints 人员经费 / 公用经费 on every row and in its 合计
    t.general_budget_basic = Some(coded(&ECONOMIC_CODES, 50));
    t.gov_fund_basic = Some(coded(&ECONOMIC_CODES, 70));
    let tp = t.three_public.as_mut().unwrap();
    tp.actual = ThreePublicFigures::default();
    let a = t.appropriation_summary.as_mut().unwrap();
    blank(
        &mut a.income,
        &[
            "opening_carryover",
            "opening_general_budget",
            "opening_gov_fund",
            "opening_state_capital",
        ],
    );
    a.closing_carryover = AppropriationValues::default();
    p.performance.targets = (0..2)
        .map(|k| ProjectTarget {
            seq: (k + 1).to_string(),
            name: format!("测试目标{k}"),
            department: Some("测试主管部门".into()),
            implementer: Some("测试局".into()),
            funds: fill(TargetFunds::default(), 170 + k),
            goal: Some("完成目标。".into()),
            indicators: (0..2)
                .map(|i| fill(Indicator::default(), 180 + 10 * k + i))
                .collect(),
        })
        .collect();
    p
}

/// A budget package goes through its budget workbook (budget columns, 元 sheets, 公开类型,
/// 机关运行经费 in the “三公” sheet, 绩效目标 sheets) and TOML and JSON unchanged.
#[test]
fn a_full_budget_package_survives_the_budget_workbook() {
    for profile in ["shanghai-budget", "beijing-budget"] {
        let p = full_budget_package(profile);
        let back = round_trip(&p);
        assert_eq!(json(&back), json(&p), "{profile}");
        let text = juesuan_io::text_formats::package_to_toml(&back).unwrap();
        assert!(text.contains("kind = \"budget\""), "{text}");
        assert!(text.contains("\"1000000.00元\""), "元 kept: {text}");
        let again = juesuan_io::text_formats::package_from_toml(&text).unwrap();
        assert_eq!(json(&again), json(&p), "{profile}: TOML");
        let j = juesuan_io::text_formats::package_to_json(&back).unwrap();
        let from_json = juesuan_io::text_formats::package_from_json(&j).unwrap();
        assert_eq!(json(&from_json), json(&p), "{profile}: JSON");
    }
}

/// A budget workbook has no 决算-only column: no 年初结转, 年末结转, 年初预算数, 决算数.
#[test]
fn budget_sheets_have_no_final_accounts_columns() {
    let p = full_budget_package("shanghai-budget");
    let bytes = write_workbook(&p, Catalog::builtin(), WriteOptions::default()).unwrap();
    let text = String::from_utf8_lossy(&unzipped_strings(&bytes)).into_owned();
    for gone in [
        "年初结转和结余",
        "年末结转和结余",
        "年初预算数",
        "决算数",
        "上缴上级支出",
    ] {
        assert!(!text.contains(gone), "{gone} in a budget workbook");
    }
    for here in [
        "公开类型",
        "单位：元",
        "机关运行经费预算数",
        "人员经费",
        "绩效目标-指标",
    ] {
        assert!(text.contains(here), "{here} missing");
    }
}

/// The shared strings of a workbook (every text cell).
fn unzipped_strings(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_end(&mut out)
        .unwrap();
    out
}
