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

    /// Scores and shares travel through JSON (the spill of a large batch,
    /// `results.json` read back by `awards` and `merge`): every number must
    /// come back bit for bit, or a 60.0 pass line could be missed by one
    /// unit in the last place. serde_json's default parser may round such
    /// a unit wrong; the workspace enables its `float_roundtrip` feature.
    #[test]
    fn numbers_come_back_from_json_bit_for_bit() {
        let mut state: u64 = 0x2022_0321_1400_0060;
        let mut values = vec![
            0.1 + 0.2,
            59.999_999_999_999_99,
            5e-324,
            f64::MAX,
            2.225_073_858_507_201_4e-308,
        ];
        for _ in 0..200_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let v = f64::from_bits(state >> 1);
            if v.is_finite() {
                values.push(v);
            }
            // Scores as they are made: points times a share.
            values.push((state >> 11) as f64 / (1u64 << 53) as f64 * 100.0);
        }
        let json = serde_json::to_vec(&values).unwrap();
        let back: Vec<f64> = serde_json::from_slice(&json).unwrap();
        let wrong = values
            .iter()
            .zip(&back)
            .filter(|(a, b)| a.to_bits() != b.to_bits())
            .count();
        assert_eq!(
            wrong,
            0,
            "{wrong} of {} numbers changed on the way through JSON",
            values.len()
        );
    }
}
