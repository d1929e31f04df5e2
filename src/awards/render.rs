//! The award workbook, its CSV and the terminal summary. The published list
//! is laid out for printing as it is: a title naming the quarter, one group
//! per district and town with its count, headers repeated on each page.

use anyhow::Result;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLine, ChartType, Color, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet,
};

use super::register::{self, RegisterEntry};
use super::{AwardList, Basis, Decision, Quarter, Status, Topic, matching, share};
use crate::i18n::Lang;
use crate::report::catalogue::awards::{
    BasisText, QuarterText, StatusText, TopicText, ranking_rule, reason, why,
};
use crate::report::sheet::{self, Cell, Formats, Mark, TableSheet};
use crate::report::text;
use crate::report::{csv_buffer, csv_finish, csv_safe};
use crate::score::Verdict;

pub struct SheetNames {
    pub list: &'static str,
    pub revoked: &'static str,
    pub not_awarded: &'static str,
    pub coverage: &'static str,
    pub register: &'static str,
    pub checks: &'static str,
}

pub fn sheet_names(lang: Lang) -> SheetNames {
    SheetNames {
        list: lang.pick("公示名单", "Published list"),
        revoked: lang.pick("摘牌名单", "Revoked"),
        not_awarded: lang.pick("未授牌", "Not awarded"),
        coverage: lang.pick("覆盖率", "Coverage"),
        register: register_sheet_name(lang),
        checks: lang.pick("核对事项", "Checks"),
    }
}

/// "2022Q1-无疫名单.xlsx".
pub fn default_file_name(list_quarter: super::Quarter, lang: Lang) -> String {
    format!(
        "{list_quarter}-{}",
        lang.pick("无疫名单.xlsx", "award-list.xlsx")
    )
}

pub fn list_title(list: &AwardList, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}无疫小区（社区、村）名单", list.quarter.label(lang)),
        Lang::En => format!("Epidemic-free communities, {}", list.quarter.label(lang)),
    }
}

fn kind_label(d: &Decision, lang: Lang) -> String {
    d.kind.map(|k| k.name(lang).to_string()).unwrap_or_default()
}

