//! Hostile and broken submissions, one test per case: each file gets the
//! exact verdict an office should see, never a panic, a hang or a crash.
//! The batch-level tests (the rest of a batch is still scored, reports
//! cannot hurt) are in `hostile_cli.rs`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::util::hostile::*;
use rust_xlsxwriter::Formula;
use wuyi_core::ledger::{self, Ledger};
use wuyi_core::problem::{Problem, Severity};
use wuyi_report::catalogue::ProblemText;
use wuyi_report::catalogue::read::open_error;
use wuyi_report::i18n::Lang;
use wuyi_sheets::{self as workbook, OpenError, ReadLimits};

fn read(path: &Path) -> Ledger {
    ledger::read_guarded(path)
}

fn read_bytes(name: &str, bytes: &[u8]) -> Ledger {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), name, bytes);
    read(&p)
}

fn read_bytes_with(name: &str, bytes: &[u8], limits: &ReadLimits) -> Ledger {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), name, bytes);
    ledger::read_guarded_with(&p, limits)
}

fn codes(l: &Ledger) -> Vec<(String, String)> {
    l.problems
        .iter()
        .map(|p| (p.location(), p.code().to_string()))
        .collect()
}

/// The file's one problem: unreadable, an error, with messages in both
/// languages naming `zh` and `en`.
fn unreadable(l: &Ledger, zh: &str, en: &str) {
    assert_eq!(l.problems.len(), 1, "{:?}", codes(l));
    let p = &l.problems[0];
    assert_eq!(p.code(), "unreadable", "{p:?}");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.location().is_empty());
    let (mz, me) = (p.message(Lang::Zh), p.message(Lang::En));
    assert!(mz.contains(zh), "{mz}");
    assert!(me.contains(en), "{me}");
    assert!(l.format.is_none() && l.households.is_none());
}

fn only(l: &Ledger) -> &Problem {
    assert_eq!(l.problems.len(), 1, "{:?}", codes(l));
    &l.problems[0]
}

fn assert_clean(l: &Ledger) {
    assert!(l.problems.is_empty(), "{:?}", codes(l));
    assert_eq!(l.households.as_ref().map(|h| h.rows.len()), Some(24));
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

// --------------------------------------------------- not a file to read

#[test]
fn empty_file() {
    unreadable(&read_bytes("x.xlsx", b""), "空", "empty");
}

#[test]
fn folder_named_like_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.xlsx");
    std::fs::create_dir(&p).unwrap();
    unreadable(&read(&p), "文件夹", "folder");
}

#[cfg(unix)]
#[test]
fn file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "x.xlsx", &clean());
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&p).is_ok() {
        // Running as root, which reads any file: permission cannot be
        // denied here, so there is nothing to test.
        eprintln!("note: running with privileges that ignore file permissions; skipped");
        return;
    }
    unreadable(&read(&p), "无法打开文件", "cannot open the file");
}

#[cfg(unix)]
#[test]
fn named_pipe_is_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.xlsx");
    let made = std::process::Command::new("mkfifo").arg(&p).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo not available; skipped");
        return;
    }
    let started = Instant::now();
    unreadable(&read(&p), "管道", "pipe");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[cfg(unix)]
#[test]
fn device_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.xlsx");
    std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
    unreadable(&read(&p), "设备", "device");
}

// ------------------------------------------------ not a spreadsheet at all

const CSV: &[u8] = "户编号,网格编号,常住人口\nH00001,G001,3\n".as_bytes();
const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb";
const HTML: &[u8] = b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><body><table><tr><td>x</td></tr></table></body></html>";
const XML_SPREADSHEET: &[u8] = b"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"Sheet1\"><Table><Row><Cell><Data ss:Type=\"String\">x</Data></Cell></Row></Table></Worksheet></Workbook>";

fn renamed(bytes: &[u8], zh: &str, en: &str) {
    for name in ["x.xlsx", "x.xls"] {
        unreadable(&read_bytes(name, bytes), zh, en);
    }
}

#[test]
fn csv_renamed() {
    renamed(CSV, "CSV", "CSV");
}

#[test]
fn pdf_renamed() {
    renamed(PDF, "PDF", "PDF");
}

