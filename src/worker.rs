//! Reading each file in a worker process, so that nothing a file does to
//! its reader can stop the batch.
//!
//! A panic in a reader is caught where it happens, but an allocation that
//! fails aborts the process, a stack overflow kills it, and the kernel's
//! OOM killer takes whole processes: no handler inside the process
//! survives those. So the command-line tool reads workbooks in worker
//! processes, the same binary started with a hidden subcommand
//! ([`SUBCOMMAND`]). Each thread of a batch keeps one worker, long-lived and
//! reused from file to file; a worker that dies, or that hangs past the
//! file's time budget and is stopped, costs only the file it was reading
//! ([`OpenError::WorkerDied`]): the next file gets a fresh worker.
//!
//! The worker opens the file and streams the cells of the sheets it is
//! asked for; the ledger is built from them in the calling process exactly
//! as from a file opened there ([`wuyi_sheets::SheetSource`]), so the
//! two modes cannot read a file differently. On Unix each worker limits
//! its own address space (`RLIMIT_AS`) to twice the memory budget plus
//! 512 MB, so a reader that runs away with memory fails inside its worker
//! before the machine feels it. (On other systems there is no such limit;
//! the budget estimates still apply.)
//!
//! Library users and the fuzzers read in-process, as before: workers are
//! used only once [`enable`] has been called, as the binary's `main` does.
//! `WUYI_READ_IN_PROCESS=1` turns them off for a run.

use std::cell::RefCell;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use wuyi_core::ledger::{self, Ledger};
use wuyi_sheets::{
    self as workbook, CellRef, CellSink, Format, OpenError, ReadLimits, SheetSource,
};

/// The hidden subcommand a worker is started with.
pub const SUBCOMMAND: &str = "__read-worker";

/// How long past a file's time budget its worker is waited for before it
/// is stopped. The worker keeps the budget itself; this covers a reader
/// stuck where it cannot look at the clock.
const GRACE: Duration = Duration::from_secs(3);

/// Cells are sent in frames of about this many bytes.
const FRAME: usize = 64 * 1024;

/// No frame is longer: a length past it is refused (the other side is
/// then past trusting) rather than allocated.
const MAX_FRAME: usize = 256 << 20;

mod scoring;
pub use scoring::Scorer;

static EXE: OnceLock<PathBuf> = OnceLock::new();

/// Reads files in worker processes from now on, started from this
/// process's own executable. Does nothing when `WUYI_READ_IN_PROCESS` is
/// set, or when the executable cannot be found.
pub fn enable() {
    if std::env::var_os("WUYI_READ_IN_PROCESS").is_some_and(|v| !v.is_empty() && v != "0") {
        return;
    }
    if let Ok(exe) = std::env::current_exe() {
        let _ = EXE.set(exe);
    }
}

/// Whether files are read in workers.
pub fn enabled() -> bool {
    EXE.get().is_some()
}

// ------------------------------------------------------------------ wire

/// Requests, parent to worker: a kind byte, a length, the payload.
const OPEN: u8 = 1;
const SHEET: u8 = 2;

/// Records, worker to parent, packed into length-prefixed frames.
const OPENED: u8 = 1;
const CELL: u8 = 2;
const DONE: u8 = 3;
const FAILED: u8 = 4;

const TEXT: u8 = 1;
const NUMBER: u8 = 2;
const BOOL: u8 = 3;
const DATE: u8 = 4;
const ERROR: u8 = 5;
const UNCALCULATED: u8 = 6;

fn put_u32(b: &mut Vec<u8>, v: u32) {
    b.extend_from_slice(&v.to_le_bytes());
}

fn put_u64(b: &mut Vec<u8>, v: u64) {
    b.extend_from_slice(&v.to_le_bytes());
}

fn put_bytes(b: &mut Vec<u8>, v: &[u8]) {
    put_u32(b, u32::try_from(v.len()).unwrap_or(u32::MAX));
    b.extend_from_slice(&v[..v.len().min(u32::MAX as usize)]);
}

