//! D-043: counts the explanation states (vehicles by kind, 三公 groups and persons) and the
//! 公务用车 amount split into 购置费 and 运行费, against each other and the 三公 table.

use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Part, Severity, Sink, Unit};
use juesuan_model::Amount;
use juesuan_rules::interval::{Term, check_equal};
use regex::Regex;
use rust_decimal::Decimal;

use super::{Doc, DocCtx, DocFixture, DocRule, Family, dec};
use crate::numbers::{YEAR, re};

// `共有车辆7辆，其中：…其他用车7辆；`, `安排购置车辆1辆，其中：…`.
re!(
    VEHICLES,
    r"(共有|购置|保有)车辆([0-9]+)(辆|台)[，,]?其中[：:，,]?([^；。]*)"
);
re!(VEHICLE_PART, r"([^0-9、，,；。：:]{2,}?)([0-9]+)(?:辆|台)");
// `团组2个、2人次`, `团组XX个、累计XX人次`.
re!(
    GROUPS,
    r"团组([0-9]+)个[、，,]?(?:累计|共计|共|合计)?([0-9]+)人次"
);
// `接待15批次、120人次`, `接待外宾2批次、10人次`.
re!(
    BATCHES,
    r"([0-9]+)批次[、，,]?(?:累计|共计|共|合计)?([0-9]+)人次"
);
re!(HELD, r"公务用车保有量(?:为|共|共计|合计)?([0-9]+)辆");
re!(
    VEHICLE_TOTAL,
    r"公务用车购置及运行(?:维护)?费(?:支出)?(?:决算)?(?:数)?(?:为)?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    VEHICLE_PURCHASE,
    r"公务用车购置(?:费|支出)(?:决算)?(?:数)?(?:为)?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    VEHICLE_OPERATION,
    r"公务用车运行(?:维护)?(?:费|支出)(?:决算)?(?:数)?(?:为)?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);

pub(super) const D043: DocRule = DocRule {
    meta: Meta {
        code: "D-043",
        name: "说明的数量与报表或前后文不符",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "检查说明中的数量和“三公”公务用车经费的拆分：（1）“共有（购置）车辆N辆，其中：部级领导\
干部用车a辆、……其他用车h辆”，各类车辆之和应等于N（列举以“等”结尾时只查是否超过N）；\
（2）“团组X个、Y人次”“X批次、Y人次”，人次不能少于团组数或批次数；（3）“公务用车购置及\
运行维护费T万元”之后三段内写明的“公务用车购置费（支出）a万元”“公务用车运行维护费（支出）b\
万元”，a + b 应等于 T，各数按写出的小数位舍入（差额超出舍入范围才报）；决算中 a、b 还与\
财政拨款“三公”经费支出决算表的购置费、运行费决算数比较（“公务用车购置及运行维护费”合计\
由 D-040 比较）；（4）同一年度的团组数和人次（接待批次和人次）、公务用车保有量在说明中写了两次而数不同时\
提示（警告：无法判断哪一处对）。说明中的数量没有报表可比（各地决算报表不列团组、批次、\
车辆数），只与说明自身核对。",
            why: "车辆数、团组数、人次是“三公”经费公开检查逐项核对的内容；分项加不成总数，或一个团组\
出国的人次比团组还少，数量必有一处抄错，读者无法判断经费是否合规。",
            bad: "“共有车辆7辆，其中：执法执勤用车2辆、其他用车7辆”（2 + 7 = 9）；“团组3个、2人次”；\
“公务用车购置及运行费46.56万元……其中：公务用车购置费25万元……公务用车运行费12.56万元”\
（25 + 12.56 = 37.56）。",
            good: "“共有车辆7辆，其中：执法执勤用车0辆、其他用车7辆”；“团组2个、累计5人次”；\
“公务用车购置费25万元……公务用车运行费21.56万元”，与“三公”经费表一致。",
            basis: "上海市2024年度部门决算公开样张第三部分七“全年安排因公出国（境）团组XX个、累计XX人次”\
“公务用车购置支出为XX万元……公务用车运行维护支出XX万元”“列明公务接待批次、人次”及\
十一（三）“共有车辆XX辆，其中：部级领导干部用车XX辆……其他用车XX辆”；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: counts,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n全年安排因公出国（境）团组3个、累计2人次。\n1、因公出国（境）费支出2.00万元。全年安排因公出国（境）团组2个、累计5人次。\n截至2024年12月31日，上海市普陀区测试局共有车辆7辆，其中：执法执勤用车2辆、其他用车7辆。\n2、公务用车购置及运行维护费支出46.56万元。其中：\n公务用车购置支出为25.00万元。\n公务用车运行维护支出12.56万元。2024年，公务用车保有量为3辆。\n截至2024年末，公务用车保有量为4辆。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n全年安排因公出国（境）团组2个、累计5人次。\n截至2024年12月31日，上海市普陀区测试局共有车辆7辆，其中：执法执勤用车0辆、其他用车7辆。\n2、公务用车购置及运行维护费支出46.56万元。其中：\n公务用车购置支出为25.00万元。\n公务用车运行维护支出21.56万元。2024年，公务用车保有量为3辆。\n2023年，公务用车保有量为4辆。\n",
        },
        DocFixture {
            fires: "上海市普陀区测试局2025年部门预算\n2025年部门预算安排购置车辆1辆，其中：执法执勤用车0辆、其他用车2辆。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n共有车辆2辆，其中：执法执勤用车2辆，单价50万元以上设备3台。\n共有车辆10辆，其中：公务用车8辆（其中：执法执勤用车5辆、其他用车3辆）、业务用车2辆。\n本部门共有车辆46辆，其中，一般公务用车40辆、执法执勤用车0辆、其他用车0辆等。\n全年安排因公出国（境）团组2个、累计5人次，上年团组3个、9人次。\n",
        },
    ],
};

