//! Reading the office's own lists (roster, events, last quarter's register)
//! as tolerantly as ledgers are read: the header row is found wherever it
//! is, headers match in Chinese or English with widths, spaces and units
//! ignored, title and note rows are skipped. CSV is read too, in UTF-8 or
//! UTF-16 with a byte-order mark, UTF-8, or GBK/GB18030 as Excel and WPS
//! save it on Chinese Windows (see [`crate::encoding`]).

use std::path::Path;

use chrono::NaiveDate;

use super::quarter::Quarter;
use crate::ledger::table::{is_note_text, is_total_text};
use wuyi_sheets::normalize::{self, cell_ref, clean_text, label_key, label_key_without_units};
use wuyi_sheets::{self as workbook, Cell, FileKind, OpenError, Sheet, SheetRow, Workbook};

/// What is wrong with an office list (the roster, the events log, the
/// register, the inspection list) or with one of its rows: typed, worded by
/// the report layer.
#[derive(Debug, Clone, PartialEq)]
pub enum ListProblem {
    /// The file could not be opened as a workbook.
    Open(OpenError),
    /// The file could not be read at all.
    Io(String),
    /// A CSV file in no encoding the tool reads, from this byte (0-based).
    Encoding {
        /// The first byte that is neither UTF-8 nor GBK/GB18030.
        at: usize,
    },
    /// A CSV file that does not parse.
    Csv(String),
    /// No header row holds the required columns.
    NoHeader {
        /// The required columns' Chinese and English names.
        wanted: Vec<(&'static str, &'static str)>,
    },
    /// A roster row's type is none of 小区/社区/村/自然村/单位.
    RosterType {
        /// The cell.
        at: String,
        /// What it holds.
        value: String,
    },
    /// The roster lists no community.
    RosterEmpty,
    /// An events log row without a date.
    EventNoDate {
        /// The cell.
        at: String,
    },
    /// An events log row whose date is not one.
    EventBadDate {
        /// The cell.
        at: String,
        /// What it holds.
        value: String,
    },
    /// An events log row whose event is not recognised.
    EventUnknown {
        /// The cell.
        at: String,
        /// What it holds.
        value: String,
    },
    /// A register date that is not one.
    RegisterBadDate {
        /// The cell.
        at: String,
        /// What it holds.
        value: String,
    },
    /// A register status that is not recognised.
    RegisterBadStatus {
        /// The cell.
        at: String,
        /// What it holds.
        value: String,
    },
    /// The register is of this quarter or later.
    RegisterNotEarlier {
        /// The register's quarter.
        register: Quarter,
        /// The quarter decided.
        quarter: Quarter,
    },
    /// The register is from further back than last quarter.
    RegisterNotPrevious {
        /// The register's quarter.
        register: Quarter,
        /// The quarter decided.
        quarter: Quarter,
    },
    /// The register has no quarter column.
    RegisterNoQuarter,
    /// The inspection list has neither 核定得分 nor 扣分.
    InspectionNoScore,
}

/// A column the reader looks for: a key and every header it may go by.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The key rows are read by.
    pub key: &'static str,
    /// Every header it may go by: Chinese first, then English.
    pub names: &'static [&'static str],
    /// Whether a table without it is refused.
    pub required: bool,
}

/// The district column of a list that names communities by district,
/// town and name: the one list of headers a district goes by, shared by
/// the roster, the events log, the register and the inspection list.
pub const DISTRICT: Column = Column {
    key: "district",
    names: &["区县", "district", "区(县)", "县区", "区", "县", "county"],
    required: false,
};

/// The town column of such a list.
pub const TOWN: Column = Column {
    key: "town",
    names: &[
        "街道(乡镇)",
        "town",
        "街道",
        "乡镇",
        "街道乡镇",
        "乡镇(街道)",
        "所属街道",
        "所属街道(乡镇)",
        "street",
    ],
    required: false,
};

