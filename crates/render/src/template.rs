//! Profiles as template files. A profile's `document.j2` (minijinja) writes the whole
//! disclosure as light markup from the [`Context`]; helpers do the wording that every
//! region shares (amounts, changes, shares, omissions, gaps):
//!
//! | helper | result |
//! |---|---|
//! | `amt(fig)` | `14864.9`; an unknown figure gives `【缺数据：标签】` |
//! | `cmp(cur, base)` | `.dir` 增加/减少/持平, `.rate` 增长/下降, `.rel` 大于/小于/等于, `.diff`, `.pct` (none when the base is 0), `.equal`, `.known` |
//! | `share(part, whole)` | `13.45` (profile's percent style) |
//! | `reason(subject)` / `usage(subject)` | the human input, or `【待填写：主要原因】` / `【待填写：主要用途】` |
//! | `text(key, what)` | a free text block, or `【待填写：what】` |
//! | `value(x, label)` | a count or text, or `【缺数据：label】` |
//! | `text \| lines` | the non-empty lines of a text block |
//! | `text \| clause` | typed text without its closing punctuation (the template adds it) |
//! | `items \| listed` | the figures the profile lists (zero items kept or omitted) |
//! | `fig is nonzero` / `is zero` / `is known` | tests |
//! | `cn(n)` | `十一` |
//!
//! Markup: a line starting with `#`…`####` is a heading; `::contents`, `::page [landscape]`,
//! `::table KEY`, `::tables`, `::members`, `::chart KIND CAPTION`, `::projects`, `::targets`
//! (a budget's 项目支出绩效目标表) and `::plain TEXT` are
//! directives; other lines are text, consecutive lines joining into one paragraph and a
//! blank line ending it. The cover page comes first: `::cover TITLE` (the document's title
//! when empty), then any `::cover-line TEXT` (`编制单位：…`; left out when empty) and
//! `::cover-date TEXT` (the context's `date`: the caller's, else the year after the year
//! reported on).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use juesuan_model::{Package, Profile};
use minijinja::value::{Enumerator, Object, Value};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use rust_decimal::Decimal;

use crate::context::Context;
use crate::doc::{GAP_CLOSE, MISSING_OPEN, PENDING_OPEN};
use crate::format::{chinese_number, percent, ratio_percent, text_amount_fixed};

/// The template of a built-in profile.
pub fn builtin(profile_id: &str) -> Option<&'static str> {
    match profile_id {
        "beijing" => Some(include_str!("../../../profiles/beijing/document.j2")),
        "shanghai" => Some(include_str!("../../../profiles/shanghai/document.j2")),
        "beijing-budget" => Some(include_str!("../../../profiles/beijing-budget/document.j2")),
        "shanghai-budget" => Some(include_str!(
            "../../../profiles/shanghai-budget/document.j2"
        )),
        _ => None,
    }
}

fn missing(label: &str) -> String {
    format!("{MISSING_OPEN}{label}{GAP_CLOSE}")
}

fn pending(what: &str) -> String {
    format!("{PENDING_OPEN}{what}{GAP_CLOSE}")
}

/// A figure argument: a `Fig` map, a decimal string, a number or nothing.
/// `Ok(Some)` is the value, `Err(label)` names what is unknown.
fn decimal(v: &Value) -> Result<Decimal, String> {
    if v.is_undefined() || v.is_none() {
        return Err("数据".to_string());
    }
    if let Some(s) = v.as_str() {
        return s.parse().map_err(|_| s.to_string());
    }
    if let Ok(inner) = v.get_attr("v")
        && !inner.is_undefined()
    {
        let label = v
            .get_attr("label")
            .ok()
            .and_then(|l| l.as_str().map(str::to_string))
            .unwrap_or_else(|| "数据".to_string());
        return match inner.as_str() {
            Some(s) => s.parse().map_err(|_| label),
            None => Err(label),
        };
    }
    // whole numbers from the template itself (`0`)
    v.to_string().parse().map_err(|_| v.to_string())
}

