//! The blank ledger template an office hands out: every sheet of the
//! contract with its headers, a filling-notes row the reader skips, dropdown
//! lists, date columns, widths that fit Chinese text, frozen headers and a
//! page set up to print.

use rust_xlsxwriter::{DataValidation, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::catalogue::Named;
use crate::i18n::Lang;
use crate::sheet::{self, Formats};
use crate::text::width;
use wuyi_core::ledger::contract::{
    CaseCategory, ColumnSpec, CommunityType, INFO_FIELDS, INFO_SHEET, InfoField, Kind, SheetKey,
    SheetSpec, TABLE_SHEETS,
};

/// Rows below the header that get dropdowns and date formats.
const PREPARED_ROWS: u32 = 2000;

/// A self-assessed item to list in 自评表.
#[derive(Debug, Clone)]
pub struct SelfItem {
    /// The id the 自评表 row carries.
    pub id: String,
    /// The item's name.
    pub name: String,
    /// The points it is worth.
    pub points: f64,
}

impl SelfItem {
    /// A rubric's self-assessed items, for the template's 自评表.
    pub fn of(rubric: &wuyi_core::rubric::Rubric) -> Vec<SelfItem> {
        rubric
            .items
            .iter()
            .filter(|i| i.is_self_assessed())
            .map(|i| SelfItem {
                id: match &i.measure {
                    wuyi_core::rubric::Compiled::SelfAssessed(k) => k.item.clone(),
                    _ => i.id.clone(),
                },
                name: i.name.clone(),
                points: i.points,
            })
            .collect()
    }
}

fn kind_note(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Text => lang.pick("文字", "text"),
        Kind::Id => lang.pick("编号，唯一", "identifier"),
        Kind::Count => lang.pick("非负整数", "whole number, 0 or more"),
        Kind::Score => lang.pick("分数，可含一位小数", "points, one decimal allowed"),
        Kind::Date => lang.pick("日期，如 2022-03-31", "date, e.g. 2022-03-31"),
        Kind::YesNo => lang.pick("是 / 否", "yes / no"),
        Kind::Category => lang.pick(
            "确诊病例 / 无症状感染者 / 密接 / 次密接",
            "confirmed / asymptomatic / close_contact / secondary_contact",
        ),
    }
}

fn column_note(c: &ColumnSpec, lang: Lang) -> String {
    let base = match lang {
        Lang::Zh if !c.note.is_empty() => c.note.to_string(),
        _ => kind_note(c.kind, lang).to_string(),
    };
    if c.required {
        format!("{}{base}", lang.pick("必填；", "required; "))
    } else {
        base
    }
}

fn header_text(c: &ColumnSpec, lang: Lang) -> String {
    let name = lang.pick(c.zh, c.key);
    if c.required {
        format!("*{name}")
    } else {
        name.to_string()
    }
}

/// Builds the template workbook. `self_items` fills 自评表 (the rubric's
/// self-assessed items).
pub fn workbook(lang: Lang, self_items: &[SelfItem]) -> Result<Workbook, XlsxError> {
    let mut wb = sheet::new_workbook();
    let formats = Formats::default();
    let note_fmt = Format::new()
        .set_font_size(9)
        .set_italic()
        .set_font_color(rust_xlsxwriter::Color::RGB(0x7F7F7F))
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left)
        .set_indent(1);
    write_info(wb.add_worksheet(), lang, &formats, &note_fmt)?;
    for spec in TABLE_SHEETS {
        let ws = wb.add_worksheet();
        let rows: Vec<Vec<String>> = if spec.key == SheetKey::SelfAssessment {
            self_items
                .iter()
                .map(|i| vec![i.id.clone(), i.name.clone(), format!("{:.1}", i.points)])
                .collect()
        } else {
            Vec::new()
        };
        write_table(ws, spec, lang, &formats, &note_fmt, &rows)?;
        if spec.key == SheetKey::SelfAssessment {
            let text = text_format(&formats);
            for (i, item) in self_items.iter().enumerate() {
                let r = 3 + i as u32;
                ws.write_string_with_format(r, 0, &item.id, &text)?;
                ws.write_string_with_format(r, 1, &item.name, &formats.text)?;
                ws.write_number_with_format(r, 2, item.points, &formats.score)?;
            }
        }
    }
    Ok(wb)
}

