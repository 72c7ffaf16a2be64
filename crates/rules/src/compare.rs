//! 预算 ↔ 决算: the figures two disclosures of one unit state about the same money.
//!
//! A [`Pair`] is two packages of one unit: a year's 决算 and its 预算 (the 决算's 年初预算
//! against the published budget, line by line), two budgets of consecutive years (this
//! year's 上年预算 figures against last year's budget), or a year's 决算 and the next
//! year's budget (the budget's 上年预算 against the 决算's 年初预算). [`pair`] tells which from
//! the packages' kinds and years and refuses any other pair in one sentence.
//!
//! The rules are registry entries of [`Family::Budget`] with codes `B-1xx` (`B-101`… for
//! 预算 ↔ 决算, `B-111` for two budgets, `B-121` for a 决算 and the next budget), each with
//! fixtures that are pairs of packages ([`CompareFixture`]). Figures are compared as
//! intervals (`interval.rs`): a 决算 in 万元 at 2 decimals and a budget in 元 are equal when
//! they agree at the coarser precision. Only figures both sides state are compared: a blank
//! of a complete table is zero, anything else unstated is unknown and skipped.

use std::cell::Cell;
use std::fmt;

use rust_decimal::Decimal;

use juesuan_diagnostics::{Location, RowRef, Unit};
use juesuan_model::tables::{
    AppropriationSummary, CodedTable, FundRow, GeneralBudgetRow, Summary, TableKind,
    ThreePublicFigures,
};
use juesuan_model::{Amount, Code, Coverage, DisclosureKind, Package, Profile};

use crate::interval::{Term, check_equal};
use crate::rules::{Doc, Family, Meta};
use crate::{Report, Severity, Sink};

/// Two packages of one unit that state figures about the same money.
#[derive(Debug, Clone, Copy)]
pub enum Pair<'a> {
    /// A year's 决算 and the same year's 预算.
    Accounts {
        /// The 决算.
        accounts: &'a Package,
        /// The 预算.
        budget: &'a Package,
    },
    /// Two budgets of consecutive years.
    Budgets {
        /// Last year's 预算.
        last: &'a Package,
        /// This year's 预算, whose 上年预算 figures are compared.
        this: &'a Package,
    },
    /// A year's 决算 and the next year's 预算.
    NextBudget {
        /// The 决算 of year Y.
        accounts: &'a Package,
        /// The 预算 of year Y + 1, whose 上年预算 figures are compared.
        budget: &'a Package,
    },
}

impl Pair<'_> {
    /// What is compared, for the report's heading.
    pub fn describe(&self) -> String {
        match self {
            Pair::Accounts { accounts, .. } => format!(
                "{}{}年度决算的年初预算与同年预算",
                accounts.unit.name, accounts.unit.year
            ),
            Pair::Budgets { last, this } => format!(
                "{}{}年预算所列上年预算与{}年预算",
                this.unit.name, this.unit.year, last.unit.year
            ),
            Pair::NextBudget { accounts, budget } => format!(
                "{}{}年预算所列上年预算与{}年度决算的年初预算",
                budget.unit.name, budget.unit.year, accounts.unit.year
            ),
        }
    }
}

/// Why two packages cannot be compared. Each names both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The units differ.
    Units(String, String),
    /// A 决算 and a 预算 of years that are neither the same nor the budget's year after.
    Years(String, String),
    /// Two 决算.
    BothFinal(String, String),
    /// Two budgets not of consecutive years.
    Budgets(String, String),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Units(a, b) => write!(f, "“{a}”与“{b}”不是同一单位，无法比较。"),
            Refused::Years(a, b) => write!(
                f,
                "“{a}”与“{b}”年度不相配，无法比较：决算须与同一年度的预算或下一年度的预算比较。"
            ),
            Refused::BothFinal(a, b) => write!(
                f,
                "“{a}”与“{b}”都是决算，无法比较：须是同一单位同一年度的决算和预算，或相邻两年的预算。"
            ),
            Refused::Budgets(a, b) => write!(
                f,
                "“{a}”与“{b}”都是预算但不是相邻两年，无法比较：须是同一单位同一年度的决算和预算，或相邻两年的预算。"
            ),
        }
    }
}

impl std::error::Error for Refused {}

fn describe(p: &Package) -> String {
    let name = if p.unit.name.trim().is_empty() {
        "（未识别单位）"
    } else {
        p.unit.name.trim()
    };
    format!("{name}{}年{}", p.unit.year, p.kind.label())
}

/// A unit's name without spaces, for comparing two packages' names.
fn unit_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The pair two packages make, in whichever order they are given; refused when the units
/// differ (or either is unnamed), or the kinds and years do not make one of the pairs.
pub fn pair<'a>(a: &'a Package, b: &'a Package) -> Result<Pair<'a>, Refused> {
    let (da, db) = (describe(a), describe(b));
    let (ka, kb) = (unit_key(&a.unit.name), unit_key(&b.unit.name));
    if ka.is_empty() || ka != kb {
        return Err(Refused::Units(da, db));
    }
    let next = |x: &Package, y: &Package| x.unit.year.checked_add(1) == Some(y.unit.year);
    match (a.kind, b.kind) {
        (DisclosureKind::Final, DisclosureKind::Final) => Err(Refused::BothFinal(da, db)),
        (DisclosureKind::Budget, DisclosureKind::Budget) => {
            if next(a, b) {
                Ok(Pair::Budgets { last: a, this: b })
            } else if next(b, a) {
                Ok(Pair::Budgets { last: b, this: a })
            } else {
                Err(Refused::Budgets(da, db))
            }
        }
        _ => {
            let (accounts, budget) = if a.kind == DisclosureKind::Final {
                (a, b)
            } else {
                (b, a)
            };
            if accounts.unit.year == budget.unit.year {
                Ok(Pair::Accounts { accounts, budget })
            } else if next(accounts, budget) {
                Ok(Pair::NextBudget { accounts, budget })
            } else {
                Err(Refused::Years(da, db))
            }
        }
    }
}

