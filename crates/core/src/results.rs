//! What a scoring run records of each submission: the scorecards of
//! `results.json`, as `wuyi score` writes them and `wuyi update`,
//! `wuyi merge` and `wuyi awards` read them back.
//!
//! A scorecard is a record, not a computation: its reasons were worded in
//! both languages when the run was written (by `report::catalogue::score`
//! from an [`Assessment`](crate::score::Assessment)), and are carried as
//! recorded text from then on. Its field names are the file's, which other
//! programs read: they do not change.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ledger::contract::{CaseCategory, CommunityType};
use crate::score::{CaseRecord, SectionScore, Verdict};

/// One rubric item as recorded: its points, and why in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemScore {
    /// The item's id ("A1").
    pub id: String,
    /// The id of the section it belongs to.
    pub section: Option<String>,
    /// The item's name.
    pub name: String,
    /// The points it is worth.
    pub points: f64,
    /// The points it earned.
    pub earned: f64,
    /// The measured share, 0..=1, for share-type measures.
    pub share: Option<f64>,
    /// Rows (or days, or problems) that cost points.
    pub findings: usize,
    /// Rows (or days) measured.
    pub total: usize,
    /// Why, in Chinese.
    pub why_zh: String,
    /// Why, in English.
    pub why_en: String,
    /// Where the findings are ("一户一档!C14").
    pub cells: Vec<String>,
    /// Self-assessed with no verified score.
    pub unverified: bool,
}

/// The gate as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateReport {
    /// Clear: nothing vetoes and every cell was read.
    pub passed: bool,
    /// The main window, in days.
    pub window_days: u32,
    /// The window's first day.
    pub window_start: NaiveDate,
    /// The window's last day (the assessment date).
    pub window_end: NaiveDate,
    /// Each vetoing entry, "涉疫台账!A5 2022-03-20 确诊病例".
    pub hits_zh: Vec<String>,
    /// Each vetoing entry, in English.
    pub hits_en: Vec<String>,
    /// Each cell the gate depends on that could not be read; when there are
    /// such cells and no hits, the gate is undecided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undecided_zh: Vec<String>,
    /// Each cell that could not be read, in English.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undecided_en: Vec<String>,
    /// What the gate read and how it was decided, in one line.
    #[serde(default)]
    pub summary_zh: String,
    /// The same line in English.
    #[serde(default)]
    pub summary_en: String,
}

impl GateReport {
    /// Nothing vetoed, but cells the gate depends on could not be read.
    pub fn undecided(&self) -> bool {
        self.hits_zh.is_empty() && !self.undecided_zh.is_empty()
    }

    /// The vetoing entries recorded by results written before the whole
    /// case log was kept ("涉疫台账!A6 2022-03-21 确诊病例"): enough to see
    /// a case inside the window. Entries that do not read back are left out.
    pub fn recorded_cases(&self) -> Vec<CaseRecord> {
        let mut cases = Vec::new();
        for h in &self.hits_zh {
            let mut parts = h.split_whitespace();
            let (Some(loc), Some(d), Some(cat)) = (parts.next(), parts.next(), parts.next()) else {
                continue;
            };
            if let (Some(date), Some(category)) = (
                wuyi_sheets::normalize::parse_date_text(d),
                CaseCategory::parse(cat),
            ) {
                cases.push(CaseRecord {
                    date,
                    category,
                    location: loc.to_string(),
                });
            }
        }
        cases
    }
}

/// A problem as carried in results: its place, code and both messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemRecord {
    /// "error", "warning" or "info".
    pub severity: String,
    /// "一户一档!F37", "一户一档", or "" for a whole-file problem.
    pub location: String,
    /// The problem's code ("bad_date").
    pub code: String,
    /// The message in Chinese.
    pub message_zh: String,
    /// The message in English.
    pub message_en: String,
}

/// One submission, scored, as `results.json` records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    /// The file read.
    pub file: PathBuf,
    /// The community's name.
    pub name: String,
    /// The community's type.
    #[serde(rename = "type")]
    pub kind: Option<CommunityType>,
    /// Its district (区县).
    pub district: Option<String>,
    /// Its town (街道/乡镇).
    pub town: Option<String>,
    /// The date the application was assessed on (as-of override applied).
    pub assessed_on: Option<NaiveDate>,
    /// The total, when it could be assessed.
    pub score: Option<f64>,
    /// The rubric's pass line.
    pub pass_score: f64,
    /// Each section's points.
    pub sections: Vec<SectionScore>,
    /// Each item's points and why.
    pub items: Vec<ItemScore>,
    /// The zero-case gate, when it was reached.
    pub gate: Option<GateReport>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why the verdict, in Chinese.
    pub reason_zh: String,
    /// Why the verdict, in English.
    pub reason_en: String,
    /// The ledger's problems, and the items that could not be measured.
    pub problems: Vec<ProblemRecord>,
    /// Results written before this field existed read as an empty log.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<CaseRecord>,
    /// Set when inspection results were applied: the score as submitted,
    /// the verified score and the items an inspection verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection: Option<crate::inspected::CardInspection>,
}
