//! The header's labels mapped to contract columns when a table starts: known,
//! duplicate, unknown, likely and missing columns, and what identifies a row.

use super::header::{cell_label, is_counter_label, item_id_column};
use super::rows::{NO_SLOT, RowReader, SLOT_COLUMNS};
use super::{ReadContext, Table, empty_table};
use crate::ledger::contract::{Kind, SheetSpec};
use crate::problem::{Problem, ProblemKind};
use wuyi_sheets::SheetRow;
use wuyi_sheets::normalize::{cell_ref, clean_text};

impl RowReader {
    pub(super) fn start(
        sheet: &str,
        spec: &'static SheetSpec,
        header: &SheetRow,
        sample: &[SheetRow],
        ctx: ReadContext,
        problems: &mut Vec<Problem>,
    ) -> Self {
        let mut table = Table {
            header_row: header.index,
            ..empty_table(sheet, spec)
        };
        let mut unknown = Vec::new();
        let aliases = ctx.aliases.clone();
        let item_col = item_id_column(header, sample, spec, &aliases);
        for (col, cell) in &header.cells {
            let label = cell_label(cell).unwrap_or_else(|| cell.display());
            if let Some((idx, at)) = item_col {
                if *col == at {
                    table.columns[idx] = Some(at);
                    continue;
                }
                if spec.match_header_in(&label, &aliases) == Some(idx) || is_counter_label(&label) {
                    // A row counter, whatever its header says.
                    continue;
                }
            }
            match spec.match_header_in(&label, &aliases) {
                Some(idx) if table.columns[idx].is_none() => table.columns[idx] = Some(*col),
                Some(idx) => problems.push(
                    Problem::warning(ProblemKind::DuplicateColumn {
                        column: spec.columns[idx].zh.to_string(),
                    })
                    .at(sheet, cell_ref(header.index, *col)),
                ),
                None if is_counter_label(&label) || label.trim().is_empty() => {}
                None => unknown.push(clean_text(&label)),
            }
        }
        table.unknown = unknown.clone();
        // An unknown header that looks like a column the sheet lacks is
        // named as a likely match, so no point is lost without a word.
        let mut offered: Vec<&String> = Vec::new();
        for (idx, c) in spec.columns.iter().enumerate() {
            if table.columns[idx].is_some() {
                continue;
            }
            let names: Vec<&str> = std::iter::once(c.zh)
                .chain(c.aliases.iter().copied())
                .collect();
            if let Some(found) = crate::ledger::sheets::likely(&names, &unknown)
                && !offered.contains(&found)
            {
                offered.push(found);
                let at = header
                    .cells
                    .iter()
                    .find(|(_, cell)| cell_label(cell).is_some_and(|l| clean_text(&l) == *found))
                    .map(|(col, _)| *col)
                    .unwrap_or(0);
                problems.push(
                    Problem::warning(ProblemKind::LikelyColumn {
                        found: found.clone(),
                        column: c.zh.to_string(),
                    })
                    .at(sheet, cell_ref(header.index, at)),
                );
            }
        }
        if !unknown.is_empty() {
            problems.push(
                Problem::info(ProblemKind::UnknownColumns { columns: unknown }).on_sheet(sheet),
            );
        }
        for (idx, c) in spec.columns.iter().enumerate() {
            if c.required && table.columns[idx].is_none() {
                problems.push(
                    Problem::error(ProblemKind::MissingColumn {
                        column: c.zh.to_string(),
                    })
                    .at(sheet, cell_ref(header.index, 0)),
                );
            }
        }
        let mut by_col: Vec<(u32, usize)> = table
            .columns
            .iter()
            .enumerate()
            .filter_map(|(idx, c)| c.map(|c| (c, idx)))
            .collect();
        by_col.sort_unstable();
        let leading = by_col
            .get(1)
            .or(by_col.first())
            .map(|(c, _)| *c)
            .unwrap_or(0);
        let keyed: Vec<usize> = spec
            .columns
            .iter()
            .enumerate()
            .filter(|(idx, c)| {
                c.required
                    && matches!(c.kind, Kind::Date | Kind::Category)
                    && table.columns[*idx].is_some()
            })
            .map(|(idx, _)| idx)
            .collect();
        let primary = spec
            .columns
            .iter()
            .enumerate()
            .find(|(idx, c)| {
                c.required && c.unique && c.kind == Kind::Id && table.columns[*idx].is_some()
            })
            .map(|(idx, _)| idx);
        let n = spec.columns.len();
        let slots = slots(&by_col);
        RowReader {
            table,
            ctx,
            by_col,
            slots,
            leading,
            primary,
            keyed,
            total_at: None,
            after_total: Vec::new(),
            segment: vec![0; n],
            whole: vec![0; n],
            scratch: Vec::new(),
            listed: 0,
            unlisted: 0,
            noted: 0,
            unnoted: 0,
        }
    }
}

/// For each sheet column up to the last one mapped (or [`SLOT_COLUMNS`]),
/// the contract column it maps to, or [`NO_SLOT`].
pub(super) fn slots(by_col: &[(u32, usize)]) -> Vec<u16> {
    let len = by_col
        .iter()
        .map(|(c, _)| *c as usize + 1)
        .filter(|&c| c <= SLOT_COLUMNS)
        .max()
        .unwrap_or(0);
    let mut slots = vec![NO_SLOT; len];
    for &(col, idx) in by_col {
        if let (Some(slot), Ok(idx)) = (slots.get_mut(col as usize), u16::try_from(idx)) {
            *slot = idx;
        }
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::super::rows::slot_of;
    use super::*;

    /// The direct lookup finds what a search of the sorted columns finds,
    /// for columns near, far and past its end.
    #[test]
    fn slots_find_what_the_sorted_columns_hold() {
        let layouts: [&[(u32, usize)]; 5] = [
            &[],
            &[(0, 0), (1, 1), (2, 2)],
            &[(2, 1), (5, 0), (9, 3), (16_383, 4)],
            &[(3, 0), (16_384, 1), (70_000, 2), (u32::MAX, 3)],
            &[(16_385, 2)],
        ];
        for by_col in layouts {
            let slots = slots(by_col);
            assert!(slots.len() <= SLOT_COLUMNS);
            let probes = (0..20).chain([
                16_382,
                16_383,
                16_384,
                16_385,
                70_000,
                70_001,
                u32::MAX - 1,
                u32::MAX,
            ]);
            for col in probes {
                let want = by_col
                    .binary_search_by_key(&col, |(c, _)| *c)
                    .ok()
                    .map(|p| by_col[p].1);
                assert_eq!(slot_of(&slots, by_col, col), want, "{by_col:?} {col}");
            }
        }
    }
}
