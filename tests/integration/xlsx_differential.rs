//! The tool's own `.xlsx` reader against calamine, the reference: for every
//! fixture, example, hostile-corpus file, fuzz regression, a generated city
//! and thousands of mutated workbooks, both read exactly the same cells
//! (values, types, dates, positions) into the same sheets — or both refuse,
//! for the same reason.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use crate::util::date;
use crate::util::hostile as hc;
use wuyi_sheets::{Cell, OpenOptions, ReadLimits, SheetBuilder, Workbook};
use wuyi_testkit::{Community, Rng, Style};

fn limits() -> ReadLimits {
    // No clock: a slow test machine must not turn into a difference.
    ReadLimits {
        max_time: None,
        ..ReadLimits::default()
    }
}

fn outcome(read: impl FnOnce() -> Result<Workbook, wuyi_sheets::OpenError>) -> String {
    match catch_unwind(AssertUnwindSafe(read)) {
        Ok(Ok(wb)) => format!("{wb:#?}"),
        Ok(Err(e)) => format!("refused: {e:?}"),
        Err(_) => "the reader panicked".into(),
    }
}

/// Both readers on the same bytes; panics with the first difference.
fn same(name: &str, bytes: &[u8]) {
    same_with(name, bytes, &limits());
}

fn same_with(name: &str, bytes: &[u8], limits: &ReadLimits) {
    let own = outcome(|| OpenOptions::new().limits(limits).read_bytes(bytes.to_vec()));
    let reference = outcome(|| {
        OpenOptions::new()
            .limits(limits)
            .reference_reader()
            .read_bytes(bytes.to_vec())
    });
    if own != reference {
        let at = own
            .lines()
            .zip(reference.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let show = |s: &str| {
            s.lines()
                .skip(at.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{name}: the readers differ at line {at}\n--- own:\n{}\n--- calamine:\n{}",
            show(&own),
            show(&reference)
        );
    }
}

/// The workbook read by the own reader without any help from calamine.
fn own_only(name: &str, bytes: &[u8]) -> Workbook {
    let mut opened = OpenOptions::new()
        .limits(&limits())
        .open_bytes(bytes.to_vec())
        .unwrap();
    let mut sheets = Vec::new();
    for sheet in opened.sheet_names.clone() {
        let mut b = SheetBuilder::default();
        opened.read_sheet(&sheet, &mut b).unwrap();
        sheets.push(b.finish(sheet));
    }
    assert!(
        opened.own_reader_complete(),
        "{name}: the own reader handed over to calamine"
    );
    Workbook {
        format: opened.format,
        is_1904: opened.is_1904,
        sheets,
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn fixtures_examples_and_fuzz_regressions_read_alike() {
    let mut xlsx = 0;
    for dir in [
        "tests/fixtures",
        "examples/收件箱",
        "fuzz/regressions/read_bytes",
        "fuzz/templates",
    ] {
        for path in files_in(&root().join(dir)) {
            let bytes = std::fs::read(&path).unwrap();
            same(&path.display().to_string(), &bytes);
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if matches!(ext, "xlsx" | "xlsm") {
                xlsx += 1;
                // Files saved by Excel, LibreOffice and rust_xlsxwriter are
                // read by the own reader alone.
                if !path.to_string_lossy().contains("hostile") {
                    own_only(&path.display().to_string(), &bytes);
                }
            }
        }
    }
    assert!(xlsx >= 8, "only {xlsx} .xlsx files found");
}

/// The `xml_parts` fuzz target's inputs: a template's part replaced.
#[test]
fn xml_parts_fuzz_regressions_read_alike() {
    let templates = [
        hc::parts(include_bytes!("../../fuzz/templates/small.xlsx")),
        hc::parts(include_bytes!("../../fuzz/templates/small.ods")),
    ];
    let mut n = 0;
    for path in files_in(&root().join("fuzz/regressions/xml_parts")) {
        let data = std::fs::read(&path).unwrap();
        let Some((&sel, rest)) = data.split_first() else {
            continue;
        };
        let mut parts = templates[(sel & 1) as usize].clone();
        let pick = (sel >> 1) as usize % parts.len();
        parts[pick].1 = rest.to_vec();
        same(&path.display().to_string(), &hc::rezip(&parts));
        n += 1;
    }
    assert!(n >= 1);
}

#[test]
fn a_generated_city_reads_alike_and_wholly_by_the_own_reader() {
    for i in 0..24u64 {
        let mut rng = Rng::new(i * 7919 + 1);
        let households = rng.range(20, 400) as usize;
        let c = Community::generate(2022 + i, hc::info(&format!("第{i}小区")), households);
        let style = match i % 4 {
            0 => Style::default(),
            1 => Style::messy(i),
            2 => Style {
                english: false,
                ..Style::messy(i)
            },
            _ => Style {
                title_rows: true,
                totals_row: true,
                text_numbers: true,
                seed: i,
                ..Style::default()
            },
        };
        let bytes = c.to_workbook(&style).unwrap().save_to_buffer().unwrap();
        let name = format!("city workbook {i}");
        same(&name, &bytes);
        let wb = own_only(&name, &bytes);
        assert!(wb.sheets.iter().map(|s| s.rows.len()).sum::<usize>() > households);
    }
}

// ------------------------------------------------------------- hostile corpus

#[test]
fn hostile_corpus_reads_alike() {
    let clean = hc::clean();
    let households = hc::sheet_part(&clean, "一户一档");
    let mut corpus: Vec<(String, Vec<u8>)> = vec![
        ("clean".into(), clean.clone()),
        ("truncated".into(), clean[..clean.len() / 2].to_vec()),
        ("empty".into(), Vec::new()),
        (
            "password.xlsx".into(),
            std::fs::read(root().join("tests/fixtures/hostile/password.xlsx")).unwrap(),
        ),
        (
            "malformed shared strings".into(),
            hc::with_part(&clean, "xl/sharedStrings.xml", |d| {
                let n = d.len() / 2;
                d[..n].to_vec()
            }),
        ),
        (
            "shared string out of range".into(),
            hc::with_part(&clean, &households, |d| {
                let s = String::from_utf8(d).unwrap();
                let at = s.find("t=\"s\"><v>").unwrap() + "t=\"s\"><v>".len();
                let end = at + s[at..].find('<').unwrap();
                format!("{}999999{}", &s[..at], &s[end..]).into_bytes()
            }),
        ),
        (
            "sheet xml not well formed".into(),
            hc::with_part(&clean, &households, |d| {
                hc::replace_text(d, "</row>", "</rw>")
            }),
        ),
        (
            "sheet xml cut short".into(),
            hc::with_part(&clean, &households, |d| {
                let n = d.len() * 2 / 3;
                d[..n].to_vec()
            }),
        ),
        ("bomb".into(), hc::bomb(20_000, None, &[])),
    ];
    for (i, name) in hc::HOSTILE_NAMES.iter().enumerate() {
        let c = hc::community(name);
        corpus.push((format!("hostile name {i}"), hc::xlsx(&c)));
    }
    corpus.push((
        "stray cell at XFD1048576".into(),
        hc::xlsx_edited(&hc::community("x"), |wb| {
            if let Some(ws) = wb.worksheets_mut().last_mut() {
                ws.write_string(1_048_575, 16_383, "stray").unwrap();
            }
        }),
    ));
    corpus.push((
        "a cell of 32767 characters".into(),
        hc::xlsx_edited(&hc::community("x"), |wb| {
            let ws = wb.worksheets_mut().last_mut().unwrap();
            ws.write_string(3, 3, "疫".repeat(32_767)).unwrap();
        }),
    ));
    corpus.push((
        "ten thousand columns".into(),
        hc::xlsx_edited(&hc::community("x"), |wb| {
            let ws = wb.worksheets_mut().last_mut().unwrap();
            for c in 0..10_000u16 {
                ws.write_number(2, c, f64::from(c)).unwrap();
            }
        }),
    ));
    corpus.push((
        "formulas with and without values, errors".into(),
        hc::xlsx_edited(&hc::community("x"), |wb| {
            let ws = wb.worksheets_mut().last_mut().unwrap();
            ws.write_formula(40, 0, "=1/0").unwrap();
            ws.write_formula(
                40,
                1,
                rust_xlsxwriter::Formula::new("=SUM(A1:A3)").set_result("6"),
            )
            .unwrap();
            ws.write_formula(41, 0, "=NA()").unwrap();
            ws.write_boolean(41, 1, true).unwrap();
        }),
    ));
    for (name, bytes) in &corpus {
        same(name, bytes);
    }
    // Tight memory: both refuse, with the same figures.
    let tight = ReadLimits {
        max_memory_bytes: 300_000,
        ..limits()
    };
    same_with(
        "tight memory",
        &hc::xlsx(&Community::generate(3, hc::info("大"), 3000)),
        &tight,
    );
}

// ------------------------------------------------------------- hand-made XML

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.00_ "/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="46"/><xf numFmtId="31"/><xf numFmtId="22"><alignment horizontal="center"/></xf></cellXfs></styleSheet>"#;
const SST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>户编号</t></si><si><r><rPr><b/></rPr><t>网格</t></r><r><t xml:space="preserve"> 编号 </t></r></si><si><t>  trimmed  </t><rPh sb="0" eb="1"><t>ignored</t></rPh></si><si><t>A&amp;B &#x4E2D; line_x000D_break</t></si><si/><si><t xml:space="preserve">   </t></si></sst>"#;

/// A workbook from hand-written parts: `sheets` are (name, state, XML).
fn book(sheets: &[(&str, &str, &str)], workbook_pr: &str) -> Vec<u8> {
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    );
    wb.push_str(workbook_pr);
    wb.push_str("<sheets>");
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut parts = vec![
        (
            "[Content_Types].xml".to_string(),
            CONTENT_TYPES.as_bytes().to_vec(),
        ),
        ("_rels/.rels".to_string(), ROOT_RELS.as_bytes().to_vec()),
        ("xl/styles.xml".to_string(), STYLES.as_bytes().to_vec()),
        ("xl/sharedStrings.xml".to_string(), SST.as_bytes().to_vec()),
    ];
    // Listed in the workbook in the order given, stored in reverse, so the
    // order must come from workbook.xml.
    for (i, (_, _, xml)) in sheets.iter().enumerate().rev() {
        parts.push((format!("xl/worksheets/s{i}.xml"), xml.as_bytes().to_vec()));
    }
    for (i, (name, state, _)) in sheets.iter().enumerate() {
        let state = if state.is_empty() {
            String::new()
        } else {
            format!(" state=\"{state}\"")
        };
        wb.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{}"{state} r:id="rId{}"/>"#,
            i + 1,
            i + 10
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/s{i}.xml"/>"#,
            i + 10
        ));
    }
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    parts.push(("xl/workbook.xml".into(), wb.into_bytes()));
    parts.push(("xl/_rels/workbook.xml.rels".into(), rels.into_bytes()));
    hc::rezip(&parts)
}

fn sheet(data: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>{data}</sheetData><pageMargins left="0.7"/></worksheet>"#
    )
}

