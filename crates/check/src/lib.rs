//! Checking published disclosures (PDF, DOCX, web pages, text exports): the document is read
//! into the located model of `juesuan_io::document`, recognised (profile, year, unit,
//! sections, the public tables and the performance self-evaluation tables, filled into a
//! package with where each came from), its sentences turned into facts, and every check run
//! — the package rules of the audit on the recovered tables and the document rules (`D-…`) on
//! the text. Findings are typed [`juesuan_diagnostics::Finding`]s located by page, line, block
//! and byte span, and quoted.

pub mod against;
mod budget;
pub mod carry;
pub mod compare;
pub mod doc;
pub mod extract;
pub mod html;
pub mod kind;
mod numbers;
mod projects;
mod recognize;
pub mod registry;

use std::path::Path;

use juesuan_diagnostics::{Finding, Location, Report, Source};
use juesuan_io::IoError;
use juesuan_io::document::{At, Document, read_document};
use juesuan_model::tables::TableKind;
use juesuan_model::{Catalog, Package};
use serde::Serialize;

pub use doc::{DOC_RULES, DocRule, doc_rule};
pub use kind::{DocumentKind, Scope};
pub use recognize::{Problem, Region};

/// Where a recovered value came from.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// What was recovered (`表1 收入支出决算总表`, `项目 3 …`).
    pub what: String,
    /// Where it starts in the document.
    pub at: At,
}

/// What a document was recognised as.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Recognition {
    /// What the document is.
    pub kind: DocumentKind,
    /// Regional profile (`shanghai`, `beijing`), when recognised.
    pub profile: Option<Region>,
    /// Else the layout family its words show (`中央部门决算格式（高等学校）`), read but not
    /// checked against a profile's required parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// The year reported on.
    pub year: Option<u16>,
    /// The unit's name.
    pub unit: Option<String>,
    /// Headings found, in order.
    pub headings: Vec<(String, At)>,
    /// The public tables found, with where each starts.
    pub tables: Vec<(TableKind, At)>,
    /// Tables with a title naming no table juesuan knows (`高等学校财政拨款支出决算表`),
    /// with where each starts: listed, not read.
    pub unread_tables: Vec<(String, At)>,
    /// Columns and lines of the tables read that have no home in the model (a budget's
    /// `会议费` column), one sentence each: not read, so not checked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// Everything filled into the package, with where it came from.
    pub provenance: Vec<Provenance>,
}

/// The result of checking one document.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    /// The document as read.
    #[serde(skip)]
    pub document: Document,
    /// What it was recognised as.
    pub recognition: Recognition,
    /// The package filled from its tables.
    #[serde(skip)]
    pub package: Package,
    /// The findings.
    pub report: Report,
    /// Every figure read from the document's public tables, with the page it was printed on.
    #[serde(skip)]
    pub figures: Vec<ReadFigure>,
}

/// A figure read from a document's public table and where it was printed.
#[derive(Debug, Clone)]
pub struct ReadFigure {
    /// The figure.
    pub figure: juesuan_model::tables::Figure,
    /// The page of its cell, else of its table's start.
    pub page: Option<u32>,
}

impl Checked {
    /// One line saying what the document was recognised as: `上海格式 · 上海市普陀区财政局 ·
    /// 2024年度 · 25页 · 识别报表9张`.
    pub fn describe(&self) -> String {
        let r = &self.recognition;
        let mut parts = vec![
            r.kind.label(),
            match (&r.profile, &r.family) {
                (Some(p), _) => format!("{}格式", p.label()),
                (None, Some(f)) => f.clone(),
                (None, None) => "地区格式未识别".to_string(),
            },
        ];
        if let Some(u) = &r.unit {
            parts.push(u.clone());
        }
        if let Some(y) = r.year {
            parts.push(format!("{y}年度"));
        }
        if self.document.pages > 0 {
            parts.push(format!("{}页", self.document.pages));
        }
        if r.kind.is_disclosure() {
            parts.push(format!("识别报表{}张", r.tables.len()));
            if !r.unread_tables.is_empty() {
                parts.push(format!("未识别的表{}张", r.unread_tables.len()));
            }
        }
        let projects = self.package.performance.projects.len();
        if projects > 0 {
            parts.push(format!("项目支出绩效自评表{projects}张"));
        }
        let targets = self.package.performance.targets.len();
        if targets > 0 {
            parts.push(format!("项目绩效目标表{targets}张"));
        }
        parts.join(" · ")
    }

