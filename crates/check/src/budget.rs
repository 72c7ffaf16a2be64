//! Budget (部门预算) tables read by meaning: the title printed above a table names it (the
//! Shanghai district format's nine `20XX年部门…预算表`, the central format's `西南大学收支预算
//! 总表`…, Jiangsu's `公开0N表…`), and each column is found by its header words, so that the
//! figures land in the package's tables (`kind = Budget`) converted to 万元, each keeping the
//! unit it was printed in. A table or column that has no home in the model is listed as not
//! read, never guessed into a field.

use juesuan_io::document::{At, Block, Document, Table};
use juesuan_model::fields::{CodedRecord, Record};
use juesuan_model::performance::{Indicator, ProjectTarget};
use juesuan_model::tables::{
    AppropriationRow, AppropriationSummary, BasicTable, ClassLine, CodedTable, Coverage,
    ExpenditureRow, FundRow, GeneralBudgetRow, IncomeRow, ProcurementTable, Summary, TableKind,
    ThreePublic,
};
use juesuan_model::text::compact;
use juesuan_model::{Amount, Code, MoneyUnit, Package};

/// What a budget document's tables gave.
#[derive(Debug, Default)]
pub(crate) struct BudgetTables {
    /// Tables read into the package: kind, where it starts, its block.
    pub read: Vec<(TableKind, At, usize)>,
    /// Tables recognised but not read (title as printed with why), where each starts.
    pub unread: Vec<(String, At)>,
    /// Columns or lines of read tables that have no home in the model.
    pub notices: Vec<String>,
    /// Project target tables read (where each starts, its block).
    pub targets: Vec<(At, usize)>,
}

/// What a title names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    Table(TableKind),
    /// 机关运行经费支出预算表 (Jiangsu 11): the budget's 机关运行经费.
    AgencyRunning,
    /// A known budget table with no home in the model, and why.
    NoHome(&'static str),
}

/// Printed titles (quotes and spaces removed, `20XX年` and `部门` prefixes allowed before
/// them) and what each names; the longest one a title ends with wins.
const TITLES: &[(&str, Target)] = &[
    ("财务收支预算总表", Target::Table(TableKind::Summary)),
    ("收支预算总表", Target::Table(TableKind::Summary)),
    ("收入预算总表", Target::Table(TableKind::Income)),
    ("收入预算表", Target::Table(TableKind::Income)),
    ("支出预算总表", Target::Table(TableKind::Expenditure)),
    ("支出预算表", Target::Table(TableKind::Expenditure)),
    (
        "财政拨款收支预算总表",
        Target::Table(TableKind::AppropriationSummary),
    ),
    (
        "一般公共预算支出功能分类预算表",
        Target::Table(TableKind::GeneralBudget),
    ),
    (
        "一般公共预算支出预算表（功能科目）",
        Target::Table(TableKind::GeneralBudget),
    ),
    (
        "政府性基金预算支出功能分类预算表",
        Target::Table(TableKind::GovFund),
    ),
    (
        "财政拨款政府性基金支出预算表",
        Target::Table(TableKind::GovFund),
    ),
    (
        "国有资本经营预算支出功能分类预算表",
        Target::Table(TableKind::StateCapital),
    ),
    (
        "一般公共预算基本支出部门预算经济分类预算表",
        Target::Table(TableKind::GeneralBudgetBasic),
    ),
    (
        "一般公共预算基本支出预算表（经济科目）",
        Target::Table(TableKind::GeneralBudgetBasic),
    ),
    (
        "三公经费和机关运行经费预算表",
        Target::Table(TableKind::ThreePublic),
    ),
    (
        "三公经费、会议费、培训费支出预算表",
        Target::Table(TableKind::ThreePublic),
    ),
    ("一般公共预算机关运行经费支出预算表", Target::AgencyRunning),
    ("政府采购预算表", Target::Table(TableKind::Procurement)),
    (
        "财政拨款支出预算表",
        Target::NoHome("含各类财政拨款的支出表，模型中没有对应的预算表"),
    ),
    (
        "财政拨款支出预算表（功能科目）",
        Target::NoHome("含各类财政拨款的支出表，模型中没有对应的预算表"),
    ),
    (
        "财政拨款基本支出预算表（经济科目）",
        Target::NoHome("含各类财政拨款的基本支出表，模型中没有对应的预算表"),
    ),
];

