//! The original pages of a PDF upload (issue 21 §5): the document view of the Putuo PDF
//! shows its pages as images with each finding's box over its words, the page images are
//! served only to who may see the upload, and the text view is one link away. SQLite, and
//! PostgreSQL when `JUESUAN_TEST_POSTGRES` is set (the file is then read from the database).

#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use support::{Client, Store, putuo, putuo_officer, start};

fn pages(store: &Store) {
    let Some(pdf) = putuo() else {
        return;
    };
    let bench = start(store, |_| {});
    let a = putuo_officer(&bench);
    let ids = a.upload(&[("普陀区财政局2024年度部门决算.pdf", &pdf)], None);
    a.wait(&ids, Duration::from_secs(180));
    let id = ids[0];

    let view = a.get(&format!("/uploads/{id}/document"));
    assert_eq!(view.status, 200);
    let html = view.text();
    assert!(html.contains("原文页面"), "the page view, not the text");
    assert_eq!(
        html.matches("<section class=\"pv-page\"").count(),
        25,
        "every page"
    );
    assert!(html.contains(&format!("src=\"/uploads/{id}/pages/21.png\"")));
    // The D-040 box: on page 21, placed in percent of the page (x 252–411 of 595 points).
    let page21 = html.find("id=\"page-21\"").unwrap();
    let page22 = html.find("id=\"page-22\"").unwrap();
    let on21 = &html[page21..page22];
    assert!(on21.contains("[D-040]"), "D-040 listed beside page 21");
    assert!(
        on21.contains("left:42.35%;top:48.35%;width:26.72%;height:1.43%"),
        "the D-040 box where the reader put it: {on21}"
    );
    // Five findings, five boxes (D-032's runs over three lines: three boxes).
    assert_eq!(html.matches("class=\"pv-box").count(), 7);

    let png = a.get(&format!("/uploads/{id}/pages/21.png"));
    assert_eq!(png.status, 200);
    assert_eq!(png.header("content-type"), Some("image/png"));
    assert!(png.body.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert_eq!(a.get(&format!("/uploads/{id}/pages/26.png")).status, 422);
    assert_eq!(a.get(&format!("/uploads/{id}/pages/x.png")).status, 404);
    assert_eq!(a.get(&format!("/uploads/{id}/pages/1")).status, 404);
    // The text view stays one link away.
    let text = a.get(&format!("/uploads/{id}/document?text=1")).text();
    assert!(text.contains("<mark") && !text.contains("pv-box"));

    // Another unit's officer sees neither the view nor a page.
    let b = Client::login(&bench.base, "officer-b");
    for path in [
        format!("/uploads/{id}/document"),
        format!("/uploads/{id}/pages/21.png"),
    ] {
        let r = b.get(&path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.starts_with(b"\x89PNG"), "{path} leaks the page");
    }
}

#[test]
fn pdf_pages_on_sqlite() {
    pages(&Store::Sqlite);
}

#[test]
fn pdf_pages_on_postgres() {
    if let Some(store) = Store::postgres() {
        pages(&store);
    }
}
