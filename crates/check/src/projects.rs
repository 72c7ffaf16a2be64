//! Project self-evaluation tables (项目支出绩效自评表) read from a document table: the header
//! block (项目名称, 主管部门, 实施单位), the funds block, the goals, the indicator rows with
//! their 一级/二级 weights (`产出指标 50分`), and the 总分 row — every figure as printed, so
//! that the performance rules judge what was published.

use juesuan_io::document::{Block, Cell, Table};
use juesuan_model::MoneyUnit;
use juesuan_model::fields::Record;
use juesuan_model::performance::{FundsLine, Indicator, ProjectEvaluation};
use juesuan_model::text::compact;

fn first_cells(row: &[Cell]) -> impl Iterator<Item = &str> {
    row.iter()
        .map(|c| c.text.as_str())
        .filter(|t| !t.trim().is_empty())
}

fn row_starts_with(row: &[Cell], label: &str) -> bool {
    first_cells(row).next().is_some_and(|t| compact(t) == label)
}

/// Whether a table is (or holds) project self-evaluation tables.
pub(crate) fn is_project_table(t: &Table) -> bool {
    t.rows.iter().any(|r| row_starts_with(r, "项目名称"))
}

/// Splits a table holding several project tables at each `项目名称` row.
pub(crate) fn split(t: &Table) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    for row in &t.rows {
        if row_starts_with(row, "项目名称") || out.is_empty() {
            out.push(Table {
                rows: Vec::new(),
                at: row.first().map_or(t.at, |c| c.at),
            });
        }
        if let Some(last) = out.last_mut() {
            last.rows.push(row.clone());
        }
    }
    out
}

/// The numbered title above a project table: `3、2024年国际互联网通讯费`.
/// A generic title line between them (`2024年度项目支出绩效自评表`, as juesuan's own output
/// prints it) is passed over.
pub(crate) fn title_above(blocks: &[Block], i: usize) -> Option<(String, String)> {
    let mut k = i.checked_sub(1)?;
    let p = loop {
        let Some(Block::Para(p)) = blocks.get(k) else {
            return None;
        };
        if compact(&p.text).ends_with("绩效自评表") && k + 2 > i {
            k = k.checked_sub(1)?;
            continue;
        }
        break p;
    };
    let t = p.text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = t[digits.len()..].trim_start_matches(['、', '.', '．', ' ']);
    (!digits.is_empty() && !rest.is_empty() && rest.chars().count() <= 80)
        .then(|| (digits, rest.to_string()))
}

/// `产出指标\n50分` → (`产出指标`, `50`).
fn label_and_weight(s: &str) -> (String, Option<String>) {
    let c: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(body) = c.strip_suffix('分') {
        let digits_at = body
            .char_indices()
            .rev()
            .take_while(|(_, ch)| ch.is_ascii_digit() || *ch == '.')
            .last()
            .map(|(i, _)| i);
        if let Some(i) = digits_at
            && i > 0
        {
            return (body[..i].to_string(), Some(body[i..].to_string()));
        }
    }
    (c, None)
}

fn set<R: Record>(r: &mut R, key: &str, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if let Some(i) = R::index_of(key) {
        // A figure the model cannot take as printed is left out; the performance rules
        // then report the gap.
        let _ = r.set_text(i, text, MoneyUnit::Wan);
    }
}

/// The 一级 and 二级 indicators (with their weights) a row falls under: merged cells leave
/// them blank below their first row.
#[derive(Default)]
struct Levels {
    level1: (String, Option<String>),
    level2: (String, Option<String>),
}

impl Levels {
    fn indicator(&self) -> Indicator {
        let mut ind = Indicator::default();
        for (key, (label, weight)) in [("level1", &self.level1), ("level2", &self.level2)] {
            set(&mut ind, key, label);
            if let Some(w) = weight {
                set(&mut ind, &format!("{key}_weight"), w);
            }
        }
        ind
    }
}

const FUND_KEYS: [&str; 6] = [
    "initial_budget",
    "full_year_budget",
    "executed",
    "weight",
    "rate",
    "score",
];

/// Reads one project table.
/// For each field of `R`, the column of the header row whose label names it.
fn header_columns<R: Record>(texts: &[&str]) -> Vec<Option<usize>> {
    R::FIELDS
        .iter()
        .map(|f| texts.iter().position(|t| f.matches(&compact(t))))
        .collect()
}

