//! Evaluating one rubric item on one ledger: the measure (a share of rows, a
//! ratio, a count of findings, or self-assessed points), then the scoring
//! rule that turns it into points, with a plain-language account of why and
//! the cells that cost points.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::{Compiled, Item, Scoring};
use crate::ledger::contract::{SheetKey, sheet_spec};
use crate::ledger::{Ledger, Record, Table};
use crate::problem::ProblemKind;

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

/// Raw measurement before scoring.
struct Measured {
    share: Option<f64>,
    findings: usize,
    total: usize,
    cells: Vec<String>,
    why: Why,
    /// Points given directly (self-assessed).
    direct: Option<f64>,
    unverified: bool,
    /// The data to measure is not there at all: no points.
    unavailable: bool,
    /// Not there because a sheet, column or row was not found.
    absent: bool,
}

impl Measured {
    fn unavailable(why: Why) -> Self {
        Measured {
            share: Some(0.0),
            findings: 0,
            total: 0,
            cells: Vec::new(),
            why,
            direct: None,
            unverified: false,
            unavailable: true,
            absent: false,
        }
    }

    /// Unavailable because what it measures was not found.
    fn absent(why: Why) -> Self {
        Measured {
            absent: true,
            ..Self::unavailable(why)
        }
    }

    fn share(total: usize, bad: usize, cells: Vec<String>, why: Why) -> Self {
        let share = if total == 0 {
            0.0
        } else {
            (total - bad) as f64 / total as f64
        };
        Measured {
            share: Some(share),
            findings: bad,
            total,
            cells,
            why,
            direct: None,
            unverified: false,
            unavailable: total == 0,
            absent: false,
        }
    }
}

/// Evaluates an item on a ledger assessed on `d`.
pub fn evaluate(item: &Item, ledger: &Ledger, d: NaiveDate) -> Outcome {
    let m = measure(&item.measure, ledger, d, item.points);
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

/// The table from [`table_or_missing`], or the measurement that says why
/// there is none.
macro_rules! or_unavailable {
    ($e:expr) => {
        match $e {
            Ok(t) => t,
            Err(m) => return *m,
        }
    };
}

/// The table, or why it cannot be measured: the sheet or column that was
/// not found, and the nearest thing that was there.
fn table_or_missing<'a>(
    ledger: &'a Ledger,
    key: SheetKey,
    columns: &[usize],
) -> Result<&'a Table, Box<Measured>> {
    let spec = sheet_spec(key);
    let Some(t) = ledger.table(key) else {
        let closest = ledger.problems.iter().find_map(|p| match &p.kind {
            ProblemKind::MissingSheet { sheet, closest, .. } if sheet == spec.zh => closest.clone(),
            _ => None,
        });
        return Err(Box::new(Measured::absent(Why::NoSheet {
            sheet: key,
            closest,
        })));
    };
    for &c in columns {
        if !t.has_column(c) {
            let column = &spec.columns[c];
            let names: Vec<&str> = std::iter::once(column.zh)
                .chain(column.aliases.iter().copied())
                .collect();
            let near = crate::ledger::sheets::closest(&names, &t.unknown);
            return Err(Box::new(Measured::absent(Why::NoColumn {
                sheet: t.sheet.clone(),
                column: column.zh,
                closest: near.cloned(),
            })));
        }
    }
    Ok(t)
}

/// Grids that no other grid names as its parent: the joint-defence groups at
/// the bottom of the grid tree.
fn leaf_rows(t: &Table, leaf_only: bool) -> Vec<&Record> {
    if !leaf_only || t.spec.key != SheetKey::Grids {
        return t.rows.iter().collect();
    }
    let p = t.idx("parent_grid");
    let id = t.idx("grid_id");
    let parents: HashSet<&str> = t.rows.iter().filter_map(|r| t.text(r, p)).collect();
    t.rows
        .iter()
        .filter(|r| t.text(r, id).is_none_or(|g| !parents.contains(g)))
        .collect()
}

fn push_cell(cells: &mut Vec<String>, t: &Table, rec: &Record, idx: usize) {
    if cells.len() < MAX_CELLS {
        cells.push(t.location(rec, idx));
    }
}