const KINDS_OF_CELLS: &str = concat!(
    r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>"#,
    r#"<row r="2"><c r="A2" t="inlineStr"><is><t>内联</t></is></c><c r="B2" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t>文本</t></r></is></c><c r="C2" t="str"><f>A1&amp;"x"</f><v>户编号x_x000D_</v></c><c r="D2" t="e"><v>#DIV/0!</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="b"><v>0</v></c><c r="G2" t="d"><v>2022-03-15T00:00:00</v></c></row>"#,
    r#"<row r="3"><c r="A3" s="1"><v>44621</v></c><c r="B3" s="2"><v>44635.5</v></c><c r="C3" s="3"><v>12.5</v></c><c r="D3" s="4"><v>1.25</v></c><c r="E3" s="5"><v>44600</v></c><c r="F3" s="6"><v>0.5</v></c><c r="G3" s="99"><v>7</v></c><c r="H3"><v>1E3</v></c><c r="I3"><v>not a number</v></c><c r="J3" t="n"><v></v></c></row>"#,
    r#"<row r="4"><c r="A4"><f>SUM(A1:A3)</f></c><c r="B4"><f t="shared" ref="B4:B6" si="0">A4+1</f></c><c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D4"><f>1+1</f><v>2</v></c></row>"#,
    r#"<row r="5"><c r="B5"><f t="shared" si="0"/></c><c r="C5" s="0"/><c r="D5"><v> 5 </v></c></row>"#,
    r#"<row r="7"><c t="s"><v>0</v></c><c><v>1</v></c><c r="F7"><v>2</v></c><c><v>3</v></c></row>"#,
    r#"<row><c><v>8</v></c></row><row/><row spans="1:2"><c t="inlineStr"><is><t>  </t></is></c><c t="inlineStr"><is><t>after blanks</t></is></c></row>"#,
);

