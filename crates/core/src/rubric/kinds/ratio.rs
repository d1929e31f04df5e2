//! `type = "ratio"`: one column's total over another's, capped at 1 (a
//! coverage such as 核酸检测人数 over 常住人口).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::measured::{leaf_rows, or_unavailable, push_cell, table_or_missing};
use super::{Checker, MeasureKind, Measured, NUMERIC, Yields};
use crate::ledger::Ledger;
use crate::ledger::contract::SheetKey;
use crate::rubric::measure::Why;

/// A ratio measure as written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RatioSpec {
    /// The sheet, by any of its names.
    pub sheet: String,
    /// The numerator column.
    pub numerator: String,
    /// The denominator column.
    pub denominator: String,
    /// Only the grids at the bottom of the grid tree.
    #[serde(default)]
    pub only_leaf_grids: bool,
}

/// The total of `numerator` over the total of `denominator`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ratio {
    /// The sheet measured.
    pub sheet: SheetKey,
    /// The numerator column.
    pub numerator: usize,
    /// The denominator column.
    pub denominator: usize,
    /// Only the grids at the bottom of the grid tree.
    pub leaf_grids: bool,
}

impl MeasureKind for Ratio {
    type Spec = RatioSpec;
    const YIELDS: Yields = Yields::Share;

    fn compile(spec: &RatioSpec, check: &mut Checker<'_>) -> Option<Self> {
        let s = check.sheet(&spec.sheet)?;
        let n = check.column(s, &spec.numerator, NUMERIC);
        let d = check.column(s, &spec.denominator, NUMERIC);
        check.leaf_ok(s, spec.only_leaf_grids).then_some(())?;
        Some(Ratio {
            sheet: s.key,
            numerator: n?,
            denominator: d?,
            leaf_grids: spec.only_leaf_grids,
        })
    }

    /// Each row's numerator counts up to its denominator; a row short of it
    /// costs points.
    fn measure(&self, ledger: &Ledger, _on: NaiveDate, _points: f64) -> Measured {
        let (numerator, denominator) = (self.numerator, self.denominator);
        let t = or_unavailable!(table_or_missing(
            ledger,
            self.sheet,
            &[numerator, denominator]
        ));
        let rows = leaf_rows(t, self.leaf_grids);
        let (mut num, mut den) = (0.0, 0.0);
        let mut bad = 0;
        let mut cells = Vec::new();
        for rec in &rows {
            let n = t.num(rec, numerator);
            let dn = t.num(rec, denominator).unwrap_or(0.0);
            num += n.unwrap_or(0.0).min(dn);
            den += dn;
            if n.is_none_or(|n| n < dn) {
                bad += 1;
                push_cell(&mut cells, t, rec, numerator);
            }
        }
        let nz = t.spec.columns[numerator].zh;
        let dz = t.spec.columns[denominator].zh;
        if den <= 0.0 {
            return Measured::unavailable(Why::ZeroDenominator {
                numerator: nz,
                denominator: dz,
            });
        }
        let share = (num / den).min(1.0);
        let why = Why::Ratio {
            sheet: self.sheet,
            numerator: nz,
            denominator: dz,
            num,
            den,
            share,
            bad,
        };
        Measured::new(Some(share), bad, rows.len(), cells, why)
    }
}
