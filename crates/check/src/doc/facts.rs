//! The statements of the explanation's sentences, parsed once per document and read by
//! several rules: changes against a base (`比上年A万元增加D万元，增长P%`), budget against final
//! (`年初预算为A万元，支出决算为X万元，完成年初预算的P%。决算数大于预算数…`), and shares
//! (`A万元，占…的P%`) with the whole each is a share of.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::{DocCtx, Sentence, dec};
use crate::numbers::{amounts, re};

/// A change stated against a base.
pub struct Change {
    /// The paragraph.
    pub para: usize,
    /// From the current amount to the end of the statement.
    pub range: Range<usize>,
    /// The current amount and its decimals.
    pub current: (Decimal, u32),
    /// The base: stated (`比上年A万元`), or derived from the current amount and the change
    /// when the sentence gives none (`与2023年度相比，…增加D万元`).
    pub base: Decimal,
    /// Decimals of the stated base (0 when derived).
    pub base_decimals: u32,
    /// Whether the base was stated.
    pub base_stated: bool,
    /// `增加` or `减少`.
    pub verb: String,
    /// The change and its decimals.
    pub diff: (Decimal, u32),
    /// The percentage: its verb (`增长`/`下降`), value and decimals.
    pub percent: Option<(String, Decimal, u32)>,
}

impl Change {
    /// Whether the verb says up.
    pub fn up(&self) -> bool {
        self.verb == "增加"
    }

    /// Whether the verb contradicts the amounts (增加 while the current amount is smaller).
    pub fn direction_wrong(&self) -> bool {
        self.base_stated
            && ((self.up() && self.current.0 < self.base)
                || (!self.up() && self.current.0 > self.base))
    }

    /// The decimals the statement's figures are read at (at least 2).
    pub fn decimals(&self) -> u32 {
        self.current
            .1
            .max(self.base_decimals)
            .max(self.diff.1)
            .max(2)
    }
}

/// A budget-against-final statement.
pub struct BudgetFinal {
    /// The paragraph.
    pub para: usize,
    /// The `年初预算为A万元，支出决算为X万元` part.
    pub range: Range<usize>,
    /// 年初预算 and its decimals.
    pub budget: (Decimal, u32),
    /// 决算 and its decimals.
    pub actual: (Decimal, u32),
    /// `完成年初预算的P%`: value, decimals, and where it ends.
    pub completion: Option<(Decimal, u32, usize)>,
    /// `决算数大于/小于/等于/与预算数(基本)持平`: the words, and where they end.
    pub verdict: Option<(String, usize)>,
}

impl BudgetFinal {
    /// The decimals the statement's figures are read at (at least 2).
    pub fn decimals(&self) -> u32 {
        self.budget.1.max(self.actual.1).max(2)
    }

    /// Whether the verdict contradicts the amounts.
    pub fn verdict_wrong(&self) -> Option<&str> {
        let (said, _) = self.verdict.as_ref()?;
        let (a, x) = (self.budget.0, self.actual.0);
        let wrong = match said.as_str() {
            "大于" => x <= a,
            "小于" => x >= a,
            "等于" | "与预算数持平" => x != a,
            _ => !a.is_zero() && ((x - a).abs() / a) > Decimal::new(1, 2),
        };
        wrong.then_some(said.as_str())
    }
}

/// A share: a part of a whole with its stated percentage.
pub struct Share {
    /// The paragraph.
    pub para: usize,
    /// The `A万元，占…P%` text.
    pub range: Range<usize>,
    /// The part and its decimals.
    pub part: (Decimal, u32),
    /// The whole it is a share of and its decimals.
    pub whole: (Decimal, u32),
    /// The percentage and its decimals.
    pub percent: (Decimal, u32),
    /// Shares of one whole listed together in a paragraph have one group number.
    pub group: usize,
}

/// Everything parsed from the sentences.
pub struct Statements {
    /// Changes against a base.
    pub changes: Vec<Change>,
    /// Budget-against-final statements.
    pub budget_final: Vec<BudgetFinal>,
    /// Shares of a whole.
    pub shares: Vec<Share>,
}

