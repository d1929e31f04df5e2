//! Looking at a file before a reader is let loose on it.
//!
//! The readers trust what a file declares: calamine lays .xls and .ods
//! sheets out as dense grids sized by the cells' extremes, follows sector
//! chains in .xls files until they end, and the zip reader inflates what it
//! is asked to. A few hundred hostile bytes can make any of those ask for
//! more memory than the machine has, and a failed allocation aborts the
//! whole process, which no `catch_unwind` survives. So each format is
//! measured first, cheaply and without trusting it, and refused when the
//! reader would need more than the limits allow.
//!
//! The measures only ever over-estimate: where this module cannot tell, it
//! assumes the costlier reading. A file that is merely damaged is left for
//! the reader to reject with its own message.

use std::io::{Cursor, Read};

use super::limits::{Budget, MAX_PARTS, RATIO_FLOOR, ReadLimits};
use super::{Declared, OpenError};

/// What the zip directory says about a zip-based workbook.
pub(super) struct ZipSummary {
    pub names: Vec<String>,
    /// The declared unpacked size of the shared-string table, which the
    /// .xlsx reader holds in memory whole.
    pub shared_strings: u64,
    /// Every part the .xlsx reader could take for its shared-string table
    /// (it looks beside the workbook part, wherever the package puts it),
    /// with its declared unpacked size.
    pub shared_string_parts: Vec<(usize, u64)>,
    /// The same for the .xlsb reader's `xl/sharedStrings.bin` (any case,
    /// either slash).
    pub binary_shared_string_parts: Vec<(usize, u64)>,
}

/// Checks a zip archive's directory against the limits before anything is
/// inflated: the number of parts, each part's declared size, their total,
/// and each large part's compression ratio.
///
/// Declared sizes can lie, so the actual sizes matter too. They cost
/// nothing extra to enforce: the zip reader refuses to inflate a part past
/// its declared size ("larger than its declared uncompressed size"), so no
/// part can unpack to more than was checked here. That is why this does not
/// wrap the readers or inflate anything twice; `tests/integration/hostile.rs` holds an
/// archive whose sizes lie, so an upgrade that lost the check would fail.
pub(super) fn check_zip(bytes: &[u8], limits: &ReadLimits) -> Result<ZipSummary, OpenError> {
    if let Some(parts) = declared_parts(bytes)
        && parts > MAX_PARTS
    {
        return Err(OpenError::TooManyParts { parts });
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OpenError::Corrupt(format!("zip: {e}")))?;
    if archive.len() as u64 > MAX_PARTS {
        return Err(OpenError::TooManyParts {
            parts: archive.len() as u64,
        });
    }
    let mut names = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    let mut shared_strings = 0;
    let mut shared_string_parts = Vec::new();
    let mut binary_shared_string_parts = Vec::new();
    for i in 0..archive.len() {
        // The central directory alone: nothing of the part is read yet.
        let part = archive
            .by_index_data(i)
            .map_err(|e| OpenError::Corrupt(format!("zip: {e}")))?;
        let name = part
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("#{i}"));
        if part.encrypted() {
            return Err(OpenError::Encrypted);
        }
        let size = part.size();
        let packed = part.compressed_size();
        if size > limits.max_unpacked_bytes {
            return Err(OpenError::TooLargeUnpacked {
                part: Some(shorten(&name)),
                size,
                limit: limits.max_unpacked_bytes,
            });
        }
        if size > RATIO_FLOOR {
            let ratio = size / packed.max(1);
            if ratio > limits.max_ratio {
                return Err(OpenError::Ratio {
                    part: shorten(&name),
                    ratio,
                    limit: limits.max_ratio,
                });
            }
        }
        total = total.saturating_add(size);
        if name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            shared_strings = size;
        }
        if name
            .to_ascii_lowercase()
            .replace('\\', "/")
            .ends_with("sharedstrings.xml")
        {
            shared_string_parts.push((i, size));
        }
        if name.to_ascii_lowercase().replace('\\', "/") == "xl/sharedstrings.bin" {
            binary_shared_string_parts.push((i, size));
        }
        names.push(name);
    }
    if total > limits.max_unpacked_bytes {
        return Err(OpenError::TooLargeUnpacked {
            part: None,
            size: total,
            limit: limits.max_unpacked_bytes,
        });
    }
    Ok(ZipSummary {
        names,
        shared_strings,
        shared_string_parts,
        binary_shared_string_parts,
    })
}

