//! The public tables of a final-accounts disclosure.
//!
//! Tables are named by what they are, not by number: Beijing numbers them 1–12, Shanghai
//! 1–9, and the same table (三公) is 10 in one and 7 in the other. A profile lists which
//! tables it publishes and in what order (see [`crate::profile`]).

use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::code::{Classification, Code};
use crate::fields::{CodedRecord, Record, coded_row, record};

/// How much of a table is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// The whole table as published: a blank cell is zero.
    #[default]
    Complete,
    /// Only the figures given are known (e.g. taken from the explanation text because the
    /// tables were not published); a blank cell is unknown, not zero.
    Partial,
}

impl Coverage {
    /// `完整` / `部分`.
    pub fn label(self) -> &'static str {
        match self {
            Coverage::Complete => "完整",
            Coverage::Partial => "部分",
        }
    }

    /// Parses `完整`/`部分` (also `complete`/`partial`).
    pub fn from_label(s: &str) -> Option<Coverage> {
        match crate::text::compact(s).as_str() {
            "完整" | "complete" | "完整表" | "全表" => Some(Coverage::Complete),
            "部分" | "partial" | "不完整" => Some(Coverage::Partial),
            _ => None,
        }
    }

    /// True for [`Coverage::Complete`] (serde helper).
    pub fn is_complete(&self) -> bool {
        *self == Coverage::Complete
    }
}

/// Every kind of table a profile may publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// 收入支出决算总表
    Summary,
    /// 收入决算表
    Income,
    /// 支出决算表
    Expenditure,
    /// 财政拨款收入支出决算总表
    AppropriationSummary,
    /// 一般公共预算财政拨款支出决算表
    GeneralBudget,
    /// 一般公共预算财政拨款基本支出决算表
    GeneralBudgetBasic,
    /// 政府性基金预算财政拨款收入支出决算表
    GovFund,
    /// 政府性基金预算财政拨款基本支出决算表 (Beijing)
    GovFundBasic,
    /// 国有资本经营预算财政拨款（收入）支出决算表
    StateCapital,
    /// 财政拨款“三公”经费支出决算表
    ThreePublic,
    /// 政府采购情况表 (Beijing)
    Procurement,
    /// 政府购买服务决算公开情况表 (Beijing)
    PurchasedServices,
}

impl TableKind {
    /// Every kind, in the Beijing order (the longest list).
    pub const ALL: [TableKind; 12] = [
        TableKind::Summary,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::AppropriationSummary,
        TableKind::GeneralBudget,
        TableKind::GeneralBudgetBasic,
        TableKind::GovFund,
        TableKind::GovFundBasic,
        TableKind::StateCapital,
        TableKind::ThreePublic,
        TableKind::Procurement,
        TableKind::PurchasedServices,
    ];

