//! D-071: heading and list numbers that skip, repeat or go back.

use juesuan_diagnostics::{Meta, Severity, Sink};

use super::{Doc, DocCtx, DocFixture, DocRule, Family};

/// Levels of numbering, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// `第一部分`.
    Part,
    /// `一、`.
    Chinese,
    /// `（一）`.
    ChineseBracket,
    /// `1、`.
    Arabic,
    /// `1.`, `1．`.
    ArabicDot,
    /// `（1）`.
    ArabicBracket,
    /// `1）`.
    ArabicHalf,
}

impl Style {
    /// `1、` and `1.` mixed in one list.
    fn sibling(self) -> Option<Style> {
        match self {
            Style::Arabic => Some(Style::ArabicDot),
            Style::ArabicDot => Some(Style::Arabic),
            _ => None,
        }
    }

    fn marker(self, n: u32) -> String {
        match self {
            Style::Part => format!("第{}部分", chinese(n)),
            Style::Chinese => format!("{}、", chinese(n)),
            Style::ChineseBracket => format!("（{}）", chinese(n)),
            Style::Arabic => format!("{n}、"),
            Style::ArabicDot => format!("{n}."),
            Style::ArabicBracket => format!("（{n}）"),
            Style::ArabicHalf => format!("{n}）"),
        }
    }

    /// The ways the number `n` may be written in this style, to find it inside a paragraph.
    fn forms(self, n: u32) -> Vec<String> {
        match self {
            Style::ChineseBracket => {
                vec![format!("（{}）", chinese(n)), format!("({})", chinese(n))]
            }
            Style::Arabic | Style::ArabicDot => {
                vec![format!("{n}、"), format!("{n}."), format!("{n}．")]
            }
            Style::ArabicBracket => vec![format!("（{n}）"), format!("({n})")],
            Style::ArabicHalf => vec![format!("{n}）"), format!("{n})")],
            _ => vec![self.marker(n)],
        }
    }
}

const DIGITS: &str = "零一二三四五六七八九";

fn chinese_value(s: &str) -> Option<u32> {
    let digit = |c: char| DIGITS.chars().position(|d| d == c).map(|p| p as u32);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a).filter(|v| *v > 0),
        ['十', b] => digit(*b).map(|v| 10 + v),
        [a, '十'] => digit(*a).filter(|v| *v > 1).map(|v| v * 10),
        [a, '十', b] => Some(digit(*a).filter(|v| *v > 1)? * 10 + digit(*b).filter(|v| *v > 0)?),
        _ => None,
    }
}

fn chinese(n: u32) -> String {
    let d = |v: u32| DIGITS.chars().nth(v as usize).unwrap_or('零');
    match n {
        0..=9 => d(n).to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", d(n - 10)),
        _ if n.is_multiple_of(10) && n < 100 => format!("{}十", d(n / 10)),
        _ if n < 100 => format!("{}十{}", d(n / 10), d(n % 10)),
        _ => n.to_string(),
    }
}

