//! `juesuan compare A B` and `juesuan check 决算.pdf --budget 预算.pdf`: two inputs, each a
//! data package (loaded) or a published document (checked, its package recovered), compared
//! by [`juesuan_rules::compare`].
//!
//! A document's package is what `check` recovers from its tables, with two figures the
//! comparison needs taken from its text where the tables do not hold them: a 决算's 年初预算
//! (“一般公共预算财政拨款支出年初预算为2993.92万元”, and each 项's “年初预算为X万元” under
//! the line the table lists), and a budget's 上年预算 (“一般公共预算拨款支出预算3,121.42万元，
//! 比2024年预算增加107.62万元”: 3,013.80). Only sentences naming the previous year exactly
//! are read; a figure not found stays unknown and is not compared.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use rust_decimal::Decimal;

use juesuan_io::document::{Block, Document};
use juesuan_model::{Amount, Catalog, DisclosureKind, Package};
use juesuan_rules::compare::{self, Compared};

use crate::numbers::re;
use crate::{Checked, DocumentKind};

/// One side of a comparison.
#[derive(Debug)]
pub struct Input {
    /// The path as given.
    pub path: PathBuf,
    /// The package compared.
    pub package: Package,
    /// For a document: what `check` found (its findings are the file's own).
    pub checked: Option<Checked>,
    /// What was taken from the document's text for the comparison, one line each.
    pub from_text: Vec<String>,
}

impl Input {
    /// `上海市普陀区财政局 2024年决算（数据包）`, for headings.
    pub fn describe(&self) -> String {
        let what = if self.checked.is_some() {
            "公开文件"
        } else {
            "数据包"
        };
        format!(
            "{} {}年{}（{what}）",
            self.package.unit.name,
            self.package.unit.year,
            self.package.kind.label()
        )
    }
}

/// Whether a path names a data package rather than a document.
fn is_package(path: &Path) -> bool {
    if path.is_dir() {
        return true;
    }
    juesuan_io::Format::from_path(path).is_some()
}

/// Reads one side: a package is loaded, a document checked (a document that is not a
/// 决算 or 预算 disclosure is refused).
pub fn read_input(path: &Path, catalog: &Catalog) -> Result<Input, String> {
    if is_package(path) {
        let loaded = juesuan_io::load(path, catalog).map_err(|e| e.to_string())?;
        return Ok(Input {
            path: path.to_path_buf(),
            package: loaded.package,
            checked: None,
            from_text: Vec::new(),
        });
    }
    let checked = crate::check_file(path, catalog).map_err(|e| e.to_string())?;
    if let Some(why) = checked.unrecognised() {
        return Err(format!("“{}”：{why}", path.display()));
    }
    Ok(from_checked(path, checked, catalog))
}

/// The side a checked document makes.
pub fn from_checked(path: &Path, checked: Checked, catalog: &Catalog) -> Input {
    let mut package = checked.package.clone();
    let mut from_text = Vec::new();
    match checked.recognition.kind {
        DocumentKind::Budget { .. } => {
            package.kind = DisclosureKind::Budget;
            prior_year_from_text(&checked.document, &mut package, &mut from_text);
        }
        _ => {
            package.kind = DisclosureKind::Final;
            initial_budgets_from_text(&checked, catalog, &mut package, &mut from_text);
        }
    }
    Input {
        path: path.to_path_buf(),
        package,
        checked: Some(checked),
        from_text,
    }
}

/// Compares two sides; a pair that cannot be compared is refused in one sentence naming
/// both files.
pub fn compare_inputs(a: &Input, b: &Input) -> Result<Compared, String> {
    compare::compare(&a.package, &b.package)
        .map_err(|e| format!("“{}”与“{}”：{e}", a.path.display(), b.path.display()))
}

fn amount(value: Decimal) -> Amount {
    Amount::from_wan(value)
}

