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
    /// Identifier used in packages (`beijing`, `shanghai-budget`).
    pub id: String,
    /// Region name (`北京市`).
    pub name: String,
    /// The disclosure it describes: 决算 (default) or 预算.
    #[serde(default, skip_serializing_if = "DisclosureKind::is_final")]
    pub kind: DisclosureKind,
    /// The region's id shared by its 决算 and 预算 profiles (`shanghai`); the profile's own
    /// id when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
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
    /// Statements a published disclosure must make (`juesuan check`, D-050…D-054).
    #[serde(default)]
    pub statements: Vec<StatementDef>,
    /// What its 名词解释 must explain (D-055).
    #[serde(default)]
    pub glossary: GlossaryDef,
    /// How far its tables and explanation must go into detail (D-056, D-057).
    #[serde(default)]
    pub detail: DetailDef,
    /// How the generator prints its tables (unit, 编制单位 line, year in the title).
    #[serde(default)]
    pub table_style: TableStyle,
}

/// How a profile's tables are printed by the generator: the unit of their amounts (the
/// Shanghai district budget prints tables 1–8 in 元 and its “三公” table in 万元), the label
/// of the line naming who compiled them (`编制单位` / `编制部门`), and whether a title starts
/// with the year (`2025年部门财务收支预算总表`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableStyle {
    /// The unit of every table's amounts (`万元`, `元`).
    #[serde(default = "wan")]
    pub unit: String,
    /// Tables printed in another unit than `unit`.
    #[serde(default)]
    pub units: BTreeMap<TableKind, String>,
    /// The label before the unit's name above each table.
    #[serde(default = "compiled_by")]
    pub org_label: String,
    /// Whether each table's title starts with the year (`2025年`).
    #[serde(default)]
    pub year_in_title: bool,
}

impl Default for TableStyle {
    fn default() -> Self {
        TableStyle {
            unit: wan(),
            units: BTreeMap::new(),
            org_label: compiled_by(),
            year_in_title: false,
        }
    }
}

impl TableStyle {
    /// The unit the table of `kind` is printed in (`元`, `万元`).
    pub fn unit_of(&self, kind: TableKind) -> &str {
        self.units
            .get(&kind)
            .map(String::as_str)
            .unwrap_or(&self.unit)
    }
}

fn wan() -> String {
    "万元".to_string()
}

fn compiled_by() -> String {
    "编制单位".to_string()
}

/// A kind of disclosure: what a package holds, what a profile describes, and what a
/// requirement applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureKind {
    /// 部门决算.
    #[default]
    #[serde(alias = "决算", alias = "final_accounts")]
    Final,
    /// 部门预算.
    #[serde(alias = "预算")]
    Budget,
}

impl DisclosureKind {
    /// `决算`, `预算`.
    pub fn label(self) -> &'static str {
        match self {
            DisclosureKind::Final => "决算",
            DisclosureKind::Budget => "预算",
        }
    }

    /// Whether this is the default (final accounts), for `skip_serializing_if`.
    pub fn is_final(&self) -> bool {
        *self == DisclosureKind::Final
    }

    /// Parses what a user types: `决算`, `预算`, `final`, `budget`, `部门预算`.
    pub fn parse(s: &str) -> Option<DisclosureKind> {
        match s.trim().trim_start_matches("部门") {
            "决算" | "final" | "final_accounts" => Some(DisclosureKind::Final),
            "预算" | "budget" => Some(DisclosureKind::Budget),
            _ => None,
        }
    }
}

/// Which rule reports a missing statement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementTopic {
    /// A required statement or section of its own (D-050).
    #[default]
    Section,
    /// A piece of the “三公” explanation (D-051).
    ThreePublic,
    /// A piece of the 政府采购 explanation (D-052).
    Procurement,
    /// A piece of the 国有资产占用 explanation (D-053).
    Assets,
    /// A piece of the 绩效 explanation (D-054).
    Performance,
}

/// What makes a statement necessary beyond its section being there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementWhen {
    /// Always.
    #[default]
    Always,
    /// 因公出国（境）费 was spent (table or text).
    Overseas,
    /// 公务用车购置及运行维护费 was spent.
    Vehicle,
    /// 公务用车购置费 was spent.
    VehiclePurchase,
    /// 公务接待费 was spent.
    Reception,
    /// The unit holds vehicles (`共有车辆3辆`).
    Vehicles,
    /// The “三公” table (or the text) shows no “三公” spending at all.
    NoThreePublic,
    /// The 政府采购 total the section states first is not zero (or is not stated).
    Procurement,
}

/// A statement a disclosure must make, found by its words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementDef {
    /// The rule that reports it missing.
    #[serde(default)]
    pub topic: StatementTopic,
    /// Its name in messages (`因公出国（境）团组数`).
    pub name: String,
    /// Words any of which shows it; `甲…乙` is 甲 followed by 乙 in the same sentence.
    pub find: Vec<String>,
    /// Words of the heading of the section it must be in (empty: anywhere in the text).
    #[serde(default)]
    pub within: Vec<String>,
    /// Words of that section that make it unnecessary (`无“三公”经费`).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Phrases left out before looking (`购置及运行维护费` names both halves at once).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// What else must hold for it to be required.
    #[serde(default)]
    pub when: StatementWhen,
    /// The disclosures it applies to.
    #[serde(default = "final_only")]
    pub kinds: Vec<DisclosureKind>,
}

