//! The page chrome every HTML answer shares, pages and error pages alike: it sits below
//! both so that an error can be shown as a page without `error` depending on `pages`.

use axum::response::Html;
use juesuan_diagnostics::render::html::STYLE as FINDING_STYLE;
use juesuan_review::html::{STYLE, esc};

use crate::db::User;

/// A page with the workbench's header; `signed_in` (the user and the session's CSRF token)
/// adds the navigation and the sign-out form.
pub fn page(title: &str, signed_in: Option<(&User, &str)>, body: &str) -> Html<String> {
    let nav = match signed_in {
        Some((user, csrf)) => format!(
            "<nav class=\"top\"><a href=\"/\">工作台</a><a href=\"/upload\">上传</a><a href=\"/overview\">进度与概览</a>{}\
             <span class=\"who\">{} · {}</span>\
             <form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <button type=\"submit\">退出</button></form></nav>",
            match user.role {
                crate::db::Role::Admin => {
                    "<a href=\"/roster\">名册</a><a href=\"/pending\">待确认</a><a href=\"/admin/users\">用户管理</a>"
                }
                crate::db::Role::Reviewer => {
                    "<a href=\"/roster\">名册</a><a href=\"/pending\">待确认</a>"
                }
                crate::db::Role::Officer => "",
            },
            esc(&user.name),
            user.role.label(),
            esc(csrf)
        ),
        None => String::new(),
    };
    // The home page is the workbench itself: its title is not said twice.
    let window_title = if title == "决算工作台" {
        esc(title)
    } else {
        format!("{} · 决算工作台", esc(title))
    };
    Html(format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{window_title}</title>\
         <style>{STYLE}{sev}nav.top{{display:flex;gap:1em;align-items:center;padding:.6em 0;border-bottom:2px solid #0b57d0}}\
         nav.top .who{{margin-left:auto;color:#555}}form.inline{{display:inline}}\
         .state-queued,.state-running{{color:#a15c00}}.state-failed{{color:#b00020}}.state-done{{color:#1b7f3b}}\
         iframe.preview{{width:100%;height:36em;border:1px solid #ccc}}label{{margin-right:.5em}}\
         .box{{border:1px solid #ddd;padding:.8em 1em;margin:.8em 0;background:#fafafa}}\
         .status-none{{color:#777}}.status-submitted{{color:#0b57d0}}.status-returned{{color:#b00020}}\
         .status-passed,.status-published{{color:#1b7f3b}}.count{{display:inline-block;margin-right:1.2em}}\
         .count b{{font-size:1.4em}}p.ok,div.ok{{color:#1b7f3b}}</style></head>\
         <body>{nav}<h1>{t}</h1>{body}</body></html>",
        sev = FINDING_STYLE,
        t = esc(title)
    ))
}
