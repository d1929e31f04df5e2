//! A submission assessed: its gate, each item's points and why, its total,
//! and the verdict an office can defend cell by cell, as typed values.
//!
//! Nothing here is worded: the report layer's catalogue
//! (`report::catalogue::score`) turns an [`Assessment`] into the scorecard
//! `results.json` records, in either language.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ledger::Ledger;
use crate::ledger::contract::{CaseCategory, CommunityType};
use crate::problem::{Problem, ProblemKind, Severity};
use crate::rubric::Rubric;
use crate::rubric::gate::{self, GateResult, GateState, Hit, Undecided};
use crate::rubric::measure::{self, Outcome, Why};

/// What an assessment concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 达标: at or above the pass line, gate clear.
    Passed,
    /// 未达标: below the pass line.
    Failed,
    /// 一票否决: the zero-case gate vetoed it.
    Vetoed,
    /// 无法评分: cannot be assessed as submitted.
    Unassessable,
}

impl Verdict {
    /// Every verdict, in report order.
    pub const ALL: [Verdict; 4] = [
        Verdict::Passed,
        Verdict::Failed,
        Verdict::Vetoed,
        Verdict::Unassessable,
    ];
}

/// One rubric item, assessed.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemResult {
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
    /// What was measured, or why nothing could be.
    pub why: Why,
    /// Where the findings are ("一户一档!C14").
    pub cells: Vec<String>,
    /// Self-assessed with no verified score.
    pub unverified: bool,
}

/// A section's points and what its items earned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionScore {
    /// The section's id.
    pub id: String,
    /// The section's name.
    pub name: String,
    /// The points its items are worth.
    pub points: f64,
    /// The points its items earned.
    pub earned: f64,
}

/// A dated case-log entry (涉疫台账) of any category. Results keep the whole
/// log, not only what the gate saw, so that a later quarter can tell whether
/// a case came after a title was awarded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    /// The entry's date.
    pub date: NaiveDate,
    /// The entry's category.
    pub category: CaseCategory,
    /// "涉疫台账!A5".
    pub location: String,
}

/// Why an assessment came out as it did, as values.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Errors stop assessment: the first three of them, and how many.
    Blocked {
        /// The first three blocking problems.
        first: Vec<Problem>,
        /// How many there are.
        count: usize,
    },
    /// No 评估日期 and no batch-wide date.
    NoDate,
    /// Case records within the window.
    Vetoed {
        /// The window's first day.
        window_start: NaiveDate,
        /// The window's last day (the assessment date).
        window_end: NaiveDate,
        /// The window, in days.
        window_days: u32,
        /// The first three vetoing entries.
        first: Vec<Hit>,
        /// How many there are.
        count: usize,
    },
    /// Cells the gate depends on could not be read; the score stands for
    /// reference only.
    Undecided {
        /// The first three such cells.
        first: Vec<Undecided>,
        /// How many there are.
        count: usize,
        /// The score, for reference.
        score: f64,
    },
    /// At or above the pass line.
    Passed {
        /// The score.
        score: f64,
        /// The pass line.
        pass: f64,
    },
    /// Below the pass line.
    Failed {
        /// The score.
        score: f64,
        /// The pass line.
        pass: f64,
    },
}

/// One submission, assessed.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The file read.
    pub file: PathBuf,
    /// The community's name (the file's own name when the ledger gives none).
    pub name: String,
    /// The community's type.
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
    pub items: Vec<ItemResult>,
    /// The zero-case gate, when it was reached.
    pub gate: Option<GateResult>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why the verdict.
    pub reason: Reason,
    /// The ledger's problems, and the items that could not be measured.
    pub problems: Vec<Problem>,
    /// The dated case log.
    pub cases: Vec<CaseRecord>,
}

/// Whether a problem stops assessment. With a batch-wide as-of date, a
/// missing or unreadable 评估日期 no longer does.
fn blocking(p: &Problem, as_of: Option<NaiveDate>) -> bool {
    if p.severity != Severity::Error {
        return false;
    }
    let about_date = match &p.kind {
        ProblemKind::MissingInfo { field } => field == "评估日期",
        ProblemKind::BadDate { column, .. } => column == "评估日期",
        _ => false,
    };
    !(about_date && as_of.is_some())
}

fn case_log(ledger: &Ledger) -> Vec<CaseRecord> {
    let Some(cases) = &ledger.cases else {
        return Vec::new();
    };
    let (dc, cc) = (cases.idx("date"), cases.idx("category"));
    cases
        .rows
        .iter()
        .filter_map(|rec| {
            Some(CaseRecord {
                date: cases.date(rec, dc)?,
                category: cases.category(rec, cc)?,
                location: cases.location(rec, dc),
            })
        })
        .collect()
}