fn blank_label(s: &str, lang: Lang) -> String {
    if s.is_empty() {
        lang.pick("（未填）", "(blank)").to_string()
    } else {
        s.to_string()
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A target as people write it: "90%", "87.5%".
fn target_pct(x: f64) -> String {
    format!(
        "{}%",
        crate::workbook::format_number((x * 1000.0).round() / 10.0)
    )
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    if b {
        lang.pick("是", "yes")
    } else {
        lang.pick("否", "no")
    }
}

fn list_headers(lang: Lang) -> Vec<String> {
    [
        ("序号", "No."),
        ("区县", "district"),
        ("街道(乡镇)", "town"),
        ("名称", "name"),
        ("类型", "type"),
        ("称号", "title"),
        ("得分", "score"),
        ("评估日期", "assessed on"),
        ("状态", "status"),
        ("备注", "note"),
    ]
    .iter()
    .map(|(z, e)| lang.pick(z, e).to_string())
    .collect()
}

/// The counts, as on the sheets: 持有称号 is the published list's rows, 摘牌
/// the revoked sheet's (a title lost and won back in the quarter is counted
/// there and in 新授牌), 未授牌 the not-awarded sheet's.
pub fn count_line(list: &AwardList, lang: Lang) -> String {
    let (n, h) = (list.count(Status::New), list.count(Status::Held));
    let (r, again) = (list.revoked(), list.reawarded());
    let (x, c) = (list.count(Status::NotAwarded), list.cut_not_awarded());
    let all = list.decisions.len();
    match lang {
        Lang::Zh => {
            let again = if again > 0 {
                format!("，其中重新授牌 {again}")
            } else {
                String::new()
            };
            let cut = if c > 0 {
                format!("（其中因名额 {c}）")
            } else {
                String::new()
            };
            format!(
                "共 {all} 个社区；持有称号 {} 个（新授牌 {n}，保持 {h}）；摘牌 {r}{again}；未授牌 {x}{cut}",
                n + h
            )
        }
        Lang::En => {
            let again = if again > 0 {
                format!(", {again} of them awarded again")
            } else {
                String::new()
            };
            let cut = if c > 0 {
                format!(" ({c} of them over a quota)")
            } else {
                String::new()
            };
            format!(
                "{all} communities; {} hold the title ({n} newly awarded, {h} held); {r} revoked{again}; {x} not awarded{cut}",
                n + h
            )
        }
    }
}

/// The printed summary: counts per status and one coverage line per town.
pub fn render_summary(list: &AwardList, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{}{}{}\n",
        list_title(list, lang),
        lang.pick("：", ": "),
        count_line(list, lang)
    ));
    let target = format!(
        "{}{}",
        lang.pick("目标 ", "target "),
        target_pct(list.coverage.target)
    );
    let headers = [
        lang.pick("区县", "district"),
        lang.pick("街道(乡镇)", "town"),
        lang.pick("持有/总数", "held/total"),
        lang.pick("覆盖率", "coverage"),
        target.as_str(),
        lang.pick("无疫街道", "all hold"),
    ];
    let reached = |b: bool| {
        if b {
            lang.pick("达到", "met")
        } else {
            lang.pick("未达到", "not met")
        }
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for t in &list.coverage.towns {
        rows.push(vec![
            text::truncate(&blank_label(&t.district, lang), 16),
            text::truncate(&blank_label(&t.town, lang), 20),
            format!("{}/{}", t.awarded, t.total),
            pct(share(t.awarded, t.total)),
            reached(t.target_met).to_string(),
            yes_no(t.free, lang).to_string(),
        ]);
    }
    for d in &list.coverage.districts {
        rows.push(vec![
            text::truncate(&blank_label(&d.district, lang), 16),
            lang.pick("（合计）", "(all)").to_string(),
            format!("{}/{}", d.awarded, d.total),
            pct(share(d.awarded, d.total)),
            reached(d.target_met).to_string(),
            format!(
                "{}{}",
                lang.pick("无疫区县：", "district free: "),
                yes_no(d.free, lang)
            ),
        ]);
    }
    out.push_str(&text::render(&headers, &rows, &[2, 3]));
    if list.coverage.basis == Basis::Applicants {
        out.push_str(list.coverage.basis.describe(lang));
        out.push('\n');
    }
    let outside = list.outside_coverage();
    if outside > 0 {
        out.push_str(&match lang {
            Lang::Zh => format!("另有 {outside} 个社区不在名册中，列入名单，但不计入覆盖率\n"),
            Lang::En => format!(
                "{outside} more communities are not on the roster: listed, but not counted in coverage\n"
            ),
        });
    }
    out
}

/// The published list as CSV, one row per community holding the title.
pub fn render_csv(list: &AwardList, lang: Lang) -> Result<Vec<u8>> {
    let mut w = csv_buffer();
    w.write_record(list_headers(lang))?;
    for (i, d) in list.holders().enumerate() {
        let row = [
            (i + 1).to_string(),
            d.place.district.clone(),
            d.place.town.clone(),
            d.place.name.clone(),
            kind_label(d, lang),
            d.title.clone(),
            d.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
            d.assessed_on.map(|x| x.to_string()).unwrap_or_default(),
            d.status.label(lang).to_string(),
            reason(&d.note, lang),
        ];
        w.write_record(row.iter().map(|s| csv_safe(s).into_owned()))?;
    }
    csv_finish(w)
}

pub fn render_xlsx(list: &AwardList, lang: Lang) -> Result<Vec<u8>> {
    let mut wb = sheet::new_workbook();
    let f = Formats::default();
    let names = sheet_names(lang);
    write_list(wb.add_worksheet().set_name(names.list)?, list, lang, &f)?;
    write_revoked(wb.add_worksheet().set_name(names.revoked)?, list, lang, &f)?;
    write_not_awarded(
        wb.add_worksheet().set_name(names.not_awarded)?,
        list,
        lang,
        &f,
    )?;
    write_coverage(&mut wb, names.coverage, list, lang, &f)?;
    write_register(wb.add_worksheet().set_name(names.register)?, list, lang, &f)?;
    write_checks(wb.add_worksheet().set_name(names.checks)?, list, lang, &f)?;
    Ok(wb.save_to_buffer()?)
}

fn text_width(s: &str) -> f64 {
    text::width(s) as f64
}

/// Writes a line of text across `cols` columns, tall enough for it.
fn merged_line(
    ws: &mut Worksheet,
    row: u32,
    cols: u16,
    s: &str,
    fmt: &Format,
    width: f64,
) -> Result<()> {
    ws.merge_range(row, 0, row, cols - 1, s, fmt)?;
    let lines = sheet::lines_needed(s, width);
    if lines > 1 {
        ws.set_row_height(row, sheet::row_height(lines))?;
    }
    Ok(())
}

/// Row heights of the printed list, in points: a little more than the text
/// needs, so a printed list can be read and signed against.
const LIST_ROW: f64 = 18.0;
const GROUP_ROW: f64 = 20.0;

fn write_list(ws: &mut Worksheet, list: &AwardList, lang: Lang, f: &Formats) -> Result<()> {
    let headers = list_headers(lang);
    let ncols = headers.len() as u16;
    let holders: Vec<&Decision> = list.holders().collect();

    // Widths that fit the content, within what an A4 page can take.
    let fit = |min: f64, max: f64, cells: &mut dyn Iterator<Item = f64>| {
        cells.fold(min, f64::max).min(max) + 2.0
    };
    let widths = [
        6.0,
        fit(
            6.0,
            14.0,
            &mut holders.iter().map(|d| text_width(&d.place.district)),
        ),
        fit(
            8.0,
            16.0,
            &mut holders.iter().map(|d| text_width(&d.place.town)),
        ),
        fit(
            10.0,
            30.0,
            &mut holders.iter().map(|d| text_width(&d.place.name)),
        ),
        fit(
            4.0,
            14.0,
            &mut holders.iter().map(|d| text_width(&kind_label(d, lang))),
        ),
        fit(8.0, 16.0, &mut holders.iter().map(|d| text_width(&d.title))),
        7.0,
        12.0,
        fit(
            4.0,
            14.0,
            &mut holders.iter().map(|d| text_width(d.status.label(lang))),
        ),
        fit(
            8.0,
            30.0,
            &mut holders.iter().map(|d| text_width(&reason(&d.note, lang))),
        ),
    ];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let full_width: f64 = widths.iter().sum();

    ws.merge_range(0, 0, 0, ncols - 1, &list_title(list, lang), &f.title)?;
    ws.set_row_height(0, 30)?;
    let n = holders.len();
    let (new, held) = (list.count(Status::New), list.count(Status::Held));
    let again = list.reawarded();
    let sub = match lang {
        Lang::Zh if again > 0 => format!(
            "截至 {}，共 {n} 个（新授牌 {new} 个，其中摘牌后重新授牌 {again} 个；保持 {held} 个）",
            list.quarter.end()
        ),
        Lang::Zh => format!(
            "截至 {}，共 {n} 个（新授牌 {new} 个，保持 {held} 个）",
            list.quarter.end()
        ),
        Lang::En if again > 0 => format!(
            "As of {}: {n} in all ({new} newly awarded, {again} of them after losing the title this quarter; {held} held)",
            list.quarter.end()
        ),
        Lang::En => format!(
            "As of {}: {n} in all ({new} newly awarded, {held} held)",
            list.quarter.end()
        ),
    };
    let sub_fmt = Format::new()
        .set_font_name("宋体")
        .set_font_size(10.5)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    ws.merge_range(1, 0, 1, ncols - 1, &sub, &sub_fmt)?;
    ws.set_row_height(1, 20)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, h, &f.header)?;
    }
    ws.set_row_height(2, GROUP_ROW)?;

    let group = |bg: u32| {
        Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_bold()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(bg))
    };
    let district_fmt = group(0xD9D9D9);
    let town_fmt = group(0xF2F2F2).set_indent(1);
    let center = f.text.clone().set_align(FormatAlign::Center);

    let mut row = 3u32;
    if holders.is_empty() {
        ws.merge_range(
            row,
            0,
            row,
            ncols - 1,
            lang.pick(
                "本季度没有持有称号的社区",
                "No community holds the title this quarter",
            ),
            &center,
        )?;
        row += 1;
    }
    let mut i = 0usize;
    let mut seq = 0usize;
    while i < holders.len() {
        let dkey = matching::norm(&holders[i].place.district);
        let dn = holders[i..]
            .iter()
            .take_while(|d| matching::norm(&d.place.district) == dkey)
            .count();
        let dname = blank_label(&holders[i].place.district, lang);
        let dlabel = match lang {
            Lang::Zh => format!("{dname}（{dn} 个）"),
            Lang::En => format!("{dname} ({dn})"),
        };
        ws.merge_range(row, 0, row, ncols - 1, &dlabel, &district_fmt)?;
        ws.set_row_height(row, GROUP_ROW)?;
        row += 1;
        let dend = i + dn;
        while i < dend {
            let tkey = matching::norm(&holders[i].place.town);
            let tn = holders[i..dend]
                .iter()
                .take_while(|d| matching::norm(&d.place.town) == tkey)
                .count();
            let tname = blank_label(&holders[i].place.town, lang);
            let tlabel = match lang {
                Lang::Zh => format!("{tname}（{tn} 个）"),
                Lang::En => format!("{tname} ({tn})"),
            };
            ws.merge_range(row, 0, row, ncols - 1, &tlabel, &town_fmt)?;
            ws.set_row_height(row, GROUP_ROW)?;
            row += 1;
            for d in &holders[i..i + tn] {
                seq += 1;
                ws.write_number_with_format(row, 0, seq as f64, &center)?;
                ws.write_string_with_format(row, 1, &d.place.district, &f.text)?;
                ws.write_string_with_format(row, 2, &d.place.town, &f.text)?;
                ws.write_string_with_format(row, 3, &d.place.name, &f.text)?;
                ws.write_string_with_format(row, 4, kind_label(d, lang), &center)?;
                ws.write_string_with_format(row, 5, &d.title, &f.text)?;
                match d.score {
                    Some(s) => ws.write_number_with_format(row, 6, s, &f.score)?,
                    None => ws.write_blank(row, 6, &f.text)?,
                };
                write_date(ws, row, 7, d.assessed_on, f)?;
                ws.write_string_with_format(row, 8, d.status.label(lang), &center)?;
                let note = reason(&d.note, lang);
                ws.write_string_with_format(row, 9, &note, &f.text)?;
                let lines = [
                    (3usize, d.place.name.as_str()),
                    (5, d.title.as_str()),
                    (9, note.as_str()),
                ]
                .iter()
                .map(|(c, s)| sheet::lines_needed(s, widths[*c]))
                .max()
                .unwrap_or(1);
                ws.set_row_height(row, sheet::row_height(lines).max(LIST_ROW))?;
                row += 1;
            }
            i += tn;
        }
    }

    row += 1;
    let note_fmt = Format::new()
        .set_font_name("宋体")
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    for (k, line) in list_notes(list, lang).iter().enumerate() {
        let s = format!(
            "{}{}",
            if k == 0 {
                lang.pick("注：", "Notes: ")
            } else {
                ""
            },
            line
        );
        merged_line(ws, row, ncols, &s, &note_fmt, full_width)?;
        row += 1;
    }
    ws.set_freeze_panes(3, 0)?;
    sheet::page_setup(ws, 2, false)?;
    Ok(())
}

