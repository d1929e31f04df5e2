//! Looking at a file before a reader is let loose on it.
//!
//! The readers trust what a file declares: calamine lays .xls and .ods
//! sheets out as dense grids sized by the cells' extremes, follows sector
//! chains in .xls files until they end, and the zip reader inflates what it
//! is asked to. A few hundred hostile bytes can make any of those ask for
//! more memory than the machine has, and a failed allocation aborts the
//! whole process, which no `catch_unwind` survives. So each format is
//! measured first, cheaply and without trusting it, and refused when the
//! reader would need more than the limits allow.
//!
//! The measures only ever over-estimate: where this module cannot tell, it
//! assumes the costlier reading. A file that is merely damaged is left for
//! the reader to reject with its own message.

mod archive;
mod ods;
mod xls;
mod xlsb;
mod xlsx;

pub(crate) use archive::{ZipSummary, check_zip};
pub(crate) use ods::check_ods;
pub(crate) use xls::check_ole;
pub(crate) use xlsb::check_binary_shared_strings;
pub(crate) use xlsx::check_shared_strings;

/// What calamine's dense grids hold per cell: one value (32 bytes).
const DATA_BYTES: u64 = 32;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
}

/// The rows and columns a sheet's cells span, from the first to the last.
#[derive(Default)]
struct Extent {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Extent {
    fn add(&mut self, r0: u64, r1: u64, c0: u64, c1: u64) {
        self.rows = Some(match self.rows {
            Some((a, b)) => (a.min(r0), b.max(r1)),
            None => (r0, r1),
        });
        self.cols = Some(match self.cols {
            Some((a, b)) => (a.min(c0), b.max(c1)),
            None => (c0, c1),
        });
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0)
                .saturating_add(1)
                .saturating_mul((c1 - c0).saturating_add(1)),
            _ => 0,
        }
    }
}