/// Part names come from the file; messages carry at most a short one.
fn shorten(name: &str) -> String {
    if name.chars().count() <= 60 {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(59).collect();
        s.push('…');
        s
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
}

/// The largest part count any end-of-directory record near the end of the
/// file declares (zip64 included), read before the zip reader allocates
/// its list of parts. Every candidate record counts, since a hostile file
/// may hold several and readers differ in which they believe.
fn declared_parts(bytes: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";
    const ZIP64_EOCD: &[u8] = b"PK\x06\x06";
    // The record is 22 bytes plus a comment of at most 65,535.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let mut most: Option<u64> = None;
    let tail = &bytes[from..];
    for (i, w) in tail.windows(4).enumerate() {
        if w != EOCD {
            continue;
        }
        let at = from + i;
        let count = u64::from(u16_at(bytes, at + 10).unwrap_or(0));
        most = Some(most.unwrap_or(0).max(count));
        // A zip64 locator sits just before the record and points at the
        // zip64 record, whose count is 64 bits.
        if at >= 20 && bytes.get(at - 20..at - 16) == Some(ZIP64_LOCATOR) {
            let record = u64_at(bytes, at - 20 + 8)
                .and_then(|o| usize::try_from(o).ok())
                .filter(|&o| bytes.get(o..o + 4) == Some(ZIP64_EOCD));
            if let Some(o) = record
                && let Some(n) = u64_at(bytes, o + 32)
            {
                most = Some(most.unwrap_or(0).max(n));
            }
        }
    }
    most
}

// ----------------------------------------------------------------- XLSX

/// The fewest bytes one entry of a shared-string table can take: `<si/>`.
const MIN_SHARED_STRING_BYTES: u64 = 5;

/// What the reader reserves for each string a table declares: a `String`.
const SHARED_STRING_SLOT: u64 = std::mem::size_of::<String>() as u64;

/// Checks the count a shared-string table declares before the .xlsx reader
/// reserves room for it, and books that room.
///
/// The reader takes `uniqueCount` on the table's first `sst` element as a
/// capacity, before reading a single string: `uniqueCount="4000000000"` in
/// a 40 KB file asks for 96 GB, and the failed allocation aborts the
/// process. A table of N bytes holds at most N / 5 strings (`<si/>` is
/// the shortest), so a larger count is false and the file is refused with
/// the count named; a plausible count is booked against the memory budget.
///
/// The `sst` element is found with the XML parser the reader uses, set up
/// as it sets it up, so both see the same first `sst`; on that element
/// every attribute named like `uniqueCount` (any case, any prefix) counts
/// and the largest wins, so no reading of the attributes can slip past.
/// The scan stops at that element, a few dozen bytes into a real table.
pub(super) fn check_shared_strings(
    bytes: &[u8],
    summary: &ZipSummary,
    budget: &mut Budget,
) -> Result<(), OpenError> {
    if summary.shared_string_parts.is_empty() {
        return Ok(());
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OpenError::Corrupt(format!("zip: {e}")))?;
    for &(index, size) in &summary.shared_string_parts {
        // A part that cannot be opened is the reader's to report.
        let Ok(part) = archive.by_index(index) else {
            continue;
        };
        let Some(declared) = sst_unique_count(std::io::BufReader::new(part)) else {
            continue;
        };
        let most = size / MIN_SHARED_STRING_BYTES + 1;
        if declared > most {
            return Err(OpenError::FalseCount {
                what: Declared::SharedStrings,
                declared,
                most,
            });
        }
        budget.charge(declared.saturating_mul(SHARED_STRING_SLOT))?;
    }
    Ok(())
}

/// The largest `uniqueCount` on the first `sst` element of a table, if it
/// has any that reads as a number.
fn sst_unique_count(source: impl std::io::BufRead) -> Option<u64> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(source);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                return largest_count(e.attributes_raw().as_bytes(), b"uniquecount");
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The largest number given to any attribute whose local name is `name`
/// (compared without regard to case) in raw attribute bytes, found without
/// trusting their syntax: the digits after `name`, optional spaces, `=`,
/// optional spaces and a quote. Digits past what a `u64` holds read as
/// `u64::MAX`.
fn largest_count(attrs: &[u8], name: &[u8]) -> Option<u64> {
    let lower = attrs.to_ascii_lowercase();
    let mut most: Option<u64> = None;
    let mut from = 0;
    while let Some(i) = find(&lower[from..], name) {
        let at = from + i;
        from = at + 1;
        let rest = lower[at + name.len()..].trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")) else {
            continue;
        };
        let rest = rest.strip_prefix(b"+").unwrap_or(rest);
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            continue;
        }
        let n = rest[..digits].iter().fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        });
        most = Some(most.map_or(n, |m| m.max(n)));
    }
    most
}

// ----------------------------------------------------------------- XLSB

