//! A readable overview of a package: the headline figures with their prior-year changes,
//! which tables are there, and the performance tables. Used by `juesuan show` and `demo`.

use serde::Serialize;

use crate::amount::{Amount, Change};
use crate::fields::Figure;
use crate::package::Package;
use crate::tables::Coverage;

/// One headline figure.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// What it is.
    pub label: String,
    /// The figure, when stated.
    pub value: Option<Amount>,
    /// Comparison with the prior year or the budget, when both are known.
    pub change: Option<Change>,
    /// What the comparison is against (`上年`, `年初预算`).
    pub against: Option<&'static str>,
}

/// Presence of one table.
#[derive(Debug, Clone, Serialize)]
pub struct TableState {
    /// Number in the profile.
    pub number: usize,
    /// Title as the profile prints it.
    pub title: String,
    /// `完整`, `部分` or `缺`.
    pub state: &'static str,
}

/// One project self-evaluation table.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectLine {
    /// Number before the title.
    pub seq: String,
    /// 项目名称
    pub name: String,
    /// 全年预算数 as printed.
    pub budget: Option<Figure>,
    /// 总分 得分 as printed.
    pub total_score: Option<Figure>,
    /// Number of indicator rows.
    pub indicators: usize,
}

/// The overview.
#[derive(Debug, Clone, Serialize)]
pub struct PackageSummary {
    /// 单位名称
    pub unit: String,
    /// Year.
    pub year: u16,
    /// Profile name.
    pub profile: String,
    /// `决算` or `预算`.
    pub kind: &'static str,
    /// Headline figures.
    pub lines: Vec<Line>,
    /// Function classes of 一般公共预算财政拨款支出 (in 决算, against 年初预算).
    pub classes: Vec<Line>,
    /// Tables of the profile.
    pub tables: Vec<TableState>,
    /// 部门整体绩效评价得分 and 等级.
    pub department_score: Option<String>,
    /// Project tables.
    pub projects: Vec<ProjectLine>,
}

fn line(label: &str, value: Option<Amount>, base: Option<Amount>, against: &'static str) -> Line {
    // the overview speaks 万元: a figure entered in 元 is shown (and serialised) by its value
    let (value, base) = (
        value.map(|a| Amount::from_wan(a.value())),
        base.map(|a| Amount::from_wan(a.value())),
    );
    let change = match (value, base) {
        (Some(v), Some(b)) => Some(Change::new(b, v)),
        _ => None,
    };
    Line {
        label: label.to_string(),
        value,
        against: change.is_some().then_some(against),
        change,
    }
}

