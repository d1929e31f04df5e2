//! A worksheet's rows, streamed: plain cells scanned byte by byte, the rest
//! handed to quick-xml.

use std::io::Read;

use quick_xml::events::{BytesStart, Event};

use super::*;

/// Reads up to one block more; true at the end of the part.
pub(super) fn fill(file: &mut impl Read, data: &mut Vec<u8>) -> Result<bool, Stop> {
    let len = data.len();
    data.resize(len + BLOCK, 0);
    let mut filled = len;
    while filled < data.len() {
        match file.read(&mut data[filled..]) {
            Ok(0) => {
                data.truncate(filled);
                return Ok(true);
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Stop::Unsupported),
        }
    }
    Ok(false)
}

/// Finds the end of the `<sheetData>` tag: `Some(Some(offset))`, or
/// `Some(None)` for an empty `<sheetData/>`; `None` when more of the part
/// is needed.
pub(super) fn find_sheet_data(
    data: &[u8],
    eof: bool,
) -> Result<Option<(Option<usize>, u32)>, Stop> {
    let bom = if data.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &data[bom..];
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        // A character cut at the end of the block.
        Err(e) if e.error_len().is_none() && !eof => {
            std::str::from_utf8(&body[..e.valid_up_to()]).map_err(|_| Unsupported)?
        }
        Err(_) => return Err(Stop::Unsupported),
    };
    check_declaration(text)?;
    let mut xml = reader(text);
    let mut depth = 0u32;
    loop {
        let event = xml.read_event();
        match &event {
            Ok(Event::Start(_)) => depth = depth.saturating_add(1),
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "dimension" => {
                    let r = raw_attr(&e, "ref")?.ok_or(Unsupported)?;
                    dimension(r)?;
                }
                "sheetData" => {
                    let end = xml.buffer_position() as usize;
                    let empty = text.as_bytes()[..end].ends_with(b"/>");
                    return Ok(Some((if empty { None } else { Some(bom + end) }, depth)));
                }
                _ => {}
            },
            Ok(Event::Eof) => return Ok(None),
            Err(_) if !eof => return Ok(None),
            Err(_) => return Err(Stop::Unsupported),
            Ok(_) => {}
        }
    }
}

pub(super) struct Context<'a> {
    pub(super) text: &'a str,
    pub(super) strings: &'a [(usize, usize)],
    pub(super) formats: &'a [NumberKind],
    pub(super) is_1904: bool,
}

impl Context<'_> {
    fn shared(&self, index: usize) -> Option<&str> {
        self.strings.get(index).map(|&(a, b)| &self.text[a..b])
    }
}

#[derive(Default)]
pub(super) struct SheetState {
    /// Elements open, `<worksheet>` and `<sheetData>` among them.
    pub(super) depth: u32,
    pub(super) row: u32,
    pub(super) col: u32,
    pub(super) last_row: Option<u32>,
    pub(super) delivered: u64,
    /// Text assembled from a cell (inline strings, `t="str"`, entities).
    pub(super) scratch: String,
    pub(super) scratch2: String,
    pub(super) formula: String,
}

