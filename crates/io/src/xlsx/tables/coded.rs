//! Tables keyed by classification codes (收入决算表, 支出决算表, 一般公共预算财政拨款支出决算表,
//! 政府性基金 / 国有资本经营 预算财政拨款收入支出决算表, and the reading of the 基本支出 tables):
//! `科目编码 | 科目名称 | value columns`, a totals row, then one row per code.
//!
//! The value columns are the row type's `FIELDS`; [`coded_header`] adds the group labels
//! the writer merges over them, and the reader finds each column by the same labels.

use juesuan_model::code::Classification;
use juesuan_model::fields::column_field;
use juesuan_model::fields::{CellKind, CellValue, CodedRecord, Record};
use juesuan_model::tables::{CodedTable, Coverage, SPLIT_COLUMNS, TableKind};
use juesuan_model::text::compact;
use juesuan_model::{Code, MoneyUnit};
use rust_xlsxwriter::Worksheet;

use crate::error::Problem;
use crate::xlsx::common::{
    heading, is_footer, is_header_row_above, is_note, is_total_label, note_line, put_value,
    row_has_data, set_cell, sheet_unit,
};
use crate::xlsx::ctx::{ReadCtx, WriteCtx, XResult};
use crate::xlsx::grid::{Grid, Raw};
use crate::xlsx::layout::{CODE_LABEL, NAME_LABEL, TOTAL_LABEL, is_code_label, is_name_label};

/// One column of a coded table's header: an optional group label over it, the leaf label,
/// and the field it holds.
#[derive(Debug, Clone, Copy)]
pub struct HeaderColumn {
    /// Label of the merged cell above, if any.
    pub group: Option<&'static str>,
    /// Label of the column.
    pub leaf: &'static str,
    /// Index into the row type's fields.
    pub field: usize,
}

/// The value columns of a coded table as the writer lays them out.
pub fn coded_header<R: Record>(kind: TableKind) -> Vec<HeaderColumn> {
    R::FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (group, leaf) = match (kind, f.key) {
                (TableKind::GovFund | TableKind::StateCapital, "expenditure") => {
                    (Some("本年支出"), "小计")
                }
                (TableKind::GovFund | TableKind::StateCapital, "basic" | "project") => {
                    (Some("本年支出"), f.label)
                }
                (
                    TableKind::GeneralBudget | TableKind::GovFund | TableKind::StateCapital,
                    "initial_budget",
                ) => (Some("说明用（不公开）"), f.label),
                _ => (None, f.label),
            };
            HeaderColumn {
                group,
                leaf,
                field: i,
            }
        })
        .collect()
}

/// The value columns of a coded table in a budget workbook: the columns the budget tables
/// print (收入预算 {合计, 财政拨款收入, 事业收入, 经营收入, 其他收入}; 支出预算 and the
/// fund tables {合计, 基本支出, 项目支出}), none of the 决算-only ones (年初结转, 年末结转,
/// 年初预算数, 上缴上级支出 …).
pub fn budget_header<R: Record>(kind: TableKind) -> Vec<HeaderColumn> {
    let keys: &[&str] = match kind {
        TableKind::Income => &[
            "total",
            "appropriation",
            "institutional",
            "operating",
            "other",
        ],
        TableKind::Expenditure | TableKind::GeneralBudget => &["total", "basic", "project"],
        TableKind::GovFund | TableKind::StateCapital => &["expenditure", "basic", "project"],
        TableKind::GeneralBudgetBasic | TableKind::GovFundBasic => {
            &["amount", "personnel", "public"]
        }
        _ => return coded_header::<R>(kind),
    };
    keys.iter()
        .filter_map(|k| {
            let field = R::index_of(k)?;
            let label = R::FIELDS[field].label;
            let (group, leaf) = match *k {
                "expenditure" => (Some("本年支出"), "合计"),
                "basic" | "project"
                    if kind.classification().is_some() && R::index_of("expenditure").is_some() =>
                {
                    (Some("本年支出"), label)
                }
                "total" | "amount" => (None, "合计"),
                _ => (None, label),
            };
            Some(HeaderColumn { group, leaf, field })
        })
        .collect()
}

/// Keeps, of the columns a budget sheet was read without, those a budget table prints:
/// the 决算-only columns are not printed because budgets have none, not because they are
/// unknown.
pub(crate) fn keep_budget_absent<R: Record>(kind: TableKind, absent: &mut Vec<String>) {
    let printed: Vec<&str> = budget_header::<R>(kind)
        .iter()
        .map(|h| R::FIELDS[h.field].key)
        .collect();
    absent.retain(|a| printed.contains(&a.as_str()));
}

