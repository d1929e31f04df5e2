//! The words of the award list: statuses, note topics, how coverage is
//! counted, the order of the lists and of the quotas, quarters, and the
//! messages the award decisions carry.

use chrono::NaiveDate;

use crate::catalogue::{Named, VerdictText};
use crate::i18n::Lang;
use wuyi_core::awards::events::{Event, EventKind};
use wuyi_core::awards::matching::{Difference, Part};
use wuyi_core::awards::order::Basis as ListOrder;
use wuyi_core::awards::quarter::CHINESE_NUMERALS;
use wuyi_core::awards::tabular::ListProblem;
use wuyi_core::awards::{Basis, Cite, Quarter, Reason, Status, Text, Topic, Why};

/// A message carried in both languages, in the language asked for.
pub trait TextIn {
    /// The message in `lang`.
    fn get(&self, lang: Lang) -> &str;
}

impl TextIn for Text {
    fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// The name of a status.
pub trait StatusText {
    /// The status as lists write it.
    fn label(self, lang: Lang) -> &'static str;
}

impl StatusText for Status {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::New => lang.pick("新授牌", "newly awarded"),
            Status::Held => lang.pick("保持", "held"),
            Status::Revoked => lang.pick("摘牌", "revoked"),
            Status::NotAwarded => lang.pick("未授牌", "not awarded"),
        }
    }
}

/// The name of a note's topic.
pub trait TopicText {
    /// The topic as the notes sheet writes it.
    fn label(self, lang: Lang) -> &'static str;
}

impl TopicText for Topic {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Topic::Inputs => lang.pick("输入", "inputs"),
            Topic::Register => lang.pick("上季度名册", "last register"),
            Topic::Roster => lang.pick("名册", "roster"),
            Topic::Events => lang.pick("事件表", "events"),
            Topic::NearMiss => lang.pick("疑似同一社区", "possible duplicate"),
            Topic::Duplicate => lang.pick("重复申报", "repeated application"),
            Topic::OutOfQuarter => lang.pick("评估日期不在本季度", "assessed outside the quarter"),
            Topic::Unassessable => lang.pick("无法评分", "cannot be assessed"),
        }
    }
}

/// How coverage is counted, or how the lists are ordered, as the lists
/// state it.
pub trait BasisText {
    /// The statement.
    fn describe(self, lang: Lang) -> &'static str;
}

impl BasisText for Basis {
    fn describe(self, lang: Lang) -> &'static str {
        match self {
            Basis::Roster => lang.pick(
                "覆盖率 = 持有称号的社区数 ÷ 名册（--roster）中的社区数",
                "coverage = communities holding the title ÷ communities on the roster (--roster)",
            ),
            Basis::Applicants => lang.pick(
                "未提供名册（--roster）：覆盖率按已申报过的社区计算，未申报的社区不在分母中，实际覆盖率更低",
                "no roster (--roster) given: coverage is over the communities that have applied; those that never applied are not counted, so true coverage is lower",
            ),
        }
    }
}

impl BasisText for ListOrder {
    fn describe(self, lang: Lang) -> &'static str {
        match self {
            ListOrder::Roster => lang.pick(
                "按名册（--roster）中的顺序排列，不在名册中的排在其后、按名称拼音排序",
                "in the order of the roster (--roster); those not on it after, by the pinyin of their names",
            ),
            ListOrder::Pinyin => lang.pick(
                "按名称拼音排序（未提供名册）",
                "by the pinyin of the names (no roster given)",
            ),
        }
    }
}

/// A quarter's name in titles.
pub trait QuarterText {
    /// "2022年第一季度" or "2022 Q1".
    fn label(self, lang: Lang) -> String;
}

impl QuarterText for Quarter {
    fn label(self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "{}年第{}季度",
                self.year,
                CHINESE_NUMERALS[usize::from(self.q.clamp(1, 4) - 1)]
            ),
            Lang::En => format!("{} Q{}", self.year, self.q),
        }
    }
}

/// The order in which quotas pick, as stated on the lists.
pub fn ranking_rule(lang: Lang) -> &'static str {
    lang.pick(
        "名额排序：得分从高到低；得分相同，评估日期早者在前；再相同，按名称拼音排序。名额只限本季度新授牌，保持称号者不占名额；先按每个街道(乡镇)的名额，再按总名额。",
        "Quota order: score, highest first; on equal scores the earlier assessment first; then by the pinyin of the name. Quotas limit new awards only (titles held take no place), per town first, then in all.",
    )
}

