//! The workbench on loopback, with SQLite and (when `JUESUAN_TEST_POSTGRES` is set, as
//! `.ci/run` does) PostgreSQL: uploads, jobs, pages, API, history, access, limits, safety.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use juesuan_model::{Catalog, Severity};
use juesuan_server::db::Role;
use support::{BUREAU, Client, PASSWORD, Store, UNIT_A, UNIT_B, beijing, multipart, start};

const LONG: Duration = Duration::from_secs(180);

/// A published text with two template leftovers; the second version fixes one.
const DOC_V1: &str = "北京市西城区科学技术和信息化局2024年度部门决算\n\n第二部分 2024年度部门决算情况说明\n\n\
                      一、收入支出决算总体情况说明\n\n2024年度收入总计XX万元。\n\n某某单位负责。\n";
const DOC_V2: &str = "北京市西城区科学技术和信息化局2024年度部门决算\n\n第二部分 2024年度部门决算情况说明\n\n\
                      一、收入支出决算总体情况说明\n\n2024年度收入总计XX万元。\n";

fn flow(store: &Store) {
    let mut bench = start(store, |_| {});
    let base = &bench.base;

    // Without a session: the API says 401, the pages send to the login page.
    let anon = Client::new(base);
    assert_eq!(anon.get("/api/units").status, 401);
    let r = anon.get("/overview");
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/login"));
    // The OpenAPI document is public and generated from the handlers.
    let api = anon.get("/api/openapi.json").json();
    for path in [
        "/api/uploads",
        "/api/uploads/{id}",
        "/api/units/{id}",
        "/api/overview",
        "/api/login",
    ] {
        assert!(
            api["paths"][path].is_object(),
            "{path} in the OpenAPI document"
        );
    }

    let a = Client::login(base, "officer-a");
    let unit_a = a.unit_id(UNIT_A);

    // A change without the CSRF header is refused.
    let r = a.post_multipart("/api/uploads", multipart(&[], &[("x.toml", b"x")]), false);
    assert_eq!(r.status, 403, "{}", r.text());

    let pkg = beijing();
    let ids = a.upload(
        &[("单位数据.toml", &pkg), ("公开.txt", DOC_V1.as_bytes())],
        None,
    );
    assert_eq!(
        ids.len(),
        2,
        "an officer with one unit uploads to it without choosing"
    );
    let done = a.wait(&ids, LONG);
    for d in &done {
        assert_eq!(d["upload"]["state"], "done", "{d}");
        assert_eq!(d["upload"]["unit_id"], unit_a);
    }

    // The stored counts are those of the audit run directly on the same package.
    let loaded = juesuan_io::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/beijing-xicheng-kexin-2024"),
        Catalog::builtin(),
    )
    .expect("example");
    let direct = juesuan_rules::audit(&loaded.package, Catalog::builtin());
    assert_eq!(
        done[0]["upload"]["errors"].as_i64(),
        Some(direct.count(Severity::Error) as i64)
    );
    assert_eq!(
        done[0]["upload"]["warnings"].as_i64(),
        Some(direct.count(Severity::Warning) as i64)
    );
    assert_eq!(
        done[0]["findings"].as_array().map(Vec::len),
        Some(direct.findings.len())
    );
    assert!(
        done[0]["performance"]["lines"][0]
            .as_str()
            .is_some_and(|l| l.contains("项目支出绩效自评表"))
    );
    // The document's leftovers are found.
    let doc_codes: Vec<&str> = done[1]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(doc_codes.contains(&"D-010"), "{doc_codes:?}");

    // The unit page: findings grouped, performance, downloads, preview.
    let page = a.get(&format!("/units/{unit_a}"));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains(UNIT_A));
    assert!(
        html.contains("<h3>错误") || html.contains("<h3>警告"),
        "findings grouped by severity"
    );
    let docx = a.get(&format!("/uploads/{}/disclosure/docx", ids[0]));
    assert_eq!(docx.status, 200);
    assert!(docx.body.starts_with(b"PK"), "a DOCX is a zip");
    assert!(
        docx.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment"))
    );
    let xlsx = a.get(&format!("/uploads/{}/disclosure/xlsx", ids[0]));
    assert!(xlsx.status == 200 && xlsx.body.starts_with(b"PK"));
    let preview = a.get(&format!("/uploads/{}/disclosure/html?inline=1", ids[0]));
    assert!(preview.text().contains("部门决算"));
    // The document view highlights the findings.
    let view = a.get(&format!("/uploads/{}/document", ids[1]));
    assert_eq!(view.status, 200);
    assert!(
        view.text().contains("<mark"),
        "findings highlighted in the text"
    );

    // History: the second version fixes 某某.
    let v2 = a.upload(&[("公开.txt", DOC_V2.as_bytes())], Some(unit_a));
    a.wait(&v2, LONG);
    let unit = a.get(&format!("/api/units/{unit_a}")).json();
    let fixed = unit["changes"]["fixed"].as_array().expect("changes");
    assert!(
        !fixed.is_empty(),
        "the fixed placeholder is reported: {}",
        unit["changes"]
    );
    assert!(
        fixed
            .iter()
            .all(|f| f["code"].as_str().is_some_and(|c| c.starts_with("D-")))
    );
    assert!(
        a.get(&format!("/units/{unit_a}"))
            .text()
            .contains("修改对比")
    );

    // Officer B sees nothing of unit A: pages and API answer 404.
    let b = Client::login(base, "officer-b");
    let unit_b = b.unit_id(UNIT_B);
    for path in [
        format!("/units/{unit_a}"),
        format!("/api/units/{unit_a}"),
        format!("/uploads/{}", ids[0]),
        format!("/api/uploads/{}", ids[0]),
        format!("/uploads/{}/document", ids[1]),
        format!("/uploads/{}/disclosure/docx", ids[0]),
    ] {
        let r = b.get(&path);
        assert!(r.status == 404 || r.status == 403, "{path}: {}", r.status);
        assert!(!r.text().contains("D-010"), "{path} leaks findings");
    }
    let r = b.post_multipart(
        "/api/uploads",
        multipart(&[("unit", &unit_a.to_string())], &[("x.toml", &pkg)]),
        true,
    );
    assert_eq!(r.status, 404, "B cannot upload into A");
    assert!(
        b.get("/api/units")
            .json()
            .as_array()
            .is_some_and(|u| u.len() == 1)
    );
    assert!(!b.get("/overview").text().contains(UNIT_A));
    b.upload(&[("乙.txt", DOC_V2.as_bytes())], Some(unit_b));

    // The reviewer sees both units, the overview and its CSV.
    let rv = Client::login(base, "reviewer");
    let names: Vec<String> = rv
        .get("/api/units")
        .json()
        .as_array()
        .expect("units")
        .iter()
        .filter_map(|u| u["name"].as_str().map(str::to_string))
        .collect();
    assert!(
        names.contains(&UNIT_A.to_string()) && names.contains(&UNIT_B.to_string()),
        "{names:?}"
    );
    let ov = rv.get("/overview").text();
    assert!(ov.contains(UNIT_A) && ov.contains("最常见的问题") && ov.contains("<svg"));
    let csv = rv.get("/overview.csv");
    assert_eq!(csv.status, 200);
    assert!(csv.text().contains(UNIT_A));
    let ov = rv.get("/api/overview?year=2024").json();
    assert!(ov["rows"].as_array().is_some_and(|r| !r.is_empty()));
    assert_eq!(rv.get("/api/jobs").status, 200);
    assert_eq!(
        a.get("/api/jobs").status,
        403,
        "officers do not see the queue"
    );

    // What files say is escaped; names cannot reach the file system.
    let evil = "<img src=x onerror=alert(1)>.txt";
    let ids = a.upload(
        &[
            (evil, b"<script>alert(1)</script>\n\nXX\n"),
            ("../../逃逸.txt", DOC_V2.as_bytes()),
        ],
        Some(unit_a),
    );
    a.wait(&ids, LONG);
    for id in &ids {
        let t = a.get(&format!("/uploads/{id}")).text();
        assert!(
            !t.contains("<img src=x") && !t.contains("<script>alert"),
            "{t}"
        );
    }
    let view = a.get(&format!("/uploads/{}/document", ids[0])).text();
    assert!(!view.contains("<script>alert"));
    assert!(
        a.get(&format!("/uploads/{}", ids[1]))
            .text()
            .contains("逃逸.txt")
    );
    let stray: Vec<_> = std::fs::read_dir(bench.config.data_dir.parent().expect("parent"))
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("逃逸"))
        .collect();
    assert!(stray.is_empty(), "no file outside the upload folder");

    // Forms need their CSRF token; the login form its cookie.
    assert_eq!(
        a.post_multipart("/upload", multipart(&[], &[("x.txt", b"XX")]), false)
            .status,
        403
    );
    assert_eq!(
        anon.post_form("/login", "name=admin&password=x&csrf=abc")
            .status,
        403
    );
    bench.stop();
}