    /// What the document was read as, and what was left unchecked, one line each: the
    /// header line, then `limited()` and `unread()` when they say something.
    pub fn about(&self) -> Vec<String> {
        std::iter::once(self.describe())
            .chain(self.limited())
            .chain(self.unread())
            .chain(
                (!self.recognition.notices.is_empty())
                    .then(|| format!("未读取：{}", self.recognition.notices.join("；"))),
            )
            .collect()
    }

    /// Why the check was limited, in one line, when it was: a budget is checked with the
    /// budget rules on the tables read and the text against them, never with the rules of
    /// final accounts; without a table read, only with the rules that hold for any document.
    pub fn limited(&self) -> Option<String> {
        match &self.recognition.kind {
            DocumentKind::Budget { .. } if self.recognition.tables.is_empty() => Some(
                "预算公开文件：没有读到预算报表，只做适用于任何公开文件的检查（文字中的算式、模板残留、重字重句、年份）"
                    .to_string(),
            ),
            DocumentKind::Budget { .. } => Some(format!(
                "预算公开文件：读取预算报表{}张，按预算审核规则和说明与报表的对照检查；决算报表的勾稽规则不适用",
                self.recognition.tables.len()
            )),
            _ => None,
        }
    }

    /// The tables printed with a title juesuan does not know, in one line: listed so that
    /// nobody takes their silence for a pass.
    pub fn unread(&self) -> Option<String> {
        let t = &self.recognition.unread_tables;
        (!t.is_empty()).then(|| {
            let list: Vec<String> = t
                .iter()
                .map(|(title, at)| match at.page {
                    Some(p) => format!("{title}（第{p}页）"),
                    None => title.clone(),
                })
                .collect();
            format!("未识别的表，未作检查：{}", list.join("、"))
        })
    }

    /// Why the file is not checked at all: it is not a budget or final-accounts disclosure.
    pub fn unrecognised(&self) -> Option<String> {
        (!self.recognition.kind.is_disclosure()).then(|| {
            let what = match &self.recognition.kind {
                DocumentKind::Other { name } => format!("（看起来是{name}）"),
                _ => String::new(),
            };
            format!("未识别出决算或预算公开内容{what}")
        })
    }
}

/// Package rules that make sense on tables recovered from a document: the identities of
/// the tables (`T…`, `X…`), codes (`C…`), plausibility (`P…`) and the performance tables
/// (`PF…`). The explanation rules (`E…`) need the package's human inputs, which a published
/// document states as text; the document rules check that text instead.
fn applies_to_documents(meta: &juesuan_diagnostics::Meta) -> bool {
    !meta.code.starts_with("E-")
}

/// Reads and checks a file.
pub fn check_file(path: &Path, catalog: &Catalog) -> Result<Checked, IoError> {
    let doc = read_document(path)?;
    Ok(check_document(doc, catalog))
}

/// Reads and checks a budget published as two files, its text and its tables (Jiangsu's
/// `…-2019.pdf` and `…-2019-tables.pdf`), as one document: the tables' pages follow the
/// text's (`Document::append`).
pub fn check_together(text: &Path, tables: &Path, catalog: &Catalog) -> Result<Checked, IoError> {
    let mut doc = read_document(text)?;
    doc.append(read_document(tables)?);
    Ok(check_document(doc, catalog))
}