fn list_notes(list: &AwardList, lang: Lang) -> Vec<String> {
    let mut notes = vec![match lang {
        Lang::Zh => format!(
            "1. 名单按区县、街道(乡镇)分组，{}；“得分”“评估日期”为授牌或最近一次复核所依据的评估。",
            list.order.describe(lang)
        ),
        Lang::En => format!(
            "1. Grouped by district and town, {}; score and date are those of the assessment that earned or last re-confirmed the title.",
            list.order.describe(lang)
        ),
    }];
    if list.per_town_quota.is_some() || list.total_quota.is_some() {
        let per = list
            .per_town_quota
            .map(|k| format!("{k}"))
            .unwrap_or_else(|| lang.pick("不限", "none").to_string());
        let all = list
            .total_quota
            .map(|k| format!("{k}"))
            .unwrap_or_else(|| lang.pick("不限", "none").to_string());
        notes.push(match lang {
            Lang::Zh => format!(
                "2. 本季度名额：每个街道(乡镇)新授牌至多 {per} 个，总数至多 {all} 个；因名额未授牌 {} 个，见“未授牌”表。{}",
                list.cut(),
                ranking_rule(lang)
            ),
            Lang::En => format!(
                "2. Quotas this quarter: new awards per town at most {per}, in all at most {all}; {} left out by a quota, see \"Not awarded\". {}",
                list.cut(),
                ranking_rule(lang)
            ),
        });
    }
    notes
}

