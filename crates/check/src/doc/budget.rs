//! The document rules that compare a budget's text with its tables (`DocCtx::budget`): each
//! runs inside the rule whose code it reports (D-030, D-033, D-034, D-040, D-041), so one
//! code means one thing whatever the disclosure. Only what the tables or the sentence's own
//! figures prove is reported.
//!
//! - Shanghai district budgets: `N.“<类>（类）<款>（款）<项>（项）”X万元` per 项, against the
//!   row of the 一般公共预算 (or 基金 / 国资) 支出功能分类预算表 whose 类, 款 and 项 names
//!   match (元 → 万元); a restated `20XX年预算安排Y万元` against X; the comparison with
//!   `上年预算执行数` (direction, 持平, percentage, and a reason that names the opposite
//!   direction); the 三公 and 机关运行经费 sentences against the “三公” table.
//! - Empty-table notes: a note under a table that names another fund, or says the table is
//!   empty while it holds figures.

use juesuan_diagnostics::Sink;
use juesuan_io::document::Block;
use juesuan_model::fields::Record;
use juesuan_model::tables::{GeneralBudgetRow, TableKind};
use juesuan_model::text::compact;
use juesuan_model::{Amount, Code, Package};
use regex::Regex;
use rust_decimal::Decimal;
use std::ops::Range;
use std::sync::LazyLock;

use super::{DocCtx, Sentence};
use crate::numbers::re;

re!(
    ITEM,
    r"“([^（）“”]{2,30})（类）([^（）“”]{2,30})（款）([^（）“”]{2,40})（项）”[ 　]*([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    VERSUS,
    r"(20[0-9]{2})年(?:当年)?预算执行数为([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,][ 　]*(20[0-9]{2})年预算安排([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,][ 　]*(?:比|与)20[0-9]{2}年(?:当年)?预算执行数(增加|减少|增长|下降|持平)(?:([0-9]+(?:\.[0-9]+)?)%)?"
);
re!(REASON, r"主要原因是[：:]?([^。]*)");

/// A stated amount in 万元, with its decimals.
fn wan(text: &str) -> Option<(Decimal, u32)> {
    let t: String = text.chars().filter(|c| *c != ',').collect();
    let d: Decimal = t.parse().ok()?;
    Some((d, d.scale()))
}

/// Half a unit of the last printed decimal.
fn half(dp: u32) -> Decimal {
    Decimal::new(5, dp + 1)
}

/// Whether a figure stated at `dp` decimals may stand for `table`: rounded or cut off at
/// its last decimal (budgets do both: 877,080 元 is printed 87.70 万元), so only a
/// difference of a whole unit of the last decimal or more proves an error.
fn differs(table: Decimal, stated: Decimal, dp: u32) -> bool {
    (table - stated).abs() >= Decimal::new(1, dp)
}

/// `其它` and `其他` name the same 科目.
fn name_key(s: &str) -> String {
    compact(s).replace('它', "他")
}

/// The function-classification rows of the budget's appropriation tables whose 类, 款 and
/// 项 names are these: (table, row code, 合计).
fn item_row(pkg: &Package, names: [&str; 3]) -> Option<(TableKind, Code, Amount)> {
    let keys = names.map(name_key);
    let find = |rows: Vec<(Code, &str, Option<Amount>)>,
                all: &[(Code, String)]|
     -> Option<(Code, Amount)> {
        let name_of = |c: &Code| all.iter().find(|(k, _)| k == c).map(|(_, n)| name_key(n));
        rows.into_iter()
            .find(|(code, name, _)| {
                code.as_str().len() == 7
                    && name_key(name) == keys[2]
                    && code.parent().as_ref().and_then(name_of).as_deref() == Some(keys[1].as_str())
                    && name_of(&code.class()).as_deref() == Some(keys[0].as_str())
            })
            .map(|(c, _, a)| (c, a.unwrap_or_else(|| Amount::from_wan(Decimal::ZERO))))
    };
    if let Some(t) = &pkg.tables.general_budget {
        let all: Vec<(Code, String)> = t.rows.iter().map(|r| (r.code, r.name.clone())).collect();
        let rows = t
            .rows
            .iter()
            .map(|r: &GeneralBudgetRow| (r.code, r.name.as_str(), r.total))
            .collect();
        if let Some((c, a)) = find(rows, &all) {
            return Some((TableKind::GeneralBudget, c, a));
        }
    }
    for (kind, t) in [
        (TableKind::GovFund, &pkg.tables.gov_fund),
        (TableKind::StateCapital, &pkg.tables.state_capital),
    ] {
        let Some(t) = t else { continue };
        let all: Vec<(Code, String)> = t.rows.iter().map(|r| (r.code, r.name.clone())).collect();
        let rows = t
            .rows
            .iter()
            .map(|r| (r.code, r.name.as_str(), r.expenditure))
            .collect();
        if let Some((c, a)) = find(rows, &all) {
            return Some((kind, c, a));
        }
    }
    None
}

