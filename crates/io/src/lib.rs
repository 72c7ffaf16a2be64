//! Reading and writing packages: Excel workbooks (as finance staff fill them), TOML and JSON
//! (for version control), and catalog files. Every error is a value with a Chinese message
//! naming the file and the place; nothing here panics on user input.

pub mod document;
pub mod error;
pub mod fsio;
mod office;
pub mod sources;
pub mod text_formats;
pub mod xlsx;

use std::path::{Path, PathBuf};

use juesuan_model::{Catalog, Notice, Package};

pub use error::{IoError, Place, Problem};
pub use fsio::{read_limited, write_atomic};
pub use sources::{CellAt, Sources};
pub use xlsx::WriteOptions;

/// Largest workbook accepted.
pub const MAX_WORKBOOK_BYTES: u64 = 64 * 1024 * 1024;
/// Largest TOML/JSON/CSV file accepted.
pub const MAX_TEXT_BYTES: u64 = 32 * 1024 * 1024;

/// A package file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Excel workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl Format {
    /// The format a path's extension names.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// Name for messages.
    pub fn label(self) -> &'static str {
        match self {
            Format::Xlsx => "Excel 工作簿",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }
}

const FORMAT_HINT: &str = "可读取 .xlsx（.xlsm）、.toml、.json，或含 package.toml 的文件夹；旧版 .xls 和 .ods 请先另存为 .xlsx";

/// A package read from a file.
#[derive(Debug)]
pub struct Loaded {
    /// The package.
    pub package: Package,
    /// What was noticed while reading and checking codes.
    pub notices: Vec<Notice>,
    /// The file actually read (for a folder, the package file inside it).
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// Where each figure of the public tables was read (a workbook's cells; empty for
    /// TOML/JSON, which have no cells).
    pub sources: Sources,
}

/// Finds the package file of a folder: `package.toml`, else the only package file in it.
pub fn resolve_package_path(path: &Path) -> Result<PathBuf, IoError> {
    if !path.exists() {
        return Err(IoError::NotFound(path.to_path_buf()));
    }
    if !path.is_dir() {
        return Ok(path.to_path_buf());
    }
    for name in ["package.toml", "package.json", "package.xlsx"] {
        let p = path.join(name);
        if p.is_file() {
            return Ok(p);
        }
    }
    let entries = std::fs::read_dir(path).map_err(|e| IoError::Read {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && Format::from_path(p).is_some())
        .collect();
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(IoError::UnknownFormat {
            path: path.to_path_buf(),
            hint: format!("文件夹里没有数据包文件；{FORMAT_HINT}"),
        }),
        _ => Err(IoError::UnknownFormat {
            path: path.to_path_buf(),
            hint: "文件夹里有多个数据包文件，请把要读的命名为 package.toml，或直接给出文件".into(),
        }),
    }
}

/// Reads a package from a file or folder and checks its codes against the catalog.
pub fn load(path: &Path, catalog: &Catalog) -> Result<Loaded, IoError> {
    let path = resolve_package_path(path)?;
    let format = Format::from_path(&path).ok_or_else(|| IoError::UnknownFormat {
        path: path.clone(),
        hint: FORMAT_HINT.into(),
    })?;
    let (package, mut notices, sources) = match format {
        Format::Xlsx => {
            let bytes = read_limited(&path, MAX_WORKBOOK_BYTES)?;
            let read =
                xlsx::read_workbook(&bytes, catalog).map_err(|problems| IoError::Invalid {
                    path: path.clone(),
                    problems,
                })?;
            (read.package, read.notices, read.sources)
        }
        Format::Toml | Format::Json => {
            let bytes = read_limited(&path, MAX_TEXT_BYTES)?;
            let text = utf8(&path, &bytes)?;
            let parsed = if format == Format::Toml {
                text_formats::package_from_toml(text)
            } else {
                text_formats::package_from_json(text)
            };
            (
                parsed.map_err(|p| IoError::invalid(&path, p))?,
                Vec::new(),
                Sources::default(),
            )
        }
    };
    notices.extend(package.notices(catalog));
    Ok(Loaded {
        package,
        notices,
        path,
        format,
        sources,
    })
}

fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, IoError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        IoError::invalid(
            path,
            Problem::file(format!(
                "不是 UTF-8 编码的文本（第 {} 字节处）；请用 UTF-8 另存",
                e.valid_up_to()
            )),
        )
    })
}

/// How to save.
#[derive(Debug, Clone, Default)]
pub struct SaveOptions {
    /// Overwrite an existing file.
    pub force: bool,
    /// Workbook options.
    pub workbook: WriteOptions,
}