fn write_date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    d: Option<chrono::NaiveDate>,
    f: &Formats,
) -> Result<()> {
    use chrono::Datelike;
    match d {
        Some(d) => {
            let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(
                d.year().clamp(1900, 9999) as u16,
                d.month() as u8,
                d.day() as u8,
            )?;
            ws.write_datetime_with_format(row, col, &dt, &f.date)?;
        }
        None => {
            ws.write_blank(row, col, &f.text)?;
        }
    }
    Ok(())
}

fn opt_date(d: Option<chrono::NaiveDate>) -> Cell {
    d.map(Cell::Date).unwrap_or(Cell::Blank)
}

fn write_revoked(ws: &mut Worksheet, list: &AwardList, lang: Lang, f: &Formats) -> Result<()> {
    let headers: Vec<String> = [
        ("序号", "No."),
        ("区县", "district"),
        ("街道(乡镇)", "town"),
        ("名称", "name"),
        ("类型", "type"),
        ("称号", "title"),
        ("授牌日期", "awarded on"),
        ("摘牌日期", "revoked on"),
        ("摘牌原因", "why"),
        ("备注", "note"),
    ]
    .iter()
    .map(|(z, e)| lang.pick(z, e).to_string())
    .collect();
    let rows: Vec<Vec<Cell>> = list
        .revocations
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                Cell::Num((i + 1) as f64),
                Cell::text(&r.place.district),
                Cell::text(&r.place.town),
                Cell::text(&r.place.name),
                Cell::text(r.kind.map(|k| k.name(lang)).unwrap_or("")),
                Cell::text(&r.title),
                opt_date(r.awarded_on),
                opt_date(r.revoked_on),
                Cell::text(reason(&r.reason, lang)),
                Cell::text(if r.reawarded {
                    lang.pick(
                        "本季度重新评估达标，已重新授牌",
                        "awarded again this quarter on a new assessment",
                    )
                } else {
                    ""
                }),
            ]
        })
        .collect();
    let n = rows.len();
    let again = list.reawarded();
    let title = match lang {
        Lang::Zh if n == 0 => format!("{}摘牌名单（无）", list.quarter.label(lang)),
        Lang::Zh if again > 0 => format!(
            "{}摘牌名单（{n} 个，其中重新授牌 {again} 个）",
            list.quarter.label(lang)
        ),
        Lang::Zh => format!("{}摘牌名单（{n} 个）", list.quarter.label(lang)),
        Lang::En if again > 0 => format!(
            "Titles revoked, {} ({n}, {again} of them awarded again)",
            list.quarter.label(lang)
        ),
        Lang::En => format!("Titles revoked, {} ({n})", list.quarter.label(lang)),
    };
    TableSheet {
        headers,
        rows,
        marks: Vec::new(),
        title: Some(title),
        max_width: 50,
        landscape: true,
        formats: f,
    }
    .write(ws)?;
    Ok(())
}

