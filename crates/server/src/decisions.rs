//! Reviewers' decisions on findings (确认 / 不是问题 / 已说明) and their general comments
//! (审核意见) on a unit's review.
//!
//! A decision belongs to the unit, the kind (决算/预算) and the year, and to the finding's
//! identity — its rule, its place without page, line or cell (`place_key`), its message and
//! the text it quotes — not to an upload: a later version of the unit's file in which the
//! same rule says the same thing at the same place carries the decision over ("沿用第N版的
//! 决定"). The message and quote are part of the identity because a place alone (a
//! paragraph's section, the whole file) may hold several findings of one rule (the Beijing
//! format's four missing parts are four D-002 at `整个文件`): dismissing one must never
//! silence another. A finding
//! judged 不是问题 stops counting: the counts the pages and the overview show leave it out
//! and say so. Every decision and comment is written to the audit log.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use juesuan_render::opinion::Verdict;
use juesuan_review::html::esc;
use juesuan_review::{Item, Row};
use serde::Deserialize;
use sqlx::Row as _;

use crate::AppState;
use crate::access::{self, Stored};
use crate::auth::{PageUser, Viewer};
use crate::db::{DbError, DbResult, Role, Unit, Upload, UploadState, User, now};
use crate::error::{AppError, PageError};

/// The text stored in `decisions.verdict`.
pub fn verdict_id(v: Verdict) -> &'static str {
    match v {
        Verdict::Confirmed => "confirmed",
        Verdict::Dismissed => "dismissed",
        Verdict::Explained => "explained",
    }
}

/// The verdict stored or sent as `s`; anything else is refused, never guessed.
pub fn parse_verdict(s: &str) -> Option<Verdict> {
    [Verdict::Confirmed, Verdict::Dismissed, Verdict::Explained]
        .into_iter()
        .find(|v| verdict_id(*v) == s)
}

/// Who may decide and comment: the reviewers (of the unit's bureau, as [`access`] checks).
pub fn may_decide(user: &User) -> bool {
    user.role == Role::Reviewer
}

/// What a decision is about: one unit's 决算 or 预算 of one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub unit_id: i64,
    /// `final` / `budget`.
    pub disclosure: String,
    /// The year, 0 when the upload's year is not known.
    pub year: i64,
}

/// A decision as stored.
#[derive(Debug, Clone)]
pub struct Decision {
    pub verdict: Verdict,
    pub reason: String,
    /// The upload (version) it was made on.
    pub upload_id: i64,
    /// The reviewer's name.
    pub by: String,
    pub at: i64,
}

/// A general comment of a reviewer.
#[derive(Debug, Clone)]
pub struct Comment {
    pub text: String,
    pub by: String,
    pub at: i64,
}

/// The identity of a finding across versions: its rule, place and message, and the text
/// it quotes from a document (two findings of one rule saying the same of two lines of one
/// section are two findings).
pub fn finding_key(code: &str, place_key: &str, message: &str, quote: Option<&str>) -> String {
    use blake2::{Blake2b512, Digest};
    let mut h = Blake2b512::new();
    for part in [code, place_key, message, quote.unwrap_or("")] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize()
        .iter()
        .take(24)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The key of a stored finding.
pub fn item_key(item: &Item) -> String {
    let f = &item.finding;
    finding_key(
        f.code.as_ref(),
        &f.location.key(),
        &f.message,
        f.location.quote.as_deref().map(str::trim),
    )
}

/// The scope of a finished upload of a unit; `None` for one without a unit.
pub async fn scope_of(state: &AppState, up: &Upload) -> DbResult<Option<Scope>> {
    let Some(unit_id) = up.unit_id else {
        return Ok(None);
    };
    let r = sqlx::query("SELECT disclosure FROM uploads WHERE id = $1")
        .bind(up.id)
        .fetch_optional(&state.db.pool)
        .await?;
    let disclosure: String = match r {
        Some(r) => r.try_get(0)?,
        None => String::new(),
    };
    Ok(Some(Scope {
        unit_id,
        // results stored before the kind was kept were 决算 (budgets came later)
        disclosure: if disclosure.is_empty() {
            "final".into()
        } else {
            disclosure
        },
        year: up.year.unwrap_or(0),
    }))
}

/// The decisions of a scope, by finding key.
pub async fn decisions(state: &AppState, scope: &Scope) -> DbResult<HashMap<String, Decision>> {
    let rows = sqlx::query(
        "SELECT d.key, d.verdict, d.reason, d.upload_id, u.name, d.at FROM decisions d \
         JOIN users u ON u.id = d.user_id \
         WHERE d.unit_id = $1 AND d.disclosure = $2 AND d.year = $3",
    )
    .bind(scope.unit_id)
    .bind(&scope.disclosure)
    .bind(scope.year)
    .fetch_all(&state.db.pool)
    .await?;
    let mut out = HashMap::new();
    for r in &rows {
        let verdict: String = r.try_get(1)?;
        let verdict = parse_verdict(&verdict)
            .ok_or_else(|| DbError::Invalid(format!("审核决定“{verdict}”不对")))?;
        out.insert(
            r.try_get::<String, _>(0)?,
            Decision {
                verdict,
                reason: r.try_get(2)?,
                upload_id: r.try_get(3)?,
                by: r.try_get(4)?,
                at: r.try_get(5)?,
            },
        );
    }
    Ok(out)
}

/// The comments of a scope, oldest first.
pub async fn comments(state: &AppState, scope: &Scope) -> DbResult<Vec<Comment>> {
    let rows = sqlx::query(
        "SELECT c.text, u.name, c.at FROM review_comments c JOIN users u ON u.id = c.user_id \
         WHERE c.unit_id = $1 AND c.disclosure = $2 AND c.year = $3 ORDER BY c.id",
    )
    .bind(scope.unit_id)
    .bind(&scope.disclosure)
    .bind(scope.year)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Comment {
                text: r.try_get(0)?,
                by: r.try_get(1)?,
                at: r.try_get(2)?,
            })
        })
        .collect()
}

