//! Reading one table sheet by its spec: find the header row wherever it is,
//! map headers to contract columns, and read each data row into typed values,
//! recording a problem with its cell for everything that does not parse.

use chrono::NaiveDate;

use super::contract::{CaseCategory, ColumnSpec, Kind, SheetKey, SheetSpec};
use crate::normalize::{self, cell_ref, clean_text, label_key_without_units};
use crate::problem::{Problem, ProblemKind, Severity};
use crate::workbook::{Cell, CellRef, CellSink, Sheet, SheetRow, format_number};

/// A typed cell value, after its column gave it meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Num(f64),
    Date(NaiveDate),
    Bool(bool),
    Category(CaseCategory),
}

impl Value {
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
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
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Zero-based sheet row.
    pub row: u32,
    pub values: Vec<Option<Value>>,
}

/// A table sheet read against its spec.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet's name as the workbook spells it.
    pub sheet: String,
    pub spec: &'static SheetSpec,
    /// Zero-based row of the header.
    pub header_row: u32,
    /// For each contract column, the sheet column it was found in.
    pub columns: Vec<Option<u32>>,
    pub rows: Vec<Record>,
}

impl Table {
    /// The contract index of a column key; panics only on a key that is not
    /// in the contract, which is a programming error caught by tests.
    pub fn idx(&self, key: &str) -> usize {
        self.spec
            .column_index(key)
            .unwrap_or_else(|| panic!("column {key} is not in the {} contract", self.spec.zh))
    }

    pub fn has_column(&self, idx: usize) -> bool {
        self.columns.get(idx).copied().flatten().is_some()
    }

    /// "F37" for a record's cell in a contract column (the header's column
    /// letter stands in when the column is missing).
    pub fn cell(&self, rec: &Record, idx: usize) -> String {
        let col = self.columns.get(idx).copied().flatten().unwrap_or(0);
        cell_ref(rec.row, col)
    }

    /// "一户一档!F37".
    pub fn location(&self, rec: &Record, idx: usize) -> String {
        format!("{}!{}", self.sheet, self.cell(rec, idx))
    }

    pub fn value<'a>(&self, rec: &'a Record, idx: usize) -> Option<&'a Value> {
        rec.values.get(idx).and_then(|v| v.as_ref())
    }

    pub fn text<'a>(&self, rec: &'a Record, idx: usize) -> Option<&'a str> {
        match self.value(rec, idx) {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }

    pub fn int(&self, rec: &Record, idx: usize) -> Option<i64> {
        match self.value(rec, idx) {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        }
    }

    pub fn num(&self, rec: &Record, idx: usize) -> Option<f64> {
        match self.value(rec, idx) {
            Some(Value::Num(n)) => Some(*n),
            Some(Value::Int(i)) => Some(*i as f64),
            _ => None,
        }
    }

    pub fn date(&self, rec: &Record, idx: usize) -> Option<NaiveDate> {
        match self.value(rec, idx) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    pub fn category(&self, rec: &Record, idx: usize) -> Option<CaseCategory> {
        match self.value(rec, idx) {
            Some(Value::Category(c)) => Some(*c),
            _ => None,
        }
    }
}

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 50;

/// Rows starting with these are filling notes or signatures, not data.
const NOTE_PREFIXES: &[&str] = &[
    "填写说明",
    "说明:",
    "注:",
    "备注:",
    "示例",
    "例:",
    "note:",
    "notes:",
    "填表人",
    "制表人",
    "审核人",
    "填报人",
    "填报单位",
    "负责人签字",
    "签字",
];

/// Labels of a totals row, which ends the data.
const TOTAL_LABELS: &[&str] = &["合计", "总计", "小计", "总数", "共计", "total", "sum"];

/// The first characters of the note prefixes.
const NOTE_FIRST_CHARS: &[char] = &[
    '填', '说', '注', '备', '示', '例', 'n', '制', '审', '负', '签',
];

/// The note prefixes as label keys, computed once.
static NOTE_KEYS: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| NOTE_PREFIXES.iter().map(|p| note_key(p)).collect());

