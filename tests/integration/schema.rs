//! `schema_version` in the files other programs read (`results.json`,
//! `results.csv`, `wuyi check --format json`), every field name they had
//! kept, and reports written before the version was recorded still read
//! back by `merge`, `awards` and `score --update`.

use std::path::Path;

use serde_json::Value as Json;
use wuyi_testkit::Style;

use crate::util::*;

/// Two clean communities of 东关街道 in `dir/收件箱`, scored into
/// `dir/评分`.
fn scored(dir: &Path) {
    let inbox = dir.join("收件箱");
    std::fs::create_dir(&inbox).unwrap();
    for (seed, name) in [(3, "幸福里小区"), (4, "锦绣花园")] {
        let mut c = wuyi_testkit::Community::generate(seed, info(name), 30);
        c.cases.clear();
        c.write(
            &inbox.join(format!("东关街道-{name}.xlsx")),
            &Style::default(),
        )
        .unwrap();
    }
    let o = wuyi(&["score", "收件箱", "--out", "评分"], dir);
    assert_eq!(code(&o), 0, "{}", out_text(&o));
}

/// Rewrites `dir/results.json` with `schema_version` set to `v`, or
/// without it (as wuyi wrote it before the field existed).
fn set_version(dir: &Path, v: Option<u32>) {
    let mut j = json(dir);
    let o = j.as_object_mut().unwrap();
    match v {
        Some(v) => o.insert("schema_version".into(), v.into()),
        None => o.remove("schema_version"),
    };
    std::fs::write(
        dir.join("results.json"),
        serde_json::to_vec_pretty(&j).unwrap(),
    )
    .unwrap();
}

fn keys(v: &Json) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn results_json_leads_with_the_version_and_keeps_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    scored(dir.path());
    let text = std::fs::read_to_string(dir.path().join("评分/results.json")).unwrap();
    assert!(text.starts_with("{\n  \"schema_version\": 1,\n"), "{text}");
    let j = json(&dir.path().join("评分"));
    assert_eq!(j["schema_version"], 1);
    assert_eq!(
        keys(&j),
        [
            "as_of",
            "results",
            "rubric",
            "schema_version",
            "sections",
            "tool",
            "tool_version"
        ]
    );
    // No cases in these ledgers: `cases` is left out when empty.
    let card = &j["results"][0];
    assert_eq!(
        keys(card),
        [
            "assessed_on",
            "district",
            "file",
            "gate",
            "items",
            "name",
            "pass_score",
            "problems",
            "reason_en",
            "reason_zh",
            "score",
            "sections",
            "town",
            "type",
            "verdict"
        ]
    );
    assert_eq!(
        keys(&j["rubric"]),
        ["name", "pass_score", "sha256", "source", "total", "version"]
    );
}

#[test]
fn results_csv_ends_with_the_version_column_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    scored(dir.path());
    let csv = std::fs::read_to_string(dir.path().join("评分/results.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("\u{feff}序号,区县,街道(乡镇),名称,类型,评估日期,得分,"),
        "{header}"
    );
    assert!(header.ends_with(",结论,原因,文件,格式版本"), "{header}");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "{csv}");
    for r in &rows {
        assert!(r.ends_with(".xlsx,1"), "{r}");
    }

    let o = wuyi(
        &["--lang", "en", "score", "收件箱", "--out", "en"],
        dir.path(),
    );
    assert_eq!(code(&o), 0, "{}", out_text(&o));
    let csv = std::fs::read_to_string(dir.path().join("en/results.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",verdict,reason,file,schema version"),
        "{header}"
    );
}

#[test]
fn check_json_leads_with_the_version_and_keeps_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    scored(dir.path());
    let o = wuyi(&["check", "--format", "json", "收件箱"], dir.path());
    assert_eq!(code(&o), 0, "{}", out_text(&o));
    let text = stdout(&o);
    assert!(text.starts_with("{\n  \"schema_version\": 1,\n"), "{text}");
    let j: Json = serde_json::from_str(&text).unwrap();
    assert_eq!(
        keys(&j),
        ["files", "schema_version", "summary", "tool", "version"]
    );
    assert_eq!(
        keys(&j["files"][0]),
        [
            "errors", "file", "infos", "name", "ok", "problems", "verdict", "warnings"
        ]
    );
}

#[test]
fn reports_without_a_version_are_read_back_and_written_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    scored(root);
    let report = root.join("评分");
    set_version(&report, None);

    // merge
    let o = wuyi(&["merge", "评分", "--out", "合并"], root);
    assert_eq!(code(&o), 0, "{}", out_text(&o));
    let merged = json(&root.join("合并"));
    assert_eq!(merged["schema_version"], 1);
    assert_eq!(merged["results"], json(&report)["results"]);

    // awards
    let o = wuyi(
        &[
            "awards",
            "--quarter",
            "2022Q1",
            "评分/results.json",
            "--out",
            "名单.xlsx",
        ],
        root,
    );
    assert_eq!(code(&o), 0, "{}", out_text(&o));
    assert!(root.join("名单.xlsx").is_file());

    // score --update: the report is rewritten in today's shape.
    let fixed = root.join("收件箱/东关街道-锦绣花园.xlsx");
    let mut c = wuyi_testkit::Community::generate(5, info("锦绣花园"), 30);
    c.cases.clear();
    c.write(&fixed, &Style::default()).unwrap();
    let o = wuyi(
        &[
            "score",
            "收件箱/东关街道-锦绣花园.xlsx",
            "--out",
            "评分",
            "--update",
        ],
        root,
    );
    assert_eq!(code(&o), 0, "{}", out_text(&o));
    let updated = json(&report);
    assert_eq!(updated["schema_version"], 1);
    assert_eq!(updated["results"].as_array().unwrap().len(), 2);
}

#[test]
fn a_report_in_a_newer_shape_is_refused_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    scored(root);
    set_version(&root.join("评分"), Some(99));
    let o = wuyi(&["merge", "评分", "--out", "合并"], root);
    assert_ne!(code(&o), 0);
    assert!(
        out_text(&o).contains("较新版本的 wuyi 写的（格式版本 99），本版本只能读到格式版本 1"),
        "{}",
        out_text(&o)
    );
    assert!(!root.join("合并").exists());
    let o = wuyi(
        &["--lang", "en", "awards", "--quarter", "2022Q1", "评分"],
        root,
    );
    assert_ne!(code(&o), 0);
    assert!(
        out_text(&o).contains("written by a newer wuyi (schema version 99)"),
        "{}",
        out_text(&o)
    );
    let o = wuyi(&["score", "收件箱", "--out", "评分", "--update"], root);
    assert_ne!(code(&o), 0);
    assert!(out_text(&o).contains("格式版本 99"), "{}", out_text(&o));
}
