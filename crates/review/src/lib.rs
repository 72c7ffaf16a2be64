//! Reviewing many units at once. One [`Reviewed`] per input — a package (xlsx/toml/json)
//! audited, or a published document (pdf/docx/html/txt) checked — reduced to plain, storable
//! data ([`Row`], [`Item`]), and the bureau [`Overview`] built from the rows, written as
//! HTML and CSV. `juesuan review DIR` and the workbench use the same functions, so the
//! overview a reviewer downloads from the browser is the one the terminal writes.

pub mod html;
mod overview;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use juesuan_check::Checked;
use juesuan_diagnostics::{Finding, Report, Severity, Subject};
use juesuan_io::IoError;
use juesuan_io::document::DocKind;
use juesuan_model::{Catalog, Package};
use serde::{Deserialize, Serialize};

pub use overview::{Overview, RuleCount, csv_safe, overview_csv};

/// What an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A data package (xlsx, toml, json, or a folder holding `package.toml`): audited.
    Package,
    /// A published disclosure (pdf, docx, html, txt): checked.
    Document,
}

impl Kind {
    /// The kind a path names, or `None` for a file juesuan does not read.
    pub fn of(path: &Path) -> Option<Kind> {
        if path.is_dir() {
            return path.join("package.toml").is_file().then_some(Kind::Package);
        }
        if juesuan_io::Format::from_path(path).is_some() {
            Some(Kind::Package)
        } else if DocKind::from_path(path).is_some() {
            Some(Kind::Document)
        } else {
            None
        }
    }

    /// Name for pages and reports.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Package => "数据包",
            Kind::Document => "公开文件",
        }
    }
}

/// One input reviewed.
#[derive(Debug, Clone)]
pub struct Reviewed {
    /// The file as the user named it.
    pub file: String,
    pub kind: Kind,
    /// The package: loaded, or filled from the document's tables.
    pub package: Package,
    /// For a document: the document read and what was recognised.
    pub checked: Option<Checked>,
    /// Every finding.
    pub report: Report,
    /// The performance self-evaluation recomputed, when there are project tables.
    pub performance: Option<juesuan_performance::Evaluation>,
}

/// Errors, warnings and infos.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    /// The counts of a report.
    pub fn of(report: &Report) -> Counts {
        Counts {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        }
    }
}

/// A finding as stored and compared: the typed finding as it is (it serialises to JSON and
/// back, location and values included), with its link in a generated disclosure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// For a package's finding in a public table: the id of that table in the generated
    /// disclosure (`table-income`), so that a page can link to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

impl Item {
    /// A finding with no link.
    pub fn of(f: &Finding) -> Item {
        Item {
            finding: f.clone(),
            anchor: None,
        }
    }

    /// What identifies the same problem in two versions of a unit's file: the rule, the
    /// place without page, line or cell (they move when text is added), and the message.
    pub fn key(&self) -> (String, String, String) {
        self.finding.key()
    }

    /// The table, project or part it is in, for grouping.
    pub fn area(&self) -> String {
        self.finding.location.area()
    }

    /// How serious.
    pub fn severity(&self) -> Severity {
        self.finding.severity
    }
}

/// One input reduced to what the overview and the history need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The file as the user named it.
    pub file: String,
    pub kind: Kind,
    /// 单位名称, as the package or the document's title gives it.
    pub unit: Option<String>,
    pub year: Option<u16>,
    /// Profile id (`beijing`, `shanghai`).
    pub profile: Option<String>,
    pub counts: Counts,
    /// Findings per rule code, most frequent first.
    pub rules: Vec<(String, usize)>,
    /// Project self-evaluation tables read, distinct projects, mean stated and recomputed
    /// 总分 (as printed decimals).
    pub projects: Option<usize>,
    pub mean_stated: Option<String>,
    pub mean_recomputed: Option<String>,
    /// Why the file could not be read; the other fields are then empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
}