/// A table figure as printed (`873,617.00元`) and in 万元.
fn shown(a: &Amount) -> String {
    if a.entered_in() == juesuan_model::MoneyUnit::Wan {
        format!("{}万元", a.value())
    } else {
        format!(
            "{}（{}万元）",
            a.original(),
            juesuan_model::round_half_up(a.value(), 2)
        )
    }
}

/// D-040 on a budget: the text's figures against the tables.
pub(super) fn text_vs_tables(cx: &DocCtx, pkg: &Package, sink: &mut Sink) {
    for s in &cx.paras {
        for c in ITEM.captures_iter(s.text) {
            let (Some(m), Some(a), Some(b), Some(i), Some(x)) =
                (c.get(0), c.get(1), c.get(2), c.get(3), c.get(4))
            else {
                continue;
            };
            let Some((stated, dp)) = wan(x.as_str()) else {
                continue;
            };
            let Some((kind, code, amount)) = item_row(pkg, [a.as_str(), b.as_str(), i.as_str()])
            else {
                continue;
            };
            if differs(amount.value(), stated, dp) {
                let f = sink.finding(
                    cx.at(s, m.range(), 0),
                    format!(
                        "说明写“{}（项）”{}万元，{}中该项（{}）合计为{}",
                        i.as_str(),
                        x.as_str(),
                        kind.title_for(pkg.kind),
                        code.as_str(),
                        shown(&amount)
                    ),
                );
                sink.push(f);
            }
            // the same amount restated in the comparison that follows: wrong when it is not
            // the table's (a wrong item line is reported above)
            let rest = &s.text[m.end()..];
            let rest = rest.split(['“']).next().unwrap_or(rest);
            if let Some(v) = VERSUS.captures(rest)
                && let Some(y) = v.get(4)
                && let Some((again, dp2)) = wan(y.as_str())
                && differs(amount.value(), again, dp2)
            {
                let start = m.end() + y.start();
                let f = sink.finding(
                    cx.at(s, start..m.end() + y.end(), 12),
                    format!(
                        "说明写“{}（项）”{}年预算安排{}万元，{}中该项合计为{}",
                        i.as_str(),
                        v.get(3).map_or("", |y| y.as_str()),
                        y.as_str(),
                        kind.title_for(pkg.kind),
                        shown(&amount)
                    ),
                );
                sink.push(f);
            }
        }
    }
    three_public_text(cx, pkg, sink);
    totals_text(cx, pkg, sink);
}

