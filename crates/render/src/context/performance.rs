//! 绩效: the department evaluation, 预算绩效管理, and the department summary of the project
//! self-evaluations.

use std::collections::BTreeMap;

use juesuan_model::{Package, PerformanceManagement, Profile};
use serde::Serialize;

use super::{Fig, count, stated_texts};

/// Counts of the department summary of performance (Shanghai 十, the seed's Part 4).
#[derive(Debug, Clone, Serialize)]
pub struct PerformanceSummary {
    /// Number of projects evaluated.
    pub projects: u32,
    /// Budget covered (万元).
    pub budget: Fig,
    /// Mean stated total score.
    pub average: Option<String>,
    /// Projects per grade, in the profile's order.
    pub grades: Vec<(String, u32)>,
    /// Where the figures come from: `自评表` (computed) or `填报` (management figures).
    pub source: &'static str,
    /// Budgets that were evidently in 元 and were counted in 万元.
    pub converted: u32,
}

/// The performance part of the context.
pub(super) struct Performance {
    /// 部门整体绩效评价 score.
    pub department_score: Option<String>,
    /// 部门整体绩效评价 grade.
    pub department_grade: Option<String>,
    /// 部门整体绩效评价 text sections.
    pub department_sections: Vec<(String, String)>,
    /// 预算绩效管理 figures and texts.
    pub management: BTreeMap<&'static str, String>,
    /// The department summary.
    pub summary: Option<PerformanceSummary>,
    /// Number of project self-evaluation tables.
    pub project_count: usize,
}

/// The department evaluation, management and summary of a package.
pub(super) fn build(pkg: &Package, profile: &Profile) -> Performance {
    let perf = &pkg.performance;
    let dept = perf.department.as_ref();
    Performance {
        department_score: dept
            .and_then(|d| d.score.as_ref())
            .map(|s| s.text().to_string()),
        department_grade: dept.and_then(|d| d.grade.clone()),
        department_sections: dept
            .map(|d| {
                d.sections
                    .iter()
                    .map(|s| (s.title.clone(), s.body.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        management: perf.management.as_ref().map(management).unwrap_or_default(),
        summary: performance_summary(pkg, profile),
        project_count: perf.projects.len(),
    }
}

/// 预算绩效管理: the stated systems, problems and the projects with targets or tracking.
fn management(m: &PerformanceManagement) -> BTreeMap<&'static str, String> {
    stated_texts([
        ("systems", m.systems.clone()),
        ("mechanism", m.mechanism.clone()),
        ("problems_found", count(m.problems_found)),
        ("problems_fixed", count(m.problems_fixed)),
        ("problems_fixing", count(m.problems_fixing)),
        ("target_projects", count(m.target_projects)),
        ("target_budget", m.target_budget.map(|b| b.text_form())),
        ("tracked_projects", count(m.tracked_projects)),
        ("tracked_budget", m.tracked_budget.map(|b| b.text_form())),
    ])
}

/// The department summary: from the project tables when there are any (count, budget
/// covered, mean stated score, projects per grade, as `juesuan_performance` computes them),
/// else the figures the unit filled in.
pub fn performance_summary(pkg: &Package, profile: &Profile) -> Option<PerformanceSummary> {
    let perf = &pkg.performance;
    let grades_of = |counts: &dyn Fn(usize) -> u32| -> Vec<(String, u32)> {
        profile
            .grades
            .iter()
            .enumerate()
            .map(|(i, g)| (g.label.clone(), counts(i)))
            .collect()
    };
    if !perf.projects.is_empty() {
        // The same evaluation `juesuan perf` and the workbench show: distinct projects, budgets
        // in 万元 (those evidently entered in 元 converted), the mean stated 总分, grades.
        let eval = juesuan_performance::evaluate(&perf.projects, profile);
        let s = &eval.summary;
        let converted = eval
            .projects
            .iter()
            .filter(|p| p.differences.iter().any(|d| d.contains("疑似按元填写")))
            .count() as u32;
        return Some(PerformanceSummary {
            projects: s.projects as u32,
            budget: Fig::new("绩效自评项目预算金额", Some(s.budget)),
            average: s.mean_stated.map(|m| crate::format::percent(m, true)),
            grades: s
                .stated_grades
                .iter()
                .map(|(k, n)| (k.clone(), *n as u32))
                .collect(),
            source: "自评表",
            converted,
        });
    }
    let m = perf.management.as_ref()?;
    let stated = [m.grade_excellent, m.grade_good, m.grade_pass, m.grade_fail];
    Some(PerformanceSummary {
        projects: m.evaluated_projects?,
        budget: Fig::stated("绩效自评项目预算金额", m.evaluated_budget),
        average: m.average_score.map(|d| crate::format::percent(d, true)),
        grades: grades_of(&|i| stated.get(i).copied().flatten().unwrap_or(0)),
        source: "填报",
        converted: 0,
    })
}
