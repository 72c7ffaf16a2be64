//! The juesuan workbench (`juesuan serve`): finance officers upload their unit's package or
//! published disclosure, a job queue audits or checks it (the same library calls as the
//! command line, through `juesuan-review`), and reviewers of a bureau see all their units
//! at once. Server-rendered Chinese pages ([`pages`]), the same data as JSON ([`api`],
//! described by an OpenAPI document), storage in SQLite or PostgreSQL ([`db`]), accounts
//! and sessions ([`auth`]), and the queue that survives a restart ([`jobs`]).
//!
//! Dependencies point one way: `db` ← `access` (who sees what, stored results) ←
//! `error` (every error answer, as a page through `layout` or as JSON) ← `auth` ←
//! `upload` ← `pages`, `api`. `jobs` uses `db` only.

pub mod access;
pub mod accounts;
pub mod api;
pub mod auth;
pub mod board;
pub mod db;
pub mod decisions;
pub mod error;
pub mod jobs;
mod layout;
pub mod opinion;
mod page_view;
pub mod pages;
pub mod roster;
pub mod status;
mod upload;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::{get, post};
use juesuan_model::Catalog;

use crate::db::{Db, Role};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (`127.0.0.1:8080`; port 0 picks a free one).
    pub bind: SocketAddr,
    /// Database URL; `None` is an SQLite file in the data folder.
    pub db_url: Option<String>,
    /// Folder for the SQLite file and the uploaded files (created when absent).
    pub data_dir: PathBuf,
    /// Jobs processed at once (0: none — uploads stay queued; for tests).
    pub workers: usize,
    /// Longest a job may take before it fails.
    pub job_timeout: Duration,
    /// Shortest time a job takes: zero in service; tests set it to make a job reliably
    /// outlast its time limit, however fast the machine.
    pub min_job_time: Duration,
    /// Largest file accepted.
    pub max_file_bytes: u64,
    /// Largest upload request (all its files together); beyond it the request is refused
    /// with 413 before more is read.
    pub max_request_bytes: u64,
    /// Most files in one upload request.
    pub max_files: usize,
    /// Catalog of codes (the built-in one, or with a bureau's merged in).
    pub catalog: Catalog,
    /// Sign-in throttling (failures per account and per client address).
    pub sign_in: SignInPolicy,
    /// How long a claimed job is leased to its worker before another may take it over
    /// (renewed while the job runs, so it only runs out when the worker's process died).
    pub job_lease: Duration,
}

/// How failed sign-ins are slowed and stopped: each failure after the third is answered a
/// little later (doubling from `delay`, at most 4 s); `lock_after` failures in a row lock
/// the account for `lock_for`, and `address_lock_after` failures from one client address
/// lock that address as long. A success resets the account's count. The counts are in the
/// database, so every server instance sees them.
#[derive(Debug, Clone)]
pub struct SignInPolicy {
    /// Failures in a row that lock an account.
    pub lock_after: u32,
    /// Behind a reverse proxy: the client address is the last one the proxy appended to
    /// `X-Forwarded-For`, not the proxy's own (only set this when a proxy always sets it).
    pub trust_forwarded: bool,
    /// Failures from one address that lock the address (several accounts tried from it).
    pub address_lock_after: u32,
    /// How long a lock lasts; also how long a failure counts.
    pub lock_for: Duration,
    /// The first added delay (after the third failure).
    pub delay: Duration,
}

impl Default for SignInPolicy {
    /// 10 failures lock an account for 15 minutes; 30 from one address lock the address.
    fn default() -> Self {
        SignInPolicy {
            lock_after: 10,
            trust_forwarded: false,
            address_lock_after: 30,
            lock_for: Duration::from_secs(15 * 60),
            delay: Duration::from_millis(250),
        }
    }
}

impl Config {
    /// Defaults: loopback 8080, SQLite in `./juesuan-data`, one worker per core, 120 s per
    /// job, 64 MB per file, 256 MB and 50 files per upload request.
    pub fn new(data_dir: PathBuf) -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db_url: None,
            data_dir,
            workers: std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
            job_timeout: Duration::from_secs(120),
            min_job_time: Duration::ZERO,
            max_file_bytes: 64 * 1024 * 1024,
            max_request_bytes: 256 * 1024 * 1024,
            max_files: 50,
            catalog: Catalog::builtin().clone(),
            sign_in: SignInPolicy::default(),
            job_lease: Duration::from_secs(60),
        }
    }

    /// The database URL to use.
    pub fn database_url(&self) -> String {
        match &self.db_url {
            Some(u) => u.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("juesuan.db").display()
            ),
        }
    }

    /// Where uploaded files are kept.
    pub fn upload_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }
}

/// What every handler gets.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub jobs: Arc<jobs::Queue>,
}

/// Opens the storage (creating the data folder, applying migrations).
pub async fn open(config: &Config) -> Result<Db, String> {
    std::fs::create_dir_all(config.upload_dir())
        .map_err(|e| format!("无法创建数据文件夹“{}”：{e}", config.upload_dir().display()))?;
    let connections = if config.db_url.is_some() { 10 } else { 5 };
    Db::open(&config.database_url(), connections)
        .await
        .map_err(|e| e.to_string())
}

