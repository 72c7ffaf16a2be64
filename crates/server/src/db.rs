//! Storage: one layer over SQLite and PostgreSQL through sqlx's `Any` driver. Queries use
//! `$1, $2, …` placeholders in order (both back ends accept them) and only `BIGINT`/`TEXT`
//! columns, so one set of queries serves both. The schema differs only in how ids are
//! generated (`@ID@` in the migration text); the steps are in [`MIGRATIONS`], applied in
//! order and recorded in `schema_version`.

use std::time::{SystemTime, UNIX_EPOCH};

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
    pub kind: String,
    pub size: i64,
    pub created: i64,
    /// queued, running, done, failed.
    pub state: String,
    pub attempts: i64,
    pub error: Option<String>,
    pub started: Option<i64>,
    pub finished: Option<i64>,
    pub year: Option<i64>,
    pub errors: Option<i64>,
    pub warnings: Option<i64>,
    pub infos: Option<i64>,
}

const UPLOAD_COLUMNS: &str = "id, bureau_id, unit_id, user_id, file_name, stored, kind, size, created, \
     state, attempts, error, started, finished, year, errors, warnings, infos";

fn upload_of(r: &sqlx::any::AnyRow) -> DbResult<Upload> {
    Ok(Upload {
        id: r.try_get(0)?,
        bureau_id: r.try_get(1)?,
        unit_id: r.try_get(2)?,
        user_id: r.try_get(3)?,
        file_name: r.try_get(4)?,
        stored: r.try_get(5)?,
        kind: r.try_get(6)?,
        size: r.try_get(7)?,
        created: r.try_get(8)?,
        state: r.try_get(9)?,
        attempts: r.try_get(10)?,
        error: r.try_get(11)?,
        started: r.try_get(12)?,
        finished: r.try_get(13)?,
        year: r.try_get(14)?,
        errors: r.try_get(15)?,
        warnings: r.try_get(16)?,
        infos: r.try_get(17)?,
    })
}

/// The stored results of a finished job.
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub row_json: Option<String>,
    /// One row per finding, in report order.
    pub findings: Vec<FindingRow>,
    pub perf_json: Option<String>,
    pub report_html: Option<String>,
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
        for (version, text) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
            // Comment lines out first: the statements are split at `;`.
            let sql: String = text
                .replace("@ID@", id)
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
            Role::Reviewer => sqlx::query(
                "SELECT id, bureau_id, name FROM units WHERE bureau_id = $1 ORDER BY name, id",
            )
            .bind(user.bureau_id.unwrap_or(-1)),
            Role::Officer => sqlx::query(
                "SELECT u.id, u.bureau_id, u.name FROM units u JOIN memberships m ON m.unit_id = u.id \
                 WHERE m.user_id = $1 ORDER BY u.name, u.id",
            )
            .bind(user.id),
        };
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(Unit {
                    id: r.try_get(0)?,
                    bureau_id: r.try_get(1)?,
                    name: r.try_get(2)?,
                })
            })
            .collect()
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
            sqlx::query("SELECT id, name, role, bureau_id, password FROM users WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
        r.map(|r| Ok((user_of(&r)?, r.try_get(4)?))).transpose()
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
             WHERE s.token_hash = $1 AND s.expires > $2",
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

    /// Stores an upload, queued for processing.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_upload(
        &self,
        bureau_id: i64,
        unit_id: Option<i64>,
        user_id: i64,
        file_name: &str,
        stored: &str,
        kind: &str,
        size: i64,
    ) -> DbResult<i64> {
        let r = sqlx::query(
            "INSERT INTO uploads (bureau_id, unit_id, user_id, file_name, stored, kind, size, created, state, attempts) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', 0) RETURNING id",
        )
        .bind(bureau_id)
        .bind(unit_id)
        .bind(user_id)
        .bind(file_name)
        .bind(stored)
        .bind(kind)
        .bind(size)
        .bind(now())
        .fetch_one(&self.pool)
        .await?;
        Ok(r.try_get(0)?)
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
    pub async fn requeue_running(&self) -> DbResult<u64> {
        let r = sqlx::query("UPDATE uploads SET state = 'queued' WHERE state = 'running'")
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected())
    }

    /// Claims the oldest queued job, or `None`. The conditional update makes the claim
    /// safe when several workers (or servers) race for it.
    pub async fn claim(&self) -> DbResult<Option<Upload>> {
        loop {
            let Some(r) =
                sqlx::query("SELECT id FROM uploads WHERE state = 'queued' ORDER BY id LIMIT 1")
                    .fetch_optional(&self.pool)
                    .await?
            else {
                return Ok(None);
            };
            let id: i64 = r.try_get(0)?;
            let done = sqlx::query(
                "UPDATE uploads SET state = 'running', started = $1, attempts = attempts + 1 \
                 WHERE id = $2 AND state = 'queued'",
            )
            .bind(now())
            .bind(id)
            .execute(&self.pool)
            .await?;
            if done.rows_affected() == 1 {
                return self.upload(id).await;
            }
        }
    }

    pub async fn fail(&self, id: i64, why: &str) -> DbResult<()> {
        sqlx::query("UPDATE uploads SET state = 'failed', error = $1, finished = $2 WHERE id = $3")
            .bind(why)
            .bind(now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores a job's results and marks it done.
    #[allow(clippy::too_many_arguments)]
    pub async fn finish(
        &self,
        id: i64,
        unit_id: i64,
        year: Option<i64>,
        counts: (i64, i64, i64),
        res: &Results,
    ) -> DbResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE uploads SET state = 'done', finished = $1, unit_id = $2, year = $3, errors = $4, warnings = $5, \
             infos = $6, row_json = $7, perf_json = $8, report_html = $9, error = NULL WHERE id = $10",
        )
        .bind(now())
        .bind(unit_id)
        .bind(year)
        .bind(counts.0)
        .bind(counts.1)
        .bind(counts.2)
        .bind(res.row_json.clone())
        .bind(res.perf_json.clone())
        .bind(res.report_html.clone())
        .bind(id)
        .execute(&mut *tx)
        .await?;
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
        Ok(())
    }

    pub async fn results(&self, id: i64) -> DbResult<Results> {
        let r = sqlx::query("SELECT row_json, perf_json, report_html FROM uploads WHERE id = $1")
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
            findings,
            perf_json: r.try_get(1)?,
            report_html: r.try_get(2)?,
        })
    }

    /// (unit, `row_json`) of the newest finished upload of every unit (of one year when
    /// given).
    pub async fn latest_rows(&self, year: Option<i64>) -> DbResult<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT unit_id, row_json FROM uploads WHERE id IN (SELECT MAX(id) FROM uploads \
             WHERE state = 'done' AND unit_id IS NOT NULL AND row_json IS NOT NULL \
             AND ($1 < 0 OR year = $2) GROUP BY unit_id)",
        )
        .bind(year.unwrap_or(-1))
        .bind(year.unwrap_or(-1))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// Counts of uploads per state.
    pub async fn state_counts(&self) -> DbResult<Vec<(String, i64)>> {
        let rows = sqlx::query("SELECT state, COUNT(*) FROM uploads GROUP BY state ORDER BY state")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
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
