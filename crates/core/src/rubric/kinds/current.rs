//! `type = "current"`: the share of rows dated within `within_days` before
//! the assessment date (a household record kept up to date).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::measured::{or_unavailable, push_cell, table_or_missing};
use super::{Checker, DATES, MeasureKind, Measured, Yields};
use crate::ledger::Ledger;
use crate::ledger::contract::SheetKey;
use crate::rubric::measure::Why;

/// A current measure as written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CurrentSpec {
    /// The sheet, by any of its names.
    pub sheet: String,
    /// The column measured.
    pub column: String,
    /// Days allowed.
    pub within_days: u32,
}

/// Rows whose date in `column` is within `within_days` of assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    /// The sheet measured.
    pub sheet: SheetKey,
    /// The date column.
    pub column: usize,
    /// Days allowed.
    pub within_days: u32,
}

impl MeasureKind for Current {
    type Spec = CurrentSpec;
    const YIELDS: Yields = Yields::Share;

    fn compile(spec: &CurrentSpec, check: &mut Checker<'_>) -> Option<Self> {
        let s = check.sheet(&spec.sheet)?;
        let c = check.column(s, &spec.column, DATES)?;
        Some(Current {
            sheet: s.key,
            column: c,
            within_days: spec.within_days,
        })
    }

    /// A row with no date, or one outside the days allowed, costs points.
    fn measure(&self, ledger: &Ledger, d: NaiveDate, _points: f64) -> Measured {
        let t = or_unavailable!(table_or_missing(ledger, self.sheet, &[self.column]));
        let earliest = d
            .checked_sub_days(Days::new(u64::from(self.within_days)))
            .unwrap_or(d);
        let mut bad = 0;
        let mut cells = Vec::new();
        for rec in &t.rows {
            if t.date(rec, self.column)
                .is_none_or(|x| x < earliest || x > d)
            {
                bad += 1;
                push_cell(&mut cells, t, rec, self.column);
            }
        }
        let total = t.rows.len();
        let why = Why::Current {
            sheet: self.sheet,
            within_days: self.within_days,
            total,
            bad,
        };
        Measured::share(total, bad, cells, why)
    }
}
