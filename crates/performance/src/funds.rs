//! Project funds typed in 元 inside a table headed 万元: one test, used by the scoring engine
//! (to compute the execution rate in 万元) and by the audit rule that reports it (PF-012), so
//! the two always agree.

use rust_decimal::Decimal;

/// Which of a project's two amounts look typed in 元.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InYuan {
    /// Neither: both read as 万元.
    Neither,
    /// 全年执行数 only: it is about ten thousand times 全年预算数.
    Executed,
    /// 全年预算数 only: it is about a ten-thousandth of 全年执行数.
    Budget,
    /// Both: both are beyond any project (10亿 or more in 万元), or the budget is more than ten
    /// times the whole unit's expenditure.
    Both,
}

/// Why both amounts were taken as 元.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Because {
    /// The ratio of the two amounts (one of them is in 元).
    Ratio,
    /// Both are 100000 万元 (10亿元) or more.
    Huge,
    /// The budget is more than ten times the unit's expenditure for the year.
    OverUnit {
        /// The unit's 本年支出合计, 万元.
        unit_total: Decimal,
    },
}

/// 全年执行数 and 全年预算数 in 万元, with which were converted and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scaled {
    /// 全年执行数 in 万元.
    pub executed: Decimal,
    /// 全年预算数 in 万元.
    pub budget: Decimal,
    /// Which were read as 元.
    pub in_yuan: InYuan,
    /// Why, when any was.
    pub because: Option<Because>,
}

const TEN_K: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);
const HUGE: Decimal = Decimal::from_parts(100_000, 0, 0, false, 0);
const RATIO: Decimal = Decimal::from_parts(1_000, 0, 0, false, 0);

/// Reads a project's 全年执行数 and 全年预算数 (as printed, in a table headed 万元) into 万元:
/// a ratio around 10⁴ means one of them is in 元; both at 10亿 or more, or a budget more than
/// ten times the unit's whole expenditure (`unit_total`, when known), means both are.
pub fn scale(executed: Decimal, budget: Decimal, unit_total: Option<Decimal>) -> Scaled {
    let both = |because| Scaled {
        executed: executed / TEN_K,
        budget: budget / TEN_K,
        in_yuan: InYuan::Both,
        because: Some(because),
    };
    if !budget.is_zero() {
        let r = executed / budget;
        if r >= RATIO {
            return Scaled {
                executed: executed / TEN_K,
                budget,
                in_yuan: InYuan::Executed,
                because: Some(Because::Ratio),
            };
        }
        if r <= Decimal::ONE / RATIO && !executed.is_zero() {
            return Scaled {
                executed,
                budget: budget / TEN_K,
                in_yuan: InYuan::Budget,
                because: Some(Because::Ratio),
            };
        }
    }
    // The unit's own total says more than a fixed bound, so it is asked first.
    if let Some(t) = unit_total.filter(|t| !t.is_zero() && budget > *t * Decimal::TEN) {
        return both(Because::OverUnit { unit_total: t });
    }
    if executed >= HUGE && budget >= HUGE {
        return both(Because::Huge);
    }
    Scaled {
        executed,
        budget,
        in_yuan: InYuan::Neither,
        because: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn one_test_for_every_case() {
        // 西城 project 4: 3757170 executed against a budget of 377.
        let s = scale(d("3757170"), d("377"), None);
        assert_eq!((s.in_yuan, s.executed), (InYuan::Executed, d("375.717")));
        let s = scale(d("377"), d("3770000"), None);
        assert_eq!((s.in_yuan, s.budget), (InYuan::Budget, d("377")));
        // Both beyond any project; with the unit's total known, that is the reason given.
        let s = scale(d("958800"), d("958800"), None);
        assert_eq!((s.in_yuan, s.budget), (InYuan::Both, d("95.88")));
        assert_eq!(s.because, Some(Because::Huge));
        let s = scale(d("958800"), d("958800"), Some(d("14864.9")));
        assert!(matches!(s.because, Some(Because::OverUnit { .. })));
        // More than ten times a unit spending 14864.9 万元, ratio normal.
        let s = scale(d("19000"), d("160000"), Some(d("14864.9")));
        assert_eq!(s.in_yuan, InYuan::Both);
        assert_eq!(
            s.because,
            Some(Because::OverUnit {
                unit_total: d("14864.9")
            })
        );
        // Plausible figures stay as they are.
        let s = scale(d("94.1"), d("100"), Some(d("14864.9")));
        assert_eq!(
            (s.in_yuan, s.executed, s.budget),
            (InYuan::Neither, d("94.1"), d("100"))
        );
        assert_eq!(scale(d("0"), d("0"), None).in_yuan, InYuan::Neither);
    }
}