/// The community's name column of such a list.
pub const NAME: Column = Column {
    key: "name",
    names: &[
        "名称",
        "name",
        "社区名称",
        "小区名称",
        "村名称",
        "小区(社区、村)名称",
        "小区(社区,村)名称",
        "单位名称",
        "被检查单位",
        "community",
    ],
    required: true,
};

/// The community's type column (小区, 社区, 村, 自然村, 单位).
pub const TYPE: Column = Column {
    key: "type",
    names: &["类型", "type", "社区类型", "kind"],
    required: false,
};

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// A table found in a workbook: the sheet, the header row and where each
/// wanted column is.
#[derive(Debug)]
pub struct Found<'a> {
    /// The sheet the table is on.
    pub sheet: &'a Sheet,
    /// Whether the workbook counts dates from 1904.
    pub is_1904: bool,
    /// Index into `sheet.rows` of the header row.
    header: usize,
    columns: Vec<Option<u32>>,
    defs: &'a [Column],
}

/// One data row of a found table.
pub struct Row<'a> {
    /// The row as read.
    pub row: &'a SheetRow,
    found: &'a Found<'a>,
}

fn header_matches(cell: &Cell, col: &Column) -> bool {
    let Cell::Text(t) = cell else {
        return false;
    };
    let exact = label_key(t);
    let bare = label_key_without_units(t);
    col.names.iter().any(|n| {
        let k = label_key(n);
        k == exact || k == bare
    })
}

/// Opens a workbook, or a CSV file (any encoding [`crate::encoding`]
/// reads) as a one-sheet workbook.
pub fn open(path: &Path) -> Result<Workbook, ListProblem> {
    let is_csv_name = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| e == "csv" || e == "txt");
    match workbook::open(path) {
        Ok(wb) => Ok(wb),
        Err(OpenError::NotAWorkbook(FileKind::Csv | FileKind::Text)) => read_csv(path),
        Err(OpenError::NotAWorkbook(_)) | Err(OpenError::Corrupt(_)) if is_csv_name => {
            read_csv(path)
        }
        Err(e) => Err(ListProblem::Open(e)),
    }
}

fn read_csv(path: &Path) -> Result<Workbook, ListProblem> {
    let bytes = std::fs::read(path).map_err(|e| ListProblem::Io(e.to_string()))?;
    let text = match crate::encoding::decode(&bytes) {
        Ok((text, _)) => text,
        Err(e) => {
            return Err(ListProblem::Encoding { at: e.at });
        }
    };
    let text = text.as_str();
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| ListProblem::Csv(e.to_string()))?;
        let cells: Vec<(u32, Cell)> = rec
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(c, v)| (c as u32, Cell::Text(v.to_string())))
            .collect();
        if !cells.is_empty() {
            rows.push(SheetRow {
                index: i as u32,
                cells,
            });
        }
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Workbook {
        format: workbook::Format::Xlsx,
        is_1904: false,
        sheets: vec![Sheet { name, rows }],
    })
}

/// Finds the table with the most of `defs` among the header rows of the
/// sheets, preferring sheets named in `sheet_names`. Every required column
/// must be there.
pub fn find<'a>(
    wb: &'a Workbook,
    defs: &'a [Column],
    sheet_names: &[&str],
) -> Result<Found<'a>, ListProblem> {
    let preferred = |s: &Sheet| {
        let k = label_key(&s.name);
        sheet_names.iter().any(|n| label_key(n) == k)
    };
    let mut best: Option<(bool, usize, usize, usize)> = None;
    for (si, sheet) in wb.sheets.iter().enumerate() {
        for (ri, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
            let mut seen = vec![false; defs.len()];
            for (_, cell) in &row.cells {
                if let Some(i) = defs.iter().position(|d| header_matches(cell, d)) {
                    seen[i] = true;
                }
            }
            let complete = defs.iter().zip(&seen).all(|(d, s)| *s || !d.required);
            let n = seen.iter().filter(|s| **s).count();
            if !complete || n == 0 {
                continue;
            }
            let cand = (preferred(sheet), n, si, ri);
            let better = match best {
                None => true,
                Some((p, bn, ..)) => (cand.0, cand.1) > (p, bn),
            };
            if better {
                best = Some(cand);
            }
        }
    }
    let Some((_, _, si, ri)) = best else {
        return Err(ListProblem::NoHeader {
            wanted: defs
                .iter()
                .filter(|d| d.required)
                .map(|d| (d.names[0], d.names.get(1).copied().unwrap_or(d.names[0])))
                .collect(),
        });
    };
    let sheet = &wb.sheets[si];
    let header = &sheet.rows[ri];
    let columns = defs
        .iter()
        .map(|d| {
            header
                .cells
                .iter()
                .find(|(_, c)| header_matches(c, d))
                .map(|(col, _)| *col)
        })
        .collect();
    Ok(Found {
        sheet,
        is_1904: wb.is_1904,
        header: ri,
        columns,
        defs,
    })
}