/// The finished uploads of a scope, oldest first: version N is at N - 1.
pub async fn versions(state: &AppState, scope: &Scope) -> DbResult<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT id FROM uploads WHERE unit_id = $1 AND state = $2 AND disclosure = $3 \
         AND COALESCE(year, 0) = $4 ORDER BY id",
    )
    .bind(scope.unit_id)
    .bind(UploadState::Done.id())
    .bind(&scope.disclosure)
    .bind(scope.year)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// `第N版` of an upload among its scope's versions.
fn version_of(versions: &[i64], upload_id: i64) -> Option<usize> {
    versions.iter().position(|v| *v == upload_id).map(|i| i + 1)
}

/// An upload's findings with their decisions.
pub struct Decided {
    pub scope: Option<Scope>,
    /// Each finding and its decision, in report order.
    pub items: Vec<(Item, Option<Decision>)>,
    pub comments: Vec<Comment>,
    pub versions: Vec<i64>,
}

impl Decided {
    /// The findings judged 不是问题, by severity (errors, warnings, infos).
    pub fn dismissed(&self) -> (usize, usize, usize) {
        use juesuan_model::Severity;
        let mut n = (0, 0, 0);
        for (item, d) in &self.items {
            if d.as_ref().is_some_and(|d| d.verdict == Verdict::Dismissed) {
                match item.severity() {
                    Severity::Error => n.0 += 1,
                    Severity::Warning => n.1 += 1,
                    Severity::Info => n.2 += 1,
                }
            }
        }
        n
    }
}

/// The findings of an upload with the decisions of its scope.
pub async fn decided(state: &AppState, up: &Upload, s: &Stored) -> DbResult<Decided> {
    let scope = scope_of(state, up).await?;
    let (found, comments, versions) = match &scope {
        Some(sc) => (
            decisions(state, sc).await?,
            comments(state, sc).await?,
            versions(state, sc).await?,
        ),
        None => (HashMap::new(), Vec::new(), Vec::new()),
    };
    let items = s
        .items
        .iter()
        .map(|i| (i.clone(), found.get(&item_key(i)).cloned()))
        .collect();
    Ok(Decided {
        scope,
        items,
        comments,
        versions,
    })
}

/// `错误 n 个，警告 n 个，提示 n 条` of a finished upload, without the findings judged
/// 不是问题 (and saying how many those are).
pub fn counts_line(up: &Upload, d: &Decided) -> String {
    let (e, w, i) = d.dismissed();
    let sub = |n: Option<i64>, k: usize| {
        n.unwrap_or(0)
            .saturating_sub(i64::try_from(k).unwrap_or(0))
            .max(0)
    };
    let dismissed = e + w + i;
    let note = if dismissed > 0 {
        format!("（另有<span id=\"dismissed-count\">{dismissed}</span>条已判定不是问题）")
    } else {
        String::new()
    };
    format!(
        "<p id=\"counts\">错误 <b class=\"e\">{}</b> 个，警告 <b class=\"w\">{}</b> 个，提示 {} 条{note}</p>",
        sub(up.errors, e),
        sub(up.warnings, w),
        sub(up.infos, i)
    )
}

