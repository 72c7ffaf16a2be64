//! The JSON API: everything the pages show, for scripts and other systems. Signed in with
//! `POST /api/login` (a session cookie, and the `csrf` to send as `X-CSRF-Token` on every
//! request that changes something). Reads go through [`crate::access`], errors are
//! answered by [`crate::error`] (here as `{"error": "…"}`). Described by the OpenAPI
//! document at `/api/openapi.json`, generated from the annotations here.

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use juesuan_review::{Overview, changes};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::AppState;
use crate::access::{self, Stored, YearQuery};
use crate::auth::{self, ApiUser};
use crate::db::{DbError, Upload, UploadKind, UploadState};
pub use crate::error::ErrorOut;
use crate::error::{ApiError, AppError};
use crate::upload::{self, Accepted, Received, Rejected};

/// What an API handler gives: the answer, or an error as `{"error": "…"}`.
type ApiResult = Result<Response, ApiError>;

#[derive(Deserialize, ToSchema)]
pub struct LoginIn {
    pub name: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginOut {
    pub name: String,
    /// officer、reviewer 或 admin.
    pub role: String,
    /// Send as `X-CSRF-Token` on POST requests.
    pub csrf: String,
}

/// Sign in; sets the session cookie.
#[utoipa::path(post, path = "/api/login", tag = "账号", request_body = LoginIn,
    responses((status = 200, body = LoginOut), (status = 401, body = ErrorOut),
        (status = 429, description = "连续输错密码，账号或地址暂时锁定；Retry-After 给出秒数", body = ErrorOut)))]
pub async fn login(
    State(state): State<AppState>,
    auth::ClientAddr(addr): auth::ClientAddr,
    Json(f): Json<LoginIn>,
) -> ApiResult {
    let user = match auth::attempt(&state, &f.name, &f.password, addr).await? {
        auth::Attempt::Signed(user) => user,
        auth::Attempt::Wrong => {
            return Err(AppError::refused(StatusCode::UNAUTHORIZED, "用户名或密码不对").into());
        }
        auth::Attempt::Locked { until } => {
            let retry = (until - crate::db::now()).max(1).to_string();
            let refusal = AppError::refused(
                StatusCode::TOO_MANY_REQUESTS,
                auth::Attempt::locked_message(until),
            );
            let mut response = ApiError(refusal).into_response();
            if let Ok(v) = header::HeaderValue::from_str(&retry) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return Ok(response);
        }
    };
    let (cookie, csrf) = auth::sign_in(&state, &user).await?;
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(LoginOut {
            name: user.name,
            role: user.role.id().into(),
            csrf,
        }),
    )
        .into_response())
}

/// Sign out.
#[utoipa::path(post, path = "/api/logout", tag = "账号",
    responses((status = 204), (status = 401, body = ErrorOut), (status = 403, body = ErrorOut)))]
pub async fn logout(State(state): State<AppState>, ApiUser(v): ApiUser) -> ApiResult {
    let cleared = auth::sign_out(&state, &v).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cleared)]).into_response())
}

/// An upload and its job.
#[derive(Serialize, ToSchema)]
pub struct UploadOut {
    pub id: i64,
    pub unit_id: Option<i64>,
    pub file_name: String,
    /// package 或 document.
    pub kind: UploadKind,
    /// queued、running、done 或 failed.
    pub state: UploadState,
    /// Seconds since 1970.
    pub created: i64,
    pub finished: Option<i64>,
    /// Why it failed.
    pub error: Option<String>,
    pub year: Option<i64>,
    pub errors: Option<i64>,
    pub warnings: Option<i64>,
    pub infos: Option<i64>,
    /// The unit name recognised in the file.
    pub named_unit: Option<String>,
    /// How the upload was matched to a roster unit (or why it waits in 待确认, or was
    /// refused).
    pub match_note: String,
}

