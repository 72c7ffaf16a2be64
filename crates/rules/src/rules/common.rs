//! Checks shared by many rules: sums, equalities and bounds on intervals, and the
//! identities every code-keyed table has (row sums, 类/款/项 hierarchy, 合计 = Σ 类).

use std::borrow::Cow;
use std::fmt;

use juesuan_model::fields::{CellValue, CodedRecord, Record};
use juesuan_model::tables::{CodedTable, TableKind};
use juesuan_model::{Amount, Code, CodeMap, Level};

use crate::finding::{Part, RowRef, Unit};
use crate::interval::{self, Term};
use crate::{Ctx, Location, Sink};

/// A label for messages, rendered only when a finding is made: audits of clean packages
/// format nothing.
#[derive(Debug, Clone)]
pub enum Label<'a> {
    /// Fixed or prepared text.
    Text(Cow<'a, str>),
    /// A coded row: `201 一般公共服务支出`.
    Row(Code, &'a str),
    /// A numbered table: `表5`.
    Table(usize),
    /// Something of a table: `表5的本年支出合计`.
    Of(&'a Label<'a>, &'a Label<'a>),
}

impl fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Label::Text(t) => f.write_str(t),
            Label::Row(code, "") => write!(f, "{code}"),
            Label::Row(code, name) => write!(f, "{code} {name}"),
            Label::Table(n) => write!(f, "表{n}"),
            Label::Of(table, what) => write!(f, "{table}的{what}"),
        }
    }
}

impl<'a> From<&'a str> for Label<'a> {
    fn from(s: &'a str) -> Self {
        Label::Text(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Label<'a> {
    fn from(s: &'a String) -> Self {
        Label::Text(Cow::Borrowed(s))
    }
}

impl<'a> From<&Label<'a>> for Label<'a> {
    fn from(l: &Label<'a>) -> Self {
        l.clone()
    }
}

impl From<String> for Label<'_> {
    fn from(s: String) -> Self {
        Label::Text(Cow::Owned(s))
    }
}

impl From<Label<'_>> for RowRef {
    fn from(l: Label<'_>) -> RowRef {
        match l {
            Label::Row(code, name) => RowRef::coded(code.to_string(), name),
            other => RowRef::named(other.to_string()),
        }
    }
}

impl From<Label<'_>> for String {
    fn from(l: Label<'_>) -> String {
        l.to_string()
    }
}

/// A labelled interval.
#[derive(Debug, Clone)]
pub struct Named<'a> {
    /// Label for messages.
    pub label: Label<'a>,
    /// The figure.
    pub term: Term,
}

/// A labelled interval.
pub fn named<'a>(label: impl Into<Label<'a>>, term: Term) -> Named<'a> {
    Named {
        label: label.into(),
        term,
    }
}

fn show(t: &Term) -> String {
    t.value.to_string()
}

/// Reports when `total ≠ Σ parts` beyond rounding. `sum_label` names the sum (`各类之和`).
#[allow(clippy::too_many_arguments)]
pub fn check_sum(
    sink: &mut Sink,
    loc: impl FnOnce() -> Location,
    relation: &str,
    total: &Named,
    sum_label: &str,
    parts: &[Named],
    decimals: u32,
    hint: &str,
) {
    let sum = Term::sum(parts.iter().map(|p| &p.term));
    if let Some(m) = interval::check_equal(total.term, sum) {
        let shown: Vec<Part> = parts
            .iter()
            .filter(|p| !p.term.value.is_zero())
            .map(|p| Part {
                label: p.label.to_string(),
                value: p.term.value,
            })
            .collect();
        let mut f = sink
            .finding(
                loc(),
                format!(
                    "{} {} 与{} {} 不符，相差 {}",
                    total.label,
                    show(&total.term),
                    sum_label,
                    m.computed,
                    m.difference.abs()
                ),
            )
            .number(total.label.to_string(), total.term.value, Unit::Wanyuan)
            .relation(relation)
            .arithmetic(m.arithmetic(Some(decimals), Unit::Wanyuan));
        if !shown.is_empty() {
            f = f.sum(sum_label, shown, Unit::Wanyuan);
        }
        if !hint.is_empty() {
            f = f.hint(hint);
        }
        sink.push(f);
    }
}

/// How two figures must relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// `a = b`.
    Equal,
    /// `a ≤ b`.
    AtMost,
}

/// Reports when `a ≠ b` beyond rounding.
pub fn check_eq(
    sink: &mut Sink,
    loc: impl FnOnce() -> Location,
    relation: &str,
    a: &Named,
    b: &Named,
    decimals: u32,
    hint: &str,
) {
    check_pair(sink, loc, Relation::Equal, relation, a, b, decimals, hint);
}

