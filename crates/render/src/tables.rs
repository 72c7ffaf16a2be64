//! The public report tables (第一部分/第二部分 决算表) as printed: titles, merged headers,
//! the two-sided summary tables, 类/款/项 rows, notes. One layout feeds every output.

use juesuan_model::fields::{CellValue, CodedRecord, Record};
use juesuan_model::tables::{BasicTable, CodedTable, ThreePublicFigures};
use juesuan_model::{Amount, Catalog, Code, Level, Package, Profile, TableKind};

use rust_decimal::Decimal;

use crate::doc::{Cell, TABLE_GAP, Table};
use crate::format::{chinese_number, table_amount};

mod budget;

struct Layout<'a> {
    pkg: &'a Package,
    profile: &'a Profile,
    catalog: &'a Catalog,
    /// The table is partial: a figure it lacks is unknown, and printed as a gap
    /// ([`TABLE_GAP`]) rather than a blank, which reads as zero.
    partial: bool,
    /// The unit the table prints (`万元`, `元`: the profile's `table_style`).
    unit: &'a str,
}

/// What a figure in 万元 is multiplied by to print it in `unit`; `None` for a unit the
/// generator does not print in (the table then stays in 万元).
fn unit_factor(unit: &str) -> Option<Decimal> {
    match juesuan_model::amount::MoneyUnit::from_label(unit)? {
        juesuan_model::amount::MoneyUnit::Yuan => Some(Decimal::from(10_000)),
        juesuan_model::amount::MoneyUnit::Qian => Some(Decimal::from(10)),
        juesuan_model::amount::MoneyUnit::Wan => Some(Decimal::ONE),
        juesuan_model::amount::MoneyUnit::Yi => None,
    }
}

