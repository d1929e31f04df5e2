//! Report output under faults: a second run on the same report folder, a
//! file-size limit, a full disk, a folder that cannot be made, and a run
//! stopped by Ctrl-C or SIGTERM. Each must leave the old report exactly as
//! it was (or the new one whole), no temporary files, and a clear message
//! in the user's language.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::util::hostile::*;
use crate::util::{wuyi, wuyi_cmd};

/// A folder `inbox` of `n` good workbooks, and an old report in `reports`,
/// made by a first run; returns the old report's results.
fn inbox_with_old_report(dir: &Path, n: usize) -> Vec<u8> {
    let inbox = dir.join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let bytes = clean();
    for i in 0..n {
        write(&inbox, &format!("{i:04}.xlsx"), &bytes);
    }
    let o = wuyi(&["score", "inbox", "--out", "reports"], dir);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read(dir.join("reports/results.json")).unwrap()
}

/// Everything in `dir` and below whose name says it is temporary: staging
/// folders, temporary files, lock files.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy();
            n.starts_with(".wuyi-staging")
                || (n.starts_with(".wuyi-") && n.ends_with(".tmp"))
                || n.ends_with(".wuyi-lock")
        })
        .map(|e| e.path().to_path_buf())
        .collect()
}

fn old_report_untouched(dir: &Path, old: &[u8]) {
    assert_eq!(
        std::fs::read(dir.join("reports/results.json")).unwrap(),
        old
    );
    let names: Vec<String> = std::fs::read_dir(dir.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for n in [
        "results.json",
        "results.csv",
        "评分汇总.xlsx",
        ".wuyi-report",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} missing: {names:?}");
    }
    assert_eq!(leftovers(dir), Vec::<PathBuf>::new());
}

#[test]
fn a_second_run_on_the_same_report_folder_refuses() {
    let tmp = tempfile::tempdir().unwrap();
    let old = inbox_with_old_report(tmp.path(), 2);
    // Another run holds the folder: its lock is held here.
    let lock_path = tmp.path().join(".reports.wuyi-lock");
    let lock = std::fs::File::create(&lock_path).unwrap();
    lock.try_lock().unwrap();
    for (lang, text) in [
        ("zh", "另一个 wuyi 正在写入"),
        ("en", "another wuyi run is writing"),
    ] {
        let o = wuyi(
            &[
                "--lang", lang, "score", "inbox", "--out", "reports", "--force",
            ],
            tmp.path(),
        );
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(text) && err.contains("reports"), "{err}");
    }
    assert_eq!(
        std::fs::read(tmp.path().join("reports/results.json")).unwrap(),
        old
    );
    drop(lock);
    std::fs::remove_file(&lock_path).unwrap();
    // Once it ends, the next run goes ahead, and leaves no lock behind.
    let o = wuyi(
        &["score", "inbox", "--out", "reports", "--force"],
        tmp.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(leftovers(tmp.path()), Vec::<PathBuf>::new());
}

#[test]
fn two_runs_at_once_never_mix_their_reports() {
    let tmp = tempfile::tempdir().unwrap();
    inbox_with_old_report(tmp.path(), 40);
    let spawn = || {
        wuyi_cmd()
            .args([
                "score",
                "inbox",
                "--out",
                "reports",
                "--force",
                "--feedback",
            ])
            .current_dir(tmp.path())
            .env("CI", "1")
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    // Each either wrote the report whole or refused; at least one wrote.
    let codes = [a.status.code(), b.status.code()];
    assert!(codes.contains(&Some(0)), "{codes:?}");
    for o in [&a, &b] {
        if o.status.code() == Some(2) {
            assert!(String::from_utf8_lossy(&o.stderr).contains("另一个 wuyi 正在写入"));
        } else {
            assert_eq!(o.status.code(), Some(0));
        }
    }
    let feedback = std::fs::read_dir(tmp.path().join("reports/反馈"))
        .unwrap()
        .count();
    assert_eq!(feedback, 40);
    assert_eq!(leftovers(tmp.path()), Vec::<PathBuf>::new());
}

/// Runs `wuyi` under a file-size limit of `blocks` (of the shell's units).
#[cfg(unix)]
fn wuyi_fsize(blocks: u32, args: &[&str], dir: &Path) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f {blocks} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_wuyi"))
        .args(args)
        .current_dir(dir)
        .env("CI", "1")
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_leaves_the_old_report_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let old = inbox_with_old_report(tmp.path(), 3);
    for (lang, text) in [
        ("zh", "文件超过了系统允许的大小上限"),
        ("en", "size limit the system allows"),
    ] {
        let o = wuyi_fsize(
            8,
            &[
                "--lang", lang, "score", "inbox", "--out", "reports", "--force",
            ],
            tmp.path(),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(text), "{err}");
        // Neither the operating system's words nor a temporary name.
        assert!(!err.contains(".tmp") && !err.contains("os error"), "{err}");
        old_report_untouched(tmp.path(), &old);
    }
}

