//! Findings: what a rule found, with the data its message needs, rendered by one formatter.

use rust_decimal::Decimal;
use serde::Serialize;

pub use juesuan_model::Severity;

use crate::interval::Mismatch;

/// Where a finding is: the table (or section) as the profile names it, the row, the column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// `表5 一般公共预算财政拨款支出决算表`, `项目支出绩效自评表 3`, `决算说明`.
    pub area: String,
    /// `210 卫生健康支出`, `合计`, `指标 4`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// `本年支出合计`, `得分`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The text the finding is about, quoted from a checked document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

impl Location {
    /// A location in an area.
    pub fn area(area: impl Into<String>) -> Location {
        Location {
            area: area.into(),
            row: None,
            column: None,
            quote: None,
        }
    }

    /// Quotes the text the finding is about.
    pub fn quote(mut self, text: impl Into<String>) -> Location {
        self.quote = Some(text.into());
        self
    }

    /// With a row.
    pub fn row(mut self, row: impl Into<String>) -> Location {
        self.row = Some(row.into());
        self
    }

    /// With a column.
    pub fn column(mut self, column: impl Into<String>) -> Location {
        self.column = Some(column.into());
        self
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.area)?;
        if let Some(r) = &self.row {
            write!(f, " · {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, " · {c}")?;
        }
        Ok(())
    }
}

/// A stated value named in a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Value {
    /// What it is.
    pub label: String,
    /// As stated.
    pub value: String,
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Rule code (`T3-002`).
    pub code: String,
    /// 错误 / 警告 / 提示.
    pub severity: Severity,
    /// What is wrong, one line.
    pub message: String,
    /// Where.
    pub location: Location,
    /// The values involved, as stated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Value>,
    /// The relation that should hold (`合计 = 各类之和`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// The arithmetic, when an identity failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mismatch: Option<Mismatch>,
    /// Decimals the check assumed for the stated figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u32>,
    /// What to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Finding {
    /// Adds a stated value.
    pub fn value(mut self, label: impl Into<String>, value: impl ToString) -> Finding {
        self.values.push(Value {
            label: label.into(),
            value: value.to_string(),
        });
        self
    }

    /// Sets the relation.
    pub fn relation(mut self, r: impl Into<String>) -> Finding {
        self.relation = Some(r.into());
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, h: impl Into<String>) -> Finding {
        self.hint = Some(h.into());
        self
    }

    /// Sets the arithmetic.
    pub fn mismatch(mut self, m: Mismatch, decimals: Option<u32>) -> Finding {
        self.mismatch = Some(m);
        self.decimals = decimals;
        self
    }
}

/// Formats a decimal for messages: as stated, no exponent.
pub fn num(d: Decimal) -> String {
    d.to_string()
}

/// The findings of an audit.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Findings, most severe first, then in rule order.
    pub findings: Vec<Finding>,
    /// Rules that could not be checked for lack of data, by code.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

impl Report {
    /// Number of findings of a severity.
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// Keeps findings at or above a severity.
    pub fn at_least(mut self, min: Severity) -> Report {
        self.findings.retain(|f| f.severity >= min);
        self
    }

    /// Findings of one rule.
    pub fn of(&self, code: &str) -> Vec<&Finding> {
        self.findings.iter().filter(|f| f.code == code).collect()
    }
}