fn verdict_text(d: &Decision, lang: Lang) -> String {
    match d.verdict {
        Some(v) => v.label(lang).to_string(),
        None => lang.pick("未申报", "did not apply").to_string(),
    }
}

fn write_not_awarded(ws: &mut Worksheet, list: &AwardList, lang: Lang, f: &Formats) -> Result<()> {
    let headers: Vec<String> = [
        ("序号", "No."),
        ("区县", "district"),
        ("街道(乡镇)", "town"),
        ("名称", "name"),
        ("类型", "type"),
        ("得分", "score"),
        ("评估日期", "assessed on"),
        ("申报结论", "verdict"),
        ("未授牌原因", "why"),
        ("备注", "note"),
    ]
    .iter()
    .map(|(z, e)| lang.pick(z, e).to_string())
    .collect();
    let not: Vec<&Decision> = list
        .decisions
        .iter()
        .filter(|d| d.status == Status::NotAwarded)
        .collect();
    let mut marks = Vec::new();
    let rows: Vec<Vec<Cell>> = not
        .iter()
        .enumerate()
        .map(|(i, d)| {
            marks.push(match d.verdict {
                _ if d.cut => vec![(8, Mark::Warn)],
                Some(Verdict::Passed) => vec![(7, Mark::Good), (8, Mark::Bad)],
                Some(Verdict::Vetoed | Verdict::Unassessable) => vec![(7, Mark::Bad)],
                Some(Verdict::Failed) => vec![(7, Mark::Warn)],
                None => vec![],
            });
            vec![
                Cell::Num((i + 1) as f64),
                Cell::text(&d.place.district),
                Cell::text(&d.place.town),
                Cell::text(&d.place.name),
                Cell::text(kind_label(d, lang)),
                d.score.map(Cell::Score).unwrap_or(Cell::Blank),
                opt_date(d.assessed_on),
                Cell::text(verdict_text(d, lang)),
                Cell::text(reason(&d.reason, lang)),
                Cell::text(reason(&d.note, lang)),
            ]
        })
        .collect();
    let n = rows.len();
    let title = match lang {
        Lang::Zh => format!("{}未授牌名单及原因（{n} 个）", list.quarter.label(lang)),
        Lang::En => format!("Not awarded, and why, {} ({n})", list.quarter.label(lang)),
    };
    TableSheet {
        headers,
        rows,
        marks,
        title: Some(title),
        max_width: 50,
        landscape: true,
        formats: f,
    }
    .write(ws)?;
    if list.per_town_quota.is_some() || list.total_quota.is_some() || list.cut() > 0 {
        let note_fmt = Format::new()
            .set_font_name("宋体")
            .set_font_size(10)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        let row = 2 + n as u32 + 1;
        ws.merge_range(row, 0, row, 9, ranking_rule(lang), &note_fmt)?;
        ws.set_row_height(row, sheet::row_height(2))?;
    }
    Ok(())
}

