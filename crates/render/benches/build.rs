//! Generation speed: for each example package, the document plus DOCX (with its PNG
//! charts), HTML and XLSX, and separately the PDF. Single-threaded; reports the median of
//! repeated runs.
//!
//! `cargo bench -p juesuan-render --bench build` (release). `JUESUAN_BENCH_RUNS` sets the
//! number of runs (default 21; PDF runs are a third of that).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use juesuan_model::Catalog;
use juesuan_render::{OutputFormat, document, write_outputs};

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
    let catalog = Catalog::builtin();
    // warm the font database once, as a long-running process would
    let _ = juesuan_render::fonts::cjk_family();
    println!("生成速度（单线程，{runs} 次取中位数）");
    for name in ["beijing-xicheng-kexin-2024", "shanghai-putuo-czj-2024"] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples")
            .join(name)
            .join("package.toml");
        let pkg = match juesuan_io::load(&path, catalog) {
            Ok(l) => l.package,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        };
        let three = [OutputFormat::Docx, OutputFormat::Html, OutputFormat::Xlsx];
        let mut times = Vec::with_capacity(runs);
        let mut sizes = (0, 0);
        for _ in 0..runs {
            let t = Instant::now();
            let doc = document(&pkg, catalog, None).expect("document");
            let out = write_outputs(&doc, pkg.unit.year, &three).expect("outputs");
            times.push(t.elapsed());
            sizes.0 = out
                .iter()
                .filter_map(|o| o.bytes.as_ref())
                .map(Vec::len)
                .sum();
            sizes.1 = doc.blocks.len();
        }
        println!(
            "{name}: 文档 + DOCX + HTML + XLSX 中位数 {}（最快 {}，最慢 {}；{} 字节，{} 块）",
            ms(median(times.clone())),
            ms(*times.iter().min().expect("runs")),
            ms(*times.iter().max().expect("runs")),
            sizes.0,
            sizes.1
        );
        let doc = document(&pkg, catalog, None).expect("document");
        let mut pdf_times = Vec::new();
        let mut skipped = None;
        for _ in 0..(runs / 3).max(3) {
            // typst memoizes compilations: without this the later runs would be cache hits
            comemo::evict(0);
            let t = Instant::now();
            let out = write_outputs(&doc, pkg.unit.year, &[OutputFormat::Pdf]).expect("pdf");
            pdf_times.push(t.elapsed());
            if out[0].bytes.is_none() {
                skipped = out[0].note.clone();
                break;
            }
        }
        match skipped {
            Some(note) => println!("{name}: PDF 跳过：{note}"),
            None => println!(
                "{name}: PDF 中位数 {}（{} 次，每次清空排版缓存；首次含载入字体 {}）",
                ms(median(pdf_times.clone())),
                pdf_times.len(),
                ms(pdf_times[0])
            ),
        }
    }
}
