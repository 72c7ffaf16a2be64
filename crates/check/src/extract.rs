//! Published documents as open data: the figures `check` read from a document's public
//! tables, as one tidy long table (one figure per line) that a spreadsheet, a transparency
//! index or a researcher reads without knowing any table's layout.

use crate::Checked;

/// The columns of the long table.
pub const HEADER: [&str; 11] = [
    "文件",
    "单位",
    "年度",
    "类型",
    "表",
    "科目编码",
    "项目",
    "栏目",
    "数值",
    "计量单位",
    "页码",
];

/// The lines of the long table for one checked document, in the tables' order.
pub fn rows(file: &str, checked: &Checked) -> Vec<[String; 11]> {
    let r = &checked.recognition;
    let unit = r.unit.clone().unwrap_or_default();
    let year = r.year.map(|y| y.to_string()).unwrap_or_default();
    let kind = r.kind.label();
    checked
        .figures
        .iter()
        .map(|f| {
            let fig = &f.figure;
            [
                file.to_string(),
                unit.clone(),
                year.clone(),
                kind.clone(),
                fig.table.title().to_string(),
                fig.code.map(|c| c.to_string()).unwrap_or_default(),
                fig.line.clone(),
                fig.column.unwrap_or_default().to_string(),
                fig.amount.value().to_string(),
                "万元".to_string(),
                f.page.map(|p| p.to_string()).unwrap_or_default(),
            ]
        })
        .collect()
}

/// The long table as CSV (UTF-8 with a byte-order mark, which Excel needs to read Chinese).
pub fn csv(rows: &[[String; 11]]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record(HEADER)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
