//! Typed 年度指标值 and 实际完成值: what a target or an actual says — a quantity with its
//! comparator and unit, a deadline or period, a qualitative judgement, or nothing that
//! applies — always with the original text, and `Unknown` when it could not be understood.

use std::sync::LazyLock;

use juesuan_model::text::normalize_width;
use regex::Regex;
use rust_decimal::Decimal;
use serde::Serialize;

/// How a quantity compares: `≥98%` is `Ge`, `≤2%` is `Le`, `45个` is `Eq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    /// `≥`, `不少于`, `不低于`, `以上`, `至少`, `+`
    Ge,
    /// `>`, `大于`, `高于`, `超过`
    Gt,
    /// `≤`, `不超过`, `不高于`, `以内`, `以下`, `控制在…以内`
    Le,
    /// `<`, `小于`, `低于`, `少于`
    Lt,
    /// a plain figure, `=`, `达到`
    Eq,
}

impl Cmp {
    /// Whether more is better (a positive indicator).
    pub fn positive(self) -> bool {
        matches!(self, Cmp::Ge | Cmp::Gt | Cmp::Eq)
    }

    /// The sign as printed in explanations.
    pub fn sign(self) -> &'static str {
        match self {
            Cmp::Ge => "≥",
            Cmp::Gt => ">",
            Cmp::Le => "≤",
            Cmp::Lt => "<",
            Cmp::Eq => "=",
        }
    }
}

/// A number with its comparator and unit (`""` when none was written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quantity {
    pub cmp: Cmp,
    pub value: Decimal,
    pub unit: String,
}

/// Part of a year or month: `初`, `底`/`末`, `上半年`, `下半年`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Early,
    FirstHalf,
    SecondHalf,
    Late,
}

/// A point in time as precise as the text gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct When {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub part: Option<Part>,
}

impl When {
    /// The last month this point covers (`2024年` → 12, `2025年初` → 3, `2024年7月` → 7).
    pub fn last_month(&self) -> u32 {
        let m = match (self.month, self.part) {
            (Some(m), _) => m,
            (None, Some(Part::Early)) => 3,
            (None, Some(Part::FirstHalf)) => 6,
            (None, _) => 12,
        };
        u32::from(self.year) * 12 + u32::from(m)
    }

    /// `2024年7月`, `2025年初`.
    pub fn label(&self) -> String {
        let mut s = format!("{}年", self.year);
        if let Some(m) = self.month {
            s.push_str(&format!("{m}月"));
        }
        if let Some(d) = self.day {
            s.push_str(&format!("{d}日"));
        }
        s.push_str(match self.part {
            Some(Part::Early) => "初",
            Some(Part::FirstHalf) => "上半年",
            Some(Part::SecondHalf) => "下半年",
            Some(Part::Late) => "底",
            None => "",
        });
        s
    }
}

/// What a qualitative text says was achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    /// 未完成, 尚未, 未达到
    NotAchieved,
    /// 部分完成, 基本完成, 推进中, 正在
    Partial,
    /// 完成, 达到, 满意, 提升, 有效, 符合, 通过…
    Achieved,
}

impl Judgement {
    /// The band of the weight it earns (财预〔2020〕10号): (low, high) in percent.
    pub fn band(self) -> (u32, u32) {
        match self {
            Judgement::Achieved => (80, 100),
            Judgement::Partial => (60, 80),
            Judgement::NotAchieved => (0, 60),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Judgement::Achieved => "达成",
            Judgement::Partial => "部分达成",
            Judgement::NotAchieved => "未达成",
        }
    }
}

/// A typed target or actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Value {
    /// `≥98%`, `45个`, `2130Mb/s`, `控制在24小时以内`, `387.05万元`.
    Quantity(Quantity),
    /// `2024年7月完成招标采购`, `2024年9月30日前`, `2025年初`.
    Deadline { by: When },
    /// `2024年1-6月`.
    Period { from: When, to: When },
    /// `是` / `否`.
    Boolean { yes: bool },
    /// `满意`, `提高`, `有效发挥`, `完成`, `未完成`; `judgement` is `None` for `定性` and texts
    /// that state no outcome.
    Qualitative { judgement: Option<Judgement> },
    /// `不涉及`, `无`, `/`, `--`, empty.
    NotApplicable,
    /// Numbers that could not be told apart (`4个系统，7*24小时…`), or nothing recognisable.
    Unknown { why: String },
}

/// A target or actual: the text as printed and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parsed {
    pub text: String,
    pub value: Value,
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> =
            LazyLock::new(|| Regex::new($pat).expect("pattern literal compiles"));
    };
}

