//! Opening a file as a workbook: what kind of file it really is, and its
//! cells, kept sparse so that a stray cell at XFD1048576 costs one entry, not
//! a dense grid.
//!
//! Every file is measured against [`ReadLimits`] before and while it is
//! read (see `limits` and `preflight`): a file too large, an archive that
//! would unpack to too much, a sheet that would take too much memory or
//! time gets an [`OpenError`] naming the limit, never a crash.

mod limits;
mod preflight;
pub mod spreadsheetml;
mod xlsx_fast;

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

pub use limits::ReadLimits;
use limits::{Budget, mb};
use xlsx_fast::{FastXlsx, SharedBytes, SheetRead};

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::normalize;

/// The spreadsheet formats the tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
    /// Excel 2003 XML, as web platforms export it (often named .xls).
    SpreadsheetMl,
    /// Excel binary workbook (BIFF12).
    Xlsb,
}

/// A cell's value as the file holds it, before any column gives it meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell the file formats as a date.
    Date(NaiveDate),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A formula the file holds with no value computed for it (files
    /// written by scripts, not saved by a spreadsheet). Holds the formula,
    /// which may be empty where the file shares one formula among cells.
    Uncalculated(String),
}

impl Cell {
    /// The cell as the user sees it, for messages.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Error(e) => e.clone(),
            // What a viewer that does not calculate shows: nothing. Never
            // a made-up 0.
            Cell::Uncalculated(_) => String::new(),
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Numbers without a spurious ".0" so ids typed as numbers read as typed.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One row of a sheet holding at least one non-empty cell, sorted by column.
#[derive(Debug, Clone, Default)]
pub struct SheetRow {
    /// Zero-based row index.
    pub index: u32,
    pub cells: Vec<(u32, Cell)>,
}

impl SheetRow {
    pub fn get(&self, col: u32) -> Option<&Cell> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &self.cells[i].1)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    /// Non-empty rows in ascending order.
    pub rows: Vec<SheetRow>,
}

#[derive(Debug, Clone)]
pub struct Workbook {
    pub format: Format,
    /// The 1904 date system, for serial numbers in date columns that the
    /// file did not format as dates.
    pub is_1904: bool,
    pub sheets: Vec<Sheet>,
}

/// Why a file is not a workbook the tool can read. Each says what the file
/// really is where that can be told from its bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum OpenError {
    #[error("cannot open the file: {0}")]
    Io(String),
    #[error("this is a folder, not a file")]
    Directory,
    #[error("this is not an ordinary file but a device, pipe or socket")]
    NotAFile,
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("the file is password-protected; remove the password and resubmit")]
    Encrypted,
    #[error("this is not a spreadsheet but {}{}", .0, .0.advice(Lang::En))]
    NotAWorkbook(FileKind),
    #[error("the workbook is damaged: {0}")]
    Corrupt(String),
    #[error(
        "the file is {} MB, over the {} MB limit for one file (raise it with --max-file-mb)",
        mb(*.size),
        mb(*.limit)
    )]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "{} would unpack to {} MB, over the {} MB limit (raise it with --max-unpacked-mb); refused before unpacking",
        .part.as_deref().map(|p| format!("its part \"{p}\"")).unwrap_or_else(|| "the workbook".into()),
        mb(*.size),
        mb(*.limit)
    )]
    TooLargeUnpacked {
        part: Option<String>,
        size: u64,
        limit: u64,
    },
    #[error(
        "its part \"{part}\" is compressed {ratio} to 1, over the limit of {limit} to 1, as a zip bomb is (raise it with --max-ratio); refused before unpacking"
    )]
    Ratio {
        part: String,
        ratio: u64,
        limit: u64,
    },
    #[error("the workbook is damaged in a way the reader could not handle")]
    ReaderFailed,
    #[error("the archive holds {parts} parts; a workbook holds a few dozen")]
    TooManyParts { parts: u64 },
    /// `needed` is the estimate when the budget was passed: at least that
    /// much, and often more had reading gone on.
    #[error(
        "reading it would take more memory than the {} MB budget for one file (raise it with --max-memory-mb)",
        mb(*.limit)
    )]
    OverMemory { needed: u64, limit: u64 },
    /// A count the file declares about itself that its own size shows to
    /// be false, refused before a reader could reserve room for it.
    #[error(
        "{} is {declared}, but the file has room for at most {most}: the count is false, and the reader would reserve memory for it; the file was not read (it is damaged or was altered)",
        .what.describe(Lang::En)
    )]
    FalseCount {
        what: Declared,
        declared: u64,
        most: u64,
    },
    /// The process reading the file (see `worker`) ended without an answer:
    /// it aborted, overflowed its stack, ran out of the memory allowed it,
    /// or was stopped after hanging past its time budget.
    #[error(
        "the process reading this file ended abnormally (a memory or format problem); the file was skipped, and the other files are not affected"
    )]
    WorkerDied,
    #[error(
        "reading it took longer than the {seconds}-second budget for one file (raise it with --max-seconds)"
    )]
    TimedOut { seconds: u64 },
    /// An Excel 2003 XML file refused; see [`spreadsheetml::XmlRefusal`].
    #[error("{0}")]
    Xml(spreadsheetml::XmlRefusal),
}

