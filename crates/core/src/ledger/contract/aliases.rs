//! The names a county adds to the contract (`[aliases]`), resolved against
//! it.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::{INFO_FIELDS, InfoField, SheetKey, sheet_by_name};
use wuyi_sheets::normalize::{label_key, label_key_without_units};

/// Names a county adds to the contract: more names for sheets, columns and
/// 基本信息 labels, from the `[aliases]` table of a rubric or a contract
/// file given with `--contract`. Names are those of the contract (Chinese
/// or English, canonical or an existing alias).
///
/// ```toml
/// [sheets]
/// "一户一档" = ["住户花名册"]
/// [columns."一户一档"]
/// "联系电话" = ["户主手机"]
/// [info]
/// "名称" = ["小区全称"]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasSpec {
    /// A contract sheet → more names for it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sheets: BTreeMap<String, Vec<String>>,
    /// A contract sheet → one of its columns → more headers for it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// A 基本信息 label → more labels for it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub info: BTreeMap<String, Vec<String>>,
}

/// [`AliasSpec`] resolved against the contract: the names a county adds,
/// held by the rubric or contract they came with and handed to reading, so
/// two contracts in one process each read with their own names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Aliases {
    sheets: Vec<(SheetKey, String)>,
    /// (sheet, label key) → column index.
    columns: HashMap<(SheetKey, String), usize>,
    info: Vec<(InfoField, String)>,
}

impl Aliases {
    /// No added names: the contract as built in.
    pub fn none() -> &'static Aliases {
        static NONE: LazyLock<Aliases> = LazyLock::new(Aliases::default);
        &NONE
    }

    /// Adds another set of names to these (a contract file's to a
    /// rubric's); names already here are kept.
    pub fn extend(&mut self, other: Aliases) {
        self.sheets.extend(other.sheets);
        for (k, v) in other.columns {
            self.columns.entry(k).or_insert(v);
        }
        self.info.extend(other.info);
    }

    pub(super) fn sheet_names(&self, key: SheetKey) -> Vec<String> {
        self.sheets
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, n)| n.clone())
            .collect()
    }

    pub(super) fn column(&self, key: SheetKey, exact: &str, bare: &str) -> Option<usize> {
        if self.columns.is_empty() {
            return None;
        }
        self.columns
            .get(&(key, exact.to_string()))
            .or_else(|| self.columns.get(&(key, bare.to_string())))
            .copied()
    }

    pub(super) fn info_labels(&self, field: InfoField) -> Vec<String> {
        self.info
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, n)| n.clone())
            .collect()
    }
}

impl AliasSpec {
    /// Whether these aliases add no name at all.
    pub fn is_empty(&self) -> bool {
        self.sheets.is_empty() && self.columns.is_empty() && self.info.is_empty()
    }

    /// The names the contract does not know, each as a sentence in both
    /// languages: (中文, English).
    pub fn check(&self) -> Vec<AliasIssue> {
        self.resolve().err().unwrap_or_default()
    }

    /// These names resolved against the contract, or the names it does not
    /// know.
    pub fn resolve(&self) -> Result<Aliases, Vec<AliasIssue>> {
        let mut out = Aliases::default();
        let mut errors = Vec::new();
        let sheet_of = |name: &str, errors: &mut Vec<AliasIssue>| {
            let s = sheet_by_name(name);
            if s.is_none() {
                errors.push(AliasIssue::Sheet {
                    name: name.to_string(),
                });
            }
            s
        };
        for (sheet, names) in &self.sheets {
            if let Some(spec) = sheet_of(sheet, &mut errors) {
                out.sheets
                    .extend(names.iter().map(|n| (spec.key, label_key(n))));
            }
        }
        for (sheet, columns) in &self.columns {
            let Some(spec) = sheet_of(sheet, &mut errors) else {
                continue;
            };
            for (column, names) in columns {
                let idx = spec
                    .column_index(column)
                    .or_else(|| spec.match_header(column));
                let Some(idx) = idx.filter(|_| spec.key != SheetKey::Info) else {
                    errors.push(AliasIssue::Column {
                        column: column.clone(),
                        sheet: spec.key,
                    });
                    continue;
                };
                for n in names {
                    out.columns.insert((spec.key, label_key(n)), idx);
                    out.columns
                        .insert((spec.key, label_key_without_units(n)), idx);
                }
            }
        }
        for (label, names) in &self.info {
            let Some(f) = INFO_FIELDS.iter().find(|f| f.matches(label)) else {
                errors.push(AliasIssue::Info {
                    label: label.clone(),
                });
                continue;
            };
            out.info
                .extend(names.iter().map(|n| (f.field, label_key(n))));
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// The names the contract knows, for a spec already checked: any it
    /// does not know are left out.
    pub fn resolved(&self) -> Aliases {
        match self.resolve() {
            Ok(a) => a,
            Err(_) => {
                // Resolve the three tables one entry at a time, keeping
                // what resolves.
                let mut out = Aliases::default();
                for (sheet, names) in &self.sheets {
                    let one = AliasSpec {
                        sheets: BTreeMap::from([(sheet.clone(), names.clone())]),
                        ..AliasSpec::default()
                    };
                    if let Ok(a) = one.resolve() {
                        out.extend(a);
                    }
                }
                for (sheet, columns) in &self.columns {
                    for (column, names) in columns {
                        let one = AliasSpec {
                            columns: BTreeMap::from([(
                                sheet.clone(),
                                BTreeMap::from([(column.clone(), names.clone())]),
                            )]),
                            ..AliasSpec::default()
                        };
                        if let Ok(a) = one.resolve() {
                            out.extend(a);
                        }
                    }
                }
                for (label, names) in &self.info {
                    let one = AliasSpec {
                        info: BTreeMap::from([(label.clone(), names.clone())]),
                        ..AliasSpec::default()
                    };
                    if let Ok(a) = one.resolve() {
                        out.extend(a);
                    }
                }
                out
            }
        }
    }
}

/// An `[aliases]` entry that names nothing in the ledger contract. The
/// report layer's catalogue words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AliasIssue {
    /// A sheet that is not a ledger sheet.
    Sheet {
        /// The sheet, as written.
        name: String,
    },
    /// A column the sheet does not have.
    Column {
        /// The column, as written.
        column: String,
        /// The sheet.
        sheet: SheetKey,
    },
    /// A label that is not a 基本信息 field.
    Info {
        /// The label, as written.
        label: String,
    },
}
