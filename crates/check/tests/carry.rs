//! `init --from`: last year carried over. The 上年数 of the new form equal the source's final
//! figures (read from the Shanghai example package independently of the carrying code, and
//! pinned from the Putuo PDF as `pdftotext -layout` shows them), the standing texts are
//! carried, and the form written as a workbook reads back with all of it. The real documents
//! are read from `../shared/` (override with `JUESUAN_SHARED`); without them those tests say
//! so in one line and pass.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use juesuan_check::carry::{Carried, CarryError, Request, carry, from_document};
use juesuan_check::check_document;
use juesuan_io::document::{DocKind, parse_document};
use juesuan_io::{SaveOptions, WriteOptions};
use juesuan_model::fields::Record;
use juesuan_model::text::compact;
use juesuan_model::{Amount, Catalog, Package, PriorYear};

mod support;
use support::shared;

fn shared_file(rel: &str) -> Option<PathBuf> {
    let p = shared().join(rel);
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

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shanghai-putuo-czj-2024")
}

fn with_template() -> Request<'static> {
    Request {
        standard: Some(juesuan_render::template::builtin),
        ..Request::default()
    }
}

/// The prior-year fields as `label = value` (unknown: `-`), for whole comparisons.
fn prior(py: &PriorYear) -> BTreeMap<&'static str, String> {
    PriorYear::FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let v = py.get(i).map_or("-".to_string(), |v| format!("{v:?}"));
            (f.label, v)
        })
        .collect()
}

/// The prior-year fields by label, as values (`2995.39` equals `2995.390`; unknown: none).
fn values(py: &PriorYear) -> BTreeMap<&'static str, Option<rust_decimal::Decimal>> {
    PriorYear::FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let v = match py.get(i) {
                Some(juesuan_model::fields::CellValue::Amount(a)) => Some(a.value().normalize()),
                _ => None,
            };
            (f.label, v)
        })
        .collect()
}

/// Writes the new form as a workbook and reads it back.
fn round_trip(pkg: &Package, name: &str) -> Package {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let catalog = Catalog::builtin();
    juesuan_io::save(
        pkg,
        &path,
        catalog,
        SaveOptions {
            force: false,
            workbook: WriteOptions {
                prefill: true,
                ..WriteOptions::default()
            },
        },
    )
    .unwrap();
    juesuan_io::load(&path, catalog).unwrap().package
}

fn listed(c: &Carried) -> String {
    let mut s: Vec<String> = c.items.iter().map(ToString::to_string).collect();
    s.extend(c.missing.iter().map(|m| format!("未能带入 {m}")));
    s.extend(c.notes.iter().cloned());
    s.join("\n")
}

/// The expected 上年数 of a package, read from its tables field by field: 收入总计, 本年收入合计,
/// 本年支出合计, 财政拨款收入总计, 一般公共预算财政拨款支出合计, 机关运行经费 and the 三公 决算数
/// (blank in the complete table: zero).
fn final_figures(src: &Package) -> PriorYear {
    let t = &src.tables;
    let s = t.summary.as_ref().unwrap();
    let tp = t.three_public.as_ref().unwrap();
    let zero = |a: Option<Amount>| Some(a.unwrap_or(Amount::ZERO));
    PriorYear {
        grand_total: s.income.grand_total,
        income_total: s.income.total,
        expenditure_total: s.expenditure_totals.total,
        appropriation_grand_total: t.appropriation_summary.as_ref().unwrap().income.grand_total,
        general_budget_expenditure: t.general_budget.as_ref().unwrap().total.total,
        agency_running_costs: src.agency_running_costs,
        three_public_total: zero(tp.actual.total),
        three_public_overseas: zero(tp.actual.overseas),
        three_public_vehicle: zero(tp.actual.vehicle),
        three_public_reception: zero(tp.actual.reception),
        ..PriorYear::default()
    }
}

