//! E: the explanation's inputs — reasons the profile requires, and the wording of an
//! existing explanation (增加/减少/持平/一致, the change, the percentage) against the figures.

use rust_decimal::Decimal;

use juesuan_model::explanation::{Remark, Subject, ThreePublicItem};
use juesuan_model::tables::{TableKind, ThreePublicDetails, ThreePublicFigures};
use juesuan_model::{Amount, Level, LineLevel, ReasonSubject};

use super::common::{field, label_of};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::{Severity, Unit};
use crate::interval::{self, Term};
use crate::{Ctx, Location, Sink};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "E-001",
            name: "变动缺少主要原因",
            severity: Severity::Warning,
            family: Family::Package,
            doc: Doc {
                what: "地区格式要求说明变动原因的地方（上海：收支总计、财政拨款收支总计、\
一般公共预算财政拨款支出及其各项级科目、政府性基金和国有资本经营各项、“三公”经费、机关运行经费；\
北京：收支总计、财政拨款收支总计、各类支出、“三公”各项、机关运行经费），两数不等而“说明填写”\
中没有主要原因时提示。",
                why: "只列增减数字、不写原因，读者无从判断变化是否合理；\
样张要求每处变动都写明原因，持平的写“持平”。",
                bad: "“社会保障和就业支出 2024年度决算278.41万元，\
比2024年年初预算273.76万元增加4.65万元，增长1.7%。”——没有主要原因。",
                good: "在同一句后补写“主要原因：……”（据实说明，如人员变动、缴费基数调整）；\
两数相等时写“持平”，不必写原因。",
                basis: "上海市2024年度部门决算公开样张第三部分各节“主要原因：XXXXXXXX。\
（如持平作持平表述）”及五（三）“预决算持平的不用说明变动原因”；《中华人民共和国预算法》第十四条。",
            },
        },
        check: missing_reasons,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["delete explanation.remarks.\"机关运行经费\".reason"],
            ),
            fires(Base::Beijing, &[]),
        ],
    },
    Rule {
        meta: Meta {
            code: "E-002",
            name: "说明的增减表述与数字矛盾",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "说明写“增加/增长/大于”而数字减少、写“减少/下降/小于”而数字增加，\
或写“一致/持平”而两数不同（超出舍入范围），都与表格矛盾。“基本持平”允许相差不超过比较数的 1%。",
                why: "定性表述与数字相反，读者会怀疑整份说明的准确性；\
这类错误多是沿用上年文字或模板没有改。",
                bad: "“卫生健康支出 2024年度决算146.04万元，比2024年年初预算146.07万元一致。”\
——两数相差 0.03，超出两位小数的舍入范围 ±0.01。",
                good: "“……比2024年年初预算146.07万元减少0.03万元，下降0.02%。主要原因：……”",
                basis: "上海市2024年度部门决算公开样张第三部分“增加（减少）XXX 万元，增长（下降）\
XX%”“决算数大于（小于）预算数”“如持平作持平表述”；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（公开内容准确）。",
            },
        },
        check: directions,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(Base::Beijing, &[]),
            silent(
                Base::Beijing,
                &["explanation.remarks.\"一般公共预算财政拨款支出科目:210\".direction = 减少"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "E-003",
            name: "说明的变动金额与数字不符",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "说明中写的增减金额，应等于本年数与比较数（上年数或年初预算数）之差的绝对值；\
按两数的小数位数判断舍入。",
                why: "变动金额是读者最先看的数；写错一个数字，整句说明就与表格矛盾。",
                bad: "“收、支总计14864.9万元，比上年18787.37万元减少3922.74万元”\
——18787.37 − 14864.90 = 3922.47。",
                good: "“……比上年18787.37万元减少3922.47万元，下降20.88%。”",
                basis: "上海市2024年度部门决算公开样张第三部分“与2023年度相比……增加（减少）\
XXX 万元”；《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
            },
        },
        check: change_amounts,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["explanation.remarks.\"收入支出总计\".change = 3922.74"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "E-004",
            name: "说明的百分比与数字不符",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "说明中的增长（下降）百分比，应等于变动额 ÷ 比较数 × 100%；\
与预算比较时也接受完成率（决算数 ÷ 预算数）。百分比按它写出的小数位数判断舍入（写 1.7% 即 \
1.65%～1.75%）。比较数为 0 时不检查。",
                why: "百分比常被读者和媒体直接引用；常见错误是分母用错（用了本年数而不是比较数）\
或抄错。",
                bad: "一般公共预算财政拨款支出 2940.05 万元，比上年 3003.19 万元减少 63.14 万元，\
说明写“下降2.20%”——63.14 ÷ 3003.19 = 2.10%。",
                good: "“……减少63.14万元，下降2.10%。”完成率写法：“完成年初预算的98.20%”\
（2940.05 ÷ 2993.92）。",
                basis: "上海市2024年度部门决算公开样张第三部分“增长（下降）XX%”“完成年初预算的 XX%”\
；《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
            },
        },
        check: percents,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(
                Base::Shanghai,
                &["explanation.remarks.\"一般公共预算财政拨款支出\".percent = 2.20"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "E-005",
            name: "说明中残留模板文字",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "“说明填写”中的表述、主要原因、主要用途里残留模板的填写提示：“增加（减少）”\
“增长（下降）”“大于（小于）”“XXX”“XX”“如持平作持平表述”“不涉及的不列”等，应换成实际的表述和数字。",
                why: "模板提示留在公开文本里，表明说明没有逐句核对；\
读者也无法知道到底是增加还是减少。",
                bad: "“2024年度“三公”经费财政拨款决算数9.39万元，比2024年度“三公”\
经费财政拨款年初预算0万元增加（减少）9.39万元。”",
                good: "“……比年初预算0万元增加9.39万元。主要原因：……”",
                basis: "上海市2024年度部门决算公开样张第三部分（“增加（减少）”“XXX”\
“如持平作持平表述”“不涉及的不列”均为填写提示）；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（内容准确，形式规范）。",
            },
        },
        check: leftovers,
        fixtures: &[silent(Base::Shanghai, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "E-006",
            name: "说明的表述无法核对",
            severity: Severity::Info,
            family: Family::Package,
            doc: Doc {
                what: "说明对某项写了增减表述、金额或百分比，\
但数据包中缺少比较所需的数（通常是上年数），无法核对。这不表示有错，\
只是这些句子没有经过 E-002～E-004 的核对。",
                why: "与上年比较的数字最容易抄错；不补上年数，这类错误就查不出来。",
                bad: "说明写“与2023年度相比，财政拨款收入支出总计持平”，\
数据包没有上年财政拨款收入支出总计。",
                good: "在“说明数据”表补填上年财政拨款收入支出总计（取上年公开的财政拨款收入支出决算\
总表）。",
                basis: "上海市2024年度部门决算公开样张第三部分一、四、五（一）、七、十一（一）\
与上年比较的表述。",
            },
        },
        check: unverifiable,
        fixtures: &[fires(Base::Shanghai, &[]), silent(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "E-007",
            name: "科目缺少主要用途",
            severity: Severity::Warning,
            family: Family::Package,
            doc: Doc {
                what: "上海格式逐项说明一般公共预算、政府性基金、\
国有资本经营预算财政拨款支出的每个项级科目，须写“主要用于：……”。“说明填写”中没有时提示，\
生成的文档会留下【待填写：主要用途】。",
                why: "科目名称（如“行政运行”“其他……支出”）看不出钱具体花在哪里，\
样张因此要求逐项写明用途。",
                bad: "“1、一般公共服务支出（类）财政事务（款）行政运行（项）。\
年初预算为1560.05万元，支出决算为1511.89万元。”——缺主要用途。",
                good: "“……行政运行（项）。主要用于：局本部人员经费及公用经费等的基本支出。\
年初预算为1560.05万元，……”",
                basis: "上海市2024年度部门决算公开样张第三部分五（三）、八、九“XX（类）XX（款）\
XX（项）。主要用于：XXXXXXXX”。",
            },
        },
        check: missing_usage,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["delete explanation.remarks.\"一般公共预算财政拨款支出科目:2010601\".usage"],
            ),
            silent(Base::Beijing, &[]),
        ],
    },
    Rule {
        meta: Meta {
            code: "E-008",
            name: "“三公”经费的数量没有填写",
            severity: Severity::Warning,
            family: Family::Package,
            doc: Doc {
                what: "“三公”经费支出决算表中某项决算数大于0时，说明要写明相应的数量：因公出国（境）费写\
团组数和人次，公务用车购置费写购置数量，公务用车购置及运行维护费写保有量，公务接待费写接待批次和人次。\
“说明数据”表中没有填写时提示；不填，生成的文档就缺这些数量（检查公开文件时由 D-051 报告）。",
                why: "团组数、人次、车辆数、接待批次是社会监督“三公”经费的依据，公开检查把缺少这些数量\
列为“三公”经费公开不细化；只有金额，读者无法判断每一次出访或接待的规模。",
                bad: "因公出国（境）费决算9.39万元，“说明数据”没有填写团组数和人次，生成的说明只写金额。",
                good: "在“说明数据”表填写“因公出国（境）团组数”2、“因公出国（境）人次”2，\
生成“组织因公出国（境）团组2个、2人次”。",
                basis: "北京市部门决算公开格式第三部分一“三公”经费财政拨款决算情况（团组、人次，\
购置数、保有量，接待批次、人次）；上海市2024年度部门决算公开样张第三部分十一（一）；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确、形式规范）。",
            },
        },
        check: missing_counts,
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["delete tables.three_public.details.overseas_groups"],
            ),
            silent(Base::Shanghai, &[]),
        ],
    },
];

