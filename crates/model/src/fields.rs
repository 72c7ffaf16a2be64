//! Records: structs of optional typed fields with Chinese labels, described by a static
//! field list so that readers and writers (TOML, JSON, spreadsheets) handle every table and
//! data block the same way.
//!
//! A field that is `None` was not stated. Whether "not stated" means zero or unknown is
//! decided by the table's [`Coverage`](crate::tables::Coverage).

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::amount::{Amount, MoneyUnit};
use crate::text::normalize_width;

/// The kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Money in 万元.
    Amount,
    /// A whole number: vehicles, projects, persons.
    Count,
    /// Free text.
    Text,
    /// A figure kept exactly as printed (performance tables).
    Figure,
    /// A plain decimal number that is not money: a score, a percentage.
    Number,
}

/// One field of a record: its key in TOML/JSON and the label printed in the tables.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    /// Key in TOML/JSON.
    pub key: &'static str,
    /// Label in spreadsheets and messages.
    pub label: &'static str,
    /// Other labels accepted when reading.
    pub aliases: &'static [&'static str],
    /// Value kind.
    pub kind: CellKind,
}

impl FieldDef {
    /// True when `label` (already compacted) names this field.
    pub fn matches(&self, compact_label: &str) -> bool {
        crate::text::compact_eq(self.label, compact_label)
            || self
                .aliases
                .iter()
                .any(|a| crate::text::compact_eq(a, compact_label))
    }
}

/// A value read from or written to a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Money.
    Amount(Amount),
    /// A whole number.
    Count(u32),
    /// Text, or a figure as printed.
    Text(String),
    /// A decimal number.
    Number(Decimal),
}

impl fmt::Display for CellValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellValue::Amount(a) => write!(f, "{a}"),
            CellValue::Count(n) => write!(f, "{n}"),
            CellValue::Text(s) => f.write_str(s),
            CellValue::Number(d) => write!(f, "{d}"),
        }
    }
}

/// A type that can sit in a record field.
pub trait Cell: Sized {
    /// The kind, for writers.
    const KIND: CellKind;
    /// Parses text; `Ok(None)` is a blank. Errors are Chinese.
    fn from_text(text: &str, unit: MoneyUnit) -> Result<Option<Self>, String>;
    /// The value to write.
    fn to_value(&self) -> CellValue;
}

impl Cell for Amount {
    const KIND: CellKind = CellKind::Amount;
    fn from_text(text: &str, unit: MoneyUnit) -> Result<Option<Self>, String> {
        Amount::parse(text, unit).map_err(|e| e.to_string())
    }
    fn to_value(&self) -> CellValue {
        CellValue::Amount(*self)
    }
}

/// The text without spaces and with full-width forms folded; `None` for a blank marker.
fn non_blank(text: &str) -> Option<String> {
    let t: String = normalize_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (!crate::amount::is_blank_marker(&t)).then_some(t)
}

impl Cell for u32 {
    const KIND: CellKind = CellKind::Count;
    fn from_text(text: &str, _: MoneyUnit) -> Result<Option<Self>, String> {
        let Some(t) = non_blank(text) else {
            return Ok(None);
        };
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        // `3.00` from a cell formatted with decimals is still 3
        let after = &t[digits.len()..];
        let rest = match after.strip_prefix('.') {
            Some(frac) => frac.trim_start_matches('0'),
            None => after,
        };
        let unit_ok = rest.is_empty()
            || [
                "个",
                "辆",
                "台",
                "台（套）",
                "台(套)",
                "套",
                "人",
                "人次",
                "批次",
                "次",
                "项",
            ]
            .contains(&rest);
        if digits.is_empty() || !unit_ok {
            return Err(format!("“{}”不是整数（应为如 3 或 3辆）", text.trim()));
        }
        digits
            .parse()
            .map(Some)
            .map_err(|_| format!("“{}”超出可处理的范围", text.trim()))
    }
    fn to_value(&self) -> CellValue {
        CellValue::Count(*self)
    }
}

impl Cell for String {
    const KIND: CellKind = CellKind::Text;
    fn from_text(text: &str, _: MoneyUnit) -> Result<Option<Self>, String> {
        let t = text.trim();
        Ok((!t.is_empty()).then(|| t.to_string()))
    }
    fn to_value(&self) -> CellValue {
        CellValue::Text(self.clone())
    }
}

