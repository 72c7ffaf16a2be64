//! The figures a budget's explanation (部门预算编制说明, 其他相关情况说明) states beyond those
//! the final-accounts builders name: 收入预算 and 支出预算 with their parts, the 财政拨款
//! 支出预算 of each fund, the “三公” budget's 购置费 and 运行费, 政府采购预算, the prior
//! year's budget of each, and the 项目绩效目标表 list.

use juesuan_model::tables::{AppropriationValues, Procurement, SummaryIncome};
use juesuan_model::{Amount, Package, PriorYear, Record};
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Fig, Figures, Reader, label};

/// One project of the 项目绩效目标表, as the explanation lists it.
#[derive(Debug, Clone, Serialize)]
pub struct TargetLine {
    /// 项目名称
    pub name: String,
    /// 年度资金总额
    pub total: Fig,
    /// 其中：财政拨款
    pub appropriation: Fig,
    /// 年度总体目标, when stated.
    pub goal: Option<String>,
    /// Whether its 项目支出绩效目标表 is printed: it states indicators or a goal (a project
    /// listed with its amount only has no table to print).
    pub tabled: bool,
}

/// The budget part of the context.
pub(super) struct Budget {
    /// The projects with performance targets.
    pub targets: Vec<TargetLine>,
}

/// Inserts the budget figures into `f` (this year) and `prior` (上年预算).
pub(super) fn build(pkg: &Package, f: &mut Figures, prior: &mut Figures) -> Budget {
    let t = &pkg.tables;
    let s = t.summary.as_ref();
    let rs = Reader::of(s.map(|s| s.coverage));
    let inc = s.map(|s| s.income.clone()).unwrap_or_default();
    // 收入预算 is the summary's 收入总计 (本年收入合计 where no 总计 is printed)
    f.insert(
        "budget_income",
        rs.fig("收入预算", inc.grand_total.or(inc.total)),
    );
    let appropriation = inc.appropriation.map(|a| a.value()).or_else(|| {
        [inc.general_budget, inc.gov_fund, inc.state_capital]
            .into_iter()
            .map(|a| rs.get(a))
            .sum()
    });
    f.insert(
        "budget_appropriation_income",
        Fig::new("财政拨款收入", appropriation),
    );
    for (key, field, a) in [
        (
            "institutional_income",
            label!(SummaryIncome, institutional),
            inc.institutional,
        ),
        ("operating_income", "事业单位经营收入", inc.operating),
        ("other_income", label!(SummaryIncome, other), inc.other),
    ] {
        f.insert(key, rs.fig(field, a));
    }
    let et = s.map(|s| s.expenditure_totals.clone()).unwrap_or_default();
    f.insert(
        "budget_expenditure",
        rs.fig("支出预算", et.grand_total.or(et.total)),
    );

    // 财政拨款支出预算 by fund: the 财政拨款收支预算总表's 支出总计, else each fund's table
    let a = t.appropriation_summary.as_ref();
    let ra = Reader::of(a.map(|a| a.coverage));
    let totals: Option<&AppropriationValues> = a.map(|a| {
        if a.grand_total.is_blank() {
            &a.expenditure_total
        } else {
            &a.grand_total
        }
    });
    // a column of the 支出总计 row: blank is zero in a complete table; without the table,
    // the fund's own table
    let col = |pick: fn(&AppropriationValues) -> Option<Amount>| -> Option<Option<Decimal>> {
        totals.map(|v| ra.get(pick(v)))
    };
    let g = t.general_budget.as_ref();
    let gb = col(|v| v.general_budget)
        .unwrap_or_else(|| Reader::of(g.map(|g| g.coverage)).get(g.and_then(|g| g.total.total)));
    let fund = |table: Option<&juesuan_model::tables::FundTable>| {
        Reader::of(table.map(|t| t.coverage)).get(table.and_then(|t| t.total.expenditure))
    };
    let gf = col(|v| v.gov_fund).unwrap_or_else(|| fund(t.gov_fund.as_ref()));
    let sc = col(|v| v.state_capital).unwrap_or_else(|| fund(t.state_capital.as_ref()));
    let total = totals
        .and_then(|v| v.total)
        .map(|a| a.value())
        .or_else(|| [gb, gf, sc].into_iter().sum::<Option<Decimal>>());
    f.insert(
        "appropriation_expenditure",
        Fig::new("财政拨款支出预算", total),
    );
    f.insert(
        "general_budget_expenditure",
        Fig::new("一般公共预算拨款支出预算", gb),
    );
    f.insert(
        "gov_fund_expenditure",
        Fig::new("政府性基金拨款支出预算", gf),
    );
    f.insert(
        "state_capital_expenditure",
        Fig::new("国有资本经营预算拨款支出预算", sc),
    );

    // the “三公” budget's parts the text names besides the three items
    let tp = t.three_public.as_ref();
    let rt = Reader::of(tp.map(|t| t.coverage));
    let b = tp.map(|t| t.budget.clone()).unwrap_or_default();
    f.insert(
        "vehicle_purchase_budget",
        rt.fig("公务用车购置费", b.vehicle_purchase),
    );
    f.insert(
        "vehicle_operation_budget",
        rt.fig("公务用车运行费", b.vehicle_operation),
    );

    // 政府采购预算
    let p = t.procurement.as_ref();
    let rp = Reader::of(p.map(|p| p.coverage));
    let pf = p.map(|p| p.figures.clone()).unwrap_or_default();
    for (key, name, v) in [
        ("procurement_budget", "政府采购预算", pf.budget_total),
        ("procurement_goods", "政府采购货物预算", pf.budget_goods),
        ("procurement_works", "政府采购工程预算", pf.budget_works),
        (
            "procurement_services",
            "政府采购服务预算",
            pf.budget_services,
        ),
        (
            "reserved_sme_budget",
            label!(Procurement, reserved_sme_budget),
            pf.reserved_sme_budget,
        ),
        (
            "reserved_small_micro_budget",
            label!(Procurement, reserved_small_micro_budget),
            pf.reserved_small_micro_budget,
        ),
    ] {
        f.insert(key, rp.fig(name, v));
    }

    prior_budget(&pkg.prior_year, prior);

    let targets: Vec<TargetLine> = pkg
        .performance
        .targets
        .iter()
        .map(|p| TargetLine {
            name: p.name.clone(),
            total: Fig::stated(&format!("{}年度资金总额", p.name), p.funds.total),
            appropriation: Fig::stated(&format!("{}财政拨款", p.name), p.funds.appropriation),
            goal: p.goal.clone(),
            tabled: target_tabled(p),
        })
        .collect();
    let sum: Option<Decimal> = targets
        .iter()
        .map(|t| t.total.v.as_deref().and_then(|v| v.parse::<Decimal>().ok()))
        .sum();
    f.insert(
        "targets_total",
        Fig::new(
            "编报绩效目标的项目预算资金",
            sum.filter(|_| !targets.is_empty()),
        ),
    );
    Budget { targets }
}