/// The name of an event in the events log.
pub trait EventKindText {
    /// The event as the lists write it.
    fn label(self, lang: Lang) -> &'static str;
}

impl EventKindText for EventKind {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            EventKind::Confirmed => lang.pick("新增确诊", "new confirmed case"),
            EventKind::Asymptomatic => lang.pick("新增无症状", "new asymptomatic infection"),
            EventKind::Complaint => lang.pick("投诉查实未整改", "verified complaint not rectified"),
        }
    }
}

/// "2022-05-03 新增确诊（事件表 事件!E5：note）".
fn event(e: &Event, lang: Lang) -> String {
    let note = if e.note.is_empty() {
        String::new()
    } else {
        format!("{}{}", lang.pick("：", ": "), e.note)
    };
    match lang {
        Lang::Zh => format!(
            "{} {}（事件表 {}{note}）",
            e.date,
            e.kind.label(lang),
            e.location
        ),
        Lang::En => format!(
            "{} {} (events {}{note})",
            e.date,
            e.kind.label(lang),
            e.location
        ),
    }
}

/// A case or event as cited.
fn cite(c: &Cite, lang: Lang) -> String {
    match c {
        Cite::Case {
            date,
            category,
            assessed_on,
            location,
        } => match lang {
            Lang::Zh => format!(
                "{date} {}（{assessed_on} 评估的申报 {location}）",
                category.zh()
            ),
            Lang::En => format!(
                "{date} {} ({location} of the application assessed {assessed_on})",
                category.name(Lang::En)
            ),
        },
        Cite::Event(e) => event(e, lang),
    }
}

/// A score to one decimal, or "—".
fn score_text(s: Option<f64>) -> String {
    s.map(|x| format!("{x:.1}")).unwrap_or_else(|| "—".into())
}

/// A date, or "—".
fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

/// A reason in `lang`: its parts one after the other.
pub fn reason(r: &Reason, lang: Lang) -> String {
    let parts: Vec<String> =
        r.0.iter()
            .map(|w| why(w, lang))
            .filter(|s| !s.is_empty())
            .collect();
    parts.join(lang.pick("；", "; "))
}

/// How two spellings that may be one community differ, part by part
/// (一处未填区县，名称仅后缀不同 / district blank in one, names differ only
/// by a suffix).
pub fn differences(why: &[(Part, Difference)], lang: Lang) -> String {
    let parts: Vec<String> = why
        .iter()
        .map(|(part, d)| {
            let (what_zh, what_en) = match part {
                Part::District => ("区县", "district"),
                Part::Town => ("街道(乡镇)", "town"),
                Part::Name => ("名称", "name"),
            };
            match (d, lang) {
                (Difference::Blank, Lang::Zh) => format!("一处未填{what_zh}"),
                (Difference::Blank, Lang::En) => format!("{what_en} blank in one"),
                (Difference::Suffix, Lang::Zh) => format!("{what_zh}仅后缀不同"),
                (Difference::Suffix, Lang::En) => format!("{what_en}s differ only by a suffix"),
                (Difference::Typo, Lang::Zh) => format!("{what_zh}相差一个字"),
                (Difference::Typo, Lang::En) => format!("{what_en}s one character apart"),
            }
        })
        .collect();
    parts.join(match lang {
        Lang::Zh => "，",
        Lang::En => ", ",
    })
}

/// One thing the award list says, in `lang`.
pub fn why(w: &Why, lang: Lang) -> String {
    gathering(w, lang)
        .or_else(|| holding(w, lang))
        .or_else(|| awarding(w, lang))
        .unwrap_or_default()
}

