//! One browser test: headless Chromium driven through ChromeDriver (WebDriver over HTTP)
//! logs in, uploads the Beijing example and the Putuo PDF, sees the findings, downloads the
//! DOCX, and takes screenshots (`target/tmp/screenshots/*.png`). Needs `chromedriver`
//! (`JUESUAN_CHROMEDRIVER`, else `/usr/bin/chromedriver`); `.ci/run` installs Debian's
//! chromium and chromium-driver. Without them it prints one line and passes.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};
use support::{PASSWORD, Store, UNIT_A, start};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    url: String,
    session: String,
    agent: ureq::Agent,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self
            .agent
            .delete(format!("{}/session/{}", self.url, self.session))
            .call();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(chromedriver: &Path, downloads: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let url = format!("http://127.0.0.1:{port}");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let started = Instant::now();
        while agent.get(format!("{url}/status")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not answer"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let binary =
            std::env::var("JUESUAN_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1400", "--disable-background-networking", "--lang=zh-CN"],
                "prefs": {"download.default_directory": downloads.display().to_string(),
                          "download.prompt_for_download": false}
            }
        }}});
        let mut r = agent
            .post(format!("{url}/session"))
            .send_json(&caps)
            .expect("new session");
        let v: Value = r.body_mut().read_json().expect("session json");
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Driver {
            child,
            url,
            session,
            agent,
        }
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.url, self.session);
        let r = match method {
            "GET" => self.agent.get(&url).call(),
            _ => self.agent.post(&url).send_json(&body),
        };
        let mut r = r.expect("webdriver call");
        let v: Value = r
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_json()
            .expect("json");
        assert!(v["value"]["error"].is_null(), "{path}: {v}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("element {css}: {v}"))
            .to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            json!({ "text": text }),
        );
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), json!({}));
    }

    fn source(&self) -> String {
        self.call("GET", "/source", Value::Null)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let b64 = self.call("GET", "/screenshot", Value::Null);
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().expect("base64"))
            .expect("png");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join(format!("{name}.png"));
        std::fs::write(&p, png).expect("write screenshot");
        println!("截图：{}", p.display());
        p
    }

    /// Waits (without reloading) until the current page contains `text`: a click that
    /// submits a form returns before the next page has arrived.
    fn settle(&self, text: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.source();
            if s.contains(text) {
                return s;
            }
            assert!(start.elapsed() < limit, "the page never showed {text}: {s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Reloads `url` until the page contains `text`.
    fn wait_for(&self, url: &str, text: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            self.go(url);
            let s = self.source();
            if s.contains(text) {
                return s;
            }
            assert!(start.elapsed() < limit, "{url} never showed {text}: {s}");
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

fn chromedriver() -> Option<PathBuf> {
    let p = std::env::var_os("JUESUAN_CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"));
    if p.exists() {
        Some(p)
    } else {
        println!(
            "跳过（浏览器测试）：找不到 {}（apt-get install chromium chromium-driver，或设 JUESUAN_CHROMEDRIVER）",
            p.display()
        );
        None
    }
}

#[test]
fn a_finance_officer_uploads_sees_findings_and_downloads_the_docx() {
    let Some(driver_path) = chromedriver() else {
        return;
    };
    let bench = start(&Store::Sqlite, |_| {});
    let base = bench.base.clone();
    let downloads = tempfile::tempdir().expect("downloads");
    let d = Driver::start(&driver_path, downloads.path());

    // A bureau reviewer logs in through the form; files go to the unit their title names.
    d.go(&format!("{base}/login"));
    d.type_into("#name", "reviewer");
    d.type_into("#password", PASSWORD);
    d.click("#login");
    d.settle("<nav class=\"top\">", Duration::from_secs(20));

    // Upload the Beijing example and (when present) the Putuo PDF in one go.
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/beijing-xicheng-kexin-2024/package.xlsx")
        .canonicalize()
        .expect("example workbook");
    let mut files = vec![example.display().to_string()];
    let putuo = support::shared().join("reference/shanghai-putuo-czj-2024.pdf");
    if putuo.exists() {
        files.push(putuo.canonicalize().expect("putuo").display().to_string());
    } else {
        println!("跳过（普陀区PDF部分）：找不到 {}", putuo.display());
    }
    d.go(&format!("{base}/upload"));
    d.type_into("#files", &files.join("\n"));
    d.screenshot("1-upload");
    d.click("#send");
    let page = d.settle("上传结果", Duration::from_secs(60));
    assert!(
        page.contains(&format!("已接收 {} 个文件", files.len())),
        "{page}"
    );
    let ids: Vec<String> = page
        .split("href=\"/uploads/")
        .skip(1)
        .filter_map(|s| s.split('"').next().map(str::to_string))
        .collect();
    assert_eq!(ids.len(), files.len());
    // The result page follows the queue by itself: every file ends 已完成 without a reload.
    let started = std::time::Instant::now();
    loop {
        let now = d.source();
        let finished = now.matches(">已完成<").count();
        if finished == files.len() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the result page did not follow the queue: {now}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    d.screenshot("1b-received");

    // Each upload is audited; the findings show.
    for id in &ids {
        let s = d.wait_for(
            &format!("{base}/uploads/{id}"),
            "已完成",
            Duration::from_secs(180),
        );
        assert!(s.contains("问题"), "findings listed");
    }
    if ids.len() > 1 {
        let s = d.wait_for(
            &format!("{base}/uploads/{}", ids[1]),
            "D-040",
            Duration::from_secs(5),
        );
        assert!(s.contains("0.3"), "the Putuo error is shown");
        d.screenshot("2-putuo-findings");
        d.click("#doc-view");
        // A PDF: its original pages, each finding boxed on its words.
        let view = d.settle("pv-box", Duration::from_secs(20));
        let i = view
            .split("data-finding=\"")
            .skip(1)
            .find(|s| s.contains("[D-040]"))
            .and_then(|s| s.split('"').next())
            .expect("D-040 listed")
            .to_string();
        // Its box is on page 21 (第21页第14行), between that page's section and the next.
        let page21 = view.find("id=\"page-21\"").expect("page 21");
        let page22 = view.find("id=\"page-22\"").expect("page 22");
        let at = view.find(&format!("id=\"f{i}\"")).expect("the D-040 box");
        assert!(page21 < at && at < page22, "the D-040 box is on page 21");
        // Clicking the finding in the list scrolls to its box.
        d.click(&format!("a[href='#f{i}']"));
        let e = d.find(&format!("#f{i}"));
        let r = d.call("GET", &format!("/element/{e}/rect"), Value::Null);
        let (w, h) = (
            r["width"].as_f64().unwrap_or(0.0),
            r["height"].as_f64().unwrap_or(0.0),
        );
        assert!(w > 20.0 && h > 5.0, "the box has a size: {r}");
        // The page image under it is drawn (892 × 1263 pixels: A4 at 1.5 pixels a point).
        let start = Instant::now();
        loop {
            let v = d.call(
                "POST",
                "/execute/sync",
                json!({"script": "const i = document.querySelector('#page-21 img'); \
                    return i && i.complete ? [i.naturalWidth, i.naturalHeight] : null;", "args": []}),
            );
            if let Some(size) = v.as_array() {
                assert_eq!(size, &[json!(892), json!(1263)], "page 21 as an image");
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "page 21 never loaded"
            );
            std::thread::sleep(Duration::from_millis(300));
        }
        d.screenshot("3-putuo-page-21");
        // The text view is still there.
        d.go(&format!("{base}/uploads/{}/document?text=1", ids[1]));
        d.settle("<mark", Duration::from_secs(20));
        d.screenshot("3b-putuo-document-text");
    }

    // The unit page, then the DOCX download.
    d.go(&format!("{base}/"));
    let home = d.source();
    let unit_href = home
        .split("href=\"/units/")
        .skip(1)
        .find(|s| s.contains(&format!(">{UNIT_A}<")))
        .and_then(|s| s.split('"').next())
        .expect("unit link")
        .to_string();
    d.go(&format!("{base}/units/{unit_href}"));
    let unit = d.source();
    assert!(unit.contains(UNIT_A));
    assert!(unit.contains("绩效自评汇总"));
    d.screenshot("4-unit");
    d.call(
        "POST",
        "/execute/sync",
        json!({"script": "document.querySelector('h3').scrollIntoView()", "args": []}),
    );
    d.screenshot("4b-unit-findings");
    d.click("#dl-docx");
    let start = Instant::now();
    let docx = loop {
        let found = std::fs::read_dir(downloads.path())
            .expect("downloads")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == "docx"));
        if let Some(p) = found {
            break p;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the DOCX was not downloaded"
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    let bytes = std::fs::read(&docx).expect("docx");
    assert!(
        bytes.starts_with(b"PK") && bytes.len() > 10_000,
        "a real DOCX: {} bytes",
        bytes.len()
    );
    println!("下载：{}（{} 字节）", docx.display(), bytes.len());

    // The overview of the bureau.
    d.go(&format!("{base}/overview"));
    let ov = d.source();
    assert!(ov.contains(UNIT_A) && ov.contains("最常见的问题"));
    d.screenshot("5-overview");
}
