//! XML as calamine reads it: the reader's set-up, text, strings, escapes,
//! attributes and cell references.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::*;

/// Where XML events come from: a whole part, or a block of a sheet.
pub(super) trait Events<'a> {
    fn next(&mut self) -> Fast<Event<'a>>;
}

impl<'a> Events<'a> for Reader<&'a [u8]> {
    fn next(&mut self) -> Fast<Event<'a>> {
        Ok(self.read_event()?)
    }
}

/// A block of a sheet's rows, with the count of elements open, so an end
/// tag that closes nothing is refused as calamine's reader refuses it.
pub(super) struct Rows<'a> {
    pub(super) xml: Reader<&'a [u8]>,
    pub(super) depth: u32,
}

impl<'a> Events<'a> for Rows<'a> {
    fn next(&mut self) -> Fast<Event<'a>> {
        let event = self.xml.read_event()?;
        match &event {
            Event::Start(_) => self.depth = self.depth.checked_add(1).ok_or(Unsupported)?,
            Event::End(_) => self.depth = self.depth.checked_sub(1).ok_or(Unsupported)?,
            _ => {}
        }
        Ok(event)
    }
}

/// Skips to the end of the element just started, as quick-xml's
/// `read_to_end` does.
pub(super) fn skip_to_end<'a>(xml: &mut impl Events<'a>, name: &str) -> Fast<()> {
    let mut depth = 0u32;
    loop {
        match xml.next()? {
            Event::Start(e) if e.name().as_ref() == name => depth += 1,
            Event::End(e) if e.name().as_ref() == name => {
                if depth == 0 {
                    return Ok(());
                }
                depth -= 1;
            }
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

/// A reader configured as calamine configures its own.
pub(super) fn reader(text: &str) -> Reader<&[u8]> {
    let mut xml = Reader::from_str(text);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    xml
}

/// Only UTF-8 parts are read here; calamine decodes the others.
pub(super) fn check_declaration(text: &str) -> Fast<()> {
    let head = text.trim_start_matches('\u{feff}');
    let Some(rest) = head.strip_prefix("<?xml") else {
        return Ok(());
    };
    let Some(end) = rest.find("?>") else {
        return Err(Unsupported);
    };
    let decl = rest[..end].to_ascii_lowercase();
    let Some(i) = decl.find("encoding") else {
        return Ok(());
    };
    let value = decl[i + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')
        .ok_or(Unsupported)?
        .trim_start()
        .trim_start_matches(['"', '\'']);
    if value.starts_with("utf-8\"") || value.starts_with("utf-8'") {
        Ok(())
    } else {
        Err(Unsupported)
    }
}

/// Text content up to the end of the element named `closing`, with
/// entities resolved and line ends normalised, as calamine reads formulas
/// and `t="str"` values.
pub(super) fn read_text<'a>(
    xml: &mut impl Events<'a>,
    closing: &str,
    out: &mut String,
) -> Fast<()> {
    loop {
        match xml.next()? {
            Event::Text(t) => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => entity(&r, out)?,
            Event::End(end) if end.name().as_ref() == closing => return Ok(()),
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

pub(super) fn entity(r: &BytesRef<'_>, out: &mut String) -> Fast<()> {
    if let Some(s) = quick_xml::escape::resolve_xml_entity(r.as_ref()) {
        out.push_str(s);
        return Ok(());
    }
    match r.resolve_char_ref()? {
        Some(c) => {
            out.push(c);
            Ok(())
        }
        None => Err(Unsupported),
    }
}

/// A shared or inline string: the text of its runs, phonetic guides left
/// out, appended to `out`.
pub(super) fn read_string<'a>(
    xml: &mut impl Events<'a>,
    closing: &str,
    out: &mut String,
    scratch: &mut String,
) -> Fast<()> {
    let mut phonetic = false;
    loop {
        match xml.next()? {
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.name().as_ref() == closing => return Ok(()),
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => {
                let preserve = raw_attr(&e, "xml:space")? == Some("preserve");
                scratch.clear();
                loop {
                    match xml.next()? {
                        Event::Text(t) => scratch.push_str(&t.xml10_content()),
                        Event::CData(t) => scratch.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => entity(&r, scratch)?,
                        Event::End(end) if end.name() == e.name() => break,
                        Event::Eof => return Err(Unsupported),
                        _ => {}
                    }
                }
                let value = if preserve {
                    scratch.as_str()
                } else {
                    scratch.trim_matches([' ', '\t', '\r', '\n'])
                };
                out.push_str(&unescape_excel(value));
            }
            Event::Eof => return Err(Unsupported),
            _ => {}
        }
    }
}

/// Excel's `_xHHHH_` escapes (a UTF-16 unit each; `_x005F_` escapes the
/// underscore), as calamine undoes them.
pub(super) fn unescape_excel(original: &str) -> std::borrow::Cow<'_, str> {
    const LEN: usize = 7;
    fn parse(s: &str, i: usize) -> Option<u16> {
        let b = s.as_bytes().get(i..i + LEN)?;
        if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' {
            return None;
        }
        let hex = &b[2..6];
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    }
    fn find(s: &str, mut start: usize) -> Option<(usize, u16)> {
        while let Some(off) = memchr::memchr(b'_', &s.as_bytes()[start..]) {
            let i = start + off;
            if let Some(u) = parse(s, i) {
                return Some((i, u));
            }
            start = i + 1;
        }
        None
    }
    let Some((mut index, mut unit)) = find(original, 0) else {
        return std::borrow::Cow::Borrowed(original);
    };
    let mut out = String::with_capacity(original.len());
    let mut copied = 0;
    loop {
        out.push_str(&original[copied..index]);
        index += LEN;
        match unit {
            0xD800..=0xDBFF => match parse(original, index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let cp =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += LEN;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        match find(original, index) {
            Some(next) => (index, unit) = next,
            None => break,
        }
    }
    out.push_str(&original[copied..]);
    std::borrow::Cow::Owned(out)
}

pub(super) fn decode_attr(value: &str) -> Fast<String> {
    Ok(quick_xml::escape::unescape(value)?.into_owned())
}

/// Attribute pairs of a tag, as calamine splits them: no entity decoding,
/// a key without `=` or a value without quotes is an error.
pub(super) struct RawAttrs<'a> {
    pub(super) raw: &'a str,
    pub(super) pos: usize,
}

impl<'a> RawAttrs<'a> {
    pub(super) fn new(raw: &'a str) -> Self {
        RawAttrs { raw, pos: 0 }
    }
}

impl<'a> Iterator for RawAttrs<'a> {
    type Item = Fast<(&'a str, &'a str)>;

    fn next(&mut self) -> Option<Self::Item> {
        let raw = self.raw;
        let bytes = raw.as_bytes();
        let len = bytes.len();
        let mut pos = self.pos;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= len {
            self.pos = pos;
            return None;
        }
        let key_start = pos;
        while pos < len && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= len {
            self.pos = len;
            return Some(Err(Unsupported));
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                self.pos = len;
                return Some(Err(Unsupported));
            }
        };
        pos += 1;
        let val_start = pos;
        while pos < len && bytes[pos] != quote {
            pos += 1;
        }
        let val = &raw[val_start..pos];
        if pos < len {
            pos += 1;
        }
        self.pos = pos;
        Some(Ok((key, val)))
    }
}

/// The named attributes of a tag in one pass, stopping once as many
/// matches as names were seen (as calamine does, so a malformed attribute
/// after them is not looked at).
pub(super) fn attrs<'a, const N: usize>(
    e: &'a BytesStart<'_>,
    keys: [&str; N],
) -> Fast<[Option<&'a str>; N]> {
    attrs_in(e.attributes_raw(), keys)
}

pub(super) fn attrs_in<'a, const N: usize>(
    raw: &'a str,
    keys: [&str; N],
) -> Fast<[Option<&'a str>; N]> {
    let mut out = [None; N];
    let mut found = 0;
    for attr in RawAttrs::new(raw) {
        let (k, v) = attr?;
        if let Some(i) = keys.iter().position(|key| *key == k) {
            out[i] = Some(v);
            found += 1;
            if found == N {
                break;
            }
        }
    }
    Ok(out)
}

pub(super) fn raw_attr<'a>(e: &'a BytesStart<'_>, key: &str) -> Fast<Option<&'a str>> {
    raw_attr_in(e.attributes_raw(), key)
}

pub(super) fn raw_attr_in<'a>(raw: &'a str, key: &str) -> Fast<Option<&'a str>> {
    for attr in RawAttrs::new(raw) {
        let (k, v) = attr?;
        if k == key {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

pub(super) fn local_name_matches(key: &str, local: &str) -> bool {
    key == local
        || key
            .strip_suffix(local)
            .is_some_and(|p| p.as_bytes().last() == Some(&b':'))
}

/// `A1`-style reference → zero-based (row, optional column). Where
/// calamine's arithmetic would overflow, calamine decides.
pub(super) fn row_and_column(range: &str) -> Fast<(u32, Option<u32>)> {
    let b = range.as_bytes();
    let mut i = 0;
    let mut col: u32 = 0;
    let mut row: u32 = 0;
    while i < b.len() {
        match b[i] {
            c @ b'A'..=b'Z' => {
                col = col
                    .checked_mul(26)
                    .and_then(|x| x.checked_add(u32::from(c - b'A') + 1))
                    .ok_or(Unsupported)?
            }
            c @ b'a'..=b'z' => {
                col = col
                    .checked_mul(26)
                    .and_then(|x| x.checked_add(u32::from(c - b'a') + 1))
                    .ok_or(Unsupported)?
            }
            c @ b'0'..=b'9' => {
                row = u32::from(c - b'0');
                i += 1;
                break;
            }
            _ => return Err(Unsupported),
        }
        i += 1;
    }
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                row = row
                    .checked_mul(10)
                    .and_then(|x| x.checked_add(u32::from(c - b'0')))
                    .ok_or(Unsupported)?
            }
            _ => return Err(Unsupported),
        }
        i += 1;
    }
    let row = row.checked_sub(1).ok_or(Unsupported)?;
    Ok((row, col.checked_sub(1)))
}

pub(super) fn cell_ref(range: &str) -> Fast<(u32, u32)> {
    let (row, col) = row_and_column(range)?;
    Ok((row, col.ok_or(Unsupported)?))
}

pub(super) fn row_only(range: &str) -> Fast<u32> {
    Ok(row_and_column(range)?.0)
}

/// A `ref` range, checked as calamine checks it (an inverted range is left
/// to calamine, whose arithmetic depends on the build).
pub(super) fn dimension(range: &str) -> Fast<()> {
    let mut parts = range.split(':');
    let first = parts.next().map(cell_ref).ok_or(Unsupported)??;
    match (parts.next(), parts.next()) {
        (None, _) => Ok(()),
        (Some(second), None) => {
            let second = cell_ref(second)?;
            if second.0 < first.0 || second.1 < first.1 {
                return Err(Unsupported);
            }
            Ok(())
        }
        _ => Err(Unsupported),
    }
}
