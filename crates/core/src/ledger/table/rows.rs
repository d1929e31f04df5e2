//! The rows under a found header: each row's mapped cells read against their
//! columns, then the row judged as data, totals, a note or "nothing to report".

use super::values::{Seen, parse_seen, written, yes_no_remark};
use super::{
    ReadContext, Record, RowFlags, Table, TotalKind, Value, is_note_text, is_nothing_text,
    is_total_text,
};
use crate::ledger::contract::{Kind, SheetKey};
use crate::problem::{Problem, ProblemKind, Severity};
use wuyi_sheets::SheetRow;
use wuyi_sheets::normalize::{self, cell_ref, clean_text};

/// A row's cells as the reader takes them, sorted by column: a row of a
/// sheet held in memory, or the row being streamed, whose cells borrow from
/// one buffer reused from row to row.
pub(super) trait RowCells {
    /// Zero-based sheet row.
    fn index(&self) -> u32;
    /// How many cells the row holds.
    fn len(&self) -> usize;
    /// The zero-based column of cell `i`.
    fn col(&self, i: usize) -> u32;
    /// Cell `i`.
    fn cell(&self, i: usize) -> Seen<'_>;
    /// The text of the row's first cell, where it holds text.
    fn first_text(&self) -> Option<&str> {
        (self.len() > 0).then(|| self.cell(0).text()).flatten()
    }
}

impl RowCells for SheetRow {
    fn index(&self) -> u32 {
        self.index
    }
    fn len(&self) -> usize {
        self.cells.len()
    }
    fn col(&self, i: usize) -> u32 {
        self.cells[i].0
    }
    fn cell(&self, i: usize) -> Seen<'_> {
        Seen::from(&self.cells[i].1)
    }
}

/// Reads the rows under a found header into a table: maps the header's
/// labels to contract columns, then takes rows one at a time, so the same
/// logic serves a sheet held in memory and one streamed from the file.
pub(super) struct RowReader {
    pub(super) table: Table,
    pub(super) ctx: ReadContext,
    /// Sheet columns that map to a contract column, sorted, with its index.
    pub(super) by_col: Vec<(u32, usize)>,
    /// The same by sheet column, looked up directly: every cell of a
    /// streamed sheet asks whether its column is mapped.
    pub(super) slots: Vec<u16>,
    /// The last sheet column that counts as a leading label column: the
    /// table's first two columns and anything left of them (a 序号 column).
    pub(super) leading: u32,
    /// The contract column that identifies a row (户编号, 网格编号, 编号),
    /// for sheets identified by an id rather than a date and category.
    pub(super) primary: Option<usize>,
    /// Required date and category columns: a row holding all of them is data.
    pub(super) keyed: Vec<usize>,
    /// Where the first grand-totals row was, once seen.
    pub(super) total_at: Option<u32>,
    /// Data-shaped rows read after it (zero-based sheet rows).
    pub(super) after_total: Vec<u32>,
    /// Per contract column: sums of counts since the last totals row, and
    /// over the whole table, to check the numbers of a totals row.
    pub(super) segment: Vec<i64>,
    pub(super) whole: Vec<i64>,
    /// Where each contract column's cell is among one row's cells, reused
    /// from row to row.
    pub(super) scratch: Vec<Option<usize>>,
    /// Row problems listed so far, and those past [`LISTED_PER_SHEET`]
    /// only counted.
    pub(super) listed: usize,
    pub(super) unlisted: usize,
    /// The same for notes.
    pub(super) noted: usize,
    pub(super) unnoted: usize,
}

/// The most row problems listed one by one for a sheet. A column filled
/// down to row 1,048,576, or one systematic mistake in a big ledger, would
/// otherwise list millions: more than memory, a report sheet or a reader
/// can take. The rest are counted in one closing problem.
pub const LISTED_PER_SHEET: usize = 1_000;

/// Sheet columns past this are looked up in `by_col` rather than
/// `slots`: the table is at most this wide, whatever column its header is
/// found in.
pub(super) const SLOT_COLUMNS: usize = 1 << 14;

/// A sheet column mapped to no contract column, in `slots`.
pub(super) const NO_SLOT: u16 = u16::MAX;

/// The contract column sheet column `col` maps to, from `slots` (built by
/// `columns::slots` from `by_col`) or, past them, from `by_col` itself.
pub(super) fn slot_of(slots: &[u16], by_col: &[(u32, usize)], col: u32) -> Option<usize> {
    match slots.get(col as usize) {
        Some(&s) => (s != NO_SLOT).then_some(usize::from(s)),
        None if col as usize >= SLOT_COLUMNS => by_col
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|pos| by_col[pos].1),
        None => None,
    }
}

/// The 一户一档 columns the zero-case gate reads.
const GATE_COLUMNS: &[&str] = &["close_contacts", "secondary_contacts"];

/// The most rows after a totals row named in its warning.
pub(super) const AFTER_TOTAL_NAMED: usize = 10;