impl Cell for Decimal {
    const KIND: CellKind = CellKind::Number;
    fn from_text(text: &str, _: MoneyUnit) -> Result<Option<Self>, String> {
        let Some(t) = non_blank(text) else {
            return Ok(None);
        };
        let t = t.trim_end_matches(['分', '%']);
        match Decimal::from_str_exact(t) {
            Ok(d) if d.abs() <= crate::amount::max_amount() => Ok(Some(d)),
            Ok(_) => Err(format!("“{}”超出可处理的范围", text.trim())),
            Err(_) => Err(format!("“{}”不是数字", text.trim())),
        }
    }
    fn to_value(&self) -> CellValue {
        CellValue::Number(*self)
    }
}

/// A figure exactly as printed: `94.1%`, `.5`, `—`, `3757170`, `≥98%`.
///
/// Performance self-evaluation tables are typed by hand; the audit needs what was printed,
/// not a cleaned number, to say what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Figure(pub String);

impl Figure {
    /// A figure from printed text.
    pub fn new(text: impl Into<String>) -> Figure {
        Figure(text.into())
    }

    /// The printed text.
    pub fn text(&self) -> &str {
        &self.0
    }

    /// The number the text states, when it is a plain number possibly followed by `%` or
    /// `分`: `94.1%` → 94.1, `.5` → 0.5, `9.97` → 9.97; `—`, `≥98%`, `无` → none.
    pub fn number(&self) -> Option<Decimal> {
        // bounded like amounts, so that arithmetic on figures cannot overflow
        let bounded = |d: Decimal| d.abs() <= crate::amount::max_amount();
        // the common case, `94.1%` or `9.97`, without allocating
        let mut plain = self.0.trim();
        while let Some(t) = plain.strip_suffix('%').or_else(|| plain.strip_suffix('分')) {
            plain = t;
        }
        if let Some(d) = crate::text::plain_decimal(plain) {
            return Some(d).filter(|d| bounded(*d));
        }
        let t: String = normalize_width(&self.0)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        let t = t.trim_end_matches(['分', '%']);
        if t.is_empty() {
            return None;
        }
        let t = if t.starts_with('.') {
            format!("0{t}")
        } else {
            t.to_string()
        };
        Decimal::from_str_exact(&t).ok().filter(|d| bounded(*d))
    }

    /// True when the printed text ends with `%`.
    pub fn is_percent(&self) -> bool {
        self.0.trim().ends_with(['%', '％'])
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Cell for Figure {
    const KIND: CellKind = CellKind::Figure;
    fn from_text(text: &str, _: MoneyUnit) -> Result<Option<Self>, String> {
        let t = text.trim();
        Ok((!t.is_empty()).then(|| Figure(t.to_string())))
    }
    fn to_value(&self) -> CellValue {
        CellValue::Text(self.0.clone())
    }
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(cell_opt::deserialize::<D, Figure>(d)?.unwrap_or_default())
    }
}

/// A record: a struct of optional fields listed in [`Record::FIELDS`].
pub trait Record: Default {
    /// The fields, in printed order.
    const FIELDS: &'static [FieldDef];
    /// The value of field `i`, if stated.
    fn get(&self, i: usize) -> Option<CellValue>;
    /// Sets field `i` from text (`Ok(false)` when `i` is out of range).
    fn set_text(&mut self, i: usize, text: &str, unit: MoneyUnit) -> Result<(), String>;

    /// True when no field is stated.
    fn is_blank(&self) -> bool {
        (0..Self::FIELDS.len()).all(|i| self.get(i).is_none())
    }

