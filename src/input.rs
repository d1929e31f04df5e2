//! Which files a command was asked to read: files named directly, and the
//! workbooks found by walking folders.

use std::path::{Path, PathBuf};

/// A file the tool leaves in every report folder, so that scanning a folder
/// that holds earlier reports never reads them as submissions.
pub const REPORT_MARKER: &str = ".wuyi-report";

/// Extensions of the workbooks the tool reads, compared case-insensitively.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

pub fn is_workbook_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    // Excel and WPS leave "~$name.xlsx" lock files beside open workbooks.
    if name.starts_with("~$") || name.starts_with(".~") {
        return false;
    }
    // Award lists kept beside the submissions are the tool's own output.
    if name.ends_with("-无疫名单.xlsx") || name.ends_with("-award-list.xlsx") {
        return false;
    }
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.as_str()))
}

/// Expands the command line's paths into the files to read, sorted so runs
/// are repeatable. A path named directly is always kept, whatever its
/// extension, so that nothing the user named goes unaccounted for; in
/// folders only workbook names are taken. Paths that do not exist come back
/// in the second list.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for p in paths {
        let Ok(meta) = std::fs::metadata(p) else {
            missing.push(p.clone());
            continue;
        };
        if meta.is_dir() && !is_workbook_name(p) {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .follow_links(true)
                .into_iter()
                .filter_entry(|e| {
                    !(e.file_type().is_dir() && e.path().join(REPORT_MARKER).exists())
                })
                .filter_map(Result::ok)
                .filter(|e| is_workbook_name(e.path()))
                .map(|e| e.into_path())
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    (files, missing)
}
