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
use serde::{Deserialize, Serialize};

use crate::awards::Text;
use crate::awards::matching::{Key, Place};
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

/// Something about the inspection list that a person should look at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// "核查记录.xlsx 核查记录!C7".
    pub location: String,
    /// The note in Chinese.
    pub message_zh: String,
    /// The note in English.
    pub message_en: String,
}

impl Note {
    /// A note at `location`.
    pub fn new(location: impl Into<String>, text: Text) -> Self {
        Note {
            location: location.into(),
            message_zh: text.zh,
            message_en: text.en,
        }
    }
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
            list.notes.push(Note::new(
                at(row.location("name")),
                Text::new(
                    "该行没有填写名称，未使用",
                    "no community name; row not used",
                ),
            ));
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
                Text::new(
                    format!("{}：没有填写评分项编号，该行未使用", place.label()),
                    format!("{}: no item id; row not used", place.label()),
                ),
            ));
            continue;
        };
        let Some(&(item, points)) = items.get(&label_key(&raw_item)) else {
            list.notes.push(Note::new(
                at(row.location("item")),
                Text::new(
                    format!(
                        "{}：评分标准中没有编号为“{raw_item}”的项目，该行未使用",
                        place.label()
                    ),
                    format!(
                        "{}: the rubric has no item \"{raw_item}\"; row not used",
                        place.label()
                    ),
                ),
            ));
            continue;
        };
        let value = match row_points(row, &place, item, points, &at, &mut list.notes) {
            Ok(v) => v,
            Err(note) => {
                list.notes.push(note);
                continue;
            }
        };
        let date = match row.date("date") {
            Ok(d) => d,
            Err(v) => {
                list.notes.push(Note::new(
                    at(row.location("date")),
                    Text::new(
                        format!(
                            "{} {item}：检查日期“{v}”不是有效日期，该行未使用",
                            place.label()
                        ),
                        format!(
                            "{} {item}: inspection date \"{v}\" is not a date; row not used",
                            place.label()
                        ),
                    ),
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
                        Text::new(
                            format!(
                                "{} {item}：检查方式“{m}”不是明查或暗访，已按未注明处理",
                                place.label()
                            ),
                            format!(
                                "{} {item}: method \"{m}\" is neither 明查 (open) nor 暗访 (unannounced); shown as not stated",
                                place.label()
                            ),
                        ),
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
) -> Result<f64, Note> {
    let max = wuyi_sheets::format_number(points);
    let number = |key: &str| -> Result<Option<f64>, String> {
        match row.text(key) {
            None => Ok(None),
            Some(t) => row.number(key).map(Some).ok_or(t),
        }
    };
    let verified = number("verified");
    let deduction = number("deduction");
    let bad_number = |key: &str, what_zh: &str, what_en: &str, v: &str| {
        Note::new(
            at(row.location(key)),
            Text::new(
                format!(
                    "{} {item}：{what_zh}“{v}”不是数字，该行未使用",
                    place.label()
                ),
                format!(
                    "{} {item}: {what_en} \"{v}\" is not a number; row not used",
                    place.label()
                ),
            ),
        )
    };
    let (verified, deduction) = match (verified, deduction) {
        (Err(v), _) => {
            return Err(bad_number("verified", "核定得分", "verified score", &v));
        }
        (_, Err(v)) => {
            return Err(bad_number("deduction", "扣分", "deduction", &v));
        }
        (Ok(a), Ok(b)) => (a, b),
    };
    let value = match (verified, deduction) {
        (Some(v), Some(d)) => {
            if (v + d - points).abs() > 0.05 {
                notes.push(Note::new(
                    at(row.location("verified")),
                    Text::new(
                        format!(
                            "{} {item}：核定得分 {} 与扣分 {} 之和不等于分值 {max}，按核定得分计",
                            place.label(),
                            wuyi_sheets::format_number(v),
                            wuyi_sheets::format_number(d)
                        ),
                        format!(
                            "{} {item}: verified score {} and deduction {} do not add up to the item's {max} points; the verified score counts",
                            place.label(),
                            wuyi_sheets::format_number(v),
                            wuyi_sheets::format_number(d)
                        ),
                    ),
                ));
            }
            v
        }
        (Some(v), None) => v,
        (None, Some(d)) => points - d,
        (None, None) => {
            return Err(Note::new(
                at(row.location("verified")),
                Text::new(
                    format!(
                        "{} {item}：没有填写核定得分或扣分，该行未使用",
                        place.label()
                    ),
                    format!(
                        "{} {item}: neither a verified score nor a deduction; row not used",
                        place.label()
                    ),
                ),
            ));
        }
    };
    if value < 0.0 || value > points + 1e-9 || !value.is_finite() {
        return Err(Note::new(
            at(row.location(if verified.is_some() {
                "verified"
            } else {
                "deduction"
            })),
            Text::new(
                format!(
                    "{} {item}：核定得分 {} 不在 0 至分值 {max} 之间，该行未使用",
                    place.label(),
                    wuyi_sheets::format_number(value)
                ),
                format!(
                    "{} {item}: verified score {} is not between 0 and the item's {max} points; row not used",
                    place.label(),
                    wuyi_sheets::format_number(value)
                ),
            ),
        ));
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

impl Record {
    /// "暗访 2022-03-28 张三：公共区域未消杀（核定 2）", as the scorecard
    /// records it in both languages.
    pub fn describe(&self) -> Text {
        let (zh, en) = (self.describe_in(true), self.describe_in(false));
        Text::new(zh, en)
    }

    fn describe_in(&self, zh: bool) -> String {
        let pick = |a: &'static str, b: &'static str| if zh { a } else { b };
        let mut head: Vec<String> = Vec::new();
        if let Some(m) = self.method {
            head.push(
                match m {
                    Method::Open => pick("明查", "open inspection"),
                    Method::Unannounced => pick("暗访", "unannounced visit"),
                }
                .to_string(),
            );
        }
        if let Some(d) = self.date {
            head.push(d.to_string());
        }
        if !self.inspector.is_empty() {
            head.push(self.inspector.clone());
        }
        let mut s = if head.is_empty() {
            pick("核查", "inspection").to_string()
        } else {
            head.join(" ")
        };
        if !self.finding.is_empty() {
            s.push_str(pick("：", ": "));
            s.push_str(&self.finding);
        }
        let v = wuyi_sheets::format_number(self.verified);
        if zh {
            s.push_str(&format!("（核定 {v}）"));
        } else {
            s.push_str(&format!(" (verified {v})"));
        }
        s
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

    #[test]
    fn records_read_as_a_cited_reason() {
        let r = Record {
            date: NaiveDate::from_ymd_opt(2022, 3, 28),
            method: Some(Method::Unannounced),
            inspector: "张三".into(),
            finding: "公共区域未消杀".into(),
            verified: 2.0,
            location: String::new(),
            counted: true,
        };
        assert_eq!(
            r.describe().zh,
            "暗访 2022-03-28 张三：公共区域未消杀（核定 2）"
        );
        assert_eq!(
            r.describe().en,
            "unannounced visit 2022-03-28 张三: 公共区域未消杀 (verified 2)"
        );
    }
}
