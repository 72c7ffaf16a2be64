//! Prints the blocks a document reads as: `cargo run -p juesuan-io --example dump_document FILE`.

fn main() {
    for arg in std::env::args().skip(1) {
        match juesuan_io::document::read_document(std::path::Path::new(&arg)) {
            Ok(doc) => {
                println!("# {} ({:?}, {} 页)", doc.source, doc.kind, doc.pages);
                for n in &doc.notes {
                    println!("! {n}");
                }
                for b in &doc.blocks {
                    match b {
                        juesuan_io::document::Block::Para(p) => println!("[{}] {}", p.at, p.text),
                        juesuan_io::document::Block::Table(t) => {
                            println!("[{}] 表格 {}行", t.at, t.rows.len());
                            for r in &t.rows {
                                let cells: Vec<String> =
                                    r.iter().map(|c| c.text.replace('\n', "⏎")).collect();
                                println!("  | {}", cells.join(" | "));
                            }
                        }
                    }
                }
            }
            Err(e) => eprintln!("{e}"),
        }
    }
}
