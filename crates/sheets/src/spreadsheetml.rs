//! Excel 2003 XML ("SpreadsheetML"), the format web platforms export when
//! they offer "Excel": one XML document, usually from a template, often
//! named `.xls`. Excel, WPS and LibreOffice all open it.
//!
//! Read as a stream of XML events (quick-xml, no document tree), into the
//! same sparse cells as every other format: a cell's position comes from
//! `ss:Index` or from counting, never from a grid, so an `ss:Index` of
//! 16384, an `ExpandedRowCount` of a million or a thousand `ss:MergeDown`s
//! cost nothing beyond the cells really there, and each of those is booked
//! against the file's budget.
//!
//! The whole document is checked when the file is opened: well-formed,
//! complete, no deeper than [`MAX_DEPTH`] elements, and with no entity
//! other than XML's five and character references. A DTD that declares
//! entities (the "billion laughs" bomb) is refused, never expanded; the XML
//! reader does not expand entities of its own accord either. While
//! checking, the sheets' names and places, the date system and the styles
//! that format numbers as dates are noted; a sheet's cells are read only
//! when the sheet is asked for.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

mod encoding;

use encoding::decode;
pub(crate) use encoding::sniff;

use super::limits::Budget;
use super::{CellRef, CellSink, FileKind, OpenError, ROW_COST};
use crate::normalize::{self, cell_ref};

/// How deep elements may nest. A real export nests about ten deep (rich
/// text in a cell, window settings); this leaves a wide margin.
pub const MAX_DEPTH: usize = 100;

/// The rows and columns of a worksheet (XFD1048576), as in .xlsx.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLS: u64 = 16_384;

/// How many steps of `ss:Parent` are followed to find a style's number
/// format; a loop of parents ends there.
const MAX_STYLE_PARENTS: usize = 32;

/// What memory one style or column entry is booked at.
const ENTRY_COST: u64 = 128;

/// Why a SpreadsheetML file is refused. Each says what a person can do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum XmlRefusal {
    /// The declared encoding is not one the tool knows.
    UnknownEncoding {
        /// The label as declared.
        label: String,
    },
    /// The text is not valid in the encoding it declares (or UTF-8).
    BadEncoding {
        /// The label as declared, or UTF-8.
        label: String,
    },
    /// A reference to an entity other than XML's own.
    Entity {
        /// The entity's name.
        name: String,
    },
    /// A DTD declaring entities.
    DtdEntities,
    /// Elements nested deeper than [`MAX_DEPTH`].
    TooDeep {
        /// [`MAX_DEPTH`].
        limit: usize,
    },
    /// The XML stops before the workbook ends.
    Truncated,
    /// Not well-formed XML; `at` is the byte offset.
    Malformed {
        /// The XML parser's own words.
        detail: String,
        /// The byte offset.
        at: u64,
    },
    /// An `ss:Index`, `ss:Span` or `ss:MergeAcross` that is not a number.
    BadIndex {
        /// The sheet's name.
        sheet: String,
        /// The value as written.
        value: String,
    },
    /// A row or cell past the last row or column a sheet can have.
    OutOfSheet {
        /// The sheet's name.
        sheet: String,
        /// One-based row.
        row: u64,
        /// One-based column.
        col: u64,
    },
    /// A row or cell placed before one already read, which Excel refuses.
    OutOfOrder {
        /// The sheet's name.
        sheet: String,
        /// The cell, as A1.
        cell: String,
    },
}

fn refuse(r: XmlRefusal) -> OpenError {
    OpenError::Xml(r)
}

/// A style as declared: its number format, if it sets one, and the style
/// it inherits from.
#[derive(Debug, Default)]
struct StyleDef {
    number_format: Option<String>,
    parent: Option<String>,
}

/// An opened SpreadsheetML workbook: its text, checked, and where each
/// sheet starts.
pub(super) struct Document {
    text: String,
    sheets: Vec<(String, usize)>,
    /// Styles whose number format shows a date.
    date_styles: HashMap<String, bool>,
    /// The 1904 date system.
    pub is_1904: bool,
}

