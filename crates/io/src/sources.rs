//! Where each figure of a package's public tables was read: the sheet and cell of a
//! workbook, or the grid position in a table recovered from a published document. A finding
//! about a table row and column is given the cell it is about
//! (`表5 一般公共预算财政拨款支出决算表!C6`), so an officer goes straight to it.

use std::collections::HashMap;

use juesuan_diagnostics::{Finding, Location, Source, Subject};
use juesuan_model::tables::TableKind;

use crate::error::a1;

/// A cell of a sheet (or of the grid a recovered table was read through): 0-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellAt {
    /// The sheet's name.
    pub sheet: String,
    /// Row, from 0.
    pub row: usize,
    /// Column, from 0.
    pub col: usize,
}

impl CellAt {
    /// `C6`.
    pub fn a1(&self) -> String {
        a1(
            u32::try_from(self.row).unwrap_or(u32::MAX),
            u32::try_from(self.col).unwrap_or(u32::MAX),
        )
    }
}

/// What a figure is, as findings name it: the table, the row (a classification code, or the
/// printed label of a line such as `合计`, `本年收入合计`), and the column's printed label
/// (none for the lines of a two-sided summary table, which have one value column per side).
type Key = (TableKind, String, Option<String>);

/// Where the figures of a package were read.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// `None` marks a key seen twice: a finding about it is left without a cell rather than
    /// given one that may be the wrong one.
    cells: HashMap<Key, Option<CellAt>>,
}

impl Sources {
    /// Records where a figure was read.
    pub(crate) fn record(
        &mut self,
        table: TableKind,
        row: String,
        column: Option<&str>,
        at: CellAt,
    ) {
        let key = (table, row, column.map(str::to_string));
        self.cells
            .entry(key)
            .and_modify(|c| *c = None)
            .or_insert(Some(at));
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The cell of a figure, when it was read from exactly one.
    pub fn cell(&self, table: TableKind, row: &str, column: Option<&str>) -> Option<&CellAt> {
        let key = (table, row.to_string(), column.map(str::to_string));
        self.cells.get(&key).and_then(Option::as_ref)
    }

    /// The cell a finding about a table row (and column) is about.
    pub fn cell_of(&self, location: &Location) -> Option<&CellAt> {
        let Subject::Table { table, row, column } = &location.subject else {
            return None;
        };
        let kind = table
            .key
            .as_deref()
            .and_then(TableKind::from_key_or_title)?;
        let row = row.as_ref()?;
        let row = row.code.as_deref().unwrap_or(&row.name);
        self.cell(kind, row, column.as_deref())
            .or_else(|| self.cell(kind, row, None))
    }

    /// Gives each finding about a table cell the workbook cell it was read from.
    pub fn place(&self, findings: &mut [Finding]) {
        for f in findings {
            if f.location.source.is_none()
                && let Some(c) = self.cell_of(&f.location)
            {
                f.location.source = Some(Source::Cell {
                    sheet: c.sheet.clone(),
                    cell: c.a1(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use juesuan_diagnostics::{RowRef, Severity};

    #[test]
    fn a_finding_gets_its_cell_and_an_ambiguous_one_none() {
        let mut s = Sources::default();
        let at = |r, c| CellAt {
            sheet: "表5 一般公共预算财政拨款支出决算表".into(),
            row: r,
            col: c,
        };
        s.record(
            TableKind::GeneralBudget,
            "合计".into(),
            Some("合计"),
            at(5, 2),
        );
        s.record(
            TableKind::GeneralBudget,
            "201".into(),
            Some("合计"),
            at(6, 2),
        );
        s.record(
            TableKind::GeneralBudget,
            "201".into(),
            Some("合计"),
            at(9, 2),
        );
        let mut f = vec![
            Finding::new(
                "T5-003",
                Severity::Error,
                Location::table(Some("general_budget"), "表5 一般公共预算财政拨款支出决算表")
                    .row("合计")
                    .column("合计"),
                "合计不符",
            ),
            Finding::new(
                "T5-002",
                Severity::Error,
                Location::table(Some("general_budget"), "表5 一般公共预算财政拨款支出决算表")
                    .row(RowRef::coded("201", "一般公共服务支出"))
                    .column("合计"),
                "类不符",
            ),
        ];
        s.place(&mut f);
        assert_eq!(
            f[0].location.to_string(),
            "表5 一般公共预算财政拨款支出决算表!C6 · 合计 · 合计"
        );
        assert_eq!(f[1].location.source, None, "201 was read twice");
    }
}
