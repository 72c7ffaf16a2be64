//! The two-sided budget tables: 收支预算总表 (T1: 财务收支预算总表, 收支总表) and
//! 财政拨款收支预算总表 (T4).

use juesuan_model::Record;
use juesuan_model::tables::{AppropriationValues, SummaryIncome, TableKind};

use super::super::appropriation::{footer_columns, row_columns};
use super::super::common::{grand_totals_balance, label_of, record_sum};
use super::super::summary::{class_lines, grand_total_lines};
use super::super::{Base, Doc, Family, Meta, Rule, fires, silent};
use super::{KINDS, expenditure_total, income_total, known_format};
use crate::finding::Severity;
use crate::{Ctx, Sink};

const T1: TableKind = TableKind::Summary;
const T4: TableKind = TableKind::AppropriationSummary;

const BASIS_T1: &str = "上海市区级部门预算公开格式表1《部门财务收支预算总表》（本年收入：一、财政拨款收入\
〔1. 一般公共预算资金、2. 政府性基金、3. 国有资本经营预算〕、二、事业收入、三、事业单位经营收入、\
四、其他收入、收入总计；本年支出：各功能分类类级科目、支出总计）；中央部门预算公开格式《收支预算总表》；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。";

const BASIS_T4: &str = "上海市区级部门预算公开格式表4《部门财政拨款收支预算总表》（财政拨款收入：一般公共预算资金、\
政府性基金、国有资本经营预算、收入总计；财政拨款支出：各功能分类类级科目按合计、一般公共预算、\
政府性基金预算、国有资本经营预算分栏，支出总计）；北京市部门预算公开报表《财政拨款收支总表》；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。";

