//! Messy submissions read to exactly the same ledger as the clean version of
//! the same data.

use crate::util::*;
use wuyi_core::ledger;
use wuyi_core::problem::Severity;
use wuyi_testkit::Style;

fn clean_and(style: Style) -> (ledger::Ledger, ledger::Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let c = community(7, 60);
    let clean = ledger::read(&write(dir.path(), "clean.xlsx", &c, &Style::default()));
    let messy = ledger::read(&write(dir.path(), "messy.xlsx", &c, &style));
    (clean, messy)
}

fn assert_same(style: Style) {
    let (clean, messy) = clean_and(style.clone());
    assert!(
        !clean.problems.iter().any(|p| p.severity != Severity::Info),
        "clean workbook has problems: {:?}",
        problems(&clean)
    );
    assert_eq!(data(&clean), data(&messy), "style {style:?}");
    let serious: Vec<_> = messy
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Info)
        .collect();
    assert!(serious.is_empty(), "messy problems: {serious:?}");
}

#[test]
fn clean_workbook_reads_fully() {
    let (clean, _) = clean_and(Style::default());
    assert_eq!(clean.households.as_ref().unwrap().rows.len(), 60);
    assert!(clean.grids.as_ref().unwrap().rows.len() >= 4);
    assert_eq!(clean.info.name.as_deref(), Some("幸福里小区"));
    assert_eq!(clean.info.assessed_on, Some(date(2022, 3, 31)));
    assert!(clean.problems.is_empty(), "{:?}", problems(&clean));
}

#[test]
fn title_rows_and_notes_above_header() {
    assert_same(Style {
        title_rows: true,
        ..Style::default()
    });
}

#[test]
fn shuffled_columns_and_blank_columns() {
    assert_same(Style {
        shuffle_columns: true,
        seed: 3,
        ..Style::default()
    });
}

#[test]
fn unknown_columns_are_ignored_and_reported_once() {
    let (_, messy) = clean_and(Style {
        extra_columns: true,
        ..Style::default()
    });
    let infos: Vec<_> = messy
        .problems
        .iter()
        .filter(|p| p.code() == "unknown_columns")
        .collect();
    // One per table sheet, never one per row.
    assert_eq!(infos.len(), 5, "{infos:?}");
    assert!(infos.iter().all(|p| p.severity == Severity::Info));
    assert_same(Style {
        extra_columns: true,
        ..Style::default()
    });
}

#[test]
fn decorated_headers() {
    assert_same(Style {
        decorated_headers: true,
        ..Style::default()
    });
}

#[test]
fn blank_rows() {
    assert_same(Style {
        blank_rows: true,
        ..Style::default()
    });
}

#[test]
fn totals_row_is_not_a_household() {
    assert_same(Style {
        totals_row: true,
        ..Style::default()
    });
}

#[test]
fn numbers_stored_as_text() {
    assert_same(Style {
        text_numbers: true,
        seed: 11,
        ..Style::default()
    });
}

#[test]
fn dates_as_text_in_chinese_formats() {
    assert_same(Style {
        text_dates: true,
        seed: 5,
        ..Style::default()
    });
}

#[test]
fn dates_as_bare_serial_numbers() {
    assert_same(Style {
        serial_dates: true,
        ..Style::default()
    });
}

#[test]
fn yes_no_variants() {
    assert_same(Style {
        mixed_yes_no: true,
        seed: 2,
        ..Style::default()
    });
}

#[test]
fn english_sheet_and_column_names() {
    assert_same(Style {
        english: true,
        ..Style::default()
    });
}

#[test]
fn everything_at_once() {
    for seed in 0..4 {
        assert_same(Style::messy(seed));
    }
}
