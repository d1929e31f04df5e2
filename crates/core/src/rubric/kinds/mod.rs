//! The kinds of measure a rubric item can use, one file each: what the
//! rubric file writes for it (its spec), how that is checked against the
//! ledger contract and resolved (compile), and how a ledger is measured with
//! it (evaluation). Every kind implements [`MeasureKind`].
//!
//! | `type =` | file | measures |
//! |---|---|---|
//! | `filled` | [`filled`] | share of rows with every listed column filled in |
//! | `ratio` | [`ratio`] | one column's total over another's (coverage) |
//! | `in_range` | [`in_range`] | share of rows with a value within a range |
//! | `linked` | [`linked`] | share of rows whose key is found in another sheet |
//! | `daily` | [`daily`] | share of the days before the assessment with an entry |
//! | `current` | [`current`] | share of rows dated within some days of the assessment |
//! | `self_assessed` | [`self_assessed`] | points given on the self-assessment sheet |
//! | `problems` | [`problems`] | data errors counted, for points off per finding |
//!
//! A new kind is a new file here, a variant of [`Measure`] (as written) and of
//! [`Compiled`] (resolved), the [`Why`] values it reports, and their words in
//! the report crate's `catalogue::measure`.

pub mod current;
pub mod daily;
pub mod filled;
pub mod in_range;
pub mod linked;
mod measured;
pub mod problems;
pub mod ratio;
pub mod self_assessed;

use chrono::NaiveDate;

pub use current::{Current, CurrentSpec};
pub use daily::{Daily, DailySpec};
pub use filled::{Filled, FilledSpec};
pub use in_range::{InRange, InRangeSpec};
pub use linked::{Linked, LinkedSpec};
pub use measured::Measured;
pub use problems::{Problems, ProblemsSpec};
pub use ratio::{Ratio, RatioSpec};
pub use self_assessed::{SelfAssessed, SelfAssessedSpec};

use super::issue::{Issue, IssueKind};
#[cfg(doc)]
use super::measure::Why;
use super::spec::Measure;
use crate::ledger::Ledger;
use crate::ledger::contract::{self, Kind, SheetKey, SheetSpec};

/// What a measure hands the scoring rule, which decides the rules it may be
/// scored with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yields {
    /// A share of 0..=1 (and the rows that cost points): scored by any rule.
    Share,
    /// A count of findings: scored by deduct only.
    Count,
    /// Points given directly: taken as they are, never by threshold, steps
    /// or deduct.
    Points,
}

/// One kind of measure: its spec as written, checked and resolved into
/// `Self`, then measured on a ledger.
pub trait MeasureKind: Sized {
    /// The measure as the rubric file writes it.
    type Spec;
    /// What the measure hands the scoring rule.
    const YIELDS: Yields;
    /// Checks a written measure against the ledger contract and resolves its
    /// sheets and columns; every issue found goes to `check`, and `None`
    /// means there was at least one.
    fn compile(spec: &Self::Spec, check: &mut Checker<'_>) -> Option<Self>;
    /// Measures a ledger assessed on `on`, for an item worth `points`.
    fn measure(&self, ledger: &Ledger, on: NaiveDate, points: f64) -> Measured;
}

/// A measure with its sheet and columns resolved against the contract.
/// Columns are indexes into the sheet's contract columns.
#[derive(Debug, Clone, PartialEq)]
pub enum Compiled {
    /// Rows with every one of the columns filled in.
    Filled(Filled),
    /// The total of one column over the total of another.
    Ratio(Ratio),
    /// Rows whose value is within a range.
    InRange(InRange),
    /// Rows whose key is found in another sheet.
    Linked(Linked),
    /// Days before the assessment with an entry.
    Daily(Daily),
    /// Rows dated within some days of the assessment.
    Current(Current),
    /// Points given on the self-assessment sheet.
    SelfAssessed(SelfAssessed),
    /// Warnings of the given codes, counted.
    Problems(Problems),
}

impl Compiled {
    /// Checks and resolves a written measure; `None` when `check` was given
    /// an issue.
    pub(crate) fn compile(m: &Measure, check: &mut Checker<'_>) -> Option<Compiled> {
        Some(match m {
            Measure::Filled(s) => Compiled::Filled(Filled::compile(s, check)?),
            Measure::Ratio(s) => Compiled::Ratio(Ratio::compile(s, check)?),
            Measure::InRange(s) => Compiled::InRange(InRange::compile(s, check)?),
            Measure::Linked(s) => Compiled::Linked(Linked::compile(s, check)?),
            Measure::Daily(s) => Compiled::Daily(Daily::compile(s, check)?),
            Measure::Current(s) => Compiled::Current(Current::compile(s, check)?),
            Measure::SelfAssessed(s) => Compiled::SelfAssessed(SelfAssessed::compile(s, check)?),
            Measure::Problems(s) => Compiled::Problems(Problems::compile(s, check)?),
        })
    }

