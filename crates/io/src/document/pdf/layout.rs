//! From positioned glyphs to reading-order blocks: glyphs into lines by baseline, ruled
//! tables into cells (merged cells from missing rules), the rest into paragraphs (a new one
//! at an indent, a short line, a gap or a change of size), tables and paragraphs continued
//! across pages joined, page numbers dropped.

use super::glyphs::{Glyph, PageContent, Rule};
use crate::document::{At, Block, Cell, Geometry, Para, Rect, Table, TextLine, tidy, tidy_mapped};

/// Tolerance for rules meeting, in points.
const TOL: f32 = 2.0;

/// A glyph's box reaches this far above its baseline and [`EM_BELOW`] below, in font sizes:
/// the ideographic em box. Fonts' own `Ascent`/`Descent` are not used because real files
/// get them wrong (the Putuo report's FangSong claims an ascent of 0.22 em).
const EM_ABOVE: f32 = 0.88;
/// See [`EM_ABOVE`].
const EM_BELOW: f32 = 0.12;

/// How page space (y upwards) maps onto the page as shown: points from its top-left corner,
/// y downwards, after the crop box and `/Rotate` (always a quarter-turn multiple).
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame([f32; 6]);

impl Frame {
    /// From the affine matrix `[a b c d e f]` (`x' = a·x + c·y + e`, `y' = b·x + d·y + f`).
    pub(super) fn new(m: [f64; 6]) -> Frame {
        Frame(m.map(|v| v as f32))
    }

    /// Whether a horizontal line of page space runs down the shown page.
    fn turned(&self) -> bool {
        self.0[1].abs() > self.0[0].abs()
    }

    /// The shown coordinate along a horizontal line of page space at `x` (x, or y when
    /// turned).
    fn along(&self, x: f32) -> f32 {
        let [a, b, _, _, e, f] = self.0;
        if self.turned() { b * x + f } else { a * x + e }
    }

    /// The shown coordinate across a horizontal line of page space at height `y` (y, or x
    /// when turned).
    fn across(&self, y: f32) -> f32 {
        let [_, _, c, d, e, f] = self.0;
        if self.turned() { c * y + e } else { d * y + f }
    }

    /// The shown box of the page-space box `x0..x1` × `y0..y1`.
    fn rect(&self, page: u32, (x0, x1): (f32, f32), (y0, y1): (f32, f32)) -> Rect {
        let (a0, a1) = (self.along(x0), self.along(x1));
        let (c0, c1) = (self.across(y0), self.across(y1));
        let (along, across) = ((a0.min(a1), a0.max(a1)), (c0.min(c1), c0.max(c1)));
        let ((x0, x1), (y0, y1)) = if self.turned() {
            (across, along)
        } else {
            (along, across)
        };
        Rect {
            page,
            x0,
            y0,
            x1,
            y1,
        }
    }
}

/// A text line of a page: glyph indices sorted by x.
struct Line {
    glyphs: Vec<usize>,
    y: f32,
    size: f32,
    x0: f32,
    x1: f32,
    no: u32,
}

/// The text of glyphs on one baseline, a space where the gap is wide.
fn join(glyphs: &[Glyph], idx: &[usize]) -> String {
    join_with(glyphs, idx, |_, _| {})
}

/// [`join`], telling `span` the left and right edge of each character it writes (a glyph
/// of several characters is shared out evenly; a space spans the gap).
fn join_with(glyphs: &[Glyph], idx: &[usize], mut span: impl FnMut(f32, f32)) -> String {
    let mut s = String::new();
    let mut last: Option<&Glyph> = None;
    for &i in idx {
        let g = &glyphs[i];
        if let Some(p) = last {
            let gap = g.x0 - p.x1;
            if gap > 0.45 * g.size.max(p.size) && !s.ends_with(' ') {
                s.push(' ');
                span(p.x1, g.x0);
            }
        }
        s.push_str(&g.text);
        let n = g.text.chars().count();
        if n == 1 {
            span(g.x0, g.x1);
        } else {
            let w = (g.x1 - g.x0) / n.max(1) as f32;
            for k in 0..n {
                span(g.x0 + w * k as f32, g.x0 + w * (k + 1) as f32);
            }
        }
        last = Some(g);
    }
    s
}

