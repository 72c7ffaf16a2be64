//! The workbook layout shared by the writer and the reader: sheet names, how a sheet is
//! recognised, and the labels several sheet families use. Each family's own columns are
//! defined in its module, beside its reader and writer.

use juesuan_model::Profile;
use juesuan_model::tables::TableKind;
pub use juesuan_model::text::chinese_number;
use juesuan_model::text::compact;

pub use super::tables::coded::{HeaderColumn, coded_header};

/// 填表说明
pub const SHEET_GUIDE: &str = "填表说明";
/// 单位信息
pub const SHEET_UNIT: &str = "单位信息";
/// 说明数据: prior-year figures, 机关运行经费, 国有资产, 三公 counts.
pub const SHEET_DATA: &str = "说明数据";
/// 说明填写: reasons and wording per subject.
pub const SHEET_REMARKS: &str = "说明填写";
/// 说明文字: free text blocks.
pub const SHEET_TEXTS: &str = "说明文字";
/// 绩效-部门整体
pub const SHEET_PERF_DEPT: &str = "绩效-部门整体";
/// 绩效-管理情况
pub const SHEET_PERF_MGMT: &str = "绩效-管理情况";
/// 绩效-项目
pub const SHEET_PERF_PROJECTS: &str = "绩效-项目";
/// 绩效-指标
pub const SHEET_PERF_INDICATORS: &str = "绩效-指标";
/// 绩效目标 (a budget's 项目绩效目标表)
pub const SHEET_PERF_TARGETS: &str = "绩效目标";
/// 绩效目标-指标
pub const SHEET_PERF_TARGET_INDICATORS: &str = "绩效目标-指标";

/// Label of the cell that holds a table's coverage.
pub const STATUS_LABEL: &str = "表格状态";
/// The 表格状态 of a table that is not given.
pub const ABSENT_LABEL: &str = "未提供";
/// Section marker prefix in key/value sheets.
pub const SECTION_OPEN: char = '【';
/// Section marker suffix in key/value sheets.
pub(crate) const SECTION_CLOSE: char = '】';

/// The label column of key/value sheets and two-sided tables.
pub(crate) const ITEM_LABEL: &str = "项目";
/// The totals row of a table.
pub(crate) const TOTAL_LABEL: &str = "合计";
/// The actual-figures column (决算数).
pub(crate) const ACTUAL_LABEL: &str = "决算数";
/// The budget column (预算数).
pub(crate) const BUDGET_LABEL: &str = "预算数";

/// Labels of the unit sheet.
pub const UNIT_NAME: &str = "单位名称";
/// 年度
pub const UNIT_YEAR: &str = "年度";
/// 地区格式
pub const UNIT_PROFILE: &str = "地区格式";
/// 公开类型 (决算 / 预算); written for budgets only, a workbook without it is 决算.
pub const UNIT_KIND: &str = "公开类型";
/// 主管部门
pub const UNIT_DEPARTMENT: &str = "主管部门";
/// 主要职能
pub const UNIT_RESPONSIBILITIES: &str = "主要职能";
/// 机构设置
pub const UNIT_ORGANIZATION: &str = "机构设置";
/// 决算单位构成 section
pub const UNIT_MEMBERS: &str = "决算单位构成";
/// 本年机关运行经费 (in the data sheet)
pub const AGENCY_RUNNING_COSTS: &str = "本年机关运行经费";

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetRole {
    /// 填表说明 (ignored when reading).
    Guide,
    /// 单位信息
    Unit,
    /// A public table.
    Table(TableKind),
    /// 说明数据
    Data,
    /// 说明填写
    Remarks,
    /// 说明文字
    Texts,
    /// 绩效-部门整体
    PerfDepartment,
    /// 绩效-管理情况
    PerfManagement,
    /// 绩效-项目
    PerfProjects,
    /// 绩效-指标
    PerfIndicators,
    /// 绩效目标 (budgets)
    PerfTargets,
    /// 绩效目标-指标 (budgets)
    PerfTargetIndicators,
}