    /// The key used in package files (`summary`, `income`, …).
    pub fn key(self) -> &'static str {
        match self {
            TableKind::Summary => "summary",
            TableKind::Income => "income",
            TableKind::Expenditure => "expenditure",
            TableKind::AppropriationSummary => "appropriation_summary",
            TableKind::GeneralBudget => "general_budget",
            TableKind::GeneralBudgetBasic => "general_budget_basic",
            TableKind::GovFund => "gov_fund",
            TableKind::GovFundBasic => "gov_fund_basic",
            TableKind::StateCapital => "state_capital",
            TableKind::ThreePublic => "three_public",
            TableKind::Procurement => "procurement",
            TableKind::PurchasedServices => "purchased_services",
        }
    }

    /// The national title. Profiles may print another (Beijing's 国有资本经营 table has no
    /// 收入 in its title).
    pub fn title(self) -> &'static str {
        match self {
            TableKind::Summary => "收入支出决算总表",
            TableKind::Income => "收入决算表",
            TableKind::Expenditure => "支出决算表",
            TableKind::AppropriationSummary => "财政拨款收入支出决算总表",
            TableKind::GeneralBudget => "一般公共预算财政拨款支出决算表",
            TableKind::GeneralBudgetBasic => "一般公共预算财政拨款基本支出决算表",
            TableKind::GovFund => "政府性基金预算财政拨款收入支出决算表",
            TableKind::GovFundBasic => "政府性基金预算财政拨款基本支出决算表",
            TableKind::StateCapital => "国有资本经营预算财政拨款收入支出决算表",
            TableKind::ThreePublic => "财政拨款“三公”经费支出决算表",
            TableKind::Procurement => "政府采购情况表",
            TableKind::PurchasedServices => "政府购买服务决算公开情况表",
        }
    }

    /// Other titles seen in real documents.
    pub fn title_aliases(self) -> &'static [&'static str] {
        match self {
            TableKind::StateCapital => &["国有资本经营预算财政拨款支出决算表"],
            // A summary titled 收支 for 收入支出 must not be taken for the other one.
            TableKind::AppropriationSummary => &["财政拨款收支决算总表"],
            TableKind::ThreePublic => &[
                "财政拨款\"三公\"经费支出决算表",
                "财政拨款三公经费支出决算表",
                "一般公共预算财政拨款“三公”经费支出决算表",
            ],
            TableKind::PurchasedServices => &["政府购买服务决算情况表", "政府购买服务情况表"],
            TableKind::Procurement => &["政府采购情况"],
            _ => &[],
        }
    }

    /// Titles of the table in a budget (部门预算) disclosure, the national one first, then
    /// the regions' (`财务收支预算总表`, Shanghai; `收支总表`, Beijing) and the central
    /// format's variants.
    pub fn budget_titles(self) -> &'static [&'static str] {
        match self {
            TableKind::Summary => &["收支预算总表", "财务收支预算总表", "收支总表"],
            TableKind::Income => &["收入预算表", "收入预算总表", "收入总表"],
            TableKind::Expenditure => &["支出预算表", "支出预算总表", "支出总表"],
            TableKind::AppropriationSummary => &["财政拨款收支预算总表", "财政拨款收支总表"],
            TableKind::GeneralBudget => &[
                "一般公共预算支出预算表",
                "一般公共预算支出功能分类预算表",
                "一般公共预算财政拨款支出表",
                "一般公共预算财政拨款支出预算表",
            ],
            TableKind::GeneralBudgetBasic => &[
                "一般公共预算基本支出预算表",
                "一般公共预算基本支出部门预算经济分类预算表",
                "一般公共预算财政拨款基本支出表",
                "一般公共预算财政拨款基本支出预算表",
            ],
            TableKind::GovFund => &[
                "政府性基金预算支出预算表",
                "政府性基金预算支出功能分类预算表",
                "政府性基金预算财政拨款支出表",
                "政府性基金预算财政拨款支出预算表",
            ],
            TableKind::GovFundBasic => &["政府性基金预算基本支出预算表"],
            TableKind::StateCapital => &[
                "国有资本经营预算支出预算表",
                "国有资本经营预算支出功能分类预算表",
                "国有资本经营预算财政拨款支出表",
                "国有资本经营预算财政拨款支出预算表",
            ],
            TableKind::ThreePublic => &[
                "一般公共预算“三公”经费支出预算表",
                "“三公”经费和机关运行经费预算表",
                "“三公”经费支出预算表",
                "财政拨款“三公”经费支出表",
                "“三公”经费预算表",
            ],
            TableKind::Procurement => &["政府采购预算表", "政府采购预算明细表"],
            TableKind::PurchasedServices => {
                &["政府购买服务预算表", "政府购买服务预算财政拨款明细表"]
            }
        }
    }

    /// The national title of the table in a disclosure of this kind.
    pub fn title_for(self, kind: crate::DisclosureKind) -> &'static str {
        match kind {
            crate::DisclosureKind::Final => self.title(),
            crate::DisclosureKind::Budget => self.budget_titles()[0],
        }
    }

    /// The public table a printed title names (`表1：2024年度收入支出决算总表`,
    /// `高等学校收支决算总表`): the longest known title it ends with, unless what stands before
    /// it starts a longer table name (`高等学校财政拨款支出决算表` is not `支出决算表`).
    pub fn named_by(title: &str) -> Option<TableKind> {
        let c = crate::text::compact(title).replace(['"', '“', '”'], "");
        const LONGER: &[&str] = &[
            "拨款", "预算", "财政", "基金", "资本", "经营", "经费", "基本", "项目",
        ];
        // every title of every table, compacted once: this runs for each table of a document
        static TITLES: std::sync::OnceLock<Vec<(TableKind, String)>> = std::sync::OnceLock::new();
        let titles = TITLES.get_or_init(|| {
            TableKind::ALL
                .into_iter()
                .flat_map(|k| {
                    crate::profile::Family::titles_of(k)
                        .map(move |t| (k, crate::text::compact(t).replace(['"', '“', '”'], "")))
                })
                .collect()
        });
        titles
            .iter()
            .filter(|(_, t)| {
                c.strip_suffix(t.as_str())
                    .is_some_and(|before| !LONGER.iter().any(|l| before.ends_with(l)))
            })
            .map(|(k, _)| *k)
            .max_by_key(|k| k.title().len())
    }

    /// Parses a key or a title.
    pub fn from_key_or_title(s: &str) -> Option<TableKind> {
        if let Some(k) = TableKind::ALL.into_iter().find(|k| k.key() == s) {
            return Some(k);
        }
        // every title, alias and budget title compacted once: a document's findings are
        // located through this, one call per finding
        static TITLES: std::sync::OnceLock<Vec<(TableKind, String)>> = std::sync::OnceLock::new();
        let titles = TITLES.get_or_init(|| {
            TableKind::ALL
                .into_iter()
                .flat_map(|k| {
                    std::iter::once(k.title())
                        .chain(k.title_aliases().iter().copied())
                        .chain(k.budget_titles().iter().copied())
                        .map(move |t| (k, crate::text::compact(t)))
                })
                .collect()
        });
        let c = crate::text::compact(s);
        titles.iter().find(|(_, t)| *t == c).map(|(k, _)| *k)
    }

    /// The classification of the table's rows, for coded tables.
    pub fn classification(self) -> Option<Classification> {
        match self {
            TableKind::Income
            | TableKind::Expenditure
            | TableKind::GeneralBudget
            | TableKind::GovFund
            | TableKind::StateCapital => Some(Classification::Function),
            TableKind::GeneralBudgetBasic | TableKind::GovFundBasic => {
                Some(Classification::Economic)
            }
            _ => None,
        }
    }
}

