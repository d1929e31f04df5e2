//! The reports of `wuyi score`: the summary on the terminal (`table`),
//! `results.json` and `results.csv` for machines (`data`), `评分汇总.xlsx`
//! for the office (`workbook`, `chart`), and one feedback workbook per
//! community to send back for rectification (`feedback`).
//!
//! Every report reads the batch's scorecards through [`Cards`], one at a
//! time and in report order, so that a batch kept on disk (see
//! [`crate::spill`]) is never in memory whole; what the reports need of the
//! whole batch at once is the [`Overview`], a few counts.

mod chart;
mod columns;
mod data;
mod feedback;
mod overview;
mod table;
mod workbook;

pub use data::{write_csv, write_json};
pub use feedback::{feedback_file_name, render_feedback};
pub use overview::Overview;
pub use table::{Line, render_table, render_table_fit, write_table};
pub use workbook::{render_xlsx, write_xlsx};

use anyhow::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::inspection::NoteRecord as Note;
use crate::schema;
use wuyi_core::results::Scorecard;
use wuyi_core::rubric::Rubric;
use wuyi_core::score::Verdict;

/// Which rubric a run used, so results can be traced to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricInfo {
    /// The rubric's name as its file states it.
    pub name: String,
    /// The rubric's version as its authors number it (may be empty).
    pub version: String,
    /// Hex SHA-256 of the rubric file's bytes, so two runs can be shown to
    /// have used the same rubric.
    pub sha256: String,
    /// Where the rubric came from: a path, or "built-in".
    pub source: String,
    /// The pass line the scores were judged against (60 by default).
    pub pass_score: f64,
    /// The points of all items together, the most a community can score.
    pub total: f64,
}

impl RubricInfo {
    /// The identifying facts of a loaded rubric, as recorded in the results.
    pub fn of(r: &Rubric) -> Self {
        RubricInfo {
            name: r.spec.name.clone(),
            version: r.spec.version.clone(),
            sha256: r.sha256.clone(),
            source: r.source.clone(),
            pass_score: r.spec.pass_score,
            total: r.spec.total,
        }
    }
}

/// Everything a scoring run produced: the content of `results.json`, as
/// other programs (and `wuyi awards`) read it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// The shape of the file ([`schema::SCHEMA_VERSION`]); `None` in files
    /// written before it was recorded.
    #[serde(default)]
    pub schema_version: Option<u32>,
    /// The program that wrote the file ("wuyi").
    pub tool: String,
    /// The version of the program that wrote the file.
    pub tool_version: String,
    /// The rubric the communities were scored against.
    pub rubric: RubricInfo,
    /// The batch-wide assessment date, when `--as-of` was given.
    pub as_of: Option<NaiveDate>,
    /// Section ids and names, in rubric order.
    pub sections: Vec<(String, String)>,
    /// The inspection lists applied (file names), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inspections: Vec<String>,
    /// What to check in the inspection lists: rows not applied and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inspection_notes: Vec<Note>,
    /// One scorecard per file scored, in report order (see [`sort_key`]).
    pub results: Vec<Scorecard>,
}

impl Results {
    /// The results of a run: the cards put in report order and stamped with
    /// the current schema version, tool version and rubric.
    pub fn new(rubric: &Rubric, as_of: Option<NaiveDate>, mut cards: Vec<Scorecard>) -> Self {
        sort_cards(&mut cards);
        let info = RunInfo::new(rubric, as_of);
        Results {
            schema_version: Some(schema::SCHEMA_VERSION),
            tool: info.tool,
            tool_version: info.tool_version,
            rubric: info.rubric,
            as_of: info.as_of,
            sections: info.sections,
            inspections: info.inspections,
            inspection_notes: info.inspection_notes,
            results: cards,
        }
    }

