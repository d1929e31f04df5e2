//! The header row: found wherever it is among the first rows, across a band
//! of group cells over sub-headers, and each column's label resolved to a
//! contract column.

use super::search::BandSearch;
use super::{HEADER_SEARCH_ROWS, first_text, is_note_text};
use crate::ledger::contract::{Aliases, SheetKey, SheetSpec};
use wuyi_sheets::normalize::{label_key, label_key_without_units};
use wuyi_sheets::{Cell, SheetRow};

/// Header labels that only number the rows (序号 and the like). A running
/// number is never an id, so such a column is left unread and unreported.
const COUNTER_LABELS: &[&str] = &[
    "序号",
    "序",
    "no",
    "no.",
    "编号",
    "行号",
    "序列号",
    "顺序号",
];

/// Whether a header only numbers the rows (序号, 编号, No. and the like); such a column is left unread
/// and unreported.
pub fn is_counter_label(label: &str) -> bool {
    let k = label_key_without_units(label);
    COUNTER_LABELS.contains(&k.as_str())
}

/// Sub-headers that, under a group cell naming a person (网格长 over 姓名 |
/// 联系电话), mean the person's name or the person's phone.
pub(super) const NAME_WORDS: &[&str] = &["姓名", "名字", "名称", "name"];
pub(super) const PHONE_WORDS: &[&str] = &[
    "电话",
    "联系电话",
    "手机",
    "手机号",
    "手机号码",
    "联系方式",
    "电话号码",
    "联系号码",
    "phone",
];

/// The most rows a header band spans (group cells over sub-headers).
const MAX_BAND_ROWS: usize = 3;

/// A header found in a sheet: the rows it spans, and each column's label as
/// read from the band (group and sub-header combined where that names a
/// contract column).
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// Position in the sheet's rows of the band's last row.
    pub last: usize,
    /// The header as one row: indexed at the band's last row, one text cell
    /// per labelled column.
    pub row: SheetRow,
}

/// The band most like a header: the one naming the most contract columns;
/// on a tie the one with fewer rows, then the earliest.
pub(crate) fn find_header(
    rows: &[SheetRow],
    spec: &SheetSpec,
    aliases: &Aliases,
) -> Option<Header> {
    let n = rows.len().min(HEADER_SEARCH_ROWS);
    let mut search = BandSearch::new(&rows[..n], spec, aliases);
    // No band can name more than every column: once one does, the search
    // is over.
    let most = search.most();
    let mut best: Option<(usize, usize, usize)> = None;
    'search: for first in 0..n {
        for height in 1..=MAX_BAND_ROWS {
            let last = first + height - 1;
            if last >= n {
                break;
            }
            // A band is rows one under another, with no gap.
            if rows[last].index != rows[first].index + (height as u32 - 1) {
                break;
            }
            let band = &rows[first..=last];
            if height > 1 && band.iter().any(|r| first_text(r).is_some_and(is_note_text)) {
                break;
            }
            let score = search.score(first, last);
            let better = match best {
                None => score > 0,
                Some((_, _, b)) => score > b,
            };
            if better {
                best = Some((first, last, score));
                if score >= most {
                    break 'search;
                }
            }
        }
    }
    let (first, last, _) = best?;
    let (row, _) = band_labels(&rows[first..=last], spec, aliases);
    Some(Header { last, row })
}

