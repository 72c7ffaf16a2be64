//! Money: decimal 万元 that keep the precision they were entered with.
//!
//! Published final accounts are in 万元 with up to 4 decimals (1 元 = 0.0001 万元). An
//! [`Amount`] keeps the decimal scale of its input (`14864.90` stays two decimals) because
//! the audit judges identities on the interval a rounded figure stands for. A figure entered
//! in 元 or 亿元 is converted on input; the unit it came in is kept so that messages can quote
//! what the user wrote.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::normalize_width;

/// A money unit annotation found on input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MoneyUnit {
    /// 元
    Yuan,
    /// 千元
    Qian,
    /// 万元, the unit of every public table.
    #[default]
    Wan,
    /// 亿元
    Yi,
}

impl MoneyUnit {
    /// The Chinese label, as printed.
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Qian => "千元",
            MoneyUnit::Wan => "万元",
            MoneyUnit::Yi => "亿元",
        }
    }

    /// Recognises `元`, `万元`, `亿元` (also inside `单位：元`).
    pub fn from_label(text: &str) -> Option<MoneyUnit> {
        let t = normalize_width(text);
        let t = t.trim();
        let t = t
            .trim_start_matches("金额单位")
            .trim_start_matches("单位")
            .trim_start_matches([':', '：'])
            .trim();
        match t {
            "元" | "人民币元" => Some(MoneyUnit::Yuan),
            "千元" | "人民币千元" => Some(MoneyUnit::Qian),
            "万元" | "人民币万元" => Some(MoneyUnit::Wan),
            "亿元" | "人民币亿元" => Some(MoneyUnit::Yi),
            _ => None,
        }
    }

    /// Power of ten that turns a figure in this unit into 万元.
    fn shift(self) -> i32 {
        match self {
            MoneyUnit::Yuan => -4,
            MoneyUnit::Qian => -1,
            MoneyUnit::Wan => 0,
            MoneyUnit::Yi => 4,
        }
    }
}

/// An amount in 万元.
///
/// Equality and ordering compare the value only: `1.0` equals `1.00`. The scale is kept and
/// printed (`Display` writes `14864.90` for a value entered with two decimals).
#[derive(Clone, Copy)]
pub struct Amount {
    value: Decimal,
    entered_in: MoneyUnit,
}

/// Why a text is not an amount. Messages are for finance staff, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("“{0}”不是金额：应为数字，如 1234.56、1,234.56，或留空/填“—”表示无数据")]
    NotANumber(String),
    #[error("“{0}”是百分比，不是金额")]
    Percent(String),
    #[error("“{0}”的千分位逗号位置不对（应每三位一个逗号，如 1,234.56）")]
    Grouping(String),
    #[error("“{0}”超出可处理的范围（金额最大为一千万亿万元）")]
    OutOfRange(String),
}

impl Amount {
    /// Zero with no decimals.
    pub const ZERO: Amount = Amount {
        value: Decimal::ZERO,
        entered_in: MoneyUnit::Wan,
    };

    /// An amount in 万元.
    pub fn from_wan(value: Decimal) -> Amount {
        Amount {
            value,
            entered_in: MoneyUnit::Wan,
        }
    }

    /// The value in 万元.
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// Number of decimals as entered (in 万元 after conversion).
    pub fn scale(&self) -> u32 {
        self.value.scale()
    }

    /// The unit the figure was entered in.
    pub fn entered_in(&self) -> MoneyUnit {
        self.entered_in
    }

    /// The figure as the user wrote it, with its unit when it was not 万元:
    /// `3757170元` for an input converted from 元.
    pub fn original(&self) -> String {
        match self.entered_in {
            MoneyUnit::Wan => self.value.to_string(),
            unit => {
                let factor = Decimal::from(10i64.pow(unit.shift().unsigned_abs()));
                let v = if unit.shift() < 0 {
                    self.value.checked_mul(factor)
                } else {
                    self.value.checked_div(factor)
                };
                match v {
                    Some(v) => format!("{}{}", v.normalize(), unit.label()),
                    None => format!("{}万元", self.value),
                }
            }
        }
    }

