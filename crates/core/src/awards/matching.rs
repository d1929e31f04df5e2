//! Which rows, across applications, registers, rosters and event sheets,
//! are the same community. Identity is district + town + name after
//! normalising width and spaces; anything looser would merge two real
//! communities sooner or later, so spellings that are merely close are
//! reported for a person to check and never merged.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use crate::ledger::contract::CommunityType;
use wuyi_sheets::normalize::{clean_text, fold_width};

/// A comparable form of a place name: full-width folded, no whitespace or
/// invisible characters, lower case.
pub fn norm(s: &str) -> String {
    fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The identity of a community.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// District, normalised.
    pub district: String,
    /// Town, normalised.
    pub town: String,
    /// Name, normalised.
    pub name: String,
}

impl Key {
    /// The order lists are printed in: district, town, name, each with
    /// numbers compared as numbers.
    pub fn list_order(&self, other: &Key) -> Ordering {
        natural_cmp(&self.district, &other.district)
            .then_with(|| natural_cmp(&self.town, &other.town))
            .then_with(|| natural_cmp(&self.name, &other.name))
            .then_with(|| self.cmp(other))
    }
}

/// Text order with runs of digits compared by value, so "第4号" comes
/// before "第16号" as people expect.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let take = |it: &mut std::iter::Peekable<std::str::Chars<'_>>| {
                    let mut n = String::new();
                    while let Some(ch) = it.peek().copied().filter(char::is_ascii_digit) {
                        n.push(ch);
                        it.next();
                    }
                    n.trim_start_matches('0').to_string()
                };
                let (m, n) = (take(&mut x), take(&mut y));
                let o = m.len().cmp(&n.len()).then_with(|| m.cmp(&n));
                if o != Ordering::Equal {
                    return o;
                }
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                x.next();
                y.next();
            }
        }
    }
}

/// A community as written somewhere: its district, town and name for
/// display (cleaned, not normalised).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// District, as written.
    pub district: String,
    /// Town, as written.
    pub town: String,
    /// Name, as written.
    pub name: String,
}

impl Place {
    /// A place from its parts, cleaned; a missing part is blank.
    pub fn new(district: Option<&str>, town: Option<&str>, name: &str) -> Self {
        Place {
            district: clean_text(district.unwrap_or("")),
            town: clean_text(town.unwrap_or("")),
            name: clean_text(name),
        }
    }

    /// Its identity.
    pub fn key(&self) -> Key {
        Key {
            district: norm(&self.district),
            town: norm(&self.town),
            name: norm(&self.name),
        }
    }

    /// "城关区 东关街道 幸福里小区", leaving out what is blank.
    pub fn label(&self) -> String {
        [&self.district, &self.town, &self.name]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

const DISTRICT_SUFFIXES: &[&str] = &["区", "县", "市", "旗"];
const TOWN_SUFFIXES: &[&str] = &["街道办事处", "街道办", "街道", "办事处", "乡", "镇"];
const NAME_SUFFIXES: &[&str] = &[
    "社区居民委员会",
    "村民委员会",
    "居民委员会",
    "社区居委会",
    "村委会",
    "居委会",
    "自然村",
    "小区",
    "社区",
    "村",
    "单位",
];

/// The name without a type suffix. The suffix lists are written in
/// normalised form already (no spaces, no ASCII to fold).
fn stem<'a>(s: &'a str, suffixes: &[&str]) -> &'a str {
    suffixes
        .iter()
        .find_map(|suf| s.strip_suffix(suf))
        .filter(|st| !st.is_empty())
        .unwrap_or(s)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Close {
    Same,
    /// One side left blank.
    Blank,
    /// Equal but for a suffix such as 小区 / 街道.
    Suffix,
    /// One character added, dropped or changed.
    Typo,
    Far,
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十〇零百".contains(c)
}

/// Whether two names differ by exactly one character, not counting a
/// changed, added or dropped numeral: "东关一村" and "东关二村" are two
/// villages, not a typo.
fn one_typo(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().min(b.len()) < 3 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suf = a.len().min(b.len()) - pre;
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suf)
        .take_while(|(x, y)| x == y)
        .count();
    let ma = &a[pre..a.len() - suf];
    let mb = &b[pre..b.len() - suf];
    match (ma, mb) {
        ([x], [y]) => !(is_numeral(*x) && is_numeral(*y)),
        ([x], []) | ([], [x]) => !is_numeral(*x),
        _ => false,
    }
}

