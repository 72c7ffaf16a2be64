//! What a profile's template sees: every figure of the package under a stable name, with
//! its label, as exact decimal text (never a float), or `null` when the package does not
//! give it (an absent table, a blank cell of a partial table). Wording — changes, shares,
//! omissions, gaps — is done by the template helpers in `template.rs`.

use std::collections::BTreeMap;

use juesuan_model::tables::{CodedTable, FundRow, ThreePublicFigures};
use juesuan_model::{
    Amount, Catalog, Code, Coverage, Level, Package, Profile, Subject, ThreePublicItem,
};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::format::text_amount;

/// A figure with its label: `v` is exact decimal text, `None` when unknown.
#[derive(Debug, Clone, Serialize)]
pub struct Fig {
    /// What it is (`收入支出总计`), for lists and for the gap shown when unknown.
    pub label: String,
    /// The value in 万元, exact.
    pub v: Option<String>,
}

impl Fig {
    fn new(label: &str, v: Option<Decimal>) -> Fig {
        Fig {
            label: label.to_string(),
            v: v.map(text_amount),
        }
    }
}

/// Reads cells of one table: a blank is zero in a complete table, unknown otherwise.
#[derive(Clone, Copy)]
struct Reader {
    complete: bool,
}

impl Reader {
    fn of(coverage: Option<Coverage>) -> Reader {
        Reader {
            complete: coverage == Some(Coverage::Complete),
        }
    }

    fn get(self, a: Option<Amount>) -> Option<Decimal> {
        match a {
            Some(a) => Some(a.value()),
            None if self.complete => Some(Decimal::ZERO),
            None => None,
        }
    }

    fn fig(self, label: &str, a: Option<Amount>) -> Fig {
        Fig::new(label, self.get(a))
    }
}

/// One function line of a table, as the explanation cites it.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// 科目编码
    pub code: String,
    /// 科目名称 as printed.
    pub name: String,
    /// `一般公共服务支出（类）财政事务（款）行政运行（项）`.
    pub path: String,
    /// 决算数
    pub total: Fig,
    /// 年初预算数
    pub budget: Fig,
    /// The subject its remark is filed under (`一般公共预算财政拨款支出科目:2010601`).
    pub subject: String,
}

/// One 三公 item with its budget, actual and prior-year figures.
#[derive(Debug, Clone, Serialize)]
pub struct ThreePublicLine {
    /// `因公出国（境）费`
    pub label: String,
    /// 预算数
    pub budget: Fig,
    /// 决算数
    pub actual: Fig,
    /// 上年决算数
    pub prior: Fig,
    /// Subject of its budget remark.
    pub budget_subject: String,
    /// Subject of its prior-year remark.
    pub prior_subject: String,
}

/// Counts of the department summary of performance (Shanghai 十, the seed's Part 4).
#[derive(Debug, Clone, Serialize)]
pub struct PerformanceSummary {
    /// Number of projects evaluated.
    pub projects: u32,
    /// Budget covered (万元).
    pub budget: Fig,
    /// Mean stated total score.
    pub average: Option<String>,
    /// Projects per grade, in the profile's order.
    pub grades: Vec<(String, u32)>,
    /// Where the figures come from: `自评表` (computed) or `填报` (management figures).
    pub source: &'static str,
    /// Budgets that were evidently in 元 and were counted in 万元.
    pub converted: u32,
}