re!(NUMBER, r"-?[0-9]+(?:\.[0-9]+)?|-?\.[0-9]+");
re!(
    PERIOD,
    r"(20[0-9]{2})年([0-9]{1,2})(?:月)?[-—~至到]([0-9]{1,2})月"
);
re!(
    DATE,
    r"(20[0-9]{2})年(?:年?(初|底|末|上半年|下半年)|([0-9]{1,2})月份?(?:([0-9]{1,2})日)?(初|底|末|中旬|上旬|下旬)?)"
);
re!(
    UNIT,
    r"^(?:万元|亿元|元|万次|万|个月|个工作日|工作日|个|人次|人|次|套|家|条|份|篇|件|项|台|批|期|场|户|处|天|日|周|月|年|小时|分钟|秒|Mb/s|Mbps|M|G|T|db|dB|分贝|%|‰|倍|km|公里|平方米|㎡|小时内)"
);

const NOT_APPLICABLE: &[&str] = &[
    "",
    "不涉及",
    "无",
    "/",
    "-",
    "--",
    "---",
    "—",
    "——",
    "不适用",
    "无此项",
];

/// The numbers of a text.
fn numbers_in(text: &str) -> Vec<regex::Match<'_>> {
    NUMBER.find_iter(text).collect()
}

/// Whether a comparator is written right before the number at `start`
/// (`…（100用户）的系统响应时间小于5秒`: the 5 is the measure).
fn compared(text: &str, start: usize) -> bool {
    const WORDS: &[&str] = &[
        "≥",
        ">=",
        "≤",
        "<=",
        ">",
        "<",
        "=",
        "不少于",
        "不低于",
        "至少",
        "不超过",
        "不高于",
        "不多于",
        "大于",
        "小于",
        "高于",
        "低于",
        "少于",
        "多于",
        "超过",
        "控制在",
        "达到",
    ];
    let before = text[..start].trim_end();
    WORDS.iter().any(|w| before.ends_with(w))
}

/// The comparator written around a number at `start..end` of `text`.
fn comparator(text: &str, start: usize, end: usize) -> Cmp {
    let before = &text[..start];
    let after = &text[end..];
    let ends = |ws: &[&str]| ws.iter().any(|w| before.trim_end().ends_with(w));
    let has = |ws: &[&str]| ws.iter().any(|w| before.contains(w));
    let after_has = |ws: &[&str]| {
        // the unit may stand between: `40家以上`, `24小时以内`
        let tail: String = after.chars().take(6).collect();
        ws.iter().any(|w| tail.contains(w))
    };
    if ends(&[
        "≥",
        ">=",
        "大于等于",
        "大于或等于",
        "不少于",
        "不低于",
        "至少",
        "不小于",
    ]) || has(&["不少于", "不低于", "至少", "大于等于", "不小于"])
        || after_has(&["以上", "及以上", "+"])
    {
        Cmp::Ge
    } else if ends(&[
        "≤",
        "<=",
        "小于等于",
        "小于或等于",
        "不超过",
        "不高于",
        "不多于",
        "不大于",
    ]) || has(&["不超过", "不高于", "不多于", "控制在", "不大于", "范围内"])
        || after_has(&["以内", "以下", "之内", "内"])
    {
        Cmp::Le
    } else if ends(&[">", "大于", "高于", "超过", "多于"]) || has(&["大于", "高于", "超过"])
    {
        Cmp::Gt
    } else if ends(&["<", "小于", "低于", "少于"]) || has(&["小于", "低于", "少于"]) {
        Cmp::Lt
    } else {
        Cmp::Eq
    }
}

/// What a text says was achieved, from its words (`未完成`, `推进中`, `完成`, `满意`…).
pub fn judge_text(text: &str) -> Option<Judgement> {
    const NOT: &[&str] = &[
        "未完成",
        "未达到",
        "未达成",
        "尚未",
        "没有完成",
        "未实现",
        "未按期",
        "滞后",
        "延期",
        "未能",
        "未开展",
    ];
    const PARTIAL: &[&str] = &[
        "部分完成",
        "部分达成",
        "部分实现",
        "基本完成",
        "基本达到",
        "基本实现",
        "基本满意",
        "推进中",
        "正在",
        "进行中",
        "尚在",
        "部分",
    ];
    const DONE: &[&str] = &[
        "完成",
        "达到",
        "达成",
        "实现",
        "满意",
        "满足",
        "符合",
        "通过",
        "提升",
        "提高",
        "有效",
        "及时",
        "保障",
        "已",
        "均",
        "正常",
        "稳定",
        "降低",
        "节省",
        "节约",
        "促进",
        "合格",
        "达标",
        "改善",
        "增强",
        "按照",
        "按期",
        "如期",
        "顺利",
        "规范",
        "控制",
        "发挥",
        "良好",
        "无投诉",
        "没有投诉",
        "零故障",
        "安全",
    ];
    if NOT.iter().any(|w| text.contains(w)) {
        Some(Judgement::NotAchieved)
    } else if PARTIAL.iter().any(|w| text.contains(w)) {
        Some(Judgement::Partial)
    } else if DONE.iter().any(|w| text.contains(w)) {
        Some(Judgement::Achieved)
    } else {
        None
    }
}