/// Reads what [`put_u32`] and friends wrote; `None` past the end.
struct Dec<'a> {
    b: &'a [u8],
}

impl<'a> Dec<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.b.len() < n {
            return None;
        }
        let (h, t) = self.b.split_at(n);
        self.b = t;
        Some(h)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
}

fn put_limits(b: &mut Vec<u8>, l: &ReadLimits) {
    put_u64(b, l.max_file_bytes);
    put_u64(b, l.max_unpacked_bytes);
    put_u64(b, l.max_ratio);
    put_u64(b, l.max_memory_bytes);
    put_u64(
        b,
        l.max_time.map_or(u64::MAX, |t| {
            u64::try_from(t.as_millis()).unwrap_or(u64::MAX - 1)
        }),
    );
}

fn get_limits(d: &mut Dec<'_>) -> Option<ReadLimits> {
    Some(ReadLimits {
        max_file_bytes: d.u64()?,
        max_unpacked_bytes: d.u64()?,
        max_ratio: d.u64()?,
        max_memory_bytes: d.u64()?,
        max_time: match d.u64()? {
            u64::MAX => None,
            ms => Some(Duration::from_millis(ms)),
        },
    })
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(unix)]
fn path_from(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().into_owned().into_bytes()
}

#[cfg(not(unix))]
fn path_from(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

fn format_code(f: Format) -> u8 {
    match f {
        Format::Xlsx => 1,
        Format::Xls => 2,
        Format::Ods => 3,
        Format::SpreadsheetMl => 4,
        Format::Xlsb => 5,
    }
}

fn format_of(c: u8) -> Option<Format> {
    match c {
        1 => Some(Format::Xlsx),
        2 => Some(Format::Xls),
        3 => Some(Format::Ods),
        4 => Some(Format::SpreadsheetMl),
        5 => Some(Format::Xlsb),
        _ => None,
    }
}

fn put_cell(b: &mut Vec<u8>, row: u32, col: u32, v: &CellRef<'_>) {
    b.push(CELL);
    put_u32(b, row);
    put_u32(b, col);
    match v {
        CellRef::Text(s) => {
            b.push(TEXT);
            put_bytes(b, s.as_bytes());
        }
        CellRef::Number(n) => {
            b.push(NUMBER);
            put_u64(b, n.to_bits());
        }
        CellRef::Bool(x) => {
            b.push(BOOL);
            b.push(u8::from(*x));
        }
        CellRef::Date(d) => {
            b.push(DATE);
            put_u32(b, chrono::Datelike::num_days_from_ce(d) as u32);
        }
        CellRef::Error(s) => {
            b.push(ERROR);
            put_bytes(b, s.as_bytes());
        }
        CellRef::Uncalculated(s) => {
            b.push(UNCALCULATED);
            put_bytes(b, s.as_bytes());
        }
    }
}

fn get_cell<'a>(d: &mut Dec<'a>) -> Option<(u32, u32, CellRef<'a>)> {
    let row = d.u32()?;
    let col = d.u32()?;
    let v = match d.u8()? {
        TEXT => CellRef::Text(d.str()?),
        NUMBER => CellRef::Number(f64::from_bits(d.u64()?)),
        BOOL => CellRef::Bool(d.u8()? != 0),
        DATE => CellRef::Date(NaiveDate::from_num_days_from_ce_opt(d.u32()? as i32)?),
        ERROR => CellRef::Error(d.str()?.to_string()),
        UNCALCULATED => CellRef::Uncalculated(d.str()?.to_string()),
        _ => return None,
    };
    Some((row, col, v))
}

fn put_failed(b: &mut Vec<u8>, e: &OpenError) {
    b.push(FAILED);
    put_bytes(b, &serde_json::to_vec(e).unwrap_or_default());
}

fn get_failed(d: &mut Dec<'_>) -> OpenError {
    d.bytes()
        .and_then(|j| serde_json::from_slice(j).ok())
        .unwrap_or(OpenError::ReaderFailed)
}

