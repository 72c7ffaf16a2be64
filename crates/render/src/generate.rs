//! The documents of a package as files in a folder: their names, what happens to files that
//! are already there, writing them, and what to tell the user (notes, stale files, gaps).
//!
//! ```text
//! plan(pkg, dir, formats, force) ─► Plan { targets, existing }
//!        write(&plan, pkg, catalog, template, write_file, on_event) ─► Generated
//! ```
//!
//! The bytes go to disk through `write_file`, the caller's atomic writer
//! (`juesuan_io::write_atomic` in the CLI): this crate does not depend on `juesuan-io`, and
//! the one writer that never clobbers stays in one place.
//!
//! Rebuilds: each folder keeps a small manifest ([`MANIFEST`]) of the files written there
//! and a digest of each. A file the manifest lists with its digest unchanged is ours and
//! is replaced without `--force`; a file it does not list, or one changed since (edited by
//! someone), is never replaced without `--force`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use blake2::{Blake2b, Digest, digest::consts::U32};
use juesuan_model::{Catalog, Package};
use serde::{Deserialize, Serialize};

use crate::{Draft, OutputFormat, RenderError, document_with, write_outputs};

/// The most gaps [`Generated::gap_listing`] lists one by one.
const LISTED_GAPS: usize = 30;

/// A file name for the documents of a package, without extension: the unit's name (with
/// characters that file systems refuse replaced) and the year.
pub fn file_stem(pkg: &Package) -> String {
    let name: String = pkg
        .unit
        .name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let name = name.trim().trim_start_matches('.');
    let name = if name.is_empty() { "单位" } else { name };
    if pkg.is_budget() {
        format!("{name}{}年部门预算", pkg.unit.year)
    } else {
        format!("{name}{}年度部门决算", pkg.unit.year)
    }
}

/// The title of a package's document: `…2024年度部门决算`, or `…2025年部门预算` for a
/// budget.
pub fn document_title(pkg: &Package) -> String {
    if pkg.is_budget() {
        format!("{}{}年部门预算", pkg.unit.name, pkg.unit.year)
    } else {
        format!("{}{}年度部门决算", pkg.unit.name, pkg.unit.year)
    }
}

/// The manifest `build` keeps in each output folder: the files it wrote and their digests.
pub const MANIFEST: &str = ".juesuan-build.json";

/// The manifest's format tag: a file of that name without it is not ours.
const MANIFEST_FORMAT: &str = "juesuan-build/1";

/// Manifests larger than this are not ours.
const MANIFEST_MAX: u64 = 1024 * 1024;

/// What [`MANIFEST`] holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Manifest {
    format: String,
    /// File name → BLAKE2b-256 of the bytes written, in hex.
    files: BTreeMap<String, String>,
}

fn digest(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let d = Blake2b::<U32>::digest(bytes);
    d.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The folder's manifest: `Ok(None)` when there is none, `Err(())` when a file of that name
/// is there but not ours (it is then never replaced).
fn read_manifest(dir: &Path) -> Result<Option<Manifest>, ()> {
    let path = dir.join(MANIFEST);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Ok(None);
    };
    if !meta.is_file() || meta.len() > MANIFEST_MAX {
        return Err(());
    }
    let bytes = std::fs::read(&path).map_err(|_| ())?;
    match serde_json::from_slice::<Manifest>(&bytes) {
        Ok(m) if m.format == MANIFEST_FORMAT => Ok(Some(m)),
        _ => Err(()),
    }
}

/// Whether `path` is a file this manifest records, unchanged since it was written.
fn is_ours(manifest: Option<&Manifest>, path: &Path) -> bool {
    let (Some(m), Some(name)) = (manifest, path.file_name().and_then(|n| n.to_str())) else {
        return false;
    };
    let Some(recorded) = m.files.get(name) else {
        return false;
    };
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() <= 512 * 1024 * 1024 => {
            std::fs::read(path).is_ok_and(|b| &digest(&b) == recorded)
        }
        _ => false,
    }
}

