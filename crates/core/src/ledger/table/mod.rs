//! Reading one table sheet by its spec: find the header row wherever it is,
//! map headers to contract columns, and read each data row into typed values,
//! recording a problem with its cell for everything that does not parse.

mod columns;
mod header;
mod rows;
mod search;
mod sink;
mod totals;
mod values;

use chrono::NaiveDate;
pub use compact_str::CompactString;

use super::contract::{Aliases, CaseCategory, SheetKey, SheetSpec};
use crate::problem::{Problem, ProblemKind};
use wuyi_sheets::normalize::cell_ref;
use wuyi_sheets::{Sheet, SheetRow, format_number};

pub(crate) use header::find_header;
pub use header::{is_counter_label, looks_like_item_id};
pub use rows::LISTED_PER_SHEET;
use rows::RowReader;
pub use sink::TableSink;
pub use values::yes_no_remark;

/// A typed cell value, after its column gave it meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text from a text or id column: trimmed, inner white space collapsed,
    /// and for an id full-width characters folded (Ｇ００１ reads as G001).
    /// Held inline, without a heap allocation, up to 24 bytes: the names,
    /// phone numbers and ids that make up most text cells.
    Text(CompactString),
    /// A whole number, from a count column.
    Int(i64),
    /// A number, from a score column.
    Num(f64),
    /// A date, from a date column.
    Date(NaiveDate),
    /// A yes/no answer, from a yes/no column.
    Bool(bool),
    /// A case-log category, from the category column.
    Category(CaseCategory),
}

impl Value {
    /// The value as a person would write it: dates as 2022-03-01, yes/no as 是/否, categories by
    /// their Chinese name.
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Num(n) => format_number(*n),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            Value::Category(c) => c.zh().to_string(),
        }
    }
}

/// One data row: its place in the sheet and a value per contract column
/// (`None` where blank or unreadable).
///
/// A big ledger holds hundreds of thousands of these, so a record is kept
/// small: its values in one exactly sized block, and what only some rows
/// have (cells that could not be read, remarks) behind one pointer that is
/// empty for the others.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Zero-based sheet row.
    pub row: u32,
    /// Which of the table's sheets the row is on, when the table was read
    /// from several (one sheet per grid); 0 otherwise.
    pub part: u16,
    /// One value per contract column, in contract order; `None` where the cell was blank or
    /// unreadable or the column is missing.
    pub values: Box<[Option<Value>]>,
    /// Cells that could not be read and remarks, when the row has any.
    pub notes: Option<Box<RowNotes>>,
}

/// What a row's cells held beyond their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowNotes {
    /// Cells that held something their column could not read, by contract
    /// column, as written: the zero-case gate never takes them for blank.
    pub unread: Vec<(usize, String)>,
    /// Remarks written beside a yes/no answer (否（已搬离）→ "已搬离"), by
    /// contract column: the answer is in `values`, the remark kept here.
    pub remarks: Vec<(usize, String)>,
}

impl Record {
    /// A record of `values`, with its unread cells and remarks (kept only
    /// when there are some).
    fn new(
        row: u32,
        values: Vec<Option<Value>>,
        unread: Vec<(usize, String)>,
        remarks: Vec<(usize, String)>,
    ) -> Self {
        let notes = (!unread.is_empty() || !remarks.is_empty())
            .then(|| Box::new(RowNotes { unread, remarks }));
        Record {
            row,
            part: 0,
            values: values.into_boxed_slice(),
            notes,
        }
    }
}

/// One of the sheets a table was read from, when it was read from several.
#[derive(Debug, Clone)]
pub struct Part {
    /// The sheet's name as the workbook spells it.
    pub sheet: String,
    /// For each contract column, the sheet column it was found in on this sheet.
    pub columns: Vec<Option<u32>>,
}

/// A table sheet read against its spec.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet's name as the workbook spells it.
    pub sheet: String,
    /// The contract sheet the table was read against.
    pub spec: &'static SheetSpec,
    /// Zero-based row of the header.
    pub header_row: u32,
    /// For each contract column, the sheet column it was found in.
    pub columns: Vec<Option<u32>>,
    /// The data rows, in sheet order; totals and "nothing to report" rows are kept apart.
    pub rows: Vec<Record>,
    /// Totals and subtotal rows, read against the columns but not data.
    pub totals: Vec<Record>,
    /// Rows that said "nothing to report" (无, 本期无涉疫人员): their first
    /// cell and text.
    pub nothing: Vec<(String, String)>,
    /// The sheets the table was read from when there were several, in
    /// workbook order (the first is `sheet`); empty for one sheet.
    pub parts: Vec<Part>,
    /// Headers that named no contract column, as written.
    pub unknown: Vec<String>,
}