fn when_of(c: &regex::Captures) -> Option<When> {
    let year: u16 = c.get(1)?.as_str().parse().ok()?;
    let part_of = |s: &str| match s {
        "初" | "上旬" => Some(Part::Early),
        "上半年" => Some(Part::FirstHalf),
        "下半年" => Some(Part::SecondHalf),
        "底" | "末" | "下旬" => Some(Part::Late),
        _ => None,
    };
    let month: Option<u8> = c.get(3).and_then(|m| m.as_str().parse().ok());
    if month.is_some_and(|m| !(1..=12).contains(&m)) {
        return None;
    }
    let day: Option<u8> = c.get(4).and_then(|m| m.as_str().parse().ok());
    if day.is_some_and(|d| !(1..=31).contains(&d)) {
        return None;
    }
    let part = c
        .get(2)
        .or_else(|| c.get(5))
        .and_then(|m| part_of(m.as_str()));
    Some(When {
        year,
        month,
        day,
        part,
    })
}

/// Reads a target or actual.
pub fn parse(text: &str) -> Parsed {
    let value = value_of(text);
    Parsed {
        text: text.to_string(),
        value,
    }
}

fn value_of(raw: &str) -> Value {
    let norm = normalize_width(raw);
    let t = norm
        .trim()
        .trim_end_matches(['。', '；', ';', '，', ',', '.', ' '])
        .trim();
    if NOT_APPLICABLE.contains(&t) {
        return Value::NotApplicable;
    }
    match t {
        "是" => return Value::Boolean { yes: true },
        "否" => return Value::Boolean { yes: false },
        "定性" => return Value::Qualitative { judgement: None },
        _ => {}
    }
    // Periods and deadlines: `2024年1-6月`, `2024年7月完成`, `2025年初`, `9月30日前`.
    if let Some(c) = PERIOD.captures(t)
        && let (Some(y), Some(a), Some(b)) = (c.get(1), c.get(2), c.get(3))
        && let (Ok(year), Ok(from), Ok(to)) = (
            y.as_str().parse::<u16>(),
            a.as_str().parse::<u8>(),
            b.as_str().parse::<u8>(),
        )
        && (1..=12).contains(&from)
        && (from..=12).contains(&to)
    {
        let w = |m| When {
            year,
            month: Some(m),
            day: None,
            part: None,
        };
        return Value::Period {
            from: w(from),
            to: w(to),
        };
    }
    let dates: Vec<When> = DATE.captures_iter(t).filter_map(|c| when_of(&c)).collect();
    // The numbers that are not part of a date.
    let date_spans: Vec<(usize, usize)> = DATE.find_iter(t).map(|m| (m.start(), m.end())).collect();
    let numbers: Vec<regex::Match> = numbers_in(t)
        .into_iter()
        .filter(|m| {
            !date_spans
                .iter()
                .any(|(a, b)| m.start() >= *a && m.end() <= *b)
        })
        .filter(|m| {
            // `2024年度`: a year, not a quantity
            !t[m.end()..].starts_with('年')
        })
        .collect();
    if let Some(by) = dates.last()
        && numbers.is_empty()
    {
        return Value::Deadline { by: *by };
    }
    let measured: Vec<&regex::Match> = numbers.iter().filter(|m| compared(t, m.start())).collect();
    let single = match (numbers.as_slice(), measured.as_slice()) {
        ([m], _) => Some(m),
        (_, [m]) => Some(*m),
        _ => None,
    };
    match (numbers.len(), single) {
        (0, _) => {}
        (_, Some(m)) => {
            let Ok(value) = m.as_str().parse::<Decimal>() else {
                return Value::Unknown {
                    why: format!("“{}”不是可读的数字", m.as_str()),
                };
            };
            let after = t[m.end()..].trim_start_matches(['+', ' ']);
            let unit = UNIT
                .find(after)
                .map(|u| u.as_str().trim_end_matches('内').to_string())
                .unwrap_or_default();
            return Value::Quantity(Quantity {
                cmp: comparator(t, m.start(), m.end()),
                value,
                unit,
            });
        }
        (_, None) => {
            // Several numbers: a statement of what was done, judged by its words.
            return match judge_text(t) {
                Some(j) => Value::Qualitative { judgement: Some(j) },
                None => Value::Unknown {
                    why: format!("有 {} 个数字，无法判断哪个是指标值", numbers.len()),
                },
            };
        }
    }
    Value::Qualitative {
        judgement: judge_text(t),
    }
}

impl Parsed {
    /// A short description of the value for reports (`≥98%`, `2024年7月前`, `定性：达成`).
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Quantity(q) => format!(
                "{}{}{}",
                if q.cmp == Cmp::Eq { "" } else { q.cmp.sign() },
                q.value,
                q.unit
            ),
            Value::Deadline { by } => format!("{}前", by.label()),
            Value::Period { from, to } => format!("{}至{}", from.label(), to.label()),
            Value::Boolean { yes } => (if *yes { "是" } else { "否" }).to_string(),
            Value::Qualitative { judgement: Some(j) } => format!("定性：{}", j.label()),
            Value::Qualitative { judgement: None } => "定性".to_string(),
            Value::NotApplicable => "不适用".to_string(),
            Value::Unknown { why } => format!("无法识别（{why}）"),
        }
    }
}
