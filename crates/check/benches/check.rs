//! Checking speed on the real documents in `../shared/` (override with `JUESUAN_SHARED`):
//! reading (PDF/text into the located document) and checking (recognition, package rules,
//! text rules), single-threaded, median of repeated runs in this process; then the whole
//! `juesuan check` process, when a release binary is found (`JUESUAN_BIN`, default
//! `target/release/juesuan`), median wall time of repeated runs.
//!
//! `cargo bench -p juesuan-check --bench check`. `JUESUAN_BENCH_RUNS` sets the number of
//! runs (default 21).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use juesuan_check::check_document;
use juesuan_io::document::read_document;
use juesuan_model::Catalog;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let runs: usize = std::env::var("JUESUAN_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(21)
        .max(3);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var_os("JUESUAN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let bin = std::env::var_os("JUESUAN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/release/juesuan"));
    let catalog = Catalog::builtin();
    println!("检查速度（单线程，{runs} 次取中位数）");
    for rel in [
        "reference/shanghai-putuo-czj-2024.pdf",
        "seed/xicheng-kexin-2024-juesuan.txt",
        "reference/shanghai-template-2024.pdf",
    ] {
        let path = shared.join(rel);
        if !path.exists() {
            println!("跳过：找不到 {}", path.display());
            continue;
        }
        let (mut read, mut check) = (Vec::new(), Vec::new());
        let mut findings = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let doc = read_document(&path).expect("readable document");
            read.push(t.elapsed());
            let t = Instant::now();
            findings = check_document(doc, catalog).report.findings.len();
            check.push(t.elapsed());
        }
        println!(
            "{rel}: 读取 {}，检查 {}（{findings} 条结果）",
            ms(median(read)),
            ms(median(check))
        );
        if bin.is_file() {
            let mut whole = Vec::new();
            for _ in 0..runs {
                let t = Instant::now();
                let out = Command::new(&bin)
                    .arg("check")
                    .arg(&path)
                    .output()
                    .expect("runs the binary");
                whole.push(t.elapsed());
                assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
            }
            println!("  整个进程 juesuan check：中位数 {}", ms(median(whole)));
        }
    }
    if !bin.is_file() {
        println!(
            "（没有找到 {}：先 cargo build --release，才能测整个进程）",
            bin.display()
        );
    }
}