/// The numbering at the start of a paragraph: its style, number and byte length.
pub(super) fn number(text: &str) -> Option<(Style, u32, usize)> {
    let is_cn = |c: char| DIGITS.contains(c) || c == '十';
    let lead_len = |s: &str, f: &dyn Fn(char) -> bool| {
        s.char_indices()
            .take_while(|(_, c)| f(*c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8())
    };
    if let Some(rest) = text.strip_prefix('第') {
        let l = lead_len(rest, &is_cn);
        if l > 0 && rest[l..].starts_with("部分") {
            let v = chinese_value(&rest[..l])?;
            return Some((Style::Part, v, '第'.len_utf8() + l + "部分".len()));
        }
        return None;
    }
    for open in ['（', '('] {
        if let Some(rest) = text.strip_prefix(open) {
            let close = |s: &str| s.starts_with('）') || s.starts_with(')');
            let l = lead_len(rest, &is_cn);
            if l > 0 && close(&rest[l..]) {
                let v = chinese_value(&rest[..l])?;
                let w = rest[l..].chars().next().map_or(1, char::len_utf8);
                return Some((Style::ChineseBracket, v, open.len_utf8() + l + w));
            }
            let l = lead_len(rest, &|c: char| c.is_ascii_digit());
            if (1..=2).contains(&l) && close(&rest[l..]) {
                let v = rest[..l].parse().ok()?;
                let w = rest[l..].chars().next().map_or(1, char::len_utf8);
                return Some((Style::ArabicBracket, v, open.len_utf8() + l + w));
            }
            return None;
        }
    }
    let l = lead_len(text, &is_cn);
    if l > 0 && text[l..].starts_with('、') {
        let v = chinese_value(&text[..l])?;
        return Some((Style::Chinese, v, l + '、'.len_utf8()));
    }
    let l = lead_len(text, &|c: char| c.is_ascii_digit());
    if !(1..=2).contains(&l) {
        return None;
    }
    let v: u32 = text[..l].parse().ok()?;
    let rest = &text[l..];
    let next = rest.chars().nth(1);
    let style = match rest.chars().next()? {
        '、' => Style::Arabic,
        '．' => Style::ArabicDot,
        '.' if !next.is_some_and(|c| c.is_ascii_digit() || c == '%') => Style::ArabicDot,
        '）' | ')' => Style::ArabicHalf,
        _ => return None,
    };
    let w = rest.chars().next().map_or(1, char::len_utf8);
    Some((style, v, l + w))
}

pub(super) const D071: DocRule = DocRule {
    meta: Meta {
        code: "D-071",
        name: "标题编号不连续或不规范",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "按层级跟踪段首的编号：第一部分、一、（一）、1、（1）、1）。同一层级的编号应从一\
（1）起依次加一；上一级标题出现时下一级重新编号，从1重新开始的编号也视为新的一组。\
跳号（“（三）”之后是“（五）”）、重号（两个“三、”）、倒退（“五、”之后是“三、”）和不从一开始\
（“一、”之下第一个是“（二）”）时提示，并写出前后的标题。缺的编号若出现在两段之间的正文里\
（换行丢失、标题和上一段连在了一起），不报。目录只重复正文的标题，不另查编号（目录与正文是否一致由 D-076 检查）。",
            why: "编号跳了或重了，多是删改内容时漏改编号，读者会以为缺了一部分内容；\
有时确实漏掉了一段应公开的说明。",
            bad: "“（三）一般公共预算财政拨款支出决算具体情况”之后的标题是“（五）……”；\
或“十、预算绩效管理情况”之后又是“十、其他重要事项的情况说明”。",
            good: "按顺序编号（三）（四）；删去一部分内容后把后面的编号依次改过来。",
            basis: "《党政机关公文格式》（GB/T 9704—2012）7.3.3（结构层次序数依次可以用“一、”\
“（一）”“1.”“（1）”标注）；上海市2024年度部门决算公开样张目录及第三部分的编号；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（形式规范）。",
        },
    },
    check: numbering,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n一、收入支出决算总体情况说明\n二、收入决算情况说明\n四、财政拨款收入支出决算总体情况说明\n（一）一般公共预算财政拨款支出决算总体情况\n（二）一般公共预算财政拨款支出决算结构情况\n（二）一般公共预算财政拨款支出决算具体情况\n",
        silent: "上海市普陀区财政局2024年度部门决算\n第一部分 概况\n一、主要职能\n（一）负责本区会计管理工作。（二）负责非税收入管理。\n（三）拟订国库管理制度。\n二、部门决算单位构成\n第二部分 情况说明\n一、收入支出决算总体情况说明\n1、一般公共服务支出\n2、教育支出\n二、收入决算情况说明\n1.财政拨款收入14864.9万元，占100%。\n2.5万元用于培训。\n",
    }],
};

struct Last<'a> {
    style: Style,
    n: u32,
    para: usize,
    text: &'a str,
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(20).collect();
    if text.chars().count() > 20 {
        s.push('…');
    }
    s
}

