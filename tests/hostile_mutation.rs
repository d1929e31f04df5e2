//! Every example submission, corrupted a few hundred ways with a fixed
//! seed (cut short, bits flipped, bytes overwritten, archive parts dropped,
//! swapped, cut or flipped inside), must still end in a clean verdict: a
//! ledger with its problems, or a file reported unreadable. A panic in this
//! crate's own code fails the test; one inside a reader library is caught
//! as a batch catches it and counted.

#[path = "util/mod.rs"]
mod util;

use std::path::Path;
use std::sync::Mutex;

use util::hostile::{parts, rezip};
use wuyi_core::ledger;
use wuyi_report::catalogue::ProblemText;
use wuyi_report::i18n::Lang;
use wuyi_testkit::Rng;

/// Mutations per example workbook.
const PER_FILE: usize = 50;

static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let is_zip = bytes.starts_with(b"PK");
    let kinds = if is_zip { 8 } else { 3 };
    let pick = |rng: &mut Rng, n: usize| rng.range(0, n as i64 - 1) as usize;
    match pick(rng, kinds) {
        0 => bytes[..pick(rng, bytes.len())].to_vec(),
        1 => {
            let mut b = bytes.to_vec();
            for _ in 0..=pick(rng, 8) {
                let at = pick(rng, b.len());
                b[at] ^= 1 << pick(rng, 8);
            }
            b
        }
        2 => {
            let mut b = bytes.to_vec();
            let at = pick(rng, b.len());
            let end = (at + 1 + pick(rng, 64)).min(b.len());
            for x in &mut b[at..end] {
                *x = rng.next_u64() as u8;
            }
            b
        }
        k => {
            let mut ps = parts(bytes);
            let i = pick(rng, ps.len());
            match k {
                3 => {
                    ps.remove(i);
                }
                4 => {
                    let j = pick(rng, ps.len());
                    let (a, b) = (ps[i].1.clone(), ps[j].1.clone());
                    ps[i].1 = b;
                    ps[j].1 = a;
                }
                5 => {
                    let data = &mut ps[i].1;
                    if !data.is_empty() {
                        for _ in 0..=pick(rng, 4) {
                            let at = pick(rng, data.len());
                            data[at] ^= 1 << pick(rng, 8);
                        }
                    }
                }
                6 => {
                    let n = ps[i].1.len();
                    ps[i].1.truncate(pick(rng, n.max(1)));
                }
                _ => {
                    // A part the workbook's lists do not name, or one that
                    // renames a listed part away.
                    let name = format!("{}.orig", ps[i].0);
                    let data = std::mem::take(&mut ps[i].1);
                    ps[i] = (name, data);
                }
            }
            rezip(&ps)
        }
    }
}

#[test]
fn corrupted_examples_all_get_clean_verdicts() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("{info}");
        PANICS.lock().unwrap_or_else(|e| e.into_inner()).push(at);
    }));
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/收件箱");
    let mut files: Vec<_> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| wuyi_core::input::is_workbook_name(p))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    let dir = tempfile::tempdir().unwrap();
    let (mut unreadable, mut readable, mut reader_panics) = (0, 0, 0);
    let mut rng = Rng::new(2022);
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let ext = file.extension().unwrap().to_string_lossy().into_owned();
        for n in 0..PER_FILE {
            let mutated = mutate(&bytes, &mut rng);
            let p = dir.path().join(format!("m{n}.{ext}"));
            std::fs::write(&p, &mutated).unwrap();
            // Read unguarded, so that any panic is seen here, with where it
            // came from; a batch would catch it (`read_guarded`).
            let l = match std::panic::catch_unwind(|| ledger::read(&p)) {
                Ok(l) => l,
                Err(_) => {
                    // As a batch reads it: the file is reported damaged.
                    let l = ledger::read_guarded(&p);
                    assert_eq!(l.problems.len(), 1);
                    assert!(l.problems[0].message(Lang::En).contains("damaged"));
                    reader_panics += 1;
                    continue;
                }
            };
            for p in &l.problems {
                assert!(!p.message(Lang::Zh).is_empty() && !p.message(Lang::En).is_empty());
            }
            let is_unreadable = l.problems.iter().any(|p| p.code() == "unreadable");
            if is_unreadable {
                assert_eq!(l.problems.len(), 1, "{}", file.display());
                unreadable += 1;
            } else {
                assert!(l.format.is_some());
                readable += 1;
            }
        }
    }
    let _ = std::panic::take_hook();
    let panics = PANICS.lock().unwrap().clone();
    let ours: Vec<&String> = panics
        .iter()
        .filter(|at| !at.contains("/.cargo/registry/") && !at.contains("/rustc/"))
        .collect();
    assert!(ours.is_empty(), "panics in this crate: {ours:?}");
    eprintln!(
        "{} corrupted files: {readable} read, with their problems; {unreadable} unreadable; {reader_panics} stopped by a panic inside a reader library, which a batch catches and reports as damaged",
        files.len() * PER_FILE
    );
}
