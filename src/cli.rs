//! The command line: argument definitions and dispatch. Each subcommand's
//! work lives in its own file under `cmd/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::cmd;
use crate::i18n::Lang;
use crate::workbook::ReadLimits;

#[derive(Debug, Parser)]
#[command(
    name = "wuyi",
    version,
    about = "无疫小区（社区、村）申报台账的检查、评分与授牌名单工具\nChecks, scores and awards the ledgers submitted for the epidemic-free community title.",
    after_help = "示例 / Examples:\n  wuyi check examples/收件箱/\n  wuyi score examples/收件箱/ --out 评分结果\n  wuyi template --out 台账模板.xlsx"
)]
pub struct Cli {
    /// 输出语言 / language of everything printed and written
    #[arg(long, global = true, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查台账：逐个文件列出问题及单元格位置 / check ledgers and list every problem with its cell
    #[command(
        after_help = "示例 / Examples:\n  wuyi check examples/收件箱/\n  wuyi check 收件箱/ --format csv > 问题.csv\n  wuyi check a.xlsx b.xls --out 问题清单.xlsx"
    )]
    Check(CheckArgs),

    /// 按评分标准评分并生成报告 / score submissions against a rubric and write the reports
    #[command(
        after_help = "示例 / Examples:\n  wuyi score examples/收件箱/\n  wuyi score 收件箱/ --out 2022Q1评分 --feedback\n  wuyi score 收件箱/ --rubric 本县评分标准.toml --as-of 2022-03-31\n  wuyi score 收件箱/幸福里小区.xlsx --out 2022Q1评分 --update"
    )]
    Score(ScoreArgs),

    /// 生成季度无疫名单：授牌、保持、摘牌与覆盖率 / the quarter's award list, register, revocations and coverage
    #[command(
        after_help = "示例 / Examples:\n  wuyi awards --quarter 2022Q1 评分结果/results.json\n  wuyi awards --quarter 2022Q2 收件箱/ --register 2022Q1-无疫名单.xlsx --roster 名册.xlsx --events 事件.xlsx"
    )]
    Awards(AwardsArgs),

    /// 合并各街道（乡镇）的评分报告 / merge several score reports (the towns') into one
    #[command(
        after_help = "示例 / Examples:\n  wuyi merge 东关街道评分/ 西城街道评分/ --out 城关区评分\n  wuyi merge */评分结果/results.json --out 全县评分 --feedback\n  wuyi merge 东关街道评分/ 西城街道评分/ --out 城关区评分 --inspections 核查记录.xlsx"
    )]
    Merge(MergeArgs),

    /// 检查或查看评分标准 / check or show a rubric
    #[command(subcommand)]
    Rubric(RubricCommand),

    /// 生成空白台账模板 / write the blank ledger template
    #[command(
        after_help = "示例 / Examples:\n  wuyi template --out 台账模板.xlsx\n  wuyi template --rubric 本县评分标准.toml --out 台账模板.xlsx\n  wuyi template --inspections --out 核查记录.xlsx"
    )]
    Template(TemplateArgs),

    /// 输出命令行补全脚本 / print a shell completion script
    #[command(
        after_help = "示例 / Examples:\n  wuyi completions bash > /etc/bash_completion.d/wuyi"
    )]
    Completions {
        /// bash, zsh, fish, powershell or elvish
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 台账文件或文件夹（文件夹内的 .xlsx/.xlsm/.xls/.ods 都会检查）
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub paths: Vec<PathBuf>,

    /// 终端输出格式 / output format on standard output
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// 另存为问题清单工作簿 / also write the problem list as a workbook
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: Option<PathBuf>,

    /// 覆盖已存在的输出文件 / overwrite an existing output file
    #[arg(long)]
    pub force: bool,

    /// 本县的台账别名文件（工作表、列名、基本信息项目的其他叫法）/ the county's extra names for sheets, columns and 基本信息 labels
    #[arg(long, value_name = "FILE.toml")]
    pub contract: Option<PathBuf>,

    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Limits on reading one submitted file. A file over any of them is
/// reported as such and the rest of the batch goes on.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "读取上限 / Limits per file")]
pub struct LimitArgs {
    /// 单个文件大小上限（MB）/ largest file read, in MB
    #[arg(long, value_name = "MB", default_value_t = ReadLimits::default().max_file_bytes >> 20)]
    pub max_file_mb: u64,

    /// 工作簿解压后大小上限（MB，总计及单个部件）/ most a workbook may unpack to, in MB (in total and per part)
    #[arg(long, value_name = "MB", default_value_t = ReadLimits::default().max_unpacked_bytes >> 20)]
    pub max_unpacked_mb: u64,

    /// 压缩比上限（大于 1 MB 的部件）/ highest compression ratio of a part over 1 MB
    #[arg(long, value_name = "N", default_value_t = ReadLimits::default().max_ratio)]
    pub max_ratio: u64,

    /// 单个文件内存预算（MB）/ memory budget for one file, in MB
    #[arg(long, value_name = "MB", default_value_t = ReadLimits::default().max_memory_bytes >> 20)]
    pub max_memory_mb: u64,

    /// 单个文件读取时间上限（秒，0 为不限）/ time budget for one file, in seconds (0: none)
    #[arg(long, value_name = "SECONDS", default_value_t = ReadLimits::default().max_time.map_or(0, |t| t.as_secs()))]
    pub max_seconds: u64,
}

impl LimitArgs {
    pub fn limits(&self) -> ReadLimits {
        const MB: u64 = 1024 * 1024;
        ReadLimits {
            max_file_bytes: self.max_file_mb.saturating_mul(MB),
            max_unpacked_bytes: self.max_unpacked_mb.saturating_mul(MB),
            max_ratio: self.max_ratio,
            max_memory_bytes: self.max_memory_mb.saturating_mul(MB),
            max_time: (self.max_seconds > 0)
                .then(|| std::time::Duration::from_secs(self.max_seconds)),
        }
    }
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// 台账文件或文件夹
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub paths: Vec<PathBuf>,

    /// 评分标准文件（默认使用内置标准）/ rubric file (the built-in one by default)
    #[arg(long, value_name = "FILE.toml")]
    pub rubric: Option<PathBuf>,

    /// 本县的台账别名文件（工作表、列名、基本信息项目的其他叫法）/ the county's extra names for sheets, columns and 基本信息 labels
    #[arg(long, value_name = "FILE.toml")]
    pub contract: Option<PathBuf>,

    /// 统一的评估日期，覆盖各台账的“评估日期” / one assessment date for the whole batch
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// 报告文件夹（默认新建“评分结果-时间”）/ report folder (default: a new folder named after the run)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// 覆盖已有报告 / overwrite existing reports
    #[arg(long)]
    pub force: bool,

    /// 为每个社区生成一份评分反馈工作簿 / write a feedback workbook per community
    #[arg(long)]
    pub feedback: bool,

    /// 明查暗访核查记录：核定得分覆盖申报的得分 / inspection results whose verified scores override the submissions'
    #[arg(long, value_name = "FILE")]
    pub inspections: Option<PathBuf>,

    /// 只重新评分给出的文件，更新 --out 中已有的报告 / re-score only these files in the existing report named by --out
    #[arg(long, requires = "out")]
    pub update: bool,

    /// Print how long reading and writing took, to standard error (for the benchmark).
    #[arg(long, hide = true)]
    pub timings: bool,

    #[command(flatten)]
    pub read: ReadArgs,
}

/// How submitted workbooks are read, for every command that scores them
/// (`score`, and `awards` when given workbooks): worker threads and the
/// per-file limits.
#[derive(Debug, Clone, Args)]
pub struct ReadArgs {
    /// 并行线程数（默认使用全部核心）/ worker threads (default: all cores)
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,

    #[command(flatten)]
    pub limits: LimitArgs,
}

impl ReadArgs {
    /// The worker threads asked for.
    pub fn pool(&self) -> anyhow::Result<rayon::ThreadPool> {
        use anyhow::Context;
        rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs.unwrap_or(0))
            .build()
            .context("starting worker threads")
    }
}

