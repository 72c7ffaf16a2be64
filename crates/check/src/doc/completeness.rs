//! D-050…D-054: the statements a region's format requires (listed as data in its profile,
//! `[[statements]]`): required sections of the explanation, and the pieces of the “三公”,
//! 政府采购, 国有资产 and 绩效 explanations. Every statement is found by its words, so a
//! missing one is a warning; a section that cannot be found at all is left to D-050 or
//! D-002, and documents of unknown profile or kind are not checked.

use std::ops::Range;
use std::sync::LazyLock;

use juesuan_diagnostics::{Location, Meta, Severity, Sink};
use juesuan_model::profile::{DisclosureKind, StatementDef, StatementTopic, StatementWhen};
use juesuan_model::{Amount, Profile};
use regex::Regex;
use rust_decimal::Decimal;

use super::{Doc, DocCtx, DocFixture, DocRule, Family, Sentence};
use crate::kind::DocumentKind;
use crate::numbers::{amounts, re};

/// The level of a heading: `第…部分` 0, `一、` 1, `（一）` 2, `1、` 3, `（1）` 4, else 5.
pub(super) fn level(text: &str) -> u8 {
    let t = text.trim_start();
    let mut chars = t.chars();
    let first = chars.next().unwrap_or(' ');
    let second = chars.next().unwrap_or(' ');
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    if first == '第' && t.contains("部分") {
        0
    } else if numeral(first) {
        1
    } else if matches!(first, '（' | '(') && numeral(second) {
        2
    } else if first.is_ascii_digit() {
        3
    } else if matches!(first, '（' | '(') && second.is_ascii_digit() {
        4
    } else {
        5
    }
}

/// Whether a paragraph is a heading (DocCtx makes a heading its own section).
pub(super) fn is_head(s: &Sentence) -> bool {
    s.section.is_some_and(|h| std::ptr::eq(h, s.text))
}

/// The paragraphs (as index ranges) of every section whose heading contains one of
/// `words`: from the heading to the next heading of the same or a higher level. Sections
/// with nothing but headings (a table of contents) are left out.
pub(super) fn sections(cx: &DocCtx, words: &[String]) -> Vec<Range<usize>> {
    let heads: Vec<(usize, u8)> = cx
        .paras
        .iter()
        .enumerate()
        .filter(|(_, s)| is_head(s))
        .map(|(i, s)| (i, level(s.text)))
        .collect();
    let mut out = Vec::new();
    for (k, &(i, lv)) in heads.iter().enumerate() {
        let Some(s) = cx.paras.get(i) else { continue };
        if !words.iter().any(|w| s.text.contains(w.as_str())) {
            continue;
        }
        let end = heads
            .get(k + 1..)
            .unwrap_or_default()
            .iter()
            .find(|(_, l)| *l <= lv)
            .map_or(cx.paras.len(), |(j, _)| *j);
        let content = cx
            .paras
            .get(i + 1..end)
            .unwrap_or_default()
            .iter()
            .any(|p| !is_head(p));
        // A section inside one already taken adds nothing.
        if content && !out.iter().any(|r: &Range<usize>| r.contains(&i)) {
            out.push(i..end);
        }
    }
    out
}

/// The text of sections, joined by line breaks.
pub(super) fn joined(cx: &DocCtx, ranges: &[Range<usize>]) -> String {
    let mut text = String::new();
    for r in ranges {
        for s in cx.paras.get(r.clone()).unwrap_or_default() {
            text.push_str(s.text);
            text.push('\n');
        }
    }
    text
}

/// Whether `text` shows a word: a plain word, or `甲…乙` — 甲 followed by 乙 in the same
/// sentence (before the next `。` or `；`, within 80 characters).
pub(super) fn shows(text: &str, word: &str) -> bool {
    let Some((a, b)) = word.split_once('…') else {
        return text.contains(word);
    };
    if a.is_empty() {
        return text.contains(b);
    }
    text.match_indices(a).any(|(i, _)| {
        let rest = &text[i + a.len()..];
        let sentence: String = rest
            .chars()
            .take_while(|c| !matches!(c, '。' | '；'))
            .take(80)
            .collect();
        sentence.contains(b)
    })
}

