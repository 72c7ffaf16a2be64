//! D-046: an amount whose unit is wrong in the explanation — `元` written where the tables'
//! `万元` figure is meant, or a table's `元` figure copied as `万元` without conversion.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Severity, Sink, Unit};
use juesuan_io::document::Block;
use regex::Regex;
use rust_decimal::Decimal;

use super::{Doc, DocCtx, DocFixture, DocRule, Family, counts::figure};
use crate::numbers::re;

re!(UNIT_LINE, r"单位[：:] *(?:单位[：:] *)?(万元|元)");
re!(AMOUNT, r"([0-9][0-9,]*(?:\.[0-9]+)?) ?(万元|亿元|元)");
re!(NUMBER_CELL, r"^-?[0-9][0-9,]*(?:\.[0-9]+)?$");

pub(super) const D046: DocRule = DocRule {
    meta: Meta {
        code: "D-046",
        name: "金额单位写错",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "说明中的金额与报表比较单位：（1）写作“X元”且带小数的金额，X 恰是同一文件中单位为万元的报表里\
的数（如表中住房公积金 3.58 万元，说明写“住房公积金3.58元”）时报错；（2）写作“X万元”的\
金额，X 恰是单位为元的报表里的整数（至少五位，即表中的元数没有换算成万元）时报错；部门预算的元表\
印到分（31,214,205.80），带分的数照抄为万元同样报错；\
（3）同一段落写了两个以上“万元”金额，其中却有一个带两位小数、不到1000的“X元”，且前面\
不是“每”“人均”“标准”“单价”等词时，提示可能把万元写成了元（表中找不到同一数，只提示）。\
报表单位取表前（或表头）的“单位：元/万元”；表为元、说明为万元并已换算（表 24,658,500 元，\
说明 2465.85 万元）是正确的，不报。",
            why: "单位写错，金额就差一万倍；读者按字面理解会得出完全错误的结论，这是公开检查“数据\
准确性”中的典型问题。",
            bad: "基本支出决算表“30113 住房公积金”3.58（单位：万元），说明写“住房公积金3.58元”；\
或报表单位为元，表中 2465850 元，说明写“一般公共预算支出2465850万元”。",
            good: "“住房公积金3.58万元”；“一般公共预算支出246.59万元”（2465850 元 ÷ 10000）。",
            basis: "上海市2024年度部门决算公开样张各表“单位：万元”及第三部分各节“XXX 万元”；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: units,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t30113\n\t住房公积金\n\t3.58\n\n\t30201\n\t办公费\n\t12.40\n\n人员经费主要包括：住房公积金3.58元；公用经费主要包括：办公费12.40万元。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t30113\n\t住房公积金\n\t3.58\n\n\t30201\n\t办公费\n\t12.40\n\n人员经费主要包括：住房公积金3.58万元；公用经费主要包括：办公费12.40万元。\n",
        },
        DocFixture {
            fires: "上海市普陀区测试局2025年部门预算\n2025年部门一般公共预算支出功能分类预算表编制部门：上海市普陀区测试局单位：元\n\t功能分类科目编码\n\t功能分类科目名称\n\t合计\n\n\t201\n\t一般公共服务支出\n\t24,658,500\n\n2025年一般公共预算支出24658500万元。\n",
            silent: "上海市普陀区测试局2025年部门预算\n2025年部门一般公共预算支出功能分类预算表编制部门：上海市普陀区测试局单位：元\n\t功能分类科目编码\n\t功能分类科目名称\n\t合计\n\n\t201\n\t一般公共服务支出\n\t24,658,500\n\n2025年一般公共预算支出2465.85万元。\n",
        },
        DocFixture {
            fires: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n2025年部门一般公共预算支出功能分类预算表编制部门：上海市普陀区测试局单位：元\n\t功能分类科目编码\n\t功能分类科目名称\n\t合计\n\n\t201\n\t一般公共服务支出\n\t31,214,205.80\n\n一般公共预算拨款支出预算31,214,205.80万元。\n",
            silent: "上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区测试局\n2025年部门一般公共预算支出功能分类预算表编制部门：上海市普陀区测试局单位：元\n\t功能分类科目编码\n\t功能分类科目名称\n\t合计\n\n\t201\n\t一般公共服务支出\n\t31,214,205.80\n\n一般公共预算拨款支出预算3,121.42万元。\n",
        },
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n公用经费74.35万元，比上年82万元减少7.65万元，其中：办公费3.58元。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n公用经费74.35万元，比上年82万元减少7.65万元，其中：办公费3.58万元；伙食补助标准每人每天25.00元。\n",
        },
    ],
};

/// The figures of the tables, by the unit their tables print.
#[derive(Default)]
struct Figures {
    /// Values of cells in tables printed in 万元 (not zero; whole numbers from 10 up).
    wan: BTreeSet<Decimal>,
    /// Whole numbers from 10000 up of cells in tables printed in 元.
    yuan: BTreeSet<Decimal>,
}

