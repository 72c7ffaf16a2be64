//! D-055: the 名词解释 explains every income and expenditure type the disclosure uses, the
//! terms its format always keeps, and (where the profile asks) every 项 the unit used.

use std::ops::Range;
use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Severity, Sink};
use juesuan_model::code::Level;
use juesuan_model::text::compact;
use juesuan_model::{Amount, Package};
use regex::Regex;
use rust_decimal::Decimal;

use super::completeness::{is_head, sections};
use super::{Doc, DocCtx, DocFixture, DocRule, Family};
use crate::numbers::{amounts, re};

/// A term made comparable: spaces removed, widths folded, quotes dropped.
pub(super) fn norm(s: &str) -> String {
    compact(s)
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」'))
        .collect()
}

re!(
    NUMBERING,
    r"^(?:[一二三四五六七八九十]+[、.．]|[0-9]+[、.．]|[（(][0-9一二三四五六七八九十]+[）)]) *"
);

/// The terms the 名词解释 explains (normalised), and its section.
fn entries(cx: &DocCtx) -> Option<(Range<usize>, Vec<String>)> {
    let ranges = sections(cx, &["名词解释".to_string()]);
    let first = ranges.first()?.clone();
    let mut terms = Vec::new();
    for r in &ranges {
        for s in cx.paras.get(r.clone()).unwrap_or_default() {
            if is_head(s) && s.text.contains("名词解释") {
                continue;
            }
            let body = NUMBERING.replace(s.text, "");
            let Some(i) = body.find(['：', ':']) else {
                continue;
            };
            let term = &body[..i];
            if term.chars().count() <= 60 {
                terms.push(norm(term));
            }
        }
    }
    Some((first, terms))
}

/// What the tables say of a type: its amount, and the table it is read from.
fn from_tables(p: &Package, term: &str) -> Option<(Amount, &'static str)> {
    let t = &p.tables;
    let summary = t.summary.as_ref().map(|s| &s.income);
    let income = t.income.as_ref().map(|i| &i.total);
    let exp = t.expenditure.as_ref().map(|e| &e.total);
    const SUMMARY: &str = "收入支出决算总表";
    const INCOME: &str = "收入决算表";
    const EXP: &str = "支出决算表";
    let pick = |a: Option<Amount>, b: Option<Amount>, ta: &'static str, tb: &'static str| {
        a.map(|a| (a, ta)).or(b.map(|b| (b, tb)))
    };
    match term {
        "上级补助收入" => pick(
            summary.and_then(|s| s.superior_subsidy),
            income.and_then(|i| i.superior_subsidy),
            SUMMARY,
            INCOME,
        ),
        "事业收入" => pick(
            summary.and_then(|s| s.institutional),
            income.and_then(|i| i.institutional),
            SUMMARY,
            INCOME,
        ),
        "经营收入" => pick(
            summary.and_then(|s| s.operating),
            income.and_then(|i| i.operating),
            SUMMARY,
            INCOME,
        ),
        "附属单位上缴收入" => pick(
            summary.and_then(|s| s.affiliate_remittance),
            income.and_then(|i| i.affiliate_remittance),
            SUMMARY,
            INCOME,
        ),
        "其他收入" => pick(
            summary.and_then(|s| s.other),
            income.and_then(|i| i.other),
            SUMMARY,
            INCOME,
        ),
        "年初结转和结余" => summary
            .and_then(|s| s.opening_carryover)
            .map(|a| (a, SUMMARY)),
        "年末结转和结余" => t
            .summary
            .as_ref()
            .and_then(|s| s.expenditure_totals.closing_carryover)
            .map(|a| (a, SUMMARY)),
        "基本支出" => exp.and_then(|e| e.basic).map(|a| (a, EXP)),
        "项目支出" => exp.and_then(|e| e.project).map(|a| (a, EXP)),
        "上缴上级支出" => exp.and_then(|e| e.remit_superior).map(|a| (a, EXP)),
        "经营支出" => exp.and_then(|e| e.operating).map(|a| (a, EXP)),
        "对附属单位补助支出" => exp.and_then(|e| e.affiliate_subsidy).map(|a| (a, EXP)),
        "三公经费" => t
            .three_public
            .as_ref()
            .and_then(|s| s.actual.total)
            .map(|a| (a, "财政拨款“三公”经费支出决算表")),
        _ => None,
    }
}

/// The first amount the text states right after the term (`事业收入12.5万元`,
/// `机关运行经费支出184.65万元`), outside the 名词解释.
fn from_text(cx: &DocCtx, term: &str, skip: &Range<usize>) -> Option<Decimal> {
    cx.paras
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .find_map(|(_, s)| {
            s.text.match_indices(term).find_map(|(i, _)| {
                let rest = &s.text[i + term.len()..];
                let a = amounts(rest).into_iter().next()?;
                let lead = &rest[..a.start];
                let ok = lead
                    .trim_start_matches("支出")
                    .trim_start_matches(['为', '：', ':', ' '])
                    .trim_start_matches("合计")
                    .is_empty();
                ok.then_some(a.value)
            })
        })
}