/// `tidy(&join(..))` with the left and right edge in page space of each character of the
/// result written to `edges`.
fn positioned_text(glyphs: &[Glyph], idx: &[usize], edges: &mut Vec<f32>) -> String {
    let mut spans: Vec<(f32, f32)> = Vec::with_capacity(idx.len() + 4);
    let raw = join_with(glyphs, idx, |a, b| spans.push((a, b)));
    edges.clear();
    let mut right = 0.0;
    let mut space = false;
    tidy_mapped(&raw, |k| match k.and_then(|i| spans.get(i)) {
        Some(&(a, b)) => {
            if space {
                // A space standing for whitespace spans the gap up to this character.
                edges.push(a);
                space = false;
            }
            edges.extend([a, b]);
            right = b;
        }
        None => {
            edges.push(right);
            space = true;
        }
    })
}

/// Groups glyphs into lines (top to bottom), numbering them from 1.
fn lines_of(glyphs: &[Glyph], idx: impl Iterator<Item = usize>) -> Vec<Line> {
    let mut order: Vec<usize> = idx.collect();
    order.sort_by(|&a, &b| {
        glyphs[b]
            .y
            .total_cmp(&glyphs[a].y)
            .then(glyphs[a].x0.total_cmp(&glyphs[b].x0))
    });
    let mut lines: Vec<Line> = Vec::new();
    for i in order {
        let g = &glyphs[i];
        match lines.last_mut() {
            Some(l) if (l.y - g.y).abs() <= 0.45 * l.size.max(g.size).max(1.0) => {
                l.glyphs.push(i);
                l.size = l.size.max(g.size);
                l.x0 = l.x0.min(g.x0);
                l.x1 = l.x1.max(g.x1);
            }
            _ => lines.push(Line {
                glyphs: vec![i],
                y: g.y,
                size: g.size,
                x0: g.x0,
                x1: g.x1,
                no: 0,
            }),
        }
    }
    for l in &mut lines {
        l.glyphs
            .sort_by(|&a, &b| glyphs[a].x0.total_cmp(&glyphs[b].x0));
    }
    lines
}

/// Clusters coordinates within `TOL`, returning the cluster means, ascending.
fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, u32)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if x - *m / *n as f32 <= TOL => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f32).collect()
}

struct Dsu(Vec<usize>);