/// Whether the document is a disclosure of a kind the statement applies to.
fn applies(kind: &DocumentKind, def: &StatementDef) -> bool {
    def.kinds.iter().any(|k| match k {
        DisclosureKind::Final => kind.is_final_accounts(),
        DisclosureKind::Budget => matches!(kind, DocumentKind::Budget { .. }),
    })
}

/// Whether a statement without `within` is made anywhere: in a sentence, or as a heading
/// with content under it (not in the table of contents).
/// The 名词解释 does not count: it explains 机关运行经费 whether or not the text reports it.
fn made_anywhere(cx: &DocCtx, def: &StatementDef, glossary: &[Range<usize>]) -> bool {
    let any_word = |t: &str| def.find.iter().any(|w| shows(t, w));
    let outside = |i: &usize| !glossary.iter().any(|r| r.contains(i));
    if cx
        .paras
        .iter()
        .enumerate()
        .any(|(i, s)| outside(&i) && !is_head(s) && any_word(s.text))
    {
        return true;
    }
    // A section headed inside the 名词解释 does not count either; the 名词解释 itself does.
    sections(cx, &def.find)
        .iter()
        .any(|r| outside(&r.start) || glossary.iter().any(|g| g.start == r.start))
}

pub(super) const D050: DocRule = DocRule {
    meta: Meta {
        code: "D-050",
        name: "缺少规定的说明事项",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "按地区格式（地区格式文件中的 statements 列表）逐项查找规定的说明事项：主要职能、\
部门决算单位构成（机构设置）、预算绩效管理情况、机关运行经费支出情况、政府采购支出情况、\
国有资产占有使用情况，北京还有专业名词解释。以标题或句中的关键词认定（目录中的标题不算），\
找不到时提示。只检查识别出地区格式的部门决算，且文件中至少找到两项（否则多半不是完整的\
说明文本）；整个“第…部分”缺失由 D-002 报告。",
            why: "这些事项是《预算法》和公开操作规程要求随部门决算一并说明的“重要事项”；\
漏掉一项，就是公开内容不完整，是公开检查最常见的问题之一。也可能只是写法与样张不同，\
需要人工确认。",
            bad: "上海某局情况说明“十一、其他重要事项的情况说明”下只有政府采购和国有资产两段，\
没有“（一）机关运行经费支出情况”。",
            good: "按样张补上“（一）机关运行经费支出情况：机关运行经费支出XXX万元，比2023年度……”；\
确实没有的，写明“本单位2024年度无机关运行经费支出”。",
            basis: "《中华人民共和国预算法》第十四条第二款（部门预算、决算及报表向社会公开，并对机关运行经费的\
安排、使用情况等重要事项作出说明）、第三款（政府采购的情况及时向社会公开）；《地方预决算公开操作规程》（财预〔2016〕143号）\
（部门决算公开应当对机关运行经费、政府采购、国有资产占用、预算绩效等重要事项作出说明）；\
上海市2024年度部门决算公开样张第一部分一、二和第三部分十、十一。",
        },
    },
    check: missing_statements,
    fixtures: &[DocFixture {
        fires: "上海市普陀区测试局2024年度部门决算\n第一部分 上海市普陀区测试局概况\n一、主要职能\n负责本区测试工作。\n二、部门决算单位构成\n纳入编制范围的单位包括本级。\n十一、其他重要事项的情况说明\n（二）政府采购支出情况\n政府采购金额为10万元。\n",
        silent: "上海市普陀区测试局2024年度部门决算\n第一部分 上海市普陀区测试局概况\n一、主要职能\n负责本区测试工作。\n二、部门决算单位构成\n纳入编制范围的单位包括本级。\n十、预算绩效管理情况\n预算绩效管理工作开展情况如下。\n十一、其他重要事项的情况说明\n（一）机关运行经费支出情况\n机关运行经费支出5万元。\n（二）政府采购支出情况\n政府采购金额为10万元。\n（三）国有资产占有使用情况\n截至2024年12月31日，共有车辆0辆。\n",
    }],
};

