//! Opening a file as a workbook: what kind of file it really is, and its
//! cells, kept sparse so that a stray cell at XFD1048576 costs one entry, not
//! a dense grid.
//!
//! Every file is measured against [`ReadLimits`] before and while it is
//! read (see `limits` and `preflight`): a file too large, an archive that
//! would unpack to too much, a sheet that would take too much memory or
//! time gets an [`OpenError`] naming the limit, never a crash.
#![deny(missing_docs)]

mod calamine_read;
mod cell;
mod error;
pub mod guard;
mod limits;
pub mod normalize;
mod open;
mod preflight;
pub mod spreadsheetml;
mod xlsx_fast;

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Ods, Reader, Xls, Xlsb, Xlsx};

use calamine_read::{ROW_COST, borrow_ref, date_ref, iso_ref, read_dense, read_xlsx, text_ref};
pub use cell::{
    Cell, CellRef, CellSink, Format, Sheet, SheetBuilder, SheetRow, Workbook, format_number,
};
pub use error::{Declared, FileKind, OpenError};
use limits::Budget;
pub use limits::{ReadLimits, mb};
use open::{corrupt, open_checked};
use xlsx_fast::{FastXlsx, SharedBytes, SheetRead};

/// Reads a file into memory and opens it by what its bytes say it is,
/// whatever its extension claims, and reads all its sheets, within the
/// default limits. [`OpenOptions`] sets limits, opens bytes held in memory,
/// or leaves sheets to be read on demand.
pub fn open(path: &Path) -> Result<Workbook, OpenError> {
    OpenOptions::new().read(path)
}

/// How a workbook is opened: within which [`ReadLimits`], and with which
/// `.xlsx` reader. Build one, then open a file ([`open`](Self::open),
/// [`read`](Self::read)) or bytes held in memory
/// ([`open_bytes`](Self::open_bytes), [`read_bytes`](Self::read_bytes)).
///
/// ```
/// use wuyi_sheets::{OpenOptions, ReadLimits};
/// let limits = ReadLimits::default();
/// let err = OpenOptions::new().limits(&limits).read_bytes(Vec::new());
/// assert!(err.is_err());
/// ```
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    limits: ReadLimits,
    reference: bool,
}

impl OpenOptions {
    /// The default limits and the tool's own `.xlsx` reader.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads within `limits`.
    pub fn limits(mut self, limits: &ReadLimits) -> Self {
        self.limits = limits.clone();
        self
    }

    /// Reads `.xlsx` with calamine alone: the reference the tool's own
    /// `.xlsx` reader is tested against.
    pub fn reference_reader(mut self) -> Self {
        self.reference = true;
        self
    }

    fn xlsx_reader(&self) -> XlsxReader {
        if self.reference {
            XlsxReader::Calamine
        } else {
            XlsxReader::chosen()
        }
    }

    /// Opens a file without reading its sheets yet. The time budget starts
    /// here.
    pub fn open(&self, path: &Path) -> Result<Opened, OpenError> {
        let limits = &self.limits;
        let budget = Budget::new(limits);
        let meta = std::fs::metadata(path).map_err(|e| OpenError::Io(e.to_string()))?;
        if meta.is_dir() {
            return Err(OpenError::Directory);
        }
        // A pipe would block the read for ever, a device never end it.
        if !meta.is_file() {
            return Err(OpenError::NotAFile);
        }
        // Checked before reading, so an enormous file is never loaded.
        if meta.len() > limits.max_file_bytes {
            return Err(OpenError::TooLarge {
                size: meta.len(),
                limit: limits.max_file_bytes,
            });
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        // A file still growing while it is read stops at the limit.
        std::fs::File::open(path)
            .and_then(|f| {
                f.take(limits.max_file_bytes.saturating_add(1))
                    .read_to_end(&mut bytes)
            })
            .map_err(|e| OpenError::Io(e.to_string()))?;
        open_checked(bytes, limits, budget, self.xlsx_reader())
    }

    /// Opens a workbook held in memory without reading its sheets yet.
    pub fn open_bytes(&self, bytes: Vec<u8>) -> Result<Opened, OpenError> {
        open_checked(
            bytes,
            &self.limits,
            Budget::new(&self.limits),
            self.xlsx_reader(),
        )
    }

    /// Opens a file and reads all its sheets.
    pub fn read(&self, path: &Path) -> Result<Workbook, OpenError> {
        self.open(path)?.read_all()
    }

    /// Opens a workbook held in memory and reads all its sheets.
    pub fn read_bytes(&self, bytes: Vec<u8>) -> Result<Workbook, OpenError> {
        self.open_bytes(bytes)?.read_all()
    }
}

/// Which reader opens `.xlsx` files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum XlsxReader {
    /// The streaming reader, handing what it does not handle to calamine.
    Own,
    Calamine,
}

