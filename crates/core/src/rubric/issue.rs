//! What can be wrong with a rubric file, as values: every issue the check
//! finds, not just the first. The report crate's `catalogue::rubric` words
//! them.

use crate::ledger::contract::AliasIssue;

/// One thing wrong with a rubric file.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// The item it is about, if any.
    pub item: Option<String>,
    /// What is wrong.
    pub kind: IssueKind,
}

impl Issue {
    /// An issue with item `item` (or the rubric as a whole, when `None`).
    pub(crate) fn new(item: Option<&str>, kind: IssueKind) -> Self {
        Issue {
            item: item.map(str::to_string),
            kind,
        }
    }
}

/// What can be wrong with a rubric file, as values: the report layer's
/// catalogue (`report::catalogue::rubric`) words them.
#[derive(Debug, Clone, PartialEq)]
pub enum IssueKind {
    /// The file could not be read.
    Unreadable {
        /// The system's reason.
        error: String,
    },
    /// The file is not valid TOML.
    Toml {
        /// The parser's reason.
        error: String,
    },
    /// The items' points do not add up to the total.
    PointsDontAddUp {
        /// What they add up to.
        sum: f64,
        /// The stated total.
        total: f64,
    },
    /// The total is not above zero.
    TotalNotPositive,
    /// The pass line is not between zero and the total.
    PassScoreOutside {
        /// The pass line.
        pass: f64,
        /// The total.
        total: f64,
    },
    /// No items at all.
    NoItems,
    /// `gate.window_days` is zero.
    WindowZero,
    /// A `gate.categories` entry that is not a case-log category.
    GateCategory {
        /// The entry, as written.
        category: String,
    },
    /// A `gate.category_windows` entry of zero days.
    CategoryWindowZero {
        /// The entry's category, as written.
        category: String,
    },
    /// A `gate.category_windows` entry that is not a case-log category.
    CategoryWindowUnknown {
        /// The entry's category, as written.
        category: String,
    },
    /// `awards.coverage_target` is not between 0 and 1.
    CoverageTarget {
        /// The value given.
        value: f64,
    },
    /// An `awards.titles` key that is not a community type.
    TitleType {
        /// The key, as written.
        kind: String,
    },
    /// An `[aliases]` entry that names nothing in the ledger contract.
    Alias(AliasIssue),
    /// An item with no id.
    NoId {
        /// The item's name.
        name: String,
    },
    /// An id used twice.
    DuplicateId,
    /// A section not defined in `[[sections]]`.
    UnknownSection {
        /// The section, as written.
        section: String,
    },
    /// Points not above zero.
    PointsNotPositive,
    /// A self-assessment id used by more than one item.
    SelfIdTwice {
        /// The self-assessment id.
        item: String,
    },
    /// A problems measure scored other than by deduct.
    ProblemsNeedDeduct,
    /// Threshold scoring on a measure that gives no share.
    ThresholdNeedsShare,
    /// A threshold outside 0..=1.
    ThresholdAt {
        /// The threshold given.
        at: f64,
    },
    /// Steps scoring on a measure that gives no share.
    StepsNeedShare,
    /// Steps scoring with no steps.
    NoSteps,
    /// Steps not from the highest share down, or with points increasing.
    StepsOrder,
    /// A step's share outside 0..=1.
    StepShare {
        /// The share given.
        share: f64,
    },
    /// A step's points outside the item's points.
    StepPoints {
        /// The step's points.
        points: f64,
        /// The item's points.
        max: f64,
    },
    /// Deduct scoring whose `per` is not above zero.
    DeductPer,
    /// Deduct scoring on a self-assessed item.
    SelfDeduct,
    /// A sheet not in the ledger contract.
    UnknownSheet {
        /// The sheet, as written.
        sheet: String,
    },
    /// A column the sheet does not have.
    UnknownColumn {
        /// The sheet's canonical name.
        sheet: &'static str,
        /// The column, as written.
        column: String,
    },
    /// A column whose kind of value does not suit the measure.
    ColumnKind {
        /// The column's canonical name.
        column: &'static str,
    },
    /// `only_leaf_grids` on a sheet other than the grid ledger.
    LeafGrids,
    /// A filled measure with no columns.
    FilledNoColumns,
    /// An in_range measure whose min is above its max.
    RangeOrder {
        /// The least value allowed.
        min: f64,
        /// The greatest value allowed.
        max: f64,
    },
    /// A daily measure of zero days.
    DailyDays,
    /// A problems measure naming an unknown problem code.
    ProblemCode {
        /// The code, as written.
        code: String,
    },
}

/// Why a rubric cannot be used: every issue found, not just the first.
#[derive(Debug, Clone, PartialEq)]
pub struct RubricError {
    /// Where the rubric came from: a path, or "built-in".
    pub source: String,
    /// Every issue found.
    pub issues: Vec<Issue>,
}

impl std::fmt::Display for RubricError {
    /// A plain list of what is wrong; the report layer's catalogue words
    /// each issue for people.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rubric {}: {:?}", self.source, self.issues)
    }
}

impl std::error::Error for RubricError {}
