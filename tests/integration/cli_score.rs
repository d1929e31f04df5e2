//! `wuyi score` driven as a user would: a folder of submissions in, a report
//! folder out, read back.

use std::path::Path;

use crate::util::*;
use calamine::{Reader, Xlsx, open_workbook};
use chrono::Days;
use wuyi_core::ledger::contract::SheetKey;
use wuyi_testkit::{Community, Style};

/// A folder with one submission of each verdict and a file that is not a
/// workbook at all.
fn inbox(dir: &Path) {
    let mut ok = Community::generate_with_grids(3, info("幸福里小区"), 40, (12, 18));
    ok.cases.clear();
    ok.write(&dir.join("幸福里小区.xlsx"), &Style::default())
        .unwrap();

    let mut vetoed = Community::generate_with_grids(4, info("锦绣花园"), 40, (12, 18));
    vetoed.cases.clear();
    vetoed.add_case(3, "确诊病例", 2, "");
    vetoed
        .write(&dir.join("锦绣花园.xlsx"), &Style::messy(1))
        .unwrap();

    let mut poor = Community::generate_with_grids(5, info("杨家庄"), 40, (30, 40));
    poor.cases.clear();
    poor.drop_sheet(SheetKey::SelfAssessment);
    poor.drop_sheet(SheetKey::Disinfection);
    for h in &mut poor.households {
        h.tested = 0;
        h.vaccinated = 0;
    }
    poor.write(&dir.join("杨家庄.xlsx"), &Style::default())
        .unwrap();

    let mut broken = Community::generate(6, info("康乐小区"), 20);
    broken.drop_sheet(SheetKey::Cases);
    broken
        .write(&dir.join("康乐小区.xlsx"), &Style::default())
        .unwrap();

    std::fs::write(dir.join("通知.xlsx"), "%PDF-1.4 not a workbook").unwrap();
    std::fs::write(dir.join("~$幸福里小区.xlsx"), "lock").unwrap();
}

#[test]
fn scores_a_folder_and_accounts_for_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    inbox(&input);
    let out = dir.path().join("out");
    let run = wuyi_cmd()
        .arg("score")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--feedback")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    // One file could not be assessed (and one is not a workbook): exit 1.
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("共 5 个文件：达标 1，未达标 1，一票否决 1，无法评分 2"),
        "{stdout}"
    );
    // One row per file in the table; under it, a gate line for each file
    // whose gate was reached.
    let (table, gate_lines) = stdout.split_once("零病例核查：").unwrap();
    for name in ["幸福里小区", "锦绣花园", "杨家庄", "康乐小区", "通知"] {
        assert_eq!(table.matches(name).count(), 1, "{name} in {stdout}");
    }
    for name in ["幸福里小区", "锦绣花园", "杨家庄"] {
        assert_eq!(gate_lines.matches(name).count(), 1, "{name} in {stdout}");
    }
    assert!(stdout.contains("PDF"), "{stdout}");

    // results.json: one result per file, with the rubric's identity.
    let json = json(&out);
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    assert_eq!(json["rubric"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(json["tool"], "wuyi");
    let verdicts: Vec<&str> = results
        .iter()
        .map(|r| r["verdict"].as_str().unwrap())
        .collect();
    for v in ["passed", "failed", "vetoed", "unassessable"] {
        assert!(verdicts.contains(&v), "{verdicts:?}");
    }
    let vetoed = results.iter().find(|r| r["name"] == "锦绣花园").unwrap();
    assert!(
        vetoed["reason_zh"].as_str().unwrap().contains("涉疫台账!"),
        "{vetoed}"
    );

    // results.csv: a header and a row per file, with a BOM for Excel.
    let csv = std::fs::read_to_string(out.join("results.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 6);

    // The workbook: summary, items, problems and chart sheets.
    let xlsx = out.join("评分汇总.xlsx");
    let wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), ["汇总", "评分明细", "数据问题", "分布图"]);
    let summary = xlsx_rows(&xlsx, "汇总");
    // Title, header, five rows.
    assert_eq!(summary.len(), 7);
    assert_eq!(summary[1][0], "序号");
    let items = xlsx_rows(&xlsx, "评分明细");
    // Title, header, 18 items for each of the 3 scored submissions.
    assert_eq!(items.len(), 2 + 18 * 3);
    let problems = xlsx_rows(&xlsx, "数据问题");
    assert!(
        problems
            .iter()
            .any(|r| r.iter().any(|c| c.contains("缺少工作表“涉疫台账”")))
    );

    // Feedback: one workbook per community.
    let fb: Vec<_> = std::fs::read_dir(out.join("反馈")).unwrap().collect();
    assert_eq!(fb.len(), 5);
    let fb_rows = xlsx_rows(
        &out.join("反馈").join("东关街道-杨家庄-评分反馈.xlsx"),
        "评分反馈",
    );
    assert!(fb_rows.iter().any(|r| r.first().is_some_and(|c| c == "B7")));
}

#[test]
fn same_inputs_give_byte_identical_reports() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    inbox(&input);
    for o in ["a", "b"] {
        wuyi_cmd()
            .arg("score")
            .arg(&input)
            .arg("--out")
            .arg(dir.path().join(o))
            .arg("--feedback")
            .output()
            .unwrap();
    }
    for f in [
        "评分汇总.xlsx",
        "results.json",
        "results.csv",
        "反馈/东关街道-幸福里小区-评分反馈.xlsx",
    ] {
        let a = std::fs::read(dir.path().join("a").join(f)).unwrap();
        let b = std::fs::read(dir.path().join("b").join(f)).unwrap();
        assert!(a == b, "{f} differs between runs");
    }
}