impl XlsxReader {
    /// The own reader, unless `WUYI_XLSX_READER=calamine` asks for the
    /// reference (for comparing the two on the same build).
    fn chosen() -> XlsxReader {
        static CHOSEN: std::sync::LazyLock<XlsxReader> =
            std::sync::LazyLock::new(|| match std::env::var("WUYI_XLSX_READER").as_deref() {
                Ok("calamine") => XlsxReader::Calamine,
                _ => XlsxReader::Own,
            });
        *CHOSEN
    }
}

enum Inner {
    /// The tool's own `.xlsx` reader, with calamine opened on the same
    /// bytes if a sheet needs it.
    Own {
        fast: Box<FastXlsx>,
        bytes: SharedBytes,
        fallback: Option<Box<Xlsx<Cursor<SharedBytes>>>>,
    },
    XlsxShared(Xlsx<Cursor<SharedBytes>>),
    Xlsx(Xlsx<Cursor<Vec<u8>>>),
    Xls(Xls<Cursor<Vec<u8>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
    SpreadsheetMl(spreadsheetml::Document),
    Xlsb(Box<Xlsb<Cursor<Vec<u8>>>>),
}

/// A workbook whose container is open and whose sheets are read on demand,
/// so sheets nobody asks for are never parsed.
pub struct Opened {
    /// What the file really is.
    pub format: Format,
    /// The 1904 date system (see [`Workbook::is_1904`]).
    pub is_1904: bool,
    /// The sheets' names in the workbook's order.
    pub sheet_names: Vec<String>,
    inner: Inner,
    budget: Budget,
}

impl Opened {
    fn new(
        format: Format,
        is_1904: bool,
        sheet_names: Vec<String>,
        inner: Inner,
        budget: Budget,
    ) -> Self {
        Opened {
            format,
            is_1904,
            sheet_names,
            inner,
            budget,
        }
    }

    /// Streams one sheet's non-empty cells into `sink`. Each cell read is
    /// booked against the file's memory budget whether or not the sink
    /// keeps it: it bounds the work as well as the memory.
    pub fn read_sheet(&mut self, name: &str, sink: &mut dyn CellSink) -> Result<(), OpenError> {
        self.budget.check_time()?;
        let budget = &mut self.budget;
        match &mut self.inner {
            Inner::Own {
                fast,
                bytes,
                fallback,
            } => match fast.read_sheet(name, sink, budget)? {
                SheetRead::Done => Ok(()),
                SheetRead::Fallback { delivered } => {
                    let xlsx = match fallback {
                        Some(x) => x,
                        None => fallback.insert(Box::new(
                            Xlsx::new(Cursor::new(bytes.clone())).map_err(corrupt)?,
                        )),
                    };
                    read_xlsx(xlsx, name, sink, budget, delivered)
                }
            },
            Inner::XlsxShared(xlsx) => read_xlsx(xlsx, name, sink, budget, 0),
            Inner::Xlsx(xlsx) => read_xlsx(xlsx, name, sink, budget, 0),
            Inner::Xlsb(xlsb) => {
                let mut reader = xlsb.worksheet_cells_reader(name).map_err(corrupt)?;
                let mut last_row = None;
                while let Some(cell) = reader.next_cell().map_err(corrupt)? {
                    let (row, col) = cell.get_position();
                    if last_row != Some(row) {
                        last_row = Some(row);
                        budget.tick(ROW_COST)?;
                    }
                    if let Some(value) = borrow_ref(cell.get_value()) {
                        budget.tick(value.cost())?;
                        sink.cell(row, col, value);
                    }
                }
                Ok(())
            }
            Inner::Xls(xls) => read_dense(xls, name, sink, budget),
            Inner::Ods(ods) => read_dense(ods, name, sink, budget),
            Inner::SpreadsheetMl(doc) => doc.read_sheet(name, sink, budget),
        }
    }

