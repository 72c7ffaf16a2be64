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

/// The amount a text starts with (`2940.05万元，…`), reading no further than its first
/// few characters.
/// The amounts a paragraph states right after each of `labels` (`收入支出总计2995.39万元`,
/// `…为…`, `…决算数…`), label by label in their order, each with its table value and the
/// range from the label to the amount's end. A place an earlier label took is not read
/// again (`财政拨款收入支出总计` before `收入支出总计`). D-040 and D-047 read the same
/// statements and differ only in what they report.
fn after_labels<'l, T: Copy>(
    text: &str,
    labels: &[(&'l Stated, T)],
) -> Vec<(&'l Stated, T, crate::numbers::Num, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for &(st, table_value) in labels {
        for (i, _) in text.match_indices(st.label) {
            let end = i + st.label.len();
            if taken.iter().any(|(a, b)| i < *b && end > *a) {
                continue;
            }
            // The amount must follow the label directly.
            let rest = &text[end..];
            let lead = rest
                .trim_start_matches(['为', '是', '：', ' '])
                .trim_start_matches("决算")
                .trim_start_matches(['为', '数']);
            let Some(a) = leading_amount(lead) else {
                continue;
            };
            taken.push((i, end));
            let shift = rest.len() - lead.len();
            out.push((st, table_value, a, i..end + shift + a.end));
        }
    }
    out
}

fn leading_amount(text: &str) -> Option<crate::numbers::Num> {
    if !text.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    let end = text.char_indices().nth(24).map_or(text.len(), |(i, _)| i);
    amounts(&text[..end])
        .into_iter()
        .next()
        .filter(|a| a.start == 0)
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
的类级数须完全相等；逐项说明“××（类）××（款）××（项）……支出决算为X万元”（北京格式“1、教育支出”\
下一段“2024年度决算X万元”）与该表对应的项（类）行比较，表中印有年初预算数列时年初预算也比较。\
一边为0或空白的由 D-047 报告。部门预算：“收入预算X万元”（写“本年收入预算”时为本年收入合计）、\
“其中：财政拨款收入”“事业收入”“事业单位经营收入”“其他收入”“支出预算X万元”与收支预算总表对应行比较，\
“财政拨款支出预算”与财政拨款收支预算总表的支出总计、“一般公共预算拨款支出预算”与一般公共预算支出\
预算表的合计比较（句中写“比”“上年”、其他年度或“决算”的数不比）；逐项“……（项）”X万元与该项行比较；\
报表以元列示、说明以万元写时，四舍五入和截尾都可能，相差达到末位一个单位才报。",
            why: "说明的数字都应取自报表；两处不一致，至少有一处是错的，读者不知道该信哪个。\
常见原因是报表改了、说明没跟着改。",
            bad: "一般公共预算财政拨款支出决算表合计 2940.05 万元，说明写“2024年度一般公共预算财政拨款支出\
2941.05万元”。",
            good: "以审核后的报表为准改说明：“一般公共预算财政拨款支出2940.05万元”；如果是报表错了，\
先改报表，再核对由它算出的占比和变动额。",
            basis: "《中华人民共和国预算法》第十四条（部门决算及报表向社会公开并作出说明）；\
上海市2024年度部门决算公开样张第二部分各表与第三部分对应各节；\
上海市区级部门预算公开格式“部门预算编制说明”与表1《部门财务收支预算总表》；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: against_tables,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t201\n\t一般公共服务支出\n\t90\n\t90\n\t0\n\n2024年度一般公共预算财政拨款支出100万元。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t201\n\t一般公共服务支出\n\t90\n\t90\n\t0\n\n2024年度一般公共预算财政拨款支出90万元。\n",
        },
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t\n\n\t221\n\t住房保障支出\n\t90\n\t90\n\t\n\n\t22102\n\t住房改革支出\n\t90\n\t90\n\t\n\n\t2210201\n\t住房公积金\n\t90\n\t90\n\t\n\n1、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：缴纳在职人员住房公积金。年初预算为95万元，支出决算为80万元。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t\n\n\t221\n\t住房保障支出\n\t90\n\t90\n\t\n\n\t22102\n\t住房改革支出\n\t90\n\t90\n\t\n\n\t2210201\n\t住房公积金\n\t90\n\t90\n\t\n\n1、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：缴纳在职人员住房公积金。年初预算为95万元，支出决算为90万元。\n",
        },
        super::budget::D040_FIXTURE,
        super::budget::D040_TOTALS_FIXTURE,
    ],
};

