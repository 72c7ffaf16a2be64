//! The budget disclosure (部门预算) generated from a package of kind 预算: the Shanghai
//! district format's parts and nine tables, the figures of the text against the tables
//! (元 → 万元), the comparisons with 上年预算 (增加/减少/持平, a zero base), the gaps left for
//! what the package lacks, the 项目绩效目标表, the Beijing format with its charts, and every
//! output format.

use std::path::PathBuf;

use juesuan_model::amount::round_half_up;
use juesuan_model::{Amount, Catalog, Package};
use juesuan_render::doc::Table;
use juesuan_render::{Block, Document, OutputFormat, document, write_outputs};
use rust_decimal::Decimal;

fn fixture() -> Package {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/budget-shanghai.toml");
    juesuan_io::load(&path, Catalog::builtin())
        .unwrap_or_else(|e| panic!("{e}"))
        .package
}

fn doc(pkg: &Package) -> Document {
    document(pkg, Catalog::builtin(), None).unwrap_or_else(|e| panic!("{e}"))
}

fn wan(s: &str) -> Option<Amount> {
    Some(Amount::from_wan(s.parse().expect("a decimal")))
}

fn headings(d: &Document) -> Vec<(u8, String)> {
    d.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, text } => Some((*level, text.clone())),
            _ => None,
        })
        .collect()
}

fn tables(d: &Document) -> Vec<&Table> {
    d.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The paragraphs' text.
fn paragraphs(d: &Document) -> Vec<String> {
    d.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(runs) => Some(runs.iter().map(|r| r.text()).collect()),
            _ => None,
        })
        .collect()
}

fn text(d: &Document) -> String {
    paragraphs(d).join("\n")
}

/// A table cell in 元 (`877,080.00`) as 万元 at two decimals, rounded half up.
fn yuan_cell_in_wan(cell: &str) -> Decimal {
    let v: Decimal = cell.replace(',', "").parse().expect("an amount in 元");
    let mut w = round_half_up(v / Decimal::from(10_000), 2);
    w.rescale(2);
    w
}

#[test]
fn the_district_budget_has_every_part_and_table() {
    let d = doc(&fixture());
    assert_eq!(d.title, "上海市普陀区财政局2025年部门预算");
    let Some(Block::Cover(cover)) = d.blocks.first() else {
        panic!("no cover")
    };
    assert_eq!(cover.title, "上海市普陀区2025年区级部门预算");
    assert_eq!(cover.lines, ["预算主管部门：上海市普陀区财政局"]);
    assert_eq!(cover.date.as_deref(), Some("2025年"));
    let parts: Vec<String> = headings(&d)
        .into_iter()
        .filter(|(l, _)| *l == 1)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(
        parts,
        [
            "一、部门主要职能",
            "二、部门机构设置",
            "三、名词解释",
            "四、部门预算编制说明",
            "五、部门预算表",
            "六、其他相关情况说明",
            "七、项目经费情况说明",
        ]
    );
    let ts = tables(&d);
    let titles: Vec<&str> = ts.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles[..9],
        [
            "2025年部门财务收支预算总表",
            "2025年部门收入预算总表",
            "2025年部门支出预算总表",
            "2025年部门财政拨款收支预算总表",
            "2025年部门一般公共预算支出功能分类预算表",
            "2025年部门政府性基金预算支出功能分类预算表",
            "2025年部门国有资本经营预算支出功能分类预算表",
            "2025年部门一般公共预算基本支出部门预算经济分类预算表",
            "2025年部门“三公”经费和机关运行经费预算表",
        ]
    );
    for (i, t) in ts[..9].iter().enumerate() {
        assert_eq!(t.org.as_deref(), Some("编制部门：上海市普陀区财政局"));
        let unit = if i == 8 {
            "单位：万元"
        } else {
            "单位：元"
        };
        assert_eq!(t.unit.as_deref(), Some(unit), "{}", t.title);
    }
    // the empty fund tables: the 合计 row and a note naming their own fund
    assert_eq!(
        ts[5].notes,
        ["注：本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"]
    );
    assert_eq!(
        ts[6].notes,
        ["注：本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。"]
    );
    assert_eq!(ts[5].body.len(), 1);
    // 元 in tables 1–8, 万元 in table 9, 机关运行经费 beside the “三公” figures
    let cells =
        |t: &Table, r: usize| -> Vec<String> { t.body[r].iter().map(|c| c.text.clone()).collect() };
    assert_eq!(
        cells(ts[0], 0),
        [
            "一、财政拨款收入",
            "31,214,205.80",
            "一、一般公共服务支出",
            "22,186,440.80"
        ]
    );
    assert_eq!(
        cells(ts[8], 0),
        ["0.95", "0.00", "0.95", "0.00", "0.00", "0.00", "229.43"]
    );
    // codes split into 类/款/项, 合计 last
    assert_eq!(cells(ts[4], 2)[..4], ["201", "06", "01", "行政运行"]);
    assert_eq!(
        cells(ts[4], ts[4].body.len() - 1),
        ["合计", "31,214,205.80", "25,121,091.00", "6,093,114.80"]
    );
    // 基本支出表: the split the package states, row by row
    let basic = ts[7];
    let row = |code: &str, sub: &str| {
        basic
            .body
            .iter()
            .find(|r| r[0].text == code && r[1].text == sub)
            .map(|r| r.iter().map(|c| c.text.clone()).collect::<Vec<_>>())
            .unwrap()
    };
    assert_eq!(row("302", "17")[3..], ["9,500.00", "0.00", "9,500.00"]);
    assert_eq!(row("303", "")[3..], ["717,240.00", "717,240.00", "0.00"]);
    // the 项目绩效目标表 of both projects
    assert_eq!(ts.len(), 11);
    assert_eq!(ts[9].title, "2025年项目支出绩效目标表");
    let goal_row: Vec<&str> = ts[9].body[5].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(goal_row[0], "年度总体目标");
    // Shanghai's district budget prints no chart
    assert!(!d.blocks.iter().any(|b| matches!(b, Block::Chart(_))));
}

