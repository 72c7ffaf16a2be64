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

/// A kind of comparison in the explanation that needs a 主要原因.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonSubject {
    /// 收入支出总计 vs the prior year.
    GrandTotal,
    /// 财政拨款收入支出总计 vs the prior year.
    AppropriationTotal,
    /// 一般公共预算财政拨款支出 vs the prior year.
    GeneralBudgetExpenditure,
    /// 一般公共预算财政拨款支出 决算 vs 年初预算, overall.
    GeneralBudgetVsBudget,
    /// Each line of 一般公共预算财政拨款支出 (at the profile's level) vs 年初预算.
    GeneralBudgetLines,
    /// Each item line of 政府性基金 / 国有资本经营预算财政拨款支出 vs 年初预算.
    FundLines,
    /// The “三公” total vs its budget.
    ThreePublicBudgetTotal,
    /// Each “三公” item vs its budget.
    ThreePublicBudgetItems,
    /// Each “三公” item vs the prior year.
    ThreePublicPriorItems,
    /// 机关运行经费 vs the prior year.
    AgencyRunningCosts,
}

/// Which changes need a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonPolicy {
    /// Changes of at least this many percent need a reason (0: any change).
    pub threshold_percent: Decimal,
    /// The comparisons concerned.
    pub subjects: Vec<ReasonSubject>,
    /// Level of the 一般公共预算 lines the explanation compares with 年初预算.
    pub general_budget_line_level: LineLevel,
}

/// A level of the function classification, for profile settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineLevel {
    /// 类
    Class,
    /// 项
    Item,
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
    /// Decimals of performance scores.
    pub score_decimals: u32,
    /// Whether percentages in the text keep two decimals (`2.10%`, Shanghai) or drop
    /// trailing zeros (`1.7%`, Beijing).
    #[serde(default)]
    pub percent_fixed_decimals: bool,
    /// Whether ASCII punctuation (`,` `;` `:` `(` `)`) may stand in Chinese text; `false`
    /// makes the document check report it (D-074).
    #[serde(default = "yes")]
    pub ascii_punctuation: bool,
    /// Decimals of amounts in the text (`1180.30万元`), rounded half up: the tables'
    /// two by default, so a figure reads the same in the text and in its table.
    #[serde(default = "two")]
    pub text_decimals: u32,
    /// Whether the explanation states the use (主要用于) of every item line (Shanghai).
    #[serde(default)]
    pub usage_required: bool,
    /// Titles that differ from the national ones.
    #[serde(default)]
    pub titles: BTreeMap<TableKind, String>,
    /// Grade bands, highest first.
    pub grades: Vec<GradeBand>,
    /// Default first-level weights.
    pub performance_weights: PerformanceWeights,
    /// Which changes need a reason.
    pub reasons: ReasonPolicy,
    /// Tables a published disclosure must contain (`juesuan check`); empty means all of
    /// `tables`.
    #[serde(default)]
    pub required_tables: Vec<TableKind>,
    /// Parts a published disclosure must have, in order.
    #[serde(default)]
    pub parts: Vec<PartDef>,
}

/// A part (`第一部分 概况`) of a published disclosure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartDef {
    /// What its `第…部分` heading contains (`概况`).
    pub find: String,
    /// Its name in messages.
    pub name: String,
}

/// A profile file could not be read.
#[derive(Debug, Clone, thiserror::Error)]
#[error("地区格式文件无法读取：{0}")]
pub struct ProfileError(pub String);

/// A layout family juesuan reads but does not generate (`profiles/families.toml`): how its
/// tables are titled and what names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// Identifier (`central-university`).
    pub id: String,
    /// Name in messages (`中央部门决算格式（高等学校）`).
    pub name: String,
    /// Words of a document's title, headings or table titles that show the family.
    #[serde(default)]
    pub recognise: Vec<String>,
    /// Its titles of the tables juesuan models, where they differ from the national ones.
    #[serde(default)]
    pub titles: BTreeMap<TableKind, String>,
    /// Titles of its tables that no table of the model stands for.
    #[serde(default)]
    pub unread: Vec<String>,
}

#[derive(Deserialize)]
struct Families {
    family: Vec<Family>,
}

const FAMILIES: &str = include_str!("../../../profiles/families.toml");

impl Family {
    /// The built-in families.
    pub fn builtins() -> &'static [Family] {
        static ALL: OnceLock<Vec<Family>> = OnceLock::new();
        ALL.get_or_init(|| {
            toml::from_str::<Families>(FAMILIES)
                .map(|f| f.family)
                .unwrap_or_default()
        })
    }

    /// Every title a table is printed under: the national one, the regional profiles' and
    /// the families'.
    pub fn titles_of(kind: TableKind) -> impl Iterator<Item = &'static str> {
        std::iter::once(kind.title())
            .chain(kind.title_aliases().iter().copied())
            .chain(
                Profile::builtins()
                    .iter()
                    .filter_map(move |p| p.titles.get(&kind).map(String::as_str)),
            )
            .chain(
                Family::builtins()
                    .iter()
                    .filter_map(move |f| f.titles.get(&kind).map(String::as_str)),
            )
    }
}

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

    /// A built-in profile by id (`shanghai`), region name (`上海市`) or the name without
    /// 市 (`上海`), as a user names it.
    pub fn find(name: &str) -> Option<&'static Profile> {
        Profile::builtins()
            .iter()
            .find(|p| p.id == name || p.name == name || p.name.trim_end_matches('市') == name)
    }

    /// The ids of the built-in profiles, for messages.
    pub fn builtin_ids() -> Vec<&'static str> {
        Profile::builtins().iter().map(|p| p.id.as_str()).collect()
    }

    /// The tables a published disclosure must contain.
    pub fn required_tables(&self) -> &[TableKind] {
        if self.required_tables.is_empty() {
            &self.tables
        } else {
            &self.required_tables
        }
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

    /// True when the profile asks for a reason for this kind of comparison.
    pub fn wants_reason(&self, subject: ReasonSubject) -> bool {
        self.reasons.subjects.contains(&subject)
    }

    /// The band whose label or alias is `label`.
    pub fn grade_named(&self, label: &str) -> Option<&GradeBand> {
        let l = crate::text::compact(label);
        self.grades
            .iter()
            .find(|g| g.label == l || g.aliases.contains(&l))
    }

    /// The grade a score earns.
    pub fn grade(&self, score: Decimal) -> Option<&GradeBand> {
        self.grades.iter().find(|g| score >= g.min)
    }
}

fn two() -> u32 {
    2
}

fn yes() -> bool {
    true
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
        for name in ["shanghai", "上海市", "上海"] {
            assert_eq!(Profile::find(name).map(|p| p.id.as_str()), Some("shanghai"));
        }
        assert!(Profile::find("上").is_none() && Profile::find("").is_none());
    }

    #[test]
    fn bad_profile_is_an_error() {
        assert!(Profile::from_toml("id = \"x\"").is_err());
    }
}
