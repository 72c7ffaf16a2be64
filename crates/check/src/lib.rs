//! Checking published disclosures (PDF, DOCX, text exports): the document is read into the
//! located model of `juesuan_io::document`, recognised (profile, year, unit, sections, the
//! public tables and the performance self-evaluation tables, filled into a package with
//! where each came from), its sentences turned into facts, and every check run — the
//! package rules of the audit on the recovered tables and the document rules (`D-…`) on the
//! text. Findings are the audit's [`Finding`]s, located by page/line and quoted.

pub mod doc_rules;
pub mod html;
mod numbers;
mod projects;
mod recognize;
mod text_checks;

use std::path::Path;

use juesuan_io::IoError;
use juesuan_io::document::{At, Document, read_document};
use juesuan_model::tables::TableKind;
use juesuan_model::{Catalog, Package};
use juesuan_rules::{Finding, Location, Report};
use serde::Serialize;

pub use doc_rules::{DOC_RULES, DocRule, doc_rule};
pub use recognize::Region;

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
    /// Regional profile (`shanghai`, `beijing`), when recognised.
    pub profile: Option<Region>,
    /// The year reported on.
    pub year: Option<u16>,
    /// The unit's name.
    pub unit: Option<String>,
    /// Headings found, in order.
    pub headings: Vec<(String, At)>,
    /// The public tables found, with where each starts.
    pub tables: Vec<(TableKind, At)>,
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
}

/// Package rules that make sense on tables recovered from a document: the identities of
/// the tables (`T…`, `X…`), codes (`C…`), plausibility (`P…`) and the performance tables
/// (`PF…`). The explanation rules (`E…`) need the package's human inputs, which a published
/// document states as text; the document rules check that text instead.
fn applies_to_documents(code: &str) -> bool {
    !code.starts_with("E-")
}

/// Reads and checks a file.
pub fn check_file(path: &Path, catalog: &Catalog) -> Result<Checked, IoError> {
    let doc = read_document(path)?;
    Ok(check_document(doc, catalog))
}

/// Checks a document already read.
pub fn check_document(document: Document, catalog: &Catalog) -> Checked {
    let mut rec = recognize::recognize(&document, catalog);
    let mut findings: Vec<Finding> = Vec::new();
    for note in &document.notes {
        findings.push(doc_rules::finding(
            "D-003",
            Location::area("整个文件"),
            note.clone(),
        ));
    }
    findings.append(&mut rec.findings);
    let package = std::mem::take(&mut rec.package);
    let audited = juesuan_rules::audit(&package, catalog);
    for mut f in audited.findings {
        if !applies_to_documents(&f.code) {
            continue;
        }
        if let Some(at) = rec.locate(&f.location.area) {
            f.location.area = format!("{at} · {}", f.location.area);
        }
        findings.push(f);
    }
    let facts = text_checks::Facts::of(&document);
    text_checks::run(
        &document,
        catalog,
        &facts,
        &rec.recognition,
        &package,
        &mut findings,
    );
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Checked {
        document,
        recognition: rec.recognition,
        package,
        report: Report {
            findings,
            skipped: Vec::new(),
        },
    }
}
