//! The ledger contract: which sheets a submitted workbook holds, which
//! columns each has, and what each column's values mean. Everything that
//! reads, validates, scores or writes a template takes its names from here.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use wuyi_sheets::normalize::{label_key, label_key_without_units};

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

/// 网格台账: each grid's id and parent grid, its 网格长 and their phone, its buildings and building heads,
/// and its households and residents.
pub static GRIDS: SheetSpec = SheetSpec {
    key: SheetKey::Grids,
    zh: "网格台账",
    en: "Grids",
    aliases: &[
        "网格",
        "网格信息",
        "网格信息表",
        "网格划分",
        "联防网格",
        "网格化管理台账",
        "网格员台账",
    ],
    required: true,
    columns: &[
        unique(col(
            "grid_id",
            "网格编号",
            &[
                "网格号",
                "微网格编号",
                "网格编码",
                "网格代码",
                "网格名称",
                "微网格",
                "网格",
            ],
            Kind::Id,
            true,
            "如 G01-03，唯一",
        )),
        col(
            "parent_grid",
            "上级网格",
            &[
                "上级网格编号",
                "上级网格名称",
                "上级",
                "父网格",
                "所属上级网格",
            ],
            Kind::Id,
            false,
            "上一级网格的编号",
        ),
        col(
            "leader",
            "网格长",
            &[
                "网格员",
                "网格负责人",
                "网格长姓名",
                "网格员姓名",
                "专职网格员",
                "网格长(网格员)",
            ],
            Kind::Text,
            true,
            "姓名",
        ),
        col(
            "leader_phone",
            "网格长电话",
            &[
                "网格长联系电话",
                "网格长手机",
                "网格长手机号",
                "网格长联系方式",
                "网格员电话",
                "网格员联系电话",
                "网格员手机号",
                "网格员联系方式",
                "联系电话",
                "联系方式",
                "电话",
                "手机号",
                "手机号码",
                "电话号码",
            ],
            Kind::Text,
            false,
            "手机号",
        ),
        col(
            "building",
            "楼栋",
            &[
                "楼号",
                "楼栋号",
                "所辖楼栋",
                "包联楼栋",
                "楼栋单元",
                "楼栋(单元)",
            ],
            Kind::Text,
            false,
            "如 3号楼",
        ),
        col(
            "building_leader",
            "楼栋长",
            &["单元长", "楼长", "楼栋长姓名", "楼栋负责人", "楼长姓名"],
            Kind::Text,
            false,
            "姓名",
        ),
        col(
            "households",
            "户数",
            &[
                "联防户数",
                "包联户数",
                "住户数",
                "总户数",
                "包保户数",
                "户数合计",
            ],
            Kind::Count,
            false,
            "10-20户为宜",
        ),
        col(
            "residents",
            "人数",
            &[
                "人口数",
                "居住人数",
                "总人数",
                "人口",
                "居民人数",
                "常住人口",
            ],
            Kind::Count,
            false,
            "人",
        ),
    ],
};

