//! Recognition: which region's format, which year and unit, the headings, the public
//! tables (by the title printed above them, tolerating a title broken over lines) filled
//! into a package through the workbook reader's header logic, and the project
//! self-evaluation tables.

use juesuan_diagnostics::{DocPlace, Location, Source, Subject};
use juesuan_io::document::{At, Block, Document};
use juesuan_io::xlsx::read::{Recovered, read_recovered_table};
use juesuan_model::tables::TableKind;
use juesuan_model::{Catalog, Package, Profile};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

use crate::numbers::re;
use crate::{Provenance, Recognition, projects};

/// A regional format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// 上海 (the national template).
    Shanghai,
    /// 北京.
    Beijing,
}

impl Region {
    /// The profile id.
    pub fn id(self) -> &'static str {
        match self {
            Region::Shanghai => "shanghai",
            Region::Beijing => "beijing",
        }
    }

    /// Name for messages.
    pub fn label(self) -> &'static str {
        match self {
            Region::Shanghai => "上海",
            Region::Beijing => "北京",
        }
    }

    /// The profile of the format (its tables, titles and required parts are data).
    pub fn profile(self) -> &'static Profile {
        Profile::builtin(self.id()).expect("the built-in profiles include every Region")
    }
}

/// Something recognition could not make sense of (reported by D-003).
#[derive(Debug, Clone)]
pub struct Problem {
    /// Where.
    pub location: Location,
    /// What, in Chinese.
    pub message: String,
}

/// Recognition with the package and the problems met on the way.
pub(crate) struct Recognized {
    pub recognition: Recognition,
    pub package: Package,
    pub problems: Vec<Problem>,
    /// Each public table read: its kind, where it starts, its block, and where each of its
    /// figures was read.
    tables_at: Vec<(TableKind, At, usize, Recovered)>,
    /// Each budget table read: its kind, where it starts and its block.
    budget_at: Vec<(TableKind, At, usize)>,
    /// Each project table: its number, name, where it starts and its block (the number
    /// tells two projects of one name apart).
    projects_at: Vec<(String, String, At, usize)>,
}

impl Recognized {
    /// Where a package finding is in the document: the cell of the recovered table it is
    /// about (with its box on the page), else where its table or project starts.
    pub fn locate(&self, doc: &Document, location: &Location) -> Option<Source> {
        let (at, block) = match &location.subject {
            Subject::Table { table, .. } => {
                let kind = table
                    .key
                    .as_deref()
                    .and_then(TableKind::from_key_or_title)?;
                let Some((_, at, block, recovered)) =
                    self.tables_at.iter().find(|(k, _, _, _)| *k == kind)
                else {
                    let (_, at, block) = self.budget_at.iter().find(|(k, _, _)| *k == kind)?;
                    return Some(Source::Document(DocPlace {
                        page: at.page,
                        line: at.line,
                        block: u32::try_from(*block).ok(),
                        ..DocPlace::default()
                    }));
                };
                let cell = recovered
                    .sources
                    .cell_of(location)
                    .and_then(|c| recovered.table_cell(c))
                    .and_then(|(r, c)| match doc.blocks.get(*block)? {
                        Block::Table(t) => t.rows.get(r)?.get(c),
                        Block::Para(_) => None,
                    });
                if let Some(cell) = cell {
                    return Some(Source::Document(DocPlace {
                        page: cell.at.page,
                        line: cell.at.line,
                        block: u32::try_from(*block).ok(),
                        span: None,
                        boxes: cell.boxes(),
                    }));
                }
                (*at, *block)
            }
            Subject::Project { project, .. } => self
                .projects_at
                .iter()
                .find(|(seq, name, _, _)| *seq == project.seq && *name == project.name)
                .map(|(_, _, at, b)| (*at, *b))?,
            _ => return None,
        };
        Some(Source::Document(DocPlace {
            page: at.page,
            line: at.line,
            block: u32::try_from(block).ok(),
            ..DocPlace::default()
        }))
    }
}

re!(YEAR, r"(20[0-9]{2})年度?");
re!(
    UNIT_ABBR,
    r"((?:北京市|上海市|天津市|重庆市)[^，。、；（(]{2,40}?)(?:（简称|\(简称)"
);

/// Whether a paragraph reads as a heading: short, and numbered like one.
pub(crate) fn is_heading(text: &str) -> bool {
    let n = text.chars().count();
    let statement =
        text.contains("万元") || text.contains('%') || text.ends_with(['；', '，', ';', ',']);
    n <= 60
        && !statement
        && (text.starts_with('第') && text.contains("部分")
            || juesuan_io::document::pdf::starts_heading(text) && n <= 40 && !text.contains('。'))
}

