//! A unit's status for each kind (预算/决算) and year: 未提交 → 已提交 (an upload) → 退回修改
//! (a reviewer, with a comment) ⇄ 已提交 (the officer uploads again) → 审核通过 (a reviewer)
//! → 已公开 (a reviewer, with the published document's upload or its web address). Every
//! change is a row of `unit_status` (who, when, comment); the latest is the status, none is
//! 未提交. [`next`] decides what a person may do, the same for pages and tests.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use juesuan_review::html::esc;
use serde::Deserialize;
use sqlx::Row as _;

use crate::AppState;
use crate::auth::{PageUser, Viewer};
use crate::db::{Db, DbResult, Role, Upload, UploadState, now};
use crate::error::{AppError, PageError};

/// 决算 or 预算: the upload's `disclosure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisclosureKind {
    Final,
    Budget,
}

impl DisclosureKind {
    pub const ALL: [DisclosureKind; 2] = [DisclosureKind::Final, DisclosureKind::Budget];

    pub fn id(self) -> &'static str {
        match self {
            DisclosureKind::Final => "final",
            DisclosureKind::Budget => "budget",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DisclosureKind::Final => "决算",
            DisclosureKind::Budget => "预算",
        }
    }

    /// The kind stored or asked for as `s` (`final`/`budget`, or 决算/预算).
    pub fn parse(s: &str) -> Result<DisclosureKind, String> {
        match s.trim() {
            "final" | "决算" => Ok(DisclosureKind::Final),
            "budget" | "预算" => Ok(DisclosureKind::Budget),
            other => Err(format!("“{other}”不是预算或决算")),
        }
    }
}

/// Where a unit's 预算 or 决算 of a year is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    NotSubmitted,
    Submitted,
    Returned,
    Passed,
    Published,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::NotSubmitted,
        Status::Submitted,
        Status::Returned,
        Status::Passed,
        Status::Published,
    ];

    /// The text stored (and the pages' CSS class suffix).
    pub fn id(self) -> &'static str {
        match self {
            Status::NotSubmitted => "none",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Passed => "passed",
            Status::Published => "published",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::NotSubmitted => "未提交",
            Status::Submitted => "已提交",
            Status::Returned => "退回修改",
            Status::Passed => "审核通过",
            Status::Published => "已公开",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.id() == s)
    }
}

/// What a reviewer does to a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Return,
    Pass,
    Publish,
}

impl Action {
    pub fn parse(s: &str) -> Option<Action> {
        match s {
            "return" => Some(Action::Return),
            "pass" => Some(Action::Pass),
            "publish" => Some(Action::Publish),
            _ => None,
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Action::Return => "退回修改",
            Action::Pass => "审核通过",
            Action::Publish => "标为已公开",
        }
    }
}

/// The status an action leads to, or why it may not be taken (in Chinese). `published`
/// says whether the published document (an upload or a web address) was given.
pub fn next(
    from: Status,
    action: Action,
    role: Role,
    comment: &str,
    published: bool,
) -> Result<Status, String> {
    if role == Role::Officer {
        return Err(
            "单位填报人员不能更改审核状态：退回修改、审核通过和标为已公开由财政局审核人员办理"
                .into(),
        );
    }
    let to = match (from, action) {
        (Status::Submitted, Action::Return) => Status::Returned,
        (Status::Submitted, Action::Pass) => Status::Passed,
        (Status::Passed, Action::Publish) => Status::Published,
        _ => {
            let allowed = match action {
                Action::Return | Action::Pass => "已提交",
                Action::Publish => "审核通过",
            };
            return Err(format!(
                "当前状态是“{}”，不能{}：只有“{allowed}”的可以{}",
                from.label(),
                action.verb(),
                action.verb()
            ));
        }
    };
    if action == Action::Return && comment.trim().is_empty() {
        return Err("退回修改须填写意见，说明要改什么".into());
    }
    if action == Action::Publish && !published {
        return Err("标为已公开须给出公开的文件（本单位的一次上传）或公开的网址".into());
    }
    Ok(to)
}

/// One change of a status.
#[derive(Debug, Clone)]
pub struct Change {
    pub kind: DisclosureKind,
    pub year: i64,
    pub status: Status,
    pub at: i64,
    pub actor: String,
    pub comment: String,
    pub upload_id: Option<i64>,
    pub url: String,
}

