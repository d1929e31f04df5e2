//! `wuyi merge`: the towns' reports combined into the county's, equal to
//! scoring every inbox at once; mixed rubrics refused; a file scored twice
//! reported and its later assessment kept.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::*;
use wuyi_testkit::{Community, Style};

/// A town's inbox: passing, failing and vetoed applications, and one that
/// cannot be assessed.
fn inbox(dir: &Path, town: &str, seed: u64) -> PathBuf {
    let input = dir.join(town);
    std::fs::create_dir_all(&input).unwrap();
    let names = ["幸福里小区", "和平社区", "杨家庄", "康乐小区"];
    for (i, name) in names.iter().enumerate() {
        let mut inf = info(name);
        inf.town = town.to_string();
        let grids = if i == 2 { (30, 40) } else { (12, 18) };
        let mut c = Community::generate_with_grids(seed + i as u64, inf, 30, grids);
        c.cases.clear();
        if i == 1 && seed > 10 {
            c.add_case(3, "确诊病例", 2, "");
        }
        if i == 3 {
            c.drop_sheet(wuyi_core::ledger::contract::SheetKey::Cases);
        }
        c.write(&input.join(format!("{name}.xlsx")), &Style::messy(seed))
            .unwrap();
    }
    input
}

fn score(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let out = wuyi_cmd()
        .arg("score")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.code().unwrap() < 2,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn merge(reports: &[&Path], out: &Path, extra: &[&str]) -> Output {
    wuyi_cmd()
        .arg("merge")
        .args(reports)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn merging_two_towns_equals_scoring_both_inboxes_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let east = inbox(dir.path(), "东关街道", 3);
    let west = inbox(dir.path(), "西城街道", 13);
    let (r1, r2, all, county) = (
        dir.path().join("东关评分"),
        dir.path().join("西城评分"),
        dir.path().join("一次评分"),
        dir.path().join("城关区评分"),
    );
    score(&[&east], &r1, &["--feedback"]);
    score(&[&west], &r2, &["--feedback"]);
    score(&[&east, &west], &all, &["--feedback"]);
    let run = merge(&[&r1, &r2], &county, &["--feedback"]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    // Two towns hold a file that cannot be assessed: exit 1, as score does.
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("共 8 个文件"), "{stdout}");
    assert!(stdout.contains("已合并 2 份报告，共 8 个文件"), "{stdout}");

    let (merged, once) = (json(&county), json(&all));
    assert_eq!(merged["results"].as_array().unwrap().len(), 8);
    assert_eq!(merged["results"], once["results"]);
    assert_eq!(merged["rubric"], once["rubric"]);
    assert_eq!(
        std::fs::read_to_string(county.join("results.csv")).unwrap(),
        std::fs::read_to_string(all.join("results.csv")).unwrap()
    );
    assert_eq!(
        xlsx_sheets(&county.join("评分汇总.xlsx")),
        xlsx_sheets(&all.join("评分汇总.xlsx"))
    );
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d.join("反馈"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&county), names(&all));
    assert_eq!(names(&county).len(), 8);

    // A results.json named directly works as its folder does.
    let again = dir.path().join("again");
    let run = merge(&[&r1.join("results.json"), &r2], &again, &[]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(json(&again)["results"], once["results"]);

    // The merged report is not written over without --force, nor into one
    // of the reports it reads.
    let run = merge(&[&r1, &r2], &county, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--force"));
    let run = merge(&[&r1, &r2], &r1, &["--force"]);
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn mixed_rubrics_are_refused_naming_the_folders() {
    let dir = tempfile::tempdir().unwrap();
    let east = inbox(dir.path(), "东关街道", 3);
    let west = inbox(dir.path(), "西城街道", 13);
    let rubric = dir.path().join("本街道标准.toml");
    std::fs::write(
        &rubric,
        wuyi_core::rubric::DEFAULT_TOML.replace("pass_score = 60", "pass_score = 70"),
    )
    .unwrap();
    let (r1, r2) = (dir.path().join("东关评分"), dir.path().join("西城评分"));
    score(&[&east], &r1, &[]);
    score(&[&west], &r2, &["--rubric", rubric.to_str().unwrap()]);
    let out = dir.path().join("county");
    let run = merge(&[&r1, &r2], &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("评分标准不同")
            && stderr.contains("东关评分")
            && stderr.contains("西城评分"),
        "{stderr}"
    );
    assert!(!out.exists());
    let run = wuyi_cmd()
        .args(["--lang", "en", "merge"])
        .arg(&r1)
        .arg(&r2)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&run.stderr).contains("different rubrics"));
}

#[test]
fn a_file_in_two_reports_is_reported_and_the_later_assessment_kept() {
    let dir = tempfile::tempdir().unwrap();
    let east = inbox(dir.path(), "东关街道", 3);
    // The county's second batch holds 东关街道's 幸福里小区 again, assessed
    // ten days later.
    let later = dir.path().join("补报");
    std::fs::create_dir(&later).unwrap();
    let mut c = Community::generate_with_grids(3, info("幸福里小区"), 30, (12, 18));
    c.info.assessed_on = date(2022, 4, 10);
    c.cases.clear();
    c.write(&later.join("幸福里小区.xlsx"), &Style::default())
        .unwrap();
    let (r1, r2) = (dir.path().join("东关评分"), dir.path().join("补报评分"));
    score(&[&east], &r1, &[]);
    score(&[&later], &r2, &[]);
    for order in [[r1.as_path(), r2.as_path()], [r2.as_path(), r1.as_path()]] {
        let out = dir.path().join("county");
        let run = merge(&order, &out, &["--force"]);
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(stdout.contains("1 个文件在多份报告中都有评分"), "{stdout}");
        assert!(
            stdout.contains("“幸福里小区.xlsx”（城关区 东关街道 幸福里小区）")
                && stdout.contains("保留 补报评分 的结果（评估日期 2022-04-10）"),
            "{stdout}"
        );
        let results = json(&out)["results"].as_array().unwrap().clone();
        assert_eq!(results.len(), 4);
        let kept: Vec<&serde_json::Value> = results
            .iter()
            .filter(|r| r["name"] == "幸福里小区")
            .collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0]["assessed_on"], "2022-04-10");
    }
}

