//! The county's inspection results (明查暗访): a list an inspection team
//! fills in for many communities, one row per item checked, whose verified
//! scores override what a submission's own sheets gave that item.
//!
//! The list is read like the office's other lists ([`crate::awards::tabular`])
//! and its communities are matched like the award list matches them
//! ([`crate::awards::matching`]): district + town + name after normalising
//! width and spaces, close spellings reported and never merged. Every row is
//! either applied to a scorecard or reported with the reason it was not.

pub mod apply;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::awards::Text;
use crate::awards::matching::{Differences, Key, Place};
use crate::awards::tabular::{self, Column, ListProblem};
use crate::rubric::Rubric;
use wuyi_sheets::normalize::label_key;

pub use crate::inspected::{CardInspection, InspectedItem, Method, Record};
pub use apply::{Applier, apply};

impl Method {
    /// Both methods.
    pub const ALL: [Method; 2] = [Method::Open, Method::Unannounced];

    /// Reads a method as an inspection list writes it, in either language.
    pub fn parse(s: &str) -> Option<Self> {
        let k = label_key(s);
        if k.contains("暗访") || k.contains("unannounced") || k.contains("covert") {
            Some(Method::Unannounced)
        } else if k.contains("明查") || k == "open" || k.contains("openinspection") {
            Some(Method::Open)
        } else {
            None
        }
    }
}

/// One usable row of the inspection list.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// The community inspected.
    pub place: Place,
    /// The rubric item's id, as the rubric spells it.
    pub item: String,
    /// The verified points for the item, from 核定得分 or from full points
    /// less 扣分, within 0 and the item's points.
    pub verified: f64,
    /// What was found, as typed.
    pub finding: String,
    /// The inspection's date.
    pub date: Option<NaiveDate>,
    /// 明查 or 暗访, when stated.
    pub method: Option<Method>,
    /// Who inspected.
    pub inspector: String,
    /// "核查记录.xlsx 核查记录!A5": the row, for every message about it.
    pub location: String,
    /// The row's place in the list, which orders rows of one date.
    pub order: usize,
}

/// The list as read: usable rows, and what was wrong with the others.
#[derive(Debug, Clone, Default)]
pub struct InspectionList {
    /// The file's name, as reports cite it.
    pub source: String,
    /// The usable rows, in list order.
    pub rows: Vec<Inspection>,
    /// Rows not used, and why; things to check in rows that were.
    pub notes: Vec<Note>,
}

/// Something about the inspection list that a person should look at:
/// where, and what. The report layer words it
/// (`wuyi_report::catalogue::inspection`).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// "核查记录.xlsx 核查记录!C7".
    pub location: String,
    /// What is wrong there.
    pub kind: NoteKind,
}

impl Note {
    /// A note at `location`.
    pub fn new(location: impl Into<String>, kind: NoteKind) -> Self {
        Note {
            location: location.into(),
            kind,
        }
    }
}

/// The words a scorecard records once an inspection changed it. A
/// scorecard carries its reasons as recorded text in both languages
/// ([`crate::results`]); this crate decides what changed, and the report
/// layer's catalogue, which implements this, words it.
pub trait Wording: Sync {
    /// An inspected item's explanation, Chinese then English: the verified
    /// points, the rows that gave them (latest first) and the explanation
    /// as submitted.
    fn inspected_why(&self, item: &InspectedItem) -> (String, String);

    /// The verdict's reason once verified scores decided it, Chinese then
    /// English: `total` against the pass line, beside the self-assessed
    /// score.
    fn verified_reason(
        &self,
        passed: bool,
        total: f64,
        self_score: Option<f64>,
        pass_score: f64,
    ) -> (String, String);
}

/// The two columns an item's verified points come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreColumn {
    /// 核定得分.
    Verified,
    /// 扣分.
    Deduction,
}

