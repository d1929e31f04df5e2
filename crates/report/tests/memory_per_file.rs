//! The memory `wuyi score` holds for each file while it writes the reports,
//! counted by a test allocator rather than timed or read from the system:
//! the live heap's peak while a batch of cards is spilled, summarised,
//! printed as the terminal table and written as `评分汇总.xlsx`,
//! `results.json` and `results.csv`, for a small and a ten times larger
//! batch of the same cards. What grows between the two is what each file
//! costs.
//!
//! A test binary of its own: the allocator counts every allocation of the
//! process, so nothing else may run beside the one test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use wuyi_core::results::Scorecard;
use wuyi_core::rubric::Rubric;
use wuyi_report::i18n::Lang;
use wuyi_report::score::{self, Cards, RunInfo};
use wuyi_report::spill::SpillWriter;
use wuyi_testkit::{Community, Info, Style};

/// The system allocator, counting the bytes live and the most ever live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; the
// counters only observe the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as the caller promised for `layout`.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as the caller promised for `layout`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as the caller promised for `ptr`, `layout` and `new_size`.
        let q = unsafe { System.realloc(ptr, layout, new_size) };
        if !q.is_null() {
            if new_size > layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Scorecards of generated communities, scored with the built-in rubric:
/// one clean and one messy ledger, so the cards have items whose
/// explanations wrap (rows given a height) and data problems.
fn sample_cards() -> Vec<Scorecard> {
    let rubric = Rubric::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    let dir = tempfile::tempdir().unwrap();
    [Style::default(), Style::messy(3)]
        .iter()
        .enumerate()
        .map(|(i, style)| {
            let info = Info {
                name: format!("幸福里第{i}小区"),
                kind: "小区".into(),
                district: "城关区".into(),
                town: "东关街道".into(),
                assessed_on: chrono::NaiveDate::from_ymd_opt(2022, 3, 31).unwrap(),
                contact: "王芳".into(),
                phone: "13800000000".into(),
            };
            let path = dir.path().join(format!("{i}.xlsx"));
            Community::generate(11 + i as u64, info, 200)
                .write(&path, style)
                .unwrap();
            let ledger = wuyi_core::ledger::read(&path);
            wuyi_report::catalogue::score::card(&wuyi_core::score::score(&ledger, &rubric, None))
        })
        .collect()
}

/// The card for file `i` of a batch: a sample card under a name, town and
/// file of its own, as the files of a city differ.
fn nth(samples: &[Scorecard], i: usize) -> Scorecard {
    let mut c = samples[i % samples.len()].clone();
    c.name = format!("第{i}社区");
    c.town = Some(["东关街道", "西城街道", "南山镇"][i % 3].into());
    c.file = PathBuf::from(format!("收件箱/{i:05}-第{i}社区.xlsx"));
    c
}

/// The most heap live at once, beyond what was live before, while `n`
/// cards are spilled and every report of the batch is written.
fn peak_for(samples: &[Scorecard], info: &RunInfo, n: usize) -> usize {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let spill = SpillWriter::new().unwrap();
    for i in 0..n {
        // The card itself is made and dropped here, as a worker does.
        spill.push(nth(samples, i)).unwrap();
    }
    let spill = spill.finish().unwrap();
    assert_eq!(spill.count(), n);
    let mut lines = 0usize;
    score::write_table(&spill, Lang::Zh, Some(100), &mut |_| {
        lines += 1;
        Ok(())
    })
    .unwrap();
    assert!(lines > n);
    score::write_xlsx(info, &spill, std::io::sink(), Lang::Zh).unwrap();
    score::write_json(info, &spill, &mut std::io::sink()).unwrap();
    score::write_csv(info, &spill, &mut std::io::sink(), Lang::Zh).unwrap();
    drop(spill);
    PEAK.load(Relaxed) - before
}

#[test]
fn the_reports_hold_a_few_dozen_bytes_per_file() {
    let samples = sample_cards();
    assert!(samples.iter().any(|c| !c.problems.is_empty()));
    assert!(samples.iter().all(|c| c.items.len() > 5));
    let info = RunInfo::new(&Rubric::builtin().unwrap(), None);
    // Once first, so that buffers made once per process are not counted.
    peak_for(&samples, &info, 10);
    let (small, large) = (100, 1_000);
    let a = peak_for(&samples, &info, small);
    let b = peak_for(&samples, &info, large);
    let per_file = b.saturating_sub(a) / (large - small);
    eprintln!("{per_file} bytes per file ({a} bytes for {small} files, {b} for {large})");
    // Each file keeps its place in the spill, its name and its path (about
    // 56 + 60 bytes here); the items and problems sheets hold nothing per
    // row. Before the summary was streamed and rows' heights were let go,
    // this was several kilobytes a file.
    assert!(
        per_file <= 256,
        "{per_file} bytes per file ({a} bytes for {small} files, {b} for {large})"
    );
}
