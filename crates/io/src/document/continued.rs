//! Tables continued on the next page. A PDF breaks a long table at the page end: what
//! follows on the next page is a second table, with only the page number between, and
//! sometimes the header printed again. Read as two tables, the first lacks its last rows
//! (often the totals) and the second has no title, so neither reads right. Here such a pair
//! becomes one table again; each cell keeps its own page.

use juesuan_model::text::compact;

use super::{Block, Cell, Table};

/// Joins each table to the table it continues on the next page.
pub(super) fn join(blocks: &mut Vec<Block>) {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks.drain(..) {
        if let Block::Table(next) = block {
            match continued(&out, &next) {
                Some((i, repeated, grid)) => {
                    // What stood between was the page number and the page's foot.
                    out.truncate(i + 1);
                    if let Some(Block::Table(prev)) = out.last_mut() {
                        let mut next = next;
                        if let Some(edges) = grid {
                            regrid(prev, &edges);
                            regrid(&mut next, &edges);
                        }
                        prev.rows.extend(next.rows.into_iter().skip(repeated));
                    }
                }
                None => out.push(Block::Table(next)),
            }
        } else {
            out.push(block);
        }
    }
    *blocks = out;
}

/// The index of the table `next` continues, the number of header rows it repeats, and the
/// column edges both parts are to be laid on when each part found only the columns its own
/// rows separate (a page of merged cells shows fewer); `None` when `next` starts a table of
/// its own.
fn continued(out: &[Block], next: &Table) -> Option<(usize, usize, Option<Vec<f32>>)> {
    let i = out.iter().rposition(|b| matches!(b, Block::Table(_)))?;
    if !out[i + 1..].iter().all(|b| match b {
        Block::Para(p) => is_page_number(&p.text),
        Block::Table(_) => false,
    }) {
        return None;
    }
    let Block::Table(prev) = &out[i] else {
        return None;
    };
    let (Some(a), Some(b)) = (last_page(prev), next.at.page) else {
        return None;
    };
    if b <= a || width(next) < 2 {
        return None;
    }
    let grid = if width(prev) == width(next) {
        None
    } else {
        // One table's columns: the two parts' edges together, the same left and right.
        let (p, n) = (edges(prev)?, edges(next)?);
        let close = |x: f32, y: f32| (x - y).abs() < 1.5;
        if !close(p[0], n[0]) || !close(p[p.len() - 1], n[n.len() - 1]) {
            return None;
        }
        let mut all: Vec<f32> = p.into_iter().chain(n).collect();
        all.sort_by(f32::total_cmp);
        all.dedup_by(|x, y| close(*x, *y));
        Some(all)
    };
    // The header printed again: the same rows as the first table's top.
    let repeated = repeated_rows(prev, next);
    if next.rows.get(repeated).is_some_and(|r| is_header(r)) {
        return None;
    }
    Some((i, repeated, grid))
}

/// The x of every column edge of a table read from a PDF (each cell's box); `None` when a
/// cell with text has no box.
fn edges(t: &Table) -> Option<Vec<f32>> {
    let mut xs = Vec::new();
    for c in t.rows.iter().flatten() {
        match c.rect {
            Some(r) => xs.extend([r.x0, r.x1]),
            None if c.text.trim().is_empty() => {}
            None => return None,
        }
    }
    xs.sort_by(f32::total_cmp);
    xs.dedup_by(|x, y| (*x - *y).abs() < 1.5);
    (xs.len() >= 2).then_some(xs)
}

/// Lays a table's rows on the column `edges`: each cell at the column its box starts in,
/// spanning the columns its box covers, the positions it covers left as empty cells.
fn regrid(t: &mut Table, edges: &[f32]) {
    let col = |x: f32| {
        edges
            .iter()
            .position(|e| (e - x).abs() < 1.5)
            .unwrap_or_else(|| edges.iter().filter(|e| **e < x).count().saturating_sub(1))
    };
    let width = edges.len() - 1;
    for row in &mut t.rows {
        let at = row.first().map(|c| c.at).unwrap_or_default();
        let mut laid: Vec<Cell> = (0..width)
            .map(|_| Cell {
                text: String::new(),
                at,
                span: 1,
                rowspan: 1,
                rect: None,
            })
            .collect();
        for cell in row.drain(..) {
            let Some(r) = cell.rect else { continue };
            let (c0, c1) = (col(r.x0).min(width - 1), col(r.x1).max(col(r.x0) + 1));
            let span = u32::try_from(c1.min(width) - c0).unwrap_or(1).max(1);
            laid[c0] = Cell { span, ..cell };
        }
        *row = laid;
    }
}

