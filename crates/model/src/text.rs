//! Small text normalisations shared by readers: full-width forms, spaces inside labels.

/// Maps full-width ASCII forms (`１２３．４`, `（`, `％`) and the ideographic space to their
/// half-width equivalents. Other characters are kept.
pub fn normalize_width(s: &str) -> String {
    s.chars().map(fold_width).collect()
}

/// One character of [`normalize_width`].
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{A0}' => ' ',
        _ => c,
    }
}

/// The characters of [`compact`], without allocating.
pub fn compact_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().map(fold_width).filter(|c| !c.is_whitespace())
}

/// A label with every space and line break removed, full-width forms folded:
/// `"本年收入合\n计"` → `"本年收入合计"`. Used to match headers and fixed labels.
pub fn compact(s: &str) -> String {
    compact_chars(s).collect()
}

/// `compact(a) == compact(b)`, without allocating.
pub fn compact_eq(a: &str, b: &str) -> bool {
    a == b || compact_chars(a).eq(compact_chars(b))
}

/// A spreadsheet cell that will not run as a formula: text starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'`, unless it is a plain number such as
/// `-0.03` ([`plain_decimal`]).
pub fn formula_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && plain_decimal(s).is_none() {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The number a plain ASCII decimal states — `-12.50`, `.5`, `3` — without allocating;
/// `None` for anything else (separators, units, full-width digits, more than 28 digits),
/// which callers then parse the slow way.
pub fn plain_decimal(s: &str) -> Option<rust_decimal::Decimal> {
    let b = s.as_bytes();
    let digits_at = usize::from(b.first() == Some(&b'-'));
    let body = &b[digits_at..];
    let mut digits = 0;
    let mut dots = 0;
    for &c in body {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' => dots += 1,
            _ => return None,
        }
    }
    if digits == 0 || digits > 28 || dots > 1 || body.last() == Some(&b'.') {
        return None;
    }
    if digits <= 18 {
        // fits an i64 mantissa: no string parsing at all
        let mut mantissa: i64 = 0;
        let mut scale = 0u32;
        let mut after_dot = false;
        for &c in body {
            if c == b'.' {
                after_dot = true;
            } else {
                mantissa = mantissa * 10 + i64::from(c - b'0');
                scale += u32::from(after_dot);
            }
        }
        if digits_at == 1 {
            mantissa = -mantissa;
        }
        return Some(rust_decimal::Decimal::new(mantissa, scale));
    }
    if body.first() == Some(&b'.') {
        // `.5` → `0.5`
        let mut buf = [0u8; 32];
        buf[..digits_at].copy_from_slice(&b[..digits_at]);
        buf[digits_at] = b'0';
        buf[digits_at + 1..b.len() + 1].copy_from_slice(body);
        let t = std::str::from_utf8(&buf[..b.len() + 1]).ok()?;
        return rust_decimal::Decimal::from_str_exact(t).ok();
    }
    rust_decimal::Decimal::from_str_exact(s).ok()
}

/// Strips a leading list number such as `一、`, `二十六、`, `1、`, `（三）`, `3.` from a line
/// label: `"八、其他收入"` → `"其他收入"`.
pub fn strip_list_number(s: &str) -> &str {
    let t = s.trim_start();
    let cjk_digits = "〇零一二三四五六七八九十百";
    // （三） or (3)
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open)
            && let Some(end) = rest.find(close)
        {
            let inner = &rest[..end];
            if !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| c.is_ascii_digit() || cjk_digits.contains(c))
            {
                return rest[end + close.len_utf8()..].trim_start();
            }
        }
    }
    let num_len: usize = t
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || cjk_digits.contains(*c))
        .map(|(_, c)| c.len_utf8())
        .sum();
    if num_len > 0 {
        let rest = &t[num_len..];
        for sep in ['、', '.', '．'] {
            if let Some(r) = rest.strip_prefix(sep) {
                return r.trim_start();
            }
        }
    }
    t
}

/// Chinese numerals for headings and list labels (`一` … `九十九`; larger numbers in digits).
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "零".into(),
        1..=9 => D[n].into(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_safe_cells() {
        for (cell, safe) in [
            ("=1+1", "'=1+1"),
            ("+86 10", "'+86 10"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-0.03", "-0.03"),
            ("-5", "-5"),
            ("+5", "'+5"),
            ("总分写 89", "总分写 89"),
            ("", ""),
        ] {
            assert_eq!(formula_safe(cell), safe, "{cell:?}");
        }
    }

    #[test]
    fn width_and_compact() {
        assert_eq!(normalize_width("１２３．４５％"), "123.45%");
        assert_eq!(compact(" 本年收入合\n计 "), "本年收入合计");
        assert_eq!(compact("因 公 出 国 （ 境 ） 费\n用"), "因公出国(境)费用");
    }

    #[test]
    fn compact_equality_and_plain_numbers() {
        assert!(compact_eq("本年收入合\n计", "本年收入 合计"));
        assert!(compact_eq("（一）", "(一)"));
        assert!(!compact_eq("合计", "总计"));
        let d = |s: &str| plain_decimal(s).map(|d| d.to_string());
        assert_eq!(d("12.50").as_deref(), Some("12.50"));
        assert_eq!(d(".5").as_deref(), Some("0.5"));
        assert_eq!(d("-.5").as_deref(), Some("-0.5"));
        assert_eq!(d("-3").as_deref(), Some("-3"));
        for bad in ["", "-", ".", "5.", "1.2.3", "1,000", "１", "5%", "+5", " 5"] {
            assert_eq!(d(bad), None, "{bad:?}");
        }
        assert_eq!(d(&"9".repeat(29)), None);
        // the fast path agrees with the exact parser, scale included
        for t in [
            "0",
            "007",
            "12.50",
            "-12.50",
            "0.000001",
            "123456789012345678",
            "1234567890.123456789012",
        ] {
            let exact = rust_decimal::Decimal::from_str_exact(t).unwrap();
            let fast = plain_decimal(t).unwrap();
            assert_eq!((fast, fast.scale()), (exact, exact.scale()), "{t}");
        }
    }

    #[test]
    fn list_numbers() {
        assert_eq!(strip_list_number("八、其他收入"), "其他收入");
        assert_eq!(
            strip_list_number("二十六、抗疫特别国债安排的支出"),
            "抗疫特别国债安排的支出"
        );
        assert_eq!(strip_list_number("（三）国有资产"), "国有资产");
        assert_eq!(strip_list_number("17.2024年数字经济"), "2024年数字经济");
        assert_eq!(strip_list_number("本年收入合计"), "本年收入合计");
        assert_eq!(strip_list_number("229 其他支出"), "229 其他支出");
    }
}
