//! The order lists are printed in. With a roster it is the roster's own
//! order (the office's official order): districts, towns and communities as
//! they first appear there, anything not on the roster after them. Without
//! one it is the order of pinyin, as a reader looking a name up expects:
//! syllable by syllable, then the tone, then the character; runs of digits
//! compared as numbers ("第4号" before "第16号").

use std::cmp::Ordering;
use std::collections::HashMap;

use pinyin::ToPinyin;

use super::matching::{Key, norm};
use super::roster::RosterEntry;

/// One unit of a name as it sorts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Token {
    /// A run of digits: its length without leading zeros, then the digits.
    Num(usize, String),
    /// A syllable (a Chinese character's pinyin, or a Latin letter), its
    /// tone (0 for a letter) and the character itself.
    Syllable(String, u8, char),
    /// Anything else, by code point.
    Other(char),
}

fn tokens(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut digits = String::from(c);
            while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                digits.push(d);
                chars.next();
            }
            let value = digits.trim_start_matches('0').to_string();
            out.push(Token::Num(value.len(), value));
        } else if c.is_ascii_alphabetic() {
            out.push(Token::Syllable(c.to_ascii_lowercase().to_string(), 0, c));
        } else if let Some(p) = c.to_pinyin() {
            let numbered = p.with_tone_num_end();
            let tone = numbered
                .chars()
                .last()
                .and_then(|t| t.to_digit(10))
                .map_or(0, |t| t as u8);
            out.push(Token::Syllable(p.plain().to_string(), tone, c));
        } else {
            out.push(Token::Other(c));
        }
    }
    out
}

/// Compares two names in pinyin order.
pub fn pinyin_cmp(a: &str, b: &str) -> Ordering {
    tokens(a).cmp(&tokens(b))
}

/// How a list is ordered, as stated on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The roster's order.
    Roster,
    /// District, town and name by pinyin.
    Pinyin,
}

/// The order of districts, towns and communities for one run.
#[derive(Debug, Clone, Default)]
pub struct ListOrder {
    roster: Option<RosterIndex>,
}

#[derive(Debug, Clone, Default)]
struct RosterIndex {
    districts: HashMap<String, usize>,
    towns: HashMap<(String, String), usize>,
    names: HashMap<Key, usize>,
}

/// Roster position first (those on the roster before those not), then
/// pinyin.
fn by_position(pa: Option<usize>, pb: Option<usize>, a: &str, b: &str) -> Ordering {
    match (pa, pb) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => pinyin_cmp(a, b),
    }
}

impl ListOrder {
    /// The order of the roster given, or pinyin order without one.
    pub fn new(roster: Option<&[RosterEntry]>) -> Self {
        let Some(roster) = roster else {
            return ListOrder { roster: None };
        };
        let mut ix = RosterIndex::default();
        for (i, r) in roster.iter().enumerate() {
            let k = r.place.key();
            let n = ix.districts.len();
            ix.districts.entry(k.district.clone()).or_insert(n);
            let n = ix.towns.len();
            ix.towns
                .entry((k.district.clone(), k.town.clone()))
                .or_insert(n);
            ix.names.entry(k).or_insert(i);
        }
        ListOrder { roster: Some(ix) }
    }

    /// Which order it is.
    pub fn basis(&self) -> Basis {
        if self.roster.is_some() {
            Basis::Roster
        } else {
            Basis::Pinyin
        }
    }

    /// Orders two districts.
    pub fn districts(&self, a: &str, b: &str) -> Ordering {
        let pos = |d: &str| self.roster.as_ref()?.districts.get(d).copied();
        by_position(pos(a), pos(b), a, b)
    }

    /// Orders two towns, each with its district.
    pub fn towns(&self, a: (&str, &str), b: (&str, &str)) -> Ordering {
        let pos = |(d, t): (&str, &str)| {
            self.roster
                .as_ref()?
                .towns
                .get(&(d.to_string(), t.to_string()))
                .copied()
        };
        self.districts(a.0, b.0)
            .then_with(|| by_position(pos(a), pos(b), a.1, b.1))
    }

    /// Compares two communities by their keys.
    pub fn keys(&self, a: &Key, b: &Key) -> Ordering {
        let pos = |k: &Key| self.roster.as_ref()?.names.get(k).copied();
        self.towns((&a.district, &a.town), (&b.district, &b.town))
            .then_with(|| by_position(pos(a), pos(b), &a.name, &b.name))
            .then_with(|| a.cmp(b))
    }

    /// Compares two towns given as written (normalised here).
    pub fn town_names(&self, a: (&str, &str), b: (&str, &str)) -> Ordering {
        self.towns((&norm(a.0), &norm(a.1)), (&norm(b.0), &norm(b.1)))
    }

    /// Compares two districts given as written.
    pub fn district_names(&self, a: &str, b: &str) -> Ordering {
        self.districts(&norm(a), &norm(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::awards::matching::Place;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| pinyin_cmp(a, b));
        v
    }

    #[test]
    fn pinyin_order_not_code_points() {
        // Code points give 和 安 康 杨 西; pinyin gives an he kang xi yang.
        assert_eq!(
            sorted(&[
                "杨家庄自然村",
                "西城社区",
                "康乐小区",
                "和平社区",
                "安居小区"
            ]),
            [
                "安居小区",
                "和平社区",
                "康乐小区",
                "西城社区",
                "杨家庄自然村"
            ]
        );
    }

    #[test]
    fn numbers_by_value_and_tones_in_order() {
        assert_eq!(
            sorted(&["第16号院", "第4号院", "第04号院x"]),
            ["第4号院", "第04号院x", "第16号院"]
        );
        // 妈 mā, 麻 má, 马 mǎ, 骂 mà.
        assert_eq!(sorted(&["骂", "马", "麻", "妈"]), ["妈", "麻", "马", "骂"]);
        // Latin letters sort among the syllables.
        assert_eq!(sorted(&["B栋", "阿", "c"]), ["阿", "B栋", "c"]);
    }

    #[test]
    fn roster_order_first_then_pinyin() {
        let entry = |t: &str, n: &str| RosterEntry {
            place: Place::new(Some("城关区"), Some(t), n),
            kind: None,
            location: String::new(),
        };
        let roster = vec![
            entry("西城街道", "杨家庄自然村"),
            entry("西城街道", "和平社区"),
            entry("东关街道", "幸福里小区"),
        ];
        let o = ListOrder::new(Some(&roster));
        assert_eq!(o.basis(), Basis::Roster);
        let key = |t: &str, n: &str| Place::new(Some("城关区"), Some(t), n).key();
        let mut keys = [
            key("东关街道", "幸福里小区"),
            key("西城街道", "安居小区"),
            key("西城街道", "和平社区"),
            key("西城街道", "杨家庄自然村"),
            key("西城街道", "不在册社区"),
        ];
        keys.sort_by(|a, b| o.keys(a, b));
        let names: Vec<&str> = keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "杨家庄自然村",
                "和平社区",
                "安居小区",
                "不在册社区",
                "幸福里小区"
            ]
        );
    }
}
