//! The columns the summary sheet and `results.csv` share, and the cells
//! of a card that fill them.

use super::RunInfo;
use crate::i18n::Lang;
use wuyi_core::results::Scorecard;

/// A score as the terminal and feedback show it: one decimal, or — when
/// there is none.
pub(super) fn score_text(s: Option<f64>) -> String {
    s.map(|x| format!("{x:.1}")).unwrap_or_else(|| "—".into())
}

/// The summary's column headers, shared by `results.csv` and the summary
/// sheet: place, score, one column per section, the inspection columns when
/// inspected, then gate, verdict, reason and file.
pub(super) fn summary_headers(info: &RunInfo, lang: Lang) -> Vec<String> {
    let mut h: Vec<String> = [
        ("序号", "No."),
        ("区县", "district"),
        ("街道(乡镇)", "town"),
        ("名称", "name"),
        ("类型", "type"),
        ("评估日期", "assessed on"),
        ("得分", "score"),
    ]
    .iter()
    .map(|(z, e)| lang.pick(z, e).to_string())
    .collect();
    for (id, name) in &info.sections {
        h.push(format!("{id} {name}"));
    }
    if info.inspected() {
        for (z, e) in INSPECTION_HEADERS {
            h.push(lang.pick(z, e).to_string());
        }
    }
    for (z, e) in [
        ("14天零病例", "zero-case gate"),
        ("零病例核查依据", "how the gate was decided"),
        ("结论", "verdict"),
        ("原因", "reason"),
        ("文件", "file"),
    ] {
        h.push(lang.pick(z, e).to_string());
    }
    h
}

/// The summary's columns for inspected runs, after the sections.
pub(super) const INSPECTION_HEADERS: [(&str, &str); 4] = [
    ("自评得分", "self-assessed"),
    ("核定得分", "verified"),
    ("核定-自评", "verified - self"),
    ("未核定项", "unverified items"),
];

/// The summary's inspection cells of a card: self score, verified score,
/// their difference and the self-assessed items no one verified.
pub(super) fn inspection_cells(c: &Scorecard) -> (Option<f64>, Option<f64>, Option<f64>, String) {
    match &c.inspection {
        Some(i) => (
            i.self_score,
            i.verified_score,
            i.difference(),
            i.unverified.join("、"),
        ),
        None => (c.score, None, None, String::new()),
    }
}

/// The file's name alone: in a printed sheet the folder is noise.
pub(super) fn file_label(c: &Scorecard) -> String {
    c.file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| c.file.display().to_string())
}

/// A card's points in section `id`, if it has that section.
pub(super) fn section_score(c: &Scorecard, id: &str) -> Option<f64> {
    c.sections.iter().find(|s| s.id == id).map(|s| s.earned)
}
