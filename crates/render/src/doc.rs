//! The document, independent of its output format (typst's model/export split): headings,
//! paragraphs with visible gaps for missing human inputs, tables with merged cells, charts,
//! page and orientation breaks. The DOCX, HTML, PDF and XLSX writers each walk this.

use serde::Serialize;

/// The opening of a visible gap left for a human input: `【待填写：主要原因】`.
pub const PENDING_OPEN: &str = "【待填写：";
/// A table cell whose figure the package does not give (the table is partial): unknown, so
/// neither blank nor zero. `check` reads it back as unknown.
pub const TABLE_GAP: &str = "【缺】";
/// The opening of a gap for a figure the package does not give: `【缺数据：…】`.
pub const MISSING_OPEN: &str = "【缺数据：";
/// The closing bracket of a gap.
pub const GAP_CLOSE: char = '】';

/// The mark every page of a draft carries (DOCX header, PDF top margin, HTML, XLSX page
/// header). A line that is only this word is page furniture to `check`, like a page number.
pub const DRAFT_MARK: &str = "草稿";

/// The heading of the list of open errors at the end of a draft.
pub const DRAFT_HEADING: &str = "草稿说明：以下错误尚未解决，本稿不得公开";

/// A complete disclosure.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Title (`北京市西城区科学技术和信息化局2024年度部门决算`).
    pub title: String,
    /// The body.
    pub blocks: Vec<Block>,
    /// Filled inputs of the package this profile's document does not print
    /// (`说明数据：公务接待批次`), for `build` and `audit` to report.
    #[serde(skip)]
    pub unused: Vec<String>,
    /// Set when the document is a draft: every page is marked [`DRAFT_MARK`] and the open
    /// errors are listed at the end under [`DRAFT_HEADING`].
    pub draft: Option<Draft>,
}

/// What makes a document a draft: the errors still open, one line each, already worded by
/// the caller (`T-001 收入支出决算总表：收入合计与各项之和不符（差 0.02 万元）`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Draft {
    /// The open errors, in the order listed.
    pub errors: Vec<String>,
}

impl Draft {
    /// The numbered lines listed under [`DRAFT_HEADING`]; one line saying so when the
    /// caller listed none.
    pub fn lines(&self) -> Vec<String> {
        if self.errors.is_empty() {
            return vec!["（未列出错误）".to_string()];
        }
        self.errors
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{}. {}", i + 1, e.trim()))
            .collect()
    }
}

/// The cover page: the title in large type, lines under it (编制单位), the date at the foot.
/// A profile's template writes it (`::cover`, `::cover-line`, `::cover-date`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cover {
    /// The title (`北京市西城区科学技术和信息化局2024年度部门决算`).
    pub title: String,
    /// Lines under the title (`编制单位：…`).
    pub lines: Vec<String>,
    /// The date at the foot (`2025年8月`), if any.
    pub date: Option<String>,
}

/// One block of the body.
#[derive(Debug, Clone, Serialize)]
pub enum Block {
    /// The cover page; the document's first block when there is one.
    Cover(Cover),
    /// A heading, level 1 (部分) to 4.
    Heading {
        /// 1–4.
        level: u8,
        /// The text.
        text: String,
    },
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A paragraph printed as is, without first-line indent (notes, captions).
    Plain(Vec<Inline>),
    /// A table.
    Table(Table),
    /// A chart.
    Chart(Chart),
    /// The table of contents.
    Contents,
    /// A new page; `landscape` sets the orientation from here on.
    PageBreak {
        /// Orientation of the following pages.
        landscape: bool,
    },
}

/// A run of text inside a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Inline {
    /// Ordinary text.
    Text(String),
    /// A visible gap (`【待填写：主要原因】`, `【缺数据：…】`), highlighted in every format.
    Gap(String),
}

impl Inline {
    /// The text as printed.
    pub fn text(&self) -> &str {
        match self {
            Inline::Text(s) | Inline::Gap(s) => s,
        }
    }
}

/// Escapes text for XML, HTML and SVG alike; control characters XML 1.0 forbids are
/// dropped (a DOCX holding one would not open).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Where the year of a title (`2024年度…`, `2024年…`) starts, in bytes: a cover breaks a
/// long title there (`上海市普陀区财政局` / `2024年度部门决算`).
pub(crate) fn year_at(title: &str) -> Option<usize> {
    let b = title.as_bytes();
    (0..b.len().saturating_sub(4)).find(|&i| {
        b[i..i + 4].iter().all(u8::is_ascii_digit)
            && title[i + 4..].starts_with('年')
            && (i == 0 || !b[i - 1].is_ascii_digit())
    })
}

