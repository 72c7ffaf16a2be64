//! Custom rules: a bureau adds checks in a TOML file without recompiling. Each rule is an
//! expression (the `evalexpr` language, evaluated with decimal numbers, never floats) over
//! named cells, rows and sums of the package; it must be true, else a finding is reported
//! with the same diagnostics as the built-in rules.
//!
//! ```toml
//! [[rule]]
//! code = "U-001"
//! name = "科学技术支出不超过年初预算的110%"
//! severity = "警告"
//! explanation = "本局要求各类支出不超过年初预算的 110%。"
//! expr = "general_budget.206.total <= general_budget.206.initial_budget * 1.1"
//! message = "科学技术支出超过年初预算的110%"
//! ```
//!
//! Names: `summary.income.total`, `summary.class.206`, `income.2010601.total`,
//! `income.合计.total`, `general_budget.206.initial_budget`, `general_budget_basic.30201.amount`,
//! `three_public.actual.reception`, `procurement.sme`, `prior_year.grand_total`,
//! `agency_running_costs`, `project.3.total_score` … (`juesuan audit --names` lists them for a
//! package). In a complete table a blank cell is 0; in a partial table it has no value, and a
//! rule that needs it is skipped. Functions: `sum("income.*.total")` (`*` is one name part),
//! `sum_level("income", "total", "类")`, `approx(a, b, tolerance)`, `abs(x)`.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Add, Div, Mul, Neg, Rem, Sub};
use std::str::FromStr;

use evalexpr::error::EvalexprResultValue;
use evalexpr::{
    Context, EvalexprError, EvalexprFloat, EvalexprNumericTypes, EvalexprResult, Node, Value,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use serde::Deserialize;

use juesuan_model::fields::{CellValue, CodedRecord, Record};
use juesuan_model::tables::{CodedTable, Coverage, TableKind};
use juesuan_model::{Level, Package};

use crate::Ctx;
use crate::finding::{Finding, Location, Severity, Unit};

thread_local! {
    /// Set when an expression divided by zero: the rule is then not applicable.
    static UNDEFINED: Cell<bool> = const { Cell::new(false) };
}

/// A decimal number for expressions. `None` is an undefined result (division by zero).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Dec(pub Option<Decimal>);

fn undefined() -> Dec {
    UNDEFINED.with(|u| u.set(true));
    Dec(None)
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(d) => write!(f, "{d}"),
            None => f.write_str("未定义"),
        }
    }
}

impl FromStr for Dec {
    type Err = rust_decimal::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::from_str_exact(s).map(|d| Dec(Some(d)))
    }
}

fn lift(a: Dec, b: Dec, f: impl Fn(Decimal, Decimal) -> Option<Decimal>) -> Dec {
    match (a.0, b.0) {
        (Some(x), Some(y)) => match f(x, y) {
            Some(r) => Dec(Some(r)),
            None => undefined(),
        },
        _ => Dec(None),
    }
}

impl Add for Dec {
    type Output = Dec;
    fn add(self, o: Dec) -> Dec {
        lift(self, o, |x, y| x.checked_add(y))
    }
}
impl Sub for Dec {
    type Output = Dec;
    fn sub(self, o: Dec) -> Dec {
        lift(self, o, |x, y| x.checked_sub(y))
    }
}
impl Mul for Dec {
    type Output = Dec;
    fn mul(self, o: Dec) -> Dec {
        lift(self, o, |x, y| x.checked_mul(y))
    }
}
impl Div for Dec {
    type Output = Dec;
    fn div(self, o: Dec) -> Dec {
        lift(self, o, |x, y| x.checked_div(y))
    }
}
impl Rem for Dec {
    type Output = Dec;
    fn rem(self, o: Dec) -> Dec {
        lift(self, o, |x, y| x.checked_rem(y))
    }
}
impl Neg for Dec {
    type Output = Dec;
    fn neg(self) -> Dec {
        Dec(self.0.map(|x| -x))
    }
}

impl Dec {
    /// Money never needs transcendental functions; they go through f64 and are documented
    /// as approximate.
    fn approx(&self, f: impl Fn(f64) -> f64) -> Dec {
        self.0
            .and_then(|d| d.to_f64())
            .and_then(|x| Decimal::from_f64(f(x)))
            .map(|d| Dec(Some(d)))
            .unwrap_or_else(undefined)
    }
}

/// The numeric types of custom-rule expressions: i64 integers, [`Dec`] decimals.
#[derive(Debug, Clone, PartialEq)]
pub struct Money;

