//! What is wrong with a submission, where, and how badly.
//!
//! A problem is always about the submitter's data, never about the tool: it
//! carries the sheet and cell it was found at so an office can defend it and a
//! community can fix it.

use serde::Serialize;

use crate::rubric::gate::UnreadWhy;
use crate::rubric::measure::Why;
use wuyi_sheets::OpenError;

/// How badly a problem stands in the way of assessing a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The application cannot be assessed as submitted.
    Error,
    /// It can be assessed, but the data is doubtful.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

/// The kinds of problem a submission can have. Each variant carries what its
/// message needs; the message itself is produced in either language by the
/// report layer's catalogue (`report::catalogue::problems`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file could not be opened as a workbook at all.
    Unreadable {
        /// Why, as the reader found it.
        error: OpenError,
    },
    /// A sheet the contract requires is not in the workbook.
    MissingSheet {
        /// The sheet's canonical name.
        sheet: String,
        /// The sheets the workbook holds, and the one most like it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        present: Vec<String>,
        /// The workbook's sheet most like it, its name not recognised.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        closest: Option<String>,
    },
    /// The sheet exists but no row in it looks like the header.
    HeaderNotFound,
    /// A required column is not in the sheet.
    MissingColumn {
        /// The column's canonical name.
        column: String,
    },
    /// Columns the contract does not know, ignored.
    UnknownColumns {
        /// The headers, as written.
        columns: Vec<String>,
    },
    /// A column that appears more than once; the first is read.
    DuplicateColumn {
        /// The column's canonical name.
        column: String,
    },
    /// A field of the basic information (基本信息) is missing.
    MissingInfo {
        /// The field's name.
        field: String,
    },
    /// A required field of a row is blank.
    MissingValue {
        /// The column's canonical name.
        column: String,
    },
    /// A cell that should hold a date does not.
    BadDate {
        /// The column's canonical name.
        column: String,
        /// The cell, as written.
        value: String,
    },
    /// A cell that should hold a number does not.
    BadNumber {
        /// The column's canonical name.
        column: String,
        /// The cell, as written.
        value: String,
    },
    /// A count or score below zero.
    Negative {
        /// The column's canonical name.
        column: String,
        /// As typed: a count is whole, a score may not be.
        value: f64,
    },
    /// A cell that should say yes or no (是/否) does not.
    BadYesNo {
        /// The column's canonical name.
        column: String,
        /// The cell, as written.
        value: String,
    },
    /// A case category (确诊病例 …) that is not recognised.
    BadCategory {
        /// The cell, as written.
        value: String,
    },
    /// A community type (小区, 村 …) that is not recognised.
    BadCommunityType {
        /// The cell, as written.
        value: String,
    },
    /// A cell holding an error value (#REF!, #DIV/0! …).
    CellError {
        /// The column's canonical name.
        column: String,
        /// The error value ("#REF!").
        value: String,
    },
    /// A formula saved without its value (written by a script, never
    /// opened in a spreadsheet): never read as 0 or as blank.
    UncalculatedFormula {
        /// The column's canonical name.
        column: String,
        /// The formula, without its "=" ("" when not kept).
        formula: String,
    },
    /// A key (grid, household id) that appears twice.
    DuplicateKey {
        /// The key column's canonical name.
        column: String,
        /// The key, as written.
        key: String,
        /// Where it first appears ("B5").
        first: String,
    },
    /// A grid the grid ledger does not have.
    UnknownGrid {
        /// The grid, as written.
        grid: String,
    },
    /// A parent grid the grid ledger does not have.
    UnknownParentGrid {
        /// The parent grid, as written.
        grid: String,
    },
    /// A household the household ledger does not have.
    UnknownHousehold {
        /// The household id, as written.
        household: String,
    },
    /// A case-log entry dated after the assessment.
    CaseAfterAssessment {
        /// The entry's date.
        date: String,
        /// The assessment date.
        assessed_on: String,
    },
    /// A count larger than the household's residents.
    ExceedsResidents {
        /// The column's canonical name.
        column: String,
        /// The count.
        value: i64,
        /// The household's residents.
        residents: i64,
    },
    /// A self-assessed score above the item's points.
    ScoreAboveMax {
        /// The column's canonical name.
        column: String,
        /// The score.
        value: f64,
        /// The item's points.
        max: f64,
    },
    /// A sheet with a header but no rows of data.
    NoDataRows,
    /// Data-shaped rows below a totals row, read as data.
    RowsAfterTotal {
        /// How many rows there are.
        rows: usize,
        /// The first of them, as 1-based sheet row numbers.
        named: Vec<u32>,
    },
    /// A totals row whose count is not the sum of the rows it totals.
    TotalMismatch {
        /// The column's canonical name.
        column: String,
        /// What the totals row gives.
        total: i64,
        /// What the rows above add up to.
        sum: i64,
    },
    /// A cell the zero-case gate depends on that could not be read (from
    /// `wuyi check`, with the built-in gate).
    GateUndecided {
        /// Why the cell leaves the gate undecided.
        why: UnreadWhy,
    },
    /// "无", "本期无涉疫人员" written where the case log's rows go, read as
    /// an empty log.
    NothingWritten {
        /// The text, as written ("" for a row read as nothing).
        text: String,
    },
    /// Row problems past the most listed for one sheet, counted only.
    Unlisted {
        /// How many were not listed.
        count: usize,
    },
    /// A sheet whose name contains a ledger sheet's name, read as it.
    SheetReadAs {
        /// The sheet's name, as in the workbook.
        sheet: String,
        /// The ledger sheet it was read as.
        canonical: String,
    },
    /// One ledger sheet read from several (one sheet per grid).
    SheetsJoined {
        /// The ledger sheet.
        canonical: String,
        /// The sheets read, as named in the workbook.
        sheets: Vec<String>,
    },
    /// A sheet that looks like a ledger sheet but was not read, because
    /// another sheet is that ledger sheet.
    SheetNotRead {
        /// The ledger sheet it looks like.
        canonical: String,
        /// The sheet read as that ledger sheet.
        read: String,
    },
    /// A header the contract does not know that looks like a column it
    /// lacks.
    LikelyColumn {
        /// The header, as written.
        found: String,
        /// The column it may be, canonical name.
        column: String,
    },
    /// A rubric item that could not be measured: what was missing, and the
    /// nearest thing that was there.
    ItemUnmeasured {
        /// The item's id.
        item: String,
        /// What was missing, and the nearest thing that was there.
        why: Why,
    },
    /// A date written with a two-digit year, read as the date given.
    TwoDigitYear {
        /// The column's canonical name.
        column: String,
        /// The cell, as written.
        value: String,
        /// The date it was read as.
        read: String,
    },
    /// A yes/no answer written with a remark (否（已搬离）): read as the
    /// answer, the remark kept.
    YesNoRemark {
        /// The column's canonical name.
        column: String,
        /// The answer read.
        answer: bool,
        /// The remark, as written.
        remark: String,
    },
    /// A grid that is its own parent, or whose parents lead back to it.
    ParentCycle {
        /// The grid.
        grid: String,
    },
    /// The one parent outside the ledger: the grid above it.
    ParentOutside {
        /// The parent grid, as written.
        grid: String,
    },
}

