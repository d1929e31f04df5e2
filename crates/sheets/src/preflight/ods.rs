//! .ods: the extent of each table, measured before the reader lays it out
//! densely.

use std::io::{Cursor, Read};

use memchr::memchr;
use memchr::memmem::find;

use super::{DATA_BYTES, Extent};
use crate::OpenError;
use crate::limits::{Budget, ReadLimits};

/// Estimates what the .ods reader will hold for `content.xml` and books it.
///
/// calamine keeps every row's cells up to its last non-empty one (with
/// repeated columns expanded), then lays each table out densely over the
/// extent of its non-empty cells (with repeated rows expanded), for values
/// and formulas alike; the sheet handed out is a copy. A two-line row
/// repeated a million times across 16,384 columns is how a tiny file asks
/// for gigabytes, so the extent is measured here first. This inflates
/// `content.xml` once more than the reader does; .ods files are small, and
/// the scan is a byte loop, cheap beside the reader's XML parse.
pub(crate) fn check_ods(
    bytes: &[u8],
    limits: &ReadLimits,
    budget: &mut Budget,
) -> Result<(), OpenError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OpenError::Corrupt(format!("zip: {e}")))?;
    let mut xml = Vec::new();
    {
        // A missing or unreadable content.xml is the reader's to report.
        let Ok(part) = archive.by_name("content.xml") else {
            return Ok(());
        };
        if part
            .take(limits.max_unpacked_bytes.saturating_add(1))
            .read_to_end(&mut xml)
            .is_err()
        {
            return Ok(());
        }
    }
    budget.check_time()?;
    if let Some(element) = left_open(&xml) {
        return Err(OpenError::Corrupt(format!(
            "content.xml ends inside a <{element}> element that is never closed (the file is cut short or damaged)"
        )));
    }
    let est = ods_estimate(&xml);
    drop(xml);
    budget.charge(est)
}

/// The element, if any, that the .ods reader would read to the end of the
/// part and then wait for forever.
///
/// calamine 0.38 reads a table until its `</table:table>`, and a cell's
/// annotation until its `</office:annotation>`, and neither loop stops at
/// the end of the document: a `content.xml` cut or damaged after either
/// opens keeps the reader spinning until the time budget ends it (found by
/// fuzzing; kept as `fuzz/regressions/read_bytes/ods-unclosed-table-hang`).
/// Each loop ends at the first closing tag of its element after it opens,
/// so the reader is safe exactly when every opening of either element is
/// followed, somewhere later, by a closing one.
fn left_open(xml: &[u8]) -> Option<&'static str> {
    let (mut table, mut annotation) = (false, false);
    for tag in (Tags { xml, pos: 0 }) {
        let open = !tag.closing && !tag.self_closing;
        match tag.name {
            b"table:table" if open => table = true,
            b"table:table" if tag.closing => table = false,
            b"office:annotation" if open => annotation = true,
            b"office:annotation" if tag.closing => annotation = false,
            _ => {}
        }
    }
    if table {
        Some("table:table")
    } else if annotation {
        Some("office:annotation")
    } else {
        None
    }
}

/// calamine's limits on an .ods table.
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;
/// Bytes per cell in the reader's grids: a value (32) and a formula
/// string (24), kept for every cell.
const ODS_CELL_BYTES: u64 = 32 + 24;

/// One tag of an XML document, found without parsing it.
struct Tag<'a> {
    name: &'a [u8],
    /// The bytes between the name and the closing `>`.
    attrs: &'a [u8],
    closing: bool,
    self_closing: bool,
}

