//! The 审核意见书: what a reviewer sends a unit after reviewing its 决算 or 预算 — the
//! findings it must fix (confirmed ones, then the errors nobody has decided on), the
//! findings judged not to be problems (with the reasons) and those explained, the reviewer's
//! comments, the date and the reviewer. Built from a plain [`Opinion`] (the workbench fills
//! it from its decisions, `juesuan review --opinion` from the findings alone) as a
//! [`Document`], written by the same DOCX and PDF writers as the disclosure.

use juesuan_model::{DisclosureKind, Severity};

use crate::RenderError;
use crate::doc::{Align, Block, Cell, Document, Inline, Table};
use crate::output::{OutputFormat, write_outputs};

/// What a reviewer decided about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// 确认: the unit must fix it.
    Confirmed,
    /// 不是问题: dismissed, with a reason.
    Dismissed,
    /// 已说明: the unit explained it (optionally with a comment).
    Explained,
}

impl Verdict {
    /// The word shown (`确认`, `不是问题`, `已说明`).
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Confirmed => "确认",
            Verdict::Dismissed => "不是问题",
            Verdict::Explained => "已说明",
        }
    }
}

/// One finding as the opinion lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionItem {
    /// The rule (`T-001`).
    pub code: String,
    pub severity: Severity,
    /// What the finding says.
    pub message: String,
    /// Where: `第3页第12行 · 表5 … · 合计` or `表1!C6 · …`.
    pub place: String,
    /// The text quoted from the document, when there is one.
    pub quote: Option<String>,
    /// The reviewer's decision; `None`: not decided.
    pub decision: Option<Verdict>,
    /// The reason (不是问题) or comment (已说明, 确认).
    pub reason: String,
}

/// A reviewer's general comment on the unit (审核意见).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionComment {
    pub text: String,
    /// Who wrote it.
    pub author: String,
    /// When (`2026-11-30 10:15`).
    pub at: String,
}

/// Everything an opinion says; the caller decides every word of it (no clock, no lookup).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opinion {
    /// The 财政局 issuing it (empty: not printed).
    pub bureau: String,
    /// The unit reviewed.
    pub unit: String,
    pub kind: DisclosureKind,
    /// The year reported on, when known.
    pub year: Option<u16>,
    /// What was reviewed (`公开.pdf（第2版）`; empty: not printed).
    pub file: String,
    /// The findings, in report order.
    pub items: Vec<OpinionItem>,
    pub comments: Vec<OpinionComment>,
    /// The reviewer (empty: a line to sign on).
    pub reviewer: String,
    /// The date printed (`2026年11月30日`).
    pub date: String,
}

/// `决算` / `预算`.
fn kind_word(kind: DisclosureKind) -> &'static str {
    match kind {
        DisclosureKind::Final => "决算",
        DisclosureKind::Budget => "预算",
    }
}

impl Opinion {
    /// `某单位2024年度部门决算审核意见书`.
    pub fn title(&self) -> String {
        let year = self.year.map(|y| format!("{y}年度")).unwrap_or_default();
        format!("{}{year}部门{}审核意见书", self.unit, kind_word(self.kind))
    }

    /// The findings the unit must fix: the confirmed ones, then the errors not decided on.
    pub fn to_fix(&self) -> Vec<&OpinionItem> {
        let confirmed = self
            .items
            .iter()
            .filter(|i| i.decision == Some(Verdict::Confirmed));
        let open = self
            .items
            .iter()
            .filter(|i| i.decision.is_none() && i.severity == Severity::Error);
        confirmed.chain(open).collect()
    }

    fn with(&self, v: Verdict) -> Vec<&OpinionItem> {
        self.items
            .iter()
            .filter(|i| i.decision == Some(v))
            .collect()
    }

