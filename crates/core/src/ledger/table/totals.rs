//! Totals rows checked against the rows they total, and the closing problems
//! of a table: counts of unlisted problems, rows after the grand total, and
//! rows that said there was nothing to report.

use super::rows::{AFTER_TOTAL_NAMED, Parsed, RowReader};
use super::{Record, Table, TotalKind, Value};
use crate::ledger::contract::Kind;
use crate::problem::{Problem, ProblemKind};
use wuyi_sheets::normalize::cell_ref;

impl RowReader {
    /// A totals row: its counts are checked against the rows they total
    /// (those since the last totals row, or the whole table), and kept.
    pub(super) fn total(
        &mut self,
        index: u32,
        kind: TotalKind,
        p: Parsed,
        problems: &mut Vec<Problem>,
    ) {
        let spec = self.table.spec;
        for (i, v) in p.values.iter().enumerate() {
            let Some(Value::Int(n)) = v else { continue };
            if spec.columns[i].kind != Kind::Count {
                continue;
            }
            if *n != self.segment[i] && *n != self.whole[i] {
                let col = self.table.columns[i].unwrap_or(0);
                let p = Problem::warning(ProblemKind::TotalMismatch {
                    column: spec.columns[i].zh.to_string(),
                    total: *n,
                    sum: self.segment[i],
                })
                .at(&self.table.sheet, cell_ref(index, col));
                self.report(problems, p);
            }
        }
        self.segment.iter_mut().for_each(|s| *s = 0);
        if kind == TotalKind::Grand && self.total_at.is_none() {
            self.total_at = Some(index);
        }
        self.table
            .totals
            .push(Record::new(index, p.values, p.unread, p.remarks));
    }

    pub(super) fn finish(self, problems: &mut Vec<Problem>) -> Table {
        if self.unnoted > 0 {
            problems.push(
                Problem::info(ProblemKind::Unlisted {
                    count: self.unnoted,
                })
                .on_sheet(&self.table.sheet),
            );
        }
        if self.unlisted > 0 {
            problems.push(
                Problem::warning(ProblemKind::Unlisted {
                    count: self.unlisted,
                })
                .on_sheet(&self.table.sheet),
            );
        }
        if let Some(at) = self.total_at
            && !self.after_total.is_empty()
        {
            problems.push(
                Problem::warning(ProblemKind::RowsAfterTotal {
                    rows: self.after_total.len(),
                    named: self
                        .after_total
                        .iter()
                        .take(AFTER_TOTAL_NAMED)
                        .map(|r| r + 1)
                        .collect(),
                })
                .at(&self.table.sheet, cell_ref(at, 0)),
            );
        }
        for (cell, text) in &self.table.nothing {
            problems.push(
                Problem::info(ProblemKind::NothingWritten { text: text.clone() })
                    .at(&self.table.sheet, cell.clone()),
            );
        }
        self.table
    }
}