/// The counts the 三公 explanation states for each item spent on, and are not filled.
fn missing_counts(ctx: &Ctx, sink: &mut Sink) {
    let Some(t) = &ctx.pkg.tables.three_public else {
        return;
    };
    let (a, d) = (&t.actual, &t.details);
    let spent = |x: Option<Amount>| x.is_some_and(|v| v.value() > Decimal::ZERO);
    let wanted: [(Option<Amount>, &str, bool); 6] = [
        (a.overseas, "overseas_groups", d.overseas_groups.is_some()),
        (a.overseas, "overseas_persons", d.overseas_persons.is_some()),
        (
            a.vehicle_purchase,
            "vehicles_purchased",
            d.vehicles_purchased.is_some(),
        ),
        (a.vehicle, "vehicles_held", d.vehicles_held.is_some()),
        (
            a.reception,
            "reception_batches",
            d.reception_batches.is_some(),
        ),
        (
            a.reception,
            "reception_persons",
            d.reception_persons.is_some(),
        ),
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(amount, _, filled)| spent(*amount) && !filled)
        .map(|(_, key, _)| label_of::<ThreePublicDetails>(key))
        .collect();
    if missing.is_empty() {
        return;
    }
    let f = sink
        .finding(
            ctx.at(TableKind::ThreePublic).column("决算数"),
            format!(
                "“三公”经费有决算数，说明要写的数量没有填写：{}",
                missing.join("、")
            ),
        )
        .hint(format!("在“说明数据”表填写{}", missing.join("、")));
    sink.push(f);
}

