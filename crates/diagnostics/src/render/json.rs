//! Findings as JSON: the typed data as it is, with the counts.

use serde_json::json;

use crate::finding::Report;
use crate::severity::Severity;

/// The counts of a report as a JSON object.
pub fn summary(r: &Report) -> serde_json::Value {
    json!({
        "errors": r.count(Severity::Error),
        "warnings": r.count(Severity::Warning),
        "infos": r.count(Severity::Info),
    })
}

/// The report as a JSON value: `summary`, `findings`, `skipped`.
pub fn value(r: &Report) -> serde_json::Value {
    json!({
        "summary": summary(r),
        "findings": r.findings,
        "skipped": r.skipped,
    })
}

/// The report as pretty-printed JSON, with a final newline.
pub fn report(r: &Report) -> String {
    serde_json::to_string_pretty(&value(r)).unwrap_or_default() + "\n"
}