/// What a note on the inspection list is about. `place` is the community
/// as the row names it ([`Place::label`]), `item` the rubric item's id.
#[derive(Debug, Clone, PartialEq)]
pub enum NoteKind {
    /// The row names no community; not used.
    NoName,
    /// The row gives no item id; not used.
    NoItem {
        /// The community.
        place: String,
    },
    /// The rubric has no item of the row's id; not used.
    UnknownItem {
        /// The community.
        place: String,
        /// The id as written.
        item: String,
    },
    /// A score column holds something that is not a number; not used.
    NotANumber {
        /// The community.
        place: String,
        /// The item.
        item: String,
        /// Which column.
        column: ScoreColumn,
        /// What it holds.
        value: String,
    },
    /// Neither a verified score nor a deduction; not used.
    NoScore {
        /// The community.
        place: String,
        /// The item.
        item: String,
    },
    /// The verified points fall outside 0 and the item's points; not used.
    OutOfRange {
        /// The community.
        place: String,
        /// The item.
        item: String,
        /// The verified points as given or worked out.
        value: f64,
        /// The item's points.
        points: f64,
    },
    /// Verified score and deduction do not add up to the item's points; the
    /// verified score counts and the row is used.
    ScoresDisagree {
        /// The community.
        place: String,
        /// The item.
        item: String,
        /// 核定得分.
        verified: f64,
        /// 扣分.
        deduction: f64,
        /// The item's points.
        points: f64,
    },
    /// The inspection date is not a date; not used.
    BadDate {
        /// The community.
        place: String,
        /// The item.
        item: String,
        /// What the cell holds.
        value: String,
    },
    /// The method is neither 明查 nor 暗访; the row is used, the method shown
    /// as not stated.
    BadMethod {
        /// The community.
        place: String,
        /// The item.
        item: String,
        /// What the cell holds.
        value: String,
    },
    /// The community's application cannot be assessed, so its inspection
    /// is not used.
    CannotAssess {
        /// The community's name.
        name: String,
        /// The item.
        item: String,
        /// The scorecard's recorded reason.
        reason: Text,
    },
    /// Two rows of one date verify different scores; the lower row in the
    /// list counts.
    SameDate {
        /// The community's name.
        name: String,
        /// The item.
        item: String,
        /// The date, when given.
        date: Option<NaiveDate>,
        /// The score of the row that does not count.
        earlier: f64,
        /// The score of the row that counts.
        counted: f64,
        /// The row that counts.
        location: String,
    },
    /// The community is in the report but not among the files re-scored by
    /// an update; not used in it.
    NotRescored {
        /// The community.
        place: String,
        /// The item.
        item: String,
    },
    /// The row names no community scored; not used.
    NotSubmitted {
        /// The community.
        place: String,
        /// The item.
        item: String,
        /// Submitted spellings it may mean, and how they differ.
        maybe: Vec<(String, Differences)>,
    },
}

/// The inspection list's columns.
pub const COLUMNS: &[Column] = &[
    tabular::DISTRICT,
    tabular::TOWN,
    tabular::NAME,
    Column {
        key: "item",
        names: &[
            "编号",
            "item",
            "项目编号",
            "评分项编号",
            "评分项",
            "指标编号",
            "item id",
        ],
        required: true,
    },
    Column {
        key: "verified",
        names: &[
            "核定得分",
            "verified score",
            "核定分",
            "核查得分",
            "检查得分",
            "verified",
        ],
        required: false,
    },
    Column {
        key: "deduction",
        names: &["扣分", "deduction", "扣分值", "核减分", "deducted"],
        required: false,
    },
    Column {
        key: "finding",
        names: &[
            "发现问题",
            "finding",
            "存在问题",
            "问题",
            "检查发现",
            "主要问题",
            "findings",
        ],
        required: false,
    },
    Column {
        key: "date",
        names: &["检查日期", "date", "核查日期", "日期", "检查时间"],
        required: false,
    },
    Column {
        key: "method",
        names: &["方式", "method", "检查方式", "核查方式"],
        required: false,
    },
    Column {
        key: "inspector",
        names: &["检查人", "inspector", "核查人", "检查人员", "检查组"],
        required: false,
    },
];

const SHEET_NAMES: &[&str] = &["核查记录", "inspections", "明查暗访", "检查记录"];

/// The rubric's items as the list is checked against them: id and points.
pub fn rubric_items(rubric: &Rubric) -> Vec<(String, f64)> {
    rubric
        .items
        .iter()
        .map(|i| (i.id.clone(), i.points))
        .collect()
}

