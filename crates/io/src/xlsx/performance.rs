//! Performance sheets: 绩效-部门整体 (score, grade and report sections), 绩效-管理情况 (a
//! key/value sheet of [`PerformanceManagement`]), 绩效-项目 (one row per project, laid out by
//! [`project_columns`]) and 绩效-指标 (one row per indicator: `项目序号 | ` the [`Indicator`]
//! fields). Figures are kept as text, exactly as printed.

use juesuan_model::fields::Record;
use juesuan_model::performance::{
    DepartmentEvaluation, Funds, FundsLine, Indicator, PerformanceManagement, ProjectEvaluation,
    ProjectTarget, TargetFunds, TextBlock,
};
use juesuan_model::text::compact;
use juesuan_model::{Figure, MoneyUnit, Package};
use rust_xlsxwriter::Worksheet;

use super::common::{RecordHeader, put_text, record_columns, set_cell};
use super::ctx::{ReadCtx, WriteCtx, XResult};
use super::grid::Grid;
use super::kv::{kv_header, kv_rows, read_kv, section};
use super::layout::{
    ITEM_LABEL, SECTION_OPEN, SHEET_PERF_DEPT, SHEET_PERF_INDICATORS, SHEET_PERF_MGMT,
    SHEET_PERF_PROJECTS, SHEET_PERF_TARGET_INDICATORS, SHEET_PERF_TARGETS,
};
use crate::error::Problem;

/// 评价得分 of 绩效-部门整体.
const SCORE_LABEL: &str = "评价得分";
/// 评价等级 of 绩效-部门整体 (and the last column of 绩效-项目).
const GRADE_LABEL: &str = "评价等级";
/// The header of the report sections of 绩效-部门整体.
const SECTION_HEADER: [&str; 2] = ["段落标题", "内容"];
/// The column of 绩效-指标 naming the project a row belongs to.
const SEQ_LABEL: &str = "项目序号";
/// The project name column of 绩效-项目, by which the reader finds the header.
const NAME_LABEL: &str = "项目名称";

// ---------------------------------------------------------------- 部门整体, 管理情况

/// Reads 绩效-部门整体.
pub(crate) fn read_department(g: &Grid, ctx: &mut ReadCtx, pkg: &mut Package) {
    let mut d = DepartmentEvaluation::default();
    let mut sections_from = None;
    for r in 0..g.height() {
        let label = g.compact(r, 0);
        if label.starts_with(SECTION_OPEN) {
            sections_from = Some(r + 1);
            break;
        }
        let v = g.text(r, 1);
        match label.as_str() {
            SCORE_LABEL => d.score = (!v.is_empty()).then(|| Figure::new(v)),
            GRADE_LABEL => d.grade = (!v.is_empty()).then_some(v),
            "" | ITEM_LABEL => {}
            other => {
                if !v.is_empty() {
                    ctx.notice(
                        format!("工作表“{}”单元格 {}", g.name, g.a1(r, 0)),
                        format!("未识别的项目“{other}”，已忽略"),
                    );
                }
            }
        }
    }
    if let Some(start) = sections_from {
        for r in start..g.height() {
            let title = g.text(r, 0);
            if title.is_empty() || compact(&title) == SECTION_HEADER[0] {
                continue;
            }
            d.sections.push(TextBlock {
                title,
                body: g.text(r, 1),
            });
        }
    }
    if d.score.is_some() || d.grade.is_some() || !d.sections.is_empty() {
        pkg.performance.department = Some(d);
    }
}

