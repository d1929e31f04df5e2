//! The SpreadsheetML reader against hand-written documents, hostile ones
//! included.

use super::super::{Cell, OpenOptions, Workbook};

fn open_bytes(bytes: Vec<u8>) -> Result<Workbook, OpenError> {
    OpenOptions::new().read_bytes(bytes)
}

fn open_bytes_with(bytes: Vec<u8>, limits: &ReadLimits) -> Result<Workbook, OpenError> {
    OpenOptions::new().limits(limits).read_bytes(bytes)
}
use super::*;
use crate::{Format, ReadLimits};

fn doc(body: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
{body}
</Workbook>
"#
    )
}

fn read(xml: &str) -> Result<Workbook, OpenError> {
    open_bytes(xml.as_bytes().to_vec())
}

fn cells(wb: &Workbook, sheet: usize) -> Vec<(String, Cell)> {
    wb.sheets[sheet]
        .rows
        .iter()
        .flat_map(|r| {
            r.cells
                .iter()
                .map(move |(c, v)| (cell_ref(r.index, *c), v.clone()))
        })
        .collect()
}

fn refusal(xml: &str) -> XmlRefusal {
    match read(xml) {
        Err(OpenError::Xml(r)) => r,
        other => panic!("not refused: {other:?}"),
    }
}

const STYLES: &str = r##"<Styles>
  <Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical="Bottom"/></Style>
  <Style ss:ID="d"><NumberFormat ss:Format="Short Date"/></Style>
  <Style ss:ID="child" ss:Parent="d"><Font ss:Bold="1"/></Style>
  <Style ss:ID="cn"><NumberFormat ss:Format="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></Style>
  <Style ss:ID="count"><NumberFormat ss:Format="#,##0&quot;人&quot;"/></Style>
 </Styles>"##;

#[test]
fn reads_sheets_positions_and_types() {
    let xml = doc(&format!(
        r#"{STYLES}
 <Worksheet ss:Name="表一">
  <Table ss:ExpandedColumnCount="16384" ss:ExpandedRowCount="1048576">
   <Column ss:Index="7" ss:StyleID="d"/>
   <Row>
<Cell ss:MergeAcross="1"><Data ss:Type="String">标题</Data></Cell>
<Cell><Data ss:Type="String">C1</Data></Cell>
   </Row>
   <Row ss:Index="5">
<Cell ss:Index="3"><Data ss:Type="Number">42.5</Data></Cell>
<Cell ss:StyleID="d"><Data ss:Type="DateTime">2022-03-01T00:00:00.000</Data></Cell>
<Cell ss:StyleID="child"><Data ss:Type="Number">44621</Data></Cell>
<Cell><Data ss:Type="Number">44621</Data></Cell>
<Cell><Data ss:Type="Number">44622</Data></Cell>
<Cell ss:StyleID="cn"><Data ss:Type="Number">44623</Data></Cell>
<Cell ss:StyleID="count"><Data ss:Type="Number">12</Data></Cell>
   </Row>
   <Row>
<Cell><Data ss:Type="DateTime">2022-03-01T00:00:00.000</Data></Cell>
<Cell><Data ss:Type="Boolean">1</Data></Cell>
<Cell><Data ss:Type="String">０１２</Data></Cell>
<Cell><Data ss:Type="Error">#DIV/0!</Data></Cell>
<Cell><Data ss:Type="String">   </Data></Cell>
<Cell ss:Formula="=1+1"/>
<Cell ss:Formula="=RC[-1]"><Data ss:Type="Number">3</Data></Cell>
<Cell ss:Index="16384"><Data ss:Type="String">XFD</Data></Cell>
   </Row>
   <Row ss:Index="1048576"><Cell><Data ss:Type="Number">1</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="Two"/>"#
    ));
    let wb = read(&xml).unwrap();
    assert_eq!(wb.format, Format::SpreadsheetMl);
    assert!(!wb.is_1904);
    let names: Vec<_> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["表一", "Two"]);
    let d = |y, m, dd| Cell::Date(NaiveDate::from_ymd_opt(y, m, dd).unwrap());
    let t = |s: &str| Cell::Text(s.into());
    assert_eq!(
        cells(&wb, 0),
        vec![
            ("A1".into(), t("标题")),
            ("C1".into(), t("C1")),
            ("C5".into(), Cell::Number(42.5)),
            ("D5".into(), d(2022, 3, 1)),
            ("E5".into(), d(2022, 3, 1)),
            ("F5".into(), Cell::Number(44621.0)),
            // A column's style formats its cells.
            ("G5".into(), d(2022, 3, 2)),
            ("H5".into(), d(2022, 3, 3)),
            ("I5".into(), Cell::Number(12.0)),
            // An unformatted date shows as its serial number.
            ("A6".into(), Cell::Number(44621.0)),
            ("B6".into(), Cell::Bool(true)),
            ("C6".into(), t("０１２")),
            ("D6".into(), Cell::Error("#DIV/0!".into())),
            ("F6".into(), Cell::Uncalculated("=1+1".into())),
            ("G6".into(), Cell::Number(3.0)),
            ("XFD6".into(), t("XFD")),
            ("A1048576".into(), Cell::Number(1.0)),
        ]
    );
    assert!(wb.sheets[1].rows.is_empty());
}

