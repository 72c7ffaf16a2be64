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
// Open runs (`[^”]+`), not bounded ones (`[^”]{2,60}`): a bounded run of a Chinese
// class makes this pattern several times costlier to build (see `numbers::last_chars`),
// and the closing quote and bracket already bound the match.
re!(
    INSTRUCTION,
    r"（此处插入[^）]*）?|此处插入|示例如下|各单位需根据|由主管部门根据|（注：有中央转移支付|根据实际情况填写|（仅有一个单位的部门|请根据实际|参照填写|此处填写|（按“[^”]+”中[^）]*填写）"
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
            what: "在正文段落和表格单元格中查找没有替换的模板占位符：XX、XXX、ＸＸ、××、某某、“。。。”、\
X.XX 等，每段（每格）报告第一处。",
            why: "占位符说明这一处内容没有填写；单位名称、金额写成“XX”，读者会怀疑整份文件都没有核对。",
            bad: "“四、中央对北京XX转移支付预算执行情况绩效自评报告（详见附件）”；“上海市XX局2024年度部门\
决算”。",
            good: "换成实际内容：“上海市普陀区财政局2024年度部门决算”；不适用的条目（如没有中央转移支付的部\
门的第四项）整条删去。",
            basis: "上海市2024年度部门决算公开样张（“上海市 XX 局”“XXX 万元”“XX%”均为待填写的内容）；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确，形式规范）。",
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
            what: "查找没有选定的模板选择项：“增加（减少）”“增长（下降）”“大于（小于）”“增加/减少”\
“增（减）”等。样张把两种写法并列，填写时应按实际数字只留一种，相等时作持平表述。",
            why: "读者无法从“增加（减少）”判断到底是增是减；这类残留多出现在数字为0或与上年持平的句子里，\
说明这句话没有按实际情况改写。",
            bad: "“2024年度“三公”经费财政拨款决算数9.39万元，比2024年度“三公”经费财政拨款年初预算0万元增加\
（减少）9.39万元。”“公务接待费。2024年度决算数0万元，比2024年度年初预算数0万元增加（减\
少）0万元。”",
            good: "“……比年初预算0万元增加9.39万元。主要原因：……”；两数都为0时写“2024年度决算数0万元，\
与年初预算持平”。",
            basis: "上海市2024年度部门决算公开样张第三部分“增加（减少）XXX 万元，增长（下降）XX%”\
“决算数大于（小于）预算数”“（如持平作持平表述）”；《地方预决算公开操作规程》（财预\
〔2016〕143号）第四条（内容准确，形式规范）。",
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
            what: "查找留在正文或表格里的模板填写说明：“（此处插入……）”“示例如下”“各单位需根据……”\
“由主管部门根据……填写”“（注：有中央转移支付的……）”“根据实际情况填写”“参照填写”\
“（按“部门预算公开06表……”中实际发生经济分类支出事项填写）”等。",
            why: "填写说明是写给编制人员的，不是公开内容；留在文件里，往往说明对应的图表或内容根本没有做\
（饼状图没插、名词解释没补）。",
            bad: "“（此处插入图表，用上述收入金额制作饼状图，示例如下，无金额类型不必制图）”；\
“7.各单位需根据自身业务职能，补充当年使用的所有支出功能分类项级科目名词解释，例如：”。",
            good: "插入收入、支出饼状图后删去这句；名词解释直接列出本单位用到的项级科目，\
如“科学技术支出（类）科学技术管理事务（款）行政运行（项）：反映……”。",
            basis: "上海市2024年度部门决算公开样张第一部分一“由主管部门根据三定方案等相关规定中有关主要职能\
填写”等填写说明（不属于公开内容）；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（内容准确，形式规范）。",
        },
    },
    check: |cx, sink| {
        scan(cx, sink, &INSTRUCTION, |m| {
            format!("模板填写说明“{m}”留在了文件里")
        })
    },
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区财政局2024年度部门决算\n（此处插入图表，用上述收入金额制作饼状图，示例如下）\n",
            silent: "上海市普陀区财政局2024年度部门决算\n图1：收入决算\n",
        },
        DocFixture {
            fires: "江苏省测试厅2024年部门预算\n（一）人员经费5.00万元。主要包括：基本工资等。（按“部门预算公开06表财政拨款基本支出预算表”中实际发生经济分类支出事项填写）\n",
            silent: "江苏省测试厅2024年部门预算\n（一）人员经费5.00万元。主要包括：基本工资等。\n",
        },
    ],
};
