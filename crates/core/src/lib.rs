//! The rules of wuyi (无疫): the ledger contract and reading a workbook
//! against it, the office lists, the rubric, scoring and the zero-case
//! gate, the quarterly awards and the inspections. Every result and every
//! reason is a typed value; the words a person reads are the report
//! crate's.
//!
//! The data flows one way: a file is opened by `wuyi_sheets`, read
//! against the contract ([`ledger`]), scored against a rubric ([`rubric`],
//! [`score`]), and rolled up into award lists ([`awards`]).

#![deny(missing_docs)]

pub mod awards;
pub mod encoding;
pub mod input;
pub mod inspected;
pub mod inspection;
pub mod ledger;
pub mod problem;
pub mod results;
pub mod rubric;
pub mod score;
