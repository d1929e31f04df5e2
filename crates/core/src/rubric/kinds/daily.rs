//! `type = "daily"`: the share of the last `days` days up to the assessment
//! date with at least one dated entry in a log (消杀记录).

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::measured::{or_unavailable, table_or_missing};
use super::{Checker, DATES, MeasureKind, Measured, Yields};
use crate::ledger::Ledger;
use crate::ledger::contract::SheetKey;
use crate::rubric::IssueKind;
use crate::rubric::gate::window_start;
use crate::rubric::measure::{CELLS_IN_TEXT, Why};

/// A daily measure as written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DailySpec {
    /// The sheet, by any of its names.
    pub sheet: String,
    /// The column measured.
    #[serde(default = "date_column")]
    pub column: String,
    /// Days measured.
    #[serde(default = "fourteen")]
    pub days: u32,
}

fn date_column() -> String {
    "日期".to_string()
}

fn fourteen() -> u32 {
    14
}

/// Days before the assessment with an entry dated in `column`.
#[derive(Debug, Clone, PartialEq)]
pub struct Daily {
    /// The log measured.
    pub sheet: SheetKey,
    /// The date column.
    pub column: usize,
    /// Days measured.
    pub days: u32,
}

impl MeasureKind for Daily {
    type Spec = DailySpec;
    const YIELDS: Yields = Yields::Share;

    fn compile(spec: &DailySpec, check: &mut Checker<'_>) -> Option<Self> {
        let s = check.sheet(&spec.sheet)?;
        let c = check.column(s, &spec.column, DATES)?;
        if spec.days == 0 {
            check.push(IssueKind::DailyDays);
            return None;
        }
        Some(Daily {
            sheet: s.key,
            column: c,
            days: spec.days,
        })
    }

    /// A missing day costs points; the first few are named.
    fn measure(&self, ledger: &Ledger, d: NaiveDate, _points: f64) -> Measured {
        let t = or_unavailable!(table_or_missing(ledger, self.sheet, &[self.column]));
        let start = window_start(d, self.days);
        let logged: HashSet<NaiveDate> = t
            .rows
            .iter()
            .filter_map(|r| t.date(r, self.column))
            .filter(|x| *x >= start && *x <= d)
            .collect();
        let mut missing = Vec::new();
        let mut day = start;
        while day <= d {
            if !logged.contains(&day) {
                missing.push(day);
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => break,
            }
        }
        let total = self.days as usize;
        let bad = missing.len();
        let share = (total - bad.min(total)) as f64 / total as f64;
        missing.truncate(CELLS_IN_TEXT);
        let why = Why::Daily {
            sheet: t.sheet.clone(),
            total,
            missing,
            bad,
        };
        Measured::new(Some(share), bad, total, Vec::new(), why)
    }
}