#[test]
fn every_kind_of_cell_reads_alike_by_the_own_reader() {
    let bytes = book(
        &[
            ("基本信息", "", &sheet(KINDS_OF_CELLS)),
            (
                "隐藏",
                "hidden",
                &sheet(r#"<row r="2"><c r="B2"><v>1</v></c></row>"#),
            ),
            ("很隐藏", "veryHidden", &sheet("")),
            (
                "空",
                "",
                &sheet("").replace("<sheetData></sheetData>", "<sheetData/>"),
            ),
        ],
        r#"<workbookPr date1904="false"/>"#,
    );
    same("every kind of cell", &bytes);
    let wb = own_only("every kind of cell", &bytes);
    let names: Vec<_> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["基本信息", "隐藏", "很隐藏", "空"]);
    let s = &wb.sheets[0];
    let at = |r: u32, c: u32| {
        s.rows
            .iter()
            .find(|row| row.index == r)
            .and_then(|row| row.get(c))
            .cloned()
    };
    let text = |t: &str| Some(Cell::Text(t.into()));
    assert_eq!(at(0, 1), text("网格 编号 "));
    assert_eq!(at(0, 2), text("trimmed"));
    assert_eq!(at(0, 3), text("A&B 中 line\rbreak"));
    // An empty and an all-blank shared string are no cells.
    assert_eq!(at(0, 4), None);
    assert_eq!(at(0, 5), None);
    assert_eq!(at(1, 1), text("富文本"));
    assert_eq!(at(1, 2), text("户编号x\r"));
    assert_eq!(at(1, 3), Some(Cell::Error("#DIV/0!".into())));
    assert_eq!(at(1, 4), Some(Cell::Bool(true)));
    assert_eq!(at(1, 6), Some(Cell::Date(date(2022, 3, 15))));
    assert_eq!(at(2, 0), Some(Cell::Date(date(2022, 3, 1))));
    assert_eq!(at(2, 1), Some(Cell::Date(date(2022, 3, 15))));
    assert_eq!(at(2, 2), Some(Cell::Number(12.5)));
    assert_eq!(at(2, 4), Some(Cell::Date(date(2022, 2, 8))));
    assert_eq!(at(2, 6), Some(Cell::Number(7.0)));
    assert_eq!(at(2, 7), Some(Cell::Number(1000.0)));
    assert_eq!(at(2, 8), text("not a number"));
    assert_eq!(at(3, 0), Some(Cell::Uncalculated("SUM(A1:A3)".into())));
    assert_eq!(at(3, 1), Some(Cell::Uncalculated("A4+1".into())));
    assert_eq!(at(4, 1), Some(Cell::Uncalculated(String::new())));
    assert_eq!(at(4, 3), text(" 5 "));
    // Cells without `r=` follow the one before them.
    assert_eq!(at(6, 0), text("户编号"));
    assert_eq!(at(6, 1), Some(Cell::Number(1.0)));
    assert_eq!(at(6, 6), Some(Cell::Number(3.0)));
    assert_eq!(at(7, 0), Some(Cell::Number(8.0)));
    assert_eq!(at(9, 1), text("after blanks"));
}

