//! 公开监督: what was approved against what was published.
//!
//! The approved package (the data a bureau passed) is held against the package a published
//! document yields (its tables as `check` reads them, and the figures the document's text
//! states: 年初预算, 上年预算, 机关运行经费), figure by figure: every figure of
//! [`juesuan_model::tables::Tables::figures`] keyed by table, line (code, else label) and
//! column. Figures are compared as intervals, as the 预算 ↔ 决算 comparison compares them
//! (`compare.rs`: a figure in 元 and one in 万元 are equal when they agree at the coarser
//! precision); a blank of a complete table is zero where the other side prints the row and
//! the column. What one side has and the other does not print or could not be read — a
//! table, a line, a column, a figure of the text — is listed as not verified (`A-002`),
//! never as a difference and never passed in silence.
//!
//! Across years ([`Prior`]): this year's 上年数 against last year's final figures of the same
//! unit (what `init --from` carries, worked out by the caller), `A-011`.
//!
//! The rules are registry entries of [`Family::Against`] with codes `A-…`, each with
//! fixtures that are pairs of packages ([`AgainstFixture`]).

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

use juesuan_diagnostics::{Location, RowRef, Unit};
use juesuan_model::fields::{CellValue, Record};
use juesuan_model::tables::{Figure, TableKind};
use juesuan_model::{Amount, Code, Coverage, Package, PriorYear};

use crate::compare::{MIN_DECIMALS, profile_of, shown, table_at, term};
use crate::interval::{Term, check_equal};
use crate::rules::{Base, Doc, Family, Meta};
use crate::{Report, Severity, Sink};

/// The column of the general-budget tables that is the explanation's (说明用 年初预算数): the
/// published side has it from the text, never from the table.
const TEXT_COLUMN: &str = "年初预算数";

const TEXT_HINT: &str = "说明中的数字应与批复的数据一致：核对说明是否抄错，或批复后调整未同步。";

/// How many lines a not-verified finding names before `等N行`.
const NAMED: usize = 6;

/// This year's package and the 上年数 last year's final figures give.
#[derive(Debug, Clone, Copy)]
pub struct Prior<'a> {
    /// This year's package, whose `prior_year` is compared.
    pub this: &'a Package,
    /// The 上年数 last year's figures give (`init --from`'s carry of last year's package or
    /// published 决算).
    pub expected: &'a PriorYear,
    /// What last year's side is (`2023年度决算（数据包）`), for messages.
    pub source: &'a str,
}

/// What the `A` rules see.
pub struct AgainstCtx<'a> {
    /// The approved package and the published one.
    pub pair: Option<(&'a Package, &'a Package)>,
    /// Whether the published side was read from a document (its text figures are what the
    /// reader found in the explanation).
    pub from_document: bool,
    /// This year's 上年数 and last year's figures.
    pub prior: Option<Prior<'a>>,
    compared: Cell<usize>,
    unverified: Cell<usize>,
}

impl<'a> AgainstCtx<'a> {
    /// A context comparing `approved` with `published`, and optionally this year's 上年数.
    pub fn new(
        pair: Option<(&'a Package, &'a Package)>,
        from_document: bool,
        prior: Option<Prior<'a>>,
    ) -> AgainstCtx<'a> {
        AgainstCtx {
            pair,
            from_document,
            prior,
            compared: Cell::new(0),
            unverified: Cell::new(0),
        }
    }

    fn published_label(&self) -> &'static str {
        if self.from_document {
            "公开文件"
        } else {
            "公开数据"
        }
    }
}

/// The check of an `A` rule.
pub type AgainstCheck = for<'a, 'b, 'c> fn(&'a AgainstCtx<'b>, &mut Sink<'c>);

/// A fixture: the base package, edits to the first side (the approved package; for `A-011`
/// last year's, whose `prior_year` stands for the expected 上年数) and to the second (the
/// published package; for `A-011` this year's), and whether the rule fires.
#[derive(Debug, Clone, Copy)]
pub struct AgainstFixture {
    /// The package both sides start from.
    pub base: Base,
    /// Edits of the first side, in the [`crate::mutate`] language.
    pub first: &'static [&'static str],
    /// Edits of the second side.
    pub second: &'static [&'static str],
    /// Whether the rule fires.
    pub fires: bool,
}

