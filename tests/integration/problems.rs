//! Every problem the reader can report, each from a workbook with exactly
//! that one defect: its severity, its place down to the cell, its code, and
//! messages in both languages that name what is wrong. And one bad cell never
//! costs the rest of the data.

use std::path::Path;

use crate::util::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};
use wuyi_core::ledger::contract::{SheetKey, sheet_spec};
use wuyi_core::ledger::{self, Ledger, Value};
use wuyi_core::problem::{Problem, Severity};
use wuyi_report::catalogue::ProblemText;
use wuyi_report::i18n::Lang;
use wuyi_testkit::{Community, Style};

/// 60 households in 5 grids, and one case: a close contact 20 days before
/// the assessment date (2022-03-31), in the 5th household.
fn base() -> Community {
    let mut c = community(7, 60);
    c.cases.clear();
    c.add_case(20, "密接", 4, "集中隔离期满");
    c
}

/// Writes `c` clean, lets `edit` change the workbook, and reads it back.
fn read_edited(c: &Community, edit: impl FnOnce(&mut Workbook)) -> Ledger {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("申报.xlsx");
    let mut wb = c.to_workbook(&Style::default()).unwrap();
    edit(&mut wb);
    wb.save(&path).unwrap();
    ledger::read(&path)
}

fn read_clean(c: &Community) -> Ledger {
    let l = read_edited(c, |_| {});
    assert!(l.problems.is_empty(), "{:?}", problems(&l));
    l
}

/// The zero-based sheet row of the `i`-th data row (the header is row 0).
fn row(i: usize) -> u32 {
    i as u32 + 1
}

fn table_index(key: SheetKey) -> usize {
    match key {
        SheetKey::Grids => 0,
        SheetKey::Households => 1,
        SheetKey::Cases => 2,
        SheetKey::Disinfection => 3,
        SheetKey::SelfAssessment => 4,
        SheetKey::Info => panic!("not a table"),
    }
}

/// The clean data with one value changed.
fn with_value(mut d: Data, key: SheetKey, i: usize, column: &str, v: Option<Value>) -> Data {
    let c = sheet_spec(key).column_index(column).unwrap();
    d.tables[table_index(key)].as_mut().unwrap()[i][c] = v;
    d
}

fn only(l: &Ledger) -> &Problem {
    assert_eq!(l.problems.len(), 1, "{:?}", problems(l));
    &l.problems[0]
}

/// Severity, "sheet!cell" location, code, and both messages naming every
/// string in `mentions`.
fn assert_problem(p: &Problem, severity: Severity, location: &str, code: &str, mentions: &[&str]) {
    assert_eq!(p.severity, severity, "{p:?}");
    assert_eq!(p.location(), location, "{p:?}");
    assert_eq!(p.code(), code, "{p:?}");
    for lang in [Lang::Zh, Lang::En] {
        let m = p.message(lang);
        for s in mentions {
            assert!(
                m.contains(s),
                "{lang:?} message {m:?} does not mention {s:?}"
            );
        }
    }
    assert_ne!(p.message(Lang::Zh), p.message(Lang::En));
}

fn text(s: &str) -> Option<Value> {
    Some(Value::Text(s.into()))
}

// ---------------------------------------------------------------- sheets

#[test]
fn missing_household_sheet() {
    let mut c = base();
    c.drop_sheet(SheetKey::Households);
    let l = read_edited(&c, |_| {});
    assert_problem(
        only(&l),
        Severity::Error,
        "",
        "missing_sheet",
        &["一户一档"],
    );
    assert!(l.households.is_none());
    let clean = data(&read_clean(&base()));
    assert_eq!(data(&l).tables[0], clean.tables[0]);
    assert_eq!(data(&l).info, clean.info);
}

#[test]
fn missing_case_log_is_an_error() {
    let mut c = base();
    c.drop_sheet(SheetKey::Cases);
    let l = read_edited(&c, |_| {});
    assert_problem(
        only(&l),
        Severity::Error,
        "",
        "missing_sheet",
        &["涉疫台账"],
    );
    assert!(l.cases.is_none());
}

