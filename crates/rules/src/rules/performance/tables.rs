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
                what: "两张自评表的项目名称相同（去掉空格后一字不差）时，报告后一张。",
                why: "同一项目填两张表，会重复计入自评项目个数、预算金额和平均分；两张表内容不同时，\
读者不知道以哪张为准。",
                bad: "第9张和第11张自评表都是“2024年西城区区块链基础服务平台”，全年预算数都是160.8万元。",
                good: "删去重复的一张；若是两个不同项目，改正项目名称。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“项目名称”；\
上海市2024年度部门决算公开样张第三部分十“绩效自评的2024年度项目XX个，\
涉及预算金额XXX万元”。",
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
                what: "每张项目支出绩效自评表都应有“总分”行并填写得分，找不到时报告。",
                why: "没有总分就定不了等级，这个项目也无法计入部门的平均得分和各等级项目数。",
                bad: "“2024年度智慧西城咨询指导服务项目”自评表在满意度指标之后就结束了，没有总分行。",
                good: "补上“总分”行：分值100，得分 = 预算执行率得分 + 各三级指标得分。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“总分”行。",
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
                what: "三级指标名称只是模板的“指标1：”“指标2：”“……”，且指标值、实际完成值、分值、得分、\
偏差原因都空白的行，按项目汇总列出行号。这类行不影响总分，只作提示；\
填了分值或得分的由 PQ-005 报告。",
                why: "空的模板行让表格显得漏填了指标，审核时要逐行确认；也容易被误填分值。",
                bad: "“西城区2024年信息中心等保及密评项目”自评表有20行只有“指标2：”“……”。",
                good: "删去没有内容的模板行；确有指标的，填上指标名称、年度指标值和实际完成值。",
                basis: "《项目支出绩效评价管理办法》（财预〔2020〕10号）附件《项目支出绩效自评表》“三级指标”栏；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（形式规范）。",
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
