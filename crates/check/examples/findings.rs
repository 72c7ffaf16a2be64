//! Prints what `juesuan check` finds in each file given, rustc-style, without building the
//! command-line binary: `cargo run -q -p juesuan-check --example findings -- FILE…`.

use std::path::Path;

use juesuan_check::check_file;
use juesuan_diagnostics::render;
use juesuan_model::Catalog;

fn main() {
    for arg in std::env::args().skip(1) {
        println!("== {arg}");
        match check_file(Path::new(&arg), Catalog::builtin()) {
            Ok(c) => {
                for f in &c.report.findings {
                    println!("{}", render::text::finding(f));
                }
            }
            Err(e) => println!("{e}"),
        }
    }
}