/// A cell's value before it is handed over.
pub(super) enum Value<'a> {
    Empty,
    Shared(usize),
    /// In `SheetState::scratch`.
    Scratch,
    /// A `t="d"` value, in `SheetState::scratch`.
    IsoDate,
    Raw(&'a str),
    Number(f64),
    Date(f64, ExcelDateTimeType),
    Bool(bool),
    Error(&'a str),
}

/// Parses complete rows; true when `</sheetData>` was reached.
///
/// Rows and cells of the usual shapes — `<row …>`, `<c …>` holding one
/// plain `<v>` or nothing, `</row>` — are scanned here byte by byte, as
/// quick-xml would tokenise them; a cell of any other shape is read by
/// quick-xml on its own, and anything else at the level of rows hands the
/// rest of the block to quick-xml.
pub(super) fn parse_rows(
    chunk: &str,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<bool, Stop> {
    let b = chunk.as_bytes();
    let mut pos = 0;
    loop {
        // Cells and rows usually follow each other without a gap.
        let at = if b.get(pos) == Some(&b'<') {
            pos
        } else {
            match memchr::memchr2(b'<', b'&', &b[pos..]) {
                Some(off) => pos + off,
                None => return Ok(false),
            }
        };
        if b[at] == b'&' {
            return parse_rows_slowly(&chunk[at..], ctx, sink, budget, st);
        }
        let rest = &b[at..];
        if rest.starts_with(b"</row>") {
            st.depth = st.depth.checked_sub(1).ok_or(Unsupported)?;
            end_row(st)?;
            pos = at + b"</row>".len();
            continue;
        }
        let name_len = if rest.len() > 2 && rest[1] == b'c' && ends_name(&rest[2..]) {
            1
        } else if rest.starts_with(b"<row") && ends_name(&rest[4..]) {
            3
        } else {
            return parse_rows_slowly(&chunk[at..], ctx, sink, budget, st);
        };
        let name_end = at + 1 + name_len;
        if name_len == 3 {
            let (r, gt, empty) = match plain_tag(chunk, name_end, ["r"]) {
                Some(([r], gt, empty)) => (r, gt, empty),
                None => match general_tag(chunk, at, name_len) {
                    Some((raw, gt, empty)) => (raw_attr_in(raw, "r")?, gt, empty),
                    None => return parse_rows_slowly(&chunk[at..], ctx, sink, budget, st),
                },
            };
            if let Some(r) = r {
                st.row = row_only(r)?;
            }
            if empty {
                end_row(st)?;
            } else {
                st.depth = st.depth.checked_add(1).ok_or(Unsupported)?;
            }
            pos = gt + 1;
            continue;
        }
        let ([r, s, t], gt, empty) = match plain_tag(chunk, name_end, ["r", "s", "t"]) {
            Some(tag) => tag,
            None => match general_tag(chunk, at, name_len) {
                Some((raw, gt, empty)) => (attrs_in(raw, ["r", "s", "t"])?, gt, empty),
                None => return parse_rows_slowly(&chunk[at..], ctx, sink, budget, st),
            },
        };
        let body = if empty {
            Some((Value::Empty, gt + 1))
        } else {
            plain_cell_body(chunk, gt + 1, ctx, s, t)?
        };
        match body {
            Some((value, next)) => {
                let p = cell_pos(r, st)?;
                deliver(p, value, false, ctx, sink, budget, st)?;
                pos = next;
            }
            None => pos = at + slow_cell(&chunk[at..], ctx, sink, budget, st)?,
        }
    }
}

/// A tag of any shape: the text of its attributes, where its `>` is and
/// whether it ends in `/>`; `None` where the block holds no `>` for it.
fn general_tag(chunk: &str, at: usize, name_len: usize) -> Option<(&str, usize, bool)> {
    let gt = tag_end(&chunk.as_bytes()[at + 1..])? + at + 1;
    let content = &chunk[at + 1..gt];
    let (content, empty) = match content.strip_suffix('/') {
        Some(c) => (c, true),
        None => (content, false),
    };
    Some((&content[name_len..], gt, empty))
}

/// Whether an element name ends here, as quick-xml ends it: at white
/// space, `>` or `/>`.
pub(super) fn ends_name(rest: &[u8]) -> bool {
    match rest.first() {
        Some(b' ' | b'\t' | b'\r' | b'\n' | b'>') => true,
        Some(b'/') => rest.get(1) == Some(&b'>'),
        _ => false,
    }
}

/// The `>` ending a tag, quoted attribute values skipped, as quick-xml
/// finds it.
pub(super) fn tag_end(b: &[u8]) -> Option<usize> {
    let mut quote = None;
    for i in memchr::memchr3_iter(b'>', b'"', b'\'', b) {
        match (quote, b[i]) {
            (None, b'>') => return Some(i),
            (None, q) => quote = Some(q),
            (Some(q), c) if q == c => quote = None,
            _ => {}
        }
    }
    None
}

pub(super) fn end_row(st: &mut SheetState) -> Fast<()> {
    st.row = st.row.checked_add(1).ok_or(Unsupported)?;
    st.col = 0;
    Ok(())
}

/// A cell body that is `</c>` or `<v>text</v></c>` with plain text, for
/// the types whose value is read from that text alone: the value and
/// where the cell ends. `None` for any other body.
#[inline(always)]
pub(super) fn plain_cell_body<'a>(
    chunk: &'a str,
    from: usize,
    ctx: &Context<'_>,
    style: Option<&str>,
    typ: Option<&str>,
) -> Fast<Option<(Value<'a>, usize)>> {
    let b = &chunk.as_bytes()[from..];
    if b.starts_with(b"</c>") {
        return Ok(Some((Value::Empty, from + 4)));
    }
    if !b.starts_with(b"<v>") || !matches!(typ, None | Some("n" | "s" | "b" | "e")) {
        return Ok(None);
    }
    // Values here are numbers and string indexes: a few bytes, found
    // sooner by a plain loop than by setting up a vector search.
    let Some(end) = b[3..]
        .iter()
        .position(|&c| c == b'<' || c == b'&')
        .map(|i| i + 3)
    else {
        return Ok(None);
    };
    if !b[end..].starts_with(b"</v></c>") {
        return Ok(None);
    }
    let next = from + end + b"</v></c>".len();
    if end == 3 {
        return Ok(Some((Value::Empty, next)));
    }
    let text = &chunk[from + 3..from + end];
    Ok(Some((plain_value(text, ctx, style, typ)?, next)))
}

/// A quick-xml reader over text that starts inside the sheet: its ends are
/// matched against the elements open there, counted from `st.depth`.
fn inside_sheet<'a>(text: &'a str, st: &SheetState) -> Rows<'a> {
    let mut xml = reader(text);
    xml.config_mut().allow_unmatched_ends = true;
    Rows {
        xml,
        depth: st.depth,
    }
}

