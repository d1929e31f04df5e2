//! The command line: the top-level parser, the argument groups several
//! commands share (defined once here and flattened into each), and dispatch.
//! Each subcommand's own arguments live beside its `run` in `cmd/<name>.rs`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::cmd;
use crate::cmd::awards::AwardsArgs;
use crate::cmd::check::CheckArgs;
use crate::cmd::merge::MergeArgs;
use crate::cmd::rubric::RubricCommand;
use crate::cmd::score::ScoreArgs;
use crate::cmd::template::TemplateArgs;
use wuyi_report::i18n::Lang;
use wuyi_sheets::ReadLimits;

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
    Check(CheckArgs),

    /// 按评分标准评分并生成报告 / score submissions against a rubric and write the reports
    Score(ScoreArgs),

    /// 生成季度无疫名单：授牌、保持、摘牌与覆盖率 / the quarter's award list, register, revocations and coverage
    Awards(AwardsArgs),

    /// 合并各街道（乡镇）的评分报告 / merge several score reports (the towns') into one
    Merge(MergeArgs),

    /// 检查或查看评分标准 / check or show a rubric
    #[command(subcommand)]
    Rubric(RubricCommand),

    /// 生成空白台账模板 / write the blank ledger template
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

/// The county's extra names for the ledger contract, for the commands that
/// read ledgers (`check`, `score`).
#[derive(Debug, Clone, Args)]
pub struct ContractArgs {
    /// 本县的台账别名文件（工作表、列名、基本信息项目的其他叫法）/ the county's extra names for sheets, columns and 基本信息 labels
    #[arg(long, value_name = "FILE.toml")]
    pub contract: Option<PathBuf>,
}

/// What a report folder is written with (`score`, `merge`): whether an
/// existing report may be replaced, and the feedback workbooks.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// 覆盖已有报告 / overwrite existing reports
    #[arg(long)]
    pub force: bool,

    /// 为每个社区生成一份评分反馈工作簿 / write a feedback workbook per community
    #[arg(long)]
    pub feedback: bool,
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
