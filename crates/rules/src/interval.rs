//! Rounding-aware arithmetic.
//!
//! A published figure with d decimals stands for the interval [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]. An
//! identity such as `total = Σ parts` is broken only when the intervals cannot meet: the
//! gap between the stated total and the sum of the stated parts exceeds the sum of their
//! half-widths (the approach of XBRL Calculations 1.1). A fixed tolerance would either let
//! real breaks through (±0.5 万元) or flag honest rounding (±0).

use rust_decimal::Decimal;
use serde::Serialize;

use juesuan_diagnostics::Arithmetic;
use juesuan_model::Amount;

/// Half the last printed unit: `half(2)` = 0.005.
pub fn half(decimals: u32) -> Decimal {
    Decimal::new(5, decimals.min(27) + 1)
}

/// A value as messages show it: a figure converted from 元 (`31214205.80元` is 3121.420580
/// 万元) without the trailing zeros of the conversion, at least two decimals (3121.42058);
/// figures typed in 万元 (at most four decimals) as they were typed.
fn shown(v: Decimal) -> Decimal {
    if v.scale() <= 4 {
        return v;
    }
    let mut n = v.normalize();
    if n.scale() < 2 {
        n.rescale(2);
    }
    n
}

/// A figure as the interval it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    /// The stated value.
    pub value: Decimal,
    /// Half-width of the interval (0 for an exact value).
    pub half: Decimal,
}

impl Term {
    /// An exact value (a blank cell of a complete table is exactly zero).
    pub fn exact(value: Decimal) -> Term {
        Term {
            value,
            half: Decimal::ZERO,
        }
    }

    /// A stated amount read at `decimals` decimals, or at its own scale when finer.
    pub fn stated(a: Amount, decimals: u32) -> Term {
        Term::with_decimals(shown(a.value()), a.scale().max(decimals))
    }

    /// A value rounded to `decimals` decimals.
    pub fn with_decimals(value: Decimal, decimals: u32) -> Term {
        Term {
            value,
            half: half(decimals),
        }
    }

    /// Lower end.
    pub fn lo(&self) -> Decimal {
        self.value - self.half
    }

    /// Upper end.
    pub fn hi(&self) -> Decimal {
        self.value + self.half
    }

    /// The sum of terms: values and half-widths add.
    pub fn sum<'a>(terms: impl IntoIterator<Item = &'a Term>) -> Term {
        let mut t = Term::exact(Decimal::ZERO);
        for x in terms {
            t.value += x.value;
            t.half += x.half;
        }
        t
    }

    /// `self − other`.
    pub fn minus(&self, other: &Term) -> Term {
        Term {
            value: self.value - other.value,
            half: self.half + other.half,
        }
    }
}

/// An identity that does not hold beyond rounding.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Mismatch {
    /// The stated figure.
    pub stated: Decimal,
    /// What the other side computes to.
    pub computed: Decimal,
    /// `stated − computed`.
    pub difference: Decimal,
    /// The largest difference rounding explains.
    pub bound: Decimal,
}

impl Mismatch {
    /// The arithmetic of a finding: this mismatch with the decimals the figures were read at
    /// and their unit.
    pub fn arithmetic(self, decimals: Option<u32>, unit: juesuan_diagnostics::Unit) -> Arithmetic {
        Arithmetic {
            stated: self.stated,
            computed: self.computed,
            difference: self.difference,
            bound: self.bound,
            decimals,
            unit,
        }
    }
}

/// Checks `stated = computed`: broken when |difference| > the sum of half-widths.
pub fn check_equal(stated: Term, computed: Term) -> Option<Mismatch> {
    let difference = stated.value - computed.value;
    let bound = (stated.half + computed.half).normalize();
    (difference.abs() > bound).then_some(Mismatch {
        stated: stated.value,
        computed: computed.value,
        difference,
        bound,
    })
}

/// Checks `stated ≤ limit`: broken when even the lowest reading of `stated` exceeds the
/// highest reading of `limit`.
pub fn check_at_most(stated: Term, limit: Term) -> Option<Mismatch> {
    let bound = (stated.half + limit.half).normalize();
    let difference = stated.value - limit.value;
    (difference > bound).then_some(Mismatch {
        stated: stated.value,
        computed: limit.value,
        difference,
        bound,
    })
}

