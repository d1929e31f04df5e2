//! Turning hand-typed cell text into comparable keys and typed values.
//!
//! Everything here is pure and total: it never panics, and failure is a
//! `None` that the caller turns into a problem with a cell reference.

use chrono::{Datelike, NaiveDate};

/// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space fold to their
/// half-width forms, so "１２３" and "（人）" compare equal to "123" and "(人)".
pub fn fold_width(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// One character of [`fold_width`].
pub fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        // Chinese punctuation that people type where ASCII is meant.
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '。' => '.',
        '、' => ',',
        _ => c,
    }
}

/// A key for matching labels: folded width, no whitespace at all (line breaks
/// inside headers are common), no leading required-marker `*`, lower case, and
/// no `_`/`-` so that `grid_id`, `Grid ID` and `grid-id` meet.
pub fn label_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(fold_char) {
        if c.is_whitespace() || c == '_' || c == '-' || c == '\u{200B}' || c == '\u{FEFF}' {
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    let start = out.len() - out.trim_start_matches(['*', '※', '★']).len();
    let end = start + out[start..].trim_end_matches([':', '*']).len();
    out.truncate(end);
    out.drain(..start);
    out
}

/// The label key with bracketed units removed: "常住人口(人)" → "常住人口",
/// "核酸检测人数\[人次\]" → "核酸检测人数".
pub fn label_key_without_units(s: &str) -> String {
    without_units(&label_key(s)).into_owned()
}

/// A label key (see [`label_key`]) with its bracketed units removed,
/// borrowed when it has none.
pub fn without_units(key: &str) -> std::borrow::Cow<'_, str> {
    if !key.contains(['(', '[', ')', ']']) {
        return std::borrow::Cow::Borrowed(key);
    }
    let mut depth = 0usize;
    std::borrow::Cow::Owned(
        key.chars()
            .filter(|&c| match c {
                '(' | '[' => {
                    depth += 1;
                    false
                }
                ')' | ']' => {
                    depth = depth.saturating_sub(1);
                    false
                }
                _ => depth == 0,
            })
            .collect(),
    )
}

/// Text as it should be stored and shown: trimmed, inner runs of white
/// space (line breaks, ideographic spaces) collapsed to one space. Width is
/// kept: a name written "阳光花园（二期）" is printed as written.
pub fn clean_text(s: &str) -> String {
    let mut out = String::new();
    clean_into(s, false, &mut out);
    out
}

/// An identifier as it is compared: [`clean_text`] with full-width
/// characters folded, so "Ｇ００１" and "G001" name the same grid.
pub fn clean_id(s: &str) -> String {
    let mut out = String::new();
    clean_into(s, true, &mut out);
    out
}

/// Appends [`clean_text`] of `s` (with `fold`, [`clean_id`]) to `out`, for
/// text kept in a store other than a `String`.
pub fn clean_into(s: &str, fold: bool, out: &mut impl Extend<char>) {
    let mut started = false;
    let mut pending_space = false;
    for c in s.chars() {
        let c = if fold { fold_char(c) } else { c };
        if c.is_whitespace() {
            pending_space = started;
        } else {
            if pending_space {
                out.extend([' ']);
                pending_space = false;
            }
            out.extend([c]);
            started = true;
        }
    }
}

/// Whether [`clean_text`] (or, with `fold`, [`clean_id`]) would hand back
/// `s` as it is: no white space but single inner spaces, and with `fold`
/// nothing to fold. Most cells are clean and can be kept as written.
pub fn is_clean(s: &str, fold: bool) -> bool {
    let mut prev_space = true;
    s.chars().all(|c| {
        let ok = match c {
            ' ' => !prev_space,
            c if c.is_whitespace() => false,
            c => !fold || fold_char(c) == c,
        };
        prev_space = c == ' ';
        ok
    }) && !s.ends_with(' ')
}

/// [`clean_id`], borrowing `s` when it is already clean.
fn clean_id_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if is_clean(s, true) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(clean_id(s))
    }
}

/// [`clean_text`] (or, with `fold`, [`clean_id`]) that hands back its
/// argument when it is already clean, which most cells are.
pub fn clean_owned(s: String, fold: bool) -> String {
    let already_clean = is_clean(&s, fold);
    match (already_clean, fold) {
        (true, _) => s,
        (false, true) => clean_id(&s),
        (false, false) => clean_text(&s),
    }
}

