//! .xls: the compound file and the BIFF records, measured as calamine will
//! read them.

use super::{DATA_BYTES, Extent, u16_at, u32_at, u64_at};
use crate::OpenError;
use crate::limits::{Budget, ReadLimits};

/// What an .xls reader would cost, measured from the compound file and
/// the BIFF records, and booked; or why the file must not reach it.
///
/// calamine reads the compound file by following sector chains until they
/// end or reach the length a stream declares: a chain that loops back on
/// itself, with a large declared length, grows without bound. It then lays
/// every sheet out densely from its top-left to its bottom-right cell, and
/// reserves room for as many cells as the sheet's DIMENSIONS record claims.
/// A few hundred bytes can ask for a grid of 65,536 × 65,536 cells. All of
/// that is measured here, mirroring the reader.
pub(crate) fn check_ole(
    bytes: &[u8],
    limits: &ReadLimits,
    budget: &mut Budget,
) -> Result<(), OpenError> {
    let Some(cfb) = Cfb::parse(bytes)? else {
        return Ok(());
    };
    let Some(stream) = cfb.stream(bytes, &["Workbook", "Book"])? else {
        return Ok(());
    };
    budget.check_time()?;
    let est = biff_estimate(&stream, limits)?;
    budget.charge(est)
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;

fn looping() -> OpenError {
    OpenError::Corrupt("the file's internal sector chain loops back on itself".into())
}

/// A compound file's tables, walked here by hand rather than with the `cfb`
/// crate, for safety: the point is to see exactly what calamine's own
/// compound-file code will do with these bytes (which sector chains it
/// follows, how long it believes each stream is, where it loops), before it
/// allocates. The `cfb` crate validates differently, accepting and refusing
/// other files than calamine does, so it would measure a different reader.
struct Cfb {
    sector: usize,
    maxid: u32,
    fats: Vec<u32>,
    dirs: Vec<DirEntry>,
    mini_fats: Vec<u32>,
    mini_stream: Vec<u8>,
}

struct DirEntry {
    name: String,
    start: u32,
    len: u64,
}

impl Cfb {
    /// The compound file's tables, read as calamine reads them. `Ok(None)`
    /// where calamine would fail on its own.
    fn parse(bytes: &[u8]) -> Result<Option<Cfb>, OpenError> {
        let Some(header) = bytes.get(..512) else {
            return Ok(None);
        };
        let version = u16_at(header, 26).unwrap_or(0);
        let sector = match u16_at(header, 30) {
            Some(9) => 512usize,
            Some(12) => 4096,
            _ => return Ok(None),
        };
        if u16_at(header, 32) != Some(6) || bytes.len() < sector {
            return Ok(None);
        }
        let maxid = u32::try_from(bytes.len() / sector).unwrap_or(u32::MAX);
        let dir_start = u32_at(header, 48).unwrap_or(ENDOFCHAIN);
        let mini_fat_start = u32_at(header, 60).unwrap_or(ENDOFCHAIN);
        let mini_fat_len = u64::from(u32_at(header, 64).unwrap_or(0));
        let difat_start = u32_at(header, 68).unwrap_or(ENDOFCHAIN);
        let mut cfb = Cfb {
            sector,
            maxid,
            fats: Vec::new(),
            dirs: Vec::new(),
            mini_fats: Vec::new(),
            mini_stream: Vec::new(),
        };
        let mut difat: Vec<u32> = words(&header[76..512]).collect();
        let mut id = difat_start;
        let mut steps = 0u64;
        while id < RESERVED_SECTORS {
            steps += 1;
            if steps > u64::from(maxid) + 1 {
                return Ok(None);
            }
            let Some(s) = cfb.sector(bytes, id) else {
                return Ok(None);
            };
            difat.extend(words(s));
            let Some(next) = difat.pop() else {
                return Ok(None);
            };
            id = next;
        }
        for id in difat.into_iter().filter(|id| *id < DIFSECT) {
            let Some(s) = cfb.sector(bytes, id) else {
                return Ok(None);
            };
            cfb.fats.extend(words(s));
        }
        // The directory chain is read with no length to stop it: a loop
        // in it never ends.
        let Some(dir_bytes) = cfb.chain(bytes, dir_start, u64::MAX, false)? else {
            return Ok(None);
        };
        for c in dir_bytes.chunks_exact(128) {
            let units: Vec<u16> = c[..64]
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(l) = name.as_bytes().iter().position(|b| *b == 0) {
                name.truncate(l);
            }
            let start = u32_at(c, 116).unwrap_or(ENDOFCHAIN);
            let len = if sector == 512 {
                u64::from(u32_at(c, 120).unwrap_or(0))
            } else {
                u64_at(c, 120).unwrap_or(0)
            };
            cfb.dirs.push(DirEntry { name, start, len });
        }
        let Some(root) = cfb.dirs.first() else {
            return Ok(None);
        };
        if version != 3 && root.start == ENDOFCHAIN {
            return Ok(None);
        }
        if mini_fat_len > 0 {
            let (root_start, root_len) = (root.start, root.len);
            let Some(mini) = cfb.chain(bytes, root_start, root_len, false)? else {
                return Ok(None);
            };
            let fat_len = mini_fat_len.saturating_mul(sector as u64);
            let Some(minifat) = cfb.chain(bytes, mini_fat_start, fat_len, false)? else {
                return Ok(None);
            };
            cfb.mini_stream = mini;
            cfb.mini_fats = words(&minifat[..minifat.len() / 4 * 4]).collect();
        }
        Ok(Some(cfb))
    }

    /// Sector `id` as calamine sees it: counted from just after the header,
    /// short at the end of the file.
    fn sector<'b>(&self, bytes: &'b [u8], id: u32) -> Option<&'b [u8]> {
        if id > self.maxid {
            return None;
        }
        let start = (id as usize + 1).checked_mul(self.sector)?;
        let end = start.checked_add(self.sector)?.min(bytes.len());
        bytes.get(start..end)
    }

    /// Follows a chain until it ends or reaches `len` bytes, as calamine
    /// does. A chain that visits more sectors than the file has loops; if it
    /// has not reached `len` by then, calamine would follow it for ever, or
    /// until `len` bytes, which may be anything: refused. `Ok(None)` where
    /// calamine fails on its own.
    fn chain(
        &self,
        bytes: &[u8],
        start: u32,
        len: u64,
        mini: bool,
    ) -> Result<Option<Vec<u8>>, OpenError> {
        let (maxid, fats) = if mini {
            (self.maxid.saturating_mul(8), &self.mini_fats)
        } else {
            (self.maxid, &self.fats)
        };
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            if id > maxid {
                return Ok(None);
            }
            let piece: &[u8] = if mini {
                let at = (id as usize).saturating_mul(64);
                let end = at.saturating_add(64).min(self.mini_stream.len());
                self.mini_stream.get(at..end).unwrap_or(&[])
            } else {
                match self.sector(bytes, id) {
                    Some(s) => s,
                    None => &[],
                }
            };
            let room = len.saturating_sub(out.len() as u64);
            let take = piece.len().min(usize::try_from(room).unwrap_or(usize::MAX));
            out.extend_from_slice(&piece[..take]);
            if out.len() as u64 >= len {
                break;
            }
            steps += 1;
            if steps > u64::from(maxid) + 1 {
                return Err(looping());
            }
            match fats.get(id as usize) {
                Some(&next) => id = next,
                None => return Ok(None),
            }
        }
        Ok(Some(out))
    }

    /// The first stream named any of `names`, as calamine finds it.
    fn stream(&self, bytes: &[u8], names: &[&str]) -> Result<Option<Vec<u8>>, OpenError> {
        for name in names {
            let Some(d) = self
                .dirs
                .iter()
                .find(|d| d.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
            else {
                continue;
            };
            return self.chain(bytes, d.start, d.len, d.len < 4096);
        }
        Ok(None)
    }
}

fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

/// One BIFF record, with its CONTINUE records folded in as the reader
/// does.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<(u16, &'a [u8])> {
        let typ = u16_at(self.stream, 0)?;
        let len = usize::from(u16_at(self.stream, 2)?);
        let data = self.stream.get(4..4 + len)?;
        self.stream = &self.stream[4 + len..];
        while self.stream.len() > 4 && u16_at(self.stream, 0) == Some(0x003C) {
            let l = usize::from(u16_at(self.stream, 2)?);
            self.stream = self.stream.get(4 + l..)?;
        }
        Some((typ, data))
    }
}

/// Bytes of one cell in the reader's list of cells before it lays a sheet
/// out: its position and value.
const XLS_CELL_BYTES: u64 = 40;
/// Bytes of one formula string in the reader's formula grid.
const FORMULA_BYTES: u64 = 24;

/// The bytes the .xls reader would hold for a workbook stream.
fn biff_estimate(stream: &[u8], limits: &ReadLimits) -> Result<u64, OpenError> {
    let mut sheets = Vec::new();
    for (typ, data) in (Records { stream }) {
        match typ {
            // FILEPASS: the workbook is encrypted.
            0x002F if u16_at(data, 0).is_some_and(|v| v != 0) => {
                return Err(OpenError::Encrypted);
            }
            // BOUNDSHEET8: where a sheet's records start.
            0x0085 => {
                if let Some(pos) = u32_at(data, 0) {
                    sheets.push(pos as usize);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut total: u64 = 0;
    let mut largest: u64 = 0;
    let mut scanned: u64 = 0;
    for pos in sheets {
        let Some(sub) = stream.get(pos..) else {
            continue;
        };
        let s = sheet_estimate(sub);
        // Each listed sheet is read from its offset to its end: many
        // entries pointing at one big sheet make the reader read it many
        // times over.
        scanned = scanned.saturating_add(s.scanned);
        if scanned > limits.max_unpacked_bytes {
            return Err(OpenError::TooLargeUnpacked {
                part: Some("Workbook".into()),
                size: scanned,
                limit: limits.max_unpacked_bytes,
            });
        }
        total = total
            .saturating_add(s.values.cells().saturating_mul(DATA_BYTES))
            .saturating_add(s.formulas.cells().saturating_mul(FORMULA_BYTES));
        largest = largest.max(
            s.reserved
                .max(s.cells)
                .saturating_mul(XLS_CELL_BYTES)
                .saturating_add(s.values.cells().saturating_mul(DATA_BYTES)),
        );
    }
    Ok(total.saturating_add(largest))
}

#[derive(Default)]
struct SheetCost {
    values: Extent,
    formulas: Extent,
    cells: u64,
    reserved: u64,
    scanned: u64,
}

fn sheet_estimate(sub: &[u8]) -> SheetCost {
    let mut cost = SheetCost::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, data) in (Records { stream: sub }) {
        cost.scanned = cost.scanned.saturating_add(4 + data.len() as u64);
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |d: &[u8]| Some((u64::from(u16_at(d, 0)?), u64::from(u16_at(d, 2)?)));
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            // DIMENSIONS: the reader reserves rows × columns cells,
            // computed as it computes them (wrapping where it wraps).
            0x0200 => {
                let dims = match data.len() {
                    10 => (|| {
                        Some((
                            u32::from(u16_at(data, 0)?),
                            u32::from(u16_at(data, 2)?),
                            u32::from(u16_at(data, 4)?),
                            u32::from(u16_at(data, 6)?),
                        ))
                    })(),
                    14 | 16 => (|| {
                        Some((
                            u32_at(data, 0)?,
                            u32_at(data, 4)?,
                            u32::from(u16_at(data, 8)?),
                            u32::from(u16_at(data, 10)?),
                        ))
                    })(),
                    _ => None,
                };
                if let Some((rf, rl, mut cf, cl)) = dims {
                    if cf > 0xFF || cl < cf {
                        cf = 0;
                    }
                    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
                        (rl - 1, cl - 1)
                    } else {
                        (rf, cf)
                    };
                    let rows = u64::from(end_r.wrapping_sub(rf).wrapping_add(1));
                    let cols = u64::from(end_c.wrapping_sub(cf).wrapping_add(1));
                    let rows = if rows == 0 { 1 << 32 } else { rows };
                    let cols = if cols == 0 { 1 << 32 } else { cols };
                    cost.reserved = cost.reserved.saturating_add(rows.saturating_mul(cols));
                }
            }
            // Cells with one value each.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some((r, c)) = at(data) {
                    cost.values.add(r, r, c, c);
                    cost.cells += 1;
                }
            }
            // MULRK: a run of cells in one row.
            0x00BD => {
                if let (Some((r, first)), Some(last)) =
                    (at(data), u16_at(data, data.len().saturating_sub(2)))
                {
                    let last = u64::from(last);
                    if last >= first && data.len() as u64 == 6 + 6 * (last - first + 1) {
                        cost.values.add(r, r, first, last);
                        cost.cells += last - first + 1;
                    }
                }
            }
            // FORMULA: a formula, and often its value.
            0x0006 => {
                if data.len() < 20 {
                    break;
                }
                if let Some((r, c)) = at(data) {
                    cost.formulas.add(r, r, c, c);
                    cost.values.add(r, r, c, c);
                    cost.cells += 1;
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    cost
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn biff_extent_and_reservation() {
        let rec = |typ: u16, data: &[u8]| {
            let mut v = typ.to_le_bytes().to_vec();
            v.extend((data.len() as u16).to_le_bytes());
            v.extend_from_slice(data);
            v
        };
        let number = |r: u16, c: u16| {
            let mut d = r.to_le_bytes().to_vec();
            d.extend(c.to_le_bytes());
            d.extend([0u8; 10]);
            rec(0x0203, &d)
        };
        let mut globals = rec(0x0809, &[0u8; 16]);
        let sheet_at = globals.len() + 4 + 9 + 4;
        let mut bound = (sheet_at as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 1, 0, b'x']);
        globals.extend(rec(0x0085, &bound));
        globals.extend(rec(0x000A, &[]));
        assert_eq!(globals.len(), sheet_at);
        let mut sheet = rec(0x0809, &[0u8; 16]);
        sheet.extend(number(0, 0));
        sheet.extend(number(65_535, 65_535));
        sheet.extend(rec(0x000A, &[]));
        let mut stream = globals.clone();
        stream.extend(&sheet);
        let est = biff_estimate(&stream, &ReadLimits::default()).unwrap();
        assert!(est >= 65_536 * 65_536 * DATA_BYTES, "{est}");

        let mut dims = 5u32.to_le_bytes().to_vec();
        dims.extend(1u32.to_le_bytes());
        dims.extend([0, 0, 1, 0, 0, 0]);
        let mut sheet = rec(0x0809, &[0u8; 16]);
        sheet.extend(rec(0x0200, &dims));
        sheet.extend(rec(0x000A, &[]));
        let mut stream = globals;
        stream.extend(&sheet);
        let est = biff_estimate(&stream, &ReadLimits::default()).unwrap();
        assert!(est > 1 << 36, "{est}");
    }
}