/// One stated figure of a public table (see [`Tables::figures`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The table.
    pub table: TableKind,
    /// The row's classification code, for coded rows and class lines.
    pub code: Option<Code>,
    /// The row's name or the line's label (`合计`, `本年收入合计`, `行政运行`).
    pub line: String,
    /// The column's label, where the row has several.
    pub column: Option<&'static str>,
    /// The figure.
    pub amount: Amount,
}

/// A table whose rows are keyed by classification codes, with a totals row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(
    serialize = "R: Serialize, T: Serialize + Record",
    deserialize = "R: Deserialize<'de>, T: Deserialize<'de> + Record"
))]
pub struct CodedTable<R, T> {
    /// How much of the table is known.
    #[serde(default, skip_serializing_if = "Coverage::is_complete")]
    pub coverage: Coverage,
    /// The totals row (合计), as printed; blank when not printed.
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub total: T,
    /// The rows in printed order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<R>,
    /// The statement printed under the table (for an empty table: that the unit had no such
    /// income or expenditure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Lines the source does not print (`income.general_budget`, where the central format
    /// prints `财政拨款收入` as one line): unknown, not zero, whatever the coverage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
}

impl<R, T: Default> Default for CodedTable<R, T> {
    fn default() -> Self {
        CodedTable {
            coverage: Coverage::Complete,
            total: T::default(),
            rows: Vec::new(),
            note: None,
            absent: Vec::new(),
        }
    }
}

impl<R: CodedRecord, T: Record> CodedTable<R, T> {
    /// The row with this code.
    pub fn row(&self, code: &Code) -> Option<&R> {
        self.rows.iter().find(|r| r.code() == *code)
    }

    /// True when neither rows nor totals state a figure.
    pub fn is_empty(&self) -> bool {
        self.total.is_blank() && self.rows.iter().all(|r| r.is_blank())
    }
}

coded_row! {
    /// A row of 收入决算表.
    pub struct IncomeRow / IncomeValues {
        total: "本年收入合计" | "合计" | "收入预算" | "收入合计",
        appropriation: "财政拨款收入" | "财政拨款",
        superior_subsidy: "上级补助收入",
        institutional: "事业收入",
        operating: "经营收入" | "事业单位经营收入",
        affiliate_remittance: "附属单位上缴收入",
        other: "其他收入",
    }
}

coded_row! {
    /// A row of 支出决算表.
    pub struct ExpenditureRow / ExpenditureValues {
        total: "本年支出合计" | "合计" | "支出预算" | "支出合计",
        basic: "基本支出",
        project: "项目支出",
        remit_superior: "上缴上级支出",
        operating: "经营支出",
        affiliate_subsidy: "对附属单位补助支出" | "对下级单位补助支出",
    }
}

coded_row! {
    /// A row of 一般公共预算财政拨款支出决算表. `initial_budget` (年初预算数) is not printed
    /// in the table; the explanation compares each line against it.
    pub struct GeneralBudgetRow / GeneralBudgetValues {
        total: "合计" | "小计" | "本年支出合计" | "一般公共预算支出",
        basic: "基本支出",
        project: "项目支出",
        initial_budget: "年初预算数" | "年初预算数（说明用）" | "年初预算",
    }
}

coded_row! {
    /// A row of a 基本支出决算表 (economic classification). Budgets (Shanghai's 一般公共预算
    /// 基本支出部门预算经济分类预算表) print each row's 人员经费 and 公用经费 beside its 合计.
    pub struct EconomicRow / EconomicValues {
        amount: "决算数",
        personnel: "人员经费",
        public: "公用经费",
    }
}

record! {
    /// The totals printed under a 基本支出决算表.
    pub struct BasicTotals {
        personnel: Amount = "人员经费合计" | "人员经费",
        public: Amount = "公用经费合计" | "公用经费",
        total: Amount = "合计" | "基本支出合计",
    }
}

coded_row! {
    /// A row of 政府性基金 / 国有资本经营 预算财政拨款收入支出决算表. `initial_budget`
    /// (年初预算数) is not printed in the table; the Shanghai explanation compares each
    /// item line against it.
    pub struct FundRow / FundValues {
        opening: "年初结转和结余",
        income: "本年收入",
        expenditure: "本年支出小计" | "本年支出合计" | "小计" | "本年支出" | "政府性基金预算支出" | "国有资本经营预算支出",
        basic: "基本支出",
        project: "项目支出",
        closing: "年末结转和结余",
        initial_budget: "年初预算数" | "年初预算数（说明用）" | "年初预算",
    }
}