fn write_info(
    ws: &mut Worksheet,
    lang: Lang,
    f: &Formats,
    note_fmt: &Format,
) -> Result<(), XlsxError> {
    ws.set_name(INFO_SHEET.name(lang))?;
    ws.merge_range(
        0,
        0,
        0,
        2,
        lang.pick(
            "无疫小区（社区、村）申报基本信息",
            "Application: basic information",
        ),
        &f.title,
    )?;
    ws.set_row_height(0, 30)?;
    let heads = [
        lang.pick("项目", "field"),
        lang.pick("内容", "value"),
        lang.pick("填写说明", "notes"),
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &f.header)?;
    }
    let date_fmt = f.date.clone();
    for (i, field) in INFO_FIELDS.iter().enumerate() {
        let r = 2 + i as u32;
        let label = match lang {
            Lang::Zh => field.zh.to_string(),
            Lang::En => field.en.to_string(),
        };
        let label = if field.required {
            format!("*{label}")
        } else {
            label
        };
        ws.write_string_with_format(r, 0, &label, &f.header)?;
        if field.field == InfoField::AssessedOn {
            ws.write_blank(r, 1, &date_fmt)?;
        } else if field.field == InfoField::Phone {
            ws.write_blank(r, 1, &text_format(f))?;
        } else {
            ws.write_blank(r, 1, &f.text)?;
        }
        let note = match lang {
            Lang::Zh => format!("说明：{}", field.note),
            Lang::En => format!(
                "Note: {}",
                if field.field == InfoField::AssessedOn {
                    "a date"
                } else {
                    "text"
                }
            ),
        };
        ws.write_string_with_format(r, 2, &note, note_fmt)?;
        if field.field == InfoField::Type {
            let types: Vec<&str> = CommunityType::ALL.iter().map(|t| t.zh()).collect();
            ws.add_data_validation(
                r,
                1,
                r,
                1,
                &DataValidation::new().allow_list_strings(&types)?,
            )?;
        }
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 30)?;
    ws.set_column_width(2, 36)?;
    sheet::page_setup(ws, 1, false)?;
    Ok(())
}

/// Cells typed in Excel's text format (`@`): a phone number or an id keeps
/// every digit and never shows as `###` or `1.38E+10`.
fn text_format(f: &Formats) -> Format {
    f.text.clone().set_num_format("@")
}

/// Columns the contract reads as text or ids (phones, household and grid
/// numbers, names) are formatted as text.
fn is_text_column(c: &ColumnSpec) -> bool {
    matches!(c.kind, Kind::Text | Kind::Id)
}

/// Rows below the header drawn with borders, ready to fill and print.
const BORDERED_ROWS: u32 = 30;
/// A filling note wraps at this many display columns rather than widening
/// its column.
const NOTE_WRAP: usize = 12;
/// The widest a column grows; longer content wraps.
const MAX_WIDTH: usize = 60;

/// Column width in Excel character units for a column holding `header` and
/// `contents` (display width: a CJK character counts two).
fn column_width(header: &str, note: &str, contents: &[&str]) -> usize {
    let data = contents.iter().map(|s| width(s)).max().unwrap_or(0);
    width(header)
        .max(data)
        .max(width(note).min(NOTE_WRAP))
        .clamp(6, MAX_WIDTH)
        + 2
}

/// Lines `text` takes when wrapped in a column `w` units wide.
fn wrapped_lines(text: &str, w: usize) -> usize {
    let usable = w.saturating_sub(2).max(1);
    width(text).div_ceil(usable).max(1)
}

