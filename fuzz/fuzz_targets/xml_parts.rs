//! The XML inside a workbook, with the archive kept valid. Mutating a
//! zipped file mostly breaks its checksums, so the parsers behind them are
//! seldom reached; here the first byte picks a template (xlsx or ods) and
//! one of its parts, the rest of the input replaces that part, and the
//! archive is rebuilt with correct checksums before the read path runs.

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

static TEMPLATES: LazyLock<[Parts; 2]> = LazyLock::new(|| {
    [
        unzip(include_bytes!("../templates/small.xlsx")),
        unzip(include_bytes!("../templates/small.ods")),
    ]
});

fn rezip(parts: &Parts, pick: usize, data: &[u8]) -> Option<Vec<u8>> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (i, (name, content)) in parts.iter().enumerate() {
        w.start_file(name.as_str(), opts).ok()?;
        w.write_all(if i == pick { data } else { content }).ok()?;
    }
    Some(w.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let parts = &TEMPLATES[(sel & 1) as usize];
    if parts.is_empty() {
        return;
    }
    let pick = (sel >> 1) as usize % parts.len();
    if let Some(bytes) = rezip(parts, pick, rest) {
        wuyi_fuzz_common::run(bytes);
    }
});
