//! Reading 基本信息, the label/value sheet that says who is applying.

use chrono::NaiveDate;
use serde::Serialize;

use super::contract::{CommunityType, INFO_FIELDS, InfoField, InfoFieldSpec};
use super::table::is_note_text;
use crate::problem::{Problem, ProblemKind};
use wuyi_sheets::normalize::{self, cell_ref, clean_text};
use wuyi_sheets::{Cell, Sheet};

/// Who is applying, as stated in 基本信息.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Info {
    /// 名称: the applicant's name.
    pub name: Option<String>,
    /// 类型, when it names a known [`CommunityType`].
    pub kind: Option<CommunityType>,
    /// 所属区县: the county or district.
    pub district: Option<String>,
    /// 所属街道: the street or township.
    pub town: Option<String>,
    /// 评估日期, when it reads as a date.
    pub assessed_on: Option<NaiveDate>,
    /// 联系人: the person to contact.
    pub contact: Option<String>,
    /// 联系电话: the contact's phone number, as written.
    pub phone: Option<String>,
}

/// Reads the label/value pairs. A label is a cell naming a field (a 序号
/// or other cells before it are passed over); its value is the next
/// non-empty cell to the right that is neither a filling note nor another
/// label. Labels side by side on one row with nothing between them are a
/// horizontal layout: each value is in the row below, under its label.
pub fn read_info(
    sheet: &Sheet,
    is_1904: bool,
    aliases: &super::contract::Aliases,
    problems: &mut Vec<Problem>,
) -> Info {
    let mut info = Info::default();
    let mut found = [false; INFO_FIELDS.len()];
    let field_of = |cell: &Cell| match cell {
        Cell::Text(t) => super::contract::info_field_of(t, aliases),
        _ => None,
    };
    let mut skip_row = None;
    for (ri, row) in sheet.rows.iter().enumerate() {
        if skip_row == Some(ri) {
            continue;
        }
        // Left to right: a label, then its value whatever it says, then
        // the next label. Cells before the first label (序号) are passed
        // over.
        let mut labels: Vec<(usize, u32, usize)> = Vec::new();
        let mut expect_value = false;
        for (i, (c, cell)) in row.cells.iter().enumerate() {
            if cell.text().is_some_and(|t| t.trim().is_empty()) {
                continue;
            }
            if expect_value {
                expect_value = false;
                continue;
            }
            if let Some(fi) = field_of(cell) {
                labels.push((i, *c, fi));
                expect_value = true;
            }
        }
        let Some(&(first, first_col, _)) = labels.first() else {
            continue;
        };
        let all_labels = row.cells[first..]
            .iter()
            .all(|(_, c)| field_of(c).is_some() || c.text().is_some_and(|t| t.trim().is_empty()));
        let under_first = sheet
            .rows
            .get(ri + 1)
            .filter(|r| r.index == row.index + 1)
            .and_then(|r| r.get(first_col));
        let horizontal = all_labels
            && row.cells[first..]
                .iter()
                .filter(|(_, c)| field_of(c).is_some())
                .count()
                >= 2
            && under_first.is_some_and(|c| field_of(c).is_none());
        if horizontal {
            labels = row.cells[first..]
                .iter()
                .enumerate()
                .filter_map(|(i, (c, cell))| field_of(cell).map(|fi| (first + i, *c, fi)))
                .collect();
        }
        if horizontal {
            let below = sheet.rows.get(ri + 1).filter(|r| r.index == row.index + 1);
            if below.is_some() {
                skip_row = Some(ri + 1);
            }
            for &(_, col, fi) in &labels {
                if found[fi] {
                    continue;
                }
                found[fi] = true;
                let value = below.and_then(|r| {
                    r.get(col)
                        .filter(|c| {
                            !c.text()
                                .is_some_and(|t| t.trim().is_empty() || is_note_text(t))
                        })
                        .map(|c| (col, c))
                });
                take(
                    &INFO_FIELDS[fi],
                    sheet,
                    row.index + 1,
                    col,
                    value,
                    is_1904,
                    &mut info,
                    problems,
                );
            }
            continue;
        }
        for (k, &(i, col, fi)) in labels.iter().enumerate() {
            if found[fi] {
                continue;
            }
            found[fi] = true;
            let end = labels.get(k + 1).map(|l| l.0).unwrap_or(row.cells.len());
            let value = row.cells[(i + 1).min(end)..end]
                .iter()
                .find(|(_, c)| {
                    !c.text()
                        .is_some_and(|t| t.trim().is_empty() || is_note_text(t))
                })
                .map(|(c, cell)| (*c, cell));
            take(
                &INFO_FIELDS[fi],
                sheet,
                row.index,
                col + 1,
                value,
                is_1904,
                &mut info,
                problems,
            );
        }
    }
    for (fi, spec) in INFO_FIELDS.iter().enumerate() {
        if spec.required && !found[fi] {
            problems.push(
                Problem::error(ProblemKind::MissingInfo {
                    field: spec.zh.to_string(),
                })
                .on_sheet(&sheet.name),
            );
        }
    }
    info
}

