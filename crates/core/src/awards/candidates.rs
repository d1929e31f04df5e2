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
use super::why::{Cite, Reason, Why};
use crate::ledger::contract::{CaseCategory, CommunityType};
use crate::score::Verdict;

/// A dated reason to take a title away or withhold it.
#[derive(Debug, Clone)]
pub(super) struct Evidence {
    /// When it happened.
    pub(super) date: NaiveDate,
    /// Same case seen in two logs counts once.
    what: (u8, NaiveDate),
    /// What it was.
    pub(super) cite: Cite,
    /// Orders evidence of one date as the lists always have: events log
    /// rows (complaints, then asymptomatic, then confirmed) before case log
    /// entries (asymptomatic, then confirmed), then by where each was
    /// written.
    order: (u8, String),
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
                    // The list once sorted by its Chinese wording, whose
                    // tail is the assessment date, then the location, then
                    // a closing bracket.
                    order: (3 + code, format!("{d} {}\u{FF09}", c.location)),
                    cite: Cite::Case {
                        date: c.date,
                        category: c.category,
                        assessed_on: d,
                        location: c.location.clone(),
                    },
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
            let rank = match e.kind {
                events::EventKind::Complaint => 0,
                events::EventKind::Asymptomatic => 1,
                events::EventKind::Confirmed => 2,
            };
            let note = if e.note.is_empty() {
                String::new()
            } else {
                format!("\u{FF1A}{}", e.note)
            };
            out.push(Evidence {
                date: e.date,
                what: (code, e.date),
                order: (rank, format!("{}{note}\u{FF09}", e.location)),
                cite: Cite::Event(e.clone()),
            });
        }
        out.sort_by(|a, b| (a.date, &a.order).cmp(&(b.date, &b.order)));
        let mut seen = BTreeSet::new();
        out.retain(|e| seen.insert(e.what));
        out
    }
}

/// Evidence as one reason: the first, and how many in all.
pub(super) fn evidence(ev: &[&Evidence]) -> Why {
    match ev.first() {
        Some(first) => Why::Evidence {
            first: first.cite.clone(),
            count: ev.len(),
        },
        None => Why::Said(Text::default()),
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
                text: Why::RosterRepeat {
                    at: r.location.clone(),
                    first: first.location.clone(),
                    place: r.place.clone(),
                },
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
                text: Why::RegisterNotOnRoster {
                    place: e.place.clone(),
                },
            });
        }
        let slot = slots.entry(key).or_default();
        if slot.prev.is_some() {
            notes.push(Note {
                topic: Topic::Register,
                text: Why::RegisterRepeat {
                    at: e.location.clone(),
                    place: e.place.clone(),
                },
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
                text: Why::AppliedNotOnRoster {
                    place: a.place.clone(),
                },
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
        notes.push(Note {
            topic: Topic::Unassessable,
            text: Why::UnassessableUnknown {
                file: a.file_label(),
                reason: a.reason.clone(),
                named: a.named.then(|| a.place.clone()),
            },
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
            text: Why::LateEvents {
                count: late_events,
                quarter: q,
            },
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
        notes.push(Note {
            topic: Topic::Events,
            text: Why::UnknownEvent {
                at: e.location.clone(),
                place: e.place.clone(),
                hints: hint,
            },
        });
    }
    for m in &misses {
        notes.push(Note {
            topic: Topic::NearMiss,
            text: Why::NearMiss {
                a: m.a.clone(),
                b: m.b.clone(),
                why: m.why.clone(),
            },
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
    pub(super) note_parts: Vec<Why>,
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
            text: Why::OutOfQuarter {
                place: place.clone(),
                file: o.file_label(),
                verdict: o.verdict,
                on: o.assessed_on,
                quarter: q,
            },
        });
    }
    let mut note_parts: Vec<Why> = Vec::new();
    if in_q.len() > 1
        && let Some(c) = current
    {
        let same_day = in_q
            .iter()
            .filter(|a| a.assessed_on == c.assessed_on)
            .count()
            > 1;
        let t = Why::Repeated {
            dates: in_q.iter().map(|a| a.assessed_on).collect(),
            latest: c.assessed_on,
            same_day_file: same_day.then(|| c.file_label()),
        };
        notes.push(Note {
            topic: Topic::Duplicate,
            text: Why::About {
                place: place.clone(),
                what: Box::new(t.clone()),
            },
        });
        note_parts.push(t);
    }
    if let Some(c) = current
        && c.verdict == Verdict::Unassessable
    {
        notes.push(Note {
            topic: Topic::Unassessable,
            text: Why::Unassessable {
                place: place.clone(),
                file: c.file_label(),
                reason: c.reason.clone(),
            },
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
            reason: Reason::default(),
            note: Reason::default(),
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
