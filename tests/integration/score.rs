//! Scores of the default rubric on crafted workbooks, computed by hand: a
//! perfect community scores 100, and each item loses exactly what its rule
//! says when its data is broken.

use crate::util::*;
use chrono::Days;
use wuyi_core::ledger::{self, contract::SheetKey};
use wuyi_core::results::Scorecard;
use wuyi_core::rubric::Rubric;
use wuyi_core::score::Verdict;
use wuyi_testkit::{Community, Style};

fn scored_with(c: &Community, as_of: Option<chrono::NaiveDate>) -> Scorecard {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "c.xlsx", c, &Style::default());
    let l = ledger::read(&path);
    score(&l, &Rubric::builtin().unwrap(), as_of)
}

fn scored(c: &Community) -> Scorecard {
    scored_with(c, None)
}

fn item(card: &Scorecard, id: &str) -> f64 {
    card.items.iter().find(|i| i.id == id).unwrap().earned
}

/// Every item at full points except those listed.
fn assert_points(card: &Scorecard, total: f64, lost: &[(&str, f64)]) {
    let rubric = Rubric::builtin().unwrap();
    for it in &rubric.items {
        let want = lost
            .iter()
            .find(|(id, _)| *id == it.id)
            .map(|(_, p)| *p)
            .unwrap_or(it.points);
        assert_eq!(
            item(card, &it.id),
            want,
            "item {}: {:?}",
            it.id,
            card.items.iter().find(|i| i.id == it.id)
        );
    }
    assert_eq!(card.score, Some(total), "{:?}", card.reason_zh);
}

#[test]
fn a_perfect_community_scores_100_and_passes() {
    let card = scored(&perfect());
    assert_points(&card, 100.0, &[]);
    assert_eq!(card.verdict, Verdict::Passed);
    assert!(card.gate.as_ref().unwrap().passed);
    assert_eq!(
        card.sections.iter().map(|s| s.earned).collect::<Vec<_>>(),
        [25.0, 40.0, 15.0, 20.0]
    );
}

#[test]
fn a2_grid_out_of_range_costs_a_quarter() {
    let mut c = perfect();
    // The parent grid comes first; grid G002 is the second leaf.
    let g = c.grids.iter_mut().find(|g| g.id == "G002").unwrap();
    g.households = 25;
    let card = scored(&c);
    // 3 of 4 leaf grids in 10–20: 8 × 0.75 = 6.0.
    assert_points(&card, 98.0, &[("A2", 6.0)]);
    let a2 = card.items.iter().find(|i| i.id == "A2").unwrap();
    assert_eq!(a2.findings, 1);
    assert_eq!(a2.cells, ["网格台账!G4"]);
}

#[test]
fn a3_missing_building_leader() {
    let mut c = perfect();
    let row = c.grids.iter().position(|g| g.id == "G003").unwrap();
    c.blank(SheetKey::Grids, row, "building_leader");
    // 3 of 4 leaf grids complete: 6 × 0.75 = 4.5.
    assert_points(&scored(&c), 98.5, &[("A3", 4.5)]);
}

#[test]
fn a4_households_in_unknown_grids_also_cost_accuracy() {
    let mut c = perfect();
    for h in c.households.iter_mut().take(3) {
        h.grid_id = "G999".into();
    }
    // A4: 57 of 60 → 6 × 0.95 = 5.7; D4: 3 unknown grids, 1 point each → 3.
    assert_points(&scored(&c), 96.7, &[("A4", 5.7), ("D4", 3.0)]);
}

#[test]
fn b1_households_without_phone() {
    let mut c = perfect();
    for i in 0..12 {
        c.blank(SheetKey::Households, i * 5, "phone");
    }
    // 48 of 60 complete: 8 × 0.8 = 6.4.
    assert_points(&scored(&c), 98.4, &[("B1", 6.4)]);
}