fn against_tables(cx: &DocCtx, sink: &mut Sink) {
    if let Some(b) = cx.budget {
        super::budget::text_vs_tables(cx, b, sink);
    }
    for l in line_figures(cx) {
        if l.stated.0.is_zero() || l.table.is_zero() {
            continue;
        }
        let stated = Term::with_decimals(l.stated.0, l.stated.1.max(2));
        if check_equal(stated, Term::exact(l.table)).is_none() {
            continue;
        }
        let s = &cx.paras[l.para];
        let f = sink
            .finding(
                cx.at(s, l.range.clone(), 2),
                format!(
                    "说明写{}{} {} 万元，一般公共预算财政拨款支出决算表中 {} {}是 {} 万元",
                    l.name, l.what, l.stated.0, l.code, l.row_name, l.table
                ),
            )
            .number("说明", l.stated.0, Unit::Wanyuan)
            .number(format!("{} {}", l.code, l.row_name), l.table, Unit::Wanyuan);
        sink.push(f);
    }
    let pkg = cx.package;
    let labels: Vec<(&Stated, Amount)> = STATED
        .iter()
        .filter_map(|st| (st.get)(pkg).map(|v| (st, v)))
        .collect();
    for s in &cx.paras {
        if !s.text.contains("万元") {
            continue;
        }
        for (st, table_value, a, range) in after_labels(s.text, &labels) {
            // A zero on one side only is D-047's.
            if a.value.is_zero() || table_value.is_zero() {
                continue;
            }
            let stated = Term::with_decimals(a.value, a.decimals);
            let table = Term::with_decimals(table_value.value(), table_value.scale());
            if check_equal(stated, table).is_some()
                && (a.value - table_value.value()).abs() >= half(a.decimals) * Decimal::from(2)
            {
                let f = sink
                    .finding(
                        cx.at(s, range, 6),
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
                if t.value() != v && !t.is_zero() && !v.is_zero() {
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
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n政府性基金预算财政拨款收入支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t年初结转和结余\n\t本年收入\n\t本年支出小计\n\t基本支出\n\t项目支出\n\t年末结转和结余\n\n\t\n\t合计\n\t0\n\t10\n\t10\n\t0\n\t10\n\t0\n\n\t2120801\n\t征地和拆迁补偿支出\n\t0\n\t10\n\t10\n\t0\n\t10\n\t0\n\n注：上海市普陀区测试局无政府性基金预算财政拨款支出，故本表无数据。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n政府性基金预算财政拨款收入支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t年初结转和结余\n\t本年收入\n\t本年支出小计\n\t基本支出\n\t项目支出\n\t年末结转和结余\n\n\t\n\t合计\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n\t2120801\n\t征地和拆迁补偿支出\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n注：上海市普陀区测试局无政府性基金预算财政拨款支出，故本表无数据。\n",
        },
        super::budget::D041_FIXTURE,
    ],
};

/// A sentence saying the unit had no 政府性基金 / 国有资本经营 money, while that table shows
/// an amount other than zero.
fn said_empty(cx: &DocCtx, sink: &mut Sink) {
    if let Some(b) = cx.budget {
        super::budget::notes(cx, b, sink);
    }
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

/// A figure the explanation states for one line of 一般公共预算财政拨款支出决算表 (a Shanghai
/// `…（类）…（款）…（项）` paragraph, a Beijing `1、教育支出` class paragraph) with the
/// table's figure (a blank cell of the complete table read as zero).
pub(super) struct LineFigure {
    /// The paragraph of the figure.
    pub para: usize,
    /// The statement's byte range.
    pub range: std::ops::Range<usize>,
    /// The line as the text names it (`行政运行（项）`).
    pub name: String,
    /// `决算` or `年初预算`.
    pub what: &'static str,
    /// The stated figure and its decimals.
    pub stated: (Decimal, u32),
    /// The table's figure.
    pub table: Decimal,
    /// The row's code and name.
    pub code: String,
    pub row_name: String,
    /// The table lists no row for the line.
    pub missing: bool,
}

re!(
    ITEM_HEAD,
    r"^[0-9]+[、.．] *([^（）()、。]+?)（类）([^（）()。]+?)（款）([^（）()。]+?)（项）"
);
re!(NUMBERED, r"^[0-9]+[、.．]");
re!(
    CHAPTER,
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)"
);
re!(
    BUDGET_IN_CLASS,
    r"年初预算(?:数)?为?([0-9][0-9,]*(?:\.[0-9]+)?)万元"
);

/// The figures stated for lines of the general-budget table, with the table's figures.
pub(super) fn line_figures(cx: &DocCtx) -> Vec<LineFigure> {
    line_figures_with(cx, false)
}

/// The 年初预算 the explanation states for each 项 (and Beijing class) line that the
/// general-budget table lists, by the row's code: what `compare` holds against the budget
/// when the table itself prints no 年初预算 column.
pub(crate) fn stated_initial_budgets(cx: &DocCtx) -> Vec<(juesuan_model::Code, Decimal, u32)> {
    line_figures_with(cx, true)
        .into_iter()
        .filter(|l| l.what == "年初预算" && !l.missing)
        .filter_map(|l| {
            let code = juesuan_model::Code::parse(&l.code).ok()?;
            Some((code, l.stated.0, l.stated.1))
        })
        .collect()
}

/// [`line_figures`]; with `text_budgets`, also the 年初预算 of lines whose row holds none
/// (their `table` figure is then zero and means nothing).
fn line_figures_with(cx: &DocCtx, text_budgets: bool) -> Vec<LineFigure> {
    let mut out = Vec::new();
    let Some(gb) = &cx.package.tables.general_budget else {
        return out;
    };
    if gb.coverage != juesuan_model::tables::Coverage::Complete || gb.rows.is_empty() {
        return out;
    }
    let find = |parent: Option<&juesuan_model::code::Code>, name: &str| {
        gb.rows.iter().find(|r| {
            r.code.parent().as_ref() == parent && juesuan_model::text::compact_eq(&r.name, name)
        })
    };
    let st = cx.statements();
    // Within the 政府性基金 / 国有资本经营 explanation the items are not this table's.
    let mut in_fund = false;
    for (i, s) in cx.paras.iter().enumerate() {
        let lead = s.text.trim_start();
        if lead.starts_with([
            '（', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十',
        ]) && CHAPTER.is_match(lead)
        {
            in_fund = s.text.contains("政府性基金") || s.text.contains("国有资本");
        }
        if in_fund
            || !s.text.starts_with(|c: char| c.is_ascii_digit())
            || !NUMBERED.is_match(s.text)
        {
            continue;
        }
        if s.text.contains("（类）") {
            // The heading may be cut by a line break: join the next paragraph.
            let next = cx.paras.get(i + 1);
            let joined;
            let head = if s.text.contains("（项）") {
                s.text
            } else if let Some(n) = next {
                joined = format!("{}{}", s.text, n.text);
                joined.as_str()
            } else {
                continue;
            };
            let Some(c) = ITEM_HEAD.captures(head) else {
                continue;
            };
            let (Some(class), Some(kind), Some(item)) = (c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            let chars = |m: regex::Match| m.as_str().chars().count();
            if !(2..=30).contains(&chars(class)) || chars(kind) > 30 || chars(item) > 40 {
                continue;
            }
            let Some(kind_row) =
                find(None, class.as_str()).and_then(|r| find(Some(&r.code), kind.as_str()))
            else {
                continue;
            };
            let row = find(Some(&kind_row.code), item.as_str());
            // An item the table does not list has no amount there, when the 款's items that
            // it lists add up to the 款 (else a row may have been misread).
            if row.is_none() {
                let sum: Decimal = gb
                    .rows
                    .iter()
                    .filter(|r| r.code.parent().as_ref() == Some(&kind_row.code))
                    .filter_map(|r| r.total.map(|t| t.value()))
                    .sum();
                if kind_row.total.map(|t| t.value()) != Some(sum) {
                    continue;
                }
            }
            let (code, row_name, table, initial) = match row {
                Some(r) => (
                    r.code.to_string(),
                    r.name.clone(),
                    row_total(r),
                    r.initial_budget,
                ),
                None => (
                    kind_row.code.to_string(),
                    format!("{}下的“{}”", kind_row.name, item.as_str().trim()),
                    Decimal::ZERO,
                    None,
                ),
            };
            let next_is_item = next.is_some_and(|n| NUMBERED.is_match(n.text));
            let Some(bf) = st
                .budget_final
                .iter()
                .find(|b| b.para == i || (b.para == i + 1 && !next_is_item))
            else {
                continue;
            };
            let name = format!("{}（项）", item.as_str().trim());
            out.push(LineFigure {
                para: bf.para,
                range: bf.range.clone(),
                name: name.clone(),
                what: "决算",
                stated: bf.actual,
                table,
                code: code.clone(),
                row_name: row_name.clone(),
                missing: row.is_none(),
            });
            if initial.is_some() || text_budgets {
                out.push(LineFigure {
                    para: bf.para,
                    range: bf.range.clone(),
                    name,
                    what: "年初预算",
                    stated: bf.budget,
                    table: initial.map(|b| b.value()).unwrap_or_default(),
                    code,
                    row_name,
                    missing: row.is_none(),
                });
            }
        } else if let Some(c) = CLASS_FINAL.captures(s.text.trim())
            && let Some(name) = c.get(1)
            && let Some(next) = cx.paras.get(i + 1)
            && let Some(f) = FINAL_AMOUNT.captures(next.text)
            && let (Some(fm), Some(v)) = (f.get(0), f.get(1).and_then(|v| dec(v.as_str())))
            && let Some(row) = find(None, name.as_str())
        {
            out.push(LineFigure {
                para: i + 1,
                range: fm.range(),
                name: name.as_str().to_string(),
                what: "决算",
                stated: v,
                table: row_total(row),
                code: row.code.to_string(),
                row_name: row.name.clone(),
                missing: false,
            });
            if (row.initial_budget.is_some() || text_budgets)
                && let Some(bc) = BUDGET_IN_CLASS.captures(next.text)
                && let (Some(bm), Some(bv)) = (bc.get(0), bc.get(1).and_then(|v| dec(v.as_str())))
            {
                out.push(LineFigure {
                    para: i + 1,
                    range: bm.range(),
                    name: name.as_str().to_string(),
                    what: "年初预算",
                    stated: bv,
                    table: row.initial_budget.map(|b| b.value()).unwrap_or_default(),
                    code: row.code.to_string(),
                    row_name: row.name.clone(),
                    missing: false,
                });
            }
        }
    }
    out
}

/// A row's 合计, or its 基本支出 + 项目支出 when the 合计 cell is blank.
fn row_total(r: &juesuan_model::tables::GeneralBudgetRow) -> Decimal {
    match r.total {
        Some(t) => t.value(),
        None => [r.basic, r.project]
            .iter()
            .flatten()
            .map(|a| a.value())
            .sum(),
    }
}

/// Whether the table a stated figure is compared with was read, whole.
fn table_read(pkg: &Package, kind: TableKind) -> bool {
    use juesuan_model::tables::Coverage::Complete;
    let t = &pkg.tables;
    match kind {
        TableKind::AppropriationSummary => t
            .appropriation_summary
            .as_ref()
            .is_some_and(|x| x.coverage == Complete && x.income.grand_total.is_some()),
        TableKind::Summary => t
            .summary
            .as_ref()
            .is_some_and(|x| x.coverage == Complete && x.income.grand_total.is_some()),
        TableKind::GeneralBudget => t
            .general_budget
            .as_ref()
            .is_some_and(|x| x.coverage == Complete && !x.rows.is_empty()),
        TableKind::GeneralBudgetBasic => t
            .general_budget_basic
            .as_ref()
            .is_some_and(|x| x.coverage == Complete && !x.rows.is_empty()),
        TableKind::ThreePublic => t.three_public.as_ref().is_some_and(|x| {
            x.coverage == Complete && !(x.budget.is_blank() && x.actual.is_blank())
        }),
        _ => false,
    }
}

re!(
    NONE_THREE_PUBLIC,
    r"(?:无|没有|未发生)(“三公”经费|因公出国（境）费|公务用车购置及运行维护费|公务用车购置费|公务用车运行维护费|公务接待费)(?:支出)?"
);

pub(super) const D047: DocRule = DocRule {
    meta: Meta {
        code: "D-047",
        name: "说明有数而报表为空（或相反）",
        severity: Severity::Error,
        family: Family::Document,
        doc: Doc {
            what: "说明写出的金额只有一边为0（或空白）：说明写某项有数（“××（项）……支出决算为X万元”\
“1、教育支出/2024年度决算X万元”“公务接待费X万元”“人员经费X万元”等），同一文件中对应报表\
的该格为空或0；或者说明写0、写“本年度无××支出”，报表该格却有数。只比较完整读出的报表\
（表中空格即0）；两边都有数而不相等的由 D-040 报告。",
            why: "一边有数一边为空，说明或报表至少有一处漏填、错填，读者会得出“有这笔支出”与\
“没有这笔支出”两个相反的结论；多是报表改了数、说明仍沿用上年或模板文字。",
            bad: "说明“10、住房保障支出（类）住房改革支出（款）住房公积金（项）……支出决算为187.19万元”，\
而一般公共预算财政拨款支出决算表“2210201 住房公积金”为空；或说明写“本年度无公务接待费支出”，\
“三公”经费支出决算表公务接待费决算数1.20万元。",
            good: "以审核后的报表为准：报表该格确有数的，说明写出该数并说明用途；确实没有支出的，\
报表该格为空或0，说明写“本年度无××支出”。",
            basis: "《中华人民共和国预算法》第十四条（部门决算及报表向社会公开并作出说明）；\
上海市2024年度部门决算公开样张第三部分五（三）“按上述格式依次说明到各项级科目”、七（一）；\
北京市2024年度部门决算公开报表表五《一般公共预算财政拨款支出决算表》；\
《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确）。",
        },
    },
    check: one_side_empty,
    fixtures: &[
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t\n\n\t221\n\t住房保障支出\n\t90\n\t90\n\t\n\n\t22102\n\t住房改革支出\n\t90\n\t90\n\t\n\n\t2210201\n\t住房公积金\n\t90\n\t90\n\t\n\n\t2210203\n\t购房补贴\n\t\n\t\n\t\n\n1、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：缴纳在职人员住房公积金。年初预算为90万元，支出决算为90万元。\n2、住房保障支出（类）住房改革支出（款）购房补贴（项）。主要用于：在职人员购房补贴。年初预算为12万元，支出决算为12万元。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t102\n\t102\n\t\n\n\t221\n\t住房保障支出\n\t102\n\t102\n\t\n\n\t22102\n\t住房改革支出\n\t102\n\t102\n\t\n\n\t2210201\n\t住房公积金\n\t90\n\t90\n\t\n\n\t2210203\n\t购房补贴\n\t12\n\t12\n\t\n\n1、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：缴纳在职人员住房公积金。年初预算为90万元，支出决算为90万元。\n2、住房保障支出（类）住房改革支出（款）购房补贴（项）。主要用于：在职人员购房补贴。年初预算为12万元，支出决算为12万元。\n",
        },
        DocFixture {
            fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t301\n\t工资福利支出\n\t10\n\n\t30101\n\t基本工资\n\t10\n\n\t\n\t人员经费合计\n\t10\n\n\t\n\t公用经费合计\n\t0\n\n一般公共预算财政拨款基本支出10万元。其中：人员经费0万元，公用经费0万元。\n",
            silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t301\n\t工资福利支出\n\t10\n\n\t30101\n\t基本工资\n\t10\n\n\t\n\t人员经费合计\n\t10\n\n\t\n\t公用经费合计\n\t0\n\n一般公共预算财政拨款基本支出10万元。其中：人员经费10万元，公用经费0万元。\n",
        },
    ],
};

/// Text and table where one side has a figure and the other is blank or zero.
fn one_side_empty(cx: &DocCtx, sink: &mut Sink) {
    for l in line_figures(cx) {
        if l.stated.0.is_zero() == l.table.is_zero() {
            continue;
        }
        let s = &cx.paras[l.para];
        let table = if l.missing {
            format!("{} {}没有列出（没有数）", l.code, l.row_name)
        } else if l.table.is_zero() {
            format!("{} {}为空（0）", l.code, l.row_name)
        } else {
            format!("{} {}是 {} 万元", l.code, l.row_name, l.table)
        };
        let f = sink
            .finding(
                cx.at(s, l.range.clone(), 2),
                format!(
                    "说明写{}{} {} 万元，一般公共预算财政拨款支出决算表中 {table}",
                    l.name, l.what, l.stated.0
                ),
            )
            .number("说明", l.stated.0, Unit::Wanyuan)
            .number(format!("{} {}", l.code, l.row_name), l.table, Unit::Wanyuan);
        sink.push(f);
    }
    let pkg = cx.package;
    // A figure not read is zero only in the one-row 三公 table; elsewhere the line may not
    // be printed at all.
    let stated: Vec<(&Stated, Decimal)> = STATED
        .iter()
        .filter(|st| table_read(pkg, st.table))
        .filter_map(|st| match (st.get)(pkg) {
            Some(a) => Some((st, a.value())),
            None if st.table == TableKind::ThreePublic => Some((st, Decimal::ZERO)),
            None => None,
        })
        .collect();
    let three_public = table_read(pkg, TableKind::ThreePublic);
    for s in &cx.paras {
        if !s.text.contains("万元") && !s.text.contains('无') {
            continue;
        }
        for (st, table_value, a, range) in after_labels(s.text, &stated) {
            if a.value.is_zero() == table_value.is_zero() {
                continue;
            }
            let table = if table_value.is_zero() {
                "该数为空（0）".to_string()
            } else {
                format!("是 {} 万元", table_value)
            };
            let label = if st.label.starts_with("三公”") {
                format!("“{}", st.label)
            } else {
                st.label.to_string()
            };
            let f = sink
                .finding(
                    cx.at(s, range, 6),
                    format!(
                        "说明写{label} {} 万元，{}中{table}",
                        a.value,
                        st.table.title()
                    ),
                )
                .number("说明", a.value, Unit::Wanyuan)
                .number(st.table.title(), table_value, Unit::Wanyuan);
            sink.push(f);
        }
        // `本年度无公务接待费支出` against the 三公 table's 决算数.
        if three_public
            && s.text.contains('无')
            && let Some(t) = &pkg.tables.three_public
        {
            for c in NONE_THREE_PUBLIC.captures_iter(s.text) {
                let (Some(m), Some(item)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                // `未安排…预算` is about the budget, not the spending.
                let after = &s.text[m.end()..];
                let near: String = after.chars().take(6).collect();
                if near.contains("预算") {
                    continue;
                }
                let a = &t.actual;
                let v = match item.as_str() {
                    "“三公”经费" => a.total,
                    "因公出国（境）费" => a.overseas,
                    "公务用车购置及运行维护费" => a.vehicle,
                    "公务用车购置费" => a.vehicle_purchase,
                    "公务用车运行维护费" => a.vehicle_operation,
                    _ => a.reception,
                };
                let Some(v) = v.filter(|v| !v.is_zero()) else {
                    continue;
                };
                let f = sink
                    .finding(
                        cx.at(s, m.range(), 4),
                        format!(
                            "说明写{}，但财政拨款“三公”经费支出决算表中{}决算数是 {} 万元",
                            m.as_str(),
                            item.as_str(),
                            v.value()
                        ),
                    )
                    .number(format!("{}决算数", item.as_str()), v.value(), Unit::Wanyuan);
                sink.push(f);
            }
        }
    }
}