impl EvalexprNumericTypes for Money {
    type Int = i64;
    type Float = Dec;
    fn int_as_float(int: &i64) -> Dec {
        Dec(Some(Decimal::from(*int)))
    }
    fn float_as_int(float: &Dec) -> i64 {
        float.0.and_then(|d| d.trunc().to_i64()).unwrap_or(0)
    }
}

impl EvalexprFloat<Money> for Dec {
    const MIN: Self = Dec(Some(Decimal::MIN));
    const MAX: Self = Dec(Some(Decimal::MAX));
    fn pow(&self, e: &Self) -> Self {
        let e = e.0.and_then(|d| d.to_f64()).unwrap_or(f64::NAN);
        self.approx(|x| x.powf(e))
    }
    fn ln(&self) -> Self {
        self.approx(f64::ln)
    }
    fn log(&self, base: &Self) -> Self {
        let b = base.0.and_then(|d| d.to_f64()).unwrap_or(f64::NAN);
        self.approx(|x| x.log(b))
    }
    fn log2(&self) -> Self {
        self.approx(f64::log2)
    }
    fn log10(&self) -> Self {
        self.approx(f64::log10)
    }
    fn exp(&self) -> Self {
        self.approx(f64::exp)
    }
    fn exp2(&self) -> Self {
        self.approx(f64::exp2)
    }
    fn cos(&self) -> Self {
        self.approx(f64::cos)
    }
    fn cosh(&self) -> Self {
        self.approx(f64::cosh)
    }
    fn acos(&self) -> Self {
        self.approx(f64::acos)
    }
    fn acosh(&self) -> Self {
        self.approx(f64::acosh)
    }
    fn sin(&self) -> Self {
        self.approx(f64::sin)
    }
    fn sinh(&self) -> Self {
        self.approx(f64::sinh)
    }
    fn asin(&self) -> Self {
        self.approx(f64::asin)
    }
    fn asinh(&self) -> Self {
        self.approx(f64::asinh)
    }
    fn tan(&self) -> Self {
        self.approx(f64::tan)
    }
    fn tanh(&self) -> Self {
        self.approx(f64::tanh)
    }
    fn atan(&self) -> Self {
        self.approx(f64::atan)
    }
    fn atanh(&self) -> Self {
        self.approx(f64::atanh)
    }
    fn atan2(&self, x: &Self) -> Self {
        let x = x.0.and_then(|d| d.to_f64()).unwrap_or(f64::NAN);
        self.approx(|y| y.atan2(x))
    }
    fn sqrt(&self) -> Self {
        self.approx(f64::sqrt)
    }
    fn cbrt(&self) -> Self {
        self.approx(f64::cbrt)
    }
    fn hypot(&self, other: &Self) -> Self {
        let o = other.0.and_then(|d| d.to_f64()).unwrap_or(f64::NAN);
        self.approx(|x| x.hypot(o))
    }
    fn floor(&self) -> Self {
        Dec(self.0.map(|d| d.floor()))
    }
    fn round(&self) -> Self {
        Dec(self.0.map(|d| {
            d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        }))
    }
    fn ceil(&self) -> Self {
        Dec(self.0.map(|d| d.ceil()))
    }
    fn is_nan(&self) -> bool {
        self.0.is_none()
    }
    fn is_finite(&self) -> bool {
        self.0.is_some()
    }
    fn is_infinite(&self) -> bool {
        false
    }
    fn is_normal(&self) -> bool {
        self.0.is_some_and(|d| !d.is_zero())
    }
    fn abs(&self) -> Self {
        Dec(self.0.map(|d| d.abs()))
    }
    fn min(&self, other: &Self) -> Self {
        if self <= other { *self } else { *other }
    }
    fn max(&self, other: &Self) -> Self {
        if self >= other { *self } else { *other }
    }
    fn random() -> EvalexprResult<Self, Money> {
        Err(EvalexprError::RandNotEnabled)
    }
}

/// The named values of a package.
#[derive(Debug, Default)]
pub struct Names {
    values: BTreeMap<String, Value<Money>>,
    /// Coded rows: table key → (code, field key, value), for `sum_level`.
    rows: Vec<(String, juesuan_model::Code, String, Decimal)>,
}

impl Names {
    /// Every name with its value, for `juesuan audit --names`.
    pub fn list(&self) -> Vec<(String, String)> {
        self.values
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect()
    }

    fn put(&mut self, name: String, value: Option<Decimal>) {
        if let Some(v) = value {
            self.values.insert(name, Value::Float(Dec(Some(v))));
        }
    }