/// What a comparison rule sees: the pair, and a count of the figures compared (so that a
/// comparison finding nothing can say whether it compared anything).
pub struct CompareCtx<'a> {
    /// The two packages.
    pub pair: Pair<'a>,
    compared: Cell<usize>,
}

impl<'a> CompareCtx<'a> {
    /// The context of a pair.
    pub fn new(pair: Pair<'a>) -> CompareCtx<'a> {
        CompareCtx {
            pair,
            compared: Cell::new(0),
        }
    }

    fn count(&self) {
        self.compared.set(self.compared.get() + 1);
    }
}

/// The check of a comparison rule.
pub type CompareCheck = for<'a, 'b, 'c> fn(&'a CompareCtx<'b>, &mut Sink<'c>);

/// Which pair a comparison fixture starts from (the packages are in
/// `crates/rules/tests/fixtures/compare/`, read by [`crate::testing::compare_base`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareBase {
    /// The Shanghai example (Putuo 财政局 决算 2024) and its 2024 budget, which agree.
    Accounts,
    /// The 2024 budget and a 2025 budget whose 上年预算 figures agree with it.
    Budgets,
    /// The Shanghai example 决算 2024 and the 2025 budget.
    NextBudget,
}

/// A comparison fixture: a pair, edits to its first package (the 决算, or last year's
/// budget) and to its second (the budget, or this year's), and whether the rule fires.
#[derive(Debug, Clone, Copy)]
pub struct CompareFixture {
    /// The pair it starts from.
    pub base: CompareBase,
    /// Edits of the first package, in the [`crate::mutate`] language.
    pub first: &'static [&'static str],
    /// Edits of the second package.
    pub second: &'static [&'static str],
    /// Whether the rule fires.
    pub fires: bool,
}

const fn fx(
    base: CompareBase,
    first: &'static [&'static str],
    second: &'static [&'static str],
    fires: bool,
) -> CompareFixture {
    CompareFixture {
        base,
        first,
        second,
        fires,
    }
}

/// A comparison rule.
pub type CompareRule = juesuan_diagnostics::Rule<CompareCheck, CompareFixture>;

/// The result of a comparison: the findings and how many figures were compared.
#[derive(Debug, Clone)]
pub struct Compared {
    /// What was compared (`上海市普陀区财政局2024年度决算的年初预算与同年预算`).
    pub title: String,
    /// The findings.
    pub report: Report,
    /// How many pairs of figures were compared.
    pub figures: usize,
}

impl Compared {
    /// One line saying what was compared and what was found, for the top of a report.
    pub fn summary(&self) -> String {
        if self.figures == 0 {
            format!(
                "比较{}：两份材料没有都列出的可比数字，未作比较。",
                self.title
            )
        } else {
            format!(
                "比较{}：共比较 {} 个数字，{} 处不一致。",
                self.title,
                self.figures,
                self.report.findings.len()
            )
        }
    }
}

/// Compares two packages: every rule of [`RULES`] over their [`pair`].
pub fn compare(a: &Package, b: &Package) -> Result<Compared, Refused> {
    let pair = pair(a, b)?;
    Ok(compare_pair(pair))
}

/// Runs every comparison rule over a pair.
pub fn compare_pair(pair: Pair<'_>) -> Compared {
    let ctx = CompareCtx::new(pair);
    let mut findings = Vec::new();
    for rule in RULES {
        (rule.check)(&ctx, &mut rule.sink(&mut findings));
    }
    Compared {
        title: pair.describe(),
        report: Report::new(findings),
        figures: ctx.compared.get(),
    }
}

// ---------------------------------------------------------------------------------------
// Shared pieces

/// Decimals a figure is read at, at the least (the 万元 tables and texts print 2).
pub(crate) const MIN_DECIMALS: u32 = 2;

pub(crate) fn term(a: Amount) -> Term {
    Term::stated(a, MIN_DECIMALS)
}

/// A figure as written: `1560.05`, or `15600460元 (1560.0460 万元)` for one read in 元.
pub(crate) fn shown(a: Amount) -> String {
    let original = a.original();
    if original.ends_with('元') {
        format!("{original}（{} 万元）", a.value())
    } else {
        format!("{} 万元", a.value())
    }
}

fn shown_term(t: &Term, a: Option<Amount>) -> String {
    match a {
        Some(a) => shown(a),
        None => format!("{} 万元", t.value),
    }
}

/// A figure the other side is compared with: a stated amount, or a sum of stated rows.
struct Side {
    term: Term,
    /// The amount when it is one stated figure (to quote it as written).
    amount: Option<Amount>,
    /// How it was got, when not one figure (`由3个项级科目加总`).
    how: Option<String>,
}

impl Side {
    fn one(a: Amount) -> Side {
        Side {
            term: term(a),
            amount: Some(a),
            how: None,
        }
    }

    fn zero(how: &str) -> Side {
        Side {
            term: Term::exact(Decimal::ZERO),
            amount: None,
            how: Some(how.to_string()),
        }
    }
}

