//! `type = "in_range"`: the share of rows with a value within `min..=max`
//! (a grid of 10 to 20 households).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::measured::{leaf_rows, or_unavailable, push_cell, table_or_missing};
use super::{Checker, MeasureKind, Measured, NUMERIC, Yields};
use crate::ledger::Ledger;
use crate::ledger::contract::SheetKey;
use crate::rubric::IssueKind;
use crate::rubric::measure::Why;

/// An in_range measure as written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InRangeSpec {
    /// The sheet, by any of its names.
    pub sheet: String,
    /// The column measured.
    pub column: String,
    /// The least value allowed.
    pub min: f64,
    /// The greatest value allowed.
    pub max: f64,
    /// Only the grids at the bottom of the grid tree.
    #[serde(default)]
    pub only_leaf_grids: bool,
}

/// Rows whose `column` is within `min..=max`.
#[derive(Debug, Clone, PartialEq)]
pub struct InRange {
    /// The sheet measured.
    pub sheet: SheetKey,
    /// The column measured.
    pub column: usize,
    /// The least value allowed.
    pub min: f64,
    /// The greatest value allowed.
    pub max: f64,
    /// Only the grids at the bottom of the grid tree.
    pub leaf_grids: bool,
}

impl MeasureKind for InRange {
    type Spec = InRangeSpec;
    const YIELDS: Yields = Yields::Share;

    fn compile(spec: &InRangeSpec, check: &mut Checker<'_>) -> Option<Self> {
        let s = check.sheet(&spec.sheet)?;
        let c = check.column(s, &spec.column, NUMERIC);
        let (min, max) = (spec.min, spec.max);
        if min > max {
            check.push(IssueKind::RangeOrder { min, max });
            return None;
        }
        check.leaf_ok(s, spec.only_leaf_grids).then_some(())?;
        Some(InRange {
            sheet: s.key,
            column: c?,
            min,
            max,
            leaf_grids: spec.only_leaf_grids,
        })
    }

    fn measure(&self, ledger: &Ledger, _on: NaiveDate, _points: f64) -> Measured {
        let t = or_unavailable!(table_or_missing(ledger, self.sheet, &[self.column]));
        let rows = leaf_rows(t, self.leaf_grids);
        let mut bad = 0;
        let mut cells = Vec::new();
        for rec in &rows {
            if t.num(rec, self.column)
                .is_none_or(|v| v < self.min || v > self.max)
            {
                bad += 1;
                push_cell(&mut cells, t, rec, self.column);
            }
        }
        let total = rows.len();
        let why = Why::InRange {
            sheet: self.sheet,
            column: t.spec.columns[self.column].zh,
            min: self.min,
            max: self.max,
            total,
            bad,
        };
        Measured::share(total, bad, cells, why)
    }
}
