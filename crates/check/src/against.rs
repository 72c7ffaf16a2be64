//! 公开监督: `juesuan check published.pdf --against 单位.xlsx` and `--prior 去年.xlsx`.
//!
//! [`against`] holds the approved package against what a checked document yields — its
//! tables as read, and the figures its text states (the 年初预算 and 上年预算 `compare` reads,
//! the 机关运行经费 D-045 reads) — by the `A` rules of [`juesuan_rules::against`]. [`prior`]
//! holds this year's 上年数 against last year's final figures: two 决算 through what
//! `init --from` would carry (`carry`), so the mapping from last year's lines to this year's
//! 上年数 is the one the form is filled with; a budget through the 预算 ↔ 决算 comparison
//! (`B-111`, `B-121`). Both are library calls the workbench can make on stored packages.

use std::path::Path;

use juesuan_diagnostics::Report;
use juesuan_model::tables::{Procurement, ProcurementTable};
use juesuan_model::{Amount, Catalog, Coverage, DisclosureKind, Package};
use juesuan_rules::against::{self as rules, Prior};

use crate::Checked;
use crate::carry::{self, CarryError, Request};

/// What a comparison found: one line for the top of the report, and the findings.
#[derive(Debug, Clone)]
pub struct Held {
    /// `核对批复数据包 单位.xlsx：共核对 412 个数字，0 处不一致。`
    pub summary: String,
    /// The findings (`A-…`, or `B-1…` for budgets across years).
    pub report: Report,
    /// How many figures were compared.
    pub figures: usize,
    /// How many could not be verified.
    pub unverified: usize,
}

/// A unit's name without spaces, for telling whether two sides are one unit.
fn unit_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

fn describe(p: &Package) -> String {
    let name = if p.unit.name.trim().is_empty() {
        "（未识别单位）"
    } else {
        p.unit.name.trim()
    };
    format!("{name}{}年{}", p.unit.year, p.kind.label())
}

/// Why the approved package cannot be held against the published one: another unit, year
/// or kind. A side that does not say (no name, year 0) is not refused for it.
fn refused(approved: &Package, published: &Package) -> Option<String> {
    let (a, p) = (
        unit_key(&approved.unit.name),
        unit_key(&published.unit.name),
    );
    let why = if !a.is_empty() && !p.is_empty() && a != p {
        "不是同一单位"
    } else if approved.unit.year != 0
        && published.unit.year != 0
        && approved.unit.year != published.unit.year
    {
        "不是同一年度"
    } else if approved.kind != published.kind {
        "一个是决算、一个是预算"
    } else {
        return None;
    };
    Some(format!(
        "批复数据包“{}”与公开文件“{}”{why}，无法核对。",
        describe(approved),
        describe(published)
    ))
}

/// The package a checked document yields for 公开监督: its tables, and from its text the
/// 年初预算 (决算) or 上年预算 (预算) figures `compare` reads and the 机关运行经费.
pub fn published_package(checked: &Checked, catalog: &Catalog) -> Package {
    let input = crate::compare::from_checked(Path::new(""), checked.clone(), catalog);
    let mut package = input.package;
    if package.agency_running_costs.is_none() {
        let cx = crate::doc::DocCtx::new(
            &checked.document,
            catalog,
            &checked.recognition,
            &checked.package,
            &[],
        );
        package.agency_running_costs = crate::doc::stated_running_costs(&cx).map(Amount::from_wan);
        // 政府采购, which the Shanghai format states in the explanation, not as a table
        if package.tables.procurement.is_none() {
            let stated = crate::doc::stated_procurement(&cx);
            if !stated.is_empty() {
                let mut figures = Procurement::default();
                for (key, v) in stated {
                    let slot = match key {
                        "total" => &mut figures.total,
                        "goods" => &mut figures.goods,
                        "works" => &mut figures.works,
                        _ => &mut figures.services,
                    };
                    *slot = Some(Amount::from_wan(v));
                }
                package.tables.procurement = Some(ProcurementTable {
                    coverage: Coverage::Partial,
                    figures,
                });
            }
        }
    }
    package
}