    fn record<R: Record>(&mut self, prefix: &str, r: &R, complete: bool) {
        for (i, f) in R::FIELDS.iter().enumerate() {
            let v = match r.get(i) {
                Some(CellValue::Amount(a)) => Some(a.value()),
                Some(CellValue::Count(n)) => Some(Decimal::from(n)),
                Some(CellValue::Number(d)) => Some(d),
                Some(CellValue::Text(_)) => None,
                None if complete && matches!(f.kind, juesuan_model::CellKind::Amount) => {
                    Some(Decimal::ZERO)
                }
                None => None,
            };
            self.put(format!("{prefix}.{}", f.key), v);
        }
    }

    fn coded<R: CodedRecord, T: Record>(&mut self, key: &str, t: &Option<CodedTable<R, T>>) {
        let Some(t) = t else { return };
        let complete = t.coverage == Coverage::Complete;
        if !t.total.is_blank() {
            self.record(&format!("{key}.合计"), &t.total, complete);
        }
        for r in &t.rows {
            self.record(&format!("{key}.{}", r.code()), r, complete);
            for (i, f) in R::FIELDS.iter().enumerate() {
                let v = match r.get(i) {
                    Some(CellValue::Amount(a)) => a.value(),
                    None if complete => Decimal::ZERO,
                    _ => continue,
                };
                self.rows
                    .push((key.to_string(), r.code(), f.key.to_string(), v));
            }
        }
    }

    /// The names of a package.
    pub fn of(p: &Package) -> Names {
        let mut n = Names::default();
        let t = &p.tables;
        let complete = |k| t.coverage(k) == Some(Coverage::Complete);
        if let Some(s) = &t.summary {
            n.record("summary.income", &s.income, complete(TableKind::Summary));
            n.record(
                "summary.expenditure",
                &s.expenditure_totals,
                complete(TableKind::Summary),
            );
            for l in &s.expenditure {
                n.put(
                    format!("summary.class.{}", l.code),
                    l.amount.map(|a| a.value()),
                );
            }
        }
        n.coded("income", &t.income);
        n.coded("expenditure", &t.expenditure);
        if let Some(a) = &t.appropriation_summary {
            let c = complete(TableKind::AppropriationSummary);
            n.record("appropriation_summary.income", &a.income, c);
            for r in &a.expenditure {
                n.record(&format!("appropriation_summary.{}", r.code), r, c);
            }
            n.record(
                "appropriation_summary.expenditure_total",
                &a.expenditure_total,
                c,
            );
            n.record(
                "appropriation_summary.closing_carryover",
                &a.closing_carryover,
                c,
            );
            n.record("appropriation_summary.grand_total", &a.grand_total, c);
        }
        n.coded("general_budget", &t.general_budget);
        n.coded("general_budget_basic", &t.general_budget_basic);
        n.coded("gov_fund", &t.gov_fund);
        n.coded("gov_fund_basic", &t.gov_fund_basic);
        n.coded("state_capital", &t.state_capital);
        if let Some(x) = &t.three_public {
            let c = complete(TableKind::ThreePublic);
            n.record("three_public.budget", &x.budget, c);
            n.record("three_public.actual", &x.actual, c);
            n.record("three_public.details", &x.details, false);
        }
        if let Some(x) = &t.procurement {
            n.record("procurement", &x.figures, complete(TableKind::Procurement));
        }
        if let Some(x) = &t.purchased_services {
            n.put(
                "purchased_services.total".into(),
                x.total.map(|a| a.value()),
            );
        }
        n.record("prior_year", &p.prior_year, false);
        n.put(
            "agency_running_costs".into(),
            p.agency_running_costs.map(|a| a.value()),
        );
        if let Some(a) = &p.assets {
            n.record("assets", a, false);
        }
        for pr in &p.performance.projects {
            let pre = format!("project.{}", pr.seq);
            let f = &pr.funds.total;
            n.put(
                format!("{pre}.budget"),
                f.full_year_budget.as_ref().and_then(|x| x.number()),
            );
            n.put(
                format!("{pre}.executed"),
                f.executed.as_ref().and_then(|x| x.number()),
            );
            n.put(
                format!("{pre}.execution_score"),
                f.score.as_ref().and_then(|x| x.number()),
            );
            n.put(
                format!("{pre}.total_score"),
                pr.total_score.as_ref().and_then(|x| x.number()),
            );
            n.put(
                format!("{pre}.total_weight"),
                pr.total_weight.as_ref().and_then(|x| x.number()),
            );
        }
        if let Some(d) = &p.performance.department {
            n.put(
                "department.score".into(),
                d.score.as_ref().and_then(|x| x.number()),
            );
        }
        n
    }