pub(super) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "B-001",
            name: "收支预算总表收入合计不等于各项收入之和",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "收支预算总表收入方：收入总计（印有“本年收入合计”的格式为本年收入合计）应等于\
财政拨款收入（或一般公共预算、政府性基金、国有资本经营预算三类）与事业收入、事业单位经营收入、\
其他收入等各项之和；印有上年结转、使用非财政拨款结余的，收入总计 = 本年收入合计 + 这两项。\
元表按所印的分位精确比较，万元表按舍入误差（每个数 ±0.005）比较。",
                why: "收入总计是预算说明“收入预算X万元”的来源，分项加不平，说明必有一个数抄错，\
读者无法判断单位到底安排了多少收入。",
                bad: "财务收支预算总表：一、财政拨款收入 31,214,205.80 元，事业收入空白，\
收入总计却印 31,216,205.80 元，差 2,000.00 元。",
                good: "核对后改正收入总计为 31,214,205.80 元，与支出总计一致。",
                basis: BASIS_T1,
            },
        },
        check: income_lines,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            silent(
                Base::SyntheticBudget,
                &["tables.summary.income.grand_total += 0.0000004"],
            ),
            fires(
                Base::SyntheticBudget,
                &["tables.summary.income.grand_total += 0.2"],
            ),
            fires(
                Base::SyntheticBudget,
                &["tables.summary.income.institutional = 5.000000"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-002",
            name: "财政拨款收入不等于三类财政拨款之和",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "收支预算总表同时印有“财政拨款收入”一行和其下一般公共预算资金、政府性基金、\
国有资本经营预算三行时，财政拨款收入应等于三行之和。只印一行财政拨款收入的格式（中央部门）不检查。",
                why: "三类拨款分别对应财政拨款收支预算总表的三栏和三张功能分类预算表；\
合计与分项不符，后面各表必有一处与总表对不上。",
                bad: "一、财政拨款收入 31,214,205.80 元，1. 一般公共预算资金 31,204,205.80 元，\
其余两项空白，差 10,000.00 元。",
                good: "一般公共预算资金应为 31,214,205.80 元，与财政拨款收支预算总表“一般公共预算资金”一致。",
                basis: BASIS_T1,
            },
        },
        check: appropriation_kinds,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["tables.summary.income.general_budget -= 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-003",
            name: "收支预算总表支出合计不等于各类支出之和",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "收支预算总表支出方：支出总计（印有“本年支出合计”的格式为本年支出合计）应等于各功能\
分类类级支出之和；印有结转下年的，支出总计 = 本年支出合计 + 结转下年。",
                why: "支出方各类是支出预算表各类的汇总；漏列一类或抄错一类，\
说明中的支出结构就与表不符。",
                bad: "一般公共服务支出 22,186,440.80 + 社会保障和就业支出 3,508,644.00 + 住房保障支出 \
4,736,957.00 = 30,432,041.80 元，支出总计 31,214,205.80 元，差 782,164.00 元，正是漏列的卫生健康支出。",
                good: "补列“三、卫生健康支出 782,164.00”，各类之和与支出总计一致。",
                basis: BASIS_T1,
            },
        },
        check: expenditure_lines,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["tables.summary.expenditure[#0].amount -= 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-004",
            name: "收支预算总表收入总计与支出总计不平衡",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "收支预算总表两边的总计必须相等：收入总计 = 支出总计（预算按收支平衡编制）。",
                why: "预算收支平衡是编制原则；两边不等，必有一边漏项或抄错，\
预算说明中的“收入预算”“支出预算”至少有一个与表不符。",
                bad: "收入总计 31,214,205.80 元，支出总计 31,213,205.80 元，差 1,000.00 元。",
                good: "先看 B-001、B-003 哪一边的分项加不平，改正那一边的总计。",
                basis: "《中华人民共和国预算法》第十二条（各级预算应当遵循统筹兼顾、勤俭节约、量力而行、\
讲求绩效和收支平衡的原则）；上海市区级部门预算公开格式表1《部门财务收支预算总表》“收入总计”“支出总计”行。",
            },
        },
        check: balance,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &[
                    "tables.summary.expenditure_totals.grand_total -= 1",
                    "tables.summary.expenditure[#0].amount -= 1",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-005",
            name: "财政拨款收支预算总表收入与支出总计不符",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "财政拨款收支预算总表收入方：收入总计（印有“本年收入合计”的为本年收入合计）= \
一般公共预算资金 + 政府性基金 + 国有资本经营预算（印有上年结转的，收入总计 = 本年收入合计 + 上年结转）；\
收入总计 = 支出总计。",
                why: "财政拨款收支预算总表是预算说明“财政拨款收入支出预算”一段的来源；\
收入方加不平或两边不等，说明中的财政拨款总额与分类数就互相矛盾。",
                bad: "一般公共预算资金 31,214,205.80 元，其余两项空白，收入总计印 31,224,205.80 元。",
                good: "收入总计改为 31,214,205.80 元，与支出总计一致。",
                basis: BASIS_T4,
            },
        },
        check: appropriation_income,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["tables.appropriation_summary.income.grand_total += 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "B-006",
            name: "财政拨款收支预算总表支出栏或各类之和不符",
            severity: Severity::Error,
            family: Family::Budget,
            doc: Doc {
                what: "财政拨款收支预算总表支出方：每一类（和总计行）的合计 = 一般公共预算 + 政府性基金预算 + \
国有资本经营预算；每一栏的支出总计（印有本年支出合计的为本年支出合计）= 各类之和。",
                why: "每一栏是一张功能分类预算表的类级汇总；栏内或行内加不平，\
财政拨款支出与一般公共预算支出功能分类预算表等表就对不上。",
                bad: "一般公共服务支出：合计 22,186,440.80 元，一般公共预算 22,176,440.80 元，\
其余两栏空白，差 10,000.00 元。",
                good: "核对一般公共预算支出功能分类预算表 201 类的合计，改正其中抄错的一个数。",
                basis: BASIS_T4,
            },
        },
        check: appropriation_expenditure,
        fixtures: &[
            silent(Base::SyntheticBudget, &[]),
            fires(
                Base::SyntheticBudget,
                &["tables.appropriation_summary.expenditure[#0].general_budget -= 1"],
            ),
            fires(
                Base::SyntheticBudget,
                &["tables.appropriation_summary.grand_total.gov_fund += 1"],
            ),
        ],
    },
];

/// The income lines a total adds: 财政拨款收入 as one line or its three kinds, then the others.
fn income_parts(i: &SummaryIncome) -> Vec<(&'static str, &'static str)> {
    const OTHERS: [&str; 5] = [
        "superior_subsidy",
        "institutional",
        "operating",
        "affiliate_remittance",
        "other",
    ];
    let appropriation: &[&str] = if i.appropriation.is_some() {
        &["appropriation"]
    } else {
        &["general_budget", "gov_fund", "state_capital"]
    };
    appropriation
        .iter()
        .chain(&OTHERS)
        .map(|k| (*k, label_of::<SummaryIncome>(k)))
        .collect()
}