coded_row! {
    /// An expenditure line of 收入支出决算总表 (one per function class).
    pub struct ClassLine / ClassLineValues {
        amount: "决算数",
    }
}

coded_row! {
    /// An expenditure line of 财政拨款收入支出决算总表.
    pub struct AppropriationRow / AppropriationValues {
        total: "合计",
        general_budget: "一般公共预算财政拨款" | "一般公共预算",
        gov_fund: "政府性基金预算财政拨款" | "政府性基金预算",
        state_capital: "国有资本经营预算财政拨款" | "国有资本经营预算",
    }
}

/// Columns of a coded row that only some formats print (the 人员经费 / 公用经费 split of each
/// row of Shanghai's budget 基本支出 table). A table printing none of them is not said to
/// lack them (`absent`); rules reading them check that the table prints them.
pub const SPLIT_COLUMNS: &[&str] = &["personnel", "public"];

/// 收入决算表
pub type IncomeTable = CodedTable<IncomeRow, IncomeValues>;
/// 支出决算表
pub type ExpenditureTable = CodedTable<ExpenditureRow, ExpenditureValues>;
/// 一般公共预算财政拨款支出决算表
pub type GeneralBudgetTable = CodedTable<GeneralBudgetRow, GeneralBudgetValues>;
/// 一般公共预算 / 政府性基金 财政拨款基本支出决算表
pub type BasicTable = CodedTable<EconomicRow, BasicTotals>;
/// 政府性基金 / 国有资本经营 预算财政拨款收入支出决算表
pub type FundTable = CodedTable<FundRow, FundValues>;

record! {
    /// Income side of 收入支出决算总表.
    pub struct SummaryIncome {
        /// 财政拨款收入 as one line (the central format), its parts then `其中` lines or not
        /// printed; blank where the three appropriation lines are printed instead.
        appropriation: Amount = "财政拨款收入",
        general_budget: Amount = "一般公共预算财政拨款收入" | "一般公共预算资金",
        gov_fund: Amount = "政府性基金预算财政拨款收入" | "政府性基金",
        state_capital: Amount = "国有资本经营预算财政拨款收入" | "国有资本经营预算",
        superior_subsidy: Amount = "上级补助收入",
        institutional: Amount = "事业收入",
        operating: Amount = "经营收入" | "事业单位经营收入",
        affiliate_remittance: Amount = "附属单位上缴收入",
        other: Amount = "其他收入",
        total: Amount = "本年收入合计",
        non_appropriation_balance: Amount = "使用非财政拨款结余" | "使用非财政拨款结余（含专用结余）" | "使用非财政拨款结余(含专用结余)",
        opening_carryover: Amount = "年初结转和结余" | "上年结转和结余",
        grand_total: Amount = "收入总计" | "总计" | "合计",
    }
}

record! {
    /// Totals of the expenditure side of 收入支出决算总表.
    pub struct SummaryExpenditureTotals {
        total: Amount = "本年支出合计",
        balance_distribution: Amount = "结余分配",
        closing_carryover: Amount = "年末结转和结余",
        grand_total: Amount = "支出总计" | "总计" | "合计",
    }
}

/// 收入支出决算总表
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// How much of the table is known.
    #[serde(default, skip_serializing_if = "Coverage::is_complete")]
    pub coverage: Coverage,
    /// Income lines and their totals.
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub income: SummaryIncome,
    /// One expenditure line per function class.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expenditure: Vec<ClassLine>,
    /// Expenditure totals.
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub expenditure_totals: SummaryExpenditureTotals,
    /// Lines the source does not print (`income.general_budget`, where the central format
    /// prints `财政拨款收入` as one line): unknown, not zero, whatever the coverage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
}

record! {
    /// Income side of 财政拨款收入支出决算总表.
    pub struct AppropriationIncome {
        general_budget: Amount = "一般公共预算财政拨款" | "一般公共预算资金",
        gov_fund: Amount = "政府性基金预算财政拨款" | "政府性基金",
        state_capital: Amount = "国有资本经营预算财政拨款" | "国有资本经营预算",
        total: Amount = "本年收入合计",
        opening_carryover: Amount = "年初财政拨款结转和结余",
        opening_general_budget: Amount = "年初结转和结余：一般公共预算财政拨款",
        opening_gov_fund: Amount = "年初结转和结余：政府性基金预算财政拨款",
        opening_state_capital: Amount = "年初结转和结余：国有资本经营预算财政拨款",
        grand_total: Amount = "收入总计" | "总计",
    }
}

/// 财政拨款收入支出决算总表
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppropriationSummary {
    /// How much of the table is known.
    #[serde(default, skip_serializing_if = "Coverage::is_complete")]
    pub coverage: Coverage,
    /// Income lines.
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub income: AppropriationIncome,
    /// Expenditure by function class.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expenditure: Vec<AppropriationRow>,
    /// 本年支出合计
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub expenditure_total: AppropriationValues,
    /// 年末财政拨款结转和结余
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub closing_carryover: AppropriationValues,
    /// 总计
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub grand_total: AppropriationValues,
}

