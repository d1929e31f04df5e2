//! Scorecards kept on disk while a batch runs. A city's quarter is a few
//! thousand scorecards, each with its items, cells and problems; held in
//! memory they make the run's memory grow with the number of files. Each is
//! written as one JSON line to a temporary file as soon as it is scored, and
//! only its place in the file and a short [`Brief`] stay in memory. The
//! reports then read the cards back one at a time, in report order.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::Mutex;

use anyhow::{Context, Result};

use super::score::{Brief, Cards, sort_key};
use wuyi_core::results::Scorecard;

struct Entry {
    key: (String, String, String, PathBuf),
    offset: u64,
    len: usize,
    brief: Brief,
}

struct Writing {
    file: BufWriter<File>,
    offset: u64,
    entries: Vec<Entry>,
}

/// Collects scorecards from many threads into a temporary file.
pub struct SpillWriter {
    inner: Mutex<Writing>,
}

impl SpillWriter {
    /// An empty collector over a new unnamed temporary file, which the
    /// system deletes once it is closed.
    pub fn new() -> Result<Self> {
        let file = tempfile::tempfile().context("creating a temporary file for the results")?;
        Ok(SpillWriter {
            inner: Mutex::new(Writing {
                file: BufWriter::new(file),
                offset: 0,
                entries: Vec::new(),
            }),
        })
    }

    /// Stores one scorecard. Safe to call from several threads.
    pub fn push(&self, card: &Scorecard) -> Result<()> {
        // Serialise outside the lock, so threads only queue for the write.
        let bytes = serde_json::to_vec(card)?;
        let entry = |offset| Entry {
            key: sort_key(card),
            offset,
            len: bytes.len(),
            brief: Brief::of(card),
        };
        let mut w = self
            .inner
            .lock()
            .map_err(|_| anyhow::anyhow!("a worker thread failed while saving results"))?;
        let offset = w.offset;
        w.file
            .write_all(&bytes)
            .context("saving results to a temporary file")?;
        w.offset += bytes.len() as u64;
        w.entries.push(entry(offset));
        Ok(())
    }

    /// Closes the file and sorts the cards into report order.
    pub fn finish(self) -> Result<Spill> {
        let w = self
            .inner
            .into_inner()
            .map_err(|_| anyhow::anyhow!("a worker thread failed while saving results"))?;
        let file = w
            .file
            .into_inner()
            .map_err(|e| e.into_error())
            .context("saving results to a temporary file")?;
        let mut entries = w.entries;
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Spill {
            file: Mutex::new(file),
            entries,
        })
    }
}

/// Scorecards on disk, in report order.
pub struct Spill {
    file: Mutex<File>,
    entries: Vec<Entry>,
}

impl Spill {
    /// The short form of every card, in report order.
    pub fn briefs(&self) -> Vec<Brief> {
        self.entries.iter().map(|e| e.brief.clone()).collect()
    }
}

impl Cards for Spill {
    fn count(&self) -> usize {
        self.entries.len()
    }

    fn each(&self, f: &mut dyn FnMut(&Scorecard) -> Result<()>) -> Result<()> {
        let mut file = self
            .file
            .lock()
            .map_err(|_| anyhow::anyhow!("the results file is unavailable"))?;
        let mut buf = Vec::new();
        for e in &self.entries {
            buf.resize(e.len, 0);
            file.seek(SeekFrom::Start(e.offset))
                .and_then(|_| file.read_exact(&mut buf))
                .context("reading back saved results")?;
            let card: Scorecard =
                serde_json::from_slice(&buf).context("reading back saved results")?;
            f(&card)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(name: &str, town: &str) -> Scorecard {
        crate::test_card::card(
            &format!("{name}.xlsx"),
            name,
            Some("城关区"),
            Some(town),
            Some(80.0),
        )
    }

    #[test]
    fn cards_come_back_whole_and_in_report_order() {
        let w = SpillWriter::new().unwrap();
        for (n, t) in [("乙", "西城街道"), ("甲", "西城街道"), ("丙", "东关街道")] {
            w.push(&card(n, t)).unwrap();
        }
        let spill = w.finish().unwrap();
        let mut seen = Vec::new();
        spill
            .each(&mut |c| {
                seen.push(c.clone());
                Ok(())
            })
            .unwrap();
        let mut want = vec![
            card("乙", "西城街道"),
            card("甲", "西城街道"),
            card("丙", "东关街道"),
        ];
        super::super::score::sort_cards(&mut want);
        assert_eq!(seen, want);
        assert_eq!(spill.briefs().len(), 3);
        // A second pass reads the same cards again.
        let mut again = 0;
        spill
            .each(&mut |_| {
                again += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!(again, 3);
    }
}
