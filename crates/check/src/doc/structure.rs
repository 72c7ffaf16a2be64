//! D-001, D-002: the tables and parts a region's format requires (listed in its profile).

use juesuan_diagnostics::{Location, Meta, Severity, Sink};

use super::{Doc, DocCtx, DocFixture, DocRule, Family};

/// The parts of the document: its `第…部分` headings.
fn parts<'a>(cx: &'a DocCtx) -> Vec<&'a str> {
    cx.paras
        .iter()
        .map(|s| s.text)
        .filter(|t| t.starts_with('第') && t.contains("部分"))
        .collect()
}

pub(super) const D001: DocRule = DocRule {
    meta: Meta {
        code: "D-001",
        name: "缺少必需的报表",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "按识别出的地区格式逐张查找应公开的报表（上海：表一收入支出决算总表至表九，共9张；北京：\
表一至表七、表九、表十，共9张），按表题和表头识别，列出找不到的表。\
只检查有“部门决算表（报表）”部分或已识别出报表的文件；文件写明“报表详见附件”时降为提示，\
因为报表可能在另一个文件里。",
            why: "报表是说明中每个数字的出处，少一张表，读者就无法核对相关数字；\
部门决算应连同报表一并公开，缺表属于公开不完整。",
            bad: "“第二部分 上海市普陀区财政局2024年度部门决算表”下只放了收入支出决算总表和收入决算表，\
其余7张没有；或第一部分只写“报表详见附件。”而没有附件（此时只作提示）。",
            good: "按样张目录把9张表全部放进第二部分；没有数的表保留表格格式，在表下写明“本年度没有……收入和\
支出，故本表无数据”。报表另行发布的，写明附件名称并与正文一起公开。",
            basis: "《中华人民共和国预算法》第十四条（部门决算及报表应当向社会公开）；\
《地方预决算公开操作规程》（财预〔2016〕143号）（不得少公开、不公开应当公开的事项，\
保证公开内容全面、真实、完整）；上海市2024年度部门决算公开样张第二部分表一至表九；\
北京市2024年度部门决算公开报表表一至表十二。",
        },
    },
    check: missing_tables,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n第二部分 上海市普陀区财政局2024年度部门决算表\n第三部分 上海市普陀区财政局2024年度部门决算情况说明\n",
        silent: "上海市普陀区财政局2024年度部门决算\n说明\n",
    }],
};

fn missing_tables(cx: &DocCtx, sink: &mut Sink) {
    let rec = cx.recognition;
    // The profiles list the tables of a 决算.
    if !rec.kind.is_final_accounts() {
        return;
    }
    let Some(region) = rec.profile else { return };
    let parts = parts(cx);
    let tables_part = parts
        .iter()
        .any(|p| p.contains("决算表") || p.contains("决算报表"));
    if !tables_part && rec.tables.is_empty() {
        return;
    }
    let profile = region.profile();
    let missing: Vec<&str> = profile
        .required_tables()
        .iter()
        .filter(|k| !rec.tables.iter().any(|(f, _)| f == *k))
        .map(|k| profile.title(*k))
        .collect();
    if missing.is_empty() {
        return;
    }
    let attached = cx
        .paras
        .iter()
        .any(|s| s.text.contains("详见附件") && s.text.contains("报表"));
    let mut f = sink.finding(
        Location::whole(),
        format!(
            "按{}格式应公开的{}张报表没有找到：{}",
            region.label(),
            missing.len(),
            missing.join("、")
        ),
    );
    if attached {
        // The tables are published elsewhere: nothing is known to be missing.
        f.severity = Severity::Info;
        f.message.push_str("（文件写明报表详见附件，未能核对）");
    }
    sink.push(f);
}

pub(super) const D002: DocRule = DocRule {
    meta: Meta {
        code: "D-002",
        name: "缺少必需的部分",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "按地区格式查找以“第…部分”开头的标题：上海应有概况、部门决算表、部门决算情况说明、\
名词解释四部分；北京应有部门决算报表、部门决算说明、其他重要事项的情况说明、\
部门绩效评价情况四部分。找不到某一部分时提示；文件没有任何“第…部分”标题时不检查。",
            why: "每一部分都是规定的公开内容，缺一部分往往是整块内容（名词解释、绩效评价情况）没有公开；\
也可能只是标题写法不同，需要人工确认。",
            bad: "上海某局文件只有“第一部分 上海市普陀区财政局概况”“第二部分 上海市普陀区财政局2024年度部\
门决算表”，没有第三部分情况说明和第四部分名词解释。",
            good: "按样张目录补齐“第三部分 上海市普陀区财政局2024年度部门决算情况说明”“第四部分 名词解释”；\
内容已有、只是标题不同的，改用样张的标题。",
            basis: "上海市2024年度部门决算公开样张目录（第一部分至第四部分）；《中华人民共和国预算法》第十四\
条（部门决算应对机关运行经费的安排、使用情况等重要事项作出说明）；\
《地方预决算公开操作规程》（财预〔2016〕143号）（保证公开内容全面、真实、完整）。",
        },
    },
    check: missing_parts,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n第一部分 上海市普陀区财政局概况\n第二部分 上海市普陀区财政局2024年度部门决算表\n",
        silent: "上海市普陀区财政局2024年度部门决算\n第一部分 概况\n第二部分 部门决算表\n第三部分 部门决算情况说明\n第四部分 名词解释\n",
    }],
};

fn missing_parts(cx: &DocCtx, sink: &mut Sink) {
    let Some(region) = cx.final_accounts_region() else {
        return;
    };
    let parts = parts(cx);
    if parts.is_empty() {
        return;
    }
    for part in &region.profile().parts {
        if !parts.iter().any(|p| p.contains(part.find.as_str())) {
            sink.report(
                Location::whole(),
                format!(
                    "按{}格式应有“{}”，文件中找不到这一部分",
                    region.label(),
                    part.name
                ),
            );
        }
    }
}