#[test]
fn workbench_on_sqlite() {
    flow(&Store::Sqlite);
}

#[test]
fn workbench_on_postgres() {
    if let Some(store) = Store::postgres() {
        flow(&store);
    }
}

#[test]
fn limits_and_time_limits_fail_cleanly() {
    let bench = start(&Store::Sqlite, |c| {
        c.max_file_bytes = 1024;
        c.max_request_bytes = 64 * 1024;
        c.max_files = 2;
        // The job takes at least two seconds and may take a tenth of one: it cannot finish
        // before its limit, however fast the machine.
        c.job_timeout = Duration::from_millis(100);
        c.min_job_time = Duration::from_secs(2);
    });
    let a = Client::login(&bench.base, "officer-a");
    let big = vec![b'x'; 4096];
    let r = a.post_multipart(
        "/api/uploads",
        multipart(
            &[],
            &[
                ("大.txt", &big),
                ("a.txt", b"XX"),
                ("b.txt", b"XX"),
                ("c.exe", b"MZ"),
                ("空.txt", b""),
            ],
        ),
        true,
    );
    // One refused file and nothing is stored: every file is listed with its reason.
    assert_eq!(r.status, 400, "{}", r.text());
    let j = r.json();
    assert_eq!(j["accepted"].as_array().map(Vec::len), Some(0), "{j}");
    let why: Vec<String> = j["rejected"]
        .as_array()
        .expect("rejected")
        .iter()
        .map(|x| {
            format!(
                "{}：{}",
                x["file_name"].as_str().unwrap_or(""),
                x["why"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        why.iter()
            .any(|w| w.starts_with("大.txt") && w.contains("上限")),
        "{why:?}"
    );
    assert!(
        why.iter().any(|w| w.contains("一次最多上传 2 个")),
        "{why:?}"
    );
    assert!(
        why.iter()
            .any(|w| w.starts_with("a.txt") && w.contains("都没有保存")),
        "{why:?}"
    );
    assert_eq!(why.len(), 5, "{why:?}");
    let accepted = a.upload(&[("a.txt", b"XX")], None);
    assert_eq!(accepted.len(), 1);
    // A job over its time limit fails with a message, and the server goes on.
    let d = a.wait(&accepted, LONG);
    assert_eq!(d[0]["upload"]["state"], "failed");
    assert!(
        d[0]["upload"]["error"]
            .as_str()
            .is_some_and(|e| e.contains("处理超过")),
        "{d:?}"
    );
    // A request far over the size limit is refused as a whole, in Chinese.
    let huge = vec![b'x'; 40 * 1024];
    let r = a.post_multipart(
        "/api/uploads",
        multipart(&[], &[("a.txt", &huge), ("b.txt", &huge)]),
        true,
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.text().contains("超过上限"));
    assert_eq!(a.get("/api/units").status, 200, "still serving");
}

#[test]
fn concurrent_uploads_are_all_stored_and_processed() {
    let bench = start(&Store::Sqlite, |_| {});
    let a = Client::login(&bench.base, "officer-a");
    let pkg = beijing();
    let handles: Vec<_> = (0..12)
        .map(|i| {
            let c = a.clone();
            let body = pkg.clone();
            std::thread::spawn(move || c.upload(&[(&format!("v{i}.toml"), &body)], None))
        })
        .collect();
    let ids: Vec<i64> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("thread"))
        .collect();
    assert_eq!(ids.len(), 12);
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), 12, "distinct ids");
    let done = a.wait(&ids, LONG);
    assert!(
        done.iter().all(|d| d["upload"]["state"] == "done"),
        "{done:?}"
    );
}

