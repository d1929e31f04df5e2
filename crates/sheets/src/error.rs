//! Why a file is not a workbook the tool can read, typed: each variant
//! carries what its message needs, and the words are the report layer's.

/// Why a file is not a workbook the tool can read. Each variant carries
/// what its message needs (the wording is the report layer's); each says
/// what the file really is where that can be told from its bytes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum OpenError {
    /// The file system refused: the error as the system words it.
    Io(String),
    /// The path is a folder.
    Directory,
    /// The path is a device, pipe or socket, never read (it could block
    /// or never end).
    NotAFile,
    /// The file holds no bytes.
    Empty,
    /// The workbook is password-protected.
    Encrypted,
    /// The bytes are some other kind of file.
    NotAWorkbook(FileKind),
    /// The container or a part of it is damaged: the reader's own words.
    Corrupt(String),
    /// The file is over `limit` bytes ([`ReadLimits::max_file_bytes`](super::ReadLimits::max_file_bytes)).
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The archive, or one of its parts, would unpack to more than
    /// [`ReadLimits::max_unpacked_bytes`](super::ReadLimits::max_unpacked_bytes); refused before unpacking.
    TooLargeUnpacked {
        /// The part, where one part alone is over; `None` for the whole.
        part: Option<String>,
        /// What it declares it unpacks to, in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A part is compressed more than [`ReadLimits::max_ratio`](super::ReadLimits::max_ratio) to 1, as a
    /// zip bomb is; refused before unpacking.
    Ratio {
        /// The part's name in the archive.
        part: String,
        /// Its ratio, unpacked to packed.
        ratio: u64,
        /// The limit.
        limit: u64,
    },
    /// A reader panicked on the file.
    ReaderFailed,
    /// The archive holds far more parts than a workbook does.
    TooManyParts {
        /// How many parts it holds.
        parts: u64,
    },
    /// Reading would take more than [`ReadLimits::max_memory_bytes`](super::ReadLimits::max_memory_bytes).
    /// `needed` is the estimate when the budget was passed: at least that
    /// much, and often more had reading gone on.
    OverMemory {
        /// The estimate in bytes when the budget was passed.
        needed: u64,
        /// The budget in bytes.
        limit: u64,
    },
    /// A count the file declares about itself that its own size shows to
    /// be false, refused before a reader could reserve room for it.
    FalseCount {
        /// Which count.
        what: Declared,
        /// The count the file declares.
        declared: u64,
        /// The most the file's size has room for.
        most: u64,
    },
    /// The process reading the file ended without an answer: it aborted,
    /// overflowed its stack, ran out of the memory allowed it, or was
    /// stopped after hanging past its time budget.
    WorkerDied,
    /// Reading took longer than [`ReadLimits::max_time`](super::ReadLimits::max_time).
    TimedOut {
        /// The budget in whole seconds.
        seconds: u64,
    },
    /// An Excel 2003 XML file refused; see [`XmlRefusal`](super::spreadsheetml::XmlRefusal).
    Xml(super::spreadsheetml::XmlRefusal),
}

/// For logs and `?` in programs: the variant and its data. The words a
/// person reads, in either language, are the report layer's.
impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the workbook could not be read: {self:?}")
    }
}

impl std::error::Error for OpenError {}

/// Which count a file declared about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Declared {
    /// `uniqueCount` on an .xlsx shared-string table.
    SharedStrings,
    /// `cstUnique` on an .xlsb shared-string table.
    BinarySharedStrings,
}

/// What a non-workbook file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FileKind {
    /// A PDF document.
    Pdf,
    /// A JPEG image.
    Jpeg,
    /// A PNG image.
    Png,
    /// A GIF image.
    Gif,
    /// A web page.
    Html,
    /// An Excel 2003 XML spreadsheet the tool does not read as one.
    XmlSpreadsheet,
    /// Some other XML document.
    Xml,
    /// Comma- or tab-separated text.
    Csv,
    /// Other plain text.
    Text,
    /// A zip archive that is not a spreadsheet.
    OtherZip,
    /// A Word document.
    WordDocument,
    /// Nothing recognisable.
    Unknown,
}