    /// Measures a ledger assessed on `on`, for an item worth `points`.
    pub fn measure(&self, ledger: &Ledger, on: NaiveDate, points: f64) -> Measured {
        match self {
            Compiled::Filled(k) => k.measure(ledger, on, points),
            Compiled::Ratio(k) => k.measure(ledger, on, points),
            Compiled::InRange(k) => k.measure(ledger, on, points),
            Compiled::Linked(k) => k.measure(ledger, on, points),
            Compiled::Daily(k) => k.measure(ledger, on, points),
            Compiled::Current(k) => k.measure(ledger, on, points),
            Compiled::SelfAssessed(k) => k.measure(ledger, on, points),
            Compiled::Problems(k) => k.measure(ledger, on, points),
        }
    }
}

impl Measure {
    /// What the measure hands the scoring rule.
    pub fn yields(&self) -> Yields {
        match self {
            Measure::Filled(_) => Filled::YIELDS,
            Measure::Ratio(_) => Ratio::YIELDS,
            Measure::InRange(_) => InRange::YIELDS,
            Measure::Linked(_) => Linked::YIELDS,
            Measure::Daily(_) => Daily::YIELDS,
            Measure::Current(_) => Current::YIELDS,
            Measure::SelfAssessed(_) => SelfAssessed::YIELDS,
            Measure::Problems(_) => Problems::YIELDS,
        }
    }
}

/// Column kinds a number is read from.
pub(crate) const NUMERIC: &[Kind] = &[Kind::Count, Kind::Score];
/// Column kinds a key is read from.
pub(crate) const KEYS: &[Kind] = &[Kind::Id, Kind::Text];
/// Column kinds a date is read from.
pub(crate) const DATES: &[Kind] = &[Kind::Date];

/// Where a measure is compiled: the item's id, and the issues found so far
/// in the whole rubric.
pub struct Checker<'a> {
    id: &'a str,
    issues: &'a mut Vec<Issue>,
}

impl<'a> Checker<'a> {
    /// Checks the measure of item `id`, adding what is wrong to `issues`.
    pub(crate) fn new(id: &'a str, issues: &'a mut Vec<Issue>) -> Self {
        Checker { id, issues }
    }

    /// The item's id.
    pub fn id(&self) -> &str {
        self.id
    }

    /// Records an issue with the item.
    pub fn push(&mut self, kind: IssueKind) {
        self.issues.push(Issue::new(Some(self.id), kind));
    }