/// A problem found in a submission: how bad, where, and what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// How badly it stands in the way of assessment.
    pub severity: Severity,
    /// The sheet name as it is in the workbook, when the problem has a place.
    pub sheet: Option<String>,
    /// "F37"-style reference inside `sheet`.
    pub cell: Option<String>,
    /// What is wrong.
    #[serde(flatten)]
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem of this severity, with no place yet.
    pub fn new(severity: Severity, kind: ProblemKind) -> Self {
        Problem {
            severity,
            sheet: None,
            cell: None,
            kind,
        }
    }

    /// An error: the application cannot be assessed as submitted.
    pub fn error(kind: ProblemKind) -> Self {
        Self::new(Severity::Error, kind)
    }

    /// A warning: it can be assessed, but the data is doubtful.
    pub fn warning(kind: ProblemKind) -> Self {
        Self::new(Severity::Warning, kind)
    }

    /// A note: worth knowing, nothing to fix.
    pub fn info(kind: ProblemKind) -> Self {
        Self::new(Severity::Info, kind)
    }

    /// Places the problem on a sheet.
    pub fn on_sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_string());
        self
    }

    /// Places the problem at a cell of a sheet.
    pub fn at(mut self, sheet: &str, cell: String) -> Self {
        self.sheet = Some(sheet.to_string());
        self.cell = Some(cell);
        self
    }

    /// "一户一档!F37", "一户一档", or "" for a whole-file problem.
    pub fn location(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (Some(s), None) => s.clone(),
            _ => String::new(),
        }
    }

    /// The problem's stable code ("bad_date"), as `--format json` and
    /// rubrics that count problems name it.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl ProblemKind {
    /// Every code `code()` can return, for rubrics that count problems.
    pub const CODES: &'static [&'static str] = &[
        "unreadable",
        "missing_sheet",
        "header_not_found",
        "missing_column",
        "unknown_columns",
        "duplicate_column",
        "missing_info",
        "missing_value",
        "bad_date",
        "bad_number",
        "negative",
        "bad_yes_no",
        "bad_category",
        "bad_community_type",
        "cell_error",
        "uncalculated_formula",
        "duplicate_key",
        "unknown_grid",
        "unknown_parent_grid",
        "unknown_household",
        "case_after_assessment",
        "exceeds_residents",
        "score_above_max",
        "no_data_rows",
        "rows_after_total",
        "total_mismatch",
        "nothing_written",
        "gate_undecided",
        "unlisted",
        "sheet_read_as",
        "sheets_joined",
        "sheet_not_read",
        "likely_column",
        "item_unmeasured",
        "two_digit_year",
        "yes_no_remark",
        "parent_cycle",
        "parent_outside",
    ];

    /// Whether `code` is a problem code.
    pub fn is_code(code: &str) -> bool {
        Self::CODES.contains(&code)
    }

    /// The kind's stable code ("bad_date").
    pub fn code(&self) -> &'static str {
        use ProblemKind::*;
        match self {
            Unreadable { .. } => "unreadable",
            MissingSheet { .. } => "missing_sheet",
            HeaderNotFound => "header_not_found",
            MissingColumn { .. } => "missing_column",
            UnknownColumns { .. } => "unknown_columns",
            DuplicateColumn { .. } => "duplicate_column",
            MissingInfo { .. } => "missing_info",
            MissingValue { .. } => "missing_value",
            BadDate { .. } => "bad_date",
            BadNumber { .. } => "bad_number",
            Negative { .. } => "negative",
            BadYesNo { .. } => "bad_yes_no",
            BadCategory { .. } => "bad_category",
            BadCommunityType { .. } => "bad_community_type",
            CellError { .. } => "cell_error",
            UncalculatedFormula { .. } => "uncalculated_formula",
            DuplicateKey { .. } => "duplicate_key",
            UnknownGrid { .. } => "unknown_grid",
            UnknownParentGrid { .. } => "unknown_parent_grid",
            UnknownHousehold { .. } => "unknown_household",
            CaseAfterAssessment { .. } => "case_after_assessment",
            ExceedsResidents { .. } => "exceeds_residents",
            ScoreAboveMax { .. } => "score_above_max",
            NoDataRows => "no_data_rows",
            RowsAfterTotal { .. } => "rows_after_total",
            TotalMismatch { .. } => "total_mismatch",
            NothingWritten { .. } => "nothing_written",
            GateUndecided { .. } => "gate_undecided",
            Unlisted { .. } => "unlisted",
            SheetReadAs { .. } => "sheet_read_as",
            SheetsJoined { .. } => "sheets_joined",
            SheetNotRead { .. } => "sheet_not_read",
            LikelyColumn { .. } => "likely_column",
            ItemUnmeasured { .. } => "item_unmeasured",
            TwoDigitYear { .. } => "two_digit_year",
            YesNoRemark { .. } => "yes_no_remark",
            ParentCycle { .. } => "parent_cycle",
            ParentOutside { .. } => "parent_outside",
        }
    }
}

/// How many problems of each severity a list holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub infos: usize,
}

impl Tally {
    /// Counts the problems of each severity.
    pub fn of(problems: &[Problem]) -> Self {
        let mut t = Tally::default();
        for p in problems {
            match p.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
        }
        t
    }
}
