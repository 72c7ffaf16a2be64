//! `juesuan`: the command line. It parses arguments, calls the libraries (reading in
//! `juesuan-io`, the audit in `juesuan-rules`, checking in `juesuan-check`, generation in
//! `juesuan-render`, scoring in `juesuan-performance`, batches in `juesuan-review`, the
//! workbench in `juesuan-server`) and prints what they return through the renderers of
//! `juesuan-diagnostics`.

mod commands;
mod term;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};

const HELP_TEMPLATE: &str = "\
{about-with-newline}
用法：{usage}

{all-args}{after-help}";

/// 决算：部门决算公开与绩效自评的数据、审核与生成工具
#[derive(Parser, Debug)]
#[command(
    name = "juesuan",
    version,
    override_usage = "juesuan [--catalog 文件] <命令> [参数]",
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "命令",
    next_help_heading = "选项",
    after_help = "示例：\n  juesuan demo\n  juesuan init --profile shanghai --year 2024 -o 单位.xlsx\n  juesuan init --from 上年公开.pdf -o 单位2025.xlsx\n  juesuan convert 单位.xlsx 单位.toml\n  juesuan show examples/shanghai-putuo-czj-2024"
)]
struct Cli {
    /// 追加科目目录（财政局发布的年度科目表，.csv 或 .xlsx，含“科目编码”“科目名称”列）
    #[arg(long, global = true, value_name = "文件")]
    catalog: Option<PathBuf>,
    /// 显示帮助
    #[arg(short = 'h', long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

/// Output format of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// 文字
    Text,
    /// JSON
    Json,
}

/// Output format of the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// 文字（像编译器的诊断）
    Text,
    /// JSON
    Json,
    /// CSV（可用 Excel 打开）
    Csv,
}

/// Output format of the document check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// 文字（像编译器的诊断）
    Text,
    /// JSON
    Json,
    /// CSV（可用 Excel 打开）
    Csv,
    /// HTML 报告：原文中标出问题
    Html,
}

/// Output format of the rule list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// 列表
    Text,
    /// Markdown 规则参考
    Markdown,
}

/// Lowest severity shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinSeverity {
    /// 只显示错误
    #[value(name = "错误", alias = "error")]
    Error,
    /// 错误和警告
    #[value(name = "警告", alias = "warning")]
    Warning,
    /// 全部（默认）
    #[value(name = "提示", alias = "info")]
    Info,
}

