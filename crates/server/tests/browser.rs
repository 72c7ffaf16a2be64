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
use support::{PASSWORD, Store, UNIT_A, UNIT_B, start};

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

/// The first file with this extension to appear in `dir` (a browser download).
fn downloaded(dir: &Path, ext: &str) -> PathBuf {
    let start = Instant::now();
    loop {
        let found = std::fs::read_dir(dir)
            .expect("downloads")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == ext));
        if let Some(p) = found {
            return p;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no .{ext} was downloaded"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The text of a DOCX's body (`word/document.xml`).
fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("docx")).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("document.xml"),
        &mut xml,
    )
    .expect("read");
    xml
}

/// The count of one status on the board.
fn board_count(page: &str, id: &str) -> usize {
    page.split(&format!("id=\"count-{id}\""))
        .nth(1)
        .and_then(|s| s.split("<b>").nth(1))
        .and_then(|s| s.split('<').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count {id}: {page}"))
}

/// A bureau's season in the browser: the reviewer imports a roster of 5 units, two
/// officers upload (one tries another unit's file and is refused with both names), the
/// reviewer returns one unit with a comment and judges one finding not a problem, the
/// officer sees both and uploads again (the decision carries over), the reviewer passes it
/// and downloads the 审核意见书 (its text read back), and the board's counts follow.
/// Screenshots of each step (`target/tmp/screenshots`).
#[test]
fn a_bureau_season_roster_statuses_and_board() {
    let Some(driver_path) = chromedriver() else {
        return;
    };
    let bench = start(&Store::Sqlite, |_| {});
    let base = bench.base.clone();
    let files = tempfile::tempdir().expect("files");
    let d = Driver::start(&driver_path, files.path());
    let sign_in = |name: &str| {
        d.go(&format!("{base}/login"));
        d.type_into("#name", name);
        d.type_into("#password", PASSWORD);
        d.click("#login");
        d.settle("<nav class=\"top\">", Duration::from_secs(20));
    };
    let sign_out = || {
        d.click("nav.top form button");
        d.settle("id=\"login\"", Duration::from_secs(20));
    };
    let write = |name: &str, text: &str| {
        let p = files.path().join(name);
        std::fs::write(&p, text).expect("write");
        p.display().to_string()
    };
    let upload = |path: &str| {
        d.go(&format!("{base}/upload"));
        d.type_into("#files", path);
        d.click("#send");
        d.settle("上传结果", Duration::from_secs(60));
    };

    // The reviewer imports the roster.
    let roster = write(
        "名册.csv",
        &format!(
            "单位名称,单位代码,上级单位,类型,是否应公开\n北京市西城区财政局,001,,一级,是\n\
             {UNIT_A},002,北京市西城区财政局,二级,是\n{UNIT_B},003,北京市西城区财政局,二级,是\n\
             北京市西城区丙中心,004,{UNIT_B},基层,是\n北京市西城区丁站,005,,基层,否\n"
        ),
    );
    sign_in("reviewer");
    d.go(&format!("{base}/roster"));
    d.type_into("#roster-file", &roster);
    d.click("#import");
    let page = d.settle("已导入名册", Duration::from_secs(20));
    assert!(page.contains("5 个单位，新增 3 个，更新 2 个"), "{page}");
    d.screenshot("season-1-roster");
    sign_out();

    // Officer A uploads the unit's published text: filed, the match shown on the result
    // page. It has two D-010 placeholders; the reviewer will judge the second (a quote) not
    // a problem.
    let published = |total: &str| {
        format!(
            "{UNIT_A}2024年度部门决算\n\n第二部分 2024年度部门决算情况说明\n\n\
             一、收入支出决算总体情况说明\n\n2024年度收入总计{total}万元。\n\n\
             二、其他重要事项的情况说明\n\n来信称“某某单位未按期公开”，经核实已于期限内公开。\n"
        )
    };
    let first = write("科信局决算.txt", &published("XX"));
    sign_in("officer-a");
    upload(&first);
    let page = d.settle("与名册中的", Duration::from_secs(120));
    assert!(page.contains(&format!(
        "文件中的单位「{UNIT_A}」与名册中的「{UNIT_A}」一致"
    )));
    d.screenshot("season-2-officer-a-filed");
    sign_out();

    // Officer B uploads A's published text: refused, both names shown.
    let text = write(
        "科信局公开.txt",
        &format!(
            "{UNIT_A}2024年度部门决算\n\n第二部分 2024年度部门决算情况说明\n\n\
             一、收入支出决算总体情况说明\n\n2024年度收入总计XX万元。\n"
        ),
    );
    sign_in("officer-b");
    upload(&text);
    let page = d.settle("您所属单位是", Duration::from_secs(120));
    assert!(
        page.contains(&format!(
            "文件中的单位是「{UNIT_A}」，您所属单位是「{UNIT_B}」"
        )),
        "{page}"
    );
    d.screenshot("season-3-officer-b-refused");
    sign_out();

    // The reviewer sees the board, then returns unit A with a comment.
    sign_in("reviewer");
    d.go(&format!("{base}/overview?year=2024&kind=final"));
    let board = d.source();
    assert_eq!(board_count(&board, "submitted"), 1);
    assert_eq!(board_count(&board, "none"), 4);
    let missing = board
        .split("id=\"missing\"")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .expect("missing list");
    assert!(missing.contains(UNIT_B) && !missing.contains("北京市西城区丁站"));
    d.screenshot("season-4-board-before");
    let unit_a = board
        .split("href=\"/units/")
        .skip(1)
        .find(|s| s.contains(&format!(">{UNIT_A}<")))
        .and_then(|s| s.split('"').next())
        .expect("unit link")
        .to_string();
    d.go(&format!("{base}/units/{unit_a}"));
    d.type_into(
        "textarea[name=comment]",
        "表3合计与明细不符，请核对后重新上传",
    );
    d.click("button.return");
    let page = d.settle("<b class=\"status-returned\">", Duration::from_secs(20));
    assert!(page.contains("表3合计与明细不符，请核对后重新上传"));
    d.screenshot("season-5-returned");
    // ... and judges the quoted 某某 not a problem, with a reason
    let row = page
        .split("<tr id=\"d")
        .skip(1)
        .find(|r| r.contains("data-code=\"D-010\"") && r.contains("某某"))
        .and_then(|r| r.split('"').next())
        .expect("the D-010 row of 某某")
        .to_string();
    let reason = "“某某单位”是引用来信的原文，不是占位符";
    d.click(&format!("#d{row} option[value=dismissed]"));
    d.type_into(&format!("#d{row} input[name=reason]"), reason);
    d.click(&format!("#d{row} button"));
    let page = d.settle("dismissed-count", Duration::from_secs(20));
    assert!(page.contains(reason) && page.contains("verdict-dismissed"));
    sign_out();

    // Officer A sees the comment and uploads again: 已提交.
    sign_in("officer-a");
    d.go(&format!("{base}/units/{unit_a}"));
    let page = d.source();
    assert!(page.contains("表3合计与明细不符") && page.contains(reason));
    let second = write("科信局决算（修改后）.txt", &published("1,234.56"));
    upload(&second);
    d.settle("与名册中的", Duration::from_secs(120));
    d.go(&format!("{base}/units/{unit_a}"));
    assert!(
        d.source()
            .contains("<b class=\"status-submitted\">已提交</b>")
    );
    sign_out();

    // The reviewer passes it; the board counts follow.
    sign_in("reviewer");
    d.go(&format!("{base}/units/{unit_a}"));
    d.click("button.pass");
    d.settle(
        "<b class=\"status-passed\">审核通过</b>",
        Duration::from_secs(20),
    );
    // the second version still quotes 某某: the decision carries over, nothing is counted
    let page = d.source();
    assert!(page.contains("沿用第1版的决定"), "{page}");
    assert!(page.contains("错误 <b class=\"e\">0</b> 个"), "{page}");
    // ... and the dismissed finding is not in the list of problems, only under the decisions
    let problems = page
        .split("<h2>问题")
        .nth(1)
        .and_then(|s| s.split("id=\"decisions\"").next())
        .expect("the problems");
    assert!(!problems.contains("某某单位未按期公开"), "{problems}");
    d.screenshot("season-6-passed");
    // the 审核意见书: unit, the dismissed finding with its reason, the return comment
    d.click("#opinion-docx");
    let xml = docx_text(&downloaded(files.path(), "docx"));
    for want in [
        UNIT_A,
        "D-010",
        reason,
        "表3合计与明细不符，请核对后重新上传",
        "退回修改",
    ] {
        assert!(xml.contains(want), "{want} not in the opinion: {xml}");
    }
    d.go(&format!("{base}/overview?year=2024&kind=final"));
    let board = d.source();
    assert_eq!(board_count(&board, "passed"), 1);
    assert_eq!(board_count(&board, "submitted"), 0);
    assert_eq!(board_count(&board, "returned"), 0);
    // the unit's row counts as its page does: the finding judged not a problem is left out
    let row = board
        .split("<tr")
        .find(|r| r.contains(&format!(">{UNIT_A}<")) && r.contains("审核通过"))
        .expect("the unit's board row");
    assert!(row.contains("<td class=\"n\">0</td>"), "{row}");
    d.screenshot("season-7-board-after");

    // A Shanghai package uploaded by the Beijing reviewer waits in 待确认; the reviewer
    // makes its unit from the name it prints.
    let shanghai = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/shanghai-putuo-czj-2024/package.toml")
        .canonicalize()
        .expect("example");
    upload(&shanghai.display().to_string());
    d.settle("待确认", Duration::from_secs(120));
    d.go(&format!("{base}/pending"));
    d.settle("新建单位“上海市普陀区财政局”并归入", Duration::from_secs(5));
    d.screenshot("season-8-pending");
    d.click("button[value=create]");
    // (not `status-submitted`: the stylesheet of every page holds that word)
    let unit = d.settle("<h1>上海市普陀区财政局</h1>", Duration::from_secs(20));
    assert!(
        unit.contains("<b class=\"status-submitted\">已提交</b>"),
        "{unit}"
    );
}
