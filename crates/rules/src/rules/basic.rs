//! T6 一般公共预算财政拨款基本支出决算表 and T8 政府性基金预算财政拨款基本支出决算表
//! (经济分类): 类 = Σ 款, 人员经费 = 301 + 303, 公用经费 = 302 + 310 (+ other 3xx).

use juesuan_model::tables::{BasicTable, TableKind};
use juesuan_model::{Code, Level};

use super::common::{Named, check_sum, hierarchy, named, row_label};
use super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;
use crate::interval::Term;
use crate::{Ctx, Sink};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "T6-001",
            name: "基本支出表经济分类类级不等于所属款级之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款基本支出决算表中，\
经济分类类级科目（如 301 工资福利支出）应等于其所属各款之和。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "类级金额与所属各款不符，多是漏列或重复了一个款，或款的金额抄错；\
说明中人员经费、公用经费的构成也会随之出错。",
                bad: "301 工资福利支出 2082.85，所属各款 262.33 + 1248.58 + 160.75 + 80.38 + 60.99 \
+ 1.61 + 187.19 + 91.03 = 2092.86，差 10.01（津贴补贴 1238.58 抄成了 1248.58）。",
                good: "津贴补贴改为 1238.58，各款之和 2082.86，与 2082.85 相差 0.01，\
在九个数的舍入范围 ±0.045 内，不报错。",
                basis: "上海市2024年度部门决算公开样张表六、\
北京市2024年度部门决算公开报表表六《一般公共预算财政拨款基本支出决算表》“经济分类科目编码”类、\
款列示；《中华人民共和国预算法实施条例》（国务院令第729号）\
第六条（基本支出按经济性质分类公开到款）；《2024年政府收支分类科目》（财政部）支出经济分类科目。",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::GeneralBudgetBasic,
                c.pkg.tables.general_budget_basic.as_ref(),
                &["amount"],
            )
        },
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.general_budget_basic.rows[30102].amount = 1248.58"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T6-002",
            name: "人员经费合计不等于工资福利支出加对个人和家庭的补助",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款基本支出决算表：人员经费合计 = 301 工资福利支出 + 303 \
