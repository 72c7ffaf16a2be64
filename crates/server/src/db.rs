//! Storage: one layer over SQLite and PostgreSQL through sqlx's `Any` driver. Queries use
//! `$1, $2, …` placeholders in order (both back ends accept them) and only `BIGINT`/`TEXT`
//! columns (and one `@BLOB@` for file contents), so one set of queries serves both. The
//! schema differs only in how ids are generated (`@ID@` in the migration text) and the
//! name of the binary type; the steps are in [`MIGRATIONS`], applied in
//! order and recorded in `schema_version`.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::{Executor, Row as _};

/// Which database the URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Schema steps, in order: (version, SQL with `@ID@` for the generated primary key).
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_findings.sql")),
    (3, include_str!("../migrations/0003_sign_in.sql")),
    (4, include_str!("../migrations/0004_accounts.sql")),
    (5, include_str!("../migrations/0005_scale.sql")),
    (6, include_str!("../migrations/0006_disclosure.sql")),
    (7, include_str!("../migrations/0007_roster.sql")),
    (8, include_str!("../migrations/0008_decisions.sql")),
];

/// A storage error, in Chinese for the log and the page.
#[derive(Debug)]
pub enum DbError {
    Sqlx(sqlx::Error),
    Invalid(String),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Sqlx(e) => write!(f, "数据库错误：{e}"),
            DbError::Invalid(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for DbError {}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        DbError::Sqlx(e)
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// Seconds since 1970.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The storage.
#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// A file of an upload request, received and waiting to be stored with the others.
#[derive(Debug, Clone)]
pub struct NewUpload {
    pub bureau_id: i64,
    pub unit_id: Option<i64>,
    /// The name the user gave it (shown only).
    pub file_name: String,
    /// Its generated name in the uploads folder.
    pub stored: String,
    pub kind: UploadKind,
    pub size: i64,
}

/// An account as the administrator sees it.
#[derive(Debug, Clone)]
pub struct Account {
    pub user: User,
    /// Stopped (停用): cannot sign in.
    pub disabled: bool,
    /// When it was made (seconds since 1970).
    pub created: i64,
    /// Its bureau's name.
    pub bureau: Option<String>,
    /// How many units it files for.
    pub units: i64,
}

/// One entry of the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    /// When (seconds since 1970).
    pub at: i64,
    /// Who: a user's name, or 命令行 for the command line.
    pub actor: String,
    /// What (新建用户, 停用, 启用, 删除, 修改密码…).
    pub action: String,
    /// To whom.
    pub target: String,
    pub detail: String,
}

/// A user as stored.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub bureau_id: Option<i64>,
}

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 单位填报人员: sees and uploads for their own units.
    Officer,
    /// 财政局审核人员: sees every unit of their bureau.
    Reviewer,
    /// 管理员: sees everything.
    Admin,
}

impl Role {
    pub fn id(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Officer => "单位填报人员",
            Role::Reviewer => "财政局审核人员",
            Role::Admin => "管理员",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "officer" | "单位" | "单位填报人员" => Some(Role::Officer),
            "reviewer" | "审核" | "财政局审核人员" => Some(Role::Reviewer),
            "admin" | "管理员" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// What an upload is: the text stored in `uploads.kind`, and in the API's JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum UploadKind {
    /// A data package (xlsx, toml, json): audited.
    Package,
    /// A published disclosure (pdf, docx, html, txt): checked.
    Document,
}

impl UploadKind {
    /// Every kind.
    pub const ALL: [UploadKind; 2] = [UploadKind::Package, UploadKind::Document];

    /// The text stored in the database.
    pub fn id(self) -> &'static str {
        match self {
            UploadKind::Package => "package",
            UploadKind::Document => "document",
        }
    }

    /// Name shown on pages (数据包, 公开文件): the review's own label.
    pub fn label(self) -> &'static str {
        juesuan_review::Kind::from(self).label()
    }

    /// The kind stored as `s`; an unknown text is an error, never a guess.
    pub fn parse(s: &str) -> DbResult<UploadKind> {
        UploadKind::ALL
            .into_iter()
            .find(|k| k.id() == s)
            .ok_or_else(|| DbError::Invalid(format!("上传记录的类型“{s}”不对")))
    }
}

/// The one place where an upload's kind meets the review's: which way a job reads the file.
impl From<UploadKind> for juesuan_review::Kind {
    fn from(k: UploadKind) -> Self {
        match k {
            UploadKind::Package => juesuan_review::Kind::Package,
            UploadKind::Document => juesuan_review::Kind::Document,
        }
    }
}

