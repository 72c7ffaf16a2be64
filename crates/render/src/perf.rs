//! Project self-evaluation tables (项目支出绩效自评表) in the seed's layout: nine columns,
//! header block, funds block, goals, indicators with merged 一级/二级 cells, 总分.

use juesuan_model::{Amount, Figure, Package, ProjectEvaluation, ProjectTarget};

use crate::doc::{Cell, GAP_CLOSE, MISSING_OPEN, Table};
use crate::format::table_amount;

fn fig(f: &Option<Figure>) -> String {
    f.as_ref().map(|f| f.text().to_string()).unwrap_or_default()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// The self-evaluation table of one project.
pub fn project_table(pkg: &Package, index: usize, p: &ProjectEvaluation) -> Table {
    // The first row names the project: it is the table's header, repeated at the top of
    // every page the table continues on (with the title, which stays with the table's start).
    let name_row = vec![vec![
        Cell::head("项目名称"),
        Cell::text(p.name.clone()).span(8, 1),
    ]];
    let mut body: Vec<Vec<Cell>> = Vec::new();
    body.push(vec![
        Cell::head("主管部门"),
        Cell::text(opt(&p.department)).span(3, 1),
        Cell::head("实施单位").span(2, 1),
        Cell::text(opt(&p.implementer)).span(3, 1),
    ]);
    body.push(vec![
        Cell::head("项目负责人"),
        Cell::text(opt(&p.manager)).span(3, 1),
        Cell::head("联系电话").span(2, 1),
        Cell::text(opt(&p.phone)).span(3, 1),
    ]);
    let mut funds_head = vec![
        Cell::head("项目资金（万元）").span(1, 5),
        Cell::head("").span(2, 1),
    ];
    funds_head.extend(
        [
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ]
        .into_iter()
        .map(Cell::head),
    );
    body.push(funds_head);
    for (label, line) in p.funds.lines() {
        let mut row = vec![Cell::text(label).span(2, 1)];
        row.extend(
            [
                &line.initial_budget,
                &line.full_year_budget,
                &line.executed,
                &line.weight,
                &line.rate,
                &line.score,
            ]
            .into_iter()
            .map(|f| Cell::num(fig(f))),
        );
        body.push(row);
    }
    body.push(vec![
        Cell::head("年度总体目标").span(1, 2),
        Cell::head("预期目标").span(4, 1),
        Cell::head("实际完成情况").span(4, 1),
    ]);
    body.push(vec![
        Cell::text(opt(&p.goal)).span(4, 1),
        Cell::text(opt(&p.outcome)).span(4, 1),
    ]);
    let n = p.indicators.len();
    let mut head = vec![Cell::head("绩效指标").span(1, n as u16 + 1)];
    head.extend(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
        .into_iter()
        .map(Cell::head),
    );
    body.push(head);
    // merged runs of equal 一级 and 二级 labels
    let ind = &p.indicators;
    let run = |i: usize, same: &dyn Fn(usize, usize) -> bool| -> usize {
        (i..n).take_while(|&j| same(i, j)).count()
    };
    let l1 = |a: usize, b: usize| ind[a].level1 == ind[b].level1;
    let l2 = |a: usize, b: usize| ind[a].level1 == ind[b].level1 && ind[a].level2 == ind[b].level2;
    let (mut open1, mut open2) = (0usize, 0usize);
    for (i, ind) in p.indicators.iter().enumerate() {
        let mut row = Vec::new();
        if i >= open1 {
            let span = run(i, &l1);
            open1 = i + span;
            let mut label = opt(&ind.level1);
            if let Some(w) = ind.level1_weight.as_ref() {
                label.push_str(&format!("（{}分）", w.text()));
            }
            row.push(Cell::text(label).span(1, span as u16));
        }
        if i >= open2 {
            let span = run(i, &l2);
            open2 = i + span;
            let mut label = opt(&ind.level2);
            if let Some(w) = ind.level2_weight.as_ref() {
                label.push_str(&format!("（{}分）", w.text()));
            }
            row.push(Cell::text(label).span(1, span as u16));
        }
        row.push(Cell::text(opt(&ind.name)));
        row.push(Cell::text(opt(&ind.target)));
        row.push(Cell::text(opt(&ind.actual)));
        row.push(Cell::num(fig(&ind.weight)));
        row.push(Cell::num(fig(&ind.score)));
        row.push(Cell::text(opt(&ind.deviation)));
        body.push(row);
    }
    body.push(vec![
        Cell::head("总分").span(6, 1),
        Cell::num(fig(&p.total_weight)),
        Cell::num(fig(&p.total_score)),
        Cell::center(opt(&p.grade)),
    ]);
    Table {
        id: format!("project-{}", index + 1),
        title: format!("{}年度项目支出绩效自评表", pkg.unit.year),
        org: None,
        unit: None,
        // 分值 and 执行率 of the funds block share the indicators' 分值 and 得分 columns:
        // wide enough for `100.00%`
        widths: vec![2, 2, 2, 4, 4, 4, 2, 2, 3],
        head: name_row,
        body,
        notes: Vec::new(),
        wide: true,
    }
}

/// The 项目支出绩效目标表 of one project of a budget, in the national shape: 项目名称,
/// 主管部门 and 实施单位, 项目资金（万元） {年度资金总额, 其中：财政拨款, 上年结转, 其他资金},
/// 年度总体目标, then the indicators (一级/二级/三级指标, 指标值, and 分值 where any is given).
/// A figure the package lacks is a gap, not a blank.
pub fn target_table(pkg: &Package, index: usize, p: &ProjectTarget, thousands: bool) -> Table {
    let gap = |what: &str| format!("{MISSING_OPEN}{what}{GAP_CLOSE}");
    let text_or_gap = |s: &Option<String>, what: &str| match s.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => gap(what),
    };
    let money = |a: Option<Amount>, what: &str| match a {
        Some(a) => table_amount(a.value(), thousands),
        None => gap(what),
    };
    let weighted = p.indicators.iter().any(|i| i.weight.is_some());
    let name_row = vec![vec![
        Cell::head("项目名称"),
        Cell::text(p.name.clone()).span(5, 1),
    ]];
    let mut body: Vec<Vec<Cell>> = vec![vec![
        Cell::head("主管部门"),
        Cell::text(text_or_gap(&p.department, "主管部门")).span(2, 1),
        Cell::head("实施单位"),
        Cell::text(text_or_gap(&p.implementer, "实施单位")).span(2, 1),
    ]];
    let f = &p.funds;
    for (i, (label, a)) in [
        ("年度资金总额", f.total),
        ("其中：财政拨款", f.appropriation),
        ("上年结转", f.carryover),
        ("其他资金", f.other),
    ]
    .into_iter()
    .enumerate()
    {
        let mut row = Vec::new();
        if i == 0 {
            row.push(Cell::head("项目资金（万元）").span(1, 4));
        }
        row.push(Cell::text(label).span(2, 1));
        row.push(Cell::num(money(a, label)).span(3, 1));
        body.push(row);
    }
    body.push(vec![
        Cell::head("年度总体目标"),
        Cell::text(text_or_gap(&p.goal, "年度总体目标")).span(5, 1),
    ]);
    let n = p.indicators.len();
    let mut head = vec![Cell::head("绩效指标").span(1, n as u16 + 1)];
    head.extend(["一级指标", "二级指标"].into_iter().map(Cell::head));
    if weighted {
        head.extend(["三级指标", "指标值", "分值"].into_iter().map(Cell::head));
    } else {
        head.push(Cell::head("三级指标").span(2, 1));
        head.push(Cell::head("指标值"));
    }
    body.push(head);
    let ind = &p.indicators;
    let run = |i: usize, same: &dyn Fn(usize, usize) -> bool| -> usize {
        (i..n).take_while(|&j| same(i, j)).count()
    };
    let l1 = |a: usize, b: usize| ind[a].level1 == ind[b].level1;
    let l2 = |a: usize, b: usize| ind[a].level1 == ind[b].level1 && ind[a].level2 == ind[b].level2;
    let (mut open1, mut open2) = (0usize, 0usize);
    for (i, row_ind) in ind.iter().enumerate() {
        let mut row = Vec::new();
        if i >= open1 {
            let span = run(i, &l1);
            open1 = i + span;
            row.push(Cell::text(opt(&row_ind.level1)).span(1, span as u16));
        }
        if i >= open2 {
            let span = run(i, &l2);
            open2 = i + span;
            row.push(Cell::text(opt(&row_ind.level2)).span(1, span as u16));
        }
        let target = text_or_gap(&row_ind.target, "指标值");
        if weighted {
            row.push(Cell::text(opt(&row_ind.name)));
            row.push(Cell::text(target));
            row.push(Cell::num(fig(&row_ind.weight)));
        } else {
            row.push(Cell::text(opt(&row_ind.name)).span(2, 1));
            row.push(Cell::text(target));
        }
        body.push(row);
    }
    Table {
        id: format!("target-{}", index + 1),
        title: format!("{}年项目支出绩效目标表", pkg.unit.year),
        org: None,
        unit: None,
        widths: vec![2, 3, 3, 4, 3, 3],
        head: name_row,
        body,
        notes: Vec::new(),
        wide: false,
    }
}
