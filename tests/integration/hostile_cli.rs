//! Hostile input as a batch meets it, and output that cannot hurt: every
//! file in a folder of broken and hostile submissions gets its verdict and
//! the rest is scored; reports never run a formula a sender planted; file
//! names stay in their folder; an output that is an input is refused; a run
//! killed while writing leaves the old report or the new one, never half.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::util::hostile::*;
use crate::util::{code, results, wuyi, wuyi_cmd};
use calamine::{Reader, Xlsx};
use serde_json::Value as Json;

/// Every hostile and broken case in one folder, with the text its verdict
/// must hold (in English), beside two clean submissions.
fn hostile_inbox(dir: &Path) -> Vec<(String, &'static str)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let bytes = clean();
    let target = sheet_part(&bytes, "一户一档");
    let mut cases: Vec<(String, Vec<u8>, &'static str)> = vec![
        ("empty.xlsx".into(), Vec::new(), "empty"),
        ("csv.xlsx".into(), "户编号,网格编号\nH1,G1\n".into(), "CSV"),
        ("pdf.xls".into(), b"%PDF-1.4\n".to_vec(), "PDF"),
        ("jpeg.xlsx".into(), b"\xff\xd8\xff\xe0\x00\x10JFIF".to_vec(), "JPEG"),
        ("html.xls".into(), b"<html><body><table></table></body></html>".to_vec(), "HTML"),
        (
            "xml-spreadsheet.xlsx".into(),
            b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"x\">".to_vec(),
            "Excel 2003 XML file is incomplete",
        ),
        ("truncated.xlsx".into(), bytes[..bytes.len() / 2].to_vec(), "damaged"),
        (
            "bad-xml.xlsx".into(),
            with_part(&bytes, &target, |mut x| {
                let at = x.windows(6).position(|w| w == b"<c r=\"").unwrap() + 5;
                x[at] ^= 1;
                x
            }),
            "damaged",
        ),
        (
            "password.xlsx".into(),
            std::fs::read(fixtures.join("password.xlsx")).unwrap(),
            "password-protected",
        ),
        (
            "password.xls".into(),
            std::fs::read(fixtures.join("password.xls")).unwrap(),
            "password-protected",
        ),
        ("bomb.xlsx".into(), bomb(1_000_000, None, &[]), "zip bomb"),
        ("lying-bomb.xlsx".into(), bomb(1_000_000, Some(1_000), &[]), "damaged"),
        (
            "xls-grid-bomb.xls".into(),
            std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fuzz/regressions/read_bytes/xls-dense-range-abort"),
            )
            .unwrap(),
            "--max-memory-mb",
        ),
    ];
    cases.push(("clean-1.xlsx".into(), bytes.clone(), ""));
    cases.push(("CLEAN-2.XLSX".into(), xlsx(&community("康乐小区")), ""));
    let mut expect = Vec::new();
    for (name, data, why) in cases {
        write(dir, &name, &data);
        expect.push((name, why));
    }
    std::fs::create_dir(dir.join("folder.xlsx")).unwrap();
    expect.push(("folder.xlsx".into(), "folder"));
    #[cfg(unix)]
    {
        let fifo = dir.join("pipe.xlsx");
        if Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            expect.push(("pipe.xlsx".into(), "pipe"));
        }
    }
    expect
}

#[test]
fn every_file_gets_a_verdict_and_the_rest_is_scored() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let expect = hostile_inbox(&inbox);
    let started = Instant::now();
    let o = wuyi(
        &[
            "--lang",
            "en",
            "score",
            "inbox",
            "--out",
            "reports",
            "--feedback",
        ],
        tmp.path(),
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let res = results(&tmp.path().join("reports"));
    assert_eq!(res.len(), expect.len());
    for (name, why) in &expect {
        let r = res
            .iter()
            .find(|r| r["file"].as_str().unwrap().ends_with(name.as_str()))
            .unwrap_or_else(|| panic!("{name} missing from the results"));
        let verdict = r["verdict"].as_str().unwrap();
        if why.is_empty() {
            assert_ne!(verdict, "unassessable", "{name}: {r}");
            assert!(r["score"].as_f64().unwrap() > 60.0, "{name}");
        } else {
            assert_eq!(verdict, "unassessable", "{name}");
            let reason = r["reason_en"].as_str().unwrap();
            assert!(reason.contains(why), "{name}: {reason}");
        }
    }
    let summary = String::from_utf8_lossy(&o.stdout);
    let n = expect.len();
    assert!(
        summary.contains(&format!(
            "{n} files: 2 passed, 0 below the pass line, 0 vetoed, {} cannot be assessed",
            n - 2
        )),
        "{summary}"
    );
    let feedback = std::fs::read_dir(tmp.path().join("reports/feedback"))
        .unwrap()
        .count();
    assert_eq!(feedback, n);
}