impl Row {
    /// The row of a file that could not be read.
    pub fn failed(file: impl Into<String>, kind: Kind, why: impl Into<String>) -> Row {
        Row {
            file: file.into(),
            kind,
            unit: None,
            year: None,
            profile: None,
            counts: Counts::default(),
            rules: Vec::new(),
            projects: None,
            mean_stated: None,
            mean_recomputed: None,
            // One line, for a table cell.
            failure: Some(
                why.into()
                    .lines()
                    .map(|l| l.trim().trim_start_matches("- ").trim())
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }
}

impl Reviewed {
    /// The unit's name: the package's, or the one recognised in the document's title.
    pub fn unit(&self) -> Option<String> {
        let from_doc = self
            .checked
            .as_ref()
            .and_then(|c| c.recognition.unit.clone());
        from_doc.or_else(|| {
            let n = self.package.unit.name.trim();
            (!n.is_empty() && !n.starts_with('（')).then(|| n.to_string())
        })
    }

    /// The year reported on.
    pub fn year(&self) -> Option<u16> {
        match &self.checked {
            Some(c) => c.recognition.year,
            None => (self.package.unit.year > 0).then_some(self.package.unit.year),
        }
    }

    /// The profile id.
    pub fn profile(&self) -> Option<String> {
        match &self.checked {
            Some(c) => c.recognition.profile.map(|p| p.id().to_string()),
            None => Some(self.package.unit.profile.clone()).filter(|p| !p.is_empty()),
        }
    }

    /// The document with its findings highlighted (HTML page), for a document.
    pub fn document_html(&self) -> Option<String> {
        self.checked
            .as_ref()
            .map(|c| juesuan_check::html::page(&c.document, &self.report, &c.about()))
    }

    /// The report page of this input: a document's text with its findings highlighted, or
    /// a package's findings grouped and its performance summary. `row` is the input's
    /// overview row (as shown: the caller may have renamed the file); `overview`, the
    /// address of the overview the page links back to.
    pub fn report_page(&self, row: &Row, overview: Option<&str>) -> String {
        let page = self.report_body(row);
        match overview {
            Some(href) => page.replacen(
                "<body>",
                &format!(
                    "<body><p class=\"muted\"><a href=\"{}\">← 返回审核概览</a></p>",
                    html::esc(href)
                ),
                1,
            ),
            None => page,
        }
    }

    fn report_body(&self, row: &Row) -> String {
        self.document_html().unwrap_or_else(|| {
            let perf = self
                .performance
                .as_ref()
                .map(|e| e.summary.lines())
                .unwrap_or_default();
            html::unit_page(row, &self.items(), &perf, &[])
        })
    }

    /// The findings flattened; a package's findings in a public table get that table's
    /// anchor in the generated disclosure.
    pub fn items(&self) -> Vec<Item> {
        let profile = match self.kind {
            Kind::Package => juesuan_model::Profile::builtin(&self.package.unit.profile),
            Kind::Document => None,
        };
        self.report
            .findings
            .iter()
            .map(|f| {
                let mut item = Item::of(f);
                if let (Some(p), Subject::Table { table, .. }) = (profile, &f.location.subject) {
                    item.anchor = table
                        .key
                        .as_deref()
                        .and_then(juesuan_model::TableKind::from_key_or_title)
                        .filter(|k| p.tables.contains(k))
                        .map(|k| format!("table-{}", k.key()));
                }
                item
            })
            .collect()
    }

    /// The overview row.
    pub fn row(&self) -> Row {
        let rules = self.report.per_rule();
        let perf = self.performance.as_ref().map(|e| &e.summary);
        Row {
            file: self.file.clone(),
            kind: self.kind,
            unit: self.unit(),
            year: self.year(),
            profile: self.profile(),
            counts: Counts::of(&self.report),
            rules,
            projects: perf.map(|s| s.projects),
            mean_stated: perf.and_then(|s| s.mean_stated).map(two),
            mean_recomputed: perf.and_then(|s| s.mean_recomputed).map(two),
            failure: None,
        }
    }
}

/// A decimal to two places, half up, as printed.
fn two(d: rust_decimal::Decimal) -> String {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .to_string()
}

/// Reviews one file or package folder: a package is loaded and audited, a document read
/// and checked; project self-evaluation tables are recomputed either way.
pub fn review_path(path: &Path, catalog: &Catalog) -> Result<Reviewed, IoError> {
    let kind = Kind::of(path).unwrap_or(Kind::Document);
    review_as(path, kind, path.display().to_string(), catalog)
}

/// Reviews a file stored under another name (an upload kept under a generated name):
/// `file` is the name shown, `kind` what it is.
pub fn review_as(
    path: &Path,
    kind: Kind,
    file: String,
    catalog: &Catalog,
) -> Result<Reviewed, IoError> {
    let (package, checked, report) = match kind {
        Kind::Package => {
            let loaded = juesuan_io::load(path, catalog)?;
            let mut report = juesuan_rules::audit(&loaded.package, catalog);
            loaded.sources.place(&mut report.findings);
            (loaded.package, None, report)
        }
        Kind::Document => {
            // a budget's tables published apart (`x.pdf` and `x-tables.pdf`) are checked
            // with its text, as one document
            let mut c = match tables_companion(path) {
                Some(tables) => {
                    let doc = juesuan_io::document::read_document(&tables)?;
                    if juesuan_check::holds_only_tables(&doc) {
                        let mut text = juesuan_io::document::read_document(path)?;
                        text.append(doc);
                        juesuan_check::check_document(text, catalog)
                    } else {
                        juesuan_check::check_file(path, catalog)?
                    }
                }
                None => juesuan_check::check_file(path, catalog)?,
            };
            // Not a disclosure: nothing was checked, so it is not shown as passed.
            if let Some(why) = c.unrecognised() {
                return Err(IoError::invalid(
                    std::path::Path::new(&file),
                    juesuan_io::Problem::file(why),
                ));
            }
            // Shown under the name the user gave it, not where it is stored.
            c.document.source = file.clone();
            let package = std::mem::take(&mut c.package);
            let report = std::mem::take(&mut c.report);
            (package, Some(c), report)
        }
    };
    let performance = (!package.performance.projects.is_empty())
        .then(|| juesuan_performance::evaluate_package(&package));
    Ok(Reviewed {
        file,
        kind,
        package,
        checked,
        report,
        performance,
    })
}

/// The file beside `path` named as its tables (`x-tables.pdf`, `x报表.pdf`, see
/// `juesuan_check::is_tables_companion`), when there is one.
pub fn tables_companion(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    let stem = path.file_stem()?.to_string_lossy().to_string();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    ["-tables", "_tables", "报表", "-报表", "_报表"]
        .iter()
        .map(|suffix| dir.join(format!("{stem}{suffix}{ext}")))
        .find(|q| q.is_file() && juesuan_check::is_tables_companion(path, q))
}

/// The file name of the `n`-th input's report (from 0): the input's name without
/// characters that mean something to a file system, numbered so that two inputs never share
/// a report (`003-单位.pdf.html`).
pub fn report_file_name(n: usize, path: &Path) -> String {
    let stem: String = path
        .file_name()
        .map_or("文件".into(), |s| s.to_string_lossy().into_owned())
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        })
        .take(60)
        .collect();
    format!("{:03}-{}.html", n + 1, stem.trim_start_matches('.'))
}

