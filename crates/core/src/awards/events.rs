//! Dynamic-management events (动态管理): dated facts about a community that
//! cost it its title — a new confirmed case, a new asymptomatic infection, a
//! verified complaint not rectified.

use std::path::Path;

use chrono::NaiveDate;

use super::matching::Place;
use super::tabular::{self, Column, ListProblem};
use wuyi_sheets::normalize::label_key_without_units;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// 新增确诊.
    Confirmed,
    /// 新增无症状.
    Asymptomatic,
    /// 投诉查实未整改.
    Complaint,
}

impl EventKind {
    /// Reads an event as an office writes it, in either language; a
    /// complaint that was rectified is no event.
    pub fn parse(s: &str) -> Option<Self> {
        let k = label_key_without_units(s);
        let k = k.as_str();
        if k.contains("无症状") || k.contains("asymptomatic") {
            Some(EventKind::Asymptomatic)
        } else if k.contains("确诊") || k.contains("confirmed") {
            Some(EventKind::Confirmed)
        } else if k.contains("投诉") || k.contains("complaint") {
            // A complaint that was rectified costs nothing.
            let rectified = (k.contains("已整改") && !k.contains("未整改"))
                || (k.contains("rectified")
                    && !k.contains("notrectified")
                    && !k.contains("unrectified"));
            (!rectified).then_some(EventKind::Complaint)
        } else {
            None
        }
    }
}

/// One row of the events log.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The community.
    pub place: Place,
    /// When it happened.
    pub date: NaiveDate,
    /// What happened.
    pub kind: EventKind,
    /// The row's note, as typed.
    pub note: String,
    /// "事件!E5".
    pub location: String,
}

/// The events log's columns.
pub const COLUMNS: &[Column] = &[
    tabular::DISTRICT,
    tabular::TOWN,
    tabular::NAME,
    Column {
        key: "date",
        names: &["日期", "date", "发生日期", "事件日期", "时间"],
        required: true,
    },
    Column {
        key: "event",
        names: &["事件", "event", "事件类型", "类型", "type"],
        required: true,
    },
    Column {
        key: "note",
        names: &["说明", "note", "备注", "情况说明", "notes"],
        required: false,
    },
];

/// Reads the events sheet. A row whose date or event cannot be read is
/// reported and skipped, never guessed.
pub fn read(path: &Path) -> Result<(Vec<Event>, Vec<ListProblem>), ListProblem> {
    let wb = tabular::open(path)?;
    let found = tabular::find(&wb, COLUMNS, &["事件", "events", "动态管理"])?;
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for row in found.rows() {
        let Some(name) = row.text("name") else {
            continue;
        };
        let date = match row.date("date") {
            Ok(Some(d)) => d,
            Ok(None) => {
                warnings.push(ListProblem::EventNoDate {
                    at: row.location("date"),
                });
                continue;
            }
            Err(v) => {
                warnings.push(ListProblem::EventBadDate {
                    at: row.location("date"),
                    value: v,
                });
                continue;
            }
        };
        let raw = row.text("event").unwrap_or_default();
        let Some(kind) = EventKind::parse(&raw) else {
            warnings.push(ListProblem::EventUnknown {
                at: row.location("event"),
                value: raw,
            });
            continue;
        };
        out.push(Event {
            place: Place::new(
                row.text("district").as_deref(),
                row.text("town").as_deref(),
                &name,
            ),
            date,
            kind,
            note: row.raw_text("note").unwrap_or_default(),
            location: row.location("event"),
        });
    }
    Ok((out, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names() {
        assert_eq!(EventKind::parse("新增确诊"), Some(EventKind::Confirmed));
        assert_eq!(EventKind::parse("确诊病例"), Some(EventKind::Confirmed));
        assert_eq!(
            EventKind::parse("新增无症状感染者"),
            Some(EventKind::Asymptomatic)
        );
        assert_eq!(
            EventKind::parse("投诉查实未整改"),
            Some(EventKind::Complaint)
        );
        assert_eq!(
            EventKind::parse("12345投诉查实，未整改"),
            Some(EventKind::Complaint)
        );
        assert_eq!(EventKind::parse("投诉已整改"), None);
        assert_eq!(
            EventKind::parse("new confirmed case"),
            Some(EventKind::Confirmed)
        );
        assert_eq!(EventKind::parse("complaint, rectified"), None);
        assert_eq!(
            EventKind::parse("complaint unrectified"),
            Some(EventKind::Complaint)
        );
        assert_eq!(EventKind::parse("密接"), None);
    }
}