/// Reads one cell with quick-xml from its `<c`; returns how far it read.
pub(super) fn slow_cell(
    from: &str,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<usize, Stop> {
    let mut xml = inside_sheet(from, st);
    let result = match xml.next()? {
        Event::Start(e) if e.local_name().as_ref() == "c" => {
            cell(&mut xml, &e, ctx, sink, budget, st)
        }
        _ => Err(Stop::Unsupported),
    };
    st.depth = xml.depth;
    result?;
    Ok(xml.xml.buffer_position() as usize)
}

/// The rest of a block, read with quick-xml.
pub(super) fn parse_rows_slowly(
    chunk: &str,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<bool, Stop> {
    let mut xml = inside_sheet(chunk, st);
    let done = parse_rows_in(&mut xml, ctx, sink, budget, st);
    st.depth = xml.depth;
    done
}

pub(super) fn parse_rows_in(
    xml: &mut Rows<'_>,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<bool, Stop> {
    loop {
        match xml.next()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "row" => {
                    if let Some(r) = raw_attr(&e, "r")? {
                        st.row = row_only(r)?;
                    }
                }
                "c" => cell(xml, &e, ctx, sink, budget, st)?,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "row" => {
                    st.row = st.row.checked_add(1).ok_or(Unsupported)?;
                    st.col = 0;
                }
                "sheetData" => return Ok(true),
                _ => {}
            },
            Event::Eof => return Ok(false),
            _ => {}
        }
    }
}

pub(super) fn cell<'a>(
    xml: &mut Rows<'a>,
    c: &BytesStart<'a>,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<(), Stop> {
    let [r, s, t] = attrs(c, ["r", "s", "t"])?;
    let pos = cell_pos(r, st)?;
    let mut value = Value::Empty;
    let mut formula = false;
    loop {
        match xml.next()? {
            Event::Start(e) if e.local_name().as_ref() == "f" => {
                formula = true;
                read_formula(xml, &e, st)?;
            }
            Event::Start(e) => value = read_value(xml, &e, ctx, s, t, st)?,
            Event::End(e) if e.local_name().as_ref() == "c" => break,
            Event::Eof => return Err(Stop::Unsupported),
            _ => {}
        }
    }
    deliver(pos, value, formula, ctx, sink, budget, st)
}

/// Where a cell is: its `r=`, or after the cell before it.
pub(super) fn cell_pos(r: Option<&str>, st: &mut SheetState) -> Fast<(u32, u32)> {
    Ok(match r {
        Some(r) => {
            let (row, col) = cell_ref(r)?;
            st.col = col;
            (row, col)
        }
        None => (st.row, st.col),
    })
}

/// Books and hands over a cell read whole.
#[inline(always)]
pub(super) fn deliver(
    pos: (u32, u32),
    value: Value<'_>,
    formula: bool,
    ctx: &Context<'_>,
    sink: &mut dyn CellSink,
    budget: &mut Budget,
    st: &mut SheetState,
) -> Result<(), Stop> {
    st.col = st.col.checked_add(1).ok_or(Unsupported)?;
    if st.last_row != Some(pos.0) {
        st.last_row = Some(pos.0);
        budget.tick(ROW_COST).map_err(Stop::Limit)?;
    }
    let value = match value {
        Value::Empty if formula => Some(CellRef::Uncalculated(st.formula.clone())),
        Value::Empty => None,
        Value::Shared(i) => text_ref(ctx.shared(i).ok_or(Unsupported)?),
        Value::Scratch => text_ref(&st.scratch),
        Value::IsoDate => iso_ref(&st.scratch),
        Value::Raw(v) => text_ref(v),
        Value::Number(n) => Some(CellRef::Number(n)),
        Value::Date(n, kind) => Some(date_ref(&ExcelDateTime::new(n, kind, ctx.is_1904))),
        Value::Bool(b) => Some(CellRef::Bool(b)),
        Value::Error(e) => Some(CellRef::Error(e.to_string())),
    };
    if let Some(v) = value {
        budget.tick(v.cost()).map_err(Stop::Limit)?;
        sink.cell(pos.0, pos.1, v);
        st.delivered += 1;
    }
    Ok(())
}