对个人和家庭的补助（没有列出类级行时，用其所属各款之和）。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "说明中“其中：人员经费 XXX 万元”引用这个合计；它与 301、303 之和不符，\
说明和表格必有一处错。",
                bad: "人员经费合计 2162.26，而 301 工资福利支出 2082.85 + 303 对个人和家庭的补助 \
69.41 = 2152.26，差 10.00。",
                good: "人员经费合计改为 2152.26。",
                basis: "上海市2024年度部门决算公开样张表六、\
北京市2024年度部门决算公开报表表六《一般公共预算财政拨款基本支出决算表》表尾“人员经费合计”；\
《中华人民共和国预算法实施条例》（国务院令第729号）第五条（基本支出包括人员经费和公用经费）；\
上海市2024年度部门决算公开样张第三部分六。",
            },
        },
        check: |c, s| personnel(c, s, TableKind::GeneralBudgetBasic),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &["tables.general_budget_basic.total.personnel = 2162.26"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T6-003",
            name: "公用经费合计不等于商品和服务支出加资本性支出",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款基本支出决算表：公用经费合计 = 302 商品和服务支出 + 310 \
资本性支出（以及其他不属于人员经费的经济分类类级科目；没有列出类级行时，用其所属各款之和）。\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "说明中“公用经费 XXX 万元”引用这个合计，\
机关运行经费也应在它的范围内（见 X-018）。",
                bad: "公用经费合计 184.65，而 302 商品和服务支出 171.07 + 310 资本性支出 3.58 = \
174.65，差 10.00。",
                good: "310 资本性支出（31002 办公设备购置）应为 13.58：171.07 + 13.58 = 184.65。",
                basis: "上海市2024年度部门决算公开样张表六、\
北京市2024年度部门决算公开报表表六《一般公共预算财政拨款基本支出决算表》表尾“公用经费合计”；\
《中华人民共和国预算法实施条例》（国务院令第729号）第五条；\
上海市2024年度部门决算公开样张第三部分六。",
            },
        },
        check: |c, s| public(c, s, TableKind::GeneralBudgetBasic),
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(
                Base::Shanghai,
                &[
                    "tables.general_budget_basic.rows[310].amount = 3.58",
                    "tables.general_budget_basic.rows[31002].amount = 3.58",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T6-004",
            name: "基本支出合计不等于人员经费加公用经费",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "一般公共预算财政拨款基本支出决算表印有合计行时：\
合计 = 人员经费合计 + 公用经费合计（上海样张只印两个分项合计，不印总合计）。\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "这个合计就是一般公共预算财政拨款基本支出总额，\
要与一般公共预算财政拨款支出决算表的基本支出一致（见 X-009）。",
                bad: "合计 2346.91，人员经费合计 2152.26 + 公用经费合计 184.65 = 2336.91，\
差 10.00。",
                good: "合计改为 2336.91。",
                basis: "上海市2024年度部门决算公开样张表六、\
北京市2024年度部门决算公开报表表六《一般公共预算财政拨款基本支出决算表》；\
《中华人民共和国预算法实施条例》（国务院令第729号）第五条（基本支出包括人员经费和公用经费）。",
            },
        },
        check: |c, s| total(c, s, TableKind::GeneralBudgetBasic),
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &["tables.general_budget_basic.total.total += 1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T8-001",
            name: "政府性基金基本支出表经济分类类级不等于所属款级之和",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "政府性基金预算财政拨款基本支出决算表（北京格式）中，\
经济分类类级科目应等于其所属各款之和。各数按表中小数位数四舍五入，\
差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "类级金额与所属各款不符，多是漏列了一个款或金额抄错，基本支出的构成就不完整。",
                bad: "302 商品和服务支出 5.00，所列款只有 30201 办公费 4.00，差 1.00。",
                good: "补列漏掉的款（如 30211 差旅费 1.00），或按各款之和改正类级金额。",
                basis: "北京市2024年度部门决算公开报表表八《政府性基金预算财政拨款基本支出决算表》\
；《中华人民共和国预算法实施条例》（国务院令第729号）第六条（基本支出按经济性质分类公开到款）；\
《2024年政府收支分类科目》（财政部）支出经济分类科目。",
            },
        },
        check: |c, s| {
            hierarchy(
                c,
                s,
                TableKind::GovFundBasic,
                c.pkg.tables.gov_fund_basic.as_ref(),
                &["amount"],
            )
        },
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &[
                    "delete tables.gov_fund_basic.note",
                    "tables.gov_fund_basic.rows = [{\"code\": \"302\", \"name\": \"商品和服务支出\", \"amount\": \"5.00\"}, {\"code\": \"30201\", \"name\": \"办公费\", \"amount\": \"4.00\"}]",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "T8-002",
            name: "政府性基金基本支出人员经费、公用经费与合计不符",
            severity: Severity::Error,
            family: Family::Package,
            doc: Doc {
                what: "政府性基金预算财政拨款基本支出决算表（北京格式）：人员经费 = 301 + 303，\
公用经费 = 302 + 310（及其他非人员经费类），合计 = 人员经费 + 公用经费，三条分别检查。\
各数按表中小数位数四舍五入，差额超过各数舍入误差之和（两位小数时每个数 ±0.005）才报错。",
                why: "三个合计是说明中“使用政府性基金财政拨款安排基本支出”的数据来源；\
加不平说明分类或合计有误。",
                bad: "合计 3.00，人员经费 1.00 + 公用经费 1.00 = 2.00，差 1.00。",
                good: "核对各类级金额后改正：本例合计应为 2.00。",
                basis: "北京市2024年度部门决算公开报表表八《政府性基金预算财政拨款基本支出决算表》\
；《中华人民共和国预算法实施条例》（国务院令第729号）第五条（基本支出包括人员经费和公用经费）。",
            },
        },
        check: |c, s| {
            personnel(c, s, TableKind::GovFundBasic);
            public(c, s, TableKind::GovFundBasic);
            total(c, s, TableKind::GovFundBasic);
        },
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &[
                    "tables.gov_fund_basic.total.personnel = 1",
                    "tables.gov_fund_basic.total.public = 1",
                    "tables.gov_fund_basic.total.total = 3",
                ],
            ),
        ],
    },
];

