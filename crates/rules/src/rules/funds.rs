//! T7 政府性基金 and T9 国有资本经营 预算财政拨款收入支出决算表: the carry-over equation,
//! 本年支出 = 基本 + 项目, the hierarchy, and the statement an empty table must carry.

use juesuan_model::Coverage;
use juesuan_model::fields::Record;
use juesuan_model::tables::{FundTable, TableKind};

use super::common::{Label, check_eq, classes_total, field, hierarchy, named, row_label, row_sums};
use super::{Base, Doc, Family, Meta, Rule, fires, fires_published, silent};
use crate::finding::Severity;
use crate::interval::Term;
use crate::{Ctx, Sink};

const KEYS: &[&str] = &[
    "opening",
    "income",
    "expenditure",
    "basic",
    "project",
    "closing",
];

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "T7-001",
            name: "政府性基金结转结余不衔接",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "政府性基金预算财政拨款收入支出决算表每一行（含合计行）：\
年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "政府性基金专款专用，结转结余要逐年衔接；算不平说明某个数填错，\
或收支记到了别的科目。",
                bad: "2120801 征地和拆迁补偿支出：年初 0 + 本年收入 120.00 − 本年支出 100.00 = \
20.00，年末结转和结余写 25.00，差 5.00。",
                good: "年末结转和结余改为 20.00；若 25.00 是对的，就要找出哪一个收支数漏记了 5.00。",
                basis: "上海市2024年度部门决算公开样张表八、\
北京市2024年度部门决算公开报表表七《政府性基金预算财政拨款收入支出决算表》栏目“年初结转和结余、\
本年收入、本年支出、年末结转和结余”；上海市2024年度部门决算公开样张第四部分名词解释五、六。",
            },
        },
        check: |c, s| carry(c, s, TableKind::GovFund),
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &["tables.gov_fund.rows[2120801].closing += 5"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T7-002",
            name: "政府性基金本年支出不等于基本支出加项目支出",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "政府性基金预算财政拨款收入支出决算表每一行（含合计行）：\
本年支出 = 基本支出 + 项目支出。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "基本、项目的划分要与政府性基金基本支出决算表（北京表八）衔接；\
加不平说明某栏漏填或抄错。",
                bad: "2120801 征地和拆迁补偿支出：本年支出 100.00，\
基本支出 0 + 项目支出 99.00 = 99.00，差 1.00。",
                good: "项目支出改为 100.00。",
                basis: "上海市2024年度部门决算公开样张表八、\
北京市2024年度部门决算公开报表表七《政府性基金预算财政拨款收入支出决算表》“本年支出”下“合计、\
基本支出、项目支出”栏；《中华人民共和国预算法实施条例》（国务院令第729号）第六条。",
            },
        },
        check: |c, s| {
            row_sums(
                c,
                s,
                TableKind::GovFund,
                c.pkg.tables.gov_fund.as_ref(),
                "expenditure",
                &["basic", "project"],
            )
        },
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &["tables.gov_fund.rows[2120801].project -= 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T7-003",
            name: "政府性基金表上级科目或合计不等于下级之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "政府性基金预算财政拨款收入支出决算表按功能分类逐级列示：类 = 所属各款之和，\
款 = 所属各项之和，合计 = 各类之和，每一栏分别检查。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "上下级或合计对不上，通常是漏列、重复了科目或金额抄错；\
合计还要与财政拨款收入支出决算总表一致（见 X-010）。",
                bad: "合计行本年收入 123.00，而所列唯一的类 212 城乡社区支出本年收入 120.00，\
差 3.00。",
                good: "合计行本年收入改为 120.00（年末结转和结余同步核对）；若确有 3.00 收入，\
则补列其科目。",
                basis: "上海市2024年度部门决算公开样张表八、\
北京市2024年度部门决算公开报表表七《政府性基金预算财政拨款收入支出决算表》“功能分类科目编码”类、\
款、项及“合计”行；《2024年政府收支分类科目》（财政部）政府性基金预算支出功能分类科目。",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::GovFund,
                c.pkg.tables.gov_fund.as_ref(),
                KEYS,
            );
            classes_total(
                c,
                s,
                TableKind::GovFund,
                c.pkg.tables.gov_fund.as_ref(),
                KEYS,
            );
        },
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &[
                    "tables.gov_fund.total.income += 3",
                    "tables.gov_fund.total.closing += 3",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T7-004",
            name: "政府性基金表为空却没有说明",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "没有政府性基金预算财政拨款收支的单位，\
仍要保留政府性基金预算财政拨款收入支出决算表的格式，\
并在表下说明“本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据”。检查公开文件时，\
表格各行为空或 0 而表下没有说明即报错。数据包中表格状态为“完整”、各行为空的，\
juesuan 生成文档时自动写上这句说明，不报错。",
                why: "空表不加说明，读者分辨不出是单位没有这类资金，还是漏填了数据。",
                bad: "表八只有表头和空的合计行，表下什么也没写。",
                good: "表下注明：“说明：上海市XX局本年度没有政府性基金预算财政拨款收入和支出，\
故本表无数据。”",
                basis: "上海市2024年度部门决算公开样张表八注：“无政府性基金预算财政拨款收入支出的，\
仍保留该表格式，并在本表下方作下述说明”，及第三部分八。",
            },
        },
        check: |c, s| empty_statement(c, s, TableKind::GovFund),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            // a package's empty table gets the statement from the generator
            silent(Base::Shanghai, &["delete tables.gov_fund.note"]),
            fires_published(Base::Shanghai, &["delete tables.gov_fund.note"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "T9-001",
            name: "国有资本经营结转结余不衔接",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "国有资本经营预算财政拨款收入支出决算表每一行（含合计行）：\
年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "国有资本经营预算资金的结转结余要逐年衔接；算不平说明某个数填错，\
或收支记到了别的资金类别。",
                bad: "合计行：年初 0 + 本年收入 10.00 − 本年支出 8.00 = 2.00，\
年末结转和结余却为空（0），差 2.00。",
                good: "年末结转和结余填 2.00；若确无结余，就要核对本年收入或本年支出。",
                basis: "上海市2024年度部门决算公开样张表九《国有资本经营预算财政拨款收入支出决算表\
》、北京市2024年度部门决算公开报表表九《国有资本经营预算财政拨款支出决算表》栏目“年初结转和结余、\
本年收入、本年支出、年末结转和结余”；上海市2024年度部门决算公开样张第四部分名词解释五、六。",
            },
        },
        check: |c, s| carry(c, s, TableKind::StateCapital),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "delete tables.state_capital.note",
                    "tables.state_capital.total.income = 10",
                    "tables.state_capital.total.expenditure = 8",
                    "tables.state_capital.total.project = 8",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T9-002",
            name: "国有资本经营本年支出不等于基本支出加项目支出",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "国有资本经营预算财政拨款收入支出决算表每一行（含合计行）：\
本年支出 = 基本支出 + 项目支出。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "基本、项目的划分加不出本年支出，说明某栏漏填或抄错。",
                bad: "合计行：本年支出 8.00，基本支出 0 + 项目支出 7.00 = 7.00，差 1.00。",
                good: "项目支出改为 8.00（或核对本年支出是否应为 7.00）。",
                basis: "上海市2024年度部门决算公开样张表九《国有资本经营预算财政拨款收入支出决算表\
》、北京市2024年度部门决算公开报表表九《国有资本经营预算财政拨款支出决算表》“本年支出”下“合计、\
基本支出、项目支出”栏；《中华人民共和国预算法实施条例》（国务院令第729号）第六条。",
            },
        },
        check: |c, s| {
            row_sums(
                c,
                s,
                TableKind::StateCapital,
                c.pkg.tables.state_capital.as_ref(),
                "expenditure",
                &["basic", "project"],
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.state_capital.total.expenditure = 8",
                    "tables.state_capital.total.project = 7",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T9-003",
            name: "国有资本经营表上级科目或合计不等于下级之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "国有资本经营预算财政拨款收入支出决算表按功能分类逐级列示：\
类 = 所属各款之和，款 = 所属各项之和，合计 = 各类之和，每一栏分别检查。\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "上下级或合计对不上，通常是漏列、重复了科目或金额抄错；\
合计还要与财政拨款收入支出决算总表一致（见 X-011）。",
                bad: "合计行本年收入 2.00，而所列唯一的类 223 国有资本经营预算支出本年收入 1.00，\
差 1.00。",
                good: "合计行改为 1.00，或补列漏掉的科目。",
                basis: "上海市2024年度部门决算公开样张表九《国有资本经营预算财政拨款收入支出决算表\
》、北京市2024年度部门决算公开报表表九《国有资本经营预算财政拨款支出决算表》“功能分类科目编码”类、\
款、项及“合计”行；《2024年政府收支分类科目》（财政部）国有资本经营预算支出功能分类科目。",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::StateCapital,
                c.pkg.tables.state_capital.as_ref(),
                KEYS,
            );
            classes_total(
                c,
                s,
                TableKind::StateCapital,
                c.pkg.tables.state_capital.as_ref(),
                KEYS,
            );
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.state_capital.total.income = 2",
                    "tables.state_capital.rows = [{\"code\": \"223\", \"name\": \"国有资本经营预算支出\", \"income\": \"1\"}]",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T9-004",
            name: "国有资本经营表为空却没有说明",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "没有国有资本经营预算财政拨款收支的单位，\
仍要保留国有资本经营预算财政拨款收入支出决算表的格式，\
并在表下说明“本单位本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据”。检查公开文件时，\
表格各行为空或 0 而表下没有说明即报错。数据包中表格状态为“完整”、各行为空的，\
juesuan 生成文档时自动写上这句说明，不报错。",
                why: "空表不加说明，读者分辨不出是单位没有这类资金，还是漏填了数据。",
                bad: "表九只有表头，表下什么也没写。",
                good: "表下注明：“说明：上海市XX局本年度没有国有资本经营预算财政拨款收入和支出，\
故本表无数据。”",
                basis: "上海市2024年度部门决算公开样张表九注：\
“无国有资本经营预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明”，及第三部分九。",
            },
        },
        check: |c, s| empty_statement(c, s, TableKind::StateCapital),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            silent(Base::Beijing, &[]),
            silent(Base::Shanghai, &["delete tables.state_capital.note"]),
            fires_published(Base::Shanghai, &["delete tables.state_capital.note"]),
        ],
    },
];

