//! 收入支出决算总表: the income side by source and the totals.

use juesuan_model::Tables;
use juesuan_model::tables::{IncomeValues, SummaryExpenditureTotals, SummaryIncome};

use super::{Fig, Figures, Reader, label};

/// Inserts the income figures and the totals; returns the income by source, in printed
/// order (财政拨款收入 first, as the sum of its three kinds).
pub(super) fn build(t: &Tables, f: &mut Figures) -> Vec<Fig> {
    let s = t.summary.as_ref();
    let rs = Reader::of(s.map(|s| s.coverage));
    let inc = s.map(|s| s.income.clone()).unwrap_or_default();
    let (gb, gf, sc) = (
        rs.get(inc.general_budget),
        rs.get(inc.gov_fund),
        rs.get(inc.state_capital),
    );
    let appropriation: Option<_> = [gb, gf, sc].into_iter().sum();
    // the summary prints the three kinds; the total is the 收入决算表's 财政拨款收入 column
    let appropriation_label = label!(IncomeValues, appropriation);
    let sources = vec![
        Fig::new(appropriation_label, appropriation),
        rs.fig(
            label!(SummaryIncome, superior_subsidy),
            inc.superior_subsidy,
        ),
        rs.fig(label!(SummaryIncome, institutional), inc.institutional),
        rs.fig(label!(SummaryIncome, operating), inc.operating),
        rs.fig(
            label!(SummaryIncome, affiliate_remittance),
            inc.affiliate_remittance,
        ),
        rs.fig(label!(SummaryIncome, other), inc.other),
    ];
    f.insert(
        "appropriation_income",
        Fig::new(appropriation_label, appropriation),
    );
    f.insert(
        "general_budget_income",
        Fig::new(label!(SummaryIncome, general_budget), gb),
    );
    f.insert(
        "gov_fund_income",
        Fig::new(label!(SummaryIncome, gov_fund), gf),
    );
    f.insert(
        "state_capital_income",
        Fig::new(label!(SummaryIncome, state_capital), sc),
    );
    f.insert(
        "income_total",
        rs.fig(label!(SummaryIncome, total), inc.total),
    );
    f.insert(
        "opening_carryover",
        rs.fig(
            label!(SummaryIncome, opening_carryover),
            inc.opening_carryover,
        ),
    );
    // the model's label is the table's (收入总计); the text names both sides
    f.insert("grand_total", rs.fig("收入支出总计", inc.grand_total));

    // 本年支出合计: the summary's, else the 支出决算表's
    let et = s.map(|s| s.expenditure_totals.clone()).unwrap_or_default();
    let e = t.expenditure.as_ref();
    let re = Reader::of(e.map(|e| e.coverage));
    let stated = rs.get(et.total);
    let total = stated.or_else(|| re.get(e.and_then(|e| e.total.total)));
    f.insert(
        "closing_carryover",
        rs.fig(
            label!(SummaryExpenditureTotals, closing_carryover),
            et.closing_carryover,
        ),
    );
    f.insert(
        "expenditure_total",
        Fig::new(label!(SummaryExpenditureTotals, total), total),
    );
    sources
}
