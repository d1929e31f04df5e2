//! The output of `wuyi check`: per-file verdicts and their problems as a
//! terminal listing, JSON, CSV or a formatted problem workbook.

use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

use crate::catalogue::{ProblemText, SeverityText};
use crate::i18n::Lang;
use crate::sheet::{self, Cell, Formats, Mark, TableSheet};
use crate::text::sanitize;
use crate::{csv_buffer, csv_finish, csv_safe};
use wuyi_core::problem::{Problem, Severity, Tally};

/// What `check` keeps of one file: enough to report, nothing of its rows.
#[derive(Debug, Clone, Serialize)]
pub struct FileCheck {
    /// The workbook's path as given or found, shown first on every line and row.
    pub file: PathBuf,
    /// The community name read from the ledger, or the file stem when the
    /// ledger does not state one.
    pub name: String,
    /// Every problem found in the file, including those that leave the
    /// zero-case gate undecided.
    pub problems: Vec<Problem>,
}

impl FileCheck {
    /// Counts this file's problems by severity.
    pub fn tally(&self) -> Tally {
        Tally::of(&self.problems)
    }

    /// Whether the file can be accepted: true when it has no errors
    /// (warnings and notes do not block it).
    pub fn ok(&self) -> bool {
        self.tally().errors == 0
    }

    /// The verdict word shown beside the file: 可受理 / acceptable or
    /// 有错误 / has errors.
    pub fn verdict(&self, lang: Lang) -> &'static str {
        if self.ok() {
            lang.pick("可受理", "acceptable")
        } else {
            lang.pick("有错误", "has errors")
        }
    }
}

fn tally_phrase(t: Tally, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "错误 {} 处，警告 {} 处，提示 {} 处",
            t.errors, t.warnings, t.infos
        ),
        Lang::En => format!(
            "errors {}, warnings {}, notes {}",
            t.errors, t.warnings, t.infos
        ),
    }
}

/// The closing count line; it always adds up to the number of files.
pub fn count_line(files: &[FileCheck], lang: Lang) -> String {
    let ok = files.iter().filter(|f| f.ok()).count();
    let mut total = Tally::default();
    for f in files {
        let t = f.tally();
        total.errors += t.errors;
        total.warnings += t.warnings;
        total.infos += t.infos;
    }
    match lang {
        Lang::Zh => format!(
            "共检查 {} 个文件：{} 个可受理，{} 个有错误（{}）",
            files.len(),
            ok,
            files.len() - ok,
            tally_phrase(total, lang)
        ),
        Lang::En => format!(
            "checked {} files: {} acceptable, {} with errors ({})",
            files.len(),
            ok,
            files.len() - ok,
            tally_phrase(total, lang)
        ),
    }
}

/// The terminal listing: one ✔/✘ line per file with its verdict and counts,
/// followed by an indented line for each of its problems.
pub fn render_table(files: &[FileCheck], lang: Lang) -> String {
    let mut out = String::new();
    for f in files {
        let mark = if f.ok() { "✔" } else { "✘" };
        out.push_str(&format!(
            "{mark} {}  {}  {}{}{}{}\n",
            sanitize(&f.file.display().to_string()),
            crate::text::truncate(&sanitize(&f.name), 60),
            f.verdict(lang),
            lang.pick("（", " ("),
            tally_phrase(f.tally(), lang),
            lang.pick("）", ")"),
        ));
        for p in &f.problems {
            let loc = p.location();
            let loc = if loc.is_empty() {
                String::new()
            } else {
                format!("{}  ", sanitize(&loc))
            };
            out.push_str(&format!(
                "    {}  {}{}\n",
                p.severity.label(lang),
                loc,
                sanitize(&p.message(lang))
            ));
        }
    }
    out.push_str(&count_line(files, lang));
    out.push('\n');
    out
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    severity: Severity,
    sheet: &'a Option<String>,
    cell: &'a Option<String>,
    location: String,
    code: &'static str,
    message: String,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: String,
    name: &'a str,
    verdict: &'static str,
    ok: bool,
    errors: usize,
    warnings: usize,
    infos: usize,
    problems: Vec<JsonProblem<'a>>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    tool: &'static str,
    version: &'static str,
    files: Vec<JsonFile<'a>>,
    summary: String,
}

