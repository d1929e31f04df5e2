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

use super::limits::Budget;
use super::{CellRef, CellSink, FileKind, OpenError, ROW_COST};
use crate::i18n::Lang;
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
    UnknownEncoding { label: String },
    /// The text is not valid in the encoding it declares (or UTF-8).
    BadEncoding { label: String },
    /// A reference to an entity other than XML's own.
    Entity { name: String },
    /// A DTD declaring entities.
    DtdEntities,
    /// Elements nested deeper than [`MAX_DEPTH`].
    TooDeep { limit: usize },
    /// The XML stops before the workbook ends.
    Truncated,
    /// Not well-formed XML; `at` is the byte offset.
    Malformed { detail: String, at: u64 },
    /// An `ss:Index`, `ss:Span` or `ss:MergeAcross` that is not a number.
    BadIndex { sheet: String, value: String },
    /// A row or cell past the last row or column a sheet can have.
    OutOfSheet { sheet: String, row: u64, col: u64 },
    /// A row or cell placed before one already read, which Excel refuses.
    OutOfOrder { sheet: String, cell: String },
}

impl XmlRefusal {
    pub fn message(&self, lang: Lang) -> String {
        use XmlRefusal::*;
        match (self, lang) {
            (UnknownEncoding { label }, Lang::Zh) => {
                format!("Excel 2003 XML 文件声明的编码“{label}”无法识别")
            }
            (UnknownEncoding { label }, Lang::En) => format!(
                "the Excel 2003 XML file declares the encoding \"{label}\", which is not known"
            ),
            (BadEncoding { label }, Lang::Zh) => format!(
                "Excel 2003 XML 文件的内容不符合它声明的编码“{label}”（文件可能被另一种编码保存过），请在 Excel 中另存为 .xlsx"
            ),
            (BadEncoding { label }, Lang::En) => format!(
                "the Excel 2003 XML file's text is not valid {label}, the encoding it declares (it may have been saved in another); save it as .xlsx in Excel"
            ),
            (Entity { name }, Lang::Zh) => format!(
                "Excel 2003 XML 文件使用了自定义的 XML 实体“{name}”；表格从不如此，这类实体可被用作“XML 炸弹”，工具从不展开，未读即拒收"
            ),
            (Entity { name }, Lang::En) => format!(
                "the Excel 2003 XML file uses a custom XML entity \"{name}\"; spreadsheets never do, such entities can make an \"XML bomb\", and the tool never expands them; refused unread"
            ),
            (DtdEntities, Lang::Zh) => "Excel 2003 XML 文件在 DTD 中声明了 XML 实体；表格从不如此，这类实体可被用作“XML 炸弹”（十亿笑），工具从不展开，未读即拒收".into(),
            (DtdEntities, Lang::En) => "the Excel 2003 XML file declares XML entities in a DTD; spreadsheets never do, such entities can make an \"XML bomb\" (billion laughs), and the tool never expands them; refused unread".into(),
            (TooDeep { limit }, Lang::Zh) => format!(
                "Excel 2003 XML 文件的元素嵌套超过 {limit} 层；表格从不如此，拒收"
            ),
            (TooDeep { limit }, Lang::En) => format!(
                "the Excel 2003 XML file nests elements more than {limit} deep; spreadsheets never do; refused"
            ),
            (Truncated, Lang::Zh) => "Excel 2003 XML 文件不完整：内容在工作簿结束前就断了（可能下载或复制时中断），请重新导出".into(),
            (Truncated, Lang::En) => "the Excel 2003 XML file is incomplete: it stops before the workbook ends (a download or copy cut short?); export it again".into(),
            (Malformed { detail, at }, Lang::Zh) => {
                format!("Excel 2003 XML 文件格式有误（第 {at} 字节附近：{detail}）")
            }
            (Malformed { detail, at }, Lang::En) => {
                format!("the Excel 2003 XML file is malformed (near byte {at}: {detail})")
            }
            (BadIndex { sheet, value }, Lang::Zh) => {
                format!("工作表“{sheet}”中的行号或列号“{value}”不是有效数字")
            }
            (BadIndex { sheet, value }, Lang::En) => {
                format!("sheet \"{sheet}\" holds the row or column number \"{value}\", which is not a valid number")
            }
            (OutOfSheet { sheet, row, col }, Lang::Zh) => format!(
                "工作表“{sheet}”中有单元格位于第 {row} 行第 {col} 列，超出了表格最大范围（1048576 行、16384 列）"
            ),
            (OutOfSheet { sheet, row, col }, Lang::En) => format!(
                "sheet \"{sheet}\" places a cell at row {row}, column {col}, beyond the last row (1048576) or column (16384) a sheet has"
            ),
            (OutOfOrder { sheet, cell }, Lang::Zh) => format!(
                "工作表“{sheet}”的单元格 {cell} 排在已读到的单元格之前（ss:Index 倒退），Excel 也无法打开这样的文件"
            ),
            (OutOfOrder { sheet, cell }, Lang::En) => format!(
                "sheet \"{sheet}\" places cell {cell} before a cell already read (ss:Index going back), which Excel cannot open either"
            ),
        }
    }
}