#[test]
fn a_job_running_when_the_server_died_is_queued_again() {
    let mut bench = start(&Store::Sqlite, |c| c.workers = 0);
    let a = Client::login(&bench.base, "officer-a");
    let ids = a.upload(&[("科信局.toml", &beijing())], None);
    let mut config = bench.config.clone();
    bench.stop();
    // What a crash in the middle of the job leaves behind.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let db = juesuan_server::db::Db::open(&config.database_url(), 1)
            .await
            .expect("db");
        sqlx::query("UPDATE uploads SET state = 'running', attempts = 1")
            .execute(&db.pool)
            .await
            .expect("update");
    });
    config.workers = 1;
    let again = juesuan_server::start(config).expect("restarts");
    let a = Client::login(&format!("http://{}", again.addr), "officer-a");
    let d = a.wait(&ids, LONG);
    assert_eq!(d[0]["upload"]["state"], "done", "{d:?}");
}

/// A file that holds no disclosure — empty, NUL bytes, prose — is shown as not recognised,
/// never as a file without problems.
#[test]
fn nothing_recognised_is_not_a_pass() {
    let mut bench = start(&Store::Sqlite, |_| {});
    let a = Client::login(&bench.base, "officer-a");
    let nul = vec![0u8; 4096];
    // an empty file is refused at once (and, all or nothing, nothing of its request kept)
    let r = a.post_multipart("/api/uploads", multipart(&[], &[("空.txt", b"")]), true);
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(r.json()["rejected"][0]["why"], "文件是空的", "{}", r.text());
    let r = a.post_multipart(
        "/api/uploads",
        multipart(
            &[],
            &[
                ("零.txt", &nul),
                ("随笔.txt", "今天天气很好，我们去公园散步。\n".as_bytes()),
            ],
        ),
        true,
    );
    assert_eq!(r.status, 202, "{}", r.text());
    let ids: Vec<i64> = r.json()["accepted"]
        .as_array()
        .expect("accepted")
        .iter()
        .filter_map(|a| a["id"].as_i64())
        .collect();
    assert_eq!(ids.len(), 2, "{}", r.text());
    for d in a.wait(&ids, LONG) {
        assert_eq!(d["upload"]["state"], "failed", "{d}");
        let why = d["upload"]["error"].as_str().unwrap_or("");
        assert!(
            why.contains("未识别出决算或预算公开内容") || why.contains("不是文本"),
            "{d}"
        );
        let page = a.get(&format!("/uploads/{}", d["upload"]["id"])).text();
        assert!(!page.contains("没有发现问题"), "{page}");
    }
    bench.stop();
}

