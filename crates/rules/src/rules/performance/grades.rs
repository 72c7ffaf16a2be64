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
                what: "评价等级按总分确定（默认 ≥90 优、80–90 良、60–80 中、<60 差；标签按地区格式）。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号；地区格式 grades",
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
                what: "部门整体绩效评价的等级应与得分所在的等级区间一致（如 98.84 分为“优”/“优秀”）。",
                why: "",
                bad: "",
                good: "",
                basis: "地区格式 grades",
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
                what: "预算绩效管理情况中，绩效自评的项目个数应等于“优”“良”“合格”“不合格”各等级项目数之和；平均得分应在 0–100 之间。",
                why: "",
                bad: "",
                good: "",
                basis: "上海模板 十、预算绩效管理情况",
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
