//! The scoring rubric: a TOML file that says what is scored, how it is
//! measured from the ledgers, how a measure turns into points, what vetoes
//! an application, and where the pass line is. Counties write their own; the
//! default is built in.
//!
//! A rubric is parsed ([`spec`]), then checked and compiled against the
//! ledger contract so that every sheet and column it names is resolved once
//! ([`Rubric::compile`]; the rubric as a whole in `check`, each measure by
//! its kind in [`kinds`], what can be wrong in [`IssueKind`]). Evaluation
//! ([`measure`], [`gate`]) only ever sees a compiled rubric.

mod check;
pub mod gate;
mod issue;
pub mod kinds;
pub mod measure;
pub mod spec;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::ledger::contract::CaseCategory;
pub use issue::{Issue, IssueKind, RubricError};
pub use kinds::{Compiled, MeasureKind};
pub use spec::{AwardsSpec, GateSpec, Measure, RubricSpec, Scoring, Section};

/// The built-in rubric, `rubrics/default.toml`.
pub const DEFAULT_TOML: &str = include_str!("../../../../rubrics/default.toml");

/// A checked rubric item.
#[derive(Debug, Clone)]
pub struct Item {
    /// The item's id ("A1").
    pub id: String,
    /// The id of the section it belongs to.
    pub section: Option<String>,
    /// The item's name.
    pub name: String,
    /// The points it is worth.
    pub points: f64,
    /// What it measures.
    pub measure: Compiled,
    /// How the measure becomes points.
    pub scoring: Scoring,
}

impl Item {
    /// Whether its points come from the self-assessment sheet.
    pub fn is_self_assessed(&self) -> bool {
        matches!(self.measure, Compiled::SelfAssessed(_))
    }
}

/// The zero-case gate, resolved.
#[derive(Debug, Clone)]
pub struct Gate {
    /// Days in the window for each gated category.
    pub windows: BTreeMap<CaseCategory, u32>,
    /// A household currently recording close or secondary contacts vetoes.
    pub household_contacts: bool,
    /// The main window, in days.
    pub window_days: u32,
}

/// A checked rubric, ready to score with.
#[derive(Debug, Clone)]
pub struct Rubric {
    /// The rubric as written.
    pub spec: RubricSpec,
    /// Its items, checked and resolved, in order.
    pub items: Vec<Item>,
    /// Its zero-case gate, resolved.
    pub gate: Gate,
    /// Hex SHA-256 of the rubric file's bytes.
    pub sha256: String,
    /// Where it came from: a path, or "built-in".
    pub source: String,
    /// The names its `[aliases]` add to the ledger contract (and a contract
    /// file's, once added), handed to reading with the rubric.
    pub aliases: std::sync::Arc<crate::ledger::contract::Aliases>,
}
impl Rubric {
    /// The built-in default rubric.
    pub fn builtin() -> Result<Self, RubricError> {
        Self::parse(DEFAULT_TOML, "built-in")
    }

    /// Loads a rubric file.
    pub fn load(path: &std::path::Path) -> Result<Self, RubricError> {
        let source = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| RubricError {
            source: source.clone(),
            issues: vec![Issue::new(
                None,
                IssueKind::Unreadable {
                    error: e.to_string(),
                },
            )],
        })?;
        Self::parse(&text, &source)
    }

    /// Parses and checks rubric text.
    pub fn parse(text: &str, source: &str) -> Result<Self, RubricError> {
        let spec: RubricSpec = toml::from_str(text).map_err(|e| RubricError {
            source: source.to_string(),
            issues: vec![Issue::new(
                None,
                IssueKind::Toml {
                    error: e.to_string().trim().to_string(),
                },
            )],
        })?;
        let mut rubric = Self::compile(spec, source)?;
        rubric.sha256 = hex_sha256(text.as_bytes());
        Ok(rubric)
    }

    /// Checks a parsed rubric against the ledger contract and resolves it.
    pub fn compile(spec: RubricSpec, source: &str) -> Result<Self, RubricError> {
        let mut issues = Vec::new();
        let items = check::check_items(&spec, &mut issues);
        let gate = check::check_gate(&spec.gate, &mut issues);
        check::check_totals(&spec, &mut issues);
        check::check_awards(&spec.awards, &mut issues);
        for a in spec.aliases.check() {
            issues.push(Issue::new(None, IssueKind::Alias(a)));
        }
        if !issues.is_empty() {
            return Err(RubricError {
                source: source.to_string(),
                issues,
            });
        }
        let aliases = std::sync::Arc::new(spec.aliases.resolved());
        Ok(Rubric {
            spec,
            items,
            gate,
            sha256: String::new(),
            source: source.to_string(),
            aliases,
        })
    }

    /// Adds a contract file's names to those the rubric reads with.
    pub fn add_aliases(&mut self, more: crate::ledger::contract::Aliases) {
        std::sync::Arc::make_mut(&mut self.aliases).extend(more);
    }

    /// The name of the section with this id.
    pub fn section_name(&self, id: &str) -> Option<&str> {
        self.spec
            .sections
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.as_str())
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