/// Sign-in throttling: 30 wrong passwords for one account in a loop are refused with 429
/// from the 11th on (the right one too, while locked), with a Chinese message and
/// `Retry-After`; a second account from the same address still signs in (its failures
/// are under the address limit); failures spread over accounts lock the address; the right
/// password works again once the lock has run out.
#[test]
fn failed_sign_ins_are_throttled_per_account_and_per_address() {
    throttling(&Store::Sqlite);
}

#[test]
fn failed_sign_ins_are_throttled_on_postgres() {
    if let Some(pg) = Store::postgres() {
        throttling(&pg);
    }
}

fn throttling(store: &Store) {
    let bench = start(store, |c| {
        c.workers = 0;
        c.sign_in.lock_for = Duration::from_secs(2);
        c.sign_in.address_lock_after = 15;
        c.sign_in.delay = Duration::from_millis(1);
    });
    let base = &bench.base;
    let mut statuses = Vec::new();
    for _ in 0..30 {
        let (r, c) = Client::attempt_login(base, "officer-a", "wrong-password-1");
        assert!(c.is_none());
        if r.status == 429 {
            assert!(r.text().contains("登录失败次数过多"), "{}", r.text());
            assert!(r.header("retry-after").is_some());
        }
        statuses.push(r.status);
    }
    assert_eq!(&statuses[..10], &[401; 10], "{statuses:?}");
    assert_eq!(&statuses[10..], &[429; 20], "{statuses:?}");
    // Locked: the right password is not even checked.
    let (r, _) = Client::attempt_login(base, "officer-a", PASSWORD);
    assert_eq!(r.status, 429);
    // Another account from the same address: 10 failures are under the address's 15.
    Client::login(base, "officer-b");
    // Five more failures on another account reach the address limit: the address is locked.
    for _ in 0..5 {
        let (r, _) = Client::attempt_login(base, "reviewer", "wrong-password-2");
        assert_eq!(r.status, 401);
    }
    let (r, _) = Client::attempt_login(base, "admin", PASSWORD);
    assert_eq!(r.status, 429, "{}", r.text());
    // The signing-in page says the same.
    let page = Client::new(base).get("/login");
    assert_eq!(page.status, 200);
    std::thread::sleep(Duration::from_millis(3100));
    Client::login(base, "officer-a");
    Client::login(base, "admin");
}

