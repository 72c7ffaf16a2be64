//! Performance evaluation (绩效评价): the department-wide evaluation, the bureau's
//! performance-management figures, and the project self-evaluation tables (项目支出绩效自评表,
//! 财预〔2020〕10号), every figure kept exactly as printed.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::fields::{Figure, record};

/// A titled block of text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextBlock {
    /// Heading as printed.
    pub title: String,
    /// Body.
    #[serde(default)]
    pub body: String,
}

/// 部门整体绩效评价
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentEvaluation {
    /// 评价得分, as printed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::fields::cell_opt"
    )]
    pub score: Option<Figure>,
    /// 评价等级, as printed (`优秀`, `优`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// Text blocks of the report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<TextBlock>,
}

record! {
    /// The performance-management figures the Shanghai template's section 十 asks for.
    pub struct PerformanceManagement {
        systems: String = "预算绩效管理制度",
        mechanism: String = "预算绩效管理工作机制",
        target_projects: u32 = "编报绩效目标的项目数",
        target_budget: Amount = "编报绩效目标的项目涉及预算金额",
        tracked_projects: u32 = "绩效跟踪评价的项目数",
        tracked_budget: Amount = "绩效跟踪评价的项目涉及预算金额",
        evaluated_projects: u32 = "绩效自评的项目数",
        evaluated_budget: Amount = "绩效自评的项目涉及预算金额",
        average_score: Decimal = "绩效自评平均得分",
        grade_excellent: u32 = "绩效评级为“优”的项目数",
        grade_good: u32 = "绩效评级为“良”的项目数",
        grade_pass: u32 = "绩效评级为“合格”的项目数",
        grade_fail: u32 = "绩效评级为“不合格”的项目数",
        problems_found: u32 = "绩效自评中发现问题数",
        problems_fixed: u32 = "已完成整改的问题数",
        problems_fixing: u32 = "正在整改的问题数",
    }
}

record! {
    /// One line of the funds block of a self-evaluation table.
    pub struct FundsLine {
        initial_budget: Figure = "年初预算数",
        full_year_budget: Figure = "全年预算数",
        executed: Figure = "全年执行数",
        weight: Figure = "分值",
        rate: Figure = "执行率",
        score: Figure = "得分",
    }
}

/// The funds block (项目资金，万元).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funds {
    /// 年度资金总额
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub total: FundsLine,
    /// 其中：当年财政拨款
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub appropriation: FundsLine,
    /// 上年结转资金
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub carryover: FundsLine,
    /// 其他资金
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub other: FundsLine,
}

impl Funds {
    /// The four lines with their printed labels.
    pub fn lines(&self) -> [(&'static str, &FundsLine); 4] {
        [
            ("年度资金总额", &self.total),
            ("其中：当年财政拨款", &self.appropriation),
            ("上年结转资金", &self.carryover),
            ("其他资金", &self.other),
        ]
    }

    /// The four lines, mutable, with their printed labels.
    pub fn lines_mut(&mut self) -> [(&'static str, &mut FundsLine); 4] {
        [
            ("年度资金总额", &mut self.total),
            ("其中：当年财政拨款", &mut self.appropriation),
            ("上年结转资金", &mut self.carryover),
            ("其他资金", &mut self.other),
        ]
    }
}

record! {
    /// One indicator row (三级指标) with the 一级/二级 headings it sits under.
    pub struct Indicator {
        level1: String = "一级指标",
        level1_weight: Figure = "一级指标分值",
        level2: String = "二级指标",
        level2_weight: Figure = "二级指标分值",
        name: String = "三级指标",
        target: String = "年度指标值",
        actual: String = "实际完成值",
        weight: Figure = "分值",
        score: Figure = "得分",
        deviation: String = "偏差原因分析及改进措施",
    }
}

impl Indicator {
    /// A row that only carries the template's text (`指标2：`, `……`) and nothing else.
    pub fn is_template(&self) -> bool {
        let nothing_else = [&self.target, &self.actual, &self.deviation]
            .iter()
            .all(|x| x.as_deref().is_none_or(|t| t.trim().is_empty()))
            && self.weight.is_none()
            && self.score.is_none();
        nothing_else && self.has_template_name()
    }

    /// Whether the name is the template's placeholder (`指标1：`, `……`) or empty.
    pub fn has_template_name(&self) -> bool {
        let name = self
            .name
            .as_deref()
            .map(crate::text::compact)
            .unwrap_or_default();
        name == "……"
            || name == "…"
            || (name.starts_with("指标")
                && name
                    .trim_start_matches("指标")
                    .trim_end_matches(['：', ':'])
                    .chars()
                    .all(|c| c.is_ascii_digit()))
    }
}

/// A project self-evaluation table (项目支出绩效自评表).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectEvaluation {
    /// The number printed before the table's title (`1`, `17`).
    pub seq: String,
    /// 项目名称
    pub name: String,
    /// 主管部门
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// 实施单位
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementer: Option<String>,
    /// 项目负责人
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// 联系电话
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// 项目资金（万元）
    #[serde(default)]
    pub funds: Funds,
    /// 年度总体目标：预期目标
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// 年度总体目标：实际完成情况
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Indicator rows in printed order (blank rows included).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    /// 总分 row: 分值 as printed; absent when the table has no 总分 row.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::fields::cell_opt"
    )]
    pub total_weight: Option<Figure>,
    /// 总分 row: 得分 as printed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::fields::cell_opt"
    )]
    pub total_score: Option<Figure>,
    /// 评价等级, when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
}

record! {
    /// The funds block of a 项目绩效目标表 (项目资金，万元): budgeted, no execution.
    pub struct TargetFunds {
        total: Amount = "年度资金总额" | "资金总额",
        appropriation: Amount = "其中：财政拨款" | "财政拨款" | "当年财政拨款",
        carryover: Amount = "上年结转" | "上年结转资金",
        other: Amount = "其他资金",
    }
}

/// A project's performance targets (项目绩效目标表 / 项目支出绩效目标表) in a budget: what
/// the project is to achieve, with indicator targets and no scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectTarget {
    /// The number printed before the table's title, when any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub seq: String,
    /// 项目名称
    pub name: String,
    /// 主管部门 (及代码)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// 实施单位
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementer: Option<String>,
    /// 项目资金（万元）
    #[serde(default, skip_serializing_if = "crate::fields::is_blank")]
    pub funds: TargetFunds,
    /// 年度总体目标
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// Indicator rows in printed order, with their 指标值 in `target` (and 分值 in `weight`
    /// where the table gives one); `actual` and `score` stay blank.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
}

/// Everything about performance in a package.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Performance {
    /// 部门整体绩效评价
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<DepartmentEvaluation>,
    /// 预算绩效管理情况 (Shanghai section 十)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management: Option<PerformanceManagement>,
    /// 项目支出绩效自评表
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<ProjectEvaluation>,
    /// 项目绩效目标表 (budgets).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<ProjectTarget>,
}

impl Performance {
    /// True when nothing is given.
    pub fn is_empty(&self) -> bool {
        self.department.is_none()
            && self.management.is_none()
            && self.projects.is_empty()
            && self.targets.is_empty()
    }
}
