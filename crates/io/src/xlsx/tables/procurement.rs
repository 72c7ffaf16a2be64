//! 政府采购情况表: written as a key/value sheet of the [`Procurement`] fields; read from that,
//! or from the printed layout (采购预算 and 实际采购金额 over 合计/货物/工程/服务).

use juesuan_model::fields::Record;
use juesuan_model::tables::{Coverage, Procurement, ProcurementTable, TableKind};
use juesuan_model::{Amount, MoneyUnit};
use rust_xlsxwriter::Worksheet;

use crate::error::Problem;
use crate::xlsx::common::{set_cell, sheet_unit, status_label};
use crate::xlsx::ctx::{ReadCtx, WriteCtx, XResult};
use crate::xlsx::grid::{Grid, Raw};
use crate::xlsx::kv::{kv_header, kv_rows, read_kv};
use crate::xlsx::layout::STATUS_LABEL;

/// Reads 政府采购情况表 in either layout.
pub(crate) fn read(g: &Grid, coverage: Coverage, ctx: &mut ReadCtx) -> ProcurementTable {
    let unit = sheet_unit(g, ctx);
    let mut p = ProcurementTable {
        coverage,
        ..ProcurementTable::default()
    };
    let found = read_kv(g, ctx, &mut [&mut p.figures], Some(unit));
    if found == 0 && (0..g.height()).filter(|&r| !g.row_is_blank(r)).count() > 2 {
        read_printed(g, unit, &mut p.figures, ctx);
    }
    p
}

/// 政府采购情况表 laid out as a table: 采购预算 and 实际采购金额 over 合计/货物/工程/服务,
/// with 授予中小企业/小微企业合同金额 columns.
fn read_printed(g: &Grid, unit: MoneyUnit, p: &mut Procurement, ctx: &mut ReadCtx) {
    let leaf = (0..g.height().min(15)).find(|&r| {
        (0..g.width())
            .filter(|&c| matches!(g.label_at(r, c).as_str(), "货物" | "工程" | "服务"))
            .count()
            >= 2
    });
    let Some(leaf) = leaf else {
        ctx.problems.push(Problem::sheet(
            &g.name,
            "无法识别政府采购表的布局：应为“项目 | 内容”两列，或“采购预算/实际采购金额”下分“合计、货物、工程、服务”",
        ));
        return;
    };
    let top = leaf.saturating_sub(2);
    let paths = g.header_paths(top, leaf);
    let data = (leaf + 1..g.height()).find(|&r| {
        (0..g.width()).any(|c| {
            matches!(g.get(r, c), Raw::Number(_))
                || !g.value_text(r, c).is_empty()
                    && Amount::parse(&g.value_text(r, c), unit)
                        .ok()
                        .flatten()
                        .is_some()
        })
    });
    let Some(data) = data else { return };
    for (c, path) in paths.iter().enumerate() {
        let joined = path.concat();
        let last = path.last().map(String::as_str).unwrap_or("");
        let key = if joined.contains("小微") {
            Some("small_micro")
        } else if joined.contains("中小企业") {
            Some("sme")
        } else {
            let budget = joined.contains("预算");
            match (budget, last) {
                (true, "合计") => Some("budget_total"),
                (true, "货物") => Some("budget_goods"),
                (true, "工程") => Some("budget_works"),
                (true, "服务") => Some("budget_services"),
                (false, "合计") if joined.contains("实际") || joined.contains("采购金额") => {
                    Some("total")
                }
                (false, "货物") => Some("goods"),
                (false, "工程") => Some("works"),
                (false, "服务") => Some("services"),
                _ => None,
            }
        };
        if let Some(i) = key.and_then(Procurement::index_of)
            && let Err(e) = set_cell(p, i, g, data, c, unit)
        {
            ctx.problem(g, data, c, format!("{}：{e}", Procurement::FIELDS[i].label));
        }
    }
}

/// Writes 政府采购情况表 as `label | value` rows under its status.
pub(crate) fn write(ws: &mut Worksheet, ctx: &WriteCtx) -> XResult<()> {
    let coverage = ctx.pkg.tables.coverage(TableKind::Procurement);
    let t = ctx.pkg.tables.procurement.clone().unwrap_or_default();
    let title = ctx.profile.title(TableKind::Procurement).to_string();
    let mut r = kv_header(ws, ctx, &title)?;
    ws.write_string_with_format(r, 0, STATUS_LABEL, &ctx.f.header)?;
    ws.write_string_with_format(r, 1, status_label(coverage), &ctx.f.status)?;
    r += 1;
    kv_rows(ws, ctx, r, &t.figures)?;
    Ok(())
}
