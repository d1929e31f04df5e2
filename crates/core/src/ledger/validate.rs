//! Checks across rows and sheets: duplicated keys, households in unknown
//! grids, cases after the assessment date, counts that cannot be true.

use chrono::NaiveDate;
// The sets and maps of keys here are built from one file's own cells and
// live only while that file is checked: a file crafted so that its keys
// collide can only slow down its own check, in proportion to its own size,
// which the read limits already bound. So a fast hasher serves rather than
// the standard library's SipHash, which guards against inputs from one
// party slowing a long-lived table shared with others.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::table::Table;
use crate::problem::{Problem, ProblemKind};

/// Every value of a unique column appears once; later repeats are reported
/// with the place of the first.
pub fn unique_keys(table: &Table, problems: &mut Vec<Problem>) {
    for (idx, spec) in table.spec.columns.iter().enumerate() {
        if !spec.unique || !table.has_column(idx) {
            continue;
        }
        // The first occurrence's record, not its cell text: most keys are
        // never repeated, so the reference is only formatted when needed.
        let mut first: HashMap<&str, &crate::ledger::Record> =
            HashMap::with_capacity_and_hasher(table.rows.len(), Default::default());
        for rec in &table.rows {
            let Some(key) = table.text(rec, idx) else {
                continue;
            };
            match first.get(key) {
                Some(at) => problems.push(
                    Problem::warning(ProblemKind::DuplicateKey {
                        column: spec.zh.to_string(),
                        key: key.to_string(),
                        first: table.cell(at, idx),
                    })
                    .at(table.sheet_of(rec), table.cell(rec, idx)),
                ),
                None => {
                    first.insert(key, rec);
                }
            }
        }
    }
}

/// The set of keys in a column, for lookups from other sheets.
pub fn key_set<'a>(table: &'a Table, key: &str) -> HashSet<&'a str> {
    let idx = table.idx(key);
    table
        .rows
        .iter()
        .filter_map(|r| table.text(r, idx))
        .collect()
}

/// Warns at each household whose grid id is not a grid of 网格台账; does nothing when 网格台账 has no grid
/// id column.
pub fn households_in_known_grids(households: &Table, grids: &Table, problems: &mut Vec<Problem>) {
    if !grids.has_column(grids.idx("grid_id")) {
        return;
    }
    let known = key_set(grids, "grid_id");
    let g = households.idx("grid_id");
    for rec in &households.rows {
        if let Some(grid) = households.text(rec, g)
            && !known.contains(grid)
        {
            problems.push(
                Problem::warning(ProblemKind::UnknownGrid {
                    grid: grid.to_string(),
                })
                .at(households.sheet_of(rec), households.cell(rec, g)),
            );
        }
    }
}

