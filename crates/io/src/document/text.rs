//! Plain-text exports of Word documents (what "save as text" gives): paragraphs are lines;
//! a table row is a run of tab-prefixed lines, one per cell, rows separated by blank lines,
//! and a cell's wrapped text continues on the following lines without a tab.

use super::{At, Block, Cell, Para, Table, tidy};
use crate::error::Problem;

/// Reads UTF-8 (with or without BOM) or UTF-16 text.
fn decode(bytes: &[u8]) -> Result<String, Problem> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    let utf16 = |le: bool, b: &[u8]| {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| Problem::file("不是有效的 UTF-16 文本"))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(true, rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(false, rest);
    }
    utf8(bytes)
}

fn utf8(bytes: &[u8]) -> Result<String, Problem> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            Err(Problem {
                place: crate::error::Place::Line { line, column: 1 },
                message: "不是 UTF-8 编码的文本（GBK 编码的文件请先另存为 UTF-8）".to_string(),
            })
        }
    }
}

/// Drops Word's `[bookmark: OLE_LINK1]` markers, wherever they stand in the line (at its
/// start, or after a cell's tab).
fn strip_markers(line: &str) -> std::borrow::Cow<'_, str> {
    const MARK: &str = "[bookmark:";
    if !line.contains(MARK) {
        return line.into();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..i]);
        match rest[i..].find(']') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = &rest[i..];
                break;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