fn write_coverage(
    wb: &mut Workbook,
    name: &str,
    list: &AwardList,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let c = &list.coverage;
    let target_value = c.target * 100.0;
    let headers: Vec<String> = [
        ("区县", "district"),
        ("街道(乡镇)", "town"),
        ("持有称号", "holding"),
        ("社区总数", "communities"),
        ("覆盖率(%)", "coverage (%)"),
        ("目标(%)", "target (%)"),
        ("达到目标", "target met"),
        ("无疫街道", "all hold (town free)"),
    ]
    .iter()
    .map(|(z, e)| lang.pick(z, e).to_string())
    .collect();
    let mut marks = Vec::new();
    let rows: Vec<Vec<Cell>> = c
        .towns
        .iter()
        .map(|t| {
            marks.push(vec![
                (6, if t.target_met { Mark::Good } else { Mark::Warn }),
                (7, if t.free { Mark::Good } else { Mark::Warn }),
            ]);
            vec![
                Cell::text(blank_label(&t.district, lang)),
                Cell::text(blank_label(&t.town, lang)),
                Cell::Num(t.awarded as f64),
                Cell::Num(t.total as f64),
                Cell::Score(share(t.awarded, t.total) * 100.0),
                Cell::Score(target_value),
                Cell::text(yes_no(t.target_met, lang)),
                Cell::text(yes_no(t.free, lang)),
            ]
        })
        .collect();
    let ntowns = rows.len() as u32;
    let title = match lang {
        Lang::Zh => format!(
            "{}覆盖率（目标 {}）",
            list.quarter.label(lang),
            target_pct(c.target)
        ),
        Lang::En => format!(
            "Coverage, {} (target {})",
            list.quarter.label(lang),
            target_pct(c.target)
        ),
    };
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    TableSheet {
        headers,
        rows,
        marks,
        title: Some(title),
        max_width: 24,
        landscape: false,
        formats: f,
    }
    .write(ws)?;

    // Districts below the towns, then the basis, then the chart.
    let mut row = 2 + ntowns + 1;
    let dheads = [
        lang.pick("区县", "district"),
        lang.pick("街道(乡镇)数", "towns"),
        lang.pick("持有称号", "holding"),
        lang.pick("社区总数", "communities"),
        lang.pick("覆盖率(%)", "coverage (%)"),
        lang.pick("目标(%)", "target (%)"),
        lang.pick("达到目标", "target met"),
        lang.pick("无疫区县", "district free"),
    ];
    for (i, h) in dheads.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *h, &f.header)?;
    }
    row += 1;
    let mark_fmt = |ok: bool| if ok { &f.good } else { &f.warn };
    let mut district_rows: Vec<(String, String, usize, usize, bool, bool)> = c
        .districts
        .iter()
        .map(|d| {
            let towns = match lang {
                Lang::Zh => format!("{}（无疫街道 {}）", d.towns, d.free_towns),
                Lang::En => format!("{} ({} free)", d.towns, d.free_towns),
            };
            (
                blank_label(&d.district, lang),
                towns,
                d.awarded,
                d.total,
                d.target_met,
                d.free,
            )
        })
        .collect();
    district_rows.push((
        lang.pick("合计", "all").to_string(),
        c.towns.len().to_string(),
        c.awarded,
        c.total,
        c.total > 0 && share(c.awarded, c.total) + 1e-9 >= c.target,
        !c.districts.is_empty() && c.districts.iter().all(|d| d.free),
    ));
    for (name, towns, awarded, total, met, free) in &district_rows {
        ws.write_string_with_format(row, 0, name, &f.text)?;
        ws.write_string_with_format(row, 1, towns, &f.text)?;
        // The town column is at least 12 wide (its header); a longer count
        // wraps and gets the height it needs rather than being clipped.
        let lines = sheet::lines_needed(towns, 12.0);
        if lines > 1 {
            ws.set_row_height(row, sheet::row_height(lines))?;
        }
        ws.write_number_with_format(row, 2, *awarded as f64, &f.count)?;
        ws.write_number_with_format(row, 3, *total as f64, &f.count)?;
        ws.write_number_with_format(row, 4, share(*awarded, *total) * 100.0, &f.score)?;
        ws.write_number_with_format(row, 5, target_value, &f.score)?;
        ws.write_string_with_format(row, 6, yes_no(*met, lang), mark_fmt(*met))?;
        ws.write_string_with_format(row, 7, yes_no(*free, lang), mark_fmt(*free))?;
        row += 1;
    }
    row += 1;
    let note_fmt = Format::new()
        .set_font_name("宋体")
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let basis = match lang {
        Lang::Zh => format!(
            "{}。无疫街道：该街道(乡镇)全部社区持有称号；无疫区县：该区县全部街道(乡镇)均为无疫街道。",
            c.basis.describe(lang)
        ),
        Lang::En => format!(
            "{}. A town is free when every community in it holds the title; a district when every town in it is.",
            c.basis.describe(lang)
        ),
    };
    ws.merge_range(row, 0, row, 7, &basis, &note_fmt)?;
    ws.set_row_height(row, sheet::row_height(3))?;
    row += 2;

    if ntowns > 0 {
        let mut bars = Chart::new(ChartType::Column);
        bars.add_series()
            .set_name(lang.pick("覆盖率(%)", "coverage (%)"))
            .set_categories((name, 2, 1, 1 + ntowns, 1))
            .set_values((name, 2, 4, 1 + ntowns, 4));
        let mut line = Chart::new(ChartType::Line);
        let target_name = format!("{}{}", lang.pick("目标 ", "target "), target_pct(c.target));
        line.add_series()
            .set_name(&target_name)
            .set_categories((name, 2, 1, 1 + ntowns, 1))
            .set_values((name, 2, 5, 1 + ntowns, 5))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(Color::RGB(0xC00000))
                        .set_width(2.25),
                ),
            );
        bars.combine(&line);
        bars.title().set_name(lang.pick(
            "各街道(乡镇)覆盖率与目标",
            "Coverage by town against the target",
        ));
        bars.y_axis().set_min(0).set_max(100).set_name("%");
        bars.set_width(640).set_height(320);
        ws.insert_chart(row, 0, &bars)?;
    }
    Ok(())
}

