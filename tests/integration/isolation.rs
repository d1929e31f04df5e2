//! Each file read in a worker process: a file whose reader aborts,
//! overflows its stack, runs out of the memory allowed it or hangs costs
//! only its own verdict, and the batch goes on with a fresh worker. Files
//! read in workers read exactly as files read in-process.
//!
//! The failing readers are made by the debug build's fault injection (a
//! file starting `WUYI-FAULT:`, with `WUYI_TEST_FAULTS` set): every real
//! file known to crash a reader is refused before the reader runs, so
//! these stand for the ones not known yet.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::util::hostile::*;
use crate::util::{results, wuyi_cmd};

fn wuyi(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut c = wuyi_cmd();
    c.args(args).current_dir(dir).env("CI", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn a_reader_that_dies_costs_only_its_own_file() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let faults = ["abort", "stack", "memory", "hang"];
    // Good files between the bad ones, so each bad one is followed by a
    // file the replacement worker must read.
    for (i, f) in faults.iter().enumerate() {
        write(
            &inbox,
            &format!("{i}-a-{f}.xlsx"),
            format!("WUYI-FAULT:{f}").as_bytes(),
        );
        write(&inbox, &format!("{i}-b-good.xlsx"), &clean());
    }
    let started = Instant::now();
    let o = wuyi(
        &[
            "--lang",
            "en",
            "score",
            "inbox",
            "--out",
            "reports",
            "--jobs",
            "1",
            "--max-memory-mb",
            "64",
            "--max-seconds",
            "1",
        ],
        tmp.path(),
        &[("WUYI_TEST_FAULTS", "1")],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    // The hang is stopped soon after its budget; nothing waits for ever.
    assert!(started.elapsed() < Duration::from_secs(60));
    let res = results(&tmp.path().join("reports"));
    assert_eq!(res.len(), 2 * faults.len());
    for r in &res {
        let file = r["file"].as_str().unwrap();
        if file.contains("good") {
            assert!(r["score"].as_f64().unwrap() > 60.0, "{r}");
            continue;
        }
        assert_eq!(r["verdict"], "unassessable", "{file}");
        let (en, zh) = (
            r["reason_en"].as_str().unwrap(),
            r["reason_zh"].as_str().unwrap(),
        );
        if file.contains("hang") {
            assert!(
                en.contains("longer than the 1-second budget"),
                "{file}: {en}"
            );
        } else {
            assert!(en.contains("ended abnormally"), "{file}: {en}");
            assert!(
                zh.contains(
                    "读取此文件时读取进程异常退出（内存或格式问题），已跳过；其余文件不受影响"
                ),
                "{file}: {zh}"
            );
        }
    }
}

#[test]
fn two_threads_each_replace_their_own_worker() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    for i in 0..6 {
        write(&inbox, &format!("{i}-abort.xlsx"), b"WUYI-FAULT:abort");
        write(&inbox, &format!("{i}-good.xlsx"), &clean());
    }
    let o = wuyi(
        &[
            "--lang", "en", "score", "inbox", "--out", "reports", "--jobs", "2",
        ],
        tmp.path(),
        &[("WUYI_TEST_FAULTS", "1")],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let res = results(&tmp.path().join("reports"));
    assert_eq!(res.len(), 12);
    let died = res
        .iter()
        .filter(|r| {
            r["reason_en"]
                .as_str()
                .is_some_and(|s| s.contains("ended abnormally"))
        })
        .count();
    assert_eq!(died, 6);
    let scored = res
        .iter()
        .filter(|r| r["score"].as_f64().unwrap_or(0.0) > 60.0)
        .count();
    assert_eq!(scored, 6);
}

#[test]
fn workers_read_exactly_as_in_process() {
    let tmp = tempfile::tempdir().unwrap();
    example_inbox(tmp.path());
    let run = |out: &str, env: &[(&str, &str)]| {
        let o = wuyi(
            &["score", "inbox", "--out", out, "--as-of", "2022-03-31"],
            tmp.path(),
            env,
        );
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        results(&tmp.path().join(out))
    };
    let workers = run("w", &[]);
    let here = run("p", &[("WUYI_READ_IN_PROCESS", "1")]);
    assert_eq!(workers.len(), 10);
    assert_eq!(workers, here);
}

/// Copies the example workbooks and two broken files into `inbox`.
fn example_inbox(dir: &Path) {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/收件箱");
    let inbox = dir.join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    for e in std::fs::read_dir(&examples).unwrap() {
        let p = e.unwrap().path();
        if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("xlsx" | "xls" | "ods")
        ) {
            std::fs::copy(&p, inbox.join(p.file_name().unwrap())).unwrap();
        }
    }
    write(&inbox, "truncated.xlsx", &clean()[..3000]);
    write(&inbox, "empty.xlsx", b"");
}

#[test]
fn workers_score_with_the_runs_own_rubric_and_contract() {
    // Files are scored in the workers, so the rubric goes there: a county's
    // pass line and names, and a contract file's names, must score as they
    // do in-process (the built-in rubric would not).
    let tmp = tempfile::tempdir().unwrap();
    example_inbox(tmp.path());
    let default =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/default.toml"))
            .unwrap();
    let county = default.replace("pass_score = 60", "pass_score = 75.5")
        + "\n[aliases.sheets]\n\"一户一档\" = [\"住户台账\"]\n";
    assert_ne!(county, default);
    std::fs::write(tmp.path().join("county.toml"), county).unwrap();
    std::fs::write(
        tmp.path().join("contract.toml"),
        "[info]\n\"名称\" = [\"小区全称\"]\n",
    )
    .unwrap();
    let run = |out: &str, env: &[(&str, &str)]| {
        let o = wuyi(
            &[
                "score",
                "inbox",
                "--out",
                out,
                "--as-of",
                "2022-03-31",
                "--rubric",
                "county.toml",
                "--contract",
                "contract.toml",
            ],
            tmp.path(),
            env,
        );
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        results(&tmp.path().join(out))
    };
    let workers = run("w", &[]);
    let here = run("p", &[("WUYI_READ_IN_PROCESS", "1")]);
    assert_eq!(workers.len(), 10);
    assert_eq!(workers, here);
    assert!(
        workers
            .iter()
            .any(|r| r["pass_score"].as_f64() == Some(75.5)),
        "{workers:?}"
    );
}

#[test]
fn check_reads_through_workers_as_in_process() {
    // `check` keeps the cell stream: the ledger's problems are its output.
    let tmp = tempfile::tempdir().unwrap();
    example_inbox(tmp.path());
    let run = |env: &[(&str, &str)]| {
        let o = wuyi(&["check", "inbox", "--format", "json"], tmp.path(), env);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        o.stdout
    };
    let workers = run(&[]);
    assert!(workers.len() > 1000);
    assert_eq!(workers, run(&[("WUYI_READ_IN_PROCESS", "1")]));
}
