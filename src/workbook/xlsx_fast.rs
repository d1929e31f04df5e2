//! The `.xlsx`/`.xlsm` reader on the hot path: one streaming pass over each
//! sheet's XML, parsed from the inflated bytes in place.
//!
//! It reads exactly what calamine's `.xlsx` reader reads — the same cells at
//! the same positions with the same values, dates and errors — and hands
//! anything it does not handle the same way to calamine (see `workbook.rs`):
//! a workbook whose parts it cannot open is opened by calamine from the
//! start, and a sheet it cannot finish is read by calamine, skipping the
//! cells already delivered. So every file reads as calamine reads it, and
//! the common case costs little more than inflating the XML.
//!
//! How it stays cheap:
//! - the sheet XML is inflated in blocks and parsed from the block
//!   (quick-xml on borrowed text), cut after a complete `</row>`, so no cell
//!   is copied or allocated;
//! - the shared strings are decoded once into one buffer and handed out as
//!   borrowed slices;
//! - the number formats of the cell styles are read once, so a date is
//!   recognised by the style index alone;
//! - a formula saved without a value is seen in the same pass.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

use calamine::{ExcelDateTime, ExcelDateTimeType};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use zip::ZipArchive;
use zip::result::ZipError;

use super::limits::Budget;
use super::{CellRef, CellSink, OpenError, ROW_COST, date_ref, iso_ref, text_ref};

/// The file's bytes, shared by this reader and, should it be needed,
/// calamine's, without a copy.
#[derive(Clone)]
pub(crate) struct SharedBytes(pub Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Something this reader does not handle as calamine would: the file or
/// sheet goes to calamine, which reads it or says why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unsupported;

impl From<quick_xml::Error> for Unsupported {
    fn from(_: quick_xml::Error) -> Self {
        Unsupported
    }
}

impl From<quick_xml::events::attributes::AttrError> for Unsupported {
    fn from(_: quick_xml::events::attributes::AttrError) -> Self {
        Unsupported
    }
}

impl From<quick_xml::escape::EscapeError> for Unsupported {
    fn from(_: quick_xml::escape::EscapeError) -> Self {
        Unsupported
    }
}

type Fast<T> = Result<T, Unsupported>;

/// Why reading a sheet stopped early.
enum Stop {
    /// Hand the rest to calamine.
    Unsupported,
    /// A limit was passed: the file is refused.
    Limit(OpenError),
}

impl From<Unsupported> for Stop {
    fn from(_: Unsupported) -> Self {
        Stop::Unsupported
    }
}

impl From<quick_xml::Error> for Stop {
    fn from(_: quick_xml::Error) -> Self {
        Stop::Unsupported
    }
}

impl From<quick_xml::events::attributes::AttrError> for Stop {
    fn from(_: quick_xml::events::attributes::AttrError) -> Self {
        Stop::Unsupported
    }
}

/// What a cell style says about its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberKind {
    Other,
    DateTime,
    Duration,
}

/// How reading a sheet ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SheetRead {
    Done,
    /// The rest of the sheet is for calamine; this many cells were already
    /// handed to the sink.
    Fallback {
        delivered: u64,
    },
}

/// An open `.xlsx` workbook: its sheets, shared strings and number formats.
pub(crate) struct FastXlsx {
    zip: ZipArchive<Cursor<SharedBytes>>,
    /// Lower-cased part name (with `/`) → the name in the archive, as
    /// calamine looks parts up.
    parts: HashMap<String, String>,
    /// Sheet names in workbook order, with the part each is stored in.
    sheets: Vec<(String, String)>,
    /// Every shared string, one after another.
    text: String,
    /// Where each shared string starts and ends in `text`.
    strings: Vec<(usize, usize)>,
    formats: Vec<NumberKind>,
    is_1904: bool,
}

/// Sheet XML is inflated this much at a time.
const BLOCK: usize = 256 * 1024;
/// Before `<sheetData>` a sheet holds views, column widths and the like: a
/// few kilobytes. Beyond this the sheet goes to calamine.
const MAX_HEAD: usize = 8 * 1024 * 1024;

