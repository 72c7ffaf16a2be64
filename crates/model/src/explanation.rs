//! Human inputs of the explanation (决算说明): the reasons, uses and wording that the tables
//! cannot supply, each keyed to the figure it explains.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::amount::Amount;
use crate::code::Code;
use crate::fields::record;

/// One of the three 三公 items, or their total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ThreePublicItem {
    /// 合计
    Total,
    /// 因公出国（境）费
    Overseas,
    /// 公务用车购置及运行维护费
    Vehicle,
    /// 公务接待费
    Reception,
}

impl ThreePublicItem {
    /// Every item.
    pub const ALL: [ThreePublicItem; 4] = [
        ThreePublicItem::Total,
        ThreePublicItem::Overseas,
        ThreePublicItem::Vehicle,
        ThreePublicItem::Reception,
    ];

    /// Printed name.
    pub fn label(self) -> &'static str {
        match self {
            ThreePublicItem::Total => "合计",
            ThreePublicItem::Overseas => "因公出国（境）费",
            ThreePublicItem::Vehicle => "公务用车购置及运行维护费",
            ThreePublicItem::Reception => "公务接待费",
        }
    }
}

/// What a sentence of the explanation compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// 收入支出总计 vs the prior year.
    GrandTotal,
    /// 本年收入合计 vs the prior year.
    IncomeTotal,
    /// 本年支出合计 vs the prior year.
    ExpenditureTotal,
    /// 财政拨款收入支出总计 vs the prior year.
    AppropriationTotal,
    /// 一般公共预算财政拨款支出 vs the prior year.
    GeneralBudgetExpenditure,
    /// 一般公共预算财政拨款支出 决算 vs 年初预算, overall.
    GeneralBudgetVsBudget,
    /// One function line (类 or 项) of 一般公共预算财政拨款支出: 决算 vs 年初预算.
    GeneralBudgetLine(Code),
    /// One function line of 政府性基金预算财政拨款支出: 决算 vs 年初预算.
    GovFundLine(Code),
    /// One function line of 国有资本经营预算财政拨款支出: 决算 vs 年初预算.
    StateCapitalLine(Code),
    /// 三公 决算 vs 预算.
    ThreePublicVsBudget(ThreePublicItem),
    /// 三公 决算 vs the prior year.
    ThreePublicVsPrior(ThreePublicItem),
    /// 机关运行经费 vs the prior year.
    AgencyRunningCosts,
}

const GB_LINE: &str = "一般公共预算财政拨款支出科目";
const GF_LINE: &str = "政府性基金预算财政拨款支出科目";
const SC_LINE: &str = "国有资本经营预算财政拨款支出科目";
const TP_BUDGET: &str = "三公经费预算完成";
const TP_PRIOR: &str = "三公经费上年比较";

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::GrandTotal => f.write_str("收入支出总计"),
            Subject::IncomeTotal => f.write_str("本年收入合计"),
            Subject::ExpenditureTotal => f.write_str("本年支出合计"),
            Subject::AppropriationTotal => f.write_str("财政拨款收入支出总计"),
            Subject::GeneralBudgetExpenditure => f.write_str("一般公共预算财政拨款支出"),
            Subject::GeneralBudgetVsBudget => f.write_str("一般公共预算财政拨款支出预算完成"),
            Subject::GeneralBudgetLine(c) => write!(f, "{GB_LINE}:{c}"),
            Subject::GovFundLine(c) => write!(f, "{GF_LINE}:{c}"),
            Subject::StateCapitalLine(c) => write!(f, "{SC_LINE}:{c}"),
            Subject::ThreePublicVsBudget(i) => write!(f, "{TP_BUDGET}:{}", i.label()),
            Subject::ThreePublicVsPrior(i) => write!(f, "{TP_PRIOR}:{}", i.label()),
            Subject::AgencyRunningCosts => f.write_str("机关运行经费"),
        }
    }
}

/// The text is not a known subject.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{0}”不是可识别的说明事项；可用：收入支出总计、本年收入合计、本年支出合计、财政拨款收入支出总计、\
一般公共预算财政拨款支出、一般公共预算财政拨款支出预算完成、一般公共预算财政拨款支出科目:编码、\
政府性基金预算财政拨款支出科目:编码、国有资本经营预算财政拨款支出科目:编码、三公经费预算完成:项目、\
三公经费上年比较:项目、机关运行经费"
)]
pub struct SubjectError(pub String);