/// The `--format` option of reporting commands.
#[derive(clap::Args, Debug)]
struct FormatArg {
    /// 输出格式：text（文字，默认）或 json
    #[arg(
        long,
        value_enum,
        default_value = "text",
        value_name = "格式",
        hide_default_value = true,
        hide_possible_values = true
    )]
    format: OutputFormat,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 生成空白数据工作簿（预填常用科目），也可生成 TOML/JSON
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Init {
        /// 地区格式：beijing（北京市）或 shanghai（上海市）；用 --from 时默认沿用上年的
        #[arg(long, value_name = "地区", required_unless_present = "from")]
        profile: Option<String>,
        /// 决算年度；用 --from 时默认为上年的下一年
        #[arg(long, value_name = "年度", required_unless_present = "from")]
        year: Option<u16>,
        /// 单位名称（不填则留待在工作簿中填写；用 --from 时默认沿用上年的）
        #[arg(long, value_name = "名称")]
        unit: Option<String>,
        /// 公开类型：决算（默认）或 预算（也可写 final、budget）
        #[arg(long, value_name = "类型")]
        kind: Option<String>,
        /// 从上年的数据包（.xlsx、.toml、.json）或上年公开的决算文件（.pdf、.docx…）带入上年数、主要职能、机构设置、名词解释等
        #[arg(long, value_name = "上年文件")]
        from: Option<PathBuf>,
        /// 输出文件（.xlsx、.toml 或 .json）
        #[arg(short, long, value_name = "文件")]
        output: PathBuf,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
    /// 把需要说明原因或用途的行写进工作簿的“说明填写”表（列出两个数和变动，留空待填）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Reasons {
        /// 数据工作簿（.xlsx）
        #[arg(value_name = "工作簿")]
        workbook: PathBuf,
        /// 写到另一个工作簿（不填则写回原工作簿，原文件另存为“名称.备份.xlsx”）
        #[arg(short, long, value_name = "文件")]
        output: Option<PathBuf>,
        /// 覆盖已存在的输出文件
        #[arg(long)]
        force: bool,
    },
    /// 在 xlsx / toml / json 之间转换数据包
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Convert {
        /// 输入文件或文件夹
        #[arg(value_name = "输入")]
        input: PathBuf,
        /// 输出文件（扩展名决定格式）
        #[arg(value_name = "输出")]
        output: PathBuf,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
    /// 显示数据包摘要
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Show {
        /// 数据包文件或文件夹
        #[arg(value_name = "数据包")]
        package: PathBuf,
        #[command(flatten)]
        output: FormatArg,
    },
    /// 审核数据包：表内表间勾稽、科目、说明、绩效自评表
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Audit {
        /// 数据包文件或文件夹
        #[arg(value_name = "数据包")]
        package: PathBuf,
        /// 输出格式：text（默认）、json 或 csv
        #[arg(
            long,
            value_enum,
            default_value = "text",
            value_name = "格式",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: AuditFormat,
        /// 只显示此级别及以上：错误、警告、提示（默认）
        #[arg(
            long,
            value_enum,
            default_value = "提示",
            value_name = "级别",
            hide_default_value = true,
            hide_possible_values = true
        )]
        min_severity: MinSeverity,
        /// 追加自定义审核规则（TOML 文件）
        #[arg(long, value_name = "文件")]
        rules: Option<PathBuf>,
        /// 列出自定义规则可用的数据名称及其值
        #[arg(long)]
        names: bool,
    },
    /// 比较同一单位的预算与决算：决算所列年初预算与预算公开逐科目核对；相邻两年的预算：今年所列上年预算与上年预算核对
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Compare {
        /// 决算或预算：数据包（xlsx、toml、json）或公开文件（pdf、docx、html、txt）
        #[arg(value_name = "文件1")]
        first: PathBuf,
        /// 另一份（顺序不限）
        #[arg(value_name = "文件2")]
        second: PathBuf,
        /// 输出格式：text（默认）、json 或 csv
        #[arg(
            long,
            value_enum,
            default_value = "text",
            value_name = "格式",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: AuditFormat,
        /// 只显示此级别及以上：错误、警告、提示（默认）
        #[arg(
            long,
            value_enum,
            default_value = "提示",
            value_name = "级别",
            hide_default_value = true,
            hide_possible_values = true
        )]
        min_severity: MinSeverity,
    },
    /// 重算项目支出绩效自评表：每个项目所写与重算的总分、等级、不符的行，指标质量，部门汇总
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Perf {
        /// 数据包（xlsx、toml、json）或已公开的文件（pdf、docx、html、txt）
        #[arg(value_name = "文件")]
        input: PathBuf,
        /// 输出格式：text（默认）、json 或 csv
        #[arg(
            long,
            value_enum,
            default_value = "text",
            value_name = "格式",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: AuditFormat,
        /// 逐行显示计算过程
        #[arg(long)]
        explain: bool,
    },
    /// 检查已公开的决算文件（PDF、DOCX、文本）：报表勾稽、说明中的数字、模板残留等
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Check {
        /// 要检查的文件（可多个）
        #[arg(value_name = "文件", required = true)]
        files: Vec<PathBuf>,
        /// 输出格式：text（默认）、json、csv 或 html
        #[arg(
            long,
            value_enum,
            default_value = "text",
            value_name = "格式",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: CheckFormat,
        /// HTML 报告的输出文件（检查多个文件时为文件夹）
        #[arg(short, long, value_name = "路径")]
        output: Option<PathBuf>,
        /// 只显示此级别及以上：错误、警告、提示（默认）
        #[arg(
            long,
            value_enum,
            default_value = "提示",
            value_name = "级别",
            hide_default_value = true,
            hide_possible_values = true
        )]
        min_severity: MinSeverity,
        /// 覆盖已存在的报告文件
        #[arg(long)]
        force: bool,
        /// 同一单位同一年度的预算（数据包或公开文件）：检查后把决算所列年初预算与之核对
        #[arg(long, value_name = "预算")]
        budget: Option<PathBuf>,
        /// 两个文件合起来作为一份文件检查：先说明文件，后报表文件（预算的说明与报表分开发布时）
        #[arg(long)]
        together: bool,
        /// 公开监督：批复的数据包（.xlsx、.toml、.json）：逐表逐行逐列核对公开文件与批复数据是否一致
        #[arg(long, value_name = "数据包")]
        against: Option<PathBuf>,
        /// 公开监督：同一单位上一年度的决算（数据包或公开文件）：核对本年所列上年数
        #[arg(long, value_name = "上年")]
        prior: Option<PathBuf>,
        /// 把发现写进原 PDF 的副本：每个问题在原文处加高亮批注（阅读器的注释列表里可见）
        #[arg(long, value_name = "输出.pdf")]
        annotate: Option<PathBuf>,
    },
    /// 把已公开的文件读成数据：一个文件写成数据包（.toml、.json、.xlsx），多个文件或文件夹写成一张长表（.csv）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Extract {
        /// 公开文件（PDF、DOCX、文本）或文件夹（可多个）
        #[arg(value_name = "文件", required = true)]
        inputs: Vec<PathBuf>,
        /// 输出文件：.toml、.json、.xlsx（一个数据包）或 .csv（每个数字一行）
        #[arg(short, long, value_name = "输出")]
        output: PathBuf,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
    /// 生成部门决算公开文档（DOCX、HTML、PDF、XLSX）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Build {
        /// 数据包文件或文件夹
        #[arg(value_name = "数据包")]
        package: PathBuf,
        /// 输出文件夹（不存在则创建）
        #[arg(short, long, value_name = "文件夹")]
        output: PathBuf,
        /// 输出格式，逗号分隔：docx,html,pdf,xlsx（默认全部）
        #[arg(
            long,
            value_name = "格式",
            default_value = "docx,html,pdf,xlsx",
            hide_default_value = true
        )]
        formats: String,
        /// 用另一个文档模板（document.j2）代替地区格式自带的模板
        #[arg(long, value_name = "文件")]
        template: Option<PathBuf>,
        /// 审核有错误时仍生成草稿：每页标“草稿”，文末列出未解决的错误（不得公开）
        #[arg(long)]
        draft: bool,
        /// 封面日期，如 2025-08（不填则为决算年度的次年，如“2025年”）
        #[arg(long, value_name = "日期")]
        date: Option<String>,
        /// 覆盖已存在的文件（juesuan 以前在该文件夹生成且未被改动的文件不加也会覆盖）
        #[arg(long)]
        force: bool,
    },
    /// 批量审核一个文件夹里的全部数据包和公开文件（用全部CPU核），生成概览（HTML、CSV）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Review {
        /// 要审核的文件夹（含子文件夹）
        #[arg(value_name = "文件夹")]
        dir: PathBuf,
        /// 报告文件夹（index.html 概览、overview.csv、每个文件一份报告）
        #[arg(short, long, value_name = "文件夹")]
        output: PathBuf,
        /// 同时处理的文件数（默认：CPU核数）
        #[arg(short, long, value_name = "数")]
        jobs: Option<usize>,
        /// 覆盖已存在的报告
        #[arg(long)]
        force: bool,
        /// 同时为每个文件写出审核意见书（DOCX 和 PDF）到这个文件夹：没有审核决定，全部错误列为需修改
        #[arg(long, value_name = "文件夹")]
        opinion: Option<PathBuf>,
    },
    /// 只处理任务、不提供网页：与各台工作台服务器共用一个 PostgreSQL 数据库，取走排队的文件审核
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Worker {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        jobs: JobArgs,
    },
    /// 启动工作台（网页）：上传、审核、预览、下载、多单位概览
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Serve {
        #[command(flatten)]
        server: ServerArgs,
        /// 监听地址（默认 127.0.0.1:8080，只允许本机访问）
        #[arg(
            long,
            value_name = "地址",
            default_value = "127.0.0.1:8080",
            hide_default_value = true
        )]
        bind: std::net::SocketAddr,
        #[command(flatten)]
        jobs: JobArgs,
        /// 同一账号连续输错密码几次后锁定（默认 10；同一地址为其 3 倍）
        #[arg(
            long,
            value_name = "次",
            default_value = "10",
            hide_default_value = true
        )]
        lock_after: u32,
        /// 锁定多少分钟（默认 15）
        #[arg(
            long,
            value_name = "分钟",
            default_value = "15",
            hide_default_value = true
        )]
        lock_minutes: u64,
        /// 工作台在反向代理之后：按代理写入的 X-Forwarded-For 识别登录来源地址（只有代理总会设置它时才用）
        #[arg(long)]
        behind_proxy: bool,
    },
    /// 管理工作台的用户
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", subcommand_help_heading = "命令")]
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// 列出全部审核规则（数据包审核、公开文件检查、绩效自评）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Rules {
        /// 只列一类：package（数据包审核）、document（公开文件检查）、performance（绩效自评）
        #[arg(long, value_name = "类别")]
        family: Option<String>,
        /// 输出格式：text（列表，默认）或 markdown（完整的规则参考）
        #[arg(
            long,
            value_enum,
            default_value = "text",
            value_name = "格式",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: RulesFormat,
    },
    /// 显示一条审核规则的说明
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Rule {
        /// 规则代码，如 T5-003
        #[arg(value_name = "代码")]
        code: String,
    },
    /// 用自带的北京示例（西城区科信局2024年决算）演示：读入、摘要、审核，并在 ./out/ 生成公开文档
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Demo {
        #[command(flatten)]
        output: FormatArg,
        /// 覆盖 ./out/ 中已有的文档
        #[arg(long)]
        force: bool,
    },
}

