//! 单位信息: `label | value` rows (name, year, profile, department, responsibilities,
//! organization), then the 决算单位构成 section listing member units. Both sides use the
//! labels of [`UNIT_ROWS`] and [`MEMBER_HEADER`].

use juesuan_model::text::compact;
use juesuan_model::{DisclosureKind, MemberUnit, Package, Profile};
use rust_xlsxwriter::{DataValidation, Worksheet};

use super::common::put_text;
use super::ctx::{ReadCtx, WriteCtx, XResult};
use super::grid::Grid;
use super::kv::{kv_header, section};
use super::layout::{
    ITEM_LABEL, SECTION_OPEN, SHEET_UNIT, UNIT_DEPARTMENT, UNIT_KIND, UNIT_MEMBERS, UNIT_NAME,
    UNIT_ORGANIZATION, UNIT_PROFILE, UNIT_RESPONSIBILITIES, UNIT_YEAR,
};
use crate::error::Problem;

/// The rows of the sheet, in order.
const UNIT_ROWS: [&str; 6] = [
    UNIT_NAME,
    UNIT_YEAR,
    UNIT_PROFILE,
    UNIT_DEPARTMENT,
    UNIT_RESPONSIBILITIES,
    UNIT_ORGANIZATION,
];

/// The member-list section of a budget workbook.
const BUDGET_MEMBERS: &str = "预算单位构成";

/// The header of the member list.
const MEMBER_HEADER: [&str; 2] = [UNIT_NAME, "备注"];

/// Reads 单位信息; name, year and profile are required.
pub(crate) fn read(g: &Grid, ctx: &mut ReadCtx, pkg: &mut Package) {
    let mut members_from = None;
    let mut found_name = false;
    let mut found_year = false;
    let mut found_profile = false;
    for r in 0..g.height() {
        let label = g.compact(r, 0);
        if label.starts_with(SECTION_OPEN) {
            // 决算单位构成, or 预算单位构成 in a budget workbook
            if label.contains(UNIT_MEMBERS) || label.contains(BUDGET_MEMBERS) {
                members_from = Some(r + 1);
                break;
            }
            continue;
        }
        let value = g.text(r, 1);
        match label.as_str() {
            UNIT_KIND => match DisclosureKind::parse(&compact(&value)) {
                Some(k) => pkg.kind = k,
                None if value.is_empty() => {}
                None => ctx.problem(g, r, 1, format!("公开类型“{value}”应为“决算”或“预算”")),
            },
            UNIT_NAME => {
                found_name = !value.is_empty();
                pkg.unit.name = value;
            }
            UNIT_YEAR => {
                let digits: String = compact(&value).trim_end_matches('年').to_string();
                match digits.parse::<u16>() {
                    Ok(y) if (1990..=2100).contains(&y) => {
                        pkg.unit.year = y;
                        found_year = true;
                    }
                    _ => ctx.problem(g, r, 1, format!("年度“{value}”应为四位年份，如 2024")),
                }
            }
            UNIT_PROFILE => {
                let v = compact(&value);
                let hit = Profile::builtins().iter().find(|p| {
                    p.id == v
                        || compact(&p.name) == v
                        || compact(&p.name).trim_end_matches('市') == v
                });
                match hit {
                    Some(p) => {
                        pkg.unit.profile = p.id.clone();
                        found_profile = true;
                    }
                    None => {
                        let names: Vec<&str> = Profile::builtins()
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect();
                        ctx.problem(
                            g,
                            r,
                            1,
                            format!("地区格式“{value}”未知，可用：{}", names.join("、")),
                        );
                    }
                }
            }
            UNIT_DEPARTMENT => pkg.unit.department = (!value.is_empty()).then_some(value),
            UNIT_RESPONSIBILITIES => {
                pkg.unit.responsibilities = (!value.is_empty()).then_some(value)
            }
            UNIT_ORGANIZATION => pkg.unit.organization = (!value.is_empty()).then_some(value),
            "" | ITEM_LABEL => {}
            other => {
                if !value.is_empty() {
                    ctx.notice(
                        format!("工作表“{}”单元格 {}", g.name, g.a1(r, 0)),
                        format!("未识别的项目“{other}”，已忽略"),
                    );
                }
            }
        }
    }
    for (ok, label) in [
        (found_name, UNIT_NAME),
        (found_year, UNIT_YEAR),
        (found_profile, UNIT_PROFILE),
    ] {
        if !ok && !ctx.problems.iter().any(|p| p.message.contains(label)) {
            ctx.problems.push(Problem::sheet(
                &g.name,
                format!("缺少“{label}”（在第一列写“{label}”，第二列写内容）"),
            ));
        }
    }
    // a budget names its region's budget profile (上海市 → shanghai-budget)
    if let Some(p) = Profile::builtin(&pkg.unit.profile)
        && p.kind != pkg.kind
        && let Some(q) = Profile::find_kind(p.region(), pkg.kind)
    {
        pkg.unit.profile = q.id.clone();
    }
    if let Some(start) = members_from {
        for r in start..g.height() {
            let name = g.text(r, 0);
            if name.is_empty() || compact(&name) == MEMBER_HEADER[0] {
                continue;
            }
            let note = g.text(r, 1);
            pkg.unit.members.push(MemberUnit {
                name,
                note: (!note.is_empty()).then_some(note),
            });
        }
    }
}

/// Writes 单位信息; the profile cell offers the built-in profiles as a list.
pub(crate) fn write(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    ws.set_name(SHEET_UNIT)?;
    let u = &ctx.pkg.unit;
    let mut r = kv_header(ws, ctx, SHEET_UNIT)?;
    let mut profile_row = r;
    if ctx.pkg.is_budget() {
        ws.write_string_with_format(r, 0, UNIT_KIND, &ctx.f.label)?;
        put_text(ws, r, 1, Some(ctx.pkg.kind.label()), &ctx.f.text)?;
        r += 1;
    }
    for label in UNIT_ROWS {
        let value = match label {
            UNIT_NAME => Some(u.name.clone()),
            UNIT_PROFILE => Some(ctx.profile.name.clone()),
            UNIT_DEPARTMENT => u.department.clone(),
            UNIT_RESPONSIBILITIES => u.responsibilities.clone(),
            UNIT_ORGANIZATION => u.organization.clone(),
            _ => None,
        };
        ws.write_string_with_format(r, 0, label, &ctx.f.label)?;
        if label == UNIT_YEAR {
            ws.write_number_with_format(r, 1, f64::from(u.year), &ctx.f.count)?;
        } else {
            put_text(ws, r, 1, value.as_deref(), &ctx.f.text)?;
        }
        if label == UNIT_PROFILE {
            profile_row = r;
        }
        r += 1;
    }
    let dv = DataValidation::new().allow_list_strings(
        &Profile::builtins()
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
    )?;
    ws.add_data_validation(profile_row, 1, profile_row, 1, &dv)?;
    let members = if ctx.pkg.is_budget() {
        BUDGET_MEMBERS
    } else {
        UNIT_MEMBERS
    };
    r = section(ws, ctx, r + 1, members)?;
    for (c, label) in MEMBER_HEADER.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *label, &ctx.f.header)?;
    }
    r += 1;
    for m in &u.members {
        ws.write_string_with_format(r, 0, &m.name, &ctx.f.label)?;
        put_text(ws, r, 1, m.note.as_deref(), &ctx.f.text)?;
        r += 1;
    }
    Ok(())
}