fn compare(a: &str, b: &str, suffixes: &[&str], typos: bool) -> Close {
    if a == b {
        Close::Same
    } else if a.is_empty() || b.is_empty() {
        Close::Blank
    } else if stem(a, suffixes) == stem(b, suffixes) {
        Close::Suffix
    } else if typos && one_typo(a, b) {
        Close::Typo
    } else {
        Close::Far
    }
}

/// Two spellings that may be one community.
#[derive(Debug, Clone, PartialEq)]
pub struct NearMiss {
    /// One spelling.
    pub a: Place,
    /// The other.
    pub b: Place,
    /// How they differ, part by part (only the parts that differ).
    pub why: Differences,
}

/// How two spellings differ: each part that differs, and how.
pub type Differences = Vec<(Part, Difference)>;

/// A part of a community's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The district (区县).
    District,
    /// The town or street (街道/乡镇).
    Town,
    /// The community's own name.
    Name,
}

/// How one part of two spellings differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Difference {
    /// Left blank in one of them.
    Blank,
    /// Equal but for a suffix such as 小区 / 街道.
    Suffix,
    /// One character added, dropped or changed.
    Typo,
}

/// Pairs of distinct identities that look like one community written two
/// ways. Names must be equal, equal but for a suffix (幸福里 / 幸福里小区) or
/// one character apart; district and town must be equal, equal but for a
/// suffix, or blank on one side. Two names of different stated types
/// (和平社区 the community, 和平小区 a compound in it) are not flagged.
pub fn near_misses(places: &[(Place, Option<CommunityType>)]) -> Vec<NearMiss> {
    let keys: Vec<Key> = places.iter().map(|(p, _)| p.key()).collect();
    let mut out = Vec::new();
    for (i, j) in candidate_pairs(&keys) {
        let (ka, kb) = (&keys[i], &keys[j]);
        if ka == kb {
            continue;
        }
        let name = compare(&ka.name, &kb.name, NAME_SUFFIXES, true);
        if matches!(name, Close::Far | Close::Blank) {
            continue;
        }
        let town = compare(&ka.town, &kb.town, TOWN_SUFFIXES, false);
        let district = compare(&ka.district, &kb.district, DISTRICT_SUFFIXES, false);
        if matches!(town, Close::Far | Close::Typo) || matches!(district, Close::Far | Close::Typo)
        {
            continue;
        }
        if name != Close::Same
            && let (Some(x), Some(y)) = (places[i].1, places[j].1)
            && x != y
        {
            continue;
        }
        let why: Vec<(Part, Difference)> = [
            (Part::District, district),
            (Part::Town, town),
            (Part::Name, name),
        ]
        .into_iter()
        .filter_map(|(part, c)| {
            let d = match c {
                Close::Blank => Difference::Blank,
                Close::Suffix => Difference::Suffix,
                Close::Typo => Difference::Typo,
                Close::Same | Close::Far => return None,
            };
            Some((part, d))
        })
        .collect();
        let (a, b) = if places[i].0.label() <= places[j].0.label() {
            (places[i].0.clone(), places[j].0.clone())
        } else {
            (places[j].0.clone(), places[i].0.clone())
        };
        out.push(NearMiss { a, b, why });
    }
    out.sort_by_key(|x| (x.a.label(), x.b.label()));
    out
}

