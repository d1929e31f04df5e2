//! The version of the shape of the files other programs read: `results.json`,
//! `results.csv` and `wuyi check --format json`. Each carries it as
//! `schema_version` (in `results.csv`, the last column); `docs/schema.md`
//! describes every field.
//!
//! Field names are never changed. The version goes up when a field is
//! removed or its meaning changes, so that a reader can tell a file it
//! would misread from one it understands. Files written before the version
//! was recorded have none; their shape is that of version 1.

/// The shape the outputs of this build have.
pub const SCHEMA_VERSION: u32 = 1;

/// Whether a file of `version` (`None`: written before versions were
/// recorded) can be read by this build: it is not newer than this build's.
pub fn readable(version: Option<u32>) -> bool {
    version.unwrap_or(1) <= SCHEMA_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_without_a_version_and_up_to_ours_are_readable() {
        assert!(readable(None));
        assert!(readable(Some(1)));
        assert!(readable(Some(SCHEMA_VERSION)));
        assert!(!readable(Some(SCHEMA_VERSION + 1)));
    }
}
