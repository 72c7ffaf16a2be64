//! Load on loopback: 50 concurrent uploads of the Putuo PDF (from `../shared`, or
//! `JUESUAN_SHARED`); every one must be stored and processed. Prints the p50/p99 latency of
//! the upload request and the time until all are processed. SQLite by default;
//! `JUESUAN_TEST_POSTGRES=postgres://…` runs it on PostgreSQL too, and then again with two
//! servers on that database (the second web only) and a worker-only process, the uploads
//! spread over both servers.
//!
//! `cargo bench -p juesuan-server --bench load` (release build).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use support::{Client, Store, start};

const UPLOADS: usize = 50;

fn run(store: &Store, label: &str, pdf: &[u8]) {
    run_on(store, label, pdf, false);
}

/// `two`: a second server (web only) and a worker-only process on the same database; the
/// uploads alternate between the two servers.
fn run_on(store: &Store, label: &str, pdf: &[u8], two: bool) {
    let bench = start(store, |_| {});
    let client = Client::login(&bench.base, "reviewer");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut others = None;
    let second = if two {
        let mut b = bench.config.clone();
        b.bind = "127.0.0.1:0".parse().expect("addr");
        b.data_dir = dir.path().join("b");
        b.workers = 0;
        let server = juesuan_server::start(b).expect("second server");
        let mut w = bench.config.clone();
        w.data_dir = dir.path().join("w");
        let worker = juesuan_server::start_worker(w).expect("worker");
        let c = Client::login(&format!("http://{}", server.addr), "reviewer");
        others = Some((server, worker));
        c
    } else {
        client.clone()
    };
    let began = Instant::now();
    let handles: Vec<_> = (0..UPLOADS)
        .map(|i| {
            let c = if i % 2 == 0 {
                client.clone()
            } else {
                second.clone()
            };
            let body = pdf.to_vec();
            std::thread::spawn(move || {
                let t = Instant::now();
                let ids = c.upload(&[(&format!("普陀区财政局-{i}.pdf"), &body)], None);
                (t.elapsed(), ids)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut ids = Vec::new();
    for h in handles {
        let (t, i) = h.join().expect("upload thread");
        latencies.push(t);
        ids.extend(i);
    }
    let uploaded = began.elapsed();
    let done = client.wait(&ids, Duration::from_secs(1800));
    let total = began.elapsed();
    let ok = done
        .iter()
        .filter(|d| d["upload"]["state"] == "done")
        .count();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{label}：{UPLOADS} 个并发上传，接收 {} 个，处理完成 {ok} 个；上传请求 p50 {:.0} ms，p99 {:.0} ms，\
         全部上传用时 {:.2} s，全部处理完成用时 {:.2} s（{} 个任务线程）",
        ids.len(),
        pct(0.5).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        uploaded.as_secs_f64(),
        total.as_secs_f64(),
        bench.config.workers
    );
    for d in done.iter().filter(|d| d["upload"]["state"] != "done") {
        println!("未完成：{}", d["upload"]);
    }
    assert_eq!(ids.len(), UPLOADS, "every upload stored");
    assert_eq!(ok, UPLOADS, "every upload processed");
    drop(others);
}

fn main() {
    let Some(pdf) = support::putuo() else { return };
    run(&Store::Sqlite, "SQLite", &pdf);
    if let Some(pg) = Store::postgres() {
        run(&pg, "PostgreSQL", &pdf);
        run_on(&pg, "PostgreSQL，两台服务器和一个任务进程", &pdf, true);
    }
}