fn missing_statements(cx: &DocCtx, sink: &mut Sink) {
    let Some(region) = cx.recognition.profile else {
        return;
    };
    let defs: Vec<&StatementDef> = region
        .profile()
        .statements
        .iter()
        .filter(|d| d.topic == StatementTopic::Section && applies(&cx.recognition.kind, d))
        .collect();
    let glossary = sections(cx, &["名词解释".to_string()]);
    let missing: Vec<&StatementDef> = defs
        .iter()
        .copied()
        .filter(|d| !made_anywhere(cx, d, &glossary))
        .collect();
    // Not the full text of a disclosure (tables only, an excerpt): nothing to say.
    if defs.len() - missing.len() < 2 {
        return;
    }
    for d in missing {
        sink.report(
            Location::whole(),
            format!(
                "按{}格式应说明“{}”，文件中找不到（标题或句中都没有“{}”）",
                region.label(),
                d.name,
                d.find.join("”“")
            ),
        );
    }
}

re!(VEHICLES, r"共有车辆 *([0-9]+) *[辆台]");
re!(
    THREE_PUBLIC_TOTAL,
    r"三公”?经费财政拨款[^。；]*?决算(?:数)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);

/// An amount of the “三公” table, else the first amount after one of `labels` in the text
/// of the “三公” section (within the same sentence).
fn spent(table: Option<Amount>, text: &str, labels: &[&str]) -> Option<Decimal> {
    if let Some(a) = table {
        return Some(a.value());
    }
    labels.iter().find_map(|l| {
        let i = text.find(l)?;
        let rest = &text[i + l.len()..];
        let a = amounts(rest).into_iter().next()?;
        let before = &rest[..a.start];
        (before.chars().count() <= 24 && !before.contains('；')).then_some(a.value)
    })
}

/// Whether `when` holds (unknown: not required).
fn required(cx: &DocCtx, when: StatementWhen, text: &str) -> bool {
    let three = cx.package.tables.three_public.as_ref();
    let actual = three.map(|t| &t.actual);
    let nonzero = |v: Option<Decimal>| v.is_some_and(|v| !v.is_zero());
    match when {
        StatementWhen::Always => true,
        StatementWhen::Overseas => nonzero(spent(
            actual.and_then(|a| a.overseas),
            text,
            &["因公出国（境）费", "因公出国(境)费"],
        )),
        StatementWhen::Vehicle => nonzero(spent(
            actual.and_then(|a| a.vehicle),
            text,
            &["公务用车购置及运行维护费", "公务用车购置及运行费"],
        )),
        StatementWhen::VehiclePurchase => nonzero(spent(
            actual.and_then(|a| a.vehicle_purchase),
            text,
            &["公务用车购置支出", "公务用车购置费"],
        )),
        StatementWhen::Reception => nonzero(spent(
            actual.and_then(|a| a.reception),
            text,
            &["公务接待费"],
        )),
        StatementWhen::Vehicles => VEHICLES
            .captures(text)
            .and_then(|c| c.get(1)?.as_str().parse::<u32>().ok())
            .is_some_and(|n| n > 0),
        // `政府采购支出总额0万元`: nothing to split.
        StatementWhen::Procurement => amounts(text).first().is_none_or(|a| !a.value.is_zero()),
        StatementWhen::NoThreePublic => match actual.and_then(|a| a.total) {
            Some(t) => t.is_zero(),
            None => THREE_PUBLIC_TOTAL
                .captures(text)
                .and_then(|c| super::dec(c.get(1)?.as_str()))
                .is_some_and(|(v, _)| v.is_zero()),
        },
    }
}

/// Reports the pieces of one topic missing from their sections, one finding per section.
fn missing_pieces(cx: &DocCtx, sink: &mut Sink, topic: StatementTopic, what: &str) {
    let Some(region) = cx.recognition.profile else {
        return;
    };
    let profile: &Profile = region.profile();
    // Pieces grouped by the section they are looked for in.
    let mut groups: Vec<(&[String], Vec<&StatementDef>)> = Vec::new();
    for d in profile
        .statements
        .iter()
        .filter(|d| d.topic == topic && applies(&cx.recognition.kind, d))
    {
        match groups.iter_mut().find(|(w, _)| *w == d.within.as_slice()) {
            Some((_, v)) => v.push(d),
            None => groups.push((d.within.as_slice(), vec![d])),
        }
    }
    for (within, defs) in groups {
        let ranges = sections(cx, within);
        // The section is not there at all: D-050 or D-002 says so.
        let Some(first) = ranges.first() else {
            continue;
        };
        let raw = joined(cx, &ranges);
        let mut missing = Vec::new();
        for d in defs {
            if d.unless.iter().any(|w| raw.contains(w.as_str())) || !required(cx, d.when, &raw) {
                continue;
            }
            let mut text = raw.clone();
            for ig in &d.ignore {
                text = text.replace(ig.as_str(), "·");
            }
            if !d.find.iter().any(|w| shows(&text, w)) {
                missing.push(d.name.as_str());
            }
        }
        if missing.is_empty() {
            continue;
        }
        let Some(head) = cx.paras.get(first.start) else {
            continue;
        };
        sink.report(
            cx.at(head, 0..head.text.len(), 0),
            format!(
                "{what}缺少：{}（按{}格式应写明）",
                missing.join("、"),
                region.label()
            ),
        );
    }
}

pub(super) const D051: DocRule = DocRule {
    meta: Meta {
        code: "D-051",
        name: "“三公”经费说明缺少细项",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "在标题含“三公”的一节中，按地区格式查找每项“三公”经费的细项：有因公出国（境）费的，\
写明团组数和人次；有公务用车购置及运行维护费的，分别写明购置费和运行维护费及公务用车保有量，\
有购置费的写明购置数量；有公务接待费的，写明接待批次、人次和外宾（外事）接待情况。\
某项是否发生取自“三公”经费支出决算表，没有表时取说明中该项之后的金额；金额不明时不要求。\
“三公”经费全为0时，应有“无‘三公’经费财政拨款支出”的说明。找不到“三公”一节时不检查。",
            why: "“三公”经费是社会最关注的支出，样张要求逐项说明到团组、人次、车辆数和接待批次；\
只写金额不写细项，是公开检查中“三公”经费公开不细化的典型问题。",
            bad: "“因公出国（境）费支出9.39万元，主要用于赴英国、日本开展招商引资。”没有写团组数和人次；\
或“公务用车购置及运行维护费支出12万元”没有分开购置费和运行维护费。",
            good: "“全年安排因公出国（境）团组2个、累计6人次”；“公务用车购置支出0万元；\
公务用车运行维护支出12万元……公务用车保有量为3辆”；“国内公务接待支出2万元（含外宾接待支出0万元），\
共接待10批次、80人次，其中接待外宾0批次、0人次”。",
            basis: "上海市2024年度部门决算公开样张第三部分七（二）（“全年安排因公出国（境）团组XX个、累计XX人次”\
“列明公务用车购置数量”“公务用车保有量为XXX辆”“列明公务接待批次、人次，其中：接待外宾批次、人次”\
“无‘三公’经费财政拨款支出的部门，作下述说明”）；《地方预决算公开操作规程》（财预〔2016〕143号）\
（“三公”经费应细化公开因公出国（境）团组数及人数、公务用车购置数及保有量、国内公务接待的批次和人数等）。",
        },
    },
    check: three_public_pieces,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n七、财政拨款“三公”经费支出决算情况说明\n“三公”经费财政拨款支出决算中，因公出国（境）费支出决算5.00万元。\n1、因公出国（境）费支出5.00万元。开支内容包括：国际旅费、住宿费。\n八、政府性基金预算财政拨款收入支出决算情况说明\n",
            silent: "上海市普陀区测试局2024年度部门决算\n七、财政拨款“三公”经费支出决算情况说明\n“三公”经费财政拨款支出决算中，因公出国（境）费支出决算5.00万元。\n1、因公出国（境）费支出5.00万元。全年安排因公出国（境）团组1个、累计3人次。开支内容包括：国际旅费、住宿费。\n八、政府性基金预算财政拨款收入支出决算情况说明\n",
        },
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n七、财政拨款“三公”经费支出决算情况说明\n“三公”经费财政拨款支出年初预算为0.00万元，支出决算为0.00万元。\n八、政府性基金预算财政拨款收入支出决算情况说明\n",
            silent: "上海市普陀区测试局2024年度部门决算\n七、财政拨款“三公”经费支出决算情况说明\n“三公”经费财政拨款支出年初预算为0.00万元，支出决算为0.00万元。\n上海市普陀区测试局2024年度无“三公”经费财政拨款支出。\n八、政府性基金预算财政拨款收入支出决算情况说明\n",
        },
    ],
};