/// Folded, lower-cased and without white space, but keeping the colon that
/// tells "注：" (a note) from "注射" (a word).
fn note_key(s: &str) -> String {
    crate::normalize::fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

pub fn is_note_text(s: &str) -> bool {
    // This runs on the first cell of every row: most are rejected by their
    // first character, and only the start of the rest is normalised.
    let first = s
        .chars()
        .map(crate::normalize::fold_char)
        .find(|c| !c.is_whitespace() && !matches!(c, '*' | '※' | '★'));
    if !first.is_some_and(|c| NOTE_FIRST_CHARS.contains(&c.to_ascii_lowercase())) {
        return false;
    }
    let head: String = s.chars().take(16).collect();
    let k = note_key(head.trim_start_matches(['*', '※', '★', ' ']));
    NOTE_KEYS.iter().any(|p| k.starts_with(p.as_str()))
}

fn first_text(row: &SheetRow) -> Option<&str> {
    row.cells.first().and_then(|(_, c)| c.text())
}

fn is_note_row(row: &SheetRow) -> bool {
    first_text(row).is_some_and(is_note_text)
}

/// Whether a cell's text is a totals label such as "合计" or "合 计（户）".
/// Most cells are rejected by length or by lacking every label's last
/// character before any normalising, since this looks at every cell.
fn is_total_text(t: &str) -> bool {
    if t.len() > 40 || !t.contains(['计', '数', 'l', 'L', 'm', 'M', 'ｌ', 'Ｌ', 'ｍ', 'Ｍ']) {
        return false;
    }
    TOTAL_LABELS.contains(&label_key_without_units(t).as_str())
}

fn is_total_row(row: &SheetRow) -> bool {
    row.cells
        .iter()
        .any(|(_, c)| c.text().is_some_and(is_total_text))
}

/// The row most like a header: the one naming the most contract columns,
/// the earliest on a tie.
fn find_header(sheet: &Sheet, spec: &SheetSpec) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let mut seen = vec![false; spec.columns.len()];
        for (_, cell) in &row.cells {
            if let Some(idx) = cell_label(cell).and_then(|t| spec.match_header(&t)) {
                seen[idx] = true;
            }
        }
        let score = seen.iter().filter(|s| **s).count();
        if score > 0 && best.is_none_or(|(_, b)| score > b) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

fn cell_label(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(t) => Some(t.clone()),
        _ => None,
    }
}

/// Context a column needs to read its values.
#[derive(Debug, Clone, Copy)]
pub struct ReadContext {
    pub is_1904: bool,
}

/// Reads the rows under a found header into a table: maps the header's
/// labels to contract columns, then takes rows one at a time, so the same
/// logic serves a sheet held in memory and one streamed from the file.
struct RowReader {
    table: Table,
    ctx: ReadContext,
    /// Sheet columns that map to a contract column, sorted, with its index.
    by_col: Vec<(u32, usize)>,
    severity: Severity,
    /// Where the totals row was, once seen; later rows are not data.
    total_at: Option<u32>,
    trailing: usize,
    /// One row's cells by contract column, reused from row to row.
    scratch: Vec<Option<(u32, Cell)>>,
    /// Row problems listed so far, and those past [`LISTED_PER_SHEET`]
    /// only counted.
    listed: usize,
    unlisted: usize,
}

/// The most row problems listed one by one for a sheet. A column filled
/// down to row 1,048,576, or one systematic mistake in a big ledger, would
/// otherwise list millions: more than memory, a report sheet or a reader
/// can take. The rest are counted in one closing problem.
pub const LISTED_PER_SHEET: usize = 1_000;

