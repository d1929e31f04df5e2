//! Workbooks shaped the way community and street offices really save their
//! ledgers read and score exactly as the clean workbook of the same data:
//! the same data, score, verdict and problems, with at most info notes.
//!
//! The `real-*` fixtures were written by openpyxl and the `libreoffice-*`
//! ones converted by LibreOffice, from the clean workbook of
//! `common::community(42, 30)`; see `tests/fixtures/README.md`.

use std::path::Path;

use crate::util::*;
use wuyi_core::ledger::{self, Ledger};
use wuyi_core::problem::Severity;
use wuyi_core::results::Scorecard;
use wuyi_core::rubric::Rubric;
use wuyi_report::catalogue::ProblemText;
use wuyi_testkit::Style;

fn clean() -> Ledger {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger::read(&write(
        dir.path(),
        "clean.xlsx",
        &community(42, 30),
        &Style::default(),
    ));
    assert!(l.problems.is_empty(), "{:?}", problems(&l));
    l
}

fn card(l: &Ledger) -> Scorecard {
    score(l, &Rubric::builtin().unwrap(), None)
}

/// Problems other than info notes, without the sheet name (which differs
/// by design in some shapes).
fn serious(l: &Ledger) -> Vec<(String, String)> {
    l.problems
        .iter()
        .filter(|p| p.severity != Severity::Info)
        .map(|p| (p.code().to_string(), p.message(wuyi_report::i18n::Lang::Zh)))
        .collect()
}

/// Reads a fixture and checks it against the clean workbook: data, score,
/// verdict, each item's points and the problem list. Returns it for checks
/// of its own.
fn reads_as_clean(name: &str) -> Ledger {
    let clean = clean();
    let l = ledger::read(&fixture(name));
    assert_eq!(serious(&l), serious(&clean), "{name}: {:?}", problems(&l));
    assert_eq!(data(&l), data(&clean), "{name}");
    let (a, b) = (card(&l), card(&clean));
    assert_eq!(a.verdict, b.verdict, "{name}");
    assert_eq!(a.score, b.score, "{name}");
    let items = |c: &Scorecard| {
        c.items
            .iter()
            .map(|i| (i.id.clone(), i.earned))
            .collect::<Vec<_>>()
    };
    assert_eq!(items(&a), items(&b), "{name}");
    assert!(a.score.is_some(), "{name}: {}", a.reason_zh);
    l
}

#[test]
fn counter_columns_are_never_ids() {
    let l = reads_as_clean("real-seq.xlsx");
    // No 序号 column is reported as unknown, and 自评表's ids are the A1…
    // cells, though their column is headed 序号 and the counter 编号.
    assert!(
        !l.problems.iter().any(|p| p.code() == "unknown_columns"),
        "{:?}",
        problems(&l)
    );
    let sa = l.self_assessment.as_ref().unwrap();
    assert_eq!(sa.columns[sa.idx("item_id")], Some(1));
}

#[test]
fn counter_columns_from_libreoffice() {
    reads_as_clean("libreoffice-seq.ods");
}

#[test]
fn group_header_bands() {
    let l = reads_as_clean("real-bands.xlsx");
    let h = l.households.as_ref().unwrap();
    // Three header rows: data starts on row 4.
    assert_eq!(h.header_row, 2);
    assert_eq!(h.rows[0].row, 3);
    let g = l.grids.as_ref().unwrap();
    assert_eq!(g.header_row, 1);
}

#[test]
fn group_header_bands_from_libreoffice() {
    reads_as_clean("libreoffice-bands.xls");
}

#[test]
fn sheet_names_with_prefixes_months_and_dates() {
    let l = reads_as_clean("real-names.xlsx");
    assert_eq!(l.households.as_ref().unwrap().sheet, "春晖社区一户一档");
    assert_eq!(l.disinfection.as_ref().unwrap().sheet, "消杀记录（3月）");
    // Each read-as is said once, as an info note.
    let notes = l
        .problems
        .iter()
        .filter(|p| p.code() == "sheet_read_as")
        .count();
    assert_eq!(notes, 6, "{:?}", problems(&l));
}

#[test]
fn one_household_sheet_per_grid() {
    let l = reads_as_clean("real-grids.xlsx");
    let h = l.households.as_ref().unwrap();
    assert!(h.parts.len() > 1);
    // Each row still cites its own sheet.
    let last = h.rows.last().unwrap();
    assert_eq!(h.sheet_of(last), h.parts.last().unwrap().sheet);
    assert!(h.location(last, 0).starts_with("一户一档（G"));
}

#[test]
fn header_synonyms() {
    reads_as_clean("real-synonyms.xlsx");
}

#[test]
fn info_laid_out_horizontally() {
    reads_as_clean("real-horizontal.xlsx");
}

/// An Excel binary workbook (.xlsb) written by other software from
/// `examples/收件箱/东关街道-东关社区.xlsx` reads and scores like it.
#[test]
fn xlsb_reads_like_the_xlsx_it_was_saved_from() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let xlsx = ledger::read(&root.join("examples/收件箱/东关街道-东关社区.xlsx"));
    let xlsb = ledger::read(&fixture("东关街道-东关社区.xlsb"));
    assert_eq!(xlsb.format, Some(wuyi_sheets::Format::Xlsb));
    assert_eq!(serious(&xlsb), serious(&xlsx), "{:?}", problems(&xlsb));
    assert_eq!(data(&xlsb), data(&xlsx));
    let (a, b) = (card(&xlsb), card(&xlsx));
    assert_eq!((a.verdict, a.score), (b.verdict, b.score));
    assert_eq!(a.score, Some(97.4));
    // Told from its bytes, whatever it is called.
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("东关社区.xlsx");
    std::fs::copy(fixture("东关街道-东关社区.xlsb"), &renamed).unwrap();
    assert_eq!(
        ledger::read(&renamed).format,
        Some(wuyi_sheets::Format::Xlsb)
    );
}