    /// The figure in the unit it was entered in, with the decimals it was entered with:
    /// `31214205.80` for `31,214,205.80` read in 元 (`3121.420580` 万元). `None` when it is
    /// 万元 or cannot be expressed.
    pub fn in_entered_unit(&self) -> Option<Decimal> {
        let shift = self.entered_in.shift();
        if shift == 0 {
            return None;
        }
        let factor = Decimal::from(10i64.checked_pow(shift.unsigned_abs())?);
        if shift < 0 {
            let mut v = self.value.checked_mul(factor)?;
            // exact: the digits dropped are the zeros the conversion appended
            v.rescale(self.value.scale().saturating_sub(shift.unsigned_abs()));
            Some(v)
        } else {
            self.value.checked_div(factor).map(|v| v.normalize())
        }
    }

    /// The text a package file keeps the figure as: the 万元 value, or for a figure entered
    /// in another unit that figure with its unit (`31214205.80元`), so that reading it back
    /// gives the same value, scale and unit.
    pub fn stored_text(&self) -> String {
        match self.in_entered_unit() {
            Some(v) => format!("{v}{}", self.entered_in.label()),
            None => self.value.to_string(),
        }
    }

    /// Parses a cell or field. `Ok(None)` is a blank: empty, `—`, `-`, `无`, `/`.
    ///
    /// Accepts `1,234.56`, full-width digits, surrounding spaces, `(12.5)` for a negative
    /// figure, and a unit suffix (`3757170元`, `1.2亿元`); `default_unit` applies when the
    /// text carries none (a sheet headed `单位：元`).
    pub fn parse(text: &str, default_unit: MoneyUnit) -> Result<Option<Amount>, AmountError> {
        let original = text.trim();
        // the common case, a plain number, without allocating
        if let Some(value) = crate::text::plain_decimal(original) {
            return Amount::converted(value, default_unit)
                .map(Some)
                .ok_or_else(|| AmountError::OutOfRange(original.to_string()));
        }
        let mut s: String = normalize_width(original)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if is_blank_marker(&s) {
            return Ok(None);
        }
        let mut unit = default_unit;
        for (suffix, u) in [
            ("万元", MoneyUnit::Wan),
            ("亿元", MoneyUnit::Yi),
            ("千元", MoneyUnit::Qian),
            ("元", MoneyUnit::Yuan),
        ] {
            if let Some(stripped) = s.strip_suffix(suffix) {
                s = stripped.to_string();
                unit = u;
                break;
            }
        }
        if s.ends_with('%') {
            return Err(AmountError::Percent(original.to_string()));
        }
        let mut negative = false;
        if s.starts_with('(') && s.ends_with(')') && s.len() > 2 {
            negative = true;
            s = s[1..s.len() - 1].to_string();
        }
        if s.contains(',') {
            s = strip_grouping(&s).ok_or_else(|| AmountError::Grouping(original.to_string()))?;
        }
        if s.is_empty()
            || !s
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
        {
            return Err(AmountError::NotANumber(original.to_string()));
        }
        if s.chars().filter(char::is_ascii_digit).count() > 28 {
            return Err(AmountError::OutOfRange(original.to_string()));
        }
        let number = if s.starts_with('.') {
            format!("0{s}")
        } else {
            s.clone()
        };
        let mut value = Decimal::from_str_exact(&number).map_err(|e| match e {
            rust_decimal::Error::ExceedsMaximumPossibleValue
            | rust_decimal::Error::LessThanMinimumPossibleValue
            | rust_decimal::Error::Underflow
            | rust_decimal::Error::ScaleExceedsMaximumPrecision(_) => {
                AmountError::OutOfRange(original.to_string())
            }
            _ => AmountError::NotANumber(original.to_string()),
        })?;
        if negative {
            value = -value;
        }
        Amount::converted(value, unit)
            .map(Some)
            .ok_or_else(|| AmountError::OutOfRange(original.to_string()))
    }