/// Which count a file declared about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Declared {
    /// `uniqueCount` on an .xlsx shared-string table.
    SharedStrings,
    /// `cstUnique` on an .xlsb shared-string table.
    BinarySharedStrings,
}

impl Declared {
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            Declared::SharedStrings => lang.pick(
                "其共享字符串表（sharedStrings.xml）声明的字符串个数",
                "the number of strings its shared-string table (sharedStrings.xml) declares",
            ),
            Declared::BinarySharedStrings => lang.pick(
                "其共享字符串表（sharedStrings.bin）声明的字符串个数",
                "the number of strings its shared-string table (sharedStrings.bin) declares",
            ),
        }
    }
}

/// What a non-workbook file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
    Gif,
    Html,
    XmlSpreadsheet,
    Xml,
    Csv,
    Text,
    OtherZip,
    WordDocument,
    Unknown,
}

impl FileKind {
    pub fn describe(self, lang: Lang) -> &'static str {
        use FileKind::*;
        match self {
            Pdf => lang.pick("PDF 文档", "a PDF document"),
            Jpeg => lang.pick("JPEG 图片", "a JPEG image"),
            Png => lang.pick("PNG 图片", "a PNG image"),
            Gif => lang.pick("GIF 图片", "a GIF image"),
            Html => lang.pick("网页（HTML）文件", "a web page (HTML)"),
            XmlSpreadsheet => lang.pick(
                "Excel 2003 XML 表格（请在 Excel 中另存为 .xlsx）",
                "an Excel 2003 XML spreadsheet (save it as .xlsx in Excel)",
            ),
            Xml => lang.pick("XML 文件", "an XML file"),
            Csv => lang.pick(
                "CSV 文本文件（请在 Excel 中另存为 .xlsx）",
                "a CSV text file (save it as .xlsx in Excel)",
            ),
            Text => lang.pick("纯文本文件", "a plain text file"),
            OtherZip => lang.pick(
                "不是表格的压缩包",
                "a zip archive that is not a spreadsheet",
            ),
            WordDocument => lang.pick("Word 文档", "a Word document"),
            Unknown => lang.pick("无法识别的文件", "an unrecognised file"),
        }
    }
}

impl FileKind {
    /// What to do, where the description does not already say.
    pub fn advice(self, lang: Lang) -> &'static str {
        match self {
            FileKind::Csv | FileKind::XmlSpreadsheet => "",
            _ => lang.pick(
                "，未读取；请提交台账工作簿（.xlsx）",
                ", not read; submit the ledger as a workbook (.xlsx)",
            ),
        }
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe(Lang::En))
    }
}

