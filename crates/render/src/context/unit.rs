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
