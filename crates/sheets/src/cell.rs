//! A sheet's cells as the readers hand them over ([`CellRef`], to a
//! [`CellSink`]) and as they are kept ([`Cell`], sparse rows in a
//! [`Sheet`]).

use chrono::NaiveDate;

/// The spreadsheet formats the tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Excel 2007 and later (also .xlsm).
    Xlsx,
    /// Excel 97–2003 (BIFF8 in a compound file).
    Xls,
    /// OpenDocument spreadsheet (LibreOffice, WPS).
    Ods,
    /// Excel 2003 XML, as web platforms export it (often named .xls).
    SpreadsheetMl,
    /// Excel binary workbook (BIFF12).
    Xlsb,
}

/// A cell's value as the file holds it, before any column gives it meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, never empty or all white space (those cells are left out).
    Text(String),
    /// A number, including the serial numbers of dates not formatted as
    /// dates.
    Number(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A cell the file formats as a date.
    Date(NaiveDate),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A formula the file holds with no value computed for it (files
    /// written by scripts, not saved by a spreadsheet). Holds the formula,
    /// which may be empty where the file shares one formula among cells.
    Uncalculated(String),
}

impl Cell {
    /// The cell as the user sees it, for messages.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Error(e) => e.clone(),
            // What a viewer that does not calculate shows: nothing. Never
            // a made-up 0.
            Cell::Uncalculated(_) => String::new(),
        }
    }

    /// The text, where the cell holds text.
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Numbers without a spurious ".0" so ids typed as numbers read as typed.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One row of a sheet holding at least one non-empty cell, sorted by column.
#[derive(Debug, Clone, Default)]
pub struct SheetRow {
    /// Zero-based row index.
    pub index: u32,
    /// The non-empty cells: zero-based column and value, by column.
    pub cells: Vec<(u32, Cell)>,
}

impl SheetRow {
    /// The cell in zero-based column `col`, if it is not empty.
    pub fn get(&self, col: u32) -> Option<&Cell> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &self.cells[i].1)
    }
}

/// One sheet, read whole: its non-empty cells in rows.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The sheet's name as the workbook gives it.
    pub name: String,
    /// Non-empty rows in ascending order.
    pub rows: Vec<SheetRow>,
}

/// A workbook read whole ([`open`](crate::open), [`OpenOptions::read`](crate::OpenOptions::read)).
#[derive(Debug, Clone)]
pub struct Workbook {
    /// What the file really is, whatever its name says.
    pub format: Format,
    /// The 1904 date system, for serial numbers in date columns that the
    /// file did not format as dates.
    pub is_1904: bool,
    /// The sheets in the workbook's order.
    pub sheets: Vec<Sheet>,
}

/// A cell value as the reader hands it over, borrowed where it can be: the
/// ledger keeps only the cells of the columns it knows, so most text never
/// needs copying.
#[derive(Debug, Clone, PartialEq)]
pub enum CellRef<'a> {
    /// See [`Cell::Text`].
    Text(&'a str),
    /// See [`Cell::Number`].
    Number(f64),
    /// See [`Cell::Bool`].
    Bool(bool),
    /// See [`Cell::Date`].
    Date(NaiveDate),
    /// See [`Cell::Error`].
    Error(String),
    /// See [`Cell::Uncalculated`].
    Uncalculated(String),
}