#[test]
fn the_shanghai_example_package_carried_over() {
    let catalog = Catalog::builtin();
    for file in ["package.toml", "package.xlsx"] {
        let path = example_dir().join(file);
        let src = juesuan_io::load(&path, catalog).unwrap().package;
        let c = carry(&path, catalog, &Request::default()).unwrap();
        let got = &c.package;
        assert_eq!(got.unit.year, 2025, "{file}");
        assert_eq!(got.unit.name, "上海市普陀区财政局");
        assert_eq!(got.unit.profile, "shanghai");
        let want = final_figures(&src);
        assert_eq!(
            prior(&got.prior_year),
            prior(&want),
            "{file}\n{}",
            listed(&c)
        );
        // pinned, so that a change of both sides cannot hide
        assert_eq!(got.prior_year.grand_total.unwrap().to_string(), "2995.39");
        assert_eq!(
            got.prior_year
                .appropriation_grand_total
                .unwrap()
                .to_string(),
            "2961.68"
        );
        assert_eq!(
            got.prior_year.agency_running_costs.unwrap().to_string(),
            "184.65"
        );
        // last year's own 上年数 are not this year's
        assert_ne!(got.prior_year.grand_total, src.prior_year.grand_total);
        // the texts
        assert_eq!(got.unit.responsibilities, src.unit.responsibilities);
        assert!(got.unit.responsibilities.as_ref().unwrap().len() > 500);
        assert_eq!(got.unit.members, src.unit.members);
        assert_eq!(got.unit.members.len(), 3);
        // this year's tables are blank: nothing of last year's figures is left in them
        assert!(got.tables.figures().is_empty());
        // the list says what and from where
        let list = listed(&c);
        assert_eq!(c.items.len(), 10 + 2, "{list}");
        assert!(c.missing.is_empty(), "{list}");
        if file.ends_with("xlsx") {
            assert!(
                list.contains("上年收入支出总计 2995.39 万元 ← 表1 收入支出决算总表!"),
                "{list}"
            );
            assert!(list.contains("工作表“单位信息”“主要职能”"), "{list}");
        } else {
            assert!(
                list.contains("上年收入支出总计 2995.39 万元 ← tables.summary.income.grand_total"),
                "{list}"
            );
            assert!(
                list.contains(
                    "上年“三公”经费合计 0 万元 ← tables.three_public.actual.total（空白，即 0）"
                ),
                "{list}"
            );
        }
        // written as a workbook and read back: the same
        let back = round_trip(got, "本年.xlsx");
        assert_eq!(prior(&back.prior_year), prior(&want), "{file} 读回");
        assert_eq!(back.unit.responsibilities, src.unit.responsibilities);
        assert_eq!(back.unit.members, src.unit.members);
        assert_eq!(back.unit.year, 2025);
    }
}

#[test]
fn texts_of_the_explanation_land_in_the_texts_sheet() {
    let catalog = Catalog::builtin();
    let mut src = juesuan_io::load(&example_dir(), catalog).unwrap().package;
    src.explanation
        .texts
        .insert("名词解释".into(), "十二、公物仓：指……".into());
    src.explanation
        .texts
        .insert("公务接待费用途".into(), "当年的用途，不带入".into());
    src.unit.organization = Some("内设科室8个。".into());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("上年.toml");
    juesuan_io::save(&src, &path, catalog, SaveOptions::default()).unwrap();
    let c = carry(&path, catalog, &Request::default()).unwrap();
    let back = round_trip(&c.package, "本年.xlsx");
    assert_eq!(
        back.explanation.texts.get("名词解释").map(String::as_str),
        Some("十二、公物仓：指……")
    );
    assert!(!back.explanation.texts.contains_key("公务接待费用途"));
    assert_eq!(back.unit.organization.as_deref(), Some("内设科室8个。"));
    assert!(listed(&c).contains("名词解释 1 段 ← explanation.texts.名词解释"));
}

