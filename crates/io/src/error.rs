//! Errors of reading and writing files: Chinese messages that name the file and the place.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole.
    File,
    /// A spreadsheet sheet, optionally a cell (`C7`).
    Sheet {
        /// Sheet name.
        sheet: String,
        /// A1 reference.
        cell: Option<String>,
    },
    /// A line and column of a text file (1-based).
    Line {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::Sheet { sheet, cell: None } => write!(f, "工作表“{sheet}”"),
            Place::Sheet {
                sheet,
                cell: Some(c),
            } => write!(f, "工作表“{sheet}”单元格 {c}"),
            Place::Line { line, column } => write!(f, "第{line}行第{column}列"),
        }
    }
}

/// One problem found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub place: Place,
    /// What is wrong and what was expected, in Chinese.
    pub message: String,
}

impl Problem {
    /// A problem at a sheet cell.
    pub fn cell(sheet: &str, cell: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            place: Place::Sheet {
                sheet: sheet.to_string(),
                cell: Some(cell.into()),
            },
            message: message.into(),
        }
    }

    /// A problem about a whole sheet.
    pub fn sheet(sheet: &str, message: impl Into<String>) -> Problem {
        Problem {
            place: Place::Sheet {
                sheet: sheet.to_string(),
                cell: None,
            },
            message: message.into(),
        }
    }

    /// A problem about the whole file.
    pub fn file(message: impl Into<String>) -> Problem {
        Problem {
            place: Place::File,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.place {
            Place::File => f.write_str(&self.message),
            _ => write!(f, "{}：{}", self.place, self.message),
        }
    }
}

/// An input or output could not be handled.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    /// The path does not exist.
    #[error("找不到文件“{}”", .0.display())]
    NotFound(PathBuf),
    /// The file could not be read.
    #[error("无法读取“{}”：{source}", path.display())]
    Read {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The file is larger than juesuan accepts.
    #[error("“{}”太大（{size} 字节，上限 {limit} 字节），未读取", path.display())]
    TooLarge {
        /// File.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file type is not one juesuan reads.
    #[error("“{}”的类型无法识别：{hint}", path.display())]
    UnknownFormat {
        /// File.
        path: PathBuf,
        /// What is accepted.
        hint: String,
    },
    /// The content has problems; every problem is listed (one is said in one line).
    #[error("{}", invalid(path, problems))]
    Invalid {
        /// File.
        path: PathBuf,
        /// The problems, in reading order.
        problems: Vec<Problem>,
    },
    /// The output exists and `--force` was not given.
    #[error("“{}”已存在；如要覆盖，请加 --force", .0.display())]
    Exists(PathBuf),
    /// The output could not be written.
    #[error("无法写入“{}”：{source}", path.display())]
    Write {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The output could not be produced.
    #[error("无法生成“{}”：{message}", path.display())]
    Produce {
        /// File.
        path: PathBuf,
        /// Cause, in Chinese.
        message: String,
    },
}

fn invalid(path: &std::path::Path, problems: &[Problem]) -> String {
    match problems {
        [one] => format!("“{}”{}", path.display(), one_problem(one)),
        _ => format!(
            "“{}”有{}处问题：\n{}",
            path.display(),
            problems.len(),
            list(problems)
        ),
    }
}

/// A single problem after the file's name: `“a.xlsx”不是 .xlsx 工作簿…` reads as a sentence
/// when the problem says what the file is; a problem with a place keeps a colon.
fn one_problem(p: &Problem) -> String {
    let text = p.to_string();
    if text.starts_with(['不', '是', '已', '没', '无', '缺', '太', '过']) {
        text
    } else {
        format!("：{text}")
    }
}

fn list(problems: &[Problem]) -> String {
    const SHOWN: usize = 50;
    let mut s: Vec<String> = problems
        .iter()
        .take(SHOWN)
        .map(|p| format!("  - {p}"))
        .collect();
    if problems.len() > SHOWN {
        s.push(format!("  …… 另有{}处问题未列出", problems.len() - SHOWN));
    }
    s.join("\n")
}

impl IoError {
    /// An `Invalid` error with one problem.
    pub fn invalid(path: &Path, problem: Problem) -> IoError {
        IoError::Invalid {
            path: path.to_path_buf(),
            problems: vec![problem],
        }
    }

    /// The problems, when the content was at fault.
    pub fn problems(&self) -> &[Problem] {
        match self {
            IoError::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

/// Column letters of a 0-based column index: 0 → `A`, 27 → `AB`.
pub fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A1 reference of a 0-based (row, column).
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_refs() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 2), "C7");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 27), "AB10");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn messages_name_file_and_place() {
        let e = IoError::Invalid {
            path: "unit.xlsx".into(),
            problems: vec![Problem::cell("收入决算表", "C7", "“abc”不是金额")],
        };
        assert_eq!(
            e.to_string(),
            "“unit.xlsx”：工作表“收入决算表”单元格 C7：“abc”不是金额"
        );
        let e = IoError::Invalid {
            path: "unit.xls".into(),
            problems: vec![Problem::file("不是 .xlsx 工作簿")],
        };
        assert_eq!(e.to_string(), "“unit.xls”不是 .xlsx 工作簿");
        let e = IoError::Invalid {
            path: "unit.xlsx".into(),
            problems: vec![
                Problem::cell("收入决算表", "C7", "“abc”不是金额"),
                Problem::cell("收入决算表", "C8", "“x”不是金额"),
            ],
        };
        assert!(e.to_string().starts_with("“unit.xlsx”有2处问题：\n  - "));
    }
}
