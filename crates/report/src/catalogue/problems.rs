//! What is wrong with a submission, in words: the message of every
//! [`ProblemKind`] and the label of every [`Severity`], Chinese and English
//! side by side.

use crate::i18n::Lang;
use wuyi_core::problem::{Problem, ProblemKind, Severity};

use super::{clip, clip_list};

/// The words for a severity.
pub trait SeverityText {
    /// "错误" / "error", "警告" / "warning", "提示" / "info".
    fn label(self, lang: Lang) -> &'static str;
}

impl SeverityText for Severity {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("错误", "error"),
            Severity::Warning => lang.pick("警告", "warning"),
            Severity::Info => lang.pick("提示", "info"),
        }
    }
}

/// A problem's message, produced from its kind in either language.
pub trait ProblemText {
    /// The message a person reads: what is wrong, without its place.
    fn message(&self, lang: Lang) -> String;
}

impl ProblemText for Problem {
    fn message(&self, lang: Lang) -> String {
        self.kind.message(lang)
    }
}

impl ProblemText for ProblemKind {
    fn message(&self, lang: Lang) -> String {
        use ProblemKind::*;
        match self {
            Unreadable { .. }
            | MissingSheet { .. }
            | HeaderNotFound
            | MissingColumn { .. }
            | UnknownColumns { .. }
            | DuplicateColumn { .. }
            | MissingInfo { .. }
            | NoDataRows
            | RowsAfterTotal { .. }
            | TotalMismatch { .. } => sheet(self, lang),
            MissingValue { .. }
            | BadDate { .. }
            | BadNumber { .. }
            | Negative { .. }
            | BadYesNo { .. }
            | BadCategory { .. }
            | BadCommunityType { .. }
            | CellError { .. }
            | UncalculatedFormula { .. }
            | TwoDigitYear { .. }
            | YesNoRemark { .. } => cell(self, lang),
            DuplicateKey { .. }
            | UnknownGrid { .. }
            | UnknownParentGrid { .. }
            | UnknownHousehold { .. }
            | CaseAfterAssessment { .. }
            | ExceedsResidents { .. }
            | ScoreAboveMax { .. }
            | ParentCycle { .. }
            | ParentOutside { .. } => link(self, lang),
            GateUndecided { .. }
            | NothingWritten { .. }
            | Unlisted { .. }
            | SheetReadAs { .. }
            | SheetsJoined { .. }
            | SheetNotRead { .. }
            | LikelyColumn { .. }
            | ItemUnmeasured { .. } => reading(self, lang),
        }
    }
}

/// A problem with a sheet as a whole: missing, unrecognised, without a header or rows.
fn sheet(kind: &ProblemKind, lang: Lang) -> String {
    use ProblemKind::*;
    let zh = lang.is_zh();
    match kind {
        Unreadable { error } => {
            let reason = super::read::open_error(error, lang);
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
                format!("the column \"{column}\" appears more than once; only the first is read")
            }
        }
        MissingInfo { field } => {
            if zh {
                format!("基本信息缺少“{field}”")
            } else {
                format!("the basic information lacks \"{field}\"")
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
        // The other kinds are worded by the other groups.
        _ => String::new(),
    }
}

/// A problem with one cell's value.
fn cell(kind: &ProblemKind, lang: Lang) -> String {
    use ProblemKind::*;
    let zh = lang.is_zh();
    match kind {
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
                format!("type \"{value}\" not recognised; expected 小区, 社区, 村, 自然村 or 单位")
            }
        }
        CellError { column, value } => {
            let value = clip(value);
            if zh {
                format!("“{column}”单元格是错误值 {value}（公式出错），未读取")
            } else {
                format!("\"{column}\" holds the error value {value} (a broken formula); not read")
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
        TwoDigitYear {
            column,
            value,
            read,
        } => {
            let value = clip(value);
            if zh {
                format!("“{column}”的年份只写了两位（{value}），按 {read} 读取，请核对")
            } else {
                format!("\"{column}\" has a two-digit year ({value}), read as {read}; please check")
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
        // The other kinds are worded by the other groups.
        _ => String::new(),
    }
}

/// A value that does not agree with another: keys, grids, dates, counts.
fn link(kind: &ProblemKind, lang: Lang) -> String {
    use ProblemKind::*;
    let zh = lang.is_zh();
    match kind {
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
        // The other kinds are worded by the other groups.
        _ => String::new(),
    }
}

/// How something was read, or could not be used: joined sheets, likely columns, the gate, rubric items.
fn reading(kind: &ProblemKind, lang: Lang) -> String {
    use ProblemKind::*;
    let zh = lang.is_zh();
    match kind {
        GateUndecided { why } => {
            let why = super::gate::unread(why, lang);
            if zh {
                format!("零病例核查无法判定：{why}")
            } else {
                format!("the zero-case gate cannot be decided: {why}")
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
            let shown = wuyi_core::ledger::table::LISTED_PER_SHEET;
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
        ItemUnmeasured { item, why } => {
            let why = super::measure::why(why, &[], 0, lang);
            if zh {
                format!("评分项 {item} 无法计量，不得分：{why}")
            } else {
                format!("rubric item {item} could not be measured and earns nothing: {why}")
            }
        }
        // The other kinds are worded by the other groups.
        _ => String::new(),
    }
}
