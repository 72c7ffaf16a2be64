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

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use juesuan_diagnostics::Report;
use juesuan_model::tables::{Procurement, ProcurementTable};
use juesuan_model::{Amount, Catalog, Coverage, DisclosureKind, Package};
use juesuan_rules::against::{self as rules, Prior};

use crate::Checked;
use crate::carry::{self, CarryError, Request};
use crate::numbers::re;

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
    let cx = crate::doc::DocCtx::new(
        &checked.document,
        catalog,
        &checked.recognition,
        &checked.package,
        &[],
    );
    if package.agency_running_costs.is_none() {
        package.agency_running_costs = crate::doc::stated_running_costs(&cx).map(Amount::from_wan);
    }
    // 政府采购, which the Shanghai format states in the explanation, not as a table
    if package.tables.procurement.is_none() {
        let stated = crate::doc::stated_procurement(&cx);
        if !stated.is_empty() {
            let mut figures = Procurement::default();
            // a budget's explanation states the 政府采购预算
            let budget = package.kind == DisclosureKind::Budget;
            for (key, v) in stated {
                let slot = match (key, budget) {
                    ("total", false) => &mut figures.total,
                    ("goods", false) => &mut figures.goods,
                    ("works", false) => &mut figures.works,
                    (_, false) => &mut figures.services,
                    ("total", true) => &mut figures.budget_total,
                    ("goods", true) => &mut figures.budget_goods,
                    ("works", true) => &mut figures.budget_works,
                    (_, true) => &mut figures.budget_services,
                };
                *slot = Some(Amount::from_wan(v));
            }
            package.tables.procurement = Some(ProcurementTable {
                coverage: Coverage::Partial,
                figures,
            });
        }
    }
    if package.kind == DisclosureKind::Final {
        prior_from_text(&cx, &mut package);
    }
    package
}

re!(
    VERSUS,
    r"与 *([0-9]{4}) *年度?(?:决算数?)?相比[，,] *(财政拨款收入支出总计|收入支出总计|一般公共预算财政拨款支出|“三公”经费财政拨款支出|机关运行经费支出)(?:决算数?)?(?:(增加|减少) *([0-9][0-9,]*(?:\.[0-9]+)?) *万元|(持平))"
);
re!(
    STATED,
    r"(财政拨款收入支出总计|收入支出总计|一般公共预算财政拨款支出|“三公”经费财政拨款支出|机关运行经费支出)(?:决算数?)?(?:为|共计|合计)?([0-9][0-9,]*(?:\.[0-9]+)?) *万元[，,] *(?:比|较) *([0-9]{4}) *年度?(?:决算数?)?(?:(增加|减少) *([0-9][0-9,]*(?:\.[0-9]+)?) *万元|(持平))"
);
re!(
    LEVEL,
    r"(财政拨款收入支出总计|收入支出总计|一般公共预算财政拨款支出|“三公”经费财政拨款支出)(?:决算数?)?与 *([0-9]{4}) *年度?(?:决算数?)?持平"
);

fn number(text: &str) -> Option<Decimal> {
    text.replace([',', '，'], "").parse().ok()
}

