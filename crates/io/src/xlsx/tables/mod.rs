//! The public tables, one module per layout, each with its reader and writer side by side;
//! here, the dispatch from a [`TableKind`] to them.

pub(crate) mod appropriation;
pub(crate) mod basic;
pub(crate) mod coded;
pub(crate) mod procurement;
pub(crate) mod services;
pub(crate) mod summary;
pub(crate) mod three_public;

use juesuan_model::Package;
use juesuan_model::tables::{
    ExpenditureRow, ExpenditureValues, FundRow, FundValues, GeneralBudgetRow, GeneralBudgetValues,
    IncomeRow, IncomeValues, TableKind,
};
use rust_xlsxwriter::Worksheet;

use super::common::sheet_status;
use super::ctx::{ReadCtx, WriteCtx, XResult};
use super::grid::Grid;

/// Reads a table sheet into the package; a sheet marked 未提供 is an absent table.
pub(crate) fn read(g: &Grid, kind: TableKind, ctx: &mut ReadCtx, pkg: &mut Package) {
    let Some(coverage) = sheet_status(g, ctx) else {
        return;
    };
    ctx.table = Some(kind);
    read_kind(g, kind, coverage, ctx, pkg);
    ctx.table = None;
    if pkg.is_budget() {
        budget_absent(kind, &mut pkg.tables);
    }
}

/// A budget sheet leaves out the 决算-only columns and lines: they are not unknown figures.
fn budget_absent(kind: TableKind, t: &mut juesuan_model::Tables) {
    use coded::keep_budget_absent as keep;
    match kind {
        TableKind::Income => {
            if let Some(x) = t.income.as_mut() {
                keep::<IncomeRow>(kind, &mut x.absent)
            }
        }
        TableKind::Expenditure => {
            if let Some(x) = t.expenditure.as_mut() {
                keep::<ExpenditureRow>(kind, &mut x.absent)
            }
        }
        TableKind::GeneralBudget => {
            if let Some(x) = t.general_budget.as_mut() {
                keep::<GeneralBudgetRow>(kind, &mut x.absent)
            }
        }
        TableKind::GovFund | TableKind::StateCapital => {
            let x = if kind == TableKind::GovFund {
                t.gov_fund.as_mut()
            } else {
                t.state_capital.as_mut()
            };
            if let Some(x) = x {
                keep::<FundRow>(kind, &mut x.absent)
            }
        }
        TableKind::GeneralBudgetBasic | TableKind::GovFundBasic => {
            let x = if kind == TableKind::GeneralBudgetBasic {
                t.general_budget_basic.as_mut()
            } else {
                t.gov_fund_basic.as_mut()
            };
            if let Some(x) = x {
                keep::<juesuan_model::tables::EconomicRow>(kind, &mut x.absent)
            }
        }
        TableKind::Summary => {
            if let Some(x) = t.summary.as_mut() {
                x.absent
                    .retain(|a| summary::BUDGET_LINES.contains(&a.as_str()))
            }
        }
        _ => {}
    }
}

fn read_kind(
    g: &Grid,
    kind: TableKind,
    coverage: juesuan_model::Coverage,
    ctx: &mut ReadCtx,
    pkg: &mut Package,
) {
    let t = &mut pkg.tables;
    match kind {
        TableKind::Summary => t.summary = summary::read(g, coverage, ctx),
        TableKind::AppropriationSummary => {
            t.appropriation_summary = appropriation::read(g, coverage, ctx)
        }
        TableKind::Income => t.income = coded::read::<IncomeRow, IncomeValues>(g, coverage, ctx),
        TableKind::Expenditure => {
            t.expenditure = coded::read::<ExpenditureRow, ExpenditureValues>(g, coverage, ctx)
        }
        TableKind::GeneralBudget => {
            t.general_budget =
                coded::read::<GeneralBudgetRow, GeneralBudgetValues>(g, coverage, ctx)
        }
        TableKind::GeneralBudgetBasic => t.general_budget_basic = basic::read(g, coverage, ctx),
        TableKind::GovFundBasic => t.gov_fund_basic = basic::read(g, coverage, ctx),
        TableKind::GovFund => t.gov_fund = coded::read::<FundRow, FundValues>(g, coverage, ctx),
        TableKind::StateCapital => {
            t.state_capital = coded::read::<FundRow, FundValues>(g, coverage, ctx)
        }
        TableKind::ThreePublic => {
            // the counts and uses come from 说明数据, which may have been read first
            let details = t.three_public.take().map(|x| x.details).unwrap_or_default();
            t.three_public = three_public::read(g, coverage, ctx).map(|mut x| {
                x.details = details;
                x
            });
            // a budget's table also states the 机关运行经费 budget
            if pkg.is_budget()
                && let Some(a) = three_public::read_running_costs(g, ctx)
            {
                pkg.agency_running_costs = Some(a);
            }
        }
        TableKind::Procurement => t.procurement = Some(procurement::read(g, coverage, ctx)),
        TableKind::PurchasedServices => t.purchased_services = services::read(g, coverage, ctx),
    }
}

/// Writes a table's sheet.
pub(crate) fn write(ws: &mut Worksheet, ctx: &WriteCtx, kind: TableKind) -> XResult<()> {
    let t = &ctx.pkg.tables;
    match kind {
        TableKind::Summary => summary::write(ws, ctx),
        TableKind::AppropriationSummary => appropriation::write(ws, ctx),
        TableKind::Income => coded::write::<IncomeRow, _>(ws, ctx, kind, t.income.as_ref()),
        TableKind::Expenditure => {
            coded::write::<ExpenditureRow, _>(ws, ctx, kind, t.expenditure.as_ref())
        }
        TableKind::GeneralBudget => {
            coded::write::<GeneralBudgetRow, _>(ws, ctx, kind, t.general_budget.as_ref())
        }
        TableKind::GeneralBudgetBasic => {
            basic::write(ws, ctx, kind, t.general_budget_basic.as_ref())
        }
        TableKind::GovFundBasic => basic::write(ws, ctx, kind, t.gov_fund_basic.as_ref()),
        TableKind::GovFund => coded::write::<FundRow, _>(ws, ctx, kind, t.gov_fund.as_ref()),
        TableKind::StateCapital => {
            coded::write::<FundRow, _>(ws, ctx, kind, t.state_capital.as_ref())
        }
        TableKind::ThreePublic => three_public::write(ws, ctx),
        TableKind::Procurement => procurement::write(ws, ctx),
        TableKind::PurchasedServices => services::write(ws, ctx),
    }
}