/// A folder with one workbook per hostile name, scored with feedback and
/// checked with every output format.
fn hostile_names_run(tmp: &Path) -> (Output, Output, Output, Output) {
    let inbox = tmp.join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let long: String = "长名".repeat(100);
    for (i, name) in HOSTILE_NAMES
        .iter()
        .copied()
        .chain([long.as_str()])
        .enumerate()
    {
        let mut c = community(name);
        c.households[0].head = name.to_string();
        // A problem whose message quotes the name, so it reaches every
        // problem list.
        c.households[1].grid_id = name.to_string();
        write(&inbox, &format!("{i:02}.xlsx"), &xlsx(&c));
    }
    let score = wuyi(
        &[
            "score",
            "inbox",
            "--out",
            "reports",
            "--feedback",
            "--as-of",
            "2022-03-31",
        ],
        tmp,
    );
    let table = wuyi(&["check", "inbox", "--out", "problems.xlsx"], tmp);
    let csv = wuyi(&["check", "inbox", "--format", "csv"], tmp);
    let json = wuyi(&["check", "inbox", "--format", "json"], tmp);
    (score, table, csv, json)
}

fn starts_dangerously(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Every string cell of every sheet, and whether any cell holds a formula.
fn xlsx_cells(path: &Path) -> (Vec<String>, bool) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut has_formula = false;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().unwrap().starts_with("xl/worksheets/") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            has_formula |= s.contains("<f>") || s.contains("<f ");
        }
    }
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut texts = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for c in range.used_cells() {
            if let calamine::Data::String(s) = c.2 {
                texts.push(s.clone());
            }
        }
    }
    (texts, has_formula)
}

#[test]
fn reports_never_run_what_a_sender_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let (score, check_table, check_csv, check_json) = hostile_names_run(tmp.path());
    assert_eq!(
        code(&score),
        0,
        "{}",
        String::from_utf8_lossy(&score.stderr)
    );
    let reports = tmp.path().join("reports");

    // Workbooks: the planted formulas are there, as text, never as
    // formulas.
    let mut workbooks = vec![
        reports.join("评分汇总.xlsx"),
        tmp.path().join("problems.xlsx"),
    ];
    for e in std::fs::read_dir(reports.join("反馈")).unwrap() {
        workbooks.push(e.unwrap().path());
    }
    let mut seen_planted = false;
    for wb in &workbooks {
        let (texts, has_formula) = xlsx_cells(wb);
        assert!(!has_formula, "{} holds a formula", wb.display());
        seen_planted |= texts.iter().any(|t| t.starts_with("=HYPERLINK"));
    }
    assert!(seen_planted);

    // CSV: text a spreadsheet would run gets an apostrophe.
    let results_csv = std::fs::read(reports.join("results.csv")).unwrap();
    for bytes in [&results_csv, &check_csv.stdout] {
        let text = String::from_utf8_lossy(bytes);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let mut fields = 0;
        for rec in r.records() {
            for f in rec.unwrap().iter() {
                assert!(!starts_dangerously(f), "{f:?}");
                fields += 1;
            }
        }
        assert!(fields > 0);
        assert!(text.contains("'=HYPERLINK"), "{text}");
    }

    // JSON: valid, and the names come back as written.
    let v: Json = serde_json::from_slice(&check_json.stdout).unwrap();
    let names: HashSet<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(names.contains("=HYPERLINK(\"http://x.example/\",\"click\")"));
    assert!(names.contains("幸福里😷🏠小区"));
    let res = results(&reports);
    assert!(res.iter().any(|r| r["name"] == "right\u{202E}gnp.exe"));

    // The terminal: no control characters or direction overrides reach
    // it, whatever the names held.
    for out in [&score.stdout, &check_table.stdout] {
        let text = String::from_utf8_lossy(out);
        for c in text.chars() {
            assert!(
                c == '\n' || !(c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)),
                "{:?} reached the terminal",
                c
            );
        }
        assert!(text.contains("<U+202E>"));
    }
}

