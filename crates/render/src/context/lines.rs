//! Function lines (类/款/项) as the explanation cites them: code, name, the path of names
//! above it, 决算数, 年初预算 and the subject its remark is filed under.

use juesuan_model::tables::{CodedTable, FundRow};
use juesuan_model::{Catalog, Code, CodedRecord, Level, Record, Subject};
use serde::Serialize;

use super::{Fig, Reader};

/// One function line of a table, as the explanation cites it.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// 科目编码
    pub code: String,
    /// 科目名称 as printed.
    pub name: String,
    /// `一般公共服务支出（类）财政事务（款）行政运行（项）`.
    pub path: String,
    /// 决算数
    pub total: Fig,
    /// 年初预算数
    pub budget: Fig,
    /// The subject its remark is filed under (`一般公共预算财政拨款支出科目:2010601`).
    pub subject: String,
    /// For a class (类) line of 一般公共预算: the item (项) lines under it, whose reasons and
    /// uses a profile explaining classes cites when the officer gave them.
    pub parts: Vec<Line>,
}

/// The label of a line's 年初预算; the model's label (年初预算数) names the column.
pub(super) const BUDGET_LABEL: &str = "年初预算";

/// The class and section names above an item, from the table's own rows, then the catalog.
pub(super) fn path_name<R: CodedRecord>(
    rows: &[R],
    catalog: &Catalog,
    code: Code,
    name: &str,
) -> String {
    let lookup = |c: Code| -> String {
        rows.iter()
            .find(|r| r.code() == c)
            .map(|r| r.name().to_string())
            .or_else(|| catalog.name(&c).map(str::to_string))
            .unwrap_or_else(|| c.as_str().to_string())
    };
    match code.level() {
        Level::Class => format!("{name}（类）"),
        Level::Section => {
            let class = lookup(code.class());
            format!("{class}（类）{name}（款）")
        }
        Level::Item => {
            let class = lookup(code.class());
            let section = code.parent().map(lookup).unwrap_or_default();
            format!("{class}（类）{section}（款）{name}（项）")
        }
    }
}

/// The item (项) lines of a 政府性基金 / 国有资本经营 table, each filed under `subject`.
pub(super) fn fund_lines(
    t: Option<&CodedTable<FundRow, impl Record>>,
    catalog: &Catalog,
    subject: fn(Code) -> Subject,
) -> Vec<Line> {
    let Some(t) = t else { return Vec::new() };
    let r = Reader::of(Some(t.coverage));
    t.rows
        .iter()
        .filter(|row| row.code.level() == Level::Item)
        .map(|row| Line {
            code: row.code.as_str().to_string(),
            name: row.name.clone(),
            path: path_name(&t.rows, catalog, row.code, &row.name),
            total: r.fig(&row.name, row.expenditure),
            // 年初预算 is not part of the printed table: a blank is unknown
            budget: Fig::stated(BUDGET_LABEL, row.initial_budget),
            subject: subject(row.code).to_string(),
            parts: Vec::new(),
        })
        .collect()
}
