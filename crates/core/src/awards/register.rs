//! The register (名册): who holds a title at the end of a quarter, written as
//! a sheet of the award workbook and read back as next quarter's
//! `--register`. It is read like any office list, so a register corrected by
//! hand in Excel or WPS still reads.

use std::path::Path;

use chrono::NaiveDate;

use super::matching::Place;
use super::model::Status;
use super::quarter::Quarter;
use super::tabular::{self, Column, ListProblem};
use super::why::{Reason, Why};
use crate::ledger::contract::CommunityType;

/// One community's line in the register.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    /// The community.
    pub place: Place,
    /// Its type.
    pub kind: Option<CommunityType>,
    /// The title held, or held until revoked; blank when never awarded.
    pub title: String,
    /// Where it stood at the quarter's end.
    pub status: Status,
    /// Why, as the list said.
    pub reason: Reason,
    /// The assessment date that earned the title now held: a case on or
    /// after it costs the title.
    pub awarded_on: Option<NaiveDate>,
    /// The quarter the title was awarded in.
    pub awarded_in: Option<Quarter>,
    /// The latest assessment.
    pub assessed_on: Option<NaiveDate>,
    /// The latest score.
    pub score: Option<f64>,
    /// When a title was lost.
    pub revoked_on: Option<NaiveDate>,
    /// "名册!C7" when read from a file.
    pub location: String,
}

/// A register as written or read back.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Register {
    /// The quarter the register closes.
    pub quarter: Option<Quarter>,
    /// Its lines.
    pub entries: Vec<RegisterEntry>,
}

/// Sheet names the register goes by.
pub const SHEET_NAMES: &[&str] = &["名册", "Register"];

/// The register's columns, in the order it is written.
pub const COLUMNS: &[Column] = &[
    tabular::DISTRICT,
    tabular::TOWN,
    tabular::NAME,
    tabular::TYPE,
    Column {
        key: "title",
        names: &["称号", "title"],
        required: false,
    },
    Column {
        key: "status",
        names: &["状态", "status"],
        required: true,
    },
    Column {
        key: "reason",
        names: &["说明", "reason", "原因"],
        required: false,
    },
    Column {
        key: "awarded_on",
        names: &["授牌日期", "awarded on"],
        required: false,
    },
    Column {
        key: "awarded_in",
        names: &["授牌季度", "awarded in"],
        required: false,
    },
    Column {
        key: "assessed_on",
        names: &["评估日期", "assessed on"],
        required: false,
    },
    Column {
        key: "score",
        names: &["得分", "score"],
        required: false,
    },
    Column {
        key: "revoked_on",
        names: &["摘牌日期", "revoked on"],
        required: false,
    },
    Column {
        key: "quarter",
        names: &["季度", "quarter"],
        required: false,
    },
];

/// Reads the register sheet of an award workbook. Rows whose status cannot
/// be read are reported and left out.
pub fn read(path: &Path) -> Result<(Register, Vec<ListProblem>), ListProblem> {
    let wb = tabular::open(path)?;
    let found = tabular::find(&wb, COLUMNS, SHEET_NAMES)?;
    let mut reg = Register::default();
    let mut warnings = Vec::new();
    let mut warn_date = |loc: String, v: &str| {
        warnings.push(ListProblem::RegisterBadDate {
            at: loc,
            value: v.to_string(),
        });
    };
    let mut bad_status = Vec::new();
    for row in found.rows() {
        let Some(name) = row.text("name") else {
            continue;
        };
        let raw = row.text("status").unwrap_or_default();
        let Some(status) = Status::parse(&raw) else {
            bad_status.push((row.location("status"), raw));
            continue;
        };
        let mut date = |key: &str| match row.date(key) {
            Ok(d) => d,
            Err(v) => {
                warn_date(row.location(key), &v);
                None
            }
        };
        let awarded_on = date("awarded_on");
        let assessed_on = date("assessed_on");
        let revoked_on = date("revoked_on");
        if reg.quarter.is_none() {
            reg.quarter = row.text("quarter").and_then(|q| Quarter::parse(&q));
        }
        let reason = row.raw_text("reason").unwrap_or_default();
        reg.entries.push(RegisterEntry {
            place: Place::new(
                row.text("district").as_deref(),
                row.text("town").as_deref(),
                &name,
            ),
            kind: row.text("type").and_then(|t| CommunityType::parse(&t)),
            title: row.text("title").unwrap_or_default(),
            status,
            reason: if reason.is_empty() {
                Reason::default()
            } else {
                Reason::one(Why::Recorded(reason))
            },
            awarded_on,
            awarded_in: row.text("awarded_in").and_then(|q| Quarter::parse(&q)),
            assessed_on,
            score: row.number("score"),
            revoked_on,
            location: row.location("name"),
        });
    }
    for (loc, raw) in bad_status {
        warnings.push(ListProblem::RegisterBadStatus {
            at: loc,
            value: raw,
        });
    }
    Ok((reg, warnings))
}

/// Whether `reg` can be last quarter's register for `q`: one from this
/// quarter or later is refused, one from further back is allowed with a
/// note.
pub fn check_register_quarter(
    reg: Option<Quarter>,
    q: Quarter,
) -> Result<Option<ListProblem>, ListProblem> {
    match reg {
        Some(r) if r >= q => Err(ListProblem::RegisterNotEarlier {
            register: r,
            quarter: q,
        }),
        Some(r) if r != q.prev() => Ok(Some(ListProblem::RegisterNotPrevious {
            register: r,
            quarter: q,
        })),
        Some(_) => Ok(None),
        None => Ok(Some(ListProblem::RegisterNoQuarter)),
    }
}
