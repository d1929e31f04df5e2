//! Holders and revocations (摘牌): a title held from last quarter is kept
//! unless a case or an unrectified complaint is dated on or after the
//! assessment that earned it, or this quarter's re-assessment does not pass.

use super::candidates::{Chosen, Evidence, date_text, evidence_text, score_text};
use super::model::{Decision, Inputs, Note, Revocation, Status, Text, Topic};
use super::quarter::Quarter;
use super::register::RegisterEntry;
use super::titles::title_for;
use crate::i18n::Lang;
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
                text: Text::new(
                    format!("上季度名册中 {} 没有授牌日期，按本季度内的事件判断是否摘牌", chosen.place.label()),
                    format!(
                        "{} has no award date in the last register; only this quarter's events are considered",
                        chosen.place.label()
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
        return Held::Lost(Revocation {
            place: chosen.place.clone(),
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
    }
    let mut revoked = None;
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
                chosen.note_parts.push(Text::new(
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
    Held::Decided(revoked)
}
