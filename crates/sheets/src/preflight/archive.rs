//! The zip container of .xlsx, .xlsb and .ods files: its directory checked
//! before anything is inflated.

use std::io::Cursor;

use super::u16_at;
use super::u64_at;
use crate::OpenError;
use crate::limits::{MAX_PARTS, RATIO_FLOOR, ReadLimits};

/// What the zip directory says about a zip-based workbook.
pub(crate) struct ZipSummary {
    /// The parts' names.
    pub names: Vec<String>,
    /// The declared unpacked size of the shared-string table, which the
    /// .xlsx reader holds in memory whole.
    pub shared_strings: u64,
    /// Every part the .xlsx reader could take for its shared-string table
    /// (it looks beside the workbook part, wherever the package puts it),
    /// with its declared unpacked size.
    pub shared_string_parts: Vec<(usize, u64)>,
    /// The same for the .xlsb reader's `xl/sharedStrings.bin` (any case,
    /// either slash).
    pub binary_shared_string_parts: Vec<(usize, u64)>,
}

/// Checks a zip archive's directory against the limits before anything is
/// inflated: the number of parts, each part's declared size, their total,
/// and each large part's compression ratio.
///
/// Declared sizes can lie, so the actual sizes matter too. They cost
/// nothing extra to enforce: the zip reader refuses to inflate a part past
/// its declared size ("larger than its declared uncompressed size"), so no
/// part can unpack to more than was checked here. That is why this does not
/// wrap the readers or inflate anything twice; `tests/integration/hostile.rs` holds an
/// archive whose sizes lie, so an upgrade that lost the check would fail.
pub(crate) fn check_zip(bytes: &[u8], limits: &ReadLimits) -> Result<ZipSummary, OpenError> {
    if let Some(parts) = declared_parts(bytes)
        && parts > MAX_PARTS
    {
        return Err(OpenError::TooManyParts { parts });
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| OpenError::Corrupt(format!("zip: {e}")))?;
    if archive.len() as u64 > MAX_PARTS {
        return Err(OpenError::TooManyParts {
            parts: archive.len() as u64,
        });
    }
    let mut names = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    let mut shared_strings = 0;
    let mut shared_string_parts = Vec::new();
    let mut binary_shared_string_parts = Vec::new();
    for i in 0..archive.len() {
        // The central directory alone: nothing of the part is read yet.
        let part = archive
            .by_index_data(i)
            .map_err(|e| OpenError::Corrupt(format!("zip: {e}")))?;
        let name = part
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("#{i}"));
        if part.encrypted() {
            return Err(OpenError::Encrypted);
        }
        let size = part.size();
        let packed = part.compressed_size();
        if size > limits.max_unpacked_bytes {
            return Err(OpenError::TooLargeUnpacked {
                part: Some(shorten(&name)),
                size,
                limit: limits.max_unpacked_bytes,
            });
        }
        if size > RATIO_FLOOR {
            let ratio = size / packed.max(1);
            if ratio > limits.max_ratio {
                return Err(OpenError::Ratio {
                    part: shorten(&name),
                    ratio,
                    limit: limits.max_ratio,
                });
            }
        }
        total = total.saturating_add(size);
        if name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            shared_strings = size;
        }
        if name
            .to_ascii_lowercase()
            .replace('\\', "/")
            .ends_with("sharedstrings.xml")
        {
            shared_string_parts.push((i, size));
        }
        if name.to_ascii_lowercase().replace('\\', "/") == "xl/sharedstrings.bin" {
            binary_shared_string_parts.push((i, size));
        }
        names.push(name);
    }
    if total > limits.max_unpacked_bytes {
        return Err(OpenError::TooLargeUnpacked {
            part: None,
            size: total,
            limit: limits.max_unpacked_bytes,
        });
    }
    Ok(ZipSummary {
        names,
        shared_strings,
        shared_string_parts,
        binary_shared_string_parts,
    })
}

/// Part names come from the file; messages carry at most a short one.
fn shorten(name: &str) -> String {
    if name.chars().count() <= 60 {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(59).collect();
        s.push('…');
        s
    }
}

/// The largest part count any end-of-directory record near the end of the
/// file declares (zip64 included), read before the zip reader allocates
/// its list of parts (which is why this looks at the bytes itself rather
/// than asking the `zip` crate, which reserves room for the count first). Every candidate record counts, since a hostile file
/// may hold several and readers differ in which they believe.
fn declared_parts(bytes: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";
    const ZIP64_EOCD: &[u8] = b"PK\x06\x06";
    // The record is 22 bytes plus a comment of at most 65,535.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let mut most: Option<u64> = None;
    let tail = &bytes[from..];
    for i in memchr::memmem::find_iter(tail, EOCD) {
        let at = from + i;
        let count = u64::from(u16_at(bytes, at + 10).unwrap_or(0));
        most = Some(most.unwrap_or(0).max(count));
        // A zip64 locator sits just before the record and points at the
        // zip64 record, whose count is 64 bits.
        if at >= 20 && bytes.get(at - 20..at - 16) == Some(ZIP64_LOCATOR) {
            let record = u64_at(bytes, at - 20 + 8)
                .and_then(|o| usize::try_from(o).ok())
                .filter(|&o| bytes.get(o..o + 4) == Some(ZIP64_EOCD));
            if let Some(o) = record
                && let Some(n) = u64_at(bytes, o + 32)
            {
                most = Some(most.unwrap_or(0).max(n));
            }
        }
    }
    most
}