impl Table {
    /// The union of a ledger sheet kept as one sheet per grid (一户一档（1网格）,
    /// 一户一档（2网格）…): the rows of all, each still citing its own sheet.
    pub fn union(tables: Vec<Table>) -> Option<Table> {
        let mut it = tables.into_iter();
        let mut first = it.next()?;
        let rest: Vec<Table> = it.collect();
        if rest.is_empty() {
            return Some(first);
        }
        first.parts.push(Part {
            sheet: first.sheet.clone(),
            columns: first.columns.clone(),
        });
        for (n, t) in rest.into_iter().enumerate() {
            let part = u16::try_from(n + 1).unwrap_or(u16::MAX);
            for (i, c) in t.columns.iter().enumerate() {
                if first.columns[i].is_none() {
                    first.columns[i] = *c;
                }
            }
            first.parts.push(Part {
                sheet: t.sheet,
                columns: t.columns,
            });
            for u in t.unknown {
                if !first.unknown.contains(&u) {
                    first.unknown.push(u);
                }
            }
            first
                .rows
                .extend(t.rows.into_iter().map(|r| Record { part, ..r }));
            first
                .totals
                .extend(t.totals.into_iter().map(|r| Record { part, ..r }));
            first.nothing.extend(t.nothing);
        }
        Some(first)
    }

    /// The sheet a record is on.
    pub fn sheet_of(&self, rec: &Record) -> &str {
        self.parts
            .get(usize::from(rec.part))
            .map(|p| p.sheet.as_str())
            .unwrap_or(&self.sheet)
    }

    /// The names of the sheets the table was read from.
    pub fn sheet_names(&self) -> Vec<&str> {
        if self.parts.is_empty() {
            vec![self.sheet.as_str()]
        } else {
            self.parts.iter().map(|p| p.sheet.as_str()).collect()
        }
    }

    /// The contract index of a column key; panics only on a key that is not
    /// in the contract, which is a programming error caught by tests.
    pub fn idx(&self, key: &str) -> usize {
        self.spec
            .column_index(key)
            .unwrap_or_else(|| panic!("column {key} is not in the {} contract", self.spec.zh))
    }

    /// Whether contract column `idx` was found in the sheet's header.
    pub fn has_column(&self, idx: usize) -> bool {
        self.columns.get(idx).copied().flatten().is_some()
    }

    /// "F37" for a record's cell in a contract column (the header's column
    /// letter stands in when the column is missing).
    pub fn cell(&self, rec: &Record, idx: usize) -> String {
        let columns = self
            .parts
            .get(usize::from(rec.part))
            .map(|p| &p.columns)
            .unwrap_or(&self.columns);
        let col = columns.get(idx).copied().flatten().unwrap_or(0);
        cell_ref(rec.row, col)
    }

    /// "一户一档!F37".
    pub fn location(&self, rec: &Record, idx: usize) -> String {
        format!("{}!{}", self.sheet_of(rec), self.cell(rec, idx))
    }

    /// A record's value in contract column `idx`; `None` where blank or unreadable.
    pub fn value<'a>(&self, rec: &'a Record, idx: usize) -> Option<&'a Value> {
        rec.values.get(idx).and_then(|v| v.as_ref())
    }

    /// A record's text in contract column `idx`, if it holds text.
    pub fn text<'a>(&self, rec: &'a Record, idx: usize) -> Option<&'a str> {
        match self.value(rec, idx) {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }

    /// A record's whole number in contract column `idx`, if it holds one.
    pub fn int(&self, rec: &Record, idx: usize) -> Option<i64> {
        match self.value(rec, idx) {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        }
    }

    /// A record's number in contract column `idx`, whole numbers included.
    pub fn num(&self, rec: &Record, idx: usize) -> Option<f64> {
        match self.value(rec, idx) {
            Some(Value::Num(n)) => Some(*n),
            Some(Value::Int(i)) => Some(*i as f64),
            _ => None,
        }
    }

    /// A record's date in contract column `idx`, if it holds one.
    pub fn date(&self, rec: &Record, idx: usize) -> Option<NaiveDate> {
        match self.value(rec, idx) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    /// What a cell held when its column could not read it, as written.
    pub fn unread<'a>(&self, rec: &'a Record, idx: usize) -> Option<&'a str> {
        rec.notes
            .as_ref()?
            .unread
            .iter()
            .find(|(i, _)| *i == idx)
            .map(|(_, t)| t.as_str())
    }

    /// The remark written beside a yes/no answer in a cell, if any.
    pub fn remark<'a>(&self, rec: &'a Record, idx: usize) -> Option<&'a str> {
        rec.notes
            .as_ref()?
            .remarks
            .iter()
            .find(|(i, _)| *i == idx)
            .map(|(_, t)| t.as_str())
    }

    /// A record's case-log category in contract column `idx`, if it holds one.
    pub fn category(&self, rec: &Record, idx: usize) -> Option<CaseCategory> {
        match self.value(rec, idx) {
            Some(Value::Category(c)) => Some(*c),
            _ => None,
        }
    }
}

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 50;

use super::rowshape::{TotalKind, is_nothing_text, total_label};
pub use super::rowshape::{is_note_text, is_total_text};

