//! No false passes: a community with a recent case, or whose gate cells
//! could not be read, never comes out 达标. Each case below is a perfect
//! community's workbook with one edit, scored by the built binary (and read
//! in-process where the detail matters), next to the controls that must
//! still pass.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::util::*;
use chrono::{Days, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use wuyi_core::ledger::contract::SheetKey;
use wuyi_core::ledger::{self, Ledger};
use wuyi_core::results::Scorecard;
use wuyi_core::rubric::Rubric;
use wuyi_core::score::Verdict;
use wuyi_report::catalogue::{CardText, ProblemText};
use wuyi_testkit::{Community, Style};

/// The assessment date of every community here.
fn d() -> NaiveDate {
    date(2022, 3, 31)
}

fn days_before(n: u64) -> String {
    (d() - Days::new(n)).to_string()
}

/// Writes a community with `edit` applied to its workbook.
fn write_edited(
    dir: &Path,
    name: &str,
    c: &Community,
    edit: impl FnOnce(&mut Workbook),
) -> PathBuf {
    let path = dir.join(format!("{name}.xlsx"));
    let mut wb = c.to_workbook(&Style::default()).unwrap();
    edit(&mut wb);
    wb.save(&path).unwrap();
    path
}

fn scored_path(path: &Path) -> (Ledger, Scorecard) {
    let l = ledger::read(path);
    let card = score(&l, &Rubric::builtin().unwrap(), None);
    (l, card)
}

fn scored_edit(c: &Community, edit: impl FnOnce(&mut Workbook)) -> (Ledger, Scorecard) {
    let dir = tempfile::tempdir().unwrap();
    let path = write_edited(dir.path(), "c", c, edit);
    scored_path(&path)
}

fn codes(l: &Ledger) -> Vec<&'static str> {
    l.problems.iter().map(|p| p.code()).collect()
}

/// Writes a case-log row: date (as text), category, household, note.
fn case_row(ws: &mut Worksheet, r: u32, date: &str, cat: &str, household: &str, note: &str) {
    for (c, v) in [date, cat, household, note].iter().enumerate() {
        if !v.is_empty() {
            ws.write_string(r, c as u16, *v).unwrap();
        }
    }
}

/// Writes a household row under the ledger: id, grid, residents and the
/// counts, with close and secondary contacts as given.
fn household_row(
    ws: &mut Worksheet,
    r: u32,
    id: &str,
    close: Option<&str>,
    secondary: Option<&str>,
) {
    let hc = |k: &str| col(SheetKey::Households, k);
    ws.write_string(r, hc("household_id"), id).unwrap();
    ws.write_string(r, hc("grid_id"), "G004").unwrap();
    for k in ["registered", "residents", "tested", "vaccinated"] {
        ws.write_number(r, hc(k), 2.0).unwrap();
    }
    if let Some(v) = close {
        ws.write_string(r, hc("close_contacts"), v).unwrap();
    }
    if let Some(v) = secondary {
        ws.write_string(r, hc("secondary_contacts"), v).unwrap();
    }
}

/// The 合计 row of 一户一档 right under the 60 households, with the
/// residents' sum.
fn households_total(ws: &mut Worksheet, residents: f64) {
    ws.write_string(61, 0, "合计").unwrap();
    ws.write_number(61, col(SheetKey::Households, "residents"), residents)
        .unwrap();
}

// ---------------------------------------------------------------- binary