// ---------------------------------------------------------------- reading

#[derive(Debug, Clone, Copy, PartialEq)]
enum Col {
    Code { width: usize },
    Name,
    Value(usize),
}

/// One of the halves of a table printed side by side (most tables have one).
#[derive(Default)]
struct Segment {
    code: Vec<(usize, usize)>,   // (column, digits)
    names: Vec<usize>,           // a name merged over two columns gives two
    values: Vec<(usize, usize)>, // (column, field)
}

/// Reads a coded table: finds its header (one to five rows, merged or not), splits it into
/// side-by-side halves, then reads the rows, the totals row and the notes under it.
pub(crate) fn read<R: CodedRecord + Clone, T: Record>(
    g: &Grid,
    coverage: Coverage,
    ctx: &mut ReadCtx,
) -> Option<CodedTable<R, T>> {
    let unit = sheet_unit(g, ctx);
    let Some((first, _)) = g.find(15, |t| is_code_label(t) || is_name_label(t)) else {
        ctx.problems.push(Problem::sheet(
            &g.name,
            "找不到表头：应有“科目编码”和“科目名称”列，以及金额列",
        ));
        return None;
    };
    // Labels of merged value columns may start a row above the code label (`项目` over
    // `科目编码`); the title, unit and status lines above them are not header rows.
    let mut top = first;
    while top > 0 && is_header_row_above(g, top - 1) {
        top -= 1;
    }
    let mut bottom = top;
    while bottom + 1 < g.height() && bottom < top + 4 {
        let next = bottom + 1;
        if g.row_is_blank(next) {
            break;
        }
        let code_or_name: Vec<usize> = (0..g.width())
            .filter(|&c| {
                (top..=bottom).any(|r| {
                    let l = g.label_at(r, c);
                    is_code_label(&l) || is_name_label(&l)
                })
            })
            .collect();
        if row_has_data(g, next, &code_or_name) {
            break;
        }
        bottom = next;
    }
    let paths = g.header_paths(top, bottom);
    let mut cols: Vec<Option<Col>> = Vec::with_capacity(paths.len());
    for path in &paths {
        let leaf = path.last().map(String::as_str).unwrap_or("");
        let col = if path.is_empty() {
            None
        } else if is_name_label(leaf) {
            Some(Col::Name)
        } else if path.iter().any(|l| is_code_label(l)) {
            let width = match leaf {
                "类" => 3,
                "款" | "项" => 2,
                _ => 0,
            };
            Some(Col::Code { width })
        } else {
            column_field::<R, _>(path).map(Col::Value)
        };
        cols.push(col);
    }
    // split into side-by-side segments: a code column after other columns starts a new one
    let mut segments: Vec<Segment> = Vec::new();
    let mut cur: Option<Segment> = None;
    for (c, col) in cols.iter().enumerate() {
        match col {
            Some(Col::Code { width }) => {
                // (a name column before the code column belongs to the same half)
                if cur.as_ref().is_some_and(|s| {
                    !s.values.is_empty() || (!s.code.is_empty() && !s.names.is_empty())
                }) {
                    segments.extend(cur.take());
                }
                cur.get_or_insert_with(Segment::default)
                    .code
                    .push((c, *width));
            }
            Some(Col::Name) => cur.get_or_insert_with(Segment::default).names.push(c),
            Some(Col::Value(f)) => {
                let has_data = (bottom + 1..g.height()).any(|r| !g.get(r, c).is_blank());
                if let Some(s) = cur.as_mut() {
                    if s.values.iter().any(|(_, ff)| ff == f) {
                        // a header merged over two columns labels both; only data repeats
                        if has_data {
                            ctx.problem(
                                g,
                                bottom,
                                c,
                                format!("“{}”列重复出现", R::FIELDS[*f].label),
                            );
                        }
                    } else {
                        s.values.push((c, *f));
                    }
                }
            }
            None => {
                let label = paths[c].concat();
                if !label.is_empty() && !matches!(label.as_str(), "项目" | "行次" | "栏次") {
                    let has_data = (bottom + 1..g.height()).any(|r| !g.get(r, c).is_blank());
                    if has_data {
                        ctx.notice(
                            format!("工作表“{}”单元格 {}", g.name, g.a1(bottom, c)),
                            format!("未识别的列“{label}”，已忽略"),
                        );
                    }
                }
            }
        }
    }
    segments.extend(cur);
    segments.retain(|s| !s.code.is_empty() || !s.names.is_empty());
    let Some(first) = segments.first() else {
        ctx.problems
            .push(Problem::sheet(&g.name, "表头缺少“科目编码”列"));
        return None;
    };
    if first.code.is_empty() {
        ctx.problem(
            g,
            top,
            0,
            "表头缺少“科目编码”列（也可以分“类”“款”“项”三列）",
        );
        return None;
    }
    if first.values.is_empty() {
        let wanted: Vec<&str> = R::FIELDS.iter().map(|f| f.label).collect();
        ctx.problem(
            g,
            top,
            first.names.first().copied().unwrap_or(0),
            format!("表头缺少金额列，应有：{}", wanted.join("、")),
        );
        return None;
    }
    let shared_totals = T::FIELDS.iter().all(|f| R::index_of(f.key).is_some());
    // Amount columns the table does not print: their figures are unknown, not zero. The
    // columns only some formats print count only when the table prints one of them.
    let printed = |i: usize| {
        segments
            .iter()
            .any(|s| s.values.iter().any(|(_, v)| *v == i))
    };
    let prints_split = R::FIELDS
        .iter()
        .enumerate()
        .any(|(i, f)| SPLIT_COLUMNS.contains(&f.key) && printed(i));
    let absent: Vec<String> = R::FIELDS
        .iter()
        .enumerate()
        .filter(|(i, f)| {
            f.kind == CellKind::Amount
                && !printed(*i)
                && (prints_split || !SPLIT_COLUMNS.contains(&f.key))
        })
        .map(|(_, f)| f.key.to_string())
        .collect();
    let mut table = CodedTable::<R, T> {
        coverage,
        absent,
        ..CodedTable::default()
    };
    let mut notes: Vec<String> = Vec::new();
    let mut data_rows = Vec::new();
    for r in bottom + 1..g.height() {
        if g.row_is_blank(r) {
            continue;
        }
        // a note line: 注：… / 说明：… in the first non-blank cell
        if let Some(c) = (0..g.width()).find(|&c| !g.get(r, c).is_blank())
            && let Some(n) = is_note(&g.text(r, c))
        {
            notes.push(n);
            continue;
        }
        data_rows.push(r);
    }
    // a table printed in halves side by side reads the left half first
    for seg in &segments {
        for &r in &data_rows {
            read_row(g, r, seg, unit, shared_totals, &mut table, ctx);
        }
    }
    if !notes.is_empty() {
        table.note = Some(notes.join("\n"));
    }
    Some(table)
}