#[test]
fn the_county_inspects_the_merged_report_as_it_would_the_inboxes() {
    let dir = tempfile::tempdir().unwrap();
    let east = inbox(dir.path(), "东关街道", 3);
    let west = inbox(dir.path(), "西城街道", 13);
    let list = dir.path().join("核查记录.csv");
    std::fs::write(
        &list,
        "\u{feff}区县,街道(乡镇),名称,编号,核定得分,扣分,发现问题,检查日期,方式,检查人\n\
         城关区,东关街道,幸福里小区,A1,2,,专班未到岗,2022-03-28,暗访,张三\n\
         城关区,西城街道,杨家庄,B6,,1,物资台账不全,2022-03-29,明查,李四\n\
         城关区,西城街道,杨家庄,A2,6,,网格已调整,2022-03-30,明查,李四\n",
    )
    .unwrap();
    let (r1, r2, all, county) = (
        dir.path().join("东关评分"),
        dir.path().join("西城评分"),
        dir.path().join("一次评分"),
        dir.path().join("城关区评分"),
    );
    score(&[&east], &r1, &[]);
    score(&[&west], &r2, &[]);
    score(
        &[&east, &west],
        &all,
        &["--inspections", list.to_str().unwrap()],
    );
    let run = merge(
        &[&r1, &r2],
        &county,
        &["--inspections", list.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("各行均已使用"), "{stdout}");
    let (merged, once) = (json(&county), json(&all));
    assert_eq!(merged["results"], once["results"]);
    assert_eq!(merged["inspections"], once["inspections"]);
    let yang = merged["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "杨家庄" && r["town"] == "西城街道")
        .unwrap();
    assert_eq!(yang["inspection"]["items"].as_array().unwrap().len(), 2);

    // Inspected again by a later visit: the self-assessed score stays what
    // the submission gave, the later row counts, the earlier is listed.
    let second = dir.path().join("复查.csv");
    std::fs::write(
        &second,
        "\u{feff}区县,街道(乡镇),名称,编号,核定得分,发现问题,检查日期,方式,检查人\n\
         城关区,东关街道,幸福里小区,A1,4,已整改,2022-04-05,明查,王五\n",
    )
    .unwrap();
    let again = dir.path().join("复查后");
    let run = merge(
        &[&county],
        &again,
        &["--inspections", second.to_str().unwrap()],
    );
    assert!(
        run.status.code().unwrap() < 2,
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let after = json(&again);
    let find = |v: &serde_json::Value| {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "幸福里小区" && r["town"] == "东关街道")
            .unwrap()
            .clone()
    };
    let (b, a) = (find(&merged), find(&after));
    assert_eq!(a["inspection"]["self_score"], b["inspection"]["self_score"]);
    let a1 = |c: &serde_json::Value| {
        c["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "A1")
            .unwrap()
            .clone()
    };
    assert_eq!(a1(&b)["earned"], 2.0);
    assert_eq!(a1(&a)["earned"], 4.0);
    let why = a1(&a)["why_zh"].as_str().unwrap().to_string();
    assert!(
        why.starts_with("核查核定 4 分（满分 5，原得分 5）：明查 2022-04-05 王五：已整改")
            && why.contains("此前：暗访 2022-03-28 张三：专班未到岗")
            && why.matches("原评分").count() == 1,
        "{why}"
    );
    assert_eq!(
        after["inspections"],
        serde_json::json!(["核查记录.csv", "复查.csv"])
    );
}

/// Every number a merge writes is the number it read, digit for digit:
/// shares such as 12/13 = 0.9230769230769231 must not come back one unit
/// in the last place off (they did, with serde_json's default float parser).
#[test]
fn merged_numbers_are_the_numbers_read_digit_for_digit() {
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/收件箱");
    let (report, merged) = (dir.path().join("评分"), dir.path().join("合并"));
    score(&[&examples], &report, &[]);
    let run = merge(&[&report], &merged, &[]);
    assert!(run.status.code().unwrap() < 2);
    let floats = |d: &Path| {
        let text = std::fs::read_to_string(d.join("results.json")).unwrap();
        let start = text.find("\"results\"").unwrap();
        let mut v: Vec<String> = text[start..]
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e'))
            .filter(|t| t.contains('.') && t.parse::<f64>().is_ok())
            .map(str::to_owned)
            .collect();
        v.sort();
        v
    };
    let (read, written) = (floats(&report), floats(&merged));
    assert!(
        read.iter().any(|n| n.len() > 15),
        "the examples hold long fractions"
    );
    assert_eq!(written, read);
}