/// Every case and control as one inbox, scored by the binary once.
#[test]
fn the_binary_never_passes_a_community_with_a_recent_or_unread_case() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let c = perfect();
    let mut with_old = perfect();
    with_old.add_case(40, "确诊病例", 3, "已治愈");

    // (file, expected verdict)
    let mut want: Vec<(&str, &str)> = Vec::new();
    let mut add =
        |name: &'static str, verdict: &'static str, c: &Community, edit: &dyn Fn(&mut Workbook)| {
            write_edited(&inbox, name, c, edit);
            want.push((name, verdict));
        };

    // A recent case below the case log's totals row, and a signature.
    add("case_below_total", "vetoed", &with_old, &|wb| {
        let ws = sheet(wb, "涉疫台账");
        ws.write_string(2, 0, "合计").unwrap();
        ws.write_string(2, 2, "1例").unwrap();
        case_row(ws, 3, &days_before(2), "确诊病例", "H00007", "补录");
        ws.write_string(5, 0, "填表人：张三    审核人：李四")
            .unwrap();
    });
    // A household with 密接 1 below 一户一档's totals row.
    add("household_below_total", "vetoed", &c, &|wb| {
        let ws = sheet(wb, "一户一档");
        households_total(ws, 120.0);
        household_row(ws, 62, "H00061", Some("1"), None);
    });
    // A totals word in a recent case's note, as the last row.
    add("note_says_total", "vetoed", &c, &|wb| {
        case_row(
            sheet(wb, "涉疫台账"),
            1,
            &days_before(2),
            "确诊病例",
            "H00003",
            "合计",
        );
    });
    // A totals word in a recent case's household id.
    add("id_says_subtotal", "vetoed", &c, &|wb| {
        case_row(
            sheet(wb, "涉疫台账"),
            1,
            &days_before(2),
            "确诊病例",
            "小计",
            "",
        );
    });
    // 有 / 1人 in 密接: at least one.
    add("close_written_you", "vetoed", &c, &|wb| {
        sheet(wb, "一户一档")
            .write_string(9, col(SheetKey::Households, "close_contacts"), "有")
            .unwrap();
    });
    add("secondary_one_person", "vetoed", &c, &|wb| {
        sheet(wb, "一户一档")
            .write_string(9, col(SheetKey::Households, "secondary_contacts"), "1人")
            .unwrap();
    });
    // -1 / 0.4 in 密接: undecided.
    add("close_negative", "unassessable", &c, &|wb| {
        sheet(wb, "一户一档")
            .write_number(9, col(SheetKey::Households, "close_contacts"), -1.0)
            .unwrap();
    });
    add("secondary_fraction", "unassessable", &c, &|wb| {
        sheet(wb, "一户一档")
            .write_number(9, col(SheetKey::Households, "secondary_contacts"), 0.4)
            .unwrap();
    });
    // An unknown category inside the window.
    add("unknown_category_in_window", "unassessable", &c, &|wb| {
        case_row(
            sheet(wb, "涉疫台账"),
            1,
            &days_before(3),
            "阳性",
            "H00003",
            "",
        );
    });
    // A 无-style case log with a real case beside the text.
    add("real_case_beside_nothing", "vetoed", &c, &|wb| {
        case_row(
            sheet(wb, "涉疫台账"),
            1,
            &days_before(1),
            "密接",
            "H00004",
            "无",
        );
    });

    // Controls that must still pass.
    add(
        "control_signature_under_total",
        "passed",
        &with_old,
        &|wb| {
            let ws = sheet(wb, "涉疫台账");
            ws.write_string(2, 0, "合计").unwrap();
            ws.write_string(4, 0, "填表人：张三    审核人：李四")
                .unwrap();
            ws.write_string(5, 0, "填表日期：2022年3月31日").unwrap();
        },
    );
    add("control_total_sums_the_column", "passed", &c, &|wb| {
        households_total(sheet(wb, "一户一档"), 120.0);
    });
    add("control_old_case_below_total", "passed", &with_old, &|wb| {
        let ws = sheet(wb, "涉疫台账");
        ws.write_string(2, 0, "合计").unwrap();
        case_row(ws, 3, &days_before(30), "确诊病例", "H00007", "");
    });
    add("control_nothing_written", "passed", &c, &|wb| {
        let ws = sheet(wb, "涉疫台账");
        ws.merge_range(1, 0, 1, 3, "本期无涉疫人员", &Format::new())
            .unwrap();
    });
    add("control_unknown_category_long_ago", "passed", &c, &|wb| {
        case_row(
            sheet(wb, "涉疫台账"),
            1,
            &days_before(40),
            "阳性",
            "H00003",
            "",
        );
    });

    let out = dir.path().join("out");
    let run = wuyi_cmd()
        .arg("score")
        .arg(&inbox)
        .arg("--out")
        .arg(&out)
        .arg("--feedback")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let json = json(&out);
    let results: HashMap<String, &serde_json::Value> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let file = Path::new(r["file"].as_str().unwrap())
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (file, r)
        })
        .collect();
    assert_eq!(results.len(), want.len());
    for (name, verdict) in &want {
        let r = results[*name];
        assert_eq!(r["verdict"], *verdict, "{name}: {}", r["reason_zh"]);
        // Every application whose gate was reached says how it was decided.
        let summary = r["gate"]["summary_zh"].as_str().unwrap();
        assert!(
            summary.contains("涉疫台账") && summary.contains("一户一档"),
            "{summary}"
        );
    }

    // How the undecided ones are explained: the cell and what it held.
    let r = results["close_negative"];
    assert_eq!(r["gate"]["passed"], false);
    assert!(
        r["reason_zh"].as_str().unwrap().contains("一户一档!L10"),
        "{r}"
    );
    assert!(r["reason_zh"].as_str().unwrap().contains("“-1”"), "{r}");
    assert!(r["score"].as_f64().is_some());
    let r = results["secondary_fraction"];
    assert!(
        r["reason_zh"].as_str().unwrap().contains("一户一档!M10"),
        "{r}"
    );
    assert!(r["reason_zh"].as_str().unwrap().contains("0.4"), "{r}");
    let r = results["unknown_category_in_window"];
    assert!(
        r["reason_zh"].as_str().unwrap().contains("涉疫台账!B2"),
        "{r}"
    );
    assert!(r["reason_zh"].as_str().unwrap().contains("阳性"), "{r}");
    assert!(
        r["reason_en"].as_str().unwrap().contains("not recognised"),
        "{r}"
    );
    // 有 is read as at least one, and says so.
    let r = results["close_written_you"];
    assert!(
        r["reason_zh"].as_str().unwrap().contains("按至少 1 人读取"),
        "{r}"
    );
    // The case under the totals row is named with its cell and date.
    let r = results["case_below_total"];
    assert!(
        r["reason_zh"].as_str().unwrap().contains("涉疫台账!A4"),
        "{r}"
    );
    let warned = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["code"] == "rows_after_total");
    assert!(warned, "{r}");
    // The signature and the date of filling are neither data nor problems.
    let r = results["control_signature_under_total"];
    assert_eq!(r["problems"].as_array().map_or(0, Vec::len), 0, "{r}");
    let r = results["control_nothing_written"];
    let codes: Vec<&str> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["nothing_written"], "{r}");
    assert!(
        r["gate"]["summary_zh"]
            .as_str()
            .unwrap()
            .contains("写明无涉疫人员"),
        "{r}"
    );

    // The terminal: a gate line per application and the undecided label.
    assert!(stdout.contains("零病例核查："), "{stdout}");
    assert!(stdout.contains("无法判定"), "{stdout}");
    assert!(stdout.contains("均已读取：14 天内无涉疫记录"), "{stdout}");
    // Any 无法评分 makes the exit status say the inputs need attention.
    assert!(!run.status.success());

    // The summary workbook carries the gate line in its own column.
    let rows = xlsx_rows(&out.join("评分汇总.xlsx"), "汇总");
    let header = rows
        .iter()
        .find(|r| r.iter().any(|c| c == "零病例核查依据"))
        .unwrap();
    let at = header.iter().position(|c| c == "零病例核查依据").unwrap();
    let gate_at = header.iter().position(|c| c == "14天零病例").unwrap();
    let undecided_row = rows
        .iter()
        .find(|r| r.iter().any(|c| c.contains("一户一档!L10")))
        .unwrap();
    assert_eq!(undecided_row[gate_at], "无法判定");
    assert!(
        undecided_row[at].contains("1 处无法读取"),
        "{undecided_row:?}"
    );

    // Each feedback workbook's gate row: the window, the gate line, and the
    // cells that vetoed or could not be read.
    let gate_rows: Vec<String> = std::fs::read_dir(out.join("反馈"))
        .unwrap()
        .map(|e| {
            let rows = xlsx_rows(&e.unwrap().path(), "评分反馈");
            let r = rows.iter().find(|r| r[0] == "14天零病例").unwrap();
            r[1].clone()
        })
        .collect();
    assert_eq!(gate_rows.len(), want.len());
    assert!(
        gate_rows.iter().any(|g| g.contains("1 处无法读取")
            && g.contains("一户一档!L10")
            && g.contains("“-1”")),
        "{gate_rows:?}"
    );
    assert!(
        gate_rows
            .iter()
            .any(|g| g.starts_with("2022-03-18 至 2022-03-31：") && g.contains("均已读取")),
        "{gate_rows:?}"
    );
}

