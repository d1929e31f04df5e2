//! The ledger contract: which sheets a submitted workbook holds, which
//! columns each has, and what each column's values mean. Everything that
//! reads, validates, scores or writes a template takes its names from here.

//!
//! One file a part: the sheets and their columns (`specs.rs`), the fields
//! of 基本信息 (`info.rs`), the names a county adds (`aliases.rs`) and the
//! values read as words (`values.rs`); here, what a sheet spec is and how a
//! name or a header finds one. Every item is re-exported here.

mod aliases;
mod info;
mod specs;
mod values;

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use wuyi_sheets::normalize::{label_key, label_key_without_units};

pub use aliases::{AliasIssue, AliasSpec, Aliases};
pub use info::{INFO_FIELDS, InfoField, InfoFieldSpec, info_field_of};
pub use specs::{CASES, DISINFECTION, GRIDS, HOUSEHOLDS, INFO_SHEET, SELF_ASSESSMENT};
pub use values::{CATEGORY_SYNONYMS, CaseCategory, CommunityType};

/// The sheets of the contract, as stable keys (snake_case when serialised).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetKey {
    /// 基本信息, the label/value sheet that says who is applying.
    Info,
    /// 网格台账, the grid ledger: one row per grid.
    Grids,
    /// 一户一档, the household ledger: one row per household.
    Households,
    /// 涉疫台账, the case log: one row per case or contact, read by the zero-case gate.
    Cases,
    /// 消杀记录, the disinfection log: one row per disinfection round.
    Disinfection,
    /// 自评表, the self-assessment: the community's own score per rubric item.
    SelfAssessment,
}

/// What a column's cells must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// An identifier: text, and a number typed into it reads as its digits.
    Id,
    /// A non-negative whole number of people or households.
    Count,
    /// A non-negative number that may have a decimal (points).
    Score,
    /// A calendar date: a date cell, an Excel serial number, or date text.
    Date,
    /// A yes/no answer: 是/否 and their synonyms, a TRUE/FALSE cell, or 1/0; a remark written beside
    /// the answer is kept apart.
    YesNo,
    /// A case-log category.
    Category,
}

/// One column of a contract sheet: its names, what its cells hold, and whether a sheet may lack it.
#[derive(Debug)]
pub struct ColumnSpec {
    /// Stable English key, used in rubrics and JSON.
    pub key: &'static str,
    /// The canonical Chinese header.
    pub zh: &'static str,
    /// Other headers accepted for this column (the key is always accepted).
    pub aliases: &'static [&'static str],
    /// What the column's cells must hold, and so how they are read.
    pub kind: Kind,
    /// Whether a sheet without this column is an error.
    pub required: bool,
    /// Values must not repeat down the column.
    pub unique: bool,
    /// A one-line filling note for the template.
    pub note: &'static str,
}

/// One sheet of the contract: its names, whether a workbook may lack it, and its columns.
#[derive(Debug)]
pub struct SheetSpec {
    /// Which contract sheet this is.
    pub key: SheetKey,
    /// The canonical Chinese sheet name, as the template writes it.
    pub zh: &'static str,
    /// The English sheet name, also accepted as a sheet name in a workbook.
    pub en: &'static str,
    /// Other sheet names accepted for this sheet.
    pub aliases: &'static [&'static str],
    /// Whether a workbook without this sheet is an error; a missing optional sheet is only noted.
    pub required: bool,
    /// The sheet's columns in template order; empty for 基本信息, whose fields are [`INFO_FIELDS`].
    pub columns: &'static [ColumnSpec],
}

impl SheetSpec {
    /// Whether a sheet name in a workbook names this sheet exactly (by any
    /// of the contract's own names).
    pub fn matches_name(&self, name: &str) -> bool {
        self.name_match(name) == Some(NameMatch::Exact)
    }

    /// [`Self::name_match`] by the contract's own names alone.
    pub fn name_match(&self, name: &str) -> Option<NameMatch> {
        self.name_match_in(name, Aliases::none())
    }

    /// How a sheet name in a workbook names this sheet: exactly, or by
    /// containing one of its names of three or more characters, as
    /// "一户一档（2022年3月）", "春晖社区一户一档" and "一户一档（1网格）"
    /// contain 一户一档. The longest name contained is kept, so a sheet
    /// goes to the spec it names most fully.
    /// A county's added names (`aliases`) count as the contract's own.
    pub fn name_match_in(&self, name: &str, aliases: &Aliases) -> Option<NameMatch> {
        let key = label_key(name);
        if key.is_empty() {
            return None;
        }
        let extra = aliases.sheet_names(self.key);
        let names = std::iter::once(self.zh)
            .chain(std::iter::once(self.en))
            .chain(self.aliases.iter().copied())
            .map(label_key)
            .chain(extra);
        let mut best: Option<NameMatch> = None;
        for n in names {
            if n == key {
                return Some(NameMatch::Exact);
            }
            let len = n.chars().count();
            if len >= 3 && key.contains(&n) && best.is_none_or(|b| NameMatch::Contains(len) > b) {
                best = Some(NameMatch::Contains(len));
            }
        }
        best
    }