impl Layout<'_> {
    fn amount(&self, a: Option<Amount>) -> Cell {
        match a {
            Some(a) => {
                let v = unit_factor(self.unit)
                    .and_then(|f| a.value().checked_mul(f))
                    .unwrap_or(a.value());
                Cell::num(table_amount(v, self.profile.thousands_separator))
            }
            None => self.blank(),
        }
    }

    /// The unit printed above the table: the profile's when the generator prints in it.
    fn unit_label(&self) -> &str {
        if unit_factor(self.unit).is_some() {
            self.unit
        } else {
            "万元"
        }
    }

    fn value(&self, v: Option<CellValue>) -> Cell {
        match v {
            Some(CellValue::Amount(a)) => self.amount(Some(a)),
            Some(other) => Cell::num(other.to_string()),
            None => self.blank(),
        }
    }

    /// A cell without a figure: zero in a complete table, a gap in a partial one.
    fn blank(&self) -> Cell {
        Cell::num(if self.partial { TABLE_GAP } else { "" })
    }

    fn table(&self, kind: TableKind, widths: Vec<u16>, head: Vec<Vec<Cell>>) -> Table {
        let style = &self.profile.table_style;
        let title = self.profile.title(kind);
        Table {
            id: format!("table-{}", kind.key()),
            title: if style.year_in_title {
                format!("{}年{title}", self.pkg.unit.year)
            } else {
                title.to_string()
            },
            org: Some(format!("{}：{}", style.org_label, self.pkg.unit.name)),
            unit: Some(format!("单位：{}", self.unit_label())),
            wide: widths.len() > 6,
            widths,
            head,
            body: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// The public table of `kind` as printed for this package's profile.
pub fn public_table(pkg: &Package, profile: &Profile, catalog: &Catalog, kind: TableKind) -> Table {
    let l = Layout {
        pkg,
        profile,
        catalog,
        partial: pkg.tables.coverage(kind) == Some(juesuan_model::Coverage::Partial),
        unit: profile.table_style.unit_of(kind),
    };
    if pkg.is_budget() {
        return budget::table(&l, kind);
    }
    let t = &pkg.tables;
    match kind {
        TableKind::Summary => summary(&l),
        TableKind::AppropriationSummary => appropriation_summary(&l),
        TableKind::Income => coded(&l, kind, t.income.as_ref()),
        TableKind::Expenditure => coded(&l, kind, t.expenditure.as_ref()),
        TableKind::GeneralBudget => coded(&l, kind, t.general_budget.as_ref()),
        TableKind::GovFund => coded(&l, kind, t.gov_fund.as_ref()),
        TableKind::StateCapital => coded(&l, kind, t.state_capital.as_ref()),
        TableKind::GeneralBudgetBasic => basic(&l, kind, t.general_budget_basic.as_ref()),
        TableKind::GovFundBasic => basic(&l, kind, t.gov_fund_basic.as_ref()),
        TableKind::ThreePublic => three_public(&l),
        TableKind::Procurement => procurement(&l),
        TableKind::PurchasedServices => purchased_services(&l),
    }
}

/// Every public table of the profile, in order.
pub fn public_tables(pkg: &Package, profile: &Profile, catalog: &Catalog) -> Vec<Table> {
    profile
        .tables
        .iter()
        .map(|&k| public_table(pkg, profile, catalog, k))
        .collect()
}

fn numbered(i: usize, name: &str) -> String {
    format!("{}、{name}", chinese_number(i + 1))
}

/// The function classes the summary tables list: the catalog's 总表 lines, plus any class
/// the package has that the catalog lacks.
fn summary_classes(l: &Layout, have: &[(Code, String)]) -> Vec<(Code, String)> {
    let mut out: Vec<(Code, String)> = l
        .catalog
        .summary_classes()
        .into_iter()
        .map(|e| (e.code, e.name.clone()))
        .collect();
    for (c, n) in have {
        if !out.iter().any(|(o, _)| o == c) {
            out.push((*c, n.clone()));
        }
    }
    out
}

fn summary(l: &Layout) -> Table {
    let s = l.pkg.tables.summary.as_ref();
    let mut t = l.table(
        TableKind::Summary,
        vec![5, 2, 5, 2],
        vec![
            vec![Cell::head("收入").span(2, 1), Cell::head("支出").span(2, 1)],
            vec![
                Cell::head("项目"),
                Cell::head("决算数"),
                Cell::head("项目"),
                Cell::head("决算数"),
            ],
        ],
    );
    t.wide = false;
    let inc = s.map(|s| s.income.clone()).unwrap_or_default();
    // 财政拨款收入 as one line (the central format) only where the package states it.
    let one_line = inc
        .appropriation
        .map(|a| ("财政拨款收入", Some(a)))
        .into_iter();
    let left: Vec<(String, Option<Amount>)> = one_line
        .chain([
            ("一般公共预算财政拨款收入", inc.general_budget),
            ("政府性基金预算财政拨款收入", inc.gov_fund),
            ("国有资本经营预算财政拨款收入", inc.state_capital),
            ("上级补助收入", inc.superior_subsidy),
            ("事业收入", inc.institutional),
            ("经营收入", inc.operating),
            ("附属单位上缴收入", inc.affiliate_remittance),
            ("其他收入", inc.other),
        ])
        .enumerate()
        .map(|(i, (n, a))| (numbered(i, n), a))
        .collect();
    let lines = s.map(|s| s.expenditure.as_slice()).unwrap_or_default();
    let have: Vec<(Code, String)> = lines.iter().map(|c| (c.code, c.name.clone())).collect();
    let right: Vec<(String, Option<Amount>)> = summary_classes(l, &have)
        .into_iter()
        .enumerate()
        .map(|(i, (code, name))| {
            let a = lines.iter().find(|c| c.code == code).and_then(|c| c.amount);
            (numbered(i, &name), a)
        })
        .collect();
    two_sided(l, &mut t, &left, &right);
    let et = s.map(|s| s.expenditure_totals.clone()).unwrap_or_default();
    for (a, av, b, bv) in [
        ("本年收入合计", inc.total, "本年支出合计", et.total),
        (
            "使用非财政拨款结余",
            inc.non_appropriation_balance,
            "结余分配",
            et.balance_distribution,
        ),
        (
            "年初结转和结余",
            inc.opening_carryover,
            "年末结转和结余",
            et.closing_carryover,
        ),
        ("总计", inc.grand_total, "总计", et.grand_total),
    ] {
        t.body.push(vec![
            Cell::center(a),
            l.amount(av),
            Cell::center(b),
            l.amount(bv),
        ]);
    }
    t.notes
        .push("注：本表反映部门本年度的总收支和年末结转结余情况。".into());
    t
}

fn two_sided(
    l: &Layout,
    t: &mut Table,
    left: &[(String, Option<Amount>)],
    right: &[(String, Option<Amount>)],
) {
    let half = |side: &[(String, Option<Amount>)], i: usize| match side.get(i) {
        Some((n, a)) => [Cell::text(n.clone()), l.amount(*a)],
        None => [Cell::text(""), Cell::num("")],
    };
    for i in 0..left.len().max(right.len()) {
        let mut row = Vec::with_capacity(4);
        row.extend(half(left, i));
        row.extend(half(right, i));
        t.body.push(row);
    }
}

fn appropriation_summary(l: &Layout) -> Table {
    let a = l.pkg.tables.appropriation_summary.as_ref();
    let cols = [
        "合计",
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
    ];
    let head1 = vec![Cell::head("收入").span(2, 1), Cell::head("支出").span(5, 1)];
    let mut head2 = vec![Cell::head("项目"), Cell::head("决算数"), Cell::head("项目")];
    head2.extend(cols.iter().map(|c| Cell::head(*c)));
    let mut t = l.table(
        TableKind::AppropriationSummary,
        vec![5, 2, 5, 2, 2, 2, 2],
        vec![head1, head2],
    );
    // printed on a portrait page, as published
    t.wide = false;
    let inc = a.map(|a| a.income.clone()).unwrap_or_default();
    let vals = |v: &juesuan_model::tables::AppropriationValues| {
        [v.total, v.general_budget, v.gov_fund, v.state_capital]
    };
    let rows = a.map(|a| a.expenditure.as_slice()).unwrap_or_default();
    let have: Vec<(Code, String)> = rows.iter().map(|r| (r.code, r.name.clone())).collect();
    let left = [
        ("一、一般公共预算财政拨款", inc.general_budget),
        ("二、政府性基金预算财政拨款", inc.gov_fund),
        ("三、国有资本经营预算财政拨款", inc.state_capital),
    ];
    let classes = summary_classes(l, &have);
    for i in 0..classes.len().max(left.len()) {
        let mut row = match left.get(i) {
            Some((n, v)) => vec![Cell::text(*n), l.amount(*v)],
            None => vec![Cell::text(""), Cell::num("")],
        };
        match classes.get(i) {
            Some((code, name)) => {
                row.push(Cell::text(numbered(i, name)));
                let r = rows.iter().find(|r| r.code == *code);
                for v in r.map(|r| vals(&r.values())).unwrap_or_default() {
                    row.push(l.amount(v));
                }
            }
            None => row.extend((0..5).map(|_| Cell::num(""))),
        }
        t.body.push(row);
    }
    let blank = juesuan_model::tables::AppropriationValues::default();
    let et = a.map(|a| &a.expenditure_total).unwrap_or(&blank);
    let cc = a.map(|a| &a.closing_carryover).unwrap_or(&blank);
    let gt = a.map(|a| &a.grand_total).unwrap_or(&blank);
    let mut push = |ln: &str, lv: Option<Amount>, rn: &str, rv: [Option<Amount>; 4]| {
        let mut row = vec![Cell::center(ln), l.amount(lv), Cell::center(rn)];
        row.extend(rv.into_iter().map(|v| l.amount(v)));
        t.body.push(row);
    };
    push("本年收入合计", inc.total, "本年支出合计", vals(et));
    push(
        "年初财政拨款结转和结余",
        inc.opening_carryover,
        "年末财政拨款结转和结余",
        vals(cc),
    );
    let none = [None; 4];
    push(
        "一、一般公共预算财政拨款",
        inc.opening_general_budget,
        "",
        none,
    );
    push("二、政府性基金预算财政拨款", inc.opening_gov_fund, "", none);
    push(
        "三、国有资本经营预算财政拨款",
        inc.opening_state_capital,
        "",
        none,
    );
    push("总计", inc.grand_total, "总计", vals(gt));
    t.notes
        .push("注：本表反映部门本年度财政拨款总收支和结转结余情况。".into());
    t
}

/// Header of a coded table's value columns: (group, leaf, field index), leaving out
/// columns that are not published (年初预算数).
fn value_columns<R: Record>(kind: TableKind) -> Vec<(Option<&'static str>, &'static str, usize)> {
    R::FIELDS
        .iter()
        .enumerate()
        .filter(|(_, f)| f.key != "initial_budget")
        .map(|(i, f)| match (kind, f.key) {
            (TableKind::GovFund | TableKind::StateCapital, "expenditure") => {
                (Some("本年支出"), "小计", i)
            }
            (TableKind::GovFund | TableKind::StateCapital, "basic" | "project") => {
                (Some("本年支出"), f.label, i)
            }
            _ => (None, f.label, i),
        })
        .collect()
}

fn note_for(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Income => "注：本表反映部门本年度取得的各项收入情况。",
        TableKind::Expenditure => "注：本表反映部门本年度各项支出情况。",
        TableKind::GeneralBudget => "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
        TableKind::GovFund => {
            "注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。"
        }
        TableKind::StateCapital => {
            "注：本表反映部门本年度国有资本经营预算财政拨款收入支出及结转和结余情况。"
        }
        TableKind::GeneralBudgetBasic => {
            "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"
        }
        TableKind::GovFundBasic => "注：本表反映部门本年度政府性基金预算财政拨款基本支出明细情况。",
        TableKind::ThreePublic => "注：本表反映部门本年度“三公”经费支出预决算情况。",
        _ => "",
    }
}

fn coded<Rw: CodedRecord, T: Record>(
    l: &Layout,
    kind: TableKind,
    table: Option<&CodedTable<Rw, T>>,
) -> Table {
    let cols = value_columns::<Rw>(kind);
    let grouped = cols.iter().any(|c| c.0.is_some());
    let rows_h = if grouped { 2 } else { 1 };
    let mut h1 = vec![
        Cell::head("科目编码").span(1, rows_h),
        Cell::head("科目名称").span(1, rows_h),
    ];
    let mut h2 = Vec::new();
    let mut i = 0;
    while i < cols.len() {
        match cols[i].0 {
            Some(g) => {
                let n = cols[i..].iter().take_while(|c| c.0 == Some(g)).count();
                h1.push(Cell::head(g).span(n as u16, 1));
                h2.extend(cols[i..i + n].iter().map(|c| Cell::head(c.1)));
                i += n;
            }
            None => {
                h1.push(Cell::head(cols[i].1).span(1, rows_h));
                i += 1;
            }
        }
    }
    let mut head = vec![h1];
    if grouped {
        head.push(h2);
    }
    let mut widths = vec![2, 5];
    widths.extend(cols.iter().map(|_| 2));
    let mut t = l.table(kind, widths, head);
    let total_row = |t: &mut Table| {
        let mut row = vec![Cell::center("合计").span(2, 1)];
        for c in &cols {
            let key = Rw::FIELDS[c.2].key;
            let v = table.and_then(|tb| T::index_of(key).and_then(|k| tb.total.get(k)));
            row.push(l.value(v));
        }
        t.body.push(row);
    };
    let total_last = kind == TableKind::GeneralBudget;
    if !total_last {
        total_row(&mut t);
    }
    for row in table.map(|t| t.rows.as_slice()).unwrap_or_default() {
        let mut cells = vec![Cell::center(row.code().as_str()), Cell::text(row.name())];
        for c in &cols {
            cells.push(l.value(row.get(c.2)));
        }
        t.body.push(cells);
    }
    if total_last {
        total_row(&mut t);
    }
    t.notes.push(note_for(kind).to_string());
    let empty = table.is_none_or(|tb| tb.is_empty());
    match table.and_then(|tb| tb.note.clone()) {
        Some(n) => t
            .notes
            .push(if n.starts_with("说明") || n.starts_with("注") {
                n
            } else {
                format!("说明：{n}")
            }),
        None if empty && matches!(kind, TableKind::GovFund | TableKind::StateCapital) => {
            let what = match kind {
                TableKind::GovFund => "政府性基金预算财政拨款收入和支出",
                _ => "国有资本经营预算财政拨款收入和支出",
            };
            t.notes.push(format!(
                "说明：{}本年度没有{what}，故本表无数据。",
                l.pkg.unit.name
            ));
        }
        None => {}
    }
    t
}

fn basic(l: &Layout, kind: TableKind, table: Option<&BasicTable>) -> Table {
    let head = vec![vec![
        Cell::head("科目编码"),
        Cell::head("科目名称"),
        Cell::head("决算数"),
        Cell::head("科目编码"),
        Cell::head("科目名称"),
        Cell::head("决算数"),
    ]];
    let mut t = l.table(kind, vec![2, 5, 2, 2, 5, 2], head);
    t.wide = false;
    let rows = table.map(|t| t.rows.as_slice()).unwrap_or_default();
    let side = |personnel: bool| -> Vec<(Code, String, Option<Amount>)> {
        rows.iter()
            .filter(|r| l.catalog.is_personnel(&r.code) == personnel)
            .map(|r| (r.code, r.name.clone(), r.amount))
            .collect()
    };
    let (left, right) = (side(true), side(false));
    for i in 0..left.len().max(right.len()) {
        let mut row = Vec::with_capacity(6);
        for s in [&left, &right] {
            match s.get(i) {
                Some((c, n, a)) => {
                    let name = if c.level() == Level::Class {
                        n.clone()
                    } else {
                        format!("  {n}")
                    };
                    row.push(Cell::center(c.as_str()));
                    row.push(Cell::text(name));
                    row.push(l.amount(*a));
                }
                None => row.extend([Cell::text(""), Cell::text(""), Cell::num("")]),
            }
        }
        t.body.push(row);
    }
    let tot = table.map(|t| t.total.clone()).unwrap_or_default();
    t.body.push(vec![
        Cell::center("人员经费合计").span(2, 1),
        l.amount(tot.personnel),
        Cell::center("公用经费合计").span(2, 1),
        l.amount(tot.public),
    ]);
    t.notes.push(note_for(kind).to_string());
    t
}

fn three_public(l: &Layout) -> Table {
    let head = vec![
        vec![
            Cell::head("合计").span(2, 2),
            Cell::head("因公出国（境）费").span(2, 2),
            Cell::head("公务用车购置及运行维护费").span(6, 1),
            Cell::head("公务接待费").span(2, 2),
        ],
        vec![
            Cell::head("小计").span(2, 1),
            Cell::head("公务用车购置费").span(2, 1),
            Cell::head("公务用车运行维护费").span(2, 1),
        ],
        (0..12)
            .map(|i| Cell::head(if i % 2 == 0 { "预算数" } else { "决算数" }))
            .collect(),
    ];
    let mut t = l.table(TableKind::ThreePublic, vec![2; 12], head);
    let tp = l.pkg.tables.three_public.as_ref();
    let (b, a) = tp
        .map(|t| (t.budget.clone(), t.actual.clone()))
        .unwrap_or_default();
    let pick = |f: &ThreePublicFigures| {
        [
            f.total,
            f.overseas,
            f.vehicle,
            f.vehicle_purchase,
            f.vehicle_operation,
            f.reception,
        ]
    };
    let mut row = Vec::new();
    for (bv, av) in pick(&b).into_iter().zip(pick(&a)) {
        row.push(l.amount(bv));
        row.push(l.amount(av));
    }
    t.body.push(row);
    t.notes.push(note_for(TableKind::ThreePublic).to_string());
    t
}

fn procurement(l: &Layout) -> Table {
    let head = vec![
        vec![
            Cell::head("采购预算").span(4, 1),
            Cell::head("实际采购金额").span(4, 1),
            Cell::head("授予中小企业合同金额").span(1, 2),
            Cell::head("其中：授予小微企业合同金额").span(1, 2),
        ],
        [
            "合计", "货物", "工程", "服务", "合计", "货物", "工程", "服务",
        ]
        .into_iter()
        .map(Cell::head)
        .collect(),
    ];
    let mut t = l.table(TableKind::Procurement, vec![2; 10], head);
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
            p.total,
            p.goods,
            p.works,
            p.services,
            p.sme,
            p.small_micro,
        ]
        .into_iter()
        .map(|a| l.amount(a))
        .collect(),
    );
    t
}