/// Splits text into ordinary runs and gaps.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let next = [PENDING_OPEN, MISSING_OPEN]
            .iter()
            .filter_map(|o| rest.find(o))
            .min();
        let Some(start) = next else { break };
        let Some(len) = rest[start..].find(GAP_CLOSE) else {
            break;
        };
        let end = start + len + GAP_CLOSE.len_utf8();
        if start > 0 {
            out.push(Inline::Text(rest[..start].to_string()));
        }
        out.push(Inline::Gap(rest[start..end].to_string()));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text(rest.to_string()));
    }
    out
}

/// Horizontal alignment of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Align {
    /// Left (names).
    Left,
    /// Centre (headers, codes).
    Center,
    /// Right (amounts).
    Right,
}

/// One cell; cells covered by another's span are not listed (as in HTML).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The text (may hold a gap).
    pub text: String,
    /// Columns spanned.
    pub colspan: u16,
    /// Rows spanned.
    pub rowspan: u16,
    /// Alignment.
    pub align: Align,
    /// Header cell (bold, `th`).
    pub header: bool,
}

impl Cell {
    /// A header cell.
    pub fn head(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            colspan: 1,
            rowspan: 1,
            align: Align::Center,
            header: true,
        }
    }

    /// A left-aligned text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            colspan: 1,
            rowspan: 1,
            align: Align::Left,
            header: false,
        }
    }

    /// A right-aligned figure.
    pub fn num(text: impl Into<String>) -> Cell {
        Cell {
            align: Align::Right,
            ..Cell::text(text)
        }
    }

    /// A centred cell.
    pub fn center(text: impl Into<String>) -> Cell {
        Cell {
            align: Align::Center,
            ..Cell::text(text)
        }
    }

    /// Sets the span.
    pub fn span(mut self, cols: u16, rows: u16) -> Cell {
        self.colspan = cols.max(1);
        self.rowspan = rows.max(1);
        self
    }
}

/// A table as printed: title, unit line, header rows and body rows.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Identifier (anchors, sheet names): `t3`, `project-4`.
    pub id: String,
    /// Title (`收入支出决算总表`).
    pub title: String,
    /// Line above the table, left (`编制单位：…`), if printed.
    pub org: Option<String>,
    /// Line above the table, right (`单位：万元`), if printed.
    pub unit: Option<String>,
    /// Relative column widths; their count is the number of columns.
    pub widths: Vec<u16>,
    /// Header rows.
    pub head: Vec<Vec<Cell>>,
    /// Body rows.
    pub body: Vec<Vec<Cell>>,
    /// Notes printed under the table (`注：…`, `说明：…`).
    pub notes: Vec<String>,
    /// Printed on landscape pages.
    pub wide: bool,
}

/// What occupies one slot of the grid a table spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot<'a> {
    /// The cell starting here.
    Start(&'a Cell),
    /// Covered by a cell to the left (same row).
    Left,
    /// Covered by a cell above; `col` is the covering cell's first column and `first`
    /// is true for the first covered slot of that cell in this row.
    Above {
        /// The covering cell.
        cell: &'a Cell,
        /// True in the covering cell's first column.
        first: bool,
    },
}

impl Table {
    /// Number of columns.
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// Lays rows out on the grid, resolving spans; rows shorter than the grid are padded
    /// with `None`. DOCX and XLSX need this; HTML and typst take spans directly.
    pub fn grid<'a>(&self, rows: &'a [Vec<Cell>]) -> Vec<Vec<Option<Slot<'a>>>> {
        let n = self.columns();
        let mut grid: Vec<Vec<Option<Slot<'a>>>> = vec![vec![None; n]; rows.len()];
        for (r, row) in rows.iter().enumerate() {
            let mut c = 0;
            for cell in row {
                while c < n && grid[r][c].is_some() {
                    c += 1;
                }
                if c >= n {
                    break;
                }
                let cols = (cell.colspan as usize).min(n - c);
                let rows_spanned = (cell.rowspan as usize).min(rows.len() - r);
                for dr in 0..rows_spanned {
                    for dc in 0..cols {
                        grid[r + dr][c + dc] = Some(match (dr, dc) {
                            (0, 0) => Slot::Start(cell),
                            (0, _) => Slot::Left,
                            (_, dc) => Slot::Above {
                                cell,
                                first: dc == 0,
                            },
                        });
                    }
                }
                c += cols;
            }
        }
        grid
    }
}

/// A chart, kept as data; each writer draws it (SVG, PNG).
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Identifier (file names).
    pub id: String,
    /// Caption (`图1：收入决算`).
    pub caption: String,
    /// The picture.
    pub kind: ChartKind,
}

