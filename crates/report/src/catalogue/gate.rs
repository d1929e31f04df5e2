//! The zero-case gate in words: each vetoing entry, each cell that could not
//! be read and why, and the one line saying what the gate read and how it
//! was decided.

use crate::i18n::Lang;
use wuyi_core::rubric::gate::{GateState, GateSummary, Hit, Undecided, UnreadWhy};

use super::contract::Named;
use super::pair;

/// Text written in a gate cell, quoted: the first 40 characters.
fn quoted(s: &str, lang: Lang) -> String {
    let s: String = s.chars().take(40).collect();
    match lang {
        Lang::Zh => format!("“{s}”"),
        Lang::En => format!("\"{s}\""),
    }
}

/// One vetoing entry: "涉疫台账!A5 2022-03-20 确诊病例".
pub fn hit(h: &Hit, lang: Lang) -> String {
    let household = h.household.as_deref().unwrap_or("");
    let cat = h.category.name(lang);
    match (h.date, &h.written, lang) {
        (Some(d), _, _) => format!("{} {} {}", h.location, d, cat),
        (None, Some(w), Lang::Zh) => format!(
            "{} 户{}登记{}“{}”，按至少 1 人读取",
            h.location, household, cat, w
        ),
        (None, Some(w), Lang::En) => format!(
            "{} household {} records {} as \"{}\", read as at least one",
            h.location, household, cat, w
        ),
        (None, None, Lang::Zh) => format!(
            "{} 户{}登记{} {} 人",
            h.location,
            household,
            cat,
            h.count.unwrap_or(0)
        ),
        (None, None, Lang::En) => format!(
            "{} household {} records {} {}",
            h.location,
            household,
            h.count.unwrap_or(0),
            cat
        ),
    }
}

/// One cell that could not be read, with its place: "涉疫台账!A7 …".
pub fn undecided(u: &Undecided, lang: Lang) -> String {
    format!("{} {}", u.location, unread(&u.why, lang))
}

/// Why a cell leaves the gate undecided.
pub fn unread(why: &UnreadWhy, lang: Lang) -> String {
    match why {
        UnreadWhy::CaseDate {
            category,
            written: Some(s),
            days,
        } => pair(
            lang,
            format!(
                "{}记录的日期{}无法识别，无法判断是否在 {days} 天内",
                category.zh(),
                quoted(s, Lang::Zh)
            ),
            format!(
                "the date {} of a {} entry cannot be read: whether it falls within the {days} days is unknown",
                quoted(s, Lang::En),
                category.name(Lang::En)
            ),
        ),
        UnreadWhy::CaseDate {
            category,
            written: None,
            days,
        } => pair(
            lang,
            format!(
                "{}记录的日期为空，无法判断是否在 {days} 天内",
                category.zh()
            ),
            format!(
                "a {} entry has no date: whether it falls within the {days} days is unknown",
                category.name(Lang::En)
            ),
        ),
        UnreadWhy::CaseCategory {
            date,
            written: Some(s),
        } => pair(
            lang,
            format!(
                "{date} 的记录类别{}无法识别，不能判断是否涉疫",
                quoted(s, Lang::Zh)
            ),
            format!(
                "the category {} of the entry dated {date} is not recognised: it may be a case",
                quoted(s, Lang::En)
            ),
        ),
        UnreadWhy::CaseCategory {
            date,
            written: None,
        } => pair(
            lang,
            format!("{date} 的记录类别为空，不能判断是否涉疫"),
            format!("the entry dated {date} has no category: it may be a case"),
        ),
        UnreadWhy::CaseEntry { date, category } => {
            let what_zh = |r: &Option<String>, name: &str| match r {
                Some(s) => format!("{name}{}无法识别", quoted(s, Lang::Zh)),
                None => format!("{name}为空"),
            };
            let what_en = |r: &Option<String>, name: &str| match r {
                Some(s) => format!("the {name} {} cannot be read", quoted(s, Lang::En)),
                None => format!("the {name} is blank"),
            };
            pair(
                lang,
                format!(
                    "{}，{}：不能判断这条记录是否涉疫、是否在窗口内",
                    what_zh(date, "日期"),
                    what_zh(category, "类别")
                ),
                format!(
                    "{} and {}: whether this entry is a case within the window is unknown",
                    what_en(date, "date"),
                    what_en(category, "category")
                ),
            )
        }
        UnreadWhy::HouseholdCount {
            household,
            category,
            written,
        } => pair(
            lang,
            format!(
                "户{household}的{}{}不是有效人数，无法判断是否有{}",
                category.zh(),
                quoted(written, Lang::Zh),
                category.zh()
            ),
            format!(
                "household {household}: {} {} is not a valid count, so whether it records any is unknown",
                category.name(Lang::En),
                quoted(written, Lang::En)
            ),
        ),
        UnreadWhy::TotalsOnly { category, count: n } => pair(
            lang,
            format!(
                "合计行记{} {n} 人，但各户均未登记{}",
                category.zh(),
                category.zh()
            ),
            format!(
                "the totals row records {n} {}, but no household row does",
                category.name(Lang::En)
            ),
        ),
    }
}