#[test]
fn the_gate_line_and_reasons_are_in_english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    write_edited(&inbox, "negative", &perfect(), |wb| {
        sheet(wb, "一户一档")
            .write_number(9, col(SheetKey::Households, "close_contacts"), -1.0)
            .unwrap();
    });
    write_edited(&inbox, "clean", &perfect(), |_| {});
    let out = dir.path().join("out");
    let run = wuyi_cmd()
        .args(["--lang", "en", "score"])
        .arg(&inbox)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("zero-case gate:"), "{stdout}");
    assert!(stdout.contains("undecided"), "{stdout}");
    assert!(
        stdout.contains("all read: no case records within 14 days"),
        "{stdout}"
    );
    let rows = xlsx_rows(&out.join("scores.xlsx"), "Summary");
    assert!(
        rows.iter()
            .any(|r| r.iter().any(|c| c.contains("1 cell could not be"))),
        "{rows:?}"
    );
}

// ------------------------------------------------------------- in-process

#[test]
fn every_unreadable_contact_count_is_undecided_and_every_word_for_some_vetoes() {
    for column in ["close_contacts", "secondary_contacts"] {
        let c = col(SheetKey::Households, column);
        for (written, verdict) in [
            ("有", Verdict::Vetoed),
            ("是", Verdict::Vetoed),
            ("√", Verdict::Vetoed),
            ("1人", Verdict::Vetoed),
            ("２", Verdict::Vetoed),
            ("-1", Verdict::Unassessable),
            ("0.4", Verdict::Unassessable),
            ("若干", Verdict::Unassessable),
            ("#N/A", Verdict::Unassessable),
            ("无", Verdict::Passed),
            ("0", Verdict::Passed),
            ("/", Verdict::Passed),
        ] {
            let (_, card) = scored_edit(&perfect(), |wb| {
                sheet(wb, "一户一档").write_string(20, c, written).unwrap();
            });
            assert_eq!(
                card.verdict, verdict,
                "{column} {written}: {}",
                card.reason_zh
            );
        }
        for (n, verdict) in [
            (-1.0, Verdict::Unassessable),
            (0.4, Verdict::Unassessable),
            (3.0, Verdict::Vetoed),
        ] {
            let (_, card) = scored_edit(&perfect(), |wb| {
                sheet(wb, "一户一档").write_number(20, c, n).unwrap();
            });
            assert_eq!(card.verdict, verdict, "{column} {n}: {}", card.reason_zh);
        }
    }
}

