//! The subcommands: each loads, calls the libraries, prints.

use std::path::{Path, PathBuf};

use juesuan_check::carry::{self, CarryError};
use juesuan_io::{Format, IoError, Loaded, SaveOptions, WriteOptions};
use juesuan_model::{Catalog, DisclosureKind, Notice, Package, PackageSummary, Profile};

use crate::term;
use crate::{AuditFormat, CheckFormat, MinSeverity, OutputFormat};
use juesuan_diagnostics::render::{self, text as report};
use juesuan_diagnostics::{Family, Severity};

/// The Beijing example, built into the binary so that `demo` runs anywhere.
const BEIJING_EXAMPLE: &str =
    include_str!("../../../examples/beijing-xicheng-kexin-2024/package.toml");
const BEIJING_EXAMPLE_PATH: &str = "examples/beijing-xicheng-kexin-2024/package.toml";
/// The budget the demo shows after the final accounts.
const BUDGET_EXAMPLE: &str =
    include_str!("../../../examples/shanghai-putuo-czj-2025-budget/package.toml");
const BUDGET_EXAMPLE_PATH: &str = "examples/shanghai-putuo-czj-2025-budget/package.toml";

/// A failed command: the message and the exit code (2: the input could not be read; 1: other).
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl From<IoError> for Failure {
    fn from(e: IoError) -> Self {
        let code = match e {
            IoError::Exists(_) | IoError::Write { .. } | IoError::Produce { .. } => 1,
            _ => 2,
        };
        Failure {
            message: e.to_string(),
            code,
        }
    }
}

fn fail(message: impl Into<String>, code: u8) -> Failure {
    Failure {
        message: message.into(),
        code,
    }
}

/// The built-in catalog, with a bureau's catalog file merged in when given.
pub fn catalog(extra: Option<&Path>) -> Result<Catalog, String> {
    let mut c = Catalog::builtin().clone();
    if let Some(path) = extra {
        let more = juesuan_io::load_catalog(path).map_err(|e| e.to_string())?;
        let n = more.len();
        c.merge(more);
        eprintln!("已载入科目目录“{}”：{n} 个科目", path.display());
    }
    Ok(c)
}

pub fn init(
    catalog: &Catalog,
    profile: &str,
    kind: Option<&str>,
    year: u16,
    unit: &str,
    output: &Path,
    force: bool,
) -> Result<(), Failure> {
    let Some(named) = Profile::find(profile) else {
        return Err(fail(
            format!(
                "地区格式“{profile}”未知，可用：{}",
                Profile::builtin_ids().join("、")
            ),
            2,
        ));
    };
    // --kind 预算 takes the region's budget profile (shanghai → shanghai-budget)
    let kind = match kind {
        None => named.kind,
        Some(k) => DisclosureKind::parse(k).ok_or_else(|| {
            fail(
                format!("公开类型“{k}”未知，应为“决算”或“预算”（final、budget）"),
                2,
            )
        })?,
    };
    let Some(p) = Profile::find_kind(named.region(), kind) else {
        return Err(fail(format!("{}没有{}格式", named.name, kind.label()), 2));
    };
    if !(1990..=2100).contains(&year) {
        return Err(fail(
            format!("年度“{year}”不合理，应为四位年份，如 2024"),
            2,
        ));
    }
    let package = Package::blank(unit, year, p);
    juesuan_io::save(
        &package,
        output,
        catalog,
        SaveOptions {
            force,
            workbook: WriteOptions {
                prefill: true,
                ..WriteOptions::default()
            },
        },
    )?;
    let what = if p.kind == DisclosureKind::Budget {
        format!("{year}年 {}部门预算", p.name)
    } else {
        format!("{year}年度 {}", p.name)
    };
    println!(
        "已生成 {what}格式的空白数据{}：{}",
        if Format::from_path(output) == Some(Format::Xlsx) {
            "工作簿"
        } else {
            "文件"
        },
        output.display()
    );
    Ok(())
}

/// `juesuan reasons`: writes into the workbook's 说明填写 sheet a row for each line that
/// still needs a reason or a use — exactly what `audit` asks for (E-001, E-007) — with the
/// two figures and the change beside the empty cells. The workbook is rewritten in place
/// (the original kept beside it as `名称.备份.xlsx`) or written to `output`.
pub fn reasons(
    catalog: &Catalog,
    input: &Path,
    output: Option<&Path>,
    force: bool,
) -> Result<(), Failure> {
    let loaded = juesuan_io::load(input, catalog)?;
    if loaded.format != Format::Xlsx {
        return Err(fail(
            format!(
                "“{}”是{}：reasons 只改写 .xlsx 工作簿的“说明填写”表",
                loaded.path.display(),
                loaded.format.label()
            ),
            2,
        ));
    }
    print_notices(&loaded.notices);
    let needed = juesuan_rules::reasons::needed(&loaded.package, catalog);
    if needed.is_empty() {
        println!(
            "{}：没有需要补写原因或用途的行，工作簿未改动。",
            loaded.path.display()
        );
        return Ok(());
    }
    let prompts = needed
        .iter()
        .map(|n| {
            let want = match (n.reason, n.usage) {
                (true, true) => "请填写主要原因和主要用于",
                (true, false) => "请填写主要原因",
                _ => "请填写主要用于",
            };
            let text = match &n.comparison {
                Some(c) => format!("{c}；{want}"),
                None => want.to_string(),
            };
            (n.subject, text)
        })
        .collect();
    let workbook = WriteOptions {
        prefill: false,
        prompts,
    };
    let target = match output {
        Some(o) => {
            if same_file(&loaded.path, o) {
                return Err(fail(
                    "输出与输入是同一个文件；不加 -o 即在原工作簿中写入",
                    2,
                ));
            }
            o.to_path_buf()
        }
        None => {
            let backup = backup_name(&loaded.path);
            let original =
                juesuan_io::fsio::read_limited(&loaded.path, juesuan_io::MAX_WORKBOOK_BYTES)?;
            juesuan_io::fsio::write_atomic(&backup, &original, false)?;
            println!("原工作簿已备份为 {}", backup.display());
            loaded.path.clone()
        }
    };
    juesuan_io::save(
        &loaded.package,
        &target,
        catalog,
        SaveOptions {
            force: force || output.is_none(),
            workbook,
        },
    )?;
    println!(
        "已在 {} 的“说明填写”表写入 {} 行待填写（每行列出两个数和变动）：",
        target.display(),
        needed.len()
    );
    for n in &needed {
        let want = match (n.reason, n.usage) {
            (true, true) => "主要原因、主要用于",
            (true, false) => "主要原因",
            _ => "主要用于",
        };
        match &n.comparison {
            Some(c) => println!("  {}：{c}（待填：{want}）", n.name),
            None => println!("  {}（待填：{want}）", n.name),
        }
    }
    Ok(())
}