/// The template context.
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// Unit name, year, organisation.
    pub unit: UnitCtx,
    /// Profile id, name, settings.
    pub profile: ProfileCtx,
    /// The profile's tables in order: number, key, title.
    pub tables: Vec<TableRef>,
    /// Named figures of this year.
    pub f: BTreeMap<&'static str, Fig>,
    /// Named figures of the prior year.
    pub prior: BTreeMap<&'static str, Fig>,
    /// Income by source (收入支出决算总表), in printed order.
    pub income_sources: Vec<Fig>,
    /// Expenditure by kind (支出决算表 合计 row), in printed order.
    pub expenditure_kinds: Vec<Fig>,
    /// 一般公共预算财政拨款支出 by class.
    pub gb_classes: Vec<Line>,
    /// 一般公共预算财政拨款支出 by item (项).
    pub gb_items: Vec<Line>,
    /// The lines the profile compares with 年初预算 (classes or items).
    pub gb_lines: Vec<Line>,
    /// 政府性基金 expenditure by item.
    pub gf_items: Vec<Line>,
    /// 国有资本经营 expenditure by item.
    pub sc_items: Vec<Line>,
    /// Names of 人员经费 items with expenditure (基本支出表).
    pub personnel_items: Vec<String>,
    /// Names of 公用经费 items with expenditure.
    pub public_items: Vec<String>,
    /// 三公: 合计 then the three items.
    pub three_public: Vec<ThreePublicLine>,
    /// 三公 counts and uses.
    pub three_public_details: BTreeMap<&'static str, String>,
    /// 国有资产: vehicles by kind and equipment.
    pub assets: BTreeMap<&'static str, String>,
    /// 政府采购 figures.
    pub procurement: BTreeMap<&'static str, Fig>,
    /// 部门整体绩效评价 score and grade.
    pub department_score: Option<String>,
    /// 部门整体绩效评价 grade.
    pub department_grade: Option<String>,
    /// 部门整体绩效评价 text sections.
    pub department_sections: Vec<(String, String)>,
    /// 预算绩效管理: systems and mechanism, problems.
    pub management: BTreeMap<&'static str, String>,
    /// The department summary of the project self-evaluations.
    pub performance: Option<PerformanceSummary>,
    /// Number of project self-evaluation tables.
    pub project_count: usize,
    /// Free text blocks of the explanation.
    pub texts: BTreeMap<String, String>,
}

/// Unit facts.
#[derive(Debug, Clone, Serialize)]
pub struct UnitCtx {
    /// 单位名称
    pub name: String,
    /// Year.
    pub year: u16,
    /// Prior year.
    pub prior_year: u16,
    /// 主管部门
    pub department: Option<String>,
    /// 机构设置
    pub organization: Option<String>,
    /// 主要职能, one entry per line.
    pub responsibilities: Vec<String>,
    /// 决算单位构成: name and note.
    pub members: Vec<(String, String)>,
}

/// Profile facts.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileCtx {
    /// Id.
    pub id: String,
    /// Region name.
    pub name: String,
    /// Whether zero items are listed.
    pub list_zero_items: bool,
}

/// A table of the profile.
#[derive(Debug, Clone, Serialize)]
pub struct TableRef {
    /// Number.
    pub number: usize,
    /// Key (`summary`).
    pub key: &'static str,
    /// Title.
    pub title: String,
}

fn sum(vals: &[Option<Decimal>]) -> Option<Decimal> {
    vals.iter().copied().sum()
}

/// The class and section names above an item, from the table's own rows, then the catalog.
fn path_name<R: juesuan_model::CodedRecord>(
    rows: &[R],
    catalog: &Catalog,
    code: Code,
    name: &str,
) -> String {
    let lookup = |c: Code| -> String {
        rows.iter()
            .find(|r| r.code() == c)
            .map(|r| r.name().to_string())
            .or_else(|| catalog.name(&c).map(str::to_string))
            .unwrap_or_else(|| c.as_str().to_string())
    };
    match code.level() {
        Level::Class => format!("{name}（类）"),
        Level::Section => {
            let class = lookup(code.class());
            format!("{class}（类）{name}（款）")
        }
        Level::Item => {
            let class = lookup(code.class());
            let section = code.parent().map(lookup).unwrap_or_default();
            format!("{class}（类）{section}（款）{name}（项）")
        }
    }
}

fn fund_lines(
    t: Option<&CodedTable<FundRow, impl juesuan_model::Record>>,
    catalog: &Catalog,
    head: &str,
) -> Vec<Line> {
    let Some(t) = t else { return Vec::new() };
    let r = Reader::of(Some(t.coverage));
    t.rows
        .iter()
        .filter(|row| row.code.level() == Level::Item)
        .map(|row| Line {
            code: row.code.as_str().to_string(),
            name: row.name.clone(),
            path: path_name(&t.rows, catalog, row.code, &row.name),
            total: r.fig(&row.name, row.expenditure),
            // 年初预算 is not part of the printed table: a blank is unknown
            budget: Fig::new("年初预算", row.initial_budget.map(|a| a.value())),
            subject: format!("{head}:{}", row.code.as_str()),
        })
        .collect()
}

