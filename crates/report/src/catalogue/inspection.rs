//! The words of inspections: how an inspection was made, and the notes on
//! the inspection list in the language asked for.

use crate::i18n::Lang;
use wuyi_core::inspection::{Method, Note};

/// The name of an inspection method.
pub trait MethodText {
    /// "明查" / "open inspection", "暗访" / "unannounced visit".
    fn label(self, lang: Lang) -> &'static str;
}

impl MethodText for Method {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Method::Open => lang.pick("明查", "open inspection"),
            Method::Unannounced => lang.pick("暗访", "unannounced visit"),
        }
    }
}

/// A note on the inspection list, as recorded in both languages.
pub trait NoteText {
    /// The note in `lang`.
    fn message(&self, lang: Lang) -> &str;
}

impl NoteText for Note {
    fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.message_zh, &self.message_en)
    }
}
