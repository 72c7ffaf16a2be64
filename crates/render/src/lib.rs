//! The disclosure generator: a package and its region's profile template in, the complete
//! 部门决算公开 out — text with every derived figure computed, tables, charts and the
//! performance tables — as a format-neutral [`Document`], then written as DOCX, HTML, PDF
//! (feature `pdf`) or XLSX.
//!
//! ```text
//! Package ─► Context ─► profiles/<id>/document.j2 (minijinja) ─► markup ─► Document
//!                                                                         ├─ docx::write
//!                                                                         ├─ html::write
//!                                                                         ├─ pdf::write  (typst)
//!                                                                         └─ xlsx::write (public tables)
//! ```
//!
//! [`output`] names the formats and makes their bytes; [`generate`] puts them in a folder
//! (file names, existing files, notes and gaps) through the caller's atomic writer.

pub mod charts;
pub mod context;
pub mod doc;
pub mod docx;
pub mod fonts;
pub mod format;
pub mod generate;
pub mod html;
mod inputs;
pub mod opinion;
pub mod output;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod perf;
pub mod tables;
pub mod template;
pub mod xlsx;

use juesuan_model::{Catalog, Package, Profile, TableKind};

pub use context::Context;
pub use doc::{Block, Cover, Document, Draft, Inline};
pub use output::{FormatListError, Output, OutputFormat, write_outputs};
pub use template::TemplateError;

/// The document could not be generated.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RenderError {
    /// The package names a profile that does not exist.
    #[error("地区格式“{0}”未知，无法生成公开文档（可用：{1}）")]
    UnknownProfile(String, String),
    /// The profile has no document template.
    #[error("地区格式“{0}”没有文档模板（profiles/{0}/document.j2）")]
    NoTemplate(String),
    /// The template failed.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// A directive in the template is wrong.
    #[error("文档模板第{line}行：{message}")]
    Directive {
        /// Line of the markup.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Writing an output format failed.
    #[error("生成{format}出错：{message}")]
    Output {
        /// `DOCX`, `PDF`…
        format: &'static str,
        /// What failed.
        message: String,
    },
}

/// What the caller decides about a document beyond the package.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The date printed on the cover (`2025年8月`), as the template's `date`; without one
    /// the year after the year reported on (`2025年`), so that output never depends on the
    /// clock.
    pub date: Option<String>,
    /// Makes the document a draft ([`Document::draft`]).
    pub draft: Option<Draft>,
}

/// The cover date of `year`'s accounts when the caller gives none: the year they are
/// published in.
pub fn default_date(year: u16) -> String {
    format!("{}年", year.saturating_add(1))
}

/// A date as a cover prints it: `2025-08-15` or `2025-08` → `2025年8月`, `2025` →
/// `2025年`; `None` for anything else.
pub fn cover_date(iso: &str) -> Option<String> {
    let mut parts = iso.trim().split(['-', '/', '.']);
    let year: u16 = parts
        .next()?
        .parse()
        .ok()
        .filter(|y| (1900..=2200).contains(y))?;
    let month = match parts.next() {
        None => return parts.next().is_none().then(|| format!("{year}年")),
        Some(m) => m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?,
    };
    if let Some(d) = parts.next() {
        d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))?;
    }
    parts.next().is_none().then(|| format!("{year}年{month}月"))
}

/// Generates the document of a package with its profile's built-in template, or with
/// `template` (the text of a `document.j2`) when given.
pub fn document(
    pkg: &Package,
    catalog: &Catalog,
    template: Option<&str>,
) -> Result<Document, RenderError> {
    document_with(pkg, catalog, template, &Options::default())
}

/// [`document`] with the caller's cover date and draft.
pub fn document_with(
    pkg: &Package,
    catalog: &Catalog,
    template: Option<&str>,
    options: &Options,
) -> Result<Document, RenderError> {
    let profile = pkg.profile().ok_or_else(|| {
        RenderError::UnknownProfile(pkg.unit.profile.clone(), Profile::builtin_ids().join("、"))
    })?;
    let source = match template {
        Some(t) => t,
        None => template::builtin(&profile.id)
            .ok_or_else(|| RenderError::NoTemplate(profile.id.clone()))?,
    };
    // the catalog of the package's year, with the codes its tables use under a known 款
    let catalog = &*catalog.for_package(pkg);
    let mut ctx = Context::new(pkg, profile, catalog);
    if let Some(d) = &options.date {
        ctx.date.clone_from(d);
    }
    let rendered = template::render_markup("document.j2", source, pkg, profile, &ctx)?;
    let mut blocks = parse_markup(&rendered.markup, pkg, profile, catalog, &ctx)?;
    let title = generate::document_title(pkg);
    if let Some(Block::Cover(c)) = blocks.first_mut()
        && c.title.is_empty()
    {
        c.title.clone_from(&title);
    }
    Ok(Document {
        title,
        blocks,
        unused: inputs::unused(pkg, catalog, &ctx, &rendered.used),
        draft: options.draft.clone(),
    })
}

