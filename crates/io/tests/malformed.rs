//! Malformed workbooks, TOML and JSON files, written here, each rejected with a specific
//! Chinese message that names the sheet and cell (or the line) — never a panic.
#![allow(clippy::unwrap_used)]

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};

use juesuan_io::{Format, IoError, WriteOptions, load, to_bytes};
use juesuan_model::{Catalog, Package, TableKind, Tables};
use rust_xlsxwriter::Workbook;

/// A valid blank Shanghai workbook to corrupt.
fn blank_workbook_bytes() -> Vec<u8> {
    let mut p = Package::new("测试局", 2024, "shanghai");
    p.tables = Tables::blank(&[
        TableKind::Summary,
        TableKind::Income,
        TableKind::Expenditure,
    ]);
    to_bytes(
        &p,
        Format::Xlsx,
        Catalog::builtin(),
        WriteOptions {
            prefill: true,
            ..WriteOptions::default()
        },
    )
    .unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Builds a small workbook: a valid 单位信息 sheet plus the given sheets of cells.
fn workbook(unit: &[(&str, &str)], sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    if !unit.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("单位信息").unwrap();
        ws.write_string(0, 0, "单位信息").unwrap();
        for (i, (k, v)) in unit.iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, *k).unwrap();
            ws.write_string(i as u32 + 1, 1, *v).unwrap();
        }
    }
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if let Some(n) = v.strip_prefix("#num:") {
                    ws.write_number(r as u32, c as u16, n.parse::<f64>().unwrap())
                        .unwrap();
                } else if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

const UNIT: [(&str, &str); 3] = [
    ("单位名称", "测试局"),
    ("年度", "2024"),
    ("地区格式", "上海市"),
];

fn income_sheet(rows: Vec<Vec<&'static str>>) -> (&'static str, Vec<Vec<&'static str>>) {
    let mut all = vec![
        vec!["收入决算表"],
        vec!["", "", "", "单位：万元"],
        vec![
            "科目编码",
            "科目名称",
            "本年收入合计",
            "财政拨款收入",
            "其他收入",
        ],
    ];
    all.extend(rows);
    ("表2 收入决算表", all)
}

/// Loads the file and returns the single problem's display text.
fn problem(path: &Path) -> String {
    let err = load(path, Catalog::builtin()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(&*path.file_name().unwrap().to_string_lossy()),
        "the message names the file: {text}"
    );
    text
}

#[test]
fn amount_that_is_not_a_number() {
    let d = tempfile::tempdir().unwrap();
    let bytes = workbook(
        &UNIT,
        &[income_sheet(vec![vec![
            "2010601",
            "行政运行",
            "abc",
            "",
            "",
        ]])],
    );
    let m = problem(&write(d.path(), "a.xlsx", &bytes));
    assert!(m.contains("工作表“表2 收入决算表”单元格 C4"), "{m}");
    assert!(m.contains("本年收入合计：“abc”不是金额"), "{m}");
}

#[test]
fn code_with_letters_and_code_of_wrong_length() {
    let d = tempfile::tempdir().unwrap();
    let bytes = workbook(
        &UNIT,
        &[income_sheet(vec![
            vec!["20A0601", "行政运行", "1.00", "1.00", ""],
            vec!["2010", "某科目", "1.00", "1.00", ""],
        ])],
    );
    let err = load(&write(d.path(), "b.xlsx", &bytes), Catalog::builtin()).unwrap_err();
    let ps = err.problems();
    assert_eq!(ps.len(), 2, "{err}");
    assert!(
        ps[0]
            .to_string()
            .contains("单元格 A4：科目编码“20A0601”含有非数字字符"),
        "{err}"
    );
    assert!(
        ps[1]
            .to_string()
            .contains("单元格 A5：科目编码“2010”位数不对"),
        "{err}"
    );
}

#[test]
fn percent_in_an_amount_cell_and_bad_grouping() {
    let d = tempfile::tempdir().unwrap();
    let bytes = workbook(
        &UNIT,
        &[income_sheet(vec![vec![
            "2010601",
            "行政运行",
            "94.1%",
            "12,34.5",
            "",
        ]])],
    );
    let err = load(&write(d.path(), "c.xlsx", &bytes), Catalog::builtin()).unwrap_err();
    let m = err.to_string();
    assert!(
        m.contains("单元格 C4：本年收入合计：“94.1%”是百分比，不是金额"),
        "{m}"
    );
    assert!(
        m.contains("单元格 D4：财政拨款收入：“12,34.5”的千分位逗号位置不对"),
        "{m}"
    );
}

#[test]
fn amounts_without_a_code() {
    let d = tempfile::tempdir().unwrap();
    let bytes = workbook(
        &UNIT,
        &[income_sheet(vec![vec!["", "行政运行", "5.00", "5.00", ""]])],
    );
    let m = problem(&write(d.path(), "d.xlsx", &bytes));
    assert!(
        m.contains("单元格 A4：有金额但没有科目编码（科目名称“行政运行”）"),
        "{m}"
    );
}