/// Item lines whose use the profile asks the explanation to state.
fn usage_lines(ctx: &Ctx) -> Vec<Subject> {
    let t = &ctx.pkg.tables;
    let items = |codes: Vec<juesuan_model::Code>, make: fn(juesuan_model::Code) -> Subject| {
        codes
            .into_iter()
            .filter(|c| c.level() == Level::Item)
            .map(make)
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    if let Some(g) = &t.general_budget {
        out.extend(items(
            g.rows.iter().map(|r| r.code).collect(),
            Subject::GeneralBudgetLine,
        ));
    }
    if let Some(g) = &t.gov_fund {
        out.extend(items(
            g.rows.iter().map(|r| r.code).collect(),
            Subject::GovFundLine,
        ));
    }
    if let Some(g) = &t.state_capital {
        out.extend(items(
            g.rows.iter().map(|r| r.code).collect(),
            Subject::StateCapitalLine,
        ));
    }
    out
}

fn missing_usage(ctx: &Ctx, sink: &mut Sink) {
    for subject in missing_usage_subjects(ctx) {
        let f = sink
            .finding(
                place(ctx, subject),
                format!("{}没有说明主要用途", subject_name(ctx, subject)),
            )
            .hint(format!(
                "在“说明填写”表“{}”一行填写主要用于什么",
                sheet_key(ctx, subject)
            ));
        sink.push(f);
    }
}

/// What a subject compares, when the package has both figures.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Comparison {
    current: Term,
    base: Term,
    /// Against the budget (completion rate is a valid percentage too).
    vs_budget: bool,
    /// Both figures are budgets (本年预算 against 上年预算).
    in_budget: bool,
    decimals: u32,
}

