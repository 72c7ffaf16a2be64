//! Reads a workbook filled by hand: merged header cells, blank rows, numbers stored as
//! text, stray spaces, totals rows present or absent, 类/款/项 in one column or three,
//! tables printed in two halves side by side. What cannot be read is reported with the sheet
//! and cell and what was expected.

use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};
use juesuan_model::fields::{CellKind, CodedRecord, Record};
use juesuan_model::performance::{
    DepartmentEvaluation, FundsLine, Indicator, PerformanceManagement, ProjectEvaluation, TextBlock,
};
use juesuan_model::tables::*;
use juesuan_model::text::{compact, strip_list_number};
use juesuan_model::{
    Amount, Catalog, Code, Coverage, Figure, MemberUnit, MoneyUnit, Notice, Package, Profile,
    Remark, Severity, Subject,
};

use super::grid::{Grid, MAX_COLS, MAX_ROWS, Merge, NumFormat, Raw, number_format};
use super::layout::*;
use super::write::project_columns;
use crate::error::Problem;

/// Largest total uncompressed size of a workbook's parts.
pub const MAX_UNPACKED: u128 = 256 * 1024 * 1024;
/// Most parts a workbook may have.
pub const MAX_PARTS: usize = 20_000;

/// A workbook read into a package, with what was noticed on the way.
#[derive(Debug)]
pub struct WorkbookRead {
    /// The package.
    pub package: Package,
    /// Things kept or ignored that a person should know.
    pub notices: Vec<Notice>,
}

struct Ctx<'a> {
    catalog: &'a Catalog,
    problems: Vec<Problem>,
    notices: Vec<Notice>,
}

impl Ctx<'_> {
    fn problem(&mut self, g: &Grid, r: usize, c: usize, message: impl Into<String>) {
        self.problems
            .push(Problem::cell(&g.name, g.a1(r, c), message));
    }
    fn notice(&mut self, place: String, message: impl Into<String>) {
        self.notices.push(Notice {
            severity: Severity::Info,
            place,
            message: message.into(),
        });
    }
}

/// Refuses zip archives that would unpack to absurd sizes (a "zip bomb").
fn check_zip(bytes: &[u8]) -> Result<(), Problem> {
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Problem::file(format!("不是有效的 Excel 工作簿（压缩包损坏：{e}）")))?;
    if archive.len() > MAX_PARTS {
        return Err(Problem::file(format!(
            "工作簿内部文件过多（{} 个），疑似恶意文件，未读取",
            archive.len()
        )));
    }
    let total = match archive.decompressed_size() {
        Some(t) => t,
        None => {
            let mut t = 0u128;
            for i in 0..archive.len() {
                let f = archive
                    .by_index_raw(i)
                    .map_err(|e| Problem::file(format!("不是有效的 Excel 工作簿（{e}）")))?;
                t += u128::from(f.size());
            }
            t
        }
    };
    if total > MAX_UNPACKED {
        return Err(Problem::file(format!(
            "工作簿解压后将达 {} MB，超过上限 {} MB，疑似压缩炸弹，未读取",
            total / (1024 * 1024),
            MAX_UNPACKED / (1024 * 1024)
        )));
    }
    Ok(())
}

/// Most cells read from one sheet.
const MAX_CELLS: usize = 2_000_000;

fn raw_of(d: &DataRef) -> Raw {
    match d {
        DataRef::Empty => Raw::Empty,
        DataRef::String(s) => Raw::Text(s.clone()),
        DataRef::SharedString(s) => Raw::Text(s.to_string()),
        DataRef::Int(i) => Raw::Number(*i as f64),
        DataRef::Float(f) => Raw::Number(*f),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::DateTime(d) => Raw::Number(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Raw::Text(s.clone()),
        DataRef::Error(e) => Raw::Error(format!("{e}")),
    }
}

/// Reads the sheets of an .xlsx workbook into grids, cell by cell (never building the
/// dense range calamine would allocate for a sheet with one far-away cell), with each
/// number cell's display format and the merged regions.
fn grids(bytes: &[u8]) -> Result<Vec<Grid>, Problem> {
    if !bytes.starts_with(b"PK") {
        return Err(Problem::file(
            "不是 .xlsx 工作簿（旧版 .xls 或 .ods 文件请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx）",
        ));
    }
    check_zip(bytes)?;
    let owned = bytes.to_vec();
    // calamine is not expected to panic, but a hostile file must never take the program down.
    let opened = std::panic::catch_unwind(move || {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(owned))
            .map_err(|e| Problem::file(format!("不是可读取的 Excel 工作簿：{e}")))?;
        let names = wb.sheet_names().to_vec();
        let mut out = Vec::new();
        for name in names {
            let merges = wb
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .into_iter()
                .map(|d| Merge {
                    r0: d.start.0 as usize,
                    c0: d.start.1 as usize,
                    r1: d.end.0 as usize,
                    c1: d.end.1 as usize,
                })
                .collect();
            let mut reader = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| Problem::sheet(&name, format!("无法读取：{e}")))?;
            let formats: Vec<Option<NumFormat>> = reader
                .styles()
                .iter()
                .map(|st| {
                    st.number_format
                        .as_ref()
                        .and_then(|f| number_format(&f.format_code))
                })
                .collect();
            let mut cells = Vec::new();
            let mut overflow = 0usize;
            loop {
                let next = reader
                    .next_cell_with_style_id()
                    .map_err(|e| Problem::sheet(&name, format!("无法读取：{e}")))?;
                let Some((cell, style)) = next else { break };
                let raw = raw_of(cell.get_value());
                if raw.is_blank() {
                    continue;
                }
                let (r, c) = cell.get_position();
                if r >= MAX_ROWS || c >= MAX_COLS {
                    overflow += 1;
                    continue;
                }
                if cells.len() >= MAX_CELLS {
                    return Err(Problem::sheet(&name, "单元格过多，疑似恶意文件，未读取"));
                }
                cells.push((r, c, raw, formats.get(style).copied().flatten()));
            }
            drop(reader);
            let mut g = Grid::from_cells(&name, cells, merges);
            g.overflow += overflow;
            out.push(g);
        }
        Ok(out)
    });
    opened.unwrap_or_else(|_| Err(Problem::file("工作簿内容损坏，无法读取")))
}

