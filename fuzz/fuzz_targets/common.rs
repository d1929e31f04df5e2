//! The read path every target ends in: bytes → workbook → ledger →
//! problems and a scorecard, guarded as a batch run guards it.
//!
//! A batch catches panics per file (`ledger::read_guarded`), so a panic
//! inside a dependency (calamine, zip) costs only that file its verdict
//! ("the reader failed on this file"). Those are recorded, not fatal, here
//! too; a panic in this crate's own code, an abort, a stack overflow, a
//! hang or memory beyond the limits stops the fuzzer.

use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::{LazyLock, Once};

use wuyi_core::rubric::Rubric;
use wuyi_report::catalogue::problems::ProblemText;
use wuyi_report::i18n::Lang;
use wuyi_sheets::ReadLimits;

static RUBRIC: LazyLock<Option<Rubric>> = LazyLock::new(|| Rubric::builtin().ok());
static HOOK: Once = Once::new();

/// The limits a batch runs with, but without the clock: libFuzzer's own
/// timeout reports a hang, and a slow machine must not turn into a verdict
/// that hides one.
static LIMITS: LazyLock<ReadLimits> = LazyLock::new(|| ReadLimits {
    max_time: None,
    ..ReadLimits::default()
});

/// Where dependency panics are listed, one "file:line" per line, when the
/// variable names a file.
const PANIC_LOG: &str = "WUYI_FUZZ_PANIC_LOG";

fn install_hook() {
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let in_dependency = at.contains("/.cargo/registry/") || at.contains("/rustc/");
            if !in_dependency {
                eprintln!("panic in wuyi: {info}");
                std::process::abort();
            }
            if let Some(path) = std::env::var_os(PANIC_LOG)
                && let Ok(mut f) = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
            {
                let _ = writeln!(f, "{at}\t{info}");
            }
        }));
    });
}

pub fn run(bytes: Vec<u8>) {
    install_hook();
    let path = Path::new("fuzz.xlsx");
    let read = std::panic::catch_unwind(AssertUnwindSafe(|| match wuyi_sheets::OpenOptions::new()
        .limits(&LIMITS)
        .read_bytes(bytes)
    {
        Ok(wb) => wuyi_core::ledger::from_workbook(path, &wb),
        Err(e) => wuyi_core::ledger::unreadable(path, &e),
    }));
    let Ok(ledger) = read else {
        return;
    };
    for p in &ledger.problems {
        let _ = p.message(Lang::Zh);
        let _ = p.message(Lang::En);
    }
    if let Some(rubric) = RUBRIC.as_ref() {
        // A fixed date, so files without a readable 评估日期 are scored too.
        let as_of = chrono::NaiveDate::from_ymd_opt(2022, 3, 31);
        let assessment = wuyi_core::score::score(&ledger, rubric, as_of);
        // Every word of the results record, in both languages.
        let _ = wuyi_report::catalogue::score::card(&assessment);
    }
}
