//! D-003: what reading and recognition could not make sense of — pages without a text
//! layer, unreadable fonts, rows and cells of a table that could not be read. What is named
//! here was not checked.

use juesuan_diagnostics::{Location, Meta, Severity, Sink};

use super::{Doc, DocCtx, DocFixture, DocRule, Family};

pub(super) const D003: DocRule = DocRule {
    meta: Meta {
        code: "D-003",
        name: "文件或报表读取有问题",
        severity: Severity::Info,
        family: Family::Document,
        doc: Doc {
            what: "读取时发现的问题：无文本层的页、读不出的字体、报表中无法识别的行列。相关内容没有核对。",
            why: "",
            bad: "",
            good: "",
            basis: "",
        },
    },
    check: unreadable,
    fixtures: &[DocFixture {
        fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t九十\n\t九十\n\t0\n\n\t201\n\t一般公共服务支出\n\t九十\n\t九十\n\t0\n\n",
        silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t201\n\t一般公共服务支出\n\t90\n\t90\n\t0\n\n",
    }],
};

fn unreadable(cx: &DocCtx, sink: &mut Sink) {
    for note in &cx.document.notes {
        sink.report(Location::whole(), note.clone());
    }
    for p in cx.problems {
        sink.report(p.location.clone(), p.message.clone());
    }
}