impl<'a> Found<'a> {
    /// Whether the table has the column `key`.
    pub fn has(&self, key: &str) -> bool {
        self.col(key).is_some()
    }

    fn col(&self, key: &str) -> Option<u32> {
        self.defs
            .iter()
            .position(|d| d.key == key)
            .and_then(|i| self.columns.get(i).copied().flatten())
    }

    /// Data rows: everything under the header that holds a value in one of
    /// the wanted columns, skipping notes and stopping at a totals row.
    pub fn rows(&'a self) -> Vec<Row<'a>> {
        let cols: Vec<u32> = self.columns.iter().flatten().copied().collect();
        let mut out = Vec::new();
        for row in self.sheet.rows.iter().skip(self.header + 1) {
            let first = row.cells.first().and_then(|(_, c)| c.text());
            if first.is_some_and(is_note_text) {
                continue;
            }
            let is_total = cols
                .iter()
                .any(|c| row.get(*c).and_then(Cell::text).is_some_and(is_total_text));
            if is_total {
                break;
            }
            if cols.iter().any(|c| row.get(*c).is_some()) {
                out.push(Row { row, found: self });
            }
        }
        out
    }
}

impl Row<'_> {
    fn cell(&self, key: &str) -> Option<&Cell> {
        self.found.col(key).and_then(|c| self.row.get(c))
    }

    /// "名册!C7" for this row's cell in a column (the first cell when the
    /// column is absent).
    pub fn location(&self, key: &str) -> String {
        let col = self
            .found
            .col(key)
            .or_else(|| self.row.cells.first().map(|(c, _)| *c))
            .unwrap_or(0);
        format!(
            "{}!{}",
            self.found.sheet.name,
            cell_ref(self.row.index, col)
        )
    }

    /// The cell as text, cleaned; `None` when blank.
    pub fn text(&self, key: &str) -> Option<String> {
        let s = match self.cell(key)? {
            Cell::Text(t) => clean_text(t),
            Cell::Error(_) => return None,
            other => other.display(),
        };
        (!s.is_empty()).then_some(s)
    }

    /// Free text as typed, only trimmed and with runs of whitespace made one
    /// space: notes keep their Chinese punctuation.
    pub fn raw_text(&self, key: &str) -> Option<String> {
        let s = match self.cell(key)? {
            Cell::Text(t) => t.split_whitespace().collect::<Vec<_>>().join(" "),
            Cell::Error(_) => return None,
            other => other.display(),
        };
        (!s.is_empty()).then_some(s)
    }

    /// The cell as a date, whether the file stored a date, a number or text.
    /// `Err` carries what was there when it is not a date.
    pub fn date(&self, key: &str) -> Result<Option<NaiveDate>, String> {
        match self.cell(key) {
            None => Ok(None),
            Some(Cell::Date(d)) => Ok(Some(*d)),
            Some(Cell::Number(n)) => normalize::parse_date_number(*n, self.found.is_1904)
                .map(Some)
                .ok_or_else(|| workbook::format_number(*n)),
            Some(Cell::Text(t)) => normalize::parse_date_text(t)
                .map(Some)
                .ok_or_else(|| t.clone()),
            Some(other) => Err(other.display()),
        }
    }