fn label_of(v: &Value) -> String {
    v.get_attr("label")
        .ok()
        .and_then(|l| l.as_str().map(str::to_string))
        .unwrap_or_default()
}

struct Settings {
    /// What the template used of the human inputs: `reason:SUBJECT`, `usage:SUBJECT`,
    /// `text:KEY`, `three_public_details.KEY`…
    used: Arc<Mutex<BTreeSet<String>>>,
    percent_fixed: bool,
    text_decimals: u32,
    list_zero: bool,
    reasons: BTreeMap<String, (Option<String>, Option<String>)>,
    texts: BTreeMap<String, String>,
}

fn trim_end_punct(s: &str) -> &str {
    s.trim().trim_end_matches(['。', '；', ';', '.', '，', ','])
}

/// What officers type before a reason, which the sentence already says
/// (`主要原因：{reason}`): longest first.
const REASON_LEADS: &[&str] = &[
    "主要原因是",
    "主要原因为",
    "主要原因",
    "原因是",
    "原因为",
    "主要是由于",
    "主要是因为",
    "主要由于",
    "主要因为",
    "主要是",
];

/// What officers type before a use (`主要用于：{usage}`).
const USAGE_LEADS: &[&str] = &["主要用于", "主要用途是", "主要用途为", "主要用途", "用于"];

/// Typed text as the clause a sentence embeds: without a lead the sentence already says
/// (`主要是…`, `主要原因：…`), the colon after it, and closing punctuation.
fn clause<'a>(s: &'a str, leads: &[&str]) -> &'a str {
    let mut t = s.trim();
    if let Some(rest) = leads.iter().find_map(|l| t.strip_prefix(l)) {
        t = rest.trim_start_matches(['：', ':', '，', ',', ' ', '\u{3000}']);
    }
    trim_end_punct(t)
}

/// A typed reason as `reason()` writes it; empty when there is none.
pub fn reason_clause(s: &str) -> &str {
    clause(s, REASON_LEADS)
}

/// A typed use as `usage()` writes it; empty when there is none.
pub fn usage_clause(s: &str) -> &str {
    clause(s, USAGE_LEADS)
}

