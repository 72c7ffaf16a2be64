//! Last year carried over (`juesuan init --from`): this year's form with 上年数 filled from
//! last year's final figures and the standing texts (主要职能, 机构设置, 决算单位构成, 名词解释,
//! 主管部门) copied, from last year's package (`.xlsx`, `.toml`, `.json`, a folder) or from
//! last year's published document (`.pdf`, `.docx`, `.html`, `.txt`) read by the recogniser.
//!
//! Every prior-year figure is what last year's document printed as *this year's* figure —
//! the same reading the generator uses (`juesuan-render`'s context): 收入支出总计 is 收入支出
//! 决算总表's 收入总计, 本年支出合计 the summary's else 支出决算表's, 财政拨款收入支出总计
//! the income side's 总计 else the expenditure side's, 一般公共预算财政拨款支出 the 合计 of
//! its table, the 三公 figures the 决算数 column (never the 预算数), 机关运行经费 the stated
//! figure (from a document: the sentence that states it). A blank cell of a complete table
//! that has figures is zero; a figure that is not printed, blank in a partial table, or in a
//! table that is absent or has no figures at all is unknown: it is not carried and is listed
//! as not found, never written as 0.

use std::fmt;
use std::path::Path;
use std::sync::LazyLock;

use juesuan_io::document::{At, Block, Document, Table};
use juesuan_io::xlsx::layout::{
    AGENCY_RUNNING_COSTS, SHEET_DATA, SHEET_TEXTS, SHEET_UNIT, UNIT_DEPARTMENT, UNIT_MEMBERS,
    UNIT_ORGANIZATION, UNIT_RESPONSIBILITIES,
};
use juesuan_io::{Format, IoError, Loaded};
use juesuan_model::fields::Record;
use juesuan_model::tables::{
    AppropriationIncome, AppropriationValues, Coverage, ExpenditureValues, GeneralBudgetValues,
    SummaryExpenditureTotals, SummaryIncome, TableKind, Tables, ThreePublicFigures,
};
use juesuan_model::text::{compact, strip_list_number};
use juesuan_model::{Amount, Catalog, MemberUnit, Package, PriorYear, Profile};
use regex::Regex;

use crate::numbers::re;
use crate::recognize::is_heading;
use crate::{Checked, DocumentKind};

/// The keys of `Explanation::texts` that stand from year to year and are carried: what the
/// templates read for 主要职能 (Shanghai), 主要职责 (Beijing), 机构设置 and the unit's own
/// 名词解释. The other texts (uses of the 三公 funds, 绩效 work) are the year's own.
pub const STANDING_TEXTS: [&str; 4] = ["主要职能", "主要职责", "机构设置", "名词解释"];

/// The name a carried form gets when neither the source nor the user names the unit.
const UNNAMED: &str = "（请填写单位名称）";

/// What `init --from` asks for; what is left out is taken from the source (the year is the
/// source's year + 1).
#[derive(Debug, Clone, Copy, Default)]
pub struct Request<'a> {
    /// `--profile`: a profile id or name (`shanghai`, `上海市`).
    pub profile: Option<&'a str>,
    /// `--year`: the year of the new form.
    pub year: Option<u16>,
    /// `--unit`: the unit's name.
    pub unit: Option<&'a str>,
    /// The text a profile's generated document prints whatever the package says (its
    /// template: `juesuan_render::template::builtin`). 名词解释 paragraphs of a published
    /// document found in it are not carried: the new document prints them anyway.
    pub standard: Option<fn(&str) -> Option<&'static str>>,
}

/// One thing carried, and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What (`上年收入支出总计`, `主要职能`).
    pub what: String,
    /// The value as listed (`2995.39 万元`, `13 段`).
    pub value: String,
    /// Where it was read (`第5页 表1 收入支出决算总表`, `表1 收入支出决算总表!B10`).
    pub from: String,
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ← {}", self.what, self.value, self.from)
    }
}

/// One thing that could not be carried, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// What (`上年机关运行经费`).
    pub what: String,
    /// Why (`上年公开文件中未找到`).
    pub why: String,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：{}", self.what, self.why)
    }
}

/// This year's form and the list of what was carried into it.
#[derive(Debug, Clone)]
pub struct Carried {
    /// The new form: the profile's blank tables, 上年数 and the standing texts.
    pub package: Package,
    /// What the source is, in one line (`上年公开文件：部门决算 · 上海格式 · …`).
    pub source: String,
    /// What was carried, in the order of the form.
    pub items: Vec<Item>,
    /// What could not be.
    pub missing: Vec<Missing>,
    /// Worth a look: a year skipped, another unit's name, 名词解释 left to the template.
    pub notes: Vec<String>,
}

/// Why nothing was carried.
#[derive(Debug)]
pub enum CarryError {
    /// The source could not be read (the reader's error, naming the file and the place).
    Read(IoError),
    /// The source cannot be carried from, or the request contradicts it.
    Refused(String),
}