/// Pairs whose names could be close: those sharing a stem, and those
/// sharing a one-character deletion (any two names one edit apart do).
/// Comparing only these keeps a county's thousands of names from costing
/// millions of comparisons.
fn candidate_pairs(keys: &[Key]) -> BTreeSet<(usize, usize)> {
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        let chars: Vec<char> = k.name.chars().collect();
        let mut variants = BTreeSet::new();
        variants.insert(format!("s:{}", stem(&k.name, NAME_SUFFIXES)));
        variants.insert(format!("d:{}", k.name));
        for skip in 0..chars.len() {
            let v: String = chars
                .iter()
                .enumerate()
                .filter(|(c, _)| *c != skip)
                .map(|(_, ch)| ch)
                .collect();
            variants.insert(format!("d:{v}"));
        }
        for v in variants {
            index.entry(v).or_default().push(i);
        }
    }
    let mut pairs = BTreeSet::new();
    for members in index.values() {
        for (n, &a) in members.iter().enumerate() {
            for &b in &members[n + 1..] {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(d: &str, t: &str, n: &str) -> (Place, Option<CommunityType>) {
        (Place::new(Some(d), Some(t), n), None)
    }

    #[test]
    fn width_and_spaces_do_not_split_a_community() {
        let a = Place::new(Some("城关区"), Some("东关街道"), "幸福里小区");
        let b = Place::new(Some(" 城关区"), Some("东关 街道"), "幸福里小区\u{3000}");
        let c = Place::new(Some("城关区"), Some("东关街道"), "ＡＢＣ小区");
        let d = Place::new(Some("城关区"), Some("东关街道"), "abc小区");
        assert_eq!(a.key(), b.key());
        assert_eq!(c.key(), d.key());
        assert_ne!(a.key(), c.key());
    }

    #[test]
    fn near_misses_are_found_and_explained() {
        let places = vec![
            p("城关区", "东关街道", "幸福里小区"),
            p("城关区", "东关街道", "幸福里"),
            p("城关区", "东关街道", "锦绣花园小区"),
            p("城关区", "东关街道", "锦秀花园小区"),
            p("城关区", "东关", "东关社区"),
            p("城关区", "东关街道", "东关社区"),
            p("", "西城街道", "和平社区"),
            p("城关区", "西城街道", "和平社区"),
        ];
        let found = near_misses(&places);
        let pairs: Vec<(String, String)> = found
            .iter()
            .map(|m| (m.a.name.clone(), m.b.name.clone()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("东关社区".to_string(), "东关社区".to_string()),
                ("幸福里".into(), "幸福里小区".into()),
                ("锦秀花园小区".into(), "锦绣花园小区".into()),
                ("和平社区".into(), "和平社区".into()),
            ]
        );
        let why: Vec<&[(Part, Difference)]> = found.iter().map(|m| m.why.as_slice()).collect();
        assert_eq!(
            why,
            vec![
                &[(Part::Town, Difference::Suffix)][..],
                &[(Part::Name, Difference::Suffix)],
                &[(Part::Name, Difference::Typo)],
                &[(Part::District, Difference::Blank)],
            ]
        );
    }

    #[test]
    fn distinct_communities_are_left_alone() {
        let places = vec![
            p("城关区", "东关街道", "东关一村"),
            p("城关区", "东关街道", "东关二村"),
            p("城关区", "东关街道", "东关村"),
            p("城关区", "东关街道", "幸福里小区"),
            p("城关区", "西城街道", "幸福里小区"),
            p("城关区", "东关街道", "和平"),
            p("城关区", "东关街道", "和安"),
        ];
        assert_eq!(near_misses(&places), vec![]);
        let typed = vec![
            (
                Place::new(Some("城关区"), Some("东关街道"), "和平社区"),
                Some(CommunityType::Community),
            ),
            (
                Place::new(Some("城关区"), Some("东关街道"), "和平小区"),
                Some(CommunityType::Compound),
            ),
        ];
        assert_eq!(near_misses(&typed), vec![]);
    }

    #[test]
    fn numbers_sort_as_numbers() {
        let mut v = vec!["第16号", "第4号", "第100号", "第04号院", "甲", "第4号"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            vec!["甲", "第4号", "第4号", "第04号院", "第16号", "第100号"]
        );
    }

    #[test]
    fn one_character_apart() {
        assert!(one_typo("锦绣花园", "锦秀花园"));
        assert!(one_typo("锦绣花园", "锦绣花园园"));
        assert!(!one_typo("锦绣花园", "锦绣花园"));
        assert!(!one_typo("东关一村", "东关二村"));
        assert!(!one_typo("东关村", "东关一村"));
        assert!(!one_typo("ab", "ac"));
        assert!(!one_typo("幸福里小区", "幸福园社区"));
    }
}