fn measure(m: &Compiled, ledger: &Ledger, d: NaiveDate, points: f64) -> Measured {
    match m {
        Compiled::Filled {
            sheet,
            columns,
            leaf_grids,
        } => filled(ledger, sheet, columns, leaf_grids),
        Compiled::Ratio {
            sheet,
            numerator,
            denominator,
            leaf_grids,
        } => ratio(ledger, sheet, numerator, denominator, leaf_grids),
        Compiled::InRange {
            sheet,
            column,
            min,
            max,
            leaf_grids,
        } => in_range(ledger, sheet, column, min, max, leaf_grids),
        Compiled::Linked {
            sheet,
            column,
            target,
            target_column,
            leaf_grids,
        } => linked(ledger, sheet, column, target, target_column, leaf_grids),
        Compiled::Daily {
            sheet,
            column,
            days,
        } => daily(ledger, d, sheet, column, days),
        Compiled::Current {
            sheet,
            column,
            within_days,
        } => current(ledger, d, sheet, column, within_days),
        Compiled::SelfAssessed { item } => self_assessed(ledger, item, points),
        Compiled::Problems { codes } => problems(ledger, codes),
    }
}

/// Rows with every required cell filled in.
fn filled(ledger: &Ledger, sheet: &SheetKey, columns: &[usize], leaf_grids: &bool) -> Measured {
    let t = or_unavailable!(table_or_missing(ledger, *sheet, columns));
    let rows = leaf_rows(t, *leaf_grids);
    let mut bad = 0;
    let mut cells = Vec::new();
    for rec in &rows {
        if let Some(&c) = columns.iter().find(|&&c| t.value(rec, c).is_none()) {
            bad += 1;
            push_cell(&mut cells, t, rec, c);
        }
    }
    let why = Why::Filled {
        sheet: *sheet,
        rows: rows.len(),
        bad,
        columns: columns.iter().map(|&c| t.spec.columns[c].zh).collect(),
    };
    Measured::share(rows.len(), bad, cells, why)
}

/// A ratio of two column totals.
fn ratio(
    ledger: &Ledger,
    sheet: &SheetKey,
    numerator: &usize,
    denominator: &usize,
    leaf_grids: &bool,
) -> Measured {
    let t = or_unavailable!(table_or_missing(
        ledger,
        *sheet,
        &[*numerator, *denominator]
    ));
    let rows = leaf_rows(t, *leaf_grids);
    let (mut num, mut den) = (0.0, 0.0);
    let mut bad = 0;
    let mut cells = Vec::new();
    for rec in &rows {
        let n = t.num(rec, *numerator);
        let dn = t.num(rec, *denominator).unwrap_or(0.0);
        num += n.unwrap_or(0.0).min(dn);
        den += dn;
        if n.is_none_or(|n| n < dn) {
            bad += 1;
            push_cell(&mut cells, t, rec, *numerator);
        }
    }
    let nz = t.spec.columns[*numerator].zh;
    let dz = t.spec.columns[*denominator].zh;
    if den <= 0.0 {
        return Measured::unavailable(Why::ZeroDenominator {
            numerator: nz,
            denominator: dz,
        });
    }
    let share = (num / den).min(1.0);
    Measured {
        share: Some(share),
        findings: bad,
        total: rows.len(),
        cells,
        why: Why::Ratio {
            sheet: *sheet,
            numerator: nz,
            denominator: dz,
            num,
            den,
            share,
            bad,
        },
        direct: None,
        unverified: false,
        unavailable: false,
        absent: false,
    }
}

/// Rows whose value is within a range.
fn in_range(
    ledger: &Ledger,
    sheet: &SheetKey,
    column: &usize,
    min: &f64,
    max: &f64,
    leaf_grids: &bool,
) -> Measured {
    let t = or_unavailable!(table_or_missing(ledger, *sheet, &[*column]));
    let rows = leaf_rows(t, *leaf_grids);
    let mut bad = 0;
    let mut cells = Vec::new();
    for rec in &rows {
        if t.num(rec, *column).is_none_or(|v| v < *min || v > *max) {
            bad += 1;
            push_cell(&mut cells, t, rec, *column);
        }
    }
    let total = rows.len();
    let why = Why::InRange {
        sheet: *sheet,
        column: t.spec.columns[*column].zh,
        min: *min,
        max: *max,
        total,
        bad,
    };
    Measured::share(total, bad, cells, why)
}

/// Rows whose key is found in another sheet.
fn linked(
    ledger: &Ledger,
    sheet: &SheetKey,
    column: &usize,
    target: &SheetKey,
    target_column: &usize,
    leaf_grids: &bool,
) -> Measured {
    let t = or_unavailable!(table_or_missing(ledger, *sheet, &[*column]));
    let target_t = or_unavailable!(table_or_missing(ledger, *target, &[*target_column]));
    let keys: HashSet<&str> = target_t
        .rows
        .iter()
        .filter_map(|r| target_t.text(r, *target_column))
        .collect();
    let rows = leaf_rows(t, *leaf_grids);
    let mut bad = 0;
    let mut cells = Vec::new();
    for rec in &rows {
        if t.text(rec, *column).is_none_or(|k| !keys.contains(k)) {
            bad += 1;
            push_cell(&mut cells, t, rec, *column);
        }
    }
    let total = rows.len();
    let why = Why::Linked {
        sheet: *sheet,
        column: t.spec.columns[*column].zh,
        target: target_t.sheet.clone(),
        target_column: target_t.spec.columns[*target_column].zh,
        total,
        bad,
    };
    Measured::share(total, bad, cells, why)
}

