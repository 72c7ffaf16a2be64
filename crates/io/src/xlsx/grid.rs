//! A sheet as a grid of raw cells, with the header analysis every table reader shares.

use std::collections::HashMap;

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

/// The most rows and columns of a sheet juesuan reads; cells beyond are reported and left
/// out. The grid is dense within the used area, so these bound its memory.
pub const MAX_ROWS: u32 = 20_000;
/// See [`MAX_ROWS`].
pub const MAX_COLS: u32 = 100;

/// How a number cell is displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumFormat {
    /// Fixed decimals (`0.00` → 2).
    Decimals(u8),
    /// A percentage with decimals (`0.00%` → 2): the stored value is a fraction.
    Percent(u8),
}

/// A merged region: first and last row and column, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// First row.
    pub r0: usize,
    /// First column.
    pub c0: usize,
    /// Last row.
    pub r1: usize,
    /// Last column.
    pub c1: usize,
}

/// A sheet's cells from A1, rows padded to the same width.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Sheet name.
    pub name: String,
    rows: Vec<Vec<Raw>>,
    width: usize,
    formats: HashMap<(usize, usize), NumFormat>,
    merges: Vec<Merge>,
    /// Cells beyond [`MAX_ROWS`]/[`MAX_COLS`] that were left out.
    pub overflow: usize,
}

const EMPTY: Raw = Raw::Empty;

impl Grid {
    /// Builds a grid from cells at absolute positions, keeping those within the limits.
    pub fn from_cells(
        name: &str,
        cells: Vec<(u32, u32, Raw, Option<NumFormat>)>,
        merges: Vec<Merge>,
    ) -> Grid {
        let mut overflow = 0;
        let mut height = 0usize;
        let mut width = 0usize;
        for (r, c, raw, _) in &cells {
            if *r >= MAX_ROWS || *c >= MAX_COLS {
                if !raw.is_blank() {
                    overflow += 1;
                }
                continue;
            }
            if !raw.is_blank() {
                height = height.max(*r as usize + 1);
                width = width.max(*c as usize + 1);
            }
        }
        let mut rows = vec![vec![Raw::Empty; width]; height];
        let mut formats = HashMap::new();
        for (r, c, raw, fmt) in cells {
            let (r, c) = (r as usize, c as usize);
            if r < height && c < width {
                if let Some(f) = fmt
                    && matches!(raw, Raw::Number(_))
                {
                    formats.insert((r, c), f);
                }
                rows[r][c] = raw;
            }
        }
        let merges = merges
            .into_iter()
            .filter(|m| m.r0 < height && m.c0 < width)
            .take(10_000)
            .collect();
        Grid {
            name: name.to_string(),
            rows,
            width,
            formats,
            merges,
            overflow,
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
            formats: HashMap::new(),
            merges: Vec::new(),
            overflow: 0,
        }
    }

    /// The same grid with merged regions (tests).
    pub fn with_merges(mut self, merges: Vec<Merge>) -> Grid {
        self.merges = merges;
        self
    }