fn three_public_pieces(cx: &DocCtx, sink: &mut Sink) {
    missing_pieces(cx, sink, StatementTopic::ThreePublic, "“三公”经费说明");
}

pub(super) const D052: DocRule = DocRule {
    meta: Meta {
        code: "D-052",
        name: "政府采购情况缺少细项",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "在标题含“政府采购”的一节中，按地区格式查找：货物、工程、服务三类采购金额；面向（授予）\
中小企业和小微企业的金额；北京格式还要求写明两者占政府采购支出总额的比例。写明“无政府采购”\
或这一节写的第一个金额（采购总额）为0的不检查；找不到这一节时不检查（由 D-050 报告）。",
            why: "政府采购情况按类别和中小企业份额公开，是落实政府采购支持中小企业政策的公开要求；\
只写采购总额，读者无法知道钱用在哪类采购、多少给了中小企业。",
            bad: "“2024年度政府采购支出总额9680.74万元，其中：政府采购服务支出9680.74万元。”\
没有货物、工程两类，也没有授予中小企业、小微企业的合同金额和占比。",
            good: "“……其中：政府采购货物支出0万元，政府采购工程支出0万元，政府采购服务支出9680.74万元。\
授予中小企业合同金额3718.10万元，占政府采购支出总额的38.41%，其中：授予小微企业合同金额\
2525.86万元，占政府采购支出总额的26.09%。”",
            basis: "上海市2024年度部门决算公开样张第三部分十一（二）（货物、工程、服务采购金额；面向中小企业、\
小微企业预留及中标成交金额）；北京市部门决算公开格式第三部分“政府采购支出情况”；\
《地方预决算公开操作规程》（财预〔2016〕143号）（部门决算应当公开政府采购情况）。",
        },
    },
    check: procurement_pieces,
    fixtures: &[DocFixture {
        fires: "北京市西城区测试局2024年度部门决算\n第三部分 其他重要事项的情况说明\n三、政府采购支出情况\n2024年度政府采购支出总额100万元，其中：政府采购货物支出0万元，政府采购工程支出0万元，政府采购服务支出100万元。授予中小企业合同金额40万元。\n四、国有资产占用情况\n",
        silent: "北京市西城区测试局2024年度部门决算\n第三部分 其他重要事项的情况说明\n三、政府采购支出情况\n2024年度政府采购支出总额100万元，其中：政府采购货物支出0万元，政府采购工程支出0万元，政府采购服务支出100万元。授予中小企业合同金额40万元，占政府采购支出总额的40%，其中：授予小微企业合同金额20万元，占政府采购支出总额的20%。\n四、国有资产占用情况\n",
    }],
};

