//! `wuyi check`: read every workbook and list its problems.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use rayon::prelude::*;

use super::{Outcome, guard_overwrite, inputs, progress, refuse_output_among_inputs};
use crate::cli::{ContractArgs, LimitArgs};
use wuyi_report::check::{self, FileCheck};
use wuyi_report::i18n::Lang;
use wuyi_report::output::{self, RunLock};
use wuyi_report::write_atomic;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
#[command(
    after_help = "示例 / Examples:\n  wuyi check examples/收件箱/\n  wuyi check 收件箱/ --format csv > 问题.csv\n  wuyi check a.xlsx b.xls --out 问题清单.xlsx"
)]
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

    #[command(flatten)]
    pub county: ContractArgs,

    #[command(flatten)]
    pub limits: LimitArgs,
}

pub fn run(args: &CheckArgs, lang: Lang) -> Result<Outcome> {
    let aliases = std::sync::Arc::new(super::load_contract(args.county.contract.as_deref(), lang)?);
    let files = inputs(&args.paths, lang)?;
    if let Some(out) = &args.out {
        wuyi_report::names::check_output_name(out, lang)?;
        refuse_output_among_inputs(out, &files, lang)?;
        guard_overwrite(out, args.force, lang)?;
    }
    let _lock = args
        .out
        .as_deref()
        .map(|out| RunLock::acquire(out, lang))
        .transpose()?;
    let limits = args.limits.limits();
    let pb = progress(files.len(), lang);
    let checks: Vec<FileCheck> = files
        .par_iter()
        .map(|path| {
            let mut l = crate::worker::reader().read(path, &limits, &aliases);
            let undecided = wuyi_core::rubric::gate::undecided_problems(&l);
            l.problems.extend(undecided);
            pb.inc(1);
            FileCheck {
                file: path.clone(),
                name: l.display_name(),
                problems: l.problems,
            }
        })
        .collect();
    pb.finish_and_clear();

    match args.format {
        OutputFormat::Table => print!("{}", check::render_table(&checks, lang)),
        OutputFormat::Json => print!("{}", check::render_json(&checks, lang)?),
        OutputFormat::Csv => {
            use std::io::Write;
            std::io::stdout().write_all(&check::render_csv(&checks, lang)?)?;
        }
    }
    if let Some(out) = &args.out {
        write_atomic(out, &check::render_xlsx(&checks, lang)?)
            .map_err(|e| output::explain(e, out, lang))?;
        eprintln!(
            "{}{}",
            lang.pick("问题清单已保存：", "problem list written to "),
            out.display()
        );
    }
    Ok(if checks.iter().all(FileCheck::ok) {
        Outcome::Success
    } else {
        Outcome::InputErrors
    })
}