impl RowReader {
    fn start(
        sheet: &str,
        spec: &'static SheetSpec,
        header: &SheetRow,
        ctx: ReadContext,
        problems: &mut Vec<Problem>,
    ) -> Self {
        let mut table = Table {
            sheet: sheet.to_string(),
            spec,
            header_row: header.index,
            columns: vec![None; spec.columns.len()],
            rows: Vec::new(),
        };
        let mut unknown = Vec::new();
        for (col, cell) in &header.cells {
            let label = cell_label(cell).unwrap_or_else(|| cell.display());
            match spec.match_header(&label) {
                Some(idx) if table.columns[idx].is_none() => table.columns[idx] = Some(*col),
                Some(idx) => problems.push(
                    Problem::warning(ProblemKind::DuplicateColumn {
                        column: spec.columns[idx].zh.to_string(),
                    })
                    .at(sheet, cell_ref(header.index, *col)),
                ),
                None => unknown.push(clean_text(&label)),
            }
        }
        if !unknown.is_empty() {
            problems.push(
                Problem::info(ProblemKind::UnknownColumns { columns: unknown }).on_sheet(sheet),
            );
        }
        for (idx, c) in spec.columns.iter().enumerate() {
            if c.required && table.columns[idx].is_none() {
                problems.push(
                    Problem::error(ProblemKind::MissingColumn {
                        column: c.zh.to_string(),
                    })
                    .at(sheet, cell_ref(header.index, 0)),
                );
            }
        }
        let mut by_col: Vec<(u32, usize)> = table
            .columns
            .iter()
            .enumerate()
            .filter_map(|(idx, c)| c.map(|c| (c, idx)))
            .collect();
        by_col.sort_unstable();
        // The case log decides the veto: anything unreadable there blocks the
        // assessment. Elsewhere it only casts doubt.
        let severity = if spec.key == SheetKey::Cases {
            Severity::Error
        } else {
            Severity::Warning
        };
        RowReader {
            table,
            ctx,
            by_col,
            severity,
            total_at: None,
            trailing: 0,
            scratch: Vec::new(),
            listed: 0,
            unlisted: 0,
        }
    }

    fn report(&mut self, problems: &mut Vec<Problem>, p: Problem) {
        if self.listed < LISTED_PER_SHEET {
            self.listed += 1;
            problems.push(p);
        } else {
            self.unlisted += 1;
        }
    }

    fn maps(&self, col: u32) -> bool {
        self.by_col.binary_search_by_key(&col, |(c, _)| *c).is_ok()
    }

    /// Takes one row below the header. `note` and `total` say whether the
    /// row is a filling note or a totals row, judged on all its cells.
    fn row(&mut self, row: &mut SheetRow, note: bool, total: bool, problems: &mut Vec<Problem>) {
        if note {
            return;
        }
        let has_value = row.cells.iter().any(|(c, _)| self.maps(*c));
        if self.total_at.is_some() {
            self.trailing += usize::from(has_value);
            return;
        }
        if total {
            self.total_at = Some(row.index);
            return;
        }
        if !has_value {
            return;
        }
        let spec = self.table.spec;
        let mut cells = std::mem::take(&mut self.scratch);
        cells.clear();
        cells.resize(spec.columns.len(), None);
        for (col, cell) in row.cells.drain(..) {
            if let Ok(pos) = self.by_col.binary_search_by_key(&col, |(c, _)| *c) {
                cells[self.by_col[pos].1] = Some((col, cell));
            }
        }
        let mut values: Vec<Option<Value>> = Vec::with_capacity(spec.columns.len());
        for (idx, c) in spec.columns.iter().enumerate() {
            let Some(col) = self.table.columns[idx] else {
                values.push(None);
                continue;
            };
            let value = match cells[idx].take() {
                None => {
                    if c.required {
                        let p = Problem::new(
                            self.severity,
                            ProblemKind::MissingValue {
                                column: c.zh.to_string(),
                            },
                        )
                        .at(&self.table.sheet, cell_ref(row.index, col));
                        self.report(problems, p);
                    }
                    None
                }
                Some((_, cell)) => match parse_owned(cell, c, &self.ctx) {
                    Ok(v) => v,
                    Err(kind) => {
                        let p = Problem::new(self.severity, kind)
                            .at(&self.table.sheet, cell_ref(row.index, col));
                        self.report(problems, p);
                        None
                    }
                },
            };
            values.push(value);
        }
        self.scratch = cells;
        self.table.rows.push(Record {
            row: row.index,
            values,
        });
    }

