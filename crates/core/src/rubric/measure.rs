//! Evaluating one rubric item on one ledger: the measure (a share of rows, a
//! ratio, a count of findings, or self-assessed points; each kind in its own
//! file under [`kinds`](super::kinds)), then the scoring rule that turns it
//! into points, with a typed account of why ([`Why`]) and the cells that
//! cost points.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Item, Scoring};
use crate::ledger::Ledger;
use crate::ledger::contract::SheetKey;

/// How many cells an item lists; the count says how many there were in all.
pub const MAX_CELLS: usize = 200;
/// How many cells the one-line explanation names.
pub const CELLS_IN_TEXT: usize = 8;

/// What an item measured and what it earned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Points earned, in tenths (so sums are exact).
    pub tenths: i64,
    /// The measured share, 0..=1, for share-type measures.
    pub share: Option<f64>,
    /// Rows (or days, or problems) that cost points.
    pub findings: usize,
    /// Rows (or days) measured.
    pub total: usize,
    /// Where the findings are ("一户一档!C14"), at most [`MAX_CELLS`].
    pub cells: Vec<String>,
    /// What was measured, or why nothing could be.
    pub why: Why,
    /// Self-assessed with no verified score.
    pub unverified: bool,
    /// The sheet, column or self-assessment row the item measures was not
    /// found: `why` says what, and the nearest thing there was.
    pub absent: bool,
}

/// What an item measured, or why it could not be measured, as values: the
/// report layer's catalogue words it. The cells that cost points are
/// [`Outcome::cells`], listed after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Why {
    /// No sheet of this kind was found; the sheet most like it, if any.
    NoSheet {
        /// The sheet the item measures.
        sheet: SheetKey,
        /// The workbook's sheet most like it (its name not recognised).
        closest: Option<String>,
    },
    /// The sheet lacks a column the item measures.
    NoColumn {
        /// The sheet's name as in the workbook.
        sheet: String,
        /// The column's canonical name.
        column: &'static str,
        /// The unrecognised header most like it.
        closest: Option<String>,
    },
    /// Every required cell filled in on `rows` rows, or `bad` of them not.
    Filled {
        /// The sheet measured (for the unit: 户, 个网格 …).
        sheet: SheetKey,
        /// Rows measured.
        rows: usize,
        /// Rows lacking a valid value.
        bad: usize,
        /// The columns required, canonical names.
        columns: Vec<&'static str>,
    },
    /// The denominator adds up to nothing: no ratio.
    ZeroDenominator {
        /// The numerator column's canonical name.
        numerator: &'static str,
        /// The denominator column's canonical name.
        denominator: &'static str,
    },
    /// A ratio of two column totals.
    Ratio {
        /// The sheet measured.
        sheet: SheetKey,
        /// The numerator column's canonical name.
        numerator: &'static str,
        /// The denominator column's canonical name.
        denominator: &'static str,
        /// The numerator's total (each row capped at its denominator).
        num: f64,
        /// The denominator's total.
        den: f64,
        /// num / den, at most 1.
        share: f64,
        /// Rows short of their denominator.
        bad: usize,
    },
    /// Values within a range.
    InRange {
        /// The sheet measured.
        sheet: SheetKey,
        /// The column's canonical name.
        column: &'static str,
        /// The least value allowed.
        min: f64,
        /// The greatest value allowed.
        max: f64,
        /// Rows measured.
        total: usize,
        /// Rows outside the range.
        bad: usize,
    },
    /// Keys that must be found in another sheet.
    Linked {
        /// The sheet measured.
        sheet: SheetKey,
        /// The column's canonical name.
        column: &'static str,
        /// The other sheet's name as in the workbook.
        target: String,
        /// The other sheet's column, canonical name.
        target_column: &'static str,
        /// Rows measured.
        total: usize,
        /// Rows whose key is not found.
        bad: usize,
    },
    /// A log with an entry every day before the assessment.
    Daily {
        /// The log's sheet name as in the workbook.
        sheet: String,
        /// Days measured.
        total: usize,
        /// The days with no entry, the first few of them.
        missing: Vec<NaiveDate>,
        /// How many days have no entry.
        bad: usize,
    },
    /// Rows updated within some days of the assessment.
    Current {
        /// The sheet measured.
        sheet: SheetKey,
        /// Days allowed.
        within_days: u32,
        /// Rows measured.
        total: usize,
        /// Rows not updated in time.
        bad: usize,
    },
    /// Warnings counted as data errors.
    Problems {
        /// How many were found.
        found: usize,
    },
    /// No self-assessment sheet.
    NoSelfAssessment,
    /// The self-assessment sheet has no row for the item.
    NoSelfItem {
        /// The sheet's name as in the workbook.
        sheet: String,
        /// The self-assessed item's id.
        item: String,
    },
    /// The item's row has no score.
    NoSelfScore {
        /// The sheet's name as in the workbook.
        sheet: String,
        /// The self-assessed item's id.
        item: String,
        /// Where the score belongs ("自评表!D5").
        cell: String,
    },
    /// Points given on the self-assessment sheet.
    SelfAssessed {
        /// The points written.
        score: f64,
        /// Whether they are verified (核定) or only self-assessed.
        verified: bool,
        /// The item's points.
        max: f64,
    },
}