fn counts(cx: &DocCtx, sink: &mut Sink) {
    let mut seen: Vec<Count> = Vec::new();
    for s in &cx.paras {
        vehicles(cx, s, sink);
        persons(cx, s, &mut seen, sink);
        held(cx, s, &mut seen, sink);
    }
    vehicle_split(cx, sink);
}

/// A count stated once: what (`因公出国（境）团组`, `外宾接待`), the year the sentence names,
/// and the two figures.
struct Count {
    what: &'static str,
    year: Option<u16>,
    figures: (u64, u64),
}

/// The last year named in the words before a statement in its paragraph.
fn year_before(lead: &str) -> Option<u16> {
    YEAR.captures_iter(lead)
        .last()
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

/// A decimal as written in a sentence (`dec`), when it is a plausible amount: at most 15
/// integer digits, so the arithmetic on it cannot overflow.
pub(super) fn figure(s: &str) -> Option<(Decimal, u32)> {
    dec(s).filter(|(v, _)| v.abs() < Decimal::from(1_000_000_000_000_000_i64))
}

/// `共有车辆N辆，其中：…` — the kinds must add up to N.
fn vehicles(cx: &DocCtx, s: &super::Sentence, sink: &mut Sink) {
    if !s.text.contains("车辆") {
        return;
    }
    for c in VEHICLES.captures_iter(s.text) {
        let (Some(m), Some(n), Some(unit), Some(list)) = (c.get(0), c.get(2), c.get(3), c.get(4))
        else {
            continue;
        };
        let Ok(n) = n.as_str().parse::<u32>().map(u64::from) else {
            continue;
        };
        // A nested breakdown (`公务用车8辆（其中：执法执勤用车5辆…）`) is not one level of kinds.
        if list.as_str().contains("其中") {
            continue;
        }
        let mut parts: Vec<(String, u64)> = Vec::new();
        for p in VEHICLE_PART.captures_iter(list.as_str()) {
            let (Some(name), Some(v)) = (p.get(1), p.get(2)) else {
                continue;
            };
            let Ok(v) = v.as_str().parse::<u32>().map(u64::from) else {
                continue;
            };
            let name = crate::numbers::last_chars(name.as_str(), 16)
                .trim_start_matches(['、', '，', ',', ' ']);
            // The list of vehicles ends where something else is counted (`设备2台`).
            if !name.contains('车') {
                break;
            }
            parts.push((name.to_string(), v));
        }
        if parts.len() < 2 {
            continue;
        }
        let sum: u64 = parts.iter().map(|p| p.1).sum();
        // `……其他用车0辆等` lists some kinds only: a shortfall is no contradiction.
        let open = list.as_str().trim_end().ends_with('等');
        if sum == n || (open && sum < n) {
            continue;
        }
        let listed: Vec<String> = parts.iter().map(|p| format!("{}{}", p.0, p.1)).collect();
        let u = unit.as_str();
        let f = sink
            .finding(
                cx.at(s, m.range(), 0).quote(m.as_str()),
                format!(
                    "{}车辆{n}{u}，而其中列出的各类车辆之和为{sum}{u}（{}）",
                    c.get(1).map_or("", |x| x.as_str()),
                    listed.join(" + ")
                ),
            )
            .number("车辆总数", Decimal::from(n), Unit::Count)
            .sum(
                "各类车辆之和",
                parts
                    .iter()
                    .map(|p| Part {
                        label: p.0.clone(),
                        value: Decimal::from(p.1),
                    })
                    .collect(),
                Unit::Count,
            );
        sink.push(f);
    }
}

/// `团组X个、Y人次`, `X批次、Y人次`: at least one person per group or batch.
fn persons(cx: &DocCtx, s: &super::Sentence, seen: &mut Vec<Count>, sink: &mut Sink) {
    if !s.text.contains("人次") {
        return;
    }
    for (re, what, unit, noun, each) in [
        (&*GROUPS, "因公出国（境）团组", "个", "团组", "每个团组"),
        (&*BATCHES, "公务接待", "批次", "批次", "每批次"),
    ] {
        for c in re.captures_iter(s.text) {
            let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let (Ok(a), Ok(b)) = (
                a.as_str().parse::<u32>().map(u64::from),
                b.as_str().parse::<u32>().map(u64::from),
            ) else {
                continue;
            };
            let lead = &s.text[..m.start()];
            let near = &lead[lead.char_indices().rev().nth(7).map_or(0, |(i, _)| i)..];
            let key = match what {
                "公务接待" if near.contains("外宾") || near.contains("外事") => "外宾接待",
                w => w,
            };
            let year = year_before(lead);
            let prior = ["上年", "上一年", "同比", "去年"]
                .iter()
                .any(|w| near.contains(w));
            // The same count stated again with other figures (same year, or no year named).
            if prior {
                // A count of another year.
            } else if let Some(prev) = seen
                .iter()
                .find(|c| c.what == key && c.year == year && c.figures != (a, b))
            {
                let mut f = sink.finding(
                    cx.at(s, m.range(), 0).quote(m.as_str()),
                    format!(
                        "{key}写{a}{unit}、{b}人次，前文写的是{}{unit}、{}人次",
                        prev.figures.0, prev.figures.1
                    ),
                );
                f.severity = Severity::Warning;
                sink.push(f);
            } else if !seen.iter().any(|c| c.what == key && c.year == year) {
                seen.push(Count {
                    what: key,
                    year,
                    figures: (a, b),
                });
            }
            if b < a {
                let f = sink
                    .finding(
                        cx.at(s, m.range(), 0).quote(m.as_str()),
                        format!("{what}{a}{unit}、{b}人次：人次少于{noun}数，{each}至少1人次"),
                    )
                    .number(what, Decimal::from(a), Unit::Count)
                    .number("人次", Decimal::from(b), Unit::Count);
                sink.push(f);
            }
        }
    }
}

/// `公务用车保有量为N辆` stated again with another N for the same year.
fn held(cx: &DocCtx, s: &super::Sentence, seen: &mut Vec<Count>, sink: &mut Sink) {
    if !s.text.contains("保有量") {
        return;
    }
    for c in HELD.captures_iter(s.text) {
        let (Some(m), Some(n)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Ok(n) = n.as_str().parse::<u32>().map(u64::from) else {
            continue;
        };
        let lead = &s.text[..m.start()];
        let near = &lead[lead.char_indices().rev().nth(7).map_or(0, |(i, _)| i)..];
        if ["上年", "上一年", "同比", "去年"]
            .iter()
            .any(|w| near.contains(w))
        {
            continue;
        }
        let year = year_before(lead);
        let what = "公务用车保有量";
        if let Some(prev) = seen
            .iter()
            .find(|c| c.what == what && c.year == year && c.figures.0 != n)
        {
            let mut f = sink.finding(
                cx.at(s, m.range(), 0).quote(m.as_str()),
                format!("公务用车保有量写{n}辆，前文写的是{}辆", prev.figures.0),
            );
            f.severity = Severity::Warning;
            sink.push(f);
        } else if !seen.iter().any(|c| c.what == what && c.year == year) {
            seen.push(Count {
                what,
                year,
                figures: (n, 0),
            });
        }
    }
}

/// One stated amount: the paragraph, where, value and decimals.
struct Stated {
    para: usize,
    range: std::ops::Range<usize>,
    value: Decimal,
    decimals: u32,
}

fn first(re: &Regex, s: &super::Sentence) -> Option<Stated> {
    let c = re.captures(s.text)?;
    let m = c.get(0)?;
    let (value, decimals) = figure(c.get(1)?.as_str())?;
    Some(Stated {
        para: s.para,
        range: m.range(),
        value,
        decimals,
    })
}

/// `公务用车购置及运行维护费T万元` with `购置费a万元` and `运行维护费b万元` in it or the three
/// paragraphs after: a + b = T; in a final account each against the 三公 table.
fn vehicle_split(cx: &DocCtx, sink: &mut Sink) {
    let table = cx
        .recognition
        .kind
        .is_final_accounts()
        .then_some(cx.package.tables.three_public.as_ref())
        .flatten();
    let mut checked_purchase = Vec::new();
    for (i, s) in cx.paras.iter().enumerate() {
        if !s.text.contains("公务用车") {
            continue;
        }
        if let Some(total) = first(&VEHICLE_TOTAL, s) {
            let window = cx.paras.get(i..(i + 4).min(cx.paras.len())).unwrap_or(&[]);
            // The split belongs to this total until the next total.
            let mut purchase = None;
            let mut operation = None;
            for (k, w) in window.iter().enumerate() {
                if k > 0 && VEHICLE_TOTAL.is_match(w.text) {
                    break;
                }
                if purchase.is_none() {
                    purchase = first(&VEHICLE_PURCHASE, w);
                }
                if operation.is_none() {
                    operation = first(&VEHICLE_OPERATION, w);
                }
            }
            if let (Some(p), Some(o)) = (&purchase, &operation) {
                let dp = total.decimals.max(p.decimals).max(o.decimals).max(2);
                let sum = Term::sum(&[
                    Term::with_decimals(p.value, dp),
                    Term::with_decimals(o.value, dp),
                ]);
                if let Some(mm) = check_equal(Term::with_decimals(total.value, dp), sum) {
                    let at = &cx.paras[total.para];
                    let f = sink
                        .finding(
                            cx.at(at, total.range.clone(), 0),
                            format!(
                                "公务用车购置及运行维护费写 {} 万元，购置费 {} 万元 + 运行维护费 {} 万元 = {} 万元",
                                total.value, p.value, o.value, sum.value
                            ),
                        )
                        .number("公务用车购置及运行维护费", total.value, Unit::Wanyuan)
                        .sum(
                            "购置费 + 运行维护费",
                            vec![
                                Part {
                                    label: "公务用车购置费".into(),
                                    value: p.value,
                                },
                                Part {
                                    label: "公务用车运行维护费".into(),
                                    value: o.value,
                                },
                            ],
                            Unit::Wanyuan,
                        )
                        .arithmetic(mm.arithmetic(Some(dp), Unit::Wanyuan));
                    sink.push(f);
                }
            }
        }
        // Each part against the table's 决算数 (once per statement).
        if let Some(t) = table {
            for (re, label, cell) in [
                (
                    &*VEHICLE_PURCHASE,
                    "公务用车购置费",
                    t.actual.vehicle_purchase,
                ),
                (
                    &*VEHICLE_OPERATION,
                    "公务用车运行维护费",
                    t.actual.vehicle_operation,
                ),
            ] {
                let (Some(st), Some(cell)) = (first(re, s), cell) else {
                    continue;
                };
                if checked_purchase.contains(&(st.para, st.range.start)) {
                    continue;
                }
                // `年初预算中公务用车购置费5万元` is the budget, not the table's 决算数.
                let lead = &s.text[..st.range.start];
                let near = &lead[lead.char_indices().rev().nth(9).map_or(0, |(i, _)| i)..];
                if near.contains("预算") && !near.contains("决算") {
                    continue;
                }
                checked_purchase.push((st.para, st.range.start));
                against_table(cx, sink, &st, label, cell);
            }
        }
    }
}

fn against_table(cx: &DocCtx, sink: &mut Sink, st: &Stated, label: &str, cell: Amount) {
    let stated = Term::with_decimals(st.value, st.decimals);
    let table = Term::with_decimals(cell.value(), cell.scale());
    if check_equal(stated, table).is_none() {
        return;
    }
    let f = sink
        .finding(
            cx.at(&cx.paras[st.para], st.range.clone(), 0),
            format!(
                "说明写{label} {} 万元，财政拨款“三公”经费支出决算表中是 {} 万元",
                st.value,
                cell.value()
            ),
        )
        .number("说明", st.value, Unit::Wanyuan)
        .number("财政拨款“三公”经费支出决算表", cell.value(), Unit::Wanyuan);
    sink.push(f);
}
