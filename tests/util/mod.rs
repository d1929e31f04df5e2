//! Helpers every integration test shares: running the built binary and
//! reading back what it wrote (results.json, workbooks), sample
//! communities and workbooks to edit, and the comparison of ledgers
//! regardless of where in the sheet the data sat. The hostile corpus (files
//! built byte by byte to break a reader) is in [`hostile`].

#![allow(dead_code)]

pub mod hostile;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::Reader;
use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet};
use serde_json::Value as Json;
use wuyi_core::ledger::contract::{SheetKey, sheet_spec};
use wuyi_core::ledger::{Ledger, Value};
use wuyi_testkit::{Community, Info, Style};

// ---- Scoring through the library ----------------------------------------

/// Scores a ledger into the scorecard `results.json` records: the typed
/// assessment, worded by the report layer's catalogue.
pub fn score(
    l: &Ledger,
    r: &wuyi_core::rubric::Rubric,
    as_of: Option<NaiveDate>,
) -> wuyi_core::results::Scorecard {
    wuyi_report::catalogue::score::card(&wuyi_core::score::score(l, r, as_of))
}

// ---- The binary -----------------------------------------------------------

/// The built `wuyi`, nothing set.
pub fn wuyi_cmd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wuyi"))
}

/// Runs the built `wuyi` with `args` in `dir`. Its output goes to pipes,
/// so there are no progress bars or colours anyway; `CI` and `NO_COLOR`
/// make sure of it.
pub fn wuyi(args: &[&str], dir: &Path) -> Output {
    wuyi_cmd()
        .args(args)
        .current_dir(dir)
        .env("CI", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The exit status; -1 for a run stopped by a signal.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Standard output, which must be UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard output followed by standard error.
pub fn out_text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

// ---- What it wrote --------------------------------------------------------

/// The `results.json` a run wrote into `dir`.
pub fn json(dir: &Path) -> Json {
    serde_json::from_slice(&std::fs::read(dir.join("results.json")).unwrap()).unwrap()
}

/// The `results` array of the `results.json` in `dir`.
pub fn results(dir: &Path) -> Vec<Json> {
    json(dir)["results"].as_array().unwrap().clone()
}

/// A sheet of an `.xlsx` file as text, read by calamine (an empty cell is "").
pub fn xlsx_rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// The sheet names of an `.xlsx` file, in order.
pub fn sheet_names(path: &Path) -> Vec<String> {
    let wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    wb.sheet_names()
}

/// Every sheet of an `.xlsx` file as text, with its name.
pub fn xlsx_sheets(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    sheet_names(path)
        .into_iter()
        .map(|n| {
            let rows = xlsx_rows(path, &n);
            (n, rows)
        })
        .collect()
}

/// A committed fixture: `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

// ---- Sample communities ---------------------------------------------------

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn info(name: &str) -> Info {
    Info {
        name: name.to_string(),
        kind: "小区".into(),
        district: "城关区".into(),
        town: "东关街道".into(),
        assessed_on: date(2022, 3, 31),
        contact: "王芳".into(),
        phone: "13800000000".into(),
    }
}

pub fn community(seed: u64, households: usize) -> Community {
    Community::generate(seed, info("幸福里小区"), households)
}

pub fn write(dir: &Path, name: &str, c: &Community, style: &Style) -> PathBuf {
    let p = dir.join(name);
    c.write(&p, style).unwrap();
    p
}

/// The data of a ledger without positions: what must be equal between a
/// clean and a messy workbook of the same community.
#[derive(Debug, PartialEq)]
pub struct Data {
    pub info: wuyi_core::ledger::Info,
    pub tables: Vec<Option<Vec<Vec<Option<Value>>>>>,
}

pub fn data(l: &Ledger) -> Data {
    let t = |t: &Option<wuyi_core::ledger::Table>| {
        t.as_ref()
            .map(|t| t.rows.iter().map(|r| r.values.to_vec()).collect::<Vec<_>>())
    };
    Data {
        info: l.info.clone(),
        tables: vec![
            t(&l.grids),
            t(&l.households),
            t(&l.cases),
            t(&l.disinfection),
            t(&l.self_assessment),
        ],
    }
}

/// Problems as (severity, location, code) for compact assertions.
pub fn problems(l: &Ledger) -> Vec<(String, String, String)> {
    l.problems
        .iter()
        .map(|p| {
            (
                format!("{:?}", p.severity).to_lowercase(),
                p.location(),
                p.code().to_string(),
            )
        })
        .collect()
}

/// 60 households in four grids of 15, two residents each, everyone tested
/// and vaccinated, no cases: 100 points and 达标 as written.
pub fn perfect() -> Community {
    let mut c = Community::generate_with_grids(1, info("幸福里小区"), 60, (15, 15));
    for h in &mut c.households {
        h.registered = 2;
        h.residents = 2;
        h.tested = 2;
        h.vaccinated = 2;
    }
    c.cases.clear();
    c
}

// ---- Editing a generated workbook -----------------------------------------

/// A sheet of a workbook being written, by name.
pub fn sheet<'a>(wb: &'a mut Workbook, name: &str) -> &'a mut Worksheet {
    wb.worksheet_from_name(name).unwrap()
}

/// The sheet column of a contract column in the clean layout, where the
/// columns stand in contract order from A.
pub fn col(key: SheetKey, column: &str) -> u16 {
    sheet_spec(key).column_index(column).unwrap() as u16
}
