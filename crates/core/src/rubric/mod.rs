//! The scoring rubric: a TOML file that says what is scored, how it is
//! measured from the ledgers, how a measure turns into points, what vetoes
//! an application, and where the pass line is. Counties write their own; the
//! default is built in.
//!
//! A rubric is parsed ([`spec`]), then checked and compiled against the
//! ledger contract so that every sheet and column it names is resolved once
//! ([`Rubric::compile`]). Evaluation ([`measure`], [`gate`]) only ever sees a
//! compiled rubric.

pub mod gate;
pub mod measure;
pub mod spec;

use std::collections::{BTreeMap, HashSet};

use sha2::{Digest, Sha256};

use crate::ledger::contract::{self, AliasIssue, CaseCategory, Kind, SheetKey, SheetSpec};
pub use spec::{AwardsSpec, GateSpec, Measure, RubricSpec, Scoring, Section};

/// The built-in rubric, `rubrics/default.toml`.
pub const DEFAULT_TOML: &str = include_str!("../../../../rubrics/default.toml");

/// A measure with its sheet and columns resolved against the contract.
#[derive(Debug, Clone, PartialEq)]
/// Columns are indexes into the sheet's contract columns.
pub enum Compiled {
    /// Rows with every one of `columns` filled in.
    Filled {
        /// The sheet measured.
        sheet: SheetKey,
        /// The columns required.
        columns: Vec<usize>,
        /// Only the grids at the bottom of the grid tree.
        leaf_grids: bool,
    },
    /// The total of `numerator` over the total of `denominator`.
    Ratio {
        /// The sheet measured.
        sheet: SheetKey,
        /// The numerator column.
        numerator: usize,
        /// The denominator column.
        denominator: usize,
        /// Only the grids at the bottom of the grid tree.
        leaf_grids: bool,
    },
    /// Rows whose `column` is within `min..=max`.
    InRange {
        /// The sheet measured.
        sheet: SheetKey,
        /// The column measured.
        column: usize,
        /// The least value allowed.
        min: f64,
        /// The greatest value allowed.
        max: f64,
        /// Only the grids at the bottom of the grid tree.
        leaf_grids: bool,
    },
    /// Rows whose `column` is found in `target`'s `target_column`.
    Linked {
        /// The sheet measured.
        sheet: SheetKey,
        /// The key column.
        column: usize,
        /// The sheet the keys must be in.
        target: SheetKey,
        /// The column of `target` they must be in.
        target_column: usize,
        /// Only the grids at the bottom of the grid tree.
        leaf_grids: bool,
    },
    /// Days before the assessment with an entry dated in `column`.
    Daily {
        /// The log measured.
        sheet: SheetKey,
        /// The date column.
        column: usize,
        /// Days measured.
        days: u32,
    },
    /// Rows whose date in `column` is within `within_days` of assessment.
    Current {
        /// The sheet measured.
        sheet: SheetKey,
        /// The date column.
        column: usize,
        /// Days allowed.
        within_days: u32,
    },
    /// Points given on the self-assessment sheet.
    SelfAssessed {
        /// The self-assessment row's id.
        item: String,
    },
    /// Warnings of the given codes (all, when empty), counted.
    Problems {
        /// The problem codes counted.
        codes: Vec<String>,
    },
}

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
        matches!(self.measure, Compiled::SelfAssessed { .. })
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

/// One thing wrong with a rubric file.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// The item it is about, if any.
    pub item: Option<String>,
    /// What is wrong.
    pub kind: IssueKind,
}

impl Issue {
    fn new(item: Option<&str>, kind: IssueKind) -> Self {
        Issue {
            item: item.map(str::to_string),
            kind,
        }
    }
}