impl fmt::Display for CarryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CarryError::Read(e) => write!(f, "{e}"),
            CarryError::Refused(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for CarryError {}

impl From<IoError> for CarryError {
    fn from(e: IoError) -> Self {
        CarryError::Read(e)
    }
}

/// The file extensions read as published documents; the others as packages.
const DOCUMENT_EXTENSIONS: [&str; 5] = ["pdf", "docx", "html", "htm", "txt"];

/// Builds this year's form from last year's package or published document at `path`.
pub fn carry(path: &Path, catalog: &Catalog, req: &Request) -> Result<Carried, CarryError> {
    let name = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if path.is_dir() || Format::from_path(path).is_some() || ext == "xls" || ext == "ods" {
        let loaded = juesuan_io::load(path, catalog)?;
        from_package(&loaded, req)
    } else if DOCUMENT_EXTENSIONS.contains(&ext.as_str()) || ext == "doc" {
        let checked = crate::check_file(path, catalog)?;
        from_document(&checked, &name, req)
    } else if !path.exists() {
        Err(CarryError::Read(IoError::NotFound(path.to_path_buf())))
    } else {
        Err(CarryError::Refused(format!(
            "上年文件“{name}”：无法识别的文件类型；可用上年的数据包（.xlsx、.toml、.json 或含 package.toml 的文件夹）或上年公开的决算文件（.pdf、.docx、.html、.txt）"
        )))
    }
}

/// Carries from a package read by `juesuan_io::load`.
pub fn from_package(loaded: &Loaded, req: &Request) -> Result<Carried, CarryError> {
    let src = &loaded.package;
    let file = loaded.path.display().to_string();
    let origin = Origin::Package(loaded);
    let mut out = start(
        &file,
        Some(src.unit.profile.as_str()).filter(|p| !p.is_empty()),
        (src.unit.year != 0).then_some(src.unit.year),
        Some(src.unit.name.as_str()),
        req,
    )?;
    out.source = format!(
        "上年数据包：{} · {}年度 · {}（{file}）",
        src.unit.name,
        src.unit.year,
        loaded.format.label()
    );
    let profile = out.profile;
    figures(&mut out, &src.tables, profile, &origin);
    let running = src
        .agency_running_costs
        .map(|a| (a, origin.running_place()));
    agency(&mut out, running, &origin);
    // the standing texts, where the source keeps them
    let pkg_place = |sheet: &str, label: &str, field: &str| origin.text_place(sheet, label, field);
    let u = &src.unit;
    if let Some(d) = nonblank(u.department.as_deref()) {
        out.package.unit.department = Some(d.to_string());
        out.item(
            "主管部门",
            d.to_string(),
            pkg_place(SHEET_UNIT, UNIT_DEPARTMENT, "unit.department"),
        );
    }
    if let Some(r) = nonblank(u.responsibilities.as_deref()) {
        out.package.unit.responsibilities = Some(r.to_string());
        out.item(
            "主要职能",
            lines(r),
            pkg_place(SHEET_UNIT, UNIT_RESPONSIBILITIES, "unit.responsibilities"),
        );
    }
    if let Some(o) = nonblank(u.organization.as_deref()) {
        out.package.unit.organization = Some(o.to_string());
        out.item(
            "机构设置",
            lines(o),
            pkg_place(SHEET_UNIT, UNIT_ORGANIZATION, "unit.organization"),
        );
    }
    if !u.members.is_empty() {
        out.package.unit.members = u.members.clone();
        out.item(
            "决算单位构成",
            format!("{} 个单位", u.members.len()),
            pkg_place(SHEET_UNIT, UNIT_MEMBERS, "unit.members"),
        );
    }
    for key in STANDING_TEXTS {
        if let Some(t) = nonblank(src.explanation.texts.get(key).map(String::as_str)) {
            out.package
                .explanation
                .texts
                .insert(key.to_string(), t.to_string());
            out.item(
                key,
                lines(t),
                pkg_place(SHEET_TEXTS, key, &format!("explanation.texts.{key}")),
            );
        }
    }
    let has =
        |out: &Out, keys: &[&str]| keys.iter().any(|k| out.items.iter().any(|i| i.what == *k));
    if !has(&out, &["主要职能", "主要职责"]) {
        out.missing("主要职能", "上年数据包中没有填写");
    }
    if !has(&out, &["机构设置", "决算单位构成"]) {
        out.missing("机构设置", "上年数据包中没有填写");
    }
    Ok(out.finish())
}

/// Carries from a published document already checked.
pub fn from_document(checked: &Checked, name: &str, req: &Request) -> Result<Carried, CarryError> {
    let rec = &checked.recognition;
    match &rec.kind {
        DocumentKind::FinalAccounts { .. } => {}
        DocumentKind::Budget { .. } => {
            return Err(CarryError::Refused(format!(
                "上年文件“{name}”是{}公开文件（{}），不是决算：上年数应取上年决算的数字，请用上年的部门决算公开文件或数据包",
                rec.kind.label(),
                checked.describe()
            )));
        }
        _ => {
            let why = checked
                .unrecognised()
                .unwrap_or_else(|| "未识别出决算公开内容".to_string());
            return Err(CarryError::Refused(format!("上年文件“{name}”：{why}")));
        }
    }
    let origin = Origin::Document(checked);
    let mut out = start(
        name,
        rec.profile.map(|r| r.id()),
        rec.year,
        rec.unit.as_deref(),
        req,
    )?;
    out.source = format!("上年公开文件：{}（{name}）", checked.describe());
    let profile = out.profile;
    figures(&mut out, &checked.package.tables, profile, &origin);
    let running = running_from_text(&checked.document);
    agency(&mut out, running, &origin);
    texts(&mut out, &checked.document, req);
    Ok(out.finish())
}

// ---------------------------------------------------------------- the form

/// The form being filled and the lists.
struct Out {
    package: Package,
    profile: &'static Profile,
    source: String,
    items: Vec<Item>,
    missing: Vec<Missing>,
    notes: Vec<String>,
    /// `上年公开文件` or `上年数据包`, for the reasons.
    word: &'static str,
}

impl Out {
    fn item(&mut self, what: &str, value: String, from: String) {
        self.items.push(Item {
            what: what.to_string(),
            value,
            from,
        });
    }

    fn missing(&mut self, what: &str, why: impl Into<String>) {
        self.missing.push(Missing {
            what: what.to_string(),
            why: why.into(),
        });
    }

    fn finish(self) -> Carried {
        Carried {
            package: self.package,
            source: self.source,
            items: self.items,
            missing: self.missing,
            notes: self.notes,
        }
    }
}

/// The new form's unit, year and profile: the request's, else the source's.
fn start(
    file: &str,
    src_profile: Option<&str>,
    src_year: Option<u16>,
    src_unit: Option<&str>,
    req: &Request,
) -> Result<Out, CarryError> {
    let refuse = |m: String| Err(CarryError::Refused(m));
    let src_profile = src_profile.and_then(Profile::builtin);
    let wanted = match req.profile {
        Some(p) => match Profile::find(p) {
            Some(p) => Some(p),
            None => {
                return refuse(format!(
                    "地区格式“{p}”未知，可用：{}",
                    Profile::builtin_ids().join("、")
                ));
            }
        },
        None => None,
    };
    let profile = match (wanted, src_profile) {
        (Some(w), Some(s)) if w.id != s.id => {
            return refuse(format!(
                "上年文件“{file}”是{}格式，--profile 指定的是{}：同一单位两年的公开格式应当相同，上年的说明文字也是按上年的格式写的；不指定 --profile 即沿用上年的格式",
                s.name, w.name
            ));
        }
        (Some(p), _) | (None, Some(p)) => p,
        (None, None) => {
            return refuse(format!(
                "未识别出上年文件“{file}”的地区格式，请用 --profile 指定（可用：{}）",
                Profile::builtin_ids().join("、")
            ));
        }
    };
    let mut notes = Vec::new();
    let year = match (req.year, src_year) {
        (Some(y), _) => y,
        (None, Some(s)) => s.saturating_add(1),
        (None, None) => {
            return refuse(format!(
                "未识别出上年文件“{file}”的年度，请用 --year 指定本年度"
            ));
        }
    };
    if !(1990..=2100).contains(&year) {
        return refuse(format!("年度“{year}”不合理，应为四位年份，如 2025"));
    }
    if let Some(s) = src_year {
        if year <= s {
            return refuse(format!(
                "上年文件“{file}”是{s}年度的，本年度 {year} 应当晚于它（不指定 --year 即为 {}）",
                s.saturating_add(1)
            ));
        }
        if year > s.saturating_add(1) {
            notes.push(format!(
                "上年文件是{s}年度的，不是{}年度：带入的“上年数”是{s}年度的数字，请核对",
                year - 1
            ));
        }
    }
    let src_unit = src_unit.map(str::trim).filter(|u| !u.is_empty());
    let unit = match (req.unit.map(str::trim).filter(|u| !u.is_empty()), src_unit) {
        (Some(u), Some(s)) => {
            if compact(u) != compact(s) {
                notes.push(format!(
                    "上年文件的单位是“{s}”，与 --unit 指定的“{u}”不同：带入的是“{s}”的数字和文字，请核对"
                ));
            }
            u
        }
        (Some(u), None) | (None, Some(u)) => u,
        (None, None) => {
            notes.push("上年文件中未识别出单位名称，请在工作簿“单位信息”中填写".to_string());
            UNNAMED
        }
    };
    Ok(Out {
        package: Package::blank(unit, year, profile),
        profile,
        source: String::new(),
        items: Vec::new(),
        missing: Vec::new(),
        notes,
        word: "",
    })
}

// ---------------------------------------------------------------- figures

/// One place a prior-year figure may be read: a line (and column) of a table.
struct CellSpec {
    kind: TableKind,
    /// The path of the figure within its table, as `Tables::absent` names it
    /// (`income.grand_total`; a column key for a coded table's totals).
    absent: &'static str,
    /// The path in a package file (`tables.summary.income.grand_total`).
    field: &'static str,
    /// The line and column as `Tables::figures` and the workbook's `Sources` name them.
    line: &'static str,
    column: Option<&'static str>,
    /// The figure: `None` when the table is absent.
    get: fn(&Tables) -> Option<Option<Amount>>,
}

/// A prior-year field and the places its figure is read from, in order.
struct Spec {
    field: &'static str,
    cells: Vec<CellSpec>,
}

/// The label of field `key` of record `R` (the key itself if the record has none, which
/// the tests rule out).
fn label<R: Record>(key: &'static str) -> &'static str {
    R::FIELDS
        .iter()
        .find(|f| f.key == key)
        .map_or(key, |f| f.label)
}

/// The 三公 决算数 column's label, as the workbook and the figures list name it.
const ACTUAL: &str = "决算数";

fn specs() -> Vec<Spec> {
    let summary_income = |key: &'static str, absent, field| CellSpec {
        kind: TableKind::Summary,
        absent,
        field,
        line: label::<SummaryIncome>(key),
        column: None,
        get: match key {
            "total" => |t: &Tables| t.summary.as_ref().map(|s| s.income.total),
            _ => |t: &Tables| t.summary.as_ref().map(|s| s.income.grand_total),
        },
    };
    let three = |key: &'static str, field, get| CellSpec {
        kind: TableKind::ThreePublic,
        absent: "",
        field,
        line: label::<ThreePublicFigures>(key),
        column: Some(ACTUAL),
        get,
    };
    vec![
        Spec {
            field: "grand_total",
            cells: vec![
                summary_income(
                    "grand_total",
                    "income.grand_total",
                    "tables.summary.income.grand_total",
                ),
                CellSpec {
                    kind: TableKind::Summary,
                    absent: "expenditure_totals.grand_total",
                    field: "tables.summary.expenditure_totals.grand_total",
                    line: label::<SummaryExpenditureTotals>("grand_total"),
                    column: None,
                    get: |t| t.summary.as_ref().map(|s| s.expenditure_totals.grand_total),
                },
            ],
        },
        Spec {
            field: "income_total",
            cells: vec![summary_income(
                "total",
                "income.total",
                "tables.summary.income.total",
            )],
        },
        Spec {
            field: "expenditure_total",
            cells: vec![
                CellSpec {
                    kind: TableKind::Summary,
                    absent: "expenditure_totals.total",
                    field: "tables.summary.expenditure_totals.total",
                    line: label::<SummaryExpenditureTotals>("total"),
                    column: None,
                    get: |t| t.summary.as_ref().map(|s| s.expenditure_totals.total),
                },
                CellSpec {
                    kind: TableKind::Expenditure,
                    absent: "total",
                    field: "tables.expenditure.total.total",
                    line: "合计",
                    column: Some(label::<ExpenditureValues>("total")),
                    get: |t| t.expenditure.as_ref().map(|e| e.total.total),
                },
            ],
        },
        Spec {
            field: "appropriation_grand_total",
            cells: vec![
                CellSpec {
                    kind: TableKind::AppropriationSummary,
                    absent: "income.grand_total",
                    field: "tables.appropriation_summary.income.grand_total",
                    line: label::<AppropriationIncome>("grand_total"),
                    column: None,
                    get: |t| {
                        t.appropriation_summary
                            .as_ref()
                            .map(|a| a.income.grand_total)
                    },
                },
                CellSpec {
                    kind: TableKind::AppropriationSummary,
                    absent: "grand_total.total",
                    field: "tables.appropriation_summary.grand_total.total",
                    line: "总计",
                    column: Some(label::<AppropriationValues>("total")),
                    get: |t| {
                        t.appropriation_summary
                            .as_ref()
                            .map(|a| a.grand_total.total)
                    },
                },
            ],
        },
        Spec {
            field: "general_budget_expenditure",
            cells: vec![CellSpec {
                kind: TableKind::GeneralBudget,
                absent: "total",
                field: "tables.general_budget.total.total",
                line: "合计",
                column: Some(label::<GeneralBudgetValues>("total")),
                get: |t| t.general_budget.as_ref().map(|g| g.total.total),
            }],
        },
        Spec {
            field: "three_public_total",
            cells: vec![three("total", "tables.three_public.actual.total", |t| {
                t.three_public.as_ref().map(|x| x.actual.total)
            })],
        },
        Spec {
            field: "three_public_overseas",
            cells: vec![three(
                "overseas",
                "tables.three_public.actual.overseas",
                |t| t.three_public.as_ref().map(|x| x.actual.overseas),
            )],
        },
        Spec {
            field: "three_public_vehicle",
            cells: vec![three(
                "vehicle",
                "tables.three_public.actual.vehicle",
                |t| t.three_public.as_ref().map(|x| x.actual.vehicle),
            )],
        },
        Spec {
            field: "three_public_reception",
            cells: vec![three(
                "reception",
                "tables.three_public.actual.reception",
                |t| t.three_public.as_ref().map(|x| x.actual.reception),
            )],
        },
    ]
}

