//! The department summary of its project self-evaluations: what the Shanghai template's
//! section 十 and the Beijing Part 4 state — projects evaluated, budget covered, mean score
//! (plain and budget-weighted), projects per grade — and the rows that need a reason.

use juesuan_model::text::compact;
use juesuan_model::{Package, Profile, ProjectEvaluation};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::score::{ProjectScore, fmt, score_project_within};

/// A row scored below its weight whose 偏差原因 is empty.
#[derive(Debug, Clone, Serialize)]
pub struct NeedsReason {
    pub seq: String,
    pub project: String,
    pub row: String,
    pub weight: Decimal,
    pub score: Decimal,
}

/// Every project evaluated, with the department's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub projects: Vec<ProjectScore>,
    pub summary: Summary,
}

/// The department's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Project tables read.
    pub tables: usize,
    /// Distinct projects (a table repeated under the same name counts once).
    pub projects: usize,
    /// Pairs of tables that are the same project: (seq, seq of the earlier one).
    pub repeated: Vec<(String, String)>,
    /// Σ 全年预算数 of the distinct projects, 万元.
    pub budget: Decimal,
    /// Mean of the stated 总分 (projects that state one).
    pub mean_stated: Option<Decimal>,
    /// Mean of the recomputed totals (midpoint of a range), plain and weighted by budget.
    pub mean_recomputed: Option<Decimal>,
    pub mean_recomputed_weighted: Option<Decimal>,
    /// Projects per grade of the stated 总分, in the profile's order (label, count).
    pub stated_grades: Vec<(String, usize)>,
    /// Projects per grade of the recomputed total (a range spanning two grades counts under
    /// its midpoint).
    pub grades: Vec<(String, usize)>,
    /// Projects whose stated total differs from the recomputed one.
    pub differing: usize,
    /// Rows scored below their weight without a reason.
    pub needs_reason: Vec<NeedsReason>,
}

fn mid(p: &ProjectScore) -> Decimal {
    (p.total.0 + p.total.1) / Decimal::TWO
}

fn mean(values: &[Decimal]) -> Option<Decimal> {
    (!values.is_empty())
        .then(|| values.iter().copied().sum::<Decimal>() / Decimal::from(values.len() as u64))
}

/// The same project twice: same name and same funds.
fn same_project(a: &ProjectEvaluation, b: &ProjectEvaluation) -> bool {
    compact(&a.name) == compact(&b.name) && a.funds == b.funds
}

/// Evaluates every project of a package with the given profile.
pub fn evaluate(projects: &[ProjectEvaluation], profile: &Profile) -> Evaluation {
    evaluate_within(projects, profile, None)
}