fn number(text: &str) -> Option<Decimal> {
    text.replace([',', '，'], "").parse().ok()
}

fn paragraphs(doc: &Document) -> impl Iterator<Item = &str> {
    doc.blocks.iter().filter_map(|b| match b {
        Block::Para(p) => Some(p.text.as_str()),
        _ => None,
    })
}

re!(
    GENERAL_TOTAL,
    r"一般公共预算财政拨款支出(?:决算)?年初预算(?:数)?为? *([0-9][0-9,]*(?:\.[0-9]+)?) *万元"
);

/// A 决算's 年初预算 from its text, where the general-budget table holds none.
fn initial_budgets_from_text(
    checked: &Checked,
    catalog: &Catalog,
    pkg: &mut Package,
    notes: &mut Vec<String>,
) {
    let Some(gb) = pkg.tables.general_budget.as_mut() else {
        return;
    };
    if gb.total.initial_budget.is_none() {
        let stated: Vec<Decimal> = paragraphs(&checked.document)
            .filter_map(|t| GENERAL_TOTAL.captures(t))
            .filter_map(|c| c.get(1).and_then(|m| number(m.as_str())))
            .collect();
        // one figure, however often it is repeated; two different ones say nothing
        if let Some(first) = stated.first()
            && stated.iter().all(|v| v == first)
        {
            gb.total.initial_budget = Some(amount(*first));
            notes.push(format!(
                "一般公共预算财政拨款支出年初预算 {first} 万元（说明）"
            ));
        }
    }
    let cx = crate::doc::DocCtx::new(
        &checked.document,
        catalog,
        &checked.recognition,
        &checked.package,
        &[],
    );
    let lines = crate::doc::stated_initial_budgets(&cx);
    let mut read = 0usize;
    for row in &mut gb.rows {
        if row.initial_budget.is_some() {
            continue;
        }
        let found: Vec<Decimal> = lines
            .iter()
            .filter(|(c, _, _)| *c == row.code)
            .map(|(_, v, _)| *v)
            .collect();
        if let Some(first) = found.first()
            && found.iter().all(|v| v == first)
        {
            row.initial_budget = Some(amount(*first));
            read += 1;
        }
    }
    if read > 0 {
        notes.push(format!(
            "{read} 个科目的年初预算（说明中各科目的“年初预算为…万元”）"
        ));
    }
}

re!(
    PRIOR,
    r"(一般公共预算拨款支出预算|政府性基金拨款支出预算|国有资本经营预算拨款支出预算|“三公”经费预算数为|因公出国（境）费|公务用车购置费|公务车?用车运行(?:维护)?费|公务接待费) *([0-9][0-9,]*(?:\.[0-9]+)?) *万元[，,]? *(?:比|与|较) *([0-9]{4}) *年(?:年初)?预算(?:数)? *(?:(增加|减少) *([0-9][0-9,]*(?:\.[0-9]+)?) *万元|(持平|一致))"
);