/// A new password ends every session signed in with the old one, at once.
#[test]
fn a_new_password_ends_the_old_sessions() {
    let bench = start(&Store::Sqlite, |c| c.workers = 0);
    let one = Client::login(&bench.base, "officer-a");
    let two = Client::login(&bench.base, "officer-a");
    assert_eq!(one.get("/api/units").status, 200);
    assert_eq!(two.get("/api/units").status, 200);
    juesuan_server::add_user(
        &bench.config,
        "officer-a",
        "another-long-password",
        Role::Officer,
        Some(BUREAU),
        &[UNIT_A.into()],
    )
    .unwrap();
    assert_eq!(one.get("/api/units").status, 401);
    assert_eq!(two.get("/api/units").status, 401);
    let (r, _) = Client::attempt_login(&bench.base, "officer-a", PASSWORD);
    assert_eq!(r.status, 401);
    let (r, c) = Client::attempt_login(&bench.base, "officer-a", "another-long-password");
    assert_eq!(r.status, 200);
    assert_eq!(c.unwrap().get("/api/units").status, 200);
}

/// Passwords: at least 10 characters, not a common one, not the user's name.
#[test]
fn weak_passwords_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = juesuan_server::Config::new(dir.path().join("data"));
    for (pw, why) in [
        ("12345678", "至少 10 个字符"),
        ("1234567890", "太常见"),
        ("Password123", "太常见"),
        ("zhangsan-2025", "用户名"),
    ] {
        let err =
            juesuan_server::add_user(&config, "zhangsan", pw, Role::Admin, None, &[]).unwrap_err();
        assert!(err.contains(why), "{pw}: {err}");
    }
    juesuan_server::add_user(
        &config,
        "zhangsan",
        "correct-horse-电池",
        Role::Admin,
        None,
        &[],
    )
    .unwrap();
}

/// An upload request stores all its files or none: five files with the fourth over the
/// per-file limit, and five whose request runs over the request limit (413), leave nothing
/// stored, nothing queued and no file in the uploads folder; partial files a crash left
/// behind are removed when the server starts.
#[test]
fn an_upload_request_stores_all_its_files_or_none() {
    let mut bench = start(&Store::Sqlite, |c| {
        c.workers = 0;
        c.max_file_bytes = 8 * 1024;
        c.max_request_bytes = 24 * 1024;
    });
    let folder = bench.config.upload_dir();
    let files_in = |dir: &std::path::Path| std::fs::read_dir(dir).unwrap().count();
    let a = Client::login(&bench.base, "officer-a");
    let small = vec![b'x'; 1024];
    let big = vec![b'x'; 9 * 1024];
    let five = |fourth: &[u8]| -> Vec<u8> {
        multipart(
            &[],
            &[
                ("一.txt", &small),
                ("二.txt", &small),
                ("三.txt", &small),
                ("四.txt", fourth),
                ("五.txt", &small),
            ],
        )
    };
    let r = a.post_multipart("/api/uploads", five(&big), true);
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(r.json()["rejected"].as_array().map(Vec::len), Some(5));
    assert_eq!(files_in(&folder), 0);
    // Over the request's limit: refused as a whole, the first files received are gone too.
    let r = a.post_multipart(
        "/api/uploads",
        multipart(
            &[],
            &[
                ("一.txt", &vec![b'x'; 7 * 1024]),
                ("二.txt", &vec![b'x'; 7 * 1024]),
                ("三.txt", &vec![b'x'; 7 * 1024]),
                ("四.txt", &vec![b'x'; 7 * 1024]),
                ("五.txt", &vec![b'x'; 7 * 1024]),
            ],
        ),
        true,
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(files_in(&folder), 0);
    let listed = a.get("/api/uploads").json();
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed}");
    // All accepted: all five stored and queued.
    let r = a.post_multipart("/api/uploads", five(&small), true);
    assert_eq!(r.status, 202, "{}", r.text());
    assert_eq!(r.json()["accepted"].as_array().map(Vec::len), Some(5));
    assert_eq!(files_in(&folder), 5);
    // A partial file left by a crash is removed at start-up.
    bench.stop();
    std::fs::write(folder.join(".part-0123456789ab.txt"), b"half").unwrap();
    let config = bench.config.clone();
    let again = juesuan_server::start(config).expect("restarts");
    assert_eq!(files_in(&folder), 5);
    again.stop().unwrap();
}