#[test]
fn figures_in_the_text_are_the_tables_figures_in_wan() {
    let d = doc(&fixture());
    let t = text(&d);
    let ts = tables(&d);
    // 收入预算 and 支出预算 = table 1's 收入总计 and 支出总计
    let total_row = ts[0].body.last().unwrap();
    assert_eq!(total_row[0].text, "收入总计");
    let income = yuan_cell_in_wan(&total_row[1].text);
    let spend = yuan_cell_in_wan(&total_row[3].text);
    assert!(t.contains(&format!("收入预算{income}万元")), "{t}");
    assert!(t.contains(&format!("支出预算{spend}万元")), "{t}");
    // one line per non-zero 项 of the 一般公共预算 table, with its 合计 in 万元
    let gb = ts[4];
    let items: Vec<(&str, Decimal)> = gb
        .body
        .iter()
        .filter(|r| r.len() > 4 && !r[2].text.is_empty())
        .map(|r| (r[3].text.as_str(), yuan_cell_in_wan(&r[4].text)))
        .collect();
    assert_eq!(items.len(), 11);
    let lines: Vec<String> = paragraphs(&d)
        .into_iter()
        .filter(|p| p.contains("（项）”"))
        .collect();
    assert_eq!(lines.len(), items.len());
    for (i, ((name, amount), line)) in items.iter().zip(&lines).enumerate() {
        let expected = format!("{}.“", i + 1);
        assert!(line.starts_with(&expected), "{line}");
        assert!(
            line.contains(&format!("{name}（项）”{amount}万元，主要用于")),
            "{line} ≠ {name} {amount}"
        );
    }
    // 873,617.00 元 is 87.36 万元 (the published text's 887.36 is wrong), 877,080.00 元 is
    // 87.71 (rounded, not cut to 87.70)
    assert!(t.contains("机关事业单位职业年金缴费支出（项）”87.36万元"));
    assert!(t.contains("行政单位离退休（项）”87.71万元"));
    // 三公 and 机关运行经费 = table 9 (万元)
    let t9: Vec<&str> = ts[8].body[0].iter().map(|c| c.text.as_str()).collect();
    assert!(t.contains(&format!("“三公”经费预算数为{}万元", t9[0])));
    assert!(t.contains(&format!("机关运行经费预算为{}万元", t9[6])));
    assert!(t.contains("政府采购预算117.00万元，其中：政府采购货物预算17.00万元、政府采购工程预算0万元、政府采购服务预算100.00万元"));
    // 绩效目标: count and the sum of the projects' funds
    assert!(t.contains("编报绩效目标的项目共2个，涉及项目预算资金428.80万元。其中：中介机构服务费418.80万元，财政业务费10.00万元。"));
}