#[test]
fn case_log_with_only_its_header_means_no_cases() {
    let mut c = base();
    c.cases.clear();
    let l = read_edited(&c, |_| {});
    assert!(l.problems.is_empty(), "{:?}", problems(&l));
    assert_eq!(l.cases.as_ref().unwrap().rows.len(), 0);
}

#[test]
fn blank_case_log_sheet_means_no_cases() {
    // The template says to leave the sheet blank when there are no cases;
    // some leave it blank down to the header.
    let mut c = base();
    c.cases.clear();
    let l = read_edited(&c, |wb| {
        let ws = sheet(wb, "涉疫台账");
        for k in 0..4 {
            ws.clear_cell(0, k);
        }
    });
    assert!(l.problems.is_empty(), "{:?}", problems(&l));
    assert_eq!(l.cases.as_ref().unwrap().rows.len(), 0);
}

#[test]
fn optional_sheets_may_be_missing() {
    let mut c = base();
    c.drop_sheet(SheetKey::Disinfection);
    c.drop_sheet(SheetKey::SelfAssessment);
    let l = read_edited(&c, |_| {});
    // Never dropped in silence: an info note each, naming what was there.
    let p = problems(&l);
    assert_eq!(
        p,
        [
            ("info".into(), String::new(), "missing_sheet".into()),
            ("info".into(), String::new(), "missing_sheet".into()),
        ],
        "{p:?}"
    );
    assert!(
        l.problems[0]
            .message(wuyi_report::i18n::Lang::Zh)
            .contains("“一户一档”")
    );
    assert!(l.disinfection.is_none() && l.self_assessment.is_none());
}

#[test]
fn missing_info_sheet() {
    let mut c = base();
    c.drop_sheet(SheetKey::Info);
    let l = read_edited(&c, |_| {});
    assert_problem(
        only(&l),
        Severity::Error,
        "",
        "missing_sheet",
        &["基本信息"],
    );
    // Without an assessment date nothing is dated after it, and the tables
    // still read.
    assert_eq!(l.info, wuyi_core::ledger::Info::default());
    assert_eq!(data(&l).tables, data(&read_clean(&base())).tables);
}

#[test]
fn header_not_found() {
    let c = base();
    let l = read_edited(&c, |wb| {
        let ws = sheet(wb, "网格台账");
        for k in 0..8 {
            ws.clear_cell(0, k);
        }
    });
    let p = only(&l);
    assert_problem(p, Severity::Error, "网格台账", "header_not_found", &[]);
    assert!(p.message(Lang::Zh).contains("表头"));
    assert!(p.message(Lang::En).contains("header"));
    assert!(l.grids.as_ref().unwrap().rows.is_empty());
    assert_eq!(data(&l).tables[1], data(&read_clean(&c)).tables[1]);
}

// --------------------------------------------------------------- columns

#[test]
fn missing_required_column() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "一户一档").clear_cell(0, col(SheetKey::Households, "residents"));
    });
    assert_problem(
        only(&l),
        Severity::Error,
        "一户一档!A1",
        "missing_column",
        &["常住人口"],
    );
    // Every other column of every household still reads.
    let mut want = data(&read_clean(&c));
    let r = sheet_spec(SheetKey::Households)
        .column_index("residents")
        .unwrap();
    for rec in want.tables[1].as_mut().unwrap() {
        rec[r] = None;
    }
    assert_eq!(data(&l), want);
}

#[test]
fn unknown_columns_are_one_note() {
    let c = base();
    let l = read_edited(&c, |wb| {
        let ws = sheet(wb, "一户一档");
        ws.write_string(0, 16, "微信号").unwrap();
        ws.write_string(0, 17, "备用列").unwrap();
        for i in 0..60 {
            ws.write_string(row(i), 16, format!("wx{i}")).unwrap();
            ws.write_string(row(i), 17, "—").unwrap();
        }
    });
    assert_problem(
        only(&l),
        Severity::Info,
        "一户一档",
        "unknown_columns",
        &["微信号", "备用列"],
    );
    assert_eq!(data(&l), data(&read_clean(&c)));
}

