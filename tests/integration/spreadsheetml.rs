//! Excel 2003 XML (SpreadsheetML), as the web platforms that communities
//! export their ledgers from write it: every example workbook exported that
//! way reads to the same ledger, problems, score and verdict as the
//! original; the office's lists read the same; LibreOffice reads the same
//! file to the same cells; hostile files are refused with a clear message
//! and the batch goes on.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::*;
use serde_json::Value as Json;
use wuyi_core::awards::{events, register, roster, tabular};
use wuyi_core::ledger;
use wuyi_report::catalogue::ProblemText;
use wuyi_sheets::{self as workbook, Cell, Format, Workbook};
use wuyi_testkit::Style;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            _ => out.push(c),
        }
    }
    out
}

/// Writes a workbook the way a platform's template engine does: the Excel
/// processing instruction and namespaces, document properties, a style
/// sheet with a date format inherited through `ss:Parent`, declared table
/// sizes, column widths, short gaps written as empty cells and longer ones
/// as `ss:Index`, a title row merged across the table, dates as
/// `DateTime`, and window options after the table.
fn to_spreadsheetml(wb: &Workbook) -> String {
    let mut x = String::new();
    x.push_str(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">
  <Author>网格化管理平台</Author>
  <Created>2022-03-31T08:00:00Z</Created>
 </DocumentProperties>
 <ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel">
  <WindowHeight>9000</WindowHeight>
  <ProtectStructure>False</ProtectStructure>
 </ExcelWorkbook>
 <Styles>
  <Style ss:ID="Default" ss:Name="Normal">
   <Alignment ss:Vertical="Center"/>
   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="11"/>
  </Style>
  <Style ss:ID="title"><Font ss:Bold="1" ss:Size="14"/></Style>
  <Style ss:ID="date"><NumberFormat ss:Format="yyyy\-mm\-dd;@"/></Style>
  <Style ss:ID="dateBorder" ss:Parent="date">
   <Borders><Border ss:Position="Bottom" ss:LineStyle="Continuous" ss:Weight="1"/></Borders>
  </Style>
  <Style ss:ID="num"><NumberFormat ss:Format="0_ "/></Style>
 </Styles>
"#,
    );
    for (si, sheet) in wb.sheets.iter().enumerate() {
        let cols = sheet
            .rows
            .iter()
            .filter_map(|r| r.cells.last().map(|(c, _)| c + 1))
            .max()
            .unwrap_or(1);
        let rows = sheet.rows.last().map(|r| r.index + 1).unwrap_or(1);
        let _ = write!(
            x,
            " <Worksheet ss:Name=\"{}\">\n  <Table ss:ExpandedColumnCount=\"{cols}\" ss:ExpandedRowCount=\"{rows}\" x:FullColumns=\"1\" x:FullRows=\"1\" ss:DefaultColumnWidth=\"54\" ss:DefaultRowHeight=\"14.25\">\n   <Column ss:Width=\"80\"/>\n   <Column ss:Width=\"120\" ss:Span=\"2\"/>\n",
            escape(&sheet.name)
        );
        let mut next_row = 0;
        for row in &sheet.rows {
            // Alternate: blank rows written out, or skipped by index.
            if row.index > next_row && (row.index - next_row) % 2 == 1 {
                for _ in next_row..row.index {
                    x.push_str("   <Row ss:AutoFitHeight=\"0\"/>\n");
                }
                x.push_str("   <Row>\n");
            } else if row.index > next_row {
                let _ = writeln!(x, "   <Row ss:Index=\"{}\">", row.index + 1);
            } else {
                x.push_str("   <Row ss:AutoFitHeight=\"0\">\n");
            }
            next_row = row.index + 1;
            // A lone text at the top left of a sheet is a title over the
            // table, merged across it.
            let title = row.index == 0 && row.cells.len() == 1 && row.cells[0].0 == 0;
            let mut next_col = 0;
            for (c, cell) in &row.cells {
                let mut attrs = String::new();
                if c - next_col > 2 {
                    let _ = write!(attrs, " ss:Index=\"{}\"", c + 1);
                } else {
                    for _ in next_col..*c {
                        x.push_str("    <Cell ss:StyleID=\"Default\"/>\n");
                    }
                }
                next_col = c + 1;
                if title && cols > 1 {
                    let _ = write!(
                        attrs,
                        " ss:MergeAcross=\"{}\" ss:StyleID=\"title\"",
                        cols - 1
                    );
                    next_col = cols;
                }
                let data = match cell {
                    Cell::Text(s) => format!("<Data ss:Type=\"String\">{}</Data>", escape(s)),
                    Cell::Number(n) => {
                        if n.fract() == 0.0 && si % 2 == 0 {
                            attrs.push_str(" ss:StyleID=\"num\"");
                        }
                        format!("<Data ss:Type=\"Number\">{n}</Data>")
                    }
                    Cell::Bool(b) => {
                        format!("<Data ss:Type=\"Boolean\">{}</Data>", u8::from(*b))
                    }
                    Cell::Date(d) => {
                        attrs.push_str(if c % 2 == 0 {
                            " ss:StyleID=\"date\""
                        } else {
                            " ss:StyleID=\"dateBorder\""
                        });
                        format!(
                            "<Data ss:Type=\"DateTime\">{}T00:00:00.000</Data>",
                            d.format("%Y-%m-%d")
                        )
                    }
                    Cell::Error(e) => format!("<Data ss:Type=\"Error\">{}</Data>", escape(e)),
                    Cell::Uncalculated(f) => {
                        let _ = write!(attrs, " ss:Formula=\"{}\"", escape(f));
                        String::new()
                    }
                };
                let _ = writeln!(x, "    <Cell{attrs}>{data}</Cell>");
            }
            x.push_str("   </Row>\n");
        }
        x.push_str(
            "  </Table>\n  <WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\">\n   <PageSetup><Header x:Margin=\"0.3\"/></PageSetup>\n   <Selected/>\n   <ProtectObjects>False</ProtectObjects>\n  </WorksheetOptions>\n </Worksheet>\n",
        );
    }
    x.push_str("</Workbook>\n");
    x
}

