//! The fields of 基本信息 and the labels each is known by.

use std::sync::LazyLock;

use super::Aliases;
use wuyi_sheets::normalize::{label_key, label_key_without_units};

/// The label keys of each of [`INFO_FIELDS`]' own names (Chinese, English,
/// aliases), worked out once rather than for every cell of every 基本信息.
static NAME_KEYS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    INFO_FIELDS
        .iter()
        .map(|f| {
            std::iter::once(f.zh)
                .chain(std::iter::once(f.en))
                .chain(f.aliases.iter().copied())
                .map(label_key)
                .collect()
        })
        .collect()
});

/// The place in [`INFO_FIELDS`] of the first field a 基本信息 label names,
/// a county's added names (`aliases`) included: what asking each field's
/// [`InfoFieldSpec::matches_in`] in turn gives, with the label's keys
/// worked out once.
pub fn info_field_of(label: &str, aliases: &Aliases) -> Option<usize> {
    let exact = label_key(label);
    if exact.is_empty() {
        return None;
    }
    let bare = label_key_without_units(label);
    INFO_FIELDS
        .iter()
        .zip(NAME_KEYS.iter())
        .position(|(f, keys)| {
            keys.iter().any(|n| *n == exact || *n == bare)
                || aliases
                    .info_labels(f.field)
                    .iter()
                    .any(|n| *n == exact || *n == bare)
        })
}

/// Fields of 基本信息.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum InfoField {
    /// 名称: the applicant's name.
    Name,
    /// 类型: the kind of community applying ([`CommunityType`](super::CommunityType)).
    Type,
    /// 所属区县: the county or district the applicant belongs to.
    District,
    /// 所属街道: the street or township the applicant belongs to.
    Town,
    /// 评估日期: the date of the assessment.
    AssessedOn,
    /// 联系人: the person to contact about the application.
    Contact,
    /// 联系电话: the contact's phone number.
    Phone,
}

/// One field of 基本信息: its labels, whether it must be filled, and its filling note.
pub struct InfoFieldSpec {
    /// Which field this is.
    pub field: InfoField,
    /// The canonical Chinese label, as the template writes it.
    pub zh: &'static str,
    /// The English key, also accepted as a label.
    pub en: &'static str,
    /// Other labels accepted for this field.
    pub aliases: &'static [&'static str],
    /// Whether a 基本信息 without this field is an error.
    pub required: bool,
    /// A one-line filling note for the template (如：幸福里小区).
    pub note: &'static str,
}

/// The fields of 基本信息, in template order.
pub static INFO_FIELDS: [InfoFieldSpec; 7] = [
    InfoFieldSpec {
        field: InfoField::Name,
        zh: "名称",
        en: "name",
        aliases: &[
            "小区名称",
            "社区名称",
            "村名称",
            "单位名称",
            "申报名称",
            "申报单位",
            "申报单位名称",
            "申报对象",
            "小区(社区)名称",
            "社区(村)名称",
            "村(社区)名称",
            "小区名",
            "村名",
        ],
        required: true,
        note: "如：幸福里小区",
    },
    InfoFieldSpec {
        field: InfoField::Type,
        zh: "类型",
        en: "type",
        aliases: &["申报类型", "类别", "申报类别", "社区类型", "单位类型"],
        required: true,
        note: "小区 / 社区 / 村 / 自然村 / 单位",
    },
    InfoFieldSpec {
        field: InfoField::District,
        zh: "所属区县",
        en: "district",
        aliases: &[
            "区县",
            "所属区(县)",
            "所属县区",
            "所属县(市、区)",
            "县(市、区)",
            "所在区县",
            "区(县)",
        ],
        required: true,
        note: "如：城关区",
    },
    InfoFieldSpec {
        field: InfoField::Town,
        zh: "所属街道",
        en: "town",
        aliases: &[
            "所属乡镇",
            "所属街道(乡镇)",
            "所属乡镇(街道)",
            "街道",
            "乡镇",
            "街道(乡镇)",
            "乡镇(街道)",
            "所在街道",
            "所在乡镇",
            "所属街道办事处",
            "街道办事处",
        ],
        required: true,
        note: "街道或乡镇名称",
    },
    InfoFieldSpec {
        field: InfoField::AssessedOn,
        zh: "评估日期",
        en: "assessed_on",
        aliases: &[
            "申报日期",
            "自评日期",
            "评估时间",
            "填报日期",
            "填表日期",
            "申报时间",
            "评定日期",
        ],
        required: true,
        note: "日期，如 2022-03-31",
    },
    InfoFieldSpec {
        field: InfoField::Contact,
        zh: "联系人",
        en: "contact",
        aliases: &["联系人姓名"],
        required: false,
        note: "姓名",
    },
    InfoFieldSpec {
        field: InfoField::Phone,
        zh: "联系电话",
        en: "phone",
        aliases: &[
            "电话",
            "联系方式",
            "手机号",
            "手机号码",
            "联系人电话",
            "联系人手机",
        ],
        required: false,
        note: "手机号",
    },
];

impl InfoFieldSpec {
    /// Whether a 基本信息 label names this field by the contract's own names.
    pub fn matches(&self, label: &str) -> bool {
        self.matches_in(label, Aliases::none())
    }

    /// [`Self::matches`], a county's added names (`aliases`) included.
    pub fn matches_in(&self, label: &str, aliases: &Aliases) -> bool {
        let exact = label_key(label);
        let bare = label_key_without_units(label);
        if exact.is_empty() {
            return false;
        }
        std::iter::once(self.zh)
            .chain(std::iter::once(self.en))
            .chain(self.aliases.iter().copied())
            .map(label_key)
            .chain(aliases.info_labels(self.field))
            .any(|n| n == exact || n == bare)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::contract::AliasSpec;

    /// The label keys worked out once find the same field as asking each
    /// field in turn, for every name the contract knows, written as people
    /// write labels, and for names a county added.
    #[test]
    fn a_label_names_the_field_each_field_would_claim() {
        let mut labels: Vec<String> = vec![String::new(), " ".into(), "备注".into(), "名".into()];
        for f in &INFO_FIELDS {
            for n in [f.zh, f.en].iter().chain(f.aliases) {
                labels.push(n.to_string());
                labels.push(format!("*{n}："));
                labels.push(format!(" {n}（必填）"));
                labels.push(format!("{n}(人)"));
                labels.push(n.to_uppercase());
                labels.push(format!("{n}x"));
            }
        }
        let added = AliasSpec {
            info: [("名称".to_string(), vec!["小区全称".to_string()])]
                .into_iter()
                .collect(),
            ..AliasSpec::default()
        }
        .resolved();
        labels.push("小区全称".into());
        labels.push("小区全称：".into());
        for aliases in [Aliases::none(), &added] {
            for l in &labels {
                let want = INFO_FIELDS.iter().position(|f| f.matches_in(l, aliases));
                assert_eq!(info_field_of(l, aliases), want, "{l:?}");
            }
        }
        assert_eq!(info_field_of("小区全称", &added), Some(0));
    }
}
