//! The words of inspections: how an inspection was made, a row as a
//! scorecard cites it, the notes on the inspection list, and what an
//! inspection changes in a scorecard's recorded reasons.

use crate::i18n::Lang;
use wuyi_core::awards::matching::Differences;
use wuyi_core::inspection::{InspectedItem, Method, NoteKind, Record, ScoreColumn, Wording};
use wuyi_sheets::format_number;

/// The name of an inspection method.
pub trait MethodText {
    /// "明查" / "open inspection", "暗访" / "unannounced visit".
    fn label(self, lang: Lang) -> &'static str;
}

impl MethodText for Method {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Method::Open => lang.pick("明查", "open inspection"),
            Method::Unannounced => lang.pick("暗访", "unannounced visit"),
        }
    }
}

/// "暗访 2022-03-28 张三：公共区域未消杀（核定 2）": an inspection row as a
/// scorecard cites it.
pub fn record(r: &Record, lang: Lang) -> String {
    let mut head: Vec<String> = Vec::new();
    if let Some(m) = r.method {
        head.push(m.label(lang).to_string());
    }
    if let Some(d) = r.date {
        head.push(d.to_string());
    }
    if !r.inspector.is_empty() {
        head.push(r.inspector.clone());
    }
    let mut s = if head.is_empty() {
        lang.pick("核查", "inspection").to_string()
    } else {
        head.join(" ")
    };
    if !r.finding.is_empty() {
        s.push_str(lang.pick("：", ": "));
        s.push_str(&r.finding);
    }
    let v = format_number(r.verified);
    match lang {
        Lang::Zh => s.push_str(&format!("（核定 {v}）")),
        Lang::En => s.push_str(&format!(" (verified {v})")),
    }
    s
}

/// A note on the inspection list in `lang`.
pub fn note(kind: &NoteKind, lang: Lang) -> String {
    let n = format_number;
    match kind {
        NoteKind::NoName => lang
            .pick(
                "该行没有填写名称，未使用",
                "no community name; row not used",
            )
            .to_string(),
        NoteKind::NoItem { place } => match lang {
            Lang::Zh => format!("{place}：没有填写评分项编号，该行未使用"),
            Lang::En => format!("{place}: no item id; row not used"),
        },
        NoteKind::UnknownItem { place, item } => match lang {
            Lang::Zh => format!("{place}：评分标准中没有编号为“{item}”的项目，该行未使用"),
            Lang::En => format!("{place}: the rubric has no item \"{item}\"; row not used"),
        },
        NoteKind::NotANumber {
            place,
            item,
            column,
            value,
        } => {
            let what = match column {
                ScoreColumn::Verified => lang.pick("核定得分", "verified score"),
                ScoreColumn::Deduction => lang.pick("扣分", "deduction"),
            };
            match lang {
                Lang::Zh => format!("{place} {item}：{what}“{value}”不是数字，该行未使用"),
                Lang::En => {
                    format!("{place} {item}: {what} \"{value}\" is not a number; row not used")
                }
            }
        }
        NoteKind::NoScore { place, item } => match lang {
            Lang::Zh => format!("{place} {item}：没有填写核定得分或扣分，该行未使用"),
            Lang::En => {
                format!("{place} {item}: neither a verified score nor a deduction; row not used")
            }
        },
        NoteKind::OutOfRange {
            place,
            item,
            value,
            points,
        } => match lang {
            Lang::Zh => format!(
                "{place} {item}：核定得分 {} 不在 0 至分值 {} 之间，该行未使用",
                n(*value),
                n(*points)
            ),
            Lang::En => format!(
                "{place} {item}: verified score {} is not between 0 and the item's {} points; row not used",
                n(*value),
                n(*points)
            ),
        },
        NoteKind::ScoresDisagree {
            place,
            item,
            verified,
            deduction,
            points,
        } => match lang {
            Lang::Zh => format!(
                "{place} {item}：核定得分 {} 与扣分 {} 之和不等于分值 {}，按核定得分计",
                n(*verified),
                n(*deduction),
                n(*points)
            ),
            Lang::En => format!(
                "{place} {item}: verified score {} and deduction {} do not add up to the item's {} points; the verified score counts",
                n(*verified),
                n(*deduction),
                n(*points)
            ),
        },
        NoteKind::BadDate { place, item, value } => match lang {
            Lang::Zh => format!("{place} {item}：检查日期“{value}”不是有效日期，该行未使用"),
            Lang::En => {
                format!("{place} {item}: inspection date \"{value}\" is not a date; row not used")
            }
        },
        NoteKind::BadMethod { place, item, value } => match lang {
            Lang::Zh => {
                format!("{place} {item}：检查方式“{value}”不是明查或暗访，已按未注明处理")
            }
            Lang::En => format!(
                "{place} {item}: method \"{value}\" is neither 明查 (open) nor 暗访 (unannounced); shown as not stated"
            ),
        },
        NoteKind::CannotAssess { name, item, reason } => match lang {
            Lang::Zh => format!("{name} 无法评分（{}），{item} 项核查结果未使用", reason.zh),
            Lang::En => format!(
                "{name} cannot be assessed ({}); the inspection of item {item} is not used",
                reason.en
            ),
        },
        NoteKind::SameDate {
            name,
            item,
            date,
            earlier,
            counted,
            location,
        } => {
            let when = date.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
            let (earlier, counted) = (n(*earlier), n(*counted));
            match lang {
                Lang::Zh => format!(
                    "{name} {item}：同一检查日期 {when} 有两行核定得分不同（{earlier} 与 {counted}），按表中靠后的一行（{location}）计"
                ),
                Lang::En => format!(
                    "{name} {item}: two rows of the same date {when} verify different scores ({earlier} and {counted}); the lower row in the list ({location}) counts"
                ),
            }
        }
        NoteKind::NotRescored { place, item } => match lang {
            Lang::Zh => {
                format!("“{place}”不在本次重新评分的文件中，{item} 项核查结果未在此次更新中使用")
            }
            Lang::En => format!(
                "\"{place}\" is not among the files re-scored; the inspection of item {item} is not used in this update"
            ),
        },
        NoteKind::NotSubmitted { place, item, maybe } => not_submitted(place, item, maybe, lang),
    }
}

