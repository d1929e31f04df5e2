//! Which files a command was asked to read: files named directly, and the
//! workbooks found by walking folders.

use std::path::{Path, PathBuf};

/// A file the tool leaves in every report folder, so that scanning a folder
/// that holds earlier reports never reads them as submissions.
pub const REPORT_MARKER: &str = ".wuyi-report";

/// Extensions of the workbooks the tool reads, compared case-insensitively.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "xml"];

/// Whether a file's name is that of a workbook the tool reads (not a lock
/// file or one of the tool's own award lists).
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

/// Files a folder holds that are nobody's submission and go unlisted: lock
/// and hidden files the system or a spreadsheet leaves, and the tool's own
/// award lists. Every other file in a folder is listed: a workbook is read,
/// anything else is named as not read, with why and what to do.
pub fn is_ignorable_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let lower = name.to_lowercase();
    name.starts_with("~$")
        || name.starts_with('.')
        || lower == "thumbs.db"
        || lower == "desktop.ini"
        || lower.ends_with(".tmp")
        || [
            "-无疫名单.xlsx",
            "-无疫名单.csv",
            "-award-list.xlsx",
            "-award-list.csv",
        ]
        .iter()
        .any(|s| lower.ends_with(s))
}

/// Expands the command line's paths into the files to read, sorted so runs
/// are repeatable. A path named directly is always kept, whatever its
/// extension, so that nothing the user named goes unaccounted for; in
/// folders every file is taken but lock, hidden and system files and the
/// tool's own award lists. Paths that do not exist come back
/// in the second list.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let c = collect_all(paths);
    (c.files, c.missing)
}

/// What [`collect`] found, and the places inside folders it could not
/// look into, so that nothing is skipped without a word.
#[derive(Debug, Default)]
pub struct Collected {
    /// The files to read.
    pub files: Vec<PathBuf>,
    /// Paths named that do not exist.
    pub missing: Vec<PathBuf>,
    /// Folders (or entries) the walk could not read, with why.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// [`collect`], keeping what could not be walked. Links to folders are not
/// followed: a link can lead out of the folder an office named, or round
/// in a circle. A link to a file is read like the file.
pub fn collect_all(paths: &[PathBuf]) -> Collected {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    let mut unreadable = Vec::new();
    for p in paths {
        let Ok(meta) = std::fs::metadata(p) else {
            missing.push(p.clone());
            continue;
        };
        if meta.is_dir() && !is_workbook_name(p) {
            let mut found: Vec<PathBuf> = Vec::new();
            let walk = walkdir::WalkDir::new(p).follow_links(false).into_iter();
            for entry in walk.filter_entry(|e| {
                !(e.file_type().is_dir() && e.path().join(REPORT_MARKER).exists())
            }) {
                match entry {
                    Ok(e)
                        if is_workbook_name(e.path())
                            || (e.file_type().is_file() && !is_ignorable_name(e.path())) =>
                    {
                        found.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => unreadable.push((
                        e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone()),
                        e.io_error()
                            .map(|io| io.to_string())
                            .unwrap_or_else(|| e.to_string()),
                    )),
                }
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Collected {
        files,
        missing,
        unreadable,
    }
}
/// The input that `out` is, or that lies inside `out`, if any: writing
/// there would overwrite a submission, or leave reports where the next run
/// reads them as submissions. Paths are compared as the file system
/// resolves them (links, `..`, a second name for the same file). The one
/// check every command that writes makes (see
/// `cmd::refuse_output_among_inputs`).
pub fn output_among_inputs<'a>(out: &Path, inputs: &'a [PathBuf]) -> Option<&'a Path> {
    let out_resolved = resolve(out);
    let out_id = file_id(out);
    inputs
        .iter()
        .find(|input| {
            let same_file = out_id.is_some() && file_id(input) == out_id;
            let inside = match (&out_resolved, resolve(input)) {
                (Some(o), Some(i)) => i.starts_with(o),
                _ => false,
            };
            same_file || inside
        })
        .map(PathBuf::as_path)
}

/// Whether `a` and `b` name the same file, whether or not it exists yet.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let id = file_id(a);
    if id.is_some() && file_id(b) == id {
        return true;
    }
    match (resolve(a), resolve(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Whether `path` lies inside `folder` (or is it), as the file system
/// resolves both.
pub fn is_within(path: &Path, folder: &Path) -> bool {
    match (resolve(path), resolve(folder)) {
        (Some(p), Some(f)) => p.starts_with(f),
        _ => false,
    }
}

/// The absolute path with links resolved; for a path not yet created, its
/// nearest existing ancestor resolved and the rest appended.
fn resolve(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let abs = std::path::absolute(p).ok()?;
    let mut rest = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(c) = cur.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Some(out);
        }
        rest.push(cur.file_name()?.to_os_string());
        cur = cur.parent()?;
    }
}

/// What identifies a file whatever its name: device and inode on Unix.
#[cfg(unix)]
fn file_id(p: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(p).ok()?;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(p: &Path) -> Option<PathBuf> {
    p.canonicalize().ok()
}