/// 一户一档: each household's id, grid, address, head and phone, its residents, their testing and
/// vaccination, returnees, contacts, vulnerable members and tenancy, and when the entry was last
/// updated.
pub static HOUSEHOLDS: SheetSpec = SheetSpec {
    key: SheetKey::Households,
    zh: "一户一档",
    en: "Households",
    aliases: &[
        "住户台账",
        "户籍台账",
        "一户一档台账",
        "住户信息",
        "住户信息表",
        "居民台账",
        "入户排查台账",
    ],
    required: true,
    columns: &[
        unique(col(
            "household_id",
            "户编号",
            &["户号", "住户编号", "户编码", "档案编号", "户档编号"],
            Kind::Id,
            true,
            "唯一",
        )),
        col(
            "grid_id",
            "网格编号",
            &[
                "所属网格",
                "网格号",
                "网格",
                "网格编码",
                "所在网格",
                "所属网格编号",
            ],
            Kind::Id,
            true,
            "须为网格台账中的编号",
        ),
        col(
            "address",
            "地址",
            &[
                "住址",
                "门牌号",
                "家庭住址",
                "现住址",
                "居住地址",
                "详细地址",
                "房号",
                "门牌",
            ],
            Kind::Text,
            false,
            "楼栋-单元-门牌",
        ),
        col(
            "head",
            "户主",
            &["户主姓名", "户主名", "户主名字", "姓名"],
            Kind::Text,
            false,
            "姓名",
        ),
        col(
            "phone",
            "联系电话",
            &[
                "电话",
                "手机号",
                "联系方式",
                "电话号码",
                "手机号码",
                "手机",
                "户主电话",
                "户主联系电话",
                "户主手机号",
                "户主联系方式",
                "联系号码",
            ],
            Kind::Text,
            false,
            "手机号",
        ),
        col(
            "registered",
            "户籍人口",
            &["户籍人数", "户籍人口数"],
            Kind::Count,
            false,
            "人",
        ),
        col(
            "residents",
            "常住人口",
            &[
                "常住人数",
                "实住人口",
                "常住人口数",
                "实际居住人数",
                "居住人数",
                "在住人数",
                "现居住人数",
            ],
            Kind::Count,
            true,
            "人",
        ),
        col(
            "tested",
            "核酸检测人数",
            &[
                "核酸检测",
                "已检测人数",
                "核酸人数",
                "已做核酸人数",
                "核酸检测人次",
                "已核酸检测人数",
            ],
            Kind::Count,
            false,
            "不超过常住人口",
        ),
        col(
            "vaccinated",
            "疫苗接种人数",
            &[
                "疫苗接种",
                "已接种人数",
                "接种人数",
                "已接种疫苗人数",
                "接种疫苗人数",
            ],
            Kind::Count,
            false,
            "不超过常住人口",
        ),
        col(
            "overseas_returnees",
            "境外返乡人员",
            &[
                "境外返回人员",
                "入境人员",
                "境外返乡",
                "境外返回",
                "境外来返人员",
                "入境返乡人员",
            ],
            Kind::Count,
            false,
            "人",
        ),
        col(
            "risk_area_returnees",
            "中高风险地区返乡人员",
            &[
                "中高风险地区返回人员",
                "中高风险地区返乡",
                "中高风险地区来返人员",
                "中高风险地区返回",
                "中高风险返乡人员",
            ],
            Kind::Count,
            false,
            "人",
        ),
        col(
            "close_contacts",
            "密接",
            &["密切接触者", "密接人员", "密接人数"],
            Kind::Count,
            false,
            "当前人数",
        ),
        col(
            "secondary_contacts",
            "次密接",
            &["次密切接触者", "次密接人员", "次密接人数"],
            Kind::Count,
            false,
            "当前人数",
        ),
        col(
            "vulnerable",
            "七类人",
            &["七类人员", "重点人群", "七类重点人群", "七类重点人员"],
            Kind::Count,
            false,
            "人",
        ),
        col(
            "tenant",
            "租户",
            &["是否租户", "租住", "是否租住", "是否出租户", "租赁户"],
            Kind::YesNo,
            false,
            "是/否",
        ),
        col(
            "updated_on",
            "更新日期",
            &[
                "更新时间",
                "最近更新",
                "最后更新",
                "最后更新时间",
                "最近更新时间",
                "最后更新日期",
                "信息更新时间",
            ],
            Kind::Date,
            false,
            "日期",
        ),
    ],
};

/// 涉疫台账: each case or contact's date, category ([`CaseCategory`]) and household, with a note.
pub static CASES: SheetSpec = SheetSpec {
    key: SheetKey::Cases,
    zh: "涉疫台账",
    en: "Cases",
    aliases: &[
        "涉疫人员台账",
        "病例台账",
        "涉疫人员",
        "涉疫人员登记",
        "涉疫情况",
        "涉疫人员登记表",
    ],
    required: true,
    columns: &[
        col(
            "date",
            "日期",
            &[
                "登记日期",
                "发现日期",
                "时间",
                "确诊日期",
                "报告日期",
                "登记时间",
                "发现时间",
            ],
            Kind::Date,
            true,
            "日期；无涉疫人员时本表留空",
        ),
        col(
            "category",
            "类别",
            &[
                "人员类别",
                "类型",
                "人员类型",
                "涉疫类型",
                "涉疫类别",
                "分类",
            ],
            Kind::Category,
            true,
            "确诊病例/无症状感染者/密接/次密接",
        ),
        col(
            "household_id",
            "户编号",
            &["户号", "所在户编号", "户编码"],
            Kind::Id,
            false,
            "一户一档中的编号",
        ),
        col(
            "note",
            "备注",
            &["说明", "情况说明", "处置情况"],
            Kind::Text,
            false,
            "",
        ),
    ],
};