    /// Index of the field with this key.
    fn index_of(key: &str) -> Option<usize> {
        Self::FIELDS.iter().position(|f| f.key == key)
    }
}

/// A column label that names nothing without the group label over it (`金额`, `小计`,
/// `合计`…).
pub fn is_generic_column(leaf: &str) -> bool {
    matches!(
        crate::text::compact(leaf).as_str(),
        "金额" | "小计" | "合计" | "决算数" | "金额合计" | "数额" | "决算金额"
    )
}

/// `其中：…`: a part of another column, which no row field stands for.
pub fn is_part_column(leaf: &str) -> bool {
    crate::text::compact(leaf).starts_with("其中")
}

/// The field of `R` a value column of a printed table names, from its header labels top to
/// bottom (`["本年支出", "合计"]`), by the fields' labels and aliases: every reader of
/// tables (workbooks, the 决算 and the budget tables of published documents) maps header
/// words to fields here, so a label known to one is known to all.
///
/// A generic leaf (`事业收入 / 金额`, `本年支出 / 合计`) is named by its group (`本年支出合计`
/// first, then `事业收入`); another leaf by itself, then with its group; then the whole
/// path run together. `其中：…` is never a field. A `合计` beside `人员经费` (a budget 基本支出
/// table: `合计 | 人员经费 | 公用经费`) is the row's amount.
pub fn column_field<R: Record, S: AsRef<str>>(path: &[S]) -> Option<usize> {
    let path: Vec<&str> = path.iter().map(AsRef::as_ref).collect();
    let leaf = path.last().copied().unwrap_or("");
    let n = path.len();
    let mut cands: Vec<String> = Vec::with_capacity(4);
    if n >= 2 && is_generic_column(leaf) {
        cands.push(format!("{}{}", path[n - 2], leaf));
        cands.push(path[n - 2].to_string());
    } else if !is_part_column(leaf) {
        cands.push(leaf.to_string());
        if n >= 2 {
            cands.push(format!("{}{}", path[n - 2], leaf));
        }
    }
    if !is_part_column(leaf) {
        cands.push(path.concat());
    }
    cands
        .iter()
        .find_map(|c| R::FIELDS.iter().position(|f| f.matches(c)))
        .or_else(|| {
            (crate::text::compact(leaf) == "合计" && R::index_of("personnel").is_some())
                .then(|| R::index_of("amount"))
                .flatten()
        })
}

/// `skip_serializing_if` helper.
pub fn is_blank<R: Record>(r: &R) -> bool {
    r.is_blank()
}

/// A row of a table keyed by a classification code.
pub trait CodedRecord: Record {
    /// A row for `code` named `name`, with no figures.
    fn new(code: crate::code::Code, name: String) -> Self;
    /// The row's code.
    fn code(&self) -> crate::code::Code;
    /// The row's name as printed.
    fn name(&self) -> &str;
}

/// Serde helpers for `Option<T: Cell>` fields: a blank string reads as `None`, numbers are
/// accepted where text is expected, errors are Chinese.
pub mod cell_opt {
    use super::*;
    use serde::de::{self, Visitor};
    use std::marker::PhantomData;

    /// Writes the value in its natural TOML/JSON form.
    pub fn serialize<S: Serializer, T: Cell>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v.as_ref().map(Cell::to_value) {
            None => s.serialize_none(),
            Some(CellValue::Amount(a)) => s.collect_str(&a.stored_text()),
            Some(CellValue::Count(n)) => s.serialize_u32(n),
            Some(CellValue::Text(t)) => s.serialize_str(&t),
            Some(CellValue::Number(d)) => s.collect_str(&d),
        }
    }

    /// Reads strings, integers and floats.
    pub fn deserialize<'de, D: Deserializer<'de>, T: Cell>(d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(CellVisitor(PhantomData))
    }

    struct CellVisitor<T>(PhantomData<T>);

    impl<'de, T: Cell> Visitor<'de> for CellVisitor<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(match T::KIND {
                CellKind::Amount => "金额（如 \"1234.56\"）",
                CellKind::Count => "整数",
                CellKind::Number => "数字",
                CellKind::Text | CellKind::Figure => "文字",
            })
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            T::from_text(v, MoneyUnit::Wan).map_err(E::custom)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            T::from_text(&v.to_string(), MoneyUnit::Wan).map_err(E::custom)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            T::from_text(&v.to_string(), MoneyUnit::Wan).map_err(E::custom)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
}