fn table<'a>(ctx: &'a Ctx, kind: TableKind) -> Option<&'a BasicTable> {
    match kind {
        TableKind::GovFundBasic => ctx.pkg.tables.gov_fund_basic.as_ref(),
        _ => ctx.pkg.tables.general_budget_basic.as_ref(),
    }
}

/// The amount of each economic class: its 类 row when listed, else the sum of its 款 rows.
pub(super) fn classes<'a>(
    ctx: &'a Ctx,
    kind: TableKind,
    t: &'a BasicTable,
) -> Option<Vec<(Code, Named<'a>)>> {
    let mut out: Vec<(Code, Named<'a>)> = Vec::new();
    let mut seen: Vec<Code> = Vec::new();
    for r in &t.rows {
        let class = r.code.class();
        if seen.contains(&class) {
            continue;
        }
        seen.push(class);
        let term = match t.rows.iter().find(|x| x.code == class) {
            Some(row) => ctx.term(kind, row.amount)?,
            None => {
                let parts: Option<Vec<Term>> = t
                    .rows
                    .iter()
                    .filter(|x| x.code.level() == Level::Section && x.code.class() == class)
                    .map(|x| ctx.term(kind, x.amount))
                    .collect();
                Term::sum(&parts?)
            }
        };
        let name = ctx.catalog.name(&class).unwrap_or("");
        out.push((class, named(row_label(class, name), term)));
    }
    Some(out)
}

pub(super) fn personnel(ctx: &Ctx, sink: &mut Sink, kind: TableKind) {
    split(ctx, sink, kind, true);
}

pub(super) fn public(ctx: &Ctx, sink: &mut Sink, kind: TableKind) {
    split(ctx, sink, kind, false);
}

fn split(ctx: &Ctx, sink: &mut Sink, kind: TableKind, personnel: bool) {
    let Some(t) = table(ctx, kind) else { return };
    let stated = if personnel {
        t.total.personnel
    } else {
        t.total.public
    };
    let Some(stated) = stated else { return };
    let Some(classes) = classes(ctx, kind, t) else {
        return;
    };
    let parts: Vec<Named> = classes
        .into_iter()
        .filter(|(c, _)| ctx.catalog.is_personnel(c) == personnel)
        .map(|(_, n)| n)
        .collect();
    let (label, relation) = if personnel {
        (
            "人员经费合计",
            "人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助",
        )
    } else {
        (
            "公用经费合计",
            "公用经费 = 302 商品和服务支出 + 310 资本性支出 + 其他",
        )
    };
    check_sum(
        sink,
        || ctx.at(kind).row(label),
        relation,
        &named(label, Term::stated(stated, ctx.decimals(kind))),
        "各类之和",
        &parts,
        ctx.decimals(kind),
        "",
    );
}

pub(super) fn total(ctx: &Ctx, sink: &mut Sink, kind: TableKind) {
    let Some(t) = table(ctx, kind) else { return };
    let (Some(total), Some(p), Some(q)) = (t.total.total, t.total.personnel, t.total.public) else {
        return;
    };
    let d = ctx.decimals(kind);
    check_sum(
        sink,
        || ctx.at(kind).row("合计"),
        "合计 = 人员经费合计 + 公用经费合计",
        &named("合计", Term::stated(total, d)),
        "人员经费与公用经费之和",
        &[
            named("人员经费合计", Term::stated(p, d)),
            named("公用经费合计", Term::stated(q, d)),
        ],
        d,
        "",
    );
}
