//! The progress board (the top of `/overview`): for a chosen year and kind (决算/预算), the
//! units' statuses counted, the units that must publish and have not submitted, each
//! unit's status, last upload and its errors and warnings, the bureau's deadline with the
//! days left; exported as CSV and XLSX (`/overview/board.csv`, `/overview/board.xlsx`).

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use juesuan_review::html::esc;
use serde::Deserialize;
use sqlx::Row as _;

use crate::AppState;
use crate::auth::{PageUser, Viewer};
use crate::db::{Db, DbResult, Role, Upload, UploadState, User};
use crate::error::{AppError, PageError};
use crate::roster::RosterUnit;
use crate::status::{DisclosureKind, Status};

/// `?year=2024&kind=final` of the board.
#[derive(Deserialize, Default)]
pub struct BoardQuery {
    pub year: Option<String>,
    pub kind: Option<String>,
}

/// One unit on the board.
#[derive(Debug, Clone)]
pub struct BoardRow {
    pub unit: RosterUnit,
    pub parent: String,
    pub status: Status,
    /// The newest finished upload of the kind and year.
    pub last: Option<Upload>,
}

/// The board of one kind and year.
#[derive(Debug, Clone)]
pub struct Board {
    pub year: i64,
    pub kind: DisclosureKind,
    pub rows: Vec<BoardRow>,
    /// The deadline (`YYYY-MM-DD`) and the days left (negative: past).
    pub deadline: Option<(String, i64)>,
    /// The bureau whose deadline it is (a reviewer's, or an officer's units').
    pub bureau: Option<i64>,
}

impl Board {
    /// Units per status, every status present.
    pub fn counts(&self) -> Vec<(Status, usize)> {
        Status::ALL
            .into_iter()
            .map(|s| (s, self.rows.iter().filter(|r| r.status == s).count()))
            .collect()
    }

    /// Units that must publish and have not submitted.
    pub fn missing(&self) -> Vec<&BoardRow> {
        self.rows
            .iter()
            .filter(|r| r.unit.must_publish && r.status == Status::NotSubmitted)
            .collect()
    }

    /// The board as rows of text for CSV and XLSX (header first).
    pub fn table(&self) -> Vec<Vec<String>> {
        let mut out = vec![
            [
                "单位名称",
                "单位代码",
                "上级单位",
                "类型",
                "应公开",
                "状态",
                "最近上传",
                "上传时间",
                "错误",
                "警告",
            ]
            .map(str::to_string)
            .to_vec(),
        ];
        for r in &self.rows {
            let n = |x: Option<i64>| x.map(|n| n.to_string()).unwrap_or_default();
            out.push(vec![
                r.unit.name.clone(),
                r.unit.code.clone(),
                r.parent.clone(),
                r.unit.level.clone(),
                if r.unit.must_publish { "是" } else { "否" }.into(),
                r.status.label().into(),
                r.last
                    .as_ref()
                    .map(|u| u.file_name.clone())
                    .unwrap_or_default(),
                r.last
                    .as_ref()
                    .map(|u| crate::pages::time(u.created))
                    .unwrap_or_default(),
                n(r.last.as_ref().and_then(|u| u.errors)),
                n(r.last.as_ref().and_then(|u| u.warnings)),
            ]);
        }
        out
    }
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A date written `YYYY-MM-DD` (a real day), as days since 1970.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut parts = s.trim().split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(2000..=2100).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // the day must exist (no 2月30日): it is the day before the next month's first minus…
    let next_month = if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    };
    (d >= 1 && days < next_month).then_some(days)
}

/// Today in China (UTC+8), as days since 1970.
pub fn today(now: i64) -> i64 {
    (now + 8 * 3600).div_euclid(86_400)
}

/// `还有 N 天` / `今天截止` / `已过 N 天`.
pub fn days_left_text(days: i64) -> String {
    match days {
        0 => "今天截止".into(),
        d if d > 0 => format!("还有 {d} 天"),
        d => format!("已过 {} 天", -d),
    }
}

