//! 政府采购: the Beijing 政府采购情况表 and the Shanghai explanation's figures.

use std::collections::BTreeMap;

use juesuan_model::tables::{Procurement, ProcurementTable};

use super::{Fig, Reader, label};

/// The procurement figures by name.
pub(super) fn build(pt: Option<&ProcurementTable>) -> BTreeMap<&'static str, Fig> {
    let rp = Reader::of(pt.map(|p| p.coverage));
    let pf = pt.map(|p| p.figures.clone()).unwrap_or_default();
    // 总额 and the three kinds: the model's labels are the Beijing table's column heads
    // (实际采购金额：合计…); the text names them as spending
    BTreeMap::from([
        ("total", rp.fig("政府采购支出总额", pf.total)),
        ("goods", rp.fig("政府采购货物支出", pf.goods)),
        ("works", rp.fig("政府采购工程支出", pf.works)),
        ("services", rp.fig("政府采购服务支出", pf.services)),
        ("sme", rp.fig(label!(Procurement, sme), pf.sme)),
        // the model's label starts with 其中：, which belongs to the table
        (
            "small_micro",
            rp.fig("授予小微企业合同金额", pf.small_micro),
        ),
        (
            "reserved_sme_budget",
            rp.fig(
                label!(Procurement, reserved_sme_budget),
                pf.reserved_sme_budget,
            ),
        ),
        (
            "reserved_small_micro_budget",
            rp.fig(
                label!(Procurement, reserved_small_micro_budget),
                pf.reserved_small_micro_budget,
            ),
        ),
        (
            "reserved_sme_awarded",
            rp.fig(
                label!(Procurement, reserved_sme_awarded),
                pf.reserved_sme_awarded,
            ),
        ),
        (
            "reserved_small_micro_awarded",
            rp.fig(
                label!(Procurement, reserved_small_micro_awarded),
                pf.reserved_small_micro_awarded,
            ),
        ),
        (
            "other_sme_awarded",
            rp.fig(label!(Procurement, other_sme_awarded), pf.other_sme_awarded),
        ),
    ])
}