impl Document {
    /// The sheets' names in the document's order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _)| n.clone()).collect()
    }
}

/// The local part of an element or attribute name: `ss:Index` and `Index`
/// are the same to Excel.
fn local(name: &str) -> &str {
    match name.rfind(':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// An attribute's value by local name. Duplicate attributes are not
/// searched for (that check is quadratic in a tag's attributes); the first
/// wins.
fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, OpenError> {
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| malformed(err.to_string(), 0))?;
        if local(a.key.as_ref()) == name {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(escape_error)?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

fn malformed(detail: String, at: u64) -> OpenError {
    refuse(XmlRefusal::Malformed { detail, at })
}

fn escape_error(e: quick_xml::Error) -> OpenError {
    match e {
        quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(_, name)) => {
            refuse(XmlRefusal::Entity {
                name: format!("&{name};"),
            })
        }
        other => malformed(other.to_string(), 0),
    }
}

/// What a read error means: the input ending early, or broken XML.
fn xml_error(e: quick_xml::Error, at: u64) -> OpenError {
    use quick_xml::errors::{Error, IllFormedError};
    match e {
        Error::Syntax(_) | Error::IllFormed(IllFormedError::MissingEndTag(_)) => {
            refuse(XmlRefusal::Truncated)
        }
        Error::Escape(_) => escape_error(e),
        other => malformed(other.to_string(), at),
    }
}

/// A general reference's text: a character reference or one of XML's five
/// entities. Anything else is refused, never looked up.
fn resolve_ref(r: &BytesRef<'_>) -> Result<String, OpenError> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => return Ok(c.to_string()),
        Ok(None) => {}
        Err(e) => return Err(malformed(e.to_string(), 0)),
    }
    let name: &str = r;
    match quick_xml::escape::resolve_predefined_entity(name) {
        Some(s) => Ok(s.to_string()),
        None => Err(refuse(XmlRefusal::Entity {
            name: format!("&{name};"),
        })),
    }
}

/// Whether a DTD declares entities: the only thing a DTD could add to a
/// spreadsheet, and the way to an entity bomb.
fn declares_entities(dtd: &str) -> bool {
    dtd.contains("<!ENTITY")
}

/// Checks the whole document and notes its sheets, styles and date system.
pub(super) fn open(bytes: Vec<u8>, budget: &mut Budget) -> Result<Document, OpenError> {
    let text = decode(bytes, budget)?;
    let mut reader = Reader::from_str(&text);
    reader.config_mut().check_end_names = true;

    #[derive(Clone, Copy, PartialEq)]
    enum Tag {
        Workbook,
        Styles,
        Style,
        ExcelWorkbook,
        Other,
    }
    let mut stack: Vec<Tag> = Vec::new();
    let mut seen_root = false;
    let mut sheets = Vec::new();
    let mut styles: HashMap<String, StyleDef> = HashMap::new();
    let mut current_style: Option<String> = None;
    let mut is_1904 = false;

    loop {
        let at = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| xml_error(e, reader.error_position()))?;
        budget.tick(0)?;
        let (e, is_start) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(_) => {
                if stack.pop() == Some(Tag::Style) {
                    current_style = None;
                }
                continue;
            }
            Event::DocType(dtd) => {
                if declares_entities(dtd) {
                    return Err(refuse(XmlRefusal::DtdEntities));
                }
                continue;
            }
            Event::GeneralRef(r) => {
                resolve_ref(r)?;
                continue;
            }
            Event::Eof => {
                if !seen_root {
                    return Err(OpenError::NotAWorkbook(FileKind::Xml));
                }
                if !stack.is_empty() {
                    return Err(refuse(XmlRefusal::Truncated));
                }
                break;
            }
            _ => continue,
        };
        let name = e.name();
        let name = local(name.as_ref());
        let parent = stack.last().copied();
        if stack.len() >= MAX_DEPTH {
            return Err(refuse(XmlRefusal::TooDeep { limit: MAX_DEPTH }));
        }
        let tag = match (parent, name) {
            (None, "Workbook") => {
                if seen_root {
                    return Err(malformed("a second root element".into(), at as u64));
                }
                seen_root = true;
                Tag::Workbook
            }
            (None, _) => {
                if seen_root {
                    return Err(malformed("a second root element".into(), at as u64));
                }
                return Err(OpenError::NotAWorkbook(FileKind::Xml));
            }
            (Some(Tag::Workbook), "Worksheet") => {
                let name = attr(e, "Name")?.unwrap_or_default();
                budget.charge(ENTRY_COST + name.len() as u64)?;
                sheets.push((name, at));
                Tag::Other
            }
            (Some(Tag::Workbook), "Styles") => Tag::Styles,
            (Some(Tag::Workbook), "ExcelWorkbook") => Tag::ExcelWorkbook,
            (Some(Tag::ExcelWorkbook), "Date1904") => {
                is_1904 = true;
                Tag::Other
            }
            (Some(Tag::Styles), "Style") => {
                let id = attr(e, "ID")?.unwrap_or_default();
                let def = StyleDef {
                    number_format: None,
                    parent: attr(e, "Parent")?,
                };
                budget.charge(ENTRY_COST + id.len() as u64)?;
                styles.insert(id.clone(), def);
                current_style = Some(id);
                Tag::Style
            }
            (Some(Tag::Style), "NumberFormat") => {
                if let Some(id) = &current_style
                    && let Some(def) = styles.get_mut(id)
                {
                    def.number_format = Some(attr(e, "Format")?.unwrap_or_default());
                }
                Tag::Other
            }
            _ => Tag::Other,
        };
        if is_start {
            stack.push(tag);
        }
    }

    let date_styles = styles
        .keys()
        .map(|id| (id.clone(), style_is_date(&styles, id)))
        .collect();
    Ok(Document {
        text,
        sheets,
        date_styles,
        is_1904,
    })
}

