//! Shared helpers for the integration tests: sample communities and the
//! comparison of ledgers regardless of where in the sheet the data sat.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use wuyi::ledger::{Ledger, Value};
use wuyi::sample::{Community, Info, Style};

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
    pub info: wuyi::ledger::Info,
    pub tables: Vec<Option<Vec<Vec<Option<Value>>>>>,
}

pub fn data(l: &Ledger) -> Data {
    let t = |t: &Option<wuyi::ledger::Table>| {
        t.as_ref()
            .map(|t| t.rows.iter().map(|r| r.values.clone()).collect::<Vec<_>>())
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
