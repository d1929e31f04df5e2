//! Opening a file's bytes by what they really are: sniffing, the format's
//! preflight, and the reader for its container.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Ods, Reader, Xls, Xlsb, Xlsx};

use super::limits::Budget;
use super::xlsx_fast::{FastXlsx, SharedBytes};
use super::{
    FileKind, Format, Inner, OpenError, Opened, ReadLimits, XlsxReader, preflight, spreadsheetml,
};

pub(super) fn open_checked(
    bytes: Vec<u8>,
    limits: &ReadLimits,
    mut budget: Budget,
    xlsx_reader: XlsxReader,
) -> Result<Opened, OpenError> {
    if bytes.is_empty() {
        return Err(OpenError::Empty);
    }
    let size = bytes.len() as u64;
    if size > limits.max_file_bytes {
        return Err(OpenError::TooLarge {
            size,
            limit: limits.max_file_bytes,
        });
    }
    // The readers hold the whole file.
    budget.charge(size)?;
    match sniff(&bytes) {
        Sniffed::Zip => open_zip(bytes, limits, budget, xlsx_reader),
        Sniffed::Ole => open_ole(bytes, limits, budget),
        Sniffed::SpreadsheetMl => open_spreadsheetml(bytes, budget),
        Sniffed::Other(kind) => Err(OpenError::NotAWorkbook(kind)),
    }
}

enum Sniffed {
    Zip,
    Ole,
    SpreadsheetMl,
    Other(FileKind),
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Sniffed::Ole;
    }
    if spreadsheetml::sniff(bytes) {
        return Sniffed::SpreadsheetMl;
    }
    Sniffed::Other(sniff_other(bytes))
}

fn sniff_other(bytes: &[u8]) -> FileKind {
    if bytes.starts_with(b"%PDF") {
        return FileKind::Pdf;
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return FileKind::Jpeg;
    }
    if bytes.starts_with(b"\x89PNG") {
        return FileKind::Png;
    }
    if bytes.starts_with(b"GIF8") {
        return FileKind::Gif;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("<!doctype html") || text.starts_with("<html") || text.contains("<html") {
        return FileKind::Html;
    }
    if text.starts_with("<?xml") || text.starts_with('<') {
        if text.contains("urn:schemas-microsoft-com:office:spreadsheet")
            || text.contains("progid=\"excel.sheet\"")
        {
            return FileKind::XmlSpreadsheet;
        }
        return FileKind::Xml;
    }
    let printable = head
        .iter()
        .filter(|&&b| b == b'\n' || b == b'\r' || b == b'\t' || b >= 0x20)
        .count();
    if std::str::from_utf8(head).is_ok() || printable * 10 >= head.len() * 9 {
        let first_line = text.lines().next().unwrap_or("");
        if first_line.contains(',') || first_line.contains('\t') {
            return FileKind::Csv;
        }
        return FileKind::Text;
    }
    FileKind::Unknown
}

/// What the .xlsx reader holds per byte of the shared-string table: the
/// text, and a string header for each entry, which can be as short as a
/// few bytes of XML.
const SHARED_STRING_FACTOR: u64 = 3;

fn open_zip(
    bytes: Vec<u8>,
    limits: &ReadLimits,
    mut budget: Budget,
    xlsx_reader: XlsxReader,
) -> Result<Opened, OpenError> {
    let summary = preflight::check_zip(&bytes, limits)?;
    let names = &summary.names;
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("xl/workbook.xml") {
        budget.charge(summary.shared_strings.saturating_mul(SHARED_STRING_FACTOR))?;
        preflight::check_shared_strings(&bytes, &summary, &mut budget)?;
        if xlsx_reader == XlsxReader::Own {
            let bytes = SharedBytes(Arc::new(bytes));
            // Parts this reader does not open as calamine would are left
            // to calamine, from the start.
            let inner = match FastXlsx::open(bytes.clone()) {
                Ok(fast) => Inner::Own {
                    fast: Box::new(fast),
                    bytes,
                    fallback: None,
                },
                Err(_) => Inner::XlsxShared(Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?),
            };
            budget.check_time()?;
            let (is_1904, names) = match &inner {
                Inner::Own { fast, .. } => (fast.is_1904(), fast.sheet_names()),
                Inner::XlsxShared(x) => (x.has_1904_epoch(), x.sheet_names()),
                _ => (false, Vec::new()),
            };
            return Ok(Opened::new(Format::Xlsx, is_1904, names, inner, budget));
        }
        let xlsx: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
        budget.check_time()?;
        Ok(Opened::new(
            Format::Xlsx,
            xlsx.has_1904_epoch(),
            xlsx.sheet_names(),
            Inner::Xlsx(xlsx),
            budget,
        ))
    } else if has("xl/workbook.bin") {
        preflight::check_binary_shared_strings(&bytes, &summary, &mut budget)?;
        let xlsb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(corrupt)?;
        budget.check_time()?;
        Ok(Opened::new(
            Format::Xlsb,
            xlsb.has_1904_epoch(),
            xlsb.sheet_names(),
            Inner::Xlsb(Box::new(xlsb)),
            budget,
        ))
    } else if has("content.xml") && has("mimetype") {
        preflight::check_ods(&bytes, limits, &mut budget)?;
        let ods: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(corrupt)?;
        budget.check_time()?;
        Ok(Opened::new(
            Format::Ods,
            false,
            ods.sheet_names(),
            Inner::Ods(ods),
            budget,
        ))
    } else if has("word/document.xml") {
        Err(OpenError::NotAWorkbook(FileKind::WordDocument))
    } else {
        Err(OpenError::NotAWorkbook(FileKind::OtherZip))
    }
}

fn open_ole(bytes: Vec<u8>, limits: &ReadLimits, mut budget: Budget) -> Result<Opened, OpenError> {
    // An encrypted .xlsx is an OLE container holding "EncryptedPackage".
    let marker: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    if memchr::memmem::find(&bytes, &marker).is_some() {
        return Err(OpenError::Encrypted);
    }
    let word_marker: Vec<u8> = "WordDocument"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    if memchr::memmem::find(&bytes, &word_marker).is_some() {
        return Err(OpenError::NotAWorkbook(FileKind::WordDocument));
    }
    preflight::check_ole(&bytes, limits, &mut budget)?;
    let xls: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(corrupt)?;
    budget.check_time()?;
    Ok(Opened::new(
        Format::Xls,
        xls.has_1904_epoch(),
        xls.sheet_names(),
        Inner::Xls(xls),
        budget,
    ))
}

fn open_spreadsheetml(bytes: Vec<u8>, mut budget: Budget) -> Result<Opened, OpenError> {
    let doc = spreadsheetml::open(bytes, &mut budget)?;
    budget.check_time()?;
    Ok(Opened::new(
        Format::SpreadsheetMl,
        doc.is_1904,
        doc.sheet_names(),
        Inner::SpreadsheetMl(doc),
        budget,
    ))
}

pub(super) fn corrupt(e: impl std::fmt::Display) -> OpenError {
    let text = e.to_string();
    if text.to_lowercase().contains("password") {
        OpenError::Encrypted
    } else {
        OpenError::Corrupt(text)
    }
}