/// The fewest bytes one string of an .xlsb shared-string table can take:
/// a one-byte record type, a one-byte size, a flags byte and a four-byte
/// character count (`BrtSSTItem` with an empty string).
const MIN_BINARY_SHARED_STRING_BYTES: u64 = 7;

/// What the .xlsb reader holds per byte of its shared-string table, over
/// a `String` per entry: the text, stored as UTF-16 and held as UTF-8
/// (three bytes for two at most, for Chinese).
const BINARY_SHARED_STRING_FACTOR: u64 = 2;

/// Books what the .xlsb reader will hold for its shared-string table
/// before it reads it, and refuses a table whose declared count is false.
///
/// The reader reads the whole table when the workbook is opened: as many
/// strings as the table's `BrtBeginSst` record declares (`cstUnique`),
/// each kept as a `String`. The text costs at most twice the part's bytes;
/// each declared string a `String` more. A table of N bytes holds at most
/// N / 7 strings, so a larger count is false and the file is refused with
/// the count named, as for .xlsx.
///
/// The count is found as the reader finds it: records are skipped up to
/// the first of type `BrtBeginSst`, the record's bytes laid over one
/// reused buffer, and bytes 4..8 of that buffer read.
pub(super) fn check_binary_shared_strings(
    bytes: &[u8],
    summary: &ZipSummary,
    budget: &mut Budget,
) -> Result<(), OpenError> {
    if summary.binary_shared_string_parts.is_empty() {
        return Ok(());
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OpenError::Corrupt(format!("zip: {e}")))?;
    for &(index, size) in &summary.binary_shared_string_parts {
        budget.charge(size.saturating_mul(BINARY_SHARED_STRING_FACTOR))?;
        // A part that cannot be opened is the reader's to report.
        let Ok(part) = archive.by_index(index) else {
            continue;
        };
        let Some(declared) = sst_declared_count(std::io::BufReader::new(part)) else {
            continue;
        };
        let most = size / MIN_BINARY_SHARED_STRING_BYTES + 1;
        if declared > most {
            return Err(OpenError::FalseCount {
                what: Declared::BinarySharedStrings,
                declared,
                most,
            });
        }
        budget.charge(declared.saturating_mul(SHARED_STRING_SLOT))?;
    }
    Ok(())
}

/// `BrtBeginSst`.
const BRT_BEGIN_SST: u16 = 0x009F;

/// The string count an .xlsb shared-string table declares, read as the
/// reader reads it; `None` where the reader would fail first.
fn sst_declared_count(mut source: impl Read) -> Option<u64> {
    let mut byte = || {
        let mut b = [0u8];
        source.read_exact(&mut b).ok().map(|()| b[0])
    };
    // The reader's buffer grows to the longest record and is never
    // cleared, so a short record leaves an earlier one's bytes behind it.
    let mut buf: Vec<u8> = Vec::new();
    loop {
        let b = byte()?;
        let kind = if b & 0x80 != 0 {
            u16::from(b & 0x7F) + (u16::from(byte()? & 0x7F) << 7)
        } else {
            u16::from(b)
        };
        let mut b = byte()?;
        let mut len = usize::from(b & 0x7F);
        for i in 1..4 {
            if b & 0x80 == 0 {
                break;
            }
            b = byte()?;
            len += usize::from(b & 0x7F) << (7 * i);
        }
        // At most 2^28 bytes: no more than the part held, which was
        // checked against the limits.
        if buf.len() < len {
            buf.resize(len, 0);
        }
        for slot in buf.iter_mut().take(len) {
            *slot = byte()?;
        }
        if kind == BRT_BEGIN_SST {
            return u32_at(&buf, 4).map(u64::from);
        }
    }
}

// ------------------------------------------------------------------ ODS

/// Estimates what the .ods reader will hold for `content.xml` and books it.
///
/// calamine keeps every row's cells up to its last non-empty one (with
/// repeated columns expanded), then lays each table out densely over the
/// extent of its non-empty cells (with repeated rows expanded), for values
/// and formulas alike; the sheet handed out is a copy. A two-line row
/// repeated a million times across 16,384 columns is how a tiny file asks
/// for gigabytes, so the extent is measured here first. This inflates
/// `content.xml` once more than the reader does; .ods files are small, and
/// the scan is a byte loop, cheap beside the reader's XML parse.
pub(super) fn check_ods(
    bytes: &[u8],
    limits: &ReadLimits,
    budget: &mut Budget,
) -> Result<(), OpenError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OpenError::Corrupt(format!("zip: {e}")))?;
    let mut xml = Vec::new();
    {
        // A missing or unreadable content.xml is the reader's to report.
        let Ok(part) = archive.by_name("content.xml") else {
            return Ok(());
        };
        if part
            .take(limits.max_unpacked_bytes.saturating_add(1))
            .read_to_end(&mut xml)
            .is_err()
        {
            return Ok(());
        }
    }
    budget.check_time()?;
    let est = ods_estimate(&xml);
    drop(xml);
    budget.charge(est)
}

