//! A small edit language over a package's JSON form, for rule fixtures and mutation tests:
//!
//! ```text
//! tables.income.rows[2010601].total += 0.01      arithmetic keeps the decimals
//! tables.summary.income.other = 7.20             set (a bare value is a string)
//! tables.gov_fund.rows = [{"code": "212"}]       set JSON
//! delete tables.summary.expenditure[210]         remove an element or a key
//! swap tables.income.rows[#2] tables.income.rows[#3]
//! performance.projects[seq=3].total_score = 94   select by field
//! explanation.remarks."机关运行经费".reason = 无  quoted keys
//! ```
//!
//! `[CODE]` selects the array element whose `code` is CODE, `[#n]` the n-th element,
//! `[key=value]` the element whose `key` is `value`.

use rust_decimal::Decimal;
use serde_json::Value;

use juesuan_model::Package;

#[derive(Debug, Clone, PartialEq)]
enum Sel {
    Key(String),
    Index(usize),
    Field(String, String),
}

fn parse_path(path: &str) -> Result<Vec<Sel>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = path.trim().chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '.' => i += 1,
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '"')
                    .ok_or_else(|| format!("unclosed quote in {path}"))?;
                out.push(Sel::Key(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            '[' => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == ']')
                    .ok_or_else(|| format!("unclosed [ in {path}"))?;
                let inner: String = chars[i + 1..i + end].iter().collect();
                let sel = if let Some(n) = inner.strip_prefix('#') {
                    Sel::Index(n.parse().map_err(|_| format!("bad index {inner}"))?)
                } else if let Some((k, v)) = inner.split_once('=') {
                    Sel::Field(k.trim().to_string(), v.trim().to_string())
                } else {
                    Sel::Field("code".into(), inner.trim().to_string())
                };
                out.push(sel);
                i += end + 1;
            }
            _ => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == '.' || c == '[')
                    .unwrap_or(chars.len() - i);
                out.push(Sel::Key(chars[i..i + end].iter().collect()));
                i += end;
            }
        }
    }
    if out.is_empty() {
        return Err("empty path".into());
    }
    Ok(out)
}

fn matches(v: &Value, key: &str, want: &str) -> bool {
    match v.get(key) {
        Some(Value::String(s)) => s == want,
        Some(Value::Number(n)) => n.as_u64().is_some_and(|x| x.to_string() == want),
        Some(_) => false,
        None => false,
    }
}

/// The place a path names, creating missing object keys when `create`.
fn locate<'a>(root: &'a mut Value, path: &[Sel], create: bool) -> Result<&'a mut Value, String> {
    let mut cur = root;
    for sel in path {
        cur = match sel {
            Sel::Key(k) => {
                if cur.is_null() && create {
                    *cur = Value::Object(Default::default());
                }
                let obj = cur
                    .as_object_mut()
                    .ok_or_else(|| format!("{k}: not an object"))?;
                if create {
                    obj.entry(k.clone()).or_insert(Value::Null)
                } else {
                    obj.get_mut(k).ok_or_else(|| format!("no key {k}"))?
                }
            }
            Sel::Index(n) => cur
                .as_array_mut()
                .and_then(|a| a.get_mut(*n))
                .ok_or_else(|| format!("no element #{n}"))?,
            Sel::Field(k, v) => cur
                .as_array_mut()
                .and_then(|a| a.iter_mut().find(|e| matches(e, k, v)))
                .ok_or_else(|| format!("no element with {k}={v}"))?,
        };
    }
    Ok(cur)
}

fn parse_value(text: &str) -> Result<Value, String> {
    let t = text.trim();
    if t.starts_with(['[', '{', '"']) || matches!(t, "null" | "true" | "false") {
        serde_json::from_str(t).map_err(|e| format!("bad JSON value {t}: {e}"))
    } else {
        Ok(Value::String(t.to_string()))
    }
}

fn decimal_of(v: &Value) -> Result<Decimal, String> {
    match v {
        // an amount kept in the unit it came in (`31214205.80元`) counts in 万元
        Value::String(s) => s
            .parse()
            .ok()
            .or_else(|| {
                juesuan_model::Amount::parse(s, juesuan_model::MoneyUnit::Wan)
                    .ok()
                    .flatten()
                    .map(|a| a.value())
            })
            .ok_or_else(|| format!("{s} is not a number")),
        Value::Number(n) => n
            .to_string()
            .parse()
            .map_err(|_| format!("{n} is not a number")),
        Value::Null => Ok(Decimal::ZERO),
        other => Err(format!("{other} is not a number")),
    }
}