/// `单位.xlsx` → `单位.备份.xlsx`, or `单位.备份2.xlsx`… when that exists.
fn backup_name(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "xlsx".into());
    (1..)
        .map(|i| {
            let n = if i == 1 { String::new() } else { i.to_string() };
            path.with_file_name(format!("{stem}.备份{n}.{ext}"))
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| path.with_extension("备份.xlsx"))
}

/// `init --from`: this year's form with last year's final figures as 上年数 and the standing
/// texts carried (`juesuan_check::carry`), then the list of what was carried and from where.
pub fn init_from(
    catalog: &Catalog,
    from: &Path,
    (profile, year, unit): (Option<&str>, Option<u16>, Option<&str>),
    output: &Path,
    force: bool,
) -> Result<(), Failure> {
    if same_file(from, output) {
        return Err(fail("上年文件和输出是同一个文件", 1));
    }
    let request = carry::Request {
        profile,
        year,
        unit,
        standard: Some(juesuan_render::template::builtin),
    };
    let carried = carry::carry(from, catalog, &request).map_err(|e| match e {
        CarryError::Read(e) => Failure {
            message: e.to_string(),
            code: 2,
        },
        CarryError::Refused(m) => fail(m, 2),
    })?;
    let pkg = &carried.package;
    juesuan_io::save(
        pkg,
        output,
        catalog,
        SaveOptions {
            force,
            workbook: WriteOptions {
                prefill: true,
                ..WriteOptions::default()
            },
        },
    )?;
    let profile = pkg.profile().map_or(pkg.unit.profile.as_str(), |p| &p.name);
    println!(
        "已生成 {}年度 {profile}格式的数据{}：{}",
        pkg.unit.year,
        if Format::from_path(output) == Some(Format::Xlsx) {
            "工作簿"
        } else {
            "文件"
        },
        output.display()
    );
    println!("{}", carried.source);
    if !carried.items.is_empty() {
        println!("已带入：");
        for item in &carried.items {
            println!("  {item}");
        }
    }
    if !carried.missing.is_empty() {
        println!("未能带入：");
        for m in &carried.missing {
            println!("  {m}");
        }
    }
    for n in &carried.notes {
        println!("提示：{n}");
    }
    Ok(())
}

pub fn convert(catalog: &Catalog, input: &Path, output: &Path, force: bool) -> Result<(), Failure> {
    let loaded = juesuan_io::load(input, catalog)?;
    if same_file(&loaded.path, output) {
        return Err(fail("输入和输出是同一个文件", 1));
    }
    print_notices(&loaded.notices);
    save_package(&loaded.package, output, catalog, force)?;
    println!(
        "已转换：{}（{}）→ {}",
        loaded.path.display(),
        loaded.format.label(),
        output.display()
    );
    Ok(())
}

