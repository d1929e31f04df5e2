//! The terminal summary of a scoring run: one row per file, how each
//! application's zero-case gate was decided, and the count line. Written a
//! line at a time from the cards (one pass to measure the columns, one for
//! the rows, one for the gate lines), so a batch of any size prints in the
//! same memory.

use anyhow::Result;

use super::Cards;
use super::columns::score_text;
use crate::catalogue::{CardText, VerdictText};
use crate::i18n::Lang;
use crate::text::{self, Widths, sanitize};
use wuyi_core::results::Scorecard;
use wuyi_core::score::Verdict;

/// One line of the terminal summary, without its line break.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Line<'a> {
    /// A header, rule, gate or count line.
    Plain(&'a str),
    /// An application's row, with its verdict (which a terminal colours).
    Row(&'a str, Verdict),
}

/// The terminal summary: one row per file, then the count line, fitted to
/// the terminal's width (whole when standard output is not a terminal).
pub fn render_table(cards: &dyn Cards, lang: Lang) -> Result<String> {
    render_table_fit(cards, lang, text::terminal_width())
}

/// The terminal summary fitted to `max` display columns when given, as one
/// string (see [`write_table`]).
pub fn render_table_fit(cards: &dyn Cards, lang: Lang, max: Option<usize>) -> Result<String> {
    let mut out = String::new();
    write_table(cards, lang, max, &mut |line| {
        let (Line::Plain(l) | Line::Row(l, _)) = line;
        out.push_str(l);
        out.push('\n');
        Ok(())
    })?;
    Ok(out)
}

/// The table's row of a card: name and town cut at the end when fitted,
/// the explanation left whole (the table cuts it in the middle, so a veto
/// reason keeps its case records' categories).
fn row(c: &Scorecard, lang: Lang, max: Option<usize>) -> [String; 6] {
    let cut = |s: String, w: usize| match max {
        Some(_) => text::truncate(&s, w),
        None => s,
    };
    // Only a veto or an unassessable file is explained on the terminal.
    let reason = match c.verdict {
        Verdict::Passed | Verdict::Failed => "",
        Verdict::Vetoed | Verdict::Unassessable => c.reason(lang),
    };
    [
        cut(sanitize(&c.name), 24),
        cut(sanitize(c.town.as_deref().unwrap_or("")), 16),
        score_text(c.score),
        c.gate_label(lang).to_string(),
        c.verdict.label(lang).to_string(),
        sanitize(reason),
    ]
}

/// Writes the terminal summary to `out` a line at a time, fitted to `max`
/// display columns when given: the rows, then how each application's gate
/// was decided (wrapped), then the count line.
pub fn write_table(
    cards: &dyn Cards,
    lang: Lang,
    max: Option<usize>,
    out: &mut dyn FnMut(Line<'_>) -> Result<()>,
) -> Result<()> {
    let headers = [
        lang.pick("名称", "community"),
        lang.pick("街道(乡镇)", "town"),
        lang.pick("得分", "score"),
        lang.pick("零病例", "gate"),
        lang.pick("结论", "verdict"),
        lang.pick("说明", "reason"),
    ];
    let mut widths = Widths::new(&headers);
    let mut gated = 0usize;
    let overview = {
        let mut o = super::Overview::default();
        cards.each_brief(&mut |c| {
            widths.measure(&row(c, lang, max));
            gated += usize::from(!c.gate_summary(lang).is_empty());
            o.add(c);
            Ok(())
        })?;
        o
    };
    let fitted = widths.fit(&[2], max);
    out(Line::Plain(&fitted.line(&headers)))?;
    out(Line::Plain(&fitted.rule()))?;
    cards.each_brief(&mut |c| out(Line::Row(&fitted.line(&row(c, lang, max)), c.verdict)))?;
    // How each application's gate was decided, so an office can defend a
    // pass: what was read, and what came of it.
    if gated > 0 {
        out(Line::Plain(lang.pick("零病例核查：", "zero-case gate:")))?;
        cards.each_brief(&mut |c| gate_lines(c, lang, max, out))?;
    }
    out(Line::Plain(&overview.count_line(lang)))
}

/// A card's gate line, wrapped to the width when fitted; nothing for a card
/// without a gate summary.
fn gate_lines(
    c: &Scorecard,
    lang: Lang,
    max: Option<usize>,
    out: &mut dyn FnMut(Line<'_>) -> Result<()>,
) -> Result<()> {
    let summary = c.gate_summary(lang);
    if summary.is_empty() {
        return Ok(());
    }
    let line = format!(
        "{}{}{}",
        sanitize(&c.name),
        lang.pick("：", ": "),
        sanitize(summary)
    );
    let lines = match max {
        Some(w) => text::wrap(&line, w.saturating_sub(4).max(10)),
        None => vec![line],
    };
    for (i, l) in lines.iter().enumerate() {
        let indent = if i == 0 { "  " } else { "    " };
        out(Line::Plain(&format!("{indent}{l}")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_in_card_order_with_their_verdicts() {
        let mut cards = vec![
            crate::test_card::card("a.xlsx", "甲", None, Some("东关街道"), Some(80.0)),
            crate::test_card::card("b.xlsx", "乙", None, Some("西城街道"), None),
        ];
        cards[1].verdict = Verdict::Unassessable;
        let mut rows = Vec::new();
        let mut plain = 0;
        write_table(&cards, Lang::Zh, None, &mut |l| {
            match l {
                Line::Row(text, v) => rows.push((text.to_string(), v)),
                Line::Plain(_) => plain += 1,
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].0.starts_with("甲"), "{rows:?}");
        assert_eq!(rows[1].1, Verdict::Unassessable);
        // Header, rule and count line.
        assert_eq!(plain, 3);
        let whole = render_table_fit(&cards, Lang::Zh, None).unwrap();
        assert!(whole.ends_with("无法评分 1\n"), "{whole}");
    }
}