/// Decimals of the 万元 figures of an explanation's text.
const TEXT_DECIMALS: u32 = 2;

fn term(ctx: &Ctx, kind: TableKind, a: Option<Amount>) -> Option<Term> {
    a.map(|a| Term::stated(a, ctx.decimals(kind)))
}

fn three_public_key(i: ThreePublicItem) -> &'static str {
    match i {
        ThreePublicItem::Total => "total",
        ThreePublicItem::Overseas => "overseas",
        ThreePublicItem::Vehicle => "vehicle",
        ThreePublicItem::Reception => "reception",
    }
}

fn comparison(ctx: &Ctx, subject: Subject) -> Option<Comparison> {
    let t = &ctx.pkg.tables;
    let py = &ctx.pkg.prior_year;
    let vs_prior = |kind: TableKind, current: Option<Amount>, base: Option<Amount>| {
        let budget = ctx.pkg.is_budget();
        Some(Comparison {
            current: term(ctx, kind, current)?,
            // a budget's 上年预算 is stated in 万元 in the text, whatever the tables' unit
            base: if budget {
                Term::stated(base?, TEXT_DECIMALS)
            } else {
                term(ctx, kind, base)?
            },
            vs_budget: false,
            in_budget: budget,
            decimals: if budget {
                TEXT_DECIMALS
            } else {
                ctx.decimals(kind)
            },
        })
    };
    let vs_budget = |kind: TableKind, current: Option<Amount>, budget: Option<Amount>| {
        Some(Comparison {
            vs_budget: true,
            ..vs_prior(kind, current, budget)?
        })
    };
    let summary = t.summary.as_ref();
    match subject {
        Subject::GrandTotal => vs_prior(
            TableKind::Summary,
            summary?.income.grand_total,
            py.grand_total,
        ),
        Subject::IncomeTotal => {
            vs_prior(TableKind::Summary, summary?.income.total, py.income_total)
        }
        Subject::ExpenditureTotal => vs_prior(
            TableKind::Summary,
            summary?.expenditure_totals.total,
            py.expenditure_total,
        ),
        Subject::AppropriationTotal => vs_prior(
            TableKind::AppropriationSummary,
            t.appropriation_summary.as_ref()?.income.grand_total,
            py.appropriation_grand_total,
        ),
        Subject::GeneralBudgetExpenditure => vs_prior(
            TableKind::GeneralBudget,
            t.general_budget.as_ref()?.total.total,
            py.general_budget_expenditure,
        ),
        Subject::GeneralBudgetVsBudget => {
            let g = t.general_budget.as_ref()?;
            vs_budget(
                TableKind::GeneralBudget,
                g.total.total,
                g.total.initial_budget,
            )
        }
        Subject::GeneralBudgetLine(code) => {
            let r = t.general_budget.as_ref()?.row(&code)?;
            vs_budget(TableKind::GeneralBudget, r.total, r.initial_budget)
        }
        Subject::GovFundLine(code) => {
            let r = t.gov_fund.as_ref()?.row(&code)?;
            vs_budget(TableKind::GovFund, r.expenditure, r.initial_budget)
        }
        Subject::StateCapitalLine(code) => {
            let r = t.state_capital.as_ref()?.row(&code)?;
            vs_budget(TableKind::StateCapital, r.expenditure, r.initial_budget)
        }
        Subject::ThreePublicVsBudget(i) => {
            let tp = t.three_public.as_ref()?;
            let k = three_public_key(i);
            let kind = TableKind::ThreePublic;
            let mut c = Comparison {
                current: ctx.term(kind, field(&tp.actual, k))?,
                base: ctx.term(kind, field(&tp.budget, k))?,
                vs_budget: true,
                in_budget: false,
                decimals: ctx.decimals(kind),
            };
            c.vs_budget = true;
            Some(c)
        }
        Subject::ThreePublicVsPrior(i) => {
            let tp = t.three_public.as_ref()?;
            let kind = TableKind::ThreePublic;
            // a budget's “三公” figures are its 预算数, compared with 上年预算
            let now = if ctx.pkg.is_budget() {
                &tp.budget
            } else {
                &tp.actual
            };
            let base = match i {
                ThreePublicItem::Total => py.three_public_total,
                ThreePublicItem::Overseas => py.three_public_overseas,
                ThreePublicItem::Vehicle => py.three_public_vehicle,
                ThreePublicItem::Reception => py.three_public_reception,
            };
            Some(Comparison {
                current: ctx.term(kind, field::<ThreePublicFigures>(now, three_public_key(i)))?,
                base: if ctx.pkg.is_budget() {
                    Term::stated(base?, TEXT_DECIMALS)
                } else {
                    term(ctx, kind, base)?
                },
                vs_budget: false,
                in_budget: ctx.pkg.is_budget(),
                decimals: ctx.decimals(kind),
            })
        }
        Subject::AgencyRunningCosts => vs_prior(
            TableKind::GeneralBudgetBasic,
            ctx.pkg.agency_running_costs,
            py.agency_running_costs,
        ),
    }
}

