//! What the award list says about a community, a title lost or something to
//! check, as typed values: the decision logic states facts and the report
//! layer words them (`report::catalogue::awards`), in Chinese or English.

use chrono::NaiveDate;

use super::events::Event;
use super::matching::{Differences, Place};
use super::model::Text;
use super::quarter::Quarter;
use super::tabular::ListProblem;
use crate::ledger::contract::CaseCategory;
use crate::score::Verdict;

/// A dated reason to take a title away or withhold it, as cited.
#[derive(Debug, Clone, PartialEq)]
pub enum Cite {
    /// A case in an application's case log.
    Case {
        /// The case's date.
        date: NaiveDate,
        /// Confirmed or asymptomatic.
        category: CaseCategory,
        /// The assessment date of the application whose log holds it.
        assessed_on: NaiveDate,
        /// "涉疫台账!A6".
        location: String,
    },
    /// A row of the events log.
    Event(Event),
}

/// One thing the award list says.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// Already worded in both languages: what reading an input found, or
    /// a reason as recorded.
    Said(Text),
    /// What reading an office list found.
    List(ListProblem),
    /// Two spellings that may be one community, not merged.
    NearMiss {
        /// One spelling.
        a: Place,
        /// The other.
        b: Place,
        /// How they differ, part by part.
        why: Differences,
    },
    /// A reason read back from a register, as written there.
    Recorded(String),
    /// A roster row repeating an earlier one.
    RosterRepeat {
        /// The repeating row.
        at: String,
        /// The first row.
        first: String,
        /// The community.
        place: Place,
    },
    /// A community of the last register missing from the roster.
    RegisterNotOnRoster {
        /// The community.
        place: Place,
    },
    /// A register line repeating an earlier one.
    RegisterRepeat {
        /// The repeating row.
        at: String,
        /// The community.
        place: Place,
    },
    /// A community that applied but is not on the roster.
    AppliedNotOnRoster {
        /// The community.
        place: Place,
    },
    /// An application that could not be assessed and names no community
    /// the office knows.
    UnassessableUnknown {
        /// The file's name.
        file: String,
        /// Why it could not be assessed.
        reason: Text,
        /// The community it names, if it names one.
        named: Option<Place>,
    },
    /// Events dated after the quarter, left for later.
    LateEvents {
        /// How many.
        count: usize,
        /// The quarter.
        quarter: Quarter,
    },
    /// An event for a community nobody else names.
    UnknownEvent {
        /// The events log's row.
        at: String,
        /// The community as the row writes it.
        place: Place,
        /// Close spellings of known communities.
        hints: Vec<String>,
    },
    /// The only application was assessed outside the quarter.
    OutOfQuarter {
        /// The community.
        place: Place,
        /// The file.
        file: String,
        /// Its verdict.
        verdict: Verdict,
        /// Its assessment date.
        on: Option<NaiveDate>,
        /// The quarter.
        quarter: Quarter,
    },
    /// Several applications this quarter; the latest counts.
    Repeated {
        /// Their assessment dates, oldest first.
        dates: Vec<Option<NaiveDate>>,
        /// The date of the one that counts.
        latest: Option<NaiveDate>,
        /// The file taken when several share that date.
        same_day_file: Option<String>,
    },
    /// Something said about a community, led by its name.
    About {
        /// The community.
        place: Place,
        /// What is said.
        what: Box<Why>,
    },
    /// The application that counts could not be assessed.
    Unassessable {
        /// The community.
        place: Place,
        /// The file.
        file: String,
        /// Why.
        reason: Text,
    },
    /// A holder whose register line has no award date.
    NoAwardDate {
        /// The community.
        place: Place,
    },
    /// Cases and events: the first cited, and how many in all.
    Evidence {
        /// The first.
        first: Cite,
        /// How many in all.
        count: usize,
    },
    /// Evidence dated on or after the assessment that earned the title.
    AfterEarning {
        /// The evidence.
        evidence: Box<Why>,
        /// That assessment's date.
        since: NaiveDate,
    },
    /// A holder re-assessed and passed.
    Reassessed {
        /// The score.
        score: Option<f64>,
        /// The date.
        on: Option<NaiveDate>,
    },
    /// A holder whose application could not be assessed keeps its title.
    UnassessableKept {
        /// Why it could not be assessed.
        reason: Text,
    },
    /// A holder re-assessed and not passed.
    ReassessedNotPassed {
        /// The verdict.
        verdict: Verdict,
        /// Its reason.
        reason: Text,
    },
    /// Another application, assessed outside the quarter, not counted.
    OutsideAlso {
        /// Its date.
        on: Option<NaiveDate>,
        /// The quarter.
        quarter: Quarter,
    },
    /// A title kept without re-assessment.
    Kept {
        /// The quarter it was awarded in, if known.
        awarded_in: Option<Quarter>,
        /// Else the date.
        awarded_on: Option<NaiveDate>,
    },
    /// This quarter's re-assessment came before the event that cost the
    /// title.
    ReassessedBeforeLoss {
        /// The re-assessment's date.
        at: NaiveDate,
    },
    /// Passed, but evidence follows the assessment.
    PassedThen {
        /// The assessment's date.
        at: NaiveDate,
        /// The evidence.
        evidence: Box<Why>,
    },
    /// Passed this quarter.
    Passed {
        /// The score.
        score: Option<f64>,
        /// The date.
        at: NaiveDate,
    },
    /// Lost the title, then passed a new assessment.
    Reawarded {
        /// Why it was lost.
        revoked: Reason,
        /// The new assessment's date.
        at: NaiveDate,
        /// Its score.
        score: Option<f64>,
    },
    /// Passed, but no title for its type.
    NoTitleForType,
    /// This quarter's application did not pass.
    NotPassed {
        /// The verdict.
        verdict: Verdict,
        /// Its reason.
        reason: Text,
    },
    /// Passed, but assessed outside the quarter.
    PassedOutside {
        /// The date.
        on: Option<NaiveDate>,
        /// The quarter.
        quarter: Quarter,
    },
    /// Assessed outside the quarter, not passed.
    AssessedOutside {
        /// The date.
        on: Option<NaiveDate>,
        /// The quarter.
        quarter: Quarter,
        /// The verdict.
        verdict: Verdict,
    },
    /// Lost its title earlier, did not apply again.
    RevokedNotReapplied {
        /// When it was lost.
        on: Option<NaiveDate>,
    },
    /// Did not apply this quarter.
    DidNotApply,
    /// Over the per-town quota.
    OverTownQuota {
        /// The quota.
        quota: usize,
        /// How many passed in the town.
        passed: usize,
        /// The rank.
        rank: usize,
    },
    /// Over the total quota.
    OverTotalQuota {
        /// The quota.
        quota: usize,
        /// How many were ranked.
        ranked: usize,
        /// The rank.
        rank: usize,
    },
    /// Lost and won back within the quarter.
    RevokedAndAgain {
        /// When it was lost.
        on: Option<NaiveDate>,
    },
}

/// A reason or note in parts, worded one after the other ("；" / "; ").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reason(pub Vec<Why>);

impl Reason {
    /// A reason of one part.
    pub fn one(w: Why) -> Self {
        Reason(vec![w])
    }

    /// Whether it says nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// This reason followed by `more`.
    pub fn then(&self, more: impl IntoIterator<Item = Why>) -> Self {
        let mut parts = self.0.clone();
        parts.extend(more);
        Reason(parts)
    }
}

impl From<Why> for Reason {
    fn from(w: Why) -> Self {
        Reason::one(w)
    }
}
