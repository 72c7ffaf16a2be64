//! The public tables of a budget (部门预算) as printed: the district format's nine tables
//! (财务收支预算总表 … “三公”经费和机关运行经费预算表) with 预算数 columns, codes split into
//! 类/款/项 columns, the 合计 row last, and an empty fund table's note naming its own fund.
//! The tables of other budget formats (Beijing's 政府采购预算明细表, 政府购买服务) follow the
//! same conventions.

use juesuan_model::fields::{CodedRecord, Record};
use juesuan_model::tables::{BasicTable, CodedTable, ThreePublicFigures};
use juesuan_model::{Amount, Code, Level, TableKind};

use super::{Layout, chinese_number};
use crate::doc::{Cell, Table};

/// The budget table of `kind`, on a landscape page as the district format prints every
/// table (amounts in 元 need the width).
pub(super) fn table(l: &Layout, kind: TableKind) -> Table {
    let t = &l.pkg.tables;
    let mut table = match kind {
        TableKind::Summary => summary(l),
        TableKind::AppropriationSummary => appropriation_summary(l),
        TableKind::Income => coded(l, kind, t.income.as_ref(), &INCOME),
        TableKind::Expenditure => coded(l, kind, t.expenditure.as_ref(), &EXPENDITURE),
        TableKind::GeneralBudget => coded(l, kind, t.general_budget.as_ref(), &GENERAL),
        TableKind::GovFund => coded(l, kind, t.gov_fund.as_ref(), &FUND),
        TableKind::StateCapital => coded(l, kind, t.state_capital.as_ref(), &FUND),
        TableKind::GeneralBudgetBasic => basic(l, kind, t.general_budget_basic.as_ref()),
        TableKind::GovFundBasic => basic(l, kind, t.gov_fund_basic.as_ref()),
        TableKind::ThreePublic => three_public(l),
        TableKind::Procurement => procurement(l),
        TableKind::PurchasedServices => purchased_services(l),
    };
    table.wide = true;
    table
}

/// The columns of a coded budget table: field key and the head printed, always shown;
/// other fields of the row are shown only when the package states a figure in them.
struct Columns {
    shown: &'static [(&'static str, &'static str)],
}

const INCOME: Columns = Columns {
    shown: &[
        ("total", "合计"),
        ("appropriation", "财政拨款收入"),
        ("institutional", "事业收入"),
        ("operating", "事业单位经营收入"),
        ("other", "其他收入"),
    ],
};
const EXPENDITURE: Columns = Columns {
    shown: &[
        ("total", "合计"),
        ("basic", "基本支出"),
        ("project", "项目支出"),
    ],
};
const GENERAL: Columns = EXPENDITURE;
const FUND: Columns = Columns {
    shown: &[
        ("expenditure", "合计"),
        ("basic", "基本支出"),
        ("project", "项目支出"),
    ],
};

/// The group head over a coded table's figures.
fn group(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Income => "收入预算",
        TableKind::Expenditure => "支出预算",
        TableKind::GeneralBudget => "一般公共预算支出",
        TableKind::GovFund => "政府性基金预算支出",
        TableKind::StateCapital => "国有资本经营预算支出",
        TableKind::GovFundBasic => "政府性基金预算基本支出",
        _ => "一般公共预算基本支出",
    }
}

/// What an empty fund table says under it, naming its own fund.
fn empty_note(l: &Layout, kind: TableKind) -> Option<String> {
    let fund = match kind {
        TableKind::GovFund => "政府性基金预算",
        TableKind::StateCapital => "国有资本经营预算",
        _ => return None,
    };
    Some(format!(
        "注：本部门{}年无{fund}财政拨款安排的预算，故本表为空表。",
        l.pkg.unit.year
    ))
}

/// A code's 类/款/项 parts as the district format prints them (`201` `06` `01`).
fn code_parts(code: Code, parts: usize) -> Vec<String> {
    let s = code.as_str();
    let cuts: &[(usize, usize)] = if parts == 3 {
        &[(0, 3), (3, 5), (5, 7)]
    } else {
        &[(0, 3), (3, 5)]
    };
    cuts.iter()
        .map(|&(a, b)| s.get(a..b).unwrap_or_default().to_string())
        .collect()
}

/// The two header rows of a coded table: 项目 {科目编码 {类, 款, 项}, 科目名称} and the
/// figures under their group; `parts` is 3 for function codes and 2 for economic ones.
fn coded_head(
    parts: usize,
    code_label: &str,
    name_label: &str,
    group: &str,
    leaves: &[&str],
) -> Vec<Vec<Cell>> {
    let levels = ["类", "款", "项"];
    let mut second = vec![
        Cell::head(code_label).span(parts as u16, 1),
        Cell::head(name_label).span(1, 2),
    ];
    second.extend(leaves.iter().map(|h| Cell::head(*h).span(1, 2)));
    vec![
        vec![
            Cell::head("项目").span(parts as u16 + 1, 1),
            Cell::head(group).span(leaves.len() as u16, 1),
        ],
        second,
        levels.iter().take(parts).map(|l| Cell::head(*l)).collect(),
    ]
}

