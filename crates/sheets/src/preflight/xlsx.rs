//! .xlsx: the count a shared-string table declares, checked before the
//! reader reserves room for it.

use std::io::Cursor;

use memchr::memmem::find;

use super::ZipSummary;
use crate::limits::Budget;
use crate::{Declared, OpenError};

/// The fewest bytes one entry of a shared-string table can take: `<si/>`.
const MIN_SHARED_STRING_BYTES: u64 = 5;

/// What the reader reserves for each string a table declares: a `String`.
pub(super) const SHARED_STRING_SLOT: u64 = std::mem::size_of::<String>() as u64;

/// Checks the count a shared-string table declares before the .xlsx reader
/// reserves room for it, and books that room.
///
/// The reader takes `uniqueCount` on the table's first `sst` element as a
/// capacity, before reading a single string: `uniqueCount="4000000000"` in
/// a 40 KB file asks for 96 GB, and the failed allocation aborts the
/// process. A table of N bytes holds at most N / 5 strings (`<si/>` is
/// the shortest), so a larger count is false and the file is refused with
/// the count named; a plausible count is booked against the memory budget.
///
/// The `sst` element is found with the XML parser the reader uses, set up
/// as it sets it up, so both see the same first `sst`; on that element
/// every attribute named like `uniqueCount` (any case, any prefix) counts
/// and the largest wins, so no reading of the attributes can slip past.
/// The scan stops at that element, a few dozen bytes into a real table.
pub(crate) fn check_shared_strings(
    bytes: &[u8],
    summary: &ZipSummary,
    budget: &mut Budget,
) -> Result<(), OpenError> {
    check_declared_counts(
        bytes,
        &summary.shared_string_parts,
        budget,
        SharedStringTable {
            what: Declared::SharedStrings,
            min_entry_bytes: MIN_SHARED_STRING_BYTES,
            part_factor: None,
            count: |part| sst_unique_count(std::io::BufReader::new(part)),
        },
    )
}

/// How one kind of shared-string table is checked: its count, the fewest
/// bytes an entry takes, and what the reader holds per byte of the part.
pub(super) struct SharedStringTable {
    /// The count a false declaration is refused under.
    pub what: Declared,
    /// The fewest bytes one entry can take.
    pub min_entry_bytes: u64,
    /// What the reader holds per byte of the part, booked before the part
    /// is opened, if it holds the text whole.
    pub part_factor: Option<u64>,
    /// The count the part declares, found as the reader finds it.
    pub count: fn(&mut dyn std::io::Read) -> Option<u64>,
}

/// Checks the count each shared-string part declares against what its
/// size can hold, refusing a false one, and books a `String` per entry.
/// A part that cannot be opened, or declares nothing, is the reader's to
/// report.
pub(super) fn check_declared_counts(
    bytes: &[u8],
    parts: &[(usize, u64)],
    budget: &mut Budget,
    table: SharedStringTable,
) -> Result<(), OpenError> {
    if parts.is_empty() {
        return Ok(());
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OpenError::Corrupt(format!("zip: {e}")))?;
    for &(index, size) in parts {
        if let Some(factor) = table.part_factor {
            budget.charge(size.saturating_mul(factor))?;
        }
        let Ok(mut part) = archive.by_index(index) else {
            continue;
        };
        let Some(declared) = (table.count)(&mut part) else {
            continue;
        };
        let most = size / table.min_entry_bytes + 1;
        if declared > most {
            return Err(OpenError::FalseCount {
                what: table.what,
                declared,
                most,
            });
        }
        budget.charge(declared.saturating_mul(SHARED_STRING_SLOT))?;
    }
    Ok(())
}

/// The largest `uniqueCount` on the first `sst` element of a table, if it
/// has any that reads as a number.
fn sst_unique_count(source: impl std::io::BufRead) -> Option<u64> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(source);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                return largest_count(e.attributes_raw().as_bytes(), b"uniquecount");
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The largest number given to any attribute whose local name is `name`
/// (compared without regard to case) in raw attribute bytes, found without
/// trusting their syntax: the digits after `name`, optional spaces, `=`,
/// optional spaces and a quote. Digits past what a `u64` holds read as
/// `u64::MAX`.
fn largest_count(attrs: &[u8], name: &[u8]) -> Option<u64> {
    let lower = attrs.to_ascii_lowercase();
    let mut most: Option<u64> = None;
    let mut from = 0;
    while let Some(i) = find(&lower[from..], name) {
        let at = from + i;
        from = at + 1;
        let rest = lower[at + name.len()..].trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")) else {
            continue;
        };
        let rest = rest.strip_prefix(b"+").unwrap_or(rest);
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            continue;
        }
        let n = rest[..digits].iter().fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        });
        most = Some(most.map_or(n, |m| m.max(n)));
    }
    most
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_counts_are_read_at_their_largest() {
        let n = |a: &str| largest_count(a.as_bytes(), b"uniquecount");
        assert_eq!(n(r#" count="9" uniqueCount="7""#), Some(7));
        assert_eq!(n(r#" x:UNIQUECOUNT = '+12' uniqueCount="3""#), Some(12));
        assert_eq!(
            n(r#" uniqueCount="99999999999999999999999""#),
            Some(u64::MAX)
        );
        assert_eq!(n(r#" uniqueCount="" count="5""#), None);
        let sst = |x: &str| sst_unique_count(x.as_bytes());
        assert_eq!(
            sst(
                r#"<?xml version="1.0"?><!-- <sst uniqueCount="1"> --><x:sst uniqueCount="40"><si/></x:sst>"#
            ),
            Some(40)
        );
        assert_eq!(sst("<a/><sst/>"), None);
    }
}
