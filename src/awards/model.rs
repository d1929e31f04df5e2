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
use crate::i18n::Lang;
use crate::ledger::contract::{CaseCategory, CommunityType};
use crate::rubric::spec::AwardsSpec;
use crate::score::{CaseRecord, Scorecard, Verdict};

/// A message in both languages, chosen when printed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }

    /// The non-empty parts joined with "；" / "; ".
    pub(super) fn join(parts: &[Text]) -> Text {
        let zh: Vec<&str> = parts
            .iter()
            .map(|t| t.zh.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        let en: Vec<&str> = parts
            .iter()
            .map(|t| t.en.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        Text::new(zh.join("；"), en.join("; "))
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
    pub const ALL: [Status; 4] = [
        Status::New,
        Status::Held,
        Status::Revoked,
        Status::NotAwarded,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::New => lang.pick("新授牌", "newly awarded"),
            Status::Held => lang.pick("保持", "held"),
            Status::Revoked => lang.pick("摘牌", "revoked"),
            Status::NotAwarded => lang.pick("未授牌", "not awarded"),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let k = crate::normalize::label_key(s);
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
    pub place: Place,
    pub kind: Option<CommunityType>,
    pub assessed_on: Option<NaiveDate>,
    pub score: Option<f64>,
    pub verdict: Verdict,
    pub reason: Text,
    pub cases: Vec<CaseRecord>,
    pub file: PathBuf,
    /// Whether the ledger named its community. A file that could not be
    /// read carries only its file name, which names no community.
    pub named: bool,
}

impl Application {
    pub fn from_card(c: &Scorecard) -> Self {
        let mut cases = c.cases.clone();
        // Results written before case logs were kept still carry the gate's
        // hits ("涉疫台账!A6 2022-03-21 确诊病例"), which are enough to see a
        // case inside the window.
        if cases.is_empty()
            && let Some(g) = &c.gate
        {
            for h in &g.hits_zh {
                let mut parts = h.split_whitespace();
                let (Some(loc), Some(d), Some(cat)) = (parts.next(), parts.next(), parts.next())
                else {
                    continue;
                };
                if let (Some(date), Some(category)) = (
                    crate::normalize::parse_date_text(d),
                    CaseCategory::parse(cat),
                ) {
                    cases.push(CaseRecord {
                        date,
                        category,
                        location: loc.to_string(),
                    });
                }
            }
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
    pub quarter: Quarter,
    pub spec: AwardsSpec,
    pub applications: Vec<Application>,
    pub register: Option<Register>,
    pub roster: Option<Vec<RosterEntry>>,
    pub events: Vec<Event>,
    /// What reading the inputs found worth checking; carried to the list.
    pub notes: Vec<Note>,
}

/// One community's outcome for the quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub place: Place,
    pub kind: Option<CommunityType>,
    /// The title earned or held; for 摘牌 the title lost.
    pub title: String,
    pub status: Status,
    pub reason: Text,
    /// Anything else the list should say: duplicate applications, data to
    /// check.
    pub note: Text,
    pub score: Option<f64>,
    pub assessed_on: Option<NaiveDate>,
    pub awarded_on: Option<NaiveDate>,
    pub awarded_in: Option<Quarter>,
    pub revoked_on: Option<NaiveDate>,
    /// The verdict of the application that counted this quarter.
    pub verdict: Option<Verdict>,
    /// Passed but left out by a quota.
    pub cut: bool,
    pub in_roster: bool,
}

impl Decision {
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
    pub place: Place,
    pub kind: Option<CommunityType>,
    pub title: String,
    pub awarded_on: Option<NaiveDate>,
    pub awarded_in: Option<Quarter>,
    pub revoked_on: Option<NaiveDate>,
    pub reason: Text,
    /// Awarded again later in the quarter on a new assessment.
    pub reawarded: bool,
}

/// What a note is about, for sorting and the notes sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Topic {
    Inputs,
    Register,
    Roster,
    Events,
    NearMiss,
    Duplicate,
    OutOfQuarter,
    Unassessable,
}

impl Topic {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Topic::Inputs => lang.pick("输入", "inputs"),
            Topic::Register => lang.pick("上季度名册", "last register"),
            Topic::Roster => lang.pick("名册", "roster"),
            Topic::Events => lang.pick("事件表", "events"),
            Topic::NearMiss => lang.pick("疑似同一社区", "possible duplicate"),
            Topic::Duplicate => lang.pick("重复申报", "repeated application"),
            Topic::OutOfQuarter => lang.pick("评估日期不在本季度", "assessed outside the quarter"),
            Topic::Unassessable => lang.pick("无法评分", "cannot be assessed"),
        }
    }
}

/// Something for a person to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub topic: Topic,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AwardList {
    pub quarter: Quarter,
    pub per_town_quota: Option<usize>,
    pub total_quota: Option<usize>,
    /// In list order (see [`order`]).
    pub decisions: Vec<Decision>,
    /// The order the lists are in, as stated on them.
    pub order: order::Basis,
    pub revocations: Vec<Revocation>,
    pub coverage: Coverage,
    pub notes: Vec<Note>,
}

impl AwardList {
    pub fn count(&self, s: Status) -> usize {
        self.decisions.iter().filter(|d| d.status == s).count()
    }

    /// Those holding the title at the quarter's end: the published list.
    pub fn holders(&self) -> impl Iterator<Item = &Decision> {
        self.decisions.iter().filter(|d| d.status.holds())
    }

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
