//! The quarter's award decisions (公示, 授牌, 动态管理): from scored
//! applications, last quarter's register, the roster and dated events to
//! who holds a title at the quarter's end, who lost it and why, and how far
//! each town and district has come towards the coverage target.
//!
//! Everything here is pure: files are read by [`register`], [`roster`] and
//! [`events`], written by the report crate (`wuyi_report::awards`), and the
//! command only wires them up.
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

mod candidates;
mod coverage;
pub mod events;
mod holders;
pub mod matching;
mod model;
pub mod order;
pub mod quarter;
mod quotas;
pub mod register;
pub mod roster;
pub mod tabular;
mod titles;
pub mod why;

use matching::Key;
use quotas::{Pending, apply_quotas};

pub use coverage::{Basis, Coverage, DistrictCoverage, TownCoverage, share};
pub use model::{Application, AwardList, Decision, Inputs, Note, Revocation, Status, Text, Topic};
pub use quarter::Quarter;
pub use register::check_register_quarter;
pub use titles::title_for;
pub use why::{Cite, Reason, Why};

/// Makes the quarter's decisions.
pub fn decide(input: &Inputs) -> AwardList {
    let q = input.quarter;
    let end = q.end();
    let mut notes: Vec<Note> = input.notes.clone();
    let slots = candidates::gather(input, &mut notes);
    let has_roster = input.roster.is_some();

    let mut finals: Vec<(Key, Decision)> = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut revocations: Vec<Revocation> = Vec::new();
    for (key, slot) in &slots {
        let mut chosen = candidates::choose(slot, q, &mut notes);
        let kind = slot.kind(chosen.current);
        let evidence = slot.evidence(end);
        let in_roster = !has_roster || slot.roster.is_some();
        let mut d = chosen.decision(kind, in_roster);
        let mut revocation = None;
        if let Some(p) = slot.prev.as_ref().filter(|p| p.status.holds()) {
            match holders::judge(input, p, &mut chosen, kind, &evidence, &mut d, &mut notes) {
                holders::Held::Decided(r) => {
                    revocations.extend(r);
                    d.note = Reason(chosen.note_parts.clone());
                    finals.push((key.clone(), d));
                    continue;
                }
                holders::Held::Lost(r) => revocation = Some(r),
            }
        }
        match titles::judge(input, key, slot, &chosen, kind, &evidence, d, revocation) {
            titles::Outcome::Decided(d, r) => {
                revocations.extend(r);
                finals.push((key.clone(), d));
            }
            titles::Outcome::Pending(p) => pending.push(p),
        }
    }

    apply_quotas(input, &mut pending);
    for mut p in pending {
        if let Some(mut r) = p.revocation {
            r.reawarded = p.decision.status == Status::New;
            if r.reawarded {
                // The public list says so too: the title was lost and won
                // back within the quarter.
                let again = Why::RevokedAndAgain { on: r.revoked_on };
                p.decision.note = p.decision.note.then([again]);
            }
            revocations.push(r);
        }
        finals.push((p.key, p.decision));
    }
    let list_order = order::ListOrder::new(input.roster.as_deref());
    finals.sort_by(|a, b| list_order.keys(&a.0, &b.0));
    let decisions: Vec<Decision> = finals.into_iter().map(|(_, d)| d).collect();
    revocations.sort_by(|a, b| list_order.keys(&a.place.key(), &b.place.key()));
    let coverage = coverage::coverage(
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
