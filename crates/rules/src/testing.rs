//! Packages for fixtures, tests and benchmarks: the two bundled examples, and synthetic
//! packages of any size whose every identity holds (every table filled, Beijing profile).

use rust_decimal::Decimal;

use juesuan_model::explanation::{Remark, Subject, ThreePublicItem};
use juesuan_model::performance::{
    DepartmentEvaluation, Funds, FundsLine, Indicator, PerformanceManagement, ProjectEvaluation,
    ProjectTarget, TargetFunds,
};
use juesuan_model::tables::*;
use juesuan_model::{
    Amount, Catalog, CatalogEntry, Change, Code, CodedRecord, Figure, Package, Tables,
};

use crate::rules::Base;

const SHANGHAI: &str = include_str!("../../../examples/shanghai-putuo-czj-2024/package.toml");
const BEIJING: &str = include_str!("../../../examples/beijing-xicheng-kexin-2024/package.toml");
const SHANGHAI_BUDGET: &str =
    include_str!("../../../examples/shanghai-putuo-czj-2025-budget/package.toml");

const BUDGET_2024: &str = include_str!("../tests/fixtures/compare/budget-2024.toml");
const BUDGET_2025: &str = include_str!("../tests/fixtures/compare/budget-2025.toml");

/// The two packages a comparison fixture starts from, in the order its edits name them.
pub fn compare_base(b: crate::compare::CompareBase) -> (Package, Package) {
    use crate::compare::CompareBase;
    match b {
        CompareBase::Accounts => (example(SHANGHAI), example(BUDGET_2024)),
        CompareBase::Budgets => (example(BUDGET_2024), example(BUDGET_2025)),
        CompareBase::NextBudget => (example(SHANGHAI), example(BUDGET_2025)),
    }
}

/// The package a fixture starts from.
pub fn base(b: Base) -> Package {
    match b {
        Base::Shanghai => example(SHANGHAI),
        Base::Beijing => example(BEIJING),
        Base::Synthetic => synthetic(&Size::FIXTURE).0,
        Base::SyntheticBudget => synthetic_budget(&Size::FIXTURE).0,
        Base::ShanghaiBudget => example(SHANGHAI_BUDGET),
    }
}

/// The catalog a fixture is audited with (the synthetic codes added to the built-in one).
pub fn catalog(b: Base) -> Catalog {
    match b {
        Base::Synthetic => synthetic(&Size::FIXTURE).1,
        Base::SyntheticBudget => synthetic_budget(&Size::FIXTURE).1,
        _ => Catalog::builtin().clone(),
    }
}

fn example(text: &str) -> Package {
    toml::from_str(text).unwrap_or_else(|e| panic!("bundled example does not parse: {e}"))
}

/// The size of a synthetic package.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// 一般公共预算 function classes.
    pub classes: usize,
    /// 款 per class.
    pub sections: usize,
    /// 项 per 款.
    pub items: usize,
    /// Project self-evaluation tables.
    pub projects: usize,
}

impl Size {
    /// Small: 15 function rows, 2 projects.
    pub const FIXTURE: Size = Size {
        classes: 3,
        sections: 1,
        items: 2,
        projects: 2,
    };
    /// Realistic: ≈40 function rows, 65 economic rows, 20 project tables.
    pub const REALISTIC: Size = Size {
        classes: 4,
        sections: 2,
        items: 3,
        projects: 20,
    };
}

/// A deterministic pseudo-random generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// An amount in [lo, hi) with 2 decimals.
    fn amount(&mut self, lo: i64, hi: i64) -> Decimal {
        let cents = lo * 100 + (self.next() % ((hi - lo) as u64 * 100)) as i64;
        Decimal::new(cents, 2)
    }
}

fn a(d: Decimal) -> Option<Amount> {
    let mut d = d;
    if d.scale() < 2 {
        d.rescale(2);
    }
    Some(Amount::from_wan(d))
}

fn fig(s: impl Into<String>) -> Option<Figure> {
    Some(Figure::new(s))
}

const CLASSES: [&str; 8] = ["201", "205", "206", "208", "210", "213", "214", "221"];

fn code(s: &str) -> Code {
    Code::parse(s).unwrap_or(Code::PLACEHOLDER)
}