    /// The run's own facts without the cards, for writing the reports again
    /// from a `results.json` read back.
    pub fn info(&self) -> RunInfo {
        RunInfo {
            tool: self.tool.clone(),
            tool_version: self.tool_version.clone(),
            rubric: self.rubric.clone(),
            as_of: self.as_of,
            sections: self.sections.clone(),
            inspections: self.inspections.clone(),
            inspection_notes: self.inspection_notes.clone(),
        }
    }

    /// How many scorecards have verdict `v`.
    pub fn count(&self, v: Verdict) -> usize {
        self.results.iter().filter(|c| c.verdict == v).count()
    }
}

/// What a run says about itself: `results.json` without the results.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    /// The program that wrote the results ("wuyi").
    pub tool: String,
    /// The version of the program that wrote the results.
    pub tool_version: String,
    /// The rubric the communities were scored against.
    pub rubric: RubricInfo,
    /// The batch-wide assessment date, when `--as-of` was given.
    pub as_of: Option<NaiveDate>,
    /// Section ids and names in rubric order; each becomes a score column
    /// in the summary.
    pub sections: Vec<(String, String)>,
    /// The inspection lists applied (file names), if any.
    pub inspections: Vec<String>,
    /// Inspection-list rows that were not applied, and why.
    pub inspection_notes: Vec<Note>,
}

impl RunInfo {
    /// The facts of a run of this program with `rubric`, before any
    /// inspection lists are applied.
    pub fn new(rubric: &Rubric, as_of: Option<NaiveDate>) -> Self {
        RunInfo {
            tool: "wuyi".into(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            rubric: RubricInfo::of(rubric),
            as_of,
            sections: rubric
                .spec
                .sections
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect(),
            inspections: Vec::new(),
            inspection_notes: Vec::new(),
        }
    }

    /// Whether inspection results were applied: the reports then show self
    /// and verified scores side by side.
    pub fn inspected(&self) -> bool {
        !self.inspections.is_empty()
    }
}

/// A batch's scorecards in report order, wherever they are kept: in memory,
/// or spilled to disk so that a city's quarter does not have to fit in
/// memory at once (see [`crate::spill`]).
pub trait Cards {
    /// How many cards there are.
    fn count(&self) -> usize;
    /// Visits every card, in report order.
    fn each(&self, f: &mut dyn FnMut(&Scorecard) -> Result<()>) -> Result<()>;
    /// Visits every card, in report order, for a part of the reports that
    /// does not list items: a store may leave each card's `items` empty
    /// rather than read them back (they are most of a card's bytes).
    fn each_brief(&self, f: &mut dyn FnMut(&Scorecard) -> Result<()>) -> Result<()> {
        self.each(f)
    }
    /// The counts the reports need of the whole batch. Counted here by
    /// visiting every card; a store that counted them as the cards came in
    /// returns those.
    fn overview(&self) -> Result<Overview> {
        let mut o = Overview::default();
        self.each(&mut |c| {
            o.add(c);
            Ok(())
        })?;
        Ok(o)
    }
}

impl Cards for [Scorecard] {
    fn count(&self) -> usize {
        self.len()
    }

    fn each(&self, f: &mut dyn FnMut(&Scorecard) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(f)
    }
}

impl Cards for Vec<Scorecard> {
    fn count(&self) -> usize {
        self.len()
    }

    fn each(&self, f: &mut dyn FnMut(&Scorecard) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(f)
    }
}

/// The order reports list communities in: district, town, name, and the
/// file to break ties, so the order never depends on which thread finished
/// first.
pub fn sort_key(c: &Scorecard) -> (String, String, String, std::path::PathBuf) {
    (
        c.district.clone().unwrap_or_default(),
        c.town.clone().unwrap_or_default(),
        c.name.clone(),
        c.file.clone(),
    )
}

/// Puts scorecards in report order (see [`sort_key`]).
pub fn sort_cards(cards: &mut [Scorecard]) {
    cards.sort_by_cached_key(sort_key);
}
