//! Aligned text tables for the terminal, measuring Chinese characters as two
//! columns wide.

use unicode_width::UnicodeWidthStr;

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

/// A table whose columns are as wide as their widest cell. Columns listed in
/// `right` are right-aligned.
pub fn render(headers: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let n = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            widths[i] = widths[i].max(width(c));
        }
    }
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if right.contains(&i) {
                    pad_left(c, widths[i])
                } else {
                    pad(c, widths[i])
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    let mut out = String::new();
    out.push_str(&line(headers.to_vec()));
    out.push('\n');
    let total: usize = widths.iter().sum::<usize>() + 2 * n.saturating_sub(1);
    out.push_str(&"─".repeat(total));
    out.push('\n');
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

/// Text from a submission shown on a terminal: control characters (which
/// could move the cursor or recolour the screen) and bidirectional overrides
/// become visible escapes.
pub fn sanitize(s: &str) -> String {
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
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a<U+001B>[2Jb");
        assert_eq!(sanitize("x\u{202E}y"), "x<U+202E>y");
    }
}