impl OpenError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (OpenError::Io(e), Lang::Zh) => format!("无法打开文件：{e}"),
            (OpenError::Directory, Lang::Zh) => "这是一个文件夹，不是文件".into(),
            (OpenError::NotAFile, Lang::Zh) => "这不是普通文件，而是设备、管道或套接字".into(),
            (OpenError::Empty, Lang::Zh) => "文件是空的（0 字节）".into(),
            (OpenError::Encrypted, Lang::Zh) => "文件设有密码保护，请去除密码后重新提交".into(),
            (OpenError::NotAWorkbook(kind), Lang::Zh) => {
                format!(
                    "这不是电子表格，而是{}{}",
                    kind.describe(Lang::Zh),
                    kind.advice(Lang::Zh)
                )
            }
            (OpenError::Corrupt(detail), Lang::Zh) => format!("工作簿已损坏：{detail}"),
            (OpenError::TooLarge { size, limit }, Lang::Zh) => format!(
                "文件大小 {} MB，超过单个文件 {} MB 的上限（可用 --max-file-mb 调高）",
                mb(*size),
                mb(*limit)
            ),
            (OpenError::TooLargeUnpacked { part, size, limit }, Lang::Zh) => format!(
                "{}解压后将达 {} MB，超过 {} MB 的上限（可用 --max-unpacked-mb 调高），未解压即拒收",
                part.as_deref()
                    .map(|p| format!("其中的“{p}”"))
                    .unwrap_or_else(|| "工作簿".into()),
                mb(*size),
                mb(*limit)
            ),
            (OpenError::Ratio { part, ratio, limit }, Lang::Zh) => format!(
                "其中的“{part}”压缩比为 {ratio}:1，超过 {limit}:1 的上限，疑似“压缩炸弹”（可用 --max-ratio 调高），未解压即拒收"
            ),
            (OpenError::ReaderFailed, Lang::Zh) => "工作簿已损坏，读取程序无法处理".into(),
            (OpenError::TooManyParts { parts }, Lang::Zh) => {
                format!("压缩包内有 {parts} 个部件，正常工作簿只有几十个")
            }
            (OpenError::OverMemory { limit, .. }, Lang::Zh) => format!(
                "读取所需内存超过单个文件 {} MB 的预算（可用 --max-memory-mb 调高）",
                mb(*limit)
            ),
            (
                OpenError::FalseCount {
                    what,
                    declared,
                    most,
                },
                Lang::Zh,
            ) => format!(
                "{}为 {declared}，而按其大小最多只能有 {most}：这个数字是假的，会让读取程序预留相应内存，文件未读取（工作簿已损坏或被改动过）",
                what.describe(Lang::Zh)
            ),
            (OpenError::WorkerDied, Lang::Zh) => {
                "读取此文件时读取进程异常退出（内存或格式问题），已跳过；其余文件不受影响".into()
            }
            (OpenError::TimedOut { seconds }, Lang::Zh) => {
                format!("读取时间超过单个文件 {seconds} 秒的限制（可用 --max-seconds 调高）")
            }
            (OpenError::Xml(refusal), Lang::Zh) => refusal.message(Lang::Zh),
        }
    }
}

/// Reads a file into memory and opens it by what its bytes say it is,
/// whatever its extension claims, within the default limits.
pub fn open(path: &Path) -> Result<Workbook, OpenError> {
    open_with(path, &ReadLimits::default())
}

/// [`open`] within the given limits.
pub fn open_with(path: &Path, limits: &ReadLimits) -> Result<Workbook, OpenError> {
    open_lazy_with(path, limits)?.read_all()
}

/// Opens a workbook held in memory and reads all its sheets, within the
/// default limits.
pub fn open_bytes(bytes: Vec<u8>) -> Result<Workbook, OpenError> {
    open_bytes_with(bytes, &ReadLimits::default())
}

/// [`open_bytes`] within the given limits.
pub fn open_bytes_with(bytes: Vec<u8>, limits: &ReadLimits) -> Result<Workbook, OpenError> {
    open_bytes_lazy_with(bytes, limits)?.read_all()
}