#[test]
fn an_undecided_gate_lists_every_unread_cell_and_a_veto_outweighs_it() {
    let cc = col(SheetKey::Households, "close_contacts");
    let (_, card) = scored_edit(&perfect(), |wb| {
        let ws = sheet(wb, "一户一档");
        for r in [5u32, 6, 7, 8, 9] {
            ws.write_string(r, cc, "若干").unwrap();
        }
    });
    assert_eq!(card.verdict, Verdict::Unassessable);
    let g = card.gate.as_ref().unwrap();
    assert!(g.undecided());
    assert_eq!(g.undecided_zh.len(), 5);
    assert!(
        card.reason_zh.contains("5 处无法读取"),
        "{}",
        card.reason_zh
    );
    assert!(card.reason_zh.contains("等 5 处"), "{}", card.reason_zh);
    assert_eq!(card.gate_label(wuyi_report::i18n::Lang::Zh), "无法判定");

    let (_, card) = scored_edit(&perfect(), |wb| {
        let ws = sheet(wb, "一户一档");
        ws.write_string(5, cc, "若干").unwrap();
        ws.write_number(6, cc, 1.0).unwrap();
    });
    assert_eq!(card.verdict, Verdict::Vetoed, "{}", card.reason_zh);
    assert_eq!(card.gate.as_ref().unwrap().undecided_zh.len(), 1);
}