    fn glob_sum(&self, pattern: &str) -> Decimal {
        let pat: Vec<&str> = pattern.split('.').collect();
        self.values
            .iter()
            .filter(|(k, _)| {
                let parts: Vec<&str> = k.split('.').collect();
                parts.len() == pat.len()
                    && parts
                        .iter()
                        .zip(&pat)
                        .all(|(a, b)| *b == "*" && *a != "合计" || a == b)
            })
            .filter_map(|(_, v)| match v {
                Value::Float(Dec(Some(d))) => Some(*d),
                _ => None,
            })
            .sum()
    }
}

struct Env<'a> {
    names: &'a Names,
}

fn dec_arg(v: &Value<Money>) -> EvalexprResult<Decimal, Money> {
    match v {
        Value::Float(Dec(Some(d))) => Ok(*d),
        Value::Float(Dec(None)) => Ok(undefined().0.unwrap_or_default()),
        Value::Int(i) => Ok(Decimal::from(*i)),
        other => Err(EvalexprError::expected_number(other.clone())),
    }
}

fn args(v: &Value<Money>) -> Vec<Value<Money>> {
    match v {
        Value::Tuple(t) => t.clone(),
        other => vec![other.clone()],
    }
}

impl Context for Env<'_> {
    type NumericTypes = Money;

    fn get_value(&self, identifier: &str) -> Option<&Value<Money>> {
        self.names.values.get(identifier)
    }

    fn call_function(
        &self,
        identifier: &str,
        argument: &Value<Money>,
    ) -> EvalexprResultValue<Money> {
        let a = args(argument);
        let num = |d: Decimal| Ok(Value::Float(Dec(Some(d))));
        match identifier {
            "sum" => {
                let pattern = a
                    .first()
                    .map(|v| v.as_string())
                    .transpose()?
                    .unwrap_or_default();
                num(self.names.glob_sum(&pattern))
            }
            "sum_level" => {
                let s = |i: usize| {
                    a.get(i)
                        .map(|v| v.as_string())
                        .transpose()
                        .map(|x| x.unwrap_or_default())
                };
                let (table, field, level) = (s(0)?, s(1)?, s(2)?);
                let want = match level.as_str() {
                    "类" => Level::Class,
                    "款" => Level::Section,
                    _ => Level::Item,
                };
                num(self
                    .names
                    .rows
                    .iter()
                    .filter(|(t, c, f, _)| *t == table && *f == field && c.level() == want)
                    .map(|(.., v)| *v)
                    .sum())
            }
            "approx" => {
                if a.len() != 3 {
                    return Err(EvalexprError::wrong_function_argument_amount(a.len(), 3));
                }
                let (x, y, tol) = (dec_arg(&a[0])?, dec_arg(&a[1])?, dec_arg(&a[2])?);
                Ok(Value::Boolean((x - y).abs() <= tol))
            }
            "abs" => num(dec_arg(a.first().unwrap_or(&Value::Empty))?.abs()),
            other => Err(EvalexprError::FunctionIdentifierNotFound(other.to_string())),
        }
    }

    fn are_builtin_functions_disabled(&self) -> bool {
        false
    }

    fn set_builtin_functions_disabled(&mut self, _: bool) -> EvalexprResult<(), Money> {
        Err(EvalexprError::BuiltinFunctionsCannotBeDisabled)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    code: String,
    name: String,
    #[serde(default = "warning")]
    severity: String,
    #[serde(default)]
    explanation: String,
    expr: String,
    #[serde(default)]
    message: Option<String>,
}

