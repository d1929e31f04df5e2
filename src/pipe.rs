//! A closed standard output (`wuyi score … | head -1`) ends the program
//! quietly, the way `cat` or `yes` end, instead of a panic message and
//! exit status 101.
//!
//! The standard library's `print!` panics when standard output is a pipe
//! whose reader has gone. That panic unwinds like any other, so temporary
//! report folders are still removed by their destructors; this module keeps
//! it from being reported as a failure: the panic hook says nothing about
//! it, and [`run`] turns it into the status a program killed by `SIGPIPE`
//! has (128 + 13 = 141 in a shell), or 0 where there are no signals.
//!
//! `SIGPIPE` itself stays ignored (Rust's default), because the batch
//! writes to its worker processes through pipes, and a worker that dies
//! must cost only its own file, never the batch.

use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;

/// Whether a panic's message is the standard library's complaint about
/// writing to a closed pipe.
fn is_broken_pipe(message: &str) -> bool {
    message.starts_with("failed printing to std")
        && (message.contains("Broken pipe")
            || message.contains("os error 32")
            || message.contains("os error 232"))
}

fn message(payload: &(dyn std::any::Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
}

/// Runs `f`; a closed standard output or standard error ends the program
/// quietly with the status a shell expects of it.
pub fn run(f: impl FnOnce() -> ExitCode) -> ExitCode {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if message(info.payload()).is_some_and(is_broken_pipe) {
            return;
        }
        previous(info);
    }));
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(code) => code,
        Err(payload) if message(payload.as_ref()).is_some_and(is_broken_pipe) => closed(),
        Err(payload) => panic::resume_unwind(payload),
    }
}

/// Ends as a program killed by `SIGPIPE` ends.
#[cfg(unix)]
fn closed() -> ExitCode {
    // SAFETY: restoring the default action of one signal and raising it in
    // this process; nothing else is running that could rely on the old one
    // once the command's work is over.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        libc::raise(libc::SIGPIPE);
    }
    // Not reached when the signal ends the process.
    ExitCode::from(141)
}

#[cfg(not(unix))]
fn closed() -> ExitCode {
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::is_broken_pipe;

    #[test]
    fn only_the_closed_pipe_message_is_quiet() {
        assert!(is_broken_pipe(
            "failed printing to stdout: Broken pipe (os error 32)"
        ));
        assert!(is_broken_pipe(
            "failed printing to stderr: Broken pipe (os error 32)"
        ));
        assert!(!is_broken_pipe(
            "failed printing to stdout: No space left on device (os error 28)"
        ));
        assert!(!is_broken_pipe("index out of bounds"));
    }
}
