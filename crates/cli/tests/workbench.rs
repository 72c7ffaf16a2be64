//! `juesuan review` and `juesuan serve` as a user runs them: a folder reviewed into an
//! overview, and a server killed with jobs queued that finishes them when started again.
#![allow(clippy::unwrap_used)]

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
}

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn review_writes_the_overview_of_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("收件");
    std::fs::create_dir_all(input.join("西城/科信局")).unwrap();
    std::fs::copy(
        examples().join("beijing-xicheng-kexin-2024/package.toml"),
        input.join("西城/科信局/package.toml"),
    )
    .unwrap();
    std::fs::copy(
        examples().join("shanghai-putuo-czj-2024/package.xlsx"),
        input.join("普陀区财政局.xlsx"),
    )
    .unwrap();
    std::fs::write(input.join("损坏.xlsx"), b"not a workbook").unwrap();
    std::fs::write(
        input.join("=公开.txt"),
        "某单位2024年度部门决算\n\n一、收入支出决算总体情况说明\n\n收入总计XX万元。\n",
    )
    .unwrap();
    let out = dir.path().join("报告");
    let o = bin()
        .args([
            "review",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-j",
            "2",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    // One file cannot be read: exit 2, and its error names it.
    assert_eq!(o.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("损坏.xlsx"), "{stderr}");
    assert!(
        stdout.contains("共 4 个文件") && stdout.contains("1 个文件无法读取"),
        "{stdout}"
    );

    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("北京市西城区科学技术和信息化局"));
    assert!(index.contains("<svg"), "the chart");
    assert!(index.contains("无法读取"));
    let csv = std::fs::read_to_string(out.join("overview.csv")).unwrap();
    assert_eq!(csv.lines().count(), 5, "header and four files:\n{csv}");
    assert!(
        csv.contains("'=公开.txt"),
        "formula-safe file names:\n{csv}"
    );
    let reports: Vec<_> = std::fs::read_dir(out.join("units")).unwrap().collect();
    assert_eq!(reports.len(), 3, "a report per file read");
    // Every report links back to the overview.
    for r in reports {
        let page = std::fs::read_to_string(r.unwrap().path()).unwrap();
        assert!(page.contains("<a href=\"../index.html\">← 返回审核概览</a>"));
    }
    // The overview's counts are the audit's.
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("overview.json")).unwrap()).unwrap();
    let bj = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "北京市西城区科学技术和信息化局")
        .unwrap();
    let audit = bin()
        .args([
            "audit",
            examples()
                .join("beijing-xicheng-kexin-2024")
                .to_str()
                .unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let audit: Value = serde_json::from_slice(&audit.stdout).unwrap();
    assert_eq!(bj["counts"]["errors"], audit["summary"]["errors"]);

    // An existing report is kept unless --force.
    let again = bin()
        .args([
            "review",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
}

/// The text of `word/document.xml` of a DOCX file.
fn docx_text(path: &Path) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn review_writes_an_opinion_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("收件");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(
        examples().join("beijing-xicheng-kexin-2024/package.toml"),
        input.join("package.toml"),
    )
    .unwrap();
    std::fs::write(
        input.join("公开.txt"),
        "某单位2024年度部门决算\n\n一、收入支出决算总体情况说明\n\n收入总计XX万元。\n",
    )
    .unwrap();
    let out = dir.path().join("报告");
    let opinions = dir.path().join("意见书");
    let o = bin()
        .args([
            "review",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--opinion",
            opinions.to_str().unwrap(),
            "-j",
            "1",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{stderr}");
    let mut names: Vec<String> = std::fs::read_dir(&opinions)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let docx: Vec<&String> = names.iter().filter(|n| n.ends_with(".docx")).collect();
    assert_eq!(docx.len(), 2, "one opinion per file: {names:?}");
    let text = opinions.join("某单位2024年度部门决算审核意见书.docx");
    let xml = docx_text(&text);
    // no decisions in the folder workflow: the error is to fix, nobody has signed yet
    for want in [
        "某单位2024年度部门决算审核意见书",
        "被审核单位：某单位",
        "一、需修改的问题（1项）",
        "D-010 错误",
        "模板占位符“XX”没有替换",
        "原文：“收入总计XX万元。”",
        "需修改",
        "二、经审核不是问题（0项）",
        "审核人：____________",
    ] {
        assert!(xml.contains(want), "{want} in {}", text.display());
    }
    // the package's opinion lists as many findings to fix as the audit has errors
    let audit = bin()
        .args([
            "audit",
            examples()
                .join("beijing-xicheng-kexin-2024")
                .to_str()
                .unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let audit: Value = serde_json::from_slice(&audit.stdout).unwrap();
    let errors = audit["summary"]["errors"].as_u64().unwrap();
    let pkg =
        docx_text(&opinions.join("北京市西城区科学技术和信息化局2024年度部门决算审核意见书.docx"));
    let want = format!("一、需修改的问题（{errors}项）");
    assert!(pkg.contains(&want), "{want}");
    // the PDF beside it, unless this machine has no CJK font (then the note says so)
    let pdf = opinions.join("某单位2024年度部门决算审核意见书.pdf");
    match std::fs::read(&pdf) {
        Ok(bytes) => assert!(bytes.starts_with(b"%PDF")),
        Err(_) => assert!(stderr.contains("只写出了 DOCX"), "{stderr}"),
    }
}

/// `juesuan serve` in the background; its address from the first line it prints.
fn serve(data: &Path, extra: &[&str]) -> (Child, String) {
    let mut child = bin()
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--data",
            data.to_str().unwrap(),
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    reader.read_line(&mut line).unwrap();
    // Keep reading what else it prints.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let url = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (child, format!("http://{url}"))
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn login(base: &str) -> (String, String) {
    let mut r = agent()
        .post(format!("{base}/api/login"))
        .send_json(json!({"name": "管理员", "password": "足够长的密码12345"}))
        .unwrap();
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let v: Value = r.body_mut().read_json().unwrap();
    (cookie, v["csrf"].as_str().unwrap().to_string())
}

/// Uploads files in one request through the API (202 expected); the ids accepted.
fn upload(base: &str, (cookie, csrf): (&str, &str), files: &[(&str, &[u8])]) -> Vec<i64> {
    let boundary = "xyzzy-juesuan";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let mut r = agent()
        .post(format!("{base}/api/uploads"))
        .header("Cookie", cookie)
        .header("X-CSRF-Token", csrf)
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .send(&body[..])
        .unwrap();
    assert_eq!(r.status(), 202);
    let v: Value = r.body_mut().read_json().unwrap();
    v["accepted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect()
}

fn states(base: &str, cookie: &str, ids: &[i64]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            let mut r = agent()
                .get(format!("{base}/api/uploads/{id}"))
                .header("Cookie", cookie)
                .call()
                .unwrap();
            let v: Value = r.body_mut().read_json().unwrap();
            v["upload"]["state"].as_str().unwrap_or("?").to_string()
        })
        .collect()
}

#[test]
fn jobs_queued_when_the_server_is_killed_are_done_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("数据");
    let o = bin()
        .args([
            "user",
            "add",
            "管理员",
            "--role",
            "admin",
            "--data",
            data.to_str().unwrap(),
        ])
        .env("JUESUAN_PASSWORD", "足够长的密码12345")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // A server that takes files but processes none: everything stays queued.
    let (mut first, base) = serve(&data, &["--workers", "0"]);
    let (cookie, csrf) = login(&base);
    let pkg = std::fs::read(examples().join("beijing-xicheng-kexin-2024/package.toml")).unwrap();
    let ids = upload(
        &base,
        (&cookie, &csrf),
        &[
            ("科信局.toml", pkg.as_slice()),
            ("a.txt", "某单位2024年度部门决算\n\nXX万元\n".as_bytes()),
            ("b.txt", "另一单位2024年度部门决算\n\n某某\n".as_bytes()),
        ],
    );
    assert_eq!(ids.len(), 3);
    assert!(states(&base, &cookie, &ids).iter().all(|s| s == "queued"));

    // Killed (SIGKILL), not stopped.
    first.kill().unwrap();
    first.wait().unwrap();

    // Started again with workers: the queued jobs are done. The session survived too.
    let (mut second, base) = serve(&data, &[]);
    let start = Instant::now();
    loop {
        let s = states(&base, &cookie, &ids);
        if s.iter().all(|s| s == "done") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "not done after restart: {s:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    second.kill().unwrap();
    second.wait().unwrap();
}

/// Runs one statement on PostgreSQL and returns the first column of the first row, if any.
fn pg(url: &str, sql: &str) -> Option<i64> {
    try_pg(url, sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn try_pg(url: &str, sql: &str) -> Result<Option<i64>, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?
        .block_on(async {
            use sqlx::{Connection, Row};
            sqlx::any::install_default_drivers();
            let mut c = sqlx::AnyConnection::connect(url)
                .await
                .map_err(|e| e.to_string())?;
            let row = sqlx::query(sql)
                .fetch_optional(&mut c)
                .await
                .map_err(|e| e.to_string())?;
            Ok(row.and_then(|r| r.try_get::<i64, _>(0).ok()))
        })
}

/// `juesuan worker` in the background, once it has started.
fn worker(data: &Path, db: &str, extra: &[&str]) -> Child {
    let mut child = bin()
        .args(["worker", "--data", data.to_str().unwrap(), "--db", db])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    reader.read_line(&mut line).unwrap();
    assert!(line.contains("任务处理已启动"), "{line}");
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    child
}

/// Two `juesuan serve` processes (the second web only) and a `juesuan worker` process on
/// one PostgreSQL; 200 uploads spread over both servers; the worker is killed (SIGKILL)
/// while it runs two jobs. Every file is processed and its result stored once, the same
/// from both servers; the jobs the worker held are taken over when their leases run out.
#[test]
fn two_servers_and_a_killed_worker_share_one_postgres() {
    let Some(base) = std::env::var("JUESUAN_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        println!("跳过（PostgreSQL）：未设置 JUESUAN_TEST_POSTGRES（.ci/run 会设置）");
        return;
    };
    let name = format!("juesuan_c_{}", std::process::id());
    pg(&base, &format!("DROP DATABASE IF EXISTS {name}"));
    pg(&base, &format!("CREATE DATABASE {name}"));
    let (head, _) = base.rsplit_once('/').unwrap();
    let url = format!("{head}/{name}");
    let dir = tempfile::tempdir().unwrap();
    let data = |n: &str| dir.path().join(n);
    let o = bin()
        .args(["user", "add", "管理员", "--role", "admin", "--db", &url])
        .args(["--data", data("u").to_str().unwrap()])
        .env("JUESUAN_PASSWORD", "足够长的密码12345")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lease = ["--job-lease", "2", "--min-job-ms", "150"];
    let (mut a, base_a) = serve(
        &data("a"),
        &[
            "--db",
            &url,
            "--workers",
            "1",
            lease[0],
            lease[1],
            lease[2],
            lease[3],
        ],
    );
    let (mut b, base_b) = serve(&data("b"), &["--db", &url, "--workers", "0"]);
    let mut w = worker(
        &data("w"),
        &url,
        &["--workers", "2", lease[0], lease[1], lease[2], lease[3]],
    );
    let (cookie, csrf) = login(&base_a);
    let pkg = std::fs::read(examples().join("beijing-xicheng-kexin-2024/package.toml")).unwrap();
    let mut ids = Vec::new();
    for i in 0..200 {
        let server = if i % 2 == 0 { &base_a } else { &base_b };
        let name = format!("科信局{i}.toml");
        ids.extend(upload(server, (&cookie, &csrf), &[(&name, &pkg)]));
    }
    // Kill the worker while all three workers are busy (two of them its own).
    let start = Instant::now();
    while pg(&url, "SELECT COUNT(*) FROM uploads WHERE state = 'running'") != Some(3) {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "never three jobs at once"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    w.kill().unwrap();
    w.wait().unwrap();
    let start = Instant::now();
    loop {
        let done = pg(&url, "SELECT COUNT(*) FROM uploads WHERE state = 'done'");
        if done == Some(200) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "{done:?} of 200 done"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(pg(&url, "SELECT COUNT(*) FROM uploads WHERE attempts > 1").unwrap_or(0) >= 1);
    // One result per file: the same number of findings for the same package, from both.
    let counts: std::collections::BTreeSet<i64> = ids
        .iter()
        .map(|id| {
            pg(
                &url,
                &format!("SELECT COUNT(*) FROM findings WHERE upload_id = {id}"),
            )
            .unwrap()
        })
        .collect();
    assert_eq!(counts.len(), 1, "{counts:?}");
    for server in [&base_a, &base_b] {
        assert!(states(server, &cookie, &ids).iter().all(|s| s == "done"));
    }
    for child in [&mut a, &mut b] {
        child.kill().unwrap();
        child.wait().unwrap();
    }
    // PostgreSQL's own maintenance (autovacuum) may hold the database a moment longer.
    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    let dropped = (0..20).any(|_| {
        try_pg(&base, &drop).is_ok() || {
            std::thread::sleep(Duration::from_millis(250));
            false
        }
    });
    if !dropped {
        println!("未能删除测试数据库 {name}（稍后可手动删除）");
    }
}