impl FromStr for Subject {
    type Err = SubjectError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = crate::text::normalize_width(s.trim()).replace(' ', "");
        let err = || SubjectError(s.trim().to_string());
        let fixed = match t.as_str() {
            "收入支出总计" | "收支总计" => Some(Subject::GrandTotal),
            "本年收入合计" => Some(Subject::IncomeTotal),
            "本年支出合计" => Some(Subject::ExpenditureTotal),
            "财政拨款收入支出总计" | "财政拨款收支总计" => {
                Some(Subject::AppropriationTotal)
            }
            "一般公共预算财政拨款支出" => Some(Subject::GeneralBudgetExpenditure),
            "一般公共预算财政拨款支出预算完成" => {
                Some(Subject::GeneralBudgetVsBudget)
            }
            "机关运行经费" => Some(Subject::AgencyRunningCosts),
            _ => None,
        };
        if let Some(f) = fixed {
            return Ok(f);
        }
        if let Some(line) = Subject::line_in(&t) {
            return Ok(line);
        }
        let (head, tail) = t.split_once(':').ok_or_else(err)?;
        let item = || {
            let c = crate::text::compact(tail);
            ThreePublicItem::ALL
                .into_iter()
                .find(|i| crate::text::compact(i.label()) == c)
                .ok_or_else(err)
        };
        match head {
            GB_LINE => Ok(Subject::GeneralBudgetLine(
                Code::parse(tail).map_err(|_| err())?,
            )),
            GF_LINE => Ok(Subject::GovFundLine(Code::parse(tail).map_err(|_| err())?)),
            SC_LINE => Ok(Subject::StateCapitalLine(
                Code::parse(tail).map_err(|_| err())?,
            )),
            TP_BUDGET => Ok(Subject::ThreePublicVsBudget(item()?)),
            TP_PRIOR => Ok(Subject::ThreePublicVsPrior(item()?)),
            _ => Err(err()),
        }
    }
}

impl Subject {
    /// A line written the way the 说明填写 sheet shows it: the table's name, then the code
    /// and whatever follows (`一般公共预算财政拨款支出 201 一般公共服务支出（类）`), with
    /// spaces already removed.
    fn line_in(t: &str) -> Option<Subject> {
        type Make = fn(Code) -> Subject;
        let heads: [(&str, Make); 3] = [
            ("一般公共预算", Subject::GeneralBudgetLine),
            ("政府性基金", Subject::GovFundLine),
            ("国有资本经营", Subject::StateCapitalLine),
        ];
        let (_, make) = heads.iter().find(|(h, _)| t.starts_with(h))?;
        let start = t.find(|c: char| c.is_ascii_digit())?;
        let digits: String = t[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if t[..start].contains(':') {
            return None; // the key form, parsed below
        }
        Code::parse(&digits).ok().map(make)
    }

    /// The table line a subject is about, if it is one: its table's name and code.
    pub fn line(self) -> Option<(&'static str, Code)> {
        match self {
            Subject::GeneralBudgetLine(c) => Some(("一般公共预算财政拨款支出", c)),
            Subject::GovFundLine(c) => Some(("政府性基金预算财政拨款支出", c)),
            Subject::StateCapitalLine(c) => Some(("国有资本经营预算财政拨款支出", c)),
            _ => None,
        }
    }

    /// What the subject is called for people: a line by its name, level and code
    /// (`一般公共服务支出（类）201`, with `name` the name printed for the code), the
    /// “三公” comparisons in words; never the internal key.
    pub fn describe(self, name: Option<&str>) -> String {
        match self {
            Subject::GeneralBudgetLine(c)
            | Subject::GovFundLine(c)
            | Subject::StateCapitalLine(c) => {
                let line = format!("{}（{}）{c}", name.unwrap_or("科目"), c.level().label());
                match self {
                    Subject::GeneralBudgetLine(_) => line,
                    _ => format!("{} {line}", self.line().map(|l| l.0).unwrap_or_default()),
                }
            }
            Subject::ThreePublicVsBudget(ThreePublicItem::Total) => {
                "“三公”经费（决算与预算）".into()
            }
            Subject::ThreePublicVsBudget(i) => format!("{}（决算与预算）", i.label()),
            Subject::ThreePublicVsPrior(ThreePublicItem::Total) => "“三公”经费（与上年）".into(),
            Subject::ThreePublicVsPrior(i) => format!("{}（与上年）", i.label()),
            other => other.to_string(),
        }
    }

    /// The 事项 cell of the 说明填写 sheet: readable and read back as this subject
    /// (`一般公共预算财政拨款支出 201 一般公共服务支出（类）`).
    pub fn sheet_key(self, name: Option<&str>) -> String {
        match self.line() {
            Some((table, c)) => match name {
                Some(n) => format!("{table} {c} {n}（{}）", c.level().label()),
                None => format!("{table} {c}"),
            },
            None => self.to_string(),
        }
    }
}

impl Serialize for Subject {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Subject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

record! {
    /// What the explanation says about one subject. `direction` (增加/减少/持平/一致/大于/小于/
    /// 基本持平), `change` and `percent` (the change in %, or for budget comparisons the
    /// completion rate) are the wording of an existing explanation, transcribed or imported,
    /// so that the audit can compare it with the figures; a generated explanation computes
    /// them. `reason` (主要原因) and `usage` (主要用于) are human inputs.
    pub struct Remark {
        direction: String = "说明中的表述" | "增减表述",
        change: Amount = "说明中的变动金额" | "变动金额",
        percent: Decimal = "说明中的百分比" | "变动幅度" | "完成率",
        reason: String = "主要原因",
        usage: String = "主要用于",
    }
}

/// Human inputs of the explanation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    /// Reasons, uses and stated wording, keyed by what they explain.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub remarks: BTreeMap<Subject, Remark>,
    /// Free text blocks keyed by section title (`预算绩效管理情况`, `名词解释`…).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub texts: BTreeMap<String, String>,
}

impl Explanation {
    /// True when nothing is given.
    pub fn is_empty(&self) -> bool {
        self.remarks.is_empty() && self.texts.is_empty()
    }

