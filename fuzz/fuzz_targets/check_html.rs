//! Any bytes as a web page (HTML): read, recognise and check without panicking.
#![no_main]

use juesuan_io::document::{DocKind, parse_document};
use juesuan_model::Catalog;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = parse_document(data, DocKind::Html, "fuzz") {
        let _ = juesuan_check::check_document(doc, Catalog::builtin());
    }
});
