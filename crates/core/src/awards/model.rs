//! The award list's data: the applications it is made from, each
//! community's decision, titles lost, notes for a person to check, and the
//! list as a whole.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::coverage::Coverage;
use super::events::Event;
use super::matching::Place;
use super::order;
use super::quarter::Quarter;
use super::register::{Register, RegisterEntry};
use super::roster::RosterEntry;
use super::why::{Reason, Why};
use crate::ledger::contract::CommunityType;
use crate::results::Scorecard;
use crate::rubric::spec::AwardsSpec;
use crate::score::{CaseRecord, Verdict};

/// A message already worded in both languages: a reason as recorded in
/// results, or what reading an office list found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A message from its Chinese and English.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// Whether both languages are empty.
    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }
}

/// Where a community stands at the end of the quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// 新授牌: awarded this quarter.
    New,
    /// 保持: held from an earlier quarter.
    Held,
    /// 摘牌: held, and lost this quarter.
    Revoked,
    /// 未授牌: holds no title.
    NotAwarded,
}

impl Status {
    /// Every status, in the order lists count them.
    pub const ALL: [Status; 4] = [
        Status::New,
        Status::Held,
        Status::Revoked,
        Status::NotAwarded,
    ];

    /// Reads a status as a register writes it, in either language.
    pub fn parse(s: &str) -> Option<Self> {
        let k = wuyi_sheets::normalize::label_key(s);
        Some(match k.as_str() {
            "新授牌" | "新增授牌" | "授牌" | "newlyawarded" | "new" | "awarded" => {
                Status::New
            }
            "保持" | "held" | "kept" => Status::Held,
            "摘牌" | "revoked" => Status::Revoked,
            "未授牌" | "notawarded" => Status::NotAwarded,
            _ => return None,
        })
    }

    /// Whether a community in this state holds the title.
    pub fn holds(self) -> bool {
        matches!(self, Status::New | Status::Held)
    }
}

/// An application as the award list sees it: who, when, the verdict and the
/// dated case log.
#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    /// The community.
    pub place: Place,
    /// Its type (小区, 社区, 村…), when the ledger gave one.
    pub kind: Option<CommunityType>,
    /// The assessment date.
    pub assessed_on: Option<NaiveDate>,
    /// The score, when it could be assessed.
    pub score: Option<f64>,
    /// Passed, failed, vetoed or not assessable.
    pub verdict: Verdict,
    /// Why, as the scorecard says it.
    pub reason: Text,
    /// The dated case log.
    pub cases: Vec<CaseRecord>,
    /// The ledger the application came from.
    pub file: PathBuf,
    /// Whether the ledger named its community. A file that could not be
    /// read carries only its file name, which names no community.
    pub named: bool,
}

impl Application {
    /// The application a scorecard stands for.
    pub fn from_card(c: &Scorecard) -> Self {
        let mut cases = c.cases.clone();
        // Results written before case logs were kept still carry the gate's
        // hits ("涉疫台账!A6 2022-03-21 确诊病例"), which are enough to see a
        // case inside the window.
        if cases.is_empty()
            && let Some(g) = &c.gate
        {
            cases = g.recorded_cases();
        }
        // The name falls back to the file's own name when the ledger gives
        // none; with no district, town or type either, nothing was read.
        let stem = c
            .file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let named = !c.name.trim().is_empty()
            && (c.name != stem || c.district.is_some() || c.town.is_some() || c.kind.is_some());
        Application {
            named,
            place: Place::new(c.district.as_deref(), c.town.as_deref(), &c.name),
            kind: c.kind,
            assessed_on: c.assessed_on,
            score: c.score,
            verdict: c.verdict,
            reason: Text::new(c.reason_zh.clone(), c.reason_en.clone()),
            cases,
            file: c.file.clone(),
        }
    }

    /// The file's own name, for notes.
    pub(super) fn file_label(&self) -> String {
        self.file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.file.display().to_string())
    }
}

/// Everything a quarter's decision is made from.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The quarter decided.
    pub quarter: Quarter,
    /// The rubric's `[awards]` section: titles, quotas, coverage target.
    pub spec: AwardsSpec,
    /// Every application given, of any date.
    pub applications: Vec<Application>,
    /// Last quarter's register (`--register`).
    pub register: Option<Register>,
    /// The roster (`--roster`), the denominator of coverage.
    pub roster: Option<Vec<RosterEntry>>,
    /// Dated events (`--events`).
    pub events: Vec<Event>,
    /// What reading the inputs found worth checking; carried to the list.
    pub notes: Vec<Note>,
}