/// A whole number from text: full-width digits, thousands separators, an
/// optional trailing unit ("3人", "12 户") and a ".0" tail are accepted.
pub fn parse_integer(s: &str) -> Option<i64> {
    let n = parse_number(s)?;
    if n.fract() != 0.0 || !n.is_finite() || n.abs() > 9.0e15 {
        return None;
    }
    Some(n as i64)
}

/// A decimal number from text, with the same tolerance as [`parse_integer`].
pub fn parse_number(s: &str) -> Option<f64> {
    // Plain digits and a point, as most numbers typed as text are, read
    // as they are: the clean-up below would hand back the same text.
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return s.parse::<f64>().ok().filter(|v| v.is_finite());
    }
    let t = clean_id_cow(s);
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    let numeric_end = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | ' ')))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(numeric_end);
    if !unit.is_empty() && !is_unit(unit.trim()) {
        return None;
    }
    // The number is ASCII: spaces, then commas, are left out in buffers on
    // the stack (on the heap for a number longer than those).
    let mut spaced = [0u8; 64];
    let mut plain = [0u8; 64];
    if number.len() > spaced.len() {
        let number: String = number.chars().filter(|&c| c != ' ').collect();
        return digits_to_number(&number, &mut vec![0; number.len()]);
    }
    let mut len = 0;
    for b in number.bytes().filter(|&b| b != b' ') {
        spaced[len] = b;
        len += 1;
    }
    digits_to_number(std::str::from_utf8(&spaced[..len]).ok()?, &mut plain)
}

/// The number written in `number` (digits, points, signs and commas, no
/// spaces), checking its thousands separators; `buf` is at least as long.
fn digits_to_number(number: &str, buf: &mut [u8]) -> Option<f64> {
    if !thousands_ok(number) {
        return None;
    }
    let mut n = 0;
    for b in number.bytes().filter(|&b| b != b',') {
        buf[n] = b;
        n += 1;
    }
    let digits = std::str::from_utf8(&buf[..n]).ok()?;
    if digits.is_empty() || digits == "-" || digits == "+" {
        return None;
    }
    digits.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The three parts of a date written with separators, or `None` for any
/// other number of parts.
fn three_parts(date_part: &str) -> Option<[&str; 3]> {
    let mut it = date_part.split(['-', '/', '.', '年', '月']);
    let parts = [it.next()?, it.next()?, it.next()?];
    it.next().is_none().then_some(parts)
}

/// Units people write after counts and scores in these ledgers.
fn is_unit(unit: &str) -> bool {
    const UNITS: &[&str] = &[
        "人", "户", "人次", "个", "名", "分", "次", "栋", "间", "套", "位", "口", "%",
    ];
    UNITS.contains(&unit)
}

/// Commas must separate groups of three digits; "1,2" is not a number.
fn thousands_ok(s: &str) -> bool {
    if !s.contains(',') {
        return true;
    }
    let int_part = s.split('.').next().unwrap_or("");
    let int_part = int_part.trim_start_matches(['-', '+']);
    let mut groups = int_part.split(',');
    let first = groups.next().unwrap_or("");
    if first.is_empty() || first.len() > 3 {
        return false;
    }
    groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// Dates outside this range are typing errors, not assessment data.
const MIN_YEAR: i32 = 1950;
const MAX_YEAR: i32 = 2100;

fn plausible(d: NaiveDate) -> Option<NaiveDate> {
    (MIN_YEAR..=MAX_YEAR).contains(&d.year()).then_some(d)
}

/// A date written with a two-digit year first, "22.3.1", "22/3/1",
/// "22-03-01" (full-width digits too), read as 2022-03-01. Only year-first
/// forms are read: "3/1/22" could be either order and stays unread.
pub fn parse_date_two_digit_year(s: &str) -> Option<NaiveDate> {
    let t = clean_id_cow(s);
    let t = t.trim();
    let date_part = t.split(['T', ' ']).next().unwrap_or(t);
    let date_part = date_part.trim_end_matches('日').trim_end_matches('号');
    let parts = three_parts(date_part)?;
    if parts[0].len() != 2
        || !(1..=2).contains(&parts[1].len())
        || !(1..=2).contains(&parts[2].len())
        || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    NaiveDate::from_ymd_opt(2000 + y, m, d).and_then(plausible)
}

/// A date from text in the forms seen in submissions: ISO, "2022/3/1",
/// "2022.3.1", "2022年3月1日", "20220301", optionally followed by a time.
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let t = clean_id_cow(s);
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    // "20220301" (and the same typed as a number).
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        return parse_compact(t);
    }
    // Cut any time part: "2022-03-01T08:00:00", "2022/3/1 8:00".
    let date_part = t.split(['T', ' ']).next().unwrap_or(t);
    let date_part = date_part.trim_end_matches('日').trim_end_matches('号');
    let parts = three_parts(date_part)?;
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    if parts[0].len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d).and_then(plausible)
}