impl From<&Upload> for UploadOut {
    fn from(u: &Upload) -> Self {
        UploadOut {
            id: u.id,
            unit_id: u.unit_id,
            file_name: u.file_name.clone(),
            kind: u.kind,
            state: u.state,
            created: u.created,
            finished: u.finished,
            error: u.error.clone(),
            year: u.year,
            errors: u.errors,
            warnings: u.warnings,
            infos: u.infos,
            named_unit: u.named_unit.clone(),
            match_note: u.match_note.clone(),
        }
    }
}

/// An upload with its results.
#[derive(Serialize, ToSchema)]
pub struct UploadDetail {
    pub upload: UploadOut,
    /// The overview row (unit, year, counts, rules).
    #[schema(value_type = Object)]
    pub row: Option<serde_json::Value>,
    /// The findings: code, severity, message, place, area, quote, detail.
    #[schema(value_type = Vec<Object>)]
    pub findings: Vec<serde_json::Value>,
    /// The performance summary, when there were project tables.
    #[schema(value_type = Object)]
    pub performance: Option<serde_json::Value>,
}

async fn detail(state: &AppState, up: &Upload) -> Result<UploadDetail, DbError> {
    Ok(detail_of(up, access::stored(state, up).await?))
}

fn detail_of(up: &Upload, s: Stored) -> UploadDetail {
    UploadDetail {
        upload: up.into(),
        row: s.row.and_then(|r| serde_json::to_value(r).ok()),
        findings: s
            .items
            .iter()
            .filter_map(|i| serde_json::to_value(i).ok())
            .collect(),
        performance: s.perf.and_then(|p| serde_json::to_value(p).ok()),
    }
}

/// The newest uploads the user may see (at most 200).
#[utoipa::path(get, path = "/api/uploads", tag = "上传",
    responses((status = 200, body = Vec<UploadOut>), (status = 401, body = ErrorOut)))]
pub async fn uploads(State(state): State<AppState>, ApiUser(v): ApiUser) -> ApiResult {
    let list = access::recent_uploads(&state, &v.user, 200).await?;
    Ok(Json(list.iter().map(UploadOut::from).collect::<Vec<_>>()).into_response())
}

/// One upload with its findings.
#[utoipa::path(get, path = "/api/uploads/{id}", tag = "上传", params(("id" = i64, Path)),
    responses((status = 200, body = UploadDetail), (status = 404, body = ErrorOut)))]
pub async fn upload(
    State(state): State<AppState>,
    ApiUser(v): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult {
    let up = access::visible_upload(&state, &v.user, id).await?;
    Ok(Json(detail(&state, &up).await?).into_response())
}

/// A unit.
#[derive(Serialize, ToSchema)]
pub struct UnitOut {
    pub id: i64,
    pub name: String,
    pub bureau_id: i64,
}

/// The units the user may see.
#[utoipa::path(get, path = "/api/units", tag = "单位",
    responses((status = 200, body = Vec<UnitOut>), (status = 401, body = ErrorOut)))]
