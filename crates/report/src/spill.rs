//! Scorecards kept on disk while a batch runs. A city's quarter is a few
//! thousand scorecards, each with its items, cells and problems; held in
//! memory they make the run's memory grow with the number of files. Each is
//! written to a temporary file as soon as it is scored, as two JSON records
//! side by side: the card without its items, then its items (most of a
//! card's bytes, needed by few parts of the reports), and
//! only its place in the file and its sort key stay in memory (see
//! [`Spill::retained_bytes`]), with the batch's [`Overview`] counted as the
//! cards come in. The reports then read the cards back one at a time, in
//! report order.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use anyhow::{Context, Result};

use super::score::{Cards, Overview};
use wuyi_core::results::Scorecard;

/// Where one card is in the file, and what it sorts by. District and town
/// repeat across a batch, so each is kept once (see [`Names`]) and named
/// here by number; the community's name and the file break ties.
struct Entry {
    offset: u64,
    /// The card without its items.
    len: u32,
    /// Its items, right after it.
    items: u32,
    district: u32,
    town: u32,
    name: Box<str>,
    file: Box<Path>,
}

/// Each distinct district or town name once, numbered as first seen.
#[derive(Default)]
struct Names {
    names: Vec<Box<str>>,
    index: std::collections::HashMap<Box<str>, u32>,
}

impl Names {
    fn id(&mut self, name: &str) -> Result<u32> {
        if let Some(&id) = self.index.get(name) {
            return Ok(id);
        }
        let id = u32::try_from(self.names.len()).context("too many districts or towns")?;
        self.names.push(name.into());
        self.index.insert(name.into(), id);
        Ok(id)
    }

    /// Each name's place in sorted order, by number: so that comparing
    /// numbers compares the names.
    fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_by(|a, b| self.names[*a as usize].cmp(&self.names[*b as usize]));
        let mut rank = vec![0; order.len()];
        for (r, id) in order.into_iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        rank
    }

    fn bytes(&self) -> usize {
        self.names.iter().map(|n| n.len()).sum::<usize>()
            + self.names.capacity() * std::mem::size_of::<Box<str>>()
            + self.index.capacity() * (std::mem::size_of::<(Box<str>, u32)>() + 1)
            + self.names.iter().map(|n| n.len()).sum::<usize>()
    }
}

struct Writing {
    file: BufWriter<File>,
    offset: u64,
    entries: Vec<Entry>,
    districts: Names,
    towns: Names,
    overview: Overview,
}

/// Collects scorecards from many threads into a temporary file.
pub struct SpillWriter {
    inner: Mutex<Writing>,
}

impl SpillWriter {
    /// An empty collector over a new unnamed temporary file in the system's
    /// temporary folder, which the system deletes once it is closed.
    pub fn new() -> Result<Self> {
        let file = tempfile::tempfile().context("creating a temporary file for the results")?;
        Ok(Self::over(file))
    }

    fn over(file: File) -> Self {
        SpillWriter {
            inner: Mutex::new(Writing {
                file: BufWriter::new(file),
                offset: 0,
                entries: Vec::new(),
                districts: Names::default(),
                towns: Names::default(),
                overview: Overview::default(),
            }),
        }
    }

    /// Stores one scorecard. Safe to call from several threads.
    pub fn push(&self, mut card: Scorecard) -> Result<()> {
        // Serialise outside the lock, so threads only queue for the write.
        let items = std::mem::take(&mut card.items);
        let mut bytes = serde_json::to_vec(&card)?;
        let len = u32::try_from(bytes.len()).context("a scorecard too large to save")?;
        serde_json::to_writer(&mut bytes, &items)?;
        let items =
            u32::try_from(bytes.len() - len as usize).context("a scorecard too large to save")?;
        let mut w = self
            .inner
            .lock()
            .map_err(|_| anyhow::anyhow!("a worker thread failed while saving results"))?;
        let offset = w.offset;
        w.file
            .write_all(&bytes)
            .context("saving results to a temporary file")?;
        w.offset += bytes.len() as u64;
        let district = w.districts.id(card.district.as_deref().unwrap_or(""))?;
        let town = w.towns.id(card.town.as_deref().unwrap_or(""))?;
        w.entries.push(Entry {
            offset,
            len,
            items,
            district,
            town,
            name: card.name.as_str().into(),
            file: card.file.as_path().into(),
        });
        w.overview.add(&card);
        Ok(())
    }

