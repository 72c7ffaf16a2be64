//! The scoring engine (财预〔2020〕10号): every row of a project self-evaluation recomputed
//! from its typed target and actual, the total rescaled when rows do not apply, the grade,
//! and for each row the stated score next to the recomputed one and why they differ.

use juesuan_model::{Figure, Indicator, Profile, ProjectEvaluation};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::funds::{self, InYuan, Scaled};
use crate::value::{Cmp, Judgement, Parsed, Value, parse};

/// A recomputed score: exact, a band (qualitative rows), left out, or not computable.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Computed {
    /// A number: execution rate × weight, actual ÷ target × weight, a met deadline.
    Exact { score: Decimal },
    /// A band of the weight: a qualitative row judged from its actual text.
    Band {
        low: Decimal,
        high: Decimal,
        judgement: Option<Judgement>,
    },
    /// The row does not apply (不涉及, a template row): out of the total, which is rescaled.
    Excluded,
    /// No weight: nothing to compute.
    Unscored,
}

impl Computed {
    /// (low, high) of the score; `None` for excluded and unscored rows.
    pub fn range(&self) -> Option<(Decimal, Decimal)> {
        match self {
            Computed::Exact { score } => Some((*score, *score)),
            Computed::Band { low, high, .. } => Some((*low, *high)),
            _ => None,
        }
    }

    /// `9.41`, `8–10（达成）`, `不计`, `—`.
    pub fn label(&self) -> String {
        match self {
            Computed::Exact { score } => fmt(*score),
            Computed::Band {
                low,
                high,
                judgement,
            } => format!(
                "{}–{}{}",
                fmt(*low),
                fmt(*high),
                judgement.map_or(String::new(), |j| format!("（{}）", j.label()))
            ),
            Computed::Excluded => "不计".to_string(),
            Computed::Unscored => "—".to_string(),
        }
    }
}

/// A decimal as printed in reports: at most two decimals, no trailing zeros.
pub fn fmt(d: Decimal) -> String {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// One row of a project: the execution-rate row or an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct RowScore {
    /// `预算执行率` or `第3行指标“…”`.
    pub label: String,
    /// Index into the project's indicators (`None` for the execution-rate row).
    pub index: Option<usize>,
    pub level1: Option<String>,
    pub level2: Option<String>,
    pub target: Option<Parsed>,
    pub actual: Option<Parsed>,
    pub weight: Option<Decimal>,
    /// The score the table states.
    pub stated: Option<Decimal>,
    pub computed: Computed,
    /// How the score was computed.
    pub explain: String,
    /// Why the stated score is not the recomputed one (`None` when they agree).
    pub difference: Option<String>,
}

/// A project with every row recomputed.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectScore {
    pub seq: String,
    pub name: String,
    /// 全年预算数 in 万元 (corrected when it was written in 元).
    pub budget: Option<Decimal>,
    pub rows: Vec<RowScore>,
    /// 总分 as printed and its number.
    pub stated_total: Option<String>,
    pub stated_total_value: Option<Decimal>,
    /// The 分值 of the 总分 row as printed.
    pub stated_total_weight: Option<String>,
    /// Σ weights of the rows that apply.
    pub weight_applicable: Decimal,
    /// Σ weights of the rows left out.
    pub weight_excluded: Decimal,
    /// The recomputed total, after rescaling: (low, high); equal for a table of exact rows.
    pub total: (Decimal, Decimal),
    /// The factor the raw sum was multiplied by (100 ÷ applicable weight) when rows were left
    /// out.
    pub rescale: Option<Decimal>,
    /// Grade of the stated total and of the recomputed one (`优`, or `良–优` for a range that
    /// spans two grades).
    pub stated_grade: Option<String>,
    pub grade: Option<String>,
    /// Every difference between what the table states and what it should, in order.
    pub differences: Vec<String>,
    /// Whether the stated 总分 is missing, or differs from the sum of the stated scores or
    /// from the recomputed total.
    pub total_differs: bool,
}