/// Yields the tags of `xml` in order, skipping comments, CDATA and
/// processing instructions, and respecting quotes inside tags.
///
/// A tolerant byte scanner rather than quick-xml, for safety: the estimate
/// must never stop short of what the reader will read. A parser stops at
/// the first thing it rejects, and one set up even slightly differently
/// from the reader's (end-name checks, encodings, entity handling) could
/// stop earlier than the reader does and under-measure the file; this
/// scanner reads every tag to the end of the part whatever comes before.
struct Tags<'a> {
    xml: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        let xml = self.xml;
        loop {
            let lt = self.pos + memchr(b'<', &xml[self.pos.min(xml.len())..])?;
            let rest = &xml[lt..];
            if rest.starts_with(b"<!--") {
                self.pos = lt + 4 + find(&rest[4..], b"-->")? + 3;
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                self.pos = lt + 9 + find(&rest[9..], b"]]>")? + 3;
                continue;
            }
            if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
                self.pos = lt + 2 + memchr(b'>', &rest[2..])? + 1;
                continue;
            }
            let closing = rest.get(1) == Some(&b'/');
            let name_start = lt + 1 + usize::from(closing);
            let mut i = name_start;
            while i < xml.len() && !matches!(xml[i], b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>') {
                i += 1;
            }
            let name = &xml[name_start..i];
            let attrs_start = i;
            let mut quote: Option<u8> = None;
            while i < xml.len() {
                let b = xml[i];
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => quote = Some(b),
                    None if b == b'>' => break,
                    None => {}
                }
                i += 1;
            }
            if i >= xml.len() {
                return None;
            }
            let self_closing = i > attrs_start && xml[i - 1] == b'/';
            let attrs = &xml[attrs_start..i];
            self.pos = i + 1;
            return Some(Tag {
                name,
                attrs,
                closing,
                self_closing,
            });
        }
    }
}

/// The value of attribute `name` in a tag's attribute bytes.
fn attr<'a>(attrs: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(i) = find(&attrs[from..], name) {
        let at = from + i;
        let before_ok = at == 0 || attrs[at - 1].is_ascii_whitespace();
        let after = &attrs[at + name.len()..];
        let after = after.trim_ascii_start();
        if before_ok && let Some(after) = after.strip_prefix(b"=") {
            let after = after.trim_ascii_start();
            let q = *after.first()?;
            if q == b'"' || q == b'\'' {
                let end = memchr(q, &after[1..])?;
                return Some(&after[1..1 + end]);
            }
        }
        from = at + 1;
    }
    None
}