/// A totals label a code column may hold when merged with the name column.
fn is_totals_text<T: Record>(label: &str) -> bool {
    is_total_label(label) || label.starts_with("合计") || T::FIELDS.iter().any(|f| f.matches(label))
}

/// Reads one data row of a segment: a coded row, a totals row, or nothing (栏次 rows,
/// signature footers, blank lines).
#[allow(clippy::too_many_arguments)]
fn read_row<R: CodedRecord + Clone, T: Record>(
    g: &Grid,
    r: usize,
    seg: &Segment,
    unit: MoneyUnit,
    shared_totals: bool,
    table: &mut CodedTable<R, T>,
    ctx: &mut ReadCtx,
) {
    let mut code_text = String::new();
    for &(c, width) in &seg.code {
        let t = match g.get(r, c) {
            Raw::Number(n) if n.fract() == 0.0 && *n >= 0.0 => format!("{}", *n as u64),
            other => compact(&other.text()),
        };
        if t.is_empty() {
            continue;
        }
        if width > 0 && t.len() < width && t.chars().all(|ch| ch.is_ascii_digit()) {
            code_text.push_str(&format!("{t:0>width$}"));
        } else {
            code_text.push_str(&t);
        }
    }
    // `类 | 款 | 项 | 合计 | …`: the code columns' own labels on the totals row
    if code_text == "类款项" {
        code_text.clear();
    }
    let name = seg
        .names
        .iter()
        .map(|&c| g.text(r, c))
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    let values_blank = seg.values.iter().all(|&(c, _)| g.get(r, c).is_blank());
    let code_cell = seg.code.first().map(|x| x.0).unwrap_or(0);
    // Text in the code column: a totals label merged across code and name (`合计`,
    // `人员经费合计`), a 栏次 row, or a signature footer.
    let textual_code = !code_text.is_empty() && !code_text.chars().all(|ch| ch.is_ascii_digit());
    if textual_code {
        let label = compact(&code_text);
        if matches!(label.as_str(), "栏次" | "行次" | "序号" | "栏目") || is_footer(&label)
        {
            return;
        }
    }
    if code_text.is_empty() || (textual_code && is_totals_text::<T>(&compact(&code_text))) {
        let label = if code_text.is_empty() {
            compact(&name)
        } else {
            compact(&code_text)
        };
        if label.is_empty() && values_blank {
            return;
        }
        if !shared_totals && let Some(ti) = T::FIELDS.iter().position(|f| f.matches(&label)) {
            if let Some(&(c, first)) = seg.values.first() {
                match set_cell(&mut table.total, ti, g, r, c, unit) {
                    Ok(()) => ctx.source(g, r, c, T::FIELDS[ti].label.to_string(), None),
                    Err(e) => ctx.problem(g, r, c, format!("{}：{e}", T::FIELDS[ti].label)),
                }
                // `合计 | 人员经费 | 公用经费` on one 合计 row (a budget 基本支出 table): each
                // further column is its own total
                if T::FIELDS[ti].key == "total" && R::FIELDS[first].key == "amount" {
                    for &(c, f) in seg.values.iter().skip(1) {
                        let Some(tj) = T::index_of(R::FIELDS[f].key) else {
                            continue;
                        };
                        match set_cell(&mut table.total, tj, g, r, c, unit) {
                            Ok(()) => ctx.source(g, r, c, T::FIELDS[tj].label.to_string(), None),
                            Err(e) => ctx.problem(g, r, c, format!("{}：{e}", T::FIELDS[tj].label)),
                        }
                    }
                }
            }
            return;
        }
        if is_total_label(&label) || label.starts_with("合计") {
            if shared_totals {
                for &(c, f) in &seg.values {
                    let Some(ti) = T::index_of(R::FIELDS[f].key) else {
                        continue;
                    };
                    let column = R::FIELDS[f].label;
                    match set_cell(&mut table.total, ti, g, r, c, unit) {
                        Ok(()) => ctx.source(g, r, c, "合计".to_string(), Some(column)),
                        Err(e) => ctx.problem(g, r, c, format!("合计行“{column}”：{e}")),
                    }
                }
            }
            return;
        }
        if values_blank {
            return;
        }
        ctx.problem(
            g,
            r,
            code_cell,
            format!("有金额但没有科目编码（科目名称“{name}”）；合计行请在科目名称写“合计”"),
        );
        return;
    }
    let code = match Code::parse(&code_text) {
        Ok(c) => c,
        Err(e) => {
            ctx.problem(
                g,
                r,
                code_cell,
                format!("{e}；应为3、5或7位数字，如 201、20106、2010601"),
            );
            return;
        }
    };
    let name = if name.is_empty() {
        ctx.catalog.name(&code).unwrap_or_default().to_string()
    } else {
        name
    };
    let mut row = R::new(code, name);
    for &(c, f) in &seg.values {
        match set_cell(&mut row, f, g, r, c, unit) {
            Ok(()) => ctx.source(g, r, c, code.to_string(), Some(R::FIELDS[f].label)),
            Err(e) => ctx.problem(g, r, c, format!("{}：{e}", R::FIELDS[f].label)),
        }
    }
    if !row.is_blank() {
        table.rows.push(row);
    }
}

