//! Writes a synthetic city of submissions for the benchmark: N workbooks of
//! 150–2,000 households each with grids, case logs, disinfection logs and
//! self-assessments, a realistic share of them messy, plus one workbook of a
//! whole street's 200,000 households. Seeded: the same seed gives the same
//! files.
//!
//!     cargo run --release --example bench_city -- OUT_DIR [N] [SEED]
//!
//! Writes OUT_DIR/city/*.xlsx and OUT_DIR/big/street.xlsx.

use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use rayon::prelude::*;
use wuyi_testkit::{Community, Info, Rng, Style};

const TOWNS: &[&str] = &[
    "东关街道",
    "西城街道",
    "南山镇",
    "北塘镇",
    "河西街道",
    "城南乡",
    "新华街道",
    "东湖镇",
];
const KINDS: &[&str] = &["小区", "社区", "村", "自然村"];

fn community(seed: u64, index: usize, households: usize) -> Community {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x9E37));
    let town = *rng.pick(TOWNS);
    let kind = *rng.pick(KINDS);
    let base = NaiveDate::from_ymd_opt(2022, 3, 20).unwrap_or_default();
    let info = Info {
        name: format!("{}第{}{}", town, index + 1, kind),
        kind: kind.to_string(),
        district: format!("第{}区", index % 3 + 1),
        town: town.to_string(),
        assessed_on: base + Days::new(rng.range(0, 11) as u64),
        contact: "王芳".into(),
        phone: "13800000000".into(),
    };
    let mut c = Community::generate(seed.wrapping_add(index as u64), info, households);
    // About one in twenty has a recent case and is vetoed; about one in ten
    // has patchy data.
    if rng.chance(0.05) {
        c.add_case(rng.range(0, 12) as u64, "确诊病例", 0, "");
    }
    if rng.chance(0.1) {
        c.blank_households("tested", 0.3, seed + index as u64);
        c.blank_households("phone", 0.2, seed + 7 + index as u64);
    }
    c
}

fn style(seed: u64, index: usize) -> Style {
    let mut rng = Rng::new(seed.wrapping_mul(31) ^ index as u64);
    if rng.chance(0.3) {
        Style {
            english: false,
            ..Style::messy(seed + index as u64)
        }
    } else if rng.chance(0.2) {
        Style {
            title_rows: true,
            totals_row: true,
            text_numbers: true,
            seed: seed + index as u64,
            ..Style::default()
        }
    } else {
        Style::default()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().ok_or("usage: bench_city OUT_DIR [N] [SEED]")?);
    let n: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1000);
    let seed: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(2022);
    let city = out.join("city");
    std::fs::create_dir_all(&city)?;
    (0..n)
        .into_par_iter()
        .try_for_each(|i| -> Result<(), String> {
            let mut rng = Rng::new(seed ^ (i as u64 * 7919));
            let households = rng.range(150, 2000) as usize;
            let c = community(seed, i, households);
            let path = city.join(format!("{:04}-{}.xlsx", i + 1, c.info.name));
            c.write(&path, &style(seed, i)).map_err(|e| e.to_string())
        })?;
    let big = out.join("big");
    std::fs::create_dir_all(&big)?;
    let c = community(seed, n + 1, 200_000);
    c.write(&big.join("street.xlsx"), &Style::default())?;
    println!(
        "wrote {n} workbooks to {} and one of 200,000 households to {}",
        city.display(),
        big.display()
    );
    Ok(())
}
