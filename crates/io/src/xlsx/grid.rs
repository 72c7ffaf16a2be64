//! A sheet as a grid of raw cells, with the header analysis every table reader shares.

use std::collections::HashMap;

use calamine::{Data, Range, StyleRange};
use juesuan_model::text::compact;

use crate::error::a1;

/// A raw cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// Nothing.
    Empty,
    /// Text (a number stored as text stays text here).
    Text(String),
    /// A binary number.
    Number(f64),
    /// TRUE/FALSE.
    Bool(bool),
    /// `#DIV/0!` and friends.
    Error(String),
}

impl Raw {
    /// True when the cell holds nothing but spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Raw::Empty => true,
            Raw::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: numbers in their shortest form.
    pub fn text(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Text(t) => t.trim().to_string(),
            Raw::Number(n) => format!("{n}"),
            Raw::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Raw::Error(e) => e.clone(),
        }
    }
}

/// A sheet's cells from A1, rows padded to the same width.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Sheet name.
    pub name: String,
    rows: Vec<Vec<Raw>>,
    width: usize,
    /// Decimals shown by a number cell's format (`0.00` → 2), where a format is set.
    decimals: HashMap<(usize, usize), u8>,
}

const EMPTY: Raw = Raw::Empty;

impl Grid {
    /// Builds a grid from calamine's range, placing cells at their absolute positions. The
    /// styles, when given, tell how many decimals each number cell displays: a figure typed
    /// as 6.2 in a cell formatted `0.00` stands for 6.20.
    pub fn from_range(name: &str, range: &Range<Data>, styles: Option<&StyleRange>) -> Grid {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (r0, c0) = (r0 as usize, c0 as usize);
        let width = c0 + range.width();
        let mut rows = vec![vec![Raw::Empty; width]; r0];
        for row in range.rows() {
            let mut out = vec![Raw::Empty; width];
            for (j, d) in row.iter().enumerate() {
                out[c0 + j] = match d {
                    Data::Empty => Raw::Empty,
                    Data::String(s) => Raw::Text(s.clone()),
                    Data::Int(i) => Raw::Number(*i as f64),
                    Data::Float(f) => Raw::Number(*f),
                    Data::Bool(b) => Raw::Bool(*b),
                    Data::DateTime(d) => Raw::Number(d.as_f64()),
                    Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Text(s.clone()),
                    Data::Error(e) => Raw::Error(format!("{e}")),
                };
            }
            rows.push(out);
        }
        let mut decimals = HashMap::new();
        if let Some(styles) = styles {
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if let Raw::Number(_) = cell
                        && let Some(d) = styles
                            .get((r as u32, c as u32))
                            .and_then(|st| st.number_format.as_ref())
                            .and_then(|f| format_decimals(&f.format_code))
                    {
                        decimals.insert((r, c), d);
                    }
                }
            }
        }
        Grid {
            name: name.to_string(),
            rows,
            width,
            decimals,
        }
    }

    /// A grid from literal rows (tests).
    pub fn from_rows(name: &str, rows: Vec<Vec<Raw>>) -> Grid {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let rows = rows
            .into_iter()
            .map(|mut r| {
                r.resize(width, Raw::Empty);
                r
            })
            .collect();
        Grid {
            name: name.to_string(),
            rows,
            width,
            decimals: HashMap::new(),
        }
    }

    /// The text of a cell for parsing: a number cell shows at least the decimals its format
    /// displays (6.2 in a `0.00` cell reads as `6.20`).
    pub fn value_text(&self, r: usize, c: usize) -> String {
        match self.get(r, c) {
            Raw::Number(n) => {
                let s = format!("{n}");
                let have = s.split('.').nth(1).map_or(0, str::len);
                match self.decimals.get(&(r, c)) {
                    Some(&d) if have < d as usize && n.fract().abs() < 1.0 => {
                        format!("{n:.prec$}", prec = d as usize)
                    }
                    _ => s,
                }
            }
            other => other.text(),
        }
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.rows.len()
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The cell at (row, column), `Empty` outside the grid.
    pub fn get(&self, r: usize, c: usize) -> &Raw {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&EMPTY)
    }

    /// The cell's text.
    pub fn text(&self, r: usize, c: usize) -> String {
        self.get(r, c).text()
    }

    /// The cell's text without spaces or line breaks.
    pub fn compact(&self, r: usize, c: usize) -> String {
        compact(&self.text(r, c))
    }

    /// A1 reference.
    pub fn a1(&self, r: usize, c: usize) -> String {
        a1(r as u32, c as u32)
    }

    /// True when every cell of the row is blank.
    pub fn row_is_blank(&self, r: usize) -> bool {
        (0..self.width).all(|c| self.get(r, c).is_blank())
    }

    /// First (row, column) among the first `rows` rows whose compact text satisfies `pred`.
    pub fn find(&self, rows: usize, pred: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
        for r in 0..rows.min(self.height()) {
            for c in 0..self.width {
                let t = self.compact(r, c);
                if !t.is_empty() && pred(&t) {
                    return Some((r, c));
                }
            }
        }
        None
    }

    /// For header rows `top..=bottom`, each column's labels from top to bottom. A label
    /// covers the columns to its right up to the next label in its row, but never beyond the
    /// span of the label above it: this reads merged header cells (whose text sits in the
    /// top-left cell only) and headers typed once over several columns.
    pub fn header_paths(&self, top: usize, bottom: usize) -> Vec<Vec<String>> {
        let mut paths: Vec<Vec<String>> = vec![Vec::new(); self.width];
        let mut spans: Vec<(usize, usize)> = vec![(0, self.width)];
        for r in top..=bottom {
            let mut next = Vec::new();
            for &(a, b) in &spans {
                let labelled: Vec<usize> = (a..b).filter(|&c| !self.get(r, c).is_blank()).collect();
                if labelled.is_empty() {
                    next.push((a, b));
                    continue;
                }
                if labelled[0] > a {
                    next.push((a, labelled[0]));
                }
                for (i, &c) in labelled.iter().enumerate() {
                    let end = labelled.get(i + 1).copied().unwrap_or(b);
                    let label = self.compact(r, c);
                    for path in paths.iter_mut().take(end).skip(c) {
                        path.push(label.clone());
                    }
                    next.push((c, end));
                }
            }
            spans = next;
        }
        paths
    }
}

