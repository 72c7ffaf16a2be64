//! Every input is used or reported: the human inputs a package holds (reasons and uses of
//! 说明填写, texts of 说明文字, the counts and uses of 说明数据) that the profile's document
//! did not print, named the way the workbook names them.

use std::collections::BTreeSet;

use juesuan_model::fields::Record;
use juesuan_model::performance::PerformanceManagement;
use juesuan_model::tables::{Assets, ThreePublicDetails};
use juesuan_model::{Catalog, Package, Subject};

use crate::context::Context;
use crate::template::{reason_clause, usage_clause};

/// The label of a context key of one of the 说明数据 records.
fn label<R: Record>(key: &str) -> String {
    R::FIELDS
        .iter()
        .find(|f| f.key == key || f.key.strip_prefix("vehicles_") == Some(key))
        .or_else(|| R::FIELDS.iter().find(|f| f.key.starts_with(key)))
        .map(|f| f.label.to_string())
        .unwrap_or_else(|| key.to_string())
}

fn name_of(pkg: &Package, catalog: &Catalog, s: Subject) -> String {
    s.describe(pkg.line_name(s, catalog).as_deref())
}

/// The filled inputs the document did not use, given what the template read.
pub(crate) fn unused(
    pkg: &Package,
    catalog: &Catalog,
    ctx: &Context,
    used: &BTreeSet<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (subject, remark) in &pkg.explanation.remarks {
        let key = subject.to_string();
        let reason = remark
            .reason
            .as_deref()
            .is_some_and(|r| !reason_clause(r).is_empty());
        let usage = remark
            .usage
            .as_deref()
            .is_some_and(|u| !usage_clause(u).is_empty());
        if reason && !used.contains(&format!("reason:{key}")) {
            out.push(format!(
                "说明填写：{}的主要原因",
                name_of(pkg, catalog, *subject)
            ));
        }
        if usage && !used.contains(&format!("usage:{key}")) {
            out.push(format!(
                "说明填写：{}的主要用于",
                name_of(pkg, catalog, *subject)
            ));
        }
    }
    for (key, text) in &pkg.explanation.texts {
        if !text.trim().is_empty() && !used.contains(&format!("text:{key}")) {
            out.push(format!("说明文字：{key}"));
        }
    }
    type Entry<'a> = (
        &'static str,
        &'a std::collections::BTreeMap<&'static str, String>,
        fn(&str) -> String,
    );
    let maps: [Entry<'_>; 3] = [
        (
            "three_public_details",
            &ctx.three_public_details,
            label::<ThreePublicDetails>,
        ),
        ("assets", &ctx.assets, label::<Assets>),
        (
            "management",
            &ctx.management,
            label::<PerformanceManagement>,
        ),
    ];
    for (name, map, label) in maps {
        for key in map.keys() {
            if !used.contains(&format!("{name}.{key}")) {
                out.push(format!("说明数据：{}", label(key)));
            }
        }
    }
    out
}