fn style_is_date(styles: &HashMap<String, StyleDef>, id: &str) -> bool {
    let mut id = id;
    for _ in 0..MAX_STYLE_PARENTS {
        let Some(def) = styles.get(id) else {
            return false;
        };
        if let Some(f) = &def.number_format {
            return is_date_format(f);
        }
        match &def.parent {
            Some(p) => id = p,
            None => return false,
        }
    }
    false
}

/// Whether a number format shows a date or time: one of Excel's named
/// date formats, or a format code with day, month, year, hour or second
/// outside quotes, brackets and escapes.
pub fn is_date_format(format: &str) -> bool {
    let lower = format.trim().to_lowercase();
    match lower.as_str() {
        "general date" | "long date" | "medium date" | "short date" | "long time"
        | "medium time" | "short time" => return true,
        "" | "general" | "general number" | "currency" | "euro currency" | "fixed" | "standard"
        | "percent" | "scientific" | "yes/no" | "true/false" | "on/off" | "@" => {
            return false;
        }
        _ => {}
    }
    let mut chars = lower.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                let inner: String = chars.by_ref().take_while(|&b| b != ']').collect();
                // Elapsed time: [h], [mm], [ss].
                if !inner.is_empty() && inner.chars().all(|x| matches!(x, 'h' | 'm' | 's')) {
                    return true;
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            'y' | 'm' | 'd' | 'h' | 's' | '年' | '月' | '日' => return true,
            _ => {}
        }
    }
    false
}

/// A cell being read: where it is, its style and formula, and its value's
/// type and text once its `Data` has been read.
struct PendingCell {
    row: u32,
    col: u32,
    style: Option<String>,
    formula: Option<String>,
    data: Option<(String, String)>,
}

