//! Scoring the candidate header bands of a sheet cheaply. Every band of one
//! to three rows among the first rows is a candidate, so each cell would be
//! looked at up to six times; here each cell's label, its key and the
//! contract column it names are worked out once per sheet, and a band's
//! score is counted from those without building its labels. Only the band
//! that wins has its labels built, by [`band_labels`](super::header).

use std::borrow::Cow;

use super::header::{NAME_WORDS, PHONE_WORDS, is_blank};
use crate::ledger::contract::{Aliases, SheetSpec};
use wuyi_sheets::normalize::{label_key, without_units};
use wuyi_sheets::{Cell, SheetRow};

/// One non-blank cell of the rows searched, worked out once.
struct Labelled<'a> {
    col: u32,
    /// The cell as a label: its text, or how a number or date is shown.
    text: Cow<'a, str>,
    /// [`label_key`] of `text`.
    key: String,
    /// The contract column `text` names on its own.
    names: Option<usize>,
    /// Whether, as a sub-header, it means a person's name or phone.
    name_word: bool,
    phone_word: bool,
}

/// The rows searched for the header, each cell worked out once.
pub(super) struct BandSearch<'a> {
    source: &'a [SheetRow],
    /// The cells of `source`'s first rows, as far as worked out.
    rows: Vec<Vec<Labelled<'a>>>,
    spec: &'a SheetSpec,
    aliases: &'a Aliases,
    /// Reused for the group-and-sub-header candidates.
    joined: String,
    /// Reused per band.
    cols: Vec<u32>,
    covering: Vec<Option<(usize, usize)>>,
    seen: Vec<bool>,
}

impl<'a> BandSearch<'a> {
    pub(super) fn new(rows: &'a [SheetRow], spec: &'a SheetSpec, aliases: &'a Aliases) -> Self {
        BandSearch {
            source: rows,
            rows: Vec::with_capacity(rows.len()),
            spec,
            aliases,
            joined: String::new(),
            cols: Vec::new(),
            covering: Vec::new(),
            seen: vec![false; spec.columns.len()],
        }
    }

    /// Works out the cells of the rows up to `last`, if not done yet: a
    /// header found in the first rows leaves the rest untouched.
    fn prepare(&mut self, last: usize) {
        while self.rows.len() <= last {
            let r = &self.source[self.rows.len()];
            let cells = r
                .cells
                .iter()
                .filter(|(_, c)| !is_blank(c))
                .map(|(col, c)| {
                    let text = match c {
                        Cell::Text(t) => Cow::Borrowed(t.as_str()),
                        other => Cow::Owned(other.display()),
                    };
                    let key = label_key(&text);
                    let bare = without_units(&key);
                    Labelled {
                        col: *col,
                        names: self.spec.match_header_in(&text, self.aliases),
                        name_word: NAME_WORDS.contains(&bare.as_ref()),
                        phone_word: PHONE_WORDS.contains(&bare.as_ref()),
                        key,
                        text,
                    }
                })
                .collect();
            self.rows.push(cells);
        }
    }

    /// The most a band can score: every contract column named.
    pub(super) fn most(&self) -> usize {
        self.spec.columns.len()
    }

    /// How many contract columns the band of rows `first..=last` names, as
    /// [`band_labels`](super::header) counts them.
    pub(super) fn score(&mut self, first: usize, last: usize) -> usize {
        self.prepare(last);
        self.seen.iter_mut().for_each(|s| *s = false);
        if first == last {
            for cell in &self.rows[first] {
                if let Some(idx) = cell.names {
                    self.seen[idx] = true;
                }
            }
            return self.seen.iter().filter(|s| **s).count();
        }
        let height = last - first + 1;
        self.cols.clear();
        for r in first..=last {
            self.cols.extend(self.rows[r].iter().map(|c| c.col));
        }
        self.cols.sort_unstable();
        self.cols.dedup();
        let width = self.cols.len();
        // The cell covering each column in each row, as (row, position).
        self.covering.clear();
        self.covering.resize(width * height, None);
        for r in 0..height {
            let row = &self.rows[first + r];
            let mut current: Option<(usize, usize)> = None;
            for (i, &col) in self.cols.iter().enumerate() {
                match row.binary_search_by_key(&col, |c| c.col) {
                    Ok(pos) => {
                        current = (r + 1 < height).then_some((first + r, pos));
                        self.covering[r * width + i] = Some((first + r, pos));
                    }
                    Err(_) => {
                        let below = (first + r + 1..=last)
                            .any(|b| self.rows[b].binary_search_by_key(&col, |c| c.col).is_ok());
                        if below {
                            self.covering[r * width + i] = current;
                        } else {
                            current = None;
                        }
                    }
                }
            }
        }
        for i in 0..width {
            let mut chain: [Option<(usize, usize)>; 3] = [None; 3];
            let mut len = 0;
            for r in 0..height {
                if let Some((cr, cp)) = self.covering[r * width + i] {
                    let key = &self.rows[cr][cp].key;
                    let repeats = len > 0
                        && chain[len - 1].is_some_and(|(lr, lp)| self.rows[lr][lp].key == *key);
                    if !repeats && len < chain.len() {
                        chain[len] = Some((cr, cp));
                        len += 1;
                    }
                }
            }
            if len == 0 {
                continue;
            }
            let named = resolve(
                &self.rows,
                self.spec,
                self.aliases,
                &mut self.joined,
                &chain[..len],
            );
            if let Some(idx) = named {
                self.seen[idx] = true;
            }
        }
        self.seen.iter().filter(|s| **s).count()
    }
}