fn write_frame(w: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    w.write_all(&(payload.len() as u32).to_le_bytes())?;
    w.write_all(payload)
}

/// One frame; `None` at the end of the stream. A frame longer than
/// [`MAX_FRAME`] is refused, and memory grows with the bytes that come,
/// never with the length a frame declares.
fn read_frame(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(k) => got += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::ErrorKind::InvalidData.into());
    }
    let mut buf = Vec::with_capacity(len.min(FRAME + 1024));
    r.take(len as u64).read_to_end(&mut buf)?;
    if buf.len() < len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(buf))
}

// ---------------------------------------------------------------- worker

/// The worker's side: started as `wuyi __read-worker`, it answers requests
/// on standard input until that closes.
pub fn serve() -> ExitCode {
    workbook::guard::quiet_reader_panics();
    let memory = std::env::args()
        .skip_while(|a| a != "--memory")
        .nth(1)
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(bytes) = memory {
        limit_address_space(bytes);
    }
    // On a thread of its own, named as the in-process reader thread is,
    // so a panic reads the same, with the same room for the parsers'
    // recursion.
    let served = std::thread::Builder::new()
        .name(workbook::guard::READER_THREAD.into())
        .stack_size(workbook::guard::READER_STACK)
        .spawn(serve_requests)
        .map(|h| h.join().is_ok());
    match served {
        Ok(true) => ExitCode::SUCCESS,
        _ => ExitCode::from(3),
    }
}

/// The address space a worker allows itself, for a memory budget of
/// `budget` bytes: the budget's estimates err high, so twice the budget
/// is far past what a file within it uses; the rest is the program and
/// its buffers. (Only Unix sets the limit.)
#[cfg_attr(not(unix), allow(dead_code))]
fn address_space(budget: u64) -> Option<u64> {
    budget.checked_mul(2)?.checked_add(512 << 20)
}

#[cfg(unix)]
fn limit_address_space(budget: u64) {
    let Some(bytes) = address_space(budget) else {
        return;
    };
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct passed by reference and nothing
    // else; it only lowers this process's own limit.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

#[cfg(not(unix))]
fn limit_address_space(_budget: u64) {}

/// Streams cells into frames on standard output.
struct Sender<W: Write> {
    out: W,
    buf: Vec<u8>,
    broken: bool,
}

impl<W: Write> Sender<W> {
    fn flush_frame(&mut self) {
        if !self.buf.is_empty() && !self.broken {
            self.broken = write_frame(&mut self.out, &self.buf).is_err();
        }
        self.buf.clear();
    }
    fn end(&mut self) {
        self.flush_frame();
        if !self.broken {
            self.broken = self.out.flush().is_err();
        }
    }
}

impl<W: Write> CellSink for Sender<W> {
    fn cell(&mut self, row: u32, col: u32, value: CellRef<'_>) {
        put_cell(&mut self.buf, row, col, &value);
        if self.buf.len() >= FRAME {
            self.flush_frame();
        }
    }
}

fn serve_requests() {
    let mut input = BufReader::new(io::stdin().lock());
    let mut tx = Sender {
        out: BufWriter::with_capacity(FRAME + 1024, io::stdout().lock()),
        buf: Vec::with_capacity(FRAME + 1024),
        broken: false,
    };
    let mut opened: Option<workbook::Opened> = None;
    let mut rubric = None;
    while let Ok(Some(req)) = read_frame(&mut input) {
        let mut d = Dec { b: &req };
        match d.u8() {
            Some(OPEN) => {
                opened = None;
                let (Some(limits), Some(path)) = (get_limits(&mut d), d.bytes()) else {
                    put_failed(&mut tx.buf, &OpenError::ReaderFailed);
                    tx.end();
                    continue;
                };
                let path = path_from(path);
                fault_for_tests(&path);
                let got = std::panic::catch_unwind(|| {
                    workbook::OpenOptions::new().limits(&limits).open(&path)
                });
                match got {
                    Ok(Ok(wb)) => {
                        tx.buf.push(OPENED);
                        tx.buf.push(format_code(wb.format));
                        tx.buf.push(u8::from(wb.is_1904));
                        put_u32(&mut tx.buf, wb.sheet_names.len() as u32);
                        for n in &wb.sheet_names {
                            put_bytes(&mut tx.buf, n.as_bytes());
                        }
                        opened = Some(wb);
                    }
                    Ok(Err(e)) => put_failed(&mut tx.buf, &e),
                    Err(_) => put_failed(&mut tx.buf, &OpenError::ReaderFailed),
                }
            }
            Some(SHEET) => {
                let name = d.str().unwrap_or_default().to_string();
                let result = match opened.as_mut() {
                    Some(wb) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        wb.read_sheet(&name, &mut tx)
                    }))
                    .unwrap_or(Err(OpenError::ReaderFailed)),
                    None => Err(OpenError::ReaderFailed),
                };
                match result {
                    Ok(()) => tx.buf.push(DONE),
                    Err(e) => {
                        // Cells already sent are dropped by the parent.
                        opened = None;
                        put_failed(&mut tx.buf, &e);
                    }
                }
            }
            Some(scoring::SCORE) => {
                opened = None;
                scoring::serve(&mut d, &mut rubric, &mut tx.buf);
            }
            _ => put_failed(&mut tx.buf, &OpenError::ReaderFailed),
        }
        tx.end();
        if tx.broken {
            return;
        }
    }
}

