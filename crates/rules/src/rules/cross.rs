//! X: identities between tables (T1 ↔ T2 ↔ T3 ↔ T4 ↔ T5 ↔ T6 ↔ T7 ↔ T9 ↔ T10).

use std::collections::BTreeMap;

use juesuan_model::tables::TableKind;
use juesuan_model::{Amount, Code, Level};

use super::common::{Label, Relation, check_pair, field, named, row_label};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::interval::Term;
use crate::{Ctx, Sink};

use TableKind::{
    AppropriationSummary as T4, Expenditure as T3, GeneralBudget as T5, GeneralBudgetBasic as T6,
    GovFund as T7, GovFundBasic as T8, Income as T2, StateCapital as T9, Summary as T1,
    ThreePublic as T10,
};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "X-001",
            name: "总表财政拨款收入与财政拨款总表不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入支出决算总表的一般公共预算、政府性基金预算、\
国有资本经营预算财政拨款收入，应分别等于财政拨款收入支出决算总表收入方的对应三行。\
两个数各按所在表格的小数位数四舍五入，相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "两张表来自同一套决算数据，理应一致；不一致说明其中一张表没有随数据更新，\
或录入、导出时抄错。",
                bad: "表一一般公共预算财政拨款收入 2940.05，表四一般公共预算财政拨款 2950.05，\
差 10.00。",
                good: "按批复的决算数据核对后改正错的一张表：本例表四应为 2940.05。",
                basis: "上海市2024年度部门决算公开样张表一、表四、\
北京市2024年度部门决算公开报表表一、表四；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（公开内容准确）。",
            },
        },
        check: x001,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.appropriation_summary.income.general_budget = 2950.05",
                    "tables.appropriation_summary.income.total = 2950.05",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-002",
            name: "总表本年收入合计与收入决算表合计不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入支出决算总表的本年收入合计，应等于收入决算表合计行的本年收入合计。\
两个数各按所在表格的小数位数四舍五入，相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "两张表来自同一套决算数据，理应一致；不一致说明其中一张表没有随数据更新，\
或录入、导出时抄错。",
                bad: "表一本年收入合计 2946.25，表二合计行本年收入合计 2956.25，差 10.00。",
                good: "核对后改正错的一张表：本例表二合计行应为 2946.25。",
                basis: "上海市2024年度部门决算公开样张表一、表二、\
北京市2024年度部门决算公开报表表一、表二；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（公开内容准确）。",
            },
        },
        check: x002,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.income.total.total = 2956.25",
                    "tables.income.total.other = 16.20",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-003",
            name: "收入决算表财政拨款收入与总表三类财政拨款之和不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入决算表合计行的“财政拨款收入”，应等于收入支出决算总表一般公共预算、\
政府性基金预算、国有资本经营预算三项财政拨款收入之和。两个数各按所在表格的小数位数四舍五入，\
相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "财政拨款收入包括这三类拨款；两表不一致，说明某一类拨款在一张表里漏记或重复。",
                bad: "表二合计行财政拨款收入 2930.05，表一三项之和 2940.05 + 0 + 0 = 2940.05，\
差 10.00。",
                good: "表二合计行财政拨款收入改为 2940.05。",
                basis: "上海市2024年度部门决算公开样张表一、表二、\
北京市2024年度部门决算公开报表表一、表二；上海市2024年度部门决算公开样张第四部分名词解释一“财政拨\
款收入”。",
            },
        },
        check: x003,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.income.total.appropriation = 2930.05",
                    "tables.income.total.total = 2936.25",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-004",
            name: "收入决算表各来源与总表对应收入不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入决算表合计行的上级补助收入、事业收入、经营收入、附属单位上缴收入、\
其他收入，应分别等于收入支出决算总表的同名收入。两个数各按所在表格的小数位数四舍五入，\
相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "同一笔收入在两张表里归了不同的来源，说明中各项收入的金额和占比就会自相矛盾。",
                bad: "表一事业收入 1.00、其他收入 5.20；表二合计行事业收入 0、其他收入 6.20，\
两项各差 1.00。",
                good: "确定这 1.00 万元属于哪一类收入（名词解释中的事业收入、其他收入），\
两张表按同一口径填列。",
                basis: "上海市2024年度部门决算公开样张表一、表二、\
北京市2024年度部门决算公开报表表一、表二；上海市2024年度部门决算公开样张第四部分名词解释二至四。",
            },
        },
        check: x004,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.summary.income.other = 5.20",
                    "tables.summary.income.institutional = 1.00",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-005",
            name: "总表本年支出合计与支出决算表合计不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入支出决算总表的本年支出合计，应等于支出决算表合计行的本年支出合计。\
两个数各按所在表格的小数位数四舍五入，相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "两张表来自同一套决算数据，理应一致；不一致说明其中一张表没有随数据更新，\
或录入、导出时抄错。",
                bad: "表一本年支出合计 14864.80，表三合计行本年支出合计 14864.90，差 0.10。",
                good: "核对后改正错的一张表：本例表一应为 14864.90。",
                basis: "上海市2024年度部门决算公开样张表一、表三、\
北京市2024年度部门决算公开报表表一、表三；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（公开内容准确）。",
            },
        },
        check: x005,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["tables.summary.expenditure_totals.total = 14864.8"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-006",
            name: "总表某类支出与支出决算表该类不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入支出决算总表支出方每一类，应等于支出决算表同一类级科目的本年支出合计。\
两个数各按所在表格的小数位数四舍五入，相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "两张表来自同一套决算数据，理应一致；不一致说明其中一张表没有随数据更新，\
或录入、导出时抄错。逐类比较能指出是哪一类出了错。",
                bad: "社会保障和就业支出：表一 326.91，表三 326.72，差 0.19。",
                good: "表一改为与表三一致。上海市普陀区财政局2024年表一 326.71、表三 326.72，\
差 0.01 在舍入范围内，不报错。",
                basis: "上海市2024年度部门决算公开样张表一、表三、\
北京市2024年度部门决算公开报表表一、表三；《2024年政府收支分类科目》（财政部）\
支出功能分类类级科目。",
            },
        },
        check: x006,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.summary.expenditure[208].amount = 326.91",
                    "tables.summary.expenditure_totals.total = 2940.25",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-007",
            name: "一般公共预算财政拨款支出合计与财政拨款总表不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款支出决算表的合计，\
应等于财政拨款收入支出决算总表“本年支出合计”行的一般公共预算财政拨款栏。\
两个数各按所在表格的小数位数四舍五入，相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "两张表来自同一套决算数据，理应一致；不一致说明其中一张表没有随数据更新，\
或录入、导出时抄错。",
                bad: "表五合计 2940.05，表四本年支出合计（一般公共预算财政拨款栏）2930.05，\
差 10.00。",
                good: "核对后改正错的一张表：本例表四应为 2940.05。",
                basis: "上海市2024年度部门决算公开样张表四、表五、\
北京市2024年度部门决算公开报表表四、表五；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（公开内容准确）。",
            },
        },
        check: x007,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.appropriation_summary.expenditure_total.general_budget = 2930.05"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-008",
            name: "一般公共预算财政拨款某类支出与财政拨款总表不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款支出决算表每一类，\
应等于财政拨款收入支出决算总表同一类的一般公共预算财政拨款栏。\
两个数各按所在表格的小数位数四舍五入，相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "两张表来自同一套决算数据，理应一致；不一致说明其中一张表没有随数据更新，\
或录入、导出时抄错。逐类比较能指出是哪一类出了错。",
                bad: "卫生健康支出：表五 60.99，表四一般公共预算财政拨款栏 61.99，差 1.00。",
                good: "表四该类改为 60.99（合计栏同步改正）。",
                basis: "上海市2024年度部门决算公开样张表四、表五、\
北京市2024年度部门决算公开报表表四、表五；《2024年政府收支分类科目》（财政部）\
支出功能分类类级科目。",
            },
        },
        check: x008,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.appropriation_summary.expenditure[210].general_budget = 61.99",
                    "tables.appropriation_summary.expenditure[210].total = 61.99",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-009",
            name: "基本支出表人员经费加公用经费与一般公共预算基本支出不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款基本支出决算表的人员经费合计 + \
公用经费合计（印有总合计时用总合计），应等于一般公共预算财政拨款支出决算表合计行的基本支出。\
两个数各按所在表格的小数位数四舍五入，相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "两张表反映的是同一笔一般公共预算财政拨款基本支出，一张按功能分类、\
一张按经济分类；总额必须相同。",
                bad: "表六人员经费 2152.26 + 公用经费 194.65 = 2346.91，表五基本支出 2336.91，\
差 10.00。",
                good: "核对表六各经济分类科目：本例 302 商品和服务支出应为 171.07，\
公用经费合计 184.65，2152.26 + 184.65 = 2336.91。",
                basis: "上海市2024年度部门决算公开样张表五、表六、\
北京市2024年度部门决算公开报表表五、表六；《中华人民共和国预算法实施条例》（国务院令第729号）\
第五条（基本支出包括人员经费和公用经费）。",
            },
        },
        check: x009,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.general_budget_basic.total.public = 194.65",
                    "tables.general_budget_basic.rows[302].amount = 181.07",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-010",
            name: "政府性基金表与财政拨款总表不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "政府性基金预算财政拨款收入支出决算表合计行的本年收入、本年支出、\