    /// The remark on a subject, if any.
    pub fn remark(&self, subject: Subject) -> Option<&Remark> {
        self.remarks.get(&subject)
    }

    /// The reason given for a subject, if any.
    pub fn reason(&self, subject: Subject) -> Option<&str> {
        self.remark(subject).and_then(|r| r.reason.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_round_trip() {
        let all = [
            Subject::GrandTotal,
            Subject::AppropriationTotal,
            Subject::GeneralBudgetLine("2010601".parse().unwrap()),
            Subject::ThreePublicVsBudget(ThreePublicItem::Overseas),
            Subject::ThreePublicVsPrior(ThreePublicItem::Total),
            Subject::AgencyRunningCosts,
        ];
        for s in all {
            assert_eq!(s.to_string().parse::<Subject>().unwrap(), s);
        }
        assert_eq!("收支总计".parse::<Subject>().unwrap(), Subject::GrandTotal);
        assert_eq!(
            "一般公共预算财政拨款支出科目：210"
                .parse::<Subject>()
                .unwrap(),
            Subject::GeneralBudgetLine("210".parse().unwrap())
        );
        // the 说明填写 sheet's readable form reads back as the same subject
        let line = Subject::GeneralBudgetLine("201".parse().unwrap());
        let key = line.sheet_key(Some("一般公共服务支出"));
        assert_eq!(key, "一般公共预算财政拨款支出 201 一般公共服务支出（类）");
        assert_eq!(key.parse::<Subject>().unwrap(), line);
        let fund = Subject::GovFundLine("2120801".parse().unwrap());
        assert_eq!(fund.sheet_key(None).parse::<Subject>().unwrap(), fund);
        assert_eq!(
            "国有资本经营预算 2230199".parse::<Subject>().unwrap(),
            Subject::StateCapitalLine("2230199".parse().unwrap())
        );
        assert_eq!(
            line.describe(Some("一般公共服务支出")),
            "一般公共服务支出（类）201"
        );
        assert_eq!(
            fund.describe(Some("征地和拆迁补偿支出")),
            "政府性基金预算财政拨款支出 征地和拆迁补偿支出（项）2120801"
        );
        assert!(
            !Subject::ThreePublicVsPrior(ThreePublicItem::Vehicle)
                .describe(None)
                .contains(':')
        );
        let e = "其他".parse::<Subject>().unwrap_err();
        assert!(e.to_string().contains("不是可识别的说明事项"));
    }

    #[test]
    fn explanation_toml() {
        let text = r#"
[remarks."一般公共预算财政拨款支出科目:210"]
direction = "一致"

[remarks."收入支出总计"]
direction = "减少"
change = "3922.47"
percent = "20.88"
"#;
        let e: Explanation = toml::from_str(text).unwrap();
        let r = e
            .remark(Subject::GeneralBudgetLine("210".parse().unwrap()))
            .unwrap();
        assert_eq!(r.direction.as_deref(), Some("一致"));
        assert_eq!(
            e.remark(Subject::GrandTotal)
                .unwrap()
                .percent
                .unwrap()
                .to_string(),
            "20.88"
        );
        let bad = toml::from_str::<Explanation>("[remarks.\"什么\"]\nreason = \"x\"\n");
        assert!(bad.is_err());
    }
}
