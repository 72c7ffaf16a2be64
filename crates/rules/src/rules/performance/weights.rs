//! PF-005, PF-006, PF-011, PF-015, PF-016: the weights of a project table — Σ 分值 = 100, the first-level
//! weights against the defaults, the 总分 row's 100, and the stated group weights against their rows.

use rust_decimal::Decimal;

use super::{ProjectNumbers, num, project_at, projects};
use crate::finding::{Severity, Unit};
use crate::rules::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::{Ctx, Sink};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "PF-005",
            name: "分值合计不等于 100",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "预算执行率分值加各三级指标分值应等于100，只计写成数字的分值，按写出的数直接比较。\
不涉及的指标不写分值，其余指标的分值相应调整，合计仍为100。",
                why: "分值合计不是100，总分就不是百分制，“90分以上为优”的等级划分失去意义，\
项目之间也无法比较。",
                bad: "“西城区2024年无线西城覆盖项目”第1个指标分值把5写成“.5”，分值合计95.5；\
另有两张表分值合计为110。",
                good: "前者分值改为5，合计100；后者核对各指标分值，调减多出的10分，使合计为100。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）单位自评指标权重（原则上预算执行率10%、\
产出指标50%、效益指标30%、服务对象满意度指标10%）及附件《项目支出绩效自评表》“总分”\
行（分值100）。",
            },
        },
        check: weights_total,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "PF-006",
            name: "一级指标分值偏离默认权重",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "按一级指标汇总各三级指标的分值（产出指标、效益指标（含“效果指标”）、满意度指标），\
与默认权重比较：产出50、效益30、满意度10（预算执行率10另计，地区格式可改）。\
任一项相差10分或以上时提示，不判为错误。",
                why: "一级指标权重原则上统一设置，项目之间的得分才可比；产出分值过高、效益过低，\
总分主要由容易完成的产出指标决定，评价结果偏高。确有理由调整的，应能说明。",
                bad: "“2024年西城区目录数据管理服务系统项目”：产出指标合计70分、效益指标10分（一般为50、30）。",
                good: "按产出50、效益30、满意度10、预算执行率10设置分值；确需调整的，在自评报告中写明理由。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）单位自评指标权重（原则上预算执行率10%、\
产出指标50%、效益指标30%、服务对象满意度指标10%）。",
            },
        },
        check: first_level,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "PF-011",
            name: "总分行的分值不是 100",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "“总分”行的分值栏应写100，写其他数时报告。",
                why: "自评按百分制打分，等级也按百分制划分；总分行分值不是100，说明表格套错或抄错，\
各行分值之和也要一并核对（PF-005）。",
                bad: "两张表总分行分值写90，另一张写900。",
                good: "总分行分值写100，并核对各行分值之和是否为100。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“总分”行。",
            },
        },
        check: total_weight,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
    Rule {
        meta: Meta {
            code: "PF-015",
            name: "一级指标分值不等于其下三级指标分值之和",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "一级指标标注了分值（如“产出指标50分”）时，其下各三级指标分值之和应等于它；\
按写出的数直接比较，没写分值的行按0计。",
                why: "标注的一级分值与实际分配不一致，读者无法判断权重到底是多少，总分也可能因此不是100。",
                bad: "“产出指标50分”，其下三级指标分值为13、8、5、5、10、5、5，合计51。",
                good: "把多出的1分调回（第一个指标改为12），三级指标分值之和为50；或改正一级指标的标注。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）单位自评指标权重（原则上预算执行率10%、\
产出指标50%、效益指标30%、服务对象满意度指标10%）及附件《项目支出绩效自评表》“一级指标”\
“分值”栏。",
            },
        },
        check: |c, s| group_weights(c, s, true),
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &[
                    "performance.projects[seq=1].indicators[#0].weight = 13",
                    "performance.projects[seq=1].indicators[#0].score = 13",
                ],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-016",
            name: "二级指标分值不等于其下三级指标分值之和",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "二级指标标注了分值（如“数量指标30分”）时，其下各三级指标分值之和应等于它；\
按写出的数直接比较，没写分值的行按0计。",
                why: "标注的二级分值与实际分配不一致，读者无法判断权重到底是多少，也常是某个三级指标分值抄错的\
信号。",
                bad: "“数量指标30分”，其下四个三级指标分值为12、9、5、5，合计31。",
                good: "核对后改为12、8、5、5，合计30；或改正二级指标的标注。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“二级指标”\
“分值”栏。",
            },
        },
        check: |c, s| group_weights(c, s, false),
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["performance.projects[seq=1].indicators[#1].weight = 9"],
            ),
        ],
    },
];

