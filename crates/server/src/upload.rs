//! Receiving files (for the upload page and `POST /api/uploads`): streamed to disk under a
//! generated name (the user's file name is only ever stored as text, so it cannot reach
//! the file system), size and count limits per file and per request, the unit checked
//! against the user's rights, then queued. A request is all or nothing: its files are
//! kept as `.part-*` files until the whole request has been read and every file accepted,
//! then renamed and queued in one transaction; a refused file, a request over the limit
//! (413) or a broken connection leaves nothing stored and nothing queued, and the partial
//! files are removed at once (and any a crash left behind at start-up, [`remove_partial`]).
//! The outcome is data ([`Received`]) or an [`AppError`]; `pages` and `api` answer with
//! them their way.

use std::io::Write;

use axum::extract::Multipart;
use axum::http::StatusCode;
use serde::Serialize;

use crate::AppState;
use crate::access::{self, Denied};
use crate::auth::Viewer;
use crate::db::{NewUpload, Role, UploadKind};
use crate::error::AppError;

/// A file taken and queued.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Accepted {
    pub id: i64,
    pub file_name: String,
    /// `package` or `document`.
    pub kind: UploadKind,
}

/// A file refused, and why.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Rejected {
    pub file_name: String,
    pub why: String,
}

/// The outcome of one upload request.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Received {
    pub accepted: Vec<Accepted>,
    pub rejected: Vec<Rejected>,
}

/// The file name to show: the last part of whatever path the browser sent, without control
/// characters, at most 120 characters.
pub fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect::<String>()
        .trim()
        .to_string();
    if name.is_empty() || name == "." || name == ".." {
        "未命名文件".to_string()
    } else {
        name
    }
}

/// The kind and extension of a file name juesuan reads.
fn kind_of(name: &str) -> Option<(UploadKind, String)> {
    let ext = std::path::Path::new(name)
        .extension()?
        .to_str()?
        .to_ascii_lowercase();
    let kind = match ext.as_str() {
        "xlsx" | "xlsm" | "toml" | "json" => UploadKind::Package,
        "pdf" | "docx" | "html" | "htm" | "txt" => UploadKind::Document,
        _ => return None,
    };
    Some((kind, ext))
}

/// A file that could not be saved.
fn save_failed(e: std::io::Error) -> AppError {
    AppError::refused(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("无法保存上传的文件：{e}"),
    )
}

/// A body that could not be read, or was too large, refused as a whole.
fn multipart_refusal(e: axum::extract::multipart::MultipartError) -> AppError {
    let status = e.status();
    let why = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "上传的内容超过上限".to_string()
    } else {
        format!("上传的内容无法读取：{}", e.body_text())
    };
    AppError::Refused(status, why)
}

/// The `.part-*` files of one request: removed when dropped (an error, a refusal, or the
/// connection dropping, which drops the request's future) unless the request was stored.
struct PartFiles {
    dir: std::path::PathBuf,
    names: Vec<String>,
}

impl Drop for PartFiles {
    fn drop(&mut self) {
        for n in &self.names {
            let _ = std::fs::remove_file(self.dir.join(format!(".part-{n}")));
        }
    }
}

