//! Writes the PDF bombs the tests read (`tests/support/bombs.rs`: ~1 MB files whose streams
//! inflate to ~1 GiB) into a folder, to measure what reading them takes with the release
//! binary:
//!
//! ```text
//! cargo run --release -p juesuan-io --example pdf_bomb -- /tmp/bombs
//! /usr/bin/time -v target/release/juesuan check /tmp/bombs/content-zeros.pdf
//! ```

#[path = "../tests/support/mod.rs"]
mod support;

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&dir)?;
    for (name, bytes) in support::bombs::all() {
        let path = dir.join(name);
        std::fs::write(&path, &bytes)?;
        println!("{}\t{} bytes", path.display(), bytes.len());
    }
    Ok(())
}
