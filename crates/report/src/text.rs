//! Aligned text tables for the terminal, measuring Chinese characters as two
//! columns wide.

use unicode_width::UnicodeWidthStr;

/// How many terminal columns `s` takes: two for each Chinese character,
/// one for each ASCII character.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Pads on the right to `w` display columns.
pub fn pad(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// Pads on the left, for numbers.
pub fn pad_left(s: &str, w: usize) -> String {
    let n = width(s);
    if n >= w {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

/// Cuts to at most `w` display columns, marking the cut with "…".
pub fn truncate(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

/// The width to fit terminal output to: `COLUMNS` when set, else the
/// terminal's own width; `None` when standard output is not a terminal (a
/// pipe or a file gets every line whole).
pub fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    from_env.or_else(|| {
        terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
    })
}

/// Cuts to at most `w` display columns by leaving out the middle, so that
/// both the beginning and the end stay readable. Text made of parts
/// separated by `；` or `; ` (a veto reason's case records, each ending in
/// its category) loses whole parts from the middle first
/// ("…：涉疫台账!A6 2022-03-21 确诊病例；…；涉疫台账!A8 2022-03-22 密接 等 7 条"),
/// so that no record's category is cut off; only when even the first and
/// last part do not fit are characters cut from the middle.
pub fn cut_middle(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let sep = if s.contains('；') { "；" } else { "; " };
    let parts: Vec<&str> = s.split(sep).collect();
    if parts.len() > 2 {
        let last = parts[parts.len() - 1];
        for keep in (1..parts.len() - 1).rev() {
            let candidate = format!("{}{sep}…{sep}{last}", parts[..keep].join(sep));
            if width(&candidate) <= w {
                return candidate;
            }
        }
        // A list of records after a heading ("…的 14 天内有涉疫记录："): the
        // heading goes first, then the records after the first, then the
        // first record's beginning; its end (the category) stays.
        let colon = if sep == "；" { "：" } else { ": " };
        if let Some((_, first)) = parts[0].split_once(colon) {
            let candidate = format!("…{first}{sep}…{sep}{last}");
            if width(&candidate) <= w {
                return candidate;
            }
            let room = w.saturating_sub(width(sep) + 2);
            if room >= 6 {
                return format!("…{}{sep}…", keep_end(first, room));
            }
        }
    }
    if w < 3 {
        return truncate(s, w);
    }
    let chars: Vec<(char, usize)> = s
        .chars()
        .map(|c| (c, unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)))
        .collect();
    // The end gets the smaller half: it holds the category and the count.
    let budget = w - 1;
    let tail_budget = budget / 2;
    let mut tail = Vec::new();
    let mut used = 0;
    for &(c, cw) in chars.iter().rev() {
        if used + cw > tail_budget {
            break;
        }
        tail.push(c);
        used += cw;
    }
    let mut head = String::new();
    let mut head_used = 0;
    for &(c, cw) in &chars {
        if head_used + cw > budget - used {
            break;
        }
        head.push(c);
        head_used += cw;
    }
    head.push('…');
    head.extend(tail.into_iter().rev());
    head
}

/// The end of `s` in at most `w` display columns.
fn keep_end(s: &str, w: usize) -> String {
    let mut used = 0;
    let mut out: Vec<char> = Vec::new();
    for c in s.chars().rev() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.into_iter().rev().collect()
}

/// Breaks text into lines of at most `w` display columns (at least one
/// character a line, however narrow).
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > w && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        line.push(c);
        used += cw;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Narrowest a cut column becomes, however narrow the terminal.
const MIN_CUT: usize = 12;

/// A table whose columns are as wide as their widest cell. Columns listed in
/// `right` are right-aligned. On a terminal the table is fitted to its width
/// (see [`render_fit`]).
pub fn render(headers: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    render_fit(headers, rows, right, terminal_width())
}

/// A table fitted to `max` display columns when given: the last
/// left-aligned column (the explanation) is cut in the middle, one line per
/// row, so that the rows stay in step with the lines.
pub fn render_fit(
    headers: &[&str],
    rows: &[Vec<String>],
    right: &[usize],
    max: Option<usize>,
) -> String {
    let mut widths = Widths::new(headers);
    for r in rows {
        widths.measure(r);
    }
    let fitted = widths.fit(right, max);
    let mut out = String::new();
    out.push_str(&fitted.line(headers));
    out.push('\n');
    out.push_str(&fitted.rule());
    out.push('\n');
    for r in rows {
        out.push_str(&fitted.line(r));
        out.push('\n');
    }
    out
}

/// The widths of a table's columns, measured one row at a time, so that a
/// table too long to hold can be measured in one pass over its rows and
/// printed in a second (see [`render_fit`], which does both at once).
#[derive(Debug, Clone)]
pub struct Widths {
    widths: Vec<usize>,
}

impl Widths {
    /// The widths of the header row alone.
    pub fn new(headers: &[&str]) -> Self {
        Widths {
            widths: headers.iter().map(|h| width(h)).collect(),
        }
    }

    /// Widens the columns to fit `row` (cells past the headers are ignored).
    pub fn measure<S: AsRef<str>>(&mut self, row: &[S]) {
        for (w, c) in self.widths.iter_mut().zip(row) {
            *w = (*w).max(width(c.as_ref()));
        }
    }

    /// The table's layout, fitted to `max` display columns when given: the
    /// last column not listed in `right` (right-aligned) is cut to fit.
    pub fn fit(self, right: &[usize], max: Option<usize>) -> Fitted {
        let mut widths = self.widths;
        let n = widths.len();
        let total = |widths: &[usize]| widths.iter().sum::<usize>() + 2 * n.saturating_sub(1);
        let flex = (0..n).rev().find(|i| !right.contains(i));
        let mut cut_to = None;
        if let (Some(max), Some(flex)) = (max, flex)
            && total(&widths) > max
        {
            let others = total(&widths) - widths[flex];
            let room = max.saturating_sub(others).max(MIN_CUT.min(widths[flex]));
            widths[flex] = room;
            cut_to = Some((flex, room));
        }
        let rule = total(&widths);
        Fitted {
            widths,
            right: right.to_vec(),
            cut_to,
            rule,
        }
    }
}

/// A table's layout once measured: every line of it, one at a time.
#[derive(Debug, Clone)]
pub struct Fitted {
    widths: Vec<usize>,
    right: Vec<usize>,
    cut_to: Option<(usize, usize)>,
    rule: usize,
}

impl Fitted {
    /// One row (or the header row) laid out, without a line break.
    pub fn line<S: AsRef<str>>(&self, cells: &[S]) -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let c = c.as_ref();
                let w = self.widths.get(i).copied().unwrap_or(0);
                let cut;
                let c = match self.cut_to {
                    Some((col, room)) if col == i && width(c) > room => {
                        cut = cut_middle(c, room);
                        cut.as_str()
                    }
                    _ => c,
                };
                if self.right.contains(&i) {
                    pad_left(c, w)
                } else {
                    pad(c, w)
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    }

    /// The rule under the header row, as wide as the table.
    pub fn rule(&self) -> String {
        "─".repeat(self.rule)
    }
}

/// Text from a submission shown on a terminal: control characters (which
/// could move the cursor or recolour the screen) and bidirectional overrides
/// become visible escapes.
pub fn sanitize(s: &str) -> String {
    wuyi_sheets::normalize::escape_controls(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert_eq!(width("幸福里"), 6);
        assert_eq!(pad("幸福", 6), "幸福  ");
        assert_eq!(truncate("幸福里小区", 7), "幸福里…");
    }

    #[test]
    fn render_aligns() {
        let t = render(
            &["名称", "分"],
            &[vec!["幸福里小区".into(), "9".into()]],
            &[1],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(width(lines[0]), width(lines[2]));
    }

    #[test]
    fn a_table_fits_the_width_it_is_given() {
        let reason = "2022-03-17 至 2022-03-30 的 14 天内有涉疫记录：涉疫台账!A6 2022-03-21 确诊病例；涉疫台账!A7 2022-03-22 密接；涉疫台账!A8 2022-03-22 密接 等 7 条";
        let rows = vec![
            vec!["锦绣花园小区".to_string(), "97.0".into(), reason.into()],
            vec!["幸福里".to_string(), "98.0".into(), String::new()],
        ];
        let headers = ["名称", "得分", "说明"];
        for max in [60, 80, 100, 120] {
            let t = render_fit(&headers, &rows, &[1], Some(max));
            assert_eq!(t.lines().count(), 4, "{t}");
            for l in t.lines() {
                assert!(width(l) <= max, "{max}: {l} ({})", width(l));
            }
            // The first record's date and category stay whole.
            let veto = t.lines().nth(2).unwrap();
            assert!(veto.contains("2022-03-21 确诊病例"), "{veto}");
            assert!(veto.contains('…'), "{veto}");
        }
        // Room for the first and last record: the middle one is left out.
        let dropped = "2022-03-17 至 2022-03-30 的 14 天内有涉疫记录：涉疫台账!A6 2022-03-21 确诊病例；…；涉疫台账!A8 2022-03-22 密接 等 7 条";
        let wide = render_fit(&headers, &rows, &[1], Some(20 + width(dropped)));
        assert!(wide.contains(dropped), "{wide}");
        // Not fitted: every cell whole.
        let whole = render_fit(&headers, &rows, &[1], None);
        assert!(whole.contains(reason));
    }

    #[test]
    fn cutting_the_middle_keeps_both_ends() {
        assert_eq!(cut_middle("短", 10), "短");
        let s = "无法读取文件：这不是电子表格，而是纯文本文件";
        let c = cut_middle(s, 20);
        assert!(width(&c) <= 20, "{c}");
        assert!(c.starts_with("无法读取") && c.ends_with("文本文件"), "{c}");
        let en = cut_middle(
            "records: A6 confirmed case; A7 close contact; A8 close contact (7 in all)",
            60,
        );
        assert_eq!(
            en,
            "records: A6 confirmed case; …; A8 close contact (7 in all)"
        );
        assert_eq!(wrap("幸福里小区", 4), vec!["幸福", "里小", "区"]);
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a<U+001B>[2Jb");
        assert_eq!(sanitize("x\u{202E}y"), "x<U+202E>y");
    }
}
