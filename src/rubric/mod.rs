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

use crate::i18n::Lang;
use crate::ledger::contract::{self, CaseCategory, Kind, SheetKey, SheetSpec};
pub use spec::{AwardsSpec, GateSpec, Measure, RubricSpec, Scoring, Section};

/// The built-in rubric, `rubrics/default.toml`.
pub const DEFAULT_TOML: &str = include_str!("../../rubrics/default.toml");

/// A measure with its sheet and columns resolved against the contract.
#[derive(Debug, Clone, PartialEq)]
pub enum Compiled {
    Filled {
        sheet: SheetKey,
        columns: Vec<usize>,
        leaf_grids: bool,
    },
    Ratio {
        sheet: SheetKey,
        numerator: usize,
        denominator: usize,
        leaf_grids: bool,
    },
    InRange {
        sheet: SheetKey,
        column: usize,
        min: f64,
        max: f64,
        leaf_grids: bool,
    },
    Linked {
        sheet: SheetKey,
        column: usize,
        target: SheetKey,
        target_column: usize,
        leaf_grids: bool,
    },
    Daily {
        sheet: SheetKey,
        column: usize,
        days: u32,
    },
    Current {
        sheet: SheetKey,
        column: usize,
        within_days: u32,
    },
    SelfAssessed {
        item: String,
    },
    Problems {
        codes: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub section: Option<String>,
    pub name: String,
    pub points: f64,
    pub measure: Compiled,
    pub scoring: Scoring,
}

impl Item {
    pub fn is_self_assessed(&self) -> bool {
        matches!(self.measure, Compiled::SelfAssessed { .. })
    }
}

/// The zero-case gate, resolved.
#[derive(Debug, Clone)]
pub struct Gate {
    /// Days in the window for each gated category.
    pub windows: BTreeMap<CaseCategory, u32>,
    pub household_contacts: bool,
    pub window_days: u32,
}

/// A checked rubric, ready to score with.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub spec: RubricSpec,
    pub items: Vec<Item>,
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
    pub item: Option<String>,
    pub zh: String,
    pub en: String,
}

impl Issue {
    fn new(item: Option<&str>, zh: String, en: String) -> Self {
        Issue {
            item: item.map(str::to_string),
            zh,
            en,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let text = lang.pick(&self.zh, &self.en);
        match &self.item {
            Some(id) => match lang {
                Lang::Zh => format!("评分项 {id}：{text}"),
                Lang::En => format!("item {id}: {text}"),
            },
            None => text.to_string(),
        }
    }
}

/// Why a rubric cannot be used: every issue found, not just the first.
#[derive(Debug, Clone, PartialEq)]
pub struct RubricError {
    pub source: String,
    pub issues: Vec<Issue>,
}

impl RubricError {
    pub fn message(&self, lang: Lang) -> String {
        let head = match lang {
            Lang::Zh => format!("评分标准 {} 有 {} 处问题：", self.source, self.issues.len()),
            Lang::En => format!(
                "the rubric {} has {} problems:",
                self.source,
                self.issues.len()
            ),
        };
        let mut out = head;
        for i in &self.issues {
            out.push_str("\n  - ");
            out.push_str(&i.message(lang));
        }
        out
    }
}

impl std::fmt::Display for RubricError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Zh))
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
                format!("无法读取：{e}"),
                format!("cannot read it: {e}"),
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
                format!("TOML 格式错误：{}", e.to_string().trim()),
                format!("not valid TOML: {}", e.to_string().trim()),
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
        for (zh, en) in spec.aliases.check() {
            issues.push(Issue::new(None, zh, en));
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

    pub fn section_name(&self, id: &str) -> Option<&str> {
        self.spec
            .sections
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.as_str())
    }

    /// The self-assessed items, for the template's 自评表.
    pub fn self_items(&self) -> Vec<crate::template::SelfItem> {
        self.items
            .iter()
            .filter(|i| i.is_self_assessed())
            .map(|i| crate::template::SelfItem {
                id: match &i.measure {
                    Compiled::SelfAssessed { item } => item.clone(),
                    _ => i.id.clone(),
                },
                name: i.name.clone(),
                points: i.points,
            })
            .collect()
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
            format!(
                "各项分值合计 {} 分，与总分 total = {} 不符",
                fmt(sum),
                fmt(spec.total)
            ),
            format!(
                "the items' points add up to {}, not the stated total {}",
                fmt(sum),
                fmt(spec.total)
            ),
        ));
    }
    if !positive(spec.total) {
        issues.push(Issue::new(
            None,
            "总分 total 必须大于 0".into(),
            "total must be above 0".into(),
        ));
    }
    if !(0.0..=spec.total).contains(&spec.pass_score) {
        issues.push(Issue::new(
            None,
            format!(
                "及格线 pass_score = {} 应在 0 到总分 {} 之间",
                fmt(spec.pass_score),
                fmt(spec.total)
            ),
            format!(
                "pass_score = {} must be between 0 and the total {}",
                fmt(spec.pass_score),
                fmt(spec.total)
            ),
        ));
    }
    if spec.items.is_empty() {
        issues.push(Issue::new(
            None,
            "没有任何评分项".into(),
            "the rubric has no items".into(),
        ));
    }
}