impl Dsu {
    fn new(n: usize) -> Dsu {
        Dsu((0..n).collect())
    }
    fn find(&mut self, i: usize) -> usize {
        let mut r = i;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut j = i;
        while self.0[j] != r {
            let next = self.0[j];
            self.0[j] = r;
            j = next;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

fn touches(h: &Rule, v: &Rule) -> bool {
    v.at >= h.from - TOL && v.at <= h.to + TOL && h.at >= v.from - TOL && h.at <= v.to + TOL
}

/// A ruled table found on a page.
struct Grid {
    /// Column boundaries, left to right.
    xs: Vec<f32>,
    /// Row boundaries, top to bottom (descending y).
    ys: Vec<f32>,
    rules: Vec<Rule>,
}

impl Grid {
    fn contains(&self, g: &Glyph) -> bool {
        let cx = (g.x0 + g.x1) / 2.0;
        let cy = g.y + g.size * 0.3;
        let (x0, x1) = (self.xs[0], self.xs[self.xs.len() - 1]);
        let (y1, y0) = (self.ys[0], self.ys[self.ys.len() - 1]);
        cx >= x0 - 1.0 && cx <= x1 + 1.0 && cy >= y0 - 1.0 && cy <= y1 + 1.0
    }

    fn top(&self) -> f32 {
        self.ys[0]
    }

    fn has_v(&self, x: f32, y: f32) -> bool {
        self.rules.iter().any(|r| {
            !r.horizontal && (r.at - x).abs() <= TOL && r.from - TOL <= y && y <= r.to + TOL
        })
    }

    fn has_h(&self, y: f32, x: f32) -> bool {
        self.rules.iter().any(|r| {
            r.horizontal && (r.at - y).abs() <= TOL && r.from - TOL <= x && x <= r.to + TOL
        })
    }
}

/// Finds the ruled tables: connected groups of rules with at least two rows of cells or two
/// columns (a lone box is a frame, not a table).
fn grids(rules: &[Rule]) -> Vec<Grid> {
    let rules: Vec<Rule> = rules
        .iter()
        .filter(|r| r.to - r.from > 3.0)
        .copied()
        .collect();
    if rules.len() > 20_000 {
        return Vec::new();
    }
    let mut dsu = Dsu::new(rules.len());
    let (hs, vs): (Vec<usize>, Vec<usize>) = (0..rules.len()).partition(|&i| rules[i].horizontal);
    for &h in &hs {
        for &v in &vs {
            if touches(&rules[h], &rules[v]) {
                dsu.union(h, v);
            }
        }
    }
    // Collinear pieces of one line (a border drawn cell by cell) belong together too.
    for set in [&hs, &vs] {
        let mut order = set.clone();
        order.sort_by(|&a, &b| {
            rules[a]
                .at
                .total_cmp(&rules[b].at)
                .then(rules[a].from.total_cmp(&rules[b].from))
        });
        for w in order.windows(2) {
            let (a, b) = (&rules[w[0]], &rules[w[1]]);
            if (a.at - b.at).abs() <= TOL && b.from <= a.to + TOL {
                dsu.union(w[0], w[1]);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Rule>> = Default::default();
    for (i, rule) in rules.iter().enumerate() {
        groups.entry(dsu.find(i)).or_default().push(*rule);
    }
    let mut out = Vec::new();
    for (_, rs) in groups {
        let xs = cluster(rs.iter().filter(|r| !r.horizontal).map(|r| r.at).collect());
        let mut ys = cluster(rs.iter().filter(|r| r.horizontal).map(|r| r.at).collect());
        ys.reverse();
        if xs.len() < 2 || ys.len() < 2 || (xs.len() == 2 && ys.len() == 2) {
            continue;
        }
        out.push(Grid { xs, ys, rules: rs });
    }
    out
}

/// Builds the cells of a grid from the glyphs inside it.
fn table_of(
    grid: &Grid,
    glyphs: &[Glyph],
    inside: &[usize],
    line_no: &[u32],
    page: u32,
    frame: &Frame,
) -> Table {
    let (nr, nc) = (grid.ys.len() - 1, grid.xs.len() - 1);
    let id = |r: usize, c: usize| r * nc + c;
    let mut dsu = Dsu::new(nr * nc);
    for r in 0..nr {
        let ym = (grid.ys[r] + grid.ys[r + 1]) / 2.0;
        for c in 0..nc.saturating_sub(1) {
            if !grid.has_v(grid.xs[c + 1], ym) {
                dsu.union(id(r, c), id(r, c + 1));
            }
        }
    }
    for c in 0..nc {
        let xm = (grid.xs[c] + grid.xs[c + 1]) / 2.0;
        for r in 0..nr.saturating_sub(1) {
            if !grid.has_h(grid.ys[r + 1], xm) {
                dsu.union(id(r, c), id(r + 1, c));
            }
        }
    }
    // Each region's extent.
    let mut extent: Vec<Option<(usize, usize, usize, usize)>> = vec![None; nr * nc];
    for r in 0..nr {
        for c in 0..nc {
            let root = dsu.find(id(r, c));
            let e = extent[root].get_or_insert((r, c, r, c));
            e.0 = e.0.min(r);
            e.1 = e.1.min(c);
            e.2 = e.2.max(r);
            e.3 = e.3.max(c);
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); nr * nc];
    for &i in inside {
        let g = &glyphs[i];
        let cx = (g.x0 + g.x1) / 2.0;
        let cy = g.y + g.size * 0.3;
        let c = grid
            .xs
            .windows(2)
            .position(|w| cx <= w[1])
            .unwrap_or(nc - 1);
        let r = grid
            .ys
            .windows(2)
            .position(|w| cy >= w[1])
            .unwrap_or(nr - 1);
        members[dsu.find(id(r, c))].push(i);
    }
    let mut rows: Vec<Vec<Cell>> = vec![Vec::with_capacity(nc); nr];
    for (r, row) in rows.iter_mut().enumerate() {
        for c in 0..nc {
            let root = dsu.find(id(r, c));
            let Some((r0, c0, r1, c1)) = extent[root] else {
                continue;
            };
            let mut cell = Cell::new("", At::page_line(page, 0));
            if (r, c) == (r0, c0) {
                let lines = lines_of(glyphs, members[root].iter().copied());
                let text: Vec<String> = lines.iter().map(|l| join(glyphs, &l.glyphs)).collect();
                cell.text = text.iter().map(|t| tidy(t)).collect::<Vec<_>>().join("\n");
                cell.span = (c1 - c0 + 1) as u32;
                cell.rowspan = (r1 - r0 + 1) as u32;
                cell.at.line = lines
                    .first()
                    .and_then(|l| l.glyphs.first())
                    .map_or(0, |&g| line_no[g]);
                cell.rect = Some(frame.rect(
                    page,
                    (grid.xs[c0], grid.xs[c1 + 1]),
                    (grid.ys[r1 + 1], grid.ys[r0]),
                ));
            }
            row.push(cell);
        }
    }
    // Rows with no text are spacing, unless a merged cell reaches into them.
    let mut covered = vec![false; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        for c in row {
            for k in 1..c.rowspan as usize {
                if let Some(x) = covered.get_mut(r + k) {
                    *x = true;
                }
            }
        }
    }
    let mut k = 0;
    rows.retain(|row| {
        let keep = covered[k] || row.iter().any(|c| !c.text.is_empty());
        k += 1;
        keep
    });
    let first = rows
        .iter()
        .flatten()
        .find(|c| c.at.line > 0)
        .map_or(0, |c| c.at.line);
    Table {
        rows,
        at: At::page_line(page, first),
    }
}

/// A paragraph under construction, with what decides whether the next line continues it.
struct OpenPara {
    para: Para,
    size: f32,
    last_y: f32,
    /// The last line reached the right margin without ending a sentence.
    open: bool,
}

/// Whether a line at a page's top or foot is page furniture: a running page number, or
/// the mark of a draft (`草稿`, as juesuan prints it at the top of every page).
fn is_furniture(s: &str) -> bool {
    is_page_number(s) || s.chars().filter(|c| !c.is_whitespace()).eq("草稿".chars())
}

/// Whether a line is a running page number (`— 3 —`, `-3-`, `第3页`, `3/25`).
fn is_page_number(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let core = t.trim_matches(|c| matches!(c, '-' | '—' | '－' | '–' | '·'));
    let core = core
        .strip_prefix('第')
        .and_then(|x| x.strip_suffix('页'))
        .unwrap_or(core);
    !core.is_empty()
        && core.len() <= 9
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || c == '/' || c == '共' || c == '页' || c == '第')
}

/// Whether a line starts like a heading or a list item (`一、`, `（一）`, `1、`, `1.`,
/// `第一部分`), which never continues the paragraph above.
pub fn starts_heading(s: &str) -> bool {
    let s = s.trim_start();
    let numeral = |c: char| "一二三四五六七八九十百零".contains(c);
    let mut chars = s.chars();
    match chars.next() {
        Some('第') => s.contains("部分") && s.chars().take(6).any(numeral),
        Some('（' | '(') => {
            let inner: String = chars.take_while(|c| *c != '）' && *c != ')').collect();
            !inner.is_empty()
                && inner.chars().count() <= 3
                && inner.chars().all(|c| numeral(c) || c.is_ascii_digit())
        }
        Some(c) if numeral(c) || c.is_ascii_digit() => {
            let lead: String = s
                .chars()
                .take_while(|c| numeral(*c) || c.is_ascii_digit())
                .collect();
            let rest = &s[lead.len()..];
            lead.chars().count() <= 3
                && (rest.starts_with('、')
                    || (rest.starts_with('.')
                        && !rest[1..].starts_with(|c: char| c.is_ascii_digit()))
                    || rest.starts_with('．'))
        }
        _ => false,
    }
}

/// Blocks of all pages, with continuation across page breaks.
#[derive(Default)]
pub(super) struct DocLayout {
    blocks: Vec<Block>,
    /// The last block's paragraph state, when it is a paragraph.
    open: Option<OpenPara>,
    /// Column boundaries of the last block, when it is a table.
    last_grid: Option<Vec<f32>>,
    /// Left and right text margins of the current page.
    margins: Option<(f32, f32)>,
    /// Characters of text so far, counted as [`crate::document::Document::chars`] counts
    /// them, so a reader can stop a document that is too long before it is all in memory.
    chars: usize,
    /// Character edges of the line being added (reused between lines).
    edges: Vec<f32>,
}

enum Item {
    Line(usize),
    Table(usize),
}

impl DocLayout {
    /// Characters of text so far.
    pub(super) fn chars(&self) -> usize {
        self.chars
    }

    /// Adds a page whose media box spans `bottom..top` in page space and which is shown
    /// through `frame`.
    pub(super) fn add_page(
        &mut self,
        page: u32,
        content: PageContent,
        bottom: f32,
        top: f32,
        frame: Frame,
    ) {
        let glyphs: Vec<Glyph> = content
            .glyphs
            .into_iter()
            .filter(|g| !g.text.trim().is_empty() && g.size > 0.5)
            .collect();
        let grids = grids(&content.rules);
        let all_lines = lines_of(&glyphs, 0..glyphs.len());
        let mut line_no = vec![0u32; glyphs.len()];
        for (k, l) in all_lines.iter().enumerate() {
            for &g in &l.glyphs {
                line_no[g] = k as u32 + 1;
            }
        }
        // Glyphs in tables, the rest as text lines.
        let mut in_grid: Vec<Vec<usize>> = vec![Vec::new(); grids.len()];
        let mut free = Vec::new();
        for (i, g) in glyphs.iter().enumerate() {
            match grids.iter().position(|gr| gr.contains(g)) {
                Some(k) => in_grid[k].push(i),
                None => free.push(i),
            }
        }
        let mut lines = lines_of(&glyphs, free.into_iter());
        for l in &mut lines {
            l.no = l.glyphs.first().map_or(0, |&g| line_no[g]);
        }
        let height = (top - bottom).abs().max(1.0);
        lines.retain(|l| {
            let edge = l.y < bottom + height * 0.1 || l.y > top - height * 0.08;
            !(edge && is_furniture(&join(&glyphs, &l.glyphs)))
        });
        if let (Some(x0), Some(x1)) = (
            lines.iter().map(|l| l.x0).min_by(f32::total_cmp),
            lines.iter().map(|l| l.x1).max_by(f32::total_cmp),
        ) {
            self.margins = Some((x0, x1));
        }
        let mut items: Vec<(f32, Item)> = lines
            .iter()
            .enumerate()
            .map(|(k, l)| (l.y + l.size, Item::Line(k)))
            .collect();
        items.extend(
            grids
                .iter()
                .enumerate()
                .map(|(k, g)| (g.top(), Item::Table(k))),
        );
        items.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut first_on_page = true;
        for (_, item) in items {
            match item {
                Item::Line(k) => {
                    self.line(&glyphs, &lines[k], page, &frame, first_on_page);
                }
                Item::Table(k) => {
                    let t = table_of(&grids[k], &glyphs, &in_grid[k], &line_no, page, &frame);
                    self.table(t, grids[k].xs.clone(), first_on_page);
                }
            }
            first_on_page = false;
        }
    }

    fn flush(&mut self) {
        if let Some(p) = self.open.take() {
            self.blocks.push(Block::Para(p.para));
        }
    }

    fn table(&mut self, t: Table, xs: Vec<f32>, first_on_page: bool) {
        if t.rows.is_empty() {
            return;
        }
        self.chars += t
            .rows
            .iter()
            .flatten()
            .map(|c| c.text.chars().count())
            .sum::<usize>();
        let continues = first_on_page
            && self.open.is_none()
            && self.last_grid.as_ref().is_some_and(|prev| {
                prev.len() == xs.len()
                    && prev
                        .iter()
                        .zip(&xs)
                        .all(|(a, b)| (a - b).abs() <= 3.0 * TOL)
            });
        if continues && let Some(Block::Table(prev)) = self.blocks.last_mut() {
            // the header printed again at the top of the page is not read twice
            let repeated = crate::document::continued::repeated_rows(prev, &t);
            prev.rows.extend(t.rows.into_iter().skip(repeated));
            return;
        }
        self.flush();
        self.blocks.push(Block::Table(t));
        self.last_grid = Some(xs);
    }

    fn line(&mut self, glyphs: &[Glyph], l: &Line, page: u32, frame: &Frame, first_on_page: bool) {
        let mut edges = std::mem::take(&mut self.edges);
        let text = positioned_text(glyphs, &l.glyphs, &mut edges);
        if text.is_empty() {
            self.edges = edges;
            return;
        }
        self.chars += text.chars().count();
        // The line's em box: baselines and sizes vary a little along a line (superscripts,
        // mixed fonts), so take the extent of all its glyphs.
        let (mut above, mut below) = (f32::NEG_INFINITY, f32::INFINITY);
        for &i in &l.glyphs {
            let g = &glyphs[i];
            above = above.max(g.y + EM_ABOVE * g.size);
            below = below.min(g.y - EM_BELOW * g.size);
        }
        let (a, b) = (frame.across(above), frame.across(below));
        for x in &mut edges {
            *x = frame.along(*x);
        }
        let shape = TextLine {
            page,
            start: 0,
            end: 0,
            top: a.min(b),
            bottom: a.max(b),
            first_edge: 0,
            turned: frame.turned(),
        };
        let (left, right) = self.margins.unwrap_or((l.x0, l.x1));
        let indented = l.x0 > left + 1.2 * l.size;
        let reaches_right = l.x1 >= right - 2.5 * l.size;
        let continues = match &self.open {
            Some(p) => {
                let same_size = (p.size - l.size).abs() <= 0.15 * p.size.max(l.size);
                let near = first_on_page || (p.last_y - l.y) <= 2.2 * l.size.max(p.size);
                p.open && same_size && near && !indented && !starts_heading(&text)
            }
            None => false,
        };
        if continues && let Some(p) = self.open.as_mut() {
            let last = p.para.text.chars().next_back().unwrap_or(' ');
            let next = text.chars().next().unwrap_or(' ');
            if !(crate::document::is_cjk(last) || crate::document::is_cjk(next)) {
                p.para.text.push(' ');
                self.chars += 1;
            }
            let start = p.para.text.len();
            p.para.text.push_str(&text);
            p.para
                .geometry
                .push_line(shape, start, p.para.text.len(), &edges);
            p.last_y = l.y;
            p.open = reaches_right;
            self.edges = edges;
            return;
        }
        self.flush();
        self.last_grid = None;
        let mut geometry = Geometry::default();
        geometry.push_line(shape, 0, text.len(), &edges);
        self.edges = edges;
        self.open = Some(OpenPara {
            para: Para {
                text,
                at: At::page_line(page, l.no),
                heading: false,
                geometry,
            },
            size: l.size,
            last_y: l.y,
            open: reaches_right,
        });
    }

    /// Ends the document; a paragraph that stops mid-sentence (no closing punctuation) is
    /// joined with the next one unless that starts a heading, which mends lines the
    /// margin test could not.
    pub(super) fn finish(mut self) -> Vec<Block> {
        self.flush();
        let mut out: Vec<Block> = Vec::with_capacity(self.blocks.len());
        for b in self.blocks {
            if let (Some(Block::Para(prev)), Block::Para(next)) = (out.last_mut(), &b) {
                let open = !prev
                    .text
                    .ends_with(['。', '；', '！', '？', '：', ':', ';']);
                let prev_heading = starts_heading(&prev.text) && prev.text.chars().count() < 40;
                let next_label = next.text.starts_with("单位") || next.text.starts_with("注");
                if open && !prev_heading && !next_label && !starts_heading(&next.text) {
                    let shift = prev.text.len();
                    prev.text.push_str(&next.text);
                    if let Block::Para(next) = b {
                        prev.geometry.append(next.geometry, shift);
                    }
                    continue;
                }
            }
            out.push(b);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str, x: f32, y: f32) -> Glyph {
        Glyph {
            text: text.into(),
            x0: x,
            x1: x + 10.0,
            y,
            size: 10.0,
        }
    }

    fn rule(horizontal: bool, at: f32, from: f32, to: f32) -> Rule {
        Rule {
            horizontal,
            at,
            from,
            to,
        }
    }

    #[test]
    fn ruled_table_with_merged_header() {
        // 2 columns; the top row is one merged cell (no rule between the columns there).
        let rules = vec![
            rule(true, 100.0, 0.0, 200.0),
            rule(true, 80.0, 0.0, 200.0),
            rule(true, 60.0, 0.0, 200.0),
            rule(false, 0.0, 60.0, 100.0),
            rule(false, 200.0, 60.0, 100.0),
            rule(false, 100.0, 60.0, 80.0),
        ];
        let glyphs = vec![
            g("合", 90.0, 85.0),
            g("计", 100.0, 85.0),
            g("收", 10.0, 65.0),
            g("入", 20.0, 65.0),
            g("1", 110.0, 65.0),
        ];
        let content = PageContent {
            glyphs,
            rules,
            images: false,
            undecoded: 0,
        };
        let mut d = DocLayout::default();
        d.add_page(
            1,
            content,
            0.0,
            842.0,
            Frame::new([1.0, 0.0, 0.0, -1.0, 0.0, 842.0]),
        );
        let blocks = d.finish();
        let Block::Table(t) = &blocks[0] else {
            panic!("table expected: {blocks:?}")
        };
        assert_eq!(t.text(0, 0), "合计");
        assert_eq!(t.rows[0][0].span, 2);
        assert_eq!(t.text(1, 0), "收入");
        assert_eq!(t.text(1, 1), "1");
        // The merged cell's box is the whole top row; the position it covers has none.
        let r = t.rows[0][0].rect.unwrap();
        assert_eq!((r.x0, r.y0, r.x1, r.y1), (0.0, 742.0, 200.0, 762.0));
        assert_eq!(t.rows[0][1].rect, None);
        assert_eq!(t.rows[1][1].boxes().len(), 1);
    }

    #[test]
    fn positioned_text_is_tidy_text_with_each_characters_edges() {
        // "ab", a wide gap, a two-character glyph, then CJK whose gap tidying drops.
        let glyphs = vec![
            g("a", 0.0, 0.0),
            g("b", 10.0, 0.0),
            g("fi", 40.0, 0.0),
            g("收", 60.0, 0.0),
            g("入", 80.0, 0.0),
        ];
        let idx: Vec<usize> = (0..glyphs.len()).collect();
        let mut edges = Vec::new();
        let text = positioned_text(&glyphs, &idx, &mut edges);
        assert_eq!(text, tidy(&join(&glyphs, &idx)));
        assert_eq!(text, "ab fi收入");
        #[rustfmt::skip]
        let want = [
            0.0, 10.0, 10.0, 20.0, // a b
            20.0, 40.0, // the gap, as a space
            40.0, 45.0, 45.0, 50.0, // f i, sharing their glyph
            60.0, 70.0, 80.0, 90.0, // 收 入: the gaps next to CJK are dropped with their spaces
        ];
        assert_eq!(edges, want);
    }

    #[test]
    fn frames_turn_boxes_with_the_page() {
        // /Rotate 90 on a 595 × 842 page: shown x is page y, shown y is page x.
        let turned = Frame::new([0.0, 1.0, 1.0, 0.0, 0.0, 0.0]);
        let r = turned.rect(2, (100.0, 150.0), (700.0, 710.0));
        assert_eq!(
            (r.page, r.x0, r.y0, r.x1, r.y1),
            (2, 700.0, 100.0, 710.0, 150.0)
        );
        let upright = Frame::new([1.0, 0.0, 0.0, -1.0, 0.0, 842.0]);
        let r = upright.rect(1, (100.0, 150.0), (700.0, 710.0));
        assert_eq!((r.x0, r.y0, r.x1, r.y1), (100.0, 132.0, 150.0, 142.0));
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("— 3 —"));
        assert!(is_page_number("-12-"));
        assert!(is_page_number("第3页"));
        assert!(!is_page_number("2024年"));
        assert!(is_furniture("草 稿") && is_furniture("— 3 —"));
        assert!(!is_furniture("草稿说明：以下错误尚未解决，本稿不得公开"));
    }
}
