//! The evaluation as the terminal shows it (`juesuan perf`) and as CSV for Excel.

use std::fmt::Write;

use juesuan_diagnostics::render::csv::safe;
use juesuan_diagnostics::{Finding, Report, Subject};
use juesuan_model::Package;

use crate::score::fmt;
use crate::summary::{Evaluation, profile_of};

/// One line per project (stated and recomputed totals and grades, number of differences),
/// then, per project with differences or findings of the performance rules (every project
/// with `explain`), the differences, the findings about the project and with `explain` each
/// row's computation; then the department summary and the rows that need a reason.
pub fn text(pkg: &Package, eval: &Evaluation, findings: &Report, explain: bool) -> String {
    let mut s = String::new();
    let profile = profile_of(pkg);
    let _ = writeln!(
        s,
        "绩效自评重算：{} {}年度（{}）\n",
        pkg.unit.name, pkg.unit.year, profile.name
    );
    let _ = writeln!(
        s,
        "序号 | 项目 | 所写总分 | 重算总分 | 等级（所写/重算） | 差异"
    );
    for p in &eval.projects {
        let _ = writeln!(
            s,
            "{} | {} | {} | {} | {}/{} | {}",
            p.seq,
            p.name,
            p.stated_total.as_deref().unwrap_or("—"),
            p.total_label(),
            p.stated_grade.as_deref().unwrap_or("—"),
            p.grade.as_deref().unwrap_or("—"),
            p.differences.len()
        );
    }
    for p in &eval.projects {
        let notes: Vec<(&Finding, String)> = findings
            .findings
            .iter()
            .filter_map(|f| match &f.location.subject {
                Subject::Project {
                    project,
                    row,
                    column,
                } if project.seq == p.seq => {
                    let place: Vec<String> = row
                        .iter()
                        .map(ToString::to_string)
                        .chain(column.iter().cloned())
                        .collect();
                    Some((f, place.join(" · ")))
                }
                _ => None,
            })
            .collect();
        if p.differences.is_empty() && notes.is_empty() && !explain {
            continue;
        }
        let _ = writeln!(
            s,
            "\n项目 {} {}：所写总分 {}，重算 {}{}",
            p.seq,
            p.name,
            p.stated_total.as_deref().unwrap_or("（没有）"),
            p.total_label(),
            p.rescale.map_or(String::new(), |k| format!(
                "（不适用的指标分值 {} 不计，按 ×{} 折算）",
                fmt(p.weight_excluded),
                fmt(k)
            ))
        );
        for d in &p.differences {
            let _ = writeln!(s, "  - {d}");
        }
        for (f, place) in notes {
            let place = if place.is_empty() {
                String::new()
            } else {
                format!("（{place}）")
            };
            let _ = writeln!(
                s,
                "  · {}[{}]：{}{place}",
                f.severity.label(),
                f.code,
                f.message
            );
        }
        if explain {
            for r in &p.rows {
                let _ = writeln!(
                    s,
                    "    {} | 目标 {} | 实际 {} | 分值 {} | 所写 {} | 重算 {} | {}",
                    r.label,
                    r.target.as_ref().map_or("—".into(), |t| t.describe()),
                    r.actual.as_ref().map_or("—".into(), |a| a.describe()),
                    r.weight.map_or("—".into(), fmt),
                    r.stated.map_or("—".into(), fmt),
                    r.computed.label(),
                    r.explain
                );
            }
        }
    }
    let _ = writeln!(s, "\n部门汇总");
    for l in eval.summary.lines() {
        let _ = writeln!(s, "  {l}");
    }
    if !eval.summary.needs_reason.is_empty() {
        let _ = writeln!(s, "  得分低于分值、需要写明偏差原因的指标：");
        for n in &eval.summary.needs_reason {
            let _ = writeln!(
                s,
                "    项目 {} {} {}：分值 {}，得分 {}",
                n.seq,
                n.project,
                n.row,
                fmt(n.weight),
                fmt(n.score)
            );
        }
    }
    s
}

/// The columns of [`csv`].
const HEADER: [&str; 7] = [
    "序号",
    "项目",
    "所写总分",
    "重算总分",
    "所写等级",
    "重算等级",
    "差异",
];

/// One line per project (UTF-8 with a byte-order mark, so that Excel reads the Chinese):
/// stated and recomputed totals and grades and the differences. Every cell is
/// formula-safe; data cells are always quoted, the header only where it needs it.
pub fn csv(eval: &Evaluation) -> String {
    // writing into memory cannot fail
    let mut header = csv::Writer::from_writer(Vec::new());
    let _ = header.write_record(HEADER);
    let mut rows = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(header.into_inner().unwrap_or_default());
    for p in &eval.projects {
        let row = [
            p.seq.as_str(),
            p.name.as_str(),
            p.stated_total.as_deref().unwrap_or(""),
            &p.total_label(),
            p.stated_grade.as_deref().unwrap_or(""),
            p.grade.as_deref().unwrap_or(""),
            &p.differences.join("；"),
        ];
        let _ = rows.write_record(row.map(safe));
    }
    let bytes = rows.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}
