//! Quarters as offices write them: "2022Q1", "2022年第一季度", "2022-Q1".

use std::fmt;

use chrono::{Datelike, NaiveDate};

use wuyi_sheets::normalize::fold_width;

/// A calendar quarter, such as 2022Q1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// The year.
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

/// 一 to 四, as quarters are written in Chinese.
pub const CHINESE_NUMERALS: [&str; 4] = ["一", "二", "三", "四"];

impl Quarter {
    /// The quarter `q` (1 to 4) of `year`.
    pub fn new(year: i32, q: u8) -> Option<Self> {
        ((1950..=2100).contains(&year) && (1..=4).contains(&q)).then_some(Quarter { year, q })
    }

    /// Accepts "2022Q1", "2022q1", "2022-Q1", "2022 Q1", "Q1 2022",
    /// "2022年第一季度", "2022年一季度", "2022年第1季度" and "2022-1".
    pub fn parse(s: &str) -> Option<Self> {
        let t: String = fold_width(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if t.is_empty() {
            return None;
        }
        if let Some((y, rest)) = t.split_once('年') {
            let rest = rest.trim_end_matches('度').trim_end_matches('季');
            let rest = rest.strip_prefix('第').unwrap_or(rest);
            let q = CHINESE_NUMERALS
                .iter()
                .position(|n| *n == rest)
                .map(|i| i as u8 + 1)
                .or_else(|| rest.parse().ok())?;
            return Quarter::new(year_of(y)?, q);
        }
        if let Some(rest) = t.strip_prefix('Q') {
            // Spaces are gone by now, so "Q1 2022" reads "Q12022": the
            // quarter is the one digit after Q.
            let q = rest.chars().next()?.to_digit(10)?;
            let y = rest.get(1..)?.trim_start_matches(['-', '/', '_']);
            return Quarter::new(year_of(y)?, q as u8);
        }
        let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (y, rest) = t.split_at(digits_end);
        let rest = rest.trim_start_matches(['-', '/', '_', '.']);
        let rest = rest.strip_prefix('Q').unwrap_or(rest);
        Quarter::new(year_of(y)?, rest.parse().ok()?)
    }

    /// The quarter a date falls in.
    pub fn of(d: NaiveDate) -> Self {
        Quarter {
            year: d.year(),
            q: ((d.month() - 1) / 3 + 1) as u8,
        }
    }

    /// Its first day.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, u32::from(self.q) * 3 - 2, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Its last day.
    pub fn end(self) -> NaiveDate {
        self.next().start().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// Whether `d` falls in it.
    pub fn contains(self, d: NaiveDate) -> bool {
        d >= self.start() && d <= self.end()
    }

    /// The quarter after.
    pub fn next(self) -> Self {
        if self.q == 4 {
            Quarter {
                year: self.year + 1,
                q: 1,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q + 1,
            }
        }
    }

    /// The quarter before.
    pub fn prev(self) -> Self {
        if self.q == 1 {
            Quarter {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q - 1,
            }
        }
    }
}

/// "2022Q1": the form used in file names and registers.
impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

fn year_of(s: &str) -> Option<i32> {
    (s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_the_forms_offices_write() {
        let want = Quarter { year: 2022, q: 1 };
        for s in [
            "2022Q1",
            "2022q1",
            "2022-Q1",
            "2022 Q1",
            "Q1 2022",
            "Q1-2022",
            "２０２２Ｑ１",
            "2022年第一季度",
            "2022年一季度",
            "2022年第1季度",
            "2022年1季",
            "2022-1",
        ] {
            assert_eq!(Quarter::parse(s), Some(want), "{s}");
        }
        for s in [
            "",
            "2022",
            "2022Q5",
            "2022Q0",
            "22Q1",
            "Q1",
            "2022年第五季度",
            "明年",
            "2022Q1x",
            "1800Q1",
        ] {
            assert_eq!(Quarter::parse(s), None, "{s}");
        }
    }

    #[test]
    fn ranges_and_neighbours() {
        let q = Quarter::parse("2022Q1").unwrap();
        assert_eq!(q.start(), d(2022, 1, 1));
        assert_eq!(q.end(), d(2022, 3, 31));
        assert!(q.contains(d(2022, 3, 31)));
        assert!(!q.contains(d(2022, 4, 1)));
        assert_eq!(Quarter::parse("2024Q1").unwrap().end(), d(2024, 3, 31));
        let q4 = Quarter::parse("2022Q4").unwrap();
        assert_eq!(q4.end(), d(2022, 12, 31));
        assert_eq!(q4.next().to_string(), "2023Q1");
        assert_eq!(q.prev().to_string(), "2021Q4");
        assert_eq!(Quarter::of(d(2022, 8, 15)).to_string(), "2022Q3");
    }
}