/// The decisions block of an upload's page: every error and warning with its decision,
/// a form per finding for a reviewer, read-only for anyone else; the comments and, for a
/// reviewer, the comment form and the opinion's downloads.
pub fn section(v: &Viewer, up: &Upload, d: &Decided) -> String {
    let Some(scope) = &d.scope else {
        return String::new();
    };
    if up.state != UploadState::Done {
        return String::new();
    }
    let reviewer = may_decide(&v.user);
    let unit = scope.unit_id;
    let csrf = esc(&v.csrf);
    let mut b = String::from(
        "<style>#decision-table td:first-child{white-space:nowrap}.verdict-confirmed{color:#b00020}\
         .verdict-dismissed{color:#555}.verdict-explained{color:#0057a8}.carried{color:#1b7f3b}\
         form.decide select,form.decide input{margin:.1em 0}</style>\
         <h2 id=\"decisions\">审核决定</h2>",
    );
    if reviewer {
        b.push_str(&format!(
            "<p class=\"box\">对每个错误和警告作出决定：<b>确认</b>（单位须修改）、<b>不是问题</b>（须写理由，不再计入错误和警告数）\
             或<b>已说明</b>。决定按规则和位置保存，单位下次上传时同一位置的同一问题沿用本决定。\
             审核意见书：<a href=\"/units/{unit}/opinion/docx?upload={upid}\" id=\"opinion-docx\">下载 DOCX</a> · \
             <a href=\"/units/{unit}/opinion/pdf?upload={upid}\" id=\"opinion-pdf\">下载 PDF</a></p>",
            upid = up.id
        ));
    }
    if !reviewer {
        b.push_str("<p class=\"muted\">以下是财政局审核人员对各问题的决定和意见（只读）。</p>");
    }
    let listed: Vec<(usize, &(Item, Option<Decision>))> = d
        .items
        .iter()
        .enumerate()
        .filter(|(_, (i, _))| i.severity() != juesuan_model::Severity::Info)
        .collect();
    if listed.is_empty() {
        b.push_str("<p class=\"muted\">没有错误或警告，无需决定。</p>");
    } else {
        b.push_str(
            "<table id=\"decision-table\"><thead><tr><th>规则</th><th>问题</th><th>位置</th><th>决定</th>",
        );
        if reviewer {
            b.push_str("<th>作出决定</th>");
        }
        b.push_str("</tr></thead><tbody>");
        for (seq, (item, dec)) in listed {
            let f = &item.finding;
            let shown = match dec {
                None => "<span class=\"muted\">未决定</span>".to_string(),
                Some(dc) => {
                    let from = if dc.upload_id == up.id {
                        String::new()
                    } else {
                        match version_of(&d.versions, dc.upload_id) {
                            Some(n) => {
                                format!("<br><span class=\"carried\">沿用第{n}版的决定</span>")
                            }
                            None => "<br><span class=\"carried\">沿用此前版本的决定</span>".into(),
                        }
                    };
                    let reason = if dc.reason.trim().is_empty() {
                        String::new()
                    } else {
                        format!("：{}", esc(dc.reason.trim()))
                    };
                    format!(
                        "<b class=\"verdict-{}\">{}</b>{reason}<br><span class=\"muted\">{} · {}</span>{from}",
                        verdict_id(dc.verdict),
                        dc.verdict.label(),
                        esc(&dc.by),
                        crate::pages::time(dc.at)
                    )
                }
            };
            b.push_str(&format!(
                "<tr id=\"d{seq}\" data-code=\"{code}\"><td>{code}<br>{sev}</td><td>{msg}</td><td>{place}</td><td class=\"decision\">{shown}</td>",
                code = esc(f.code.as_ref()),
                sev = f.severity.label(),
                msg = esc(&f.message),
                place = esc(&f.location.to_string()),
            ));
            if reviewer {
                b.push_str(&format!(
                    "<td><form method=\"post\" action=\"/units/{unit}/decisions\" class=\"decide\">\
                     <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
                     <input type=\"hidden\" name=\"upload\" value=\"{upid}\">\
                     <input type=\"hidden\" name=\"seq\" value=\"{seq}\">\
                     <select name=\"verdict\" aria-label=\"决定\">\
                     <option value=\"confirmed\">确认（需修改）</option>\
                     <option value=\"dismissed\">不是问题（须写理由）</option>\
                     <option value=\"explained\">已说明</option>\
                     <option value=\"clear\">撤销决定</option></select> \
                     <input name=\"reason\" placeholder=\"理由或说明\" maxlength=\"2000\"> \
                     <button type=\"submit\">保存</button></form></td>",
                    upid = up.id
                ));
            }
            b.push_str("</tr>");
        }
        b.push_str("</tbody></table>");
    }
    b.push_str("<h3>审核意见</h3>");
    if d.comments.is_empty() {
        b.push_str("<p class=\"muted\" id=\"no-comments\">还没有审核意见。</p>");
    } else {
        b.push_str("<ul id=\"comments\">");
        for c in &d.comments {
            b.push_str(&format!(
                "<li>{}<br><span class=\"muted\">{} · {}</span></li>",
                esc(&c.text).replace('\n', "<br>"),
                esc(&c.by),
                crate::pages::time(c.at)
            ));
        }
        b.push_str("</ul>");
    }
    if reviewer {
        b.push_str(&format!(
            "<form method=\"post\" action=\"/units/{unit}/comments\" class=\"box\" id=\"comment-form\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <input type=\"hidden\" name=\"upload\" value=\"{upid}\">\
             <p><label for=\"comment\">审核意见</label></p>\
             <p><textarea id=\"comment\" name=\"text\" rows=\"3\" cols=\"60\" maxlength=\"5000\" required></textarea></p>\
             <p><button type=\"submit\">添加意见</button></p></form>",
            upid = up.id
        ));
    }
    b
}

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf: String,
    upload: i64,
    seq: usize,
    verdict: String,
    #[serde(default)]
    reason: String,
}