/// One file to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Its format.
    pub format: OutputFormat,
    /// Where it goes.
    pub path: PathBuf,
    /// It exists and may be replaced: `--force`, or a file an earlier run wrote, unchanged.
    pub replace: bool,
}

/// The files to generate for a package, before anything is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The folder (created when missing).
    pub dir: PathBuf,
    /// The files, in the order of the formats asked for.
    pub targets: Vec<Target>,
    /// Whether existing files are replaced.
    pub force: bool,
    /// Targets that already exist and would be replaced; always empty with `force`.
    /// [`write`] refuses to start while there are any.
    pub existing: Vec<PathBuf>,
    /// The date the cover prints (`2025年8月`, see [`crate::cover_date`]); `None` for the
    /// year after the year reported on.
    pub date: Option<String>,
    /// Writes the documents as drafts: every page marked 草稿, the open errors listed at
    /// the end.
    pub draft: Option<Draft>,
}

/// The files of `pkg`'s documents in `dir`, one per format, and which of them exist and
/// may not be replaced (neither `force` nor written, unchanged, by an earlier run).
pub fn plan(pkg: &Package, dir: &Path, formats: &[OutputFormat], force: bool) -> Plan {
    let stem = file_stem(pkg);
    let manifest = read_manifest(dir).ok().flatten();
    let targets: Vec<Target> = formats
        .iter()
        .map(|&format| {
            let path = dir.join(format!("{stem}.{}", format.extension()));
            let replace = force || is_ours(manifest.as_ref(), &path);
            Target {
                format,
                path,
                replace,
            }
        })
        .collect();
    let existing = targets
        .iter()
        .filter(|t| !t.replace && std::fs::symlink_metadata(&t.path).is_ok())
        .map(|t| t.path.clone())
        .collect();
    Plan {
        dir: dir.to_path_buf(),
        targets,
        force,
        existing,
        date: None,
        draft: None,
    }
}

/// What happened to one target while writing, in order, for progress messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// The file was written.
    Written(&'a Path),
    /// The format was skipped (see the notes) and a file from an earlier run is still there.
    Stale(&'a Path),
}

/// The outcome of [`write`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// The files written.
    pub written: Vec<PathBuf>,
    /// Files of skipped formats left from an earlier run, now possibly out of date.
    pub stale: Vec<PathBuf>,
    /// Why formats were skipped or what is missing from them, each once.
    pub notes: Vec<String>,
    /// The document's gaps: heading and what is missing (`Document::gaps`).
    pub gaps: Vec<(String, String)>,
    /// Filled inputs this profile's document does not print (`Document::unused`).
    pub unused: Vec<String>,
}

impl Generated {
    /// The gaps as `build` lists them: a count line, then at most 30 as
    /// `heading：gap`, each line indented and ended with a newline.
    pub fn gap_listing(&self) -> String {
        use std::fmt::Write;
        let gaps = &self.gaps;
        if gaps.is_empty() {
            return "  文档中没有待填写的内容。\n".to_string();
        }
        let mut s = format!(
            "  文档中有 {} 处待填写或缺数据，已用【】标出（用 juesuan audit 查看审核意见）：\n",
            gaps.len()
        );
        for (section, gap) in gaps.iter().take(LISTED_GAPS) {
            let _ = writeln!(s, "    {section}：{gap}");
        }
        if gaps.len() > LISTED_GAPS {
            let _ = writeln!(s, "    ……另有 {} 处", gaps.len() - LISTED_GAPS);
        }
        s
    }
}

/// Generating failed; `E` is the error of the caller's writer.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError<E> {
    /// Files juesuan did not write (or that were changed since) are in the way; nothing
    /// was written.
    #[error("文件已存在，且不是 juesuan 在此生成的（或生成后被修改过）：{}（加 --force 覆盖）", list(.0))]
    Exists(Vec<PathBuf>),
    /// The document or one of its formats could not be made; nothing was written.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The folder could not be created.
    #[error("无法创建文件夹“{}”：{source}", dir.display())]
    CreateDir {
        /// The folder.
        dir: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The writer failed; the files before it were written.
    #[error(transparent)]
    Write(E),
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join("、")
}