/// "涉疫台账 12 行、一户一档 85 户的密接/次密接均已读取：14 天内无涉疫记录".
pub fn summary(s: &GateSummary, lang: Lang) -> String {
    let mut read_zh = Vec::new();
    let mut read_en = Vec::new();
    if let Some(c) = &s.cases {
        if c.nothing_written {
            read_zh.push(format!("{} 写明无涉疫人员", c.sheet));
            read_en.push(format!("{} says there are no cases", c.sheet));
        } else {
            read_zh.push(format!("{} {} 行", c.sheet, c.rows));
            read_en.push(format!(
                "{} {} row{}",
                c.sheet,
                c.rows,
                if c.rows == 1 { "" } else { "s" }
            ));
        }
    }
    let mut notes_zh = Vec::new();
    let mut notes_en = Vec::new();
    if let Some(h) = &s.households {
        if !h.present.is_empty() {
            let names_zh: Vec<&str> = h.present.iter().map(|c| c.zh()).collect();
            let names_en: Vec<&str> = h.present.iter().map(|c| c.name(Lang::En)).collect();
            read_zh.push(format!("{} {} 户的{}", h.sheet, h.rows, names_zh.join("/")));
            read_en.push(format!(
                "the {} of {} households in {}",
                names_en.join(" and "),
                h.rows,
                h.sheet
            ));
        }
        for c in &h.absent {
            notes_zh.push(format!("{}没有“{}”列", h.sheet, c.zh()));
            notes_en.push(format!("{} has no \"{}\" column", h.sheet, c.zh()));
        }
    }
    let days = s.window_days;
    let (verdict_zh, verdict_en) = match s.state {
        GateState::Clear => (
            format!("均已读取：{days} 天内无涉疫记录"),
            format!("all read: no case records within {days} days"),
        ),
        GateState::Vetoed => (
            format!("已读取：{days} 天内有 {} 条涉疫记录", s.hits),
            format!(
                "read: {} case record{} within {days} days",
                s.hits,
                if s.hits == 1 { "" } else { "s" }
            ),
        ),
        GateState::Undecided => (
            format!(
                "已读取，但有 {} 处无法读取：无法判定 {days} 天内是否有涉疫记录",
                s.undecided
            ),
            format!(
                "read, but {} cell{} could not be: whether there are case records within {days} days is undecided",
                s.undecided,
                if s.undecided == 1 { "" } else { "s" }
            ),
        ),
    };
    match lang {
        Lang::Zh => {
            let mut zh = format!("{}{}", read_zh.join("、"), verdict_zh);
            if !notes_zh.is_empty() {
                zh.push_str(&format!("（{}）", notes_zh.join("，")));
            }
            zh
        }
        Lang::En => {
            let mut en = format!("{} {}", read_en.join(" and "), verdict_en);
            if !notes_en.is_empty() {
                en.push_str(&format!(" ({})", notes_en.join("; ")));
            }
            en
        }
    }
}