/// Splits `path OP value` at the first `=`, `+=` or `-=` outside brackets and quotes.
fn split_op(edit: &str) -> Option<(&str, &str, &str)> {
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in edit.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth -= 1,
            '=' if !quoted && depth == 0 => {
                let before = &edit[..i];
                return Some(if let Some(p) = before.strip_suffix('+') {
                    (p, "+=", &edit[i + 1..])
                } else if let Some(p) = before.strip_suffix('-') {
                    (p, "-=", &edit[i + 1..])
                } else {
                    (before, "=", &edit[i + 1..])
                });
            }
            _ => {}
        }
    }
    None
}

/// Applies one edit to a JSON value.
pub fn apply_value(root: &mut Value, edit: &str) -> Result<(), String> {
    let edit = edit.trim();
    if let Some(path) = edit.strip_prefix("delete ") {
        let mut p = parse_path(path)?;
        let last = p.pop().ok_or("empty path")?;
        let parent = locate(root, &p, false)?;
        return match last {
            Sel::Key(k) => parent
                .as_object_mut()
                .and_then(|o| o.remove(&k))
                .map(|_| ())
                .ok_or_else(|| format!("no key {k} to delete")),
            Sel::Index(n) => {
                let a = parent.as_array_mut().ok_or("not an array")?;
                if n < a.len() {
                    a.remove(n);
                    Ok(())
                } else {
                    Err(format!("no element #{n}"))
                }
            }
            Sel::Field(k, v) => {
                let a = parent.as_array_mut().ok_or("not an array")?;
                let i = a
                    .iter()
                    .position(|e| matches(e, &k, &v))
                    .ok_or_else(|| format!("no element with {k}={v}"))?;
                a.remove(i);
                Ok(())
            }
        };
    }
    if let Some(rest) = edit.strip_prefix("swap ") {
        let (a, b) = rest.trim().split_once(' ').ok_or("swap needs two paths")?;
        let va = locate(root, &parse_path(a)?, false)?.clone();
        let vb = locate(root, &parse_path(b)?, false)?.clone();
        *locate(root, &parse_path(a)?, false)? = vb;
        *locate(root, &parse_path(b)?, false)? = va;
        return Ok(());
    }
    if let Some((path, op, value)) = split_op(edit) {
        let target = locate(root, &parse_path(path)?, true)?;
        if op == "=" {
            *target = parse_value(value)?;
        } else {
            let cur = decimal_of(target)?;
            let delta: Decimal = value
                .trim()
                .parse()
                .map_err(|_| format!("bad delta {value}"))?;
            let mut r = if op == "+=" { cur + delta } else { cur - delta };
            r.rescale(cur.scale().max(delta.scale()));
            *target = Value::String(r.to_string());
        }
        return Ok(());
    }
    Err(format!("cannot read edit: {edit}"))
}

/// A package with edits applied.
pub fn apply(package: &Package, edits: &[&str]) -> Result<Package, String> {
    let mut v = serde_json::to_value(package).map_err(|e| e.to_string())?;
    for e in edits {
        apply_value(&mut v, e).map_err(|m| format!("{e}: {m}"))?;
    }
    serde_json::from_value(v).map_err(|e| format!("edited package does not read back: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits() {
        let mut v: Value = serde_json::json!({
            "a": {"rows": [{"code": "201", "x": "1.50"}, {"code": "208", "x": "2"}]},
            "r": {"机关运行经费": {"reason": "r"}}
        });
        apply_value(&mut v, "a.rows[201].x += 0.01").unwrap();
        assert_eq!(v["a"]["rows"][0]["x"], "1.51");
        apply_value(&mut v, "a.rows[#1].x -= 1000").unwrap();
        assert_eq!(v["a"]["rows"][1]["x"], "-998");
        apply_value(&mut v, "swap a.rows[#0] a.rows[#1]").unwrap();
        assert_eq!(v["a"]["rows"][0]["code"], "208");
        apply_value(&mut v, "delete a.rows[201]").unwrap();
        assert_eq!(v["a"]["rows"].as_array().unwrap().len(), 1);
        apply_value(&mut v, "r.\"机关运行经费\".reason = 无").unwrap();
        assert_eq!(v["r"]["机关运行经费"]["reason"], "无");
        apply_value(&mut v, "new.deep.key = [1, 2]").unwrap();
        apply_value(&mut v, "a.rows[code=208].x = 7").unwrap();
        assert_eq!(v["a"]["rows"][0]["x"], "7");
        assert_eq!(v["new"]["deep"]["key"][1], 2);
        assert!(apply_value(&mut v, "a.rows[999].x = 1").is_err());
        assert!(apply_value(&mut v, "nonsense").is_err());
    }
}
