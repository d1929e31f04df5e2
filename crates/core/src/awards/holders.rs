//! Holders and revocations (摘牌): a title held from last quarter is kept
//! unless a case or an unrectified complaint is dated on or after the
//! assessment that earned it, or this quarter's re-assessment does not pass.

use super::candidates::{Chosen, Evidence, evidence as evidence_of};
use super::model::{Decision, Inputs, Note, Revocation, Status, Topic};
use super::quarter::Quarter;
use super::register::RegisterEntry;
use super::titles::title_for;
use super::why::{Reason, Why};
use crate::ledger::contract::CommunityType;
use crate::score::Verdict;

/// What became of a title held from last quarter.
pub(super) enum Held {
    /// Decided: kept, or lost on this quarter's re-assessment (with the
    /// revocation).
    Decided(Option<Revocation>),
    /// Lost to a dated case or complaint; the community may still earn the
    /// title again on a later assessment (see [`super::titles`]).
    Lost(Revocation),
}

/// Judges the title `p` held from last quarter, filling in `d`.
pub(super) fn judge(
    input: &Inputs,
    p: &RegisterEntry,
    chosen: &mut Chosen<'_>,
    kind: Option<CommunityType>,
    evidence: &[Evidence],
    d: &mut Decision,
    notes: &mut Vec<Note>,
) -> Held {
    let q = input.quarter;
    let current = chosen.current;
    let outside = chosen.outside;
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
            text: Why::NoAwardDate {
                place: chosen.place.clone(),
            },
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
        return Held::Lost(Revocation {
            place: chosen.place.clone(),
            kind,
            title: title.clone(),
            awarded_on: d.awarded_on,
            awarded_in: p.awarded_in,
            revoked_on: Some(first.date),
            reason: Reason::one(Why::AfterEarning {
                evidence: Box::new(evidence_of(&hits)),
                since,
            }),
            reawarded: false,
        });
    }
    let mut revoked = None;
    match current {
        Some(c) if c.verdict == Verdict::Passed => {
            d.status = Status::Held;
            d.reason = Reason::one(Why::Reassessed {
                score: c.score,
                on: c.assessed_on,
            });
        }
        Some(c) if c.verdict == Verdict::Unassessable => {
            d.status = Status::Held;
            d.score = p.score;
            d.assessed_on = p.assessed_on;
            d.reason = Reason::one(Why::UnassessableKept {
                reason: c.reason.clone(),
            });
        }
        Some(c) => {
            let why = Reason::one(Why::ReassessedNotPassed {
                verdict: c.verdict,
                reason: c.reason.clone(),
            });
            d.status = Status::Revoked;
            d.revoked_on = c.assessed_on;
            d.reason = why.clone();
            revoked = Some(Revocation {
                place: chosen.place.clone(),
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
                chosen.note_parts.push(Why::OutsideAlso {
                    on: o.assessed_on,
                    quarter: q,
                });
            }
            d.reason = Reason::one(Why::Kept {
                awarded_in: p.awarded_in,
                awarded_on: d.awarded_on,
            });
        }
    }
    Held::Decided(revoked)
}