impl FastXlsx {
    /// Opens the workbook's parts as calamine's `Xlsx::new` does, or says
    /// it cannot.
    pub(crate) fn open(bytes: SharedBytes) -> Fast<FastXlsx> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Unsupported)?;
        let mut parts = HashMap::with_capacity(zip.len());
        for name in zip.file_names() {
            let name = name.map_err(|_| Unsupported)?;
            parts.insert(
                name.replace('\\', "/").to_ascii_lowercase(),
                name.to_string(),
            );
        }
        let mut wb = FastXlsx {
            zip,
            parts,
            sheets: Vec::new(),
            text: String::new(),
            strings: Vec::new(),
            formats: Vec::new(),
            is_1904: false,
        };
        let (xl_path, workbook_name) = wb.package_relationships()?;
        wb.shared_strings(&xl_path)?;
        wb.styles(&xl_path)?;
        let rels = wb.workbook_relationships(&xl_path, &workbook_name)?;
        wb.workbook(&xl_path, &workbook_name, &rels)?;
        Ok(wb)
    }

    pub(crate) fn is_1904(&self) -> bool {
        self.is_1904
    }

    pub(crate) fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _)| n.clone()).collect()
    }

    fn part_name<'a>(&'a self, path: &'a str) -> &'a str {
        self.parts
            .get(&path.to_ascii_lowercase())
            .map(String::as_str)
            .unwrap_or(path)
    }

    /// A whole (small) part as text, or `None` where the archive lacks it.
    fn part(&mut self, path: &str) -> Fast<Option<String>> {
        let name = self.part_name(path).to_string();
        let mut file = match self.zip.by_name(&name) {
            Ok(f) => f,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(_) => return Err(Unsupported),
        };
        let mut bytes = Vec::with_capacity(file.size().min(64 << 20) as usize);
        file.read_to_end(&mut bytes).map_err(|_| Unsupported)?;
        let text = String::from_utf8(bytes).map_err(|_| Unsupported)?;
        check_declaration(&text)?;
        Ok(Some(text))
    }

    fn package_relationships(&mut self) -> Fast<(String, String)> {
        let text = self.part("_rels/.rels")?.ok_or(Unsupported)?;
        let mut xml = reader(&text);
        loop {
            match xml.read_event()? {
                Event::Start(e) if e.local_name().as_ref() == "Relationships" => break,
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        let mut target = None;
        loop {
            match xml.read_event()? {
                Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                    let [typ, tgt] = attrs(&e, ["Type", "Target"])?;
                    if typ.is_some_and(|t| t.ends_with("/relationships/officeDocument"))
                        && let Some(t) = tgt
                    {
                        target = Some(decode_attr(t)?);
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "Relationships" => break,
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        let target = target.ok_or(Unsupported)?;
        let (dir, name) = match target.rfind('/') {
            Some(i) => target.split_at(i + 1),
            None => ("", target.as_str()),
        };
        let xl_path = dir.strip_prefix('/').unwrap_or(dir).to_string();
        let name = if name.is_empty() {
            "workbook.xml".to_string()
        } else {
            name.to_string()
        };
        Ok((xl_path, name))
    }

    fn shared_strings(&mut self, xl_path: &str) -> Fast<()> {
        let Some(text) = self.part(&format!("{xl_path}sharedStrings.xml"))? else {
            return Ok(());
        };
        let mut xml = reader(&text);
        loop {
            match xml.read_event()? {
                Event::Start(e) if e.local_name().as_ref() == "sst" => {
                    if let Some(n) = raw_attr(&e, "uniqueCount")?
                        && let Ok(n) = atoi_simd::parse::<usize, true, false>(n.as_bytes())
                    {
                        self.strings.reserve(n.min(text.len() / 8));
                    }
                    break;
                }
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        self.text.reserve(text.len() / 2);
        let mut scratch = String::new();
        loop {
            match xml.read_event()? {
                Event::Start(e) if e.local_name().as_ref() == "si" => {
                    let start = self.text.len();
                    read_string(&mut xml, e.name().as_ref(), &mut self.text, &mut scratch)?;
                    self.strings.push((start, self.text.len()));
                }
                Event::End(e) if e.local_name().as_ref() == "sst" => break,
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        self.text.shrink_to_fit();
        self.strings.shrink_to_fit();
        Ok(())
    }

    /// The number format of each cell style, for telling dates; the rest
    /// of the styles is not needed.
    fn styles(&mut self, xl_path: &str) -> Fast<()> {
        let Some(text) = self.part(&format!("{xl_path}styles.xml"))? else {
            return Ok(());
        };
        let mut xml = reader(&text);
        let mut custom: HashMap<String, String> = HashMap::new();
        loop {
            match xml.read_event()? {
                Event::Start(e) if e.local_name().as_ref() == "numFmts" => loop {
                    match xml.read_event()? {
                        Event::Start(e) if e.local_name().as_ref() == "numFmt" => {
                            let [id, code] = attrs(&e, ["numFmtId", "formatCode"])?;
                            if let (Some(id), Some(code)) = (id, code) {
                                custom.insert(id.to_string(), decode_attr(code)?);
                            }
                        }
                        Event::End(e) if e.local_name().as_ref() == "numFmts" => break,
                        Event::Eof => return Err(Unsupported),
                        _ => {}
                    }
                },
                // Fonts, fills and borders carry nothing the tool uses, but
                // what calamine refuses in them is refused here too.
                Event::Start(e) if e.local_name().as_ref() == "fonts" => loop {
                    match xml.read_event()? {
                        Event::Start(e) if e.local_name().as_ref() == "font" => {
                            check_font(&mut xml)?
                        }
                        Event::End(e) if e.local_name().as_ref() == "fonts" => break,
                        Event::Eof => return Err(Unsupported),
                        _ => {}
                    }
                },
                Event::Start(e) if e.local_name().as_ref() == "fills" => loop {
                    match xml.read_event()? {
                        Event::Start(e) if e.local_name().as_ref() == "fill" => {
                            check_fill(&mut xml)?
                        }
                        Event::End(e) if e.local_name().as_ref() == "fills" => break,
                        Event::Eof => return Err(Unsupported),
                        _ => {}
                    }
                },
                Event::Start(e) if e.local_name().as_ref() == "borders" => loop {
                    match xml.read_event()? {
                        Event::Start(e) if e.local_name().as_ref() == "border" => {
                            check_border(&mut xml, &e)?
                        }
                        Event::End(e) if e.local_name().as_ref() == "borders" => break,
                        Event::Eof => return Err(Unsupported),
                        _ => {}
                    }
                },
                Event::Start(e) if e.local_name().as_ref() == "cellXfs" => loop {
                    match xml.read_event()? {
                        Event::Start(e) if e.local_name().as_ref() == "xf" => {
                            let [id, ..] = attrs(&e, ["numFmtId", "fontId", "fillId", "borderId"])?;
                            self.formats.push(match id {
                                None => NumberKind::Other,
                                Some(id) => match custom.get(id) {
                                    Some(code) => custom_format_kind(code),
                                    None => builtin_format_kind(id),
                                },
                            });
                            loop {
                                match xml.read_event()? {
                                    Event::End(c) if c.local_name().as_ref() == "xf" => break,
                                    Event::Eof => return Err(Unsupported),
                                    Event::Start(c) if c.local_name().as_ref() == "alignment" => {
                                        attrs(
                                            &c,
                                            [
                                                "horizontal",
                                                "vertical",
                                                "wrapText",
                                                "textRotation",
                                                "indent",
                                                "shrinkToFit",
                                            ],
                                        )?;
                                    }
                                    Event::Start(c) if c.local_name().as_ref() == "protection" => {
                                        attrs(&c, ["locked", "hidden"])?;
                                    }
                                    _ => {}
                                }
                            }
                        }
                        Event::End(e) if e.local_name().as_ref() == "cellXfs" => break,
                        Event::Eof => return Err(Unsupported),
                        _ => {}
                    }
                },
                Event::End(e) if e.local_name().as_ref() == "styleSheet" => break,
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        Ok(())
    }

    fn workbook_relationships(
        &mut self,
        xl_path: &str,
        workbook_name: &str,
    ) -> Fast<HashMap<String, (String, String)>> {
        let text = self
            .part(&format!("{xl_path}_rels/{workbook_name}.rels"))?
            .ok_or(Unsupported)?;
        let mut xml = reader(&text);
        let mut rels = HashMap::new();
        loop {
            match xml.read_event()? {
                Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                    let [id, typ, target] = attrs(&e, ["Id", "Type", "Target"])?;
                    if let Some(id) = id {
                        rels.insert(
                            id.to_string(),
                            (
                                target.unwrap_or_default().to_string(),
                                typ.unwrap_or_default().to_string(),
                            ),
                        );
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "Relationships" => break,
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        Ok(rels)
    }

    fn workbook(
        &mut self,
        xl_path: &str,
        workbook_name: &str,
        rels: &HashMap<String, (String, String)>,
    ) -> Fast<()> {
        let Some(text) = self.part(&format!("{xl_path}{workbook_name}"))? else {
            return Ok(());
        };
        let mut xml = reader(&text);
        let mut scratch = String::new();
        loop {
            match xml.read_event()? {
                Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                    let mut name = String::new();
                    let mut rel_id = "";
                    for attr in RawAttrs::new(e.attributes_raw()) {
                        let (key, val) = attr?;
                        match key {
                            "name" => name = decode_attr(val)?,
                            "state" if !matches!(val, "visible" | "hidden" | "veryHidden") => {
                                return Err(Unsupported);
                            }
                            k if local_name_matches(k, "id") => rel_id = val,
                            _ => {}
                        }
                    }
                    let (target, typ) = rels.get(rel_id).ok_or(Unsupported)?;
                    let path = match target.strip_prefix('/') {
                        Some(p) => p.to_string(),
                        None => format!("{xl_path}{target}"),
                    };
                    if !matches!(
                        typ.split('/').next_back(),
                        Some("worksheet" | "chartsheet" | "dialogsheet")
                    ) {
                        return Err(Unsupported);
                    }
                    self.sheets.push((name, path));
                }
                Event::Start(e) if e.local_name().as_ref() == "workbookPr" => {
                    if let Some(v) = raw_attr(&e, "date1904")? {
                        self.is_1904 = v == "1" || v == "true";
                    }
                }
                Event::Start(e) if e.local_name().as_ref() == "definedName" => {
                    if let Some(v) = raw_attr(&e, "name")? {
                        decode_attr(v)?;
                        scratch.clear();
                        read_text(&mut xml, e.name().as_ref(), &mut scratch)?;
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "workbook" => break,
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        Ok(())
    }

    /// Streams one sheet's cells into `sink`, booking each against the
    /// budget as calamine's path does. Limits passed are errors; anything
    /// else this reader does not handle ends in [`SheetRead::Fallback`].
    pub(crate) fn read_sheet(
        &mut self,
        name: &str,
        sink: &mut dyn CellSink,
        budget: &mut Budget,
    ) -> Result<SheetRead, OpenError> {
        let mut state = SheetState::default();
        match self.stream_sheet(name, sink, budget, &mut state) {
            Ok(()) => Ok(SheetRead::Done),
            Err(Stop::Limit(e)) => Err(e),
            Err(Stop::Unsupported) => Ok(SheetRead::Fallback {
                delivered: state.delivered,
            }),
        }
    }

    fn stream_sheet(
        &mut self,
        name: &str,
        sink: &mut dyn CellSink,
        budget: &mut Budget,
        state: &mut SheetState,
    ) -> Result<(), Stop> {
        let path = self
            .sheets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.clone())
            .ok_or(Unsupported)?;
        let part = self.part_name(&path).to_string();
        // The archive is borrowed while the part streams; the strings and
        // formats are read alongside.
        let FastXlsx {
            zip,
            text,
            strings,
            formats,
            is_1904,
            ..
        } = self;
        let ctx = Context {
            text,
            strings,
            formats,
            is_1904: *is_1904,
        };
        let mut file = match zip.by_name(&part) {
            Ok(f) => f,
            Err(_) => return Err(Stop::Unsupported),
        };
        let mut data: Vec<u8> = Vec::with_capacity(BLOCK + 4096);
        let mut eof = false;
        // The head: up to and including the `<sheetData>` tag.
        let start = loop {
            if !eof {
                eof = fill(&mut file, &mut data)?;
            }
            match find_sheet_data(&data, eof)? {
                Some(found) => break found,
                None if eof || data.len() > MAX_HEAD => return Err(Stop::Unsupported),
                None => {}
            }
        };
        let (Some(start), depth) = start else {
            // `<sheetData/>`: no cells.
            return Ok(());
        };
        state.depth = depth;
        data.drain(..start);
        loop {
            if !eof {
                eof = fill(&mut file, &mut data)?;
            }
            let cut = if eof {
                data.len()
            } else {
                match memchr::memmem::rfind(&data, b"</row>") {
                    Some(i) => i + b"</row>".len(),
                    None => continue,
                }
            };
            let chunk = &data[..cut];
            // A comment, CDATA section or processing instruction could hold
            // a `</row>` that is not one; those sheets go to calamine.
            if memchr::memmem::find(chunk, b"<!").is_some()
                || memchr::memmem::find(chunk, b"<?").is_some()
            {
                return Err(Stop::Unsupported);
            }
            let chunk = std::str::from_utf8(chunk).map_err(|_| Unsupported)?;
            if parse_rows(chunk, &ctx, sink, budget, state)? {
                return Ok(());
            }
            if eof {
                // The sheet data never ended: calamine refuses it.
                return Err(Stop::Unsupported);
            }
            budget.check_time().map_err(Stop::Limit)?;
            data.drain(..cut);
        }
    }
}

/// Reads up to one block more; true at the end of the part.
fn fill(file: &mut impl Read, data: &mut Vec<u8>) -> Result<bool, Stop> {
    let len = data.len();
    data.resize(len + BLOCK, 0);
    let mut filled = len;
    while filled < data.len() {
        match file.read(&mut data[filled..]) {
            Ok(0) => {
                data.truncate(filled);
                return Ok(true);
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Stop::Unsupported),
        }
    }
    Ok(false)
}

/// Finds the end of the `<sheetData>` tag: `Some(Some(offset))`, or
/// `Some(None)` for an empty `<sheetData/>`; `None` when more of the part
/// is needed.
fn find_sheet_data(data: &[u8], eof: bool) -> Result<Option<(Option<usize>, u32)>, Stop> {
    let bom = if data.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &data[bom..];
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        // A character cut at the end of the block.
        Err(e) if e.error_len().is_none() && !eof => {
            std::str::from_utf8(&body[..e.valid_up_to()]).map_err(|_| Unsupported)?
        }
        Err(_) => return Err(Stop::Unsupported),
    };
    check_declaration(text)?;
    let mut xml = reader(text);
    let mut depth = 0u32;
    loop {
        let event = xml.read_event();
        match &event {
            Ok(Event::Start(_)) => depth = depth.saturating_add(1),
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "dimension" => {
                    let r = raw_attr(&e, "ref")?.ok_or(Unsupported)?;
                    dimension(r)?;
                }
                "sheetData" => {
                    let end = xml.buffer_position() as usize;
                    let empty = text.as_bytes()[..end].ends_with(b"/>");
                    return Ok(Some((if empty { None } else { Some(bom + end) }, depth)));
                }
                _ => {}
            },
            Ok(Event::Eof) => return Ok(None),
            Err(_) if !eof => return Ok(None),
            Err(_) => return Err(Stop::Unsupported),
            Ok(_) => {}
        }
    }
}

struct Context<'a> {
    text: &'a str,
    strings: &'a [(usize, usize)],
    formats: &'a [NumberKind],
    is_1904: bool,
}

impl Context<'_> {
    fn shared(&self, index: usize) -> Option<&str> {
        self.strings.get(index).map(|&(a, b)| &self.text[a..b])
    }
}

#[derive(Default)]
struct SheetState {
    /// Elements open, `<worksheet>` and `<sheetData>` among them.
    depth: u32,
    row: u32,
    col: u32,
    last_row: Option<u32>,
    delivered: u64,
    /// Text assembled from a cell (inline strings, `t="str"`, entities).
    scratch: String,
    scratch2: String,
    formula: String,
}

/// A cell's value before it is handed over.
enum Value<'a> {
    Empty,
    Shared(usize),
    /// In `SheetState::scratch`.
    Scratch,
    /// A `t="d"` value, in `SheetState::scratch`.
    IsoDate,
    Raw(&'a str),
    Number(f64),
    Date(f64, ExcelDateTimeType),
    Bool(bool),
    Error(&'a str),
}

/// Parses complete rows; true when `</sheetData>` was reached.
///
/// Rows and cells of the usual shapes — `<row …>`, `<c …>` holding one
/// plain `<v>` or nothing, `</row>` — are scanned here byte by byte, as
/// quick-xml would tokenise them; a cell of any other shape is read by
/// quick-xml on its own, and anything else at the level of rows hands the
/// rest of the block to quick-xml.
fn parse_rows(
    chunk: &str,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<bool, Stop> {
    let b = chunk.as_bytes();
    let mut pos = 0;
    loop {
        let Some(off) = memchr::memchr2(b'<', b'&', &b[pos..]) else {
            return Ok(false);
        };
        let at = pos + off;
        if b[at] == b'&' {
            return parse_rows_slowly(&chunk[at..], ctx, sink, budget, st);
        }
        let rest = &b[at..];
        if rest.starts_with(b"</row>") {
            st.depth = st.depth.checked_sub(1).ok_or(Unsupported)?;
            end_row(st)?;
            pos = at + b"</row>".len();
            continue;
        }
        let name_len = if rest.len() > 2 && rest[1] == b'c' && ends_name(&rest[2..]) {
            1
        } else if rest.starts_with(b"<row") && ends_name(&rest[4..]) {
            3
        } else {
            return parse_rows_slowly(&chunk[at..], ctx, sink, budget, st);
        };
        let Some(gt) = tag_end(&b[at + 1..]).map(|i| at + 1 + i) else {
            return parse_rows_slowly(&chunk[at..], ctx, sink, budget, st);
        };
        let content = &chunk[at + 1..gt];
        let (content, empty) = match content.strip_suffix('/') {
            Some(c) => (c, true),
            None => (content, false),
        };
        let raw = &content[name_len..];
        if name_len == 3 {
            if let Some(r) = raw_attr_in(raw, "r")? {
                st.row = row_only(r)?;
            }
            if empty {
                end_row(st)?;
            } else {
                st.depth = st.depth.checked_add(1).ok_or(Unsupported)?;
            }
            pos = gt + 1;
            continue;
        }
        let [r, s, t] = attrs_in(raw, ["r", "s", "t"])?;
        let body = if empty {
            Some((Value::Empty, gt + 1))
        } else {
            plain_cell_body(chunk, gt + 1, ctx, s, t)?
        };
        match body {
            Some((value, next)) => {
                let p = cell_pos(r, st)?;
                deliver(p, value, false, ctx, sink, budget, st)?;
                pos = next;
            }
            None => pos = at + slow_cell(&chunk[at..], ctx, sink, budget, st)?,
        }
    }
}

/// Whether an element name ends here, as quick-xml ends it: at white
/// space, `>` or `/>`.
fn ends_name(rest: &[u8]) -> bool {
    match rest.first() {
        Some(b' ' | b'\t' | b'\r' | b'\n' | b'>') => true,
        Some(b'/') => rest.get(1) == Some(&b'>'),
        _ => false,
    }
}

/// The `>` ending a tag, quoted attribute values skipped, as quick-xml
/// finds it.
fn tag_end(b: &[u8]) -> Option<usize> {
    let mut quote = None;
    for i in memchr::memchr3_iter(b'>', b'"', b'\'', b) {
        match (quote, b[i]) {
            (None, b'>') => return Some(i),
            (None, q) => quote = Some(q),
            (Some(q), c) if q == c => quote = None,
            _ => {}
        }
    }
    None
}

fn end_row(st: &mut SheetState) -> Fast<()> {
    st.row = st.row.checked_add(1).ok_or(Unsupported)?;
    st.col = 0;
    Ok(())
}

/// A cell body that is `</c>` or `<v>text</v></c>` with plain text, for
/// the types whose value is read from that text alone: the value and
/// where the cell ends. `None` for any other body.
fn plain_cell_body<'a>(
    chunk: &'a str,
    from: usize,
    ctx: &Context<'_>,
    style: Option<&str>,
    typ: Option<&str>,
) -> Result<Option<(Value<'a>, usize)>, Stop> {
    let b = &chunk.as_bytes()[from..];
    if b.starts_with(b"</c>") {
        return Ok(Some((Value::Empty, from + 4)));
    }
    if !b.starts_with(b"<v>") || !matches!(typ, None | Some("n" | "s" | "b" | "e")) {
        return Ok(None);
    }
    let Some(end) = memchr::memchr2(b'<', b'&', &b[3..]).map(|i| i + 3) else {
        return Ok(None);
    };
    if !b[end..].starts_with(b"</v></c>") {
        return Ok(None);
    }
    let next = from + end + b"</v></c>".len();
    if end == 3 {
        return Ok(Some((Value::Empty, next)));
    }
    let text = &chunk[from + 3..from + end];
    Ok(Some((plain_value(text, ctx, style, typ)?, next)))
}

/// Reads one cell with quick-xml from its `<c`; returns how far it read.
fn slow_cell(
    from: &str,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<usize, Stop> {
    let mut xml = reader(from);
    xml.config_mut().allow_unmatched_ends = true;
    let mut xml = Rows {
        xml,
        depth: st.depth,
    };
    let result = match xml.next()? {
        Event::Start(e) if e.local_name().as_ref() == "c" => {
            cell(&mut xml, &e, ctx, sink, budget, st)
        }
        _ => Err(Stop::Unsupported),
    };
    st.depth = xml.depth;
    result?;
    Ok(xml.xml.buffer_position() as usize)
}

/// The rest of a block, read with quick-xml.
fn parse_rows_slowly(
    chunk: &str,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<bool, Stop> {
    let mut xml = reader(chunk);
    // The block starts inside the sheet: its ends are matched against the
    // elements open there, counted here.
    xml.config_mut().allow_unmatched_ends = true;
    let mut xml = Rows {
        xml,
        depth: st.depth,
    };
    let done = parse_rows_in(&mut xml, ctx, sink, budget, st);
    st.depth = xml.depth;
    done
}

fn parse_rows_in(
    xml: &mut Rows<'_>,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<bool, Stop> {
    loop {
        match xml.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "row" => {
                    if let Some(r) = raw_attr(&e, "r")? {
                        st.row = row_only(r)?;
                    }
                }
                "c" => cell(xml, &e, ctx, sink, budget, st)?,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "row" => {
                    st.row = st.row.checked_add(1).ok_or(Unsupported)?;
                    st.col = 0;
                }
                "sheetData" => return Ok(true),
                _ => {}
            },
            Event::Eof => return Ok(false),
            _ => {}
        }
    }
}

fn cell<'a>(
    xml: &mut Rows<'a>,
    c: &BytesStart<'a>,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<(), Stop> {
    let [r, s, t] = attrs(c, ["r", "s", "t"])?;
    let pos = cell_pos(r, st)?;
    let mut value = Value::Empty;
    let mut formula = false;
    loop {
        match xml.next()? {
            Event::Start(e) if e.local_name().as_ref() == "f" => {
                formula = true;
                read_formula(xml, &e, st)?;
            }
            Event::Start(e) => value = read_value(xml, &e, ctx, s, t, st)?,
            Event::End(e) if e.local_name().as_ref() == "c" => break,
            Event::Eof => return Err(Stop::Unsupported),
            _ => {}
        }
    }
    deliver(pos, value, formula, ctx, sink, budget, st)
}

/// Where a cell is: its `r=`, or after the cell before it.
fn cell_pos(r: Option<&str>, st: &mut SheetState) -> Fast<(u32, u32)> {
    Ok(match r {
        Some(r) => {
            let (row, col) = cell_ref(r)?;
            st.col = col;
            (row, col)
        }
        None => (st.row, st.col),
    })
}

/// Books and hands over a cell read whole.
fn deliver(
    pos: (u32, u32),
    value: Value<'_>,
    formula: bool,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<(), Stop> {
    st.col = st.col.checked_add(1).ok_or(Unsupported)?;
    if st.last_row != Some(pos.0) {
        st.last_row = Some(pos.0);
        budget.tick(ROW_COST).map_err(Stop::Limit)?;
    }
    let value = match value {
        Value::Empty if formula => Some(CellRef::Uncalculated(st.formula.clone())),
        Value::Empty => None,
        Value::Shared(i) => text_ref(ctx.shared(i).ok_or(Unsupported)?),
        Value::Scratch => text_ref(&st.scratch),
        Value::IsoDate => iso_ref(&st.scratch),
        Value::Raw(v) => text_ref(v),
        Value::Number(n) => Some(CellRef::Number(n)),
        Value::Date(n, kind) => Some(date_ref(&ExcelDateTime::new(n, kind, ctx.is_1904))),
        Value::Bool(b) => Some(CellRef::Bool(b)),
        Value::Error(e) => Some(CellRef::Error(e.to_string())),
    };
    if let Some(v) = value {
        budget.tick(v.cost()).map_err(Stop::Limit)?;
        sink.cell(pos.0, pos.1, v);
        st.delivered += 1;
    }
    Ok(())
}

/// The formula's text where the cell holds it (not for cells that share
/// another cell's formula), checked as calamine checks it.
fn read_formula(xml: &mut Rows<'_>, f: &BytesStart<'_>, st: &mut SheetState) -> Result<(), Stop> {
    st.formula.clear();
    read_text(xml, f.name().as_ref(), &mut st.formula)?;
    let [t, si, range] = attrs(f, ["t", "si", "ref"])?;
    if t == Some("shared") {
        let si = si.ok_or(Unsupported)?;
        atoi_simd::parse::<usize, true, false>(si.as_bytes()).map_err(|_| Unsupported)?;
        match range {
            Some(range) => dimension(range)?,
            None => st.formula.clear(),
        }
    }
    Ok(())
}

fn read_value<'a>(
    xml: &mut Rows<'a>,
    e: &BytesStart<'a>,
    ctx: &Context<'_>,
    style: Option<&str>,
    typ: Option<&str>,
    st: &mut SheetState,
) -> Result<Value<'a>, Stop> {
    match e.local_name().as_ref() {
        "is" => {
            st.scratch.clear();
            read_string(xml, e.name().as_ref(), &mut st.scratch, &mut st.scratch2)?;
            Ok(Value::Scratch)
        }
        "v" if matches!(typ, Some("inlineStr" | "is")) => {
            skip_to_end(xml, e.name().as_ref())?;
            Ok(Value::Empty)
        }
        "v" if matches!(typ, None | Some("n" | "s" | "b" | "e")) => {
            let value = match xml.next()? {
                Event::Text(text) => {
                    let raw: &'a str = text_of(text);
                    plain_value(raw, ctx, style, typ)?
                }
                Event::End(end) if end.name() == e.name() => return Ok(Value::Empty),
                Event::Eof => return Err(Stop::Unsupported),
                _ => Value::Empty,
            };
            skip_to_end(xml, e.name().as_ref())?;
            Ok(value)
        }
        "v" => {
            st.scratch.clear();
            read_text(xml, e.name().as_ref(), &mut st.scratch)?;
            match typ {
                Some("str") => {
                    if let std::borrow::Cow::Owned(s) = unescape_excel(&st.scratch) {
                        st.scratch = s;
                    }
                    Ok(Value::Scratch)
                }
                Some("d") => Ok(Value::IsoDate),
                _ => Err(Stop::Unsupported),
            }
        }
        _ => Err(Stop::Unsupported),
    }
}

/// A borrowed text event's raw text.
fn text_of<'a>(text: quick_xml::events::BytesText<'a>) -> &'a str {
    match text.into_inner() {
        std::borrow::Cow::Borrowed(s) => s,
        // A reader over a string slice always borrows.
        std::borrow::Cow::Owned(_) => "",
    }
}

/// The value of a `<v>` of a number, shared string, boolean or error cell.
fn plain_value<'a>(
    v: &'a str,
    ctx: &Context<'_>,
    style: Option<&str>,
    typ: Option<&str>,
) -> Result<Value<'a>, Stop> {
    match typ {
        Some("s") => {
            if v.is_empty() {
                return Ok(Value::Empty);
            }
            let i = atoi_simd::parse::<usize, true, false>(v.as_bytes()).unwrap_or(0);
            if i >= ctx.strings.len() {
                return Err(Stop::Unsupported);
            }
            Ok(Value::Shared(i))
        }
        Some("b") => {
            let b = v.trim();
            if b.is_empty() {
                Ok(Value::Empty)
            } else if b == "0" || b.eq_ignore_ascii_case("false") {
                Ok(Value::Bool(false))
            } else if b == "1" || b.eq_ignore_ascii_case("true") {
                Ok(Value::Bool(true))
            } else {
                Err(Stop::Unsupported)
            }
        }
        Some("e") => match v {
            "#DIV/0!" | "#N/A" | "#NAME?" | "#NULL!" | "#NUM!" | "#REF!" | "#VALUE!" => {
                Ok(Value::Error(v))
            }
            _ => Err(Stop::Unsupported),
        },
        _ => {
            if v.is_empty() {
                return Ok(Value::Empty);
            }
            match fast_float2::parse::<f64, _>(v.as_bytes()) {
                Ok(n) => {
                    let kind = match style {
                        Some(s) => {
                            let id =
                                atoi_simd::parse::<usize, true, false>(s.as_bytes()).unwrap_or(0);
                            ctx.formats.get(id).copied()
                        }
                        None => Some(NumberKind::Other),
                    };
                    Ok(match kind {
                        Some(NumberKind::DateTime) => Value::Date(n, ExcelDateTimeType::DateTime),
                        Some(NumberKind::Duration) => Value::Date(n, ExcelDateTimeType::TimeDelta),
                        _ => Value::Number(n),
                    })
                }
                Err(_) if typ.is_none() => Ok(Value::Raw(v)),
                Err(_) => Err(Stop::Unsupported),
            }
        }
    }
}

/// Where XML events come from: a whole part, or a block of a sheet.
trait Events<'a> {
    fn next(&mut self) -> Fast<Event<'a>>;
}

impl<'a> Events<'a> for Reader<&'a [u8]> {
    fn next(&mut self) -> Fast<Event<'a>> {
        Ok(self.read_event()?)
    }
}

/// A block of a sheet's rows, with the count of elements open, so an end
/// tag that closes nothing is refused as calamine's reader refuses it.
struct Rows<'a> {
    xml: Reader<&'a [u8]>,
    depth: u32,
}

impl<'a> Events<'a> for Rows<'a> {
    fn next(&mut self) -> Fast<Event<'a>> {
        let event = self.xml.read_event()?;
        match &event {
            Event::Start(_) => self.depth = self.depth.checked_add(1).ok_or(Unsupported)?,
            Event::End(_) => self.depth = self.depth.checked_sub(1).ok_or(Unsupported)?,
            _ => {}
        }
        Ok(event)
    }
}