/// What a chart shows.
#[derive(Debug, Clone, Serialize)]
pub enum ChartKind {
    /// Shares of a whole: label, amount (万元, as printed), share in % as printed.
    Pie(Vec<(String, String, String)>),
    /// Pairs of bars per line: label, first and second value; `series` names the two.
    Bars {
        /// Names of the two series (`年初预算`, `决算`).
        series: [String; 2],
        /// Label, first value, second value (万元, as printed).
        rows: Vec<(String, String, String)>,
    },
}

impl Document {
    /// Marks the document as a draft with errors still open: every page carries the mark
    /// and a closing section lists them.
    pub fn mark_draft(&mut self, open: &[String]) {
        self.draft = Some(Draft {
            errors: open.to_vec(),
        });
    }

    /// Every gap in the document, in order, with the heading it falls under.
    pub fn gaps(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut heading = String::new();
        for b in &self.blocks {
            match b {
                Block::Heading { text, .. } => heading.clone_from(text),
                Block::Paragraph(runs) | Block::Plain(runs) => {
                    for r in runs {
                        if let Inline::Gap(g) = r {
                            out.push((heading.clone(), g.clone()));
                        }
                    }
                }
                Block::Table(t) => {
                    for cell in t.body.iter().flatten() {
                        for r in inlines(&cell.text) {
                            if let Inline::Gap(g) = r {
                                out.push((format!("{}（表）", t.title), g));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The cover, if the document has one.
    pub fn cover(&self) -> Option<&Cover> {
        self.blocks.iter().find_map(|b| match b {
            Block::Cover(c) => Some(c),
            _ => None,
        })
    }

    /// The headings of levels 1–3 (those the table of contents lists), with their number
    /// among all headings counted from 1 (anchors and bookmarks).
    pub fn contents_entries(&self) -> Vec<(usize, u8, &str)> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, text } => Some((*level, text.as_str())),
                _ => None,
            })
            .enumerate()
            .filter(|(_, (level, _))| *level <= 3)
            .map(|(i, (level, text))| (i + 1, level, text))
            .collect()
    }

    /// The whole text, one line per paragraph, heading or table row (tests, search).
    pub fn plain_text(&self) -> String {
        let mut s = String::new();
        for b in &self.blocks {
            match b {
                Block::Heading { text, .. } => s.push_str(text),
                Block::Paragraph(runs) | Block::Plain(runs) => {
                    for r in runs {
                        s.push_str(r.text());
                    }
                }
                Block::Table(t) => {
                    s.push_str(&t.title);
                    for row in t.head.iter().chain(&t.body) {
                        s.push('\n');
                        let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
                        s.push_str(&cells.join("\t"));
                    }
                    for n in &t.notes {
                        s.push('\n');
                        s.push_str(n);
                    }
                }
                Block::Chart(c) => s.push_str(&c.caption),
                Block::Cover(c) => {
                    s.push_str(&c.title);
                    for l in c.lines.iter().chain(&c.date) {
                        s.push('\n');
                        s.push_str(l);
                    }
                }
                Block::Contents | Block::PageBreak { .. } => continue,
            }
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cover_title_breaks_before_its_year() {
        assert_eq!(year_at("上海市普陀区财政局2024年度部门决算"), Some(27));
        assert_eq!(year_at("2024年度部门决算"), Some(0));
        assert_eq!(year_at("某局12024年度"), None);
        assert_eq!(year_at("某局2024"), None);
        assert_eq!(year_at(""), None);
    }

    #[test]
    fn gaps_are_split_out() {
        let v = inlines("主要原因：【待填写：主要原因】。合计【缺数据：合计】万元");
        assert_eq!(
            v,
            vec![
                Inline::Text("主要原因：".into()),
                Inline::Gap("【待填写：主要原因】".into()),
                Inline::Text("。合计".into()),
                Inline::Gap("【缺数据：合计】".into()),
                Inline::Text("万元".into()),
            ]
        );
        assert_eq!(
            inlines("【待填写：未闭合"),
            vec![Inline::Text("【待填写：未闭合".into())]
        );
    }

    #[test]
    fn grid_resolves_spans() {
        let t = Table {
            id: "x".into(),
            title: "x".into(),
            org: None,
            unit: None,
            widths: vec![1, 1, 1],
            head: vec![],
            body: vec![
                vec![Cell::head("a").span(1, 2), Cell::head("b").span(2, 1)],
                vec![Cell::head("c"), Cell::head("d")],
            ],
            notes: vec![],
            wide: false,
        };
        let g = t.grid(&t.body);
        assert!(matches!(g[0][0], Some(Slot::Start(c)) if c.text == "a"));
        assert!(matches!(g[0][2], Some(Slot::Left)));
        assert!(matches!(g[1][0], Some(Slot::Above { first: true, .. })));
        assert!(matches!(g[1][1], Some(Slot::Start(c)) if c.text == "c"));
        assert!(matches!(g[1][2], Some(Slot::Start(c)) if c.text == "d"));
    }
}
