//! One file per subcommand; each reads its arguments, calls the library and
//! prints. Shared here: exit outcomes, progress bars, the parallel reader.

pub mod awards;
pub mod check;
pub mod rubric;
pub mod score;
pub mod template;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

use crate::i18n::Lang;

/// How a command ended, as its exit status: 0 all well, 1 the inputs have
/// errors (some file has errors or could not be assessed). Usage and I/O
/// failures are `Err` and exit 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    InputErrors,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::InputErrors => ExitCode::from(1),
        }
    }
}

/// A progress bar on a terminal; nothing when output is piped or in CI.
pub fn progress(len: usize, lang: Lang) -> ProgressBar {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !interactive || len < 2 {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len as u64);
    let template = match lang {
        Lang::Zh => "{bar:40} {pos}/{len} 个文件  已用 {elapsed}  剩余约 {eta}",
        Lang::En => "{bar:40} {pos}/{len} files  {elapsed} elapsed  ~{eta} left",
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        pb.set_style(style);
    }
    pb
}

/// Expands inputs and refuses a run with nothing to read or with a path
/// that does not exist.
pub fn inputs(paths: &[PathBuf], lang: Lang) -> Result<Vec<PathBuf>> {
    let (files, missing) = crate::input::collect(paths);
    if let Some(m) = missing.first() {
        match lang {
            Lang::Zh => bail!("找不到 {}", m.display()),
            Lang::En => bail!("{} does not exist", m.display()),
        }
    }
    if files.is_empty() {
        match lang {
            Lang::Zh => bail!("没有找到台账文件（.xlsx/.xlsm/.xls/.ods）"),
            Lang::En => bail!("no ledger workbooks (.xlsx/.xlsm/.xls/.ods) found"),
        }
    }
    Ok(files)
}

/// Refuses to replace an existing file unless asked to.
pub fn guard_overwrite(path: &Path, force: bool, lang: Lang) -> Result<()> {
    if path.exists() && !force {
        match lang {
            Lang::Zh => bail!("{} 已存在；如需覆盖请加 --force", path.display()),
            Lang::En => bail!(
                "{} already exists; add --force to overwrite it",
                path.display()
            ),
        }
    }
    Ok(())
}

/// The rubric named on the command line, or the built-in one.
pub fn load_rubric(path: Option<&Path>, lang: Lang) -> Result<crate::rubric::Rubric> {
    let r = match path {
        Some(p) => crate::rubric::Rubric::load(p),
        None => crate::rubric::Rubric::builtin(),
    };
    r.map_err(|e| anyhow::anyhow!(e.message(lang)))
}

/// A date given on the command line, in any of the forms ledgers use.
pub fn parse_date_arg(s: &str, lang: Lang) -> Result<chrono::NaiveDate> {
    match crate::normalize::parse_date_text(s) {
        Some(d) => Ok(d),
        None => match lang {
            Lang::Zh => bail!("“{s}”不是有效日期（例：2022-03-31）"),
            Lang::En => bail!("\"{s}\" is not a valid date (e.g. 2022-03-31)"),
        },
    }
}