    fn finish(self, problems: &mut Vec<Problem>) -> Table {
        if self.unlisted > 0 {
            problems.push(
                Problem::new(
                    self.severity,
                    ProblemKind::Unlisted {
                        count: self.unlisted,
                    },
                )
                .on_sheet(&self.table.sheet),
            );
        }
        if let Some(at) = self.total_at
            && self.trailing > 0
        {
            problems.push(
                Problem::warning(ProblemKind::RowsAfterTotal {
                    rows: self.trailing,
                })
                .at(&self.table.sheet, cell_ref(at, 0)),
            );
        }
        self.table
    }
}

fn empty_table(sheet: &str, spec: &'static SheetSpec) -> Table {
    Table {
        sheet: sheet.to_string(),
        spec,
        header_row: 0,
        columns: vec![None; spec.columns.len()],
        rows: Vec::new(),
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
    let Some(header_pos) = find_header(sheet, spec) else {
        return headerless(&sheet.name, spec, sheet.rows.is_empty(), problems);
    };
    let mut reader = RowReader::start(&sheet.name, spec, &sheet.rows[header_pos], *ctx, problems);
    for row in &sheet.rows[header_pos + 1..] {
        reader.row(
            &mut row.clone(),
            is_note_row(row),
            is_total_row(row),
            problems,
        );
    }
    reader.finish(problems)
}

/// Reads a table sheet as its cells stream from the file: the first rows are
/// held until the header is found among them, then each row is read and
/// dropped, and cells in columns the contract does not know are never
/// copied. Gives the same table and problems as [`read_table`].
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

/// The row being streamed. Its cell vector is kept from row to row.
struct Current {
    row: SheetRow,
    note: bool,
    total: bool,
    /// Already handed to the reader.
    done: bool,
}

impl TableSink {
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
        let Some(pos) = find_header(&sheet, self.spec) else {
            self.head = sheet.rows;
            return;
        };
        let mut reader = RowReader::start(
            &self.name,
            self.spec,
            &sheet.rows[pos],
            self.ctx,
            &mut self.problems,
        );
        for mut row in sheet.rows.into_iter().skip(pos + 1) {
            let (note, total) = (is_note_row(&row), is_total_row(&row));
            reader.row(&mut row, note, total, &mut self.problems);
        }
        self.reader = Some(reader);
    }

    fn flush(&mut self) {
        if let (Some(cur), Some(reader)) = (self.current.as_mut(), self.reader.as_mut())
            && !cur.done
        {
            reader.row(&mut cur.row, cur.note, cur.total, &mut self.problems);
            cur.done = true;
        }
    }

    /// The table, or `None` when the cells arrived out of order and the
    /// sheet has to be read into memory and given to [`read_table`].
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
        let total = value.text().is_some_and(is_total_text);
        match &mut self.current {
            Some(cur) if cur.row.index == row && !cur.done => {
                if let Some((c, _)) = cur.row.cells.last()
                    && *c >= col
                {
                    self.unordered |= *c > col;
                    return;
                }
                cur.total |= total;
                if keep {
                    cur.row.cells.push((col, value.to_cell()));
                }
            }
            Some(cur) if cur.row.index >= row => self.unordered = true,
            _ => {
                self.flush();
                let note = value.text().is_some_and(is_note_text);
                let cur = self.current.get_or_insert_with(|| Current {
                    row: SheetRow::default(),
                    note: false,
                    total: false,
                    done: true,
                });
                cur.row.index = row;
                cur.row.cells.clear();
                if keep {
                    cur.row.cells.push((col, value.to_cell()));
                }
                cur.note = note;
                cur.total = total;
                cur.done = false;
            }
        }
    }
}

/// One cell against its column's kind. `Ok(None)` is a cell that holds
/// nothing meaningful (only spaces).
/// [`parse_cell`] for a cell the caller owns: text that needs no cleaning
/// is kept as it is rather than copied.
fn parse_owned(
    cell: Cell,
    spec: &ColumnSpec,
    ctx: &ReadContext,
) -> Result<Option<Value>, ProblemKind> {
    match (spec.kind, cell) {
        (Kind::Text | Kind::Id, Cell::Text(t)) => {
            let text = normalize::clean_owned(t, spec.kind == Kind::Id);
            Ok((!text.is_empty()).then_some(Value::Text(text)))
        }
        (_, cell) => parse_cell(&cell, spec, ctx),
    }
}