/// One row's cells read against their columns, before the row is judged.
pub(super) struct Parsed {
    pub(super) values: Vec<Option<Value>>,
    pub(super) unread: Vec<(usize, String)>,
    pub(super) remarks: Vec<(usize, String)>,
    /// Cell problems, reported only if the row turns out to be data.
    pub(super) pending: Vec<Problem>,
    /// Mapped cells that hold something.
    pub(super) filled: usize,
    /// Mapped cells that hold something other than "nothing to report".
    pub(super) substantive: usize,
}

/// What a row under the header turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Data,
    Total(TotalKind),
    /// A note, a signature, a date of filling: not data, not a problem.
    Aside,
    /// "无", "本期无涉疫人员": the person's way of saying there is nothing.
    Nothing,
}

impl RowReader {
    pub(super) fn report(&mut self, problems: &mut Vec<Problem>, p: Problem) {
        // Notes (a remark kept) have a cap of their own, so a ledger that
        // remarks on every row never crowds out its warnings.
        if p.severity == Severity::Info {
            if self.noted < LISTED_PER_SHEET {
                self.noted += 1;
                problems.push(p);
            } else {
                self.unnoted += 1;
            }
        } else if self.listed < LISTED_PER_SHEET {
            self.listed += 1;
            problems.push(p);
        } else {
            self.unlisted += 1;
        }
    }

    pub(super) fn maps(&self, col: u32) -> bool {
        self.slot(col).is_some()
    }

    /// The contract column that sheet column `col` maps to.
    pub(super) fn slot(&self, col: u32) -> Option<usize> {
        slot_of(&self.slots, &self.by_col, col)
    }

    /// Reads a row's mapped cells against their columns.
    fn parse(&mut self, row: &impl RowCells) -> Parsed {
        let spec = self.table.spec;
        let mut cells = std::mem::take(&mut self.scratch);
        cells.clear();
        cells.resize(spec.columns.len(), None);
        for i in 0..row.len() {
            if let Some(idx) = self.slot(row.col(i)) {
                cells[idx] = Some(i);
            }
        }
        let mut p = Parsed {
            values: Vec::with_capacity(spec.columns.len()),
            unread: Vec::new(),
            remarks: Vec::new(),
            pending: Vec::new(),
            filled: 0,
            substantive: 0,
        };
        // Every problem in a row is a warning: whether a doubtful cell
        // matters to the zero-case gate is the gate's to decide, and it
        // never passes on a cell it could not read.
        let severity = Severity::Warning;
        let cases = spec.key == SheetKey::Cases;
        for (idx, c) in spec.columns.iter().enumerate() {
            let Some(col) = self.table.columns[idx] else {
                p.values.push(None);
                continue;
            };
            let value = match cells[idx].take() {
                None => {
                    if c.required {
                        p.pending.push(
                            Problem::new(
                                severity,
                                ProblemKind::MissingValue {
                                    column: c.zh.to_string(),
                                },
                            )
                            .at(&self.table.sheet, cell_ref(row.index(), col)),
                        );
                    }
                    None
                }
                Some(i) => {
                    let cell = row.cell(i);
                    // Only the case log can say "nothing to report".
                    let nothing = cases && cell.text().is_some_and(is_nothing_text);
                    p.substantive += usize::from(!nothing);
                    p.filled += 1;
                    let short_year = match cell {
                        Seen::Text(t)
                            if c.kind == Kind::Date && normalize::parse_date_text(t).is_none() =>
                        {
                            normalize::parse_date_two_digit_year(t).map(|d| (d, t.to_string()))
                        }
                        _ => None,
                    };
                    if let Some((d, written)) = short_year {
                        // Read, with a warning saying how.
                        p.pending.push(
                            Problem::warning(ProblemKind::TwoDigitYear {
                                column: c.zh.to_string(),
                                value: written,
                                read: d.format("%Y-%m-%d").to_string(),
                            })
                            .at(&self.table.sheet, cell_ref(row.index(), col)),
                        );
                        Some(Value::Date(d))
                    } else {
                        let remark = match cell {
                            Seen::Text(t) if c.kind == Kind::YesNo => yes_no_remark(t),
                            _ => None,
                        };
                        match parse_seen(cell, c, &self.ctx) {
                            Ok(v) => {
                                if let (Some(remark), Some(Value::Bool(answer))) = (remark, &v) {
                                    // Read, and the remark kept and shown.
                                    p.pending.push(
                                        Problem::info(ProblemKind::YesNoRemark {
                                            column: c.zh.to_string(),
                                            answer: *answer,
                                            remark: remark.clone(),
                                        })
                                        .at(&self.table.sheet, cell_ref(row.index(), col)),
                                    );
                                    p.remarks.push((idx, remark));
                                }
                                v
                            }
                            Err(kind) => {
                                let text = written(&kind);
                                p.pending.push(
                                    Problem::new(severity, kind)
                                        .at(&self.table.sheet, cell_ref(row.index(), col)),
                                );
                                p.unread.push((idx, text));
                                None
                            }
                        }
                    }
                }
            };
            p.values.push(value);
        }
        self.scratch = cells;
        p
    }