re!(CLASS_LINE, r"^[0-9]+[、.．] ?([^0-9（(，。]{2,20}支出)$");

pub(super) const D055: DocRule = DocRule {
    meta: Meta {
        code: "D-055",
        name: "名词解释未覆盖报表中的收支类型",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "读出“名词解释”一节中每条解释的名词（“二、事业收入：指……”中的“事业收入”），与地区格式\
要求比较：上海格式样张的十一个名词（财政拨款收入、事业收入、经营收入、其他收入、年初结转和结余、\
年末结转和结余、基本支出、项目支出、经营支出、“三公”经费、机关运行经费）无论有无都应保留；\
其他收入、支出类型（上级补助收入、附属单位上缴收入、上缴上级支出、对附属单位补助支出等）在报表\
（没有报表时取说明中紧跟名称的金额）中有不为零的数时应有解释。北京格式还要求解释所用的每个\
支出功能分类项级科目：有报表时按一般公共预算财政拨款支出决算表的项，没有报表时按说明逐类列出的类\
查找其下的项。找不到“名词解释”时不检查（由 D-002 或 D-050 报告）。",
            why: "名词解释让读者看懂报表里的收支类型；报表用了某类收入（如事业收入）却不解释，\
或只照抄模板的示例项目，读者无法理解这些数字的含义，公开检查按“名词解释不全”扣分。",
            bad: "收入决算表事业收入12.50万元，名词解释只有财政拨款收入、基本支出、项目支出；\
或北京格式的专业名词解释只有模板示例“一般公共服务支出（类）人大事务（款）行政运行（项）”，\
而单位的支出是教育、科学技术等类。",
            good: "补上“事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。”；\
北京格式按一般公共预算财政拨款支出决算表逐项补充，如“科学技术支出（类）科学技术管理事务（款）\
行政运行（项）：反映……”，删去与本单位无关的示例。",
            basis: "上海市2024年度部门决算公开样张第四部分名词解释（“无事业收入的单位保留事业收入的名词解释，\
但不列举主要内容，以下同”）；北京市部门决算公开格式“专业名词解释”（“各单位需根据自身业务职能，\
补充当年使用的所有支出功能分类项级科目名词解释”）；《地方预决算公开操作规程》（财预〔2016〕143号）\
（对专业性较强的名词进行解释）。",
        },
    },
    check: glossary_coverage,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n收入决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t本年收入合计\n\t财政拨款收入\n\t事业收入\n\n\t\n\t合计\n\t20\n\t10\n\t10\n\n\t201\n\t一般公共服务支出\n\t20\n\t10\n\t10\n\n第四部分 名词解释\n一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款。\n二、经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。\n三、其他收入：指除上述以外的收入。\n四、年初结转和结余：指以前年度尚未完成的资金。\n五、年末结转和结余：指需延迟到以后年度使用的资金。\n六、基本支出：指保障机构正常运转的支出。\n七、项目支出：指完成特定任务的支出。\n八、经营支出：指非独立核算经营活动发生的支出。\n九、“三公”经费：指因公出国（境）费、公务用车购置及运行维护费和公务接待费。\n十、机关运行经费：指日常公用经费支出。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n收入决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t本年收入合计\n\t财政拨款收入\n\t事业收入\n\n\t\n\t合计\n\t20\n\t10\n\t10\n\n\t201\n\t一般公共服务支出\n\t20\n\t10\n\t10\n\n第四部分 名词解释\n一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款。\n二、事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。\n三、经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。\n四、其他收入：指除上述以外的收入。\n五、年初结转和结余：指以前年度尚未完成的资金。\n六、年末结转和结余：指需延迟到以后年度使用的资金。\n七、基本支出：指保障机构正常运转的支出。\n八、项目支出：指完成特定任务的支出。\n九、经营支出：指非独立核算经营活动发生的支出。\n十、“三公”经费：指因公出国（境）费、公务用车购置及运行维护费和公务接待费。\n十一、机关运行经费：指日常公用经费支出。\n",
        },
        DocFixture {
            fires: "北京市西城区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t206\n\t科学技术支出\n\t90\n\t90\n\t0\n\n\t20601\n\t科学技术管理事务\n\t90\n\t90\n\t0\n\n\t2060101\n\t行政运行\n\t90\n\t90\n\t0\n\n第三部分 其他重要事项的情况说明\n六、专业名词解释\n1.基本支出：指保障机构正常运转的支出。\n2.一般公共服务支出（类）人大事务（款）行政运行（项）：反映行政单位的基本支出。\n",
            silent: "北京市西城区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t206\n\t科学技术支出\n\t90\n\t90\n\t0\n\n\t20601\n\t科学技术管理事务\n\t90\n\t90\n\t0\n\n\t2060101\n\t行政运行\n\t90\n\t90\n\t0\n\n第三部分 其他重要事项的情况说明\n六、专业名词解释\n1.基本支出：指保障机构正常运转的支出。\n2.科学技术支出（类）科学技术管理事务（款）行政运行（项）：反映行政单位的基本支出。\n",
        },
    ],
};

