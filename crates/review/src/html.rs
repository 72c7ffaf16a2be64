//! HTML of the overview and of one unit's findings. Every string from a file goes through
//! [`esc`]; pages are self-contained (inline CSS, inline SVG chart, a few lines of script
//! for the filters), so a report folder can be mailed or opened offline.

use juesuan_diagnostics::Severity;
use juesuan_diagnostics::render::html as fragment;
pub use juesuan_diagnostics::render::html::esc;

use crate::{Item, Overview, Row, RuleCount};

/// The stylesheet of the overview and unit pages (the workbench uses it too).
pub const STYLE: &str = "body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;margin:0 auto;max-width:72em;padding:0 1em 3em;line-height:1.6;color:#222}\
h1{font-size:1.5em;margin:.8em 0 .3em}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:1px solid #ddd}\
table{border-collapse:collapse;width:100%;margin:.4em 0}th,td{border:1px solid #d0d0d0;padding:.25em .5em;text-align:left;vertical-align:top}\
th{background:#f3f4f6}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.e{color:#b00020;font-weight:bold}.w{color:#a15c00}.i{color:#0057a8}\
.muted{color:#777}\
.filters{display:flex;gap:1em;align-items:center;flex-wrap:wrap;margin:.5em 0}\
nav a{margin-right:1em}a{color:#0b57d0}\
tr.group th{background:#eef2fb}tbody.unit-group td.member{padding-left:1.5em}";

/// A horizontal bar chart of the most frequent rules, as inline SVG.
pub fn rule_chart(rules: &[RuleCount], top: usize) -> String {
    let shown: Vec<&RuleCount> = rules.iter().take(top).collect();
    if shown.is_empty() {
        return String::new();
    }
    let max = shown.iter().map(|r| r.findings).max().unwrap_or(1).max(1);
    let (label_w, bar_w, row_h) = (300usize, 360usize, 24usize);
    let h = row_h * shown.len() + 8;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"最常见的问题\" \
         width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-size=\"13\">",
        w = label_w + bar_w + 60
    );
    for (i, r) in shown.iter().enumerate() {
        let y = i * row_h + 4;
        let len = (r.findings * bar_w).div_ceil(max);
        let name: String = r.name.chars().take(16).collect();
        s.push_str(&format!(
            "<text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\">{code} {name}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{len}\" height=\"{bh}\" fill=\"#5b8def\"><title>{code}：{n} 处，{u} 个文件</title></rect>\
             <text x=\"{nx}\" y=\"{ty}\">{n}</text>",
            tx = label_w - 6,
            ty = y + 15,
            code = esc(&r.code),
            name = esc(&name),
            bh = row_h - 6,
            n = r.findings,
            u = r.units,
            nx = label_w + len + 4,
        ));
    }
    s.push_str("</svg>");
    s
}

/// The filter script: rows carry `data-unit`, `data-year`, `data-errors`; the controls
/// are `#q`, `#year` and `#only-errors`. A unit's heading row (several files of one unit)
/// is shown while any of its files is.
const FILTER_SCRIPT: &str = "<script>(function(){\
var q=document.getElementById('q'),y=document.getElementById('year'),e=document.getElementById('only-errors');\
function f(){var t=q.value.trim(),yy=y.value,oe=e.checked;\
document.querySelectorAll('tr[data-unit]').forEach(function(r){\
var ok=(!t||r.dataset.unit.indexOf(t)>=0||r.dataset.file.indexOf(t)>=0)&&(!yy||r.dataset.year===yy)&&(!oe||r.dataset.errors!=='0');\
r.style.display=ok?'':'none';});\
document.querySelectorAll('tbody.unit-group').forEach(function(g){\
var any=Array.prototype.some.call(g.querySelectorAll('tr[data-unit]'),function(r){return r.style.display!=='none';});\
g.querySelector('tr.group').style.display=any?'':'none';});}\
[q,y,e].forEach(function(x){x.addEventListener('input',f);x.addEventListener('change',f);});})();</script>";