    /// The opinion as a document.
    pub fn document(&self) -> Document {
        let mut blocks = Vec::new();
        let plain = |t: String| Block::Plain(vec![Inline::Text(t)]);
        if !self.bureau.is_empty() {
            blocks.push(plain(format!("审核单位：{}", self.bureau)));
        }
        blocks.push(plain(format!("被审核单位：{}", self.unit)));
        let year = self.year.map(|y| format!("{y}年度")).unwrap_or_default();
        blocks.push(plain(format!(
            "审核内容：{year}部门{}",
            kind_word(self.kind)
        )));
        if !self.file.is_empty() {
            blocks.push(plain(format!("审核文件：{}", self.file)));
        }

        let fix = self.to_fix();
        blocks.push(Block::Heading {
            level: 2,
            text: format!("一、需修改的问题（{}项）", fix.len()),
        });
        if fix.is_empty() {
            blocks.push(Block::Paragraph(vec![Inline::Text(
                "未发现需要修改的问题。".into(),
            )]));
        } else {
            blocks.push(Block::Paragraph(vec![Inline::Text(
                "以下问题请逐项修改后重新报送。".into(),
            )]));
            blocks.push(Block::Table(items_table(
                "fix",
                &fix,
                "审核决定",
                |i| match i.decision {
                    Some(Verdict::Confirmed) if !i.reason.trim().is_empty() => {
                        format!("确认：{}", i.reason.trim())
                    }
                    Some(Verdict::Confirmed) => "确认".to_string(),
                    _ => "需修改".to_string(),
                },
            )));
        }

        let dismissed = self.with(Verdict::Dismissed);
        blocks.push(Block::Heading {
            level: 2,
            text: format!("二、经审核不是问题（{}项）", dismissed.len()),
        });
        if dismissed.is_empty() {
            blocks.push(Block::Paragraph(vec![Inline::Text("无。".into())]));
        } else {
            blocks.push(Block::Table(items_table(
                "dismissed",
                &dismissed,
                "理由",
                |i| i.reason.trim().to_string(),
            )));
        }

        let explained = self.with(Verdict::Explained);
        blocks.push(Block::Heading {
            level: 2,
            text: format!("三、单位已说明（{}项）", explained.len()),
        });
        if explained.is_empty() {
            blocks.push(Block::Paragraph(vec![Inline::Text("无。".into())]));
        } else {
            blocks.push(Block::Table(items_table(
                "explained",
                &explained,
                "说明",
                |i| i.reason.trim().to_string(),
            )));
        }

        blocks.push(Block::Heading {
            level: 2,
            text: "四、审核意见".into(),
        });
        let comments: Vec<&OpinionComment> = self
            .comments
            .iter()
            .filter(|c| !c.text.trim().is_empty())
            .collect();
        if comments.is_empty() {
            blocks.push(Block::Paragraph(vec![Inline::Text("无其他意见。".into())]));
        }
        for c in comments {
            for line in c.text.lines().filter(|l| !l.trim().is_empty()) {
                blocks.push(Block::Paragraph(vec![Inline::Text(
                    line.trim().to_string(),
                )]));
            }
            blocks.push(plain(format!("（{}，{}）", c.author, c.at)));
        }
        // what was left out, so that the opinion does not read as complete when it is not
        let undecided_warnings = self
            .items
            .iter()
            .filter(|i| i.decision.is_none() && i.severity == Severity::Warning)
            .count();
        if undecided_warnings > 0 {
            blocks.push(plain(format!(
                "另有{undecided_warnings}条警告未作审核决定，未列入本意见书。"
            )));
        }

        let reviewer = if self.reviewer.trim().is_empty() {
            "____________".to_string()
        } else {
            self.reviewer.trim().to_string()
        };
        blocks.push(plain(format!("审核人：{reviewer}")));
        blocks.push(plain(format!("日期：{}", self.date)));
        Document {
            title: self.title(),
            blocks,
            unused: Vec::new(),
            draft: None,
        }
    }

    /// The opinion as DOCX and PDF bytes; the PDF is `None` (with the note saying why) when
    /// no CJK font is installed or the build has no PDF.
    pub fn write(&self) -> Result<Written, RenderError> {
        let doc = self.document();
        let year = self.year.unwrap_or(2000);
        let out = write_outputs(&doc, year, &[OutputFormat::Docx, OutputFormat::Pdf])?;
        let mut w = Written::default();
        for o in out {
            match o.format {
                OutputFormat::Docx => w.docx = o.bytes.unwrap_or_default(),
                OutputFormat::Pdf => {
                    w.pdf = o.bytes;
                    w.note = o.note;
                }
                _ => {}
            }
        }
        Ok(w)
    }

    /// The name of the files, without extension: the title, with characters file systems
    /// refuse replaced.
    pub fn file_stem(&self) -> String {
        self.title()
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
                    || c.is_control()
                {
                    '_'
                } else {
                    c
                }
            })
            .collect()
    }
}

/// An opinion's files.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub docx: Vec<u8>,
    pub pdf: Option<Vec<u8>>,
    /// Why there is no PDF, or what its fonts lack.
    pub note: Option<String>,
}

/// A table of findings: 序号, 规则, 问题, 位置及原文, and one column of the caller's.
fn items_table(
    id: &str,
    items: &[&OpinionItem],
    last: &str,
    last_of: impl Fn(&OpinionItem) -> String,
) -> Table {
    let body = items
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let place = match &i.quote {
                Some(q) if !q.trim().is_empty() => format!("{}；原文：“{}”", i.place, q.trim()),
                _ => i.place.clone(),
            };
            vec![
                Cell::center((n + 1).to_string()),
                Cell::center(format!("{} {}", i.code, i.severity.label())),
                Cell::text(i.message.clone()),
                Cell::text(place),
                Cell {
                    align: Align::Left,
                    ..Cell::text(last_of(i))
                },
            ]
        })
        .collect();
    Table {
        id: format!("opinion-{id}"),
        title: String::new(),
        org: None,
        unit: None,
        widths: vec![5, 9, 30, 30, 18],
        head: vec![vec![
            Cell::head("序号"),
            Cell::head("规则"),
            Cell::head("问题"),
            Cell::head("位置及原文"),
            Cell::head(last),
        ]],
        body,
        notes: Vec::new(),
        wide: false,
    }
}

