//! PF-009, PF-010, PF-018: the project tables as tables — one printed twice, one without 总分, blank or
//! template rows.

use std::collections::HashMap;

use juesuan_model::performance::ProjectEvaluation;

use super::project_at;
use crate::finding::Severity;
use crate::rules::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::{Ctx, Sink};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        meta: Meta {
            code: "PF-009",
            name: "项目自评表重复",
            severity: Severity::Warning,
            family: Family::Performance,
            doc: Doc {
                what: "同一项目的自评表出现了两次（项目名称相同）。西城科信局第 9、11 张都是“2024年西城区区块链基础服务平台”。",
                why: "",
                bad: "",
                good: "",
                basis: "",
            },
        },
        check: repeated,
        fixtures: &[
            silent(Base::Synthetic, &[]),
            fires(
                Base::Synthetic,
                &["performance.projects[#1].name = 测试项目1"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-010",
            name: "自评表没有总分",
            severity: Severity::Error,
            family: Family::Performance,
            doc: Doc {
                what: "每张项目支出绩效自评表都应有总分行。",
                why: "",
                bad: "",
                good: "",
                basis: "财预〔2020〕10号",
            },
        },
        check: no_total,
        fixtures: &[
            silent(Base::Beijing, &[]),
            fires(
                Base::Beijing,
                &["delete performance.projects[seq=1].total_score"],
            ),
        ],
    },
    Rule {
        meta: Meta {
            code: "PF-018",
            name: "空白或模板指标行",
            severity: Severity::Info,
            family: Family::Performance,
            doc: Doc {
                what: "指标行只有“指标2：”“……”之类的模板文字而没有内容。应删去，或者填上实际指标；空行不能计入分值。",
                why: "",
                bad: "",
                good: "",
                basis: "；issue 绩效指标质量",
            },
        },
        check: empty_rows,
        fixtures: &[silent(Base::Synthetic, &[]), fires(Base::Beijing, &[])],
    },
];

fn repeated(ctx: &Ctx, sink: &mut Sink) {
    let mut seen: HashMap<String, &ProjectEvaluation> = HashMap::new();
    for p in &ctx.pkg.performance.projects {
        let key = juesuan_model::text::compact(&p.name);
        if key.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(&key) {
            let f = sink
                .finding(
                    project_at(p),
                    format!("与第 {} 张自评表是同一个项目“{}”", first.seq, p.name),
                )
                .hint("删去重复的表，或改正项目名称");
            sink.push(f);
        } else {
            seen.insert(key, p);
        }
    }
}

fn no_total(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.projects {
        if p.total_score.is_none() {
            let f = sink.finding(project_at(p).row("总分"), "自评表没有总分");
            sink.push(f);
        }
    }
}

fn empty_rows(ctx: &Ctx, sink: &mut Sink) {
    for p in &ctx.pkg.performance.projects {
        let rows: Vec<usize> = p
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.is_template())
            .map(|(k, _)| k + 1)
            .collect();
        if !rows.is_empty() {
            let f = sink
                .finding(
                    project_at(p).row(format!(
                        "第{}行",
                        rows.iter()
                            .map(|r| r.to_string())
                            .collect::<Vec<_>>()
                            .join("、")
                    )),
                    format!(
                        "{} 行指标只有模板文字（如“指标2：”“……”），没有内容",
                        rows.len()
                    ),
                )
                .hint("删去空的指标行，或填上实际指标");
            sink.push(f);
        }
    }
}
