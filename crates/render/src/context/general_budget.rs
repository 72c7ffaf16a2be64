//! 一般公共预算财政拨款支出决算表: the totals, 年初预算, and the lines by class and item.

use juesuan_model::tables::{GeneralBudgetRow, GeneralBudgetValues};
use juesuan_model::{Catalog, Level, LineLevel, Profile, Subject, Tables};
use rust_decimal::Decimal;

use super::lines::{BUDGET_LABEL, Line, path_name};
use super::{Fig, Figures, Reader, label};

/// The lines of the table.
pub(super) struct GeneralBudget {
    /// By class (类).
    pub classes: Vec<Line>,
    /// By item (项).
    pub items: Vec<Line>,
    /// The ones the profile compares with 年初预算.
    pub lines: Vec<Line>,
}

/// Inserts the table's totals and its 年初预算; returns its lines.
pub(super) fn build(
    t: &Tables,
    profile: &Profile,
    catalog: &Catalog,
    f: &mut Figures,
) -> GeneralBudget {
    let g = t.general_budget.as_ref();
    let rg = Reader::of(g.map(|g| g.coverage));
    let tot = g.map(|g| g.total.clone()).unwrap_or_default();
    // the model's label is the column's (合计); the text names the table
    f.insert(
        "general_budget",
        rg.fig("一般公共预算财政拨款支出", tot.total),
    );
    f.insert(
        "general_budget_basic",
        rg.fig(label!(GeneralBudgetValues, basic), tot.basic),
    );
    f.insert(
        "general_budget_project",
        rg.fig(label!(GeneralBudgetValues, project), tot.project),
    );
    // 年初预算: stated on the total row, else the sum of the classes when all are given
    let rows = g.map(|g| g.rows.as_slice()).unwrap_or_default();
    let class_budgets: Option<Decimal> = rows
        .iter()
        .filter(|r| r.code.level() == Level::Class)
        .map(|r| r.initial_budget.map(|a| a.value()))
        .sum();
    let any_class = rows.iter().any(|r| r.code.level() == Level::Class);
    f.insert(
        "general_budget_initial",
        Fig::new(
            "一般公共预算财政拨款支出年初预算",
            tot.initial_budget
                .map(|a| a.value())
                .or(class_budgets.filter(|_| any_class)),
        ),
    );

    let line = |row: &GeneralBudgetRow| Line {
        code: row.code.as_str().to_string(),
        name: row.name.clone(),
        path: path_name(rows, catalog, row.code, &row.name),
        total: rg.fig(&row.name, row.total),
        // 年初预算 is not part of the printed table: a blank is unknown
        budget: Fig::stated(BUDGET_LABEL, row.initial_budget),
        subject: Subject::GeneralBudgetLine(row.code).to_string(),
        parts: Vec::new(),
    };
    let at = |level: Level| -> Vec<Line> {
        rows.iter()
            .filter(|r| r.code.level() == level)
            .map(&line)
            .collect()
    };
    let items = at(Level::Item);
    let mut classes = at(Level::Class);
    for class in &mut classes {
        class.parts = items
            .iter()
            .filter(|i| i.code.starts_with(&class.code))
            .cloned()
            .collect();
    }
    let lines = match profile.reasons.general_budget_line_level {
        LineLevel::Class => classes.clone(),
        LineLevel::Item => items.clone(),
    };
    GeneralBudget {
        classes,
        items,
        lines,
    }
}
