//! Where a finding is: what it is about (a table cell, a project's indicator row, a part of
//! the disclosure, a paragraph) and where that was read from (a workbook cell, or a page,
//! line, byte span and glyph boxes of a document).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a finding is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// What the finding is about.
    pub subject: Subject,
    /// Where in the file it was read, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The text the finding is about with a little context, quoted from a document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// What a finding is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    /// The file or package as a whole.
    #[default]
    Whole,
    /// A part that is not a table: `说明填写`, `部门整体绩效评价`, `决算说明`.
    Part {
        /// Its name as the user knows it.
        name: String,
        /// The item of it the finding is about (`机关运行经费`, a bureau rule's name).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        item: Option<String>,
    },
    /// A public table, and a row and a column of it.
    Table {
        /// The table.
        table: TableRef,
        /// The row, when the finding is about one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        row: Option<RowRef>,
        /// The column (its printed label), when the finding is about one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<String>,
    },
    /// A project's self-evaluation (or target) table, and a row of it.
    Project {
        /// The project.
        project: ProjectRef,
        /// The row, when the finding is about one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        row: Option<ProjectRow>,
        /// The column (`得分`, `分值`), when the finding is about one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<String>,
    },
    /// A paragraph of a published document, under its section heading.
    Text {
        /// The heading of the section it is in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        section: Option<String>,
    },
}

/// A public table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TableRef {
    /// The model's key of its kind (`general_budget`), when it is one of the known tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// As the profile numbers and titles it: `表5 一般公共预算财政拨款支出决算表`.
    pub label: String,
}

/// A row of a table: a classification code with its name, or a named line (`合计`,
/// `本年收入合计`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RowRef {
    /// `2010101`, when the row has a code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// `行政运行`, `合计`.
    pub name: String,
}

impl RowRef {
    /// A row named by its code and name.
    pub fn coded(code: impl Into<String>, name: impl Into<String>) -> RowRef {
        RowRef {
            code: Some(code.into()),
            name: name.into(),
        }
    }

    /// A row named by its label only.
    pub fn named(name: impl Into<String>) -> RowRef {
        RowRef {
            code: None,
            name: name.into(),
        }
    }
}

impl From<&str> for RowRef {
    fn from(s: &str) -> RowRef {
        RowRef::named(s)
    }
}

impl From<&String> for RowRef {
    fn from(s: &String) -> RowRef {
        RowRef::named(s.as_str())
    }
}

impl From<String> for RowRef {
    fn from(s: String) -> RowRef {
        RowRef::named(s)
    }
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, self.name.is_empty()) {
            (Some(c), true) => f.write_str(c),
            (Some(c), false) => write!(f, "{c} {}", self.name),
            (None, _) => f.write_str(&self.name),
        }
    }
}

/// A project, as its table numbers and names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProjectRef {
    /// The table's number in the document or workbook (`3`).
    pub seq: String,
    /// 项目名称.
    pub name: String,
    /// A budget's 项目绩效目标表, not a 项目支出绩效自评表.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub target: bool,
}

/// A row of a project table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProjectRow {
    /// The n-th indicator row (from 1), with its 三级指标 name when it has one.
    Indicator {
        /// From 1, in table order.
        number: usize,
        /// 三级指标.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// Another line of the table: `年度资金总额`, `总分`, `一级指标“产出指标”`.
    Line {
        /// As printed.
        name: String,
    },
}

impl fmt::Display for ProjectRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProjectRow::Indicator {
                number,
                name: Some(n),
            } => write!(f, "第{number}行指标“{n}”"),
            ProjectRow::Indicator { number, name: None } => write!(f, "第{number}行指标"),
            ProjectRow::Line { name } => f.write_str(name),
        }
    }
}

/// Where in the file a finding was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// A cell of a workbook.
    Cell {
        /// The sheet's name.
        sheet: String,
        /// `C6`.
        cell: String,
    },
    /// A place in a published document.
    Document(DocPlace),
}

/// A place in a published document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocPlace {
    /// Page from 1 (PDF); none for DOCX and text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Line from 1: on the page for a PDF, in the file otherwise.
    pub line: u32,
    /// Index of the block (paragraph or table) in the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<u32>,
    /// The byte range of the offending text in the block's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The boxes the offending text covers on the page (PDF only): one per line it runs
    /// over, in points from the page's top-left corner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<Rect>,
}