/// Writes a package in the format the output's extension names (the workbook as juesuan's
/// template).
fn save_package(
    package: &juesuan_model::Package,
    output: &Path,
    catalog: &Catalog,
    force: bool,
) -> Result<(), Failure> {
    juesuan_io::save(
        package,
        output,
        catalog,
        SaveOptions {
            force,
            workbook: WriteOptions::default(),
        },
    )?;
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn print_notices(notices: &[Notice]) {
    for n in notices {
        eprintln!("{n}");
    }
}

fn report(loaded: &Loaded, source: &str, format: OutputFormat) -> Result<(), Failure> {
    let summary = PackageSummary::of(&loaded.package);
    match format {
        OutputFormat::Text => {
            print!("{}", term::summary(&summary, source, &loaded.notices));
        }
        OutputFormat::Json => {
            let v = serde_json::json!({
                "source": source,
                "summary": summary,
                "notices": loaded.notices,
            });
            let text = serde_json::to_string_pretty(&v)
                .map_err(|e| fail(format!("无法输出 JSON：{e}"), 1))?;
            println!("{text}");
        }
    }
    Ok(())
}

pub fn show(catalog: &Catalog, path: &Path, format: OutputFormat) -> Result<(), Failure> {
    let loaded = juesuan_io::load(path, catalog)?;
    let source = loaded.path.display().to_string();
    report(&loaded, &source, format)
}

pub fn demo(catalog: &Catalog, format: OutputFormat, force: bool) -> Result<(), Failure> {
    let package = juesuan_io::text_formats::package_from_toml(BEIJING_EXAMPLE)
        .map_err(|p| fail(format!("内置示例无法读取：{p}"), 2))?;
    let notices = package.notices(catalog);
    let loaded = Loaded {
        package,
        notices,
        path: BEIJING_EXAMPLE_PATH.into(),
        format: Format::Toml,
        sources: Default::default(),
    };
    if format == OutputFormat::Text {
        println!("juesuan 演示：读入北京示例数据包，检查科目，输出摘要，再审核。\n");
    }
    report(&loaded, &format!("{BEIJING_EXAMPLE_PATH}（内置）"), format)?;
    if format == OutputFormat::Text {
        let r = juesuan_rules::audit(&loaded.package, catalog);
        println!("\n审核（{}）\n", report::summary_line(&r));
        print!("{}", report::report(&r));
        // the example keeps the published document's real errors: its documents are drafts
        let open = juesuan_rules::open_errors(&r);
        let draft = (!open.is_empty()).then_some(open.as_slice());
        println!(
            "\n生成公开文档（./out/）{}\n",
            if draft.is_some() {
                "：审核有错误，生成的是草稿（每页标“草稿”，文末列出错误）"
            } else {
                ""
            }
        );
        let written = generate(
            catalog,
            &loaded.package,
            Path::new("out"),
            &juesuan_render::OutputFormat::ALL,
            (None, draft, None),
            force,
            true,
        )?;
        if written == 0 {
            println!("./out/ 中的文档已存在，未覆盖；加 --force 重新生成。");
        }
        demo_budget(catalog)?;
    }
    Ok(())
}

/// The demo's second part: the Putuo 2025 budget (预算), its overview and its audit.
fn demo_budget(catalog: &Catalog) -> Result<(), Failure> {
    let package = juesuan_io::text_formats::package_from_toml(BUDGET_EXAMPLE)
        .map_err(|p| fail(format!("内置预算示例无法读取：{p}"), 2))?;
    let notices = package.notices(catalog);
    let loaded = Loaded {
        package,
        notices,
        path: BUDGET_EXAMPLE_PATH.into(),
        format: Format::Toml,
        sources: Default::default(),
    };
    println!(
        "
—— 预算示例：读入上海市普陀区财政局 2025年部门预算（表1—表8 按元录入），输出摘要，再审核。
"
    );
    report(
        &loaded,
        &format!("{BUDGET_EXAMPLE_PATH}（内置）"),
        OutputFormat::Text,
    )?;
    let r = juesuan_rules::audit(&loaded.package, catalog);
    println!(
        "
审核（{}）
",
        report::summary_line(&r)
    );
    print!("{}", report::report(&r));
    Ok(())
}

/// Generates the documents of a package into `dir`; returns the number of files written.
/// With `skip_existing`, existing files are left alone (demo); otherwise an existing file
/// without `force` is an error and nothing is written.
fn generate(
    catalog: &Catalog,
    pkg: &Package,
    dir: &Path,
    formats: &[juesuan_render::OutputFormat],
    (template, draft, date): (Option<&str>, Option<&[String]>, Option<String>),
    force: bool,
    skip_existing: bool,
) -> Result<usize, Failure> {
    use juesuan_render::generate::{self, Event, GenerateError};
    let mut plan = generate::plan(pkg, dir, formats, force);
    if skip_existing && !plan.existing.is_empty() {
        return Ok(0);
    }
    plan.draft = draft.map(|open| juesuan_render::Draft {
        errors: open.to_vec(),
    });
    plan.date = date;
    let done = generate::write(
        &plan,
        pkg,
        catalog,
        template,
        juesuan_io::fsio::write_atomic,
        |event| match event {
            Event::Written(path) => println!("  已生成 {}", path.display()),
            Event::Stale(path) => eprintln!(
                "  注意：{} 是以前生成的，这次没有重新生成，内容可能已过时",
                path.display()
            ),
        },
    )
    .map_err(|e| match e {
        GenerateError::Write(io) => Failure::from(io),
        other => fail(other.to_string(), 1),
    })?;
    for n in &done.notes {
        eprintln!("  注意：{n}");
    }
    print!("{}", done.gap_listing());
    print!("{}", unused_listing(&done.unused));
    Ok(done.written.len())
}

/// The filled inputs the profile's document does not print, one per line (nothing when
/// every input is used).
fn unused_listing(unused: &[String]) -> String {
    if unused.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "  已填写但本地区格式的文档不使用的内容 {} 项（文档中不会出现，请确认是否填错位置）：\n",
        unused.len()
    );
    for u in unused {
        s.push_str(&format!("    {u}\n"));
    }
    s
}

/// `juesuan build`.
/// What `build` is asked for besides the package, the folder and the formats.
pub struct BuildOptions<'a> {
    /// Another `document.j2` instead of the profile's.
    pub template: Option<&'a Path>,
    /// Build a marked draft when the audit finds errors.
    pub draft: bool,
    /// The cover's date as typed (`2025-08`).
    pub date: Option<&'a str>,
    /// Replace files juesuan did not write.
    pub force: bool,
}

pub fn build(
    catalog: &Catalog,
    path: &Path,
    dir: &Path,
    formats: &str,
    options: BuildOptions<'_>,
) -> Result<(), Failure> {
    let BuildOptions {
        template,
        draft,
        date,
        force,
    } = options;
    let wanted =
        juesuan_render::OutputFormat::parse_list(formats).map_err(|e| fail(e.to_string(), 2))?;
    let date = match date {
        Some(d) => Some(juesuan_render::cover_date(d).ok_or_else(|| {
            fail(
                format!("封面日期“{d}”无法识别，应写成 2025-08 或 2025-08-15"),
                2,
            )
        })?),
        None => None,
    };
    let template = match template {
        Some(t) => {
            let bytes = juesuan_io::fsio::read_limited(t, 4 * 1024 * 1024)?;
            Some(
                String::from_utf8(bytes)
                    .map_err(|_| fail(format!("文档模板“{}”不是 UTF-8 文本", t.display()), 2))?,
            )
        }
        None => None,
    };
    let loaded = juesuan_io::load(path, catalog)?;
    print_notices(&loaded.notices);
    // never publish bad data by accident: errors refuse the build, or make it a draft
    let mut audit = juesuan_rules::audit(&loaded.package, catalog);
    loaded.sources.place(&mut audit.findings);
    let errors = audit.at_least(Severity::Error);
    let open: Option<Vec<String>> = if errors.findings.is_empty() {
        None
    } else if draft {
        Some(juesuan_rules::open_errors(&errors))
    } else {
        eprintln!(
            "{}（{}年度）审核发现 {} 处错误，未生成文档：\n",
            loaded.package.unit.name,
            loaded.package.unit.year,
            errors.findings.len()
        );
        eprint!("{}", report::report(&errors));
        return Err(fail(
            "改正以上错误后再生成；要先看草稿，加 --draft（每页标“草稿”，文末列出未解决的错误，不得公开）",
            1,
        ));
    };
    let title = juesuan_render::generate::document_title(&loaded.package);
    let name = &loaded.package.unit.name;
    println!(
        "生成 {name} {}{}（{}）：",
        title.strip_prefix(name.as_str()).unwrap_or(&title),
        if open.is_some() { "草稿" } else { "" },
        loaded.path.display()
    );
    generate(
        catalog,
        &loaded.package,
        dir,
        &wanted,
        (template.as_deref(), open.as_deref(), date),
        force,
        false,
    )?;
    if let Some(open) = &open {
        eprintln!(
            "  注意：这是草稿，有 {} 处错误未解决（已列在文末），不得公开。",
            open.len()
        );
    }
    Ok(())
}

