//! D-056: the tables go to the level the format requires (功能分类 to 项, 基本支出 to
//! 经济分类款); D-057: each 项 of 一般公共预算财政拨款支出 is explained with what the format
//! asks (Shanghai: 主要用于, 年初预算, 支出决算, and the reason of a difference).

use std::sync::LazyLock;

use juesuan_diagnostics::{Location, Meta, Severity, Sink};
use juesuan_model::code::Level;
use juesuan_model::tables::TableKind;
use juesuan_model::text::compact;
use regex::Regex;

use super::completeness::{is_head, level};
use super::glossary::norm;
use super::{Doc, DocCtx, DocFixture, DocRule, Family};
use crate::numbers::{amounts, re};

/// The place of a table's title paragraph, else the whole document.
fn table_place(cx: &DocCtx, kind: TableKind) -> Location {
    let title = cx
        .recognition
        .profile
        .map_or(kind.title(), |r| r.profile().title(kind));
    let t = compact(title);
    cx.paras
        .iter()
        .find(|s| s.text.len() < 200 && compact(s.text).ends_with(&t))
        .map_or_else(Location::whole, |s| cx.at(s, 0..s.text.len(), 0))
}

pub(super) const D056: DocRule = DocRule {
    meta: Meta {
        code: "D-056",
        name: "报表未细化到规定层级",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "一般公共预算财政拨款支出决算表有科目行，却没有一行是项级（7位）科目，只列到类、款时提示；\
一般公共预算财政拨款基本支出决算表有科目行，却没有一行是款级（5位）经济分类科目，只列到\
301、302等类时提示。只查地区格式要求细化的部门决算。",
            why: "功能分类公开到项、经济分类公开到款是预决算公开的细化要求；只列到类或款，\
读者看不出钱具体花在什么事项上，公开检查按“细化程度不够”认定。",
            bad: "一般公共预算财政拨款支出决算表只有“201 一般公共服务支出”“20106 财政事务”两行，\
没有“2010601 行政运行”等项；基本支出决算表只有“301 工资福利支出”“302 商品和服务支出”合计。",
            good: "按财政部门批复的决算数据，一般公共预算财政拨款支出列到项级科目，\
基本支出按经济分类列到款级科目（30101 基本工资、30201 办公费……）。",
            basis: "《地方预决算公开操作规程》（财预〔2016〕143号）（部门预决算支出按功能分类公开到项级科目，\
基本支出按经济分类公开到款级科目）；上海市2024年度部门决算公开样张表五、表六。",
        },
    },
    check: table_levels,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t201\n\t一般公共服务支出\n\t90\n\t90\n\t0\n\n\t20106\n\t财政事务\n\t90\n\t90\n\t0\n\n",
            silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t201\n\t一般公共服务支出\n\t90\n\t90\n\t0\n\n\t20106\n\t财政事务\n\t90\n\t90\n\t0\n\n\t2010601\n\t行政运行\n\t90\n\t90\n\t0\n\n",
        },
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t301\n\t工资福利支出\n\t10\n\n\t302\n\t商品和服务支出\n\t5\n\n\t\n\t人员经费合计\n\t10\n\n\t\n\t公用经费合计\n\t5\n\n",
            silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t301\n\t工资福利支出\n\t10\n\n\t30101\n\t基本工资\n\t10\n\n\t302\n\t商品和服务支出\n\t5\n\n\t30201\n\t办公费\n\t5\n\n\t\n\t人员经费合计\n\t10\n\n\t\n\t公用经费合计\n\t5\n\n",
        },
    ],
};