/// A byte range `[start, end)` of a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// The range `start..end` (end is clamped to at least start).
    pub fn new(start: usize, end: usize) -> Span {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Span { start, end }
    }

    /// As a `usize` range.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A box on a page, in points from the page's top-left corner (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// Page from 1.
    pub page: u32,
    /// Left.
    #[serde(serialize_with = "points")]
    pub x0: f32,
    /// Top.
    #[serde(serialize_with = "points")]
    pub y0: f32,
    /// Right.
    #[serde(serialize_with = "points")]
    pub x1: f32,
    /// Bottom.
    #[serde(serialize_with = "points")]
    pub y1: f32,
}

/// A coordinate to a hundredth of a point (what a drawing needs; not `251.99827575683594`).
fn points<S: serde::Serializer>(v: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*v) * 100.0).round() / 100.0)
}

impl Location {
    /// The file or package as a whole.
    pub fn whole() -> Location {
        Location::default()
    }

    /// A part that is not a table.
    pub fn part(name: impl Into<String>) -> Location {
        Location::of(Subject::Part {
            name: name.into(),
            item: None,
        })
    }

    /// A public table: `key` is the model's key of its kind, `label` its numbered title.
    pub fn table(key: Option<&str>, label: impl Into<String>) -> Location {
        Location::of(Subject::Table {
            table: TableRef {
                key: key.map(str::to_string),
                label: label.into(),
            },
            row: None,
            column: None,
        })
    }

    /// A project's table.
    pub fn project(seq: impl Into<String>, name: impl Into<String>) -> Location {
        Location::of(Subject::Project {
            project: ProjectRef {
                seq: seq.into(),
                name: name.into(),
                target: false,
            },
            row: None,
            column: None,
        })
    }

    /// A project's 项目绩效目标表 (a budget's performance targets).
    pub fn target(seq: impl Into<String>, name: impl Into<String>) -> Location {
        Location::of(Subject::Project {
            project: ProjectRef {
                seq: seq.into(),
                name: name.into(),
                target: true,
            },
            row: None,
            column: None,
        })
    }

    /// A paragraph of a document, in a section.
    pub fn text(section: Option<&str>) -> Location {
        Location::of(Subject::Text {
            section: section.map(str::to_string),
        })
    }

    /// A location about a subject, with no source yet.
    pub fn of(subject: Subject) -> Location {
        Location {
            subject,
            source: None,
            quote: None,
        }
    }

    /// With a row: of a table, a line of a project table, or the item of a part. Ignored
    /// for other subjects.
    pub fn row(mut self, row: impl Into<RowRef>) -> Location {
        match &mut self.subject {
            Subject::Table { row: r, .. } => *r = Some(row.into()),
            Subject::Project { row: r, .. } => {
                *r = Some(ProjectRow::Line {
                    name: row.into().to_string(),
                });
            }
            Subject::Part { item, .. } => *item = Some(row.into().to_string()),
            Subject::Whole | Subject::Text { .. } => {}
        }
        self
    }

    /// With the n-th indicator row (from 1) of a project table.
    pub fn indicator(mut self, number: usize, name: Option<&str>) -> Location {
        if let Subject::Project { row, .. } = &mut self.subject {
            *row = Some(ProjectRow::Indicator {
                number,
                name: name
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_string),
            });
        }
        self
    }

    /// With a column (of a table or project subject).
    pub fn column(mut self, column: impl Into<String>) -> Location {
        match &mut self.subject {
            Subject::Table { column: c, .. } | Subject::Project { column: c, .. } => {
                *c = Some(column.into());
            }
            _ => {}
        }
        self
    }

    /// Quoting the text the finding is about.
    pub fn quote(mut self, text: impl Into<String>) -> Location {
        self.quote = Some(text.into());
        self
    }

    /// Read from this place of the file.
    pub fn source(mut self, source: Source) -> Location {
        self.source = Some(source);
        self
    }

    /// The document place, when the source is a document.
    pub fn doc_place(&self) -> Option<&DocPlace> {
        match &self.source {
            Some(Source::Document(p)) => Some(p),
            _ => None,
        }
    }

    /// The table the finding is in, when it is about a table.
    pub fn table_ref(&self) -> Option<&TableRef> {
        match &self.subject {
            Subject::Table { table, .. } => Some(table),
            _ => None,
        }
    }

    /// The area a reviewer groups findings by: the table, project or part, or the section of
    /// a paragraph (`决算说明` without one).
    pub fn area(&self) -> String {
        match &self.subject {
            Subject::Whole => "整个文件".to_string(),
            Subject::Part { name, .. } => name.clone(),
            Subject::Table { table, .. } => table.label.clone(),
            Subject::Project { project, .. } => project_label(project),
            Subject::Text { section } => section.clone().unwrap_or_else(|| "正文".to_string()),
        }
    }

    /// The place without where it was read (page, line, cell): what identifies the same
    /// place in two versions of a file, when pages have moved.
    pub fn key(&self) -> String {
        self.subject.to_string()
    }
}

