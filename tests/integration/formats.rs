//! Workbooks saved by other software read to exactly the same ledger as the
//! clean .xlsx of the same community: .xls and .ods from LibreOffice, .xlsm,
//! the 1904 date system, Chinese-locale date formats.
//!
//! The fixtures in `tests/fixtures/` were made from the community below by
//! `tests/fixtures/make.sh`; see the README there.

use std::path::Path;

use crate::util::*;
use wuyi_core::ledger::{self, Ledger};
use wuyi_core::problem::Severity;
use wuyi_sheets::Format;
use wuyi_testkit::{Community, Style};

/// The community every fixture holds.
pub fn fixture_community() -> Community {
    community(FIXTURE_SEED, 30)
}

const FIXTURE_SEED: u64 = 42;

fn clean() -> Ledger {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger::read(&write(
        dir.path(),
        "clean.xlsx",
        &fixture_community(),
        &Style::default(),
    ));
    assert!(l.problems.is_empty(), "{:?}", problems(&l));
    l
}

/// Writes the clean workbook the fixtures are converted from:
/// `cargo test --test integration -- --ignored write_fixture_source`.
#[test]
#[ignore]
fn write_fixture_source() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fixture-source");
    std::fs::create_dir_all(&dir).unwrap();
    write(&dir, "clean.xlsx", &fixture_community(), &Style::default());
}

/// Reads a fixture and compares it with the clean workbook.
fn assert_reads_as_clean(name: &str, format: Format) -> Ledger {
    let l = ledger::read(&fixture(name));
    assert_eq!(l.format, Some(format), "{name}");
    let serious: Vec<_> = l
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Info)
        .collect();
    assert!(serious.is_empty(), "{name}: {serious:?}");
    assert_eq!(data(&clean()), data(&l), "{name}");
    l
}

#[test]
fn the_fixture_community_has_every_kind_of_value() {
    let c = fixture_community();
    assert_eq!(c.households.len(), 30);
    assert!(!c.cases.is_empty(), "a dated case log entry");
    assert!(c.households.iter().any(|h| h.tenant));
    assert!(c.households.iter().any(|h| !h.tenant));
    let l = clean();
    assert_eq!(l.households.as_ref().unwrap().rows.len(), 30);
    assert_eq!(l.cases.as_ref().unwrap().rows.len(), c.cases.len());
}

#[test]
fn xls_saved_by_libreoffice() {
    assert_reads_as_clean("libreoffice.xls", Format::Xls);
}

#[test]
fn ods_saved_by_libreoffice() {
    assert_reads_as_clean("libreoffice.ods", Format::Ods);
}

#[test]
fn xlsm_saved_by_libreoffice() {
    assert_reads_as_clean("libreoffice.xlsm", Format::Xlsx);
}

#[test]
fn the_1904_date_system() {
    let wb = wuyi_sheets::open(&fixture("date1904.xlsx")).unwrap();
    assert!(wb.is_1904);
    let l = assert_reads_as_clean("date1904.xlsx", Format::Xlsx);
    assert_eq!(l.info.assessed_on, Some(date(2022, 3, 31)));
}

#[test]
fn the_1904_fixture_holds_bare_serials() {
    // The disinfection dates are plain numbers, so the reader's own 1904
    // conversion is what the test above proves, not only calamine's.
    let wb = wuyi_sheets::open(&fixture("date1904.xlsx")).unwrap();
    let sheet = wb.sheets.iter().find(|s| s.name == "消杀记录").unwrap();
    let first = sheet.rows[1].get(0).unwrap();
    assert_eq!(
        *first,
        wuyi_sheets::Cell::Number((date(2022, 3, 31) - date(1904, 1, 1)).num_days() as f64)
    );
}

#[test]
fn chinese_locale_date_formats() {
    let wb = wuyi_sheets::open(&fixture("chinese-dates.xlsx")).unwrap();
    assert!(!wb.is_1904);
    assert_reads_as_clean("chinese-dates.xlsx", Format::Xlsx);
}

#[test]
fn fixtures_are_small() {
    for e in std::fs::read_dir(fixture("")).unwrap() {
        let e = e.unwrap();
        assert!(e.metadata().unwrap().len() < 50_000, "{:?}", e.path());
    }
}

#[test]
fn the_1904_date_system_in_xls() {
    let wb = wuyi_sheets::open(&fixture("date1904.xls")).unwrap();
    assert!(wb.is_1904);
    assert_reads_as_clean("date1904.xls", Format::Xls);
}

/// The bundled examples, including the .xls and .ods that LibreOffice wrote,
/// read with exactly the problems their stories give them.
#[test]
fn bundled_examples_read_as_intended() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/收件箱");
    let mut seen = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !wuyi_core::input::is_workbook_name(&path) {
            continue;
        }
        seen += 1;
        let l = ledger::read(&path);
        let codes: Vec<&str> = l
            .problems
            .iter()
            .filter(|p| p.severity != Severity::Info)
            .map(|p| p.code())
            .collect();
        if name.contains("康乐小区") {
            assert_eq!(codes, ["missing_sheet"], "{name}");
        } else if name.contains("杨家庄自然村") {
            assert!(l.disinfection.is_none(), "{name}");
            assert!(!codes.is_empty(), "{name}");
            assert!(codes.iter().all(|c| *c == "missing_value"), "{name}");
        } else {
            assert!(codes.is_empty(), "{name}: {:?}", problems(&l));
            assert!(l.households.as_ref().unwrap().rows.len() >= 60, "{name}");
        }
        let expected = if name.ends_with(".xls") {
            Format::Xls
        } else if name.ends_with(".ods") {
            Format::Ods
        } else {
            Format::Xlsx
        };
        assert_eq!(l.format, Some(expected), "{name}");
    }
    assert_eq!(seen, 8);
}
