//! Applying inspection rows to scorecards: the latest row for an item gives
//! its points, the total, sections and verdict follow, and every row not
//! applied is accounted for.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{CardInspection, InspectedItem, Inspection, InspectionList, Note, Record};
use crate::awards::Text;
use crate::awards::matching::{Key, Place, natural_cmp, near_misses};
use crate::ledger::contract::CommunityType;
use crate::results::Scorecard;
use crate::score::Verdict;
use wuyi_sheets::format_number;

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

/// An item's explanation once inspected, in both languages as the
/// scorecard records it: the verified points, the rows that gave them
/// (latest first) and the explanation as submitted.
fn inspected_why(
    points: f64,
    self_earned: f64,
    records: &[Record],
    (self_why_zh, self_why_en): (&str, &str),
) -> (String, String) {
    let (max, was, now) = (
        format_number(points),
        format_number(self_earned),
        format_number(records[0].verified),
    );
    let described: Vec<Text> = records.iter().map(Record::describe).collect();
    let cite = |of: fn(&Text) -> &str, earlier_word: &str, sep: &str| {
        let mut s = of(&described[0]).to_string();
        if described.len() > 1 {
            let earlier: Vec<&str> = described[1..].iter().map(of).collect();
            s.push_str(earlier_word);
            s.push_str(&earlier.join(sep));
        }
        s
    };
    (
        format!(
            "核查核定 {now} 分（满分 {max}，原得分 {was}）：{}。原评分：{}",
            cite(|t| &t.zh, "；此前：", "；"),
            self_why_zh
        ),
        format!(
            "verified by inspection at {now} of {max} (was {was}): {}. As submitted: {}",
            cite(|t| &t.en, "; earlier: ", "; "),
            self_why_en
        ),
    )
}

/// Sections, total and verdict again from the items, once an inspection
/// changed any: the verdict says the score is the verified one.
fn rescore(card: &mut Scorecard, self_score: Option<f64>) {
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
    let p = format_number(card.pass_score);
    let t = format_number(total);
    let s = self_score.map(format_number).unwrap_or_default();
    if matches!(card.verdict, Verdict::Passed | Verdict::Failed) {
        if total + 1e-9 >= card.pass_score {
            card.verdict = Verdict::Passed;
            card.reason_zh = format!("核定得分 {t}（自评 {s}），达到及格线 {p} 分");
            card.reason_en =
                format!("verified score {t} (self-assessed {s}), at or above the pass line of {p}");
        } else {
            card.verdict = Verdict::Failed;
            card.reason_zh = format!("核定得分 {t}（自评 {s}），低于及格线 {p} 分");
            card.reason_en =
                format!("verified score {t} (self-assessed {s}), below the pass line of {p}");
        }
    }
}

/// Applies one community's inspection rows to its scorecard. Returns what a
/// person should check (rows that could not be applied, conflicting rows).
/// A scorecard inspected before (a town's report merged by the county, then
/// inspected again) keeps its self-assessed scores and earlier rows: the
/// latest row of all counts.
pub fn apply(card: &mut Scorecard, rows: &[&Inspection]) -> Vec<Note> {
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
                Text::new(
                    format!(
                        "{} 无法评分（{}），{} 项核查结果未使用",
                        card.name, card.reason_zh, r.item
                    ),
                    format!(
                        "{} cannot be assessed ({}); the inspection of item {} is not used",
                        card.name, card.reason_en, r.item
                    ),
                ),
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
            let when = top
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into());
            notes.push(Note::new(
                top.location.clone(),
                Text::new(
                    format!(
                        "{} {}：同一检查日期 {when} 有两行核定得分不同（{} 与 {}），按表中靠后的一行（{}）计",
                        card.name,
                        it.id,
                        format_number(second.verified),
                        format_number(top.verified),
                        top.location
                    ),
                    format!(
                        "{} {}: two rows of the same date {when} verify different scores ({} and {}); the lower row in the list ({}) counts",
                        card.name,
                        it.id,
                        format_number(second.verified),
                        format_number(top.verified),
                        top.location
                    ),
                ),
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
        (it.why_zh, it.why_en) = inspected_why(
            it.points,
            self_earned,
            &records,
            (&self_why_zh, &self_why_en),
        );
        it.earned = v;
        it.unverified = false;
        it.cells.insert(0, top.location.clone());
        inspected.push(InspectedItem {
            id: it.id.clone(),
            name: it.name.clone(),
            points: it.points,
            self_earned,
            verified: v,
            records,
            self_why_zh,
            self_why_en,
        });
    }

    if !inspected.is_empty() {
        rescore(card, self_score);
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
    places: Mutex<Vec<(Place, Option<CommunityType>)>>,
    notes: Mutex<Vec<Note>>,
    /// Communities of the report that this run does not re-score (an
    /// update): rows for them are not applied, and are said to be.
    elsewhere: Vec<Place>,
}

impl<'a> Applier<'a> {
    /// An applier for `list`, with no row used yet.
    pub fn new(list: &'a InspectionList) -> Self {
        Applier {
            list,
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
        let notes = apply(card, &rows);
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
                    Text::new(
                        format!(
                            "“{}”不在本次重新评分的文件中，{} 项核查结果未在此次更新中使用",
                            r.place.label(),
                            r.item
                        ),
                        format!(
                            "\"{}\" is not among the files re-scored; the inspection of item {} is not used in this update",
                            r.place.label(),
                            r.item
                        ),
                    ),
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
        let mut maybe: HashMap<Key, Vec<(String, Text)>> = HashMap::new();
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
            let hints = maybe.get(&r.place.key());
            let (mut zh, mut en) = (
                format!(
                    "“{}”不在本次评分的申报中，{} 项核查结果未使用",
                    r.place.label(),
                    r.item
                ),
                format!(
                    "\"{}\" is not among the applications scored; the inspection of item {} is not used",
                    r.place.label(),
                    r.item
                ),
            );
            if let Some(h) = hints {
                let z: Vec<String> = h
                    .iter()
                    .map(|(l, w)| format!("“{l}”（{}）", w.zh))
                    .collect();
                let e: Vec<String> = h
                    .iter()
                    .map(|(l, w)| format!("\"{l}\" ({})", w.en))
                    .collect();
                zh.push_str(&format!(
                    "；可能是 {}，未合并，请核对后统一写法",
                    z.join("、")
                ));
                en.push_str(&format!(
                    "; it may be {}, not merged: check and use one spelling",
                    e.join(", ")
                ));
            }
            out.push(Note::new(r.location.clone(), Text::new(zh, en)));
        }
        out
    }
}
