//! D-023: a year that is not the year reported on, in a part's heading or an asset date.

use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Severity, Sink};
use regex::Regex;

use super::{Doc, DocCtx, DocFixture, DocRule, Family};
use crate::numbers::re;
use crate::recognize::is_heading;

re!(AS_OF, r"截[至止]([0-9]{4})年12月31日");
re!(ANY_YEAR, r"(20[0-9]{2})年");

pub(super) const D023: DocRule = DocRule {
    meta: Meta {
        code: "D-023",
        name: "年份与报告年度不符",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "标题或“截至…年12月31日”里的年份不是报告年度（多为套用上年文件）。",
            why: "",
            bad: "",
            good: "",
            basis: "",
        },
    },
    check: stray_years,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n截至2023年12月31日，共有车辆0辆。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n截至2024年12月31日，共有车辆0辆。\n",
    }],
};

fn stray_years(cx: &DocCtx, sink: &mut Sink) {
    let Some(year) = cx.recognition.year else {
        return;
    };
    for s in &cx.paras {
        for c in AS_OF.captures_iter(s.text) {
            if let Some(y) = c.get(1).and_then(|m| m.as_str().parse::<u16>().ok())
                && y != year
                && let Some(m) = c.get(0)
            {
                let f = sink.finding(
                    cx.at(s, m.range(), 0).quote(m.as_str()),
                    format!("资产数的日期写“{y}年12月31日”，报告年度是{year}年"),
                );
                sink.push(f);
            }
        }
        // Headings of the disclosure's own parts (not project names such as
        // `2021年度…政策兑现`).
        if is_heading(s.text) && (s.text.contains("决算") || s.text.contains("绩效评价")) {
            for c in ANY_YEAR.captures_iter(s.text) {
                if let Some(m) = c.get(1)
                    && let Ok(y) = m.as_str().parse::<u16>()
                    && y != year
                {
                    let f = sink.finding(
                        cx.at(s, m.range(), 0).quote(s.text),
                        format!("标题中的年份{y}年不是报告年度{year}年"),
                    );
                    sink.push(f);
                }
            }
        }
    }
}
