//! The roster: a bureau's list of units (名册) — imported from CSV or XLSX, edited in the
//! workbench — and how an upload is filed under one of them. A finished job files its
//! upload by the unit name recognised in the file ([`decide`]): the same name, or the same
//! after normalising ([`same_unit`]: 上海市/北京市 prefixes, spaces, full-width letters,
//! brackets and their content, 本级, and a district prefix only when it is the bureau's own
//! district). An officer's file that names another unit is refused with both names; a
//! reviewer's that matches no unit, or several, waits in the 待确认 list until a person
//! assigns it ([`pending`], [`assign`]). Nothing is filed under a unit the file does not
//! name, and no unit is made from a file.

use axum::Form;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use juesuan_review::html::esc;
use serde::Deserialize;
use sqlx::Row as _;

use crate::AppState;
use crate::auth::{PageUser, Viewer};
use crate::db::{Db, DbError, DbResult, Filed, Role, Unit, Upload, UploadState, now};
use crate::error::{AppError, PageError};

type PageResult = Result<Response, PageError>;

// ---- names ----

/// Municipality prefixes dropped when comparing names.
const CITY_PREFIXES: [&str; 4] = ["上海市", "北京市", "天津市", "重庆市"];

/// A unit name as compared: full-width letters and digits made half-width, spaces, brackets
/// with their content (（本级）, (机关)) and a trailing 本级 removed, a municipality prefix
/// dropped.
pub fn normalise(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        let c = match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            '(' | '[' | '【' | '〔' | '［' => depth += 1,
            ')' | ']' | '】' | '〕' | '］' => depth = depth.saturating_sub(1),
            c if depth > 0 || c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    let mut s = out.as_str();
    for p in CITY_PREFIXES {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest;
            break;
        }
    }
    let s = s.strip_suffix("本级").unwrap_or(s);
    s.to_string()
}

/// The district a normalised name starts with (`普陀区`, `浦东新区`, `崇明县`: two to four
/// characters then 区 or 县) and the rest, when there is a rest.
fn district(key: &str) -> Option<(&str, &str)> {
    let mut ends = key.char_indices().skip(2).take(3);
    ends.find_map(|(i, c)| {
        let end = i + c.len_utf8();
        let rest = key.get(end..)?;
        let head = key.get(..end)?;
        ((c == '区' || c == '县') && !rest.is_empty()).then_some((head, rest))
    })
}

/// How two names were found to be one unit's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The same text (spaces around it aside).
    Exact,
    /// The same after [`normalise`] (and, within the bureau's own district, with or without
    /// the district).
    Normalised,
}

/// Whether `a` and `b` name the same unit of the bureau called `bureau`. A district prefix
/// is only ignored when the bureau's name holds that district (`普陀区财政局` matches
/// `财政局` in the bureau 上海市普陀区财政局), so that two districts' units never match.
pub fn same_unit(a: &str, b: &str, bureau: &str) -> Option<Match> {
    if a.trim() == b.trim() && !a.trim().is_empty() {
        return Some(Match::Exact);
    }
    let (ka, kb) = (normalise(a), normalise(b));
    if ka.is_empty() || kb.is_empty() {
        return None;
    }
    if ka == kb {
        return Some(Match::Normalised);
    }
    let own = |key: &str, other: &str| {
        district(key).is_some_and(|(d, rest)| rest == other && bureau.contains(d))
    };
    (own(&ka, &kb) || own(&kb, &ka)).then_some(Match::Normalised)
}

/// What the roster says about a recognised name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    One(i64, Match),
    Several(Vec<String>),
    None,
}

/// The unit of `units` the name is: exactly one by exact name, else exactly one by
/// normalised name; several normalised matches are ambiguous.
pub fn find(name: &str, units: &[Unit], bureau: &str) -> Found {
    let exact: Vec<&Unit> = units
        .iter()
        .filter(|u| same_unit(name, &u.name, bureau) == Some(Match::Exact))
        .collect();
    if let [one] = exact.as_slice() {
        return Found::One(one.id, Match::Exact);
    }
    let close: Vec<&Unit> = units
        .iter()
        .filter(|u| same_unit(name, &u.name, bureau).is_some())
        .collect();
    match close.as_slice() {
        [] => Found::None,
        [one] => Found::One(one.id, Match::Normalised),
        many => Found::Several(many.iter().map(|u| u.name.clone()).collect()),
    }
}

/// What a finished job does with its upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// File it under the unit, with the note shown on the result page.
    File(i64, String),
    /// Keep it in the 待确认 list, with why.
    Pending(String),
    /// Refuse it (an officer's file of another unit): it is filed nowhere.
    Refuse(String),
}

/// Where an upload goes: `role` is its uploader's, `chosen` the unit given at upload (an
/// officer's own), `named` the unit name recognised in the file, `units` the bureau's.
pub fn decide(
    role: Role,
    chosen: Option<&Unit>,
    named: Option<&str>,
    units: &[Unit],
    bureau: &str,
) -> Decision {
    let named = named.map(str::trim).filter(|n| !n.is_empty());
    let how = |m: Match, n: &str, u: &str| match m {
        Match::Exact => format!("文件中的单位「{n}」与名册中的「{u}」一致"),
        Match::Normalised => {
            format!(
                "文件中的单位「{n}」与名册中的「{u}」按规范化名称（去掉市、区前缀、括号、本级等）一致"
            )
        }
    };
    match (role, chosen, named) {
        (Role::Officer, Some(u), None) => Decision::File(
            u.id,
            format!("未能识别文件中的单位名称，已归入您所属的单位「{}」", u.name),
        ),
        (Role::Officer, Some(u), Some(n)) => match same_unit(n, &u.name, bureau) {
            Some(m) => Decision::File(u.id, how(m, n, &u.name)),
            None => Decision::Refuse(format!(
                "文件中的单位是「{n}」，您所属单位是「{}」，文件未归档。如确属本单位，请联系审核人员核对名册中的单位名称",
                u.name
            )),
        },
        (_, Some(u), None) => Decision::File(
            u.id,
            format!(
                "未能识别文件中的单位名称，按上传时选择的单位「{}」归档",
                u.name
            ),
        ),
        (_, Some(u), Some(n)) => match same_unit(n, &u.name, bureau) {
            Some(m) => Decision::File(u.id, how(m, n, &u.name)),
            None => Decision::Pending(format!(
                "文件中的单位是「{n}」，上传时选择的是「{}」，待确认",
                u.name
            )),
        },
        (_, None, None) => Decision::Pending("未能识别文件中的单位名称，待确认".into()),
        (_, None, Some(n)) => match find(n, units, bureau) {
            Found::One(id, m) => {
                let u = units
                    .iter()
                    .find(|u| u.id == id)
                    .map_or("", |u| u.name.as_str());
                Decision::File(id, how(m, n, u))
            }
            Found::Several(names) => Decision::Pending(format!(
                "文件中的单位「{n}」与名册中的多个单位相近（{}），待确认",
                names.join("、")
            )),
            Found::None => Decision::Pending(format!("名册中没有文件中的单位「{n}」，待确认")),
        },
    }
}

