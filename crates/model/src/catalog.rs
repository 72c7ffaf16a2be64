//! Catalogs of classification codes and their names, exactly as printed, one per year.
//!
//! The built-in catalogs cover 2023, 2024 and 2025 (`crates/model/catalog/*.csv`, one row a
//! code with the years it holds for and where its name was taken from):
//!
//! - every 支出功能分类 类 (the Shanghai 2024 template's 收入支出决算总表 and the classes the
//!   other documents print), every 款 of the 《政府收支分类科目》 the project could source,
//!   and every 项 printed in the real documents of `../shared/` plus the rows every unit needs;
//! - the 部门预算支出经济分类 (301…399, 类 and 款): the whole list of the template's
//!   基本支出决算表 first, in its order, then the other 款;
//! - the 政府预算支出经济分类 (501…599, 类 and 款).
//!
//! `crates/model/catalog/README.md` says where each part came from; rows not yet checked
//! against the 财政部 text say so in their `来源`.
//!
//! [`Catalog::builtin_for`] picks the year (the nearest one outside 2023–2025);
//! [`Catalog::builtin`] is 2024's for callers that know no year. A bureau's fuller annual
//! catalog is merged on top (`--catalog FILE`) and follows the package's year too:
//! [`Catalog::for_year`] starts from that year's built-in list and re-applies the merged rows.
//! [`Catalog::for_package`] also accepts a well-formed code missing from the list whose 类 and
//! 款 are known, under the name the document gives ([`ACCEPTED_SOURCE`]): the list of 项 is
//! never complete, and a new 项 under a known 款 is no error.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::code::{Classification, Code, Level};
use crate::package::Package;
use crate::text::{compact, strip_list_number};

/// One catalog row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    /// The code.
    pub code: Code,
    /// The name exactly as printed.
    pub name: String,
    /// Tags: `总表` (a line of 收入支出决算总表), `常用` (pre-filled by `init`), `人员经费` /
    /// `公用经费` (economic rows), `基本支出表` (a row of the template's 基本支出决算表).
    pub tags: Vec<String>,
    /// Where the name was taken from.
    pub source: String,
}

/// The 来源 of built-in rows whose names are not yet checked against the original list.
pub const UNVERIFIED_SOURCE: &str = "待核原文";

impl CatalogEntry {
    /// True when the name was checked against a source (a printed document, the official
    /// text): only such names are held against a table's (C-002). An unverified row still
    /// says its 类/款 exists.
    pub fn name_verified(&self) -> bool {
        !self.source.contains(UNVERIFIED_SOURCE)
    }

    /// True when the entry carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// The source of a code a document uses that the catalog lacks, accepted under the
/// document's name because its 类 and 款 are known.
pub const ACCEPTED_SOURCE: &str = "表中名称（目录未列，类款已知）";

/// The years the built-in catalogs cover.
pub const BUILTIN_YEARS: std::ops::RangeInclusive<u16> = 2023..=2025;

/// The year [`Catalog::builtin`] stands for.
pub const DEFAULT_YEAR: u16 = 2024;

/// A catalog: codes in the order they are listed.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<CatalogEntry>,
    index: HashMap<Code, usize>,
    /// The built-in year this catalog starts from, when it does.
    year: Option<u16>,
    /// Rows inserted or merged on top of the built-in list, in order, so that another year's
    /// built-in list can take them too.
    overlay: Vec<CatalogEntry>,
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

/// Why a code is not in a catalog, when it is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// The code's 类 is not listed.
    Class,
    /// The code's 款 (the code itself, or the 款 of a 项) is not listed.
    Section,
    /// The code has a level its classification does not have (an economic 项).
    Malformed,
}

const FUNCTION: &str = include_str!("../catalog/function.csv");
const ECONOMIC: &str = include_str!("../catalog/economic.csv");
const GOVERNMENT_ECONOMIC: &str = include_str!("../catalog/government-economic.csv");

/// The built-in year nearest to `year`.
pub fn nearest_builtin_year(year: u16) -> u16 {
    year.clamp(*BUILTIN_YEARS.start(), *BUILTIN_YEARS.end())
}

