//! What the reports need of a whole batch at once: how many files had each
//! verdict, and per town how many fall in each series of the distribution
//! chart. Counts only, so a batch of any size costs the same to summarise.

use std::collections::BTreeMap;

use super::chart::{self, SERIES};
use crate::i18n::Lang;
use wuyi_core::results::Scorecard;
use wuyi_core::score::Verdict;

/// Counts over a batch's scorecards, added one card at a time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overview {
    /// Files per verdict: passed, below the line, vetoed, cannot be assessed.
    verdicts: [usize; 4],
    /// Per town as stated (trimmed; empty when not stated), files per chart
    /// series.
    towns: BTreeMap<String, [usize; SERIES]>,
}

fn slot(v: Verdict) -> usize {
    match v {
        Verdict::Passed => 0,
        Verdict::Failed => 1,
        Verdict::Vetoed => 2,
        Verdict::Unassessable => 3,
    }
}

impl Overview {
    /// Counts one more card.
    pub fn add(&mut self, c: &Scorecard) {
        self.verdicts[slot(c.verdict)] += 1;
        let town = c.town.as_deref().map(str::trim).unwrap_or("");
        let counts = match self.towns.get_mut(town) {
            Some(counts) => counts,
            None => self.towns.entry(town.to_string()).or_insert([0; SERIES]),
        };
        if let Some(i) = chart::series_of(c.verdict, c.score) {
            counts[i] += 1;
        }
    }

    /// How many cards were counted.
    pub fn files(&self) -> usize {
        self.verdicts.iter().sum()
    }

    /// How many cards have verdict `v`.
    pub fn count(&self, v: Verdict) -> usize {
        self.verdicts[slot(v)]
    }

    /// The closing line of the terminal summary: how many files passed, fell
    /// below the pass line, were vetoed and could not be assessed.
    pub fn count_line(&self, lang: Lang) -> String {
        let n = self.files();
        let (p, f, v, u) = (
            self.count(Verdict::Passed),
            self.count(Verdict::Failed),
            self.count(Verdict::Vetoed),
            self.count(Verdict::Unassessable),
        );
        match lang {
            Lang::Zh => format!("共 {n} 个文件：达标 {p}，未达标 {f}，一票否决 {v}，无法评分 {u}"),
            Lang::En => format!(
                "{n} files: {p} passed, {f} below the pass line, {v} vetoed, {u} cannot be assessed"
            ),
        }
    }

    /// Per town as the chart names it (a blank town under one label), how
    /// many applications fall in each of the chart's series. Every town
    /// with a file is listed, even one whose files all could not be scored.
    pub(super) fn chart_counts(&self, lang: Lang) -> BTreeMap<String, Vec<usize>> {
        let mut by_town: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (town, counts) in &self.towns {
            let name = if town.is_empty() {
                lang.pick("（未填）", "(blank)")
            } else {
                town
            };
            let row = by_town
                .entry(name.to_string())
                .or_insert_with(|| vec![0; SERIES]);
            for (into, n) in row.iter_mut().zip(counts) {
                *into += n;
            }
        }
        by_town
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_verdicts_and_bands_per_town() {
        let mut o = Overview::default();
        let card = |town: Option<&str>, score: Option<f64>| {
            crate::test_card::card("x.xlsx", "甲", None, town, score)
        };
        o.add(&card(Some("东关街道"), Some(95.0)));
        o.add(&card(Some(" 东关街道 "), Some(50.0)));
        o.add(&card(None, Some(72.0)));
        o.add(&card(Some("  "), None));
        assert_eq!(o.files(), 4);
        let counts = o.chart_counts(Lang::Zh);
        assert_eq!(counts.len(), 2, "{counts:?}");
        assert_eq!(counts["东关街道"].iter().sum::<usize>(), 2);
        assert_eq!(counts["（未填）"].iter().sum::<usize>(), 2);
        assert!(o.count_line(Lang::En).starts_with("4 files:"));
    }
}