/// Renders the package's document (with `template`, the text of a `document.j2`, instead of
/// its profile's when given; a draft when the plan says so) in the plan's formats and writes each file with
/// `write_file(path, bytes, replace)`, where `replace` is the plan's `force`: without it
/// the writer must not replace a file, even one that appeared after [`plan`] looked.
/// Everything is rendered before the first file is written, so a document that cannot be
/// made leaves the folder as it was. `on_event` hears of each file as it is handled.
pub fn write<E>(
    plan: &Plan,
    pkg: &Package,
    catalog: &Catalog,
    template: Option<&str>,
    mut write_file: impl FnMut(&Path, &[u8], bool) -> Result<(), E>,
    mut on_event: impl FnMut(Event<'_>),
) -> Result<Generated, GenerateError<E>> {
    if !plan.existing.is_empty() {
        return Err(GenerateError::Exists(plan.existing.clone()));
    }
    let options = crate::Options {
        date: plan.date.clone(),
        draft: plan.draft.clone(),
    };
    let doc = document_with(pkg, catalog, template, &options)?;
    let formats: Vec<OutputFormat> = plan.targets.iter().map(|t| t.format).collect();
    let outputs = write_outputs(&doc, pkg.unit.year, &formats)?;
    std::fs::create_dir_all(&plan.dir).map_err(|source| GenerateError::CreateDir {
        dir: plan.dir.clone(),
        source,
    })?;
    let mut done = Generated {
        gaps: doc.gaps(),
        unused: doc.unused.clone(),
        ..Generated::default()
    };
    // a manifest file that is not ours is left alone (and nothing is recorded)
    let mut manifest = read_manifest(&plan.dir).map(Option::unwrap_or_default);
    for (out, target) in outputs.iter().zip(&plan.targets) {
        let path = target.path.as_path();
        match &out.bytes {
            Some(bytes) => {
                write_file(path, bytes, target.replace).map_err(GenerateError::Write)?;
                on_event(Event::Written(path));
                done.written.push(path.to_path_buf());
                if let (Ok(m), Some(name)) =
                    (&mut manifest, path.file_name().and_then(|n| n.to_str()))
                {
                    m.files.insert(name.to_string(), digest(bytes));
                    // recorded after each file, so a run stopped half-way still knows them
                    m.format = MANIFEST_FORMAT.to_string();
                    if let Ok(json) = serde_json::to_vec_pretty(&*m) {
                        write_file(&plan.dir.join(MANIFEST), &json, true)
                            .map_err(GenerateError::Write)?;
                    }
                }
            }
            None if path.exists() => {
                on_event(Event::Stale(path));
                done.stale.push(path.to_path_buf());
            }
            None => {}
        }
        if let Some(n) = &out.note
            && !done.notes.contains(n)
        {
            done.notes.push(n.clone());
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_avoid_characters_file_systems_refuse() {
        let mut pkg = Package::new("  ..某/单位:甲*  ", 2024, "beijing");
        assert_eq!(file_stem(&pkg), "某_单位_甲_2024年度部门决算");
        pkg.unit.name = " . ".into();
        assert_eq!(file_stem(&pkg), "单位2024年度部门决算");
    }

    #[test]
    fn gap_listing_counts_and_cuts_at_thirty() {
        let mut g = Generated::default();
        assert_eq!(g.gap_listing(), "  文档中没有待填写的内容。\n");
        g.gaps = (0..32)
            .map(|i| ("一、收入".to_string(), format!("【待填写：{i}】")))
            .collect();
        let text = g.gap_listing();
        assert!(text.starts_with("  文档中有 32 处待填写或缺数据"), "{text}");
        assert_eq!(text.lines().count(), 1 + 30 + 1, "{text}");
        assert!(text.ends_with("    ……另有 2 处\n"), "{text}");
    }
}
