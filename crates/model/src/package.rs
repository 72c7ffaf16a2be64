//! A package: everything about one unit-year of final accounts.

use std::collections::HashSet;
use std::fmt;

pub use juesuan_diagnostics::Severity;
use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::catalog::Catalog;
use crate::code::Classification;
use crate::explanation::Explanation;
use crate::fields::record;
use crate::performance::Performance;
use crate::profile::{DisclosureKind, Profile};
use crate::tables::{Assets, TableKind, Tables};

/// The format tag written at the top of package files.
pub const FORMAT: &str = "juesuan-package/1";

/// A unit that belongs to the department's final accounts (决算单位构成).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberUnit {
    /// 单位名称
    pub name: String,
    /// 备注 (`预算不单列，并入本级`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The unit and year a package is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// 单位名称, as in the title.
    pub name: String,
    /// Budget year (the year reported on, not the year of publication).
    pub year: u16,
    /// Regional profile id (`beijing`, `shanghai`).
    pub profile: String,
    /// 主管部门 / 上级部门, when the unit is not itself the department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// 主要职能 / 主要职责.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsibilities: Option<String>,
    /// 机构设置, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// 决算单位构成.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberUnit>,
}

record! {
    /// Prior-year figures the explanation compares against.
    pub struct PriorYear {
        grand_total: Amount = "上年收入支出总计",
        income_total: Amount = "上年本年收入合计",
        expenditure_total: Amount = "上年本年支出合计",
        appropriation_grand_total: Amount = "上年财政拨款收入支出总计",
        general_budget_expenditure: Amount = "上年一般公共预算财政拨款支出",
        agency_running_costs: Amount = "上年机关运行经费",
        three_public_total: Amount = "上年“三公”经费合计",
        three_public_overseas: Amount = "上年因公出国（境）费",
        three_public_vehicle: Amount = "上年公务用车购置及运行维护费",
        three_public_reception: Amount = "上年公务接待费",
        // Budgets compare each income line and each fund's appropriation with 上年预算.
        institutional_income: Amount = "上年事业收入",
        operating_income: Amount = "上年事业单位经营收入",
        other_income: Amount = "上年其他收入",
        gov_fund_expenditure: Amount = "上年政府性基金预算财政拨款支出",
        state_capital_expenditure: Amount = "上年国有资本经营预算财政拨款支出",
        three_public_vehicle_purchase: Amount = "上年公务用车购置费",
        three_public_vehicle_running: Amount = "上年公务用车运行费",
    }
}

/// One unit-year of final accounts (决算) or of a budget (预算, `kind = "budget"`).
///
/// A budget reuses the tables of final accounts, each holding its budget counterpart
/// (`summary` is 收支预算总表, `general_budget` 一般公共预算支出预算表, `three_public`'s
/// `budget` figures the “三公” budget, `agency_running_costs` the 机关运行经费 budget,
/// `prior_year` the 上年预算 figures the explanation compares against); the profile
/// (`shanghai-budget`) titles and numbers them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Format tag ([`FORMAT`]).
    #[serde(default = "format_tag")]
    pub format: String,
    /// 决算 (default) or 预算.
    #[serde(default, skip_serializing_if = "DisclosureKind::is_final")]
    pub kind: DisclosureKind,
    /// The unit and year.
    pub unit: Unit,
    /// The public tables.
    #[serde(default)]
    pub tables: Tables,
    /// Prior-year figures.
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub prior_year: PriorYear,
    /// 机关运行经费 of the year.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::fields::cell_opt"
    )]
    pub agency_running_costs: Option<Amount>,
    /// 国有资产占有使用情况.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<Assets>,
    /// Human inputs of the explanation.
    #[serde(default, skip_serializing_if = "Explanation::is_empty")]
    pub explanation: Explanation,
    /// Performance evaluation.
    #[serde(default, skip_serializing_if = "Performance::is_empty")]
    pub performance: Performance,
}

fn format_tag() -> String {
    FORMAT.to_string()
}

/// Something noticed while loading a package: it was kept, but a person should look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// How serious.
    pub severity: Severity,
    /// Where: table and row, in Chinese.
    pub place: String,
    /// What, in Chinese.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}：{}：{}",
            self.severity.label(),
            self.place,
            self.message
        )
    }
}