fn first_text(row: &SheetRow) -> Option<&str> {
    row.cells.first().and_then(|(_, c)| c.text())
}

/// What is known of a row before its cells are read against their columns:
/// judged on all its cells, including those in columns the contract does
/// not know (a 序号 column, a merged sentence starting left of the table).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RowFlags {
    /// Its first cell opens a note or signature.
    note: bool,
    /// A totals label in one of the table's leading columns.
    total: Option<TotalKind>,
    /// Its first cell says "nothing to report".
    nothing: bool,
}

impl RowFlags {
    /// Flags for a whole row; `leading` is the last sheet column that counts
    /// as a leading label column.
    fn of(row: &SheetRow, leading: u32) -> Self {
        let mut f = RowFlags::default();
        if let Some(t) = first_text(row) {
            f.note = is_note_text(t);
            f.nothing = is_nothing_text(t);
        }
        f.total = row
            .cells
            .iter()
            .take_while(|(c, _)| *c <= leading)
            .find_map(|(_, cell)| cell.text().and_then(total_label));
        f
    }
}

/// Context a sheet needs to be read: the workbook's date system, and the
/// names a county added to the contract (its rubric's and contract file's
/// `[aliases]`).
#[derive(Debug, Clone, Default)]
pub struct ReadContext {
    /// Whether the workbook counts dates from 1904 (old Mac Excel), for reading date serial
    /// numbers.
    pub is_1904: bool,
    /// The names a county added to the contract, matched as the contract's own sheet names, headers
    /// and labels.
    pub aliases: std::sync::Arc<Aliases>,
}

fn empty_table(sheet: &str, spec: &'static SheetSpec) -> Table {
    Table {
        sheet: sheet.to_string(),
        spec,
        header_row: 0,
        columns: vec![None; spec.columns.len()],
        rows: Vec::new(),
        totals: Vec::new(),
        nothing: Vec::new(),
        parts: Vec::new(),
        unknown: Vec::new(),
    }
}

/// The outcome for a sheet in which no header was found.
fn headerless(
    sheet: &str,
    spec: &'static SheetSpec,
    blank: bool,
    problems: &mut Vec<Problem>,
) -> Table {
    // A blank case log is how the template asks for "no cases"; a blank
    // optional sheet holds nothing to read.
    if !(blank && (spec.key == SheetKey::Cases || !spec.required)) {
        problems.push(Problem::error(ProblemKind::HeaderNotFound).on_sheet(sheet));
    }
    empty_table(sheet, spec)
}

/// Reads a table sheet held in memory. Problems go to `problems`; the table
/// is returned even when columns are missing, holding what could be read.
pub fn read_table(
    sheet: &Sheet,
    spec: &'static SheetSpec,
    ctx: &ReadContext,
    problems: &mut Vec<Problem>,
) -> Table {
    let Some(header) = find_header(&sheet.rows, spec, &ctx.aliases) else {
        return headerless(&sheet.name, spec, sheet.rows.is_empty(), problems);
    };
    let below = &sheet.rows[header.last + 1..];
    let sample = &below[..below.len().min(HEADER_SEARCH_ROWS)];
    let mut reader = RowReader::start(
        &sheet.name,
        spec,
        &header.row,
        sample,
        ctx.clone(),
        problems,
    );
    for row in below {
        let flags = RowFlags::of(row, reader.leading);
        reader.row(row, flags, problems);
    }
    reader.finish(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A big ledger holds a value per column for each of hundreds of
    /// thousands of rows: these sizes are most of its memory.
    #[test]
    fn values_and_records_stay_small() {
        assert_eq!(std::mem::size_of::<Value>(), 24);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 24);
        assert_eq!(std::mem::size_of::<Record>(), 32);
    }

    /// Names, phone numbers, ids and short addresses are held without a
    /// heap allocation; longer text still is, whole.
    #[test]
    fn short_text_is_held_inline() {
        for s in [
            "张三",
            "13800000000",
            "H00001",
            "1号楼1单元101室",
            "西城街道1002社区",
        ] {
            let t = CompactString::from(s.to_string());
            assert!(!t.is_heap_allocated(), "{s}");
            assert_eq!(t, s);
        }
        let long = "阳光花园小区二期12号楼3单元1502室";
        let t = CompactString::from(long.to_string());
        assert!(t.is_heap_allocated());
        assert_eq!(t, long);
    }

    #[test]
    fn notes_are_kept_only_when_a_row_has_some() {
        let plain = Record::new(3, vec![None, Some(Value::Int(2))], Vec::new(), Vec::new());
        assert!(plain.notes.is_none());
        assert_eq!(plain.values.len(), 2);
        let noted = Record::new(4, vec![None], vec![(0, "x".into())], Vec::new());
        assert_eq!(
            noted.notes.as_deref(),
            Some(&RowNotes {
                unread: vec![(0, "x".into())],
                remarks: Vec::new(),
            })
        );
    }
}