/// The formula's text where the cell holds it (not for cells that share
/// another cell's formula), checked as calamine checks it.
pub(super) fn read_formula(
    xml: &mut Rows<'_>,
    f: &BytesStart<'_>,
    st: &mut SheetState,
) -> Result<(), Stop> {
    st.formula.clear();
    read_text(xml, f.name().as_ref(), &mut st.formula)?;
    let [t, si, range] = attrs(f, ["t", "si", "ref"])?;
    if t == Some("shared") {
        let si = si.ok_or(Unsupported)?;
        atoi_simd::parse::<usize, true, false>(si.as_bytes()).map_err(|_| Unsupported)?;
        match range {
            Some(range) => dimension(range)?,
            None => st.formula.clear(),
        }
    }
    Ok(())
}

pub(super) fn read_value<'a>(
    xml: &mut Rows<'a>,
    e: &BytesStart<'a>,
    ctx: &Context<'_>,
    style: Option<&str>,
    typ: Option<&str>,
    st: &mut SheetState,
) -> Result<Value<'a>, Stop> {
    match e.local_name().as_ref() {
        "is" => {
            st.scratch.clear();
            read_string(xml, e.name().as_ref(), &mut st.scratch, &mut st.scratch2)?;
            Ok(Value::Scratch)
        }
        "v" if matches!(typ, Some("inlineStr" | "is")) => {
            skip_to_end(xml, e.name().as_ref())?;
            Ok(Value::Empty)
        }
        "v" if matches!(typ, None | Some("n" | "s" | "b" | "e")) => {
            let value = match xml.next()? {
                Event::Text(text) => {
                    let raw: &'a str = text_of(text);
                    plain_value(raw, ctx, style, typ)?
                }
                Event::End(end) if end.name() == e.name() => return Ok(Value::Empty),
                Event::Eof => return Err(Stop::Unsupported),
                _ => Value::Empty,
            };
            skip_to_end(xml, e.name().as_ref())?;
            Ok(value)
        }
        "v" => {
            st.scratch.clear();
            read_text(xml, e.name().as_ref(), &mut st.scratch)?;
            match typ {
                Some("str") => {
                    if let std::borrow::Cow::Owned(s) = unescape_excel(&st.scratch) {
                        st.scratch = s;
                    }
                    Ok(Value::Scratch)
                }
                Some("d") => Ok(Value::IsoDate),
                _ => Err(Stop::Unsupported),
            }
        }
        _ => Err(Stop::Unsupported),
    }
}

/// A borrowed text event's raw text.
pub(super) fn text_of<'a>(text: quick_xml::events::BytesText<'a>) -> &'a str {
    match text.into_inner() {
        std::borrow::Cow::Borrowed(s) => s,
        // A reader over a string slice always borrows.
        std::borrow::Cow::Owned(_) => "",
    }
}

/// The value of a `<v>` of a number, shared string, boolean or error cell.
#[inline(always)]
pub(super) fn plain_value<'a>(
    v: &'a str,
    ctx: &Context<'_>,
    style: Option<&str>,
    typ: Option<&str>,
) -> Fast<Value<'a>> {
    match typ {
        Some("s") => {
            if v.is_empty() {
                return Ok(Value::Empty);
            }
            let i = atoi_simd::parse::<usize, true, false>(v.as_bytes()).unwrap_or(0);
            if i >= ctx.strings.len() {
                return Err(Unsupported);
            }
            Ok(Value::Shared(i))
        }
        Some("b") => {
            let b = v.trim();
            if b.is_empty() {
                Ok(Value::Empty)
            } else if b == "0" || b.eq_ignore_ascii_case("false") {
                Ok(Value::Bool(false))
            } else if b == "1" || b.eq_ignore_ascii_case("true") {
                Ok(Value::Bool(true))
            } else {
                Err(Unsupported)
            }
        }
        Some("e") => match v {
            "#DIV/0!" | "#N/A" | "#NAME?" | "#NULL!" | "#NUM!" | "#REF!" | "#VALUE!" => {
                Ok(Value::Error(v))
            }
            _ => Err(Unsupported),
        },
        _ => {
            if v.is_empty() {
                return Ok(Value::Empty);
            }
            match fast_float2::parse::<f64, _>(v.as_bytes()) {
                Ok(n) => {
                    let kind = match style {
                        Some(s) => {
                            let id =
                                atoi_simd::parse::<usize, true, false>(s.as_bytes()).unwrap_or(0);
                            ctx.formats.get(id).copied()
                        }
                        None => Some(NumberKind::Other),
                    };
                    Ok(match kind {
                        Some(NumberKind::DateTime) => Value::Date(n, ExcelDateTimeType::DateTime),
                        Some(NumberKind::Duration) => Value::Date(n, ExcelDateTimeType::TimeDelta),
                        _ => Value::Number(n),
                    })
                }
                Err(_) if typ.is_none() => Ok(Value::Raw(v)),
                Err(_) => Err(Unsupported),
            }
        }
    }
}