/// Σ weights of the scored rows (the funds row and indicators with a numeric weight).
fn weight_sum(n: &ProjectNumbers) -> Decimal {
    n.funds_weight.unwrap_or(Decimal::ZERO) + n.rows.iter().filter_map(|r| r.0).sum::<Decimal>()
}

fn weights_total(ctx: &Ctx, sink: &mut Sink) {
    for (p, n) in projects(ctx) {
        if n.rows.iter().all(|r| r.0.is_none()) {
            continue;
        }
        let sum = weight_sum(n);
        if sum != Decimal::ONE_HUNDRED {
            let f = sink
                .finding(
                    project_at(p).row("分值"),
                    format!("预算执行率和各三级指标的分值合计为 {sum}，不是 100"),
                )
                .number("分值合计", sum, Unit::Points)
                .relation("预算执行率分值 + Σ 三级指标分值 = 100");
            sink.push(f);
        }
    }
}

fn first_level(ctx: &Ctx, sink: &mut Sink) {
    use juesuan_performance::weights::{deviations_of, sums_of};
    for (p, n) in projects(ctx) {
        // the weights parsed once for every PF rule
        let rows = p
            .indicators
            .iter()
            .zip(&n.rows)
            .map(|(i, (w, _))| (i.level1.as_deref(), *w));
        let Some(sums) = sums_of(rows) else { continue };
        let off: Vec<String> = deviations_of(sums, ctx.profile)
            .iter()
            .map(|d| format!("{} {}（一般为 {}）", d.name, d.found, d.default))
            .collect();
        if !off.is_empty() {
            let f = sink
                .finding(
                    project_at(p).row("一级指标"),
                    format!("一级指标分值偏离默认权重：{}", off.join("，")),
                )
                .hint("确认权重设置的理由，或按产出 50、效益 30、满意度 10 调整");
            sink.push(f);
        }
    }
}

fn total_weight(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.projects {
        let Some(w) = num(&p.total_weight) else {
            continue;
        };
        if w != Decimal::ONE_HUNDRED {
            let f = sink
                .finding(
                    project_at(p).row("总分").column("分值"),
                    format!("总分行的分值写 {w}，应为 100"),
                )
                .number("总分分值", w, Unit::Points);
            sink.push(f);
        }
    }
}

fn group_weights(ctx: &Ctx, sink: &mut Sink, first: bool) {
    for (p, n) in projects(ctx) {
        let rows = p
            .indicators
            .iter()
            .zip(&n.rows)
            .zip(&n.levels)
            .map(|((ind, (weight, _)), levels)| (ind, *weight, *levels));
        group_sums(sink, &project_at(p), rows, first);
    }
}

/// The weight stated for each 一级 (`first`) or 二级 indicator against the sum of the 分值 of
/// the rows under it: `rows` are each indicator with its 分值 and its stated (一级, 二级)
/// weights, parsed. Shared by the self-evaluation tables (PF-015, PF-016) and a budget's
/// 项目绩效目标表 (B-026).
pub(crate) fn group_sums<'a>(
    sink: &mut Sink,
    at: &crate::Location,
    rows: impl Iterator<
        Item = (
            &'a juesuan_model::performance::Indicator,
            Option<Decimal>,
            (Option<Decimal>, Option<Decimal>),
        ),
    >,
    first: bool,
) {
    // ((一级, 二级), stated weight, Σ row weights), in order of appearance
    type Group<'a> = ((&'a str, &'a str), Decimal, Decimal);
    let mut groups: Vec<Group> = Vec::new();
    for (ind, weight, (w1, w2)) in rows {
        let level1 = ind.level1.as_deref();
        let (key, stated) = if first {
            (level1.map(|l1| (l1, "")), w1)
        } else {
            (
                ind.level2.as_deref().map(|l2| (level1.unwrap_or(""), l2)),
                w2,
            )
        };
        let (Some(key), Some(stated)) = (key, stated) else {
            continue;
        };
        let w = weight.unwrap_or(Decimal::ZERO);
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.2 += w,
            None => groups.push((key, stated, w)),
        }
    }
    for ((l1, l2), stated, sum) in groups {
        if stated != sum {
            let name = if first {
                l1.to_string()
            } else {
                format!("{l1} {l2}")
            };
            let f = sink
                .finding(
                    at.clone().row(&name).column("分值"),
                    format!("“{name}”标注 {stated} 分，其下三级指标分值之和为 {sum}"),
                )
                .number("标注分值", stated, Unit::Points)
                .number("三级指标分值之和", sum, Unit::Points)
                .relation(if first {
                    "一级指标分值 = Σ 三级指标分值"
                } else {
                    "二级指标分值 = Σ 三级指标分值"
                });
            sink.push(f);
        }
    }
}
