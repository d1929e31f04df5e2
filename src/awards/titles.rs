//! Titles (称号): the title each type of community earns under the rubric's
//! `[awards]` section, and whether a community that holds none (or lost
//! its own this quarter) earns one on this quarter's application.

use super::candidates::{Chosen, Evidence, Slot, date_text, evidence_text, score_text};
use super::matching::Key;
use super::model::{Application, Decision, Inputs, Revocation, Status, Text};
use super::quarter::Quarter;
use super::quotas::Pending;
use crate::i18n::Lang;
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
                        format!("this quarter's assessment on {at} came before the revoking event"),
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
                d.note = Text::join(&chosen.note_parts);
                return Outcome::Pending(Pending {
                    decision: d,
                    revocation,
                    key: key.clone(),
                });
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
    d.note = Text::join(&chosen.note_parts);
    Outcome::Decided(d, revocation)
}

/// Why a community with no application counted this quarter is not
/// awarded; one assessed outside the quarter is shown as it was assessed.
fn no_application(
    q: Quarter,
    slot: &Slot,
    outside: Option<&Application>,
    d: &mut Decision,
) -> Text {
    if let Some(o) = outside {
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
    }
}
