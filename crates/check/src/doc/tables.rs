//! The explanation against the tables of the same document: D-036 the class lines against
//! the stated total, D-040 a figure the text states against its table, D-041 "no such
//! money" against a table with figures, D-042 listed economic items without an amount.

use std::sync::LazyLock;

use juesuan_diagnostics::{Meta, Severity, Sink, Unit};
use juesuan_model::fields::{CellValue, Record};
use juesuan_model::tables::TableKind;
use juesuan_model::text::compact;
use juesuan_model::{Amount, Package};
use juesuan_rules::interval::{Term, check_equal, half};
use regex::Regex;
use rust_decimal::Decimal;

use super::{Doc, DocCtx, DocFixture, DocRule, Family, dec};
use crate::numbers::{amounts, re};

re!(CLASS_FINAL, r"^[0-9]+[、.．]? ?([^0-9（(]{2,20}支出)$");
re!(
    FINAL_AMOUNT,
    r"决算(?:数)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);
re!(
    GB_TOTAL,
    r"一般公共预算财政拨款支出(?:决算)?(?:为)?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);

pub(super) const D036: DocRule = DocRule {
    meta: Meta {
        code: "D-036",
        name: "分项之和与合计不符",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "说明中“一般公共预算财政拨款支出决算具体情况”逐类列出（“1、教育支出”下一段“2024年度决算\
0.2万元……”），各类决算数之和应等于说明写的“一般公共预算财政拨款支出X万元”。\
各数按最多的小数位、至少两位读（14864.9 即 14864.90），差额超出各数舍入误差之和（每个数 \
±0.005）才报。",
            why: "各类之和对不上合计，说明漏列了一类或某类抄错，读者无法判断哪个数可信；\
固定容差（如 ±0.5万元）会放过这类错误。",
            bad: "“一般公共预算财政拨款支出14864.9万元”，各类为教育0.2 + 科学技术14144.4 + 社会保障和就业\
278.41 + 卫生健康146.04 + 住房保障295.81 = 14864.86，差0.04，超出六个数的舍入范围 ±\
0.03。",
            good: "逐类与一般公共预算财政拨款支出决算表核对，找出差0.04万元的那一类并改正（或补上漏列的\
类），使各类之和等于14864.90。",
            basis: "北京市2024年度部门决算公开报表表五《一般公共预算财政拨款支出决算表》；\
上海市2024年度部门决算公开样张第三部分五（二）“一般公共预算财政拨款支出 XXX 万元，\
主要用于以下方面：一般公共服务支出（类）XXX 万元……”；《地方预决算公开操作规程》（财预\
〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: class_sum,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n一般公共预算财政拨款支出100万元。\n（二）一般公共预算财政拨款支出决算具体情况\n1、教育支出\n2024年度决算40万元。\n2、科学技术支出\n2024年度决算50万元。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n一般公共预算财政拨款支出100万元。\n（二）一般公共预算财政拨款支出决算具体情况\n1、教育支出\n2024年度决算40万元。\n2、科学技术支出\n2024年度决算60万元。\n",
    }],
};

/// The class-by-class final amounts of the 一般公共预算 explanation against the total it
/// states (`1、教育支出` / `2024年度决算0.2万元…`).
fn class_sum(cx: &DocCtx, sink: &mut Sink) {
    let Some((total_at, total_range, total, td)) = cx.paras.iter().find_map(|s| {
        let c = GB_TOTAL.captures(s.text)?;
        let (v, d) = dec(c.get(1)?.as_str())?;
        Some((s, c.get(0)?.range(), v, d))
    }) else {
        return;
    };
    let mut items: Vec<(String, Decimal, u32)> = Vec::new();
    let mut in_detail = false;
    for (i, s) in cx.paras.iter().enumerate() {
        if s.text.contains("支出决算具体情况") && s.text.contains("一般公共预算") {
            in_detail = true;
            continue;
        }
        if !in_detail {
            continue;
        }
        if s.text.starts_with("五、")
            || s.text.starts_with("六、")
            || s.text.contains("政府性基金预算财政拨款支出决算情况")
        {
            break;
        }
        if let Some(c) = CLASS_FINAL.captures(s.text.trim())
            && let Some(next) = cx.paras.get(i + 1)
            && let Some(f) = FINAL_AMOUNT.captures(next.text)
            && let (Some(name), Some(v)) = (c.get(1), f.get(1).and_then(|v| dec(v.as_str())))
        {
            items.push((name.as_str().to_string(), v.0, v.1));
        }
    }
    if items.len() < 2 {
        return;
    }
    let dp = items.iter().map(|i| i.2).max().unwrap_or(2).max(td).max(2);
    let terms: Vec<Term> = items.iter().map(|i| Term::with_decimals(i.1, dp)).collect();
    let sum = Term::sum(&terms);
    if let Some(mm) = check_equal(Term::with_decimals(total, dp), sum) {
        let parts = items
            .iter()
            .map(|i| juesuan_diagnostics::Part {
                label: i.0.clone(),
                value: i.1,
            })
            .collect();
        let listed: Vec<String> = items.iter().map(|i| format!("{} {}", i.0, i.1)).collect();
        let f = sink
            .finding(
                cx.at(total_at, total_range, 0).quote(total_at.text),
                format!(
                    "一般公共预算财政拨款支出写 {total} 万元，各类决算之和为 {}（{}）",
                    sum.value,
                    listed.join(" + ")
                ),
            )
            .number("说明写的合计", total, Unit::Wanyuan)
            .sum("各类决算之和", parts, Unit::Wanyuan)
            .arithmetic(mm.arithmetic(Some(dp), Unit::Wanyuan));
        sink.push(f);
    }
}

/// A figure the explanation states and the table it must match.
struct Stated {
    label: &'static str,
    table: TableKind,
    get: fn(&Package) -> Option<Amount>,
}

const STATED: &[Stated] = &[
    Stated {
        label: "财政拨款收入支出总计",
        table: TableKind::AppropriationSummary,
        get: |p| p.tables.appropriation_summary.as_ref()?.income.grand_total,
    },
    Stated {
        label: "财政拨款收、支总计",
        table: TableKind::AppropriationSummary,
        get: |p| p.tables.appropriation_summary.as_ref()?.income.grand_total,
    },
    Stated {
        label: "收入支出总计",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.income.grand_total,
    },
    Stated {
        label: "收、支总计",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.income.grand_total,
    },
    Stated {
        label: "本年收入合计",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.income.total,
    },
    Stated {
        label: "本年支出合计",
        table: TableKind::Summary,
        get: |p| p.tables.summary.as_ref()?.expenditure_totals.total,
    },
    Stated {
        label: "一般公共预算财政拨款基本支出",
        table: TableKind::GeneralBudget,
        get: |p| p.tables.general_budget.as_ref()?.total.basic,
    },
    Stated {
        label: "一般公共预算财政拨款支出",
        table: TableKind::GeneralBudget,
        get: |p| p.tables.general_budget.as_ref()?.total.total,
    },
    Stated {
        label: "人员经费",
        table: TableKind::GeneralBudgetBasic,
        get: |p| p.tables.general_budget_basic.as_ref()?.total.personnel,
    },
    Stated {
        label: "公用经费",
        table: TableKind::GeneralBudgetBasic,
        get: |p| p.tables.general_budget_basic.as_ref()?.total.public,
    },
    // 三公: `“三公”经费财政拨款支出年初预算为0.95万元`, `因公出国（境）费决算为0.00万元`.
    Stated {
        label: "三公”经费财政拨款支出年初预算",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.budget.total,
    },
    Stated {
        label: "三公”经费财政拨款支出决算",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.total,
    },
    Stated {
        label: "三公”经费财政拨款决算",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.total,
    },
    Stated {
        label: "因公出国（境）费支出",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.overseas,
    },
    Stated {
        label: "因公出国（境）费",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.overseas,
    },
    Stated {
        label: "公务用车购置及运行维护费支出",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.vehicle,
    },
    Stated {
        label: "公务用车购置及运行维护费",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.vehicle,
    },
    Stated {
        label: "公务接待费支出",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.reception,
    },
    Stated {
        label: "公务接待费",
        table: TableKind::ThreePublic,
        get: |p| p.tables.three_public.as_ref()?.actual.reception,
    },
];

re!(
    CLASS_AMOUNT,
    r"([^0-9，。；：、（）]{2,20}支出)（类）([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);

pub(super) const D040: DocRule = DocRule {
    meta: Meta {
        code: "D-040",
        name: "说明数字与报表不符",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "说明中紧跟在“收入支出总计”“本年收入合计”“本年支出合计”“财政拨款收入支出总计”\
“一般公共预算财政拨款支出”“人员经费”“公用经费”“三公”经费各项等之后的金额，\
与同一文件中对应报表的数比较：两数各按写出的小数位代表一个区间（写 2940.1 即 \
2940.05～2940.15），区间不相交才报。“××支出（类）X万元”与一般公共预算财政拨款支出决算表\
的类级数须完全相等。",
            why: "说明的数字都应取自报表；两处不一致，至少有一处是错的，读者不知道该信哪个。\
常见原因是报表改了、说明没跟着改。",
            bad: "一般公共预算财政拨款支出决算表合计 2940.05 万元，说明写“2024年度一般公共预算财政拨款支出\
2941.05万元”。",
            good: "以审核后的报表为准改说明：“一般公共预算财政拨款支出2940.05万元”；如果是报表错了，\
先改报表，再核对由它算出的占比和变动额。",
            basis: "《中华人民共和国预算法》第十四条（部门决算及报表向社会公开并作出说明）；\
上海市2024年度部门决算公开样张第二部分各表与第三部分对应各节；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: against_tables,
    fixtures: &[DocFixture {
        fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t201\n\t一般公共服务支出\n\t90\n\t90\n\t0\n\n2024年度一般公共预算财政拨款支出100万元。\n",
        silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t201\n\t一般公共服务支出\n\t90\n\t90\n\t0\n\n2024年度一般公共预算财政拨款支出90万元。\n",
    }],
};

fn against_tables(cx: &DocCtx, sink: &mut Sink) {
    let pkg = cx.package;
    for s in &cx.paras {
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for st in STATED {
            let Some(table_value) = (st.get)(pkg) else {
                continue;
            };
            for (i, _) in s.text.match_indices(st.label) {
                let end = i + st.label.len();
                if taken.iter().any(|(a, b)| i < *b && end > *a) {
                    continue;
                }
                // The amount must follow the label directly (`总计2995.39万元`, `为…`).
                let rest = &s.text[end..];
                let lead = rest
                    .trim_start_matches(['为', '是', '：', ' '])
                    .trim_start_matches("决算")
                    .trim_start_matches(['为', '数']);
                let Some(a) = amounts(lead).into_iter().next().filter(|a| a.start == 0) else {
                    continue;
                };
                taken.push((i, end));
                let stated = Term::with_decimals(a.value, a.decimals);
                let table = Term::with_decimals(table_value.value(), table_value.scale());
                if check_equal(stated, table).is_some()
                    && (a.value - table_value.value()).abs() >= half(a.decimals) * Decimal::from(2)
                {
                    let shift = rest.len() - lead.len();
                    let f = sink
                        .finding(
                            cx.at(s, i..end + shift + a.end, 6),
                            format!(
                                "说明写{}{} 万元，{}中是 {} 万元",
                                st.label,
                                a.value,
                                st.table.title(),
                                table_value.value()
                            ),
                        )
                        .number("说明", a.value, Unit::Wanyuan)
                        .number(st.table.title(), table_value.value(), Unit::Wanyuan);
                    sink.push(f);
                }
            }
        }
        // Class lines: `一般公共服务支出（类）2106.66万元` against 一般公共预算财政拨款支出决算表.
        if let Some(gb) = &pkg.tables.general_budget {
            for c in CLASS_AMOUNT.captures_iter(s.text) {
                let (Some(m), Some(name), Some(v)) = (c.get(0), c.get(1), c.get(2)) else {
                    continue;
                };
                let Some((v, _)) = dec(v.as_str()) else {
                    continue;
                };
                let Some(row) = gb.rows.iter().find(|r| {
                    r.code.parent().is_none() && compact(&r.name) == compact(name.as_str())
                }) else {
                    continue;
                };
                let Some(t) = row.total else { continue };
                if t.value() != v {
                    let f = sink
                        .finding(
                            cx.at(s, m.range(), 0).quote(m.as_str()),
                            format!(
                                "说明写{}（类）{} 万元，一般公共预算财政拨款支出决算表中是 {} 万元",
                                name.as_str(),
                                v,
                                t.value()
                            ),
                        )
                        .number("说明", v, Unit::Wanyuan)
                        .number(
                            format!("{} {}", row.code, row.name),
                            t.value(),
                            Unit::Wanyuan,
                        );
                    sink.push(f);
                }
            }
        }
    }
}

re!(
    NONE_OF,
    r"(没有|无|未)[^。；，]{0,16}(政府性基金|国有资本经营)[^。；]{0,20}(收入|支出|收支|本表无数据)"
);

/// The first amount other than zero in a record.
fn nonzero<R: Record>(r: &R) -> Option<Amount> {
    (0..R::FIELDS.len()).find_map(|i| match r.get(i) {
        Some(CellValue::Amount(a)) if !a.is_zero() => Some(a),
        _ => None,
    })
}

pub(super) const D041: DocRule = DocRule {
    meta: Meta {
        code: "D-041",
        name: "空表与说明不符",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "说明或表下注写“没有（无、未安排）政府性基金（国有资本经营）预算财政拨款收入支出”\
“故本表无数据”，而同一文件中该表的合计行或明细行有不为零的数。（表为空却没写这句说明，\
由审核规则 T7-004、T9-004 报告。）",
            why: "表下说明与表内数字矛盾，读者无法判断单位到底有没有这类资金；多是从上年文件或模板复制的表\
下注没有随数字更新。",
            bad: "政府性基金预算财政拨款收入支出决算表“2120801 征地和拆迁补偿支出”本年支出10.00万元，\
表下却注“本单位无政府性基金预算财政拨款收入支出，故本表无数据。”",
            good: "有数时删去表下这句，并在情况说明“八、政府性基金预算财政拨款收入支出决算情况说明”\
中逐项说明；确实没有这类资金时，表中各数应为0或空白。",
            basis: "上海市2024年度部门决算公开样张表八、表九表下“无政府性基金（国有资本经营）\
预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明”及第三部分八、九；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: said_empty,
    fixtures: &[DocFixture {
        fires: "上海市普陀区测试局2024年度部门决算\n政府性基金预算财政拨款收入支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t年初结转和结余\n\t本年收入\n\t本年支出小计\n\t基本支出\n\t项目支出\n\t年末结转和结余\n\n\t\n\t合计\n\t0\n\t10\n\t10\n\t0\n\t10\n\t0\n\n\t2120801\n\t征地和拆迁补偿支出\n\t0\n\t10\n\t10\n\t0\n\t10\n\t0\n\n注：上海市普陀区测试局无政府性基金预算财政拨款支出，故本表无数据。\n",
        silent: "上海市普陀区测试局2024年度部门决算\n政府性基金预算财政拨款收入支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t年初结转和结余\n\t本年收入\n\t本年支出小计\n\t基本支出\n\t项目支出\n\t年末结转和结余\n\n\t\n\t合计\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n\t2120801\n\t征地和拆迁补偿支出\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n注：上海市普陀区测试局无政府性基金预算财政拨款支出，故本表无数据。\n",
    }],
};

/// A sentence saying the unit had no 政府性基金 / 国有资本经营 money, while that table shows
/// an amount other than zero.
fn said_empty(cx: &DocCtx, sink: &mut Sink) {
    let pkg = cx.package;
    for s in &cx.paras {
        for c in NONE_OF.captures_iter(s.text) {
            let (Some(m), Some(fund)) = (c.get(0), c.get(2)) else {
                continue;
            };
            let (table, kind) = match fund.as_str() {
                "政府性基金" => (&pkg.tables.gov_fund, TableKind::GovFund),
                _ => (&pkg.tables.state_capital, TableKind::StateCapital),
            };
            let Some(t) = table else { continue };
            if let Some(a) = nonzero(&t.total).or_else(|| t.rows.iter().find_map(nonzero)) {
                let f = sink.finding(
                    cx.at(s, m.range(), 0).quote(m.as_str()),
                    format!(
                        "说明写没有{}收支，但{}中有数（如 {} 万元）",
                        fund.as_str(),
                        kind.title(),
                        a.value()
                    ),
                );
                sink.push(f);
            }
        }
    }
}

re!(
    INCLUDES,
    r"(人员经费|公用经费)[0-9.,]*万元[，,]?主要包括：([^；。]*)"
);

pub(super) const D042: DocRule = DocRule {
    meta: Meta {
        code: "D-042",
        name: "说明列出的经费科目在报表中没有数",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "基本支出说明“人员经费X万元，主要包括：……；公用经费Y万元，主要包括：……”\
中列出的经济分类款级科目（如“伙食补助费”“差旅费”），在同一文件的一般公共预算财政拨款基本\
支出决算表中为空或为0时提示。不是经济分类科目名称的词不检查。",
            why: "样张要求只列实际发生的科目（“不涉及的不列”）；照抄模板的全部科目，说明就与报表不符，\
读者会以为有这些支出。",
            bad: "“人员经费2106.66万元，主要包括：基本工资、津贴补贴、奖金、伙食补助费”，\
而基本支出决算表“30106 伙食补助费”为空。",
            good: "删去表中没有数的科目：“人员经费2106.66万元，主要包括：基本工资、津贴补贴、奖金”。",
            basis: "上海市2024年度部门决算公开样张第三部分六“人员经费 XXX 万元，主要包括：基本工资、\
津贴补贴、奖金……（不涉及的不列）”及表六《一般公共预算财政拨款基本支出决算表》；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: listed_items,
    fixtures: &[DocFixture {
        fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t301\n\t工资福利支出\n\t10\n\n\t30101\n\t基本工资\n\t10\n\n\t30102\n\t津贴补贴\n\t\n\n\t\n\t人员经费合计\n\t10\n\n\t\n\t公用经费合计\n\t0\n\n人员经费10万元，主要包括：基本工资、津贴补贴。\n",
        silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t301\n\t工资福利支出\n\t10\n\n\t30101\n\t基本工资\n\t10\n\n\t30102\n\t津贴补贴\n\t\n\n\t\n\t人员经费合计\n\t10\n\n\t\n\t公用经费合计\n\t0\n\n人员经费10万元，主要包括：基本工资。\n",
    }],
};

/// Economic items the basic-expenditure explanation lists must have an amount in the table.
fn listed_items(cx: &DocCtx, sink: &mut Sink) {
    let Some(basic) = &cx.package.tables.general_budget_basic else {
        return;
    };
    for s in &cx.paras {
        for c in INCLUDES.captures_iter(s.text) {
            let (Some(kind), Some(list)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let mut pos = list.start();
            for item in list.as_str().split(['、', '，']) {
                let item_range = pos..pos + item.len();
                pos += item.len() + '、'.len_utf8();
                let name = compact(item.trim());
                if name.is_empty() {
                    continue;
                }
                // Only names of the economic classification; the table lists rows with amounts.
                let Some(entry) = cx
                    .catalog
                    .of(juesuan_model::code::Classification::Economic)
                    .find(|e| compact(&e.name) == name && e.code.parent().is_some())
                else {
                    continue;
                };
                let row = basic.rows.iter().find(|r| r.code == entry.code);
                if row.and_then(|r| r.amount).is_none_or(|a| a.is_zero()) {
                    let f = sink.finding(
                        cx.at(s, item_range, 0).quote(list.as_str()),
                        format!(
                            "{}说明列出了“{}”，但基本支出决算表中 {} {} 没有数",
                            kind.as_str(),
                            item.trim(),
                            entry.code,
                            entry.name
                        ),
                    );
                    sink.push(f);
                }
            }
        }
    }
}