/// What can be wrong with a rubric file, as values: the report layer's
/// catalogue (`report::catalogue::rubric`) words them.
#[derive(Debug, Clone, PartialEq)]
pub enum IssueKind {
    /// The file could not be read.
    Unreadable {
        /// The system's reason.
        error: String,
    },
    /// The file is not valid TOML.
    Toml {
        /// The parser's reason.
        error: String,
    },
    /// The items' points do not add up to the total.
    PointsDontAddUp {
        /// What they add up to.
        sum: f64,
        /// The stated total.
        total: f64,
    },
    /// The total is not above zero.
    TotalNotPositive,
    /// The pass line is not between zero and the total.
    PassScoreOutside {
        /// The pass line.
        pass: f64,
        /// The total.
        total: f64,
    },
    /// No items at all.
    NoItems,
    /// `gate.window_days` is zero.
    WindowZero,
    /// A `gate.categories` entry that is not a case-log category.
    GateCategory {
        /// The entry, as written.
        category: String,
    },
    /// A `gate.category_windows` entry of zero days.
    CategoryWindowZero {
        /// The entry's category, as written.
        category: String,
    },
    /// A `gate.category_windows` entry that is not a case-log category.
    CategoryWindowUnknown {
        /// The entry's category, as written.
        category: String,
    },
    /// `awards.coverage_target` is not between 0 and 1.
    CoverageTarget {
        /// The value given.
        value: f64,
    },
    /// An `awards.titles` key that is not a community type.
    TitleType {
        /// The key, as written.
        kind: String,
    },
    /// An `[aliases]` entry that names nothing in the ledger contract.
    Alias(AliasIssue),
    /// An item with no id.
    NoId {
        /// The item's name.
        name: String,
    },
    /// An id used twice.
    DuplicateId,
    /// A section not defined in `[[sections]]`.
    UnknownSection {
        /// The section, as written.
        section: String,
    },
    /// Points not above zero.
    PointsNotPositive,
    /// A self-assessment id used by more than one item.
    SelfIdTwice {
        /// The self-assessment id.
        item: String,
    },
    /// A problems measure scored other than by deduct.
    ProblemsNeedDeduct,
    /// Threshold scoring on a measure that gives no share.
    ThresholdNeedsShare,
    /// A threshold outside 0..=1.
    ThresholdAt {
        /// The threshold given.
        at: f64,
    },
    /// Steps scoring on a measure that gives no share.
    StepsNeedShare,
    /// Steps scoring with no steps.
    NoSteps,
    /// Steps not from the highest share down, or with points increasing.
    StepsOrder,
    /// A step's share outside 0..=1.
    StepShare {
        /// The share given.
        share: f64,
    },
    /// A step's points outside the item's points.
    StepPoints {
        /// The step's points.
        points: f64,
        /// The item's points.
        max: f64,
    },
    /// Deduct scoring whose `per` is not above zero.
    DeductPer,
    /// Deduct scoring on a self-assessed item.
    SelfDeduct,
    /// A sheet not in the ledger contract.
    UnknownSheet {
        /// The sheet, as written.
        sheet: String,
    },
    /// A column the sheet does not have.
    UnknownColumn {
        /// The sheet's canonical name.
        sheet: &'static str,
        /// The column, as written.
        column: String,
    },
    /// A column whose kind of value does not suit the measure.
    ColumnKind {
        /// The column's canonical name.
        column: &'static str,
    },
    /// `only_leaf_grids` on a sheet other than the grid ledger.
    LeafGrids,
    /// A filled measure with no columns.
    FilledNoColumns,
    /// An in_range measure whose min is above its max.
    RangeOrder {
        /// The least value allowed.
        min: f64,
        /// The greatest value allowed.
        max: f64,
    },
    /// A daily measure of zero days.
    DailyDays,
    /// A problems measure naming an unknown problem code.
    ProblemCode {
        /// The code, as written.
        code: String,
    },
}

/// Why a rubric cannot be used: every issue found, not just the first.
#[derive(Debug, Clone, PartialEq)]
pub struct RubricError {
    /// Where the rubric came from: a path, or "built-in".
    pub source: String,
    /// Every issue found.
    pub issues: Vec<Issue>,
}

