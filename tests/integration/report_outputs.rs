//! What the report and template commands write, read back from the files.

use std::path::Path;

use calamine::Reader;

use crate::util::*;

#[test]
fn template_without_extension_is_written_as_xlsx_and_says_so() {
    let root = tempfile::tempdir().unwrap();
    let o = wuyi(&["template", "--out", "台账模板"], root.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains("已加上 .xlsx") && said.contains("台账模板.xlsx"),
        "{said}"
    );
    assert!(!root.path().join("台账模板").exists());
    let written = root.path().join("台账模板.xlsx");
    assert!(
        sheet_names(&written).len() > 1,
        "{:?}",
        sheet_names(&written)
    );

    let o = wuyi(
        &["--lang", "en", "template", "--inspections", "--out", "form"],
        root.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains(".xlsx added") && said.contains("form.xlsx"),
        "{said}"
    );
    assert!(!sheet_names(&root.path().join("form.xlsx")).is_empty());
    assert!(!root.path().join("form").exists());

    // A name given with its extension is used as given, without the note.
    let o = wuyi(&["template", "--out", "模板.xlsx"], root.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("已加上"));
    // Another extension is refused rather than written as something else.
    let o = wuyi(&["template", "--out", "模板.xls"], root.path());
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains(".xlsx"));
    assert!(!root.path().join("模板.xls").exists());
}

/// Two communities, one with a clean ledger and one whose ledger has
/// problems, scored with feedback in `lang`.
fn scored_with_feedback(root: &Path, lang: &str) -> std::path::PathBuf {
    use wuyi_testkit::{Community, Style};
    let input = root.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut info = wuyi_testkit::Info {
        name: "幸福里小区".into(),
        kind: "小区".into(),
        district: "城关区".into(),
        town: "东关街道".into(),
        assessed_on: chrono::NaiveDate::from_ymd_opt(2022, 3, 31).unwrap(),
        contact: "王芳".into(),
        phone: "13800000000".into(),
    };
    let mut clean = Community::generate_with_grids(3, info.clone(), 40, (12, 18));
    clean.cases.clear();
    clean
        .write(&input.join("幸福里小区.xlsx"), &Style::default())
        .unwrap();
    info.name = "锦绣花园".into();
    let mut messy = Community::generate_with_grids(4, info, 40, (12, 18));
    messy.cases.clear();
    messy
        .write(&input.join("锦绣花园.xlsx"), &Style::messy(1))
        .unwrap();
    let o = wuyi(
        &["--lang", lang, "score", "in", "--out", "out", "--feedback"],
        root,
    );
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    root.join("out")
}

#[test]
fn feedback_without_problems_says_none() {
    for (lang, folder, sheet, none) in [
        ("zh", "反馈", "数据问题", "无"),
        ("en", "feedback", "Problems", "none"),
    ] {
        let root = tempfile::tempdir().unwrap();
        let out = scored_with_feedback(root.path(), lang);
        let json = json(&out);
        let cards = json["cards"].as_array().or(json["results"].as_array());
        let cards = cards.unwrap_or_else(|| panic!("{json}"));
        let (mut clean, mut troubled) = (0, 0);
        for e in std::fs::read_dir(out.join(folder)).unwrap() {
            let path = e.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let card = cards
                .iter()
                .find(|c| file.contains(c["name"].as_str().unwrap()))
                .unwrap();
            let problems = card["problems"].as_array().unwrap().len();
            let r = xlsx_rows(&path, sheet);
            let body: Vec<&Vec<String>> = r.iter().skip(2).collect();
            if problems == 0 {
                clean += 1;
                assert_eq!(body.len(), 1, "{file}: {r:?}");
                assert_eq!(body[0][0], none, "{file}: {r:?}");
                assert!(!body[0][2].is_empty(), "{file}: {r:?}");
            } else {
                troubled += 1;
                assert_eq!(body.len(), problems, "{file}: {r:?}");
                assert!(body.iter().all(|row| row[0] != none), "{file}: {r:?}");
            }
        }
        assert_eq!((clean, troubled), (1, 1), "{lang}");
    }
}