re!(TITLE, r"(部门|单位|年度|[0-9]年)(决算|预算)");

/// The title: the first paragraph that names a disclosure (`…2024年度部门决算`, `…2025年区级
/// 部门预算`) and is not a part's heading (`第一部分…`).
fn title(doc: &Document) -> Option<String> {
    doc.paras()
        .take(8)
        .map(|p| p.text.as_str())
        .find(|t| !t.starts_with('第') && TITLE.is_match(t))
        .map(str::to_string)
}

fn region_of(doc: &Document, title: Option<&str>) -> Option<Region> {
    let probe = |s: &str| {
        if s.contains("上海") {
            Some(Region::Shanghai)
        } else if s.contains("北京") {
            Some(Region::Beijing)
        } else {
            None
        }
    };
    if let Some(r) = title.and_then(probe) {
        return Some(r);
    }
    // Another province's or city's document has neither format, whatever its parts say.
    const ELSEWHERE: &[&str] = &[
        "天津",
        "重庆",
        "河北",
        "山西",
        "内蒙古",
        "辽宁",
        "吉林",
        "黑龙江",
        "江苏",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "湖北",
        "湖南",
        "广东",
        "广西",
        "海南",
        "四川",
        "贵州",
        "云南",
        "西藏",
        "陕西",
        "甘肃",
        "青海",
        "宁夏",
        "新疆",
    ];
    let head: String = doc.paras().take(40).map(|p| p.text.as_str()).collect();
    if probe(&head).is_none() && ELSEWHERE.iter().any(|e| head.contains(e)) {
        return None;
    }
    // The parts give the format away: Beijing's 第四部分 is the performance evaluation.
    for p in doc.paras().filter(|p| p.text.starts_with("第四部分")) {
        if p.text.contains("绩效") {
            return Some(Region::Beijing);
        }
        if p.text.contains("名词解释") {
            return Some(Region::Shanghai);
        }
    }
    doc.paras().take(40).find_map(|p| probe(&p.text))
}

/// The layout family (`profiles/families.toml`) whose words the document's paragraphs
/// show; the most specific (the one with the most words found) when several do.
fn family_of(doc: &Document) -> Option<String> {
    let text: String = doc.paras().take(400).map(|p| p.text.as_str()).collect();
    let text = juesuan_model::text::compact(&text);
    juesuan_model::Family::builtins()
        .iter()
        .map(|f| {
            let found = f
                .recognise
                .iter()
                .filter(|w| text.contains(&juesuan_model::text::compact(w)))
                .count();
            (found, f)
        })
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, f)| f.name.clone())
}

