//! `wuyi check`: read every workbook and list its problems.

use anyhow::Result;
use rayon::prelude::*;

use super::{Outcome, guard_overwrite, inputs, progress, refuse_output_among_inputs};
use crate::cli::{CheckArgs, OutputFormat};
use crate::i18n::Lang;
use crate::report::check::{self, FileCheck};
use crate::report::output::{self, RunLock};
use crate::report::write_atomic;

pub fn run(args: &CheckArgs, lang: Lang) -> Result<Outcome> {
    let aliases = std::sync::Arc::new(super::load_contract(args.contract.as_deref(), lang)?);
    let files = inputs(&args.paths, lang)?;
    if let Some(out) = &args.out {
        crate::report::names::check_output_name(out, lang)?;
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
            let undecided = crate::rubric::gate::undecided_problems(&l);
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
