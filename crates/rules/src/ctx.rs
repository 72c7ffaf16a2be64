//! What every rule sees: the package, its profile, the catalog of its year, and how many
//! decimals each table is printed with.

use std::borrow::Cow;

use juesuan_model::tables::TableKind;
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
    /// The catalog of the package's year ([`Catalog::for_package`]): the built-in list of
    /// that year, a bureau's rows on top, and the codes the tables use that the list lacks
    /// under a known 类 and 款, as the tables name them.
    pub catalog: Cow<'a, Catalog>,
    decimals: [u32; 12],
    /// The figures of the performance tables, parsed once for all PF rules.
    pub(crate) performance: std::cell::OnceCell<crate::rules::performance::Numbers>,
    /// Every project recomputed by the scoring engine, once for all PQ rules.
    scores: std::cell::OnceCell<Vec<juesuan_performance::ProjectScore>>,
    /// The tables were read from a published document, not from a data package: what the
    /// document prints is final (a package's missing statements the generator writes).
    pub published: bool,
}

fn index(kind: TableKind) -> usize {
    TableKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

impl<'a> Ctx<'a> {
    /// The context of a package.
    pub fn new(pkg: &'a Package, catalog: &'a Catalog) -> Ctx<'a> {
        let profile = pkg
            .profile()
            .or_else(|| Profile::builtin("beijing"))
            .or_else(|| Profile::builtins().first())
            .unwrap_or_else(|| unreachable!("built-in profiles are tested"));
        // the finest decimals printed in each table, at least 2
        let mut decimals = [0u32; 12];
        pkg.tables.for_each_amount(|kind, a| {
            let d = &mut decimals[index(kind)];
            *d = (*d).max(a.scale());
        });
        for d in &mut decimals {
            *d = (*d).clamp(MIN_TABLE_DECIMALS, 6);
        }
        Ctx {
            pkg,
            profile,
            catalog: catalog.for_package(pkg),
            decimals,
            performance: std::cell::OnceCell::new(),
            scores: std::cell::OnceCell::new(),
            published: false,
        }
    }

    /// Every project of the package recomputed by the scoring engine (in package order).
    pub fn project_scores(&self) -> &[juesuan_performance::ProjectScore] {
        self.scores.get_or_init(|| {
            let total = juesuan_performance::summary::unit_total(self.pkg);
            self.pkg
                .performance
                .projects
                .iter()
                .map(|p| juesuan_performance::score_project_within(p, self.profile, total))
                .collect()
        })
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

    /// Whether the table's source prints the figure at `path`: a column key of a coded table
    /// (`institutional`), a line of a two-sided one (`income.general_budget`).
    pub fn printed(&self, kind: TableKind, path: &str) -> bool {
        !self.pkg.tables.absent(kind).iter().any(|a| a == path)
    }

    /// The figure at `path` as an interval, as [`Ctx::term`]; `None` also when the source does
    /// not print it — a missing column is unknown, never zero.
    pub fn figure(&self, kind: TableKind, path: &str, a: Option<Amount>) -> Option<Term> {
        if self.printed(kind, path) {
            self.term(kind, a)
        } else {
            None
        }
    }

    /// A location in a table: its key and its numbered title.
    pub fn at(&self, kind: TableKind) -> crate::Location {
        crate::Location::table(Some(kind.key()), self.table_label(kind))
    }

    /// `表5 一般公共预算财政拨款支出决算表` in the profile's numbering.
    pub fn table_label(&self, kind: TableKind) -> String {
        self.profile.table_label(kind, self.pkg.kind)
    }
}
