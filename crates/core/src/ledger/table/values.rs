//! One cell read against its column's kind: text cleaned, numbers, dates,
//! yes/no answers and categories parsed, and what a refused cell held.

use std::fmt::Write as _;

use chrono::NaiveDate;
use compact_str::CompactString;

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
/// A cell as its column reads it, borrowed from wherever it is held: a
/// sheet in memory, or the row buffer of a sheet being streamed. Reading
/// from a borrow means a text cell is never copied into a string of its own
/// before its column has decided what to keep of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Seen<'a> {
    /// See [`Cell::Text`].
    Text(&'a str),
    /// See [`Cell::Number`].
    Number(f64),
    /// See [`Cell::Bool`].
    Bool(bool),
    /// See [`Cell::Date`].
    Date(NaiveDate),
    /// See [`Cell::Error`].
    Error(&'a str),
    /// See [`Cell::Uncalculated`].
    Uncalculated(&'a str),
}

impl<'a> From<&'a Cell> for Seen<'a> {
    fn from(cell: &'a Cell) -> Self {
        match cell {
            Cell::Text(t) => Seen::Text(t),
            Cell::Number(n) => Seen::Number(*n),
            Cell::Bool(b) => Seen::Bool(*b),
            Cell::Date(d) => Seen::Date(*d),
            Cell::Error(e) => Seen::Error(e),
            Cell::Uncalculated(f) => Seen::Uncalculated(f),
        }
    }
}

impl<'a> Seen<'a> {
    /// The text, where the cell holds text.
    pub(super) fn text(self) -> Option<&'a str> {
        match self {
            Seen::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The cell as the user sees it, for messages: what [`Cell::display`]
    /// says.
    fn display(self) -> String {
        match self {
            Seen::Text(s) | Seen::Error(s) => s.to_string(),
            Seen::Number(n) => format_number(n),
            Seen::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
            Seen::Date(d) => d.format("%Y-%m-%d").to_string(),
            Seen::Uncalculated(_) => String::new(),
        }
    }

    /// [`Seen::display`] for a value kept in a text column: short results
    /// (a phone number typed as a number) are built in place, without a
    /// string of their own.
    fn display_compact(self) -> CompactString {
        let mut out = CompactString::default();
        // Writing to a CompactString fails only where allocation does.
        let _ = match self {
            Seen::Text(s) | Seen::Error(s) => return CompactString::new(s),
            // As `format_number` writes it.
            Seen::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                write!(out, "{}", n as i64)
            }
            Seen::Number(n) => write!(out, "{n}"),
            Seen::Bool(b) => return CompactString::const_new(if b { "TRUE" } else { "FALSE" }),
            Seen::Date(d) => write!(out, "{}", d.format("%Y-%m-%d")),
            Seen::Uncalculated(_) => Ok(()),
        };
        out
    }
}

/// [`clean_text`] (with `fold`, [`normalize::clean_id`]) into a compact
/// string: the text itself when already clean, otherwise trimmed, inner runs
/// of white space collapsed to one space, and for an id full-width
/// characters folded. The tests hold it to the same results as those two.
pub(super) fn clean_compact(s: &str, fold: bool) -> CompactString {
    if normalize::is_clean(s, fold) {
        return CompactString::new(s);
    }
    let mut out = CompactString::default();
    normalize::clean_into(s, fold, &mut out);
    out
}

/// One cell against its column's kind. `Ok(None)` is a cell that holds
/// nothing meaningful (only spaces).
pub(super) fn parse_seen(
    cell: Seen<'_>,
    spec: &ColumnSpec,
    ctx: &ReadContext,
) -> Result<Option<Value>, ProblemKind> {
    let column = || spec.zh.to_string();
    if let Seen::Error(e) = cell {
        return Err(ProblemKind::CellError {
            column: column(),
            value: e.to_string(),
        });
    }
    if let Seen::Uncalculated(f) = cell {
        return Err(ProblemKind::UncalculatedFormula {
            column: column(),
            formula: f.to_string(),
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
                Seen::Text(t) => clean_compact(t, spec.kind == Kind::Id),
                other => other.display_compact(),
            };
            Ok((!text.is_empty()).then_some(Value::Text(text)))
        }
        Kind::Count => {
            let n = match cell {
                Seen::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(n as i64),
                Seen::Text(t) => normalize::parse_integer(t),
                _ => None,
            };
            amount(n.map(|n| (n as f64, Value::Int(n))))
        }
        Kind::Score => {
            let n = match cell {
                Seen::Number(n) if n.is_finite() => Some(n),
                Seen::Text(t) => normalize::parse_number(t),
                _ => None,
            };
            amount(n.map(|n| (n, Value::Num(n))))
        }
        Kind::Date => {
            let d = match cell {
                Seen::Date(d) => Some(d),
                Seen::Number(n) => normalize::parse_date_number(n, ctx.is_1904),
                Seen::Text(t) => normalize::parse_date_text(t),
                _ => None,
            };
            // The problem is built only for a cell that is refused (most
            // are read).
            d.map(|d| Some(Value::Date(d)))
                .ok_or_else(|| ProblemKind::BadDate {
                    column: column(),
                    value: shown(),
                })
        }
        Kind::YesNo => {
            let b = match cell {
                Seen::Bool(b) => Some(b),
                Seen::Number(1.0) => Some(true),
                Seen::Number(0.0) => Some(false),
                Seen::Text(t) => normalize::parse_yes_no(t),
                _ => None,
            };
            b.map(|b| Some(Value::Bool(b)))
                .ok_or_else(|| ProblemKind::BadYesNo {
                    column: column(),
                    value: shown(),
                })
        }
        Kind::Category => {
            let c = match cell {
                Seen::Text(t) => CaseCategory::parse(t),
                _ => None,
            };
            c.map(|c| Some(Value::Category(c)))
                .ok_or_else(|| ProblemKind::BadCategory { value: shown() })
        }
    }
}

#[cfg(test)]
mod tests;