/// One community's outcome for the quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The community.
    pub place: Place,
    /// Its type.
    pub kind: Option<CommunityType>,
    /// The title earned or held; for 摘牌 the title lost.
    pub title: String,
    /// Where it stands at the quarter's end.
    pub status: Status,
    /// Why.
    pub reason: Reason,
    /// Anything else the list should say: duplicate applications, data to
    /// check.
    pub note: Reason,
    /// The score of the application that counted.
    pub score: Option<f64>,
    /// The date of the application that counted.
    pub assessed_on: Option<NaiveDate>,
    /// The assessment date that earned the title.
    pub awarded_on: Option<NaiveDate>,
    /// The quarter the title was awarded in.
    pub awarded_in: Option<Quarter>,
    /// When the title was lost.
    pub revoked_on: Option<NaiveDate>,
    /// The verdict of the application that counted this quarter.
    pub verdict: Option<Verdict>,
    /// Passed but left out by a quota.
    pub cut: bool,
    /// Whether coverage counts it (on the roster, or no roster given).
    pub in_roster: bool,
}

impl Decision {
    /// Its line in the register carried into the next quarter.
    pub fn register_entry(&self) -> RegisterEntry {
        RegisterEntry {
            place: self.place.clone(),
            kind: self.kind,
            title: self.title.clone(),
            status: self.status,
            reason: self.reason.clone(),
            awarded_on: self.awarded_on,
            awarded_in: self.awarded_in,
            assessed_on: self.assessed_on,
            score: self.score,
            revoked_on: self.revoked_on,
            location: String::new(),
        }
    }
}

/// A title lost this quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Revocation {
    /// The community.
    pub place: Place,
    /// Its type.
    pub kind: Option<CommunityType>,
    /// The title lost.
    pub title: String,
    /// The assessment date that had earned it.
    pub awarded_on: Option<NaiveDate>,
    /// The quarter it was awarded in.
    pub awarded_in: Option<Quarter>,
    /// The date of the event (or re-assessment) that cost it.
    pub revoked_on: Option<NaiveDate>,
    /// Why.
    pub reason: Reason,
    /// Awarded again later in the quarter on a new assessment.
    pub reawarded: bool,
}

/// What a note is about, for sorting and the notes sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Topic {
    /// The files given.
    Inputs,
    /// Last quarter's register.
    Register,
    /// The roster.
    Roster,
    /// The events log.
    Events,
    /// Two spellings that may be one community.
    NearMiss,
    /// More than one application this quarter.
    Duplicate,
    /// An application assessed outside the quarter.
    OutOfQuarter,
    /// An application that could not be assessed.
    Unassessable,
}

impl Topic {}

/// Something for a person to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// What it is about.
    pub topic: Topic,
    /// What to check.
    pub text: Why,
}

/// The quarter's award list: every decision, titles lost, coverage and
/// notes.
#[derive(Debug, Clone, PartialEq)]
pub struct AwardList {
    /// The quarter.
    pub quarter: Quarter,
    /// New awards allowed per town, if limited.
    pub per_town_quota: Option<usize>,
    /// New awards allowed in all, if limited.
    pub total_quota: Option<usize>,
    /// In list order (see [`order`]).
    pub decisions: Vec<Decision>,
    /// The order the lists are in, as stated on them.
    pub order: order::Basis,
    /// Titles lost this quarter, in list order.
    pub revocations: Vec<Revocation>,
    /// Coverage by town and district.
    pub coverage: Coverage,
    /// What a person should check, by topic.
    pub notes: Vec<Note>,
}

impl AwardList {
    /// How many decisions have status `s`.
    pub fn count(&self, s: Status) -> usize {
        self.decisions.iter().filter(|d| d.status == s).count()
    }

    /// Those holding the title at the quarter's end: the published list.
    pub fn holders(&self) -> impl Iterator<Item = &Decision> {
        self.decisions.iter().filter(|d| d.status.holds())
    }

    /// How many candidates a quota left out.
    pub fn cut(&self) -> usize {
        self.decisions.iter().filter(|d| d.cut).count()
    }

    /// Not awarded because of a quota (those that lost a title and were
    /// then cut are counted with 摘牌).
    pub fn cut_not_awarded(&self) -> usize {
        self.decisions
            .iter()
            .filter(|d| d.cut && d.status == Status::NotAwarded)
            .count()
    }

    /// Titles lost this quarter, including those won back: the 摘牌 sheet.
    pub fn revoked(&self) -> usize {
        self.revocations.len()
    }

    /// Titles lost and won back within the quarter: counted both in 摘牌
    /// and in 新授牌.
    pub fn reawarded(&self) -> usize {
        self.revocations.iter().filter(|r| r.reawarded).count()
    }

    /// Listed communities that coverage does not count (not on the roster).
    pub fn outside_coverage(&self) -> usize {
        self.decisions.iter().filter(|d| !d.in_roster).count()
    }

    /// The register to carry into the next quarter.
    pub fn register(&self) -> Register {
        Register {
            quarter: Some(self.quarter),
            entries: self
                .decisions
                .iter()
                .map(Decision::register_entry)
                .collect(),
        }
    }
}
