//! The published list: one group per district and town, laid out for
//! printing.

use super::*;

/// Row heights of the printed list, in points: a little more than the text
/// needs, so a printed list can be read and signed against.
const LIST_ROW: f64 = 18.0;
const GROUP_ROW: f64 = 20.0;

pub(super) fn write_list(
    ws: &mut Worksheet,
    list: &AwardList,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let headers = list_headers(lang);
    let ncols = headers.len() as u16;
    let holders: Vec<&Decision> = list.holders().collect();

    let widths = list_widths(&holders, lang);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let full_width: f64 = widths.iter().sum();

    ws.merge_range(0, 0, 0, ncols - 1, &list_title(list, lang), &f.title)?;
    ws.set_row_height(0, 30)?;
    let sub = list_subtitle(list, lang);
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

/// Column widths that fit the list's content, within what an A4 page can
/// take.
fn list_widths(holders: &[&Decision], lang: Lang) -> [f64; 10] {
    // Widths that fit the content, within what an A4 page can take.
    let fit = |min: f64, max: f64, cells: &mut dyn Iterator<Item = f64>| {
        cells.fold(min, f64::max).min(max) + 2.0
    };
    [
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
    ]
}

/// The line under the title: as of the quarter's end, how many hold the
/// title, newly awarded and held.
fn list_subtitle(list: &AwardList, lang: Lang) -> String {
    let n = list.holders().count();
    let (new, held) = (list.count(Status::New), list.count(Status::Held));
    let again = list.reawarded();
    match lang {
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
    }
}
