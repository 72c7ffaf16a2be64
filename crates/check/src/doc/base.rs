//! A ratio without a base: D-024 `完成年初预算的P%` (or `增长P%`) stated against a 年初预算
//! (or a base) of zero while the 决算 is not zero.

use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Severity, Sink, Unit};
use juesuan_model::Amount;
use juesuan_model::fields::Record;
use juesuan_model::tables::{Coverage, ThreePublicFigures};
use regex::Regex;
use rust_decimal::Decimal;

use super::{Doc, DocCtx, DocFixture, DocRule, Family, dec};
use crate::numbers::{amounts, re};

re!(
    THREE_PUBLIC_ITEM,
    r"(因公出国（境）费|公务用车购置及运行维护费|公务接待费)(?:支出)?决算(?:数)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]完成(?:年初)?预算的([0-9]+(?:\.[0-9]+)?)[%％]"
);

re!(
    ZERO_BASE_CHANGE,
    r"比([^。；]*?)([0-9][0-9,]*(?:\.[0-9]+)?)万元(?:相比)?[，,]?(增加|减少)([0-9][0-9,]*(?:\.[0-9]+)?)万元[，,]?(增长|下降)([0-9]+(?:\.[0-9]+)?)[%％]"
);

pub(super) const D024: DocRule = DocRule {
    meta: Meta {
        code: "D-024",
        name: "完成年初预算比例缺少基数",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "年初预算为0（说明写“年初预算为0万元”，或“三公”经费各项在“三公”经费支出决算表中\
预算数为空或0）而决算不为0时，“完成年初预算（完成预算）的P%”没有基数，无论写多少都不成立；\
“比上年（年初预算）0万元增加X万元，增长P%”同样。年初预算和决算都为0时（样张句式要求写出\
比例，写“0%”不会误导读者）不报。比例与金额不符的由 D-035、D-030 报告。",
            why: "以0为分母的比例没有意义：写“完成年初预算的100%”会让读者以为支出在预算之内，\
实际上是年初未安排预算、年中追加或调剂的支出，正是读者最该知道的情况。",
            bad: "“因公出国（境）费决算为9.39万元，完成预算的100%”，而“三公”经费支出决算表中\
因公出国（境）费预算数为空。",
            good: "“因公出国（境）费决算为9.39万元，年初未安排预算，决算数大于预算数的主要原因：……”\
（写明追加或调剂的原因，不写完成比例）。",
            basis: "上海市2024年度部门决算公开样张第三部分五（三）“完成年初预算的 XX%”、七（一）\
“完成预算的 XX%”“决算数小于（大于）预算数的主要原因”；《中华人民共和国预算法》第十四条\
（部门决算向社会公开并对重要事项作出说明）；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（内容准确）。",
        },
    },
    check: zero_base,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n项目支出年初预算为0万元，支出决算为12.5万元，完成年初预算的100%。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n项目支出年初预算为0万元，支出决算为12.5万元，年初未安排预算，决算数大于预算数的主要原因：年中追加。\n因公出国（境）费年初预算为0万元，支出决算为0万元，完成预算的0%。\n",
        },
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n“三公”经费财政拨款决算数9.39万元，比年初预算0万元增加9.39万元，增长100%。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n“三公”经费财政拨款决算数9.39万元，比年初预算0万元增加9.39万元。主要原因：年中追加出访任务。\n",
        },
    ],
};

/// The 三公 budget of an item: the table's 预算数 (blank is zero in a complete table).
fn three_public_budget(cx: &DocCtx, item: &str) -> Option<Decimal> {
    let t = cx.package.tables.three_public.as_ref()?;
    if t.coverage != Coverage::Complete || t.budget.is_blank() && t.actual.is_blank() {
        return None;
    }
    let b: &ThreePublicFigures = &t.budget;
    let v: Option<Amount> = match item {
        "因公出国（境）费" => b.overseas,
        "公务用车购置及运行维护费" => b.vehicle,
        _ => b.reception,
    };
    Some(v.map_or(Decimal::ZERO, |a| a.value()))
}

fn zero_base(cx: &DocCtx, sink: &mut Sink) {
    for bf in &cx.statements().budget_final {
        let Some((_, _, end)) = bf.completion else {
            continue;
        };
        if !bf.budget.0.is_zero() || bf.actual.0.is_zero() {
            continue;
        }
        let text = cx.paras[bf.para].text;
        let said = text
            .get(bf.range.end..end)
            .unwrap_or_default()
            .trim_start_matches(['，', ',']);
        let f = sink
            .finding(
                cx.at(&cx.paras[bf.para], bf.range.start..end, 2),
                format!(
                    "年初预算为0、决算 {} 万元，“{said}”没有基数，应写明年初未安排预算",
                    bf.actual.0
                ),
            )
            .number("年初预算", Decimal::ZERO, Unit::Wanyuan)
            .number("决算", bf.actual.0, Unit::Wanyuan);
        sink.push(f);
    }
    for s in &cx.paras {
        if !s.text.contains("0万元") || !s.text.contains(['%', '％']) {
            continue;
        }
        for c in ZERO_BASE_CHANGE.captures_iter(s.text) {
            let (Some(m), Some(gap), Some(base), Some(verb), Some(diff), Some(pverb), Some(p)) = (
                c.get(0),
                c.get(1),
                c.get(2),
                c.get(3),
                c.get(4),
                c.get(5),
                c.get(6),
            ) else {
                continue;
            };
            if gap.as_str().chars().count() > 30 {
                continue;
            }
            let Some((b, _)) = dec(base.as_str()) else {
                continue;
            };
            let Some(current) = amounts(&s.text[..m.start()]).last().copied() else {
                continue;
            };
            if !b.is_zero() || current.value.is_zero() {
                continue;
            }
            let f = sink
                .finding(
                    cx.at(s, current.start..m.end(), 2),
                    format!(
                        "比较数为0，“{}{}%”没有基数，应只写{}{} 万元，并说明原因",
                        pverb.as_str(),
                        p.as_str(),
                        verb.as_str(),
                        diff.as_str()
                    ),
                )
                .number("比较数", Decimal::ZERO, Unit::Wanyuan)
                .number("本年数", current.value, Unit::Wanyuan);
            sink.push(f);
        }
    }
    for s in &cx.paras {
        if !s.text.contains("完成预算") && !s.text.contains("完成年初预算") {
            continue;
        }
        for c in THREE_PUBLIC_ITEM.captures_iter(s.text) {
            let (Some(m), Some(item), Some(x), Some(p)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            let (Some((x, _)), Some((p, _))) = (dec(x.as_str()), dec(p.as_str())) else {
                continue;
            };
            if x.is_zero() {
                continue;
            }
            let Some(budget) = three_public_budget(cx, item.as_str()) else {
                continue;
            };
            if !budget.is_zero() {
                continue;
            }
            let f = sink
                .finding(
                    cx.at(s, m.range(), 2),
                    format!(
                        "“三公”经费支出决算表中{}预算数为0，决算 {x} 万元，“完成预算的{p}%”没有基数，应写明年初未安排预算",
                        item.as_str()
                    ),
                )
                .number("预算数", Decimal::ZERO, Unit::Wanyuan)
                .number("决算", x, Unit::Wanyuan);
            sink.push(f);
        }
    }
}