/// Compares `first` (labelled `first_label`) with `second`, counts the comparison, and
/// reports when the intervals cannot meet.
#[allow(clippy::too_many_arguments)]
fn compare_figures(
    ctx: &CompareCtx,
    sink: &mut Sink,
    loc: impl FnOnce() -> Location,
    what: &str,
    (first_label, first): (&str, &Side),
    (second_label, second): (&str, &Side),
    hint: &str,
) {
    ctx.count();
    let Some(m) = check_equal(first.term, second.term) else {
        return;
    };
    let a = shown_term(&first.term, first.amount);
    let mut b = shown_term(&second.term, second.amount);
    if let Some(how) = &second.how {
        b = format!("{b}（{how}）");
    }
    let mut difference = m.difference.abs().normalize();
    if difference.scale() < MIN_DECIMALS {
        difference.rescale(MIN_DECIMALS);
    }
    let message = format!("{what}：{first_label} {a}，{second_label} {b}，相差 {difference} 万元");
    let mut f = sink
        .finding(loc(), message)
        .number(first_label, first.term.value, Unit::Wanyuan)
        .number(second_label, second.term.value, Unit::Wanyuan)
        .relation(format!("{first_label} = {second_label}"))
        .arithmetic(m.arithmetic(Some(MIN_DECIMALS), Unit::Wanyuan));
    if !hint.is_empty() {
        f = f.hint(hint);
    }
    sink.push(f);
}

/// The profile a package's tables are numbered by (Beijing when it names none).
pub(crate) fn profile_of(p: &Package) -> Option<&'static Profile> {
    p.profile().or_else(|| Profile::builtin("beijing"))
}

/// A table of a package, as its profile numbers and titles it.
pub(crate) fn table_at(p: &Package, kind: TableKind) -> Location {
    let label = match profile_of(p) {
        Some(profile) => profile.table_label(kind, p.kind),
        None => kind.title_for(p.kind).to_string(),
    };
    Location::table(Some(kind.key()), label)
}

/// A figure of a table: stated, or zero for a blank of a complete table, else unknown.
fn cell(coverage: Coverage, a: Option<Amount>) -> Option<Side> {
    match a {
        Some(a) => Some(Side::one(a)),
        None if coverage == Coverage::Complete => Some(Side::zero("空白即为0")),
        None => None,
    }
}

/// One line of a coded table as the comparison reads it: code, name, the figure compared.
struct Line {
    code: Code,
    name: String,
    amount: Option<Amount>,
}

fn lines<R: juesuan_model::fields::CodedRecord>(
    t: &CodedTable<R, impl juesuan_model::fields::Record>,
    pick: fn(&R) -> Option<Amount>,
) -> Vec<Line> {
    t.rows
        .iter()
        .map(|r| Line {
            code: r.code(),
            name: r.name().to_string(),
            amount: pick(r),
        })
        .collect()
}

/// The budget's figure for `code`: its row when the budget prints one, else the sum of the
/// budget's lowest rows under it (level matching: a 决算 stating 年初预算 by 类 against a
/// budget by 项). `None` when the budget cannot say: a partial table without the line, a
/// row whose figure is blank in a partial table, or a budget printing only a coarser level
/// above the code (the line exists there but not at this level).
fn budget_figure(code: &Code, rows: &[Line], coverage: Coverage) -> Option<Side> {
    if let Some(row) = rows.iter().find(|r| r.code == *code) {
        return cell(coverage, row.amount);
    }
    let under: Vec<&Line> = rows
        .iter()
        .filter(|r| r.code.is_within(code) && r.code != *code)
        .collect();
    let leaves: Vec<&Line> = under
        .iter()
        .copied()
        .filter(|r| {
            !under
                .iter()
                .any(|o| o.code != r.code && o.code.is_within(&r.code))
        })
        .collect();
    if leaves.is_empty() {
        // The budget prints a coarser row above this code and nothing at its level: not
        // comparable here.
        if rows.iter().any(|r| code.is_within(&r.code)) || coverage != Coverage::Complete {
            return None;
        }
        return Some(Side::zero("预算表无此科目"));
    }
    let mut terms = Vec::with_capacity(leaves.len());
    for l in &leaves {
        terms.push(cell(coverage, l.amount)?.term);
    }
    Some(Side {
        term: Term::sum(&terms),
        amount: None,
        how: Some(format!("由预算表{}个下级科目加总", leaves.len())),
    })
}

/// B-101/B-102: each 年初预算 the 决算 states, by code and for the 合计, against the budget.
#[allow(clippy::too_many_arguments)]
fn coded_against_budget(
    ctx: &CompareCtx,
    sink: &mut Sink,
    accounts: &Package,
    kind: TableKind,
    stated: (&[Line], Option<Amount>),
    budget: (&[Line], Option<Amount>, Coverage),
    what: &str,
) {
    let (acc_lines, acc_total) = stated;
    let (bud_lines, bud_total, coverage) = budget;
    if let Some(total) = acc_total {
        let other = match bud_total {
            Some(b) => Some(Side::one(b)),
            None => {
                let classes: Vec<&Line> = bud_lines
                    .iter()
                    .filter(|l| l.code.parent().is_none())
                    .collect();
                let terms: Option<Vec<Term>> = classes
                    .iter()
                    .map(|l| cell(coverage, l.amount).map(|s| s.term))
                    .collect();
                terms.filter(|t| !t.is_empty()).map(|t| Side {
                    term: Term::sum(&t),
                    amount: None,
                    how: Some(format!("由预算表{}个类级科目加总", t.len())),
                })
            }
        };
        if let Some(other) = other {
            compare_figures(
                ctx,
                sink,
                || table_at(accounts, kind).row("合计").column("年初预算数"),
                &format!("{what}合计"),
                ("决算所列年初预算", &Side::one(total)),
                ("预算", &other),
                HINT_SAME,
            );
        }
    }
    for l in acc_lines {
        let Some(stated) = l.amount else { continue };
        let Some(other) = budget_figure(&l.code, bud_lines, coverage) else {
            continue;
        };
        compare_figures(
            ctx,
            sink,
            || {
                table_at(accounts, kind)
                    .row(RowRef::coded(l.code.to_string(), l.name.clone()))
                    .column("年初预算数")
            },
            &format!("{what} {} {}", l.code, l.name),
            ("决算所列年初预算", &Side::one(stated)),
            ("预算", &other),
            HINT_SAME,
        );
    }
}