fn income_lines(ctx: &Ctx, sink: &mut Sink) {
    if !known_format(ctx) {
        return;
    }
    let Some(s) = &ctx.pkg.tables.summary else {
        return;
    };
    let Some((key, label, _)) = income_total(&s.income) else {
        return;
    };
    record_sum(
        ctx,
        sink,
        T1,
        ("income", &s.income),
        (key, label),
        &income_parts(&s.income),
        &format!("{label} = 各项收入之和"),
        "各项收入之和",
    );
    if s.income.total.is_some() && s.income.grand_total.is_some() {
        grand_total_lines(ctx, sink, s, "上年结转", "结转下年", false);
    }
}

fn appropriation_kinds(ctx: &Ctx, sink: &mut Sink) {
    if !known_format(ctx) {
        return;
    }
    let Some(s) = &ctx.pkg.tables.summary else {
        return;
    };
    let i = &s.income;
    if i.appropriation.is_none()
        || [i.general_budget, i.gov_fund, i.state_capital]
            .iter()
            .all(Option::is_none)
    {
        return;
    }
    record_sum(
        ctx,
        sink,
        T1,
        ("income", i),
        ("appropriation", "财政拨款收入"),
        &KINDS,
        "财政拨款收入 = 一般公共预算资金 + 政府性基金 + 国有资本经营预算",
        "三类之和",
    );
}

fn expenditure_lines(ctx: &Ctx, sink: &mut Sink) {
    if !known_format(ctx) {
        return;
    }
    let Some(s) = &ctx.pkg.tables.summary else {
        return;
    };
    let e = &s.expenditure_totals;
    let Some((key, label, amount)) = expenditure_total(e) else {
        return;
    };
    if let Some(total) = ctx.figure(T1, &format!("expenditure_totals.{key}"), Some(amount)) {
        class_lines(ctx, sink, s, total, label);
    }
    if e.total.is_some() && e.grand_total.is_some() {
        grand_total_lines(ctx, sink, s, "上年结转", "结转下年", true);
    }
}

fn balance(ctx: &Ctx, sink: &mut Sink) {
    if !known_format(ctx) {
        return;
    }
    let Some(s) = &ctx.pkg.tables.summary else {
        return;
    };
    if let (Some(i), Some(e)) = (s.income.grand_total, s.expenditure_totals.grand_total) {
        grand_totals_balance(ctx, sink, T1, Some(i), Some(e));
    }
}

/// The 支出 footer of a 财政拨款收支预算总表 that Σ 类 makes: 本年支出合计 where printed,
/// else 支出总计 when nothing is carried to the next year.
pub(super) fn appropriation_footer(
    t: &juesuan_model::tables::AppropriationSummary,
) -> Option<(&'static str, &AppropriationValues)> {
    if !t.expenditure_total.is_blank() {
        Some(("本年支出合计", &t.expenditure_total))
    } else if t.closing_carryover.is_blank() && !t.grand_total.is_blank() {
        Some(("支出总计", &t.grand_total))
    } else {
        None
    }
}

fn appropriation_income(ctx: &Ctx, sink: &mut Sink) {
    if !known_format(ctx) {
        return;
    }
    let Some(t) = &ctx.pkg.tables.appropriation_summary else {
        return;
    };
    let i = &t.income;
    let (key, label) = match (i.total, i.grand_total) {
        (Some(_), _) => ("total", "本年收入合计"),
        (None, Some(_)) => ("grand_total", "收入总计"),
        _ => return,
    };
    record_sum(
        ctx,
        sink,
        T4,
        ("income", i),
        (key, label),
        &KINDS,
        &format!("{label} = 一般公共预算资金 + 政府性基金 + 国有资本经营预算"),
        "三类之和",
    );
    if i.total.is_some() && i.grand_total.is_some() {
        record_sum(
            ctx,
            sink,
            T4,
            ("income", i),
            ("grand_total", "收入总计"),
            &[("total", "本年收入合计"), ("opening_carryover", "上年结转")],
            "收入总计 = 本年收入合计 + 上年结转",
            "两项之和",
        );
    }
    if let (Some(g), Some(e)) = (i.grand_total, t.grand_total.total) {
        grand_totals_balance(ctx, sink, T4, Some(g), Some(e));
    }
}

fn appropriation_expenditure(ctx: &Ctx, sink: &mut Sink) {
    if !known_format(ctx) {
        return;
    }
    let Some(t) = &ctx.pkg.tables.appropriation_summary else {
        return;
    };
    row_columns(ctx, sink);
    if let Some((row, footer)) = appropriation_footer(t) {
        footer_columns(ctx, sink, t, footer, row);
    }
}