#[test]
fn missing_unit_sheet() {
    let d = tempfile::tempdir().unwrap();
    let bytes = workbook(&[], &[income_sheet(vec![])]);
    let m = problem(&write(d.path(), "e.xlsx", &bytes));
    assert!(m.contains("缺少“单位信息”工作表"), "{m}");
}

#[test]
fn bad_year_and_unknown_profile() {
    let d = tempfile::tempdir().unwrap();
    let bytes = workbook(
        &[
            ("单位名称", "测试局"),
            ("年度", "二〇二四"),
            ("地区格式", "火星"),
        ],
        &[],
    );
    let err = load(&write(d.path(), "f.xlsx", &bytes), Catalog::builtin()).unwrap_err();
    let m = err.to_string();
    assert!(
        m.contains("工作表“单位信息”单元格 B3：年度“二〇二四”应为四位年份"),
        "{m}"
    );
    assert!(
        m.contains("工作表“单位信息”单元格 B4：地区格式“火星”未知，可用：北京市、上海市"),
        "{m}"
    );
}

#[test]
fn bad_table_status() {
    let d = tempfile::tempdir().unwrap();
    let mut sheet = income_sheet(vec![]);
    sheet.1.insert(2, vec!["表格状态", "半完整"]);
    let m = problem(&write(d.path(), "g.xlsx", &workbook(&UNIT, &[sheet])));
    assert!(
        m.contains("单元格 B3：表格状态“半完整”应为“完整”“部分”或“未提供”"),
        "{m}"
    );
}

#[test]
fn header_without_code_column() {
    let d = tempfile::tempdir().unwrap();
    let sheet = (
        "表3 支出决算表",
        vec![
            vec!["支出决算表"],
            vec!["项目", "金额"],
            vec!["行政运行", "5"],
        ],
    );
    let m = problem(&write(d.path(), "h.xlsx", &workbook(&UNIT, &[sheet])));
    assert!(m.contains("工作表“表3 支出决算表”：找不到表头"), "{m}");
}

#[test]
fn excel_error_value_in_a_cell() {
    let d = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("单位信息").unwrap();
    for (i, (k, v)) in UNIT.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, *k).unwrap();
        ws.write_string(i as u32 + 1, 1, *v).unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("表3 支出决算表").unwrap();
    for (c, h) in ["科目编码", "科目名称", "本年支出合计"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "2010601").unwrap();
    ws.write_string(1, 1, "行政运行").unwrap();
    ws.write_formula(
        1,
        2,
        rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
    )
    .unwrap();
    let m = problem(&write(d.path(), "i.xlsx", &wb.save_to_buffer().unwrap()));
    assert!(m.contains("单元格 C2：本年支出合计：单元格是错误值"), "{m}");
}

#[test]
fn not_a_workbook_and_a_zip_bomb() {
    let d = tempfile::tempdir().unwrap();
    let m = problem(&write(d.path(), "j.xlsx", b"this is not a workbook at all"));
    assert!(m.contains("不是 .xlsx 工作簿"), "{m}");

    // A real workbook whose central directory claims a 4 GB part.
    let mut bytes = blank_workbook_bytes();
    let sig = [0x50, 0x4b, 0x01, 0x02];
    let at = bytes.windows(4).position(|w| w == sig).unwrap();
    bytes[at + 24..at + 28].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    let m = problem(&write(d.path(), "bomb.xlsx", &bytes));
    assert!(m.contains("疑似压缩炸弹"), "{m}");

    let m = problem(&write(
        d.path(),
        "truncated.xlsx",
        &blank_workbook_bytes()[..500],
    ));
    assert!(
        m.contains("工作簿已损坏或不是有效的 .xlsx 文件：压缩包损坏"),
        "{m}"
    );
}

/// A zip archive of the given parts.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    for (name, bytes) in parts {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

#[test]
fn damaged_encrypted_and_old_workbooks() {
    let d = tempfile::tempdir().unwrap();
    let whole = blank_workbook_bytes();
    let m = problem(&write(d.path(), "cut.xlsx", &whole[..whole.len() / 2]));
    assert!(
        m.contains("工作簿已损坏或不是有效的 .xlsx 文件：压缩包损坏"),
        "{m}"
    );

    let bare = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("docProps/app.xml", b"<x/>"),
    ]);
    let m = problem(&write(d.path(), "bare.xlsx", &bare));
    assert!(
        m.contains("工作簿已损坏或不是有效的 .xlsx 文件：缺少 _rels/.rels"),
        "{m}"
    );

    let word = zip_of(&[("word/document.xml", b"<w:document/>")]);
    let m = problem(&write(d.path(), "word.xlsx", &word));
    assert!(m.contains("是 Word 文档，不是 .xlsx 工作簿"), "{m}");

    let m = problem(&write(
        d.path(),
        "locked.xlsx",
        &support::office::encrypted_package(),
    ));
    assert!(m.contains("工作簿已加密"), "{m}");
    assert!(m.contains("去掉打开密码"), "{m}");

    let old = support::office::compound_file(&["Workbook", "\u{5}SummaryInformation"]);
    let m = problem(&write(d.path(), "old.xlsx", &old));
    assert!(m.contains("是旧版 Excel 工作簿（.xls）"), "{m}");
}