#[test]
fn the_1904_date_system_reads_alike() {
    let bytes = book(
        &[(
            "Sheet1",
            "",
            &sheet(r#"<row r="1"><c r="A1" s="1"><v>43159</v></c></row>"#),
        )],
        r#"<workbookPr date1904="1"/>"#,
    );
    same("1904", &bytes);
    let wb = own_only("1904", &bytes);
    assert!(wb.is_1904);
    assert_eq!(
        wb.sheets[0].rows[0].get(0),
        Some(&Cell::Date(date(2022, 3, 1)))
    );
}

#[test]
fn prefixed_namespaces_and_crlf_read_alike() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <x:dimension ref="A1"/>
  <x:sheetData>
    <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="str"><x:v>two&#13;
lines</x:v></x:c></x:row>
  </x:sheetData>
</x:worksheet>"#;
    let bytes = book(&[("Sheet1", "", xml)], "");
    same("prefixed", &bytes);
    own_only("prefixed", &bytes);
}

#[test]
fn rows_and_cells_of_every_shape_read_alike() {
    let shapes = concat!(
        r#"<row r="1"><c r="A1"/><c r="B1" ></c><c r="C1"><v>1</v> </c><c r="D1" s='1'><v>44621</v></c>"#,
        r#"<c r="E1" foo="a>b'c"><v>2</v></c><c	r="F1"><v>3</v></c><c r="G1"><v></v></c><c r="H1" t="s"><v>0</v></c></row>"#,
        r#"<row r="3"/><row r="5" spans="1:3" ht="20"><c r="A5" t="s"><v>1</v></c></row >"#,
        "\n  <row r=\"6\">\r\n<c r=\"B6\"><v>6</v></c>\n</row>&amp;&#32;",
        r#"<row r="7"><cx r="A7"><v>7</v></cx><c r="B7"><v>7</v></c></row>"#,
        r#"<row r="8"><c r="A8"><v>8</v></c><c r="B8" t="str"><v>x</v></c><c r="C8"><v>9</v></c></row>"#,
    );
    let bytes = book(&[("Sheet1", "", &sheet(shapes))], "");
    same("shapes", &bytes);
    own_only("shapes", &bytes);
    // An end tag that closes nothing, inside a cell and among rows.
    for extra in [
        r#"<row r="1"><c r="A1"><v>1</v></row></c></row></row></row><row r="2"><c r="A2"><v>2</v></c></row>"#,
        r#"<row r="1"><c r="A1"><v>1</v></c></row></row></sheetData></worksheet></x><row r="2"></row>"#,
    ] {
        same(
            "unmatched ends",
            &book(&[("Sheet1", "", &sheet(extra))], ""),
        );
    }
}