/// Writes 绩效-部门整体.
pub(crate) fn write_department(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    ws.set_name(SHEET_PERF_DEPT)?;
    let d = ctx.pkg.performance.department.clone().unwrap_or_default();
    let mut r = kv_header(ws, ctx, "部门整体绩效评价")?;
    ws.write_string_with_format(r, 0, SCORE_LABEL, &ctx.f.label)?;
    put_text(ws, r, 1, d.score.as_ref().map(|s| s.text()), &ctx.f.figure)?;
    r += 1;
    ws.write_string_with_format(r, 0, GRADE_LABEL, &ctx.f.label)?;
    put_text(ws, r, 1, d.grade.as_deref(), &ctx.f.text)?;
    r += 1;
    r = section(ws, ctx, r + 1, "报告段落")?;
    for (c, label) in SECTION_HEADER.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *label, &ctx.f.header)?;
    }
    r += 1;
    for b in &d.sections {
        ws.write_string_with_format(r, 0, &b.title, &ctx.f.label)?;
        put_text(ws, r, 1, Some(&b.body), &ctx.f.text)?;
        r += 1;
    }
    Ok(())
}

/// Reads 绩效-管理情况.
pub(crate) fn read_management(g: &Grid, ctx: &mut ReadCtx, pkg: &mut Package) {
    let mut m = PerformanceManagement::default();
    read_kv(g, ctx, &mut [&mut m], None);
    if !m.is_blank() {
        pkg.performance.management = Some(m);
    }
}

/// Writes 绩效-管理情况.
pub(crate) fn write_management(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    ws.set_name(SHEET_PERF_MGMT)?;
    let m: PerformanceManagement = ctx.pkg.performance.management.clone().unwrap_or_default();
    let r = kv_header(ws, ctx, "预算绩效管理情况")?;
    kv_rows(ws, ctx, r, &m)?;
    Ok(())
}

// ---------------------------------------------------------------- 项目

/// What a column of 绩效-项目 holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProjectField {
    Seq,
    Name,
    Department,
    Implementer,
    Manager,
    Phone,
    /// Field `field` of [`FundsLine`] in line `line` of [`Funds::lines`].
    Funds {
        line: usize,
        field: usize,
    },
    Goal,
    Outcome,
    TotalWeight,
    TotalScore,
    Grade,
}

impl ProjectField {
    /// The cell text of this field of a project.
    fn get(self, p: &ProjectEvaluation) -> Option<String> {
        match self {
            ProjectField::Seq => Some(p.seq.clone()),
            ProjectField::Name => Some(p.name.clone()),
            ProjectField::Department => p.department.clone(),
            ProjectField::Implementer => p.implementer.clone(),
            ProjectField::Manager => p.manager.clone(),
            ProjectField::Phone => p.phone.clone(),
            ProjectField::Funds { line, field } => p
                .funds
                .lines()
                .get(line)
                .and_then(|(_, l)| l.get(field))
                .map(|v| v.to_string()),
            ProjectField::Goal => p.goal.clone(),
            ProjectField::Outcome => p.outcome.clone(),
            ProjectField::TotalWeight => p.total_weight.as_ref().map(|f| f.text().to_string()),
            ProjectField::TotalScore => p.total_score.as_ref().map(|f| f.text().to_string()),
            ProjectField::Grade => p.grade.clone(),
        }
    }

    /// Sets this field of a project from a non-blank cell's text.
    fn set(self, p: &mut ProjectEvaluation, text: String) {
        match self {
            ProjectField::Seq => p.seq = text,
            ProjectField::Name => p.name = text,
            ProjectField::Department => p.department = Some(text),
            ProjectField::Implementer => p.implementer = Some(text),
            ProjectField::Manager => p.manager = Some(text),
            ProjectField::Phone => p.phone = Some(text),
            ProjectField::Funds { line, field } => {
                if let Some((_, l)) = p.funds.lines_mut().get_mut(line) {
                    // figures are kept as printed: setting one cannot fail
                    let _ = l.set_text(field, &text, MoneyUnit::Wan);
                }
            }
            ProjectField::Goal => p.goal = Some(text),
            ProjectField::Outcome => p.outcome = Some(text),
            ProjectField::TotalWeight => p.total_weight = Some(Figure::new(text)),
            ProjectField::TotalScore => p.total_score = Some(Figure::new(text)),
            ProjectField::Grade => p.grade = Some(text),
        }
    }
}