/// A row naming no community scored, with the submitted spellings it may
/// mean.
fn not_submitted(place: &str, item: &str, maybe: &[(String, Differences)], lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!("“{place}”不在本次评分的申报中，{item} 项核查结果未使用"),
        Lang::En => format!(
            "\"{place}\" is not among the applications scored; the inspection of item {item} is not used"
        ),
    };
    if !maybe.is_empty() {
        let hints: Vec<String> = maybe
            .iter()
            .map(|(l, w)| match lang {
                Lang::Zh => format!("“{l}”（{}）", super::awards::differences(w, lang)),
                Lang::En => format!("\"{l}\" ({})", super::awards::differences(w, lang)),
            })
            .collect();
        match lang {
            Lang::Zh => s.push_str(&format!(
                "；可能是 {}，未合并，请核对后统一写法",
                hints.join("、")
            )),
            Lang::En => s.push_str(&format!(
                "; it may be {}, not merged: check and use one spelling",
                hints.join(", ")
            )),
        }
    }
    s
}

/// The catalogue's wording of what an inspection changes in a scorecard.
pub struct Words;

impl Wording for Words {
    fn inspected_why(&self, item: &InspectedItem) -> (String, String) {
        let (max, was, now) = (
            format_number(item.points),
            format_number(item.self_earned),
            format_number(item.verified),
        );
        let cite = |lang: Lang, earlier_word: &str, sep: &str| {
            let mut described = item.records.iter().map(|r| record(r, lang));
            let mut s = described.next().unwrap_or_default();
            let earlier: Vec<String> = described.collect();
            if !earlier.is_empty() {
                s.push_str(earlier_word);
                s.push_str(&earlier.join(sep));
            }
            s
        };
        (
            format!(
                "核查核定 {now} 分（满分 {max}，原得分 {was}）：{}。原评分：{}",
                cite(Lang::Zh, "；此前：", "；"),
                item.self_why_zh
            ),
            format!(
                "verified by inspection at {now} of {max} (was {was}): {}. As submitted: {}",
                cite(Lang::En, "; earlier: ", "; "),
                item.self_why_en
            ),
        )
    }

    fn verified_reason(
        &self,
        passed: bool,
        total: f64,
        self_score: Option<f64>,
        pass_score: f64,
    ) -> (String, String) {
        let p = format_number(pass_score);
        let t = format_number(total);
        let s = self_score.map(format_number).unwrap_or_default();
        if passed {
            (
                format!("核定得分 {t}（自评 {s}），达到及格线 {p} 分"),
                format!("verified score {t} (self-assessed {s}), at or above the pass line of {p}"),
            )
        } else {
            (
                format!("核定得分 {t}（自评 {s}），低于及格线 {p} 分"),
                format!("verified score {t} (self-assessed {s}), below the pass line of {p}"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn records_read_as_a_cited_reason() {
        let r = Record {
            date: NaiveDate::from_ymd_opt(2022, 3, 28),
            method: Some(Method::Unannounced),
            inspector: "张三".into(),
            finding: "公共区域未消杀".into(),
            verified: 2.0,
            location: String::new(),
            counted: true,
        };
        assert_eq!(
            record(&r, Lang::Zh),
            "暗访 2022-03-28 张三：公共区域未消杀（核定 2）"
        );
        assert_eq!(
            record(&r, Lang::En),
            "unannounced visit 2022-03-28 张三: 公共区域未消杀 (verified 2)"
        );
    }
}
