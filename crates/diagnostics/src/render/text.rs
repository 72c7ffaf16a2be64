//! Findings as text, like a compiler's diagnostics.

use std::fmt::Write as _;

use crate::finding::{Finding, Report};
use crate::severity::Severity;

/// A finding as text:
///
/// ```text
/// 错误[T5-003]：合计 14864.9 与各类之和 14864.86 不符，相差 0.04
///   --> 表5 一般公共预算财政拨款支出决算表 · 合计 · 合计
///    | 合计 = 14864.9 万元
///    | 各类之和 = 205 教育支出 0.2 + 206 科学技术支出 14144.4 + … 万元
///    = 应有：合计 = 各类之和
///    = 按2位小数，舍入最多解释 ±0.03 万元，实际相差 0.04 万元
///    = 提示：检查是否漏列了某一类，或某类金额有误
/// ```
pub fn finding(f: &Finding) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}[{}]：{}", f.severity.label(), f.code, f.message);
    let _ = writeln!(s, "  --> {}", f.location);
    if let Some(q) = &f.location.quote {
        let _ = writeln!(s, "   | 原文：{q}");
    }
    for v in &f.values {
        let _ = writeln!(s, "   | {} = {}", v.label, v.quantity);
    }
    if let Some(r) = &f.relation {
        let _ = writeln!(s, "   = 应有：{r}");
    }
    if let Some(line) = arithmetic(f) {
        let _ = writeln!(s, "   = {line}");
    }
    if let Some(h) = &f.hint {
        let _ = writeln!(s, "   = 提示：{h}");
    }
    s
}

/// `按2位小数，舍入最多解释 ±0.03 万元，实际相差 0.04 万元`, when the finding has arithmetic.
pub fn arithmetic(f: &Finding) -> Option<String> {
    let a = f.arithmetic.as_ref()?;
    // 万元 figures converted from 元 (a budget's tables printed in 元 to the 分): in 元
    if let (Some(d @ 5..), crate::Unit::Wanyuan) = (a.decimals, a.unit) {
        let yuan = |v: rust_decimal::Decimal| (v * rust_decimal::Decimal::from(10_000)).round_dp(4);
        return Some(format!(
            "按元的{}位小数，舍入最多解释 ±{}元，实际相差 {}元",
            d - 4,
            yuan(a.bound).normalize(),
            yuan(a.difference.abs()).normalize()
        ));
    }
    let basis = match a.decimals {
        Some(d) => format!("按{d}位小数，"),
        None => String::new(),
    };
    let unit = a.unit.suffix();
    Some(format!(
        "{basis}舍入最多解释 ±{}{unit}，实际相差 {}{unit}",
        a.bound.round_dp(4).normalize(),
        a.difference.abs().round_dp(4).normalize()
    ))
}

/// The summary line: `共 3 个错误，2 个警告，1 条提示`, or that nothing was found.
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

/// All findings as text, then the bureau rules that were skipped, then the summary line.
pub fn report(r: &Report) -> String {
    let mut s = String::new();
    for f in &r.findings {
        s.push_str(&finding(f));
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

/// The values, the relation, the arithmetic and the hint of a finding on one line
/// (`合计=14864.9 万元；应有：合计 = 各类之和；…`), for a table cell or a list.
pub fn detail(f: &Finding) -> Option<String> {
    let mut parts: Vec<String> = f
        .values
        .iter()
        .map(|v| format!("{}={}", v.label, v.quantity))
        .collect();
    if let Some(r) = &f.relation {
        parts.push(format!("应有：{r}"));
    }
    if let Some(a) = arithmetic(f) {
        parts.push(a);
    }
    if let Some(h) = &f.hint {
        parts.push(format!("提示：{h}"));
    }
    (!parts.is_empty()).then(|| parts.join("；"))
}