/// Reports when `a > limit` beyond rounding.
pub fn check_le(
    sink: &mut Sink,
    loc: impl FnOnce() -> Location,
    relation: &str,
    a: &Named,
    limit: &Named,
    decimals: u32,
    hint: &str,
) {
    check_pair(
        sink,
        loc,
        Relation::AtMost,
        relation,
        a,
        limit,
        decimals,
        hint,
    );
}

/// Reports when `a` and `b` break `rel` beyond rounding.
#[allow(clippy::too_many_arguments)]
pub fn check_pair(
    sink: &mut Sink,
    loc: impl FnOnce() -> Location,
    rel: Relation,
    relation: &str,
    a: &Named,
    b: &Named,
    decimals: u32,
    hint: &str,
) {
    let broken = match rel {
        Relation::Equal => interval::check_equal(a.term, b.term),
        Relation::AtMost => interval::check_at_most(a.term, b.term),
    };
    let Some(m) = broken else { return };
    let (a_shown, b_shown) = (show(&a.term), show(&b.term));
    let diff = m.difference.abs();
    let message = match rel {
        Relation::Equal => format!(
            "{} {a_shown} 与{} {b_shown} 不一致，相差 {diff}",
            a.label, b.label
        ),
        Relation::AtMost => format!(
            "{} {a_shown} 超过{} {b_shown}，超出 {diff}",
            a.label, b.label
        ),
    };
    let mut f = sink
        .finding(loc(), message)
        .number(a.label.to_string(), a.term.value, Unit::Wanyuan)
        .number(b.label.to_string(), b.term.value, Unit::Wanyuan)
        .relation(relation)
        .arithmetic(m.arithmetic(Some(decimals), Unit::Wanyuan));
    if !hint.is_empty() {
        f = f.hint(hint);
    }
    sink.push(f);
}

/// Within one record (a side of a two-sided table): the field `total` (key, label) equals
/// the sum of the fields `parts` (key, label); reported at the row named by the total.
/// `side` names the record within its table (`income`), for the figures its source does not
/// print.
#[allow(clippy::too_many_arguments)]
pub fn record_sum<R: Record>(
    ctx: &Ctx,
    sink: &mut Sink,
    kind: TableKind,
    (side, rec): (&str, &R),
    total: (&str, &str),
    parts: &[(&str, &str)],
    relation: &str,
    sum_label: &str,
) {
    let figure = |k: &str| ctx.figure(kind, &format!("{side}.{k}"), field(rec, k));
    let Some(t) = figure(total.0) else {
        return;
    };
    let parts: Option<Vec<Named>> = parts
        .iter()
        .map(|(k, l)| figure(k).map(|x| named(*l, x)))
        .collect();
    let Some(parts) = parts else { return };
    check_sum(
        sink,
        || ctx.at(kind).row(total.1),
        relation,
        &named(total.1, t),
        sum_label,
        &parts,
        ctx.decimals(kind),
        "",
    );
}

/// 收入总计 = 支出总计 of a two-sided table (收支总表, 财政拨款收支总表).
pub fn grand_totals_balance(
    ctx: &Ctx,
    sink: &mut Sink,
    kind: TableKind,
    income: Option<Amount>,
    expenditure: Option<Amount>,
) {
    let (Some(i), Some(e)) = (ctx.term(kind, income), ctx.term(kind, expenditure)) else {
        return;
    };
    check_eq(
        sink,
        || ctx.at(kind).row("总计"),
        "收入总计 = 支出总计",
        &named("收入总计", i),
        &named("支出总计", e),
        ctx.decimals(kind),
        "",
    );
}

/// `201 一般公共服务支出`, formatted when shown.
pub fn row_label(code: Code, name: &str) -> Label<'_> {
    Label::Row(code, name)
}

/// The amount of field `key` of a record.
pub fn field<R: Record>(r: &R, key: &str) -> Option<Amount> {
    match R::index_of(key).and_then(|i| r.get(i)) {
        Some(CellValue::Amount(a)) => Some(a),
        _ => None,
    }
}

/// The amount of field `i` of a record (an index from [`Record::index_of`]).
fn field_at<R: Record>(r: &R, i: usize) -> Option<Amount> {
    match r.get(i) {
        Some(CellValue::Amount(a)) => Some(a),
        _ => None,
    }
}

/// The label of field `key`.
pub fn label_of<R: Record>(key: &str) -> &'static str {
    R::FIELDS
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.label)
        .unwrap_or("")
}

