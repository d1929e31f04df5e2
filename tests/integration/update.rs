//! `wuyi score FILE… --out REPORT --update`: one corrected file re-scored
//! into an existing report, the other rows and feedback untouched, the
//! stale feedback workbook removed; another rubric or as-of rule refused.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::*;
use wuyi_testkit::{Community, Style};

const NAMES: [&str; 8] = [
    "幸福里小区",
    "和平社区",
    "杨家庄",
    "康乐小区",
    "锦绣花园",
    "东关一村",
    "东关二村",
    "新华社区",
];

fn write_community(dir: &Path, file: &str, name: &str, seed: u64, grids: (usize, usize)) {
    let mut c = Community::generate_with_grids(seed, info(name), 30, grids);
    c.cases.clear();
    c.write(&dir.join(file), &Style::default()).unwrap();
}

fn inbox(dir: &Path) -> PathBuf {
    let input = dir.join("收件箱");
    std::fs::create_dir_all(&input).unwrap();
    for (i, name) in NAMES.iter().enumerate() {
        // 杨家庄's grids are too large at first.
        let grids = if *name == "杨家庄" {
            (30, 40)
        } else {
            (12, 18)
        };
        write_community(&input, &format!("{name}.xlsx"), name, 20 + i as u64, grids);
    }
    input
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    wuyi_cmd().args(args).output().unwrap()
}