年初和年末结转和结余，应等于财政拨款收入支出决算总表政府性基金预算财政拨款的对应数。\
两个数各按所在表格的小数位数四舍五入，相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "两张表来自同一套决算数据，理应一致；不一致说明其中一张表没有随数据更新，\
或录入、导出时抄错。",
                bad: "表四政府性基金预算财政拨款本年收入 119.00，\
政府性基金表合计行本年收入 120.00，差 1.00。",
                good: "核对后改正错的一张表，使两表的四个数一致。",
                basis: "上海市2024年度部门决算公开样张表四、表八，\
北京市2024年度部门决算公开报表表四、表七；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（公开内容准确）。",
            },
        },
        check: |c, s| fund_vs_t4(c, s, T7, "gov_fund"),
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &[
                    "tables.appropriation_summary.income.gov_fund -= 1",
                    "tables.appropriation_summary.income.total -= 1",
                    "tables.appropriation_summary.income.grand_total -= 1",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-011",
            name: "国有资本经营表与财政拨款总表不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "国有资本经营预算财政拨款收入支出决算表合计行的本年收入、本年支出、\
年初和年末结转和结余，应等于财政拨款收入支出决算总表国有资本经营预算财政拨款的对应数。\
两个数各按所在表格的小数位数四舍五入，相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "两张表来自同一套决算数据，理应一致；不一致说明其中一张表没有随数据更新，\
或录入、导出时抄错。",
                bad: "国有资本经营表合计行本年收入 3.00、年末结转和结余 3.00，\
表四国有资本经营预算财政拨款两项均为 0，各差 3.00。",
                good: "核对后改正错的一张表；若单位确无此类收支，\
表九留空并加无数据说明（见 T9-004）。",
                basis: "上海市2024年度部门决算公开样张表四、表九，\
北京市2024年度部门决算公开报表表四、表九；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（公开内容准确）。",
            },
        },
        check: |c, s| fund_vs_t4(c, s, T9, "state_capital"),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "delete tables.state_capital.note",
                    "tables.state_capital.total.income = 3",
                    "tables.state_capital.total.closing = 3",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-012",
            name: "基本支出中的因公出国（境）费用超过“三公”经费决算",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "基本支出决算表 30212 因公出国（境）\
费用只是一般公共预算财政拨款基本支出中的部分，不能超过“三公”经费支出决算表因公出国（境）\
费的决算数（后者还包括项目支出等）。按舍入区间判断：超出部分大于两数舍入误差之和（两位小数时 \
0.01）才报错。",
                why: "“三公”经费是全部财政拨款安排的支出，基本支出中的部分不可能比它大；\
超过说明“三公”经费少报了，或 30212 误列了别的支出。",
                bad: "表六 30212 因公出国（境）费用 1.00，“三公”经费表因公出国（境）费决算数为 0，\
超出 1.00。",
                good: "确有出国支出的，“三公”经费表如实填列（并说明团组数、人次）；\
否则把该支出改列到正确的经济分类科目。",
                basis: "上海市2024年度部门决算公开样张表六与表七、\
北京市2024年度部门决算公开报表表六与表十；上海市2024年度部门决算公开样张第四部分名词解释十“三公”\
经费（因公出国（境）费）。",
            },
        },
        check: |c, s| t6_within_three_public(c, s, "30212", "overseas", "因公出国（境）费"),
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.general_budget_basic.rows = [{\"code\": \"30212\", \"name\": \"因公出国（境）费用\", \"amount\": \"1.00\"}]",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-013",
            name: "基本支出中的公务接待费超过“三公”经费决算",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "基本支出决算表 30217 公务接待费不能超过“三公”\
经费支出决算表公务接待费的决算数（后者还包括项目支出中的接待费）。按舍入区间判断：\
超出部分大于两数舍入误差之和（两位小数时 0.01）才报错。",
                why: "超过说明“三公”经费表少报了公务接待费，或 30217 误列了会议、培训等其他支出。",
                bad: "表六 30217 公务接待费 5.00，“三公”经费表公务接待费决算数 3.00，超出 2.00。",
                good: "“三公”经费表公务接待费按全部财政拨款接待支出填列（不少于 5.00），\
或把误列的支出改到正确科目。",
                basis: "上海市2024年度部门决算公开样张表六与表七、\
北京市2024年度部门决算公开报表表六与表十；上海市2024年度部门决算公开样张第四部分名词解释十“三公”\
经费（公务接待费）。",
            },
        },
        check: |c, s| t6_within_three_public(c, s, "30217", "reception", "公务接待费"),
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &[
                    "tables.general_budget_basic.rows[30217].amount += 5",
                    "tables.general_budget_basic.rows[302].amount += 5",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-014",
            name: "基本支出中的公务用车运行维护费超过“三公”经费决算",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "基本支出决算表 30231 公务用车运行维护费不能超过“三公”\
经费支出决算表公务用车运行维护费的决算数。按舍入区间判断：\
超出部分大于两数舍入误差之和（两位小数时 0.01）才报错。",
                why: "超过说明“三公”经费表少报了公务用车运行维护费，\
或 30231 误列了其他交通费用（应列 30239）。",
                bad: "表六 30231 公务用车运行维护费 8.60，“三公”\
经费表公务用车运行维护费决算数 0.50，超出 8.10。",
                good: "“三公”经费表运行维护费按实际填列（小计、合计同步改），\
或把不属于公务用车的费用改列 30239 其他交通费用。",
                basis: "上海市2024年度部门决算公开样张表六与表七、\
北京市2024年度部门决算公开报表表六与表十；上海市2024年度部门决算公开样张第四部分名词解释十“三公”\
经费（公务用车购置及运行维护费）。",
            },
        },
        check: |c, s| {
            t6_within_three_public(c, s, "30231", "vehicle_operation", "公务用车运行维护费")
        },
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &[
                    "tables.three_public.actual.vehicle_operation = 0.50",
                    "tables.three_public.actual.vehicle = 10.50",
                    "tables.three_public.actual.total = 20.50",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-015",
            name: "基本支出中的公务用车购置超过“三公”经费决算",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "基本支出决算表 31013 公务用车购置不能超过“三公”\
经费支出决算表公务用车购置费的决算数。按舍入区间判断：\
超出部分大于两数舍入误差之和（两位小数时 0.01）才报错。",
                why: "超过说明“三公”经费表漏报了公务用车购置，\
或 31013 误列了其他交通工具购置（应列 31019）。",
                bad: "表六 31013 公务用车购置 25.00，“三公”经费表公务用车购置费决算数为 0，\
超出 25.00。",
                good: "“三公”经费表如实填列公务用车购置费（并说明购置数量），\
或把其他交通工具改列 31019。",
                basis: "上海市2024年度部门决算公开样张表六与表七、\
北京市2024年度部门决算公开报表表六与表十；上海市2024年度部门决算公开样张第四部分名词解释十“三公”\
经费（公务用车购置费）。",
            },
        },
        check: |c, s| t6_within_three_public(c, s, "31013", "vehicle_purchase", "公务用车购置费"),
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &[
                    "tables.three_public.actual.vehicle_purchase = 1",
                    "tables.three_public.actual.vehicle = 3.00",
                    "tables.three_public.actual.total = 13.00",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-016",
            name: "财政拨款结转结余超过全部结转结余",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "财政拨款的年初（年末）结转和结余是单位全部年初（年末）结转和结余的一部分，\
财政拨款收入支出决算总表的数不能超过收入支出决算总表的对应数。按舍入区间判断：\
超出部分大于两数舍入误差之和（两位小数时 0.01）才报错。",
                why: "部分大于整体在逻辑上不可能，通常是两张表取数口径不同，或某一张表抄错。",
                bad: "表四年初财政拨款结转和结余 21.63，表一年初结转和结余只有 11.14，超出 10.49。",
                good: "核对上年决算的年末数：上海市普陀区财政局2024年表一年初结转和结余 49.14，\
不小于表四的 21.63。",
                basis: "上海市2024年度部门决算公开样张表一、表四、\
北京市2024年度部门决算公开报表表一、表四；上海市2024年度部门决算公开样张第四部分名词解释五、六。",
            },
        },
        check: x016,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.summary.income.opening_carryover = 11.14",
                    "tables.summary.income.grand_total = 2957.39",
                    "tables.summary.expenditure_totals.closing_carryover = 17.34",
                    "tables.summary.expenditure_totals.grand_total = 2957.39",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-017",
            name: "一般公共预算财政拨款基本（项目）支出超过全部基本（项目）支出",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款安排的基本支出、项目支出，\
