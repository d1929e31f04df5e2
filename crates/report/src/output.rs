//! Where a command's output goes, and what happens when writing it fails or
//! the run is stopped.
//!
//! - **A lock held for the run.** [`RunLock`] locks a file beside the
//!   target (`.<name>.wuyi-lock`) from before the inputs are read until the
//!   output is in place; a second run writing the same target refuses at
//!   once, naming the target, instead of interleaving its files.
//! - **A report folder is staged whole.** [`Staged`] is a folder beside the
//!   target (`.wuyi-staging-*`) that the report is written into; only once
//!   every file of it is written is it renamed into place, so the target is
//!   never half a report, and an old report there is untouched until the
//!   new one is complete.
//! - **Faults in the user's language.** [`explain`] turns a failed write
//!   (full disk, quota, file-size limit, no permission, read-only disk,
//!   a folder that cannot be made) into one sentence naming the target,
//!   without the operating system's English or a temporary file's name.
//! - **Interrupted runs leave nothing behind.** On Ctrl-C, SIGTERM or
//!   SIGHUP the staging folder, any temporary file being written and the
//!   lock file are removed, and the process exits 130 (SIGINT) or 143
//!   (SIGTERM, and 129 for SIGHUP). Temporary files and folders are made
//!   only under the same lock the cleanup takes, so none can appear after
//!   it.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Result, anyhow};

use crate::i18n::Lang;

/// Paths to remove if the run is stopped, and whether it has been.
struct Pending {
    paths: Vec<PathBuf>,
    stopped: bool,
}

static PENDING: Mutex<Pending> = Mutex::new(Pending {
    paths: Vec::new(),
    stopped: false,
});

fn pending() -> std::sync::MutexGuard<'static, Pending> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `make` (which creates `path`) and records `path` for removal should
/// the run be stopped; refuses once it has been.
pub(crate) fn create_pending<T>(
    path: &Path,
    make: impl FnOnce() -> io::Result<T>,
) -> io::Result<T> {
    create_pending_as(make, |_| path.to_path_buf())
}

/// [`create_pending`] for something whose path is known once made.
pub(crate) fn create_pending_as<T>(
    make: impl FnOnce() -> io::Result<T>,
    path_of: impl FnOnce(&T) -> PathBuf,
) -> io::Result<T> {
    let mut p = pending();
    if p.stopped {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "stopped"));
    }
    let made = make()?;
    p.paths.push(path_of(&made));
    Ok(made)
}

/// Runs `make` unless the run has been stopped, and so that no stop
/// cleans up while it runs (it may make a folder a stop is removing).
pub(crate) fn guarded<T>(make: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    let p = pending();
    if p.stopped {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "stopped"));
    }
    make()
}

/// Forgets `path`: it was removed or put in place.
pub(crate) fn forget_pending(path: &Path) {
    pending().paths.retain(|p| p != path);
}

/// Runs `f` while no cleanup can run, so a rename into place is whole
/// before a stop removes what is pending.
pub(crate) fn settled<T>(f: impl FnOnce() -> T) -> T {
    let _p = pending();
    f()
}

/// Removes everything pending, for a stop. Holds the lock until the
/// process exits.
fn stop(code: i32, lang: Lang) -> ! {
    let mut p = pending();
    p.stopped = true;
    for path in p.paths.iter().rev() {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(path);
        } else {
            let _ = std::fs::remove_file(path);
        }
    }
    eprintln!(
        "\nwuyi: {}",
        lang.pick(
            "已中断：没有写入报告，原有报告（如有）未改动，也没有留下临时文件",
            "interrupted: no report was written, an old report (if any) is untouched, and no temporary files are left",
        )
    );
    std::process::exit(code)
}

/// Installs the handlers for Ctrl-C and termination, once. Until a command
/// that writes calls this, a stop is the operating system's default.
pub fn handle_stops(lang: Lang) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| install(lang));
}