#[derive(Debug, Args)]
pub struct AwardsArgs {
    /// 季度，如 2022Q1 / the quarter, e.g. 2022Q1
    #[arg(long, value_name = "YYYYQn")]
    pub quarter: String,

    /// results.json（wuyi score 的结果），或台账文件、文件夹（当场评分）
    #[arg(required = true, value_name = "RESULTS_OR_WORKBOOKS")]
    pub inputs: Vec<PathBuf>,

    /// 上季度的名单工作簿（其“名册”表）/ last quarter's award workbook (its register sheet)
    #[arg(long, value_name = "FILE.xlsx")]
    pub register: Option<PathBuf>,

    /// 全部社区名册（覆盖率的分母）/ roster of all communities (the coverage denominator)
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,

    /// 动态管理事件表（新增确诊、新增无症状、投诉查实未整改）/ dated events per community
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,

    /// 输出工作簿（默认 YYYYQn-无疫名单.xlsx）/ output workbook
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: Option<PathBuf>,

    /// 覆盖已存在的输出 / overwrite existing output
    #[arg(long)]
    pub force: bool,

    /// 评分标准（当场评分及 [awards] 设置）/ rubric for on-the-fly scoring and its [awards] settings
    #[arg(long, value_name = "FILE.toml")]
    pub rubric: Option<PathBuf>,

