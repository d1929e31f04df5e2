//! Scoring each file where it is read: the worker reads the file, builds
//! its ledger, scores it against the run's rubric and words its scorecard,
//! and only the scorecard crosses the pipe.
//!
//! Streaming every cell of a file to the calling process and building the
//! ledger there cost about 7 % more CPU time than reading in-process on
//! one thread: each cell was encoded, written through the pipe, read,
//! decoded and copied again. A scorecard is a few kilobytes where the
//! cells are hundreds, and it is the record the batch keeps anyway. The
//! worker runs the very functions the in-process path runs
//! ([`ledger::read_as`], [`wuyi_core::score::score`],
//! [`wuyi_report::catalogue::score::card`]) on the same rubric, so the two
//! modes cannot score a file differently; the scorecard travels as CBOR,
//! which keeps every number bit for bit (JSON text would round some
//! floating-point numbers on the way back).
//!
//! The rubric is sent to a worker once, with the first file it scores for
//! it: the rubric as written, its source and hash, and the names it reads
//! with; the worker compiles it as the calling process did.
//!
//! A scorecard that cannot be encoded (a file name that is not UTF-8) or
//! would not fit a frame is not sent: the worker says so, and the file is
//! read again through the cell stream, still in the worker.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use wuyi_core::ledger::contract::Aliases;
use wuyi_core::ledger::{self, Ledger};
use wuyi_core::results::Scorecard;
use wuyi_core::rubric::Rubric;
use wuyi_core::rubric::spec::RubricSpec;
use wuyi_report::catalogue::score::card;
use wuyi_sheets::{OpenError, ReadLimits};

use super::{
    Dec, GRACE, Gone, MAX_FRAME, Worker, fault_for_tests, get_limits, path_bytes, path_from,
    put_bytes, put_limits, put_u32, put_u64, with_worker,
};

/// Request, parent to worker: score one file.
pub(super) const SCORE: u8 = 3;
/// Answers, worker to parent.
const CARD: u8 = 5;
const NO_CARD: u8 = 6;

/// The rubric as it crosses the pipe (encoding side).
#[derive(Serialize)]
struct RubricOut<'a> {
    spec: &'a RubricSpec,
    source: &'a str,
    sha256: &'a str,
    aliases: &'a Aliases,
}

/// The rubric as it crosses the pipe (decoding side).
#[derive(Deserialize)]
struct RubricIn {
    spec: RubricSpec,
    source: String,
    sha256: String,
    aliases: Aliases,
}

fn encode_rubric(r: &Rubric) -> Option<Vec<u8>> {
    let mut b = Vec::new();
    ciborium::into_writer(
        &RubricOut {
            spec: &r.spec,
            source: &r.source,
            sha256: &r.sha256,
            aliases: &r.aliases,
        },
        &mut b,
    )
    .ok()?;
    Some(b)
}

/// The rubric the calling process compiled, compiled again from what
/// [`encode_rubric`] wrote.
fn decode_rubric(b: &[u8]) -> Option<Rubric> {
    let w: RubricIn = ciborium::from_reader(b).ok()?;
    let mut r = Rubric::compile(w.spec, &w.source).ok()?;
    r.sha256 = w.sha256;
    r.aliases = Arc::new(w.aliases);
    Some(r)
}

/// Appends `c` encoded to `b`; `false` (and `b` as it was) when it cannot
/// be encoded or would not fit in a frame.
fn put_card(b: &mut Vec<u8>, c: &Scorecard) -> bool {
    let mark = b.len();
    if ciborium::into_writer(c, &mut *b).is_ok() && b.len() < MAX_FRAME {
        return true;
    }
    b.truncate(mark);
    false
}

fn get_card(b: &[u8]) -> Option<Scorecard> {
    ciborium::from_reader(b).ok()
}

fn put_date(b: &mut Vec<u8>, d: Option<NaiveDate>) {
    match d {
        Some(d) => {
            b.push(1);
            put_u32(b, chrono::Datelike::num_days_from_ce(&d) as u32);
        }
        None => b.push(0),
    }
}