/// Each row (and the totals row, when printed): `total_key = Σ part_keys`.
pub fn row_sums<R: CodedRecord, T: Record>(
    ctx: &Ctx,
    sink: &mut Sink,
    kind: TableKind,
    table: Option<&CodedTable<R, T>>,
    total_key: &str,
    part_keys: &[&str],
) {
    let Some(t) = table else { return };
    let dec = ctx.decimals(kind);
    let area = ctx.at(kind);
    let relation = format!(
        "{} = {}",
        label_of::<R>(total_key),
        part_keys
            .iter()
            .map(|k| label_of::<R>(k))
            .collect::<Vec<_>>()
            .join(" + ")
    );
    let total_label = label_of::<R>(total_key);
    let mut check = |row_name: Label, get: &dyn Fn(&str) -> Option<Amount>| {
        let Some(total) = ctx.figure(kind, total_key, get(total_key)) else {
            return;
        };
        let mut parts = Vec::with_capacity(part_keys.len());
        for k in part_keys {
            let Some(p) = ctx.figure(kind, k, get(k)) else {
                return;
            };
            parts.push(named(label_of::<R>(k), p));
        }
        if total.value.is_zero() && parts.iter().all(|p| p.term.value.is_zero()) {
            return;
        }
        check_sum(
            sink,
            || area.clone().row(row_name).column(total_label),
            &relation,
            &named(total_label, total),
            "各栏之和",
            &parts,
            dec,
            "",
        );
    };
    if !t.total.is_blank() {
        check("合计".into(), &|k| field(&t.total, k));
    }
    for r in &t.rows {
        check(row_label(r.code(), r.name()), &|k| field(r, k));
    }
}

/// 类 = Σ 款 and 款 = Σ 项 for each key, where the children are listed.
pub fn hierarchy<R: CodedRecord, T>(
    ctx: &Ctx,
    sink: &mut Sink,
    kind: TableKind,
    table: Option<&CodedTable<R, T>>,
    keys: &[&str],
) {
    let Some(t) = table else { return };
    let dec = ctx.decimals(kind);
    let area = ctx.at(kind);
    let fields: Vec<(&str, usize)> = keys
        .iter()
        .filter_map(|k| R::index_of(k).map(|i| (*k, i)))
        .collect();
    let mut children: CodeMap<Code, Vec<&R>> = CodeMap::default();
    for r in &t.rows {
        if let Some(p) = r.code().parent() {
            children.entry(p).or_default().push(r);
        }
    }
    for parent in &t.rows {
        let Some(kids) = children.get(&parent.code()) else {
            continue;
        };
        let level = parent.code().level();
        let (relation, sum_label) = match level {
            Level::Class => ("类 = 款级科目之和", "所属各款之和"),
            _ => ("款 = 项级科目之和", "所属各项之和"),
        };
        for (key, i) in &fields {
            let Some(total) = ctx.figure(kind, key, field_at(parent, *i)) else {
                continue;
            };
            let parts: Option<Vec<Named>> = kids
                .iter()
                .map(|k| {
                    ctx.figure(kind, key, field_at(*k, *i))
                        .map(|t| named(row_label(k.code(), k.name()), t))
                })
                .collect();
            let Some(parts) = parts else { continue };
            check_sum(
                sink,
                || {
                    area.clone()
                        .row(row_label(parent.code(), parent.name()))
                        .column(label_of::<R>(key))
                },
                relation,
                &named(row_label(parent.code(), parent.name()), total),
                sum_label,
                &parts,
                dec,
                "",
            );
        }
    }
}

/// 合计 = Σ 类 for each key, when the totals row is printed.
pub fn classes_total<R: CodedRecord, T: Record>(
    ctx: &Ctx,
    sink: &mut Sink,
    kind: TableKind,
    table: Option<&CodedTable<R, T>>,
    keys: &[&str],
) {
    let Some(t) = table else { return };
    if t.total.is_blank() {
        return;
    }
    let classes: Vec<&R> = t
        .rows
        .iter()
        .filter(|r| r.code().level() == Level::Class)
        .collect();
    if classes.is_empty() {
        return;
    }
    let dec = ctx.decimals(kind);
    let area = ctx.at(kind);
    for key in keys {
        let Some(total) = ctx.figure(kind, key, field(&t.total, key)) else {
            continue;
        };
        let parts: Option<Vec<Named>> = classes
            .iter()
            .map(|r| {
                ctx.figure(kind, key, field(*r, key))
                    .map(|x| named(row_label(r.code(), r.name()), x))
            })
            .collect();
        let Some(parts) = parts else { continue };
        check_sum(
            sink,
            || area.clone().row("合计").column(label_of::<R>(key)),
            "合计 = 各类之和",
            &named("合计", total),
            "各类之和",
            &parts,
            dec,
            "检查是否漏列了某一类，或某类金额有误",
        );
    }
}