fn glossary_coverage(cx: &DocCtx, sink: &mut Sink) {
    let Some(region) = cx.final_accounts_region() else {
        return;
    };
    let def = &region.profile().glossary;
    let Some((range, terms)) = entries(cx) else {
        return;
    };
    let Some(head) = cx.paras.get(range.start) else {
        return;
    };
    let here = cx.at(head, 0..head.text.len(), 0);
    let explained = |t: &str| terms.iter().any(|e| e.contains(t));
    // What the tables (else the text) state of a type.
    let used = |t: &str| -> Option<(Decimal, String)> {
        let (value, source) = match from_tables(cx.package, &norm(t)) {
            Some((a, table)) => (a.value(), table.to_string()),
            None => (from_text(cx, t, &range)?, "说明".to_string()),
        };
        (!value.is_zero()).then_some((value, source))
    };
    for t in &def.always {
        if explained(&norm(t)) {
            continue;
        }
        let message = match used(t) {
            Some((value, source)) => {
                format!("{source}中{t}为 {value} 万元，名词解释中没有“{t}”")
            }
            None => format!(
                "名词解释中没有“{t}”（按{}格式样张，没有这类收支也应保留这条解释）",
                region.label()
            ),
        };
        sink.report(here.clone(), message);
    }
    for t in &def.when_used {
        let n = norm(t);
        if def.always.iter().any(|a| norm(a) == n) || explained(&n) {
            continue;
        }
        if let Some((value, source)) = used(t) {
            sink.report(
                here.clone(),
                format!("{source}中{t}为 {value} 万元，名词解释中没有“{t}”"),
            );
        }
    }
    if def.items {
        items(cx, sink, &terms, &here);
    }
}

/// Every 项 the unit used has its entry (`科学技术支出（类）科学技术管理事务（款）行政运行（项）：…`).
fn items(cx: &DocCtx, sink: &mut Sink, terms: &[String], here: &juesuan_diagnostics::Location) {
    // Entries that name a 项: `…（款）行政运行（项）：` or with its code `2060101 行政运行：`.
    let coded = |t: &str| {
        t.as_bytes()
            .windows(7)
            .any(|w| w.iter().all(u8::is_ascii_digit))
    };
    let item_terms: Vec<&String> = terms
        .iter()
        .filter(|t| t.contains("项)") || coded(t))
        .collect();
    if let Some(gb) = &cx.package.tables.general_budget {
        let mut missing = Vec::new();
        for r in gb.rows.iter().filter(|r| r.code.level() == Level::Item) {
            if r.total.is_none_or(|a| a.is_zero()) {
                continue;
            }
            let section = r
                .code
                .parent()
                .and_then(|p| gb.row(&p))
                .map(|p| norm(&p.name));
            let name = norm(&r.name);
            let found = item_terms.iter().any(|t| {
                t.contains(r.code.as_str())
                    || t.contains(&name) && section.as_ref().is_none_or(|s| t.contains(s.as_str()))
            });
            if !found {
                missing.push(format!("{} {}", r.code, r.name));
            }
        }
        if !missing.is_empty() {
            let n = missing.len();
            let shown: Vec<&str> = missing.iter().take(6).map(String::as_str).collect();
            sink.report(
                here.clone(),
                format!(
                    "名词解释没有解释所用的{n}个项级科目：{}{}",
                    shown.join("、"),
                    if n > 6 { "等" } else { "" }
                ),
            );
        }
        return;
    }
    // No table: the classes the explanation lists one by one (`1、教育支出`).
    let mut classes: Vec<&str> = Vec::new();
    for s in &cx.paras {
        if let Some(c) = CLASS_LINE.captures(s.text.trim())
            && let Some(m) = c.get(1)
            && !classes.contains(&m.as_str())
        {
            classes.push(m.as_str());
        }
    }
    let missing: Vec<&str> = classes
        .into_iter()
        .filter(|c| {
            let n = format!("{}(类)", norm(c));
            !item_terms.iter().any(|t| t.starts_with(&n))
        })
        .collect();
    if !missing.is_empty() {
        sink.report(
            here.clone(),
            format!(
                "名词解释没有解释所用的支出功能分类项级科目：说明列出的{}各类下的项都没有解释",
                missing.join("、")
            ),
        );
    }
}