pub(super) fn read(bytes: &[u8]) -> Result<Vec<Block>, Problem> {
    let text = decode(bytes)?;
    let mut blocks = Vec::new();
    let mut table: Option<Table> = None;
    let mut row: Vec<Cell> = Vec::new();
    // Whether the last non-blank line belonged to a cell (so an untabbed line continues it).
    let mut in_cell = false;
    // Word writes a blank line for an empty paragraph inside a cell too, which splits a row
    // in two: a row shorter than the table's widest so far is completed by the next one
    // when together they make a full row.
    let finish_row = |table: &mut Option<Table>, row: &mut Vec<Cell>| {
        if row.is_empty() {
            return;
        }
        let cells = std::mem::take(row);
        let t = table.get_or_insert_with(|| Table {
            rows: Vec::new(),
            at: cells[0].at,
        });
        let widest = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        let lens: Vec<usize> = t.rows.iter().rev().take(2).map(Vec::len).collect();
        match lens[..] {
            [prev, ..] if prev < widest && prev + cells.len() == widest => {
                if let Some(prev) = t.rows.last_mut() {
                    prev.extend(cells);
                }
            }
            // A cell holding two blank-separated paragraphs splits the row in three: the
            // cells before it, the lone paragraph, and the rest.
            [middle, first]
                if middle <= 2
                    && first + middle < widest
                    && first + middle + cells.len() == widest =>
            {
                let middle = t.rows.pop().unwrap_or_default();
                if let Some(first) = t.rows.last_mut() {
                    first.extend(middle);
                    first.extend(cells);
                }
            }
            _ => t.rows.push(cells),
        }
    };
    let finish_table = |table: &mut Option<Table>, blocks: &mut Vec<Block>| {
        if let Some(t) = table.take() {
            push_table(t, blocks);
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = strip_markers(raw.trim_end_matches('\r'));
        let line = line.as_ref();
        if line.trim().is_empty() && !line.starts_with('\t') {
            finish_row(&mut table, &mut row);
            in_cell = false;
            continue;
        }
        if let Some(cell) = line.strip_prefix('\t') {
            // A new cell of the current row (a new row when the last line was blank).
            row.push(Cell::new(tidy(cell), At::line(n)));
            in_cell = true;
        } else if in_cell {
            if let Some(c) = row.last_mut() {
                let more = tidy(line);
                if !more.is_empty() {
                    if !c.text.is_empty() {
                        c.text.push('\n');
                    }
                    c.text.push_str(&more);
                }
            }
        } else {
            finish_row(&mut table, &mut row);
            finish_table(&mut table, &mut blocks);
            blocks.push(Block::Para(Para {
                text: tidy(line),
                at: At::line(n),
                heading: false,
                geometry: Default::default(),
            }));
        }
    }
    finish_row(&mut table, &mut row);
    finish_table(&mut table, &mut blocks);
    Ok(blocks)
}

/// A "table" of one row, or whose rows each hold one cell, is text indented with a tab:
/// paragraphs.
fn push_table(t: Table, blocks: &mut Vec<Block>) {
    if t.rows.len() <= 1 || t.rows.iter().all(|r| r.len() <= 1) {
        for c in t.rows.into_iter().flatten() {
            for (k, part) in c.text.split('\n').enumerate() {
                blocks.push(Block::Para(Para {
                    text: part.to_string(),
                    at: At::line(c.at.line + k as u32),
                    heading: false,
                    geometry: Default::default(),
                }));
            }
        }
    } else {
        blocks.push(Block::Table(t));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_cells_and_wrapped_text() {
        let src = "标题\n\t项目名称\n\t某项目\n\n\t项目资金\n（万元）\n\t年初预算数\n\n正文。\n";
        let blocks = read(src.as_bytes()).unwrap();
        assert_eq!(blocks.len(), 3);
        let Block::Table(t) = &blocks[1] else {
            panic!("table expected")
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.text(0, 1), "某项目");
        assert_eq!(t.text(1, 0), "项目资金\n（万元）");
        assert_eq!(t.rows[1][1].at, At::line(7));
        let Block::Para(p) = &blocks[2] else {
            panic!("paragraph expected")
        };
        assert_eq!((p.text.as_str(), p.at.line), ("正文。", 9));
    }

    #[test]
    fn a_blank_line_inside_a_cell_does_not_split_the_row() {
        let src = "\ta\n\tb\n\tc\n\n\t\n\t产出指标\n50分\n\n\t12\n\n\tx\n\ty\n\tz\n";
        let blocks = read(src.as_bytes()).unwrap();
        let Block::Table(t) = &blocks[0] else {
            panic!("table expected")
        };
        assert_eq!(t.rows.len(), 3, "{t:?}");
        assert_eq!(t.text(1, 0), "");
        assert_eq!(t.text(1, 1), "产出指标\n50分");
        assert_eq!(t.text(1, 2), "12");
    }

    #[test]
    fn two_blank_lines_inside_a_row_do_not_split_it() {
        // the row of seed project 20: 年度指标值 and 实际完成值 each end with a blank line
        let src = "\ta\n\tb\n\tc\n\td\n\te\n\tf\n\tg\n\n\t\n\t产出指标\n\t指标1\n\t1.甲\n2.乙\n\n\t完成\n\n\t10\n\t10\n";
        let blocks = read(src.as_bytes()).unwrap();
        let Block::Table(t) = &blocks[0] else {
            panic!("table expected")
        };
        assert_eq!(t.rows.len(), 2, "{t:?}");
        assert_eq!(t.text(1, 3), "1.甲\n2.乙");
        assert_eq!(t.text(1, 4), "完成");
        assert_eq!(t.text(1, 5), "10");
    }

    #[test]
    fn tab_indented_lines_are_paragraphs() {
        let src = "1、教育\n\t 2024年度决算0.2万元。\t\n下一段\n";
        let blocks = read(src.as_bytes()).unwrap();
        assert!(blocks.iter().all(|b| matches!(b, Block::Para(_))));
        assert_eq!(blocks.len(), 3);
    }

    #[test]
    fn bookmark_markers_are_dropped_anywhere() {
        assert_eq!(
            strip_markers("[bookmark: OLE_LINK7][bookmark: OLE_LINK8]本项目"),
            "本项目"
        );
        assert_eq!(
            strip_markers("\t[bookmark: OLE_LINK3]达到预期效果"),
            "\t达到预期效果"
        );
        assert_eq!(strip_markers("a[bookmark: x"), "a[bookmark: x");
    }

    #[test]
    fn bad_encoding_names_the_line() {
        let err = read(b"ok\n\xB2\xE2\xCA\xD4\n").unwrap_err();
        assert!(err.to_string().contains("第2行"), "{err}");
    }
}
