//! Catalogs of classification codes and their names, exactly as printed.
//!
//! The built-in catalog holds every 支出功能分类 类 printed in the Shanghai 2024 template's
//! 收入支出决算总表 (with the two debt classes the Putuo disclosure adds), every 款/项 that
//! appears in the two real documents plus a few rows every unit needs (pensions, medical
//! insurance, housing), and the whole 经济分类 list of the template's 基本支出决算表. A bureau's
//! fuller annual catalog can be merged in (`--catalog FILE`).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::code::{Classification, Code, Level};
use crate::text::{compact, strip_list_number};

/// One catalog row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    /// The code.
    pub code: Code,
    /// The name exactly as printed.
    pub name: String,
    /// Tags: `总表` (a line of 收入支出决算总表), `常用` (pre-filled by `init`), `人员经费` /
    /// `公用经费` (economic rows).
    pub tags: Vec<String>,
    /// Where the name was taken from.
    pub source: String,
}

impl CatalogEntry {
    /// True when the entry carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// A catalog: codes in the order they are listed.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<CatalogEntry>,
    index: HashMap<Code, usize>,
}

/// A problem in a catalog file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第{line}行：{message}")]
pub struct CatalogError {
    /// 1-based line (or spreadsheet row).
    pub line: usize,
    /// What is wrong, in Chinese.
    pub message: String,
}

const FUNCTION_2024: &str = include_str!("../catalog/function-2024.csv");
const ECONOMIC_2024: &str = include_str!("../catalog/economic-2024.csv");