/// Security headers on every response.
async fn headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; \
                 img-src 'self' data:; frame-ancestors 'self'; form-action 'self'",
            ),
        );
    }
    res
}

/// The application's routes.
pub fn router(state: AppState) -> Router {
    let limit = usize::try_from(state.config.max_request_bytes).unwrap_or(usize::MAX);
    Router::new()
        .route("/", get(pages::home))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/upload", get(pages::upload_form).post(pages::upload_files))
        .route("/overview", get(pages::overview))
        .route("/overview.csv", get(pages::overview_csv))
        .route("/overview/board.csv", get(board::csv))
        .route("/overview/board.xlsx", get(board::xlsx))
        .route("/overview/deadline", post(board::set_deadline))
        .route("/roster", get(roster::page).post(roster::edit))
        .route("/roster/import", post(roster::import))
        .route("/pending", get(roster::pending).post(roster::assign))
        .route("/units/{id}/status", post(status::change))
        .route("/units/{id}", get(pages::unit))
        .route("/units/{id}/decisions", post(decisions::decide))
        .route("/units/{id}/comments", post(decisions::comment))
        .route("/units/{id}/opinion/{format}", get(opinion::download))
        .route("/uploads/{id}", get(pages::upload))
        .route("/uploads/{id}/document", get(pages::document))
        .route("/uploads/{id}/pages/{file}", get(page_view::page_png))
        .route("/uploads/{id}/disclosure/{format}", get(pages::disclosure))
        .route(
            "/admin/users",
            get(pages::accounts).post(pages::change_account),
        )
        .route("/admin/log", get(pages::audit_log))
        .route("/api/login", post(api::login))
        .route("/api/logout", post(api::logout))
        .route("/api/units", get(api::units))
        .route("/api/units/{id}", get(api::unit))
        .route("/api/uploads", get(api::uploads).post(api::upload_files))
        .route("/api/uploads/{id}", get(api::upload))
        .route("/api/overview", get(api::overview))
        .route("/api/jobs", get(api::jobs))
        .route("/api/openapi.json", get(api::openapi))
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::map_response(headers))
        .with_state(state)
}

/// Runs the server until `shutdown` resolves. Queued jobs left by an earlier run are
/// picked up; jobs that were running when it stopped are queued again.
pub async fn run(
    config: Config,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let db = open(&config).await?;
    serve(db, config, listener, shutdown).await
}

/// Runs the server on storage already open.
pub async fn serve(
    db: Db,
    config: Config,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    // One machine owns an SQLite database: what was running when it stopped is queued again
    // now. On PostgreSQL other servers may be running those jobs; their leases decide.
    if db.backend == db::Backend::Sqlite {
        let requeued = db.requeue_running().await.map_err(|e| e.to_string())?;
        if requeued > 0 {
            eprintln!("上次停止时有 {requeued} 个任务未完成，已重新排队");
        }
    }
    let state = AppState {
        db,
        config: Arc::new(config),
        jobs: Arc::new(jobs::Queue::default()),
    };
    jobs::start_workers(&state);
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(|e| format!("服务器出错：{e}"))
}

/// A server started on its own thread (tests, and `juesuan serve`).
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), String>>>,
}

impl Running {
    /// Stops the server and waits for it.
    pub fn stop(mut self) -> Result<(), String> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<(), String> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        match self.thread.take() {
            Some(t) => t.join().map_err(|_| "服务器线程异常退出".to_string())?,
            None => Ok(()),
        }
    }

    /// Waits until the server stops by itself (an error, or never).
    pub fn wait(mut self) -> Result<(), String> {
        match self.thread.take() {
            Some(t) => t.join().map_err(|_| "服务器线程异常退出".to_string())?,
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.shutdown();
    }
}

/// Workers without the web pages (`juesuan worker`): they take jobs from the database the
/// servers share. Stopping one abandons the jobs it was running, as a crash would: their
/// leases run out and other workers take them over.
pub struct Worker(Running);

impl Worker {
    /// Stops the workers and waits for the thread.
    pub fn stop(self) -> Result<(), String> {
        self.0.stop()
    }

    /// Waits until the workers stop by themselves (an error, or never).
    pub fn wait(self) -> Result<(), String> {
        self.0.wait()
    }
}

/// Starts `config.workers` workers (at least one) on a thread of their own, without
/// listening; returns once the storage is open.
pub fn start_worker(mut config: Config) -> Result<Worker, String> {
    config.workers = config.workers.max(1);
    on_thread(config, false).map(Worker)
}

/// Starts the server on a thread of its own with its own runtime; returns once it listens.
pub fn start(config: Config) -> Result<Running, String> {
    on_thread(config, true)
}

