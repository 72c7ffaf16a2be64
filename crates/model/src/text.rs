//! Small text normalisations shared by readers: full-width forms, spaces inside labels.

/// Maps full-width ASCII forms (`１２３．４`, `（`, `％`) and the ideographic space to their
/// half-width equivalents. Other characters are kept.
pub fn normalize_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{A0}' => ' ',
            _ => c,
        })
        .collect()
}

/// A label with every space and line break removed, full-width forms folded:
/// `"本年收入合\n计"` → `"本年收入合计"`. Used to match headers and fixed labels.
pub fn compact(s: &str) -> String {
    normalize_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_and_compact() {
        assert_eq!(normalize_width("１２３．４５％"), "123.45%");
        assert_eq!(compact(" 本年收入合\n计 "), "本年收入合计");
        assert_eq!(compact("因 公 出 国 （ 境 ） 费\n用"), "因公出国(境)费用");
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
