//! The reader thread and its watchdog: a file is read on a thread of its
//! own, with any panic inside the readers caught, so one pathological file
//! cannot stop a batch.
//!
//! A thread cannot be killed, so the time budget works in two layers. The
//! reader checks its deadline as it goes and gives up with "took longer
//! than N seconds" (the usual case). Should it be stuck where it cannot
//! look, the caller waits only until the budget plus [`GRACE`] has passed:
//! the file is then reported as over its time budget
//! ([`OpenError::TimedOut`]) and the batch moves on, leaving the stuck
//! reader to finish, or not, on its own; its result is discarded and the
//! caller gets a fresh reader thread for its next file. Reader threads
//! otherwise live as long as their caller and read one file after
//! another, so a batch costs no thread per file. Memory cannot be taken
//! back from a stuck thread, so the memory budget is enforced before and
//! while reading instead (see [`ReadLimits`](super::ReadLimits)).

use std::sync::{Once, mpsc};
use std::thread;
use std::time::Duration;

use super::OpenError;

/// How long past its time budget a file's reader is waited for. The reader
/// watches its own deadline between cells and stops there; this covers the
/// stretches it cannot interrupt, such as a reader parsing one part whole.
pub const GRACE: Duration = Duration::from_secs(10);

/// Room for the parsers' recursion, with a margin over the 2 MB the
/// worker threads they used to run on had.
pub const READER_STACK: usize = 4 * 1024 * 1024;

/// The name of every thread that reads files, so a panic on one is known
/// as a reader's (see [`quiet_reader_panics`]).
pub const READER_THREAD: &str = "wuyi-read";

/// One job for a reader thread: it sends its own result.
type Job = Box<dyn FnOnce() + Send>;

/// A reader thread and the way to it.
struct Reader {
    jobs: mpsc::Sender<Job>,
}

impl Reader {
    fn spawn() -> Option<Reader> {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name(READER_THREAD.into())
            .stack_size(READER_STACK)
            .spawn(move || {
                // Ends when its caller drops it, or abandons it after a
                // timeout.
                for job in job_rx {
                    job();
                }
            })
            .ok()?;
        Some(Reader { jobs })
    }
}

thread_local! {
    /// The reader thread serving this thread's files.
    static READER: std::cell::RefCell<Option<Reader>> = const { std::cell::RefCell::new(None) };
}

/// Runs `read` with any panic caught ([`OpenError::ReaderFailed`]) and,
/// when there is a time budget, on this thread's reader thread with the
/// hard stop described above ([`OpenError::TimedOut`] after `max_time`
/// plus [`GRACE`]). With no budget it runs here.
pub fn run<T: Send + 'static>(
    max_time: Option<Duration>,
    read: impl FnOnce() -> T + Send + 'static,
) -> Result<T, OpenError> {
    quiet_reader_panics();
    let Some(budget) = max_time else {
        return caught(read);
    };
    let wait = budget.saturating_add(GRACE);
    let (result_tx, results) = mpsc::channel();
    let job: Job = Box::new(move || {
        // Nowhere to go once the caller has given up waiting.
        let _ = result_tx.send(caught(read));
    });
    let outcome = READER.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Reader::spawn();
        }
        let Some(reader) = slot.as_ref() else {
            return Err(job);
        };
        if let Err(mpsc::SendError(job)) = reader.jobs.send(job) {
            *slot = None;
            return Err(job);
        }
        let got = results.recv_timeout(wait);
        if got.is_err() {
            // Stuck or gone: never handed another file.
            *slot = None;
        }
        Ok(got)
    });
    match outcome {
        Ok(Ok(r)) => r,
        Ok(Err(mpsc::RecvTimeoutError::Timeout)) => Err(OpenError::TimedOut {
            seconds: budget.as_secs().max(1),
        }),
        Ok(Err(mpsc::RecvTimeoutError::Disconnected)) => Err(OpenError::ReaderFailed),
        // No thread to be had: read here, with the reader's own deadline
        // alone.
        Err(job) => {
            job();
            results.recv().unwrap_or(Err(OpenError::ReaderFailed))
        }
    }
}

fn caught<T>(read: impl FnOnce() -> T) -> Result<T, OpenError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .map_err(|_| OpenError::ReaderFailed)
}

/// A reader that panics has met a file it cannot handle, which the file's
/// verdict already says; the default report of a panic, with its source
/// location, would alarm whoever runs the batch. One line is printed
/// instead on threads named [`READER_THREAD`]. Panics anywhere else are
/// reported as usual.
pub fn quiet_reader_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if thread::current().name() == Some(READER_THREAD) {
                let what = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                eprintln!(
                    "wuyi: a file could not be read ({}); it is reported as damaged",
                    crate::normalize::escape_controls(&what)
                );
            } else {
                default(info);
            }
        }));
    });
}