/// One column of 绩效-项目: the group label over it, its own label, what it holds.
#[derive(Debug, Clone, Copy)]
struct ProjectColumn {
    group: &'static str,
    leaf: &'static str,
    field: ProjectField,
}

/// The columns of 绩效-项目, the one layout its writer and reader share.
fn project_columns() -> Vec<ProjectColumn> {
    use ProjectField as F;
    let col = |group, leaf, field| ProjectColumn { group, leaf, field };
    let info = "基本信息";
    let mut v = vec![
        col(info, "序号", F::Seq),
        col(info, NAME_LABEL, F::Name),
        col(info, "主管部门", F::Department),
        col(info, "实施单位", F::Implementer),
        col(info, "项目负责人", F::Manager),
        col(info, "联系电话", F::Phone),
    ];
    // the four funds lines under their printed labels, each with every FundsLine field
    let groups = Funds::default().lines().map(|(label, _)| label);
    for (line, group) in groups.into_iter().enumerate() {
        for (field, f) in FundsLine::FIELDS.iter().enumerate() {
            v.push(col(group, f.label, F::Funds { line, field }));
        }
    }
    v.extend([
        col("年度总体目标", "预期目标", F::Goal),
        col("年度总体目标", "实际完成情况", F::Outcome),
        col("总分", "分值", F::TotalWeight),
        col("总分", "得分", F::TotalScore),
        col(GRADE_LABEL, GRADE_LABEL, F::Grade),
    ]);
    v
}

/// Reads 绩效-项目: a project per row, its columns found by [`project_columns`] labels.
pub(crate) fn read_projects(g: &Grid, ctx: &mut ReadCtx, pkg: &mut Package) {
    let layout = project_columns();
    let Some((leaf_row, _)) = g.find(10, |t| t == NAME_LABEL) else {
        ctx.problems.push(Problem::sheet(
            &g.name,
            "找不到表头：应有“序号”“项目名称”列",
        ));
        return;
    };
    // group labels (年度资金总额 …) sit in the row above the leaf labels
    let groups: Vec<String> = layout.iter().map(|col| compact(col.group)).collect();
    let top = match leaf_row.checked_sub(1) {
        Some(r) if (0..g.width()).any(|c| groups.contains(&g.compact(r, c))) => r,
        _ => leaf_row,
    };
    let bottom = leaf_row;
    let paths = g.header_paths(top, bottom);
    let related = |a: &str, b: &str| a == b || a.contains(b) || b.contains(a);
    let cols: Vec<Option<usize>> = paths
        .iter()
        .map(|p| {
            let leaf = p.last().map(String::as_str).unwrap_or("");
            let group = if p.len() >= 2 {
                p[p.len() - 2].as_str()
            } else {
                ""
            };
            let hits: Vec<usize> = (0..layout.len())
                .filter(|&k| compact(layout[k].leaf) == leaf)
                .collect();
            match hits.len() {
                0 => None,
                1 => Some(hits[0]),
                _ => hits
                    .into_iter()
                    .find(|&k| !group.is_empty() && related(&compact(layout[k].group), group)),
            }
        })
        .collect();
    for r in bottom + 1..g.height() {
        if g.row_is_blank(r) {
            continue;
        }
        let mut cells: Vec<Option<String>> = vec![None; layout.len()];
        for (c, col) in cols.iter().enumerate() {
            if let Some(k) = col {
                let t = g.text(r, c);
                if !t.is_empty() {
                    cells[*k] = Some(t);
                }
            }
        }
        let has_seq = layout
            .iter()
            .zip(&cells)
            .any(|(col, v)| col.field == ProjectField::Seq && v.is_some());
        if !has_seq {
            ctx.problem(g, r, 0, "缺少项目序号（绩效-指标表用它对应项目）");
            continue;
        }
        let mut p = ProjectEvaluation::default();
        for (col, v) in layout.iter().zip(cells) {
            if let Some(v) = v {
                col.field.set(&mut p, v);
            }
        }
        if p.name.is_empty() {
            ctx.problem(g, r, 1, "缺少项目名称");
        }
        if pkg.performance.projects.iter().any(|q| q.seq == p.seq) {
            ctx.problem(g, r, 0, format!("项目序号“{}”重复", p.seq));
        }
        pkg.performance.projects.push(p);
    }
}

