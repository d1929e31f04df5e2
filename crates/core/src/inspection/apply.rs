//! Applying inspection rows to scorecards: the latest row for an item gives
//! its points, the total, sections and verdict follow, and every row not
//! applied is accounted for.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{
    CardInspection, InspectedItem, Inspection, InspectionList, Note, NoteKind, Record, Wording,
};
use crate::awards::Text;
use crate::awards::matching::{Differences, Key, Place, natural_cmp, near_misses};
use crate::ledger::contract::CommunityType;
use crate::results::Scorecard;
use crate::score::Verdict;

fn tenths(x: f64) -> i64 {
    (x * 10.0).round() as i64
}

/// An earlier inspection's row, to weigh against new ones: of one date, a
/// new row counts over it.
fn from_record(r: &Record, item: &str) -> Inspection {
    Inspection {
        place: Place::default(),
        item: item.to_string(),
        verified: r.verified,
        finding: r.finding.clone(),
        date: r.date,
        method: r.method,
        inspector: r.inspector.clone(),
        location: r.location.clone(),
        order: 0,
    }
}

/// Sections, total and verdict again from the items, once an inspection
/// changed any: the verdict says the score is the verified one.
fn rescore(card: &mut Scorecard, self_score: Option<f64>, words: &dyn Wording) {
    for s in card.sections.iter_mut() {
        let t: i64 = card
            .items
            .iter()
            .filter(|i| i.section.as_deref() == Some(s.id.as_str()))
            .map(|i| tenths(i.earned))
            .sum();
        s.earned = t as f64 / 10.0;
    }
    let total = card.items.iter().map(|i| tenths(i.earned)).sum::<i64>() as f64 / 10.0;
    card.score = Some(total);
    if matches!(card.verdict, Verdict::Passed | Verdict::Failed) {
        let passed = total + 1e-9 >= card.pass_score;
        card.verdict = if passed {
            Verdict::Passed
        } else {
            Verdict::Failed
        };
        (card.reason_zh, card.reason_en) =
            words.verified_reason(passed, total, self_score, card.pass_score);
    }
}

/// Applies one community's inspection rows to its scorecard. Returns what a
/// person should check (rows that could not be applied, conflicting rows).
/// A scorecard inspected before (a town's report merged by the county, then
/// inspected again) keeps its self-assessed scores and earlier rows: the
/// latest row of all counts.
pub fn apply(card: &mut Scorecard, rows: &[&Inspection], words: &dyn Wording) -> Vec<Note> {
    let mut notes = Vec::new();
    let prior = card.inspection.take();
    let self_score = prior.as_ref().map_or(card.score, |p| p.self_score);
    let rows: Vec<Inspection> = rows
        .iter()
        .map(|r| Inspection {
            order: r.order + 1,
            ..(*r).clone()
        })
        .collect();
    if card.items.is_empty() {
        for r in rows {
            notes.push(Note::new(
                r.location.clone(),
                NoteKind::CannotAssess {
                    name: card.name.clone(),
                    item: r.item.clone(),
                    reason: Text::new(card.reason_zh.clone(), card.reason_en.clone()),
                },
            ));
        }
        card.inspection = Some(prior.unwrap_or(CardInspection {
            self_score,
            verified_score: self_score,
            unverified: Vec::new(),
            items: Vec::new(),
        }));
        return notes;
    }

    let mut inspected = Vec::new();
    for it in card.items.iter_mut() {
        let before = prior
            .as_ref()
            .and_then(|p| p.items.iter().find(|x| x.id == it.id));
        let new: Vec<&Inspection> = rows.iter().filter(|r| r.item == it.id).collect();
        if new.is_empty() {
            if let Some(b) = before {
                inspected.push(b.clone());
            }
            continue;
        }
        let earlier: Vec<Inspection> = before
            .map(|b| b.records.iter().map(|r| from_record(r, &it.id)).collect())
            .unwrap_or_default();
        let mut mine: Vec<&Inspection> = new.into_iter().chain(earlier.iter()).collect();
        // Latest first; undated rows after dated ones; of one date, the row
        // further down the list.
        mine.sort_by(|a, b| b.date.cmp(&a.date).then(b.order.cmp(&a.order)));
        let top = mine[0];
        if let Some(second) = mine.get(1)
            && second.date == top.date
            && tenths(second.verified) != tenths(top.verified)
        {
            notes.push(Note::new(
                top.location.clone(),
                NoteKind::SameDate {
                    name: card.name.clone(),
                    item: it.id.clone(),
                    date: top.date,
                    earlier: second.verified,
                    counted: top.verified,
                    location: top.location.clone(),
                },
            ));
        }
        let records: Vec<Record> = mine
            .iter()
            .enumerate()
            .map(|(i, r)| Record {
                date: r.date,
                method: r.method,
                inspector: r.inspector.clone(),
                finding: r.finding.clone(),
                verified: r.verified.min(it.points),
                location: r.location.clone(),
                counted: i == 0,
            })
            .collect();
        let (self_earned, self_why_zh, self_why_en) = match before {
            Some(b) => (b.self_earned, b.self_why_zh.clone(), b.self_why_en.clone()),
            None => (it.earned, it.why_zh.clone(), it.why_en.clone()),
        };
        let v = records[0].verified;
        let done = InspectedItem {
            id: it.id.clone(),
            name: it.name.clone(),
            points: it.points,
            self_earned,
            verified: v,
            records,
            self_why_zh,
            self_why_en,
        };
        (it.why_zh, it.why_en) = words.inspected_why(&done);
        it.earned = v;
        it.unverified = false;
        it.cells.insert(0, top.location.clone());
        inspected.push(done);
    }

    if !inspected.is_empty() {
        rescore(card, self_score, words);
    }
    card.inspection = Some(CardInspection {
        self_score,
        verified_score: card.score,
        unverified: card
            .items
            .iter()
            .filter(|i| i.unverified)
            .map(|i| i.id.clone())
            .collect(),
        items: inspected,
    });
    notes
}