pub async fn units(State(state): State<AppState>, ApiUser(v): ApiUser) -> ApiResult {
    let list = access::units(&state, &v.user).await?;
    Ok(Json(
        list.into_iter()
            .map(|u| UnitOut {
                id: u.id,
                name: u.name,
                bureau_id: u.bureau_id,
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

/// A unit: its uploads, the latest results and what changed since the version before.
#[derive(Serialize, ToSchema)]
pub struct UnitDetail {
    pub unit: UnitOut,
    pub uploads: Vec<UploadOut>,
    pub latest: Option<UploadDetail>,
    /// Fixed and new findings of the latest version against the one before of its kind.
    #[schema(value_type = Object)]
    pub changes: Option<serde_json::Value>,
}

/// One unit.
#[utoipa::path(get, path = "/api/units/{id}", tag = "单位", params(("id" = i64, Path)),
    responses((status = 200, body = UnitDetail), (status = 404, body = ErrorOut)))]
pub async fn unit(
    State(state): State<AppState>,
    ApiUser(v): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult {
    let unit = access::visible_unit(&state, &v.user, id).await?;
    let list = access::uploads_of(&state, &unit).await?;
    let done = access::finished_oldest_first(&list); // as the history page pairs them
    let (latest, change) = match done.len().checked_sub(1) {
        Some(last) => {
            let s = access::stored(&state, done[last]).await?;
            let change = match access::previous_version(&done, last) {
                Some(b) => {
                    let before = access::stored(&state, done[b]).await?.items;
                    serde_json::to_value(changes(&before, &s.items)).ok()
                }
                None => None,
            };
            (Some(detail_of(done[last], s)), change)
        }
        None => (None, None),
    };
    Ok(Json(UnitDetail {
        unit: UnitOut {
            id: unit.id,
            name: unit.name.clone(),
            bureau_id: unit.bureau_id,
        },
        uploads: list.iter().map(UploadOut::from).collect(),
        latest,
        changes: change,
    })
    .into_response())
}

/// The bureau overview: the latest results of every unit the user may see.
#[utoipa::path(get, path = "/api/overview", tag = "概览", params(("year" = Option<u16>, Query)),
    responses((status = 200, description = "rows、rules、totals、failed", body = Object)))]
pub async fn overview(
    State(state): State<AppState>,
    ApiUser(v): ApiUser,
    Query(q): Query<YearQuery>,
) -> ApiResult {
    let rows = access::latest_rows(&state, &v.user, q.year()).await?;
    Ok(Json(Overview::new(rows.into_iter().map(|(_, r)| r).collect())).into_response())
}

/// Jobs per state.
#[derive(Serialize, ToSchema)]
pub struct JobsOut {
    pub queued: i64,
    pub running: i64,
    pub done: i64,
    pub failed: i64,
}

/// How many jobs are queued, running, done and failed (all units).
#[utoipa::path(get, path = "/api/jobs", tag = "概览",
    responses((status = 200, body = JobsOut), (status = 403, body = ErrorOut)))]
pub async fn jobs(State(state): State<AppState>, ApiUser(v): ApiUser) -> ApiResult {
    if !access::may_see_queue(&v.user) {
        return Err(AppError::refused(
            StatusCode::FORBIDDEN,
            "只有审核人员和管理员可以查看任务队列",
        )
        .into());
    }
    let counts = access::job_counts(&state).await?;
    let get = |s: UploadState| counts.iter().find(|(k, _)| *k == s).map_or(0, |(_, n)| *n);
    Ok(Json(JobsOut {
        queued: get(UploadState::Queued),
        running: get(UploadState::Running),
        done: get(UploadState::Done),
        failed: get(UploadState::Failed),
    })
    .into_response())
}

/// Upload files (multipart: `files`, optional `unit`); they are queued for processing.
#[utoipa::path(post, path = "/api/uploads", tag = "上传", operation_id = "upload_api",
    request_body(content_type = "multipart/form-data", description = "字段 files（可多个）、unit（单位编号，可省）"),
    responses((status = 202, body = Received), (status = 400, description = "没有可接受的文件"),
        (status = 401, description = "未登录"), (status = 403, description = "缺少 X-CSRF-Token"),
        (status = 413, description = "超过上限")))]
pub async fn upload_files(
    State(state): State<AppState>,
    ApiUser(v): ApiUser,
    mp: Multipart,
) -> ApiResult {
    let r = upload::receive(&state, &v, mp, false).await?;
    let status = if r.accepted.is_empty() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::ACCEPTED
    };
    Ok((status, Json(r)).into_response())
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "决算工作台 API",
        description = "部门决算公开与绩效自评的上传、审核、概览。先 POST /api/login，之后的 POST 请求带 X-CSRF-Token。"
    ),
    paths(
        login,
        logout,
        uploads,
        upload,
        upload_files,
        units,
        unit,
        overview,
        jobs
    ),
    components(schemas(
        ErrorOut,
        LoginIn,
        LoginOut,
        UploadOut,
        UploadDetail,
        UnitOut,
        UnitDetail,
        JobsOut,
        Received,
        Accepted,
        Rejected
    ))
)]
pub struct ApiDoc;

/// The OpenAPI document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "概览", responses((status = 200, description = "OpenAPI 3.1")))]
pub async fn openapi() -> Response {
    Json(ApiDoc::openapi()).into_response()
}