impl Package {
    /// The name a line subject's code is printed with: its table's row, else `catalog`'s.
    /// `None` for a subject that is not a line, or a code neither knows.
    pub fn line_name(&self, subject: crate::Subject, catalog: &Catalog) -> Option<String> {
        use crate::Subject;
        let (_, code) = subject.line()?;
        let t = &self.tables;
        let row = match subject {
            Subject::GeneralBudgetLine(_) => t
                .general_budget
                .as_ref()
                .and_then(|g| g.row(&code))
                .map(|r| r.name.as_str()),
            Subject::GovFundLine(_) => t
                .gov_fund
                .as_ref()
                .and_then(|g| g.row(&code))
                .map(|r| r.name.as_str()),
            _ => t
                .state_capital
                .as_ref()
                .and_then(|g| g.row(&code))
                .map(|r| r.name.as_str()),
        };
        row.filter(|n| !n.trim().is_empty())
            .or_else(|| catalog.name(&code))
            .map(str::to_string)
    }

    /// A blank package for a unit-year.
    pub fn new(name: &str, year: u16, profile: &str) -> Package {
        Package {
            format: format_tag(),
            unit: Unit {
                name: name.to_string(),
                year,
                profile: profile.to_string(),
                ..Unit::default()
            },
            ..Package::default()
        }
    }

    /// A blank form for a unit-year of `profile`: its tables present and empty, and the
    /// procurement figures (which every explanation reports, as a table or in the text).
    /// The package is of the profile's kind.
    pub fn blank(name: &str, year: u16, profile: &Profile) -> Package {
        let mut kinds = profile.tables.clone();
        kinds.push(TableKind::Procurement);
        Package {
            kind: profile.kind,
            tables: Tables::blank(&kinds),
            ..Package::new(name, year, &profile.id)
        }
    }

    /// The built-in profile the package names, of the package's kind: `shanghai` in a
    /// budget is read as its region's 预算 profile (`shanghai-budget`).
    pub fn profile(&self) -> Option<&'static Profile> {
        let named = Profile::builtin(&self.unit.profile)?;
        if named.kind == self.kind {
            Some(named)
        } else {
            Profile::find_kind(named.region(), self.kind)
        }
    }

    /// Whether the package is a budget (预算).
    pub fn is_budget(&self) -> bool {
        self.kind == DisclosureKind::Budget
    }

    /// Checks that only need the package and the catalog of its year: unknown profile, codes
    /// whose 类 or 款 the catalog lacks (kept, noted once a code), codes of the wrong
    /// classification, repeated rows and repeated project numbers. The audit (rules) checks
    /// the figures.
    pub fn notices(&self, catalog: &Catalog) -> Vec<Notice> {
        let mut out = Vec::new();
        if self.format != FORMAT {
            out.push(Notice {
                severity: Severity::Warning,
                place: "文件格式".into(),
                message: format!("格式标记为“{}”，本程序读写“{FORMAT}”", self.format),
            });
        }
        if self.profile().is_none() {
            out.push(Notice {
                severity: Severity::Error,
                place: "单位信息".into(),
                message: format!(
                    "地区格式“{}”未知，可用：{}",
                    self.unit.profile,
                    Profile::builtin_ids().join("、")
                ),
            });
        }
        // A 项 missing from the year's list under a known 类 and 款 is accepted as the table
        // names it (no notice); a code whose 类 or 款 is unknown is noted once.
        let catalog = catalog.for_year(self.unit.year);
        let mut seen: HashSet<(TableKind, crate::code::Code)> = HashSet::new();
        let mut unknown: HashSet<crate::code::Code> = HashSet::new();
        for (kind, code, name) in self.tables.codes() {
            let place = format!("{} {code} {name}", kind.title());
            if !seen.insert((kind, code)) {
                out.push(Notice {
                    severity: Severity::Warning,
                    place: place.clone(),
                    message: "同一科目编码在表中出现了不止一次".into(),
                });
            }
            let wanted = kind.classification().unwrap_or(Classification::Function);
            if code.classification() != Some(wanted) {
                out.push(Notice {
                    severity: Severity::Warning,
                    place,
                    message: format!("本表应使用{}科目，{code} 不是", wanted.label()),
                });
            } else if let Some(why) = catalog.unknown(&code)
                && unknown.insert(code)
            {
                out.push(Notice {
                    severity: Severity::Info,
                    place,
                    message: unknown_code_message(code, why, catalog.year()),
                });
            }
        }
        let mut converted: Vec<(TableKind, usize, Amount)> = Vec::new();
        self.tables.for_each_amount(|kind, a| {
            if a.entered_in() != crate::amount::MoneyUnit::Wan {
                match converted.iter_mut().find(|(k, ..)| *k == kind) {
                    Some(c) => c.1 += 1,
                    None => converted.push((kind, 1, a)),
                }
            }
        });
        for (kind, n, example) in converted {
            // a budget prints its tables in 元 (Shanghai's district format): figures in 元 are
            // what it should hold, kept in 元 and checked in 万元; nothing to notice
            if self.is_budget() && example.entered_in() == crate::amount::MoneyUnit::Yuan {
                continue;
            }
            out.push(Notice {
                severity: Severity::Info,
                place: kind.title().to_string(),
                message: format!(
                    "{n} 个金额不是以万元填写，已换算为万元（如 {} → {}万元）",
                    example.original(),
                    example.text_form()
                ),
            });
        }
        let mut seqs = HashSet::new();
        for p in &self.performance.projects {
            if !seqs.insert(p.seq.as_str()) {
                out.push(Notice {
                    severity: Severity::Warning,
                    place: format!("项目支出绩效自评表 {}", p.seq),
                    message: "项目序号重复".into(),
                });
            }
        }
        out
    }
}

