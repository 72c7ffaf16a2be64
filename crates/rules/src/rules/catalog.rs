//! C: codes against the catalog — unknown codes, names that do not match, a 项 without its
//! 款 or 类, codes of the wrong classification, repeated rows.

use juesuan_model::tables::TableKind;
use juesuan_model::text::compact_eq;
use juesuan_model::{Classification, Code, CodeSet, Level};

use super::common::row_label;
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::{Ctx, Sink};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "C-001",
            name: "科目编码不在目录中",
            severity: Severity::Info,
            family: Family::Package,
            doc: Doc {
                what: "表中的科目编码不在当前科目目录里。juesuan 内置的目录只含两份真实文件出现过的款、项和常用科目；\
可用 --catalog 载入财政局发布的当年完整目录。编码保留不删，但名称和上下级关系无法核对。",
                why: "",
                bad: "",
                good: "",
                basis: "政府收支分类科目；部门预算支出经济分类科目",
            },
        },
        check: unknown,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.income.rows[2010601].code = 2010650"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "C-002",
            name: "科目名称与编码不符",
            severity: Severity::Warning,
            family: Family::Package,
            doc: Doc {
                what: "科目名称应与科目编码在目录中的名称一致（忽略空格和换行）。不一致通常是编码或名称抄错了一处。",
                why: "",
                bad: "",
                good: "",
                basis: "政府收支分类科目；部门预算支出经济分类科目",
            },
        },
        check: names,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.expenditure.rows[2080505].name = 机关事业单位职业年金缴费支出"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "C-003",
            name: "项级科目缺少所属款级或类级科目",
            severity: Severity::Warning,
            family: Family::Package,
            doc: Doc {
                what: "按功能分类列示的表格中，列出了项级科目就应同时列出它所属的款级和类级科目（经济分类：款级要有类级），\
否则上下级关系无法核对，合计也可能少算。",
                why: "",
                bad: "",
                good: "",
                basis: "收入决算表、支出决算表等的列示规则",
            },
        },
        check: orphans,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(Base::Shanghai, &["delete tables.income.rows[21011]"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "C-004",
            name: "科目编码不属于本表的分类",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "收入决算表、支出决算表等按支出功能分类（2 开头）列示；基本支出决算表按经济分类（3 开头）列示。\
编码放错了表，金额会被计入错误的口径。",
                why: "",
                bad: "",
                good: "",
                basis: "",
            },
        },
        check: classification,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.general_budget_basic.rows[30101].code = 20101"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "C-005",
            name: "同一科目在表中重复出现",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "同一张表中同一科目编码只能出现一次，重复的行会使合计重复计算。",
                why: "",
                bad: "",
                good: "",
                basis: "各表列示规则",
            },
        },
        check: duplicates,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.income.rows[2010602].code = 2010601"],
            ),
        ],
    },
];

/// Every coded row of every table: (table, code, name).
fn rows<'a>(ctx: &'a Ctx) -> Vec<(TableKind, Code, &'a str)> {
    ctx.pkg.tables.codes()
}

fn unknown(ctx: &Ctx, sink: &mut Sink) {
    let mut seen = CodeSet::default();
    for (kind, code, name) in rows(ctx) {
        if code.classification() == kind_classification(kind)
            && ctx.catalog.get(&code).is_none()
            && seen.insert(code)
        {
            let f = sink
                .finding(
                    ctx.at(kind).row(row_label(code, name)),
                    format!("科目编码 {code} 不在科目目录中（已保留）"),
                )
                .hint("如属当年新增科目，用 --catalog 载入财政局发布的完整科目目录");
            sink.push(f);
        }
    }
}

fn kind_classification(kind: TableKind) -> Option<Classification> {
    kind.classification().or(Some(Classification::Function))
}

fn names(ctx: &Ctx, sink: &mut Sink) {
    for (kind, code, name) in rows(ctx) {
        let Some(entry) = ctx.catalog.get(&code) else {
            continue;
        };
        if name.is_empty() || compact_eq(name, &entry.name) {
            continue;
        }
        let f = sink
            .finding(
                ctx.at(kind).row(row_label(code, name)),
                format!(
                    "科目名称“{name}”与编码 {code} 不符，目录中 {code} 是“{}”",
                    entry.name
                ),
            )
            .text("表中名称", name)
            .text("目录名称", &entry.name)
            .hint("核对编码和名称哪一个抄错了");
        sink.push(f);
    }
}

fn orphans(ctx: &Ctx, sink: &mut Sink) {
    let rows = rows(ctx);
    let present: CodeSet<(TableKind, Code)> = rows.iter().map(|(k, c, _)| (*k, *c)).collect();
    for &(kind, code, name) in &rows {
        if matches!(kind, TableKind::Summary | TableKind::AppropriationSummary)
            || code.level() == Level::Class
        {
            continue;
        }
        let missing = [code.parent(), code.parent().and_then(|p| p.parent())]
            .into_iter()
            .flatten()
            .find(|p| !present.contains(&(kind, *p)));
        if let Some(first) = missing {
            let f = sink
                .finding(
                    ctx.at(kind).row(row_label(code, name)),
                    format!(
                        "{} {code} 的上级科目 {first} 没有列出",
                        code.level().label()
                    ),
                )
                .hint(format!(
                    "补列 {first}{}，金额为其下级之和",
                    ctx.catalog
                        .name(&first)
                        .map(|n| format!(" {n}"))
                        .unwrap_or_default()
                ));
            sink.push(f);
        }
    }
}

fn classification(ctx: &Ctx, sink: &mut Sink) {
    for (kind, code, name) in rows(ctx) {
        let wanted = kind_classification(kind);
        if code.classification() != wanted {
            let f = sink.finding(
                ctx.at(kind).row(row_label(code, name)),
                format!(
                    "本表应使用{}科目，{code} 不是",
                    wanted.map(|c| c.label()).unwrap_or("")
                ),
            );
            sink.push(f);
        }
    }
}

fn duplicates(ctx: &Ctx, sink: &mut Sink) {
    let mut seen = CodeSet::default();
    for (kind, code, name) in rows(ctx) {
        if !seen.insert((kind, code)) {
            let f = sink
                .finding(
                    ctx.at(kind).row(row_label(code, name)),
                    format!("科目 {code} 在表中出现了不止一次"),
                )
                .hint("删去重复的行，或改正其中一行的编码");
            sink.push(f);
        }
    }
}