/// What a place gave.
enum Found<'a> {
    /// A figure printed.
    Stated(Amount, &'a CellSpec),
    /// A blank cell of a complete table with figures: zero.
    Zero(&'a CellSpec),
    /// Unknown, and why.
    Unknown(String),
}

fn find<'a>(t: &Tables, c: &'a CellSpec, profile: &Profile, word: &str) -> Found<'a> {
    let title = table_label(profile, c.kind);
    match (c.get)(t) {
        None => Found::Unknown(format!("{word}中没有{title}")),
        Some(Some(a)) => Found::Stated(a, c),
        Some(None) => {
            if !c.absent.is_empty() && t.absent(c.kind).iter().any(|a| a == c.absent) {
                Found::Unknown(format!("{title}未印出此数"))
            } else if t.coverage(c.kind) == Some(Coverage::Partial) {
                Found::Unknown(format!("{title}不完整，此数空缺"))
            } else if !t.figures().iter().any(|f| f.table == c.kind) {
                Found::Unknown(format!("{title}中没有数字"))
            } else {
                Found::Zero(c)
            }
        }
    }
}

/// Sets a field of `PriorYear` by key.
fn set_prior(py: &mut PriorYear, field: &str, a: Amount) {
    let slot = match field {
        "grand_total" => &mut py.grand_total,
        "income_total" => &mut py.income_total,
        "expenditure_total" => &mut py.expenditure_total,
        "appropriation_grand_total" => &mut py.appropriation_grand_total,
        "general_budget_expenditure" => &mut py.general_budget_expenditure,
        "agency_running_costs" => &mut py.agency_running_costs,
        "three_public_total" => &mut py.three_public_total,
        "three_public_overseas" => &mut py.three_public_overseas,
        "three_public_vehicle" => &mut py.three_public_vehicle,
        "three_public_reception" => &mut py.three_public_reception,
        "institutional_income" => &mut py.institutional_income,
        "operating_income" => &mut py.operating_income,
        "other_income" => &mut py.other_income,
        "gov_fund_expenditure" => &mut py.gov_fund_expenditure,
        "state_capital_expenditure" => &mut py.state_capital_expenditure,
        "three_public_vehicle_purchase" => &mut py.three_public_vehicle_purchase,
        "three_public_vehicle_running" => &mut py.three_public_vehicle_running,
        _ => return,
    };
    *slot = Some(a);
}

