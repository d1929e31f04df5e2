//! Sizes and counts a file declares about itself, forged: each is either
//! refused before a reader can reserve memory for it, or shown to be a
//! value no reader takes as a capacity, by reading the file through. None
//! may abort the process; in a batch beside good files every file is
//! accounted for.

use std::path::Path;

use crate::util::hostile::*;
use crate::util::wuyi_cmd;
use serde_json::Value as Json;
use wuyi_core::ledger;
use wuyi_report::catalogue::ProblemText;
use wuyi_report::i18n::Lang;

/// What a forged file must come to.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Refused, the verdict holding this text in English and this in
    /// Chinese.
    Refused(&'static str, &'static str),
    /// Read as a good file is: the forged value is not one anything
    /// reserves from.
    Read,
    /// Refused or read, whichever the reader makes of the damage, but
    /// never an abort.
    Verdict,
}

fn edit_xml(bytes: &[u8], part: &str, from: &str, to: &str) -> Vec<u8> {
    with_part(bytes, part, |x| {
        let s = String::from_utf8(x).unwrap();
        assert!(s.contains(from), "{part} has no {from:?}");
        s.replacen(from, to, 1).into_bytes()
    })
}

/// A clean workbook whose shared-string table's `sst` start tag is `tag`.
fn forged_sst(tag: &str) -> Vec<u8> {
    with_part(&clean(), "xl/sharedStrings.xml", |x| {
        let s = String::from_utf8(x).unwrap();
        let at = s.find("<sst").unwrap();
        let end = at + s[at..].find('>').unwrap();
        let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
        let tag = tag.replace("NS", ns);
        format!("{}{tag}{}", &s[..at], &s[end..]).into_bytes()
    })
}

fn xls_example() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/收件箱/东关街道-柳湾村.xls"))
        .unwrap()
}

/// The offset of the .xls example's SST record (its first record of type
/// 0x00FC whose counts are plausible).
fn xls_sst_at(b: &[u8]) -> usize {
    (0..b.len() - 12)
        .find(|&i| {
            let u16_at = |at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as u32;
            let u32_at = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
            u16_at(i) == 0x00FC
                && (9..=8224).contains(&u16_at(i + 2))
                && u32_at(i + 8) <= u32_at(i + 4)
                && u32_at(i + 4) < 100_000
        })
        .expect("the .xls example holds an SST record")
}

/// The .xlsb fixture (saved by other software) with its shared-string
/// table's `BrtBeginSst` record changed by `f` (its type, size and bytes).
fn forged_xlsb(f: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let xlsb = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/东关街道-东关社区.xlsb"),
    )
    .unwrap();
    with_part(&xlsb, "xl/sharedStrings.bin", |mut x| {
        // BrtBeginSst: type 0x9F (two bytes), size 8, cstTotal, cstUnique.
        assert_eq!(&x[..3], &[0x9F, 0x01, 0x08]);
        f(&mut x);
        x
    })
}