    /// Closes the file and sorts the cards into report order (see
    /// [`crate::score::sort_key`]).
    pub fn finish(self) -> Result<Spill> {
        let w = self
            .inner
            .into_inner()
            .map_err(|_| anyhow::anyhow!("a worker thread failed while saving results"))?;
        let file = w
            .file
            .into_inner()
            .map_err(|e| e.into_error())
            .context("saving results to a temporary file")?;
        let mut entries = w.entries;
        let (districts, towns) = (w.districts.ranks(), w.towns.ranks());
        let key = |e: &Entry| (districts[e.district as usize], towns[e.town as usize]);
        entries.sort_by(|a, b| {
            key(a)
                .cmp(&key(b))
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.file.cmp(&b.file))
        });
        entries.shrink_to_fit();
        let names = w.districts.bytes() + w.towns.bytes();
        Ok(Spill {
            file: Mutex::new(file),
            entries,
            overview: w.overview,
            names,
        })
    }
}

/// Scorecards on disk, in report order.
pub struct Spill {
    file: Mutex<File>,
    entries: Vec<Entry>,
    overview: Overview,
    /// Bytes the district and town names took while sorting.
    names: usize,
}

impl Spill {
    /// The bytes of memory this store holds for its cards (the overview
    /// aside): a fixed entry per card with its name and file, never the
    /// cards themselves.
    pub fn retained_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>()
            + self
                .entries
                .iter()
                .map(|e| e.name.len() + e.file.as_os_str().len())
                .sum::<usize>()
    }

    /// The bytes of district and town names held while the cards were
    /// sorted: one per distinct name, not per card.
    pub fn name_bytes(&self) -> usize {
        self.names
    }
}

impl Spill {
    /// Reads every card back in report order, with its items or without.
    fn read_back(
        &self,
        with_items: bool,
        f: &mut dyn FnMut(&Scorecard) -> Result<()>,
    ) -> Result<()> {
        let mut file = self
            .file
            .lock()
            .map_err(|_| anyhow::anyhow!("the results file is unavailable"))?;
        let mut buf = Vec::new();
        for e in &self.entries {
            let len = e.len as usize;
            buf.resize(len + if with_items { e.items as usize } else { 0 }, 0);
            file.seek(SeekFrom::Start(e.offset))
                .and_then(|_| file.read_exact(&mut buf))
                .context("reading back saved results")?;
            // Checked for UTF-8 once, several bytes at a time, so the parser
            // need not check each string again.
            let text = simdutf8::basic::from_utf8(&buf)
                .map_err(|_| anyhow::anyhow!("saved results are not UTF-8"))
                .context("reading back saved results")?;
            let (head, items) = text
                .split_at_checked(len)
                .context("reading back saved results")?;
            let mut card: Scorecard =
                serde_json::from_str(head).context("reading back saved results")?;
            if with_items {
                card.items = serde_json::from_str(items).context("reading back saved results")?;
            }
            f(&card)?;
        }
        Ok(())
    }
}

impl Cards for Spill {
    fn count(&self) -> usize {
        self.entries.len()
    }

    fn each(&self, f: &mut dyn FnMut(&Scorecard) -> Result<()>) -> Result<()> {
        self.read_back(true, f)
    }

    fn each_brief(&self, f: &mut dyn FnMut(&Scorecard) -> Result<()>) -> Result<()> {
        self.read_back(false, f)
    }