/// Evaluates the projects of a unit whose expenditure for the year is `unit_total` 万元
/// (see [`crate::funds::scale`]).
pub fn evaluate_within(
    projects: &[ProjectEvaluation],
    profile: &Profile,
    unit_total: Option<Decimal>,
) -> Evaluation {
    let scored: Vec<ProjectScore> = projects
        .iter()
        .map(|p| score_project_within(p, profile, unit_total))
        .collect();
    let mut repeated = Vec::new();
    let mut distinct: Vec<usize> = Vec::new();
    for (i, p) in projects.iter().enumerate() {
        match distinct.iter().find(|&&j| same_project(&projects[j], p)) {
            Some(&j) => repeated.push((scored[i].seq.clone(), scored[j].seq.clone())),
            None => distinct.push(i),
        }
    }
    let budget: Decimal = distinct.iter().filter_map(|&i| scored[i].budget).sum();
    let stated: Vec<Decimal> = distinct
        .iter()
        .filter_map(|&i| scored[i].stated_total_value)
        .collect();
    let recomputed: Vec<Decimal> = distinct.iter().map(|&i| mid(&scored[i])).collect();
    let weighted = {
        let (mut num, mut den) = (Decimal::ZERO, Decimal::ZERO);
        for &i in &distinct {
            if let Some(b) = scored[i].budget.filter(|b| *b > Decimal::ZERO) {
                num += mid(&scored[i]) * b;
                den += b;
            }
        }
        (!den.is_zero()).then(|| num / den)
    };
    let count_grades = |values: &mut dyn Iterator<Item = Decimal>| {
        let mut counts: Vec<(String, usize)> = profile
            .grades
            .iter()
            .map(|g| (g.label.clone(), 0))
            .collect();
        for v in values {
            if let Some(g) = profile.grade(v)
                && let Some(c) = counts.iter_mut().find(|c| c.0 == g.label)
            {
                c.1 += 1;
            }
        }
        counts
    };
    let stated_grades = count_grades(&mut stated.iter().copied());
    let grades = count_grades(&mut recomputed.iter().copied());
    let mut needs_reason = Vec::new();
    for &i in &distinct {
        let p = &projects[i];
        for r in &scored[i].rows {
            let Some(k) = r.index else { continue };
            let (Some(w), Some(s)) = (r.weight, r.stated) else {
                continue;
            };
            let reason = p.indicators[k].deviation.as_deref().unwrap_or("").trim();
            if s < w && (reason.is_empty() || reason == "无" || reason == "/") {
                needs_reason.push(NeedsReason {
                    seq: scored[i].seq.clone(),
                    project: p.name.clone(),
                    row: r.label.clone(),
                    weight: w,
                    score: s,
                });
            }
        }
    }
    let differing = distinct
        .iter()
        .filter(|&&i| scored[i].total_differs)
        .count();
    let summary = Summary {
        tables: projects.len(),
        projects: distinct.len(),
        repeated,
        budget,
        mean_stated: mean(&stated),
        mean_recomputed: mean(&recomputed),
        mean_recomputed_weighted: weighted,
        stated_grades,
        grades,
        differing,
        needs_reason,
    };
    Evaluation {
        projects: scored,
        summary,
    }
}

/// The profile a package names, or Shanghai's (the national template) when it names none.
pub fn profile_of(pkg: &Package) -> &'static Profile {
    Profile::builtin(&pkg.unit.profile)
        .or_else(|| Profile::builtin("shanghai"))
        .expect("the built-in profiles are embedded at build time")
}

/// Evaluates a package's projects with its own profile and its own expenditure total.
pub fn evaluate_package(pkg: &Package) -> Evaluation {
    evaluate_within(&pkg.performance.projects, profile_of(pkg), unit_total(pkg))
}

/// The unit's expenditure for the year in 万元: 本年支出合计 of the summary table, else the
/// total of the general-budget table.
pub fn unit_total(pkg: &Package) -> Option<Decimal> {
    let t = &pkg.tables;
    t.summary
        .as_ref()
        .and_then(|s| s.expenditure_totals.total)
        .or_else(|| t.general_budget.as_ref().and_then(|g| g.total.total))
        .map(|a| a.value())
}

impl Summary {
    /// The summary as the lines a report prints.
    pub fn lines(&self) -> Vec<String> {
        let mut l = vec![format!(
            "项目支出绩效自评表 {} 张，{} 个项目{}，涉及全年预算 {} 万元",
            self.tables,
            self.projects,
            if self.repeated.is_empty() {
                String::new()
            } else {
                format!(
                    "（{}）",
                    self.repeated
                        .iter()
                        .map(|(a, b)| format!("第 {a} 张与第 {b} 张是同一项目"))
                        .collect::<Vec<_>>()
                        .join("；")
                )
            },
            fmt(self.budget)
        )];
        if let Some(m) = self.mean_stated {
            l.push(format!("表中所写总分的平均分 {}", fmt(m)));
        }
        if let (Some(m), Some(w)) = (self.mean_recomputed, self.mean_recomputed_weighted) {
            l.push(format!(
                "重算总分的平均分 {}，按全年预算加权 {}",
                fmt(m),
                fmt(w)
            ));
        }
        let grades = |g: &[(String, usize)]| {
            g.iter()
                .map(|(k, n)| format!("{k} {n} 个"))
                .collect::<Vec<_>>()
                .join("，")
        };
        l.push(format!("按所写总分：{}", grades(&self.stated_grades)));
        l.push(format!("按重算总分：{}", grades(&self.grades)));
        l.push(format!(
            "总分与重算不符或没有总分的项目 {} 个；得分低于分值却没写偏差原因的指标 {} 行",
            self.differing,
            self.needs_reason.len()
        ));
        l
    }
}
