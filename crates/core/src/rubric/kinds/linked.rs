//! `type = "linked"`: the share of rows whose key is found in another
//! sheet's column (every household's grid in the grid ledger).

// A set of one file's own keys, only looked up in: a fast hasher (see
// `ledger::validate`).
use rustc_hash::FxHashSet as HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::measured::{leaf_rows, or_unavailable, push_cell, table_or_missing};
use super::{Checker, KEYS, MeasureKind, Measured, Yields};
use crate::ledger::Ledger;
use crate::ledger::contract::SheetKey;
use crate::rubric::measure::Why;

/// A linked measure as written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LinkedSpec {
    /// The sheet, by any of its names.
    pub sheet: String,
    /// The column measured.
    pub column: String,
    /// The sheet the keys must be in.
    pub target_sheet: String,
    /// The column of `target_sheet` they must be in.
    pub target_column: String,
    /// Only the grids at the bottom of the grid tree.
    #[serde(default)]
    pub only_leaf_grids: bool,
}

/// Rows whose `column` is found in `target`'s `target_column`.
#[derive(Debug, Clone, PartialEq)]
pub struct Linked {
    /// The sheet measured.
    pub sheet: SheetKey,
    /// The key column.
    pub column: usize,
    /// The sheet the keys must be in.
    pub target: SheetKey,
    /// The column of `target` they must be in.
    pub target_column: usize,
    /// Only the grids at the bottom of the grid tree.
    pub leaf_grids: bool,
}

impl MeasureKind for Linked {
    type Spec = LinkedSpec;
    const YIELDS: Yields = Yields::Share;

    fn compile(spec: &LinkedSpec, check: &mut Checker<'_>) -> Option<Self> {
        let s = check.sheet(&spec.sheet)?;
        let t = check.sheet(&spec.target_sheet)?;
        let c = check.column(s, &spec.column, KEYS);
        let tc = check.column(t, &spec.target_column, KEYS);
        check.leaf_ok(s, spec.only_leaf_grids).then_some(())?;
        Some(Linked {
            sheet: s.key,
            column: c?,
            target: t.key,
            target_column: tc?,
            leaf_grids: spec.only_leaf_grids,
        })
    }

    fn measure(&self, ledger: &Ledger, _on: NaiveDate, _points: f64) -> Measured {
        let (column, target_column) = (self.column, self.target_column);
        let t = or_unavailable!(table_or_missing(ledger, self.sheet, &[column]));
        let target_t = or_unavailable!(table_or_missing(ledger, self.target, &[target_column]));
        let keys: HashSet<&str> = target_t
            .rows
            .iter()
            .filter_map(|r| target_t.text(r, target_column))
            .collect();
        let rows = leaf_rows(t, self.leaf_grids);
        let mut bad = 0;
        let mut cells = Vec::new();
        for rec in &rows {
            if t.text(rec, column).is_none_or(|k| !keys.contains(k)) {
                bad += 1;
                push_cell(&mut cells, t, rec, column);
            }
        }
        let total = rows.len();
        let why = Why::Linked {
            sheet: self.sheet,
            column: t.spec.columns[column].zh,
            target: target_t.sheet.clone(),
            target_column: target_t.spec.columns[target_column].zh,
            total,
            bad,
        };
        Measured::share(total, bad, cells, why)
    }
}
