//! Synthetic submissions: realistic community ledgers generated from a seed,
//! written as clean workbooks or with the mess real submissions carry. The
//! examples, the tests and the benchmark all build their workbooks here, so
//! the same seed always gives the same files.

#![deny(missing_docs)]

use std::path::Path;

use chrono::{Days, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use wuyi_core::ledger::contract::SheetKey;

/// A small deterministic generator (SplitMix64). Written out rather than
/// taken from a crate so a seed gives the same data across dependency
/// upgrades.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Starts a generator from `seed`; the same seed always gives the same
    /// sequence.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 pseudo-random bits (one SplitMix64 step).
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One element of `items`, chosen uniformly. Panics if `items` is empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as i64 - 1) as usize]
    }
}

/// The community's basic information (the 基本信息 sheet): who applies,
/// where, and on which date it is assessed.
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    /// Community name (名称); also put in the merged title row of every sheet
    /// when the style has title rows.
    pub name: String,
    /// Community type (类型), e.g. `小区`.
    pub kind: String,
    /// County or district the community belongs to (所属区县).
    pub district: String,
    /// Street or township the community belongs to (所属街道, written
    /// 所属街道（乡镇） with decorated headers).
    pub town: String,
    /// Assessment date (评估日期). Every generated date — household updates,
    /// cases, disinfection — is counted back from it.
    pub assessed_on: NaiveDate,
    /// Name of the person to contact about the application (联系人).
    pub contact: String,
    /// The contact person's phone number (联系电话).
    pub phone: String,
}

/// One row of the grid ledger (网格台账): a grid, who leads it, and how
/// many households and residents it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Grid number (网格编号): `G001`, `G002`… for grids that hold households,
    /// `W01`, `W02`… for the parent grids above them.
    pub id: String,
    /// Number of the parent grid (上级网格); `None` (a blank cell) for the
    /// top-level `W` grids.
    pub parent: Option<String>,
    /// Name of the grid leader (网格长).
    pub leader: String,
    /// The grid leader's phone number (网格长电话).
    pub leader_phone: String,
    /// Building the grid covers (楼栋), e.g. `3号楼`; empty (a blank cell) for
    /// parent grids.
    pub building: String,
    /// Name of the building leader (楼栋长); empty for parent grids.
    pub building_leader: String,
    /// Households in the grid (户数); for a parent grid, the sum over its
    /// member grids. This is the column the 合计 row totals.
    pub households: i64,
    /// Residents in the grid (人数): the sum of its households' resident
    /// population, or of its member grids' for a parent grid.
    pub residents: i64,
}

/// One row of the household ledger (一户一档): a household, its people,
/// and their testing, vaccination and risk counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Household {
    /// Household number (户编号), `H00001` upward; the case log refers to
    /// households by it.
    pub id: String,
    /// Number of the grid the household belongs to (网格编号).
    pub grid_id: String,
    /// Address (地址), in the form `3号楼1单元101室`.
    pub address: String,
    /// Name of the head of household (户主).
    pub head: String,
    /// The household's phone number (联系电话).
    pub phone: String,
    /// Registered population (户籍人口); generated within one of `residents`
    /// and never below 1.
    pub registered: i64,
    /// Resident population (常住人口), 1–6 when generated. This is the column
    /// the 合计 row totals.
    pub residents: i64,
    /// People tested (核酸检测人数); generated equal to `residents`, so
    /// everyone is tested.
    pub tested: i64,
    /// People vaccinated (疫苗接种人数); generated as `residents` or one fewer.
    pub vaccinated: i64,
    /// Returnees from abroad (境外返乡人员); 1 in about 1% of generated
    /// households, otherwise 0.
    pub overseas_returnees: i64,
    /// Returnees from medium- or high-risk areas (中高风险地区返乡人员); 1 in
    /// about 2% of generated households, otherwise 0.
    pub risk_area_returnees: i64,
    /// Close contacts (密接) in the household; 0 when generated, raised by
    /// [`Community::add_case`] for a 密接 case.
    pub close_contacts: i64,
    /// Secondary close contacts (次密接); 0 when generated, raised by
    /// [`Community::add_case`] for a 次密接 case.
    pub secondary_contacts: i64,
    /// People of the "seven kinds" needing care (七类人: elderly living alone,
    /// pregnant women, disabled, …); 1 in about 15% of generated households.
    pub vulnerable: i64,
    /// Whether the household rents (租户), written 是/否 or, with
    /// `mixed_yes_no`, in another yes/no form; true for about 20%.
    pub tenant: bool,
    /// Date the record was last updated (更新日期), 0–20 days before the
    /// assessment when generated.
    pub updated_on: NaiveDate,
}

