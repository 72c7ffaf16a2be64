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
            what: "读取文件时遇到的问题：没有文字层的页（扫描件）、无法转成文字的字体、\
报表中认不出的行和列（如金额写成“九十”）。这些内容没有参加任何核对——其他规则对它们不报\
错，不代表没有错。",
            why: "扫描件或乱码的文件，读者无法检索、复制数字，审核人员也只能逐页目测；\
这里列出的部分需要人工核对。",
            bad: "一般公共预算财政拨款支出决算表“合计”行的金额写成“九十”；或整份报表是扫描图片。",
            good: "报表金额一律用阿拉伯数字（90.00）；从 Word、Excel 直接导出带文字层的 PDF 公开，\
不用扫描件。",
            basis: "《地方预决算公开操作规程》（财预〔2016〕143号）（公开内容公众找得着、看得懂、能监督；\
第四条 形式规范）。",
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
