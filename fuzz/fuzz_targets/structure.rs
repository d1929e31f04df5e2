//! The structure of a workbook, mutated the way a forged or mangled file
//! differs from a good one, not byte by byte: a random byte flip rarely
//! turns `uniqueCount="12"` into four billion, so a byte-level fuzzer
//! seldom reaches the values a file declares about itself.
//!
//! The input is a list of operations on one of the templates (`.xlsx`,
//! `.ods`, `.xls`). On the zip-based templates they act on the XML of any
//! part: numbers inside attribute values (counts, sizes, style ids,
//! indexes) set to boundary values, cell references (`r=`, `ref=`,
//! `sqref=`) to far or broken ones, cell types (`t=`) swapped, attribute
//! values moved between attributes, elements repeated, nested inside
//! themselves or removed, and part names in the content types and
//! relationships pointed elsewhere; parts renamed, dropped or duplicated.
//! On the `.xls` template they act on the BIFF records of its workbook
//! stream: record lengths, record types, and the numbers inside records.
//! The archive or compound file stays valid, so the readers parse what the
//! operations made.

#![no_main]

use std::io::{Cursor, Read, Write};
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod wuyi_fuzz_common;

type Parts = Vec<(String, Vec<u8>)>;

fn unzip(bytes: &[u8]) -> Parts {
    let mut parts = Vec::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return parts;
    };
    for i in 0..zip.len() {
        let Ok(mut f) = zip.by_index(i) else { continue };
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let mut data = Vec::new();
        if f.read_to_end(&mut data).is_ok() {
            parts.push((name, data));
        }
    }
    parts
}

static XLSX: LazyLock<Parts> = LazyLock::new(|| unzip(include_bytes!("../templates/small.xlsx")));
static ODS: LazyLock<Parts> = LazyLock::new(|| unzip(include_bytes!("../templates/small.ods")));
static XLS: &[u8] = include_bytes!("../templates/small.xls");

/// Reads the operations' parameters from the input, zeros past its end.
struct Ops<'a> {
    data: &'a [u8],
}

impl Ops<'_> {
    fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }
    fn u16(&mut self) -> u16 {
        u16::from(self.u8()) | (u16::from(self.u8()) << 8)
    }
    fn u64(&mut self) -> u64 {
        (0..8).fold(0u64, |n, _| (n << 8) | u64::from(self.u8()))
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { self.u16() as usize % n }
    }
    fn done(&self) -> bool {
        self.data.is_empty()
    }
}

/// Numbers where readers turn counts into capacities, indexes into
/// offsets, or arithmetic into overflow.
fn number(ops: &mut Ops) -> String {
    const EDGES: &[&str] = &[
        "0",
        "1",
        "-1",
        "2",
        "7",
        "255",
        "256",
        "1023",
        "1024",
        "16383",
        "16384",
        "16385",
        "32767",
        "32768",
        "65535",
        "65536",
        "1048575",
        "1048576",
        "1048577",
        "2147483647",
        "2147483648",
        "-2147483648",
        "4294967295",
        "4294967296",
        "4000000000",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999999999",
        "1e308",
        "-0",
        "+5",
        "0x10",
        "007",
        "1.5",
        "NaN",
        "",
        " 3",
    ];
    match ops.u8() % 4 {
        0 => ops.u64().to_string(),
        1 => (ops.u16() as u64).to_string(),
        _ => EDGES[ops.below(EDGES.len())].to_string(),
    }
}

fn cell_ref(ops: &mut Ops) -> String {
    const REFS: &[&str] = &[
        "A1",
        "XFD1048576",
        "XFE1",
        "A0",
        "A1048577",
        "ZZZZZZZ4294967296",
        "A1:XFD1048576",
        "XFD1048576:A1",
        "B2:A1",
        "",
        "1A",
        "$A$1",
        "A",
        "1",
        "AAAAAAAAAAAAAAAAAAAAAAAA1",
        "A4294967295",
        "A18446744073709551616",
        "a1",
        "A1 B2",
        "A1:A1:A1",
    ];
    REFS[ops.below(REFS.len())].to_string()
}

