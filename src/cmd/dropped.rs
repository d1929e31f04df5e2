//! Files dropped on the program. On Windows, dropping workbooks or a folder
//! onto `wuyi.exe` starts it with their paths as the only arguments — no
//! subcommand, no options. Such a command line is scored as
//! `wuyi score --feedback --out <folder beside the first input> <paths…>`,
//! so staff who never open a console still get every report.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::cli::Cli;
use wuyi_report::i18n::Lang;

/// The paths of a drop: every argument after the program's name, when the
/// first names an existing file or folder and is not a subcommand, and none
/// is an option. `None` for an ordinary command line.
pub fn dropped_paths(args: &[OsString]) -> Option<Vec<PathBuf>> {
    let rest = args.get(1..)?;
    let first = rest.first()?;
    if is_subcommand(first) || rest.iter().any(|a| a.to_string_lossy().starts_with('-')) {
        return None;
    }
    if std::fs::symlink_metadata(first).is_err() {
        return None;
    }
    Some(rest.iter().map(PathBuf::from).collect())
}

fn is_subcommand(arg: &OsStr) -> bool {
    let Some(arg) = arg.to_str() else {
        return false;
    };
    arg == "help"
        || Cli::command()
            .get_subcommands()
            .any(|c| c.get_name() == arg || c.get_all_aliases().any(|a| a == arg))
}

/// The command line a drop stands for: `score` with feedback workbooks,
/// writing to a new report folder beside the first input.
pub fn score_command_line(program: &OsStr, paths: &[PathBuf], lang: Lang) -> Vec<OsString> {
    let first = paths
        .first()
        .map(PathBuf::as_path)
        .unwrap_or(Path::new("."));
    let out = super::score::new_report_dir(&beside(first), lang);
    let mut line: Vec<OsString> = vec![
        program.to_os_string(),
        "score".into(),
        "--feedback".into(),
        "--out".into(),
        out.into_os_string(),
        "--".into(),
    ];
    line.extend(paths.iter().map(|p| p.as_os_str().to_os_string()));
    line
}

/// The folder a report goes into for a dropped path: the folder holding it
/// (for a dropped folder, the folder above it, so the report is not mixed
/// in with the submissions). A drive's root has no folder above it; its
/// report goes into it.
fn beside(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    match abs.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => abs,
    }
}

/// What is printed when the program is started with nothing at all — on
/// Windows, double-clicked: how to use it without a console.
pub fn no_arguments_hint() -> &'static str {
    "用法：把台账文件或文件夹拖到 wuyi 程序（Windows 上是 wuyi.exe）的图标上即可评分，\
报告文件夹保存在第一个文件旁边；也可以在命令行中输入下面的命令。\n\
Usage: drop ledger workbooks or a folder onto the wuyi program (wuyi.exe on Windows) to \
score them, with the reports in a new folder beside the first; or type one of the commands \
below.\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    /// The report folder `out` is in `dir`, named `prefix` and a time.
    fn assert_report_beside(out: &OsStr, dir: &Path, prefix: &str) {
        let out = PathBuf::from(out);
        assert_eq!(out.parent(), Some(dir));
        let name = out.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(prefix), "{name}");
    }

    #[test]
    fn existing_paths_alone_are_a_drop() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("东关 社区.xlsx");
        std::fs::write(&a, b"x").unwrap();
        let sub = dir.path().join("收件箱");
        std::fs::create_dir(&sub).unwrap();
        let args = vec![
            OsString::from("wuyi.exe"),
            a.clone().into(),
            sub.clone().into(),
        ];
        assert_eq!(dropped_paths(&args), Some(vec![a.clone(), sub]));

        let line = score_command_line(OsStr::new("wuyi.exe"), std::slice::from_ref(&a), Lang::Zh);
        assert_eq!(line[1..4], os(&["score", "--feedback", "--out"])[..]);
        assert_report_beside(&line[4], dir.path(), "评分结果-");
        assert_eq!(line[5], "--");
        assert_eq!(PathBuf::from(&line[6]), a);
    }

    #[test]
    fn a_dropped_folder_reports_beside_it_not_inside() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("2022Q1");
        std::fs::create_dir(&sub).unwrap();
        let line = score_command_line(OsStr::new("wuyi"), &[sub], Lang::En);
        assert_report_beside(&line[4], dir.path(), "scores-");
    }

    #[test]
    fn commands_options_and_typos_are_not_drops() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.xlsx");
        std::fs::write(&a, b"x").unwrap();
        let a = a.to_string_lossy().to_string();
        for args in [
            vec!["wuyi"],
            vec!["wuyi", "score", &a],
            vec!["wuyi", "check", &a],
            vec!["wuyi", "help"],
            vec!["wuyi", "--lang", "en", &a],
            vec!["wuyi", &a, "--out", "x"],
            vec!["wuyi", "scroe", &a],
            vec!["wuyi", "/no/such/file.xlsx"],
        ] {
            assert_eq!(dropped_paths(&os(&args)), None, "{args:?}");
        }
    }
}
