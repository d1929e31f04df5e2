//! The rubric file as written: the serde shape of the TOML. Checking and
//! resolving against the ledger contract happens in the parent module.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::kinds::{
    CurrentSpec, DailySpec, FilledSpec, InRangeSpec, LinkedSpec, ProblemsSpec, RatioSpec,
    SelfAssessedSpec,
};
use crate::ledger::contract::AliasSpec;

/// A rubric file as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricSpec {
    /// The rubric's name.
    pub name: String,
    /// Its version, as its authors number it.
    #[serde(default)]
    pub version: String,
    /// The points of all items together.
    #[serde(default = "default_total")]
    pub total: f64,
    /// The pass line.
    #[serde(default = "default_pass")]
    pub pass_score: f64,
    /// The zero-case gate.
    #[serde(default)]
    pub gate: GateSpec,
    /// The sections items are grouped in.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The items, in order.
    #[serde(default)]
    pub items: Vec<ItemSpec>,
    /// How the quarter's award list is made.
    #[serde(default)]
    pub awards: AwardsSpec,
    /// More names a county uses for sheets, columns and 基本信息 labels.
    #[serde(default, skip_serializing_if = "AliasSpec::is_empty")]
    pub aliases: AliasSpec,
}

fn default_total() -> f64 {
    100.0
}

fn default_pass() -> f64 {
    60.0
}

/// The `[gate]` table: the zero-case gate as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateSpec {
    /// The window, in days, ending on the assessment date.
    #[serde(default = "default_window")]
    pub window_days: u32,
    /// The case-log categories that veto.
    #[serde(default = "default_categories")]
    pub categories: Vec<String>,
    /// Per-category windows overriding `window_days`.
    #[serde(default)]
    pub category_windows: BTreeMap<String, u32>,
    /// A household currently recording close or secondary contacts vetoes.
    #[serde(default = "yes")]
    pub household_contacts: bool,
}

impl Default for GateSpec {
    fn default() -> Self {
        GateSpec {
            window_days: default_window(),
            categories: default_categories(),
            category_windows: BTreeMap::new(),
            household_contacts: true,
        }
    }
}

fn default_window() -> u32 {
    14
}

fn default_categories() -> Vec<String> {
    ["确诊病例", "无症状感染者", "密接", "次密接"]
        .map(String::from)
        .to_vec()
}

fn yes() -> bool {
    true
}

/// A `[[sections]]` entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's id.
    pub id: String,
    /// The section's name.
    pub name: String,
}

/// An `[[items]]` entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSpec {
    /// The item's id ("A1").
    pub id: String,
    /// The id of the section it belongs to.
    #[serde(default)]
    pub section: Option<String>,
    /// The item's name.
    pub name: String,
    /// The points it is worth.
    pub points: f64,
    /// What it measures.
    pub measure: Measure,
    /// How the measure becomes points.
    #[serde(default)]
    pub scoring: Scoring,
}

/// What an item measures, as written (`type = "filled"` …): the spec of
/// one of the [`kinds`](super::kinds), each in a file of its own.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Measure {
    /// Share of rows whose listed columns are all filled with valid values.
    Filled(FilledSpec),
    /// Sum of one column over the sum of another, capped at 1.
    Ratio(RatioSpec),
    /// Share of rows with a value in `min..=max`.
    InRange(InRangeSpec),
    /// Share of rows whose key is found in another sheet's column.
    Linked(LinkedSpec),
    /// Share of the last `days` days up to the assessment date with at least
    /// one dated row.
    Daily(DailySpec),
    /// Share of rows dated within `within_days` before the assessment date.
    Current(CurrentSpec),
    /// Points from 自评表: verified if present, else self-assessed.
    SelfAssessed(SelfAssessedSpec),
    /// The number of data problems of the listed codes (all warnings when
    /// empty), for "N points off per finding".
    Problems(ProblemsSpec),
}

/// How a measure becomes points, as written (`type = "steps"` …).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Scoring {
    /// points × share.
    #[default]
    Linear,
    /// All the points at or above the share, none below.
    Threshold {
        /// The share needed, 0..=1.
        at: f64,
    },
    /// [share, points] pairs from the highest share down; the first reached
    /// gives its points.
    Steps {
        /// [share, points] pairs.
        steps: Vec<(f64, f64)>,
    },
    /// points − per × findings, not below zero (每处扣N分，扣完为止).
    Deduct {
        /// Points off per finding.
        per: f64,
    },
}

/// The `[awards]` table: how the quarter's award list is made.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardsSpec {
    /// Title earned by each community type.
    #[serde(default = "default_titles")]
    pub titles: BTreeMap<String, String>,
    /// At most this many awards per town (街道/乡镇) in a quarter.
    #[serde(default)]
    pub per_town_quota: Option<usize>,
    /// At most this many awards in all in a quarter.
    #[serde(default)]
    pub total_quota: Option<usize>,
    /// Share of communities that should hold the title (0.9 = 90%).
    #[serde(default = "default_coverage")]
    pub coverage_target: f64,
}

impl Default for AwardsSpec {
    fn default() -> Self {
        AwardsSpec {
            titles: default_titles(),
            per_town_quota: None,
            total_quota: None,
            coverage_target: default_coverage(),
        }
    }
}

fn default_titles() -> BTreeMap<String, String> {
    [
        ("小区", "无疫小区"),
        ("社区", "无疫社区"),
        ("村", "无疫村"),
        ("自然村", "无疫村"),
        ("单位", "无疫单位"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

fn default_coverage() -> f64 {
    0.9
}