/// Removes the `.part-*` files an interrupted server left in the uploads folder; returns
/// how many.
pub fn remove_partial(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".part-"))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Reads the multipart body and queues its files, all or none. `form` is true for the page's
/// form, whose CSRF token must come (as the field `csrf`) before any file.
pub async fn receive(
    state: &AppState,
    viewer: &Viewer,
    mut mp: Multipart,
    form: bool,
) -> Result<Received, AppError> {
    let cfg = &state.config;
    let mut out = Received::default();
    let mut csrf_ok = !form;
    let mut unit: Option<(i64, i64)> = None; // (unit, bureau)
    let mut unit_given = false;
    let mut files = 0usize;
    let mut parts = PartFiles {
        dir: cfg.upload_dir(),
        names: Vec::new(),
    };
    let mut pending: Vec<NewUpload> = Vec::new();
    while let Some(mut field) = mp.next_field().await.map_err(multipart_refusal)? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "csrf" => {
                let v = field.text().await.map_err(multipart_refusal)?;
                csrf_ok = csrf_ok || viewer.csrf_ok(v.trim());
            }
            "unit" => {
                let v = field.text().await.map_err(multipart_refusal)?;
                if v.trim().is_empty() {
                    continue;
                }
                unit_given = true;
                let id: i64 = v.trim().parse().map_err(|_| {
                    AppError::refused(StatusCode::BAD_REQUEST, format!("单位编号“{v}”不对"))
                })?;
                match access::visible_unit(state, &viewer.user, id).await {
                    Ok(u) => unit = Some((u.id, u.bureau_id)),
                    Err(Denied::Db(e)) => return Err(e.into()),
                    Err(Denied::NotFound | Denied::NotVisible) => {
                        return Err(AppError::refused(StatusCode::NOT_FOUND, "没有这个单位"));
                    }
                }
            }
            "files" | "file" => {
                if !csrf_ok {
                    return Err(AppError::StaleForm);
                }
                let file_name = clean_name(field.file_name().unwrap_or(""));
                if field.file_name().is_none_or(str::is_empty) {
                    continue; // an empty file input
                }
                files += 1;
                if files > cfg.max_files {
                    out.rejected.push(Rejected {
                        file_name,
                        why: format!("一次最多上传 {} 个文件", cfg.max_files),
                    });
                    continue;
                }
                let Some((kind, ext)) = kind_of(&file_name) else {
                    out.rejected.push(Rejected {
                        file_name,
                        why: "不支持的文件类型：可上传数据包 .xlsx .toml .json，或公开文件 .pdf .docx .html .txt".into(),
                    });
                    continue;
                };
                let (bureau_id, unit_id) = match (unit, viewer.user.role) {
                    (Some((u, b)), _) => (b, Some(u)),
                    (None, Role::Officer) => {
                        let mine = access::units(state, &viewer.user).await?;
                        match mine.as_slice() {
                            [only] => (only.bureau_id, Some(only.id)),
                            _ if !unit_given => {
                                out.rejected.push(Rejected {
                                    file_name,
                                    why: "请选择这个文件所属的单位".into(),
                                });
                                continue;
                            }
                            _ => continue,
                        }
                    }
                    (None, _) => {
                        let b = match viewer.user.bureau_id {
                            Some(b) => b,
                            None => state.db.bureau("（未指定财政局）").await?,
                        };
                        (b, None)
                    }
                };
                let stored = match crate::auth::random_hex(12) {
                    Ok(h) => format!("{h}.{ext}"),
                    Err(e) => return Err(AppError::Refused(StatusCode::INTERNAL_SERVER_ERROR, e)),
                };
                let tmp = parts.dir.join(format!(".part-{stored}"));
                parts.names.push(stored.clone());
                let mut size: u64 = 0;
                let mut too_big = false;
                {
                    let mut f = std::fs::File::create(&tmp).map_err(save_failed)?;
                    while let Some(chunk) = field.chunk().await.map_err(multipart_refusal)? {
                        size += chunk.len() as u64;
                        if size > cfg.max_file_bytes {
                            too_big = true;
                            break;
                        }
                        f.write_all(&chunk).map_err(save_failed)?;
                    }
                    if !too_big {
                        f.sync_all().map_err(save_failed)?;
                    }
                }
                if too_big || size == 0 {
                    let _ = std::fs::remove_file(&tmp);
                    out.rejected.push(Rejected {
                        file_name,
                        why: if too_big {
                            format!("文件超过 {} MB 上限", cfg.max_file_bytes / (1024 * 1024))
                        } else {
                            "文件是空的".into()
                        },
                    });
                    continue;
                }
                pending.push(NewUpload {
                    bureau_id,
                    unit_id,
                    file_name,
                    stored,
                    kind,
                    size: i64::try_from(size).unwrap_or(i64::MAX),
                });
            }
            _ => {}
        }
    }
    if form && !csrf_ok {
        return Err(AppError::StaleForm);
    }
    if !out.rejected.is_empty() {
        // One file refused: none is stored (`parts` removes what was received).
        for p in pending {
            out.rejected.push(Rejected {
                file_name: p.file_name,
                why: "同一次上传中有文件被拒收，本次上传的文件都没有保存：请去掉或改正被拒收的文件后重新上传"
                    .into(),
            });
        }
        return Ok(out);
    }
    let ids = if state.db.backend == crate::db::Backend::Postgres {
        // Every server reads the files: they go into the database with their rows, in one
        // transaction; the partial files go when `parts` is dropped.
        let mut contents = Vec::with_capacity(pending.len());
        for p in &pending {
            contents.push(
                std::fs::read(parts.dir.join(format!(".part-{}", p.stored)))
                    .map_err(save_failed)?,
            );
        }
        state
            .db
            .add_uploads(viewer.user.id, &pending, Some(&contents))
            .await?
    } else {
        for p in &pending {
            std::fs::rename(
                parts.dir.join(format!(".part-{}", p.stored)),
                parts.dir.join(&p.stored),
            )
            .map_err(save_failed)?;
        }
        match state.db.add_uploads(viewer.user.id, &pending, None).await {
            Ok(ids) => {
                parts.names.clear();
                ids
            }
            Err(e) => {
                for p in &pending {
                    let _ = std::fs::remove_file(parts.dir.join(&p.stored));
                }
                return Err(e.into());
            }
        }
    };
    if !ids.is_empty() {
        state.jobs.notify.notify_waiters();
        state.jobs.notify.notify_one();
    }
    for (id, p) in ids.into_iter().zip(pending) {
        out.accepted.push(Accepted {
            id,
            file_name: p.file_name,
            kind: p.kind,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_the_browser_cannot_reach_the_file_system() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\财务\\决算.xlsx"), "决算.xlsx");
        assert_eq!(clean_name(".."), "未命名文件");
        assert_eq!(clean_name("a\u{0}b\n.pdf"), "ab.pdf");
        assert_eq!(clean_name(""), "未命名文件");
        assert_eq!(kind_of("决算.PDF").map(|k| k.0), Some(UploadKind::Document));
        assert_eq!(kind_of("单位.xlsx").map(|k| k.0), Some(UploadKind::Package));
        for page in ["公开.html", "公开.HTM"] {
            let (kind, ext) = kind_of(page).unwrap();
            assert_eq!(kind, UploadKind::Document);
            assert!(ext.starts_with("htm"), "{ext}");
        }
        assert_eq!(kind_of("x.exe"), None);
        assert_eq!(kind_of("noext"), None);
    }
}