    /// The text of a cell for parsing. A number loses binary noise (a formula's
    /// 2112.8599999999997 is 2112.86), shows at least the decimals its format displays
    /// (6.2 in a `0.00` cell reads as `6.20`), and a percentage cell reads as `94.10%`.
    pub fn value_text(&self, r: usize, c: usize) -> String {
        match self.get(r, c) {
            Raw::Number(n) => {
                let fmt = self.formats.get(&(r, c)).copied();
                let (value, decimals, percent) = match fmt {
                    Some(NumFormat::Percent(d)) => (n * 100.0, d as u32, true),
                    Some(NumFormat::Decimals(d)) => (*n, d as u32, false),
                    None => (*n, 0, false),
                };
                let mut text = clean_number(value);
                let have = text.split('.').nth(1).map_or(0, str::len) as u32;
                if have < decimals {
                    if !text.contains('.') {
                        text.push('.');
                    }
                    text.push_str(&"0".repeat((decimals - have) as usize));
                }
                if percent {
                    text.push('%');
                }
                text
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

    /// The label a header cell shows: its own text, or the text of the merged region it
    /// lies in.
    pub fn label_at(&self, r: usize, c: usize) -> String {
        match self
            .merges
            .iter()
            .find(|m| m.r0 <= r && r <= m.r1 && m.c0 <= c && c <= m.c1)
        {
            Some(m) => self.compact(m.r0, m.c0),
            None => self.compact(r, c),
        }
    }

    /// For header rows `top..=bottom`, each column's labels from top to bottom. A merged
    /// header cell labels every column it covers; a label merged over several rows appears
    /// once.
    pub fn header_paths(&self, top: usize, bottom: usize) -> Vec<Vec<String>> {
        (0..self.width)
            .map(|c| {
                let mut path: Vec<String> = Vec::new();
                for r in top..=bottom {
                    let l = self.label_at(r, c);
                    if !l.is_empty() && path.last() != Some(&l) {
                        path.push(l);
                    }
                }
                path
            })
            .collect()
    }
}

/// A number without binary noise: at most 15 significant digits, then its shortest form.
pub fn clean_number(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    let shortest = format!("{n}");
    let digits = shortest.chars().filter(char::is_ascii_digit).count();
    if digits <= 15 {
        return shortest;
    }
    let magnitude = if n == 0.0 {
        0
    } else {
        n.abs().log10().floor() as i32
    };
    let decimals = (14 - magnitude).clamp(0, 17) as usize;
    let rounded = format!("{n:.decimals$}");
    if rounded.contains('.') {
        rounded
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        rounded
    }
}

/// How a number format displays numbers: `0.00` → 2 decimals, `#,##0.0000` → 4,
/// `0.00%` → a percentage with 2; none for `General`, dates and text.
pub fn number_format(code: &str) -> Option<NumFormat> {
    let first = code.split(';').next().unwrap_or("");
    // quoted literals and [colour] parts say nothing about decimals
    let mut plain = String::new();
    let mut quoted = false;
    let mut bracket = false;
    for ch in first.chars() {
        match ch {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if !quoted && !bracket => plain.push(ch),
            _ => {}
        }
    }
    if plain.is_empty() || plain.eq_ignore_ascii_case("general") || plain.contains('@') {
        return None;
    }
    if plain
        .chars()
        .any(|c| matches!(c, 'y' | 'm' | 'd' | 'h' | 's' | 'Y' | 'D' | 'H'))
    {
        return None;
    }
    if !plain.contains('0') && !plain.contains('#') {
        return None;
    }
    let decimals = match plain.split_once('.') {
        Some((_, frac)) => frac.chars().take_while(|&c| c == '0').count() as u8,
        None => 0,
    };
    Some(if plain.contains('%') {
        NumFormat::Percent(decimals)
    } else {
        NumFormat::Decimals(decimals)
    })
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
        use NumFormat::*;
        assert_eq!(number_format("0.00"), Some(Decimals(2)));
        assert_eq!(number_format("#,##0.00##"), Some(Decimals(2)));
        assert_eq!(number_format("0.0000"), Some(Decimals(4)));
        assert_eq!(number_format("0"), Some(Decimals(0)));
        assert_eq!(number_format("General"), None);
        assert_eq!(number_format("0.00%"), Some(Percent(2)));
        assert_eq!(number_format("yyyy-mm-dd"), None);
        assert_eq!(number_format("[Red]0.00;\"负\"0.00"), Some(Decimals(2)));
    }

    #[test]
    fn numbers_lose_binary_noise() {
        assert_eq!(clean_number(2106.66 + 6.2), "2112.86");
        assert_eq!(clean_number(14864.9), "14864.9");
        assert_eq!(clean_number(0.1 + 0.2), "0.3");
        assert_eq!(clean_number(3757170.0), "3757170");
        let g = Grid::from_cells(
            "t",
            vec![
                (0, 0, Raw::Number(6.2), Some(NumFormat::Decimals(2))),
                (0, 1, Raw::Number(0.2088), Some(NumFormat::Percent(2))),
                (
                    0,
                    2,
                    Raw::Number(2106.66 + 6.2),
                    Some(NumFormat::Decimals(2)),
                ),
            ],
            vec![],
        );
        assert_eq!(g.value_text(0, 0), "6.20");
        assert_eq!(g.value_text(0, 1), "20.88%");
        assert_eq!(g.value_text(0, 2), "2112.86");
    }

    #[test]
    fn far_cells_are_left_out() {
        let g = Grid::from_cells(
            "t",
            vec![
                (0, 0, Raw::Text("a".into()), None),
                (1_048_575, 16_383, Raw::Text("far".into()), None),
            ],
            vec![],
        );
        assert_eq!((g.height(), g.width(), g.overflow), (1, 1, 1));
    }

    #[test]
    fn merged_headers_label_their_columns() {
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
        let m = |r0, c0, r1, c1| Merge { r0, c0, r1, c1 };
        let g = g.with_merges(vec![
            m(0, 0, 1, 1),
            m(0, 2, 1, 3),
            m(0, 4, 0, 9),
            m(0, 10, 1, 11),
            m(1, 4, 1, 5),
            m(1, 6, 1, 7),
            m(1, 8, 1, 9),
        ]);
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