fn write_register(ws: &mut Worksheet, list: &AwardList, lang: Lang, f: &Formats) -> Result<()> {
    let reg = list.register();
    let mut marks = Vec::new();
    let rows: Vec<Vec<Cell>> = reg
        .entries
        .iter()
        .map(|e| {
            marks.push(match e.status {
                Status::New | Status::Held => vec![(5, Mark::Good)],
                Status::Revoked => vec![(5, Mark::Bad)],
                Status::NotAwarded => vec![],
            });
            register_row(e, list.quarter, lang)
        })
        .collect();
    let title = match lang {
        Lang::Zh => format!(
            "名册（{} 季末）：下季度运行 wuyi awards 时以 --register 读入本工作簿",
            list.quarter
        ),
        Lang::En => format!(
            "Register at the end of {}: give this workbook as --register next quarter",
            list.quarter
        ),
    };
    TableSheet {
        headers: register_headers(lang),
        rows,
        marks,
        title: Some(title),
        max_width: 40,
        landscape: true,
        formats: f,
    }
    .write(ws)?;
    Ok(())
}

fn write_checks(ws: &mut Worksheet, list: &AwardList, lang: Lang, f: &Formats) -> Result<()> {
    let headers = vec![
        lang.pick("序号", "No.").to_string(),
        lang.pick("类别", "about").to_string(),
        lang.pick("说明", "what to check").to_string(),
    ];
    let rows: Vec<Vec<Cell>> = list
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            vec![
                Cell::Num((i + 1) as f64),
                Cell::text(n.topic.label(lang)),
                Cell::text(why(&n.text, lang)),
            ]
        })
        .collect();
    let marks = list
        .notes
        .iter()
        .map(|n| match n.topic {
            Topic::NearMiss | Topic::Unassessable => vec![(1, Mark::Warn)],
            _ => vec![],
        })
        .collect();
    let n = rows.len();
    let title = match lang {
        Lang::Zh if n == 0 => "核对事项（无）".to_string(),
        Lang::Zh => format!("核对事项（{n} 条，请逐条核实）"),
        Lang::En => format!("Points to check ({n})"),
    };
    TableSheet {
        headers,
        rows,
        marks,
        title: Some(title),
        max_width: 80,
        landscape: false,
        formats: f,
    }
    .write(ws)?;
    Ok(())
}

