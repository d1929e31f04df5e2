//! Every word a person reads about what the core found, in one place.
//!
//! The data modules (ledger, problem, rubric, score) return typed values:
//! a [`ProblemKind`](wuyi_core::problem::ProblemKind), a measure's
//! [`Why`](wuyi_core::rubric::measure::Why), the gate's
//! [`Undecided`](wuyi_core::rubric::gate::Undecided) cells, a scorecard's
//! [`Reason`](wuyi_core::score::Reason). This module turns them into text. Each
//! message is written as a Chinese/English pair side by side, so a
//! translation never drifts from its original.
//!
//! One file per area: [`problems`] (what is wrong with a submission),
//! [`awards`] (the award list), [`inspection`] (inspection lists), [`read`]
//! (why a file could not be read),
//! [`contract`] (the names of sheets, categories and community types),
//! [`measure`] (why a rubric item earned what it did), [`gate`] (the
//! zero-case gate), [`score`] (a scorecard's verdict and reason, and the
//! record `results.json` holds) and [`rubric`] (what is wrong with a rubric
//! file).

pub mod awards;
pub mod contract;
pub mod gate;
pub mod inspection;
pub mod measure;
pub mod problems;
pub mod read;
pub mod rubric;
pub mod score;

pub use contract::{AliasText, Named};
pub use problems::{ProblemText, SeverityText};
pub use score::{CardText, GateText, ItemText, RecordText, VerdictText};

use crate::i18n::Lang;

/// A Chinese/English pair, picked by language: the one way a message is
/// written in this catalogue.
pub(crate) fn pair(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Text from a cell quoted in a message: enough to find it, not the 32,767
/// characters a cell can hold.
pub(crate) fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 80;
    if s.chars().count() <= MAX {
        return s.into();
    }
    let mut out: String = s.chars().take(MAX - 1).collect();
    out.push('…');
    out.into()
}

/// A list of names quoted in a message: the first few, then how many in
/// all.
pub(crate) fn clip_list(items: &[String]) -> Vec<String> {
    const MAX: usize = 20;
    let mut out: Vec<String> = items
        .iter()
        .take(MAX)
        .map(|s| clip(s).into_owned())
        .collect();
    if items.len() > MAX {
        out.push(format!("… ({})", items.len()));
    }
    out
}
