//! How office staff on Windows use the tool, driven on any platform through
//! the built binary: workbooks and folders dropped on the program (paths as
//! the only arguments), the office's lists saved by Excel on Chinese
//! Windows (GBK CSV), and output names Windows could not hold.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use crate::util::*;
use wuyi_testkit::{Community, Style};

fn wuyi(args: &[&std::ffi::OsStr], cwd: &Path) -> Output {
    wuyi_cmd()
        .args(args)
        .current_dir(cwd)
        .env("CI", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn submission(path: &Path, seed: u64, name: &str) {
    let mut c = Community::generate_with_grids(seed, info(name), 30, (12, 18));
    c.cases.clear();
    c.write(path, &Style::default()).unwrap();
}

/// The report folders (评分结果-…) directly in `dir`.
fn report_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("评分结果-")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn dropped_files_and_folder_are_scored_beside_the_first() {
    let root = tempfile::tempdir().unwrap();
    // A folder with a space and Chinese in its name holding one workbook,
    // and an inbox folder of two more.
    let street = root.path().join("东关 街道");
    let inbox = root.path().join("收件箱 2022Q1");
    std::fs::create_dir_all(&street).unwrap();
    std::fs::create_dir_all(&inbox).unwrap();
    let first = street.join("幸福里 小区.xlsx");
    submission(&first, 1, "幸福里小区");
    submission(&inbox.join("和平社区.xlsx"), 2, "和平社区");
    submission(&inbox.join("柳湾村.xlsx"), 3, "柳湾村");
    // Explorer starts the program in some other folder.
    let elsewhere = tempfile::tempdir().unwrap();

    let o = wuyi(&[first.as_os_str(), inbox.as_os_str()], elsewhere.path());
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stdout}{stderr}");
    // The summary is printed: one row per file, the totals, where it went.
    for name in ["幸福里小区", "和平社区", "柳湾村"] {
        let rows = stdout.lines().filter(|l| l.starts_with(name)).count();
        assert_eq!(rows, 1, "{name}: {stdout}");
    }
    assert!(stdout.contains("共 3 个文件"), "{stdout}");

    // The report folder is beside the first input, named after the run.
    let reports = report_dirs(&street);
    assert_eq!(reports.len(), 1, "{stdout}");
    let report = &reports[0];
    assert!(
        stdout.contains(&report.display().to_string()),
        "the full path of the report folder is printed: {stdout}"
    );
    let names: Vec<String> = results(report)
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    for n in ["幸福里小区", "和平社区", "柳湾村"] {
        assert!(names.iter().any(|x| x == n), "{n} in {names:?}");
    }
    assert!(report.join("评分汇总.xlsx").is_file());
    assert!(report.join("results.csv").is_file());
    // Staff cannot ask for feedback with a flag, so a drop writes it.
    let feedback = std::fs::read_dir(report.join("反馈")).unwrap().count();
    assert_eq!(feedback, 3);
    // Nothing lands where the program happened to start.
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn a_dropped_folder_gets_a_new_report_beside_it_each_time() {
    let root = tempfile::tempdir().unwrap();
    let inbox = root.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    submission(&inbox.join("和平社区.xlsx"), 2, "和平社区");
    submission(&inbox.join("柳湾村.xlsx"), 3, "柳湾村");

    for run in 1..=2 {
        let o = wuyi(&[inbox.as_os_str()], root.path());
        let (stdout, stderr) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{stdout}{stderr}");
        // Never inside the dropped folder, never over an earlier report.
        let reports = report_dirs(root.path());
        assert_eq!(reports.len(), run, "{reports:?}");
        assert!(report_dirs(&inbox).is_empty());
        for r in &reports {
            assert_eq!(results(r).len(), 2);
        }
    }
}

#[test]
fn a_relative_path_typed_alone_is_scored_like_a_drop() {
    let root = tempfile::tempdir().unwrap();
    submission(&root.path().join("和平社区.xlsx"), 2, "和平社区");
    let o = wuyi(&["和平社区.xlsx".as_ref()], root.path());
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stdout}{stderr}");
    let reports = report_dirs(root.path());
    assert_eq!(reports.len(), 1);
    assert_eq!(results(&reports[0]).len(), 1);
}

#[test]
fn a_dropped_file_that_is_not_a_workbook_gets_its_line() {
    let root = tempfile::tempdir().unwrap();
    submission(&root.path().join("和平社区.xlsx"), 2, "和平社区");
    let note = root.path().join("通知.pdf");
    std::fs::write(&note, b"%PDF-1.4\n").unwrap();
    let a = root.path().join("和平社区.xlsx");
    let o = wuyi(&[a.as_os_str(), note.as_os_str()], root.path());
    let (stdout, stderr) = text(&o);
    // One file could not be assessed: exit 1, as `wuyi score` does.
    assert_eq!(o.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("通知"), "{stdout}");
    assert!(stdout.contains("无法评分"), "{stdout}");
    assert_eq!(results(&report_dirs(root.path())[0]).len(), 2);
}

#[test]
fn started_with_nothing_it_says_how_to_use_it() {
    let dir = tempfile::tempdir().unwrap();
    let o = wuyi(&[], dir.path());
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("拖到"), "{stderr}");
    assert!(stderr.contains("drop ledger workbooks"), "{stderr}");
    // Nothing waits for a key when input is not a console.
    assert!(!stderr.contains("按任意键"), "{stderr}");
}

#[test]
fn a_mistyped_command_is_still_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = wuyi(&["scroe".as_ref(), "x.xlsx".as_ref()], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(report_dirs(dir.path()).is_empty());
}