/// In debug builds, with `WUYI_TEST_FAULTS` set, a file whose bytes start
/// with `WUYI-FAULT:` makes the worker fail the way its name says, so the
/// tests can show that each way a reader can die costs one verdict. Not
/// compiled into release builds.
#[cfg(debug_assertions)]
fn fault_for_tests(path: &Path) {
    if std::env::var_os("WUYI_TEST_FAULTS").is_none() {
        return;
    }
    let mut head = [0u8; 32];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let Some(kind) = head[..n].strip_prefix(b"WUYI-FAULT:") else {
        return;
    };
    #[allow(unconditional_recursion)]
    fn deep(n: u64) -> u64 {
        let pad = std::hint::black_box([n; 512]);
        deep(pad[7] + 1) + pad[3]
    }
    if kind.starts_with(b"abort") {
        std::process::abort();
    } else if kind.starts_with(b"stack") {
        std::hint::black_box(deep(0));
    } else if kind.starts_with(b"memory") {
        let mut hoard: Vec<Vec<u8>> = Vec::new();
        loop {
            hoard.push(vec![1u8; 64 << 20]);
            std::hint::black_box(&hoard);
        }
    } else if kind.starts_with(b"hang") {
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}

#[cfg(not(debug_assertions))]
fn fault_for_tests(_path: &Path) {}

// ---------------------------------------------------------------- parent

/// How a worker failed to answer.
enum Gone {
    /// It ended, or its pipe broke.
    Died,
    /// It did not answer in time, and was stopped.
    TimedOut,
}

/// A worker process and the way to it.
struct Worker {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    frames: mpsc::Receiver<io::Result<Vec<u8>>>,
    /// The memory budget it was started for.
    memory: u64,
    /// The rubric it holds for scoring ([`Scorer`]'s id), once sent.
    rubric: Option<u64>,
}

impl Worker {
    fn spawn(exe: &Path, memory: u64) -> io::Result<Worker> {
        let mut command = Command::new(exe);
        // On Windows a worker must not join the console: the program holds
        // a window opened from Explorer only while it is the console's one
        // process, and workers live until the program ends.
        #[cfg(windows)]
        {
            use std::os::windows::process::CommandExt;
            const CREATE_NO_WINDOW: u32 = 0x0800_0000;
            command.creation_flags(CREATE_NO_WINDOW);
        }
        let mut child = command
            .arg(SUBCOMMAND)
            .arg("--memory")
            .arg(memory.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::ErrorKind::BrokenPipe.into());
        };
        // Frames are read on a thread of their own, so the caller can stop
        // waiting at the file's deadline.
        let (tx, frames) = mpsc::sync_channel(4);
        std::thread::Builder::new()
            .name("wuyi-worker-pipe".into())
            .spawn(move || {
                let mut r = BufReader::with_capacity(FRAME + 1024, stdout);
                loop {
                    let f = read_frame(&mut r);
                    let end = !matches!(f, Ok(Some(_)));
                    let sent = match f {
                        Ok(Some(b)) => tx.send(Ok(b)),
                        Ok(None) => tx.send(Err(io::ErrorKind::UnexpectedEof.into())),
                        Err(e) => tx.send(Err(e)),
                    };
                    if end || sent.is_err() {
                        return;
                    }
                }
            })?;
        Ok(Worker {
            child,
            stdin: BufWriter::new(stdin),
            frames,
            memory,
            rubric: None,
        })
    }

    fn send(&mut self, kind: u8, payload: &[u8]) -> Result<(), Gone> {
        let mut frame = Vec::with_capacity(payload.len() + 1);
        frame.push(kind);
        frame.extend_from_slice(payload);
        write_frame(&mut self.stdin, &frame)
            .and_then(|()| self.stdin.flush())
            .map_err(|_| Gone::Died)
    }

    fn frame(&mut self, deadline: Option<Instant>) -> Result<Vec<u8>, Gone> {
        let got = match deadline {
            None => self.frames.recv().map_err(|_| Gone::Died),
            Some(d) => self
                .frames
                .recv_timeout(d.saturating_duration_since(Instant::now()))
                .map_err(|e| match e {
                    mpsc::RecvTimeoutError::Timeout => Gone::TimedOut,
                    mpsc::RecvTimeoutError::Disconnected => Gone::Died,
                }),
        };
        match got {
            Ok(Ok(f)) => Ok(f),
            Ok(Err(_)) => Err(Gone::Died),
            Err(g) => Err(g),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // A worker that is done ends when its input closes; one that is
        // not (it hung, or is past saving) is stopped.
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

thread_local! {
    /// The worker serving this thread's files.
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

/// A workbook opened in a worker: its sheets are read there and their
/// cells streamed here.
struct Remote<'w> {
    worker: &'w mut Worker,
    deadline: Option<Instant>,
    timeout_seconds: u64,
    format: Format,
    is_1904: bool,
    names: Vec<String>,
    /// Set once the worker has failed: it is then replaced.
    gone: bool,
}

impl Remote<'_> {
    fn lost(&mut self, g: Gone) -> OpenError {
        self.gone = true;
        match g {
            Gone::Died => OpenError::WorkerDied,
            Gone::TimedOut => OpenError::TimedOut {
                seconds: self.timeout_seconds,
            },
        }
    }
}

impl SheetSource for Remote<'_> {
    fn format(&self) -> Format {
        self.format
    }
    fn is_1904(&self) -> bool {
        self.is_1904
    }
    fn sheet_names(&self) -> &[String] {
        &self.names
    }
    fn read_sheet(&mut self, name: &str, sink: &mut dyn CellSink) -> Result<(), OpenError> {
        let mut req = Vec::new();
        put_bytes(&mut req, name.as_bytes());
        if let Err(g) = self.worker.send(SHEET, &req) {
            return Err(self.lost(g));
        }
        loop {
            let frame = match self.worker.frame(self.deadline) {
                Ok(f) => f,
                Err(g) => return Err(self.lost(g)),
            };
            let mut d = Dec { b: &frame };
            while !d.b.is_empty() {
                match d.u8() {
                    Some(CELL) => match get_cell(&mut d) {
                        Some((r, c, v)) => sink.cell(r, c, v),
                        None => return Err(self.lost(Gone::Died)),
                    },
                    Some(DONE) => return Ok(()),
                    Some(FAILED) => return Err(get_failed(&mut d)),
                    _ => return Err(self.lost(Gone::Died)),
                }
            }
        }
    }
}

/// Reading each file in this thread's worker process.
#[derive(Debug, Clone, Copy)]
pub struct Workers;

impl ledger::FileReader for Workers {
    /// In a worker; in-process when none can be started.
    fn read(
        &self,
        path: &Path,
        limits: &ReadLimits,
        aliases: &std::sync::Arc<ledger::contract::Aliases>,
    ) -> Ledger {
        read(path, limits, aliases)
            .unwrap_or_else(|| ledger::read_guarded_as(path, limits, aliases))
    }
}

/// How this run reads its files: in worker processes once [`enable`] has
/// been called (as the binary's `main` does), else in-process.
pub fn reader() -> &'static dyn ledger::FileReader {
    if enabled() {
        &Workers
    } else {
        &ledger::InProcess
    }
}