fn parse_compact(t: &str) -> Option<NaiveDate> {
    let y: i32 = t.get(0..4)?.parse().ok()?;
    let m: u32 = t.get(4..6)?.parse().ok()?;
    let d: u32 = t.get(6..8)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d).and_then(plausible)
}

/// A date from a number: either "20220301" typed as a number or an Excel
/// serial date whose cell format the reader did not recognise as a date
/// (Chinese-locale custom formats often arrive this way).
pub fn parse_date_number(n: f64, is_1904: bool) -> Option<NaiveDate> {
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    if n.fract() == 0.0 && (19_000_101.0..=29_991_231.0).contains(&n) {
        return parse_compact(&format!("{}", n as i64));
    }
    excel_serial_to_date(n, is_1904)
}

/// Excel serial day numbers to dates, in the 1900 or 1904 system. In the 1900
/// system Excel counts a non-existent 1900-02-29, so day 60 is rejected and
/// the epoch is 1899-12-30 for everything after it.
pub fn excel_serial_to_date(n: f64, is_1904: bool) -> Option<NaiveDate> {
    let days = n.floor();
    if !(1.0..=2_958_465.0).contains(&days) {
        return None;
    }
    let days = days as i64;
    let (epoch, days) = if is_1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1)?, days)
    } else if days == 60 {
        return None;
    } else if days < 60 {
        (NaiveDate::from_ymd_opt(1899, 12, 31)?, days)
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 30)?, days)
    };
    epoch
        .checked_add_signed(chrono::TimeDelta::try_days(days)?)
        .and_then(plausible)
}

/// Yes/no in the forms offices use.
pub fn parse_yes_no(s: &str) -> Option<bool> {
    // The usual answers, written as they are, need no clean-up.
    match s {
        "是" | "有" | "√" => return Some(true),
        "否" | "无" | "×" => return Some(false),
        _ => {}
    }
    // A number is an answer only when it is 1 or 0: the label key drops
    // signs and points, which would make "-1" or "1.5" a yes.
    // (Width folding leaves ASCII as it is.)
    let number = if s.is_ascii() {
        s.trim().parse::<f64>()
    } else {
        fold_width(s).trim().parse::<f64>()
    };
    if let Ok(n) = number {
        return match n {
            1.0 => Some(true),
            0.0 => Some(false),
            _ => None,
        };
    }
    let key = label_key(s);
    yes_no_key(&key).or_else(|| {
        // An answer with a remark: 否（已搬离）, 是(租住).
        let bare = label_key_without_units(s);
        (bare != key).then(|| yes_no_key(&bare)).flatten()
    })
}

fn yes_no_key(key: &str) -> Option<bool> {
    match key {
        "是" | "√" | "✓" | "✔" | "y" | "yes" | "1" | "true" | "有" | "对" | "t" => {
            Some(true)
        }
        "否" | "×" | "x" | "✗" | "✘" | "n" | "no" | "0" | "false" | "无" | "不是" | "f" => {
            Some(false)
        }
        _ => None,
    }
}