/// The contract column a chain of labels names, trying the candidates in
/// the order `resolve_chain` tries them.
fn resolve(
    rows: &[Vec<Labelled<'_>>],
    spec: &SheetSpec,
    aliases: &Aliases,
    joined: &mut String,
    chain: &[Option<(usize, usize)>],
) -> Option<usize> {
    let at = |c: &Option<(usize, usize)>| c.map(|(r, p)| &rows[r][p]);
    let sub = at(chain.last()?)?;
    if chain.len() == 1 {
        return sub.names;
    }
    let parent = at(&chain[chain.len() - 2])?;
    joined.clear();
    joined.push_str(&parent.text);
    joined.push_str(&sub.text);
    if let Some(idx) = spec.match_header_in(joined, aliases) {
        return Some(idx);
    }
    if sub.name_word && parent.names.is_some() {
        return parent.names;
    }
    if sub.phone_word {
        joined.clear();
        joined.push_str(&parent.text);
        joined.push_str("电话");
        if let Some(idx) = spec.match_header_in(joined, aliases) {
            return Some(idx);
        }
    }
    sub.names
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::header::band_labels;
    use super::*;
    use crate::ledger::contract::{AliasSpec, TABLE_SHEETS};

    /// Words header bands are made of: the contract's own labels, group
    /// cells, sub-headers, units, notes, blanks and data.
    const WORDS: &[&str] = &[
        "网格长",
        "姓名",
        "联系电话",
        "电话",
        "手机",
        "名称",
        "人口情况",
        "常住人口",
        "户籍人口",
        "(人)",
        "（人）",
        "户编号",
        "网格编号",
        "日期",
        "类别",
        "密接",
        "次密接",
        "编号",
        "项目",
        "自评得分",
        "分值",
        "备注",
        "地址",
        "户主",
        "填表说明：",
        "合计",
        "序号",
        "  ",
        "是",
        "否",
        "H00001",
        "G001",
        "*户数",
        "楼栋长",
        "楼栋",
        "人数",
        "Name",
        "PHONE",
        "疫苗接种人数",
        "核酸检测人数",
        "上级网格",
        "网格长电话",
        "无",
        "消杀",
        "部位",
        "责任人",
        "佐证材料",
    ];

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn cell(rng: &mut Rng) -> Cell {
        match rng.below(10) {
            0 => Cell::Number(rng.below(30) as f64),
            1 => Cell::Text(format!(
                "{}{}",
                WORDS[rng.below(WORDS.len())],
                WORDS[rng.below(WORDS.len())]
            )),
            _ => Cell::Text(WORDS[rng.below(WORDS.len())].to_string()),
        }
    }

    fn rows(rng: &mut Rng) -> Vec<SheetRow> {
        let mut index = 0;
        (0..rng.below(8) + 1)
            .map(|_| {
                index += 1 + u32::from(rng.below(4) == 0);
                let width = rng.below(8) as u32 + 1;
                let mut cells = BTreeMap::new();
                for c in 0..width {
                    if rng.below(3) != 0 {
                        let col = c + u32::from(rng.below(5) == 0);
                        cells.insert(col, cell(rng));
                    }
                }
                let cells = cells.into_iter().collect();
                SheetRow { index, cells }
            })
            .collect()
    }

    /// Every band of many random sheets scores as `band_labels` scores it,
    /// with and without a county's added names.
    #[test]
    fn scores_match_the_labels_built_band_by_band() {
        let spec: AliasSpec = toml::from_str(
            "[columns.\"一户一档\"]\nresidents = [\"人口情况常住\", \"住户\"]\n\
             [columns.\"网格台账\"]\nleader_phone = [\"网格长手机\"]\n",
        )
        .expect("aliases");
        let county = spec.resolve().expect("aliases resolve");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut bands = 0;
        for _ in 0..1_000 {
            let rows = rows(&mut rng);
            for aliases in [Aliases::none(), &county] {
                for spec in TABLE_SHEETS {
                    let mut search = BandSearch::new(&rows, spec, aliases);
                    for first in 0..rows.len() {
                        for last in first..rows.len().min(first + 3) {
                            let want = band_labels(&rows[first..=last], spec, aliases).1;
                            assert_eq!(
                                search.score(first, last),
                                want,
                                "{rows:?} {first}..={last}"
                            );
                            bands += 1;
                        }
                    }
                }
            }
        }
        assert!(bands > 50_000, "{bands}");
        for a in WORDS {
            for b in WORDS {
                let s = format!("{a}{b}");
                let bare = wuyi_sheets::normalize::label_key_without_units(&s);
                assert_eq!(without_units(&label_key(&s)), bare, "{s}");
            }
        }
    }
}