    /// Whether a read row identifies itself as data: every required date
    /// and category valid, or an id in the identifying column beside
    /// something else.
    fn data_shaped(&self, p: &Parsed) -> bool {
        if !self.keyed.is_empty() {
            return self.keyed.iter().all(|&i| p.values[i].is_some());
        }
        match self.primary.and_then(|i| p.values[i].as_ref()) {
            Some(Value::Text(id)) => {
                !is_total_text(id) && !is_note_text(id) && !is_nothing_text(id) && p.filled >= 2
            }
            _ => false,
        }
    }

    /// Below a totals row, a row is data if it has a data row's shape, or
    /// one of its required dates or categories valid beside another cell
    /// (a case dated in the window with a category nobody recognises).
    /// In the other tables, a row is data if a number, date or yes/no in it
    /// reads beside another cell, or it holds anything in a column the
    /// zero-case gate reads (密接, 次密接): a household without its id that
    /// records a contact is still looked at.
    fn data_shaped_after_total(&self, p: &Parsed) -> bool {
        if self.data_shaped(p) {
            return true;
        }
        if !self.keyed.is_empty() {
            return p.filled >= 2 && self.keyed.iter().any(|&i| p.values[i].is_some());
        }
        let spec = self.table.spec;
        let typed = p.values.iter().any(|v| {
            matches!(
                v,
                Some(Value::Int(_) | Value::Num(_) | Value::Date(_) | Value::Bool(_))
            )
        });
        let gated = spec.columns.iter().enumerate().any(|(i, c)| {
            GATE_COLUMNS.contains(&c.key)
                && (matches!(p.values[i], Some(Value::Int(n)) if n > 0)
                    || p.unread.iter().any(|(u, _)| *u == i))
        });
        (p.filled >= 2 && typed) || (spec.key == SheetKey::Households && gated)
    }

    fn classify(&self, p: &Parsed, flags: RowFlags) -> RowKind {
        if self.data_shaped(p) {
            return RowKind::Data;
        }
        if flags.note {
            return RowKind::Aside;
        }
        // A totals label makes a totals row only where the cells that
        // identify a data row are empty or not of their kind: no valid date
        // or category, no id other than the label itself.
        let anything_keyed = self.keyed.iter().any(|&i| p.values[i].is_some());
        let id_free = match self.primary.and_then(|i| p.values[i].as_ref()) {
            Some(Value::Text(id)) => is_total_text(id),
            _ => true,
        };
        if let Some(kind) = flags.total
            && !anything_keyed
            && id_free
        {
            return RowKind::Total(kind);
        }
        if self.table.spec.key == SheetKey::Cases
            && !anything_keyed
            && p.substantive == 0
            && (p.filled > 0 || flags.nothing)
        {
            return RowKind::Nothing;
        }
        if self.total_at.is_some() {
            return if self.data_shaped_after_total(p) {
                RowKind::Data
            } else {
                RowKind::Aside
            };
        }
        RowKind::Data
    }

    /// Takes one row below the header, with what is known of all its cells.
    pub(super) fn row(
        &mut self,
        row: &impl RowCells,
        flags: RowFlags,
        problems: &mut Vec<Problem>,
    ) {
        let has_value = (0..row.len()).any(|i| self.maps(row.col(i)));
        let at = if row.len() > 0 { row.col(0) } else { 0 };
        if !has_value {
            if flags.nothing && !flags.note && self.table.spec.key == SheetKey::Cases {
                let text = row.first_text().map(clean_text).unwrap_or_default();
                self.table.nothing.push((cell_ref(row.index(), at), text));
            }
            return;
        }
        let lead = if flags.nothing {
            row.first_text().map(clean_text)
        } else {
            None
        };
        let p = self.parse(row);
        match self.classify(&p, flags) {
            RowKind::Aside => {}
            RowKind::Nothing => {
                let text = lead
                    .filter(|t| is_nothing_text(t))
                    .or_else(|| {
                        p.values.iter().find_map(|v| match v {
                            Some(Value::Text(t)) => Some(t.to_string()),
                            _ => None,
                        })
                    })
                    .or_else(|| p.unread.first().map(|(_, t)| t.clone()))
                    .unwrap_or_default();
                self.table.nothing.push((cell_ref(row.index(), at), text));
            }
            RowKind::Total(kind) => self.total(row.index(), kind, p, problems),
            RowKind::Data => {
                if self.total_at.is_some() {
                    self.after_total.push(row.index());
                }
                for pr in p.pending {
                    self.report(problems, pr);
                }
                for (i, v) in p.values.iter().enumerate() {
                    if let Some(Value::Int(n)) = v {
                        self.segment[i] = self.segment[i].saturating_add(*n);
                        self.whole[i] = self.whole[i].saturating_add(*n);
                    }
                }
                self.table
                    .rows
                    .push(Record::new(row.index(), p.values, p.unread, p.remarks));
            }
        }
    }
}
