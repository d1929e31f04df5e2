//! A table sheet read as its cells stream from the file.

use super::rows::{RowCells, RowReader};
use super::values::Seen;
use super::{
    HEADER_SEARCH_ROWS, ReadContext, RowFlags, Table, find_header, headerless, is_note_text,
    is_nothing_text, total_label,
};
use crate::ledger::contract::SheetSpec;
use crate::problem::Problem;
use chrono::NaiveDate;
use wuyi_sheets::{CellRef, CellSink, Sheet, SheetRow};

/// Reads a table sheet as its cells stream from the file: the first rows are
/// held until the header is found among them, then each row is read and
/// dropped, and cells in columns the contract does not know are never
/// copied. Gives the same table and problems as [`read_table`](super::read_table).
pub struct TableSink {
    name: String,
    spec: &'static SheetSpec,
    ctx: ReadContext,
    /// Rows held while looking for the header.
    head: Vec<SheetRow>,
    reader: Option<RowReader>,
    decided: bool,
    current: Option<Current>,
    /// Cells came out of order; the sheet must be read into memory instead.
    unordered: bool,
    problems: Vec<Problem>,
}

/// The row being streamed. Its cell vector and text buffer are kept from
/// row to row, so a row's cells cost no allocation once the first rows
/// have grown them.
struct Current {
    row: HeldRow,
    flags: RowFlags,
    /// Already handed to the reader.
    done: bool,
}

/// A streamed row's cells in mapped columns, their texts side by side in
/// one buffer.
#[derive(Default)]
struct HeldRow {
    index: u32,
    cells: Vec<(u32, Held)>,
    text: String,
}

/// One held cell: a text as its place in the row's buffer.
enum Held {
    Text(std::ops::Range<usize>),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    Error(String),
    Uncalculated(String),
}

impl HeldRow {
    fn clear(&mut self, index: u32) {
        self.index = index;
        self.cells.clear();
        self.text.clear();
    }

    fn push(&mut self, col: u32, value: CellRef<'_>) {
        let held = match value {
            CellRef::Text(t) => {
                let start = self.text.len();
                self.text.push_str(t);
                Held::Text(start..self.text.len())
            }
            CellRef::Number(n) => Held::Number(n),
            CellRef::Bool(b) => Held::Bool(b),
            CellRef::Date(d) => Held::Date(d),
            CellRef::Error(e) => Held::Error(e),
            CellRef::Uncalculated(f) => Held::Uncalculated(f),
        };
        self.cells.push((col, held));
    }
}

impl RowCells for HeldRow {
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
        match &self.cells[i].1 {
            Held::Text(r) => Seen::Text(&self.text[r.clone()]),
            Held::Number(n) => Seen::Number(*n),
            Held::Bool(b) => Seen::Bool(*b),
            Held::Date(d) => Seen::Date(*d),
            Held::Error(e) => Seen::Error(e),
            Held::Uncalculated(f) => Seen::Uncalculated(f),
        }
    }
}

impl TableSink {
    /// A sink for the sheet `name`, to be read against `spec`; it holds rows until the header is
    /// found.
    pub fn new(name: &str, spec: &'static SheetSpec, ctx: ReadContext) -> Self {
        TableSink {
            name: name.to_string(),
            spec,
            ctx,
            head: Vec::new(),
            reader: None,
            decided: false,
            current: None,
            unordered: false,
            problems: Vec::new(),
        }
    }

    fn decide(&mut self) {
        self.decided = true;
        let sheet = Sheet {
            name: self.name.clone(),
            rows: std::mem::take(&mut self.head),
        };
        let Some(header) = find_header(&sheet.rows, self.spec, &self.ctx.aliases) else {
            self.head = sheet.rows;
            return;
        };
        let mut reader = RowReader::start(
            &self.name,
            self.spec,
            &header.row,
            &sheet.rows[header.last + 1..],
            self.ctx.clone(),
            &mut self.problems,
        );
        for row in &sheet.rows[header.last + 1..] {
            let flags = RowFlags::of(row, reader.leading);
            reader.row(row, flags, &mut self.problems);
        }
        self.reader = Some(reader);
    }

    fn flush(&mut self) {
        if let (Some(cur), Some(reader)) = (self.current.as_mut(), self.reader.as_mut())
            && !cur.done
        {
            reader.row(&cur.row, cur.flags, &mut self.problems);
            cur.done = true;
        }
    }

    /// The table, or `None` when the cells arrived out of order and the
    /// sheet has to be read into memory and given to [`read_table`](super::read_table).
    pub fn finish(mut self, problems: &mut Vec<Problem>) -> Option<Table> {
        if self.unordered {
            return None;
        }
        if !self.decided {
            self.decide();
        }
        self.flush();
        problems.append(&mut self.problems);
        Some(match self.reader {
            Some(reader) => reader.finish(problems),
            None => headerless(&self.name, self.spec, self.head.is_empty(), problems),
        })
    }
}

impl CellSink for TableSink {
    fn cell(&mut self, row: u32, col: u32, value: CellRef<'_>) {
        if self.unordered {
            return;
        }
        if !self.decided {
            let held = self.head.len();
            match self.head.last_mut() {
                Some(last) if last.index == row => {
                    match last.cells.last() {
                        Some((c, _)) if *c < col => last.cells.push((col, value.to_cell())),
                        Some((c, _)) if *c == col => {}
                        _ => self.unordered = true,
                    }
                    return;
                }
                Some(last) if last.index > row => {
                    self.unordered = true;
                    return;
                }
                _ if held < HEADER_SEARCH_ROWS => {
                    self.head.push(SheetRow {
                        index: row,
                        cells: vec![(col, value.to_cell())],
                    });
                    return;
                }
                _ => self.decide(),
            }
        }
        let Some(reader) = &self.reader else {
            // No header among the rows searched: nothing below is read.
            return;
        };
        let keep = reader.maps(col);
        let total = if col <= reader.leading {
            value.text().and_then(total_label)
        } else {
            None
        };
        match &mut self.current {
            Some(cur) if cur.row.index == row && !cur.done => {
                if let Some((c, _)) = cur.row.cells.last()
                    && *c >= col
                {
                    self.unordered |= *c > col;
                    return;
                }
                if cur.flags.total.is_none() {
                    cur.flags.total = total;
                }
                if keep {
                    cur.row.push(col, value);
                }
            }
            Some(cur) if cur.row.index >= row => self.unordered = true,
            _ => {
                self.flush();
                let first = value.text();
                let flags = RowFlags {
                    note: first.is_some_and(is_note_text),
                    total,
                    nothing: first.is_some_and(is_nothing_text),
                };
                let cur = self.current.get_or_insert_with(|| Current {
                    row: HeldRow::default(),
                    flags: RowFlags::default(),
                    done: true,
                });
                cur.row.clear(row);
                if keep {
                    cur.row.push(col, value);
                }
                cur.flags = flags;
                cur.done = false;
            }
        }
    }
}
