//! A scorecard with only its place, name and score filled in, for the
//! report modules' unit tests.

use std::path::PathBuf;

use wuyi_core::results::Scorecard;
use wuyi_core::score::Verdict;

/// A passed scorecard for `file`, with the given name, place and score and
/// nothing else.
pub(crate) fn card(
    file: &str,
    name: &str,
    district: Option<&str>,
    town: Option<&str>,
    score: Option<f64>,
) -> Scorecard {
    Scorecard {
        file: PathBuf::from(file),
        name: name.into(),
        kind: None,
        district: district.map(Into::into),
        town: town.map(Into::into),
        assessed_on: None,
        score,
        pass_score: 60.0,
        sections: Vec::new(),
        items: Vec::new(),
        gate: None,
        verdict: Verdict::Passed,
        reason_zh: String::new(),
        reason_en: String::new(),
        problems: Vec::new(),
        cases: Vec::new(),
        inspection: None,
    }
}
