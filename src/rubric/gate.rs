//! The zero-case gate (一票否决): with assessment date D and a window of N
//! days, any case-log entry of a gated category dated D−(N−1) … D vetoes the
//! application whatever its score, and so does any household currently
//! recording close or secondary contacts.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::Gate;
use crate::i18n::Lang;
use crate::ledger::Ledger;
use crate::ledger::contract::CaseCategory;

/// One entry that vetoed an application.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// "涉疫台账!A5".
    pub location: String,
    pub date: Option<NaiveDate>,
    pub category: CaseCategory,
    /// For household hits, how many people are recorded.
    pub count: Option<i64>,
    pub household: Option<String>,
}

impl Hit {
    pub fn describe(&self, lang: Lang) -> String {
        match (self.date, lang) {
            (Some(d), Lang::Zh) => format!("{} {} {}", self.location, d, self.category.zh()),
            (Some(d), Lang::En) => format!("{} {} {}", self.location, d, self.category.name(lang)),
            (None, Lang::Zh) => format!(
                "{} 户{}登记{} {} 人",
                self.location,
                self.household.as_deref().unwrap_or(""),
                self.category.zh(),
                self.count.unwrap_or(0)
            ),
            (None, Lang::En) => format!(
                "{} household {} records {} {}",
                self.location,
                self.household.as_deref().unwrap_or(""),
                self.count.unwrap_or(0),
                self.category.name(lang)
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateResult {
    pub window_days: u32,
    /// First and last day of the main window (D−(N−1), D).
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    pub hits: Vec<Hit>,
}

impl GateResult {
    pub fn passed(&self) -> bool {
        self.hits.is_empty()
    }
}

/// The first day inside an N-day window ending on `d`.
pub fn window_start(d: NaiveDate, days: u32) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(days.saturating_sub(1))))
        .unwrap_or(d)
}

pub fn evaluate(gate: &Gate, ledger: &Ledger, d: NaiveDate) -> GateResult {
    let mut hits = Vec::new();
    if let Some(cases) = &ledger.cases {
        let (dc, cc) = (cases.idx("date"), cases.idx("category"));
        let hc = cases.idx("household_id");
        for rec in &cases.rows {
            let (Some(date), Some(cat)) = (cases.date(rec, dc), cases.category(rec, cc)) else {
                continue;
            };
            let Some(&days) = gate.windows.get(&cat) else {
                continue;
            };
            if date >= window_start(d, days) && date <= d {
                hits.push(Hit {
                    location: cases.location(rec, dc),
                    date: Some(date),
                    category: cat,
                    count: None,
                    household: cases.text(rec, hc).map(str::to_string),
                });
            }
        }
    }
    if gate.household_contacts
        && let Some(h) = &ledger.households
    {
        let id = h.idx("household_id");
        for (key, cat) in [
            ("close_contacts", CaseCategory::CloseContact),
            ("secondary_contacts", CaseCategory::SecondaryContact),
        ] {
            let c = h.idx(key);
            for rec in &h.rows {
                if let Some(n) = h.int(rec, c)
                    && n > 0
                {
                    hits.push(Hit {
                        location: h.location(rec, c),
                        date: None,
                        category: cat,
                        count: Some(n),
                        household: h.text(rec, id).map(str::to_string),
                    });
                }
            }
        }
    }
    GateResult {
        window_days: gate.window_days,
        window_start: window_start(d, gate.window_days),
        window_end: d,
        hits,
    }
}
