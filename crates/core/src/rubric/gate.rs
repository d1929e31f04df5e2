//! The zero-case gate (一票否决): with assessment date D and a window of N
//! days, any case-log entry of a gated category dated D−(N−1) … D vetoes the
//! application whatever its score, and so does any household currently
//! recording close or secondary contacts.
//!
//! The gate is three-valued. Every cell it depends on is either read and
//! clear, read and vetoing, or not readable; a cell that could not be read
//! leaves the gate undecided and the application cannot be assessed. It
//! never takes "could not read" for "nothing there".

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::Gate;
use crate::ledger::contract::CaseCategory;
use crate::ledger::rowshape::is_nothing_text;
use crate::ledger::{Ledger, Table, Value};

/// One entry that vetoed an application.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// "涉疫台账!A5".
    pub location: String,
    /// The entry's date; households' contact counts have none.
    pub date: Option<NaiveDate>,
    /// The entry's category, or the household column's.
    pub category: CaseCategory,
    /// For household hits, how many people are recorded.
    pub count: Option<i64>,
    /// The household's id, when the row gives one.
    pub household: Option<String>,
    /// A count written as a word ("有", "是", "√"), read as at least one.
    pub written: Option<String>,
}

/// A cell the gate depends on that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Undecided {
    /// "涉疫台账!A7".
    pub location: String,
    /// The sheet's name as in the workbook.
    pub sheet: String,
    /// "A7".
    pub cell: String,
    /// Why the cell leaves the gate undecided.
    pub why: UnreadWhy,
}

/// Why a cell leaves the gate undecided, as values: the report layer's
/// catalogue words it. Text written in a cell that could not be read is
/// kept as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum UnreadWhy {
    /// A gated entry's date is unreadable (`written`) or blank (`None`).
    CaseDate {
        /// The entry's category.
        category: CaseCategory,
        /// The date as written, or `None` when blank.
        written: Option<String>,
        /// The category's window.
        days: u32,
    },
    /// An entry within the widest window whose category is unreadable
    /// (`written`) or blank (`None`).
    CaseCategory {
        /// The entry's date.
        date: NaiveDate,
        /// The category as written, or `None` when blank.
        written: Option<String>,
    },
    /// An entry whose date and category are both unreadable or blank.
    CaseEntry {
        /// The date as written, or `None` when blank.
        date: Option<String>,
        /// The category as written, or `None` when blank.
        category: Option<String>,
    },
    /// A household's contact count that is neither a number nor a yes/no.
    HouseholdCount {
        /// The household's id ("" when it has none).
        household: String,
        /// The contact column's category.
        category: CaseCategory,
        /// The count as written.
        written: String,
    },
    /// A totals row recording contacts that no household row shows.
    TotalsOnly {
        /// The contact column's category.
        category: CaseCategory,
        /// The count the totals row gives.
        count: i64,
    },
}

/// How the gate came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateState {
    /// Every cell read, none within the window.
    Clear,
    /// At least one entry read within the window.
    Vetoed,
    /// Nothing read vetoes, but cells it depends on could not be read.
    Undecided,
}

/// The gate, decided: the window, what vetoes and what could not be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateResult {
    /// The main window, in days.
    pub window_days: u32,
    /// First and last day of the main window (D−(N−1), D).
    pub window_start: NaiveDate,
    /// The main window's last day, the assessment date.
    pub window_end: NaiveDate,
    /// Every entry that vetoes.
    pub hits: Vec<Hit>,
    /// Every cell the gate depends on that could not be read.
    pub undecided: Vec<Undecided>,
    /// What was read and how the gate was decided.
    pub summary: GateSummary,
}

/// What the gate read, for the one line that says how it was decided
/// ("涉疫台账 12 行、一户一档 85 户的密接/次密接均已读取：14 天内无涉疫记录").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateSummary {
    /// The case log, when the ledger has one.
    pub cases: Option<CaseRows>,
    /// The households' contact columns, when the gate reads them and the
    /// ledger has a household sheet.
    pub households: Option<HouseholdRows>,
    /// The main window, in days.
    pub window_days: u32,
    /// How the gate came out.
    pub state: GateState,
    /// How many entries vetoed.
    pub hits: usize,
    /// How many cells could not be read.
    pub undecided: usize,
}

/// The case log as the gate read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRows {
    /// The sheet's name as in the workbook.
    pub sheet: String,
    /// Rows read.
    pub rows: usize,
    /// No rows, but "无", "本期无涉疫人员" written where they go.
    pub nothing_written: bool,
}

/// The household sheet's contact columns as the gate read them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HouseholdRows {
    /// The sheet's name as in the workbook.
    pub sheet: String,
    /// Households read.
    pub rows: usize,
    /// The contact columns read (close, secondary).
    pub present: Vec<CaseCategory>,
    /// The contact columns the sheet does not have.
    pub absent: Vec<CaseCategory>,
}