record! {
    /// The six figures of the 三公 table for one column (预算数 or 决算数).
    pub struct ThreePublicFigures {
        total: Amount = "合计",
        overseas: Amount = "因公出国（境）费" | "因公出国(境)费",
        vehicle: Amount = "公务用车购置及运行维护费" | "公务用车购置及运行费" | "小计",
        vehicle_purchase: Amount = "公务用车购置费" | "购置费",
        vehicle_operation: Amount = "公务用车运行维护费" | "公务用车运行费" | "运行维护费" | "运行费",
        reception: Amount = "公务接待费",
    }
}

record! {
    /// What the 三公 explanation states beyond the table: counts and what the money was for.
    pub struct ThreePublicDetails {
        overseas_groups: u32 = "因公出国（境）团组数",
        overseas_persons: u32 = "因公出国（境）人次",
        overseas_use: String = "因公出国（境）费开支内容",
        vehicles_purchased: u32 = "公务用车购置数量",
        vehicle_purchase_use: String = "公务用车购置用途",
        vehicle_operation_use: String = "公务用车运行维护费用途",
        vehicles_held: u32 = "公务用车保有量",
        domestic_reception: Amount = "国内公务接待支出",
        foreign_reception: Amount = "其中：外宾接待支出",
        reception_batches: u32 = "公务接待批次",
        reception_persons: u32 = "公务接待人次",
        foreign_reception_batches: u32 = "外宾接待批次",
        foreign_reception_persons: u32 = "外宾接待人次",
        reception_use: String = "公务接待费用途",
    }
}

/// 财政拨款“三公”经费支出决算表, with the explanation's counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreePublic {
    /// How much of the table is known.
    #[serde(default, skip_serializing_if = "Coverage::is_complete")]
    pub coverage: Coverage,
    /// 预算数 (年初预算).
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub budget: ThreePublicFigures,
    /// 决算数.
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub actual: ThreePublicFigures,
    /// Counts and uses stated in the explanation.
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub details: ThreePublicDetails,
}

record! {
    /// 政府采购: the Beijing table 政府采购情况表 and the Shanghai explanation's figures.
    pub struct Procurement {
        budget_total: Amount = "采购预算：合计",
        budget_goods: Amount = "采购预算：货物",
        budget_works: Amount = "采购预算：工程",
        budget_services: Amount = "采购预算：服务",
        total: Amount = "实际采购金额：合计" | "政府采购支出总额" | "政府采购金额",
        goods: Amount = "实际采购金额：货物" | "货物采购金额",
        works: Amount = "实际采购金额：工程" | "工程采购金额",
        services: Amount = "实际采购金额：服务" | "服务采购金额",
        sme: Amount = "授予中小企业合同金额",
        small_micro: Amount = "其中：授予小微企业合同金额" | "授予小微企业合同金额",
        reserved_sme_budget: Amount = "面向中小企业预留项目预算金额",
        reserved_small_micro_budget: Amount = "面向小微企业预留项目预算金额",
        reserved_sme_awarded: Amount = "预留项目中由中小企业中标或成交的采购金额",
        reserved_small_micro_awarded: Amount = "预留项目中由小微企业中标或成交的采购金额",
        other_sme_awarded: Amount = "其他项目中由中小企业中标或成交的采购金额",
    }
}

record! {
    /// 国有资产占有使用情况: vehicles by kind and large equipment.
    pub struct Assets {
        vehicles: u32 = "车辆合计",
        vehicles_ministerial: u32 = "部级领导干部用车",
        vehicles_principal: u32 = "主要领导干部用车",
        vehicles_confidential: u32 = "机要通信用车",
        vehicles_emergency: u32 = "应急保障用车",
        vehicles_law_enforcement: u32 = "执法执勤用车",
        vehicles_special: u32 = "特种专业技术用车",
        vehicles_retired: u32 = "离退休干部用车",
        vehicles_other: u32 = "其他用车",
        equipment_over_1m: u32 = "单位价值100万元（含）以上设备" | "单价100万元（含）以上设备（不含车辆）",
        as_of: String = "统计截止日期",
    }
}

record! {
    /// One purchased service (政府购买服务).
    pub struct PurchasedService {
        name: String = "项目名称" | "购买服务项目",
        content: String = "购买服务内容" | "指导性目录" | "服务内容",
        amount: Amount = "决算金额" | "金额" | "预算金额",
        provider: String = "承接主体" | "承接主体名称",
        note: String = "备注",
    }
}

/// 政府购买服务决算公开情况表
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurchasedServices {
    /// How much of the table is known.
    #[serde(default, skip_serializing_if = "Coverage::is_complete")]
    pub coverage: Coverage,
    /// The total stated (合计).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::fields::cell_opt"
    )]
    pub total: Option<Amount>,
    /// The services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<PurchasedService>,
}