/// The subjects the profile wants a reason for, expanded to concrete subjects.
fn required(ctx: &Ctx) -> Vec<Subject> {
    let mut out = Vec::new();
    for s in &ctx.profile.reasons.subjects {
        match s {
            ReasonSubject::GrandTotal => out.push(Subject::GrandTotal),
            ReasonSubject::AppropriationTotal => out.push(Subject::AppropriationTotal),
            ReasonSubject::GeneralBudgetExpenditure => out.push(Subject::GeneralBudgetExpenditure),
            ReasonSubject::GeneralBudgetVsBudget => out.push(Subject::GeneralBudgetVsBudget),
            ReasonSubject::GeneralBudgetLines => {
                let level = match ctx.profile.reasons.general_budget_line_level {
                    LineLevel::Class => Level::Class,
                    LineLevel::Item => Level::Item,
                };
                if let Some(g) = &ctx.pkg.tables.general_budget {
                    for r in g.rows.iter().filter(|r| r.code.level() == level) {
                        out.extend(line_subjects(ctx, &g.rows, r.code));
                    }
                }
            }
            ReasonSubject::FundLines => {
                let t = &ctx.pkg.tables;
                let items = |rows: &[juesuan_model::tables::FundRow]| {
                    rows.iter()
                        .filter(|r| r.code.level() == Level::Item)
                        .map(|r| r.code)
                        .collect::<Vec<_>>()
                };
                if let Some(g) = &t.gov_fund {
                    out.extend(items(&g.rows).into_iter().map(Subject::GovFundLine));
                }
                if let Some(g) = &t.state_capital {
                    out.extend(items(&g.rows).into_iter().map(Subject::StateCapitalLine));
                }
            }
            ReasonSubject::ThreePublicBudgetTotal => {
                out.push(Subject::ThreePublicVsBudget(ThreePublicItem::Total))
            }
            ReasonSubject::ThreePublicBudgetItems => out.extend(
                ThreePublicItem::ALL[1..]
                    .iter()
                    .map(|i| Subject::ThreePublicVsBudget(*i)),
            ),
            ReasonSubject::ThreePublicPriorItems => out.extend(
                ThreePublicItem::ALL[1..]
                    .iter()
                    .map(|i| Subject::ThreePublicVsPrior(*i)),
            ),
            ReasonSubject::AgencyRunningCosts => out.push(Subject::AgencyRunningCosts),
        }
    }
    out
}

/// The subjects that explain a 一般公共预算 line of the profile's level: the line itself,
/// or — where the profile explains classes (Beijing) and the officer gave reasons for items
/// (项) under a class without one for the class — each item under it, so that an item
/// left out is asked for (the generator then cites the items' reasons).
fn line_subjects(
    ctx: &Ctx,
    rows: &[juesuan_model::tables::GeneralBudgetRow],
    code: juesuan_model::Code,
) -> Vec<Subject> {
    let line = Subject::GeneralBudgetLine(code);
    let given = |s: Subject| {
        ctx.pkg
            .explanation
            .reason(s)
            .is_some_and(|r| !r.trim().is_empty())
    };
    if code.level() != Level::Class || given(line) {
        return vec![line];
    }
    let items: Vec<Subject> = rows
        .iter()
        .filter(|r| r.code.level() == Level::Item && r.code.class() == code)
        .map(|r| Subject::GeneralBudgetLine(r.code))
        .collect();
    if items.iter().any(|&s| given(s)) {
        items
    } else {
        vec![line]
    }
}

