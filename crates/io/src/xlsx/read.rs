//! Reads a workbook filled by hand: merged header cells, blank rows, numbers stored as
//! text, stray spaces, totals rows present or absent, 类/款/项 in one column or three,
//! tables printed in two halves side by side. What cannot be read is reported with the sheet
//! and cell and what was expected.
//!
//! This module holds the workbook entry points; each sheet family's reader sits beside its
//! writer in its own module (`tables`, `unit`, `explanation`, `performance`).

use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx, XlsxError};
use juesuan_model::tables::TableKind;
use juesuan_model::{Catalog, Coverage, Notice, Package};

use super::ctx::ReadCtx;
use super::grid::{Grid, MAX_COLS, MAX_ROWS, Merge, NumFormat, Raw, number_format};
use super::layout::{SHEET_UNIT, STATUS_LABEL, SheetRole, classify_sheet};
use super::{explanation, performance, tables, unit};
use crate::error::Problem;
use crate::office::{self, Compound};
use crate::sources::{CellAt, Sources};

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
    /// Where each figure of the public tables was read.
    pub sources: Sources,
}

/// The refusal of a damaged workbook, with what was found wrong.
fn damaged(what: impl std::fmt::Display) -> Problem {
    Problem::file(format!("工作簿已损坏或不是有效的 .xlsx 文件：{what}"))
}

/// The refusal of a file that is not a workbook's zip package: a workbook protected by a
/// password, an old `.xls`, anything else.
fn container(bytes: &[u8]) -> Result<(), Problem> {
    match office::compound(bytes) {
        Some(Compound::Encrypted) => Err(Problem::file(
            "工作簿已加密，无法读取；请在 Excel 或 WPS 中去掉打开密码后另存，再上传",
        )),
        Some(Compound::Other) => Err(Problem::file(
            "是旧版 Excel 工作簿（.xls），请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx",
        )),
        None if !bytes.starts_with(b"PK") => Err(Problem::file(
            "不是 .xlsx 工作簿（旧版 .xls 或 .ods 文件请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx）",
        )),
        None => check_zip(bytes),
    }
}

/// Whether `bytes` open as a workbook (for a workbook given where a document is expected):
/// the refusal of one that does not, as reading it would refuse it.
pub(crate) fn check_workbook(bytes: &[u8]) -> Result<(), Problem> {
    container(bytes)?;
    let owned = bytes.to_vec();
    std::panic::catch_unwind(move || Xlsx::new(Cursor::new(owned)).map(drop).map_err(unreadable))
        .unwrap_or_else(|_| Err(damaged("内容无法解析")))
}

/// Why calamine could not open a workbook.
fn unreadable(e: XlsxError) -> Problem {
    match e {
        XlsxError::FileNotFound(part) => damaged(format!("缺少 {part}")),
        e => damaged(e),
    }
}

/// Refuses zip archives that are damaged, hold a Word document, or would unpack to absurd
/// sizes (a "zip bomb").
fn check_zip(bytes: &[u8]) -> Result<(), Problem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(format!("压缩包损坏（{e}）")))?;
    if archive.index_for_name("word/document.xml").is_some()
        && archive.index_for_name("xl/workbook.xml").is_none()
    {
        return Err(Problem::file(
            "是 Word 文档，不是 .xlsx 工作簿；数据包请用 juesuan init 生成的工作簿填写",
        ));
    }
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
                    .map_err(|e| damaged(format!("压缩包损坏（{e}）")))?;
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
    container(bytes)?;
    let owned = bytes.to_vec();
    // calamine is not expected to panic, but a hostile file must never take the program down.
    let opened = std::panic::catch_unwind(move || {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(owned)).map_err(unreadable)?;
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
            let mut gaps = false;
            loop {
                let next = reader
                    .next_cell_with_style_id()
                    .map_err(|e| Problem::sheet(&name, format!("无法读取：{e}")))?;
                let Some((cell, style)) = next else { break };
                let raw = raw_of(cell.get_value());
                if raw.is_blank() {
                    continue;
                }
                if let Raw::Text(t) = &raw
                    && is_gap(t)
                {
                    // juesuan's own draft of a partial table: the figure is unknown
                    gaps = true;
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
            if gaps
                && !cells.iter().any(
                    |(_, _, raw, _)| matches!(raw, Raw::Text(t) if t.starts_with(STATUS_LABEL)),
                )
            {
                let free = (1..MAX_COLS)
                    .find(|c| !cells.iter().any(|(r, cc, _, _)| *r == 0 && cc == c))
                    .unwrap_or(1);
                let status = format!("{STATUS_LABEL}：{}", Coverage::Partial.label());
                cells.push((0, free, Raw::Text(status), None));
            }
            let mut g = Grid::from_cells(&name, cells, merges);
            g.overflow += overflow;
            out.push(g);
        }
        Ok(out)
    });
    opened.unwrap_or_else(|_| Err(damaged("内容无法解析")))
}

