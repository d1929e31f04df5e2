//! The integration tests, in one test binary (one link instead of one per
//! file): they drive the built `wuyi` and read back what it wrote, or read
//! generated and committed workbooks through the library. Helpers they
//! share are in `tests/util/`. Run one area with
//! `cargo test --test integration score::`.
//!
//! `tests/hostile_mutation.rs` stays a binary of its own: it installs a
//! process-wide panic hook, which would catch the panics of every other
//! test running beside it.

#[path = "../util/mod.rs"]
mod util;

mod awards;
mod awards_cli;
mod cli_check;
mod cli_score;
mod cli_usage;
mod desktop;
mod forged_counts;
mod formats;
mod hostile;
mod hostile_cli;
mod hostile_soak;
mod inspections;
mod isolation;
mod merge;
mod no_false_passes;
mod no_false_passes_prop;
mod output_faults;
mod print_layout;
mod problems;
mod read_messy;
mod read_real;
mod read_real_cli;
mod report_outputs;
mod rubric;
mod schema;
mod score;
mod spreadsheetml;
mod update;
mod xlsx_differential;
