//! The hot inner functions, so regressions show: header matching, date and
//! number normalisation, reading a table sheet, and evaluating the rubric.
//!
//!     cargo bench --bench inner

use std::hint::black_box;

use wuyi_core::ledger::contract::HOUSEHOLDS;
use wuyi_core::rubric::Rubric;
use wuyi_sheets::normalize;
use wuyi_testkit::{Community, Info, Style};

fn main() {
    divan::main();
}

const HEADERS: &[&str] = &[
    "户编号",
    "*常住人口（人）",
    "核酸检测\n人数(人)",
    " 疫苗接种人数 ",
    "备用列",
    "XX社区一户一档台账",
    "household_id",
];

#[divan::bench]
fn match_headers() -> usize {
    HEADERS
        .iter()
        .filter_map(|h| HOUSEHOLDS.match_header(black_box(h)))
        .count()
}

const DATES: &[&str] = &[
    "2022-03-01",
    "2022/3/1",
    "2022.3.1",
    "2022年3月1日",
    "20220301",
    "昨天",
];

#[divan::bench]
fn parse_dates() -> usize {
    DATES
        .iter()
        .filter_map(|d| normalize::parse_date_text(black_box(d)))
        .count()
}

const NUMBERS: &[&str] = &["12", "１２", "1,234", "3人", "12.0", "三"];

#[divan::bench]
fn parse_numbers() -> usize {
    NUMBERS
        .iter()
        .filter_map(|n| normalize::parse_integer(black_box(n)))
        .count()
}

#[divan::bench]
fn clean_text() -> usize {
    ["幸福里小区3号楼", " 幸福里  小区 ", "Ｇ００１"]
        .iter()
        .map(|s| normalize::clean_text(black_box(s)).len())
        .sum()
}

fn info() -> Info {
    Info {
        name: "幸福里小区".into(),
        kind: "小区".into(),
        district: "城关区".into(),
        town: "东关街道".into(),
        assessed_on: chrono::NaiveDate::from_ymd_opt(2022, 3, 31).unwrap_or_default(),
        contact: "王芳".into(),
        phone: "13800000000".into(),
    }
}

/// A 1,000-household workbook, clean and messy, written once.
fn workbook(messy: bool) -> tempfile::TempPath {
    let c = Community::generate(7, info(), 1000);
    let style = if messy {
        Style::messy(3)
    } else {
        Style::default()
    };
    let f = tempfile::Builder::new()
        .suffix(".xlsx")
        .tempfile()
        .map(|f| f.into_temp_path());
    let path = f.unwrap_or_else(|e| panic!("temporary file: {e}"));
    c.write(&path, &style)
        .unwrap_or_else(|e| panic!("writing the benchmark workbook: {e}"));
    path
}

#[divan::bench(args = [false, true])]
fn read_ledger(bencher: divan::Bencher, messy: bool) {
    let path = workbook(messy);
    bencher.bench(|| {
        wuyi_core::ledger::read(black_box(&path))
            .households
            .map(|h| h.rows.len())
    });
}

#[divan::bench]
fn score_ledger(bencher: divan::Bencher) {
    let path = workbook(false);
    let ledger = wuyi_core::ledger::read(&path);
    let rubric = Rubric::builtin().unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| wuyi_core::score::score(black_box(&ledger), &rubric, None).score);
}