/// Whether `tables` is named as the tables of `text`: the same name with `-tables`,
/// `_tables`, `报表` or `-报表` added before the extension
/// (`budget-2019.pdf` and `budget-2019-tables.pdf`).
pub fn is_tables_companion(text: &Path, tables: &Path) -> bool {
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().to_string());
    let (Some(a), Some(b)) = (stem(text), stem(tables)) else {
        return false;
    };
    ["-tables", "_tables", "报表", "-报表", "_报表"]
        .iter()
        .any(|suffix| b == format!("{a}{suffix}"))
        && text.parent() == tables.parent()
}

/// Whether a document holds only tables (with their titles and notes): the second file of
/// a pair, never checked alone as a whole disclosure.
pub fn holds_only_tables(doc: &Document) -> bool {
    let mut tables = 0;
    for b in &doc.blocks {
        match b {
            juesuan_io::document::Block::Table(_) => tables += 1,
            juesuan_io::document::Block::Para(p) => {
                if p.text.chars().count() > 120 {
                    return false;
                }
            }
        }
    }
    tables > 0
}

/// Checks a document already read.
pub fn check_document(document: Document, catalog: &Catalog) -> Checked {
    let mut rec = recognize::recognize(&document, catalog);
    let mut findings: Vec<Finding> =
        juesuan_rules::audit_published(&rec.package, catalog, applies_to_documents).findings;
    // A budget of a year the built-in catalog does not cover (2019), or of no known year (a
    // tables file alone), is not held to another year's names: its codes and names are not
    // checked, and it says so.
    let year = rec.package.unit.year;
    if rec.package.kind == juesuan_model::DisclosureKind::Budget
        && juesuan_model::catalog::nearest_builtin_year(year) != year
    {
        let before = findings.len();
        findings.retain(|f| !f.code.starts_with("C-"));
        if findings.len() < before {
            rec.recognition.notices.push(if year == 0 {
                "年度不明，未核对报表的科目编码和名称".to_string()
            } else {
                format!("没有{year}年的科目目录，未核对报表的科目编码和名称")
            });
        }
    }
    for f in &mut findings {
        f.location.source = rec.locate(&document, &f.location);
    }
    // the audit above follows the package's year by itself; the document rules too
    let catalog = &*catalog.for_package(&rec.package);
    // The rules made for final accounts read a budget as they always have, without tables;
    // the rules that apply to budgets read the budget's tables through `DocCtx::budget`.
    let budget = rec.package.kind == juesuan_model::DisclosureKind::Budget;
    let without_tables = budget.then(|| Package {
        format: rec.package.format.clone(),
        kind: rec.package.kind,
        unit: rec.package.unit.clone(),
        ..Package::default()
    });
    let mut cx = doc::DocCtx::new(
        &document,
        catalog,
        &rec.recognition,
        without_tables.as_ref().unwrap_or(&rec.package),
        &rec.problems,
    );
    if budget {
        cx.budget = Some(&rec.package);
    }
    for rule in DOC_RULES {
        (rule.check)(&cx, &mut rule.sink(&mut findings));
    }
    drop(cx);
    // Most severe first; within a severity, the whole document first, then in reading order.
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| position(a).cmp(&position(b)))
    });
    let figures = rec
        .package
        .tables
        .figures()
        .into_iter()
        .map(|figure| {
            let row = juesuan_diagnostics::RowRef {
                code: figure.code.map(|c| c.to_string()),
                name: figure.line.clone(),
            };
            let mut at = Location::table(Some(figure.table.key()), figure.table.title()).row(row);
            if let Some(c) = figure.column {
                at = at.column(c);
            }
            let page = match rec.locate(&document, &at) {
                Some(Source::Document(p)) => p.page,
                _ => None,
            };
            ReadFigure { figure, page }
        })
        .collect();
    Checked {
        document,
        recognition: rec.recognition,
        package: rec.package,
        report: Report::new(findings),
        figures,
    }
}

/// Where a finding is in the document, for ordering: none (the whole document) first.
fn position(f: &Finding) -> Option<(u32, u32, u32)> {
    match &f.location.source {
        Some(Source::Document(p)) => {
            Some((p.page.unwrap_or(0), p.line, p.span.map_or(0, |s| s.start)))
        }
        _ => None,
    }
}