/// `表1 收入支出决算总表` in the profile's numbering, else the table's title.
fn table_label(profile: &Profile, kind: TableKind) -> String {
    match profile.table_number(kind) {
        Some(n) => format!("表{n} {}", profile.title(kind)),
        None => kind.title().to_string(),
    }
}

fn figures(out: &mut Out, tables: &Tables, profile: &Profile, origin: &Origin) {
    out.word = origin.word();
    for spec in specs() {
        let what = label::<PriorYear>(spec.field);
        let mut first_why = None;
        let mut done = false;
        for c in &spec.cells {
            match find(tables, c, profile, out.word) {
                Found::Stated(a, c) => {
                    set_prior(&mut out.package.prior_year, spec.field, a);
                    let from = origin.figure_place(profile, c);
                    out.item(what, format!("{a} 万元"), from);
                    done = true;
                }
                Found::Zero(c) => {
                    set_prior(&mut out.package.prior_year, spec.field, Amount::ZERO);
                    let from = format!("{}（空白，即 0）", origin.figure_place(profile, c));
                    out.item(what, "0 万元".to_string(), from);
                    done = true;
                }
                Found::Unknown(why) => {
                    first_why.get_or_insert(why);
                    continue;
                }
            }
            break;
        }
        if !done {
            let why = first_why.unwrap_or_else(|| format!("{}中未找到", out.word));
            out.missing(what, why);
        }
    }
}