impl ProjectScore {
    /// `97.4` or `95.2–99.8`.
    pub fn total_label(&self) -> String {
        if self.total.0 == self.total.1 {
            fmt(self.total.0)
        } else {
            format!("{}–{}", fmt(self.total.0), fmt(self.total.1))
        }
    }
}

fn num(f: &Option<Figure>) -> Option<Decimal> {
    f.as_ref().and_then(Figure::number)
}

/// Half a unit of the last decimal a figure is printed with: the rounding it may carry.
fn half_unit(d: Decimal) -> Decimal {
    Decimal::new(5, d.scale() + 1)
}

/// The note a correction of units gets in the project's differences.
fn yuan_note(raw_executed: Decimal, raw_budget: Decimal, s: &Scaled) -> Option<String> {
    match s.in_yuan {
        InYuan::Neither => None,
        InYuan::Both => Some(format!(
            "全年预算数 {raw_budget} 和全年执行数 {raw_executed} 疑似按元填写，按 {} 万元和 {} 万元计",
            fmt(s.budget),
            fmt(s.executed)
        )),
        InYuan::Executed => Some(format!(
            "全年执行数 {raw_executed} 疑似按元填写（全年预算数 {raw_budget} 为万元），按 {} 万元计",
            fmt(s.executed)
        )),
        InYuan::Budget => Some(format!(
            "全年预算数 {raw_budget} 疑似按元填写（全年执行数 {raw_executed} 为万元），按 {} 万元计",
            fmt(s.budget)
        )),
    }
}

fn hundred() -> Decimal {
    Decimal::ONE_HUNDRED
}

/// The execution-rate row.
fn funds_row(
    p: &ProjectEvaluation,
    profile: &Profile,
    unit_total: Option<Decimal>,
    decimals: u32,
    notes: &mut Vec<String>,
) -> RowScore {
    let line = &p.funds.total;
    let weight = num(&line.weight).or(Some(profile.performance_weights.execution));
    let stated = num(&line.score);
    let executed = num(&line.executed);
    let budget = num(&line.full_year_budget);
    let rate_text = line.rate.as_ref().map(|f| f.text().trim().to_string());
    let mut explain = String::new();
    let ratio = match (executed, budget) {
        (Some(e), Some(b)) => {
            let scaled = funds::scale(e, b, unit_total);
            if let Some(n) = yuan_note(e, b, &scaled) {
                notes.push(n);
            }
            let (e, b) = (scaled.executed, scaled.budget);
            (!b.is_zero()).then(|| {
                let r = e / b;
                explain = format!(
                    "执行率 = 全年执行数 {} ÷ 全年预算数 {} = {}%",
                    fmt(e),
                    fmt(b),
                    fmt(r * hundred())
                );
                r
            })
        }
        _ => None,
    };
    let ratio = ratio.or_else(|| {
        let f = line.rate.as_ref()?;
        if !f.text().contains('%') {
            return None;
        }
        let r = f.number()? / hundred();
        explain = format!("执行率按表中所写 {}", f.text());
        Some(r)
    });
    if let (Some(text), Some(r)) = (&rate_text, ratio) {
        let computed_pct = r * hundred();
        if !text.contains('%') && !text.is_empty() {
            notes.push(format!(
                "执行率写成“{text}”，按执行数和预算数应为 {}%",
                fmt(computed_pct)
            ));
        } else if let Some(v) = line.rate.as_ref().and_then(Figure::number)
            && (v - computed_pct).abs() > half_unit(v) + Decimal::new(1, 6)
        {
            notes.push(format!(
                "执行率写 {text}，按执行数和预算数应为 {}%",
                fmt(computed_pct)
            ));
        }
        if r > Decimal::ONE + Decimal::new(5, 2) {
            notes.push(format!(
                "全年执行数超过全年预算数（执行率 {}%），核对预算数",
                fmt(computed_pct)
            ));
        }
    }
    let computed = match (weight, ratio) {
        (Some(w), Some(r)) => {
            let s = r.min(Decimal::ONE) * w;
            explain.push_str(&format!(
                "；得分 = min(执行率, 100%) × 分值 {} = {}",
                fmt(w),
                fmt(s)
            ));
            Computed::Exact { score: s }
        }
        _ => {
            explain = "没有执行数和预算数，也没有带 % 的执行率".to_string();
            Computed::Unscored
        }
    };
    let difference = differs(stated, &computed, weight, decimals);
    RowScore {
        label: "预算执行率".to_string(),
        index: None,
        level1: None,
        level2: None,
        target: None,
        actual: None,
        weight,
        stated,
        computed,
        explain,
        difference,
    }
}

