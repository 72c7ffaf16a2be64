//! Charts of the explanation: income by source and expenditure by kind (pies; "无金额类型
//! 不必制图": zero items are left out, and a chart with nothing to show is not drawn), and
//! 决算 vs 年初预算 by class (bars). Drawn as SVG text; PNG through resvg (feature `pdf`).
//! Amounts and shares in the labels are the decimal texts of the document; only the
//! geometry uses floating point.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::context::{Context, Fig};
use crate::doc::{Chart, ChartKind, escape};
use crate::format::{percent, ratio_percent, text_amount_fixed};

/// Font families asked for in SVG, CJK first.
pub const FONT_FAMILIES: &str = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', SimHei, sans-serif";

const COLORS: [&str; 8] = [
    "#c0392b", "#2e6da4", "#e2a03f", "#3c8d5a", "#8e5ea2", "#6b7b8c", "#d35f8d", "#1f9e9e",
];

fn value(f: &Fig) -> Option<Decimal> {
    f.v.as_deref().and_then(|v| v.parse().ok())
}

/// Builds a chart from the context: `income`, `expenditure` or `budget`. `None` when there
/// is nothing to draw.
/// Amounts are labelled with `decimals` decimals, as the text and the tables write them.
pub fn chart(
    ctx: &Context,
    kind: &str,
    caption: &str,
    fixed: bool,
    decimals: u32,
) -> Option<Chart> {
    let text_amount = |v| text_amount_fixed(v, decimals);
    let pie = |items: &[Fig], whole: Option<&Fig>| -> Option<ChartKind> {
        // a whole the table leaves blank (a budget's 本年收入合计 where only 收入总计 is
        // printed) is the sum of the items
        let whole = whole
            .and_then(value)
            .filter(|w| !w.is_zero())
            .or_else(|| items.iter().map(value).sum())?;
        let slices: Vec<(String, String, String)> = items
            .iter()
            .filter_map(|f| {
                let v = value(f).filter(|v| !v.is_zero())?;
                let share = ratio_percent(v, whole).map(|p| percent(p, fixed))?;
                Some((f.label.clone(), text_amount(v), share))
            })
            .collect();
        (!slices.is_empty()).then_some(ChartKind::Pie(slices))
    };
    let kind_data = match kind {
        "income" => pie(&ctx.income_sources, ctx.f.get("income_total")),
        "expenditure" => pie(&ctx.expenditure_kinds, ctx.f.get("expenditure_total")),
        "budget" => {
            let rows: Vec<_> = ctx
                .gb_classes
                .iter()
                .filter_map(|l| {
                    let (b, t) = (value(&l.budget)?, value(&l.total)?);
                    Some((l.name.clone(), text_amount(b), text_amount(t)))
                })
                .collect();
            (!rows.is_empty()).then(|| ChartKind::Bars {
                series: ["年初预算".to_string(), "决算".to_string()],
                rows,
            })
        }
        _ => None,
    }?;
    Some(Chart {
        id: format!("chart-{kind}"),
        caption: caption.to_string(),
        kind: kind_data,
    })
}

fn f64_of(s: &str) -> f64 {
    s.parse::<Decimal>()
        .ok()
        .and_then(|d| d.to_f64())
        .unwrap_or(0.0)
}

/// The chart as a standalone SVG document (width × height in px).
pub fn svg(chart: &Chart) -> (String, u32, u32) {
    match &chart.kind {
        ChartKind::Pie(slices) => pie_svg(slices),
        ChartKind::Bars { series, rows } => bars_svg(series, rows),
    }
}

fn header(w: u32, h: u32) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT_FAMILIES}\" role=\"img\">\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>"
    )
}

