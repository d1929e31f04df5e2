//! Checking a parsed rubric as a whole: its totals, gate, awards, and each
//! item's id, section, points and scoring. Each item's measure is checked
//! by its kind (`kinds`).

use std::collections::{BTreeMap, HashSet};

use super::kinds::{Checker, Compiled, SelfAssessed, Yields};
use super::{AwardsSpec, Gate, GateSpec, Issue, IssueKind, Item, Measure, RubricSpec, Scoring};
use crate::ledger::contract::{self, CaseCategory};

const EPS: f64 = 1e-9;

/// Above zero, and not NaN.
fn positive(x: f64) -> bool {
    x > 0.0
}

/// The items' points against the total, and the pass line within it.
pub(super) fn check_totals(spec: &RubricSpec, issues: &mut Vec<Issue>) {
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

/// The zero-case gate: its window and categories, resolved.
pub(super) fn check_gate(g: &GateSpec, issues: &mut Vec<Issue>) -> Gate {
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

/// The award settings: the coverage target and the titles' community types.
pub(super) fn check_awards(a: &AwardsSpec, issues: &mut Vec<Issue>) {
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

/// Every item: its id, section, points, measure and scoring; the items
/// with no issue, resolved.
pub(super) fn check_items(spec: &RubricSpec, issues: &mut Vec<Issue>) -> Vec<Item> {
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
        let measure = Compiled::compile(&it.measure, &mut Checker::new(&it.id, issues));
        check_scoring(&it.scoring, it.points, &it.measure, id, issues);
        if let Some(Compiled::SelfAssessed(SelfAssessed { item })) = &measure
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

/// Whether the scoring rule suits the points and what the measure yields.
fn check_scoring(s: &Scoring, points: f64, m: &Measure, id: Option<&str>, issues: &mut Vec<Issue>) {
    let yields = m.yields();
    let share_measure = yields == Yields::Share;
    match s {
        Scoring::Linear => {
            if yields == Yields::Count {
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
            if yields == Yields::Points {
                issues.push(Issue::new(id, IssueKind::SelfDeduct));
            }
        }
    }
}