/// The upload a reviewer's form names, when it is a finished upload of the unit.
async fn upload_of_unit(state: &AppState, unit: &Unit, id: i64) -> Result<Upload, PageError> {
    let up = state.db.upload(id).await?.ok_or(AppError::NotFound)?;
    if up.unit_id != Some(unit.id) || up.state != UploadState::Done {
        return Err(AppError::NotFound.into());
    }
    Ok(up)
}

/// A reviewer of the unit's bureau; anyone else is refused.
async fn reviewer_of(state: &AppState, v: &Viewer, unit_id: i64) -> Result<Unit, PageError> {
    let unit = access::visible_unit(state, &v.user, unit_id).await?;
    if !may_decide(&v.user) {
        return Err(
            AppError::refused(StatusCode::FORBIDDEN, "只有财政局审核人员可以作出审核决定").into(),
        );
    }
    Ok(unit)
}

/// Where a form made on the page of `up` returns to: the unit page when `up` is the unit's
/// latest finished upload (the one it shows), else the upload's own page.
async fn back_to(state: &AppState, unit: &Unit, up: &Upload, anchor: &str) -> DbResult<String> {
    let latest = access::uploads_of(state, unit)
        .await?
        .into_iter()
        .find(|u| u.state == UploadState::Done)
        .map(|u| u.id);
    Ok(if latest == Some(up.id) {
        format!("/units/{}#{anchor}", unit.id)
    } else {
        format!("/uploads/{}#{anchor}", up.id)
    })
}

/// At most `n` characters of a user's text, trimmed.
fn clip(s: &str, n: usize) -> String {
    s.trim().chars().take(n).collect()
}