/// Applies a list to many scorecards, from many threads, and accounts for
/// every row at the end.
pub struct Applier<'a> {
    list: &'a InspectionList,
    index: HashMap<Key, Vec<usize>>,
    used: Vec<AtomicBool>,
    words: &'a dyn Wording,
    places: Mutex<Vec<(Place, Option<CommunityType>)>>,
    notes: Mutex<Vec<Note>>,
    /// Communities of the report that this run does not re-score (an
    /// update): rows for them are not applied, and are said to be.
    elsewhere: Vec<Place>,
}

impl<'a> Applier<'a> {
    /// An applier for `list`, with no row used yet, wording what it
    /// changes on a scorecard with `words`.
    pub fn new(list: &'a InspectionList, words: &'a dyn Wording) -> Self {
        Applier {
            list,
            words,
            index: list.by_key(),
            used: list.rows.iter().map(|_| AtomicBool::new(false)).collect(),
            places: Mutex::new(Vec::new()),
            notes: Mutex::new(Vec::new()),
            elsewhere: Vec::new(),
        }
    }

    /// Names a community of the report that this run leaves as it is.
    pub fn kept(&mut self, card: &Scorecard) {
        self.elsewhere.push(Place::new(
            card.district.as_deref(),
            card.town.as_deref(),
            &card.name,
        ));
    }

    /// Applies the rows for this card's community. Safe to call from
    /// several threads.
    pub fn apply(&self, card: &mut Scorecard) {
        let place = Place::new(card.district.as_deref(), card.town.as_deref(), &card.name);
        let key = place.key();
        if let Ok(mut p) = self.places.lock() {
            p.push((place, card.kind));
        }
        let idx = self.index.get(&key).cloned().unwrap_or_default();
        for &i in &idx {
            self.used[i].store(true, Ordering::Relaxed);
        }
        let rows: Vec<&Inspection> = idx.iter().map(|&i| &self.list.rows[i]).collect();
        let notes = apply(card, &rows, self.words);
        if !notes.is_empty()
            && let Ok(mut n) = self.notes.lock()
        {
            n.extend(notes);
        }
    }

    /// Everything to check: the list's own notes, rows that could not be
    /// applied, and rows naming no submitted community, with the submitted
    /// spelling they may mean.
    pub fn finish(self) -> Vec<Note> {
        let mut out = self.list.notes.clone();
        // Threads finish in any order; the notes do not.
        let mut applied = self.notes.into_inner().unwrap_or_default();
        applied.sort_by(|a, b| natural_cmp(&a.location, &b.location));
        out.extend(applied);
        let places = self.places.into_inner().unwrap_or_default();
        let kept: BTreeSet<Key> = self.elsewhere.iter().map(Place::key).collect();
        let mut unmatched: Vec<&Inspection> = Vec::new();
        for (r, u) in self.list.rows.iter().zip(&self.used) {
            if u.load(Ordering::Relaxed) {
                continue;
            }
            if kept.contains(&r.place.key()) {
                out.push(Note::new(
                    r.location.clone(),
                    NoteKind::NotRescored {
                        place: r.place.label(),
                        item: r.item.clone(),
                    },
                ));
            } else {
                unmatched.push(r);
            }
        }
        if unmatched.is_empty() {
            return out;
        }
        let mut all = places;
        all.extend(self.elsewhere.iter().map(|p| (p.clone(), None)));
        let submitted: BTreeSet<Key> = all.iter().map(|(p, _)| p.key()).collect();
        let mut seen = submitted.clone();
        for r in &unmatched {
            if seen.insert(r.place.key()) {
                all.push((r.place.clone(), None));
            }
        }
        let mut maybe: HashMap<Key, Vec<(String, Differences)>> = HashMap::new();
        for m in near_misses(&all) {
            let (ka, kb) = (m.a.key(), m.b.key());
            for (row, other, okey) in [(&ka, &m.b, &kb), (&kb, &m.a, &ka)] {
                if !submitted.contains(row) && submitted.contains(okey) {
                    maybe
                        .entry(row.clone())
                        .or_default()
                        .push((other.label(), m.why.clone()));
                }
            }
        }
        for r in unmatched {
            out.push(Note::new(
                r.location.clone(),
                NoteKind::NotSubmitted {
                    place: r.place.label(),
                    item: r.item.clone(),
                    maybe: maybe.get(&r.place.key()).cloned().unwrap_or_default(),
                },
            ));
        }
        out
    }
}
