//! The unit page's 公开监督 section: a unit's data package against its published PDF, by
//! table, line and column, on SQLite and (with `JUESUAN_TEST_POSTGRES`) PostgreSQL. Needs
//! the Putuo PDF from `../shared` (skipped with one line without it).

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::time::Duration;

use support::{PUTUO, Store, putuo, putuo_officer, start};

const LONG: Duration = Duration::from_secs(180);

fn flow(store: &Store, pdf: &[u8]) {
    let bench = start(store, |_| {});
    let a = putuo_officer(&bench);
    let unit = a.unit_id(PUTUO);
    let package = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/shanghai-putuo-czj-2024/package.toml"),
    )
    .unwrap();

    // The approved package and the published PDF agree: compared, nothing differs.
    let ids = a.upload(
        &[("决算.toml", package.as_bytes()), ("公开.pdf", pdf)],
        None,
    );
    let done = a.wait(&ids, LONG);
    assert!(
        done.iter().all(|d| d["upload"]["state"] == "done"),
        "{done:?}"
    );
    let html = a.get(&format!("/units/{unit}")).text();
    assert!(html.contains("公开监督：批复数据与公开文件核对"), "{html}");
    let section = html.split("id=\"supervision\"").nth(1).unwrap();
    assert!(section.contains("0 处不一致"), "{section}");
    assert!(!section.contains("A-001"), "{section}");

    // Three cells of the package changed: exactly those three, with table, line and column.
    let changed = package
        .replacen(
            "name = \"一般行政管理事务\"\ntotal = \"16.19\"",
            "name = \"一般行政管理事务\"\ntotal = \"16.91\"",
            1,
        )
        .replacen(
            "name = \"信息化建设\"\ntotal = \"135.25\"\nappropriation = \"135.25\"",
            "name = \"信息化建设\"\ntotal = \"135.25\"\nappropriation = \"153.25\"",
            1,
        )
        .replacen(
            "name = \"财政委托业务支出\"\ntotal = \"449.52\"",
            "name = \"财政委托业务支出\"\ntotal = \"494.52\"",
            1,
        );
    assert_eq!(changed.matches("16.91").count(), 1);
    let ids = a.upload(&[("决算（改）.toml", changed.as_bytes())], None);
    a.wait(&ids, LONG);
    let html = a.get(&format!("/units/{unit}")).text();
    let section = html.split("id=\"supervision\"").nth(1).unwrap();
    assert!(section.contains("3 处不一致"), "{section}");
    assert_eq!(section.matches("错误[A-001]").count(), 3, "{section}");
    for line in ["2010602", "2010607", "2010608"] {
        assert!(section.contains(line), "{line} not in {section}");
    }
}

#[test]
fn the_unit_page_compares_the_package_with_the_published_pdf_on_sqlite() {
    let Some(pdf) = putuo() else {
        return;
    };
    flow(&Store::Sqlite, &pdf);
}

#[test]
fn the_unit_page_compares_the_package_with_the_published_pdf_on_postgres() {
    let Some(pdf) = putuo() else {
        return;
    };
    let Some(store) = Store::postgres() else {
        return;
    };
    flow(&store, &pdf);
}