#[cfg(unix)]
fn install(lang: Lang) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    // Past a file-size limit (RLIMIT_FSIZE) the kernel would kill the
    // process; with the signal caught, the write fails with EFBIG instead,
    // and the run says so in words.
    let _ = signal_hook::flag::register(
        SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("wuyi-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                stop(128 + sig, lang);
            }
        });
}

#[cfg(windows)]
fn install(lang: Lang) {
    let _ = ctrlc::set_handler(move || stop(130, lang));
}

#[cfg(not(any(unix, windows)))]
fn install(_lang: Lang) {}

/// The name of `path` for the names of the files beside it.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into())
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A lock on an output for the length of a run.
pub struct RunLock {
    path: PathBuf,
    file: Option<File>,
}

impl RunLock {
    /// Locks `target` (a file or folder, existing or not) for this run.
    /// Refuses, naming it, when another run holds it.
    pub fn acquire(target: &Path, lang: Lang) -> Result<RunLock> {
        handle_stops(lang);
        let dir = parent(target);
        std::fs::create_dir_all(&dir).map_err(|e| explain_io(&e, target, lang))?;
        let path = dir.join(format!(".{}.wuyi-lock", file_name(target)));
        // A lock file is removed when its run ends; one removed between
        // being opened here and locked is a stale handle, and is opened
        // again.
        for _ in 0..100 {
            let file = create_pending(&path, || {
                std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&path)
            })
            .map_err(|e| explain_io(&e, target, lang))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    forget_pending(&path);
                    return Err(busy(target, lang));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    forget_pending(&path);
                    return Err(explain_io(&e, target, lang));
                }
            }
            if same_file(&file, &path) {
                return Ok(RunLock {
                    path,
                    file: Some(file),
                });
            }
        }
        Err(busy(target, lang))
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    // An open file cannot be removed on Windows.
    path.exists()
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _p = pending();
        // Removed while still locked, so no run locks a file about to go;
        // on Windows, where an open file cannot be removed, just after.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        drop(self.file.take());
        #[cfg(not(unix))]
        let _ = std::fs::remove_file(&self.path);
        drop(_p);
        forget_pending(&self.path);
    }
}

fn busy(target: &Path, lang: Lang) -> anyhow::Error {
    let t = shown(target);
    anyhow!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "另一个 wuyi 正在写入 {t}，本次未运行；请等它结束后再试，或用 --out 另选位置"
            ),
            Lang::En => format!(
                "another wuyi run is writing {t}; this one did not start. Wait for it to finish, or choose another place with --out"
            ),
        }
    )
}

fn shown(path: &Path) -> String {
    crate::text::sanitize(&path.display().to_string())
}

/// A report folder being written: the lock on its target, and a staging
/// folder beside it that becomes the target once complete. Dropped without
/// [`Staged::commit`], the staging folder is removed and the target is as
/// it was.
pub struct Staged {
    target: PathBuf,
    staging: PathBuf,
    lang: Lang,
    _lock: RunLock,
}

impl Staged {
    /// Locks `target` and makes an empty staging folder beside it.
    pub fn folder(target: &Path, lang: Lang) -> Result<Staged> {
        let lock = RunLock::acquire(target, lang)?;
        let dir = parent(target);
        let staging = create_staging(&dir, target, lang)?;
        Ok(Staged {
            target: target.to_path_buf(),
            staging,
            lang,
            _lock: lock,
        })
    }