#[test]
fn jpeg_renamed() {
    renamed(JPEG, "JPEG", "JPEG");
}

#[test]
fn html_renamed() {
    renamed(HTML, "HTML", "HTML");
}

/// Excel 2003 XML is read whatever the file is called; a sheet the
/// contract does not know makes the ledger's sheets missing, not the file
/// unreadable.
#[test]
fn xml_spreadsheet_renamed() {
    for name in ["x.xlsx", "x.xls", "x.xml"] {
        let l = read_bytes(name, XML_SPREADSHEET);
        assert_eq!(l.format, Some(wuyi_sheets::Format::SpreadsheetMl), "{name}");
        let codes: Vec<&str> = l.problems.iter().map(|p| p.code()).collect();
        assert!(codes.contains(&"missing_sheet"), "{name}: {codes:?}");
        assert!(!codes.contains(&"unreadable"), "{name}: {codes:?}");
    }
}

#[test]
fn word_document_renamed() {
    let docx = rezip(&[
        ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
        ("word/document.xml".into(), b"<w:document/>".to_vec()),
    ]);
    renamed(&docx, "Word", "Word");
}

#[test]
fn upper_case_extension_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "幸福里.XLSX", &clean());
    assert_clean(&read(&p));
    let (found, _) = wuyi_core::input::collect(&[dir.path().to_path_buf()]);
    assert_eq!(found, vec![p]);
}

// ------------------------------------------------------- broken workbooks

fn damaged(l: &Ledger) {
    unreadable(l, "损坏", "damaged");
}

#[test]
fn truncated_zip() {
    let bytes = clean();
    for cut in [10, 100, bytes.len() / 2, bytes.len() - 30] {
        damaged(&read_bytes("x.xlsx", &bytes[..cut]));
    }
}

#[test]
fn zip_with_a_corrupted_entry() {
    // The households sheet, deflated as written, with bytes in the middle
    // of its compressed data overwritten: the checksum or the inflater
    // notices.
    let bytes = clean();
    let target = sheet_part(&bytes, "一户一档");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let i = zip.index_for_name(&target).unwrap();
    let (start, len) = {
        let f = zip.by_index_raw(i).unwrap();
        (
            f.data_start().unwrap() as usize,
            f.compressed_size() as usize,
        )
    };
    let mut broken = bytes.clone();
    for b in &mut broken[start + len / 2..start + len / 2 + 16] {
        *b ^= 0x5A;
    }
    damaged(&read_bytes("x.xlsx", &broken));
}

#[test]
fn bit_flips_in_sheet_xml() {
    // One bit that turns a quote into '#' breaks the XML: a damaged
    // workbook.
    let bytes = clean();
    let target = sheet_part(&bytes, "一户一档");
    let broken = with_part(&bytes, &target, |mut x| {
        let at = x.windows(6).position(|w| w == b"<c r=\"").unwrap() + 5;
        x[at] ^= 1;
        x
    });
    damaged(&read_bytes("x.xlsx", &broken));
    // Flips anywhere else give some verdict, never a panic.
    let mut rng = wuyi_testkit::Rng::new(6);
    for _ in 0..40 {
        let flipped = with_part(&bytes, &target, |mut x| {
            for _ in 0..3 {
                let at = rng.range(0, x.len() as i64 - 1) as usize;
                x[at] ^= 1 << rng.range(0, 7);
            }
            x
        });
        let l = read_bytes("x.xlsx", &flipped);
        for p in &l.problems {
            assert!(!p.message(Lang::En).is_empty());
        }
    }
}

#[test]
fn malformed_shared_strings() {
    let bytes = clean();
    let cut = with_part(&bytes, "xl/sharedStrings.xml", |x| {
        x[..x.len() / 2].to_vec()
    });
    damaged(&read_bytes("x.xlsx", &cut));
    let garbage = with_part(&bytes, "xl/sharedStrings.xml", |_| {
        b"<sst><si><t>a</t></sx></sst>".to_vec()
    });
    damaged(&read_bytes("x.xlsx", &garbage));
}

