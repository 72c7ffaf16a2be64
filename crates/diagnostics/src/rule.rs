//! The rule registry entry: what every rule of every family is — a stable code, a name, a
//! default severity, documentation in fixed sections, a check function — and the sink its
//! check writes findings into.

use serde::Serialize;

use crate::finding::Finding;
use crate::location::Location;
use crate::severity::Severity;

/// What a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// The tables and the explanation's inputs of a data package (`T`, `X`, `C`, `E`, `P`):
    /// `juesuan audit`, and `check` on the tables it recovers.
    Package,
    /// The text of a published document (`D`): `juesuan check`.
    Document,
    /// Performance tables: their arithmetic (`PF`, with the audit) and the quality of their
    /// indicators (`PQ`, with `juesuan perf`).
    Performance,
    /// The tables and explanation inputs of a budget package (`B`): `juesuan audit` of a
    /// 预算, and `check` on the tables a published budget yields.
    Budget,
    /// What was approved against what was published (`A`): `check --against` (the approved
    /// package against the published document) and `check --prior` (this year's 上年数
    /// against last year's final figures).
    Against,
}

impl Family {
    /// Every family, in listing order.
    pub const ALL: [Family; 5] = [
        Family::Package,
        Family::Budget,
        Family::Document,
        Family::Performance,
        Family::Against,
    ];

    /// `数据包`, `公开文件`, `绩效`.
    pub fn label(self) -> &'static str {
        match self {
            Family::Package => "数据包审核",
            Family::Document => "公开文件检查",
            Family::Performance => "绩效自评",
            Family::Budget => "预算审核",
            Family::Against => "公开监督",
        }
    }

    /// `package`, `document`, `performance`.
    pub fn id(self) -> &'static str {
        match self {
            Family::Package => "package",
            Family::Document => "document",
            Family::Performance => "performance",
            Family::Budget => "budget",
            Family::Against => "against",
        }
    }

    /// The family an identifier or label names (`package`, `数据包`, `document`, `文件`…).
    pub fn parse(s: &str) -> Option<Family> {
        let s = s.trim().to_lowercase();
        Family::ALL.into_iter().find(|f| {
            s == f.id()
                || f.label().starts_with(&s)
                || matches!(
                    (f, s.as_str()),
                    (Family::Package, "审核" | "数据包")
                        | (Family::Document, "文件" | "检查" | "公开文件")
                        | (Family::Performance, "绩效" | "perf")
                        | (Family::Budget, "预算")
                        | (Family::Against, "监督" | "核对")
                )
        })
    }
}

/// A rule's documentation, in the sections `juesuan rule CODE` prints. Every section is
/// Chinese text for finance officers and reviewers; `basis` cites official sources only.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Doc {
    /// 检查什么.
    pub what: &'static str,
    /// 为什么.
    pub why: &'static str,
    /// 示例（错误写法）.
    pub bad: &'static str,
    /// 正确写法.
    pub good: &'static str,
    /// 依据: the official source (a document number, a table's title, a template's clause).
    pub basis: &'static str,
}

impl Doc {
    /// The sections with their headings, in print order.
    pub fn sections(&self) -> [(&'static str, &'static str); 5] {
        [
            ("检查什么", self.what),
            ("为什么", self.why),
            ("示例（错误写法）", self.bad),
            ("正确写法", self.good),
            ("依据", self.basis),
        ]
    }
}

/// What every rule is, whatever it checks.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Meta {
    /// Stable code (`T5-003`, `D-031`, `PF-003`); never reused.
    pub code: &'static str,
    /// Chinese name, one line.
    pub name: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// What it checks.
    pub family: Family,
    /// Its documentation.
    pub doc: Doc,
}

/// A rule: its [`Meta`], its check `F` — a function over what the rule checks (a package's
/// audit context, a document, a project), e.g. `fn(&Ctx<'_>, &mut Sink<'_>)` — and fixtures
/// of type `X` that show it fire and stay silent. Generic over the check's type rather than
/// its context so that contexts with lifetimes need no higher-ranked trickery.
pub struct Rule<F: Copy + 'static, X: 'static = ()> {
    /// Code, name, severity, family, documentation.
    pub meta: Meta,
    /// The check.
    pub check: F,
    /// Fixtures showing it fire and stay silent.
    pub fixtures: &'static [X],
}

impl<F: Copy, X> Clone for Rule<F, X> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Copy, X> Copy for Rule<F, X> {}

impl<F: Copy, X> std::fmt::Debug for Rule<F, X> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rule({})", self.meta.code)
    }
}

impl<F: Copy, X> Rule<F, X> {
    /// A sink for this rule's findings, writing into `out`.
    pub fn sink<'a>(&'a self, out: &'a mut Vec<Finding>) -> Sink<'a> {
        Sink::new(&self.meta, out)
    }
}

/// Collects the findings of one rule: every finding it makes carries the rule's code and
/// severity, so a check cannot name another rule's code by mistake.
pub struct Sink<'a> {
    meta: &'a Meta,
    out: &'a mut Vec<Finding>,
}

impl<'a> Sink<'a> {
    /// A sink for the rule of `meta` writing into `out`.
    pub fn new(meta: &'a Meta, out: &'a mut Vec<Finding>) -> Sink<'a> {
        Sink { meta, out }
    }

    /// The rule this sink collects for.
    pub fn meta(&self) -> &Meta {
        self.meta
    }

    /// A finding of this rule at `location`, to be completed and [`Sink::push`]ed.
    pub fn finding(&self, location: Location, message: impl Into<String>) -> Finding {
        Finding::new(self.meta.code, self.meta.severity, location, message)
    }

    /// Records a finding.
    pub fn push(&mut self, f: Finding) {
        self.out.push(f);
    }

    /// Records a finding made of a location and a message only.
    pub fn report(&mut self, location: Location, message: impl Into<String>) {
        let f = self.finding(location, message);
        self.out.push(f);
    }
}