    /// Where the report is written.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Where the report goes once complete.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the staged report in place of the target. Entries of an
    /// existing target named in `replaces` (what an earlier report may
    /// hold, in any language) are replaced; anything else in it is carried
    /// over into the new folder, so no file of the user's is lost.
    pub fn commit(self, replaces: &[&str]) -> Result<()> {
        let (target, staging, lang) = (&self.target, &self.staging, self.lang);
        let fail = |e: io::Error| explain_io(&e, target, lang);
        if !target.exists() {
            settled(|| std::fs::rename(staging, target)).map_err(fail)?;
            forget_pending(staging);
            return Ok(());
        }
        // Move the old folder aside, the new one in, and what the user
        // keeps there across; then the old report goes.
        let dir = parent(target);
        let old = create_staging(&dir, target, lang)?;
        settled(|| -> io::Result<()> {
            std::fs::remove_dir(&old)?;
            std::fs::rename(target, &old)?;
            if let Err(e) = std::fs::rename(staging, target) {
                let _ = std::fs::rename(&old, target);
                return Err(e);
            }
            Ok(())
        })
        .map_err(fail)?;
        forget_pending(staging);
        let mut kept_all = true;
        if let Ok(entries) = std::fs::read_dir(&old) {
            for e in entries.flatten() {
                let name = e.file_name();
                let ours = replaces.iter().any(|r| name == std::ffi::OsStr::new(r))
                    || name.to_string_lossy().starts_with(".wuyi-");
                if !ours && std::fs::rename(e.path(), target.join(&name)).is_err() {
                    kept_all = false;
                }
            }
        }
        if kept_all {
            let _ = std::fs::remove_dir_all(&old);
            forget_pending(&old);
        } else {
            forget_pending(&old);
            eprintln!(
                "wuyi: {}",
                match lang {
                    Lang::Zh => format!(
                        "原输出文件夹中的部分其他文件未能移入新报告，仍保留在 {}",
                        shown(&old)
                    ),
                    Lang::En => format!(
                        "some other files of the old output folder could not be moved into the new report; they are kept in {}",
                        shown(&old)
                    ),
                }
            );
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.staging.exists() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        forget_pending(&self.staging);
    }
}

fn create_staging(dir: &Path, target: &Path, lang: Lang) -> Result<PathBuf> {
    let name: String = file_name(target).chars().take(40).collect();
    let mut made = None;
    let mut err = None;
    for n in 0..1000u32 {
        let path = dir.join(format!(".wuyi-staging-{name}-{}-{n}", std::process::id()));
        match create_pending(&path, || std::fs::create_dir(&path)) {
            Ok(()) => {
                made = Some(path);
                break;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    match (made, err) {
        (Some(p), _) => Ok(p),
        (None, Some(e)) => Err(explain_io(&e, target, lang)),
        (None, None) => Err(explain_io(
            &io::Error::from(io::ErrorKind::AlreadyExists),
            target,
            lang,
        )),
    }
}

/// The operating-system fault under a failed write, wherever in the chain
/// of causes it sits (serializers wrap it).
fn io_kind(e: &anyhow::Error) -> Option<io::ErrorKind> {
    for cause in e.chain() {
        if let Some(io) = cause.downcast_ref::<io::Error>() {
            return Some(io.kind());
        }
        if let Some(j) = cause.downcast_ref::<serde_json::Error>()
            && let Some(kind) = j.io_error_kind()
        {
            return Some(kind);
        }
        if let Some(c) = cause.downcast_ref::<csv::Error>()
            && let csv::ErrorKind::Io(io) = c.kind()
        {
            return Some(io.kind());
        }
    }
    None
}

/// A failed write of `target` as one sentence in the user's language, or
/// the error as it was where it is not a fault of the place written to.
pub fn explain(e: anyhow::Error, target: &Path, lang: Lang) -> anyhow::Error {
    match io_kind(&e) {
        Some(kind) => fault(kind, target, lang).unwrap_or(e),
        None => e,
    }
}

/// [`explain`] for the run's own temporary files (kept in the system's
/// temporary folder while a batch is scored).
pub fn explain_temp(e: anyhow::Error, lang: Lang) -> anyhow::Error {
    let Some(kind) = io_kind(&e) else {
        return e;
    };
    let Some(why) = reason(kind, lang) else {
        return e;
    };
    let t = shown(&std::env::temp_dir());
    anyhow!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "无法写入临时文件夹 {t} 中的临时文件：{why}。没有写入报告，原有报告（如有）未改动"
            ),
            Lang::En => format!(
                "cannot write a temporary file in {t}: {why}. No report was written, and an old report (if any) is untouched"
            ),
        }
    )
}

fn explain_io(e: &io::Error, target: &Path, lang: Lang) -> anyhow::Error {
    fault(e.kind(), target, lang).unwrap_or_else(|| anyhow!("{}: {e}", shown(target)))
}

fn fault(kind: io::ErrorKind, target: &Path, lang: Lang) -> Option<anyhow::Error> {
    let why = reason(kind, lang)?;
    let t = shown(target);
    Some(anyhow!(
        "{}",
        match lang {
            Lang::Zh =>
                format!("无法写入 {t}：{why}。没有留下不完整的报告，原有报告（如有）未改动"),
            Lang::En => format!(
                "cannot write {t}: {why}. No partial report was left, and an old report (if any) is untouched"
            ),
        }
    ))
}

/// What went wrong, in words, for the faults of a place written to.
fn reason(kind: io::ErrorKind, lang: Lang) -> Option<&'static str> {
    use io::ErrorKind as K;
    Some(match kind {
        K::StorageFull => lang.pick("磁盘空间不足", "the disk is full"),
        K::QuotaExceeded => lang.pick("磁盘配额已用完", "the disk quota is used up"),
        K::FileTooLarge => lang.pick(
            "文件超过了系统允许的大小上限",
            "a file would pass the size limit the system allows",
        ),
        K::PermissionDenied => lang.pick("没有写入权限", "permission to write there is denied"),
        K::ReadOnlyFilesystem => lang.pick("该磁盘是只读的", "the disk is read-only"),
        K::NotFound | K::NotADirectory | K::AlreadyExists => lang.pick(
            "无法创建输出文件夹（路径中有不存在或不是文件夹的部分）",
            "the output folder cannot be made (part of the path is missing or not a folder)",
        ),
        K::Interrupted => lang.pick("运行被中断", "the run was interrupted"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_target_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("报告");
        let first = RunLock::acquire(&target, Lang::En).unwrap();
        let second = RunLock::acquire(&target, Lang::En).err().unwrap();
        assert!(second.to_string().contains("another wuyi run"), "{second}");
        let other = RunLock::acquire(&dir.path().join("other"), Lang::En);
        assert!(other.is_ok());
        drop(first);
        drop(other);
        assert!(RunLock::acquire(&target, Lang::Zh).is_ok());
        // Nothing is left beside the target.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_staged_folder_replaces_the_report_and_keeps_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("results.json"), "old").unwrap();
        std::fs::write(target.join("说明.txt"), "mine").unwrap();
        let staged = Staged::folder(&target, Lang::Zh).unwrap();
        std::fs::write(staged.path().join("results.json"), "new").unwrap();
        // Until committed, the old report is what is there.
        assert_eq!(
            std::fs::read_to_string(target.join("results.json")).unwrap(),
            "old"
        );
        staged.commit(&["results.json"]).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("results.json")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("说明.txt")).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_staged_folder_dropped_unfinished_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let staged = Staged::folder(&target, Lang::Zh).unwrap();
        std::fs::write(staged.path().join("half"), "x").unwrap();
        drop(staged);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn faults_read_in_the_users_language() {
        let full = anyhow::Error::new(io::Error::from(io::ErrorKind::StorageFull))
            .context("writing /x/.wuyi-abc.tmp");
        let zh = explain(full, Path::new("/x/报告"), Lang::Zh).to_string();
        assert!(
            zh.contains("磁盘空间不足") && zh.contains("/x/报告"),
            "{zh}"
        );
        assert!(!zh.contains(".tmp"), "{zh}");
        let big = anyhow::Error::new(serde_json::Error::io(io::Error::from(
            io::ErrorKind::FileTooLarge,
        )));
        let en = explain(big, Path::new("out"), Lang::En).to_string();
        assert!(en.contains("size limit"), "{en}");
        let other = explain(anyhow!("rubric broken"), Path::new("out"), Lang::En);
        assert_eq!(other.to_string(), "rubric broken");
    }
}