    /// The cell as a number, whether stored as one or typed as text.
    pub fn number(&self, key: &str) -> Option<f64> {
        match self.cell(key)? {
            Cell::Number(n) => Some(*n),
            Cell::Text(t) => normalize::parse_number(t),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFS: &[Column] = &[
        Column {
            key: "name",
            names: &["名称", "name"],
            required: true,
        },
        Column {
            key: "town",
            names: &["街道", "town"],
            required: false,
        },
    ];

    fn row(index: u32, cells: &[(u32, &str)]) -> SheetRow {
        SheetRow {
            index,
            cells: cells
                .iter()
                .map(|(c, t)| (*c, Cell::Text(t.to_string())))
                .collect(),
        }
    }

    #[test]
    fn header_below_a_title_and_rows_to_the_totals() {
        let sheet = Sheet {
            name: "名册".into(),
            rows: vec![
                row(0, &[(0, "城关区社区名册")]),
                row(2, &[(1, "街道（乡镇）"), (2, " 名 称 ")]),
                row(3, &[(1, "东关街道"), (2, "幸福里小区")]),
                row(4, &[(0, "注：以民政登记为准")]),
                row(5, &[(1, "西城街道"), (2, "和平社区")]),
                row(6, &[(1, "合计"), (2, "2")]),
                row(7, &[(1, "西城街道"), (2, "不该读到")]),
            ],
        };
        let wb = Workbook {
            format: workbook::Format::Xlsx,
            is_1904: false,
            sheets: vec![sheet],
        };
        let found = find(&wb, DEFS, &[]).unwrap();
        let names: Vec<String> = found.rows().iter().filter_map(|r| r.text("name")).collect();
        assert_eq!(names, vec!["幸福里小区", "和平社区"]);
        assert_eq!(found.rows()[1].location("name"), "名册!C6");
    }

    #[test]
    fn missing_required_column_is_explained() {
        let wb = Workbook {
            format: workbook::Format::Xlsx,
            is_1904: false,
            sheets: vec![Sheet {
                name: "x".into(),
                rows: vec![row(0, &[(0, "街道")])],
            }],
        };
        let e = find(&wb, DEFS, &[]).unwrap_err();
        assert_eq!(
            e,
            ListProblem::NoHeader {
                wanted: vec![("名称", "name")]
            }
        );
    }

    #[test]
    fn csv_in_every_encoding_excel_and_wps_save() {
        let dir = tempfile::tempdir().unwrap();
        let text = "名称,街道\r\n幸福里小区,东关街道\r\n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "名称\t街道\r\n幸福里小区\t东关街道\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let files: Vec<(&str, Vec<u8>)> = vec![
            ("bom.csv", format!("\u{feff}{text}").into_bytes()),
            ("plain.csv", text.as_bytes().to_vec()),
            ("gbk.csv", encoding_rs::GBK.encode(text).0.into_owned()),
            ("unicode.txt", utf16),
        ];
        for (name, bytes) in files {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            let wb = open(&p).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let found = find(&wb, DEFS, &[]).unwrap();
            let rows = found.rows();
            assert_eq!(rows.len(), 1, "{name}");
            assert_eq!(
                rows[0].text("name").as_deref(),
                Some("幸福里小区"),
                "{name}"
            );
            assert_eq!(rows[0].text("town").as_deref(), Some("东关街道"), "{name}");
        }
    }

    #[test]
    fn csv_in_no_known_encoding_is_refused_with_where() {
        let dir = tempfile::tempdir().unwrap();
        let g = dir.path().join("g.csv");
        let mut bytes = encoding_rs::GBK.encode("名称,").0.into_owned();
        bytes.extend([0xFF, b'\n']);
        std::fs::write(&g, bytes).unwrap();
        let e = open(&g).unwrap_err();
        // The sixth byte, as the message counts them.
        assert_eq!(e, ListProblem::Encoding { at: 5 });
    }
}
