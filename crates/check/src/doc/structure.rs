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
            what: "按地区格式，部门决算应公开的报表（上海 9 张、北京 9 张以上）在文件中找不到。文件写明“报表详见附件”时，只作提示。",
            why: "",
            bad: "",
            good: "",
            basis: "",
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
            what: "按地区格式，公开文件应有的部分（如上海的概况、决算表、情况说明、名词解释）找不到标题。",
            why: "",
            bad: "",
            good: "",
            basis: "",
        },
    },
    check: missing_parts,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n第一部分 上海市普陀区财政局概况\n第二部分 上海市普陀区财政局2024年度部门决算表\n",
        silent: "上海市普陀区财政局2024年度部门决算\n第一部分 概况\n第二部分 部门决算表\n第三部分 部门决算情况说明\n第四部分 名词解释\n",
    }],
};

fn missing_parts(cx: &DocCtx, sink: &mut Sink) {
    let Some(region) = cx.recognition.profile else {
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
