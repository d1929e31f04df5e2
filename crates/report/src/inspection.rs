//! The inspection list in words: the notes on it as `results.json` records
//! them, the inspection report's sheets and the blank inspection form.

pub mod report;
pub mod template;

use serde::{Deserialize, Serialize};

use crate::catalogue::inspection::note;
use crate::i18n::Lang;

/// A note on the inspection list as `results.json` records it: worded in
/// both languages when the run was written, and carried as recorded text
/// from then on (an update or a merge keeps the notes of the reports it
/// reads).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteRecord {
    /// "核查记录.xlsx 核查记录!C7".
    pub location: String,
    /// The note in Chinese.
    pub message_zh: String,
    /// The note in English.
    pub message_en: String,
}

impl NoteRecord {
    /// The record of a note, worded by the catalogue.
    pub fn of(n: &wuyi_core::inspection::Note) -> Self {
        NoteRecord {
            location: n.location.clone(),
            message_zh: note(&n.kind, Lang::Zh),
            message_en: note(&n.kind, Lang::En),
        }
    }

    /// The records of notes, in their order.
    pub fn all(notes: &[wuyi_core::inspection::Note]) -> Vec<Self> {
        notes.iter().map(NoteRecord::of).collect()
    }

    /// The note in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.message_zh, &self.message_en)
    }
}