/// Accounts: an administrator stops, restarts, removes and re-passwords accounts in the
/// workbench (others do not even see the page); a stop or a new password ends the account's
/// sessions at once; the command line does the same; every change is in the audit log with
/// who made it, readable by administrators.
#[test]
fn accounts_are_managed_and_every_change_is_logged() {
    accounts(&Store::Sqlite);
}

#[test]
fn accounts_are_managed_on_postgres() {
    if let Some(pg) = Store::postgres() {
        accounts(&pg);
    }
}

fn accounts(store: &Store) {
    let bench = start(store, |c| c.workers = 0);
    let base = &bench.base;
    let admin = Client::login(base, "admin");
    let officer = Client::login(base, "officer-a");
    let form = |name: &str, action: &str, extra: &str| {
        admin.post_form(
            "/admin/users",
            &format!("csrf={}&name={name}&action={action}{extra}", admin.csrf),
        )
    };
    let page = admin.get("/admin/users").text();
    assert!(
        page.contains("officer-a") && page.contains("正常"),
        "{page}"
    );
    assert!(
        page.contains("<title>用户管理 · 决算工作台</title>"),
        "{page}"
    );
    // The home page's title is not said twice.
    let home = admin.get("/").text();
    assert!(home.contains("<title>决算工作台</title>"), "{home}");
    assert_eq!(
        Client::login(base, "reviewer").get("/admin/users").status,
        404
    );
    // Stop: the session ends, signing in is refused; restart: it works again.
    let r = form("officer-a", "disable", "");
    assert!(r.text().contains("已停用用户“officer-a”"), "{}", r.text());
    assert_eq!(officer.get("/api/units").status, 401);
    assert_eq!(
        Client::attempt_login(base, "officer-a", PASSWORD).0.status,
        401
    );
    assert!(form("officer-a", "enable", "").text().contains("已启用"));
    let officer = Client::login(base, "officer-a");
    // A new password from the page: a weak one is refused, a good one ends the session.
    assert!(
        form("officer-a", "password", "&password=short")
            .text()
            .contains("至少 10 个字符")
    );
    assert!(form("officer-a", "password", "&password=a-new-long-password").status == 200);
    assert_eq!(officer.get("/api/units").status, 401);
    assert_eq!(
        Client::attempt_login(base, "officer-a", "a-new-long-password")
            .0
            .status,
        200
    );
    // Not one's own account.
    assert!(
        form("admin", "disable", "")
            .text()
            .contains("不能停用自己的账号")
    );
    // The command line: remove officer-b.
    let message = juesuan_server::change_user(
        &bench.config,
        "officer-b",
        &juesuan_server::accounts::Change::Remove,
    )
    .unwrap();
    assert!(message.contains("已删除"), "{message}");
    assert_eq!(
        Client::attempt_login(base, "officer-b", PASSWORD).0.status,
        401
    );
    let names: Vec<String> = juesuan_server::list_users(&bench.config)
        .unwrap()
        .into_iter()
        .map(|a| a.user.name)
        .collect();
    assert_eq!(names, ["admin", "officer-a", "reviewer"]);
    // The log: who, what, to whom, newest first.
    let log = admin.get("/admin/log").text();
    for line in [
        "<td>命令行</td><td>删除</td><td>officer-b</td>",
        "<td>admin</td><td>修改密码</td><td>officer-a</td>",
        "<td>admin</td><td>启用</td><td>officer-a</td>",
        "<td>admin</td><td>停用</td><td>officer-a</td>",
        "<td>命令行</td><td>新建用户</td><td>officer-a</td>",
    ] {
        assert!(log.contains(line), "{line} not in {log}");
    }
    let entries = juesuan_server::audit_log(&bench.config, 10).unwrap();
    assert_eq!(entries[0].action, "删除");
    assert_eq!(entries[0].target, "officer-b");
}