fn table_levels(cx: &DocCtx, sink: &mut Sink) {
    let Some(region) = cx.final_accounts_region() else {
        return;
    };
    let def = &region.profile().detail;
    let tables = &cx.package.tables;
    if def.function_items
        && let Some(gb) = &tables.general_budget
        && !gb.rows.is_empty()
        && !gb.rows.iter().any(|r| r.code.level() == Level::Item)
    {
        let deepest = if gb.rows.iter().any(|r| r.code.level() == Level::Section) {
            "款"
        } else {
            "类"
        };
        sink.report(
            table_place(cx, TableKind::GeneralBudget),
            format!(
                "一般公共预算财政拨款支出决算表只列到{deepest}级科目，按{}格式应细化到项级科目",
                region.label()
            ),
        );
    }
    if def.economic_sections
        && let Some(basic) = &tables.general_budget_basic
        && !basic.rows.is_empty()
        && !basic.rows.iter().any(|r| r.code.level() == Level::Section)
    {
        sink.report(
            table_place(cx, TableKind::GeneralBudgetBasic),
            format!(
                "一般公共预算财政拨款基本支出决算表只列到经济分类类级科目，按{}格式应细化到款级科目",
                region.label()
            ),
        );
    }
}

re!(ITEM_START, r"^[0-9]{1,2}[、.．]");

/// One 项 explained: its name (`一般公共服务支出（类）财政事务（款）行政运行（项）`), its
/// text (continued lines joined) and the paragraph it starts at.
struct Explained<'a> {
    name: String,
    text: String,
    para: &'a super::Sentence<'a>,
}

/// The 项 explained under “一般公共预算财政拨款支出决算具体情况”.
fn explained<'a>(cx: &'a DocCtx<'a>) -> (usize, Vec<Explained<'a>>) {
    let Some(start) = cx
        .paras
        .iter()
        .position(|s| s.text.contains("一般公共预算财政拨款支出决算具体情况"))
    else {
        return (0, Vec::new());
    };
    let mut out: Vec<Explained> = Vec::new();
    for s in cx.paras.get(start + 1..).unwrap_or_default() {
        if is_head(s) && level(s.text) <= 1 {
            break;
        }
        if ITEM_START.is_match(s.text) {
            out.push(Explained {
                name: String::new(),
                text: s.text.to_string(),
                para: s,
            });
        } else if let Some(last) = out.last_mut()
            && !is_head(s)
        {
            last.text.push_str(s.text);
        }
    }
    out.retain_mut(|e| {
        let Some(end) = e.text.find("（项）") else {
            return false;
        };
        let head = &e.text[..end + "（项）".len()];
        if head.chars().count() > 90 {
            return false;
        }
        e.name = ITEM_START.replace(head, "").trim().to_string();
        true
    });
    (start, out)
}

/// Whether the text states a piece with something after it (`主要用于：。` states nothing).
fn states(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let rest = text[i + word.len()..].trim_start_matches(['：', ':', '为', ' ']);
        !rest.is_empty() && !rest.starts_with(['。', '；', '，'])
    })
}

/// The first amount right after a word (within 8 characters).
fn amount_after(text: &str, words: &[&str]) -> Option<rust_decimal::Decimal> {
    words.iter().find_map(|w| {
        let i = text.find(w)?;
        let rest = &text[i + w.len()..];
        let a = amounts(rest).into_iter().next()?;
        (rest[..a.start].chars().count() <= 8).then_some(a.value)
    })
}