// ---------------------------------------------------------------- writing

/// Rows to write: the package's rows, plus catalog rows a unit commonly needs when
/// pre-filling.
fn rows_to_write<Rw: CodedRecord + Clone>(
    ctx: &WriteCtx,
    kind: TableKind,
    table: Option<&CodedTable<Rw, impl Record>>,
) -> Vec<Rw> {
    let mut rows: Vec<Rw> = table.map(|t| t.rows.clone()).unwrap_or_default();
    if ctx.opts.prefill && kind.classification() == Some(Classification::Function) {
        let have: Vec<Code> = rows.iter().map(|r| r.code()).collect();
        for e in ctx.catalog.common_function_rows() {
            if !have.contains(&e.code) {
                rows.push(Rw::new(e.code, e.name.clone()));
            }
        }
        rows.sort_by_key(|r| r.code());
    }
    rows
}

/// Writes a coded table: the [`coded_header`] (two rows when some columns are grouped),
/// the totals row, then the rows.
pub(crate) fn write<Rw: CodedRecord + Clone, T: Record>(
    ws: &mut Worksheet,
    ctx: &WriteCtx,
    kind: TableKind,
    table: Option<&CodedTable<Rw, T>>,
) -> XResult<()> {
    let header = if ctx.pkg.is_budget() {
        budget_header::<Rw>(kind)
    } else {
        coded_header::<Rw>(kind)
    };
    let ncols = 2 + header.len() as u16;
    let coverage = table.map(|t| t.coverage);
    let mut r = heading(ws, ctx, ctx.profile.title(kind), ncols, coverage)?;
    let grouped = header.iter().any(|h| h.group.is_some());
    let header_rows = if grouped { 2 } else { 1 };
    // code and name span both header rows
    for (c, label) in [(0u16, CODE_LABEL), (1, NAME_LABEL)] {
        if grouped {
            ws.merge_range(r, c, r + 1, c, label, &ctx.f.header)?;
        } else {
            ws.write_string_with_format(r, c, label, &ctx.f.header)?;
        }
    }
    let mut c = 2u16;
    let mut i = 0;
    while i < header.len() {
        let h = header[i];
        match h.group {
            Some(g) => {
                let n = header[i..]
                    .iter()
                    .take_while(|x| x.group == Some(g))
                    .count();
                let end = c + n as u16 - 1;
                if n > 1 {
                    ws.merge_range(r, c, r, end, g, &ctx.f.header)?;
                } else {
                    ws.write_string_with_format(r, c, g, &ctx.f.header)?;
                }
                for (k, hh) in header[i..i + n].iter().enumerate() {
                    ws.write_string_with_format(r + 1, c + k as u16, hh.leaf, &ctx.f.header)?;
                }
                c = end + 1;
                i += n;
            }
            None => {
                if grouped {
                    ws.merge_range(r, c, r + 1, c, h.leaf, &ctx.f.header)?;
                } else {
                    ws.write_string_with_format(r, c, h.leaf, &ctx.f.header)?;
                }
                c += 1;
                i += 1;
            }
        }
    }
    r += header_rows;
    ws.set_freeze_panes(r, 2)?;
    // totals row first, as in 收入决算表/支出决算表
    ws.write_blank(r, 0, &ctx.f.label)?;
    ws.write_string_with_format(r, 1, TOTAL_LABEL, &ctx.f.label)?;
    // (a budget sheet has fewer columns than the row has fields: place by header position)
    for (k, h) in header.iter().enumerate() {
        let v = table.and_then(|t| total_value(&t.total, Rw::FIELDS[h.field].key));
        put_value(ws, r, 2 + k as u16, v, &ctx.f)?;
    }
    r += 1;
    for row in rows_to_write(ctx, kind, table) {
        ws.write_string_with_format(r, 0, row.code().as_str(), &ctx.f.label)?;
        ws.write_string_with_format(r, 1, row.name(), &ctx.f.label)?;
        for (k, h) in header.iter().enumerate() {
            put_value(ws, r, 2 + k as u16, row.get(h.field), &ctx.f)?;
        }
        r += 1;
    }
    note_line(ws, ctx, r + 1, table.and_then(|t| t.note.as_deref()))?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 34)?;
    for k in 0..header.len() as u16 {
        ws.set_column_width(2 + k, 14)?;
    }
    Ok(())
}

