//! `GET /units/{id}/opinion/{docx|pdf}`: the 审核意见书 of a unit's latest finished upload
//! (or the one named by `?upload=`), from its findings, the reviewers' decisions and
//! comments, written by `juesuan_render::opinion`.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use juesuan_model::DisclosureKind;
use juesuan_render::opinion::{Opinion, OpinionComment, OpinionItem};
use serde::Deserialize;

use crate::AppState;
use crate::access;
use crate::auth::PageUser;
use crate::db::{Upload, UploadState};
use crate::decisions::{self, Decided};
use crate::error::{AppError, PageError};

#[derive(Deserialize)]
pub struct OpinionQuery {
    upload: Option<i64>,
}

/// The opinion of one upload of a unit, from what is stored.
pub fn build(
    bureau: &str,
    unit: &str,
    up: &Upload,
    d: &Decided,
    reviewer: &str,
    date: String,
) -> Opinion {
    let kind = match d.scope.as_ref().map(|s| s.disclosure.as_str()) {
        Some("budget") => DisclosureKind::Budget,
        _ => DisclosureKind::Final,
    };
    let version = d
        .versions
        .iter()
        .position(|v| *v == up.id)
        .map(|i| format!("（第{}版）", i + 1))
        .unwrap_or_default();
    let items = d
        .items
        .iter()
        .map(|(item, dec)| {
            let f = &item.finding;
            OpinionItem {
                code: f.code.to_string(),
                severity: f.severity,
                message: f.message.clone(),
                place: f.location.to_string(),
                quote: f.location.quote.clone(),
                decision: dec.as_ref().map(|d| d.verdict),
                reason: dec.as_ref().map(|d| d.reason.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Opinion {
        bureau: bureau.to_string(),
        unit: unit.to_string(),
        kind,
        year: up.year.and_then(|y| u16::try_from(y).ok()),
        file: format!("{}{version}", up.file_name),
        items,
        comments: d
            .comments
            .iter()
            .map(|c| OpinionComment {
                text: c.text.clone(),
                author: c.by.clone(),
                at: crate::pages::time(c.at),
            })
            .collect(),
        reviewer: reviewer.to_string(),
        date,
    }
}

/// `GET /units/{id}/opinion/{format}`: reviewers download the opinion as DOCX or PDF.
pub async fn download(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Path((id, format)): Path<(i64, String)>,
    Query(q): Query<OpinionQuery>,
) -> Result<Response, PageError> {
    let unit = access::visible_unit(&state, &v.user, id).await?;
    if !decisions::may_decide(&v.user) {
        return Err(
            AppError::refused(StatusCode::FORBIDDEN, "审核意见书由财政局审核人员出具").into(),
        );
    }
    let pdf = match format.as_str() {
        "docx" => false,
        "pdf" => true,
        _ => return Err(AppError::NotFound.into()),
    };
    let uploads = access::uploads_of(&state, &unit).await?;
    let up = uploads
        .iter()
        .filter(|u| u.state == UploadState::Done)
        .find(|u| q.upload.is_none_or(|id| u.id == id))
        .cloned()
        .ok_or(AppError::NotFound)?;
    let s = access::stored(&state, &up).await?;
    let d = decisions::decided(&state, &up, &s).await?;
    let bureau = access::bureau_name(&state, unit.bureau_id).await?;
    let mut opinion = build(
        &bureau,
        &unit.name,
        &up,
        &d,
        &v.user.name,
        juesuan_render::opinion::date_of(crate::db::now()),
    );
    // what the reviewer wrote when returning or passing this kind and year belongs in the
    // opinion too, in order with the general comments
    if let Some(scope) = &d.scope {
        let changes = state.db.status_changes(unit.id).await?;
        let mut said: Vec<(i64, OpinionComment)> = changes
            .into_iter()
            .filter(|c| {
                c.kind.id() == scope.disclosure && c.year == scope.year && !c.comment.is_empty()
            })
            .map(|c| {
                (
                    c.at,
                    OpinionComment {
                        text: format!("（{}）{}", c.status.label(), c.comment),
                        author: c.actor,
                        at: crate::pages::time(c.at),
                    },
                )
            })
            .collect();
        said.extend(
            d.comments
                .iter()
                .zip(opinion.comments.drain(..))
                .map(|(c, o)| (c.at, o)),
        );
        said.sort_by_key(|(at, _)| *at);
        opinion.comments = said.into_iter().map(|(_, c)| c).collect();
    }
    let made =
        tokio::task::spawn_blocking(move || opinion.write().map(|w| (w, opinion.file_stem())))
            .await;
    let (written, stem) = match made {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => {
            return Err(AppError::refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("未能生成：{e}"),
            )
            .into());
        }
        Err(_) => {
            return Err(
                AppError::refused(StatusCode::INTERNAL_SERVER_ERROR, "内部错误，未能生成").into(),
            );
        }
    };
    let (bytes, ext, mime) = if pdf {
        match written.pdf {
            Some(b) => (b, "pdf", "application/pdf"),
            None => {
                return Err(AppError::refused(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!(
                        "未能生成PDF：{}",
                        written.note.unwrap_or_else(|| "原因不明".into())
                    ),
                )
                .into());
            }
        }
    } else {
        (
            written.docx,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    };
    state
        .db
        .log(
            &v.user.name,
            "出具审核意见书",
            &unit.name,
            &format!("{} · {}", up.file_name, ext.to_uppercase()),
        )
        .await?;
    let disposition = format!(
        "attachment; filename=\"opinion.{ext}\"; filename*=UTF-8''{}.{ext}",
        crate::pages::encode_filename(&stem)
    );
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