impl Db {
    /// The changes of a unit's statuses, oldest first.
    pub async fn status_changes(&self, unit_id: i64) -> DbResult<Vec<Change>> {
        let rows = sqlx::query(
            "SELECT kind, year, status, at, actor, comment, upload_id, url FROM unit_status \
             WHERE unit_id = $1 ORDER BY id",
        )
        .bind(unit_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .filter_map(|r| change_of(r).transpose())
            .collect()
    }

    /// The status of every unit that has one for a kind and year: (unit, status).
    pub async fn statuses(&self, kind: DisclosureKind, year: i64) -> DbResult<Vec<(i64, Status)>> {
        let rows = sqlx::query(
            "SELECT unit_id, status FROM unit_status WHERE kind = $1 AND year = $2 ORDER BY id",
        )
        .bind(kind.id())
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<(i64, Status)> = Vec::new();
        for r in &rows {
            let unit: i64 = r.try_get(0)?;
            let Some(st) = Status::parse(&r.try_get::<String, _>(1)?) else {
                continue;
            };
            match out.iter_mut().find(|(u, _)| *u == unit) {
                Some(slot) => slot.1 = st,
                None => out.push((unit, st)),
            }
        }
        Ok(out)
    }

    /// The current status of one unit's kind and year.
    pub async fn status_of(
        &self,
        unit_id: i64,
        kind: DisclosureKind,
        year: i64,
    ) -> DbResult<Status> {
        let r = sqlx::query(
            "SELECT status FROM unit_status WHERE unit_id = $1 AND kind = $2 AND year = $3 \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(unit_id)
        .bind(kind.id())
        .bind(year)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match r {
            Some(r) => Status::parse(&r.try_get::<String, _>(0)?).unwrap_or(Status::NotSubmitted),
            None => Status::NotSubmitted,
        })
    }

    /// Records a change.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_status(
        &self,
        unit_id: i64,
        kind: DisclosureKind,
        year: i64,
        status: Status,
        actor: &str,
        comment: &str,
        upload_id: Option<i64>,
        url: &str,
    ) -> DbResult<()> {
        sqlx::query(
            "INSERT INTO unit_status (unit_id, kind, year, status, at, actor, comment, upload_id, url) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(unit_id)
        .bind(kind.id())
        .bind(year)
        .bind(status.id())
        .bind(now())
        .bind(actor)
        .bind(comment)
        .bind(upload_id)
        .bind(url)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

fn change_of(r: &sqlx::any::AnyRow) -> DbResult<Option<Change>> {
    let (Ok(kind), Some(status)) = (
        DisclosureKind::parse(&r.try_get::<String, _>(0)?),
        Status::parse(&r.try_get::<String, _>(2)?),
    ) else {
        return Ok(None);
    };
    Ok(Some(Change {
        kind,
        year: r.try_get(1)?,
        status,
        at: r.try_get(3)?,
        actor: r.try_get(4)?,
        comment: r.try_get(5)?,
        upload_id: r.try_get(6)?,
        url: r.try_get(7)?,
    }))
}

/// An upload filed under a unit: 未提交 and 退回修改 become 已提交; after 审核通过 or 已公开
/// the status stays, and the history says a new file came.
pub async fn submitted(
    db: &Db,
    unit_id: i64,
    kind: DisclosureKind,
    year: i64,
    actor: &str,
    up: &Upload,
) -> DbResult<()> {
    let from = db.status_of(unit_id, kind, year).await?;
    let (to, comment) = match from {
        Status::NotSubmitted | Status::Returned => {
            (Status::Submitted, format!("上传了“{}”", up.file_name))
        }
        Status::Submitted => return Ok(()),
        Status::Passed | Status::Published => (
            from,
            format!(
                "{}后又上传了“{}”，状态未变；如需重新审核请联系审核人员",
                from.label(),
                up.file_name
            ),
        ),
    };
    db.record_status(unit_id, kind, year, to, actor, &comment, Some(up.id), "")
        .await
}

/// The status part of a unit page: for each kind and year the unit has uploads or a status
/// of, the current status, a reviewer's actions, and the history of changes.
pub async fn section(
    state: &AppState,
    v: &Viewer,
    unit_id: i64,
    uploads: &[Upload],
) -> DbResult<String> {
    let changes = state.db.status_changes(unit_id).await?;
    let mut keys: Vec<(DisclosureKind, i64)> = Vec::new();
    for up in uploads.iter().filter(|u| u.state == UploadState::Done) {
        if let (Some(y), Ok(k)) = (up.year, DisclosureKind::parse(&up.disclosure))
            && !keys.contains(&(k, y))
        {
            keys.push((k, y));
        }
    }
    for c in &changes {
        if !keys.contains(&(c.kind, c.year)) {
            keys.push((c.kind, c.year));
        }
    }
    keys.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id().cmp(b.0.id())));
    let mut b = String::from("<h2>审核状态</h2>");
    if keys.is_empty() {
        b.push_str(
            "<p class=\"muted\" id=\"status-none\">还没有提交（上传审核完成后为“已提交”）。</p>",
        );
        return Ok(b);
    }
    let reviewer = v.user.role != Role::Officer;
    let csrf = esc(&v.csrf);
    let files: String = uploads
        .iter()
        .filter(|u| u.state == UploadState::Done)
        .map(|u| format!("<option value=\"{}\">{}</option>", u.id, esc(&u.file_name)))
        .collect();
    for (kind, year) in keys {
        let status = changes
            .iter()
            .rev()
            .find(|c| c.kind == kind && c.year == year)
            .map_or(Status::NotSubmitted, |c| c.status);
        b.push_str(&format!(
            "<div class=\"box\" id=\"status-{k}-{year}\"><p>{year}年{label}：<b class=\"status-{id}\">{st}</b></p>",
            k = kind.id(),
            label = kind.label(),
            id = status.id(),
            st = status.label()
        ));
        if reviewer && matches!(status, Status::Submitted | Status::Passed) {
            let hidden = format!(
                "<input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
                 <input type=\"hidden\" name=\"kind\" value=\"{}\"><input type=\"hidden\" name=\"year\" value=\"{year}\">",
                kind.id()
            );
            b.push_str(&format!(
                "<form method=\"post\" action=\"/units/{unit_id}/status\" class=\"status-form\">{hidden}"
            ));
            let latest = uploads.iter().find(|u| {
                u.state == UploadState::Done && u.year == Some(year) && u.disclosure == kind.id()
            });
            if let Some(n) = latest.and_then(|u| u.errors).filter(|n| *n > 0)
                && status == Status::Submitted
            {
                b.push_str(&format!(
                    "<p class=\"w\" id=\"open-errors\">最新提交的版本仍有 {n} 个错误：审核通过前请确认每个错误已改正或已说明。</p>"
                ));
            }
            if status == Status::Submitted {
                b.push_str(
                    "<p><label for=\"comment\">意见</label><textarea name=\"comment\" rows=\"2\" cols=\"60\" \
                     placeholder=\"退回修改时必填：要改什么\"></textarea></p>\
                     <p><button type=\"submit\" name=\"action\" value=\"return\" class=\"return\">退回修改</button> \
                     <button type=\"submit\" name=\"action\" value=\"pass\" class=\"pass\">审核通过</button></p>",
                );
            } else {
                b.push_str(&format!(
                    "<p><label>公开的文件</label><select name=\"upload\"><option value=\"\">（无）</option>{files}</select> \
                     <label>或网址</label><input name=\"url\" size=\"40\" placeholder=\"https://\"></p>\
                     <p><input name=\"comment\" size=\"40\" placeholder=\"说明（可不填）\"> \
                     <button type=\"submit\" name=\"action\" value=\"publish\" class=\"publish\">标为已公开</button></p>"
                ));
            }
            b.push_str("</form>");
        }
        let history: Vec<&Change> = changes
            .iter()
            .filter(|c| c.kind == kind && c.year == year)
            .collect();
        if !history.is_empty() {
            b.push_str(
                "<table class=\"status-history\"><thead><tr><th>时间</th><th>状态</th><th>办理人</th><th>意见与说明</th></tr></thead><tbody>",
            );
            for c in history.iter().rev() {
                let mut what = esc(&c.comment);
                if let Some(u) = c.upload_id {
                    what.push_str(&format!(" <a href=\"/uploads/{u}\">文件</a>"));
                }
                if !c.url.is_empty() {
                    what.push_str(&format!(
                        " <a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
                        esc(&c.url)
                    ));
                }
                b.push_str(&format!(
                    "<tr><td>{}</td><td class=\"status-{}\">{}</td><td>{}</td><td>{what}</td></tr>",
                    crate::pages::time(c.at),
                    c.status.id(),
                    c.status.label(),
                    esc(&c.actor)
                ));
            }
            b.push_str("</tbody></table>");
        }
        b.push_str("</div>");
    }
    Ok(b)
}

#[derive(Deserialize)]
pub struct StatusForm {
    csrf: String,
    kind: String,
    year: String,
    action: String,
    #[serde(default)]
    comment: String,
    upload: Option<String>,
    url: Option<String>,
}

/// A published document's web address: `http(s)://…`, no spaces, at most 500 characters.
fn web_address(url: &str) -> Option<&str> {
    let u = url.trim();
    ((u.starts_with("https://") || u.starts_with("http://"))
        && u.len() > "https://".len()
        && u.len() <= 500
        && !u
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>'))
    .then_some(u)
}

/// `POST /units/{id}/status`: a reviewer returns, passes or marks as published.
pub async fn change(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Path(id): Path<i64>,
    Form(f): Form<StatusForm>,
) -> Result<Response, PageError> {
    let unit = crate::access::visible_unit(&state, &v.user, id).await?;
    if !v.csrf_ok(&f.csrf) {
        return Err(AppError::StaleForm.into());
    }
    let refuse = |status: StatusCode, why: String| -> Result<Response, PageError> {
        Err(AppError::refused(status, why).into())
    };
    let kind = match DisclosureKind::parse(&f.kind) {
        Ok(k) => k,
        Err(why) => return refuse(StatusCode::BAD_REQUEST, why),
    };
    let Some(year) = f
        .year
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|y| (1990..=2100).contains(y))
    else {
        return refuse(StatusCode::BAD_REQUEST, format!("年度“{}”不对", f.year));
    };
    let Some(action) = Action::parse(&f.action) else {
        return refuse(StatusCode::BAD_REQUEST, "不认识的操作".into());
    };
    let url = f.url.as_deref().map(str::trim).unwrap_or("");
    let url = if url.is_empty() {
        ""
    } else {
        match web_address(url) {
            Some(u) => u,
            None => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    "公开的网址应以 http:// 或 https:// 开头，不含空格".into(),
                );
            }
        }
    };
    let upload_id = match f.upload.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let owned = match s.parse::<i64>() {
                Ok(n) => state
                    .db
                    .upload(n)
                    .await?
                    .filter(|u| u.unit_id == Some(unit.id)),
                Err(_) => None,
            };
            match owned {
                Some(u) => Some(u.id),
                None => {
                    return refuse(
                        StatusCode::BAD_REQUEST,
                        "公开的文件须是本单位的一次上传".into(),
                    );
                }
            }
        }
    };
    let from = state.db.status_of(unit.id, kind, year).await?;
    let published = action == Action::Publish && (upload_id.is_some() || !url.is_empty());
    match next(from, action, v.user.role, &f.comment, published) {
        Ok(to) => {
            let comment: String = f.comment.trim().chars().take(2000).collect();
            let (upload_id, url) = if action == Action::Publish {
                (upload_id, url)
            } else {
                (None, "")
            };
            state
                .db
                .record_status(
                    unit.id,
                    kind,
                    year,
                    to,
                    &v.user.name,
                    &comment,
                    upload_id,
                    url,
                )
                .await?;
            Ok(
                Redirect::to(&format!("/units/{}#status-{}-{year}", unit.id, kind.id()))
                    .into_response(),
            )
        }
        Err(why) => {
            let status = if v.user.role == Role::Officer {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::CONFLICT
            };
            refuse(status, why)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_follow_the_season() {
        use Action::*;
        use Status::*;
        let r = Role::Reviewer;
        assert_eq!(next(Submitted, Return, r, "表3不平", false), Ok(Returned));
        assert_eq!(next(Submitted, Pass, r, "", false), Ok(Passed));
        assert_eq!(next(Passed, Publish, r, "", true), Ok(Published));
        assert_eq!(next(Submitted, Pass, Role::Admin, "", false), Ok(Passed));
        assert_eq!(
            next(Submitted, Return, r, "  ", false),
            Err("退回修改须填写意见，说明要改什么".into())
        );
        assert!(
            next(Passed, Publish, r, "", false)
                .unwrap_err()
                .contains("公开的文件")
        );
        for (from, action) in [
            (NotSubmitted, Pass),
            (NotSubmitted, Return),
            (Returned, Pass),
            (Passed, Pass),
            (Published, Return),
            (Submitted, Publish),
        ] {
            let why = next(from, action, r, "意见", true).unwrap_err();
            assert!(
                why.starts_with(&format!("当前状态是“{}”", from.label())),
                "{why}"
            );
        }
        let why = next(Submitted, Pass, Role::Officer, "", false).unwrap_err();
        assert!(why.starts_with("单位填报人员不能更改审核状态"), "{why}");
    }

    #[test]
    fn only_web_addresses_are_kept() {
        assert_eq!(
            web_address(" https://www.example.gov.cn/a.pdf "),
            Some("https://www.example.gov.cn/a.pdf")
        );
        assert_eq!(web_address("javascript:alert(1)"), None);
        assert_eq!(web_address("https://"), None);
        assert_eq!(web_address("https://a b"), None);
    }
}