// ---------------------------------------------------------------------------------------
// The rules

const HINT_SAME: &str =
    "核对预算批复：若决算所列年初预算有误，改正决算说明；若预算公开有误，应说明更正情况。";

fn general_budget(ctx: &CompareCtx, sink: &mut Sink) {
    let Pair::Accounts { accounts, budget } = ctx.pair else {
        return;
    };
    let (Some(acc), Some(bud)) = (
        &accounts.tables.general_budget,
        &budget.tables.general_budget,
    ) else {
        return;
    };
    let acc_lines = lines(acc, |r: &GeneralBudgetRow| r.initial_budget);
    let bud_lines = lines(bud, |r: &GeneralBudgetRow| r.total);
    coded_against_budget(
        ctx,
        sink,
        accounts,
        TableKind::GeneralBudget,
        (&acc_lines, acc.total.initial_budget),
        (&bud_lines, bud.total.total, bud.coverage),
        "一般公共预算财政拨款支出",
    );
}

fn funds(ctx: &CompareCtx, sink: &mut Sink) {
    let Pair::Accounts { accounts, budget } = ctx.pair else {
        return;
    };
    for (kind, acc, bud, what) in [
        (
            TableKind::GovFund,
            &accounts.tables.gov_fund,
            &budget.tables.gov_fund,
            "政府性基金预算财政拨款支出",
        ),
        (
            TableKind::StateCapital,
            &accounts.tables.state_capital,
            &budget.tables.state_capital,
            "国有资本经营预算财政拨款支出",
        ),
    ] {
        let (Some(acc), Some(bud)) = (acc, bud) else {
            continue;
        };
        let acc_lines = lines(acc, |r: &FundRow| r.initial_budget);
        let bud_lines = lines(bud, |r: &FundRow| r.expenditure);
        coded_against_budget(
            ctx,
            sink,
            accounts,
            kind,
            (&acc_lines, acc.total.initial_budget),
            (&bud_lines, bud.total.expenditure, bud.coverage),
            what,
        );
    }
}

/// The 三公 items, in the table's order: key, label.
const THREE_PUBLIC: [(&str, &str); 6] = [
    ("total", "“三公”经费合计"),
    ("overseas", "因公出国（境）费"),
    ("vehicle", "公务用车购置及运行费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行费"),
    ("reception", "公务接待费"),
];

fn three_public_field(f: &ThreePublicFigures, key: &str) -> Option<Amount> {
    match key {
        "total" => f.total,
        "overseas" => f.overseas,
        "vehicle" => f.vehicle,
        "vehicle_purchase" => f.vehicle_purchase,
        "vehicle_operation" => f.vehicle_operation,
        "reception" => f.reception,
        _ => None,
    }
}

fn three_public(ctx: &CompareCtx, sink: &mut Sink) {
    let Pair::Accounts { accounts, budget } = ctx.pair else {
        return;
    };
    let (Some(acc), Some(bud)) = (&accounts.tables.three_public, &budget.tables.three_public)
    else {
        return;
    };
    for (key, label) in THREE_PUBLIC {
        let (Some(a), Some(b)) = (
            cell(acc.coverage, three_public_field(&acc.budget, key)),
            cell(bud.coverage, three_public_field(&bud.budget, key)),
        ) else {
            continue;
        };
        // two blanks say nothing about each other
        if a.amount.is_none() && b.amount.is_none() {
            continue;
        }
        compare_figures(
            ctx,
            sink,
            || {
                table_at(accounts, TableKind::ThreePublic)
                    .row(label)
                    .column("预算数")
            },
            label,
            ("决算所列预算数", &a),
            ("预算", &b),
            HINT_SAME,
        );
    }
}

/// Lines the budget funds that the 决算's table does not print at all.
fn missing_lines(ctx: &CompareCtx, sink: &mut Sink) {
    let Pair::Accounts { accounts, budget } = ctx.pair else {
        return;
    };
    let t = &accounts.tables;
    let b = &budget.tables;
    let general = |x: &Option<juesuan_model::tables::GeneralBudgetTable>| {
        x.as_ref()
            .map(|t| (lines(t, |r: &GeneralBudgetRow| r.total), t.coverage))
    };
    let fund = |x: &Option<juesuan_model::tables::FundTable>, pick: fn(&FundRow) -> _| {
        x.as_ref().map(|t| (lines(t, pick), t.coverage))
    };
    let tables = [
        (
            TableKind::GeneralBudget,
            general(&t.general_budget),
            general(&b.general_budget),
        ),
        (
            TableKind::GovFund,
            fund(&t.gov_fund, |r| r.expenditure),
            fund(&b.gov_fund, |r| r.expenditure),
        ),
        (
            TableKind::StateCapital,
            fund(&t.state_capital, |r| r.expenditure),
            fund(&b.state_capital, |r| r.expenditure),
        ),
    ];
    for (kind, acc, bud) in tables {
        // only a complete 决算 table says that a line it does not print is not there
        let (Some((acc, Coverage::Complete)), Some((bud, _))) = (acc, bud) else {
            continue;
        };
        for line in &bud {
            let Some(a) = line.amount.filter(|a| a.value() > Decimal::ZERO) else {
                continue;
            };
            let printed = |c: &Code| acc.iter().any(|l| l.code.is_within(c));
            // the highest budget line whose whole branch the 决算 lacks
            let parent_missing = line.code.parent().is_some_and(|p| !printed(&p));
            if printed(&line.code) || parent_missing {
                continue;
            }
            ctx.count();
            let message = format!(
                "预算安排 {} {} {}，决算表中没有这一科目",
                line.code,
                line.name,
                shown(a)
            );
            let f = sink
                .finding(
                    table_at(accounts, kind).row(RowRef::coded(line.code.to_string(), line.name.clone())),
                    message,
                )
                .number("预算", a.value(), Unit::Wanyuan)
                .hint("决算表应列出有年初预算的科目（决算数为0的也应在说明中交代年初预算的执行情况）；若科目已调整，请在说明中写明。");
            sink.push(f);
        }
    }
}