/// A budget's 上年预算 figures from its text (“X万元，比2024年预算增加Δ万元”), for the fields
/// the package does not hold.
fn prior_year_from_text(doc: &Document, pkg: &mut Package, notes: &mut Vec<String>) {
    let last = pkg.unit.year.checked_sub(1);
    let mut found: Vec<(&'static str, Decimal)> = Vec::new();
    for text in paragraphs(doc) {
        for c in PRIOR.captures_iter(text) {
            let (Some(label), Some(x), Some(year)) = (c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            if year.as_str().parse::<u16>().ok() != last {
                continue;
            }
            let Some(x) = number(x.as_str()) else {
                continue;
            };
            let prior = match (c.get(4).map(|m| m.as_str()), c.get(5)) {
                (Some("增加"), Some(d)) => number(d.as_str()).map(|d| x - d),
                (Some("减少"), Some(d)) => number(d.as_str()).map(|d| x + d),
                _ if c.get(6).is_some() => Some(x),
                _ => None,
            };
            let Some(prior) = prior else { continue };
            let field = match label.as_str() {
                "一般公共预算拨款支出预算" => "general_budget_expenditure",
                "政府性基金拨款支出预算" => "gov_fund_expenditure",
                "国有资本经营预算拨款支出预算" => "state_capital_expenditure",
                "“三公”经费预算数为" => "three_public_total",
                "因公出国（境）费" => "three_public_overseas",
                "公务用车购置费" => "three_public_vehicle_purchase",
                "公务接待费" => "three_public_reception",
                _ => "three_public_vehicle_running",
            };
            found.push((field, prior));
        }
    }
    let py = &mut pkg.prior_year;
    let mut read = Vec::new();
    for (field, label) in [
        ("general_budget_expenditure", "一般公共预算财政拨款支出"),
        ("gov_fund_expenditure", "政府性基金预算财政拨款支出"),
        ("state_capital_expenditure", "国有资本经营预算财政拨款支出"),
        ("three_public_total", "“三公”经费"),
        ("three_public_overseas", "因公出国（境）费"),
        ("three_public_vehicle_purchase", "公务用车购置费"),
        ("three_public_vehicle_running", "公务用车运行费"),
        ("three_public_reception", "公务接待费"),
    ] {
        let values: Vec<Decimal> = found
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, v)| *v)
            .collect();
        // one value, however often stated; different ones say nothing
        let Some(first) = values.first().copied() else {
            continue;
        };
        if values.iter().any(|v| *v != first) {
            continue;
        }
        let slot = match field {
            "general_budget_expenditure" => &mut py.general_budget_expenditure,
            "gov_fund_expenditure" => &mut py.gov_fund_expenditure,
            "state_capital_expenditure" => &mut py.state_capital_expenditure,
            "three_public_total" => &mut py.three_public_total,
            "three_public_overseas" => &mut py.three_public_overseas,
            "three_public_vehicle_purchase" => &mut py.three_public_vehicle_purchase,
            "three_public_vehicle_running" => &mut py.three_public_vehicle_running,
            _ => &mut py.three_public_reception,
        };
        if slot.is_none() {
            *slot = Some(amount(first));
            read.push(format!("{label} {first}"));
        }
    }
    if !read.is_empty() {
        notes.push(format!(
            "上年预算（说明中“比{}年预算…”推得，万元）：{}",
            last.unwrap_or_default(),
            read.join("、")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        juesuan_io::document::parse_document(
            text.as_bytes(),
            juesuan_io::document::DocKind::Text,
            "t.txt",
        )
        .unwrap()
    }

    #[test]
    fn prior_year_figures_are_read_from_the_budget_text() {
        let d = doc(
            "上海市普陀区财政局2025年部门预算\n\n支出预算3,121.42万元，其中：一般公共预算拨款支出预算3,121.42万元，比2024年预算增加107.62万元；政府性基金拨款支出预算0万元，与2024年预算持平。\n\n（三）公务接待费0.95万元，比2024年预算减少0.05万元。\n\n因公出国（境）费2万元，比2023年预算增加1万元。\n",
        );
        let mut p = Package::new("上海市普陀区财政局", 2025, "shanghai");
        let mut notes = Vec::new();
        prior_year_from_text(&d, &mut p, &mut notes);
        let py = &p.prior_year;
        assert_eq!(
            py.general_budget_expenditure.map(|a| a.value()),
            Some("3013.80".parse().unwrap())
        );
        assert_eq!(
            py.gov_fund_expenditure.map(|a| a.value()),
            Some(Decimal::ZERO)
        );
        assert_eq!(
            py.three_public_reception.map(|a| a.value()),
            Some("1.00".parse().unwrap())
        );
        // a comparison with another year is not 上年预算
        assert_eq!(py.three_public_overseas, None);
        assert_eq!(notes.len(), 1, "{notes:?}");
    }
}