/// Most files a folder review takes; beyond it the rest are listed as skipped.
pub const MAX_FILES: usize = 5000;

/// The inputs in a folder, walked down to four levels: files juesuan reads and folders
/// holding `package.toml` (not entered). Hidden entries are skipped, and so are the web
/// pages juesuan writes about other files (`…检查报告.html` of `check`, the folder of a
/// `review` with its `index.html` and `overview.csv`): they are reports, not disclosures.
/// Sorted by path.
pub fn inputs_in(dir: &Path) -> Result<Vec<PathBuf>, IoError> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), IoError> {
        let entries = std::fs::read_dir(dir).map_err(|e| IoError::Read {
            path: dir.to_path_buf(),
            source: e,
        })?;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if out.len() > MAX_FILES {
                return Ok(());
            }
            let hidden = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.') || n.starts_with("~$"));
            let report = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.ends_with(".检查报告.html")
                    || p.is_dir()
                        && p.join("index.html").is_file()
                        && p.join("overview.csv").is_file()
            });
            if hidden || report {
                continue;
            }
            if p.is_dir() {
                if p.join("package.toml").is_file() {
                    out.push(p);
                } else if depth < 4 {
                    walk(&p, depth + 1, out)?;
                }
            } else if Kind::of(&p).is_some() {
                out.push(p);
            }
        }
        Ok(())
    }
    if !dir.is_dir() {
        return Err(IoError::NotFound(dir.to_path_buf()));
    }
    let mut out = Vec::new();
    walk(dir, 0, &mut out)?;
    // a budget's tables file is reviewed with its text (`review_as`), not on its own
    let companions: Vec<PathBuf> = out.iter().filter_map(|p| tables_companion(p)).collect();
    out.retain(|p| !companions.contains(p));
    Ok(out)
}

/// Reviews many inputs on `threads` threads (at least one). Each result goes through
/// `then` on the thread that made it (the caller's per-file work — a report page, a write —
/// runs in parallel too); `done` is called after each input with the number finished so
/// far and the path (for a progress bar). Results come back in the order of `paths`; a file
/// that cannot be read gives its error's message.
pub fn review_all<T, F>(
    paths: &[PathBuf],
    catalog: &Catalog,
    threads: usize,
    done: &(dyn Fn(usize, &Path) + Sync),
    then: &F,
) -> Vec<T>
where
    T: Send,
    F: Fn(usize, &Path, Result<Reviewed, String>) -> T + Sync,
{
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<T>>> = paths.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, paths.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    let out = then(i, path, review_caught(path, catalog));
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(out);
                    }
                    done(finished.fetch_add(1, Ordering::Relaxed) + 1, path);
                }
            });
        }
    });
    // Every slot is filled: a thread that panicked in `then` would have ended the scope
    // with that panic.
    slots
        .into_iter()
        .filter_map(|m| m.into_inner().ok().flatten())
        .collect()
}

/// [`review_path`] with an internal panic turned into a message, so that one bad file
/// does not stop a batch.
pub fn review_caught(path: &Path, catalog: &Catalog) -> Result<Reviewed, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| review_path(path, catalog))) {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(_) => Err(format!(
            "“{}”：内部错误，未能检查（请把这个文件报告给维护者）",
            path.display()
        )),
    }
}

/// What changed between two versions of a unit's file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Changes {
    /// Findings of the earlier version that are gone.
    pub fixed: Vec<Item>,
    /// Findings that are new.
    pub new: Vec<Item>,
    /// Findings in both.
    pub remaining: usize,
}

/// Compares the findings of two versions (by [`Item::key`], counting repeats).
pub fn changes(before: &[Item], after: &[Item]) -> Changes {
    let mut left: Vec<Option<&Item>> = before.iter().map(Some).collect();
    let mut out = Changes::default();
    for a in after {
        let k = a.key();
        match left.iter_mut().find(|b| b.is_some_and(|b| b.key() == k)) {
            Some(slot) => {
                *slot = None;
                out.remaining += 1;
            }
            None => out.new.push(a.clone()),
        }
    }
    out.fixed = left.into_iter().flatten().cloned().collect();
    out
}