fn procurement(ctx: &CompareCtx, sink: &mut Sink) {
    let Pair::Accounts { accounts, budget } = ctx.pair else {
        return;
    };
    let (Some(acc), Some(bud)) = (&accounts.tables.procurement, &budget.tables.procurement) else {
        return;
    };
    let (a, b) = (&acc.figures, &bud.figures);
    for (label, x, y) in [
        ("政府采购预算合计", a.budget_total, b.budget_total),
        ("政府采购预算：货物", a.budget_goods, b.budget_goods),
        ("政府采购预算：工程", a.budget_works, b.budget_works),
        ("政府采购预算：服务", a.budget_services, b.budget_services),
    ] {
        // only where both state the figure: a blank here is not a zero
        let (Some(x), Some(y)) = (x, y) else { continue };
        compare_figures(
            ctx,
            sink,
            || table_at(accounts, TableKind::Procurement).row(label),
            label,
            ("决算所列采购预算", &Side::one(x)),
            ("预算", &Side::one(y)),
            "决算的采购预算可能含年中追加调整；若是年初预算，应与预算公开一致。",
        );
    }
}

/// A 上年预算 figure: its key in [`juesuan_model::PriorYear`] and its label.
struct PriorField {
    label: &'static str,
    prior: fn(&Package) -> Option<Amount>,
    last: fn(&Package) -> Option<Side>,
}

fn coded_total<R, T>(t: &Option<CodedTable<R, T>>, pick: fn(&T) -> Option<Amount>) -> Option<Side> {
    t.as_ref().and_then(|t| cell(t.coverage, pick(&t.total)))
}

/// A line of 收支（预算/决算）总表, as the comparison reads it.
fn summary_line(p: &Package, pick: fn(&Summary) -> Option<Amount>) -> Option<Side> {
    p.tables
        .summary
        .as_ref()
        .and_then(|s| cell(s.coverage, pick(s)))
}

/// A line of 财政拨款收支（预算/决算）总表, as the comparison reads it.
fn appropriation_line(
    p: &Package,
    pick: fn(&AppropriationSummary) -> Option<Amount>,
) -> Option<Side> {
    p.tables
        .appropriation_summary
        .as_ref()
        .and_then(|s| cell(s.coverage, pick(s)))
}

fn three_public_budget(p: &Package, key: &str) -> Option<Side> {
    p.tables
        .three_public
        .as_ref()
        .and_then(|t| cell(t.coverage, three_public_field(&t.budget, key)))
}

/// Last year's budget figure each 上年预算 of this year's budget restates.
const PRIOR_BUDGET: &[PriorField] = &[
    PriorField {
        label: "上年收入支出总计",
        prior: |p| p.prior_year.grand_total,
        last: |p| summary_line(p, |s| s.income.grand_total),
    },
    PriorField {
        label: "上年本年收入合计",
        prior: |p| p.prior_year.income_total,
        last: |p| summary_line(p, |s| s.income.total),
    },
    PriorField {
        label: "上年本年支出合计",
        prior: |p| p.prior_year.expenditure_total,
        last: |p| summary_line(p, |s| s.expenditure_totals.total),
    },
    PriorField {
        label: "上年事业收入",
        prior: |p| p.prior_year.institutional_income,
        last: |p| summary_line(p, |s| s.income.institutional),
    },
    PriorField {
        label: "上年事业单位经营收入",
        prior: |p| p.prior_year.operating_income,
        last: |p| summary_line(p, |s| s.income.operating),
    },
    PriorField {
        label: "上年其他收入",
        prior: |p| p.prior_year.other_income,
        last: |p| summary_line(p, |s| s.income.other),
    },
    PriorField {
        label: "上年财政拨款收入支出总计",
        prior: |p| p.prior_year.appropriation_grand_total,
        last: |p| appropriation_line(p, |s| s.income.grand_total),
    },
    PriorField {
        label: "上年一般公共预算财政拨款支出",
        prior: |p| p.prior_year.general_budget_expenditure,
        last: |p| coded_total(&p.tables.general_budget, |t| t.total),
    },
    PriorField {
        label: "上年政府性基金预算财政拨款支出",
        prior: |p| p.prior_year.gov_fund_expenditure,
        last: |p| coded_total(&p.tables.gov_fund, |t| t.expenditure),
    },
    PriorField {
        label: "上年国有资本经营预算财政拨款支出",
        prior: |p| p.prior_year.state_capital_expenditure,
        last: |p| coded_total(&p.tables.state_capital, |t| t.expenditure),
    },
    PriorField {
        label: "上年机关运行经费",
        prior: |p| p.prior_year.agency_running_costs,
        last: |p| p.agency_running_costs.map(Side::one),
    },
    PriorField {
        label: "上年“三公”经费合计",
        prior: |p| p.prior_year.three_public_total,
        last: |p| three_public_budget(p, "total"),
    },
    PriorField {
        label: "上年因公出国（境）费",
        prior: |p| p.prior_year.three_public_overseas,
        last: |p| three_public_budget(p, "overseas"),
    },
    PriorField {
        label: "上年公务用车购置及运行费",
        prior: |p| p.prior_year.three_public_vehicle,
        last: |p| three_public_budget(p, "vehicle"),
    },
    PriorField {
        label: "上年公务用车购置费",
        prior: |p| p.prior_year.three_public_vehicle_purchase,
        last: |p| three_public_budget(p, "vehicle_purchase"),
    },
    PriorField {
        label: "上年公务用车运行费",
        prior: |p| p.prior_year.three_public_vehicle_running,
        last: |p| three_public_budget(p, "vehicle_operation"),
    },
    PriorField {
        label: "上年公务接待费",
        prior: |p| p.prior_year.three_public_reception,
        last: |p| three_public_budget(p, "reception"),
    },
];