impl GateResult {
    /// A certain veto outweighs cells that could not be read.
    pub fn state(&self) -> GateState {
        if !self.hits.is_empty() {
            GateState::Vetoed
        } else if !self.undecided.is_empty() {
            GateState::Undecided
        } else {
            GateState::Clear
        }
    }

    /// Clear: nothing vetoes and every cell was read.
    pub fn passed(&self) -> bool {
        self.state() == GateState::Clear
    }
}

/// The first day inside an N-day window ending on `d`.
pub fn window_start(d: NaiveDate, days: u32) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(days.saturating_sub(1))))
        .unwrap_or(d)
}

/// A gate cell as read.
enum Read<T> {
    Value(T),
    /// Held something its column could not read, as written.
    Unreadable(String),
    Blank,
}

fn read_date(t: &Table, rec: &crate::ledger::Record, idx: usize) -> Read<NaiveDate> {
    match (t.date(rec, idx), t.unread(rec, idx)) {
        (Some(d), _) => Read::Value(d),
        (None, Some(s)) => Read::Unreadable(s.to_string()),
        (None, None) => Read::Blank,
    }
}

fn read_category(t: &Table, rec: &crate::ledger::Record, idx: usize) -> Read<CaseCategory> {
    match (t.category(rec, idx), t.unread(rec, idx)) {
        (Some(c), _) => Read::Value(c),
        (None, Some(s)) => Read::Unreadable(s.to_string()),
        (None, None) => Read::Blank,
    }
}

/// A cell's text as written when it could not be read, `None` when blank.
fn written<T>(r: Read<T>) -> Option<String> {
    match r {
        Read::Unreadable(s) => Some(s),
        _ => None,
    }
}

/// What the case log says within the window, and what it leaves undecided.
fn case_log(
    gate: &Gate,
    cases: &Table,
    d: NaiveDate,
    hits: &mut Vec<Hit>,
    undecided: &mut Vec<Undecided>,
) {
    // An entry whose category cannot be read counts if it falls within the
    // widest window any category has.
    let Some(&widest) = gate.windows.values().max() else {
        return;
    };
    let (dc, cc) = (cases.idx("date"), cases.idx("category"));
    let hc = cases.idx("household_id");
    let within = |date: NaiveDate, days: u32| date >= window_start(d, days) && date <= d;
    for rec in &cases.rows {
        let date = read_date(cases, rec, dc);
        let cat = read_category(cases, rec, cc);
        let date_loc = cases.location(rec, dc);
        let cat_loc = cases.location(rec, cc);
        match (cat, date) {
            (Read::Value(c), date) => {
                let Some(&days) = gate.windows.get(&c) else {
                    continue;
                };
                match date {
                    Read::Value(date) if within(date, days) => hits.push(Hit {
                        location: date_loc,
                        date: Some(date),
                        category: c,
                        count: None,
                        household: cases.text(rec, hc).map(str::to_string),
                        written: None,
                    }),
                    Read::Value(_) => {}
                    Read::Unreadable(s) => undecided.push(Undecided {
                        location: date_loc,
                        sheet: cases.sheet.clone(),
                        cell: cases.cell(rec, dc),
                        why: UnreadWhy::CaseDate {
                            category: c,
                            written: Some(s),
                            days,
                        },
                    }),
                    Read::Blank => undecided.push(Undecided {
                        location: date_loc,
                        sheet: cases.sheet.clone(),
                        cell: cases.cell(rec, dc),
                        why: UnreadWhy::CaseDate {
                            category: c,
                            written: None,
                            days,
                        },
                    }),
                }
            }
            (cat, Read::Value(date)) => {
                if !within(date, widest) {
                    continue;
                }
                undecided.push(Undecided {
                    location: cat_loc,
                    sheet: cases.sheet.clone(),
                    cell: cases.cell(rec, cc),
                    why: UnreadWhy::CaseCategory {
                        date,
                        written: written(cat),
                    },
                });
            }
            (cat, date) => {
                undecided.push(Undecided {
                    location: date_loc,
                    sheet: cases.sheet.clone(),
                    cell: cases.cell(rec, dc),
                    why: UnreadWhy::CaseEntry {
                        date: written(date),
                        category: written(cat),
                    },
                });
            }
        }
    }
}

/// A count column filled in as a yes/no: `Some(true)` for words that say
/// there is someone (有, 是, √), `Some(false)` for words that say there is
/// nobody (无, 否, ×, /). A number never reaches here.
fn written_count(s: &str) -> Option<bool> {
    let k = wuyi_sheets::normalize::label_key_without_units(s);
    match k.as_str() {
        "有" | "是" | "√" | "✓" | "✔" | "☑" | "y" | "yes" | "有人" => Some(true),
        "否" | "×" | "✗" | "✘" | "n" | "no" | "没有" | "无人" => Some(false),
        _ if is_nothing_text(s) => Some(false),
        _ => None,
    }
}