impl std::fmt::Display for RubricError {
    /// A plain list of what is wrong; the report layer's catalogue words
    /// each issue for people.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rubric {}: {:?}", self.source, self.issues)
    }
}

impl std::error::Error for RubricError {}

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
        let items = check_items(&spec, &mut issues);
        let gate = check_gate(&spec.gate, &mut issues);
        check_totals(&spec, &mut issues);
        check_awards(&spec.awards, &mut issues);
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

const EPS: f64 = 1e-9;

/// Above zero, and not NaN.
fn positive(x: f64) -> bool {
    x > 0.0
}

fn check_totals(spec: &RubricSpec, issues: &mut Vec<Issue>) {
    let sum: f64 = spec.items.iter().map(|i| i.points).sum();
    if (sum - spec.total).abs() > EPS {
        issues.push(Issue::new(
            None,
            IssueKind::PointsDontAddUp {
                sum,
                total: spec.total,
            },
        ));
    }
    if !positive(spec.total) {
        issues.push(Issue::new(None, IssueKind::TotalNotPositive));
    }
    if !(0.0..=spec.total).contains(&spec.pass_score) {
        issues.push(Issue::new(
            None,
            IssueKind::PassScoreOutside {
                pass: spec.pass_score,
                total: spec.total,
            },
        ));
    }
    if spec.items.is_empty() {
        issues.push(Issue::new(None, IssueKind::NoItems));
    }
}

fn check_gate(g: &GateSpec, issues: &mut Vec<Issue>) -> Gate {
    let mut windows = BTreeMap::new();
    if g.window_days == 0 {
        issues.push(Issue::new(None, IssueKind::WindowZero));
    }
    for c in &g.categories {
        match CaseCategory::parse(c) {
            Some(cat) => {
                windows.insert(cat, g.window_days);
            }
            None => issues.push(Issue::new(
                None,
                IssueKind::GateCategory {
                    category: c.clone(),
                },
            )),
        }
    }
    for (c, days) in &g.category_windows {
        match CaseCategory::parse(c) {
            Some(cat) if *days >= 1 => {
                windows.insert(cat, *days);
            }
            Some(_) => issues.push(Issue::new(
                None,
                IssueKind::CategoryWindowZero {
                    category: c.clone(),
                },
            )),
            None => issues.push(Issue::new(
                None,
                IssueKind::CategoryWindowUnknown {
                    category: c.clone(),
                },
            )),
        }
    }
    Gate {
        windows,
        household_contacts: g.household_contacts,
        window_days: g.window_days,
    }
}

fn check_awards(a: &AwardsSpec, issues: &mut Vec<Issue>) {
    if !(0.0..=1.0).contains(&a.coverage_target) {
        issues.push(Issue::new(
            None,
            IssueKind::CoverageTarget {
                value: a.coverage_target,
            },
        ));
    }
    for t in a.titles.keys() {
        if contract::CommunityType::parse(t).is_none() {
            issues.push(Issue::new(None, IssueKind::TitleType { kind: t.clone() }));
        }
    }
}

fn check_items(spec: &RubricSpec, issues: &mut Vec<Issue>) -> Vec<Item> {
    let mut seen = HashSet::new();
    let mut self_ids = HashSet::new();
    let sections: HashSet<&str> = spec.sections.iter().map(|s| s.id.as_str()).collect();
    let mut items = Vec::new();
    for it in &spec.items {
        let id = Some(it.id.as_str());
        if it.id.trim().is_empty() {
            issues.push(Issue::new(
                None,
                IssueKind::NoId {
                    name: it.name.clone(),
                },
            ));
        } else if !seen.insert(it.id.clone()) {
            issues.push(Issue::new(id, IssueKind::DuplicateId));
        }
        if let Some(s) = &it.section
            && !sections.contains(s.as_str())
        {
            issues.push(Issue::new(
                id,
                IssueKind::UnknownSection { section: s.clone() },
            ));
        }
        if !positive(it.points) {
            issues.push(Issue::new(id, IssueKind::PointsNotPositive));
        }
        let before = issues.len();
        let measure = compile_measure(&it.measure, &it.id, issues);
        check_scoring(&it.scoring, it.points, &it.measure, id, issues);
        if let Some(Compiled::SelfAssessed { item }) = &measure
            && !self_ids.insert(item.clone())
        {
            issues.push(Issue::new(
                id,
                IssueKind::SelfIdTwice { item: item.clone() },
            ));
        }
        if let Some(measure) = measure
            && issues.len() == before
        {
            items.push(Item {
                id: it.id.clone(),
                section: it.section.clone(),
                name: it.name.clone(),
                points: it.points,
                measure,
                scoring: it.scoring.clone(),
            });
        }
    }
    items
}

