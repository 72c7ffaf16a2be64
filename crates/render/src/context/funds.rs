//! 政府性基金 and 国有资本经营 预算财政拨款收入支出决算表.

use juesuan_model::tables::FundTable;
use juesuan_model::{Catalog, Subject, Tables};

use super::lines::{Line, fund_lines};
use super::{Figures, Reader};

/// The item lines of both tables.
pub(super) struct Funds {
    /// 政府性基金 expenditure by item.
    pub gov_fund_items: Vec<Line>,
    /// 国有资本经营 expenditure by item.
    pub state_capital_items: Vec<Line>,
}

/// Inserts each table's 本年收入 and 本年支出; returns their item lines.
pub(super) fn build(t: &Tables, catalog: &Catalog, f: &mut Figures) -> Funds {
    totals(
        t.gov_fund.as_ref(),
        ("gov_fund_in", "gov_fund_out"),
        "政府性基金预算财政拨款",
        f,
    );
    totals(
        t.state_capital.as_ref(),
        ("state_capital_in", "state_capital_out"),
        "国有资本经营预算财政拨款",
        f,
    );
    Funds {
        gov_fund_items: fund_lines(t.gov_fund.as_ref(), catalog, Subject::GovFundLine),
        state_capital_items: fund_lines(
            t.state_capital.as_ref(),
            catalog,
            Subject::StateCapitalLine,
        ),
    }
}

/// The table's 本年收入 and 本年支出 under `keys`, labelled `{name}收入` / `{name}支出`.
fn totals(
    table: Option<&FundTable>,
    (income, expenditure): (&'static str, &'static str),
    name: &str,
    f: &mut Figures,
) {
    let r = Reader::of(table.map(|t| t.coverage));
    let tot = table.map(|t| t.total.clone()).unwrap_or_default();
    f.insert(income, r.fig(&format!("{name}收入"), tot.income));
    f.insert(expenditure, r.fig(&format!("{name}支出"), tot.expenditure));
}