/// `2026年11月30日`: the date in China (UTC+8) of a time in seconds since 1970.
pub fn date_of(secs: i64) -> String {
    let days = (secs + 8 * 3600).div_euclid(86_400);
    // civil date from days since 1970-01-01 (H. Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y}年{m}月{d}日")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(
        code: &str,
        severity: Severity,
        decision: Option<Verdict>,
        reason: &str,
    ) -> OpinionItem {
        OpinionItem {
            code: code.into(),
            severity,
            message: format!("{code} 的问题"),
            place: format!("第2页第{}行", code.len()),
            quote: Some("收入总计XX万元".into()),
            decision,
            reason: reason.into(),
        }
    }

    fn opinion() -> Opinion {
        Opinion {
            bureau: "某区财政局".into(),
            unit: "某区某局".into(),
            kind: DisclosureKind::Budget,
            year: Some(2025),
            file: "预算.pdf（第2版）".into(),
            items: vec![
                item("E-1", Severity::Error, None, ""),
                item(
                    "E-2",
                    Severity::Error,
                    Some(Verdict::Dismissed),
                    "表中另有注释说明口径",
                ),
                item(
                    "W-1",
                    Severity::Warning,
                    Some(Verdict::Confirmed),
                    "请补充原因",
                ),
                item("W-2", Severity::Warning, None, ""),
                item(
                    "W-3",
                    Severity::Warning,
                    Some(Verdict::Explained),
                    "单位电话说明",
                ),
                item("I-1", Severity::Info, None, ""),
            ],
            comments: vec![OpinionComment {
                text: "请于五个工作日内改正。".into(),
                author: "张审核".into(),
                at: "2026-11-30 10:00".into(),
            }],
            reviewer: "张审核".into(),
            date: date_of(1_764_460_800),
        }
    }

    fn texts(doc: &Document) -> String {
        let mut s = doc.title.clone();
        for b in &doc.blocks {
            match b {
                Block::Heading { text, .. } => s.push_str(text),
                Block::Paragraph(r) | Block::Plain(r) => {
                    r.iter().for_each(|i| s.push_str(i.text()));
                }
                Block::Table(t) => t.body.iter().flatten().for_each(|c| s.push_str(&c.text)),
                _ => {}
            }
            s.push('\n');
        }
        s
    }

    #[test]
    fn confirmed_come_first_then_undecided_errors_and_warnings_wait() {
        let o = opinion();
        let fix: Vec<&str> = o.to_fix().iter().map(|i| i.code.as_str()).collect();
        assert_eq!(fix, ["W-1", "E-1"]);
        let t = texts(&o.document());
        assert!(t.starts_with("某区某局2025年度部门预算审核意见书"), "{t}");
        assert!(t.contains("一、需修改的问题（2项）"), "{t}");
        assert!(t.contains("二、经审核不是问题（1项）") && t.contains("表中另有注释说明口径"));
        assert!(t.contains("三、单位已说明（1项）") && t.contains("单位电话说明"));
        assert!(t.contains("请于五个工作日内改正。") && t.contains("（张审核，2026-11-30 10:00）"));
        assert!(t.contains("另有1条警告未作审核决定"), "{t}");
        assert!(t.contains("原文：“收入总计XX万元”"));
        assert!(
            t.contains("审核人：张审核") && t.contains("日期：2025年11月30日"),
            "{t}"
        );
        assert!(!t.contains("I-1"), "hints are not listed");
    }

    #[test]
    fn without_a_reviewer_there_is_a_line_to_sign() {
        let mut o = opinion();
        o.reviewer.clear();
        o.items.clear();
        o.comments.clear();
        let t = texts(&o.document());
        assert!(t.contains("审核人：____________"));
        assert!(t.contains("未发现需要修改的问题。") && t.contains("无其他意见。"));
    }

    #[test]
    fn dates_are_china_dates_and_file_names_are_safe() {
        assert_eq!(date_of(0), "1970年1月1日");
        // 2024-02-29 16:30 UTC is 1 March in Beijing
        assert_eq!(date_of(1_709_224_200), "2024年3月1日");
        let mut o = opinion();
        o.unit = "a/b:c".into();
        assert_eq!(o.file_stem(), "a_b_c2025年度部门预算审核意见书");
    }

    #[test]
    fn the_docx_holds_the_text() {
        let w = opinion().write().expect("written");
        assert!(w.docx.starts_with(b"PK"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(w.docx)).expect("zip");
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("word/document.xml").expect("part"),
            &mut xml,
        )
        .expect("read");
        for s in [
            "某区某局",
            "E-1",
            "E-1 的问题",
            "表中另有注释说明口径",
            "请于五个工作日内改正。",
        ] {
            assert!(xml.contains(s), "{s}");
        }
        if let Some(pdf) = w.pdf {
            assert!(pdf.starts_with(b"%PDF"));
        }
    }
}