/// Why a stated score is not the computed one (rounded as the stated figure is printed).
/// `decimals`: the precision the table scores to (its finest printed score, at least the
/// profile's), so that `10` in a table of `9.97`s stands for 10.00.
fn differs(
    stated: Option<Decimal>,
    computed: &Computed,
    weight: Option<Decimal>,
    decimals: u32,
) -> Option<String> {
    let s = stated?;
    if let Some(w) = weight
        && s > w
    {
        return Some(format!("得分 {} 超过分值 {}", fmt(s), fmt(w)));
    }
    let (low, high) = computed.range()?;
    let tol = Decimal::new(5, decimals + 1) + Decimal::new(1, 9);
    if s + tol < low || s - tol > high {
        return Some(match computed {
            Computed::Exact { score } => format!("写 {}，应为 {}", fmt(s), fmt(*score)),
            _ => format!("写 {}，应在 {} 之间", fmt(s), computed.label()),
        });
    }
    None
}

/// Scores a quantitative row: positive indicators actual ÷ target, negative target ÷ actual,
/// capped at the weight.
fn quantitative(
    t: &crate::value::Quantity,
    a: &crate::value::Quantity,
    w: Decimal,
) -> Option<(Decimal, String)> {
    let same_unit = t.unit == a.unit || t.unit.is_empty() || a.unit.is_empty();
    if !same_unit {
        return None;
    }
    let (tv, av) = (t.value, a.value);
    // An actual written as a bound (`>-75db` for `>-75db`, `≤2小时` for `≤2小时`) meets the
    // target when its bound does.
    let bound_met = a.cmp != Cmp::Eq
        && a.cmp.positive() == t.cmp.positive()
        && if t.cmp.positive() { av >= tv } else { av <= tv };
    let met = bound_met
        || match t.cmp {
            Cmp::Ge | Cmp::Eq => av >= tv,
            Cmp::Gt => av > tv,
            Cmp::Le => av <= tv,
            Cmp::Lt => av < tv,
        };
    if met {
        return Some((
            w,
            format!(
                "实际 {}{} 达到目标 {}{}{}，得满分 {}",
                a.value,
                a.unit,
                if t.cmp == Cmp::Eq { "" } else { t.cmp.sign() },
                t.value,
                t.unit,
                fmt(w)
            ),
        ));
    }
    if tv <= Decimal::ZERO || av <= Decimal::ZERO {
        return Some((
            Decimal::ZERO,
            format!(
                "实际 {}{} 未达到目标 {}{}",
                a.value, a.unit, t.value, t.unit
            ),
        ));
    }
    let (ratio, how) = if t.cmp.positive() {
        (av / tv, format!("实际 {av} ÷ 目标 {tv}"))
    } else {
        (tv / av, format!("目标 {tv} ÷ 实际 {av}（越小越好）"))
    };
    let s = ratio.min(Decimal::ONE) * w;
    Some((s, format!("{how} × 分值 {} = {}", fmt(w), fmt(s))))
}

fn band(j: Judgement, w: Decimal) -> Computed {
    let (lo, hi) = j.band();
    Computed::Band {
        low: w * Decimal::from(lo) / hundred(),
        high: w * Decimal::from(hi) / hundred(),
        judgement: Some(j),
    }
}

/// What the actual text says was achieved, whatever its type.
fn judged(a: &Parsed) -> Option<Judgement> {
    match &a.value {
        Value::Qualitative { judgement } => *judgement,
        Value::Boolean { .. } | Value::Quantity(_) | Value::Deadline { .. } => {
            crate::value::judge_text(&a.text).or(Some(Judgement::Achieved))
        }
        _ => crate::value::judge_text(&a.text),
    }
}