/// What a load notice says of a code whose 类 or 款 the catalog lacks.
pub fn unknown_code_message(
    code: crate::code::Code,
    why: crate::catalog::Unknown,
    year: Option<u16>,
) -> String {
    let list = match year {
        Some(y) => format!("{y}年科目目录"),
        None => "科目目录".to_string(),
    };
    match why {
        crate::catalog::Unknown::Class => format!(
            "科目编码 {code} 的类 {} 不在{list}中（已保留）",
            code.class()
        ),
        crate::catalog::Unknown::Section => format!(
            "科目编码 {code} 的款 {} 不在{list}中（已保留）",
            if code.level() == crate::code::Level::Item {
                code.parent().unwrap_or(code)
            } else {
                code
            }
        ),
        crate::catalog::Unknown::Malformed => {
            format!("科目编码 {code} 不是经济分类的编码：经济分类只有类（3位）和款（5位）")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_form_has_the_profile_tables_and_procurement() {
        let profile = Profile::builtin("shanghai").unwrap();
        let p = Package::blank("某单位", 2024, profile);
        assert_eq!((p.unit.profile.as_str(), p.unit.year), ("shanghai", 2024));
        assert_eq!(p.format, FORMAT);
        assert!(p.tables.summary.is_some() && p.tables.general_budget_basic.is_some());
        assert!(p.tables.procurement.is_some());
        assert!(p.tables.gov_fund_basic.is_none(), "not a Shanghai table");
    }

    #[test]
    fn minimal_package_toml() {
        let text = r#"
[unit]
name = "上海市某局"
year = 2024
profile = "shanghai"

[tables.summary.income]
general_budget = "100.00"

[[tables.income.rows]]
code = "2010601"
name = "行政运行"
total = "100.00"

[[tables.income.rows]]
code = "2999999"
name = "未知科目"
total = "1.00"
"#;
        let p: Package = toml::from_str(text).unwrap();
        assert_eq!(p.format, FORMAT);
        let notices = p.notices(Catalog::builtin());
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(
            notices[0].message.contains("类 299 不在2024年科目目录中"),
            "{notices:?}"
        );
        assert!(notices[0].place.contains("2999999"));
    }

    #[test]
    fn unknown_profile_is_an_error_notice() {
        let p = Package::new("某局", 2024, "mars");
        let n = p.notices(Catalog::builtin());
        assert_eq!(n[0].severity, Severity::Error);
        assert!(n[0].message.contains("beijing"));
    }

    #[test]
    fn json_and_toml_agree() {
        let mut p = Package::new("某局", 2024, "beijing");
        p.agency_running_costs = Some("74.35".parse().unwrap());
        let json = serde_json::to_string(&p).unwrap();
        let back: Package = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        let toml_text = toml::to_string(&p).unwrap();
        let back: Package = toml::from_str(&toml_text).unwrap();
        assert_eq!(back, p);
    }
}