/// Parent grids. A parent outside the ledger is the community or street
/// grid above it, the top of the ledger's tree, when it is the only such
/// parent and no grid is left without one (an info note says how it was
/// read); otherwise an unknown parent is a warning at its cell. A grid that
/// is its own parent, or whose parents lead back to it, is a warning.
pub fn parent_grids_known(grids: &Table, problems: &mut Vec<Problem>) {
    let known = key_set(grids, "grid_id");
    let p = grids.idx("parent_grid");
    let id = grids.idx("grid_id");
    let outside: std::collections::BTreeSet<&str> = grids
        .rows
        .iter()
        .filter_map(|r| grids.text(r, p))
        .filter(|parent| !known.contains(parent))
        .collect();
    let rootless = grids
        .rows
        .iter()
        .any(|r| grids.text(r, id).is_some() && grids.text(r, p).is_none());
    let top = (outside.len() == 1 && !rootless)
        .then(|| outside.first().copied())
        .flatten();
    if let Some(top) = top
        && let Some(rec) = grids.rows.iter().find(|r| grids.text(r, p) == Some(top))
    {
        problems.push(
            Problem::info(ProblemKind::ParentOutside {
                grid: top.to_string(),
            })
            .at(grids.sheet_of(rec), grids.cell(rec, p)),
        );
    }
    for rec in &grids.rows {
        if let Some(parent) = grids.text(rec, p)
            && !known.contains(parent)
            && Some(parent) != top
        {
            problems.push(
                Problem::warning(ProblemKind::UnknownParentGrid {
                    grid: parent.to_string(),
                })
                .at(grids.sheet_of(rec), grids.cell(rec, p)),
            );
        }
    }
    // Cycles: follow each grid's parents; a grid met again is in a cycle.
    let parent_of: HashMap<&str, &str> = grids
        .rows
        .iter()
        .filter_map(|r| Some((grids.text(r, id)?, grids.text(r, p)?)))
        .collect();
    for rec in &grids.rows {
        let Some(start) = grids.text(rec, id) else {
            continue;
        };
        let mut at = start;
        let mut steps = 0;
        let cycle = loop {
            match parent_of.get(at) {
                Some(&next) if next == start => break true,
                Some(&next) if steps < parent_of.len() => {
                    at = next;
                    steps += 1;
                }
                _ => break false,
            }
        };
        if cycle {
            problems.push(
                Problem::warning(ProblemKind::ParentCycle {
                    grid: start.to_string(),
                })
                .at(grids.sheet_of(rec), grids.cell(rec, p)),
            );
        }
    }
}

/// Warns at each case-log entry whose household id is not a household of 一户一档.
pub fn cases_in_known_households(cases: &Table, households: &Table, problems: &mut Vec<Problem>) {
    let known = key_set(households, "household_id");
    let h = cases.idx("household_id");
    for rec in &cases.rows {
        if let Some(id) = cases.text(rec, h)
            && !known.contains(id)
        {
            problems.push(
                Problem::warning(ProblemKind::UnknownHousehold {
                    household: id.to_string(),
                })
                .at(cases.sheet_of(rec), cases.cell(rec, h)),
            );
        }
    }
}

/// Dated log rows cannot be later than the day the application was assessed.
pub fn not_after(table: &Table, assessed_on: NaiveDate, problems: &mut Vec<Problem>) {
    let d = table.idx("date");
    for rec in &table.rows {
        if let Some(date) = table.date(rec, d)
            && date > assessed_on
        {
            problems.push(
                Problem::warning(ProblemKind::CaseAfterAssessment {
                    date: date.to_string(),
                    assessed_on: assessed_on.to_string(),
                })
                .at(table.sheet_of(rec), table.cell(rec, d)),
            );
        }
    }
}

/// Nobody can be tested or vaccinated who does not live there.
pub fn counts_within_residents(households: &Table, problems: &mut Vec<Problem>) {
    let r = households.idx("residents");
    for key in ["tested", "vaccinated"] {
        let c = households.idx(key);
        for rec in &households.rows {
            if let (Some(v), Some(res)) = (households.int(rec, c), households.int(rec, r))
                && v > res
            {
                problems.push(
                    Problem::warning(ProblemKind::ExceedsResidents {
                        column: households.spec.columns[c].zh.to_string(),
                        value: v,
                        residents: res,
                    })
                    .at(households.sheet_of(rec), households.cell(rec, c)),
                );
            }
        }
    }
}

/// Self-assessed points cannot exceed the item's points.
pub fn scores_within_max(sa: &Table, problems: &mut Vec<Problem>) {
    let max = sa.idx("max_points");
    for key in ["self_score", "verified_score"] {
        let c = sa.idx(key);
        for rec in &sa.rows {
            if let (Some(v), Some(m)) = (sa.num(rec, c), sa.num(rec, max))
                && v > m
            {
                problems.push(
                    Problem::warning(ProblemKind::ScoreAboveMax {
                        column: sa.spec.columns[c].zh.to_string(),
                        value: v,
                        max: m,
                    })
                    .at(sa.sheet_of(rec), sa.cell(rec, c)),
                );
            }
        }
    }
}
