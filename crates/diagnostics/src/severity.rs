//! How serious a finding is.

use serde::{Deserialize, Serialize};

/// How serious a finding (or a notice met while loading) is. Ordered: `Info < Warning <
/// Error`. Serialised as the identifiers `info` / `warning` / `error`; Chinese only when
/// rendered ([`Severity::label`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// 提示: worth a look, nothing is wrong for certain.
    Info,
    /// 警告: probably wrong, or wrong in form.
    Warning,
    /// 错误: wrong; the disclosure should not go out like this.
    Error,
}

impl Severity {
    /// Every severity, most serious first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// `错误` / `警告` / `提示`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    /// `error` / `warning` / `info`, as serialised.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    /// Reads what a person types in a rules file or on the command line: `错误`/`警告`/`提示`
    /// or `error`/`warning`/`info`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        match t.to_lowercase().as_str() {
            "错误" | "error" => Ok(Severity::Error),
            "警告" | "warning" | "warn" => Ok(Severity::Warning),
            "提示" | "info" | "note" => Ok(Severity::Info),
            _ => Err(format!(
                "“{}”不是严重程度，应为 错误、警告 或 提示",
                s.trim()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialised_as_identifiers_and_read_back() {
        for s in Severity::ALL {
            let json = serde_json::to_string(&s).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", s.id()));
            assert_eq!(serde_json::from_str::<Severity>(&json).ok(), Some(s));
            assert_eq!(s.label().parse::<Severity>().ok(), Some(s));
            assert_eq!(s.id().parse::<Severity>().ok(), Some(s));
        }
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
        assert!("严重".parse::<Severity>().is_err());
    }
}