re!(
    CHANGE,
    r"(?:比|较|与)([^0-9。；]{0,24}?)([0-9][0-9,]*(?:\.[0-9]+)?)万元(?:相比)?[，,]?(增加|减少)([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]?(?:(增长|下降|减少|增加)([0-9]+(?:\.[0-9]+)?)[%％])?"
);
// A budget's comparison with last year's budget, the year and 年初预算数 between 比 and the
// amount (`比2024年年初预算数700.00万元增加20.00万元，增长2.86%`), which `CHANGE` does not take
// (its words before the base hold no digit).
re!(
    BUDGET_CHANGE,
    r"(?:比|较)20[0-9]{2}年度?(?:年初|当年)?预算(?:数|执行数)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元(?:相比)?[，,]?(增加|减少)([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]?(?:(增长|下降|减少|增加)([0-9]+(?:\.[0-9]+)?)[%％])?"
);
re!(
    CHANGE_NO_BASE,
    r"与[0-9]{4}年度?相比[，,][^。；]{0,30}?(增加|减少)([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]?(增长|下降)([0-9]+(?:\.[0-9]+)?)[%％]"
);
re!(
    BUDGET_FINAL,
    r"年初预算(?:数)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]支出决算(?:数)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    COMPLETION,
    r"^[，,]?完成(?:年初)?预算的([0-9]+(?:\.[0-9]+)?)[%％]"
);
re!(
    VERDICT,
    r"决算数(大于|小于|等于|与预算数基本持平|与预算数持平)"
);
re!(
    SHARE,
    r"([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]?(?:占([^0-9，。；%]{0,16}?)的?|占)([0-9]+(?:\.[0-9]+)?)[%％]"
);

impl Statements {
    /// The statements of a document's paragraphs.
    pub fn of(cx: &DocCtx) -> Statements {
        let mut st = Statements {
            changes: Vec::new(),
            budget_final: Vec::new(),
            shares: Vec::new(),
        };
        let mut group = 0;
        for s in &cx.paras {
            changes(s, &mut st.changes);
            if cx.budget.is_some() {
                budget_changes(s, &mut st.changes);
            }
            budget_final(s, &mut st.budget_final);
            shares(cx, s, &mut group, &mut st.shares);
        }
        st
    }
}

fn changes(s: &Sentence, out: &mut Vec<Change>) {
    // the base is group 2 (group 1 is what the base is of)
    stated_changes(s, &CHANGE, 2, out);
    for c in CHANGE_NO_BASE.captures_iter(s.text) {
        let (Some(m), Some(verb), Some(diff), Some(pverb), Some(pct)) =
            (c.get(0), c.get(1), c.get(2), c.get(3), c.get(4))
        else {
            continue;
        };
        let Some(cur) = amounts(&s.text[..m.start()]).last().copied() else {
            continue;
        };
        let (Some((d, dd)), Some((p, pd))) = (dec(diff.as_str()), dec(pct.as_str())) else {
            continue;
        };
        let base = if verb.as_str() == "增加" {
            cur.value - d
        } else {
            cur.value + d
        };
        out.push(Change {
            para: s.para,
            range: cur.start..m.end(),
            current: (cur.value, cur.decimals),
            base,
            base_decimals: 0,
            base_stated: false,
            verb: verb.as_str().to_string(),
            diff: (d, dd),
            percent: Some((pverb.as_str().to_string(), p, pd)),
        });
    }
}

/// A budget's comparisons with last year's budget as [`Change`]s: the current amount is the
/// last one before the comparison, the base the one after 比…预算数.
fn budget_changes(s: &Sentence, out: &mut Vec<Change>) {
    stated_changes(s, &BUDGET_CHANGE, 1, out);
}

/// The comparisons `pattern` finds that state their base: the base in group `at`, then the
/// verb, the difference and the optional percentage (its verb and figure); the current
/// amount is the last one before the match.
fn stated_changes(s: &Sentence, pattern: &Regex, at: usize, out: &mut Vec<Change>) {
    for c in pattern.captures_iter(s.text) {
        let (Some(m), Some(base), Some(verb), Some(diff)) =
            (c.get(0), c.get(at), c.get(at + 1), c.get(at + 2))
        else {
            continue;
        };
        let Some(cur) = amounts(&s.text[..m.start()]).last().copied() else {
            continue;
        };
        let (Some((b, bd)), Some(diff)) = (dec(base.as_str()), dec(diff.as_str())) else {
            continue;
        };
        let percent = match (c.get(at + 3), c.get(at + 4).and_then(|p| dec(p.as_str()))) {
            (Some(v), Some((p, pd))) => Some((v.as_str().to_string(), p, pd)),
            _ => None,
        };
        out.push(Change {
            para: s.para,
            range: cur.start..m.end(),
            current: (cur.value, cur.decimals),
            base: b,
            base_decimals: bd,
            base_stated: true,
            verb: verb.as_str().to_string(),
            diff,
            percent,
        });
    }
}

