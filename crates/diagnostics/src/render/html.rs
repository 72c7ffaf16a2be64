//! Findings as HTML fragments: one `<div>` per finding, styled by [`STYLE`], escaped
//! throughout. The checker's report, the batch review's pages and the workbench all use it.

use crate::finding::Finding;
use crate::render::text;
use crate::severity::Severity;

/// The CSS of the fragments [`finding`] makes.
pub const STYLE: &str = "\
.sev{margin:.3em 0;padding:.3em .6em;border-left:4px solid #b00020;background:#fff5f5}\
.sev.warn{border-color:#d08000;background:#fffaf0}.sev.info{border-color:#0066cc;background:#f5f9ff}\
.sev .code{font-family:monospace;font-weight:bold;margin-right:.5em}.sev .at{color:#555;font-size:.9em}\
.sev blockquote{margin:.2em 0 .2em 1em;color:#444;font-size:.9em}";

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// The CSS class of a severity's fragment: `sev`, `sev warn`, `sev info`.
pub fn class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev",
        Severity::Warning => "sev warn",
        Severity::Info => "sev info",
    }
}

/// One finding: code and severity, message, place (a link when `href` is given), the values
/// and arithmetic on one line, and the quoted text. `id` is the element's id.
pub fn finding(f: &Finding, id: &str, href: Option<&str>) -> String {
    let place = esc(&f.location.to_string());
    let place = match href {
        Some(h) => format!("<a href=\"{}\">{place}</a>", esc(h)),
        None => place,
    };
    let mut h = format!(
        "<div class=\"{}\" id=\"{}\"><span class=\"code\">{}[{}]</span>{}<div class=\"at\">{place}</div>",
        class(f.severity),
        esc(id),
        esc(f.severity.label()),
        esc(&f.code),
        esc(&f.message)
    );
    if let Some(d) = text::detail(f) {
        h.push_str(&format!("<div class=\"at\">{}</div>", esc(&d)));
    }
    if let Some(q) = &f.location.quote {
        h.push_str(&format!("<blockquote>{}</blockquote>", esc(q)));
    }
    h.push_str("</div>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Location, Severity};

    #[test]
    fn everything_escaped() {
        let f = Finding::new(
            "D-010",
            Severity::Error,
            Location::text(Some("<b>一</b>")).quote("\"<script>\""),
            "<img src=x onerror=alert(1)>",
        );
        let h = finding(&f, "f\"1", Some("#x\"y"));
        assert!(
            !h.contains("<img") && !h.contains("<script") && !h.contains("<b>"),
            "{h}"
        );
        assert!(
            h.contains("id=\"f&quot;1\"") && h.contains("href=\"#x&quot;y\""),
            "{h}"
        );
    }
}