impl Db {
    /// A bureau's deadline for a kind and year.
    pub async fn deadline(
        &self,
        bureau_id: i64,
        kind: DisclosureKind,
        year: i64,
    ) -> DbResult<Option<String>> {
        let r = sqlx::query(
            "SELECT deadline FROM deadlines WHERE bureau_id = $1 AND kind = $2 AND year = $3",
        )
        .bind(bureau_id)
        .bind(kind.id())
        .bind(year)
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.map(|r| r.try_get(0)).transpose()?)
    }

    /// Sets (or, with `None`, clears) a bureau's deadline.
    pub async fn set_deadline(
        &self,
        bureau_id: i64,
        kind: DisclosureKind,
        year: i64,
        deadline: Option<&str>,
    ) -> DbResult<()> {
        sqlx::query("DELETE FROM deadlines WHERE bureau_id = $1 AND kind = $2 AND year = $3")
            .bind(bureau_id)
            .bind(kind.id())
            .bind(year)
            .execute(&self.pool)
            .await?;
        if let Some(d) = deadline {
            sqlx::query(
                "INSERT INTO deadlines (bureau_id, kind, year, deadline) VALUES ($1, $2, $3, $4)",
            )
            .bind(bureau_id)
            .bind(kind.id())
            .bind(year)
            .bind(d)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// The newest finished upload of each unit for a kind and year.
    pub async fn latest_filed(&self, kind: DisclosureKind, year: i64) -> DbResult<Vec<Upload>> {
        let rows = sqlx::query(&format!(
            "SELECT {} FROM uploads WHERE id IN (SELECT MAX(id) FROM uploads WHERE state = $1 \
             AND disclosure = $2 AND year = $3 AND unit_id IS NOT NULL GROUP BY unit_id)",
            crate::db::UPLOAD_COLUMNS
        ))
        .bind(UploadState::Done.id())
        .bind(kind.id())
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(crate::db::upload_of).collect()
    }

    /// The latest year of the finished uploads filed under each unit: (unit, year).
    pub async fn latest_years(&self) -> DbResult<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT unit_id, MAX(year) FROM uploads WHERE state = $1 AND unit_id IS NOT NULL \
             AND year IS NOT NULL GROUP BY unit_id",
        )
        .bind(UploadState::Done.id())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }
}

/// The year and kind asked for: the year given, else the latest year uploaded, else this
/// year; 决算 unless 预算 is asked for.
async fn chosen(state: &AppState, user: &User, q: &BoardQuery) -> DbResult<(i64, DisclosureKind)> {
    let kind = q
        .kind
        .as_deref()
        .and_then(|k| DisclosureKind::parse(k).ok())
        .unwrap_or(DisclosureKind::Final);
    let asked = q
        .year
        .as_deref()
        .and_then(|y| y.trim().parse::<i64>().ok())
        .filter(|y| (1990..=2100).contains(y));
    let year = match asked {
        Some(y) => y,
        None => match latest_visible_year(state, user).await? {
            Some(y) => y,
            None => crate::pages::time(crate::db::now())
                .get(..4)
                .and_then(|y| y.parse().ok())
                .unwrap_or(2025),
        },
    };
    Ok((year, kind))
}

/// The latest year uploaded for the units the user may see.
async fn latest_visible_year(state: &AppState, user: &User) -> DbResult<Option<i64>> {
    let visible = state.db.units_visible(user).await?;
    Ok(state
        .db
        .latest_years()
        .await?
        .into_iter()
        .filter(|(u, _)| visible.iter().any(|v| v.id == *u))
        .map(|(_, y)| y)
        .max())
}

/// The board the user may see: their units (a reviewer's bureau, an officer's own).
pub async fn build(
    state: &AppState,
    user: &User,
    year: i64,
    kind: DisclosureKind,
) -> DbResult<Board> {
    let visible = state.db.units_visible(user).await?;
    let mut bureaus: Vec<i64> = visible.iter().map(|u| u.bureau_id).collect();
    bureaus.sort_unstable();
    bureaus.dedup();
    let mut units: Vec<RosterUnit> = Vec::new();
    for b in &bureaus {
        units.extend(
            state
                .db
                .roster(*b)
                .await?
                .into_iter()
                .filter(|u| visible.iter().any(|v| v.id == u.id)),
        );
    }
    let statuses = state.db.statuses(kind, year).await?;
    let mut latest = state.db.latest_filed(kind, year).await?;
    // counted as the unit pages count: without the findings judged 不是问题
    crate::decisions::discount_uploads(state, latest.iter_mut()).await?;
    let rows = units
        .iter()
        .map(|u| BoardRow {
            parent: u
                .parent_id
                .and_then(|p| units.iter().find(|x| x.id == p))
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            status: statuses
                .iter()
                .find(|(id, _)| *id == u.id)
                .map_or(Status::NotSubmitted, |s| s.1),
            last: latest
                .iter()
                .position(|l| l.unit_id == Some(u.id))
                .map(|i| latest.swap_remove(i)),
            unit: u.clone(),
        })
        .collect();
    let bureau = match user.role {
        Role::Reviewer => user.bureau_id,
        _ => match bureaus.as_slice() {
            [one] => Some(*one),
            _ => None,
        },
    };
    let deadline = match bureau {
        Some(b) => state.db.deadline(b, kind, year).await?,
        None => None,
    };
    let deadline = deadline.and_then(|d| {
        let days = parse_date(&d)? - today(crate::db::now());
        Some((d, days))
    });
    Ok(Board {
        year,
        kind,
        rows,
        deadline,
        bureau,
    })
}