/// Runs `f` with this thread's worker slot, holding a worker for `limits`
/// (started, or replaced when its memory limit differs); `f` empties the
/// slot when its worker must never be handed another file. `None` when
/// workers are not enabled or none can be started.
fn with_worker<T>(
    limits: &ReadLimits,
    f: impl FnOnce(&mut Option<Worker>) -> Option<T>,
) -> Option<T> {
    let exe = EXE.get()?;
    WORKER.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot
            .as_ref()
            .is_some_and(|w| w.memory != limits.max_memory_bytes)
        {
            *slot = None;
        }
        if slot.is_none() {
            *slot = Some(Worker::spawn(exe, limits.max_memory_bytes).ok()?);
        }
        f(&mut slot)
    })
}

/// Reads `path` into a ledger in this thread's worker, starting one if
/// need be; `None` when workers are not enabled or none can be started
/// (the caller then reads in-process).
pub fn read(
    path: &Path,
    limits: &ReadLimits,
    aliases: &std::sync::Arc<wuyi_core::ledger::contract::Aliases>,
) -> Option<Ledger> {
    with_worker(limits, |slot| {
        let worker = slot.as_mut()?;
        let (ledger, gone) = read_in(worker, path, limits, aliases);
        if gone {
            // Never handed another file.
            *slot = None;
        }
        Some(ledger)
    })
}