/// calamine's limits on an .ods table.
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;
/// Bytes per cell in the reader's grids: a value (32) and a formula
/// string (24), kept for every cell.
const ODS_CELL_BYTES: u64 = 32 + 24;
const DATA_BYTES: u64 = 32;

#[derive(Default)]
struct Extent {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Extent {
    fn add(&mut self, r0: u64, r1: u64, c0: u64, c1: u64) {
        self.rows = Some(match self.rows {
            Some((a, b)) => (a.min(r0), b.max(r1)),
            None => (r0, r1),
        });
        self.cols = Some(match self.cols {
            Some((a, b)) => (a.min(c0), b.max(c1)),
            None => (c0, c1),
        });
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0)
                .saturating_add(1)
                .saturating_mul((c1 - c0).saturating_add(1)),
            _ => 0,
        }
    }
}

/// One tag of an XML document, found without parsing it.
struct Tag<'a> {
    name: &'a [u8],
    /// The bytes between the name and the closing `>`.
    attrs: &'a [u8],
    closing: bool,
    self_closing: bool,
}

/// Yields the tags of `xml` in order, skipping comments, CDATA and
/// processing instructions, and respecting quotes inside tags.
struct Tags<'a> {
    xml: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        let xml = self.xml;
        loop {
            let lt = self.pos + memchr(b'<', &xml[self.pos.min(xml.len())..])?;
            let rest = &xml[lt..];
            if rest.starts_with(b"<!--") {
                self.pos = lt + 4 + find(&rest[4..], b"-->")? + 3;
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                self.pos = lt + 9 + find(&rest[9..], b"]]>")? + 3;
                continue;
            }
            if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
                self.pos = lt + 2 + memchr(b'>', &rest[2..])? + 1;
                continue;
            }
            let closing = rest.get(1) == Some(&b'/');
            let name_start = lt + 1 + usize::from(closing);
            let mut i = name_start;
            while i < xml.len() && !matches!(xml[i], b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>') {
                i += 1;
            }
            let name = &xml[name_start..i];
            let attrs_start = i;
            let mut quote: Option<u8> = None;
            while i < xml.len() {
                let b = xml[i];
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => quote = Some(b),
                    None if b == b'>' => break,
                    None => {}
                }
                i += 1;
            }
            if i >= xml.len() {
                return None;
            }
            let self_closing = i > attrs_start && xml[i - 1] == b'/';
            let attrs = &xml[attrs_start..i];
            self.pos = i + 1;
            return Some(Tag {
                name,
                attrs,
                closing,
                self_closing,
            });
        }
    }
}

fn memchr(b: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&x| x == b)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The value of attribute `name` in a tag's attribute bytes.
fn attr<'a>(attrs: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(i) = find(&attrs[from..], name) {
        let at = from + i;
        let before_ok = at == 0 || attrs[at - 1].is_ascii_whitespace();
        let after = &attrs[at + name.len()..];
        let after = after.trim_ascii_start();
        if before_ok && let Some(after) = after.strip_prefix(b"=") {
            let after = after.trim_ascii_start();
            let q = *after.first()?;
            if q == b'"' || q == b'\'' {
                let end = memchr(q, &after[1..])?;
                return Some(&after[1..1 + end]);
            }
        }
        from = at + 1;
    }
    None
}