    fn converted(value: Decimal, unit: MoneyUnit) -> Option<Amount> {
        let value = match unit.shift() {
            0 => value,
            // 亿元 to 万元: the result is whole 万元 at best; no false decimals
            4 => value.checked_mul(Decimal::from(10_000))?.normalize(),
            s if s < 0 => {
                let mut v = value;
                let scale = v.scale() + s.unsigned_abs();
                if scale > 28 {
                    return None;
                }
                v.set_scale(scale).ok()?;
                v
            }
            s => value.checked_mul(Decimal::from(10i64.pow(s.unsigned_abs())))?,
        };
        if value.abs() > max_amount() {
            return None;
        }
        Some(Amount {
            value,
            entered_in: unit,
        })
    }

    /// Sum of amounts; the scale of the result is the largest scale of the parts.
    pub fn sum<'a>(items: impl IntoIterator<Item = &'a Amount>) -> Amount {
        let mut total = Decimal::ZERO;
        for a in items {
            total = total.checked_add(a.value).unwrap_or(total);
        }
        Amount::from_wan(total)
    }

    /// True when the value is zero.
    pub fn is_zero(&self) -> bool {
        self.value.is_zero()
    }

    /// The figure as written in explanation text: trailing zeros dropped (`14864.90` →
    /// `14864.9`, `0.00` → `0`).
    pub fn text_form(&self) -> String {
        let v = self.value.normalize();
        if v.is_zero() {
            "0".to_string()
        } else {
            v.to_string()
        }
    }
}

/// Rounds half away from zero (四舍五入), the rounding of published figures.
pub fn round_half_up(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// The direction of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Direction {
    /// 增加 / 增长
    Increase,
    /// 减少 / 下降
    Decrease,
    /// 持平
    Equal,
}

impl Direction {
    /// `增加` / `减少` / `持平`.
    pub fn verb(self) -> &'static str {
        match self {
            Direction::Increase => "增加",
            Direction::Decrease => "减少",
            Direction::Equal => "持平",
        }
    }

    /// `增长` / `下降` / `持平`.
    pub fn rate_verb(self) -> &'static str {
        match self {
            Direction::Increase => "增长",
            Direction::Decrease => "下降",
            Direction::Equal => "持平",
        }
    }
}

/// A figure compared with a base (prior year or budget).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// The base.
    pub base: Amount,
    /// The figure.
    pub current: Amount,
    /// `current − base`.
    pub difference: Amount,
    /// |difference| / base in %, rounded half up to 2 decimals; none when the base is zero.
    pub percent: Option<Decimal>,
    /// Direction.
    pub direction: Direction,
}

impl Change {
    /// Compares `current` with `base`.
    pub fn new(base: Amount, current: Amount) -> Change {
        // amounts are bounded (see `max_amount`), so the difference cannot overflow
        let diff = current.value() - base.value();
        let direction = if diff.is_zero() {
            Direction::Equal
        } else if diff > Decimal::ZERO {
            Direction::Increase
        } else {
            Direction::Decrease
        };
        let percent = diff
            .abs()
            .checked_div(base.value().abs())
            .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
            .map(|p| round_half_up(p, 2));
        Change {
            base,
            current,
            difference: Amount::from_wan(diff),
            percent,
            direction,
        }
    }

    /// `减少3922.47万元，下降20.88%` / `持平`.
    pub fn describe(&self) -> String {
        match (self.direction, self.percent) {
            (Direction::Equal, _) => "持平".to_string(),
            (d, Some(p)) => format!(
                "{}{}万元，{}{}%",
                d.verb(),
                Amount::from_wan(self.difference.value().abs()).text_form(),
                d.rate_verb(),
                p
            ),
            (d, None) => format!(
                "{}{}万元",
                d.verb(),
                Amount::from_wan(self.difference.value().abs()).text_form()
            ),
        }
    }
}

/// The largest amount accepted, in 万元 (10¹⁵ 万元 = 10¹⁹ 元). Sums of thousands of such
/// amounts stay far inside `Decimal`'s range, so arithmetic on amounts cannot overflow.
pub fn max_amount() -> Decimal {
    Decimal::from(1_000_000_000_000_000i64)
}

/// Blank markers: the cell holds no figure.
pub fn is_blank_marker(s: &str) -> bool {
    matches!(
        s,
        "" | "—" | "——" | "-" | "--" | "–" | "－" | "―" | "无" | "/" | "／" | "…" | "……"
    )
}