// ---- the roster as stored ----

/// A unit with its roster fields.
#[derive(Debug, Clone)]
pub struct RosterUnit {
    pub id: i64,
    pub name: String,
    pub code: String,
    pub parent_id: Option<i64>,
    /// 一级, 二级, 基层, or empty.
    pub level: String,
    pub must_publish: bool,
    /// Uploads filed under it.
    pub uploads: i64,
}

/// One row of an imported roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// Its row number in the file (1 is the first line).
    pub line: usize,
    pub name: String,
    pub code: String,
    pub parent: String,
    pub level: String,
    pub must_publish: bool,
}

/// The types a unit may have.
pub const LEVELS: [&str; 3] = ["一级", "二级", "基层"];

/// The type written in a cell: 一级/二级/基层 (also 一级单位, 一级预算单位, 三级…), empty
/// when not given; `None` when not understood.
pub fn level(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Some(String::new());
    }
    let t = t
        .trim_end_matches("单位")
        .trim_end_matches("预算")
        .to_string();
    match t.as_str() {
        "一级" | "1级" | "1" => Some("一级".into()),
        "二级" | "2级" | "2" => Some("二级".into()),
        "基层" | "三级" | "3级" | "3" => Some("基层".into()),
        _ => None,
    }
}

/// 是否应公开 as written: 是/否 and the usual ways of saying them; empty is 是 (a unit is
/// expected to publish unless the roster says otherwise); `None` when not understood.
pub fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "是" | "应公开" | "公开" | "需公开" | "y" | "yes" | "true" | "1" | "√" | "✓" => {
            Some(true)
        }
        "否" | "不公开" | "无需公开" | "不需公开" | "n" | "no" | "false" | "0" | "×" => {
            Some(false)
        }
        _ => None,
    }
}

/// Largest roster file, and most rows.
pub const MAX_ROSTER_BYTES: usize = 2 * 1024 * 1024;
pub const MAX_ROSTER_ROWS: usize = 5000;

/// Which column holds what, from a header row: words matched by meaning.
#[derive(Debug, Default, Clone, Copy)]
struct Columns {
    name: Option<usize>,
    code: Option<usize>,
    parent: Option<usize>,
    level: Option<usize>,
    publish: Option<usize>,
}

fn columns(header: &[String]) -> Columns {
    let mut c = Columns::default();
    for (i, h) in header.iter().enumerate() {
        let h: String = h.chars().filter(|c| !c.is_whitespace()).collect();
        let slot = if h.contains("上级") || h.contains("主管") {
            &mut c.parent
        } else if h.contains("代码") || h.contains("编码") || h.contains("编号") {
            &mut c.code
        } else if h.contains("公开") {
            &mut c.publish
        } else if h.contains("类型") || h.contains("级次") || h.contains("层级") || h == "级别"
        {
            &mut c.level
        } else if h.contains("名称") || h == "单位" || h == "单位名" {
            &mut c.name
        } else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    c
}

/// The cells of a roster file: CSV (UTF-8, with or without BOM, or GBK) or XLSX (the first
/// sheet).
fn cells(bytes: &[u8], xlsx: bool) -> Result<Vec<Vec<String>>, String> {
    if xlsx {
        return xlsx_cells(bytes);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{FEFF}').to_string(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GBK.decode(bytes);
            if bad {
                return Err("CSV 文件的编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV".into());
            }
            t.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| format!("CSV 文件无法读取：{e}"))?;
        rows.push(r.iter().map(|c| c.trim().to_string()).collect());
        if rows.len() > MAX_ROSTER_ROWS + 10 {
            break;
        }
    }
    Ok(rows)
}

fn xlsx_cells(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    use calamine::{DataRef, Reader, Xlsx};
    // Read cell by cell (not the whole sheet at once) and stop past the row limit, so that
    // a small file that unpacks into a huge sheet costs little.
    const MAX_COLUMNS: usize = 50;
    let owned = bytes.to_vec();
    let read = std::panic::catch_unwind(move || {
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(owned))
            .map_err(|e| format!("不是可以读取的 .xlsx 工作簿：{e}"))?;
        let first = wb
            .sheet_names()
            .first()
            .cloned()
            .ok_or("工作簿里没有工作表")?;
        let mut reader = wb
            .worksheet_cells_reader(&first)
            .map_err(|e| format!("第一个工作表无法读取：{e}"))?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| format!("第一个工作表无法读取：{e}"))?
        {
            let (r, c) = cell.get_position();
            let (r, c) = (r as usize, c as usize);
            if r > MAX_ROSTER_ROWS + 10 {
                return Err(format!(
                    "名册最多 {MAX_ROSTER_ROWS} 行，这个文件更多：请分成几个文件导入"
                ));
            }
            if c >= MAX_COLUMNS {
                continue;
            }
            let text = match cell.get_value() {
                DataRef::Empty => continue,
                DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                    format!("{}", *f as i64)
                }
                DataRef::Int(i) => i.to_string(),
                DataRef::Bool(b) => if *b { "是" } else { "否" }.to_string(),
                DataRef::String(t) | DataRef::DateTimeIso(t) | DataRef::DurationIso(t) => {
                    t.trim().to_string()
                }
                DataRef::SharedString(t) => t.trim().to_string(),
                DataRef::Float(f) => f.to_string(),
                DataRef::DateTime(d) => d.as_f64().to_string(),
                DataRef::Error(e) => format!("{e}"),
            };
            if rows.len() <= r {
                rows.resize(r + 1, Vec::new());
            }
            if let Some(row) = rows.get_mut(r) {
                if row.len() <= c {
                    row.resize(c + 1, String::new());
                }
                if let Some(slot) = row.get_mut(c) {
                    *slot = text;
                }
            }
        }
        Ok::<_, String>(rows)
    });
    read.unwrap_or_else(|_| Err("工作簿内容无法解析".into()))
}

