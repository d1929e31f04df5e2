//! `wuyi check` and `wuyi template` as an office runs them: a folder of
//! submissions in, every file accounted for once, the right exit status,
//! and reports in every format that say the same thing.

use std::path::{Path, PathBuf};

use crate::util::*;
use calamine::{Data as CellData, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use wuyi_core::ledger::contract::{TABLE_SHEETS, sheet_by_name};
use wuyi_core::ledger::{self, Value};
use wuyi_testkit::Style;

/// A folder as an office receives it. Returns the workbooks that must be
/// listed, relative to the folder's parent, and which of them have errors.
fn inbox(root: &Path) -> Vec<(String, bool)> {
    let dir = root.join("收件箱");
    std::fs::create_dir_all(dir.join("西城街道")).unwrap();
    let c = community(3, 40);
    write(&dir, "幸福里小区.xlsx", &c, &Style::default());
    write(&dir, "东关社区.xlsx", &community(4, 50), &Style::messy(4));
    // Doubtful but acceptable: one household with more tested than living.
    let mut warn = community(5, 30);
    warn.households[3].tested = warn.households[3].residents + 2;
    write(
        &dir.join("西城街道"),
        "和平社区.xlsx",
        &warn,
        &Style::default(),
    );
    // Cannot be assessed: no case log.
    let mut bad = community(6, 30);
    bad.drop_sheet(wuyi_core::ledger::contract::SheetKey::Cases);
    write(
        &dir.join("西城街道"),
        "康乐小区.xlsx",
        &bad,
        &Style::default(),
    );
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/libreoffice.xls"),
        dir.join("柳湾村.xls"),
    )
    .unwrap();
    // A PDF someone named .xlsx.
    std::fs::write(dir.join("扫描件.xlsx"), b"%PDF-1.4\n").unwrap();
    // Not workbooks: listed as not read, with why and what to do.
    std::fs::write(dir.join("说明.txt"), "请于3月31日前报送").unwrap();
    std::fs::write(dir.join("汇总.csv"), "名称,得分\n").unwrap();
    // What systems leave in folders: never listed.
    std::fs::write(dir.join("Thumbs.db"), b"\0\0").unwrap();
    std::fs::write(dir.join(".DS_Store"), b"\0\0").unwrap();
    // Excel's lock file beside an open workbook.
    std::fs::write(dir.join("~$幸福里小区.xlsx"), b"\x0bwang fang").unwrap();
    let mut files = vec![
        ("收件箱/东关社区.xlsx".to_string(), false),
        ("收件箱/说明.txt".to_string(), true),
        ("收件箱/汇总.csv".to_string(), true),
        ("收件箱/幸福里小区.xlsx".to_string(), false),
        ("收件箱/扫描件.xlsx".to_string(), true),
        ("收件箱/柳湾村.xls".to_string(), false),
        ("收件箱/西城街道/和平社区.xlsx".to_string(), false),
        ("收件箱/西城街道/康乐小区.xlsx".to_string(), true),
    ];
    files.sort();
    files
}

/// "共检查 6 个文件：4 个可受理，2 个有错误（…）" → (6, 4, 2).
fn count_line(out: &str) -> (usize, usize, usize) {
    let line = out.lines().last().unwrap();
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (nums[0], nums[1], nums[2])
}