#[test]
fn case_log_cells_the_gate_depends_on() {
    // (date, category, verdict)
    let cases: &[(&str, &str, Verdict)] = &[
        (&days_before(3), "阳性", Verdict::Unassessable),
        (&days_before(3), "疑似", Verdict::Unassessable),
        (&days_before(3), "感染者", Verdict::Unassessable),
        (&days_before(3), "", Verdict::Unassessable),
        (&days_before(3), "无", Verdict::Unassessable),
        (&days_before(30), "阳性", Verdict::Passed),
        (&days_before(30), "", Verdict::Passed),
        ("上周", "确诊病例", Verdict::Unassessable),
        ("", "无症状感染者", Verdict::Unassessable),
        ("上周", "阳性", Verdict::Unassessable),
        ("", "", Verdict::Unassessable),
        // Synonyms read as the gated category they certainly mean.
        (&days_before(3), "确诊病人", Verdict::Vetoed),
        (&days_before(3), "新冠肺炎确诊病例", Verdict::Vetoed),
        (&days_before(3), "无症状阳性", Verdict::Vetoed),
        (&days_before(3), "密接人员", Verdict::Vetoed),
        (&days_before(3), "密切接触人员", Verdict::Vetoed),
        (&days_before(3), "次密接人员", Verdict::Vetoed),
        (&days_before(3), "密接的密接", Verdict::Vetoed),
    ];
    for (date, cat, verdict) in cases {
        let (_, card) = scored_edit(&perfect(), |wb| {
            case_row(sheet(wb, "涉疫台账"), 1, date, cat, "H00003", "登记");
        });
        assert_eq!(card.verdict, *verdict, "{date} {cat}: {}", card.reason_zh);
    }
}

#[test]
fn a_category_the_rubric_does_not_gate_is_clear_whatever_its_date() {
    let text = std::fs::read_to_string("rubrics/default.toml")
        .unwrap()
        .replace(
            "categories = [\"确诊病例\", \"无症状感染者\", \"密接\", \"次密接\"]",
            "categories = [\"确诊病例\", \"无症状感染者\"]",
        );
    let rubric = Rubric::parse(&text, "test").unwrap();
    assert_eq!(rubric.gate.windows.len(), 2);
    let dir = tempfile::tempdir().unwrap();
    let path = write_edited(dir.path(), "c", &perfect(), |wb| {
        case_row(sheet(wb, "涉疫台账"), 1, "上周", "密接", "H00003", "");
    });
    let card = score(&ledger::read(&path), &rubric, None);
    assert_eq!(card.verdict, Verdict::Passed, "{}", card.reason_zh);
}

#[test]
fn totals_words_never_truncate_a_table() {
    // An address reading 合计 in 一户一档, with contacts recorded below it.
    let (l, card) = scored_edit(&perfect(), |wb| {
        let ws = sheet(wb, "一户一档");
        ws.write_string(30, col(SheetKey::Households, "address"), "合计")
            .unwrap();
        ws.write_number(45, col(SheetKey::Households, "close_contacts"), 1.0)
            .unwrap();
    });
    assert_eq!(l.households.as_ref().unwrap().rows.len(), 60);
    assert_eq!(card.verdict, Verdict::Vetoed);
    // A place reading 总计 in 消杀记录 costs no disinfection day.
    let (l, card) = scored_edit(&perfect(), |wb| {
        sheet(wb, "消杀记录")
            .write_string(3, col(SheetKey::Disinfection, "place"), "总计")
            .unwrap();
    });
    assert_eq!(l.disinfection.as_ref().unwrap().rows.len(), 30);
    assert_eq!(card.verdict, Verdict::Passed);
    assert_eq!(card.score, Some(100.0), "{:?}", codes(&l));
}