/// Scores a ledger. `as_of` overrides every submission's 评估日期.
pub fn score(ledger: &Ledger, rubric: &Rubric, as_of: Option<NaiveDate>) -> Assessment {
    let d = as_of.or(ledger.info.assessed_on);
    let mut card = Assessment {
        file: ledger.path.clone(),
        name: ledger.display_name(),
        kind: ledger.info.kind,
        district: ledger.info.district.clone(),
        town: ledger.info.town.clone(),
        assessed_on: d,
        score: None,
        pass_score: rubric.spec.pass_score,
        sections: Vec::new(),
        items: Vec::new(),
        gate: None,
        verdict: Verdict::Unassessable,
        reason: Reason::NoDate,
        problems: ledger.problems.clone(),
        cases: case_log(ledger),
    };
    let blockers: Vec<&Problem> = ledger
        .problems
        .iter()
        .filter(|p| blocking(p, as_of))
        .collect();
    let Some(d) = d.filter(|_| blockers.is_empty()) else {
        if !blockers.is_empty() {
            card.reason = Reason::Blocked {
                first: blockers.iter().take(3).map(|p| (*p).clone()).collect(),
                count: blockers.len(),
            };
        }
        return card;
    };
    let total_tenths = score_items(&mut card, ledger, rubric, d);
    score_sections(&mut card, rubric);
    let total = total_tenths as f64 / 10.0;
    card.score = Some(total);
    let g: GateResult = gate::evaluate(&rubric.gate, ledger, d);
    (card.verdict, card.reason) = conclude(&g, total, rubric.spec.pass_score);
    card.gate = Some(g);
    card
}

/// Scores every item into `card`, and a warning for each that could not be
/// measured. Returns the total in tenths.
fn score_items(card: &mut Assessment, ledger: &Ledger, rubric: &Rubric, d: NaiveDate) -> i64 {
    let mut total_tenths = 0i64;
    for item in &rubric.items {
        let o: Outcome = measure::evaluate(item, ledger, d);
        if o.absent {
            // No silent zeros: the file gets a warning naming what was
            // missing and the nearest thing that was there.
            card.problems
                .push(Problem::warning(ProblemKind::ItemUnmeasured {
                    item: item.id.clone(),
                    why: o.why.clone(),
                }));
        }
        total_tenths += o.tenths;
        card.items.push(ItemResult {
            id: item.id.clone(),
            section: item.section.clone(),
            name: item.name.clone(),
            points: item.points,
            earned: o.earned(),
            share: o.share,
            findings: o.findings,
            total: o.total,
            why: o.why,
            cells: o.cells,
            unverified: o.unverified,
        });
    }
    total_tenths
}

/// Adds up each section's items.
fn score_sections(card: &mut Assessment, rubric: &Rubric) {
    for s in &rubric.spec.sections {
        let (mut pts, mut tenths) = (0.0, 0i64);
        for (item, scored) in rubric.items.iter().zip(&card.items) {
            if item.section.as_deref() == Some(s.id.as_str()) {
                pts += item.points;
                tenths += (scored.earned * 10.0).round() as i64;
            }
        }
        card.sections.push(SectionScore {
            id: s.id.clone(),
            name: s.name.clone(),
            points: pts,
            earned: tenths as f64 / 10.0,
        });
    }
}

/// The verdict and its reason, from the gate and the total.
fn conclude(g: &GateResult, total: f64, pass: f64) -> (Verdict, Reason) {
    match g.state() {
        GateState::Vetoed => (
            Verdict::Vetoed,
            Reason::Vetoed {
                window_start: g.window_start,
                window_end: g.window_end,
                window_days: g.window_days,
                first: g.hits.iter().take(3).cloned().collect(),
                count: g.hits.len(),
            },
        ),
        // Never a pass on cells that could not be read: the score stands
        // for reference only.
        GateState::Undecided => (
            Verdict::Unassessable,
            Reason::Undecided {
                first: g.undecided.iter().take(3).cloned().collect(),
                count: g.undecided.len(),
                score: total,
            },
        ),
        GateState::Clear if total + 1e-9 >= pass => {
            (Verdict::Passed, Reason::Passed { score: total, pass })
        }
        GateState::Clear => (Verdict::Failed, Reason::Failed { score: total, pass }),
    }
}

/// Reads and scores one file; never fails.
pub fn score_file(path: &Path, rubric: &Rubric, as_of: Option<NaiveDate>) -> Assessment {
    let limits = wuyi_sheets::ReadLimits::default();
    let ledger = crate::ledger::read_guarded_as(path, &limits, &rubric.aliases);
    score(&ledger, rubric, as_of)
}
