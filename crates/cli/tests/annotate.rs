//! `juesuan check FILE.pdf --annotate OUT.pdf` as a user runs it: the annotated copy is
//! written next to the report, never over the input or an existing file without `--force`,
//! and what cannot be annotated is refused before anything is checked.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn juesuan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn putuo() -> Option<PathBuf> {
    let p = std::env::var_os("JUESUAN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("reference/shanghai-putuo-czj-2024.pdf");
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

#[test]
fn annotate_writes_a_copy_and_never_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("批注.pdf");
    let out_s = out.to_str().unwrap();
    // Refused before checking: two files, a text file.
    let note = dir.path().join("a.txt");
    std::fs::write(&note, "北京市某局2024年度部门决算\n").unwrap();
    let note_s = note.to_str().unwrap();
    for args in [
        vec!["check", note_s, note_s, "--annotate", out_s],
        vec!["check", note_s, "--annotate", out_s],
    ] {
        let o = juesuan(&args);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("--annotate 只能用于检查一个 PDF 文件"),
            "{}",
            stderr(&o)
        );
    }
    assert!(!out.exists());

    let Some(pdf) = putuo() else {
        return;
    };
    let pdf_s = pdf.to_str().unwrap();
    let before = std::fs::read(&pdf).unwrap();
    let o = juesuan(&["check", pdf_s, "--annotate", out_s]);
    // The file's two errors still decide the exit code.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("已写出带批注的 PDF") && stderr(&o).contains("高亮 5 处"),
        "{}",
        stderr(&o)
    );
    let written = std::fs::read(&out).unwrap();
    assert!(written.len() > before.len() && written.starts_with(&before));
    // Not again without --force; with it, the same bytes.
    let o = juesuan(&["check", pdf_s, "--annotate", out_s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    let o = juesuan(&["check", pdf_s, "--annotate", out_s, "--force"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&out).unwrap(), written, "reproducible");
    // Never over the input, even with --force.
    let o = juesuan(&["check", pdf_s, "--annotate", pdf_s, "--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("就是被检查的文件"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
}
