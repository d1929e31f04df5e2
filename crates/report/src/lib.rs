//! Writing what the tool found: text tables for the terminal, CSV and JSON
//! for machines, formatted workbooks for people. Every file is written whole
//! to a temporary file beside its target and renamed into place, so an
//! interrupted run never leaves half a report.

#![deny(missing_docs)]

pub mod awards;
pub mod catalogue;
pub mod check;
pub mod i18n;
pub mod inspection;
pub mod merge;
pub mod names;
pub mod output;
pub mod schema;
pub mod score;
pub mod sheet;
pub mod spill;
pub mod template;
pub mod text;
pub mod update;

#[cfg(test)]
mod test_card;

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes).map_err(Into::into))
}

/// Like [`write_atomic`], for content written piece by piece: `fill` writes
/// into a buffered temporary file that replaces `path` only once complete.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    output::guarded(|| std::fs::create_dir_all(dir))
        .with_context(|| format!("creating {}", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".wuyi-").suffix(".tmp");
    // Reports are ordinary files for whoever shares the folder, not the
    // owner-only files temporary files start as.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    // Made and recorded under the lock a stop takes, so a stop removes it.
    let tmp = output::create_pending_as(|| builder.tempfile_in(dir), |t| t.path().to_path_buf())
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    let made = tmp.path().to_path_buf();
    let result = (|| -> Result<()> {
        let mut w = std::io::BufWriter::new(tmp);
        fill(&mut w).with_context(|| format!("writing {}", path.display()))?;
        let tmp = w
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("writing {}", path.display()))?;
        tmp.as_file()
            .sync_all()
            .with_context(|| format!("writing {}", path.display()))?;
        output::settled(|| tmp.persist(path))
            .map_err(|e| e.error)
            .with_context(|| format!("saving {}", path.display()))?;
        Ok(())
    })();
    output::forget_pending(&made);
    result
}

/// Text from a submission that a spreadsheet would run as a formula gets an
/// apostrophe in front, so a CSV report never executes what a sender typed.
pub fn csv_safe(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// A CSV writer over a byte buffer with a UTF-8 byte-order mark, which Excel
/// and WPS need to open Chinese CSV files correctly.
pub fn csv_buffer() -> csv::Writer<Vec<u8>> {
    let mut buf = Vec::new();
    buf.extend_from_slice("\u{feff}".as_bytes());
    csv::Writer::from_writer(buf)
}

/// Flushes a writer from [`csv_buffer`] and returns the finished bytes, ready
/// for [`write_atomic`].
pub fn csv_finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(csv_safe("=1+1"), "'=1+1");
        assert_eq!(csv_safe("-5"), "'-5");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("幸福里"), "幸福里");
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }
}