/// Two servers and a worker-only process on one PostgreSQL: 200 uploads spread over both
/// servers, the worker stopped mid-run as if it died (its running jobs abandoned under
/// their leases) — every file is processed and stored exactly once (one result, the same
/// findings), visible from both servers, and no file is kept on a server's disk.
#[test]
fn two_servers_and_a_worker_share_one_postgres() {
    let Some(pg) = Store::postgres() else { return };
    let lease = Duration::from_secs(2);
    let slow = Duration::from_millis(50);
    let a = start(&pg, |c| {
        c.workers = 1;
        c.job_lease = lease;
        c.min_job_time = slow;
    });
    let other = tempfile::tempdir().unwrap();
    let mut config_b = a.config.clone();
    config_b.bind = "127.0.0.1:0".parse().unwrap();
    config_b.data_dir = other.path().join("b");
    config_b.workers = 0; // web only
    let b = juesuan_server::start(config_b).unwrap();
    let base_b = format!("http://{}", b.addr);
    let mut config_w = a.config.clone();
    config_w.data_dir = other.path().join("w");
    config_w.workers = 2;
    let worker = juesuan_server::start_worker(config_w).unwrap();

    let on_a = Client::login(&a.base, "officer-a");
    let on_b = Client::login(&base_b, "officer-a");
    let mut ids = Vec::new();
    for i in 0..100 {
        ids.extend(on_a.upload(&[(&format!("a{i}.txt"), DOC_V1.as_bytes())], None));
        ids.extend(on_b.upload(&[(&format!("b{i}.txt"), DOC_V1.as_bytes())], None));
    }
    assert_eq!(ids.len(), 200);
    // The worker dies mid-run.
    std::thread::sleep(Duration::from_millis(800));
    worker.stop().unwrap();
    let started = std::time::Instant::now();
    let list = loop {
        let list = on_b.get("/api/uploads").json();
        let states: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|u| u["state"].as_str())
            .collect();
        if states.len() == 200 && states.iter().all(|s| *s == "done") {
            break list;
        }
        assert!(started.elapsed() < LONG, "not all done: {states:?}");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(list.as_array().unwrap().len(), 200);
    // One result each, the same on both servers.
    let first = on_a.get(&format!("/api/uploads/{}", ids[0])).json();
    let want = first["findings"].as_array().map(Vec::len);
    assert!(want.is_some_and(|n| n > 0), "{first}");
    for id in &ids {
        for c in [&on_a, &on_b] {
            let d = c.get(&format!("/api/uploads/{id}")).json();
            assert_eq!(d["upload"]["state"], "done", "{d}");
            assert_eq!(d["findings"].as_array().map(Vec::len), want, "{d}");
        }
    }
    // The jobs the dead worker was running were taken over once their leases ran out.
    let url = a.config.db_url.clone().unwrap();
    let taken_over: i64 = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            use sqlx::{Connection, Row};
            let mut c = sqlx::AnyConnection::connect(&url).await.unwrap();
            sqlx::query("SELECT COUNT(*) FROM uploads WHERE attempts > 1")
                .fetch_one(&mut c)
                .await
                .unwrap()
                .get(0)
        });
    assert!(taken_over >= 1, "no job was running when the worker died");
    // The files are in the database, not on the servers' disks.
    for dir in [a.config.upload_dir(), other.path().join("b/uploads")] {
        let kept: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert!(kept.is_empty(), "{}: {kept:?}", dir.display());
    }
    drop(b);
}

/// Behind a trusted reverse proxy the address throttled is the client's from
/// `X-Forwarded-For` (the last one the proxy appended), not the proxy's.
#[test]
fn behind_a_proxy_the_forwarded_address_is_throttled() {
    let bench = start(&Store::Sqlite, |c| {
        c.workers = 0;
        c.sign_in.trust_forwarded = true;
        c.sign_in.address_lock_after = 3;
        c.sign_in.delay = Duration::from_millis(1);
    });
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let login = |from: &str, name: &str, password: &str| {
        agent
            .post(format!("{}/api/login", bench.base))
            .header("X-Forwarded-For", &format!("203.0.113.9, {from}"))
            .send_json(serde_json::json!({"name": name, "password": password}))
            .unwrap()
            .status()
            .as_u16()
    };
    for name in ["officer-a", "officer-b", "reviewer"] {
        assert_eq!(login("198.51.100.1", name, "wrong-password-3"), 401);
    }
    assert_eq!(login("198.51.100.1", "admin", PASSWORD), 429);
    assert_eq!(login("198.51.100.2", "admin", PASSWORD), 200);
}