#[test]
fn folder_every_file_once_and_counts_add_up() {
    let root = tempfile::tempdir().unwrap();
    let files = inbox(root.path());
    let o = wuyi(&["check", "收件箱"], root.path());
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    let listed: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with('✔') || l.starts_with('✘'))
        .collect();
    assert_eq!(listed.len(), files.len(), "{out}");
    for (f, has_errors) in &files {
        let lines: Vec<_> = listed
            .iter()
            .filter(|l| l.split("  ").next().unwrap()[4..].trim() == f)
            .collect();
        assert_eq!(lines.len(), 1, "{f} in\n{out}");
        assert_eq!(lines[0].starts_with('✘'), *has_errors, "{}", lines[0]);
    }
    assert!(!out.contains("~$") && !out.contains("Thumbs.db") && !out.contains(".DS_Store"));
    assert!(
        out.contains("这不是电子表格，而是CSV 文本文件（请在 Excel 中另存为 .xlsx）"),
        "{out}"
    );
    assert!(
        out.contains("这不是电子表格，而是纯文本文件，未读取；请提交台账工作簿（.xlsx）"),
        "{out}"
    );
    let (n, ok, bad) = count_line(&out);
    assert_eq!(n, files.len());
    assert_eq!(ok + bad, n);
    assert_eq!(bad, files.iter().filter(|f| f.1).count());
    assert_eq!(ok, listed.iter().filter(|l| l.starts_with('✔')).count());
    assert!(out.contains("收件箱/西城街道/康乐小区.xlsx"));
    assert!(out.contains("缺少工作表“涉疫台账”"));
    assert!(out.contains("这不是电子表格，而是PDF 文档"));
}

#[test]
fn exit_status() {
    let root = tempfile::tempdir().unwrap();
    inbox(root.path());
    let ok_dir = root.path().join("合格");
    std::fs::create_dir(&ok_dir).unwrap();
    write(&ok_dir, "a.xlsx", &community(1, 20), &Style::default());
    write(&ok_dir, "b.xlsx", &community(2, 20), &Style::messy(2));
    // Warnings alone do not fail a file.
    let mut warn = community(5, 30);
    warn.households[0].vaccinated = 99;
    write(&ok_dir, "c.xlsx", &warn, &Style::default());

    assert_eq!(code(&wuyi(&["check", "合格"], root.path())), 0);
    assert_eq!(code(&wuyi(&["check", "收件箱"], root.path())), 1);
    assert_eq!(
        code(&wuyi(&["check", "合格", "收件箱/扫描件.xlsx"], root.path())),
        1
    );
    let missing = wuyi(&["check", "没有这个文件夹"], root.path());
    assert_eq!(code(&missing), 2);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("没有这个文件夹"));
    assert_eq!(
        code(&wuyi(&["check", "合格", "没有这个文件夹"], root.path())),
        2
    );
    // A file named directly is checked whatever its name.
    let o = wuyi(&["check", "收件箱/说明.txt"], root.path());
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("纯文本文件"), "{}", stdout(&o));
}

#[test]
fn json_has_one_entry_per_file() {
    let root = tempfile::tempdir().unwrap();
    let files = inbox(root.path());
    let o = wuyi(&["check", "收件箱", "--format", "json"], root.path());
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let entries = v["files"].as_array().unwrap();
    let mut names: Vec<(String, bool)> = entries
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                !e["ok"].as_bool().unwrap(),
            )
        })
        .collect();
    names.sort();
    assert_eq!(names, files);
    for e in entries {
        let problems = e["problems"].as_array().unwrap();
        let n = ["errors", "warnings", "infos"]
            .iter()
            .map(|k| e[k].as_u64().unwrap())
            .sum::<u64>();
        assert_eq!(problems.len() as u64, n, "{e}");
        for p in problems {
            for k in ["severity", "code", "message", "location"] {
                assert!(p[k].is_string(), "{p}");
            }
        }
    }
    let kangle = entries
        .iter()
        .find(|e| e["file"].as_str().unwrap().ends_with("康乐小区.xlsx"))
        .unwrap();
    assert_eq!(kangle["problems"][0]["code"], "missing_sheet");
    assert_eq!(kangle["problems"][0]["severity"], "error");
    let heping = entries
        .iter()
        .find(|e| e["file"].as_str().unwrap().ends_with("和平社区.xlsx"))
        .unwrap();
    assert_eq!(heping["problems"][0]["location"], "一户一档!H5");
}

/// Rows of a CSV report (without the byte-order mark), header first.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn problem_counts(root: &Path) -> Vec<(String, usize)> {
    let o = wuyi(&["check", "收件箱", "--format", "json"], root);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["problems"].as_array().unwrap().len(),
            )
        })
        .collect()
}