/// What the 名词解释 must explain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryDef {
    /// Terms explained whatever the tables hold (Shanghai keeps 事业收入 when it has none).
    #[serde(default)]
    pub always: Vec<String>,
    /// Terms explained when the tables (or the text) state an amount other than zero.
    #[serde(default)]
    pub when_used: Vec<String>,
    /// Whether every 项 of the function classification the unit used is explained.
    #[serde(default)]
    pub items: bool,
}

/// How far the tables and the explanation go into detail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetailDef {
    /// The 一般公共预算财政拨款支出决算表 lists the function classification to 项.
    #[serde(default)]
    pub function_items: bool,
    /// The 基本支出决算表 lists the economic classification to 款.
    #[serde(default)]
    pub economic_sections: bool,
    /// What the explanation of each 项 of 一般公共预算财政拨款支出 states (empty: 项 are
    /// not explained one by one); the reason for a difference is checked besides.
    #[serde(default)]
    pub item_explanation: Vec<PieceDef>,
}

/// A piece of an explanation, found by its words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PieceDef {
    /// Its name in messages (`主要用于`).
    pub name: String,
    /// Words any of which shows it.
    pub find: Vec<String>,
}

fn final_only() -> Vec<DisclosureKind> {
    vec![DisclosureKind::Final]
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
            .chain(kind.budget_titles().iter().copied())
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
const BEIJING_BUDGET: &str = include_str!("../../../profiles/beijing-budget/profile.toml");
const SHANGHAI_BUDGET: &str = include_str!("../../../profiles/shanghai-budget/profile.toml");

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
            [BEIJING, SHANGHAI, BEIJING_BUDGET, SHANGHAI_BUDGET]
                .into_iter()
                .filter_map(|t| Profile::from_toml(t).ok())
                .collect()
        })
    }

    /// A built-in profile by id.
    pub fn builtin(id: &str) -> Option<&'static Profile> {
        Profile::builtins().iter().find(|p| p.id == id)
    }

    /// A built-in 决算 profile by id (`shanghai`), region name (`上海市`) or the name
    /// without 市 (`上海`), as a user names it; a 预算 profile only by its id.
    pub fn find(name: &str) -> Option<&'static Profile> {
        Profile::builtin(name).or_else(|| Profile::find_kind(name, DisclosureKind::Final))
    }

    /// The built-in profile of a kind for what a user names: the region's id, a profile id of
    /// either kind, the region name or the name without 市 (`上海` + 预算 → `shanghai-budget`).
    pub fn find_kind(name: &str, kind: DisclosureKind) -> Option<&'static Profile> {
        let region = Profile::builtins()
            .iter()
            .find(|p| p.id == name || p.name == name || p.name.trim_end_matches('市') == name)?
            .region();
        Profile::builtins()
            .iter()
            .find(|p| p.kind == kind && p.region() == region)
    }

    /// The region's id shared by its 决算 and 预算 profiles.
    pub fn region(&self) -> &str {
        self.region.as_deref().unwrap_or(&self.id)
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
            .unwrap_or_else(|| kind.title_for(self.kind))
    }

    /// `表5 一般公共预算财政拨款支出决算表` in the profile's numbering, for a package of
    /// `kind`. A budget read under a region that has only a 决算 profile (the central
    /// format) gets its budget title and no number: the 决算 numbering does not apply.
    pub fn table_label(&self, table: TableKind, kind: DisclosureKind) -> String {
        if self.kind != kind {
            return table.title_for(kind).to_string();
        }
        match self.table_number(table) {
            Some(n) => format!("表{n} {}", self.title(table)),
            None => self.title(table).to_string(),
        }
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
        assert_eq!(
            Profile::builtin_ids(),
            ["beijing", "shanghai", "beijing-budget", "shanghai-budget"]
        );
        // how the generator prints tables: 万元 and 编制单位 unless the profile says otherwise
        assert_eq!(s.table_style.unit_of(TableKind::Income), "万元");
        assert_eq!(s.table_style.org_label, "编制单位");
        let sb = Profile::builtin("shanghai-budget").unwrap();
        assert_eq!(sb.table_style.unit_of(TableKind::Income), "元");
        assert_eq!(sb.table_style.unit_of(TableKind::ThreePublic), "万元");
        assert_eq!(sb.table_style.org_label, "编制部门");
        assert!(sb.table_style.year_in_title && !s.table_style.year_in_title);
        for name in ["shanghai", "上海市", "上海"] {
            assert_eq!(Profile::find(name).map(|p| p.id.as_str()), Some("shanghai"));
        }
        assert!(Profile::find("上").is_none() && Profile::find("").is_none());
        // What a disclosure must state (D-050…D-057) is data too.
        for p in [b, s] {
            assert!(
                p.statements
                    .iter()
                    .any(|d| d.topic == StatementTopic::ThreePublic)
            );
            assert!(
                p.statements
                    .iter()
                    .any(|d| d.topic == StatementTopic::Procurement)
            );
            assert!(p.detail.function_items && p.detail.economic_sections);
        }
        assert_eq!(s.glossary.always.len(), 11);
        assert!(b.glossary.items && !s.glossary.items);
        assert_eq!(s.detail.item_explanation.len(), 3);
        assert!(b.detail.item_explanation.is_empty());
    }

    #[test]
    fn bad_profile_is_an_error() {
        assert!(Profile::from_toml("id = \"x\"").is_err());
    }
}