fn check_scoring(s: &Scoring, points: f64, m: &Measure, id: Option<&str>, issues: &mut Vec<Issue>) {
    let share_measure = !matches!(m, Measure::SelfAssessed { .. } | Measure::Problems { .. });
    match s {
        Scoring::Linear => {
            if matches!(m, Measure::Problems { .. }) {
                issues.push(Issue::new(id, IssueKind::ProblemsNeedDeduct));
            }
        }
        Scoring::Threshold { at } => {
            if !share_measure {
                issues.push(Issue::new(id, IssueKind::ThresholdNeedsShare));
            }
            if !(0.0..=1.0).contains(at) {
                issues.push(Issue::new(id, IssueKind::ThresholdAt { at: *at }));
            }
        }
        Scoring::Steps { steps } => {
            if !share_measure {
                issues.push(Issue::new(id, IssueKind::StepsNeedShare));
            }
            if steps.is_empty() {
                issues.push(Issue::new(id, IssueKind::NoSteps));
            }
            for w in steps.windows(2) {
                if !(w[0].0 > w[1].0 && w[0].1 >= w[1].1) {
                    issues.push(Issue::new(id, IssueKind::StepsOrder));
                    break;
                }
            }
            for (share, p) in steps {
                if !(0.0..=1.0).contains(share) {
                    issues.push(Issue::new(id, IssueKind::StepShare { share: *share }));
                }
                if *p < 0.0 || *p > points + EPS {
                    issues.push(Issue::new(
                        id,
                        IssueKind::StepPoints {
                            points: *p,
                            max: points,
                        },
                    ));
                }
            }
        }
        Scoring::Deduct { per } => {
            if !positive(*per) {
                issues.push(Issue::new(id, IssueKind::DeductPer));
            }
            if matches!(m, Measure::SelfAssessed { .. }) {
                issues.push(Issue::new(id, IssueKind::SelfDeduct));
            }
        }
    }
}

fn sheet(name: &str, id: &str, issues: &mut Vec<Issue>) -> Option<&'static SheetSpec> {
    match contract::sheet_by_name(name) {
        Some(s) if s.key != SheetKey::Info => Some(s),
        _ => {
            issues.push(Issue::new(
                Some(id),
                IssueKind::UnknownSheet {
                    sheet: name.to_string(),
                },
            ));
            None
        }
    }
}

fn column(
    s: &SheetSpec,
    name: &str,
    kinds: &[Kind],
    id: &str,
    issues: &mut Vec<Issue>,
) -> Option<usize> {
    let Some(i) = s.column_index(name) else {
        issues.push(Issue::new(
            Some(id),
            IssueKind::UnknownColumn {
                sheet: s.zh,
                column: name.to_string(),
            },
        ));
        return None;
    };
    if !kinds.is_empty() && !kinds.contains(&s.columns[i].kind) {
        issues.push(Issue::new(
            Some(id),
            IssueKind::ColumnKind {
                column: s.columns[i].zh,
            },
        ));
        return None;
    }
    Some(i)
}

fn leaf_ok(s: &SheetSpec, leaf: bool, id: &str, issues: &mut Vec<Issue>) -> bool {
    if leaf && s.key != SheetKey::Grids {
        issues.push(Issue::new(Some(id), IssueKind::LeafGrids));
        return false;
    }
    true
}

