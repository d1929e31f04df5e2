//! The property behind the zero-case gate: for a perfect community, one
//! gated case dated inside the window, inserted anywhere in the case log —
//! at any row, among blank rows, totals and subtotal rows, notes,
//! signatures, "无" rows, old cases and hidden rows, whatever its note or
//! household says and however its date is written — never yields 达标. It
//! is read, so the verdict is 一票否决, whether the sheet is streamed from
//! the file or read into memory first.

use crate::util::*;
use chrono::{Datelike, Days};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Worksheet};
use wuyi_core::ledger;
use wuyi_core::rubric::Rubric;
use wuyi_core::score::Verdict;
use wuyi_testkit::Style;

/// Every word the contract reads as a gated category.
const GATED: &[&str] = &[
    "确诊病例",
    "确诊",
    "确诊患者",
    "新冠肺炎确诊病例",
    "无症状感染者",
    "无症状",
    "密接",
    "密切接触者",
    "密接人员",
    "次密接",
    "次密切接触者",
    "Confirmed",
];

/// What may stand around the inserted case.
#[derive(Debug, Clone)]
enum Filler {
    Blank,
    /// A case long before the window.
    OldCase(u64, usize),
    /// A totals or subtotal label in the first column, maybe with a count.
    Total(&'static str, bool),
    /// A note, signature or date of filling.
    Note(&'static str),
    /// "Nothing to report" text, alone or merged across the row.
    Nothing(&'static str, bool),
    /// An old case in a hidden row.
    HiddenOld(u64),
}

fn filler() -> impl Strategy<Value = Filler> {
    prop_oneof![
        Just(Filler::Blank),
        (15u64..400, 0..GATED.len()).prop_map(|(d, c)| Filler::OldCase(d, c)),
        (
            prop::sample::select(vec!["合计", "总计", "小计", "合 计", "合计（例）", "共计"]),
            any::<bool>()
        )
            .prop_map(|(l, n)| Filler::Total(l, n)),
        prop::sample::select(vec![
            "注：以下为补录",
            "填表人：张三    审核人：李四",
            "填表日期：2022年3月31日",
            "单位（盖章）：",
            "说明：按日登记",
        ])
        .prop_map(Filler::Note),
        (
            prop::sample::select(vec!["无", "本期无涉疫人员", "/", "—", "暂无"]),
            any::<bool>()
        )
            .prop_map(|(t, m)| Filler::Nothing(t, m)),
        (15u64..400).prop_map(Filler::HiddenOld),
    ]
}

/// The inserted case.
#[derive(Debug, Clone)]
struct Case {
    days_before: u64,
    category: usize,
    household: &'static str,
    note: &'static str,
    /// 0: ISO text, 1: an Excel date, 2: 2022年3月29日, 3: 2022.3.29.
    date_form: u8,
    hidden: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        0u64..14,
        0..GATED.len(),
        prop::sample::select(vec!["", "H00003", "小计", "合计", "无"]),
        prop::sample::select(vec![
            "",
            "合计",
            "总计",
            "无",
            "注：已隔离",
            "填表人：张三",
            "/",
        ]),
        0u8..4,
        any::<bool>(),
    )
        .prop_map(
            |(days_before, category, household, note, date_form, hidden)| Case {
                days_before,
                category,
                household,
                note,
                date_form,
                hidden,
            },
        )
}

fn write_case(ws: &mut Worksheet, r: u32, c: &Case) {
    let d = date(2022, 3, 31) - Days::new(c.days_before);
    match c.date_form {
        0 => ws.write_string(r, 0, d.to_string()),
        1 => ws.write_datetime_with_format(
            r,
            0,
            ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap(),
            &Format::new().set_num_format("yyyy-mm-dd"),
        ),
        2 => ws.write_string(r, 0, format!("{}年{}月{}日", d.year(), d.month(), d.day())),
        _ => ws.write_string(r, 0, format!("{}.{}.{}", d.year(), d.month(), d.day())),
    }
    .unwrap();
    ws.write_string(r, 1, GATED[c.category]).unwrap();
    if !c.household.is_empty() {
        ws.write_string(r, 2, c.household).unwrap();
    }
    if !c.note.is_empty() {
        ws.write_string(r, 3, c.note).unwrap();
    }
    if c.hidden {
        ws.set_row_hidden(r).unwrap();
    }
}

fn write_filler(ws: &mut Worksheet, r: u32, f: &Filler) {
    let old = |ws: &mut Worksheet, days: u64, cat: &str| {
        let d = date(2022, 3, 31) - Days::new(days);
        ws.write_string(r, 0, d.to_string()).unwrap();
        ws.write_string(r, 1, cat).unwrap();
    };
    match f {
        Filler::Blank => {}
        Filler::OldCase(days, cat) => old(ws, *days, GATED[*cat]),
        Filler::Total(label, count) => {
            ws.write_string(r, 0, *label).unwrap();
            if *count {
                ws.write_string(r, 2, "3例").unwrap();
            }
        }
        Filler::Note(t) => {
            ws.write_string(r, 0, *t).unwrap();
        }
        Filler::Nothing(t, merged) => {
            if *merged {
                ws.merge_range(r, 0, r, 3, t, &Format::new()).unwrap();
            } else {
                ws.write_string(r, 0, *t).unwrap();
            }
        }
        Filler::HiddenOld(days) => {
            old(ws, *days, "确诊病例");
            ws.set_row_hidden(r).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn one_gated_case_in_the_window_anywhere_never_passes(
        fillers in prop::collection::vec(filler(), 0..8),
        at in 0usize..9,
        case in case(),
    ) {
        let c = perfect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.xlsx");
        let mut wb = c.to_workbook(&Style::default()).unwrap();
        {
            let ws = wb.worksheet_from_name("涉疫台账").unwrap();
            let at = at.min(fillers.len());
            let mut r = 1u32;
            for (i, f) in fillers.iter().enumerate() {
                if i == at {
                    write_case(ws, r, &case);
                    r += 1;
                }
                write_filler(ws, r, f);
                r += 1;
            }
            if at == fillers.len() {
                write_case(ws, r, &case);
            }
        }
        wb.save(&path).unwrap();
        let rubric = Rubric::builtin().unwrap();

        // Streamed from the file.
        let card = score(&ledger::read(&path), &rubric, None);
        prop_assert_ne!(card.verdict, Verdict::Passed, "{}", card.reason_zh);
        prop_assert_eq!(card.verdict, Verdict::Vetoed, "{}", card.reason_zh);

        // Read into memory first.
        let wb = wuyi_sheets::open(&path).unwrap();
        let card = score(&ledger::from_workbook(&path, &wb), &rubric, None);
        prop_assert_eq!(card.verdict, Verdict::Vetoed, "{}", card.reason_zh);
    }
}

/// The perfect community itself passes, so the property above is about the
/// inserted case and nothing else.
#[test]
fn the_perfect_community_passes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "c.xlsx", &perfect(), &Style::default());
    let card = score(&ledger::read(&path), &Rubric::builtin().unwrap(), None);
    assert_eq!(card.verdict, Verdict::Passed, "{}", card.reason_zh);
}
