//! The blank inspection form (核查记录) an inspection team fills in: one row
//! per community and item checked, with dropdowns for the rubric's item ids
//! and for the method.

use rust_xlsxwriter::{DataValidation, DataValidationRule, Formula, Workbook, XlsxError};

use crate::catalogue::inspection::MethodText;
use crate::i18n::Lang;
use crate::sheet::{self, Formats};
use wuyi_core::inspection::Method;
use wuyi_core::rubric::Rubric;

/// Rows below the header that get dropdowns and formats.
const PREPARED_ROWS: u32 = 2000;

/// Builds the form. A second sheet lists the rubric's items, which the
/// 编号 dropdown reads, so a rubric of any length fits.
pub fn workbook(lang: Lang, rubric: &Rubric) -> Result<Workbook, XlsxError> {
    let mut wb = sheet::new_workbook();
    let f = Formats::default();
    let items_sheet = lang.pick("评分项", "Items");
    let heads: [(&str, &str, f64); 10] = [
        ("区县", "district", 10.0),
        ("街道(乡镇)", "town", 12.0),
        ("名称", "name", 22.0),
        ("编号", "item", 8.0),
        ("核定得分", "verified score", 10.0),
        ("扣分", "deduction", 8.0),
        ("发现问题", "finding", 40.0),
        ("检查日期", "date", 12.0),
        ("方式", "method", 10.0),
        ("检查人", "inspector", 10.0),
    ];
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("核查记录", "Inspections"))?;
    let title = lang.pick(
        "明查暗访核查记录（每行一个社区的一个评分项；核定得分与扣分填其一）",
        "Inspection results (one row per community and item; give the verified score or the deduction)",
    );
    ws.merge_range(0, 0, 0, heads.len() as u16 - 1, title, &f.title)?;
    ws.set_row_height(0, 30)?;
    for (c, (zh, en, w)) in heads.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(1, c, lang.pick(zh, en), &f.header)?;
        ws.set_column_width(c, *w)?;
    }
    let (first, last) = (2, 1 + PREPARED_ROWS);
    let n = rubric.items.len().max(1) as u32;
    let list = DataValidation::new()
        .allow_list_formula(Formula::new(format!("='{items_sheet}'!$A$2:$A${}", n + 1)))
        .set_error_message(lang.pick(
            "请从下拉列表中选择评分项编号",
            "choose an item id from the list",
        ))?;
    ws.add_data_validation(first, 3, last, 3, &list)?;
    for col in [4u16, 5] {
        let v = DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_message(lang.pick("请填写不小于 0 的分数", "enter points, 0 or more"))?;
        ws.add_data_validation(first, col, last, col, &v)?;
    }
    ws.set_column_format(7, &f.date)?;
    let date = DataValidation::new()
        .allow_date(DataValidationRule::GreaterThan(
            rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?,
        ))
        .set_error_message(
            lang.pick("请填写日期，如 2022-03-31", "enter a date, e.g. 2022-03-31"),
        )?;
    ws.add_data_validation(first, 7, last, 7, &date)?;
    let methods: Vec<&str> = Method::ALL.iter().map(|m| m.label(Lang::Zh)).collect();
    ws.add_data_validation(
        first,
        8,
        last,
        8,
        &DataValidation::new().allow_list_strings(&methods)?,
    )?;
    ws.set_freeze_panes(2, 0)?;
    sheet::page_setup(ws, 1, true)?;
    ws.set_repeat_rows(1, 1)?;

    let ws = wb.add_worksheet();
    ws.set_name(items_sheet)?;
    for (c, h) in [
        lang.pick("编号", "item"),
        lang.pick("项目", "name"),
        lang.pick("分值", "points"),
        lang.pick("计分方式", "measured by"),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
    }
    for (i, it) in rubric.items.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string_with_format(r, 0, &it.id, &f.text)?;
        ws.write_string_with_format(r, 1, &it.name, &f.text)?;
        ws.write_number_with_format(r, 2, it.points, &f.score)?;
        let how = if it.is_self_assessed() {
            lang.pick("自评表", "self-assessment")
        } else {
            lang.pick("台账测算", "measured from the ledgers")
        };
        ws.write_string_with_format(r, 3, how, &f.text)?;
    }
    ws.set_column_width(0, 8)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, 8)?;
    ws.set_column_width(3, 16)?;
    Ok(wb)
}