/// The 决算's 年初预算 each 上年预算 of the next year's budget restates.
const PRIOR_ACCOUNTS: &[PriorField] = &[
    PriorField {
        label: "上年一般公共预算财政拨款支出",
        prior: |p| p.prior_year.general_budget_expenditure,
        last: |p| {
            p.tables
                .general_budget
                .as_ref()
                .and_then(|t| t.total.initial_budget)
                .map(Side::one)
        },
    },
    PriorField {
        label: "上年政府性基金预算财政拨款支出",
        prior: |p| p.prior_year.gov_fund_expenditure,
        last: |p| {
            p.tables
                .gov_fund
                .as_ref()
                .and_then(|t| t.total.initial_budget)
                .map(Side::one)
        },
    },
    PriorField {
        label: "上年国有资本经营预算财政拨款支出",
        prior: |p| p.prior_year.state_capital_expenditure,
        last: |p| {
            p.tables
                .state_capital
                .as_ref()
                .and_then(|t| t.total.initial_budget)
                .map(Side::one)
        },
    },
    PriorField {
        label: "上年“三公”经费合计",
        prior: |p| p.prior_year.three_public_total,
        last: |p| three_public_budget(p, "total"),
    },
    PriorField {
        label: "上年因公出国（境）费",
        prior: |p| p.prior_year.three_public_overseas,
        last: |p| three_public_budget(p, "overseas"),
    },
    PriorField {
        label: "上年公务用车购置及运行费",
        prior: |p| p.prior_year.three_public_vehicle,
        last: |p| three_public_budget(p, "vehicle"),
    },
    PriorField {
        label: "上年公务用车购置费",
        prior: |p| p.prior_year.three_public_vehicle_purchase,
        last: |p| three_public_budget(p, "vehicle_purchase"),
    },
    PriorField {
        label: "上年公务用车运行费",
        prior: |p| p.prior_year.three_public_vehicle_running,
        last: |p| three_public_budget(p, "vehicle_operation"),
    },
    PriorField {
        label: "上年公务接待费",
        prior: |p| p.prior_year.three_public_reception,
        last: |p| three_public_budget(p, "reception"),
    },
];

fn prior_figures(
    ctx: &CompareCtx,
    sink: &mut Sink,
    this: &Package,
    last: &Package,
    fields: &[PriorField],
    other_label: &str,
    hint: &str,
) {
    for f in fields {
        let (Some(prior), Some(other)) = ((f.prior)(this), (f.last)(last)) else {
            continue;
        };
        compare_figures(
            ctx,
            sink,
            || Location::part("上年预算").row(f.label),
            &format!("{}年预算所列{}", this.unit.year, f.label),
            ("所列上年预算", &Side::one(prior)),
            (other_label, &other),
            hint,
        );
    }
}

fn prior_budget(ctx: &CompareCtx, sink: &mut Sink) {
    let Pair::Budgets { last, this } = ctx.pair else {
        return;
    };
    let label = format!("{}年预算", last.unit.year);
    prior_figures(
        ctx,
        sink,
        this,
        last,
        PRIOR_BUDGET,
        &label,
        "上年预算应是上年公开的预算数；若所比的是调整后预算，应在说明中写明。",
    );
}

fn prior_accounts(ctx: &CompareCtx, sink: &mut Sink) {
    let Pair::NextBudget { accounts, budget } = ctx.pair else {
        return;
    };
    let label = format!("{}年度决算所列年初预算", accounts.unit.year);
    prior_figures(
        ctx,
        sink,
        budget,
        accounts,
        PRIOR_ACCOUNTS,
        &label,
        "两份公开文件说的是同一笔上年年初预算；若预算所比的是调整后预算，应在说明中写明。",
    );
}

use CompareBase::{Accounts, Budgets, NextBudget};

const BASIS_PAIR: &str = "《中华人民共和国预算法》第十四条第二款（部门预算、决算及报表向社会公开）；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）；上海市部门预算公开样张\
（一般公共预算支出功能分类预算表、政府性基金预算支出表、国有资本经营预算支出表）与上海市部门决算公开样张\
（一般公共预算财政拨款支出决算表及说明中各科目的年初预算数）。";