#[test]
fn totals_rows_by_shape() {
    // A subtotal with a grid id beside it, then the grand total, both adding
    // up, and a hidden row among the data: no household lost or added.
    let c = perfect();
    let (l, card) = scored_edit(&c, |wb| {
        let ws = sheet(wb, "一户一档");
        ws.set_row_hidden(16).unwrap();
        ws.write_string(61, 0, "小计").unwrap();
        ws.write_string(61, col(SheetKey::Households, "grid_id"), "G004")
            .unwrap();
        ws.write_number(61, col(SheetKey::Households, "residents"), 120.0)
            .unwrap();
        ws.write_string(62, 0, "合计").unwrap();
        ws.write_number(62, col(SheetKey::Households, "residents"), 120.0)
            .unwrap();
    });
    assert_eq!(card.verdict, Verdict::Passed, "{}", card.reason_zh);
    assert!(l.problems.is_empty(), "{:?}", codes(&l));
    assert_eq!(l.households.as_ref().unwrap().totals.len(), 2);

    // A totals row whose count does not add up: a warning at the cell.
    let (l, card) = scored_edit(&c, |wb| {
        households_total(sheet(wb, "一户一档"), 999.0);
    });
    assert_eq!(codes(&l), ["total_mismatch"]);
    assert_eq!(l.problems[0].location(), "一户一档!G62");
    assert_eq!(card.verdict, Verdict::Passed);

    // A totals row recording contacts no household shows: undecided.
    let (_, card) = scored_edit(&c, |wb| {
        let ws = sheet(wb, "一户一档");
        households_total(ws, 120.0);
        ws.write_number(61, col(SheetKey::Households, "close_contacts"), 2.0)
            .unwrap();
    });
    assert_eq!(card.verdict, Verdict::Unassessable, "{}", card.reason_zh);
    assert!(
        card.reason_zh.contains("合计行记密接 2 人"),
        "{}",
        card.reason_zh
    );

    // A totals word in a leading column beside a valid date is not a
    // totals row: the entry is read, and its category questioned.
    let (_, card) = scored_edit(&perfect(), |wb| {
        case_row(sheet(wb, "涉疫台账"), 1, &days_before(2), "合计", "", "");
    });
    assert_eq!(card.verdict, Verdict::Unassessable, "{}", card.reason_zh);
    // Nor beside a household id in 一户一档 (the label in the grid column).
    let (l, card) = scored_edit(&perfect(), |wb| {
        let ws = sheet(wb, "一户一档");
        household_row(ws, 61, "H00061", Some("1"), None);
        ws.write_string(61, col(SheetKey::Households, "grid_id"), "小计")
            .unwrap();
    });
    assert_eq!(card.verdict, Verdict::Vetoed, "{}", card.reason_zh);
    assert_eq!(l.households.as_ref().unwrap().rows.len(), 61);

    // A case-log 合计 in the date column with a count beside it.
    let mut old = perfect();
    old.add_case(40, "确诊病例", 3, "");
    let (l, card) = scored_edit(&old, |wb| {
        let ws = sheet(wb, "涉疫台账");
        ws.write_string(2, 0, "合 计（例）").unwrap();
        ws.write_string(2, 1, "1").unwrap();
    });
    assert_eq!(card.verdict, Verdict::Passed, "{}", card.reason_zh);
    assert!(l.problems.is_empty(), "{:?}", codes(&l));
    assert_eq!(l.cases.as_ref().unwrap().rows.len(), 1);
}

