//! Synthetic submissions: realistic community ledgers generated from a seed,
//! written as clean workbooks or with the mess real submissions carry. The
//! examples, the tests and the benchmark all build their workbooks here, so
//! the same seed always gives the same files.

#![deny(missing_docs)]

mod generate;
mod write;

use chrono::NaiveDate;

use wuyi_core::ledger::contract::SheetKey;

pub use generate::default_self_items;
pub use write::{Out, Style};

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
