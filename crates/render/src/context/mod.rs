//! What a profile's template sees: every figure of the package under a stable name, with
//! its label, as exact decimal text (never a float), or `null` when the package does not
//! give it (an absent table, a blank cell of a partial table). Wording — changes, shares,
//! omissions, gaps — is done by the template helpers in `template.rs`.
//!
//! One builder per table or part, each in its own module; [`Context::new`] puts them
//! together. Named figures go into `f` (this year) and `prior`; a builder inserts its own
//! names, which no other builder uses.

mod appropriation;
mod assets;
mod basic;
mod budget;
mod expenditure;
mod funds;
mod general_budget;
mod lines;
mod performance;
mod prior;
mod procurement;
mod spending;
mod summary;
mod three_public;
mod unit;

use std::collections::BTreeMap;

use juesuan_model::{Amount, Catalog, Coverage, Package, Profile, Record};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::format::text_amount;

pub use budget::{TargetLine, target_tabled};
pub use lines::Line;
pub use performance::{PerformanceSummary, performance_summary};
pub use three_public::ThreePublicLine;
pub use unit::{ProfileCtx, TableRef, UnitCtx};

/// A figure with its label: `v` is exact decimal text, `None` when unknown.
#[derive(Debug, Clone, Serialize)]
pub struct Fig {
    /// What it is (`收入支出总计`), for lists and for the gap shown when unknown.
    pub label: String,
    /// The value in 万元, exact.
    pub v: Option<String>,
}

impl Fig {
    fn new(label: &str, v: Option<Decimal>) -> Fig {
        Fig {
            label: label.to_string(),
            v: v.map(text_amount),
        }
    }

    /// A figure stated outside a table (prior year, 机关运行经费, 年初预算): a blank is
    /// unknown, whatever the coverage of any table.
    fn stated(label: &str, a: Option<Amount>) -> Fig {
        Fig::new(label, a.map(|a| a.value()))
    }
}

/// Named figures, as the template sees them under `f` and `prior`.
type Figures = BTreeMap<&'static str, Fig>;

/// Reads cells of one table: a blank is zero in a complete table, unknown otherwise.
#[derive(Clone, Copy)]
struct Reader {
    complete: bool,
}

impl Reader {
    fn of(coverage: Option<Coverage>) -> Reader {
        Reader {
            complete: coverage == Some(Coverage::Complete),
        }
    }

    fn get(self, a: Option<Amount>) -> Option<Decimal> {
        match a {
            Some(a) => Some(a.value()),
            None if self.complete => Some(Decimal::ZERO),
            None => None,
        }
    }

    fn fig(self, label: &str, a: Option<Amount>) -> Fig {
        Fig::new(label, self.get(a))
    }
}

/// The label the model gives field `key` of record `R` (its `FIELDS` entry), so that a
/// figure's label cannot drift from the model. Meant for constants ([`label!`]), where a
/// key the record lacks stops the build instead of failing at run time.
const fn label_of<R: Record>(key: &str) -> &'static str {
    let fields = R::FIELDS;
    let mut i = 0;
    while i < fields.len() {
        if bytes_eq(fields[i].key.as_bytes(), key.as_bytes()) {
            return fields[i].label;
        }
        i += 1;
    }
    panic!("the record has no field with this key")
}

/// `==` on byte strings, usable in a `const fn`.
const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `label!(SummaryIncome, total)`: the model's label of a record field, computed at
/// compile time (a wrong key does not build).
macro_rules! label {
    ($record:ty, $key:ident) => {{
        const LABEL: &str = $crate::context::label_of::<$record>(stringify!($key));
        LABEL
    }};
}
use label;