#[test]
fn existing_reports_are_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    Community::generate(1, info("幸福里小区"), 20)
        .write(&input.join("a.xlsx"), &Style::default())
        .unwrap();
    let out = dir.path().join("out");
    let first = wuyi_cmd()
        .arg("score")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(0));
    let again = wuyi_cmd()
        .arg("score")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = wuyi_cmd()
        .arg("score")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0));
}

#[test]
fn a_report_folder_inside_the_inbox_is_not_read_as_input() {
    let dir = tempfile::tempdir().unwrap();
    Community::generate(1, info("幸福里小区"), 20)
        .write(&dir.path().join("a.xlsx"), &Style::default())
        .unwrap();
    let out = dir.path().join("报告");
    wuyi_cmd()
        .arg("score")
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let again = wuyi_cmd()
        .arg("score")
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("报告2"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("共 1 个文件"), "{stdout}");
}

#[test]
fn as_of_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Community::generate(2, info("Harmony"), 30);
    c.cases.clear();
    c.add_case(13, "确诊病例", 1, "");
    let f = dir.path().join("a.xlsx");
    c.write(&f, &Style::default()).unwrap();
    let run = wuyi_cmd()
        .args(["--lang", "en", "score"])
        .arg(&f)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("1 files: 0 passed, 0 below the pass line, 1 vetoed"),
        "{stdout}"
    );
    assert!(dir.path().join("o").join("scores.xlsx").exists());
    // A day later the case is 14 days old and outside the window.
    let later = (c.info.assessed_on + Days::new(1)).to_string();
    let run = wuyi_cmd()
        .args(["--lang", "en", "score"])
        .arg(&f)
        .args(["--as-of", &later, "--out"])
        .arg(dir.path().join("p"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("1 files: 1 passed"), "{stdout}");
    let bad = wuyi_cmd()
        .arg("score")
        .arg(&f)
        .args(["--as-of", "昨天"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// `wuyi score … | head -1`: standard output closed by its reader ends the
/// program as a closed pipe ends `cat`, with no panic message; the report
/// is still the tool's business, not the pipe's.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    let dir = tempfile::tempdir().unwrap();
    let inbox_dir = dir.path().join("收件箱");
    std::fs::create_dir(&inbox_dir).unwrap();
    inbox(&inbox_dir);
    for args in [
        vec![
            "score".to_string(),
            inbox_dir.display().to_string(),
            "--out".into(),
            dir.path().join("报告").display().to_string(),
        ],
        vec!["check".to_string(), inbox_dir.display().to_string()],
        vec!["rubric".to_string(), "show".into()],
    ] {
        // The reader is gone before the program starts, so every write to
        // standard output fails with a closed pipe, however fast the
        // program is (closing it after the start would race a short
        // output into the pipe's buffer).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = wuyi_cmd()
            .args(&args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
            .wait_with_output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            out.status.signal(),
            Some(libc::SIGPIPE),
            "{args:?}: {:?}",
            out.status
        );
    }
}

/// The table's row for `name`, as printed.
fn row_of<'a>(stdout: &'a str, name: &str) -> &'a str {
    stdout.lines().find(|l| l.contains(name)).unwrap()
}

#[test]
fn verdicts_are_coloured_on_a_terminal_and_plain_in_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    inbox(&input);
    let run = |out: &str, env: &[(&str, &str)]| {
        let mut cmd = wuyi_cmd();
        cmd.arg("score")
            .arg(&input)
            .arg("--out")
            .arg(dir.path().join(out))
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    // Piped (as here): not one escape code.
    let piped = run("a", &[]);
    assert!(piped.contains("幸福里小区"), "{piped}");
    assert!(!piped.contains('\x1b'), "{piped:?}");
    // NO_COLOR wins even where colour is asked for.
    let no_color = run("b", &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]);
    assert!(!no_color.contains('\x1b'), "{no_color:?}");
    // Where colour is forced (as on a terminal), each row wears its verdict.
    let coloured = run("c", &[("CLICOLOR_FORCE", "1")]);
    let green = "\x1b[32m";
    let yellow = "\x1b[33m";
    let red = "\x1b[31m";
    assert!(
        row_of(&coloured, "幸福里小区").starts_with(green),
        "{coloured:?}"
    );
    assert!(
        row_of(&coloured, "杨家庄").starts_with(yellow),
        "{coloured:?}"
    );
    assert!(
        row_of(&coloured, "锦绣花园").starts_with(red),
        "{coloured:?}"
    );
    assert!(
        row_of(&coloured, "康乐小区").starts_with(red),
        "{coloured:?}"
    );
    // Without the codes, the same text as in the pipe.
    let stripped = coloured
        .replace(green, "")
        .replace(yellow, "")
        .replace(red, "")
        .replace("\x1b[0m", "");
    assert_eq!(stripped, piped.replace("/a", "/c"));
}