/// Reads a workbook into a package.
pub fn read_workbook(bytes: &[u8], catalog: &Catalog) -> Result<WorkbookRead, Vec<Problem>> {
    let grids = grids(bytes).map_err(|p| vec![p])?;
    let mut ctx = Ctx {
        catalog,
        problems: Vec::new(),
        notices: Vec::new(),
    };
    let mut pkg = Package {
        format: juesuan_model::FORMAT.to_string(),
        ..Package::default()
    };
    let mut saw_unit = false;
    for g in &grids {
        if g.overflow > 0 {
            ctx.notice(
                format!("工作表“{}”", g.name),
                format!(
                    "第{MAX_ROWS}行以下或第{MAX_COLS}列以右还有 {} 个单元格有内容，超出读取范围，已忽略",
                    g.overflow
                ),
            );
        }
        let Some(role) = classify_sheet(&g.name) else {
            if (0..g.height()).any(|r| !g.row_is_blank(r)) {
                ctx.notice(
                    format!("工作表“{}”", g.name),
                    "不是 juesuan 的工作表，已忽略",
                );
            }
            continue;
        };
        match role {
            SheetRole::Guide => {}
            SheetRole::Unit => {
                saw_unit = true;
                read_unit(g, &mut ctx, &mut pkg);
            }
            SheetRole::Table(kind) => read_table(g, kind, &mut ctx, &mut pkg),
            SheetRole::Data => read_data(g, &mut ctx, &mut pkg),
            SheetRole::Remarks => read_remarks(g, &mut ctx, &mut pkg),
            SheetRole::Texts => read_texts(g, &mut ctx, &mut pkg),
            SheetRole::PerfDepartment => read_perf_department(g, &mut ctx, &mut pkg),
            SheetRole::PerfManagement => {
                let mut m = PerformanceManagement::default();
                read_kv(g, &mut ctx, &mut [&mut m], None);
                if !m.is_blank() {
                    pkg.performance.management = Some(m);
                }
            }
            SheetRole::PerfProjects => read_perf_projects(g, &mut ctx, &mut pkg),
            SheetRole::PerfIndicators => {}
        }
    }
    // indicators need the projects first
    for g in &grids {
        if classify_sheet(&g.name) == Some(SheetRole::PerfIndicators) {
            read_perf_indicators(g, &mut ctx, &mut pkg);
        }
    }
    if !saw_unit {
        ctx.problems.push(Problem::file(format!(
            "缺少“{SHEET_UNIT}”工作表：需要单位名称、年度和地区格式（可用 juesuan init 生成空白工作簿）"
        )));
    }
    if ctx.problems.is_empty() {
        Ok(WorkbookRead {
            package: pkg,
            notices: ctx.notices,
        })
    } else {
        Err(ctx.problems)
    }
}

// ---------------------------------------------------------------- shared helpers

/// Puts the cell at (r, c) into field `i` of a record. A number keeps the decimals its
/// cell format displays.
fn set_cell<T: Record>(
    rec: &mut T,
    i: usize,
    g: &Grid,
    r: usize,
    c: usize,
    unit: MoneyUnit,
) -> Result<(), String> {
    let textual = matches!(
        T::FIELDS.get(i).map(|f| f.kind),
        Some(CellKind::Text | CellKind::Figure)
    );
    match g.get(r, c) {
        Raw::Empty => Ok(()),
        Raw::Text(s) => rec.set_text(i, s, unit),
        Raw::Number(_) => rec.set_text(i, &g.value_text(r, c), unit),
        // text and figures are kept as shown, whatever they are
        raw @ (Raw::Bool(_) | Raw::Error(_)) if textual => rec.set_text(i, &raw.text(), unit),
        Raw::Bool(_) => Err("应为数字或文字，实际是逻辑值 TRUE/FALSE".into()),
        Raw::Error(e) => Err(format!("单元格是错误值 {e}（公式出错？）")),
    }
}

/// The money unit a sheet declares above its header (`单位：元`, `金额单位：万元（保留两位小数）`);
/// 万元 when none. A unit that is declared but not understood is an error, not a guess.
fn sheet_unit(g: &Grid, ctx: &mut Ctx) -> MoneyUnit {
    for r in 0..g.height().min(8) {
        for c in 0..g.width() {
            let t = g.compact(r, c);
            let Some(at) = t.find("单位：").or_else(|| t.find("单位:")) else {
                continue;
            };
            let after = &t[at..];
            let after = after
                .trim_start_matches("单位")
                .trim_start_matches(['：', ':']);
            // cut at a parenthesis or separator: 元（保留两位小数）, 万元）
            let unit: String = after
                .chars()
                .take_while(|ch| {
                    !matches!(ch, '（' | '(' | '）' | ')' | '，' | ',' | '；' | ';' | ' ')
                })
                .collect();
            if let Some(u) = MoneyUnit::from_label(&unit) {
                return u;
            }
            if unit.contains('元') {
                ctx.problem(
                    g,
                    r,
                    c,
                    format!("金额单位“{unit}”无法识别，应为 元、千元、万元 或 亿元"),
                );
                return MoneyUnit::Wan;
            }
        }
    }
    MoneyUnit::Wan
}

/// The sheet's 表格状态: `Some(coverage)`, or `None` for a table marked 未提供. A sheet without
/// a status cell is complete.
fn sheet_status(g: &Grid, ctx: &mut Ctx) -> Option<Coverage> {
    if let Some((r, c)) = g.find(10, |t| t.starts_with(STATUS_LABEL)) {
        let inline = g.compact(r, c);
        let inline = inline
            .trim_start_matches(STATUS_LABEL)
            .trim_start_matches(['：', ':']);
        let (value, at) = if inline.is_empty() {
            let c2 = (c + 1..g.width())
                .find(|&k| !g.get(r, k).is_blank())
                .unwrap_or(c + 1);
            (g.compact(r, c2), c2)
        } else {
            (inline.to_string(), c)
        };
        if value.is_empty() {
            return Some(Coverage::Complete);
        }
        if matches!(value.as_str(), ABSENT_LABEL | "无此表" | "缺") {
            return None;
        }
        match Coverage::from_label(&value) {
            Some(cv) => return Some(cv),
            None => ctx.problem(
                g,
                r,
                at,
                format!("表格状态“{value}”应为“完整”“部分”或“{ABSENT_LABEL}”"),
            ),
        }
    }
    Some(Coverage::Complete)
}

/// True when a row carries figures or codes rather than header labels. `合计` counts only in
/// a code or name column: as a column header (表5 `合计 | 基本支出 | 项目支出`) it is a label.
fn row_has_data(g: &Grid, r: usize, code_or_name: &[usize]) -> bool {
    (0..g.width()).any(|c| match g.get(r, c) {
        Raw::Number(_) => true,
        Raw::Text(_) => {
            let t = g.compact(r, c);
            (code_or_name.contains(&c) && is_total_label(&t))
                || (c < 4 && Code::parse(&t).is_ok())
                || (t.chars().any(|ch| ch.is_ascii_digit())
                    && t.chars()
                        .all(|ch| ch.is_ascii_digit() || ",.-".contains(ch)))
        }
        _ => false,
    })
}