/// Where the workbench keeps its data.
#[derive(clap::Args, Debug)]
struct ServerArgs {
    /// 数据文件夹（SQLite 数据库和上传的文件；不存在则创建；默认 juesuan-data）
    #[arg(
        long,
        value_name = "文件夹",
        default_value = "juesuan-data",
        hide_default_value = true
    )]
    data: PathBuf,
    /// 数据库地址：默认是数据文件夹里的 SQLite；也可用 postgres://用户:密码@主机/库
    #[arg(long, value_name = "地址")]
    db: Option<String>,
}

/// How a process takes jobs (`serve` and `worker`).
#[derive(clap::Args, Debug)]
pub(crate) struct JobArgs {
    /// 同时处理的任务数（默认：CPU核数；serve 用 0 表示只提供网页、不处理任务）
    #[arg(long, value_name = "数")]
    pub(crate) workers: Option<usize>,
    /// 每个任务的时间上限（秒，默认 120）
    #[arg(
        long,
        value_name = "秒",
        default_value = "120",
        hide_default_value = true
    )]
    pub(crate) job_timeout: u64,
    /// 任务租约（秒，默认 60）：处理任务的进程死掉后，过了租约别的进程才接手
    #[arg(long, value_name = "秒", default_value = "60", hide = true)]
    pub(crate) job_lease: u64,
    /// 每个任务至少用时（毫秒；测试用）
    #[arg(long, value_name = "毫秒", default_value = "0", hide = true)]
    pub(crate) min_job_ms: u64,
}