fn numbering(cx: &DocCtx, sink: &mut Sink) {
    // The numbering levels open at this point, outermost first: a style seen again closes
    // the levels opened after it; a new style opens a level. Documents order the styles
    // differently (`1）` above `1.` in one, below in another), so the order is the
    // document's own. A part (`第…部分`) closes every level.
    let mut part: Option<Last> = None;
    let mut stack: Vec<Last> = Vec::new();
    let body = super::toc::body_start(cx);
    for (k, s) in cx.paras.iter().enumerate().skip(body) {
        let text = s.text.trim_start();
        let Some((style, n, len)) = number(text) else {
            continue;
        };
        let offset = s.text.len() - text.len();
        let prev = if style == Style::Part {
            stack.clear();
            part.take()
        } else {
            let pos = stack.iter().rposition(|l| l.style == style).or_else(|| {
                // `16.` in a list of `15、`: the same list written inconsistently.
                let sib = style.sibling()?;
                (n != 1)
                    .then(|| stack.iter().rposition(|l| l.style == sib))
                    .flatten()
            });
            pos.map(|p| {
                let prev = stack.swap_remove(p);
                stack.truncate(p);
                prev
            })
        };
        let up = if style == Style::Part {
            None
        } else {
            stack.last().or(part.as_ref())
        };
        // The numbers that should have come in between, unless written inside the text.
        let between = |from: usize, missing: &[u32]| {
            let found = |m: u32| {
                cx.paras
                    .get(from..k)
                    .into_iter()
                    .flatten()
                    .chain(std::iter::once(s))
                    .any(|p| style.forms(m).iter().any(|f| p.text.contains(f.as_str())))
            };
            missing.iter().all(|m| found(*m))
        };
        let problem = match &prev {
            None if n > 1 && n <= 20 => {
                let missing: Vec<u32> = (1..n).collect();
                let from = up.map_or(0, |u| u.para);
                (!between(from, &missing)).then(|| match up {
                    Some(u) => format!(
                        "编号“{}”前面没有同一层级的“{}”，应从“{}”开始（前一个标题是“{}”）",
                        style.marker(n),
                        style.marker(n - 1),
                        style.marker(1),
                        short(u.text)
                    ),
                    None => format!(
                        "第一个编号是“{}”，应从“{}”开始",
                        style.marker(n),
                        style.marker(1)
                    ),
                })
            }
            Some(p) => {
                if n == p.n + 1 || n == 1 {
                    None
                } else if n == p.n {
                    Some(format!(
                        "编号“{}”重复：前一个标题是“{}”",
                        style.marker(n),
                        short(p.text)
                    ))
                } else if n > p.n + 1 && n <= p.n + 20 {
                    let missing: Vec<u32> = (p.n + 1..n).collect();
                    (!between(p.para, &missing)).then(|| {
                        let names: Vec<String> = missing
                            .iter()
                            .map(|m| format!("“{}”", style.marker(*m)))
                            .collect();
                        format!(
                            "编号“{}”之后是“{}”，缺少{}（前一个标题是“{}”）",
                            p.style.marker(p.n),
                            style.marker(n),
                            names.join(""),
                            short(p.text)
                        )
                    })
                } else if n < p.n {
                    Some(format!(
                        "编号“{}”之后又是“{}”，编号倒退（前一个标题是“{}”）",
                        p.style.marker(p.n),
                        style.marker(n),
                        short(p.text)
                    ))
                } else {
                    None
                }
            }
            None => None,
        };
        if let Some(msg) = problem {
            let f = sink.finding(cx.at(s, offset..offset + len, 20), msg);
            sink.push(f);
        }
        let last = Last {
            style,
            n,
            para: k,
            text,
        };
        if style == Style::Part {
            part = Some(last);
        } else {
            stack.push(last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Style, chinese, chinese_value, number};

    #[test]
    fn numbers() {
        for n in 1..60 {
            assert_eq!(chinese_value(&chinese(n)), Some(n), "{n}");
        }
        assert_eq!(number("十一、其他"), Some((Style::Chinese, 11, 9)));
        assert_eq!(
            number("（十二）完成"),
            Some((Style::ChineseBracket, 12, 12))
        );
        assert_eq!(number("1、教育支出").map(|x| x.1), Some(1));
        assert_eq!(number("2.5万元").map(|x| x.1), None);
        assert_eq!(number("1）财务管理").map(|x| x.0), Some(Style::ArabicHalf));
        assert_eq!(number("（10）热点").map(|x| x.1), Some(10));
        assert_eq!(number("第三部分情况说明").map(|x| x.1), Some(3));
        assert_eq!(number("2024年度").map(|x| x.1), None);
    }
}
