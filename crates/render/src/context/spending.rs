//! Spending the explanation reports outside the main tables: 机关运行经费 and 政府购买服务.

use juesuan_model::{Amount, Package};

use super::{Fig, Figures, Reader};

/// Inserts 机关运行经费 and 政府购买服务支出.
pub(super) fn build(pkg: &Package, f: &mut Figures) {
    f.insert(
        "agency_running_costs",
        Fig::stated("机关运行经费", pkg.agency_running_costs),
    );
    let ps = pkg.tables.purchased_services.as_ref();
    // the stated 合计, else the sum of the services listed
    let total = ps.and_then(|p| {
        p.total.or_else(|| {
            (!p.items.is_empty())
                .then(|| Amount::sum(p.items.iter().filter_map(|i| i.amount.as_ref())))
        })
    });
    f.insert(
        "purchased_services",
        Reader::of(ps.map(|p| p.coverage)).fig("政府购买服务支出", total),
    );
}