pub fn audit(
    catalog: &Catalog,
    path: &Path,
    format: AuditFormat,
    min: MinSeverity,
    rules_file: Option<&Path>,
    names: bool,
) -> Result<(), Failure> {
    let loaded = juesuan_io::load(path, catalog)?;
    if names {
        for (k, v) in juesuan_rules::custom::Names::of(&loaded.package).list() {
            println!("{k} = {v}");
        }
        return Ok(());
    }
    let custom = match rules_file {
        Some(p) => {
            let bytes = juesuan_io::read_limited(p, juesuan_io::MAX_TEXT_BYTES)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| fail(format!("规则文件“{}”不是 UTF-8 编码", p.display()), 2))?;
            juesuan_rules::custom::load_rules(&text)
                .map_err(|e| fail(format!("规则文件“{}”：{e}", p.display()), 2))?
        }
        None => Vec::new(),
    };
    let min = match min {
        MinSeverity::Error => Severity::Error,
        MinSeverity::Warning => Severity::Warning,
        MinSeverity::Info => Severity::Info,
    };
    let mut full = juesuan_rules::audit_with(&loaded.package, catalog, &custom);
    loaded.sources.place(&mut full.findings);
    let errors = full.has_errors();
    let shown = full.at_least(min);
    match format {
        AuditFormat::Text => {
            // a budget is of its year: 2025年预算
            let year = if loaded.package.is_budget() {
                "年预算"
            } else {
                "年度"
            };
            println!(
                "审核 {}（{} {}{year}）\n",
                loaded.path.display(),
                loaded.package.unit.name,
                loaded.package.unit.year
            );
            print!("{}", report::report(&shown));
            // every input is used or reported: what the generated document would leave out
            if let Ok(doc) = juesuan_render::document(&loaded.package, catalog, None) {
                let listing = unused_listing(&doc.unused);
                if !listing.is_empty() {
                    print!("\n{listing}");
                }
            }
        }
        AuditFormat::Json => print!("{}", render::json::report(&shown)),
        AuditFormat::Csv => print!("{}", render::csv::report(&shown)),
    }
    if errors {
        Err(Failure {
            message: String::new(),
            code: 1,
        })
    } else {
        Ok(())
    }
}

/// `juesuan rules [--family F] [--format text|markdown]`.
pub fn rules(family: Option<&str>, markdown: bool) -> Result<(), Failure> {
    let rules: Vec<&juesuan_diagnostics::Meta> = match family {
        Some(f) => {
            let family = Family::parse(f).ok_or_else(|| {
                fail(
                    format!("不认识的规则类别“{f}”：应为 package（数据包审核）、document（公开文件检查）或 performance（绩效自评）"),
                    2,
                )
            })?;
            juesuan_check::registry::of(family)
        }
        None => juesuan_check::registry::all().to_vec(),
    };
    if markdown {
        print!("{}", render::rules::markdown(&rules));
    } else {
        print!("{}", render::rules::list(&rules));
    }
    Ok(())
}

/// `juesuan rule CODE`.
pub fn rule(code: &str) -> Result<(), Failure> {
    match juesuan_check::registry::find(code) {
        Some(m) => {
            print!("{}", render::rules::detail(m));
            Ok(())
        }
        None => Err(fail(
            format!("没有代码为“{code}”的规则；用 juesuan rules 查看全部规则"),
            2,
        )),
    }
}

fn severity_of(min: MinSeverity) -> Severity {
    match min {
        MinSeverity::Error => Severity::Error,
        MinSeverity::Warning => Severity::Warning,
        MinSeverity::Info => Severity::Info,
    }
}

/// Errors, warnings and infos of one checked file.
type Counts = (usize, usize, usize);

/// `juesuan check FILE…`: reads each document, checks it, prints the findings (or writes the
/// HTML reports), then a summary when there were several files. Exit 1 when any error-level
/// finding, 2 when a file could not be read.
/// `extract`: what `check` reads from published documents, as data.
pub fn extract(
    catalog: &Catalog,
    inputs: &[std::path::PathBuf],
    output: &Path,
    force: bool,
) -> Result<(), Failure> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input)
                .map_err(|e| fail(format!("无法读取文件夹 {}：{e}", input.display()), 2))?;
            let mut found: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && juesuan_io::document::DocKind::from_path(p).is_some())
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    let is_csv = output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !is_csv && files.len() != 1 {
        return Err(fail(
            "多个文件只能写成一张长表：输出文件请用 .csv 扩展名",
            2,
        ));
    }
    let mut table: Vec<[String; 11]> = Vec::new();
    let mut read = 0usize;
    for path in &files {
        let checked = match juesuan_check::check_file(path, catalog) {
            Ok(c) => c,
            Err(e) => {
                term::error(&e.to_string());
                continue;
            }
        };
        if let Some(why) = checked.unrecognised() {
            term::error(&format!("{}：{why}", path.display()));
            continue;
        }
        println!("读取 {}（{}）", path.display(), checked.describe());
        for line in [checked.limited(), checked.unread()].into_iter().flatten() {
            println!("  {line}");
        }
        read += 1;
        if is_csv {
            table.extend(juesuan_check::extract::rows(
                &path.display().to_string(),
                &checked,
            ));
        } else {
            save_package(&checked.package, output, catalog, force)?;
            println!(
                "已写出：{}（报表{}张，数字{}个）",
                output.display(),
                checked.recognition.tables.len(),
                checked.figures.len()
            );
        }
    }
    if read == 0 {
        return Err(fail("没有读出任何公开文件", 2));
    }
    if is_csv {
        let bytes = juesuan_check::extract::csv(&table)
            .map_err(|e| fail(format!("无法生成 CSV：{e}"), 1))?;
        juesuan_io::write_atomic(output, &bytes, force)?;
        println!(
            "已写出：{}（{}个文件，数字{}个）",
            output.display(),
            read,
            table.len()
        );
    }
    if read < files.len() {
        Err(fail("部分文件未能读出", 2))
    } else {
        Ok(())
    }
}