/// True when a `年度` cell (`""` every year, `2024`, `2024-`, `-2023`, `2023-2024`) covers
/// `year`.
fn covers(years: &str, year: u16) -> Result<bool, String> {
    let years = years.trim();
    if years.is_empty() {
        return Ok(true);
    }
    let parse = |s: &str, open: u16| -> Result<u16, String> {
        let s = s.trim();
        if s.is_empty() {
            Ok(open)
        } else {
            s.parse::<u16>()
                .map_err(|_| format!("年度“{years}”不是年份或年份范围"))
        }
    };
    match years.split_once('-') {
        Some((from, to)) => Ok((parse(from, 0)?..=parse(to, u16::MAX)?).contains(&year)),
        None => Ok(parse(years, 0)? == year),
    }
}

impl Catalog {
    /// The built-in catalog of 2024, for callers that know no year. Wherever a package is at
    /// hand the libraries follow its year ([`Catalog::for_package`]).
    pub fn builtin() -> &'static Catalog {
        Catalog::builtin_for(DEFAULT_YEAR)
    }

    /// The built-in catalog of a year: the nearest of 2023–2025 outside that range.
    pub fn builtin_for(year: u16) -> &'static Catalog {
        static BUILTIN: OnceLock<Vec<Catalog>> = OnceLock::new();
        let all = BUILTIN.get_or_init(|| {
            BUILTIN_YEARS
                .map(|y| {
                    // The built-in files are part of the source tree and tested below.
                    Catalog::builtin_year(y).unwrap_or_default()
                })
                .collect()
        });
        let i = usize::from(nearest_builtin_year(year) - BUILTIN_YEARS.start());
        &all[i]
    }

    /// Reads the built-in files for one year.
    fn builtin_year(year: u16) -> Result<Catalog, CatalogError> {
        let mut c = Catalog {
            year: Some(year),
            ..Catalog::default()
        };
        for text in [FUNCTION, ECONOMIC, GOVERNMENT_ECONOMIC] {
            for row in builtin_rows(text) {
                let row = row?;
                if covers(row.years, year).map_err(|message| CatalogError {
                    line: row.line,
                    message,
                })? {
                    let entry = entry(row.line, row.code, row.name, row.tags, row.source)?;
                    c.put(entry);
                }
            }
        }
        Ok(c)
    }

    /// The year of the built-in list this catalog starts from, if any.
    pub fn year(&self) -> Option<u16> {
        self.year
    }

    /// This catalog for a package of `year`: the built-in list of that year with every row
    /// merged into this one re-applied on top. A catalog that starts from no built-in list,
    /// or from that year's, is returned as it is.
    pub fn for_year(&self, year: u16) -> Cow<'_, Catalog> {
        match self.year {
            Some(y) if y != nearest_builtin_year(year) => {
                let mut c = Catalog::builtin_for(year).clone();
                for e in &self.overlay {
                    c.insert(e.clone());
                }
                Cow::Owned(c)
            }
            _ => Cow::Borrowed(self),
        }
    }

    /// This catalog for a package: [`Catalog::for_year`] of its year, with every well-formed
    /// code the package's tables use that the list lacks but whose 类 and 款 it knows added
    /// under the name the table gives (source [`ACCEPTED_SOURCE`]).
    pub fn for_package(&self, package: &Package) -> Cow<'_, Catalog> {
        let mut c = self.for_year(package.unit.year);
        for (_, code, name) in package.tables.codes() {
            if c.get(&code).is_none() && c.unknown(&code).is_none() && !name.trim().is_empty() {
                c.to_mut().put(CatalogEntry {
                    code,
                    name: name.trim().to_string(),
                    tags: Vec::new(),
                    source: ACCEPTED_SOURCE.to_string(),
                });
            }
        }
        c
    }

    /// Why a code is not accepted: `None` when it is listed, or when it is a 项 whose 类 and
    /// 款 are listed (a 项 the list lacks, accepted under the document's name).
    pub fn unknown(&self, code: &Code) -> Option<Unknown> {
        if self.get(code).is_some() {
            return None;
        }
        let economic = matches!(
            code.classification(),
            Some(Classification::Economic | Classification::GovernmentEconomic)
        );
        if economic && code.level() == Level::Item {
            return Some(Unknown::Malformed);
        }
        if self.get(&code.class()).is_none() {
            return Some(Unknown::Class);
        }
        match code.level() {
            Level::Class => Some(Unknown::Class),
            Level::Section => Some(Unknown::Section),
            Level::Item => match code.parent() {
                Some(section) if self.get(&section).is_some() => None,
                _ => Some(Unknown::Section),
            },
        }
    }

    /// Reads the bureau CSV layout `编码,名称,标记,来源` (no quoting).
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
        self.insert(entry(line, code, name, tags, source)?);
        Ok(())
    }

    /// Inserts or replaces an entry (a replacement keeps the old position and tags).
    pub fn insert(&mut self, entry: CatalogEntry) {
        if self.year.is_some() {
            self.overlay.push(entry.clone());
        }
        self.put(entry);
    }

    /// Inserts or replaces without recording the row as merged on top.
    fn put(&mut self, entry: CatalogEntry) {
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

    /// The rows of the template's 基本支出决算表 (economic rows tagged `基本支出表`, and
    /// every economic row of a catalog that tags none), in listing order.
    pub fn basic_table_rows(&self) -> impl Iterator<Item = &CatalogEntry> {
        let tagged = self
            .of(Classification::Economic)
            .any(|e| e.has_tag(BASIC_TABLE_TAG));
        self.of(Classification::Economic)
            .filter(move |e| !tagged || e.has_tag(BASIC_TABLE_TAG))
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

/// The tag of the rows of the template's 基本支出决算表.
pub const BASIC_TABLE_TAG: &str = "基本支出表";

/// One row of a built-in file: `编码,名称,年度,标记,来源`.
struct BuiltinRow<'a> {
    line: usize,
    code: &'a str,
    name: &'a str,
    years: &'a str,
    tags: &'a str,
    source: &'a str,
}

fn builtin_rows(text: &str) -> impl Iterator<Item = Result<BuiltinRow<'_>, CatalogError>> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            let cols: Vec<&str> = line.split(',').collect();
            if cols.len() != 5 {
                return Err(CatalogError {
                    line: i + 1,
                    message: format!(
                        "应有 5 列（编码,名称,年度,标记,来源），实有 {} 列",
                        cols.len()
                    ),
                });
            }
            Ok(BuiltinRow {
                line: i + 1,
                code: cols[0],
                name: cols[1],
                years: cols[2],
                tags: cols[3],
                source: cols[4],
            })
        })
}

