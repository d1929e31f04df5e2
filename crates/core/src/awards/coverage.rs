//! Coverage (覆盖率): how far each town and district has come towards the
//! rubric's target, counted over the roster or, without one, over the
//! communities that applied; 无疫街道 and 无疫区县.

use std::collections::BTreeMap;

use super::matching;
use super::model::Decision;
use super::order;

/// What coverage is counted over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Every community on the roster.
    Roster,
    /// Only the communities that have applied (no roster given).
    Applicants,
}

/// One town's coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct TownCoverage {
    /// The district, as first written.
    pub district: String,
    /// The town, as first written.
    pub town: String,
    /// Communities holding the title at the quarter's end.
    pub awarded: usize,
    /// Communities counted (on the roster, or without one, listed).
    pub total: usize,
    /// 无疫街道: every community of the town holds the title.
    pub free: bool,
    /// Whether the coverage target is met.
    pub target_met: bool,
}

/// One district's coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictCoverage {
    /// The district, as first written.
    pub district: String,
    /// Towns counted.
    pub towns: usize,
    /// Of them, 无疫街道.
    pub free_towns: usize,
    /// Communities holding the title at the quarter's end.
    pub awarded: usize,
    /// Communities counted.
    pub total: usize,
    /// 无疫区县: every town of the district is 无疫街道.
    pub free: bool,
    /// Whether the coverage target is met.
    pub target_met: bool,
}

/// Coverage by town, by district and in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// What is counted over.
    pub basis: Basis,
    /// The rubric's coverage target, a fraction.
    pub target: f64,
    /// Towns, in list order.
    pub towns: Vec<TownCoverage>,
    /// Districts, in list order.
    pub districts: Vec<DistrictCoverage>,
    /// Communities holding the title, in all.
    pub awarded: usize,
    /// Communities counted, in all.
    pub total: usize,
}

/// A share as a fraction, 0 when there is nothing to divide by.
pub fn share(awarded: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        awarded as f64 / total as f64
    }
}

/// Whether `awarded` of `total` reaches `target` (a rounding hair short
/// still counts).
fn meets(awarded: usize, total: usize, target: f64) -> bool {
    total > 0 && share(awarded, total) + 1e-9 >= target
}

/// Coverage over the roster's communities, or without a roster over the
/// communities listed (each of which has a name): a community not on the
/// roster is listed but not counted.
pub(super) fn coverage(
    decisions: &[Decision],
    target: f64,
    has_roster: bool,
    list_order: &order::ListOrder,
) -> Coverage {
    let mut towns: BTreeMap<(String, String), TownCoverage> = BTreeMap::new();
    for d in decisions.iter().filter(|d| d.in_roster) {
        let k = d.place.key();
        let t = towns
            .entry((k.district, k.town))
            .or_insert_with(|| TownCoverage {
                district: d.place.district.clone(),
                town: d.place.town.clone(),
                awarded: 0,
                total: 0,
                free: false,
                target_met: false,
            });
        t.total += 1;
        if d.status.holds() {
            t.awarded += 1;
        }
    }
    let mut towns: Vec<TownCoverage> = towns
        .into_values()
        .map(|mut t| {
            t.free = t.total > 0 && t.awarded == t.total;
            t.target_met = meets(t.awarded, t.total, target);
            t
        })
        .collect();
    towns.sort_by(|a, b| list_order.town_names((&a.district, &a.town), (&b.district, &b.town)));
    let mut districts: BTreeMap<String, DistrictCoverage> = BTreeMap::new();
    for t in &towns {
        let d = districts
            .entry(matching::norm(&t.district))
            .or_insert_with(|| DistrictCoverage {
                district: t.district.clone(),
                towns: 0,
                free_towns: 0,
                awarded: 0,
                total: 0,
                free: false,
                target_met: false,
            });
        d.towns += 1;
        d.free_towns += usize::from(t.free);
        d.awarded += t.awarded;
        d.total += t.total;
    }
    let mut districts: Vec<DistrictCoverage> = districts
        .into_values()
        .map(|mut d| {
            d.free = d.towns > 0 && d.free_towns == d.towns;
            d.target_met = meets(d.awarded, d.total, target);
            d
        })
        .collect();
    districts.sort_by(|a, b| list_order.district_names(&a.district, &b.district));
    let awarded = towns.iter().map(|t| t.awarded).sum();
    let total = towns.iter().map(|t| t.total).sum();
    Coverage {
        basis: if has_roster {
            Basis::Roster
        } else {
            Basis::Applicants
        },
        target,
        towns,
        districts,
        awarded,
        total,
    }
}