pub fn check(
    catalog: &Catalog,
    files: &[std::path::PathBuf],
    format: CheckFormat,
    output: Option<&Path>,
    min: MinSeverity,
    (force, budget, together): (bool, Option<&Path>, bool),
    (against, prior, annotate): (Option<&Path>, Option<&Path>, Option<&Path>),
) -> Result<(), Failure> {
    if annotate.is_some()
        && (files.len() != 1
            || together
            || files
                .first()
                .and_then(|f| juesuan_io::document::DocKind::from_path(f))
                != Some(juesuan_io::document::DocKind::Pdf))
    {
        return Err(fail("--annotate 只能用于检查一个 PDF 文件", 2));
    }
    let min = severity_of(min);
    // `--together`: a budget's text and its tables published as two files, checked as one
    let all = files;
    if together && all.len() != 2 {
        return Err(Failure {
            message: "--together 需要两个文件：先说明文件，后报表文件".to_string(),
            code: 2,
        });
    }
    let files = if together { &all[..1] } else { all };
    let many = files.len() > 1;
    // `--budget`: read once, compared with each file after its check
    let budget = match budget {
        Some(b) => Some(juesuan_check::compare::read_input(b, catalog).map_err(|e| fail(e, 2))?),
        None => None,
    };
    // `--against`: the approved package, read once, held against each file after its check
    let approved = match against {
        Some(a) => Some(load_approved(a, catalog)?),
        None => None,
    };
    let progress = term::Progress::new("检查", files.len());
    let mut any_error = false;
    let mut unreadable = 0usize;
    let mut rows: Vec<(String, Option<Counts>)> = Vec::new();
    let mut json_items = Vec::new();
    let mut csv_reports: Vec<(String, juesuan_diagnostics::Report)> = Vec::new();
    for (i, path) in files.iter().enumerate() {
        progress.set(i + 1, path);
        let read = match all.get(1).filter(|_| together) {
            Some(tables) => juesuan_check::check_together(path, tables, catalog),
            None => juesuan_check::check_file(path, catalog),
        };
        let checked = match read {
            Ok(c) => c,
            Err(e) => {
                progress.clear();
                term::error(&e.to_string());
                unreadable += 1;
                rows.push((path.display().to_string(), None));
                json_items.push(serde_json::json!({
                    "file": path.display().to_string(),
                    "error": e.to_string(),
                }));
                continue;
            }
        };
        // Not a disclosure: nothing was checked, so nothing can have passed.
        if let Some(why) = checked.unrecognised() {
            progress.clear();
            term::error(&format!("“{}”：{why}", path.display()));
            unreadable += 1;
            rows.push((path.display().to_string(), None));
            json_items.push(serde_json::json!({
                "file": path.display().to_string(),
                "recognition": checked.recognition,
                "error": why,
            }));
            continue;
        }
        let mut checked = checked;
        let mut compared_line = None;
        if let Some(budget) = &budget {
            let input = juesuan_check::compare::from_checked(path, checked.clone(), catalog);
            match juesuan_check::compare::compare_inputs(&input, budget) {
                Ok(c) => {
                    compared_line = Some(c.summary());
                    let mut all = std::mem::take(&mut checked.report.findings);
                    all.extend(c.report.findings);
                    checked.report = juesuan_diagnostics::Report::new(all);
                }
                Err(e) => {
                    progress.clear();
                    term::error(&e);
                    unreadable += 1;
                }
            }
        }
        // 公开监督: the approved package, and last year's final figures
        let held = held_against(&checked, approved.as_ref(), prior, catalog);
        for e in &held.refused {
            progress.clear();
            term::error(e);
            unreadable += 1;
        }
        if !held.findings.is_empty() {
            let mut all = std::mem::take(&mut checked.report.findings);
            all.extend(held.findings);
            checked.report = juesuan_diagnostics::Report::new(all);
        }
        let compared_line = compared_line
            .into_iter()
            .chain(held.lines)
            .collect::<Vec<_>>();
        any_error |= checked.report.has_errors();
        let counts = (
            checked.report.count(Severity::Error),
            checked.report.count(Severity::Warning),
            checked.report.count(Severity::Info),
        );
        rows.push((path.display().to_string(), Some(counts)));
        let shown = checked.report.clone().at_least(min);
        if let Some(out) = annotate {
            let done = juesuan_io::document::pdf::annotate::annotate_file(
                path,
                &shown.findings,
                out,
                force,
            )
            .map_err(|e| fail(e, 2))?;
            progress.clear();
            eprintln!(
                "已写出带批注的 PDF：{}（高亮 {} 处，批注 {} 条）",
                out.display(),
                done.highlights,
                done.notes
            );
        }
        match format {
            CheckFormat::Text => {
                progress.clear();
                println!("检查 {}（{}）", path.display(), checked.describe());
                for line in [checked.limited(), checked.unread()]
                    .into_iter()
                    .flatten()
                    .chain(compared_line.iter().cloned())
                {
                    println!("{line}");
                }
                println!();
                print!("{}", report::report(&shown));
                println!();
            }
            CheckFormat::Json => json_items.push(serde_json::json!({
                "file": path.display().to_string(),
                "recognition": checked.recognition,
                "limited": checked.limited(),
                "compared": compared_line,
                "summary": {"errors": counts.0, "warnings": counts.1, "infos": counts.2},
                "findings": shown.findings,
            })),
            CheckFormat::Csv => csv_reports.push((path.display().to_string(), shown)),
            CheckFormat::Html => {
                let target = match (output, many) {
                    (Some(o), true) => o.join(juesuan_check::html::file_name(path)),
                    (Some(o), false) => o.to_path_buf(),
                    (None, _) => std::path::PathBuf::from(juesuan_check::html::file_name(path)),
                };
                if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| fail(format!("无法创建文件夹“{}”：{e}", dir.display()), 2))?;
                }
                let mut shown_checked = checked;
                shown_checked.report = shown;
                juesuan_io::write_atomic(
                    &target,
                    juesuan_check::html::report(&shown_checked).as_bytes(),
                    force,
                )?;
                println!("{}：{}", path.display(), target.display());
            }
        }
    }
    progress.clear();
    match format {
        CheckFormat::Json => {
            let v = if many {
                serde_json::Value::Array(json_items)
            } else {
                json_items.pop().unwrap_or(serde_json::Value::Null)
            };
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        CheckFormat::Csv => print!(
            "{}",
            render::csv::files(csv_reports.iter().map(|(f, r)| (f.as_str(), r)))
        ),
        _ => {}
    }
    if many && matches!(format, CheckFormat::Text | CheckFormat::Html) {
        println!("汇总（{} 个文件）：", files.len());
        for (name, c) in &rows {
            match c {
                Some((e, w, i)) => println!("  {name}：{e} 个错误，{w} 个警告，{i} 条提示"),
                None => println!("  {name}：无法读取"),
            }
        }
    }
    if unreadable > 0 {
        Err(Failure {
            message: String::new(),
            code: 2,
        })
    } else if any_error {
        Err(Failure {
            message: String::new(),
            code: 1,
        })
    } else {
        Ok(())
    }
}