#[test]
fn comparisons_with_the_prior_budget() {
    let mut pkg = fixture();
    let t = text(&doc(&pkg));
    assert!(t.contains("财政拨款收入3121.42万元，比2024年预算增加107.62万元；"));
    assert!(t.contains("政府性基金拨款支出预算0万元，与2024年预算持平；"));
    assert!(t.contains("财政拨款收入支出增加的主要原因是人员经费增加"));
    assert!(t.contains("3.公务接待费0.95万元，与2024年预算持平。"));
    // 事业收入 is zero and 上年 is not given: stated without a comparison
    assert!(t.contains("；事业收入0万元；"));

    pkg.prior_year.appropriation_grand_total = wan("3200.00");
    pkg.prior_year.three_public_reception = wan("1.20");
    pkg.prior_year.three_public_total = wan("1.20");
    // a zero base: the district format states the change without a percentage
    pkg.prior_year.institutional_income = wan("0");
    if let Some(s) = pkg.tables.summary.as_mut() {
        s.income.institutional = wan("12.5");
    }
    let t = text(&doc(&pkg));
    assert!(
        t.contains("财政拨款收入3121.42万元，比2024年预算减少78.58万元；"),
        "{t}"
    );
    assert!(
        t.contains("事业收入12.50万元，比2024年预算增加12.50万元；"),
        "{t}"
    );
    assert!(t.contains("财政拨款收入支出减少的主要原因是"));
    assert!(t.contains("“三公”经费预算数为0.95万元，比2024年预算减少0.25万元。"));
    assert!(
        t.contains(
            "公务接待费0.95万元，比2024年预算减少0.25万元，主要原因是【待填写：主要原因】。"
        ),
        "{t}"
    );

    // Beijing compares with 上年年初预算数 and gives the percentage, none on a zero base
    pkg.unit.profile = "beijing".into();
    pkg.prior_year.grand_total = wan("0");
    let t = text(&doc(&pkg));
    assert!(
        t.contains(
            "财政拨款支出预算3121.42万元，比2024年年初预算数3200.00万元减少78.58万元，下降2.46%。"
        ),
        "{t}"
    );
    assert!(
        t.contains("收入预算3121.42万元，比2024年年初预算数0万元增加3121.42万元。"),
        "{t}"
    );
}

#[test]
fn missing_inputs_are_gaps() {
    let mut pkg = fixture();
    pkg.prior_year.appropriation_grand_total = None;
    pkg.agency_running_costs = None;
    let d = doc(&pkg);
    let gaps: Vec<String> = d.gaps().into_iter().map(|(_, g)| g).collect();
    for want in [
        // the use of 2080599 is not given
        "【待填写：主要用途】",
        // 上年预算 of 财政拨款
        "【缺数据：上年财政拨款收入支出总计】",
        "【缺数据：机关运行经费】",
        "【待填写：本年部门预算安排购置车辆（按八类用车）和单价100万元（含）以上设备的情况】",
        "【待填写：项目概述】",
        // the second project's table
        "【缺数据：上年结转】",
        "【缺数据：年度总体目标】",
        "【缺数据：指标值】",
    ] {
        assert!(gaps.iter().any(|g| g == want), "no {want} in {gaps:?}");
    }
    // 机关运行经费 in table 9: unknown, not blank
    let t9 = tables(&d)[8];
    assert_eq!(t9.body[0].last().map(|c| c.text.as_str()), Some("【缺】"));
    let t = text(&d);
    assert!(t.contains("财政拨款收入支出变动的主要原因是"), "{t}");
    assert!(t.contains("其他行政事业单位养老支出（项）”0.96万元，主要用于【待填写：主要用途】。"));
}

#[test]
fn the_beijing_budget_follows_its_own_order_and_draws_its_pies() {
    let mut pkg = fixture();
    pkg.unit.profile = "beijing".into();
    let d = doc(&pkg);
    let h = headings(&d);
    let top: Vec<&str> = h
        .iter()
        .filter(|(l, _)| *l == 1)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        top,
        [
            "第一部分 2025年度部门预算情况说明",
            "第二部分 2025年度部门预算报表"
        ]
    );
    let seconds: Vec<&str> = h
        .iter()
        .filter(|(l, _)| *l == 2)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        seconds[..6],
        [
            "一、部门情况说明",
            "二、收入预算情况说明",
            "三、支出预算情况说明",
            "四、财政拨款“三公”经费预算情况说明",
            "五、其他情况说明",
            "六、名词解释",
        ]
    );
    let charts = d
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Chart(_)))
        .count();
    assert_eq!(charts, 2);
    let titles: Vec<&str> = tables(&d).iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles[..4],
        ["收支总表", "收入总表", "支出总表", "政府采购预算明细表"]
    );
    // Beijing's tables are in 万元 (the profile sets no other unit)
    assert_eq!(tables(&d)[0].unit.as_deref(), Some("单位：万元"));
    let t = text(&d);
    assert!(
        t.contains("基本支出2512.11万元，占80.48%；项目支出609.31万元，占19.52%；"),
        "{t}"
    );
}