#[test]
fn b2_stale_households_round_half_up() {
    let mut c = perfect();
    let d = c.info.assessed_on;
    for h in c.households.iter_mut().take(15) {
        h.updated_on = d - Days::new(40);
    }
    // 45 of 60 current: 5 × 0.75 = 3.75 → 3.8 (half up).
    assert_points(&scored(&c), 98.8, &[("B2", 3.8)]);
}

#[test]
fn b3_testing_steps() {
    let mut c = perfect();
    for h in c.households.iter_mut().take(4) {
        h.tested = 0;
    }
    // 112 / 120 = 93.3%: the ≥90% step gives 4 of 6.
    assert_points(&scored(&c), 98.0, &[("B3", 4.0)]);
}

#[test]
fn b4_vaccination_steps() {
    let mut c = perfect();
    for h in c.households.iter_mut().take(13) {
        h.vaccinated = 0;
    }
    // 94 / 120 = 78.3%: the ≥60% step gives 1 of 5.
    assert_points(&scored(&c), 96.0, &[("B4", 1.0)]);
}

#[test]
fn b7_missing_disinfection_days() {
    let mut c = perfect();
    let d = c.info.assessed_on;
    let gone = [d - Days::new(1), d - Days::new(5), d - Days::new(13)];
    c.disinfection.retain(|x| !gone.contains(&x.date));
    // 11 of 14 days: 6 × 11/14 = 4.714… → 4.7.
    let card = scored(&c);
    assert_points(&card, 98.7, &[("B7", 4.7)]);
    let b7 = card.items.iter().find(|i| i.id == "B7").unwrap();
    assert!(b7.why_zh.contains("03-18"), "{}", b7.why_zh);
}

#[test]
fn b7_day_fourteen_before_is_outside_the_window() {
    let mut c = perfect();
    let d = c.info.assessed_on;
    // Only D−14 missing: outside the 14-day window D−13 … D, no loss.
    c.disinfection.retain(|x| x.date != d - Days::new(14));
    assert_points(&scored(&c), 100.0, &[]);
}

#[test]
fn no_disinfection_sheet_loses_the_item() {
    let mut c = perfect();
    c.drop_sheet(SheetKey::Disinfection);
    let card = scored(&c);
    assert_points(&card, 94.0, &[("B7", 0.0)]);
    assert_eq!(card.verdict, Verdict::Passed);
}

#[test]
fn c3_vulnerable_not_recorded() {
    let mut c = perfect();
    for i in 0..6 {
        c.blank(SheetKey::Households, i, "vulnerable");
    }
    // 54 of 60: 5 × 0.9 = 4.5.
    assert_points(&scored(&c), 99.5, &[("C3", 4.5)]);
}

#[test]
fn d1_grid_without_households() {
    let mut c = perfect();
    let mut empty = c.grids.iter().find(|g| g.id == "G004").unwrap().clone();
    empty.id = "G005".into();
    c.grids.push(empty);
    // 4 of 5 leaf grids have households: 5 × 0.8 = 4.0.
    assert_points(&scored(&c), 99.0, &[("D1", 4.0)]);
}

#[test]
fn d2_and_d3_registration() {
    let mut c = perfect();
    for i in 0..10 {
        c.blank(SheetKey::Households, i, "overseas_returnees");
    }
    for i in 0..30 {
        c.blank(SheetKey::Households, i, "tenant");
    }
    // D2: 50 of 60 → 5 × 5/6 = 4.1666… → 4.2; D3: 30 of 60 → 4 × 0.5 = 2.0.
    // 100 − 0.8 − 2.0 = 97.2.
    assert_points(&scored(&c), 97.2, &[("D2", 4.2), ("D3", 2.0)]);
}

#[test]
fn d4_deducts_per_finding_down_to_zero() {
    let mut c = perfect();
    for h in c.households.iter_mut().take(2) {
        h.tested = 3;
    }
    // Two households tested above residents: 1 point each. B3 counts at
    // most the residents, so it stays full.
    assert_points(&scored(&c), 98.0, &[("D4", 4.0)]);
    for h in c.households.iter_mut().take(9) {
        h.tested = 3;
    }
    assert_points(&scored(&c), 94.0, &[("D4", 0.0)]);
}