/// What gathering the inputs found, and the application that counts.
fn gathering(w: &Why, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    let pick = |zh_text: String, en_text: String| if zh { zh_text } else { en_text };
    Some(match w {
        Why::Said(t) => t.get(lang).to_string(),
        Why::NearMiss { a, b, why } => pick(
            format!(
                "“{}”与“{}”可能是同一社区（{}），未合并，请核对后统一写法",
                a.label(),
                b.label(),
                differences(why, Lang::Zh)
            ),
            format!(
                "\"{}\" and \"{}\" may be one community ({}); not merged, check and use one spelling",
                a.label(),
                b.label(),
                differences(why, Lang::En)
            ),
        ),
        Why::Recorded(s) => s.clone(),
        Why::List(p) => list_problem(p, lang),
        Why::RosterRepeat { at, first, place } => pick(
            format!("名册 {at} 与 {first} 重复：{}，只计一次", place.label()),
            format!(
                "roster {at} repeats {first}: {}; counted once",
                place.label()
            ),
        ),
        Why::RegisterNotOnRoster { place } => pick(
            format!(
                "上季度名册中的 {} 不在名册（--roster）中：列入名单，但不计入覆盖率",
                place.label()
            ),
            format!(
                "{} from the last register is not on the roster (--roster): listed, but not counted in coverage",
                place.label()
            ),
        ),
        Why::RegisterRepeat { at, place } => pick(
            format!("上季度名册 {at} 重复列出 {}，以前一行为准", place.label()),
            format!(
                "last register {at} lists {} again; the earlier row counts",
                place.label()
            ),
        ),
        Why::AppliedNotOnRoster { place } => pick(
            format!(
                "{} 已申报但不在名册（--roster）中：列入名单，但不计入覆盖率；请核对名称或补充名册",
                place.label()
            ),
            format!(
                "{} applied but is not on the roster (--roster): listed, but not counted in coverage; check the name or add it",
                place.label()
            ),
        ),
        Why::UnassessableUnknown {
            file,
            reason,
            named,
        } => {
            let (wz, we) = match named {
                Some(p) => (
                    format!("“{}”不在名册（--roster）或上季度名单中", p.label()),
                    format!(
                        "\"{}\" is neither on the roster (--roster) nor in the last register",
                        p.label()
                    ),
                ),
                None => (
                    "文件中读不出是哪个社区".to_string(),
                    "the file does not say which community it is".to_string(),
                ),
            };
            pick(
                format!(
                    "{file} 无法评分（{}），且{wz}：不列入名单，不计入覆盖率；请核对后重新提交",
                    reason.zh
                ),
                format!(
                    "{file} cannot be assessed ({}) and {we}: not listed, not counted in coverage; check it and have it submitted again",
                    reason.en
                ),
            )
        }
        Why::LateEvents { count, quarter } => {
            let end = quarter.end();
            pick(
                format!("事件表中有 {count} 条事件晚于 {quarter} 季末（{end}），留待以后季度处理"),
                format!(
                    "events dated after the end of {quarter} ({end}): {count}; left for a later quarter"
                ),
            )
        }
        Why::UnknownEvent { at, place, hints } => {
            let (hz, he) = if hints.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!("；是否为“{}”？", hints.join("”或“")),
                    format!("; did you mean \"{}\"?", hints.join("\" or \"")),
                )
            };
            pick(
                format!(
                    "事件表 {at}：{} 不在申报、名册或上季度名单中，事件未使用{hz}",
                    place.label()
                ),
                format!(
                    "events {at}: {} is not among the applications, the roster or the last register; event not used{he}",
                    place.label()
                ),
            )
        }
        Why::OutOfQuarter {
            place,
            file,
            verdict,
            on,
            quarter,
        } => pick(
            format!(
                "{}（{file}，{}）：评估日期 {} 不在 {quarter} 内，未计入本季度",
                place.label(),
                verdict.label(Lang::Zh),
                date_text(*on)
            ),
            format!(
                "{} ({file}, {}): assessed on {}, which is not in {quarter}; not counted this quarter",
                place.label(),
                verdict.label(Lang::En),
                date_text(*on)
            ),
        ),
        Why::Repeated {
            dates,
            latest,
            same_day_file,
        } => {
            let dates: Vec<String> = dates.iter().map(|d| date_text(*d)).collect();
            let (sz, se) = match same_day_file {
                Some(f) => (
                    format!("；同日多份，取文件 {f}"),
                    format!("; several that day, file {f} taken"),
                ),
                None => (String::new(), String::new()),
            };
            pick(
                format!(
                    "本季度共 {} 份申报（{}），以最近 {} 的评估为准{sz}",
                    dates.len(),
                    dates.join("、"),
                    date_text(*latest)
                ),
                format!(
                    "{} applications this quarter ({}); the latest, assessed {}, counts{se}",
                    dates.len(),
                    dates.join(", "),
                    date_text(*latest)
                ),
            )
        }
        _ => return None,
    })
}