/// 上年机关运行经费: the figure and where it was read.
fn agency(out: &mut Out, running: Option<(Amount, String)>, origin: &Origin) {
    let what = label::<PriorYear>("agency_running_costs");
    match running {
        Some((a, from)) => {
            out.package.prior_year.agency_running_costs = Some(a);
            out.item(what, format!("{a} 万元"), from);
        }
        None => out.missing(
            what,
            match origin {
                Origin::Package(_) => "上年数据包中没有填写机关运行经费",
                Origin::Document(_) => "上年公开文件中未找到",
            },
        ),
    }
}

re!(
    RUNNING,
    r"机关运行经费(?:财政拨款)?(?:支出)?(?:决算数?)?(?:为|共计|合计)?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);

/// 机关运行经费 as a document's text states it: `机关运行经费支出184.65万元`, else the first
/// amount of the section about it (`二、机关运行经费支出情况` / `…合计74.35万元`).
fn running_from_text(doc: &Document) -> Option<(Amount, String)> {
    let amount = |s: &str| -> Option<Amount> {
        let clean: String = s.chars().filter(|c| *c != ',').collect();
        Amount::parse(&clean, juesuan_model::MoneyUnit::Wan)
            .ok()
            .flatten()
    };
    let place = |at: At| match at.page {
        Some(p) => format!("第{p}页 说明文字"),
        None => format!("{at} 说明文字"),
    };
    for p in doc.paras() {
        if let Some(c) = RUNNING.captures(&p.text)
            && let Some(a) = c.get(1).and_then(|m| amount(m.as_str()))
        {
            return Some((a, place(p.at)));
        }
    }
    for s in sections(doc) {
        if compact(s.name).contains("机关运行经费") {
            for &(text, at) in &s.paras {
                if let Some(n) = crate::numbers::amounts(text).first() {
                    return Some((Amount::from_wan(n.value), place(at)));
                }
            }
        }
    }
    None
}

// ---------------------------------------------------------------- where

/// The source, for saying where each thing was read.
enum Origin<'a> {
    Package(&'a Loaded),
    Document(&'a Checked),
}

impl Origin<'_> {
    fn word(&self) -> &'static str {
        match self {
            Origin::Package(_) => "上年数据包",
            Origin::Document(_) => "上年公开文件",
        }
    }

    /// Where a table figure was read: the workbook cell, the field of a TOML/JSON file, or
    /// the page of a document.
    fn figure_place(&self, profile: &Profile, c: &CellSpec) -> String {
        let title = table_label(profile, c.kind);
        match self {
            Origin::Package(l) => match l.format {
                Format::Xlsx => l
                    .sources
                    .cell(c.kind, c.line, c.column)
                    .or_else(|| l.sources.cell(c.kind, c.line, None))
                    .map_or(format!("工作表“{title}”"), |cell| {
                        format!("{}!{}", cell.sheet, cell.a1())
                    }),
                _ => c.field.to_string(),
            },
            Origin::Document(ch) => {
                let page = ch
                    .figures
                    .iter()
                    .find(|f| {
                        f.figure.table == c.kind
                            && f.figure.line == c.line
                            && f.figure.column == c.column
                    })
                    .and_then(|f| f.page)
                    .or_else(|| {
                        ch.recognition
                            .tables
                            .iter()
                            .find(|(k, _)| *k == c.kind)
                            .and_then(|(_, at)| at.page)
                    });
                let line = match c.column {
                    Some(col) if col != c.line => format!("{} {col}", c.line),
                    _ => c.line.to_string(),
                };
                match page {
                    Some(p) => format!("第{p}页 {title}“{line}”"),
                    None => format!("{title}“{line}”"),
                }
            }
        }
    }

    /// Where 本年机关运行经费 is in a package.
    fn running_place(&self) -> String {
        match self {
            Origin::Package(l) if l.format == Format::Xlsx => {
                format!("工作表“{SHEET_DATA}”“{AGENCY_RUNNING_COSTS}”")
            }
            _ => "agency_running_costs".to_string(),
        }
    }

    /// Where a text is in a package.
    fn text_place(&self, sheet: &str, label: &str, field: &str) -> String {
        match self {
            Origin::Package(l) if l.format == Format::Xlsx => {
                format!("工作表“{sheet}”“{label}”")
            }
            _ => field.to_string(),
        }
    }
}

