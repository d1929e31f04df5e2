//! Reading one table sheet by its spec: find the header row wherever it is,
//! map headers to contract columns, and read each data row into typed values,
//! recording a problem with its cell for everything that does not parse.

use chrono::NaiveDate;

use super::contract::{Aliases, CaseCategory, ColumnSpec, Kind, SheetKey, SheetSpec};
use crate::problem::{Problem, ProblemKind, Severity};
use wuyi_sheets::normalize::{self, cell_ref, clean_text, label_key, label_key_without_units};
use wuyi_sheets::{Cell, CellRef, CellSink, Sheet, SheetRow, format_number};

/// A typed cell value, after its column gave it meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text from a text or id column: trimmed, inner white space collapsed,
    /// and for an id full-width characters folded (Ｇ００１ reads as G001).
    Text(String),
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
    /// One value per contract column, in contract order; `None` where the cell was blank or
    /// unreadable or the column is missing.
    pub values: Vec<Option<Value>>,
    /// Cells that held something their column could not read, by contract
    /// column, as written: the zero-case gate never takes them for blank.
    pub unread: Vec<(usize, String)>,
    /// Remarks written beside a yes/no answer (否（已搬离）→ "已搬离"), by
    /// contract column: the answer is in `values`, the remark kept here.
    pub remarks: Vec<(usize, String)>,
    /// Which of the table's sheets the row is on, when the table was read
    /// from several (one sheet per grid); 0 otherwise.
    pub part: u16,
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
        rec.unread
            .iter()
            .find(|(i, _)| *i == idx)
            .map(|(_, t)| t.as_str())
    }

    /// The remark written beside a yes/no answer in a cell, if any.
    pub fn remark<'a>(&self, rec: &'a Record, idx: usize) -> Option<&'a str> {
        rec.remarks
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

/// Header labels that only number the rows (序号 and the like). A running
/// number is never an id, so such a column is left unread and unreported.
const COUNTER_LABELS: &[&str] = &[
    "序号",
    "序",
    "no",
    "no.",
    "编号",
    "行号",
    "序列号",
    "顺序号",
];

/// Whether a header only numbers the rows (序号, 编号, No. and the like); such a column is left unread
/// and unreported.
pub fn is_counter_label(label: &str) -> bool {
    let k = label_key_without_units(label);
    COUNTER_LABELS.contains(&k.as_str())
}

/// Sub-headers that, under a group cell naming a person (网格长 over 姓名 |
/// 联系电话), mean the person's name or the person's phone.
const NAME_WORDS: &[&str] = &["姓名", "名字", "名称", "name"];
const PHONE_WORDS: &[&str] = &[
    "电话",
    "联系电话",
    "手机",
    "手机号",
    "手机号码",
    "联系方式",
    "电话号码",
    "联系号码",
    "phone",
];

/// The most rows a header band spans (group cells over sub-headers).
const MAX_BAND_ROWS: usize = 3;

/// A header found in a sheet: the rows it spans, and each column's label as
/// read from the band (group and sub-header combined where that names a
/// contract column).
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// Position in the sheet's rows of the band's last row.
    pub last: usize,
    /// The header as one row: indexed at the band's last row, one text cell
    /// per labelled column.
    pub row: SheetRow,
}

/// The band most like a header: the one naming the most contract columns;
/// on a tie the one with fewer rows, then the earliest.
pub(crate) fn find_header(
    rows: &[SheetRow],
    spec: &SheetSpec,
    aliases: &Aliases,
) -> Option<Header> {
    let mut best: Option<(Header, usize)> = None;
    let n = rows.len().min(HEADER_SEARCH_ROWS);
    for first in 0..n {
        for height in 1..=MAX_BAND_ROWS {
            let last = first + height - 1;
            if last >= rows.len() || last >= HEADER_SEARCH_ROWS {
                break;
            }
            // A band is rows one under another, with no gap.
            if rows[last].index != rows[first].index + (height as u32 - 1) {
                break;
            }
            let band = &rows[first..=last];
            if height > 1 && band.iter().any(|r| first_text(r).is_some_and(is_note_text)) {
                break;
            }
            let (row, score) = band_labels(band, spec, aliases);
            let better = match &best {
                None => score > 0,
                Some((_, b)) => score > *b,
            };
            if better {
                best = Some((Header { last, row }, score));
            }
        }
    }
    best.map(|(h, _)| h)
}

