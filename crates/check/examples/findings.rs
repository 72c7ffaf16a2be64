//! Prints what `juesuan check` finds in each file given, rustc-style, without building the
//! command-line binary: `cargo run -q -p juesuan-check --example findings -- FILE…` (the recognition first; with
//! `JUESUAN_DUMP_PACKAGE` set, the package read as JSON).

use std::path::Path;

use juesuan_check::check_file;
use juesuan_diagnostics::render;
use juesuan_model::Catalog;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--together TEXT TABLES`: a budget published as two files, checked as one
    let together = args.first().is_some_and(|a| a == "--together");
    let files: Vec<String> = if together {
        vec![args[1..].join(" + ")]
    } else {
        args.clone()
    };
    for arg in files {
        println!("== {arg}");
        let checked = if together && args.len() == 3 {
            juesuan_check::check_together(
                Path::new(&args[1]),
                Path::new(&args[2]),
                Catalog::builtin(),
            )
        } else {
            check_file(Path::new(&arg), Catalog::builtin())
        };
        match checked {
            Ok(c) => {
                for line in c.about() {
                    println!("{line}");
                }
                for (k, at) in &c.recognition.tables {
                    println!(
                        "表：{}（第{}页）",
                        k.title_for(c.package.kind),
                        at.page.unwrap_or(0)
                    );
                }
                if std::env::var_os("JUESUAN_DUMP_PACKAGE").is_some() {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&c.package).unwrap_or_default()
                    );
                }
                for f in &c.report.findings {
                    println!("{}", render::text::finding(f));
                }
            }
            Err(e) => println!("{e}"),
        }
    }
}