impl PackageSummary {
    /// Builds the overview of a package.
    pub fn of(p: &Package) -> PackageSummary {
        if p.is_budget() {
            return PackageSummary::of_budget(p);
        }
        let t = &p.tables;
        let s = t.summary.as_ref();
        let income = s.map(|s| &s.income);
        let grand = income.and_then(|i| i.grand_total);
        let exp_total = s
            .and_then(|s| s.expenditure_totals.total)
            .or_else(|| t.expenditure.as_ref().and_then(|e| e.total.total));
        let basic = t.expenditure.as_ref().and_then(|e| e.total.basic);
        let project = t.expenditure.as_ref().and_then(|e| e.total.project);
        let approp = t
            .appropriation_summary
            .as_ref()
            .and_then(|a| a.income.grand_total);
        let gb_total = t.general_budget.as_ref().and_then(|g| g.total.total);
        let py = &p.prior_year;
        let mut lines = vec![
            line("收入支出总计", grand, py.grand_total, "上年"),
            line(
                "本年收入合计",
                income.and_then(|i| i.total),
                py.income_total,
                "上年",
            ),
            line("其中：财政拨款收入", sum_appropriation(p), None, ""),
            line("本年支出合计", exp_total, py.expenditure_total, "上年"),
            line("其中：基本支出", basic, None, ""),
            line("其中：项目支出", project, None, ""),
            line(
                "财政拨款收入支出总计",
                approp,
                py.appropriation_grand_total,
                "上年",
            ),
            line(
                "一般公共预算财政拨款支出",
                gb_total,
                py.general_budget_expenditure,
                "上年",
            ),
        ];
        if let Some(tp) = &t.three_public {
            // in a complete table a blank cell is zero
            let zero = (tp.coverage == Coverage::Complete).then_some(Amount::ZERO);
            lines.push(line(
                "“三公”经费决算数",
                tp.actual.total.or(zero),
                tp.budget.total.or(zero),
                "预算",
            ));
        }
        lines.push(line(
            "机关运行经费",
            p.agency_running_costs,
            py.agency_running_costs,
            "上年",
        ));
        if let Some(pr) = &t.procurement {
            lines.push(line("政府采购金额", pr.figures.total, None, ""));
            lines.push(line("其中：授予中小企业合同金额", pr.figures.sme, None, ""));
        }
        if let Some(ps) = &t.purchased_services {
            lines.push(line("政府购买服务", ps.total, None, ""));
        }
        lines.retain(|l| l.value.is_some());

        let classes = t
            .general_budget
            .as_ref()
            .map(|g| {
                g.rows
                    .iter()
                    .filter(|r| r.code.level() == crate::code::Level::Class)
                    .map(|r| {
                        line(
                            &format!("{} {}", r.code, r.name),
                            r.total,
                            r.initial_budget,
                            "年初预算",
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();

        PackageSummary::finish(p, lines, classes)
    }

    /// The tables, performance and names every overview ends with.
    fn finish(p: &Package, lines: Vec<Line>, classes: Vec<Line>) -> PackageSummary {
        let t = &p.tables;
        let profile = p.profile();
        let tables = profile
            .map(|pr| {
                pr.tables
                    .iter()
                    .enumerate()
                    .map(|(i, &k)| TableState {
                        number: i + 1,
                        title: pr.title(k).to_string(),
                        state: match t.coverage(k) {
                            Some(Coverage::Complete) => "完整",
                            Some(Coverage::Partial) => "部分",
                            None => "缺",
                        },
                    })
                    .collect()
            })
            .unwrap_or_default();

        let department_score = p.performance.department.as_ref().map(|d| {
            let score = d
                .score
                .as_ref()
                .map(|s| format!("{s}分"))
                .unwrap_or_default();
            match &d.grade {
                Some(g) => format!("{score}，{g}"),
                None => score,
            }
        });
        let projects = p
            .performance
            .projects
            .iter()
            .map(|pr| ProjectLine {
                seq: pr.seq.clone(),
                name: pr.name.clone(),
                budget: pr.funds.total.full_year_budget.clone(),
                total_score: pr.total_score.clone(),
                indicators: pr.indicators.len(),
            })
            .collect();
        PackageSummary {
            unit: p.unit.name.clone(),
            year: p.unit.year,
            profile: profile
                .map(|x| x.name.clone())
                .unwrap_or_else(|| p.unit.profile.clone()),
            kind: p.kind.label(),
            lines,
            classes,
            tables,
            department_score,
            projects,
        }
    }
}

impl PackageSummary {
    /// The overview of a budget: 收入预算, 支出预算 and the 财政拨款 figures against 上年预算,
    /// the “三公” and 机关运行经费 budgets, 政府采购预算. Figures a table prints in 元 are shown
    /// in 万元 to two decimals, as the explanation states them.
    fn of_budget(p: &Package) -> PackageSummary {
        let t = &p.tables;
        let s = t.summary.as_ref();
        let income = s.map(|s| &s.income);
        let income_total = income.and_then(|i| i.grand_total.or(i.total));
        let appropriation = income
            .and_then(|i| i.appropriation)
            .or_else(|| sum_appropriation(p));
        let exp_total = s
            .and_then(|s| {
                s.expenditure_totals
                    .grand_total
                    .or(s.expenditure_totals.total)
            })
            .or_else(|| t.expenditure.as_ref().and_then(|e| e.total.total));
        let basic = t.expenditure.as_ref().and_then(|e| e.total.basic);
        let project = t.expenditure.as_ref().and_then(|e| e.total.project);
        let approp = t
            .appropriation_summary
            .as_ref()
            .and_then(|a| a.income.grand_total.or(a.grand_total.total));
        let gb_total = t.general_budget.as_ref().and_then(|g| g.total.total);
        let py = &p.prior_year;
        let prior = "上年预算";
        let l = |label: &str, v: Option<Amount>, base: Option<Amount>| {
            line(label, v.map(shown), base.map(shown), prior)
        };
        let mut lines = vec![
            l("收入预算", income_total, None),
            l(
                "其中：财政拨款收入",
                appropriation,
                py.appropriation_grand_total,
            ),
            l("支出预算", exp_total, None),
            l("其中：基本支出", basic, None),
            l("其中：项目支出", project, None),
            l("财政拨款收支总计", approp, py.appropriation_grand_total),
            l(
                "一般公共预算财政拨款支出",
                gb_total,
                py.general_budget_expenditure,
            ),
        ];
        if let Some(tp) = &t.three_public {
            let zero = (tp.coverage == Coverage::Complete).then_some(Amount::ZERO);
            lines.push(l(
                "“三公”经费预算",
                tp.budget.total.or(zero),
                py.three_public_total,
            ));
        }
        lines.push(l(
            "机关运行经费预算",
            p.agency_running_costs,
            py.agency_running_costs,
        ));
        if let Some(pr) = &t.procurement {
            lines.push(l("政府采购预算", pr.figures.budget_total, None));
        }
        lines.retain(|l| l.value.is_some());
        let classes = t
            .general_budget
            .as_ref()
            .map(|g| {
                g.rows
                    .iter()
                    .filter(|r| r.code.level() == crate::code::Level::Class)
                    .map(|r| l(&format!("{} {}", r.code, r.name), r.total, None))
                    .collect()
            })
            .unwrap_or_default();
        PackageSummary::finish(p, lines, classes)
    }
}

/// A figure entered in another unit (a budget table in 元) shown in 万元 to two decimals.
fn shown(a: Amount) -> Amount {
    if a.entered_in() == crate::amount::MoneyUnit::Wan {
        a
    } else {
        Amount::from_wan(crate::amount::round_half_up(a.value(), 2))
    }
}

/// 财政拨款收入 = the three appropriation income lines, when any is stated.
fn sum_appropriation(p: &Package) -> Option<Amount> {
    let i = &p.tables.summary.as_ref()?.income;
    let parts: Vec<&Amount> = [&i.general_budget, &i.gov_fund, &i.state_capital]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| Amount::sum(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_changes() {
        let text = r#"
[unit]
name = "某局"
year = 2024
profile = "shanghai"

[tables.summary.income]
general_budget = "2940.05"
other = "6.20"
total = "2946.25"
grand_total = "2995.39"

[prior_year]
grand_total = "3052.34"
"#;
        let p: Package = toml::from_str(text).unwrap();
        let s = PackageSummary::of(&p);
        assert_eq!(s.lines[0].label, "收入支出总计");
        assert_eq!(
            s.lines[0].change.unwrap().describe(),
            "减少56.95万元，下降1.87%"
        );
        assert_eq!(s.lines[2].value.unwrap().to_string(), "2940.05");
        assert_eq!(s.tables.len(), 9);
        assert_eq!(s.tables[0].state, "完整");
        assert_eq!(s.tables[1].state, "缺");
    }
}