/// The application that counts, and why a title held is kept or lost.
fn holding(w: &Why, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    let pick = |zh_text: String, en_text: String| if zh { zh_text } else { en_text };
    Some(match w {
        Why::About { place, what } => pick(
            format!("{}：{}", place.label(), why(what, lang)),
            format!("{}: {}", place.label(), why(what, lang)),
        ),
        Why::Unassessable {
            place,
            file,
            reason,
        } => pick(
            format!("{}（{file}）无法评分：{}", place.label(), reason.zh),
            format!(
                "{} ({file}) cannot be assessed: {}",
                place.label(),
                reason.en
            ),
        ),
        Why::NoAwardDate { place } => pick(
            format!(
                "上季度名册中 {} 没有授牌日期，按本季度内的事件判断是否摘牌",
                place.label()
            ),
            format!(
                "{} has no award date in the last register; only this quarter's events are considered",
                place.label()
            ),
        ),
        Why::Evidence { first, count } => {
            let first = cite(first, lang);
            if *count <= 1 {
                first
            } else {
                pick(
                    format!("{first} 等 {count} 条"),
                    format!("{first} and {} more", count - 1),
                )
            }
        }
        Why::AfterEarning { evidence, since } => {
            let e = why(evidence, lang);
            pick(
                format!("{e}，在授牌所依据的评估（{since}）之后"),
                format!("{e}, after the assessment that earned the title ({since})"),
            )
        }
        Why::Reassessed { score, on } => pick(
            format!(
                "本季度复核达标（得分 {}，评估日期 {}）",
                score_text(*score),
                date_text(*on)
            ),
            format!(
                "re-assessed and passed this quarter (score {}, assessed {})",
                score_text(*score),
                date_text(*on)
            ),
        ),
        Why::UnassessableKept { reason } => pick(
            format!("本季度申报无法评分（{}），未作复核，保持原称号", reason.zh),
            format!(
                "this quarter's application could not be assessed ({}); not re-assessed, title kept",
                reason.en
            ),
        ),
        Why::ReassessedNotPassed { verdict, reason } => pick(
            format!("本季度复核{}：{}", verdict.label(Lang::Zh), reason.zh),
            format!(
                "re-assessed this quarter, {}: {}",
                verdict.label(Lang::En),
                reason.en
            ),
        ),
        Why::OutsideAlso { on, quarter } => pick(
            format!(
                "另有评估日期 {} 的申报，不在 {quarter} 内，未计入",
                date_text(*on)
            ),
            format!(
                "an application assessed on {} is not in {quarter} and was not counted",
                date_text(*on)
            ),
        ),
        Why::Kept {
            awarded_in,
            awarded_on,
        } => {
            let from = awarded_in
                .map(|x| x.to_string())
                .unwrap_or_else(|| date_text(*awarded_on));
            pick(
                format!("沿用 {from} 授予的称号；本季度未复核，无摘牌事件"),
                format!(
                    "title awarded in {from} kept; not re-assessed this quarter, no revoking event"
                ),
            )
        }
        _ => return None,
    })
}

