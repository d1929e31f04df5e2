//! The coverage sheet: towns and districts against the target, with its
//! chart.

use super::*;

pub(super) fn write_coverage(
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
    let (rows, marks) = town_rows(list, lang);
    let ntowns = rows.len() as u32;
    let title = coverage_title(list, lang);
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

/// The cells of one row to colour: (column, which format).
type RowMarks = Vec<(usize, Mark)>;

/// One row a town: holding, communities, coverage against the target,
/// whether all hold; with the marks of the last two.
fn town_rows(list: &AwardList, lang: Lang) -> (Vec<Vec<Cell>>, Vec<RowMarks>) {
    let mut marks = Vec::new();
    let rows: Vec<Vec<Cell>> = list
        .coverage
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
                Cell::Score(list.coverage.target * 100.0),
                Cell::text(yes_no(t.target_met, lang)),
                Cell::text(yes_no(t.free, lang)),
            ]
        })
        .collect();
    (rows, marks)
}

/// The sheet's title: the quarter and the target.
fn coverage_title(list: &AwardList, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{}覆盖率（目标 {}）",
            list.quarter.label(lang),
            target_pct(list.coverage.target)
        ),
        Lang::En => format!(
            "Coverage, {} (target {})",
            list.quarter.label(lang),
            target_pct(list.coverage.target)
        ),
    }
}
