//! Re-scoring some files of an existing report (`wuyi score --update`):
//! which rows the new scorecards replace, and which feedback workbooks that
//! touches.

use std::collections::{HashMap, HashSet};

use crate::i18n::Lang;
use crate::score::{feedback_file_name, sort_key};
use wuyi_core::awards::Text;
use wuyi_core::awards::matching::Place;
use wuyi_core::results::Scorecard;

/// The report after the update, in report order, with which cards are new.
pub struct Updated {
    /// The report's scorecards after the replacements, in report order.
    pub cards: Vec<Scorecard>,
    /// Per card: scored in this run.
    pub fresh: Vec<bool>,
    /// One line per new scorecard: what it replaced, or that it was added.
    pub changes: Vec<Text>,
}

fn file_name(c: &Scorecard) -> String {
    c.file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| c.file.display().to_string())
}

fn community(c: &Scorecard) -> Place {
    Place::new(c.district.as_deref(), c.town.as_deref(), &c.name)
}

/// Replaces the rows of `old` that the `new` scorecards are re-scorings of:
/// the row of the same file name, or, when no row has that name, the row of
/// the same community. Several rows of one name are told apart by their
/// community; where that still leaves more than one, the update is refused
/// rather than a row guessed. A scorecard matching no row is added.
pub fn replace(old: Vec<Scorecard>, new: Vec<Scorecard>) -> Result<Updated, Text> {
    let mut slots: Vec<Option<Scorecard>> = old.into_iter().map(Some).collect();
    let names: Vec<String> = slots
        .iter()
        .flatten()
        .map(|c| file_name(c).to_lowercase())
        .collect();
    let keys: Vec<_> = slots.iter().flatten().map(|c| community(c).key()).collect();
    let mut taken = vec![false; slots.len()];
    let mut added = Vec::new();
    let mut changes = Vec::new();
    for card in new {
        let name = file_name(&card);
        let key = community(&card).key();
        let by_name: Vec<usize> = (0..names.len())
            .filter(|&i| names[i] == name.to_lowercase())
            .collect();
        let (candidates, how) = if by_name.is_empty() {
            (
                (0..keys.len())
                    .filter(|&i| keys[i] == key)
                    .collect::<Vec<_>>(),
                Text::new("按社区", "by community"),
            )
        } else if by_name.len() == 1 {
            (by_name, Text::new("按文件名", "by file name"))
        } else {
            (
                by_name.into_iter().filter(|&i| keys[i] == key).collect(),
                Text::new("按文件名及社区", "by file name and community"),
            )
        };
        let candidates: Vec<usize> = candidates.into_iter().filter(|&i| !taken[i]).collect();
        let place = community(&card).label();
        match candidates.as_slice() {
            [] => {
                changes.push(Text::new(
                    format!("新增：{name}（{place}）"),
                    format!("added: {name} ({place})"),
                ));
                added.push(card);
            }
            [i] => {
                taken[*i] = true;
                let was = slots[*i].take();
                let was_name = was.as_ref().map(file_name).unwrap_or_default();
                changes.push(Text::new(
                    format!("替换：{name}（{place}）{}，原为 {was_name}", how.zh),
                    format!("replaced: {name} ({place}) {}, was {was_name}", how.en),
                ));
                slots[*i] = Some(card);
            }
            many => {
                let listed: Vec<String> = many
                    .iter()
                    .filter_map(|&i| slots[i].as_ref())
                    .map(|c| format!("{}（{}）", file_name(c), c.file.display()))
                    .collect();
                return Err(Text::new(
                    format!(
                        "{name}（{place}）与报告中的 {} 行都对得上，无法确定替换哪一行：{}；请给文件改一个能区分的名称",
                        many.len(),
                        listed.join("、")
                    ),
                    format!(
                        "{name} ({place}) matches {} rows of the report and which to replace cannot be told: {}; give the file a distinguishing name",
                        many.len(),
                        listed.join(", ")
                    ),
                ));
            }
        }
    }
    let mut all: Vec<(Scorecard, bool)> = slots
        .into_iter()
        .zip(taken)
        .filter_map(|(c, t)| c.map(|c| (c, t)))
        .chain(added.into_iter().map(|c| (c, true)))
        .collect();
    all.sort_by_cached_key(|(c, _)| sort_key(c));
    let (cards, fresh) = all.into_iter().unzip();
    Ok(Updated {
        cards,
        fresh,
        changes,
    })
}

/// The feedback workbook names of a report's cards, in report order, as
/// `write_reports` gives them.
pub fn feedback_names(cards: &[Scorecard], lang: Lang) -> Vec<String> {
    let mut used = HashSet::new();
    cards
        .iter()
        .map(|c| feedback_file_name(c, lang, &mut used))
        .collect()
}

/// A card's identity in a report and its feedback workbook's name.
pub type FeedbackNames = HashMap<(String, String, String, std::path::PathBuf), String>;

