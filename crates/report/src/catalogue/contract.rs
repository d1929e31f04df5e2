//! The ledger contract's names in either language: sheets, case categories
//! and community types. The Chinese names are data (they are matched in
//! workbooks) and live with the contract; the English ones live here.

use crate::i18n::Lang;
use wuyi_core::ledger::contract::{AliasIssue, CaseCategory, CommunityType, SheetSpec, sheet_spec};

/// A contract name in the language asked for.
pub trait Named {
    /// "一户一档" / "household ledger", "密接" / "close contact".
    fn name(&self, lang: Lang) -> &'static str;
}

impl Named for SheetSpec {
    fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

impl Named for CaseCategory {
    fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => match self {
                CaseCategory::Confirmed => "confirmed case",
                CaseCategory::Asymptomatic => "asymptomatic infection",
                CaseCategory::CloseContact => "close contact",
                CaseCategory::SecondaryContact => "secondary close contact",
            },
        }
    }
}

impl Named for CommunityType {
    fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => match self {
                CommunityType::Compound => "compound",
                CommunityType::Community => "community",
                CommunityType::Village => "village",
                CommunityType::NaturalVillage => "natural village",
                CommunityType::Unit => "work unit",
            },
        }
    }
}

/// What is wrong with an `[aliases]` entry, in words.
pub trait AliasText {
    /// "别名中的工作表“…”不是台账中的表" / "aliases: "…" is not a ledger sheet".
    fn message(&self, lang: Lang) -> String;
}

impl AliasText for AliasIssue {
    fn message(&self, lang: Lang) -> String {
        match self {
            AliasIssue::Sheet { name } => super::pair(
                lang,
                format!("别名中的工作表“{name}”不是台账中的表"),
                format!("aliases: \"{name}\" is not a ledger sheet"),
            ),
            AliasIssue::Column { column, sheet } => {
                let spec = sheet_spec(*sheet);
                super::pair(
                    lang,
                    format!("别名中的列“{column}”不是{}中的列", spec.zh),
                    format!("aliases: \"{column}\" is not a column of {}", spec.en),
                )
            }
            AliasIssue::Info { label } => super::pair(
                lang,
                format!("别名中的“{label}”不是基本信息中的项目"),
                format!("aliases: \"{label}\" is not a 基本信息 field"),
            ),
        }
    }
}