/// One entry of the case log (涉疫台账).
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Date of the entry (日期).
    pub date: NaiveDate,
    /// Category as written (类别), e.g. `确诊病例`, `密接`, `次密接`.
    pub category: String,
    /// Number of the household concerned (户编号); empty (a blank cell) when
    /// the case names no generated household.
    pub household_id: String,
    /// Free remark (备注), e.g. `已解除隔离`.
    pub note: String,
}

/// One entry of the disinfection log (消杀记录).
#[derive(Debug, Clone, PartialEq)]
pub struct Disinfection {
    /// Day of the disinfection (日期); a generated community has one entry a
    /// day for the 30 days up to the assessment.
    pub date: NaiveDate,
    /// What was disinfected (部位): lifts, public toilets, parcel lockers,
    /// bins, corridors or entrances.
    pub place: String,
    /// Name of the person responsible (责任人).
    pub by: String,
}

/// One row of the self-assessment (自评表): a rubric item, the points the
/// community claims for it and, once inspected, the verified points.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfItem {
    /// Item id from the rubric (编号), e.g. `A1`.
    pub id: String,
    /// What the item asks for (项目), e.g. `防疫物资储备充足`.
    pub item: String,
    /// Points the item is worth (分值).
    pub max_points: f64,
    /// Score the community gives itself (自评得分); `None` writes a blank
    /// cell. Generated as full marks.
    pub self_score: Option<f64>,
    /// Score confirmed by an inspector (核定得分), which overrides the self
    /// score; `None` (a blank cell) when generated.
    pub verified_score: Option<f64>,
    /// Supporting material cited (佐证材料); generated as `见附件`.
    pub evidence: String,
}

/// A cell left blank on purpose: the `row`-th data row of a sheet, in the
/// column with the contract key `column` (e.g. `"tested"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blank {
    /// Sheet the cell is on.
    pub sheet: SheetKey,
    /// Data row, counted from 0 below the header (title rows and inserted
    /// blank rows are not counted).
    pub row: usize,
    /// Contract key of the column, as in the English headers (e.g. `tested`,
    /// `household_id`); a key the sheet does not have blanks nothing.
    pub column: &'static str,
}

/// Everything one community submits.
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    /// Basic information, written as the 基本信息 sheet.
    pub info: Info,
    /// Grid ledger rows: the parent grids first, then the grids holding
    /// households.
    pub grids: Vec<Grid>,
    /// Household ledger rows, one per household, in grid order.
    pub households: Vec<Household>,
    /// Case log entries, oldest first.
    pub cases: Vec<Case>,
    /// Disinfection log entries, newest first.
    pub disinfection: Vec<Disinfection>,
    /// Self-assessment rows.
    pub self_items: Vec<SelfItem>,
    /// Sheets left out of the written workbook.
    pub missing_sheets: Vec<SheetKey>,
    /// Cells left blank in the written workbook.
    pub blanks: Vec<Blank>,
}

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