/// The board as HTML, for `/overview`.
pub async fn section(state: &AppState, v: &Viewer, q: &BoardQuery) -> DbResult<String> {
    let (year, kind) = chosen(state, &v.user, q).await?;
    let board = build(state, &v.user, year, kind).await?;
    let mut b = String::from("<h2>报送进度</h2>");
    let kinds: String = DisclosureKind::ALL
        .into_iter()
        .map(|k| {
            format!(
                "<option value=\"{}\"{}>{}</option>",
                k.id(),
                if k == kind { " selected" } else { "" },
                k.label()
            )
        })
        .collect();
    b.push_str(&format!(
        "<form method=\"get\" action=\"/overview\" class=\"inline\" id=\"board-choice\">\
         <label for=\"board-year\">年度</label><input id=\"board-year\" name=\"year\" value=\"{year}\" size=\"5\"> \
         <select name=\"kind\">{kinds}</select> <button type=\"submit\">查看</button></form> \
         · <a href=\"/overview/board.csv?year={year}&amp;kind={k}\" id=\"board-csv\">导出 CSV</a> \
         · <a href=\"/overview/board.xlsx?year={year}&amp;kind={k}\" id=\"board-xlsx\">导出 XLSX</a>",
        k = kind.id()
    ));
    let deadline = match &board.deadline {
        Some((d, days)) => format!(
            "截止日期：<b>{}</b>（<span id=\"days-left\">{}</span>）",
            esc(d),
            days_left_text(*days)
        ),
        None => "截止日期：未设置".into(),
    };
    b.push_str(&format!(
        "<div class=\"box\" id=\"board\"><p><b>{year}年{}</b> · 共 {} 个单位，其中应公开 {} 个 · {deadline}</p>",
        kind.label(),
        board.rows.len(),
        board.rows.iter().filter(|r| r.unit.must_publish).count()
    ));
    if v.user.role == Role::Reviewer && board.bureau.is_some() {
        b.push_str(&format!(
            "<form method=\"post\" action=\"/overview/deadline\" class=\"inline\">\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\"><input type=\"hidden\" name=\"kind\" value=\"{}\">\
             <input type=\"hidden\" name=\"year\" value=\"{year}\">\
             <label for=\"deadline\">设置截止日期</label><input type=\"date\" id=\"deadline\" name=\"deadline\" value=\"{}\"> \
             <button type=\"submit\">保存</button></form>",
            esc(&v.csrf),
            kind.id(),
            board.deadline.as_ref().map(|d| esc(&d.0)).unwrap_or_default()
        ));
    }
    b.push_str("<p class=\"counts\">");
    for (s, n) in board.counts() {
        b.push_str(&format!(
            "<span class=\"count status-{id}\" id=\"count-{id}\">{} <b>{n}</b></span> ",
            s.label(),
            id = s.id()
        ));
    }
    b.push_str("</p>");
    let missing = board.missing();
    if missing.is_empty() {
        b.push_str("<p id=\"missing\">应公开的单位都已提交。</p>");
    } else {
        b.push_str(&format!(
            "<p id=\"missing\">应公开但未提交（{}）：{}</p>",
            missing.len(),
            missing
                .iter()
                .map(|r| format!("<a href=\"/units/{}\">{}</a>", r.unit.id, esc(&r.unit.name)))
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    b.push_str("</div>");
    if board.rows.is_empty() {
        b.push_str("<p class=\"muted\">还没有单位：审核人员可在“名册”中导入单位名单。</p>");
        return Ok(b);
    }
    b.push_str(
        "<table id=\"board-units\"><thead><tr><th>单位</th><th>代码</th><th>类型</th><th>应公开</th><th>状态</th>\
         <th>最近上传</th><th>错误</th><th>警告</th></tr></thead><tbody>",
    );
    for r in &board.rows {
        let last = match &r.last {
            Some(u) => format!(
                "<a href=\"/uploads/{}\">{}</a> <span class=\"muted\">{}</span>",
                u.id,
                esc(&u.file_name),
                crate::pages::time(u.created)
            ),
            None => "—".into(),
        };
        let n = |x: Option<i64>| x.map(|n| n.to_string()).unwrap_or_default();
        b.push_str(&format!(
            "<tr data-unit=\"{id}\"><td><a href=\"/units/{id}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"status-{}\">{}</td><td>{last}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.unit.name),
            esc(&r.unit.code),
            esc(&r.unit.level),
            if r.unit.must_publish { "是" } else { "否" },
            r.status.id(),
            r.status.label(),
            n(r.last.as_ref().and_then(|u| u.errors)),
            n(r.last.as_ref().and_then(|u| u.warnings)),
            id = r.unit.id,
        ));
    }
    b.push_str("</tbody></table>");
    Ok(b)
}

/// A cell a spreadsheet would read as a formula is written as text.
fn formula_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn download(bytes: Vec<u8>, mime: &str, stem: &str, ext: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"board.{ext}\"; filename*=UTF-8''{}.{ext}",
                    crate::pages::encode_filename(stem)
                ),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /overview/board.csv` (UTF-8 with BOM, as Excel opens it).
pub async fn csv(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Query(q): Query<BoardQuery>,
) -> Result<Response, PageError> {
    let (year, kind) = chosen(&state, &v.user, &q).await?;
    let board = build(&state, &v.user, year, kind).await?;
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    for row in board.table() {
        w.write_record(row.iter().map(|c| formula_safe(c)))
            .map_err(|e| AppError::refused(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::refused(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(download(
        bytes,
        "text/csv; charset=utf-8",
        &format!("{year}年{}报送进度", kind.label()),
        "csv",
    ))
}

/// `GET /overview/board.xlsx`.
pub async fn xlsx(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Query(q): Query<BoardQuery>,
) -> Result<Response, PageError> {
    let (year, kind) = chosen(&state, &v.user, &q).await?;
    let board = build(&state, &v.user, year, kind).await?;
    let failed = |e: rust_xlsxwriter::XlsxError| {
        AppError::refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("未能生成工作簿：{e}"),
        )
    };
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("报送进度").map_err(failed)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (r, row) in board.table().iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            let numeric = r > 0 && c >= 8 && !cell.is_empty();
            match (r, numeric, cell.parse::<f64>()) {
                (0, _, _) => ws.write_string_with_format(r, c, cell, &bold).map(drop),
                (_, true, Ok(n)) => ws.write_number(r, c, n).map(drop),
                _ => ws.write_string(r, c, cell).map(drop),
            }
            .map_err(failed)?;
        }
    }
    ws.set_column_width(0, 30).map_err(failed)?;
    ws.set_column_width(6, 30).map_err(failed)?;
    let bytes = wb.save_to_buffer().map_err(failed)?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{year}年{}报送进度", kind.label()),
        "xlsx",
    ))
}

#[derive(Deserialize)]
pub struct DeadlineForm {
    csrf: String,
    kind: String,
    year: String,
    #[serde(default)]
    deadline: String,
}

/// `POST /overview/deadline`: a reviewer sets (or clears) the bureau's deadline.
pub async fn set_deadline(
    State(state): State<AppState>,
    PageUser(v): PageUser,
    Form(f): Form<DeadlineForm>,
) -> Result<Response, PageError> {
    let (Role::Reviewer, Some(bureau)) = (v.user.role, v.user.bureau_id) else {
        return Err(AppError::NotFound.into());
    };
    if !v.csrf_ok(&f.csrf) {
        return Err(AppError::StaleForm.into());
    }
    let kind = DisclosureKind::parse(&f.kind)
        .map_err(|why| AppError::refused(StatusCode::BAD_REQUEST, why))?;
    let Some(year) = f
        .year
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|y| (1990..=2100).contains(y))
    else {
        return Err(
            AppError::refused(StatusCode::BAD_REQUEST, format!("年度“{}”不对", f.year)).into(),
        );
    };
    let d = f.deadline.trim();
    if !d.is_empty() && parse_date(d).is_none() {
        return Err(AppError::refused(
            StatusCode::BAD_REQUEST,
            format!("截止日期“{d}”不对：应为 2025-03-31 这样的日期"),
        )
        .into());
    }
    state
        .db
        .set_deadline(bureau, kind, year, (!d.is_empty()).then_some(d))
        .await?;
    state
        .db
        .log(
            &v.user.name,
            "设置截止日期",
            &format!("{year}年{}", kind.label()),
            d,
        )
        .await?;
    Ok(Redirect::to(&format!("/overview?year={year}&kind={}", kind.id())).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_are_real_days_counted_in_china_time() {
        assert_eq!(parse_date("1970-01-01"), None, "before 2000");
        assert_eq!(parse_date("2025-03-31"), Some(days_from_civil(2025, 3, 31)));
        assert_eq!(parse_date("2025-02-29"), None);
        assert_eq!(parse_date("2024-02-29"), Some(days_from_civil(2024, 2, 29)));
        assert_eq!(parse_date("2025-13-01"), None);
        assert_eq!(parse_date("2025-3-31x"), None);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        // 2024-02-29 16:30 UTC is 2024-03-01 in Beijing
        assert_eq!(today(1_709_224_200), days_from_civil(2024, 3, 1));
        assert_eq!(days_left_text(3), "还有 3 天");
        assert_eq!(days_left_text(0), "今天截止");
        assert_eq!(days_left_text(-2), "已过 2 天");
        assert_eq!(formula_safe("=1+1"), "'=1+1");
        assert_eq!(formula_safe("普陀区"), "普陀区");
    }
}