#[test]
fn toml_syntax_error_names_the_line() {
    let d = tempfile::tempdir().unwrap();
    let text = "[unit]\nname = \"测试局\"\nyear = 2024\nprofile = \"shanghai\"\n[tables.income\n";
    let m = problem(&write(d.path(), "k.toml", text.as_bytes()));
    assert!(m.contains("第5行"), "{m}");
    assert!(m.contains("格式错误（语法）"), "{m}");
}

#[test]
fn toml_unknown_key_bad_amount_missing_field() {
    let d = tempfile::tempdir().unwrap();
    let unknown = "[unit]\nname = \"测试局\"\nyear = 2024\nprofile = \"shanghai\"\n\n[tables.income.total]\ntotl = \"1\"\n";
    let m = problem(&write(d.path(), "l.toml", unknown.as_bytes()));
    assert!(
        m.contains("第7行第1列：未知的项“totl”（可用：total、appropriation"),
        "{m}"
    );

    let amount = "[unit]\nname = \"测试局\"\nyear = 2024\nprofile = \"shanghai\"\n\n[[tables.income.rows]]\ncode = \"2010601\"\ntotal = \"1,2,3\"\n";
    let m = problem(&write(d.path(), "m.toml", amount.as_bytes()));
    assert!(m.contains("第8行第9列：“1,2,3”的千分位逗号位置不对"), "{m}");

    // a bare decimal is a binary float in TOML: it has lost 14864.90's trailing zero
    let float = "[unit]\nname = \"测试局\"\nyear = 2024\nprofile = \"shanghai\"\n\n[[tables.income.rows]]\ncode = \"2010601\"\ntotal = 14864.90\n";
    let m = problem(&write(d.path(), "f.toml", float.as_bytes()));
    assert!(
        m.contains("第8行第9列：数字写成了不带引号的小数 14864.9") && m.contains("\"14864.9\""),
        "{m}"
    );

    let missing = "[unit]\nyear = 2024\nprofile = \"shanghai\"\n";
    let m = problem(&write(d.path(), "n.toml", missing.as_bytes()));
    assert!(m.contains("缺少必填项“name”"), "{m}");

    let code = "[unit]\nname = \"x\"\nyear = 2024\nprofile = \"shanghai\"\n[[tables.expenditure.rows]]\ncode = \"20106-1\"\n";
    let m = problem(&write(d.path(), "o.toml", code.as_bytes()));
    assert!(m.contains("第6行第8列：科目编码“20106-1”位数不对"), "{m}");

    let subject = "[unit]\nname = \"x\"\nyear = 2024\nprofile = \"shanghai\"\n[explanation.remarks.\"其他事项\"]\nreason = \"x\"\n";
    let m = problem(&write(d.path(), "p.toml", subject.as_bytes()));
    assert!(m.contains("“其他事项”不是可识别的说明事项"), "{m}");
}

#[test]
fn json_type_error_and_encoding_and_size() {
    let d = tempfile::tempdir().unwrap();
    let json = "{\n  \"unit\": {\n    \"name\": \"测试局\",\n    \"year\": \"二〇二四\",\n    \"profile\": \"beijing\"\n  }\n}\n";
    let m = problem(&write(d.path(), "q.json", json.as_bytes()));
    assert!(m.contains("第4行"), "{m}");
    assert!(m.contains("类型不对：应为整数"), "{m}");

    // GBK-encoded TOML: 单位 = B5 A5 CE BB
    let gbk = b"[unit]\nname = \"\xB5\xA5\xCE\xBB\"\n";
    let m = problem(&write(d.path(), "r.toml", gbk));
    assert!(m.contains("不是 UTF-8 编码的文本"), "{m}");

    let f = std::fs::File::create(d.path().join("huge.toml")).unwrap();
    f.set_len(juesuan_io::MAX_TEXT_BYTES + 1).unwrap();
    let err = load(&d.path().join("huge.toml"), Catalog::builtin()).unwrap_err();
    assert!(matches!(err, IoError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("太大"));
}

#[test]
fn unknown_extension_and_missing_file() {
    let d = tempfile::tempdir().unwrap();
    let m = problem(&write(d.path(), "s.docx", b"x"));
    assert!(m.contains("类型无法识别"), "{m}");
    let err = load(&d.path().join("none.toml"), Catalog::builtin()).unwrap_err();
    assert!(err.to_string().starts_with("找不到文件"), "{err}");
}

/// Random byte mutations of a valid workbook never panic the reader.
#[test]
fn mutated_workbooks_never_panic() {
    let good = blank_workbook_bytes();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..200 {
        let mut b = good.clone();
        for _ in 0..(next() % 8 + 1) {
            let i = (next() as usize) % b.len();
            b[i] = next() as u8;
        }
        let _ = juesuan_io::xlsx::read_workbook(&b, Catalog::builtin());
    }
}