/// Skips to the end of the element just started, as quick-xml's
/// `read_to_end` does.
fn skip_to_end<'a>(xml: &mut impl Events<'a>, name: &str) -> Fast<()> {
    let mut depth = 0u32;
    loop {
        match xml.next()? {
            Event::Start(e) if e.name().as_ref() == name => depth += 1,
            Event::End(e) if e.name().as_ref() == name => {
                if depth == 0 {
                    return Ok(());
                }
                depth -= 1;
            }
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

/// A reader configured as calamine configures its own.
fn reader(text: &str) -> Reader<&[u8]> {
    let mut xml = Reader::from_str(text);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    xml
}

/// Only UTF-8 parts are read here; calamine decodes the others.
fn check_declaration(text: &str) -> Fast<()> {
    let head = text.trim_start_matches('\u{feff}');
    let Some(rest) = head.strip_prefix("<?xml") else {
        return Ok(());
    };
    let Some(end) = rest.find("?>") else {
        return Err(Unsupported);
    };
    let decl = rest[..end].to_ascii_lowercase();
    let Some(i) = decl.find("encoding") else {
        return Ok(());
    };
    let value = decl[i + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')
        .ok_or(Unsupported)?
        .trim_start()
        .trim_start_matches(['"', '\'']);
    if value.starts_with("utf-8\"") || value.starts_with("utf-8'") {
        Ok(())
    } else {
        Err(Unsupported)
    }
}

/// Text content up to the end of the element named `closing`, with
/// entities resolved and line ends normalised, as calamine reads formulas
/// and `t="str"` values.
fn read_text<'a>(xml: &mut impl Events<'a>, closing: &str, out: &mut String) -> Fast<()> {
    loop {
        match xml.next()? {
            Event::Text(t) => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => entity(&r, out)?,
            Event::End(end) if end.name().as_ref() == closing => return Ok(()),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

fn entity(r: &BytesRef<'_>, out: &mut String) -> Fast<()> {
    if let Some(s) = quick_xml::escape::resolve_xml_entity(r.as_ref()) {
        out.push_str(s);
        return Ok(());
    }
    match r.resolve_char_ref()? {
        Some(c) => {
            out.push(c);
            Ok(())
        }
        None => Err(Unsupported),
    }
}

/// A shared or inline string: the text of its runs, phonetic guides left
/// out, appended to `out`.
fn read_string<'a>(
    xml: &mut impl Events<'a>,
    closing: &str,
    out: &mut String,
    scratch: &mut String,
) -> Fast<()> {
    let mut phonetic = false;
    loop {
        match xml.next()? {
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.name().as_ref() == closing => return Ok(()),
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => {
                let preserve = raw_attr(&e, "xml:space")? == Some("preserve");
                scratch.clear();
                loop {
                    match xml.next()? {
                        Event::Text(t) => scratch.push_str(&t.xml10_content()),
                        Event::CData(t) => scratch.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => entity(&r, scratch)?,
                        Event::End(end) if end.name() == e.name() => break,
                        Event::Eof => return Err(Unsupported),
                        _ => {}
                    }
                }
                let value = if preserve {
                    scratch.as_str()
                } else {
                    scratch.trim_matches([' ', '\t', '\r', '\n'])
                };
                out.push_str(&unescape_excel(value));
            }
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

/// Excel's `_xHHHH_` escapes (a UTF-16 unit each; `_x005F_` escapes the
/// underscore), as calamine undoes them.
fn unescape_excel(original: &str) -> std::borrow::Cow<'_, str> {
    const LEN: usize = 7;
    fn parse(s: &str, i: usize) -> Option<u16> {
        let b = s.as_bytes().get(i..i + LEN)?;
        if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' {
            return None;
        }
        let hex = &b[2..6];
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    }
    fn find(s: &str, mut start: usize) -> Option<(usize, u16)> {
        while let Some(off) = s[start..].find('_') {
            let i = start + off;
            if let Some(u) = parse(s, i) {
                return Some((i, u));
            }
            start = i + 1;
        }
        None
    }
    let Some((mut index, mut unit)) = find(original, 0) else {
        return std::borrow::Cow::Borrowed(original);
    };
    let mut out = String::with_capacity(original.len());
    let mut copied = 0;
    loop {
        out.push_str(&original[copied..index]);
        index += LEN;
        match unit {
            0xD800..=0xDBFF => match parse(original, index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let cp =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += LEN;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        match find(original, index) {
            Some(next) => (index, unit) = next,
            None => break,
        }
    }
    out.push_str(&original[copied..]);
    std::borrow::Cow::Owned(out)
}

fn decode_attr(value: &str) -> Fast<String> {
    Ok(quick_xml::escape::unescape(value)?.into_owned())
}

/// Attribute pairs of a tag, as calamine splits them: no entity decoding,
/// a key without `=` or a value without quotes is an error.
struct RawAttrs<'a> {
    raw: &'a str,
    pos: usize,
}

impl<'a> RawAttrs<'a> {
    fn new(raw: &'a str) -> Self {
        RawAttrs { raw, pos: 0 }
    }
}

impl<'a> Iterator for RawAttrs<'a> {
    type Item = Fast<(&'a str, &'a str)>;

    fn next(&mut self) -> Option<Self::Item> {
        let raw = self.raw;
        let bytes = raw.as_bytes();
        let len = bytes.len();
        let mut pos = self.pos;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= len {
            self.pos = pos;
            return None;
        }
        let key_start = pos;
        while pos < len && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= len {
            self.pos = len;
            return Some(Err(Unsupported));
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                self.pos = len;
                return Some(Err(Unsupported));
            }
        };
        pos += 1;
        let val_start = pos;
        while pos < len && bytes[pos] != quote {
            pos += 1;
        }
        let val = &raw[val_start..pos];
        if pos < len {
            pos += 1;
        }
        self.pos = pos;
        Some(Ok((key, val)))
    }
}

/// The named attributes of a tag in one pass, stopping once as many
/// matches as names were seen (as calamine does, so a malformed attribute
/// after them is not looked at).
fn attrs<'a, const N: usize>(e: &'a BytesStart<'_>, keys: [&str; N]) -> Fast<[Option<&'a str>; N]> {
    attrs_in(e.attributes_raw(), keys)
}

fn attrs_in<'a, const N: usize>(raw: &'a str, keys: [&str; N]) -> Fast<[Option<&'a str>; N]> {
    let mut out = [None; N];
    let mut found = 0;
    for attr in RawAttrs::new(raw) {
        let (k, v) = attr?;
        if let Some(i) = keys.iter().position(|key| *key == k) {
            out[i] = Some(v);
            found += 1;
            if found == N {
                break;
            }
        }
    }
    Ok(out)
}

fn raw_attr<'a>(e: &'a BytesStart<'_>, key: &str) -> Fast<Option<&'a str>> {
    raw_attr_in(e.attributes_raw(), key)
}

fn raw_attr_in<'a>(raw: &'a str, key: &str) -> Fast<Option<&'a str>> {
    for attr in RawAttrs::new(raw) {
        let (k, v) = attr?;
        if k == key {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

fn check_color(e: &BytesStart<'_>) -> Fast<()> {
    attrs(e, ["rgb", "theme", "indexed", "tint"])?;
    Ok(())
}

/// A `<font>`, read as far as calamine reads it.
fn check_font(xml: &mut Reader<&[u8]>) -> Fast<()> {
    loop {
        match xml.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "name" => {
                    if let Some(v) = raw_attr(&e, "val")? {
                        decode_attr(v)?;
                    }
                }
                "sz" | "b" | "i" | "u" | "strike" | "family" => {
                    raw_attr(&e, "val")?;
                }
                "color" => check_color(&e)?,
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "font" => return Ok(()),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

fn check_fill(xml: &mut Reader<&[u8]>) -> Fast<()> {
    loop {
        match xml.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "patternFill" => {
                    raw_attr(&e, "patternType")?;
                }
                "fgColor" | "bgColor" => check_color(&e)?,
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "fill" => return Ok(()),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

fn check_border(xml: &mut Reader<&[u8]>, start: &BytesStart<'_>) -> Fast<()> {
    attrs(start, ["diagonalDown", "diagonalUp"])?;
    loop {
        match xml.read_event()? {
            Event::Start(e) => {
                let side = e.local_name();
                let side = side.as_ref();
                if !matches!(side, "left" | "right" | "top" | "bottom" | "diagonal") {
                    continue;
                }
                raw_attr(&e, "style")?;
                loop {
                    match xml.read_event()? {
                        Event::Start(c) if c.local_name().as_ref() == "color" => check_color(&c)?,
                        Event::End(end) if end.local_name().as_ref() == side => break,
                        Event::Eof => return Err(Unsupported),
                        _ => {}
                    }
                }
            }
            Event::End(e) if e.local_name().as_ref() == "border" => return Ok(()),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

fn local_name_matches(key: &str, local: &str) -> bool {
    key == local
        || key
            .strip_suffix(local)
            .is_some_and(|p| p.as_bytes().last() == Some(&b':'))
}

/// `A1`-style reference → zero-based (row, optional column). Where
/// calamine's arithmetic would overflow, calamine decides.
fn row_and_column(range: &str) -> Fast<(u32, Option<u32>)> {
    let b = range.as_bytes();
    let mut i = 0;
    let mut col: u32 = 0;
    let mut row: u32 = 0;
    while i < b.len() {
        match b[i] {
            c @ b'A'..=b'Z' => {
                col = col
                    .checked_mul(26)
                    .and_then(|x| x.checked_add(u32::from(c - b'A') + 1))
                    .ok_or(Unsupported)?
            }
            c @ b'a'..=b'z' => {
                col = col
                    .checked_mul(26)
                    .and_then(|x| x.checked_add(u32::from(c - b'a') + 1))
                    .ok_or(Unsupported)?
            }
            c @ b'0'..=b'9' => {
                row = u32::from(c - b'0');
                i += 1;
                break;
            }
            _ => return Err(Unsupported),
        }
        i += 1;
    }
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                row = row
                    .checked_mul(10)
                    .and_then(|x| x.checked_add(u32::from(c - b'0')))
                    .ok_or(Unsupported)?
            }
            _ => return Err(Unsupported),
        }
        i += 1;
    }
    let row = row.checked_sub(1).ok_or(Unsupported)?;
    Ok((row, col.checked_sub(1)))
}

fn cell_ref(range: &str) -> Fast<(u32, u32)> {
    let (row, col) = row_and_column(range)?;
    Ok((row, col.ok_or(Unsupported)?))
}

fn row_only(range: &str) -> Fast<u32> {
    Ok(row_and_column(range)?.0)
}

/// A `ref` range, checked as calamine checks it (an inverted range is left
/// to calamine, whose arithmetic depends on the build).
fn dimension(range: &str) -> Fast<()> {
    let mut parts = range.split(':');
    let first = parts.next().map(cell_ref).ok_or(Unsupported)??;
    match (parts.next(), parts.next()) {
        (None, _) => Ok(()),
        (Some(second), None) => {
            let second = cell_ref(second)?;
            if second.0 < first.0 || second.1 < first.1 {
                return Err(Unsupported);
            }
            Ok(())
        }
        _ => Err(Unsupported),
    }
}

/// Whether a custom number format shows dates or durations, by calamine's
/// rules (the first section only; quoted, escaped and bracketed parts
/// skipped; `[h]`, `[m]`, `[s]` are durations).
fn custom_format_kind(format: &str) -> NumberKind {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return NumberKind::Other,
            ('[', ..) => brackets = brackets.wrapping_add(1),
            (']', .., 1) if hms => return NumberKind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberKind::DateTime;
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumberKind::Other
}

/// The built-in number formats that show dates and times: 14–22 and
/// 45–47, and the East Asian locale formats 27–36 and 50–58; 46 (`[h]:mm:ss`)
/// is a duration.
fn builtin_format_kind(id: &str) -> NumberKind {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => {
            NumberKind::DateTime
        }
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => NumberKind::DateTime,
        "46" => NumberKind::Duration,
        _ => NumberKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_and_overflow_goes_to_calamine() {
        assert_eq!(cell_ref("A1"), Ok((0, 0)));
        assert_eq!(cell_ref("xfd1048576"), Ok((1_048_575, 16_383)));
        assert_eq!(row_only("7"), Ok(6));
        assert_eq!(cell_ref("7"), Err(Unsupported));
        assert_eq!(cell_ref("A0"), Err(Unsupported));
        assert_eq!(cell_ref("A99999999999"), Err(Unsupported));
        assert_eq!(cell_ref("ZZZZZZZZ1"), Err(Unsupported));
        assert_eq!(dimension("A1:C9"), Ok(()));
        assert_eq!(dimension("C9:A1"), Err(Unsupported));
        assert_eq!(dimension("A1:B2:C3"), Err(Unsupported));
    }

    #[test]
    fn date_formats_are_recognised() {
        for id in ["14", "15", "22", "45", "47", "31", "57"] {
            assert_eq!(builtin_format_kind(id), NumberKind::DateTime, "{id}");
        }
        assert_eq!(builtin_format_kind("46"), NumberKind::Duration);
        assert_eq!(builtin_format_kind("0"), NumberKind::Other);
        assert_eq!(builtin_format_kind("49"), NumberKind::Other);
        assert_eq!(
            custom_format_kind("yyyy\"年\"m\"月\"d\"日\""),
            NumberKind::DateTime
        );
        assert_eq!(custom_format_kind("yyyy/mm/dd"), NumberKind::DateTime);
        assert_eq!(custom_format_kind("[h]:mm"), NumberKind::Duration);
        assert_eq!(custom_format_kind("0.00_);[Red](0.00)"), NumberKind::Other);
        assert_eq!(custom_format_kind("\"d\"0"), NumberKind::Other);
        assert_eq!(custom_format_kind("[Red]0"), NumberKind::Other);
    }

    #[test]
    fn excel_escapes_are_undone() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_excel("_xD83D__xDCF7_"), "\u{1F4F7}");
        assert_eq!(unescape_excel("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescape_excel("plain_text"), "plain_text");
    }

    #[test]
    fn only_utf8_declarations_are_read_here() {
        assert_eq!(
            check_declaration("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>"),
            Ok(())
        );
        assert_eq!(check_declaration("<?xml version='1.0'?><a/>"), Ok(()));
        assert_eq!(check_declaration("<a/>"), Ok(()));
        assert_eq!(
            check_declaration("<?xml version=\"1.0\" encoding=\"GBK\"?><a/>"),
            Err(Unsupported)
        );
    }

    #[test]
    fn attributes_split_as_calamine_splits_them() {
        let parts: Vec<_> = RawAttrs::new(r#"r="A1" s = '3' t="s""#).collect();
        assert_eq!(parts, vec![Ok(("r", "A1")), Ok(("s", "3")), Ok(("t", "s"))]);
        assert_eq!(RawAttrs::new("r").next(), Some(Err(Unsupported)));
        assert_eq!(RawAttrs::new("r=A1").next(), Some(Err(Unsupported)));
    }
}