/// Reads an inspection list, checking its items against the rubric's (id
/// and points, from [`rubric_items`] or from a report's scorecards). A row
/// that cannot be used is a note, never silently dropped.
pub fn read(path: &Path, rubric_items: &[(String, f64)]) -> Result<InspectionList, ListProblem> {
    let wb = tabular::open(path)?;
    let found = tabular::find(&wb, COLUMNS, SHEET_NAMES)?;
    if !found.has("verified") && !found.has("deduction") {
        return Err(ListProblem::InspectionNoScore);
    }
    let source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let items: HashMap<String, (&str, f64)> = rubric_items
        .iter()
        .map(|(id, points)| (label_key(id), (id.as_str(), *points)))
        .collect();
    let mut list = InspectionList {
        source: source.clone(),
        ..Default::default()
    };
    let at = |loc: String| format!("{source} {loc}");
    for (order, row) in found.rows().iter().enumerate() {
        let Some(name) = row.text("name") else {
            list.notes
                .push(Note::new(at(row.location("name")), NoteKind::NoName));
            continue;
        };
        let place = Place::new(
            row.text("district").as_deref(),
            row.text("town").as_deref(),
            &name,
        );
        let Some(raw_item) = row.text("item") else {
            list.notes.push(Note::new(
                at(row.location("item")),
                NoteKind::NoItem {
                    place: place.label(),
                },
            ));
            continue;
        };
        let Some(&(item, points)) = items.get(&label_key(&raw_item)) else {
            list.notes.push(Note::new(
                at(row.location("item")),
                NoteKind::UnknownItem {
                    place: place.label(),
                    item: raw_item,
                },
            ));
            continue;
        };
        let value = match row_points(row, &place, item, points, &at, &mut list.notes) {
            Ok(v) => v,
            Err(note) => {
                list.notes.push(*note);
                continue;
            }
        };
        let date = match row.date("date") {
            Ok(d) => d,
            Err(v) => {
                list.notes.push(Note::new(
                    at(row.location("date")),
                    NoteKind::BadDate {
                        place: place.label(),
                        item: item.to_string(),
                        value: v,
                    },
                ));
                continue;
            }
        };
        let method = match row.text("method") {
            None => None,
            Some(m) => match Method::parse(&m) {
                Some(m) => Some(m),
                None => {
                    list.notes.push(Note::new(
                        at(row.location("method")),
                        NoteKind::BadMethod {
                            place: place.label(),
                            item: item.to_string(),
                            value: m,
                        },
                    ));
                    None
                }
            },
        };
        list.rows.push(Inspection {
            place,
            item: item.to_string(),
            verified: (value * 10.0).round() / 10.0,
            finding: row.raw_text("finding").unwrap_or_default(),
            date,
            method,
            inspector: row.raw_text("inspector").unwrap_or_default(),
            location: at(row.location("name")),
            order,
        });
    }
    Ok(list)
}

/// The verified points a row gives an item worth `points`: its 核定得分, or
/// full points less its 扣分. `Err` is the note that leaves the row out; a
/// note that keeps it goes to `notes`.
fn row_points(
    row: &tabular::Row<'_>,
    place: &Place,
    item: &str,
    points: f64,
    at: &dyn Fn(String) -> String,
    notes: &mut Vec<Note>,
) -> Result<f64, Box<Note>> {
    let number = |key: &str| -> Result<Option<f64>, String> {
        match row.text(key) {
            None => Ok(None),
            Some(t) => row.number(key).map(Some).ok_or(t),
        }
    };
    let verified = number("verified");
    let deduction = number("deduction");
    let (place, item) = (place.label(), item.to_string());
    let bad_number = |key: &str, column: ScoreColumn, value: String| {
        Note::new(
            at(row.location(key)),
            NoteKind::NotANumber {
                place: place.clone(),
                item: item.clone(),
                column,
                value,
            },
        )
    };
    let (verified, deduction) = match (verified, deduction) {
        (Err(v), _) => {
            return Err(Box::new(bad_number("verified", ScoreColumn::Verified, v)));
        }
        (_, Err(v)) => {
            return Err(Box::new(bad_number("deduction", ScoreColumn::Deduction, v)));
        }
        (Ok(a), Ok(b)) => (a, b),
    };
    let value = match (verified, deduction) {
        (Some(v), Some(d)) => {
            if (v + d - points).abs() > 0.05 {
                notes.push(Note::new(
                    at(row.location("verified")),
                    NoteKind::ScoresDisagree {
                        place: place.clone(),
                        item: item.clone(),
                        verified: v,
                        deduction: d,
                        points,
                    },
                ));
            }
            v
        }
        (Some(v), None) => v,
        (None, Some(d)) => points - d,
        (None, None) => {
            return Err(Box::new(Note::new(
                at(row.location("verified")),
                NoteKind::NoScore { place, item },
            )));
        }
    };
    if value < 0.0 || value > points + 1e-9 || !value.is_finite() {
        return Err(Box::new(Note::new(
            at(row.location(if verified.is_some() {
                "verified"
            } else {
                "deduction"
            })),
            NoteKind::OutOfRange {
                place,
                item,
                value,
                points,
            },
        )));
    }
    Ok(value)
}

impl InspectionList {
    /// Rows by community.
    pub fn by_key(&self) -> HashMap<Key, Vec<usize>> {
        let mut m: HashMap<Key, Vec<usize>> = HashMap::new();
        for (i, r) in self.rows.iter().enumerate() {
            m.entry(r.place.key()).or_default().push(i);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods() {
        assert_eq!(Method::parse("暗访"), Some(Method::Unannounced));
        assert_eq!(Method::parse(" 明 查 "), Some(Method::Open));
        assert_eq!(
            Method::parse("Unannounced visit"),
            Some(Method::Unannounced)
        );
        assert_eq!(Method::parse("电话"), None);
    }
}
