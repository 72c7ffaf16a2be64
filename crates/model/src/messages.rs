//! serde's English error messages (from TOML and JSON parsers) in Chinese, for every
//! reader of user files: packages, catalogs, rules files.

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Turns serde's English messages into Chinese; messages juesuan wrote itself pass through.
pub fn chinese_serde_message(message: &str, syntax_possible: bool) -> String {
    let m = message.trim();
    let ticked = |s: &str| -> Vec<String> {
        s.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, t)| t.to_string())
            .collect()
    };
    if let Some(rest) = m.strip_prefix("missing field ") {
        let f = ticked(rest);
        return format!(
            "缺少必填项“{}”",
            f.first().map(String::as_str).unwrap_or(rest)
        );
    }
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let f = ticked(rest);
        let name = f.first().cloned().unwrap_or_default();
        return if f.len() > 1 {
            format!("未知的项“{name}”（可用：{}）", f[1..].join("、"))
        } else {
            format!("未知的项“{name}”")
        };
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let f = ticked(rest);
        let name = f.first().cloned().unwrap_or_default();
        return format!(
            "“{name}”不是可用的取值（可用：{}）",
            f.get(1..).unwrap_or(&[]).join("、")
        );
    }
    if let Some(rest) = m.strip_prefix("duplicate field ") {
        let f = ticked(rest);
        return format!(
            "重复的项“{}”",
            f.first().map(String::as_str).unwrap_or(rest)
        );
    }
    if let Some(rest) = m.strip_prefix("invalid type: floating point ") {
        // A bare decimal in TOML/JSON is a binary float: it has already lost trailing zeros
        // (`14864.90`) and digits beyond about 15, so every field refuses it.
        let printed = ticked(rest).into_iter().next().unwrap_or_default();
        return format!(
            "数字写成了不带引号的小数 {printed}，会丢失位数（如末尾的 0）；请写成带引号的文字，如 \"{printed}\""
        );
    }
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "类型不对：应为{}，实际是{}",
            english_kind(expected),
            english_kind(found)
        );
    }
    if let Some(rest) = m.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "取值不对：应为{}，实际是{}",
            english_kind(expected),
            english_kind(found)
        );
    }
    if let Some(rest) = m.strip_prefix("invalid length ") {
        return format!("个数不对：{rest}");
    }
    if has_cjk(m) {
        return m.to_string();
    }
    if let Some(zh) = toml_syntax(m) {
        return format!("格式错误（语法）：{zh}");
    }
    if syntax_possible {
        format!("格式错误（语法）：{m}")
    } else {
        format!("格式错误：{m}")
    }
}

/// The TOML parser's common syntax messages in Chinese.
fn toml_syntax(m: &str) -> Option<String> {
    let (head, expected) = m.split_once(", expected ").unwrap_or((m, ""));
    let zh = match head {
        "unclosed table" => "表名的方括号没有闭合",
        "unclosed array" => "列表的方括号没有闭合",
        "unclosed inline table" => "大括号没有闭合",
        "invalid basic string" | "invalid literal string" => "字符串的引号没有闭合",
        "string values must be quoted" => "文字要加引号",
        "key with no value" => "键后面缺少 = 和值",
        "duplicate key" => "同一个键写了两次",
        "missing escaped value" | "invalid escape value" => "反斜杠后的转义字符不对",
        "invalid table header" => "表名写法不对",
        "invalid key" => "键的写法不对",
        "extra assignment between key-value pairs" | "missing newline between key-value pairs" => {
            "每个键值对要单独一行"
        }
        _ => return None,
    };
    Some(if expected.is_empty() {
        zh.to_string()
    } else {
        format!("{zh}（此处应为 {}）", expected.replace('`', ""))
    })
}

fn english_kind(s: &str) -> String {
    let s = s.trim();
    if has_cjk(s) {
        return s.to_string();
    }
    let (head, value) = match s.find('`') {
        Some(i) => (s[..i].trim(), s[i..].trim_matches('`')),
        None => (s, ""),
    };
    let word = match head {
        "a string" | "string" => "文字",
        "integer" | "an integer" | "i64" | "u64" | "u32" | "u16" | "u8" | "i32" => "整数",
        "floating point" | "a float" => "小数",
        "boolean" | "a boolean" | "bool" => "真/假",
        "sequence" | "a sequence" => "列表",
        "map" | "a map" => "表",
        "unit value" | "null" => "空值",
        h if h.starts_with("struct ") => "表",
        h if h.starts_with("enum ") || h.starts_with("variant ") => "选项",
        h if h.starts_with("a sequence") => "列表",
        "" => "",
        other => other,
    };
    if value.is_empty() {
        word.to_string()
    } else {
        format!("{word} {value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_common_messages() {
        assert_eq!(
            chinese_serde_message("missing field `name`", false),
            "缺少必填项“name”"
        );
        assert_eq!(
            chinese_serde_message(
                "unknown field `totl`, expected one of `total`, `basic`",
                false
            ),
            "未知的项“totl”（可用：total、basic）"
        );
        assert_eq!(
            chinese_serde_message("invalid type: integer `5`, expected a string", false),
            "类型不对：应为文字，实际是整数 5"
        );
        assert_eq!(chinese_serde_message("金额“x”不对", false), "金额“x”不对");
        assert_eq!(
            chinese_serde_message(
                "invalid type: floating point `14864.9`, expected 金额",
                false
            ),
            "数字写成了不带引号的小数 14864.9，会丢失位数（如末尾的 0）；请写成带引号的文字，如 \"14864.9\""
        );
    }
}