/// Writes 绩效-项目: a two-row header from [`project_columns`], then a project per row.
pub(crate) fn write_projects(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    ws.set_name(SHEET_PERF_PROJECTS)?;
    let cols = project_columns();
    let last = cols.len() as u16 - 1;
    ws.merge_range(
        0,
        0,
        0,
        last.min(12),
        "项目支出绩效自评表（每个项目一行；金额单位：万元，按原表照录）",
        &ctx.f.title,
    )?;
    ws.set_row_height(0, 28)?;
    let (hr, lr) = (1u32, 2u32);
    let mut c = 0usize;
    while c < cols.len() {
        let g = cols[c].group;
        let n = cols[c..].iter().take_while(|x| x.group == g).count();
        if n == 1 && cols[c].leaf == g {
            ws.merge_range(hr, c as u16, lr, c as u16, g, &ctx.f.header)?;
        } else {
            if n > 1 {
                ws.merge_range(hr, c as u16, hr, (c + n - 1) as u16, g, &ctx.f.header)?;
            } else {
                ws.write_string_with_format(hr, c as u16, g, &ctx.f.header)?;
            }
            for k in 0..n {
                ws.write_string_with_format(lr, (c + k) as u16, cols[c + k].leaf, &ctx.f.header)?;
            }
        }
        c += n;
    }
    ws.set_freeze_panes(3, 2)?;
    for (r, p) in (3u32..).zip(&ctx.pkg.performance.projects) {
        for (k, col) in cols.iter().enumerate() {
            put_text(ws, r, k as u16, col.field.get(p).as_deref(), &ctx.f.text)?;
        }
    }
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 36)?;
    for k in 2..cols.len() as u16 {
        ws.set_column_width(k, 12)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- 指标

/// Reads 绩效-指标 into the projects already read.
pub(crate) fn read_indicators(g: &Grid, ctx: &mut ReadCtx, pkg: &mut Package) {
    let Some(RecordHeader {
        row: header,
        key_col: sc,
        cols,
    }) = record_columns::<Indicator>(g, ctx, SEQ_LABEL)
    else {
        return;
    };
    for r in header + 1..g.height() {
        if g.row_is_blank(r) {
            continue;
        }
        let seq = g.text(r, sc);
        let mut ind = Indicator::default();
        for &(c, f) in &cols {
            if let Err(e) = set_cell(&mut ind, f, g, r, c, MoneyUnit::Wan) {
                ctx.problem(g, r, c, format!("{}：{e}", Indicator::FIELDS[f].label));
            }
        }
        match pkg.performance.projects.iter_mut().find(|p| p.seq == seq) {
            Some(p) => p.indicators.push(ind),
            None => ctx.problem(
                g,
                r,
                sc,
                format!("项目序号“{seq}”在“{SHEET_PERF_PROJECTS}”表中没有"),
            ),
        }
    }
}

/// Writes 绩效-指标.
pub(crate) fn write_indicators(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    ws.set_name(SHEET_PERF_INDICATORS)?;
    let n = Indicator::FIELDS.len() as u16;
    ws.merge_range(
        0,
        0,
        0,
        n,
        "项目支出绩效自评表：绩效指标（按原表逐行照录，空行也照录）",
        &ctx.f.title,
    )?;
    ws.set_row_height(0, 28)?;
    ws.write_string_with_format(1, 0, SEQ_LABEL, &ctx.f.header)?;
    for (k, f) in Indicator::FIELDS.iter().enumerate() {
        ws.write_string_with_format(1, 1 + k as u16, f.label, &ctx.f.header)?;
    }
    ws.set_freeze_panes(2, 1)?;
    let mut r = 2u32;
    for p in &ctx.pkg.performance.projects {
        for ind in &p.indicators {
            ws.write_string_with_format(r, 0, &p.seq, &ctx.f.label)?;
            for k in 0..Indicator::FIELDS.len() {
                let v = ind.get(k).map(|v| v.to_string());
                put_text(ws, r, 1 + k as u16, v.as_deref(), &ctx.f.text)?;
            }
            r += 1;
        }
    }
    let widths = [8, 10, 8, 12, 8, 30, 24, 24, 7, 7, 30];
    for (k, w) in widths.iter().enumerate() {
        ws.set_column_width(k as u16, *w)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- 绩效目标 (budgets)

/// The columns of 绩效目标 before the funds: 序号, 项目名称, 主管部门, 实施单位.
const TARGET_INFO: [&str; 4] = ["序号", NAME_LABEL, "主管部门", "实施单位"];
/// The last column of 绩效目标.
const TARGET_GOAL: &str = "年度总体目标";

/// Writes 绩效目标 (a budget's 项目绩效目标表, one project per row; amounts in 万元).
pub(crate) fn write_targets(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    ws.set_name(SHEET_PERF_TARGETS)?;
    let n = (TARGET_INFO.len() + TargetFunds::FIELDS.len()) as u16;
    ws.merge_range(
        0,
        0,
        0,
        n,
        "项目绩效目标表（每个项目一行；金额单位：万元；指标填在“绩效目标-指标”表）",
        &ctx.f.title,
    )?;
    ws.set_row_height(0, 28)?;
    let labels = TARGET_INFO
        .iter()
        .copied()
        .chain(TargetFunds::FIELDS.iter().map(|f| f.label))
        .chain([TARGET_GOAL]);
    for (k, l) in labels.enumerate() {
        ws.write_string_with_format(1, k as u16, l, &ctx.f.header)?;
    }
    ws.set_freeze_panes(2, 2)?;
    for (r, t) in (2u32..).zip(&ctx.pkg.performance.targets) {
        let info = [
            Some(t.seq.as_str()),
            Some(t.name.as_str()),
            t.department.as_deref(),
            t.implementer.as_deref(),
        ];
        for (k, v) in info.iter().enumerate() {
            put_text(ws, r, k as u16, *v, &ctx.f.text)?;
        }
        for i in 0..TargetFunds::FIELDS.len() {
            let c = (TARGET_INFO.len() + i) as u16;
            super::common::put_value(ws, r, c, t.funds.get(i), &ctx.f)?;
        }
        put_text(ws, r, n, t.goal.as_deref(), &ctx.f.text)?;
    }
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 36)?;
    ws.set_column_width(n, 60)?;
    Ok(())
}

/// Reads 绩效目标: a project target per row with a 项目名称.
pub(crate) fn read_targets(g: &Grid, ctx: &mut ReadCtx, pkg: &mut Package) {
    let Some((hr, _)) = g.find(10, |t| t == NAME_LABEL) else {
        ctx.problems
            .push(Problem::sheet(&g.name, "找不到表头：应有“项目名称”列"));
        return;
    };
    let col = |label: &str| (0..g.width()).find(|&c| g.compact(hr, c) == compact(label));
    let info: Vec<Option<usize>> = TARGET_INFO.iter().map(|l| col(l)).collect();
    let funds: Vec<(usize, usize)> = (0..g.width())
        .filter_map(|c| {
            let l = g.compact(hr, c);
            TargetFunds::FIELDS
                .iter()
                .position(|f| f.matches(&l))
                .map(|f| (c, f))
        })
        .collect();
    let goal = col(TARGET_GOAL);
    let text = |r: usize, c: Option<usize>| c.map(|c| g.text(r, c)).filter(|t| !t.is_empty());
    for r in hr + 1..g.height() {
        if g.row_is_blank(r) {
            continue;
        }
        let Some(name) = text(r, info[1]) else {
            ctx.problem(g, r, 1, "缺少项目名称");
            continue;
        };
        let mut t = ProjectTarget {
            seq: text(r, info[0]).unwrap_or_default(),
            name,
            department: text(r, info[2]),
            implementer: text(r, info[3]),
            goal: text(r, goal),
            ..ProjectTarget::default()
        };
        for &(c, f) in &funds {
            if let Err(e) = set_cell(&mut t.funds, f, g, r, c, MoneyUnit::Wan) {
                ctx.problem(g, r, c, format!("{}：{e}", TargetFunds::FIELDS[f].label));
            }
        }
        pkg.performance.targets.push(t);
    }
}

/// Writes 绩效目标-指标: one row per indicator, `项目名称 | ` the [`Indicator`] fields a target
/// uses (no 实际完成值 or 得分).
pub(crate) fn write_target_indicators(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    ws.set_name(SHEET_PERF_TARGET_INDICATORS)?;
    ws.merge_range(
        0,
        0,
        0,
        Indicator::FIELDS.len() as u16,
        "项目绩效目标表：绩效指标（按原表逐行照录）",
        &ctx.f.title,
    )?;
    ws.set_row_height(0, 28)?;
    ws.write_string_with_format(1, 0, NAME_LABEL, &ctx.f.header)?;
    for (k, f) in Indicator::FIELDS.iter().enumerate() {
        ws.write_string_with_format(1, 1 + k as u16, f.label, &ctx.f.header)?;
    }
    let mut r = 2u32;
    for t in &ctx.pkg.performance.targets {
        for ind in &t.indicators {
            ws.write_string_with_format(r, 0, &t.name, &ctx.f.label)?;
            for k in 0..Indicator::FIELDS.len() {
                let v = ind.get(k).map(|v| v.to_string());
                put_text(ws, r, 1 + k as u16, v.as_deref(), &ctx.f.text)?;
            }
            r += 1;
        }
    }
    ws.set_column_width(0, 30)?;
    Ok(())
}

/// Reads 绩效目标-指标 into the targets already read, by 项目名称.
pub(crate) fn read_target_indicators(g: &Grid, ctx: &mut ReadCtx, pkg: &mut Package) {
    let Some(RecordHeader {
        row: header,
        key_col: kc,
        cols,
    }) = record_columns::<Indicator>(g, ctx, NAME_LABEL)
    else {
        return;
    };
    for r in header + 1..g.height() {
        if g.row_is_blank(r) {
            continue;
        }
        let name = g.text(r, kc);
        let mut ind = Indicator::default();
        for &(c, f) in &cols {
            if let Err(e) = set_cell(&mut ind, f, g, r, c, MoneyUnit::Wan) {
                ctx.problem(g, r, c, format!("{}：{e}", Indicator::FIELDS[f].label));
            }
        }
        match pkg.performance.targets.iter_mut().find(|t| t.name == name) {
            Some(t) => t.indicators.push(ind),
            None => ctx.problem(
                g,
                r,
                kc,
                format!("项目“{name}”在“{SHEET_PERF_TARGETS}”表中没有"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of a project has exactly one column, and what the writer puts in a
    /// column is what the reader sets from it.
    #[test]
    fn project_columns_round_trip_every_field() {
        let cols = project_columns();
        assert_eq!(cols.len(), 6 + 4 * FundsLine::FIELDS.len() + 5);
        for (i, a) in cols.iter().enumerate() {
            assert!(cols[i + 1..].iter().all(|b| b.field != a.field), "{a:?}");
        }
        let mut p = ProjectEvaluation::default();
        for (k, col) in cols.iter().enumerate() {
            col.field.set(&mut p, format!("v{k}"));
        }
        for (k, col) in cols.iter().enumerate() {
            assert_eq!(col.field.get(&p).as_deref(), Some(format!("v{k}").as_str()));
        }
    }
}
