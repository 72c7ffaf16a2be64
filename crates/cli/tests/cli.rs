//! The `juesuan` binary as a user runs it.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

fn juesuan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
        .display()
        .to_string()
}

fn juesuan_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

const BJ_STEM: &str = "北京市西城区科学技术和信息化局2024年度部门决算";

#[test]
fn demo_prints_the_beijing_summary_and_builds_into_out() {
    let dir = tempfile::tempdir().unwrap();
    let o = juesuan_in(dir.path(), &["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // the four documents in ./out/, their paths printed
    for ext in ["docx", "html", "xlsx"] {
        let p = dir.path().join("out").join(format!("{BJ_STEM}.{ext}"));
        assert!(p.is_file(), "{} missing; output:\n{out}", p.display());
        assert!(out.contains(&format!("out/{BJ_STEM}.{ext}")), "{out}");
    }
    // run again: existing files are kept, and the demo still succeeds
    let html = dir.path().join("out").join(format!("{BJ_STEM}.html"));
    std::fs::write(&html, "mine").unwrap();
    let again = juesuan_in(dir.path(), &["demo"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stdout(&again).contains("未覆盖"), "{}", stdout(&again));
    assert_eq!(std::fs::read_to_string(&html).unwrap(), "mine");
    let forced = juesuan_in(dir.path(), &["demo", "--force"]);
    assert!(forced.status.success());
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    for needle in [
        "北京市西城区科学技术和信息化局",
        "2024年度",
        "14864.9",
        "18787.37",
        "减少3922.47万元，下降20.88%",
        "项目支出绩效自评表 5 张",
        "2021年度数字经济政策兑现项目",
        "98.84分，优秀",
    ] {
        assert!(out.contains(needle), "missing {needle} in:\n{out}");
    }
}

#[test]
fn demo_json_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let o = juesuan_in(dir.path(), &["demo", "--format", "json"]);
    assert!(
        !dir.path().join("out").exists(),
        "JSON output builds no documents"
    );
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["summary"]["year"], 2024);
    assert_eq!(v["summary"]["projects"].as_array().unwrap().len(), 5);
    assert_eq!(v["summary"]["lines"][0]["value"], "14864.9");
}

#[test]
fn init_convert_show_and_no_clobber() {
    let d = tempfile::tempdir().unwrap();
    let xlsx = d.path().join("u.xlsx");
    let toml = d.path().join("u.toml");
    let xs = xlsx.to_str().unwrap();
    let ts = toml.to_str().unwrap();
    let o = juesuan(&["init", "--profile", "shanghai", "--year", "2024", "-o", xs]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = juesuan(&["convert", xs, ts]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains("profile = \"shanghai\""), "{text}");
    assert!(text.contains("[tables.general_budget_basic]"), "{text}");

    // existing outputs are kept without --force
    let before = std::fs::read(&toml).unwrap();
    let o = juesuan(&["convert", xs, ts]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("已存在；如要覆盖，请加 --force"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&toml).unwrap(), before);
    let o = juesuan(&["init", "--profile", "beijing", "--year", "2024", "-o", xs]);
    assert_eq!(o.status.code(), Some(1));
    let o = juesuan(&["convert", xs, ts, "--force"]);
    assert!(o.status.success());

    let o = juesuan(&["show", ts]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("上海市格式 9 张"), "{}", stdout(&o));
}

#[test]
fn show_the_shanghai_example() {
    let o = juesuan(&["show", &example("shanghai-putuo-czj-2024")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("上海市普陀区财政局"), "{out}");
    assert!(
        out.contains("比上年3052.34减少56.95万元，下降1.87%"),
        "{out}"
    );
    assert!(out.contains("机关运行经费"), "{out}");
}

#[test]
fn errors_are_chinese_with_exit_codes() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("bad.toml");
    std::fs::write(&bad, "[unit]\nname = 1\n").unwrap();
    let o = juesuan(&["show", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.starts_with("错误："), "{e}");
    assert!(e.contains("第2行"), "{e}");

    let o = juesuan(&[
        "init",
        "--profile",
        "火星",
        "--year",
        "2024",
        "-o",
        "/tmp/x.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("地区格式“火星”未知"), "{}", stderr(&o));

    let o = juesuan(&["show", "/nonexistent/package.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("找不到文件"));

    let o = juesuan(&["--help"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("用法："));
}

#[test]
fn catalog_file_is_merged() {
    let d = tempfile::tempdir().unwrap();
    let csv = d.path().join("目录.csv");
    // 21250 is no 款 of the built-in lists: reported until a bureau's catalog lists the code
    std::fs::write(&csv, "科目编码,科目名称\n2125001,局目录里的科目\n").unwrap();
    let pkg = d.path().join("p.toml");
    std::fs::write(
        &pkg,
        "[unit]\nname = \"某局\"\nyear = 2024\nprofile = \"beijing\"\n[[tables.gov_fund.rows]]\ncode = \"2125001\"\nexpenditure = \"1\"\n",
    )
    .unwrap();
    let o = juesuan(&["show", pkg.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("2125001") && stdout(&o).contains("不在2024年科目目录中"),
        "unknown code is reported: {}",
        stdout(&o)
    );
    let o = juesuan(&[
        "--catalog",
        csv.to_str().unwrap(),
        "show",
        pkg.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert!(!stdout(&o).contains("科目目录中"), "{}", stdout(&o));
    assert!(stderr(&o).contains("已载入科目目录"));
}

#[test]
fn audit_shanghai_example_has_no_errors() {
    let o = juesuan(&["audit", &example("shanghai-putuo-czj-2024")]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("共 0 个错误"), "{}", stdout(&o));
}

#[test]
fn audit_beijing_example_reports_the_known_breaks() {
    let o = juesuan(&["audit", &example("beijing-xicheng-kexin-2024")]);
    assert_eq!(o.status.code(), Some(1), "errors exit with 1");
    let out = stdout(&o);
    for needle in [
        "错误[T5-003]",
        "14864.86",
        "±0.03",
        "错误[E-002]",
        "146.07",
        "错误[PF-003]",
        "错误[PF-002]",
        "警告[PF-012]",
        "3757170",
        "-->",
    ] {
        assert!(out.contains(needle), "missing {needle} in:\n{out}");
    }

    // the same findings as JSON, each with a registered code
    let o = juesuan(&[
        "audit",
        &example("beijing-xicheng-kexin-2024"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.len() >= 25, "{}", findings.len());
    let t5 = findings.iter().find(|f| f["code"] == "T5-003").unwrap();
    assert_eq!(t5["severity"], "error");
    assert_eq!(t5["arithmetic"]["computed"], "14864.86");
    assert_eq!(t5["arithmetic"]["bound"], "0.03");
    assert_eq!(t5["arithmetic"]["unit"], "wanyuan");
    let at = &t5["location"]["subject"];
    assert_eq!(at["kind"], "table");
    assert_eq!(at["table"]["key"], "general_budget");
    assert_eq!(at["table"]["label"], "表5 一般公共预算财政拨款支出决算表");
    assert_eq!(at["row"]["name"], "合计");
    let listed = stdout(&juesuan(&["rules"]));
    for f in findings {
        let code = f["code"].as_str().unwrap();
        assert!(listed.contains(code), "{code} is not in juesuan rules");
    }

    // only errors, as CSV: one line per finding after the header
    let o = juesuan(&[
        "audit",
        &example("beijing-xicheng-kexin-2024"),
        "--format",
        "csv",
        "--min-severity",
        "错误",
    ]);
    let csv = stdout(&o);
    assert!(csv.starts_with("\u{feff}代码,级别"), "{csv}");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(rows.len(), errors, "{csv}");
    assert!(rows.iter().all(|r| r.contains(",错误,")), "{csv}");
}

#[test]
fn audit_custom_rules_and_unreadable_input() {
    let d = tempfile::tempdir().unwrap();
    let rules = d.path().join("rules.toml");
    std::fs::write(
        &rules,
        r#"
[[rule]]
code = "U-001"
name = "科学技术支出不超过一万万元"
severity = "警告"
expr = "general_budget.206.total <= 10000"
message = "科学技术支出超过 1 亿元，请复核"
"#,
    )
    .unwrap();
    let o = juesuan(&[
        "audit",
        &example("beijing-xicheng-kexin-2024"),
        "--rules",
        rules.to_str().unwrap(),
        "--min-severity",
        "警告",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("警告[U-001]：科学技术支出超过 1 亿元，请复核"),
        "{out}"
    );
    assert!(!out.contains("提示["), "{out}");

    std::fs::write(&rules, "[[rule]]\ncode = \"U-002\"\nexpr = \"(((\"\n").unwrap();
    let o = juesuan(&[
        "audit",
        &example("shanghai-putuo-czj-2024"),
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("缺少必填项“name”"), "{}", stderr(&o));

    std::fs::write(
        &rules,
        "[[rule]]\ncode = \"U-002\"\nname = \"坏表达式\"\nexpr = \"(((\"\n",
    )
    .unwrap();
    let o = juesuan(&[
        "audit",
        &example("shanghai-putuo-czj-2024"),
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("U-002"), "{}", stderr(&o));

    let broken = d.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a workbook").unwrap();
    let o = juesuan(&["audit", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "unreadable input exits with 2");
    assert!(stderr(&o).starts_with("错误："), "{}", stderr(&o));
}

#[test]
fn rules_are_listed_and_explained() {
    let o = juesuan(&["rules"]);
    assert!(o.status.success());
    let codes = stdout(&o)
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|c| c.contains('-') && c.is_ascii())
        })
        .count();
    assert!(codes >= 60, "only {codes} rules listed");

    // every family is listed, and one of each explained in the five sections
    let listed = stdout(&o);
    for family in ["数据包审核", "公开文件检查", "绩效自评"] {
        assert!(listed.contains(family), "{family} missing:\n{listed}");
    }
    for code in ["T5-003", "D-031", "PF-003"] {
        let o = juesuan(&["rule", code]);
        assert!(o.status.success());
        let out = stdout(&o);
        for section in ["检查什么", "为什么", "示例（错误写法）", "正确写法", "依据"]
        {
            assert!(out.contains(section), "{code}: {section} missing:\n{out}");
        }
    }
    let o = juesuan(&["rules", "--family", "document"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("D-031") && !stdout(&o).contains("T5-003"));
    let o = juesuan(&["rules", "--family", "什么"]);
    assert_eq!(o.status.code(), Some(2));

    let o = juesuan(&["rule", "ZZ-1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有代码为“ZZ-1”的规则"));
}

#[test]
fn build_writes_four_files_and_never_clobbers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bj");
    // the Beijing example keeps the published document's real errors: build refuses
    let refused = juesuan(&[
        "build",
        &example("beijing-xicheng-kexin-2024"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("未生成文档"),
        "{}",
        stderr(&refused)
    );
    assert!(!out.exists(), "nothing written");
    let draft = |extra: &[&str]| {
        let mut args = vec![
            "build",
            &example("beijing-xicheng-kexin-2024"),
            "-o",
            out.to_str().unwrap(),
            "--draft",
        ]
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>();
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        juesuan(&args)
    };
    let o = draft(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut written = 0;
    for ext in ["docx", "html", "pdf", "xlsx"] {
        let p = out.join(format!("{BJ_STEM}.{ext}"));
        if p.is_file() {
            written += 1;
        } else {
            // only the PDF may be skipped, and only without a CJK font, with advice
            assert_eq!(ext, "pdf");
            assert!(stderr(&o).contains("fonts-noto-cjk"), "{}", stderr(&o));
        }
    }
    assert!(written >= 3, "{text}");
    // the gaps are listed
    assert!(text.contains("【待填写：主要原因】"), "{text}");
    // a second build replaces the files it wrote, without --force
    let before = std::fs::read(out.join(format!("{BJ_STEM}.docx"))).unwrap();
    let again = draft(&["--formats", "docx"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        std::fs::read(out.join(format!("{BJ_STEM}.docx"))).unwrap(),
        before,
        "the same package gives the same bytes"
    );
    // a file changed since is not juesuan's any more: refused and left alone
    std::fs::write(out.join(format!("{BJ_STEM}.docx")), b"edited").unwrap();
    let edited = draft(&["--formats", "docx"]);
    assert_eq!(edited.status.code(), Some(1));
    assert!(stderr(&edited).contains("已存在"), "{}", stderr(&edited));
    assert_eq!(
        std::fs::read(out.join(format!("{BJ_STEM}.docx"))).unwrap(),
        b"edited"
    );
    // --force rewrites; the same package gives the same bytes
    let forced = draft(&["--force", "--formats", "docx"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(
        std::fs::read(out.join(format!("{BJ_STEM}.docx"))).unwrap(),
        before
    );
}

#[test]
fn build_rejects_bad_formats_and_templates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    let o = juesuan(&[
        "build",
        &example("shanghai-putuo-czj-2024"),
        "-o",
        out.to_str().unwrap(),
        "--formats",
        "docx,odt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("未知的输出格式“odt”"), "{}", stderr(&o));
    let tpl = dir.path().join("t.j2");
    std::fs::write(&tpl, "{% if %}").unwrap();
    let o = juesuan(&[
        "build",
        &example("shanghai-putuo-czj-2024"),
        "-o",
        out.to_str().unwrap(),
        "--template",
        tpl.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("文档模板"), "{}", stderr(&o));
    assert!(
        !out.exists() || std::fs::read_dir(&out).unwrap().next().is_none(),
        "nothing written"
    );
    // a custom template is used as given
    std::fs::write(
        &tpl,
        "# 简表\n{{ unit.name }}收入支出总计{{ amt(f.grand_total) }}万元。\n",
    )
    .unwrap();
    let o = juesuan(&[
        "build",
        &example("shanghai-putuo-czj-2024"),
        "-o",
        out.to_str().unwrap(),
        "--template",
        tpl.to_str().unwrap(),
        "--formats",
        "html",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html =
        std::fs::read_to_string(out.join("上海市普陀区财政局2024年度部门决算.html")).unwrap();
    assert!(html.contains("上海市普陀区财政局收入支出总计2995.39万元。"));
}

#[test]
fn without_any_cjk_font_the_demo_still_completes() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .arg("demo")
        .current_dir(dir.path())
        .env("JUESUAN_NO_SYSTEM_FONTS", "1")
        .env_remove("JUESUAN_FONT_DIR")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(
        err.matches("未找到中文字体").count(),
        1,
        "one clear line: {err}"
    );
    assert!(err.contains("apt-get install fonts-noto-cjk"));
    let out = dir.path().join("out");
    assert!(out.join(format!("{BJ_STEM}.docx")).is_file());
    assert!(!out.join(format!("{BJ_STEM}.pdf")).exists());
}

/// A short published text with two planted problems: a placeholder and a wrong change.
const PUBLISHED: &str = "上海市普陀区测试局2024年度部门决算\n\
第三部分 上海市普陀区测试局2024年度部门决算情况说明\n\
一、收入支出决算总体情况说明\n\
XX局2024年度收入支出总计150万元，比上年100万元增加40万元，增长40%。\n";

#[test]
fn check_reports_located_findings_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("公开.txt");
    std::fs::write(&doc, PUBLISHED).unwrap();
    let doc = doc.display().to_string();

    let o = juesuan(&["check", &doc]);
    assert_eq!(o.status.code(), Some(1), "errors found: {}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("错误[D-010]"), "{out}");
    assert!(out.contains("错误[D-030]"), "{out}");
    assert!(out.contains("第4行"), "located: {out}");
    assert!(out.contains("原文："), "quoted: {out}");

    let o = juesuan(&["check", &doc, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"D-030") && codes.contains(&"D-010"),
        "{codes:?}"
    );
    assert_eq!(v["recognition"]["year"], 2024);

    let o = juesuan(&["check", &doc, "--format", "csv"]);
    let csv = stdout(&o);
    assert!(csv.lines().next().unwrap().contains("文件"), "{csv}");
    assert!(csv.contains("D-030"), "{csv}");

    // HTML: written next to the working directory, never clobbered without --force.
    let o = juesuan_in(dir.path(), &["check", &doc, "--format", "html"]);
    let html = dir.path().join("公开.检查报告.html");
    assert!(html.is_file(), "{} {}", stdout(&o), stderr(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<mark") && page.contains("D-030"), "{page}");
    std::fs::write(&html, "mine").unwrap();
    let o = juesuan_in(dir.path(), &["check", &doc, "--format", "html"]);
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&html).unwrap(), "mine");
    let o = juesuan_in(dir.path(), &["check", &doc, "--format", "html", "--force"]);
    assert!(stdout(&o).contains("检查报告"), "{}", stderr(&o));
    assert_ne!(std::fs::read_to_string(&html).unwrap(), "mine");
}

#[test]
fn check_many_files_goes_on_after_an_unreadable_one() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("a.txt");
    std::fs::write(
        &good,
        PUBLISHED
            .replace("XX局", "本局")
            .replace("40万元，增长40%", "50万元，增长50%"),
    )
    .unwrap();
    let bad = dir.path().join("b.pdf");
    std::fs::write(&bad, "not a pdf").unwrap();
    let o = juesuan(&[
        "check",
        &bad.display().to_string(),
        &good.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2), "unreadable file: {}", stdout(&o));
    assert!(stderr(&o).contains("不是 PDF 文件"), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("a.txt"),
        "the next file is still checked: {out}"
    );
    assert!(!out.contains("D-030") && !out.contains("D-010"), "{out}");
}

#[test]
fn perf_recomputes_the_example_projects() {
    let bj = example("beijing-xicheng-kexin-2024");
    let o = juesuan(&["perf", &bj]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("总分写 89，各行得分之和为 94"), "{out}");
    assert!(out.contains("总分行的分值写 900，应为 100"), "{out}");
    assert!(out.contains("部门汇总"), "{out}");
    let o = juesuan(&["perf", &bj, "--explain"]);
    assert!(stdout(&o).contains("执行率 = 全年执行数"), "{}", stdout(&o));
    let o = juesuan(&["perf", &bj, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["projects"].as_array().unwrap().len(), 5);
    assert_eq!(v["summary"]["tables"], 5);
    let o = juesuan(&["perf", &bj, "--format", "csv"]);
    let csv = stdout(&o);
    assert!(csv.starts_with("\u{feff}序号,项目,所写总分"), "{csv}");
    assert_eq!(csv.lines().count(), 6, "{csv}");
    // a package without project tables
    let o = juesuan(&["perf", &example("shanghai-putuo-czj-2024")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("没有项目支出绩效自评表"),
        "{}",
        stderr(&o)
    );
}

/// Output into a pipe the reader has closed (`juesuan rules --format markdown | head -c 100`)
/// ends quietly: no "内部错误", no panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(["rules", "--format", "markdown"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // the reader is gone: the rest (well over a pipe's buffer) has nowhere to go
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{err}");
    assert!(String::from_utf8_lossy(&first).starts_with("# 审核规则参考"));
}

/// An empty file, one of NUL bytes and a text that is no disclosure are not "审核通过": each
/// exits 2 saying nothing was recognised; in JSON the reason is there too.
#[test]
fn nothing_to_check_is_not_a_pass() {
    let d = tempfile::tempdir().unwrap();
    let empty = d.path().join("空.txt");
    std::fs::write(&empty, b"").unwrap();
    let nul = d.path().join("零.txt");
    std::fs::write(&nul, vec![0u8; 100 * 1024]).unwrap();
    let other = d.path().join("随笔.txt");
    std::fs::write(&other, "今天天气很好，我们去公园散步。\n".as_bytes()).unwrap();
    for f in [&empty, &nul, &other] {
        let o = juesuan(&["check", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{f:?}: {}", stdout(&o));
        assert!(!stdout(&o).contains("审核通过"), "{f:?}");
        let err = stderr(&o);
        assert!(
            err.contains("未识别出决算或预算公开内容") || err.contains("没有"),
            "{f:?}: {err}"
        );
    }
    let o = juesuan(&["check", other.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["error"], "未识别出决算或预算公开内容");
    assert_eq!(v["recognition"]["kind"]["kind"], "unrecognised");
}

fn shared(rel: &str) -> Option<std::path::PathBuf> {
    let base = std::env::var_os("JUESUAN_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let p = base.join(rel);
    if p.exists() {
        Some(p)
    } else {
        println!(
            "跳过：找不到 {}（可用 JUESUAN_SHARED 指定 shared 文件夹）",
            p.display()
        );
        None
    }
}

/// `extract` of the Putuo PDF: a package whose public tables are the example's (transcribed
/// by hand from the same pages) and whose audit gives the table errors `check` gives.
#[test]
fn extract_of_the_putuo_pdf_is_the_example_package() {
    let Some(pdf) = shared("reference/shanghai-putuo-czj-2024.pdf") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("普陀.toml");
    let o = juesuan(&[
        "extract",
        pdf.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("识别报表9张"), "{}", stdout(&o));
    let catalog = juesuan_model::Catalog::builtin();
    let got = juesuan_io::load(&out, catalog).unwrap().package;
    let want = juesuan_io::load(Path::new(&example("shanghai-putuo-czj-2024")), catalog)
        .unwrap()
        .package;
    let (g, w) = (&got.tables, &want.tables);
    assert_eq!(g.summary, w.summary);
    assert_eq!(g.appropriation_summary, w.appropriation_summary);
    assert_eq!(
        g.income.as_ref().unwrap().rows,
        w.income.as_ref().unwrap().rows
    );
    assert_eq!(
        g.expenditure.as_ref().unwrap().rows,
        w.expenditure.as_ref().unwrap().rows
    );
    assert_eq!(
        g.three_public.as_ref().map(|t| &t.actual),
        w.three_public.as_ref().map(|t| &t.actual)
    );
    // audit on the extracted package and check on the PDF: the same table errors
    let errors = |fs: &[juesuan_diagnostics::Finding]| -> Vec<String> {
        let mut v: Vec<String> = fs
            .iter()
            .filter(|f| f.severity == juesuan_model::Severity::Error)
            .filter(|f| f.code.starts_with('T') || f.code.starts_with('X'))
            .map(|f| format!("{} {}", f.code, f.message))
            .collect();
        v.sort();
        v
    };
    let audited = juesuan_rules::audit(&got, catalog);
    let checked = juesuan_check::check_file(&pdf, catalog).unwrap();
    assert_eq!(errors(&audited.findings), errors(&checked.report.findings));
}

/// `extract` of a folder: one long table, one line per figure, with its page.
#[test]
fn extract_of_documents_to_one_long_csv() {
    let Some(pdf) = shared("reference/shanghai-putuo-czj-2024.pdf") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&pdf, dir.path().join("普陀.pdf")).unwrap();
    std::fs::write(dir.path().join("空白.txt"), "").unwrap();
    let csv = dir.path().join("数据.csv");
    let o = juesuan(&[
        "extract",
        dir.path().to_str().unwrap(),
        "-o",
        csv.to_str().unwrap(),
    ]);
    // the empty file is reported and the command says not all were read
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("空白.txt"), "{}", stderr(&o));
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap().trim_start_matches('\u{feff}'),
        "文件,单位,年度,类型,表,科目编码,项目,栏目,数值,计量单位,页码"
    );
    // 收入支出决算总表's 一般公共预算财政拨款收入, 2940.05 万元, printed on page 7 of the PDF
    assert!(
        text.lines()
            .any(|l| l.contains(",收入支出决算总表,,一般公共预算财政拨款收入,,2940.05,万元,")),
        "{text}"
    );
    assert!(text.lines().count() > 100, "{}", text.lines().count());
}

/// `init --from`: last year's package or published document carried into this year's form,
/// with the list of what was carried and from where; unreadable and unusable sources exit 2.
#[test]
fn init_from_last_year() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("本年.xlsx");
    let os = out.to_str().unwrap();
    let src = example("shanghai-putuo-czj-2024/package.xlsx");
    let o = juesuan(&["init", "--from", &src, "-o", os]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("已生成 2025年度 上海市格式的数据工作簿"),
        "{text}"
    );
    assert!(
        text.contains("上年收入支出总计 2995.39 万元 ← 表1 收入支出决算总表!"),
        "{text}"
    );
    assert!(
        text.contains("主要职能 15 段 ← 工作表“单位信息”“主要职能”"),
        "{text}"
    );
    // the form reads back with them
    let o = juesuan(&["show", os]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("上海市普陀区财政局"), "{}", stdout(&o));
    // no clobbering, and not onto the source
    let o = juesuan(&["init", "--from", &src, "-o", os]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = juesuan(&["init", "--from", &src, "-o", &src, "--force"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // another profile than the source's
    let o = juesuan(&["init", "--from", &src, "--profile", "beijing", "-o", os]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("上海市格式"), "{}", stderr(&o));
    // unreadable
    let bad = d.path().join("上年.pdf");
    std::fs::write(&bad, b"%PDF-1.4 nothing").unwrap();
    let o = juesuan(&["init", "--from", bad.to_str().unwrap(), "-o", os, "--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("上年.pdf"), "{}", stderr(&o));
    // without --from, --profile and --year are required
    let o = juesuan(&["init", "-o", os]);
    assert_eq!(o.status.code(), Some(2));

    let Some(pdf) = shared("reference/shanghai-putuo-czj-2024.pdf") else {
        return;
    };
    let o = juesuan(&["init", "--from", pdf.to_str().unwrap(), "-o", os, "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("上年机关运行经费 184.65 万元 ← 第"), "{text}");
    assert!(text.contains("上年公开文件：部门决算"), "{text}");
}

#[test]
fn build_prints_the_cover_date_given() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sh");
    let o = juesuan(&[
        "build",
        &example("shanghai-putuo-czj-2024"),
        "-o",
        out.to_str().unwrap(),
        "--formats",
        "html",
        "--date",
        "2025-08-15",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html =
        std::fs::read_to_string(out.join("上海市普陀区财政局2024年度部门决算.html")).unwrap();
    assert!(html.contains("2025年8月"), "the cover's date");
    let bad = juesuan(&[
        "build",
        &example("shanghai-putuo-czj-2024"),
        "-o",
        out.to_str().unwrap(),
        "--date",
        "八月",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("封面日期“八月”无法识别"),
        "{}",
        stderr(&bad)
    );
}

/// `init --kind 预算` writes the region's blank budget workbook; `show` of the Putuo budget
/// example speaks of 预算 with its budget titles and headline figures in 万元.
#[test]
fn init_budget_and_show_budget() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("预算.xlsx");
    let p = path.to_str().unwrap();
    let o = juesuan(&[
        "init",
        "--profile",
        "shanghai",
        "--kind",
        "预算",
        "--year",
        "2026",
        "--unit",
        "某局",
        "-o",
        p,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2026年 上海市部门预算格式"),
        "{}",
        stdout(&o)
    );
    let shown = stdout(&juesuan(&["show", p]));
    assert!(
        shown.starts_with("某局　2026年部门预算（上海市格式）"),
        "{shown}"
    );
    assert!(
        shown.contains("表8   部门一般公共预算基本支出部门预算经济分类预算表"),
        "{shown}"
    );
    let toml = dir.path().join("预算.toml");
    let c = juesuan(&["convert", p, toml.to_str().unwrap()]);
    assert!(c.status.success(), "{}", stderr(&c));
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains("kind = \"budget\"") && text.contains("profile = \"shanghai-budget\""));
    let bad = juesuan(&[
        "init",
        "--profile",
        "shanghai",
        "--kind",
        "概算",
        "--year",
        "2026",
        "-o",
        p,
        "--force",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("公开类型“概算”未知"),
        "{}",
        stderr(&bad)
    );

    let o = juesuan(&[
        "show",
        &example("shanghai-putuo-czj-2025-budget/package.toml"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("上海市普陀区财政局　2025年部门预算（上海市格式）"),
        "{out}"
    );
    for line in [
        "收入预算                          3121.42",
        "比上年预算3013.8增加107.62万元，增长3.57%",
        "“三公”经费预算                    0.95        比上年预算0.95持平",
        "机关运行经费预算                  229.43",
        "政府采购预算                      117",
        "表9   部门“三公”经费和机关运行经费预算表",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    // 元 tables are what a budget prints: no conversion notices
    assert!(!out.contains("提示"), "{out}");

    // until the budget rules come, the catalog rules find nothing in the transcribed budget
    let a = juesuan(&[
        "audit",
        &example("shanghai-putuo-czj-2025-budget/package.toml"),
    ]);
    assert!(a.status.success(), "{}", stderr(&a));
    let audited = stdout(&a);
    assert!(
        audited.contains("（上海市普陀区财政局 2025年预算）"),
        "{audited}"
    );
    assert!(audited.contains("审核通过：没有发现问题"), "{audited}");

    // the demo shows the budget after the final accounts, with its audit
    let o = juesuan_in(dir.path(), &["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let demo = stdout(&o);
    let at = demo.find("预算示例").expect("the demo shows the budget");
    let budget = &demo[at..];
    assert!(
        budget.contains("上海市普陀区财政局　2025年部门预算（上海市格式）"),
        "{budget}"
    );
    assert!(
        budget.contains("审核（审核通过：没有发现问题）"),
        "{budget}"
    );
}

/// `check --against`: the Putuo PDF against the example transcribed from it — the summary
/// line says every figure agrees, the JSON carries the line and the A- findings; another
/// unit's package or a document given as the package is refused (exit 2).
#[test]
fn check_against_the_approved_package() {
    let Some(pdf) = shared("reference/shanghai-putuo-czj-2024.pdf") else {
        return;
    };
    let pdf = pdf.to_str().unwrap();
    let pkg = example("shanghai-putuo-czj-2024/package.toml");
    let o = juesuan(&["check", pdf, "--against", &pkg]);
    let out = stdout(&o);
    // the document's own errors (D-040) decide the exit code, not the comparison
    assert_eq!(o.status.code(), Some(1), "{out}{}", stderr(&o));
    assert!(
        out.contains("核对批复数据包（上海市普陀区财政局2024年决算）"),
        "{out}"
    );
    assert!(out.contains("0 处不一致"), "{out}");
    assert!(
        !out.contains("[A-001]") && !out.contains("[A-003]"),
        "{out}"
    );
    assert!(out.contains("警告[A-002]"), "{out}");
    let o = juesuan(&["check", pdf, "--against", &pkg, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let compared = v["compared"].as_array().unwrap();
    assert!(compared[0].as_str().unwrap().contains("0 处不一致"), "{v}");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .filter(|c| c.starts_with("A-"))
        .collect();
    assert_eq!(codes, vec!["A-002", "A-002"], "{v}");
    let other = example("beijing-xicheng-kexin-2024/package.toml");
    let o = juesuan(&["check", pdf, "--against", &other]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不是同一单位"), "{}", stderr(&o));
    let o = juesuan(&["check", pdf, "--against", pdf]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--against 须是批复的数据包"),
        "{}",
        stderr(&o)
    );
}