/// Removes thousands separators when they are placed every three digits.
fn strip_grouping(s: &str) -> Option<String> {
    let (int_part, frac) = match s.find('.') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    if frac.contains(',') {
        return None;
    }
    let digits = int_part.trim_start_matches(['-', '+']);
    let sign = &int_part[..int_part.len() - digits.len()];
    let groups: Vec<&str> = digits.split(',').collect();
    let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    if !(first_ok && rest_ok) {
        return None;
    }
    Some(format!("{sign}{}{frac}", groups.concat()))
}

impl PartialEq for Amount {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}
impl Eq for Amount {}

impl PartialOrd for Amount {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Amount {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.entered_in {
            MoneyUnit::Wan => write!(f, "{}万元", self.value),
            _ => write!(f, "{}万元（原为{}）", self.value, self.original()),
        }
    }
}

impl FromStr for Amount {
    type Err = AmountError;
    /// Parses a figure in 万元; a blank is an error here.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Amount::parse(s, MoneyUnit::Wan)?.ok_or_else(|| AmountError::NotANumber(s.to_string()))
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.stored_text())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        opt::deserialize(deserializer)?
            .ok_or_else(|| serde::de::Error::custom("此处必须填写金额，不能为空"))
    }
}

/// Serde helpers for `Option<Amount>` fields: blanks (`""`, `"—"`) read as `None`.
pub mod opt {
    use super::*;
    use serde::de::{self, Visitor};