/// Defines a record struct: every field is `Option<T>` with a label and optional aliases.
///
/// ```text
/// record! {
///     /// 政府采购
///     pub struct Procurement {
///         goods: Amount = "货物",
///         works: Amount = "工程" | "工程采购",
///     }
/// }
/// ```
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $label:literal $(| $alias:literal)* ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[doc = $label]
                #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::fields::cell_opt")]
                pub $field: Option<$ty>,
            )*
        }
        $crate::fields::record!(@impl $name { $( $field : $ty = $label $(| $alias)* ),* });
    };
    (@impl $name:ident { $( $field:ident : $ty:ty = $label:literal $(| $alias:literal)* ),* }) => {
        impl $crate::fields::Record for $name {
            const FIELDS: &'static [$crate::fields::FieldDef] = &[
                $( $crate::fields::FieldDef {
                    key: stringify!($field),
                    label: $label,
                    aliases: &[$($alias),*],
                    kind: <$ty as $crate::fields::Cell>::KIND,
                } ),*
            ];
            fn get(&self, i: usize) -> Option<$crate::fields::CellValue> {
                let values: &[Option<$crate::fields::CellValue>] = &[
                    $( self.$field.as_ref().map($crate::fields::Cell::to_value) ),*
                ];
                values.get(i).cloned().flatten()
            }
            #[allow(unused_assignments)]
            fn set_text(&mut self, i: usize, text: &str, unit: $crate::amount::MoneyUnit) -> Result<(), String> {
                let mut k = 0usize;
                $(
                    if k == i {
                        self.$field = <$ty as $crate::fields::Cell>::from_text(text, unit)?;
                        return Ok(());
                    }
                    k += 1;
                )*
                Err(format!("字段序号 {i} 超出范围"))
            }
        }
    };
}