/// The title printed in a paragraph, cut before what follows it on the line (`编制部门：…`,
/// `部门：…`, `单位：…`), after a `公开0N表` heading or an earlier note run into it.
fn title_in(text: &str) -> Option<String> {
    let mut t = compact(text).replace(['"', '“', '”'], "");
    if let Some(i) = t.rfind("公开") {
        let rest = &t[i + "公开".len()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && rest[digits..].starts_with('表') {
            t = rest[digits + '表'.len_utf8()..].to_string();
        }
    }
    for cut in ["编制部门", "编制单位", "部门：", "部门:", "单位：", "单位:"] {
        if let Some(i) = t.find(cut)
            && i > 0
        {
            t.truncate(i);
        }
    }
    (t.ends_with('表') || t.ends_with('）') || t.ends_with(')')).then_some(t)
}

/// What a title names, by the longest known title it ends with: the printed titles above,
/// the national and regional budget titles of the model (`TableKind::budget_titles`), and
/// the budget profiles' titles (Beijing's `收支总表`, `一般公共预算财政拨款支出表`…).
fn target_of(title: &str) -> Option<Target> {
    let model = TableKind::ALL.into_iter().flat_map(|k| {
        let profiles = juesuan_model::Profile::builtins()
            .iter()
            .filter(|p| p.kind == juesuan_model::DisclosureKind::Budget)
            .filter_map(move |p| p.titles.get(&k).map(String::as_str));
        k.budget_titles()
            .iter()
            .copied()
            .chain(profiles)
            .map(move |t| (t, Target::Table(k)))
    });
    TITLES
        .iter()
        .copied()
        .chain(model)
        .map(|(t, k)| (compact(t).replace(['"', '“', '”'], ""), k))
        .filter(|(t, _)| title.ends_with(t.as_str()))
        .max_by_key(|(t, _)| t.len())
        .map(|(_, k)| k)
}

/// The title and unit printed above table block `i`.
fn above(blocks: &[Block], i: usize) -> (Option<String>, Option<MoneyUnit>) {
    let (mut title, mut unit) = (None, None);
    for b in blocks[..i].iter().rev().take(3) {
        let Block::Para(p) = b else { break };
        let c = compact(&p.text);
        if unit.is_none()
            && let Some(at) = c.rfind("单位")
        {
            let rest = c[at..]
                .trim_start_matches("单位")
                .trim_start_matches([':', '：']);
            unit = ["万元", "千元", "亿元", "元"]
                .iter()
                .find(|u| rest.starts_with(**u))
                .and_then(|u| MoneyUnit::from_label(u));
        }
        if title.is_none()
            && let Some(t) = title_in(&p.text)
        {
            title = Some(t);
        }
        if title.is_some() {
            break;
        }
    }
    (title, unit)
}

/// A table's cells as compact text, with its header rows told apart: `leaf[c]` is the lowest
/// label printed over column `c`, `group[c]` the labels above it (merged labels run right
/// over the blank cells beside them).
struct Grid {
    rows: Vec<Vec<String>>,
    head: usize,
    leaf: Vec<String>,
    group: Vec<String>,
}

fn is_number(s: &str) -> bool {
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-'))
}

const TOTAL_WORDS: &[&str] = &["合计", "总计", "收入总计", "支出总计"];

impl Grid {
    fn new(t: &Table) -> Grid {
        let rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| compact(&c.text)).collect())
            .collect();
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let head = rows
            .iter()
            .position(|r| {
                // a figure, a numbered line, or a lone 合计 (an empty table's totals row);
                // a header names 合计 among other labels
                let labels = r.iter().filter(|c| !c.is_empty()).count();
                r.iter().any(|c| is_number(c) || c.starts_with("一、"))
                    || (labels == 1 && r.iter().any(|c| TOTAL_WORDS.contains(&c.as_str())))
            })
            .unwrap_or(rows.len())
            .min(5);
        let text = |r: usize, c: usize| {
            rows.get(r)
                .and_then(|x| x.get(c))
                .map_or("", String::as_str)
        };
        // labels of the upper header rows run right over the blank cells beside them
        let filled: Vec<Vec<String>> = (0..head)
            .map(|r| {
                let mut run = String::new();
                (0..width)
                    .map(|c| {
                        let t = text(r, c);
                        if !t.is_empty() {
                            run = t.to_string();
                        }
                        run.clone()
                    })
                    .collect()
            })
            .collect();
        let mut leaf = vec![String::new(); width];
        let mut group = vec![String::new(); width];
        for c in 0..width {
            let Some(lr) = (0..head).rev().find(|&r| !text(r, c).is_empty()) else {
                continue;
            };
            leaf[c] = text(lr, c).to_string();
            group[c] = (0..lr)
                .filter_map(|r| filled.get(r).and_then(|x| x.get(c)))
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join("/");
        }
        Grid {
            rows,
            head,
            leaf,
            group,
        }
    }

    fn col(&self, f: impl Fn(&str, &str) -> bool) -> Option<usize> {
        (0..self.leaf.len()).find(|&c| f(&self.group[c], &self.leaf[c]))
    }

    fn cell(&self, r: usize, c: usize) -> &str {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .map_or("", String::as_str)
    }

    fn data(&self) -> impl Iterator<Item = (usize, &Vec<String>)> {
        self.rows.iter().enumerate().skip(self.head)
    }
}

