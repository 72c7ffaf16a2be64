//! D-010, D-011, D-012: what the template left in — placeholders, choices not made,
//! filling instructions — in the text and in the table cells.

use std::sync::LazyLock;

use juesuan_diagnostics::{Location, Meta, Severity, Sink};
use regex::Regex;

use super::{Doc, DocCtx, DocFixture, DocRule, Family};
use crate::numbers::re;

re!(PLACEHOLDER, r"XXX|XX|ＸＸ|××|某某|。。。|X\.XX|[0-9]*\.?XX");
re!(
    CHOICE,
    r"增加（减少）|增长（下降）|增加\(减少\)|增长\(下降\)|增加/减少|增长/下降|增加（下降）|增（减）|大于（小于）|（增加/减少）"
);
re!(
    INSTRUCTION,
    r"（此处插入[^）]*）?|此处插入|示例如下|各单位需根据|由主管部门根据|（注：有中央转移支付|根据实际情况填写|（仅有一个单位的部门|请根据实际|参照填写|此处填写"
);

/// Reports the first match of `pattern` in each paragraph and each table cell.
fn scan(cx: &DocCtx, sink: &mut Sink, pattern: &Regex, message: fn(&str) -> String) {
    for s in &cx.paras {
        if let Some(m) = pattern.find(s.text) {
            let f = sink.finding(cx.at(s, m.range(), 20), message(m.as_str()));
            sink.push(f);
        }
    }
    for c in &cx.cells {
        if let Some(m) = pattern.find(c.text) {
            let table = cx.document.blocks.get(c.block).map(|b| b.at());
            let kind = cx
                .recognition
                .tables
                .iter()
                .find(|(_, at)| Some(*at) == table)
                .map(|(k, _)| *k);
            let at = match kind {
                Some(k) => Location::table(Some(k.key()), k.title()),
                None => Location::table(None, "表格"),
            };
            let f = sink.finding(
                at.quote(c.text)
                    .source(cx.place(c.at, c.block, Some(m.range()))),
                message(m.as_str()),
            );
            sink.push(f);
        }
    }
}

pub(super) const D010: DocRule = DocRule {
    meta: Meta {
        code: "D-010",
        name: "模板占位符残留",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "XX、XXX、某某、××、。。。等模板占位符没有替换成实际内容。",
            why: "",
            bad: "",
            good: "",
            basis: "",
        },
    },
    check: |cx, sink| {
        scan(cx, sink, &PLACEHOLDER, |m| {
            format!("模板占位符“{m}”没有替换")
        })
    },
    fixtures: &[DocFixture {
        fires: "上海市XX局2024年度部门决算\n",
        silent: "上海市普陀区财政局2024年度部门决算\n",
    }],
};

pub(super) const D011: DocRule = DocRule {
    meta: Meta {
        code: "D-011",
        name: "模板选择项残留",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "“增加（减少）”“增长（下降）”“增加/减少”等模板里的选择项没有选定。",
            why: "",
            bad: "",
            good: "",
            basis: "",
        },
    },
    check: |cx, sink| scan(cx, sink, &CHOICE, |m| format!("模板选择项“{m}”没有选定")),
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n公务接待费0万元，比年初预算0万元增加（减少）0万元。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n公务接待费0万元，与年初预算持平。\n",
    }],
};

pub(super) const D012: DocRule = DocRule {
    meta: Meta {
        code: "D-012",
        name: "模板填写说明残留",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "模板的填写说明留在了公开文件里：“（此处插入…）”“示例如下”“各单位需根据…”“由主管部门根据…填写”“（注：有中央转移支付的…）”等。",
            why: "",
            bad: "",
            good: "",
            basis: "",
        },
    },
    check: |cx, sink| {
        scan(cx, sink, &INSTRUCTION, |m| {
            format!("模板填写说明“{m}”留在了文件里")
        })
    },
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n（此处插入图表，用上述收入金额制作饼状图，示例如下）\n",
        silent: "上海市普陀区财政局2024年度部门决算\n图1：收入决算\n",
    }],
};
