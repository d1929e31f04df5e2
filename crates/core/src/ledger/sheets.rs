//! Which of a workbook's sheets each ledger sheet is read from. Offices
//! name sheets as they like: 一户一档（2022年3月）, 春晖社区一户一档, one
//! sheet per grid (一户一档（1网格）, 一户一档（2网格）…). A sheet whose name
//! contains a ledger sheet's name is read as it; several such sheets are
//! read together; nothing is dropped without a word.

use super::contract::{self, NameMatch, SheetKey, SheetSpec};
use crate::problem::{Problem, ProblemKind};
use wuyi_sheets::normalize::{label_key, label_key_without_units};

/// The contract's sheets, 基本信息 first.
fn specs() -> impl Iterator<Item = &'static SheetSpec> {
    std::iter::once(&contract::INFO_SHEET).chain(contract::TABLE_SHEETS.iter().copied())
}

/// The sheets to read for each ledger sheet, in workbook order, and the
/// notes on how names were read.
#[derive(Debug, Default)]
pub struct Placement {
    /// For each contract sheet, the workbook's sheets to read it from, in workbook order.
    pub sheets: Vec<(SheetKey, Vec<String>)>,
    /// Sheets no ledger sheet claimed.
    pub unclaimed: Vec<String>,
}

impl Placement {
    /// The workbook's sheets to read a contract sheet from; empty when none were placed as it.
    pub fn get(&self, key: SheetKey) -> &[String] {
        self.sheets
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| s.as_slice())
            .unwrap_or(&[])
    }
}

/// Assigns each sheet name to the ledger sheet it names most fully. A
/// ledger sheet named exactly is read from that sheet; otherwise from every
/// sheet containing its name (a table) or the first (基本信息).
pub fn place(names: &[String], problems: &mut Vec<Problem>) -> Placement {
    place_in(names, super::contract::Aliases::none(), problems)
}

/// [`place`], with a county's added sheet names (`aliases`).
pub fn place_in(
    names: &[String],
    aliases: &super::contract::Aliases,
    problems: &mut Vec<Problem>,
) -> Placement {
    let mut claims: Vec<(SheetKey, &String, NameMatch)> = Vec::new();
    let mut unclaimed = Vec::new();
    for name in names {
        let best = specs()
            .filter_map(|s| s.name_match_in(name, aliases).map(|m| (s.key, m)))
            .fold(
                None,
                |best: Option<(SheetKey, NameMatch)>, (k, m)| match best {
                    Some((_, b)) if b >= m => best,
                    _ => Some((k, m)),
                },
            );
        match best {
            Some((k, m)) => claims.push((k, name, m)),
            None => unclaimed.push(name.clone()),
        }
    }
    let mut out = Placement {
        sheets: Vec::new(),
        unclaimed,
    };
    for spec in specs() {
        let mine: Vec<(&String, NameMatch)> = claims
            .iter()
            .filter(|(k, _, _)| *k == spec.key)
            .map(|(_, n, m)| (*n, *m))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let exact = mine.iter().find(|(_, m)| *m == NameMatch::Exact);
        let chosen: Vec<String> = match exact {
            Some((n, _)) => vec![(*n).clone()],
            None if spec.key == SheetKey::Info => vec![mine[0].0.clone()],
            None => mine.iter().map(|(n, _)| (*n).clone()).collect(),
        };
        for (n, _) in &mine {
            if !chosen.contains(n) {
                problems.push(
                    Problem::warning(ProblemKind::SheetNotRead {
                        canonical: spec.zh.to_string(),
                        read: chosen[0].clone(),
                    })
                    .on_sheet(n),
                );
            }
        }
        if exact.is_none() {
            if chosen.len() > 1 {
                problems.push(Problem::info(ProblemKind::SheetsJoined {
                    canonical: spec.zh.to_string(),
                    sheets: chosen.clone(),
                }));
            } else {
                problems.push(
                    Problem::info(ProblemKind::SheetReadAs {
                        sheet: chosen[0].clone(),
                        canonical: spec.zh.to_string(),
                    })
                    .on_sheet(&chosen[0]),
                );
            }
        }
        out.sheets.push((spec.key, chosen));
    }
    out
}

/// The problem for a ledger sheet no sheet was found for: the sheets that
/// were there, and the unclaimed one most like it.
pub fn missing(spec: &SheetSpec, names: &[String], placement: &Placement) -> Problem {
    let targets: Vec<&str> = std::iter::once(spec.zh)
        .chain(std::iter::once(spec.en))
        .chain(spec.aliases.iter().copied())
        .collect();
    let closest = placement
        .unclaimed
        .iter()
        .map(|n| {
            let s = targets
                .iter()
                .map(|t| similarity(n, t))
                .fold(0.0_f64, f64::max);
            (n, s)
        })
        .filter(|(_, s)| *s >= 0.25)
        .fold(None, |best: Option<(&String, f64)>, (n, s)| match best {
            Some((_, b)) if b >= s => best,
            _ => Some((n, s)),
        })
        .map(|(n, _)| n.clone());
    let kind = ProblemKind::MissingSheet {
        sheet: spec.zh.to_string(),
        present: names.to_vec(),
        closest,
    };
    if spec.required {
        Problem::error(kind)
    } else {
        Problem::info(kind)
    }
}

