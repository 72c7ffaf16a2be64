//! The access layer: what a user may see, and the stored results read back. Its answers are
//! data or a typed [`Denied`], never a response, so that the pages and the API (which
//! render them through [`crate::error`]) cannot differ on who sees what.

use std::path::PathBuf;

use juesuan_review::{Item, Row};
use serde::Deserialize;

use crate::AppState;
use crate::db::{DbError, DbResult, PerfResult, Role, Unit, Upload, UploadKind, UploadState, User};

/// Why something asked for is not given.
#[derive(Debug)]
pub enum Denied {
    /// There is no such thing.
    NotFound,
    /// It exists but is not the user's to see; answered exactly as [`Denied::NotFound`]
    /// so that nothing leaks.
    NotVisible,
    /// Storage failed.
    Db(DbError),
}

impl From<DbError> for Denied {
    fn from(e: DbError) -> Self {
        Denied::Db(e)
    }
}

/// What was found, when the user may see it.
async fn visible<T>(
    found: DbResult<Option<T>>,
    may_see: impl AsyncFnOnce(&T) -> DbResult<bool>,
) -> Result<T, Denied> {
    let item = found?.ok_or(Denied::NotFound)?;
    if may_see(&item).await? {
        Ok(item)
    } else {
        Err(Denied::NotVisible)
    }
}

/// An upload the user may see.
pub async fn visible_upload(state: &AppState, user: &User, id: i64) -> Result<Upload, Denied> {
    visible(state.db.upload(id).await, async |u: &Upload| {
        state.db.may_see_upload(user, u).await
    })
    .await
}

/// A unit the user may see.
pub async fn visible_unit(state: &AppState, user: &User, id: i64) -> Result<Unit, Denied> {
    visible(state.db.unit(id).await, async |u: &Unit| {
        state.db.may_see_unit(user, u).await
    })
    .await
}

/// The units the user may see, by name.
pub async fn units(state: &AppState, user: &User) -> DbResult<Vec<Unit>> {
    state.db.units_visible(user).await
}

/// The newest uploads the user may see (at most `limit`).
pub async fn recent_uploads(state: &AppState, user: &User, limit: i64) -> DbResult<Vec<Upload>> {
    state.db.uploads_visible(user, limit).await
}

/// The uploads of a unit, newest first; `unit` comes from [`visible_unit`].
pub async fn uploads_of(state: &AppState, unit: &Unit) -> DbResult<Vec<Upload>> {
    state.db.uploads_of_unit(unit.id).await
}

/// A bureau's name (empty when there is none).
pub async fn bureau_name(state: &AppState, id: i64) -> DbResult<String> {
    state.db.bureau_name(id).await
}

/// Whether the user may see the job queue of all units (reviewers and admins).
pub fn may_see_queue(user: &User) -> bool {
    user.role != Role::Officer
}

/// Uploads per state, every state present (zero when none).
pub async fn job_counts(state: &AppState) -> DbResult<Vec<(UploadState, i64)>> {
    let counts = state.db.state_counts().await?;
    Ok(UploadState::ALL
        .into_iter()
        .map(|s| {
            let n = counts
                .iter()
                .filter(|(k, _)| *k == s)
                .map(|(_, n)| *n)
                .sum();
            (s, n)
        })
        .collect())
}

/// The stored results of an upload, parsed.
pub struct Stored {
    pub row: Option<Row>,
    pub items: Vec<Item>,
    pub perf: Option<PerfResult>,
    pub has_document: bool,
}

/// The stored results of an upload (one from [`visible_upload`] or [`uploads_of`]).
pub async fn stored(state: &AppState, up: &Upload) -> DbResult<Stored> {
    let r = state.db.results(up.id).await?;
    // A finding that cannot be read back is an error, never a silently shorter list.
    let items = r
        .findings
        .iter()
        .map(|f| serde_json::from_str::<Item>(&f.item))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| DbError::Invalid(format!("存储的审核结果无法读取：{e}")))?;
    Ok(Stored {
        row: r.row_json.and_then(|j| serde_json::from_str(&j).ok()),
        items,
        perf: r.perf_json.and_then(|j| serde_json::from_str(&j).ok()),
        has_document: r.report_html.is_some(),
    })
}