fn indicator_row(i: usize, ind: &Indicator, decimals: u32) -> RowScore {
    let label = match ind.name.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => format!("第{}行指标“{}”", i + 1, n),
        _ => format!("第{}行指标", i + 1),
    };
    let weight = num(&ind.weight);
    let stated = num(&ind.score);
    let target = ind.target.as_deref().map(parse);
    let actual = ind.actual.as_deref().map(parse);
    let na = |p: &Option<Parsed>| {
        p.as_ref()
            .is_none_or(|p| matches!(p.value, Value::NotApplicable))
    };
    let (computed, explain) = if ind.has_template_name() && weight.is_none_or(|w| w.is_zero()) {
        (Computed::Excluded, "模板留下的空指标行，不计".to_string())
    } else if weight.is_none() {
        (Computed::Unscored, "没有分值".to_string())
    } else if na(&target) && na(&actual) {
        (
            Computed::Excluded,
            "年度指标值和实际完成值都不适用（不涉及/空），不计，总分按其余分值折算".to_string(),
        )
    } else {
        let w = weight.unwrap_or_default();
        let t = target.as_ref().map(|p| &p.value);
        let a = actual.as_ref().map(|p| &p.value);
        match (t, a) {
            (Some(Value::Quantity(tq)), Some(Value::Quantity(aq))) => {
                match quantitative(tq, aq, w) {
                    Some((s, why)) => (Computed::Exact { score: s }, why),
                    None => (
                        Computed::Band {
                            low: Decimal::ZERO,
                            high: w,
                            judgement: None,
                        },
                        format!("目标单位“{}”与实际单位“{}”不同，无法计算", tq.unit, aq.unit),
                    ),
                }
            }
            (Some(Value::Deadline { by: t }), Some(Value::Deadline { by: a })) => {
                let late = i64::from(a.last_month()) - i64::from(t.last_month());
                if late <= 0 {
                    (
                        Computed::Exact { score: w },
                        format!("{}完成，不晚于{}，得满分", a.label(), t.label()),
                    )
                } else {
                    let j = if late <= 1 {
                        Judgement::Partial
                    } else {
                        Judgement::NotAchieved
                    };
                    (
                        band(j, w),
                        format!("{}完成，比{}晚 {late} 个月", a.label(), t.label()),
                    )
                }
            }
            (_, Some(Value::NotApplicable) | None) => (
                band(Judgement::NotAchieved, w),
                "实际完成值空白或不适用，却有分值".to_string(),
            ),
            _ => match actual.as_ref().and_then(judged) {
                Some(j) => (
                    band(j, w),
                    format!(
                        "定性：实际完成值“{}”属“{}”，得分值的 {}%–{}%",
                        actual.as_ref().map_or("", |a| a.text.trim()),
                        j.label(),
                        j.band().0,
                        j.band().1
                    ),
                ),
                None => (
                    Computed::Band {
                        low: Decimal::ZERO,
                        high: w,
                        judgement: None,
                    },
                    "实际完成值看不出是否达成，按 0 至满分计".to_string(),
                ),
            },
        }
    };
    let difference = match (&computed, stated) {
        (Computed::Excluded, Some(s)) if !s.is_zero() => Some(format!(
            "不适用的指标得了 {} 分，应不计并按其余分值折算总分",
            fmt(s)
        )),
        _ => differs(stated, &computed, weight, decimals),
    };
    RowScore {
        label,
        index: Some(i),
        level1: ind.level1.clone(),
        level2: ind.level2.clone(),
        target,
        actual,
        weight,
        stated,
        computed,
        explain,
        difference,
    }
}

fn grade_of(profile: &Profile, low: Decimal, high: Decimal) -> Option<String> {
    let lo = profile.grade(low)?.label.clone();
    let hi = profile.grade(high)?.label.clone();
    Some(if lo == hi { lo } else { format!("{lo}–{hi}") })
}

/// Recomputes one project.
pub fn score_project(p: &ProjectEvaluation, profile: &Profile) -> ProjectScore {
    score_project_within(p, profile, None)
}