/// The register sheet's name in `lang`.
fn register_sheet_name(lang: Lang) -> &'static str {
    lang.pick(register::SHEET_NAMES[0], register::SHEET_NAMES[1])
}

/// The register's header in the output language.
fn register_headers(lang: Lang) -> Vec<String> {
    register::COLUMNS
        .iter()
        .map(|c| match lang {
            Lang::Zh => c.names[0].to_string(),
            Lang::En => c.names[1].to_string(),
        })
        .collect()
}

/// One register row, in the order of [`register_headers`].
fn register_row(e: &RegisterEntry, quarter: Quarter, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::text(&e.place.district),
        Cell::text(&e.place.town),
        Cell::text(&e.place.name),
        Cell::text(e.kind.map(|k| k.name(lang)).unwrap_or("")),
        Cell::text(&e.title),
        Cell::text(e.status.label(lang)),
        Cell::text(reason(&e.reason, lang)),
        opt_date(e.awarded_on),
        e.awarded_in
            .map(|q| Cell::text(q.to_string()))
            .unwrap_or(Cell::Blank),
        opt_date(e.assessed_on),
        e.score.map(Cell::Score).unwrap_or(Cell::Blank),
        opt_date(e.revoked_on),
        Cell::text(quarter.to_string()),
    ]
}
