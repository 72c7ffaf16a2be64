//! Shared by the workbench tests and the load bench: a server on loopback with SQLite or
//! PostgreSQL, users, and a small HTTP client that keeps the session cookie.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use juesuan_server::db::Role;
use juesuan_server::{Config, Running};
use serde_json::Value;

/// The real documents (`../shared`, or `JUESUAN_SHARED`).
pub fn shared() -> PathBuf {
    std::env::var_os("JUESUAN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// The Putuo PDF, or `None` with one line saying the test part is skipped.
pub fn putuo() -> Option<Vec<u8>> {
    let p = shared().join("reference/shanghai-putuo-czj-2024.pdf");
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(_) => {
            println!(
                "跳过（普陀区PDF部分）：找不到 {}（可用 JUESUAN_SHARED 指定 shared 文件夹）",
                p.display()
            );
            None
        }
    }
}

/// The bundled Beijing example package.
pub fn beijing() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/beijing-xicheng-kexin-2024/package.toml"),
    )
    .expect("example")
}

pub const PASSWORD: &str = "correct-horse-电池";

/// Where the tests' data goes: SQLite in a temporary folder, or a fresh PostgreSQL database.
pub enum Store {
    Sqlite,
    /// Base URL from `JUESUAN_TEST_POSTGRES`.
    Postgres(String),
}

impl Store {
    /// PostgreSQL when `JUESUAN_TEST_POSTGRES` is set; `None` with one line otherwise.
    pub fn postgres() -> Option<Store> {
        match std::env::var("JUESUAN_TEST_POSTGRES") {
            Ok(u) if !u.is_empty() => Some(Store::Postgres(u)),
            _ => {
                println!(
                    "跳过（PostgreSQL）：未设置 JUESUAN_TEST_POSTGRES（.ci/run 会安装并启动 PostgreSQL 后设置）"
                );
                None
            }
        }
    }

    /// The database URL for a new server, and (PostgreSQL) the base URL and the name of the
    /// database made for it.
    fn url(&self) -> (Option<String>, Option<(String, String)>) {
        match self {
            Store::Sqlite => (None, None),
            Store::Postgres(base) => {
                let name = format!(
                    "juesuan_t_{}",
                    juesuan_server::auth::random_hex(6).expect("random")
                );
                postgres(base, &format!("CREATE DATABASE {name}"));
                let (head, _) = base.rsplit_once('/').expect("URL with a database");
                (Some(format!("{head}/{name}")), Some((base.clone(), name)))
            }
        }
    }
}

/// Runs one statement on the PostgreSQL server of `base`. Each test gets a new, empty
/// database, so that tests running at once never share a queue; it is dropped afterwards.
fn postgres(base: &str, statement: &str) {
    if let Err(e) = try_postgres(base, statement) {
        panic!("{statement}: {e}");
    }
}

fn try_postgres(base: &str, statement: &str) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let mut c = sqlx::AnyConnection::connect(base)
            .await
            .map_err(|e| e.to_string())?;
        sqlx::Executor::execute(&mut c, statement)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}

/// A running workbench with its users.
pub struct Bench {
    server: Option<Running>,
    pub base: String,
    pub config: Config,
    _dir: tempfile::TempDir,
    /// The PostgreSQL database made for this server: (base URL, name).
    made: Option<(String, String)>,
}

impl Bench {
    /// Stops the server (graceful), keeping its data.
    pub fn stop(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop().expect("the server stops");
        }
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        self.server.take();
        if let Some((base, name)) = &self.made {
            // FORCE ends the connections of a server still running; a maintenance process
            // of PostgreSQL itself (autovacuum after many writes) may hold the database a
            // moment longer and cannot be ended by this role: try again, then leave it.
            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            for _ in 0..20 {
                match try_postgres(base, &drop) {
                    Ok(()) => return,
                    Err(_) => std::thread::sleep(Duration::from_millis(250)),
                }
            }
            println!("未能删除测试数据库 {name}（稍后可手动删除）");
        }
    }
}

pub const BUREAU: &str = "北京市西城区财政局";
pub const UNIT_A: &str = "北京市西城区科学技术和信息化局";
pub const UNIT_B: &str = "北京市西城区乙局";

/// Starts a server with: `admin`, `reviewer` (the bureau), `officer-a` (unit A),
/// `officer-b` (unit B). `tune` adjusts the configuration first.
pub fn start(store: &Store, tune: impl FnOnce(&mut Config)) -> Bench {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::new(dir.path().join("data"));
    config.bind = "127.0.0.1:0".parse().expect("addr");
    let (url, made) = store.url();
    config.db_url = url;
    config.workers = 2;
    tune(&mut config);
    add_users(&config);
    let server = juesuan_server::start(config.clone()).expect("server starts");
    let base = format!("http://{}", server.addr);
    Bench {
        server: Some(server),
        base,
        config,
        _dir: dir,
        made,
    }
}

pub fn add_users(config: &Config) {
    juesuan_server::add_user(config, "admin", PASSWORD, Role::Admin, None, &[]).expect("admin");
    juesuan_server::add_user(
        config,
        "reviewer",
        PASSWORD,
        Role::Reviewer,
        Some(BUREAU),
        &[],
    )
    .expect("reviewer");
    juesuan_server::add_user(
        config,
        "officer-a",
        PASSWORD,
        Role::Officer,
        Some(BUREAU),
        &[UNIT_A.into()],
    )
    .expect("officer a");
    juesuan_server::add_user(
        config,
        "officer-b",
        PASSWORD,
        Role::Officer,
        Some(BUREAU),
        &[UNIT_B.into()],
    )
    .expect("officer b");
}