/// Makes typed text inert in the markup: a line of it that would read as a heading (`#`),
/// a directive (`::`) or an escape (`\\`) is prefixed with `\\`, which the markup parser
/// strips, keeping the line as text.
pub fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = |line: &str| {
        let t = line.trim_start();
        t.starts_with('#') || t.starts_with("::") || t.starts_with('\\')
    };
    if !s.lines().any(risky) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if risky(line) {
            let indent = line.len() - line.trim_start().len();
            out.push_str(&line[..indent]);
            out.push('\\');
            out.push_str(&line[indent..]);
        } else {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn environment(settings: Arc<Settings>) -> Environment<'static> {
    let mut env = Environment::new();
    // every value printed by `{{ }}` is made inert, so a unit's text cannot act as markup
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(s) => out
            .write_str(&inert(s))
            .map_err(|_| Error::new(ErrorKind::WriteFailure, "写出失败")),
        None => minijinja::escape_formatter(out, state, value),
    });
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    let s = settings.clone();
    env.add_function("amt", move |v: Value| -> String {
        match decimal(&v) {
            Ok(d) => text_amount_fixed(d, s.text_decimals),
            Err(label) => missing(&label),
        }
    });
    let s = settings.clone();
    env.add_function("share", move |part: Value, whole: Value| -> String {
        match (decimal(&part), decimal(&whole)) {
            (Ok(p), Ok(w)) => match ratio_percent(p, w) {
                Some(r) => percent(r, s.percent_fixed),
                // 0 of 0 is 0%; a share of nothing cannot be stated
                None if p.is_zero() => percent(Decimal::ZERO, s.percent_fixed),
                None => missing(&format!("{}为0，无法计算比例", label_of(&whole))),
            },
            (Err(l), _) | (_, Err(l)) => missing(&l),
        }
    });
    let s = settings.clone();
    env.add_function("cmp", move |cur: Value, base: Value| -> Value {
        let fixed = s.percent_fixed;
        match (decimal(&cur), decimal(&base)) {
            (Ok(c), Ok(b)) => {
                let diff = c - b;
                let (dir, rate, rel) = if diff.is_zero() {
                    ("持平", "持平", "等于")
                } else if diff > Decimal::ZERO {
                    ("增加", "增长", "大于")
                } else {
                    ("减少", "下降", "小于")
                };
                let pct = ratio_percent(diff.abs(), b.abs()).map(|p| percent(p, fixed));
                Value::from_serialize(BTreeMap::from([
                    ("known", Value::from(true)),
                    ("equal", Value::from(diff.is_zero())),
                    ("dir", Value::from(dir)),
                    ("rate", Value::from(rate)),
                    ("rel", Value::from(rel)),
                    (
                        "diff",
                        Value::from(text_amount_fixed(diff.abs(), s.text_decimals)),
                    ),
                    ("pct", pct.map(Value::from).unwrap_or(Value::from(()))),
                ]))
            }
            (Err(l), _) | (_, Err(l)) => {
                let gap = missing(&l);
                Value::from_serialize(BTreeMap::from([
                    ("known", Value::from(false)),
                    ("equal", Value::from(false)),
                    ("dir", Value::from(gap.clone())),
                    ("rate", Value::from(gap.clone())),
                    ("rel", Value::from(gap.clone())),
                    ("diff", Value::from(gap.clone())),
                    ("pct", Value::from(gap)),
                ]))
            }
        }
    });
    let s = settings.clone();
    env.add_function("reason", move |subject: String| -> String {
        s.mark(format!("reason:{subject}"));
        match s.reasons.get(&subject).and_then(|r| r.0.as_deref()) {
            Some(r) if !reason_clause(r).is_empty() => reason_clause(r).to_string(),
            _ => pending("主要原因"),
        }
    });
    let s = settings.clone();
    env.add_function("has_reason", move |subject: String| -> bool {
        s.reasons
            .get(&subject)
            .and_then(|r| r.0.as_deref())
            .is_some_and(|r| !reason_clause(r).is_empty())
    });
    let s = settings.clone();
    env.add_function("has_usage", move |subject: String| -> bool {
        s.reasons
            .get(&subject)
            .and_then(|r| r.1.as_deref())
            .is_some_and(|u| !usage_clause(u).is_empty())
    });
    let s = settings.clone();
    env.add_test("explained", move |line: Value| -> bool {
        let subject = line
            .get_attr("subject")
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        s.reasons.get(&subject).is_some_and(|(r, u)| {
            r.as_deref().is_some_and(|r| !reason_clause(r).is_empty())
                || u.as_deref().is_some_and(|u| !usage_clause(u).is_empty())
        })
    });
    let s = settings.clone();
    env.add_function("usage", move |subject: String| -> String {
        s.mark(format!("usage:{subject}"));
        match s.reasons.get(&subject).and_then(|r| r.1.as_deref()) {
            Some(u) if !usage_clause(u).is_empty() => usage_clause(u).to_string(),
            _ => pending("主要用途"),
        }
    });
    let s = settings.clone();
    env.add_function("text", move |key: String, what: Option<String>| -> String {
        s.mark(format!("text:{key}"));
        match s.texts.get(&key) {
            Some(t) if !t.trim().is_empty() => t.trim().to_string(),
            _ => pending(what.as_deref().unwrap_or(&key)),
        }
    });
    env.add_function("value", |v: Value, label: String| -> String {
        if v.is_undefined() || v.is_none() {
            missing(&label)
        } else {
            v.to_string()
        }
    });
    env.add_function("cn", |n: usize| chinese_number(n));
    let s = settings.clone();
    env.add_filter("listed", move |items: Vec<Value>| -> Vec<Value> {
        items
            .into_iter()
            .filter(|v| s.list_zero || !decimal(v).is_ok_and(|d| d.is_zero()))
            .collect()
    });
    env.add_filter("label", |v: Value| label_of(&v));
    env.add_filter("clause", |s: String| trim_end_punct(&s).to_string());
    env.add_filter("lines", |s: String| -> Vec<String> {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    });
    env.add_test("nonzero", |v: Value| {
        decimal(&v).is_ok_and(|d| !d.is_zero())
    });
    env.add_test("zero", |v: Value| decimal(&v).is_ok_and(|d| d.is_zero()));
    env.add_test("known", |v: Value| decimal(&v).is_ok());
    env
}