#[test]
fn an_output_folder_that_cannot_be_made() {
    let tmp = tempfile::tempdir().unwrap();
    inbox_with_old_report(tmp.path(), 1);
    std::fs::write(tmp.path().join("a-file"), "x").unwrap();
    for (lang, text) in [("zh", "无法创建输出文件夹"), ("en", "cannot be made")] {
        let o = wuyi(
            &["--lang", lang, "score", "inbox", "--out", "a-file/reports"],
            tmp.path(),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains(text) && err.contains("a-file/reports"),
            "{err}"
        );
    }
    assert_eq!(leftovers(tmp.path()), Vec::<PathBuf>::new());
}

/// A small file system of its own, where the platform lets a test mount
/// one (Linux, as root); `None` elsewhere.
#[cfg(target_os = "linux")]
struct SmallDisk(PathBuf);

#[cfg(target_os = "linux")]
impl SmallDisk {
    fn mount(at: &Path, kb: u32) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kb}k"), "tmpfs"])
            .arg(at)
            .output()
            .ok()?
            .status
            .success();
        ok.then(|| SmallDisk(at.to_path_buf()))
    }
}

#[cfg(target_os = "linux")]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_old_report_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&tmp.path().join("disk"), 160) else {
        eprintln!("no small file system can be mounted here; full-disk test not run");
        return;
    };
    // An old report on the small disk, from a small batch.
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    write(&inbox, "0.xlsx", &clean());
    let o = wuyi(&["score", "inbox", "--out", "disk/reports"], tmp.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let old = std::fs::read(disk.0.join("reports/results.json")).unwrap();
    // A batch whose feedback cannot fit beside it.
    for i in 1..40 {
        write(&inbox, &format!("{i}.xlsx"), &clean());
    }
    for (lang, text) in [("zh", "磁盘空间不足"), ("en", "the disk is full")] {
        let o = wuyi(
            &[
                "--lang",
                lang,
                "score",
                "inbox",
                "--out",
                "disk/reports",
                "--force",
                "--feedback",
            ],
            tmp.path(),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(text), "{err}");
        assert!(!err.contains(".tmp") && !err.contains("os error"), "{err}");
        assert_eq!(
            std::fs::read(disk.0.join("reports/results.json")).unwrap(),
            old
        );
        assert!(!disk.0.join("reports/反馈").exists() && !disk.0.join("reports/feedback").exists());
        assert_eq!(leftovers(tmp.path()), Vec::<PathBuf>::new());
    }
}

/// Starts a long run over an old report, stops it with `signal` once it
/// is under way, and checks what it leaves.
#[cfg(unix)]
fn stopped_by(signal: &str, code: i32) {
    let tmp = tempfile::tempdir().unwrap();
    let old = inbox_with_old_report(tmp.path(), 2);
    let inbox = tmp.path().join("inbox");
    let bytes = xlsx(&{
        let mut c = community("大社区");
        c.households = community("x")
            .households
            .into_iter()
            .cycle()
            .take(3000)
            .collect();
        c
    });
    for i in 0..300 {
        write(&inbox, &format!("big-{i:03}.xlsx"), &bytes);
    }
    let mut child = wuyi_cmd()
        .args([
            "score",
            "inbox",
            "--out",
            "reports",
            "--force",
            "--feedback",
        ])
        .current_dir(tmp.path())
        .env("CI", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Under way: its staging folder is there.
    let started = Instant::now();
    while leftovers(tmp.path()).len() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the run never started"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it was stopped"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let killed = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(code), "{:?}", o.status);
    assert!(String::from_utf8_lossy(&o.stderr).contains("已中断"));
    old_report_untouched(tmp.path(), &old);
}

#[cfg(unix)]
#[test]
fn ctrl_c_leaves_the_old_report_and_no_temporary_files() {
    stopped_by("-INT", 130);
}

#[cfg(unix)]
#[test]
fn sigterm_leaves_the_old_report_and_no_temporary_files() {
    stopped_by("-TERM", 143);
}

#[test]
fn check_and_template_take_the_same_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    write(&inbox, "a.xlsx", &clean());
    for (target, args) in [
        (
            "problems.xlsx",
            vec!["--lang", "en", "check", "inbox", "--out", "problems.xlsx"],
        ),
        (
            "t.xlsx",
            vec!["--lang", "en", "template", "--out", "t.xlsx"],
        ),
    ] {
        let lock_path = tmp.path().join(format!(".{target}.wuyi-lock"));
        let lock = std::fs::File::create(&lock_path).unwrap();
        lock.try_lock().unwrap();
        let o = wuyi(&args, tmp.path());
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("another wuyi run is writing"));
        assert!(!tmp.path().join(target).exists());
        drop(lock);
        std::fs::remove_file(&lock_path).unwrap();
        let o = wuyi(&args, tmp.path());
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(tmp.path().join(target).exists());
    }
    assert_eq!(leftovers(tmp.path()), Vec::<PathBuf>::new());
}