impl Catalog {
    /// The built-in 2024 catalog.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut c = Catalog::default();
            for text in [FUNCTION_2024, ECONOMIC_2024] {
                // The built-in files are part of the source tree and tested below.
                if let Ok(part) = Catalog::from_simple_csv(text, "内置目录") {
                    c.merge(part);
                }
            }
            c
        })
    }

    /// Reads the built-in CSV layout `编码,名称,标记,来源` (no quoting).
    pub fn from_simple_csv(text: &str, default_source: &str) -> Result<Catalog, CatalogError> {
        let mut c = Catalog::default();
        for (i, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split(',');
            let code = cols.next().unwrap_or("");
            let name = cols.next().unwrap_or("");
            let tags = cols.next().unwrap_or("");
            let source = cols.next().unwrap_or(default_source);
            c.push_row(i + 1, code, name, tags, source)?;
        }
        Ok(c)
    }

    /// Adds one row read from a file; `line` is used in the error.
    pub fn push_row(
        &mut self,
        line: usize,
        code: &str,
        name: &str,
        tags: &str,
        source: &str,
    ) -> Result<(), CatalogError> {
        let code = Code::parse(code).map_err(|e| CatalogError {
            line,
            message: e.to_string(),
        })?;
        let name = name.trim();
        if name.is_empty() {
            return Err(CatalogError {
                line,
                message: format!("科目编码 {code} 没有名称"),
            });
        }
        self.insert(CatalogEntry {
            code,
            name: name.to_string(),
            tags: tags.split_whitespace().map(str::to_string).collect(),
            source: source.trim().to_string(),
        });
        Ok(())
    }

    /// Inserts or replaces an entry (a replacement keeps the old position and tags).
    pub fn insert(&mut self, entry: CatalogEntry) {
        match self.index.get(&entry.code) {
            Some(&i) => {
                let old = &mut self.entries[i];
                old.name = entry.name;
                old.source = entry.source;
                for t in entry.tags {
                    if !old.tags.contains(&t) {
                        old.tags.push(t);
                    }
                }
            }
            None => {
                self.index.insert(entry.code, self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    /// Merges `other` into `self`; names from `other` win (a bureau's annual catalog is the
    /// authority for its year).
    pub fn merge(&mut self, other: Catalog) {
        for e in other.entries {
            self.insert(e);
        }
    }

    /// The entry of a code.
    pub fn get(&self, code: &Code) -> Option<&CatalogEntry> {
        self.index.get(code).map(|&i| &self.entries[i])
    }

    /// The printed name of a code.
    pub fn name(&self, code: &Code) -> Option<&str> {
        self.get(code).map(|e| e.name.as_str())
    }

    /// Every entry, in listing order.
    pub fn entries(&self) -> &[CatalogEntry] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries of one classification, in listing order.
    pub fn of(&self, classification: Classification) -> impl Iterator<Item = &CatalogEntry> {
        self.entries
            .iter()
            .filter(move |e| e.code.classification() == Some(classification))
    }

    /// The function classes printed as lines of 收入支出决算总表, in code order.
    pub fn summary_classes(&self) -> Vec<&CatalogEntry> {
        let mut v: Vec<&CatalogEntry> = self
            .of(Classification::Function)
            .filter(|e| e.code.level() == Level::Class && e.has_tag("总表"))
            .collect();
        v.sort_by_key(|e| e.code);
        v
    }

    /// Function rows `init` pre-fills, in code order.
    pub fn common_function_rows(&self) -> Vec<&CatalogEntry> {
        let mut v: Vec<&CatalogEntry> = self
            .of(Classification::Function)
            .filter(|e| e.has_tag("常用"))
            .collect();
        v.sort_by_key(|e| e.code);
        v
    }

    /// Finds a function class by its printed name, ignoring list numbers and spaces
    /// (`"十九、住房保障支出"` → `221`).
    pub fn class_by_name(&self, name: &str) -> Option<&CatalogEntry> {
        let wanted = compact(strip_list_number(name));
        self.of(Classification::Function)
            .find(|e| e.code.level() == Level::Class && compact(&e.name) == wanted)
    }

    /// True when the economic code counts as 人员经费 (301, 303 and below).
    pub fn is_personnel(&self, code: &Code) -> bool {
        match self.get(&code.class()) {
            Some(e) => e.has_tag("人员经费"),
            None => matches!(code.class().as_str(), "301" | "303"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_completely() {
        let f = Catalog::from_simple_csv(FUNCTION_2024, "x").unwrap();
        let e = Catalog::from_simple_csv(ECONOMIC_2024, "x").unwrap();
        let c = Catalog::builtin();
        assert_eq!(c.len(), f.len() + e.len());
    }

    #[test]
    fn summary_lines_follow_the_template() {
        let lines: Vec<&str> = Catalog::builtin()
            .summary_classes()
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        // 24 lines of the 2024 template plus 债务还本/债务付息 printed by Putuo: 26.
        assert_eq!(lines.len(), 26);
        assert_eq!(lines[0], "一般公共服务支出");
        assert_eq!(lines[18], "住房保障支出");
        assert_eq!(lines[25], "抗疫特别国债安排的支出");
    }

    #[test]
    fn economic_list_is_the_whole_template_table() {
        let c = Catalog::builtin();
        let n = c.of(Classification::Economic).count();
        assert_eq!(n, 65);
        assert_eq!(
            c.name(&"30212".parse().unwrap()),
            Some("因公出国（境）费用")
        );
        assert_eq!(
            c.name(&"31007".parse().unwrap()),
            Some("信息网络及软件购置更新")
        );
        assert!(c.is_personnel(&"30302".parse().unwrap()));
        assert!(!c.is_personnel(&"31002".parse().unwrap()));
    }

    #[test]
    fn class_lookup_by_printed_name() {
        let c = Catalog::builtin();
        assert_eq!(
            c.class_by_name("十九、住房保障支出").unwrap().code.as_str(),
            "221"
        );
        assert_eq!(
            c.class_by_name("二十二、灾害防治及应急管\n理支出")
                .unwrap()
                .code
                .as_str(),
            "224"
        );
        assert!(c.class_by_name("二十七、不存在的支出").is_none());
    }

    #[test]
    fn bad_rows_name_the_line() {
        let err =
            Catalog::from_simple_csv("编码,名称\n201,一般公共服务支出\n20X,坏\n", "t").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().contains("非数字"), "{err}");
    }

    #[test]
    fn merge_overrides_names() {
        let mut c = Catalog::builtin().clone();
        let extra =
            Catalog::from_simple_csv("编码,名称\n2060101,行政运行\n201,改名\n", "局目录").unwrap();
        c.merge(extra);
        assert_eq!(c.name(&"2060101".parse().unwrap()), Some("行政运行"));
        assert_eq!(c.name(&"201".parse().unwrap()), Some("改名"));
        assert!(c.get(&"201".parse().unwrap()).unwrap().has_tag("总表"));
    }
}
