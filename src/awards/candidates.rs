//! Candidates: every community the quarter's inputs name (roster, last
//! register, applications, events), gathered by identity, and for each the
//! application that counts this quarter, with what a person should check
//! about the rest.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::events::{self, Event};
use super::matching::{self, Key, Place};
use super::model::{Application, Decision, Inputs, Note, Status, Text, Topic};
use super::quarter::Quarter;
use super::register::RegisterEntry;
use super::roster::RosterEntry;
use crate::i18n::Lang;
use crate::ledger::contract::{CaseCategory, CommunityType};
use crate::score::Verdict;

/// A dated reason to take a title away or withhold it.
#[derive(Debug, Clone)]
pub(super) struct Evidence {
    /// When it happened.
    pub(super) date: NaiveDate,
    /// Same case seen in two logs counts once.
    what: (u8, NaiveDate),
    /// What it was, as the lists say it.
    pub(super) text: Text,
}

/// Everything known about one community.
#[derive(Default)]
pub(super) struct Slot {
    /// Its roster row.
    pub(super) roster: Option<RosterEntry>,
    /// Its line in the last register.
    pub(super) prev: Option<RegisterEntry>,
    /// Its applications, of any date.
    pub(super) apps: Vec<Application>,
    /// Its events up to the quarter's end.
    pub(super) events: Vec<Event>,
}

impl Slot {
    /// The community as the roster, else the latest application, else the
    /// register, else an event writes it.
    pub(super) fn place(&self) -> Place {
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

    /// Its type: this quarter's application's, else the roster's, the
    /// register's or any application's.
    pub(super) fn kind(&self, current: Option<&Application>) -> Option<CommunityType> {
        current
            .and_then(|a| a.kind)
            .or_else(|| self.roster.as_ref().and_then(|r| r.kind))
            .or_else(|| self.prev.as_ref().and_then(|p| p.kind))
            .or_else(|| self.apps.iter().rev().find_map(|a| a.kind))
    }

    /// Cases and events up to the quarter's end, each once, oldest first.
    pub(super) fn evidence(&self, end: NaiveDate) -> Vec<Evidence> {
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

/// A score to one decimal, or "—".
pub(super) fn score_text(s: Option<f64>) -> String {
    s.map(|x| format!("{x:.1}")).unwrap_or_else(|| "—".into())
}

/// A date, or "—".
pub(super) fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

/// Evidence as one line: the first, and how many more.
pub(super) fn evidence_text(ev: &[&Evidence]) -> Text {
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

/// The communities of the quarter by identity, from every input.
pub(super) type Slots = BTreeMap<Key, Slot>;

/// Gathers every input by community, noting repeats, communities missing
/// from the roster, applications that name none and events that match none.
pub(super) fn gather(input: &Inputs, notes: &mut Vec<Note>) -> Slots {
    let mut slots = Slots::new();
    if let Some(roster) = &input.roster {
        add_roster(&mut slots, roster, notes);
    }
    let has_roster = input.roster.is_some();
    if let Some(reg) = &input.register {
        add_register(&mut slots, &reg.entries, has_roster, notes);
    }
    add_applications(&mut slots, &input.applications, has_roster, notes);
    add_events(&mut slots, input.quarter, &input.events, notes);
    slots
}

/// The roster's communities; a repeated row counts once.
fn add_roster(slots: &mut Slots, roster: &[RosterEntry], notes: &mut Vec<Note>) {
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

/// Last quarter's register; a repeated line counts once, the earlier row.
fn add_register(
    slots: &mut Slots,
    entries: &[RegisterEntry],
    has_roster: bool,
    notes: &mut Vec<Note>,
) {
    for e in entries {
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

/// The applications: one given twice counts once, and one that could not
/// be assessed joins a community only when it names one the office knows.
fn add_applications(
    slots: &mut Slots,
    applications: &[Application],
    has_roster: bool,
    notes: &mut Vec<Note>,
) {
    // The same file given twice (a workbook and the results.json that
    // scored it) is one application.
    let mut seen_apps = BTreeSet::new();
    let apps: Vec<&Application> = applications
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
}

/// The events up to the quarter's end, each to its community; those that
/// match none are noted with the nearest spellings, and so are close
/// spellings among the communities.
fn add_events(slots: &mut Slots, q: Quarter, events: &[Event], notes: &mut Vec<Note>) {
    let end = q.end();
    let mut unknown_events: Vec<&Event> = Vec::new();
    let mut late_events = 0usize;
    for e in events {
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
}

/// One community's applications this quarter, as the decision sees them.
pub(super) struct Chosen<'a> {
    /// The community as written (see [`Slot::place`]).
    pub(super) place: Place,
    /// The application that counts: the latest assessed in the quarter.
    pub(super) current: Option<&'a Application>,
    /// With nothing assessed in the quarter, the latest assessed outside it:
    /// never counted, always named for a person to check.
    pub(super) outside: Option<&'a Application>,
    /// What the list should say beside the reason.
    pub(super) note_parts: Vec<Text>,
}

/// Chooses the application that counts for `slot` in quarter `q`, noting
/// applications outside the quarter, repeated ones and one that could not
/// be assessed.
pub(super) fn choose<'a>(slot: &'a Slot, q: Quarter, notes: &mut Vec<Note>) -> Chosen<'a> {
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
    Chosen {
        place,
        current,
        outside,
        note_parts,
    }
}

impl Chosen<'_> {
    /// The decision before titles are judged: not awarded, with the counted
    /// application's score, date and verdict.
    pub(super) fn decision(&self, kind: Option<CommunityType>, in_roster: bool) -> Decision {
        let current = self.current;
        Decision {
            place: self.place.clone(),
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
        }
    }
}
