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
use crate::i18n::Lang;
use crate::ledger::contract::CaseCategory;
use crate::ledger::rowshape::is_nothing_text;
use crate::ledger::{Ledger, Table, Value};

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
    /// A count written as a word ("有", "是", "√"), read as at least one.
    pub written: Option<String>,
}

impl Hit {
    pub fn describe(&self, lang: Lang) -> String {
        let household = self.household.as_deref().unwrap_or("");
        match (self.date, &self.written, lang) {
            (Some(d), _, Lang::Zh) => format!("{} {} {}", self.location, d, self.category.zh()),
            (Some(d), _, Lang::En) => {
                format!("{} {} {}", self.location, d, self.category.name(lang))
            }
            (None, Some(w), Lang::Zh) => format!(
                "{} 户{}登记{}“{}”，按至少 1 人读取",
                self.location,
                household,
                self.category.zh(),
                w
            ),
            (None, Some(w), Lang::En) => format!(
                "{} household {} records {} as \"{}\", read as at least one",
                self.location,
                household,
                self.category.name(lang),
                w
            ),
            (None, None, Lang::Zh) => format!(
                "{} 户{}登记{} {} 人",
                self.location,
                household,
                self.category.zh(),
                self.count.unwrap_or(0)
            ),
            (None, None, Lang::En) => format!(
                "{} household {} records {} {}",
                self.location,
                household,
                self.count.unwrap_or(0),
                self.category.name(lang)
            ),
        }
    }
}

/// A cell the gate depends on that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Undecided {
    /// "涉疫台账!A7".
    pub location: String,
    pub sheet: String,
    /// "A7".
    pub cell: String,
    pub why_zh: String,
    pub why_en: String,
}

impl Undecided {
    pub fn describe(&self, lang: Lang) -> String {
        format!(
            "{} {}",
            self.location,
            lang.pick(&self.why_zh, &self.why_en)
        )
    }
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateResult {
    pub window_days: u32,
    /// First and last day of the main window (D−(N−1), D).
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    pub hits: Vec<Hit>,
    pub undecided: Vec<Undecided>,
    /// One line saying what was read and how the gate was decided.
    pub summary_zh: String,
    pub summary_en: String,
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

fn quoted_zh(s: &str) -> String {
    let s: String = s.chars().take(40).collect();
    format!("“{s}”")
}

fn quoted_en(s: &str) -> String {
    let s: String = s.chars().take(40).collect();
    format!("\"{s}\"")
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
                        why_zh: format!(
                            "{}记录的日期{}无法识别，无法判断是否在 {days} 天内",
                            c.zh(),
                            quoted_zh(&s)
                        ),
                        why_en: format!(
                            "the date {} of a {} entry cannot be read: whether it falls within the {days} days is unknown",
                            quoted_en(&s),
                            c.name(Lang::En)
                        ),
                    }),
                    Read::Blank => undecided.push(Undecided {
                        location: date_loc,
                        sheet: cases.sheet.clone(),
                        cell: cases.cell(rec, dc),
                        why_zh: format!(
                            "{}记录的日期为空，无法判断是否在 {days} 天内",
                            c.zh()
                        ),
                        why_en: format!(
                            "a {} entry has no date: whether it falls within the {days} days is unknown",
                            c.name(Lang::En)
                        ),
                    }),
                }
            }
            (cat, Read::Value(date)) => {
                if !within(date, widest) {
                    continue;
                }
                let (zh, en) = match cat {
                    Read::Unreadable(s) => (
                        format!(
                            "{date} 的记录类别{}无法识别，不能判断是否涉疫",
                            quoted_zh(&s)
                        ),
                        format!(
                            "the category {} of the entry dated {date} is not recognised: it may be a case",
                            quoted_en(&s)
                        ),
                    ),
                    _ => (
                        format!("{date} 的记录类别为空，不能判断是否涉疫"),
                        format!("the entry dated {date} has no category: it may be a case"),
                    ),
                };
                undecided.push(Undecided {
                    location: cat_loc,
                    sheet: cases.sheet.clone(),
                    cell: cases.cell(rec, cc),
                    why_zh: zh,
                    why_en: en,
                });
            }
            (cat, date) => {
                let what_zh = |r: &Read<_>, name: &str| match r {
                    Read::Unreadable(s) => format!("{name}{}无法识别", quoted_zh(s)),
                    _ => format!("{name}为空"),
                };
                let what_en = |r: &Read<_>, name: &str| match r {
                    Read::Unreadable(s) => format!("the {name} {} cannot be read", quoted_en(s)),
                    _ => format!("the {name} is blank"),
                };
                let cat_r: Read<()> = match cat {
                    Read::Unreadable(s) => Read::Unreadable(s),
                    _ => Read::Blank,
                };
                let date_r: Read<()> = match date {
                    Read::Unreadable(s) => Read::Unreadable(s),
                    _ => Read::Blank,
                };
                undecided.push(Undecided {
                    location: date_loc,
                    sheet: cases.sheet.clone(),
                    cell: cases.cell(rec, dc),
                    why_zh: format!(
                        "{}，{}：不能判断这条记录是否涉疫、是否在窗口内",
                        what_zh(&date_r, "日期"),
                        what_zh(&cat_r, "类别")
                    ),
                    why_en: format!(
                        "{} and {}: whether this entry is a case within the window is unknown",
                        what_en(&date_r, "date"),
                        what_en(&cat_r, "category")
                    ),
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
                            why_zh: format!(
                                "户{}的{}{}不是有效人数，无法判断是否有{}",
                                household().unwrap_or_default(),
                                cat.zh(),
                                quoted_zh(s),
                                cat.zh()
                            ),
                            why_en: format!(
                                "household {}: {} {} is not a valid count, so whether it records any is unknown",
                                household().unwrap_or_default(),
                                cat.name(Lang::En),
                                quoted_en(s)
                            ),
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
                        why_zh: format!("合计行记{} {n} 人，但各户均未登记{}", cat.zh(), cat.zh()),
                        why_en: format!(
                            "the totals row records {n} {}, but no household row does",
                            cat.name(Lang::En)
                        ),
                    });
                }
            }
        }
    }
    absent
}

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
    let mut g = GateResult {
        window_days: gate.window_days,
        window_start: window_start(d, gate.window_days),
        window_end: d,
        hits,
        undecided,
        summary_zh: String::new(),
        summary_en: String::new(),
    };
    let (zh, en) = summary(gate, ledger, &g, &absent);
    g.summary_zh = zh;
    g.summary_en = en;
    g
}