/// Reads a roster: its rows, or every problem found (with row numbers), in Chinese.
/// `existing` are the names already in the bureau's roster (a parent may be one of them).
pub fn parse(bytes: &[u8], xlsx: bool, existing: &[String]) -> Result<Vec<RosterRow>, Vec<String>> {
    if bytes.len() > MAX_ROSTER_BYTES {
        return Err(vec![format!(
            "名册文件超过 {} MB 上限",
            MAX_ROSTER_BYTES / (1024 * 1024)
        )]);
    }
    let rows = cells(bytes, xlsx).map_err(|e| vec![e])?;
    let Some((head, cols)) = rows
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, r)| (i, columns(r)))
        .find(|(_, c)| c.name.is_some())
    else {
        return Err(vec![
            "找不到表头“单位名称”：名册的表头应有 单位名称、单位代码、上级单位、类型（一级/二级/基层）、是否应公开"
                .into(),
        ]);
    };
    let body = rows.get(head + 1..).unwrap_or_default();
    if body.len() > MAX_ROSTER_ROWS {
        return Err(vec![format!(
            "名册最多 {MAX_ROSTER_ROWS} 行，这个文件更多：请分成几个文件导入"
        )]);
    }
    let cell = |r: &[String], c: Option<usize>| {
        c.and_then(|i| r.get(i))
            .map_or(String::new(), |s| s.trim().to_string())
    };
    let mut problems = Vec::new();
    let mut out: Vec<RosterRow> = Vec::new();
    for (i, r) in body.iter().enumerate() {
        let line = head + i + 2;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let name = cell(r, cols.name);
        if name.is_empty() {
            problems.push(format!("第{line}行：缺少单位名称"));
            continue;
        }
        if name.chars().count() > 100 {
            problems.push(format!("第{line}行：单位名称超过 100 个字"));
            continue;
        }
        let code = cell(r, cols.code);
        let parent = cell(r, cols.parent);
        let lv = cell(r, cols.level);
        let Some(level) = level(&lv) else {
            problems.push(format!(
                "第{line}行：类型“{lv}”不认识（应为一级、二级或基层）"
            ));
            continue;
        };
        let flag = cell(r, cols.publish);
        let Some(must_publish) = yes_no(&flag) else {
            problems.push(format!(
                "第{line}行：是否应公开“{flag}”不认识（应为是或否）"
            ));
            continue;
        };
        if let Some(d) = out.iter().find(|o| o.name == name) {
            problems.push(format!("第{line}行：单位名称“{name}”与第{}行重复", d.line));
            continue;
        }
        if let Some(d) = out.iter().find(|o| !code.is_empty() && o.code == code) {
            problems.push(format!("第{line}行：单位代码“{code}”与第{}行重复", d.line));
            continue;
        }
        if parent == name {
            problems.push(format!("第{line}行：上级单位不能是自己"));
            continue;
        }
        out.push(RosterRow {
            line,
            name,
            code,
            parent,
            level,
            must_publish,
        });
    }
    for r in &out {
        if !r.parent.is_empty()
            && !out.iter().any(|o| o.name == r.parent)
            && !existing.contains(&r.parent)
        {
            problems.push(format!(
                "第{}行：上级单位“{}”不在名册中（须是本文件或已有名册中的单位名称）",
                r.line, r.parent
            ));
        }
    }
    problems.sort_by_key(|p| {
        p.trim_start_matches('第')
            .split('行')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    if out.is_empty() {
        return Err(vec!["名册里没有单位（表头下面没有行）".into()]);
    }
    Ok(out)
}

impl Db {
    /// The bureau's units with their roster fields, by name.
    pub async fn roster(&self, bureau_id: i64) -> DbResult<Vec<RosterUnit>> {
        let rows = sqlx::query(
            "SELECT u.id, u.name, u.code, u.parent_id, u.level, u.must_publish, \
             (SELECT COUNT(*) FROM uploads p WHERE p.unit_id = u.id) \
             FROM units u WHERE u.bureau_id = $1 \
             ORDER BY CASE WHEN u.code = '' THEN 1 ELSE 0 END, u.code, u.name, u.id",
        )
        .bind(bureau_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RosterUnit {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    code: r.try_get(2)?,
                    parent_id: r.try_get(3)?,
                    level: r.try_get(4)?,
                    must_publish: r.try_get::<i64, _>(5)? != 0,
                    uploads: r.try_get(6)?,
                })
            })
            .collect()
    }

    /// Every bureau: (id, name), by name.
    pub async fn bureaus(&self) -> DbResult<Vec<(i64, String)>> {
        let rows = sqlx::query("SELECT id, name FROM bureaus ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// A user's role and name (the uploader of a job).
    pub async fn user_role(&self, user_id: i64) -> DbResult<Option<(Role, String)>> {
        let r = sqlx::query("SELECT role, name FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        r.map(|r| {
            let role: String = r.try_get(0)?;
            let role = Role::parse(&role)
                .ok_or_else(|| DbError::Invalid(format!("用户角色“{role}”不对")))?;
            Ok((role, r.try_get(1)?))
        })
        .transpose()
    }

    /// Stores an imported roster in one transaction: units of the same name are updated,
    /// new ones added, then the parents set. Returns (added, updated).
    pub async fn import_roster(
        &self,
        bureau_id: i64,
        rows: &[RosterRow],
    ) -> DbResult<(usize, usize)> {
        let mut tx = self.pool.begin().await?;
        let (mut added, mut updated) = (0, 0);
        for r in rows {
            let done = sqlx::query(
                "UPDATE units SET code = $1, level = $2, must_publish = $3 WHERE bureau_id = $4 AND name = $5",
            )
            .bind(&r.code)
            .bind(&r.level)
            .bind(i64::from(r.must_publish))
            .bind(bureau_id)
            .bind(&r.name)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() > 0 {
                updated += 1;
                continue;
            }
            sqlx::query(
                "INSERT INTO units (bureau_id, name, code, level, must_publish) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(bureau_id)
            .bind(&r.name)
            .bind(&r.code)
            .bind(&r.level)
            .bind(i64::from(r.must_publish))
            .execute(&mut *tx)
            .await?;
            added += 1;
        }
        for r in rows {
            let parent: Option<i64> = if r.parent.is_empty() {
                None
            } else {
                sqlx::query("SELECT id FROM units WHERE bureau_id = $1 AND name = $2")
                    .bind(bureau_id)
                    .bind(&r.parent)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|p| p.try_get(0))
                    .transpose()?
            };
            sqlx::query("UPDATE units SET parent_id = $1 WHERE bureau_id = $2 AND name = $3")
                .bind(parent)
                .bind(bureau_id)
                .bind(&r.name)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok((added, updated))
    }

    /// Saves one unit's roster fields (a new unit when `id` is `None`); its id.
    pub async fn save_unit(
        &self,
        bureau_id: i64,
        id: Option<i64>,
        f: &UnitFields,
    ) -> DbResult<i64> {
        match id {
            Some(id) => {
                sqlx::query(
                    "UPDATE units SET name = $1, code = $2, parent_id = $3, level = $4, must_publish = $5 \
                     WHERE id = $6 AND bureau_id = $7",
                )
                .bind(&f.name)
                .bind(&f.code)
                .bind(f.parent_id)
                .bind(&f.level)
                .bind(i64::from(f.must_publish))
                .bind(id)
                .bind(bureau_id)
                .execute(&self.pool)
                .await?;
                Ok(id)
            }
            None => Ok(sqlx::query(
                "INSERT INTO units (bureau_id, name, code, parent_id, level, must_publish) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(bureau_id)
            .bind(&f.name)
            .bind(&f.code)
            .bind(f.parent_id)
            .bind(&f.level)
            .bind(i64::from(f.must_publish))
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?),
        }
    }

    /// Removes a unit without uploads: its memberships and statuses go, its children lose
    /// their parent. `false` when it has uploads (nothing is removed).
    pub async fn remove_unit(&self, bureau_id: i64, id: i64) -> DbResult<bool> {
        let mut tx = self.pool.begin().await?;
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM uploads WHERE unit_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        if n > 0 {
            return Ok(false);
        }
        for q in [
            "DELETE FROM memberships WHERE unit_id = $1",
            "DELETE FROM unit_status WHERE unit_id = $1",
            "UPDATE units SET parent_id = NULL WHERE parent_id = $1",
        ] {
            sqlx::query(q).bind(id).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM units WHERE id = $1 AND bureau_id = $2")
            .bind(id)
            .bind(bureau_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The finished uploads of a bureau waiting for a unit (待确认), newest first.
    pub async fn pending_uploads(&self, bureau_id: i64) -> DbResult<Vec<Upload>> {
        let rows = sqlx::query(&format!(
            "SELECT {} FROM uploads WHERE bureau_id = $1 AND state = $2 AND unit_id IS NULL ORDER BY id DESC",
            crate::db::UPLOAD_COLUMNS
        ))
        .bind(bureau_id)
        .bind(UploadState::Done.id())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(crate::db::upload_of).collect()
    }

    /// Files a waiting upload under a unit (only while it still waits); `false` when it
    /// no longer does.
    pub async fn assign_upload(&self, upload_id: i64, unit_id: i64, note: &str) -> DbResult<bool> {
        let r = sqlx::query(
            "UPDATE uploads SET unit_id = $1, match_note = $2 WHERE id = $3 AND unit_id IS NULL AND state = $4",
        )
        .bind(unit_id)
        .bind(note)
        .bind(upload_id)
        .bind(UploadState::Done.id())
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Refuses a running job's file (an officer's file of another unit): failed with the
    /// reason, filed under no unit. Only the claim holding the job may.
    pub async fn refuse(
        &self,
        id: i64,
        claim: &str,
        why: &str,
        named: Option<&str>,
    ) -> DbResult<()> {
        sqlx::query(
            "UPDATE uploads SET state = $1, error = $2, finished = $3, unit_id = NULL, named_unit = $4, \
             match_note = $2 WHERE id = $5 AND claim = $6 AND state = $7",
        )
        .bind(UploadState::Failed.id())
        .bind(why)
        .bind(now())
        .bind(named)
        .bind(id)
        .bind(claim)
        .bind(UploadState::Running.id())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// A unit's roster fields as edited.
#[derive(Debug, Clone, Default)]
pub struct UnitFields {
    pub name: String,
    pub code: String,
    pub parent_id: Option<i64>,
    pub level: String,
    pub must_publish: bool,
}

/// What a finished job does with its upload (see [`decide`]): `Ok(filed)` or `Err(why)`
/// for a refusal.
pub async fn file_upload(
    db: &Db,
    up: &Upload,
    named: Option<&str>,
) -> DbResult<Result<Filed, String>> {
    let role = db
        .user_role(up.user_id)
        .await?
        .map_or(Role::Reviewer, |r| r.0);
    let chosen = match up.unit_id {
        Some(id) => db.unit(id).await?,
        None => None,
    };
    let units = db.bureau_units(up.bureau_id).await?;
    let bureau = db.bureau_name(up.bureau_id).await?;
    let named_owned = named.map(str::to_string);
    Ok(
        match decide(role, chosen.as_ref(), named, &units, &bureau) {
            Decision::File(id, note) => Ok(Filed {
                unit_id: Some(id),
                named_unit: named_owned,
                note,
            }),
            Decision::Pending(note) => Ok(Filed {
                unit_id: None,
                named_unit: named_owned,
                note,
            }),
            Decision::Refuse(why) => Err(why),
        },
    )
}

// ---- pages ----

/// The bureau whose roster a user keeps: a reviewer's own; for an administrator (who
/// belongs to no bureau) the one asked for (`bureau`). Officers see nothing here.
async fn keeper(state: &AppState, v: &Viewer, asked: Option<i64>) -> Result<i64, PageError> {
    match (v.user.role, v.user.bureau_id, asked) {
        (Role::Reviewer, Some(b), _) => Ok(b),
        (Role::Admin, _, Some(b)) if !state.db.bureau_name(b).await?.is_empty() => Ok(b),
        (Role::Admin, _, _) => Err(AppError::refused(
            StatusCode::BAD_REQUEST,
            "请先选择财政局（管理员账号不属于任何财政局）",
        )
        .into()),
        _ => Err(AppError::NotFound.into()),
    }
}

/// `?bureau=ID` of the roster pages (administrators).
#[derive(Deserialize, Default)]
pub struct BureauQuery {
    pub bureau: Option<i64>,
}

/// An administrator without a bureau chosen: the bureaus to choose from.
async fn choose_bureau(state: &AppState, v: &Viewer, path: &str, title: &str) -> PageResult {
    let bureaus = state.db.bureaus().await?;
    let mut b = String::from("<p>管理员账号不属于任何财政局，请选择：</p><ul id=\"bureaus\">");
    for (id, name) in &bureaus {
        b.push_str(&format!(
            "<li><a href=\"{path}?bureau={id}\">{}</a></li>",
            esc(name)
        ));
    }
    if bureaus.is_empty() {
        b.push_str("<li class=\"muted\">还没有财政局。</li>");
    }
    b.push_str("</ul>");
    Ok(layout(title, v, &b).into_response())
}

fn layout(title: &str, v: &Viewer, body: &str) -> Html<String> {
    crate::layout::page(title, Some((&v.user, v.csrf.as_str())), body)
}

/// `GET /roster`: the units with their fields, a form per unit, import and add.
pub async fn page(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Query(q): Query<BureauQuery>,
) -> PageResult {
    if v.user.role == Role::Admin && q.bureau.is_none() {
        return choose_bureau(&state, &v, "/roster", "单位名册").await;
    }
    let bureau = keeper(&state, &v, q.bureau).await?;
    roster_page(&state, &v, bureau, None).await
}

async fn roster_page(
    state: &AppState,
    v: &Viewer,
    bureau: i64,
    message: Option<(bool, &str)>,
) -> PageResult {
    let units = state.db.roster(bureau).await?;
    let csrf = esc(&v.csrf);
    let mut b = String::new();
    if let Some((ok, m)) = message {
        b.push_str(&format!(
            "<div class=\"{}\" id=\"roster-message\">{}</div>",
            if ok { "ok box" } else { "e box" },
            m
        ));
    }
    b.push_str(&format!(
        "<form method=\"post\" action=\"/roster/import\" enctype=\"multipart/form-data\" class=\"box\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"bureau\" value=\"{bureau}\">\
         <p><label for=\"roster-file\">导入名册</label><input id=\"roster-file\" name=\"file\" type=\"file\" accept=\".csv,.xlsx\" required> \
         <button type=\"submit\" id=\"import\">导入</button></p>\
         <p class=\"muted\">CSV 或 XLSX，表头：单位名称、单位代码、上级单位、类型（一级/二级/基层）、是否应公开（是/否）。\
         同名单位更新，新单位添加，名册中已有而文件中没有的单位保留。有问题的行会逐行列出，整个文件不导入。</p></form>"
    ));
    b.push_str(&format!(
        "<p><a href=\"/pending?bureau={bureau}\">待确认的上传</a> · <a href=\"/overview\">进度看板</a></p><h2>单位（{}）</h2>",
        units.len()
    ));
    let parent_options = |selected: Option<i64>, own: Option<i64>| {
        let mut o = String::from("<option value=\"\">（无）</option>");
        for u in units.iter().filter(|u| Some(u.id) != own) {
            o.push_str(&format!(
                "<option value=\"{}\"{}>{}</option>",
                u.id,
                if selected == Some(u.id) {
                    " selected"
                } else {
                    ""
                },
                esc(&u.name)
            ));
        }
        o
    };
    let level_options = |selected: &str| {
        let mut o = format!(
            "<option value=\"\"{}>（未填）</option>",
            if selected.is_empty() { " selected" } else { "" }
        );
        for l in LEVELS {
            o.push_str(&format!(
                "<option{}>{l}</option>",
                if selected == l { " selected" } else { "" }
            ));
        }
        o
    };
    b.push_str(
        "<table id=\"roster\"><thead><tr><th>单位名称</th><th>单位代码</th><th>上级单位</th><th>类型</th>\
         <th>应公开</th><th>上传</th><th>操作</th></tr></thead><tbody>",
    );
    for u in &units {
        let form = format!("u{}", u.id);
        let remove = if u.uploads == 0 {
            format!(
                "<form method=\"post\" action=\"/roster\" class=\"inline\" \
                 onsubmit=\"return confirm('确定从名册中删除这个单位？')\">\
                 <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"bureau\" value=\"{bureau}\"><input type=\"hidden\" name=\"id\" value=\"{}\">\
                 <button type=\"submit\" name=\"action\" value=\"remove\">删除</button></form>",
                u.id
            )
        } else {
            String::new()
        };
        b.push_str(&format!(
            "<tr data-unit=\"{id}\"><td><input form=\"{form}\" name=\"name\" value=\"{name}\" required maxlength=\"100\" size=\"30\"> \
             <a href=\"/units/{id}\">查看</a></td>\
             <td><input form=\"{form}\" name=\"code\" value=\"{code}\" size=\"10\"></td>\
             <td><select form=\"{form}\" name=\"parent\">{parents}</select></td>\
             <td><select form=\"{form}\" name=\"level\">{levels}</select></td>\
             <td><input form=\"{form}\" type=\"checkbox\" name=\"publish\" value=\"1\"{checked}></td>\
             <td class=\"n\">{uploads}</td>\
             <td><form id=\"{form}\" method=\"post\" action=\"/roster\" class=\"inline\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"bureau\" value=\"{bureau}\"><input type=\"hidden\" name=\"id\" value=\"{id}\">\
             <button type=\"submit\" name=\"action\" value=\"save\">保存</button></form> {remove}</td></tr>",
            id = u.id,
            name = esc(&u.name),
            code = esc(&u.code),
            parents = parent_options(u.parent_id, Some(u.id)),
            levels = level_options(&u.level),
            checked = if u.must_publish { " checked" } else { "" },
            uploads = u.uploads,
        ));
    }
    b.push_str(&format!(
        "<tr><td><input form=\"new\" name=\"name\" placeholder=\"新单位名称\" maxlength=\"100\" required></td>\
         <td><input form=\"new\" name=\"code\" size=\"10\"></td>\
         <td><select form=\"new\" name=\"parent\">{}</select></td>\
         <td><select form=\"new\" name=\"level\">{}</select></td>\
         <td><input form=\"new\" type=\"checkbox\" name=\"publish\" value=\"1\" checked></td><td></td>\
         <td><form id=\"new\" method=\"post\" action=\"/roster\" class=\"inline\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"bureau\" value=\"{bureau}\">\
         <button type=\"submit\" name=\"action\" value=\"add\" id=\"add-unit\">添加</button></form></td></tr>",
        parent_options(None, None),
        level_options("")
    ));
    b.push_str("</tbody></table>");
    let status = if matches!(message, Some((false, _))) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok((status, layout("单位名册", v, &b)).into_response())
}

/// `POST /roster/import`: a CSV or XLSX roster, all of it or none.
pub async fn import(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    mut mp: Multipart,
) -> PageResult {
    if v.user.role == Role::Officer {
        return Err(AppError::NotFound.into());
    }
    let mut asked: Option<i64> = None;
    let mut csrf_ok = false;
    let mut file: Option<(String, Vec<u8>)> = None;
    let too_big = || {
        AppError::refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("名册文件超过 {} MB 上限", MAX_ROSTER_BYTES / (1024 * 1024)),
        )
    };
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        AppError::refused(e.status(), format!("上传的内容无法读取：{}", e.body_text()))
    };
    while let Some(mut field) = mp.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or("") {
            "csrf" => {
                let t = field.text().await.map_err(unreadable)?;
                csrf_ok = v.csrf_ok(t.trim());
            }
            "bureau" => {
                let t = field.text().await.map_err(unreadable)?;
                asked = t.trim().parse().ok();
            }
            "file" | "files" => {
                if !csrf_ok {
                    return Err(AppError::StaleForm.into());
                }
                let name = crate::upload::clean_name(field.file_name().unwrap_or(""));
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() > MAX_ROSTER_BYTES {
                        return Err(too_big().into());
                    }
                }
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(AppError::StaleForm.into());
    }
    let bureau = keeper(&state, &v, asked).await?;
    let Some((name, bytes)) = file.filter(|f| !f.1.is_empty()) else {
        return roster_page(
            &state,
            &v,
            bureau,
            Some((false, "没有选择名册文件，或文件是空的")),
        )
        .await;
    };
    let lower = name.to_lowercase();
    let xlsx = lower.ends_with(".xlsx");
    if !xlsx && !lower.ends_with(".csv") {
        return roster_page(
            &state,
            &v,
            bureau,
            Some((
                false,
                "名册须是 .csv 或 .xlsx 文件（.xls 请在 Excel 或 WPS 中另存为 .xlsx）",
            )),
        )
        .await;
    }
    let existing: Vec<String> = state
        .db
        .roster(bureau)
        .await?
        .into_iter()
        .map(|u| u.name)
        .collect();
    match parse(&bytes, xlsx, &existing) {
        Err(problems) => {
            let text = match problems.as_slice() {
                [one] => format!("名册“{}”未导入：{}。", esc(&name), esc(one)),
                many => format!(
                    "名册“{}”未导入，有 {} 处问题：<ul id=\"roster-problems\">{}</ul>",
                    esc(&name),
                    many.len(),
                    many.iter()
                        .map(|p| format!("<li>{}</li>", esc(p)))
                        .collect::<String>()
                ),
            };
            roster_page(&state, &v, bureau, Some((false, &text))).await
        }
        Ok(rows) => {
            let (added, updated) = state.db.import_roster(bureau, &rows).await?;
            state
                .db
                .log(
                    &v.user.name,
                    "导入名册",
                    &name,
                    &format!("新增 {added} 个单位，更新 {updated} 个"),
                )
                .await?;
            let text = format!(
                "已导入名册“{}”：{} 个单位，新增 {added} 个，更新 {updated} 个。",
                esc(&name),
                rows.len()
            );
            roster_page(&state, &v, bureau, Some((true, &text))).await
        }
    }
}

#[derive(Deserialize)]
pub struct UnitForm {
    csrf: String,
    bureau: Option<i64>,
    action: String,
    id: Option<i64>,
    name: Option<String>,
    code: Option<String>,
    parent: Option<String>,
    level: Option<String>,
    publish: Option<String>,
}

/// `POST /roster`: add, save or remove one unit.
pub async fn edit(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Form(f): Form<UnitForm>,
) -> PageResult {
    let bureau = keeper(&state, &v, f.bureau).await?;
    if !v.csrf_ok(&f.csrf) {
        return Err(AppError::StaleForm.into());
    }
    let units = state.db.roster(bureau).await?;
    let target = match f.id {
        Some(id) => match units.iter().find(|u| u.id == id) {
            Some(u) => Some(u),
            None => return Err(AppError::NotFound.into()),
        },
        None => None,
    };
    match (f.action.as_str(), target) {
        ("remove", Some(u)) => {
            if state.db.remove_unit(bureau, u.id).await? {
                state.db.log(&v.user.name, "删除单位", &u.name, "").await?;
                let m = format!("已从名册中删除“{}”。", esc(&u.name));
                roster_page(&state, &v, bureau, Some((true, &m))).await
            } else {
                let m = format!("“{}”已有上传的文件，不能删除。", esc(&u.name));
                roster_page(&state, &v, bureau, Some((false, &m))).await
            }
        }
        ("save", Some(_)) | ("add", None) => {
            let name = f.name.as_deref().unwrap_or("").trim().to_string();
            let problem = if name.is_empty() {
                Some("单位名称不能为空".to_string())
            } else if name.chars().count() > 100 {
                Some("单位名称超过 100 个字".to_string())
            } else if units
                .iter()
                .any(|u| u.name == name && Some(u.id) != target.map(|t| t.id))
            {
                Some(format!("名册中已有“{name}”"))
            } else {
                None
            };
            let level_text = f.level.as_deref().unwrap_or("");
            let Some(level) = level(level_text) else {
                return roster_page(
                    &state,
                    &v,
                    bureau,
                    Some((false, "类型应为一级、二级或基层。")),
                )
                .await;
            };
            let parent_id = match f.parent.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                None => None,
                Some(p) => match p
                    .parse::<i64>()
                    .ok()
                    .filter(|id| units.iter().any(|u| u.id == *id))
                {
                    Some(id) => Some(id),
                    None => return Err(AppError::NotFound.into()),
                },
            };
            // a parent may not be the unit itself or one of its descendants
            if let (Some(t), Some(mut p)) = (target, parent_id) {
                for _ in 0..=units.len() {
                    if p == t.id {
                        return roster_page(
                            &state,
                            &v,
                            bureau,
                            Some((false, "上级单位不能是这个单位本身或它的下级单位。")),
                        )
                        .await;
                    }
                    match units.iter().find(|u| u.id == p).and_then(|u| u.parent_id) {
                        Some(next) => p = next,
                        None => break,
                    }
                }
            }
            if let Some(why) = problem {
                return roster_page(
                    &state,
                    &v,
                    bureau,
                    Some((false, &format!("{}。", esc(&why)))),
                )
                .await;
            }
            let fields = UnitFields {
                name: name.clone(),
                code: f
                    .code
                    .as_deref()
                    .unwrap_or("")
                    .trim()
                    .chars()
                    .take(50)
                    .collect(),
                parent_id,
                level,
                must_publish: f.publish.is_some(),
            };
            state
                .db
                .save_unit(bureau, target.map(|t| t.id), &fields)
                .await?;
            let (action, detail) = match target {
                Some(t) if t.name != name => ("修改单位", format!("原名“{}”", t.name)),
                Some(_) => ("修改单位", String::new()),
                None => ("添加单位", String::new()),
            };
            state.db.log(&v.user.name, action, &name, &detail).await?;
            let m = format!("已保存“{}”。", esc(&name));
            roster_page(&state, &v, bureau, Some((true, &m))).await
        }
        _ => roster_page(&state, &v, bureau, Some((false, "不认识的操作。"))).await,
    }
}

/// `GET /pending`: the bureau's finished uploads that wait for a unit.
pub async fn pending(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Query(q): Query<BureauQuery>,
) -> PageResult {
    if v.user.role == Role::Admin && q.bureau.is_none() {
        return choose_bureau(&state, &v, "/pending", "待确认的上传").await;
    }
    let bureau = keeper(&state, &v, q.bureau).await?;
    pending_page(&state, &v, bureau, None).await
}

async fn pending_page(
    state: &AppState,
    v: &Viewer,
    bureau: i64,
    message: Option<(bool, &str)>,
) -> PageResult {
    let waiting = state.db.pending_uploads(bureau).await?;
    let units = state.db.bureau_units(bureau).await?;
    let csrf = esc(&v.csrf);
    let mut b = String::new();
    if let Some((ok, m)) = message {
        b.push_str(&format!(
            "<p class=\"{}\" id=\"pending-message\">{}</p>",
            if ok { "ok" } else { "e" },
            esc(m)
        ));
    }
    b.push_str(
        "<p class=\"muted\">这些文件中的单位与名册对不上（或对上了不止一个、或未能识别），没有归入任何单位。\
         请确认后归入名册中的单位，或按文件中的名称新建单位。</p>",
    );
    if waiting.is_empty() {
        b.push_str("<p id=\"pending-none\">没有待确认的上传。</p>");
    }
    let options: String = units
        .iter()
        .map(|u| format!("<option value=\"{}\">{}</option>", u.id, esc(&u.name)))
        .collect();
    b.push_str("<table id=\"pending\"><tbody>");
    for up in &waiting {
        let named = up.named_unit.as_deref().unwrap_or("");
        let create = if named.is_empty() {
            String::new()
        } else {
            format!(
                "<form method=\"post\" action=\"/pending\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"bureau\" value=\"{bureau}\">\
                 <input type=\"hidden\" name=\"upload\" value=\"{}\"><input type=\"hidden\" name=\"name\" value=\"{}\">\
                 <button type=\"submit\" name=\"action\" value=\"create\">新建单位“{}”并归入</button></form>",
                up.id,
                esc(named),
                esc(named)
            )
        };
        b.push_str(&format!(
            "<tr data-upload=\"{id}\"><td><a href=\"/uploads/{id}\">{file}</a><br><span class=\"muted\">{note}</span></td>\
             <td><form method=\"post\" action=\"/pending\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\"><input type=\"hidden\" name=\"bureau\" value=\"{bureau}\">\
             <input type=\"hidden\" name=\"upload\" value=\"{id}\"><select name=\"unit\" required><option value=\"\">（选择单位）</option>{options}</select> \
             <button type=\"submit\" name=\"action\" value=\"assign\">归入</button></form> {create}</td></tr>",
            id = up.id,
            file = esc(&up.file_name),
            note = esc(&up.match_note),
        ));
    }
    b.push_str("</tbody></table>");
    Ok(layout("待确认的上传", v, &b).into_response())
}

#[derive(Deserialize)]
pub struct AssignForm {
    csrf: String,
    bureau: Option<i64>,
    action: String,
    upload: i64,
    unit: Option<String>,
    name: Option<String>,
}

/// `POST /pending`: files a waiting upload under a unit of the roster, or under a new unit
/// named as the file names it; the unit's status follows (已提交).
pub async fn assign(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Form(f): Form<AssignForm>,
) -> PageResult {
    let bureau = keeper(&state, &v, f.bureau).await?;
    if !v.csrf_ok(&f.csrf) {
        return Err(AppError::StaleForm.into());
    }
    let up = match state.db.upload(f.upload).await? {
        Some(u) if u.bureau_id == bureau => u,
        _ => return Err(AppError::NotFound.into()),
    };
    let units = state.db.bureau_units(bureau).await?;
    let chosen = f.unit.as_deref().and_then(|u| u.trim().parse::<i64>().ok());
    let unit = match (f.action.as_str(), chosen) {
        ("assign", None) => {
            return pending_page(&state, &v, bureau, Some((false, "请选择要归入的单位"))).await;
        }
        ("assign", Some(id)) => match units.into_iter().find(|u| u.id == id) {
            Some(u) => u,
            None => return Err(AppError::NotFound.into()),
        },
        ("create", _) => {
            let name = f.name.as_deref().unwrap_or("").trim().to_string();
            if name.is_empty() || name.chars().count() > 100 {
                return pending_page(&state, &v, bureau, Some((false, "新单位的名称不对"))).await;
            }
            let id = state.db.unit_named(bureau, &name).await?;
            state
                .db
                .log(&v.user.name, "添加单位", &name, "由待确认的上传新建")
                .await?;
            Unit {
                id,
                bureau_id: bureau,
                name,
            }
        }
        _ => return pending_page(&state, &v, bureau, Some((false, "不认识的操作"))).await,
    };
    let note = format!("由{}确认归入「{}」", v.user.name, unit.name);
    if !state.db.assign_upload(up.id, unit.id, &note).await? {
        return pending_page(&state, &v, bureau, Some((false, "这个上传已经归入了单位"))).await;
    }
    let mut filed = vec![up];
    if f.action == "create" {
        // the other waiting files that name the new unit (and no other) go with it
        let units = state.db.bureau_units(bureau).await?;
        let bureau_name = state.db.bureau_name(bureau).await?;
        for other in state.db.pending_uploads(bureau).await? {
            let Some(named) = other.named_unit.as_deref() else {
                continue;
            };
            if let Found::One(id, _) = find(named, &units, &bureau_name)
                && id == unit.id
            {
                let note = format!(
                    "文件中的单位「{named}」与{}新建的单位「{}」一致，随之归入",
                    v.user.name, unit.name
                );
                if state.db.assign_upload(other.id, unit.id, &note).await? {
                    filed.push(other);
                }
            }
        }
    }
    for up in &filed {
        if let (Some(year), Ok(kind)) = (
            up.year,
            crate::status::DisclosureKind::parse(&up.disclosure),
        ) {
            crate::status::submitted(&state.db, unit.id, kind, year, &v.user.name, up).await?;
        }
    }
    Ok(Redirect::to(&format!("/units/{}", unit.id)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: i64, name: &str) -> Unit {
        Unit {
            id,
            bureau_id: 1,
            name: name.into(),
        }
    }

    #[test]
    fn names_are_normalised_as_officials_write_them() {
        assert_eq!(normalise("上海市普陀区财政局（本级）"), "普陀区财政局");
        assert_eq!(normalise(" 普陀区 财政局本级 "), "普陀区财政局");
        assert_eq!(
            normalise("北京市西城区科学技术和信息化局(机关)"),
            "西城区科学技术和信息化局"
        );
        assert_eq!(normalise("ＡＢＣ中心"), "ABC中心");
        assert_eq!(normalise("（本级）"), "");
        assert_eq!(district("普陀区财政局"), Some(("普陀区", "财政局")));
        assert_eq!(district("浦东新区财政局"), Some(("浦东新区", "财政局")));
        assert_eq!(district("社区服务中心"), None, "社区 is no district");
        assert_eq!(district("普陀区"), None);
    }

    #[test]
    fn two_districts_units_never_match() {
        let b = "北京市西城区财政局";
        assert_eq!(same_unit("东城区档案局", "西城区档案局", b), None);
        assert_eq!(
            same_unit("北京市东城区档案局", "档案局", b),
            None,
            "not the bureau's district"
        );
        assert_eq!(
            same_unit("北京市西城区档案局", "档案局", b),
            Some(Match::Normalised)
        );
        assert_eq!(
            same_unit("上海市普陀区财政局", "普陀区财政局", b),
            Some(Match::Normalised)
        );
        assert_eq!(
            same_unit("普陀区财政局", "普陀区财政局 ", b),
            Some(Match::Exact)
        );
        assert_eq!(same_unit("", "", b), None);
        assert_eq!(same_unit("（本级）", "本级", b), None);
    }

    #[test]
    fn uploads_are_filed_refused_or_kept_for_a_person() {
        let b = "北京市西城区财政局";
        let units = [
            unit(1, "西城区科信局"),
            unit(2, "北京市西城区档案局"),
            unit(3, "西城区档案局（本级）"),
        ];
        // an officer's own file is filed; another unit's is refused with both names
        assert!(matches!(
            decide(
                Role::Officer,
                Some(&units[0]),
                Some("北京市西城区科信局"),
                &units,
                b
            ),
            Decision::File(1, _)
        ));
        match decide(
            Role::Officer,
            Some(&units[0]),
            Some("东城区档案局"),
            &units,
            b,
        ) {
            Decision::Refuse(why) => assert!(
                why.starts_with("文件中的单位是「东城区档案局」，您所属单位是「西城区科信局」"),
                "{why}"
            ),
            d => panic!("{d:?}"),
        }
        match decide(Role::Officer, Some(&units[0]), None, &units, b) {
            Decision::File(1, note) => assert!(note.contains("未能识别文件中的单位名称"), "{note}"),
            d => panic!("{d:?}"),
        }
        // a reviewer's: exact, normalised, ambiguous, unknown, unrecognised
        assert!(matches!(
            decide(Role::Reviewer, None, Some("北京市西城区档案局"), &units, b),
            Decision::File(2, _)
        ));
        assert!(matches!(
            decide(
                Role::Reviewer,
                None,
                Some("西城区科信局（本级）"),
                &units,
                b
            ),
            Decision::File(1, _)
        ));
        match decide(Role::Reviewer, None, Some("西城区档案局"), &units, b) {
            Decision::Pending(why) => assert!(why.contains("多个单位相近"), "{why}"),
            d => panic!("{d:?}"),
        }
        assert!(matches!(
            decide(Role::Reviewer, None, Some("上海市普陀区财政局"), &units, b),
            Decision::Pending(_)
        ));
        assert!(matches!(
            decide(Role::Reviewer, None, None, &units, b),
            Decision::Pending(_)
        ));
        // a reviewer's chosen unit the file does not name waits for a person
        assert!(matches!(
            decide(
                Role::Reviewer,
                Some(&units[0]),
                Some("东城区档案局"),
                &units,
                b
            ),
            Decision::Pending(_)
        ));
    }

    #[test]
    fn a_roster_is_read_with_its_header_words_and_bad_rows_are_listed() {
        let csv = "单位名册,,,,\n名称,单位编码,主管部门,单位类型,是否公开\n\
                   西城区财政局,001,,一级,是\n西城区财政局机关,002,西城区财政局,二级单位,\n\
                   ,003,,基层,是\n档案馆,004,不存在的局,基层,是\n科信局,005,,四级,是\n\
                   科信局二,006,,基层,也许\n西城区财政局,007,,一级,是\n";
        let problems = parse(csv.as_bytes(), false, &[]).unwrap_err();
        assert_eq!(
            problems,
            [
                "第5行：缺少单位名称",
                "第6行：上级单位“不存在的局”不在名册中（须是本文件或已有名册中的单位名称）",
                "第7行：类型“四级”不认识（应为一级、二级或基层）",
                "第8行：是否应公开“也许”不认识（应为是或否）",
                "第9行：单位名称“西城区财政局”与第3行重复",
            ]
        );
        let good = "\u{FEFF}单位名称,单位代码,上级单位,类型,是否应公开\n西城区财政局,001,,一级,是\n\
                    西城区财政局机关,002,西城区财政局,二级,否\n\n";
        let rows = parse(good.as_bytes(), false, &[]).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].parent, "西城区财政局");
        assert_eq!(rows[1].level, "二级");
        assert!(!rows[1].must_publish);
        // GBK, as Excel saves a CSV in China
        let (gbk, _, _) = encoding_rs::GBK.encode(good);
        assert_eq!(parse(&gbk, false, &[]).unwrap(), rows);
        assert!(parse(b"a,b\n1,2\n", false, &[]).unwrap_err()[0].contains("找不到表头"));
        assert!(parse(b"PK\x03\x04junk", true, &[]).is_err());
    }
}

#[cfg(test)]
mod xlsx_tests {
    use super::*;

    fn workbook(rows: &[(u32, &[&str])]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (r, cells) in rows {
            for (c, v) in cells.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(0);
                match v.parse::<f64>() {
                    Ok(n) => ws.write_number(*r, c, n).map(drop),
                    Err(_) => ws.write_string(*r, c, *v).map(drop),
                }
                .unwrap_or_default();
            }
        }
        wb.save_to_buffer().unwrap_or_default()
    }

    #[test]
    fn an_xlsx_roster_is_read_cell_by_cell_and_bounded() {
        let ok = workbook(&[
            (0, &["单位名称", "单位代码", "类型", "是否应公开"]),
            (1, &["甲局", "101", "一级", "是"]),
            (3, &["乙局", "102", "基层", "否"]),
        ]);
        let rows = parse(&ok, true, &[]).unwrap_or_default();
        assert_eq!(rows.len(), 2, "the empty row 3 is skipped");
        assert_eq!((rows[0].code.as_str(), rows[1].line), ("101", 4));
        assert!(!rows[1].must_publish);
        // one stray cell far below: refused, not silently cut
        let far = workbook(&[(0, &["单位名称"]), (1, &["甲局"]), (100_000, &["丙局"])]);
        let why = parse(&far, true, &[]).unwrap_err();
        assert!(why[0].starts_with("名册最多 5000 行"), "{why:?}");
    }
}
