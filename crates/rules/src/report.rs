//! Rendering findings: compiler-style text, JSON, CSV.

use std::fmt::Write as _;

use crate::finding::{Finding, Report, Severity};
use crate::rules::Rule;

/// A finding as text, like a compiler diagnostic:
///
/// ```text
/// 错误[T5-003]：合计 14864.9 与各类之和 14864.86 不符，相差 0.04
///   --> 表5 一般公共预算财政拨款支出决算表 · 合计 · 合计
///    | 合计 = 14864.9
///    | 各类之和 = 205 教育支出 0.2 + 206 科学技术支出 14144.4 + …
///    = 应有：合计 = 各类之和
///    = 按2位小数，舍入最多解释 ±0.030，实际相差 0.04
///    = 提示：检查是否漏列了某一类，或某类金额有误
/// ```
pub fn text_one(f: &Finding) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}[{}]：{}", f.severity.label(), f.code, f.message);
    let _ = writeln!(s, "  --> {}", f.location);
    if let Some(q) = &f.location.quote {
        let _ = writeln!(s, "   | 原文：{q}");
    }
    for v in &f.values {
        let _ = writeln!(s, "   | {} = {}", v.label, v.value);
    }
    if let Some(r) = &f.relation {
        let _ = writeln!(s, "   = 应有：{r}");
    }
    if let Some(m) = &f.mismatch {
        let basis = match f.decimals {
            Some(d) => format!("按{d}位小数，"),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "   = {basis}舍入最多解释 ±{}，实际相差 {}",
            m.bound.round_dp(4).normalize(),
            m.difference.abs().round_dp(4).normalize()
        );
    }
    if let Some(h) = &f.hint {
        let _ = writeln!(s, "   = 提示：{h}");
    }
    s
}

/// The summary line: `3 个错误，2 个警告，1 条提示`.
pub fn summary_line(r: &Report) -> String {
    let (e, w, i) = (
        r.count(Severity::Error),
        r.count(Severity::Warning),
        r.count(Severity::Info),
    );
    if e + w + i == 0 {
        "审核通过：没有发现问题".to_string()
    } else {
        format!("共 {e} 个错误，{w} 个警告，{i} 条提示")
    }
}

/// All findings as text, then the summary line.
pub fn text(r: &Report) -> String {
    let mut s = String::new();
    for f in &r.findings {
        s.push_str(&text_one(f));
        s.push('\n');
    }
    if !r.skipped.is_empty() {
        let _ = writeln!(
            s,
            "提示：以下自定义规则因缺少数据未执行：{}",
            r.skipped.join("、")
        );
    }
    s.push_str(&summary_line(r));
    s.push('\n');
    s
}

/// The report as JSON.
pub fn json(r: &Report) -> String {
    let v = serde_json::json!({
        "summary": {
            "errors": r.count(Severity::Error),
            "warnings": r.count(Severity::Warning),
            "infos": r.count(Severity::Info),
        },
        "findings": r.findings,
        "skipped": r.skipped,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// Neutralises spreadsheet formulas: a cell starting with `=`, `+`, `-`, `@` is prefixed
/// with `'` so that Excel shows it as text. Plain numbers such as `-0.03` stay numbers.
pub fn safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && juesuan_model::text::plain_decimal(s).is_none()
    {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The report as CSV (UTF-8 with BOM so that Excel opens it with the right encoding).
pub fn csv(r: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "代码",
        "级别",
        "说明",
        "位置",
        "相关数值",
        "应有关系",
        "陈述值",
        "计算值",
        "差额",
        "舍入允许",
        "提示",
        "原文",
    ]);
    for f in &r.findings {
        let values: Vec<String> = f
            .values
            .iter()
            .map(|v| format!("{}={}", v.label, v.value))
            .collect();
        let m = f.mismatch.as_ref();
        let row = [
            f.code.clone(),
            f.severity.label().to_string(),
            f.message.clone(),
            f.location.to_string(),
            values.join("；"),
            f.relation.clone().unwrap_or_default(),
            m.map(|m| m.stated.to_string()).unwrap_or_default(),
            m.map(|m| m.computed.to_string()).unwrap_or_default(),
            m.map(|m| m.difference.to_string()).unwrap_or_default(),
            m.map(|m| m.bound.normalize().to_string())
                .unwrap_or_default(),
            f.hint.clone().unwrap_or_default(),
            f.location.quote.clone().unwrap_or_default(),
        ];
        let _ = w.write_record(row.iter().map(|c| safe(c)));
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// `juesuan rules`: one line per rule.
pub fn rule_list(rules: &[Rule]) -> String {
    let mut s = String::new();
    for r in rules {
        let _ = writeln!(s, "{:<8} {}  {}", r.code, r.severity.label(), r.name);
    }
    let _ = writeln!(
        s,
        "\n共 {} 条规则。用 juesuan rule 代码 查看说明。",
        rules.len()
    );
    s
}

/// `juesuan rule CODE`: the explanation.
pub fn rule_detail(r: &Rule) -> String {
    format!(
        "{}  {}（{}）\n\n{}\n\n依据：{}\n",
        r.code,
        r.name,
        r.severity.label(),
        r.explanation,
        r.reference
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Location;

    #[test]
    fn csv_is_safe_from_formulas() {
        let r = Report {
            findings: vec![Finding {
                code: "X".into(),
                severity: Severity::Warning,
                message: "=HYPERLINK(\"http://x\")".into(),
                location: Location::area("a"),
                values: vec![],
                relation: None,
                mismatch: None,
                decimals: None,
                hint: None,
            }],
            skipped: vec![],
        };
        let c = csv(&r);
        assert!(c.starts_with('\u{feff}'));
        assert!(c.contains("'=HYPERLINK"), "{c}");
        assert_eq!(safe("-0.03"), "-0.03");
        assert_eq!(safe("-1+1"), "'-1+1");
    }
}