    /// Whether every sheet read so far was read by the tool's own `.xlsx`
    /// reader alone, without handing anything to calamine.
    pub fn own_reader_complete(&self) -> bool {
        matches!(&self.inner, Inner::Own { fallback: None, .. })
    }

    /// Reads every sheet into memory.
    pub fn read_all(mut self) -> Result<Workbook, OpenError> {
        let mut sheets = Vec::with_capacity(self.sheet_names.len());
        for name in std::mem::take(&mut self.sheet_names) {
            let mut builder = SheetBuilder::default();
            self.read_sheet(&name, &mut builder)?;
            sheets.push(builder.finish(name));
        }
        Ok(Workbook {
            format: self.format,
            is_1904: self.is_1904,
            sheets,
        })
    }
}

/// A workbook whose sheets can be streamed one by one: one opened here,
/// or one opened elsewhere, such as in a worker process.
pub trait SheetSource {
    /// What the file really is.
    fn format(&self) -> Format;
    /// The 1904 date system (see [`Workbook::is_1904`]).
    fn is_1904(&self) -> bool;
    /// The sheets' names in the workbook's order.
    fn sheet_names(&self) -> &[String];
    /// See [`Opened::read_sheet`].
    fn read_sheet(&mut self, name: &str, sink: &mut dyn CellSink) -> Result<(), OpenError>;
}

impl SheetSource for Opened {
    fn format(&self) -> Format {
        self.format
    }
    fn is_1904(&self) -> bool {
        self.is_1904
    }
    fn sheet_names(&self) -> &[String] {
        &self.sheet_names
    }
    fn read_sheet(&mut self, name: &str, sink: &mut dyn CellSink) -> Result<(), OpenError> {
        Opened::read_sheet(self, name, sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_bytes(bytes: Vec<u8>) -> Result<Workbook, OpenError> {
        OpenOptions::new().read_bytes(bytes)
    }

    #[test]
    fn sniffs_what_files_really_are() {
        let kind = |b: &[u8]| match open_bytes(b.to_vec()) {
            Err(OpenError::NotAWorkbook(k)) => Some(k),
            _ => None,
        };
        assert_eq!(kind(b"%PDF-1.4 ..."), Some(FileKind::Pdf));
        assert_eq!(kind(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(FileKind::Jpeg));
        assert_eq!(kind(b"<!DOCTYPE html><html></html>"), Some(FileKind::Html));
        assert_eq!(
            kind(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"></Workbook>"),
            None
        );
        assert!(matches!(
            open_bytes(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"></Workbook>".to_vec()),
            Ok(Workbook { format: Format::SpreadsheetMl, .. })
        ));
        assert_eq!(kind(b"<?xml version=\"1.0\"?><root/>"), Some(FileKind::Xml));
        assert_eq!(
            kind("户编号,网格编号\n1,2\n".as_bytes()),
            Some(FileKind::Csv)
        );
        assert_eq!(open_bytes(Vec::new()).err(), Some(OpenError::Empty));
    }

    #[test]
    fn truncated_zip_is_corrupt() {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&[0u8; 40]);
        assert!(matches!(open_bytes(bytes), Err(OpenError::Corrupt(_))));
    }
}