impl std::fmt::Display for XmlRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

fn refuse(r: XmlRefusal) -> OpenError {
    OpenError::Xml(r)
}

/// Whether the start of a file says it is SpreadsheetML: an XML document
/// naming the spreadsheet namespace or Excel's processing instruction,
/// in whatever encoding.
pub(super) fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = match utf16(head) {
        Some(enc) => enc.decode_without_bom_handling(strip_bom(head)).0,
        None => String::from_utf8_lossy(head),
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('<') {
        return false;
    }
    let lower = text.to_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return false;
    }
    lower.contains("urn:schemas-microsoft-com:office:spreadsheet")
        || lower.contains("progid=\"excel.sheet\"")
        || lower.contains("progid='excel.sheet'")
}

fn utf16(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match head {
        [0xFF, 0xFE, ..] | [b'<', 0, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] | [0, b'<', ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        &bytes[2..]
    } else if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        &bytes[3..]
    } else {
        bytes
    }
}

/// The encoding the XML declaration names, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?.trim_start();
    if !decl.starts_with("<?xml") {
        return None;
    }
    let at = decl.find("encoding")? + "encoding".len();
    let rest = decl[at..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let value = &rest[1..];
    Some(value[..value.find(quote)?].trim().to_string())
}

/// The document as UTF-8 text, from UTF-8, UTF-16 or whatever encoding the
/// declaration names (platforms in China often write GB2312 or GBK).
fn decode(bytes: Vec<u8>, budget: &mut Budget) -> Result<String, OpenError> {
    let transcode = |enc: &'static encoding_rs::Encoding,
                     body: &[u8],
                     label: String,
                     budget: &mut Budget|
     -> Result<String, OpenError> {
        // The text is held beside the file's bytes: UTF-8 of Chinese from
        // GBK or UTF-16 is at most 1.5 times as long, plus replacements.
        budget.charge((body.len() as u64).saturating_mul(2))?;
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(refuse(XmlRefusal::BadEncoding { label }));
        }
        Ok(text.into_owned())
    };
    if let Some(enc) = utf16(&bytes) {
        return transcode(enc, strip_bom(&bytes), enc.name().to_string(), budget);
    }
    let has_bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    let label = if has_bom {
        None
    } else {
        declared_encoding(&bytes)
    };
    if let Some(label) = label {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            refuse(XmlRefusal::UnknownEncoding {
                label: label.clone(),
            })
        })?;
        // A declaration that could be read as ASCII is not in UTF-16,
        // whatever it says (those are caught by their bytes above).
        let ascii_compatible = enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE;
        if enc != encoding_rs::UTF_8 && ascii_compatible {
            return transcode(enc, &bytes, label, budget);
        }
    }
    let mut bytes = bytes;
    if has_bom {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|_| {
        refuse(XmlRefusal::BadEncoding {
            label: "UTF-8".into(),
        })
    })
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
    pub is_1904: bool,
}