/// [`open_bytes_with`], reading `.xlsx` with calamine alone: the reference
/// the tool's own `.xlsx` reader is tested against.
pub fn open_bytes_reference(bytes: Vec<u8>, limits: &ReadLimits) -> Result<Workbook, OpenError> {
    open_checked(bytes, limits, Budget::new(limits), XlsxReader::Calamine)?.read_all()
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

/// Opens a file as a workbook without reading its sheets yet.
pub fn open_lazy(path: &Path) -> Result<Opened, OpenError> {
    open_lazy_with(path, &ReadLimits::default())
}

/// [`open_lazy`] within the given limits. The time budget starts here.
pub fn open_lazy_with(path: &Path, limits: &ReadLimits) -> Result<Opened, OpenError> {
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
    open_checked(bytes, limits, budget, XlsxReader::chosen())
}

/// Opens a workbook held in memory without reading its sheets yet.
pub fn open_bytes_lazy(bytes: Vec<u8>) -> Result<Opened, OpenError> {
    open_bytes_lazy_with(bytes, &ReadLimits::default())
}

/// [`open_bytes_lazy`] within the given limits.
pub fn open_bytes_lazy_with(bytes: Vec<u8>, limits: &ReadLimits) -> Result<Opened, OpenError> {
    open_checked(bytes, limits, Budget::new(limits), XlsxReader::chosen())
}

fn open_checked(
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

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
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
    if contains(&bytes, &marker) {
        return Err(OpenError::Encrypted);
    }
    let word_marker: Vec<u8> = "WordDocument"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    if contains(&bytes, &word_marker) {
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

fn corrupt(e: impl std::fmt::Display) -> OpenError {
    let text = e.to_string();
    if text.to_lowercase().contains("password") {
        OpenError::Encrypted
    } else {
        OpenError::Corrupt(text)
    }
}

/// A cell value as the reader hands it over, borrowed where it can be: the
/// ledger keeps only the cells of the columns it knows, so most text never
/// needs copying.
#[derive(Debug, Clone, PartialEq)]
pub enum CellRef<'a> {
    Text(&'a str),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    Error(String),
    /// See [`Cell::Uncalculated`].
    Uncalculated(String),
}

impl CellRef<'_> {
    pub fn to_cell(&self) -> Cell {
        match self {
            CellRef::Text(s) => Cell::Text((*s).to_string()),
            CellRef::Number(n) => Cell::Number(*n),
            CellRef::Bool(b) => Cell::Bool(*b),
            CellRef::Date(d) => Cell::Date(*d),
            CellRef::Error(e) => Cell::Error(e.clone()),
            CellRef::Uncalculated(f) => Cell::Uncalculated(f.clone()),
        }
    }

    /// What holding the cell costs, for the memory budget.
    fn cost(&self) -> u64 {
        const CELL: u64 = std::mem::size_of::<(u32, Cell)>() as u64;
        CELL + match self {
            CellRef::Text(s) => s.len() as u64,
            CellRef::Error(s) | CellRef::Uncalculated(s) => s.len() as u64,
            _ => 0,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            CellRef::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Where a sheet's cells go as they are read, in reading order (row by row,
/// left to right, in every format the tool reads).
pub trait CellSink {
    fn cell(&mut self, row: u32, col: u32, value: CellRef<'_>);
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
    pub format: Format,
    pub is_1904: bool,
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
/// or one opened in a worker process (`crate::worker`).
pub trait SheetSource {
    fn format(&self) -> Format;
    fn is_1904(&self) -> bool;
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

/// Streams a sheet with calamine, leaving out the first `skip` cells that
/// would be handed over (the tool's own reader delivered them already).
fn read_xlsx<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut Xlsx<RS>,
    name: &str,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    mut skip: u64,
) -> Result<(), OpenError> {
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(corrupt)?;
    // The formula comes in the same pass as the value, so a formula with no
    // value computed is caught where it would otherwise read as a blank
    // cell.
    let mut last_row = None;
    while let Some(cell) = reader.next_cell_with_formula_metadata().map_err(corrupt)? {
        let (row, col) = cell.pos;
        if last_row != Some(row) {
            last_row = Some(row);
            if skip == 0 {
                budget.tick(ROW_COST)?;
            }
        }
        let value = match (&cell.value, cell.formula) {
            (DataRef::Empty, Some(f)) => Some(CellRef::Uncalculated(formula_text(f))),
            (v, _) => borrow_ref(v),
        };
        if let Some(value) = value {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            budget.tick(value.cost())?;
            sink.cell(row, col, value);
        }
    }
    Ok(())
}

/// What a row costs beyond its cells: the ledger keeps a value slot for
/// every contract column of each data row (at most about 30 of 32 bytes),
/// however few cells the row fills. A column filled down to the last row
/// is a million rows.
const ROW_COST: u64 = 1024;

fn formula_text(f: calamine::XlsxFormulaMetadata) -> String {
    match f {
        calamine::XlsxFormulaMetadata::Normal { formula }
        | calamine::XlsxFormulaMetadata::Shared { formula, .. } => formula,
        _ => String::new(),
    }
}

/// Formats whose reader only offers whole ranges, laid out densely; what
/// that costs was measured and booked before the reader ran
/// (`preflight`).
fn read_dense<R>(
    reader: &mut R,
    name: &str,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
) -> Result<(), OpenError>
where
    R: Reader<Cursor<Vec<u8>>>,
    R::Error: std::fmt::Display,
{
    let range = reader.worksheet_range(name).map_err(corrupt)?;
    budget.check_time()?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut last_row = None;
    for (r, c, value) in range.used_cells() {
        if last_row != Some(r) {
            last_row = Some(r);
            budget.tick(ROW_COST)?;
        }
        if let Some(v) = borrow_data(value) {
            budget.tick(v.cost())?;
            sink.cell(r0.saturating_add(r as u32), c0.saturating_add(c as u32), v);
        }
    }
    Ok(())
}

impl CellSink for SheetBuilder {
    fn cell(&mut self, row: u32, col: u32, value: CellRef<'_>) {
        self.push(row, col, value.to_cell());
    }
}

/// Collects cells into sorted rows. Readers deliver cells row by row, left
/// to right, so rows are built as cells arrive; anything out of order sends
/// the builder to a sort at the end.
#[derive(Default)]
pub struct SheetBuilder {
    rows: Vec<SheetRow>,
    unsorted: Vec<(u32, u32, Cell)>,
}

impl SheetBuilder {
    pub fn push(&mut self, row: u32, col: u32, cell: Cell) {
        if !self.unsorted.is_empty() {
            self.unsorted.push((row, col, cell));
            return;
        }
        match self.rows.last_mut() {
            Some(last) if last.index == row => match last.cells.last() {
                Some((lc, _)) if *lc < col => last.cells.push((col, cell)),
                _ => self.spill(row, col, cell),
            },
            Some(last) if last.index > row => self.spill(row, col, cell),
            _ => self.rows.push(SheetRow {
                index: row,
                cells: vec![(col, cell)],
            }),
        }
    }

    /// Moves everything to the unsorted list, to be sorted at the end.
    fn spill(&mut self, row: u32, col: u32, cell: Cell) {
        for r in std::mem::take(&mut self.rows) {
            for (c, v) in r.cells {
                self.unsorted.push((r.index, c, v));
            }
        }
        self.unsorted.push((row, col, cell));
    }

    pub fn finish(mut self, name: String) -> Sheet {
        if self.unsorted.is_empty() {
            return Sheet {
                name,
                rows: self.rows,
            };
        }
        self.unsorted.sort_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<SheetRow> = Vec::new();
        for (r, c, cell) in self.unsorted {
            match rows.last_mut() {
                Some(last) if last.index == r => {
                    if last.cells.last().map(|(lc, _)| *lc) != Some(c) {
                        last.cells.push((c, cell));
                    }
                }
                _ => rows.push(SheetRow {
                    index: r,
                    cells: vec![(c, cell)],
                }),
            }
        }
        Sheet { name, rows }
    }
}

fn text_ref(s: &str) -> Option<CellRef<'_>> {
    if s.trim().is_empty() {
        None
    } else {
        Some(CellRef::Text(s))
    }
}

fn date_ref<'a>(dt: &calamine::ExcelDateTime) -> CellRef<'a> {
    let value = dt.as_f64();
    // Times of day without a date are numbers, not dates.
    if dt.is_duration() || value < 1.0 {
        return CellRef::Number(value);
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    match NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
        Some(date) => CellRef::Date(date),
        None => CellRef::Number(value),
    }
}

fn iso_ref(s: &str) -> Option<CellRef<'_>> {
    match normalize::parse_date_text(s) {
        Some(d) => Some(CellRef::Date(d)),
        None => text_ref(s),
    }
}

fn borrow_data(value: &Data) -> Option<CellRef<'_>> {
    match value {
        Data::Empty => None,
        Data::String(s) => text_ref(s),
        Data::Int(i) => Some(CellRef::Number(*i as f64)),
        Data::Float(f) => Some(CellRef::Number(*f)),
        Data::Bool(b) => Some(CellRef::Bool(*b)),
        Data::DateTime(dt) => Some(date_ref(dt)),
        Data::DateTimeIso(s) => iso_ref(s),
        Data::DurationIso(s) => text_ref(s),
        Data::Error(e) => Some(CellRef::Error(e.to_string())),
    }
}

fn borrow_ref<'a>(value: &'a DataRef<'_>) -> Option<CellRef<'a>> {
    match value {
        DataRef::Empty => None,
        DataRef::String(s) => text_ref(s),
        DataRef::SharedString(s) => text_ref(s),
        DataRef::Int(i) => Some(CellRef::Number(*i as f64)),
        DataRef::Float(f) => Some(CellRef::Number(*f)),
        DataRef::Bool(b) => Some(CellRef::Bool(*b)),
        DataRef::DateTime(dt) => Some(date_ref(dt)),
        DataRef::DateTimeIso(s) => iso_ref(s),
        DataRef::DurationIso(s) => text_ref(s),
        DataRef::Error(e) => Some(CellRef::Error(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn builder_keeps_in_order_cells_and_drops_repeats() {
        let mut b = SheetBuilder::default();
        b.push(0, 0, Cell::Number(1.0));
        b.push(0, 2, Cell::Number(2.0));
        b.push(3, 1, Cell::Number(3.0));
        b.push(3, 1, Cell::Number(4.0));
        let s = b.finish("x".into());
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[1].cells, vec![(1, Cell::Number(3.0))]);
    }

    #[test]
    fn builder_sorts_and_keeps_sparse() {
        let mut b = SheetBuilder::default();
        b.push(1_048_575, 16_383, Cell::Number(1.0));
        b.push(0, 1, Cell::Text("b".into()));
        b.push(0, 0, Cell::Text("a".into()));
        let s = b.finish("x".into());
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0].cells.len(), 2);
        assert_eq!(s.rows[0].get(0), Some(&Cell::Text("a".into())));
        assert_eq!(s.rows[1].index, 1_048_575);
    }
}
