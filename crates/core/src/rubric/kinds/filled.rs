//! `type = "filled"`: the share of rows with every listed column filled in
//! with a valid value.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::measured::{leaf_rows, or_unavailable, push_cell, table_or_missing};
use super::{Checker, MeasureKind, Measured, Yields};
use crate::ledger::Ledger;
use crate::ledger::contract::SheetKey;
use crate::rubric::IssueKind;
use crate::rubric::measure::Why;

/// A filled measure as written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FilledSpec {
    /// The sheet, by any of its names.
    pub sheet: String,
    /// The columns, by any of their names.
    pub columns: Vec<String>,
    /// Only the grids at the bottom of the grid tree.
    #[serde(default)]
    pub only_leaf_grids: bool,
}

/// Rows with every one of `columns` filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The sheet measured.
    pub sheet: SheetKey,
    /// The columns required.
    pub columns: Vec<usize>,
    /// Only the grids at the bottom of the grid tree.
    pub leaf_grids: bool,
}

impl MeasureKind for Filled {
    type Spec = FilledSpec;
    const YIELDS: Yields = Yields::Share;

    fn compile(spec: &FilledSpec, check: &mut Checker<'_>) -> Option<Self> {
        let s = check.sheet(&spec.sheet)?;
        if spec.columns.is_empty() {
            check.push(IssueKind::FilledNoColumns);
        }
        let cols: Vec<usize> = spec
            .columns
            .iter()
            .filter_map(|c| check.column(s, c, &[]))
            .collect();
        if cols.len() != spec.columns.len() || !check.leaf_ok(s, spec.only_leaf_grids) {
            return None;
        }
        Some(Filled {
            sheet: s.key,
            columns: cols,
            leaf_grids: spec.only_leaf_grids,
        })
    }

    fn measure(&self, ledger: &Ledger, _on: NaiveDate, _points: f64) -> Measured {
        let t = or_unavailable!(table_or_missing(ledger, self.sheet, &self.columns));
        let rows = leaf_rows(t, self.leaf_grids);
        let mut bad = 0;
        let mut cells = Vec::new();
        for rec in &rows {
            if let Some(&c) = self.columns.iter().find(|&&c| t.value(rec, c).is_none()) {
                bad += 1;
                push_cell(&mut cells, t, rec, c);
            }
        }
        let why = Why::Filled {
            sheet: self.sheet,
            rows: rows.len(),
            bad,
            columns: self.columns.iter().map(|&c| t.spec.columns[c].zh).collect(),
        };
        Measured::share(rows.len(), bad, cells, why)
    }
}
