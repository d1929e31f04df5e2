//! What is wrong with a submission, where, and how badly.
//!
//! A problem is always about the submitter's data, never about the tool: it
//! carries the sheet and cell it was found at so an office can defend it and a
//! community can fix it.

use serde::Serialize;

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The application cannot be assessed as submitted.
    Error,
    /// It can be assessed, but the data is doubtful.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("错误", "error"),
            Severity::Warning => lang.pick("警告", "warning"),
            Severity::Info => lang.pick("提示", "info"),
        }
    }
}

/// The kinds of problem a submission can have. Each variant carries what its
/// message needs; the message itself is produced in either language.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file could not be opened as a workbook at all.
    Unreadable {
        /// Why, as the reader found it.
        error: wuyi_sheets::OpenError,
    },
    MissingSheet {
        sheet: String,
        /// The sheets the workbook holds, and the one most like it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        present: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        closest: Option<String>,
    },
    /// The sheet exists but no row in it looks like the header.
    HeaderNotFound,
    MissingColumn {
        column: String,
    },
    UnknownColumns {
        columns: Vec<String>,
    },
    DuplicateColumn {
        column: String,
    },
    MissingInfo {
        field: String,
    },
    /// A required field of a row is blank.
    MissingValue {
        column: String,
    },
    BadDate {
        column: String,
        value: String,
    },
    BadNumber {
        column: String,
        value: String,
    },
    Negative {
        column: String,
        /// As typed: a count is whole, a score may not be.
        value: f64,
    },
    BadYesNo {
        column: String,
        value: String,
    },
    BadCategory {
        value: String,
    },
    BadCommunityType {
        value: String,
    },
    CellError {
        column: String,
        value: String,
    },
    /// A formula saved without its value (written by a script, never
    /// opened in a spreadsheet): never read as 0 or as blank.
    UncalculatedFormula {
        column: String,
        formula: String,
    },
    DuplicateKey {
        column: String,
        key: String,
        first: String,
    },
    UnknownGrid {
        grid: String,
    },
    UnknownParentGrid {
        grid: String,
    },
    UnknownHousehold {
        household: String,
    },
    CaseAfterAssessment {
        date: String,
        assessed_on: String,
    },
    ExceedsResidents {
        column: String,
        value: i64,
        residents: i64,
    },
    ScoreAboveMax {
        column: String,
        value: f64,
        max: f64,
    },
    NoDataRows,
    /// Data-shaped rows below a totals row, read as data.
    RowsAfterTotal {
        rows: usize,
        /// The first of them, as 1-based sheet row numbers.
        named: Vec<u32>,
    },
    /// A totals row whose count is not the sum of the rows it totals.
    TotalMismatch {
        column: String,
        total: i64,
        sum: i64,
    },
    /// A cell the zero-case gate depends on that could not be read (from
    /// `wuyi check`, with the built-in gate).
    GateUndecided {
        why_zh: String,
        why_en: String,
    },
    /// "无", "本期无涉疫人员" written where the case log's rows go, read as
    /// an empty log.
    NothingWritten {
        text: String,
    },
    /// Row problems past the most listed for one sheet, counted only.
    Unlisted {
        count: usize,
    },
    /// A sheet whose name contains a ledger sheet's name, read as it.
    SheetReadAs {
        sheet: String,
        canonical: String,
    },
    /// One ledger sheet read from several (one sheet per grid).
    SheetsJoined {
        canonical: String,
        sheets: Vec<String>,
    },
    /// A sheet that looks like a ledger sheet but was not read, because
    /// another sheet is that ledger sheet.
    SheetNotRead {
        canonical: String,
        read: String,
    },
    /// A header the contract does not know that looks like a column it
    /// lacks.
    LikelyColumn {
        found: String,
        column: String,
    },
    /// A rubric item that could not be measured: what was missing, and the
    /// nearest thing that was there.
    ItemUnmeasured {
        item: String,
        why_zh: String,
        why_en: String,
    },
    /// A date written with a two-digit year, read as the date given.
    TwoDigitYear {
        column: String,
        value: String,
        read: String,
    },
    /// A yes/no answer written with a remark (否（已搬离）): read as the
    /// answer, the remark kept.
    YesNoRemark {
        column: String,
        answer: bool,
        remark: String,
    },
    /// A grid that is its own parent, or whose parents lead back to it.
    ParentCycle {
        grid: String,
    },
    /// The one parent outside the ledger: the grid above it.
    ParentOutside {
        grid: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// The sheet name as it is in the workbook, when the problem has a place.
    pub sheet: Option<String>,
    /// "F37"-style reference inside `sheet`.
    pub cell: Option<String>,
    #[serde(flatten)]
    pub kind: ProblemKind,
}