分别不能超过支出决算表合计行的基本支出、项目支出（后者含全部资金来源）。按舍入区间判断：\
超出部分大于两数舍入误差之和（两位小数时 0.01）才报错。",
                why: "部分大于整体，说明两张表对基本支出、项目支出的划分不一致，或某一张表抄错。",
                bad: "表五项目支出 603.14，表三合计行项目支出只有 503.14，超出 100.00。",
                good: "统一两表的基本、项目划分：本例表三项目支出应为 603.14、基本支出 2336.91。",
                basis: "上海市2024年度部门决算公开样张表三、表五、\
北京市2024年度部门决算公开报表表三、表五；《中华人民共和国预算法实施条例》（国务院令第729号）\
第六条（部门决算应当公开基本支出和项目支出）。",
            },
        },
        check: x017,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.expenditure.total.project = 503.14",
                    "tables.expenditure.total.basic = 2436.91",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-018",
            name: "机关运行经费超过公用经费",
            severity: Severity::Warning,
            family: Family::Package,
            doc: Doc {
                what: "机关运行经费是行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安\
排的基本支出中的日常公用经费，一般不超过基本支出决算表的公用经费合计。按舍入区间判断：\
超出部分大于两数舍入误差之和（两位小数时 0.01）才报错。",
                why: "预算法要求对机关运行经费的安排、使用情况作出说明；它超过公用经费，\
多是口径错了（计入了项目支出、政府性基金或人员经费）。",
                bad: "说明写机关运行经费 200.00 万元，表六公用经费合计 184.65，超出 15.35。",
                good: "按定义重新归集。上海市普陀区财政局2024年机关运行经费 184.65 万元，\
与公用经费合计 184.65 相等，未超过。",
                basis: "《中华人民共和国预算法》第十四条（对机关运行经费的安排、使用情况作出说明）\
；上海市2024年度部门决算公开样张第四部分名词解释十一“机关运行经费”、第三部分十一（一）。",
            },
        },
        check: x018,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(Base::Shanghai, &["agency_running_costs = 200.00"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "X-019",
            name: "政府性基金基本支出表与政府性基金表基本支出不一致",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "政府性基金预算财政拨款基本支出决算表的合计（或人员经费 + 公用经费），\
应等于政府性基金预算财政拨款收入支出决算表合计行的基本支出（北京格式）。\
两个数各按所在表格的小数位数四舍五入，相差超过两数舍入误差之和（两位小数时 ±0.01）才报错。",
                why: "两张表反映的是同一笔政府性基金基本支出，一张按经济分类、一张按功能分类；\
总额必须相同。",
                bad: "表八合计 5.00，表七合计行基本支出 3.00，差 2.00。",
                good: "核对后改正错的一张表，使两表一致。",
                basis: "北京市2024年度部门决算公开报表表七、表八；\
《中华人民共和国预算法实施条例》（国务院令第729号）第五条。",
            },
        },
        check: x019,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(Base::Synthetic, &["tables.gov_fund_basic.total.total = 5"]),
        ],
    },
];