/// The procurement block with its coverage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcurementTable {
    /// How much of the table is known.
    #[serde(default, skip_serializing_if = "Coverage::is_complete")]
    pub coverage: Coverage,
    /// The figures.
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub figures: Procurement,
}

/// All tables of a package. `None` is a table that is absent (not published, not given).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tables {
    /// 收入支出决算总表
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    /// 收入决算表
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income: Option<IncomeTable>,
    /// 支出决算表
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expenditure: Option<ExpenditureTable>,
    /// 财政拨款收入支出决算总表
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appropriation_summary: Option<AppropriationSummary>,
    /// 一般公共预算财政拨款支出决算表
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_budget: Option<GeneralBudgetTable>,
    /// 一般公共预算财政拨款基本支出决算表
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_budget_basic: Option<BasicTable>,
    /// 政府性基金预算财政拨款收入支出决算表
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gov_fund: Option<FundTable>,
    /// 政府性基金预算财政拨款基本支出决算表
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gov_fund_basic: Option<BasicTable>,
    /// 国有资本经营预算财政拨款收入支出决算表
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_capital: Option<FundTable>,
    /// 财政拨款“三公”经费支出决算表
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub three_public: Option<ThreePublic>,
    /// 政府采购
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procurement: Option<ProcurementTable>,
    /// 政府购买服务
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchased_services: Option<PurchasedServices>,
}

impl Tables {
    /// Present, empty tables of these kinds (a blank form to fill).
    pub fn blank(kinds: &[TableKind]) -> Tables {
        let mut t = Tables::default();
        for k in kinds {
            match k {
                TableKind::Summary => t.summary = Some(Summary::default()),
                TableKind::Income => t.income = Some(IncomeTable::default()),
                TableKind::Expenditure => t.expenditure = Some(ExpenditureTable::default()),
                TableKind::AppropriationSummary => {
                    t.appropriation_summary = Some(AppropriationSummary::default())
                }
                TableKind::GeneralBudget => t.general_budget = Some(GeneralBudgetTable::default()),
                TableKind::GeneralBudgetBasic => {
                    t.general_budget_basic = Some(BasicTable::default())
                }
                TableKind::GovFund => t.gov_fund = Some(FundTable::default()),
                TableKind::GovFundBasic => t.gov_fund_basic = Some(BasicTable::default()),
                TableKind::StateCapital => t.state_capital = Some(FundTable::default()),
                TableKind::ThreePublic => t.three_public = Some(ThreePublic::default()),
                TableKind::Procurement => t.procurement = Some(ProcurementTable::default()),
                TableKind::PurchasedServices => {
                    t.purchased_services = Some(PurchasedServices::default())
                }
            }
        }
        t
    }

    /// True when the table of this kind is present.
    pub fn has(&self, kind: TableKind) -> bool {
        match kind {
            TableKind::Summary => self.summary.is_some(),
            TableKind::Income => self.income.is_some(),
            TableKind::Expenditure => self.expenditure.is_some(),
            TableKind::AppropriationSummary => self.appropriation_summary.is_some(),
            TableKind::GeneralBudget => self.general_budget.is_some(),
            TableKind::GeneralBudgetBasic => self.general_budget_basic.is_some(),
            TableKind::GovFund => self.gov_fund.is_some(),
            TableKind::GovFundBasic => self.gov_fund_basic.is_some(),
            TableKind::StateCapital => self.state_capital.is_some(),
            TableKind::ThreePublic => self.three_public.is_some(),
            TableKind::Procurement => self.procurement.is_some(),
            TableKind::PurchasedServices => self.purchased_services.is_some(),
        }
    }

    /// The coverage of a present table.
    pub fn coverage(&self, kind: TableKind) -> Option<Coverage> {
        match kind {
            TableKind::Summary => self.summary.as_ref().map(|t| t.coverage),
            TableKind::Income => self.income.as_ref().map(|t| t.coverage),
            TableKind::Expenditure => self.expenditure.as_ref().map(|t| t.coverage),
            TableKind::AppropriationSummary => {
                self.appropriation_summary.as_ref().map(|t| t.coverage)
            }
            TableKind::GeneralBudget => self.general_budget.as_ref().map(|t| t.coverage),
            TableKind::GeneralBudgetBasic => self.general_budget_basic.as_ref().map(|t| t.coverage),
            TableKind::GovFund => self.gov_fund.as_ref().map(|t| t.coverage),
            TableKind::GovFundBasic => self.gov_fund_basic.as_ref().map(|t| t.coverage),
            TableKind::StateCapital => self.state_capital.as_ref().map(|t| t.coverage),
            TableKind::ThreePublic => self.three_public.as_ref().map(|t| t.coverage),
            TableKind::Procurement => self.procurement.as_ref().map(|t| t.coverage),
            TableKind::PurchasedServices => self.purchased_services.as_ref().map(|t| t.coverage),
        }
    }