const fn fx(
    base: Base,
    first: &'static [&'static str],
    second: &'static [&'static str],
    fires: bool,
) -> AgainstFixture {
    AgainstFixture {
        base,
        first,
        second,
        fires,
    }
}

/// An `A` rule.
pub type AgainstRule = juesuan_diagnostics::Rule<AgainstCheck, AgainstFixture>;

/// The result: the findings and what was compared.
#[derive(Debug, Clone)]
pub struct Against {
    /// The findings (`A-001` differences, `A-002` not verified, `A-003`, `A-011`).
    pub report: Report,
    /// How many pairs of figures were compared.
    pub figures: usize,
    /// How many figures could not be verified.
    pub unverified: usize,
}

impl Against {
    /// One line for the top of a report.
    pub fn summary(&self, what: &str) -> String {
        let differ = self
            .report
            .findings
            .iter()
            .filter(|f| f.code != "A-002")
            .count();
        let mut line = format!("{what}：共核对 {} 个数字，{differ} 处不一致", self.figures);
        if self.unverified > 0 {
            line.push_str(&format!("，{} 个数字未能核对（见 A-002）", self.unverified));
        }
        line.push('。');
        line
    }
}

/// Runs every `A` rule over a context.
pub fn run(ctx: &AgainstCtx) -> Against {
    let mut findings = Vec::new();
    for rule in RULES {
        (rule.check)(ctx, &mut rule.sink(&mut findings));
    }
    Against {
        report: Report::new(findings),
        figures: ctx.compared.get(),
        unverified: ctx.unverified.get(),
    }
}

/// The approved package against the published one.
pub fn against(approved: &Package, published: &Package, from_document: bool) -> Against {
    run(&AgainstCtx::new(
        Some((approved, published)),
        from_document,
        None,
    ))
}

/// This year's 上年数 against what last year's figures give.
pub fn prior(prior: Prior<'_>) -> Against {
    run(&AgainstCtx::new(None, false, Some(prior)))
}

// ---------------------------------------------------------------------------------------
// One side's figures, indexed

/// A line of a table: its code, else its label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum LineKey {
    Code(Code),
    Label(String),
}

