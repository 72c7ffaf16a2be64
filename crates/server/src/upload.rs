//! Receiving files (the upload page and `POST /api/uploads`): streamed to disk under a
//! generated name (the user's file name is only ever stored as text, so it cannot reach
//! the file system), size and count limits per file and per request, the unit checked
//! against the user's rights, then queued.

use std::io::Write;

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::AppState;
use crate::auth::{ApiUser, PageUser, Viewer};
use crate::db::Role;

/// A file taken and queued.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Accepted {
    pub id: i64,
    pub file_name: String,
    /// `package` or `document`.
    pub kind: String,
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
fn kind_of(name: &str) -> Option<(&'static str, String)> {
    let ext = std::path::Path::new(name)
        .extension()?
        .to_str()?
        .to_ascii_lowercase();
    let kind = match ext.as_str() {
        "xlsx" | "xlsm" | "toml" | "json" => "package",
        "pdf" | "docx" | "txt" => "document",
        _ => return None,
    };
    Some((kind, ext))
}

/// Why a request failed as a whole.
pub enum Refusal {
    Status(StatusCode, String),
}

impl From<crate::db::DbError> for Refusal {
    fn from(e: crate::db::DbError) -> Self {
        Refusal::Status(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

/// A file that could not be saved.
fn save_failed(e: std::io::Error) -> Refusal {
    Refusal::Status(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("无法保存上传的文件：{e}"),
    )
}

fn multipart_refusal(e: axum::extract::multipart::MultipartError) -> Refusal {
    let status = e.status();
    let why = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "上传的内容超过上限".to_string()
    } else {
        format!("上传的内容无法读取：{}", e.body_text())
    };
    Refusal::Status(status, why)
}

/// Reads the multipart body. `form` is true for the page's form, whose CSRF token must come
/// (as the field `csrf`) before any file.
async fn receive(
    state: &AppState,
    viewer: &Viewer,
    mut mp: Multipart,
    form: bool,
) -> Result<Received, Refusal> {
    let cfg = &state.config;
    let mut out = Received::default();
    let mut csrf_ok = !form;
    let mut unit: Option<(i64, i64)> = None; // (unit, bureau)
    let mut unit_given = false;
    let mut files = 0usize;
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
                    Refusal::Status(StatusCode::BAD_REQUEST, format!("单位编号“{v}”不对"))
                })?;
                let u = state.db.unit(id).await?;
                let visible = match &u {
                    Some(u) => state.db.may_see_unit(&viewer.user, u).await?,
                    None => false,
                };
                match u {
                    Some(u) if visible => unit = Some((u.id, u.bureau_id)),
                    _ => {
                        return Err(Refusal::Status(
                            StatusCode::NOT_FOUND,
                            "没有这个单位".into(),
                        ));
                    }
                }
            }
            "files" | "file" => {
                if !csrf_ok {
                    return Err(Refusal::Status(
                        StatusCode::FORBIDDEN,
                        "表单已过期或来源不对，请刷新页面后重试".into(),
                    ));
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
                        why: "不支持的文件类型：可上传数据包 .xlsx .toml .json，或公开文件 .pdf .docx .txt".into(),
                    });
                    continue;
                };
                let (bureau_id, unit_id) = match (unit, viewer.user.role) {
                    (Some((u, b)), _) => (b, Some(u)),
                    (None, Role::Officer) => {
                        let mine = state.db.units_visible(&viewer.user).await?;
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
                    Err(e) => return Err(Refusal::Status(StatusCode::INTERNAL_SERVER_ERROR, e)),
                };
                let dir = cfg.upload_dir();
                let tmp = dir.join(format!(".part-{stored}"));
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
                std::fs::rename(&tmp, dir.join(&stored)).map_err(save_failed)?;
                let id = state
                    .db
                    .add_upload(
                        bureau_id,
                        unit_id,
                        viewer.user.id,
                        &file_name,
                        &stored,
                        kind,
                        size as i64,
                    )
                    .await?;
                state.jobs.notify.notify_waiters();
                state.jobs.notify.notify_one();
                out.accepted.push(Accepted {
                    id,
                    file_name,
                    kind: kind.to_string(),
                });
            }
            _ => {}
        }
    }
    if form && !csrf_ok {
        return Err(Refusal::Status(
            StatusCode::FORBIDDEN,
            "表单已过期或来源不对，请刷新页面后重试".into(),
        ));
    }
    Ok(out)
}

/// `POST /upload`: the form; answers with a page listing what was taken.
pub async fn upload_page(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    mp: Multipart,
) -> Response {
    match receive(&state, &v, mp, true).await {
        Ok(r) => crate::pages::received(&v, &r),
        Err(Refusal::Status(s, why)) => crate::pages::error_page(s, &why),
    }
}

/// Upload files (multipart: `files`, optional `unit`); they are queued for processing.
#[utoipa::path(post, path = "/api/uploads", tag = "上传",
    request_body(content_type = "multipart/form-data", description = "字段 files（可多个）、unit（单位编号，可省）"),
    responses((status = 202, body = Received), (status = 400, description = "没有可接受的文件"),
        (status = 401, description = "未登录"), (status = 403, description = "缺少 X-CSRF-Token"),
        (status = 413, description = "超过上限")))]
pub async fn upload_api(
    State(state): State<AppState>,
    ApiUser(v): ApiUser,
    mp: Multipart,
) -> Response {
    match receive(&state, &v, mp, false).await {
        Ok(r) => {
            let status = if r.accepted.is_empty() {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::ACCEPTED
            };
            (status, axum::Json(r)).into_response()
        }
        Err(Refusal::Status(s, why)) => crate::api::error(s, &why),
    }
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
        assert_eq!(kind_of("决算.PDF").map(|k| k.0), Some("document"));
        assert_eq!(kind_of("单位.xlsx").map(|k| k.0), Some("package"));
        assert_eq!(kind_of("x.exe"), None);
        assert_eq!(kind_of("noext"), None);
    }
}