#[test]
fn csv_has_a_row_per_problem_and_per_clean_file() {
    let root = tempfile::tempdir().unwrap();
    let files = inbox(root.path());
    let o = wuyi(&["check", "收件箱", "--format", "csv"], root.path());
    assert_eq!(code(&o), 1);
    assert!(o.stdout.starts_with("\u{feff}".as_bytes()));
    let rows = csv_rows(&o.stdout);
    assert_eq!(rows[0], ["文件", "名称", "结论", "级别", "位置", "问题"]);
    let body = &rows[1..];
    let counts = problem_counts(root.path());
    for (f, _) in &files {
        let n = counts.iter().find(|(g, _)| g == f).unwrap().1;
        let mine: Vec<_> = body.iter().filter(|r| &r[0] == f).collect();
        assert_eq!(mine.len(), n.max(1), "{f}");
        if n == 0 {
            assert_eq!(mine[0][3], "");
            assert_eq!(mine[0][5], "未发现问题");
            assert_eq!(mine[0][2], "可受理");
        }
    }
    assert_eq!(
        body.len(),
        counts.iter().map(|(_, n)| (*n).max(1)).sum::<usize>()
    );
    assert!(
        body.iter().any(|r| r[3] == "错误"
            && r[0].ends_with("康乐小区.xlsx")
            && r[5].contains("涉疫台账"))
    );
}

#[test]
fn problem_workbook_reads_back() {
    let root = tempfile::tempdir().unwrap();
    inbox(root.path());
    let o = wuyi(
        &[
            "check",
            "收件箱",
            "--format",
            "csv",
            "--out",
            "问题清单.xlsx",
        ],
        root.path(),
    );
    assert_eq!(code(&o), 1);
    let csv = csv_rows(&o.stdout);

    let path = root.path().join("问题清单.xlsx");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names, ["问题清单"]);
    let range = wb.worksheet_range(&names[0]).unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    CellData::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    // A title, then the same header and rows as the CSV.
    assert!(rows[0][0].contains("问题清单"));
    assert_eq!(rows[1], csv[0]);
    assert_eq!(&rows[2..], &csv[1..]);

    // The report is not overwritten without --force.
    let again = wuyi(&["check", "收件箱", "--out", "问题清单.xlsx"], root.path());
    assert_eq!(code(&again), 2);
    let forced = wuyi(
        &["check", "收件箱", "--out", "问题清单.xlsx", "--force"],
        root.path(),
    );
    assert_eq!(code(&forced), 1);
}

#[test]
fn english() {
    let root = tempfile::tempdir().unwrap();
    let files = inbox(root.path());
    let o = wuyi(&["--lang", "en", "check", "收件箱"], root.path());
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with(&format!("checked {} files: ", files.len())),
        "{out}"
    );
    assert!(out.contains("the sheet \"涉疫台账\" is missing"), "{out}");
    assert!(out.contains("this is not a spreadsheet but a PDF document"));
    assert!(out.contains("acceptable") && out.contains("has errors"));
    assert!(!out.contains("错误") && !out.contains("可受理"), "{out}");

    let o = wuyi(
        &["check", "收件箱", "--format", "csv", "--lang", "en"],
        root.path(),
    );
    let rows = csv_rows(&o.stdout);
    assert_eq!(
        rows[0],
        ["file", "name", "verdict", "severity", "location", "problem"]
    );
    assert!(rows.iter().any(|r| r[5] == "no problems found"));

    let missing = wuyi(&["--lang", "en", "check", "nowhere"], root.path());
    assert_eq!(code(&missing), 2);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere does not exist"));
}

// -------------------------------------------------------------- template