#[test]
fn self_assessed_items_prefer_verified_and_cap_at_points() {
    let mut c = perfect();
    for s in &mut c.self_items {
        match s.id.as_str() {
            "A1" => s.verified_score = Some(3.0),
            "B5" => s.self_score = Some(4.0),
            "C1" => s.self_score = Some(7.0),
            _ => s.verified_score = Some(s.max_points),
        }
    }
    let card = scored(&c);
    assert_points(&card, 97.0, &[("A1", 3.0), ("B5", 4.0), ("C1", 5.0)]);
    let get = |id: &str| card.items.iter().find(|i| i.id == id).unwrap().clone();
    assert!(!get("A1").unverified);
    assert!(get("B5").unverified);
    assert!(get("C1").unverified);
    assert!(
        get("C1").why_zh.contains("超过分值"),
        "{}",
        get("C1").why_zh
    );
    assert!(!get("C2").unverified);
}

#[test]
fn no_self_assessment_sheet_loses_its_items() {
    let mut c = perfect();
    c.drop_sheet(SheetKey::SelfAssessment);
    let card = scored(&c);
    assert_points(
        &card,
        75.0,
        &[
            ("A1", 0.0),
            ("B5", 0.0),
            ("B6", 0.0),
            ("C1", 0.0),
            ("C2", 0.0),
        ],
    );
}

#[test]
fn gate_boundary_d13_vetoes_d14_does_not() {
    let mut c = perfect();
    c.cases.push(wuyi_testkit::Case {
        date: c.info.assessed_on - Days::new(14),
        category: "确诊病例".into(),
        household_id: "H00001".into(),
        note: String::new(),
    });
    let card = scored(&c);
    assert_eq!(card.verdict, Verdict::Passed, "{}", card.reason_zh);

    c.cases[0].date = c.info.assessed_on - Days::new(13);
    let card = scored(&c);
    assert_eq!(card.verdict, Verdict::Vetoed);
    // The score is still reported, and the verdict names the entry and cell.
    assert_eq!(card.score, Some(100.0));
    assert!(card.reason_zh.contains("涉疫台账!A2"), "{}", card.reason_zh);
    assert!(card.reason_zh.contains("2022-03-18"), "{}", card.reason_zh);
    let gate = card.gate.unwrap();
    assert_eq!(gate.window_start.to_string(), "2022-03-18");
    assert_eq!(gate.hits_zh.len(), 1);
}

#[test]
fn every_gated_category_vetoes_on_the_assessment_day() {
    for cat in ["确诊病例", "无症状感染者", "密接", "次密接", "密切接触者"] {
        let mut c = perfect();
        c.cases.push(wuyi_testkit::Case {
            date: c.info.assessed_on,
            category: cat.into(),
            household_id: "H00002".into(),
            note: String::new(),
        });
        assert_eq!(scored(&c).verdict, Verdict::Vetoed, "{cat}");
    }
}

#[test]
fn a_household_recording_contacts_vetoes() {
    let mut c = perfect();
    c.households[7].secondary_contacts = 1;
    let card = scored(&c);
    assert_eq!(card.verdict, Verdict::Vetoed);
    assert!(card.reason_zh.contains("一户一档!M9"), "{}", card.reason_zh);
}

#[test]
fn as_of_moves_the_window_for_the_whole_batch() {
    let mut c = perfect();
    c.cases.push(wuyi_testkit::Case {
        date: c.info.assessed_on - Days::new(13),
        category: "确诊病例".into(),
        household_id: "H00001".into(),
        note: String::new(),
    });
    let later = c.info.assessed_on + Days::new(1);
    let card = scored_with(&c, Some(later));
    assert_eq!(card.assessed_on, Some(later));
    assert_eq!(card.verdict, Verdict::Passed);
}