#[test]
fn duplicate_column_reads_the_first() {
    let c = base();
    let l = read_edited(&c, |wb| {
        let ws = sheet(wb, "一户一档");
        ws.write_string(0, 16, "常住人口（人）").unwrap();
        for i in 0..60 {
            ws.write_number(row(i), 16, 99.0).unwrap();
        }
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!Q1",
        "duplicate_column",
        &["常住人口"],
    );
    assert_eq!(data(&l), data(&read_clean(&c)));
}

// ------------------------------------------------------------------ info

#[test]
fn blank_info_field() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "基本信息").clear_cell(2, 1);
    });
    assert_problem(
        only(&l),
        Severity::Error,
        "基本信息!B3",
        "missing_info",
        &["所属区县"],
    );
    assert_eq!(l.info.district, None);
    assert_eq!(l.info.town.as_deref(), Some("东关街道"));
    assert_eq!(data(&l).tables, data(&read_clean(&c)).tables);
}

#[test]
fn absent_info_field() {
    let c = base();
    let l = read_edited(&c, |wb| {
        let ws = sheet(wb, "基本信息");
        ws.clear_cell(4, 0);
        ws.clear_cell(4, 1);
    });
    assert_problem(
        only(&l),
        Severity::Error,
        "基本信息",
        "missing_info",
        &["评估日期"],
    );
    assert_eq!(l.info.assessed_on, None);
    assert_eq!(l.info.name.as_deref(), Some("幸福里小区"));
}

#[test]
fn bad_assessment_date() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "基本信息").write_string(4, 1, "三月底").unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Error,
        "基本信息!B5",
        "bad_date",
        &["评估日期", "三月底"],
    );
    assert_eq!(l.info.assessed_on, None);
}

#[test]
fn bad_community_type() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "基本信息").write_string(1, 1, "街道").unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Error,
        "基本信息!B2",
        "bad_community_type",
        &["街道"],
    );
    assert_eq!(l.info.kind, None);
    assert_eq!(l.info.name.as_deref(), Some("幸福里小区"));
}

// ---------------------------------------------------------------- values

/// Writes `f` into one household cell and checks that the row's other
/// values still read.
fn bad_household_cell(
    i: usize,
    column: &str,
    f: impl FnOnce(&mut Worksheet, u32, u16),
) -> (Ledger, Data) {
    let c = base();
    let l = read_edited(&c, |wb| {
        f(
            sheet(wb, "一户一档"),
            row(i),
            col(SheetKey::Households, column),
        )
    });
    let want = with_value(data(&read_clean(&c)), SheetKey::Households, i, column, None);
    (l, want)
}

#[test]
fn missing_required_value() {
    let (l, want) = bad_household_cell(30, "household_id", |ws, r, c| {
        ws.clear_cell(r, c);
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!A32",
        "missing_value",
        &["户编号"],
    );
    assert_eq!(data(&l), want);
}

#[test]
fn missing_value_in_the_case_log_is_a_warning_the_gate_weighs() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "涉疫台账").clear_cell(1, col(SheetKey::Cases, "category"));
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "涉疫台账!B2",
        "missing_value",
        &["类别"],
    );
    let want = with_value(data(&read_clean(&c)), SheetKey::Cases, 0, "category", None);
    assert_eq!(data(&l), want);
}

#[test]
fn bad_date() {
    let (l, want) = bad_household_cell(9, "updated_on", |ws, r, c| {
        ws.write_string(r, c, "2022年2月30日").unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!P11",
        "bad_date",
        &["更新日期", "2022年2月30日"],
    );
    assert_eq!(data(&l), want);
}

#[test]
fn bad_date_in_the_case_log_is_a_warning_the_gate_weighs() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "涉疫台账").write_string(1, 0, "上周").unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "涉疫台账!A2",
        "bad_date",
        &["日期", "上周"],
    );
    let want = with_value(data(&read_clean(&c)), SheetKey::Cases, 0, "date", None);
    assert_eq!(data(&l), want);
}

