//! A county's own names for sheets, columns and 基本信息 labels, added in a
//! contract file (`--contract`) or the rubric's `[aliases]`; and no silent
//! zeros: an item whose column or sheet was not found says so, with the
//! nearest thing there was, and the file gets a warning.

use std::path::{Path, PathBuf};

use crate::util::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use wuyi_sheets::{self as workbook, Cell};
use wuyi_testkit::Style;

/// Copies a workbook, renaming sheets and changing text cells as asked:
/// what an office that uses its own names would have sent.
fn rewrite(src: &Path, dst: &Path, sheets: &[(&str, &str)], texts: &[(&str, &str, &str)]) {
    let wb = workbook::open(src).unwrap();
    let mut out = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for s in &wb.sheets {
        let ws = out.add_worksheet();
        let name = sheets
            .iter()
            .find(|(a, _)| *a == s.name)
            .map(|(_, b)| *b)
            .unwrap_or(&s.name);
        ws.set_name(name).unwrap();
        for row in &s.rows {
            for (col, cell) in &row.cells {
                let (r, c) = (row.index, *col as u16);
                match cell {
                    Cell::Text(t) => {
                        let t = texts
                            .iter()
                            .find(|(sh, a, _)| *sh == s.name && a == t)
                            .map(|(_, _, b)| b.to_string())
                            .unwrap_or_else(|| t.clone());
                        ws.write_string(r, c, &t).unwrap();
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    Cell::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Cell::Date(d) => {
                        use chrono::Datelike;
                        let dt = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    other => panic!("unexpected cell {other:?}"),
                }
            }
        }
    }
    out.save(dst).unwrap();
}

/// A clean workbook and the same data under a county's own names.
fn county_workbooks(dir: &Path) -> (PathBuf, PathBuf) {
    let clean = write(dir, "clean.xlsx", &community(42, 30), &Style::default());
    let own = dir.join("县里的叫法.xlsx");
    rewrite(
        &clean,
        &own,
        &[("一户一档", "住户花名册")],
        &[
            ("一户一档", "联系电话", "户主手机"),
            ("基本信息", "名称", "小区全称"),
        ],
    );
    (clean, own)
}

const ALIASES: &str = r#"
[sheets]
"一户一档" = ["住户花名册"]

[columns."一户一档"]
"联系电话" = ["户主手机"]

[info]
"名称" = ["小区全称"]
"#;

fn score_of(dir: &Path, file: &Path, extra: &[&str], out: &str) -> serde_json::Value {
    let mut args = vec!["score", file.to_str().unwrap(), "--out", out];
    args.extend_from_slice(extra);
    let run = wuyi(&args, dir);
    assert!(
        run.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    results(&dir.join(out)).remove(0)
}

fn serious(result: &serde_json::Value) -> Vec<String> {
    result["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["severity"] != "info")
        .map(|p| p["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_contract_file_adds_a_countys_names() {
    let dir = tempfile::tempdir().unwrap();
    let (clean, own) = county_workbooks(dir.path());
    std::fs::write(dir.path().join("本县台账别名.toml"), ALIASES).unwrap();

    // Without the county's names the sheet is not found, and the problem
    // names the sheet most like it.
    let run = wuyi(&["check", own.to_str().unwrap()], dir.path());
    let text = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{text}");
    assert!(text.contains("缺少工作表“一户一档”"), "{text}");

    let run = wuyi(
        &[
            "check",
            own.to_str().unwrap(),
            "--contract",
            "本县台账别名.toml",
        ],
        dir.path(),
    );
    let text = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{text}");

    let a = score_of(dir.path(), &clean, &[], "clean-out");
    let b = score_of(
        dir.path(),
        &own,
        &["--contract", "本县台账别名.toml"],
        "own-out",
    );
    assert_eq!(a["score"], b["score"]);
    assert_eq!(a["verdict"], b["verdict"]);
    assert_eq!(serious(&a), serious(&b));
    assert_eq!(b["name"], "幸福里小区");
}

#[test]
fn a_rubric_can_carry_the_countys_names() {
    let dir = tempfile::tempdir().unwrap();
    let (clean, own) = county_workbooks(dir.path());
    let default =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/default.toml"))
            .unwrap();
    let aliases = ALIASES
        .replace("[sheets]", "[aliases.sheets]")
        .replace("[columns.", "[aliases.columns.")
        .replace("[info]", "[aliases.info]");
    std::fs::write(
        dir.path().join("本县.toml"),
        format!("{default}\n{aliases}"),
    )
    .unwrap();
    let run = wuyi(&["rubric", "check", "本县.toml"], dir.path());
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let a = score_of(dir.path(), &clean, &["--rubric", "本县.toml"], "a");
    let b = score_of(dir.path(), &own, &["--rubric", "本县.toml"], "b");
    assert_eq!(a["score"], b["score"]);
    assert_eq!(a["verdict"], b["verdict"]);
    assert_eq!(serious(&a), serious(&b));

    // A name for something the contract does not have is refused.
    std::fs::write(
        dir.path().join("错的.toml"),
        format!("{default}\n[aliases.columns.\"一户一档\"]\n\"门禁卡号\" = [\"卡号\"]\n"),
    )
    .unwrap();
    let run = wuyi(&["rubric", "check", "错的.toml"], dir.path());
    assert_ne!(run.status.code(), Some(0));
    let err = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        err.contains("别名中的列“门禁卡号”不是一户一档中的列"),
        "{err}"
    );
}

#[test]
fn a_missing_column_is_never_a_silent_zero() {
    let dir = tempfile::tempdir().unwrap();
    let clean = write(
        dir.path(),
        "clean.xlsx",
        &community(42, 30),
        &Style::default(),
    );
    let odd = dir.path().join("odd.xlsx");
    rewrite(&clean, &odd, &[], &[("一户一档", "联系电话", "联络电话号")]);
    let r = score_of(dir.path(), &odd, &[], "out");
    let b1 = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "B1")
        .unwrap()
        .clone();
    assert_eq!(b1["earned"], 0.0);
    let why = b1["why_zh"].as_str().unwrap();
    assert_eq!(
        why, "一户一档 中没有“联系电话”列；最接近的列：联络电话号（未识别）",
        "{b1}"
    );
    let problems = r["problems"].as_array().unwrap();
    let warn = |code: &str| {
        problems
            .iter()
            .find(|p| p["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {problems:?}"))
            .clone()
    };
    // The item's warning, and the header named as a likely match where it is.
    let w = warn("item_unmeasured");
    assert_eq!(w["severity"], "warning");
    assert!(w["message_zh"].as_str().unwrap().contains("B1"), "{w}");
    let l = warn("likely_column");
    assert_eq!(l["severity"], "warning");
    assert_eq!(l["location"], "一户一档!E1");
}

#[test]
fn two_contracts_in_one_process_each_read_with_their_own_names() {
    let dir = tempfile::tempdir().unwrap();
    let (clean, own) = county_workbooks(dir.path());
    let rubric = |aliases: &str| {
        let text = format!("{}\n{aliases}", wuyi_core::rubric::DEFAULT_TOML);
        wuyi_core::rubric::Rubric::parse(&text, "test").unwrap()
    };
    // One county names the sheet alone; the other the sheet, the phone
    // column and the name label.
    let sheet_only = rubric("[aliases.sheets]\n\"一户一档\" = [\"住户花名册\"]\n");
    let all = rubric(
        &ALIASES
            .replace("[sheets]", "[aliases.sheets]")
            .replace("[columns.", "[aliases.columns.")
            .replace("[info]", "[aliases.info]"),
    );
    let builtin = wuyi_core::rubric::Rubric::builtin().unwrap();
    let limits = wuyi_sheets::ReadLimits::default();
    let read = |r: &wuyi_core::rubric::Rubric| {
        wuyi_core::ledger::read_guarded_as(&own, &limits, &r.aliases)
    };
    let phone = |l: &wuyi_core::ledger::Ledger| {
        let h = l.households.as_ref()?;
        h.columns[h.idx("phone")]
    };
    let clean_ledger = wuyi_core::ledger::read(&clean);
    // Interleaved, so a name one contract added could leak into the next.
    for _ in 0..2 {
        let a = read(&sheet_only);
        assert!(a.households.is_some());
        assert_eq!(phone(&a), None, "the phone alias is the other county's");
        assert_eq!(a.info.name, None);
        let b = read(&all);
        assert!(phone(&b).is_some());
        assert_eq!(b.info.name, clean_ledger.info.name);
        let none = read(&builtin);
        assert!(none.households.is_none());
    }
    // Scoring a file with each rubric reads it with that rubric's names.
    let clean_card = wuyi_core::score::score_file(&clean, &builtin, None);
    let b = wuyi_core::score::score_file(&own, &all, None);
    let a = wuyi_core::score::score_file(&own, &sheet_only, None);
    assert_eq!(b.score, clean_card.score);
    assert!(a.score < b.score, "{:?} vs {:?}", a.score, b.score);
}