#[test]
fn every_format_is_written() {
    let pkg = fixture();
    let d = doc(&pkg);
    let mut formats = vec![OutputFormat::Docx, OutputFormat::Html, OutputFormat::Xlsx];
    if cfg!(feature = "pdf") {
        formats.push(OutputFormat::Pdf);
    }
    let out = write_outputs(&d, pkg.unit.year, &formats).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.len(), formats.len());
    for o in &out {
        let len = o.bytes.as_ref().map_or(0, Vec::len);
        // PDF is skipped (with a note) where no CJK font is installed
        assert!(len > 1000 || o.note.is_some(), "{:?}", o.format);
    }
    let html = String::from_utf8(out[1].bytes.clone().unwrap()).unwrap();
    assert!(html.contains("2025年部门财务收支预算总表"));
    assert!(html.contains("单位：元"));
    assert!(html.contains("31,214,205.80"));
}

/// The whole text of the fixture's document, read by hand: a change here is reviewed.
#[test]
fn snapshot_of_the_district_budget() {
    insta::assert_snapshot!(doc(&fixture()).plain_text());
}

/// The generated HTML and DOCX read back by the document reader `check` uses: each of the
/// nine tables is found under its printed title, and the coded tables' figures read through
/// the workbook reader are the package's (元 converted back to 万元).
#[test]
fn the_tables_read_back_from_the_html_and_the_docx() {
    use juesuan_io::document::DocKind;
    read_back(OutputFormat::Html, DocKind::Html);
    read_back(OutputFormat::Docx, DocKind::Docx);
}

fn read_back(format: OutputFormat, doc_kind: juesuan_io::document::DocKind) {
    use juesuan_io::document::{Block as DocBlock, parse_document};
    use juesuan_model::TableKind;
    let pkg = fixture();
    let d = doc(&pkg);
    let out = write_outputs(&d, pkg.unit.year, &[format]).unwrap_or_else(|e| panic!("{e}"));
    let bytes = out[0].bytes.clone().expect("written");
    let read = parse_document(&bytes, doc_kind, "budget").expect("readable");
    let mut found = Vec::new();
    let mut last_paras: Vec<String> = Vec::new();
    for b in &read.blocks {
        match b {
            DocBlock::Para(p) => last_paras.push(p.text.clone()),
            DocBlock::Table(_) => {
                let title = last_paras.iter().rev().find_map(|p| TableKind::named_by(p));
                let unit = last_paras.iter().rev().find(|p| p.contains("单位："));
                found.push((title, unit.cloned(), b));
                last_paras.clear();
            }
        }
    }
    let kinds: Vec<Option<TableKind>> = found.iter().map(|f| f.0).take(9).collect();
    assert_eq!(
        kinds,
        [
            TableKind::Summary,
            TableKind::Income,
            TableKind::Expenditure,
            TableKind::AppropriationSummary,
            TableKind::GeneralBudget,
            TableKind::GovFund,
            TableKind::StateCapital,
            TableKind::GeneralBudgetBasic,
            TableKind::ThreePublic,
        ]
        .map(Some)
    );
    // the coded tables: each row's figures as the package states them (the 合计 column
    // under 收入预算/支出预算 is left to the budget table reader, which reads it by its group)
    let recovered = |kind: TableKind| {
        let (_, unit, block) = found
            .iter()
            .find(|f| f.0 == Some(kind))
            .expect("table found");
        let DocBlock::Table(table) = block else {
            panic!("not a table")
        };
        let r = juesuan_io::xlsx::read::read_recovered_table(
            kind,
            unit.as_deref(),
            table,
            Catalog::builtin(),
        );
        assert!(r.problems.is_empty(), "{kind:?}: {:?}", r.problems);
        r.package.tables
    };
    let t = &pkg.tables;
    let income = recovered(TableKind::Income).income.expect("income");
    let want = t.income.as_ref().expect("income");
    assert_eq!(income.rows.len(), want.rows.len());
    for (got, want) in income.rows.iter().zip(&want.rows) {
        assert_eq!(
            (got.code, got.appropriation),
            (want.code, want.appropriation)
        );
    }
    for kind in [TableKind::Expenditure, TableKind::GeneralBudget] {
        let got = recovered(kind);
        let pairs: Vec<_> = match kind {
            TableKind::Expenditure => {
                let (g, w) = (
                    got.expenditure.expect("read"),
                    t.expenditure.as_ref().expect("given"),
                );
                g.rows
                    .iter()
                    .zip(&w.rows)
                    .map(|(a, b)| ((a.code, a.basic, a.project), (b.code, b.basic, b.project)))
                    .collect()
            }
            _ => {
                let (g, w) = (
                    got.general_budget.expect("read"),
                    t.general_budget.as_ref().expect("given"),
                );
                g.rows
                    .iter()
                    .zip(&w.rows)
                    .map(|(a, b)| ((a.code, a.basic, a.project), (b.code, b.basic, b.project)))
                    .collect()
            }
        };
        assert_eq!(pairs.len(), 19, "{kind:?}");
        for (got, want) in pairs {
            assert_eq!(got, want, "{kind:?}");
        }
    }
    let basic = recovered(TableKind::GeneralBudgetBasic)
        .general_budget_basic
        .expect("basic");
    let want = t.general_budget_basic.as_ref().expect("basic");
    assert_eq!(basic.rows.len(), want.rows.len());
    for (got, want) in basic.rows.iter().zip(&want.rows) {
        assert_eq!(got.code, want.code);
        // the split the package states (301…); a row without one (302…) prints the gap mark
        // and reads back unknown, never a split worked out from the classification
        assert_eq!(
            (got.personnel, got.public),
            (want.personnel, want.public),
            "{}",
            want.code
        );
        if want.personnel.is_none() && want.public.is_none() {
            assert_eq!(basic.coverage, juesuan_model::Coverage::Partial);
        }
    }
}