/// How untidy a written workbook is. `Style::default()` is the clean form.
#[derive(Debug, Clone, Default)]
pub struct Style {
    /// A merged title row and a note above each table's header.
    pub title_rows: bool,
    /// Columns in a shuffled order, with blank columns between.
    pub shuffle_columns: bool,
    /// Columns the contract does not know.
    pub extra_columns: bool,
    /// Headers with units, full-width brackets, line breaks, spaces, "*".
    pub decorated_headers: bool,
    /// Blank rows among the data.
    pub blank_rows: bool,
    /// A 合计 row under each table, and a signature line under that.
    pub totals_row: bool,
    /// Counts written as text: full-width digits, thousands separators, units.
    pub text_numbers: bool,
    /// Dates written as text in mixed Chinese formats rather than as dates.
    pub text_dates: bool,
    /// Dates as bare serial numbers (a date format the reader cannot see).
    pub serial_dates: bool,
    /// Yes/no as √/×, Y/N, 1/0 rather than 是/否.
    pub mixed_yes_no: bool,
    /// English sheet names and English headers.
    pub english: bool,
    /// Seed for the style's random choices (column order, which text form
    /// each number, date or yes/no takes), so a style writes the same
    /// workbook every time.
    pub seed: u64,
}

impl Style {
    /// Everything messy at once.
    pub fn messy(seed: u64) -> Self {
        Style {
            title_rows: true,
            shuffle_columns: true,
            extra_columns: true,
            decorated_headers: true,
            blank_rows: true,
            totals_row: true,
            text_numbers: true,
            text_dates: true,
            serial_dates: false,
            mixed_yes_no: true,
            english: false,
            seed,
        }
    }
}

/// A cell to write, before the style decides how.
#[derive(Debug, Clone)]
pub enum Out {
    /// Text, written as a string cell.
    Text(String),
    /// A count: a number cell, or with `text_numbers` text such as full-width
    /// digits, `1,234` or `5人`.
    Int(i64),
    /// A score or other decimal, always a number cell.
    Num(f64),
    /// A date: a `yyyy-mm-dd` formatted date cell, text in a mixed Chinese
    /// format with `text_dates`, or a bare serial number with `serial_dates`.
    Date(NaiveDate),
    /// A yes/no answer: 是/否, or with `mixed_yes_no` one of √/×, Y/N, 是/否,
    /// 1/0.
    Bool(bool),
    /// An empty cell: nothing is written.
    Blank,
}

fn t(s: &str) -> Out {
    if s.is_empty() {
        Out::Blank
    } else {
        Out::Text(s.to_string())
    }
}