fn procurement_pieces(cx: &DocCtx, sink: &mut Sink) {
    missing_pieces(cx, sink, StatementTopic::Procurement, "政府采购支出情况");
}

pub(super) const D053: DocRule = DocRule {
    meta: Meta {
        code: "D-053",
        name: "国有资产占用情况缺少细项",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "在标题含“国有资产”的一节中查找：车辆总数；有车辆时按用途分类的数量（领导干部用车、\
机要通信用车、执法执勤用车……其他用车）；单价（单位价值）100万元（含）以上设备的数量。\
找不到这一节时不检查（由 D-050 报告）。",
            why: "国有资产占用情况公开车辆和大型设备，是社会监督公务用车和资产配置的依据；\
只写“共有车辆3辆”不写用途，或不写大型设备，公开就不完整。",
            bad: "“截至2024年12月31日，共有车辆3辆。”没有按用途分类，也没有100万元以上设备的数量。",
            good: "“截至2024年12月31日，共有车辆3辆，其中：主要领导干部用车0辆、执法执勤用车2辆、\
其他用车1辆……。单价100万元（含）以上设备（不含车辆）1台（套）。”",
            basis: "上海市2024年度部门决算公开样张第三部分十一（三）国有资产占有使用情况说明；\
《地方预决算公开操作规程》（财预〔2016〕143号）（部门决算应当公开国有资产占用情况）。",
        },
    },
    check: asset_pieces,
    fixtures: &[DocFixture {
        fires: "上海市普陀区测试局2024年度部门决算\n（三）国有资产占有使用情况说明\n截至2024年12月31日，上海市普陀区测试局共有车辆3辆。\n第四部分 名词解释\n",
        silent: "上海市普陀区测试局2024年度部门决算\n（三）国有资产占有使用情况说明\n截至2024年12月31日，上海市普陀区测试局共有车辆3辆，其中：执法执勤用车3辆。单价100万元（含）以上设备（不含车辆）0台（套）。\n第四部分 名词解释\n",
    }],
};

