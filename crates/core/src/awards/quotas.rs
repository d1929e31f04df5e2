//! Quotas (名额): new awards are limited per town first, then in all, by
//! score, then the earlier assessment, then name. A title held and
//! re-confirmed takes no place.

use std::collections::BTreeMap;

use super::matching::Key;
use super::model::{Decision, Inputs, Revocation, Status};
use super::order;
use super::why::{Reason, Why};

/// A decision still open after the first pass: a candidate for a new award
/// waiting on the quotas.
pub(super) struct Pending {
    pub(super) decision: Decision,
    /// Set when the candidate lost a title earlier in the quarter.
    pub(super) revocation: Option<Revocation>,
    pub(super) key: Key,
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

/// Leaves a candidate out for `why`: not awarded, or for one that lost its
/// title earlier in the quarter, 摘牌.
fn cut(p: &mut Pending, why: Why) {
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
            d.reason = r.reason.then([why]);
        }
        None => {
            d.status = Status::NotAwarded;
            d.title = String::new();
            d.reason = Reason::one(why);
        }
    }
}

/// Cuts the candidates a quota leaves out, per town first, then in all.
pub(super) fn apply_quotas(input: &Inputs, pending: &mut [Pending]) {
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
                    Why::OverTownQuota {
                        quota: k,
                        passed: n,
                        rank: r,
                    },
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
                Why::OverTotalQuota {
                    quota: m,
                    ranked: n,
                    rank: r,
                },
            );
        }
    }
}
