//! `wuyi template`: write the blank ledger template.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::{Outcome, guard_overwrite, load_rubric};
use wuyi_report::i18n::Lang;
use wuyi_report::output::{self, RunLock};
use wuyi_report::template;
use wuyi_report::write_atomic;

#[derive(Debug, Args)]
#[command(
    after_help = "示例 / Examples:\n  wuyi template --out 台账模板.xlsx\n  wuyi template --rubric 本县评分标准.toml --out 台账模板.xlsx\n  wuyi template --inspections --out 核查记录.xlsx"
)]
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

pub fn run(args: &TemplateArgs, lang: Lang) -> Result<Outcome> {
    let (out, added) = wuyi_report::names::workbook_output(&args.out, lang)?;
    guard_overwrite(&out, args.force, lang)?;
    let _lock = RunLock::acquire(&out, lang)?;
    if added {
        println!("{}", wuyi_report::names::extension_added_note(&out, lang));
    }
    let rubric = load_rubric(args.rubric.as_deref(), lang)?;
    if args.inspections {
        let mut wb = wuyi_report::inspection::template::workbook(lang, &rubric)?;
        write_atomic(&out, &wb.save_to_buffer()?)?;
        println!(
            "{}{}",
            lang.pick("核查记录表已保存：", "inspection form written to "),
            out.display()
        );
        return Ok(Outcome::Success);
    }
    let mut wb = template::workbook(lang, &template::SelfItem::of(&rubric))?;
    write_atomic(&out, &wb.save_to_buffer()?).map_err(|e| output::explain(e, &out, lang))?;
    println!(
        "{}{}",
        lang.pick("模板已保存：", "template written to "),
        out.display()
    );
    Ok(Outcome::Success)
}
