//! The document rules on the text: facts read from sentences (amounts, shares, changes,
//! budget-vs-final statements) and checked against each other and against the tables;
//! template leftovers, doubled words and sentences, lost comparison bases, stray years.

use juesuan_io::document::{At, Block, Document};
use juesuan_model::fields::{CellValue, Record};
use juesuan_model::tables::TableKind;
use juesuan_model::text::compact;
use juesuan_model::{Amount, Package};
use juesuan_rules::interval::{Term, check_equal, check_percent};
use juesuan_rules::{Finding, Location};
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::LazyLock;

use crate::Recognition;
use crate::doc_rules::finding;
use crate::numbers::{Num, amounts, re};
use crate::recognize::is_heading;

/// A paragraph of the document with its section heading.
pub(crate) struct Sentence<'a> {
    pub text: &'a str,
    pub at: At,
    pub section: Option<&'a str>,
    /// Index of the paragraph.
    pub para: usize,
}

/// The paragraphs to read facts from, each with its section.
pub(crate) struct Facts<'a> {
    pub paras: Vec<Sentence<'a>>,
    /// Table cell texts, for leftovers.
    pub cells: Vec<(&'a str, At)>,
}

impl<'a> Facts<'a> {
    pub fn of(doc: &'a Document) -> Facts<'a> {
        let mut paras = Vec::new();
        let mut cells = Vec::new();
        let mut section: Option<&str> = None;
        for b in &doc.blocks {
            match b {
                Block::Para(p) => {
                    if p.heading || is_heading(&p.text) {
                        section = Some(&p.text);
                    }
                    let para = paras.len();
                    paras.push(Sentence {
                        text: &p.text,
                        at: p.at,
                        section,
                        para,
                    });
                }
                Block::Table(t) => {
                    for c in t.rows.iter().flatten() {
                        if !c.text.is_empty() {
                            cells.push((c.text.as_str(), c.at));
                        }
                    }
                }
            }
        }
        Facts { paras, cells }
    }
}

fn loc(s: &Sentence, quote: &str) -> Location {
    let mut l = Location::area(s.at.to_string());
    if let Some(sec) = s.section {
        l = l.row(sec.to_string());
    }
    l.quote(quote.to_string())
}

/// The text around a byte range, at most `n` characters each side, on char boundaries.
fn around(text: &str, start: usize, end: usize, n: usize) -> String {
    let s = text[..start]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let e = text[end..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| end + i);
    let mut q = String::new();
    if s > 0 {
        q.push('…');
    }
    q.push_str(&text[s..e]);
    if e < text.len() {
        q.push('…');
    }
    q
}

pub(crate) fn run(
    doc: &Document,
    catalog: &juesuan_model::Catalog,
    facts: &Facts,
    rec: &Recognition,
    pkg: &Package,
    out: &mut Vec<Finding>,
) {
    let _ = doc;
    structure(facts, rec, out);
    for s in &facts.paras {
        leftovers(s.text, || loc(s, s.text), out);
        doubled(s, out);
        lost_base(s, out);
        stray_year(s, rec.year, out);
        changes(s, out);
        same_claims(s, out);
        budget_vs_final(s, out);
    }
    shares(facts, out);
    for (text, at) in &facts.cells {
        leftovers(
            text,
            || {
                Location::area(at.to_string())
                    .row("表格")
                    .quote(text.to_string())
            },
            out,
        );
    }
    class_sum(facts, out);
    against_tables(facts, pkg, out);
    said_empty(facts, pkg, out);
    listed_items(facts, pkg, catalog, out);
}

// ------------------------------------------------------------------ structure

fn structure(facts: &Facts, rec: &Recognition, out: &mut Vec<Finding>) {
    let Some(region) = rec.profile else { return };
    let parts: Vec<&str> = facts
        .paras
        .iter()
        .map(|s| s.text)
        .filter(|t| t.starts_with('第') && t.contains("部分"))
        .collect();
    let profile = region.profile();
    for part in &profile.parts {
        let (key, name) = (&part.find, &part.name);
        if !parts.iter().any(|p| p.contains(key.as_str())) && !parts.is_empty() {
            out.push(finding(
                "D-002",
                Location::area("整个文件"),
                format!("按{}格式应有“{name}”，文件中找不到这一部分", region.label()),
            ));
        }
    }
    let attached = facts
        .paras
        .iter()
        .any(|s| s.text.contains("详见附件") && s.text.contains("报表"));
    let tables_part = parts
        .iter()
        .any(|p| p.contains("决算表") || p.contains("决算报表"));
    if !tables_part && rec.tables.is_empty() {
        return;
    }
    let missing: Vec<&str> = profile
        .required_tables()
        .iter()
        .filter(|k| !rec.tables.iter().any(|(f, _)| f == *k))
        .map(|k| profile.title(*k))
        .collect();
    if missing.is_empty() {
        return;
    }
    let mut f = finding(
        "D-001",
        Location::area("整个文件"),
        format!(
            "按{}格式应公开的{}张报表没有找到：{}",
            region.label(),
            missing.len(),
            missing.join("、")
        ),
    );
    if attached {
        f.severity = juesuan_model::Severity::Info;
        f.message.push_str("（文件写明报表详见附件，未能核对）");
    }
    out.push(f);
}

// ------------------------------------------------------------------ leftovers

re!(PLACEHOLDER, r"XXX|XX|ＸＸ|××|某某|。。。|X\.XX|[0-9]*\.?XX");
re!(
    CHOICE,
    r"增加（减少）|增长（下降）|增加\(减少\)|增长\(下降\)|增加/减少|增长/下降|增加（下降）|增（减）|大于（小于）|（增加/减少）"
);
re!(
    INSTRUCTION,
    r"（此处插入[^）]*）?|此处插入|示例如下|各单位需根据|由主管部门根据|（注：有中央转移支付|根据实际情况填写|（仅有一个单位的部门|请根据实际|参照填写|此处填写"
);

fn leftovers(text: &str, at: impl Fn() -> Location, out: &mut Vec<Finding>) {
    if let Some(m) = PLACEHOLDER.find(text) {
        out.push(finding(
            "D-010",
            at(),
            format!("模板占位符“{}”没有替换", m.as_str()),
        ));
    }
    if let Some(m) = CHOICE.find(text) {
        out.push(finding(
            "D-011",
            at(),
            format!("模板选择项“{}”没有选定", m.as_str()),
        ));
    }
    if let Some(m) = INSTRUCTION.find(text) {
        out.push(finding(
            "D-012",
            at(),
            format!("模板填写说明“{}”留在了文件里", m.as_str()),
        ));
    }
}

// ------------------------------------------------------------------ doubled words

/// Reduplications that are ordinary Chinese.
const NORMAL_DOUBLES: &[&str] = &[
    "常常", "往往", "仅仅", "渐渐", "刚刚", "稍稍", "纷纷", "人人", "个个", "天天", "年年", "处处",
    "事事", "时时", "层层", "步步", "条条", "项项", "件件", "家家", "户户", "样样", "一一", "谢谢",
    "默默", "匆匆", "久久", "频频", "屡屡", "多多", "好好", "大大", "点点", "滴滴", "方方", "面面",
    "切切", "实实", "在在", "平平", "稳稳", "扎扎", "踏踏", "明明", "白白", "清清", "楚楚", "星星",
];
/// Function words that never double.
const SLIPS: &[&str] = &[
    "的的",
    "是是",
    "和和",
    "及及",
    "与与",
    "并并",
    "将将",
    "于于",
    "对对",
    "把把",
    "被被",
    "了了的",
];
/// Characters that legitimately repeat before a title: 局局长, 处处长, 科科长.
const ORG_SUFFIX: &str = "局处科部室所院队站组厅委办司";

fn doubled(s: &Sentence, out: &mut Vec<Finding>) {
    let chars: Vec<(usize, char)> = s.text.char_indices().collect();
    for w in chars.windows(3) {
        let ((i, a), (_, b), (_, next)) = (w[0], w[1], w[2]);
        if a != b || !('\u{4e00}'..='\u{9fff}').contains(&a) {
            continue;
        }
        let pair: String = [a, b].iter().collect();
        // Across a word boundary a character often repeats (财政政策, 专业业务); a doubled
        // character is a slip when nothing can follow it (支出出1999.73) or when it is a
        // function word that never doubles (六是是).
        let cjk_next = ('\u{4e00}'..='\u{9fff}').contains(&next);
        if NORMAL_DOUBLES.contains(&pair.as_str())
            || (ORG_SUFFIX.contains(a) && matches!(next, '长' | '员'))
            || (cjk_next && !SLIPS.contains(&pair.as_str()))
        {
            continue;
        }
        out.push(finding(
            "D-020",
            loc(s, &around(s.text, i, i + 2 * a.len_utf8(), 8)),
            format!("“{pair}”重复了一个字"),
        ));
    }
    // A phrase or sentence said twice in a row.
    let sentences: Vec<&str> = s.text.split_inclusive(['。', '；']).collect();
    for w in sentences.windows(2) {
        let (a, b) = (w[0].trim(), w[1].trim());
        if a.chars().count() >= 4 && a == b {
            out.push(finding(
                "D-021",
                loc(s, &format!("{a}{b}")),
                format!("“{a}”连续出现了两次"),
            ));
            return;
        }
    }
    // Phrases of 4–12 characters repeated back to back (`并组织实施。并组织实施。`).
    let is_han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    for n in (4..=12).rev() {
        for k in 0..chars.len().saturating_sub(2 * n - 1) {
            let a = &chars[k..k + n];
            let b = &chars[k + n..k + 2 * n];
            if a.iter().map(|x| x.1).eq(b.iter().map(|x| x.1))
                && a.iter().filter(|x| is_han(x.1)).count() >= 4
                && a.iter().all(|x| is_han(x.1) || "。，；".contains(x.1))
                && (a.iter().all(|x| is_han(x.1)) || "。；".contains(a[n - 1].1))
            {
                let phrase: String = a.iter().map(|x| x.1).collect();
                out.push(finding(
                    "D-021",
                    loc(
                        s,
                        &around(s.text, a[0].0, b[n - 1].0 + b[n - 1].1.len_utf8(), 4),
                    ),
                    format!("“{phrase}”连续出现了两次"),
                ));
                return;
            }
        }
    }
}

// ------------------------------------------------------------------ lost base

re!(
    LOST_BASE,
    r"([0-9][0-9,.]*万元)，([0-9][0-9,.]*万元)(增加|减少|增长|下降)"
);

fn lost_base(s: &Sentence, out: &mut Vec<Finding>) {
    for c in LOST_BASE.captures_iter(s.text) {
        let (Some(m), Some(base)) = (c.get(0), c.get(2)) else {
            continue;
        };
        out.push(finding(
            "D-022",
            loc(s, &around(s.text, m.start(), m.end(), 10)),
            format!(
                "“{}”前缺少比较对象（应为“比上年{}…”之类）",
                base.as_str(),
                base.as_str()
            ),
        ));
    }
}

// ------------------------------------------------------------------ years

re!(AS_OF, r"截[至止]([0-9]{4})年12月31日");
re!(ANY_YEAR, r"(20[0-9]{2})年");

fn stray_year(s: &Sentence, year: Option<u16>, out: &mut Vec<Finding>) {
    let Some(year) = year else { return };
    for c in AS_OF.captures_iter(s.text) {
        if let Some(y) = c.get(1).and_then(|m| m.as_str().parse::<u16>().ok())
            && y != year
            && let Some(m) = c.get(0)
        {
            out.push(finding(
                "D-023",
                loc(s, m.as_str()),
                format!("资产数的日期写“{y}年12月31日”，报告年度是{year}年"),
            ));
        }
    }
    // Headings of the disclosure's own parts (not project names such as `2021年度…政策兑现`).
    if is_heading(s.text) && (s.text.contains("决算") || s.text.contains("绩效评价")) {
        for c in ANY_YEAR.captures_iter(s.text) {
            if let Some(y) = c.get(1).and_then(|m| m.as_str().parse::<u16>().ok())
                && y != year
            {
                out.push(finding(
                    "D-023",
                    loc(s, s.text),
                    format!("标题中的年份{y}年不是报告年度{year}年"),
                ));
            }
        }
    }
}

// ------------------------------------------------------------------ changes

re!(
    CHANGE,
    r"(?:比|较|与)([^0-9。；]{0,24}?)([0-9][0-9,]*(?:\.[0-9]+)?)万元(?:相比)?[，,]?(增加|减少)([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]?(?:(增长|下降|减少|增加)([0-9]+(?:\.[0-9]+)?)[%％])?"
);
re!(
    CHANGE_NO_BASE,
    r"与[0-9]{4}年度?相比[，,][^。；]{0,30}?(增加|减少)([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]?(增长|下降)([0-9]+(?:\.[0-9]+)?)[%％]"
);

fn dec(s: &str) -> Option<(Decimal, u32)> {
    let clean: String = s.chars().filter(|c| *c != ',').collect();
    let d: Decimal = clean.parse().ok()?;
    Some((d, clean.split_once('.').map_or(0, |(_, f)| f.len() as u32)))
}

/// The amount written last before byte `end` in the text.
fn amount_before(text: &str, end: usize) -> Option<Num> {
    amounts(&text[..end]).last().copied()
}

fn changes(s: &Sentence, out: &mut Vec<Finding>) {
    for c in CHANGE.captures_iter(s.text) {
        let (Some(m), Some(base), Some(verb), Some(diff)) =
            (c.get(0), c.get(2), c.get(3), c.get(4))
        else {
            continue;
        };
        let Some(cur) = amount_before(s.text, m.start()) else {
            continue;
        };
        let (Some((b, bd)), Some((d, dd))) = (dec(base.as_str()), dec(diff.as_str())) else {
            continue;
        };
        let quote = around(s.text, cur.start, m.end(), 2);
        let dp = cur.decimals.max(bd).max(dd).max(2);
        let up = verb.as_str() == "增加";
        if (up && cur.value < b) || (!up && cur.value > b) {
            out.push(finding(
                "D-034",
                loc(s, &quote),
                format!(
                    "{} 比 {} {}，文中却写“{}”",
                    cur.value,
                    b,
                    if cur.value < b { "小" } else { "大" },
                    verb.as_str()
                ),
            ));
            continue;
        }
        let actual = Term::with_decimals(cur.value, dp).minus(&Term::with_decimals(b, dp));
        let stated = Term::with_decimals(if up { d } else { -d }, dp);
        if let Some(mm) = check_equal(stated, actual) {
            out.push(
                finding(
                    "D-030",
                    loc(s, &quote),
                    format!(
                        "{}{} 万元与 {} − {} = {} 不符",
                        verb.as_str(),
                        d,
                        cur.value,
                        b,
                        cur.value - b
                    ),
                )
                .mismatch(mm, Some(dp)),
            );
            continue;
        }
        if let (Some(pct), Some(pverb)) = (c.get(6), c.get(5))
            && let Some((p, pd)) = dec(pct.as_str())
        {
            percent_of_change(s, &quote, pverb.as_str(), p, pd, d, b, dp, out);
        }
    }
    for c in CHANGE_NO_BASE.captures_iter(s.text) {
        let (Some(m), Some(verb), Some(diff), Some(pverb), Some(pct)) =
            (c.get(0), c.get(1), c.get(2), c.get(3), c.get(4))
        else {
            continue;
        };
        let Some(cur) = amount_before(s.text, m.start()) else {
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
        let dp = cur.decimals.max(dd).max(2);
        let quote = around(s.text, cur.start, m.end(), 2);
        percent_of_change(s, &quote, pverb.as_str(), p, pd, d, base, dp, out);
    }
}

#[allow(clippy::too_many_arguments)]
fn percent_of_change(
    s: &Sentence,
    quote: &str,
    verb: &str,
    p: Decimal,
    pd: u32,
    d: Decimal,
    base: Decimal,
    dp: u32,
    out: &mut Vec<Finding>,
) {
    if base.is_zero() {
        return;
    }
    let stated = Term::with_decimals(p, pd);
    if let Some(mm) = check_percent(
        stated,
        Term::with_decimals(d, dp),
        Term::with_decimals(base, dp),
    ) {
        let exact = (d / base * Decimal::from(100)).round_dp(pd + 2);
        out.push(
            finding(
                "D-030",
                loc(s, quote),
                format!("{verb}{p}% 与 {d} ÷ {base} = {exact}% 不符"),
            )
            .mismatch(mm, Some(pd)),
        );
    }
}

// ------------------------------------------------------------------ 一致 / 持平

re!(
    SAME,
    r"([0-9][0-9,]*(?:\.[0-9]+)?)万元[^。；]{0,30}?([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]?(?:基本)?(一致|持平|相同|相等)"
);

fn same_claims(s: &Sentence, out: &mut Vec<Finding>) {
    for c in SAME.captures_iter(s.text) {
        let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let (Some((x, _)), Some((y, _))) = (dec(a.as_str()), dec(b.as_str())) else {
            continue;
        };
        if x != y && !m.as_str().contains("基本") {
            out.push(finding(
                "D-033",
                loc(s, m.as_str()),
                format!(
                    "{x} 与 {y} 相差 {}，却写“{}”",
                    (x - y).abs(),
                    c.get(3).map_or("", |v| v.as_str())
                ),
            ));
        }
    }
}

// ------------------------------------------------------------------ budget vs final

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

fn budget_vs_final(s: &Sentence, out: &mut Vec<Finding>) {
    for c in BUDGET_FINAL.captures_iter(s.text) {
        let (Some(m), Some(a), Some(x)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let (Some((a, ad)), Some((x, xd))) = (dec(a.as_str()), dec(x.as_str())) else {
            continue;
        };
        let dp = ad.max(xd).max(2);
        let rest = &s.text[m.end()..];
        if let Some(p) = COMPLETION.captures(rest)
            && let Some(pm) = p.get(1)
            && let Some((pv, pd)) = dec(pm.as_str())
            && !a.is_zero()
            && let Some(mm) = check_percent(
                Term::with_decimals(pv, pd),
                Term::with_decimals(x, dp),
                Term::with_decimals(a, dp),
            )
        {
            let exact = (x / a * Decimal::from(100)).round_dp(pd + 2);
            out.push(
                finding(
                    "D-035",
                    loc(s, &around(s.text, m.start(), m.end() + pm.end() + 1, 2)),
                    format!("完成预算的 {pv}% 与 {x} ÷ {a} = {exact}% 不符"),
                )
                .mismatch(mm, Some(pd)),
            );
        }
        // The verdict in the next sentence or two: 决算数大于/小于/与预算数基本持平.
        let window: String = rest.chars().take(40).collect();
        if let Some(v) = VERDICT.captures(&window).and_then(|v| v.get(1)) {
            let said = v.as_str();
            let wrong = match said {
                "大于" => x <= a,
                "小于" => x >= a,
                "等于" | "与预算数持平" => x != a,
                _ => !a.is_zero() && ((x - a).abs() / a) > Decimal::new(1, 2),
            };
            if wrong {
                let code = if said.contains("持平") || said == "等于" {
                    "D-033"
                } else {
                    "D-034"
                };
                out.push(finding(
                    code,
                    loc(s, &around(s.text, m.start(), m.end() + v.end(), 2)),
                    format!("年初预算 {a} 万元、决算 {x} 万元，文中却说决算数{said}"),
                ));
            }
        }
    }
}

// ------------------------------------------------------------------ shares

re!(
    SHARE,
    r"([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]?(?:占([^0-9，。；%]{0,16}?)的?|占)([0-9]+(?:\.[0-9]+)?)[%％]"
);

/// The whole a share is of: the amount of `label` in this paragraph or the three before,
/// else the first amount of the paragraph when it is written before `其中`/`主要用于`.
fn whole_of(facts: &Facts, s: &Sentence, label: &str, before: usize) -> Option<(Decimal, u32)> {
    let label = label.trim_end_matches('的');
    let paras = facts.paras[s.para.saturating_sub(3)..=s.para].iter().rev();
    if label.chars().count() >= 2 {
        for p in paras {
            let text = if p.para == s.para {
                &p.text[..before]
            } else {
                p.text
            };
            let mut best: Option<Num> = None;
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

fn shares(facts: &Facts, out: &mut Vec<Finding>) {
    for s in &facts.paras {
        // Shares of one whole, for their sum.
        let mut group: Vec<(Decimal, u32, Decimal)> = Vec::new();
        let mut group_whole: Option<Decimal> = None;
        let mut group_start = 0usize;
        for c in SHARE.captures_iter(s.text) {
            let (Some(m), Some(part), Some(pct)) = (c.get(0), c.get(1), c.get(3)) else {
                continue;
            };
            let label = c.get(2).map_or("", |l| l.as_str());
            let (Some((pv, pd)), Some((a, ad))) = (dec(pct.as_str()), dec(part.as_str())) else {
                continue;
            };
            let Some((w, wd)) = whole_of(facts, s, label, m.start()) else {
                continue;
            };
            if w.is_zero() {
                continue;
            }
            let dp = ad.max(wd).max(2);
            if let Some(mm) = check_percent(
                Term::with_decimals(pv, pd),
                Term::with_decimals(a, dp),
                Term::with_decimals(w, dp),
            ) {
                let exact = (a / w * Decimal::from(100)).round_dp(pd + 2);
                out.push(
                    finding(
                        "D-031",
                        loc(s, &around(s.text, m.start(), m.end(), 12)),
                        format!("{a} 万元占 {w} 万元应为 {exact}%，文中写 {pv}%"),
                    )
                    .mismatch(mm, Some(pd)),
                );
            }
            // `其中` starts a breakdown of the item before it: a new group.
            if s.text[..m.start()]
                .rfind("其中")
                .is_some_and(|k| k > group_start)
            {
                group_start = m.start();
                group.clear();
                group_whole = None;
            }
            if group_whole.is_none_or(|g| g == w) {
                group_whole = Some(w);
                group.push((pv, pd, a));
            }
        }
        if group.len() >= 2
            && let Some(w) = group_whole
        {
            let sum: Decimal = group.iter().map(|g| g.0).sum();
            let tol: Decimal = group
                .iter()
                .map(|g| juesuan_rules::interval::half(g.1))
                .sum();
            let parts: Decimal = group.iter().map(|g| g.2).sum();
            let hundred = Decimal::from(100);
            if sum > hundred + tol || (parts == w && sum < hundred - tol) {
                let listed: Vec<String> = group.iter().map(|g| format!("{}%", g.0)).collect();
                out.push(finding(
                    "D-032",
                    loc(s, &around(s.text, 0, 0, 60)),
                    format!(
                        "同一合计下各项占比之和为 {sum}%（{}），舍入解释不了与 100% 的差",
                        listed.join(" + ")
                    ),
                ));
            }
        }
    }
}

// ------------------------------------------------------------------ class amounts vs total

re!(CLASS_FINAL, r"^[0-9]+[、.．]? ?([^0-9（(]{2,20}支出)$");
re!(
    FINAL_AMOUNT,
    r"决算(?:数)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    GB_TOTAL,
    r"一般公共预算财政拨款支出(?:决算)?(?:为)?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);

/// The class-by-class final amounts of the 一般公共预算 explanation against the total it
/// states (`1、教育支出` / `2024年度决算0.2万元…`).
fn class_sum(facts: &Facts, out: &mut Vec<Finding>) {
    let Some((total_at, total, td)) = facts.paras.iter().find_map(|s| {
        let c = GB_TOTAL.captures(s.text)?;
        let (v, d) = dec(c.get(1)?.as_str())?;
        Some((s, v, d))
    }) else {
        return;
    };
    let mut items: Vec<(String, Decimal, u32)> = Vec::new();
    let mut in_detail = false;
    for (i, s) in facts.paras.iter().enumerate() {
        if s.text.contains("支出决算具体情况") && s.text.contains("一般公共预算") {
            in_detail = true;
            continue;
        }
        if !in_detail {
            continue;
        }
        if s.text.starts_with("五、")
            || s.text.starts_with("六、")
            || s.text.contains("政府性基金预算财政拨款支出决算情况")
        {
            break;
        }
        if let Some(c) = CLASS_FINAL.captures(s.text.trim())
            && let Some(next) = facts.paras.get(i + 1)
            && let Some(f) = FINAL_AMOUNT.captures(next.text)
            && let (Some(name), Some(v)) = (c.get(1), f.get(1).and_then(|v| dec(v.as_str())))
        {
            items.push((name.as_str().to_string(), v.0, v.1));
        }
    }
    if items.len() < 2 {
        return;
    }
    let dp = items.iter().map(|i| i.2).max().unwrap_or(2).max(td).max(2);
    let terms: Vec<Term> = items.iter().map(|i| Term::with_decimals(i.1, dp)).collect();
    let sum = Term::sum(&terms);
    if let Some(mm) = check_equal(Term::with_decimals(total, dp), sum) {
        let listed: Vec<String> = items.iter().map(|i| format!("{} {}", i.0, i.1)).collect();
        out.push(
            finding(
                "D-036",
                loc(total_at, total_at.text),
                format!(
                    "一般公共预算财政拨款支出写 {total} 万元，各类决算之和为 {}（{}）",
                    sum.value,
                    listed.join(" + ")
                ),
            )
            .mismatch(mm, Some(dp)),
        );
    }
}

// ------------------------------------------------------------------ text vs tables

/// A figure the explanation states and the table it must match.
struct Stated {
    label: &'static str,
    table: TableKind,
    get: fn(&Package) -> Option<Amount>,
}

const STATED: &[Stated] = &[
    Stated {
        label: "财政拨款收入支出总计",
        table: TableKind::AppropriationSummary,
        get: |p| p.tables.appropriation_summary.as_ref()?.income.grand_total,
    },
    Stated {
        label: "财政拨款收、支总计",
        table: TableKind::AppropriationSummary,
        get: |p| p.tables.appropriation_summary.as_ref()?.income.grand_total,
    },
    Stated {
        label: "收入支出总计",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.income.grand_total,
    },
    Stated {
        label: "收、支总计",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.income.grand_total,
    },
    Stated {
        label: "本年收入合计",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.income.total,
    },
    Stated {
        label: "本年支出合计",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.expenditure_totals.total,
    },
    Stated {
        label: "一般公共预算财政拨款基本支出",
        table: TableKind::GeneralBudget,
        get: |p| p.tables.general_budget.as_ref()?.total.basic,
    },
    Stated {
        label: "一般公共预算财政拨款支出",
        table: TableKind::GeneralBudget,
        get: |p| p.tables.general_budget.as_ref()?.total.total,
    },
    Stated {
        label: "人员经费",
        table: TableKind::GeneralBudgetBasic,
        get: |p| p.tables.general_budget_basic.as_ref()?.total.personnel,
    },
    Stated {
        label: "公用经费",
        table: TableKind::GeneralBudgetBasic,
        get: |p| p.tables.general_budget_basic.as_ref()?.total.public,
    },
    // 三公: `“三公”经费财政拨款支出年初预算为0.95万元`, `因公出国（境）费决算为0.00万元`.
    Stated {
        label: "三公”经费财政拨款支出年初预算",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.budget.total,
    },
    Stated {
        label: "三公”经费财政拨款支出决算",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.total,
    },
    Stated {
        label: "三公”经费财政拨款决算",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.total,
    },
    Stated {
        label: "因公出国（境）费支出",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.overseas,
    },
    Stated {
        label: "因公出国（境）费",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.overseas,
    },
    Stated {
        label: "公务用车购置及运行维护费支出",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.vehicle,
    },
    Stated {
        label: "公务用车购置及运行维护费",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.vehicle,
    },
    Stated {
        label: "公务接待费支出",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.reception,
    },
    Stated {
        label: "公务接待费",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.reception,
    },
];

fn against_tables(facts: &Facts, pkg: &Package, out: &mut Vec<Finding>) {
    for s in &facts.paras {
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for st in STATED {
            let Some(table_value) = (st.get)(pkg) else {
                continue;
            };
            for (i, _) in s.text.match_indices(st.label) {
                let end = i + st.label.len();
                if taken.iter().any(|(a, b)| i < *b && end > *a) {
                    continue;
                }
                // The amount must follow the label directly (`总计2995.39万元`, `为…`).
                let rest = &s.text[end..];
                let lead = rest
                    .trim_start_matches(['为', '是', '：', ' '])
                    .trim_start_matches("决算")
                    .trim_start_matches(['为', '数']);
                let Some(a) = amounts(lead).into_iter().next().filter(|a| a.start == 0) else {
                    continue;
                };
                taken.push((i, end));
                let stated = Term::with_decimals(a.value, a.decimals);
                let table = Term::with_decimals(table_value.value(), table_value.scale());
                if check_equal(stated, table).is_some()
                    && (a.value - table_value.value()).abs()
                        >= juesuan_rules::interval::half(a.decimals) * Decimal::from(2)
                {
                    let shift = rest.len() - lead.len();
                    out.push(finding(
                        "D-040",
                        loc(s, &around(s.text, i, end + shift + a.end, 6)),
                        format!(
                            "说明写{}{} 万元，{}中是 {} 万元",
                            st.label,
                            a.value,
                            st.table.title(),
                            table_value.value()
                        ),
                    ));
                }
            }
        }
        // Class lines: `一般公共服务支出（类）2106.66万元` against 一般公共预算财政拨款支出决算表.
        if let Some(gb) = &pkg.tables.general_budget {
            for c in CLASS_AMOUNT.captures_iter(s.text) {
                let (Some(m), Some(name), Some(v)) = (c.get(0), c.get(1), c.get(2)) else {
                    continue;
                };
                let Some((v, _)) = dec(v.as_str()) else {
                    continue;
                };
                let Some(row) = gb.rows.iter().find(|r| {
                    r.code.parent().is_none() && compact(&r.name) == compact(name.as_str())
                }) else {
                    continue;
                };
                let Some(t) = row.total else { continue };
                if t.value() != v {
                    out.push(finding(
                        "D-040",
                        loc(s, m.as_str()),
                        format!(
                            "说明写{}（类）{} 万元，一般公共预算财政拨款支出决算表中是 {} 万元",
                            name.as_str(),
                            v,
                            t.value()
                        ),
                    ));
                }
            }
        }
    }
}

re!(
    CLASS_AMOUNT,
    r"([^0-9，。；：、（）]{2,20}支出)（类）([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);

// ------------------------------------------------------------------ empty tables

re!(
    NONE_OF,
    r"(没有|无|未)[^。；，]{0,16}(政府性基金|国有资本经营)[^。；]{0,20}(收入|支出|收支|本表无数据)"
);

/// The first amount other than zero in a record.
fn nonzero<R: Record>(r: &R) -> Option<Amount> {
    (0..R::FIELDS.len()).find_map(|i| match r.get(i) {
        Some(CellValue::Amount(a)) if !a.is_zero() => Some(a),
        _ => None,
    })
}

/// A sentence saying the unit had no 政府性基金 / 国有资本经营 money, while that table shows
/// an amount other than zero. (An empty table without such a sentence is T7-004 / T9-004.)
fn said_empty(facts: &Facts, pkg: &Package, out: &mut Vec<Finding>) {
    for s in &facts.paras {
        for c in NONE_OF.captures_iter(s.text) {
            let (Some(m), Some(fund)) = (c.get(0), c.get(2)) else {
                continue;
            };
            let (table, kind) = match fund.as_str() {
                "政府性基金" => (&pkg.tables.gov_fund, TableKind::GovFund),
                _ => (&pkg.tables.state_capital, TableKind::StateCapital),
            };
            let Some(t) = table else { continue };
            let nonzero = nonzero(&t.total).or_else(|| t.rows.iter().find_map(nonzero));
            if let Some(a) = nonzero {
                out.push(finding(
                    "D-041",
                    loc(s, m.as_str()),
                    format!(
                        "说明写没有{}收支，但{}中有数（如 {} 万元）",
                        fund.as_str(),
                        kind.title(),
                        a.value()
                    ),
                ));
            }
        }
    }
}

// ------------------------------------------------------------------ listed items

re!(
    INCLUDES,
    r"(人员经费|公用经费)[0-9.,]*万元[，,]?主要包括：([^；。]*)"
);

/// Economic items the basic-expenditure explanation lists must have an amount in the table.
fn listed_items(
    facts: &Facts,
    pkg: &Package,
    catalog: &juesuan_model::Catalog,
    out: &mut Vec<Finding>,
) {
    let Some(basic) = &pkg.tables.general_budget_basic else {
        return;
    };
    for s in &facts.paras {
        for c in INCLUDES.captures_iter(s.text) {
            let (Some(kind), Some(list)) = (c.get(1), c.get(2)) else {
                continue;
            };
            for item in list.as_str().split(['、', '，']) {
                let name = compact(item.trim());
                if name.is_empty() {
                    continue;
                }
                // Only names of the economic classification; the table lists rows with amounts.
                let Some(entry) = catalog
                    .of(juesuan_model::code::Classification::Economic)
                    .find(|e| compact(&e.name) == name && e.code.parent().is_some())
                else {
                    continue;
                };
                let row = basic.rows.iter().find(|r| r.code == entry.code);
                if row.and_then(|r| r.amount).is_none_or(|a| a.is_zero()) {
                    out.push(finding(
                        "D-042",
                        loc(s, &around(s.text, list.start(), list.end(), 0)),
                        format!(
                            "{}说明列出了“{}”，但基本支出决算表中 {} {} 没有数",
                            kind.as_str(),
                            item.trim(),
                            entry.code,
                            entry.name
                        ),
                    ));
                }
            }
        }
    }
}