/// Exports a workbook file to SpreadsheetML under `name` in `dir`.
fn export(from: &Path, dir: &Path, name: &str) -> PathBuf {
    let wb = workbook::open(from).unwrap();
    let to = dir.join(name);
    std::fs::write(&to, to_spreadsheetml(&wb)).unwrap();
    to
}

/// The example workbooks: every community of the quarter.
fn example_workbooks() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(examples().join("收件箱"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ["xlsx", "xls", "ods"].contains(&e.to_string_lossy().as_ref()))
        })
        .collect();
    v.sort();
    assert_eq!(v.len(), 8);
    v
}

/// The name an exported copy gets: `.xls` as platforms name it, some `.xml`.
fn exported_name(p: &Path, i: usize) -> String {
    let stem = p.file_stem().unwrap().to_string_lossy();
    if i % 3 == 2 {
        format!("{stem}.xml")
    } else {
        format!("{stem}.xls")
    }
}

#[test]
fn every_example_reads_the_same_when_exported() {
    let dir = tempfile::tempdir().unwrap();
    for (i, original) in example_workbooks().iter().enumerate() {
        let exported = export(original, dir.path(), &exported_name(original, i));
        let a = ledger::read(original);
        let b = ledger::read(&exported);
        assert_eq!(b.format, Some(Format::SpreadsheetMl));
        assert_eq!(data(&a), data(&b), "{}", exported.display());
        assert_eq!(problems(&a), problems(&b), "{}", exported.display());
        assert!(a.households.as_ref().is_some_and(|h| !h.rows.is_empty()));
    }
}

#[test]
fn messy_communities_read_the_same_when_exported() {
    let dir = tempfile::tempdir().unwrap();
    for seed in 0..6 {
        let mut c = community(seed, 25);
        c.add_case(3, "确诊病例", 1, "定点医院治疗");
        let style = if seed % 2 == 0 {
            Style::messy(seed)
        } else {
            Style {
                serial_dates: true,
                english: seed == 3,
                ..Style::default()
            }
        };
        let original = write(dir.path(), &format!("c{seed}.xlsx"), &c, &style);
        let exported = export(&original, dir.path(), &format!("c{seed}.xls"));
        let a = ledger::read(&original);
        let b = ledger::read(&exported);
        assert_eq!(data(&a), data(&b), "seed {seed}");
        assert_eq!(problems(&a), problems(&b), "seed {seed}");
    }
}