/// Reads one field's value. `blank_at` is the cell to cite when there is
/// no value.
#[allow(clippy::too_many_arguments)]
fn take(
    spec: &InfoFieldSpec,
    sheet: &Sheet,
    blank_row: u32,
    blank_col: u32,
    value: Option<(u32, &Cell)>,
    is_1904: bool,
    info: &mut Info,
    problems: &mut Vec<Problem>,
) {
    let Some((col, cell)) = value else {
        if spec.required {
            problems.push(
                Problem::error(ProblemKind::MissingInfo {
                    field: spec.zh.to_string(),
                })
                .at(&sheet.name, cell_ref(blank_row, blank_col)),
            );
        }
        return;
    };
    let at = cell_ref(blank_row, col);
    // A broken or uncalculated formula is no name, date or type.
    let unusable = match cell {
        Cell::Error(e) => Some(ProblemKind::CellError {
            column: spec.zh.to_string(),
            value: e.clone(),
        }),
        Cell::Uncalculated(f) => Some(ProblemKind::UncalculatedFormula {
            column: spec.zh.to_string(),
            formula: f.clone(),
        }),
        _ => None,
    };
    if let Some(kind) = unusable {
        problems.push(Problem::error(kind).at(&sheet.name, at));
        return;
    }
    let text = match cell {
        Cell::Text(t) => clean_text(t),
        other => other.display(),
    };
    match spec.field {
        InfoField::Name => info.name = Some(text),
        InfoField::District => info.district = Some(text),
        InfoField::Town => info.town = Some(text),
        InfoField::Contact => info.contact = Some(text),
        InfoField::Phone => info.phone = Some(text),
        InfoField::Type => match CommunityType::parse(&text) {
            Some(t) => info.kind = Some(t),
            None => problems.push(
                Problem::error(ProblemKind::BadCommunityType { value: text }).at(&sheet.name, at),
            ),
        },
        InfoField::AssessedOn => {
            let date = match cell {
                Cell::Date(d) => Some(*d),
                Cell::Number(n) => normalize::parse_date_number(*n, is_1904),
                Cell::Text(t) => normalize::parse_date_text(t).or_else(|| {
                    let d = normalize::parse_date_two_digit_year(t)?;
                    problems.push(
                        Problem::warning(ProblemKind::TwoDigitYear {
                            column: spec.zh.to_string(),
                            value: t.clone(),
                            read: d.format("%Y-%m-%d").to_string(),
                        })
                        .at(&sheet.name, at.clone()),
                    );
                    Some(d)
                }),
                _ => None,
            };
            match date {
                Some(d) => info.assessed_on = Some(d),
                None => problems.push(
                    Problem::error(ProblemKind::BadDate {
                        column: spec.zh.to_string(),
                        value: text,
                    })
                    .at(&sheet.name, at),
                ),
            }
        }
    }
}