pub(crate) fn read(t: &Table, title: Option<(String, String)>) -> Option<ProjectEvaluation> {
    let mut p = ProjectEvaluation::default();
    if let Some((seq, name)) = &title {
        p.seq = seq.clone();
        p.name = name.clone();
    }
    let mut in_indicators = false;
    let mut goal_next = false;
    let mut levels = Levels::default();
    // The columns the header rows name, each field's; used for rows as wide as their header
    // (a layout with merged label columns puts the figures further right).
    let mut fund_cols: Option<(usize, Vec<Option<usize>>)> = None;
    let mut indicator_cols: Option<(usize, Vec<Option<usize>>)> = None;
    for row in &t.rows {
        let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
        let label_at = texts.iter().position(|t| !t.trim().is_empty());
        let Some(li) = label_at else {
            // A blank row among the indicators is printed: keep it with the levels above.
            if in_indicators {
                p.indicators.push(levels.indicator());
            }
            continue;
        };
        // The block's label merged over its rows (`项目资金（万元）`) may be read into any of
        // them: the line's own label follows it.
        let li = match texts.get(li + 1) {
            Some(next) if compact(texts[li]).starts_with("项目资金") && !next.trim().is_empty() => {
                li + 1
            }
            _ => li,
        };
        let label = compact(texts[li]);
        let after = |k: usize| texts.get(li + k).copied().unwrap_or("");
        match label.as_str() {
            "项目名称" => {
                if p.name.is_empty() {
                    p.name = after(1).trim().to_string();
                }
                continue;
            }
            "主管部门" => {
                p.department = Some(after(1).trim().to_string()).filter(|s| !s.is_empty());
                if let Some(k) = texts.iter().position(|t| compact(t) == "实施单位") {
                    p.implementer = texts
                        .get(k + 1)
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty());
                }
                continue;
            }
            "年度总体目标" => {
                goal_next = true;
                continue;
            }
            "总分" => {
                let nums: Vec<&str> = texts[li + 1..]
                    .iter()
                    .copied()
                    .filter(|s| !s.trim().is_empty())
                    .collect();
                if let Some(w) = nums.first() {
                    p.total_weight = Some(juesuan_model::Figure::new(w.trim()));
                }
                if let Some(s) = nums.get(1) {
                    p.total_score = Some(juesuan_model::Figure::new(s.trim()));
                }
                in_indicators = false;
                continue;
            }
            _ => {}
        }
        let fund = [
            ("年度资金总额", 0usize),
            ("其中：当年财政拨款", 1),
            ("当年财政拨款", 1),
            ("上年结转资金", 2),
            ("其他资金", 3),
        ]
        .iter()
        .find(|(l, _)| label == compact(l))
        .map(|(_, k)| *k);
        if texts
            .iter()
            .any(|t| FundsLine::FIELDS[0].matches(&compact(t)))
        {
            fund_cols = Some((texts.len(), header_columns::<FundsLine>(&texts)));
        }
        if let Some(k) = fund {
            let mut line = FundsLine::default();
            match &fund_cols {
                Some((width, cols)) if *width == texts.len() => {
                    for (f, c) in FundsLine::FIELDS.iter().zip(cols) {
                        if let Some(c) = c {
                            set(&mut line, f.key, texts[*c]);
                        }
                    }
                }
                _ => {
                    for (j, key) in FUND_KEYS.iter().enumerate() {
                        set(&mut line, key, after(j + 1));
                    }
                }
            }
            match k {
                0 => p.funds.total = line,
                1 => p.funds.appropriation = line,
                2 => p.funds.carryover = line,
                _ => p.funds.other = line,
            }
            continue;
        }
        if goal_next {
            // The row under 年度总体目标: 预期目标 / 实际完成情况 (the header row) or the texts.
            let cells: Vec<&str> = texts
                .iter()
                .copied()
                .filter(|s| !s.trim().is_empty())
                .collect();
            if cells.first().is_some_and(|c| compact(c) == "预期目标") {
                continue;
            }
            p.goal = cells.first().map(|s| s.to_string());
            p.outcome = cells.get(1).map(|s| s.to_string());
            goal_next = false;
            continue;
        }
        if texts.iter().any(|t| compact(t) == "三级指标") {
            in_indicators = true;
            indicator_cols = Some((texts.len(), header_columns::<Indicator>(&texts)));
            continue;
        }
        if !in_indicators {
            continue;
        }
        // Indicator rows: [绩效指标 label column], 一级, 二级, 三级, 指标值, 完成值, 分值, 得分, 偏差
        // — where the header names them, else by position from the right.
        const ORDER: [&str; 8] = [
            "level1",
            "level2",
            "name",
            "target",
            "actual",
            "weight",
            "score",
            "deviation",
        ];
        let named: Option<Vec<usize>> = match &indicator_cols {
            Some((width, cols)) if *width == texts.len() => ORDER
                .iter()
                .map(|k| Indicator::index_of(k).and_then(|i| cols[i]))
                .collect(),
            _ => None,
        };
        let offset = if texts.len() >= 9 { texts.len() - 8 } else { 0 };
        let col = |k: usize| {
            let at = named.as_ref().map_or(offset + k, |n| n[k]);
            texts.get(at).copied().unwrap_or("").trim()
        };
        // A blank row is kept: it is printed (and the performance rules report it).
        if !col(0).is_empty() {
            levels.level1 = label_and_weight(col(0));
            levels.level2 = Default::default();
        }
        if !col(1).is_empty() {
            levels.level2 = label_and_weight(col(1));
        }
        let mut ind = levels.indicator();
        set(&mut ind, "name", col(2));
        set(&mut ind, "target", col(3));
        set(&mut ind, "actual", col(4));
        set(&mut ind, "weight", col(5));
        set(&mut ind, "score", col(6));
        set(&mut ind, "deviation", col(7));
        p.indicators.push(ind);
    }
    (!p.name.is_empty() || !p.indicators.is_empty()).then_some(p)
}