fn pie_svg(slices: &[(String, String, String)]) -> (String, u32, u32) {
    let (w, h) = (640u32, (80 + 44 * slices.len() as u32).max(320));
    let (cx, cy, r) = (160.0, h as f64 / 2.0, 130.0);
    let mut s = header(w, h);
    let total: f64 = slices.iter().map(|x| f64_of(&x.1)).sum();
    let mut angle = -std::f64::consts::FRAC_PI_2;
    for (i, (label, amount, share)) in slices.iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        let frac = if total > 0.0 {
            f64_of(amount) / total
        } else {
            0.0
        };
        let title = format!(
            "<title>{}：{}万元，{}%</title>",
            escape(label),
            amount,
            share
        );
        if frac >= 0.9999 {
            s.push_str(&format!(
                "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" fill=\"{color}\" stroke=\"#fff\" stroke-width=\"2\">{title}</circle>"
            ));
        } else if frac > 0.0 {
            let end = angle + frac * std::f64::consts::TAU;
            let (x1, y1) = (cx + r * angle.cos(), cy + r * angle.sin());
            let (x2, y2) = (cx + r * end.cos(), cy + r * end.sin());
            let large = u8::from(frac > 0.5);
            s.push_str(&format!(
                "<path d=\"M{cx:.2},{cy:.2} L{x1:.2},{y1:.2} A{r},{r} 0 {large} 1 {x2:.2},{y2:.2} Z\" \
                 fill=\"{color}\" stroke=\"#fff\" stroke-width=\"2\">{title}</path>"
            ));
            angle = end;
        }
        // legend: colour, name, amount and share
        let ly = 40.0 + 44.0 * i as f64 + (h as f64 - 80.0 - 44.0 * slices.len() as f64) / 2.0;
        s.push_str(&format!(
            "<rect x=\"330\" y=\"{:.1}\" width=\"16\" height=\"16\" fill=\"{color}\"/>\
             <text x=\"354\" y=\"{:.1}\" font-size=\"17\" fill=\"#222\">{}</text>\
             <text x=\"354\" y=\"{:.1}\" font-size=\"15\" fill=\"#555\">{}万元，{}%</text>",
            ly,
            ly + 14.0,
            escape(label),
            ly + 33.0,
            amount,
            share
        ));
    }
    s.push_str("</svg>");
    (s, w, h)
}

fn bars_svg(series: &[String; 2], rows: &[(String, String, String)]) -> (String, u32, u32) {
    let (w, row_h) = (640u32, 56.0);
    let h = (70.0 + row_h * rows.len() as f64) as u32;
    let mut s = header(w, h);
    let max = rows
        .iter()
        .flat_map(|r| [f64_of(&r.1), f64_of(&r.2)])
        .fold(0.0f64, f64::max);
    let (x0, span) = (200.0, 330.0);
    let colors = ["#9db4cf", "#c0392b"];
    for (k, name) in series.iter().enumerate() {
        let x = 200.0 + 140.0 * k as f64;
        s.push_str(&format!(
            "<rect x=\"{x}\" y=\"14\" width=\"14\" height=\"14\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"26\" font-size=\"14\" fill=\"#222\">{}</text>",
            colors[k],
            x + 20.0,
            escape(name)
        ));
    }
    for (i, (label, a, b)) in rows.iter().enumerate() {
        let y = 50.0 + row_h * i as f64;
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"15\" fill=\"#222\" text-anchor=\"end\">{}</text>",
            x0 - 10.0,
            y + 24.0,
            escape(label)
        ));
        for (k, v) in [a, b].into_iter().enumerate() {
            let len = if max > 0.0 {
                f64_of(v) / max * span
            } else {
                0.0
            };
            let by = y + 4.0 + 22.0 * k as f64;
            s.push_str(&format!(
                "<rect x=\"{x0}\" y=\"{by:.1}\" width=\"{len:.1}\" height=\"18\" fill=\"{}\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" fill=\"#333\">{}万元</text>",
                colors[k],
                x0 + len + 6.0,
                by + 14.0,
                v
            ));
        }
    }
    s.push_str("</svg>");
    (s, w, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pie_leaves_out_zero_items_and_keeps_labels() {
        let c = Chart {
            id: "c".into(),
            caption: "图1".into(),
            kind: ChartKind::Pie(vec![
                ("财政拨款收入".into(), "2940.05".into(), "99.79".into()),
                ("其他收入".into(), "6.2".into(), "0.21".into()),
            ]),
        };
        let (svg, w, _) = svg(&c);
        assert_eq!(w, 640);
        assert!(svg.contains("2940.05万元，99.79%"));
        assert!(svg.contains("其他收入"));
        assert_eq!(svg.matches("<path").count(), 2);
    }

    #[test]
    fn labels_are_escaped() {
        let c = Chart {
            id: "c".into(),
            caption: "x".into(),
            kind: ChartKind::Bars {
                series: ["年初预算".into(), "决算".into()],
                rows: vec![("<a&b>".into(), "5.12".into(), "0.2".into())],
            },
        };
        let (svg, ..) = svg(&c);
        assert!(svg.contains("&lt;a&amp;b&gt;"));
        assert!(svg.contains("5.12万元") && svg.contains("0.2万元"));
    }
}