/// A repeat count as the reader takes it; unreadable counts fail the
/// reader, so they count once here.
fn repeats(attrs: &[u8], name: &[u8]) -> u64 {
    attr(attrs, name)
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

/// The bytes the .ods reader would hold for a `content.xml`.
fn ods_estimate(xml: &[u8]) -> u64 {
    let mut total: u64 = 0;
    let mut largest_grid: u64 = 0;
    let mut extent = Extent::default();
    let mut row: u64 = 0;
    let mut row_repeat: u64 = 1;
    let mut col: u64 = 0;
    let mut row_kept: u64 = 0;
    let mut kept: u64 = 0;
    let finish_table = |extent: &Extent, kept: u64, total: &mut u64, largest: &mut u64| {
        let grid = extent.cells();
        *total = total
            .saturating_add(kept.saturating_mul(ODS_CELL_BYTES))
            .saturating_add(grid.saturating_mul(ODS_CELL_BYTES));
        *largest = (*largest).max(grid);
    };
    for tag in (Tags { xml, pos: 0 }) {
        match (tag.name, tag.closing) {
            (b"table:table", false) => {
                extent = Extent::default();
                row = 0;
                kept = 0;
            }
            (b"table:table", true) => {
                finish_table(&extent, kept, &mut total, &mut largest_grid);
                extent = Extent::default();
                kept = 0;
            }
            (b"table:table-row", false) => {
                row_repeat = repeats(tag.attrs, b"table:number-rows-repeated")
                    .min(ODS_MAX_ROWS.saturating_sub(row))
                    .max(1);
                col = 0;
                row_kept = 0;
                if tag.self_closing {
                    row = row.saturating_add(row_repeat);
                }
            }
            (b"table:table-row", true) => {
                kept = kept.saturating_add(row_kept);
                row = row.saturating_add(row_repeat);
                row_repeat = 1;
            }
            (b"table:table-cell" | b"table:covered-table-cell", false) => {
                let n = repeats(tag.attrs, b"table:number-columns-repeated")
                    .min(ODS_MAX_COLUMNS.saturating_sub(col));
                let filled = !tag.self_closing
                    || attr(tag.attrs, b"office:value-type").is_some()
                    || attr(tag.attrs, b"table:formula").is_some();
                if filled && n > 0 {
                    let last_row = row.saturating_add(row_repeat - 1);
                    extent.add(row, last_row, col, col + n - 1);
                    row_kept = col + n;
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
    }
    // A table left open at the end still cost what it held.
    finish_table(&extent, kept, &mut total, &mut largest_grid);
    total.saturating_add(largest_grid.saturating_mul(DATA_BYTES))
}

// ------------------------------------------------------------------ XLS

/// What an .xls reader would cost, measured from the compound file and
/// the BIFF records, and booked; or why the file must not reach it.
///
/// calamine reads the compound file by following sector chains until they
/// end or reach the length a stream declares: a chain that loops back on
/// itself, with a large declared length, grows without bound. It then lays
/// every sheet out densely from its top-left to its bottom-right cell, and
/// reserves room for as many cells as the sheet's DIMENSIONS record claims.
/// A few hundred bytes can ask for a grid of 65,536 × 65,536 cells. All of
/// that is measured here, mirroring the reader.
pub(super) fn check_ole(
    bytes: &[u8],
    limits: &ReadLimits,
    budget: &mut Budget,
) -> Result<(), OpenError> {
    let Some(cfb) = Cfb::parse(bytes)? else {
        return Ok(());
    };
    let Some(stream) = cfb.stream(bytes, &["Workbook", "Book"])? else {
        return Ok(());
    };
    budget.check_time()?;
    let est = biff_estimate(&stream, limits)?;
    budget.charge(est)
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;

fn looping() -> OpenError {
    OpenError::Corrupt("the file's internal sector chain loops back on itself".into())
}

struct Cfb {
    sector: usize,
    maxid: u32,
    fats: Vec<u32>,
    dirs: Vec<DirEntry>,
    mini_fats: Vec<u32>,
    mini_stream: Vec<u8>,
}

struct DirEntry {
    name: String,
    start: u32,
    len: u64,
}

impl Cfb {
    /// The compound file's tables, read as calamine reads them. `Ok(None)`
    /// where calamine would fail on its own.
    fn parse(bytes: &[u8]) -> Result<Option<Cfb>, OpenError> {
        let Some(header) = bytes.get(..512) else {
            return Ok(None);
        };
        let version = u16_at(header, 26).unwrap_or(0);
        let sector = match u16_at(header, 30) {
            Some(9) => 512usize,
            Some(12) => 4096,
            _ => return Ok(None),
        };
        if u16_at(header, 32) != Some(6) || bytes.len() < sector {
            return Ok(None);
        }
        let maxid = u32::try_from(bytes.len() / sector).unwrap_or(u32::MAX);
        let dir_start = u32_at(header, 48).unwrap_or(ENDOFCHAIN);
        let mini_fat_start = u32_at(header, 60).unwrap_or(ENDOFCHAIN);
        let mini_fat_len = u64::from(u32_at(header, 64).unwrap_or(0));
        let difat_start = u32_at(header, 68).unwrap_or(ENDOFCHAIN);
        let mut cfb = Cfb {
            sector,
            maxid,
            fats: Vec::new(),
            dirs: Vec::new(),
            mini_fats: Vec::new(),
            mini_stream: Vec::new(),
        };
        let mut difat: Vec<u32> = words(&header[76..512]).collect();
        let mut id = difat_start;
        let mut steps = 0u64;
        while id < RESERVED_SECTORS {
            steps += 1;
            if steps > u64::from(maxid) + 1 {
                return Ok(None);
            }
            let Some(s) = cfb.sector(bytes, id) else {
                return Ok(None);
            };
            difat.extend(words(s));
            let Some(next) = difat.pop() else {
                return Ok(None);
            };
            id = next;
        }
        for id in difat.into_iter().filter(|id| *id < DIFSECT) {
            let Some(s) = cfb.sector(bytes, id) else {
                return Ok(None);
            };
            cfb.fats.extend(words(s));
        }
        // The directory chain is read with no length to stop it: a loop
        // in it never ends.
        let Some(dir_bytes) = cfb.chain(bytes, dir_start, u64::MAX, false)? else {
            return Ok(None);
        };
        for c in dir_bytes.chunks_exact(128) {
            let units: Vec<u16> = c[..64]
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(l) = name.as_bytes().iter().position(|b| *b == 0) {
                name.truncate(l);
            }
            let start = u32_at(c, 116).unwrap_or(ENDOFCHAIN);
            let len = if sector == 512 {
                u64::from(u32_at(c, 120).unwrap_or(0))
            } else {
                u64_at(c, 120).unwrap_or(0)
            };
            cfb.dirs.push(DirEntry { name, start, len });
        }
        let Some(root) = cfb.dirs.first() else {
            return Ok(None);
        };
        if version != 3 && root.start == ENDOFCHAIN {
            return Ok(None);
        }
        if mini_fat_len > 0 {
            let (root_start, root_len) = (root.start, root.len);
            let Some(mini) = cfb.chain(bytes, root_start, root_len, false)? else {
                return Ok(None);
            };
            let fat_len = mini_fat_len.saturating_mul(sector as u64);
            let Some(minifat) = cfb.chain(bytes, mini_fat_start, fat_len, false)? else {
                return Ok(None);
            };
            cfb.mini_stream = mini;
            cfb.mini_fats = words(&minifat[..minifat.len() / 4 * 4]).collect();
        }
        Ok(Some(cfb))
    }

    /// Sector `id` as calamine sees it: counted from just after the header,
    /// short at the end of the file.
    fn sector<'b>(&self, bytes: &'b [u8], id: u32) -> Option<&'b [u8]> {
        if id > self.maxid {
            return None;
        }
        let start = (id as usize + 1).checked_mul(self.sector)?;
        let end = start.checked_add(self.sector)?.min(bytes.len());
        bytes.get(start..end)
    }

    /// Follows a chain until it ends or reaches `len` bytes, as calamine
    /// does. A chain that visits more sectors than the file has loops; if it
    /// has not reached `len` by then, calamine would follow it for ever, or
    /// until `len` bytes, which may be anything: refused. `Ok(None)` where
    /// calamine fails on its own.
    fn chain(
        &self,
        bytes: &[u8],
        start: u32,
        len: u64,
        mini: bool,
    ) -> Result<Option<Vec<u8>>, OpenError> {
        let (maxid, fats) = if mini {
            (self.maxid.saturating_mul(8), &self.mini_fats)
        } else {
            (self.maxid, &self.fats)
        };
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            if id > maxid {
                return Ok(None);
            }
            let piece: &[u8] = if mini {
                let at = (id as usize).saturating_mul(64);
                let end = at.saturating_add(64).min(self.mini_stream.len());
                self.mini_stream.get(at..end).unwrap_or(&[])
            } else {
                match self.sector(bytes, id) {
                    Some(s) => s,
                    None => &[],
                }
            };
            let room = len.saturating_sub(out.len() as u64);
            let take = piece.len().min(usize::try_from(room).unwrap_or(usize::MAX));
            out.extend_from_slice(&piece[..take]);
            if out.len() as u64 >= len {
                break;
            }
            steps += 1;
            if steps > u64::from(maxid) + 1 {
                return Err(looping());
            }
            match fats.get(id as usize) {
                Some(&next) => id = next,
                None => return Ok(None),
            }
        }
        Ok(Some(out))
    }

    /// The first stream named any of `names`, as calamine finds it.
    fn stream(&self, bytes: &[u8], names: &[&str]) -> Result<Option<Vec<u8>>, OpenError> {
        for name in names {
            let Some(d) = self
                .dirs
                .iter()
                .find(|d| d.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
            else {
                continue;
            };
            return self.chain(bytes, d.start, d.len, d.len < 4096);
        }
        Ok(None)
    }
}

fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

/// One BIFF record, with its CONTINUE records folded in as the reader
/// does.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<(u16, &'a [u8])> {
        let typ = u16_at(self.stream, 0)?;
        let len = usize::from(u16_at(self.stream, 2)?);
        let data = self.stream.get(4..4 + len)?;
        self.stream = &self.stream[4 + len..];
        while self.stream.len() > 4 && u16_at(self.stream, 0) == Some(0x003C) {
            let l = usize::from(u16_at(self.stream, 2)?);
            self.stream = self.stream.get(4 + l..)?;
        }
        Some((typ, data))
    }
}

/// Bytes of one cell in the reader's list of cells before it lays a sheet
/// out: its position and value.
const XLS_CELL_BYTES: u64 = 40;
/// Bytes of one formula string in the reader's formula grid.
const FORMULA_BYTES: u64 = 24;

/// The bytes the .xls reader would hold for a workbook stream.
fn biff_estimate(stream: &[u8], limits: &ReadLimits) -> Result<u64, OpenError> {
    let mut sheets = Vec::new();
    for (typ, data) in (Records { stream }) {
        match typ {
            // FILEPASS: the workbook is encrypted.
            0x002F if u16_at(data, 0).is_some_and(|v| v != 0) => {
                return Err(OpenError::Encrypted);
            }
            // BOUNDSHEET8: where a sheet's records start.
            0x0085 => {
                if let Some(pos) = u32_at(data, 0) {
                    sheets.push(pos as usize);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut total: u64 = 0;
    let mut largest: u64 = 0;
    let mut scanned: u64 = 0;
    for pos in sheets {
        let Some(sub) = stream.get(pos..) else {
            continue;
        };
        let s = sheet_estimate(sub);
        // Each listed sheet is read from its offset to its end: many
        // entries pointing at one big sheet make the reader read it many
        // times over.
        scanned = scanned.saturating_add(s.scanned);
        if scanned > limits.max_unpacked_bytes {
            return Err(OpenError::TooLargeUnpacked {
                part: Some("Workbook".into()),
                size: scanned,
                limit: limits.max_unpacked_bytes,
            });
        }
        total = total
            .saturating_add(s.values.cells().saturating_mul(DATA_BYTES))
            .saturating_add(s.formulas.cells().saturating_mul(FORMULA_BYTES));
        largest = largest.max(
            s.reserved
                .max(s.cells)
                .saturating_mul(XLS_CELL_BYTES)
                .saturating_add(s.values.cells().saturating_mul(DATA_BYTES)),
        );
    }
    Ok(total.saturating_add(largest))
}

#[derive(Default)]
struct SheetCost {
    values: Extent,
    formulas: Extent,
    cells: u64,
    reserved: u64,
    scanned: u64,
}

fn sheet_estimate(sub: &[u8]) -> SheetCost {
    let mut cost = SheetCost::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, data) in (Records { stream: sub }) {
        cost.scanned = cost.scanned.saturating_add(4 + data.len() as u64);
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |d: &[u8]| Some((u64::from(u16_at(d, 0)?), u64::from(u16_at(d, 2)?)));
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            // DIMENSIONS: the reader reserves rows × columns cells,
            // computed as it computes them (wrapping where it wraps).
            0x0200 => {
                let dims = match data.len() {
                    10 => (|| {
                        Some((
                            u32::from(u16_at(data, 0)?),
                            u32::from(u16_at(data, 2)?),
                            u32::from(u16_at(data, 4)?),
                            u32::from(u16_at(data, 6)?),
                        ))
                    })(),
                    14 | 16 => (|| {
                        Some((
                            u32_at(data, 0)?,
                            u32_at(data, 4)?,
                            u32::from(u16_at(data, 8)?),
                            u32::from(u16_at(data, 10)?),
                        ))
                    })(),
                    _ => None,
                };
                if let Some((rf, rl, mut cf, cl)) = dims {
                    if cf > 0xFF || cl < cf {
                        cf = 0;
                    }
                    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
                        (rl - 1, cl - 1)
                    } else {
                        (rf, cf)
                    };
                    let rows = u64::from(end_r.wrapping_sub(rf).wrapping_add(1));
                    let cols = u64::from(end_c.wrapping_sub(cf).wrapping_add(1));
                    let rows = if rows == 0 { 1 << 32 } else { rows };
                    let cols = if cols == 0 { 1 << 32 } else { cols };
                    cost.reserved = cost.reserved.saturating_add(rows.saturating_mul(cols));
                }
            }
            // Cells with one value each.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some((r, c)) = at(data) {
                    cost.values.add(r, r, c, c);
                    cost.cells += 1;
                }
            }
            // MULRK: a run of cells in one row.
            0x00BD => {
                if let (Some((r, first)), Some(last)) =
                    (at(data), u16_at(data, data.len().saturating_sub(2)))
                {
                    let last = u64::from(last);
                    if last >= first && data.len() as u64 == 6 + 6 * (last - first + 1) {
                        cost.values.add(r, r, first, last);
                        cost.cells += last - first + 1;
                    }
                }
            }
            // FORMULA: a formula, and often its value.
            0x0006 => {
                if data.len() < 20 {
                    break;
                }
                if let Some((r, c)) = at(data) {
                    cost.formulas.add(r, r, c, c);
                    cost.values.add(r, r, c, c);
                    cost.cells += 1;
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    cost
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_found_past_quotes_and_comments() {
        let xml = br#"<?xml version="1.0"?><!-- <a> --><a x="1>2" y='/'/><b></b>"#;
        let tags: Vec<(String, bool, bool)> = Tags { xml, pos: 0 }
            .map(|t| {
                (
                    String::from_utf8_lossy(t.name).into_owned(),
                    t.closing,
                    t.self_closing,
                )
            })
            .collect();
        assert_eq!(
            tags,
            vec![
                ("a".into(), false, true),
                ("b".into(), false, false),
                ("b".into(), true, false)
            ]
        );
        assert_eq!(attr(br#" x="1>2" y='/'"#, b"y"), Some(&b"/"[..]));
        assert_eq!(attr(br#" xy="1" y="2""#, b"y"), Some(&b"2"[..]));
    }

    #[test]
    fn declared_counts_are_read_at_their_largest() {
        let n = |a: &str| largest_count(a.as_bytes(), b"uniquecount");
        assert_eq!(n(r#" count="9" uniqueCount="7""#), Some(7));
        assert_eq!(n(r#" x:UNIQUECOUNT = '+12' uniqueCount="3""#), Some(12));
        assert_eq!(
            n(r#" uniqueCount="99999999999999999999999""#),
            Some(u64::MAX)
        );
        assert_eq!(n(r#" uniqueCount="" count="5""#), None);
        let sst = |x: &str| sst_unique_count(x.as_bytes());
        assert_eq!(
            sst(
                r#"<?xml version="1.0"?><!-- <sst uniqueCount="1"> --><x:sst uniqueCount="40"><si/></x:sst>"#
            ),
            Some(40)
        );
        assert_eq!(sst("<a/><sst/>"), None);
    }

    #[test]
    fn ods_extent_counts_repeats_of_filled_cells_only() {
        let row =
            |attrs: &str, cells: &str| format!("<table:table-row{attrs}>{cells}</table:table-row>");
        let empty_tail = row(
            " table:number-rows-repeated=\"1048000\"",
            "<table:table-cell table:number-columns-repeated=\"1024\"/>",
        );
        let one = row(
            "",
            "<table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell>",
        );
        let plain = format!("<table:table>{one}{empty_tail}</table:table>");
        assert!(ods_estimate(plain.as_bytes()) < 1024);
        let bomb = format!(
            "<table:table>{}</table:table>",
            row(
                " table:number-rows-repeated=\"1048576\"",
                "<table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"16384\"/>",
            )
        );
        assert!(ods_estimate(bomb.as_bytes()) > 1 << 40);
    }

    #[test]
    fn biff_extent_and_reservation() {
        let rec = |typ: u16, data: &[u8]| {
            let mut v = typ.to_le_bytes().to_vec();
            v.extend((data.len() as u16).to_le_bytes());
            v.extend_from_slice(data);
            v
        };
        let number = |r: u16, c: u16| {
            let mut d = r.to_le_bytes().to_vec();
            d.extend(c.to_le_bytes());
            d.extend([0u8; 10]);
            rec(0x0203, &d)
        };
        let mut globals = rec(0x0809, &[0u8; 16]);
        let sheet_at = globals.len() + 4 + 9 + 4;
        let mut bound = (sheet_at as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 1, 0, b'x']);
        globals.extend(rec(0x0085, &bound));
        globals.extend(rec(0x000A, &[]));
        assert_eq!(globals.len(), sheet_at);
        let mut sheet = rec(0x0809, &[0u8; 16]);
        sheet.extend(number(0, 0));
        sheet.extend(number(65_535, 65_535));
        sheet.extend(rec(0x000A, &[]));
        let mut stream = globals.clone();
        stream.extend(&sheet);
        let est = biff_estimate(&stream, &ReadLimits::default()).unwrap();
        assert!(est >= 65_536 * 65_536 * DATA_BYTES, "{est}");

        let mut dims = 5u32.to_le_bytes().to_vec();
        dims.extend(1u32.to_le_bytes());
        dims.extend([0, 0, 1, 0, 0, 0]);
        let mut sheet = rec(0x0809, &[0u8; 16]);
        sheet.extend(rec(0x0200, &dims));
        sheet.extend(rec(0x000A, &[]));
        let mut stream = globals;
        stream.extend(&sheet);
        let est = biff_estimate(&stream, &ReadLimits::default()).unwrap();
        assert!(est > 1 << 36, "{est}");
    }
}
