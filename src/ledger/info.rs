//! Reading 基本信息, the label/value sheet that says who is applying.

use chrono::NaiveDate;
use serde::Serialize;

use super::contract::{CommunityType, INFO_FIELDS, InfoField};
use super::table::is_note_text;
use crate::normalize::{self, cell_ref, clean_text};
use crate::problem::{Problem, ProblemKind};
use crate::workbook::{Cell, Sheet};

/// Who is applying, as stated in 基本信息.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Info {
    pub name: Option<String>,
    pub kind: Option<CommunityType>,
    pub district: Option<String>,
    pub town: Option<String>,
    pub assessed_on: Option<NaiveDate>,
    pub contact: Option<String>,
    pub phone: Option<String>,
}

/// Reads the label/value pairs. A label is the first text cell of a row; its
/// value is the next non-empty cell to the right that is not a filling note.
pub fn read_info(sheet: &Sheet, is_1904: bool, problems: &mut Vec<Problem>) -> Info {
    let mut info = Info::default();
    let mut found = [false; INFO_FIELDS.len()];
    for row in &sheet.rows {
        let mut cells = row.cells.iter();
        let Some((label_col, Cell::Text(label))) = cells.next() else {
            continue;
        };
        let Some(fi) = INFO_FIELDS.iter().position(|f| f.matches(label)) else {
            continue;
        };
        if found[fi] {
            continue;
        }
        found[fi] = true;
        let spec = &INFO_FIELDS[fi];
        let value = cells.find(|(_, c)| !c.text().is_some_and(is_note_text));
        let Some((col, cell)) = value else {
            if spec.required {
                problems.push(
                    Problem::error(ProblemKind::MissingInfo {
                        field: spec.zh.to_string(),
                    })
                    .at(&sheet.name, cell_ref(row.index, label_col + 1)),
                );
            }
            continue;
        };
        let at = cell_ref(row.index, *col);
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
            continue;
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
                    Problem::error(ProblemKind::BadCommunityType { value: text })
                        .at(&sheet.name, at),
                ),
            },
            InfoField::AssessedOn => {
                let date = match cell {
                    Cell::Date(d) => Some(*d),
                    Cell::Number(n) => normalize::parse_date_number(*n, is_1904),
                    Cell::Text(t) => normalize::parse_date_text(t),
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