/// D-057 on a budget whose explanation lists its appropriations 项 by 项
/// (`N.“A（类）B（款）C（项）”X万元，主要用于…`): each says what it is for, and every 项 row
/// of the 一般公共预算支出 table with a figure is among them (by its 类, 款 and 项 names).
/// A budget that does not list 项 is not asked to.
pub(super) fn items_explained(cx: &DocCtx, pkg: &Package, sink: &mut Sink) {
    let mut listed: Vec<[String; 3]> = Vec::new();
    let mut first: Option<(&Sentence, Range<usize>)> = None;
    for s in &cx.paras {
        let found: Vec<_> = ITEM.captures_iter(s.text).collect();
        for (k, c) in found.iter().enumerate() {
            let (Some(m), Some(a), Some(b), Some(i)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            listed.push([a.as_str(), b.as_str(), i.as_str()].map(name_key));
            if first.is_none() {
                first = Some((s, m.range()));
            }
            let end = found
                .get(k + 1)
                .and_then(|n| n.get(0))
                .map_or(s.text.len(), |n| n.start());
            let said = s.text.get(m.end()..end).unwrap_or("");
            if !said.contains("主要用于") && !said.contains("用于") {
                sink.report(
                    cx.at(s, m.range(), 0),
                    format!("“{}（项）”的说明没有写主要用于", i.as_str()),
                );
            }
        }
    }
    let (Some((head, range)), Some(gb)) = (first, &pkg.tables.general_budget) else {
        return;
    };
    let name_of = |c: &Code| gb.row(c).map(|r| name_key(&r.name));
    let left_out: Vec<String> = gb
        .rows
        .iter()
        .filter(|r| r.code.as_str().len() == 7 && r.total.is_some_and(|a| !a.is_zero()))
        .filter(|r| {
            let key = [
                name_of(&r.code.class()),
                r.code.parent().as_ref().and_then(name_of),
                Some(name_key(&r.name)),
            ];
            !listed.iter().any(|l| {
                key.iter()
                    .zip(l)
                    .all(|(k, n)| k.as_ref().is_none_or(|k| k == n))
            })
        })
        .map(|r| format!("{} {}", r.code, r.name))
        .collect();
    if !left_out.is_empty() {
        sink.report(
            cx.at(head, range, 0),
            format!(
                "{}中有数的项级科目没有逐项说明：{}",
                TableKind::GeneralBudget.title_for(pkg.kind),
                left_out.join("、")
            ),
        );
    }
}

/// How a table line is read from the package.
type LineOf = fn(&Package) -> Option<Amount>;

/// A figure of the explanation's totals sentences and the table line it states.
struct TotalLine {
    /// The words before the amount (`收入预算`, `其中：财政拨款收入`…).
    re: &'static LazyLock<Regex>,
    /// What the sentence states, as the message says it.
    what: &'static str,
    table: TableKind,
    /// The table's line, when the table states it.
    get: LineOf,
    /// Its name in the message.
    line: &'static str,
    /// The line and its name when the figure is said to be this year's (`本年收入预算`: the
    /// 本年收入合计 where a 上年结转 follows, not the 收入总计).
    current: Option<(LineOf, &'static str)>,
}

re!(
    T_INCOME,
    r"收入预算(?:总额|总计|合计|总数)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    T_EXPENDITURE,
    r"支出预算(?:总额|总计|合计|总数)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    T_APPROPRIATION_INCOME,
    r"财政拨款收入(?:预算)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    T_INSTITUTIONAL,
    r"事业收入为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    T_OPERATING,
    r"事业单位经营收入为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(T_OTHER, r"其他收入为?([0-9][0-9,]*(?:\.[0-9]+)?)万元");
re!(
    T_APPROPRIATION_SPENT,
    r"财政拨款支出预算(?:总额|合计)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    T_GENERAL_SPENT,
    r"一般公共预算(?:财政)?拨款支出预算为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);

const TOTAL_LINES: &[TotalLine] = &[
    TotalLine {
        re: &T_INCOME,
        what: "收入预算",
        table: TableKind::Summary,
        get: |p| {
            let i = &p.tables.summary.as_ref()?.income;
            i.grand_total.or(i.total)
        },
        line: "收入总计",
        current: Some((|p| p.tables.summary.as_ref()?.income.total, "本年收入合计")),
    },
    TotalLine {
        re: &T_EXPENDITURE,
        what: "支出预算",
        table: TableKind::Summary,
        get: |p| {
            let e = &p.tables.summary.as_ref()?.expenditure_totals;
            e.grand_total.or(e.total)
        },
        line: "支出总计",
        current: Some((
            |p| p.tables.summary.as_ref()?.expenditure_totals.total,
            "本年支出合计",
        )),
    },
    TotalLine {
        re: &T_APPROPRIATION_INCOME,
        what: "财政拨款收入",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.income.appropriation,
        line: "财政拨款收入",
        current: None,
    },
    TotalLine {
        re: &T_INSTITUTIONAL,
        what: "事业收入",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.income.institutional,
        line: "事业收入",
        current: None,
    },
    TotalLine {
        re: &T_OPERATING,
        what: "事业单位经营收入",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.income.operating,
        line: "事业单位经营收入",
        current: None,
    },
    TotalLine {
        re: &T_OTHER,
        what: "其他收入",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.income.other,
        line: "其他收入",
        current: None,
    },
    TotalLine {
        re: &T_APPROPRIATION_SPENT,
        what: "财政拨款支出预算",
        table: TableKind::AppropriationSummary,
        get: |p| {
            let a = p.tables.appropriation_summary.as_ref()?;
            a.grand_total.total.or(a.expenditure_total.total)
        },
        line: "支出总计",
        current: None,
    },
    TotalLine {
        re: &T_GENERAL_SPENT,
        what: "一般公共预算拨款支出预算",
        table: TableKind::GeneralBudget,
        get: |p| p.tables.general_budget.as_ref()?.total.total,
        line: "合计",
        current: None,
    },
];

/// Whether the words before a totals figure make it this year's line: nothing of its own
/// kind before it (`财政拨款`支出预算, `事业`收入预算 are other lines) — the start, a mark, a
/// year (`2025年度`), `其中：`, `部门`, or the unit's name — and nothing in its clause that
/// makes it another year's figure (`比…`, `上年`, another year, `决算`).
fn this_years(text: &str, start: usize, pkg: &Package) -> bool {
    let Some(before) = text.get(..start) else {
        return false;
    };
    let lead_ok = match before.chars().next_back() {
        None => true,
        Some(c) if !('\u{4e00}'..='\u{9fff}').contains(&c) => true,
        Some('年' | '度' | '中') => true,
        Some(_) => {
            before.ends_with("部门")
                || before.ends_with("单位")
                || (!pkg.unit.name.is_empty() && before.ends_with(pkg.unit.name.as_str()))
        }
    };
    let clause = before
        .rfind(['，', '。', '；', ','])
        .and_then(|i| before.get(i..))
        .unwrap_or(before);
    let year = pkg.unit.year.to_string();
    let other_year = clause
        .match_indices("20")
        .filter_map(|(i, _)| clause.get(i..i + 4))
        .any(|y| y.chars().all(|c| c.is_ascii_digit()) && y != year);
    lead_ok
        && !other_year
        && !["比", "较", "上年", "决算", "执行"]
            .iter()
            .any(|w| clause.contains(w))
}

/// D-040 on a budget: the totals sentences of the explanation (收入预算, 其中财政拨款收入,
/// 事业收入…, 支出预算, 财政拨款支出预算, 一般公共预算拨款支出预算) against 收支预算总表
/// (and the 财政拨款 and 一般公共预算 tables), each only where the table states the line;
/// a figure in 万元 may be rounded or cut from a table in 元, so only a whole unit of its last
/// decimal proves an error.
fn totals_text(cx: &DocCtx, pkg: &Package, sink: &mut Sink) {
    if pkg.tables.summary.is_none()
        && pkg.tables.appropriation_summary.is_none()
        && pkg.tables.general_budget.is_none()
    {
        return;
    }
    for s in &cx.paras {
        if !s.text.contains("预算") && !s.text.contains("收入") {
            continue;
        }
        for l in TOTAL_LINES {
            for c in l.re.captures_iter(s.text) {
                let (Some(m), Some(x)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                if !this_years(s.text, m.start(), pkg) {
                    continue;
                }
                let before = s.text.get(..m.start()).unwrap_or("");
                let (get, line) = match l.current {
                    Some(cur) if before.ends_with("本年") || before.ends_with("当年") => cur,
                    _ => (l.get, l.line),
                };
                let Some(table) = get(pkg) else {
                    continue;
                };
                let Some((stated, dp)) = wan(x.as_str()) else {
                    continue;
                };
                if differs(table.value(), stated, dp) {
                    let f = sink.finding(
                        cx.at(s, m.range(), 0),
                        format!(
                            "说明写{}{}万元，{}中{}为{}",
                            l.what,
                            x.as_str(),
                            l.table.title_for(pkg.kind),
                            line,
                            shown(&table)
                        ),
                    );
                    sink.push(f);
                }
            }
        }
    }
}

re!(
    TP_TOTAL,
    r"“三公”经费预算(?:数|总额)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    TP_OVERSEAS,
    r"因公出国（境）费([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    TP_VEHICLE,
    r"公务(?:用)?车购置及运行(?:维护)?费([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    TP_PURCHASE,
    r"公务用车购置费([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    TP_OPERATION,
    r"公务(?:用)?车(?:用车)?运行(?:维护)?费([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(TP_RECEPTION, r"公务接待费([0-9][0-9,]*(?:\.[0-9]+)?)万元");
re!(
    RUNNING,
    r"机关运行经费(?:预算)?为([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);

/// The 三公 and 机关运行经费 sentences of the 其他相关情况说明 against the “三公” table.
fn three_public_text(cx: &DocCtx, pkg: &Package, sink: &mut Sink) {
    let Some(t) = &pkg.tables.three_public else {
        return;
    };
    let b = &t.budget;
    let zero = Amount::from_wan(Decimal::ZERO);
    let items: [(&LazyLock<Regex>, Option<Amount>, &str); 6] = [
        (&TP_TOTAL, b.total, "“三公”经费预算"),
        (&TP_OVERSEAS, b.overseas, "因公出国（境）费"),
        (&TP_VEHICLE, b.vehicle, "公务用车购置及运行费"),
        (&TP_PURCHASE, b.vehicle_purchase, "公务用车购置费"),
        (&TP_OPERATION, b.vehicle_operation, "公务用车运行费"),
        (&TP_RECEPTION, b.reception, "公务接待费"),
    ];
    if b.is_blank() {
        return;
    }
    for s in &cx.paras {
        let in_section =
            s.section.is_some_and(|h| h.contains("三公")) || s.text.contains("“三公”经费预算");
        if !in_section || s.text.contains("决算") || s.text.contains("执行数") {
            continue;
        }
        for (re, cell, what) in &items {
            for c in re.captures_iter(s.text) {
                let (Some(m), Some(x)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                // 购置及运行费 also ends in 运行费: the operation pattern must not take it
                if *what == "公务用车运行费" && s.text[..m.start()].ends_with("购置及") {
                    continue;
                }
                let Some((stated, dp)) = wan(x.as_str()) else {
                    continue;
                };
                let table = cell.unwrap_or(zero);
                if differs(table.value(), stated, dp) {
                    let f = sink.finding(
                        cx.at(s, m.range(), 0),
                        format!(
                            "说明写{what}{}万元，{}中为{}",
                            x.as_str(),
                            TableKind::ThreePublic.title_for(pkg.kind),
                            shown(&table)
                        ),
                    );
                    sink.push(f);
                }
            }
        }
    }
    if let Some(running) = pkg.agency_running_costs {
        for s in &cx.paras {
            for c in RUNNING.captures_iter(s.text) {
                let (Some(m), Some(x)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                let Some((stated, dp)) = wan(x.as_str()) else {
                    continue;
                };
                if differs(running.value(), stated, dp) {
                    let f = sink.finding(
                        cx.at(s, m.range(), 0),
                        format!(
                            "说明写机关运行经费预算{}万元，报表中为{}",
                            x.as_str(),
                            shown(&running)
                        ),
                    );
                    sink.push(f);
                }
            }
        }
    }
}

/// One per-项 comparison with 上年预算执行数: where it is, the prior and this year's
/// amounts, the direction word, the percentage and the reason (byte ranges of the paragraph).
struct Versus<'s> {
    names: [&'s str; 3],
    restated: Option<(Decimal, u32)>,
    m: Range<usize>,
    prior: (Decimal, u32),
    amount: (Decimal, u32),
    word: &'s str,
    percent: Option<(Range<usize>, &'s str)>,
    reason: Option<(Range<usize>, &'s str)>,
}

fn versus<'s>(s: &Sentence<'s>) -> Vec<Versus<'s>> {
    let text: &'s str = s.text;
    let mut out = Vec::new();
    for item in ITEM.captures_iter(text) {
        let (Some(m), Some(a), Some(b), Some(i), Some(x)) = (
            item.get(0),
            item.get(1),
            item.get(2),
            item.get(3),
            item.get(4),
        ) else {
            continue;
        };
        let Some(amount) = wan(x.as_str()) else {
            continue;
        };
        let from = m.end();
        let end = from + text[from..].find('“').unwrap_or(text.len() - from);
        let rest = &text[from..end];
        let Some(v) = VERSUS.captures(rest) else {
            continue;
        };
        let (Some(vm), Some(p), Some(w)) = (v.get(0), v.get(2), v.get(5)) else {
            continue;
        };
        let Some(prior) = wan(p.as_str()) else {
            continue;
        };
        let after = from + vm.end();
        let reason = REASON
            .captures(&text[after..end])
            .and_then(|c| c.get(1))
            .map(|r| {
                (
                    after + r.start()..after + r.end(),
                    &text[after + r.start()..after + r.end()],
                )
            });
        out.push(Versus {
            names: [
                &text[a.start()..a.end()],
                &text[b.start()..b.end()],
                &text[i.start()..i.end()],
            ],
            restated: v.get(4).and_then(|y| wan(y.as_str())),
            m: from + vm.start()..from + vm.end(),
            prior,
            amount,
            word: &text[from + w.start()..from + w.end()],
            percent: v.get(6).map(|p| {
                (
                    from + p.start()..from + p.end(),
                    &text[from + p.start()..from + p.end()],
                )
            }),
            reason,
        });
    }
    out
}

fn increase(word: &str) -> bool {
    matches!(word, "增加" | "增长")
}

/// D-030 / D-033 / D-034 on a budget's per-项 comparisons with 上年预算执行数.
pub(super) fn comparisons(cx: &DocCtx, code: &str, sink: &mut Sink) {
    for s in &cx.paras {
        for v in versus(s) {
            // the item's amount, unless only its restatement agrees with the table (a wrong
            // item line is D-040's, and the comparison was made with the right figure)
            let table = cx
                .budget
                .and_then(|pkg| item_row(pkg, v.names))
                .map(|(_, _, a)| a.value());
            let amount = match (table, v.restated) {
                (Some(t), Some(r))
                    if differs(t, v.amount.0, v.amount.1) && !differs(t, r.0, r.1) =>
                {
                    r
                }
                _ => v.amount,
            };
            let ((x, xd), (p, pd)) = (amount, v.prior);
            let diff = x - p;
            let tol = half(xd) + half(pd);
            match code {
                "D-033" if v.word == "持平" && diff.abs() > tol => {
                    let f = sink.finding(
                        cx.at(s, v.m.clone(), 0),
                        format!("说明写持平，但预算安排{x}万元与上年预算执行数{p}万元不同"),
                    );
                    sink.push(f);
                }
                "D-034" if v.word != "持平" => {
                    let up = increase(v.word);
                    if (up && diff < -tol) || (!up && diff > tol) {
                        let f = sink.finding(
                            cx.at(s, v.m.clone(), 0),
                            format!(
                                "说明写{}，但预算安排{x}万元{}上年预算执行数{p}万元",
                                v.word,
                                if diff < Decimal::ZERO {
                                    "少于"
                                } else {
                                    "多于"
                                }
                            ),
                        );
                        sink.push(f);
                    } else if let Some((range, text)) = &v.reason {
                        // the reason names only the opposite direction
                        let (says_up, says_down) = (
                            text.contains("增加") || text.contains("增长"),
                            text.contains("减少") || text.contains("下降"),
                        );
                        if (up && says_down && !says_up) || (!up && says_up && !says_down) {
                            let f = sink.finding(
                                cx.at(s, range.clone(), 0),
                                format!(
                                    "金额比上年预算执行数{}（{p}万元→{x}万元），所写原因却是{}",
                                    v.word,
                                    if says_up { "增加" } else { "减少" }
                                ),
                            );
                            sink.push(f);
                        }
                    }
                }
                "D-030" if v.word != "持平" && p > half(pd) => {
                    let Some((prange, ptext)) = &v.percent else {
                        continue;
                    };
                    let Some((stated, sd)) = wan(ptext) else {
                        continue;
                    };
                    let hundred = Decimal::ONE_HUNDRED;
                    let (lo_p, hi_p) = (p - half(pd), p + half(pd));
                    let (lo_x, hi_x) = (x - half(xd), x + half(xd));
                    let mag = |a: Decimal, b: Decimal| ((a - b) / b * hundred).abs();
                    let cands = [
                        mag(lo_x, lo_p),
                        mag(lo_x, hi_p),
                        mag(hi_x, lo_p),
                        mag(hi_x, hi_p),
                    ];
                    let lo = cands.iter().min().copied().unwrap_or_default();
                    let hi = cands.iter().max().copied().unwrap_or_default();
                    let slack = half(sd);
                    if stated < lo - slack || stated > hi + slack {
                        let f = sink.finding(
                            cx.at(s, prange.clone(), 12),
                            format!(
                                "说明写{}{}%，按预算安排{x}万元与上年预算执行数{p}万元算应为{}%",
                                v.word,
                                ptext,
                                juesuan_model::round_half_up(mag(x, p), sd)
                            ),
                        );
                        sink.push(f);
                    }
                }
                _ => {}
            }
        }
    }
}

/// D-041 on a budget: a note under a table that names another fund than the table's, or says
/// the table is empty while it holds figures.
pub(super) fn notes(cx: &DocCtx, pkg: &Package, sink: &mut Sink) {
    for (kind, at) in &cx.recognition.tables {
        let Some(block) = cx
            .document
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Table(t) if t.at == *at))
        else {
            continue;
        };
        let Some(s) = cx
            .paras
            .iter()
            .find(|s| s.block == block + 1 && s.text.starts_with('注'))
        else {
            continue;
        };
        let note = s.text.split("公开").next().unwrap_or(s.text);
        let (own, other) = match kind {
            TableKind::GovFund => ("政府性基金", "国有资本经营"),
            TableKind::StateCapital => ("国有资本经营", "政府性基金"),
            _ => ("", ""),
        };
        if !own.is_empty() && note.contains(other) && !note.contains(own) {
            let m = note.find(other).unwrap_or(0);
            let f = sink.finding(
                cx.at(s, m..m + other.len(), 8),
                format!(
                    "{}下的注写的是“{other}”，与本表（{own}）不符，像是从另一张表复制来的",
                    kind.title_for(pkg.kind)
                ),
            );
            sink.push(f);
        }
        let empty_said = note.contains("空表") || note.contains("无数据");
        let figure = match kind {
            TableKind::ThreePublic => pkg
                .tables
                .three_public
                .as_ref()
                .and_then(|t| first_nonzero(&t.budget))
                .or(pkg.agency_running_costs.filter(|a| !a.is_zero())),
            TableKind::GovFund => pkg.tables.gov_fund.as_ref().and_then(|t| {
                first_nonzero(&t.total).or_else(|| t.rows.iter().find_map(first_nonzero))
            }),
            TableKind::StateCapital => pkg.tables.state_capital.as_ref().and_then(|t| {
                first_nonzero(&t.total).or_else(|| t.rows.iter().find_map(first_nonzero))
            }),
            _ => None,
        };
        if empty_said && let Some(a) = figure {
            let f = sink.finding(
                cx.at(s, 0..note.len(), 0),
                format!(
                    "表下注说本表为空，但{}中有数（如 {}）",
                    kind.title_for(pkg.kind),
                    shown(&a)
                ),
            );
            sink.push(f);
        }
    }
}

fn first_nonzero<R: Record>(r: &R) -> Option<Amount> {
    (0..R::FIELDS.len()).find_map(|i| match r.get(i) {
        Some(juesuan_model::CellValue::Amount(a)) if !a.is_zero() => Some(a),
        _ => None,
    })
}

// Fixtures of the budget branches (a Shanghai district budget; its tables in 元).

/// D-040 on a budget: a 项 line of 1376.82 万元 for 137,682 元.
pub(super) const D040_FIXTURE: super::DocFixture = super::DocFixture {
    fires: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n1.“一般公共服务支出（类）财政事务（款）信息化建设（项）”1376.82万元，主要用于系统运维。2024年当年预算执行数为14.00万元，2025年预算安排13.77万元，比2024年预算执行数减少1.64%。主要原因是：运维经费减少。\n2025年部门一般公共预算支出功能分类预算表编制部门：上海市普陀区测试局单位：元\n\t项目\n\t\n\t\n\t\n\t一般公共预算支出\n\t\n\t\n\n\t功能分类科目编码\n\t\n\t\n\t功能分类科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t类\n\t款\n\t项\n\t\n\t\n\t\n\t\n\n\t201\n\t\n\t\n\t一般公共服务支出\n\t137,682.00\n\t\n\t137,682.00\n\n\t201\n\t06\n\t\n\t财政事务\n\t137,682.00\n\t\n\t137,682.00\n\n\t201\n\t06\n\t07\n\t信息化建设\n\t137,682.00\n\t\n\t137,682.00\n\n\t合计\n\t\n\t\n\t\n\t137,682.00\n\t\n\t137,682.00\n\n",
    silent: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n1.“一般公共服务支出（类）财政事务（款）信息化建设（项）”13.77万元，主要用于系统运维。2024年当年预算执行数为14.00万元，2025年预算安排13.77万元，比2024年预算执行数减少1.64%。主要原因是：运维经费减少。\n2025年部门一般公共预算支出功能分类预算表编制部门：上海市普陀区测试局单位：元\n\t项目\n\t\n\t\n\t\n\t一般公共预算支出\n\t\n\t\n\n\t功能分类科目编码\n\t\n\t\n\t功能分类科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t类\n\t款\n\t项\n\t\n\t\n\t\n\t\n\n\t201\n\t\n\t\n\t一般公共服务支出\n\t137,682.00\n\t\n\t137,682.00\n\n\t201\n\t06\n\t\n\t财政事务\n\t137,682.00\n\t\n\t137,682.00\n\n\t201\n\t06\n\t07\n\t信息化建设\n\t137,682.00\n\t\n\t137,682.00\n\n\t合计\n\t\n\t\n\t\n\t137,682.00\n\t\n\t137,682.00\n\n",
};

/// D-040 on a budget's totals sentences: 收入预算 1376.82 万元 (a slip of the decimal point)
/// against 1,376,820 元 in 收支预算总表; silent when the text cuts 137.682 to 137.68.
pub(super) const D040_TOTALS_FIXTURE: super::DocFixture = super::DocFixture {
    fires: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n2025年，上海市普陀区测试局收入预算1376.82万元，其中：财政拨款收入137.68万元，比2024年预算增加10.00万元。\n支出预算137.68万元，其中：财政拨款支出预算137.68万元，比2024年预算增加10.00万元。\n2025年部门财务收支预算总表编制部门：上海市普陀区测试局单位：元\n\t本年收入\n\t\n\t本年支出\n\t\n\n\t项目\n\t预算数\n\t项目\n\t预算数\n\n\t一、财政拨款收入\n\t1,376,820.00\n\t一、一般公共服务支出\n\t1,376,820.00\n\n\t1. 一般公共预算资金\n\t1,376,820.00\n\t\n\t\n\n\t收入总计\n\t1,376,820.00\n\t支出总计\n\t1,376,820.00\n\n",
    silent: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n2025年，上海市普陀区测试局收入预算137.68万元，其中：财政拨款收入137.68万元，比2024年预算增加10.00万元。\n支出预算137.68万元，其中：财政拨款支出预算137.68万元，比2024年预算增加10.00万元。\n2025年部门财务收支预算总表编制部门：上海市普陀区测试局单位：元\n\t本年收入\n\t\n\t本年支出\n\t\n\n\t项目\n\t预算数\n\t项目\n\t预算数\n\n\t一、财政拨款收入\n\t1,376,820.00\n\t一、一般公共服务支出\n\t1,376,820.00\n\n\t1. 一般公共预算资金\n\t1,376,820.00\n\t\n\t\n\n\t收入总计\n\t1,376,820.00\n\t支出总计\n\t1,376,820.00\n\n",
};

pub(super) const D041_FIXTURE: super::DocFixture = super::DocFixture {
    fires: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n2025年部门国有资本经营预算支出功能分类预算表编制部门：上海市普陀区测试局单位：元\n\t项目\n\t\n\t\n\t\n\t国有资本经营预算支出\n\t\n\t\n\n\t功能分类科目编码\n\t\n\t\n\t功能分类科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t类\n\t款\n\t项\n\t\n\t\n\t\n\t\n\n\t合计\n\t\n\t\n\t\n\t\n\t\n\t\n\n注：本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。\n",
    silent: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n2025年部门国有资本经营预算支出功能分类预算表编制部门：上海市普陀区测试局单位：元\n\t项目\n\t\n\t\n\t\n\t国有资本经营预算支出\n\t\n\t\n\n\t功能分类科目编码\n\t\n\t\n\t功能分类科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t类\n\t款\n\t项\n\t\n\t\n\t\n\t\n\n\t合计\n\t\n\t\n\t\n\t\n\t\n\t\n\n注：本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。\n",
};

pub(super) const D034_FIXTURE: super::DocFixture = super::DocFixture {
    fires: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n1.“一般公共服务支出（类）财政事务（款）信息化建设（项）”13.77万元，主要用于系统运维。2024年当年预算执行数为14.00万元，2025年预算安排13.77万元，比2024年预算执行数减少1.64%。主要原因是：运维经费增加。\n",
    silent: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n1.“一般公共服务支出（类）财政事务（款）信息化建设（项）”13.77万元，主要用于系统运维。2024年当年预算执行数为14.00万元，2025年预算安排13.77万元，比2024年预算执行数减少1.64%。主要原因是：运维经费减少。\n",
};

/// D-057 on a budget: the 项 财政委托业务支出 of the table is not explained.
pub(super) const D057_FIXTURE: super::DocFixture = super::DocFixture {
    fires: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n财政拨款支出主要内容如下：\n1.“一般公共服务支出（类）财政事务（款）信息化建设（项）”13.77万元，主要用于系统运维。\n2025年部门一般公共预算支出功能分类预算表编制部门：上海市普陀区测试局单位：元\n\t项目\n\t\n\t\n\t\n\t一般公共预算支出\n\t\n\t\n\n\t功能分类科目编码\n\t\n\t\n\t功能分类科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t类\n\t款\n\t项\n\t\n\t\n\t\n\t\n\n\t201\n\t\n\t\n\t一般公共服务支出\n\t275,364.00\n\t\n\t275,364.00\n\n\t201\n\t06\n\t\n\t财政事务\n\t275,364.00\n\t\n\t275,364.00\n\n\t201\n\t06\n\t07\n\t信息化建设\n\t137,682.00\n\t\n\t137,682.00\n\n\t201\n\t06\n\t08\n\t财政委托业务支出\n\t137,682.00\n\t\n\t137,682.00\n\n\t合计\n\t\n\t\n\t\n\t275,364.00\n\t\n\t275,364.00\n\n",
    silent: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n财政拨款支出主要内容如下：\n1.“一般公共服务支出（类）财政事务（款）信息化建设（项）”13.77万元，主要用于系统运维。\n2.“一般公共服务支出（类）财政事务（款）财政委托业务支出（项）”13.77万元，主要用于委托审计。\n2025年部门一般公共预算支出功能分类预算表编制部门：上海市普陀区测试局单位：元\n\t项目\n\t\n\t\n\t\n\t一般公共预算支出\n\t\n\t\n\n\t功能分类科目编码\n\t\n\t\n\t功能分类科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t类\n\t款\n\t项\n\t\n\t\n\t\n\t\n\n\t201\n\t\n\t\n\t一般公共服务支出\n\t275,364.00\n\t\n\t275,364.00\n\n\t201\n\t06\n\t\n\t财政事务\n\t275,364.00\n\t\n\t275,364.00\n\n\t201\n\t06\n\t07\n\t信息化建设\n\t137,682.00\n\t\n\t137,682.00\n\n\t201\n\t06\n\t08\n\t财政委托业务支出\n\t137,682.00\n\t\n\t137,682.00\n\n\t合计\n\t\n\t\n\t\n\t275,364.00\n\t\n\t275,364.00\n\n",
};

/// D-030 on a budget's totals sentence compared with 上年年初预算数 (the Beijing wording): the
/// change stated is not the difference of the two amounts.
pub(super) const D030_TOTALS_FIXTURE: super::DocFixture = super::DocFixture {
    fires: "北京市某区示例局2025年度部门预算\n第一部分 2025年度部门预算情况说明\n一、收入预算情况说明\n2025年度收入预算720.00万元，比2024年年初预算数700.00万元增加30.00万元，增长2.86%。主要原因是人员调资。\n",
    silent: "北京市某区示例局2025年度部门预算\n第一部分 2025年度部门预算情况说明\n一、收入预算情况说明\n2025年度收入预算720.00万元，比2024年年初预算数700.00万元增加20.00万元，增长2.86%。主要原因是人员调资。\n",
};

pub(super) const D030_FIXTURE: super::DocFixture = super::DocFixture {
    fires: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n1.“一般公共服务支出（类）财政事务（款）信息化建设（项）”13.77万元，主要用于系统运维。2024年当年预算执行数为14.00万元，2025年预算安排13.77万元，比2024年预算执行数减少5.00%。主要原因是：运维经费减少。\n",
    silent: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n1.“一般公共服务支出（类）财政事务（款）信息化建设（项）”13.77万元，主要用于系统运维。2024年当年预算执行数为14.00万元，2025年预算安排13.77万元，比2024年预算执行数减少1.64%。主要原因是：运维经费减少。\n",
};