fn entry(
    line: usize,
    code: &str,
    name: &str,
    tags: &str,
    source: &str,
) -> Result<CatalogEntry, CatalogError> {
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
    Ok(CatalogEntry {
        code,
        name: name.to_string(),
        tags: tags.split_whitespace().map(str::to_string).collect(),
        source: source.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Code {
        s.parse().unwrap()
    }

    #[test]
    fn every_year_parses_completely_without_duplicates() {
        for year in BUILTIN_YEARS {
            let c = Catalog::builtin_year(year).unwrap();
            let mut rows = 0;
            for text in [FUNCTION, ECONOMIC, GOVERNMENT_ECONOMIC] {
                let mut seen = std::collections::HashSet::new();
                for row in builtin_rows(text) {
                    let row = row.unwrap();
                    if covers(row.years, year).unwrap() {
                        assert!(seen.insert(row.code), "{year}: {} twice", row.code);
                        assert!(!row.source.trim().is_empty(), "{}: no source", row.code);
                        rows += 1;
                    }
                }
            }
            assert_eq!(c.len(), rows, "{year}");
            assert!(c.len() > 450, "{year}: {}", c.len());
            assert_eq!(Catalog::builtin_for(year).len(), c.len());
        }
    }

    #[test]
    fn every_item_and_section_has_its_parents() {
        for year in BUILTIN_YEARS {
            let c = Catalog::builtin_for(year);
            for e in c.entries() {
                for parent in [e.code.parent(), e.code.parent().and_then(|p| p.parent())]
                    .into_iter()
                    .flatten()
                {
                    assert!(
                        c.get(&parent).is_some(),
                        "{year}: {} without {parent}",
                        e.code
                    );
                }
                let economic = e.code.classification() != Some(Classification::Function);
                assert!(
                    e.code.classification().is_some()
                        && !(economic && e.code.level() == Level::Item),
                    "{year}: {} is of no classification or level",
                    e.code
                );
            }
        }
    }

    #[test]
    fn years_differ_where_the_lists_do() {
        let cultivated = code("22006");
        assert!(Catalog::builtin_for(2023).get(&cultivated).is_none());
        assert!(Catalog::builtin_for(2024).get(&cultivated).is_some());
        assert!(Catalog::builtin_for(2025).get(&cultivated).is_some());
        // outside 2023–2025 the nearest year
        assert_eq!(Catalog::builtin_for(2019).year(), Some(2023));
        assert_eq!(Catalog::builtin_for(2031).year(), Some(2025));
        assert_eq!(Catalog::builtin().year(), Some(DEFAULT_YEAR));
    }

    #[test]
    fn the_real_2024_codes_are_known() {
        let c = Catalog::builtin_for(2024);
        assert_eq!(c.name(&code("20126")), Some("档案事务"));
        assert_eq!(c.name(&code("21201")), Some("城乡社区管理事务"));
        assert_eq!(c.name(&code("22001")), Some("自然资源事务"));
        for item in ["2012601", "2012604", "2120101", "2200150"] {
            assert_eq!(c.unknown(&code(item)), None, "{item}");
        }
    }

    #[test]
    fn unknown_classes_sections_and_malformed_codes() {
        let c = Catalog::builtin();
        assert_eq!(c.unknown(&code("2010650")), None, "a new 项 of a known 款");
        assert_eq!(c.unknown(&code("2015001")), Some(Unknown::Section));
        assert_eq!(c.unknown(&code("20150")), Some(Unknown::Section));
        assert_eq!(c.unknown(&code("2990101")), Some(Unknown::Class));
        assert_eq!(c.unknown(&code("299")), Some(Unknown::Class));
        assert_eq!(c.unknown(&code("3010101")), Some(Unknown::Malformed));
        assert_eq!(c.unknown(&code("30101")), None);
        assert_eq!(c.unknown(&code("50101")), None);
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
    fn economic_list_starts_with_the_whole_template_table() {
        let c = Catalog::builtin();
        assert_eq!(c.basic_table_rows().count(), 65);
        assert!(c.of(Classification::Economic).count() > 100);
        assert!(c.of(Classification::GovernmentEconomic).count() > 70);
        assert_eq!(c.name(&code("30212")), Some("因公出国（境）费用"));
        assert_eq!(c.name(&code("31007")), Some("信息网络及软件购置更新"));
        assert_eq!(c.name(&code("50101")), Some("工资奖金津补贴"));
        assert!(c.is_personnel(&code("30302")));
        assert!(!c.is_personnel(&code("31002")));
        // the template's rows come first, so a name finds the template's code
        let first = c
            .of(Classification::Economic)
            .find(|e| e.name == "房屋建筑物购建")
            .unwrap();
        assert_eq!(first.code.as_str(), "31001");
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
        assert!(covers("20x4", 2024).is_err());
        assert!(covers("2024-", 2025).unwrap() && !covers("2024-", 2023).unwrap());
        assert!(covers("-2023", 2023).unwrap() && !covers("-2023", 2024).unwrap());
    }

    #[test]
    fn merge_overrides_names_and_follows_the_year() {
        let mut c = Catalog::builtin().clone();
        let extra =
            Catalog::from_simple_csv("编码,名称\n2060101,行政运行\n201,改名\n", "局目录").unwrap();
        c.merge(extra);
        assert_eq!(c.name(&code("2060101")), Some("行政运行"));
        assert_eq!(c.name(&code("201")), Some("改名"));
        assert!(c.get(&code("201")).unwrap().has_tag("总表"));
        // the same bureau rows on top of 2023's list
        let y2023 = c.for_year(2023);
        assert_eq!(y2023.year(), Some(2023));
        assert_eq!(y2023.name(&code("201")), Some("改名"));
        assert!(y2023.get(&code("22006")).is_none());
        assert!(matches!(c.for_year(2024), Cow::Borrowed(_)));
        // a catalog of no built-in year is used as it is
        let plain = Catalog::from_simple_csv("编码,名称\n201,甲\n", "t").unwrap();
        assert_eq!(plain.for_year(2023).len(), 1);
    }
}