/// Where an upload's job is: the text stored in `uploads.state`, and in the API's JSON.
/// `Queued` → `Running` → `Done` or `Failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum UploadState {
    /// Waiting for a worker.
    Queued,
    /// A worker has claimed it.
    Running,
    /// Results stored.
    Done,
    /// Given up, with the reason in `error`.
    Failed,
}

impl UploadState {
    /// Every state, in the order of a job's life.
    pub const ALL: [UploadState; 4] = [
        UploadState::Queued,
        UploadState::Running,
        UploadState::Done,
        UploadState::Failed,
    ];

    /// The text stored in the database (also the pages' CSS class suffix).
    pub fn id(self) -> &'static str {
        match self {
            UploadState::Queued => "queued",
            UploadState::Running => "running",
            UploadState::Done => "done",
            UploadState::Failed => "failed",
        }
    }

    /// Name shown on pages.
    pub fn label(self) -> &'static str {
        match self {
            UploadState::Queued => "排队中",
            UploadState::Running => "处理中",
            UploadState::Done => "已完成",
            UploadState::Failed => "失败",
        }
    }

    /// The state stored as `s`; an unknown text is an error, never a guess.
    pub fn parse(s: &str) -> DbResult<UploadState> {
        UploadState::ALL
            .into_iter()
            .find(|st| st.id() == s)
            .ok_or_else(|| DbError::Invalid(format!("上传记录的状态“{s}”不对")))
    }
}

/// A unit as stored.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: i64,
    pub bureau_id: i64,
    pub name: String,
}

/// An upload and its job.
#[derive(Debug, Clone)]
pub struct Upload {
    pub id: i64,
    pub bureau_id: i64,
    pub unit_id: Option<i64>,
    pub user_id: i64,
    pub file_name: String,
    pub stored: String,
    pub kind: UploadKind,
    pub size: i64,
    pub created: i64,
    pub state: UploadState,
    pub attempts: i64,
    pub error: Option<String>,
    pub started: Option<i64>,
    pub finished: Option<i64>,
    pub year: Option<i64>,
    pub errors: Option<i64>,
    pub warnings: Option<i64>,
    pub infos: Option<i64>,
    /// The unit name recognised in the file (once its job ran), when there was one.
    pub named_unit: Option<String>,
    /// How the upload was matched to a roster unit, in Chinese (empty before its job ran).
    pub match_note: String,
    /// `final`, `budget`, or empty before its job ran.
    pub disclosure: String,
}

pub(crate) const UPLOAD_COLUMNS: &str = "id, bureau_id, unit_id, user_id, file_name, stored, kind, size, created, \
     state, attempts, error, started, finished, year, errors, warnings, infos, named_unit, match_note, \
     disclosure";

/// A unit from the columns `id, bureau_id, name`.
fn unit_of(r: &sqlx::any::AnyRow) -> DbResult<Unit> {
    Ok(Unit {
        id: r.try_get(0)?,
        bureau_id: r.try_get(1)?,
        name: r.try_get(2)?,
    })
}

pub(crate) fn upload_of(r: &sqlx::any::AnyRow) -> DbResult<Upload> {
    Ok(Upload {
        id: r.try_get(0)?,
        bureau_id: r.try_get(1)?,
        unit_id: r.try_get(2)?,
        user_id: r.try_get(3)?,
        file_name: r.try_get(4)?,
        stored: r.try_get(5)?,
        kind: UploadKind::parse(&r.try_get::<String, _>(6)?)?,
        size: r.try_get(7)?,
        created: r.try_get(8)?,
        state: UploadState::parse(&r.try_get::<String, _>(9)?)?,
        attempts: r.try_get(10)?,
        error: r.try_get(11)?,
        started: r.try_get(12)?,
        finished: r.try_get(13)?,
        year: r.try_get(14)?,
        errors: r.try_get(15)?,
        warnings: r.try_get(16)?,
        infos: r.try_get(17)?,
        named_unit: r.try_get(18)?,
        match_note: r.try_get(19)?,
        disclosure: r.try_get(20)?,
    })
}

/// The stored results of a finished job.
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub row_json: Option<String>,
    /// `final` or `budget`: what the upload is (empty for results stored before it was kept).
    pub disclosure: String,
    /// The package the upload yielded, as `compare` reads it (JSON).
    pub package_json: Option<String>,
    /// One row per finding, in report order.
    pub findings: Vec<FindingRow>,
    pub perf_json: Option<String>,
    pub report_html: Option<String>,
}

