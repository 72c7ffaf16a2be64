//! The unit, the profile and its tables.

use juesuan_model::{Package, Profile};
use serde::Serialize;

/// Unit facts.
#[derive(Debug, Clone, Serialize)]
pub struct UnitCtx {
    /// 单位名称
    pub name: String,
    /// Year.
    pub year: u16,
    /// Prior year.
    pub prior_year: u16,
    /// 主管部门
    pub department: Option<String>,
    /// The district or county the unit's name starts with (`上海市普陀区` of
    /// `上海市普陀区财政局`), for titles such as `上海市普陀区2025年区级部门预算`.
    pub district: Option<String>,
    /// 机构设置
    pub organization: Option<String>,
    /// 主要职能, one entry per line.
    pub responsibilities: Vec<String>,
    /// 决算单位构成: name and note.
    pub members: Vec<(String, String)>,
}

/// Profile facts.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileCtx {
    /// Id.
    pub id: String,
    /// Region name.
    pub name: String,
    /// Whether zero items are listed.
    pub list_zero_items: bool,
}

/// A table of the profile.
#[derive(Debug, Clone, Serialize)]
pub struct TableRef {
    /// Number.
    pub number: usize,
    /// Key (`summary`).
    pub key: &'static str,
    /// Title.
    pub title: String,
}

/// The unit's facts; responsibilities one per non-blank line.
pub(super) fn unit(pkg: &Package) -> UnitCtx {
    let u = &pkg.unit;
    UnitCtx {
        name: u.name.clone(),
        year: u.year,
        prior_year: u.year.saturating_sub(1),
        department: u.department.clone(),
        district: district(&u.name),
        organization: u.organization.clone(),
        responsibilities: u
            .responsibilities
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        members: u
            .members
            .iter()
            .map(|m| (m.name.clone(), m.note.clone().unwrap_or_default()))
            .collect(),
    }
}

/// The profile's facts.
pub(super) fn profile(profile: &Profile) -> ProfileCtx {
    ProfileCtx {
        id: profile.id.clone(),
        name: profile.name.clone(),
        list_zero_items: profile.list_zero_items,
    }
}

/// The profile's tables, numbered from 1, with the titles it prints.
pub(super) fn tables(profile: &Profile) -> Vec<TableRef> {
    profile
        .tables
        .iter()
        .enumerate()
        .map(|(i, k)| TableRef {
            number: i + 1,
            key: k.key(),
            title: profile.title(*k).to_string(),
        })
        .collect()
}

/// The `…市…区` or `…市…县` a unit's name starts with, when it names one after a city and
/// something follows (`上海市普陀区财政局` → `上海市普陀区`).
fn district(name: &str) -> Option<String> {
    let city = name.find('市')? + '市'.len_utf8();
    let rest = name.get(city..)?;
    let end = rest.find(['区', '县'])? + '区'.len_utf8();
    let district = name.get(..city + end)?;
    (district.len() < name.len() && end > '区'.len_utf8()).then(|| district.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn district_of_a_unit_name() {
        assert_eq!(
            super::district("上海市普陀区财政局").as_deref(),
            Some("上海市普陀区")
        );
        assert_eq!(
            super::district("上海市普陀区万里街道办事处").as_deref(),
            Some("上海市普陀区")
        );
        assert_eq!(super::district("上海市财政局"), None);
        assert_eq!(super::district("北京市西城区"), None);
        assert_eq!(super::district("某区"), None);
    }
}