/// Why a title is awarded or not, quotas included.
fn awarding(w: &Why, lang: Lang) -> Option<String> {
    let zh = lang == Lang::Zh;
    let pick = |zh_text: String, en_text: String| if zh { zh_text } else { en_text };
    Some(match w {
        Why::ReassessedBeforeLoss { at } => pick(
            format!("本季度 {at} 的复核评估早于摘牌事件"),
            format!("this quarter's assessment on {at} came before the revoking event"),
        ),
        Why::PassedThen { at, evidence } => {
            let e = why(evidence, lang);
            pick(
                format!("评估（{at}）达标，但其后 {e}，不予授牌"),
                format!("passed on {at}, but then {e}; not awarded"),
            )
        }
        Why::Passed { score, at } => pick(
            format!("本季度评估达标（得分 {}，评估日期 {at}）", score_text(*score)),
            format!("passed this quarter (score {}, assessed {at})", score_text(*score)),
        ),
        Why::Reawarded { revoked, at, score } => {
            let r = reason(revoked, lang);
            pick(
                format!(
                    "{r}，摘牌；{at} 重新评估达标（得分 {}），重新授牌",
                    score_text(*score)
                ),
                format!(
                    "{r}: revoked; re-assessed on {at} and passed (score {}), awarded again",
                    score_text(*score)
                ),
            )
        }
        Why::NoTitleForType => pick(
            "达标，但类型未填写或评分标准 [awards] 中没有该类型的称号，无法授牌".into(),
            "passed, but the type is blank or the rubric's [awards] has no title for it; cannot be awarded".into(),
        ),
        Why::NotPassed { verdict, reason } => pick(
            format!("本季度申报{}：{}", verdict.label(Lang::Zh), reason.zh),
            format!(
                "this quarter's application {}: {}",
                verdict.label(Lang::En),
                reason.en
            ),
        ),
        Why::PassedOutside { on, quarter } => {
            let on = date_text(*on);
            pick(
                format!("达标，但评估日期 {on} 不在 {quarter} 内，本季度不予授牌"),
                format!(
                    "passed, but assessed on {on}, which is not in {quarter}; not awarded this quarter"
                ),
            )
        }
        Why::AssessedOutside {
            on,
            quarter,
            verdict,
        } => {
            let on = date_text(*on);
            pick(
                format!(
                    "评估日期 {on} 不在 {quarter} 内（该次申报{}），本季度没有申报",
                    verdict.label(Lang::Zh)
                ),
                format!(
                    "assessed on {on}, which is not in {quarter} (that application {}); no application this quarter",
                    verdict.label(Lang::En)
                ),
            )
        }
        Why::RevokedNotReapplied { on } => pick(
            format!("{} 摘牌，本季度未重新申报", date_text(*on)),
            format!("revoked {}; did not apply again this quarter", date_text(*on)),
        ),
        Why::DidNotApply => pick("本季度未申报".into(), "did not apply this quarter".into()),
        Why::OverTownQuota {
            quota,
            passed,
            rank,
        } => pick(
            format!(
                "达标，但超出街道名额：每个街道(乡镇)每季度至多新授牌 {quota} 个，本街道达标 {passed} 个，按排序规则排第 {rank}"
            ),
            format!(
                "passed, but over the town quota: at most {quota} new awards per town a quarter; {passed} passed in this town, ranked {rank}"
            ),
        ),
        Why::OverTotalQuota {
            quota,
            ranked,
            rank,
        } => pick(
            format!(
                "达标，但超出总名额：每季度至多新授牌 {quota} 个，共 {ranked} 个在名额排序中，排第 {rank}"
            ),
            format!(
                "passed, but over the total quota: at most {quota} new awards a quarter; {ranked} in the ranking, ranked {rank}"
            ),
        ),
        Why::RevokedAndAgain { on } => {
            let when = date_text(*on);
            pick(
                format!("{when} 摘牌后重新评估授牌"),
                format!("revoked {when}, awarded again on a new assessment"),
            )
        }
        _ => return None,
    })
}