/// Each column's label chain down a band, top to bottom: a cell in an upper
/// row covers its own column and the columns to its right whose cell in
/// that row is empty and which have a label further down (a merged group
/// cell keeps its text in its first column only).
pub(super) fn band_labels(
    band: &[SheetRow],
    spec: &SheetSpec,
    aliases: &Aliases,
) -> (SheetRow, usize) {
    let last = band.len() - 1;
    let mut cols: Vec<u32> = band
        .iter()
        .flat_map(|r| {
            r.cells
                .iter()
                .filter(|(_, c)| !is_blank(c))
                .map(|(c, _)| *c)
        })
        .collect();
    cols.sort_unstable();
    cols.dedup();
    let text_at = |r: usize, col: u32| -> Option<String> {
        band[r]
            .get(col)
            .filter(|c| !is_blank(c))
            .map(|c| cell_label(c).unwrap_or_else(|| c.display()))
    };
    // The label covering each column in each row.
    let mut covering: Vec<Vec<Option<String>>> = vec![vec![None; cols.len()]; band.len()];
    for (r, cover) in covering.iter_mut().enumerate() {
        let mut current: Option<String> = None;
        for (i, &col) in cols.iter().enumerate() {
            match text_at(r, col) {
                Some(t) => {
                    current = (r < last).then(|| t.clone());
                    cover[i] = Some(t);
                }
                None => {
                    let below = (r + 1..band.len()).any(|b| text_at(b, col).is_some());
                    if below {
                        cover[i] = current.clone();
                    } else {
                        current = None;
                    }
                }
            }
        }
    }
    let mut seen = vec![false; spec.columns.len()];
    let mut cells = Vec::with_capacity(cols.len());
    for (i, &col) in cols.iter().enumerate() {
        let mut chain: Vec<String> = Vec::new();
        for cover in &covering {
            if let Some(t) = &cover[i]
                && chain.last().is_none_or(|l| label_key(l) != label_key(t))
            {
                chain.push(t.clone());
            }
        }
        if chain.is_empty() {
            continue;
        }
        let (label, idx) = resolve_chain(&chain, spec, aliases);
        if let Some(idx) = idx {
            seen[idx] = true;
        }
        cells.push((col, Cell::Text(label)));
    }
    let row = SheetRow {
        index: band[last].index,
        cells,
    };
    (row, seen.iter().filter(|s| **s).count())
}

pub(super) fn is_blank(c: &Cell) -> bool {
    matches!(c, Cell::Text(t) if t.trim().is_empty())
}

/// The label a column's chain of band labels reads as, and the contract
/// column it names: group and sub-header together (人口情况 / 常住人口 →
/// 常住人口; 网格长 / 姓名 → 网格长; 网格长 / 联系电话 → 网格长电话), or
/// the chain joined with "/" when it names none.
fn resolve_chain(chain: &[String], spec: &SheetSpec, aliases: &Aliases) -> (String, Option<usize>) {
    let Some(sub) = chain.last() else {
        return (String::new(), None);
    };
    if chain.len() == 1 {
        return (sub.clone(), spec.match_header_in(sub, aliases));
    }
    let parent = &chain[chain.len() - 2];
    let sub_key = label_key_without_units(sub);
    let mut candidates = vec![format!("{parent}{sub}")];
    if NAME_WORDS.contains(&sub_key.as_str()) {
        candidates.push(parent.clone());
    }
    if PHONE_WORDS.contains(&sub_key.as_str()) {
        candidates.push(format!("{parent}电话"));
    }
    candidates.push(sub.clone());
    for c in candidates {
        if let Some(idx) = spec.match_header_in(&c, aliases) {
            return (c, Some(idx));
        }
    }
    (chain.join("/"), None)
}

pub(super) fn cell_label(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(t) => Some(t.clone()),
        _ => None,
    }
}
/// In 自评表, the item id is the cell that names a rubric item (A1, B5…),
/// not a row counter, whatever either column is called: the column whose
/// cells below the header most often look like an item id, if any do.
pub(super) fn item_id_column(
    header: &SheetRow,
    sample: &[SheetRow],
    spec: &SheetSpec,
    aliases: &Aliases,
) -> Option<(usize, u32)> {
    if spec.key != SheetKey::SelfAssessment {
        return None;
    }
    let idx = spec.column_index("item_id")?;
    let mut best: Option<(u32, usize)> = None;
    for (col, cell) in &header.cells {
        let label = cell_label(cell).unwrap_or_default();
        let matched = spec.match_header_in(&label, aliases);
        if matched.is_some() && matched != Some(idx) {
            continue;
        }
        let hits = sample
            .iter()
            .filter(|r| {
                r.get(*col)
                    .and_then(Cell::text)
                    .is_some_and(looks_like_item_id)
            })
            .count();
        if hits > 0 && best.is_none_or(|(_, b)| hits > b) {
            best = Some((*col, hits));
        }
    }
    best.map(|(col, _)| (idx, col))
}

/// "A1", "B5", "A-1", "C2.1": letters then digits, as rubric item ids are
/// written. A bare running number is not.
pub fn looks_like_item_id(s: &str) -> bool {
    let k = label_key(s);
    let letters = k.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = &k[letters..];
    (1..=3).contains(&letters)
        && !rest.is_empty()
        && rest.len() <= 6
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
}
