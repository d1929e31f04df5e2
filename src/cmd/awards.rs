//! `wuyi awards`: the quarter's award list.

use anyhow::{Result, bail};

use super::Outcome;
use crate::cli::AwardsArgs;
use crate::i18n::Lang;

pub fn run(_args: &AwardsArgs, lang: Lang) -> Result<Outcome> {
    bail!("{}", lang.pick("awards 尚未实现", "awards is not implemented yet"))
}