/// The comparison rules, in code order.
pub static RULES: &[CompareRule] = &[
    CompareRule {
        meta: Meta {
            code: "B-101",
            name: "决算所列一般公共预算财政拨款支出年初预算与预算不一致",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "同一单位同一年度的决算与预算：决算一般公共预算财政拨款支出（合计及说明中\
逐项列出的年初预算数）与预算公开的一般公共预算支出功能分类预算表同一科目的合计数是否一致。\
决算按类列年初预算而预算按项列时，把预算的下级科目加总到决算所列的级次再比较；决算列出而预算表\
没有的科目按预算为0比较（预算表须完整）。按各数的小数位数比较：万元两位小数的决算数与以元为单位\
的预算数，在两位小数上相符即为一致。",
                why: "决算的年初预算数就是当年公开的预算数；两处数字不同，要么决算说明抄错了\
年初预算，要么预算公开有误，公众无法据此判断预算执行情况（完成年初预算的百分比也随之错误）。",
                bad: "决算说明：“行政运行（项）年初预算为1570.05万元”；预算公开的一般公共预算\
支出功能分类预算表2010601行政运行为15600460元（1560.05万元），相差10.00万元。",
                good: "决算说明的年初预算数与预算公开表中同一科目一致：行政运行（项）年初预算\
1560.05万元。",
                basis: BASIS_PAIR,
            },
        },
        check: general_budget,
        fixtures: &[
            fx(Accounts, &[], &[], false),
            fx(
                Accounts,
                &[
                    "tables.general_budget.rows[2010601].initial_budget = 1570.05",
                    "tables.general_budget.rows[2101101].initial_budget = 62.92",
                ],
                &[],
                true,
            ),
            // the budget side differs: a 项 budget changed
            fx(
                Accounts,
                &[],
                &["tables.general_budget.rows[2010607].total = 145.90"],
                true,
            ),
            // a 决算 stating 年初预算 by 类 only: the budget's 项 add up to it
            fx(
                Accounts,
                &[
                    "delete tables.general_budget.rows[2080501].initial_budget",
                    "delete tables.general_budget.rows[2080505].initial_budget",
                    "delete tables.general_budget.rows[2080506].initial_budget",
                    "delete tables.general_budget.rows[2080599].initial_budget",
                    "tables.general_budget.rows[208].initial_budget = 328.92",
                ],
                &[
                    "delete tables.general_budget.rows[208]",
                    "delete tables.general_budget.rows[20805]",
                ],
                false,
            ),
            // a line whose 年初预算 the 决算 does not state is not compared
            fx(
                Accounts,
                &[
                    "delete tables.general_budget.total.initial_budget",
                    "delete tables.general_budget.rows[2010601].initial_budget",
                ],
                &["tables.general_budget.rows[2010601].total = 1.00"],
                false,
            ),
            // not a same-year pair
            fx(Budgets, &[], &[], false),
        ],
    },
    CompareRule {
        meta: Meta {
            code: "B-102",
            name: "决算所列政府性基金、国有资本经营预算财政拨款支出年初预算与预算不一致",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "同一单位同一年度的决算与预算：政府性基金预算、国有资本经营预算财政拨款\
收入支出决算表（及其说明）所列各科目和合计的年初预算数，与预算公开的政府性基金预算支出表、\
国有资本经营预算支出表同一科目的支出数是否一致；级次、舍入的处理同 B-101。",
                why: "决算的年初预算数就是当年公开的预算数；两处数字不同，决算的预算完成情况\
就无从核对。",
                bad: "决算：城乡社区支出（类）212 年初预算 120.00 万元；预算：政府性基金预算支出表\
212 为 1000000元（100.00 万元），相差 20.00 万元。",
                good: "决算所列年初预算与预算公开表一致，均为 100.00 万元。",
                basis: BASIS_PAIR,
            },
        },
        check: funds,
        fixtures: &[
            fx(Accounts, &[], &[], false),
            fx(
                Accounts,
                &[
                    r#"tables.gov_fund.rows = [{"code": "212", "name": "城乡社区支出", "initial_budget": "120.00"}]"#,
                ],
                &[
                    r#"tables.gov_fund.rows = [{"code": "212", "name": "城乡社区支出", "expenditure": "1000000元"}]"#,
                ],
                true,
            ),
            fx(
                Accounts,
                &[
                    r#"tables.gov_fund.rows = [{"code": "212", "name": "城乡社区支出", "initial_budget": "100.00"}]"#,
                ],
                &[
                    r#"tables.gov_fund.rows = [{"code": "212", "name": "城乡社区支出", "expenditure": "1000000元"}]"#,
                ],
                false,
            ),
        ],
    },
    CompareRule {
        meta: Meta {
            code: "B-103",
            name: "决算所列“三公”经费预算数与预算不一致",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "同一单位同一年度的决算与预算：财政拨款“三公”经费支出决算表的预算数\
（合计、因公出国（境）费、公务用车购置及运行费及其购置费和运行费、公务接待费）与预算公开的\
“三公”经费预算逐项比较。完整的表中空白即为0；两边都空白的项不比较。",
                why: "“三公”经费是公开检查的重点，决算表的预算数就是当年公开的“三公”经费预算；\
两处不同，决算对预算执行情况的说明（完成预算的百分比、增减原因）就失去依据。",
                bad: "决算表七预算数：公务接待费 1.95 万元；预算公开：公务接待费 0.95 万元，相差\
1.00 万元。",
                good: "决算表的预算数与预算公开一致：公务接待费 0.95 万元。",
                basis: "《中华人民共和国预算法》第十四条第二款（部门预算、决算及报表向社会公开）；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）；\
上海市部门预算公开样张（“三公”经费和机关运行经费预算表）与上海市部门决算公开样张\
（财政拨款“三公”经费支出决算表，分预算数、决算数）。",
            },
        },
        check: three_public,
        fixtures: &[
            fx(Accounts, &[], &[], false),
            fx(
                Accounts,
                &[
                    "tables.three_public.budget.total = 1.95",
                    "tables.three_public.budget.reception = 1.95",
                ],
                &[],
                true,
            ),
        ],
    },
    CompareRule {
        meta: Meta {
            code: "B-104",
            name: "预算安排的科目决算表中没有",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "同一单位同一年度的决算与预算：预算公开的一般公共预算、政府性基金、\
国有资本经营支出表中金额大于0的科目，决算对应的财政拨款支出决算表（须是完整的表）中完全没有\
（该科目及其下级都没有）。只报告缺失的最高一级科目。",
                why: "有年初预算的科目，决算应当列出并说明执行情况；决算表中整行缺失，\
可能是科目调整、预算调减为0，也可能是漏列，需要核实。",
                bad: "预算安排2010650事业运行 500000元（50.00 万元），决算一般公共预算财政拨款\
支出决算表中没有这一科目，说明中也未交代。",
                good: "决算表列出该科目（决算数为0也列），或在说明中写明预算调整的情况。",
                basis: BASIS_PAIR,
            },
        },
        check: missing_lines,
        fixtures: &[
            fx(Accounts, &[], &[], false),
            fx(
                Accounts,
                &[],
                &[
                    r#"tables.general_budget.rows = [{"code": "201", "name": "一般公共服务支出", "total": "2156.47"}, {"code": "20106", "name": "财政事务", "total": "2156.47"}, {"code": "2010601", "name": "行政运行", "total": "1560.05"}, {"code": "2010650", "name": "事业运行", "total": "500000元"}]"#,
                ],
                true,
            ),
            // the 决算 table is partial: an absent line is unknown
            fx(
                Accounts,
                &["tables.general_budget.coverage = partial"],
                &[
                    r#"tables.general_budget.rows = [{"code": "2010650", "name": "事业运行", "total": "500000元"}]"#,
                ],
                false,
            ),
        ],
    },
    CompareRule {
        meta: Meta {
            code: "B-105",
            name: "决算所列政府采购预算与预算不一致",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "同一单位同一年度的决算与预算：两边都列出政府采购预算（合计、货物、工程、\
服务）时逐项比较。只比较两边都写明的数，空白不当作0。",
                why: "决算说明的政府采购预算应与年初公开的政府采购预算相符；\
但决算的采购预算可能包含年中追加或调整，因此只作警告，请核实口径。",
                bad: "预算：政府采购预算117.00万元；决算：政府采购预算合计127.00万元，相差10.00万元，\
说明中未交代追加。",
                good: "两处一致，或决算说明写明年中追加的采购预算。",
                basis: "《中华人民共和国预算法》第十四条第三款（政府采购的情况及时向社会公开）；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）；上海市部门预算公开样张\
（其他相关情况说明：政府采购预算情况）与北京市部门决算公开报表《政府采购情况表》（采购预算）。",
            },
        },
        check: procurement,
        fixtures: &[
            fx(Accounts, &[], &[], false),
            fx(
                Accounts,
                &["tables.procurement.figures.budget_total = 127.00"],
                &[],
                true,
            ),
            fx(
                Accounts,
                &["tables.procurement.figures.budget_total = 117.00"],
                &[],
                false,
            ),
        ],
    },
    CompareRule {
        meta: Meta {
            code: "B-111",
            name: "预算所列上年预算与上年公开的预算不一致",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "同一单位相邻两年的预算：今年预算说明中“比上年预算增加/减少”所依据的上年\
预算数（收支总计、各项收入、财政拨款支出、机关运行经费、“三公”经费各项），与上年公开的预算中\
同一数字比较。两边都列出的才比较。",
                why: "上年预算应当就是上年公开的预算；两处不同，今年说明中的增减额和增减幅度\
就算错了，或所比的是调整后预算而未说明。也可能是口径不同（调整预算），因此作警告。",
                bad: "2025年预算：“一般公共预算拨款支出预算……比2024年预算增加X万元”，推得2024年\
预算为3003.92万元；2024年预算公开为2993.92万元，相差10.00万元。",
                good: "比较的上年数与上年公开的预算一致，或写明“比2024年调整预算”。",
                basis: "《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）；上海市部门预算公开样张\
（部门预算编制说明：收入、支出预算与上年预算比较的增减情况及原因）。",
            },
        },
        check: prior_budget,
        fixtures: &[
            fx(Budgets, &[], &[], false),
            fx(
                Budgets,
                &[],
                &["prior_year.general_budget_expenditure = 3003.92"],
                true,
            ),
            fx(Accounts, &[], &[], false),
        ],
    },
    CompareRule {
        meta: Meta {
            code: "B-121",
            name: "预算所列上年预算与上年决算的年初预算不一致",
            severity: Severity::Warning,
            family: Family::Budget,
            doc: Doc {
                what: "同一单位某年度的决算与下一年度的预算：下一年度预算说明所依据的上年预算数\
（一般公共预算、政府性基金、国有资本经营预算财政拨款支出，“三公”经费各项）与决算所列的年初\
预算数比较。两边都列出的才比较。",
                why: "两份公开文件说的都是那一年的年初预算；不同时至少一处抄错，或预算所比的是\
调整后预算而未说明，因此作警告。",
                bad: "2025年预算：“一般公共预算拨款支出……比2024年预算增加”推得2024年预算3003.92万元；\
2024年度决算：一般公共预算财政拨款支出年初预算2993.92万元。",
                good: "两处一致，或预算写明所比的是调整后预算。",
                basis: "《中华人民共和国预算法》第十四条第二款（部门预算、决算及报表向社会公开）；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）；上海市部门预算公开样张\
（部门预算编制说明：收入、支出预算与上年预算比较的增减情况）与上海市部门决算公开样张\
（说明中一般公共预算财政拨款支出和“三公”经费的年初预算数）。",
            },
        },
        check: prior_accounts,
        fixtures: &[
            fx(NextBudget, &[], &[], false),
            fx(
                NextBudget,
                &[],
                &["prior_year.general_budget_expenditure = 3003.92"],
                true,
            ),
            fx(
                NextBudget,
                &["delete tables.general_budget.total.initial_budget"],
                &["prior_year.general_budget_expenditure = 3003.92"],
                false,
            ),
        ],
    },
];

/// The comparison rule with this code.
pub fn rule(code: &str) -> Option<&'static CompareRule> {
    RULES
        .iter()
        .find(|r| r.meta.code.eq_ignore_ascii_case(code.trim()))
}