#[test]
fn rich_text_references_and_comments() {
    let xml = doc(r##"<Worksheet ss:Name="S"><Table><Row>
<Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>粗</B><Font html:Color="#FF0000">体</Font> &amp; &#x4E2D;&#10;二</ss:Data><Comment ss:Author="x"><ss:Data><B>批注</B></ss:Data></Comment></Cell>
<Cell><Comment><ss:Data>only a comment</ss:Data></Comment></Cell>
<Cell><Data ss:Type="String"><![CDATA[<not a tag>]]></Data></Cell>
</Row></Table></Worksheet>"##);
    let wb = read(&xml).unwrap();
    assert_eq!(
        cells(&wb, 0),
        vec![
            ("A1".into(), Cell::Text("粗体 & 中\n二".into())),
            ("C1".into(), Cell::Text("<not a tag>".into())),
        ]
    );
}

#[test]
fn the_1904_date_system() {
    let xml = doc(&format!(
        r#"<ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel"><Date1904/></ExcelWorkbook>
{STYLES}
<Worksheet ss:Name="S"><Table><Row>
<Cell ss:StyleID="d"><Data ss:Type="Number">43159</Data></Cell>
<Cell ss:StyleID="d"><Data ss:Type="DateTime">2022-03-01T00:00:00.000</Data></Cell>
<Cell><Data ss:Type="DateTime">1904-01-02T12:00:00.000</Data></Cell>
</Row></Table></Worksheet>"#
    ));
    let wb = read(&xml).unwrap();
    assert!(wb.is_1904);
    let d = Cell::Date(NaiveDate::from_ymd_opt(2022, 3, 1).unwrap());
    assert_eq!(
        cells(&wb, 0),
        vec![
            ("A1".into(), d.clone()),
            ("B1".into(), d),
            ("C1".into(), Cell::Number(1.5)),
        ]
    );
}

#[test]
fn date_formats_are_told_from_number_formats() {
    for f in [
        "Short Date",
        "yyyy-mm-dd",
        "yyyy\"年\"m\"月\"d\"日\"",
        "[$-804]yyyy年m月d日",
        "h:mm",
        "[h]:mm",
        "m/d/yy",
    ] {
        assert!(is_date_format(f), "{f}");
    }
    for f in [
        "General",
        "0",
        "#,##0\"人\"",
        "0.00E+00",
        "[Red]0.00",
        "\"days\"0",
        "@",
        "Percent",
        "0_);(0)",
    ] {
        assert!(!is_date_format(f), "{f}");
    }
    // 1900-01-01 is day 1, 1900-03-01 day 61, across the phantom day.
    let at = |y, m, d| {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    };
    assert_eq!(serial_of(at(1900, 1, 1), false), 1.0);
    assert_eq!(serial_of(at(1900, 3, 1), false), 61.0);
    assert_eq!(serial_of(at(2022, 3, 1), false), 44621.0);
    assert_eq!(serial_of(at(2022, 3, 1), true), 43159.0);
}

#[test]
fn encodings_declared_or_marked() {
    let xml = doc(
        r#"<Worksheet ss:Name="名册"><Table><Row><Cell><Data ss:Type="String">幸福里小区</Data></Cell></Row></Table></Worksheet>"#,
    )
    .replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"GB2312\"?>");
    let (gbk, _, _) = encoding_rs::GBK.encode(&xml);
    let wb = open_bytes(gbk.into_owned()).unwrap();
    assert_eq!(wb.sheets[0].name, "名册");
    assert_eq!(cells(&wb, 0)[0].1, Cell::Text("幸福里小区".into()));

    let plain = xml.replace(" encoding=\"GB2312\"", "");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(plain.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let wb = open_bytes(utf16).unwrap();
    assert_eq!(cells(&wb, 0)[0].1, Cell::Text("幸福里小区".into()));

    // Says UTF-16, is UTF-8: read by its bytes.
    let mislabelled = xml.replace("GB2312", "UTF-16");
    assert_eq!(
        cells(&read(&mislabelled).unwrap(), 0)[0].1,
        Cell::Text("幸福里小区".into())
    );

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(plain.as_bytes());
    assert_eq!(open_bytes(bom).unwrap().sheets[0].name, "名册");

    // Says UTF-8, holds GBK.
    let (gbk, _, _) = encoding_rs::GBK.encode(&plain);
    assert_eq!(
        match open_bytes(gbk.into_owned()) {
            Err(OpenError::Xml(r)) => r,
            other => panic!("{other:?}"),
        },
        XmlRefusal::BadEncoding {
            label: "UTF-8".into()
        }
    );
    let odd = xml.replace("GB2312", "klingon");
    assert_eq!(
        refusal(&odd),
        XmlRefusal::UnknownEncoding {
            label: "klingon".into()
        }
    );
}

#[test]
fn entities_are_refused_never_expanded() {
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE Workbook [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">&lol3;</Data></Cell></Row></Table></Worksheet>
</Workbook>"#;
    assert_eq!(refusal(laughs), XmlRefusal::DtdEntities);
    // An entity nobody declared, in text or in an attribute.
    let undeclared = doc(
        r#"<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">&xxe;</Data></Cell></Row></Table></Worksheet>"#,
    );
    assert_eq!(
        refusal(&undeclared),
        XmlRefusal::Entity {
            name: "&xxe;".into()
        }
    );
    let in_attr = doc(r#"<Worksheet ss:Name="&xxe;"/>"#);
    assert!(matches!(refusal(&in_attr), XmlRefusal::Entity { .. }));
    // A DTD without entities is harmless and ignored.
    let plain_dtd = doc(r#"<Worksheet ss:Name="S"/>"#).replacen(
        "<Workbook",
        "<!DOCTYPE Workbook>\n<Workbook",
        1,
    );
    assert_eq!(read(&plain_dtd).unwrap().sheets.len(), 1);
}

#[test]
fn deep_nesting_is_refused() {
    let deep = doc(&format!(
        r#"<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">{}x{}</Data></Cell></Row></Table></Worksheet>"#,
        "<B>".repeat(200_000),
        "</B>".repeat(200_000)
    ));
    assert_eq!(refusal(&deep), XmlRefusal::TooDeep { limit: MAX_DEPTH });
    // Just inside the limit reads.
    let ok = doc(&format!(
        r#"<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">{}x{}</Data></Cell></Row></Table></Worksheet>"#,
        "<B>".repeat(MAX_DEPTH - 6),
        "</B>".repeat(MAX_DEPTH - 6)
    ));
    assert_eq!(cells(&read(&ok).unwrap(), 0)[0].1, Cell::Text("x".into()));
}

#[test]
fn truncated_anywhere_is_refused() {
    let xml = doc(&format!(
        r#"{STYLES}<Worksheet ss:Name="S"><Table><Row><Cell ss:StyleID="d"><Data ss:Type="Number">44621</Data></Cell><Cell><Data ss:Type="String">完整</Data></Cell></Row></Table></Worksheet>"#
    ));
    let end = xml.find("</Workbook>").unwrap();
    let mut cuts: Vec<usize> = (1..end).step_by(7).collect();
    cuts.push(end + 3);
    for cut in cuts {
        if !xml.is_char_boundary(cut) {
            continue;
        }
        match read(&xml[..cut]) {
            Err(OpenError::Xml(XmlRefusal::Truncated))
            | Err(OpenError::Xml(XmlRefusal::Malformed { .. }))
            | Err(OpenError::NotAWorkbook(_)) => {}
            other => panic!("cut at {cut}: {other:?}"),
        }
    }
    assert!(read(&xml).is_ok());
    assert_eq!(
        refusal(&xml[..xml.find("</Row>").unwrap()]),
        XmlRefusal::Truncated
    );
}

#[test]
fn impossible_positions_are_refused() {
    let sheet = |rows: &str| {
        doc(&format!(
            r#"<Worksheet ss:Name="S"><Table>{rows}</Table></Worksheet>"#
        ))
    };
    assert!(matches!(
        refusal(&sheet(
            r#"<Row><Cell ss:Index="16385"><Data ss:Type="Number">1</Data></Cell></Row>"#
        )),
        XmlRefusal::OutOfSheet { col: 16385, .. }
    ));
    assert!(matches!(
        refusal(&sheet(r#"<Row ss:Index="1048577"/>"#)),
        XmlRefusal::OutOfSheet { row: 1048577, .. }
    ));
    assert!(matches!(
        refusal(&sheet(
            r#"<Row><Cell ss:Index="99999999999999999999999"/></Row>"#
        )),
        XmlRefusal::BadIndex { .. }
    ));
    assert!(matches!(
        refusal(&sheet(r#"<Row><Cell ss:MergeAcross="-3"/></Row>"#)),
        XmlRefusal::BadIndex { .. }
    ));
    assert_eq!(
        refusal(&sheet(
            r#"<Row ss:Index="3"/><Row ss:Index="2"><Cell><Data ss:Type="Number">1</Data></Cell></Row>"#
        )),
        XmlRefusal::OutOfOrder {
            sheet: "S".into(),
            cell: "A2".into()
        }
    );
    assert!(matches!(
        refusal(&sheet(
            r#"<Row><Cell ss:Index="3"/><Cell ss:Index="2"/></Row>"#
        )),
        XmlRefusal::OutOfOrder { .. }
    ));
    // A merge that runs off the sheet is harmless until a cell follows it.
    assert!(read(&sheet(r#"<Row><Cell ss:Index="16384" ss:MergeAcross="18446744073709551615" ss:MergeDown="18446744073709551615"/></Row>"#)).is_ok());
    assert!(matches!(
        refusal(&sheet(
            r#"<Row><Cell ss:MergeAcross="16384"/><Cell/></Row>"#
        )),
        XmlRefusal::OutOfSheet { .. }
    ));
}

#[test]
fn cells_are_booked_against_the_budget() {
    // A million merged cells and an enormous declared size read as
    // the cells really there; cells past the budget are refused.
    let row: String = (0..500)
        .map(|_| r#"<Cell ss:MergeAcross="3" ss:MergeDown="1048575"><Data ss:Type="String">x</Data></Cell>"#)
        .collect();
    let rows: String = (0..20).map(|_| format!("<Row>{row}</Row>")).collect();
    let xml = doc(&format!(
        r#"<Worksheet ss:Name="S"><Table ss:ExpandedColumnCount="16384" ss:ExpandedRowCount="1048576">{rows}</Table></Worksheet>"#
    ));
    let wb = read(&xml).unwrap();
    assert_eq!(wb.sheets[0].rows.len(), 20);
    assert_eq!(wb.sheets[0].rows[0].cells.len(), 500);
    assert_eq!(wb.sheets[0].rows[0].cells[1].0, 4);
    let tight = ReadLimits {
        max_memory_bytes: xml.len() as u64 + 300_000,
        ..ReadLimits::default()
    };
    assert!(matches!(
        open_bytes_with(xml.into_bytes(), &tight),
        Err(OpenError::OverMemory { .. })
    ));
}

/// The time budget holds while the document is checked and read.
#[test]
fn the_time_budget_holds() {
    let rows: String = (0..5000)
        .map(|_| r#"<Row><Cell><Data ss:Type="Number">1</Data></Cell></Row>"#)
        .collect();
    let xml = doc(&format!(
        r#"<Worksheet ss:Name="S"><Table>{rows}</Table></Worksheet>"#
    ));
    let none = ReadLimits {
        max_time: Some(std::time::Duration::ZERO),
        ..ReadLimits::default()
    };
    assert!(matches!(
        open_bytes_with(xml.into_bytes(), &none),
        Err(OpenError::TimedOut { .. })
    ));
}

/// Generators that prefix every element read the same.
#[test]
fn prefixed_elements() {
    let xml = r#"<?xml version="1.0"?>
<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<ss:Styles><ss:Style ss:ID="d"><ss:NumberFormat ss:Format="yyyy/m/d"/></ss:Style></ss:Styles>
<ss:Worksheet ss:Name="S"><ss:Table><ss:Row ss:Index="2"><ss:Cell ss:Index="2" ss:StyleID="d"><ss:Data ss:Type="Number">44621</ss:Data></ss:Cell></ss:Row></ss:Table></ss:Worksheet>
</ss:Workbook>"#;
    let wb = read(xml).unwrap();
    assert_eq!(
        cells(&wb, 0),
        vec![(
            "B2".into(),
            Cell::Date(NaiveDate::from_ymd_opt(2022, 3, 1).unwrap())
        )]
    );
}

/// Damaged anywhere, a file is read or refused, never a panic.
#[test]
fn random_damage_never_panics() {
    let xml = doc(&format!(
        r#"{STYLES}<Worksheet ss:Name="S"><Table><Column ss:Index="2" ss:StyleID="d"/><Row ss:Index="2"><Cell ss:MergeAcross="1" ss:StyleID="d"><Data ss:Type="Number">44621</Data></Cell><Cell ss:Formula="=1"/><Cell><ss:Data ss:Type="String"><B>a</B>&amp;&#10;</ss:Data></Cell><Cell><Data ss:Type="DateTime">2022-03-01T00:00:00</Data></Cell></Row></Table></Worksheet>"#
    ))
    .into_bytes();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let bytes = b"<>/&;\"'=:0123456789-xX#\xff\xfe\x00";
    for _ in 0..3000 {
        let mut m = xml.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() % m.len() as u64) as usize;
            match next() % 3 {
                0 => m[at] = bytes[(next() % bytes.len() as u64) as usize],
                1 => {
                    m.remove(at);
                }
                _ => m.insert(at, bytes[(next() % bytes.len() as u64) as usize]),
            }
        }
        let _ = open_bytes(m);
    }
}

#[test]
fn sniffing() {
    assert!(sniff(doc("").as_bytes()));
    assert!(sniff(
        b"<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?><Workbook>"
    ));
    assert!(!sniff(b"<?xml version=\"1.0\"?><root/>"));
    assert!(!sniff(
        b"<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><table></table></html>"
    ));
    // Not a workbook at the root.
    assert_eq!(
        read(
            r#"<?xml version="1.0"?><Other xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>"#
        )
        .err(),
        Some(OpenError::NotAWorkbook(FileKind::Xml))
    );
}