impl Outcome {
    /// The points earned.
    pub fn earned(&self) -> f64 {
        self.tenths as f64 / 10.0
    }
}

/// "一户一档!C14、C88" rather than repeating the sheet before every cell.
pub fn compact_cells(cells: &[String], sep: &str) -> String {
    let mut out = String::new();
    let mut last_sheet: Option<&str> = None;
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        match c.rsplit_once('!') {
            Some((sheet, cell)) if last_sheet == Some(sheet) => out.push_str(cell),
            Some((sheet, _)) => {
                last_sheet = Some(sheet);
                out.push_str(c);
            }
            None => out.push_str(c),
        }
    }
    out
}

/// Rounds non-negative points to tenths, half up (4.25 → 4.3). The small
/// nudge keeps values like 4.25 that binary floating point stores as
/// 4.2499999… rounding the way a person computing by hand would.
pub fn to_tenths(points: f64) -> i64 {
    if !points.is_finite() || points <= 0.0 {
        return 0;
    }
    (points * 10.0 + 0.5 + 1e-7).floor() as i64
}

/// Applies a scoring rule to a measured share or count.
pub fn apply(scoring: &Scoring, points: f64, share: Option<f64>, findings: usize) -> f64 {
    match scoring {
        Scoring::Linear => points * share.unwrap_or(0.0),
        Scoring::Threshold { at } => {
            if share.unwrap_or(0.0) + 1e-12 >= *at {
                points
            } else {
                0.0
            }
        }
        Scoring::Steps { steps } => {
            let s = share.unwrap_or(0.0);
            steps
                .iter()
                .find(|(at, _)| s + 1e-12 >= *at)
                .map(|(_, p)| *p)
                .unwrap_or(0.0)
        }
        Scoring::Deduct { per } => (points - per * findings as f64).max(0.0),
    }
}

/// Evaluates an item on a ledger assessed on `d`.
pub fn evaluate(item: &Item, ledger: &Ledger, d: NaiveDate) -> Outcome {
    let m = item.measure.measure(ledger, d, item.points);
    let raw = if m.unavailable {
        0.0
    } else if let Some(p) = m.direct {
        p.min(item.points)
    } else {
        apply(&item.scoring, item.points, m.share, m.findings)
    };
    Outcome {
        tenths: to_tenths(raw.min(item.points)),
        share: m.share.filter(|_| m.direct.is_none()),
        findings: m.findings,
        total: m.total,
        cells: m.cells,
        why: m.why,
        unverified: m.unverified,
        absent: m.absent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_listed_compactly() {
        let cells = [
            "一户一档!C14".to_string(),
            "一户一档!C88".into(),
            "网格台账!G3".into(),
        ];
        assert_eq!(
            compact_cells(&cells, "、"),
            "一户一档!C14、C88、网格台账!G3"
        );
    }

    #[test]
    fn rounding_is_half_up_to_tenths() {
        assert_eq!(to_tenths(4.25), 43);
        assert_eq!(to_tenths(4.249), 42);
        assert_eq!(to_tenths(8.0 * (339.0 / 340.0)), 80); // 7.976 → 8.0
        assert_eq!(to_tenths(6.0 * 0.5), 30);
        assert_eq!(to_tenths(0.05), 1);
        assert_eq!(to_tenths(-1.0), 0);
        assert_eq!(to_tenths(f64::NAN), 0);
        // 0.1 + 0.2 is 0.30000000000000004 in binary; still 0.3.
        assert_eq!(to_tenths(0.1 + 0.2), 3);
    }

    #[test]
    fn scoring_rules() {
        let steps = Scoring::Steps {
            steps: vec![(0.98, 6.0), (0.9, 4.0), (0.8, 2.0)],
        };
        assert_eq!(apply(&steps, 6.0, Some(0.99), 0), 6.0);
        assert_eq!(apply(&steps, 6.0, Some(0.98), 0), 6.0);
        assert_eq!(apply(&steps, 6.0, Some(0.95), 0), 4.0);
        assert_eq!(apply(&steps, 6.0, Some(0.5), 0), 0.0);
        assert_eq!(apply(&Scoring::Linear, 8.0, Some(0.5), 0), 4.0);
        assert_eq!(
            apply(&Scoring::Threshold { at: 0.9 }, 5.0, Some(0.9), 0),
            5.0
        );
        assert_eq!(
            apply(&Scoring::Threshold { at: 0.9 }, 5.0, Some(0.89), 0),
            0.0
        );
        assert_eq!(apply(&Scoring::Deduct { per: 1.0 }, 6.0, None, 2), 4.0);
        assert_eq!(apply(&Scoring::Deduct { per: 1.0 }, 6.0, None, 9), 0.0);
    }
}