#[test]
fn shared_string_index_out_of_range() {
    // A cell naming a shared string that does not exist.
    let bytes = clean();
    let target = sheet_part(&bytes, "一户一档");
    let broken = with_part(&bytes, &target, |x| {
        let s = String::from_utf8(x).unwrap();
        let at = s.find("t=\"s\"><v>").unwrap() + "t=\"s\"><v>".len();
        let end = at + s[at..].find('<').unwrap();
        format!("{}99999999{}", &s[..at], &s[end..]).into_bytes()
    });
    let l = read_bytes("x.xlsx", &broken);
    // calamine refuses the index; the verdict says the workbook is damaged.
    damaged(&l);
}

#[test]
fn sheet_xml_not_well_formed() {
    let bytes = clean();
    let target = sheet_part(&bytes, "一户一档");
    let unquoted = with_part(&bytes, &target, |x| replace_text(x, "<c r=\"", "<c r=X\""));
    damaged(&read_bytes("x.xlsx", &unquoted));
    let unclosed = with_part(&bytes, &target, |x| {
        let s = String::from_utf8(x).unwrap();
        s.as_bytes()[..s.find("</sheetData>").unwrap()].to_vec()
    });
    damaged(&read_bytes("x.xlsx", &unclosed));
    let cut_in_a_tag = with_part(&bytes, &target, |x| {
        let s = String::from_utf8(x).unwrap();
        let at = s.find("<row ").unwrap() + 3;
        s.as_bytes()[..at].to_vec()
    });
    damaged(&read_bytes("x.xlsx", &cut_in_a_tag));
    // Mismatched end tags are tolerated by the reader, which goes by the
    // cell references: the data reads as written.
    let mismatched = with_part(&bytes, &target, |x| replace_text(x, "</row>", "</rowx>"));
    assert_clean(&read_bytes("x.xlsx", &mismatched));
}

// ---------------------------------------------------- password-protected

#[test]
fn password_protected_xlsx() {
    unreadable(
        &read(&fixture("password.xlsx")),
        "文件设有密码保护，请去除密码后重新提交",
        "the file is password-protected; remove the password and resubmit",
    );
}

#[test]
fn password_protected_xls() {
    unreadable(
        &read(&fixture("password.xls")),
        "文件设有密码保护，请去除密码后重新提交",
        "the file is password-protected; remove the password and resubmit",
    );
}

// -------------------------------------------------------------- zip bombs

/// 1,000 matches of 258 zero bytes: 258 KB from 250 bytes.
const KB_258: usize = 1_000;

#[test]
fn deflated_zeros_inflate_to_what_they_claim() {
    let data = deflate_zeros(KB_258);
    let real = vec![0u8; 1 + 258 * KB_258];
    let raw = raw_zip(
        &[RawPart {
            name: "z".into(),
            method: 8,
            crc: crc32(&real),
            declared_size: real.len() as u32,
            data,
        }],
        &[],
    );
    let got = &parts(&raw)[0].1;
    assert_eq!(got.len(), real.len());
    assert!(got.iter().all(|&b| b == 0));
}