fn total_value<T: Record>(t: &T, key: &str) -> Option<CellValue> {
    T::index_of(key).and_then(|i| t.get(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use juesuan_model::tables::{ExpenditureRow, FundRow, GeneralBudgetRow, IncomeRow};

    /// Every label the writer puts over a value column leads the reader back to its field,
    /// tried the way the reader tries them: the leaf, then group and leaf.
    #[test]
    fn written_headers_are_read_back_as_their_fields() {
        fn check<R: Record>(kind: TableKind) {
            for h in coded_header::<R>(kind) {
                let cands = [
                    compact(h.leaf),
                    compact(&format!("{}{}", h.group.unwrap_or(""), h.leaf)),
                ];
                let found = cands
                    .iter()
                    .find_map(|c| R::FIELDS.iter().position(|f| f.matches(c)));
                assert_eq!(found, Some(h.field), "{kind:?}: {:?}", h);
            }
        }
        check::<IncomeRow>(TableKind::Income);
        check::<ExpenditureRow>(TableKind::Expenditure);
        check::<GeneralBudgetRow>(TableKind::GeneralBudget);
        check::<FundRow>(TableKind::GovFund);
        check::<FundRow>(TableKind::StateCapital);
        assert!(is_code_label(CODE_LABEL) && is_name_label(NAME_LABEL));
        assert!(is_total_label(TOTAL_LABEL));
    }
}