/// A figure of a present table at `path` (`total`, `income.general_budget`): `None` when
/// the table is absent or its source does not print the figure.
pub(super) fn t(ctx: &Ctx, kind: TableKind, path: &str, a: Option<Amount>) -> Option<Term> {
    if ctx.pkg.tables.has(kind) {
        ctx.figure(kind, path, a)
    } else {
        None
    }
}

pub(super) fn eq<'l>(
    ctx: &Ctx,
    sink: &mut Sink,
    relation: &str,
    a: (TableKind, impl Into<Label<'l>>, Option<Term>),
    b: (TableKind, impl Into<Label<'l>>, Option<Term>),
) {
    let hint = "两张表来自同一套决算数据，应一致；请核对录入或报表导出";
    pair(ctx, sink, Relation::Equal, relation, a, b, hint);
}

pub(super) fn le<'l>(
    ctx: &Ctx,
    sink: &mut Sink,
    relation: &str,
    a: (TableKind, impl Into<Label<'l>>, Option<Term>),
    b: (TableKind, impl Into<Label<'l>>, Option<Term>),
) {
    pair(ctx, sink, Relation::AtMost, relation, a, b, "");
}

/// A figure of one table against a figure of another: `表5的合计` vs `表4的…`.
pub(super) fn pair<'l>(
    ctx: &Ctx,
    sink: &mut Sink,
    rel: Relation,
    relation: &str,
    a: (TableKind, impl Into<Label<'l>>, Option<Term>),
    b: (TableKind, impl Into<Label<'l>>, Option<Term>),
    hint: &str,
) {
    let (Some(x), Some(y)) = (a.2, b.2) else {
        return;
    };
    let (ta, tb) = (short(ctx, a.0), short(ctx, b.0));
    let (la, lb): (Label, Label) = (a.1.into(), b.1.into());
    check_pair(
        sink,
        || {
            // The first table's row; the message names both tables.
            ctx.at(a.0).row(la.to_string())
        },
        rel,
        relation,
        &named(Label::Of(&ta, &la), x),
        &named(Label::Of(&tb, &lb), y),
        ctx.decimals(a.0).max(ctx.decimals(b.0)),
        hint,
    );
}

/// `表5` when numbered, else the title.
fn short<'a>(ctx: &'a Ctx, kind: TableKind) -> Label<'a> {
    match ctx.profile.table_number(kind) {
        Some(n) => Label::Table(n),
        None => ctx.profile.title(kind).into(),
    }
}

fn x001(ctx: &Ctx, sink: &mut Sink) {
    let (Some(s), Some(a)) = (
        &ctx.pkg.tables.summary,
        &ctx.pkg.tables.appropriation_summary,
    ) else {
        return;
    };
    for (k, l) in [
        ("general_budget", "一般公共预算财政拨款收入"),
        ("gov_fund", "政府性基金预算财政拨款收入"),
        ("state_capital", "国有资本经营预算财政拨款收入"),
    ] {
        eq(
            ctx,
            sink,
            "总表三类财政拨款收入 = 财政拨款总表三类财政拨款",
            (
                T1,
                l,
                t(ctx, T1, &format!("income.{k}"), field(&s.income, k)),
            ),
            (
                T4,
                l,
                t(ctx, T4, &format!("income.{k}"), field(&a.income, k)),
            ),
        );
    }
}

fn x002(ctx: &Ctx, sink: &mut Sink) {
    let (Some(s), Some(i)) = (&ctx.pkg.tables.summary, &ctx.pkg.tables.income) else {
        return;
    };
    if juesuan_model::Record::is_blank(&i.total) {
        return;
    }
    eq(
        ctx,
        sink,
        "总表本年收入合计 = 收入决算表合计",
        (
            T1,
            "本年收入合计",
            t(ctx, T1, "income.total", s.income.total),
        ),
        (T2, "本年收入合计", t(ctx, T2, "total", i.total.total)),
    );
}

fn x003(ctx: &Ctx, sink: &mut Sink) {
    let (Some(s), Some(i)) = (&ctx.pkg.tables.summary, &ctx.pkg.tables.income) else {
        return;
    };
    if juesuan_model::Record::is_blank(&i.total) {
        return;
    }
    let income = (
        T2,
        "财政拨款收入",
        t(ctx, T2, "appropriation", i.total.appropriation),
    );
    // The central format prints 财政拨款收入 as one line.
    if s.income.appropriation.is_some() {
        eq(
            ctx,
            sink,
            "收入决算表财政拨款收入 = 总表财政拨款收入",
            income,
            (
                T1,
                "财政拨款收入",
                t(ctx, T1, "income.appropriation", s.income.appropriation),
            ),
        );
        return;
    }
    let parts: Option<Vec<Term>> = ["general_budget", "gov_fund", "state_capital"]
        .into_iter()
        .map(|k| t(ctx, T1, &format!("income.{k}"), field(&s.income, k)))
        .collect();
    eq(
        ctx,
        sink,
        "收入决算表财政拨款收入 = 总表三类财政拨款收入之和",
        income,
        (T1, "三类财政拨款收入之和", parts.map(|p| Term::sum(&p))),
    );
}

fn x004(ctx: &Ctx, sink: &mut Sink) {
    let (Some(s), Some(i)) = (&ctx.pkg.tables.summary, &ctx.pkg.tables.income) else {
        return;
    };
    if juesuan_model::Record::is_blank(&i.total) {
        return;
    }
    for (k, l) in [
        ("superior_subsidy", "上级补助收入"),
        ("institutional", "事业收入"),
        ("operating", "经营收入"),
        ("affiliate_remittance", "附属单位上缴收入"),
        ("other", "其他收入"),
    ] {
        eq(
            ctx,
            sink,
            "收入决算表各来源 = 总表对应收入",
            (T2, l, t(ctx, T2, k, field(&i.total, k))),
            (
                T1,
                l,
                t(ctx, T1, &format!("income.{k}"), field(&s.income, k)),
            ),
        );
    }
}

fn x005(ctx: &Ctx, sink: &mut Sink) {
    let (Some(s), Some(e)) = (&ctx.pkg.tables.summary, &ctx.pkg.tables.expenditure) else {
        return;
    };
    if juesuan_model::Record::is_blank(&e.total) {
        return;
    }
    eq(
        ctx,
        sink,
        "总表本年支出合计 = 支出决算表合计",
        (
            T1,
            "本年支出合计",
            t(
                ctx,
                T1,
                "expenditure_totals.total",
                s.expenditure_totals.total,
            ),
        ),
        (T3, "本年支出合计", t(ctx, T3, "total", e.total.total)),
    );
}

/// A table's class lines: code, name, amount.
type ClassAmounts = Vec<(Code, String, Option<Amount>)>;

/// Compares class amounts of two tables, code by code; each side names the figure's path
/// within its table (see `Ctx::figure`).
fn classes(
    ctx: &Ctx,
    sink: &mut Sink,
    relation: &str,
    a: (TableKind, &str, ClassAmounts),
    b: (TableKind, &str, ClassAmounts),
) {
    type Pair = (String, Option<Option<Amount>>, Option<Option<Amount>>);
    let mut all: BTreeMap<Code, Pair> = BTreeMap::new();
    for (c, n, v) in a.2 {
        all.entry(c).or_insert((n, None, None)).1 = Some(v);
    }
    for (c, n, v) in b.2 {
        all.entry(c).or_insert((n, None, None)).2 = Some(v);
    }
    for (code, (name, x, y)) in all {
        let tx = t(ctx, a.0, a.1, x.flatten());
        let ty = t(ctx, b.0, b.1, y.flatten());
        let row = row_label(code, &name);
        eq(ctx, sink, relation, (a.0, &row, tx), (b.0, &row, ty));
    }
}

fn x006(ctx: &Ctx, sink: &mut Sink) {
    let (Some(s), Some(e)) = (&ctx.pkg.tables.summary, &ctx.pkg.tables.expenditure) else {
        return;
    };
    if e.rows.iter().all(|r| r.code.level() != Level::Class) {
        return;
    }
    classes(
        ctx,
        sink,
        "总表每类支出 = 支出决算表该类本年支出合计",
        (
            T1,
            "expenditure",
            s.expenditure
                .iter()
                .map(|l| (l.code, l.name.clone(), l.amount))
                .collect(),
        ),
        (
            T3,
            "total",
            e.rows
                .iter()
                .filter(|r| r.code.level() == Level::Class)
                .map(|r| (r.code, r.name.clone(), r.total))
                .collect(),
        ),
    );
}

fn x007(ctx: &Ctx, sink: &mut Sink) {
    let (Some(g), Some(a)) = (
        &ctx.pkg.tables.general_budget,
        &ctx.pkg.tables.appropriation_summary,
    ) else {
        return;
    };
    if juesuan_model::Record::is_blank(&g.total)
        || juesuan_model::Record::is_blank(&a.expenditure_total)
    {
        return;
    }
    eq(
        ctx,
        sink,
        "一般公共预算财政拨款支出合计 = 财政拨款总表本年支出合计（一般公共预算栏）",
        (T5, "合计", t(ctx, T5, "total", g.total.total)),
        (
            T4,
            "本年支出合计（一般公共预算财政拨款）",
            t(
                ctx,
                T4,
                "expenditure_total.general_budget",
                a.expenditure_total.general_budget,
            ),
        ),
    );
}

fn x008(ctx: &Ctx, sink: &mut Sink) {
    let (Some(g), Some(a)) = (
        &ctx.pkg.tables.general_budget,
        &ctx.pkg.tables.appropriation_summary,
    ) else {
        return;
    };
    if a.expenditure.is_empty() || g.rows.iter().all(|r| r.code.level() != Level::Class) {
        return;
    }
    classes(
        ctx,
        sink,
        "一般公共预算财政拨款各类支出 = 财政拨款总表该类（一般公共预算栏）",
        (
            T5,
            "total",
            g.rows
                .iter()
                .filter(|r| r.code.level() == Level::Class)
                .map(|r| (r.code, r.name.clone(), r.total))
                .collect(),
        ),
        (
            T4,
            "expenditure.general_budget",
            a.expenditure
                .iter()
                .map(|r| (r.code, r.name.clone(), r.general_budget))
                .collect(),
        ),
    );
}

fn x009(ctx: &Ctx, sink: &mut Sink) {
    let (Some(b), Some(g)) = (
        &ctx.pkg.tables.general_budget_basic,
        &ctx.pkg.tables.general_budget,
    ) else {
        return;
    };
    let d = ctx.decimals(T6);
    let total = match (b.total.total, b.total.personnel, b.total.public) {
        (Some(x), _, _) => Some(Term::stated(x, d)),
        (None, Some(p), Some(q)) => Some(Term::sum(&[Term::stated(p, d), Term::stated(q, d)])),
        _ => None,
    };
    let basic = if juesuan_model::Record::is_blank(&g.total) {
        None
    } else {
        t(ctx, T5, "basic", g.total.basic)
    };
    eq(
        ctx,
        sink,
        "人员经费 + 公用经费 = 一般公共预算财政拨款基本支出合计",
        (T6, "人员经费与公用经费合计", total),
        (T5, "基本支出合计", basic),
    );
}

fn fund_vs_t4(ctx: &Ctx, sink: &mut Sink, kind: TableKind, column: &str) {
    let Some(a) = &ctx.pkg.tables.appropriation_summary else {
        return;
    };
    let fund = if kind == T9 {
        &ctx.pkg.tables.state_capital
    } else {
        &ctx.pkg.tables.gov_fund
    };
    let Some(f) = fund else { return };
    if juesuan_model::Record::is_blank(&f.total) && !f.rows.is_empty() {
        return;
    }
    let opening = format!("opening_{column}");
    // (label, the fund table's column, its total, the 财政拨款总表's path, its figure)
    type Pair<'a> = (&'a str, &'a str, Option<Amount>, String, Option<Amount>);
    let pairs: [Pair; 4] = [
        (
            "本年收入",
            "income",
            f.total.income,
            format!("income.{column}"),
            field(&a.income, column),
        ),
        (
            "本年支出",
            "expenditure",
            f.total.expenditure,
            format!("expenditure_total.{column}"),
            field(&a.expenditure_total, column),
        ),
        (
            "年初结转和结余",
            "opening",
            f.total.opening,
            format!("income.{opening}"),
            field(&a.income, &opening),
        ),
        (
            "年末结转和结余",
            "closing",
            f.total.closing,
            format!("closing_carryover.{column}"),
            field(&a.closing_carryover, column),
        ),
    ];
    for (label, xk, x, yk, y) in pairs {
        eq(
            ctx,
            sink,
            "基金（国资）表合计 = 财政拨款总表对应栏",
            (kind, label, t(ctx, kind, xk, x)),
            (T4, label, t(ctx, T4, &yk, y)),
        );
    }
}

fn t6_within_three_public(ctx: &Ctx, sink: &mut Sink, code: &str, key: &str, label: &str) {
    basic_within_three_public(ctx, sink, (code, key, label), ("actual", "决算数"));
}

/// A 基本支出 economic 款 (`30217`) at most the “三公” item it belongs to (`reception`), in
/// the column `actual` (决算数) or `budget` (预算数); each figure at its own table's precision.
pub(super) fn basic_within_three_public(
    ctx: &Ctx,
    sink: &mut Sink,
    (code, key, label): (&str, &str, &str),
    (column, column_label): (&str, &str),
) {
    let (Some(b), Some(tp)) = (
        &ctx.pkg.tables.general_budget_basic,
        &ctx.pkg.tables.three_public,
    ) else {
        return;
    };
    let Ok(code) = Code::parse(code) else { return };
    let Some(row) = b.row(&code) else { return };
    let figures = if column == "budget" {
        &tp.budget
    } else {
        &tp.actual
    };
    le(
        ctx,
        sink,
        &format!(
            "基本支出{}表 {code} ≤ “三公”经费表{label}{column_label}",
            if column == "budget" {
                "预算"
            } else {
                "决算"
            }
        ),
        (
            T6,
            &row_label(code, &row.name),
            t(ctx, T6, "amount", row.amount),
        ),
        (
            T10,
            &format!("{label}{column_label}"),
            t(ctx, T10, &format!("{column}.{key}"), field(figures, key)),
        ),
    );
}

fn x016(ctx: &Ctx, sink: &mut Sink) {
    let (Some(s), Some(a)) = (
        &ctx.pkg.tables.summary,
        &ctx.pkg.tables.appropriation_summary,
    ) else {
        return;
    };
    le(
        ctx,
        sink,
        "财政拨款年初结转和结余 ≤ 全部年初结转和结余",
        (
            T4,
            "年初财政拨款结转和结余",
            t(
                ctx,
                T4,
                "income.opening_carryover",
                a.income.opening_carryover,
            ),
        ),
        (
            T1,
            "年初结转和结余",
            t(
                ctx,
                T1,
                "income.opening_carryover",
                s.income.opening_carryover,
            ),
        ),
    );
    le(
        ctx,
        sink,
        "财政拨款年末结转和结余 ≤ 全部年末结转和结余",
        (
            T4,
            "年末财政拨款结转和结余",
            t(
                ctx,
                T4,
                "closing_carryover.total",
                a.closing_carryover.total,
            ),
        ),
        (
            T1,
            "年末结转和结余",
            t(
                ctx,
                T1,
                "expenditure_totals.closing_carryover",
                s.expenditure_totals.closing_carryover,
            ),
        ),
    );
}

fn x017(ctx: &Ctx, sink: &mut Sink) {
    let (Some(g), Some(e)) = (&ctx.pkg.tables.general_budget, &ctx.pkg.tables.expenditure) else {
        return;
    };
    if juesuan_model::Record::is_blank(&g.total) || juesuan_model::Record::is_blank(&e.total) {
        return;
    }
    for (k, l) in [("basic", "基本支出"), ("project", "项目支出")] {
        le(
            ctx,
            sink,
            "一般公共预算财政拨款的基本（项目）支出 ≤ 全部基本（项目）支出",
            (T5, l, t(ctx, T5, k, field(&g.total, k))),
            (T3, l, t(ctx, T3, k, field(&e.total, k))),
        );
    }
}

fn x018(ctx: &Ctx, sink: &mut Sink) {
    let (Some(a), Some(b)) = (
        ctx.pkg.agency_running_costs,
        &ctx.pkg.tables.general_budget_basic,
    ) else {
        return;
    };
    let Some(public) = b.total.public else { return };
    let d = ctx.decimals(T6);
    le(
        ctx,
        sink,
        "机关运行经费 ≤ 公用经费合计",
        (T6, "机关运行经费", Some(Term::stated(a, d))),
        (T6, "公用经费合计", Some(Term::stated(public, d))),
    );
}

fn x019(ctx: &Ctx, sink: &mut Sink) {
    let (Some(b), Some(f)) = (&ctx.pkg.tables.gov_fund_basic, &ctx.pkg.tables.gov_fund) else {
        return;
    };
    let d = ctx.decimals(T8);
    let total = match (b.total.total, b.total.personnel, b.total.public) {
        (Some(x), _, _) => Some(Term::stated(x, d)),
        (None, Some(p), Some(q)) => Some(Term::sum(&[Term::stated(p, d), Term::stated(q, d)])),
        _ => None,
    };
    if juesuan_model::Record::is_blank(&f.total) {
        return;
    }
    eq(
        ctx,
        sink,
        "政府性基金基本支出表合计 = 政府性基金表基本支出合计",
        (T8, "合计", total),
        (T7, "基本支出", t(ctx, T7, "basic", f.total.basic)),
    );
}