impl Figures {
    fn of(cx: &DocCtx) -> Figures {
        // a budget's 元 tables print 分 (`31,214,205.80`): those figures too
        let budget = cx.budget.is_some();
        let mut f = Figures::default();
        let mut last: Option<&str> = None;
        for b in &cx.document.blocks {
            match b {
                Block::Para(p) => {
                    if let Some(u) = UNIT_LINE.captures(&p.text).and_then(|c| c.get(1)) {
                        last = Some(u.as_str());
                    }
                }
                Block::Table(t) => {
                    let own = t
                        .rows
                        .iter()
                        .flatten()
                        .find_map(|c| UNIT_LINE.captures(&c.text).and_then(|c| c.get(1)))
                        .map(|m| m.as_str());
                    let Some(unit) = own.or(last) else { continue };
                    for c in t.rows.iter().flatten() {
                        let text = c.text.trim();
                        if !NUMBER_CELL.is_match(text) {
                            continue;
                        }
                        let Some((v, d)) = figure(text) else { continue };
                        if unit == "万元" {
                            if !v.is_zero() && (d > 0 || v >= Decimal::TEN) {
                                f.wan.insert(v.normalize());
                            }
                        } else if (d == 0 || budget) && v >= Decimal::from(10_000) {
                            f.yuan.insert(v.normalize());
                        }
                    }
                }
            }
        }
        f
    }
}

fn units(cx: &DocCtx, sink: &mut Sink) {
    let mut figures: Option<Figures> = None;
    let budget = cx.budget.is_some();
    // A 万元 amount is compared with 元 tables only when the document has some.
    let yuan_tables = cx
        .paras
        .iter()
        .map(|p| p.text)
        .chain(cx.cells.iter().map(|c| c.text))
        .any(|t| t.contains("单位：元") || t.contains("单位:元"));
    for s in &cx.paras {
        if !(bare_yuan(s.text) || (yuan_tables && s.text.contains("万元"))) {
            continue;
        }
        let found: Vec<_> = AMOUNT.captures_iter(s.text).collect();
        let wan_count = found
            .iter()
            .filter(|c| c.get(2).is_some_and(|u| u.as_str() == "万元"))
            .count();
        for c in &found {
            let (Some(m), Some(n), Some(u)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let Some((v, d)) = figure(n.as_str()) else {
                continue;
            };
            // The tables are read only for the amounts that may need them.
            let needs = match u.as_str() {
                "元" => !v.is_zero(),
                "万元" => (d == 0 || budget) && v >= Decimal::from(10_000),
                _ => false,
            };
            if !needs {
                continue;
            }
            let figs = figures.get_or_insert_with(|| Figures::of(cx));
            match u.as_str() {
                "元" => {
                    if v.is_zero() || per_unit(&s.text[..m.start()]) {
                        continue;
                    }
                    if d > 0 && figs.wan.contains(&v.normalize()) {
                        let f = sink
                            .finding(
                                cx.at(s, m.range(), 8),
                                format!(
                                    "写“{}”，而单位为万元的报表中正是 {v}：应为“{v}万元”",
                                    m.as_str()
                                ),
                            )
                            .number("说明（元）", v, Unit::Yuan)
                            .number("报表（万元）", v, Unit::Wanyuan);
                        sink.push(f);
                    } else if wan_count >= 2 && d == 2 && v < Decimal::from(1000) {
                        let mut f = sink.finding(
                            cx.at(s, m.range(), 8),
                            format!(
                                "同一段的金额都以万元计，这里写“{}”，可能应为“{v}万元”",
                                m.as_str()
                            ),
                        );
                        f.severity = Severity::Warning;
                        sink.push(f);
                    }
                }
                "万元" if (d == 0 || budget) && figs.yuan.contains(&v.normalize()) => {
                    let right = juesuan_model::round_half_up(v / Decimal::from(10_000), 2);
                    let f = sink
                            .finding(
                                cx.at(s, m.range(), 8),
                                format!(
                                    "写“{}”，而单位为元的报表中正是 {v} 元，没有换算：应为“{right}万元”",
                                    m.as_str()
                                ),
                            )
                            .number("说明（万元）", v, Unit::Wanyuan)
                            .number("报表（元）", v, Unit::Yuan);
                    sink.push(f);
                }
                _ => {}
            }
        }
    }
}

/// Whether the text has a `元` right after a figure (not `万元`, `亿元`).
fn bare_yuan(text: &str) -> bool {
    text.match_indices('元').any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == ' ')
    })
}

/// Whether the words before an amount make it a rate or a price (`每人每月`, `人均`, `标准`).
fn per_unit(lead: &str) -> bool {
    let start = lead.char_indices().rev().nth(7).map_or(0, |(i, _)| i);
    let lead = &lead[start..];
    ["每", "人均", "标准", "单价", "平均", "均价", "/"]
        .iter()
        .any(|w| lead.contains(w))
}
