//! Titles (称号): the title each type of community earns under the rubric's
//! `[awards]` section, and whether a community that holds none (or lost
//! its own this quarter) earns one on this quarter's application.

use super::candidates::{Chosen, Evidence, Slot, evidence as evidence_of};
use super::matching::Key;
use super::model::{Application, Decision, Inputs, Revocation, Status};
use super::quarter::Quarter;
use super::quotas::Pending;
use super::why::{Reason, Why};
use crate::ledger::contract::CommunityType;
use crate::rubric::spec::AwardsSpec;
use crate::score::Verdict;

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

/// What a community that holds no title comes to before the quotas.
pub(super) enum Outcome {
    /// Decided, with the title it lost this quarter if any.
    Decided(Decision, Option<Revocation>),
    /// Earns a title unless a quota leaves it out.
    Pending(Pending),
}

/// Whether this quarter's application earns the community a title; `d` is
/// its decision so far and `revocation` the title it lost this quarter.
#[allow(clippy::too_many_arguments)]
pub(super) fn judge(
    input: &Inputs,
    key: &Key,
    slot: &Slot,
    chosen: &Chosen<'_>,
    kind: Option<CommunityType>,
    evidence: &[Evidence],
    mut d: Decision,
    revocation: Option<Revocation>,
) -> Outcome {
    let q = input.quarter;
    let current = chosen.current;
    let outside = chosen.outside;
    // Not (or no longer) a holder: can this quarter's application earn
    // the title?
    let rev_reason = revocation.as_ref().map(|r| r.reason.clone());
    let fail = |d: &mut Decision, why: Why| match &rev_reason {
        Some(r) => {
            d.status = Status::Revoked;
            d.reason = r.then([why]);
        }
        None => {
            d.status = Status::NotAwarded;
            d.reason = Reason::one(why);
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
                fail(&mut d, Why::ReassessedBeforeLoss { at });
            } else if !after.is_empty() {
                fail(
                    &mut d,
                    Why::PassedThen {
                        at,
                        evidence: Box::new(evidence_of(&after)),
                    },
                );
            } else if let Some(title) = title {
                d.title = title;
                d.status = Status::New;
                d.awarded_on = Some(at);
                d.awarded_in = Some(q);
                d.reason = Reason::one(match &revocation {
                    Some(r) => Why::Reawarded {
                        revoked: r.reason.clone(),
                        at,
                        score: c.score,
                    },
                    None => Why::Passed { score: c.score, at },
                });
                d.note = Reason(chosen.note_parts.clone());
                return Outcome::Pending(Pending {
                    decision: d,
                    revocation,
                    key: key.clone(),
                });
            } else {
                fail(&mut d, Why::NoTitleForType);
            }
        }
        Some(c) => fail(
            &mut d,
            Why::NotPassed {
                verdict: c.verdict,
                reason: c.reason.clone(),
            },
        ),
        None => {
            let why = no_application(q, slot, outside, &mut d);
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
    d.note = Reason(chosen.note_parts.clone());
    Outcome::Decided(d, revocation)
}

/// Why a community with no application counted this quarter is not
/// awarded; one assessed outside the quarter is shown as it was assessed.
fn no_application(q: Quarter, slot: &Slot, outside: Option<&Application>, d: &mut Decision) -> Why {
    if let Some(o) = outside {
        // Shown as it was assessed, so that the list says what
        // the office received.
        d.verdict = Some(o.verdict);
        d.score = o.score;
        d.assessed_on = o.assessed_on;
        if o.verdict == Verdict::Passed {
            Why::PassedOutside {
                on: o.assessed_on,
                quarter: q,
            }
        } else {
            Why::AssessedOutside {
                on: o.assessed_on,
                quarter: q,
                verdict: o.verdict,
            }
        }
    } else if let Some(p) = slot.prev.as_ref().filter(|p| p.status == Status::Revoked) {
        Why::RevokedNotReapplied { on: p.revoked_on }
    } else {
        Why::DidNotApply
    }
}