fn parse_cell(
    cell: &Cell,
    spec: &ColumnSpec,
    ctx: &ReadContext,
) -> Result<Option<Value>, ProblemKind> {
    let column = || spec.zh.to_string();
    if let Cell::Error(e) = cell {
        return Err(ProblemKind::CellError {
            column: column(),
            value: e.clone(),
        });
    }
    if let Cell::Uncalculated(f) = cell {
        return Err(ProblemKind::UncalculatedFormula {
            column: column(),
            formula: f.clone(),
        });
    }
    let shown = || cell.display();
    match spec.kind {
        Kind::Text | Kind::Id => {
            let text = match cell {
                Cell::Text(t) if spec.kind == Kind::Id => normalize::clean_id(t),
                Cell::Text(t) => clean_text(t),
                other => other.display(),
            };
            Ok((!text.is_empty()).then_some(Value::Text(text)))
        }
        Kind::Count => {
            let n = match cell {
                Cell::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(*n as i64),
                Cell::Text(t) => normalize::parse_integer(t),
                _ => None,
            };
            match n {
                Some(n) if n < 0 => Err(ProblemKind::Negative {
                    column: column(),
                    value: n as f64,
                }),
                Some(n) => Ok(Some(Value::Int(n))),
                None => Err(ProblemKind::BadNumber {
                    column: column(),
                    value: shown(),
                }),
            }
        }
        Kind::Score => {
            let n = match cell {
                Cell::Number(n) if n.is_finite() => Some(*n),
                Cell::Text(t) => normalize::parse_number(t),
                _ => None,
            };
            match n {
                Some(n) if n < 0.0 => Err(ProblemKind::Negative {
                    column: column(),
                    value: n,
                }),
                Some(n) => Ok(Some(Value::Num(n))),
                None => Err(ProblemKind::BadNumber {
                    column: column(),
                    value: shown(),
                }),
            }
        }
        Kind::Date => {
            let d = match cell {
                Cell::Date(d) => Some(*d),
                Cell::Number(n) => normalize::parse_date_number(*n, ctx.is_1904),
                Cell::Text(t) => normalize::parse_date_text(t),
                _ => None,
            };
            d.map(|d| Some(Value::Date(d))).ok_or(ProblemKind::BadDate {
                column: column(),
                value: shown(),
            })
        }
        Kind::YesNo => {
            let b = match cell {
                Cell::Bool(b) => Some(*b),
                Cell::Number(n) if *n == 1.0 => Some(true),
                Cell::Number(n) if *n == 0.0 => Some(false),
                Cell::Text(t) => normalize::parse_yes_no(t),
                _ => None,
            };
            b.map(|b| Some(Value::Bool(b)))
                .ok_or(ProblemKind::BadYesNo {
                    column: column(),
                    value: shown(),
                })
        }
        Kind::Category => {
            let c = match cell {
                Cell::Text(t) => CaseCategory::parse(t),
                _ => None,
            };
            c.map(|c| Some(Value::Category(c)))
                .ok_or(ProblemKind::BadCategory { value: shown() })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_prefix_passes_the_first_character_check() {
        for p in NOTE_PREFIXES {
            let first = p.chars().next().unwrap();
            assert!(NOTE_FIRST_CHARS.contains(&first), "{p}");
            assert!(is_note_text(p), "{p}");
        }
        assert!(is_note_text("  填写说明：唯一"));
        assert!(is_note_text("Notes: required"));
        assert!(!is_note_text("H00001"));
        assert!(!is_note_text("注射"));
    }

    #[test]
    fn totals_labels() {
        for t in ["合计", "合 计", "总计（户）", "Total", "小计:"] {
            assert!(is_total_text(t), "{t}");
        }
        for t in ["合计划", "王计", "H00001", "sum of all"] {
            assert!(!is_total_text(t), "{t}");
        }
    }
}