/// A formula a template filled in without a value, a cell with an error,
/// and a count written as a `String` read as they do in .xlsx: the formula
/// is reported at its cell, the text number is read like text numbers
/// everywhere.
#[test]
fn formulas_without_values_and_text_numbers_are_told_at_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let original = write(dir.path(), "c.xlsx", &community(7, 10), &Style::default());
    let mut wb = workbook::open(&original).unwrap();
    // The fourth household's resident count becomes a formula with no
    // value, its registered count text.
    let sheet = wb.sheets.iter_mut().find(|s| s.name == "一户一档").unwrap();
    let row = &mut sheet.rows[4];
    assert_eq!(row.index, 4);
    for (c, cell) in row.cells.iter_mut() {
        match c {
            5 => *cell = Cell::Text(cell.display()),
            6 => *cell = Cell::Uncalculated("=SUM(RC[-2]:RC[-1])".into()),
            _ => {}
        }
    }
    let xml = to_spreadsheetml(&wb);
    assert!(xml.contains("<Cell ss:Formula=\"=SUM(RC[-2]:RC[-1])\"></Cell>"));
    let path = dir.path().join("c.xls");
    std::fs::write(&path, xml).unwrap();
    let l = ledger::read(&path);
    let p = problems(&l);
    assert!(
        p.iter()
            .any(|(_, at, code)| at == "一户一档!G5" && code == "uncalculated_formula"),
        "{p:?}"
    );
    let a = ledger::read(&original);
    let h = |l: &ledger::Ledger| l.households.as_ref().unwrap().rows[3].values.clone();
    // The count read from text is the same count.
    assert_eq!(h(&a)[5], h(&l)[5]);
}

/// A result without what names the file itself.
fn without_file(mut r: Json) -> Json {
    if let Some(o) = r.as_object_mut() {
        o.retain(|k, _| !k.contains("file") && !k.contains("path") && k != "format");
    }
    r
}

#[test]
fn the_binary_scores_exports_like_the_originals() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let originals = root.join("原件");
    let exported = root.join("平台导出");
    std::fs::create_dir_all(&originals).unwrap();
    std::fs::create_dir_all(&exported).unwrap();
    for (i, p) in example_workbooks().iter().enumerate() {
        std::fs::copy(p, originals.join(p.file_name().unwrap())).unwrap();
        export(p, &exported, &exported_name(p, i));
    }
    let a = wuyi(&["score", "原件", "--out", "a"], root);
    let b = wuyi(&["score", "平台导出", "--out", "b"], root);
    assert_eq!(a.status.code(), b.status.code());
    let (ra, rb) = (results(&root.join("a")), results(&root.join("b")));
    assert_eq!(ra.len(), 8);
    assert_eq!(rb.len(), 8, "every export found, .xml too");
    for (x, y) in ra.into_iter().zip(rb) {
        assert_eq!(without_file(x), without_file(y));
    }
    // The summary line, verdict by verdict.
    let summary = |o: &Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .find(|l| l.starts_with("共 "))
            .unwrap()
            .to_string()
    };
    assert_eq!(summary(&a), summary(&b));
    assert_eq!(
        summary(&a),
        "共 8 个文件：达标 5，未达标 1，一票否决 1，无法评分 1"
    );
}

/// The office's roster and events log and last quarter's award list, as a
/// platform would export them, read as the originals do, in the library
/// and through `wuyi awards`.
#[test]
fn office_lists_read_the_same_when_exported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let to_xml = |from: &Path, name: &str| {
        let wb = tabular::open(from).unwrap();
        let to = root.join(name);
        std::fs::write(&to, to_spreadsheetml(&wb)).unwrap();
        to
    };
    let roster_csv = examples().join("名册.csv");
    let events_csv = examples().join("事件.csv");
    let roster_xml = to_xml(&roster_csv, "名册.xls");
    let events_xml = to_xml(&events_csv, "事件.xml");
    let (ra, wa) = roster::read(&roster_csv).unwrap();
    let (rb, wb) = roster::read(&roster_xml).unwrap();
    assert_eq!(ra.len(), 9);
    assert_eq!(ra, rb);
    assert_eq!(wa, wb);
    let (ea, _) = events::read(&events_csv).unwrap();
    let (eb, _) = events::read(&events_xml).unwrap();
    assert!(!ea.is_empty());
    assert_eq!(ea, eb);

    let inbox = root.join("收件");
    std::fs::create_dir_all(&inbox).unwrap();
    for p in example_workbooks() {
        std::fs::copy(&p, inbox.join(p.file_name().unwrap())).unwrap();
    }
    let score = wuyi(&["score", "收件", "--out", "评分"], root);
    assert_eq!(score.status.code(), Some(1));
    let run = |roster: &str, events: &str, out: &str| {
        wuyi(
            &[
                "awards",
                "--quarter",
                "2022Q1",
                "评分",
                "--roster",
                roster,
                "--events",
                events,
                "--out",
                out,
            ],
            root,
        )
    };
    let a = run("名册.xls", "事件.xml", "甲.xlsx");
    let b = run(
        roster_csv.to_str().unwrap(),
        events_csv.to_str().unwrap(),
        "乙.xlsx",
    );
    let stdout = |o: &Output| String::from_utf8_lossy(&o.stdout).replace("甲", "乙");
    assert_eq!(a.status.code(), b.status.code(), "{}", stdout(&a));
    assert_eq!(stdout(&a), stdout(&b));
    assert!(stdout(&a).contains("持有称号 5 个"), "{}", stdout(&a));

    // Next quarter reads this quarter's register from the list, exported.
    let list = root.join("甲.xlsx");
    let list_xml = export(&list, root, "甲.xls");
    let (ga, wa) = register::read(&list).unwrap();
    let (gb, wb) = register::read(&list_xml).unwrap();
    assert_eq!(ga.entries.len(), 9);
    assert_eq!(ga, gb);
    assert_eq!(wa, wb);
}