/// The body of the overview: summary, chart, filters, the units and the rules. `link`
/// gives the address of a row's own report.
pub fn overview_body(o: &Overview, link: &dyn Fn(usize, &Row) -> Option<String>) -> String {
    let mut h = String::new();
    h.push_str(&format!("<p>{}</p>", esc(&o.summary_line())));
    if !o.rules.is_empty() {
        h.push_str("<h2>最常见的问题</h2>");
        h.push_str(&rule_chart(&o.rules, 10));
    }
    let mut years: Vec<u16> = o.rows.iter().filter_map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    h.push_str("<h2>各单位</h2><div class=\"filters\"><label>单位或文件 <input id=\"q\" type=\"search\"></label>");
    h.push_str("<label>年度 <select id=\"year\"><option value=\"\">全部</option>");
    for y in &years {
        h.push_str(&format!("<option value=\"{y}\">{y}</option>"));
    }
    h.push_str("</select></label><label><input id=\"only-errors\" type=\"checkbox\"> 只看有错误的</label></div>");
    h.push_str(
        "<table id=\"units\"><thead><tr><th scope=\"col\">单位</th><th scope=\"col\">年度</th>\
         <th scope=\"col\">类型</th><th scope=\"col\">文件</th><th scope=\"col\">错误</th>\
         <th scope=\"col\">警告</th><th scope=\"col\">提示</th><th scope=\"col\">最常见的问题</th>\
         <th scope=\"col\">绩效自评（项目数 / 自评均分 / 重算均分）</th></tr></thead>",
    );
    for group in o.units() {
        let members: Vec<(usize, &Row)> = group
            .iter()
            .filter_map(|i| o.rows.get(*i).map(|r| (*i, r)))
            .collect();
        let grouped = members.len() > 1;
        if grouped {
            // one unit, several files (its PDF and its package): one heading, each file below
            let unit = members
                .first()
                .and_then(|(_, r)| r.unit.clone())
                .unwrap_or_default();
            let kinds: Vec<&str> = members.iter().map(|(_, r)| r.kind.label()).collect();
            h.push_str(&format!(
                "<tbody class=\"unit-group\"><tr class=\"group\"><th colspan=\"9\" scope=\"rowgroup\">{}（{} 个文件：{}）</th></tr>",
                esc(&unit),
                members.len(),
                esc(&kinds.join("、"))
            ));
        } else {
            h.push_str("<tbody>");
        }
        for (i, r) in members {
            unit_row(&mut h, i, r, grouped, link);
        }
        h.push_str("</tbody>");
    }
    h.push_str("</table>");
    if !o.rules.is_empty() {
        h.push_str(
            "<h2>各规则</h2><table><thead><tr><th scope=\"col\">代码</th><th scope=\"col\">规则</th>\
             <th scope=\"col\">问题数</th><th scope=\"col\">涉及文件</th></tr></thead><tbody>",
        );
        for r in &o.rules {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&r.code),
                esc(&r.name),
                r.findings,
                r.units
            ));
        }
        h.push_str("</tbody></table>");
    }
    h.push_str(FILTER_SCRIPT);
    h
}

/// One file's row of the units table; in a unit's group (`member`) its first cell names
/// the file's kind under the unit's heading instead of repeating the unit.
fn unit_row(
    h: &mut String,
    i: usize,
    r: &Row,
    member: bool,
    link: &dyn Fn(usize, &Row) -> Option<String>,
) {
    let unit = r.unit.clone().unwrap_or_else(|| "（未识别）".into());
    let shown = if member {
        format!("{}的审核结果", r.kind.label())
    } else {
        unit.clone()
    };
    let unit_cell = match link(i, r) {
        Some(href) => format!("<a href=\"{}\">{}</a>", esc(&href), esc(&shown)),
        None => esc(&shown),
    };
    let unit_cell = if member {
        format!("<td class=\"member\">{unit_cell}</td>")
    } else {
        format!("<td>{unit_cell}</td>")
    };
    let top = r
        .rules
        .iter()
        .take(3)
        .map(|(c, n)| format!("{}×{n}", esc(c)))
        .collect::<Vec<_>>()
        .join(" ");
    let perf = match &r.projects {
        Some(p) => format!(
            "{p} / {} / {}",
            r.mean_stated.as_deref().unwrap_or("—"),
            r.mean_recomputed.as_deref().unwrap_or("—")
        ),
        None => "—".into(),
    };
    let counts = match &r.failure {
        Some(why) => format!("<td colspan=\"4\" class=\"e\">未审核：{}</td>", esc(why)),
        None => format!(
            "<td class=\"n{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{top}</td>",
            if r.counts.errors > 0 { " e" } else { "" },
            r.counts.errors,
            r.counts.warnings,
            r.counts.infos
        ),
    };
    h.push_str(&format!(
        "<tr data-unit=\"{u}\" data-file=\"{f}\" data-year=\"{y}\" data-errors=\"{e}\">\
         {unit_cell}<td>{y}</td><td>{k}</td><td>{f}</td>{counts}<td>{perf}</td></tr>",
        u = esc(&unit),
        f = esc(&r.file),
        y = r.year.map(|y| y.to_string()).unwrap_or_default(),
        e = if r.failure.is_some() {
            1
        } else {
            r.counts.errors
        },
        k = r.kind.label(),
    ));
}