/// The `--format json` report: each file with its verdict, counts and
/// problems (severity, sheet, cell, code, message), plus the closing count line.
pub fn render_json(files: &[FileCheck], lang: Lang) -> Result<String> {
    let report = JsonReport {
        schema_version: crate::schema::SCHEMA_VERSION,
        tool: "wuyi",
        version: env!("CARGO_PKG_VERSION"),
        files: files
            .iter()
            .map(|f| {
                let t = f.tally();
                JsonFile {
                    file: f.file.display().to_string(),
                    name: &f.name,
                    verdict: f.verdict(lang),
                    ok: f.ok(),
                    errors: t.errors,
                    warnings: t.warnings,
                    infos: t.infos,
                    problems: f
                        .problems
                        .iter()
                        .map(|p| JsonProblem {
                            severity: p.severity,
                            sheet: &p.sheet,
                            cell: &p.cell,
                            location: p.location(),
                            code: p.code(),
                            message: p.message(lang),
                        })
                        .collect(),
                }
            })
            .collect(),
        summary: count_line(files, lang),
    };
    Ok(serde_json::to_string_pretty(&report)? + "\n")
}

fn headers(lang: Lang) -> Vec<String> {
    let h: [(&str, &str); 6] = [
        ("文件", "file"),
        ("名称", "name"),
        ("结论", "verdict"),
        ("级别", "severity"),
        ("位置", "location"),
        ("问题", "problem"),
    ];
    h.iter().map(|(z, e)| lang.pick(z, e).to_string()).collect()
}

/// One row per problem; a file with none still gets a row, so every input
/// file appears.
fn rows(files: &[FileCheck], lang: Lang) -> Vec<[String; 6]> {
    let mut out = Vec::new();
    for f in files {
        let file = f.file.display().to_string();
        if f.problems.is_empty() {
            out.push([
                file.clone(),
                f.name.clone(),
                f.verdict(lang).into(),
                String::new(),
                String::new(),
                lang.pick("未发现问题", "no problems found").into(),
            ]);
        }
        for p in &f.problems {
            out.push([
                file.clone(),
                f.name.clone(),
                f.verdict(lang).into(),
                p.severity.label(lang).into(),
                p.location(),
                p.message(lang),
            ]);
        }
    }
    out
}

/// The CSV report (with a byte-order mark for Excel/WPS): one row per
/// problem, or one row saying none were found, so every file appears.
pub fn render_csv(files: &[FileCheck], lang: Lang) -> Result<Vec<u8>> {
    let mut w = csv_buffer();
    w.write_record(headers(lang))?;
    for r in rows(files, lang) {
        w.write_record(r.iter().map(|c| csv_safe(c).into_owned()))?;
    }
    csv_finish(w)
}

/// The problem workbook (问题清单): the same rows as the CSV in a titled,
/// landscape sheet, with 有错误 verdicts and errors marked red, warnings
/// amber and 可受理 verdicts green.
pub fn render_xlsx(files: &[FileCheck], lang: Lang) -> Result<Vec<u8>> {
    let mut wb = sheet::new_workbook();
    let formats = Formats::default();
    let rows = rows(files, lang);
    let marks = rows
        .iter()
        .map(|r| {
            let sev = &r[3];
            let mark = if sev == Severity::Error.label(lang) {
                Some(Mark::Bad)
            } else if sev == Severity::Warning.label(lang) {
                Some(Mark::Warn)
            } else {
                None
            };
            let verdict = if r[2] == lang.pick("可受理", "acceptable") {
                Mark::Good
            } else {
                Mark::Bad
            };
            let mut m = vec![(2, verdict)];
            if let Some(k) = mark {
                m.push((3, k));
            }
            m
        })
        .collect();
    let table = TableSheet {
        headers: headers(lang),
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(Cell::Text).collect())
            .collect(),
        marks,
        title: Some(
            lang.pick("台账检查问题清单", "Ledger check: problems")
                .to_string(),
        ),
        max_width: 60,
        landscape: true,
        formats: &formats,
    };
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("问题清单", "Problems"))?;
    table.write(ws)?;
    Ok(wb.save_to_buffer()?)
}