#[test]
fn bad_number() {
    let (l, want) = bad_household_cell(35, "registered", |ws, r, c| {
        ws.write_string(r, c, "五口").unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!F37",
        "bad_number",
        &["户籍人口", "五口"],
    );
    assert_eq!(data(&l), want);
}

#[test]
fn fractional_count_is_a_bad_number() {
    let (l, want) = bad_household_cell(2, "vulnerable", |ws, r, c| {
        ws.write_number(r, c, 1.5).unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!N4",
        "bad_number",
        &["七类人", "1.5"],
    );
    assert_eq!(data(&l), want);
}

#[test]
fn negative_count() {
    let (l, want) = bad_household_cell(10, "vulnerable", |ws, r, c| {
        ws.write_number(r, c, -2.0).unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!N12",
        "negative",
        &["七类人", "-2"],
    );
    assert_eq!(data(&l), want);
}

#[test]
fn negative_score() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "自评表").write_number(2, 3, -1.5).unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "自评表!D3",
        "negative",
        &["自评得分", "-1.5"],
    );
}

#[test]
fn bad_yes_no() {
    let (l, want) = bad_household_cell(0, "tenant", |ws, r, c| {
        ws.write_string(r, c, "也许").unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!O2",
        "bad_yes_no",
        &["租户", "也许"],
    );
    assert_eq!(data(&l), want);
}

#[test]
fn bad_category() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "涉疫台账")
            .write_string(1, 1, "发热病人")
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "涉疫台账!B2",
        "bad_category",
        &["发热病人"],
    );
    let want = with_value(data(&read_clean(&c)), SheetKey::Cases, 0, "category", None);
    assert_eq!(data(&l), want);
}

#[test]
fn cell_error_value() {
    let (l, want) = bad_household_cell(4, "residents", |ws, r, c| {
        ws.write_formula(r, c, Formula::new("=F6/0").set_result("#DIV/0!"))
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!G6",
        "cell_error",
        &["常住人口", "#DIV/0!"],
    );
    assert_eq!(data(&l), want);
}

#[test]
fn cell_error_in_the_case_log_is_a_warning_the_gate_weighs() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "涉疫台账")
            .write_formula(
                1,
                0,
                Formula::new("=VLOOKUP(C2,X:Y,2,0)").set_result("#N/A"),
            )
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "涉疫台账!A2",
        "cell_error",
        &["日期", "#N/A"],
    );
}

// ---------------------------------------------------------- cross-checks

#[test]
fn duplicate_household_id_names_the_first() {
    let c = base();
    let first = c.households[4].id.clone();
    let l = read_edited(&c, |wb| {
        sheet(wb, "一户一档")
            .write_string(row(19), 0, &first)
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!A21",
        "duplicate_key",
        &["户编号", &first, "A6"],
    );
    let want = with_value(
        data(&read_clean(&c)),
        SheetKey::Households,
        19,
        "household_id",
        text(&first),
    );
    assert_eq!(data(&l), want);
}

#[test]
fn household_in_unknown_grid() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "一户一档")
            .write_string(row(7), col(SheetKey::Households, "grid_id"), "G999")
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!B9",
        "unknown_grid",
        &["G999"],
    );
    let want = with_value(
        data(&read_clean(&c)),
        SheetKey::Households,
        7,
        "grid_id",
        text("G999"),
    );
    assert_eq!(data(&l), want);
}