/// True when a row above the code label belongs to a multi-row header.
fn is_header_row_above(g: &Grid, r: usize) -> bool {
    let cells: Vec<String> = (0..g.width())
        .map(|c| g.compact(r, c))
        .filter(|t| !t.is_empty())
        .collect();
    cells.len() >= 2
        && !row_has_data(g, r, &[])
        && cells
            .iter()
            .all(|t| !t.contains("单位：") && !t.contains("单位:") && !t.starts_with(STATUS_LABEL))
}

fn is_note(text: &str) -> Option<String> {
    let t = text.trim();
    for p in ["说明：", "说明:", "注：", "注:"] {
        if let Some(rest) = t.strip_prefix(p) {
            return Some(rest.trim().to_string());
        }
    }
    None
}

fn is_total_label(t: &str) -> bool {
    matches!(t, "合计" | "总计" | "本年合计" | "合计数")
}

/// A totals label a code column may hold when merged with the name column.
fn is_totals_text<T: Record>(label: &str) -> bool {
    is_total_label(label) || label.starts_with("合计") || T::FIELDS.iter().any(|f| f.matches(label))
}

/// Lines under a table that are not data: `单位负责人：`, `制表人：`, `填报日期：` …
fn is_footer(label: &str) -> bool {
    ["负责人", "制表", "填报", "审核", "复核", "联系电话", "日期"]
        .iter()
        .any(|w| label.contains(w))
        && (label.contains('：') || label.contains(':'))
}

// ---------------------------------------------------------------- coded tables

#[derive(Debug, Clone, Copy, PartialEq)]
enum Col {
    Code { width: usize },
    Name,
    Value(usize),
}

#[derive(Default)]
struct Segment {
    code: Vec<(usize, usize)>,   // (column, digits)
    names: Vec<usize>,           // a name merged over two columns gives two
    values: Vec<(usize, usize)>, // (column, field)
}