/// Every forged file, named, with what it must come to.
fn forged() -> Vec<(&'static str, Vec<u8>, Expect)> {
    let clean = clean();
    let sheet = sheet_part(&clean, "一户一档");
    let false_count = Expect::Refused("count is false", "数字是假的");
    let mut xls_sst = xls_example();
    let at = xls_sst_at(&xls_sst);
    xls_sst[at + 4..at + 12].copy_from_slice(&[0xFF; 8]);
    let mut xls_len = xls_example();
    xls_len[at + 2..at + 4].copy_from_slice(&[0xFF, 0xFF]);
    let ods = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/收件箱/西城街道-西城社区.ods"),
    )
    .unwrap();
    let ods_repeat = |attrs: &str| {
        with_part(&ods, "content.xml", |x| {
            let s = String::from_utf8(x).unwrap();
            let at = s.find("</table:table>").unwrap();
            let row = format!(
                "<table:table-row{attrs}><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>"
            );
            format!("{}{row}{}", &s[..at], &s[at..]).into_bytes()
        })
    };
    vec![
        (
            "sst-4e9.xlsx",
            forged_sst("<sst NS count=\"4000000000\" uniqueCount=\"4000000000\""),
            false_count,
        ),
        (
            "sst-prefixed.xlsx",
            forged_sst(
                "<x:sst xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" x:uniqueCount = '+4000000000'",
            ),
            false_count,
        ),
        (
            "sst-twice.xlsx",
            forged_sst("<sst NS uniqueCount=\"20\" uniqueCount=\"4000000000\""),
            false_count,
        ),
        (
            "sst-huge-digits.xlsx",
            forged_sst("<sst NS uniqueCount=\"99999999999999999999999999\""),
            false_count,
        ),
        (
            "sst-total-only.xlsx",
            forged_sst("<sst NS count=\"4000000000\""),
            Expect::Read,
        ),
        (
            "dimension.xlsx",
            edit_xml(
                &clean,
                &sheet,
                "<dimension ref=\"",
                "<dimension ref=\"A1:XFD1048576\" x=\"",
            ),
            Expect::Read,
        ),
        (
            "styles-counts.xlsx",
            edit_xml(
                &edit_xml(
                    &clean,
                    "xl/styles.xml",
                    "<cellXfs count=\"",
                    "<cellXfs count=\"4000000000\" x=\"",
                ),
                "xl/styles.xml",
                "<fonts count=\"",
                "<fonts count=\"4000000000\" x=\"",
            ),
            Expect::Read,
        ),
        (
            "style-id.xlsx",
            edit_xml(&clean, &sheet, " s=\"", " s=\"4000000000\" x=\""),
            Expect::Verdict,
        ),
        (
            "shared-formula-index.xlsx",
            edit_xml(
                &clean,
                &sheet,
                "</sheetData>",
                "<row r=\"2000\"><c r=\"Z2000\"><f t=\"shared\" si=\"4000000000\" ref=\"Z2000:Z2001\">1+1</f><v>2</v></c></row></sheetData>",
            ),
            Expect::Verdict,
        ),
        (
            "cell-ref.xlsx",
            edit_xml(&clean, &sheet, "<c r=\"A", "<c r=\"XFD1048576\" x=\""),
            Expect::Verdict,
        ),
        (
            "sst-4e9.xlsb",
            forged_xlsb(|x| x[7..11].copy_from_slice(&[0xFF; 4])),
            false_count,
        ),
        ("xls-sst-counts.xls", xls_sst, Expect::Read),
        ("xls-record-length.xls", xls_len, Expect::Verdict),
        (
            "ods-columns.ods",
            ods_repeat(" table:number-columns-repeated=\"4000000000\""),
            Expect::Verdict,
        ),
        (
            "ods-rows.ods",
            ods_repeat(" table:number-rows-repeated=\"4000000000\""),
            Expect::Verdict,
        ),
    ]
}

fn check(name: &str, l: &ledger::Ledger, expect: Expect) {
    let unreadable = l.problems.iter().find(|p| p.code() == "unreadable");
    match expect {
        Expect::Refused(en, zh) => {
            let p = unreadable.unwrap_or_else(|| panic!("{name} was not refused"));
            assert!(
                p.message(Lang::En).contains(en),
                "{name}: {}",
                p.message(Lang::En)
            );
            assert!(
                p.message(Lang::Zh).contains(zh),
                "{name}: {}",
                p.message(Lang::Zh)
            );
        }
        Expect::Read => {
            assert!(unreadable.is_none(), "{name}: {unreadable:?}");
            assert!(
                l.households.as_ref().is_some_and(|h| !h.rows.is_empty()),
                "{name}"
            );
        }
        Expect::Verdict => {
            assert!(unreadable.is_some() || l.households.is_some(), "{name}");
        }
    }
}

#[test]
fn each_forged_count_is_refused_or_harmless() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, expect) in forged() {
        let p = write(dir.path(), name, &bytes);
        check(name, &ledger::read_guarded(&p), expect);
    }
}