/// A template could not be rendered.
#[derive(Debug, Clone, thiserror::Error)]
#[error("文档模板“{name}”有误：{message}")]
pub struct TemplateError {
    /// Template name.
    pub name: String,
    /// What is wrong, with the line.
    pub message: String,
}

impl Settings {
    fn mark(&self, what: String) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(what);
        }
    }
}

/// A map of human inputs the template reads: each key read is recorded as `NAME.KEY`, so
/// that what the profile's document does not print can be reported.
#[derive(Debug)]
struct Tracked {
    name: &'static str,
    map: BTreeMap<&'static str, String>,
    used: Arc<Mutex<BTreeSet<String>>>,
}

impl Object for Tracked {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let k = key.as_str()?;
        let v = self.map.get(k)?;
        if let Ok(mut used) = self.used.lock() {
            used.insert(format!("{}.{k}", self.name));
        }
        Some(Value::from(v.clone()))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let keys: Vec<Value> = self.map.keys().map(|k| Value::from(*k)).collect();
        Enumerator::Values(keys)
    }
}

/// Markup and what the template used of the human inputs (see [`Settings::used`]).
pub struct Rendered {
    /// The light markup.
    pub markup: String,
    /// The inputs read: `reason:SUBJECT`, `usage:SUBJECT`, `text:KEY`, `MAP.KEY`.
    pub used: BTreeSet<String>,
}

/// Renders a template to markup.
pub fn render_markup(
    name: &str,
    source: &str,
    pkg: &Package,
    profile: &Profile,
    ctx: &Context,
) -> Result<Rendered, TemplateError> {
    let used = Arc::new(Mutex::new(BTreeSet::new()));
    let settings = Arc::new(Settings {
        used: used.clone(),
        percent_fixed: profile.percent_fixed_decimals,
        text_decimals: profile.text_decimals,
        list_zero: profile.list_zero_items,
        reasons: pkg
            .explanation
            .remarks
            .iter()
            .map(|(k, r)| (k.to_string(), (r.reason.clone(), r.usage.clone())))
            .collect(),
        texts: pkg.explanation.texts.clone(),
    });
    let env = environment(settings);
    let err = |e: Error| TemplateError {
        name: name.to_string(),
        message: describe(&e),
    };
    let tracked = |name: &'static str, map: &BTreeMap<&'static str, String>| {
        Value::from_object(Tracked {
            name,
            map: map.clone(),
            used: used.clone(),
        })
    };
    let root = minijinja::context! {
        three_public_details => tracked("three_public_details", &ctx.three_public_details),
        assets => tracked("assets", &ctx.assets),
        management => tracked("management", &ctx.management),
        ..Value::from_serialize(ctx)
    };
    let tmpl = env.template_from_named_str(name, source).map_err(err)?;
    let markup = tmpl.render(root).map_err(err)?;
    let used = used.lock().map(|u| u.clone()).unwrap_or_default();
    Ok(Rendered { markup, used })
}