impl CellRef<'_> {
    /// The value, owned.
    pub fn to_cell(&self) -> Cell {
        match self {
            CellRef::Text(s) => Cell::Text((*s).to_string()),
            CellRef::Number(n) => Cell::Number(*n),
            CellRef::Bool(b) => Cell::Bool(*b),
            CellRef::Date(d) => Cell::Date(*d),
            CellRef::Error(e) => Cell::Error(e.clone()),
            CellRef::Uncalculated(f) => Cell::Uncalculated(f.clone()),
        }
    }

    /// What holding the cell costs, for the memory budget.
    pub(super) fn cost(&self) -> u64 {
        const CELL: u64 = std::mem::size_of::<(u32, Cell)>() as u64;
        CELL + match self {
            CellRef::Text(s) => s.len() as u64,
            CellRef::Error(s) | CellRef::Uncalculated(s) => s.len() as u64,
            _ => 0,
        }
    }

    /// The text, where the cell holds text.
    pub fn text(&self) -> Option<&str> {
        match self {
            CellRef::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Where a sheet's cells go as they are read, in reading order (row by row,
/// left to right, in every format the tool reads).
pub trait CellSink {
    /// One non-empty cell at zero-based `row` and `col`.
    fn cell(&mut self, row: u32, col: u32, value: CellRef<'_>);
}

impl CellSink for SheetBuilder {
    fn cell(&mut self, row: u32, col: u32, value: CellRef<'_>) {
        self.push(row, col, value.to_cell());
    }
}

/// Collects cells into sorted rows. Readers deliver cells row by row, left
/// to right, so rows are built as cells arrive; anything out of order sends
/// the builder to a sort at the end.
#[derive(Default)]
pub struct SheetBuilder {
    rows: Vec<SheetRow>,
    unsorted: Vec<(u32, u32, Cell)>,
}

impl SheetBuilder {
    /// Adds a cell; of two at the same place the first is kept.
    pub fn push(&mut self, row: u32, col: u32, cell: Cell) {
        if !self.unsorted.is_empty() {
            self.unsorted.push((row, col, cell));
            return;
        }
        match self.rows.last_mut() {
            Some(last) if last.index == row => match last.cells.last() {
                Some((lc, _)) if *lc < col => last.cells.push((col, cell)),
                _ => self.spill(row, col, cell),
            },
            Some(last) if last.index > row => self.spill(row, col, cell),
            _ => self.rows.push(SheetRow {
                index: row,
                cells: vec![(col, cell)],
            }),
        }
    }

    /// Moves everything to the unsorted list, to be sorted at the end.
    fn spill(&mut self, row: u32, col: u32, cell: Cell) {
        for r in std::mem::take(&mut self.rows) {
            for (c, v) in r.cells {
                self.unsorted.push((r.index, c, v));
            }
        }
        self.unsorted.push((row, col, cell));
    }

    /// The sheet named `name`, its rows and cells in order.
    pub fn finish(mut self, name: String) -> Sheet {
        if self.unsorted.is_empty() {
            return Sheet {
                name,
                rows: self.rows,
            };
        }
        self.unsorted.sort_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<SheetRow> = Vec::new();
        for (r, c, cell) in self.unsorted {
            match rows.last_mut() {
                Some(last) if last.index == r => {
                    if last.cells.last().map(|(lc, _)| *lc) != Some(c) {
                        last.cells.push((c, cell));
                    }
                }
                _ => rows.push(SheetRow {
                    index: r,
                    cells: vec![(c, cell)],
                }),
            }
        }
        Sheet { name, rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_keeps_in_order_cells_and_drops_repeats() {
        let mut b = SheetBuilder::default();
        b.push(0, 0, Cell::Number(1.0));
        b.push(0, 2, Cell::Number(2.0));
        b.push(3, 1, Cell::Number(3.0));
        b.push(3, 1, Cell::Number(4.0));
        let s = b.finish("x".into());
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[1].cells, vec![(1, Cell::Number(3.0))]);
    }

    #[test]
    fn builder_sorts_and_keeps_sparse() {
        let mut b = SheetBuilder::default();
        b.push(1_048_575, 16_383, Cell::Number(1.0));
        b.push(0, 1, Cell::Text("b".into()));
        b.push(0, 0, Cell::Text("a".into()));
        let s = b.finish("x".into());
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0].cells.len(), 2);
        assert_eq!(s.rows[0].get(0), Some(&Cell::Text("a".into())));
        assert_eq!(s.rows[1].index, 1_048_575);
    }
}