/// Defines a row of a coded table: `code`, `name` and optional amount fields. The totals
/// row type (same fields, no code) is defined alongside.
macro_rules! coded_row {
    (
        $(#[$meta:meta])*
        pub struct $row:ident / $values:ident {
            $( $(#[$fmeta:meta])* $field:ident : $label:literal $(| $alias:literal)* ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $row {
            /// 科目编码
            pub code: $crate::code::Code,
            /// 科目名称, as printed.
            #[serde(default)]
            pub name: String,
            $(
                $(#[$fmeta])*
                #[doc = $label]
                #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::fields::cell_opt")]
                pub $field: Option<$crate::amount::Amount>,
            )*
        }

        impl Default for $row {
            fn default() -> Self {
                $row {
                    code: $crate::code::Code::PLACEHOLDER,
                    name: String::new(),
                    $( $field: None, )*
                }
            }
        }

        $crate::fields::record!(@impl $row { $( $field : $crate::amount::Amount = $label $(| $alias)* ),* });

        impl $crate::fields::CodedRecord for $row {
            fn new(code: $crate::code::Code, name: String) -> Self {
                $row { code, name, ..Default::default() }
            }
            fn code(&self) -> $crate::code::Code {
                self.code
            }
            fn name(&self) -> &str {
                &self.name
            }
        }

        $crate::fields::record! {
            /// Totals row (合计) of the table.
            pub struct $values {
                $( $field : $crate::amount::Amount = $label $(| $alias)* ),*
            }
        }

        impl $row {
            /// The row's figures as a totals-shaped record.
            pub fn values(&self) -> $values {
                $values { $( $field: self.$field ),* }
            }
        }
    };
}

pub(crate) use coded_row;
pub(crate) use record;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    /// One mapping of header words to fields for every table reader: a generic word is
    /// named by its group, `其中` is never a field, 合计 beside 人员经费 is the amount, and a
    /// label the model does not know names nothing.
    #[test]
    fn columns_are_named_by_their_labels_and_groups() {
        use crate::tables::{EconomicRow, ExpenditureRow, FundRow, IncomeRow};
        let key = |i: Option<usize>, fields: &'static [FieldDef]| i.map(|i| fields[i].key);
        let income = |p: &[&str]| key(column_field::<IncomeRow, _>(p), IncomeRow::FIELDS);
        assert_eq!(income(&["收入预算", "合计"]), Some("total"));
        assert_eq!(income(&["事业收入", "金额"]), Some("institutional"));
        assert_eq!(income(&["财政拨款收入", "小计"]), Some("appropriation"));
        assert_eq!(income(&["收入预算", "事业单位经营收入"]), Some("operating"));
        assert_eq!(income(&["合计"]), Some("total"));
        assert_eq!(income(&["财政拨款收入", "其中：教育收费"]), None);
        assert_eq!(income(&["2023年预算数", "合计"]), None);
        assert_eq!(income(&["会议费"]), None);
        let spent = |p: &[&str]| key(column_field::<ExpenditureRow, _>(p), ExpenditureRow::FIELDS);
        assert_eq!(spent(&["本年支出", "合计"]), Some("total"));
        assert_eq!(spent(&["支出预算", "项目支出"]), Some("project"));
        let fund = |p: &[&str]| key(column_field::<FundRow, _>(p), FundRow::FIELDS);
        assert_eq!(fund(&["政府性基金预算支出", "合计"]), Some("expenditure"));
        assert_eq!(fund(&["年末结转和结余", "合计"]), Some("closing"));
        let basic = |p: &[&str]| key(column_field::<EconomicRow, _>(p), EconomicRow::FIELDS);
        assert_eq!(basic(&["一般公共预算基本支出", "合计"]), Some("amount"));
        assert_eq!(
            basic(&["一般公共预算基本支出", "人员经费"]),
            Some("personnel")
        );
    }

    record! {
        /// test record
        pub struct Demo {
            money: Amount = "金额" | "钱",
            cars: u32 = "车辆",
            note: String = "备注",
            shown: Figure = "得分",
        }
    }

    coded_row! {
        /// test row
        pub struct DemoRow / DemoValues {
            total: "合计",
            basic: "基本支出",
        }
    }

    #[test]
    fn record_fields_get_and_set() {
        let mut d = Demo::default();
        assert!(d.is_blank());
        d.set_text(0, "1,234.50", MoneyUnit::Wan).unwrap();
        d.set_text(1, "3辆", MoneyUnit::Wan).unwrap();
        assert_eq!(u32::from_text("3.00", MoneyUnit::Wan).unwrap(), Some(3));
        assert!(u32::from_text("3.50", MoneyUnit::Wan).is_err());
        d.set_text(3, "9.97", MoneyUnit::Wan).unwrap();
        assert_eq!(d.money.unwrap().to_string(), "1234.50");
        assert_eq!(d.cars, Some(3));
        assert_eq!(d.get(3), Some(CellValue::Text("9.97".into())));
        assert!(d.set_text(1, "三辆", MoneyUnit::Wan).is_err());
        assert!(d.set_text(9, "x", MoneyUnit::Wan).is_err());
        assert!(Demo::FIELDS[0].matches("钱"));
        assert_eq!(Demo::index_of("note"), Some(2));
    }

    #[test]
    fn record_toml_round_trip_and_unknown_fields() {
        let d: Demo = toml::from_str("money = \"12.30\"\ncars = 2\nshown = \".5\"\n").unwrap();
        assert_eq!(d.money.unwrap().to_string(), "12.30");
        assert_eq!(
            d.shown.as_ref().unwrap().number().unwrap().to_string(),
            "0.5"
        );
        let back = toml::to_string(&d).unwrap();
        assert_eq!(back, "money = \"12.30\"\ncars = 2\nshown = \".5\"\n");
        let err = toml::from_str::<Demo>("mony = \"1\"\n").unwrap_err();
        assert!(err.to_string().contains("mony"), "{err}");
        let blank: Demo = toml::from_str("money = \"—\"\n").unwrap();
        assert_eq!(blank.money, None);
    }

    #[test]
    fn coded_rows() {
        let mut r = DemoRow::new(Code::parse("201").unwrap(), "一般公共服务支出".into());
        r.set_text(1, "1503.52", MoneyUnit::Wan).unwrap();
        assert_eq!(r.values().basic.unwrap().to_string(), "1503.52");
        let t = toml::to_string(&r).unwrap();
        assert_eq!(
            t,
            "code = \"201\"\nname = \"一般公共服务支出\"\nbasic = \"1503.52\"\n"
        );
    }

    #[test]
    fn figures_as_printed() {
        assert_eq!(Figure::new("94.1%").number().unwrap().to_string(), "94.1");
        assert!(Figure::new("94.1%").is_percent());
        assert_eq!(Figure::new("—").number(), None);
        assert_eq!(Figure::new("≥98%").number(), None);
        assert_eq!(Figure::new("50分").number().unwrap().to_string(), "50");
    }
}