fn is_tenths(x: f64) -> bool {
    let t = (x * 10.0).round() / 10.0;
    // The same f64 as the decimal with one place would parse to.
    t == x
        && format!("{x}")
            .split('.')
            .nth(1)
            .is_none_or(|d| d.len() == 1)
}

#[test]
fn scores_in_report_workbooks_are_numbers_rounded_to_tenths() {
    let root = tempfile::tempdir().unwrap();
    let out = scored_with_feedback(root.path(), "zh");
    let json = json(&out);
    let mut checked = 0;
    for e in std::fs::read_dir(out.join("反馈")).unwrap() {
        let path = e.unwrap().path();
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let range = wb.worksheet_range("评分反馈").unwrap();
        let rows: Vec<_> = range.rows().collect();
        // The score beside 得分 is a number, the card's score.
        let score_row = rows
            .iter()
            .find(|r| r[0] == calamine::Data::String("得分".into()))
            .unwrap();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let card = json["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| file.contains(c["name"].as_str().unwrap()))
            .unwrap();
        match (&score_row[1], card["score"].as_f64()) {
            (calamine::Data::Float(x), Some(s)) => {
                assert_eq!(*x, s, "{file}");
                assert!(is_tenths(*x), "{file}: {x}");
            }
            (calamine::Data::String(s), None) => assert_eq!(s, "—"),
            (other, s) => panic!("{file}: 得分 is {other:?}, the card's score {s:?}"),
        }
        // Every item's points, earned and lost are numbers in tenths.
        let head = rows
            .iter()
            .position(|r| r[0] == calamine::Data::String("编号".into()))
            .unwrap();
        for r in &rows[head + 1..] {
            for c in &r[2..5] {
                match c {
                    calamine::Data::Float(x) => assert!(is_tenths(*x), "{file}: {r:?}"),
                    other => panic!("{file}: {other:?} in {r:?}"),
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 30, "{checked}");
    // The summary's score columns likewise.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("评分汇总.xlsx")).unwrap();
    let mut scores = 0;
    for name in wb.sheet_names().to_vec() {
        let range = wb.worksheet_range(&name).unwrap();
        let rows: Vec<_> = range.rows().collect();
        let Some(h) = rows.iter().position(|r| {
            r.iter()
                .any(|c| matches!(c, calamine::Data::String(s) if s == "得分"))
        }) else {
            continue;
        };
        for (i, c) in rows[h].iter().enumerate() {
            if !matches!(c, calamine::Data::String(s) if s == "得分" || s == "扣分") {
                continue;
            }
            for r in &rows[h + 1..] {
                match &r[i] {
                    calamine::Data::Float(x) => {
                        assert!(is_tenths(*x), "{name}: {r:?}");
                        scores += 1;
                    }
                    calamine::Data::Empty => {}
                    other => panic!("{name}: score {other:?} in {r:?}"),
                }
            }
        }
    }
    assert!(scores >= 2, "{scores}");
}

/// The README's set-up command, `wuyi score examples/`, ends as the README
/// says (exit status 1: the report is written, but not every file in
/// `examples/` can be assessed) and makes a report folder git ignores.
#[test]
fn readme_setup_command_exit_status_and_ignored_folder() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    let gitignore = std::fs::read_to_string(repo.join(".gitignore")).unwrap();
    assert!(readme.contains("It ends with exit status 1"), "README");
    let examples = repo.join("examples/收件箱");
    for (lang, prefix) in [("zh", "评分结果-"), ("en", "scores-")] {
        let root = tempfile::tempdir().unwrap();
        let o = wuyi(
            &["--lang", lang, "score", examples.to_str().unwrap()],
            root.path(),
        );
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let made: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(made.len(), 1, "{made:?}");
        assert!(made[0].starts_with(prefix), "{made:?}");
        assert!(root.path().join(&made[0]).join("results.json").is_file());
        assert!(
            gitignore.lines().any(|l| l == format!("/{prefix}*/")),
            "{gitignore}"
        );
    }
}