/// 消杀记录: the date, place and person of each disinfection.
pub static DISINFECTION: SheetSpec = SheetSpec {
    key: SheetKey::Disinfection,
    zh: "消杀记录",
    en: "Disinfection",
    aliases: &["消杀台账", "消杀", "消毒记录", "消杀登记", "消毒消杀记录"],
    required: false,
    columns: &[
        col(
            "date",
            "日期",
            &["消杀日期", "消杀时间", "时间"],
            Kind::Date,
            true,
            "每日一次",
        ),
        col(
            "place",
            "部位",
            &[
                "消杀部位",
                "地点",
                "消杀地点",
                "消杀区域",
                "消杀场所",
                "区域",
            ],
            Kind::Text,
            false,
            "电梯、公厕、快递柜、垃圾桶等",
        ),
        col(
            "by",
            "责任人",
            &["消杀人员", "负责人", "消杀人", "操作人"],
            Kind::Text,
            false,
            "姓名",
        ),
    ],
};

/// 自评表: each rubric item's id and name, its maximum points, the community's own score, the verified
/// score and the evidence given.
pub static SELF_ASSESSMENT: SheetSpec = SheetSpec {
    key: SheetKey::SelfAssessment,
    zh: "自评表",
    en: "SelfAssessment",
    aliases: &["自评", "自查自评表", "自评打分表", "评分表", "自评情况"],
    required: false,
    columns: &[
        unique(col(
            "item_id",
            "编号",
            &["项目编号", "指标编号", "评分项编号", "条目编号"],
            Kind::Id,
            true,
            "评分标准中的编号",
        )),
        col(
            "item",
            "项目",
            &[
                "评分项目",
                "考核内容",
                "评分内容",
                "考核项目",
                "评分标准",
                "指标",
                "内容",
            ],
            Kind::Text,
            false,
            "",
        ),
        col(
            "max_points",
            "分值",
            &["满分", "标准分", "分数"],
            Kind::Score,
            false,
            "",
        ),
        col(
            "self_score",
            "自评得分",
            &["自评分", "自评分数", "自评"],
            Kind::Score,
            false,
            "不超过分值",
        ),
        col(
            "verified_score",
            "核定得分",
            &["核定分", "考核得分", "街道核定得分", "核定分数", "审核得分"],
            Kind::Score,
            false,
            "由街道（乡镇）填写",
        ),
        col(
            "evidence",
            "佐证材料",
            &["佐证", "备注", "佐证资料", "证明材料"],
            Kind::Text,
            false,
            "",
        ),
    ],
};

/// 基本信息 is a label/value sheet rather than a table.
pub static INFO_SHEET: SheetSpec = SheetSpec {
    key: SheetKey::Info,
    zh: "基本信息",
    en: "Info",
    aliases: &["基本情况", "概况", "基本信息表", "申报信息", "申报表"],
    required: true,
    columns: &[],
};

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

/// Fields of 基本信息.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InfoField {
    /// 名称: the applicant's name.
    Name,
    /// 类型: the kind of community applying ([`CommunityType`]).
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
#[derive(Debug, Clone, Default, PartialEq)]
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

    fn sheet_names(&self, key: SheetKey) -> Vec<String> {
        self.sheets
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, n)| n.clone())
            .collect()
    }

    fn column(&self, key: SheetKey, exact: &str, bare: &str) -> Option<usize> {
        if self.columns.is_empty() {
            return None;
        }
        self.columns
            .get(&(key, exact.to_string()))
            .or_else(|| self.columns.get(&(key, bare.to_string())))
            .copied()
    }

    fn info_labels(&self, field: InfoField) -> Vec<String> {
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
