//! Generating a community from a seed: its grids, households, cases,
//! disinfection and self-assessment, with names and phone numbers that look
//! like the ones offices receive.

use chrono::Days;

use crate::{Blank, Case, Community, Disinfection, Grid, Household, Info, Rng, SelfItem};
use wuyi_core::ledger::contract::SheetKey;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "桂英", "建国", "志强", "海燕",
];
const PLACES: &[&str] = &["电梯", "公共卫生间", "快递柜", "垃圾桶", "楼道", "出入口"];

fn person(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

fn phone(rng: &mut Rng) -> String {
    format!("13{:09}", rng.range(0, 999_999_999))
}

/// The self-assessment items a community fills in (ids of the default
/// rubric's self-assessed items).
pub fn default_self_items() -> Vec<(String, String, f64)> {
    [
        ("A1", "成立党组织领导的防控工作专班", 5.0),
        ("B5", "制定应急处置预案并开展演练", 5.0),
        ("B6", "防疫物资储备充足", 5.0),
        ("C1", "防疫宣传到户到人", 5.0),
        ("C2", "群众知晓率和满意度", 5.0),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c))
    .collect()
}

impl Community {
    /// A complete, consistent community with no cases in the last month:
    /// grids of 10–20 households, everyone tested, daily disinfection, a full
    /// self-assessment.
    pub fn generate(seed: u64, info: Info, households: usize) -> Self {
        Self::generate_with_grids(seed, info, households, (10, 20))
    }

    /// As [`Community::generate`], with grids of `lo..=hi` households
    /// (`(10, 20)` is what the standard asks for). The same seed and sizes
    /// always give the same community.
    pub fn generate_with_grids(
        seed: u64,
        info: Info,
        households: usize,
        (lo, hi): (usize, usize),
    ) -> Self {
        let mut rng = Rng::new(seed);
        let d = info.assessed_on;
        let mut grids = Vec::new();
        let mut hh = Vec::new();
        let mut n = 0usize;
        let mut g = 0usize;
        while n < households {
            g += 1;
            let size = (rng.range(lo.max(1) as i64, hi as i64) as usize).min(households - n);
            let grid_id = format!("G{g:03}");
            let mut residents = 0;
            for k in 0..size {
                n += 1;
                let r = rng.range(1, 6);
                residents += r;
                let updated = d - Days::new(rng.range(0, 20) as u64);
                hh.push(Household {
                    id: format!("H{n:05}"),
                    grid_id: grid_id.clone(),
                    address: format!("{}号楼{}单元{}室", g, k / 4 + 1, 101 + k),
                    head: person(&mut rng),
                    phone: phone(&mut rng),
                    registered: r + rng.range(-1, 1).max(-r + 1),
                    residents: r,
                    tested: r,
                    vaccinated: (r - rng.range(0, 1)).max(0),
                    overseas_returnees: i64::from(rng.chance(0.01)),
                    risk_area_returnees: i64::from(rng.chance(0.02)),
                    close_contacts: 0,
                    secondary_contacts: 0,
                    vulnerable: i64::from(rng.chance(0.15)),
                    tenant: rng.chance(0.2),
                    updated_on: updated,
                });
            }
            grids.push(Grid {
                id: grid_id,
                parent: Some(format!("W{:02}", (g - 1) / 10 + 1)),
                leader: person(&mut rng),
                leader_phone: phone(&mut rng),
                building: format!("{g}号楼"),
                building_leader: person(&mut rng),
                households: size as i64,
                residents,
            });
        }
        // Parent grids are listed too, so every parent is a known grid.
        let parents: Vec<String> = {
            let mut p: Vec<String> = grids.iter().filter_map(|g| g.parent.clone()).collect();
            p.dedup();
            p
        };
        let mut all_grids: Vec<Grid> = parents
            .into_iter()
            .map(|id| Grid {
                id,
                parent: None,
                leader: person(&mut rng),
                leader_phone: phone(&mut rng),
                building: String::new(),
                building_leader: String::new(),
                households: 0,
                residents: 0,
            })
            .collect();
        // Parent grids hold no households themselves; the ledger lists them
        // with their members' totals.
        for p in &mut all_grids {
            let members = grids.iter().filter(|g| g.parent.as_deref() == Some(&p.id));
            let (h, r) = members.fold((0, 0), |(h, r), g| (h + g.households, r + g.residents));
            p.households = h;
            p.residents = r;
        }
        all_grids.extend(grids);

        let disinfection = (0..30)
            .map(|i| Disinfection {
                date: d - Days::new(i),
                place: rng.pick(PLACES).to_string(),
                by: person(&mut rng),
            })
            .collect();
        let cases = if rng.chance(0.5) && !hh.is_empty() {
            let h = rng.pick(&hh).id.clone();
            vec![Case {
                date: d - Days::new(rng.range(40, 90) as u64),
                category: "密接".into(),
                household_id: h,
                note: "已解除隔离".into(),
            }]
        } else {
            Vec::new()
        };
        let self_items = default_self_items()
            .into_iter()
            .map(|(id, item, max)| SelfItem {
                id,
                item,
                max_points: max,
                self_score: Some(max),
                verified_score: None,
                evidence: "见附件".into(),
            })
            .collect();
        Community {
            info,
            grids: all_grids,
            households: hh,
            cases,
            disinfection,
            self_items,
            missing_sheets: Vec::new(),
            blanks: Vec::new(),
        }
    }

    /// Logs a case `days_before` the assessment date against the `household`-th
    /// household (counted from 0), and counts a contact in that household.
    pub fn add_case(&mut self, days_before: u64, category: &str, household: usize, note: &str) {
        let date = self.info.assessed_on - Days::new(days_before);
        let household_id = match self.households.get_mut(household) {
            Some(h) => {
                match category {
                    "密接" | "密切接触者" => h.close_contacts += 1,
                    "次密接" | "次密切接触者" => h.secondary_contacts += 1,
                    _ => {}
                }
                h.id.clone()
            }
            None => String::new(),
        };
        self.cases.push(Case {
            date,
            category: category.to_string(),
            household_id,
            note: note.to_string(),
        });
        self.cases.sort_by_key(|c| c.date);
    }

    /// Leaves a sheet out of the written workbook.
    pub fn drop_sheet(&mut self, sheet: SheetKey) {
        if !self.missing_sheets.contains(&sheet) {
            self.missing_sheets.push(sheet);
        }
    }

    /// Blanks one cell: the `row`-th data row of `sheet`, column `column`.
    pub fn blank(&mut self, sheet: SheetKey, row: usize, column: &'static str) {
        let b = Blank { sheet, row, column };
        if !self.blanks.contains(&b) {
            self.blanks.push(b);
        }
    }

    /// Blanks `column` in about `share` of the households, chosen by `seed`.
    pub fn blank_households(&mut self, column: &'static str, share: f64, seed: u64) {
        let mut rng = Rng::new(seed);
        for i in 0..self.households.len() {
            if rng.chance(share) {
                self.blank(SheetKey::Households, i, column);
            }
        }
    }
}