/// The feedback workbook names a report's cards had, by card.
pub fn names_before(old: &[Scorecard], lang: Lang) -> FeedbackNames {
    let mut order: Vec<&Scorecard> = old.iter().collect();
    order.sort_by_cached_key(|c| sort_key(c));
    let mut used = HashSet::new();
    order
        .into_iter()
        .map(|c| (sort_key(c), feedback_file_name(c, lang, &mut used)))
        .collect()
}

/// Which feedback workbooks to write: those of new cards, and of old cards
/// whose workbook name moved (a new community of the same name sorted
/// before them) or that are missing.
pub fn feedback_to_write(
    before: &FeedbackNames,
    updated: &Updated,
    lang: Lang,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<bool> {
    let now = feedback_names(&updated.cards, lang);
    updated
        .cards
        .iter()
        .zip(&updated.fresh)
        .zip(&now)
        .map(|((c, fresh), name)| *fresh || before.get(&sort_key(c)) != Some(name) || !exists(name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(file: &str, town: &str, name: &str, score: f64) -> Scorecard {
        crate::test_card::card(file, name, Some("城关区"), Some(town), Some(score))
    }

    #[test]
    fn rows_are_matched_by_file_name_then_community() {
        let old = vec![
            card("in/幸福里小区.xlsx", "东关街道", "幸福里小区", 70.0),
            card("in/和平.xlsx", "东关街道", "和平社区", 70.0),
            card("a/台账.xlsx", "东关街道", "杨家庄", 70.0),
            card("b/台账.xlsx", "西城街道", "康乐小区", 70.0),
        ];
        let new = vec![
            // Same file name, elsewhere: replaces by name.
            card("改/幸福里小区.xlsx", "东关街道", "幸福里小区", 80.0),
            // Renamed file of the same community: replaces by community.
            card("改/和平社区-修改.xlsx", "东关街道", "和平社区", 81.0),
            // One of two files of one name, told apart by community.
            card("改/台账.xlsx", "西城街道", "康乐小区", 82.0),
            // Nobody's: added.
            card("改/新村.xlsx", "西城街道", "新村", 83.0),
        ];
        let u = replace(old, new).unwrap();
        let scores: Vec<(String, f64, bool)> = u
            .cards
            .iter()
            .zip(&u.fresh)
            .map(|(c, f)| (c.name.clone(), c.score.unwrap(), *f))
            .collect();
        assert_eq!(
            scores,
            vec![
                ("和平社区".to_string(), 81.0, true),
                ("幸福里小区".into(), 80.0, true),
                ("杨家庄".into(), 70.0, false),
                ("康乐小区".into(), 82.0, true),
                ("新村".into(), 83.0, true),
            ]
        );
        assert!(u.changes[0].zh.contains("按文件名"), "{}", u.changes[0].zh);
        assert!(u.changes[1].zh.contains("按社区"), "{}", u.changes[1].zh);
        assert!(u.changes[3].zh.starts_with("新增"), "{}", u.changes[3].zh);
    }

    #[test]
    fn two_rows_that_both_match_are_not_guessed_between() {
        let old = vec![
            card("a/台账.xlsx", "东关街道", "杨家庄", 70.0),
            card("b/台账.xlsx", "西城街道", "康乐小区", 70.0),
        ];
        let new = vec![card("c/台账.xlsx", "南关街道", "新村", 80.0)];
        // Matches both by name and neither by community: added, not guessed.
        let u = replace(old.clone(), new).unwrap();
        assert_eq!(u.cards.len(), 3);
        let old = vec![
            card("a/幸福里.xlsx", "东关街道", "幸福里小区", 70.0),
            card("b/幸福里二期.xlsx", "东关街道", "幸福里小区", 70.0),
        ];
        let e = replace(
            old,
            vec![card("c/幸福里新.xlsx", "东关街道", "幸福里小区", 80.0)],
        )
        .err()
        .unwrap();
        assert!(e.zh.contains("2 行"), "{}", e.zh);
    }

    #[test]
    fn feedback_names_that_move_are_rewritten() {
        let mut x = card("x.xlsx", "东关街道", "和平社区", 70.0);
        x.district = Some("西城区".into());
        let old = vec![x, card("y.xlsx", "东关街道", "幸福里小区", 70.0)];
        // A new 东关街道 和平社区 of 城关区 sorts before 西城区's, of the
        // same town name, and takes the plain name; 西城区's moves to "-2".
        let new = vec![card("z.xlsx", "东关街道", "和平社区", 80.0)];
        let u = replace(old.clone(), new).unwrap();
        let before = names_before(&old, Lang::Zh);
        let w = feedback_to_write(&before, &u, Lang::Zh, &|_| true);
        let names = feedback_names(&u.cards, Lang::Zh);
        assert_eq!(
            names,
            [
                "东关街道-和平社区-评分反馈.xlsx",
                "东关街道-幸福里小区-评分反馈.xlsx",
                "东关街道-和平社区-评分反馈-2.xlsx"
            ]
        );
        assert_eq!(w, [true, false, true]);
        let w = feedback_to_write(&before, &u, Lang::Zh, &|n| !n.contains("幸福里"));
        assert_eq!(w, [true, true, true]);
    }
}