#[test]
fn a_missing_case_log_cannot_be_assessed_never_passes() {
    let mut c = perfect();
    c.drop_sheet(SheetKey::Cases);
    let card = scored(&c);
    assert_eq!(card.verdict, Verdict::Unassessable);
    assert_eq!(card.score, None);
    assert!(card.reason_zh.contains("涉疫台账"), "{}", card.reason_zh);
}

#[test]
fn an_empty_case_log_means_no_cases() {
    let c = perfect();
    assert!(c.cases.is_empty());
    assert_eq!(scored(&c).verdict, Verdict::Passed);
}

#[test]
fn an_unreadable_case_date_blocks_assessment() {
    let mut c = perfect();
    c.cases.push(wuyi_testkit::Case {
        date: c.info.assessed_on - Days::new(30),
        category: "确诊病例".into(),
        household_id: "H00001".into(),
        note: String::new(),
    });
    c.blank(SheetKey::Cases, 0, "date");
    let card = scored(&c);
    assert_eq!(card.verdict, Verdict::Unassessable);
    assert!(card.reason_zh.contains("涉疫台账!A2"), "{}", card.reason_zh);
}

#[test]
fn a_missing_assessment_date_is_unassessable_unless_as_of_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let c = perfect();
    let path = write(dir.path(), "c.xlsx", &c, &Style::default());
    let mut l = ledger::read(&path);
    // Simulate the blank 评估日期 as the reader reports it.
    l.info.assessed_on = None;
    l.problems.push(wuyi_core::problem::Problem::error(
        wuyi_core::problem::ProblemKind::MissingInfo {
            field: "评估日期".into(),
        },
    ));
    let rubric = Rubric::builtin().unwrap();
    assert_eq!(score(&l, &rubric, None).verdict, Verdict::Unassessable);
    assert_eq!(
        score(&l, &rubric, Some(c.info.assessed_on)).verdict,
        Verdict::Passed
    );
}

#[test]
fn below_the_pass_line_fails() {
    let mut c = perfect();
    c.drop_sheet(SheetKey::SelfAssessment);
    c.drop_sheet(SheetKey::Disinfection);
    for h in &mut c.households {
        h.tested = 0;
        h.vaccinated = 0;
    }
    // 100 − 25 (self) − 6 (B7) − 6 (B3) − 5 (B4) = 58.
    let card = scored(&c);
    assert_eq!(card.score, Some(58.0));
    assert_eq!(card.verdict, Verdict::Failed);
}

#[test]
fn the_pass_line_comes_from_the_rubric() {
    let text = wuyi_core::rubric::DEFAULT_TOML.replace("pass_score = 60", "pass_score = 99.5");
    let rubric = Rubric::parse(&text, "test").unwrap();
    let mut c = perfect();
    c.blank(SheetKey::Households, 0, "vulnerable");
    let dir = tempfile::tempdir().unwrap();
    let l = ledger::read(&write(dir.path(), "c.xlsx", &c, &Style::default()));
    // C3: 59 of 60 → 4.9166… → 4.9; total 99.9 ≥ 99.5.
    assert_eq!(score(&l, &rubric, None).score, Some(99.9));
    assert_eq!(score(&l, &rubric, None).verdict, Verdict::Passed);
    let text = wuyi_core::rubric::DEFAULT_TOML.replace("pass_score = 60", "pass_score = 99.95");
    let rubric = Rubric::parse(&text, "test").unwrap();
    assert_eq!(score(&l, &rubric, None).verdict, Verdict::Failed);
}

#[test]
fn messy_and_clean_score_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = perfect();
    c.households[3].tested = 0;
    let rubric = Rubric::builtin().unwrap();
    let clean = score(
        &ledger::read(&write(dir.path(), "a.xlsx", &c, &Style::default())),
        &rubric,
        None,
    );
    let messy = score(
        &ledger::read(&write(dir.path(), "b.xlsx", &c, &Style::messy(9))),
        &rubric,
        None,
    );
    assert_eq!(clean.score, messy.score);
    let earned = |s: &Scorecard| s.items.iter().map(|i| i.earned).collect::<Vec<_>>();
    assert_eq!(earned(&clean), earned(&messy));
}