#[test]
fn blank_template_lacks_only_its_data() {
    let root = tempfile::tempdir().unwrap();
    let o = wuyi(&["template", "--out", "模板.xlsx"], root.path());
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let o = wuyi(&["check", "模板.xlsx", "--format", "json"], root.path());
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let problems: Vec<(String, String, String)> = v["files"][0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["severity"].as_str().unwrap().to_string(),
                p["code"].as_str().unwrap().to_string(),
                p["location"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut want = Vec::new();
    for (i, _) in ["名称", "类型", "所属区县", "所属街道", "评估日期"]
        .iter()
        .enumerate()
    {
        want.push((
            "error".to_string(),
            "missing_info".to_string(),
            format!("基本信息!B{}", i + 3),
        ));
    }
    for s in ["网格台账", "一户一档"] {
        want.push((
            "warning".to_string(),
            "no_data_rows".to_string(),
            s.to_string(),
        ));
    }
    assert_eq!(problems, want);
}

/// A template cell as read back.
fn cell_at(range: &calamine::Range<CellData>, r: u32, c: u32) -> Option<&CellData> {
    range.get_value((r, c)).filter(|v| **v != CellData::Empty)
}

/// Copies every cell of the template, as a community would keep it, and
/// fills it with a sample community's data below the notes row.
fn fill_template(template: &Path, out: &Path) -> wuyi_core::ledger::Ledger {
    let dir = tempfile::tempdir().unwrap();
    let c = community(9, 45);
    let source = ledger::read(&write(dir.path(), "source.xlsx", &c, &Style::default()));
    assert!(source.problems.is_empty());

    let mut tpl: calamine::Xlsx<_> = calamine::open_workbook(template).unwrap();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let mut wb = Workbook::new();
    for name in tpl.sheet_names() {
        let range = tpl.worksheet_range(&name).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        let (r0, c0) = range.start().unwrap();
        for (r, col, v) in range.used_cells() {
            let (r, col) = (r0 + r as u32, (c0 + col as u32) as u16);
            match v {
                CellData::String(s) => ws.write_string(r, col, s).map(|_| ()),
                CellData::Float(n) => ws.write_number(r, col, *n).map(|_| ()),
                CellData::Int(n) => ws.write_number(r, col, *n as f64).map(|_| ()),
                CellData::Empty => Ok(()),
                other => panic!("unexpected template cell {other:?}"),
            }
            .unwrap();
        }

        if name == "基本信息" {
            // Labels in A (with a * on required ones), values into B.
            let i = &c.info;
            let (y, m, d) = (2022, 3, 31);
            for r in 0..range.height() as u32 + r0 {
                let Some(CellData::String(label)) = cell_at(&range, r, 0) else {
                    continue;
                };
                let value = match label.trim_start_matches('*') {
                    "名称" => &i.name,
                    "类型" => &i.kind,
                    "所属区县" => &i.district,
                    "所属街道" => &i.town,
                    "联系人" => &i.contact,
                    "联系电话" => &i.phone,
                    "评估日期" => {
                        let dt = ExcelDateTime::from_ymd(y, m, d).unwrap();
                        ws.write_datetime_with_format(r, 1, &dt, &date_fmt).unwrap();
                        continue;
                    }
                    _ => continue,
                };
                ws.write_string(r, 1, value).unwrap();
            }
            continue;
        }

        // Tables: the header in row 2, the notes in row 3, data from row 4.
        let spec = sheet_by_name(&name).unwrap();
        let mut columns = Vec::new();
        for col in 0..range.width() as u32 {
            let Some(CellData::String(h)) = cell_at(&range, 1, col) else {
                panic!("{name}: no header at column {col}");
            };
            columns.push(spec.match_header(h).unwrap());
        }
        let note = cell_at(&range, 2, 0).unwrap().to_string();
        assert!(note.starts_with("填写说明"), "{name}: {note}");
        let table = source.table(spec.key).unwrap();
        if spec.key == wuyi_core::ledger::contract::SheetKey::SelfAssessment
            && cell_at(&range, 3, 0).is_some()
        {
            // The template lists the rubric's items: score each in full.
            let max = spec.column_index("max_points").unwrap();
            let own = spec.column_index("self_score").unwrap();
            let col_of = |k| columns.iter().position(|&c| c == k).unwrap() as u16;
            let mut r = 3;
            while let Some(CellData::Float(points)) = cell_at(&range, r, col_of(max) as u32) {
                ws.write_number(r, col_of(own), *points).unwrap();
                r += 1;
            }
            continue;
        }
        for (k, rec) in table.rows.iter().enumerate() {
            let r = 3 + k as u32;
            for (col, &idx) in columns.iter().enumerate() {
                let col = col as u16;
                match &rec.values[idx] {
                    None => {}
                    Some(Value::Text(s)) => {
                        ws.write_string(r, col, s.as_str()).unwrap();
                    }
                    Some(Value::Int(n)) => {
                        ws.write_number(r, col, *n as f64).unwrap();
                    }
                    Some(Value::Num(n)) => {
                        ws.write_number(r, col, *n).unwrap();
                    }
                    Some(Value::Bool(b)) => {
                        ws.write_string(r, col, if *b { "是" } else { "否" })
                            .unwrap();
                    }
                    Some(Value::Category(cat)) => {
                        ws.write_string(r, col, cat.zh()).unwrap();
                    }
                    Some(Value::Date(d)) => {
                        use chrono::Datelike;
                        let dt = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .unwrap();
                        ws.write_datetime_with_format(r, col, &dt, &date_fmt)
                            .unwrap();
                    }
                }
            }
        }
    }
    assert_eq!(
        wb.worksheets().len(),
        1 + TABLE_SHEETS.len(),
        "the template holds every sheet"
    );
    wb.save(out).unwrap();
    source
}

#[test]
fn filled_template_has_no_problems() {
    let root = tempfile::tempdir().unwrap();
    let o = wuyi(&["template", "--out", "模板.xlsx"], root.path());
    assert_eq!(code(&o), 0);
    let filled = root.path().join("幸福里小区.xlsx");
    let source = fill_template(&root.path().join("模板.xlsx"), &filled);

    let o = wuyi(&["check", "幸福里小区.xlsx"], root.path());
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("✔ 幸福里小区.xlsx  幸福里小区  可受理（错误 0 处，警告 0 处，提示 0 处）"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 2, "{out}");

    // And it reads to the community it was filled with.
    let l = ledger::read(&filled);
    let (got, want) = (data(&l), data(&source));
    assert_eq!(got.info, want.info);
    assert_eq!(got.tables[..4], want.tables[..4]);
    assert_eq!(l.households.as_ref().unwrap().rows[0].row, 3);
    assert!(!l.self_assessment.as_ref().unwrap().rows.is_empty());
}

/// Paths in reports are as given on the command line.
#[test]
fn files_named_directly_keep_their_order_and_names() {
    let root = tempfile::tempdir().unwrap();
    inbox(root.path());
    let a = PathBuf::from("收件箱/柳湾村.xls");
    let b = PathBuf::from("收件箱/幸福里小区.xlsx");
    let o = wuyi(
        &[
            "check",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            a.to_str().unwrap(),
            "--format",
            "json",
        ],
        root.path(),
    );
    assert_eq!(code(&o), 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["收件箱/柳湾村.xls", "收件箱/幸福里小区.xlsx"]);
}

/// The `<col>` widths of a worksheet part, by 0-based column, with the style
/// index each column carries.
fn col_widths(xml: &str) -> Vec<(usize, f64, Option<usize>)> {
    let mut out = Vec::new();
    for part in xml.split("<col ").skip(1) {
        let part = &part[..part.find("/>").unwrap()];
        let attr = |name: &str| {
            let start = part.find(&format!("{name}=\""))? + name.len() + 2;
            let end = part[start..].find('"')? + start;
            Some(part[start..end].to_string())
        };
        let min: usize = attr("min").unwrap().parse().unwrap();
        let max: usize = attr("max").unwrap().parse().unwrap();
        let width: f64 = attr("width").unwrap().parse().unwrap();
        let style = attr("style").map(|s| s.parse().unwrap());
        for c in min..=max {
            out.push((c - 1, width, style));
        }
    }
    out
}

fn zip_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn template_widths_fit_content_and_ids_are_text() {
    let root = tempfile::tempdir().unwrap();
    let o = wuyi(&["template", "--out", "模板.xlsx"], root.path());
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let path = root.path().join("模板.xlsx");
    let styles = zip_part(&path, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xfs = &xfs[..xfs.find("</cellXfs>").unwrap()];
    let xf_numfmt: Vec<u32> = xfs
        .split("<xf ")
        .skip(1)
        .map(|x| {
            let s = x.find("numFmtId=\"").unwrap() + 10;
            x[s..s + x[s..].find('"').unwrap()].parse().unwrap()
        })
        .collect();
    // Built-in format 49 is "@", text; or a custom format whose code is "@".
    let text_ids: Vec<u32> = std::iter::once(49)
        .chain(
            styles
                .split("<numFmt ")
                .skip(1)
                .filter(|n| n.contains("formatCode=\"@\""))
                .map(|n| {
                    let s = n.find("numFmtId=\"").unwrap() + 10;
                    n[s..s + n[s..].find('"').unwrap()].parse::<u32>().unwrap()
                }),
        )
        .collect();
    let is_text = |style: Option<usize>| style.is_some_and(|s| text_ids.contains(&xf_numfmt[s]));

    // Sheets are written in order: 基本信息, then the table sheets.
    let mut tpl: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let names = tpl.sheet_names();
    for (i, spec) in TABLE_SHEETS.iter().enumerate() {
        assert_eq!(names[i + 1], spec.zh);
        let xml = zip_part(&path, &format!("xl/worksheets/sheet{}.xml", i + 2));
        let cols = col_widths(&xml);
        let headers = tpl.worksheet_range(spec.zh).unwrap();
        for (c, col) in spec.columns.iter().enumerate() {
            let (_, w, style) = *cols.iter().find(|x| x.0 == c).unwrap();
            let head = headers.get_value((1, c as u32)).unwrap().to_string();
            let head_w = unicode_width::UnicodeWidthStr::width(head.as_str()) as f64;
            assert!(
                w >= head_w,
                "{}!{}: width {w} < header {head_w}",
                spec.zh,
                head
            );
            // Every data value already in the sheet fits its column.
            for r in 3..headers.height() as u32 {
                if let Some(v) = headers.get_value((r, c as u32)) {
                    let vw = unicode_width::UnicodeWidthStr::width(v.to_string().as_str());
                    assert!(
                        w >= vw as f64,
                        "{}!{}{}: width {w} < {vw}",
                        spec.zh,
                        head,
                        r
                    );
                }
            }
            let text_kind = matches!(
                col.kind,
                wuyi_core::ledger::contract::Kind::Text | wuyi_core::ledger::contract::Kind::Id
            );
            assert_eq!(
                is_text(style),
                text_kind,
                "{}!{} text format",
                spec.zh,
                head
            );
            if col.zh.contains("电话") {
                assert!(is_text(style), "{} is text", col.zh);
            }
            if col.key == "item_id" {
                // Its note wraps instead of widening it (it was 24 wide).
                assert!(w <= 16.0, "编号 is {w} wide");
            }
        }
    }
    // 自评表 lists the rubric's items: the 项目 column holds the longest name.
    let self_range = tpl.worksheet_range("自评表").unwrap();
    let longest = (3..self_range.height() as u32)
        .filter_map(|r| self_range.get_value((r, 1)))
        .map(|v| unicode_width::UnicodeWidthStr::width(v.to_string().as_str()))
        .max()
        .unwrap();
    assert!(
        longest > 20,
        "the rubric's item names are listed ({longest})"
    );
    // Thin borders on the notes row and the data area below it.
    let xf_border: Vec<u32> = xfs
        .split("<xf ")
        .skip(1)
        .map(|x| {
            let s = x.find("borderId=\"").unwrap() + 10;
            x[s..s + x[s..].find('"').unwrap()].parse().unwrap()
        })
        .collect();
    let grid = zip_part(&path, "xl/worksheets/sheet2.xml");
    for cell in ["A3", "A4", "B20"] {
        let at = grid.find(&format!("<c r=\"{cell}\" s=\"")).unwrap() + cell.len() + 11;
        let s: usize = grid[at..at + grid[at..].find('"').unwrap()]
            .parse()
            .unwrap();
        assert_ne!(xf_border[s], 0, "{cell} has a border");
    }
}
