//! What a rule found, with the data its message needs.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::location::Location;
use crate::severity::Severity;

/// The unit a figure is in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A bare number (a ratio, a count of something unnamed).
    #[default]
    None,
    /// 万元, the unit of the public tables.
    Wanyuan,
    /// 元.
    Yuan,
    /// Percent: `94.1` is 94.1%.
    Percent,
    /// 分, the points of a performance table.
    Points,
    /// 个, a count.
    Count,
}

impl Unit {
    /// What is printed after a figure: `万元`, `%`, `分`; nothing for a bare number.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::None => "",
            Unit::Wanyuan => " 万元",
            Unit::Yuan => " 元",
            Unit::Percent => "%",
            Unit::Points => " 分",
            Unit::Count => " 个",
        }
    }
}

/// One labelled part of a sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// `205 教育支出`.
    pub label: String,
    /// As stated.
    pub value: Decimal,
}

/// A value named in a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Quantity {
    /// A figure as stated.
    Number {
        /// The figure.
        value: Decimal,
        /// Its unit.
        #[serde(default)]
        unit: Unit,
    },
    /// The parts of a sum, as stated (the zero parts left out).
    Sum {
        /// The parts.
        parts: Vec<Part>,
        /// Their unit.
        #[serde(default)]
        unit: Unit,
    },
    /// Text: a name, a figure as printed that is not a number (`.5`, `—`).
    Text {
        /// The text.
        text: String,
    },
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Number { value, unit } => write!(f, "{value}{}", unit.suffix()),
            Quantity::Sum { parts, unit } => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" + ")?;
                    }
                    write!(f, "{} {}", p.label, p.value)?;
                }
                f.write_str(unit.suffix())
            }
            Quantity::Text { text } => f.write_str(text),
        }
    }
}

/// A named value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value {
    /// What it is.
    pub label: String,
    /// The value.
    #[serde(flatten)]
    pub quantity: Quantity,
}

/// The arithmetic of an identity that failed beyond rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arithmetic {
    /// The figure as stated.
    pub stated: Decimal,
    /// What the other side computes to.
    pub computed: Decimal,
    /// `stated − computed`.
    pub difference: Decimal,
    /// The largest difference rounding explains.
    pub bound: Decimal,
    /// The decimals the stated figures were read at, when the check assumed a precision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u32>,
    /// The unit of all four.
    #[serde(default)]
    pub unit: Unit,
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule code (`T3-002`; a bureau's own rule has its own).
    pub code: Cow<'static, str>,
    /// How serious.
    pub severity: Severity,
    /// What is wrong, one line.
    pub message: String,
    /// Where.
    pub location: Location,
    /// The values involved, as stated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Value>,
    /// The relation that should hold (`合计 = 各类之和`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// The arithmetic, when an identity failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arithmetic: Option<Arithmetic>,
    /// What to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Finding {
    /// A finding with a code, severity, location and message.
    pub fn new(
        code: impl Into<Cow<'static, str>>,
        severity: Severity,
        location: Location,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            code: code.into(),
            severity,
            message: message.into(),
            location,
            values: Vec::new(),
            relation: None,
            arithmetic: None,
            hint: None,
        }
    }

    /// Adds a figure.
    pub fn number(mut self, label: impl Into<String>, value: Decimal, unit: Unit) -> Finding {
        self.values.push(Value {
            label: label.into(),
            quantity: Quantity::Number { value, unit },
        });
        self
    }

    /// Adds the parts of a sum.
    pub fn sum(mut self, label: impl Into<String>, parts: Vec<Part>, unit: Unit) -> Finding {
        self.values.push(Value {
            label: label.into(),
            quantity: Quantity::Sum { parts, unit },
        });
        self
    }

    /// Adds a value as text.
    pub fn text(mut self, label: impl Into<String>, text: impl Into<String>) -> Finding {
        self.values.push(Value {
            label: label.into(),
            quantity: Quantity::Text { text: text.into() },
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
    pub fn arithmetic(mut self, a: Arithmetic) -> Finding {
        self.arithmetic = Some(a);
        self
    }

    /// Sets the location.
    pub fn at(mut self, location: Location) -> Finding {
        self.location = location;
        self
    }

    /// What identifies the same problem in two versions of a file: the rule, the place
    /// without where it was read (pages move when text is added), and the message.
    pub fn key(&self) -> (String, String, String) {
        (
            self.code.to_string(),
            self.location.key(),
            self.message.clone(),
        )
    }
}

/// The findings of an audit or a check.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// Bureau rules that could not be checked for lack of data, by code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

impl Report {
    /// A report of these findings, most severe first (stable within a severity).
    pub fn new(mut findings: Vec<Finding>) -> Report {
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        Report {
            findings,
            skipped: Vec::new(),
        }
    }

    /// Number of findings of a severity.
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
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

    /// Findings per rule code, most frequent first (then by code).
    pub fn per_rule(&self) -> Vec<(String, usize)> {
        let mut rules: Vec<(String, usize)> = Vec::new();
        for f in &self.findings {
            match rules.iter_mut().find(|(c, _)| *c == f.code) {
                Some((_, n)) => *n += 1,
                None => rules.push((f.code.to_string(), 1)),
            }
        }
        rules.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        rules
    }
}
