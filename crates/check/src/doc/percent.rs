//! D-075: percentages of the explanation written with the decimals the region's format asks.

use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Severity, Sink};
use regex::Regex;

use super::{Doc, DocCtx, DocFixture, DocRule, Family};
use crate::numbers::re;

re!(PERCENT, r"([0-9]+)(?:\.([0-9]+))?%");

/// Words before a percentage that make it one the explanation computed: a change (增长,
/// 下降), a share (占…), an execution rate (完成…).
const COMPUTED: &[&str] = &[
    "增长",
    "下降",
    "增加",
    "减少",
    "上升",
    "增幅",
    "降幅",
    "占",
    "完成",
    "比重",
    "执行率",
];

pub(super) const D075: DocRule = DocRule {
    meta: Meta {
        code: "D-075",
        name: "百分比小数位数不符合要求",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "只查决算说明中算出来的百分比：紧跟在“增长/下降/增加/减少”“占……”“完成……”之后的\
百分数。上海格式（profile 中 `percent_fixed_decimals = true`）每个都保留两位小数\
（下降2.10%、完成年初预算的98.20%、占本年支出合计的100.00%），恰为0的“0%”不报；\
北京格式最多两位小数、不写末尾的0（增长1.7%、占100%）。绩效目标、指标值等表格中的百分数不查。",
            why: "同一份说明里百分比的位数不一，读者会以为数字的精度不同；上海样张和区里统一要求保留两位\
小数，少写一位往往是手工计算时四舍五入到了一位，数本身也可能不准。",
            bad: "上海：“与2023年度相比……下降2.1%”“完成年初预算的98%”；北京：“增长4.180%”。",
            good: "上海：“下降2.10%”“完成年初预算的98.00%”；北京：“增长4.18%”。",
            basis: "上海市2024年度部门决算公开样张第三部分（“增长（下降）XX%”“占XX%”\
“完成年初预算的XX%”），按样张编制的区级部门决算均保留两位小数（如上海市普陀区财政局\
2024年度部门决算“下降2.10%”“完成年初预算的98.20%”“占本年支出合计的100.00%”）；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确、形式规范）。",
        },
    },
    check: percentages,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n与2023年度相比，一般公共预算财政拨款支出减少63.14万元，下降2.1%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n与2023年度相比，一般公共预算财政拨款支出减少63.14万元，下降2.10%，完成预算的0%，占本年支出合计的100.00%。\n",
    }],
};

/// What is wrong with a percentage's decimals under the region's rule, if anything.
fn wrong(int: &str, frac: Option<&str>, fixed: bool) -> Option<String> {
    let frac = frac.unwrap_or("");
    if fixed {
        let zero = int.bytes().all(|b| b == b'0') && frac.bytes().all(|b| b == b'0');
        if frac.len() == 2 || zero {
            return None;
        }
        let want = if frac.len() < 2 {
            format!("{int}.{frac:0<2}%")
        } else {
            return Some("按格式应保留两位小数".to_string());
        };
        Some(format!("按格式应保留两位小数，写作“{want}”"))
    } else if frac.len() > 2 {
        Some("最多保留两位小数".to_string())
    } else if frac.ends_with('0') {
        let t = frac.trim_end_matches('0');
        let want = if t.is_empty() {
            format!("{int}%")
        } else {
            format!("{int}.{t}%")
        };
        Some(format!("按格式不写末尾的0，写作“{want}”"))
    } else {
        None
    }
}

fn percentages(cx: &DocCtx, sink: &mut Sink) {
    let Some(region) = cx.final_accounts_region() else {
        return;
    };
    let fixed = region.profile().percent_fixed_decimals;
    for s in &cx.paras {
        if !s.text.contains('%') {
            continue;
        }
        // The performance part states targets and indicator values, not computed ratios.
        if s.section.is_some_and(|h| h.contains("绩效")) {
            continue;
        }
        for c in PERCENT.captures_iter(s.text) {
            let (Some(m), Some(int)) = (c.get(0), c.get(1)) else {
                continue;
            };
            // A percentage inside a longer number or a range (`7*24`, `1.2.3%`) is no ratio.
            if s.text[..m.start()].ends_with(['.', '-', '～', '~', '*']) {
                continue;
            }
            // The clause before it: from the last separator.
            let clause_start = s.text[..m.start()]
                .char_indices()
                .rev()
                .find(|(_, c)| "，。；：,;".contains(*c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let clause = s.text.get(clause_start..m.start()).unwrap_or("");
            let clause = clause
                .char_indices()
                .rev()
                .nth(24)
                .map_or(clause, |(i, _)| &clause[i..]);
            if !COMPUTED.iter().any(|w| clause.contains(w)) {
                continue;
            }
            if let Some(why) = wrong(int.as_str(), c.get(2).map(|f| f.as_str()), fixed) {
                let f = sink.finding(
                    cx.at(s, m.range(), 10),
                    format!("百分比“{}”{why}", m.as_str()),
                );
                sink.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::wrong;

    #[test]
    fn decimals_by_region() {
        assert_eq!(wrong("2", Some("10"), true), None);
        assert_eq!(wrong("0", None, true), None);
        assert!(wrong("2", Some("1"), true).unwrap().contains("2.10%"));
        assert!(wrong("100", None, true).unwrap().contains("100.00%"));
        assert!(wrong("4", Some("180"), true).is_some());
        assert_eq!(wrong("1", Some("7"), false), None);
        assert_eq!(wrong("100", None, false), None);
        assert!(wrong("4", Some("10"), false).unwrap().contains("4.1%"));
        assert!(wrong("4", Some("00"), false).unwrap().contains("“4%”"));
        assert!(wrong("4", Some("183"), false).is_some());
    }
}