/// Days before the assessment with an entry in a log.
fn daily(ledger: &Ledger, d: NaiveDate, sheet: &SheetKey, column: &usize, days: &u32) -> Measured {
    let t = or_unavailable!(table_or_missing(ledger, *sheet, &[*column]));
    let start = super::gate::window_start(d, *days);
    let logged: HashSet<NaiveDate> = t
        .rows
        .iter()
        .filter_map(|r| t.date(r, *column))
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
    let total = *days as usize;
    let bad = missing.len();
    let share = (total - bad.min(total)) as f64 / total as f64;
    missing.truncate(CELLS_IN_TEXT);
    Measured {
        share: Some(share),
        findings: bad,
        total,
        cells: Vec::new(),
        why: Why::Daily {
            sheet: t.sheet.clone(),
            total,
            missing,
            bad,
        },
        direct: None,
        unverified: false,
        unavailable: false,
        absent: false,
    }
}

/// Rows updated within some days of the assessment.
fn current(
    ledger: &Ledger,
    d: NaiveDate,
    sheet: &SheetKey,
    column: &usize,
    within_days: &u32,
) -> Measured {
    let t = or_unavailable!(table_or_missing(ledger, *sheet, &[*column]));
    let earliest = d
        .checked_sub_days(Days::new(u64::from(*within_days)))
        .unwrap_or(d);
    let mut bad = 0;
    let mut cells = Vec::new();
    for rec in &t.rows {
        if t.date(rec, *column).is_none_or(|x| x < earliest || x > d) {
            bad += 1;
            push_cell(&mut cells, t, rec, *column);
        }
    }
    let total = t.rows.len();
    let why = Why::Current {
        sheet: *sheet,
        within_days: *within_days,
        total,
        bad,
    };
    Measured::share(total, bad, cells, why)
}

/// Warnings counted as data errors.
fn problems(ledger: &Ledger, codes: &[String]) -> Measured {
    let found: Vec<&crate::problem::Problem> = ledger
        .problems
        .iter()
        .filter(|p| p.severity == crate::problem::Severity::Warning)
        .filter(|p| codes.is_empty() || codes.iter().any(|c| c == p.code()))
        .collect();
    let cells: Vec<String> = found.iter().take(MAX_CELLS).map(|p| p.location()).collect();
    let n = found.len();
    Measured {
        share: None,
        findings: n,
        total: n,
        cells,
        why: Why::Problems { found: n },
        direct: None,
        unverified: false,
        unavailable: false,
        absent: false,
    }
}

fn self_assessed(ledger: &Ledger, item: &str, points: f64) -> Measured {
    let Some(t) = ledger.self_assessment.as_ref() else {
        return Measured::absent(Why::NoSelfAssessment);
    };
    let key = wuyi_sheets::normalize::label_key(item);
    let id = t.idx("item_id");
    let Some(rec) = t.rows.iter().find(|r| {
        t.text(r, id)
            .is_some_and(|x| wuyi_sheets::normalize::label_key(x) == key)
    }) else {
        return Measured::absent(Why::NoSelfItem {
            sheet: t.sheet.clone(),
            item: item.to_string(),
        });
    };
    let verified = t.num(rec, t.idx("verified_score"));
    let own = t.num(rec, t.idx("self_score"));
    let (direct, unverified) = match (verified, own) {
        (Some(v), _) => (v, false),
        (None, Some(s)) => (s, true),
        (None, None) => {
            return Measured::unavailable(Why::NoSelfScore {
                sheet: t.sheet.clone(),
                item: item.to_string(),
                cell: t.location(rec, t.idx("self_score")),
            });
        }
    };
    Measured {
        share: None,
        findings: 0,
        total: 1,
        cells: vec![t.location(
            rec,
            t.idx(if verified.is_some() {
                "verified_score"
            } else {
                "self_score"
            }),
        )],
        why: Why::SelfAssessed {
            score: direct,
            verified: !unverified,
            max: points,
        },
        direct: Some(direct.min(points)),
        unverified,
        unavailable: false,
        absent: false,
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
