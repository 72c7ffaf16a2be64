//! Terminal output: padding that counts CJK characters as two columns, the summary layout.

use juesuan_model::summary::Line;
use juesuan_model::{Notice, PackageSummary};

/// Prints an error to stderr.
pub fn error(message: &str) {
    eprintln!("错误：{message}");
}

/// A command-line error in Chinese.
pub fn clap_message(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k: ContextKind| -> String {
        match e.get(k) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let arg = ctx(ContextKind::InvalidArg);
    match e.kind() {
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令（如 demo、audit、show）".to_string(),
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”"),
        ErrorKind::InvalidSubcommand => {
            format!("不认识的命令“{}”", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue => {
            let valid = ctx(ContextKind::ValidValue);
            let mut m = format!("参数 {arg} 的取值“{}”不对", ctx(ContextKind::InvalidValue));
            if !valid.is_empty() {
                m.push_str(&format!("，可用：{valid}"));
            }
            m
        }
        ErrorKind::ValueValidation => {
            format!("参数 {arg} 的取值“{}”不对", ctx(ContextKind::InvalidValue))
        }
        ErrorKind::ArgumentConflict => format!("参数 {arg} 不能与其他参数同时使用"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("参数 {arg} 的个数不对")
        }
        _ => "命令行参数有误".to_string(),
    }
}

/// Display width: CJK and full-width characters take two columns.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            if (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u)
            {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Pads `s` with spaces to `w` columns.
pub fn pad(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

fn figure_line(l: &Line) -> String {
    let value = l.value.map(|v| v.text_form()).unwrap_or_else(|| "—".into());
    let mut s = format!("  {}{}", pad(&l.label, 34), pad(&value, 12));
    if let (Some(c), Some(against)) = (l.change, l.against) {
        s.push_str(&format!(
            "比{against}{}{}",
            c.base.text_form(),
            c.describe()
        ));
    }
    s.trim_end().to_string()
}

/// The text layout of a package summary.
pub fn summary(s: &PackageSummary, source: &str, notices: &[Notice]) -> String {
    let mut out = String::new();
    // a budget is of its year (2025年部门预算), final accounts of the year past (2024年度部门决算)
    let year = if s.kind == "预算" { "年" } else { "年度" };
    out.push_str(&format!(
        "{}　{}{year}部门{}（{}格式）\n",
        s.unit, s.year, s.kind, s.profile
    ));
    out.push_str(&format!("来源：{source}\n\n"));
    out.push_str("主要数字（万元）\n");
    for l in &s.lines {
        out.push_str(&figure_line(l));
        out.push('\n');
    }
    if !s.classes.is_empty() {
        out.push_str(if s.kind == "预算" {
            "\n一般公共预算支出预算（按类，万元）\n"
        } else {
            "\n一般公共预算财政拨款支出（按类，万元）\n"
        });
        for l in &s.classes {
            out.push_str(&figure_line(l));
            out.push('\n');
        }
    }
    if !s.tables.is_empty() {
        out.push_str(&format!(
            "\n报表（{}格式 {} 张）\n",
            s.profile,
            s.tables.len()
        ));
        for t in &s.tables {
            out.push_str(&format!(
                "  {}{}{}\n",
                pad(&format!("表{}", t.number), 6),
                pad(&t.title, 44),
                t.state
            ));
        }
    }
    if s.department_score.is_some() || !s.projects.is_empty() {
        out.push_str("\n绩效评价\n");
        if let Some(d) = &s.department_score {
            out.push_str(&format!("  部门整体绩效评价：{d}\n"));
        }
        if !s.projects.is_empty() {
            out.push_str(&format!("  项目支出绩效自评表 {} 张：\n", s.projects.len()));
            for p in &s.projects {
                let score = p
                    .total_score
                    .as_ref()
                    .map(|f| format!("总分 {f}"))
                    .unwrap_or_else(|| "无总分".into());
                let budget = p
                    .budget
                    .as_ref()
                    .map(|f| format!("全年预算数 {f}，"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "    {}{}{}{}（{} 行指标）\n",
                    pad(&p.seq, 4),
                    pad(&p.name, 52),
                    budget,
                    score,
                    p.indicators
                ));
            }
        }
    }
    if !notices.is_empty() {
        out.push_str(&format!("\n提示（{} 条）\n", notices.len()));
        for n in notices {
            out.push_str(&format!("  {n}\n"));
        }
    }
    out
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
pub struct Progress {
    total: usize,
    verb: &'static str,
    shown: bool,
}

impl Progress {
    /// A bar for `total` items; drawn only for more than one item on a terminal.
    pub fn new(verb: &'static str, total: usize) -> Progress {
        let shown = total > 1 && std::io::IsTerminal::is_terminal(&std::io::stderr());
        Progress { total, verb, shown }
    }

    /// Shows that `n` items are done (or the `n`-th is under way) and names the current one.
    pub fn set(&self, n: usize, current: &std::path::Path) {
        if self.shown {
            let done = n.min(self.total) * 24 / self.total.max(1);
            eprint!(
                "\r\x1b[2K{} [{}{}] {}/{} {}",
                self.verb,
                "█".repeat(done),
                "·".repeat(24 - done),
                n,
                self.total,
                current.display()
            );
        }
    }

    /// Clears the line (before other output, and at the end).
    pub fn clear(&self) {
        if self.shown {
            eprint!("\r\x1b[2K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_width() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("收入"), 4);
        assert_eq!(pad("收入", 6), "收入  ");
    }
}
