//! The read floor for the benchmark: open each workbook and visit every cell
//! of every sheet with calamine, doing nothing else. `--inflate` instead
//! only decompresses each zip entry, the lower reference still; `--own`
//! visits every cell with the tool's own reader (through `wuyi_sheets`,
//! limits and all) into a sink that only counts.
//!
//!     cargo run --release --example bench_floor -- [--inflate|--own] [--jobs N] FILE_OR_DIR...

use std::io::{Cursor, Read};
use std::path::PathBuf;

use calamine::{DataRef, Reader, Xlsx};
use rayon::prelude::*;

fn visit(path: &PathBuf) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
    let bytes = std::fs::read(path)?;
    let mut xlsx: Xlsx<_> = Xlsx::new(Cursor::new(bytes))?;
    let mut seen = 0u64;
    for name in xlsx.sheet_names() {
        let mut cells = xlsx.worksheet_cells_reader(&name)?;
        while let Some(cell) = cells.next_cell()? {
            // Touch the value so the visit cannot be skipped.
            seen += match cell.get_value() {
                DataRef::Empty => 0,
                DataRef::SharedString(s) => s.len() as u64 % 2 + 1,
                DataRef::String(s) => s.len() as u64 % 2 + 1,
                _ => 1,
            };
        }
    }
    Ok(seen)
}

struct Count(u64);

impl wuyi_sheets::CellSink for Count {
    fn cell(&mut self, _row: u32, _col: u32, value: wuyi_sheets::CellRef<'_>) {
        self.0 += match value {
            wuyi_sheets::CellRef::Text(s) => s.len() as u64 % 2 + 1,
            _ => 1,
        };
    }
}

fn own(path: &std::path::Path) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
    let mut wb = wuyi_sheets::OpenOptions::new().open(path)?;
    let mut count = Count(0);
    for name in wb.sheet_names.clone() {
        wb.read_sheet(&name, &mut count)?;
    }
    Ok(count.0)
}

fn inflate(path: &PathBuf) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
    let bytes = std::fs::read(path)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut total = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i)?;
        loop {
            let n = entry.read(&mut buf)?;
            if n == 0 {
                break;
            }
            total += n as u64;
        }
    }
    Ok(total)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut inflate_only = false;
    let mut own_reader = false;
    let mut jobs = 0;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--inflate" => inflate_only = true,
            "--own" => own_reader = true,
            "--jobs" => jobs = args.next().ok_or("--jobs needs a number")?.parse()?,
            _ => paths.push(PathBuf::from(a)),
        }
    }
    let (files, _) = wuyi_core::input::collect(&paths);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    let total: u64 = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                if inflate_only {
                    inflate(f)
                } else if own_reader {
                    own(f)
                } else {
                    visit(f)
                }
                .unwrap_or(0)
            })
            .sum()
    });
    println!("{} files, {total}", files.len());
    Ok(())
}
