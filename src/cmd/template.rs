//! `wuyi template`: write the blank ledger template.

use anyhow::Result;

use super::{Outcome, guard_overwrite, load_rubric};
use crate::cli::TemplateArgs;
use crate::i18n::Lang;
use crate::report::output::{self, RunLock};
use crate::report::write_atomic;
use crate::template;

pub fn run(args: &TemplateArgs, lang: Lang) -> Result<Outcome> {
    crate::report::names::check_output_name(&args.out, lang)?;
    guard_overwrite(&args.out, args.force, lang)?;
    let _lock = RunLock::acquire(&args.out, lang)?;
    let rubric = load_rubric(args.rubric.as_deref(), lang)?;
    if args.inspections {
        let mut wb = crate::inspection::template::workbook(lang, &rubric)?;
        write_atomic(&args.out, &wb.save_to_buffer()?)?;
        println!(
            "{}{}",
            lang.pick("核查记录表已保存：", "inspection form written to "),
            args.out.display()
        );
        return Ok(Outcome::Success);
    }
    let mut wb = template::workbook(lang, &rubric.self_items())?;
    write_atomic(&args.out, &wb.save_to_buffer()?)
        .map_err(|e| output::explain(e, &args.out, lang))?;
    println!(
        "{}{}",
        lang.pick("模板已保存：", "template written to "),
        args.out.display()
    );
    Ok(Outcome::Success)
}