    /// The figures a table's source does not print (see `CodedTable::absent`); none for an
    /// absent table or a table that prints every figure.
    pub fn absent(&self, kind: TableKind) -> &[String] {
        let none: &[String] = &[];
        match kind {
            TableKind::Summary => self.summary.as_ref().map_or(none, |t| &t.absent),
            TableKind::Income => self.income.as_ref().map_or(none, |t| &t.absent),
            TableKind::Expenditure => self.expenditure.as_ref().map_or(none, |t| &t.absent),
            TableKind::GeneralBudget => self.general_budget.as_ref().map_or(none, |t| &t.absent),
            TableKind::GeneralBudgetBasic => self
                .general_budget_basic
                .as_ref()
                .map_or(none, |t| &t.absent),
            TableKind::GovFund => self.gov_fund.as_ref().map_or(none, |t| &t.absent),
            TableKind::GovFundBasic => self.gov_fund_basic.as_ref().map_or(none, |t| &t.absent),
            TableKind::StateCapital => self.state_capital.as_ref().map_or(none, |t| &t.absent),
            TableKind::AppropriationSummary
            | TableKind::ThreePublic
            | TableKind::Procurement
            | TableKind::PurchasedServices => none,
        }
    }

    /// Every stated amount of every present table, with what names it: the long form of the
    /// tables (one figure per line), as `extract` writes it.
    pub fn figures(&self) -> Vec<Figure> {
        fn record<R: Record>(
            out: &mut Vec<Figure>,
            table: TableKind,
            code: Option<Code>,
            line: Option<&str>,
            r: &R,
        ) {
            for (i, f) in R::FIELDS.iter().enumerate() {
                if let Some(crate::fields::CellValue::Amount(a)) = r.get(i) {
                    // A record of lines (a side of a two-sided table) names the line by the
                    // field; a row of columns names the column by it.
                    let (line, column) = match line {
                        Some(l) => (l.to_string(), Some(f.label)),
                        None => (f.label.to_string(), None),
                    };
                    out.push(Figure {
                        table,
                        code,
                        line,
                        column,
                        amount: a,
                    });
                }
            }
        }
        fn coded<R: CodedRecord, T: Record>(
            out: &mut Vec<Figure>,
            kind: TableKind,
            t: &Option<CodedTable<R, T>>,
        ) {
            if let Some(t) = t {
                record(out, kind, None, Some("合计"), &t.total);
                for r in &t.rows {
                    record(out, kind, Some(r.code()), Some(r.name()), r);
                }
            }
        }
        let mut out = Vec::new();
        if let Some(s) = &self.summary {
            let k = TableKind::Summary;
            record(&mut out, k, None, None, &s.income);
            for l in &s.expenditure {
                if let Some(a) = l.amount {
                    out.push(Figure {
                        table: k,
                        code: Some(l.code),
                        line: l.name.clone(),
                        column: None,
                        amount: a,
                    });
                }
            }
            record(&mut out, k, None, None, &s.expenditure_totals);
        }
        coded(&mut out, TableKind::Income, &self.income);
        coded(&mut out, TableKind::Expenditure, &self.expenditure);
        if let Some(s) = &self.appropriation_summary {
            let k = TableKind::AppropriationSummary;
            record(&mut out, k, None, None, &s.income);
            for r in &s.expenditure {
                record(&mut out, k, Some(r.code), Some(&r.name), r);
            }
            record(
                &mut out,
                k,
                None,
                Some("本年支出合计"),
                &s.expenditure_total,
            );
            record(
                &mut out,
                k,
                None,
                Some("年末结转和结余"),
                &s.closing_carryover,
            );
            record(&mut out, k, None, Some("总计"), &s.grand_total);
        }
        coded(&mut out, TableKind::GeneralBudget, &self.general_budget);
        coded(
            &mut out,
            TableKind::GeneralBudgetBasic,
            &self.general_budget_basic,
        );
        coded(&mut out, TableKind::GovFund, &self.gov_fund);
        coded(&mut out, TableKind::GovFundBasic, &self.gov_fund_basic);
        coded(&mut out, TableKind::StateCapital, &self.state_capital);
        if let Some(x) = &self.three_public {
            let k = TableKind::ThreePublic;
            for (column, figures) in [("预算数", &x.budget), ("决算数", &x.actual)] {
                let start = out.len();
                record(&mut out, k, None, None, figures);
                out[start..]
                    .iter_mut()
                    .for_each(|f| f.column = Some(column));
            }
        }
        if let Some(x) = &self.procurement {
            record(&mut out, TableKind::Procurement, None, None, &x.figures);
        }
        out
    }

