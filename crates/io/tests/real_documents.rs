//! The example packages against the real documents in `../shared/` (override with
//! `JUESUAN_SHARED`): every figure transcribed into a package must appear in the document it
//! was taken from. Skipped, with one line saying so, when the documents are absent.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use juesuan_io::load;
use juesuan_model::fields::{CellValue, Record};
use juesuan_model::{Catalog, Package};

fn shared() -> PathBuf {
    std::env::var_os("JUESUAN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn example(name: &str) -> Package {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    load(&p, Catalog::builtin()).unwrap().package
}

/// Every amount a record states, as text in 万元 (`14864.9`).
fn amounts<R: Record>(r: &R, out: &mut Vec<String>) {
    for i in 0..R::FIELDS.len() {
        if let Some(CellValue::Amount(a)) = r.get(i) {
            out.push(a.to_string());
        }
    }
}

/// The amounts of the public tables (not the prior-year figures, which the documents state
/// only as changes).
fn table_amounts(p: &Package) -> Vec<String> {
    let t = &p.tables;
    let mut v = Vec::new();
    if let Some(s) = &t.summary {
        amounts(&s.income, &mut v);
        amounts(&s.expenditure_totals, &mut v);
        s.expenditure.iter().for_each(|r| amounts(r, &mut v));
    }
    if let Some(x) = &t.income {
        amounts(&x.total, &mut v);
        x.rows.iter().for_each(|r| amounts(r, &mut v));
    }
    if let Some(x) = &t.expenditure {
        amounts(&x.total, &mut v);
        x.rows.iter().for_each(|r| amounts(r, &mut v));
    }
    if let Some(x) = &t.appropriation_summary {
        amounts(&x.income, &mut v);
        x.expenditure.iter().for_each(|r| amounts(r, &mut v));
        amounts(&x.grand_total, &mut v);
    }
    if let Some(x) = &t.general_budget {
        amounts(&x.total, &mut v);
        x.rows.iter().for_each(|r| amounts(r, &mut v));
    }
    if let Some(x) = &t.general_budget_basic {
        amounts(&x.total, &mut v);
        x.rows.iter().for_each(|r| amounts(r, &mut v));
    }
    if let Some(x) = &t.three_public {
        amounts(&x.budget, &mut v);
        amounts(&x.actual, &mut v);
    }
    if let Some(x) = &t.procurement {
        amounts(&x.figures, &mut v);
    }
    v.retain(|s| s != "0");
    v
}

/// `2940.05` is printed `2,940.05` in tables with thousands separators.
fn grouped(s: &str) -> String {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if frac.is_empty() {
        out
    } else {
        format!("{out}.{frac}")
    }
}

#[test]
fn beijing_figures_appear_in_the_seed() {
    let path = shared().join("seed/xicheng-kexin-2024-juesuan.txt");
    let Ok(seed) = std::fs::read_to_string(&path) else {
        println!(
            "跳过：找不到真实文档 {}（可用环境变量 JUESUAN_SHARED 指定 shared 目录）",
            path.display()
        );
        return;
    };
    let p = example("beijing-xicheng-kexin-2024");
    let mut missing = Vec::new();
    let figures = table_amounts(&p);
    assert!(figures.len() > 20, "{figures:?}");
    for a in figures {
        if !seed.contains(&a) {
            missing.push(a);
        }
    }
    for proj in &p.performance.projects {
        assert!(seed.contains(&proj.name), "{}", proj.name);
        for (_, line) in proj.funds.lines() {
            for i in 0..juesuan_model::FundsLine::FIELDS.len() {
                if let Some(CellValue::Text(t)) = line.get(i)
                    && !seed.contains(&format!("\t{t}\n"))
                {
                    missing.push(format!("{} 资金 {t}", proj.seq));
                }
            }
        }
        for ind in &proj.indicators {
            for text in [&ind.name, &ind.target, &ind.actual, &ind.deviation]
                .into_iter()
                .flatten()
            {
                if !seed.contains(text.as_str()) {
                    missing.push(format!("{} 指标 {text}", proj.seq));
                }
            }
            for f in [&ind.weight, &ind.score].into_iter().flatten() {
                if !seed.contains(&format!("\t{}\n", f.text())) {
                    missing.push(format!("{} 分值/得分 {}", proj.seq, f.text()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "not in the seed: {missing:?}");
}

#[test]
fn shanghai_figures_appear_in_the_pdf() {
    let path = shared().join("reference/shanghai-putuo-czj-2024.pdf");
    if !path.exists() {
        println!(
            "跳过：找不到真实文档 {}（可用环境变量 JUESUAN_SHARED 指定 shared 目录）",
            path.display()
        );
        return;
    }
    // Until juesuan reads PDF itself (the checker), poppler's pdftotext gives the text.
    let out = match Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        _ => {
            println!(
                "跳过：没有 pdftotext（Debian 包 poppler-utils），无法比对 {}",
                path.display()
            );
            return;
        }
    };
    let p = example("shanghai-putuo-czj-2024");
    let figures = table_amounts(&p);
    assert!(figures.len() > 100, "{}", figures.len());
    let missing: Vec<String> = figures
        .into_iter()
        .filter(|a| !out.contains(a.as_str()) && !out.contains(&grouped(a)))
        .collect();
    assert!(missing.is_empty(), "not in the PDF: {missing:?}");
    for m in &p.unit.members {
        assert!(out.contains(&m.name), "{}", m.name);
    }
}