/// Text from a file shown on a terminal: control characters (which could
/// move the cursor or recolour the screen) and bidirectional overrides
/// become visible escapes such as `<U+202E>`.
pub fn escape_controls(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => {
                format!("<U+{:04X}>", c as u32)
            }
            c if c.is_control() => format!("<U+{:04X}>", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Spreadsheet column letters for a zero-based column index: 0 → "A",
/// 27 → "AB".
pub fn column_letters(mut col: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// "A1"-style reference for zero-based row and column.
pub fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row as u64 + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_as_offices_write_them() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date_text("2022/03/01 00:00:00"), d(2022, 3, 1));
        assert_eq!(parse_date_text("2022年3月1号"), d(2022, 3, 1));
        assert_eq!(parse_date_text("２０２２年３月１日"), d(2022, 3, 1));
        // Two-digit years are not dates to the plain reader…
        assert_eq!(parse_date_text("22.3.1"), None);
        // …but are read, year first, by the one that warns.
        for t in ["22.3.1", "22/3/1", "22-03-01", "２２.３.１", "22年3月1日"] {
            assert_eq!(parse_date_two_digit_year(t), d(2022, 3, 1), "{t}");
        }
        for t in ["3/1/22", "3月1日", "22.13.1", "2022.3.1", "1.3"] {
            assert_eq!(parse_date_two_digit_year(t), None, "{t}");
        }
    }

    #[test]
    fn yes_no_with_remarks() {
        assert_eq!(parse_yes_no("否（已搬离）"), Some(false));
        assert_eq!(parse_yes_no("是(租住)"), Some(true));
        assert_eq!(parse_yes_no("有"), Some(true));
        assert_eq!(parse_yes_no("无"), Some(false));
        assert_eq!(parse_yes_no("（是）"), None);
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn folds_full_width() {
        assert_eq!(fold_width("１２３（人）"), "123(人)");
        assert_eq!(fold_width("Ａｂ\u{3000}c"), "Ab c");
    }

    #[test]
    fn label_keys_meet() {
        assert_eq!(label_key_without_units("常住人口（人）"), "常住人口");
        assert_eq!(label_key_without_units("*常住人口(人)"), "常住人口");
        assert_eq!(label_key_without_units(" 常住\n人口 "), "常住人口");
        assert_eq!(label_key("Grid ID"), label_key("grid_id"));
        assert_eq!(label_key("所属街道（乡镇）"), "所属街道(乡镇)");
        assert_eq!(label_key("名称："), "名称");
    }

    #[test]
    fn cleaning_owned_text_matches_cleaning_borrowed() {
        for s in [
            "幸福里",
            " 幸福里",
            "幸福里 ",
            "幸 福",
            "幸  福",
            "幸\n福",
            "Ａ１",
            "a\u{3000}b",
            "",
            " ",
            "花园（二期）",
        ] {
            assert_eq!(clean_owned(s.to_string(), false), clean_text(s), "{s:?}");
            assert_eq!(clean_owned(s.to_string(), true), clean_id(s), "{s:?}");
        }
        assert_eq!(clean_text(" 阳光花园（二期） "), "阳光花园（二期）");
        assert_eq!(clean_id("Ｇ００１"), "G001");
    }

    #[test]
    fn integers() {
        assert_eq!(parse_integer("12"), Some(12));
        assert_eq!(parse_integer("１２"), Some(12));
        assert_eq!(parse_integer("1,234"), Some(1234));
        assert_eq!(parse_integer("3人"), Some(3));
        assert_eq!(parse_integer("3 户"), Some(3));
        assert_eq!(parse_integer("12.0"), Some(12));
        assert_eq!(parse_integer("-2"), Some(-2));
        assert_eq!(parse_integer("12.5"), None);
        assert_eq!(parse_integer("1,2"), None);
        assert_eq!(parse_integer("三"), None);
        assert_eq!(parse_integer("3kg"), None);
        assert_eq!(parse_integer(""), None);
        assert_eq!(parse_integer("-"), None);
    }

    #[test]
    fn text_dates() {
        let want = d(2022, 3, 1);
        for s in [
            "2022-03-01",
            "2022/3/1",
            "2022.3.1",
            "2022年3月1日",
            "20220301",
            "２０２２年３月１日",
            "2022-03-01T00:00:00",
            "2022/3/1 8:30",
        ] {
            assert_eq!(parse_date_text(s), want, "{s}");
        }
        assert_eq!(parse_date_text("2022/2/30"), None);
        assert_eq!(parse_date_text("3/1/2022"), None);
        assert_eq!(parse_date_text("昨天"), None);
        assert_eq!(parse_date_text("1800-01-01"), None);
    }

    #[test]
    fn serial_dates_in_both_systems() {
        assert_eq!(excel_serial_to_date(44621.0, false), d(2022, 3, 1));
        assert_eq!(excel_serial_to_date(44621.0 - 1462.0, true), d(2022, 3, 1));
        assert_eq!(excel_serial_to_date(44621.75, false), d(2022, 3, 1));
        assert_eq!(parse_date_number(20220301.0, false), d(2022, 3, 1));
        assert_eq!(parse_date_number(12.0, false), None);
        assert_eq!(parse_date_number(-1.0, false), None);
        assert_eq!(parse_date_number(f64::NAN, false), None);
    }

    #[test]
    fn yes_no() {
        for s in ["是", "√", "Y", "yes", "1", "TRUE", "有"] {
            assert_eq!(parse_yes_no(s), Some(true), "{s}");
        }
        for s in ["否", "×", "N", "no", "0", "false", "无"] {
            assert_eq!(parse_yes_no(s), Some(false), "{s}");
        }
        assert_eq!(parse_yes_no("也许"), None);
        // Numbers other than 1 and 0 are no answer, whatever their sign.
        for s in ["-1", "−1", "1.5", "2", "-0.5", "１０"] {
            assert_eq!(parse_yes_no(s), None, "{s}");
        }
        assert_eq!(parse_yes_no("1.0"), Some(true));
        assert_eq!(parse_yes_no("０"), Some(false));
    }

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(cell_ref(36, 5), "F37");
    }

    /// The forms of these functions before they were made cheaper, kept
    /// to check that the fast paths change no answer.
    mod reference {
        use super::super::{
            clean_id, fold_width, is_unit, parse_compact, plausible, thousands_ok, yes_no_key,
        };
        use chrono::NaiveDate;

        pub fn label_key(s: &str) -> String {
            let folded = fold_width(s);
            let mut out = String::with_capacity(folded.len());
            for c in folded.chars() {
                if c.is_whitespace() || c == '_' || c == '-' || c == '\u{200B}' || c == '\u{FEFF}' {
                    continue;
                }
                out.extend(c.to_lowercase());
            }
            let trimmed = out.trim_start_matches(['*', '※', '★']);
            trimmed.trim_end_matches([':', '*']).to_string()
        }

        pub fn label_key_without_units(s: &str) -> String {
            let key = label_key(s);
            let mut out = String::with_capacity(key.len());
            let mut depth = 0usize;
            for c in key.chars() {
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => depth = depth.saturating_sub(1),
                    _ if depth == 0 => out.push(c),
                    _ => {}
                }
            }
            out
        }

        pub fn parse_number(s: &str) -> Option<f64> {
            let t = clean_id(s);
            let t = t.trim();
            if t.is_empty() {
                return None;
            }
            let numeric_end = t
                .char_indices()
                .find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | ' ')))
                .map(|(i, _)| i)
                .unwrap_or(t.len());
            let (number, unit) = t.split_at(numeric_end);
            if !unit.is_empty() && !is_unit(unit.trim()) {
                return None;
            }
            let number: String = number.chars().filter(|&c| c != ' ').collect();
            if !thousands_ok(&number) {
                return None;
            }
            let digits: String = number.chars().filter(|&c| c != ',').collect();
            if digits.is_empty() || digits == "-" || digits == "+" {
                return None;
            }
            digits.parse::<f64>().ok().filter(|v| v.is_finite())
        }

        pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
            let t = clean_id(s);
            let t = t.trim();
            if t.is_empty() {
                return None;
            }
            if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
                return parse_compact(t);
            }
            let date_part = t.split(['T', ' ']).next().unwrap_or(t);
            let date_part = date_part.trim_end_matches('日').trim_end_matches('号');
            let parts: Vec<&str> = date_part.split(['-', '/', '.', '年', '月']).collect();
            if parts.len() != 3 {
                return None;
            }
            let y: i32 = parts[0].parse().ok()?;
            let m: u32 = parts[1].parse().ok()?;
            let d: u32 = parts[2].parse().ok()?;
            if parts[0].len() != 4 {
                return None;
            }
            NaiveDate::from_ymd_opt(y, m, d).and_then(plausible)
        }

        pub fn parse_date_two_digit_year(s: &str) -> Option<NaiveDate> {
            let t = clean_id(s);
            let t = t.trim();
            let date_part = t.split(['T', ' ']).next().unwrap_or(t);
            let date_part = date_part.trim_end_matches('日').trim_end_matches('号');
            let parts: Vec<&str> = date_part.split(['-', '/', '.', '年', '月']).collect();
            if parts.len() != 3
                || parts[0].len() != 2
                || !(1..=2).contains(&parts[1].len())
                || !(1..=2).contains(&parts[2].len())
                || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
            {
                return None;
            }
            let y: i32 = parts[0].parse().ok()?;
            let m: u32 = parts[1].parse().ok()?;
            let d: u32 = parts[2].parse().ok()?;
            NaiveDate::from_ymd_opt(2000 + y, m, d).and_then(plausible)
        }

        pub fn parse_yes_no(s: &str) -> Option<bool> {
            if let Ok(n) = fold_width(s).trim().parse::<f64>() {
                return match n {
                    1.0 => Some(true),
                    0.0 => Some(false),
                    _ => None,
                };
            }
            yes_no_key(&label_key(s)).or_else(|| {
                let bare = label_key_without_units(s);
                (bare != label_key(s)).then(|| yes_no_key(&bare)).flatten()
            })
        }
    }

    /// Strings of the characters the normalising functions treat apart,
    /// every combination up to three long and a seeded sample of longer.
    fn tricky_strings() -> Vec<String> {
        const CHARS: &[char] = &[
            'a', 'Z', '1', '0', '.', ',', '-', '+', '_', ' ', '*', '※', '★', ':', '(', ')', '[',
            ']', '（', '）', '【', '】', '\u{3000}', '\u{200B}', '\u{FEFF}', '１', 'Ａ', '：',
            '是', '否', '人', '户', '√', '×', 'İ', 'Σ', 'e', 'E', 'n', 'i', 'f', '\n', '%', '。',
            '年', '月', '日', '/', 'T', '2',
        ];
        let mut out = vec![String::new()];
        for a in CHARS {
            out.push(a.to_string());
            for b in CHARS {
                out.push(format!("{a}{b}"));
                for c in ['1', '是', ' ', '(', ')', '*', 'a'] {
                    out.push(format!("{a}{b}{c}"));
                }
            }
        }
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            let len = (x % 9) as usize + 4;
            let s: String = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    CHARS[(x % CHARS.len() as u64) as usize]
                })
                .collect();
            out.push(s);
        }
        for s in [
            "inf",
            "NaN",
            "infinity",
            "1e5",
            "1.5e3",
            "1,234.5",
            "12 户",
            "3人",
            "1,2",
            "是（租住）",
            "否(已搬离)",
            "TRUE",
            "Yes",
            "不是",
            "1.0",
            "０",
            "−1",
            "常住人口(人)",
            "*户数：",
            "2022-03-01",
            "2022/3/1 8:30",
            "２０２２年３月１日",
            "22.3.1",
            "22年3月1日",
            "20220301",
            "2022.13.1",
            "2022-3-1-1",
            " 2022 - 3 - 1 ",
            "1234567890123456789012345678901234567890123456789012345678901234567890.5",
            "1,234,567,890,123,456,789,012,345,678,901,234,567,890,123,456,789,012,345",
        ] {
            out.push(s.to_string());
        }
        out
    }

    #[test]
    fn fast_paths_answer_as_the_reference_forms() {
        for s in tricky_strings() {
            assert_eq!(label_key(&s), reference::label_key(&s), "{s:?}");
            assert_eq!(
                label_key_without_units(&s),
                reference::label_key_without_units(&s),
                "{s:?}"
            );
            let (a, b) = (parse_number(&s), reference::parse_number(&s));
            assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits), "{s:?}");
            assert_eq!(parse_yes_no(&s), reference::parse_yes_no(&s), "{s:?}");
            assert_eq!(parse_date_text(&s), reference::parse_date_text(&s), "{s:?}");
            assert_eq!(
                parse_date_two_digit_year(&s),
                reference::parse_date_two_digit_year(&s),
                "{s:?}"
            );
        }
    }
}