fn write_table(
    ws: &mut Worksheet,
    spec: &SheetSpec,
    lang: Lang,
    f: &Formats,
    note_fmt: &Format,
    rows: &[Vec<String>],
) -> Result<(), XlsxError> {
    ws.set_name(spec.name(lang))?;
    let n = spec.columns.len() as u16;
    let title = match lang {
        Lang::Zh => format!("{}（请勿修改表头，带 * 的列必填）", spec.zh),
        Lang::En => format!(
            "{} (do not change the headers; * marks required columns)",
            spec.en
        ),
    };
    ws.merge_range(0, 0, 0, n - 1, &title, &f.title)?;
    ws.set_row_height(0, 30)?;
    let text_fmt = text_format(f);
    let note_fmt = note_fmt
        .clone()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let mut note_lines = 1;
    let mut row_lines = vec![1; rows.len()];
    let bordered = BORDERED_ROWS.max(rows.len() as u32);
    for (c, col) in spec.columns.iter().enumerate() {
        let c16 = c as u16;
        let header = header_text(col, lang);
        ws.write_string_with_format(1, c16, &header, &f.header)?;
        let note = column_note(col, lang);
        let note = if c == 0 {
            format!("{}{note}", lang.pick("填写说明：", "Notes: "))
        } else {
            note
        };
        ws.write_string_with_format(2, c16, &note, &note_fmt)?;
        let contents: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.get(c).map(String::as_str))
            .collect();
        let w = column_width(&header, &note, &contents);
        ws.set_column_width(c16, w as f64)?;
        note_lines = note_lines.max(wrapped_lines(&note, w));
        for (lines, row) in row_lines.iter_mut().zip(rows) {
            if let Some(v) = row.get(c) {
                *lines = (*lines).max(wrapped_lines(v, w));
            }
        }
        let cell_fmt = match col.kind {
            Kind::Date => &f.date,
            Kind::Score => &f.score,
            _ if is_text_column(col) => &text_fmt,
            _ => &f.text,
        };
        if is_text_column(col) {
            ws.set_column_format(c16, &text_fmt)?;
        }
        for r in 3..3 + bordered {
            ws.write_blank(r, c16, cell_fmt)?;
        }
        let first = 3;
        let last = 2 + PREPARED_ROWS;
        match col.kind {
            Kind::Date => {
                ws.set_column_format(c16, &f.date)?;
                let v = DataValidation::new()
                    .allow_date(rust_xlsxwriter::DataValidationRule::GreaterThan(
                        rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?,
                    ))
                    .set_error_message(
                        lang.pick("请填写日期，如 2022-03-31", "enter a date, e.g. 2022-03-31"),
                    )?;
                ws.add_data_validation(first, c16, last, c16, &v)?;
            }
            Kind::YesNo => {
                let v = DataValidation::new().allow_list_strings(&["是", "否"])?;
                ws.add_data_validation(first, c16, last, c16, &v)?;
            }
            Kind::Category => {
                let cats: Vec<&str> = CaseCategory::ALL.iter().map(|c| c.zh()).collect();
                let v = DataValidation::new().allow_list_strings(&cats)?;
                ws.add_data_validation(first, c16, last, c16, &v)?;
            }
            Kind::Count => {
                let v = DataValidation::new()
                    .allow_whole_number(rust_xlsxwriter::DataValidationRule::GreaterThanOrEqualTo(
                        0,
                    ))
                    .set_error_message(
                        lang.pick("请填写非负整数", "enter a whole number, 0 or more"),
                    )?;
                ws.add_data_validation(first, c16, last, c16, &v)?;
            }
            _ => {}
        }
    }
    // Notes are 9 pt: about 12 points a line, and a margin.
    ws.set_row_height(2, (note_lines * 12 + 4) as f64)?;
    // Data at 10.5 pt: about 14 points a line.
    for (i, lines) in row_lines.iter().enumerate() {
        if *lines > 1 {
            ws.set_row_height(3 + i as u32, (lines * 14 + 4) as f64)?;
        }
    }
    ws.set_freeze_panes(2, 0)?;
    sheet::page_setup(ws, 1, spec.columns.len() > 6)?;
    ws.set_repeat_rows(1, 1)?;
    Ok(())
}
