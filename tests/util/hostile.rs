//! Hostile and broken submissions, made on demand: every file here is built
//! from bytes by the functions below, so the corpus needs nothing
//! committed except what only other software can make (the password-
//! protected workbooks in `tests/fixtures/hostile/`).

#![allow(dead_code)]

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;
use wuyi_testkit::{Community, Style};

pub use super::info;

/// A small clean community: 24 households, no cases.
pub fn community(name: &str) -> Community {
    let mut c = Community::generate(11, info(name), 24);
    c.cases.clear();
    c
}

pub fn workbook(c: &Community) -> Workbook {
    c.to_workbook(&Style::default()).unwrap()
}

pub fn xlsx(c: &Community) -> Vec<u8> {
    workbook(c).save_to_buffer().unwrap()
}

/// A clean workbook whose `edit` has changed it before saving.
pub fn xlsx_edited(c: &Community, edit: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut wb = workbook(c);
    edit(&mut wb);
    wb.save_to_buffer().unwrap()
}

pub fn clean() -> Vec<u8> {
    xlsx(&community("幸福里小区"))
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Names and text as a hostile or careless sender might type them.
pub const HOSTILE_NAMES: &[&str] = &[
    "../../etc/passwd",
    "a/b\\c:d*e?f\"g<h>i|j",
    "nul\u{0}in\u{1}the\u{1b}[2Jmiddle",
    "right\u{202E}gnp.exe",
    "幸福里😷🏠小区",
    "=HYPERLINK(\"http://x.example/\",\"click\")",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "CON",
];

// ------------------------------------------------------------- archives

/// The parts of a zip archive, in order.
pub fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// An archive of `parts`, stored uncompressed with correct checksums, so
/// changes to their bytes reach the parsers.
pub fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for (name, data) in parts {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// `bytes` with one part changed by `f`.
pub fn with_part(bytes: &[u8], name: &str, f: impl FnOnce(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut ps = parts(bytes);
    let i = ps
        .iter()
        .position(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    let data = std::mem::take(&mut ps[i].1);
    ps[i].1 = f(data);
    rezip(&ps)
}

/// The part holding the sheet named `sheet`, found as a reader finds it:
/// through the workbook's list of sheets and its relationships.
pub fn sheet_part(bytes: &[u8], sheet: &str) -> String {
    let ps = parts(bytes);
    let text =
        |n: &str| String::from_utf8(ps.iter().find(|(p, _)| p == n).unwrap().1.clone()).unwrap();
    let wb = text("xl/workbook.xml");
    let at = wb.find(&format!("name=\"{sheet}\"")).unwrap();
    let tag_end = at + wb[at..].find("/>").unwrap();
    let tag = &wb[at..tag_end];
    let rid = tag
        .split("r:id=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let rels = text("xl/_rels/workbook.xml.rels");
    let rel = rels
        .split("<Relationship ")
        .find(|r| r.contains(&format!("Id=\"{rid}\"")))
        .unwrap();
    let target = rel
        .split("Target=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    format!("xl/{}", target.trim_start_matches("/xl/"))
}

pub fn replace_text(data: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    let s = String::from_utf8(data).unwrap();
    assert!(s.contains(from), "{from} not found");
    s.replacen(from, to, 1).into_bytes()
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *t = c;
    }
    let mut crc = !0u32;
    for &b in data {
        crc = table[((crc ^ b as u32) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// One entry of a hand-made archive: what its directory says, which may
/// be a lie, and the bytes it really holds.
pub struct RawPart {
    pub name: String,
    /// 0 stored, 8 deflated.
    pub method: u16,
    pub data: Vec<u8>,
    pub crc: u32,
    pub declared_size: u32,
}

impl RawPart {
    pub fn stored(name: &str, data: Vec<u8>) -> Self {
        RawPart {
            name: name.into(),
            method: 0,
            crc: crc32(&data),
            declared_size: data.len() as u32,
            data,
        }
    }
}

/// An archive written byte by byte, so that sizes can lie and several
/// directory entries can share one part's data (`aliases`: extra names for
/// the first part).
pub fn raw_zip(parts: &[RawPart], aliases: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut count = 0u16;
    let entry = |central: &mut Vec<u8>, p: &RawPart, name: &str, offset: u32| {
        central.extend(b"PK\x01\x02");
        central.extend(20u16.to_le_bytes());
        central.extend(20u16.to_le_bytes());
        central.extend(0u16.to_le_bytes());
        central.extend(p.method.to_le_bytes());
        central.extend([0u8; 4]);
        central.extend(p.crc.to_le_bytes());
        central.extend((p.data.len() as u32).to_le_bytes());
        central.extend(p.declared_size.to_le_bytes());
        central.extend((name.len() as u16).to_le_bytes());
        central.extend([0u8; 8]);
        central.extend([0u8; 4]);
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    };
    let mut first_offset = 0;
    for (i, p) in parts.iter().enumerate() {
        let offset = out.len() as u32;
        if i == 0 {
            first_offset = offset;
        }
        out.extend(b"PK\x03\x04");
        out.extend(20u16.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(p.method.to_le_bytes());
        out.extend([0u8; 4]);
        out.extend(p.crc.to_le_bytes());
        out.extend((p.data.len() as u32).to_le_bytes());
        out.extend(p.declared_size.to_le_bytes());
        out.extend((p.name.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(p.name.as_bytes());
        out.extend(&p.data);
        entry(&mut central, p, &p.name, offset);
        count += 1;
    }
    for a in aliases {
        entry(&mut central, &parts[0], a, first_offset);
        count += 1;
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A deflate stream of `1 + 258 * matches` zero bytes at deflate's best
/// ratio (about 1,032 to 1): one literal zero, then `matches` copies of
/// "258 bytes from 1 back", each two bits under a Huffman code made for
/// exactly that.
pub fn deflate_zeros(matches: usize) -> Vec<u8> {
    let mut w = Bits::default();
    w.put(1, 1); // BFINAL
    w.put(2, 2); // dynamic Huffman
    w.put(29, 5); // HLIT: 286 literal/length codes
    w.put(0, 5); // HDIST: 1 distance code
    w.put(14, 4); // HCLEN: 18 code-length codes
    // Code-length code lengths, in the format's order
    // 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1: 18 -> 1 bit; 1, 2 -> 2 bits.
    for len in [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2] {
        w.put(len, 3);
    }
    // Canonical codes for the code-length alphabet: 18 = 0, 1 = 10, 2 = 11.
    let sym1 = |w: &mut Bits| w.huff(0b10, 2);
    let sym2 = |w: &mut Bits| w.huff(0b11, 2);
    let zeros = |w: &mut Bits, n: u32| {
        w.huff(0, 1);
        w.put(n - 11, 7);
    };
    // Literal 0: 2 bits; 1..=255: none; 256 (end): 2 bits; 257..=284:
    // none; 285 (length 258): 1 bit. Then the one distance code: 1 bit.
    sym2(&mut w);
    zeros(&mut w, 138);
    zeros(&mut w, 117);
    sym2(&mut w);
    zeros(&mut w, 28);
    sym1(&mut w);
    sym1(&mut w);
    // Canonical literal/length codes: 285 = 0, literal 0 = 10, end = 11.
    w.huff(0b10, 2);
    for _ in 0..matches {
        w.huff(0, 1); // length 258
        w.huff(0, 1); // distance 1
    }
    w.huff(0b11, 2);
    w.finish()
}

#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    /// `bits` low bits of `v`, least significant first (header fields).
    fn put(&mut self, v: u32, bits: u32) {
        self.acc |= (v as u64) << self.n;
        self.n += bits;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, most significant bit first.
    fn huff(&mut self, code: u32, bits: u32) {
        let mut rev = 0;
        for i in 0..bits {
            rev |= ((code >> i) & 1) << (bits - 1 - i);
        }
        self.put(rev, bits);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A workbook whose households sheet is replaced by `sheet_xml`'s deflated
/// zeros: `matches` × 258 bytes, declared as `declared` bytes, its data
/// shared by `aliases` more directory entries.
pub fn bomb(matches: usize, declared: Option<u32>, aliases: &[&str]) -> Vec<u8> {
    let base = clean();
    let target = sheet_part(&base, "一户一档");
    let data = deflate_zeros(matches);
    let real = 1 + 258 * matches as u64;
    let mut raw = vec![RawPart {
        name: target.clone(),
        method: 8,
        data,
        crc: 0,
        declared_size: declared.unwrap_or(real.min(u32::MAX as u64) as u32),
    }];
    for (name, data) in parts(&base) {
        if name != target {
            raw.push(RawPart::stored(&name, data));
        }
    }
    raw_zip(&raw, aliases)
}
