//! Combining several `wuyi score` reports (a county's towns) into one: the
//! same rubric throughout, every card kept once, and a file scored in two
//! reports accounted for.

use std::collections::HashMap;

use crate::score::{Results, RunInfo, sort_cards};
use wuyi_core::awards::Text;
use wuyi_core::awards::matching::{Key, Place};
use wuyi_core::results::Scorecard;

/// One report to merge, with the name it is cited by (its folder).
pub struct Source {
    /// The name the report is cited by in messages: its folder.
    pub label: String,
    /// The report's `results.json`, as read back.
    pub results: Results,
}

/// The combined report.
pub struct Merged {
    /// The first report's run facts, with the as-of date cleared when the
    /// reports differ and every report's inspection lists and notes gathered.
    pub info: RunInfo,
    /// In report order.
    pub cards: Vec<Scorecard>,
    /// Files scored in more than one report, and which was kept.
    pub duplicates: Vec<Text>,
    /// Other things to know (differing as-of dates).
    pub warnings: Vec<Text>,
}

/// What identifies one submission across reports: its file's name and its
/// community. Two towns' inboxes may each hold a "台账.xlsx"; those are two
/// files unless they are also the same community.
pub fn identity(c: &Scorecard) -> (String, Key) {
    let file = c
        .file
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_else(|| c.file.display().to_string());
    (
        file,
        Place::new(c.district.as_deref(), c.town.as_deref(), &c.name).key(),
    )
}

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// Merges the sources. Refuses reports scored with different rubrics,
/// naming which report used which.
pub fn combine(sources: Vec<Source>) -> Result<Merged, Text> {
    let Some(first) = sources.first() else {
        return Err(Text::new("没有要合并的报告", "no reports to merge"));
    };
    let mut rubrics: Vec<(String, String, Vec<&str>)> = Vec::new();
    for s in &sources {
        let r = &s.results.rubric;
        match rubrics.iter_mut().find(|(sha, ..)| *sha == r.sha256) {
            Some((_, _, labels)) => labels.push(&s.label),
            None => rubrics.push((
                r.sha256.clone(),
                format!("{} {}", r.name, r.version),
                vec![&s.label],
            )),
        }
    }
    if rubrics.len() > 1 {
        let zh: Vec<String> = rubrics
            .iter()
            .map(|(sha, name, labels)| {
                format!(
                    "{} 用“{name}”（SHA-256 {}…）",
                    labels.join("、"),
                    short(sha)
                )
            })
            .collect();
        let en: Vec<String> = rubrics
            .iter()
            .map(|(sha, name, labels)| {
                format!(
                    "{} used \"{name}\" (SHA-256 {}…)",
                    labels.join(", "),
                    short(sha)
                )
            })
            .collect();
        return Err(Text::new(
            format!(
                "这些报告的评分标准不同，不能合并：{}；请用同一评分标准重新评分",
                zh.join("；")
            ),
            format!(
                "these reports were scored with different rubrics and cannot be merged: {}; score them again with one rubric",
                en.join("; ")
            ),
        ));
    }

    let mut info = first.results.info();
    let mut warnings = Vec::new();
    let as_ofs: Vec<_> = sources.iter().map(|s| s.results.as_of).collect();
    if as_ofs.iter().any(|a| *a != as_ofs[0]) {
        let show = |lang_zh: bool| -> Vec<String> {
            sources
                .iter()
                .map(|s| {
                    let d = match s.results.as_of {
                        Some(d) => d.to_string(),
                        None if lang_zh => "各台账自填".into(),
                        None => "each ledger's own".into(),
                    };
                    format!("{} {d}", s.label)
                })
                .collect()
        };
        warnings.push(Text::new(
            format!(
                "各报告的评估日期不同（{}），合并报告按各自的评估日期保留",
                show(true).join("、")
            ),
            format!(
                "the reports were assessed as of different dates ({}); each result keeps its own",
                show(false).join(", ")
            ),
        ));
        info.as_of = None;
    }
    info.inspections.clear();
    info.inspection_notes.clear();
    for s in &sources {
        for i in &s.results.inspections {
            if !info.inspections.contains(i) {
                info.inspections.push(i.clone());
            }
        }
        for n in &s.results.inspection_notes {
            if !info.inspection_notes.contains(n) {
                info.inspection_notes.push(n.clone());
            }
        }
    }

    // Of a file in two reports, the later assessment; of one date, the
    // report named later.
    let labels: Vec<String> = sources.iter().map(|s| s.label.clone()).collect();
    let mut kept: HashMap<(String, Key), (usize, Scorecard)> = HashMap::new();
    let mut order: Vec<(String, Key)> = Vec::new();
    let mut duplicates = Vec::new();
    for (si, s) in sources.into_iter().enumerate() {
        for card in s.results.results {
            let id = identity(&card);
            let Some((prev_si, prev)) = kept.get_mut(&id) else {
                order.push(id.clone());
                kept.insert(id, (si, card));
                continue;
            };
            let newer = card.assessed_on >= prev.assessed_on;
            let file = card
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let place = Place::new(card.district.as_deref(), card.town.as_deref(), &card.name);
            let (keep, date) = if newer {
                (si, card.assessed_on)
            } else {
                (*prev_si, prev.assessed_on)
            };
            let date = date.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
            let (a, b, k) = (&labels[*prev_si], &labels[si], &labels[keep]);
            duplicates.push(Text::new(
                format!(
                    "“{file}”（{}）在 {a} 和 {b} 中都有评分，保留 {k} 的结果（评估日期 {date}）",
                    place.label()
                ),
                format!(
                    "\"{file}\" ({}) was scored in both {a} and {b}; the result of {k} is kept (assessed on {date})",
                    place.label()
                ),
            ));
            if newer {
                *prev_si = si;
                *prev = card;
            }
        }
    }
    let mut cards: Vec<Scorecard> = order
        .into_iter()
        .filter_map(|id| kept.remove(&id).map(|(_, c)| c))
        .collect();
    sort_cards(&mut cards);
    Ok(Merged {
        info,
        cards,
        duplicates,
        warnings,
    })
}