#[test]
fn zip_bomb_is_refused_by_its_ratio_before_inflating() {
    // 1 MB of archive that inflates to 1 GB: its households sheet at
    // deflate's best ratio.
    let bytes = bomb(4_000_000, None, &[]);
    assert!(bytes.len() < 1_100_000, "{}", bytes.len());
    let started = Instant::now();
    let l = read_bytes("x.xlsx", &bytes);
    unreadable(&l, "压缩炸弹", "zip bomb");
    assert!(
        only(&l).message(Lang::En).contains("--max-ratio"),
        "{}",
        only(&l).message(Lang::En)
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn few_hundred_kb_claiming_gigabytes_is_refused_by_its_unpacked_size() {
    // 250 KB of deflated zeros (250 MB) named by twelve directory entries:
    // 3 GB declared in all. Even with the ratio limit lifted, the total is
    // over the limit before anything is inflated.
    let sheets: Vec<String> = (10..22)
        .map(|i| format!("xl/worksheets/sheet{i}.xml"))
        .collect();
    let aliases: Vec<&str> = sheets.iter().map(String::as_str).collect();
    let bytes = bomb(1_000_000, None, &aliases);
    assert!(bytes.len() < 300_000, "{}", bytes.len());
    let limits = ReadLimits {
        max_ratio: u64::MAX,
        ..ReadLimits::default()
    };
    let started = Instant::now();
    let l = read_bytes_with("x.xlsx", &bytes, &limits);
    unreadable(&l, "解压后将达", "would unpack to");
    let en = only(&l).message(Lang::En);
    assert!(en.contains("the workbook would unpack to 3"), "{en}");
    assert!(en.contains("--max-unpacked-mb"), "{en}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn one_part_over_the_unpacked_limit_is_named() {
    let bytes = bomb(1_000_000, None, &[]);
    let limits = ReadLimits {
        max_ratio: u64::MAX,
        max_unpacked_bytes: 100 << 20,
        ..ReadLimits::default()
    };
    let l = read_bytes_with("x.xlsx", &bytes, &limits);
    let en = only(&l).message(Lang::En);
    assert!(
        en.contains("its part \"xl/worksheets/sheet3.xml\" would unpack to 246 MB"),
        "{en}"
    );
}

#[test]
fn zip_bomb_whose_sizes_lie_stops_at_the_declared_size() {
    // Declared as 1 KB, it would inflate to 1 GB: the zip reader stops one
    // byte past what was declared, so the actual size never exceeds what
    // the limits were checked against. If an upgrade loses that, this
    // test runs out of time or memory.
    let bytes = bomb(4_000_000, Some(1_000), &[]);
    let started = Instant::now();
    damaged(&read_bytes("x.xlsx", &bytes));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn limits_can_be_raised() {
    // A 25 MB sheet of zeros at ratio 1,000: refused by default, let
    // through when the ratio limit is raised, and then rejected by the
    // reader for what it is, not a worksheet.
    let bytes = bomb(100_000, None, &[]);
    unreadable(&read_bytes("x.xlsx", &bytes), "压缩炸弹", "zip bomb");
    let limits = ReadLimits {
        max_ratio: 2_000,
        ..ReadLimits::default()
    };
    let l = read_bytes_with("x.xlsx", &bytes, &limits);
    damaged(&l);
}

#[test]
fn file_over_the_size_limit_is_not_read() {
    let limits = ReadLimits {
        max_file_bytes: 1_000,
        ..ReadLimits::default()
    };
    let l = read_bytes_with("x.xlsx", &clean(), &limits);
    unreadable(&l, "--max-file-mb", "--max-file-mb");
    assert!(only(&l).message(Lang::En).contains("over the 0.0 MB limit"));
}

// -------------------------------------------------- enormous but honest

#[test]
fn stray_cell_at_xfd1048576_costs_one_cell() {
    let c = community("幸福里小区");
    let bytes = xlsx_edited(&c, |wb| {
        wb.worksheet_from_name("一户一档")
            .unwrap()
            .write_string(1_048_575, 16_383, "x")
            .unwrap();
    });
    // A dense grid to that corner would be 17 billion cells; a budget of
    // 32 MB holds the sparse sheet with room to spare.
    let limits = ReadLimits {
        max_memory_bytes: 32 << 20,
        ..ReadLimits::default()
    };
    let started = Instant::now();
    let l = read_bytes_with("x.xlsx", &bytes, &limits);
    assert_clean(&l);
    assert!(started.elapsed() < Duration::from_secs(10));
    let wb = workbook::OpenOptions::new()
        .limits(&limits)
        .read_bytes(bytes)
        .unwrap();
    let sheet = wb.sheets.iter().find(|s| s.name == "一户一档").unwrap();
    let last = sheet.rows.last().unwrap();
    assert_eq!((last.index, last.cells.len()), (1_048_575, 1));
}

#[test]
fn a_million_filled_rows_stay_within_the_memory_budget() {
    // A column filled down to the last row of the sheet: 1,048,576 rows.
    // Read, the ledger would keep a row of values for each; the reader
    // refuses once its estimate passes the budget, long before memory
    // runs out.
    let c = community("幸福里小区");
    let bytes = xlsx_edited(&c, |wb| {
        let ws = wb.worksheet_from_name("消杀记录").unwrap();
        for r in 30..1_048_576u32 {
            ws.write_number(r, 0, 1.0).unwrap();
        }
    });
    let limits = ReadLimits {
        max_memory_bytes: 256 << 20,
        ..ReadLimits::default()
    };
    let l = read_bytes_with("x.xlsx", &bytes, &limits);
    unreadable(&l, "--max-memory-mb", "--max-memory-mb");
    assert!(
        only(&l)
            .message(Lang::En)
            .contains("more memory than the 256 MB budget"),
        "{}",
        only(&l).message(Lang::En)
    );
}

#[test]
fn a_cell_of_32767_characters() {
    let mut c = community("幸福里小区");
    let long = "长".repeat(32_767);
    c.households[3].address = long.clone();
    let l = read_bytes("x.xlsx", &xlsx(&c));
    assert_clean(&l);
    let h = l.households.as_ref().unwrap();
    assert_eq!(h.text(&h.rows[3], h.idx("address")), Some(long.as_str()));
    // In a date column it is a bad date whose message quotes a little of
    // it, not all of it.
    let bytes = xlsx_edited(&community("幸福里小区"), |wb| {
        let col = wuyi_core::ledger::contract::sheet_spec(
            wuyi_core::ledger::contract::SheetKey::Households,
        )
        .column_index("updated_on")
        .unwrap() as u16;
        wb.worksheet_from_name("一户一档")
            .unwrap()
            .write_string(2, col, &long)
            .unwrap();
    });
    let l = read_bytes("x.xlsx", &bytes);
    let p = only(&l);
    assert_eq!(p.code(), "bad_date");
    assert!(
        p.message(Lang::Zh).chars().count() < 300,
        "{}",
        p.message(Lang::Zh).len()
    );
}

#[test]
fn ten_thousand_columns() {
    let bytes = xlsx_edited(&community("幸福里小区"), |wb| {
        let ws = wb.worksheet_from_name("一户一档").unwrap();
        for c in 100..10_100u16 {
            ws.write_string(0, c, format!("列{c}")).unwrap();
            ws.write_number(1, c, 1.0).unwrap();
        }
    });
    let l = read_bytes("x.xlsx", &bytes);
    let p = only(&l);
    assert_eq!(p.code(), "unknown_columns");
    let zh = p.message(Lang::Zh);
    assert!(zh.contains("列100") && zh.contains("10000"), "{zh}");
    assert!(zh.chars().count() < 400, "{}", zh.chars().count());
    assert_eq!(l.households.as_ref().unwrap().rows.len(), 24);
}

// ---------------------------------------------------------------- formulas

#[test]
fn formula_error_values_are_reported() {
    let col = |key: &str| {
        wuyi_core::ledger::contract::sheet_spec(wuyi_core::ledger::contract::SheetKey::Households)
            .column_index(key)
            .unwrap() as u16
    };
    let bytes = xlsx_edited(&community("幸福里小区"), |wb| {
        let ws = wb.worksheet_from_name("一户一档").unwrap();
        ws.write_formula(
            1,
            col("residents"),
            Formula::new("=F2/0").set_result("#DIV/0!"),
        )
        .unwrap();
        ws.write_formula(
            2,
            col("tested"),
            Formula::new("=#REF!+1").set_result("#REF!"),
        )
        .unwrap();
    });
    let l = read_bytes("x.xlsx", &bytes);
    let got: Vec<(String, String, bool)> = l
        .problems
        .iter()
        .filter(|p| p.code() == "cell_error")
        .map(|p| {
            let m = p.message(Lang::En);
            (
                p.location(),
                p.code().to_string(),
                m.contains("#DIV/0!") || m.contains("#REF!"),
            )
        })
        .collect();
    assert_eq!(got.len(), 2, "{:?}", codes(&l));
    assert!(got.iter().all(|g| g.2), "{got:?}");
}

#[test]
fn formula_without_a_cached_value_is_reported_never_read_as_zero() {
    // Written the way scripts write formulas: the formula, no value.
    let c = community("幸福里小区");
    let col =
        wuyi_core::ledger::contract::sheet_spec(wuyi_core::ledger::contract::SheetKey::Households)
            .column_index("residents")
            .unwrap() as u16;
    let bytes = xlsx_edited(&c, |wb| {
        wb.worksheet_from_name("一户一档")
            .unwrap()
            .write_formula(4, col, "=SUM(F5:F5)")
            .unwrap();
    });
    let target = sheet_part(&bytes, "一户一档");
    let bytes = with_part(&bytes, &target, |x| {
        replace_text(x, "<f>SUM(F5:F5)</f><v>0</v>", "<f>SUM(F5:F5)</f>")
    });
    let l = read_bytes("x.xlsx", &bytes);
    let p = l
        .problems
        .iter()
        .find(|p| p.code() == "uncalculated_formula")
        .unwrap_or_else(|| panic!("{:?}", codes(&l)));
    assert_eq!(
        p.location(),
        format!("一户一档!{}5", (b'A' + col as u8) as char)
    );
    assert!(
        p.message(Lang::En).contains("=SUM(F5:F5)"),
        "{}",
        p.message(Lang::En)
    );
    assert!(p.message(Lang::Zh).contains("没有计算结果"));
    let h = l.households.as_ref().unwrap();
    assert_eq!(h.int(&h.rows[3], h.idx("residents")), None);
}

// ------------------------------------------------------- hostile text

#[test]
fn hostile_names_are_read_as_written() {
    let long: String = "长名".repeat(100);
    for name in HOSTILE_NAMES.iter().copied().chain([long.as_str()]) {
        let mut c = community(name);
        c.households[0].head = name.to_string();
        let l = read_bytes("x.xlsx", &xlsx(&c));
        assert!(l.problems.is_empty(), "{name:?}: {:?}", codes(&l));
        // Spreadsheets keep text, but not every control character: the
        // reader hands back what the file holds, and never panics on it.
        let read_name = l.info.name.clone().unwrap_or_default();
        if !name.chars().any(|c| c.is_control()) {
            assert_eq!(read_name, name.trim());
        }
    }
}

// ------------------------------------------- formats whose readers lay out grids

#[test]
fn xls_asking_for_a_giant_grid_is_refused_before_the_reader_runs() {
    // Found by fuzzing: two cells far apart made the .xls reader ask for a
    // 137 GB grid, and the failed allocation aborted the process.
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions/read_bytes/xls-dense-range-abort"),
    )
    .unwrap();
    let l = read_bytes("x.xls", &bytes);
    unreadable(&l, "--max-memory-mb", "--max-memory-mb");
}

#[test]
fn ods_repeating_a_cell_over_the_whole_sheet_is_refused() {
    let ods = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/收件箱/西城街道-西城社区.ods"),
    )
    .unwrap();
    let bomb = with_part(&ods, "content.xml", |x| {
        let s = String::from_utf8(x).unwrap();
        let at = s.find("</table:table>").unwrap();
        let row = "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"16000\"/></table:table-row>";
        format!("{}{row}{}", &s[..at], &s[at..]).into_bytes()
    });
    let started = Instant::now();
    unreadable(
        &read_bytes("x.ods", &bomb),
        "--max-memory-mb",
        "--max-memory-mb",
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn xls_whose_sector_chain_loops_is_refused() {
    // The directory's sector chain points back at itself: the reader would
    // follow it for ever, growing its buffer until memory ran out.
    let mut bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/收件箱/东关街道-柳湾村.xls"),
    )
    .unwrap();
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let dir_start = u32_at(&bytes, 48) as usize;
    let fat_sector = u32_at(&bytes, 76) as usize;
    let entry = 512 * (fat_sector + 1) + 4 * dir_start;
    bytes[entry..entry + 4].copy_from_slice(&(dir_start as u32).to_le_bytes());
    let started = Instant::now();
    unreadable(&read_bytes("x.xls", &bytes), "损坏", "loops back on itself");
    assert!(started.elapsed() < Duration::from_secs(5));
}

// ------------------------------------------------------------ the budget

#[test]
fn a_file_over_its_time_budget_is_reported_as_such() {
    let limits = ReadLimits {
        max_time: Some(Duration::ZERO),
        ..ReadLimits::default()
    };
    let mut c = community("幸福里小区");
    c.households
        .extend(community("x").households.into_iter().cycle().take(20_000));
    let l = read_bytes_with("x.xlsx", &xlsx(&c), &limits);
    unreadable(&l, "--max-seconds", "--max-seconds");
    assert!(
        only(&l)
            .message(Lang::En)
            .contains("longer than the 1-second budget")
    );
}

#[test]
fn errors_name_what_was_refused() {
    // Every refusal reads in both languages and names its flag.
    let all = [
        OpenError::TooLarge {
            size: 300 << 20,
            limit: 100 << 20,
        },
        OpenError::TooLargeUnpacked {
            part: None,
            size: 3 << 30,
            limit: 1 << 30,
        },
        OpenError::Ratio {
            part: "p".into(),
            ratio: 1000,
            limit: 100,
        },
        OpenError::OverMemory {
            needed: 2 << 30,
            limit: 1 << 30,
        },
        OpenError::TimedOut { seconds: 120 },
    ];
    for (e, flag) in all.iter().zip([
        "--max-file-mb",
        "--max-unpacked-mb",
        "--max-ratio",
        "--max-memory-mb",
        "--max-seconds",
    ]) {
        let (zh, en) = (open_error(e, Lang::Zh), open_error(e, Lang::En));
        assert!(zh.contains(flag), "{e:?}");
        assert!(en.contains(flag), "{e:?}");
        assert_ne!(zh, en);
    }
}

// ------------------------------------------------- fuzzing's finds, kept

/// Every input the fuzzers found a problem with: each must now end in a
/// verdict, with any panic inside a dependency caught as in a batch.
#[test]
fn fuzz_regressions_get_verdicts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(root.join("read_bytes")).unwrap() {
        let p = entry.unwrap().path();
        let l = read_bytes("x.xlsx", &std::fs::read(&p).unwrap());
        assert!(!l.problems.is_empty(), "{}", p.display());
        n += 1;
    }
    let templates = [
        parts(&std::fs::read(root.join("../templates/small.xlsx")).unwrap()),
        parts(&std::fs::read(root.join("../templates/small.ods")).unwrap()),
    ];
    for entry in std::fs::read_dir(root.join("xml_parts")).unwrap() {
        let p = entry.unwrap().path();
        let data = std::fs::read(&p).unwrap();
        let Some((&sel, rest)) = data.split_first() else {
            continue;
        };
        let mut ps = templates[(sel & 1) as usize].clone();
        let pick = (sel >> 1) as usize % ps.len();
        ps[pick].1 = rest.to_vec();
        let _ = read_bytes("x.xlsx", &rezip(&ps));
        n += 1;
    }
    assert!(n >= 3);
}

/// An .ods whose content.xml closes its last table with a damaged tag
/// (`</table:tabessions/>`, made by the structure fuzzer): calamine would
/// read on past the end of the part forever. It is refused as damaged,
/// naming the element, before the reader sees it. Without that check the
/// verdict would be the time budget's (after 60 seconds), not "damaged".
#[test]
fn an_ods_table_never_closed_is_refused_as_damaged_not_read_forever() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/read_bytes");
    let bytes = std::fs::read(root.join("ods-unclosed-table-hang")).unwrap();
    let limits = ReadLimits {
        max_time: Some(Duration::from_secs(60)),
        ..ReadLimits::default()
    };
    let l = read_bytes_with("社区.ods", &bytes, &limits);
    damaged(&l);
    assert!(only(&l).message(Lang::En).contains("table:table"));
}

#[cfg(unix)]
#[test]
fn links_to_folders_are_not_followed() {
    // A link can lead out of the folder the office named, or in a circle.
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    let own = write(&inbox, "a.xlsx", &clean());
    write(&elsewhere, "b.xlsx", &clean());
    std::os::unix::fs::symlink(&elsewhere, inbox.join("link")).unwrap();
    std::os::unix::fs::symlink(&inbox, inbox.join("loop")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("b.xlsx"), inbox.join("c.xlsx")).unwrap();
    let c = wuyi_core::input::collect_all(std::slice::from_ref(&inbox));
    assert_eq!(c.files, vec![own, inbox.join("c.xlsx")]);
    assert!(c.unreadable.is_empty(), "{:?}", c.unreadable);
    assert_clean(&read(&inbox.join("c.xlsx")));
}