/// Decimals a number format displays: `0.00` → 2, `#,##0.0000` → 4, `0` → 0; none for
/// `General`, percentages, dates and text.
pub fn format_decimals(code: &str) -> Option<u8> {
    let first = code.split(';').next().unwrap_or("");
    if first.is_empty()
        || first.eq_ignore_ascii_case("general")
        || first.contains('%')
        || first.contains('@')
        || first
            .chars()
            .any(|c| matches!(c, 'y' | 'm' | 'd' | 'h' | 's' | 'Y' | 'D' | 'H'))
    {
        return None;
    }
    if !first.contains('0') {
        return None;
    }
    match first.split_once('.') {
        Some((_, frac)) => Some(frac.chars().take_while(|&c| c == '0').count() as u8),
        None => Some(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Raw {
        if s.is_empty() {
            Raw::Empty
        } else {
            Raw::Text(s.into())
        }
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_decimals("0.00"), Some(2));
        assert_eq!(format_decimals("#,##0.00##"), Some(2));
        assert_eq!(format_decimals("0.0000"), Some(4));
        assert_eq!(format_decimals("0"), Some(0));
        assert_eq!(format_decimals("General"), None);
        assert_eq!(format_decimals("0.00%"), None);
        assert_eq!(format_decimals("yyyy-mm-dd"), None);
    }

    #[test]
    fn merged_headers_spread_within_parent() {
        // The 三公 header: 合计 | 因公出国 | 公务用车(小计, 购置费, 运行维护费) | 公务接待费
        let row1 = [
            "合计",
            "",
            "因公出国（境）费",
            "",
            "公务用车购置及运行维护费",
            "",
            "",
            "",
            "",
            "",
            "公务接待费",
            "",
        ];
        let row2 = [
            "",
            "",
            "",
            "",
            "小计",
            "",
            "公务用车购置费",
            "",
            "公务用车运行维护费",
            "",
            "",
            "",
        ];
        let row3 = ["预算数", "决算数"].repeat(6);
        let g = Grid::from_rows(
            "三公",
            vec![
                row1.iter().map(|s| t(s)).collect(),
                row2.iter().map(|s| t(s)).collect(),
                row3.iter().map(|s| t(s)).collect(),
            ],
        );
        let p = g.header_paths(0, 2);
        assert_eq!(p[1], ["合计", "决算数"]);
        assert_eq!(p[5], ["公务用车购置及运行维护费", "小计", "决算数"]);
        assert_eq!(
            p[9],
            ["公务用车购置及运行维护费", "公务用车运行维护费", "决算数"]
        );
        assert_eq!(p[10], ["公务接待费", "预算数"]);
    }
}