/// Projects listed with their amounts only (as the published district budget lists them)
/// print no 绩效目标表; the stated count and amount are the ones written; a reason given for
/// an unchanged “三公” item is written after 持平, as the published budget does.
#[test]
fn projects_listed_without_targets_and_reasons_for_unchanged_items() {
    let mut pkg = fixture();
    for t in &mut pkg.performance.targets {
        t.indicators.clear();
        t.goal = None;
    }
    pkg.performance.management = Some(juesuan_model::PerformanceManagement {
        target_projects: Some(4),
        target_budget: wan("598.46"),
        ..Default::default()
    });
    pkg.explanation.remarks.insert(
        juesuan_model::Subject::ThreePublicVsPrior(juesuan_model::ThreePublicItem::Overseas),
        juesuan_model::Remark {
            reason: Some("此项经费由区统筹安排。".into()),
            ..Default::default()
        },
    );
    let d = doc(&pkg);
    let t = text(&d);
    assert!(t.contains("编报绩效目标的项目共4个，涉及项目预算资金598.46万元。其中：中介机构服务费418.80万元，财政业务费10.00万元。"), "{t}");
    assert!(
        t.contains("1.因公出国（境）费0万元，与2024年预算持平，主要原因是此项经费由区统筹安排。"),
        "{t}"
    );
    assert!(!headings(&d).iter().any(|(_, h)| h == "项目绩效目标表"));
    assert_eq!(tables(&d).len(), 9);
    assert!(d.unused.is_empty(), "{:?}", d.unused);
}

/// A 基本支出 row whose 人员经费 / 公用经费 the package does not state prints the gap mark in
/// both columns (a blank reads as zero), never a split worked out from the classification;
/// a 财政拨款收入 the package does not state is not summed from its kinds either.
#[test]
fn figures_the_package_lacks_are_not_worked_out() {
    let mut pkg = fixture();
    let basic = pkg.tables.general_budget_basic.as_mut().expect("basic");
    let row = basic
        .rows
        .iter_mut()
        .find(|r| r.code.as_str() == "30217")
        .expect("30217");
    (row.personnel, row.public) = (None, None);
    pkg.tables
        .summary
        .as_mut()
        .expect("summary")
        .income
        .appropriation = None;
    let d = doc(&pkg);
    let ts = tables(&d);
    let texts =
        |t: &Table, r: usize| -> Vec<String> { t.body[r].iter().map(|c| c.text.clone()).collect() };
    let basic = ts[7];
    let r = (0..basic.body.len())
        .find(|&r| basic.body[r][0].text == "302" && basic.body[r][1].text == "17")
        .expect("302 17");
    assert_eq!(texts(basic, r)[3..], ["9,500.00", "【缺】", "【缺】"]);
    let summary = ts[0];
    let r = (0..summary.body.len())
        .find(|&r| summary.body[r][0].text == "一、财政拨款收入")
        .expect("财政拨款收入");
    assert_eq!(texts(summary, r)[1], "");
}
