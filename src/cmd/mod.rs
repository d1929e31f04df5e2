//! One file per subcommand, holding its arguments (clap) and its `run`,
//! which reads them, calls the library and prints. Shared here: exit
//! outcomes, progress bars, the parallel reader.

pub mod awards;
pub mod check;
pub mod dropped;
pub mod merge;
pub mod rubric;
pub mod score;
pub mod template;
pub mod update;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

use wuyi_core::results::Scorecard;
use wuyi_core::score::Verdict;
use wuyi_report::catalogue::AliasText;
use wuyi_report::i18n::Lang;

/// How a command ended, as its exit status: 0 all well, 1 the inputs have
/// errors (some file has errors or could not be assessed). Usage and I/O
/// failures are `Err` and exit 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    InputErrors,
}

impl Outcome {
    /// A report's outcome (`score --update`, `merge`): input errors when
    /// any of its communities could not be assessed.
    pub fn of_cards(cards: &[Scorecard]) -> Self {
        if cards.iter().any(|c| c.verdict == Verdict::Unassessable) {
            Outcome::InputErrors
        } else {
            Outcome::Success
        }
    }
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
    let wuyi_core::input::Collected {
        files,
        missing,
        unreadable,
    } = wuyi_core::input::collect_all(paths);
    for (place, why) in &unreadable {
        let place = wuyi_report::text::sanitize(&place.display().to_string());
        let why = wuyi_report::text::sanitize(why);
        match lang {
            Lang::Zh => eprintln!("wuyi: 警告：无法读取 {place}（{why}），其中的文件未检查"),
            Lang::En => {
                eprintln!("wuyi: warning: cannot read {place} ({why}); files in it are not checked")
            }
        }
    }
    if let Some(m) = missing.first() {
        match lang {
            Lang::Zh => bail!("找不到 {}", m.display()),
            Lang::En => bail!("{} does not exist", m.display()),
        }
    }
    if files.is_empty() {
        match lang {
            Lang::Zh => bail!("没有找到台账文件（.xlsx/.xlsm/.xlsb/.xls/.ods）"),
            Lang::En => bail!("no ledger workbooks (.xlsx/.xlsm/.xlsb/.xls/.ods) found"),
        }
    }
    Ok(files)
}

/// Refuses an output path that is one of the inputs, or a folder holding
/// one: writing there would overwrite a submission, or leave reports where
/// the next run reads them as submissions. Paths are compared as the file
/// system resolves them (links, `..`, a second name for the same file).
/// Every command that writes should call this with its input files.
pub fn refuse_output_among_inputs(out: &Path, inputs: &[PathBuf], lang: Lang) -> Result<()> {
    if let Some(input) = wuyi_core::input::output_among_inputs(out, inputs) {
        match lang {
            Lang::Zh => bail!(
                "输出位置 {} 就是输入的台账 {}（或包含它）；请换一个输出位置",
                wuyi_report::text::sanitize(&out.display().to_string()),
                wuyi_report::text::sanitize(&input.display().to_string())
            ),
            Lang::En => bail!(
                "the output {} is (or holds) the input {}; choose another place to write to",
                wuyi_report::text::sanitize(&out.display().to_string()),
                wuyi_report::text::sanitize(&input.display().to_string())
            ),
        }
    }
    Ok(())
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
pub fn load_rubric(path: Option<&Path>, lang: Lang) -> Result<wuyi_core::rubric::Rubric> {
    let r = match path {
        Some(p) => wuyi_core::rubric::Rubric::load(p),
        None => wuyi_core::rubric::Rubric::builtin(),
    };
    // The rubric was checked, so its names are all known ones, and it
    // carries them to reading.
    r.map_err(|e| anyhow::anyhow!(wuyi_report::catalogue::rubric::rubric_error(&e, lang)))
}

/// The names a contract file (`--contract`) adds to the ledger contract:
/// more names for sheets, columns and 基本信息 labels, to read with.
pub fn load_contract(
    path: Option<&Path>,
    lang: Lang,
) -> Result<wuyi_core::ledger::contract::Aliases> {
    let Some(path) = path else {
        return Ok(Default::default());
    };
    let shown = wuyi_report::text::sanitize(&path.display().to_string());
    let text = std::fs::read_to_string(path).map_err(|e| match lang {
        Lang::Zh => anyhow::anyhow!("无法读取台账规范文件 {shown}：{e}"),
        Lang::En => anyhow::anyhow!("cannot read the contract file {shown}: {e}"),
    })?;
    let spec: wuyi_core::ledger::contract::AliasSpec = toml::from_str(&text).map_err(|e| {
        let e = e.to_string();
        match lang {
            Lang::Zh => anyhow::anyhow!("台账规范文件 {shown} 格式错误：{}", e.trim()),
            Lang::En => anyhow::anyhow!("the contract file {shown} is not valid: {}", e.trim()),
        }
    })?;
    spec.resolve().map_err(|e| {
        let list: Vec<String> = e.iter().map(|a| a.message(lang)).collect();
        match lang {
            Lang::Zh => anyhow::anyhow!("台账规范文件 {shown}：{}", list.join("；")),
            Lang::En => anyhow::anyhow!("the contract file {shown}: {}", list.join("; ")),
        }
    })
}

/// A date given on the command line, in any of the forms ledgers use.
pub fn parse_date_arg(s: &str, lang: Lang) -> Result<chrono::NaiveDate> {
    match wuyi_sheets::normalize::parse_date_text(s) {
        Some(d) => Ok(d),
        None => match lang {
            Lang::Zh => bail!("“{s}”不是有效日期（例：2022-03-31）"),
            Lang::En => bail!("\"{s}\" is not a valid date (e.g. 2022-03-31)"),
        },
    }
}