/// Reading one sheet.
struct SheetReader<'d> {
    doc: &'d Document,
    sheet: &'d str,
    /// Column styles as (first, last, style) in column order.
    columns: Vec<(u64, u64, String)>,
    next_column: u64,
    table_style: Option<String>,
    row: Option<u64>,
    row_style: Option<String>,
    row_ticked: bool,
    next_row: u64,
    next_col: u64,
}

fn index(sheet: &str, value: Option<String>) -> Result<Option<u64>, OpenError> {
    match value {
        None => Ok(None),
        Some(v) => match v.trim().parse::<u64>() {
            Ok(n) => Ok(Some(n)),
            Err(_) => Err(refuse(XmlRefusal::BadIndex {
                sheet: sheet.to_string(),
                value: v,
            })),
        },
    }
}

impl<'d> SheetReader<'d> {
    fn out_of_sheet(&self, row: u64, col: u64) -> OpenError {
        refuse(XmlRefusal::OutOfSheet {
            sheet: self.sheet.to_string(),
            row: row.saturating_add(1),
            col: col.saturating_add(1),
        })
    }

    fn out_of_order(&self, row: u64, col: u64) -> OpenError {
        refuse(XmlRefusal::OutOfOrder {
            sheet: self.sheet.to_string(),
            cell: cell_ref(row as u32, col as u32),
        })
    }

    fn column(&mut self, e: &BytesStart<'_>, budget: &mut Budget) -> Result<(), OpenError> {
        let first = match index(self.sheet, attr(e, "Index")?)? {
            Some(i) if i >= 1 => i - 1,
            Some(_) => return Err(self.out_of_order(0, 0)),
            None => self.next_column,
        };
        let span = index(self.sheet, attr(e, "Span")?)?.unwrap_or(0);
        let last = first.saturating_add(span);
        if first < self.next_column {
            return Err(self.out_of_order(0, first));
        }
        if last >= MAX_COLS {
            return Err(self.out_of_sheet(0, last));
        }
        self.next_column = last + 1;
        if let Some(style) = attr(e, "StyleID")? {
            budget.tick(ENTRY_COST)?;
            self.columns.push((first, last, style));
        }
        Ok(())
    }

    fn start_row(&mut self, e: &BytesStart<'_>) -> Result<(), OpenError> {
        let row = match index(self.sheet, attr(e, "Index")?)? {
            Some(i) if i >= 1 => i - 1,
            Some(_) => return Err(self.out_of_order(0, 0)),
            None => self.next_row,
        };
        if row >= MAX_ROWS {
            return Err(self.out_of_sheet(row, 0));
        }
        if row < self.next_row {
            return Err(self.out_of_order(row, 0));
        }
        // A row with a span stands for itself and the rows after it, all
        // alike; only formatting is ever written that way.
        let span = index(self.sheet, attr(e, "Span")?)?.unwrap_or(0);
        self.next_row = row.saturating_add(span).saturating_add(1);
        self.row = Some(row);
        self.row_style = attr(e, "StyleID")?;
        self.row_ticked = false;
        self.next_col = 0;
        Ok(())
    }

    fn start_cell(&mut self, e: &BytesStart<'_>) -> Result<Option<PendingCell>, OpenError> {
        // A cell outside a row has no place; Excel ignores it too.
        let Some(row) = self.row else {
            return Ok(None);
        };
        let col = match index(self.sheet, attr(e, "Index")?)? {
            Some(i) if i >= 1 => i - 1,
            Some(_) => return Err(self.out_of_order(row, 0)),
            None => self.next_col,
        };
        if col >= MAX_COLS {
            return Err(self.out_of_sheet(row, col));
        }
        if col < self.next_col {
            return Err(self.out_of_order(row, col));
        }
        // A merged cell holds its value in its first cell, like .xlsx; the
        // cells it covers to the right are skipped in counting. Cells it
        // covers below are not (the file places those rows' cells itself).
        let across = index(self.sheet, attr(e, "MergeAcross")?)?.unwrap_or(0);
        index(self.sheet, attr(e, "MergeDown")?)?;
        self.next_col = col.saturating_add(across).saturating_add(1);
        Ok(Some(PendingCell {
            row: row as u32,
            col: col as u32,
            style: attr(e, "StyleID")?,
            formula: attr(e, "Formula")?,
            data: None,
        }))
    }