/// What is wrong with an office list or one of its rows, in `lang`.
pub fn list_problem(p: &ListProblem, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let pick = |zh_text: String, en_text: String| if zh { zh_text } else { en_text };
    match p {
        ListProblem::Open(e) => super::read::open_error(e, lang),
        ListProblem::Io(e) => pick(
            format!("无法打开文件：{e}"),
            format!("cannot open the file: {e}"),
        ),
        ListProblem::Encoding { at } => pick(
            format!(
                "CSV 文件的编码无法识别（第 {} 个字节起既不是 UTF-8 也不是 GBK/GB18030）；请在 Excel 或 WPS 中另存为 .xlsx",
                at + 1
            ),
            format!(
                "the CSV file's encoding is not recognised (from byte {} it is neither UTF-8 nor GBK/GB18030); save it as .xlsx in Excel or WPS",
                at + 1
            ),
        ),
        ListProblem::Csv(e) => pick(format!("CSV 格式有误：{e}"), format!("malformed CSV: {e}")),
        ListProblem::NoHeader { wanted } => {
            let zh_names: Vec<&str> = wanted.iter().map(|w| w.0).collect();
            let en_names: Vec<&str> = wanted.iter().map(|w| w.1).collect();
            pick(
                format!("找不到表头（需要列：{}）", zh_names.join("、")),
                format!(
                    "no header row found (needs columns: {})",
                    en_names.join(", ")
                ),
            )
        }
        ListProblem::RosterType { at, value } => pick(
            format!("名册 {at}：类型“{value}”无法识别（应为小区、社区、村、自然村或单位）"),
            format!(
                "roster {at}: type \"{value}\" not recognised (compound, community, village, natural village or unit)"
            ),
        ),
        ListProblem::RosterEmpty => pick(
            "名册中没有社区".into(),
            "the roster lists no communities".into(),
        ),
        ListProblem::EventNoDate { at } => pick(
            format!("事件表 {at}：缺少日期，该行未使用"),
            format!("events {at}: no date; row not used"),
        ),
        ListProblem::EventBadDate { at, value } => pick(
            format!("事件表 {at}：“{value}”不是有效日期，该行未使用"),
            format!("events {at}: \"{value}\" is not a date; row not used"),
        ),
        ListProblem::EventUnknown { at, value } => pick(
            format!(
                "事件表 {at}：事件“{value}”无法识别（应为新增确诊、新增无症状或投诉查实未整改），该行未使用"
            ),
            format!(
                "events {at}: event \"{value}\" not recognised (new confirmed case, new asymptomatic infection or verified complaint not rectified); row not used"
            ),
        ),
        ListProblem::RegisterBadDate { at, value } => pick(
            format!("名册 {at}：“{value}”不是有效日期，按空白处理"),
            format!("register {at}: \"{value}\" is not a date; treated as blank"),
        ),
        ListProblem::RegisterBadStatus { at, value } => pick(
            format!(
                "名册 {at}：状态“{value}”无法识别（应为新授牌、保持、摘牌或未授牌），该行未使用"
            ),
            format!(
                "register {at}: status \"{value}\" not recognised (newly awarded, held, revoked or not awarded); row not used"
            ),
        ),
        ListProblem::RegisterNotEarlier { register, quarter } => pick(
            format!(
                "--register 是 {register} 的名单，不早于本次的 {quarter}；请使用上一季度（{}）的名单",
                quarter.prev()
            ),
            format!(
                "--register is the {register} list, not earlier than {quarter}; use the previous quarter's ({}) list",
                quarter.prev()
            ),
        ),
        ListProblem::RegisterNotPrevious { register, quarter } => pick(
            format!(
                "--register 是 {register} 的名单，不是上一季度（{}）的；其间的变化未计入",
                quarter.prev()
            ),
            format!(
                "--register is the {register} list, not the previous quarter's ({}); changes in between are not included",
                quarter.prev()
            ),
        ),
        ListProblem::RegisterNoQuarter => pick(
            "--register 中没有“季度”列，无法核对是否为上一季度的名单".into(),
            "--register has no quarter column; cannot check it is last quarter's list".into(),
        ),
        ListProblem::InspectionNoScore => pick(
            "核查记录中找不到“核定得分”或“扣分”列".into(),
            "the inspection list has neither a verified score (核定得分) nor a deduction (扣分) column".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wuyi_core::awards::matching::{Place, near_misses};

    #[test]
    fn near_misses_are_worded_part_by_part() {
        let places = vec![
            (
                Place::new(Some("城关区"), Some("东关街道"), "幸福里小区"),
                None,
            ),
            (Place::new(Some("城关区"), Some("东关"), "幸福里"), None),
            (Place::new(None, Some("西城街道"), "锦秀花园"), None),
            (
                Place::new(Some("城关区"), Some("西城街道"), "锦绣花园"),
                None,
            ),
        ];
        let said: Vec<(String, String)> = near_misses(&places)
            .into_iter()
            .map(|m| {
                let w = Why::NearMiss {
                    a: m.a,
                    b: m.b,
                    why: m.why,
                };
                (why(&w, Lang::Zh), why(&w, Lang::En))
            })
            .collect();
        assert_eq!(
            said,
            vec![
                (
                    "“城关区 东关 幸福里”与“城关区 东关街道 幸福里小区”可能是同一社区（街道(乡镇)仅后缀不同，名称仅后缀不同），未合并，请核对后统一写法".to_string(),
                    "\"城关区 东关 幸福里\" and \"城关区 东关街道 幸福里小区\" may be one community (towns differ only by a suffix, names differ only by a suffix); not merged, check and use one spelling".to_string(),
                ),
                (
                    "“城关区 西城街道 锦绣花园”与“西城街道 锦秀花园”可能是同一社区（一处未填区县，名称相差一个字），未合并，请核对后统一写法".to_string(),
                    "\"城关区 西城街道 锦绣花园\" and \"西城街道 锦秀花园\" may be one community (district blank in one, names one character apart); not merged, check and use one spelling".to_string(),
                ),
            ]
        );
    }

    #[test]
    fn quarter_names() {
        let q4 = Quarter::parse("2022Q4").unwrap();
        assert_eq!(q4.label(Lang::Zh), "2022年第四季度");
        assert_eq!(q4.label(Lang::En), "2022 Q4");
    }

    #[test]
    fn list_problems_name_what_is_missing_and_where() {
        let e = ListProblem::NoHeader {
            wanted: vec![("名称", "name")],
        };
        assert!(list_problem(&e, Lang::Zh).contains("名称"));
        let e = ListProblem::Encoding { at: 5 };
        assert!(list_problem(&e, Lang::Zh).contains("第 6 个字节"));
        assert!(list_problem(&e, Lang::En).contains("byte 6"));
    }
}