#[test]
fn rows_after_the_totals_row_in_every_gated_sheet() {
    // Case log: a recent case two rows under the totals row, after a blank.
    let mut old = perfect();
    old.add_case(40, "确诊病例", 3, "");
    for cat in ["确诊病例", "无症状感染者", "密接", "次密接"] {
        let (l, card) = scored_edit(&old, |wb| {
            let ws = sheet(wb, "涉疫台账");
            ws.write_string(2, 0, "合计").unwrap();
            case_row(ws, 4, &days_before(0), cat, "", "");
        });
        assert_eq!(card.verdict, Verdict::Vetoed, "{cat}");
        let p = l
            .problems
            .iter()
            .find(|p| p.code() == "rows_after_total")
            .unwrap();
        assert_eq!(p.location(), "涉疫台账!A3");
        assert!(p.message(wuyi_report::i18n::Lang::Zh).contains("第 5 行"));
    }
    // An unknown category under the totals row is undecided, not dropped.
    let (_, card) = scored_edit(&old, |wb| {
        let ws = sheet(wb, "涉疫台账");
        ws.write_string(2, 0, "合计").unwrap();
        case_row(ws, 3, &days_before(2), "阳性", "", "");
    });
    assert_eq!(card.verdict, Verdict::Unassessable, "{}", card.reason_zh);
    // A date written as an Excel date, under a totals row and notes.
    let (_, card) = scored_edit(&old, |wb| {
        let ws = sheet(wb, "涉疫台账");
        ws.write_string(2, 0, "合计").unwrap();
        ws.write_string(3, 0, "注：以下为补录").unwrap();
        let f = Format::new().set_num_format("yyyy-mm-dd");
        ws.write_datetime_with_format(4, 0, ExcelDateTime::from_ymd(2022, 3, 30).unwrap(), &f)
            .unwrap();
        ws.write_string(4, 1, "密接").unwrap();
    });
    assert_eq!(card.verdict, Verdict::Vetoed, "{}", card.reason_zh);
    // 一户一档: contacts under its totals row in a row without its id,
    // alone or beside a grid; unreadable ones too.
    for (grid, value, verdict) in [
        (true, "1", Verdict::Vetoed),
        (false, "1", Verdict::Vetoed),
        (false, "有", Verdict::Vetoed),
        (false, "-1", Verdict::Unassessable),
        (false, "0", Verdict::Passed),
    ] {
        let (_, card) = scored_edit(&perfect(), |wb| {
            let ws = sheet(wb, "一户一档");
            households_total(ws, 120.0);
            if grid {
                ws.write_string(62, col(SheetKey::Households, "grid_id"), "G001")
                    .unwrap();
            }
            ws.write_string(62, col(SheetKey::Households, "close_contacts"), value)
                .unwrap();
        });
        assert_eq!(card.verdict, verdict, "{grid} {value}: {}", card.reason_zh);
    }
    // 一户一档: 次密接 under its totals row.
    let (_, card) = scored_edit(&perfect(), |wb| {
        let ws = sheet(wb, "一户一档");
        households_total(ws, 120.0);
        ws.write_string(63, 0, "填表人：张三").unwrap();
        household_row(ws, 64, "H00061", None, Some("2"));
    });
    assert_eq!(card.verdict, Verdict::Vetoed, "{}", card.reason_zh);
}

