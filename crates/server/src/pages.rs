//! The pages: server-rendered Chinese HTML, every string from a file or a user escaped,
//! a few lines of script only for the overview's filters. What a page shows is what the
//! API returns: both read through [`crate::access`], and errors are answered by
//! [`crate::error`] (here as pages).

use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use juesuan_review::html::{esc, findings_body_except, overview_body};
use juesuan_review::{Overview, changes};
use serde::Deserialize;

use crate::AppState;
use crate::access::{self, Stored, YearQuery};
use crate::auth::{self, PageUser, Viewer};
use crate::db::{DbError, Role, Upload, UploadKind, UploadState};
use crate::error::{AppError, PageError};
use crate::upload::{self, Received};

/// What a page handler gives: the page, or an error shown as a page.
type PageResult = Result<Response, PageError>;

/// A page with the workbench's header, for the signed-in viewer when there is one.
fn layout(title: &str, viewer: Option<&Viewer>, body: &str) -> Html<String> {
    crate::layout::page(title, viewer.map(|v| (&v.user, v.csrf.as_str())), body)
}

/// `2026-11-29 10:15` in China time (UTC+8).
pub fn time(secs: i64) -> String {
    let t = secs + 8 * 3600;
    let (days, rem) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// `GET /`: the units the user may see with their latest state, and recent uploads.
pub async fn home(State(state): State<AppState>, PageUser(v): PageUser) -> PageResult {
    let units = access::units(&state, &v.user).await?;
    let uploads = access::recent_uploads(&state, &v.user, 20).await?;
    let mut b = String::from(
        "<p><a href=\"/upload\">上传数据包或公开文件</a> · <a href=\"/overview\">查看审核概览</a></p>",
    );
    b.push_str(&format!("<h2>单位（{}）</h2>", units.len()));
    if units.is_empty() {
        b.push_str(
            "<p class=\"muted\">还没有单位。审核人员在“名册”中导入单位名单；上传的文件按其中识别的单位名称归入名册中的单位。</p>",
        );
    } else {
        b.push_str("<ul>");
        for u in &units {
            b.push_str(&format!(
                "<li><a href=\"/units/{}\">{}</a></li>",
                u.id,
                esc(&u.name)
            ));
        }
        b.push_str("</ul>");
    }
    b.push_str("<h2>最近上传</h2>");
    b.push_str(&uploads_table(&uploads));
    Ok(layout("决算工作台", Some(&v), &b).into_response())
}

fn uploads_table(uploads: &[Upload]) -> String {
    if uploads.is_empty() {
        return "<p class=\"muted\">还没有上传。</p>".into();
    }
    let mut b = String::from(
        "<table><thead><tr><th>时间</th><th>文件</th><th>类型</th><th>状态</th><th>错误</th><th>警告</th><th>提示</th></tr></thead><tbody>",
    );
    for u in uploads {
        b.push_str(&format!(
            "<tr><td>{}</td><td><a href=\"/uploads/{}\">{}</a></td><td>{}</td><td class=\"state-{}\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            time(u.created),
            u.id,
            esc(&u.file_name),
            u.kind.label(),
            u.state.id(),
            u.state.label(),
            u.errors.map(|n| n.to_string()).unwrap_or_default(),
            u.warnings.map(|n| n.to_string()).unwrap_or_default(),
            u.infos.map(|n| n.to_string()).unwrap_or_default(),
        ));
    }
    b.push_str("</tbody></table>");
    b
}

/// `GET /login`.
pub async fn login_form() -> PageResult {
    login_page(None)
}

fn login_page(message: Option<&str>) -> PageResult {
    let token = auth::random_hex(16)
        .map_err(|e| AppError::Refused(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let msg = message
        .map(|m| format!("<p class=\"e\">{}</p>", esc(m)))
        .unwrap_or_default();
    let body = format!(
        "{msg}<form method=\"post\" action=\"/login\" class=\"box\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{token}\">\
         <p><label for=\"name\">用户名</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required></p>\
         <p><label for=\"password\">密码</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></p>\
         <p><button type=\"submit\" id=\"login\">登录</button></p></form>\
         <p class=\"muted\">账号由管理员用 <code>juesuan user add</code> 建立。</p>"
    );
    let status = if message.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        [(
            header::SET_COOKIE,
            auth::set_cookie(auth::LOGIN_COOKIE, &token, 3600),
        )],
        layout("登录", None, &body),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    csrf: String,
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    auth::ClientAddr(addr): auth::ClientAddr,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> PageResult {
    let cookie = auth::cookie(&headers, auth::LOGIN_COOKIE).unwrap_or("");
    if cookie.is_empty() || !auth::same(cookie, &f.csrf) {
        return Err(AppError::StaleForm.into());
    }
    let user = match auth::attempt(&state, &f.name, &f.password, addr).await? {
        auth::Attempt::Signed(user) => user,
        auth::Attempt::Wrong => return login_page(Some("用户名或密码不对")),
        auth::Attempt::Locked { until } => {
            let mut page = login_page(Some(&auth::Attempt::locked_message(until)))?;
            *page.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            return Ok(page);
        }
    };
    let (cookie, _) = auth::sign_in(&state, &user).await?;
    Ok((
        [
            (header::SET_COOKIE, cookie),
            (header::LOCATION, "/".to_string()),
        ],
        StatusCode::SEE_OTHER,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Form(f): Form<CsrfForm>,
) -> PageResult {
    if !v.csrf_ok(&f.csrf) {
        return Err(AppError::StaleForm.into());
    }
    let cleared = auth::sign_out(&state, &v).await?;
    Ok(([(header::SET_COOKIE, cleared)], Redirect::to("/login")).into_response())
}

/// `GET /upload`.
pub async fn upload_form(State(state): State<AppState>, PageUser(v): PageUser) -> PageResult {
    let units = access::units(&state, &v.user).await?;
    let auto = if v.user.role == Role::Officer {
        String::new()
    } else {
        "<option value=\"\">按文件中的单位名称归入名册中的单位（对不上的待确认）</option>".into()
    };
    let options: String = units
        .iter()
        .map(|u| format!("<option value=\"{}\">{}</option>", u.id, esc(&u.name)))
        .collect();
    let body = format!(
        "<form method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\" class=\"box\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <p><label for=\"unit\">单位</label><select id=\"unit\" name=\"unit\">{auto}{options}</select></p>\
         <p><label for=\"files\">文件</label><input id=\"files\" name=\"files\" type=\"file\" multiple required \
         accept=\".xlsx,.xlsm,.toml,.json,.pdf,.docx,.html,.htm,.txt\"></p>\
         <p class=\"muted\">数据包：.xlsx（财务人员填报的工作簿）、.toml、.json；已公开的文件：.pdf、.docx、.html、.txt。\
         每个文件不超过 {mb} MB，一次最多 {n} 个。</p>\
         <p><button type=\"submit\" id=\"send\">上传并审核</button></p></form>",
        csrf = esc(&v.csrf),
        mb = state.config.max_file_bytes / (1024 * 1024),
        n = state.config.max_files,
    );
    Ok(layout("上传", Some(&v), &body).into_response())
}

/// `POST /upload`: the form; answers with a page listing what was taken.
pub async fn upload_files(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    mp: Multipart,
) -> PageResult {
    let r = upload::receive(&state, &v, mp, true).await?;
    Ok(received(&v, &r))
}

/// Updates the state of each file just received every 2 seconds until all are finished,
/// from `GET /api/uploads/{id}` (same origin, the session's cookie).
const RECEIVED_STATES_SCRIPT: &str = "<script>(function(){\
var labels={queued:'排队中',running:'处理中',done:'已完成',failed:'失败'};\
function tick(){var open=0;document.querySelectorAll('span[data-upload]').forEach(function(s){\
if(s.dataset.final){return;}open++;\
fetch('/api/uploads/'+s.dataset.upload,{credentials:'same-origin'}).then(function(r){return r.json();})\
.then(function(d){var st=d&&d.upload&&d.upload.state;if(!st){return;}\
s.textContent=labels[st]||st;s.className='state-'+st;\
if(st==='done'||st==='failed'){s.dataset.final='1';\
var n=d.upload.match_note||d.upload.error;if(n){var m=document.createElement('span');\
m.className='match';m.textContent=' · '+n;s.parentNode.appendChild(m);}}});});\
if(open>0){setTimeout(tick,2000);}}setTimeout(tick,1000);})();</script>";

/// The page after an upload.
fn received(v: &Viewer, r: &Received) -> Response {
    let mut b = String::new();
    if !r.accepted.is_empty() {
        b.push_str(&format!(
            "<h2>已接收 {} 个文件</h2><ul id=\"received\">",
            r.accepted.len()
        ));
        for a in &r.accepted {
            b.push_str(&format!(
                "<li><a href=\"/uploads/{id}\">{}</a> · \
                 <span class=\"state-queued\" data-upload=\"{id}\">排队中</span></li>",
                esc(&a.file_name),
                id = a.id
            ));
        }
        b.push_str("</ul>");
        // The states follow the queue without reloading (this page answers a POST).
        b.push_str(RECEIVED_STATES_SCRIPT);
    }
    if !r.rejected.is_empty() {
        b.push_str(&format!(
            "<h2 class=\"e\">未接收 {} 个文件</h2><ul>",
            r.rejected.len()
        ));
        for x in &r.rejected {
            b.push_str(&format!("<li>{}：{}</li>", esc(&x.file_name), esc(&x.why)));
        }
        b.push_str("</ul>");
    }
    if r.accepted.is_empty() && r.rejected.is_empty() {
        b.push_str("<p>没有选择文件。</p>");
    }
    b.push_str("<p><a href=\"/upload\">继续上传</a> · <a href=\"/\">返回工作台</a></p>");
    let status = if r.accepted.is_empty() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    (status, layout("上传结果", Some(v), &b)).into_response()
}

/// How a finished upload was filed: the match with the roster, or why it waits (待确认).
fn match_line(up: &Upload) -> String {
    if up.match_note.is_empty() {
        return String::new();
    }
    let waiting = if up.unit_id.is_none() {
        "<b>待确认</b>：未归入任何单位，等待审核人员确认。"
    } else {
        ""
    };
    format!("<p id=\"match\">{waiting}{}</p>", esc(&up.match_note))
}

/// Findings of an upload, each linked to its place: the finding in the document view
/// (text highlighted), or the table in the generated disclosure.
/// The findings judged 不是问题 are left out (the decisions section lists them with their
/// reasons), as they are of the counts.
fn findings_of(up: &Upload, s: &Stored, d: &crate::decisions::Decided) -> String {
    let id = up.id;
    let doc = s.has_document;
    let dismissed = |n: usize| {
        d.items.get(n).is_some_and(|(_, dec)| {
            dec.as_ref()
                .is_some_and(|dec| dec.verdict == juesuan_render::opinion::Verdict::Dismissed)
        })
    };
    findings_body_except(
        &s.items,
        &|n, item| {
            if doc {
                Some(format!("/uploads/{id}/document#f{n}"))
            } else {
                item.anchor
                    .as_ref()
                    .map(|a| format!("/uploads/{id}/disclosure/html?inline=1#{a}"))
            }
        },
        &dismissed,
    )
}

fn perf_block(s: &Stored) -> String {
    match &s.perf {
        Some(p) if !p.lines.is_empty() => {
            let mut b = String::from("<h2>绩效自评汇总</h2><ul>");
            for l in &p.lines {
                b.push_str(&format!("<li>{}</li>", esc(l)));
            }
            b.push_str("</ul>");
            b
        }
        _ => String::new(),
    }
}

fn downloads(up: &Upload, s: &Stored) -> String {
    if up.state != UploadState::Done {
        return String::new();
    }
    if up.kind == UploadKind::Package {
        // never publish bad data by accident: with errors the documents are drafts
        let draft = if up.errors.unwrap_or(0) > 0 {
            "<p class=\"draft\" id=\"draft-note\"><strong>审核有错误，生成的是草稿</strong>：每页标“草稿”，\
             文末列出未解决的错误，不得公开。改正后重新上传即可生成正式文档。</p>"
        } else {
            ""
        };
        format!(
            "<h2>生成的公开文档</h2>{draft}<p>下载：<a href=\"/uploads/{id}/disclosure/docx\" id=\"dl-docx\">DOCX</a> · \
             <a href=\"/uploads/{id}/disclosure/pdf\">PDF</a> · <a href=\"/uploads/{id}/disclosure/xlsx\">XLSX</a> · \
             <a href=\"/uploads/{id}/disclosure/html\">HTML</a></p>\
             <iframe class=\"preview\" sandbox title=\"预览\" src=\"/uploads/{id}/disclosure/html?inline=1\"></iframe>",
            id = up.id
        )
    } else if s.has_document {
        format!(
            "<p><a href=\"/uploads/{}/document\" id=\"doc-view\">查看原文（问题已标出）</a></p>",
            up.id
        )
    } else {
        String::new()
    }
}

/// `GET /uploads/{id}`.
pub async fn upload(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Path(id): Path<i64>,
) -> PageResult {
    let up = access::visible_upload(&state, &v.user, id).await?;
    let s = access::stored(&state, &up).await?;
    let mut b = format!(
        "<p>{}：{} · 上传于 {} · <span class=\"state-{}\" id=\"state\">{}</span></p>",
        up.kind.label(),
        esc(&up.file_name),
        time(up.created),
        up.state.id(),
        up.state.label()
    );
    let mut refresh = false;
    match up.state {
        UploadState::Queued | UploadState::Running => {
            refresh = true;
            b.push_str("<p>正在审核，本页每 2 秒刷新。</p>");
        }
        // an officer's file of another unit: refused, not failed
        UploadState::Failed if !up.match_note.is_empty() => b.push_str(&format!(
            "<p class=\"e\" id=\"refused\">未接收：{}</p>",
            esc(&up.match_note)
        )),
        UploadState::Failed => b.push_str(&format!(
            "<p class=\"e\">未能处理：{}</p>",
            esc(up.error.as_deref().unwrap_or("原因不明"))
        )),
        UploadState::Done => {
            if let Some(u) = up.unit_id {
                b.push_str(&format!(
                    "<p><a href=\"/units/{u}\">单位页面（历次上传、修改对比）</a></p>"
                ));
            }
            let d = crate::decisions::decided(&state, &up, &s).await?;
            b.push_str(&match_line(&up));
            b.push_str(&crate::decisions::counts_line(&up, &d));
            b.push_str(&downloads(&up, &s));
            b.push_str(&perf_block(&s));
            b.push_str("<h2>问题</h2>");
            b.push_str(&findings_of(&up, &s, &d));
            b.push_str(&crate::decisions::section(&v, &up, &d));
        }
    }
    let mut page = layout(&format!("审核结果：{}", up.file_name), Some(&v), &b).0;
    if refresh {
        page = page.replacen(
            "<head>",
            "<head><meta http-equiv=\"refresh\" content=\"2\">",
            1,
        );
    }
    Ok(Html(page).into_response())
}

/// `GET /uploads/{id}/document`: the document's text with the findings highlighted.
pub async fn document(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DocumentQuery>,
) -> PageResult {
    let up = access::visible_upload(&state, &v.user, id).await?;
    // A checked PDF: its original pages with the findings boxed (`?text=1`: the text view).
    if q.text.is_none()
        && let Some(page) = crate::page_view::view(&state, &v, &up).await?
    {
        return Ok(page.into_response());
    }
    Ok(Html(access::document_html(&state, &up).await?).into_response())
}

#[derive(Deserialize)]
pub struct DocumentQuery {
    text: Option<String>,
}

#[derive(Deserialize)]
pub struct InlineQuery {
    inline: Option<String>,
}

/// Percent-encodes a file name for `Content-Disposition: …; filename*=UTF-8''…`.
pub(crate) fn encode_filename(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `GET /uploads/{id}/disclosure/{format}`: the disclosure generated from a package.
pub async fn disclosure(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Path((id, format)): Path<(i64, String)>,
    Query(q): Query<InlineQuery>,
) -> PageResult {
    let up = access::visible_upload(&state, &v.user, id).await?;
    let fmt = juesuan_render::OutputFormat::parse(&format).ok_or(AppError::NotFound)?;
    let file = access::package_file(&state, &up).await?;
    let s = state.clone();
    let made = tokio::task::spawn_blocking(move || -> Result<(Vec<u8>, String), String> {
        let catalog = &s.config.catalog;
        let pkg = juesuan_io::load(&file.path, catalog)
            .map_err(|e| e.to_string())?
            .package;
        let mut doc = juesuan_render::document(&pkg, catalog, None).map_err(|e| e.to_string())?;
        // the same rule as `juesuan build`: with errors, only a marked draft
        let open = juesuan_rules::open_errors(&juesuan_rules::audit(&pkg, catalog));
        let draft = !open.is_empty();
        if draft {
            doc.mark_draft(&open);
        }
        let out = juesuan_render::write_outputs(&doc, pkg.unit.year, &[fmt])
            .map_err(|e| e.to_string())?;
        let first = out.into_iter().next().ok_or("没有生成")?;
        let bytes = first
            .bytes
            .ok_or_else(|| first.note.unwrap_or_else(|| "这个格式未能生成".into()))?;
        Ok((
            bytes,
            format!(
                "{}{}年度部门决算{}",
                pkg.unit.name,
                pkg.unit.year,
                if draft { "（草稿）" } else { "" }
            ),
        ))
    })
    .await;
    let (bytes, stem) = match made {
        Ok(Ok(x)) => x,
        Ok(Err(why)) => {
            return Err(AppError::refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("未能生成：{why}"),
            )
            .into());
        }
        Err(_) => {
            return Err(
                AppError::refused(StatusCode::INTERNAL_SERVER_ERROR, "内部错误，未能生成").into(),
            );
        }
    };
    let inline = q.inline.is_some() && fmt == juesuan_render::OutputFormat::Html;
    let disposition = format!(
        "{}; filename=\"disclosure.{ext}\"; filename*=UTF-8''{}.{ext}",
        if inline { "inline" } else { "attachment" },
        encode_filename(&stem),
        ext = fmt.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, fmt.mime().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            // The generated page runs no script; in the preview frame it gets none at all.
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /overview`: all units of the user's bureau (an officer: their own).
pub async fn overview(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Query(q): Query<YearQuery>,
    Query(board): Query<crate::board::BoardQuery>,
) -> PageResult {
    let (rows, dismissed) = access::latest_rows_counted(&state, &v.user, q.year()).await?;
    let ids: Vec<i64> = rows.iter().map(|(u, _)| u.id).collect();
    let o = Overview::new(rows.into_iter().map(|(_, r)| r).collect());
    let csv = match q.year() {
        Some(y) => format!("/overview.csv?year={y}"),
        None => "/overview.csv".into(),
    };
    let mut b = crate::board::section(&state, &v, &board).await?;
    b.push_str(&format!(
        "<h2>审核结果</h2><p><a href=\"{csv}\" id=\"csv\">导出 CSV</a></p>"
    ));
    if dismissed > 0 {
        b.push_str(&format!(
            "<p class=\"muted\" id=\"dismissed-note\">另有{dismissed}条已判定不是问题，未计入以下错误和警告数。</p>"
        ));
    }
    b.push_str(&overview_body(&o, &|i, _| {
        ids.get(i).map(|id| format!("/units/{id}"))
    }));
    let bureau = match v.user.bureau_id {
        Some(id) => access::bureau_name(&state, id).await.unwrap_or_default(),
        None => String::new(),
    };
    let title = if bureau.is_empty() {
        "审核概览".to_string()
    } else {
        format!("审核概览：{bureau}")
    };
    Ok(layout(&title, Some(&v), &b).into_response())
}

/// `GET /overview.csv`.
pub async fn overview_csv(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let rows = access::latest_rows(&state, &v.user, q.year()).await?;
    let o = Overview::new(rows.into_iter().map(|(_, r)| r).collect());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"overview.csv\"; filename*=UTF-8''{}.csv",
                    encode_filename("审核概览")
                ),
            ),
        ],
        juesuan_review::overview_csv(&o),
    )
        .into_response())
}

/// `GET /units/{id}`: the latest results, the preview and downloads, the history.
pub async fn unit(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Path(id): Path<i64>,
) -> PageResult {
    let unit = access::visible_unit(&state, &v.user, id).await?;
    let uploads = access::uploads_of(&state, &unit).await?;
    let mut b = String::new();
    let bureau = access::bureau_name(&state, unit.bureau_id)
        .await
        .unwrap_or_default();
    b.push_str(&format!("<p class=\"muted\">{}</p>", esc(&bureau)));
    b.push_str(&crate::status::section(&state, &v, unit.id, &uploads).await?);
    match uploads.iter().find(|u| u.state == UploadState::Done) {
        Some(latest) => {
            let s = access::stored(&state, latest).await?;
            let d = crate::decisions::decided(&state, latest, &s).await?;
            b.push_str(&format!(
                "<div class=\"box\"><p>最新版本：<a href=\"/uploads/{}\">{}</a>（{}）</p>{}</div>",
                latest.id,
                esc(&latest.file_name),
                time(latest.created),
                crate::decisions::counts_line(latest, &d)
            ));
            b.push_str(&downloads(latest, &s));
            b.push_str(&perf_block(&s));
            b.push_str("<h2>问题（按严重程度和报表分组）</h2>");
            b.push_str(&findings_of(latest, &s, &d));
            b.push_str(&crate::decisions::section(&v, latest, &d));
        }
        None => b.push_str("<p class=\"muted\">还没有审核完成的文件。</p>"),
    }
    let packages = access::packages(&state, &uploads).await?;
    b.push_str(&comparisons(&packages));
    b.push_str(&supervision(&packages));
    b.push_str("<h2>历次上传</h2>");
    b.push_str(&uploads_table(&uploads));
    b.push_str(&history(&state, &uploads).await?);
    Ok(layout(&unit.name, Some(&v), &b).into_response())
}

/// 预算 ↔ 决算: when the unit has a 决算 and the budget of its year (or of the next year), or
/// budgets of consecutive years, the latest of each compared by `juesuan_rules::compare` —
/// the same call `juesuan compare` makes. Empty when there is no such pair.
fn comparisons(packages: &[(Upload, juesuan_model::Package)]) -> String {
    use juesuan_model::DisclosureKind::{Budget, Final};
    // the latest finished upload of each kind and year (uploads come newest first)
    let mut latest: Vec<&(Upload, juesuan_model::Package)> = Vec::new();
    for p in packages {
        if !latest
            .iter()
            .any(|l| l.1.kind == p.1.kind && l.1.unit.year == p.1.unit.year)
        {
            latest.push(p);
        }
    }
    let find = |kind, year: Option<u16>| {
        year.and_then(|y| {
            latest
                .iter()
                .copied()
                .find(|l| l.1.kind == kind && l.1.unit.year == y)
        })
    };
    let mut pairs = Vec::new();
    for l in latest.iter().copied() {
        let y = l.1.unit.year;
        match l.1.kind {
            Final => {
                pairs.extend(find(Budget, Some(y)).map(|b| (l, b)));
                pairs.extend(find(Budget, y.checked_add(1)).map(|b| (l, b)));
            }
            Budget => pairs.extend(find(Budget, y.checked_sub(1)).map(|b| (b, l))),
        }
    }
    if pairs.is_empty() {
        return String::new();
    }
    let mut b = String::from("<h2>预算与决算核对</h2>");
    for (n, (x, y)) in pairs.iter().enumerate() {
        let files = format!(
            "<a href=\"/uploads/{}\">{}</a> 与 <a href=\"/uploads/{}\">{}</a>",
            x.0.id,
            esc(&x.0.file_name),
            y.0.id,
            esc(&y.0.file_name)
        );
        match juesuan_rules::compare::compare(&x.1, &y.1) {
            Ok(c) => {
                b.push_str(&format!(
                    "<div class=\"box compare\"><p>{files}：{}</p>",
                    esc(&c.summary())
                ));
                for (i, f) in c.report.findings.iter().enumerate() {
                    b.push_str(&juesuan_diagnostics::render::html::finding(
                        f,
                        &format!("c{n}-{i}"),
                        None,
                    ));
                }
                b.push_str("</div>");
            }
            Err(e) => b.push_str(&format!(
                "<div class=\"box compare\"><p class=\"muted\">{files}：{}</p></div>",
                esc(&e.to_string())
            )),
        }
    }
    b
}

/// 公开监督 on the unit page: for each kind and year, the latest data package (what was
/// approved) against the latest published document; and each 决算's 上年数 against the
/// year before's 决算 (package or document).
fn supervision(packages: &[(Upload, juesuan_model::Package)]) -> String {
    use juesuan_model::DisclosureKind::Final;
    // the latest finished upload of each kind, year and form (uploads come newest first)
    let latest = |kind, year: u16, package: bool| {
        packages.iter().find(|(u, p)| {
            p.kind == kind && p.unit.year == year && (u.kind == UploadKind::Package) == package
        })
    };
    let mut years: Vec<(juesuan_model::DisclosureKind, u16)> = Vec::new();
    for (_, p) in packages {
        if p.unit.year != 0 && !years.contains(&(p.kind, p.unit.year)) {
            years.push((p.kind, p.unit.year));
        }
    }
    let link = |u: &Upload| format!("<a href=\"/uploads/{}\">{}</a>", u.id, esc(&u.file_name));
    let mut b = String::new();
    let mut n = 0;
    let mut block =
        |b: &mut String, files: String, got: Result<juesuan_check::against::Held, String>| {
            n += 1;
            match got {
                Ok(h) => {
                    b.push_str(&format!(
                        "<div class=\"box against\"><p>{files}：{}</p>",
                        esc(&h.summary)
                    ));
                    for (i, f) in h.report.findings.iter().enumerate() {
                        b.push_str(&juesuan_diagnostics::render::html::finding(
                            f,
                            &format!("a{n}-{i}"),
                            None,
                        ));
                    }
                    b.push_str("</div>");
                }
                Err(e) => b.push_str(&format!(
                    "<div class=\"box against\"><p class=\"muted\">{files}：{}</p></div>",
                    esc(&e)
                )),
            }
        };
    for &(kind, year) in &years {
        if let (Some(approved), Some(published)) =
            (latest(kind, year, true), latest(kind, year, false))
        {
            let files = format!(
                "数据包 {} 与公开文件 {}",
                link(&approved.0),
                link(&published.0)
            );
            let got = juesuan_check::against::against_package(&approved.1, &published.1, true);
            block(&mut b, files, got);
        }
    }
    for &(kind, year) in &years {
        if kind != Final {
            continue;
        }
        let this = latest(kind, year, true).or_else(|| latest(kind, year, false));
        let last = year
            .checked_sub(1)
            .and_then(|y| latest(kind, y, true).or_else(|| latest(kind, y, false)));
        if let (Some(this), Some(last)) = (this, last) {
            let files = format!("{} 所列上年数与 {}", link(&this.0), link(&last.0));
            let got = juesuan_check::against::prior_package(&this.1, &last.1, &last.0.file_name);
            block(&mut b, files, got);
        }
    }
    if b.is_empty() {
        return b;
    }
    format!(
        "<h2 id=\"supervision\">公开监督：批复数据与公开文件核对</h2>\
         <p class=\"muted\">逐表、逐行、逐栏核对单位报送的数据包与公开文件中的数字；\
         “未能核对”的数字（A-002）不是差异，须人工看一眼。</p>{b}"
    )
}

/// What changed from each finished version to the next of the same kind.
async fn history(state: &AppState, uploads: &[Upload]) -> Result<String, DbError> {
    let done = access::finished_oldest_first(uploads);
    let mut items = Vec::with_capacity(done.len());
    for u in &done {
        items.push(access::stored(state, u).await?.items);
    }
    let mut parts = Vec::new();
    for (i, after) in done.iter().enumerate() {
        let Some(b) = access::previous_version(&done, i) else {
            continue;
        };
        let before = done[b];
        let c = changes(&items[b], &items[i]);
        let mut h = format!(
            "<div class=\"box change\"><p><b>{}</b>（{}）与上一版 {} 相比：修正 <b>{}</b> 个问题，新增 <b>{}</b> 个，仍有 {} 个。</p>",
            esc(&after.file_name),
            time(after.created),
            esc(&before.file_name),
            c.fixed.len(),
            c.new.len(),
            c.remaining
        );
        for (label, list) in [("已修正", &c.fixed), ("新出现", &c.new)] {
            if list.is_empty() {
                continue;
            }
            h.push_str(&format!(
                "<details><summary>{label}（{}）</summary><ul>",
                list.len()
            ));
            for it in list.iter() {
                h.push_str(&format!(
                    "<li>[{}] {} · {}</li>",
                    esc(&it.finding.code),
                    esc(&it.finding.message),
                    esc(&it.finding.location.to_string())
                ));
            }
            h.push_str("</ul></details>");
        }
        h.push_str("</div>");
        parts.push(h);
    }
    parts.reverse(); // newest first
    Ok(if parts.is_empty() {
        String::new()
    } else {
        format!("<h2>修改对比</h2>{}", parts.concat())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_china_time() {
        assert_eq!(time(0), "1970-01-01 08:00");
        // 2024-02-29 16:30 UTC is 2024-03-01 00:30 in Beijing.
        assert_eq!(time(1_709_224_200), "2024-03-01 00:30");
    }

    #[test]
    fn download_names_are_percent_encoded() {
        assert_eq!(
            encode_filename("科信局 2024"),
            "%E7%A7%91%E4%BF%A1%E5%B1%80%202024"
        );
        assert_eq!(encode_filename("a\"b;c"), "a%22b%3Bc");
    }
}

// ---- accounts (administrators) ----

/// Only administrators manage accounts; anyone else sees nothing there.
fn admin_only(v: &Viewer) -> Result<(), PageError> {
    if v.user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::NotFound.into())
    }
}

/// The accounts page: every account with its state and the changes an administrator may
/// make, and `message` (what the last change did, or why it was refused) on top.
async fn accounts_page(state: &AppState, v: &Viewer, message: Option<(bool, &str)>) -> PageResult {
    let accounts = state.db.accounts().await?;
    let mut b = String::new();
    if let Some((ok, m)) = message {
        b.push_str(&format!(
            "<p class=\"{}\" id=\"account-message\">{}</p>",
            if ok { "ok" } else { "e" },
            esc(m)
        ));
    }
    b.push_str(
        "<p><a href=\"/admin/log\">操作记录</a> · 新建用户用命令 <code>juesuan user add</code>。</p>\
         <table><thead><tr><th>用户名</th><th>角色</th><th>财政局</th><th>单位数</th><th>建立时间</th>\
         <th>状态</th><th>操作</th></tr></thead><tbody>",
    );
    let csrf = esc(&v.csrf);
    for a in &accounts {
        let name = esc(&a.user.name);
        let form = |action: &str, label: &str, extra: &str| {
            // Removing cannot be undone: the browser asks first.
            let confirm = if action == "remove" {
                " onsubmit=\"return confirm('确定删除这个用户？删除后不能恢复（历次上传仍保留）。')\""
            } else {
                ""
            };
            format!(
                "<form method=\"post\" action=\"/admin/users\" class=\"inline\"{confirm}>\
                 <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
                 <input type=\"hidden\" name=\"name\" value=\"{name}\">\
                 <input type=\"hidden\" name=\"action\" value=\"{action}\">{extra}\
                 <button type=\"submit\">{label}</button></form> "
            )
        };
        let mut actions = String::new();
        if a.user.name != v.user.name {
            actions.push_str(&if a.disabled {
                form("enable", "启用", "")
            } else {
                form("disable", "停用", "")
            });
            actions.push_str(&form("remove", "删除", ""));
        }
        actions.push_str(&form(
            "password",
            "设新密码",
            "<input type=\"password\" name=\"password\" autocomplete=\"new-password\" \
             placeholder=\"至少10个字符\" minlength=\"10\" required>",
        ));
        b.push_str(&format!(
            "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{actions}</td></tr>",
            a.user.role.label(),
            esc(a.bureau.as_deref().unwrap_or("—")),
            a.units,
            time(a.created),
            if a.disabled { "已停用" } else { "正常" },
        ));
    }
    b.push_str("</tbody></table>");
    Ok(layout("用户管理", Some(v), &b).into_response())
}

/// `GET /admin/users`.
pub async fn accounts(State(state): State<AppState>, PageUser(v): PageUser) -> PageResult {
    admin_only(&v)?;
    accounts_page(&state, &v, None).await
}

#[derive(Deserialize)]
pub struct AccountForm {
    csrf: String,
    name: String,
    action: String,
    password: Option<String>,
}

/// `POST /admin/users`: stop, restart, remove an account or give it a new password.
pub async fn change_account(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Form(f): Form<AccountForm>,
) -> PageResult {
    admin_only(&v)?;
    if !v.csrf_ok(&f.csrf) {
        return Err(AppError::StaleForm.into());
    }
    let Some(change) = crate::accounts::Change::parse(&f.action, f.password) else {
        return accounts_page(&state, &v, Some((false, "不认识的操作"))).await;
    };
    match crate::accounts::change(&state.db, &v.user.name, &f.name, &change).await {
        Ok(m) => accounts_page(&state, &v, Some((true, &m))).await,
        Err(m) => accounts_page(&state, &v, Some((false, &m))).await,
    }
}

/// `GET /admin/log`: who changed which account when.
pub async fn audit_log(State(state): State<AppState>, PageUser(v): PageUser) -> PageResult {
    admin_only(&v)?;
    let entries = state.db.audit_entries(500).await?;
    let mut b = String::from(
        "<p><a href=\"/admin/users\">用户管理</a></p>\
         <table id=\"audit\"><thead><tr><th>时间</th><th>操作人</th><th>操作</th><th>对象</th><th>说明</th></tr></thead><tbody>",
    );
    for e in &entries {
        b.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            time(e.at),
            esc(&e.actor),
            esc(&e.action),
            esc(&e.target),
            esc(&e.detail)
        ));
    }
    if entries.is_empty() {
        b.push_str("<tr><td colspan=\"5\" class=\"muted\">还没有记录。</td></tr>");
    }
    b.push_str("</tbody></table>");
    Ok(layout("操作记录", Some(&v), &b).into_response())
}
