//! Classification codes: 支出功能分类 (`206`, `20601`, `2060101`), 部门预算支出经济分类
//! (`301`, `30101`) and 政府预算支出经济分类 (`501`, `50101`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::normalize_width;

/// Level of a code in its classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// 类: 3 digits.
    Class,
    /// 款: 5 digits.
    Section,
    /// 项: 7 digits (function classification only).
    Item,
}

impl Level {
    /// `类`, `款`, `项`.
    pub fn label(self) -> &'static str {
        match self {
            Level::Class => "类",
            Level::Section => "款",
            Level::Item => "项",
        }
    }
}

/// Which classification a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    /// 支出功能分类 (codes starting with 2).
    Function,
    /// 部门预算支出经济分类 (codes starting with 3).
    Economic,
    /// 政府预算支出经济分类 (codes starting with 5).
    GovernmentEconomic,
}

impl Classification {
    /// `支出功能分类` / `经济分类` / `政府预算支出经济分类`.
    pub fn label(self) -> &'static str {
        match self {
            Classification::Function => "支出功能分类",
            Classification::Economic => "经济分类",
            Classification::GovernmentEconomic => "政府预算支出经济分类",
        }
    }
}

/// A classification code of 3, 5 or 7 digits, stored inline (the type is `Copy`).
///
/// Ordered as text, which is the order of the published tables: `201` < `20106` <
/// `2010601` < `208`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Code {
    digits: [u8; 7],
    len: u8,
}

/// A hasher for keys made of codes (and small tags such as a table kind): codes hash as
/// one word, so a multiply-and-rotate is enough and far cheaper than SipHash. Not for
/// keys an attacker chooses at scale; codes are at most 10⁷ distinct values.
#[derive(Default, Clone, Copy)]
pub struct CodeHasher(u64);

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }
}

/// A map keyed by codes, with [`CodeHasher`].
pub type CodeMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<CodeHasher>>;

/// A set of codes, with [`CodeHasher`].
pub type CodeSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<CodeHasher>>;

impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // one word instead of eight bytes: codes are hashed on every audit
        let mut word = [0u8; 8];
        word[..7].copy_from_slice(&self.digits);
        word[7] = self.len;
        state.write_u64(u64::from_le_bytes(word));
    }
}

/// Why a text is not a classification code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("科目编码为空")]
    Empty,
    #[error("科目编码“{0}”含有非数字字符")]
    NotDigits(String),
    #[error("科目编码“{0}”位数不对：类为3位，款为5位，项为7位")]
    Length(String),
}

impl Code {
    /// `000`: a code no classification uses, for rows not yet given one.
    pub const PLACEHOLDER: Code = Code {
        digits: *b"000\0\0\0\0",
        len: 3,
    };

    /// Parses `2010601`, `201 06 01`, `201-06-01`, full-width digits.
    pub fn parse(text: &str) -> Result<Code, CodeError> {
        let norm = normalize_width(text);
        let digits: String = norm
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '_'))
            .collect();
        if digits.is_empty() {
            return Err(CodeError::Empty);
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(CodeError::NotDigits(text.trim().to_string()));
        }
        if !matches!(digits.len(), 3 | 5 | 7) {
            return Err(CodeError::Length(text.trim().to_string()));
        }
        let mut out = [0u8; 7];
        out[..digits.len()].copy_from_slice(digits.as_bytes());
        Ok(Code {
            digits: out,
            len: digits.len() as u8,
        })
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.digits[..self.len as usize]).unwrap_or("")
    }

    /// 类, 款 or 项.
    pub fn level(&self) -> Level {
        match self.len {
            3 => Level::Class,
            5 => Level::Section,
            _ => Level::Item,
        }
    }

    /// The code one level up: `2010601` → `20106` → `201` → none.
    pub fn parent(&self) -> Option<Code> {
        match self.len {
            5 | 7 => Some(Code {
                digits: {
                    let mut d = [0u8; 7];
                    let n = self.len as usize - 2;
                    d[..n].copy_from_slice(&self.digits[..n]);
                    d
                },
                len: self.len - 2,
            }),
            _ => None,
        }
    }

    /// The 类 this code belongs to.
    pub fn class(&self) -> Code {
        let mut d = [0u8; 7];
        d[..3].copy_from_slice(&self.digits[..3]);
        Code { digits: d, len: 3 }
    }

    /// True when `self` is `other` or lies under it.
    pub fn is_within(&self, other: &Code) -> bool {
        self.len >= other.len
            && self.digits[..other.len as usize] == other.digits[..other.len as usize]
    }

    /// The classification implied by the first digit (2 function, 3 economic, 5 government
    /// economic).
    pub fn classification(&self) -> Option<Classification> {
        match self.digits[0] {
            b'2' => Some(Classification::Function),
            b'3' => Some(Classification::Economic),
            b'5' => Some(Classification::GovernmentEconomic),
            _ => None,
        }
    }

    /// The code split as printed in tables with 类/款/项 columns: `("201", "06", "01")`.
    pub fn split(&self) -> (&str, &str, &str) {
        let s = self.as_str();
        match s.len() {
            3 => (s, "", ""),
            5 => (&s[..3], &s[3..5], ""),
            _ => (&s[..3], &s[3..5], &s[5..7]),
        }
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Code {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({})", self.as_str())
    }
}

impl FromStr for Code {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::parse(s)
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Code;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("科目编码（如 \"2010601\"）")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Code, E> {
                Code::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Code, E> {
                Code::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Code, E> {
                Code::parse(&v.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_levels() {
        let c = Code::parse("201 06 01").unwrap();
        assert_eq!(c.as_str(), "2010601");
        assert_eq!(c.level(), Level::Item);
        assert_eq!(c.parent().unwrap().as_str(), "20106");
        assert_eq!(c.parent().unwrap().parent().unwrap().as_str(), "201");
        assert_eq!(c.class().as_str(), "201");
        assert!(c.is_within(&Code::parse("20106").unwrap()));
        assert!(!c.is_within(&Code::parse("208").unwrap()));
        assert_eq!(c.split(), ("201", "06", "01"));
        assert_eq!(Code::parse("３０２１２").unwrap().as_str(), "30212");
        assert_eq!(
            Code::parse("30212").unwrap().classification(),
            Some(Classification::Economic)
        );
    }

    #[test]
    fn rejects() {
        assert_eq!(Code::parse(""), Err(CodeError::Empty));
        assert!(matches!(Code::parse("20A"), Err(CodeError::NotDigits(_))));
        assert!(matches!(Code::parse("2010"), Err(CodeError::Length(_))));
        assert!(
            Code::parse("2010")
                .unwrap_err()
                .to_string()
                .contains("位数不对")
        );
    }

    #[test]
    fn table_order() {
        let mut v: Vec<Code> = ["208", "2010601", "201", "20106"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        v.sort();
        let s: Vec<&str> = v.iter().map(|c| c.as_str()).collect();
        assert_eq!(s, ["201", "20106", "2010601", "208"]);
    }
}
