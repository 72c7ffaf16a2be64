//! The rule documentation: the list `juesuan rules` prints, one rule's sections
//! (`juesuan rule CODE`), and the Markdown reference `docs/rules.md` is generated from.

use std::fmt::Write as _;

use crate::rule::{Family, Meta};

/// One line per rule, grouped by family, and how to read one.
pub fn list(rules: &[&Meta]) -> String {
    let mut s = String::new();
    for family in Family::ALL {
        let of: Vec<&&Meta> = rules.iter().filter(|r| r.family == family).collect();
        if of.is_empty() {
            continue;
        }
        let _ = writeln!(s, "{}（{} 条）", family.label(), of.len());
        for r in of {
            let _ = writeln!(s, "  {:<8} {}  {}", r.code, r.severity.label(), r.name);
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "共 {} 条规则。用 juesuan rule 代码 查看说明。",
        rules.len()
    );
    s
}

/// One rule: the heading, then the five sections.
pub fn detail(r: &Meta) -> String {
    let mut s = format!(
        "{}  {}（{}，{}）\n",
        r.code,
        r.name,
        r.severity.label(),
        r.family.label()
    );
    for (heading, body) in r.doc.sections() {
        let _ = write!(s, "\n{heading}\n");
        for line in body.lines() {
            let _ = writeln!(s, "  {line}");
        }
    }
    s
}

/// The whole reference as Markdown: a table of contents per family, then each rule with
/// its sections.
pub fn markdown(rules: &[&Meta]) -> String {
    let mut s = String::from(
        "# 审核规则参考\n\n\
本文件由 `juesuan rules --format markdown` 生成，请勿手工修改。\n\n",
    );
    for family in Family::ALL {
        let of: Vec<&&Meta> = rules.iter().filter(|r| r.family == family).collect();
        if of.is_empty() {
            continue;
        }
        let _ = write!(s, "## {}（{} 条）\n\n", family.label(), of.len());
        s.push_str("| 代码 | 级别 | 名称 |\n|---|---|---|\n");
        for r in &of {
            let _ = writeln!(
                s,
                "| [{code}](#{anchor}) | {} | {} |",
                r.severity.label(),
                r.name.replace('|', "\\|"),
                code = r.code,
                anchor = r.code.to_lowercase()
            );
        }
        s.push('\n');
        for r in &of {
            let _ = write!(
                s,
                "### {}\n\n**{}**（{}）\n\n",
                r.code,
                r.name,
                r.severity.label()
            );
            for (heading, body) in r.doc.sections() {
                let _ = write!(s, "**{heading}**\n\n{}\n\n", body.trim());
            }
        }
    }
    s
}