/// A 决算's 上年数 from its text: `与2023年度相比，收入支出总计减少56.95万元` (this year's figure
/// from the table read), `机关运行经费支出184.65万元，比2023年度增加2.55万元`, `…与2023年度持平`.
/// Only the year before the year reported on; a field stated twice with different results
/// is left unknown, as is one whose table figure was not read.
fn prior_from_text(cx: &crate::doc::DocCtx, pkg: &mut Package) {
    let Some(last) = pkg.unit.year.checked_sub(1) else {
        return;
    };
    let t = &pkg.tables;
    let current = |label: &str| -> Option<Decimal> {
        let a = match label {
            "收入支出总计" => t.summary.as_ref().and_then(|s| s.income.grand_total),
            "财政拨款收入支出总计" => t
                .appropriation_summary
                .as_ref()
                .and_then(|s| s.income.grand_total),
            "一般公共预算财政拨款支出" => {
                t.general_budget.as_ref().and_then(|g| g.total.total)
            }
            // a complete “三公” table printing no total spent nothing
            "“三公”经费财政拨款支出" => t.three_public.as_ref().and_then(|x| {
                x.actual
                    .total
                    .or((x.coverage == Coverage::Complete).then(|| Amount::from_wan(Decimal::ZERO)))
            }),
            _ => pkg.agency_running_costs,
        };
        a.map(|a| a.value())
    };
    let mut found: Vec<(String, Decimal)> = Vec::new();
    let prior = |now: Decimal, verb: Option<&str>, d: Option<&str>| -> Option<Decimal> {
        match (verb, d.and_then(number)) {
            (Some("增加"), Some(d)) => Some(now - d),
            (Some("减少"), Some(d)) => Some(now + d),
            (None, _) => Some(now),
            _ => None,
        }
    };
    for p in &cx.paras {
        for c in VERSUS.captures_iter(p.text) {
            let (Some(y), Some(label)) = (c.get(1), c.get(2)) else {
                continue;
            };
            if y.as_str().parse::<u16>().ok() != Some(last) {
                continue;
            }
            let Some(now) = current(label.as_str()) else {
                continue;
            };
            let verb = if c.get(5).is_some() {
                None
            } else {
                c.get(3).map(|m| m.as_str())
            };
            if let Some(v) = prior(now, verb, c.get(4).map(|m| m.as_str())) {
                found.push((label.as_str().to_string(), v));
            }
        }
        for c in STATED.captures_iter(p.text) {
            let (Some(label), Some(x), Some(y)) = (c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            if y.as_str().parse::<u16>().ok() != Some(last) {
                continue;
            }
            let Some(now) = number(x.as_str()) else {
                continue;
            };
            let verb = if c.get(6).is_some() {
                None
            } else {
                c.get(4).map(|m| m.as_str())
            };
            if let Some(v) = prior(now, verb, c.get(5).map(|m| m.as_str())) {
                found.push((label.as_str().to_string(), v));
            }
        }
        for c in LEVEL.captures_iter(p.text) {
            let (Some(label), Some(y)) = (c.get(1), c.get(2)) else {
                continue;
            };
            if y.as_str().parse::<u16>().ok() != Some(last) {
                continue;
            }
            if let Some(now) = current(label.as_str()) {
                found.push((label.as_str().to_string(), now));
            }
        }
    }
    let py = &mut pkg.prior_year;
    for (label, slot) in [
        ("收入支出总计", &mut py.grand_total),
        ("财政拨款收入支出总计", &mut py.appropriation_grand_total),
        (
            "一般公共预算财政拨款支出",
            &mut py.general_budget_expenditure,
        ),
        ("“三公”经费财政拨款支出", &mut py.three_public_total),
        ("机关运行经费支出", &mut py.agency_running_costs),
    ] {
        let values: Vec<Decimal> = found
            .iter()
            .filter(|(l, _)| l == label)
            .map(|(_, v)| *v)
            .collect();
        // one result, however often stated; different ones say nothing
        if let Some(first) = values.first()
            && values.iter().all(|v| v == first)
            && slot.is_none()
        {
            *slot = Some(Amount::from_wan(*first));
        }
    }
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
    prior_carried(this, &carried.package, &file)
}

/// [`prior`] for two 决算 already read (the workbench's stored packages of last year's and
/// this year's uploads, package or document): last year's figures carried as `init --from`
/// carries them, then compared with this year's 上年数.
pub fn prior_package(this: &Package, last: &Package, file: &str) -> Result<Held, String> {
    if this.kind == DisclosureKind::Budget || last.kind == DisclosureKind::Budget {
        return Err("上年数的核对只用于两年的决算；预算见预算与决算核对。".into());
    }
    let loaded = juesuan_io::Loaded {
        package: last.clone(),
        notices: Vec::new(),
        path: file.into(),
        format: juesuan_io::Format::Json,
        sources: Default::default(),
    };
    let carried = carry::from_package(&loaded, &Request::default()).map_err(|e| match e {
        CarryError::Read(e) => e.to_string(),
        CarryError::Refused(m) => m,
    })?;
    prior_carried(this, &carried.package, file)
}

/// This year's 上年数 against a carried package (next year's start, made from last year's).
fn prior_carried(this: &Package, carried: &Package, file: &str) -> Result<Held, String> {
    let last_year = carried.unit.year.saturating_sub(1);
    let (a, b) = (unit_key(&this.unit.name), unit_key(&carried.unit.name));
    if !a.is_empty() && !b.is_empty() && a != b {
        return Err(format!(
            "上年文件“{file}”是{}的，本年是{}的：不是同一单位，无法核对上年数。",
            carried.unit.name.trim(),
            this.unit.name.trim()
        ));
    }
    if this.unit.year != 0 && carried.unit.year != this.unit.year {
        return Err(format!(
            "上年文件“{file}”是{last_year}年度的，本年是{}年度：上年数须与上一年度的决算核对。",
            this.unit.year
        ));
    }
    let source = format!("{last_year}年度决算");
    let got = rules::prior(Prior {
        this,
        expected: &carried.prior_year,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn published(text: &str) -> Package {
        let doc = juesuan_io::document::parse_document(
            text.as_bytes(),
            juesuan_io::document::DocKind::Text,
            "t.txt",
        )
        .unwrap();
        let checked = crate::check_document(doc, Catalog::builtin());
        published_package(&checked, Catalog::builtin())
    }

    #[test]
    fn last_years_figures_are_read_from_a_final_accounts_text() {
        let p = published(
            "上海市普陀区测试局2024年度部门决算\n\n机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。\n\n一般公共预算财政拨款支出100.00万元，比2022年度减少1.00万元。\n\n“三公”经费财政拨款支出5.00万元，比2023年度减少1.00万元。“三公”经费财政拨款支出5.00万元，比2023年度减少2.00万元。\n",
        );
        let py = &p.prior_year;
        assert_eq!(
            py.agency_running_costs.map(|a| a.value()),
            Some("182.10".parse().unwrap())
        );
        // another year is not 上年
        assert_eq!(py.general_budget_expenditure, None);
        // two different results say nothing
        assert_eq!(py.three_public_total, None);
    }

    #[test]
    fn another_unit_year_or_kind_is_refused() {
        let a = Package::new("甲局", 2024, "shanghai");
        let mut b = a.clone();
        assert_eq!(refused(&a, &b), None);
        b.unit.name = "乙局".into();
        assert!(refused(&a, &b).unwrap().contains("不是同一单位"));
        b = a.clone();
        b.unit.year = 2023;
        assert!(refused(&a, &b).unwrap().contains("不是同一年度"));
        b = a.clone();
        b.kind = DisclosureKind::Budget;
        assert!(refused(&a, &b).unwrap().contains("一个是决算、一个是预算"));
        // an unrecognised name is not a reason
        b = a.clone();
        b.unit.name = String::new();
        assert_eq!(refused(&a, &b), None);
    }
}
