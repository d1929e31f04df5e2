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
use quick_xml::events::Event;
use zip::ZipArchive;
use zip::result::ZipError;

mod rows;
mod strings;
mod styles;
mod tag;
mod xml;

use rows::*;
use styles::*;
use tag::*;
use xml::*;

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
                Event::Start(e) if e.local_name().as_ref() == "numFmts" => {
                    each_start(&mut xml, "numFmts", "numFmt", |_, e| {
                        let [id, code] = attrs(e, ["numFmtId", "formatCode"])?;
                        if let (Some(id), Some(code)) = (id, code) {
                            custom.insert(id.to_string(), decode_attr(code)?);
                        }
                        Ok(())
                    })?
                }
                // Fonts, fills and borders carry nothing the tool uses, but
                // what calamine refuses in them is refused here too.
                Event::Start(e) if e.local_name().as_ref() == "fonts" => {
                    each_start(&mut xml, "fonts", "font", |xml, _| check_font(xml))?
                }
                Event::Start(e) if e.local_name().as_ref() == "fills" => {
                    each_start(&mut xml, "fills", "fill", |xml, _| check_fill(xml))?
                }
                Event::Start(e) if e.local_name().as_ref() == "borders" => {
                    each_start(&mut xml, "borders", "border", check_border)?
                }
                Event::Start(e) if e.local_name().as_ref() == "cellXfs" => {
                    each_start(&mut xml, "cellXfs", "xf", |xml, e| {
                        let [id, ..] = attrs(e, ["numFmtId", "fontId", "fillId", "borderId"])?;
                        self.formats.push(match id {
                            None => NumberKind::Other,
                            Some(id) => match custom.get(id) {
                                Some(code) => custom_format_kind(code),
                                None => builtin_format_kind(id),
                            },
                        });
                        check_xf(xml)
                    })?
                }
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
            // Checked as `str::from_utf8` checks it, several bytes at a time.
            let chunk = simdutf8::basic::from_utf8(chunk).map_err(|_| Unsupported)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A seeded xorshift generator for the reader's generated test inputs.
    pub(super) fn xorshift(seed: u64) -> impl FnMut() -> u64 {
        let mut state = seed;
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

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
