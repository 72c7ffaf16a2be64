//! 支出决算表: expenditure by kind, from its 合计 row.

use juesuan_model::Tables;
use juesuan_model::tables::ExpenditureValues;

use super::{Fig, Figures, Reader, label};

/// Inserts 基本支出 and 项目支出; returns the expenditure by kind, in printed order.
pub(super) fn build(t: &Tables, f: &mut Figures) -> Vec<Fig> {
    let e = t.expenditure.as_ref();
    let re = Reader::of(e.map(|e| e.coverage));
    let tot = e.map(|e| e.total.clone()).unwrap_or_default();
    let basic = re.fig(label!(ExpenditureValues, basic), tot.basic);
    let project = re.fig(label!(ExpenditureValues, project), tot.project);
    f.insert("basic", basic.clone());
    f.insert("project", project.clone());
    vec![
        basic,
        project,
        re.fig(
            label!(ExpenditureValues, remit_superior),
            tot.remit_superior,
        ),
        re.fig(label!(ExpenditureValues, operating), tot.operating),
        re.fig(
            label!(ExpenditureValues, affiliate_subsidy),
            tot.affiliate_subsidy,
        ),
    ]
}