/// What households record of close and secondary contacts. Returns the
/// columns that are not in the sheet.
fn households(h: &Table, hits: &mut Vec<Hit>, undecided: &mut Vec<Undecided>) -> Vec<CaseCategory> {
    let id = h.idx("household_id");
    let mut absent = Vec::new();
    for (key, cat) in [
        ("close_contacts", CaseCategory::CloseContact),
        ("secondary_contacts", CaseCategory::SecondaryContact),
    ] {
        let c = h.idx(key);
        if !h.has_column(c) {
            absent.push(cat);
            continue;
        }
        let mut recorded = 0i64;
        let mut doubtful = false;
        for rec in &h.rows {
            let household = || h.text(rec, id).map(str::to_string);
            match (h.value(rec, c), h.unread(rec, c)) {
                (Some(Value::Int(n)), _) if *n > 0 => {
                    recorded = recorded.saturating_add(*n);
                    hits.push(Hit {
                        location: h.location(rec, c),
                        date: None,
                        category: cat,
                        count: Some(*n),
                        household: household(),
                        written: None,
                    });
                }
                (Some(_), _) | (None, None) => {}
                (None, Some(s)) => match written_count(s) {
                    Some(true) => {
                        recorded = recorded.saturating_add(1);
                        hits.push(Hit {
                            location: h.location(rec, c),
                            date: None,
                            category: cat,
                            count: None,
                            household: household(),
                            written: Some(s.to_string()),
                        });
                    }
                    Some(false) => {}
                    None => {
                        doubtful = true;
                        undecided.push(Undecided {
                            location: h.location(rec, c),
                            sheet: h.sheet.clone(),
                            cell: h.cell(rec, c),
                            why: UnreadWhy::HouseholdCount {
                                household: household().unwrap_or_default(),
                                category: cat,
                                written: s.to_string(),
                            },
                        });
                    }
                },
            }
        }
        // A totals row recording contacts that no household row shows.
        if recorded == 0 && !doubtful {
            for rec in &h.totals {
                if let Some(Value::Int(n)) = h.value(rec, c)
                    && *n > 0
                {
                    undecided.push(Undecided {
                        location: h.location(rec, c),
                        sheet: h.sheet.clone(),
                        cell: h.cell(rec, c),
                        why: UnreadWhy::TotalsOnly {
                            category: cat,
                            count: *n,
                        },
                    });
                }
            }
        }
    }
    absent
}

/// Decides the gate for a ledger assessed on `d`.
pub fn evaluate(gate: &Gate, ledger: &Ledger, d: NaiveDate) -> GateResult {
    let mut hits = Vec::new();
    let mut undecided = Vec::new();
    if let Some(cases) = &ledger.cases {
        case_log(gate, cases, d, &mut hits, &mut undecided);
    }
    let mut absent = Vec::new();
    if gate.household_contacts
        && let Some(h) = &ledger.households
    {
        absent = households(h, &mut hits, &mut undecided);
    }
    let summary = summary(gate, ledger, &hits, &undecided, &absent);
    GateResult {
        window_days: gate.window_days,
        window_start: window_start(d, gate.window_days),
        window_end: d,
        hits,
        undecided,
        summary,
    }
}

/// What the gate read, and how it came out.
fn summary(
    gate: &Gate,
    ledger: &Ledger,
    hits: &[Hit],
    undecided: &[Undecided],
    absent: &[CaseCategory],
) -> GateSummary {
    let cases = ledger.cases.as_ref().map(|c| CaseRows {
        sheet: c.sheet.clone(),
        rows: c.rows.len(),
        nothing_written: c.rows.is_empty() && !c.nothing.is_empty(),
    });
    let households = ledger
        .households
        .as_ref()
        .filter(|_| gate.household_contacts)
        .map(|h| HouseholdRows {
            sheet: h.sheet.clone(),
            rows: h.rows.len(),
            present: [CaseCategory::CloseContact, CaseCategory::SecondaryContact]
                .into_iter()
                .filter(|c| !absent.contains(c))
                .collect(),
            absent: absent.to_vec(),
        });
    let state = if !hits.is_empty() {
        GateState::Vetoed
    } else if !undecided.is_empty() {
        GateState::Undecided
    } else {
        GateState::Clear
    };
    GateSummary {
        cases,
        households,
        window_days: gate.window_days,
        state,
        hits: hits.len(),
        undecided: undecided.len(),
    }
}

/// For `wuyi check`, which has no rubric: the cells the built-in gate could
/// not read, as errors at their cells, so that a file `check` finds
/// acceptable is never one `score` cannot assess for its gate. Needs the
/// 评估日期; without it `check` already reports an error.
pub fn undecided_problems(ledger: &Ledger) -> Vec<crate::problem::Problem> {
    use crate::problem::{Problem, ProblemKind};
    static BUILTIN: std::sync::LazyLock<Option<super::Rubric>> =
        std::sync::LazyLock::new(|| super::Rubric::builtin().ok());
    let (Some(d), Some(rubric)) = (ledger.info.assessed_on, BUILTIN.as_ref()) else {
        return Vec::new();
    };
    evaluate(&rubric.gate, ledger, d)
        .undecided
        .into_iter()
        .map(|u| Problem::error(ProblemKind::GateUndecided { why: u.why }).at(&u.sheet, u.cell))
        .collect()
}
