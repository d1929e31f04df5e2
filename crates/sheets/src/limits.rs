//! How much one file may cost to read, and the running account of what it
//! has cost so far.
//!
//! Every limit is checked before the work it bounds: archive sizes and
//! ratios from the zip central directory before anything is inflated, the
//! cells an .xls or .ods reader would lay out before that reader runs, and
//! each cell of an .xlsx as it streams in. A file over a limit gets a verdict
//! naming the limit and the flag that raises it; the rest of the batch goes
//! on.

use std::time::{Duration, Instant};

use super::OpenError;

const MB: u64 = 1024 * 1024;

/// The limits for one file. `Default` gives the limits the commands use
/// unless told otherwise; each is a command-line flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadLimits {
    /// The largest file read at all (`--max-file-mb`).
    pub max_file_bytes: u64,
    /// The most a zip-based workbook (.xlsx, .ods) may unpack to, in total
    /// and for any one part, by the sizes its directory declares
    /// (`--max-unpacked-mb`).
    pub max_unpacked_bytes: u64,
    /// The highest compression ratio allowed for a part larger than
    /// `RATIO_FLOOR` (1 MB; `--max-ratio`).
    pub max_ratio: u64,
    /// The memory the reader may spend on one file's cells, as estimated
    /// while reading (`--max-memory-mb`).
    pub max_memory_bytes: u64,
    /// The time one file may take (`--max-seconds`); `None` for no limit.
    pub max_time: Option<Duration>,
}

/// Parts smaller than this are never refused for their ratio: a small part
/// cannot hurt whatever its ratio, and tiny XML parts compress very well.
pub const RATIO_FLOOR: u64 = MB;

/// A workbook is a few dozen parts; an archive of hundreds of thousands
/// costs memory just to list. Not a flag: no real workbook comes near it.
pub const MAX_PARTS: u64 = 10_000;

impl Default for ReadLimits {
    /// Generous for real submissions: a 200,000-household ledger is about
    /// 15 MB, unpacks to about 130 MB at a ratio under 10, and is estimated
    /// at about 480 MB (it peaks at under 200 MB: the estimate errs high).
    /// Far below what a zip bomb (ratios near 1,000, gigabytes unpacked) or
    /// a cell bomb needs.
    fn default() -> Self {
        ReadLimits {
            max_file_bytes: 100 * MB,
            max_unpacked_bytes: 1024 * MB,
            max_ratio: 100,
            max_memory_bytes: 1024 * MB,
            max_time: Some(Duration::from_secs(120)),
        }
    }
}

impl ReadLimits {
    /// No limits at all, for callers that read their own trusted files.
    pub fn unlimited() -> Self {
        ReadLimits {
            max_file_bytes: u64::MAX,
            max_unpacked_bytes: u64::MAX,
            max_ratio: u64::MAX,
            max_memory_bytes: u64::MAX,
            max_time: None,
        }
    }
}

/// Megabytes for messages: whole above 10, one decimal below.
pub fn mb(bytes: u64) -> String {
    let m = bytes as f64 / MB as f64;
    if m >= 10.0 {
        format!("{m:.0}")
    } else {
        format!("{m:.1}")
    }
}

/// What one file has cost so far.
#[derive(Debug)]
pub(crate) struct Budget {
    max_memory: u64,
    max_time: Option<Duration>,
    deadline: Option<Instant>,
    used: u64,
    ticks: u32,
}

/// The clock is read once per this many cells: often enough to stop within
/// milliseconds of the deadline, rarely enough to cost nothing.
const TICKS_PER_CLOCK: u32 = 4096;

impl Budget {
    /// A fresh budget for one file; its time starts now.
    pub fn new(limits: &ReadLimits) -> Self {
        Budget {
            max_memory: limits.max_memory_bytes,
            max_time: limits.max_time,
            deadline: limits.max_time.and_then(|t| Instant::now().checked_add(t)),
            used: 0,
            ticks: 0,
        }
    }

    /// Books `bytes` more of estimated memory.
    pub fn charge(&mut self, bytes: u64) -> Result<(), OpenError> {
        self.used = self.used.saturating_add(bytes);
        if self.used > self.max_memory {
            return Err(OpenError::OverMemory {
                needed: self.used,
                limit: self.max_memory,
            });
        }
        Ok(())
    }

    /// Fails once the deadline has passed.
    pub fn check_time(&self) -> Result<(), OpenError> {
        match (self.deadline, self.max_time) {
            (Some(d), Some(t)) if Instant::now() > d => Err(OpenError::TimedOut {
                seconds: t.as_secs().max(1),
            }),
            _ => Ok(()),
        }
    }

    /// One unit of work (a cell): books its memory and now and then looks at
    /// the clock.
    pub fn tick(&mut self, bytes: u64) -> Result<(), OpenError> {
        self.charge(bytes)?;
        self.ticks += 1;
        if self.ticks >= TICKS_PER_CLOCK {
            self.ticks = 0;
            self.check_time()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_booked_and_refused_past_the_limit() {
        let limits = ReadLimits {
            max_memory_bytes: 100,
            ..ReadLimits::default()
        };
        let mut b = Budget::new(&limits);
        assert!(b.charge(60).is_ok());
        assert!(b.charge(40).is_ok());
        assert!(matches!(
            b.charge(1),
            Err(OpenError::OverMemory { needed: 101, .. })
        ));
    }

    #[test]
    fn a_passed_deadline_is_reported() {
        let limits = ReadLimits {
            max_time: Some(Duration::ZERO),
            ..ReadLimits::default()
        };
        let b = Budget::new(&limits);
        std::thread::sleep(Duration::from_millis(2));
        assert!(matches!(b.check_time(), Err(OpenError::TimedOut { .. })));
        assert!(Budget::new(&ReadLimits::unlimited()).check_time().is_ok());
    }

    #[test]
    fn megabytes_read_naturally() {
        assert_eq!(mb(1536 * 1024), "1.5");
        assert_eq!(mb(300 * MB), "300");
    }
}
