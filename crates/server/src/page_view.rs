//! The original pages of a PDF upload with each finding's boxes drawn over them: the
//! document view of a checked PDF (`/uploads/{id}/document`; `?text=1` gives the text view
//! every other document has) and the page images it shows (`/uploads/{id}/pages/{n}.png`),
//! both access-checked like the document view.
//!
//! Boxes are the typed locations' glyph boxes (points from the shown page's top-left
//! corner), placed as percentages of the page's shown size, so they stay on their words at
//! any width the page is drawn at.

use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use juesuan_diagnostics::{Location, Rect, Severity, Source};
use juesuan_io::document::MAX_DOCUMENT_BYTES;
use juesuan_io::document::pdf::render::{page_sizes, render_page};
use juesuan_review::html::esc;
use tokio::sync::Semaphore;

use crate::AppState;
use crate::access;
use crate::auth::{PageUser, Viewer};
use crate::db::{Upload, UploadKind, UploadState};
use crate::error::{AppError, PageError};

/// Pixels a point the page images are drawn at (a 595-point A4 page is 892 pixels wide).
pub const SCALE: f32 = 1.5;
/// Longest one page image may take to make.
const RENDER_SECONDS: u64 = 30;
/// Pages of a long document shown in full; beyond, only pages with findings.
const ALL_PAGES_UP_TO: usize = 300;

/// Page images made at once (each holds the file and a picture in memory).
static RENDERS: Semaphore = Semaphore::const_new(2);

/// Whether an upload is a checked PDF, whose pages can be shown.
pub fn is_pdf(up: &Upload) -> bool {
    up.kind == UploadKind::Document
        && up.state == UploadState::Done
        && up.file_name.to_ascii_lowercase().ends_with(".pdf")
}

/// The file's bytes, read off the async threads.
async fn file_bytes(state: &AppState, up: &Upload) -> Result<Vec<u8>, PageError> {
    let file = access::stored_file(state, &up.stored, "pages").await?;
    let read = tokio::task::spawn_blocking(move || {
        juesuan_io::fsio::read_limited(&file.path, MAX_DOCUMENT_BYTES).map_err(|e| e.to_string())
    })
    .await;
    match read {
        Ok(Ok(b)) => Ok(b),
        Ok(Err(why)) => Err(AppError::refused(StatusCode::UNPROCESSABLE_ENTITY, why).into()),
        Err(_) => Err(AppError::refused(StatusCode::INTERNAL_SERVER_ERROR, "内部错误").into()),
    }
}

/// `GET /uploads/{id}/pages/{n}.png`: page `n` of a checked PDF as a PNG.
pub async fn page_png(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let up = access::visible_upload(&state, &v.user, id).await?;
    let n: u32 = file
        .strip_suffix(".png")
        .and_then(|s| s.parse().ok())
        .ok_or(AppError::NotFound)?;
    if !is_pdf(&up) {
        return Err(AppError::NotFound.into());
    }
    let bytes = file_bytes(&state, &up).await?;
    let _permit = RENDERS
        .acquire()
        .await
        .map_err(|_| AppError::refused(StatusCode::SERVICE_UNAVAILABLE, "服务正在停止"))?;
    let job = tokio::task::spawn_blocking(move || render_page(&bytes, n, SCALE));
    let made = tokio::time::timeout(Duration::from_secs(RENDER_SECONDS), job).await;
    let image = match made {
        Ok(Ok(Ok(img))) => img,
        Ok(Ok(Err(why))) => {
            return Err(AppError::refused(StatusCode::UNPROCESSABLE_ENTITY, why).into());
        }
        Ok(Err(_)) => {
            return Err(AppError::refused(StatusCode::INTERNAL_SERVER_ERROR, "内部错误").into());
        }
        Err(_) => {
            return Err(AppError::refused(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("第{n}页绘制超过 {RENDER_SECONDS} 秒，已放弃"),
            )
            .into());
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        image.png,
    )
        .into_response())
}

/// One finding as the page view shows it.
struct Shown {
    code: String,
    severity: Severity,
    message: String,
    location: Location,
}

impl Shown {
    fn page(&self) -> Option<u32> {
        match &self.location.source {
            Some(Source::Document(p)) => p.page.or(p.boxes.first().map(|b| b.page)),
            _ => None,
        }
    }

    fn boxes(&self) -> &[Rect] {
        match &self.location.source {
            Some(Source::Document(p)) => &p.boxes,
            _ => &[],
        }
    }

    fn class(&self) -> &'static str {
        match self.severity {
            Severity::Error => "sev-error",
            Severity::Warning => "sev-warning",
            Severity::Info => "sev-info",
        }
    }

    fn head(&self) -> String {
        format!(
            "{}[{}]：{}",
            self.severity.label(),
            esc(&self.code),
            esc(&self.message)
        )
    }
}

/// The page view of a checked PDF, or `None` when its pages cannot be shown (the caller
/// then shows the text view).
pub async fn view(
    state: &AppState,
    v: &Viewer,
    up: &Upload,
) -> Result<Option<Html<String>>, PageError> {
    if !is_pdf(up) {
        return Ok(None);
    }
    let results = state.db.results(up.id).await.map_err(AppError::from)?;
    let mut shown = Vec::with_capacity(results.findings.len());
    for f in &results.findings {
        // A finding that cannot be read back: the text view, never a shorter list.
        let Ok(location) = serde_json::from_str::<Location>(&f.location) else {
            return Ok(None);
        };
        let severity = match f.severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Info,
        };
        shown.push(Shown {
            code: f.code.clone(),
            severity,
            message: f.message.clone(),
            location,
        });
    }
    let bytes = file_bytes(state, up).await?;
    let sizes = tokio::task::spawn_blocking(move || page_sizes(&bytes)).await;
    let Ok(Ok(sizes)) = sizes else {
        return Ok(None);
    };
    let body = body(up, &shown, &sizes);
    let title = format!("{} · 原文页面", up.file_name);
    Ok(Some(crate::layout::page(
        &title,
        Some((&v.user, v.csrf.as_str())),
        &body,
    )))
}