fn last_page(t: &Table) -> Option<u32> {
    t.rows.iter().flatten().filter_map(|c| c.at.page).max()
}

/// Columns: the longest row (a merged cell keeps its covered positions as empty cells).
fn width(t: &Table) -> usize {
    t.rows.iter().map(Vec::len).max().unwrap_or(0)
}

/// How many rows at the top of `next` repeat the top of `prev`: header rows, or a project
/// self-evaluation table's first row (`项目名称 | 某项目`, repeated by juesuan's own PDF),
/// printed again on the page the table continues on.
pub(super) fn repeated_rows(prev: &Table, next: &Table) -> usize {
    prev.rows
        .iter()
        .zip(&next.rows)
        .take_while(|(x, y)| {
            (is_header(x) && same(x, y)) || (is_project_name(x) && same_text(x, y))
        })
        .count()
}

/// The same texts in the same order, whatever the empty cells: a page holding fewer of a
/// table's rows finds fewer column edges, so its part has fewer cells per row.
fn same_text(a: &[Cell], b: &[Cell]) -> bool {
    let texts = |r: &[Cell]| -> Vec<String> {
        r.iter()
            .map(|c| compact(&c.text))
            .filter(|t| !t.is_empty())
            .collect()
    };
    texts(a) == texts(b)
}

/// A project table's first row: `项目名称` and the name, no figure.
fn is_project_name(row: &[Cell]) -> bool {
    row.iter()
        .find(|c| !c.text.trim().is_empty())
        .is_some_and(|c| compact(&c.text) == "项目名称")
        && !row.iter().any(|c| is_figure(&c.text))
}

fn same(a: &[Cell], b: &[Cell]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| compact(&x.text) == compact(&y.text))
}

/// A row of column labels: no figure in it, and a cell that only a header holds.
fn is_header(row: &[Cell]) -> bool {
    let labels = row.iter().any(|c| {
        matches!(
            compact(&c.text).as_str(),
            "科目编码" | "科目名称" | "项目" | "栏次" | "决算数" | "金额" | "功能分类科目编码"
        )
    });
    labels && !row.iter().any(|c| is_figure(&c.text))
}

fn is_figure(s: &str) -> bool {
    let t = s.trim().replace(',', "");
    t.contains(|c: char| c.is_ascii_digit()) && t.parse::<f64>().is_ok() && t.contains('.')
}

/// A page's number or foot alone: `6`, `- 6 -`, `第6页`, `第 6 页 共 21 页`.
fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c| matches!(c, '-' | '—' | '－'));
    !t.is_empty()
        && t.chars().count() <= 12
        && t.chars()
            .all(|c| c.is_ascii_digit() || "第页共/".contains(c))
}

#[cfg(test)]
mod tests {
    use super::super::{At, Para, Rect};
    use super::*;

    fn cell(text: &str, page: u32) -> Cell {
        Cell {
            text: text.into(),
            at: At {
                page: Some(page),
                line: 1,
            },
            span: 1,
            rowspan: 1,
            rect: None,
        }
    }

    fn table(page: u32, rows: &[&[&str]]) -> Block {
        Block::Table(Table {
            rows: rows
                .iter()
                .map(|r| r.iter().map(|t| cell(t, page)).collect())
                .collect(),
            at: At {
                page: Some(page),
                line: 1,
            },
        })
    }

    fn para(text: &str, page: u32) -> Block {
        Block::Para(Para {
            text: text.into(),
            at: At {
                page: Some(page),
                line: 9,
            },
            heading: false,
            geometry: Default::default(),
        })
    }

    fn rows(b: &Block) -> Vec<String> {
        match b {
            Block::Table(t) => t.rows.iter().map(|r| r[0].text.clone()).collect(),
            Block::Para(p) => vec![p.text.clone()],
        }
    }

