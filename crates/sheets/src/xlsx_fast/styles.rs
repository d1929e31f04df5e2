//! The style sheet: what calamine refuses in it is refused here too, and
//! which number formats show dates.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::*;

pub(super) fn check_color(e: &BytesStart<'_>) -> Fast<()> {
    attrs(e, ["rgb", "theme", "indexed", "tint"])?;
    Ok(())
}

/// Hands each `<item>` start tag inside a `<list>` element to `each`, up
/// to the list's end tag.
pub(super) fn each_start<'a>(
    xml: &mut Reader<&'a [u8]>,
    list: &str,
    item: &str,
    mut each: impl FnMut(&mut Reader<&'a [u8]>, &BytesStart<'a>) -> Fast<()>,
) -> Fast<()> {
    loop {
        match xml.read_event()? {
            Event::Start(e) if e.local_name().as_ref() == item => each(xml, &e)?,
            Event::End(e) if e.local_name().as_ref() == list => return Ok(()),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

/// The rest of an `<xf>` (a cell format), read as far as calamine reads it.
pub(super) fn check_xf(xml: &mut Reader<&[u8]>) -> Fast<()> {
    loop {
        match xml.read_event()? {
            Event::End(c) if c.local_name().as_ref() == "xf" => return Ok(()),
            Event::Eof => return Err(Unsupported),
            Event::Start(c) if c.local_name().as_ref() == "alignment" => {
                attrs(
                    &c,
                    [
                        "horizontal",
                        "vertical",
                        "wrapText",
                        "textRotation",
                        "indent",
                        "shrinkToFit",
                    ],
                )?;
            }
            Event::Start(c) if c.local_name().as_ref() == "protection" => {
                attrs(&c, ["locked", "hidden"])?;
            }
            _ => {}
        }
    }
}

/// A `<font>`, read as far as calamine reads it.
pub(super) fn check_font(xml: &mut Reader<&[u8]>) -> Fast<()> {
    loop {
        match xml.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "name" => {
                    if let Some(v) = raw_attr(&e, "val")? {
                        decode_attr(v)?;
                    }
                }
                "sz" | "b" | "i" | "u" | "strike" | "family" => {
                    raw_attr(&e, "val")?;
                }
                "color" => check_color(&e)?,
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "font" => return Ok(()),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

pub(super) fn check_fill(xml: &mut Reader<&[u8]>) -> Fast<()> {
    loop {
        match xml.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "patternFill" => {
                    raw_attr(&e, "patternType")?;
                }
                "fgColor" | "bgColor" => check_color(&e)?,
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "fill" => return Ok(()),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

pub(super) fn check_border(xml: &mut Reader<&[u8]>, start: &BytesStart<'_>) -> Fast<()> {
    attrs(start, ["diagonalDown", "diagonalUp"])?;
    loop {
        match xml.read_event()? {
            Event::Start(e) => {
                let side = e.local_name();
                let side = side.as_ref();
                if !matches!(side, "left" | "right" | "top" | "bottom" | "diagonal") {
                    continue;
                }
                raw_attr(&e, "style")?;
                loop {
                    match xml.read_event()? {
                        Event::Start(c) if c.local_name().as_ref() == "color" => check_color(&c)?,
                        Event::End(end) if end.local_name().as_ref() == side => break,
                        Event::Eof => return Err(Unsupported),
                        _ => {}
                    }
                }
            }
            Event::End(e) if e.local_name().as_ref() == "border" => return Ok(()),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

/// Whether a custom number format shows dates or durations, by calamine's
/// rules (the first section only; quoted, escaped and bracketed parts
/// skipped; `[h]`, `[m]`, `[s]` are durations).
pub(super) fn custom_format_kind(format: &str) -> NumberKind {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return NumberKind::Other,
            ('[', ..) => brackets = brackets.wrapping_add(1),
            (']', .., 1) if hms => return NumberKind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberKind::DateTime;
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumberKind::Other
}

/// The built-in number formats that show dates and times: 14–22 and
/// 45–47, and the East Asian locale formats 27–36 and 50–58; 46 (`[h]:mm:ss`)
/// is a duration.
pub(super) fn builtin_format_kind(id: &str) -> NumberKind {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => {
            NumberKind::DateTime
        }
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => NumberKind::DateTime,
        "46" => NumberKind::Duration,
        _ => NumberKind::Other,
    }
}