fn three_public_fig(f: &ThreePublicFigures, item: ThreePublicItem) -> Option<Amount> {
    match item {
        ThreePublicItem::Total => f.total,
        ThreePublicItem::Overseas => f.overseas,
        ThreePublicItem::Vehicle => f.vehicle,
        ThreePublicItem::Reception => f.reception,
    }
}

impl Context {
    /// Builds the context of a package for its profile.
    pub fn new(pkg: &Package, profile: &Profile, catalog: &Catalog) -> Context {
        let t = &pkg.tables;
        let mut f = BTreeMap::new();
        let mut prior = BTreeMap::new();

        // 收入支出决算总表
        let s = t.summary.as_ref();
        let rs = Reader::of(s.map(|s| s.coverage));
        let inc = s.map(|s| s.income.clone()).unwrap_or_default();
        let (gb, gf, sc) = (
            rs.get(inc.general_budget),
            rs.get(inc.gov_fund),
            rs.get(inc.state_capital),
        );
        let appropriation_income = sum(&[gb, gf, sc]);
        let income_sources = vec![
            Fig::new("财政拨款收入", appropriation_income),
            rs.fig("上级补助收入", inc.superior_subsidy),
            rs.fig("事业收入", inc.institutional),
            rs.fig("经营收入", inc.operating),
            rs.fig("附属单位上缴收入", inc.affiliate_remittance),
            rs.fig("其他收入", inc.other),
        ];
        f.insert(
            "appropriation_income",
            Fig::new("财政拨款收入", appropriation_income),
        );
        f.insert(
            "general_budget_income",
            Fig::new("一般公共预算财政拨款收入", gb),
        );
        f.insert(
            "gov_fund_income",
            Fig::new("政府性基金预算财政拨款收入", gf),
        );
        f.insert(
            "state_capital_income",
            Fig::new("国有资本经营预算财政拨款收入", sc),
        );
        f.insert("income_total", rs.fig("本年收入合计", inc.total));
        f.insert("grand_total", rs.fig("收入支出总计", inc.grand_total));
        let et = s.map(|s| s.expenditure_totals.clone()).unwrap_or_default();
        // 本年支出合计: the summary's, else the 支出决算表's
        let e = t.expenditure.as_ref();
        let re = Reader::of(e.map(|e| e.coverage));
        let etot = e.map(|e| e.total.clone()).unwrap_or_default();
        let exp_total = rs.get(et.total).or_else(|| re.get(etot.total));
        f.insert("expenditure_total", Fig::new("本年支出合计", exp_total));
        let expenditure_kinds = vec![
            re.fig("基本支出", etot.basic),
            re.fig("项目支出", etot.project),
            re.fig("上缴上级支出", etot.remit_superior),
            re.fig("经营支出", etot.operating),
            re.fig("对附属单位补助支出", etot.affiliate_subsidy),
        ];
        f.insert("basic", re.fig("基本支出", etot.basic));
        f.insert("project", re.fig("项目支出", etot.project));
        let py = &pkg.prior_year;
        let p = |label: &str, a: Option<Amount>| Fig::new(label, a.map(|a| a.value()));
        prior.insert("grand_total", p("上年收入支出总计", py.grand_total));
        prior.insert("income_total", p("上年本年收入合计", py.income_total));
        prior.insert(
            "expenditure_total",
            p("上年本年支出合计", py.expenditure_total),
        );
        prior.insert(
            "appropriation_total",
            p("上年财政拨款收入支出总计", py.appropriation_grand_total),
        );
        prior.insert(
            "general_budget",
            p(
                "上年一般公共预算财政拨款支出",
                py.general_budget_expenditure,
            ),
        );
        prior.insert(
            "agency_running_costs",
            p("上年机关运行经费", py.agency_running_costs),
        );

        // 财政拨款收入支出决算总表
        let a = t.appropriation_summary.as_ref();
        let ra = Reader::of(a.map(|a| a.coverage));
        let ai = a.map(|a| a.income.clone()).unwrap_or_default();
        f.insert(
            "appropriation_total",
            ra.fig(
                "财政拨款收入支出总计",
                ai.grand_total
                    .or_else(|| a.and_then(|a| a.grand_total.total)),
            ),
        );

        // 一般公共预算财政拨款支出决算表
        let g = t.general_budget.as_ref();
        let rg = Reader::of(g.map(|g| g.coverage));
        let gtot = g.map(|g| g.total.clone()).unwrap_or_default();
        f.insert(
            "general_budget",
            rg.fig("一般公共预算财政拨款支出", gtot.total),
        );
        f.insert("general_budget_basic", rg.fig("基本支出", gtot.basic));
        f.insert("general_budget_project", rg.fig("项目支出", gtot.project));
        // 年初预算: stated on the total row, else the sum of the classes when all are given
        let rows = g.map(|g| g.rows.as_slice()).unwrap_or_default();
        let class_budgets: Option<Decimal> = rows
            .iter()
            .filter(|r| r.code.level() == Level::Class)
            .map(|r| r.initial_budget.map(|a| a.value()))
            .sum();
        let any_class = rows.iter().any(|r| r.code.level() == Level::Class);
        f.insert(
            "general_budget_initial",
            Fig::new(
                "一般公共预算财政拨款支出年初预算",
                gtot.initial_budget
                    .map(|a| a.value())
                    .or(class_budgets.filter(|_| any_class)),
            ),
        );
        let line = |row: &juesuan_model::tables::GeneralBudgetRow| Line {
            code: row.code.as_str().to_string(),
            name: row.name.clone(),
            path: path_name(rows, catalog, row.code, &row.name),
            total: rg.fig(&row.name, row.total),
            // 年初预算 is not part of the printed table: a blank is unknown
            budget: Fig::new("年初预算", row.initial_budget.map(|a| a.value())),
            subject: Subject::GeneralBudgetLine(row.code).to_string(),
        };
        let gb_classes: Vec<Line> = rows
            .iter()
            .filter(|r| r.code.level() == Level::Class)
            .map(line)
            .collect();
        let gb_items: Vec<Line> = rows
            .iter()
            .filter(|r| r.code.level() == Level::Item)
            .map(line)
            .collect();
        let gb_lines = match profile.reasons.general_budget_line_level {
            juesuan_model::LineLevel::Class => gb_classes.clone(),
            juesuan_model::LineLevel::Item => gb_items.clone(),
        };

        // 基本支出
        let b = t.general_budget_basic.as_ref();
        let rb = Reader::of(b.map(|b| b.coverage));
        let btot = b.map(|b| b.total.clone()).unwrap_or_default();
        let brows = b.map(|b| b.rows.as_slice()).unwrap_or_default();
        let part = |personnel: bool| -> (Option<Decimal>, Vec<String>) {
            let items: Vec<_> = brows
                .iter()
                .filter(|r| r.code.level() == Level::Section)
                .filter(|r| catalog.is_personnel(&r.code) == personnel)
                .filter(|r| r.amount.is_some_and(|a| !a.is_zero()))
                .collect();
            // the side's total from its 类 rows, read as the table's coverage says; none
            // when the side has no 类 row (an empty sum is not a stated zero)
            let classes: Vec<_> = brows
                .iter()
                .filter(|r| r.code.level() == Level::Class)
                .filter(|r| catalog.is_personnel(&r.code) == personnel)
                .collect();
            let total = if classes.is_empty() {
                None
            } else {
                classes
                    .iter()
                    .map(|r| rb.get(r.amount))
                    .sum::<Option<Decimal>>()
            };
            (total, items.iter().map(|r| r.name.clone()).collect())
        };
        let (personnel_sum, personnel_items) = part(true);
        let (public_sum, public_items) = part(false);
        f.insert(
            "basic_total",
            rb.fig("一般公共预算财政拨款基本支出", btot.total.or(gtot.basic)),
        );
        f.insert(
            "personnel",
            Fig::new(
                "人员经费",
                btot.personnel.map(|a| a.value()).or(personnel_sum),
            ),
        );
        f.insert(
            "public",
            Fig::new("公用经费", btot.public.map(|a| a.value()).or(public_sum)),
        );
        let gfb = t.gov_fund_basic.as_ref();
        f.insert(
            "gov_fund_basic",
            Reader::of(gfb.map(|b| b.coverage))
                .fig("政府性基金基本支出", gfb.and_then(|b| b.total.total)),
        );

        // 政府性基金 / 国有资本经营
        for (key, table, label) in [
            ("gov_fund", t.gov_fund.as_ref(), "政府性基金预算财政拨款"),
            (
                "state_capital",
                t.state_capital.as_ref(),
                "国有资本经营预算财政拨款",
            ),
        ] {
            let r = Reader::of(table.map(|t| t.coverage));
            let tot = table.map(|t| t.total.clone()).unwrap_or_default();
            let (ik, ek) = match key {
                "gov_fund" => ("gov_fund_in", "gov_fund_out"),
                _ => ("state_capital_in", "state_capital_out"),
            };
            f.insert(ik, r.fig(&format!("{label}收入"), tot.income));
            f.insert(ek, r.fig(&format!("{label}支出"), tot.expenditure));
        }
        let gf_items = fund_lines(
            t.gov_fund.as_ref(),
            catalog,
            "政府性基金预算财政拨款支出科目",
        );
        let sc_items = fund_lines(
            t.state_capital.as_ref(),
            catalog,
            "国有资本经营预算财政拨款支出科目",
        );

        // 三公
        let tp = t.three_public.as_ref();
        let rt = Reader::of(tp.map(|t| t.coverage));
        let (budget, actual) = tp
            .map(|t| (t.budget.clone(), t.actual.clone()))
            .unwrap_or_default();
        let prior_tp = |i: ThreePublicItem| match i {
            ThreePublicItem::Total => py.three_public_total,
            ThreePublicItem::Overseas => py.three_public_overseas,
            ThreePublicItem::Vehicle => py.three_public_vehicle,
            ThreePublicItem::Reception => py.three_public_reception,
        };
        let three_public = ThreePublicItem::ALL
            .into_iter()
            .map(|i| {
                let label = match i {
                    ThreePublicItem::Total => "“三公”经费",
                    other => other.label(),
                };
                ThreePublicLine {
                    label: label.to_string(),
                    budget: rt.fig(label, three_public_fig(&budget, i)),
                    actual: rt.fig(label, three_public_fig(&actual, i)),
                    prior: Fig::new(label, prior_tp(i).map(|a| a.value())),
                    budget_subject: Subject::ThreePublicVsBudget(i).to_string(),
                    prior_subject: Subject::ThreePublicVsPrior(i).to_string(),
                }
            })
            .collect();
        f.insert(
            "vehicle_purchase",
            rt.fig("公务用车购置费", actual.vehicle_purchase),
        );
        f.insert(
            "vehicle_operation",
            rt.fig("公务用车运行维护费", actual.vehicle_operation),
        );
        let mut three_public_details = BTreeMap::new();
        if let Some(d) = tp.map(|t| &t.details) {
            let n = |v: Option<u32>| v.map(|v| v.to_string());
            let pairs: [(&'static str, Option<String>); 14] = [
                ("overseas_groups", n(d.overseas_groups)),
                ("overseas_persons", n(d.overseas_persons)),
                ("overseas_use", d.overseas_use.clone()),
                ("vehicles_purchased", n(d.vehicles_purchased)),
                ("vehicle_purchase_use", d.vehicle_purchase_use.clone()),
                ("vehicle_operation_use", d.vehicle_operation_use.clone()),
                ("vehicles_held", n(d.vehicles_held)),
                (
                    "domestic_reception",
                    d.domestic_reception.map(|a| a.text_form()),
                ),
                (
                    "foreign_reception",
                    d.foreign_reception.map(|a| a.text_form()),
                ),
                ("reception_batches", n(d.reception_batches)),
                ("reception_persons", n(d.reception_persons)),
                ("foreign_reception_batches", n(d.foreign_reception_batches)),
                ("foreign_reception_persons", n(d.foreign_reception_persons)),
                ("reception_use", d.reception_use.clone()),
            ];
            three_public_details.extend(pairs.into_iter().filter_map(|(k, v)| Some((k, v?))));
        }

        f.insert(
            "agency_running_costs",
            Fig::new("机关运行经费", pkg.agency_running_costs.map(|a| a.value())),
        );
        let ps = t.purchased_services.as_ref();
        f.insert(
            "purchased_services",
            Reader::of(ps.map(|p| p.coverage)).fig(
                "政府购买服务支出",
                ps.and_then(|p| {
                    p.total.or_else(|| {
                        (!p.items.is_empty())
                            .then(|| Amount::sum(p.items.iter().filter_map(|i| i.amount.as_ref())))
                    })
                }),
            ),
        );

        let pt = t.procurement.as_ref();
        let rp = Reader::of(pt.map(|p| p.coverage));
        let pf = pt.map(|p| p.figures.clone()).unwrap_or_default();
        let procurement = BTreeMap::from([
            ("total", rp.fig("政府采购支出总额", pf.total)),
            ("goods", rp.fig("政府采购货物支出", pf.goods)),
            ("works", rp.fig("政府采购工程支出", pf.works)),
            ("services", rp.fig("政府采购服务支出", pf.services)),
            ("sme", rp.fig("授予中小企业合同金额", pf.sme)),
            (
                "small_micro",
                rp.fig("授予小微企业合同金额", pf.small_micro),
            ),
            (
                "reserved_sme_budget",
                rp.fig("面向中小企业预留项目预算金额", pf.reserved_sme_budget),
            ),
            (
                "reserved_small_micro_budget",
                rp.fig(
                    "面向小微企业预留项目预算金额",
                    pf.reserved_small_micro_budget,
                ),
            ),
            (
                "reserved_sme_awarded",
                rp.fig(
                    "预留项目中由中小企业中标或成交的采购金额",
                    pf.reserved_sme_awarded,
                ),
            ),
            (
                "reserved_small_micro_awarded",
                rp.fig(
                    "预留项目中由小微企业中标或成交的采购金额",
                    pf.reserved_small_micro_awarded,
                ),
            ),
            (
                "other_sme_awarded",
                rp.fig(
                    "其他项目中由中小企业中标或成交的采购金额",
                    pf.other_sme_awarded,
                ),
            ),
        ]);

        let mut assets = BTreeMap::new();
        if let Some(a) = &pkg.assets {
            let n = |v: Option<u32>| v.map(|v| v.to_string());
            let pairs: [(&'static str, Option<String>); 11] = [
                ("vehicles", n(a.vehicles)),
                ("ministerial", n(a.vehicles_ministerial)),
                ("principal", n(a.vehicles_principal)),
                ("confidential", n(a.vehicles_confidential)),
                ("emergency", n(a.vehicles_emergency)),
                ("law_enforcement", n(a.vehicles_law_enforcement)),
                ("special", n(a.vehicles_special)),
                ("retired", n(a.vehicles_retired)),
                ("other", n(a.vehicles_other)),
                ("equipment", n(a.equipment_over_1m)),
                ("as_of", a.as_of.clone()),
            ];
            assets.extend(pairs.into_iter().filter_map(|(k, v)| Some((k, v?))));
        }

        let perf = &pkg.performance;
        let dept = perf.department.as_ref();
        let mut management = BTreeMap::new();
        if let Some(m) = &perf.management {
            let n = |v: Option<u32>| v.map(|v| v.to_string());
            let pairs: [(&'static str, Option<String>); 5] = [
                ("systems", m.systems.clone()),
                ("mechanism", m.mechanism.clone()),
                ("problems_found", n(m.problems_found)),
                ("problems_fixed", n(m.problems_fixed)),
                ("problems_fixing", n(m.problems_fixing)),
            ];
            management.extend(pairs.into_iter().filter_map(|(k, v)| Some((k, v?))));
            for (k, c, b) in [
                ("target", m.target_projects, m.target_budget),
                ("tracked", m.tracked_projects, m.tracked_budget),
            ] {
                if let Some(c) = c {
                    management.insert(
                        if k == "target" {
                            "target_projects"
                        } else {
                            "tracked_projects"
                        },
                        c.to_string(),
                    );
                }
                if let Some(b) = b {
                    management.insert(
                        if k == "target" {
                            "target_budget"
                        } else {
                            "tracked_budget"
                        },
                        b.text_form(),
                    );
                }
            }
        }

        Context {
            unit: UnitCtx {
                name: pkg.unit.name.clone(),
                year: pkg.unit.year,
                prior_year: pkg.unit.year.saturating_sub(1),
                department: pkg.unit.department.clone(),
                organization: pkg.unit.organization.clone(),
                responsibilities: pkg
                    .unit
                    .responsibilities
                    .as_deref()
                    .unwrap_or_default()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
                members: pkg
                    .unit
                    .members
                    .iter()
                    .map(|m| (m.name.clone(), m.note.clone().unwrap_or_default()))
                    .collect(),
            },
            profile: ProfileCtx {
                id: profile.id.clone(),
                name: profile.name.clone(),
                list_zero_items: profile.list_zero_items,
            },
            tables: profile
                .tables
                .iter()
                .enumerate()
                .map(|(i, k)| TableRef {
                    number: i + 1,
                    key: k.key(),
                    title: profile.title(*k).to_string(),
                })
                .collect(),
            f,
            prior,
            income_sources,
            expenditure_kinds,
            gb_classes,
            gb_items,
            gb_lines,
            gf_items,
            sc_items,
            personnel_items,
            public_items,
            three_public,
            three_public_details,
            assets,
            procurement,
            department_score: dept
                .and_then(|d| d.score.as_ref())
                .map(|s| s.text().to_string()),
            department_grade: dept.and_then(|d| d.grade.clone()),
            department_sections: dept
                .map(|d| {
                    d.sections
                        .iter()
                        .map(|s| (s.title.clone(), s.body.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            management,
            performance: performance_summary(pkg, profile),
            project_count: perf.projects.len(),
            texts: pkg.explanation.texts.clone(),
        }
    }
}

/// The department summary: from the project tables when there are any (count, budget
/// covered, mean stated score, projects per grade, as `juesuan_performance` computes them),
/// else the figures the unit filled in.
pub fn performance_summary(pkg: &Package, profile: &Profile) -> Option<PerformanceSummary> {
    let perf = &pkg.performance;
    let grades_of = |counts: &dyn Fn(usize) -> u32| -> Vec<(String, u32)> {
        profile
            .grades
            .iter()
            .enumerate()
            .map(|(i, g)| (g.label.clone(), counts(i)))
            .collect()
    };
    if !perf.projects.is_empty() {
        // The same evaluation `juesuan perf` and the workbench show: distinct projects, budgets
        // in 万元 (those evidently entered in 元 converted), the mean stated 总分, grades.
        let eval = juesuan_performance::evaluate(&perf.projects, profile);
        let s = &eval.summary;
        let converted = eval
            .projects
            .iter()
            .filter(|p| p.differences.iter().any(|d| d.contains("疑似按元填写")))
            .count() as u32;
        return Some(PerformanceSummary {
            projects: s.projects as u32,
            budget: Fig::new("绩效自评项目预算金额", Some(s.budget)),
            average: s.mean_stated.map(|m| crate::format::percent(m, true)),
            grades: s
                .stated_grades
                .iter()
                .map(|(k, n)| (k.clone(), *n as u32))
                .collect(),
            source: "自评表",
            converted,
        });
    }
    let m = perf.management.as_ref()?;
    let stated = [m.grade_excellent, m.grade_good, m.grade_pass, m.grade_fail];
    Some(PerformanceSummary {
        projects: m.evaluated_projects?,
        budget: Fig::new(
            "绩效自评项目预算金额",
            m.evaluated_budget.map(|a| a.value()),
        ),
        average: m.average_score.map(|d| crate::format::percent(d, true)),
        grades: grades_of(&|i| stated.get(i).copied().flatten().unwrap_or(0)),
        source: "填报",
        converted: 0,
    })
}
