//! The words of the award list: statuses, note topics, how coverage is
//! counted, the order of the lists and of the quotas, quarters, and the
//! messages the award decisions carry.

use crate::awards::order::Basis as ListOrder;
use crate::awards::quarter::CHINESE_NUMERALS;
use crate::awards::{Basis, Quarter, Status, Text, Topic};
use crate::i18n::Lang;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarter_names() {
        let q4 = Quarter::parse("2022Q4").unwrap();
        assert_eq!(q4.label(Lang::Zh), "2022年第四季度");
        assert_eq!(q4.label(Lang::En), "2022 Q4");
    }
}
