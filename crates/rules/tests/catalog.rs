//! The catalog rules against the year's catalog: C-001 once a code, a 项 the list lacks
//! under a known 款 accepted as the table names it, and the year choosing the list.
#![allow(clippy::unwrap_used)]

use juesuan_rules::rules::Base;
use juesuan_rules::{audit, mutate, testing};

fn audited(edits: &[&str], year: Option<u16>) -> juesuan_rules::Report {
    let mut pkg = mutate::apply(&testing::base(Base::Shanghai), edits).unwrap();
    if let Some(y) = year {
        pkg.unit.year = y;
    }
    audit(&pkg, &testing::catalog(Base::Shanghai))
}

#[test]
fn an_unknown_section_is_reported_once_whatever_the_tables() {
    let r = audited(
        &[
            "tables.income.rows[2010601].code = 2015001",
            "tables.expenditure.rows[2010601].code = 2015001",
            "tables.general_budget.rows[2010601].code = 2015001",
        ],
        None,
    );
    let c001 = r.of("C-001");
    assert_eq!(c001.len(), 1, "{c001:?}");
    assert!(c001[0].message.contains("款 20150"), "{}", c001[0].message);
}

#[test]
fn a_new_item_of_a_known_section_is_accepted_under_its_printed_name() {
    let r = audited(
        &[
            "tables.income.rows[2010601].code = 2010650",
            "tables.expenditure.rows[2010601].code = 2010650",
        ],
        None,
    );
    assert!(r.of("C-001").is_empty(), "{:?}", r.of("C-001"));
    assert!(r.of("C-002").is_empty(), "{:?}", r.of("C-002"));
}

#[test]
fn the_package_year_chooses_the_list() {
    // 22006 耕地保护考核奖惩基金支出 was added to the 2024 list
    let edit = ["tables.income.rows[2010601].code = 2200601"];
    assert!(audited(&edit, Some(2024)).of("C-001").is_empty());
    assert!(audited(&edit, Some(2025)).of("C-001").is_empty());
    assert_eq!(audited(&edit, Some(2023)).of("C-001").len(), 1);
    // outside 2023–2025 the nearest year's list
    assert_eq!(audited(&edit, Some(2019)).of("C-001").len(), 1);
}
