//! wuyi (无疫): reading, checking and scoring the ledgers that communities
//! submit when they apply for the "epidemic-free community" title, and
//! turning a quarter's results into the published award list.
//!
//! The data flows one way: a workbook file is opened (the `wuyi_sheets` crate), read
//! against the ledger contract ([`ledger`]), scored against a rubric
//! ([`rubric`], [`score`]), written out ([`report`]), and rolled up into
//! award lists ([`awards`]).

pub mod awards;
pub mod cli;
pub mod cmd;
pub mod console;
pub mod encoding;
pub mod i18n;
pub mod input;
pub mod inspected;
pub mod inspection;
pub mod ledger;
pub mod pipe;
pub mod problem;
pub mod report;
pub mod results;
pub mod rubric;
pub mod sample;
pub mod score;
pub mod template;
pub mod usage;
pub mod worker;