/// A consistent synthetic package and a catalog holding its codes.
pub fn synthetic(size: &Size) -> (Package, Catalog) {
    synthetic_seeded(size, 0)
}

/// Like [`synthetic`], with figures drawn from `seed` (the codes stay the same).
pub fn synthetic_seeded(size: &Size, seed: u64) -> (Package, Catalog) {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut catalog = Catalog::builtin().clone();
    let mut name_of = |c: &str, fallback: String| -> String {
        let code = code(c);
        match catalog.name(&code) {
            Some(n) => n.to_string(),
            None => {
                catalog.insert(CatalogEntry {
                    code,
                    name: fallback.clone(),
                    tags: vec![],
                    source: "测试".into(),
                });
                fallback
            }
        }
    };

    // 一般公共预算 rows: class → sections → items, amounts on items, sums above.
    struct Row {
        code: Code,
        name: String,
        basic: Decimal,
        project: Decimal,
        budget: Decimal,
    }
    let mut gb_rows: Vec<Row> = Vec::new();
    for c in CLASSES.iter().take(size.classes.min(CLASSES.len())) {
        let class_at = gb_rows.len();
        gb_rows.push(Row {
            code: code(c),
            name: name_of(c, format!("测试类{c}")),
            basic: Decimal::ZERO,
            project: Decimal::ZERO,
            budget: Decimal::ZERO,
        });
        for s in 1..=size.sections {
            let sc = format!("{c}{:02}", 50 + s);
            let section_at = gb_rows.len();
            gb_rows.push(Row {
                code: code(&sc),
                name: name_of(&sc, format!("测试款{sc}")),
                basic: Decimal::ZERO,
                project: Decimal::ZERO,
                budget: Decimal::ZERO,
            });
            for i in 1..=size.items {
                let ic = format!("{sc}{i:02}");
                let basic = rng.amount(50, 900);
                let project = if i % 2 == 0 {
                    rng.amount(10, 500)
                } else {
                    Decimal::ZERO
                };
                let budget = basic + project + rng.amount(0, 20);
                for at in [class_at, section_at] {
                    gb_rows[at].basic += basic;
                    gb_rows[at].project += project;
                    gb_rows[at].budget += budget;
                }
                gb_rows.push(Row {
                    code: code(&ic),
                    name: name_of(&ic, format!("测试项{ic}")),
                    basic,
                    project,
                    budget,
                });
            }
        }
    }
    let gb_basic: Decimal = gb_rows
        .iter()
        .filter(|r| r.code.level() == juesuan_model::Level::Class)
        .map(|r| r.basic)
        .sum();
    let gb_project: Decimal = gb_rows
        .iter()
        .filter(|r| r.code.level() == juesuan_model::Level::Class)
        .map(|r| r.project)
        .sum();
    let gb_budget: Decimal = gb_rows
        .iter()
        .filter(|r| r.code.level() == juesuan_model::Level::Class)
        .map(|r| r.budget)
        .sum();
    let gb_total = gb_basic + gb_project;

    // 政府性基金: one item, project expenditure only.
    let gf = rng.amount(100, 400);
    let gf_codes = [
        ("212", "城乡社区支出"),
        ("21208", "国有土地使用权出让收入安排的支出"),
        ("2120801", "征地和拆迁补偿支出"),
    ];
    for (c, n) in gf_codes {
        name_of(c, n.to_string());
    }

    let mut t = Tables::blank(&TableKind::ALL);
    // 收入决算表, 支出决算表, 一般公共预算
    let mut income = IncomeTable::default();
    let mut expenditure = ExpenditureTable::default();
    let mut general = GeneralBudgetTable::default();
    for r in &gb_rows {
        let total = r.basic + r.project;
        income.rows.push(IncomeRow {
            total: a(total),
            appropriation: a(total),
            ..IncomeRow::new(r.code, r.name.clone())
        });
        expenditure.rows.push(ExpenditureRow {
            total: a(total),
            basic: a(r.basic),
            project: a(r.project),
            ..ExpenditureRow::new(r.code, r.name.clone())
        });
        general.rows.push(GeneralBudgetRow {
            total: a(total),
            basic: a(r.basic),
            project: a(r.project),
            initial_budget: a(r.budget),
            ..GeneralBudgetRow::new(r.code, r.name.clone())
        });
    }
    for (c, n) in gf_codes {
        income.rows.push(IncomeRow {
            total: a(gf),
            appropriation: a(gf),
            ..IncomeRow::new(code(c), n.into())
        });
        expenditure.rows.push(ExpenditureRow {
            total: a(gf),
            project: a(gf),
            ..ExpenditureRow::new(code(c), n.into())
        });
    }
    income.rows.sort_by_key(|r| r.code);
    expenditure.rows.sort_by_key(|r| r.code);
    let all_total = gb_total + gf;
    income.total = IncomeValues {
        total: a(all_total),
        appropriation: a(all_total),
        ..Default::default()
    };
    expenditure.total = ExpenditureValues {
        total: a(all_total),
        basic: a(gb_basic),
        project: a(gb_project + gf),
        ..Default::default()
    };
    general.total = GeneralBudgetValues {
        total: a(gb_total),
        basic: a(gb_basic),
        project: a(gb_project),
        initial_budget: a(gb_budget),
    };

    // 收入支出决算总表
    let opening = Decimal::new(10000, 2);
    let mut summary = Summary {
        income: SummaryIncome {
            general_budget: a(gb_total),
            gov_fund: a(gf),
            total: a(all_total),
            opening_carryover: a(opening),
            grand_total: a(all_total + opening),
            ..Default::default()
        },
        ..Default::default()
    };
    for r in expenditure
        .rows
        .iter()
        .filter(|r| r.code.level() == juesuan_model::Level::Class)
    {
        summary.expenditure.push(ClassLine {
            amount: r.total,
            ..ClassLine::new(r.code, r.name.clone())
        });
    }
    summary.expenditure_totals = SummaryExpenditureTotals {
        total: a(all_total),
        closing_carryover: a(opening),
        grand_total: a(all_total + opening),
        ..Default::default()
    };

    // 财政拨款收入支出决算总表
    let carry = Decimal::new(4000, 2);
    let mut approp = AppropriationSummary {
        income: AppropriationIncome {
            general_budget: a(gb_total),
            gov_fund: a(gf),
            total: a(all_total),
            opening_carryover: a(carry),
            opening_general_budget: a(carry),
            grand_total: a(all_total + carry),
            ..Default::default()
        },
        ..Default::default()
    };
    for r in &gb_rows {
        if r.code.level() == juesuan_model::Level::Class {
            let v = r.basic + r.project;
            approp.expenditure.push(AppropriationRow {
                total: a(v),
                general_budget: a(v),
                ..AppropriationRow::new(r.code, r.name.clone())
            });
        }
    }
    approp.expenditure.push(AppropriationRow {
        total: a(gf),
        gov_fund: a(gf),
        ..AppropriationRow::new(code("212"), "城乡社区支出".into())
    });
    approp.expenditure.sort_by_key(|r| r.code);
    approp.expenditure_total = AppropriationValues {
        total: a(all_total),
        general_budget: a(gb_total),
        gov_fund: a(gf),
        ..Default::default()
    };
    approp.closing_carryover = AppropriationValues {
        total: a(carry),
        general_budget: a(carry),
        ..Default::default()
    };
    approp.grand_total = AppropriationValues {
        total: a(all_total + carry),
        general_budget: a(gb_total + carry),
        gov_fund: a(gf),
        ..Default::default()
    };

    // 基本支出 by economic classification: every catalog 款, remainder in 30299.
    let econ: Vec<(Code, String)> = catalog
        .basic_table_rows()
        .filter(|e| e.code.level() == juesuan_model::Level::Section)
        .map(|e| (e.code, e.name.clone()))
        .collect();
    let mut basic = BasicTable::default();
    let mut amounts: Vec<(Code, String, Decimal)> = Vec::new();
    let mut left = gb_basic;
    let share = (gb_basic / Decimal::from(econ.len() as u64 * 2)).round_dp(2);
    for (c, n) in &econ {
        if c.as_str() == "30299" {
            continue;
        }
        let v = if c.as_str().starts_with("301") {
            share * Decimal::from(3)
        } else {
            share / Decimal::TWO
        }
        .round_dp(2);
        let v = v.min(left).max(Decimal::ZERO);
        left -= v;
        amounts.push((*c, n.clone(), v));
    }
    amounts.push((code("30299"), "其他商品和服务支出".into(), left));
    let mut classes: Vec<(Code, Decimal)> = Vec::new();
    for (c, _, v) in &amounts {
        match classes.iter_mut().find(|(k, _)| *k == c.class()) {
            Some(k) => k.1 += *v,
            None => classes.push((c.class(), *v)),
        }
    }
    let mut personnel = Decimal::ZERO;
    let mut public = Decimal::ZERO;
    for (cl, v) in &classes {
        basic.rows.push(EconomicRow {
            amount: a(*v),
            ..EconomicRow::new(*cl, catalog.name(cl).unwrap_or("").to_string())
        });
        for (c, n, x) in amounts.iter().filter(|(c, _, _)| c.class() == *cl) {
            basic.rows.push(EconomicRow {
                amount: a(*x),
                ..EconomicRow::new(*c, n.clone())
            });
        }
        if catalog.is_personnel(cl) {
            personnel += v;
        } else {
            public += v;
        }
    }
    basic.total = BasicTotals {
        personnel: a(personnel),
        public: a(public),
        total: a(gb_basic),
    };
    let t6 = |c: &str| {
        amounts
            .iter()
            .find(|(k, _, _)| k.as_str() == c)
            .map(|x| x.2)
            .unwrap_or_default()
    };

    // 政府性基金 / 国有资本经营
    let mut fund = FundTable::default();
    for (c, n) in gf_codes {
        fund.rows.push(FundRow {
            income: a(gf),
            expenditure: a(gf),
            project: a(gf),
            ..FundRow::new(code(c), n.into())
        });
    }
    fund.total = FundValues {
        income: a(gf),
        expenditure: a(gf),
        project: a(gf),
        ..Default::default()
    };
    let gf_basic = BasicTable {
        note: Some("本单位本年度没有使用政府性基金预算财政拨款安排的基本支出。".into()),
        ..Default::default()
    };
    let state = FundTable {
        note: Some("本单位本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。".into()),
        ..Default::default()
    };

    // 三公
    let overseas = t6("30212") + Decimal::ONE;
    let reception = t6("30217") + Decimal::new(50, 2);
    let operation = t6("30231") + Decimal::TWO;
    let purchase = t6("31013");
    let vehicle = operation + purchase;
    let actual = ThreePublicFigures {
        total: a(overseas + vehicle + reception),
        overseas: a(overseas),
        vehicle: a(vehicle),
        vehicle_purchase: a(purchase),
        vehicle_operation: a(operation),
        reception: a(reception),
    };
    let budget = ThreePublicFigures {
        total: a(overseas + vehicle + reception + Decimal::from(3)),
        overseas: a(overseas + Decimal::ONE),
        vehicle: a(vehicle + Decimal::ONE),
        vehicle_purchase: a(purchase),
        vehicle_operation: a(operation + Decimal::ONE),
        reception: a(reception + Decimal::ONE),
    };

    // 政府采购, 政府购买服务
    let procurement = Procurement {
        budget_total: a(Decimal::from(600)),
        budget_goods: a(Decimal::from(100)),
        budget_works: a(Decimal::from(200)),
        budget_services: a(Decimal::from(300)),
        total: a(Decimal::new(55000, 2)),
        goods: a(Decimal::new(9000, 2)),
        works: a(Decimal::new(18000, 2)),
        services: a(Decimal::new(28000, 2)),
        sme: a(Decimal::new(30000, 2)),
        small_micro: a(Decimal::new(12000, 2)),
        ..Default::default()
    };
    let services = PurchasedServices {
        total: a(Decimal::new(6000, 2)),
        items: (1..=3)
            .map(|i| PurchasedService {
                name: Some(format!("测试服务{i}")),
                amount: a(Decimal::new(2000, 2)),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };

    t.summary = Some(summary);
    t.income = Some(income);
    t.expenditure = Some(expenditure);
    t.appropriation_summary = Some(approp);
    t.general_budget = Some(general);
    t.general_budget_basic = Some(basic);
    t.gov_fund = Some(fund);
    t.gov_fund_basic = Some(gf_basic);
    t.state_capital = Some(state);
    t.three_public = Some(ThreePublic {
        budget,
        actual,
        // The counts the explanation states (E-008).
        details: ThreePublicDetails {
            overseas_groups: Some(2),
            overseas_persons: Some(6),
            vehicles_purchased: Some(1),
            vehicles_held: Some(3),
            reception_batches: Some(12),
            reception_persons: Some(80),
            ..Default::default()
        },
        ..Default::default()
    });
    t.procurement = Some(ProcurementTable {
        figures: procurement,
        ..Default::default()
    });
    t.purchased_services = Some(services);

    let mut p = Package::new("测试单位", 2024, "beijing");
    p.tables = t;
    let prior_grand = (all_total + opening) * Decimal::new(11, 1);
    p.prior_year.grand_total = a(prior_grand.round_dp(2));
    p.prior_year.appropriation_grand_total =
        a(((all_total + carry) * Decimal::new(9, 1)).round_dp(2));
    p.prior_year.agency_running_costs = a(Decimal::from(50));
    p.agency_running_costs = a((public - Decimal::from(5)).max(Decimal::ZERO));

    // reasons for every comparison the Beijing profile asks about
    let gt = p.tables.summary.as_ref().and_then(|s| s.income.grand_total);
    let mut remark = |subject: Subject, current: Option<Amount>, base: Option<Amount>| {
        let mut r = Remark {
            reason: Some("测试原因".into()),
            ..Default::default()
        };
        if let (Some(c), Some(b)) = (current, base) {
            let ch = Change::new(b, c);
            r.direction = Some(ch.direction.verb().to_string());
            r.change = Some(Amount::from_wan(ch.difference.value().abs()));
            r.percent = ch.percent;
        }
        p.explanation.remarks.insert(subject, r);
    };
    remark(Subject::GrandTotal, gt, a(prior_grand.round_dp(2)));
    remark(Subject::AppropriationTotal, None, None);
    for r in gb_rows
        .iter()
        .filter(|r| r.code.level() == juesuan_model::Level::Class)
    {
        remark(
            Subject::GeneralBudgetLine(r.code),
            a(r.basic + r.project),
            a(r.budget),
        );
    }
    for i in [
        ThreePublicItem::Overseas,
        ThreePublicItem::Vehicle,
        ThreePublicItem::Reception,
    ] {
        remark(Subject::ThreePublicVsBudget(i), None, None);
    }
    remark(Subject::AgencyRunningCosts, None, None);
    p.assets = Some(Assets {
        vehicles: Some(2),
        vehicles_law_enforcement: Some(2),
        equipment_over_1m: Some(1),
        ..Default::default()
    });

    // performance
    p.performance.department = Some(DepartmentEvaluation {
        score: fig("95.50"),
        grade: Some("优".into()),
        sections: vec![],
    });
    for k in 0..size.projects {
        p.performance.projects.push(project(k, &mut rng));
    }
    (p, catalog)
}

fn project(k: usize, rng: &mut Rng) -> ProjectEvaluation {
    let budget = rng.amount(20, 900);
    let executed = (budget * Decimal::new(95, 2)).round_dp(2);
    let ratio = executed / budget;
    let rate = juesuan_model::round_half_up(ratio * Decimal::ONE_HUNDRED, 2);
    let score = juesuan_model::round_half_up(ratio * Decimal::TEN, 2);
    let line = |b: Decimal, e: Decimal| FundsLine {
        initial_budget: fig(b.to_string()),
        full_year_budget: fig(b.to_string()),
        executed: fig(e.to_string()),
        ..Default::default()
    };
    let mut funds = Funds {
        total: line(budget, executed),
        appropriation: line(budget, executed),
        carryover: line(Decimal::ZERO, Decimal::ZERO),
        other: line(Decimal::ZERO, Decimal::ZERO),
    };
    funds.total.weight = fig("10");
    funds.total.rate = fig(format!("{rate}%"));
    funds.total.score = fig(score.to_string());
    let rows: [(&str, &str, &str, &str, &str, &str, &str); 8] = [
        ("产出指标", "50", "数量指标", "20", "完成数量一", "10", "10"),
        ("产出指标", "50", "数量指标", "20", "完成数量二", "10", "10"),
        ("产出指标", "50", "质量指标", "10", "验收合格率", "10", "9"),
        ("产出指标", "50", "时效指标", "10", "按期完成", "10", "10"),
        ("产出指标", "50", "成本指标", "10", "成本控制", "10", "10"),
        (
            "效益指标",
            "30",
            "社会效益指标",
            "15",
            "服务覆盖",
            "15",
            "15",
        ),
        (
            "效益指标",
            "30",
            "可持续影响指标",
            "15",
            "持续运行",
            "15",
            "15",
        ),
        (
            "满意度指标",
            "10",
            "服务对象满意度指标",
            "10",
            "满意度",
            "10",
            "10",
        ),
    ];
    let indicators: Vec<Indicator> = rows
        .iter()
        .map(|(l1, w1, l2, w2, name, w, s)| Indicator {
            level1: Some(l1.to_string()),
            level1_weight: fig(*w1),
            level2: Some(l2.to_string()),
            level2_weight: fig(*w2),
            name: Some(name.to_string()),
            target: Some("≥95%".into()),
            actual: Some(if w == s { "100%".into() } else { "93%".into() }),
            weight: fig(*w),
            score: fig(*s),
            deviation: (w != s).then(|| "部分批次验收延后，已督促整改".to_string()),
        })
        .collect();
    let total = score + Decimal::from(89);
    ProjectEvaluation {
        seq: (k + 1).to_string(),
        name: format!("测试项目{}", k + 1),
        department: Some("测试主管部门".into()),
        implementer: Some("测试单位".into()),
        funds,
        goal: Some("完成年度任务".into()),
        outcome: Some("已完成".into()),
        indicators,
        total_weight: fig("100"),
        total_score: fig(total.to_string()),
        grade: Some("优".into()),
        ..Default::default()
    }
}

/// An indicator row for tests: its 一级 and 二级 indicators, a name made of them, the target,
/// the actual, the weight and the score (an empty string leaves a cell blank).
pub fn indicator(
    level1: &str,
    level2: &str,
    target: &str,
    actual: &str,
    weight: &str,
    score: &str,
) -> Indicator {
    let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let figure = |s: &str| (!s.is_empty()).then(|| Figure::new(s));
    Indicator {
        level1: text(level1),
        level2: text(level2),
        name: Some(format!("{level2}：{target}")),
        target: text(target),
        actual: text(actual),
        weight: figure(weight),
        score: figure(score),
        ..Default::default()
    }
}

/// A consistent synthetic budget (部门预算) of the Shanghai district format and a catalog
/// holding its codes.
pub fn synthetic_budget(size: &Size) -> (Package, Catalog) {
    synthetic_budget_seeded(size, 0)
}

/// Every amount of a record restated in 元 with two decimals (`1234500.00元`), as tables 1–8
/// of a Shanghai budget print them: the same value, kept with the unit it came in.
fn in_yuan<R: juesuan_model::fields::Record>(r: &mut R) {
    use juesuan_model::fields::CellValue;
    for i in 0..R::FIELDS.len() {
        if let Some(CellValue::Amount(x)) = r.get(i) {
            let yuan = (x.value() * Decimal::from(10_000)).round_dp(2);
            let text = format!("{yuan:.2}");
            r.set_text(i, &text, juesuan_model::MoneyUnit::Yuan)
                .unwrap_or_else(|e| panic!("{text} is an amount: {e}"));
        }
    }
}

fn table_in_yuan<R: juesuan_model::fields::Record, T: juesuan_model::fields::Record>(
    t: &mut CodedTable<R, T>,
) {
    in_yuan(&mut t.total);
    t.rows.iter_mut().for_each(in_yuan);
}

/// Like [`synthetic_budget`], with figures drawn from `seed`: the synthetic final accounts
/// of the same seed restated as the budget a Shanghai district unit publishes — the nine
/// tables (财务收支预算总表 … “三公”经费和机关运行经费预算表), no carry-over, tables 1–8 in
/// 元 with two decimals, table 9 in 万元; the 基本支出 table with its 人员经费 / 公用经费
/// split on every row; 上年预算 figures with the reasons the profile asks for; and
/// 项目绩效目标表 whose indicators carry measurable targets.
pub fn synthetic_budget_seeded(size: &Size, seed: u64) -> (Package, Catalog) {
    let (f, catalog) = synthetic_seeded(size, seed);
    let ft = f.tables;
    let mut t = Tables::blank(&[
        TableKind::Summary,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::AppropriationSummary,
        TableKind::GeneralBudget,
        TableKind::GovFund,
        TableKind::StateCapital,
        TableKind::GeneralBudgetBasic,
        TableKind::ThreePublic,
    ]);

    // T2 收入预算总表: 合计 and 财政拨款收入 only (the final accounts have no other source).
    let mut income = ft.income.unwrap_or_default();
    table_in_yuan(&mut income);
    t.income = Some(income);
    // T3 支出预算总表: 合计, 基本支出, 项目支出.
    let mut expenditure = ft.expenditure.unwrap_or_default();
    table_in_yuan(&mut expenditure);
    t.expenditure = Some(expenditure);
    // T5 一般公共预算支出功能分类预算表: no 年初预算 column.
    let mut general = ft.general_budget.unwrap_or_default();
    general.total.initial_budget = None;
    for r in &mut general.rows {
        r.initial_budget = None;
    }
    table_in_yuan(&mut general);
    t.general_budget = Some(general);
    // T6 政府性基金预算支出功能分类预算表: 合计 (in `expenditure`), 基本支出, 项目支出.
    let mut fund = ft.gov_fund.unwrap_or_default();
    fund.total.income = None;
    for r in &mut fund.rows {
        r.income = None;
    }
    table_in_yuan(&mut fund);
    t.gov_fund = Some(fund);
    // T7: empty, with its statement.
    t.state_capital = Some(FundTable {
        note: Some("本部门本年无国有资本经营预算财政拨款安排的预算，故本表为空表。".into()),
        ..Default::default()
    });
    // T8: each row's 人员经费 / 公用经费 beside its 合计.
    let mut basic = ft.general_budget_basic.unwrap_or_default();
    for r in &mut basic.rows {
        if catalog.is_personnel(&r.code.class()) {
            r.personnel = r.amount;
            r.public = Some(Amount::ZERO);
        } else {
            r.personnel = Some(Amount::ZERO);
            r.public = r.amount;
        }
    }
    table_in_yuan(&mut basic);
    t.general_budget_basic = Some(basic);

    // T1 财务收支预算总表: 一、财政拨款收入 with its kinds, 收入总计 = 支出总计, no carry-over.
    let fs = ft.summary.unwrap_or_default();
    let total_all = fs.income.total;
    let mut summary = Summary {
        income: SummaryIncome {
            appropriation: total_all,
            general_budget: fs.income.general_budget,
            gov_fund: fs.income.gov_fund,
            grand_total: total_all,
            ..Default::default()
        },
        expenditure: fs.expenditure,
        expenditure_totals: SummaryExpenditureTotals {
            grand_total: total_all,
            ..Default::default()
        },
        ..Default::default()
    };
    in_yuan(&mut summary.income);
    in_yuan(&mut summary.expenditure_totals);
    summary.expenditure.iter_mut().for_each(in_yuan);
    t.summary = Some(summary);

    // T4 财政拨款收支预算总表: 收入总计 and 支出总计, no carry-over.
    let fa = ft.appropriation_summary.unwrap_or_default();
    let mut approp = AppropriationSummary {
        income: AppropriationIncome {
            general_budget: fa.income.general_budget,
            gov_fund: fa.income.gov_fund,
            grand_total: fa.income.total,
            ..Default::default()
        },
        expenditure: fa.expenditure,
        grand_total: fa.expenditure_total,
        ..Default::default()
    };
    in_yuan(&mut approp.income);
    in_yuan(&mut approp.grand_total);
    approp.expenditure.iter_mut().for_each(in_yuan);
    t.appropriation_summary = Some(approp);

    // T9 in 万元: the “三公” budget (each item at least the 基本支出 款 it covers) and 机关运行经费.
    let tp = ft.three_public.unwrap_or_default();
    let purchase = tp.budget.vehicle_purchase.is_some_and(|a| !a.is_zero());
    let three_public = ThreePublic {
        budget: tp.budget.clone(),
        details: ThreePublicDetails {
            vehicles_purchased: Some(u32::from(purchase)),
            ..Default::default()
        },
        ..Default::default()
    };

    t.three_public = Some(three_public);

    let mut p = Package::new("测试单位", 2025, "shanghai-budget");
    p.kind = juesuan_model::DisclosureKind::Budget;
    p.tables = t;
    p.agency_running_costs = f.agency_running_costs;

    // 上年预算, and a reason for each change the Shanghai budget format explains.
    let tenth = |a: Option<Amount>, d: i64| {
        a.map(|a| {
            Amount::from_wan((a.value() * Decimal::new(9, 1)).round_dp(2) + Decimal::new(d, 2))
        })
    };
    let py = &mut p.prior_year;
    py.grand_total = tenth(total_all, 0);
    py.appropriation_grand_total = tenth(fa.income.total, 0);
    py.three_public_overseas = tenth(tp.budget.overseas, 0);
    py.three_public_vehicle = tenth(tp.budget.vehicle, 0);
    py.three_public_reception = tenth(tp.budget.reception, 0);
    let reason = |p: &mut Package, subject: Subject| {
        p.explanation.remarks.insert(
            subject,
            Remark {
                reason: Some("测试原因".into()),
                ..Default::default()
            },
        );
    };
    reason(&mut p, Subject::GrandTotal);
    reason(&mut p, Subject::AppropriationTotal);
    for i in [
        ThreePublicItem::Overseas,
        ThreePublicItem::Vehicle,
        ThreePublicItem::Reception,
    ] {
        reason(&mut p, Subject::ThreePublicVsPrior(i));
    }

    // 项目绩效目标表: their 财政拨款 within the 项目支出 of the appropriation tables.
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed | 1);
    let targets: Vec<ProjectTarget> = (0..size.projects.max(1))
        .map(|k| target(k, &mut rng))
        .collect();
    let listed: Decimal = targets
        .iter()
        .filter_map(|t| t.funds.total.map(|a| a.value()))
        .sum();
    p.performance.management = Some(PerformanceManagement {
        target_projects: Some(targets.len() as u32),
        target_budget: a(listed),
        ..Default::default()
    });
    p.performance.targets = targets;
    (p, catalog)
}

/// A 项目绩效目标表: funds from three sources, weighted indicators with measurable targets.
fn target(k: usize, rng: &mut Rng) -> ProjectTarget {
    let appropriation = rng.amount(1, 4);
    let carryover = rng.amount(0, 2);
    let other = Decimal::ZERO;
    let rows: [(&str, &str, &str, &str, &str, &str); 6] = [
        ("产出指标", "50", "数量指标", "20", "完成数量（个）", "45"),
        ("产出指标", "50", "数量指标", "20", "覆盖街道数", "≥10个"),
        ("产出指标", "50", "质量指标", "15", "验收合格率", "≥95%"),
        (
            "产出指标",
            "50",
            "时效指标",
            "15",
            "完成时间",
            "2025年12月底前",
        ),
        (
            "效益指标",
            "30",
            "社会效益指标",
            "30",
            "服务覆盖人数",
            "≥5000人次",
        ),
        (
            "满意度指标",
            "10",
            "服务对象满意度指标",
            "10",
            "满意度",
            "≥90%",
        ),
    ];
    let weights = ["10", "10", "15", "15", "30", "10"];
    let indicators = rows
        .iter()
        .zip(weights)
        .map(|((l1, w1, l2, w2, name, target), w)| Indicator {
            level1: Some(l1.to_string()),
            level1_weight: fig(*w1),
            level2: Some(l2.to_string()),
            level2_weight: fig(*w2),
            name: Some(name.to_string()),
            target: Some(target.to_string()),
            weight: fig(w),
            ..Default::default()
        })
        .collect();
    ProjectTarget {
        seq: (k + 1).to_string(),
        name: format!("测试预算项目{}", k + 1),
        department: Some("测试主管部门".into()),
        implementer: Some("测试单位".into()),
        funds: TargetFunds {
            total: a(appropriation + carryover + other),
            appropriation: a(appropriation),
            carryover: a(carryover),
            other: a(other),
        },
        goal: Some("按期完成年度任务".into()),
        indicators,
    }
}
