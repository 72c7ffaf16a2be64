//! What a document is, before anything is checked in it: a 部门决算 or 单位决算, a 部门预算 or
//! 单位预算, another public document (named), or nothing recognisable. A check that does not
//! know what it reads says so rather than reporting "审核通过".

use std::fmt;

use juesuan_io::document::{Block, Document};
use serde::Serialize;

/// Whether a disclosure is a department's (consolidated) or one unit's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// 部门: the department with its units.
    Department,
    /// 单位: one budget unit.
    Unit,
}

/// What a document is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DocumentKind {
    /// 部门决算 / 单位决算.
    FinalAccounts {
        /// Department or unit.
        scope: Scope,
    },
    /// 部门预算 / 单位预算.
    Budget {
        /// Department or unit.
        scope: Scope,
    },
    /// A public document of another kind, named as its title names it.
    Other {
        /// `政府信息公开工作年度报告`.
        name: String,
    },
    /// Nothing that reads as a disclosure.
    #[default]
    Unrecognised,
}

impl DocumentKind {
    /// Whether it is a final-accounts disclosure (the kind every table rule is made for).
    pub fn is_final_accounts(&self) -> bool {
        matches!(self, DocumentKind::FinalAccounts { .. })
    }

    /// Whether it is a budget or final-accounts disclosure at all.
    pub fn is_disclosure(&self) -> bool {
        matches!(
            self,
            DocumentKind::FinalAccounts { .. } | DocumentKind::Budget { .. }
        )
    }

    /// `部门决算`, `单位预算`, the other document's name, `未识别`.
    pub fn label(&self) -> String {
        let scope = |s: &Scope| match s {
            Scope::Department => "部门",
            Scope::Unit => "单位",
        };
        match self {
            DocumentKind::FinalAccounts { scope: s } => format!("{}决算", scope(s)),
            DocumentKind::Budget { scope: s } => format!("{}预算", scope(s)),
            DocumentKind::Other { name } => name.clone(),
            DocumentKind::Unrecognised => "未识别".to_string(),
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// Public documents that are not disclosures but are often filed beside them, as their
/// titles name them.
const OTHER_KINDS: &[&str] = &[
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "政府工作报告",
    "审计工作报告",
    "审计报告",
    "工作总结",
    "工作计划",
    "财务报告",
    "会计报表",
    "绩效评价报告",
];

/// The kind of a document: from its title (the first lines naming a 决算 or 预算), else from
/// how its headings and table titles speak (`…决算表`, `…预算情况说明`), else from the
/// title of another kind of public document.
pub fn kind_of(doc: &Document, title: Option<&str>) -> DocumentKind {
    let scope_of = |t: &str| {
        if t.contains("单位决算") || t.contains("单位预算") {
            Scope::Unit
        } else {
            Scope::Department
        }
    };
    if let Some(t) = title {
        if t.contains("决算") {
            return DocumentKind::FinalAccounts { scope: scope_of(t) };
        }
        if t.contains("预算") && !t.contains("一般公共预算") {
            return DocumentKind::Budget { scope: scope_of(t) };
        }
    }
    // Headings and the lines right above tables say which numbers these are.
    let (mut finals, mut budgets) = (0usize, 0usize);
    for (i, b) in doc.blocks.iter().enumerate().take(4000) {
        let Block::Para(p) = b else { continue };
        let t = p.text.trim();
        if t.is_empty() {
            continue;
        }
        let short = t.chars().count() <= 60;
        let before_table = matches!(doc.blocks.get(i + 1), Some(Block::Table(_)));
        if !(short || before_table) {
            continue;
        }
        let t = t.replace("一般公共预算", "");
        for marker in [
            "决算表",
            "决算总表",
            "决算报表",
            "决算情况",
            "决算说明",
            "部门决算",
            "单位决算",
        ] {
            finals += t.matches(marker).count();
        }
        for marker in [
            "预算表",
            "预算总表",
            "预算情况",
            "预算说明",
            "部门预算",
            "单位预算",
        ] {
            budgets += t.matches(marker).count();
        }
    }
    if finals >= 2 && finals >= budgets {
        return DocumentKind::FinalAccounts {
            scope: title.map_or(Scope::Department, scope_of),
        };
    }
    if budgets >= 2 {
        return DocumentKind::Budget {
            scope: title.map_or(Scope::Department, scope_of),
        };
    }
    let head: String = doc
        .blocks
        .iter()
        .take(10)
        .filter_map(|b| match b {
            Block::Para(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .collect();
    if let Some(name) = OTHER_KINDS.iter().find(|k| head.contains(**k)) {
        return DocumentKind::Other {
            name: (*name).to_string(),
        };
    }
    DocumentKind::Unrecognised
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use juesuan_io::document::{DocKind, parse_document};

    fn kind(text: &str) -> DocumentKind {
        let doc = parse_document(text.as_bytes(), DocKind::Text, "t.txt").unwrap();
        let title = doc
            .paras()
            .take(8)
            .map(|p| p.text.clone())
            .find(|t| (t.contains("决算") || t.contains("预算")) && !t.starts_with('第'));
        kind_of(&doc, title.as_deref())
    }

    #[test]
    fn kinds_from_titles_headings_and_nothing() {
        assert_eq!(
            kind("上海市普陀区财政局2024年度部门决算\n"),
            DocumentKind::FinalAccounts {
                scope: Scope::Department
            }
        );
        assert_eq!(
            kind("某某中心2025年单位预算\n"),
            DocumentKind::Budget { scope: Scope::Unit }
        );
        assert!(
            kind("第一部分 2024年度部门决算报表\n报表详见附件。\n第二部分 2024年度部门决算说明\n")
                .is_final_accounts()
        );
        assert_eq!(
            kind("北京市西城区人民政府2024年政府信息公开工作年度报告\n一、总体情况\n"),
            DocumentKind::Other {
                name: "政府信息公开工作年度报告".into()
            }
        );
        assert_eq!(kind(""), DocumentKind::Unrecognised);
        assert_eq!(kind("今天天气很好。\n"), DocumentKind::Unrecognised);
        // 一般公共预算 alone does not make a budget.
        assert_eq!(
            kind("一般公共预算财政拨款支出情况\n"),
            DocumentKind::Unrecognised
        );
    }
}