/// `check --against`: the approved package; a document is refused (it is what is checked).
fn load_approved(path: &Path, catalog: &Catalog) -> Result<Package, Failure> {
    if !(path.is_dir() || juesuan_io::Format::from_path(path).is_some()) {
        return Err(fail(
            format!(
                "--against 须是批复的数据包（.xlsx、.toml、.json 或含 package.toml 的文件夹），“{}”不是",
                path.display()
            ),
            2,
        ));
    }
    juesuan_io::load(path, catalog)
        .map(|l| l.package)
        .map_err(|e| fail(e.to_string(), 2))
}

/// What `--against` and `--prior` found for one checked file.
#[derive(Default)]
struct Held {
    lines: Vec<String>,
    findings: Vec<juesuan_diagnostics::Finding>,
    refused: Vec<String>,
}

/// `--against`: the approved package against the document; `--prior`: this year's 上年数 —
/// the approved package's when given, else the document's — against last year's file.
fn held_against(
    checked: &juesuan_check::Checked,
    approved: Option<&Package>,
    prior: Option<&Path>,
    catalog: &Catalog,
) -> Held {
    use juesuan_check::against as ag;
    let mut out = Held::default();
    if let Some(a) = approved {
        match ag::against(a, checked, catalog) {
            Ok(h) => {
                out.lines.push(h.summary);
                out.findings.extend(h.report.findings);
            }
            Err(e) => out.refused.push(e),
        }
    }
    if let Some(last) = prior {
        let published;
        let this = match approved {
            Some(a) => a,
            None => {
                published = ag::published_package(checked, catalog);
                &published
            }
        };
        match ag::prior(this, last, catalog) {
            Ok(h) => {
                out.lines.push(h.summary);
                out.findings.extend(h.report.findings);
            }
            Err(e) => out.refused.push(e),
        }
    }
    out
}