#[test]
fn case_logs_that_say_nothing_to_report() {
    for text in [
        "无",
        "暂无",
        "本期无",
        "无涉疫人员",
        "本期无涉疫人员",
        "/",
        "—",
        "——",
        "－",
    ] {
        for merged in [false, true] {
            let (l, card) = scored_edit(&perfect(), |wb| {
                let ws = sheet(wb, "涉疫台账");
                if merged {
                    ws.merge_range(1, 0, 1, 3, text, &Format::new()).unwrap();
                } else {
                    ws.write_string(1, 0, text).unwrap();
                }
            });
            assert_eq!(card.verdict, Verdict::Passed, "{text}: {}", card.reason_zh);
            assert_eq!(codes(&l), ["nothing_written"], "{text}");
            let p = &l.problems[0];
            assert_eq!(p.severity, wuyi_core::problem::Severity::Info);
            assert_eq!(p.location(), "涉疫台账!A2");
            assert!(
                p.message(wuyi_report::i18n::Lang::Zh)
                    .contains("按“无涉疫记录”读取")
            );
            assert!(
                p.message(wuyi_report::i18n::Lang::En)
                    .contains("no case records")
            );
        }
    }
    // "无" written in the note or household column alone reads the same.
    let (l, card) = scored_edit(&perfect(), |wb| {
        sheet(wb, "涉疫台账")
            .write_string(1, 3, "本期无涉疫人员")
            .unwrap();
    });
    assert_eq!(card.verdict, Verdict::Passed);
    assert_eq!(codes(&l), ["nothing_written"]);
    // A real row beside such text is still a case.
    let (_, card) = scored_edit(&perfect(), |wb| {
        let ws = sheet(wb, "涉疫台账");
        ws.write_string(1, 0, "本期无涉疫人员").unwrap();
        case_row(ws, 2, &days_before(5), "无症状感染者", "无", "无");
    });
    assert_eq!(card.verdict, Verdict::Vetoed, "{}", card.reason_zh);
    // 无症状感染者 is a category, never a "none".
    let (_, card) = scored_edit(&perfect(), |wb| {
        case_row(sheet(wb, "涉疫台账"), 1, &days_before(5), "无症状", "", "");
    });
    assert_eq!(card.verdict, Verdict::Vetoed);
}

#[test]
fn the_messy_style_still_reads_the_same_and_passes() {
    // Totals row, signature line, shuffled columns, title rows: a perfect
    // community in every untidy form is still 达标, and one with a recent
    // case is still vetoed.
    for seed in 0..6 {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "m.xlsx", &perfect(), &Style::messy(seed));
        let (l, card) = scored_path(&p);
        assert_eq!(
            card.verdict,
            Verdict::Passed,
            "seed {seed}: {} {:?}",
            card.reason_zh,
            codes(&l)
        );
        let mut c = perfect();
        c.add_case(1, "确诊病例", 2, "合计");
        let p = write(dir.path(), "v.xlsx", &c, &Style::messy(seed));
        let (_, card) = scored_path(&p);
        assert_eq!(
            card.verdict,
            Verdict::Vetoed,
            "seed {seed}: {}",
            card.reason_zh
        );
    }
}

/// `wuyi check` has no rubric, but never calls acceptable a file whose gate
/// cells `score` could not read: each is an error at its cell, beside the
/// warning about the cell itself. An old entry with an odd category is only
/// a warning.
#[test]
fn check_reports_unread_gate_cells_as_errors() {
    let dir = tempfile::tempdir().unwrap();
    let undecided = write_edited(dir.path(), "undecided", &perfect(), |wb| {
        case_row(
            sheet(wb, "涉疫台账"),
            1,
            &days_before(3),
            "阳性",
            "H00003",
            "",
        );
        sheet(wb, "一户一档")
            .write_number(9, col(SheetKey::Households, "close_contacts"), -1.0)
            .unwrap();
    });
    let run = wuyi_cmd()
        .args(["check", "--format", "json"])
        .arg(&undecided)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let text = json.to_string();
    assert!(text.contains("gate_undecided"), "{text}");
    assert!(text.contains("涉疫台账!B2"), "{text}");
    assert!(text.contains("一户一档!L10"), "{text}");
    assert!(text.contains("零病例核查无法判定"), "{text}");

    let old = write_edited(dir.path(), "old", &perfect(), |wb| {
        case_row(
            sheet(wb, "涉疫台账"),
            1,
            &days_before(40),
            "阳性",
            "H00003",
            "",
        );
    });
    let run = wuyi_cmd()
        .args(["check", "--format", "json"])
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        text.contains("bad_category") && !text.contains("gate_undecided"),
        "{text}"
    );
}