#[test]
fn unknown_parent_grid() {
    let c = base();
    // The first grid listed is the parent W01; the second is G001.
    assert_eq!(c.grids[1].id, "G001");
    let l = read_edited(&c, |wb| {
        sheet(wb, "网格台账")
            .write_string(row(1), col(SheetKey::Grids, "parent_grid"), "W09")
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "网格台账!B3",
        "unknown_parent_grid",
        &["W09"],
    );
}

#[test]
fn a_parent_outside_the_ledger_is_its_top() {
    let c = base();
    // W01 heads the ledger; its own parent is the community grid.
    assert_eq!(c.grids[0].id, "W01");
    let clean = read_edited(&c, |_| {});
    let l = read_edited(&c, |wb| {
        sheet(wb, "网格台账")
            .write_string(row(0), col(SheetKey::Grids, "parent_grid"), "东关社区")
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Info,
        "网格台账!B2",
        "parent_outside",
        &["东关社区"],
    );
    let want = with_value(
        data(&clean),
        SheetKey::Grids,
        0,
        "parent_grid",
        text("东关社区"),
    );
    assert_eq!(data(&l), want);
}

#[test]
fn parent_cycles_are_warned() {
    let c = base();
    assert_eq!(c.grids[1].id, "G001");
    // A grid that is its own parent.
    let l = read_edited(&c, |wb| {
        sheet(wb, "网格台账")
            .write_string(row(1), col(SheetKey::Grids, "parent_grid"), "G001")
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "网格台账!B3",
        "parent_cycle",
        &["G001"],
    );
    // Two grids each the other's parent: both are named.
    let l = read_edited(&c, |wb| {
        sheet(wb, "网格台账")
            .write_string(row(0), col(SheetKey::Grids, "parent_grid"), "G001")
            .unwrap();
    });
    let p = problems(&l);
    assert_eq!(
        p,
        [
            (
                "warning".into(),
                "网格台账!B2".into(),
                "parent_cycle".into()
            ),
            (
                "warning".into(),
                "网格台账!B3".into(),
                "parent_cycle".into()
            ),
        ],
        "{p:?}"
    );
}

#[test]
fn two_digit_years_are_read_with_a_warning() {
    let c = base();
    let clean = read_edited(&c, |_| {});
    let dc = col(SheetKey::Households, "updated_on");
    let d = c.households[0].updated_on;
    let short = d.format("%y.%-m.%-d").to_string();
    let l = read_edited(&c, |wb| {
        sheet(wb, "一户一档")
            .write_string(row(0), dc, &short)
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        &format!("一户一档!{}2", (b'A' + dc as u8) as char),
        "two_digit_year",
        &[&short, &d.format("%Y-%m-%d").to_string()],
    );
    assert_eq!(data(&l), data(&clean));
    // A date with no year stays a problem.
    let l = read_edited(&c, |wb| {
        sheet(wb, "一户一档")
            .write_string(row(0), dc, "3月1日")
            .unwrap();
    });
    assert_eq!(only(&l).code(), "bad_date");
}

#[test]
fn yes_no_with_a_remark() {
    let mut c = base();
    c.households[0].tenant = false;
    c.households[1].tenant = true;
    let clean = read_edited(&c, |_| {});
    let l = read_edited(&c, |wb| {
        let ws = sheet(wb, "一户一档");
        let tc = col(SheetKey::Households, "tenant");
        ws.write_string(row(0), tc, "否（已搬离）").unwrap();
        ws.write_string(row(1), tc, "是(租住)").unwrap();
        ws.write_string(row(2), tc, "有").unwrap();
        ws.write_string(row(3), tc, "无").unwrap();
    });
    // The answers are read as the clean workbook's…
    let mut clean_data = data(&clean);
    if let Some(Some(rows)) = clean_data.tables.get_mut(1) {
        rows[2][col(SheetKey::Households, "tenant") as usize] = Some(Value::Bool(true));
        rows[3][col(SheetKey::Households, "tenant") as usize] = Some(Value::Bool(false));
    }
    assert_eq!(data(&l), clean_data);
    // …the remarks are kept with the record…
    let h = l.households.as_ref().unwrap();
    let tenant = h.idx("tenant");
    let remarks: Vec<Option<&str>> = h.rows[..4].iter().map(|r| h.remark(r, tenant)).collect();
    assert_eq!(remarks, [Some("已搬离"), Some("租住"), None, None]);
    // …and a note at each remarked cell says how it was read.
    let tc = (b'A' + col(SheetKey::Households, "tenant") as u8) as char;
    assert_eq!(l.problems.len(), 2, "{:?}", problems(&l));
    assert_problem(
        &l.problems[0],
        Severity::Info,
        &format!("一户一档!{tc}2"),
        "yes_no_remark",
        &["已搬离", "租户"],
    );
    assert_problem(
        &l.problems[1],
        Severity::Info,
        &format!("一户一档!{tc}3"),
        "yes_no_remark",
        &["租住"],
    );
    assert!(
        l.problems[0]
            .message(Lang::Zh)
            .contains("读作“否”，备注“已搬离”")
    );
    assert!(l.problems[1].message(Lang::En).contains("read as \"yes\""));
}

#[test]
fn case_for_unknown_household() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "涉疫台账").write_string(1, 2, "H09999").unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "涉疫台账!C2",
        "unknown_household",
        &["H09999"],
    );
}

#[test]
fn case_dated_after_the_assessment() {
    let c = base();
    let l = read_edited(&c, |wb| {
        let dt = ExcelDateTime::from_ymd(2022, 4, 5).unwrap();
        let f = Format::new().set_num_format("yyyy-mm-dd");
        sheet(wb, "涉疫台账")
            .write_datetime_with_format(1, 0, &dt, &f)
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "涉疫台账!A2",
        "case_after_assessment",
        &["2022-04-05", "2022-03-31"],
    );
    let want = with_value(
        data(&read_clean(&c)),
        SheetKey::Cases,
        0,
        "date",
        Some(Value::Date(date(2022, 4, 5))),
    );
    assert_eq!(data(&l), want);
}

#[test]
fn tested_above_residents() {
    let c = base();
    let residents = c.households[12].residents;
    let tested = residents + 3;
    let l = read_edited(&c, |wb| {
        sheet(wb, "一户一档")
            .write_number(row(12), col(SheetKey::Households, "tested"), tested as f64)
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!H14",
        "exceeds_residents",
        &["核酸检测人数", &tested.to_string(), &residents.to_string()],
    );
}

#[test]
fn vaccinated_above_residents() {
    let c = base();
    let residents = c.households[0].residents;
    let l = read_edited(&c, |wb| {
        sheet(wb, "一户一档")
            .write_number(row(0), col(SheetKey::Households, "vaccinated"), 40.0)
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!I2",
        "exceeds_residents",
        &["疫苗接种人数", "40", &residents.to_string()],
    );
}

#[test]
fn self_score_above_the_items_points() {
    let c = base();
    let l = read_edited(&c, |wb| {
        sheet(wb, "自评表").write_number(1, 3, 8.0).unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "自评表!D2",
        "score_above_max",
        &["自评得分", "8", "5"],
    );
    let want = with_value(
        data(&read_clean(&c)),
        SheetKey::SelfAssessment,
        0,
        "self_score",
        Some(Value::Num(8.0)),
    );
    assert_eq!(data(&l), want);
}

// ------------------------------------------------------------ table ends

#[test]
fn no_data_rows() {
    let c = Community::generate(7, info("幸福里小区"), 0);
    let l = read_edited(&c, |_| {});
    assert_eq!(l.problems.len(), 2, "{:?}", problems(&l));
    assert_problem(
        &l.problems[0],
        Severity::Warning,
        "网格台账",
        "no_data_rows",
        &[],
    );
    assert_problem(
        &l.problems[1],
        Severity::Warning,
        "一户一档",
        "no_data_rows",
        &[],
    );
}

#[test]
fn rows_after_the_totals_row_are_read_as_data() {
    let c = base();
    let residents: i64 = c.households.iter().map(|h| h.residents).sum();
    let l = read_edited(&c, |wb| {
        let ws = sheet(wb, "一户一档");
        ws.write_string(row(60), 0, "合计").unwrap();
        ws.write_number(row(60), 6, residents as f64).unwrap();
        for (k, id) in ["H00061", "H00062"].iter().enumerate() {
            let r = row(61 + k);
            ws.write_string(r, 0, *id).unwrap();
            ws.write_string(r, 1, "G001").unwrap();
            ws.write_number(r, 6, 2.0).unwrap();
        }
        ws.write_string(row(64), 0, "填表人：张三    审核人：李四")
            .unwrap();
    });
    assert_problem(
        only(&l),
        Severity::Warning,
        "一户一档!A62",
        "rows_after_total",
        &["2", "63", "64"],
    );
    let zh = only(&l).message(Lang::Zh);
    assert!(
        zh.contains("第 63、64 行") && zh.contains("已按数据读取，请核实"),
        "{zh}"
    );
    let clean = read_clean(&c);
    let (h, want) = (
        l.households.as_ref().unwrap(),
        clean.households.as_ref().unwrap(),
    );
    assert_eq!(h.rows.len(), want.rows.len() + 2);
    assert_eq!(
        h.rows[..want.rows.len()]
            .iter()
            .map(|r| &r.values)
            .collect::<Vec<_>>(),
        want.rows.iter().map(|r| &r.values).collect::<Vec<_>>()
    );
    let idc = h.idx("household_id");
    assert_eq!(h.text(h.rows.last().unwrap(), idc), Some("H00062"));
    assert_eq!(h.totals.len(), 1);
}

// ------------------------------------------------------- unreadable files

fn unreadable(path: &Path, zh: &str, en: &str) {
    let l = ledger::read(path);
    assert_problem(only(&l), Severity::Error, "", "unreadable", &[]);
    let p = only(&l);
    assert!(p.message(Lang::Zh).contains(zh), "{}", p.message(Lang::Zh));
    assert!(p.message(Lang::En).contains(en), "{}", p.message(Lang::En));
    assert!(l.format.is_none() && l.households.is_none());
    assert_eq!(l.display_name(), "x");
}

fn file_with(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.xlsx");
    std::fs::write(&p, bytes).unwrap();
    (dir, p)
}

#[test]
fn empty_file() {
    let (_d, p) = file_with(b"");
    unreadable(&p, "空", "empty");
}

#[test]
fn folder_named_like_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.xlsx");
    std::fs::create_dir(&p).unwrap();
    unreadable(&p, "文件夹", "folder");
}

#[test]
fn csv_renamed_to_xlsx() {
    let (_d, p) = file_with("户编号,网格编号,常住人口\nH00001,G001,3\n".as_bytes());
    unreadable(&p, "CSV", "CSV");
}

#[test]
fn gbk_csv_renamed_to_xlsx() {
    // "户编号,网格编号" as Excel saves CSV on a Chinese Windows (GBK).
    let mut bytes = vec![
        0xBB, 0xA7, 0xB1, 0xE0, 0xBA, 0xC5, b',', 0xCD, 0xF8, 0xB8, 0xF1, 0xB1, 0xE0, 0xBA, 0xC5,
    ];
    bytes.extend_from_slice(b"\r\nH00001,G001\r\n");
    let (_d, p) = file_with(&bytes);
    unreadable(&p, "CSV", "CSV");
}

#[test]
fn pdf_renamed_to_xlsx() {
    let (_d, p) = file_with(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n");
    unreadable(&p, "PDF", "PDF");
}

#[test]
fn html_renamed_to_xlsx() {
    // What many systems "export to Excel".
    let html = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\
                <head><meta charset=\"utf-8\"></head><body><table>\
                <tr><td>户编号</td></tr></table></body></html>";
    let (_d, p) = file_with(html.as_bytes());
    unreadable(&p, "HTML", "HTML");
}

#[test]
fn truncated_workbook() {
    let bytes = base()
        .to_workbook(&Style::default())
        .unwrap()
        .save_to_buffer()
        .unwrap();
    let (_d, p) = file_with(&bytes[..bytes.len() / 2]);
    unreadable(&p, "损坏", "damaged");
}