fn amount(text: &str, unit: MoneyUnit) -> Option<Amount> {
    Amount::parse(text, unit).ok().flatten()
}

/// The code of a row: one column (`2010201`), or 类/款/项 in columns of their own with the
/// 款 and 项 parts losing a leading zero (`301 2` is 30102).
fn row_code(g: &Grid, r: usize, cols: &[usize]) -> Option<Code> {
    let mut s = String::new();
    for (k, &c) in cols.iter().enumerate() {
        let part = g.cell(r, c);
        if part.is_empty() {
            break;
        }
        if !part.chars().all(|ch| ch.is_ascii_digit()) {
            return None;
        }
        if k > 0 && part.len() == 1 {
            s.push('0');
        }
        s.push_str(part);
    }
    Code::parse(&s).ok()
}

fn has_codes(g: &Grid) -> bool {
    g.leaf.iter().any(|l| {
        matches!(l.as_str(), "类" | "款" | "项") || l.contains("编码") || l.contains("代码")
    })
}

/// What a value column of a coded table holds.
enum Col {
    Field(&'static str),
    /// A column the model has no field for (its label); when `counts` it is a part of the
    /// row's 合计, so the table can no longer be summed.
    NoHome {
        label: String,
        counts: bool,
    },
}

/// Reads a coded table: rows by code, the 合计 row as the totals.
fn coded<R: CodedRecord, T: Record>(
    g: &Grid,
    unit: MoneyUnit,
    map: impl Fn(&str, &str) -> Option<Col>,
    what: &str,
    notices: &mut Vec<String>,
) -> Option<CodedTable<R, T>> {
    let code_cols: Vec<usize> = (0..g.leaf.len())
        .filter(|&c| {
            let l = &g.leaf[c];
            matches!(l.as_str(), "类" | "款" | "项") || l.contains("编码") || l.contains("代码")
        })
        .collect();
    let name_col = g.col(|_, l| l.contains("名称"));
    if code_cols.is_empty() {
        return None;
    }
    let mut cols: Vec<(usize, &'static str)> = Vec::new();
    let mut partial = false;
    for c in 0..g.leaf.len() {
        if code_cols.contains(&c) || Some(c) == name_col || g.leaf[c].is_empty() {
            continue;
        }
        match map(&g.group[c], &g.leaf[c]) {
            Some(Col::Field(k)) => cols.push((c, k)),
            Some(Col::NoHome { label, counts }) => {
                partial |= counts;
                notices.push(format!("{what}的“{label}”列模型中没有对应字段，未读取"));
            }
            None => {}
        }
    }
    let mut table = CodedTable::<R, T>::default();
    for (r, _) in g.data() {
        let code = row_code(g, r, &code_cols);
        let name = name_col.map_or("", |c| g.cell(r, c));
        let is_total = code.is_none()
            && (code_cols
                .iter()
                .chain(name_col.iter())
                .any(|&c| TOTAL_WORDS.contains(&g.cell(r, c))));
        if is_total {
            for &(c, k) in &cols {
                let text = g.cell(r, c);
                if let Some(i) = T::index_of(k)
                    && !text.is_empty()
                {
                    let _ = table.total.set_text(i, text, unit);
                }
            }
            continue;
        }
        let Some(code) = code else { continue };
        let mut row = R::new(code, name.to_string());
        for &(c, k) in &cols {
            let text = g.cell(r, c);
            if let Some(i) = R::index_of(k)
                && !text.is_empty()
            {
                let _ = row.set_text(i, text, unit);
            }
        }
        table.rows.push(row);
    }
    if partial {
        table.coverage = Coverage::Partial;
    }
    let held: Vec<&str> = cols.iter().map(|(_, k)| *k).collect();
    table.absent = R::FIELDS
        .iter()
        .map(|f| f.key)
        .filter(|k| !held.contains(k))
        .map(str::to_string)
        .collect();
    Some(table)
}

/// What value column `leaf` under `group` (`a/b`) is in a coded budget table whose rows are
/// `R`: the field the model's column labels and aliases name (`fields::column_field`, what
/// the 决算 and workbook readers use), else — a budget table printing one group of figures —
/// a generic word (`合计`, `小计`, `金额`) is the row's `total`; `其中：…` is a part of the
/// column before it; any other label has no home.
fn column<R: Record>(group: &str, leaf: &str, total: &'static str) -> Option<Col> {
    use juesuan_model::fields::{column_field, is_generic_column, is_part_column};
    if is_part_column(leaf) {
        return Some(Col::NoHome {
            label: leaf.to_string(),
            counts: false,
        });
    }
    let path: Vec<&str> = group
        .split('/')
        .filter(|g| !g.is_empty())
        .chain([leaf])
        .collect();
    let field = column_field::<R, _>(&path)
        .map(|i| R::FIELDS[i].key)
        .or_else(|| is_generic_column(leaf).then_some(total));
    Some(match field {
        Some(k) => Col::Field(k),
        None => Col::NoHome {
            label: leaf.to_string(),
            counts: true,
        },
    })
}

/// The 基本支出 table: rows keyed by economic code, 合计 (and 人员经费 / 公用经费 where
/// printed) as the totals.
fn basic(g: &Grid, unit: MoneyUnit, what: &str, notices: &mut Vec<String>) -> Option<BasicTable> {
    let mut t: BasicTable =
        coded::<juesuan_model::tables::EconomicRow, juesuan_model::tables::EconomicValues>(
            g,
            unit,
            |g, l| column::<juesuan_model::tables::EconomicRow>(g, l, "amount"),
            what,
            notices,
        )
        .map(|t| CodedTable {
            coverage: t.coverage,
            total: Default::default(),
            rows: t.rows,
            note: None,
            absent: t
                .absent
                .into_iter()
                .filter(|a| !juesuan_model::tables::SPLIT_COLUMNS.contains(&a.as_str()))
                .collect(),
        })?;
    // the totals row
    let amount_col = g.col(|_, l| l == "合计" || l == "金额");
    let personnel = g.col(|_, l| l == "人员经费");
    let public = g.col(|_, l| l == "公用经费");
    for (r, row) in g.data() {
        if row
            .iter()
            .take(3)
            .any(|c| TOTAL_WORDS.contains(&c.as_str()))
            && row_code(g, r, &[0]).is_none()
        {
            let get = |c: Option<usize>| c.and_then(|c| amount(g.cell(r, c), unit));
            t.total.total = get(amount_col);
            t.total.personnel = get(personnel);
            t.total.public = get(public);
        }
    }
    Some(t)
}

/// A two-sided table (收支总表): the label/amount pairs of each side, in printed order.
/// A label column and the amount column beside it.
type Pair = (usize, usize);

fn sides(g: &Grid) -> (Vec<Pair>, Vec<Pair>) {
    // label columns are the 项目 / 项目名称 / 功能科目名称 columns; the amount is the next
    let labels: Vec<usize> = (0..g.leaf.len())
        .filter(|&c| {
            let l = &g.leaf[c];
            l == "项目" || l.contains("名称")
        })
        .collect();
    let pair = |c: usize| (c, c + 1);
    let income = labels.first().map(|&c| vec![pair(c)]).unwrap_or_default();
    let expenditure = labels.iter().skip(1).map(|&c| pair(c)).collect();
    (income, expenditure)
}

fn strip_number(s: &str) -> &str {
    juesuan_model::text::strip_list_number(s)
}

/// 收支预算总表.
fn summary(
    g: &Grid,
    unit: MoneyUnit,
    catalog: &juesuan_model::Catalog,
    notices: &mut Vec<String>,
) -> Option<Summary> {
    let (income, expenditure) = sides(g);
    let (ic, ia) = *income.first()?;
    let mut s = Summary::default();
    for (r, _) in g.data() {
        let label = g.cell(r, ic);
        let value = amount(g.cell(r, ia), unit);
        let name = strip_number(label);
        let field = match name {
            "财政拨款收入" | "财政拨款" => Some(&mut s.income.appropriation),
            "一般公共预算资金" | "一般公共预算" => Some(&mut s.income.general_budget),
            "政府性基金" | "政府性基金预算" => Some(&mut s.income.gov_fund),
            "国有资本经营预算" => Some(&mut s.income.state_capital),
            "事业收入" => Some(&mut s.income.institutional),
            "事业单位经营收入" | "经营收入" => Some(&mut s.income.operating),
            "其他收入" => Some(&mut s.income.other),
            "本年收入合计" | "当年收入小计" => Some(&mut s.income.total),
            "使用非财政拨款结余" => Some(&mut s.income.non_appropriation_balance),
            "上年结转" | "上年结转资金" => Some(&mut s.income.opening_carryover),
            "收入总计" | "收入合计" => Some(&mut s.income.grand_total),
            "" => None,
            other => {
                if value.is_some() || !other.starts_with("其中") {
                    notices.push(format!(
                        "收支预算总表的收入行“{label}”模型中没有对应字段，未读取"
                    ));
                }
                None
            }
        };
        if let Some(f) = field {
            *f = value;
        }
    }
    // the expenditure side: the first pair holds the class lines and totals; any further
    // pair (Jiangsu's 支出用途) has no home
    let mut pairs = expenditure.into_iter();
    let (ec, ea) = pairs.next()?;
    for (c, _) in pairs {
        let l = g.group[c].rsplit('/').next().unwrap_or("").to_string();
        notices.push(format!(
            "收支预算总表的“{}”栏模型中没有对应字段，未读取",
            if l.is_empty() { g.leaf[c].clone() } else { l }
        ));
    }
    for (r, _) in g.data() {
        let label = g.cell(r, ec);
        // a total may stand in the last column (Jiangsu prints 当年支出小计 across)
        let value = amount(g.cell(r, ea), unit).or_else(|| {
            g.rows
                .get(r)
                .and_then(|row| row.iter().rev().find(|c| is_number(c)))
                .and_then(|c| amount(c, unit))
                .filter(|_| label.contains("计") || label.contains("结转"))
        });
        let name = strip_number(label);
        match name {
            "" => {}
            "本年支出合计" | "当年支出小计" => s.expenditure_totals.total = value,
            "结转下年" | "结转下年资金" => s.expenditure_totals.closing_carryover = value,
            "支出总计" | "支出合计" => s.expenditure_totals.grand_total = value,
            class => {
                // a function class named as in the catalog
                let code = catalog.class_by_name(class).map(|e| e.code);
                match code {
                    Some(code) => s.expenditure.push(ClassLine {
                        code,
                        name: class.to_string(),
                        amount: value,
                    }),
                    None if value.is_some() => notices.push(format!(
                        "收支预算总表的支出行“{label}”不是已知的功能分类类级科目，未读取"
                    )),
                    None => {}
                }
            }
        }
    }
    // a format without a 本年收入合计 line (Shanghai's) does not print it: unknown, not zero
    if s.income.total.is_none() {
        s.absent.push("income.total".to_string());
    }
    Some(s)
}

/// 财政拨款收支预算总表 with expenditure by function class (Shanghai T4).
fn appropriation(
    g: &Grid,
    unit: MoneyUnit,
    catalog: &juesuan_model::Catalog,
) -> Option<AppropriationSummary> {
    let (income, expenditure) = sides(g);
    let (ic, ia) = *income.first()?;
    let (ec, _) = *expenditure.first()?;
    let col = |w: &str| g.col(|_, l| l == w);
    let (total, gb, gf, sc) = (
        col("合计")?,
        col("一般公共预算")?,
        col("政府性基金预算"),
        col("国有资本经营预算"),
    );
    let mut a = AppropriationSummary::default();
    for (r, _) in g.data() {
        let v = amount(g.cell(r, ia), unit);
        match strip_number(g.cell(r, ic)) {
            "一般公共预算资金" | "一般公共预算" => a.income.general_budget = v,
            "政府性基金" | "政府性基金预算" => a.income.gov_fund = v,
            "国有资本经营预算" => a.income.state_capital = v,
            "收入总计" | "收入合计" => a.income.grand_total = v,
            "本年收入合计" => a.income.total = v,
            _ => {}
        }
        let get = |c: Option<usize>| c.and_then(|c| amount(g.cell(r, c), unit));
        let values = juesuan_model::tables::AppropriationValues {
            total: get(Some(total)),
            general_budget: get(Some(gb)),
            gov_fund: get(gf),
            state_capital: get(sc),
        };
        match strip_number(g.cell(r, ec)) {
            "" => {}
            "支出总计" | "支出合计" => a.grand_total = values,
            "本年支出合计" => a.expenditure_total = values,
            class => {
                let code = catalog.class_by_name(class).map(|e| e.code)?;
                a.expenditure.push(AppropriationRow {
                    code,
                    name: class.to_string(),
                    total: values.total,
                    general_budget: values.general_budget,
                    gov_fund: values.gov_fund,
                    state_capital: values.state_capital,
                });
            }
        }
    }
    Some(a)
}

/// The “三公” table (Shanghai T9 with 机关运行经费; Jiangsu 09 with 会议费 and 培训费).
fn three_public(
    g: &Grid,
    unit: MoneyUnit,
    notices: &mut Vec<String>,
) -> Option<(ThreePublic, Option<Amount>)> {
    let r = g
        .data()
        .find(|(_, row)| row.iter().any(|c| is_number(c)))?
        .0;
    let get = |c: Option<usize>| c.and_then(|c| amount(g.cell(r, c), unit));
    let in_three = |grp: &str| grp.contains("三公");
    let in_vehicle = |grp: &str| grp.contains("公务用车");
    let total = g.col(|grp, l| (l == "合计" || l == "小计") && in_three(grp) && !in_vehicle(grp));
    let overseas = g.col(|_, l| l.starts_with("因公出国"));
    let reception = g.col(|_, l| l == "公务接待费");
    let vehicle = g.col(|grp, l| l == "小计" && in_vehicle(grp));
    let purchase = g.col(|grp, l| l == "公务用车购置费" || (l == "购置费" && in_vehicle(grp)));
    let operation = g.col(|grp, l| {
        l == "公务用车运行维护费" || l == "公务用车运行费" || (l == "运行费" && in_vehicle(grp))
    });
    let running = g.col(|_, l| l.contains("机关运行经费"));
    for c in 0..g.leaf.len() {
        let l = &g.leaf[c];
        if (l == "合计" && g.group[c].is_empty()) || l == "会议费" || l == "培训费" {
            notices.push(format!(
                "“三公”经费预算表的“{l}”列模型中没有对应字段，未读取"
            ));
        }
    }
    let mut t = ThreePublic::default();
    t.budget.total = get(total);
    t.budget.overseas = get(overseas);
    t.budget.reception = get(reception);
    t.budget.vehicle = get(vehicle);
    t.budget.vehicle_purchase = get(purchase);
    t.budget.vehicle_operation = get(operation);
    Some((t, get(running)))
}

/// Jiangsu 12 政府采购预算表: the 合计 and the 货物 / 工程 / 服务 lines (the item list has no
/// home).
fn procurement(g: &Grid, unit: MoneyUnit, notices: &mut Vec<String>) -> Option<ProcurementTable> {
    let last = g.leaf.len().checked_sub(1)?;
    let mut p = ProcurementTable::default();
    // the kinds as columns (`合计 | 货物 | 工程 | 服务` over one row of figures)
    let col = |w: &str| g.col(|_, l| l == w);
    if let (Some(goods), Some(works), Some(services)) = (col("货物"), col("工程"), col("服务"))
    {
        let (r, _) = g.data().find(|(_, row)| row.iter().any(|c| is_number(c)))?;
        let get = |c: Option<usize>| c.and_then(|c| amount(g.cell(r, c), unit));
        p.figures.budget_total = get(col("合计"));
        p.figures.budget_goods = get(Some(goods));
        p.figures.budget_works = get(Some(works));
        p.figures.budget_services = get(Some(services));
        return Some(p);
    }
    let mut items = false;
    for (r, row) in g.data() {
        let first = row.first().map_or("", String::as_str);
        let v = amount(g.cell(r, last), unit);
        let name = strip_number(first);
        if name.is_empty() {
            items |= v.is_some();
            continue;
        }
        match name.trim_end_matches(|c: char| c.is_ascii_uppercase()) {
            "合计" | "总计" => p.figures.budget_total = v,
            "货物" => p.figures.budget_goods = v,
            "工程" => p.figures.budget_works = v,
            "服务" => p.figures.budget_services = v,
            _ => {}
        }
    }
    if items {
        notices.push("政府采购预算表的采购项目明细模型中没有对应字段，未读取".to_string());
    }
    Some(p)
}

/// Reads the public tables of a budget document into `pkg`.
pub(crate) fn read(
    doc: &Document,
    catalog: &juesuan_model::Catalog,
    pkg: &mut Package,
) -> BudgetTables {
    let mut out = BudgetTables::default();
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Table(t) = b else { continue };
        if let Some(target) = read_target(t) {
            pkg.performance.targets.push(target);
            out.targets.push((t.at, i));
            continue;
        }
        let (title, unit) = above(&doc.blocks, i);
        let Some(title) = title else { continue };
        let Some(target) = target_of(&title) else {
            if title.ends_with('表') && title.chars().count() <= 40 {
                out.unread.push((title, t.at));
            }
            continue;
        };
        let unit = unit.unwrap_or(MoneyUnit::Wan);
        let g = Grid::new(t);
        let what = title.clone();
        let note = match doc.blocks.get(i + 1) {
            Some(Block::Para(p)) if p.text.starts_with("注") => {
                // a title run into the note (`注：本部门无该项目公开11表…`) is not the note's
                let c = p.text.as_str();
                let end = c.find("公开").unwrap_or(c.len());
                Some(c[..end].trim().to_string())
            }
            _ => None,
        };
        let kind = match target {
            Target::NoHome(why) => {
                out.unread.push((format!("{title}（{why}）"), t.at));
                continue;
            }
            Target::AgencyRunning => {
                let total = g
                    .data()
                    .find(|(_, row)| row.iter().any(|c| TOTAL_WORDS.contains(&c.as_str())))
                    .and_then(|(_, row)| row.iter().rev().find(|c| is_number(c)))
                    .and_then(|c| amount(c, unit));
                if total.is_some() && pkg.agency_running_costs.is_none() {
                    pkg.agency_running_costs = total;
                    out.unread
                        .push((format!("{title}（只读取合计，作为机关运行经费预算）"), t.at));
                }
                continue;
            }
            Target::Table(k) => k,
        };
        if out.read.iter().any(|(k, _, _)| *k == kind) {
            continue;
        }
        let tables = &mut pkg.tables;
        let n = &mut out.notices;
        let ok = match kind {
            TableKind::Summary => summary(&g, unit, catalog, n)
                .map(|s| tables.summary = Some(s))
                .is_some(),
            TableKind::Income => coded(
                &g,
                unit,
                |g, l| column::<IncomeRow>(g, l, "total"),
                &what,
                n,
            )
            .map(|x| tables.income = Some(x))
            .is_some(),
            TableKind::Expenditure => coded(
                &g,
                unit,
                |g, l| column::<ExpenditureRow>(g, l, "total"),
                &what,
                n,
            )
            .map(|x| tables.expenditure = Some(x))
            .is_some(),
            TableKind::AppropriationSummary => match appropriation(&g, unit, catalog) {
                Some(a) if !a.expenditure.is_empty() => {
                    tables.appropriation_summary = Some(a);
                    true
                }
                _ => {
                    out.unread.push((
                        format!("{title}（支出按用途而非功能分类列示，模型中没有对应的表）"),
                        t.at,
                    ));
                    continue;
                }
            },
            TableKind::GeneralBudget => coded(
                &g,
                unit,
                |g, l| column::<GeneralBudgetRow>(g, l, "total"),
                &what,
                n,
            )
            .map(|x| tables.general_budget = Some(x))
            .is_some(),
            TableKind::GovFund | TableKind::StateCapital => {
                match coded(
                    &g,
                    unit,
                    |g, l| column::<FundRow>(g, l, "expenditure"),
                    &what,
                    n,
                ) {
                    Some(mut x) => {
                        x.note = note.clone();
                        // a budget prints no carry-over or income columns
                        if kind == TableKind::GovFund {
                            tables.gov_fund = Some(x);
                        } else {
                            tables.state_capital = Some(x);
                        }
                        true
                    }
                    None => false,
                }
            }
            TableKind::GeneralBudgetBasic => basic(&g, unit, &what, n)
                .map(|x| tables.general_budget_basic = Some(x))
                .is_some(),
            TableKind::ThreePublic => match three_public(&g, unit, n) {
                Some((x, running)) => {
                    tables.three_public = Some(x);
                    if running.is_some() {
                        pkg.agency_running_costs = running;
                    }
                    true
                }
                None => {
                    // an empty table: recognised, nothing to read
                    tables.three_public = Some(ThreePublic::default());
                    true
                }
            },
            TableKind::Procurement => procurement(&g, unit, n)
                .map(|x| tables.procurement = Some(x))
                .is_some(),
            // a list of services: the workbook reader's, as the 决算 reader reads it
            TableKind::PurchasedServices => {
                let line = format!("单位：{}", unit.label());
                juesuan_io::xlsx::read::read_recovered_table(kind, Some(&line), t, catalog)
                    .package
                    .tables
                    .purchased_services
                    .map(|x| tables.purchased_services = Some(x))
                    .is_some()
            }
            _ => false,
        };
        if ok {
            out.read.push((kind, t.at, i));
        } else if kind.classification().is_some() && !has_codes(&g) {
            out.unread.push((
                format!("{title}（未按科目编码列示，模型中没有对应的表）"),
                t.at,
            ));
        } else {
            out.unread
                .push((format!("{title}（表头不认识，未读取）"), t.at));
        }
    }
    out
}

/// A 项目绩效目标表 (the central format's `<project>绩效目标表(2023年度)`): the project,
/// its funds, 年度总体目标 and indicators with 指标值 and 分值; no 实际完成值 or 得分 (a table
/// with those is a self-evaluation, read elsewhere).
pub(crate) fn read_target(t: &Table) -> Option<ProjectTarget> {
    let g: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| compact(&c.text)).collect())
        .collect();
    let has = |w: &str| g.iter().flatten().any(|c| c.contains(w));
    if !has("项目名称") || !has("指标值") || has("实际完成值") || has("得分") {
        return None;
    }
    let after = |row: &[String], i: usize| -> Option<String> {
        row.iter().skip(i + 1).find(|c| !c.is_empty()).cloned()
    };
    let mut p = ProjectTarget::default();
    let mut head: Option<(usize, [Option<usize>; 5])> = None;
    let (mut l1, mut l2) = (String::new(), String::new());
    for (r, row) in g.iter().enumerate() {
        let first = row.first().map_or("", String::as_str);
        if let Some(i) = row.iter().position(|c| c == "项目名称")
            && p.name.is_empty()
        {
            p.name = after(row, i).unwrap_or_default();
        }
        if let Some(i) = row.iter().position(|c| c.starts_with("主管部门")) {
            p.department = after(row, i);
        }
        if let Some(i) = row.iter().position(|c| c == "实施单位") {
            p.implementer = after(row, i);
        }
        for (word, key) in [
            ("年度资金总额", "total"),
            ("财政拨款", "appropriation"),
            ("上年结转", "carryover"),
            ("其他资金", "other"),
        ] {
            if let Some(i) = row.iter().position(|c| c.contains(word))
                && let Some(v) = row.iter().skip(i + 1).find(|c| is_number(c))
                && let Some(k) = juesuan_model::performance::TargetFunds::index_of(key)
            {
                let _ = p.funds.set_text(k, v, MoneyUnit::Wan);
            }
        }
        if first.starts_with("年度总体目标") && p.goal.is_none() {
            p.goal = after(row, 0);
        }
        if let Some((hr, cols)) = head
            && r > hr
        {
            let get = |c: Option<usize>| c.map_or("", |c| row.get(c).map_or("", String::as_str));
            let (a, b, name) = (get(cols[0]), get(cols[1]), get(cols[2]));
            if !a.is_empty() {
                l1 = a.to_string();
            }
            if !b.is_empty() {
                l2 = b.to_string();
            }
            if name.is_empty() {
                continue;
            }
            let mut ind = Indicator::default();
            for (key, text) in [
                ("level1", l1.as_str()),
                ("level2", l2.as_str()),
                ("name", name),
                ("target", get(cols[3])),
                ("weight", get(cols[4])),
            ] {
                if let Some(k) = Indicator::index_of(key)
                    && !text.is_empty()
                {
                    let _ = ind.set_text(k, text, MoneyUnit::Wan);
                }
            }
            p.indicators.push(ind);
        } else if row.iter().any(|c| c == "三级指标") {
            let find = |f: &dyn Fn(&str) -> bool| row.iter().position(|c| f(c));
            head = Some((
                r,
                [
                    find(&|c| c == "一级指标"),
                    find(&|c| c == "二级指标"),
                    find(&|c| c == "三级指标"),
                    find(&|c| c.starts_with("指标值") || c.ends_with("指标值")),
                    find(&|c| c.starts_with("分值")),
                ],
            ));
        }
    }
    (!p.name.is_empty()).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: Option<Col>) -> String {
        match c {
            Some(Col::Field(k)) => k.to_string(),
            Some(Col::NoHome { label, counts }) => {
                format!("无：{label}{}", if counts { "" } else { "（其中）" })
            }
            None => "-".to_string(),
        }
    }

    /// Budget columns are named by the model's labels and aliases (as the 决算 reader names
    /// them); a generic word under a group that names no field is the row's total, because a
    /// budget table prints one group of figures; `其中` and unknown labels have no home.
    #[test]
    fn budget_columns_use_the_model_labels() {
        assert_eq!(
            key(column::<IncomeRow>("收入预算", "合计", "total")),
            "total"
        );
        assert_eq!(
            key(column::<IncomeRow>("2023年预算数", "小计", "total")),
            "total"
        );
        assert_eq!(
            key(column::<IncomeRow>("财政拨款收入", "小计", "total")),
            "appropriation"
        );
        assert_eq!(
            key(column::<IncomeRow>("收入预算", "事业单位经营收入", "total")),
            "operating"
        );
        assert_eq!(
            key(column::<IncomeRow>(
                "财政拨款收入",
                "其中：教育收费",
                "total"
            )),
            "无：其中：教育收费（其中）"
        );
        assert_eq!(
            key(column::<IncomeRow>("", "上年结转", "total")),
            "无：上年结转"
        );
        assert_eq!(
            key(column::<FundRow>(
                "政府性基金预算支出",
                "合计",
                "expenditure"
            )),
            "expenditure"
        );
        assert_eq!(
            key(column::<juesuan_model::tables::EconomicRow>(
                "一般公共预算基本支出",
                "公用经费",
                "amount"
            )),
            "public"
        );
        assert_eq!(
            key(column::<ExpenditureRow>("支出预算", "会议费", "total")),
            "无：会议费"
        );
    }
}