impl Problem {
    pub fn new(severity: Severity, kind: ProblemKind) -> Self {
        Problem {
            severity,
            sheet: None,
            cell: None,
            kind,
        }
    }

    pub fn error(kind: ProblemKind) -> Self {
        Self::new(Severity::Error, kind)
    }

    pub fn warning(kind: ProblemKind) -> Self {
        Self::new(Severity::Warning, kind)
    }

    pub fn info(kind: ProblemKind) -> Self {
        Self::new(Severity::Info, kind)
    }

    pub fn on_sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_string());
        self
    }

    pub fn at(mut self, sheet: &str, cell: String) -> Self {
        self.sheet = Some(sheet.to_string());
        self.cell = Some(cell);
        self
    }

    /// "一户一档!F37", "一户一档", or "" for a whole-file problem.
    pub fn location(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (Some(s), None) => s.clone(),
            _ => String::new(),
        }
    }

    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    pub fn message(&self, lang: Lang) -> String {
        self.kind.message(lang)
    }
}

impl ProblemKind {
    /// Every code `code()` can return, for rubrics that count problems.
    pub const CODES: &'static [&'static str] = &[
        "unreadable",
        "missing_sheet",
        "header_not_found",
        "missing_column",
        "unknown_columns",
        "duplicate_column",
        "missing_info",
        "missing_value",
        "bad_date",
        "bad_number",
        "negative",
        "bad_yes_no",
        "bad_category",
        "bad_community_type",
        "cell_error",
        "uncalculated_formula",
        "duplicate_key",
        "unknown_grid",
        "unknown_parent_grid",
        "unknown_household",
        "case_after_assessment",
        "exceeds_residents",
        "score_above_max",
        "no_data_rows",
        "rows_after_total",
        "total_mismatch",
        "nothing_written",
        "gate_undecided",
        "unlisted",
        "sheet_read_as",
        "sheets_joined",
        "sheet_not_read",
        "likely_column",
        "item_unmeasured",
        "two_digit_year",
        "yes_no_remark",
        "parent_cycle",
        "parent_outside",
    ];

    pub fn is_code(code: &str) -> bool {
        Self::CODES.contains(&code)
    }

    pub fn code(&self) -> &'static str {
        use ProblemKind::*;
        match self {
            Unreadable { .. } => "unreadable",
            MissingSheet { .. } => "missing_sheet",
            HeaderNotFound => "header_not_found",
            MissingColumn { .. } => "missing_column",
            UnknownColumns { .. } => "unknown_columns",
            DuplicateColumn { .. } => "duplicate_column",
            MissingInfo { .. } => "missing_info",
            MissingValue { .. } => "missing_value",
            BadDate { .. } => "bad_date",
            BadNumber { .. } => "bad_number",
            Negative { .. } => "negative",
            BadYesNo { .. } => "bad_yes_no",
            BadCategory { .. } => "bad_category",
            BadCommunityType { .. } => "bad_community_type",
            CellError { .. } => "cell_error",
            UncalculatedFormula { .. } => "uncalculated_formula",
            DuplicateKey { .. } => "duplicate_key",
            UnknownGrid { .. } => "unknown_grid",
            UnknownParentGrid { .. } => "unknown_parent_grid",
            UnknownHousehold { .. } => "unknown_household",
            CaseAfterAssessment { .. } => "case_after_assessment",
            ExceedsResidents { .. } => "exceeds_residents",
            ScoreAboveMax { .. } => "score_above_max",
            NoDataRows => "no_data_rows",
            RowsAfterTotal { .. } => "rows_after_total",
            TotalMismatch { .. } => "total_mismatch",
            NothingWritten { .. } => "nothing_written",
            GateUndecided { .. } => "gate_undecided",
            Unlisted { .. } => "unlisted",
            SheetReadAs { .. } => "sheet_read_as",
            SheetsJoined { .. } => "sheets_joined",
            SheetNotRead { .. } => "sheet_not_read",
            LikelyColumn { .. } => "likely_column",
            ItemUnmeasured { .. } => "item_unmeasured",
            TwoDigitYear { .. } => "two_digit_year",
            YesNoRemark { .. } => "yes_no_remark",
            ParentCycle { .. } => "parent_cycle",
            ParentOutside { .. } => "parent_outside",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        use ProblemKind::*;
        let zh = lang.is_zh();
        match self {
            Unreadable { error } => {
                let reason = crate::report::catalogue::read::open_error(error, lang);
                if zh {
                    format!("无法读取文件：{reason}")
                } else {
                    format!("cannot read the file: {reason}")
                }
            }
            MissingSheet {
                sheet,
                present,
                closest,
            } => {
                let present = clip_list(present);
                let mut out = if zh {
                    format!("缺少工作表“{sheet}”")
                } else {
                    format!("the sheet \"{sheet}\" is missing")
                };
                if !present.is_empty() {
                    let quoted: Vec<String> = present.iter().map(|p| format!("“{p}”")).collect();
                    if zh {
                        out.push_str(&format!("；工作簿中的工作表：{}", quoted.join("、")));
                    } else {
                        out.push_str(&format!("; the workbook holds {}", quoted.join(", ")));
                    }
                }
                if let Some(c) = closest {
                    if zh {
                        out.push_str(&format!("；最接近的是“{c}”（名称未识别）"));
                    } else {
                        out.push_str(&format!("; the closest is \"{c}\" (name not recognised)"));
                    }
                }
                out
            }
            HeaderNotFound => lang
                .pick(
                    "找不到表头行（没有一行包含本表应有的列名）",
                    "no header row found (no row holds this sheet's column names)",
                )
                .to_string(),
            MissingColumn { column } => {
                if zh {
                    format!("缺少必填列“{column}”")
                } else {
                    format!("the required column \"{column}\" is missing")
                }
            }
            UnknownColumns { columns } => {
                let columns = clip_list(columns);
                if zh {
                    format!("以下列不在台账规范内，已忽略：{}", columns.join("、"))
                } else {
                    format!(
                        "columns not in the ledger contract, ignored: {}",
                        columns.join(", ")
                    )
                }
            }
            DuplicateColumn { column } => {
                if zh {
                    format!("列“{column}”出现多次，只读取第一列")
                } else {
                    format!(
                        "the column \"{column}\" appears more than once; only the first is read"
                    )
                }
            }
            MissingInfo { field } => {
                if zh {
                    format!("基本信息缺少“{field}”")
                } else {
                    format!("the basic information lacks \"{field}\"")
                }
            }
            MissingValue { column } => {
                if zh {
                    format!("“{column}”未填写")
                } else {
                    format!("\"{column}\" is blank")
                }
            }
            BadDate { column, value } => {
                let value = clip(value);
                if zh {
                    format!("“{column}”的值“{value}”不是有效日期")
                } else {
                    format!("\"{column}\": \"{value}\" is not a valid date")
                }
            }
            BadNumber { column, value } => {
                let value = clip(value);
                if zh {
                    format!("“{column}”的值“{value}”不是有效数字")
                } else {
                    format!("\"{column}\": \"{value}\" is not a valid number")
                }
            }
            Negative { column, value } => {
                if zh {
                    format!("“{column}”不能为负数（填写的是 {value}）")
                } else {
                    format!("\"{column}\" cannot be negative (found {value})")
                }
            }
            BadYesNo { column, value } => {
                let value = clip(value);
                if zh {
                    format!("“{column}”的值“{value}”应为“是”或“否”")
                } else {
                    format!("\"{column}\": \"{value}\" should be yes or no")
                }
            }
            BadCategory { value } => {
                let value = clip(value);
                if zh {
                    format!("类别“{value}”无法识别，应为确诊病例、无症状感染者、密接或次密接")
                } else {
                    format!(
                        "category \"{value}\" not recognised; expected confirmed, asymptomatic, close contact or secondary contact"
                    )
                }
            }
            BadCommunityType { value } => {
                let value = clip(value);
                if zh {
                    format!("类型“{value}”无法识别，应为小区、社区、村、自然村或单位")
                } else {
                    format!(
                        "type \"{value}\" not recognised; expected 小区, 社区, 村, 自然村 or 单位"
                    )
                }
            }
            CellError { column, value } => {
                let value = clip(value);
                if zh {
                    format!("“{column}”单元格是错误值 {value}（公式出错），未读取")
                } else {
                    format!(
                        "\"{column}\" holds the error value {value} (a broken formula); not read"
                    )
                }
            }
            UncalculatedFormula { column, formula } => {
                let formula = clip(formula);
                let shown = if formula.is_empty() {
                    String::new()
                } else {
                    format!(" ={formula}")
                };
                if zh {
                    format!(
                        "“{column}”是没有计算结果的公式{shown}，未读取（请用 Excel 或 WPS 打开、保存后重新提交）"
                    )
                } else {
                    format!(
                        "\"{column}\" holds a formula{shown} saved without its value; not read (open and save the file in Excel or WPS, then resubmit)"
                    )
                }
            }
            DuplicateKey { column, key, first } => {
                let key = clip(key);
                if zh {
                    format!("{column}“{key}”重复（首次出现在 {first}）")
                } else {
                    format!("{column} \"{key}\" is duplicated (first at {first})")
                }
            }
            UnknownGrid { grid } => {
                let grid = clip(grid);
                if zh {
                    format!("网格编号“{grid}”在网格台账中不存在")
                } else {
                    format!("grid \"{grid}\" is not in the grid ledger")
                }
            }
            UnknownParentGrid { grid } => {
                let grid = clip(grid);
                if zh {
                    format!("上级网格“{grid}”在网格台账中不存在")
                } else {
                    format!("parent grid \"{grid}\" is not in the grid ledger")
                }
            }
            UnknownHousehold { household } => {
                let household = clip(household);
                if zh {
                    format!("户编号“{household}”在一户一档中不存在")
                } else {
                    format!("household \"{household}\" is not in the household ledger")
                }
            }
            CaseAfterAssessment { date, assessed_on } => {
                if zh {
                    format!("登记日期 {date} 晚于评估日期 {assessed_on}")
                } else {
                    format!("dated {date}, after the assessment date {assessed_on}")
                }
            }
            ExceedsResidents {
                column,
                value,
                residents,
            } => {
                if zh {
                    format!("{column} {value} 大于常住人口 {residents}")
                } else {
                    format!("{column} {value} is more than the {residents} residents")
                }
            }
            ScoreAboveMax { column, value, max } => {
                if zh {
                    format!("{column} {value} 超过分值 {max}")
                } else {
                    format!("{column} {value} is above the item's {max} points")
                }
            }
            NoDataRows => lang.pick("没有数据行", "no data rows").to_string(),
            RowsAfterTotal { rows, named } => {
                let list: Vec<String> = named.iter().map(u32::to_string).collect();
                let more = *rows > named.len();
                if zh {
                    format!(
                        "合计行之后还有 {rows} 行数据（第 {}{} 行），已按数据读取，请核实",
                        list.join("、"),
                        if more { " 等" } else { "" }
                    )
                } else {
                    format!(
                        "{rows} rows of data after the totals row (row{} {}{}) were read as data; please check them",
                        if *rows == 1 { "" } else { "s" },
                        list.join(", "),
                        if more { " …" } else { "" }
                    )
                }
            }
            TotalMismatch { column, total, sum } => {
                if zh {
                    format!("合计行的{column}为 {total}，与上方各行之和 {sum} 不符")
                } else {
                    format!(
                        "the totals row gives {column} as {total}, but the rows above add up to {sum}"
                    )
                }
            }
            GateUndecided { why_zh, why_en } => {
                if zh {
                    format!("零病例核查无法判定：{why_zh}")
                } else {
                    format!("the zero-case gate cannot be decided: {why_en}")
                }
            }
            NothingWritten { text } => {
                if zh {
                    if text.is_empty() {
                        "此行按“无涉疫记录”读取".to_string()
                    } else {
                        format!("“{}”按“无涉疫记录”读取", clip(text))
                    }
                } else if text.is_empty() {
                    "this row was read as \"no case records\"".to_string()
                } else {
                    format!("\"{}\" was read as \"no case records\"", clip(text))
                }
            }
            Unlisted { count } => {
                let shown = crate::ledger::table::LISTED_PER_SHEET;
                if zh {
                    format!("本表另有 {count} 处行问题未逐条列出（只列出前 {shown} 处）")
                } else {
                    format!(
                        "{count} more row problems in this sheet are not listed (the first {shown} are)"
                    )
                }
            }
            SheetReadAs { sheet, canonical } => {
                if zh {
                    format!("工作表“{sheet}”按“{canonical}”读取")
                } else {
                    format!("the sheet \"{sheet}\" was read as {canonical}")
                }
            }
            SheetsJoined { canonical, sheets } => {
                let sheets = clip_list(sheets);
                if zh {
                    format!(
                        "“{canonical}”由 {} 个工作表合并读取：{}",
                        sheets.len(),
                        sheets.join("、")
                    )
                } else {
                    format!(
                        "{canonical} was read from {} sheets together: {}",
                        sheets.len(),
                        sheets.join(", ")
                    )
                }
            }
            SheetNotRead { canonical, read } => {
                if zh {
                    format!("本表名称像“{canonical}”，但已读取工作表“{read}”，本表未读取")
                } else {
                    format!(
                        "this sheet's name looks like {canonical}, but the sheet \"{read}\" was read as it; this one was not read"
                    )
                }
            }
            LikelyColumn { found, column } => {
                if zh {
                    format!("列“{found}”未识别，可能是“{column}”；如是，请把列名改为“{column}”")
                } else {
                    format!(
                        "the column \"{found}\" was not recognised and may be \"{column}\"; if so, rename it \"{column}\""
                    )
                }
            }
            ItemUnmeasured {
                item,
                why_zh,
                why_en,
            } => {
                if zh {
                    format!("评分项 {item} 无法计量，不得分：{why_zh}")
                } else {
                    format!("rubric item {item} could not be measured and earns nothing: {why_en}")
                }
            }
            TwoDigitYear {
                column,
                value,
                read,
            } => {
                let value = clip(value);
                if zh {
                    format!("“{column}”的年份只写了两位（{value}），按 {read} 读取，请核对")
                } else {
                    format!(
                        "\"{column}\" has a two-digit year ({value}), read as {read}; please check"
                    )
                }
            }
            YesNoRemark {
                column,
                answer,
                remark,
            } => {
                let remark = clip(remark);
                if zh {
                    let answer = if *answer { "是" } else { "否" };
                    format!("“{column}”读作“{answer}”，备注“{remark}”")
                } else {
                    let answer = if *answer { "yes" } else { "no" };
                    format!("\"{column}\" read as \"{answer}\", remark \"{remark}\"")
                }
            }
            ParentOutside { grid } => {
                let grid = clip(grid);
                if zh {
                    format!("上级网格“{grid}”不在本台账中，按本台账之上的网格（社区或街道）读取")
                } else {
                    format!(
                        "the parent grid \"{grid}\" is not in the ledger; read as the grid above it (the community or street)"
                    )
                }
            }
            ParentCycle { grid } => {
                if zh {
                    format!("网格“{grid}”的上级网格最终指回它自己")
                } else {
                    format!("the parent grids of \"{grid}\" lead back to itself")
                }
            }
        }
    }
}

/// Text from a cell quoted in a message: enough to find it, not the 32,767
/// characters a cell can hold.
fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 80;
    if s.chars().count() <= MAX {
        return s.into();
    }
    let mut out: String = s.chars().take(MAX - 1).collect();
    out.push('…');
    out.into()
}

/// A list of names quoted in a message: the first few, then how many in
/// all.
fn clip_list(items: &[String]) -> Vec<String> {
    const MAX: usize = 20;
    let mut out: Vec<String> = items
        .iter()
        .take(MAX)
        .map(|s| clip(s).into_owned())
        .collect();
    if items.len() > MAX {
        out.push(format!("… ({})", items.len()));
    }
    out
}

/// How many problems of each severity a list holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn of(problems: &[Problem]) -> Self {
        let mut t = Tally::default();
        for p in problems {
            match p.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
        }
        t
    }
}