fn budget_final(s: &Sentence, out: &mut Vec<BudgetFinal>) {
    for c in BUDGET_FINAL.captures_iter(s.text) {
        let (Some(m), Some(a), Some(x)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let (Some(budget), Some(actual)) = (dec(a.as_str()), dec(x.as_str())) else {
            continue;
        };
        let rest = &s.text[m.end()..];
        let completion = COMPLETION.captures(rest).and_then(|p| {
            let all = p.get(0)?;
            let pm = p.get(1)?;
            let (v, d) = dec(pm.as_str())?;
            Some((v, d, m.end() + all.end()))
        });
        // The verdict in the next sentence or two.
        let window_end = rest.char_indices().nth(40).map_or(rest.len(), |(i, _)| i);
        let verdict = VERDICT
            .captures(&rest[..window_end])
            .and_then(|v| v.get(1))
            .map(|v| (v.as_str().to_string(), m.end() + v.end()));
        out.push(BudgetFinal {
            para: s.para,
            range: m.start()..m.end(),
            budget,
            actual,
            completion,
            verdict,
        });
    }
}

/// The whole a share is of: the amount of `label` in this paragraph or the three before,
/// else the first amount of the paragraph when it is written before `其中`/`主要用于`.
fn whole_of(cx: &DocCtx, s: &Sentence, label: &str, before: usize) -> Option<(Decimal, u32)> {
    let label = label.trim_end_matches('的');
    if label.chars().count() >= 2 {
        for p in cx.paras[s.para.saturating_sub(3)..=s.para].iter().rev() {
            let text = if p.para == s.para {
                &p.text[..before]
            } else {
                p.text
            };
            let mut best = None;
            for a in amounts(text) {
                let lead = &text[..a.start];
                let tail: String = lead
                    .chars()
                    .rev()
                    .take(label.chars().count() + 4)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                if tail.contains(label) {
                    best = Some(a);
                }
            }
            if let Some(b) = best {
                return Some((b.value, b.decimals));
            }
        }
        return None;
    }
    let text = &s.text[..before];
    let first = amounts(text).into_iter().next()?;
    let between = &text[first.end..];
    (between.starts_with("，其中")
        || between.starts_with("，主要用于")
        || between.starts_with("。其中")
        || between.starts_with("，其中："))
    .then_some((first.value, first.decimals))
}

fn shares(cx: &DocCtx, s: &Sentence, group: &mut usize, out: &mut Vec<Share>) {
    // Shares of one whole listed together form a group; `其中` starts a breakdown of the
    // item before it, a new group.
    *group += 1;
    let mut group_whole: Option<Decimal> = None;
    let mut group_start = 0usize;
    for c in SHARE.captures_iter(s.text) {
        let (Some(m), Some(part), Some(pct)) = (c.get(0), c.get(1), c.get(3)) else {
            continue;
        };
        let label = c.get(2).map_or("", |l| l.as_str());
        let (Some(percent), Some(part)) = (dec(pct.as_str()), dec(part.as_str())) else {
            continue;
        };
        let Some(whole) = whole_of(cx, s, label, m.start()) else {
            continue;
        };
        if whole.0.is_zero() {
            continue;
        }
        let breakdown = s.text[..m.start()]
            .rfind("其中")
            .is_some_and(|k| k > group_start);
        if breakdown {
            group_start = m.start();
            *group += 1;
            group_whole = None;
        }
        let in_group = group_whole.is_none_or(|g| g == whole.0);
        if in_group {
            group_whole = Some(whole.0);
        }
        out.push(Share {
            para: s.para,
            range: m.start()..m.end(),
            part,
            whole,
            percent,
            // A share of another whole is checked on its own but summed with no group.
            group: if in_group { *group } else { 0 },
        });
    }
}