fn read_coded<R: CodedRecord + Clone, T: Record>(
    g: &Grid,
    coverage: Coverage,
    ctx: &mut Ctx,
) -> Option<CodedTable<R, T>> {
    let unit = sheet_unit(g, ctx);
    let Some((first, _)) = g.find(15, |t| {
        super::layout::is_code_label(t) || super::layout::is_name_label(t)
    }) else {
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
            let n = path.len();
            let mut cands = vec![leaf.to_string()];
            if n >= 2 {
                cands.push(format!("{}{}", path[n - 2], leaf));
            }
            cands.push(path.concat());
            cands
                .iter()
                .find_map(|c| R::FIELDS.iter().position(|f| f.matches(c)))
                .map(Col::Value)
        };
        cols.push(col);
    }
    // split into side-by-side segments: a code column after other columns starts a new one
    let mut segments: Vec<Segment> = Vec::new();
    let mut cur: Option<Segment> = None;
    for (c, col) in cols.iter().enumerate() {
        match col {
            Some(Col::Code { width }) => {
                if cur
                    .as_ref()
                    .is_some_and(|s| !s.names.is_empty() || !s.values.is_empty())
                {
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
    let mut table = CodedTable::<R, T> {
        coverage,
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
            read_coded_row(g, r, seg, unit, shared_totals, &mut table, ctx);
        }
    }
    if !notes.is_empty() {
        table.note = Some(notes.join("\n"));
    }
    Some(table)
}

#[allow(clippy::too_many_arguments)]
fn read_coded_row<R: CodedRecord + Clone, T: Record>(
    g: &Grid,
    r: usize,
    seg: &Segment,
    unit: MoneyUnit,
    shared_totals: bool,
    table: &mut CodedTable<R, T>,
    ctx: &mut Ctx,
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
            if let Some(&(c, _)) = seg.values.first()
                && let Err(e) = set_cell(&mut table.total, ti, g, r, c, unit)
            {
                ctx.problem(g, r, c, format!("{}：{e}", T::FIELDS[ti].label));
            }
            return;
        }
        if is_total_label(&label) || label.starts_with("合计") {
            if shared_totals {
                for &(c, f) in &seg.values {
                    if let Some(ti) = T::index_of(R::FIELDS[f].key)
                        && let Err(e) = set_cell(&mut table.total, ti, g, r, c, unit)
                    {
                        ctx.problem(g, r, c, format!("合计行“{}”：{e}", R::FIELDS[f].label));
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
        if let Err(e) = set_cell(&mut row, f, g, r, c, unit) {
            ctx.problem(g, r, c, format!("{}：{e}", R::FIELDS[f].label));
        }
    }
    if !row.is_blank() {
        table.rows.push(row);
    }
}

// ---------------------------------------------------------------- tables

fn read_table(g: &Grid, kind: TableKind, ctx: &mut Ctx, pkg: &mut Package) {
    // a sheet marked 未提供 is an absent table
    let Some(coverage) = sheet_status(g, ctx) else {
        return;
    };
    let t = &mut pkg.tables;
    match kind {
        TableKind::Summary => t.summary = read_summary(g, coverage, ctx),
        TableKind::AppropriationSummary => {
            t.appropriation_summary = read_appropriation(g, coverage, ctx)
        }
        TableKind::Income => t.income = read_coded::<IncomeRow, IncomeValues>(g, coverage, ctx),
        TableKind::Expenditure => {
            t.expenditure = read_coded::<ExpenditureRow, ExpenditureValues>(g, coverage, ctx)
        }
        TableKind::GeneralBudget => {
            t.general_budget = read_coded::<GeneralBudgetRow, GeneralBudgetValues>(g, coverage, ctx)
        }
        TableKind::GeneralBudgetBasic => {
            t.general_budget_basic = read_coded::<EconomicRow, BasicTotals>(g, coverage, ctx)
        }
        TableKind::GovFundBasic => {
            t.gov_fund_basic = read_coded::<EconomicRow, BasicTotals>(g, coverage, ctx)
        }
        TableKind::GovFund => t.gov_fund = read_coded::<FundRow, FundValues>(g, coverage, ctx),
        TableKind::StateCapital => {
            t.state_capital = read_coded::<FundRow, FundValues>(g, coverage, ctx)
        }
        TableKind::ThreePublic => {
            let details = t.three_public.take().map(|x| x.details).unwrap_or_default();
            t.three_public = read_three_public(g, coverage, ctx).map(|mut x| {
                x.details = details;
                x
            });
        }
        TableKind::Procurement => {
            let unit = sheet_unit(g, ctx);
            let mut p = ProcurementTable {
                coverage,
                ..ProcurementTable::default()
            };
            let found = read_kv(g, ctx, &mut [&mut p.figures], Some(unit));
            if found == 0 && (0..g.height()).filter(|&r| !g.row_is_blank(r)).count() > 2 {
                read_procurement_table(g, unit, &mut p.figures, ctx);
            }
            t.procurement = Some(p);
        }
        TableKind::PurchasedServices => t.purchased_services = read_services(g, coverage, ctx),
    }
}

/// Finds the header row holding `项目 … 决算数` and returns (row, value columns).
fn find_value_header(g: &Grid, value_label: &str) -> Option<(usize, Vec<usize>)> {
    (0..g.height().min(15)).find_map(|r| {
        let cols: Vec<usize> = (0..g.width())
            .filter(|&c| g.compact(r, c) == value_label)
            .collect();
        (!cols.is_empty()).then_some((r, cols))
    })
}

/// The label column for a value column: the nearest `项目` to its left, else the column
/// just left of it.
fn label_col(g: &Grid, header: usize, value_col: usize) -> usize {
    (0..value_col)
        .rev()
        .find(|&c| g.compact(header, c) == "项目")
        .unwrap_or(value_col.saturating_sub(1))
}

/// Reads an expenditure line labelled by a function class (`十九、住房保障支出`, or with its
/// code, `229 其他支出`) into a row; `None` when the label is not a class (reported) or the
/// line has no figures.
fn class_row<Rw: CodedRecord>(
    g: &Grid,
    r: usize,
    label_col: usize,
    value_cols: &[(usize, usize)],
    unit: MoneyUnit,
    ctx: &mut Ctx,
) -> Option<Rw> {
    let raw = g.text(r, label_col);
    let Some(code) = class_code(&raw, ctx.catalog) else {
        ctx.problem(
            g,
            r,
            label_col,
            format!(
                "支出项目“{}”不是已知的功能分类类级科目；可在名称前写编码，如“229 其他支出”",
                compact(&raw)
            ),
        );
        return None;
    };
    let name = compact(strip_list_number(&raw))
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .to_string();
    let mut row = Rw::new(code, name);
    for &(c, f) in value_cols {
        if let Err(e) = set_cell(&mut row, f, g, r, c, unit) {
            ctx.problem(g, r, c, format!("{}：{e}", row.name()));
        }
    }
    (!row.is_blank()).then_some(row)
}

fn class_code(label: &str, catalog: &Catalog) -> Option<Code> {
    let stripped = strip_list_number(label);
    let digits: String = stripped
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if !digits.is_empty()
        && let Ok(code) = Code::parse(&digits)
    {
        return Some(code);
    }
    catalog.class_by_name(label).map(|e| e.code)
}

fn read_summary(g: &Grid, coverage: Coverage, ctx: &mut Ctx) -> Option<Summary> {
    let unit = sheet_unit(g, ctx);
    let Some((header, vcols)) = find_value_header(g, "决算数") else {
        ctx.problems
            .push(Problem::sheet(&g.name, "找不到“项目 / 决算数”表头"));
        return None;
    };
    if vcols.len() < 2 {
        ctx.problem(g, header, vcols[0], "应有收入、支出两组“项目 / 决算数”列");
        return None;
    }
    let (lv, rv) = (vcols[0], vcols[1]);
    let (ll, rl) = (label_col(g, header, lv), label_col(g, header, rv));
    let mut s = Summary {
        coverage,
        ..Summary::default()
    };
    for r in header + 1..g.height() {
        let left = compact(strip_list_number(&g.text(r, ll)));
        if !left.is_empty() {
            match SummaryIncome::FIELDS.iter().position(|f| f.matches(&left)) {
                Some(i) => {
                    if let Err(e) = set_cell(&mut s.income, i, g, r, lv, unit) {
                        ctx.problem(g, r, lv, format!("{}：{e}", SummaryIncome::FIELDS[i].label));
                    }
                }
                None => ctx.problem(g, r, ll, format!("收入项目“{left}”无法识别")),
            }
        }
        let right_raw = g.text(r, rl);
        let right = compact(strip_list_number(&right_raw));
        if right.is_empty() {
            continue;
        }
        if let Some(i) = SummaryExpenditureTotals::FIELDS
            .iter()
            .position(|f| f.matches(&right))
        {
            if let Err(e) = set_cell(&mut s.expenditure_totals, i, g, r, rv, unit) {
                ctx.problem(
                    g,
                    r,
                    rv,
                    format!("{}：{e}", SummaryExpenditureTotals::FIELDS[i].label),
                );
            }
            continue;
        }
        s.expenditure
            .extend(class_row::<ClassLine>(g, r, rl, &[(rv, 0)], unit, ctx));
    }
    Some(s)
}

fn read_appropriation(g: &Grid, coverage: Coverage, ctx: &mut Ctx) -> Option<AppropriationSummary> {
    let unit = sheet_unit(g, ctx);
    let Some((header, vcols)) = find_value_header(g, "决算数") else {
        ctx.problems
            .push(Problem::sheet(&g.name, "找不到“项目 / 决算数”表头"));
        return None;
    };
    let lv = vcols[0];
    let ll = label_col(g, header, lv);
    let rl = (lv + 1..g.width())
        .find(|&c| g.compact(header, c) == "项目")
        .unwrap_or(lv + 1);
    let mut value_cols: Vec<(usize, usize)> = Vec::new();
    for c in rl + 1..g.width() {
        // labels may sit one row above when the header has two rows
        let label = [header, header.saturating_sub(1)]
            .iter()
            .map(|&hr| g.compact(hr, c))
            .find(|t| !t.is_empty())
            .unwrap_or_default();
        if let Some(f) = AppropriationValues::FIELDS
            .iter()
            .position(|f| f.matches(&label))
        {
            value_cols.push((c, f));
        }
    }
    if value_cols.is_empty() {
        ctx.problem(g, header, rl, "支出部分缺少“合计/一般公共预算财政拨款/政府性基金预算财政拨款/国有资本经营预算财政拨款”列");
        return None;
    }
    let mut t = AppropriationSummary {
        coverage,
        ..AppropriationSummary::default()
    };
    let mut opening = false;
    for r in header + 1..g.height() {
        let left = compact(strip_list_number(&g.text(r, ll)));
        if !left.is_empty() {
            let key = match left.as_str() {
                "一般公共预算财政拨款" | "一般公共预算财政拨款收入" => {
                    Some(if opening {
                        "opening_general_budget"
                    } else {
                        "general_budget"
                    })
                }
                "政府性基金预算财政拨款" | "政府性基金预算财政拨款收入" => {
                    Some(if opening {
                        "opening_gov_fund"
                    } else {
                        "gov_fund"
                    })
                }
                "国有资本经营预算财政拨款" | "国有资本经营预算财政拨款收入" => {
                    Some(if opening {
                        "opening_state_capital"
                    } else {
                        "state_capital"
                    })
                }
                "本年收入合计" => Some("total"),
                "年初财政拨款结转和结余" | "年初结转和结余" => {
                    opening = true;
                    Some("opening_carryover")
                }
                "总计" | "收入总计" => Some("grand_total"),
                _ => None,
            };
            match key.and_then(AppropriationIncome::index_of) {
                Some(i) => {
                    if let Err(e) = set_cell(&mut t.income, i, g, r, lv, unit) {
                        ctx.problem(g, r, lv, format!("{left}：{e}"));
                    }
                }
                None => ctx.problem(g, r, ll, format!("收入项目“{left}”无法识别")),
            }
        }
        let right_raw = g.text(r, rl);
        let right = compact(strip_list_number(&right_raw));
        if right.is_empty() {
            continue;
        }
        let target: Option<&mut AppropriationValues> = match right.as_str() {
            "本年支出合计" => Some(&mut t.expenditure_total),
            "年末财政拨款结转和结余" | "年末结转和结余" => {
                Some(&mut t.closing_carryover)
            }
            "总计" | "支出总计" => Some(&mut t.grand_total),
            _ => None,
        };
        if let Some(v) = target {
            for &(c, f) in &value_cols {
                if let Err(e) = set_cell(v, f, g, r, c, unit) {
                    ctx.problems
                        .push(Problem::cell(&g.name, g.a1(r, c), format!("{right}：{e}")));
                }
            }
            continue;
        }
        t.expenditure.extend(class_row::<AppropriationRow>(
            g,
            r,
            rl,
            &value_cols,
            unit,
            ctx,
        ));
    }
    Some(t)
}

fn read_three_public(g: &Grid, coverage: Coverage, ctx: &mut Ctx) -> Option<ThreePublic> {
    let unit = sheet_unit(g, ctx);
    let Some((leaf_row, _)) = find_value_header(g, "预算数") else {
        ctx.problems
            .push(Problem::sheet(&g.name, "找不到“预算数 / 决算数”表头"));
        return None;
    };
    // The header block starts at the row naming the items (not at the title, which also
    // says 三公), or at the 财政拨款“三公”经费 row spanning them.
    let items_row = (0..leaf_row)
        .find(|&r| {
            (0..g.width()).any(|c| {
                let t = g.compact(r, c);
                t == "合计" || t.starts_with("因公出国")
            })
        })
        .unwrap_or(leaf_row);
    let top = match items_row.checked_sub(1) {
        Some(r)
            if (0..g.width()).filter(|&c| !g.get(r, c).is_blank()).count() == 1
                && g.compact(r, 0).contains("三公")
                && !g.compact(r, 0).ends_with("决算表") =>
        {
            r
        }
        _ => items_row,
    };
    let paths = g.header_paths(top, leaf_row);
    let data_row = (leaf_row + 1..g.height()).find(|&r| {
        !g.row_is_blank(r)
            && (0..g.width())
                .find(|&c| !g.get(r, c).is_blank())
                .is_none_or(|c| is_note(&g.text(r, c)).is_none())
    });
    let mut t = ThreePublic {
        coverage,
        ..ThreePublic::default()
    };
    let Some(dr) = data_row else {
        return Some(t);
    };
    for (c, path) in paths.iter().enumerate() {
        let Some(leaf) = path.last() else { continue };
        let budget = match leaf.as_str() {
            "预算数" => true,
            "决算数" => false,
            _ => continue,
        };
        let item = path[..path.len() - 1]
            .iter()
            .rev()
            .find_map(|l| ThreePublicFigures::FIELDS.iter().position(|f| f.matches(l)));
        let Some(i) = item else {
            ctx.problem(g, leaf_row, c, "无法判断这一列属于哪一项“三公”经费");
            continue;
        };
        let target = if budget { &mut t.budget } else { &mut t.actual };
        if let Err(e) = set_cell(target, i, g, dr, c, unit) {
            ctx.problem(
                g,
                dr,
                c,
                format!("{}{}：{e}", ThreePublicFigures::FIELDS[i].label, leaf),
            );
        }
    }
    Some(t)
}

fn read_services(g: &Grid, coverage: Coverage, ctx: &mut Ctx) -> Option<PurchasedServices> {
    let unit = sheet_unit(g, ctx);
    let Some((header, _)) = g.find(12, |t| PurchasedService::FIELDS[0].matches(t)) else {
        ctx.problems.push(Problem::sheet(
            &g.name,
            "找不到表头：应有“项目名称”“决算金额”等列",
        ));
        return None;
    };
    let cols: Vec<(usize, usize)> = (0..g.width())
        .filter_map(|c| {
            let l = g.compact(header, c);
            PurchasedService::FIELDS
                .iter()
                .position(|f| f.matches(&l))
                .map(|f| (c, f))
        })
        .collect();
    let mut t = PurchasedServices {
        coverage,
        ..PurchasedServices::default()
    };
    for r in header + 1..g.height() {
        if g.row_is_blank(r) {
            continue;
        }
        let mut item = PurchasedService::default();
        for &(c, f) in &cols {
            if let Err(e) = set_cell(&mut item, f, g, r, c, unit) {
                ctx.problem(
                    g,
                    r,
                    c,
                    format!("{}：{e}", PurchasedService::FIELDS[f].label),
                );
            }
        }
        if item.name.as_deref().map(compact).as_deref() == Some("合计") {
            t.total = item.amount;
            continue;
        }
        if !item.is_blank() {
            t.items.push(item);
        }
    }
    Some(t)
}

// ---------------------------------------------------------------- key/value sheets

/// An object-safe view of a record for key/value sheets.
trait KvTarget {
    fn field(&self, label: &str) -> Option<usize>;
    fn label(&self, i: usize) -> &'static str;
    fn put(
        &mut self,
        i: usize,
        g: &Grid,
        r: usize,
        c: usize,
        unit: MoneyUnit,
    ) -> Result<(), String>;
}

impl<T: Record> KvTarget for T {
    fn field(&self, label: &str) -> Option<usize> {
        T::FIELDS.iter().position(|f| f.matches(label))
    }
    fn label(&self, i: usize) -> &'static str {
        T::FIELDS[i].label
    }
    fn put(
        &mut self,
        i: usize,
        g: &Grid,
        r: usize,
        c: usize,
        unit: MoneyUnit,
    ) -> Result<(), String> {
        set_cell(self, i, g, r, c, unit)
    }
}

/// Reads `label | value` rows into the targets; returns how many labels were recognised.
fn read_kv(
    g: &Grid,
    ctx: &mut Ctx,
    targets: &mut [&mut dyn KvTarget],
    unit: Option<MoneyUnit>,
) -> usize {
    let unit = unit.unwrap_or(MoneyUnit::Wan);
    let mut found = 0;
    for r in 0..g.height() {
        let label = g.compact(r, 0);
        if label.is_empty() || label.starts_with(SECTION_OPEN) || label == "项目" {
            continue;
        }
        if label == STATUS_LABEL {
            continue;
        }
        let hit = targets
            .iter()
            .enumerate()
            .find_map(|(k, t)| t.field(&label).map(|i| (k, i)));
        match hit {
            Some((k, i)) => {
                found += 1;
                if let Err(e) = targets[k].put(i, g, r, 1, unit) {
                    let l = targets[k].label(i);
                    ctx.problem(g, r, 1, format!("{l}：{e}"));
                }
            }
            None => {
                if !g.get(r, 1).is_blank() {
                    ctx.notice(
                        format!("工作表“{}”单元格 {}", g.name, g.a1(r, 0)),
                        format!("未识别的项目“{label}”，已忽略"),
                    );
                }
            }
        }
    }
    found
}

/// 政府采购情况表 laid out as a table: 采购预算 and 实际采购金额 over 合计/货物/工程/服务,
/// with 授予中小企业/小微企业合同金额 columns.
fn read_procurement_table(g: &Grid, unit: MoneyUnit, p: &mut Procurement, ctx: &mut Ctx) {
    let leaf = (0..g.height().min(15)).find(|&r| {
        (0..g.width())
            .filter(|&c| matches!(g.label_at(r, c).as_str(), "货物" | "工程" | "服务"))
            .count()
            >= 2
    });
    let Some(leaf) = leaf else {
        ctx.problems.push(Problem::sheet(
            &g.name,
            "无法识别政府采购表的布局：应为“项目 | 内容”两列，或“采购预算/实际采购金额”下分“合计、货物、工程、服务”",
        ));
        return;
    };
    let top = leaf.saturating_sub(2);
    let paths = g.header_paths(top, leaf);
    let data = (leaf + 1..g.height()).find(|&r| {
        (0..g.width()).any(|c| {
            matches!(g.get(r, c), Raw::Number(_))
                || !g.value_text(r, c).is_empty()
                    && Amount::parse(&g.value_text(r, c), unit)
                        .ok()
                        .flatten()
                        .is_some()
        })
    });
    let Some(data) = data else { return };
    for (c, path) in paths.iter().enumerate() {
        let joined = path.concat();
        let last = path.last().map(String::as_str).unwrap_or("");
        let key = if joined.contains("小微") {
            Some("small_micro")
        } else if joined.contains("中小企业") {
            Some("sme")
        } else {
            let budget = joined.contains("预算");
            match (budget, last) {
                (true, "合计") => Some("budget_total"),
                (true, "货物") => Some("budget_goods"),
                (true, "工程") => Some("budget_works"),
                (true, "服务") => Some("budget_services"),
                (false, "合计") if joined.contains("实际") || joined.contains("采购金额") => {
                    Some("total")
                }
                (false, "货物") => Some("goods"),
                (false, "工程") => Some("works"),
                (false, "服务") => Some("services"),
                _ => None,
            }
        };
        if let Some(i) = key.and_then(Procurement::index_of)
            && let Err(e) = set_cell(p, i, g, data, c, unit)
        {
            ctx.problem(g, data, c, format!("{}：{e}", Procurement::FIELDS[i].label));
        }
    }
}

fn read_data(g: &Grid, ctx: &mut Ctx, pkg: &mut Package) {
    let unit = sheet_unit(g, ctx);
    let mut assets = pkg.assets.clone().unwrap_or_default();
    let mut details = pkg
        .tables
        .three_public
        .as_ref()
        .map(|t| t.details.clone())
        .unwrap_or_default();
    struct Running(Option<juesuan_model::Amount>);
    impl KvTarget for Running {
        fn field(&self, label: &str) -> Option<usize> {
            (label == AGENCY_RUNNING_COSTS || label == "机关运行经费").then_some(0)
        }
        fn label(&self, _: usize) -> &'static str {
            AGENCY_RUNNING_COSTS
        }
        fn put(
            &mut self,
            _: usize,
            g: &Grid,
            r: usize,
            c: usize,
            unit: MoneyUnit,
        ) -> Result<(), String> {
            use juesuan_model::Cell;
            self.0 = match g.get(r, c) {
                Raw::Empty => None,
                Raw::Text(_) | Raw::Number(_) => {
                    juesuan_model::Amount::from_text(&g.value_text(r, c), unit)?
                }
                _ => return Err("应为金额".into()),
            };
            Ok(())
        }
    }
    let mut running = Running(pkg.agency_running_costs);
    read_kv(
        g,
        ctx,
        &mut [&mut pkg.prior_year, &mut running, &mut assets, &mut details],
        Some(unit),
    );
    pkg.agency_running_costs = running.0;
    if !assets.is_blank() {
        pkg.assets = Some(assets);
    }
    if !details.is_blank() {
        // counts without the table: what is known is partial, not a table of zeros
        pkg.tables
            .three_public
            .get_or_insert_with(|| ThreePublic {
                coverage: Coverage::Partial,
                ..ThreePublic::default()
            })
            .details = details;
    }
}

fn read_unit(g: &Grid, ctx: &mut Ctx, pkg: &mut Package) {
    let mut members_from = None;
    let mut found_name = false;
    let mut found_year = false;
    let mut found_profile = false;
    for r in 0..g.height() {
        let label = g.compact(r, 0);
        if label.starts_with(SECTION_OPEN) {
            if label.contains(UNIT_MEMBERS) {
                members_from = Some(r + 1);
                break;
            }
            continue;
        }
        let value = g.text(r, 1);
        match label.as_str() {
            UNIT_NAME => {
                found_name = !value.is_empty();
                pkg.unit.name = value;
            }
            UNIT_YEAR => {
                let digits: String = compact(&value).trim_end_matches('年').to_string();
                match digits.parse::<u16>() {
                    Ok(y) if (1990..=2100).contains(&y) => {
                        pkg.unit.year = y;
                        found_year = true;
                    }
                    _ => ctx.problem(g, r, 1, format!("年度“{value}”应为四位年份，如 2024")),
                }
            }
            UNIT_PROFILE => {
                let v = compact(&value);
                let hit = Profile::builtins().iter().find(|p| {
                    p.id == v
                        || compact(&p.name) == v
                        || compact(&p.name).trim_end_matches('市') == v
                });
                match hit {
                    Some(p) => {
                        pkg.unit.profile = p.id.clone();
                        found_profile = true;
                    }
                    None => {
                        let names: Vec<&str> = Profile::builtins()
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect();
                        ctx.problem(
                            g,
                            r,
                            1,
                            format!("地区格式“{value}”未知，可用：{}", names.join("、")),
                        );
                    }
                }
            }
            UNIT_DEPARTMENT => pkg.unit.department = (!value.is_empty()).then_some(value),
            UNIT_RESPONSIBILITIES => {
                pkg.unit.responsibilities = (!value.is_empty()).then_some(value)
            }
            UNIT_ORGANIZATION => pkg.unit.organization = (!value.is_empty()).then_some(value),
            "" | "项目" => {}
            other => {
                if !value.is_empty() {
                    ctx.notice(
                        format!("工作表“{}”单元格 {}", g.name, g.a1(r, 0)),
                        format!("未识别的项目“{other}”，已忽略"),
                    );
                }
            }
        }
    }
    for (ok, label) in [
        (found_name, UNIT_NAME),
        (found_year, UNIT_YEAR),
        (found_profile, UNIT_PROFILE),
    ] {
        if !ok && !ctx.problems.iter().any(|p| p.message.contains(label)) {
            ctx.problems.push(Problem::sheet(
                &g.name,
                format!("缺少“{label}”（在第一列写“{label}”，第二列写内容）"),
            ));
        }
    }
    if let Some(start) = members_from {
        for r in start..g.height() {
            let name = g.text(r, 0);
            if name.is_empty() || compact(&name) == "单位名称" {
                continue;
            }
            let note = g.text(r, 1);
            pkg.unit.members.push(MemberUnit {
                name,
                note: (!note.is_empty()).then_some(note),
            });
        }
    }
}

/// A one-row header of record fields keyed by a `key` column.
struct RecordHeader {
    /// The header row.
    row: usize,
    /// The key column.
    key_col: usize,
    /// `(column, field index)` of every recognised field.
    cols: Vec<(usize, usize)>,
}

/// Finds a [`RecordHeader`]; `None` (with a problem) when the key column is missing.
fn record_columns<R: Record>(g: &Grid, ctx: &mut Ctx, key: &str) -> Option<RecordHeader> {
    let Some((header, key_col)) = g.find(10, |t| t == key) else {
        ctx.problems.push(Problem::sheet(
            &g.name,
            format!("找不到表头：应有“{key}”列"),
        ));
        return None;
    };
    let cols = (0..g.width())
        .filter_map(|c| {
            let l = g.compact(header, c);
            R::FIELDS.iter().position(|f| f.matches(&l)).map(|f| (c, f))
        })
        .collect();
    Some(RecordHeader {
        row: header,
        key_col,
        cols,
    })
}

fn read_remarks(g: &Grid, ctx: &mut Ctx, pkg: &mut Package) {
    let Some(RecordHeader {
        row: header,
        key_col: sc,
        cols,
    }) = record_columns::<Remark>(g, ctx, "事项")
    else {
        return;
    };
    for r in header + 1..g.height() {
        let subject = g.text(r, sc);
        let mut remark = Remark::default();
        for &(c, f) in &cols {
            if let Err(e) = set_cell(&mut remark, f, g, r, c, MoneyUnit::Wan) {
                ctx.problem(g, r, c, format!("{}：{e}", Remark::FIELDS[f].label));
            }
        }
        if remark.is_blank() {
            continue;
        }
        match subject.parse::<Subject>() {
            Ok(s) => {
                pkg.explanation.remarks.insert(s, remark);
            }
            Err(e) => ctx.problem(g, r, sc, e.to_string()),
        }
    }
}

fn read_texts(g: &Grid, _ctx: &mut Ctx, pkg: &mut Package) {
    let start = g.find(5, |t| t == "段落").map(|(r, _)| r + 1).unwrap_or(1);
    for r in start..g.height() {
        let k = g.text(r, 0);
        let v = g.text(r, 1);
        if !k.is_empty() && !v.is_empty() {
            pkg.explanation.texts.insert(k, v);
        }
    }
}

fn read_perf_department(g: &Grid, ctx: &mut Ctx, pkg: &mut Package) {
    let mut d = DepartmentEvaluation::default();
    let mut sections_from = None;
    for r in 0..g.height() {
        let label = g.compact(r, 0);
        if label.starts_with(SECTION_OPEN) {
            sections_from = Some(r + 1);
            break;
        }
        let v = g.text(r, 1);
        match label.as_str() {
            "评价得分" => d.score = (!v.is_empty()).then(|| Figure::new(v)),
            "评价等级" => d.grade = (!v.is_empty()).then_some(v),
            "" | "项目" => {}
            other => {
                if !v.is_empty() {
                    ctx.notice(
                        format!("工作表“{}”单元格 {}", g.name, g.a1(r, 0)),
                        format!("未识别的项目“{other}”，已忽略"),
                    );
                }
            }
        }
    }
    if let Some(start) = sections_from {
        for r in start..g.height() {
            let title = g.text(r, 0);
            if title.is_empty() || compact(&title) == "段落标题" {
                continue;
            }
            d.sections.push(TextBlock {
                title,
                body: g.text(r, 1),
            });
        }
    }
    if d.score.is_some() || d.grade.is_some() || !d.sections.is_empty() {
        pkg.performance.department = Some(d);
    }
}

fn read_perf_projects(g: &Grid, ctx: &mut Ctx, pkg: &mut Package) {
    let Some((leaf_row, _)) = g.find(10, |t| t == "项目名称") else {
        ctx.problems.push(Problem::sheet(
            &g.name,
            "找不到表头：应有“序号”“项目名称”列",
        ));
        return;
    };
    // group labels (年度资金总额 …) sit in the row above the leaf labels
    let groups: Vec<String> = project_columns().iter().map(|(g, _)| compact(g)).collect();
    let top = match leaf_row.checked_sub(1) {
        Some(r) if (0..g.width()).any(|c| groups.contains(&g.compact(r, c))) => r,
        _ => leaf_row,
    };
    let bottom = leaf_row;
    let paths = g.header_paths(top, bottom);
    let layout = project_columns();
    let related = |a: &str, b: &str| a == b || a.contains(b) || b.contains(a);
    let cols: Vec<Option<usize>> = paths
        .iter()
        .map(|p| {
            let leaf = p.last().map(String::as_str).unwrap_or("");
            let group = if p.len() >= 2 {
                p[p.len() - 2].as_str()
            } else {
                ""
            };
            let hits: Vec<usize> = (0..layout.len())
                .filter(|&k| compact(layout[k].1) == leaf)
                .collect();
            match hits.len() {
                0 => None,
                1 => Some(hits[0]),
                _ => hits
                    .into_iter()
                    .find(|&k| !group.is_empty() && related(&compact(layout[k].0), group)),
            }
        })
        .collect();
    for r in bottom + 1..g.height() {
        if g.row_is_blank(r) {
            continue;
        }
        let mut cells: Vec<Option<String>> = vec![None; layout.len()];
        for (c, col) in cols.iter().enumerate() {
            if let Some(k) = col {
                let t = g.text(r, c);
                if !t.is_empty() {
                    cells[*k] = Some(t);
                }
            }
        }
        let mut it = cells.into_iter();
        let mut next = || it.next().flatten();
        let seq = next();
        let name = next();
        let Some(seq) = seq else {
            ctx.problem(g, r, 0, "缺少项目序号（绩效-指标表用它对应项目）");
            continue;
        };
        let mut p = ProjectEvaluation {
            seq,
            name: name.unwrap_or_default(),
            department: next(),
            implementer: next(),
            manager: next(),
            phone: next(),
            ..ProjectEvaluation::default()
        };
        for (_, line) in p.funds.lines_mut() {
            for i in 0..FundsLine::FIELDS.len() {
                if let Some(v) = next() {
                    let _ = line.set_text(i, &v, MoneyUnit::Wan);
                }
            }
        }
        p.goal = next();
        p.outcome = next();
        p.total_weight = next().map(Figure::new);
        p.total_score = next().map(Figure::new);
        p.grade = next();
        if p.name.is_empty() {
            ctx.problem(g, r, 1, "缺少项目名称");
        }
        if pkg.performance.projects.iter().any(|q| q.seq == p.seq) {
            ctx.problem(g, r, 0, format!("项目序号“{}”重复", p.seq));
        }
        pkg.performance.projects.push(p);
    }
}

fn read_perf_indicators(g: &Grid, ctx: &mut Ctx, pkg: &mut Package) {
    let Some(RecordHeader {
        row: header,
        key_col: sc,
        cols,
    }) = record_columns::<Indicator>(g, ctx, "项目序号")
    else {
        return;
    };
    for r in header + 1..g.height() {
        if g.row_is_blank(r) {
            continue;
        }
        let seq = g.text(r, sc);
        let mut ind = Indicator::default();
        for &(c, f) in &cols {
            if let Err(e) = set_cell(&mut ind, f, g, r, c, MoneyUnit::Wan) {
                ctx.problem(g, r, c, format!("{}：{e}", Indicator::FIELDS[f].label));
            }
        }
        match pkg.performance.projects.iter_mut().find(|p| p.seq == seq) {
            Some(p) => p.indicators.push(ind),
            None => ctx.problem(
                g,
                r,
                sc,
                format!("项目序号“{seq}”在“{SHEET_PERF_PROJECTS}”表中没有"),
            ),
        }
    }
}

/// The first sheet of a workbook as rows of text (for catalog files).
pub fn first_sheet_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, Problem> {
    let grids = grids(bytes)?;
    let Some(g) = grids.first() else {
        return Err(Problem::file("工作簿中没有工作表"));
    };
    Ok((0..g.height())
        .map(|r| (0..g.width()).map(|c| g.text(r, c)).collect())
        .collect())
}

/// Reads one public table from a table recovered from a published document (PDF, DOCX),
/// with the same header logic as the workbook reader: the title and the unit line it was
/// printed under go above it. Returns a package holding only that table, with the problems
/// and notices met.
pub fn read_recovered_table(
    kind: TableKind,
    unit_line: Option<&str>,
    table: &crate::document::Table,
    catalog: &Catalog,
) -> (Package, Vec<Problem>, Vec<Notice>) {
    let mut cells: Vec<(u32, u32, Raw, Option<NumFormat>)> = Vec::new();
    let mut merges = Vec::new();
    cells.push((0, 0, Raw::Text(kind.title().to_string()), None));
    if let Some(u) = unit_line {
        cells.push((1, 0, Raw::Text(u.to_string()), None));
    }
    // A `类 | 款 | 项 | 合计 | …` row is both the last header row and the total row: split it.
    let mut rows: Vec<Vec<crate::document::Cell>> = Vec::with_capacity(table.rows.len() + 1);
    for row in &table.rows {
        let lead: Vec<&str> = row.iter().take(3).map(|c| c.text.trim()).collect();
        if lead == ["类", "款", "项"] && row.iter().skip(3).any(|c| !c.text.trim().is_empty()) {
            let mut head = row.clone();
            head.iter_mut().skip(3).for_each(|c| c.text.clear());
            let mut data = row.clone();
            data.iter_mut().take(3).for_each(|c| c.text.clear());
            rows.push(head);
            rows.push(data);
        } else {
            rows.push(row.clone());
        }
    }
    for (r, row) in rows.iter().enumerate().take(MAX_ROWS as usize - 2) {
        let gr = r + 2;
        for (c, cell) in row.iter().enumerate().take(MAX_COLS as usize) {
            if !cell.text.is_empty() {
                let text: String = cell.text.replace('\n', "");
                cells.push((gr as u32, c as u32, Raw::Text(text), None));
            }
            if cell.span > 1 || cell.rowspan > 1 {
                merges.push(Merge {
                    r0: gr,
                    c0: c,
                    r1: gr + cell.rowspan.max(1) as usize - 1,
                    c1: c + cell.span.max(1) as usize - 1,
                });
            }
        }
    }
    let g = Grid::from_cells(kind.title(), cells, merges);
    let mut ctx = Ctx {
        catalog,
        problems: Vec::new(),
        notices: Vec::new(),
    };
    let mut pkg = Package::default();
    read_table(&g, kind, &mut ctx, &mut pkg);
    (pkg, ctx.problems, ctx.notices)
}