fn get_date(d: &mut Dec<'_>) -> Option<Option<NaiveDate>> {
    match d.u8()? {
        0 => Some(None),
        1 => Some(Some(NaiveDate::from_num_days_from_ce_opt(d.u32()? as i32)?)),
        _ => None,
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Scores files against one rubric: in this thread's worker process
/// where workers are enabled, else in this process.
pub struct Scorer<'r> {
    rubric: &'r Rubric,
    as_of: Option<NaiveDate>,
    /// Tells a worker which rubric it holds.
    id: u64,
    /// The rubric encoded for workers; `None` when workers are off (or it
    /// cannot be encoded: then files are scored here from cells read in
    /// workers).
    wire: Option<Vec<u8>>,
}

impl<'r> Scorer<'r> {
    /// Scores against `rubric`, with `as_of` for every file if given.
    pub fn new(rubric: &'r Rubric, as_of: Option<NaiveDate>) -> Self {
        Scorer {
            rubric,
            as_of,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            wire: super::enabled().then(|| encode_rubric(rubric)).flatten(),
        }
    }

    /// The scorecard of the file at `path`, read within `limits`. Never
    /// fails: a file that cannot be read is scored as such.
    pub fn card(&self, path: &Path, limits: &ReadLimits) -> Scorecard {
        if let Some(c) = self.in_worker(path, limits) {
            return c;
        }
        let ledger = super::reader().read(path, limits, &self.rubric.aliases);
        self.score(&ledger)
    }

    fn score(&self, ledger: &Ledger) -> Scorecard {
        card(&wuyi_core::score::score(ledger, self.rubric, self.as_of))
    }

    /// `None` when the file is to be read through the cell stream (or
    /// in-process) instead.
    fn in_worker(&self, path: &Path, limits: &ReadLimits) -> Option<Scorecard> {
        let wire = self.wire.as_deref()?;
        with_worker(limits, |slot| {
            let worker = slot.as_mut()?;
            match self.ask(worker, wire, path, limits) {
                Answer::Card(c) => Some(*c),
                Answer::NoCard => {
                    worker.rubric = None;
                    None
                }
                Answer::Lost(e) => {
                    // Never handed another file.
                    *slot = None;
                    Some(self.score(&ledger::unreadable(path, &e)))
                }
            }
        })
    }

    fn ask(&self, worker: &mut Worker, wire: &[u8], path: &Path, limits: &ReadLimits) -> Answer {
        let deadline = limits
            .max_time
            .and_then(|t| Instant::now().checked_add(t.saturating_add(GRACE)));
        let lost = |g: Gone| {
            Answer::Lost(match g {
                Gone::Died => OpenError::WorkerDied,
                Gone::TimedOut => OpenError::TimedOut {
                    seconds: limits.max_time.map_or(0, |t| t.as_secs().max(1)),
                },
            })
        };
        let send_rubric = worker.rubric != Some(self.id);
        let mut req = Vec::with_capacity(128 + if send_rubric { wire.len() } else { 0 });
        put_limits(&mut req, limits);
        put_date(&mut req, self.as_of);
        put_bytes(&mut req, &path_bytes(path));
        put_u64(&mut req, self.id);
        if send_rubric {
            req.push(1);
            put_bytes(&mut req, wire);
        } else {
            req.push(0);
        }
        if let Err(g) = worker.send(SCORE, &req) {
            return lost(g);
        }
        worker.rubric = Some(self.id);
        let frame = match worker.frame(deadline) {
            Ok(f) => f,
            Err(g) => return lost(g),
        };
        match frame.split_first() {
            Some((&CARD, rest)) => match get_card(rest) {
                Some(c) => Answer::Card(Box::new(c)),
                // Not what a worker writes: it is past trusting.
                None => lost(Gone::Died),
            },
            Some((&NO_CARD, [])) => Answer::NoCard,
            _ => lost(Gone::Died),
        }
    }
}

enum Answer {
    Card(Box<Scorecard>),
    /// Read it through the cell stream instead.
    NoCard,
    Lost(OpenError),
}

/// The worker's side of [`SCORE`]: appends the answer to `out`. `rubric`
/// is the rubric this worker holds, with its id.
pub(super) fn serve(req: &mut Dec<'_>, rubric: &mut Option<(u64, Rubric)>, out: &mut Vec<u8>) {
    let parsed = (|| {
        let limits = get_limits(req)?;
        let as_of = get_date(req)?;
        let path = path_from(req.bytes()?);
        let id = req.u64()?;
        let wire = match req.u8()? {
            0 => None,
            1 => Some(req.bytes()?),
            _ => return None,
        };
        Some((limits, as_of, path, id, wire))
    })();
    let Some((limits, as_of, path, id, wire)) = parsed else {
        out.push(NO_CARD);
        return;
    };
    if let Some(w) = wire {
        *rubric = decode_rubric(w).map(|r| (id, r));
    }
    let Some(rubric) = rubric
        .as_ref()
        .filter(|(held, _)| *held == id)
        .map(|r| &r.1)
    else {
        out.push(NO_CARD);
        return;
    };
    fault_for_tests(&path);
    // As the in-process reader does: a panic in the readers or in building
    // the ledger makes the file unreadable, nothing more.
    let ledger = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ledger::read_as(&path, &limits, &rubric.aliases)
    }))
    .unwrap_or_else(|_| ledger::unreadable(&path, &OpenError::ReaderFailed));
    let scored = card(&wuyi_core::score::score(&ledger, rubric, as_of));
    out.push(CARD);
    if !put_card(out, &scored) {
        out.pop();
        out.push(NO_CARD);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wuyi_core::inspected::CardInspection;
    use wuyi_core::results::{GateReport, ItemScore, ProblemRecord};
    use wuyi_core::score::{CaseRecord, SectionScore, Verdict};

    fn bits(c: &Scorecard) -> Vec<u64> {
        let mut v = vec![c.pass_score.to_bits(), c.score.map_or(7, f64::to_bits)];
        for s in &c.sections {
            v.extend([s.points.to_bits(), s.earned.to_bits()]);
        }
        for i in &c.items {
            v.extend([i.points.to_bits(), i.earned.to_bits()]);
            v.push(i.share.map_or(7, f64::to_bits));
        }
        v
    }

    fn sample() -> Scorecard {
        let tricky = [
            0.1 + 0.2,
            7.6000000000000005,
            59.99999999999999,
            -0.0,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            1.0 / 3.0,
        ];
        Scorecard {
            file: "收件箱/幸福里\u{0}小区.xlsx".into(),
            name: "幸福里小区 🏠".into(),
            kind: Some(wuyi_core::ledger::contract::CommunityType::Village),
            district: Some("东区".into()),
            town: None,
            assessed_on: NaiveDate::from_ymd_opt(2022, 3, 31),
            score: Some(tricky[0]),
            pass_score: tricky[2],
            sections: tricky
                .iter()
                .map(|&f| SectionScore {
                    id: "A".into(),
                    name: "组织".into(),
                    points: f,
                    earned: -f,
                })
                .collect(),
            items: tricky
                .iter()
                .enumerate()
                .map(|(n, &f)| ItemScore {
                    id: format!("A{n}"),
                    section: (n % 2 == 0).then(|| "A".into()),
                    name: "x".repeat(5000 * n),
                    points: f,
                    earned: f / 7.0,
                    share: (n % 3 != 0).then_some(f * 0.3),
                    findings: usize::MAX - n,
                    total: n,
                    why_zh: "未找到".into(),
                    why_en: String::new(),
                    cells: vec!["一户一档!C14".into(); n],
                    unverified: n % 2 == 1,
                })
                .collect(),
            gate: Some(GateReport {
                passed: false,
                window_days: 14,
                window_start: NaiveDate::from_ymd_opt(2022, 3, 18).unwrap(),
                window_end: NaiveDate::from_ymd_opt(2022, 3, 31).unwrap(),
                hits_zh: vec!["涉疫台账!A6".into()],
                hits_en: vec![],
                undecided_zh: vec![],
                undecided_en: vec!["B7".into()],
                summary_zh: "一票否决".into(),
                summary_en: String::new(),
            }),
            verdict: Verdict::Vetoed,
            reason_zh: "原因".into(),
            reason_en: "why\r\n\t\u{202e}".into(),
            problems: vec![ProblemRecord {
                severity: "error".into(),
                location: "基本信息!B3".into(),
                code: "missing".into(),
                message_zh: "缺".into(),
                message_en: "missing".into(),
            }],
            cases: vec![CaseRecord {
                date: NaiveDate::from_ymd_opt(2022, 3, 21).unwrap(),
                category: wuyi_core::ledger::contract::CaseCategory::Confirmed,
                location: "涉疫台账!A6".into(),
            }],
            inspection: None::<CardInspection>,
        }
    }

    #[test]
    fn a_scorecard_crosses_bit_for_bit() {
        let c = sample();
        let mut b = vec![CARD];
        assert!(put_card(&mut b, &c));
        let back = get_card(&b[1..]).unwrap();
        assert_eq!(back, c);
        assert_eq!(bits(&back), bits(&c));
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            serde_json::to_string(&c).unwrap()
        );
        // And with the optional parts absent.
        let mut bare = c.clone();
        bare.score = None;
        bare.gate = None;
        bare.cases.clear();
        bare.kind = None;
        bare.assessed_on = None;
        let mut b = Vec::new();
        assert!(put_card(&mut b, &bare));
        assert_eq!(get_card(&b).unwrap(), bare);
    }

    #[test]
    fn a_card_that_cannot_be_encoded_is_not_sent() {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let mut c = sample();
            c.file = std::ffi::OsStr::from_bytes(b"bad\xff.xlsx").into();
            let mut b = vec![9];
            assert!(!put_card(&mut b, &c));
            assert_eq!(b, [9]);
        }
    }

    #[test]
    fn hostile_cards_are_refused() {
        let mut good = Vec::new();
        assert!(put_card(&mut good, &sample()));
        // Cut anywhere, or with a byte changed into a type or length, a card
        // is refused or decodes to something, never panics or allocates
        // what it declares.
        for cut in (0..good.len()).step_by(97) {
            assert!(get_card(&good[..cut]).is_none(), "cut at {cut}");
        }
        for at in (0..good.len()).step_by(13) {
            for v in [0x00, 0x1b, 0x5b, 0x7b, 0x9b, 0xbb, 0xff] {
                let mut bad = good.clone();
                bad[at] = v;
                let _ = get_card(&bad);
            }
        }
        // A text declaring 2^64-1 bytes.
        let mut huge = vec![0xa1, 0x64];
        huge.extend_from_slice(b"file");
        huge.push(0x7b);
        huge.extend_from_slice(&u64::MAX.to_be_bytes());
        assert!(get_card(&huge).is_none());
        assert!(get_card(b"").is_none());
    }

    fn same(a: &Rubric, b: &Rubric) {
        assert_eq!(format!("{:?}", a.spec), format!("{:?}", b.spec));
        assert_eq!(format!("{:?}", a.items), format!("{:?}", b.items));
        assert_eq!(format!("{:?}", a.gate), format!("{:?}", b.gate));
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(a.source, b.source);
        assert_eq!(a.aliases, b.aliases);
    }

    #[test]
    fn the_rubric_crosses_as_compiled() {
        let builtin = Rubric::builtin().unwrap();
        same(
            &builtin,
            &decode_rubric(&encode_rubric(&builtin).unwrap()).unwrap(),
        );
        // A county's rubric with names of its own, and a contract file's.
        let text = wuyi_core::rubric::DEFAULT_TOML.replace("pass_score = 60", "pass_score = 60.1")
            + "\n[aliases.sheets]\n\"一户一档\" = [\"住户台账\"]\n\
               [aliases.columns.\"一户一档\"]\n\"联系电话\" = [\"户主手机\"]\n";
        let mut county = Rubric::parse(&text, "县评分标准.toml").unwrap();
        let contract: wuyi_core::ledger::contract::AliasSpec =
            toml::from_str("[info]\n\"名称\" = [\"小区全称\"]\n").unwrap();
        county.add_aliases(contract.resolve().unwrap());
        assert_ne!(county.aliases, builtin.aliases);
        let back = decode_rubric(&encode_rubric(&county).unwrap()).unwrap();
        same(&county, &back);
        assert!(decode_rubric(b"\xa0").is_none());
        assert!(decode_rubric(b"").is_none());
    }

    #[test]
    fn score_requests_cross_and_bad_ones_get_no_card() {
        let limits = ReadLimits::default();
        let mut req = Vec::new();
        put_limits(&mut req, &limits);
        put_date(&mut req, NaiveDate::from_ymd_opt(2022, 3, 31));
        put_bytes(&mut req, b"/nonexistent/x.xlsx");
        put_u64(&mut req, 42);
        req.push(0);
        let mut d = Dec { b: &req };
        assert_eq!(get_limits(&mut d), Some(limits));
        assert_eq!(get_date(&mut d), Some(NaiveDate::from_ymd_opt(2022, 3, 31)));
        // A worker holding no rubric, or another one, answers that it
        // cannot score.
        let mut out = Vec::new();
        serve(&mut Dec { b: &req }, &mut None, &mut out);
        assert_eq!(out, [NO_CARD]);
        let held = Rubric::builtin().unwrap();
        let mut holding = Some((41, held));
        let mut out = Vec::new();
        serve(&mut Dec { b: &req }, &mut holding, &mut out);
        assert_eq!(out, [NO_CARD]);
        // Cut short anywhere: no card, no panic.
        for cut in 0..req.len() {
            let mut out = Vec::new();
            serve(&mut Dec { b: &req[..cut] }, &mut holding, &mut out);
            assert_eq!(out, [NO_CARD], "cut at {cut}");
        }
        // The right rubric: a file that is not there is scored as such.
        let mut holding = Some((42, Rubric::builtin().unwrap()));
        let mut out = Vec::new();
        serve(&mut Dec { b: &req }, &mut holding, &mut out);
        assert_eq!(out[0], CARD);
        let c = get_card(&out[1..]).unwrap();
        assert_eq!(c.verdict, Verdict::Unassessable);
        assert_eq!(c.file, Path::new("/nonexistent/x.xlsx"));
    }
}