fn asset_pieces(cx: &DocCtx, sink: &mut Sink) {
    missing_pieces(cx, sink, StatementTopic::Assets, "国有资产占用情况");
}

pub(super) const D054: DocRule = DocRule {
    meta: Meta {
        code: "D-054",
        name: "绩效评价情况缺少要素",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "上海格式在“预算绩效管理情况”一节查找：编报绩效目标、跟踪、自评的项目个数，涉及的预算\
金额，绩效自评的平均得分，各评级的项目个数；北京格式在“部门绩效评价情况”部分查找评价得分和\
评价等级。找不到这一节时不检查（由 D-050 或 D-002 报告）。",
            why: "绩效情况只写“开展了绩效管理工作”而没有个数、金额、得分和等级，读者无从判断资金使用效果；\
绩效信息公开不完整是公开检查中的常见问题。",
            bad: "“本部门建立了预算绩效管理工作机制；绩效自评的2024年度项目4个，涉及预算金额598.42万元。”\
没有平均得分和各评级的项目个数。",
            good: "“……绩效自评的2024年度项目4个，涉及预算金额598.42万元，平均得分99.43分（其中，\
绩效评级为‘优’的项目4个；绩效评级为‘良’的项目0个……）”",
            basis: "上海市2024年度部门决算公开样张第三部分十“预算绩效管理情况”（项目XX个、涉及预算金额XXX万元、\
平均得分XX分、绩效评级为“优”的项目XX个……）；北京市部门决算公开格式第四部分“部门绩效评价情况”；\
《地方预决算公开操作规程》（财预〔2016〕143号）（积极推进绩效信息公开）。",
        },
    },
    check: performance_pieces,
    fixtures: &[DocFixture {
        fires: "上海市普陀区测试局2024年度部门决算\n十、预算绩效管理情况\n本部门建立了预算绩效管理工作机制；绩效自评的2024年度项目4个，涉及预算金额598.42万元。\n十一、其他重要事项的情况说明\n",
        silent: "上海市普陀区测试局2024年度部门决算\n十、预算绩效管理情况\n本部门建立了预算绩效管理工作机制；绩效自评的2024年度项目4个，涉及预算金额598.42万元，平均得分99.43分（其中，绩效评级为“优”的项目4个）。\n十一、其他重要事项的情况说明\n",
    }],
};

fn performance_pieces(cx: &DocCtx, sink: &mut Sink) {
    missing_pieces(cx, sink, StatementTopic::Performance, "绩效情况");
}
