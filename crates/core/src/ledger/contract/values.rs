//! Values the contract reads as words: the case-log categories and the
//! kinds of community.

use serde::{Deserialize, Serialize};

use wuyi_sheets::normalize::{label_key, label_key_without_units};

/// Case-log categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseCategory {
    /// 确诊病例: a confirmed case.
    Confirmed,
    /// 无症状感染者: an asymptomatic infection.
    Asymptomatic,
    /// 密接: a close contact.
    CloseContact,
    /// 次密接: a secondary contact (a close contact's close contact).
    SecondaryContact,
}

impl CaseCategory {
    /// Every category, 确诊病例 first.
    pub const ALL: [CaseCategory; 4] = [
        CaseCategory::Confirmed,
        CaseCategory::Asymptomatic,
        CaseCategory::CloseContact,
        CaseCategory::SecondaryContact,
    ];

    /// The category's Chinese name, as the template and the reports write it.
    pub fn zh(self) -> &'static str {
        match self {
            CaseCategory::Confirmed => "确诊病例",
            CaseCategory::Asymptomatic => "无症状感染者",
            CaseCategory::CloseContact => "密接",
            CaseCategory::SecondaryContact => "次密接",
        }
    }

    /// Reads a case-log cell as a category: one of its [`CATEGORY_SYNONYMS`], also with the disease
    /// named first (新冠密接); `None` for any word whose meaning is not certain (阳性, 疑似).
    pub fn parse(s: &str) -> Option<Self> {
        let k = label_key_without_units(s);
        // "新冠肺炎确诊病例", "新冠密接": the disease named before the category.
        let k = [
            "新型冠状病毒肺炎",
            "新冠肺炎",
            "新冠病毒",
            "新冠",
            "covid19",
            "covid",
        ]
        .iter()
        .find_map(|p| k.strip_prefix(p))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(&k);
        CATEGORY_SYNONYMS
            .iter()
            .find(|(_, words)| words.contains(&k))
            .map(|(c, _)| *c)
    }
}

/// The words read as each case-log category: only words whose meaning is
/// certain. 阳性, 疑似, 感染者 and the like name no category for sure; the
/// zero-case gate treats an entry so labelled within its window as
/// undecided. Listed in rubrics/README.md.
pub const CATEGORY_SYNONYMS: &[(CaseCategory, &[&str])] = &[
    (
        CaseCategory::Confirmed,
        &[
            "确诊病例",
            "确诊",
            "确诊患者",
            "确诊病人",
            "确诊者",
            "确诊人员",
            "确诊感染者",
            "confirmed",
            "confirmedcase",
        ],
    ),
    (
        CaseCategory::Asymptomatic,
        &[
            "无症状感染者",
            "无症状",
            "无症状感染",
            "无症状者",
            "无症状阳性",
            "无症状阳性感染者",
            "asymptomatic",
            "asymptomaticinfection",
            "asymptomaticcase",
        ],
    ),
    (
        CaseCategory::CloseContact,
        &[
            "密接",
            "密切接触者",
            "密接者",
            "密接人员",
            "密切接触人员",
            "密切接触",
            "closecontact",
        ],
    ),
    (
        CaseCategory::SecondaryContact,
        &[
            "次密接",
            "次密切接触者",
            "次密接者",
            "次密接人员",
            "次密切接触人员",
            "密接的密接",
            "secondarycontact",
            "secondaryclosecontact",
        ],
    ),
];

/// The kinds of community that apply, and the title each can earn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommunityType {
    /// 小区: a residential compound.
    Compound,
    /// 社区: an urban community.
    Community,
    /// 村: an administrative village (行政村).
    Village,
    /// 自然村: a natural village.
    NaturalVillage,
    /// 单位: a work unit.
    Unit,
}

impl CommunityType {
    /// Every community type, 小区 first.
    pub const ALL: [CommunityType; 5] = [
        CommunityType::Compound,
        CommunityType::Community,
        CommunityType::Village,
        CommunityType::NaturalVillage,
        CommunityType::Unit,
    ];

    /// The type's Chinese name, as 基本信息 writes it.
    pub fn zh(self) -> &'static str {
        match self {
            CommunityType::Compound => "小区",
            CommunityType::Community => "社区",
            CommunityType::Village => "村",
            CommunityType::NaturalVillage => "自然村",
            CommunityType::Unit => "单位",
        }
    }

    /// Reads a 类型 value (小区, 住宅小区, 社区, 村, 行政村, 自然村, 单位, or the English key); `None` for anything
    /// else.
    pub fn parse(s: &str) -> Option<Self> {
        let k = label_key(s);
        Some(match k.as_str() {
            "小区" | "住宅小区" | "compound" => CommunityType::Compound,
            "社区" | "community" => CommunityType::Community,
            "村" | "行政村" | "village" => CommunityType::Village,
            "自然村" | "naturalvillage" => CommunityType::NaturalVillage,
            "单位" | "unit" | "workunit" => CommunityType::Unit,
            _ => return None,
        })
    }
}