fn coded<Rw: CodedRecord, T: Record>(
    l: &Layout,
    kind: TableKind,
    table: Option<&CodedTable<Rw, T>>,
    columns: &Columns,
) -> Table {
    let rows = table.map(|t| t.rows.as_slice()).unwrap_or_default();
    // the fixed columns, then any other field the package states a non-zero figure in
    let mut cols: Vec<(usize, &str)> = columns
        .shown
        .iter()
        .filter_map(|(key, head)| Some((Rw::index_of(key)?, *head)))
        .collect();
    for (i, f) in Rw::FIELDS.iter().enumerate() {
        if cols.iter().any(|c| c.0 == i) || f.key == "initial_budget" {
            continue;
        }
        let stated = rows.iter().any(|r| {
            matches!(r.get(i), Some(juesuan_model::fields::CellValue::Amount(a)) if !a.is_zero())
        });
        if stated {
            cols.push((i, f.label));
        }
    }
    let leaves: Vec<&str> = cols.iter().map(|c| c.1).collect();
    let head = coded_head(
        3,
        "功能分类科目编码",
        "功能分类科目名称",
        group(kind),
        &leaves,
    );
    let mut widths = vec![1, 1, 1, 5];
    widths.extend(cols.iter().map(|_| 3));
    let mut t = l.table(kind, widths, head);
    for row in rows {
        let mut cells: Vec<Cell> = code_parts(row.code(), 3)
            .into_iter()
            .map(Cell::center)
            .collect();
        cells.push(Cell::text(row.name()));
        for c in &cols {
            cells.push(l.value(row.get(c.0)));
        }
        t.body.push(cells);
    }
    let mut total = vec![Cell::center("合计").span(4, 1)];
    for c in &cols {
        let key = Rw::FIELDS.get(c.0).map(|f| f.key).unwrap_or_default();
        let v = table.and_then(|tb| T::index_of(key).and_then(|k| tb.total.get(k)));
        total.push(l.value(v));
    }
    t.body.push(total);
    let empty = table.is_none_or(|tb| tb.is_empty());
    match table.and_then(|tb| tb.note.clone()) {
        Some(n) if n.starts_with("注") || n.starts_with("说明") => t.notes.push(n),
        Some(n) => t.notes.push(format!("注：{n}")),
        None if empty => t.notes.extend(empty_note(l, kind)),
        None => {}
    }
    t
}

/// The function classes of the summary tables: those the package lists, in its order.
fn classes_of(lines: impl Iterator<Item = (Code, String)>) -> Vec<(Code, String)> {
    let mut out: Vec<(Code, String)> = Vec::new();
    for (c, n) in lines {
        if c.level() == Level::Class && !out.iter().any(|(o, _)| *o == c) {
            out.push((c, n));
        }
    }
    out
}

fn numbered(i: usize, name: &str) -> String {
    format!("{}、{name}", chinese_number(i + 1))
}

/// Rows of a two-sided table: the left side's (name, figure) beside the right side's.
fn two_sided(l: &Layout, t: &mut Table, left: &[(String, Option<Amount>)], right: &[Vec<Cell>]) {
    let width = right.first().map_or(2, Vec::len);
    for i in 0..left.len().max(right.len()) {
        let mut row = match left.get(i) {
            Some((n, a)) => vec![Cell::text(n.clone()), l.amount(*a)],
            None => vec![Cell::text(""), Cell::num("")],
        };
        match right.get(i) {
            Some(cells) => row.extend(cells.iter().cloned()),
            None => {
                row.push(Cell::text(""));
                row.extend((1..width).map(|_| Cell::num("")));
            }
        }
        t.body.push(row);
    }
}