    /// The style that formats a cell: its own, else its row's, its
    /// column's, the table's, or the workbook's default.
    fn is_date(&self, cell: &PendingCell) -> bool {
        let col = cell.col as u64;
        let column = self
            .columns
            .partition_point(|(first, _, _)| *first <= col)
            .checked_sub(1)
            .and_then(|i| self.columns.get(i))
            .filter(|(_, last, _)| col <= *last)
            .map(|(_, _, s)| s);
        let style = cell
            .style
            .as_ref()
            .or(self.row_style.as_ref())
            .or(column)
            .or(self.table_style.as_ref())
            .map(String::as_str)
            .unwrap_or("Default");
        self.doc.date_styles.get(style).copied().unwrap_or(false)
    }

    fn emit(
        &mut self,
        cell: PendingCell,
        sink: &mut dyn CellSink,
        budget: &mut Budget,
    ) -> Result<(), OpenError> {
        let is_date = self.is_date(&cell);
        let value = match &cell.data {
            Some((ty, text)) => value(ty, text, is_date, self.doc.is_1904),
            None => match cell.formula {
                Some(f) if !f.trim().is_empty() => Some(CellRef::Uncalculated(f)),
                _ => None,
            },
        };
        if let Some(value) = value {
            if !self.row_ticked {
                self.row_ticked = true;
                budget.tick(ROW_COST)?;
            }
            budget.tick(value.cost())?;
            sink.cell(cell.row, cell.col, value);
        }
        Ok(())
    }
}

/// A value from its `ss:Type` and text.
fn value<'a>(ty: &str, text: &'a str, is_date: bool, is_1904: bool) -> Option<CellRef<'a>> {
    match ty {
        "Number" => match text.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Some(if is_date {
                serial_cell(n, is_1904)
            } else {
                CellRef::Number(n)
            }),
            // What Excel would refuse, shown as written for the column
            // reading it to judge.
            _ => super::text_ref(text),
        },
        "DateTime" => match parse_datetime(text) {
            Some(dt) => {
                let serial = serial_of(dt, is_1904);
                // Unformatted, a date shows as its serial number, in
                // Excel as in .xlsx.
                Some(if is_date && serial >= 1.0 {
                    CellRef::Date(dt.date())
                } else {
                    CellRef::Number(serial)
                })
            }
            None => super::text_ref(text),
        },
        "Boolean" => match text.trim() {
            "1" | "true" | "TRUE" => Some(CellRef::Bool(true)),
            "0" | "false" | "FALSE" => Some(CellRef::Bool(false)),
            _ => super::text_ref(text),
        },
        "Error" => {
            let e = text.trim();
            (!e.is_empty()).then(|| CellRef::Error(e.to_string()))
        }
        _ => super::text_ref(text),
    }
}

/// A number formatted as a date: the date, or the number where it is a
/// time of day or no date at all.
fn serial_cell<'a>(n: f64, is_1904: bool) -> CellRef<'a> {
    if n < 1.0 {
        return CellRef::Number(n);
    }
    match normalize::excel_serial_to_date(n, is_1904) {
        Some(d) => CellRef::Date(d),
        None => CellRef::Number(n),
    }
}

fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            return Some(dt);
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// The serial number Excel gives a date and time in the workbook's date
/// system, counting the 1900 system's phantom 29 February.
fn serial_of(dt: NaiveDateTime, is_1904: bool) -> f64 {
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let date = dt.date();
    let days = if is_1904 {
        (date - ymd(1904, 1, 1)).num_days()
    } else if date < ymd(1900, 3, 1) {
        (date - ymd(1899, 12, 31)).num_days()
    } else {
        (date - ymd(1899, 12, 30)).num_days()
    };
    days as f64 + f64::from(dt.num_seconds_from_midnight()) / 86_400.0
}