/// Reads a workbook into a package.
pub fn read_workbook(bytes: &[u8], catalog: &Catalog) -> Result<WorkbookRead, Vec<Problem>> {
    let grids = grids(bytes).map_err(|p| vec![p])?;
    let mut ctx = ReadCtx::new(catalog);
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
        let by_content = || {
            let kind = table_by_content(g)?;
            ctx.notice(
                format!("工作表“{}”", g.name),
                format!("按表头标题识别为“{}”", kind.title()),
            );
            Some(SheetRole::Table(kind))
        };
        let Some(role) = classify_sheet(&g.name).or_else(by_content) else {
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
                unit::read(g, &mut ctx, &mut pkg);
            }
            SheetRole::Table(kind) => tables::read(g, kind, &mut ctx, &mut pkg),
            SheetRole::Data => explanation::read_data(g, &mut ctx, &mut pkg),
            SheetRole::Remarks => explanation::read_remarks(g, &mut ctx, &mut pkg),
            SheetRole::Texts => explanation::read_texts(g, &mut pkg),
            SheetRole::PerfDepartment => performance::read_department(g, &mut ctx, &mut pkg),
            SheetRole::PerfManagement => performance::read_management(g, &mut ctx, &mut pkg),
            SheetRole::PerfProjects => performance::read_projects(g, &mut ctx, &mut pkg),
            SheetRole::PerfTargets => performance::read_targets(g, &mut ctx, &mut pkg),
            SheetRole::PerfIndicators | SheetRole::PerfTargetIndicators => {}
        }
    }
    // indicators need the projects (and targets) first
    for g in &grids {
        match classify_sheet(&g.name) {
            Some(SheetRole::PerfIndicators) => performance::read_indicators(g, &mut ctx, &mut pkg),
            Some(SheetRole::PerfTargetIndicators) => {
                performance::read_target_indicators(g, &mut ctx, &mut pkg)
            }
            _ => {}
        }
    }
    if !saw_unit && TableKind::ALL.iter().any(|k| pkg.tables.has(*k)) {
        // An exported workbook of public tables: the unit and year from its own words.
        if let Some((name, year)) = unit_from_headers(&grids, core_title(bytes).as_deref()) {
            // The format whose public tables are exactly the tables found, if one is.
            let present: Vec<TableKind> = TableKind::ALL
                .into_iter()
                .filter(|k| pkg.tables.has(*k))
                .collect();
            // A budget's sheets are titled …预算表 / …预算总表, a 决算's …决算表; Beijing's
            // budget titles say neither (收支总表, 一般公共预算财政拨款支出表): without 决算 in
            // any title, a budget format whose tables are exactly those is taken when no
            // final-accounts format's are.
            use juesuan_model::DisclosureKind;
            let says_final = grids.iter().any(|g| g.name.contains("决算"));
            let says_budget = grids.iter().any(|g| g.name.contains("预算表")) && !says_final;
            let exact = |kind: DisclosureKind| {
                juesuan_model::Profile::builtins().iter().find(|p| {
                    p.kind == kind
                        && TableKind::ALL
                            .into_iter()
                            .all(|k| p.table_number(k).is_some() == present.contains(&k))
                })
            };
            let (kind, profile) = if says_budget {
                (DisclosureKind::Budget, exact(DisclosureKind::Budget))
            } else {
                match (exact(DisclosureKind::Final), says_final) {
                    (Some(p), _) => (DisclosureKind::Final, Some(p)),
                    (None, false) => match exact(DisclosureKind::Budget) {
                        Some(p) => (DisclosureKind::Budget, Some(p)),
                        None => (DisclosureKind::Final, None),
                    },
                    (None, true) => (DisclosureKind::Final, None),
                }
            };
            pkg.kind = kind;
            let format = match profile {
                Some(p) => format!("地区格式按报表的组成取“{}”", p.id),
                None => "地区格式无法从报表确定，请在转换后的数据包中填写".to_string(),
            };
            ctx.notice(
                "工作簿".to_string(),
                format!("没有“{SHEET_UNIT}”工作表：单位“{name}”、年度{year}取自表头；{format}"),
            );
            pkg.unit.name = name;
            pkg.unit.year = year;
            pkg.unit.profile = profile.map(|p| p.id.clone()).unwrap_or_default();
            saw_unit = true;
        }
    }
    if !saw_unit && TableKind::ALL.iter().any(|k| pkg.tables.has(*k)) {
        ctx.problems.push(Problem::file(format!(
            "缺少“{SHEET_UNIT}”工作表，表头里也找不到单位名称（“编制单位：…”）和年度（“2024年度…”）：请补上这两项，或用 juesuan init 生成的工作簿"
        )));
    } else if !saw_unit {
        ctx.problems.push(Problem::file(format!(
            "缺少“{SHEET_UNIT}”工作表：需要单位名称、年度和地区格式（可用 juesuan init 生成空白工作簿）"
        )));
    }
    if ctx.problems.is_empty() {
        Ok(WorkbookRead {
            package: pkg,
            notices: ctx.notices,
            sources: ctx.sources,
        })
    } else {
        Err(ctx.problems)
    }
}