/// LibreOffice, where it is installed, reads the exported file to the same
/// cells: converted to .xlsx by it, the file reads to the same ledger.
#[test]
fn libreoffice_reads_the_export_the_same() {
    let Ok(v) = Command::new("libreoffice").arg("--version").output() else {
        eprintln!("LibreOffice is not installed; skipped");
        return;
    };
    assert!(v.status.success());
    let dir = tempfile::tempdir().unwrap();
    let mut exported = Vec::new();
    for (i, p) in example_workbooks()
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 2)
    {
        exported.push(export(p, dir.path(), &exported_name(p, i)));
    }
    let out = dir.path().join("lo");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let o = Command::new("libreoffice")
        .arg(&profile)
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .args(&exported)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for x in &exported {
        let converted = out.join(format!("{}.xlsx", x.file_stem().unwrap().to_string_lossy()));
        let a = ledger::read(x);
        let b = ledger::read(&converted);
        assert_eq!(b.format, Some(Format::Xlsx), "{}", converted.display());
        assert_eq!(data(&a), data(&b), "{}", x.display());
        let codes = |l: &ledger::Ledger| {
            let mut v = problems(l);
            v.sort();
            v
        };
        assert_eq!(codes(&a), codes(&b), "{}", x.display());
    }
}

/// Hostile SpreadsheetML in a batch: each refused with what is wrong, the
/// rest scored, no crash.
#[test]
fn hostile_exports_are_refused_in_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let inbox = root.join("收件");
    std::fs::create_dir_all(&inbox).unwrap();
    let clean = example_workbooks()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("幸福里"))
        .unwrap();
    let good = to_spreadsheetml(&workbook::open(&clean).unwrap());
    std::fs::write(inbox.join("东关街道-幸福里小区.xls"), &good).unwrap();
    let head = &good[..good.find("<DocumentProperties").unwrap()];
    let sheet = |rows: &str| {
        format!(
            "{head}<Worksheet ss:Name=\"一户一档\"><Table>{rows}</Table></Worksheet></Workbook>"
        )
    };
    let laughs = {
        let mut dtd = String::from("<!DOCTYPE Workbook [\n <!ENTITY a \"hahahahahahahahaha\">\n");
        let mut prev = "a".to_string();
        for i in 0..12 {
            let name = format!("l{i}");
            let _ = writeln!(
                dtd,
                " <!ENTITY {name} \"{}\">",
                format!("&{prev};").repeat(10)
            );
            prev = name;
        }
        dtd.push_str("]>\n");
        good.replacen("<Workbook", &format!("{dtd}<Workbook"), 1)
            .replacen("幸福里小区", &format!("&{prev};"), 1)
    };
    let cases: Vec<(&str, String, &str)> = vec![
        ("laughs.xls", laughs, "declares XML entities in a DTD"),
        (
            "index.xls",
            sheet(
                "<Row><Cell ss:Index=\"99999999999999999999999\"><Data ss:Type=\"Number\">1</Data></Cell></Row>",
            ),
            "not a valid number",
        ),
        (
            "beyond.xls",
            sheet("<Row ss:Index=\"2000000\"><Cell><Data ss:Type=\"Number\">1</Data></Cell></Row>"),
            "beyond the last row",
        ),
        (
            "deep.xls",
            sheet(&format!(
                "<Row><Cell><Data ss:Type=\"String\">{}</Data></Cell></Row>",
                "<B>".repeat(1_000_000)
            )),
            "nests elements more than 100 deep",
        ),
        (
            "truncated.xls",
            good[..good.len() * 2 / 3].to_string(),
            "incomplete",
        ),
        (
            "backwards.xml",
            sheet(
                "<Row ss:Index=\"9\"/><Row ss:Index=\"3\"><Cell><Data ss:Type=\"String\">x</Data></Cell></Row>",
            ),
            "before a cell already read",
        ),
    ];
    for (name, xml, _) in &cases {
        std::fs::write(inbox.join(name), xml).unwrap();
    }
    // A huge index and declared size cost nothing: read, and scored.
    let sparse = good.replacen(
        "ss:ExpandedRowCount=\"",
        "ss:ExpandedRowCount=\"1048576\" x:Was=\"",
        1,
    );
    std::fs::write(inbox.join("东关街道-幸福里小区-副本.xml"), sparse).unwrap();

    let o = wuyi(&["--lang", "en", "score", "收件", "--out", "评分"], root);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    let rs = results(&root.join("评分"));
    assert_eq!(rs.len(), cases.len() + 2, "{stdout}");
    for (name, _, why) in &cases {
        let r = rs
            .iter()
            .find(|r| r.to_string().contains(name.split('.').next().unwrap()))
            .unwrap_or_else(|| panic!("{name}: {stdout}"));
        assert_eq!(r["verdict"], "unassessable", "{name}: {r}");
        assert!(r.to_string().contains(why), "{name}: {r}");
    }
    let passed = rs.iter().filter(|r| r["verdict"] == "passed").count();
    assert_eq!(passed, 2, "{stdout}");
    // The same refusals in Chinese.
    let zh = wuyi(&["check", "收件/laughs.xls", "收件/deep.xls"], root);
    let zh = String::from_utf8_lossy(&zh.stdout);
    assert!(
        zh.contains("声明了 XML 实体") && zh.contains("嵌套超过 100 层"),
        "{zh}"
    );
}