/// Recomputes a project of a unit whose whole expenditure for the year (本年支出合计, 万元)
/// is `unit_total`: a project budget beyond ten times it was typed in 元.
pub fn score_project_within(
    p: &ProjectEvaluation,
    profile: &Profile,
    unit_total: Option<Decimal>,
) -> ProjectScore {
    let mut differences = Vec::new();
    let mut total_differs = false;
    let decimals = std::iter::once(&p.funds.total.score)
        .chain(std::iter::once(&p.total_score))
        .chain(p.indicators.iter().map(|i| &i.score))
        .filter_map(num)
        .map(|d| d.scale())
        .fold(profile.score_decimals, u32::max)
        .min(6);
    let mut rows = vec![funds_row(
        p,
        profile,
        unit_total,
        decimals,
        &mut differences,
    )];
    rows.extend(
        p.indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| indicator_row(i, ind, decimals)),
    );
    let (mut low, mut high) = (Decimal::ZERO, Decimal::ZERO);
    let (mut applicable, mut excluded) = (Decimal::ZERO, Decimal::ZERO);
    for r in &rows {
        let w = r.weight.unwrap_or_default();
        match r.computed.range() {
            Some((l, h)) => {
                low += l;
                high += h;
                applicable += w;
            }
            None if matches!(r.computed, Computed::Excluded) => excluded += w,
            None => {}
        }
        if let Some(d) = &r.difference {
            differences.push(format!("{}：{d}", r.label));
        }
    }
    let hundred = hundred();
    let rescale =
        (excluded > Decimal::ZERO && applicable > Decimal::ZERO).then(|| hundred / applicable);
    if let Some(k) = rescale {
        low *= k;
        high *= k;
    } else if !applicable.is_zero() && applicable != hundred {
        differences.push(format!("分值合计为 {}，不是 100", fmt(applicable)));
    }
    let total = (low.min(hundred), high.min(hundred));
    let stated_total_value = num(&p.total_score);
    let stated_total_weight = p.total_weight.as_ref().map(|f| f.text().trim().to_string());
    if let Some(tw) = num(&p.total_weight)
        && tw != hundred
    {
        differences.push(format!("总分行的分值写 {}，应为 100", fmt(tw)));
    }
    match stated_total_value {
        None => {
            total_differs = true;
            differences.push("没有总分".to_string());
        }
        Some(s) => {
            let stated_sum: Decimal = rows.iter().filter_map(|r| r.stated).sum();
            let stated_rows = rows.iter().filter(|r| r.stated.is_some()).count().max(1);
            let tol = Decimal::new(5, decimals + 1) * Decimal::from(stated_rows as u32);
            if (s - stated_sum).abs() > tol {
                total_differs = true;
                differences.push(format!(
                    "总分写 {}，各行得分之和为 {}",
                    fmt(s),
                    fmt(stated_sum)
                ));
            }
            let t = half_unit(s) + Decimal::new(1, 6);
            if s + t < total.0 || s - t > total.1 {
                total_differs = true;
                differences.push(format!(
                    "总分写 {}，重算为 {}",
                    fmt(s),
                    if total.0 == total.1 {
                        fmt(total.0)
                    } else {
                        format!("{}–{}", fmt(total.0), fmt(total.1))
                    }
                ));
            }
        }
    }
    let budget = num(&p.funds.total.full_year_budget).map(|b| match num(&p.funds.total.executed) {
        Some(e) => funds::scale(e, b, unit_total).budget,
        None => b,
    });
    ProjectScore {
        seq: p.seq.clone(),
        name: p.name.clone(),
        budget,
        stated_total: p.total_score.as_ref().map(|f| f.text().trim().to_string()),
        stated_total_value,
        stated_total_weight,
        weight_applicable: applicable,
        weight_excluded: excluded,
        total,
        rescale,
        stated_grade: stated_total_value.and_then(|s| grade_of(profile, s, s)),
        grade: grade_of(profile, total.0, total.1),
        rows,
        differences,
        total_differs,
    }
}