#[test]
fn feedback_file_names_stay_in_their_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (score, ..) = hostile_names_run(tmp.path());
    assert_eq!(code(&score), 0);
    let folder = tmp.path().join("reports/反馈");
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), HOSTILE_NAMES.len() + 1);
    let lower: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(lower.len(), names.len(), "{names:?}");
    for n in &names {
        assert!(n.ends_with("-评分反馈.xlsx"), "{n}");
        assert!(n.len() <= 200, "{n}");
        assert!(
            !n.starts_with('.') && !n.contains(['/', '\\', '\0', ':']),
            "{n:?}"
        );
        assert!(
            !n.chars().any(|c| c.is_control() || c == '\u{202E}'),
            "{n:?}"
        );
        assert_ne!(n.to_uppercase(), "CON-评分反馈.XLSX");
    }
    // Nothing was written outside the report folder.
    let top: HashSet<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let want: HashSet<String> = ["inbox", "reports", "problems.xlsx"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(top, want);
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let a = write(&inbox, "a.xlsx", &clean());
    let before = std::fs::read(&a).unwrap();
    let refused = |args: &[&str]| {
        let o = wuyi(args, tmp.path());
        assert_eq!(
            code(&o),
            2,
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(err.contains("输出位置"), "{args:?}: {err}");
        assert_eq!(std::fs::read(&a).unwrap(), before);
    };
    refused(&["check", "inbox/a.xlsx", "--out", "inbox/a.xlsx", "--force"]);
    refused(&["check", "inbox", "--out", "inbox/a.xlsx", "--force"]);
    refused(&[
        "check",
        "inbox",
        "--out",
        "inbox/../inbox/a.xlsx",
        "--force",
    ]);
    refused(&["score", "inbox", "--out", "inbox", "--force"]);
    refused(&["score", "inbox/a.xlsx", "--out", ".", "--force"]);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&inbox, tmp.path().join("link")).unwrap();
        refused(&["score", "inbox", "--out", "link", "--force"]);
        std::fs::hard_link(&a, tmp.path().join("same.xlsx")).unwrap();
        refused(&["check", "inbox", "--out", "same.xlsx", "--force"]);
    }
    // A report folder inside the inbox is fine: it is marked, and never
    // read as submissions.
    let o = wuyi(&["score", "inbox", "--out", "inbox/reports"], tmp.path());
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let o = wuyi(&["--lang", "en", "check", "inbox"], tmp.path());
    assert!(String::from_utf8_lossy(&o.stdout).contains("checked 1 files"));
}

#[test]
fn existing_reports_are_not_overwritten_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.xlsx", &clean());
    write(tmp.path(), "old.xlsx", b"old");
    let o = wuyi(&["check", "a.xlsx", "--out", "old.xlsx"], tmp.path());
    assert_eq!(code(&o), 2);
    assert_eq!(std::fs::read(tmp.path().join("old.xlsx")).unwrap(), b"old");
    let o = wuyi(
        &["check", "a.xlsx", "--out", "old.xlsx", "--force"],
        tmp.path(),
    );
    assert_eq!(code(&o), 0);
    let (texts, _) = xlsx_cells(&tmp.path().join("old.xlsx"));
    assert!(texts.iter().any(|t| t.contains("a.xlsx")));
}

