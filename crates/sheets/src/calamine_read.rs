//! Streaming a sheet's cells out of calamine's readers, booked against the
//! file's budget as they come.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xlsx};
use chrono::NaiveDate;

use super::limits::Budget;
use super::{CellRef, CellSink, OpenError, corrupt};
use crate::normalize;

/// Streams a sheet with calamine, leaving out the first `skip` cells that
/// would be handed over (the tool's own reader delivered them already).
pub(super) fn read_xlsx<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut Xlsx<RS>,
    name: &str,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    mut skip: u64,
) -> Result<(), OpenError> {
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(corrupt)?;
    // The formula comes in the same pass as the value, so a formula with no
    // value computed is caught where it would otherwise read as a blank
    // cell.
    let mut last_row = None;
    while let Some(cell) = reader.next_cell_with_formula_metadata().map_err(corrupt)? {
        let (row, col) = cell.pos;
        if last_row != Some(row) {
            last_row = Some(row);
            if skip == 0 {
                budget.tick(ROW_COST)?;
            }
        }
        let value = match (&cell.value, cell.formula) {
            (DataRef::Empty, Some(f)) => Some(CellRef::Uncalculated(formula_text(f))),
            (v, _) => borrow_ref(v),
        };
        if let Some(value) = value {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            budget.tick(value.cost())?;
            sink.cell(row, col, value);
        }
    }
    Ok(())
}

/// What a row costs beyond its cells: the ledger keeps a value slot for
/// every contract column of each data row (at most about 30 of 32 bytes),
/// however few cells the row fills. A column filled down to the last row
/// is a million rows.
pub(super) const ROW_COST: u64 = 1024;

fn formula_text(f: calamine::XlsxFormulaMetadata) -> String {
    match f {
        calamine::XlsxFormulaMetadata::Normal { formula }
        | calamine::XlsxFormulaMetadata::Shared { formula, .. } => formula,
        _ => String::new(),
    }
}

/// Formats whose reader only offers whole ranges, laid out densely; what
/// that costs was measured and booked before the reader ran
/// (`preflight`).
pub(super) fn read_dense<R>(
    reader: &mut R,
    name: &str,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
) -> Result<(), OpenError>
where
    R: Reader<Cursor<Vec<u8>>>,
    R::Error: std::fmt::Display,
{
    let range = reader.worksheet_range(name).map_err(corrupt)?;
    budget.check_time()?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut last_row = None;
    for (r, c, value) in range.used_cells() {
        if last_row != Some(r) {
            last_row = Some(r);
            budget.tick(ROW_COST)?;
        }
        if let Some(v) = borrow_data(value) {
            budget.tick(v.cost())?;
            sink.cell(r0.saturating_add(r as u32), c0.saturating_add(c as u32), v);
        }
    }
    Ok(())
}

pub(super) fn text_ref(s: &str) -> Option<CellRef<'_>> {
    // Blank as `trim` sees it, looked for from the front only: a cell's
    // first character is nearly always not a space.
    if s.chars().all(char::is_whitespace) {
        None
    } else {
        Some(CellRef::Text(s))
    }
}

pub(super) fn date_ref<'a>(dt: &calamine::ExcelDateTime) -> CellRef<'a> {
    let value = dt.as_f64();
    // Times of day without a date are numbers, not dates.
    if dt.is_duration() || value < 1.0 {
        return CellRef::Number(value);
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    match NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
        Some(date) => CellRef::Date(date),
        None => CellRef::Number(value),
    }
}

pub(super) fn iso_ref(s: &str) -> Option<CellRef<'_>> {
    match normalize::parse_date_text(s) {
        Some(d) => Some(CellRef::Date(d)),
        None => text_ref(s),
    }
}

pub(super) fn borrow_data(value: &Data) -> Option<CellRef<'_>> {
    match value {
        Data::Empty => None,
        Data::String(s) => text_ref(s),
        Data::Int(i) => Some(CellRef::Number(*i as f64)),
        Data::Float(f) => Some(CellRef::Number(*f)),
        Data::Bool(b) => Some(CellRef::Bool(*b)),
        Data::DateTime(dt) => Some(date_ref(dt)),
        Data::DateTimeIso(s) => iso_ref(s),
        Data::DurationIso(s) => text_ref(s),
        Data::Error(e) => Some(CellRef::Error(e.to_string())),
    }
}

pub(super) fn borrow_ref<'a>(value: &'a DataRef<'_>) -> Option<CellRef<'a>> {
    match value {
        DataRef::Empty => None,
        DataRef::String(s) => text_ref(s),
        DataRef::SharedString(s) => text_ref(s),
        DataRef::Int(i) => Some(CellRef::Number(*i as f64)),
        DataRef::Float(f) => Some(CellRef::Number(*f)),
        DataRef::Bool(b) => Some(CellRef::Bool(*b)),
        DataRef::DateTime(dt) => Some(date_ref(dt)),
        DataRef::DateTimeIso(s) => iso_ref(s),
        DataRef::DurationIso(s) => text_ref(s),
        DataRef::Error(e) => Some(CellRef::Error(e.to_string())),
    }
}