impl Document {
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
mod tests {
    use super::super::{Cell, Workbook, open_bytes, open_bytes_with};
    use super::*;
    use crate::workbook::{Format, ReadLimits};

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
{body}
</Workbook>
"#
        )
    }

    fn read(xml: &str) -> Result<Workbook, OpenError> {
        open_bytes(xml.as_bytes().to_vec())
    }

    fn cells(wb: &Workbook, sheet: usize) -> Vec<(String, Cell)> {
        wb.sheets[sheet]
            .rows
            .iter()
            .flat_map(|r| {
                r.cells
                    .iter()
                    .map(move |(c, v)| (cell_ref(r.index, *c), v.clone()))
            })
            .collect()
    }

    fn refusal(xml: &str) -> XmlRefusal {
        match read(xml) {
            Err(OpenError::Xml(r)) => r,
            other => panic!("not refused: {other:?}"),
        }
    }

    const STYLES: &str = r##"<Styles>
  <Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical="Bottom"/></Style>
  <Style ss:ID="d"><NumberFormat ss:Format="Short Date"/></Style>
  <Style ss:ID="child" ss:Parent="d"><Font ss:Bold="1"/></Style>
  <Style ss:ID="cn"><NumberFormat ss:Format="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></Style>
  <Style ss:ID="count"><NumberFormat ss:Format="#,##0&quot;人&quot;"/></Style>
 </Styles>"##;

    #[test]
    fn reads_sheets_positions_and_types() {
        let xml = doc(&format!(
            r#"{STYLES}
 <Worksheet ss:Name="表一">
  <Table ss:ExpandedColumnCount="16384" ss:ExpandedRowCount="1048576">
   <Column ss:Index="7" ss:StyleID="d"/>
   <Row>
    <Cell ss:MergeAcross="1"><Data ss:Type="String">标题</Data></Cell>
    <Cell><Data ss:Type="String">C1</Data></Cell>
   </Row>
   <Row ss:Index="5">
    <Cell ss:Index="3"><Data ss:Type="Number">42.5</Data></Cell>
    <Cell ss:StyleID="d"><Data ss:Type="DateTime">2022-03-01T00:00:00.000</Data></Cell>
    <Cell ss:StyleID="child"><Data ss:Type="Number">44621</Data></Cell>
    <Cell><Data ss:Type="Number">44621</Data></Cell>
    <Cell><Data ss:Type="Number">44622</Data></Cell>
    <Cell ss:StyleID="cn"><Data ss:Type="Number">44623</Data></Cell>
    <Cell ss:StyleID="count"><Data ss:Type="Number">12</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="DateTime">2022-03-01T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="Boolean">1</Data></Cell>
    <Cell><Data ss:Type="String">０１２</Data></Cell>
    <Cell><Data ss:Type="Error">#DIV/0!</Data></Cell>
    <Cell><Data ss:Type="String">   </Data></Cell>
    <Cell ss:Formula="=1+1"/>
    <Cell ss:Formula="=RC[-1]"><Data ss:Type="Number">3</Data></Cell>
    <Cell ss:Index="16384"><Data ss:Type="String">XFD</Data></Cell>
   </Row>
   <Row ss:Index="1048576"><Cell><Data ss:Type="Number">1</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="Two"/>"#
        ));
        let wb = read(&xml).unwrap();
        assert_eq!(wb.format, Format::SpreadsheetMl);
        assert!(!wb.is_1904);
        let names: Vec<_> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["表一", "Two"]);
        let d = |y, m, dd| Cell::Date(NaiveDate::from_ymd_opt(y, m, dd).unwrap());
        let t = |s: &str| Cell::Text(s.into());
        assert_eq!(
            cells(&wb, 0),
            vec![
                ("A1".into(), t("标题")),
                ("C1".into(), t("C1")),
                ("C5".into(), Cell::Number(42.5)),
                ("D5".into(), d(2022, 3, 1)),
                ("E5".into(), d(2022, 3, 1)),
                ("F5".into(), Cell::Number(44621.0)),
                // A column's style formats its cells.
                ("G5".into(), d(2022, 3, 2)),
                ("H5".into(), d(2022, 3, 3)),
                ("I5".into(), Cell::Number(12.0)),
                // An unformatted date shows as its serial number.
                ("A6".into(), Cell::Number(44621.0)),
                ("B6".into(), Cell::Bool(true)),
                ("C6".into(), t("０１２")),
                ("D6".into(), Cell::Error("#DIV/0!".into())),
                ("F6".into(), Cell::Uncalculated("=1+1".into())),
                ("G6".into(), Cell::Number(3.0)),
                ("XFD6".into(), t("XFD")),
                ("A1048576".into(), Cell::Number(1.0)),
            ]
        );
        assert!(wb.sheets[1].rows.is_empty());
    }

    #[test]
    fn rich_text_references_and_comments() {
        let xml = doc(r##"<Worksheet ss:Name="S"><Table><Row>
<Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>粗</B><Font html:Color="#FF0000">体</Font> &amp; &#x4E2D;&#10;二</ss:Data><Comment ss:Author="x"><ss:Data><B>批注</B></ss:Data></Comment></Cell>
<Cell><Comment><ss:Data>only a comment</ss:Data></Comment></Cell>
<Cell><Data ss:Type="String"><![CDATA[<not a tag>]]></Data></Cell>
</Row></Table></Worksheet>"##);
        let wb = read(&xml).unwrap();
        assert_eq!(
            cells(&wb, 0),
            vec![
                ("A1".into(), Cell::Text("粗体 & 中\n二".into())),
                ("C1".into(), Cell::Text("<not a tag>".into())),
            ]
        );
    }

    #[test]
    fn the_1904_date_system() {
        let xml = doc(&format!(
            r#"<ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel"><Date1904/></ExcelWorkbook>
{STYLES}
<Worksheet ss:Name="S"><Table><Row>
<Cell ss:StyleID="d"><Data ss:Type="Number">43159</Data></Cell>
<Cell ss:StyleID="d"><Data ss:Type="DateTime">2022-03-01T00:00:00.000</Data></Cell>
<Cell><Data ss:Type="DateTime">1904-01-02T12:00:00.000</Data></Cell>
</Row></Table></Worksheet>"#
        ));
        let wb = read(&xml).unwrap();
        assert!(wb.is_1904);
        let d = Cell::Date(NaiveDate::from_ymd_opt(2022, 3, 1).unwrap());
        assert_eq!(
            cells(&wb, 0),
            vec![
                ("A1".into(), d.clone()),
                ("B1".into(), d),
                ("C1".into(), Cell::Number(1.5)),
            ]
        );
    }

    #[test]
    fn date_formats_are_told_from_number_formats() {
        for f in [
            "Short Date",
            "yyyy-mm-dd",
            "yyyy\"年\"m\"月\"d\"日\"",
            "[$-804]yyyy年m月d日",
            "h:mm",
            "[h]:mm",
            "m/d/yy",
        ] {
            assert!(is_date_format(f), "{f}");
        }
        for f in [
            "General",
            "0",
            "#,##0\"人\"",
            "0.00E+00",
            "[Red]0.00",
            "\"days\"0",
            "@",
            "Percent",
            "0_);(0)",
        ] {
            assert!(!is_date_format(f), "{f}");
        }
        // 1900-01-01 is day 1, 1900-03-01 day 61, across the phantom day.
        let at = |y, m, d| {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        };
        assert_eq!(serial_of(at(1900, 1, 1), false), 1.0);
        assert_eq!(serial_of(at(1900, 3, 1), false), 61.0);
        assert_eq!(serial_of(at(2022, 3, 1), false), 44621.0);
        assert_eq!(serial_of(at(2022, 3, 1), true), 43159.0);
    }

    #[test]
    fn encodings_declared_or_marked() {
        let xml = doc(
            r#"<Worksheet ss:Name="名册"><Table><Row><Cell><Data ss:Type="String">幸福里小区</Data></Cell></Row></Table></Worksheet>"#,
        )
        .replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"GB2312\"?>");
        let (gbk, _, _) = encoding_rs::GBK.encode(&xml);
        let wb = open_bytes(gbk.into_owned()).unwrap();
        assert_eq!(wb.sheets[0].name, "名册");
        assert_eq!(cells(&wb, 0)[0].1, Cell::Text("幸福里小区".into()));

        let plain = xml.replace(" encoding=\"GB2312\"", "");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(plain.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let wb = open_bytes(utf16).unwrap();
        assert_eq!(cells(&wb, 0)[0].1, Cell::Text("幸福里小区".into()));

        // Says UTF-16, is UTF-8: read by its bytes.
        let mislabelled = xml.replace("GB2312", "UTF-16");
        assert_eq!(
            cells(&read(&mislabelled).unwrap(), 0)[0].1,
            Cell::Text("幸福里小区".into())
        );

        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(plain.as_bytes());
        assert_eq!(open_bytes(bom).unwrap().sheets[0].name, "名册");

        // Says UTF-8, holds GBK.
        let (gbk, _, _) = encoding_rs::GBK.encode(&plain);
        assert_eq!(
            match open_bytes(gbk.into_owned()) {
                Err(OpenError::Xml(r)) => r,
                other => panic!("{other:?}"),
            },
            XmlRefusal::BadEncoding {
                label: "UTF-8".into()
            }
        );
        let odd = xml.replace("GB2312", "klingon");
        assert_eq!(
            refusal(&odd),
            XmlRefusal::UnknownEncoding {
                label: "klingon".into()
            }
        );
    }

    #[test]
    fn entities_are_refused_never_expanded() {
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE Workbook [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">&lol3;</Data></Cell></Row></Table></Worksheet>
</Workbook>"#;
        assert_eq!(refusal(laughs), XmlRefusal::DtdEntities);
        // An entity nobody declared, in text or in an attribute.
        let undeclared = doc(
            r#"<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">&xxe;</Data></Cell></Row></Table></Worksheet>"#,
        );
        assert_eq!(
            refusal(&undeclared),
            XmlRefusal::Entity {
                name: "&xxe;".into()
            }
        );
        let in_attr = doc(r#"<Worksheet ss:Name="&xxe;"/>"#);
        assert!(matches!(refusal(&in_attr), XmlRefusal::Entity { .. }));
        // A DTD without entities is harmless and ignored.
        let plain_dtd = doc(r#"<Worksheet ss:Name="S"/>"#).replacen(
            "<Workbook",
            "<!DOCTYPE Workbook>\n<Workbook",
            1,
        );
        assert_eq!(read(&plain_dtd).unwrap().sheets.len(), 1);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = doc(&format!(
            r#"<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">{}x{}</Data></Cell></Row></Table></Worksheet>"#,
            "<B>".repeat(200_000),
            "</B>".repeat(200_000)
        ));
        assert_eq!(refusal(&deep), XmlRefusal::TooDeep { limit: MAX_DEPTH });
        // Just inside the limit reads.
        let ok = doc(&format!(
            r#"<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">{}x{}</Data></Cell></Row></Table></Worksheet>"#,
            "<B>".repeat(MAX_DEPTH - 6),
            "</B>".repeat(MAX_DEPTH - 6)
        ));
        assert_eq!(cells(&read(&ok).unwrap(), 0)[0].1, Cell::Text("x".into()));
    }

    #[test]
    fn truncated_anywhere_is_refused() {
        let xml = doc(&format!(
            r#"{STYLES}<Worksheet ss:Name="S"><Table><Row><Cell ss:StyleID="d"><Data ss:Type="Number">44621</Data></Cell><Cell><Data ss:Type="String">完整</Data></Cell></Row></Table></Worksheet>"#
        ));
        let end = xml.find("</Workbook>").unwrap();
        let mut cuts: Vec<usize> = (1..end).step_by(7).collect();
        cuts.push(end + 3);
        for cut in cuts {
            if !xml.is_char_boundary(cut) {
                continue;
            }
            match read(&xml[..cut]) {
                Err(OpenError::Xml(XmlRefusal::Truncated))
                | Err(OpenError::Xml(XmlRefusal::Malformed { .. }))
                | Err(OpenError::NotAWorkbook(_)) => {}
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
        assert!(read(&xml).is_ok());
        assert_eq!(
            refusal(&xml[..xml.find("</Row>").unwrap()]),
            XmlRefusal::Truncated
        );
    }

    #[test]
    fn impossible_positions_are_refused() {
        let sheet = |rows: &str| {
            doc(&format!(
                r#"<Worksheet ss:Name="S"><Table>{rows}</Table></Worksheet>"#
            ))
        };
        assert!(matches!(
            refusal(&sheet(
                r#"<Row><Cell ss:Index="16385"><Data ss:Type="Number">1</Data></Cell></Row>"#
            )),
            XmlRefusal::OutOfSheet { col: 16385, .. }
        ));
        assert!(matches!(
            refusal(&sheet(r#"<Row ss:Index="1048577"/>"#)),
            XmlRefusal::OutOfSheet { row: 1048577, .. }
        ));
        assert!(matches!(
            refusal(&sheet(
                r#"<Row><Cell ss:Index="99999999999999999999999"/></Row>"#
            )),
            XmlRefusal::BadIndex { .. }
        ));
        assert!(matches!(
            refusal(&sheet(r#"<Row><Cell ss:MergeAcross="-3"/></Row>"#)),
            XmlRefusal::BadIndex { .. }
        ));
        assert_eq!(
            refusal(&sheet(
                r#"<Row ss:Index="3"/><Row ss:Index="2"><Cell><Data ss:Type="Number">1</Data></Cell></Row>"#
            )),
            XmlRefusal::OutOfOrder {
                sheet: "S".into(),
                cell: "A2".into()
            }
        );
        assert!(matches!(
            refusal(&sheet(
                r#"<Row><Cell ss:Index="3"/><Cell ss:Index="2"/></Row>"#
            )),
            XmlRefusal::OutOfOrder { .. }
        ));
        // A merge that runs off the sheet is harmless until a cell follows it.
        assert!(read(&sheet(r#"<Row><Cell ss:Index="16384" ss:MergeAcross="18446744073709551615" ss:MergeDown="18446744073709551615"/></Row>"#)).is_ok());
        assert!(matches!(
            refusal(&sheet(
                r#"<Row><Cell ss:MergeAcross="16384"/><Cell/></Row>"#
            )),
            XmlRefusal::OutOfSheet { .. }
        ));
    }

    #[test]
    fn cells_are_booked_against_the_budget() {
        // A million merged cells and an enormous declared size read as
        // the cells really there; cells past the budget are refused.
        let row: String = (0..500)
            .map(|_| r#"<Cell ss:MergeAcross="3" ss:MergeDown="1048575"><Data ss:Type="String">x</Data></Cell>"#)
            .collect();
        let rows: String = (0..20).map(|_| format!("<Row>{row}</Row>")).collect();
        let xml = doc(&format!(
            r#"<Worksheet ss:Name="S"><Table ss:ExpandedColumnCount="16384" ss:ExpandedRowCount="1048576">{rows}</Table></Worksheet>"#
        ));
        let wb = read(&xml).unwrap();
        assert_eq!(wb.sheets[0].rows.len(), 20);
        assert_eq!(wb.sheets[0].rows[0].cells.len(), 500);
        assert_eq!(wb.sheets[0].rows[0].cells[1].0, 4);
        let tight = ReadLimits {
            max_memory_bytes: xml.len() as u64 + 300_000,
            ..ReadLimits::default()
        };
        assert!(matches!(
            open_bytes_with(xml.into_bytes(), &tight),
            Err(OpenError::OverMemory { .. })
        ));
    }

    /// The time budget holds while the document is checked and read.
    #[test]
    fn the_time_budget_holds() {
        let rows: String = (0..5000)
            .map(|_| r#"<Row><Cell><Data ss:Type="Number">1</Data></Cell></Row>"#)
            .collect();
        let xml = doc(&format!(
            r#"<Worksheet ss:Name="S"><Table>{rows}</Table></Worksheet>"#
        ));
        let none = ReadLimits {
            max_time: Some(std::time::Duration::ZERO),
            ..ReadLimits::default()
        };
        assert!(matches!(
            open_bytes_with(xml.into_bytes(), &none),
            Err(OpenError::TimedOut { .. })
        ));
    }

    /// Generators that prefix every element read the same.
    #[test]
    fn prefixed_elements() {
        let xml = r#"<?xml version="1.0"?>
<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<ss:Styles><ss:Style ss:ID="d"><ss:NumberFormat ss:Format="yyyy/m/d"/></ss:Style></ss:Styles>
<ss:Worksheet ss:Name="S"><ss:Table><ss:Row ss:Index="2"><ss:Cell ss:Index="2" ss:StyleID="d"><ss:Data ss:Type="Number">44621</ss:Data></ss:Cell></ss:Row></ss:Table></ss:Worksheet>
</ss:Workbook>"#;
        let wb = read(xml).unwrap();
        assert_eq!(
            cells(&wb, 0),
            vec![(
                "B2".into(),
                Cell::Date(NaiveDate::from_ymd_opt(2022, 3, 1).unwrap())
            )]
        );
    }

    /// Damaged anywhere, a file is read or refused, never a panic.
    #[test]
    fn random_damage_never_panics() {
        let xml = doc(&format!(
            r#"{STYLES}<Worksheet ss:Name="S"><Table><Column ss:Index="2" ss:StyleID="d"/><Row ss:Index="2"><Cell ss:MergeAcross="1" ss:StyleID="d"><Data ss:Type="Number">44621</Data></Cell><Cell ss:Formula="=1"/><Cell><ss:Data ss:Type="String"><B>a</B>&amp;&#10;</ss:Data></Cell><Cell><Data ss:Type="DateTime">2022-03-01T00:00:00</Data></Cell></Row></Table></Worksheet>"#
        ))
        .into_bytes();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let bytes = b"<>/&;\"'=:0123456789-xX#\xff\xfe\x00";
        for _ in 0..3000 {
            let mut m = xml.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() % m.len() as u64) as usize;
                match next() % 3 {
                    0 => m[at] = bytes[(next() % bytes.len() as u64) as usize],
                    1 => {
                        m.remove(at);
                    }
                    _ => m.insert(at, bytes[(next() % bytes.len() as u64) as usize]),
                }
            }
            let _ = open_bytes(m);
        }
    }

    #[test]
    fn sniffing() {
        assert!(sniff(doc("").as_bytes()));
        assert!(sniff(
            b"<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?><Workbook>"
        ));
        assert!(!sniff(b"<?xml version=\"1.0\"?><root/>"));
        assert!(!sniff(
            b"<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><table></table></html>"
        ));
        // Not a workbook at the root.
        assert_eq!(
            read(r#"<?xml version="1.0"?><Other xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>"#).err(),
            Some(OpenError::NotAWorkbook(FileKind::Xml))
        );
    }
}