#[test]
fn limits_are_flags() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.xlsx", &clean());
    let o = wuyi(
        &["--lang", "en", "check", "a.xlsx", "--max-file-mb", "0"],
        tmp.path(),
    );
    assert_eq!(code(&o), 1);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("over the 0.0 MB limit for one file (raise it with --max-file-mb)"),
        "{out}"
    );
    let help = wuyi(&["score", "--help"], tmp.path());
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--max-file-mb",
        "--max-unpacked-mb",
        "--max-ratio",
        "--max-memory-mb",
        "--max-seconds",
    ] {
        assert!(help.contains(flag), "{flag} not in score --help");
    }
}

// ----------------------------------------------------- killed mid-write

/// A folder whose problem list is large enough to take a while to write.
fn big_inbox(dir: &Path) {
    let mut c = community("幸福里小区");
    for h in &mut c.households {
        h.grid_id = "G999".into();
    }
    let many = c.households.clone();
    c.households = many.iter().cycle().take(1_000).cloned().collect();
    for (i, h) in c.households.iter_mut().enumerate() {
        h.id = format!("H{i:05}");
    }
    let bytes = xlsx(&c);
    for i in 0..10 {
        write(dir, &format!("{i:03}.xlsx"), &bytes);
    }
}

/// The report is the old one, byte for byte, or a complete new one.
fn old_or_complete(path: &Path, old: &[u8], rows: usize) -> bool {
    let now = std::fs::read(path).unwrap();
    if now == old {
        return false;
    }
    let mut wb: Xlsx<_> =
        calamine::open_workbook(path).unwrap_or_else(|e| panic!("a half-written report: {e}"));
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    assert_eq!(range.height(), rows, "an incomplete report");
    true
}

#[test]
fn a_run_killed_while_writing_leaves_the_old_report_or_the_new() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    big_inbox(&inbox);
    let report = tmp.path().join("problems.xlsx");
    let args = [
        "check",
        "inbox",
        "--out",
        "problems.xlsx",
        "--force",
        "--format",
        "json",
    ];

    // A complete run, for its length and its report's size.
    let started = Instant::now();
    let o = wuyi(&args, tmp.path());
    let full = started.elapsed();
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let rows = {
        let mut wb: Xlsx<_> = calamine::open_workbook(&report).unwrap();
        let sheet = wb.sheet_names()[0].clone();
        wb.worksheet_range(&sheet).unwrap().height()
    };
    assert!(rows > 5_000, "{rows}");

    let old = clean();
    std::fs::write(&report, &old).unwrap();
    let temp_files = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".wuyi-")
            })
            .count()
    };
    let (mut replaced, mut mid_write) = (0, 0);
    // Kills at moments through the run, and kills the moment the report's
    // temporary file appears, after a few delays: the write itself lasts
    // only milliseconds.
    let plan: Vec<(Option<Duration>, Duration)> = [0.4, 0.8, 1.2]
        .iter()
        .map(|f| (Some(full.mul_f64(*f)), Duration::ZERO))
        .chain(
            [0u64, 200, 1_000, 5_000]
                .iter()
                .map(|us| (None, Duration::from_micros(*us))),
        )
        .collect();
    for (at, after) in &plan {
        let temps_before = temp_files(tmp.path());
        let mut child = wuyi_cmd()
            .args(args)
            .current_dir(tmp.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        match at {
            Some(d) => std::thread::sleep(*d),
            None => {
                let give_up = Instant::now() + full * 3;
                while temp_files(tmp.path()) == temps_before
                    && Instant::now() < give_up
                    && child.try_wait().unwrap().is_none()
                {
                    std::thread::sleep(Duration::from_micros(50));
                }
                std::thread::sleep(*after);
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        if temp_files(tmp.path()) > temps_before {
            mid_write += 1;
        }
        if old_or_complete(&report, &old, rows) {
            replaced += 1;
            std::fs::write(&report, &old).unwrap();
        }
    }
    // Temporary files a kill leaves behind are never taken for input.
    for e in std::fs::read_dir(tmp.path()).unwrap() {
        let p: PathBuf = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with(".wuyi-") {
            assert!(!wuyi_core::input::is_workbook_name(&p), "{name}");
        }
    }
    eprintln!(
        "killed {} runs: {mid_write} while the report was being written, {replaced} after it was in place",
        plan.len()
    );
}