fn parse_markup(
    markup: &str,
    pkg: &Package,
    profile: &Profile,
    catalog: &Catalog,
    ctx: &Context,
) -> Result<Vec<Block>, RenderError> {
    let mut blocks = Vec::new();
    let mut para = String::new();
    let flush = |para: &mut String, blocks: &mut Vec<Block>| {
        let t = para.trim();
        if !t.is_empty() {
            blocks.push(Block::Paragraph(doc::inlines(t)));
        }
        para.clear();
    };
    for (i, raw) in markup.lines().enumerate() {
        let line = raw.trim();
        let lineno = i + 1;
        if line.is_empty() {
            flush(&mut para, &mut blocks);
            continue;
        }
        // typed text made inert by the template formatter (`template::inert`)
        if let Some(text) = line.strip_prefix('\\') {
            para.push_str(text);
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if (1..=4).contains(&hashes) && line[hashes..].starts_with(' ') {
            flush(&mut para, &mut blocks);
            blocks.push(Block::Heading {
                level: hashes as u8,
                text: line[hashes..].trim().to_string(),
            });
            continue;
        }
        let Some(directive) = line.strip_prefix("::") else {
            para.push_str(line);
            continue;
        };
        flush(&mut para, &mut blocks);
        let (name, arg) = directive.split_once(' ').unwrap_or((directive, ""));
        let arg = arg.trim();
        let bad = |message: String| RenderError::Directive {
            line: lineno,
            message,
        };
        match name {
            "cover" => {
                if blocks.iter().any(|b| matches!(b, Block::Cover(_))) {
                    return Err(bad("封面（::cover）只能有一个".to_string()));
                }
                if !blocks.is_empty() {
                    return Err(bad("封面（::cover）须在文档最前".to_string()));
                }
                blocks.push(Block::Cover(doc::Cover {
                    title: arg.to_string(),
                    ..doc::Cover::default()
                }));
            }
            "cover-line" | "cover-date" => {
                let Some(Block::Cover(cover)) = blocks.last_mut() else {
                    return Err(bad(format!("::{name} 须紧跟在 ::cover 之后")));
                };
                if arg.is_empty() {
                    // an empty line (a department the package does not name) is left out
                } else if name == "cover-line" {
                    cover.lines.push(arg.to_string());
                } else {
                    cover.date = Some(arg.to_string());
                }
            }
            "contents" => blocks.push(Block::Contents),
            "page" => blocks.push(Block::PageBreak {
                landscape: arg == "landscape",
            }),
            "plain" => blocks.push(Block::Plain(doc::inlines(arg))),
            "table" => {
                let kind = TableKind::from_key_or_title(arg)
                    .ok_or_else(|| bad(format!("未知的表“{arg}”")))?;
                blocks.push(Block::Table(tables::public_table(
                    pkg, profile, catalog, kind,
                )));
            }
            "tables" => {
                // each table on its own page: portrait for the narrow summary tables,
                // landscape for the wide ones; the first follows the part's heading
                // when it fits the heading's page
                let all = tables::public_tables(pkg, profile, catalog);
                // a page of that orientation just begun, holding only headings so far
                // (`::page landscape` and the part's heading): the first table goes there
                let fresh = |blocks: &[Block], wide: bool| {
                    let since = blocks
                        .iter()
                        .rposition(|b| matches!(b, Block::PageBreak { .. }));
                    since.is_some_and(|i| {
                        matches!(blocks.get(i), Some(Block::PageBreak { landscape }) if *landscape == wide)
                            && blocks
                                .get(i + 1..)
                                .unwrap_or_default()
                                .iter()
                                .all(|b| matches!(b, Block::Heading { .. }))
                    })
                };
                for (k, t) in all.into_iter().enumerate() {
                    if k > 0 || (t.wide && !fresh(&blocks, t.wide)) {
                        blocks.push(Block::PageBreak { landscape: t.wide });
                    }
                    blocks.push(Block::Table(t));
                }
            }
            "members" => blocks.push(Block::Table(tables::members(pkg))),
            "chart" => {
                let (kind, caption) = arg.split_once(' ').unwrap_or((arg, ""));
                if !matches!(kind, "income" | "expenditure" | "budget") {
                    return Err(bad(format!(
                        "未知的图“{kind}”（可用：income、expenditure、budget）"
                    )));
                }
                if let Some(c) = charts::chart(
                    ctx,
                    kind,
                    caption.trim(),
                    profile.percent_fixed_decimals,
                    profile.text_decimals,
                ) {
                    blocks.push(Block::Chart(c));
                }
            }
            "projects" => {
                for (k, p) in pkg.performance.projects.iter().enumerate() {
                    let title = if p.seq.is_empty() {
                        p.name.clone()
                    } else {
                        format!("{}、{}", p.seq, p.name)
                    };
                    blocks.push(Block::Heading {
                        level: 4,
                        text: title,
                    });
                    blocks.push(Block::Table(perf::project_table(pkg, k, p)));
                }
            }
            "targets" => {
                for (k, p) in pkg.performance.targets.iter().enumerate() {
                    if !context::target_tabled(p) {
                        continue;
                    }
                    let title = if p.seq.is_empty() {
                        p.name.clone()
                    } else {
                        format!("{}、{}", p.seq, p.name)
                    };
                    blocks.push(Block::Heading {
                        level: 4,
                        text: title,
                    });
                    blocks.push(Block::Table(perf::target_table(
                        pkg,
                        k,
                        p,
                        profile.thousands_separator,
                    )));
                }
            }
            other => return Err(bad(format!("未知的指令“::{other}”"))),
        }
    }
    flush(&mut para, &mut blocks);
    Ok(blocks)
}