fn feedback(dir: &Path) -> Vec<(String, std::time::SystemTime, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir.join("反馈"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().modified().unwrap(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn an_update_replaces_one_of_eight_rows_and_removes_the_stale_feedback() {
    let dir = tempfile::tempdir().unwrap();
    let input = inbox(dir.path());
    let out = dir.path().join("评分");
    let first = run(&[
        "score".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--feedback".as_ref(),
    ]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = json(&out);
    let fb_before = feedback(&out);
    assert_eq!(fb_before.len(), 8);
    // A workbook left by an earlier run, of a community no longer there.
    std::fs::write(out.join("反馈").join("旧社区-评分反馈.xlsx"), b"old").unwrap();
    // Files of the user's in the folder stay.
    std::fs::write(out.join("反馈").join("说明.txt"), b"keep").unwrap();

    // 杨家庄 sends a corrected ledger: grids redrawn, and its name written
    // in full.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let fixed = input.join("杨家庄.xlsx");
    write_community(&input, "杨家庄.xlsx", "杨家庄村", 22, (12, 18));
    let upd = run(&[
        "score".as_ref(),
        fixed.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--update".as_ref(),
    ]);
    let stdout = String::from_utf8_lossy(&upd.stdout);
    assert!(
        upd.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&upd.stderr)
    );
    assert!(
        stdout.contains("替换：杨家庄.xlsx（城关区 东关街道 杨家庄村）按文件名"),
        "{stdout}"
    );
    assert!(
        stdout.contains("共 8 行；重写反馈 1 份，删除过期反馈 2 份"),
        "{stdout}"
    );

    // Eight rows: seven as they were, 杨家庄's replaced.
    let after = json(&out);
    let rows = |v: &serde_json::Value| v["results"].as_array().unwrap().clone();
    assert_eq!(rows(&after).len(), 8);
    for r in rows(&before) {
        if r["name"] == "杨家庄" {
            assert!(!rows(&after).contains(&r));
        } else {
            assert!(rows(&after).contains(&r), "{}", r["name"]);
        }
    }
    let new = rows(&after)
        .into_iter()
        .find(|r| r["name"] == "杨家庄村")
        .unwrap();
    let old = rows(&before)
        .into_iter()
        .find(|r| r["name"] == "杨家庄")
        .unwrap();
    assert!(new["score"].as_f64().unwrap() > old["score"].as_f64().unwrap());

    // Feedback: the stale workbooks gone, 杨家庄村's written, the other
    // seven untouched (same bytes, same modification time).
    let fb_after = feedback(&out);
    let names: Vec<&str> = fb_after.iter().map(|(n, ..)| n.as_str()).collect();
    assert!(!names.contains(&"东关街道-杨家庄-评分反馈.xlsx"));
    assert!(!names.contains(&"旧社区-评分反馈.xlsx"));
    assert!(names.contains(&"东关街道-杨家庄村-评分反馈.xlsx"));
    assert!(names.contains(&"说明.txt"));
    assert_eq!(names.len(), 9);
    for f in fb_before.iter().filter(|(n, ..)| !n.contains("杨家庄")) {
        assert!(fb_after.contains(f), "{} was rewritten", f.0);
    }

    // Written beside the folder and moved in whole: nothing left over.
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!n.starts_with(".wuyi-"), "{n}");
    }

    // The updated report is the report of scoring the corrected inbox.
    let full = dir.path().join("全部重评");
    let again = run(&[
        "score".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        full.as_os_str(),
    ]);
    assert!(again.status.success());
    assert_eq!(json(&full)["results"], after["results"]);
    assert_eq!(
        std::fs::read_to_string(full.join("results.csv")).unwrap(),
        std::fs::read_to_string(out.join("results.csv")).unwrap()
    );
}

#[test]
fn another_rubric_or_as_of_rule_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = inbox(dir.path());
    let out = dir.path().join("评分");
    let first = run(&[
        "score".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(first.status.success());
    let before = std::fs::read(out.join("results.json")).unwrap();
    let one = input.join("和平社区.xlsx");

    let rubric = dir.path().join("另一标准.toml");
    std::fs::write(
        &rubric,
        wuyi_core::rubric::DEFAULT_TOML.replace("pass_score = 60", "pass_score = 70"),
    )
    .unwrap();
    let r = run(&[
        "score".as_ref(),
        one.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--update".as_ref(),
        "--rubric".as_ref(),
        rubric.as_os_str(),
    ]);
    assert_eq!(r.status.code(), Some(2));
    let e = String::from_utf8_lossy(&r.stderr);
    assert!(e.contains("另一评分标准") && e.contains("SHA-256"), "{e}");

    let r = run(&[
        "score".as_ref(),
        one.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--update".as_ref(),
        "--as-of".as_ref(),
        "2022-03-31".as_ref(),
    ]);
    assert_eq!(r.status.code(), Some(2));
    let e = String::from_utf8_lossy(&r.stderr);
    assert!(
        e.contains("--as-of 2022-03-31") && e.contains("各台账自填"),
        "{e}"
    );
    assert_eq!(std::fs::read(out.join("results.json")).unwrap(), before);

    let r = wuyi_cmd()
        .args(["--lang", "en", "score"])
        .arg(&one)
        .arg("--out")
        .arg(dir.path().join("nowhere"))
        .arg("--update")
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("--update needs an existing report folder")
    );

    let r = wuyi_cmd()
        .args(["score", "--update"])
        .arg(&one)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
}

#[test]
fn an_update_with_inspections_applies_them_to_the_files_re_scored() {
    let dir = tempfile::tempdir().unwrap();
    let input = inbox(dir.path());
    let out = dir.path().join("评分");
    let first = run(&[
        "score".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(first.status.success());
    let list = dir.path().join("核查.csv");
    std::fs::write(
        &list,
        "\u{feff}区县,街道(乡镇),名称,编号,核定得分,发现问题,检查日期,方式,检查人\n\
         城关区,东关街道,和平社区,A1,2,专班未到岗,2022-03-28,暗访,张三\n\
         城关区,东关街道,新华社区,A1,3,,2022-03-28,明查,张三\n\
         城关区,东关街道,无此社区,A1,3,,2022-03-28,明查,张三\n",
    )
    .unwrap();
    let one = input.join("和平社区.xlsx");
    let r = run(&[
        "score".as_ref(),
        one.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--update".as_ref(),
        "--inspections".as_ref(),
        list.as_os_str(),
    ]);
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert!(r.status.success(), "{stdout}");
    assert!(
        stdout.contains("“城关区 东关街道 新华社区”不在本次重新评分的文件中"),
        "{stdout}"
    );
    assert!(
        stdout.contains("“城关区 东关街道 无此社区”不在本次评分的申报中"),
        "{stdout}"
    );
    assert!(stdout.contains("2 处需核对"), "{stdout}");
    let after = json(&out);
    let rows = after["results"].as_array().unwrap();
    let heping = rows.iter().find(|r| r["name"] == "和平社区").unwrap();
    let a1 = heping["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "A1")
        .unwrap();
    assert_eq!(a1["earned"], 2.0);
    let xinhua = rows.iter().find(|r| r["name"] == "新华社区").unwrap();
    assert!(xinhua.get("inspection").is_none());
    assert_eq!(after["inspections"][0], "核查.csv");
}