fn summary(l: &Layout) -> Table {
    let s = l.pkg.tables.summary.as_ref();
    let mut t = l.table(
        TableKind::Summary,
        vec![5, 3, 5, 3],
        vec![
            vec![
                Cell::head("本年收入").span(2, 1),
                Cell::head("本年支出").span(2, 1),
            ],
            vec![
                Cell::head("项目"),
                Cell::head("预算数"),
                Cell::head("项目"),
                Cell::head("预算数"),
            ],
        ],
    );
    let inc = s.map(|s| s.income.clone()).unwrap_or_default();
    // 财政拨款收入 as the package states it: a figure it does not state is not printed
    // (derived here it would read back as a figure the package never had)
    let mut left: Vec<(String, Option<Amount>)> = vec![
        ("一、财政拨款收入".into(), inc.appropriation),
        ("1. 一般公共预算资金".into(), inc.general_budget),
        ("2. 政府性基金".into(), inc.gov_fund),
        ("3. 国有资本经营预算".into(), inc.state_capital),
    ];
    let mut n = 1;
    for (name, a, always) in [
        ("上级补助收入", inc.superior_subsidy, false),
        ("事业收入", inc.institutional, true),
        ("事业单位经营收入", inc.operating, true),
        ("附属单位上缴收入", inc.affiliate_remittance, false),
        ("其他收入", inc.other, true),
    ] {
        if always || a.is_some_and(|a| !a.is_zero()) {
            left.push((numbered(n, name), a));
            n += 1;
        }
    }
    let lines = s.map(|s| s.expenditure.as_slice()).unwrap_or_default();
    let right: Vec<Vec<Cell>> = classes_of(lines.iter().map(|c| (c.code, c.name.clone())))
        .into_iter()
        .enumerate()
        .map(|(i, (code, name))| {
            let a = lines.iter().find(|c| c.code == code).and_then(|c| c.amount);
            vec![Cell::text(numbered(i, &name)), l.amount(a)]
        })
        .collect();
    two_sided(l, &mut t, &left, &right);
    let et = s.map(|s| s.expenditure_totals.clone()).unwrap_or_default();
    // carry-over lines (the central format) only where the package states them
    let carried = [
        inc.non_appropriation_balance,
        inc.opening_carryover,
        et.closing_carryover,
    ]
    .iter()
    .any(|a| a.is_some_and(|a| !a.is_zero()));
    // 本年收入合计 / 本年支出合计 beside the 总计 where the package states both (the Beijing
    // 收支总表); the district format prints the 总计 alone
    let this_year = carried
        || (inc.total.is_some() && inc.grand_total.is_some())
        || (et.total.is_some() && et.grand_total.is_some());
    let mut footer = |a: &str, av: Option<Amount>, b: &str, bv: Option<Amount>| {
        t.body.push(vec![
            Cell::center(a),
            l.amount(av),
            Cell::center(b),
            l.amount(bv),
        ]);
    };
    if this_year {
        footer("本年收入合计", inc.total, "本年支出合计", et.total);
    }
    if carried {
        footer(
            "使用非财政拨款结余",
            inc.non_appropriation_balance,
            "",
            None,
        );
        footer(
            "上年结转",
            inc.opening_carryover,
            "结转下年",
            et.closing_carryover,
        );
    }
    footer(
        "收入总计",
        inc.grand_total.or(inc.total),
        "支出总计",
        et.grand_total.or(et.total),
    );
    t
}

fn appropriation_summary(l: &Layout) -> Table {
    let a = l.pkg.tables.appropriation_summary.as_ref();
    let cols = ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"];
    let head = vec![
        vec![
            Cell::head("财政拨款收入").span(2, 1),
            Cell::head("财政拨款支出").span(5, 1),
        ],
        [["项目", "预算数", "项目"].as_slice(), cols.as_slice()]
            .concat()
            .into_iter()
            .map(Cell::head)
            .collect(),
    ];
    let mut t = l.table(
        TableKind::AppropriationSummary,
        vec![4, 3, 4, 3, 3, 3, 3],
        head,
    );
    let inc = a.map(|a| a.income.clone()).unwrap_or_default();
    let vals = |v: &juesuan_model::tables::AppropriationValues| {
        [v.total, v.general_budget, v.gov_fund, v.state_capital]
    };
    let rows = a.map(|a| a.expenditure.as_slice()).unwrap_or_default();
    let left = vec![
        ("一、一般公共预算资金".to_string(), inc.general_budget),
        ("二、政府性基金".to_string(), inc.gov_fund),
        ("三、国有资本经营预算".to_string(), inc.state_capital),
    ];
    let right: Vec<Vec<Cell>> = classes_of(rows.iter().map(|r| (r.code, r.name.clone())))
        .into_iter()
        .enumerate()
        .map(|(i, (code, name))| {
            let r = rows.iter().find(|r| r.code == code);
            let mut cells = vec![Cell::text(numbered(i, &name))];
            cells.extend(
                r.map(|r| vals(&r.values()))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|v| l.amount(v)),
            );
            cells
        })
        .collect();
    two_sided(l, &mut t, &left, &right);
    let blank = juesuan_model::tables::AppropriationValues::default();
    // 本年收入合计 / 本年支出合计 where the package states them beside the 总计
    if let Some(a) = a {
        let left = inc.total.is_some() && inc.grand_total.is_some();
        let right = !a.expenditure_total.is_blank() && !a.grand_total.is_blank();
        if left || right {
            let mut row = vec![
                Cell::center("本年收入合计"),
                l.amount(inc.total.filter(|_| left)),
                Cell::center("本年支出合计"),
            ];
            let v = if right { &a.expenditure_total } else { &blank };
            row.extend(vals(v).into_iter().map(|v| l.amount(v)));
            t.body.push(row);
        }
    }
    let gt = a
        .map(|a| {
            if a.grand_total.is_blank() {
                &a.expenditure_total
            } else {
                &a.grand_total
            }
        })
        .unwrap_or(&blank);
    let mut row = vec![
        Cell::center("收入总计"),
        l.amount(inc.grand_total.or(inc.total)),
        Cell::center("支出总计"),
    ];
    row.extend(vals(gt).into_iter().map(|v| l.amount(v)));
    t.body.push(row);
    t
}

