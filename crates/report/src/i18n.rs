//! The language everything user-facing is written in.
//!
//! Chinese is the default because the people who run the tool read Chinese;
//! English is there for the rest. Messages are written in pairs at the place
//! that produces them, so a translation never drifts from its original.

use clap::ValueEnum;
use serde::{Deserialize, Serialize};

/// The language of everything the tool says and writes, chosen with `--lang`
/// (`zh` by default, `en` for English).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 中文
    #[default]
    Zh,
    /// English
    En,
}

impl Lang {
    /// Picks the text for this language from a Chinese/English pair.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Whether this is Chinese, for choosing between paired values that are
    /// not plain `&str` (lists, formatted messages) where [`Lang::pick`] does
    /// not fit.
    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }
}
