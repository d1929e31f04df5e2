//! The soak: thousands of submissions, a tenth of them hostile, scored in
//! one run of the release binary. Every file must be accounted for in the
//! summary and the results, and peak memory must not grow with the number
//! of files. Too slow for every `cargo test`; run it with
//!
//!     cargo build --release
//!     cargo test --release --test integration hostile_soak -- --ignored --nocapture
//!
//! It measures peak memory with `/usr/bin/time -v` (GNU time), and prints
//! the figures recorded in docs/robustness.md.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::util::hostile::*;

fn binary() -> PathBuf {
    let p = std::env::var_os("WUYI_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/wuyi"));
    assert!(
        p.exists(),
        "{} not found: run `cargo build --release` first",
        p.display()
    );
    p
}

/// The hostile tenth: one of each kind, in turn.
fn hostile_kinds() -> Vec<(&'static str, Vec<u8>)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let bytes = clean();
    let target = sheet_part(&bytes, "一户一档");
    vec![
        ("xlsx", Vec::new()),
        ("xlsx", b"%PDF-1.4\n".to_vec()),
        ("xls", "户编号,网格编号\nH1,G1\n".as_bytes().to_vec()),
        ("xlsx", bytes[..bytes.len() / 3].to_vec()),
        (
            "xlsx",
            with_part(&bytes, &target, |x| replace_text(x, "<c r=\"", "<c r=X\"")),
        ),
        (
            "xlsx",
            std::fs::read(fixtures.join("password.xlsx")).unwrap(),
        ),
        ("xls", std::fs::read(fixtures.join("password.xls")).unwrap()),
        ("xlsx", bomb(1_000_000, None, &[])),
        ("xlsx", bomb(1_000_000, Some(1_000), &[])),
        (
            "xls",
            std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fuzz/regressions/read_bytes/xls-dense-range-abort"),
            )
            .unwrap(),
        ),
    ]
}

/// `n` submissions in `dir`, every tenth hostile. Returns how many are
/// hostile.
fn inbox(dir: &Path, n: usize) -> usize {
    let clean: Vec<Vec<u8>> = (0..20)
        .map(|i| {
            let mut c = wuyi_testkit::Community::generate(
                100 + i,
                info(&format!("社区{i:02}")),
                30 + 3 * i as usize,
            );
            c.cases.clear();
            xlsx(&c)
        })
        .collect();
    let hostile = hostile_kinds();
    let mut bad = 0;
    for i in 0..n {
        if i % 10 == 9 {
            let (ext, bytes) = &hostile[(i / 10) % hostile.len()];
            write(dir, &format!("{i:05}-hostile.{ext}"), bytes);
            bad += 1;
        } else {
            write(dir, &format!("{i:05}.xlsx"), &clean[i % clean.len()]);
        }
    }
    bad
}

struct Run {
    files: usize,
    seconds: f64,
    peak_kb: u64,
}

fn soak(n: usize) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("inbox");
    std::fs::create_dir(&dir).unwrap();
    let bad = inbox(&dir, n);
    let started = Instant::now();
    let o = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(binary())
        .args(["--lang", "en", "score", "inbox", "--out", "reports"])
        .current_dir(tmp.path())
        .env("CI", "1")
        .output()
        .expect("GNU time (/usr/bin/time) is needed to measure peak memory");
    let seconds = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let summary = format!("{n} files: ");
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&summary))
        .unwrap_or_else(|| panic!("no summary line for {n} files"));
    assert!(
        line.ends_with(&format!("{bad} cannot be assessed")),
        "{line}"
    );
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("reports/results.json")).unwrap())
            .unwrap();
    let results = results["results"].as_array().unwrap();
    assert_eq!(results.len(), n);
    let mut names: Vec<&str> = results
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n, "every file once");
    let unassessable = results
        .iter()
        .filter(|r| r["verdict"] == "unassessable")
        .count();
    assert_eq!(unassessable, bad);
    let peak_kb = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .expect("peak memory in GNU time's report");
    Run {
        files: n,
        seconds,
        peak_kb,
    }
}

#[test]
#[ignore = "a soak: minutes, and the release binary; see the module docs"]
fn five_thousand_files_a_tenth_hostile() {
    let small = soak(500);
    let large = soak(5_000);
    for r in [&small, &large] {
        eprintln!(
            "{} files: {:.1} s, peak memory {:.0} MB",
            r.files,
            r.seconds,
            r.peak_kb as f64 / 1024.0
        );
    }
    // Reading is flat: each file is read, scored and spilled to disk before
    // the next, whatever the batch's size. What does grow is the summary
    // workbook's bookkeeping as it is written (rust_xlsxwriter keeps the
    // height of every tall row: about 7 KB a file for the item and problem
    // sheets). Ten times the files may cost no more than that.
    let per_file_kb =
        (large.peak_kb as f64 - small.peak_kb as f64) / (large.files - small.files) as f64;
    eprintln!("growth: {per_file_kb:.1} KB per file");
    assert!(
        small.peak_kb < 64 * 1024,
        "{} KB for 500 files",
        small.peak_kb
    );
    assert!(
        per_file_kb < 10.0,
        "peak memory grew from {} KB to {} KB",
        small.peak_kb,
        large.peak_kb
    );
}
