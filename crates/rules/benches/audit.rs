//! Audit throughput: 10,000 audits of realistic synthetic packages (≈40 function rows,
//! 65 economic rows, 20 project tables, every table filled), on one thread and on two
//! (rayon); then 10,000 audits of realistic synthetic budgets (the nine Shanghai budget
//! tables in 元 and 万元, 20 项目绩效目标表) on one thread. Run with
//! `cargo bench -p juesuan-rules --bench audit`. Prints the median of seven runs; the
//! target is ≥ 2,000 packages per second on one core, for final accounts and budgets alike.

use std::time::Instant;

use rayon::prelude::*;

use juesuan_rules::testing::{Size, synthetic_budget_seeded, synthetic_seeded};

const AUDITS: usize = 10_000;
const DISTINCT: usize = 500;
const RUNS: usize = 7;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// With `JUESUAN_BENCH_RULES=1`: the time each rule takes over the distinct packages,
/// slowest first (for finding hot spots).
fn per_rule(packages: &[juesuan_model::Package], catalog: &juesuan_model::Catalog) {
    let ctxs: Vec<_> = packages
        .iter()
        .map(|p| juesuan_rules::Ctx::new(p, catalog))
        .collect();
    let kind = packages.first().map(|p| p.kind).unwrap_or_default();
    let mut times: Vec<(f64, &str)> = juesuan_rules::ALL
        .iter()
        .filter(|rule| juesuan_rules::applies(&rule.meta, kind))
        .map(|rule| {
            let mut out = Vec::new();
            let t = Instant::now();
            for ctx in &ctxs {
                (rule.check)(ctx, &mut rule.sink(&mut out));
            }
            (
                t.elapsed().as_secs_f64() * 1e6 / ctxs.len() as f64,
                rule.meta.code,
            )
        })
        .collect();
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total: f64 = times.iter().map(|t| t.0).sum();
    println!("per package: {total:.1} µs in rules; slowest:");
    for (us, code) in times.iter().take(15) {
        println!("  {code:<8} {us:>7.1} µs");
    }
}

/// Packages audited per second on one thread, in each of [`RUNS`] runs of [`AUDITS`].
fn one_thread(packages: &[juesuan_model::Package], catalog: &juesuan_model::Catalog) -> Vec<f64> {
    let mut single = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let mut findings = 0usize;
        for i in 0..AUDITS {
            findings += juesuan_rules::audit(&packages[i % packages.len()], catalog)
                .findings
                .len();
        }
        let s = t.elapsed().as_secs_f64();
        assert_eq!(findings, 0);
        single.push(AUDITS as f64 / s);
    }
    single
}

/// Budgets: the same count of audits of synthetic Shanghai-format budgets, on one thread.
fn budgets() {
    let (_, catalog) = synthetic_budget_seeded(&Size::REALISTIC, 0);
    let packages: Vec<_> = (0..DISTINCT as u64)
        .map(|s| synthetic_budget_seeded(&Size::REALISTIC, s).0)
        .collect();
    let p0 = &packages[0];
    let clean = juesuan_rules::audit(p0, &catalog);
    assert!(
        clean.findings.is_empty(),
        "synthetic budgets are consistent: {:?}",
        clean.findings
    );
    println!(
        "{DISTINCT} distinct budgets: {} coded rows, {} 项目绩效目标表 each",
        p0.tables.codes().len(),
        p0.performance.targets.len()
    );
    if std::env::var_os("JUESUAN_BENCH_RULES").is_some() {
        per_rule(&packages, &catalog);
    }
    let single = one_thread(&packages, &catalog);
    println!(
        "budgets, 1 thread: {:.0} packages/s (median of {RUNS} runs: {:?})",
        median(single.clone()),
        single.iter().map(|x| x.round()).collect::<Vec<_>>()
    );
}

fn main() {
    let t = Instant::now();
    let (_, catalog) = synthetic_seeded(&Size::REALISTIC, 0);
    let packages: Vec<_> = (0..DISTINCT as u64)
        .map(|s| synthetic_seeded(&Size::REALISTIC, s).0)
        .collect();
    let p0 = &packages[0];
    let rows = p0.tables.codes().len();
    let indicators: usize = p0
        .performance
        .projects
        .iter()
        .map(|p| p.indicators.len())
        .sum();
    println!(
        "{DISTINCT} distinct packages generated in {:.1} s: {} coded rows, {} projects, {} indicator rows each",
        t.elapsed().as_secs_f64(),
        rows,
        p0.performance.projects.len(),
        indicators
    );
    let clean = juesuan_rules::audit(p0, &catalog);
    assert!(
        clean.findings.is_empty(),
        "synthetic packages are consistent: {:?}",
        clean.findings
    );

    if std::env::var_os("JUESUAN_BENCH_RULES").is_some() {
        per_rule(&packages, &catalog);
    }

    let single = one_thread(&packages, &catalog);
    println!(
        "1 thread : {:.0} packages/s (median of {RUNS} runs: {:?})",
        median(single.clone()),
        single.iter().map(|x| x.round()).collect::<Vec<_>>()
    );

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("thread pool");
    let mut double = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let findings: usize = pool.install(|| {
            (0..AUDITS)
                .into_par_iter()
                .map(|i| {
                    juesuan_rules::audit(&packages[i % DISTINCT], &catalog)
                        .findings
                        .len()
                })
                .sum()
        });
        let s = t.elapsed().as_secs_f64();
        assert_eq!(findings, 0);
        double.push(AUDITS as f64 / s);
    }
    let m1 = median(single);
    let m2 = median(double.clone());
    println!(
        "2 threads: {:.0} packages/s (median of {RUNS} runs: {:?}); speed-up {:.2}×",
        m2,
        double.iter().map(|x| x.round()).collect::<Vec<_>>(),
        m2 / m1
    );
    budgets();
}