/// Each column's label chain down a band, top to bottom: a cell in an upper
/// row covers its own column and the columns to its right whose cell in
/// that row is empty and which have a label further down (a merged group
/// cell keeps its text in its first column only).
fn band_labels(band: &[SheetRow], spec: &SheetSpec, aliases: &Aliases) -> (SheetRow, usize) {
    let last = band.len() - 1;
    let mut cols: Vec<u32> = band
        .iter()
        .flat_map(|r| {
            r.cells
                .iter()
                .filter(|(_, c)| !is_blank(c))
                .map(|(c, _)| *c)
        })
        .collect();
    cols.sort_unstable();
    cols.dedup();
    let text_at = |r: usize, col: u32| -> Option<String> {
        band[r]
            .get(col)
            .filter(|c| !is_blank(c))
            .map(|c| cell_label(c).unwrap_or_else(|| c.display()))
    };
    // The label covering each column in each row.
    let mut covering: Vec<Vec<Option<String>>> = vec![vec![None; cols.len()]; band.len()];
    for (r, cover) in covering.iter_mut().enumerate() {
        let mut current: Option<String> = None;
        for (i, &col) in cols.iter().enumerate() {
            match text_at(r, col) {
                Some(t) => {
                    current = (r < last).then(|| t.clone());
                    cover[i] = Some(t);
                }
                None => {
                    let below = (r + 1..band.len()).any(|b| text_at(b, col).is_some());
                    if below {
                        cover[i] = current.clone();
                    } else {
                        current = None;
                    }
                }
            }
        }
    }
    let mut seen = vec![false; spec.columns.len()];
    let mut cells = Vec::with_capacity(cols.len());
    for (i, &col) in cols.iter().enumerate() {
        let mut chain: Vec<String> = Vec::new();
        for cover in &covering {
            if let Some(t) = &cover[i]
                && chain.last().is_none_or(|l| label_key(l) != label_key(t))
            {
                chain.push(t.clone());
            }
        }
        if chain.is_empty() {
            continue;
        }
        let (label, idx) = resolve_chain(&chain, spec, aliases);
        if let Some(idx) = idx {
            seen[idx] = true;
        }
        cells.push((col, Cell::Text(label)));
    }
    let row = SheetRow {
        index: band[last].index,
        cells,
    };
    (row, seen.iter().filter(|s| **s).count())
}

fn is_blank(c: &Cell) -> bool {
    matches!(c, Cell::Text(t) if t.trim().is_empty())
}

/// The label a column's chain of band labels reads as, and the contract
/// column it names: group and sub-header together (人口情况 / 常住人口 →
/// 常住人口; 网格长 / 姓名 → 网格长; 网格长 / 联系电话 → 网格长电话), or
/// the chain joined with "/" when it names none.
fn resolve_chain(chain: &[String], spec: &SheetSpec, aliases: &Aliases) -> (String, Option<usize>) {
    let Some(sub) = chain.last() else {
        return (String::new(), None);
    };
    if chain.len() == 1 {
        return (sub.clone(), spec.match_header_in(sub, aliases));
    }
    let parent = &chain[chain.len() - 2];
    let sub_key = label_key_without_units(sub);
    let mut candidates = vec![format!("{parent}{sub}")];
    if NAME_WORDS.contains(&sub_key.as_str()) {
        candidates.push(parent.clone());
    }
    if PHONE_WORDS.contains(&sub_key.as_str()) {
        candidates.push(format!("{parent}电话"));
    }
    candidates.push(sub.clone());
    for c in candidates {
        if let Some(idx) = spec.match_header_in(&c, aliases) {
            return (c, Some(idx));
        }
    }
    (chain.join("/"), None)
}

