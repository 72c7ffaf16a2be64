//! D-023: a year that is not the year reported on, in a part's heading or an asset date.

use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Severity, Sink};
use regex::Regex;

use super::{Doc, DocCtx, DocFixture, DocRule, Family};
use crate::numbers::{YEAR, re};
use crate::recognize::is_heading;

re!(AS_OF, r"截[至止]([0-9]{4})年12月31日");

pub(super) const D023: DocRule = DocRule {
    meta: Meta {
        code: "D-023",
        name: "年份与报告年度不符",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "报告年度取自文件标题（如“2024年度部门决算”）。检查两处：“截至（截止）……年12月31日”\
中的年份，以及含“决算”或“绩效评价”的各级标题和表题（表格上方的标题行、以“表”结尾的短行）\
中的年份；不是报告年度时提示。\
正文里的年份（如“与2023年度相比”）不查。",
            why: "资产数是年末时点数，日期写错年份，读者会以为是上年的数；标题年份不对多是套用上年文件没有\
改全，同一处的数字可能也没有更新。",
            bad: "2024年度决算中写“截至2023年12月31日，共有车辆2辆，其中：执法执勤用车2辆”；\
或标题写“第三部分 2023年度部门决算情况说明”。",
            good: "“截至2024年12月31日，共有车辆2辆……”，并核对车辆数已换成2024年末数；标题改为“2024年度”。",
            basis: "上海市2024年度部门决算公开样张封面“2024年度部门决算”及第三部分十一（三）\
“截至 2024 年 12 月 31 日”；《地方预决算公开操作规程》（财预〔2016〕143号）\
第四条（内容准确）。",
        },
    },
    check: stray_years,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区财政局2024年度部门决算\n截至2023年12月31日，共有车辆0辆。\n",
            silent: "上海市普陀区财政局2024年度部门决算\n截至2024年12月31日，共有车辆0辆。\n",
        },
        DocFixture {
            fires: "上海市普陀区财政局2024年度部门决算\n上海市普陀区财政局2023年度部门决算表收入支出决算总表\n",
            silent: "上海市普陀区财政局2024年度部门决算\n上海市普陀区财政局2024年度部门决算表收入支出决算总表\n2021年度数字经济政策兑现项目绩效自评表\n",
        },
    ],
};

/// A table's title: a short line right above a table (or above its unit line), or a short
/// line ending with `表`.
fn caption(cx: &DocCtx, s: &super::Sentence) -> bool {
    use juesuan_io::document::Block;
    let t = s.text.trim();
    if t.chars().count() > 60 || t.contains('。') {
        return false;
    }
    let table_at = |i: usize| matches!(cx.document.blocks.get(i), Some(Block::Table(_)));
    let unit_line = |i: usize| matches!(cx.document.blocks.get(i), Some(Block::Para(p)) if p.text.contains("单位："));
    t.ends_with('表') || table_at(s.block + 1) || (unit_line(s.block + 1) && table_at(s.block + 2))
}

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
        if (is_heading(s.text) || caption(cx, s))
            && (s.text.contains("决算") || s.text.contains("绩效评价"))
        {
            for c in YEAR.captures_iter(s.text) {
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

re!(
    COMPARED,
    r"(?:与|同|比|较)(?:上年度?[（(]?)?(20[0-9]{2})年度?(?:同期)?(相比|相较|比较|对比)?"
);

pub(super) const D025: DocRule = DocRule {
    meta: Meta {
        code: "D-025",
        name: "比较年份有误",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "查找说明中的比较：“与……年度相比”“比……年”“较……年”。决算、预算说明把本年数与上年\
比，被比较的年份应是报告年度的上一年（2024年度文件中写“与2023年度相比”“比2023年”）；\
与本年年初预算比（“比2024年年初预算”）时是报告年度本身。其他年份，以及“与2024年度相比”\
这种和本年自己比的写法提示。书名号《》和文号〔〕内的年份、项目名称中的年份不查。",
            why: "比较的基数年份写错，多是套用往年文件只改了本年数：读者会以为增减是与另一年比出来的，\
或者基数本身也没有更新。",
            bad: "2024年度决算中写“与2022年度相比，收入支出总计减少56.95万元”。",
            good: "“与2023年度相比，收入支出总计减少56.95万元”，并核对上年数确是2023年度决算数。",
            basis: "上海市2024年度部门决算公开样张第三部分一（“与2023年度相比，收入支出总计增加（减少）\
XXX万元”）；《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: comparison_years,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n上海市普陀区财政局2024年度收入支出总计2995.39万元。与2022年度相比，收入支出总计减少56.95万元。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n与2023年度相比，收入支出总计减少56.95万元。比2024年年初预算减少4.92万元。根据《关于2020年度预算管理的通知》（沪财预〔2020〕12号）执行。\n",
    }],
};

/// Whether byte `at` of `text` lies inside `《…》` or `〔…〕`.
fn quoted(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let open = |o: char, c: char| {
        before
            .rfind(o)
            .is_some_and(|i| before[i..].find(c).is_none())
    };
    open('《', '》') || open('〔', '〕') || open('[', ']')
}

fn comparison_years(cx: &DocCtx, sink: &mut Sink) {
    let Some(year) = cx.recognition.year else {
        return;
    };
    for s in &cx.paras {
        // Project names and targets of the performance part are not comparisons.
        if s.section.is_some_and(|h| h.contains("绩效")) {
            continue;
        }
        for c in COMPARED.captures_iter(s.text) {
            let (Some(m), Some(y)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let Ok(n) = y.as_str().parse::<u16>() else {
                continue;
            };
            if quoted(s.text, m.start()) || n + 1 == year {
                continue;
            }
            let after = s.text.get(m.end()..).unwrap_or("");
            let after: String = after.chars().take(16).collect();
            let budget = after.contains("预算") || after.contains("计划");
            let message = if n == year {
                // `比2024年年初预算` compares with this year's budget; `与2024年度相比` with
                // itself.
                if budget || c.get(2).is_none() {
                    continue;
                }
                format!(
                    "“{}”是与报告年度自身比较，与上年比较应为{}年",
                    m.as_str(),
                    year.saturating_sub(1)
                )
            } else {
                if budget && n + 1 < year {
                    // A multi-year comparison with an older budget is unusual but may be meant.
                    continue;
                }
                format!(
                    "“{}”：报告年度是{year}年，与上年比较应为{}年",
                    m.as_str(),
                    year.saturating_sub(1)
                )
            };
            let f = sink.finding(cx.at(s, y.range(), 10).quote(m.as_str()), message);
            sink.push(f);
        }
    }
}