pub(super) const D057: DocRule = DocRule {
    meta: Meta {
        code: "D-057",
        name: "项级科目说明不完整",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "地区格式要求逐项说明一般公共预算财政拨款支出时（上海：“按上述格式依次说明到各项级科目”），\
读出“一般公共预算财政拨款支出决算具体情况”下的每一项（“1、××（类）××（款）××（项）。……”，\
跨行的接起来），查它是否写了主要用于、年初预算、支出决算；年初预算与支出决算不同时，\
是否写了主要原因（写“持平”的不要求）。同一文件有一般公共预算财政拨款支出决算表时，\
表中有数、说明却没有逐项说明的项级科目也列出（按项名称和所属款名称对照）。\
部门预算逐项说明财政拨款支出（上海区级：“1.“××（类）××（款）××（项）”X万元，主要用于……”）时，\
查每项是否写了主要用于，并列出一般公共预算支出功能分类预算表中有数、说明却没有的项级科目\
（按类、款、项名称对照）；说明不逐项列出的预算不查。",
            why: "逐项说明资金用途和预决算差异的原因，是部门决算“说明到项”的要求；缺了用途或原因，\
读者只看到数字，不知道钱干了什么、为什么没按预算花完。",
            bad: "“3、一般公共服务支出（类）财政事务（款）信息化建设（项）。年初预算为135.90万元，\
支出决算为135.25万元。决算数小于预算数的主要原因：……”没有“主要用于”；\
或表中有“2010608 财政委托业务支出”449.52万元，说明中没有这一项。",
            good: "“3、一般公共服务支出（类）财政事务（款）信息化建设（项）。主要用于：信息化系统日常维护费\
等支出。年初预算为135.90万元，支出决算为135.25万元。决算数小于预算数的主要原因：……”",
            basis: "上海市2024年度部门决算公开样张第三部分五（三）（“1、教育支出（类）普通教育（款）初中教育（项）。\
主要用于：XXXXXXXX。年初预算为XXX万元，支出决算为XXX万元。决算数大于（小于）预算数的主要原因：\
XXXXXXXX。……按上述格式依次说明到各项级科目，预决算持平的不用说明变动原因”）；\
上海市区级部门预算公开格式“部门预算编制说明”（财政拨款支出主要内容逐项列示）；\
《地方预决算公开操作规程》（财预〔2016〕143号）（部门决算支出按功能分类公开到项级科目）。",
        },
    },
    check: item_explanations,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况\n一般公共预算财政拨款支出年初预算为100.00万元，支出决算为90.00万元。其中：\n1、一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为100.00万元，支出决算为90.00万元。\n六、一般公共预算财政拨款基本支出决算情况说明\n",
            silent: "上海市普陀区测试局2024年度部门决算\n五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况\n一般公共预算财政拨款支出年初预算为100.00万元，支出决算为90.00万元。其中：\n1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：机关人员经费。年初预算为100.00万元，支出决算为90.00万元。决算数小于预算数的主要原因：人员减少。\n六、一般公共预算财政拨款基本支出决算情况说明\n",
        },
        super::budget::D057_FIXTURE,
    ],
};

fn item_explanations(cx: &DocCtx, sink: &mut Sink) {
    if let Some(b) = cx.budget {
        super::budget::items_explained(cx, b, sink);
        return;
    }
    let Some(region) = cx.final_accounts_region() else {
        return;
    };
    let pieces = &region.profile().detail.item_explanation;
    if pieces.is_empty() {
        return;
    }
    let (start, items) = explained(cx);
    if items.is_empty() {
        return;
    }
    for e in &items {
        let mut missing: Vec<&str> = pieces
            .iter()
            .filter(|p| !p.find.iter().any(|w| states(&e.text, w)))
            .map(|p| p.name.as_str())
            .collect();
        let budget = amount_after(&e.text, &["年初预算为", "年初预算"]);
        let actual = amount_after(&e.text, &["支出决算为", "决算为", "决算数为"]);
        if let (Some(b), Some(a)) = (budget, actual)
            && b != a
            && !e.text.contains("原因")
            && !e.text.contains("持平")
        {
            missing.push("决算数与预算数不同的主要原因");
        }
        if missing.is_empty() {
            continue;
        }
        let end = e
            .para
            .text
            .find("（项）")
            .map_or(e.para.text.len(), |i| i + "（项）".len());
        sink.report(
            cx.at(e.para, 0..end, 0),
            format!("“{}”的说明缺少：{}", e.name, missing.join("、")),
        );
    }
    // 项 of the table with an amount that the explanation leaves out.
    let Some(gb) = &cx.package.tables.general_budget else {
        return;
    };
    let names: Vec<String> = items.iter().map(|e| norm(&e.name)).collect();
    let mut left_out = Vec::new();
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
        let found = names.iter().any(|n| {
            n.contains(&format!("{name}(项)"))
                && section.as_ref().is_none_or(|s| n.contains(s.as_str()))
        });
        if !found {
            left_out.push(format!("{} {}", r.code, r.name));
        }
    }
    if !left_out.is_empty()
        && let Some(head) = cx.paras.get(start)
    {
        sink.report(
            cx.at(head, 0..head.text.len(), 0),
            format!(
                "一般公共预算财政拨款支出决算表中有数的项级科目没有逐项说明：{}",
                left_out.join("、")
            ),
        );
    }
}