fn cell_label(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(t) => Some(t.clone()),
        _ => None,
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

/// Reads the rows under a found header into a table: maps the header's
/// labels to contract columns, then takes rows one at a time, so the same
/// logic serves a sheet held in memory and one streamed from the file.
struct RowReader {
    table: Table,
    ctx: ReadContext,
    /// Sheet columns that map to a contract column, sorted, with its index.
    by_col: Vec<(u32, usize)>,
    /// The last sheet column that counts as a leading label column: the
    /// table's first two columns and anything left of them (a 序号 column).
    leading: u32,
    /// The contract column that identifies a row (户编号, 网格编号, 编号),
    /// for sheets identified by an id rather than a date and category.
    primary: Option<usize>,
    /// Required date and category columns: a row holding all of them is data.
    keyed: Vec<usize>,
    /// Where the first grand-totals row was, once seen.
    total_at: Option<u32>,
    /// Data-shaped rows read after it (zero-based sheet rows).
    after_total: Vec<u32>,
    /// Per contract column: sums of counts since the last totals row, and
    /// over the whole table, to check the numbers of a totals row.
    segment: Vec<i64>,
    whole: Vec<i64>,
    /// One row's cells by contract column, reused from row to row.
    scratch: Vec<Option<(u32, Cell)>>,
    /// Row problems listed so far, and those past [`LISTED_PER_SHEET`]
    /// only counted.
    listed: usize,
    unlisted: usize,
    /// The same for notes.
    noted: usize,
    unnoted: usize,
}

/// The most row problems listed one by one for a sheet. A column filled
/// down to row 1,048,576, or one systematic mistake in a big ledger, would
/// otherwise list millions: more than memory, a report sheet or a reader
/// can take. The rest are counted in one closing problem.
pub const LISTED_PER_SHEET: usize = 1_000;

/// The 一户一档 columns the zero-case gate reads.
const GATE_COLUMNS: &[&str] = &["close_contacts", "secondary_contacts"];

/// The most rows after a totals row named in its warning.
const AFTER_TOTAL_NAMED: usize = 10;

/// One row's cells read against their columns, before the row is judged.
struct Parsed {
    values: Vec<Option<Value>>,
    unread: Vec<(usize, String)>,
    remarks: Vec<(usize, String)>,
    /// Cell problems, reported only if the row turns out to be data.
    pending: Vec<Problem>,
    /// Mapped cells that hold something.
    filled: usize,
    /// Mapped cells that hold something other than "nothing to report".
    substantive: usize,
}

/// The remark written in brackets beside a yes/no answer: "已搬离" from
/// 否（已搬离）, "租住" from 是(租住); `None` for a bare answer or for text
/// that is not an answer at all.
pub fn yes_no_remark(text: &str) -> Option<String> {
    normalize::parse_yes_no(text)?;
    let mut depth = 0usize;
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for ch in clean_text(text).chars() {
        match ch {
            '(' | '（' | '[' | '【' | '［' | '〔' => {
                if depth > 0 {
                    current.push(ch);
                }
                depth += 1;
            }
            ')' | '）' | ']' | '】' | '］' | '〕' => {
                depth = depth.saturating_sub(1);
                if depth > 0 {
                    current.push(ch);
                } else {
                    let t = current.trim();
                    if !t.is_empty() {
                        parts.push(t.to_string());
                    }
                    current.clear();
                }
            }
            _ if depth > 0 => current.push(ch),
            _ => {}
        }
    }
    let t = current.trim();
    if !t.is_empty() {
        parts.push(t.to_string());
    }
    (!parts.is_empty()).then(|| parts.join("；"))
}

/// What an unreadable cell held, as its problem quotes it.
fn written(kind: &ProblemKind) -> String {
    match kind {
        ProblemKind::BadDate { value, .. }
        | ProblemKind::BadNumber { value, .. }
        | ProblemKind::BadYesNo { value, .. }
        | ProblemKind::BadCategory { value }
        | ProblemKind::CellError { value, .. } => value.clone(),
        ProblemKind::Negative { value, .. } => format_number(*value),
        ProblemKind::UncalculatedFormula { formula, .. } => format!("={formula}"),
        _ => String::new(),
    }
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

/// In 自评表, the item id is the cell that names a rubric item (A1, B5…),
/// not a row counter, whatever either column is called: the column whose
/// cells below the header most often look like an item id, if any do.
fn item_id_column(
    header: &SheetRow,
    sample: &[SheetRow],
    spec: &SheetSpec,
    aliases: &Aliases,
) -> Option<(usize, u32)> {
    if spec.key != SheetKey::SelfAssessment {
        return None;
    }
    let idx = spec.column_index("item_id")?;
    let mut best: Option<(u32, usize)> = None;
    for (col, cell) in &header.cells {
        let label = cell_label(cell).unwrap_or_default();
        let matched = spec.match_header_in(&label, aliases);
        if matched.is_some() && matched != Some(idx) {
            continue;
        }
        let hits = sample
            .iter()
            .filter(|r| {
                r.get(*col)
                    .and_then(Cell::text)
                    .is_some_and(looks_like_item_id)
            })
            .count();
        if hits > 0 && best.is_none_or(|(_, b)| hits > b) {
            best = Some((*col, hits));
        }
    }
    best.map(|(col, _)| (idx, col))
}

/// "A1", "B5", "A-1", "C2.1": letters then digits, as rubric item ids are
/// written. A bare running number is not.
pub fn looks_like_item_id(s: &str) -> bool {
    let k = label_key(s);
    let letters = k.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = &k[letters..];
    (1..=3).contains(&letters)
        && !rest.is_empty()
        && rest.len() <= 6
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
}

impl RowReader {
    fn start(
        sheet: &str,
        spec: &'static SheetSpec,
        header: &SheetRow,
        sample: &[SheetRow],
        ctx: ReadContext,
        problems: &mut Vec<Problem>,
    ) -> Self {
        let mut table = Table {
            header_row: header.index,
            ..empty_table(sheet, spec)
        };
        let mut unknown = Vec::new();
        let aliases = ctx.aliases.clone();
        let item_col = item_id_column(header, sample, spec, &aliases);
        for (col, cell) in &header.cells {
            let label = cell_label(cell).unwrap_or_else(|| cell.display());
            if let Some((idx, at)) = item_col {
                if *col == at {
                    table.columns[idx] = Some(at);
                    continue;
                }
                if spec.match_header_in(&label, &aliases) == Some(idx) || is_counter_label(&label) {
                    // A row counter, whatever its header says.
                    continue;
                }
            }
            match spec.match_header_in(&label, &aliases) {
                Some(idx) if table.columns[idx].is_none() => table.columns[idx] = Some(*col),
                Some(idx) => problems.push(
                    Problem::warning(ProblemKind::DuplicateColumn {
                        column: spec.columns[idx].zh.to_string(),
                    })
                    .at(sheet, cell_ref(header.index, *col)),
                ),
                None if is_counter_label(&label) || label.trim().is_empty() => {}
                None => unknown.push(clean_text(&label)),
            }
        }
        table.unknown = unknown.clone();
        // An unknown header that looks like a column the sheet lacks is
        // named as a likely match, so no point is lost without a word.
        let mut offered: Vec<&String> = Vec::new();
        for (idx, c) in spec.columns.iter().enumerate() {
            if table.columns[idx].is_some() {
                continue;
            }
            let names: Vec<&str> = std::iter::once(c.zh)
                .chain(c.aliases.iter().copied())
                .collect();
            if let Some(found) = super::sheets::likely(&names, &unknown)
                && !offered.contains(&found)
            {
                offered.push(found);
                let at = header
                    .cells
                    .iter()
                    .find(|(_, cell)| cell_label(cell).is_some_and(|l| clean_text(&l) == *found))
                    .map(|(col, _)| *col)
                    .unwrap_or(0);
                problems.push(
                    Problem::warning(ProblemKind::LikelyColumn {
                        found: found.clone(),
                        column: c.zh.to_string(),
                    })
                    .at(sheet, cell_ref(header.index, at)),
                );
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
        let leading = by_col
            .get(1)
            .or(by_col.first())
            .map(|(c, _)| *c)
            .unwrap_or(0);
        let keyed: Vec<usize> = spec
            .columns
            .iter()
            .enumerate()
            .filter(|(idx, c)| {
                c.required
                    && matches!(c.kind, Kind::Date | Kind::Category)
                    && table.columns[*idx].is_some()
            })
            .map(|(idx, _)| idx)
            .collect();
        let primary = spec
            .columns
            .iter()
            .enumerate()
            .find(|(idx, c)| {
                c.required && c.unique && c.kind == Kind::Id && table.columns[*idx].is_some()
            })
            .map(|(idx, _)| idx);
        let n = spec.columns.len();
        RowReader {
            table,
            ctx,
            by_col,
            leading,
            primary,
            keyed,
            total_at: None,
            after_total: Vec::new(),
            segment: vec![0; n],
            whole: vec![0; n],
            scratch: Vec::new(),
            listed: 0,
            unlisted: 0,
            noted: 0,
            unnoted: 0,
        }
    }

    fn report(&mut self, problems: &mut Vec<Problem>, p: Problem) {
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

    fn maps(&self, col: u32) -> bool {
        self.by_col.binary_search_by_key(&col, |(c, _)| *c).is_ok()
    }

    /// Reads a row's mapped cells against their columns.
    fn parse(&mut self, row: &mut SheetRow) -> Parsed {
        let spec = self.table.spec;
        let mut cells = std::mem::take(&mut self.scratch);
        cells.clear();
        cells.resize(spec.columns.len(), None);
        for (col, cell) in row.cells.drain(..) {
            if let Ok(pos) = self.by_col.binary_search_by_key(&col, |(c, _)| *c) {
                cells[self.by_col[pos].1] = Some((col, cell));
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
                            .at(&self.table.sheet, cell_ref(row.index, col)),
                        );
                    }
                    None
                }
                Some((_, cell)) => {
                    // Only the case log can say "nothing to report".
                    let nothing = cases
                        && match &cell {
                            Cell::Text(t) => is_nothing_text(t),
                            _ => false,
                        };
                    p.substantive += usize::from(!nothing);
                    p.filled += 1;
                    let short_year = match &cell {
                        Cell::Text(t)
                            if c.kind == Kind::Date && normalize::parse_date_text(t).is_none() =>
                        {
                            normalize::parse_date_two_digit_year(t).map(|d| (d, t.clone()))
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
                            .at(&self.table.sheet, cell_ref(row.index, col)),
                        );
                        Some(Value::Date(d))
                    } else {
                        let remark = match &cell {
                            Cell::Text(t) if c.kind == Kind::YesNo => yes_no_remark(t),
                            _ => None,
                        };
                        match parse_owned(cell, c, &self.ctx) {
                            Ok(v) => {
                                if let (Some(remark), Some(Value::Bool(answer))) = (remark, &v) {
                                    // Read, and the remark kept and shown.
                                    p.pending.push(
                                        Problem::info(ProblemKind::YesNoRemark {
                                            column: c.zh.to_string(),
                                            answer: *answer,
                                            remark: remark.clone(),
                                        })
                                        .at(&self.table.sheet, cell_ref(row.index, col)),
                                    );
                                    p.remarks.push((idx, remark));
                                }
                                v
                            }
                            Err(kind) => {
                                let text = written(&kind);
                                p.pending.push(
                                    Problem::new(severity, kind)
                                        .at(&self.table.sheet, cell_ref(row.index, col)),
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
    fn row(&mut self, row: &mut SheetRow, flags: RowFlags, problems: &mut Vec<Problem>) {
        let has_value = row.cells.iter().any(|(c, _)| self.maps(*c));
        if !has_value {
            if flags.nothing && !flags.note && self.table.spec.key == SheetKey::Cases {
                let at = row.cells.first().map(|(c, _)| *c).unwrap_or(0);
                let text = first_text(row).map(clean_text).unwrap_or_default();
                self.table.nothing.push((cell_ref(row.index, at), text));
            }
            return;
        }
        let at = row.cells.first().map(|(c, _)| *c).unwrap_or(0);
        let lead = if flags.nothing {
            first_text(row).map(clean_text)
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
                            Some(Value::Text(t)) => Some(t.clone()),
                            _ => None,
                        })
                    })
                    .or_else(|| p.unread.first().map(|(_, t)| t.clone()))
                    .unwrap_or_default();
                self.table.nothing.push((cell_ref(row.index, at), text));
            }
            RowKind::Total(kind) => self.total(row.index, kind, p, problems),
            RowKind::Data => {
                if self.total_at.is_some() {
                    self.after_total.push(row.index);
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
                self.table.rows.push(Record {
                    row: row.index,
                    values: p.values,
                    unread: p.unread,
                    remarks: p.remarks,
                    part: 0,
                });
            }
        }
    }

    /// A totals row: its counts are checked against the rows they total
    /// (those since the last totals row, or the whole table), and kept.
    fn total(&mut self, index: u32, kind: TotalKind, p: Parsed, problems: &mut Vec<Problem>) {
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
        self.table.totals.push(Record {
            row: index,
            values: p.values,
            unread: p.unread,
            remarks: p.remarks,
            part: 0,
        });
    }

    fn finish(self, problems: &mut Vec<Problem>) -> Table {
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
        reader.row(&mut row.clone(), flags, problems);
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
    flags: RowFlags,
    /// Already handed to the reader.
    done: bool,
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
        for mut row in sheet.rows.into_iter().skip(header.last + 1) {
            let flags = RowFlags::of(&row, reader.leading);
            reader.row(&mut row, flags, &mut self.problems);
        }
        self.reader = Some(reader);
    }

    fn flush(&mut self) {
        if let (Some(cur), Some(reader)) = (self.current.as_mut(), self.reader.as_mut())
            && !cur.done
        {
            reader.row(&mut cur.row, cur.flags, &mut self.problems);
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
                    cur.row.cells.push((col, value.to_cell()));
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
                    row: SheetRow::default(),
                    flags: RowFlags::default(),
                    done: true,
                });
                cur.row.index = row;
                cur.row.cells.clear();
                if keep {
                    cur.row.cells.push((col, value.to_cell()));
                }
                cur.flags = flags;
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
    // A count or score read as a number: below zero, or not a number at all,
    // is refused.
    let amount = |n: Option<(f64, Value)>| match n {
        Some((x, _)) if x < 0.0 => Err(ProblemKind::Negative {
            column: column(),
            value: x,
        }),
        Some((_, v)) => Ok(Some(v)),
        None => Err(ProblemKind::BadNumber {
            column: column(),
            value: shown(),
        }),
    };
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
            amount(n.map(|n| (n as f64, Value::Int(n))))
        }
        Kind::Score => {
            let n = match cell {
                Cell::Number(n) if n.is_finite() => Some(*n),
                Cell::Text(t) => normalize::parse_number(t),
                _ => None,
            };
            amount(n.map(|n| (n, Value::Num(n))))
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
