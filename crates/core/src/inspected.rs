//! What inspections did to a scorecard, as the scorecard carries it and
//! `results.json` records it: the items an inspection verified, each with
//! its rows, and the score before and after. The data of
//! [`crate::score`], kept apart from reading and applying the inspection
//! list ([`crate::inspection`]) so that a scorecard depends on nothing
//! above it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How an inspection was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// 明查: announced.
    Open,
    /// 暗访: unannounced.
    Unannounced,
}

/// A row as kept in results: what the inspection found and whether it is
/// the one that counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The inspection's date, when the row gave one.
    pub date: Option<NaiveDate>,
    /// 明查 or 暗访, when stated.
    pub method: Option<Method>,
    /// Who inspected.
    pub inspector: String,
    /// What they found, as typed.
    pub finding: String,
    /// The verified points, within the item's points.
    pub verified: f64,
    /// "核查记录.xlsx 核查记录!A5": the row.
    pub location: String,
    /// The latest row for the item: its score is the item's.
    pub counted: bool,
}

/// An item an inspection verified: what the submission gave it and what the
/// inspection did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectedItem {
    /// The rubric item's id.
    pub id: String,
    /// The item's name.
    pub name: String,
    /// The points it is worth.
    pub points: f64,
    /// The points the submission's own sheets gave.
    pub self_earned: f64,
    /// The points the inspection verified.
    pub verified: f64,
    /// Every row for the item, latest first.
    pub records: Vec<Record>,
    /// The item's explanation as submitted, before any inspection.
    #[serde(default)]
    pub self_why_zh: String,
    /// The same in English.
    #[serde(default)]
    pub self_why_en: String,
}

impl InspectedItem {
    /// How far the submission overstated the item (negative: understated).
    pub fn overstated(&self) -> f64 {
        ((self.self_earned - self.verified) * 10.0).round() / 10.0
    }
}

/// What inspections did to one scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardInspection {
    /// The score from the submission alone.
    pub self_score: Option<f64>,
    /// The score with verified items.
    pub verified_score: Option<f64>,
    /// Self-assessed items whose points no one verified (未核定): neither a
    /// 核定得分 in the submission nor an inspection row.
    pub unverified: Vec<String>,
    /// The items inspected.
    pub items: Vec<InspectedItem>,
}

impl CardInspection {
    /// Verified less self score.
    pub fn difference(&self) -> Option<f64> {
        Some(((self.verified_score? - self.self_score?) * 10.0).round() / 10.0)
    }
}