type Key = (TableKind, LineKey, Option<&'static str>);

fn line_key(f: &Figure) -> LineKey {
    match f.code {
        Some(c) => LineKey::Code(c),
        None => LineKey::Label(f.line.clone()),
    }
}

fn key(f: &Figure) -> Key {
    (f.table, line_key(f), f.column)
}

/// A side's figures by key, with the lines and columns each table prints.
struct Side {
    /// The approved package: entered, not read from a document, so a blank of a complete
    /// table is zero whether or not the line or column has a figure elsewhere.
    entered: bool,
    /// Tables whose source leaves figures out (`absent`): a blank there is unknown.
    absent: BTreeSet<TableKind>,
    figures: BTreeMap<Key, Vec<Figure>>,
    lines: BTreeSet<(TableKind, LineKey)>,
    columns: BTreeSet<(TableKind, Option<&'static str>)>,
}

impl Side {
    fn of(p: &Package, entered: bool) -> Side {
        let mut side = Side {
            entered,
            absent: TableKind::ALL
                .into_iter()
                .filter(|k| !p.tables.absent(*k).is_empty())
                .collect(),
            figures: BTreeMap::new(),
            lines: BTreeSet::new(),
            columns: BTreeSet::new(),
        };
        for f in p.tables.figures() {
            if f.column == Some(TEXT_COLUMN) {
                continue;
            }
            side.lines.insert((f.table, line_key(&f)));
            side.columns.insert((f.table, f.column));
            side.figures.entry(key(&f)).or_default().push(f);
        }
        side
    }
}

/// Whether the published tables print a figure: not the 合计 column of a 基本支出 table's
/// totals row (it prints 人员经费合计 and 公用经费合计), nor the explanation's 年初预算数.
pub fn printed_figure(f: &Figure) -> bool {
    is_printed(f.table, &line_key(f), f.column)
}

fn is_printed(table: TableKind, line: &LineKey, column: Option<&str>) -> bool {
    column != Some(TEXT_COLUMN)
        && !(matches!(
            table,
            TableKind::GeneralBudgetBasic | TableKind::GovFundBasic
        ) && matches!(line, LineKey::Label(_))
            && column == Some("合计"))
}

impl Side {
    /// Whether the key's line is a code this side lacks while it has lines under it.
    fn has_lines_under(&self, k: &Key) -> bool {
        let LineKey::Code(c) = &k.1 else {
            return false;
        };
        !self.lines.contains(&(k.0, k.1.clone()))
            && self.lines.iter().any(|(t, l)| {
                *t == k.0 && matches!(l, LineKey::Code(o) if o != c && o.is_within(c))
            })
    }
}

/// Why a figure could not be verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Why {
    /// The other side's table does not have the line.
    Line,
    /// The other side's table has the line but not the column.
    Column,
    /// The line is there, the figure blank, and the table only partly known.
    Partial,
    /// The key names two figures on a side.
    Twice,
}

/// What one side says about a key.
enum Got {
    One(Amount),
    Zero,
    Unknown(Why),
}

fn got(side: &Side, coverage: Option<Coverage>, k: &Key) -> Got {
    match side.figures.get(k).map(Vec::as_slice) {
        Some([f]) => Got::One(f.amount),
        Some(_) => Got::Unknown(Why::Twice),
        // a line the side does not print but whose lower lines it does (a 类 or 款 total a
        // package leaves out, the document printing it) is not known to be zero
        None if side.has_lines_under(k) => Got::Unknown(Why::Line),
        // the approved package's complete table: every blank is zero (as the audit reads it)
        None if side.entered
            && coverage == Some(Coverage::Complete)
            && !side.absent.contains(&k.0) =>
        {
            Got::Zero
        }
        None => {
            let (table, line, column) = k;
            if !side.lines.contains(&(*table, line.clone())) {
                Got::Unknown(Why::Line)
            } else if !side.columns.contains(&(*table, *column)) {
                Got::Unknown(Why::Column)
            } else if coverage == Some(Coverage::Complete) {
                Got::Zero
            } else {
                Got::Unknown(Why::Partial)
            }
        }
    }
}

fn row_ref(k: &Key, name: &str) -> RowRef {
    match &k.1 {
        LineKey::Code(c) => RowRef {
            code: Some(c.to_string()),
            name: name.to_string(),
        },
        LineKey::Label(l) => RowRef {
            code: None,
            name: l.clone(),
        },
    }
}

/// The typed location of a figure: table, line, column.
fn cell_at(p: &Package, k: &Key, name: &str) -> Location {
    let at = table_at(p, k.0).row(row_ref(k, name));
    match k.2 {
        Some(c) => at.column(c),
        None => at,
    }
}

/// `2010601 行政运行 · 决算数`, `本年收入合计`.
fn describe(k: &Key, name: &str) -> String {
    let line = match &k.1 {
        LineKey::Code(c) if name.is_empty() => c.to_string(),
        LineKey::Code(c) => format!("{c} {name}"),
        LineKey::Label(l) => l.clone(),
    };
    match k.2 {
        Some(c) => format!("{line} · {c}"),
        None => line,
    }
}

fn shown_got(g: &Got) -> String {
    match g {
        Got::One(a) => shown(*a),
        _ => "空白（即0）".to_string(),
    }
}

fn term_of(g: &Got) -> Option<Term> {
    match g {
        Got::One(a) => Some(term(*a)),
        Got::Zero => Some(Term::exact(rust_decimal::Decimal::ZERO)),
        Got::Unknown(_) => None,
    }
}

fn is_zero(g: &Got) -> bool {
    match g {
        Got::One(a) => a.is_zero(),
        Got::Zero => true,
        Got::Unknown(_) => false,
    }
}

/// Compares two figures; reports when the intervals cannot meet. Returns whether they did.
#[allow(clippy::too_many_arguments)]
fn differ(
    ctx: &AgainstCtx,
    sink: &mut Sink,
    loc: impl FnOnce() -> Location,
    what: &str,
    approved: &Got,
    published: &Got,
    hint: &str,
) {
    let (Some(a), Some(b)) = (term_of(approved), term_of(published)) else {
        return;
    };
    ctx.compared.set(ctx.compared.get() + 1);
    let Some(m) = check_equal(b, a) else {
        return;
    };
    let mut difference = m.difference.abs().normalize();
    if difference.scale() < MIN_DECIMALS {
        difference.rescale(MIN_DECIMALS);
    }
    let theirs = ctx.published_label();
    let message = format!(
        "{what}：批复数据包 {}，{theirs} {}，相差 {difference} 万元",
        shown_got(approved),
        shown_got(published)
    );
    let f = sink
        .finding(loc(), message)
        .number(theirs, b.value, Unit::Wanyuan)
        .number("批复数据包", a.value, Unit::Wanyuan)
        .relation(format!("{theirs} = 批复数据包"))
        .arithmetic(m.arithmetic(Some(MIN_DECIMALS), Unit::Wanyuan))
        .hint(hint);
    sink.push(f);
}

/// The keys of both sides' figures of one table, the approved side's first, in printed order.
fn keys_of(approved: &Package, published: &Package, kind: TableKind) -> Vec<(Key, String)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for p in [approved, published] {
        for f in p.tables.figures() {
            if f.table != kind || f.column == Some(TEXT_COLUMN) {
                continue;
            }
            let k = key(&f);
            if seen.insert(k.clone()) {
                out.push((k, f.line.clone()));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// the tables

fn tables(ctx: &AgainstCtx, sink: &mut Sink) {
    table_figures(
        ctx,
        sink,
        true,
        "公开的数字应与批复的数据一致：核对是公开时抄错、改动，还是批复后调整未同步到数据包。",
    );
}

/// Whether the approved package's format prints a table as a table (numbered); the others
/// (Shanghai's 政府采购) are figures of the explanation.
fn printed(p: &Package, kind: TableKind) -> bool {
    profile_of(p).is_some_and(|pr| pr.table_number(kind).is_some())
}

/// Compares the figures of the tables the format prints (`as_tables`), or of those it states
/// in the explanation.
fn table_figures(ctx: &AgainstCtx, sink: &mut Sink, as_tables: bool, hint: &str) {
    let Some((approved, published)) = ctx.pair else {
        return;
    };
    let (a_side, p_side) = (Side::of(approved, true), Side::of(published, false));
    for kind in TableKind::ALL {
        if printed(approved, kind) != as_tables
            || !approved.tables.has(kind)
            || !published.tables.has(kind)
        {
            continue;
        }
        let (a_cov, p_cov) = (
            approved.tables.coverage(kind),
            published.tables.coverage(kind),
        );
        for (k, name) in keys_of(approved, published, kind) {
            let (a, p) = (got(&a_side, a_cov, &k), got(&p_side, p_cov, &k));
            // a zero against a line the other side leaves out of a complete table agrees
            let (a, p) = match (a, p) {
                (a, Got::Unknown(Why::Line))
                    if is_zero(&a) && p_cov == Some(Coverage::Complete) =>
                {
                    (a, Got::Zero)
                }
                (Got::Unknown(Why::Line), p)
                    if is_zero(&p) && a_cov == Some(Coverage::Complete) =>
                {
                    (Got::Zero, p)
                }
                other => other,
            };
            if let (Got::Zero, Got::Zero) = (&a, &p) {
                continue;
            }
            let what = if as_tables {
                describe(&k, &name)
            } else {
                format!("说明中的{}", describe(&k, &name))
            };
            differ(
                ctx,
                sink,
                || cell_at(approved, &k, &name),
                &what,
                &a,
                &p,
                hint,
            );
        }
    }
}

/// everything one side has that the other does not print or could not be read.
fn unverified(ctx: &AgainstCtx, sink: &mut Sink) {
    let theirs = ctx.published_label();
    if let Some((approved, published)) = ctx.pair {
        let (a_side, p_side) = (Side::of(approved, true), Side::of(published, false));
        for kind in TableKind::ALL {
            let at = || table_at(approved, kind);
            match (approved.tables.has(kind), published.tables.has(kind)) {
                (false, false) => continue,
                (true, false) => {
                    let n = a_side.figures.keys().filter(|k| k.0 == kind).count();
                    if n == 0 {
                        continue;
                    }
                    ctx.unverified.set(ctx.unverified.get() + n);
                    let why = match (ctx.from_document, printed(approved, kind)) {
                        (true, true) => "公开文件中没有读到此表（未公开，或表格未能读出）",
                        (true, false) => "公开文件的说明中没有读到这些数字",
                        (false, _) => "公开数据中没有此表",
                    };
                    let f = sink
                        .finding(
                            at(),
                            format!("{}：{why}，{n} 个数字未能核对", at_label(approved, kind)),
                        )
                        .hint("请人工核对公开文件中的这张表；若确未公开，按公开要求补充。");
                    sink.push(f);
                    continue;
                }
                (false, true) => {
                    let n = p_side.figures.keys().filter(|k| k.0 == kind).count();
                    if n == 0 {
                        continue;
                    }
                    ctx.unverified.set(ctx.unverified.get() + n);
                    let f = sink
                        .finding(
                            at(),
                            format!(
                                "{}：批复数据包中没有此表，{theirs}中此表的 {n} 个数字未能核对",
                                at_label(approved, kind)
                            ),
                        )
                        .hint("请确认批复的数据包是否完整。");
                    sink.push(f);
                    continue;
                }
                (true, true) => {}
            }
            let (a_cov, p_cov) = (
                approved.tables.coverage(kind),
                published.tables.coverage(kind),
            );
            // (why, which side lacks it) → the lines
            let mut groups: BTreeMap<(Why, bool), Vec<String>> = BTreeMap::new();
            for (k, name) in keys_of(approved, published, kind) {
                let (a, p) = (got(&a_side, a_cov, &k), got(&p_side, p_cov, &k));
                let missing = match (&a, &p) {
                    (a, Got::Unknown(w))
                        if !(is_zero(a)
                            && *w == Why::Line
                            && p_cov == Some(Coverage::Complete)) =>
                    {
                        Some((*w, false))
                    }
                    (Got::Unknown(w), p)
                        if !(is_zero(p)
                            && *w == Why::Line
                            && a_cov == Some(Coverage::Complete)) =>
                    {
                        Some((*w, true))
                    }
                    _ => None,
                };
                if !is_printed(kind, &k.1, k.2) {
                    // a figure the format does not print is not missing from the print
                    continue;
                }
                if let Some(g) = missing {
                    groups.entry(g).or_default().push(describe(&k, &name));
                }
            }
            for ((why, approved_lacks), lines) in groups {
                ctx.unverified.set(ctx.unverified.get() + lines.len());
                let whose = if approved_lacks {
                    "批复数据包"
                } else {
                    theirs
                };
                let reason = match why {
                    _ if !printed(approved, kind) && approved_lacks => {
                        "批复数据包中没有这些数字".to_string()
                    }
                    Why::Line | Why::Column | Why::Partial if !printed(approved, kind) => {
                        format!("{whose}的说明中没有读到这些数字")
                    }
                    Why::Line => format!("{whose}的表中没有这些行"),
                    Why::Column => format!("{whose}的表中没有这一列"),
                    Why::Partial => format!("{whose}的表未完整读出，这些数字空白"),
                    Why::Twice => format!("{whose}的表中这些行出现不止一次"),
                };
                let f = sink
                    .finding(
                        at(),
                        format!(
                            "{}：{} 个数字未能核对（{reason}）：{}",
                            at_label(approved, kind),
                            lines.len(),
                            named(&lines)
                        ),
                    )
                    .hint("未能核对不等于一致：请人工核对这些数字。");
                sink.push(f);
            }
        }
        // the text's figures
        let mut lacking = Vec::new();
        for t in text_figures(approved, published) {
            if t.approved.is_some() && t.published.is_none() {
                lacking.push(t.what);
            }
        }
        if !lacking.is_empty() {
            ctx.unverified.set(ctx.unverified.get() + lacking.len());
            let f = sink
                .finding(
                    Location::part("说明"),
                    format!(
                        "批复数据包中的 {} 个说明数字未能核对（{theirs}的说明中没有读到）：{}",
                        lacking.len(),
                        named(&lacking)
                    ),
                )
                .hint("未能核对不等于一致：请人工核对说明中的这些数字。");
            sink.push(f);
        }
    }
    if let Some(pr) = ctx.prior {
        let mut lacking = Vec::new();
        for (i, def) in PriorYear::FIELDS.iter().enumerate() {
            if amount(pr.this.prior_year.get(i)).is_some() && amount(pr.expected.get(i)).is_none() {
                lacking.push(def.label.to_string());
            }
        }
        if !lacking.is_empty() {
            ctx.unverified.set(ctx.unverified.get() + lacking.len());
            let f = sink
                .finding(
                    Location::part("上年数"),
                    format!(
                        "{} 个上年数未能核对（{}中没有对应的数字）：{}",
                        lacking.len(),
                        pr.source,
                        named(&lacking)
                    ),
                )
                .hint("未能核对不等于一致：请人工核对这些上年数。");
            sink.push(f);
        }
    }
}

fn at_label(p: &Package, kind: TableKind) -> String {
    match table_at(p, kind).table_ref() {
        Some(t) => t.label.clone(),
        None => kind.title().to_string(),
    }
}

/// `A、B、C 等8项`.
fn named(lines: &[String]) -> String {
    let mut s = lines
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join("；");
    if lines.len() > NAMED {
        s.push_str(&format!(" 等{}项", lines.len()));
    }
    s
}

fn amount(v: Option<CellValue>) -> Option<Amount> {
    match v {
        Some(CellValue::Amount(a)) => Some(a),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// the explanation's figures

/// A figure the text states and the package holds.
struct TextFigure {
    what: String,
    at: Location,
    approved: Option<Amount>,
    published: Option<Amount>,
}

fn text_figures(approved: &Package, published: &Package) -> Vec<TextFigure> {
    let mut out = Vec::new();
    // 年初预算数 of the general-budget table (说明用), and of the fund tables
    let initial = |p: &Package| -> BTreeMap<Key, (String, Amount)> {
        p.tables
            .figures()
            .into_iter()
            .filter(|f| f.column == Some(TEXT_COLUMN))
            .map(|f| (key(&f), (f.line.clone(), f.amount)))
            .collect()
    };
    let (a, p) = (initial(approved), initial(published));
    for (k, (name, amt)) in &a {
        out.push(TextFigure {
            what: describe(k, name),
            at: cell_at(approved, k, name),
            approved: Some(*amt),
            published: p.get(k).map(|(_, v)| *v),
        });
    }
    for (k, (name, amt)) in &p {
        if !a.contains_key(k) {
            out.push(TextFigure {
                what: describe(k, name),
                at: cell_at(approved, k, name),
                approved: None,
                published: Some(*amt),
            });
        }
    }
    out.push(TextFigure {
        what: "机关运行经费".to_string(),
        at: Location::part("机关运行经费"),
        approved: approved.agency_running_costs,
        published: published.agency_running_costs,
    });
    for (i, def) in PriorYear::FIELDS.iter().enumerate() {
        out.push(TextFigure {
            what: def.label.to_string(),
            at: Location::part("上年数").row(def.label),
            approved: amount(approved.prior_year.get(i)),
            published: amount(published.prior_year.get(i)),
        });
    }
    out
}

fn text(ctx: &AgainstCtx, sink: &mut Sink) {
    let Some((approved, published)) = ctx.pair else {
        return;
    };
    table_figures(ctx, sink, false, TEXT_HINT);
    for t in text_figures(approved, published) {
        let (Some(a), Some(p)) = (t.approved, t.published) else {
            continue;
        };
        let at = t.at;
        differ(
            ctx,
            sink,
            || at,
            &format!("说明中的{}", t.what),
            &Got::One(a),
            &Got::One(p),
            TEXT_HINT,
        );
    }
}

// ---------------------------------------------------------------------------------------
// this year's 上年数 against last year's figures

fn prior_figures(ctx: &AgainstCtx, sink: &mut Sink) {
    let Some(pr) = ctx.prior else {
        return;
    };
    let year = pr.this.unit.year;
    for (i, def) in PriorYear::FIELDS.iter().enumerate() {
        let (Some(stated), Some(expected)) = (
            amount(pr.this.prior_year.get(i)),
            amount(pr.expected.get(i)),
        ) else {
            continue;
        };
        let (s, e) = (term(stated), term(expected));
        ctx.compared.set(ctx.compared.get() + 1);
        let Some(m) = check_equal(s, e) else {
            continue;
        };
        let mut difference = m.difference.abs().normalize();
        if difference.scale() < MIN_DECIMALS {
            difference.rescale(MIN_DECIMALS);
        }
        let f = sink
            .finding(
                Location::part("上年数").row(def.label),
                format!(
                    "{year}年所列{}：{} {}，{} {}，相差 {difference} 万元",
                    def.label,
                    "所列上年数",
                    shown(stated),
                    pr.source,
                    shown(expected)
                ),
            )
            .number("所列上年数", s.value, Unit::Wanyuan)
            .number(pr.source, e.value, Unit::Wanyuan)
            .relation(format!("所列上年数 = {}", pr.source))
            .arithmetic(m.arithmetic(Some(MIN_DECIMALS), Unit::Wanyuan))
            .hint("上年数应是上年公开的决算数；口径调整的，应在说明中写明调整的原因和口径。");
        sink.push(f);
    }
}

// ---------------------------------------------------------------------------------------
// The registry

use Base::{Shanghai, ShanghaiBudget};

const BASIS: &str = "《中华人民共和国预算法》第十四条第二款（经本级政府财政部门批复的部门预算、决算及\
报表，应当在批复后二十日内由各部门向社会公开，并对机关运行经费的安排、使用情况等重要事项作出说明）；\
《地方预决算公开操作规程》（财预〔2016〕143号）（部门预决算经本级财政部门批复后公开，公开内容准确）。";

/// The `A` rules, in code order.
pub static RULES: &[AgainstRule] = &[
    AgainstRule {
        meta: Meta {
            code: "A-001",
            name: "公开报表的数字与批复数据不一致",
            severity: Severity::Error,
            family: Family::Against,
            doc: Doc {
                what: "把批复的数据包与公开文件逐表、逐行（科目编码或栏目名称）、逐列核对：同一张表同一行\
同一列的数字是否一致。按各数写出的小数位比较：以元为单位公开的数与以万元两位小数批复的数，在两位\
小数上相符即为一致。批复数据包完整的表中空白按0比较（数据包未列而列有其下级科目的类、款除外）；\
公开文件中的空白格，只在该行、该列都已读出时按0比较。一方没有的表、行、列或未能读出的数字\
不在此报，列入 A-002。",
                why: "公开的应是批复的数字。逐个数字比对人眼做不到，而一个抄错、漏改或批复后改动的数字，\
就让公开文件与批复不符，公众和审计据公开文件得出错误结论。",
                bad: "批复数据包一般公共预算财政拨款支出决算表 2010601 行政运行 决算数 1560.05 万元，公开\
文件同一格印为 1650.05 万元。",
                good: "公开文件各表的每个数字都与批复的数据包一致（以元公开的，折合万元后两位小数相符）。",
                basis: BASIS,
            },
        },
        check: tables,
        fixtures: &[
            fx(Shanghai, &[], &[], false),
            fx(
                Shanghai,
                &[],
                &["tables.general_budget.rows[2010601].total += 0.10"],
                true,
            ),
            // within rounding: 0.004 万元 is below the last printed decimal
            fx(
                Shanghai,
                &[],
                &["tables.general_budget.rows[2010601].total += 0.004"],
                false,
            ),
            // a line the published table leaves out is not a difference
            fx(
                Shanghai,
                &[],
                &["delete tables.general_budget.rows[2010601]"],
                false,
            ),
            fx(ShanghaiBudget, &[], &[], false),
            fx(
                ShanghaiBudget,
                &["tables.summary.income.general_budget += 1"],
                &[],
                true,
            ),
            // a 款 total the approved package leaves out (its 项 are there) is not zero
            fx(
                Shanghai,
                &["delete tables.general_budget.rows[20106]"],
                &[],
                false,
            ),
        ],
    },
    AgainstRule {
        meta: Meta {
            code: "A-002",
            name: "未能核对",
            severity: Severity::Warning,
            family: Family::Against,
            doc: Doc {
                what: "批复数据包与公开文件核对时，一方有而另一方没有或未能读出的表、行、列和说明数字：\
公开文件中没有读到的表，表中没有的行、列，未完整读出的表中空白的数字，以及批复数据包中有而公开\
文件说明中没有读到的数字（年初预算、上年数、机关运行经费等）。每张表每种原因报一次，列出所涉行。",
                why: "没有核对的数字不能当作一致。把未能核对的逐项列出，审核人员才知道哪些要人工看，\
不会把读不出的表当成“没有差异”。",
                bad: "公开文件的政府采购情况表未能读出，核对结果只说“没有差异”。",
                good: "列出“表9 政府采购情况表：公开文件中没有读到此表，表中 6 个数字未能核对”，由人工核对。",
                basis: BASIS,
            },
        },
        check: unverified,
        fixtures: &[
            fx(Shanghai, &[], &[], false),
            fx(
                Shanghai,
                &[],
                &["delete tables.general_budget.rows[2010601]"],
                true,
            ),
            fx(Shanghai, &[], &["delete tables.procurement"], true),
            fx(Shanghai, &[], &["delete agency_running_costs"], true),
        ],
    },
    AgainstRule {
        meta: Meta {
            code: "A-003",
            name: "公开说明的数字与批复数据不一致",
            severity: Severity::Error,
            family: Family::Against,
            doc: Doc {
                what: "批复数据包中说明所用的数字——决算各科目的年初预算数、机关运行经费、上年数（预算的\
上年预算数）——与公开文件说明中读到的同一数字是否一致；舍入的处理同 A-001。说明中没有读到的不在此报，\
列入 A-002。",
                why: "说明中的年初预算、机关运行经费和上年数不在报表里，逐表核对发现不了；抄错一个，\
预算完成率、增减额和增减原因都随之错误。",
                bad: "批复数据包机关运行经费 184.65 万元，公开文件说明写“机关运行经费支出194.65万元”。",
                good: "说明中的机关运行经费、年初预算数和上年数与批复的数据包一致。",
                basis: BASIS,
            },
        },
        check: text,
        fixtures: &[
            fx(Shanghai, &[], &[], false),
            fx(Shanghai, &[], &["agency_running_costs += 10"], true),
            fx(
                Shanghai,
                &[],
                &["tables.general_budget.total.initial_budget += 1"],
                true,
            ),
            fx(ShanghaiBudget, &[], &[], false),
        ],
    },
    AgainstRule {
        meta: Meta {
            code: "A-011",
            name: "所列上年数与上年决算不一致",
            severity: Severity::Warning,
            family: Family::Against,
            doc: Doc {
                what: "本年度公开（或数据包）所列的上年数——上年收入支出总计、本年收入合计、本年支出合计、\
财政拨款收入支出总计、一般公共预算财政拨款支出、机关运行经费、“三公”经费各项——与同一单位上年度\
决算（数据包或公开文件）的对应数字是否一致，对应关系与 `init --from` 结转上年数相同；舍入的处理同\
A-001。上年材料中没有的数字列入 A-002。",
                why: "上年数是同比增减和原因说明的基数；与上年公开的决算不同，增减额和增减率都随之\
错误。口径调整可以，但应在说明中写明，所以这里报警告而不是错误。",
                bad: "2024年度决算所列上年本年支出合计 2995.39 万元，2023年度决算的本年支出合计为 2985.39 万元。",
                good: "所列上年数与上年度公开的决算一致；口径调整的，说明中写明调整原因和口径。",
                basis: BASIS,
            },
        },
        check: prior_figures,
        fixtures: &[
            fx(Shanghai, &[], &[], false),
            fx(
                Shanghai,
                &[],
                &["prior_year.general_budget_expenditure += 10"],
                true,
            ),
            fx(
                Shanghai,
                &["prior_year.general_budget_expenditure += 0.004"],
                &[],
                false,
            ),
        ],
    },
];

/// The `A` rule with this code.
pub fn rule(code: &str) -> Option<&'static AgainstRule> {
    RULES.iter().find(|r| r.meta.code == code)
}

/// Runs a fixture: the first side is the approved package (and last year's 上年数), the
/// second the published one (and this year's package).
pub fn run_fixture(fx: &AgainstFixture) -> Result<Against, String> {
    let base = crate::testing::base(fx.base);
    let edit = |p: &Package, edits: &[&str]| {
        if edits.is_empty() {
            Ok(p.clone())
        } else {
            crate::mutate::apply(p, edits)
        }
    };
    let first = edit(&base, fx.first)?;
    let second = edit(&base, fx.second)?;
    let source = format!("{}年度决算", first.unit.year.saturating_sub(1));
    let ctx = AgainstCtx::new(
        Some((&first, &second)),
        true,
        Some(Prior {
            this: &second,
            expected: &first.prior_year,
            source: &source,
        }),
    );
    Ok(run(&ctx))
}