const NUMERIC: &[Kind] = &[Kind::Count, Kind::Score];
const KEYS: &[Kind] = &[Kind::Id, Kind::Text];
const DATES: &[Kind] = &[Kind::Date];

fn compile_measure(m: &Measure, id: &str, issues: &mut Vec<Issue>) -> Option<Compiled> {
    Some(match m {
        Measure::Filled {
            sheet: s,
            columns,
            only_leaf_grids,
        } => {
            let s = sheet(s, id, issues)?;
            if columns.is_empty() {
                issues.push(Issue::new(Some(id), IssueKind::FilledNoColumns));
            }
            let cols: Vec<usize> = columns
                .iter()
                .filter_map(|c| column(s, c, &[], id, issues))
                .collect();
            if cols.len() != columns.len() || !leaf_ok(s, *only_leaf_grids, id, issues) {
                return None;
            }
            Compiled::Filled {
                sheet: s.key,
                columns: cols,
                leaf_grids: *only_leaf_grids,
            }
        }
        Measure::Ratio {
            sheet: s,
            numerator,
            denominator,
            only_leaf_grids,
        } => {
            let s = sheet(s, id, issues)?;
            let n = column(s, numerator, NUMERIC, id, issues);
            let d = column(s, denominator, NUMERIC, id, issues);
            leaf_ok(s, *only_leaf_grids, id, issues).then_some(())?;
            Compiled::Ratio {
                sheet: s.key,
                numerator: n?,
                denominator: d?,
                leaf_grids: *only_leaf_grids,
            }
        }
        Measure::InRange {
            sheet: s,
            column: c,
            min,
            max,
            only_leaf_grids,
        } => {
            let s = sheet(s, id, issues)?;
            let c = column(s, c, NUMERIC, id, issues);
            if min > max {
                issues.push(Issue::new(
                    Some(id),
                    IssueKind::RangeOrder {
                        min: *min,
                        max: *max,
                    },
                ));
                return None;
            }
            leaf_ok(s, *only_leaf_grids, id, issues).then_some(())?;
            Compiled::InRange {
                sheet: s.key,
                column: c?,
                min: *min,
                max: *max,
                leaf_grids: *only_leaf_grids,
            }
        }
        Measure::Linked {
            sheet: s,
            column: c,
            target_sheet,
            target_column,
            only_leaf_grids,
        } => {
            let s = sheet(s, id, issues)?;
            let t = sheet(target_sheet, id, issues)?;
            let c = column(s, c, KEYS, id, issues);
            let tc = column(t, target_column, KEYS, id, issues);
            leaf_ok(s, *only_leaf_grids, id, issues).then_some(())?;
            Compiled::Linked {
                sheet: s.key,
                column: c?,
                target: t.key,
                target_column: tc?,
                leaf_grids: *only_leaf_grids,
            }
        }
        Measure::Daily {
            sheet: s,
            column: c,
            days,
        } => {
            let s = sheet(s, id, issues)?;
            let c = column(s, c, DATES, id, issues)?;
            if *days == 0 {
                issues.push(Issue::new(Some(id), IssueKind::DailyDays));
                return None;
            }
            Compiled::Daily {
                sheet: s.key,
                column: c,
                days: *days,
            }
        }
        Measure::Current {
            sheet: s,
            column: c,
            within_days,
        } => {
            let s = sheet(s, id, issues)?;
            let c = column(s, c, DATES, id, issues)?;
            Compiled::Current {
                sheet: s.key,
                column: c,
                within_days: *within_days,
            }
        }
        Measure::SelfAssessed { item } => Compiled::SelfAssessed {
            item: item.clone().unwrap_or_else(|| id.to_string()),
        },
        Measure::Problems { codes } => {
            for c in codes {
                if !crate::problem::ProblemKind::is_code(c) {
                    issues.push(Issue::new(
                        Some(id),
                        IssueKind::ProblemCode { code: c.clone() },
                    ));
                }
            }
            Compiled::Problems {
                codes: codes.clone(),
            }
        }
    })
}