#[test]
fn a_plausible_count_is_booked_against_the_memory_budget() {
    // Within what the table's size allows (2 MB of padding holds 400,000
    // entries), but its slots alone are 9.6 MB, over an 8 MB budget.
    let bytes = with_part(
        &forged_sst("<sst NS uniqueCount=\"400000\""),
        "xl/sharedStrings.xml",
        |x| {
            let s = String::from_utf8(x).unwrap();
            let pad = format!("<!--{}-->", " ".repeat(2_100_000));
            s.replacen("?>", &format!("?>{pad}"), 1).into_bytes()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "x.xlsx", &bytes);
    let limits = wuyi_sheets::ReadLimits {
        max_memory_bytes: 8 << 20,
        ..Default::default()
    };
    let l = ledger::read_guarded_with(&p, &limits);
    check(
        "x.xlsx",
        &l,
        Expect::Refused("--max-memory-mb", "--max-memory-mb"),
    );
    let roomy = wuyi_sheets::ReadLimits {
        max_memory_bytes: 64 << 20,
        ..Default::default()
    };
    check(
        "x.xlsx",
        &ledger::read_guarded_with(&p, &roomy),
        Expect::Read,
    );
}

#[test]
fn an_xlsb_string_table_is_booked_against_the_memory_budget() {
    // A record the reader skips (3 MB) before the table's start makes room
    // for the 400,000 strings it then declares; their slots and the table's
    // text come to about 16 MB, over an 8 MB budget.
    let bytes = forged_xlsb(|x| {
        x[7..11].copy_from_slice(&400_000u32.to_le_bytes());
        let pad = 3_000_000usize;
        // Type 0x01, then the size in four bytes of seven bits.
        let mut record = vec![0x01];
        record.extend((0..4).map(|i| {
            let b = ((pad >> (7 * i)) & 0x7F) as u8;
            if i < 3 { b | 0x80 } else { b }
        }));
        record.resize(record.len() + pad, 0);
        x.splice(0..0, record);
    });
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "x.xlsb", &bytes);
    let limits = wuyi_sheets::ReadLimits {
        max_memory_bytes: 8 << 20,
        ..Default::default()
    };
    check(
        "x.xlsb",
        &ledger::read_guarded_with(&p, &limits),
        Expect::Refused("--max-memory-mb", "--max-memory-mb"),
    );
    // The fixture itself, its count honest, is read within the same budget.
    let p = write(dir.path(), "y.xlsb", &forged_xlsb(|_| {}));
    check(
        "y.xlsb",
        &ledger::read_guarded_with(&p, &limits),
        Expect::Read,
    );
}

#[test]
fn an_honest_count_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "x.xlsx",
        &forged_sst("<sst NS uniqueCount=\"3\""),
    );
    check("x.xlsx", &ledger::read_guarded(&p), Expect::Read);
}

#[test]
fn forged_counts_in_one_batch_beside_good_files() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let cases = forged();
    for (name, bytes, _) in &cases {
        write(&inbox, name, bytes);
    }
    write(&inbox, "good-1.xlsx", &clean());
    write(&inbox, "good-2.xlsx", &xlsx(&community("康乐小区")));
    let o = wuyi_cmd()
        .args(["--lang", "en", "score", "inbox", "--out", "reports"])
        .current_dir(tmp.path())
        .env("CI", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{:?} {stderr}",
        o.status
    );
    let v: Json =
        serde_json::from_slice(&std::fs::read(tmp.path().join("reports/results.json")).unwrap())
            .unwrap();
    let res = v["results"].as_array().unwrap();
    assert_eq!(res.len(), cases.len() + 2);
    let find = |name: &str| {
        res.iter()
            .find(|r| r["file"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} missing from the results"))
    };
    for good in ["good-1.xlsx", "good-2.xlsx"] {
        let r = find(good);
        assert!(r["score"].as_f64().unwrap() > 60.0, "{good}: {r}");
    }
    for (name, _, expect) in &cases {
        let r = find(name);
        if let Expect::Refused(en, _) = expect {
            assert_eq!(r["verdict"], "unassessable", "{name}");
            let reason = r["reason_en"].as_str().unwrap();
            assert!(reason.contains(en), "{name}: {reason}");
        }
    }
}