    fn overview(&self) -> Result<Overview> {
        Ok(self.overview.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wuyi_core::results::ItemScore;

    fn card(name: &str, district: Option<&str>, town: Option<&str>, file: &str) -> Scorecard {
        crate::test_card::card(file, name, district, town, Some(80.0))
    }

    fn read_all(spill: &Spill) -> Vec<Scorecard> {
        let mut seen = Vec::new();
        spill
            .each(&mut |c| {
                seen.push(c.clone());
                Ok(())
            })
            .unwrap();
        seen
    }

    fn read_brief(spill: &Spill) -> Vec<Scorecard> {
        let mut seen = Vec::new();
        spill
            .each_brief(&mut |c| {
                seen.push(c.clone());
                Ok(())
            })
            .unwrap();
        seen
    }

    fn item(id: &str, why: &str) -> ItemScore {
        ItemScore {
            id: id.into(),
            section: Some("A".into()),
            name: format!("第{id}项"),
            points: 5.0,
            earned: 0.1 + 0.2,
            share: Some(2.0 / 3.0),
            findings: 3,
            total: 7,
            why_zh: why.into(),
            why_en: "why \"quoted\" \\ and\nnew line".into(),
            cells: vec!["一户一档!C14".into(), "一户一档!C15".into()],
            unverified: true,
        }
    }

    #[test]
    fn cards_come_back_whole_and_in_report_order() {
        let w = SpillWriter::new().unwrap();
        let mut want = vec![
            card("乙", Some("城关区"), Some("西城街道"), "b.xlsx"),
            card("甲", Some("城关区"), Some("西城街道"), "a.xlsx"),
            card("丙", Some("城关区"), Some("东关街道"), "c.xlsx"),
            // Ties on place and name are broken by the file, compared as
            // paths (by component, not by bytes).
            card("丁", None, None, "x/b.xlsx"),
            card("丁", None, None, "x-a.xlsx"),
            card("丁", None, Some(""), "x/a.xlsx"),
            card("戊", Some("新区"), None, "d.xlsx"),
            card("A", Some("新区"), Some("东关街道"), "e.xlsx"),
        ];
        // Items of every length, with text that JSON escapes, come back
        // whole beside the card they belong to.
        for (i, c) in want.iter_mut().enumerate() {
            c.items = (0..i)
                .map(|j| item(&format!("B{j}"), "原因“引号”"))
                .collect();
        }
        for c in &want {
            w.push(c.clone()).unwrap();
        }
        let spill = w.finish().unwrap();
        super::super::score::sort_cards(&mut want);
        let seen = read_all(&spill);
        assert_eq!(seen, want);
        assert!(seen.iter().any(|c| c.items.len() > 3));
        // Read back without items: the same cards, each without its items.
        let brief: Vec<Scorecard> = want
            .iter()
            .map(|c| Scorecard {
                items: Vec::new(),
                ..c.clone()
            })
            .collect();
        assert_eq!(read_brief(&spill), brief);
        let key = super::super::score::sort_key;
        assert!(seen.windows(2).all(|p| key(&p[0]) <= key(&p[1])));
        assert_eq!(spill.overview().unwrap(), want.overview().unwrap());
        // A second pass reads the same cards again.
        assert_eq!(read_all(&spill).len(), want.len());
    }

    /// What a spill keeps per card is its entry, the card's name and its
    /// file's path: under 64 bytes besides those two, however large the
    /// card. A card with hundreds of items and problems costs no more.
    #[test]
    fn memory_held_per_card_is_its_entry_name_and_path() {
        let w = SpillWriter::new().unwrap();
        let n = 2_000;
        let mut text = 0;
        for i in 0..n {
            let name = format!("幸福里第{i}小区");
            let file = format!("收件箱/{i:04}-{name}.xlsx");
            let mut c = card(
                &name,
                Some("城关区"),
                Some(["东关街道", "西城街道"][i % 2]),
                &file,
            );
            c.reason_zh = "很长的原因".repeat(200);
            c.reason_en = "a long reason".repeat(200);
            text += name.len() + file.len();
            w.push(c).unwrap();
        }
        let spill = w.finish().unwrap();
        let fixed = spill.retained_bytes() - text;
        let per_card = fixed / n;
        assert!(
            per_card <= 64,
            "{per_card} bytes per card besides its name and path"
        );
        // Districts and towns are kept once each, not per card.
        assert!(spill.name_bytes() < 1_000, "{}", spill.name_bytes());
        assert_eq!(spill.count(), n);
    }
}
