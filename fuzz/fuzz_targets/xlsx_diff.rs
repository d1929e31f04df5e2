//! The tool's own `.xlsx` reader against calamine on the same bytes: the
//! first byte picks a part of the small `.xlsx` template, the rest of the
//! input replaces it, and the archive is rebuilt with correct checksums.
//! Both readers must yield the same workbook — sheets, cells, values,
//! dates, positions — or refuse it for the same reason; any difference
//! stops the fuzzer. (A panic inside calamine is an outcome like any
//! other: the own reader hands such files to calamine, so it must panic
//! there too.)

#![no_main]

use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{LazyLock, Once};

use libfuzzer_sys::fuzz_target;
use wuyi_sheets::{OpenError, OpenOptions, ReadLimits, Workbook};

type Parts = Vec<(String, Vec<u8>)>;

static TEMPLATE: LazyLock<Parts> = LazyLock::new(|| {
    let mut parts = Vec::new();
    let bytes: &[u8] = include_bytes!("../templates/small.xlsx");
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
});

static LIMITS: LazyLock<ReadLimits> = LazyLock::new(|| ReadLimits {
    max_time: None,
    ..ReadLimits::default()
});

static QUIET: Once = Once::new();

fn outcome(read: impl FnOnce() -> Result<Workbook, OpenError>) -> String {
    match catch_unwind(AssertUnwindSafe(read)) {
        Ok(Ok(wb)) => format!("{wb:?}"),
        Ok(Err(e)) => format!("refused: {e:?}"),
        Err(_) => "panicked".into(),
    }
}

fuzz_target!(|data: &[u8]| {
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let parts = &*TEMPLATE;
    if parts.is_empty() {
        return;
    }
    let pick = sel as usize % parts.len();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (i, (name, content)) in parts.iter().enumerate() {
        if w.start_file(name.as_str(), opts).is_err()
            || w.write_all(if i == pick { rest } else { content }).is_err()
        {
            return;
        }
    }
    let Ok(bytes) = w.finish().map(|c| c.into_inner()) else {
        return;
    };
    let own = outcome(|| OpenOptions::new().limits(&LIMITS).read_bytes(bytes.clone()));
    let reference = outcome(|| {
        OpenOptions::new()
            .limits(&LIMITS)
            .reference_reader()
            .read_bytes(bytes)
    });
    if own != reference {
        let _ = std::panic::take_hook();
        panic!("the readers differ\n--- own:\n{own}\n--- calamine:\n{reference}");
    }
});
