//! T2 收入决算表, T3 支出决算表, T5 一般公共预算财政拨款支出决算表: row sums, the
//! 类/款/项 hierarchy and 合计 = Σ 类.

use juesuan_model::Level;
use juesuan_model::tables::TableKind;

use super::common::{check_sum, classes_total, hierarchy, named, row_label, row_sums};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::interval::Term;
use crate::{Ctx, Sink};

const INCOME_KEYS: &[&str] = &[
    "total",
    "appropriation",
    "superior_subsidy",
    "institutional",
    "operating",
    "affiliate_remittance",
    "other",
];
const EXPENDITURE_KEYS: &[&str] = &[
    "total",
    "basic",
    "project",
    "remit_superior",
    "operating",
    "affiliate_subsidy",
];
const GB_KEYS: &[&str] = &["total", "basic", "project"];

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "T2-001",
            name: "收入决算表本年收入合计不等于各来源之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入决算表每一行（含合计行）：本年收入合计 = 财政拨款收入 + 上级补助收入 + \
事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "每行的本年收入合计是该科目收入的总额。与各栏之和不符，\
多是某个数填错了栏或抄错，该科目在收入决算表与支出决算表之间也会对不上。",
                bad: "2010602 一般行政管理事务：本年收入合计 16.19，\
财政拨款收入 10.00 + 其他收入 6.29 = 16.29，差 0.10。",
                good: "其他收入应为 6.19：10.00 + 6.19 = 16.19。",
                basis: "上海市2024年度部门决算公开样张表二、\
北京市2024年度部门决算公开报表表二《收入决算表》栏目“本年收入合计、财政拨款收入、上级补助收入、\
事业收入、经营收入、附属单位上缴收入、其他收入”；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（公开内容准确）。",
            },
        },
        check: |c, s| {
            row_sums(
                c,
                s,
                TableKind::Income,
                c.pkg.tables.income.as_ref(),
                "total",
                &INCOME_KEYS[1..],
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Synthetic, &[]),
            fires(
                Base::Shanghai,
                &["tables.income.rows[2010602].other = 6.29"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T2-002",
            name: "收入决算表上级科目不等于下级科目之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入决算表按功能分类逐级列示：类 = 所属各款之和，款 = 所属各项之和，\
每一栏分别检查。只核对列出了下级科目的行；各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "上下级对不上，通常是某个项级科目漏列、重复或金额抄错；\
按类汇总的说明和占比也就跟着错。",
                bad: "20805 行政事业单位养老支出写 327.72，所属各项 84.65 + 160.75 + 80.38 + 0.94 \
= 326.72，差 1.00。",
                good: "款级金额按所属各项之和改为 326.72（类 208 同步核对）；若是漏列了项，\
则补列该项。",
                basis: "上海市2024年度部门决算公开样张表二、\
北京市2024年度部门决算公开报表表二《收入决算表》“功能分类科目编码”类、款、项逐级列示；\
《2024年政府收支分类科目》（财政部）；《中华人民共和国预算法实施条例》（国务院令第729号）\
第六条（支出按功能分类公开到项）。",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::Income,
                c.pkg.tables.income.as_ref(),
                INCOME_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.income.rows[20805].total = 327.72",
                    "tables.income.rows[20805].appropriation = 327.72",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T2-003",
            name: "收入决算表合计不等于各类之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入决算表的合计行应等于各类级科目之和，每一栏（本年收入合计、\
财政拨款收入……其他收入）分别检查。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "合计行就是单位全部收入，应与收入支出决算总表一致；它与各类之和不符，\
说明有一类漏列，或合计多出的钱没有落到任何科目上。",
                bad: "合计行财政拨款收入 2950.05，各类之和 2106.66 + 326.72 + 60.99 + 445.69 = \
2940.06，差 9.99，超出五个数的舍入范围 ±0.025。",
                good: "合计行财政拨款收入应为 2940.05（与各类之和 2940.06 相差 0.01，在舍入范围内）\
。",
                basis: "上海市2024年度部门决算公开样张表二、\
北京市2024年度部门决算公开报表表二《收入决算表》“合计”行；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
            },
        },
        check: |c, s| {
            classes_total(
                c,
                s,
                TableKind::Income,
                c.pkg.tables.income.as_ref(),
                INCOME_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.income.total.total = 2956.25",
                    "tables.income.total.appropriation = 2950.05",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T3-001",
            name: "支出决算表本年支出合计不等于各栏之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "支出决算表每一行（含合计行）：本年支出合计 = 基本支出 + 项目支出 + \
上缴上级支出 + 经营支出 + 对附属单位补助支出。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "说明中的“基本支出占 XX%、项目支出占 XX%”来自这几栏；某栏填错，\
结构比例和与一般公共预算财政拨款支出决算表的衔接都会出错。",
                bad: "2010601 行政运行：本年支出合计 1511.89，基本支出 1503.52 + 项目支出 8.47 = \
1511.99，差 0.10。",
                good: "项目支出应为 8.37：1503.52 + 8.37 = 1511.89。",
                basis: "上海市2024年度部门决算公开样张表三、\
北京市2024年度部门决算公开报表表三《支出决算表》栏目“本年支出合计、基本支出、项目支出、\
上缴上级支出、经营支出、对附属单位补助支出”；《中华人民共和国预算法实施条例》（国务院令第729号）\
第六条（部门决算应当公开基本支出和项目支出）。",
            },
        },
        check: |c, s| {
            row_sums(
                c,
                s,
                TableKind::Expenditure,
                c.pkg.tables.expenditure.as_ref(),
                "total",
                &EXPENDITURE_KEYS[1..],
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(
                Base::Shanghai,
                &["tables.expenditure.rows[2010601].project = 8.47"],
            ),
            fires(Base::Beijing, &["tables.expenditure.total.basic = 1999.83"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "T3-002",
            name: "支出决算表上级科目不等于下级科目之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "支出决算表按功能分类逐级列示：类 = 所属各款之和，款 = 所属各项之和，\
每一栏分别检查。只核对列出了下级科目的行；各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "上下级对不上，通常是某个项级科目漏列、重复或金额抄错；\
漏列的项在公开文本中就看不到了。",
                bad: "20805 行政事业单位养老支出 326.72，所列各项 84.65 + 160.75 + 80.38 = 325.78，\
差 0.94。",
                good: "补列漏掉的 2080599 其他行政事业单位养老支出 0.94：84.65 + 160.75 + 80.38 + \
0.94 = 326.72。",
                basis: "上海市2024年度部门决算公开样张表三、\
北京市2024年度部门决算公开报表表三《支出决算表》“功能分类科目编码”类、款、项逐级列示；\
《2024年政府收支分类科目》（财政部）；《中华人民共和国预算法实施条例》（国务院令第729号）\
第六条（支出按功能分类公开到项）。",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::Expenditure,
                c.pkg.tables.expenditure.as_ref(),
                EXPENDITURE_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(Base::Shanghai, &["delete tables.expenditure.rows[2080599]"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "T3-003",
            name: "支出决算表合计不等于各类之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "支出决算表的合计行应等于各类级科目之和，每一栏分别检查。\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "合计行就是单位全部支出，应与收入支出决算总表的本年支出合计一致；\
与各类之和不符，说明漏列了一类或合计抄错。",
                bad: "合计行本年支出合计 2940.15，各类之和 2106.66 + 326.72 + 60.99 + 445.69 = \
2940.06，差 0.09，超出五个数的舍入范围 ±0.025。",
                good: "合计应为 2940.05。上海市普陀区财政局2024年表三正是如此：各类之和 2940.06、\
合计 2940.05，差 0.01 在舍入范围内，不报错。",
                basis: "上海市2024年度部门决算公开样张表三、\
北京市2024年度部门决算公开报表表三《支出决算表》“合计”行；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
            },
        },
        check: |c, s| {
            classes_total(
                c,
                s,
                TableKind::Expenditure,
                c.pkg.tables.expenditure.as_ref(),
                EXPENDITURE_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.expenditure.total.total = 2940.15",
                    "tables.expenditure.total.basic = 2337.01",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T5-001",
            name: "一般公共预算财政拨款支出合计不等于基本支出加项目支出",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款支出决算表每一行（含合计行）：\
合计 = 基本支出 + 项目支出。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "这张表是决算说明中一般公共预算财政拨款支出部分（上海说明五、北京说明四）\
逐类、逐项说明的依据；基本、项目两栏加不出合计，说明和基本支出决算表都无从衔接。",
                bad: "2101101 行政单位医疗：合计 60.99，基本支出 60.90 + 项目支出 0 = 60.90，\
差 0.09。",
                good: "基本支出应为 60.99：60.99 + 0 = 60.99。",
                basis: "上海市2024年度部门决算公开样张表五、\
北京市2024年度部门决算公开报表表五《一般公共预算财政拨款支出决算表》栏目“合计、基本支出、项目支出”\
；《中华人民共和国预算法实施条例》（国务院令第729号）第六条。",
            },
        },
        check: |c, s| {
            row_sums(
                c,
                s,
                TableKind::GeneralBudget,
                c.pkg.tables.general_budget.as_ref(),
                "total",
                &GB_KEYS[1..],
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(
                Base::Shanghai,
                &["tables.general_budget.rows[2101101].basic = 60.90"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T5-002",
            name: "一般公共预算财政拨款支出上级科目不等于下级科目之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款支出决算表按功能分类逐级列示：类 = 所属各款之和，\
款 = 所属各项之和，每一栏分别检查。只核对列出了下级科目的行；各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "上下级对不上，通常是项级科目漏列、重复或金额抄错；说明按项逐条解释时，\
就会和类、款的金额矛盾。",
                bad: "22102 住房改革支出 445.69，所属 2210201 住房公积金 187.19 + 2210203 购房补贴 \
285.50 = 472.69，差 27.00（258.50 抄成了 285.50）。",
                good: "购房补贴改为 258.50：187.19 + 258.50 = 445.69。",
                basis: "上海市2024年度部门决算公开样张表五、\
北京市2024年度部门决算公开报表表五《一般公共预算财政拨款支出决算表》“功能分类科目编码”类、款、\
项逐级列示；《2024年政府收支分类科目》（财政部）；《中华人民共和国预算法实施条例》（国务院令\
第729号）第六条。",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::GeneralBudget,
                c.pkg.tables.general_budget.as_ref(),
                GB_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "swap tables.general_budget.rows[2210201].total tables.general_budget.rows[22102].total",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T5-003",
            name: "一般公共预算财政拨款支出合计不等于各类之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款支出决算表的合计行应等于各类级科目之和，合计、基本支出、\
项目支出各栏分别检查。各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 \
±0.005）才报错。固定 ±0.5 万元的容差会放过下面这种错误。",
                why: "一般公共预算财政拨款支出是公开的重点，说明按类逐项解释；各类之和与合计不符，\
表示有一类支出没有公开或某个数有误。",
                bad: "北京市西城区科学技术和信息化局2024年：合计 14864.90，\
各类 0.20 + 14144.40 + 278.41 + 146.04 + 295.81 = 14864.86，差 0.04，超出六个数的舍入范围 ±0.03。",
                good: "找出错的数或漏列的类再改。例如科学技术支出若实为 14144.44，\
则 0.20 + 14144.44 + 278.41 + 146.04 + 295.81 = 14864.90，与合计一致。",
                basis: "上海市2024年度部门决算公开样张表五、\
北京市2024年度部门决算公开报表表五《一般公共预算财政拨款支出决算表》“合计”行；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（公开内容准确）。",
            },
        },
        check: |c, s| {
            classes_total(
                c,
                s,
                TableKind::GeneralBudget,
                c.pkg.tables.general_budget.as_ref(),
                GB_KEYS,
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(Base::Beijing, &[]),
            silent(
                Base::Beijing,
                &["tables.general_budget.rows[206].total = 14144.44"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T5-004",
            name: "年初预算合计不等于各科目年初预算之和",
            severity: Severity::Warning,
            family: Family::Package,
            doc: Doc {
                what: "说明中一般公共预算财政拨款支出的年初预算总数，\
应等于逐项说明中各末级科目年初预算之和。只有每个末级科目都给出了年初预算时才检查；\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "“完成年初预算的 XX%”用年初预算总数计算；总数与各项之和不一致，\
完成率和逐项说明就互相矛盾。",
                bad: "年初预算总数写 2999.92，各项级科目年初预算 1560.05 + 10.00 + 135.90 + 450.52 \
+ 85.55 + 161.62 + 80.81 + 0.94 + 62.29 + 187.75 + 258.50 = 2993.93，差 5.99。",
                good: "总数应为 2993.92（与 2993.93 相差 0.01，在十二个数的舍入范围 ±0.06 内）。",
                basis: "上海市2024年度部门决算公开样张第三部分五（三）\
“一般公共预算财政拨款支出年初预算为 XXX 万元……其中：1、……年初预算为 XXX 万元”；\
北京市2024年度部门决算公开报表说明四（二）各类“比年初预算”的表述。",
            },
        },
        check: budget_total,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.general_budget.total.initial_budget = 2999.92"],
            ),
        ],
    },
];

/// 年初预算 blanks are unknown whatever the table's coverage: it is explanation data.
fn budget_total(ctx: &Ctx, sink: &mut Sink) {
    let kind = TableKind::GeneralBudget;
    let Some(t) = &ctx.pkg.tables.general_budget else {
        return;
    };
    let Some(total) = t.total.initial_budget else {
        return;
    };
    let dec = ctx.decimals(kind);
    let leaves: Vec<_> = t
        .rows
        .iter()
        .filter(|r| {
            !t.rows.iter().any(|c| {
                c.code.parent() == Some(r.code)
                    || (r.code.level() == Level::Class
                        && c.code.class() == r.code
                        && c.code != r.code)
            })
        })
        .collect();
    if leaves.is_empty() {
        return;
    }
    let parts: Option<Vec<_>> = leaves
        .iter()
        .map(|r| {
            r.initial_budget
                .map(|a| named(row_label(r.code, &r.name), Term::stated(a, dec)))
        })
        .collect();
    let Some(parts) = parts else { return };
    check_sum(
        sink,
        || ctx.at(kind).row("合计").column("年初预算数"),
        "年初预算合计 = 各末级科目年初预算之和",
        &named("年初预算合计", Term::stated(total, dec)),
        "各科目年初预算之和",
        &parts,
        dec,
        "",
    );
}