/// The table a sheet's title rows name (`收入支出决算总表`, `表1 2024年度收入决算表`), for a
/// sheet not named as juesuan names its sheets.
fn table_by_content(g: &Grid) -> Option<TableKind> {
    (0..g.height().min(4)).find_map(|r| {
        (0..g.width().min(8)).find_map(|c| {
            let t = g.compact(r, c);
            let head = ["编制单位", "单位名称", "单位：", "单位:", "金额单位"]
                .iter()
                .filter_map(|m| t.find(m))
                .min()
                .map_or(t.as_str(), |i| &t[..i]);
            TableKind::named_by(head)
        })
    })
}

/// The unit and year an exported workbook states: its title (`上海市普陀区财政局2024年度部门决算`,
/// the document property) or the sheets' `编制单位：` lines and a `2024年度` in a title.
fn unit_from_headers(grids: &[Grid], title: Option<&str>) -> Option<(String, u16)> {
    let year_in = |t: &str| -> Option<(usize, u16)> {
        let i = t.find("年")?;
        let digits = t[..i].get(i.checked_sub(4)?..)?;
        let y: u16 = digits.parse().ok()?;
        (2000..2100).contains(&y).then_some((i - 4, y))
    };
    if let Some(t) = title
        && let Some((at, y)) = year_in(t)
        && at > 0
    {
        return Some((t[..at].trim().to_string(), y));
    }
    let mut name = None;
    let mut title_name = None;
    let mut year = None;
    for g in grids {
        for r in 0..g.height().min(4) {
            for c in 0..g.width().min(8) {
                let t = g.compact(r, c);
                if let Some(rest) = t
                    .strip_prefix("编制单位")
                    .or_else(|| t.strip_prefix("单位名称"))
                {
                    let rest = rest.trim_start_matches([':', '：']);
                    let rest = rest.split("单位").next().unwrap_or("").trim();
                    if !rest.is_empty() {
                        name.get_or_insert_with(|| rest.to_string());
                    }
                }
                if let Some((at, y)) = year_in(&t) {
                    year.get_or_insert(y);
                    // `上海市普陀区财政局2024年度支出决算表`: the unit before the year
                    if at > 0 && TableKind::named_by(&t).is_some() {
                        title_name.get_or_insert_with(|| t[..at].to_string());
                    }
                }
            }
        }
    }
    Some((name.or(title_name)?, year?))
}