/// The prior year's budget figures only a budget compares with.
fn prior_budget(py: &PriorYear, prior: &mut Figures) {
    for (key, fig) in [
        (
            "institutional_income",
            Fig::stated(
                label!(PriorYear, institutional_income),
                py.institutional_income,
            ),
        ),
        (
            "operating_income",
            Fig::stated(label!(PriorYear, operating_income), py.operating_income),
        ),
        (
            "other_income",
            Fig::stated(label!(PriorYear, other_income), py.other_income),
        ),
        (
            "gov_fund_expenditure",
            Fig::stated(
                label!(PriorYear, gov_fund_expenditure),
                py.gov_fund_expenditure,
            ),
        ),
        (
            "state_capital_expenditure",
            Fig::stated(
                label!(PriorYear, state_capital_expenditure),
                py.state_capital_expenditure,
            ),
        ),
        (
            "vehicle_purchase",
            Fig::stated(
                label!(PriorYear, three_public_vehicle_purchase),
                py.three_public_vehicle_purchase,
            ),
        ),
        (
            "vehicle_operation",
            Fig::stated(
                label!(PriorYear, three_public_vehicle_running),
                py.three_public_vehicle_running,
            ),
        ),
    ] {
        prior.insert(key, fig);
    }
}

/// Whether a project's 项目支出绩效目标表 is printed (`::targets`): it states indicators or a
/// goal.
pub fn target_tabled(p: &juesuan_model::ProjectTarget) -> bool {
    !p.indicators.is_empty() || p.goal.as_deref().is_some_and(|g| !g.trim().is_empty())
}