fn fmt(x: f64) -> String {
    wuyi_sheets::format_number((x * 1000.0).round() / 1000.0)
}

fn check_gate(g: &GateSpec, issues: &mut Vec<Issue>) -> Gate {
    let mut windows = BTreeMap::new();
    if g.window_days == 0 {
        issues.push(Issue::new(
            None,
            "gate.window_days 必须至少为 1 天".into(),
            "gate.window_days must be at least 1".into(),
        ));
    }
    for c in &g.categories {
        match CaseCategory::parse(c) {
            Some(cat) => {
                windows.insert(cat, g.window_days);
            }
            None => issues.push(Issue::new(
                None,
                format!("gate.categories 中的“{c}”不是涉疫台账的类别"),
                format!("gate.categories: \"{c}\" is not a case-log category"),
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
                format!("gate.category_windows 中“{c}”的天数必须至少为 1"),
                format!("gate.category_windows: \"{c}\" needs at least 1 day"),
            )),
            None => issues.push(Issue::new(
                None,
                format!("gate.category_windows 中的“{c}”不是涉疫台账的类别"),
                format!("gate.category_windows: \"{c}\" is not a case-log category"),
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
            format!(
                "awards.coverage_target = {} 应在 0 到 1 之间（如 0.9 表示 90%）",
                a.coverage_target
            ),
            format!(
                "awards.coverage_target = {} must be between 0 and 1 (0.9 means 90%)",
                a.coverage_target
            ),
        ));
    }
    for t in a.titles.keys() {
        if contract::CommunityType::parse(t).is_none() {
            issues.push(Issue::new(
                None,
                format!("awards.titles 中的“{t}”不是申报类型（小区、社区、村、自然村、单位）"),
                format!(
                    "awards.titles: \"{t}\" is not a community type (小区, 社区, 村, 自然村, 单位)"
                ),
            ));
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
                format!("评分项“{}”没有编号 id", it.name),
                format!("item \"{}\" has no id", it.name),
            ));
        } else if !seen.insert(it.id.clone()) {
            issues.push(Issue::new(
                id,
                "编号重复".into(),
                "the id is used twice".into(),
            ));
        }
        if let Some(s) = &it.section
            && !sections.contains(s.as_str())
        {
            issues.push(Issue::new(
                id,
                format!("所属部分 section = \"{s}\" 未在 [[sections]] 中定义"),
                format!("section \"{s}\" is not defined in [[sections]]"),
            ));
        }
        if !positive(it.points) {
            issues.push(Issue::new(
                id,
                "分值 points 必须大于 0".into(),
                "points must be above 0".into(),
            ));
        }
        let before = issues.len();
        let measure = compile_measure(&it.measure, &it.id, issues);
        check_scoring(&it.scoring, it.points, &it.measure, id, issues);
        if let Some(Compiled::SelfAssessed { item }) = &measure
            && !self_ids.insert(item.clone())
        {
            issues.push(Issue::new(
                id,
                format!("自评表编号“{item}”被多个评分项使用"),
                format!("self-assessment id \"{item}\" is used by more than one item"),
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
                issues.push(Issue::new(
                    id,
                    "problems 计的是差错处数，应使用 deduct（每处扣分）计分".into(),
                    "a problems measure counts findings; score it with deduct".into(),
                ));
            }
        }
        Scoring::Threshold { at } => {
            if !share_measure {
                issues.push(Issue::new(
                    id,
                    "threshold 计分只适用于比例类度量".into(),
                    "threshold scoring needs a measure that gives a share".into(),
                ));
            }
            if !(0.0..=1.0).contains(at) {
                issues.push(Issue::new(
                    id,
                    format!("threshold 的 at = {at} 应在 0 到 1 之间"),
                    format!("threshold at = {at} must be between 0 and 1"),
                ));
            }
        }
        Scoring::Steps { steps } => {
            if !share_measure {
                issues.push(Issue::new(
                    id,
                    "steps 计分只适用于比例类度量".into(),
                    "steps scoring needs a measure that gives a share".into(),
                ));
            }
            if steps.is_empty() {
                issues.push(Issue::new(
                    id,
                    "steps 至少要有一档".into(),
                    "steps needs at least one step".into(),
                ));
            }
            for w in steps.windows(2) {
                if !(w[0].0 > w[1].0 && w[0].1 >= w[1].1) {
                    issues.push(Issue::new(
                        id,
                        "steps 应按比例从高到低排列，得分不增".into(),
                        "steps must go from the highest share down, with points not increasing"
                            .into(),
                    ));
                    break;
                }
            }
            for (share, p) in steps {
                if !(0.0..=1.0).contains(share) {
                    issues.push(Issue::new(
                        id,
                        format!("steps 中的比例 {share} 应在 0 到 1 之间"),
                        format!("step share {share} must be between 0 and 1"),
                    ));
                }
                if *p < 0.0 || *p > points + EPS {
                    issues.push(Issue::new(
                        id,
                        format!("steps 中的得分 {} 超出本项分值 {}", fmt(*p), fmt(points)),
                        format!(
                            "step points {} are outside the item's {} points",
                            fmt(*p),
                            fmt(points)
                        ),
                    ));
                }
            }
        }
        Scoring::Deduct { per } => {
            if !positive(*per) {
                issues.push(Issue::new(
                    id,
                    "deduct 的 per（每处扣分）必须大于 0".into(),
                    "deduct per must be above 0".into(),
                ));
            }
            if matches!(m, Measure::SelfAssessed { .. }) {
                issues.push(Issue::new(
                    id,
                    "自评项不能使用 deduct 计分".into(),
                    "a self-assessed item cannot use deduct".into(),
                ));
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
                format!("工作表“{name}”不在台账规范中（应为 网格台账、一户一档、涉疫台账、消杀记录 或 自评表）"),
                format!("sheet \"{name}\" is not in the ledger contract (Grids, Households, Cases, Disinfection or SelfAssessment)"),
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
            format!("工作表“{}”没有列“{name}”", s.zh),
            format!("sheet \"{}\" has no column \"{name}\"", s.zh),
        ));
        return None;
    };
    if !kinds.is_empty() && !kinds.contains(&s.columns[i].kind) {
        issues.push(Issue::new(
            Some(id),
            format!("列“{}”的类型不适用于这种度量", s.columns[i].zh),
            format!(
                "column \"{}\" has the wrong kind of value for this measure",
                s.columns[i].zh
            ),
        ));
        return None;
    }
    Some(i)
}

fn leaf_ok(s: &SheetSpec, leaf: bool, id: &str, issues: &mut Vec<Issue>) -> bool {
    if leaf && s.key != SheetKey::Grids {
        issues.push(Issue::new(
            Some(id),
            "only_leaf_grids 只能用于网格台账".into(),
            "only_leaf_grids applies to the grid ledger only".into(),
        ));
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
                issues.push(Issue::new(
                    Some(id),
                    "filled 至少要列出一列".into(),
                    "filled needs at least one column".into(),
                ));
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
                    format!("in_range 的下限 {} 大于上限 {}", fmt(*min), fmt(*max)),
                    format!("in_range min {} is above max {}", fmt(*min), fmt(*max)),
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
                issues.push(Issue::new(
                    Some(id),
                    "daily 的 days 必须至少为 1".into(),
                    "daily days must be at least 1".into(),
                ));
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
                        format!("problems 中的“{c}”不是已知的问题代码"),
                        format!("problems: \"{c}\" is not a known problem code"),
                    ));
                }
            }
            Compiled::Problems {
                codes: codes.clone(),
            }
        }
    })
}
