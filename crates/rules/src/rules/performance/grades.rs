//! PF-008, PF-020, PF-021: grades and counts — a project's grade against its 总分, the department's, and the
//! counts of projects per grade.

use rust_decimal::Decimal;

use super::{num, project_at};
use crate::finding::Severity;
use crate::rules::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::{Ctx, Location, Sink};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "PF-008",
            name: "评价等级与总分不符",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "项目自评表写的评价等级应与总分所在区间一致。默认：90分（含）以上为优，80（含）～90为良，\
60（含）～80为中（上海为“合格”），60以下为差（上海为“不合格”）；“优秀”“良好”\
等同义写法也认，区间和名称按地区格式。",
                why: "等级是汇总“优”“良”“合格”“不合格”项目个数的依据；等级与总分不符，公开的汇总数也会错。",
                bad: "总分89.5的项目，评价等级写“优”。",
                good: "89.5分在80～90之间，等级写“良”；并先核对总分本身是否算对（PF-003）。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）；上海市2024年度部门决算公开样张第三部分\
十“绩效评级为“优”……“良”……“合格”……“不合格”的项目XX个”；《地方预决算公开操作规程》（财预\
〔2016〕143号）第四条（内容准确）。",
            },
        },
        check: project_grade,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(Base::Synthetic, &["performance.projects[#0].grade = 良"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-020",
            name: "部门整体绩效评价等级与得分不符",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "部门整体绩效评价写的等级应与得分所在区间一致：默认90分（含）以上为优（优秀），80（含）\
～90为良（良好），60（含）～80为中（合格），60以下为差（不合格），按地区格式。",
                why: "部门整体等级是公开的结论；与得分不符，读者不知道以哪个为准。",
                bad: "“部门整体绩效评价得分：98.84分，评价等级：良好”。",
                good: "98.84分在90分以上，写“评价等级：优秀”。",
                basis: "《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
            },
        },
        check: department_grade,
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(Base::Beijing, &["performance.department.grade = 良好"]),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-021",
            name: "绩效自评项目数与各等级项目数之和不符",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "上海格式“十、预算绩效管理情况”中，“绩效自评的2024年度项目XX个”应等于评级为“优”“良”“合格”\
“不合格”的项目数之和（四个数都写了才核对）；“平均得分XX分”应在0～100之间。",
                why: "这些数由各项目自评表汇总而来；个数对不上，说明漏数或多数了项目，\
平均分和预算金额也可能随之有误。",
                bad: "“绩效自评的2024年度项目12个……（其中，绩效评级为“优”的项目8个；绩效评级为“良”的项目3个；\
绩效评级为“合格”的项目0个；绩效评级为“不合格”的项目0个）”——8 + 3 = 11。",
                good: "按自评表逐个核对等级后改正，如实为“良”的项目4个：8 + 4 = 12。",
                basis: "上海市2024年度部门决算公开样张第三部分十“绩效自评的2024年度项目XX个，\
涉及预算金额XXX万元，平均得分XX分（其中，绩效评级为“优”的项目XX个；……）”；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
            },
        },
        check: management_counts,
        fixtures: &[
            silent(Base::Shanghai, &[]),
            fires(Base::Shanghai, &["performance.management.grade_good = 1"]),
        ],
    },
];

fn project_grade(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.projects {
        let (Some(g), Some(score)) = (p.grade.as_deref(), num(&p.total_score)) else {
            continue;
        };
        let Some(expected) = ctx.profile.grade(score) else {
            continue;
        };
        match ctx.profile.grade_named(g) {
            Some(band) if band.label == expected.label => {}
            _ => {
                let f = sink
                    .finding(
                        project_at(p).row("评价等级"),
                        format!("评价等级写“{g}”，总分 {score} 应为“{}”", expected.label),
                    )
                    .relation("等级按总分区间确定");
                sink.push(f);
            }
        }
    }
}

fn department_grade(ctx: &Ctx, sink: &mut Sink) {
    let Some(d) = &ctx.pkg.performance.department else {
        return;
    };
    let (Some(g), Some(score)) = (d.grade.as_deref(), num(&d.score)) else {
        return;
    };
    let Some(expected) = ctx.profile.grade(score) else {
        return;
    };
    if ctx
        .profile
        .grade_named(g)
        .is_none_or(|b| b.label != expected.label)
    {
        let f = sink
            .finding(
                Location::part("部门整体绩效评价").row("评价等级"),
                format!("评价等级写“{g}”，得分 {score} 应为“{}”", expected.label),
            )
            .relation("等级按得分区间确定");
        sink.push(f);
    }
}

fn management_counts(ctx: &Ctx, sink: &mut Sink) {
    let Some(m) = &ctx.pkg.performance.management else {
        return;
    };
    if let (Some(n), Some(a), Some(b), Some(c), Some(d)) = (
        m.evaluated_projects,
        m.grade_excellent,
        m.grade_good,
        m.grade_pass,
        m.grade_fail,
    ) && a + b + c + d != n
    {
        let f = sink
            .finding(
                Location::part("预算绩效管理情况").row("绩效自评项目数"),
                format!(
                    "绩效自评项目 {n} 个，而各等级项目数之和为 {}",
                    a + b + c + d
                ),
            )
            .relation("自评项目数 = 优 + 良 + 合格 + 不合格");
        sink.push(f);
    }
    if let Some(avg) = m.average_score
        && (avg < Decimal::ZERO || avg > Decimal::ONE_HUNDRED)
    {
        let f = sink.finding(
            Location::part("预算绩效管理情况").row("平均得分"),
            format!("平均得分 {avg} 不在 0–100 之间"),
        );
        sink.push(f);
    }
}
