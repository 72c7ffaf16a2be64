//! Findings as CSV for Excel: UTF-8 with a byte-order mark, one row per finding, spreadsheet
//! formulas neutralised.

use crate::finding::{Finding, Report};
use crate::location::Source;

/// The columns, after an optional leading `文件`.
const HEADER: [&str; 18] = [
    "代码",
    "级别",
    "说明",
    "位置",
    "表或部分",
    "工作表",
    "单元格",
    "页码",
    "行号",
    "原文",
    "相关数值",
    "应有关系",
    "陈述值",
    "计算值",
    "差额",
    "舍入允许",
    "提示",
    "级别代码",
];

/// Neutralises spreadsheet formulas: a cell starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is prefixed with `'` so that Excel shows it as text; plain numbers such
/// as `-0.03` stay numbers.
pub fn safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// `-0.03`, `12`, `.5`: a number a spreadsheet reads as a number (a leading `+` is left to
/// be quoted: Excel would evaluate it).
fn is_plain_number(s: &str) -> bool {
    let t = s.strip_prefix('-').unwrap_or(s);
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|c| *c == '.').count() <= 1
        && t.chars().any(|c| c.is_ascii_digit())
}

fn cells(f: &Finding) -> Vec<String> {
    let (sheet, cell, page, line) = match &f.location.source {
        Some(Source::Cell { sheet, cell }) => (sheet.clone(), cell.clone(), None, None),
        Some(Source::Document(p)) => (String::new(), String::new(), p.page, Some(p.line)),
        None => (String::new(), String::new(), None, None),
    };
    let values: Vec<String> = f
        .values
        .iter()
        .map(|v| format!("{}={}", v.label, v.quantity))
        .collect();
    let a = f.arithmetic.as_ref();
    vec![
        f.code.to_string(),
        f.severity.label().to_string(),
        f.message.clone(),
        f.location.to_string(),
        f.location.area(),
        sheet,
        cell,
        page.map(|p| p.to_string()).unwrap_or_default(),
        line.map(|l| l.to_string()).unwrap_or_default(),
        f.location.quote.clone().unwrap_or_default(),
        values.join("；"),
        f.relation.clone().unwrap_or_default(),
        a.map(|a| a.stated.to_string()).unwrap_or_default(),
        a.map(|a| a.computed.to_string()).unwrap_or_default(),
        a.map(|a| a.difference.to_string()).unwrap_or_default(),
        a.map(|a| a.bound.normalize().to_string())
            .unwrap_or_default(),
        f.hint.clone().unwrap_or_default(),
        f.severity.id().to_string(),
    ]
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// One report as CSV.
pub fn report(r: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for f in &r.findings {
        let _ = w.write_record(cells(f).iter().map(|c| safe(c)));
    }
    finish(w)
}

/// The reports of several files as one CSV, with the file's name in a first column.
pub fn files<'a>(reports: impl IntoIterator<Item = (&'a str, &'a Report)>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(std::iter::once("文件").chain(HEADER));
    for (file, r) in reports {
        for f in &r.findings {
            let row = std::iter::once(safe(file)).chain(cells(f).into_iter().map(|c| safe(&c)));
            let _ = w.write_record(row);
        }
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Finding, Location, Severity};

    #[test]
    fn formulas_neutralised_numbers_kept() {
        let r = Report::new(vec![Finding::new(
            "X",
            Severity::Warning,
            Location::part("a"),
            "=HYPERLINK(\"http://x\")",
        )]);
        let c = report(&r);
        assert!(c.starts_with('\u{feff}'));
        assert!(c.contains("'=HYPERLINK"), "{c}");
        for (cell, shown) in [
            ("=1+1", "'=1+1"),
            ("+86 10", "'+86 10"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-0.03", "-0.03"),
            ("-5", "-5"),
            ("+5", "'+5"),
            ("-1+1", "'-1+1"),
            ("总分写 89", "总分写 89"),
            ("", ""),
        ] {
            assert_eq!(safe(cell), shown, "{cell:?}");
        }
        let both = files([("=a.pdf", &r), ("b.pdf", &r)]);
        let mut rd = csv::Reader::from_reader(both.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = rd.records().filter_map(Result::ok).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], "'=a.pdf");
        assert_eq!(&rows[1][0], "b.pdf");
        assert_eq!(&rows[1][1], "X");
    }
}