/// `juesuan compare A B`: a unit's 决算 and 预算 (or two consecutive budgets), packages or
/// documents in either order, compared figure by figure. Exit 1 when an error is found, 2
/// when an input cannot be read or the two cannot be compared.
pub fn compare(
    catalog: &Catalog,
    first: &Path,
    second: &Path,
    format: AuditFormat,
    min: MinSeverity,
) -> Result<(), Failure> {
    use juesuan_check::compare as cmp;
    let a = cmp::read_input(first, catalog).map_err(|e| fail(e, 2))?;
    let b = cmp::read_input(second, catalog).map_err(|e| fail(e, 2))?;
    let compared = cmp::compare_inputs(&a, &b).map_err(|e| fail(e, 2))?;
    let errors = compared.report.has_errors();
    let shown = compared.report.clone().at_least(severity_of(min));
    match format {
        AuditFormat::Text => {
            for input in [&a, &b] {
                println!("{}：{}", input.path.display(), input.describe());
                for note in &input.from_text {
                    println!("  取自说明文字：{note}");
                }
            }
            println!("{}", compared.summary());
            // nothing compared is not a pass: no “审核通过” line then
            if compared.figures > 0 {
                println!();
                print!("{}", report::report(&shown));
            }
        }
        AuditFormat::Json => {
            let side = |i: &cmp::Input| {
                serde_json::json!({
                    "file": i.path.display().to_string(),
                    "unit": i.package.unit.name,
                    "year": i.package.unit.year,
                    "kind": i.package.kind,
                    "from_text": i.from_text,
                })
            };
            let v = serde_json::json!({
                "inputs": [side(&a), side(&b)],
                "title": compared.title,
                "figures": compared.figures,
                "summary": {
                    "errors": compared.report.count(Severity::Error),
                    "warnings": compared.report.count(Severity::Warning),
                    "infos": compared.report.count(Severity::Info),
                },
                "findings": shown.findings,
            });
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        AuditFormat::Csv => print!("{}", render::csv::report(&shown)),
    }
    if errors {
        Err(Failure {
            message: String::new(),
            code: 1,
        })
    } else {
        Ok(())
    }
}

/// `juesuan perf`: the package's (or published document's) project self-evaluations
/// recomputed, per project and for the department.
pub fn perf(
    catalog: &Catalog,
    input: &Path,
    format: AuditFormat,
    explain: bool,
) -> Result<(), Failure> {
    let pkg = if juesuan_io::document::DocKind::from_path(input).is_some() {
        juesuan_check::check_file(input, catalog)?.package
    } else {
        juesuan_io::load(input, catalog)?.package
    };
    if pkg.performance.projects.is_empty() {
        return Err(fail(
            format!("“{}”中没有项目支出绩效自评表", input.display()),
            2,
        ));
    }
    let eval = juesuan_performance::evaluate_package(&pkg);
    let findings = juesuan_rules::audit_performance(&pkg, catalog);
    match format {
        AuditFormat::Json => {
            let v = serde_json::json!({
                "unit": pkg.unit.name,
                "year": pkg.unit.year,
                "profile": juesuan_performance::profile_of(&pkg).id,
                "projects": eval.projects,
                "findings": findings.findings,
                "summary": eval.summary,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&v).map_err(|e| fail(e.to_string(), 2))?
            );
        }
        AuditFormat::Csv => print!("{}", juesuan_performance::report::csv(&eval)),
        AuditFormat::Text => print!(
            "{}",
            juesuan_performance::report::text(&pkg, &eval, &findings, explain)
        ),
    }
    Ok(())
}

/// `juesuan review DIR -o REPORT_DIR`: every package and document in a folder reviewed on
/// all cores; writes `index.html` (the overview), `overview.csv`, `overview.json` and one
/// report per file under `units/`. Exit 1 when any file has an error-level finding, 2 when
/// the folder cannot be read.
pub fn review(
    catalog: &Catalog,
    dir: &Path,
    output: &Path,
    jobs: Option<usize>,
    force: bool,
    opinion: Option<&Path>,
) -> Result<(), Failure> {
    let inputs = juesuan_review::inputs_in(dir)?;
    if inputs.is_empty() {
        return Err(fail(
            format!(
                "文件夹“{}”里没有可检查的文件（数据包 .xlsx/.toml/.json 或公开文件 .pdf/.docx/.html/.txt）",
                dir.display()
            ),
            2,
        ));
    }
    let index = output.join("index.html");
    if index.exists() && !force {
        return Err(fail(
            format!(
                "“{}”已存在；要覆盖请加 --force，或换一个输出文件夹",
                index.display()
            ),
            1,
        ));
    }
    std::fs::create_dir_all(output.join("units"))
        .map_err(|e| fail(format!("无法创建文件夹“{}”：{e}", output.display()), 1))?;
    if let Some(o) = opinion {
        std::fs::create_dir_all(o)
            .map_err(|e| fail(format!("无法创建文件夹“{}”：{e}", o.display()), 1))?;
    }
    let opinion_names = std::sync::Mutex::new(std::collections::HashMap::new());
    let today = juesuan_render::opinion::date_of(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0)),
    );
    let threads = jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let progress = term::Progress::new("审核", inputs.len());
    let started = std::time::Instant::now();
    // Per file, on the reviewing threads: the overview row, and the report page written.
    let per_file = |i: usize,
                    path: &Path,
                    result: Result<juesuan_review::Reviewed, String>|
     -> Result<(juesuan_review::Row, Option<String>), Failure> {
        let shown = path.strip_prefix(dir).unwrap_or(path).display().to_string();
        let r = match result {
            Ok(r) => r,
            Err(why) => {
                progress.clear();
                term::error(&why);
                let kind = juesuan_review::Kind::of(path).unwrap_or(juesuan_review::Kind::Document);
                return Ok((juesuan_review::Row::failed(shown, kind, why), None));
            }
        };
        let mut row = r.row();
        row.file = shown;
        let page = r.report_page(&row, Some("../index.html"));
        let name = juesuan_review::report_file_name(i, path);
        juesuan_io::write_atomic(&output.join("units").join(&name), page.as_bytes(), force)?;
        if let Some(o) = opinion {
            write_opinion(o, &r, &row, &today, force, &opinion_names)?;
        }
        Ok((row, Some(format!("units/{name}"))))
    };
    let results = juesuan_review::review_all(
        &inputs,
        catalog,
        threads,
        &|n, p| progress.set(n, p),
        &per_file,
    );
    progress.clear();
    let mut rows = Vec::with_capacity(results.len());
    let mut links = Vec::with_capacity(results.len());
    for r in results {
        let (row, link) = r?;
        rows.push(row);
        links.push(link);
    }
    let overview = juesuan_review::Overview::new(rows);
    let title = format!("决算公开审核概览：{}", dir.display());
    let page = juesuan_review::html::overview_page(&overview, &title, &|i, _| {
        links.get(i).cloned().flatten()
    });
    let json = serde_json::to_string_pretty(&overview).unwrap_or_default();
    juesuan_io::write_atomic(
        &output.join("overview.csv"),
        juesuan_review::overview_csv(&overview).as_bytes(),
        force,
    )?;
    juesuan_io::write_atomic(&output.join("overview.json"), json.as_bytes(), force)?;
    juesuan_io::write_atomic(&index, page.as_bytes(), force)?;
    println!(
        "{}（{} 个线程，用时 {:.1} 秒）",
        overview.summary_line(),
        threads,
        started.elapsed().as_secs_f64()
    );
    for r in overview.rules.iter().take(5) {
        println!(
            "  {} {}：{} 处，{} 个文件",
            r.code, r.name, r.findings, r.units
        );
    }
    println!("概览：{}", index.display());
    println!("表格：{}", output.join("overview.csv").display());
    if overview.failed > 0 {
        Err(fail("", 2))
    } else if overview.totals.errors > 0 {
        Err(fail("", 1))
    } else {
        Ok(())
    }
}

/// `review --opinion`: the 审核意见书 of one reviewed file, for the folder workflow where no
/// one has decided anything yet: every error is listed as 需修改, the warnings are counted.
/// Files of one unit, kind and year are told apart by a number (`（2）`).
fn write_opinion(
    dir: &Path,
    r: &juesuan_review::Reviewed,
    row: &juesuan_review::Row,
    today: &str,
    force: bool,
    taken: &std::sync::Mutex<std::collections::HashMap<String, usize>>,
) -> Result<(), Failure> {
    use juesuan_render::opinion::{Opinion, OpinionItem};
    let unit = row.unit.clone().unwrap_or_else(|| {
        Path::new(&row.file)
            .file_stem()
            .map_or_else(|| row.file.clone(), |s| s.to_string_lossy().into_owned())
    });
    let opinion = Opinion {
        bureau: String::new(),
        unit,
        kind: r.package.kind,
        year: row.year,
        file: row.file.clone(),
        items: r
            .items()
            .iter()
            .map(|i| OpinionItem {
                code: i.finding.code.to_string(),
                severity: i.finding.severity,
                message: i.finding.message.clone(),
                place: i.finding.location.to_string(),
                quote: i.finding.location.quote.clone(),
                decision: None,
                reason: String::new(),
            })
            .collect(),
        comments: Vec::new(),
        reviewer: String::new(),
        date: today.to_string(),
    };
    let written = opinion
        .write()
        .map_err(|e| fail(format!("“{}”的审核意见书：{e}", row.file), 1))?;
    let stem = {
        let base = opinion.file_stem();
        let mut names = taken
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = names.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}（{n}）")
        }
    };
    juesuan_io::write_atomic(&dir.join(format!("{stem}.docx")), &written.docx, force)?;
    match &written.pdf {
        Some(pdf) => juesuan_io::write_atomic(&dir.join(format!("{stem}.pdf")), pdf, force)?,
        None => eprintln!(
            "  注意：“{stem}”只写出了 DOCX：{}",
            written.note.as_deref().unwrap_or("PDF 未能生成")
        ),
    }
    Ok(())
}

fn server_config(
    catalog: Catalog,
    data: std::path::PathBuf,
    db: Option<String>,
) -> juesuan_server::Config {
    let mut config = juesuan_server::Config::new(data);
    config.db_url = db;
    config.catalog = catalog;
    config
}