fn basic(l: &Layout, kind: TableKind, table: Option<&BasicTable>) -> Table {
    let head = coded_head(
        2,
        "部门预算经济分类科目编码",
        "经济分类科目名称",
        group(kind),
        &["合计", "人员经费", "公用经费"],
    );
    let mut t = l.table(kind, vec![1, 1, 5, 3, 3, 3], head);
    for r in table.map(|t| t.rows.as_slice()).unwrap_or_default() {
        let mut cells: Vec<Cell> = code_parts(r.code, 2)
            .into_iter()
            .map(Cell::center)
            .collect();
        cells.push(Cell::text(r.name.clone()));
        cells.push(l.amount(r.amount));
        // the row's 人员经费 / 公用经费 as the package states them; a row without its split
        // prints the gap mark: a blank would read as zero, and a split worked out from the
        // economic classification would be a figure the package does not have
        if r.personnel.is_none() && r.public.is_none() {
            cells.extend([
                Cell::num(crate::doc::TABLE_GAP),
                Cell::num(crate::doc::TABLE_GAP),
            ]);
        } else {
            cells.extend([r.personnel, r.public].map(|a| l.amount(a)));
        }
        t.body.push(cells);
    }
    let tot = table.map(|t| t.total.clone()).unwrap_or_default();
    let mut total = vec![Cell::center("合计").span(3, 1)];
    total.extend([tot.total, tot.personnel, tot.public].map(|a| l.amount(a)));
    t.body.push(total);
    t
}

fn three_public(l: &Layout) -> Table {
    let head = vec![
        vec![
            Cell::head("“三公”经费预算数").span(6, 1),
            Cell::head("机关运行经费预算数").span(1, 3),
        ],
        vec![
            Cell::head("合计").span(1, 2),
            Cell::head("因公出国（境）费").span(1, 2),
            Cell::head("公务接待费").span(1, 2),
            Cell::head("公务用车购置及运行费").span(3, 1),
        ],
        vec![
            Cell::head("小计"),
            Cell::head("购置费"),
            Cell::head("运行费"),
        ],
    ];
    let mut t = l.table(TableKind::ThreePublic, vec![2; 7], head);
    let b: ThreePublicFigures = l
        .pkg
        .tables
        .three_public
        .as_ref()
        .map(|t| t.budget.clone())
        .unwrap_or_default();
    // 机关运行经费 is stated outside the table: a blank is unknown, not zero
    let running = match l.pkg.agency_running_costs {
        Some(a) => l.amount(Some(a)),
        None => Cell::num(crate::doc::TABLE_GAP),
    };
    let mut row: Vec<Cell> = [
        b.total,
        b.overseas,
        b.reception,
        b.vehicle,
        b.vehicle_purchase,
        b.vehicle_operation,
    ]
    .into_iter()
    .map(|a| l.amount(a))
    .collect();
    row.push(running);
    t.body.push(row);
    t
}

fn procurement(l: &Layout) -> Table {
    let head = vec![
        vec![Cell::head("政府采购预算").span(4, 1)],
        ["合计", "货物", "工程", "服务"]
            .into_iter()
            .map(Cell::head)
            .collect(),
    ];
    let mut t = l.table(TableKind::Procurement, vec![3; 4], head);
    let p = l
        .pkg
        .tables
        .procurement
        .as_ref()
        .map(|p| p.figures.clone())
        .unwrap_or_default();
    t.body.push(
        [
            p.budget_total,
            p.budget_goods,
            p.budget_works,
            p.budget_services,
        ]
        .into_iter()
        .map(|a| l.amount(a))
        .collect(),
    );
    t
}

fn purchased_services(l: &Layout) -> Table {
    super::purchased_services_as(l, "预算金额")
}
