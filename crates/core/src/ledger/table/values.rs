//! One cell read against its column's kind: text cleaned, numbers, dates,
//! yes/no answers and categories parsed, and what a refused cell held.

use super::{ReadContext, Value};
use crate::ledger::contract::{CaseCategory, ColumnSpec, Kind};
use crate::problem::ProblemKind;
use wuyi_sheets::normalize::{self, clean_text};
use wuyi_sheets::{Cell, format_number};

/// The remark written in brackets beside a yes/no answer: "已搬离" from
/// 否（已搬离）, "租住" from 是(租住); `None` for a bare answer or for text
/// that is not an answer at all.
pub fn yes_no_remark(text: &str) -> Option<String> {
    // Without a bracket there is no remark (most answers).
    if !text.contains(['(', '（', '[', '【', '［', '〔']) {
        return None;
    }
    normalize::parse_yes_no(text)?;
    let mut depth = 0usize;
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for ch in clean_text(text).chars() {
        match ch {
            '(' | '（' | '[' | '【' | '［' | '〔' => {
                if depth > 0 {
                    current.push(ch);
                }
                depth += 1;
            }
            ')' | '）' | ']' | '】' | '］' | '〕' => {
                depth = depth.saturating_sub(1);
                if depth > 0 {
                    current.push(ch);
                } else {
                    let t = current.trim();
                    if !t.is_empty() {
                        parts.push(t.to_string());
                    }
                    current.clear();
                }
            }
            _ if depth > 0 => current.push(ch),
            _ => {}
        }
    }
    let t = current.trim();
    if !t.is_empty() {
        parts.push(t.to_string());
    }
    (!parts.is_empty()).then(|| parts.join("；"))
}

/// What an unreadable cell held, as its problem quotes it.
pub(super) fn written(kind: &ProblemKind) -> String {
    match kind {
        ProblemKind::BadDate { value, .. }
        | ProblemKind::BadNumber { value, .. }
        | ProblemKind::BadYesNo { value, .. }
        | ProblemKind::BadCategory { value }
        | ProblemKind::CellError { value, .. } => value.clone(),
        ProblemKind::Negative { value, .. } => format_number(*value),
        ProblemKind::UncalculatedFormula { formula, .. } => format!("={formula}"),
        _ => String::new(),
    }
}
/// One cell against its column's kind. `Ok(None)` is a cell that holds
/// nothing meaningful (only spaces).
/// [`parse_cell`] for a cell the caller owns: text that needs no cleaning
/// is kept as it is rather than copied.
pub(super) fn parse_owned(
    cell: Cell,
    spec: &ColumnSpec,
    ctx: &ReadContext,
) -> Result<Option<Value>, ProblemKind> {
    match (spec.kind, cell) {
        (Kind::Text | Kind::Id, Cell::Text(t)) => {
            let text = normalize::clean_owned(t, spec.kind == Kind::Id);
            Ok((!text.is_empty()).then(|| Value::Text(text.into())))
        }
        (_, cell) => parse_cell(&cell, spec, ctx),
    }
}

fn parse_cell(
    cell: &Cell,
    spec: &ColumnSpec,
    ctx: &ReadContext,
) -> Result<Option<Value>, ProblemKind> {
    let column = || spec.zh.to_string();
    if let Cell::Error(e) = cell {
        return Err(ProblemKind::CellError {
            column: column(),
            value: e.clone(),
        });
    }
    if let Cell::Uncalculated(f) = cell {
        return Err(ProblemKind::UncalculatedFormula {
            column: column(),
            formula: f.clone(),
        });
    }
    let shown = || cell.display();
    // A count or score read as a number: below zero, or not a number at all,
    // is refused.
    let amount = |n: Option<(f64, Value)>| match n {
        Some((x, _)) if x < 0.0 => Err(ProblemKind::Negative {
            column: column(),
            value: x,
        }),
        Some((_, v)) => Ok(Some(v)),
        None => Err(ProblemKind::BadNumber {
            column: column(),
            value: shown(),
        }),
    };
    match spec.kind {
        Kind::Text | Kind::Id => {
            let text = match cell {
                Cell::Text(t) if spec.kind == Kind::Id => normalize::clean_id(t),
                Cell::Text(t) => clean_text(t),
                other => other.display(),
            };
            Ok((!text.is_empty()).then(|| Value::Text(text.into())))
        }
        Kind::Count => {
            let n = match cell {
                Cell::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(*n as i64),
                Cell::Text(t) => normalize::parse_integer(t),
                _ => None,
            };
            amount(n.map(|n| (n as f64, Value::Int(n))))
        }
        Kind::Score => {
            let n = match cell {
                Cell::Number(n) if n.is_finite() => Some(*n),
                Cell::Text(t) => normalize::parse_number(t),
                _ => None,
            };
            amount(n.map(|n| (n, Value::Num(n))))
        }
        Kind::Date => {
            let d = match cell {
                Cell::Date(d) => Some(*d),
                Cell::Number(n) => normalize::parse_date_number(*n, ctx.is_1904),
                Cell::Text(t) => normalize::parse_date_text(t),
                _ => None,
            };
            d.map(|d| Some(Value::Date(d))).ok_or(ProblemKind::BadDate {
                column: column(),
                value: shown(),
            })
        }
        Kind::YesNo => {
            let b = match cell {
                Cell::Bool(b) => Some(*b),
                Cell::Number(n) if *n == 1.0 => Some(true),
                Cell::Number(n) if *n == 0.0 => Some(false),
                Cell::Text(t) => normalize::parse_yes_no(t),
                _ => None,
            };
            b.map(|b| Some(Value::Bool(b)))
                .ok_or(ProblemKind::BadYesNo {
                    column: column(),
                    value: shown(),
                })
        }
        Kind::Category => {
            let c = match cell {
                Cell::Text(t) => CaseCategory::parse(t),
                _ => None,
            };
            c.map(|c| Some(Value::Category(c)))
                .ok_or(ProblemKind::BadCategory { value: shown() })
        }
    }
}