/// The approved package against a checked document; refused (one sentence naming both)
/// when they are not the same unit, year and kind.
pub fn against(approved: &Package, checked: &Checked, catalog: &Catalog) -> Result<Held, String> {
    let published = published_package(checked, catalog);
    against_package(approved, &published, true)
}

/// The approved package against a published one already made (the workbench's stored
/// package of a document, or a package of the published figures); `from_document` words
/// the published side `公开文件`.
pub fn against_package(
    approved: &Package,
    published: &Package,
    from_document: bool,
) -> Result<Held, String> {
    if let Some(why) = refused(approved, published) {
        return Err(why);
    }
    let got = rules::against(approved, published, from_document);
    Ok(Held {
        summary: got.summary(&format!("核对批复数据包（{}）", describe(approved))),
        report: got.report,
        figures: got.figures,
        unverified: got.unverified,
    })
}

/// Whether a path names a data package rather than a document.
fn is_package(path: &Path) -> bool {
    path.is_dir() || juesuan_io::Format::from_path(path).is_some()
}

/// This year's 上年数 against last year's file (a package or a published document) of the
/// same unit: two 决算 through what `init --from` carries from last year's file (`A-011`);
/// a budget through the 预算 ↔ 决算 comparison (`B-111` against last year's budget, `B-121`
/// against last year's 决算). Refused in one sentence when last year's file is not the year
/// before, not the same unit, or the pair cannot be compared.
pub fn prior(this: &Package, last: &Path, catalog: &Catalog) -> Result<Held, String> {
    let file = last.display().to_string();
    if this.kind == DisclosureKind::Budget {
        let input = crate::compare::read_input(last, catalog)?;
        let compared = juesuan_rules::compare::compare(this, &input.package)
            .map_err(|e| format!("上年文件“{file}”：{e}"))?;
        return Ok(Held {
            summary: compared.summary(),
            figures: compared.figures,
            unverified: 0,
            report: compared.report,
        });
    }
    let req = Request::default();
    let carried = if is_package(last) {
        let loaded = juesuan_io::load(last, catalog).map_err(|e| e.to_string())?;
        if loaded.package.kind == DisclosureKind::Budget {
            return Err(format!(
                "上年文件“{file}”是预算，本年是决算：决算的上年数应与上年度决算核对，请给出上年度决算的数据包或公开文件。"
            ));
        }
        carry::from_package(&loaded, &req)
    } else {
        let checked = crate::check_file(last, catalog).map_err(|e| e.to_string())?;
        if let Some(why) = checked.unrecognised() {
            return Err(format!("上年文件“{file}”：{why}"));
        }
        carry::from_document(&checked, &file, &req)
    }
    .map_err(|e| match e {
        CarryError::Read(e) => e.to_string(),
        CarryError::Refused(m) => m,
    })?;
    let last_year = carried.package.unit.year.saturating_sub(1);
    let (a, b) = (
        unit_key(&this.unit.name),
        unit_key(&carried.package.unit.name),
    );
    if !a.is_empty() && !b.is_empty() && a != b {
        return Err(format!(
            "上年文件“{file}”是{}的，本年是{}的：不是同一单位，无法核对上年数。",
            carried.package.unit.name.trim(),
            this.unit.name.trim()
        ));
    }
    if this.unit.year != 0 && carried.package.unit.year != this.unit.year {
        return Err(format!(
            "上年文件“{file}”是{last_year}年度的，本年是{}年度：上年数须与上一年度的决算核对。",
            this.unit.year
        ));
    }
    let source = format!("{last_year}年度决算");
    let got = rules::prior(Prior {
        this,
        expected: &carried.package.prior_year,
        source: &source,
    });
    Ok(Held {
        summary: got.summary(&format!(
            "核对{}年所列上年数与{source}（{file}）",
            this.unit.year
        )),
        report: got.report,
        figures: got.figures,
        unverified: got.unverified,
    })
}
