//! The prior year's figures the explanation compares against.

use juesuan_model::PriorYear;

use super::{Fig, Figures, label};

/// The named prior-year figures (stated or unknown; there is no table to complete them).
pub(super) fn build(py: &PriorYear) -> Figures {
    Figures::from([
        (
            "grand_total",
            Fig::stated(label!(PriorYear, grand_total), py.grand_total),
        ),
        (
            "income_total",
            Fig::stated(label!(PriorYear, income_total), py.income_total),
        ),
        (
            "expenditure_total",
            Fig::stated(label!(PriorYear, expenditure_total), py.expenditure_total),
        ),
        (
            "appropriation_total",
            Fig::stated(
                label!(PriorYear, appropriation_grand_total),
                py.appropriation_grand_total,
            ),
        ),
        (
            "general_budget",
            Fig::stated(
                label!(PriorYear, general_budget_expenditure),
                py.general_budget_expenditure,
            ),
        ),
        (
            "agency_running_costs",
            Fig::stated(
                label!(PriorYear, agency_running_costs),
                py.agency_running_costs,
            ),
        ),
    ])
}