// ---------------------------------------------------------------- texts of a document

/// A numbered heading's level: `第一部分` 1, `一、` 2, `（一）` 3, `1.` 4; an unnumbered
/// heading (a DOCX heading style) 2.
fn level(text: &str) -> u8 {
    let t = text.trim_start();
    let numeral = |c: char| "一二三四五六七八九十百零〇".contains(c);
    match t.chars().next() {
        Some('第') if t.contains("部分") => 1,
        Some('（' | '(') if strip_list_number(t).len() < t.len() => 3,
        Some(c) if numeral(c) && strip_list_number(t).len() < t.len() => 2,
        Some(c) if c.is_ascii_digit() && strip_list_number(t).len() < t.len() => 4,
        _ => 2,
    }
}

/// A heading's words without its numbering: `第一部分 上海市…概况` → `上海市…概况`,
/// `一、主要职能` → `主要职能`.
fn heading_name(text: &str) -> &str {
    let t = text.trim();
    if t.starts_with('第')
        && let Some(i) = t.find("部分")
        && t[..i].chars().count() <= 5
    {
        return t[i + "部分".len()..].trim_start();
    }
    strip_list_number(t)
}

/// A section: a heading and what follows it up to the next heading of the same or a higher
/// level.
struct Section<'a> {
    /// The heading as printed.
    heading: &'a str,
    /// Its words without numbering.
    name: &'a str,
    at: At,
    /// The paragraphs (sub-headings included), each with where it starts.
    paras: Vec<(&'a str, At)>,
    tables: Vec<&'a Table>,
}

fn sections(doc: &Document) -> Vec<Section<'_>> {
    let heads: Vec<(usize, u8)> = doc
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            // a public table's title ends every text section (level 0, not a section)
            Block::Para(p)
                if p.text.chars().count() <= 60 && TableKind::named_by(&p.text).is_some() =>
            {
                Some((i, 0))
            }
            Block::Para(p) if p.heading || is_heading(&p.text) => Some((i, level(&p.text))),
            _ => None,
        })
        .collect();
    heads
        .iter()
        .enumerate()
        .filter_map(|(k, &(i, lvl))| {
            let Block::Para(h) = &doc.blocks[i] else {
                return None;
            };
            if lvl == 0 {
                return None;
            }
            let end = heads[k + 1..]
                .iter()
                .find(|&&(_, l)| l <= lvl)
                .map_or(doc.blocks.len(), |&(j, _)| j);
            let mut s = Section {
                heading: h.text.trim(),
                name: heading_name(&h.text),
                at: h.at,
                paras: Vec::new(),
                tables: Vec::new(),
            };
            for b in &doc.blocks[i + 1..end] {
                match b {
                    Block::Para(p) if !p.text.trim().is_empty() => {
                        s.paras.push((p.text.trim(), p.at));
                    }
                    Block::Para(_) => {}
                    Block::Table(t) => s.tables.push(t),
                }
            }
            Some(s)
        })
        .collect()
}

