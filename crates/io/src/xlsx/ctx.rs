//! What a sheet reader or writer carries along: the problems and notices met while reading,
//! and the package, profile and cell formats while writing.

use juesuan_model::tables::TableKind;
use juesuan_model::{Catalog, Notice, Package, Profile, Severity};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, XlsxError};

use super::grid::Grid;
use super::write::WriteOptions;
use crate::error::Problem;
use crate::sources::{CellAt, Sources};

/// What reading collects: problems refuse the workbook, notices are passed on.
pub(crate) struct ReadCtx<'a> {
    /// The catalog, to name rows given by code alone.
    pub catalog: &'a Catalog,
    /// What cannot be read.
    pub problems: Vec<Problem>,
    /// What was kept or ignored that a person should know.
    pub notices: Vec<Notice>,
    /// The public table being read, while one is.
    pub table: Option<TableKind>,
    /// Where each figure of the public tables was read.
    pub sources: Sources,
}

impl<'a> ReadCtx<'a> {
    /// A context with nothing collected yet.
    pub fn new(catalog: &'a Catalog) -> Self {
        ReadCtx {
            catalog,
            problems: Vec::new(),
            notices: Vec::new(),
            table: None,
            sources: Sources::default(),
        }
    }

    /// Records that the figure of `row` (a code or a line's label) and `column` (a printed
    /// label; none for a two-sided summary line) of the table being read is cell (r, c).
    pub fn source(&mut self, g: &Grid, r: usize, c: usize, row: String, column: Option<&str>) {
        if let Some(kind) = self.table
            && !g.get(r, c).is_blank()
        {
            let at = CellAt {
                sheet: g.name.clone(),
                row: r,
                col: c,
            };
            self.sources.record(kind, row, column, at);
        }
    }

    /// Records a problem at cell (r, c) of a sheet.
    pub fn problem(&mut self, g: &Grid, r: usize, c: usize, message: impl Into<String>) {
        self.problems
            .push(Problem::cell(&g.name, g.a1(r, c), message));
    }

    /// Records a notice.
    pub fn notice(&mut self, place: String, message: impl Into<String>) {
        self.notices.push(Notice {
            severity: Severity::Info,
            place,
            message: message.into(),
        });
    }
}

/// The result of writing to a sheet.
pub(crate) type XResult<T> = Result<T, XlsxError>;

/// The cell formats of the workbook.
pub(crate) struct Formats {
    /// Sheet titles.
    pub title: Format,
    /// Lines under the title.
    pub sub: Format,
    /// Header cells.
    pub header: Format,
    /// Row labels.
    pub label: Format,
    /// Text cells.
    pub text: Format,
    /// Blank amount cells.
    pub amount: Format,
    /// Amount formats by decimals 0..=6, so that a figure keeps its precision.
    pub amount_scaled: Vec<Format>,
    /// Plain-number formats by decimals 0..=6 (scores, percentages).
    pub number_scaled: Vec<Format>,
    /// Figures kept as printed.
    pub figure: Format,
    /// Whole numbers.
    pub count: Format,
    /// Notes under a table.
    pub note: Format,
    /// Section markers of key/value sheets.
    pub section: Format,
    /// The 表格状态 cell.
    pub status: Format,
    /// The money unit of the sheet being written (`单位：元` for a budget table printed in
    /// 元); amounts are written in it.
    pub unit: std::cell::Cell<juesuan_model::MoneyUnit>,
}

impl Formats {
    /// The formats, with or without thousands separators in amounts.
    pub fn new(thousands: bool) -> Formats {
        let base = Format::new().set_font_name("宋体").set_font_size(10);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: base
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            sub: base.clone(),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xDDEBF7)),
            label: cell.clone().set_text_wrap(),
            text: cell.clone().set_text_wrap(),
            amount: cell
                .clone()
                .set_num_format(if thousands { "#,##0.00" } else { "0.00" }),
            amount_scaled: (0..=6)
                .map(|d| {
                    let int = if thousands { "#,##0" } else { "0" };
                    let code = if d == 0 {
                        int.to_string()
                    } else {
                        format!("{int}.{}", "0".repeat(d))
                    };
                    cell.clone().set_num_format(code)
                })
                .collect(),
            number_scaled: (0..=6)
                .map(|d| {
                    let code = if d == 0 {
                        "0".to_string()
                    } else {
                        format!("0.{}", "0".repeat(d))
                    };
                    cell.clone().set_num_format(code)
                })
                .collect(),
            figure: cell.clone().set_align(FormatAlign::Right),
            count: cell.clone().set_num_format("0"),
            note: base
                .clone()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            section: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xFFF2CC)),
            status: cell.set_background_color(Color::RGB(0xFFF2CC)),
            unit: std::cell::Cell::new(juesuan_model::MoneyUnit::Wan),
        }
    }
}

/// What every sheet writer needs.
pub(crate) struct WriteCtx<'a> {
    /// The package written.
    pub pkg: &'a Package,
    /// The catalog, for pre-filled and listed rows.
    pub catalog: &'a Catalog,
    /// The package's profile: table titles, numbers and order.
    pub profile: &'a Profile,
    /// Cell formats.
    pub f: Formats,
    /// Writer options.
    pub opts: WriteOptions,
}