fn read_in(
    worker: &mut Worker,
    path: &Path,
    limits: &ReadLimits,
    aliases: &std::sync::Arc<wuyi_core::ledger::contract::Aliases>,
) -> (Ledger, bool) {
    let deadline = limits
        .max_time
        .and_then(|t| Instant::now().checked_add(t.saturating_add(GRACE)));
    let timeout_seconds = limits.max_time.map_or(0, |t| t.as_secs().max(1));
    let mut req = Vec::new();
    put_limits(&mut req, limits);
    put_bytes(&mut req, &path_bytes(path));
    let lost = |g: Gone| match g {
        Gone::Died => OpenError::WorkerDied,
        Gone::TimedOut => OpenError::TimedOut {
            seconds: timeout_seconds,
        },
    };
    if let Err(g) = worker.send(OPEN, &req) {
        return (ledger::unreadable(path, &lost(g)), true);
    }
    let frame = match worker.frame(deadline) {
        Ok(f) => f,
        Err(g) => return (ledger::unreadable(path, &lost(g)), true),
    };
    let mut d = Dec { b: &frame };
    let opened = match d.u8() {
        Some(OPENED) => (|| {
            let format = format_of(d.u8()?)?;
            let is_1904 = d.u8()? != 0;
            let n = d.u32()? as usize;
            let mut names = Vec::with_capacity(n.min(4096));
            for _ in 0..n {
                names.push(d.str()?.to_string());
            }
            Some((format, is_1904, names))
        })(),
        Some(FAILED) => return (ledger::unreadable(path, &get_failed(&mut d)), false),
        _ => None,
    };
    let Some((format, is_1904, names)) = opened else {
        return (ledger::unreadable(path, &OpenError::WorkerDied), true);
    };
    let mut remote = Remote {
        worker,
        deadline,
        timeout_seconds,
        format,
        is_1904,
        names,
        gone: false,
    };
    let ledger = match ledger::from_source(path, &mut remote, aliases) {
        Ok(l) => l,
        Err(e) => ledger::unreadable(path, &e),
    };
    (ledger, remote.gone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_limits_cross_the_wire_unchanged() {
        let cells = [
            CellRef::Text("幸福里\u{0}小区"),
            CellRef::Number(-0.1),
            CellRef::Number(f64::NAN),
            CellRef::Bool(true),
            CellRef::Date(NaiveDate::from_ymd_opt(2022, 3, 31).unwrap()),
            CellRef::Error("#DIV/0!".into()),
            CellRef::Uncalculated("SUM(A1:A2)".into()),
        ];
        let mut b = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            put_cell(&mut b, i as u32, u32::MAX - i as u32, c);
        }
        let mut d = Dec { b: &b };
        for (i, c) in cells.iter().enumerate() {
            assert_eq!(d.u8(), Some(CELL));
            let (r, col, v) = get_cell(&mut d).unwrap();
            assert_eq!((r, col), (i as u32, u32::MAX - i as u32));
            match (c, &v) {
                (CellRef::Number(a), CellRef::Number(b)) => assert_eq!(a.to_bits(), b.to_bits()),
                _ => assert_eq!(c, &v),
            }
        }
        assert!(d.b.is_empty());
        for limits in [ReadLimits::default(), ReadLimits::unlimited()] {
            let mut b = Vec::new();
            put_limits(&mut b, &limits);
            assert_eq!(get_limits(&mut Dec { b: &b }), Some(limits));
        }
        let e = OpenError::FalseCount {
            what: workbook::Declared::SharedStrings,
            declared: 4_000_000_000,
            most: 9,
        };
        let mut b = Vec::new();
        put_failed(&mut b, &e);
        let mut d = Dec { b: &b };
        assert_eq!(d.u8(), Some(FAILED));
        assert_eq!(get_failed(&mut d), e);
    }

    #[test]
    fn a_truncated_record_reads_as_nothing() {
        let mut b = Vec::new();
        put_cell(&mut b, 1, 2, &CellRef::Text("abc"));
        b.truncate(b.len() - 1);
        let mut d = Dec { b: &b[1..] };
        assert!(get_cell(&mut d).is_none());
    }

    #[test]
    fn hostile_frames_are_refused() {
        // Whole frames, one after another, then the end.
        let mut b = Vec::new();
        write_frame(&mut b, b"one").unwrap();
        write_frame(&mut b, b"").unwrap();
        write_frame(&mut b, &vec![7u8; FRAME * 3]).unwrap();
        let mut r = &b[..];
        assert_eq!(read_frame(&mut r).unwrap().unwrap(), b"one");
        assert_eq!(read_frame(&mut r).unwrap().unwrap(), b"");
        assert_eq!(read_frame(&mut r).unwrap().unwrap().len(), FRAME * 3);
        assert!(read_frame(&mut r).unwrap().is_none());
        // A length past the largest frame is refused before anything is
        // read; one within it but cut short ends in an error, having held
        // only what came.
        let mut over = (MAX_FRAME as u32 + 1).to_le_bytes().to_vec();
        over.extend_from_slice(b"abc");
        let e = read_frame(&mut &over[..]).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        let mut short = (MAX_FRAME as u32).to_le_bytes().to_vec();
        short.extend_from_slice(b"abc");
        let e = read_frame(&mut &short[..]).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
        let e = read_frame(&mut &[1u8, 0][..]).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
        // Cut anywhere inside a frame: an error, never a frame.
        for cut in 1..7 {
            assert!(read_frame(&mut &b[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn the_address_space_leaves_room_over_the_budget() {
        assert_eq!(address_space(1 << 30), Some((2 << 30) + (512 << 20)));
        assert_eq!(address_space(u64::MAX), None);
    }
}