/// The workbook's title property (`docProps/core.xml`), if any.
fn core_title(bytes: &[u8]) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let file = archive.by_name("docProps/core.xml").ok()?;
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(file, 64 * 1024), &mut xml).ok()?;
    let start = xml.find("<dc:title>")? + "<dc:title>".len();
    let end = start + xml[start..].find("</dc:title>")?;
    let t = xml[start..end].trim();
    (!t.is_empty()).then(|| t.to_string())
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

/// A public table read from a table recovered from a published document.
#[derive(Debug)]
pub struct Recovered {
    /// A package holding only that table.
    pub package: Package,
    /// What could not be read.
    pub problems: Vec<Problem>,
    /// What was kept or ignored that a person should know.
    pub notices: Vec<Notice>,
    /// Where each figure was read, in the grid the table was laid into.
    pub sources: Sources,
    /// For each grid row, the row of the document's table it came from.
    rows: Vec<Option<usize>>,
}

impl Recovered {
    /// The (row, column) of the document's table a grid cell came from.
    pub fn table_cell(&self, at: &CellAt) -> Option<(usize, usize)> {
        let row = (*self.rows.get(at.row)?)?;
        Some((row, at.col))
    }
}

/// A cell marking a figure as unknown: `【缺】`, `【缺数据：…】`, `【待填写…】`.
fn is_gap(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("【缺") || t.starts_with("【待填写")
}

/// Reads one public table from a table recovered from a published document (PDF, DOCX),
/// with the same header logic as the workbook reader: the title and the unit line it was
/// printed under go above it.
pub fn read_recovered_table(
    kind: TableKind,
    unit_line: Option<&str>,
    table: &crate::document::Table,
    catalog: &Catalog,
) -> Recovered {
    let mut cells: Vec<(u32, u32, Raw, Option<NumFormat>)> = Vec::new();
    let mut merges = Vec::new();
    cells.push((0, 0, Raw::Text(kind.title().to_string()), None));
    if let Some(u) = unit_line {
        cells.push((1, 0, Raw::Text(u.to_string()), None));
    }
    // A `类 | 款 | 项 | 合计 | …` row is both the last header row and the total row: split it.
    let mut rows: Vec<(usize, Vec<crate::document::Cell>)> =
        Vec::with_capacity(table.rows.len() + 1);
    for (i, row) in table.rows.iter().enumerate() {
        let lead: Vec<&str> = row.iter().take(3).map(|c| c.text.trim()).collect();
        if lead == ["类", "款", "项"] && row.iter().skip(3).any(|c| !c.text.trim().is_empty()) {
            let mut head = row.clone();
            head.iter_mut().skip(3).for_each(|c| c.text.clear());
            let mut data = row.clone();
            data.iter_mut().take(3).for_each(|c| c.text.clear());
            rows.push((i, head));
            rows.push((i, data));
        } else {
            rows.push((i, row.clone()));
        }
    }
    let mut grid_rows: Vec<Option<usize>> = vec![None, None];
    let mut partial = false;
    for (r, (from, row)) in rows.iter().enumerate().take(MAX_ROWS as usize - 2) {
        let gr = r + 2;
        grid_rows.push(Some(*from));
        for (c, cell) in row.iter().enumerate().take(MAX_COLS as usize) {
            if is_gap(&cell.text) {
                // juesuan's own draft of a partial table: the figure is unknown
                partial = true;
            } else if !cell.text.is_empty() {
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
    if partial {
        // as a workbook says it: the table's status line above the header
        cells.push((
            0,
            1,
            Raw::Text(format!("{STATUS_LABEL}：{}", Coverage::Partial.label())),
            None,
        ));
    }
    let g = Grid::from_cells(kind.title(), cells, merges);
    let mut ctx = ReadCtx::new(catalog);
    let mut pkg = Package::default();
    tables::read(&g, kind, &mut ctx, &mut pkg);
    Recovered {
        package: pkg,
        problems: ctx.problems,
        notices: ctx.notices,
        sources: ctx.sources,
        rows: grid_rows,
    }
}