/// How long a large export takes to read, beside the same ledger as .xlsx:
/// `cargo test --release --test integration spreadsheetml -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_a_large_export() {
    let households: usize = std::env::var("WUYI_HOUSEHOLDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let dir = tempfile::tempdir().unwrap();
    // Kept for measuring the binary on, where asked.
    let keep = std::env::var_os("WUYI_MEASURE_DIR").map(PathBuf::from);
    let at = keep.as_deref().unwrap_or(dir.path());
    let c = community(1, households);
    let original = write(at, "big.xlsx", &c, &Style::default());
    let exported = export(&original, at, "big.xls");
    let size = |p: &Path| std::fs::metadata(p).unwrap().len() as f64 / 1048576.0;
    let time = |p: &Path| {
        let t = std::time::Instant::now();
        let l = ledger::read(p);
        (t.elapsed().as_secs_f64(), l)
    };
    let (ta, a) = time(&original);
    let (tb, b) = time(&exported);
    assert_eq!(data(&a), data(&b));
    eprintln!(
        "{households} households: .xlsx {:.1} MB read in {ta:.2} s; SpreadsheetML {:.1} MB read in {tb:.2} s",
        size(&original),
        size(&exported)
    );
}

/// Every example, exported and then corrupted a few hundred ways (cut
/// short, bits flipped, bytes overwritten), ends in a clean verdict: a
/// ledger with its problems or a file reported unreadable; never a panic.
#[test]
fn corrupted_exports_end_in_a_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = wuyi_testkit::Rng::new(18);
    let (mut unreadable, mut readable) = (0, 0);
    for (i, original) in example_workbooks().iter().enumerate() {
        let bytes = to_spreadsheetml(&workbook::open(original).unwrap()).into_bytes();
        for n in 0..40 {
            let mut b = bytes.clone();
            let pick = |rng: &mut wuyi_testkit::Rng, n: usize| rng.range(0, n as i64 - 1) as usize;
            match n % 3 {
                0 => b.truncate(pick(&mut rng, bytes.len())),
                1 => {
                    for _ in 0..=pick(&mut rng, 8) {
                        let at = pick(&mut rng, b.len());
                        b[at] ^= 1 << pick(&mut rng, 8);
                    }
                }
                _ => {
                    let at = pick(&mut rng, b.len());
                    let end = (at + 1 + pick(&mut rng, 64)).min(b.len());
                    for x in &mut b[at..end] {
                        *x = rng.next_u64() as u8;
                    }
                }
            }
            let p = dir.path().join(format!("m{i}-{n}.xls"));
            std::fs::write(&p, &b).unwrap();
            let l = ledger::read(&p);
            for q in &l.problems {
                assert!(!q.message(wuyi_report::i18n::Lang::Zh).is_empty());
                assert!(!q.message(wuyi_report::i18n::Lang::En).is_empty());
            }
            if l.problems.iter().any(|q| q.code() == "unreadable") {
                assert_eq!(l.problems.len(), 1);
                unreadable += 1;
            } else {
                readable += 1;
            }
        }
    }
    eprintln!("{readable} read, {unreadable} refused");
    assert!(unreadable > 0 && readable > 0);
}