/// A subject as people read it: `一般公共服务支出（类）201`.
pub(crate) fn subject_name(ctx: &Ctx, subject: Subject) -> String {
    subject.describe(ctx.pkg.line_name(subject, &ctx.catalog).as_deref())
}

/// A subject as the 说明填写 sheet writes it (read back as the same subject).
pub(crate) fn sheet_key(ctx: &Ctx, subject: Subject) -> String {
    subject.sheet_key(ctx.pkg.line_name(subject, &ctx.catalog).as_deref())
}

fn place(ctx: &Ctx, subject: Subject) -> Location {
    let part = if ctx.pkg.is_budget() {
        "预算说明"
    } else {
        "决算说明"
    };
    Location::part(part).row(subject_name(ctx, subject))
}

fn amount_text(v: Decimal, decimals: u32) -> String {
    let mut r = juesuan_model::amount::round_half_up(v, decimals);
    r.rescale(decimals);
    r.to_string()
}

/// `决算1030.00万元，比年初预算1000.00万元增加30.00万元` (or `本年…，比上年…`).
fn compared(c: &Comparison) -> String {
    let diff = c.current.value - c.base.value;
    let (now, against) = words(c);
    let d = c.decimals;
    let change = if diff.is_zero() {
        "持平".to_string()
    } else {
        format!(
            "{}{}万元",
            if diff > Decimal::ZERO {
                "增加"
            } else {
                "减少"
            },
            amount_text(diff.abs(), d)
        )
    };
    format!(
        "{now}{}万元，比{against}{}万元{change}",
        amount_text(c.current.value, d),
        amount_text(c.base.value, d)
    )
}

/// What the two figures of a comparison are called: 决算 / 年初预算, 本年 / 上年, or in a
/// budget 本年预算 / 上年预算.
fn words(c: &Comparison) -> (&'static str, &'static str) {
    if c.vs_budget {
        ("决算", "年初预算")
    } else if c.in_budget {
        ("本年预算", "上年预算")
    } else {
        ("本年", "上年")
    }
}

/// A subject whose change the profile wants explained and whose reason is missing, with
/// what it compares.
pub(crate) fn missing_reason_subjects(ctx: &Ctx) -> Vec<(Subject, Comparison)> {
    let threshold = ctx.profile.reasons.threshold_percent;
    let mut out = Vec::new();
    for subject in required(ctx) {
        let Some(c) = comparison(ctx, subject) else {
            continue;
        };
        // a budget's change counts beyond the rounding of its figures (元 tables against
        // the 万元 of 上年预算)
        let unchanged = if c.in_budget {
            interval::check_equal(c.current, c.base).is_none()
        } else {
            (c.current.value - c.base.value).is_zero()
        };
        if unchanged {
            continue;
        }
        if let Some(p) = change_percent(&c)
            && p < threshold
        {
            continue;
        }
        let has_reason = ctx
            .pkg
            .explanation
            .reason(subject)
            .is_some_and(|r| !r.trim().is_empty());
        if !has_reason && !out.iter().any(|(s, _)| *s == subject) {
            out.push((subject, c));
        }
    }
    out
}

/// Item lines whose use the profile wants stated and which have none.
pub(crate) fn missing_usage_subjects(ctx: &Ctx) -> Vec<Subject> {
    if !ctx.profile.usage_required {
        return Vec::new();
    }
    usage_lines(ctx)
        .into_iter()
        .filter(|&subject| {
            !ctx.pkg
                .explanation
                .remark(subject)
                .and_then(|r| r.usage.as_deref())
                // the generator drops closing punctuation: “。” alone is no use stated
                .is_some_and(|u| {
                    !u.trim()
                        .trim_end_matches(['。', '；', ';', '.', '，', ','])
                        .is_empty()
                })
        })
        .collect()
}

/// One line of what the explanation still needs from people.
pub(crate) fn describe_comparison(c: &Comparison) -> String {
    compared(c)
}