/// `POST /units/{id}/decisions`: a reviewer decides on one finding of an upload (or
/// withdraws the decision), then goes back to the page.
pub async fn decide(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Path(unit_id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, PageError> {
    if !v.csrf_ok(&f.csrf) {
        return Err(AppError::StaleForm.into());
    }
    let unit = reviewer_of(&state, &v, unit_id).await?;
    let up = upload_of_unit(&state, &unit, f.upload).await?;
    let s = access::stored(&state, &up).await?;
    let item = s.items.get(f.seq).ok_or(AppError::NotFound)?;
    let scope = scope_of(&state, &up).await?.ok_or(AppError::NotFound)?;
    let finding = &item.finding;
    let key = item_key(item);
    let reason = clip(&f.reason, 2000);
    let what = format!(
        "{} {} · {}",
        finding.code,
        finding.message,
        finding.location.key()
    );
    if f.verdict == "clear" {
        sqlx::query(
            "DELETE FROM decisions WHERE unit_id = $1 AND disclosure = $2 AND year = $3 AND key = $4",
        )
        .bind(scope.unit_id)
        .bind(&scope.disclosure)
        .bind(scope.year)
        .bind(&key)
        .execute(&state.db.pool)
        .await
        .map_err(DbError::from)?;
        state
            .db
            .log(&v.user.name, "撤销审核决定", &unit.name, &what)
            .await?;
        let back = back_to(&state, &unit, &up, &format!("d{}", f.seq)).await?;
        return Ok(Redirect::to(&back).into_response());
    }
    let verdict = parse_verdict(&f.verdict)
        .ok_or_else(|| AppError::refused(StatusCode::BAD_REQUEST, "不认识的审核决定"))?;
    if verdict == Verdict::Dismissed && reason.is_empty() {
        return Err(AppError::refused(StatusCode::BAD_REQUEST, "判定“不是问题”须写明理由").into());
    }
    sqlx::query(
        "INSERT INTO decisions (unit_id, disclosure, year, key, code, place_key, message, verdict, reason, upload_id, user_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (unit_id, disclosure, year, key) DO UPDATE SET verdict = excluded.verdict, \
         reason = excluded.reason, upload_id = excluded.upload_id, user_id = excluded.user_id, at = excluded.at",
    )
    .bind(scope.unit_id)
    .bind(&scope.disclosure)
    .bind(scope.year)
    .bind(&key)
    .bind(finding.code.to_string())
    .bind(finding.location.key())
    .bind(&finding.message)
    .bind(verdict_id(verdict))
    .bind(&reason)
    .bind(up.id)
    .bind(v.user.id)
    .bind(now())
    .execute(&state.db.pool)
    .await
    .map_err(DbError::from)?;
    let detail = if reason.is_empty() {
        what
    } else {
        format!("{what}；{reason}")
    };
    state
        .db
        .log(
            &v.user.name,
            &format!("审核决定：{}", verdict.label()),
            &unit.name,
            &detail,
        )
        .await?;
    let back = back_to(&state, &unit, &up, &format!("d{}", f.seq)).await?;
    Ok(Redirect::to(&back).into_response())
}

#[derive(Deserialize)]
pub struct CommentForm {
    csrf: String,
    upload: i64,
    text: String,
}

/// `POST /units/{id}/comments`: a reviewer's general comment on the unit's review (of the
/// kind and year of the upload named).
pub async fn comment(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Path(unit_id): Path<i64>,
    Form(f): Form<CommentForm>,
) -> Result<Response, PageError> {
    if !v.csrf_ok(&f.csrf) {
        return Err(AppError::StaleForm.into());
    }
    let unit = reviewer_of(&state, &v, unit_id).await?;
    let up = upload_of_unit(&state, &unit, f.upload).await?;
    let scope = scope_of(&state, &up).await?.ok_or(AppError::NotFound)?;
    let text = clip(&f.text, 5000);
    if text.is_empty() {
        return Err(AppError::refused(StatusCode::BAD_REQUEST, "审核意见不能为空").into());
    }
    sqlx::query(
        "INSERT INTO review_comments (unit_id, disclosure, year, upload_id, user_id, text, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(scope.unit_id)
    .bind(&scope.disclosure)
    .bind(scope.year)
    .bind(up.id)
    .bind(v.user.id)
    .bind(&text)
    .bind(now())
    .execute(&state.db.pool)
    .await
    .map_err(DbError::from)?;
    state
        .db
        .log(&v.user.name, "审核意见", &unit.name, &clip(&text, 200))
        .await?;
    let back = back_to(&state, &unit, &up, "comments").await?;
    Ok(Redirect::to(&back).into_response())
}

/// The overview rows without the findings judged 不是问题: each row's counts and per-rule
/// counts are those of its upload less the dismissed ones; returns how many were left out.
/// Two queries (the latest uploads' scopes, the dismissals), then the findings of only the
/// uploads that have a dismissal.
pub async fn discount_rows(
    state: &AppState,
    rows: &mut [(Unit, Row)],
    year: Option<u16>,
) -> DbResult<usize> {
    let year = year.map_or(-1, i64::from);
    let latest = sqlx::query(
        "SELECT id, unit_id, disclosure, COALESCE(year, 0) FROM uploads WHERE id IN \
         (SELECT MAX(id) FROM uploads WHERE state = $1 AND unit_id IS NOT NULL \
          AND row_json IS NOT NULL AND ($2 < 0 OR year = $3) GROUP BY unit_id)",
    )
    .bind(UploadState::Done.id())
    .bind(year)
    .bind(year)
    .fetch_all(&state.db.pool)
    .await?;
    let dismissals =
        sqlx::query("SELECT unit_id, disclosure, year, key FROM decisions WHERE verdict = $1")
            .bind(verdict_id(Verdict::Dismissed))
            .fetch_all(&state.db.pool)
            .await?;
    let mut dismissed: HashMap<(i64, String, i64), Vec<String>> = HashMap::new();
    for r in &dismissals {
        dismissed
            .entry((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
            .or_default()
            .push(r.try_get(3)?);
    }
    let mut left_out = 0;
    for r in &latest {
        let (id, unit_id): (i64, i64) = (r.try_get(0)?, r.try_get(1)?);
        let disclosure: String = r.try_get(2)?;
        let disclosure = if disclosure.is_empty() {
            "final".to_string()
        } else {
            disclosure
        };
        let Some(keys) = dismissed.get(&(unit_id, disclosure, r.try_get(3)?)) else {
            continue;
        };
        let Some(row) = rows
            .iter_mut()
            .find(|(u, _)| u.id == unit_id)
            .map(|(_, r)| r)
        else {
            continue;
        };
        let Some(up) = state.db.upload(id).await? else {
            continue;
        };
        let s = access::stored(state, &up).await?;
        for item in &s.items {
            if !keys.contains(&item_key(item)) {
                continue;
            }
            left_out += 1;
            let c = &mut row.counts;
            match item.severity() {
                juesuan_model::Severity::Error => c.errors = c.errors.saturating_sub(1),
                juesuan_model::Severity::Warning => c.warnings = c.warnings.saturating_sub(1),
                juesuan_model::Severity::Info => c.infos = c.infos.saturating_sub(1),
            }
            let code = item.finding.code.to_string();
            if let Some(rule) = row.rules.iter_mut().find(|(c, _)| *c == code) {
                rule.1 = rule.1.saturating_sub(1);
            }
            row.rules.retain(|(_, n)| *n > 0);
        }
    }
    Ok(left_out)
}

/// The uploads' stored error and warning counts less the findings judged 不是问题 (the
/// progress board's rows, which count as the pages do). One query for the scopes that hold
/// a dismissal; only those uploads' findings are read.
pub async fn discount_uploads<'a>(
    state: &AppState,
    uploads: impl Iterator<Item = &'a mut Upload>,
) -> DbResult<()> {
    let scopes: Vec<(i64, String, i64)> = {
        let rows = sqlx::query(
            "SELECT DISTINCT unit_id, disclosure, year FROM decisions WHERE verdict = $1",
        )
        .bind(verdict_id(Verdict::Dismissed))
        .fetch_all(&state.db.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect::<Result<_, sqlx::Error>>()?
    };
    for up in uploads {
        let Some(scope) = scope_of(state, up).await? else {
            continue;
        };
        if !scopes.contains(&(scope.unit_id, scope.disclosure.clone(), scope.year)) {
            continue;
        }
        let s = access::stored(state, up).await?;
        let (e, w, i) = decided(state, up, &s).await?.dismissed();
        let less = |n: &mut Option<i64>, k: usize| {
            if let Some(n) = n {
                *n = n.saturating_sub(i64::try_from(k).unwrap_or(0)).max(0);
            }
        };
        less(&mut up.errors, e);
        less(&mut up.warnings, w);
        less(&mut up.infos, i);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_stored_as_their_text_and_nothing_else_is_one() {
        for v in [Verdict::Confirmed, Verdict::Dismissed, Verdict::Explained] {
            assert_eq!(parse_verdict(verdict_id(v)), Some(v));
        }
        for bad in ["", "clear", "Confirmed", "不是问题"] {
            assert_eq!(parse_verdict(bad), None);
        }
    }

    #[test]
    fn the_key_tells_rule_place_and_message_apart() {
        let k = finding_key("D-010", "正文", "XX", None);
        assert_eq!(k, finding_key("D-010", "正文", "XX", None));
        assert_eq!(k.len(), 48);
        assert_ne!(k, finding_key("D-011", "正文", "XX", None));
        assert_ne!(k, finding_key("D-010", "说明", "XX", None));
        assert_ne!(k, finding_key("D-010", "正文", "某某", None));
        assert_ne!(k, finding_key("D-010", "正文", "XX", Some("收入XX万元")));
        // the parts are separated: moving text from one to the next changes the key
        assert_ne!(
            finding_key("a", "bc", "", None),
            finding_key("ab", "c", "", None)
        );
    }
}