impl Document {
    /// Streams one sheet's cells into `sink`, booking each against the
    /// budget as the other formats do.
    pub fn read_sheet(
        &self,
        name: &str,
        sink: &mut dyn CellSink,
        budget: &mut Budget,
    ) -> Result<(), OpenError> {
        let Some((sheet, start)) = self.sheets.iter().find(|(n, _)| n == name) else {
            return Err(OpenError::Corrupt(format!("no sheet named \"{name}\"")));
        };
        let mut reader = Reader::from_str(&self.text[*start..]);
        let mut r = SheetReader {
            doc: self,
            sheet,
            columns: Vec::new(),
            next_column: 0,
            table_style: None,
            row: None,
            row_style: None,
            row_ticked: false,
            next_row: 0,
            next_col: 0,
        };
        // Depth inside the worksheet: 1 worksheet, 2 table, 3 row or
        // column, 4 cell, 5 data or comment, deeper for rich text.
        let mut depth = 0usize;
        let mut in_table = false;
        let mut cell: Option<PendingCell> = None;
        // Inside a cell's Data: its type and text so far.
        let mut data: Option<(String, String)> = None;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| xml_error(e, reader.error_position()))?;
            budget.tick(0)?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let is_start = matches!(event, Event::Start(_));
                    let n = e.name();
                    let n = local(n.as_ref());
                    let level = depth + 1;
                    match (level, n) {
                        // A worksheet written as an empty element.
                        (1, _) if !is_start => return Ok(()),
                        (2, "Table") => {
                            in_table = is_start;
                            r.table_style = attr(e, "StyleID")?;
                        }
                        (3, "Column") if in_table => r.column(e, budget)?,
                        (3, "Row") if in_table => {
                            r.start_row(e)?;
                            if !is_start {
                                r.row = None;
                            }
                        }
                        (4, "Cell") if r.row.is_some() => {
                            let c = r.start_cell(e)?;
                            if is_start {
                                cell = c;
                            } else if let Some(c) = c {
                                r.emit(c, sink, budget)?;
                            }
                        }
                        (5, "Data") if cell.is_some() => {
                            let ty = attr(e, "Type")?.unwrap_or_default();
                            if is_start {
                                data = Some((ty, String::new()));
                            } else if let Some(c) = &mut cell {
                                c.data = Some((ty, String::new()));
                            }
                        }
                        _ => {}
                    }
                    if is_start {
                        depth = level;
                    }
                }
                Event::End(ref e) => {
                    let n = e.name();
                    let n = local(n.as_ref());
                    match (depth, n) {
                        (0 | 1, _) => return Ok(()),
                        (2, "Table") => in_table = false,
                        (3, "Row") => r.row = None,
                        (4, "Cell") => {
                            if let Some(c) = cell.take() {
                                r.emit(c, sink, budget)?;
                            }
                        }
                        (5, "Data") => {
                            if let (Some(c), Some(d)) = (&mut cell, data.take()) {
                                c.data = Some(d);
                            }
                        }
                        _ => {}
                    }
                    depth = depth.saturating_sub(1);
                }
                Event::Text(t) => {
                    if let Some((_, s)) = &mut data {
                        budget.charge(t.len() as u64)?;
                        s.push_str(&t.xml10_content());
                    }
                }
                Event::CData(t) => {
                    if let Some((_, s)) = &mut data {
                        budget.charge(t.len() as u64)?;
                        s.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(ref g) => {
                    let resolved = resolve_ref(g)?;
                    if let Some((_, s)) = &mut data {
                        s.push_str(&resolved);
                    }
                }
                Event::Eof => return Err(refuse(XmlRefusal::Truncated)),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests;
