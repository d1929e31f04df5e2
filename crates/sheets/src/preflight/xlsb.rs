//! .xlsb: the shared-string table's declared count, checked and booked
//! before the reader reads the table whole.

use std::io::Read;

use super::xlsx::{SharedStringTable, check_declared_counts};
use super::{ZipSummary, u32_at};
use crate::limits::Budget;
use crate::{Declared, OpenError};

/// The fewest bytes one string of an .xlsb shared-string table can take:
/// a one-byte record type, a one-byte size, a flags byte and a four-byte
/// character count (`BrtSSTItem` with an empty string).
const MIN_BINARY_SHARED_STRING_BYTES: u64 = 7;

/// What the .xlsb reader holds per byte of its shared-string table, over
/// a `String` per entry: the text, stored as UTF-16 and held as UTF-8
/// (three bytes for two at most, for Chinese).
const BINARY_SHARED_STRING_FACTOR: u64 = 2;

/// Books what the .xlsb reader will hold for its shared-string table
/// before it reads it, and refuses a table whose declared count is false.
///
/// The reader reads the whole table when the workbook is opened: as many
/// strings as the table's `BrtBeginSst` record declares (`cstUnique`),
/// each kept as a `String`. The text costs at most twice the part's bytes;
/// each declared string a `String` more. A table of N bytes holds at most
/// N / 7 strings, so a larger count is false and the file is refused with
/// the count named, as for .xlsx.
///
/// The count is found as the reader finds it: records are skipped up to
/// the first of type `BrtBeginSst`, the record's bytes laid over one
/// reused buffer, and bytes 4..8 of that buffer read.
pub(crate) fn check_binary_shared_strings(
    bytes: &[u8],
    summary: &ZipSummary,
    budget: &mut Budget,
) -> Result<(), OpenError> {
    check_declared_counts(
        bytes,
        &summary.binary_shared_string_parts,
        budget,
        SharedStringTable {
            what: Declared::BinarySharedStrings,
            min_entry_bytes: MIN_BINARY_SHARED_STRING_BYTES,
            part_factor: Some(BINARY_SHARED_STRING_FACTOR),
            count: |part| sst_declared_count(part),
        },
    )
}

/// `BrtBeginSst`.
const BRT_BEGIN_SST: u16 = 0x009F;

/// The string count an .xlsb shared-string table declares, read as the
/// reader reads it; `None` where the reader would fail first.
fn sst_declared_count(mut source: impl Read) -> Option<u64> {
    let mut byte = || {
        let mut b = [0u8];
        source.read_exact(&mut b).ok().map(|()| b[0])
    };
    // The reader's buffer grows to the longest record and is never
    // cleared, so a short record leaves an earlier one's bytes behind it.
    let mut buf: Vec<u8> = Vec::new();
    loop {
        let b = byte()?;
        let kind = if b & 0x80 != 0 {
            u16::from(b & 0x7F) + (u16::from(byte()? & 0x7F) << 7)
        } else {
            u16::from(b)
        };
        let mut b = byte()?;
        let mut len = usize::from(b & 0x7F);
        for i in 1..4 {
            if b & 0x80 == 0 {
                break;
            }
            b = byte()?;
            len += usize::from(b & 0x7F) << (7 * i);
        }
        // At most 2^28 bytes: no more than the part held, which was
        // checked against the limits.
        if buf.len() < len {
            buf.resize(len, 0);
        }
        for slot in buf.iter_mut().take(len) {
            *slot = byte()?;
        }
        if kind == BRT_BEGIN_SST {
            return u32_at(&buf, 4).map(u64::from);
        }
    }
}