fn change_percent(c: &Comparison) -> Option<Decimal> {
    (!c.base.value.is_zero()).then(|| {
        juesuan_model::round_half_up(
            (c.current.value - c.base.value).abs() / c.base.value.abs() * Decimal::ONE_HUNDRED,
            2,
        )
    })
}

pub(super) fn missing_reasons(ctx: &Ctx, sink: &mut Sink) {
    for (subject, c) in missing_reason_subjects(ctx) {
        let name = subject_name(ctx, subject);
        let (now, against) = words(&c);
        let f = sink
            .finding(
                place(ctx, subject),
                format!("{name}：{}，没有说明主要原因", compared(&c)),
            )
            .number(now, c.current.value, Unit::Wanyuan)
            .number(against, c.base.value, Unit::Wanyuan)
            .hint(format!(
                "在“说明填写”表“{}”一行填写主要原因（juesuan reasons 可把需要填写的行写进工作簿）",
                sheet_key(ctx, subject)
            ));
        sink.push(f);
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Said {
    Up,
    Down,
    Same,
    RoughlySame,
}

fn said(direction: &str) -> Option<Said> {
    let d = juesuan_model::text::compact(direction);
    if d.contains('（') || d.contains('(') {
        return None; // a template leftover, reported by E-005
    }
    if d.contains("基本持平") || d.contains("基本一致") {
        return Some(Said::RoughlySame);
    }
    if ["持平", "一致", "相等", "相同", "不变"]
        .iter()
        .any(|w| d.contains(w))
    {
        return Some(Said::Same);
    }
    if ["增加", "增长", "大于", "超过", "上升", "多"]
        .iter()
        .any(|w| d.contains(w))
    {
        return Some(Said::Up);
    }
    if ["减少", "下降", "小于", "低于", "节约", "少"]
        .iter()
        .any(|w| d.contains(w))
    {
        return Some(Said::Down);
    }
    None
}

fn directions(ctx: &Ctx, sink: &mut Sink) {
    for (subject, remark) in &ctx.pkg.explanation.remarks {
        let Some(direction) = remark.direction.as_deref() else {
            continue;
        };
        let Some(said) = said(direction) else {
            continue;
        };
        let Some(c) = comparison(ctx, *subject) else {
            continue;
        };
        let m = interval::check_equal(c.current, c.base);
        let diff = c.current.value - c.base.value;
        let contradicts = match said {
            Said::Same => m.is_some(),
            // 基本持平: within 1 % of the base
            Said::RoughlySame => {
                !c.base.value.is_zero() && diff.abs() / c.base.value.abs() > Decimal::new(1, 2)
            }
            Said::Up => m.is_none() || diff < Decimal::ZERO,
            Said::Down => m.is_none() || diff > Decimal::ZERO,
        };
        if contradicts {
            let actual = if m.is_none() {
                "相等".to_string()
            } else if diff > Decimal::ZERO {
                format!("多{}", diff)
            } else {
                format!("少{}", diff.abs())
            };
            let against = if c.vs_budget { "预算" } else { "上年" };
            let mut f = sink
                .finding(
                    place(ctx, *subject),
                    format!(
                        "说明写“{direction}”，而本年 {} 比{against} {} {actual}",
                        c.current.value, c.base.value
                    ),
                )
                .text("说明中的表述", direction)
                .number("本年", c.current.value, Unit::Wanyuan)
                .number(against, c.base.value, Unit::Wanyuan)
                .hint("按数字改正表述；“一致”“持平”只用于两数相等");
            if let Some(mm) = m {
                f = f.arithmetic(mm.arithmetic(Some(c.decimals), Unit::Wanyuan));
            }
            sink.push(f);
        }
    }
}

fn change_amounts(ctx: &Ctx, sink: &mut Sink) {
    for (subject, remark) in &ctx.pkg.explanation.remarks {
        let Some(stated) = remark.change else {
            continue;
        };
        if remark.direction.as_deref().and_then(said).is_none() && remark.direction.is_some() {
            continue;
        }
        let Some(c) = comparison(ctx, *subject) else {
            continue;
        };
        let computed = Term {
            value: (c.current.value - c.base.value).abs(),
            half: c.current.half + c.base.half,
        };
        let stated_t = Term::stated(stated, c.decimals);
        if let Some(m) = interval::check_equal(stated_t, computed) {
            let f = sink
                .finding(
                    place(ctx, *subject),
                    format!(
                        "说明写变动 {} 万元，而 {} 与 {} 相差 {}",
                        stated, c.current.value, c.base.value, computed.value
                    ),
                )
                .number("说明中的变动金额", stated.value(), Unit::Wanyuan)
                .relation("变动金额 = |本年 − 比较基数|")
                .arithmetic(m.arithmetic(Some(c.decimals), Unit::Wanyuan));
            sink.push(f);
        }
    }
}

fn percents(ctx: &Ctx, sink: &mut Sink) {
    for (subject, remark) in &ctx.pkg.explanation.remarks {
        let Some(p) = remark.percent else { continue };
        let Some(c) = comparison(ctx, *subject) else {
            continue;
        };
        let stated = Term::with_decimals(p, p.scale());
        let diff = Term {
            value: (c.current.value - c.base.value).abs(),
            half: c.current.half + c.base.half,
        };
        let change = interval::check_percent(stated, diff, c.base);
        let completion = c
            .vs_budget
            .then(|| interval::check_percent(stated, c.current, c.base));
        // a zero base makes the change undefined; nothing to check
        if c.base.lo() <= Decimal::ZERO {
            continue;
        }
        let broken = match completion {
            Some(done) => change.is_some() && done.is_some(),
            None => change.is_some(),
        };
        if broken {
            let m = change.unwrap_or_else(|| unreachable!());
            let f = sink
                .finding(
                    place(ctx, *subject),
                    format!(
                        "说明写 {p}%，而按 {} 与 {} 计算{}为 {}%",
                        c.current.value,
                        c.base.value,
                        if c.vs_budget {
                            "变动幅度（或完成率）"
                        } else {
                            "变动幅度"
                        },
                        // as the explanation writes percentages: to the stated decimals
                        juesuan_model::round_half_up(m.computed, p.scale().max(2))
                    ),
                )
                .number("说明中的百分比", p, Unit::Percent)
                .relation(if c.vs_budget {
                    "变动幅度 = |本年 − 预算| ÷ 预算；完成率 = 决算 ÷ 预算"
                } else {
                    "变动幅度 = |本年 − 上年| ÷ 上年"
                })
                .arithmetic(m.arithmetic(Some(p.scale()), Unit::Percent));
            sink.push(f);
        }
    }
}

const LEFTOVERS: &[&str] = &[
    "增加（减少）",
    "减少（增加）",
    "增长（下降）",
    "下降（增长）",
    "大于（小于）",
    "小于（大于）",
    "XXX",
    "XX",
    "如持平作持平表述",
    "不涉及的不列",
];

fn leftovers(ctx: &Ctx, sink: &mut Sink) {
    for (subject, remark) in &ctx.pkg.explanation.remarks {
        let Remark {
            direction,
            reason,
            usage,
            ..
        } = remark;
        for (label, text) in [
            ("表述", direction),
            ("主要原因", reason),
            ("主要用于", usage),
        ] {
            let Some(text) = text else { continue };
            let norm = juesuan_model::text::normalize_width(text)
                .replace('(', "（")
                .replace(')', "）");
            if let Some(hit) = LEFTOVERS.iter().find(|l| norm.contains(**l)) {
                let f = sink
                    .finding(
                        place(ctx, *subject),
                        format!("{label}中残留模板文字“{hit}”：“{text}”"),
                    )
                    .text(label, text)
                    .hint("换成实际的表述，例如“增加”或“减少”");
                sink.push(f);
            }
        }
    }
}

fn unverifiable(ctx: &Ctx, sink: &mut Sink) {
    for (subject, remark) in &ctx.pkg.explanation.remarks {
        let states =
            remark.direction.is_some() || remark.change.is_some() || remark.percent.is_some();
        if !states || comparison(ctx, *subject).is_some() {
            continue;
        }
        if matches!(
            subject,
            Subject::GovFundLine(_) | Subject::StateCapitalLine(_)
        ) {
            continue;
        }
        let f = sink
            .finding(
                place(ctx, *subject),
                format!(
                    "说明对“{}”写了“{}”，但缺少比较所需的数，无法核对",
                    subject_name(ctx, *subject),
                    remark.direction.as_deref().unwrap_or("变动")
                ),
            )
            .hint("在“说明数据”表补填上年数");
        sink.push(f);
    }
}