/// An HTTP client with a session.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    agent: ureq::Agent,
    pub cookie: Option<String>,
    pub csrf: String,
}

pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn reply(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut r = r.expect("HTTP request");
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let status = r.status().as_u16();
    let body = r
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap_or_default();
    Reply {
        status,
        body,
        headers,
    }
}

pub const BOUNDARY: &str = "----juesuan-test-9f3a1c";

/// A multipart body with the files and the other fields.
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = Vec::new();
    for (k, v) in fields {
        b.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (name, bytes) in files {
        b.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        b.extend_from_slice(bytes);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    b
}

impl Client {
    pub fn new(base: &str) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            // A connection the server closed after refusing a request before reading its body
            // (a 404 upload) must not be reused for the next request: one connection each.
            .max_idle_connections(0)
            .build()
            .into();
        Client {
            base: base.to_string(),
            agent,
            cookie: None,
            csrf: String::new(),
        }
    }

    /// Signs in through the API; panics when refused.
    pub fn login(base: &str, name: &str) -> Client {
        let (r, c) = Client::attempt_login(base, name, PASSWORD);
        c.unwrap_or_else(|| panic!("login {name}: {} {}", r.status, r.text()))
    }

    /// Tries to sign in through the API: the reply, and the signed-in client on 200.
    pub fn attempt_login(base: &str, name: &str, password: &str) -> (Reply, Option<Client>) {
        let mut c = Client::new(base);
        let r = reply(
            c.agent
                .post(format!("{base}/api/login"))
                .send_json(serde_json::json!({"name": name, "password": password})),
        );
        if r.status != 200 {
            return (r, None);
        }
        let cookie = r.header("set-cookie").expect("session cookie").to_string();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        c.cookie = cookie.split(';').next().map(str::to_string);
        c.csrf = r.json()["csrf"].as_str().expect("csrf").to_string();
        (r, Some(c))
    }

    pub fn get(&self, path: &str) -> Reply {
        let mut req = self.agent.get(format!("{}{path}", self.base));
        if let Some(c) = &self.cookie {
            req = req.header("Cookie", c);
        }
        reply(req.call())
    }

    /// Posts a multipart body; `csrf` decides whether the API header is sent.
    pub fn post_multipart(&self, path: &str, body: Vec<u8>, csrf: bool) -> Reply {
        let mut req = self.agent.post(format!("{}{path}", self.base)).header(
            "Content-Type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        );
        if let Some(c) = &self.cookie {
            req = req.header("Cookie", c);
        }
        if csrf {
            req = req.header("X-CSRF-Token", &self.csrf);
        }
        reply(req.send(&body[..]))
    }

    pub fn post_form(&self, path: &str, form: &str) -> Reply {
        let mut req = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/x-www-form-urlencoded");
        if let Some(c) = &self.cookie {
            req = req.header("Cookie", c);
        }
        reply(req.send(form))
    }

    /// Uploads files through the API; returns the ids accepted.
    pub fn upload(&self, files: &[(&str, &[u8])], unit: Option<i64>) -> Vec<i64> {
        let unit = unit.map(|u| u.to_string()).unwrap_or_default();
        let r = self.post_multipart("/api/uploads", multipart(&[("unit", &unit)], files), true);
        assert_eq!(r.status, 202, "upload: {}", r.text());
        r.json()["accepted"]
            .as_array()
            .expect("accepted")
            .iter()
            .map(|a| a["id"].as_i64().expect("id"))
            .collect()
    }

    /// Waits until every upload is done or failed; returns their details.
    pub fn wait(&self, ids: &[i64], limit: Duration) -> Vec<Value> {
        let start = Instant::now();
        loop {
            let details: Vec<Value> = ids
                .iter()
                .map(|id| self.get(&format!("/api/uploads/{id}")).json())
                .collect();
            let finished = details
                .iter()
                .all(|d| matches!(d["upload"]["state"].as_str(), Some("done" | "failed")));
            if finished {
                return details;
            }
            assert!(
                start.elapsed() < limit,
                "jobs not finished within {limit:?}: {details:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The id of the unit of that name, as the API lists it.
    pub fn unit_id(&self, name: &str) -> i64 {
        let units = self.get("/api/units").json();
        units
            .as_array()
            .expect("units")
            .iter()
            .find(|u| u["name"] == name)
            .and_then(|u| u["id"].as_i64())
            .unwrap_or_else(|| panic!("unit {name} in {units}"))
    }
}

/// The unit the Putuo files name.
pub const PUTUO: &str = "上海市普陀区财政局";

/// An officer of 上海市普陀区财政局, signed in: the Putuo files name that unit, and an
/// officer's file of another unit is refused.
pub fn putuo_officer(bench: &Bench) -> Client {
    juesuan_server::add_user(
        &bench.config,
        "officer-putuo",
        PASSWORD,
        juesuan_server::db::Role::Officer,
        Some(BUREAU),
        &[PUTUO.into()],
    )
    .expect("officer-putuo");
    Client::login(&bench.base, "officer-putuo")
}
