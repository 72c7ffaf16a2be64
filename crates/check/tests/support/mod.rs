//! What the tests of real documents share: where `../shared` is, and a document checked
//! from it (skipped with one line when absent).
#![allow(dead_code)] // each test crate uses what it needs

use std::path::{Path, PathBuf};

use juesuan_check::{Checked, check_file};
use juesuan_model::Catalog;

/// The shared folder of real documents: `JUESUAN_SHARED`, else `../shared` beside the repo.
pub fn shared() -> PathBuf {
    std::env::var_os("JUESUAN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// A real document checked, or `None` with one line saying it was skipped.
pub fn document(rel: &str) -> Option<Checked> {
    let p = shared().join(rel);
    if !p.exists() {
        println!(
            "跳过：找不到 {}（可用 JUESUAN_SHARED 指定 shared 文件夹）",
            p.display()
        );
        return None;
    }
    Some(check_file(&p, Catalog::builtin()).unwrap())
}