    /// Writes the amount as a decimal string, keeping its scale.
    pub fn serialize<S: Serializer>(v: &Option<Amount>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(a) => a.serialize(s),
            None => s.serialize_none(),
        }
    }

    /// Reads a string (`"1,234.56"`, `"—"`), an integer or a float.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Amount>, D::Error> {
        d.deserialize_any(AmountVisitor)
    }

    struct AmountVisitor;

    impl<'de> Visitor<'de> for AmountVisitor {
        type Value = Option<Amount>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            // a bare decimal is refused (serde's default), translated in `messages`
            f.write_str("金额（字符串如 \"1234.56\"，或整数）")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Amount::parse(v, MoneyUnit::Wan).map_err(E::custom)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(Amount::from_wan(Decimal::from(v))))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(Amount::from_wan(Decimal::from(v))))
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(AmountVisitor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<Amount> {
        Amount::parse(s, MoneyUnit::Wan).unwrap()
    }

    #[test]
    fn keeps_scale_as_entered() {
        assert_eq!(p("14864.90").unwrap().to_string(), "14864.90");
        assert_eq!(p("14864.9").unwrap().to_string(), "14864.9");
        assert_eq!(p("0.00").unwrap().scale(), 2);
    }

    #[test]
    fn a_figure_entered_in_yuan_is_stored_in_yuan() {
        // a budget table printed in 元 keeps its unit and its two decimals
        let a = Amount::parse("31,214,205.80", MoneyUnit::Yuan)
            .unwrap()
            .unwrap();
        assert_eq!(a.to_string(), "3121.420580");
        assert_eq!(a.stored_text(), "31214205.80元");
        let back: Amount = a.stored_text().parse().unwrap();
        assert_eq!(back.value().scale(), 6);
        assert_eq!(back.entered_in(), MoneyUnit::Yuan);
        assert_eq!(back.stored_text(), "31214205.80元");
        let whole = Amount::parse("9620", MoneyUnit::Yuan).unwrap().unwrap();
        assert_eq!(whole.stored_text(), "9620元");
        let zero = Amount::parse("0.00", MoneyUnit::Yuan).unwrap().unwrap();
        assert_eq!(zero.stored_text(), "0.00元");
        assert_eq!(p("1.2亿元").unwrap().stored_text(), "1.2亿元");
        assert_eq!(p("14864.90").unwrap().stored_text(), "14864.90");
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, "\"31214205.80元\"");
    }

    #[test]
    fn parses_grouping_fullwidth_and_spaces() {
        assert_eq!(p("1,234.56").unwrap().to_string(), "1234.56");
        assert_eq!(p(" ２，９４０．０５ ").unwrap().to_string(), "2940.05");
        assert_eq!(p("\u{3000}6.20\u{a0}").unwrap().to_string(), "6.20");
        assert_eq!(p("(12.50)").unwrap().to_string(), "-12.50");
        assert_eq!(p("-3.1").unwrap().to_string(), "-3.1");
        assert_eq!(p(".5").unwrap().to_string(), "0.5");
    }

    #[test]
    fn blanks_are_none() {
        for s in ["", "  ", "—", "-", "无", "/", "－", "——"] {
            assert_eq!(p(s), None, "{s:?}");
        }
    }

    #[test]
    fn converts_units_and_keeps_original() {
        let a = p("3757170元").unwrap();
        assert_eq!(a.to_string(), "375.7170");
        assert_eq!(a.entered_in(), MoneyUnit::Yuan);
        assert_eq!(a.original(), "3757170元");
        let b = p("1.5亿元").unwrap();
        assert_eq!(b.value(), Decimal::from(15000));
        assert_eq!(b.to_string(), "15000");
        assert_eq!(b.original(), "1.5亿元");
        let q = p("3757.17千元").unwrap();
        assert_eq!(q.to_string(), "375.717");
        assert_eq!(q.original(), "3757.17千元");
        let c = Amount::parse("958800", MoneyUnit::Yuan).unwrap().unwrap();
        assert_eq!(c.to_string(), "95.8800");
        assert_eq!(p("12万元").unwrap().to_string(), "12");
    }

    #[test]
    fn rejects_with_chinese_reasons() {
        let e = Amount::parse("abc", MoneyUnit::Wan).unwrap_err();
        assert!(e.to_string().contains("不是金额"), "{e}");
        let e = Amount::parse("94.1%", MoneyUnit::Wan).unwrap_err();
        assert!(matches!(e, AmountError::Percent(_)));
        let e = Amount::parse("12,34.5", MoneyUnit::Wan).unwrap_err();
        assert!(matches!(e, AmountError::Grouping(_)));
        let e = Amount::parse("1.2.3", MoneyUnit::Wan).unwrap_err();
        assert!(matches!(e, AmountError::NotANumber(_)));
        let e = Amount::parse("99999999999999999999999999999999", MoneyUnit::Wan).unwrap_err();
        assert!(matches!(e, AmountError::OutOfRange(_)), "{e:?}");
        let e = Amount::parse("1000000000000000000000000000", MoneyUnit::Wan).unwrap_err();
        assert!(matches!(e, AmountError::OutOfRange(_)), "{e:?}");
    }

    #[test]
    fn changes_round_half_up() {
        let c = Change::new(p("18787.37").unwrap(), p("14864.9").unwrap());
        assert_eq!(c.direction, Direction::Decrease);
        assert_eq!(c.describe(), "减少3922.47万元，下降20.88%");
        // 0.125% rounds up, not to even
        let h = Change::new(p("800").unwrap(), p("801").unwrap());
        assert_eq!(h.percent.unwrap().to_string(), "0.13");
        assert_eq!(
            Change::new(p("5").unwrap(), p("5.00").unwrap()).describe(),
            "持平"
        );
        assert_eq!(
            Change::new(p("0").unwrap(), p("9.39").unwrap()).describe(),
            "增加9.39万元"
        );
        let big = Change::new(p("0.01").unwrap(), p("999999999999999").unwrap());
        assert!(big.percent.is_some());
        assert_eq!(p("14864.90").unwrap().text_form(), "14864.9");
        assert_eq!(p("0.00").unwrap().text_form(), "0");
    }

    #[test]
    fn equality_ignores_scale() {
        assert_eq!(p("1.0").unwrap(), p("1.00").unwrap());
        assert!(p("2").unwrap() > p("1.99").unwrap());
    }

    #[test]
    fn unit_labels() {
        assert_eq!(MoneyUnit::from_label("单位：元"), Some(MoneyUnit::Yuan));
        assert_eq!(MoneyUnit::from_label("单位:万元"), Some(MoneyUnit::Wan));
        assert_eq!(MoneyUnit::from_label("金额单位：亿元"), Some(MoneyUnit::Yi));
        assert_eq!(MoneyUnit::from_label("单位：台"), None);
    }
}
