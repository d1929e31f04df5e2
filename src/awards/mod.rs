//! The quarter's award decisions (公示, 授牌, 动态管理): from scored
//! applications, last quarter's register, the roster and dated events to
//! who holds a title at the quarter's end, who lost it and why, and how far
//! each town and district has come towards the coverage target.
//!
//! Everything here is pure: files are read by [`register`], [`roster`] and
//! [`events`], written by [`render`], and the command only wires them up.
//!
//! The rules, in the order they apply:
//! - A community is district + town + name after normalising width and
//!   spaces ([`matching`]). Close spellings are reported, never merged.
//! - Of its applications assessed within the quarter the latest counts. It
//!   is a candidate when that one passed (达标).
//! - A title is lost (摘牌) on a confirmed or asymptomatic case, or a
//!   verified complaint not rectified, dated on or after the assessment that
//!   earned it — from any application's case log or from the events sheet —
//!   and when a holder's re-assessment this quarter does not pass.
//! - A candidate with such an event on or after its own assessment is not
//!   awarded. A holder whose title was lost may be awarded again by an
//!   assessment after the loss.
//! - Quotas limit new awards only (a title held and re-confirmed takes no
//!   place), per town first, then in all, by score, then the earlier
//!   assessment, then name.

pub mod events;
pub mod matching;
pub mod order;
pub mod quarter;
pub mod register;
pub mod render;
pub mod roster;
pub mod tabular;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::ledger::contract::{CaseCategory, CommunityType};
use crate::rubric::spec::AwardsSpec;
use crate::score::{CaseRecord, Scorecard, Verdict};
use events::Event;
use matching::{Key, Place};
pub use quarter::Quarter;
use register::{Register, RegisterEntry};
use roster::RosterEntry;

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

    fn join(parts: &[Text]) -> Text {
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

    fn file_label(&self) -> String {
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

/// What coverage is counted over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Every community on the roster.
    Roster,
    /// Only the communities that have applied (no roster given).
    Applicants,
}

impl Basis {
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            Basis::Roster => lang.pick(
                "覆盖率 = 持有称号的社区数 ÷ 名册（--roster）中的社区数",
                "coverage = communities holding the title ÷ communities on the roster (--roster)",
            ),
            Basis::Applicants => lang.pick(
                "未提供名册（--roster）：覆盖率按已申报过的社区计算，未申报的社区不在分母中，实际覆盖率更低",
                "no roster (--roster) given: coverage is over the communities that have applied; those that never applied are not counted, so true coverage is lower",
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TownCoverage {
    pub district: String,
    pub town: String,
    pub awarded: usize,
    pub total: usize,
    /// 无疫街道: every community of the town holds the title.
    pub free: bool,
    pub target_met: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DistrictCoverage {
    pub district: String,
    pub towns: usize,
    pub free_towns: usize,
    pub awarded: usize,
    pub total: usize,
    /// 无疫区县: every town of the district is 无疫街道.
    pub free: bool,
    pub target_met: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub basis: Basis,
    pub target: f64,
    pub towns: Vec<TownCoverage>,
    pub districts: Vec<DistrictCoverage>,
    pub awarded: usize,
    pub total: usize,
}

/// A share as a fraction, 0 when there is nothing to divide by.
pub fn share(awarded: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        awarded as f64 / total as f64
    }
}

fn meets(awarded: usize, total: usize, target: f64) -> bool {
    total > 0 && share(awarded, total) + 1e-9 >= target
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

/// The order in which quotas pick, as stated on the lists.
pub fn ranking_rule(lang: Lang) -> &'static str {
    lang.pick(
        "名额排序：得分从高到低；得分相同，评估日期早者在前；再相同，按名称拼音排序。名额只限本季度新授牌，保持称号者不占名额；先按每个街道(乡镇)的名额，再按总名额。",
        "Quota order: score, highest first; on equal scores the earlier assessment first; then by the pinyin of the name. Quotas limit new awards only (titles held take no place), per town first, then in all.",
    )
}

/// Whether `reg` can be last quarter's register for `q`: one from this
/// quarter or later is refused, one from further back is allowed with a
/// note.
pub fn check_register_quarter(reg: Option<Quarter>, q: Quarter) -> Result<Option<Text>, Text> {
    match reg {
        Some(r) if r >= q => Err(Text::new(
            format!(
                "--register 是 {r} 的名单，不早于本次的 {q}；请使用上一季度（{}）的名单",
                q.prev()
            ),
            format!(
                "--register is the {r} list, not earlier than {q}; use the previous quarter's ({}) list",
                q.prev()
            ),
        )),
        Some(r) if r != q.prev() => Ok(Some(Text::new(
            format!(
                "--register 是 {r} 的名单，不是上一季度（{}）的；其间的变化未计入",
                q.prev()
            ),
            format!(
                "--register is the {r} list, not the previous quarter's ({}); changes in between are not included",
                q.prev()
            ),
        ))),
        Some(_) => Ok(None),
        None => Ok(Some(Text::new(
            "--register 中没有“季度”列，无法核对是否为上一季度的名单",
            "--register has no quarter column; cannot check it is last quarter's list",
        ))),
    }
}

/// The title a type earns under the rubric's `[awards]` section.
pub fn title_for(spec: &AwardsSpec, kind: Option<CommunityType>) -> Option<String> {
    let kind = kind?;
    spec.titles.get(kind.zh()).cloned().or_else(|| {
        spec.titles
            .iter()
            .find(|(k, _)| CommunityType::parse(k) == Some(kind))
            .map(|(_, v)| v.clone())
    })
}

/// A dated reason to take a title away or withhold it.
#[derive(Debug, Clone)]
struct Evidence {
    date: NaiveDate,
    /// Same case seen in two logs counts once.
    what: (u8, NaiveDate),
    text: Text,
}

#[derive(Default)]
struct Slot {
    roster: Option<RosterEntry>,
    prev: Option<RegisterEntry>,
    apps: Vec<Application>,
    events: Vec<Event>,
}

impl Slot {
    fn place(&self) -> Place {
        if let Some(r) = &self.roster {
            return r.place.clone();
        }
        if let Some(a) = self.apps.iter().max_by_key(|a| a.assessed_on) {
            return a.place.clone();
        }
        if let Some(p) = &self.prev {
            return p.place.clone();
        }
        self.events
            .first()
            .map(|e| e.place.clone())
            .unwrap_or_default()
    }

    fn kind(&self, current: Option<&Application>) -> Option<CommunityType> {
        current
            .and_then(|a| a.kind)
            .or_else(|| self.roster.as_ref().and_then(|r| r.kind))
            .or_else(|| self.prev.as_ref().and_then(|p| p.kind))
            .or_else(|| self.apps.iter().rev().find_map(|a| a.kind))
    }

    /// Cases and events up to the quarter's end, each once, oldest first.
    fn evidence(&self, end: NaiveDate) -> Vec<Evidence> {
        let mut out: Vec<Evidence> = Vec::new();
        for a in &self.apps {
            let Some(d) = a.assessed_on else { continue };
            for c in &a.cases {
                if !matches!(c.category, CaseCategory::Confirmed | CaseCategory::Asymptomatic)
                    // Entries after the application's own date are typing
                    // errors the ledger check reports, not cases.
                    || c.date > d
                    || c.date > end
                {
                    continue;
                }
                let code = if c.category == CaseCategory::Confirmed {
                    0
                } else {
                    1
                };
                out.push(Evidence {
                    date: c.date,
                    what: (code, c.date),
                    text: Text::new(
                        format!(
                            "{} {}（{} 评估的申报 {}）",
                            c.date,
                            c.category.zh(),
                            d,
                            c.location
                        ),
                        format!(
                            "{} {} ({} of the application assessed {})",
                            c.date,
                            c.category.name(Lang::En),
                            c.location,
                            d
                        ),
                    ),
                });
            }
        }
        for e in &self.events {
            if e.date > end {
                continue;
            }
            let code = match e.kind {
                events::EventKind::Confirmed => 0,
                events::EventKind::Asymptomatic => 1,
                events::EventKind::Complaint => 2,
            };
            out.push(Evidence {
                date: e.date,
                what: (code, e.date),
                text: Text::new(e.describe(Lang::Zh), e.describe(Lang::En)),
            });
        }
        out.sort_by(|a, b| (a.date, &a.text.zh).cmp(&(b.date, &b.text.zh)));
        let mut seen = BTreeSet::new();
        out.retain(|e| seen.insert(e.what));
        out
    }
}

fn score_text(s: Option<f64>) -> String {
    s.map(|x| format!("{x:.1}")).unwrap_or_else(|| "—".into())
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

/// Evidence as one line: the first, and how many more.
fn evidence_text(ev: &[&Evidence]) -> Text {
    let Some(first) = ev.first() else {
        return Text::default();
    };
    if ev.len() == 1 {
        first.text.clone()
    } else {
        Text::new(
            format!("{} 等 {} 条", first.text.zh, ev.len()),
            format!("{} and {} more", first.text.en, ev.len() - 1),
        )
    }
}

/// A decision still open after the first pass: a candidate for a new award
/// waiting on the quotas.
struct Pending {
    decision: Decision,
    /// Set when the candidate lost a title earlier in the quarter.
    revocation: Option<Revocation>,
    key: Key,
}

/// Makes the quarter's decisions.
pub fn decide(input: &Inputs) -> AwardList {
    let q = input.quarter;
    let end = q.end();
    let mut notes: Vec<Note> = input.notes.clone();
    let mut slots: BTreeMap<Key, Slot> = BTreeMap::new();

    if let Some(roster) = &input.roster {
        for r in roster {
            let slot = slots.entry(r.place.key()).or_default();
            if let Some(first) = &slot.roster {
                notes.push(Note {
                    topic: Topic::Roster,
                    text: Text::new(
                        format!(
                            "名册 {} 与 {} 重复：{}，只计一次",
                            r.location,
                            first.location,
                            r.place.label()
                        ),
                        format!(
                            "roster {} repeats {}: {}; counted once",
                            r.location,
                            first.location,
                            r.place.label()
                        ),
                    ),
                });
            } else {
                slot.roster = Some(r.clone());
            }
        }
    }
    let has_roster = input.roster.is_some();
    if let Some(reg) = &input.register {
        for e in &reg.entries {
            let key = e.place.key();
            if has_roster && !slots.contains_key(&key) {
                notes.push(Note {
                    topic: Topic::Roster,
                    text: Text::new(
                        format!("上季度名册中的 {} 不在名册（--roster）中：列入名单，但不计入覆盖率", e.place.label()),
                        format!(
                            "{} from the last register is not on the roster (--roster): listed, but not counted in coverage",
                            e.place.label()
                        ),
                    ),
                });
            }
            let slot = slots.entry(key).or_default();
            if slot.prev.is_some() {
                notes.push(Note {
                    topic: Topic::Register,
                    text: Text::new(
                        format!(
                            "上季度名册 {} 重复列出 {}，以前一行为准",
                            e.location,
                            e.place.label()
                        ),
                        format!(
                            "last register {} lists {} again; the earlier row counts",
                            e.location,
                            e.place.label()
                        ),
                    ),
                });
            } else {
                slot.prev = Some(e.clone());
            }
        }
    }
    // The same file given twice (a workbook and the results.json that
    // scored it) is one application.
    let mut seen_apps = BTreeSet::new();
    let apps: Vec<&Application> = input
        .applications
        .iter()
        .filter(|a| {
            seen_apps.insert((
                a.file.clone(),
                a.assessed_on,
                a.score.map(f64::to_bits),
                a.verdict,
                a.place.key(),
            ))
        })
        .collect();
    // Applications that were assessed first, so that one which could not be
    // is matched against every community known by then.
    let (assessed, unassessable): (Vec<&Application>, Vec<&Application>) = apps
        .into_iter()
        .partition(|a| a.verdict != Verdict::Unassessable);
    let mut not_in_roster = BTreeSet::new();
    for a in assessed {
        let key = a.place.key();
        if has_roster && !slots.contains_key(&key) && not_in_roster.insert(key.clone()) {
            notes.push(Note {
                topic: Topic::Roster,
                text: Text::new(
                    format!(
                        "{} 已申报但不在名册（--roster）中：列入名单，但不计入覆盖率；请核对名称或补充名册",
                        a.place.label()
                    ),
                    format!(
                        "{} applied but is not on the roster (--roster): listed, but not counted in coverage; check the name or add it",
                        a.place.label()
                    ),
                ),
            });
        }
        slots.entry(key).or_default().apps.push(a.clone());
    }
    // An application that could not be assessed is a community only when it
    // names one the office knows (the roster, the register, or without a
    // roster any community it names); a file that could not be read names
    // none and is never counted.
    for a in unassessable {
        let key = a.place.key();
        let known = slots
            .get(&key)
            .is_some_and(|s| s.roster.is_some() || s.prev.is_some());
        if known || (!has_roster && a.named) {
            slots.entry(key).or_default().apps.push(a.clone());
            continue;
        }
        let file = a.file_label();
        let (wz, we) = if a.named {
            (
                format!("“{}”不在名册（--roster）或上季度名单中", a.place.label()),
                format!(
                    "\"{}\" is neither on the roster (--roster) nor in the last register",
                    a.place.label()
                ),
            )
        } else {
            (
                "文件中读不出是哪个社区".to_string(),
                "the file does not say which community it is".to_string(),
            )
        };
        notes.push(Note {
            topic: Topic::Unassessable,
            text: Text::new(
                format!(
                    "{file} 无法评分（{}），且{wz}：不列入名单，不计入覆盖率；请核对后重新提交",
                    a.reason.zh
                ),
                format!(
                    "{file} cannot be assessed ({}) and {we}: not listed, not counted in coverage; check it and have it submitted again",
                    a.reason.en
                ),
            ),
        });
    }
    let mut unknown_events: Vec<&Event> = Vec::new();
    let mut late_events = 0usize;
    for e in &input.events {
        if e.date > end {
            late_events += 1;
            continue;
        }
        match slots.get_mut(&e.place.key()) {
            Some(s) => s.events.push(e.clone()),
            None => unknown_events.push(e),
        }
    }
    if late_events > 0 {
        notes.push(Note {
            topic: Topic::Events,
            text: Text::new(
                format!("事件表中有 {late_events} 条事件晚于 {q} 季末（{end}），留待以后季度处理"),
                format!(
                    "events dated after the end of {q} ({end}): {late_events}; left for a later quarter"
                ),
            ),
        });
    }

    let mut near_input: Vec<(Place, Option<CommunityType>)> =
        slots.values().map(|s| (s.place(), s.kind(None))).collect();
    for e in &unknown_events {
        if !near_input.iter().any(|(p, _)| p.key() == e.place.key()) {
            near_input.push((e.place.clone(), None));
        }
    }
    let misses = matching::near_misses(&near_input);
    for e in &unknown_events {
        let hint = misses
            .iter()
            .filter(|m| m.a.key() == e.place.key() || m.b.key() == e.place.key())
            .map(|m| {
                if m.a.key() == e.place.key() {
                    m.b.label()
                } else {
                    m.a.label()
                }
            })
            .collect::<Vec<_>>();
        let (hz, he) = if hint.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!("；是否为“{}”？", hint.join("”或“")),
                format!("; did you mean \"{}\"?", hint.join("\" or \"")),
            )
        };
        notes.push(Note {
            topic: Topic::Events,
            text: Text::new(
                format!(
                    "事件表 {}：{} 不在申报、名册或上季度名单中，事件未使用{hz}",
                    e.location,
                    e.place.label()
                ),
                format!(
                    "events {}: {} is not among the applications, the roster or the last register; event not used{he}",
                    e.location,
                    e.place.label()
                ),
            ),
        });
    }
    for m in &misses {
        notes.push(Note {
            topic: Topic::NearMiss,
            text: Text::new(m.describe(Lang::Zh), m.describe(Lang::En)),
        });
    }

    let mut finals: Vec<(Key, Decision)> = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut revocations: Vec<Revocation> = Vec::new();

    for (key, slot) in &slots {
        let place = slot.place();
        let mut in_q: Vec<&Application> = slot
            .apps
            .iter()
            .filter(|a| a.assessed_on.is_none_or(|d| q.contains(d)))
            .collect();
        in_q.sort_by(|a, b| (a.assessed_on, &a.file).cmp(&(b.assessed_on, &b.file)));
        // Undated applications sort first, so the latest dated one wins.
        let current = in_q.last().copied();
        // With nothing assessed inside the quarter, the latest assessed
        // outside it: never counted, always named for a person to check.
        let outside = if in_q.is_empty() {
            slot.apps
                .iter()
                .filter(|a| a.assessed_on.is_some())
                .max_by(|a, b| (a.assessed_on, &a.file).cmp(&(b.assessed_on, &b.file)))
        } else {
            None
        };
        if let Some(o) = outside {
            notes.push(Note {
                topic: Topic::OutOfQuarter,
                text: Text::new(
                    format!(
                        "{}（{}，{}）：评估日期 {} 不在 {q} 内，未计入本季度",
                        place.label(),
                        o.file_label(),
                        o.verdict.label(Lang::Zh),
                        date_text(o.assessed_on)
                    ),
                    format!(
                        "{} ({}, {}): assessed on {}, which is not in {q}; not counted this quarter",
                        place.label(),
                        o.file_label(),
                        o.verdict.label(Lang::En),
                        date_text(o.assessed_on)
                    ),
                ),
            });
        }
        let mut note_parts: Vec<Text> = Vec::new();
        if in_q.len() > 1
            && let Some(c) = current
        {
            let dates: Vec<String> = in_q.iter().map(|a| date_text(a.assessed_on)).collect();
            let same_day = in_q
                .iter()
                .filter(|a| a.assessed_on == c.assessed_on)
                .count()
                > 1;
            let (sz, se) = if same_day {
                (
                    format!("；同日多份，取文件 {}", c.file_label()),
                    format!("; several that day, file {} taken", c.file_label()),
                )
            } else {
                (String::new(), String::new())
            };
            let t = Text::new(
                format!(
                    "本季度共 {} 份申报（{}），以最近 {} 的评估为准{sz}",
                    in_q.len(),
                    dates.join("、"),
                    date_text(c.assessed_on)
                ),
                format!(
                    "{} applications this quarter ({}); the latest, assessed {}, counts{se}",
                    in_q.len(),
                    dates.join(", "),
                    date_text(c.assessed_on)
                ),
            );
            notes.push(Note {
                topic: Topic::Duplicate,
                text: Text::new(
                    format!("{}：{}", place.label(), t.zh),
                    format!("{}: {}", place.label(), t.en),
                ),
            });
            note_parts.push(t);
        }
        if let Some(c) = current
            && c.verdict == Verdict::Unassessable
        {
            notes.push(Note {
                topic: Topic::Unassessable,
                text: Text::new(
                    format!(
                        "{}（{}）无法评分：{}",
                        place.label(),
                        c.file_label(),
                        c.reason.zh
                    ),
                    format!(
                        "{} ({}) cannot be assessed: {}",
                        place.label(),
                        c.file_label(),
                        c.reason.en
                    ),
                ),
            });
        }
        let kind = slot.kind(current);
        let evidence = slot.evidence(end);
        let in_roster = !has_roster || slot.roster.is_some();

        let mut d = Decision {
            place: place.clone(),
            kind,
            title: String::new(),
            status: Status::NotAwarded,
            reason: Text::default(),
            note: Text::default(),
            score: current.and_then(|c| c.score),
            assessed_on: current.and_then(|c| c.assessed_on),
            awarded_on: None,
            awarded_in: None,
            revoked_on: None,
            verdict: current.map(|c| c.verdict),
            cut: false,
            in_roster,
        };

        let holder = slot.prev.as_ref().filter(|p| p.status.holds());
        let mut revocation: Option<Revocation> = None;
        if let Some(p) = holder {
            let since = p
                .awarded_on
                .or(p.assessed_on)
                .or(p.awarded_in.map(Quarter::start))
                .or(input
                    .register
                    .as_ref()
                    .and_then(|r| r.quarter)
                    .map(Quarter::start));
            if since.is_none() {
                notes.push(Note {
                    topic: Topic::Register,
                    text: Text::new(
                        format!("上季度名册中 {} 没有授牌日期，按本季度内的事件判断是否摘牌", place.label()),
                        format!(
                            "{} has no award date in the last register; only this quarter's events are considered",
                            place.label()
                        ),
                    ),
                });
            }
            let since = since.unwrap_or(q.start());
            let title = if p.title.is_empty() {
                title_for(&input.spec, kind).unwrap_or_default()
            } else {
                p.title.clone()
            };
            let hits: Vec<&Evidence> = evidence.iter().filter(|e| e.date >= since).collect();
            d.title = title.clone();
            d.awarded_on = p.awarded_on.or(Some(since));
            d.awarded_in = p.awarded_in;
            if let Some(first) = hits.first() {
                let why = evidence_text(&hits);
                revocation = Some(Revocation {
                    place: place.clone(),
                    kind,
                    title: title.clone(),
                    awarded_on: d.awarded_on,
                    awarded_in: p.awarded_in,
                    revoked_on: Some(first.date),
                    reason: Text::new(
                        format!("{}，在授牌所依据的评估（{since}）之后", why.zh),
                        format!(
                            "{}, after the assessment that earned the title ({since})",
                            why.en
                        ),
                    ),
                    reawarded: false,
                });
            } else {
                match current {
                    Some(c) if c.verdict == Verdict::Passed => {
                        d.status = Status::Held;
                        d.reason = Text::new(
                            format!(
                                "本季度复核达标（得分 {}，评估日期 {}）",
                                score_text(c.score),
                                date_text(c.assessed_on)
                            ),
                            format!(
                                "re-assessed and passed this quarter (score {}, assessed {})",
                                score_text(c.score),
                                date_text(c.assessed_on)
                            ),
                        );
                    }
                    Some(c) if c.verdict == Verdict::Unassessable => {
                        d.status = Status::Held;
                        d.score = p.score;
                        d.assessed_on = p.assessed_on;
                        d.reason = Text::new(
                            format!(
                                "本季度申报无法评分（{}），未作复核，保持原称号",
                                c.reason.zh
                            ),
                            format!(
                                "this quarter's application could not be assessed ({}); not re-assessed, title kept",
                                c.reason.en
                            ),
                        );
                    }
                    Some(c) => {
                        let why = Text::new(
                            format!("本季度复核{}：{}", c.verdict.label(Lang::Zh), c.reason.zh),
                            format!(
                                "re-assessed this quarter, {}: {}",
                                c.verdict.label(Lang::En),
                                c.reason.en
                            ),
                        );
                        d.status = Status::Revoked;
                        d.revoked_on = c.assessed_on;
                        d.reason = why.clone();
                        revocations.push(Revocation {
                            place: place.clone(),
                            kind,
                            title: title.clone(),
                            awarded_on: d.awarded_on,
                            awarded_in: p.awarded_in,
                            revoked_on: c.assessed_on,
                            reason: why,
                            reawarded: false,
                        });
                    }
                    None => {
                        d.status = Status::Held;
                        d.score = p.score;
                        d.assessed_on = p.assessed_on;
                        if let Some(o) = outside {
                            note_parts.push(Text::new(
                                format!(
                                    "另有评估日期 {} 的申报，不在 {q} 内，未计入",
                                    date_text(o.assessed_on)
                                ),
                                format!(
                                    "an application assessed on {} is not in {q} and was not counted",
                                    date_text(o.assessed_on)
                                ),
                            ));
                        }
                        let from = p
                            .awarded_in
                            .map(|x| x.to_string())
                            .unwrap_or_else(|| date_text(d.awarded_on));
                        d.reason = Text::new(
                            format!("沿用 {from} 授予的称号；本季度未复核，无摘牌事件"),
                            format!(
                                "title awarded in {from} kept; not re-assessed this quarter, no revoking event"
                            ),
                        );
                    }
                }
                d.note = Text::join(&note_parts);
                finals.push((key.clone(), d));
                continue;
            }
        }

        // Not (or no longer) a holder: can this quarter's application earn
        // the title?
        let rev_reason = revocation.as_ref().map(|r| r.reason.clone());
        let fail = |d: &mut Decision, why: Text| match &rev_reason {
            Some(r) => {
                d.status = Status::Revoked;
                d.reason = Text::join(&[r.clone(), why]);
            }
            None => {
                d.status = Status::NotAwarded;
                d.reason = why;
            }
        };
        if let Some(r) = &revocation {
            d.revoked_on = r.revoked_on;
        }
        match current {
            Some(c) if c.verdict == Verdict::Passed => {
                let at = c.assessed_on.unwrap_or(q.start());
                let after: Vec<&Evidence> = evidence.iter().filter(|e| e.date >= at).collect();
                let title = title_for(&input.spec, kind);
                let lost_after = revocation
                    .as_ref()
                    .and_then(|r| r.revoked_on)
                    .is_some_and(|r| r >= at);
                if lost_after {
                    fail(
                        &mut d,
                        Text::new(
                            format!("本季度 {at} 的复核评估早于摘牌事件"),
                            format!(
                                "this quarter's assessment on {at} came before the revoking event"
                            ),
                        ),
                    );
                } else if !after.is_empty() {
                    let why = evidence_text(&after);
                    fail(
                        &mut d,
                        Text::new(
                            format!("评估（{at}）达标，但其后 {}，不予授牌", why.zh),
                            format!("passed on {at}, but then {}; not awarded", why.en),
                        ),
                    );
                } else if let Some(title) = title {
                    d.title = title;
                    d.status = Status::New;
                    d.awarded_on = Some(at);
                    d.awarded_in = Some(q);
                    let passed = Text::new(
                        format!(
                            "本季度评估达标（得分 {}，评估日期 {at}）",
                            score_text(c.score)
                        ),
                        format!(
                            "passed this quarter (score {}, assessed {at})",
                            score_text(c.score)
                        ),
                    );
                    d.reason = match &revocation {
                        Some(r) => Text::new(
                            format!(
                                "{}，摘牌；{at} 重新评估达标（得分 {}），重新授牌",
                                r.reason.zh,
                                score_text(c.score)
                            ),
                            format!(
                                "{}: revoked; re-assessed on {at} and passed (score {}), awarded again",
                                r.reason.en,
                                score_text(c.score)
                            ),
                        ),
                        None => passed,
                    };
                    d.note = Text::join(&note_parts);
                    pending.push(Pending {
                        decision: d,
                        revocation,
                        key: key.clone(),
                    });
                    continue;
                } else {
                    fail(
                        &mut d,
                        Text::new(
                            "达标，但类型未填写或评分标准 [awards] 中没有该类型的称号，无法授牌",
                            "passed, but the type is blank or the rubric's [awards] has no title for it; cannot be awarded",
                        ),
                    );
                }
            }
            Some(c) => fail(
                &mut d,
                Text::new(
                    format!("本季度申报{}：{}", c.verdict.label(Lang::Zh), c.reason.zh),
                    format!(
                        "this quarter's application {}: {}",
                        c.verdict.label(Lang::En),
                        c.reason.en
                    ),
                ),
            ),
            None => {
                let why = if let Some(o) = outside {
                    // Shown as it was assessed, so that the list says what
                    // the office received.
                    d.verdict = Some(o.verdict);
                    d.score = o.score;
                    d.assessed_on = o.assessed_on;
                    let on = date_text(o.assessed_on);
                    if o.verdict == Verdict::Passed {
                        Text::new(
                            format!("达标，但评估日期 {on} 不在 {q} 内，本季度不予授牌"),
                            format!(
                                "passed, but assessed on {on}, which is not in {q}; not awarded this quarter"
                            ),
                        )
                    } else {
                        Text::new(
                            format!(
                                "评估日期 {on} 不在 {q} 内（该次申报{}），本季度没有申报",
                                o.verdict.label(Lang::Zh)
                            ),
                            format!(
                                "assessed on {on}, which is not in {q} (that application {}); no application this quarter",
                                o.verdict.label(Lang::En)
                            ),
                        )
                    }
                } else if let Some(p) = slot.prev.as_ref().filter(|p| p.status == Status::Revoked) {
                    Text::new(
                        format!("{} 摘牌，本季度未重新申报", date_text(p.revoked_on)),
                        format!(
                            "revoked {}; did not apply again this quarter",
                            date_text(p.revoked_on)
                        ),
                    )
                } else {
                    Text::new("本季度未申报", "did not apply this quarter")
                };
                fail(&mut d, why);
            }
        }
        if d.status == Status::NotAwarded {
            d.title.clear();
            d.awarded_on = None;
            d.awarded_in = None;
            // A title lost in an earlier quarter stays on record.
            d.revoked_on = slot.prev.as_ref().and_then(|p| p.revoked_on);
        }
        if let Some(r) = revocation {
            revocations.push(r);
        }
        d.note = Text::join(&note_parts);
        finals.push((key.clone(), d));
    }

    apply_quotas(input, &mut pending);
    for mut p in pending {
        if let Some(mut r) = p.revocation {
            r.reawarded = p.decision.status == Status::New;
            if r.reawarded {
                // The public list says so too: the title was lost and won
                // back within the quarter.
                let when = date_text(r.revoked_on);
                let again = Text::new(
                    format!("{when} 摘牌后重新评估授牌"),
                    format!("revoked {when}, awarded again on a new assessment"),
                );
                p.decision.note = Text::join(&[p.decision.note.clone(), again]);
            }
            revocations.push(r);
        }
        finals.push((p.key, p.decision));
    }
    let list_order = order::ListOrder::new(input.roster.as_deref());
    finals.sort_by(|a, b| list_order.keys(&a.0, &b.0));
    let decisions: Vec<Decision> = finals.into_iter().map(|(_, d)| d).collect();
    revocations.sort_by(|a, b| list_order.keys(&a.place.key(), &b.place.key()));
    let coverage = coverage(
        &decisions,
        input.spec.coverage_target,
        has_roster,
        &list_order,
    );
    notes.sort_by_key(|n| n.topic);
    AwardList {
        quarter: q,
        per_town_quota: input.spec.per_town_quota,
        total_quota: input.spec.total_quota,
        decisions,
        order: list_order.basis(),
        revocations,
        coverage,
        notes,
    }
}

/// Orders candidates for a quota: score, then the earlier assessment, then
/// name (town and district only to make the order total).
fn rank_order(a: &Pending, b: &Pending) -> std::cmp::Ordering {
    let sa = a.decision.score.unwrap_or(f64::NEG_INFINITY);
    let sb = b.decision.score.unwrap_or(f64::NEG_INFINITY);
    sb.total_cmp(&sa)
        .then(a.decision.assessed_on.cmp(&b.decision.assessed_on))
        .then_with(|| order::pinyin_cmp(&a.key.name, &b.key.name))
        .then(a.key.town.cmp(&b.key.town))
        .then(a.key.district.cmp(&b.key.district))
}

fn cut(p: &mut Pending, why: Text) {
    let d = &mut p.decision;
    d.cut = true;
    d.awarded_on = None;
    d.awarded_in = None;
    match &p.revocation {
        Some(r) => {
            d.status = Status::Revoked;
            d.title = r.title.clone();
            d.awarded_on = r.awarded_on;
            d.awarded_in = r.awarded_in;
            d.reason = Text::join(&[r.reason.clone(), why]);
        }
        None => {
            d.status = Status::NotAwarded;
            d.title = String::new();
            d.reason = why;
        }
    }
}

fn apply_quotas(input: &Inputs, pending: &mut [Pending]) {
    let mut order: Vec<usize> = (0..pending.len()).collect();
    order.sort_by(|&a, &b| rank_order(&pending[a], &pending[b]));
    if let Some(k) = input.spec.per_town_quota {
        let mut by_town: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for &i in &order {
            let key = &pending[i].key;
            by_town
                .entry((key.district.clone(), key.town.clone()))
                .or_default()
                .push(i);
        }
        for members in by_town.values() {
            let n = members.len();
            for (rank, &i) in members.iter().enumerate().skip(k) {
                let r = rank + 1;
                cut(
                    &mut pending[i],
                    Text::new(
                        format!(
                            "达标，但超出街道名额：每个街道(乡镇)每季度至多新授牌 {k} 个，本街道达标 {n} 个，按排序规则排第 {r}"
                        ),
                        format!(
                            "passed, but over the town quota: at most {k} new awards per town a quarter; {n} passed in this town, ranked {r}"
                        ),
                    ),
                );
            }
        }
    }
    if let Some(m) = input.spec.total_quota {
        let left: Vec<usize> = order
            .into_iter()
            .filter(|&i| !pending[i].decision.cut)
            .collect();
        let n = left.len();
        for (rank, &i) in left.iter().enumerate().skip(m) {
            let r = rank + 1;
            cut(
                &mut pending[i],
                Text::new(
                    format!(
                        "达标，但超出总名额：每季度至多新授牌 {m} 个，共 {n} 个在名额排序中，排第 {r}"
                    ),
                    format!(
                        "passed, but over the total quota: at most {m} new awards a quarter; {n} in the ranking, ranked {r}"
                    ),
                ),
            );
        }
    }
}

/// Coverage over the roster's communities, or without a roster over the
/// communities listed (each of which has a name): a community not on the
/// roster is listed but not counted.
fn coverage(
    decisions: &[Decision],
    target: f64,
    has_roster: bool,
    list_order: &order::ListOrder,
) -> Coverage {
    let mut towns: BTreeMap<(String, String), TownCoverage> = BTreeMap::new();
    for d in decisions.iter().filter(|d| d.in_roster) {
        let k = d.place.key();
        let t = towns
            .entry((k.district, k.town))
            .or_insert_with(|| TownCoverage {
                district: d.place.district.clone(),
                town: d.place.town.clone(),
                awarded: 0,
                total: 0,
                free: false,
                target_met: false,
            });
        t.total += 1;
        if d.status.holds() {
            t.awarded += 1;
        }
    }
    let mut towns: Vec<TownCoverage> = towns
        .into_values()
        .map(|mut t| {
            t.free = t.total > 0 && t.awarded == t.total;
            t.target_met = meets(t.awarded, t.total, target);
            t
        })
        .collect();
    towns.sort_by(|a, b| list_order.town_names((&a.district, &a.town), (&b.district, &b.town)));
    let mut districts: BTreeMap<String, DistrictCoverage> = BTreeMap::new();
    for t in &towns {
        let d = districts
            .entry(matching::norm(&t.district))
            .or_insert_with(|| DistrictCoverage {
                district: t.district.clone(),
                towns: 0,
                free_towns: 0,
                awarded: 0,
                total: 0,
                free: false,
                target_met: false,
            });
        d.towns += 1;
        d.free_towns += usize::from(t.free);
        d.awarded += t.awarded;
        d.total += t.total;
    }
    let mut districts: Vec<DistrictCoverage> = districts
        .into_values()
        .map(|mut d| {
            d.free = d.towns > 0 && d.free_towns == d.towns;
            d.target_met = meets(d.awarded, d.total, target);
            d
        })
        .collect();
    districts.sort_by(|a, b| list_order.district_names(&a.district, &b.district));
    let awarded = towns.iter().map(|t| t.awarded).sum();
    let total = towns.iter().map(|t| t.total).sum();
    Coverage {
        basis: if has_roster {
            Basis::Roster
        } else {
            Basis::Applicants
        },
        target,
        towns,
        districts,
        awarded,
        total,
    }
}