/// Serialises a package in a format.
pub fn to_bytes(
    package: &Package,
    format: Format,
    catalog: &Catalog,
    workbook: WriteOptions,
) -> Result<Vec<u8>, String> {
    match format {
        Format::Xlsx => xlsx::write_workbook(package, catalog, workbook),
        Format::Toml => text_formats::package_to_toml(package).map(String::into_bytes),
        Format::Json => text_formats::package_to_json(package).map(String::into_bytes),
    }
}

/// Writes a package to `path` in the format its extension names, atomically.
pub fn save(
    package: &Package,
    path: &Path,
    catalog: &Catalog,
    options: SaveOptions,
) -> Result<(), IoError> {
    let format = Format::from_path(path).ok_or_else(|| IoError::UnknownFormat {
        path: path.to_path_buf(),
        hint: "输出文件的扩展名应为 .xlsx、.toml 或 .json".into(),
    })?;
    if format == Format::Xlsx
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| !e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(IoError::UnknownFormat {
            path: path.to_path_buf(),
            hint: "只能写出 .xlsx 格式的工作簿".into(),
        });
    }
    if !options.force && path.exists() {
        return Err(IoError::Exists(path.to_path_buf()));
    }
    let bytes = to_bytes(package, format, catalog, options.workbook).map_err(|message| {
        IoError::Produce {
            path: path.to_path_buf(),
            message,
        }
    })?;
    write_atomic(path, &bytes, options.force)
}

/// Reads a catalog of codes from a CSV or workbook with `科目编码` and `科目名称` columns
/// (bureaus publish the annual catalog as a spreadsheet).
pub fn load_catalog(path: &Path) -> Result<Catalog, IoError> {
    let format_err = || IoError::UnknownFormat {
        path: path.to_path_buf(),
        hint: "目录文件应为 .csv 或 .xlsx，含“科目编码”“科目名称”两列".into(),
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .ok_or_else(format_err)?;
    let rows: Vec<Vec<String>> = match ext.as_str() {
        "csv" => {
            let bytes = read_limited(path, MAX_TEXT_BYTES)?;
            let text = utf8(path, &bytes)?;
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut rows = Vec::new();
            for (i, rec) in rdr.records().enumerate() {
                let rec = rec.map_err(|e| {
                    IoError::invalid(
                        path,
                        Problem {
                            place: Place::Line {
                                line: i + 1,
                                column: 1,
                            },
                            message: format!("CSV 格式错误：{e}"),
                        },
                    )
                })?;
                rows.push(rec.iter().map(str::to_string).collect());
            }
            rows
        }
        "xlsx" | "xlsm" => {
            let bytes = read_limited(path, MAX_WORKBOOK_BYTES)?;
            xlsx::read::first_sheet_rows(&bytes).map_err(|p| IoError::invalid(path, p))?
        }
        _ => return Err(format_err()),
    };
    catalog_from_rows(path, &rows)
}

fn catalog_from_rows(path: &Path, rows: &[Vec<String>]) -> Result<Catalog, IoError> {
    use juesuan_model::text::compact;
    let header = rows.iter().take(20).position(|r| {
        r.iter().any(|c| compact(c).contains("编码"))
            && r.iter().any(|c| compact(c).contains("名称"))
    });
    let Some(h) = header else {
        return Err(IoError::invalid(
            path,
            Problem::file("找不到表头：应有“科目编码”和“科目名称”两列"),
        ));
    };
    let find = |key: &str| rows[h].iter().position(|c| compact(c).contains(key));
    let (Some(ci), Some(ni)) = (find("编码"), find("名称")) else {
        return Err(IoError::invalid(
            path,
            Problem::file("表头缺少“科目编码”或“科目名称”"),
        ));
    };
    let mut catalog = Catalog::default();
    let mut problems = Vec::new();
    let source = path.display().to_string();
    for (i, row) in rows.iter().enumerate().skip(h + 1) {
        let code = row.get(ci).map(|s| s.trim()).unwrap_or("");
        let name = row.get(ni).map(|s| s.trim()).unwrap_or("");
        if code.is_empty() && name.is_empty() {
            continue;
        }
        if let Err(e) = catalog.push_row(i + 1, code, name, "", &source) {
            problems.push(Problem {
                place: Place::Line {
                    line: e.line,
                    column: ci + 1,
                },
                message: e.message,
            });
        }
    }
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(IoError::Invalid {
            path: path.to_path_buf(),
            problems,
        })
    }
}