fn cell_type(ops: &mut Ops) -> &'static str {
    const TYPES: &[&str] = &["s", "str", "inlineStr", "n", "b", "e", "d", "x", "", "S"];
    TYPES[ops.below(TYPES.len())]
}

/// The value spans (inside quotes) of attributes in `xml`, with the
/// attribute's name.
fn attr_values(xml: &[u8]) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_tag = false;
    while i < xml.len() {
        match xml[i] {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'"' | b'\'' if in_tag => {
                let q = xml[i];
                let Some(end) = xml[i + 1..].iter().position(|&b| b == q) else {
                    break;
                };
                // The name before `=`.
                let mut j = i;
                while j > 0 && (xml[j - 1] == b'=' || xml[j - 1].is_ascii_whitespace()) {
                    j -= 1;
                }
                let mut k = j;
                while k > 0 && !xml[k - 1].is_ascii_whitespace() && xml[k - 1] != b'<' {
                    k -= 1;
                }
                let name = String::from_utf8_lossy(&xml[k..j]).into_owned();
                out.push((name, i + 1..i + 1 + end));
                i += end + 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Start tags in `xml`: where each begins, and its name.
fn start_tags(xml: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut out = Vec::new();
    for i in 0..xml.len() {
        if xml[i] == b'<'
            && let Some(&c) = xml.get(i + 1)
            && (c.is_ascii_alphabetic() || c == b'_')
        {
            let end = xml[i + 1..]
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                .map_or(xml.len(), |p| i + 1 + p);
            out.push((i, xml[i + 1..end].to_vec()));
        }
    }
    out
}

/// The element starting at `at` named `name`, through its end tag (the
/// first one: good enough to cut and copy with).
fn element(xml: &[u8], at: usize, name: &[u8]) -> Option<std::ops::Range<usize>> {
    let gt = at + xml[at..].iter().position(|&b| b == b'>')?;
    if xml[gt - 1] == b'/' {
        return Some(at..gt + 1);
    }
    let mut close = b"</".to_vec();
    close.extend_from_slice(name);
    close.push(b'>');
    let end = xml[gt..]
        .windows(close.len())
        .position(|w| w == close.as_slice())?;
    Some(at..gt + end + close.len())
}

fn splice(xml: &mut Vec<u8>, range: std::ops::Range<usize>, with: &[u8]) {
    xml.splice(range, with.iter().copied());
}

/// One operation on the XML of a part.
fn mutate_xml(xml: &mut Vec<u8>, names: &[String], ops: &mut Ops) {
    let values = attr_values(xml);
    match ops.u8() % 9 {
        // A number in any attribute value.
        0 | 1 => {
            let numeric: Vec<_> = values
                .iter()
                .filter(|(_, r)| xml[r.clone()].iter().any(u8::is_ascii_digit))
                .collect();
            if numeric.is_empty() {
                return;
            }
            let (_, r) = numeric[ops.below(numeric.len())].clone();
            splice(xml, r, number(ops).as_bytes());
        }
        // A cell reference.
        2 => {
            let refs: Vec<_> = values
                .iter()
                .filter(|(n, _)| {
                    let n = n.rsplit(':').next().unwrap_or(n);
                    matches!(n, "r" | "ref" | "sqref" | "topLeftCell" | "activeCell")
                })
                .collect();
            if refs.is_empty() {
                return;
            }
            let (_, r) = refs[ops.below(refs.len())].clone();
            splice(xml, r, cell_ref(ops).as_bytes());
        }
        // A cell type.
        3 => {
            let types: Vec<_> = values.iter().filter(|(n, _)| n == "t").collect();
            if types.is_empty() {
                return;
            }
            let (_, r) = types[ops.below(types.len())].clone();
            splice(xml, r, cell_type(ops).as_bytes());
        }
        // One attribute's value given to another.
        4 => {
            if values.len() < 2 {
                return;
            }
            let from = values[ops.below(values.len())].1.clone();
            let to = values[ops.below(values.len())].1.clone();
            let v = xml[from].to_vec();
            splice(xml, to, &v);
        }
        // An element repeated, nested in itself, or removed.
        5 | 6 => {
            let tags = start_tags(xml);
            if tags.is_empty() {
                return;
            }
            let (at, name) = &tags[ops.below(tags.len())];
            let Some(r) = element(xml, *at, name) else {
                return;
            };
            let copy = xml[r.clone()].to_vec();
            match ops.u8() % 3 {
                0 => {
                    let times = 1 + ops.below(8);
                    let mut more = Vec::with_capacity(copy.len() * times);
                    for _ in 0..times {
                        more.extend_from_slice(&copy);
                    }
                    splice(xml, r.end..r.end, &more);
                }
                1 => {
                    // Inside itself, just after its start tag.
                    if let Some(gt) = copy.iter().position(|&b| b == b'>') {
                        splice(xml, r.start + gt + 1..r.start + gt + 1, &copy);
                    }
                }
                _ => splice(xml, r, b""),
            }
        }
        // A part name in the content types or relationships.
        7 => {
            let targets: Vec<_> = values
                .iter()
                .filter(|(n, _)| matches!(n.as_str(), "PartName" | "Target" | "manifest:full-path"))
                .collect();
            if targets.is_empty() || names.is_empty() {
                return;
            }
            let (_, r) = targets[ops.below(targets.len())].clone();
            let other = &names[ops.below(names.len())];
            let new = match ops.u8() % 6 {
                0 => other.clone(),
                1 => format!("/{other}"),
                2 => format!("../{other}"),
                3 => other.to_uppercase(),
                4 => other.replace('/', "\\"),
                _ => String::new(),
            };
            splice(xml, r, new.as_bytes());
        }
        // Bytes cut from the middle.
        _ => {
            if xml.is_empty() {
                return;
            }
            let a = ops.below(xml.len());
            let b = (a + ops.below(64)).min(xml.len());
            splice(xml, a..b, b"");
        }
    }
}

fn mutate_zip(template: &Parts, ops: &mut Ops) -> Option<Vec<u8>> {
    let mut parts = template.clone();
    let mut steps = 0;
    while !ops.done() && steps < 8 {
        steps += 1;
        let names: Vec<String> = parts.iter().map(|(n, _)| n.clone()).collect();
        if parts.is_empty() {
            break;
        }
        let pick = ops.below(parts.len());
        match ops.u8() % 16 {
            // Renamed, dropped or duplicated parts.
            0 => {
                let other = &names[ops.below(names.len())];
                parts[pick].0 = match ops.u8() % 3 {
                    0 => other.to_uppercase(),
                    1 => format!("{other}x"),
                    _ => other.replace('/', "\\"),
                };
            }
            1 => {
                parts.remove(pick);
            }
            2 => {
                let dup = parts[pick].clone();
                parts.push(dup);
            }
            _ => mutate_xml(&mut parts[pick].1, &names, ops),
        }
    }
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflate = ops.u8() % 2 == 0;
    let opts = zip::write::SimpleFileOptions::default().compression_method(if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    });
    for (name, content) in &parts {
        // Duplicate names are refused by the writer: kept apart.
        if w.start_file(name.as_str(), opts).is_err() {
            continue;
        }
        w.write_all(content).ok()?;
    }
    Some(w.finish().ok()?.into_inner())
}

/// The `.xls` template's workbook stream: where it lies in the file, when
/// its sectors follow one another (the template is written so).
fn xls_stream() -> Option<std::ops::Range<usize>> {
    let b = XLS;
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
    };
    let dir = u32_at(48)? as usize;
    let entries = b.get(512 * (dir + 1)..512 * (dir + 2))?;
    for e in entries.chunks_exact(128) {
        let name: Vec<u16> = e[..64]
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        let name = String::from_utf16_lossy(&name);
        if name.trim_end_matches('\0').eq_ignore_ascii_case("Workbook") {
            let start = u32::from_le_bytes(e[116..120].try_into().ok()?) as usize;
            let len = u32::from_le_bytes(e[120..124].try_into().ok()?) as usize;
            let from = 512 * (start + 1);
            return (len >= 4096 && from + len <= b.len()).then_some(from..from + len);
        }
    }
    None
}

static XLS_STREAM: LazyLock<Option<std::ops::Range<usize>>> = LazyLock::new(xls_stream);

fn mutate_xls(ops: &mut Ops) -> Option<Vec<u8>> {
    let range = XLS_STREAM.clone()?;
    let mut file = XLS.to_vec();
    // The records, walked from the start of the stream.
    let mut records = Vec::new();
    let mut at = range.start;
    while at + 4 <= range.end {
        let len = u16::from_le_bytes([file[at + 2], file[at + 3]]) as usize;
        records.push(at);
        at += 4 + len;
    }
    if records.is_empty() {
        return None;
    }
    let mut steps = 0;
    while !ops.done() && steps < 8 {
        steps += 1;
        let r = records[ops.below(records.len())];
        // As declared, but within the file: a length may have been changed
        // by an earlier step.
        let len = (u16::from_le_bytes([file[r + 2], file[r + 3]]) as usize)
            .min(file.len().saturating_sub(r + 4));
        match ops.u8() % 4 {
            // The record's length.
            0 => {
                const LENS: &[u16] = &[0, 1, 2, 3, 4, 6, 8, 10, 14, 16, 20, 8224, 8225, 0xFFFF];
                let new = match ops.u8() % 3 {
                    0 => LENS[ops.below(LENS.len())],
                    1 => (len as u16).wrapping_add(1 + ops.u8() as u16 % 8),
                    _ => (len as u16).wrapping_sub(1 + ops.u8() as u16 % 8),
                };
                file[r + 2..r + 4].copy_from_slice(&new.to_le_bytes());
            }
            // Its type: another record's.
            1 => {
                let other = records[ops.below(records.len())];
                let (a, b) = (file[other], file[other + 1]);
                file[r] = a;
                file[r + 1] = b;
            }
            // A 16- or 32-bit number inside it: counts, rows, columns,
            // string lengths, offsets.
            _ => {
                if len < 2 {
                    continue;
                }
                let off = r + 4 + ops.below(len - 1);
                const EDGES: &[u32] = &[
                    0,
                    1,
                    0xFF,
                    0x100,
                    0x3FFF,
                    0x4000,
                    0x7FFF,
                    0x8000,
                    0xFFFF,
                    0x1_0000,
                    0xFFFF_FFFF,
                    0x7FFF_FFFF,
                    0x8000_0000,
                ];
                let v = EDGES[ops.below(EDGES.len())];
                if ops.u8() % 2 == 0 || off + 4 > r + 4 + len {
                    file[off..off + 2].copy_from_slice(&(v as u16).to_le_bytes());
                } else {
                    file[off..off + 4].copy_from_slice(&v.to_le_bytes());
                }
            }
        }
    }
    Some(file)
}

fuzz_target!(|data: &[u8]| {
    let mut ops = Ops { data };
    let bytes = match ops.u8() % 3 {
        0 => mutate_zip(&XLSX, &mut ops),
        1 => mutate_zip(&ODS, &mut ops),
        _ => mutate_xls(&mut ops),
    };
    let Some(bytes) = bytes else {
        return;
    };
    // Set to a folder, the workbook each input makes is kept there: that is
    // how a finding becomes a regression file.
    if let Some(dir) = std::env::var_os("WUYI_FUZZ_KEEP") {
        let name = format!("{:016x}", fxhash(&bytes));
        let _ = std::fs::write(std::path::Path::new(&dir).join(name), &bytes);
    }
    wuyi_fuzz_common::run(bytes);
});

fn fxhash(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| {
        (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3)
    })
}