/// "涉疫台账 12 行、一户一档 85 户的密接/次密接均已读取：14 天内无涉疫记录".
fn summary(
    gate: &Gate,
    ledger: &Ledger,
    g: &GateResult,
    absent: &[CaseCategory],
) -> (String, String) {
    let mut read_zh = Vec::new();
    let mut read_en = Vec::new();
    if let Some(c) = &ledger.cases {
        if c.rows.is_empty() && !c.nothing.is_empty() {
            read_zh.push(format!("{} 写明无涉疫人员", c.sheet));
            read_en.push(format!("{} says there are no cases", c.sheet));
        } else {
            read_zh.push(format!("{} {} 行", c.sheet, c.rows.len()));
            read_en.push(format!(
                "{} {} row{}",
                c.sheet,
                c.rows.len(),
                if c.rows.len() == 1 { "" } else { "s" }
            ));
        }
    }
    let mut notes_zh = Vec::new();
    let mut notes_en = Vec::new();
    if gate.household_contacts
        && let Some(h) = &ledger.households
    {
        let present: Vec<CaseCategory> =
            [CaseCategory::CloseContact, CaseCategory::SecondaryContact]
                .into_iter()
                .filter(|c| !absent.contains(c))
                .collect();
        if !present.is_empty() {
            let names_zh: Vec<&str> = present.iter().map(|c| c.zh()).collect();
            let names_en: Vec<&str> = present.iter().map(|c| c.name(Lang::En)).collect();
            read_zh.push(format!(
                "{} {} 户的{}",
                h.sheet,
                h.rows.len(),
                names_zh.join("/")
            ));
            read_en.push(format!(
                "the {} of {} households in {}",
                names_en.join(" and "),
                h.rows.len(),
                h.sheet
            ));
        }
        for c in absent {
            notes_zh.push(format!("{}没有“{}”列", h.sheet, c.zh()));
            notes_en.push(format!("{} has no \"{}\" column", h.sheet, c.zh()));
        }
    }
    let days = g.window_days;
    let (verdict_zh, verdict_en) = match g.state() {
        GateState::Clear => (
            format!("均已读取：{days} 天内无涉疫记录"),
            format!("all read: no case records within {days} days"),
        ),
        GateState::Vetoed => (
            format!("已读取：{days} 天内有 {} 条涉疫记录", g.hits.len()),
            format!(
                "read: {} case record{} within {days} days",
                g.hits.len(),
                if g.hits.len() == 1 { "" } else { "s" }
            ),
        ),
        GateState::Undecided => (
            format!(
                "已读取，但有 {} 处无法读取：无法判定 {days} 天内是否有涉疫记录",
                g.undecided.len()
            ),
            format!(
                "read, but {} cell{} could not be: whether there are case records within {days} days is undecided",
                g.undecided.len(),
                if g.undecided.len() == 1 { "" } else { "s" }
            ),
        ),
    };
    let mut zh = format!("{}{}", read_zh.join("、"), verdict_zh);
    let mut en = format!("{} {}", read_en.join(" and "), verdict_en);
    if !notes_zh.is_empty() {
        zh.push_str(&format!("（{}）", notes_zh.join("，")));
        en.push_str(&format!(" ({})", notes_en.join("; ")));
    }
    (zh, en)
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
        .map(|u| {
            Problem::error(ProblemKind::GateUndecided {
                why_zh: u.why_zh,
                why_en: u.why_en,
            })
            .at(&u.sheet, u.cell)
        })
        .collect()
}
