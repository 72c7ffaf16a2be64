//! The public tables as a workbook, one sheet per table as printed (the 附件 that portals
//! attach): title, 编制单位/单位 line, merged headers, amounts as text exactly as printed
//! in the document, notes. Not the entry workbook of `juesuan init` (that one is for
//! filling in and reading back).

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::doc::{Align, Block, DRAFT_HEADING, DRAFT_MARK, Document, Slot, Table};

struct Formats {
    title: Format,
    meta: Format,
    head: Format,
    left: Format,
    center: Format,
    right: Format,
    note: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(10)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let cell = base.clone().set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            meta: base.clone(),
            head: cell
                .clone()
                .set_bold()
                .set_background_color("#F2F2F2")
                .set_align(FormatAlign::Center),
            left: cell.clone().set_align(FormatAlign::Left),
            center: cell.clone().set_align(FormatAlign::Center),
            right: cell.set_align(FormatAlign::Right),
            note: base,
        }
    }
}

/// A printed figure (`2,940.05`, `0.00`, `418.3693`, `-12.5`) as a number and the number
/// format that shows it the same way; `None` for anything else (`【缺】`, `—`, `94.1%`).
fn number_of(text: &str) -> Option<(f64, String)> {
    let plain = text.trim().replace(',', "");
    let digits = plain.strip_prefix('-').unwrap_or(&plain);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let value: f64 = plain.parse().ok()?;
    let whole = if text.contains(',') { "#,##0" } else { "0" };
    let code = if frac.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{}", "0".repeat(frac.len()))
    };
    Some((value, code))
}

fn sheet_name(t: &Table, used: &mut Vec<String>) -> String {
    let clean: String = t
        .title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .collect();
    let mut name: String = clean.chars().take(28).collect();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{}{n}", clean.chars().take(26).collect::<String>());
        n += 1;
    }
    used.push(name.clone());
    name
}

/// The page header of a draft's sheets: the mark, red and bold, at the right.
fn draft_header() -> String {
    format!("&R&\"黑体,Bold\"&16&KC00000{DRAFT_MARK}")
}

fn table_sheet(ws: &mut Worksheet, t: &Table, f: &Formats) -> Result<(), XlsxError> {
    let ncols = t.columns().max(1) as u16;
    let last = ncols - 1;
    if last > 0 {
        ws.merge_range(0, 0, 0, last, &t.title, &f.title)?;
    } else {
        ws.write_string_with_format(0, 0, &t.title, &f.title)?;
    }
    ws.set_row_height(0, 30)?;
    ws.write_string_with_format(1, 0, t.org.as_deref().unwrap_or_default(), &f.meta)?;
    if let Some(u) = &t.unit {
        ws.write_string_with_format(1, last, u, &f.meta.clone().set_align(FormatAlign::Right))?;
    }
    let mut r = 2u32;
    for (rows, header) in [(&t.head, true), (&t.body, false)] {
        let grid = t.grid(rows);
        for (ri, row) in grid.iter().enumerate() {
            for (c, slot) in row.iter().enumerate() {
                let col = c as u16;
                match slot {
                    Some(Slot::Start(cell)) => {
                        let fmt = if cell.header || header {
                            &f.head
                        } else {
                            match cell.align {
                                Align::Left => &f.left,
                                Align::Center => &f.center,
                                Align::Right => &f.right,
                            }
                        };
                        let (w, h) = (
                            (cell.colspan as usize).min(row.len() - c) as u16,
                            (cell.rowspan as u32).min((grid.len() - ri) as u32),
                        );
                        let figure = (!cell.header && !header && cell.align == Align::Right)
                            .then(|| number_of(&cell.text))
                            .flatten();
                        if w > 1 || h > 1 {
                            ws.merge_range(r, col, r + h - 1, col + w - 1, &cell.text, fmt)?;
                        } else if let Some((value, code)) = figure {
                            // a figure as a number a spreadsheet can add up, shown as printed
                            let shown = fmt.clone().set_num_format(code);
                            ws.write_number_with_format(r, col, value, &shown)?;
                        } else {
                            ws.write_string_with_format(r, col, &cell.text, fmt)?;
                        }
                    }
                    None => {
                        ws.write_blank(r, col, &f.left)?;
                    }
                    _ => {}
                }
            }
            r += 1;
        }
        if header {
            ws.set_repeat_rows(2, r.saturating_sub(1).max(2))?;
        }
    }
    for n in &t.notes {
        r += 1;
        ws.write_string_with_format(r, 0, n, &f.note)?;
    }
    let total: u32 = t.widths.iter().map(|&w| u32::from(w)).sum::<u32>().max(1);
    let page = if t.wide { 150.0 } else { 100.0 };
    for (c, w) in t.widths.iter().enumerate() {
        ws.set_column_width(c as u16, page * f64::from(*w) / f64::from(total))?;
    }
    ws.set_paper_size(9);
    if t.wide {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Writes the document's public tables (not the performance tables) of the `year`'s
/// disclosure as a workbook.
pub fn write(doc: &Document, year: u16) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let mut used = Vec::new();
    let err = |e: XlsxError| format!("写入XLSX出错：{e}");
    // A fixed creation date keeps the output byte-for-byte reproducible.
    let created = ExcelDateTime::from_ymd(year.clamp(1990, 2100) + 1, 1, 1).map_err(err)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(&doc.title)
            .set_author("juesuan")
            .set_creation_datetime(&created),
    );
    for b in &doc.blocks {
        if let Block::Table(t) = b
            && t.id.starts_with("table-")
        {
            let ws = wb.add_worksheet();
            ws.set_name(sheet_name(t, &mut used)).map_err(err)?;
            table_sheet(ws, t, &f).map_err(err)?;
        }
    }
    if used.is_empty() {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "本文档没有报表").map_err(err)?;
    }
    if let Some(d) = &doc.draft {
        let ws = wb.add_worksheet();
        ws.set_name("草稿说明").map_err(err)?;
        ws.write_string_with_format(0, 0, DRAFT_HEADING, &f.title)
            .map_err(err)?;
        for (i, l) in d.lines().iter().enumerate() {
            ws.write_string_with_format(i as u32 + 2, 0, l, &f.note)
                .map_err(err)?;
        }
        ws.set_column_width(0, 120).map_err(err)?;
    }
    if doc.draft.is_some() {
        let header = draft_header();
        for ws in wb.worksheets_mut() {
            ws.set_header(&header);
        }
    }
    wb.save_to_buffer().map_err(err)
}