/// Where a section is: `第2页“一、主要职能”`.
fn section_place(s: &Section) -> String {
    match s.at.page {
        Some(p) => format!("第{p}页“{}”", s.heading),
        None => format!("{}“{}”", s.at, s.heading),
    }
}

/// The first section whose name says `pred` and that has text (a table of contents lists
/// the headings with nothing under them).
fn section<'s, 'a>(all: &'s [Section<'a>], pred: impl Fn(&str) -> bool) -> Option<&'s Section<'a>> {
    all.iter()
        .find(|s| pred(&compact(s.name)) && (!s.paras.is_empty() || !s.tables.is_empty()))
}

re!(
    ITEM_START,
    r"。((?:[（(][一二三四五六七八九十百]+[）)])|(?:第[一二三四五六七八九十百]+条)|(?:[一二三四五六七八九十百]+、))"
);

/// The paragraphs as lines. A paragraph the reader joined across a page break (`…规则。
/// （八）负责…`) is parted again where a sentence ends and a numbered item starts.
fn joined(paras: &[(&str, At)]) -> String {
    paras
        .iter()
        .map(|(t, _)| ITEM_START.replace_all(t, "。\n$1").into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The term a 名词解释 paragraph defines (`二、事业收入：指…` → `事业收入`), when it reads
/// as a definition.
fn term(text: &str) -> Option<String> {
    let body = compact(strip_list_number(text));
    let (term, rest) = body.split_once(':')?;
    (!term.is_empty() && term.chars().count() <= 20 && !rest.is_empty()).then(|| term.to_string())
}

/// Whether a 名词解释 paragraph is one the template prints anyway: it defines a term the
/// template defines (`事业收入：`, whatever the wording), or its text is in the template.
fn is_standard(text: &str, standard: &str) -> bool {
    match term(text) {
        Some(t) => standard.contains(&format!("、{t}:")) || standard.contains(&format!(".{t}:")),
        None => standard.contains(&compact(strip_list_number(text))),
    }
}

/// The member units listed in a section's table (`序号 | 单位名称 | 备注`).
fn members(s: &Section) -> Vec<MemberUnit> {
    for t in &s.tables {
        let Some((hr, nc)) = t.rows.iter().enumerate().find_map(|(r, row)| {
            row.iter()
                .position(|c| compact(&c.text) == "单位名称")
                .map(|c| (r, c))
        }) else {
            continue;
        };
        let note_col = t.rows[hr]
            .iter()
            .position(|c| compact(&c.text).contains("备注"));
        let out: Vec<MemberUnit> = t.rows[hr + 1..]
            .iter()
            .filter_map(|row| {
                let name = row.get(nc)?.text.trim();
                if name.is_empty() || compact(name) == "单位名称" {
                    return None;
                }
                let note = note_col
                    .and_then(|c| row.get(c))
                    .map(|c| c.text.trim())
                    .filter(|n| !n.is_empty());
                Some(MemberUnit {
                    name: name.to_string(),
                    note: note.map(str::to_string),
                })
            })
            .collect();
        if !out.is_empty() {
            return out;
        }
    }
    Vec::new()
}

fn is_responsibilities(name: &str) -> bool {
    (name.contains("职能") || name.contains("职责"))
        && !name.contains("绩效")
        && name.chars().count() <= 12
}

fn texts(out: &mut Out, doc: &Document, req: &Request) {
    let all = sections(doc);
    let mut responsibilities =
        section(&all, is_responsibilities).map(|s| (joined(&s.paras), section_place(s)));
    let mut organization = section(&all, |n| n.contains("机构设置") && !n.contains("单位构成"))
        .map(|s| (joined(&s.paras), section_place(s)));
    // The Beijing format: `一、部门/单位基本情况`, the organisation, then `主要职责：` and the
    // responsibilities.
    if let Some(s) = section(&all, |n| {
        n.contains("单位基本情况") || n.contains("部门基本情况")
    }) && (responsibilities.is_none() || organization.is_none())
    {
        let split = s.paras.iter().position(|(t, _)| {
            let c = compact(t);
            c.starts_with("主要职责") || c.starts_with("主要职能")
        });
        let (before, after) = match split {
            Some(k) => {
                let head = s.paras[k].0;
                let rest = head
                    .split_once(['：', ':'])
                    .map(|(_, r)| r.trim())
                    .filter(|r| !r.is_empty());
                let mut after: Vec<(&str, At)> =
                    rest.map(|r| (r, s.paras[k].1)).into_iter().collect();
                after.extend_from_slice(&s.paras[k + 1..]);
                (s.paras[..k].to_vec(), after)
            }
            None => (s.paras.clone(), Vec::new()),
        };
        if organization.is_none() && !before.is_empty() {
            organization = Some((joined(&before), section_place(s)));
        }
        if responsibilities.is_none() && !after.is_empty() {
            responsibilities = Some((joined(&after), section_place(s)));
        }
    }
    match responsibilities {
        Some((text, from)) => {
            out.item("主要职能", lines(&text), from);
            out.package.unit.responsibilities = Some(text);
        }
        None => out.missing("主要职能", "上年公开文件中未找到“主要职能”一节"),
    }
    let member_section = section(&all, |n| n.contains("单位构成"));
    let member_units = member_section.map(members).unwrap_or_default();
    if let (Some(s), false) = (member_section, member_units.is_empty()) {
        out.item(
            "决算单位构成",
            format!("{} 个单位", member_units.len()),
            section_place(s),
        );
        out.package.unit.members = member_units;
    }
    match organization {
        Some((text, from)) => {
            out.item("机构设置", lines(&text), from);
            out.package.unit.organization = Some(text);
        }
        // several member units: the template prints 决算单位构成 instead of 机构设置
        None if out.package.unit.members.len() > 1 => {}
        None => out.missing(
            "机构设置",
            "上年公开文件中未找到“机构设置”或“决算单位构成”一节",
        ),
    }
    let Some(s) = section(&all, |n| n.contains("名词解释")) else {
        out.missing("名词解释", "上年公开文件中未找到“名词解释”一节");
        return;
    };
    let standard = req.standard.and_then(|f| f(&out.profile.id)).map(compact);
    let own: Vec<(&str, At)> = s
        .paras
        .iter()
        .filter(|(t, _)| {
            !compact(t).is_empty() && !standard.as_deref().is_some_and(|s| is_standard(t, s))
        })
        .copied()
        .collect();
    if own.is_empty() {
        out.notes.push(format!(
            "名词解释：上年的 {} 段都是{}格式模板已有的标准解释，生成文档时照印，未带入",
            s.paras.len(),
            out.profile.name
        ));
    } else {
        let standard_n = s.paras.len() - own.len();
        let text = joined(&own);
        let value = if standard_n > 0 {
            format!(
                "{}（另有 {standard_n} 段是模板已有的标准解释，未带入）",
                lines(&text)
            )
        } else {
            lines(&text)
        };
        out.item("名词解释", value, section_place(s));
        out.package
            .explanation
            .texts
            .insert("名词解释".to_string(), text);
    }
}

fn nonblank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// `13 段` for a text of lines.
fn lines(s: &str) -> String {
    format!("{} 段", s.lines().filter(|l| !l.trim().is_empty()).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_the_models() {
        for spec in specs() {
            assert!(PriorYear::index_of(spec.field).is_some(), "{}", spec.field);
            assert_ne!(label::<PriorYear>(spec.field), spec.field);
            for c in &spec.cells {
                assert!(!c.line.is_ascii(), "{}: {}", spec.field, c.line);
                assert!(c.column.is_none_or(|c| !c.is_ascii()));
            }
        }
        let mut py = PriorYear::default();
        for (i, f) in PriorYear::FIELDS.iter().enumerate() {
            set_prior(&mut py, f.key, Amount::ZERO);
            assert!(py.get(i).is_some(), "{}", f.key);
        }
    }

    #[test]
    fn headings_levels_and_names() {
        assert_eq!(level("第一部分 上海市普陀区财政局概况"), 1);
        assert_eq!(level("一、主要职能"), 2);
        assert_eq!(level("（一）机关运行经费支出情况"), 3);
        assert_eq!(level("1.基本支出"), 4);
        assert_eq!(level("主要职能"), 2);
        assert_eq!(heading_name("第四部分 名词解释"), "名词解释");
        assert_eq!(heading_name("二、部门决算单位构成"), "部门决算单位构成");
        assert!(is_responsibilities("主要职能"));
        assert!(is_responsibilities("部门主要职责"));
        assert!(!is_responsibilities("部门整体绩效评价与职能"));
    }

    #[test]
    fn items_joined_across_a_page_are_parted_and_terms_named() {
        let paras = [(
            "（七）负责会计管理工作。（八）负责非税收入管理。",
            At::default(),
        )];
        assert_eq!(
            joined(&paras),
            "（七）负责会计管理工作。\n（八）负责非税收入管理。"
        );
        assert_eq!(
            term("二、事业收入：指事业单位…").as_deref(),
            Some("事业收入")
        );
        assert_eq!(term("续上页的文字，没有冒号"), None);
        let standard = compact("一、财政拨款收入：指…\n2.基本支出：指…");
        assert!(is_standard("一、财政拨款收入：另一种说法", &standard));
        assert!(is_standard("4.基本支出：指…", &standard));
        assert!(!is_standard("十二、公物仓：指…", &standard));
    }

    #[test]
    fn running_costs_from_the_sentence() {
        for (text, want) in [
            (
                "机关运行经费支出184.65万元，比2023年度增加2.55万元",
                "184.65",
            ),
            ("2024年度机关运行经费决算数为1,024.50万元。", "1024.50"),
        ] {
            let c = RUNNING.captures(text).unwrap();
            assert_eq!(c.get(1).unwrap().as_str().replace(',', ""), want);
        }
        assert!(RUNNING.captures("机关运行经费预算为20万元").is_none());
    }
}