fn table<'a>(ctx: &'a Ctx, kind: TableKind) -> Option<&'a FundTable> {
    match kind {
        TableKind::StateCapital => ctx.pkg.tables.state_capital.as_ref(),
        _ => ctx.pkg.tables.gov_fund.as_ref(),
    }
}

fn carry(ctx: &Ctx, sink: &mut Sink, kind: TableKind) {
    let Some(t) = table(ctx, kind) else { return };
    let mut rows: Vec<(Label, juesuan_model::tables::FundValues)> = Vec::new();
    if !t.total.is_blank() {
        rows.push(("合计".into(), t.total.clone()));
    }
    rows.extend(
        t.rows
            .iter()
            .map(|r| (row_label(r.code, &r.name), r.values())),
    );
    for (row, v) in rows {
        let (Some(o), Some(i), Some(e), Some(c)) = (
            ctx.figure(kind, "opening", field(&v, "opening")),
            ctx.figure(kind, "income", field(&v, "income")),
            ctx.figure(kind, "expenditure", field(&v, "expenditure")),
            ctx.figure(kind, "closing", field(&v, "closing")),
        ) else {
            continue;
        };
        let left = Term::sum(&[o, i]).minus(&e);
        check_eq(
            sink,
            || ctx.at(kind).row(row).column("年末结转和结余"),
            "年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余",
            &named("年末结转和结余", c),
            &named("年初结转和结余加本年收入减本年支出", left),
            ctx.decimals(kind),
            "",
        );
    }
}

fn empty_statement(ctx: &Ctx, sink: &mut Sink, kind: TableKind) {
    // a package's empty table gets its statement from the generator; only a published
    // document can lack it
    if !ctx.published {
        return;
    }
    let Some(t) = table(ctx, kind) else { return };
    if ctx.coverage(kind) != Some(Coverage::Complete) || !ctx.profile.tables.contains(&kind) {
        return;
    }
    let empty = t.rows.is_empty()
        && (0..juesuan_model::tables::FundValues::FIELDS.len()).all(|i| {
            field(&t.total, juesuan_model::tables::FundValues::FIELDS[i].key)
                .is_none_or(|a| a.is_zero())
        });
    if empty && t.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        let f = sink
            .finding(
                ctx.at(kind),
                "表格为空，表下没有“本年度没有……收入和支出，故本表无数据”的说明",
            )
            .hint(format!(
                "在表下注明：{}本年度没有{}收入和支出，故本表无数据。",
                ctx.pkg.unit.name,
                match kind {
                    TableKind::StateCapital => "国有资本经营预算财政拨款",
                    _ => "政府性基金预算财政拨款",
                }
            ));
        sink.push(f);
    }
}