fn purchased_services(l: &Layout) -> Table {
    purchased_services_as(l, "决算金额")
}

/// 政府购买服务 table with its amount column labelled `amount` (决算金额, 预算金额).
fn purchased_services_as(l: &Layout, amount: &str) -> Table {
    let head = vec![
        ["序号", "项目名称", "服务内容", amount, "承接主体", "备注"]
            .into_iter()
            .map(Cell::head)
            .collect(),
    ];
    let mut t = l.table(TableKind::PurchasedServices, vec![1, 5, 4, 2, 4, 2], head);
    let ps = l.pkg.tables.purchased_services.as_ref();
    for (i, item) in ps
        .map(|p| p.items.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        t.body.push(vec![
            Cell::center((i + 1).to_string()),
            Cell::text(item.name.clone().unwrap_or_default()),
            Cell::text(item.content.clone().unwrap_or_default()),
            l.amount(item.amount),
            Cell::text(item.provider.clone().unwrap_or_default()),
            Cell::text(item.note.clone().unwrap_or_default()),
        ]);
    }
    t.body.push(vec![
        Cell::center("合计").span(3, 1),
        l.amount(ps.and_then(|p| p.total)),
        Cell::text(""),
        Cell::text(""),
    ]);
    t
}

/// 部门决算单位构成: the units the accounts cover.
pub fn members(pkg: &Package) -> Table {
    let mut body: Vec<Vec<Cell>> = pkg
        .unit
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                Cell::center((i + 1).to_string()),
                Cell::text(m.name.clone()),
                Cell::text(m.note.clone().unwrap_or_default()),
            ]
        })
        .collect();
    if body.is_empty() {
        body.push(vec![
            Cell::center("1"),
            Cell::text(format!("{}（本级）", pkg.unit.name)),
            Cell::text(""),
        ]);
    }
    Table {
        id: "members".into(),
        title: "部门决算单位构成".into(),
        org: None,
        unit: None,
        widths: vec![1, 8, 4],
        head: vec![vec![
            Cell::head("序号"),
            Cell::head("单位名称"),
            Cell::head("备注"),
        ]],
        body,
        notes: Vec::new(),
        wide: false,
    }
}