/// A whole page around a body.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{t}</title>\
         <style>{STYLE}{}</style></head><body><h1>{t}</h1>{body}</body></html>",
        fragment::STYLE,
        t = esc(title)
    )
}

/// The overview as a page of its own (`juesuan review`).
pub fn overview_page(
    o: &Overview,
    title: &str,
    link: &dyn Fn(usize, &Row) -> Option<String>,
) -> String {
    page(title, &overview_body(o, link))
}

/// Findings grouped by severity, then by the table or part they are in. `link` gives the
/// address of a finding's place (a document view), when there is one. The page must include
/// [`fragment::STYLE`] (the unit and workbench pages do, through [`page`]).
pub fn findings_body(items: &[Item], link: &dyn Fn(usize, &Item) -> Option<String>) -> String {
    findings_body_except(items, link, &|_| false)
}

/// [`findings_body`] without the findings `hidden` says (by index; the others keep their
/// index, so their anchors `f{n}` still match the document view's).
pub fn findings_body_except(
    items: &[Item],
    link: &dyn Fn(usize, &Item) -> Option<String>,
    hidden: &dyn Fn(usize) -> bool,
) -> String {
    if (0..items.len()).all(hidden) {
        return "<p>没有发现问题。</p>".into();
    }
    let mut h = String::new();
    for severity in Severity::ALL {
        let of: Vec<(usize, &Item)> = items
            .iter()
            .enumerate()
            .filter(|(n, i)| i.severity() == severity && !hidden(*n))
            .collect();
        if of.is_empty() {
            continue;
        }
        h.push_str(&format!("<h3>{}（{}）</h3>", severity.label(), of.len()));
        let mut areas: Vec<String> = Vec::new();
        for (_, i) in &of {
            let a = i.area();
            if !areas.contains(&a) {
                areas.push(a);
            }
        }
        for area in areas {
            h.push_str(&format!("<h4>{}</h4>", esc(&area)));
            for (n, i) in of.iter().filter(|(_, i)| i.area() == area) {
                let href = link(*n, i);
                h.push_str(&fragment::finding(
                    &i.finding,
                    &format!("f{n}"),
                    href.as_deref(),
                ));
            }
        }
    }
    h
}

/// One unit's report: what was read, the performance summary and the findings.
pub fn unit_page(
    row: &Row,
    items: &[Item],
    performance: &[String],
    extra_links: &[(String, String)],
) -> String {
    let title = format!(
        "{}{}",
        row.unit.as_deref().unwrap_or("（未识别的单位）"),
        row.year.map(|y| format!(" {y}年度")).unwrap_or_default()
    );
    let mut b = format!(
        "<p class=\"muted\">{}：{} · 错误 {} · 警告 {} · 提示 {}</p>",
        row.kind.label(),
        esc(&row.file),
        row.counts.errors,
        row.counts.warnings,
        row.counts.infos
    );
    if !extra_links.is_empty() {
        b.push_str("<nav>");
        for (href, label) in extra_links {
            b.push_str(&format!("<a href=\"{}\">{}</a>", esc(href), esc(label)));
        }
        b.push_str("</nav>");
    }
    if !performance.is_empty() {
        b.push_str("<h2>绩效自评汇总</h2><ul>");
        for l in performance {
            b.push_str(&format!("<li>{}</li>", esc(l)));
        }
        b.push_str("</ul>");
    }
    b.push_str("<h2>问题</h2>");
    b.push_str(&findings_body(items, &|_, _| None));
    page(&title, &b)
}
