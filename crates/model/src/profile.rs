//! Regional profiles as data: which tables a region publishes, their numbering and titles,
//! how numbers are written, performance grades. A new region is a new `profile.toml`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::tables::TableKind;

/// A performance grade band: a score at or above `min` earns `label`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    /// Lowest score of the band.
    pub min: Decimal,
    /// Grade label (`优`).
    pub label: String,
    /// Other labels meaning the same grade (`优秀`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Default first-level weights of a project self-evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceWeights {
    /// 预算执行率
    pub execution: Decimal,
    /// 产出指标
    pub output: Decimal,
    /// 效益指标
    pub effect: Decimal,
    /// 满意度指标
    pub satisfaction: Decimal,
}

/// A regional profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Identifier used in packages (`beijing`).
    pub id: String,
    /// Region name (`北京市`).
    pub name: String,
    /// Published tables in order; their position is the table number.
    pub tables: Vec<TableKind>,
    /// Whether zero items are listed in the explanation.
    pub list_zero_items: bool,
    /// Whether tables print thousands separators.
    pub thousands_separator: bool,
    /// Titles that differ from the national ones.
    #[serde(default)]
    pub titles: BTreeMap<TableKind, String>,
    /// Grade bands, highest first.
    pub grades: Vec<GradeBand>,
    /// Default first-level weights.
    pub performance_weights: PerformanceWeights,
}

/// A profile file could not be read.
#[derive(Debug, Clone, thiserror::Error)]
#[error("地区格式文件无法读取：{0}")]
pub struct ProfileError(pub String);

const BEIJING: &str = include_str!("../../../profiles/beijing/profile.toml");
const SHANGHAI: &str = include_str!("../../../profiles/shanghai/profile.toml");

impl Profile {
    /// Parses a `profile.toml`.
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        let p: Profile = toml::from_str(text).map_err(|e| ProfileError(e.to_string()))?;
        if p.tables.is_empty() {
            return Err(ProfileError(format!("“{}”没有列出任何表", p.id)));
        }
        Ok(p)
    }

    /// The built-in profiles.
    pub fn builtins() -> &'static [Profile] {
        static ALL: OnceLock<Vec<Profile>> = OnceLock::new();
        ALL.get_or_init(|| {
            [BEIJING, SHANGHAI]
                .into_iter()
                .filter_map(|t| Profile::from_toml(t).ok())
                .collect()
        })
    }

    /// A built-in profile by id.
    pub fn builtin(id: &str) -> Option<&'static Profile> {
        Profile::builtins().iter().find(|p| p.id == id)
    }

    /// The ids of the built-in profiles, for messages.
    pub fn builtin_ids() -> Vec<&'static str> {
        Profile::builtins().iter().map(|p| p.id.as_str()).collect()
    }

    /// 1-based number of a table in this profile.
    pub fn table_number(&self, kind: TableKind) -> Option<usize> {
        self.tables.iter().position(|k| *k == kind).map(|i| i + 1)
    }

    /// The title this profile prints for a table.
    pub fn title(&self, kind: TableKind) -> &str {
        self.titles
            .get(&kind)
            .map(String::as_str)
            .unwrap_or_else(|| kind.title())
    }

    /// The grade a score earns.
    pub fn grade(&self, score: Decimal) -> Option<&GradeBand> {
        self.grades.iter().find(|g| score >= g.min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_load() {
        let b = Profile::builtin("beijing").unwrap();
        assert_eq!(b.tables.len(), 12);
        assert_eq!(b.table_number(TableKind::ThreePublic), Some(10));
        assert_eq!(
            b.title(TableKind::StateCapital),
            "国有资本经营预算财政拨款支出决算表"
        );
        let s = Profile::builtin("shanghai").unwrap();
        assert_eq!(s.tables.len(), 9);
        assert_eq!(s.table_number(TableKind::ThreePublic), Some(7));
        assert_eq!(
            s.title(TableKind::StateCapital),
            "国有资本经营预算财政拨款收入支出决算表"
        );
        assert_eq!(s.grade(Decimal::new(9943, 2)).unwrap().label, "优");
        assert_eq!(s.grade(Decimal::new(595, 1)).unwrap().label, "不合格");
        assert_eq!(Profile::builtin_ids(), ["beijing", "shanghai"]);
    }

    #[test]
    fn bad_profile_is_an_error() {
        assert!(Profile::from_toml("id = \"x\"").is_err());
    }
}
