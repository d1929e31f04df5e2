//! wuyi (无疫): reading, checking and scoring the ledgers that communities
//! submit when they apply for the "epidemic-free community" title, and
//! turning a quarter's results into the published award list.
//!
//! The binary: one file per command in `cmd`, the arguments they share in
//! `cli`, the read worker, the console. The work is the crates':
//! `wuyi_sheets` opens files, `wuyi_core` reads, scores and awards,
//! `wuyi_report` says it in words.

mod cli;
mod cmd;
mod console;
mod pipe;
mod usage;
mod worker;

fn main() -> std::process::ExitCode {
    // A worker process, reading files for a batch (see `worker`).
    if std::env::args_os().nth(1).as_deref() == Some(std::ffi::OsStr::new(worker::SUBCOMMAND)) {
        return worker::serve();
    }
    worker::enable();
    cli::main()
}
