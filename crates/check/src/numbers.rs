//! Amounts in text (`2,940.05万元`), with their byte positions, as exact decimals.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

/// A number found in text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    /// Its value.
    pub value: Decimal,
    /// Decimals as written.
    pub decimals: u32,
    /// Byte range in the text, unit included.
    pub start: usize,
    pub end: usize,
}

/// A compiled pattern literal (a pattern that fails to compile is a bug the tests catch).
macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> =
            LazyLock::new(|| Regex::new($pat).expect("pattern literal compiles"));
    };
}
pub(crate) use re;

/// The last `n` characters of a text. Patterns match an open run (`[^。]+`) and the code
/// keeps its end, rather than bounding the run in the pattern (`[^。]{2,40}`): a bounded
/// run of a Chinese character class makes a pattern several times costlier to build, and
/// a one-shot `check` builds every pattern once.
pub(crate) fn last_chars(text: &str, n: usize) -> &str {
    let start = text
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    if n == 0 {
        &text[text.len()..]
    } else {
        &text[start..]
    }
}

re!(AMOUNT, r"(-?[0-9][0-9,]*(?:\.[0-9]+)?) ?(万元|亿元|元)");

/// A year of this century written with 年 (`2024年`), its digits captured; one pattern for
/// every rule that reads years.
pub(crate) static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20[0-9]{2})年").expect("pattern literal compiles"));

fn parse(s: &str) -> Option<(Decimal, u32)> {
    let clean: String = s.chars().filter(|c| *c != ',').collect();
    let d: Decimal = clean.parse().ok()?;
    let decimals = clean.split_once('.').map_or(0, |(_, f)| f.len() as u32);
    Some((d, decimals))
}

/// Amounts in 万元 (元 and 亿元 converted), in order.
pub fn amounts(text: &str) -> Vec<Num> {
    AMOUNT
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let (v, d) = parse(c.get(1)?.as_str())?;
            let (value, decimals) = match c.get(2)?.as_str() {
                "元" => (v / Decimal::from(10_000), d + 4),
                "亿元" => (v * Decimal::from(10_000), d.saturating_sub(4)),
                _ => (v, d),
            };
            Some(Num {
                value,
                decimals,
                start: m.start(),
                end: m.end(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_wan_yuan() {
        let a = amounts("收入2,940.05万元，其他6.2万元，合同3718元");
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].value.to_string(), "2940.05");
        assert_eq!(a[1].decimals, 1);
        assert_eq!(a[2].value.to_string(), "0.3718");
    }
}