    /// 当场评分时统一的评估日期 / batch assessment date when scoring workbooks
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// wuyi score 的报告文件夹或其 results.json / report folders of wuyi score, or their results.json
    #[arg(required = true, value_name = "REPORT_DIR")]
    pub reports: Vec<PathBuf>,

    /// 合并后的报告文件夹 / folder for the merged report
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// 覆盖已有报告 / overwrite existing reports
    #[arg(long)]
    pub force: bool,

    /// 为每个社区生成一份评分反馈工作簿 / write a feedback workbook per community
    #[arg(long)]
    pub feedback: bool,

    /// 明查暗访核查记录：核定得分覆盖合并后各申报的得分 / inspection results applied to the merged report
    #[arg(long, value_name = "FILE")]
    pub inspections: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// 检查评分标准文件 / validate a rubric file
    #[command(after_help = "示例 / Examples:\n  wuyi rubric check rubrics/default.toml")]
    Check {
        #[arg(value_name = "FILE.toml")]
        file: PathBuf,
    },
    /// 列出评分项 / print the table of items
    #[command(
        after_help = "示例 / Examples:\n  wuyi rubric show\n  wuyi rubric show 本县评分标准.toml"
    )]
    Show {
        #[arg(value_name = "FILE.toml")]
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// 模板保存位置 / where to write the template
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,

    /// 覆盖已存在的文件 / overwrite an existing file
    #[arg(long)]
    pub force: bool,

    /// 按此评分标准填写自评表项目（默认使用内置标准）/ rubric whose self-assessed items fill 自评表
    #[arg(long, value_name = "FILE.toml")]
    pub rubric: Option<PathBuf>,

    /// 生成明查暗访核查记录表，而非台账模板 / write the blank inspection form instead of the ledger template
    #[arg(long)]
    pub inspections: bool,
}

pub fn main() -> ExitCode {
    let console = crate::console::Session::start();
    let mut lang = Lang::Zh;
    let code = crate::pipe::run(|| {
        let (code, used) = run(std::env::args_os().collect());
        lang = used;
        code
    });
    console.finish(lang);
    code
}

/// Parses the command line (or the paths dropped on the program) and runs
/// it; the language, for what is said after.
fn run(mut args: Vec<std::ffi::OsString>) -> (ExitCode, Lang) {
    if let Some(paths) = cmd::dropped::dropped_paths(&args) {
        let program = args.first().cloned().unwrap_or_else(|| "wuyi".into());
        args = cmd::dropped::score_command_line(&program, &paths, Lang::Zh);
    } else if args.len() <= 1 {
        eprint!("{}", cmd::dropped::no_arguments_hint());
    }
    let asked = crate::usage::lang_of(&args);
    let parsed = crate::usage::localized(Cli::command())
        .try_get_matches_from(args)
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are printed to standard output and end well;
            // usage errors exit 2.
            crate::usage::print(&e, asked);
            let code = if e.use_stderr() { 2 } else { 0 };
            return (ExitCode::from(code), asked);
        }
    };
    let lang = cli.lang;
    let result = match cli.command {
        Command::Check(args) => cmd::check::run(&args, lang),
        Command::Score(args) => cmd::score::run(&args, lang),
        Command::Rubric(c) => cmd::rubric::run(&c, lang),
        Command::Awards(args) => cmd::awards::run(&args, lang),
        Command::Merge(args) => cmd::merge::run(&args, lang),
        Command::Template(args) => cmd::template::run(&args, lang),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "wuyi", &mut std::io::stdout());
            Ok(cmd::Outcome::Success)
        }
    };
    let code = match result {
        Ok(outcome) => outcome.into(),
        Err(e) => {
            let label = lang.pick("错误", "error");
            eprintln!("wuyi: {label}: {e:#}");
            ExitCode::from(2)
        }
    };
    (code, lang)
}