#[derive(Subcommand, Debug)]
enum UserAction {
    /// 新建用户（已有则更新密码和角色）；密码从环境变量 JUESUAN_PASSWORD 或标准输入读取
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Add {
        /// 用户名
        #[arg(value_name = "用户名")]
        name: String,
        /// 角色：admin（管理员）、reviewer（财政局审核人员）、officer（单位填报人员）
        #[arg(long, value_name = "角色")]
        role: String,
        /// 所属财政局（审核人员、单位填报人员必填）
        #[arg(long, value_name = "名称")]
        bureau: Option<String>,
        /// 负责的单位（单位填报人员必填，可多次）
        #[arg(long = "unit", value_name = "单位")]
        units: Vec<String>,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// 列出全部用户（含已停用的）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    List {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// 停用用户：不能再登录，已登录的会话立即结束
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Disable {
        /// 用户名
        #[arg(value_name = "用户名")]
        name: String,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// 重新启用已停用的用户
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Enable {
        /// 用户名
        #[arg(value_name = "用户名")]
        name: String,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// 删除用户：会话和负责的单位随之删除，历次上传仍记在其名下
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Remove {
        /// 用户名
        #[arg(value_name = "用户名")]
        name: String,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// 给用户设新密码（从环境变量 JUESUAN_PASSWORD 或标准输入读取）；已登录的会话立即结束
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Password {
        /// 用户名
        #[arg(value_name = "用户名")]
        name: String,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// 显示用户管理的操作记录（谁、何时、做了什么）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Log {
        #[command(flatten)]
        server: ServerArgs,
    },
}

fn main() -> ExitCode {
    // An internal error must still speak Chinese.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("内部错误（请把这条信息报告给维护者）：{info}");
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            return match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    ExitCode::SUCCESS
                }
                _ => {
                    term::error(&term::clap_message(&e));
                    eprintln!("用 juesuan --help 查看用法。");
                    ExitCode::from(2)
                }
            };
        }
    };
    // Output piped into `head` ends quietly, like any Unix tool, instead of failing on a
    // closed pipe. Not for the workbench, which outlives its stdout.
    if !matches!(cli.command, Command::Serve { .. } | Command::Worker { .. }) {
        sigpipe::reset();
    }
    let catalog = match commands::catalog(cli.catalog.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            term::error(&e);
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Init {
            profile,
            year,
            unit,
            kind,
            from,
            output,
            force,
        } => match from {
            Some(from) => commands::init_from(
                &catalog,
                &from,
                (profile.as_deref(), year, unit.as_deref()),
                &output,
                force,
            ),
            None => commands::init(
                &catalog,
                profile.as_deref().unwrap_or_default(),
                kind.as_deref(),
                year.unwrap_or_default(),
                unit.as_deref().unwrap_or("（请填写单位名称）"),
                &output,
                force,
            ),
        },
        Command::Reasons {
            workbook,
            output,
            force,
        } => commands::reasons(&catalog, &workbook, output.as_deref(), force),
        Command::Convert {
            input,
            output,
            force,
        } => commands::convert(&catalog, &input, &output, force),
        Command::Show { package, output } => commands::show(&catalog, &package, output.format),
        Command::Demo { output, force } => commands::demo(&catalog, output.format, force),
        Command::Build {
            package,
            output,
            formats,
            template,
            draft,
            date,
            force,
        } => commands::build(
            &catalog,
            &package,
            &output,
            &formats,
            commands::BuildOptions {
                template: template.as_deref(),
                draft,
                date: date.as_deref(),
                force,
            },
        ),
        Command::Perf {
            input,
            format,
            explain,
        } => commands::perf(&catalog, &input, format, explain),
        Command::Extract {
            inputs,
            output,
            force,
        } => commands::extract(&catalog, &inputs, &output, force),
        Command::Check {
            files,
            format,
            output,
            min_severity,
            force,
            budget,
            together,
            against,
            prior,
            annotate,
        } => commands::check(
            &catalog,
            &files,
            format,
            output.as_deref(),
            min_severity,
            (force, budget.as_deref(), together),
            (against.as_deref(), prior.as_deref(), annotate.as_deref()),
        ),
        Command::Compare {
            first,
            second,
            format,
            min_severity,
        } => commands::compare(&catalog, &first, &second, format, min_severity),
        Command::Audit {
            package,
            format,
            min_severity,
            rules,
            names,
        } => commands::audit(
            &catalog,
            &package,
            format,
            min_severity,
            rules.as_deref(),
            names,
        ),
        Command::Review {
            dir,
            output,
            jobs,
            force,
            opinion,
        } => commands::review(&catalog, &dir, &output, jobs, force, opinion.as_deref()),
        Command::Worker { server, jobs } => {
            commands::worker(catalog, server.data, server.db, &jobs)
        }
        Command::Serve {
            server,
            bind,
            jobs,
            lock_after,
            lock_minutes,
            behind_proxy,
        } => commands::serve(
            catalog,
            server.data,
            server.db,
            bind,
            &jobs,
            (lock_after, lock_minutes, behind_proxy),
        ),
        Command::User {
            action:
                UserAction::Add {
                    name,
                    role,
                    bureau,
                    units,
                    server,
                },
        } => commands::user_add(
            catalog,
            server.data,
            server.db,
            &name,
            &role,
            bureau.as_deref(),
            &units,
        ),
        Command::User {
            action: UserAction::List { server },
        } => commands::user_list(catalog, server.data, server.db),
        Command::User {
            action: UserAction::Log { server },
        } => commands::user_log(catalog, server.data, server.db),
        Command::User {
            action: UserAction::Disable { name, server },
        } => commands::user_change(catalog, server.data, server.db, &name, "disable"),
        Command::User {
            action: UserAction::Enable { name, server },
        } => commands::user_change(catalog, server.data, server.db, &name, "enable"),
        Command::User {
            action: UserAction::Remove { name, server },
        } => commands::user_change(catalog, server.data, server.db, &name, "remove"),
        Command::User {
            action: UserAction::Password { name, server },
        } => commands::user_change(catalog, server.data, server.db, &name, "password"),
        Command::Rules { family, format } => {
            commands::rules(family.as_deref(), format == RulesFormat::Markdown)
        }
        Command::Rule { code } => commands::rule(&code),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                term::error(&failure.message);
            }
            ExitCode::from(failure.code)
        }
    }
}
