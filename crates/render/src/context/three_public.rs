//! 财政拨款“三公”经费支出决算表: budget, actual and prior year of each item, and the
//! explanation's counts and uses.

use std::collections::BTreeMap;

use juesuan_model::tables::{ThreePublicDetails, ThreePublicFigures};
use juesuan_model::{Amount, PriorYear, Subject, Tables, ThreePublicItem};
use serde::Serialize;

use super::{Fig, Figures, Reader, count, label, stated_texts};

/// One 三公 item with its budget, actual and prior-year figures.
#[derive(Debug, Clone, Serialize)]
pub struct ThreePublicLine {
    /// `因公出国（境）费`
    pub label: String,
    /// 预算数
    pub budget: Fig,
    /// 决算数
    pub actual: Fig,
    /// 上年决算数
    pub prior: Fig,
    /// Subject of its budget remark.
    pub budget_subject: String,
    /// Subject of its prior-year remark.
    pub prior_subject: String,
}

/// The lines and the details.
pub(super) struct ThreePublic {
    /// 合计 then the three items.
    pub lines: Vec<ThreePublicLine>,
    /// Counts and uses, as text.
    pub details: BTreeMap<&'static str, String>,
}

/// Inserts 公务用车购置费 and 公务用车运行维护费; returns the lines and the details.
pub(super) fn build(t: &Tables, py: &PriorYear, f: &mut Figures) -> ThreePublic {
    let tp = t.three_public.as_ref();
    let rt = Reader::of(tp.map(|t| t.coverage));
    let (budget, actual) = tp
        .map(|t| (t.budget.clone(), t.actual.clone()))
        .unwrap_or_default();
    let lines = ThreePublicItem::ALL
        .into_iter()
        .map(|i| {
            let label = match i {
                // the table prints 合计; the text names what it is the total of
                ThreePublicItem::Total => "“三公”经费",
                other => other.label(),
            };
            ThreePublicLine {
                label: label.to_string(),
                budget: rt.fig(label, figure(&budget, i)),
                actual: rt.fig(label, figure(&actual, i)),
                prior: Fig::stated(label, prior(py, i)),
                budget_subject: Subject::ThreePublicVsBudget(i).to_string(),
                prior_subject: Subject::ThreePublicVsPrior(i).to_string(),
            }
        })
        .collect();
    f.insert(
        "vehicle_purchase",
        rt.fig(
            label!(ThreePublicFigures, vehicle_purchase),
            actual.vehicle_purchase,
        ),
    );
    f.insert(
        "vehicle_operation",
        rt.fig(
            label!(ThreePublicFigures, vehicle_operation),
            actual.vehicle_operation,
        ),
    );
    ThreePublic {
        lines,
        details: tp.map(|t| details(&t.details)).unwrap_or_default(),
    }
}

/// The explanation's counts and uses that are stated, as text.
fn details(d: &ThreePublicDetails) -> BTreeMap<&'static str, String> {
    stated_texts([
        ("overseas_groups", count(d.overseas_groups)),
        ("overseas_persons", count(d.overseas_persons)),
        ("overseas_use", d.overseas_use.clone()),
        ("vehicles_purchased", count(d.vehicles_purchased)),
        ("vehicle_purchase_use", d.vehicle_purchase_use.clone()),
        ("vehicle_operation_use", d.vehicle_operation_use.clone()),
        ("vehicles_held", count(d.vehicles_held)),
        (
            "domestic_reception",
            d.domestic_reception.map(|a| a.text_form()),
        ),
        (
            "foreign_reception",
            d.foreign_reception.map(|a| a.text_form()),
        ),
        ("reception_batches", count(d.reception_batches)),
        ("reception_persons", count(d.reception_persons)),
        (
            "foreign_reception_batches",
            count(d.foreign_reception_batches),
        ),
        (
            "foreign_reception_persons",
            count(d.foreign_reception_persons),
        ),
        ("reception_use", d.reception_use.clone()),
    ])
}

/// An item's figure in one column of the table.
fn figure(f: &ThreePublicFigures, item: ThreePublicItem) -> Option<Amount> {
    match item {
        ThreePublicItem::Total => f.total,
        ThreePublicItem::Overseas => f.overseas,
        ThreePublicItem::Vehicle => f.vehicle,
        ThreePublicItem::Reception => f.reception,
    }
}

/// An item's prior-year figure.
fn prior(py: &PriorYear, item: ThreePublicItem) -> Option<Amount> {
    match item {
        ThreePublicItem::Total => py.three_public_total,
        ThreePublicItem::Overseas => py.three_public_overseas,
        ThreePublicItem::Vehicle => py.three_public_vehicle,
        ThreePublicItem::Reception => py.three_public_reception,
    }
}