fn project_label(p: &ProjectRef) -> String {
    let table = if p.target {
        "项目绩效目标表"
    } else {
        "项目支出绩效自评表"
    };
    if p.seq.is_empty() {
        format!("{table} {}", p.name)
    } else {
        format!("{table} {} {}", p.seq, p.name)
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Whole => f.write_str("整个文件"),
            Subject::Part { name, item } => {
                f.write_str(name)?;
                if let Some(i) = item {
                    write!(f, " · {i}")?;
                }
                Ok(())
            }
            Subject::Table { table, row, column } => {
                f.write_str(&table.label)?;
                if let Some(r) = row {
                    write!(f, " · {r}")?;
                }
                if let Some(c) = column {
                    write!(f, " · {c}")?;
                }
                Ok(())
            }
            Subject::Project {
                project,
                row,
                column,
            } => {
                f.write_str(&project_label(project))?;
                if let Some(r) = row {
                    write!(f, " · {r}")?;
                }
                if let Some(c) = column {
                    write!(f, " · {c}")?;
                }
                Ok(())
            }
            Subject::Text { section: Some(s) } => f.write_str(s),
            Subject::Text { section: None } => f.write_str("正文"),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Cell { sheet, cell } => write!(f, "{sheet}!{cell}"),
            Source::Document(p) => p.fmt(f),
        }
    }
}

impl fmt::Display for DocPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.page {
            Some(p) => write!(f, "第{p}页第{}行", self.line),
            None => write!(f, "第{}行", self.line),
        }
    }
}

impl fmt::Display for Location {
    /// `第21页第14行 · 表5 一般公共预算财政拨款支出决算表 · 210 卫生健康支出 · 合计`; a workbook
    /// cell whose sheet is the table reads `表5 一般公共预算财政拨款支出决算表!C6 · 210 …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.source, &self.subject) {
            (None, s) => s.fmt(f),
            (Some(Source::Cell { sheet, cell }), Subject::Table { table, row, column })
                if *sheet == table.label =>
            {
                write!(f, "{sheet}!{cell}")?;
                if let Some(r) = row {
                    write!(f, " · {r}")?;
                }
                if let Some(c) = column {
                    write!(f, " · {c}")?;
                }
                Ok(())
            }
            (Some(src), Subject::Whole) => src.fmt(f),
            (Some(src @ Source::Cell { .. }), s) => write!(f, "{s}（{src}）"),
            (Some(src), s) => write!(f, "{src} · {s}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_as_a_person_writes_them() {
        let t = Location::table(Some("general_budget"), "表5 一般公共预算财政拨款支出决算表")
            .row(RowRef::coded("210", "卫生健康支出"))
            .column("合计");
        assert_eq!(
            t.to_string(),
            "表5 一般公共预算财政拨款支出决算表 · 210 卫生健康支出 · 合计"
        );
        let cell = t.clone().source(Source::Cell {
            sheet: "表5 一般公共预算财政拨款支出决算表".into(),
            cell: "C6".into(),
        });
        assert_eq!(
            cell.to_string(),
            "表5 一般公共预算财政拨款支出决算表!C6 · 210 卫生健康支出 · 合计"
        );
        let doc = t.source(Source::Document(DocPlace {
            page: Some(21),
            line: 14,
            ..DocPlace::default()
        }));
        assert_eq!(
            doc.to_string(),
            "第21页第14行 · 表5 一般公共预算财政拨款支出决算表 · 210 卫生健康支出 · 合计"
        );
        assert_eq!(
            doc.key(),
            "表5 一般公共预算财政拨款支出决算表 · 210 卫生健康支出 · 合计"
        );
        let p = Location::project("3", "科普项目").indicator(4, Some(" 培训人次 "));
        assert_eq!(
            p.to_string(),
            "项目支出绩效自评表 3 科普项目 · 第4行指标“培训人次”"
        );
        assert_eq!(p.area(), "项目支出绩效自评表 3 科普项目");
    }

    #[test]
    fn json_round_trip() {
        let l = Location::text(Some("二、收入决算情况"))
            .quote("…出出1999.73…")
            .source(Source::Document(DocPlace {
                page: Some(3),
                line: 7,
                block: Some(12),
                span: Some(Span::new(30, 36)),
                boxes: vec![Rect {
                    page: 3,
                    x0: 90.0,
                    y0: 200.5,
                    x1: 120.0,
                    y1: 212.0,
                }],
            }));
        let json = serde_json::to_string(&l).unwrap_or_default();
        assert!(json.contains("\"kind\":\"text\""), "{json}");
        let back: Location = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, l);
    }
}
