//! What every rule sees: the package, its profile, the catalog, and how many decimals each
//! table is printed with.

use juesuan_model::fields::{CellValue, Record};
use juesuan_model::tables::{CodedTable, TableKind};
use juesuan_model::{Amount, Catalog, Coverage, Package, Profile};

use crate::interval::Term;

/// Decimals a 万元 table is printed with at the least.
const MIN_TABLE_DECIMALS: u32 = 2;

/// The context of an audit.
pub struct Ctx<'a> {
    /// The package.
    pub pkg: &'a Package,
    /// Its profile (Beijing when the package names an unknown one).
    pub profile: &'a Profile,
    /// The catalog.
    pub catalog: &'a Catalog,
    decimals: [u32; 12],
}

fn index(kind: TableKind) -> usize {
    TableKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

fn scale_of<R: Record>(r: &R, max: &mut u32) {
    for i in 0..R::FIELDS.len() {
        if let Some(CellValue::Amount(a)) = r.get(i) {
            *max = (*max).max(a.scale());
        }
    }
}

fn coded_scale<R: Record, T: Record>(t: &Option<CodedTable<R, T>>) -> u32 {
    let mut m = 0;
    if let Some(t) = t {
        scale_of(&t.total, &mut m);
        for r in &t.rows {
            scale_of(r, &mut m);
        }
    }
    m
}

impl<'a> Ctx<'a> {
    /// The context of a package.
    pub fn new(pkg: &'a Package, catalog: &'a Catalog) -> Ctx<'a> {
        let profile = pkg
            .profile()
            .or_else(|| Profile::builtin("beijing"))
            .or_else(|| Profile::builtins().first())
            .unwrap_or_else(|| unreachable!("built-in profiles are tested"));
        let t = &pkg.tables;
        let mut decimals = [0u32; 12];
        for kind in TableKind::ALL {
            let mut m = 0;
            match kind {
                TableKind::Summary => {
                    if let Some(s) = &t.summary {
                        scale_of(&s.income, &mut m);
                        scale_of(&s.expenditure_totals, &mut m);
                        s.expenditure.iter().for_each(|r| scale_of(r, &mut m));
                    }
                }
                TableKind::AppropriationSummary => {
                    if let Some(s) = &t.appropriation_summary {
                        scale_of(&s.income, &mut m);
                        s.expenditure.iter().for_each(|r| scale_of(r, &mut m));
                        scale_of(&s.expenditure_total, &mut m);
                        scale_of(&s.closing_carryover, &mut m);
                        scale_of(&s.grand_total, &mut m);
                    }
                }
                TableKind::Income => m = coded_scale(&t.income),
                TableKind::Expenditure => m = coded_scale(&t.expenditure),
                TableKind::GeneralBudget => m = coded_scale(&t.general_budget),
                TableKind::GeneralBudgetBasic => m = coded_scale(&t.general_budget_basic),
                TableKind::GovFund => m = coded_scale(&t.gov_fund),
                TableKind::GovFundBasic => m = coded_scale(&t.gov_fund_basic),
                TableKind::StateCapital => m = coded_scale(&t.state_capital),
                TableKind::ThreePublic => {
                    if let Some(x) = &t.three_public {
                        scale_of(&x.budget, &mut m);
                        scale_of(&x.actual, &mut m);
                    }
                }
                TableKind::Procurement => {
                    if let Some(x) = &t.procurement {
                        scale_of(&x.figures, &mut m);
                    }
                }
                TableKind::PurchasedServices => {
                    if let Some(x) = &t.purchased_services {
                        x.items.iter().for_each(|r| scale_of(r, &mut m));
                        if let Some(a) = x.total {
                            m = m.max(a.scale());
                        }
                    }
                }
            }
            decimals[index(kind)] = m.clamp(MIN_TABLE_DECIMALS, 6);
        }
        Ctx {
            pkg,
            profile,
            catalog,
            decimals,
        }
    }

    /// Decimals the figures of a table are read at (the finest printed, at least 2).
    pub fn decimals(&self, kind: TableKind) -> u32 {
        self.decimals[index(kind)]
    }

    /// The coverage of a table, `None` when absent.
    pub fn coverage(&self, kind: TableKind) -> Option<Coverage> {
        self.pkg.tables.coverage(kind)
    }

    /// A cell as an interval: a stated figure at the table's precision; a blank of a complete
    /// table is exactly zero; a blank of a partial table is unknown (`None`).
    pub fn term(&self, kind: TableKind, a: Option<Amount>) -> Option<Term> {
        match a {
            Some(a) => Some(Term::stated(a, self.decimals(kind))),
            None => match self.coverage(kind) {
                Some(Coverage::Complete) => Some(Term::exact(rust_decimal::Decimal::ZERO)),
                _ => None,
            },
        }
    }

    /// `表5 一般公共预算财政拨款支出决算表` in the profile's numbering.
    pub fn table_label(&self, kind: TableKind) -> String {
        match self.profile.table_number(kind) {
            Some(n) => format!("表{n} {}", self.profile.title(kind)),
            None => self.profile.title(kind).to_string(),
        }
    }
}