fn year_of(doc: &Document, title: Option<&str>) -> Option<u16> {
    if let Some(y) = title
        .and_then(|t| YEAR.captures(t))
        .and_then(|c| c.get(1)?.as_str().parse().ok())
    {
        return Some(y);
    }
    // Otherwise the year most often written as `20XX年度`.
    let mut counts: std::collections::BTreeMap<u16, usize> = Default::default();
    for p in doc.paras().take(200) {
        for c in YEAR.captures_iter(&p.text) {
            if c.get(0).is_some_and(|m| m.as_str().ends_with('度'))
                && let Some(y) = c.get(1).and_then(|m| m.as_str().parse().ok())
            {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(y, _)| y)
}

fn unit_of(doc: &Document, title: Option<&str>) -> Option<String> {
    if let Some(t) = title
        && let Some(m) = YEAR.find(t)
    {
        let before = t[..m.start()].trim();
        if before.chars().count() >= 3 {
            return Some(before.to_string());
        }
    }
    doc.paras()
        .take(60)
        .find_map(|p| UNIT_ABBR.captures(&p.text))
        .and_then(|c| c.get(1).map(|m| m.as_str().to_string()))
}

re!(
    BUDGET_UNIT,
    r"(?:预算主管部门|编制部门|^公开[0-9]+表[^：:]*部门)[：:][ 　]*([^：:，。；、 　]{2,40}?)(?:目录|单位[：:]|[0-9]{4}年|$)"
);

/// The unit a budget names: `预算主管部门：上海市普陀区财政局` on its cover, else the
/// `编制部门：…` or Jiangsu's `部门：…` printed over its tables. The cover's line may run
/// on into its date or the table of contents (`…财政局2025年目录`).
fn budget_unit(doc: &Document) -> Option<String> {
    doc.paras()
        .take(400)
        .find_map(|p| BUDGET_UNIT.captures(&p.text))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

re!(UNIT_LINE, r"(?:金额)?单位[：:][ 　]*(元|千元|万元|亿元)");
re!(TITLE_END, r"(?:编制单位|单位名称|金额单位|单位[：:])");

/// What a table's title and unit lines say: the table it names, its unit line, and the
/// title as printed when it names no known table.
#[derive(Debug, Default)]
struct Above {
    kind: Option<TableKind>,
    unit: Option<String>,
    title: Option<String>,
}

/// The paragraphs printed right above a table: its title and unit line, which may share a
/// line (`收入支出决算总表 编制单位：… 单位：万元`, as juesuan's own PDFs set them) or follow
/// each other in either order.
fn above(blocks: &[Block], i: usize) -> Above {
    let mut found = Above::default();
    let mut texts: Vec<&str> = Vec::new();
    for b in blocks[..i].iter().rev().take(4) {
        let Block::Para(p) = b else { break };
        let t = p.text.trim();
        if let Some(u) = UNIT_LINE.captures(t).and_then(|c| c.get(1)) {
            found
                .unit
                .get_or_insert_with(|| format!("单位：{}", u.as_str()));
        }
        let head = TITLE_END.find(t).map_or(t, |m| &t[..m.start()]).trim();
        if head.is_empty() {
            continue;
        }
        texts.push(head);
        // The title, possibly broken over this line and the one above.
        if let Some(k) = TableKind::named_by(head) {
            found.kind = Some(k);
            return found;
        }
        if texts.len() >= 2 {
            let joined = format!("{}{}", texts[1], texts[0]);
            if let Some(k) = TableKind::named_by(&joined) {
                found.kind = Some(k);
                return found;
            }
        }
    }
    // A title naming a table juesuan does not know: `表4：高等学校财政拨款支出决算表`.
    found.title = texts
        .iter()
        .find(|t| t.ends_with('表') && t.chars().count() <= 40)
        // a page number run into the title: `11表4：…`
        .map(|t| {
            t.trim_start_matches(|c: char| c.is_ascii_digit())
                .to_string()
        });
    found
}

/// A paragraph right after a table that annotates it (`注：…本表无数据`).
fn note_after(blocks: &[Block], i: usize) -> Option<String> {
    match blocks.get(i + 1) {
        Some(Block::Para(p)) if p.text.starts_with("注") => Some(p.text.clone()),
        _ => None,
    }
}

fn set_table(pkg: &mut Package, from: Package, kind: TableKind, note: Option<String>) -> bool {
    let (t, f) = (&mut pkg.tables, from.tables);
    macro_rules! take {
        ($field:ident) => {{
            let found = f.$field.is_some();
            if t.$field.is_none() {
                t.$field = f.$field;
            }
            found
        }};
    }
    let found = match kind {
        TableKind::Summary => take!(summary),
        TableKind::Income => take!(income),
        TableKind::Expenditure => take!(expenditure),
        TableKind::AppropriationSummary => take!(appropriation_summary),
        TableKind::GeneralBudget => take!(general_budget),
        TableKind::GeneralBudgetBasic => take!(general_budget_basic),
        TableKind::GovFund => take!(gov_fund),
        TableKind::GovFundBasic => take!(gov_fund_basic),
        TableKind::StateCapital => take!(state_capital),
        TableKind::ThreePublic => take!(three_public),
        TableKind::Procurement => take!(procurement),
        TableKind::PurchasedServices => take!(purchased_services),
    };
    if let Some(n) = note {
        match kind {
            TableKind::GovFund => {
                if let Some(x) = t.gov_fund.as_mut() {
                    x.note.get_or_insert(n);
                }
            }
            TableKind::StateCapital => {
                if let Some(x) = t.state_capital.as_mut() {
                    x.note.get_or_insert(n);
                }
            }
            _ => {}
        }
    }
    found
}

pub(crate) fn recognize(doc: &Document, catalog: &Catalog) -> Recognized {
    let title = title(doc);
    let region = region_of(doc, title.as_deref());
    let kind = crate::kind::kind_of(doc, title.as_deref());
    // Only a final-accounts disclosure's tables are read: a budget's tables and project
    // target tables are not the 决算 tables and 自评表 the rules are made for.
    let read_tables = kind.is_final_accounts();
    let mut rec = Recognition {
        kind,
        profile: region,
        year: year_of(doc, title.as_deref()),
        unit: unit_of(doc, title.as_deref()),
        ..Recognition::default()
    };
    let mut pkg = Package {
        format: juesuan_model::FORMAT.to_string(),
        ..Package::default()
    };
    pkg.unit.name = rec.unit.clone().unwrap_or_default();
    pkg.unit.year = rec.year.unwrap_or(0);
    pkg.unit.profile = region.map_or("", Region::id).to_string();
    let mut problems = Vec::new();
    let mut project_at = Vec::new();
    let mut tables_at = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        match b {
            Block::Para(p) => {
                if p.heading || is_heading(&p.text) {
                    rec.headings.push((p.text.clone(), p.at));
                }
            }
            Block::Table(_) if !read_tables => {}
            Block::Table(t) => {
                if projects::is_project_table(t) {
                    for (k, part) in projects::split(t).into_iter().enumerate() {
                        let title = if k == 0 {
                            projects::title_above(&doc.blocks, i)
                        } else {
                            None
                        };
                        if let Some(p) = projects::read(&part, title) {
                            rec.provenance.push(Provenance {
                                what: format!("项目支出绩效自评表 {}", p.name),
                                at: part.at,
                            });
                            project_at.push((part.at, i));
                            pkg.performance.projects.push(p);
                        }
                    }
                    continue;
                }
                let Above { kind, unit, title } = above(&doc.blocks, i);
                let Some(kind) = kind else {
                    if let Some(title) = title {
                        rec.unread_tables.push((title, t.at));
                    }
                    continue;
                };
                if rec.tables.iter().any(|(k, _)| *k == kind) {
                    continue;
                }
                let mut recovered = read_recovered_table(kind, unit.as_deref(), t, catalog);
                let found = std::mem::take(&mut recovered.package);
                for p in std::mem::take(&mut recovered.problems) {
                    problems.push(Problem {
                        location: Location::table(Some(kind.key()), kind.title()).source(
                            Source::Document(DocPlace {
                                page: t.at.page,
                                line: t.at.line,
                                block: u32::try_from(i).ok(),
                                ..DocPlace::default()
                            }),
                        ),
                        message: format!("{}：{}", kind.title(), p.message),
                    });
                }
                if set_table(&mut pkg, found, kind, note_after(&doc.blocks, i)) {
                    rec.tables.push((kind, t.at));
                    tables_at.push((kind, t.at, i, recovered));
                    rec.provenance.push(Provenance {
                        what: kind.title().to_string(),
                        at: t.at,
                    });
                }
            }
        }
    }
    let mut budget_at = Vec::new();
    if matches!(rec.kind, crate::DocumentKind::Budget { .. }) {
        pkg.kind = juesuan_model::DisclosureKind::Budget;
        if let Some(unit) = budget_unit(doc) {
            pkg.unit.name.clone_from(&unit);
            rec.unit = Some(unit);
        }
        let read = crate::budget::read(doc, catalog, &mut pkg);
        for (kind, at, block) in read.read {
            if !rec.tables.iter().any(|(k, _)| *k == kind) {
                rec.tables.push((kind, at));
                rec.provenance.push(Provenance {
                    what: kind.title_for(pkg.kind).to_string(),
                    at,
                });
            }
            budget_at.push((kind, at, block));
        }
        for (target, (at, _)) in pkg.performance.targets.iter().zip(&read.targets) {
            rec.provenance.push(Provenance {
                what: format!("项目绩效目标表 {}", target.name),
                at: *at,
            });
        }
        rec.unread_tables.extend(read.unread);
        rec.notices = read.notices;
    }
    if rec.profile.is_none() {
        rec.family = family_of(doc);
    }
    number_projects(&mut pkg);
    let projects_at = pkg
        .performance
        .projects
        .iter()
        .zip(project_at)
        .map(|(p, (at, block))| (p.seq.clone(), p.name.clone(), at, block))
        .collect();
    Recognized {
        recognition: rec,
        package: pkg,
        problems,
        tables_at,
        budget_at,
        projects_at,
    }
}

/// Projects without a printed number get their position.
fn number_projects(pkg: &mut Package) {
    for (i, p) in pkg.performance.projects.iter_mut().enumerate() {
        if p.seq.is_empty() {
            p.seq = (i + 1).to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        juesuan_io::document::parse_document(
            text.as_bytes(),
            juesuan_io::document::DocKind::Text,
            "t.txt",
        )
        .unwrap()
    }

    #[test]
    fn the_cover_names_the_budgets_unit() {
        // the cover's lines run on into the table of contents, or into the cover's date
        for text in [
            "上海市普陀区2025年区级部门预算预算主管部门：上海市普陀区财政局目录\n\n一、部门主要职能\n",
            "上海市普陀区2025年区级部门预算预算主管部门：上海市普陀区财政局2025年目录\n",
        ] {
            assert_eq!(
                budget_unit(&doc(text)).as_deref(),
                Some("上海市普陀区财政局"),
                "{text}"
            );
        }
        let d = doc("上海市普陀区2025年区级部门预算\n\n一、部门主要职能\n");
        assert_eq!(budget_unit(&d), None);
    }
}