/// How alike two labels are, 0 to 1: the better of shared characters
/// (Dice) and edit distance, and 0.8 when one holds the other.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (label_key_without_units(a), label_key_without_units(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let contains =
        (a.chars().count() >= 2 && b.contains(&a)) || (b.chars().count() >= 2 && a.contains(&b));
    let ac: Vec<char> = a.chars().collect();
    let mut bc: Vec<char> = b.chars().collect();
    let total = ac.len() + bc.len();
    let mut shared = 0;
    for c in &ac {
        if let Some(i) = bc.iter().position(|x| x == c) {
            bc.swap_remove(i);
            shared += 1;
        }
    }
    let dice = 2.0 * shared as f64 / total as f64;
    let lev = strsim::normalized_levenshtein(&a, &b);
    let s = dice.max(lev);
    if contains { s.max(0.8) } else { s }
}

/// The header among `candidates` most like a column, however little: the
/// nearest thing there was.
pub fn closest<'a>(names: &[&str], candidates: &'a [String]) -> Option<&'a String> {
    most_alike(names, candidates, |_, s| s > 0.0)
}

/// The header among `candidates` most like a column, if any is alike
/// enough to be a likely match.
pub fn likely<'a>(names: &[&str], candidates: &'a [String]) -> Option<&'a String> {
    most_alike(names, candidates, |c, s| {
        s >= 0.5 && !label_key(c).is_empty()
    })
}

/// The candidate most like any of `names` among those `keep` lets through
/// (given the candidate and its likeness); the first of equals wins.
fn most_alike<'a>(
    names: &[&str],
    candidates: &'a [String],
    keep: impl Fn(&String, f64) -> bool,
) -> Option<&'a String> {
    candidates
        .iter()
        .map(|c| {
            let s = names
                .iter()
                .map(|n| similarity(c, n))
                .fold(0.0_f64, f64::max);
            (c, s)
        })
        .filter(|(c, s)| keep(c, *s))
        .fold(None, |best: Option<(&String, f64)>, (c, s)| match best {
            Some((_, b)) if b >= s => best,
            _ => Some((c, s)),
        })
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn sheets_with_months_prefixes_and_grids() {
        let mut p = Vec::new();
        let n = names(&[
            "基本信息",
            "春晖社区网格台账",
            "一户一档（1网格）",
            "一户一档（2网格）",
            "涉疫台账",
            "消杀记录（3月）",
            "自评表",
            "说明",
        ]);
        let placed = place(&n, &mut p);
        assert_eq!(
            placed.get(SheetKey::Households),
            &n[2..4],
            "one sheet per grid is read together"
        );
        assert_eq!(placed.get(SheetKey::Grids), &n[1..2]);
        assert_eq!(placed.get(SheetKey::Disinfection), &n[5..6]);
        assert_eq!(placed.unclaimed, names(&["说明"]));
        let codes: Vec<&str> = p.iter().map(|p| p.code()).collect();
        assert_eq!(codes, ["sheet_read_as", "sheets_joined", "sheet_read_as"]);
    }

    #[test]
    fn an_exact_name_wins_and_the_others_are_not_dropped_in_silence() {
        let mut p = Vec::new();
        let n = names(&["一户一档", "一户一档（2月）"]);
        let placed = place(&n, &mut p);
        assert_eq!(placed.get(SheetKey::Households), &n[..1]);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code(), "sheet_not_read");
        assert_eq!(p[0].sheet.as_deref(), Some("一户一档（2月）"));
    }

    #[test]
    fn missing_sheet_names_the_closest() {
        let mut p = Vec::new();
        let n = names(&["基本信息", "一户壹档", "Sheet3"]);
        let placed = place(&n, &mut p);
        let m = missing(&contract::HOUSEHOLDS, &n, &placed);
        let ProblemKind::MissingSheet {
            present, closest, ..
        } = &m.kind
        else {
            panic!("{m:?}");
        };
        assert_eq!(closest.as_deref(), Some("一户壹档"));
        assert!(present.iter().any(|p| p == "Sheet3"), "{present:?}");
    }

    #[test]
    fn likely_columns() {
        let c = names(&["联系方式", "备用列"]);
        assert_eq!(likely(&["联系电话"], &c), Some(&c[0]));
        assert_eq!(likely(&["常住人口"], &names(&["备用列"])), None);
    }
}
