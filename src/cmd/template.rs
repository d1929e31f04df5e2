//! `wuyi template`: write the blank ledger template.

use anyhow::Result;

use super::{Outcome, guard_overwrite, load_rubric};
use crate::cli::TemplateArgs;
use crate::i18n::Lang;
use crate::report::output::{self, RunLock};
use crate::report::write_atomic;
use crate::template;

pub fn run(args: &TemplateArgs, lang: Lang) -> Result<Outcome> {
    let (out, added) = crate::report::names::workbook_output(&args.out, lang)?;
    guard_overwrite(&out, args.force, lang)?;
    let _lock = RunLock::acquire(&out, lang)?;
    if added {
        println!("{}", crate::report::names::extension_added_note(&out, lang));
    }
    let rubric = load_rubric(args.rubric.as_deref(), lang)?;
    if args.inspections {
        let mut wb = crate::inspection::template::workbook(lang, &rubric)?;
        write_atomic(&out, &wb.save_to_buffer()?)?;
        println!(
            "{}{}",
            lang.pick("核查记录表已保存：", "inspection form written to "),
            out.display()
        );
        return Ok(Outcome::Success);
    }
    let mut wb = template::workbook(lang, &rubric.self_items())?;
    write_atomic(&out, &wb.save_to_buffer()?).map_err(|e| output::explain(e, &out, lang))?;
    println!(
        "{}{}",
        lang.pick("模板已保存：", "template written to "),
        out.display()
    );
    Ok(Outcome::Success)
}