/// Where a finished job files its upload: the unit (`None`: it waits in the 待确认 list),
/// the unit name recognised in the file, and how it was matched (shown on the result page).
#[derive(Debug, Clone, Default)]
pub struct Filed {
    pub unit_id: Option<i64>,
    pub named_unit: Option<String>,
    pub note: String,
}

/// The performance part of a job's results, stored as `perf_json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PerfResult {
    /// The department summary as the report prints it.
    pub lines: Vec<String>,
    /// The summary as data.
    pub summary: serde_json::Value,
}

/// A finding as stored: its rule, severity and message, its typed location as JSON with the
/// key naming the place across versions, and the whole finding as JSON.
#[derive(Debug, Clone, Default)]
pub struct FindingRow {
    pub code: String,
    /// `error` / `warning` / `info`.
    pub severity: String,
    pub message: String,
    pub place_key: String,
    pub location: String,
    pub item: String,
}

impl Db {
    /// Connects (creating the SQLite file when needed) and applies the migrations.
    pub async fn open(url: &str, connections: u32) -> DbResult<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(DbError::Invalid(format!(
                "不认识的数据库地址“{url}”：应为 sqlite://文件 或 postgres://用户@主机/库"
            )));
        };
        let pool = AnyPoolOptions::new()
            .max_connections(connections.max(1))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        if backend == Backend::Sqlite {
            pool.execute("PRAGMA journal_mode = WAL").await?;
        }
        let db = Db { pool, backend };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> DbResult<()> {
        self.pool
            .execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
            .await?;
        let current: Option<i64> = sqlx::query("SELECT MAX(version) FROM schema_version")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let current = current.unwrap_or(0);
        let id = match self.backend {
            Backend::Sqlite => "INTEGER PRIMARY KEY",
            Backend::Postgres => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        };
        let blob = match self.backend {
            Backend::Sqlite => "BLOB",
            Backend::Postgres => "BYTEA",
        };
        for (version, text) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
            // Comment lines out first: the statements are split at `;`.
            let sql: String = text
                .replace("@ID@", id)
                .replace("@BLOB@", blob)
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n");
            let mut tx = self.pool.begin().await?;
            for stmt in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                tx.execute(stmt).await?;
            }
            sqlx::query("INSERT INTO schema_version (version) VALUES ($1)")
                .bind(*version)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    // ---- bureaus, units, users ----

    /// The bureau of that name, created when absent (safe when two requests race).
    pub async fn bureau(&self, name: &str) -> DbResult<i64> {
        sqlx::query("INSERT INTO bureaus (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .execute(&self.pool)
            .await?;
        let r = sqlx::query("SELECT id FROM bureaus WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(r.try_get(0)?)
    }

    pub async fn bureau_name(&self, id: i64) -> DbResult<String> {
        let r = sqlx::query("SELECT name FROM bureaus WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.map(|r| r.try_get(0)).transpose()?.unwrap_or_default())
    }

    /// The unit of that name in the bureau, created when absent (safe when two jobs race).
    pub async fn unit_named(&self, bureau_id: i64, name: &str) -> DbResult<i64> {
        sqlx::query(
            "INSERT INTO units (bureau_id, name) VALUES ($1, $2) ON CONFLICT (bureau_id, name) DO NOTHING",
        )
        .bind(bureau_id)
        .bind(name)
        .execute(&self.pool)
        .await?;
        let r = sqlx::query("SELECT id FROM units WHERE bureau_id = $1 AND name = $2")
            .bind(bureau_id)
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(r.try_get(0)?)
    }

    pub async fn unit(&self, id: i64) -> DbResult<Option<Unit>> {
        let r = sqlx::query("SELECT id, bureau_id, name FROM units WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        r.map(|r| {
            Ok(Unit {
                id: r.try_get(0)?,
                bureau_id: r.try_get(1)?,
                name: r.try_get(2)?,
            })
        })
        .transpose()
    }

    /// The units a user may see, by name.
    pub async fn units_visible(&self, user: &User) -> DbResult<Vec<Unit>> {
        let q = match user.role {
            Role::Admin => sqlx::query("SELECT id, bureau_id, name FROM units ORDER BY name, id"),
            Role::Reviewer => return self.bureau_units(user.bureau_id.unwrap_or(-1)).await,
            Role::Officer => sqlx::query(
                "SELECT u.id, u.bureau_id, u.name FROM units u JOIN memberships m ON m.unit_id = u.id \
                 WHERE m.user_id = $1 ORDER BY u.name, u.id",
            )
            .bind(user.id),
        };
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(unit_of).collect()
    }

    /// The units of a bureau, by name.
    pub async fn bureau_units(&self, bureau_id: i64) -> DbResult<Vec<Unit>> {
        let rows = sqlx::query(
            "SELECT id, bureau_id, name FROM units WHERE bureau_id = $1 ORDER BY name, id",
        )
        .bind(bureau_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(unit_of).collect()
    }

    /// Whether the user may see the unit.
    pub async fn may_see_unit(&self, user: &User, unit: &Unit) -> DbResult<bool> {
        Ok(match user.role {
            Role::Admin => true,
            Role::Reviewer => user.bureau_id == Some(unit.bureau_id),
            Role::Officer => {
                sqlx::query("SELECT 1 FROM memberships WHERE user_id = $1 AND unit_id = $2")
                    .bind(user.id)
                    .bind(unit.id)
                    .fetch_optional(&self.pool)
                    .await?
                    .is_some()
            }
        })
    }

    /// Whether the user may see the upload: through its unit, or (before its unit is known)
    /// as its uploader or a reviewer of its bureau.
    pub async fn may_see_upload(&self, user: &User, up: &Upload) -> DbResult<bool> {
        match up.unit_id {
            Some(u) => match self.unit(u).await? {
                Some(unit) => self.may_see_unit(user, &unit).await,
                None => Ok(false),
            },
            None => Ok(match user.role {
                Role::Admin => true,
                Role::Reviewer => user.bureau_id == Some(up.bureau_id) || up.user_id == user.id,
                Role::Officer => up.user_id == user.id,
            }),
        }
    }

    /// Adds a user (or replaces the password and role of an existing one) and gives them
    /// the units named.
    pub async fn add_user(
        &self,
        name: &str,
        password_hash: &str,
        role: Role,
        bureau_id: Option<i64>,
        units: &[i64],
    ) -> DbResult<i64> {
        let existing = sqlx::query("SELECT id FROM users WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        let id: i64 = match existing {
            Some(r) => {
                let id: i64 = r.try_get(0)?;
                sqlx::query("UPDATE users SET password = $1, role = $2, bureau_id = $3 WHERE id = $4")
                    .bind(password_hash)
                    .bind(role.id())
                    .bind(bureau_id)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                // A new password ends the sessions signed in with the old one.
                self.end_sessions_of(id).await?;
                id
            }
            None => sqlx::query(
                "INSERT INTO users (name, password, role, bureau_id, created) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(name)
            .bind(password_hash)
            .bind(role.id())
            .bind(bureau_id)
            .bind(now())
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?,
        };
        for u in units {
            sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND unit_id = $2")
                .bind(id)
                .bind(*u)
                .execute(&self.pool)
                .await?;
            sqlx::query("INSERT INTO memberships (user_id, unit_id) VALUES ($1, $2)")
                .bind(id)
                .bind(*u)
                .execute(&self.pool)
                .await?;
        }
        Ok(id)
    }

    /// The user and their password hash.
    pub async fn user_by_name(&self, name: &str) -> DbResult<Option<(User, String)>> {
        let r =
            sqlx::query("SELECT id, name, role, bureau_id, password FROM users WHERE name = $1 AND disabled = 0")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
        r.map(|r| Ok((user_of(&r)?, r.try_get(4)?))).transpose()
    }

    // ---- accounts ----

    /// Every account, active and stopped (not the removed ones), by name.
    pub async fn accounts(&self) -> DbResult<Vec<Account>> {
        let rows = sqlx::query(
            "SELECT u.id, u.name, u.role, u.bureau_id, u.disabled, u.created, b.name, \
             (SELECT COUNT(*) FROM memberships m WHERE m.user_id = u.id) \
             FROM users u LEFT JOIN bureaus b ON b.id = u.bureau_id \
             WHERE u.disabled < 2 ORDER BY u.name",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Account {
                    user: user_of(r)?,
                    disabled: r.try_get::<i64, _>(4)? != 0,
                    created: r.try_get(5)?,
                    bureau: r.try_get(6)?,
                    units: r.try_get(7)?,
                })
            })
            .collect()
    }

    /// The id of the account of that name (active or stopped).
    async fn account_id(&self, name: &str) -> DbResult<Option<i64>> {
        let r = sqlx::query("SELECT id FROM users WHERE name = $1 AND disabled < 2")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        r.map(|r| r.try_get(0)).transpose().map_err(Into::into)
    }

    /// Stops or restarts an account; stopping ends its sessions. `false` when there is no
    /// such account.
    pub async fn set_disabled(&self, name: &str, disabled: bool) -> DbResult<bool> {
        let Some(id) = self.account_id(name).await? else {
            return Ok(false);
        };
        sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled))
            .bind(id)
            .execute(&self.pool)
            .await?;
        if disabled {
            self.end_sessions_of(id).await?;
        }
        Ok(true)
    }

    /// Removes an account: its sessions and units go, the row stays (renamed, marked
    /// removed) so that the uploads it made still name it. `false` when there is none.
    pub async fn remove_account(&self, name: &str) -> DbResult<bool> {
        let Some(id) = self.account_id(name).await? else {
            return Ok(false);
        };
        self.end_sessions_of(id).await?;
        sqlx::query("DELETE FROM memberships WHERE user_id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        sqlx::query("UPDATE users SET disabled = 2, name = $1, password = '' WHERE id = $2")
            .bind(format!("{name}（已删除 #{id}）"))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(true)
    }

    /// Sets an account's password hash and ends its sessions. `false` when there is none.
    pub async fn set_password(&self, name: &str, password_hash: &str) -> DbResult<bool> {
        let Some(id) = self.account_id(name).await? else {
            return Ok(false);
        };
        sqlx::query("UPDATE users SET password = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&self.pool)
            .await?;
        self.end_sessions_of(id).await?;
        Ok(true)
    }

    /// Writes one entry of the audit log.
    pub async fn log(&self, actor: &str, action: &str, target: &str, detail: &str) -> DbResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(now())
        .bind(actor)
        .bind(action)
        .bind(target)
        .bind(detail)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest entries of the audit log, newest first.
    pub async fn audit_entries(&self, limit: i64) -> DbResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: r.try_get(0)?,
                    actor: r.try_get(1)?,
                    action: r.try_get(2)?,
                    target: r.try_get(3)?,
                    detail: r.try_get(4)?,
                })
            })
            .collect()
    }

    // ---- failed sign-ins ----

    /// Until when a key (`user:NAME`, `addr:IP`) is locked, when it is now.
    pub async fn locked_until(&self, key: &str, at: i64) -> DbResult<Option<i64>> {
        let r = sqlx::query("SELECT locked_until FROM sign_in_failures WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        let until: Option<i64> = r.map(|r| r.try_get(0)).transpose()?;
        Ok(until.filter(|u| *u > at))
    }

    /// Records a failed sign-in of a key at `at` and returns its failures in a row. A count
    /// whose last failure is older than `window` seconds starts again from one (a lock that
    /// has run out is such a count); the key is locked until `at + window` when it reaches
    /// `lock_after`. One statement, so two servers counting at once lose nothing.
    pub async fn record_failure(
        &self,
        key: &str,
        at: i64,
        window: i64,
        lock_after: i64,
    ) -> DbResult<i64> {
        let r = sqlx::query(
            "INSERT INTO sign_in_failures (key, failures, last_at, locked_until) \
             VALUES ($1, 1, $2, CASE WHEN 1 >= $4 THEN $2 + $3 ELSE 0 END) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN sign_in_failures.last_at < $2 - $3 THEN 1 \
                               ELSE sign_in_failures.failures + 1 END, \
               locked_until = CASE \
                 WHEN sign_in_failures.last_at < $2 - $3 THEN CASE WHEN 1 >= $4 THEN $2 + $3 ELSE 0 END \
                 WHEN sign_in_failures.failures + 1 >= $4 THEN $2 + $3 \
                 ELSE sign_in_failures.locked_until END, \
               last_at = $2 \
             RETURNING failures",
        )
        .bind(key)
        .bind(at)
        .bind(window)
        .bind(lock_after)
        .fetch_one(&self.pool)
        .await?;
        Ok(r.try_get(0)?)
    }

    /// Forgets the failures of a key (a successful sign-in).
    pub async fn clear_failures(&self, key: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of a user (a new password, a disabled account).
    pub async fn end_sessions_of(&self, user_id: i64) -> DbResult<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    // ---- sessions ----

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        expires: i64,
    ) -> DbResult<()> {
        sqlx::query("DELETE FROM sessions WHERE expires < $1")
            .bind(now())
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, expires) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf)
        .bind(expires)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The user of a live session and its CSRF token.
    pub async fn session(&self, token_hash: &str) -> DbResult<Option<(User, String)>> {
        let r = sqlx::query(
            "SELECT u.id, u.name, u.role, u.bureau_id, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires > $2 AND u.disabled = 0",
        )
        .bind(token_hash)
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        r.map(|r| Ok((user_of(&r)?, r.try_get(4)?))).transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    // ---- uploads and jobs ----

    /// Stores the files of one upload request, queued for processing, all or none (one
    /// transaction); their ids in order.
    pub async fn add_uploads(
        &self,
        user_id: i64,
        files: &[NewUpload],
        contents: Option<&[Vec<u8>]>,
    ) -> DbResult<Vec<i64>> {
        let mut tx = self.pool.begin().await?;
        let mut ids = Vec::with_capacity(files.len());
        for (i, f) in files.iter().enumerate() {
            if let Some(bytes) = contents.and_then(|c| c.get(i)) {
                sqlx::query("INSERT INTO upload_files (stored, bytes) VALUES ($1, $2)")
                    .bind(&f.stored)
                    .bind(bytes.clone())
                    .execute(&mut *tx)
                    .await?;
            }
            let r = sqlx::query(
                "INSERT INTO uploads (bureau_id, unit_id, user_id, file_name, stored, kind, size, created, state, attempts) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0) RETURNING id",
            )
            .bind(f.bureau_id)
            .bind(f.unit_id)
            .bind(user_id)
            .bind(&f.file_name)
            .bind(&f.stored)
            .bind(f.kind.id())
            .bind(f.size)
            .bind(now())
            .bind(UploadState::Queued.id())
            .fetch_one(&mut *tx)
            .await?;
            ids.push(r.try_get(0)?);
        }
        tx.commit().await?;
        Ok(ids)
    }

    pub async fn upload(&self, id: i64) -> DbResult<Option<Upload>> {
        let r = sqlx::query(&format!(
            "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        r.as_ref().map(upload_of).transpose()
    }

    /// Uploads of a unit, newest first.
    pub async fn uploads_of_unit(&self, unit_id: i64) -> DbResult<Vec<Upload>> {
        let rows = sqlx::query(&format!(
            "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE unit_id = $1 ORDER BY id DESC"
        ))
        .bind(unit_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(upload_of).collect()
    }

    /// The newest uploads a user may see (at most `limit`).
    pub async fn uploads_visible(&self, user: &User, limit: i64) -> DbResult<Vec<Upload>> {
        let q = match user.role {
            Role::Admin => {
                sqlx::query(&format!("SELECT {UPLOAD_COLUMNS} FROM uploads ORDER BY id DESC LIMIT $1"))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
            }
            Role::Reviewer => {
                sqlx::query(&format!(
                    "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE bureau_id = $1 ORDER BY id DESC LIMIT $2"
                ))
                .bind(user.bureau_id.unwrap_or(-1))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
            Role::Officer => {
                sqlx::query(&format!(
                    "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE (unit_id IN (SELECT unit_id FROM memberships WHERE user_id = $1) \
                     OR (unit_id IS NULL AND user_id = $2)) ORDER BY id DESC LIMIT $3"
                ))
                .bind(user.id)
                .bind(user.id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
        };
        let rows = q;
        rows.iter().map(upload_of).collect()
    }

    /// Puts jobs left running by a stopped server back in the queue.
    /// The contents of a file kept in the database (PostgreSQL).
    pub async fn file_bytes(&self, stored: &str) -> DbResult<Option<Vec<u8>>> {
        let r = sqlx::query("SELECT bytes FROM upload_files WHERE stored = $1")
            .bind(stored)
            .fetch_optional(&self.pool)
            .await?;
        r.map(|r| r.try_get(0)).transpose().map_err(Into::into)
    }

    /// Extends the lease of a running job while its claim holds it.
    pub async fn renew_lease(&self, id: i64, claim: &str, until: i64) -> DbResult<()> {
        sqlx::query(
            "UPDATE uploads SET lease_until = $1 WHERE id = $2 AND claim = $3 AND state = $4",
        )
        .bind(until)
        .bind(id)
        .bind(claim)
        .bind(UploadState::Running.id())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn requeue_running(&self) -> DbResult<u64> {
        let r = sqlx::query("UPDATE uploads SET state = $1 WHERE state = $2")
            .bind(UploadState::Queued.id())
            .bind(UploadState::Running.id())
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected())
    }

    /// Claims the oldest job that is queued, or running under a lease that has run out (its
    /// server died), for `lease` seconds under the token `claim`; `None` when there is none.
    /// PostgreSQL takes the row with `FOR UPDATE SKIP LOCKED`, so servers never wait for
    /// each other; SQLite (one machine) uses a conditional update.
    pub async fn claim(&self, claim: &str, lease: i64) -> DbResult<Option<Upload>> {
        let at = now();
        let (queued, running) = (UploadState::Queued.id(), UploadState::Running.id());
        if self.backend == Backend::Postgres {
            let r = sqlx::query(
                "UPDATE uploads SET state = $1, started = $2, attempts = attempts + 1, \
                 lease_until = $3, claim = $4 \
                 WHERE id = (SELECT id FROM uploads \
                             WHERE state = $5 OR (state = $1 AND lease_until < $2) \
                             ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 RETURNING id",
            )
            .bind(running)
            .bind(at)
            .bind(at + lease)
            .bind(claim)
            .bind(queued)
            .fetch_optional(&self.pool)
            .await?;
            return match r {
                Some(r) => self.upload(r.try_get(0)?).await,
                None => Ok(None),
            };
        }
        loop {
            let Some(r) = sqlx::query(
                "SELECT id FROM uploads WHERE state = $1 OR (state = $2 AND lease_until < $3) \
                 ORDER BY id LIMIT 1",
            )
            .bind(queued)
            .bind(running)
            .bind(at)
            .fetch_optional(&self.pool)
            .await?
            else {
                return Ok(None);
            };
            let id: i64 = r.try_get(0)?;
            let done = sqlx::query(
                "UPDATE uploads SET state = $1, started = $2, attempts = attempts + 1, \
                 lease_until = $3, claim = $4 \
                 WHERE id = $5 AND (state = $6 OR (state = $1 AND lease_until < $2))",
            )
            .bind(running)
            .bind(at)
            .bind(at + lease)
            .bind(claim)
            .bind(id)
            .bind(queued)
            .execute(&self.pool)
            .await?;
            if done.rows_affected() == 1 {
                return self.upload(id).await;
            }
        }
    }

    /// Marks a job failed, with the reason shown to the user.
    /// Only the claim holding a running job ends it: a worker whose lease ran out (and whose
    /// job another worker took over) stores nothing.
    pub async fn fail(&self, id: i64, claim: &str, why: &str) -> DbResult<()> {
        sqlx::query(
            "UPDATE uploads SET state = $1, error = $2, finished = $3 \
             WHERE id = $4 AND claim = $5 AND state = $6",
        )
        .bind(UploadState::Failed.id())
        .bind(why)
        .bind(now())
        .bind(id)
        .bind(claim)
        .bind(UploadState::Running.id())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Stores a job's results and marks it done; `false` when another claim holds the job
    /// (its result stands).
    #[allow(clippy::too_many_arguments)]
    pub async fn finish(
        &self,
        id: i64,
        claim: &str,
        filed: &Filed,
        year: Option<i64>,
        counts: (i64, i64, i64),
        res: &Results,
    ) -> DbResult<bool> {
        let mut tx = self.pool.begin().await?;
        let held = sqlx::query(
            "UPDATE uploads SET state = $1, finished = $2, unit_id = $3, year = $4, errors = $5, warnings = $6, \
             infos = $7, row_json = $8, perf_json = $9, report_html = $10, error = NULL, \
             disclosure = $14, package_json = $15, named_unit = $16, match_note = $17 \
             WHERE id = $11 AND claim = $12 AND state = $13",
        )
        .bind(UploadState::Done.id())
        .bind(now())
        .bind(filed.unit_id)
        .bind(year)
        .bind(counts.0)
        .bind(counts.1)
        .bind(counts.2)
        .bind(res.row_json.clone())
        .bind(res.perf_json.clone())
        .bind(res.report_html.clone())
        .bind(id)
        .bind(claim)
        .bind(UploadState::Running.id())
        .bind(&res.disclosure)
        .bind(res.package_json.clone())
        .bind(filed.named_unit.clone())
        .bind(&filed.note)
        .execute(&mut *tx)
        .await?;
        if held.rows_affected() == 0 {
            // Another worker took the job over: its result stands.
            return Ok(false);
        }
        // A job run again (after a restart) replaces what an earlier run stored.
        sqlx::query("DELETE FROM findings WHERE upload_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for (seq, f) in res.findings.iter().enumerate() {
            sqlx::query(
                "INSERT INTO findings (upload_id, seq, code, severity, message, place_key, location, item) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(seq as i64)
            .bind(&f.code)
            .bind(&f.severity)
            .bind(&f.message)
            .bind(&f.place_key)
            .bind(&f.location)
            .bind(&f.item)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The package a finished upload yielded (JSON), when it was kept.
    pub async fn package_json(&self, id: i64) -> DbResult<Option<String>> {
        let r = sqlx::query("SELECT package_json FROM uploads WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match r {
            Some(r) => r.try_get(0)?,
            None => None,
        })
    }

    pub async fn results(&self, id: i64) -> DbResult<Results> {
        let r = sqlx::query(
            "SELECT row_json, perf_json, report_html, disclosure, package_json FROM uploads WHERE id = $1",
        )
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        let Some(r) = r else {
            return Ok(Results::default());
        };
        let rows = sqlx::query(
            "SELECT code, severity, message, place_key, location, item FROM findings \
             WHERE upload_id = $1 ORDER BY seq",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let findings = rows
            .iter()
            .map(|f| {
                Ok(FindingRow {
                    code: f.try_get(0)?,
                    severity: f.try_get(1)?,
                    message: f.try_get(2)?,
                    place_key: f.try_get(3)?,
                    location: f.try_get(4)?,
                    item: f.try_get(5)?,
                })
            })
            .collect::<DbResult<Vec<_>>>()?;
        Ok(Results {
            row_json: r.try_get(0)?,
            disclosure: r.try_get(3)?,
            package_json: r.try_get(4)?,
            findings,
            perf_json: r.try_get(1)?,
            report_html: r.try_get(2)?,
        })
    }

    /// The document view stored for an upload, when it has one.
    pub async fn report_html(&self, id: i64) -> DbResult<Option<String>> {
        let r = sqlx::query("SELECT report_html FROM uploads WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.map(|r| r.try_get(0)).transpose()?.flatten())
    }

    /// (unit, `row_json`) of the newest finished upload of every unit (of one year when
    /// given).
    pub async fn latest_rows(&self, year: Option<i64>) -> DbResult<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT unit_id, row_json FROM uploads WHERE id IN (SELECT MAX(id) FROM uploads \
             WHERE state = $1 AND unit_id IS NOT NULL AND row_json IS NOT NULL \
             AND ($2 < 0 OR year = $3) GROUP BY unit_id)",
        )
        .bind(UploadState::Done.id())
        .bind(year.unwrap_or(-1))
        .bind(year.unwrap_or(-1))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// Counts of uploads per state.
    pub async fn state_counts(&self) -> DbResult<Vec<(UploadState, i64)>> {
        let rows = sqlx::query("SELECT state, COUNT(*) FROM uploads GROUP BY state ORDER BY state")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    UploadState::parse(&r.try_get::<String, _>(0)?)?,
                    r.try_get(1)?,
                ))
            })
            .collect()
    }
}

fn user_of(r: &sqlx::any::AnyRow) -> DbResult<User> {
    let role: String = r.try_get(2)?;
    Ok(User {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        role: Role::parse(&role)
            .ok_or_else(|| DbError::Invalid(format!("用户角色“{role}”不对")))?,
        bureau_id: r.try_get(3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_states_are_stored_and_sent_as_their_text() {
        for k in UploadKind::ALL {
            assert_eq!(UploadKind::parse(k.id()).ok(), Some(k));
            assert_eq!(serde_json::to_value(k).ok(), Some(k.id().into()));
        }
        for s in UploadState::ALL {
            assert_eq!(UploadState::parse(s.id()).ok(), Some(s));
            assert_eq!(serde_json::to_value(s).ok(), Some(s.id().into()));
        }
        assert_eq!(UploadKind::Package.label(), "数据包");
        assert_eq!(UploadKind::Document.label(), "公开文件");
        assert_eq!(UploadState::Running.label(), "处理中");
    }

    #[test]
    fn unknown_kinds_and_states_are_errors_not_guesses() {
        for bad in ["", "Done", "done ", "finished"] {
            assert!(matches!(UploadState::parse(bad), Err(DbError::Invalid(_))));
        }
        for bad in ["", "Package", "pdf"] {
            assert!(matches!(UploadKind::parse(bad), Err(DbError::Invalid(_))));
        }
    }
}