/// A table to write: (Chinese header, English header, unit) and rows.
struct TableOut {
    key: SheetKey,
    zh_name: &'static str,
    en_name: &'static str,
    headers: Vec<(&'static str, &'static str, &'static str)>,
    rows: Vec<Vec<Out>>,
    /// Index of a count column to total in the 合计 row.
    total_col: Option<usize>,
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn group_thousands(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn serial(d: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (d - epoch).num_days() as f64
}

impl Community {
    fn tables(&self) -> Vec<TableOut> {
        let grids = TableOut {
            key: SheetKey::Grids,
            zh_name: "网格台账",
            en_name: "Grids",
            headers: vec![
                ("网格编号", "grid_id", ""),
                ("上级网格", "parent_grid", ""),
                ("网格长", "leader", ""),
                ("网格长电话", "leader_phone", ""),
                ("楼栋", "building", ""),
                ("楼栋长", "building_leader", ""),
                ("户数", "households", "户"),
                ("人数", "residents", "人"),
            ],
            rows: self
                .grids
                .iter()
                .map(|g| {
                    vec![
                        t(&g.id),
                        g.parent.as_deref().map(t).unwrap_or(Out::Blank),
                        t(&g.leader),
                        t(&g.leader_phone),
                        t(&g.building),
                        t(&g.building_leader),
                        Out::Int(g.households),
                        Out::Int(g.residents),
                    ]
                })
                .collect(),
            total_col: Some(6),
        };
        let households = TableOut {
            key: SheetKey::Households,
            zh_name: "一户一档",
            en_name: "Households",
            headers: vec![
                ("户编号", "household_id", ""),
                ("网格编号", "grid_id", ""),
                ("地址", "address", ""),
                ("户主", "head", ""),
                ("联系电话", "phone", ""),
                ("户籍人口", "registered", "人"),
                ("常住人口", "residents", "人"),
                ("核酸检测人数", "tested", "人"),
                ("疫苗接种人数", "vaccinated", "人"),
                ("境外返乡人员", "overseas_returnees", "人"),
                ("中高风险地区返乡人员", "risk_area_returnees", "人"),
                ("密接", "close_contacts", "人"),
                ("次密接", "secondary_contacts", "人"),
                ("七类人", "vulnerable", "人"),
                ("租户", "tenant", ""),
                ("更新日期", "updated_on", ""),
            ],
            rows: self
                .households
                .iter()
                .map(|h| {
                    vec![
                        t(&h.id),
                        t(&h.grid_id),
                        t(&h.address),
                        t(&h.head),
                        t(&h.phone),
                        Out::Int(h.registered),
                        Out::Int(h.residents),
                        Out::Int(h.tested),
                        Out::Int(h.vaccinated),
                        Out::Int(h.overseas_returnees),
                        Out::Int(h.risk_area_returnees),
                        Out::Int(h.close_contacts),
                        Out::Int(h.secondary_contacts),
                        Out::Int(h.vulnerable),
                        Out::Bool(h.tenant),
                        Out::Date(h.updated_on),
                    ]
                })
                .collect(),
            total_col: Some(6),
        };
        let cases = TableOut {
            key: SheetKey::Cases,
            zh_name: "涉疫台账",
            en_name: "Cases",
            headers: vec![
                ("日期", "date", ""),
                ("类别", "category", ""),
                ("户编号", "household_id", ""),
                ("备注", "note", ""),
            ],
            rows: self
                .cases
                .iter()
                .map(|c| {
                    vec![
                        Out::Date(c.date),
                        t(&c.category),
                        t(&c.household_id),
                        t(&c.note),
                    ]
                })
                .collect(),
            total_col: None,
        };
        let disinfection = TableOut {
            key: SheetKey::Disinfection,
            zh_name: "消杀记录",
            en_name: "Disinfection",
            headers: vec![
                ("日期", "date", ""),
                ("部位", "place", ""),
                ("责任人", "by", ""),
            ],
            rows: self
                .disinfection
                .iter()
                .map(|d| vec![Out::Date(d.date), t(&d.place), t(&d.by)])
                .collect(),
            total_col: None,
        };
        let num = |v: Option<f64>| v.map(Out::Num).unwrap_or(Out::Blank);
        let self_items = TableOut {
            key: SheetKey::SelfAssessment,
            zh_name: "自评表",
            en_name: "SelfAssessment",
            headers: vec![
                ("编号", "item_id", ""),
                ("项目", "item", ""),
                ("分值", "max_points", "分"),
                ("自评得分", "self_score", "分"),
                ("核定得分", "verified_score", "分"),
                ("佐证材料", "evidence", ""),
            ],
            rows: self
                .self_items
                .iter()
                .map(|s| {
                    vec![
                        t(&s.id),
                        t(&s.item),
                        Out::Num(s.max_points),
                        num(s.self_score),
                        num(s.verified_score),
                        t(&s.evidence),
                    ]
                })
                .collect(),
            total_col: None,
        };
        vec![grids, households, cases, disinfection, self_items]
    }

    /// Writes the community as a workbook in the given style.
    pub fn write(&self, path: &Path, style: &Style) -> Result<(), XlsxError> {
        let mut wb = self.to_workbook(style)?;
        wb.save(path)
    }

    /// Builds the workbook in memory, as [`Community::write`] saves it: the
    /// information sheet and the five tables, less dropped sheets and blanked
    /// cells.
    pub fn to_workbook(&self, style: &Style) -> Result<Workbook, XlsxError> {
        let mut rng = Rng::new(style.seed);
        let mut wb = Workbook::new();
        // A fixed creation time, so the same community gives the same bytes.
        if let Ok(t) = ExcelDateTime::from_ymd(2022, 1, 1) {
            wb.set_properties(&DocProperties::new().set_creation_datetime(&t));
        }
        let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
        let bold = Format::new().set_bold();

        if !self.missing_sheets.contains(&SheetKey::Info) {
            self.write_info(&mut wb, style, &mut rng, &date_fmt, &bold)?;
        }
        for mut table in self.tables() {
            if self.missing_sheets.contains(&table.key) {
                continue;
            }
            for b in self.blanks.iter().filter(|b| b.sheet == table.key) {
                let col = table.headers.iter().position(|(_, en, _)| *en == b.column);
                if let (Some(c), Some(row)) = (col, table.rows.get_mut(b.row)) {
                    row[c] = Out::Blank;
                }
            }
            let ws = wb.add_worksheet();
            write_table(
                ws,
                &table,
                style,
                &mut rng,
                &date_fmt,
                &bold,
                &self.info.name,
            )?;
        }
        Ok(wb)
    }

    fn write_info(
        &self,
        wb: &mut Workbook,
        style: &Style,
        rng: &mut Rng,
        date_fmt: &Format,
        bold: &Format,
    ) -> Result<(), XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(if style.english {
            "Info"
        } else {
            "基本信息"
        })?;
        ws.set_column_width(0, 14)?;
        ws.set_column_width(1, 24)?;
        let mut r = 0;
        if style.title_rows {
            ws.merge_range(0, 0, 0, 1, &format!("{}基本信息", self.info.name), bold)?;
            r = 2;
        }
        let i = &self.info;
        let label = |zh: &'static str, en: &'static str| if style.english { en } else { zh };
        let info_rows: [(&str, Out); 7] = [
            (label("名称", "name"), t(&i.name)),
            (label("类型", "type"), t(&i.kind)),
            (label("所属区县", "district"), t(&i.district)),
            (
                label(
                    if style.decorated_headers {
                        "所属街道（乡镇）"
                    } else {
                        "所属街道"
                    },
                    "town",
                ),
                t(&i.town),
            ),
            (label("评估日期", "assessed_on"), Out::Date(i.assessed_on)),
            (label("联系人", "contact"), t(&i.contact)),
            (label("联系电话", "phone"), t(&i.phone)),
        ];
        for (k, v) in info_rows {
            let k = if style.decorated_headers {
                format!("{k}：")
            } else {
                k.to_string()
            };
            ws.write_string(r, 0, &k)?;
            write_out(ws, r, 1, &v, style, rng, date_fmt)?;
            r += 1;
        }
        Ok(())
    }
}

fn write_out(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: &Out,
    style: &Style,
    rng: &mut Rng,
    date_fmt: &Format,
) -> Result<(), XlsxError> {
    match v {
        Out::Blank => {}
        Out::Text(s) => {
            ws.write_string(r, c, s)?;
        }
        Out::Int(n) if style.text_numbers => {
            let s = match rng.range(0, 3) {
                0 => full_width(&n.to_string()),
                1 => group_thousands(*n),
                2 => format!("{n}人"),
                _ => n.to_string(),
            };
            ws.write_string(r, c, &s)?;
        }
        Out::Int(n) => {
            ws.write_number(r, c, *n as f64)?;
        }
        Out::Num(n) => {
            ws.write_number(r, c, *n)?;
        }
        Out::Bool(b) if style.mixed_yes_no => {
            let (y, n) = *rng.pick(&[("√", "×"), ("Y", "N"), ("是", "否"), ("1", "0")]);
            ws.write_string(r, c, if *b { y } else { n })?;
        }
        Out::Bool(b) => {
            ws.write_string(r, c, if *b { "是" } else { "否" })?;
        }
        Out::Date(d) if style.text_dates => {
            use chrono::Datelike;
            let s = match rng.range(0, 4) {
                0 => format!("{}/{}/{}", d.year(), d.month(), d.day()),
                1 => format!("{}.{}.{}", d.year(), d.month(), d.day()),
                2 => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
                3 => d.format("%Y%m%d").to_string(),
                _ => d.format("%Y-%m-%d").to_string(),
            };
            ws.write_string(r, c, &s)?;
        }
        Out::Date(d) if style.serial_dates => {
            ws.write_number(r, c, serial(*d))?;
        }
        Out::Date(d) => {
            use chrono::Datelike;
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(r, c, &dt, date_fmt)?;
        }
    }
    Ok(())
}

fn write_table(
    ws: &mut Worksheet,
    table: &TableOut,
    style: &Style,
    rng: &mut Rng,
    date_fmt: &Format,
    bold: &Format,
    community: &str,
) -> Result<(), XlsxError> {
    ws.set_name(if style.english {
        table.en_name
    } else {
        table.zh_name
    })?;
    let n = table.headers.len();
    // Where each contract column goes, and which columns hold extras.
    let mut order: Vec<usize> = (0..n).collect();
    if style.shuffle_columns {
        for i in (1..n).rev() {
            let j = rng.range(0, i as i64) as usize;
            order.swap(i, j);
        }
    }
    let mut positions = vec![0u16; n];
    let mut extras = Vec::new();
    let mut c: u16 = if style.shuffle_columns { 1 } else { 0 };
    for (k, &col) in order.iter().enumerate() {
        positions[col] = c;
        c += 1;
        if style.shuffle_columns && k == n / 2 {
            c += 1; // a blank column in the middle
        }
        if style.extra_columns && k == 1 {
            extras.push(c);
            c += 1;
        }
    }
    let mut r = 0u32;
    if style.title_rows {
        ws.merge_range(
            0,
            0,
            0,
            c.saturating_sub(1).max(1),
            &format!("{community}{}", table.zh_name),
            bold,
        )?;
        ws.write_string(1, 0, "注：本表由社区网格员据实填写，每周更新。")?;
        r = 3;
    }
    for (i, (zh, en, unit)) in table.headers.iter().enumerate() {
        let h = if style.english {
            en.to_string()
        } else if style.decorated_headers {
            match i % 4 {
                0 if !unit.is_empty() => format!("{zh}（{unit}）"),
                1 if !unit.is_empty() => format!("{zh}\n({unit})"),
                2 => format!("*{zh}"),
                3 => format!(" {zh} "),
                _ => zh.to_string(),
            }
        } else {
            zh.to_string()
        };
        ws.write_string_with_format(r, positions[i], &h, bold)?;
    }
    for &e in &extras {
        ws.write_string_with_format(r, e, "备用列", bold)?;
    }
    r += 1;
    let mut total: i64 = 0;
    for (k, row) in table.rows.iter().enumerate() {
        if style.blank_rows && k > 0 && k.is_multiple_of(7) {
            r += 1;
        }
        for (i, v) in row.iter().enumerate() {
            write_out(ws, r, positions[i], v, style, rng, date_fmt)?;
        }
        for &e in &extras {
            ws.write_string(r, e, "—")?;
        }
        if let Some(tc) = table.total_col
            && let Some(Out::Int(v)) = row.get(tc)
        {
            total += v;
        }
        r += 1;
    }
    if style.totals_row && table.total_col.is_some() {
        let leftmost = positions.iter().copied().min().unwrap_or(0);
        ws.write_string(r, leftmost, "合计")?;
        if let Some(tc) = table.total_col
            && positions[tc] != leftmost
        {
            ws.write_number(r, positions[tc], total as f64)?;
        }
        ws.write_string(r + 2, leftmost, "填表人：张三    审核人：李四")?;
    }
    Ok(())
}
