//! 国有资产占有使用情况: vehicles by kind and large equipment.

use std::collections::BTreeMap;

use juesuan_model::tables::Assets;

use super::{count, stated_texts};

/// The stated counts (and the date they are as of), as text.
pub(super) fn build(a: Option<&Assets>) -> BTreeMap<&'static str, String> {
    let Some(a) = a else {
        return BTreeMap::new();
    };
    stated_texts([
        ("vehicles", count(a.vehicles)),
        ("ministerial", count(a.vehicles_ministerial)),
        ("principal", count(a.vehicles_principal)),
        ("confidential", count(a.vehicles_confidential)),
        ("emergency", count(a.vehicles_emergency)),
        ("law_enforcement", count(a.vehicles_law_enforcement)),
        ("special", count(a.vehicles_special)),
        ("retired", count(a.vehicles_retired)),
        ("other", count(a.vehicles_other)),
        ("equipment", count(a.equipment_over_1m)),
        ("as_of", a.as_of.clone()),
    ])
}
