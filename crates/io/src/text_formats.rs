//! Packages as TOML and JSON, with errors in Chinese that give the line and column.

use juesuan_model::Package;
pub use juesuan_model::messages::chinese_serde_message;

use crate::error::{Place, Problem};

/// Parses a package from TOML text.
pub fn package_from_toml(text: &str) -> Result<Package, Problem> {
    toml::from_str(text).map_err(|e| {
        let place = match e.span() {
            Some(span) => {
                let (line, column) = line_col(text, span.start);
                Place::Line { line, column }
            }
            None => Place::File,
        };
        Problem {
            place,
            message: chinese_serde_message(e.message(), true),
        }
    })
}

/// Parses a package from JSON text.
pub fn package_from_json(text: &str) -> Result<Package, Problem> {
    serde_json::from_str(text).map_err(|e| {
        let raw = e.to_string();
        // serde_json appends " at line L column C"; the place is reported separately.
        let message = match raw.rfind(" at line ") {
            Some(i) => &raw[..i],
            None => raw.as_str(),
        };
        let place = if e.line() > 0 {
            Place::Line {
                line: e.line(),
                column: e.column(),
            }
        } else {
            Place::File
        };
        Problem {
            place,
            message: chinese_serde_message(message, e.is_syntax() || e.is_eof()),
        }
    })
}

/// Writes a package as TOML.
pub fn package_to_toml(package: &Package) -> Result<String, String> {
    toml::to_string_pretty(package).map_err(|e| format!("无法写成 TOML：{e}"))
}

/// Writes a package as JSON.
pub fn package_to_json(package: &Package) -> Result<String, String> {
    serde_json::to_string_pretty(package)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| format!("无法写成 JSON：{e}"))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let t = "a = 1\n名称 = \"x\"\n";
        assert_eq!(line_col(t, 0), (1, 1));
        let off = t.find('=').unwrap();
        assert_eq!(line_col(t, off), (1, 3));
        let off2 = t.rfind('=').unwrap();
        assert_eq!(line_col(t, off2), (2, 4));
    }

    #[test]
    fn toml_errors_have_places() {
        let text = "[unit]\nname = \"某局\"\nyear = 2024\nprofile = \"beijing\"\n\n[tables.income]\n[[tables.income.rows]]\ncode = \"201\"\ntotal = \"abc\"\n";
        let p = package_from_toml(text).unwrap_err();
        assert_eq!(p.place, Place::Line { line: 9, column: 9 });
        assert!(p.message.contains("不是金额"), "{}", p.message);
    }

    #[test]
    fn json_errors_have_places() {
        let text = "{\n  \"unit\": {\"name\": \"某局\", \"year\": \"二〇二四\", \"profile\": \"beijing\"}\n}";
        let p = package_from_json(text).unwrap_err();
        assert!(matches!(p.place, Place::Line { line: 2, .. }), "{p:?}");
        assert!(p.message.contains("类型不对"), "{}", p.message);
    }
}
