//! E: the explanation's inputs — reasons the profile requires, and the wording of an
//! existing explanation (增加/减少/持平/一致, the change, the percentage) against the figures.

use rust_decimal::Decimal;

use juesuan_model::explanation::{Remark, Subject, ThreePublicItem};
use juesuan_model::tables::{TableKind, ThreePublicFigures};
use juesuan_model::{Amount, Level, LineLevel, ReasonSubject};

use super::common::field;
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
                what: "地区格式要求对与上年或与年初预算相比的变动说明主要原因（上海：每项变动都要说明，“如持平作持平表述”；\
北京：收支总计、财政拨款收支总计、各类支出、“三公”各项、机关运行经费）。数字有变动而“说明填写”中没有主要原因时提示。",
                why: "",
                bad: "",
                good: "",
                basis: "上海模板第三部分；北京决算说明格式",
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
                what: "说明写“增加”而数字减少、写“减少”而数字增加，或写“一致”“持平”而两数不同（超出舍入），都与表格矛盾。\
北京西城科信局说明写卫生健康支出 146.04 万元“比年初预算 146.07 万元一致”，即属此类。",
                why: "",
                bad: "",
                good: "",
                basis: "",
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
                what: "说明中写的增减金额应等于两数之差（按舍入区间判断）。",
                why: "",
                bad: "",
                good: "",
                basis: "",
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
                what: "说明中写的增长（下降）百分比应等于变动额除以基数，与预算比较时也可以是完成率（决算数除以预算数）；\
按舍入区间判断，百分比按其写出的小数位数。",
                why: "",
                bad: "",
                good: "",
                basis: "",
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
                what: "“增加（减少）”“增长（下降）”“大于（小于）”“XXX”“如持平作持平表述”等是模板里的填写提示，\
应换成实际的表述和数字。",
                why: "",
                bad: "",
                good: "",
                basis: "上海模板",
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
                what: "说明对某项作了增减表述，但数据包中缺少比较所需的数（如上年数），无法核对。补上上年数即可核对。",
                why: "",
                bad: "",
                good: "",
                basis: "",
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
                what: "上海格式逐项说明一般公共预算、政府性基金、国有资本经营预算财政拨款支出的每个项级科目：“主要用于：……”。这是要人来写的内容；“说明填写”中没有时，生成的文档会留下【待填写：主要用途】。",
                why: "",
                bad: "",
                good: "",
                basis: "上海模板第三部分五（三）、八、九",
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
];

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
    if !ctx.profile.usage_required {
        return;
    }
    for subject in usage_lines(ctx) {
        let given = ctx
            .pkg
            .explanation
            .remark(subject)
            .and_then(|r| r.usage.as_deref())
            // the generator drops closing punctuation: “。” alone is no use stated
            .is_some_and(|u| {
                !u.trim()
                    .trim_end_matches(['。', '；', ';', '.', '，', ','])
                    .is_empty()
            });
        if !given {
            let f = sink
                .finding(place(subject), format!("{subject}没有说明主要用途"))
                .hint(format!("在“说明填写”表“{subject}”一行填写主要用于什么"));
            sink.push(f);
        }
    }
}

/// What a subject compares, when the package has both figures.
#[derive(Debug, Clone, Copy)]
struct Comparison {
    current: Term,
    base: Term,
    /// Against the budget (completion rate is a valid percentage too).
    vs_budget: bool,
    decimals: u32,
}

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
        Some(Comparison {
            current: term(ctx, kind, current)?,
            base: term(ctx, kind, base)?,
            vs_budget: false,
            decimals: ctx.decimals(kind),
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
                decimals: ctx.decimals(kind),
            };
            c.vs_budget = true;
            Some(c)
        }
        Subject::ThreePublicVsPrior(i) => {
            let tp = t.three_public.as_ref()?;
            let kind = TableKind::ThreePublic;
            let base = match i {
                ThreePublicItem::Total => py.three_public_total,
                ThreePublicItem::Overseas => py.three_public_overseas,
                ThreePublicItem::Vehicle => py.three_public_vehicle,
                ThreePublicItem::Reception => py.three_public_reception,
            };
            Some(Comparison {
                current: ctx.term(
                    kind,
                    field::<ThreePublicFigures>(&tp.actual, three_public_key(i)),
                )?,
                base: term(ctx, kind, base)?,
                vs_budget: false,
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
                    out.extend(
                        g.rows
                            .iter()
                            .filter(|r| r.code.level() == level)
                            .map(|r| Subject::GeneralBudgetLine(r.code)),
                    );
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

fn place(subject: Subject) -> Location {
    Location::part("决算说明").row(subject.to_string())
}

fn change_percent(c: &Comparison) -> Option<Decimal> {
    (!c.base.value.is_zero()).then(|| {
        juesuan_model::round_half_up(
            (c.current.value - c.base.value).abs() / c.base.value.abs() * Decimal::ONE_HUNDRED,
            2,
        )
    })
}

fn missing_reasons(ctx: &Ctx, sink: &mut Sink) {
    let threshold = ctx.profile.reasons.threshold_percent;
    for subject in required(ctx) {
        let Some(c) = comparison(ctx, subject) else {
            continue;
        };
        let diff = c.current.value - c.base.value;
        if diff.is_zero() {
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
        if !has_reason {
            let verb = if diff > Decimal::ZERO {
                "增加"
            } else {
                "减少"
            };
            let against = if c.vs_budget { "预算" } else { "上年" };
            let f = sink
                .finding(
                    place(subject),
                    format!(
                        "{subject}比{against}{}{verb}{}万元，没有说明主要原因",
                        c.base.value,
                        diff.abs()
                    ),
                )
                .number("本年", c.current.value, Unit::Wanyuan)
                .number(against, c.base.value, Unit::Wanyuan)
                .hint(format!("在“说明填写”表“{subject}”一行填写主要原因"));
            sink.push(f);
        }
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
                    place(*subject),
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
                    place(*subject),
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
                    place(*subject),
                    format!(
                        "说明写 {p}%，而按 {} 与 {} 计算{}为 {}%",
                        c.current.value,
                        c.base.value,
                        if c.vs_budget {
                            "变动幅度（或完成率）"
                        } else {
                            "变动幅度"
                        },
                        m.computed.round_dp(2)
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
                        place(*subject),
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
                place(*subject),
                format!(
                    "说明对“{subject}”写了“{}”，但缺少比较所需的数，无法核对",
                    remark.direction.as_deref().unwrap_or("变动")
                ),
            )
            .hint("在“说明数据”表补填上年数");
        sink.push(f);
    }
}