fn describe(e: &Error) -> String {
    let what = match e.kind() {
        ErrorKind::SyntaxError => "语法错误",
        ErrorKind::UndefinedError => "使用了不存在的名称",
        ErrorKind::UnknownFunction => "未知的函数",
        ErrorKind::UnknownFilter => "未知的过滤器",
        ErrorKind::UnknownTest => "未知的测试",
        ErrorKind::MissingArgument | ErrorKind::TooManyArguments => "参数个数不对",
        ErrorKind::InvalidOperation | ErrorKind::BadSerialization => "操作无效",
        _ => "渲染失败",
    };
    let line = e.line().map(|l| format!("第{l}行")).unwrap_or_default();
    let detail = e.detail().unwrap_or_default();
    format!("{line}{what}（{detail}）")
}

#[cfg(test)]
mod tests {
    use super::*;
    use juesuan_model::Catalog;

    fn render(src: &str, pkg: &Package) -> Result<String, TemplateError> {
        let profile = pkg.profile().unwrap();
        let ctx = Context::new(pkg, profile, Catalog::builtin());
        render_markup("t", src, pkg, profile, &ctx).map(|r| r.markup)
    }

    #[test]
    fn helpers_word_changes_and_gaps() {
        let mut pkg = Package::new("某单位", 2024, "beijing");
        let out = render(
            "{% set c = cmp('14864.9', '18787.37') %}{{ c.dir }}{{ c.diff }}，{{ c.rate }}{{ c.pct }}%|\
             {{ share('1999.73', '14864.9') }}|{{ amt(f.grand_total) }}|{{ reason('收入支出总计') }}|\
             {{ cmp('1', '0').pct is none }}|{{ cmp('5', '5').dir }}",
            &pkg,
        )
        .unwrap();
        assert_eq!(
            out,
            "减少3922.47，下降20.88%|13.45|【缺数据：收入支出总计】|【待填写：主要原因】|True|持平"
        );
        pkg.explanation.remarks.insert(
            juesuan_model::Subject::GrandTotal,
            juesuan_model::Remark {
                reason: Some("减少项目支出。".into()),
                ..Default::default()
            },
        );
        assert_eq!(
            render("{{ reason('收入支出总计') }}", &pkg).unwrap(),
            "减少项目支出"
        );
        // a share of a zero whole is not stated as 0%
        assert_eq!(render("{{ share('0', '0') }}", &pkg).unwrap(), "0");
        assert!(
            render("{{ share('0.5', '0') }}", &pkg)
                .unwrap()
                .contains("无法计算比例")
        );
        assert_eq!(render("{{ '工作。' | clause }}", &pkg).unwrap(), "工作");
        let e = render("{{ nosuch(1) }}", &pkg).unwrap_err();
        assert!(e.to_string().contains("第1行未知的函数"), "{e}");
        let e = render("{{ f.nosuch.v }}", &pkg).unwrap_err();
        assert!(e.to_string().contains("不存在的名称"), "{e}");
    }

    #[test]
    fn typed_text_cannot_act_as_markup() {
        assert_eq!(inert("普通文字"), "普通文字");
        assert_eq!(
            inert("# 标题\n  ::table x\n正文"),
            "\\# 标题\n  \\::table x\n正文"
        );
        let mut pkg = Package::new("某单位", 2024, "beijing");
        pkg.explanation
            .texts
            .insert("机构设置".into(), "# 不是标题\n::tables".into());
        let out = render("{{ text('机构设置') }}", &pkg).unwrap();
        assert_eq!(out, "\\# 不是标题\n\\::tables");
    }

    #[test]
    fn percent_style_and_lists_follow_the_profile() {
        let mut pkg = Package::new("某单位", 2024, "shanghai");
        let src = "{{ cmp('2940.05', '3003.19').pct }}|{{ income_sources | listed | length }}";
        pkg.tables = juesuan_model::Tables::blank(&[juesuan_model::TableKind::Summary]);
        if let Some(s) = pkg.tables.summary.as_mut() {
            s.coverage = juesuan_model::Coverage::Complete;
        }
        assert_eq!(render(src, &pkg).unwrap(), "2.10|0");
        pkg.unit.profile = "beijing".into();
        assert_eq!(render(src, &pkg).unwrap(), "2.1|6");
    }
}