    /// Calls `f` with every stated amount of every present table (rows, lines, totals).
    pub fn for_each_amount(&self, mut f: impl FnMut(TableKind, Amount)) {
        fn record<R: Record>(kind: TableKind, r: &R, f: &mut impl FnMut(TableKind, Amount)) {
            for i in 0..R::FIELDS.len() {
                if let Some(crate::fields::CellValue::Amount(a)) = r.get(i) {
                    f(kind, a);
                }
            }
        }
        fn coded<R: Record, T: Record>(
            kind: TableKind,
            t: &Option<CodedTable<R, T>>,
            f: &mut impl FnMut(TableKind, Amount),
        ) {
            if let Some(t) = t {
                record(kind, &t.total, f);
                for r in &t.rows {
                    record(kind, r, f);
                }
            }
        }
        if let Some(s) = &self.summary {
            record(TableKind::Summary, &s.income, &mut f);
            record(TableKind::Summary, &s.expenditure_totals, &mut f);
            s.expenditure
                .iter()
                .for_each(|l| record(TableKind::Summary, l, &mut f));
        }
        coded(TableKind::Income, &self.income, &mut f);
        coded(TableKind::Expenditure, &self.expenditure, &mut f);
        if let Some(s) = &self.appropriation_summary {
            let k = TableKind::AppropriationSummary;
            record(k, &s.income, &mut f);
            s.expenditure.iter().for_each(|l| record(k, l, &mut f));
            record(k, &s.expenditure_total, &mut f);
            record(k, &s.closing_carryover, &mut f);
            record(k, &s.grand_total, &mut f);
        }
        coded(TableKind::GeneralBudget, &self.general_budget, &mut f);
        coded(
            TableKind::GeneralBudgetBasic,
            &self.general_budget_basic,
            &mut f,
        );
        coded(TableKind::GovFund, &self.gov_fund, &mut f);
        coded(TableKind::GovFundBasic, &self.gov_fund_basic, &mut f);
        coded(TableKind::StateCapital, &self.state_capital, &mut f);
        if let Some(x) = &self.three_public {
            record(TableKind::ThreePublic, &x.budget, &mut f);
            record(TableKind::ThreePublic, &x.actual, &mut f);
            record(TableKind::ThreePublic, &x.details, &mut f);
        }
        if let Some(x) = &self.procurement {
            record(TableKind::Procurement, &x.figures, &mut f);
        }
        if let Some(x) = &self.purchased_services {
            if let Some(a) = x.total {
                f(TableKind::PurchasedServices, a);
            }
            x.items
                .iter()
                .for_each(|r| record(TableKind::PurchasedServices, r, &mut f));
        }
    }

    /// Every code used in the coded tables, with the table it appears in.
    pub fn codes(&self) -> Vec<(TableKind, Code, &str)> {
        fn push<'a, R: CodedRecord, T>(
            out: &mut Vec<(TableKind, Code, &'a str)>,
            kind: TableKind,
            t: &'a Option<CodedTable<R, T>>,
        ) {
            if let Some(t) = t {
                out.extend(t.rows.iter().map(|r| (kind, r.code(), r.name())));
            }
        }
        let mut out = Vec::new();
        if let Some(s) = &self.summary {
            out.extend(
                s.expenditure
                    .iter()
                    .map(|r| (TableKind::Summary, r.code, r.name.as_str())),
            );
        }
        push(&mut out, TableKind::Income, &self.income);
        push(&mut out, TableKind::Expenditure, &self.expenditure);
        if let Some(s) = &self.appropriation_summary {
            out.extend(
                s.expenditure
                    .iter()
                    .map(|r| (TableKind::AppropriationSummary, r.code, r.name.as_str())),
            );
        }
        push(&mut out, TableKind::GeneralBudget, &self.general_budget);
        push(
            &mut out,
            TableKind::GeneralBudgetBasic,
            &self.general_budget_basic,
        );
        push(&mut out, TableKind::GovFund, &self.gov_fund);
        push(&mut out, TableKind::GovFundBasic, &self.gov_fund_basic);
        push(&mut out, TableKind::StateCapital, &self.state_capital);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_key_and_title() {
        for k in TableKind::ALL {
            assert_eq!(TableKind::from_key_or_title(k.key()), Some(k));
            assert_eq!(TableKind::from_key_or_title(k.title()), Some(k));
        }
        assert_eq!(
            TableKind::from_key_or_title("国有资本经营预算财政拨款支出决算表"),
            Some(TableKind::StateCapital)
        );
        assert_eq!(TableKind::from_key_or_title("不是表"), None);
    }

    #[test]
    fn coded_table_toml_shape() {
        let text = r#"
coverage = "partial"
note = "说明"

[total]
total = "2946.25"

[[rows]]
code = "201"
name = "一般公共服务支出"
total = "2112.86"
other = "6.20"
"#;
        let t: IncomeTable = toml::from_str(text).unwrap();
        assert_eq!(t.coverage, Coverage::Partial);
        assert_eq!(t.rows[0].other.unwrap().to_string(), "6.20");
        assert_eq!(
            t.row(&"201".parse().unwrap()).unwrap().name,
            "一般公共服务支出"
        );
        assert!(!t.is_empty());
        let back: IncomeTable = toml::from_str(&toml::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn absent_differs_from_zero() {
        let t: Tables = toml::from_str("[gov_fund]\nnote = \"本年度没有政府性基金\"\n").unwrap();
        assert!(t.has(TableKind::GovFund));
        assert!(t.gov_fund.as_ref().unwrap().is_empty());
        assert!(!t.has(TableKind::StateCapital));
    }
}
