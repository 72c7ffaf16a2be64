//! The unit page's 预算 ↔ 决算 section: a unit with a 决算 and the budget of its year shows
//! the comparison `juesuan compare` makes, on SQLite and (with `JUESUAN_TEST_POSTGRES`)
//! PostgreSQL.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::time::Duration;

use support::{PUTUO, Store, putuo_officer, start};

const LONG: Duration = Duration::from_secs(180);

fn repo(rel: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(rel),
    )
    .unwrap()
}

fn budget_2024() -> String {
    repo("crates/rules/tests/fixtures/compare/budget-2024.toml")
}

fn flow(store: &Store) {
    let bench = start(store, |_| {});
    let a = putuo_officer(&bench);
    let unit = a.unit_id(PUTUO);
    let accounts = repo("examples/shanghai-putuo-czj-2024/package.toml");

    // Only a 决算: no comparison section.
    let ids = a.upload(&[("决算.toml", accounts.as_bytes())], None);
    let done = a.wait(&ids, LONG);
    assert_eq!(done[0]["upload"]["state"], "done", "{}", done[0]);
    let html = a.get(&format!("/units/{unit}")).text();
    assert!(!html.contains("预算与决算核对"), "{html}");

    // Its budget with two lines changed: both reported on the unit page.
    let differing = budget_2024()
        .replace("total = \"1359000元\"", "total = \"1459000元\"")
        .replace(
            "name = \"行政单位医疗\"\ntotal = \"622900元\"",
            "name = \"行政单位医疗\"\ntotal = \"629200元\"",
        );
    assert_ne!(differing, budget_2024());
    let ids = a.upload(&[("预算.toml", differing.as_bytes())], None);
    let done = a.wait(&ids, LONG);
    assert_eq!(done[0]["upload"]["state"], "done", "{}", done[0]);
    let page = a.get(&format!("/units/{unit}"));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<h2>预算与决算核对</h2>"), "{html}");
    assert!(html.contains("共比较 18 个数字，2 处不一致"), "{html}");
    assert_eq!(html.matches("B-101").count(), 2, "{html}");
    assert!(html.contains("2010607 信息化建设"), "{html}");
    assert!(html.contains("2101101 行政单位医疗"), "{html}");
    // the same call as `juesuan compare`
    let dir = tempfile::tempdir().unwrap();
    let load = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        juesuan_io::load(&p, juesuan_model::Catalog::builtin())
            .unwrap()
            .package
    };
    let (acc, bud) = (load("a.toml", &accounts), load("b.toml", &differing));
    let direct = juesuan_rules::compare::compare(&acc, &bud).unwrap();
    // (the stored package keeps values in 万元: the page quotes the budget in 万元, not as
    // the 元 it was written in; the line, the 决算's figure and the difference are the same)
    assert_eq!(direct.report.findings.len(), 2);
    for f in &direct.report.findings {
        let esc = juesuan_diagnostics::render::html::esc;
        let (head, _) = f.message.split_once("，预算").unwrap();
        let (_, tail) = f.message.rsplit_once("，").unwrap();
        assert!(html.contains(&esc(head)), "{head} missing");
        assert!(html.contains(&esc(tail)), "{tail} missing");
    }

    // A corrected budget replaces it: the latest of each kind is compared.
    let ids = a.upload(&[("预算（更正）.toml", budget_2024().as_bytes())], None);
    a.wait(&ids, LONG);
    let html = a.get(&format!("/units/{unit}")).text();
    assert!(html.contains("共比较 18 个数字，0 处不一致"), "{html}");
    assert!(!html.contains("B-101"), "{html}");
}

#[test]
fn the_unit_page_compares_budget_and_accounts_on_sqlite() {
    flow(&Store::Sqlite);
}

#[test]
fn the_unit_page_compares_budget_and_accounts_on_postgres() {
    if let Some(store) = Store::postgres() {
        flow(&store);
    }
}