/// A percentage of `whole`, to two decimals.
fn pct(part: f32, whole: f32) -> String {
    if whole <= 0.0 || !part.is_finite() {
        return "0".into();
    }
    format!("{:.2}", (part / whole * 100.0).clamp(-10.0, 110.0))
}

fn body(up: &Upload, shown: &[Shown], sizes: &[(f32, f32)]) -> String {
    let mut out = String::from(STYLE);
    out.push_str(&format!(
        "<p><a href=\"/uploads/{id}\">返回审核结果</a> · <a href=\"/uploads/{id}/document?text=1\">文字视图</a> · \
         共 {} 页，{} 个问题；框出的是问题所在的原文，点问题可跳到页面上的位置。</p>",
        sizes.len(),
        shown.len(),
        id = up.id
    ));
    // The list: each finding linked to its box, or to its page.
    out.push_str("<ol class=\"pv-list\">");
    for (i, f) in shown.iter().enumerate() {
        let target = match (f.boxes().first(), f.page()) {
            (Some(_), _) => Some(format!("#f{i}")),
            (None, Some(p)) => Some(format!("#page-{p}")),
            _ => None,
        };
        let place = esc(&f.location.to_string());
        match target {
            Some(t) => out.push_str(&format!(
                "<li class=\"{}\"><a href=\"{t}\" data-finding=\"{i}\">{}</a> <span class=\"pv-place\">{place}</span></li>",
                f.class(),
                f.head()
            )),
            None => out.push_str(&format!(
                "<li class=\"{}\">{} <span class=\"pv-place\">{place}</span></li>",
                f.class(),
                f.head()
            )),
        }
    }
    out.push_str("</ol>");
    for (idx, (w, h)) in sizes.iter().enumerate() {
        let n = idx as u32 + 1;
        let here: Vec<(usize, &Shown)> = shown
            .iter()
            .enumerate()
            .filter(|(_, f)| f.page() == Some(n))
            .collect();
        if sizes.len() > ALL_PAGES_UP_TO && here.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<section class=\"pv-page\" id=\"page-{n}\"><h2>第{n}页</h2><div class=\"pv-row\">\
             <div class=\"pv-sheet\" style=\"aspect-ratio:{w} / {h}\">\
             <img src=\"/uploads/{id}/pages/{n}.png\" loading=\"lazy\" alt=\"第{n}页\">",
            id = up.id
        ));
        for (i, f) in &here {
            for (k, b) in f.boxes().iter().filter(|b| b.page == n).enumerate() {
                let id = if k == 0 {
                    format!(" id=\"f{i}\"")
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "<a class=\"pv-box {c}\"{id} href=\"#n{i}\" data-finding=\"{i}\" title=\"{t}\" \
                     style=\"left:{l}%;top:{tp}%;width:{wd}%;height:{ht}%\"></a>",
                    c = f.class(),
                    t = esc(&format!(
                        "{}[{}]：{}",
                        f.severity.label(),
                        f.code,
                        f.message
                    )),
                    l = pct(b.x0, *w),
                    tp = pct(b.y0, *h),
                    wd = pct(b.x1 - b.x0, *w),
                    ht = pct(b.y1 - b.y0, *h),
                ));
            }
        }
        out.push_str("</div>");
        if !here.is_empty() {
            out.push_str("<ol class=\"pv-notes\">");
            for (i, f) in &here {
                let quote = f
                    .location
                    .quote
                    .as_deref()
                    .map(|q| format!("<div class=\"pv-quote\">原文：{}</div>", esc(q)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "<li id=\"n{i}\" class=\"{}\">{}{quote}</li>",
                    f.class(),
                    f.head()
                ));
            }
            out.push_str("</ol>");
        }
        out.push_str("</div></section>");
    }
    out
}

const STYLE: &str = "<style>\
.pv-list li,.pv-notes li{margin:.3em 0}.pv-place{color:#555;font-size:.9em}\
.pv-page{margin:1.5em 0}.pv-row{display:flex;gap:1em;align-items:flex-start}\
.pv-sheet{position:relative;width:min(892px,65vw);flex:none;border:1px solid #bbb;box-shadow:0 1px 4px #0002;background:#fff}\
.pv-sheet img{position:absolute;inset:0;width:100%;height:100%}\
.pv-box{position:absolute;display:block;border:2px solid;border-radius:2px;scroll-margin:40vh}\
.pv-box.sev-error{border-color:#d93025;background:#d9302522}.pv-box.sev-warning{border-color:#e37400;background:#e3740022}\
.pv-box.sev-info{border-color:#1a73e8;background:#1a73e822}.pv-box:target{outline:3px solid #000;outline-offset:2px}\
.pv-notes{flex:1;min-width:14em}.pv-notes li.sev-error{color:#a50e0e}.pv-notes li.sev-warning{color:#8a4b00}\
.pv-quote{color:#333;font-size:.9em;margin-top:.2em}\
</style>";