/// A server (`listen`) or workers only, on a thread of their own with their own runtime;
/// returns once the storage is open (so that a bad database URL is reported here) and,
/// for a server, the address is bound and the partial uploads of a crash are removed.
fn on_thread(config: Config, listen: bool) -> Result<Running, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("无法启动运行时：{e}"))?;
    let listener = if listen {
        Some(
            runtime
                .block_on(tokio::net::TcpListener::bind(config.bind))
                .map_err(|e| format!("无法监听 {}：{e}", config.bind))?,
        )
    } else {
        None
    };
    let addr = match &listener {
        Some(l) => l.local_addr().map_err(|e| e.to_string())?,
        None => SocketAddr::from(([0, 0, 0, 0], 0)),
    };
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<(), String>>();
    let thread = std::thread::spawn(move || {
        runtime.block_on(async move {
            let db = match open(&config).await {
                Ok(db) => db,
                Err(e) => {
                    let _ = ready_tx.send(Err(e.clone()));
                    return Err(e);
                }
            };
            let Some(listener) = listener else {
                let _ = ready_tx.send(Ok(()));
                let state = AppState {
                    db,
                    config: Arc::new(config),
                    jobs: Arc::new(jobs::Queue::default()),
                };
                jobs::start_workers(&state);
                let _ = rx.await;
                return Ok(());
            };
            let partial = upload::remove_partial(&config.upload_dir());
            if partial > 0 {
                eprintln!("删除了上次中断的上传留下的 {partial} 个不完整文件");
            }
            let _ = ready_tx.send(Ok(()));
            serve(db, config, listener, async move {
                let _ = rx.await;
            })
            .await
        })
    });
    match ready_rx.recv() {
        Ok(Ok(())) => Ok(Running {
            addr,
            stop: Some(tx),
            thread: Some(thread),
        }),
        Ok(Err(e)) => Err(e),
        Err(_) => Err("服务器线程异常退出".to_string()),
    }
}

/// Runs one storage task for a command (`juesuan user …`) on a runtime of its own.
fn with_db<T>(
    config: &Config,
    task: impl AsyncFnOnce(&Db) -> Result<T, String>,
) -> Result<T, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("无法启动运行时：{e}"))?;
    runtime.block_on(async {
        let db = open(config).await?;
        task(&db).await
    })
}

/// `juesuan user list`: every account, active and stopped.
pub fn list_users(config: &Config) -> Result<Vec<db::Account>, String> {
    with_db(config, async |db| {
        db.accounts().await.map_err(|e| e.to_string())
    })
}

/// `juesuan user disable|enable|remove|password NAME`, recorded as made from the command
/// line.
pub fn change_user(
    config: &Config,
    name: &str,
    change: &accounts::Change,
) -> Result<String, String> {
    with_db(config, async |db| {
        accounts::change(db, accounts::COMMAND_LINE, name, change).await
    })
}

/// The latest entries of the audit log (`juesuan user log`).
pub fn audit_log(config: &Config, limit: i64) -> Result<Vec<db::AuditEntry>, String> {
    with_db(config, async |db| {
        db.audit_entries(limit).await.map_err(|e| e.to_string())
    })
}

/// `juesuan user add`: creates or updates a user; officers get the units named (created in
/// the bureau when absent).
pub fn add_user(
    config: &Config,
    name: &str,
    password: &str,
    role: Role,
    bureau: Option<&str>,
    units: &[String],
) -> Result<String, String> {
    if name.trim().is_empty() {
        return Err("用户名不能为空".into());
    }
    if let Some(why) = auth::password_problem(name, password) {
        return Err(why);
    }
    if role != Role::Admin && bureau.is_none() {
        return Err("审核人员和单位填报人员须用 --bureau 指定所属财政局".into());
    }
    if role == Role::Officer && units.is_empty() {
        return Err("单位填报人员须用 --unit 指定单位（可多次）".into());
    }
    let hash = auth::hash_password(password)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("无法启动运行时：{e}"))?;
    runtime.block_on(async {
        let db = open(config).await?;
        let bureau_id = match bureau {
            Some(b) => Some(db.bureau(b.trim()).await.map_err(|e| e.to_string())?),
            None => None,
        };
        let mut unit_ids = Vec::new();
        for u in units {
            let b = bureau_id.ok_or("单位须属于一个财政局（--bureau）")?;
            unit_ids.push(
                db.unit_named(b, u.trim())
                    .await
                    .map_err(|e| e.to_string())?,
            );
        }
        let existed = db
            .accounts()
            .await
            .map_err(|e| e.to_string())?
            .iter()
            .any(|a| a.user.name == name.trim());
        db.add_user(name.trim(), &hash, role, bureau_id, &unit_ids)
            .await
            .map_err(|e| e.to_string())?;
        let (action, detail) = if existed {
            ("更新用户", "新密码，原登录会话已全部结束")
        } else {
            ("新建用户", "")
        };
        db.log(accounts::COMMAND_LINE, action, name.trim(), detail)
            .await
            .map_err(|e| e.to_string())?;
        Ok(format!(
            "已保存用户“{}”（{}{}{}）",
            name.trim(),
            role.label(),
            bureau.map(|b| format!("，{b}")).unwrap_or_default(),
            if units.is_empty() {
                String::new()
            } else {
                format!("，单位：{}", units.join("、"))
            }
        ))
    })
}