/// The sheet name of a table: `表3 支出决算表` when the profile numbers it, else its title.
pub fn table_sheet_name(profile: &Profile, kind: TableKind) -> String {
    let title = profile.title(kind);
    let name = match profile.table_number(kind) {
        Some(n) => format!("表{n} {title}"),
        None => title.trim_end_matches('表').to_string(),
    };
    // Excel limits sheet names to 31 characters and forbids some.
    name.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

/// Recognises a sheet by its name, tolerating a `表N` prefix, spaces and numbering.
pub fn classify_sheet(name: &str) -> Option<SheetRole> {
    let c = compact(name);
    let fixed = [
        (SHEET_GUIDE, SheetRole::Guide),
        (SHEET_UNIT, SheetRole::Unit),
        (SHEET_DATA, SheetRole::Data),
        (SHEET_REMARKS, SheetRole::Remarks),
        (SHEET_TEXTS, SheetRole::Texts),
        (SHEET_PERF_DEPT, SheetRole::PerfDepartment),
        (SHEET_PERF_MGMT, SheetRole::PerfManagement),
        (SHEET_PERF_PROJECTS, SheetRole::PerfProjects),
        (SHEET_PERF_INDICATORS, SheetRole::PerfIndicators),
        (SHEET_PERF_TARGETS, SheetRole::PerfTargets),
        (
            SHEET_PERF_TARGET_INDICATORS,
            SheetRole::PerfTargetIndicators,
        ),
    ];
    for (n, role) in fixed {
        if compact(n) == c {
            return Some(role);
        }
    }
    // Strip 表N / 表N、 / N.
    let stripped = c.trim_start_matches('表');
    let ascii = stripped.chars().take_while(char::is_ascii_digit).count();
    let rest = if ascii > 0 {
        &stripped[ascii..]
    } else {
        // 表十二、… : Chinese numerals count only when a separator follows
        let cjk: usize = stripped
            .chars()
            .take_while(|ch| "一二三四五六七八九十".contains(*ch))
            .map(char::len_utf8)
            .sum();
        if stripped[cjk..].starts_with(['、', '.']) {
            &stripped[cjk..]
        } else {
            stripped
        }
    };
    let rest = rest.trim_start_matches(['、', '.', '-', '_']);
    for candidate in [rest, c.as_str()] {
        if let Some(k) = TableKind::from_key_or_title(candidate) {
            return Some(SheetRole::Table(k));
        }
        // a profile's own title (`部门财务收支预算总表`, the budget sheets)
        if let Some(k) = Profile::builtins().iter().find_map(|p| {
            p.tables
                .iter()
                .copied()
                .find(|&k| compact(p.title(k)) == candidate)
        }) {
            return Some(SheetRole::Table(k));
        }
        // Sheet names may drop the trailing 表 (`政府采购情况`).
        if let Some(k) = TableKind::from_key_or_title(&format!("{candidate}表")) {
            return Some(SheetRole::Table(k));
        }
    }
    None
}

/// Labels of the code and name columns.
pub const CODE_LABEL: &str = "科目编码";
/// 科目名称
pub const NAME_LABEL: &str = "科目名称";

/// True when a header label names a code column (`科目编码`, `类`, `款`, `项`).
pub fn is_code_label(label: &str) -> bool {
    let l = compact(label);
    l.contains("编码") || matches!(l.as_str(), "类" | "款" | "项" | "代码")
}

/// True when a header label names the name column.
pub fn is_name_label(label: &str) -> bool {
    let l = compact(label);
    l.contains("科目名称") || l == "名称" || l == "项目名称"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_round_trip() {
        for id in ["beijing", "shanghai", "beijing-budget", "shanghai-budget"] {
            let p = Profile::builtin(id).unwrap();
            for &k in &p.tables {
                let name = table_sheet_name(p, k);
                assert!(name.chars().count() <= 31, "{name}");
                assert_eq!(classify_sheet(&name), Some(SheetRole::Table(k)), "{name}");
            }
        }
        assert_eq!(
            classify_sheet("收入决算表"),
            Some(SheetRole::Table(TableKind::Income))
        );
        assert_eq!(
            classify_sheet("表 2、收入决算表"),
            Some(SheetRole::Table(TableKind::Income))
        );
        assert_eq!(
            classify_sheet("政府采购情况"),
            Some(SheetRole::Table(TableKind::Procurement))
        );
        assert_eq!(classify_sheet("绩效-指标"), Some(SheetRole::PerfIndicators));
        assert_eq!(classify_sheet("Sheet1"), None);
        assert_eq!(
            classify_sheet("表十二、政府购买服务决算公开情况表"),
            Some(SheetRole::Table(TableKind::PurchasedServices))
        );
        assert_eq!(
            classify_sheet("一般公共预算财政拨款支出决算表"),
            Some(SheetRole::Table(TableKind::GeneralBudget))
        );
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(19), "十九");
        assert_eq!(chinese_number(26), "二十六");
    }
}