/// The template context.
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// Unit name, year, organisation.
    pub unit: UnitCtx,
    /// Profile id, name, settings.
    pub profile: ProfileCtx,
    /// The profile's tables in order: number, key, title.
    pub tables: Vec<TableRef>,
    /// Named figures of this year.
    pub f: BTreeMap<&'static str, Fig>,
    /// Named figures of the prior year.
    pub prior: BTreeMap<&'static str, Fig>,
    /// Income by source (收入支出决算总表), in printed order.
    pub income_sources: Vec<Fig>,
    /// Expenditure by kind (支出决算表 合计 row), in printed order.
    pub expenditure_kinds: Vec<Fig>,
    /// 一般公共预算财政拨款支出 by class.
    pub gb_classes: Vec<Line>,
    /// 一般公共预算财政拨款支出 by item (项).
    pub gb_items: Vec<Line>,
    /// The lines the profile compares with 年初预算 (classes or items).
    pub gb_lines: Vec<Line>,
    /// 政府性基金 expenditure by item.
    pub gf_items: Vec<Line>,
    /// 国有资本经营 expenditure by item.
    pub sc_items: Vec<Line>,
    /// Names of 人员经费 items with expenditure (基本支出表).
    pub personnel_items: Vec<String>,
    /// Names of 公用经费 items with expenditure.
    pub public_items: Vec<String>,
    /// 三公: 合计 then the three items.
    pub three_public: Vec<ThreePublicLine>,
    /// 三公 counts and uses.
    pub three_public_details: BTreeMap<&'static str, String>,
    /// 国有资产: vehicles by kind and equipment.
    pub assets: BTreeMap<&'static str, String>,
    /// 政府采购 figures.
    pub procurement: BTreeMap<&'static str, Fig>,
    /// 部门整体绩效评价 score and grade.
    pub department_score: Option<String>,
    /// 部门整体绩效评价 grade.
    pub department_grade: Option<String>,
    /// 部门整体绩效评价 text sections.
    pub department_sections: Vec<(String, String)>,
    /// 预算绩效管理: systems and mechanism, problems.
    pub management: BTreeMap<&'static str, String>,
    /// The department summary of the project self-evaluations.
    pub performance: Option<PerformanceSummary>,
    /// Number of project self-evaluation tables.
    pub project_count: usize,
    /// 项目绩效目标表 projects (budgets): name, funds, goal.
    pub targets: Vec<TargetLine>,
    /// Free text blocks of the explanation.
    pub texts: BTreeMap<String, String>,
    /// The date the cover prints (`2025年8月`): the caller's (`Options::date`), else
    /// the year after the year reported on.
    pub date: String,
}

impl Context {
    /// Builds the context of a package for its profile.
    pub fn new(pkg: &Package, profile: &Profile, catalog: &Catalog) -> Context {
        let t = &pkg.tables;
        let mut f = Figures::new();
        let income_sources = summary::build(t, &mut f);
        let expenditure_kinds = expenditure::build(t, &mut f);
        appropriation::build(t, &mut f);
        let gb = general_budget::build(t, profile, catalog, &mut f);
        let basic = basic::build(t, catalog, &mut f);
        let funds = funds::build(t, catalog, &mut f);
        let tp = three_public::build(t, &pkg.prior_year, &mut f);
        spending::build(pkg, &mut f);
        let perf = performance::build(pkg, profile);
        let mut prior = prior::build(&pkg.prior_year);
        let budget = budget::build(pkg, &mut f, &mut prior);
        Context {
            unit: unit::unit(pkg),
            profile: unit::profile(profile),
            tables: unit::tables(profile),
            f,
            prior,
            income_sources,
            expenditure_kinds,
            gb_classes: gb.classes,
            gb_items: gb.items,
            gb_lines: gb.lines,
            gf_items: funds.gov_fund_items,
            sc_items: funds.state_capital_items,
            personnel_items: basic.personnel_items,
            public_items: basic.public_items,
            three_public: tp.lines,
            three_public_details: tp.details,
            assets: assets::build(pkg.assets.as_ref()),
            procurement: procurement::build(t.procurement.as_ref()),
            department_score: perf.department_score,
            department_grade: perf.department_grade,
            department_sections: perf.department_sections,
            management: perf.management,
            performance: perf.summary,
            project_count: perf.project_count,
            targets: budget.targets,
            texts: pkg.explanation.texts.clone(),
            // a budget is published in the year it is for; final accounts the year after
            date: if pkg.is_budget() {
                format!("{}年", pkg.unit.year)
            } else {
                crate::default_date(pkg.unit.year)
            },
        }
    }
}

/// The stated values of `pairs` as text, leaving out those not stated.
fn stated_texts<const N: usize>(
    pairs: [(&'static str, Option<String>); N],
) -> BTreeMap<&'static str, String> {
    pairs
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect()
}

/// A count as text.
fn count(v: Option<u32>) -> Option<String> {
    v.map(|v| v.to_string())
}