/// A repeat count as the reader takes it; unreadable counts fail the
/// reader, so they count once here.
fn repeats(attrs: &[u8], name: &[u8]) -> u64 {
    attr(attrs, name)
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

/// The bytes the .ods reader would hold for a `content.xml`.
fn ods_estimate(xml: &[u8]) -> u64 {
    let mut total: u64 = 0;
    let mut largest_grid: u64 = 0;
    let mut extent = Extent::default();
    let mut row: u64 = 0;
    let mut row_repeat: u64 = 1;
    let mut col: u64 = 0;
    let mut row_kept: u64 = 0;
    let mut kept: u64 = 0;
    let finish_table = |extent: &Extent, kept: u64, total: &mut u64, largest: &mut u64| {
        let grid = extent.cells();
        *total = total
            .saturating_add(kept.saturating_mul(ODS_CELL_BYTES))
            .saturating_add(grid.saturating_mul(ODS_CELL_BYTES));
        *largest = (*largest).max(grid);
    };
    for tag in (Tags { xml, pos: 0 }) {
        match (tag.name, tag.closing) {
            (b"table:table", false) => {
                extent = Extent::default();
                row = 0;
                kept = 0;
            }
            (b"table:table", true) => {
                finish_table(&extent, kept, &mut total, &mut largest_grid);
                extent = Extent::default();
                kept = 0;
            }
            (b"table:table-row", false) => {
                row_repeat = repeats(tag.attrs, b"table:number-rows-repeated")
                    .min(ODS_MAX_ROWS.saturating_sub(row))
                    .max(1);
                col = 0;
                row_kept = 0;
                if tag.self_closing {
                    row = row.saturating_add(row_repeat);
                }
            }
            (b"table:table-row", true) => {
                kept = kept.saturating_add(row_kept);
                row = row.saturating_add(row_repeat);
                row_repeat = 1;
            }
            (b"table:table-cell" | b"table:covered-table-cell", false) => {
                let n = repeats(tag.attrs, b"table:number-columns-repeated")
                    .min(ODS_MAX_COLUMNS.saturating_sub(col));
                let filled = !tag.self_closing
                    || attr(tag.attrs, b"office:value-type").is_some()
                    || attr(tag.attrs, b"table:formula").is_some();
                if filled && n > 0 {
                    let last_row = row.saturating_add(row_repeat - 1);
                    extent.add(row, last_row, col, col + n - 1);
                    row_kept = col + n;
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
    }
    // A table left open at the end still cost what it held.
    finish_table(&extent, kept, &mut total, &mut largest_grid);
    total.saturating_add(largest_grid.saturating_mul(DATA_BYTES))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_found_past_quotes_and_comments() {
        let xml = br#"<?xml version="1.0"?><!-- <a> --><a x="1>2" y='/'/><b></b>"#;
        let tags: Vec<(String, bool, bool)> = Tags { xml, pos: 0 }
            .map(|t| {
                (
                    String::from_utf8_lossy(t.name).into_owned(),
                    t.closing,
                    t.self_closing,
                )
            })
            .collect();
        assert_eq!(
            tags,
            vec![
                ("a".into(), false, true),
                ("b".into(), false, false),
                ("b".into(), true, false)
            ]
        );
        assert_eq!(attr(br#" x="1>2" y='/'"#, b"y"), Some(&b"/"[..]));
        assert_eq!(attr(br#" xy="1" y="2""#, b"y"), Some(&b"2"[..]));
    }

    #[test]
    fn ods_extent_counts_repeats_of_filled_cells_only() {
        let row =
            |attrs: &str, cells: &str| format!("<table:table-row{attrs}>{cells}</table:table-row>");
        let empty_tail = row(
            " table:number-rows-repeated=\"1048000\"",
            "<table:table-cell table:number-columns-repeated=\"1024\"/>",
        );
        let one = row(
            "",
            "<table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell>",
        );
        let plain = format!("<table:table>{one}{empty_tail}</table:table>");
        assert!(ods_estimate(plain.as_bytes()) < 1024);
        let bomb = format!(
            "<table:table>{}</table:table>",
            row(
                " table:number-rows-repeated=\"1048576\"",
                "<table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"16384\"/>",
            )
        );
        assert!(ods_estimate(bomb.as_bytes()) > 1 << 40);
    }

    #[test]
    fn tables_and_annotations_left_open_are_found() {
        let cell = "<table:table-cell office:value-type=\"float\" office:value=\"1\"/>";
        let table = format!("<table:table><table:table-row>{cell}</table:table-row></table:table>");
        assert_eq!(left_open(table.as_bytes()), None);
        assert_eq!(left_open(b"<table:table table:name=\"x\"/>"), None);
        // Cut short, or its closing tag damaged (what fuzzing found).
        let cut = &table[..table.len() - 3];
        assert_eq!(left_open(cut.as_bytes()), Some("table:table"));
        let damaged = table.replace("</table:table>", "</table:tabessions/>");
        assert_eq!(left_open(damaged.as_bytes()), Some("table:table"));
        // A second table opened after the first was closed, never closed.
        assert_eq!(
            left_open(format!("{table}<table:table>").as_bytes()),
            Some("table:table")
        );
        let note = "<table:table-cell><office:annotation><text:p>注</text:p></office:annotation><text:p>a</text:p></table:table-cell>";
        let annotated =
            format!("<table:table><table:table-row>{note}</table:table-row></table:table>");
        assert_eq!(left_open(annotated.as_bytes()), None);
        let unclosed = annotated.replace("</office:annotation>", "");
        assert_eq!(left_open(unclosed.as_bytes()), Some("office:annotation"));
    }
}
