//! The bureau overview: every unit with its counts, and the rules that fire most.

use serde::Serialize;

use crate::{Counts, Row};

/// How often one rule fired across the units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub code: String,
    /// The rule's name (empty for a custom rule the registry does not know).
    pub name: String,
    /// Its findings across all units.
    pub findings: usize,
    /// Units with at least one.
    pub units: usize,
}

/// All units of a review.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub rows: Vec<Row>,
    /// Rules by number of findings, most first.
    pub rules: Vec<RuleCount>,
    /// Sums over the rows.
    pub totals: Counts,
    /// Files that could not be read.
    pub failed: usize,
}

/// The name of a package or document rule.
pub fn rule_name(code: &str) -> String {
    juesuan_check::registry::find(code)
        .map_or("", |m| m.name)
        .to_string()
}

impl Overview {
    /// Builds the overview of the rows, in their order.
    pub fn new(rows: Vec<Row>) -> Overview {
        let mut rules: Vec<RuleCount> = Vec::new();
        let mut totals = Counts::default();
        let mut failed = 0;
        for r in &rows {
            if r.failure.is_some() {
                failed += 1;
            }
            totals.errors += r.counts.errors;
            totals.warnings += r.counts.warnings;
            totals.infos += r.counts.infos;
            for (code, n) in &r.rules {
                match rules.iter_mut().find(|c| c.code == *code) {
                    Some(c) => {
                        c.findings += n;
                        c.units += 1;
                    }
                    None => rules.push(RuleCount {
                        code: code.clone(),
                        name: rule_name(code),
                        findings: *n,
                        units: 1,
                    }),
                }
            }
        }
        rules.sort_by(|a, b| {
            b.findings
                .cmp(&a.findings)
                .then(b.units.cmp(&a.units))
                .then_with(|| a.code.cmp(&b.code))
        });
        Overview {
            rows,
            rules,
            totals,
            failed,
        }
    }

    /// The rows grouped by unit, in the order each unit first appears: the files whose
    /// recognised unit name is the same (spaces aside) — a unit's published PDF and its
    /// package — form one group; a file whose unit was not recognised is a group of its own.
    pub fn units(&self) -> Vec<Vec<usize>> {
        let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            let key = r
                .unit
                .as_deref()
                .map(|u| u.chars().filter(|c| !c.is_whitespace()).collect::<String>())
                .filter(|k| !k.is_empty());
            match groups.iter_mut().find(|(k, _)| key.is_some() && *k == key) {
                Some((_, members)) => members.push(i),
                None => groups.push((key, vec![i])),
            }
        }
        groups.into_iter().map(|(_, m)| m).collect()
    }

    /// One line: units, errors, warnings, unreadable files.
    pub fn summary_line(&self) -> String {
        let mut s = format!(
            "共 {} 个文件：错误 {} 个，警告 {} 个，提示 {} 条",
            self.rows.len(),
            self.totals.errors,
            self.totals.warnings,
            self.totals.infos
        );
        let with_errors = self.rows.iter().filter(|r| r.counts.errors > 0).count();
        s.push_str(&format!("；{with_errors} 个文件有错误"));
        if self.failed > 0 {
            s.push_str(&format!(
                "；{} 个文件无法读取或未识别出公开内容",
                self.failed
            ));
        }
        s
    }
}

/// A CSV cell that a spreadsheet will not run as a formula: text starting with `=`, `+`,
/// `-`, `@`, tab or carriage return gets a leading `'` (plain numbers stay numbers).
pub fn csv_safe(s: &str) -> String {
    juesuan_diagnostics::render::csv::safe(s)
}

/// The overview as CSV (UTF-8 with BOM, so that Excel reads the Chinese), one line per
/// file; every cell is made formula-safe.
pub fn overview_csv(o: &Overview) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "文件",
        "类型",
        "单位",
        "年度",
        "地区格式",
        "错误",
        "警告",
        "提示",
        "最常见的问题",
        "绩效自评项目数",
        "自评平均分",
        "重算平均分",
        "无法读取的原因",
    ]);
    for r in &o.rows {
        let top = r
            .rules
            .iter()
            .take(3)
            .map(|(c, n)| format!("{c}×{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        let row = [
            r.file.clone(),
            r.kind.label().to_string(),
            r.unit.clone().unwrap_or_default(),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.profile.clone().unwrap_or_default(),
            r.counts.errors.to_string(),
            r.counts.warnings.to_string(),
            r.counts.infos.to_string(),
            top,
            r.projects.map(|p| p.to_string()).unwrap_or_default(),
            r.mean_stated.clone().unwrap_or_default(),
            r.mean_recomputed.clone().unwrap_or_default(),
            r.failure.clone().unwrap_or_default(),
        ];
        let _ = w.write_record(row.iter().map(|c| csv_safe(c)));
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}