    #[test]
    fn a_project_tables_repeated_name_row_is_dropped_when_joined() {
        let mut blocks = vec![
            table(
                8,
                &[
                    &["项目名称", "某项目", "", ""],
                    &["绩效指标", "产出指标", "指标1", "20"],
                ],
            ),
            para("— 6 —", 8),
            // the continued page found other columns: its empty cells fall elsewhere
            table(
                9,
                &[
                    &["项目名称", "", "某项目", ""],
                    &["总分", "", "100", "90.5"],
                ],
            ),
        ];
        join(&mut blocks);
        assert_eq!(blocks.len(), 1);
        assert_eq!(rows(&blocks[0]), ["项目名称", "绩效指标", "总分"]);
        // another project's name is not a repeat
        let mut other = vec![
            table(8, &[&["项目名称", "甲项目"], &["总分", "100"]]),
            table(9, &[&["项目名称", "乙项目"], &["总分", "90"]]),
        ];
        join(&mut other);
        let names: Vec<String> = other.iter().flat_map(rows).collect();
        assert_eq!(names.iter().filter(|n| *n == "项目名称").count(), 2);
    }

    #[test]
    fn a_table_broken_at_the_page_end_is_joined_and_a_repeated_header_dropped() {
        let mut blocks = vec![
            table(
                8,
                &[&["项目", "决算数"], &["一、财政拨款收入", "243,015.38"]],
            ),
            para("6", 8),
            table(9, &[&["项目", "决算数"], &["合计", "569,496.54"]]),
            para("表2：收入决算表", 9),
        ];
        join(&mut blocks);
        assert_eq!(blocks.len(), 2);
        assert_eq!(rows(&blocks[0]), ["项目", "一、财政拨款收入", "合计"]);
        let Block::Table(t) = &blocks[0] else {
            panic!("a table")
        };
        assert_eq!(t.rows[2][1].at.page, Some(9));
    }

    fn boxed(text: &str, page: u32, x0: f32, x1: f32) -> Cell {
        Cell {
            rect: Some(Rect {
                page,
                x0,
                y0: 0.0,
                x1,
                y1: 10.0,
            }),
            ..cell(text, page)
        }
    }

    #[test]
    fn parts_that_found_different_columns_are_laid_on_one_grid() {
        // page 8 shows two columns (a merged cell over the middle edge), page 9 three
        let prev = Table {
            rows: vec![vec![
                boxed("项目资金", 8, 0.0, 10.0),
                boxed("年度资金总额", 8, 10.0, 30.0),
            ]],
            at: At {
                page: Some(8),
                line: 1,
            },
        };
        let next = Table {
            rows: vec![vec![
                boxed("", 9, 0.0, 10.0),
                boxed("一级", 9, 10.0, 20.0),
                boxed("10", 9, 20.0, 30.0),
            ]],
            at: At {
                page: Some(9),
                line: 1,
            },
        };
        let mut blocks = vec![Block::Table(prev), para("6", 8), Block::Table(next)];
        join(&mut blocks);
        assert_eq!(blocks.len(), 1);
        let Block::Table(t) = &blocks[0] else {
            panic!("a table")
        };
        let texts: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [vec!["项目资金", "年度资金总额", ""], vec!["", "一级", "10"]]
        );
        assert_eq!(t.rows[0][1].span, 2);
    }

    #[test]
    fn a_new_table_a_text_between_or_another_width_stays_apart() {
        // another table's header
        let mut a = vec![
            table(8, &[&["项目", "决算数"], &["一、", "1.00"]]),
            table(9, &[&["科目编码", "金额"], &["201", "2.00"]]),
        ];
        join(&mut a);
        assert_eq!(a.len(), 2);
        // a title between
        let mut b = vec![
            table(8, &[&["项目", "决算数"], &["一、", "1.00"]]),
            para("表2：收入决算表", 9),
            table(9, &[&["201", "2.00"]]),
        ];
        join(&mut b);
        assert_eq!(b.len(), 3);
        // other widths, and the same page
        let mut c = vec![
            table(8, &[&["项目", "决算数"], &["一、", "1.00"]]),
            table(9, &[&["201", "2.00", "3.00"]]),
            table(9, &[&["201", "2.00", "3.00"]]),
        ];
        join(&mut c);
        assert_eq!(c.len(), 3);
    }
}