/// Checks a stated percentage against `num / den × 100` computed from stated figures:
/// broken when the stated interval and the interval of possible ratios do not meet.
/// `None` when the ratio is undefined (the denominator may be zero).
pub fn check_percent(stated: Term, num: Term, den: Term) -> Option<Mismatch> {
    if den.lo() <= Decimal::ZERO || num.value < Decimal::ZERO {
        return None;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let lo = (num.lo().max(Decimal::ZERO) / den.hi()) * hundred;
    let hi = (num.hi() / den.lo()) * hundred;
    let computed = num.value / den.value * hundred;
    let broken = stated.hi() < lo || stated.lo() > hi;
    broken.then(|| {
        let computed = juesuan_model::round_half_up(computed, 4);
        Mismatch {
            stated: stated.value,
            computed,
            difference: stated.value - computed,
            bound: (stated.half + (hi - lo) / Decimal::TWO).normalize(),
        }
    })
}

/// The number of decimals of a value as printed (`9.97` → 2).
pub fn decimals_of(value: Decimal) -> u32 {
    value.scale()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn t2(s: &str) -> Term {
        Term::with_decimals(d(s), 2)
    }

    #[test]
    fn the_seed_class_sum_is_broken_at_two_decimals() {
        // 0.2 + 14144.4 + 278.41 + 146.04 + 295.81 = 14864.86; stated 14864.9
        let parts: Vec<Term> = ["0.2", "14144.4", "278.41", "146.04", "295.81"]
            .iter()
            .map(|s| t2(s))
            .collect();
        let m = check_equal(t2("14864.9"), Term::sum(&parts)).unwrap();
        assert_eq!(m.computed, d("14864.86"));
        assert_eq!(m.difference, d("0.04"));
        assert_eq!(m.bound, d("0.030"));
        // a fixed ±0.5 tolerance would have let it through
        assert!(m.difference.abs() < d("0.5"));
    }

    #[test]
    fn honest_rounding_is_not_a_break() {
        // Putuo 支出决算表: 2106.66 + 326.72 + 60.99 + 445.69 = 2940.06, stated 2940.05
        let parts: Vec<Term> = ["2106.66", "326.72", "60.99", "445.69"]
            .iter()
            .map(|s| t2(s))
            .collect();
        assert_eq!(check_equal(t2("2940.05"), Term::sum(&parts)), None);
        // intervals that only touch still meet: 326.71 vs 326.72
        assert_eq!(check_equal(t2("326.71"), t2("326.72")), None);
        assert!(check_equal(t2("326.71"), t2("326.73")).is_some());
    }

    #[test]
    fn exact_values_have_no_slack() {
        assert!(check_equal(Term::exact(d("1")), Term::exact(d("1.001"))).is_some());
        assert_eq!(
            check_equal(Term::exact(d("1")), Term::exact(d("1.000"))),
            None
        );
    }

    #[test]
    fn at_most() {
        assert_eq!(check_at_most(t2("3718.10"), t2("9680.74")), None);
        assert!(check_at_most(t2("9680.75"), t2("9680.73")).is_some());
        assert_eq!(check_at_most(t2("9680.74"), t2("9680.73")), None);
    }

    #[test]
    fn percentages_are_intervals_too() {
        // 3718.1012 / 9680.738 = 38.407…%, printed 38.4
        let num = Term::with_decimals(d("3718.1012"), 4);
        let den = Term::with_decimals(d("9680.738"), 3);
        assert_eq!(
            check_percent(Term::with_decimals(d("38.4"), 1), num, den),
            None
        );
        assert!(check_percent(Term::with_decimals(d("38.5"), 1), num, den).is_some());
        // 1999.73 / 14864.9 = 13.4526%, printed 13.45
        assert_eq!(
            check_percent(t2("13.45"), t2("1999.73"), t2("14864.9")),
            None
        );
        assert!(check_percent(t2("13.47"), t2("1999.73"), t2("14864.9")).is_some());
        // undefined ratio
        assert_eq!(check_percent(t2("0"), t2("0"), t2("0")), None);
    }
}