    /// The sheet of the contract with this name (any of its names), other
    /// than 基本信息.
    pub fn sheet(&mut self, name: &str) -> Option<&'static SheetSpec> {
        match contract::sheet_by_name(name) {
            Some(s) if s.key != SheetKey::Info => Some(s),
            _ => {
                self.push(IssueKind::UnknownSheet {
                    sheet: name.to_string(),
                });
                None
            }
        }
    }

    /// The index of sheet `s`'s column `name`, if its kind of value is one
    /// of `kinds` (any kind, when empty).
    pub fn column(&mut self, s: &SheetSpec, name: &str, kinds: &[Kind]) -> Option<usize> {
        let Some(i) = s.column_index(name) else {
            self.push(IssueKind::UnknownColumn {
                sheet: s.zh,
                column: name.to_string(),
            });
            return None;
        };
        if !kinds.is_empty() && !kinds.contains(&s.columns[i].kind) {
            self.push(IssueKind::ColumnKind {
                column: s.columns[i].zh,
            });
            return None;
        }
        Some(i)
    }

    /// Whether `only_leaf_grids` suits the sheet: only the grid ledger has
    /// leaf grids.
    pub fn leaf_ok(&mut self, s: &SheetSpec, leaf: bool) -> bool {
        if leaf && s.key != SheetKey::Grids {
            self.push(IssueKind::LeafGrids);
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A measure written as an item's `measure = { … }` table.
    fn parse(fields: &str) -> Result<Measure, String> {
        #[derive(serde::Deserialize)]
        struct Item {
            measure: Measure,
        }
        toml::from_str::<Item>(&format!("measure = {{ {fields} }}"))
            .map(|i| i.measure)
            .map_err(|e| e.to_string())
    }

    fn compiled(fields: &str) -> (Option<Compiled>, Vec<Issue>) {
        let m = parse(fields).unwrap();
        let mut issues = Vec::new();
        let c = Compiled::compile(&m, &mut Checker::new("X1", &mut issues));
        (c, issues)
    }

    #[test]
    fn every_kind_is_read_checked_and_says_what_it_yields() {
        let kinds = [
            (
                r#"type = "filled", sheet = "一户一档", columns = ["户主"]"#,
                Yields::Share,
            ),
            (
                r#"type = "ratio", sheet = "一户一档", numerator = "疫苗接种人数", denominator = "常住人口""#,
                Yields::Share,
            ),
            (
                r#"type = "in_range", sheet = "网格台账", column = "户数", min = 10, max = 20"#,
                Yields::Share,
            ),
            (
                r#"type = "linked", sheet = "一户一档", column = "网格编号", target_sheet = "网格台账", target_column = "网格编号""#,
                Yields::Share,
            ),
            (r#"type = "daily", sheet = "消杀记录""#, Yields::Share),
            (
                r#"type = "current", sheet = "一户一档", column = "更新日期", within_days = 30"#,
                Yields::Share,
            ),
            (r#"type = "self_assessed""#, Yields::Points),
            (r#"type = "problems", codes = ["negative"]"#, Yields::Count),
        ];
        for (fields, yields) in kinds {
            assert_eq!(parse(fields).unwrap().yields(), yields, "{fields}");
            let (c, issues) = compiled(fields);
            assert!(c.is_some() && issues.is_empty(), "{fields}: {issues:?}");
        }
        let (c, _) = compiled(r#"type = "daily", sheet = "消杀记录""#);
        assert!(matches!(c, Some(Compiled::Daily(Daily { days: 14, .. }))));
        let (c, _) = compiled(r#"type = "self_assessed""#);
        assert_eq!(
            c,
            Some(Compiled::SelfAssessed(SelfAssessed { item: "X1".into() }))
        );
    }

    #[test]
    fn a_field_a_kind_does_not_have_is_refused_by_name() {
        let e =
            parse(r#"type = "in_range", sheet = "网格台账", column = "户数", mni = 10, max = 20"#)
                .unwrap_err();
        assert!(
            e.contains("unknown field `mni`, expected one of `sheet`, `column`, `min`, `max`, `only_leaf_grids`"),
            "{e}"
        );
        let e = parse(r#"type = "problems", cods = []"#).unwrap_err();
        assert!(e.contains("unknown field `cods`, expected `codes`"), "{e}");
        let e = parse(r#"type = "in_rnage""#).unwrap_err();
        assert!(e.contains("unknown variant `in_rnage`"), "{e}");
    }

    #[test]
    fn each_kind_checks_its_own_fields() {
        // An item whose measure has any issue is left out of the rubric
        // (`check`), whether or not its kind could resolve the rest.
        let issues = |fields: &str| -> Vec<IssueKind> {
            let (_, issues) = compiled(fields);
            issues.into_iter().map(|i| i.kind).collect()
        };
        assert_eq!(
            issues(r#"type = "filled", sheet = "一户一档", columns = []"#),
            [IssueKind::FilledNoColumns]
        );
        assert_eq!(
            issues(r#"type = "in_range", sheet = "网格台账", column = "户数", min = 30, max = 20"#),
            [IssueKind::RangeOrder {
                min: 30.0,
                max: 20.0
            }]
        );
        assert_eq!(
            issues(r#"type = "daily", sheet = "消杀记录", days = 0"#),
            [IssueKind::DailyDays]
        );
        assert_eq!(
            issues(r#"type = "problems", codes = ["negtive"]"#),
            [IssueKind::ProblemCode {
                code: "negtive".into()
            }]
        );
        assert_eq!(
            issues(
                r#"type = "filled", sheet = "一户一档", columns = ["户主"], only_leaf_grids = true"#
            ),
            [IssueKind::LeafGrids]
        );
        assert_eq!(
            issues(
                r#"type = "ratio", sheet = "一户一档", numerator = "地址", denominator = "常住人口""#
            ),
            [IssueKind::ColumnKind { column: "地址" }]
        );
    }
}
