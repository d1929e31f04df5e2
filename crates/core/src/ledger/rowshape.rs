//! What a row under a table's header is, judged the way a careful reader
//! would: a data row, a totals row, a filling note or signature, or a
//! person's way of writing "nothing to report" (无, 本期无涉疫人员, /).
//!
//! A totals row is known by its shape, not by a word somewhere in it: its
//! label sits in the table's leading columns and the cells that identify a
//! data row (its id, date, category) are empty or not of their kind. A row
//! that holds a valid date and category, or an id, is data wherever it is
//! and whatever its note says.

use wuyi_sheets::normalize::{fold_char, fold_width, label_key_without_units};

/// Labels of a grand-total row, after which a table normally ends.
const GRAND_TOTAL_LABELS: &[&str] = &[
    "合计",
    "总计",
    "总数",
    "共计",
    "累计",
    "全部合计",
    "总合计",
    "total",
    "sum",
    "grandtotal",
];

/// Labels of a subtotal row, after which the data goes on.
const SUBTOTAL_LABELS: &[&str] = &["小计", "subtotal"];

/// Rows starting with these are filling notes, signatures or dates of
/// filling, not data.
pub(crate) const NOTE_PREFIXES: &[&str] = &[
    "填写说明",
    "说明:",
    "注:",
    "备注:",
    "示例",
    "例:",
    "note:",
    "notes:",
    "填表人",
    "填表日期",
    "填表时间",
    "填报日期",
    "填报时间",
    "制表人",
    "制表日期",
    "制表时间",
    "审核人",
    "审核:",
    "审核日期",
    "填报人",
    "填报单位",
    "统计人",
    "统计日期",
    "报送日期",
    "负责人签字",
    "负责人:",
    "主要负责人",
    "分管领导",
    "签字",
    "签名",
    "盖章",
    "(盖章)",
    "单位(盖章)",
    "单位盖章",
    "社区(盖章)",
    "日期:",
    "联系人:",
    "联系电话:",
];

/// The first characters of the note prefixes.
pub(crate) const NOTE_FIRST_CHARS: &[char] = &[
    '填', '说', '注', '备', '示', '例', 'n', '制', '审', '负', '签', '统', '报', '主', '分', '盖',
    '(', '单', '社', '日', '联',
];

/// The note prefixes as label keys, computed once.
static NOTE_KEYS: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| NOTE_PREFIXES.iter().map(|p| note_key(p)).collect());

/// Folded, lower-cased and without white space, but keeping the colon that
/// tells "注：" (a note) from "注射" (a word).
fn note_key(s: &str) -> String {
    fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a cell's text opens a filling note, a signature or a date of
/// filling ("填表人：张三", "注：…", "单位（盖章）").
pub fn is_note_text(s: &str) -> bool {
    // This runs on the first cell of every row: most are rejected by their
    // first character, and only the start of the rest is normalised.
    let first = s
        .chars()
        .map(fold_char)
        .find(|c| !c.is_whitespace() && !matches!(c, '*' | '※' | '★'));
    if !first.is_some_and(|c| NOTE_FIRST_CHARS.contains(&c.to_ascii_lowercase())) {
        return false;
    }
    let head: String = s.chars().take(16).collect();
    let k = note_key(head.trim_start_matches(['*', '※', '★', ' ']));
    NOTE_KEYS.iter().any(|p| k.starts_with(p.as_str()))
}

/// What a totals label says about the rows after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalKind {
    /// 合计, 总计: the table normally ends here.
    Grand,
    /// 小计: a group ends; the data goes on.
    Sub,
}

/// Whether a cell's text is a totals label such as "合计", "合 计（户）" or
/// "小计:". Most cells are rejected by length or by lacking every label's
/// last character before any normalising.
pub fn total_label(t: &str) -> Option<TotalKind> {
    if t.len() > 40 || !t.contains(['计', '数', 'l', 'L', 'm', 'M', 'ｌ', 'Ｌ', 'ｍ', 'Ｍ']) {
        return None;
    }
    let k = label_key_without_units(t);
    if GRAND_TOTAL_LABELS.contains(&k.as_str()) {
        Some(TotalKind::Grand)
    } else if SUBTOTAL_LABELS.contains(&k.as_str()) {
        Some(TotalKind::Sub)
    } else {
        None
    }
}

/// Whether a cell's text labels a totals or subtotal row (合计, 小计 and the like).
pub fn is_total_text(t: &str) -> bool {
    total_label(t).is_some()
}

/// Words that may open a "nothing to report" sentence before its negation.
const NOTHING_OPENERS: &[&str] = &[
    "截至目前",
    "截止目前",
    "截至",
    "截止",
    "目前",
    "当前",
    "本期",
    "本月",
    "本周",
    "本季度",
    "本季",
    "近期",
    "本社区",
    "本小区",
    "本村",
    "本单位",
    "辖区内",
    "辖区",
    "社区",
    "小区",
    "均",
];