#[test]
fn an_unknown_figure_is_listed_not_written_as_zero() {
    let catalog = Catalog::builtin();
    let mut src = juesuan_io::load(&example_dir(), catalog).unwrap().package;
    src.tables.general_budget = None;
    let tp = src.tables.three_public.as_mut().unwrap();
    tp.coverage = juesuan_model::tables::Coverage::Partial;
    src.agency_running_costs = None;
    if let Some(s) = src.tables.summary.as_mut() {
        s.income.total = None;
        s.absent.push("income.total".into());
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("上年.json");
    juesuan_io::save(&src, &path, catalog, SaveOptions::default()).unwrap();
    let c = carry(&path, catalog, &Request::default()).unwrap();
    let py = &c.package.prior_year;
    assert_eq!(py.general_budget_expenditure, None);
    assert_eq!(py.three_public_total, None);
    assert_eq!(py.agency_running_costs, None);
    assert_eq!(py.income_total, None);
    assert_eq!(py.grand_total.unwrap().to_string(), "2995.39");
    let missing: Vec<String> = c.missing.iter().map(ToString::to_string).collect();
    let list = missing.join("\n");
    for want in [
        "上年一般公共预算财政拨款支出：上年数据包中没有表5 一般公共预算财政拨款支出决算表",
        "上年“三公”经费合计：表7 财政拨款“三公”经费支出决算表不完整，此数空缺",
        "上年机关运行经费：上年数据包中没有填写机关运行经费",
        "上年本年收入合计：表1 收入支出决算总表未印出此数",
    ] {
        assert!(list.contains(want), "缺“{want}”：\n{list}");
    }
    // a blank form carries nothing
    let blank = Package::blank(
        "某单位",
        2024,
        juesuan_model::Profile::find("上海").unwrap(),
    );
    let path = dir.path().join("空白.toml");
    juesuan_io::save(&blank, &path, catalog, SaveOptions::default()).unwrap();
    let c = carry(&path, catalog, &Request::default()).unwrap();
    assert!(c.package.prior_year.is_blank(), "{}", listed(&c));
    assert_eq!(c.missing.len(), 10 + 2, "{}", listed(&c));
}

#[test]
fn the_putuo_pdf_carried_over() {
    let Some(pdf) = shared_file("reference/shanghai-putuo-czj-2024.pdf") else {
        return;
    };
    let catalog = Catalog::builtin();
    let c = carry(&pdf, catalog, &with_template()).unwrap();
    let list = listed(&c);
    let got = &c.package;
    assert_eq!(
        (
            got.unit.name.as_str(),
            got.unit.year,
            got.unit.profile.as_str()
        ),
        ("上海市普陀区财政局", 2025, "shanghai")
    );
    // figures as `pdftotext -layout` shows them: 收入支出决算总表 总计 2,995.39, 本年收入合计
    // 2,946.25, 本年支出合计 2,940.05; 财政拨款收入支出决算总表 总计 2,961.68; 一般公共预算财政
    // 拨款支出决算表 合计 2,940.05; the 三公 决算数 0; 说明十一（一）机关运行经费支出184.65万元
    let py = &got.prior_year;
    let s = |a: Option<Amount>| a.map(|a| a.value().normalize().to_string());
    assert_eq!(s(py.grand_total).as_deref(), Some("2995.39"), "{list}");
    assert_eq!(s(py.income_total).as_deref(), Some("2946.25"), "{list}");
    assert_eq!(
        s(py.expenditure_total).as_deref(),
        Some("2940.05"),
        "{list}"
    );
    assert_eq!(
        s(py.appropriation_grand_total).as_deref(),
        Some("2961.68"),
        "{list}"
    );
    assert_eq!(
        s(py.general_budget_expenditure).as_deref(),
        Some("2940.05"),
        "{list}"
    );
    assert_eq!(
        s(py.agency_running_costs).as_deref(),
        Some("184.65"),
        "{list}"
    );
    for a in [
        py.three_public_total,
        py.three_public_overseas,
        py.three_public_vehicle,
        py.three_public_reception,
    ] {
        assert_eq!(s(a).as_deref(), Some("0"), "{list}");
    }
    // and they are the hand transcription's final figures
    let hand = juesuan_io::load(&example_dir(), catalog).unwrap().package;
    assert_eq!(values(py), values(&final_figures(&hand)), "{list}");
    // each figure named with its page
    assert!(
        list.contains("上年收入支出总计 2995.39 万元 ← 第"),
        "{list}"
    );
    assert!(list.contains("页 表1 收入支出决算总表"), "{list}");
    assert!(list.contains("上年机关运行经费 184.65 万元 ← 第"), "{list}");
    // the texts: 主要职能 as the example transcribed it from the same pages, the member units
    let want_lines: Vec<String> = hand
        .unit
        .responsibilities
        .as_deref()
        .unwrap()
        .lines()
        .map(compact)
        .collect();
    let got_lines: Vec<String> = got
        .unit
        .responsibilities
        .as_deref()
        .unwrap_or_default()
        .lines()
        .map(compact)
        .collect();
    assert_eq!(got_lines, want_lines, "{list}");
    assert_eq!(got.unit.members, hand.unit.members, "{list}");
    assert!(
        list.contains("主要职能 15 段 ← 第4页“一、主要职能”"),
        "{list}"
    );
    // 名词解释 is the template's eleven: printed by the new document anyway, not carried
    assert!(!got.explanation.texts.contains_key("名词解释"), "{list}");
    assert!(list.contains("名词解释：上年的 11 段都是"), "{list}");
    // written as a workbook and read back
    let back = round_trip(got, "本年.xlsx");
    assert_eq!(prior(&back.prior_year), prior(py));
    assert_eq!(back.unit.responsibilities, got.unit.responsibilities);
    assert_eq!(back.unit.members, hand.unit.members);
}

#[test]
fn a_generated_docx_carried_over_with_its_own_terms() {
    let catalog = Catalog::builtin();
    let mut src = juesuan_io::load(&example_dir(), catalog).unwrap().package;
    src.explanation.texts.insert(
        "名词解释".into(),
        "十二、公物仓：指集中存放和统一调剂闲置资产的平台。".into(),
    );
    let doc = juesuan_render::document(&src, catalog, None).unwrap();
    let bytes = juesuan_render::docx::write(&doc, &BTreeMap::new(), src.unit.year, &[]).unwrap();
    let read = parse_document(&bytes, DocKind::Docx, "上年.docx").unwrap();
    let checked = check_document(read, catalog);
    let c = from_document(&checked, "上年.docx", &with_template()).unwrap();
    let list = listed(&c);
    let got = &c.package;
    assert_eq!(
        values(&got.prior_year),
        values(&final_figures(&src)),
        "{list}"
    );
    assert_eq!(
        got.unit.responsibilities.as_deref().map(compact),
        src.unit.responsibilities.as_deref().map(compact),
        "{list}"
    );
    assert_eq!(got.unit.members, src.unit.members, "{list}");
    assert_eq!(
        got.explanation.texts.get("名词解释").map(String::as_str),
        Some("十二、公物仓：指集中存放和统一调剂闲置资产的平台。"),
        "{list}"
    );
    assert!(list.contains("名词解释 1 段（另有 11 段"), "{list}");
}

#[test]
fn what_cannot_be_carried_is_refused() {
    let catalog = Catalog::builtin();
    let example = example_dir().join("package.toml");
    let refused = |r: Result<Carried, CarryError>| match r {
        Err(CarryError::Refused(m)) => m,
        Err(e) => panic!("应当拒绝，却是读取错误：{e}"),
        Ok(c) => panic!("应当拒绝：{}", listed(&c)),
    };
    let m = refused(carry(
        &example,
        catalog,
        &Request {
            profile: Some("beijing"),
            ..Request::default()
        },
    ));
    assert!(m.contains("上海市格式") && m.contains("北京市"), "{m}");
    let m = refused(carry(
        &example,
        catalog,
        &Request {
            year: Some(2024),
            ..Request::default()
        },
    ));
    assert!(m.contains("2024年度") && m.contains("2025"), "{m}");
    // a year skipped: carried, with a note
    let c = carry(
        &example,
        catalog,
        &Request {
            year: Some(2026),
            unit: Some("上海市普陀区财政局（新）"),
            ..Request::default()
        },
    )
    .unwrap();
    assert_eq!(c.package.unit.year, 2026);
    assert_eq!(c.package.unit.name, "上海市普陀区财政局（新）");
    assert_eq!(c.notes.len(), 2, "{:?}", c.notes);

    let dir = tempfile::tempdir().unwrap();
    // unreadable: the reader's error, naming the file
    let bad = dir.path().join("上年.pdf");
    std::fs::write(&bad, b"%PDF-1.4\nnot really").unwrap();
    match carry(&bad, catalog, &Request::default()) {
        Err(CarryError::Read(e)) => assert!(e.to_string().contains("上年.pdf"), "{e}"),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("读不了的文件"),
    }
    match carry(&dir.path().join("没有.xlsx"), catalog, &Request::default()) {
        Err(CarryError::Read(e)) => assert!(e.to_string().contains("没有.xlsx"), "{e}"),
        _ => panic!("不存在的文件"),
    }
    // not a disclosure
    let prose = dir.path().join("上年.txt");
    std::fs::write(&prose, "今天天气很好。\n我们去公园散步。\n").unwrap();
    let m = refused(carry(&prose, catalog, &Request::default()));
    assert!(m.contains("未识别出决算或预算公开内容"), "{m}");
    let csv = dir.path().join("上年.csv");
    std::fs::write(&csv, "a,b\n").unwrap();
    let m = refused(carry(&csv, catalog, &Request::default()));
    assert!(
        m.contains("上年.csv") && m.contains("无法识别的文件类型"),
        "{m}"
    );
    // a budget
    if let Some(budget) = shared_file("corpus/budget-shanghai-putuo-caizhengju-2025.pdf") {
        let m = refused(carry(&budget, catalog, &Request::default()));
        assert!(m.contains("部门预算") && m.contains("不是决算"), "{m}");
    }
}

/// The Beijing example as the generator prints it, read back as DOCX and as a web page: the
/// 上年数 are its final figures, and `部门/单位基本情况` parts into 机构设置 and 主要职责.
#[test]
fn the_beijing_example_generated_carried_over() {
    let catalog = Catalog::builtin();
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/beijing-xicheng-kexin-2024");
    let src = juesuan_io::load(&dir, catalog).unwrap().package;
    let doc = juesuan_render::document(&src, catalog, None).unwrap();
    let docx = juesuan_render::docx::write(&doc, &BTreeMap::new(), src.unit.year, &[]).unwrap();
    let html = juesuan_render::html::write(&doc);
    for (bytes, kind, name) in [
        (docx, DocKind::Docx, "上年.docx"),
        (html.into_bytes(), DocKind::Html, "上年.html"),
    ] {
        let read = parse_document(&bytes, kind, name).unwrap();
        let checked = check_document(read, catalog);
        let c = from_document(&checked, name, &with_template()).unwrap();
        let list = listed(&c);
        let got = &c.package;
        assert_eq!(
            (
                got.unit.name.as_str(),
                got.unit.year,
                got.unit.profile.as_str()
            ),
            (src.unit.name.as_str(), 2025, "beijing"),
            "{name}"
        );
        assert_eq!(
            values(&got.prior_year),
            values(&final_figures(&src)),
            "{name}\n{list}"
        );
        let lines = |s: Option<&str>| -> Vec<String> {
            s.unwrap_or_default()
                .lines()
                .map(compact)
                .filter(|l| !l.is_empty())
                .collect()
        };
        assert_eq!(
            lines(got.unit.responsibilities.as_deref()),
            lines(src.unit.responsibilities.as_deref()),
            "{name}\n{list}"
        );
        assert_eq!(
            lines(got.unit.organization.as_deref()),
            lines(src.unit.organization.as_deref()),
            "{name}\n{list}"
        );
        assert!(c.missing.is_empty(), "{name}\n{list}");
    }
}
