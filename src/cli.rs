//! The command line: argument definitions and dispatch. Each subcommand's
//! work lives in its own file under `cmd/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::cmd;
use crate::i18n::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "wuyi",
    version,
    about = "无疫小区（社区、村）申报台账的检查、评分与授牌名单工具\nChecks, scores and awards the ledgers submitted for the epidemic-free community title.",
    after_help = "示例 / Examples:\n  wuyi check examples/\n  wuyi score examples/ --out 评分结果\n  wuyi template --out 台账模板.xlsx"
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
        after_help = "示例 / Examples:\n  wuyi check examples/\n  wuyi check 收件箱/ --format csv > 问题.csv\n  wuyi check a.xlsx b.xls --out 问题清单.xlsx"
    )]
    Check(CheckArgs),

    /// 生成空白台账模板 / write the blank ledger template
    #[command(
        after_help = "示例 / Examples:\n  wuyi template --out 台账模板.xlsx\n  wuyi template --rubric 本县评分标准.toml --out 台账模板.xlsx"
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
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// 模板保存位置 / where to write the template
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,

    /// 覆盖已存在的文件 / overwrite an existing file
    #[arg(long)]
    pub force: bool,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang;
    let result = match cli.command {
        Command::Check(args) => cmd::check::run(&args, lang),
        Command::Template(args) => cmd::template::run(&args, lang),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "wuyi", &mut std::io::stdout());
            Ok(cmd::Outcome::Success)
        }
    };
    match result {
        Ok(outcome) => outcome.into(),
        Err(e) => {
            let label = lang.pick("错误", "error");
            eprintln!("wuyi: {label}: {e:#}");
            ExitCode::from(2)
        }
    }
}