/// The examples' roster and events log saved the way Excel saves "CSV
/// (逗号分隔)" on Chinese Windows: GBK, no byte-order mark, CRLF.
fn to_gbk(src: &Path, dst: &Path) {
    let text = std::fs::read_to_string(src).unwrap();
    let text = text.trim_start_matches('\u{feff}').replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    std::fs::write(dst, bytes).unwrap();
}

#[test]
fn gbk_roster_and_events_give_the_same_award_list_as_utf8() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let dir = tempfile::tempdir().unwrap();
    to_gbk(&examples.join("名册.csv"), &dir.path().join("名册-gbk.csv"));
    to_gbk(&examples.join("事件.csv"), &dir.path().join("事件-gbk.csv"));
    // The example workbooks alone: the lists beside them in examples/ are
    // not submissions.
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir(&inbox).unwrap();
    for e in std::fs::read_dir(examples.join("收件箱")).unwrap() {
        let p = e.unwrap().path();
        if wuyi_core::input::is_workbook_name(&p) {
            std::fs::copy(&p, inbox.join(p.file_name().unwrap())).unwrap();
        }
    }

    let run = |roster: &Path, events: &Path, out: &str| {
        let o = wuyi(
            &[
                "awards".as_ref(),
                "--quarter".as_ref(),
                "2022Q2".as_ref(),
                inbox.as_os_str(),
                "--as-of".as_ref(),
                "2022-06-28".as_ref(),
                "--roster".as_ref(),
                roster.as_os_str(),
                "--events".as_ref(),
                events.as_os_str(),
                "--out".as_ref(),
                out.as_ref(),
            ],
            dir.path(),
        );
        let (stdout, stderr) = text(&o);
        // One example cannot be assessed, so 1.
        assert_eq!(o.status.code(), Some(1), "{stdout}{stderr}");
        assert!(!stderr.contains("UTF-8"), "{stderr}");
        let csv = std::fs::read_to_string(dir.path().join(out).with_extension("csv")).unwrap();
        let stem = out.trim_end_matches(".xlsx");
        (stdout.replace(stem, "OUT"), csv)
    };
    let (utf8_out, utf8_csv) = run(
        &examples.join("名册.csv"),
        &examples.join("事件.csv"),
        "utf8.xlsx",
    );
    let (gbk_out, gbk_csv) = run(
        &dir.path().join("名册-gbk.csv"),
        &dir.path().join("事件-gbk.csv"),
        "gbk.xlsx",
    );
    // The roster was read: nine communities are the denominator. The events
    // were read: 和平社区's case on 29 June, after its assessment, keeps it
    // off the list, while 柳湾村's case in May came before its assessment.
    assert!(gbk_out.contains("4/9"), "{gbk_out}");
    assert!(gbk_csv.contains("柳湾村"), "{gbk_csv}");
    assert!(!gbk_csv.contains("和平社区"), "{gbk_csv}");
    assert_eq!(gbk_out, utf8_out);
    assert_eq!(gbk_csv, utf8_csv);
}

#[test]
fn a_gbk_inspection_list_overrides_like_a_utf8_one() {
    let root = tempfile::tempdir().unwrap();
    let inbox = root.path().join("收件箱");
    std::fs::create_dir(&inbox).unwrap();
    submission(&inbox.join("幸福里小区.xlsx"), 1, "幸福里小区");
    let list = "区县,街道(乡镇),名称,编号,核定得分,检查日期,方式,检查人,发现问题\r\n\
                城关区,东关街道,幸福里小区,A1,1,2022-03-28,暗访,张三,专班人员未到岗\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(list);
    assert!(!unmappable);
    std::fs::write(root.path().join("核查.csv"), &gbk).unwrap();
    let o = wuyi(
        &[
            "score".as_ref(),
            inbox.as_os_str(),
            "--out".as_ref(),
            "评分".as_ref(),
            "--inspections".as_ref(),
            "核查.csv".as_ref(),
        ],
        root.path(),
    );
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("各行均已使用"), "{stdout}");
    let r = results(&root.path().join("评分"));
    let a1 = r[0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "A1")
        .unwrap();
    assert_eq!(a1["earned"], 1.0, "{a1}");
}

#[test]
fn output_names_windows_cannot_hold_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let a = root.path().join("和平社区.xlsx");
    submission(&a, 2, "和平社区");
    let o = wuyi(
        &[
            "score".as_ref(),
            a.as_os_str(),
            "--out".as_ref(),
            "评分".as_ref(),
        ],
        root.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let listing = || {
        let mut v: Vec<_> = walkdir::WalkDir::new(root.path())
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .collect();
        v.sort();
        v
    };
    let before = listing();
    for args in [
        vec!["score", "和平社区.xlsx", "--out", "CON"],
        vec!["score", "和平社区.xlsx", "--out", "评分结果."],
        vec!["check", "和平社区.xlsx", "--out", "aux.xlsx"],
        vec!["template", "--out", "模板 "],
        vec!["merge", "评分", "--out", "LPT1"],
        vec![
            "awards",
            "--quarter",
            "2022Q1",
            "评分",
            "--out",
            "名单|2022Q1.xlsx",
        ],
    ] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|s| s.as_ref()).collect();
        let o = wuyi(&args, root.path());
        let (stdout, stderr) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains("输出文件名"), "{args:?}: {stderr}");
        // Nothing was written.
        assert_eq!(listing(), before, "{args:?}");
    }
}