fn warning() -> String {
    "警告".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

/// A compiled custom rule.
#[derive(Debug)]
pub struct CustomRule {
    /// Code (must not clash with a built-in code).
    pub code: String,
    /// Name.
    pub name: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// Explanation shown by `juesuan rule`.
    pub explanation: String,
    /// The expression as written.
    pub expr: String,
    message: Option<String>,
    tree: Node<Money>,
}

/// The expression language's errors in Chinese (the rare ones keep evalexpr's English).
fn chinese(e: &EvalexprError<Money>) -> String {
    use EvalexprError as E;
    match e {
        E::UnmatchedLBrace => "左括号“(”没有配对的右括号".into(),
        E::UnmatchedRBrace => "右括号“)”没有配对的左括号".into(),
        E::UnmatchedDoubleQuote => "引号没有闭合".into(),
        E::MissingOperatorOutsideOfBrace => "括号外缺少运算符".into(),
        E::AppendedToLeafNode | E::PrecedenceViolation | E::UnmatchedPartialToken { .. } => {
            "运算符或操作数缺失、写法不对".into()
        }
        E::WrongOperatorArgumentAmount { expected, actual } => {
            format!("运算符需要 {expected} 个操作数，实际 {actual} 个")
        }
        E::WrongFunctionArgumentAmount { expected, actual } => format!(
            "函数需要 {}–{} 个参数，实际 {actual} 个",
            expected.start(),
            expected.end()
        ),
        E::VariableIdentifierNotFound(n) => {
            format!("没有名为“{n}”的数（用 juesuan audit 数据包 --names 查看可用的名字）")
        }
        E::FunctionIdentifierNotFound(n) => {
            format!("没有名为“{n}”的函数（可用 sum、sum_level、approx、abs 等）")
        }
        E::ExpectedNumber { actual } | E::ExpectedFloat { actual } | E::ExpectedInt { actual } => {
            format!("应为数字，实际是“{actual}”")
        }
        E::ExpectedBoolean { actual } => format!("结果应为真或假，实际是“{actual}”"),
        E::ExpectedString { actual } => format!("应为文字，实际是“{actual}”"),
        E::DivisionError { .. } => "除法无法计算（除数为零或溢出）".into(),
        E::AdditionError { .. } | E::SubtractionError { .. } | E::MultiplicationError { .. } => {
            "计算溢出".into()
        }
        E::TypeError { actual, .. } | E::ExpectedTuple { actual } => {
            format!("类型不对：“{actual}”")
        }
        E::WrongTypeCombination { operator, .. } => format!("运算符 {operator} 的两边类型不匹配"),
        E::CustomMessage(m) => m.clone(),
        other => format!("表达式错误（{other}）"),
    }
}

/// Reads a rules file. Errors are Chinese and name the rule or the line.
pub fn load_rules(text: &str) -> Result<Vec<CustomRule>, String> {
    let file: RulesFile = toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .map(|l| format!("第{l}行："))
            .unwrap_or_default();
        format!(
            "{at}{}",
            juesuan_model::messages::chinese_serde_message(e.message(), true)
        )
    })?;
    let mut out: Vec<CustomRule> = Vec::new();
    for spec in file.rule {
        if crate::rules::rule(&spec.code).is_some() || out.iter().any(|r| r.code == spec.code) {
            return Err(format!("规则代码“{}”与已有规则重复", spec.code));
        }
        let severity: Severity = spec
            .severity
            .parse()
            .map_err(|e| format!("规则 {}：{e}", spec.code))?;
        let tree = evalexpr::build_operator_tree::<Money>(&spec.expr).map_err(|e| {
            format!(
                "规则 {} 的表达式“{}”无法解析：{}",
                spec.code,
                spec.expr,
                chinese(&e)
            )
        })?;
        out.push(CustomRule {
            code: spec.code,
            name: spec.name,
            severity,
            explanation: spec.explanation,
            expr: spec.expr,
            message: spec.message,
            tree,
        });
    }
    Ok(out)
}

impl CustomRule {
    /// Evaluates the rule; `false` when it could not be evaluated for lack of data.
    pub fn check(&self, names: &Names, _ctx: &Ctx, out: &mut Vec<Finding>) -> bool {
        UNDEFINED.with(|u| u.set(false));
        let env = Env { names };
        let result = self.tree.eval_boolean_with_context(&env);
        if UNDEFINED.with(|u| u.get()) {
            return false;
        }
        let ok = match result {
            Ok(b) => b,
            Err(EvalexprError::VariableIdentifierNotFound(_)) => return false,
            Err(e) => {
                out.push(
                    Finding::new(
                        self.code.clone(),
                        Severity::Warning,
                        Location::part("自定义规则").row(&self.name),
                        format!("自定义规则无法计算：{}", chinese(&e)),
                    )
                    .relation(self.expr.clone())
                    .hint("检查规则文件中的表达式"),
                );
                return true;
            }
        };
        if !ok {
            let mut f = Finding::new(
                self.code.clone(),
                self.severity,
                Location::part("自定义规则").row(&self.name),
                self.message.clone().unwrap_or_else(|| self.name.clone()),
            )
            .relation(self.expr.clone());
            for id in self.tree.iter_variable_identifiers() {
                match names.values.get(id) {
                    Some(Value::Float(Dec(Some(d)))) => f = f.number(id, *d, Unit::None),
                    Some(v) => f = f.text(id, v.to_string()),
                    None => {}
                }
            }
            out.push(f);
        }
        true
    }
}