/// The packages of a unit's finished uploads, as `compare` reads them, in the order given
/// (uploads whose package was not kept are left out).
pub async fn packages(
    state: &AppState,
    uploads: &[Upload],
) -> DbResult<Vec<(Upload, juesuan_model::Package)>> {
    let mut out = Vec::new();
    for up in uploads.iter().filter(|u| u.state == UploadState::Done) {
        let Some(json) = state.db.package_json(up.id).await? else {
            continue;
        };
        let package = serde_json::from_str(&json)
            .map_err(|e| DbError::Invalid(format!("存储的数据包无法读取：{e}")))?;
        out.push((up.clone(), package));
    }
    Ok(out)
}

/// The document view of an upload (its text with the findings marked); only a checked
/// document has one.
pub async fn document_html(state: &AppState, up: &Upload) -> Result<String, Denied> {
    state.db.report_html(up.id).await?.ok_or(Denied::NotFound)
}

/// The stored package a disclosure is generated from; only a finished package has one.
pub async fn package_file(state: &AppState, up: &Upload) -> Result<StoredFile, Denied> {
    if up.kind == UploadKind::Package && up.state == UploadState::Done {
        stored_file(state, &up.stored, "download").await
    } else {
        Err(Denied::NotFound)
    }
}

/// An uploaded file on this machine's disk for reading: in the uploads folder (SQLite), or
/// copied out of the database (PostgreSQL, where every server reads the same files) into
/// the data folder's `work/`, removed when this is dropped.
pub struct StoredFile {
    pub path: PathBuf,
    temporary: bool,
}

impl Drop for StoredFile {
    fn drop(&mut self) {
        if self.temporary {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The file stored under `stored`; `purpose` keeps two readers of one file apart.
pub async fn stored_file(
    state: &AppState,
    stored: &str,
    purpose: &str,
) -> Result<StoredFile, Denied> {
    if state.db.backend != crate::db::Backend::Postgres {
        return Ok(StoredFile {
            path: state.config.upload_dir().join(stored),
            temporary: false,
        });
    }
    let bytes = state.db.file_bytes(stored).await?.ok_or(Denied::NotFound)?;
    let dir = state.config.data_dir.join("work");
    let unique = crate::auth::random_hex(6).map_err(|e| Denied::Db(DbError::Invalid(e)))?;
    let path = dir.join(format!("{purpose}-{unique}-{stored}"));
    let written = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, &bytes));
    written.map_err(|e| Denied::Db(DbError::Invalid(format!("无法写出上传的文件：{e}"))))?;
    Ok(StoredFile {
        path,
        temporary: true,
    })
}

/// The finished uploads of a list, oldest first (as versions are compared).
pub fn finished_oldest_first(uploads: &[Upload]) -> Vec<&Upload> {
    let mut done: Vec<&Upload> = uploads
        .iter()
        .filter(|u| u.state == UploadState::Done)
        .collect();
    done.reverse();
    done
}

/// The version a finished upload is compared with: the one before it of the same kind
/// (a package with a package, a document with a document). `done` is oldest first.
pub fn previous_version(done: &[&Upload], i: usize) -> Option<usize> {
    (0..i).rev().find(|&b| done[b].kind == done[i].kind)
}

/// The overview row of the newest finished upload of each unit the user may see,
/// optionally of one year; the row names the unit as the workbench does.
pub async fn latest_rows(
    state: &AppState,
    user: &User,
    year: Option<u16>,
) -> DbResult<Vec<(Unit, Row)>> {
    Ok(latest_rows_counted(state, user, year).await?.0)
}

/// [`latest_rows`], and how many findings judged 不是问题 they leave out.
pub async fn latest_rows_counted(
    state: &AppState,
    user: &User,
    year: Option<u16>,
) -> DbResult<(Vec<(Unit, Row)>, usize)> {
    let units = state.db.units_visible(user).await?;
    let latest = state.db.latest_rows(year.map(i64::from)).await?;
    let mut rows: Vec<(Unit, Row)> = units
        .into_iter()
        .filter_map(|unit| {
            let json = latest.iter().find(|(u, _)| *u == unit.id)?.1.as_str();
            let mut row: Row = serde_json::from_str(json).ok()?;
            row.unit = Some(unit.name.clone());
            Some((unit, row))
        })
        .collect();
    // findings judged 不是问题 no longer count
    let left_out = crate::decisions::discount_rows(state, &mut rows, year).await?;
    Ok((rows, left_out))
}

/// `?year=2024` of the overview (pages and API); anything else is every year.
#[derive(Deserialize)]
pub struct YearQuery {
    pub year: Option<String>,
}

impl YearQuery {
    /// The year asked for, when it is one.
    pub fn year(&self) -> Option<u16> {
        self.year.as_deref().and_then(|y| y.trim().parse().ok())
    }
}