/// The negations themselves.
const NOTHING_NEGATIONS: &[&str] = &["暂无", "没有", "未发现", "未发生", "未出现", "未有", "无"];

/// Words that may follow the negation: what there is none of.
const NOTHING_WORDS: &[&str] = &[
    "新冠肺炎",
    "新冠",
    "新增",
    "涉疫",
    "疫情",
    "人员",
    "病例",
    "确诊",
    "感染者",
    "密切接触者",
    "次密接",
    "密接",
    "情况",
    "记录",
    "相关",
    "数据",
    "登记",
    "信息",
    "异常",
    "事项",
    "内容",
    "发生",
    "等",
    "及",
    "和",
    "人",
];

/// Whether a cell's text is a person's way of writing "nothing to report":
/// 无, 暂无, 本期无, 无涉疫人员, 本期无涉疫人员, /, —. "无症状感染者" is a
/// category, not a "none".
pub fn is_nothing_text(s: &str) -> bool {
    if s.len() > 90 {
        return false;
    }
    // Every word of a "nothing" is Chinese or a dash: a text with a letter
    // or digit in it (an id, a date, a number: most first cells) is never
    // one, and is told so without building its key.
    if s.chars().any(|c| fold_char(c).is_ascii_alphanumeric()) {
        return false;
    }
    let k: String = fold_width(s)
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '.' | ',' | '!' | ';' | '(' | ')' | '"' | '“' | '”' | '，' | '；' | '！'
                )
        })
        .collect();
    if k.is_empty() {
        return false;
    }
    if k.chars()
        .all(|c| matches!(c, '/' | '\\' | '-' | '—' | '–' | '―' | '_' | '~' | '－'))
    {
        return true;
    }
    let mut rest = k.as_str();
    while let Some(r) = NOTHING_OPENERS.iter().find_map(|w| rest.strip_prefix(w)) {
        rest = r;
    }
    let Some(r) = NOTHING_NEGATIONS.iter().find_map(|w| rest.strip_prefix(w)) else {
        return false;
    };
    rest = r;
    while let Some(r) = NOTHING_WORDS.iter().find_map(|w| rest.strip_prefix(w)) {
        rest = r;
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_prefix_passes_the_first_character_check() {
        for p in NOTE_PREFIXES {
            let first = fold_char(p.chars().next().unwrap());
            assert!(NOTE_FIRST_CHARS.contains(&first), "{p}");
            assert!(is_note_text(p), "{p}");
        }
        assert!(is_note_text("  填写说明：唯一"));
        assert!(is_note_text("Notes: required"));
        assert!(is_note_text("填表日期：2022年3月31日"));
        assert!(is_note_text("单位（盖章）："));
        assert!(!is_note_text("H00001"));
        assert!(!is_note_text("注射"));
        assert!(!is_note_text("日期"));
        assert!(!is_note_text("2022-03-31"));
    }

    #[test]
    fn totals_labels() {
        for t in ["合计", "合 计", "总计（户）", "Total", "共计:"] {
            assert_eq!(total_label(t), Some(TotalKind::Grand), "{t}");
        }
        assert_eq!(total_label("小计:"), Some(TotalKind::Sub));
        for t in ["合计划", "王计", "H00001", "sum of all", "合计2人"] {
            assert_eq!(total_label(t), None, "{t}");
        }
    }

    /// `is_nothing_text` turns away any text holding a letter or digit
    /// before building its key: that holds only while no word it knows has one.
    #[test]
    fn nothing_words_hold_no_letter_or_digit() {
        for w in NOTHING_OPENERS
            .iter()
            .chain(NOTHING_NEGATIONS)
            .chain(NOTHING_WORDS)
        {
            assert!(
                !w.chars().any(|c| fold_char(c).is_ascii_alphanumeric()),
                "{w}"
            );
        }
    }

    #[test]
    fn nothing_texts() {
        for t in [
            "无",
            "暂无",
            "本期无",
            "无涉疫人员",
            "本期无涉疫人员",
            "本期无涉疫人员。",
            "截至目前，本社区无确诊病例及密接人员",
            "没有",
            "/",
            "／",
            "—",
            "——",
            "-",
            " 无 ",
        ] {
            assert!(is_nothing_text(t), "{t}");
        }
        for t in [
            "无症状感染者",
            "无症状",
            "确诊病例",
            "2022-03-20",
            "无锡返乡",
            "H00001",
            "",
            "无法联系",
            "本期新增确诊1例",
        ] {
            assert!(!is_nothing_text(t), "{t}");
        }
    }
}