    /// The index of a column by key or canonical header.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        let key = label_key(name);
        self.columns
            .iter()
            .position(|c| label_key(c.key) == key || label_key(c.zh) == key)
    }

    /// [`Self::match_header_in`] by the contract's own names alone.
    pub fn match_header(&self, header: &str) -> Option<usize> {
        self.match_header_in(header, Aliases::none())
    }

    /// Which column, if any, a header cell names, a county's added names
    /// (`aliases`) included. Exact labels win over a match with units
    /// stripped, so "户数" never claims "户数(户)" from another column by
    /// accident.
    pub fn match_header_in(&self, header: &str, aliases: &Aliases) -> Option<usize> {
        // Headers are matched for every cell of the rows searched for the
        // header, so the contract's labels are normalised once, not per cell.
        if header.len() > 120 {
            return None;
        }
        let index = label_index(self.key);
        let exact = label_key(header);
        if exact.is_empty() {
            return None;
        }
        if let Some(&i) = index.exact.get(&exact) {
            return Some(i);
        }
        let bare = label_key_without_units(header);
        if bare.is_empty() {
            return None;
        }
        index
            .bare
            .get(&bare)
            .copied()
            .or_else(|| aliases.column(self.key, &exact, &bare))
    }

    fn labels(&self, column: &ColumnSpec) -> impl Iterator<Item = &'static str> {
        [column.zh, column.key]
            .into_iter()
            .chain(column.aliases.iter().copied())
    }
}

/// How a workbook's sheet name names a contract sheet. A longer contained
/// name is a closer match; an exact name beats any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameMatch {
    /// The sheet name contains one of the sheet's names, this many
    /// characters long.
    Contains(usize),
    /// The sheet name is one of the sheet's names, once normalised.
    Exact,
}

/// A sheet's column labels by normalised key, earlier columns first.
struct LabelIndex {
    exact: HashMap<String, usize>,
    bare: HashMap<String, usize>,
}

fn build_index(spec: &SheetSpec) -> LabelIndex {
    let mut exact = HashMap::new();
    let mut bare = HashMap::new();
    for (i, c) in spec.columns.iter().enumerate() {
        for label in spec.labels(c) {
            exact.entry(label_key(label)).or_insert(i);
            bare.entry(label_key_without_units(label)).or_insert(i);
        }
    }
    LabelIndex { exact, bare }
}

fn label_index(key: SheetKey) -> &'static LabelIndex {
    static INDEXES: LazyLock<Vec<(SheetKey, LabelIndex)>> = LazyLock::new(|| {
        std::iter::once(&INFO_SHEET)
            .chain(TABLE_SHEETS.iter().copied())
            .map(|s| (s.key, build_index(s)))
            .collect()
    });
    INDEXES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, i)| i)
        .unwrap_or_else(|| &INDEXES[0].1)
}

const fn col(
    key: &'static str,
    zh: &'static str,
    aliases: &'static [&'static str],
    kind: Kind,
    required: bool,
    note: &'static str,
) -> ColumnSpec {
    ColumnSpec {
        key,
        zh,
        aliases,
        kind,
        required,
        unique: false,
        note,
    }
}

const fn unique(c: ColumnSpec) -> ColumnSpec {
    ColumnSpec { unique: true, ..c }
}

/// The table sheets in the order they appear in a workbook.
pub static TABLE_SHEETS: [&SheetSpec; 5] =
    [&GRIDS, &HOUSEHOLDS, &CASES, &DISINFECTION, &SELF_ASSESSMENT];

/// The contract's spec for a sheet key.
pub fn sheet_spec(key: SheetKey) -> &'static SheetSpec {
    match key {
        SheetKey::Info => &INFO_SHEET,
        SheetKey::Grids => &GRIDS,
        SheetKey::Households => &HOUSEHOLDS,
        SheetKey::Cases => &CASES,
        SheetKey::Disinfection => &DISINFECTION,
        SheetKey::SelfAssessment => &SELF_ASSESSMENT,
    }
}

/// Finds a sheet spec by any of its names (for rubric files).
pub fn sheet_by_name(name: &str) -> Option<&'static SheetSpec> {
    std::iter::once(&INFO_SHEET)
        .chain(TABLE_SHEETS.iter().copied())
        .find(|s| s.matches_name(name) || label_key(name) == label_key(&format!("{:?}", s.key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_with_units_and_widths() {
        let r = HOUSEHOLDS.column_index("residents").unwrap();
        for h in [
            "常住人口（人）",
            "常住人口(人)",
            "*常住人口",
            "常住\n人口",
            " residents ",
        ] {
            assert_eq!(HOUSEHOLDS.match_header(h), Some(r), "{h}");
        }
        assert_eq!(HOUSEHOLDS.match_header("备用列"), None);
        assert_eq!(HOUSEHOLDS.match_header("XX社区一户一档台账"), None);
    }

    #[test]
    fn sheet_names_match_aliases() {
        assert!(HOUSEHOLDS.matches_name(" households "));
        assert!(HOUSEHOLDS.matches_name("住户台账"));
        assert!(CASES.matches_name("涉疫人员台账"));
        assert!(!CASES.matches_name("一户一档"));
    }

    #[test]
    fn categories_and_types() {
        assert_eq!(
            CaseCategory::parse("密切接触者"),
            Some(CaseCategory::CloseContact)
        );
        assert_eq!(
            CaseCategory::parse("次密接"),
            Some(CaseCategory::SecondaryContact)
        );
        assert_eq!(
            CaseCategory::parse("close_contact"),
            Some(CaseCategory::CloseContact)
        );
        assert_eq!(CaseCategory::parse("感冒"), None);
        assert_eq!(
            CommunityType::parse("自然村"),
            Some(CommunityType::NaturalVillage)
        );
        assert_eq!(CommunityType::parse("小 区"), Some(CommunityType::Compound));
    }

    #[test]
    fn every_column_key_is_unique_per_sheet() {
        for s in TABLE_SHEETS {
            for (i, c) in s.columns.iter().enumerate() {
                assert_eq!(s.column_index(c.key), Some(i), "{}", c.key);
                assert_eq!(s.match_header(c.zh), Some(i), "{}", c.zh);
            }
        }
    }
}
