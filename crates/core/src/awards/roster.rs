//! The roster: every community by district and town, the denominator of
//! coverage. Kept by the office, in whatever layout its spreadsheet has.

use std::path::Path;

use super::matching::Place;
use super::tabular::{self, Column, ListProblem};
use crate::ledger::contract::CommunityType;

/// One community on the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterEntry {
    /// The community.
    pub place: Place,
    /// Its type, when the roster gives one.
    pub kind: Option<CommunityType>,
    /// "名册!C7", for messages.
    pub location: String,
}

/// The roster's columns.
pub const COLUMNS: &[Column] = &[
    tabular::DISTRICT,
    tabular::TOWN,
    tabular::NAME,
    tabular::TYPE,
];

/// Reads a roster. Rows without a name are skipped; a type that is not one
/// of 小区/社区/村/自然村/单位 is reported and left blank.
pub fn read(path: &Path) -> Result<(Vec<RosterEntry>, Vec<ListProblem>), ListProblem> {
    let wb = tabular::open(path)?;
    let found = tabular::find(&wb, COLUMNS, &["名册", "花名册", "roster", "社区名册"])?;
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for row in found.rows() {
        let Some(name) = row.text("name") else {
            continue;
        };
        let kind = row.text("type").and_then(|t| {
            let k = CommunityType::parse(&t);
            if k.is_none() {
                warnings.push(ListProblem::RosterType {
                    at: row.location("type"),
                    value: t.clone(),
                });
            }
            k
        });
        out.push(RosterEntry {
            place: Place::new(
                row.text("district").as_deref(),
                row.text("town").as_deref(),
                &name,
            ),
            kind,
            location: row.location("name"),
        });
    }
    if out.is_empty() {
        return Err(ListProblem::RosterEmpty);
    }
    Ok((out, warnings))
}