/// How the process takes jobs, from `serve`'s or `worker`'s options.
fn take_jobs(config: &mut juesuan_server::Config, jobs: &crate::JobArgs) {
    if let Some(w) = jobs.workers {
        config.workers = w;
    }
    config.job_timeout = std::time::Duration::from_secs(jobs.job_timeout.max(1));
    config.job_lease = std::time::Duration::from_secs(jobs.job_lease.max(1));
    config.min_job_time = std::time::Duration::from_millis(jobs.min_job_ms);
}

/// `juesuan worker`: workers on the shared database without the web pages, until Ctrl-C.
pub fn worker(
    catalog: Catalog,
    data: std::path::PathBuf,
    db: Option<String>,
    jobs: &crate::JobArgs,
) -> Result<(), Failure> {
    let mut config = server_config(catalog, data, db);
    take_jobs(&mut config, jobs);
    if config.db_url.is_none() {
        eprintln!(
            "提示：没有用 --db 指定 PostgreSQL；只处理本机数据文件夹里的任务（同一台机器上不要与 juesuan serve 同时处理）"
        );
    }
    let n = config.workers.max(1);
    let running = juesuan_server::start_worker(config).map_err(|e| fail(e, 1))?;
    let mut out = std::io::stdout();
    let _ = std::io::Write::write_fmt(
        &mut out,
        format_args!("任务处理已启动（{n} 个）；按 Ctrl-C 停止。\n"),
    );
    let _ = std::io::Write::flush(&mut out);
    running.wait().map_err(|e| fail(e, 1))
}

/// `juesuan serve`: the workbench, until Ctrl-C.
pub fn serve(
    catalog: Catalog,
    data: std::path::PathBuf,
    db: Option<String>,
    bind: std::net::SocketAddr,
    jobs: &crate::JobArgs,
    (lock_after, lock_minutes, behind_proxy): (u32, u64, bool),
) -> Result<(), Failure> {
    let mut config = server_config(catalog, data, db);
    config.bind = bind;
    take_jobs(&mut config, jobs);
    config.sign_in.lock_after = lock_after.max(1);
    config.sign_in.address_lock_after = lock_after.max(1).saturating_mul(3);
    config.sign_in.lock_for = std::time::Duration::from_secs(lock_minutes.max(1) * 60);
    config.sign_in.trust_forwarded = behind_proxy;
    let where_ = match &config.db_url {
        Some(_) => "PostgreSQL".to_string(),
        None => config.data_dir.join("juesuan.db").display().to_string(),
    };
    let running = juesuan_server::start(config).map_err(|e| fail(e, 1))?;
    // A closed stdout (a service manager, a test reading one line) must not stop the server.
    let mut out = std::io::stdout();
    let _ = std::io::Write::write_fmt(
        &mut out,
        format_args!(
            "工作台已启动：http://{}/\n数据：{where_}；按 Ctrl-C 停止。\n",
            running.addr
        ),
    );
    let _ = std::io::Write::flush(&mut out);
    running.wait().map_err(|e| fail(e, 1))
}

/// A password from `JUESUAN_PASSWORD`, else one line of standard input.
fn read_password() -> Result<String, Failure> {
    match std::env::var("JUESUAN_PASSWORD") {
        Ok(p) if !p.is_empty() => Ok(p),
        _ => {
            eprint!("密码：");
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| fail(format!("无法读取密码：{e}"), 2))?;
            Ok(line.trim_end_matches(['\r', '\n']).to_string())
        }
    }
}

/// `juesuan user list`.
pub fn user_list(
    catalog: Catalog,
    data: std::path::PathBuf,
    db: Option<String>,
) -> Result<(), Failure> {
    let config = server_config(catalog, data, db);
    let accounts = juesuan_server::list_users(&config).map_err(|e| fail(e, 1))?;
    if accounts.is_empty() {
        println!("还没有用户；用 juesuan user add 建立。");
    }
    for a in accounts {
        println!(
            "{}\t{}\t{}\t{} 个单位\t{}",
            a.user.name,
            a.user.role.label(),
            a.bureau.as_deref().unwrap_or("—"),
            a.units,
            if a.disabled { "已停用" } else { "正常" }
        );
    }
    Ok(())
}

/// `juesuan user disable|enable|remove|password NAME`.
pub fn user_change(
    catalog: Catalog,
    data: std::path::PathBuf,
    db: Option<String>,
    name: &str,
    word: &str,
) -> Result<(), Failure> {
    let password = if word == "password" {
        Some(read_password()?)
    } else {
        None
    };
    let change = juesuan_server::accounts::Change::parse(word, password)
        .ok_or_else(|| fail(format!("不认识的操作“{word}”"), 2))?;
    let config = server_config(catalog, data, db);
    let message = juesuan_server::change_user(&config, name, &change).map_err(|e| fail(e, 1))?;
    println!("{message}");
    Ok(())
}

/// `juesuan user log`: the latest changes to accounts, newest first.
pub fn user_log(
    catalog: Catalog,
    data: std::path::PathBuf,
    db: Option<String>,
) -> Result<(), Failure> {
    let config = server_config(catalog, data, db);
    let entries = juesuan_server::audit_log(&config, 200).map_err(|e| fail(e, 1))?;
    if entries.is_empty() {
        println!("还没有操作记录。");
    }
    for e in entries {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            juesuan_server::pages::time(e.at),
            e.actor,
            e.action,
            e.target,
            e.detail
        );
    }
    Ok(())
}

/// `juesuan user add`.
pub fn user_add(
    catalog: Catalog,
    data: std::path::PathBuf,
    db: Option<String>,
    name: &str,
    role: &str,
    bureau: Option<&str>,
    units: &[String],
) -> Result<(), Failure> {
    let role = juesuan_server::db::Role::parse(role).ok_or_else(|| {
        fail(
            format!("不认识的角色“{role}”：应为 admin、reviewer 或 officer"),
            2,
        )
    })?;
    let password = read_password()?;
    let config = server_config(catalog, data, db);
    let message = juesuan_server::add_user(&config, name, &password, role, bureau, units)
        .map_err(|e| fail(e, 1))?;
    println!("{message}");
    Ok(())
}