#[test]
fn what_the_own_reader_hands_over_reads_alike() {
    let cases = [
        // A comment, CDATA, another encoding: read by calamine from the
        // start of the sheet, or from the first cell not yet delivered.
        sheet(
            r#"<row r="1"><c r="A1"><v>1</v></c></row><!-- </row> --><row r="2"><c r="A2"><v>2</v></c></row>"#,
        ),
        sheet(r#"<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<b>]]></t></is></c></row>"#),
        sheet(r#"<row r="1"><c r="A1"><v>1</v></c></row>"#).replace("UTF-8", "GBK"),
        // What calamine refuses.
        sheet(r#"<row r="1"><c r="A1" t="e"><v>#BOGUS!</v></c></row>"#),
        sheet(r#"<row r="1"><c r="A1" t="b"><v>yes</v></c></row>"#),
        sheet(r#"<row r="1"><c r="A1" t="n"><v>x</v></c></row>"#),
        sheet(r#"<row r="1"><c r="A1" t="zz"><v>1</v></c></row>"#),
        sheet(r#"<row r="1"><c r="1A"><v>1</v></c></row>"#),
        sheet(r#"<row r="1"><c r="A1"><v>1</v><extLst/></c></row>"#),
        sheet(r#"<row r="1"><c r="A1"><f t="shared">A1</f></c></row>"#),
        sheet(r#"<row r="1"><c r="A1"><f t="shared" si="0" ref="B2:A1">A1</f></c></row>"#),
        sheet(r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v>"#),
        sheet("").replace(r#"<dimension ref="A1:D9"/>"#, "<dimension/>"),
        "<worksheet><sheetData>".to_string(),
        "<chartsheet/>".to_string(),
        sheet(&format!(
            "{}<row><c><v>&#49;</v></c><c r=\"A1048577\"><v>1</v></c></row>",
            r#"<row r="1"><c r="A1"><v>1</v></c></row>"#.repeat(20_000)
        )),
    ];
    for (i, xml) in cases.iter().enumerate() {
        let bytes = book(
            &[("Sheet1", "", xml), ("B", "", &sheet(KINDS_OF_CELLS))],
            "",
        );
        same(&format!("hand-over case {i}"), &bytes);
    }
}

// ------------------------------------------------------------- mutations

const TOKENS: &[&str] = &[
    "<!-- x -->",
    "&amp;",
    "&#20013;",
    "&bogus;",
    " t=\"str\"",
    " t=\"e\"",
    " t=\"b\"",
    " t=\"d\"",
    " t=\"inlineStr\"",
    " t=\"s\"",
    "<is><t>x</t></is>",
    "<is><r><t> y </t></r><rPh><t>z</t></rPh></is>",
    "<f>1+1</f>",
    "<f t=\"shared\" si=\"0\"/>",
    "<v></v>",
    "<v>#N/A</v>",
    "<v>44621</v>",
    " r=\"A1\"",
    " r=\"XFD1048576\"",
    " s=\"1\"",
    " s=\"999\"",
    "</row>",
    "<row>",
    "<row/>",
    "<c>",
    "</c>",
    "<c/>",
    "_x000D_",
    "<![CDATA[x]]>",
    "\"",
    "'",
    "=",
    "<x:c>",
    "\u{feff}",
    "\r\n",
    "</sheetData>",
    "<sheetData/>",
    " date1904=\"1\"",
    " numFmtId=\"14\"",
    " state=\"hidden\"",
    " state=\"odd\"",
    "<sheet name=\"新\" sheetId=\"9\" r:id=\"rId1\"/>",
    "\u{0}",
    "\u{ff}",
];

fn mutate(data: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut d = data.to_vec();
    for _ in 0..rng.range(1, 3) {
        if d.is_empty() {
            break;
        }
        let at = rng.range(0, d.len() as i64 - 1) as usize;
        match rng.range(0, 6) {
            0 => d[at] ^= 1 << rng.range(0, 7),
            1 => {
                let n = rng.range(1, 40) as usize;
                d.drain(at..(at + n).min(d.len()));
            }
            2..=4 => {
                // At a tag boundary where there is one near.
                let at = d[at..]
                    .iter()
                    .position(|&b| b == b'<' || b == b' ')
                    .map_or(at, |p| at + p);
                let token = rng.pick(TOKENS);
                d.splice(at..at, token.bytes());
            }
            5 => {
                // Drop a cell's position.
                let s = String::from_utf8_lossy(&d).into_owned();
                let from = (at.min(s.len())..=s.len())
                    .find(|&i| s.is_char_boundary(i))
                    .unwrap_or(0);
                if let Some(p) = s[from..].find(" r=\"").map(|p| p + from) {
                    let end = p + 4 + s[p + 4..].find('"').unwrap_or(0) + 1;
                    d = format!("{}{}", &s[..p], &s[end.min(s.len())..]).into_bytes();
                }
            }
            _ => {
                let n = rng.range(1, 60) as usize;
                let chunk: Vec<u8> = d[at..(at + n).min(d.len())].to_vec();
                d.splice(at..at, chunk);
            }
        }
    }
    d
}

fn mutated_corpus(base: &[u8], name: &str, rounds: u64) {
    let parts = hc::parts(base);
    let xml: Vec<usize> = parts
        .iter()
        .enumerate()
        .filter(|(_, (n, _))| n.ends_with(".xml") || n.ends_with(".rels"))
        .map(|(i, _)| i)
        .collect();
    for seed in 0..rounds {
        let mut rng = Rng::new(seed * 31 + 7);
        let mut ps = parts.clone();
        // Mostly the sheets and shared strings, where the reading is.
        let pick = if rng.chance(0.7) {
            *rng.pick(
                &xml.iter()
                    .copied()
                    .filter(|&i| {
                        ps[i].0.contains("worksheets") || ps[i].0.contains("sharedStrings")
                    })
                    .collect::<Vec<_>>(),
            )
        } else {
            *rng.pick(&xml)
        };
        ps[pick].1 = mutate(&ps[pick].1, &mut rng);
        same(
            &format!("{name}, mutation {seed} of {}", ps[pick].0),
            &hc::rezip(&ps),
        );
    }
}

#[test]
fn mutated_hand_made_workbooks_read_alike() {
    let bytes = book(
        &[
            ("基本信息", "", &sheet(KINDS_OF_CELLS)),
            (
                "二",
                "hidden",
                &sheet(r#"<row r="2"><c r="B2" t="s"><v>1</v></c></row>"#),
            ),
        ],
        r#"<workbookPr/>"#,
    );
    mutated_corpus(&bytes, "hand-made", 1500);
}

#[test]
fn mutated_generated_workbooks_read_alike() {
    let c = Community::generate(5, hc::info("变异小区"), 12);
    let bytes = c
        .to_workbook(&Style::messy(5))
        .unwrap()
        .save_to_buffer()
        .unwrap();
    mutated_corpus(&bytes, "generated", 600);
}
