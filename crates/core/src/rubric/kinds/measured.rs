//! What every kind of measure shares when it measures a ledger: the raw
//! measurement, and finding the table, rows and cells it measures.

// A set of one file's own keys, only looked up in: a fast hasher (see
// `ledger::validate`).
use rustc_hash::FxHashSet as HashSet;

use crate::ledger::contract::{SheetKey, sheet_spec};
use crate::ledger::{Ledger, Record, Table};
use crate::problem::ProblemKind;
use crate::rubric::measure::{MAX_CELLS, Why};

/// A measurement before the scoring rule turns it into points.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// The measured share, 0..=1, for share-type measures.
    pub share: Option<f64>,
    /// Rows (or days, or problems) that cost points.
    pub findings: usize,
    /// Rows (or days) measured.
    pub total: usize,
    /// Where the findings are, at most [`MAX_CELLS`].
    pub cells: Vec<String>,
    /// What was measured, or why nothing could be.
    pub why: Why,
    /// Points given directly (self-assessed).
    pub direct: Option<f64>,
    /// Self-assessed with no verified score.
    pub unverified: bool,
    /// The data to measure is not there at all: no points.
    pub unavailable: bool,
    /// Not there because a sheet, column or row was not found.
    pub absent: bool,
}

impl Measured {
    /// A measurement taken: `findings` of `total` cost points, listed in
    /// `cells`, with the share when the kind gives one.
    pub(crate) fn new(
        share: Option<f64>,
        findings: usize,
        total: usize,
        cells: Vec<String>,
        why: Why,
    ) -> Self {
        Measured {
            share,
            findings,
            total,
            cells,
            why,
            direct: None,
            unverified: false,
            unavailable: false,
            absent: false,
        }
    }

    /// Nothing to measure: no points, and `why` says why.
    pub(crate) fn unavailable(why: Why) -> Self {
        Measured {
            unavailable: true,
            ..Self::new(Some(0.0), 0, 0, Vec::new(), why)
        }
    }

    /// Unavailable because what it measures was not found.
    pub(crate) fn absent(why: Why) -> Self {
        Measured {
            absent: true,
            ..Self::unavailable(why)
        }
    }

    /// A share measured, with `findings` of `total` costing points: the
    /// share of the rest, or unavailable when nothing was measured.
    pub(crate) fn share(total: usize, bad: usize, cells: Vec<String>, why: Why) -> Self {
        let share = if total == 0 {
            0.0
        } else {
            (total - bad) as f64 / total as f64
        };
        Measured {
            unavailable: total == 0,
            ..Self::new(Some(share), bad, total, cells, why)
        }
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
pub(crate) use or_unavailable;

/// The table, or why it cannot be measured: the sheet or column that was
/// not found, and the nearest thing that was there.
pub(crate) fn table_or_missing<'a>(
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

/// The rows measured: every row, or with `leaf_only` on the grid ledger the
/// grids that no other grid names as its parent (the joint-defence groups
/// at the bottom of the grid tree).
pub(crate) fn leaf_rows(t: &Table, leaf_only: bool) -> Vec<&Record> {
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

/// Lists a cell that cost points, up to [`MAX_CELLS`].
pub(crate) fn push_cell(cells: &mut Vec<String>, t: &Table, rec: &Record, idx: usize) {
    if cells.len() < MAX_CELLS {
        cells.push(t.location(rec, idx));
    }
}
