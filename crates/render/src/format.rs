//! How numbers are written: in the text (`14864.9`, trailing zeros dropped), in tables
//! (two decimals, thousands separators where the profile uses them) and as percentages
//! (`1.7` or `1.70`, per profile). Everything is `Decimal`; nothing goes through `f64`.

use juesuan_model::amount::round_half_up;
use rust_decimal::Decimal;

pub use juesuan_model::text::chinese_number;

/// An amount in the text: the value as stated, trailing zeros dropped (`14864.90` →
/// `14864.9`, `0.00` → `0`).
pub fn text_amount(v: Decimal) -> String {
    let v = v.normalize();
    if v.is_zero() {
        "0".to_string()
    } else {
        v.to_string()
    }
}

/// An amount in the text with a fixed number of decimals, rounded half up
/// (`1180.3` → `1180.30` with 2): the way the tables print it. Zero is written `0`, as
/// disclosures write an item they do not have (`政府性基金预算财政拨款收入0万元`).
pub fn text_amount_fixed(v: Decimal, decimals: u32) -> String {
    let mut r = round_half_up(v, decimals);
    if r.is_zero() {
        return "0".to_string();
    }
    r.rescale(decimals);
    r.to_string()
}

/// An amount in a table: rounded half up to two decimals, with `,` every three digits
/// when `thousands` is set.
pub fn table_amount(v: Decimal, thousands: bool) -> String {
    let mut r = round_half_up(v, 2);
    r.rescale(2);
    let s = r.to_string();
    if !thousands {
        return s;
    }
    let (sign, digits) = match s.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", s.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A percentage (already ×100), rounded half up to two decimals; `fixed` keeps both
/// decimals (`2.10`), otherwise trailing zeros are dropped (`2.1`, `100`).
pub fn percent(p: Decimal, fixed: bool) -> String {
    let mut r = round_half_up(p, 2);
    if fixed {
        r.rescale(2);
        r.to_string()
    } else {
        text_amount(r)
    }
}

/// `part / whole × 100`, or `None` when the whole is zero.
pub fn ratio_percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    part.checked_div(whole)
        .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn amounts() {
        assert_eq!(text_amount(d("14864.90")), "14864.9");
        assert_eq!(text_amount(d("0.00")), "0");
        assert_eq!(text_amount(d("9680.738")), "9680.738");
        assert_eq!(table_amount(d("9680.738"), false), "9680.74");
        assert_eq!(table_amount(d("0.005"), false), "0.01");
        assert_eq!(table_amount(d("2995.39"), true), "2,995.39");
        assert_eq!(table_amount(d("1234567.8"), true), "1,234,567.80");
        assert_eq!(table_amount(d("-1234.5"), true), "-1,234.50");
        assert_eq!(table_amount(d("123"), true), "123.00");
    }

    #[test]
    fn percents() {
        assert_eq!(percent(d("1.70"), false), "1.7");
        assert_eq!(percent(d("100"), false), "100");
        assert_eq!(percent(d("2.1"), true), "2.10");
        assert_eq!(percent(d("13.4523"), true), "13.45");
        assert_eq!(percent(d("86.545"), false), "86.55");
        assert_eq!(ratio_percent(d("1"), d("0")), None);
        assert_eq!(chinese_number(11), "十一");
        assert_eq!(chinese_number(24), "二十四");
    }
}
