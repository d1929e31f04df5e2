//! The other sheets of the award workbook: titles revoked, not awarded
//! and why, the register carried into next quarter, and the checks.

use super::*;

pub(super) fn write_date(
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

pub(super) fn write_revoked(
    ws: &mut Worksheet,
    list: &AwardList,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let headers = place_headers(
        lang,
        &[
            ("称号", "title"),
            ("授牌日期", "awarded on"),
            ("摘牌日期", "revoked on"),
            ("摘牌原因", "why"),
            ("备注", "note"),
        ],
    );
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

pub(super) fn write_not_awarded(
    ws: &mut Worksheet,
    list: &AwardList,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let headers = place_headers(
        lang,
        &[
            ("得分", "score"),
            ("评估日期", "assessed on"),
            ("申报结论", "verdict"),
            ("未授牌原因", "why"),
            ("备注", "note"),
        ],
    );
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

pub(super) fn write_register(
    ws: &mut Worksheet,
    list: &AwardList,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
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

pub(super) fn write_checks(
    ws: &mut Worksheet,
    list: &AwardList,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
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
pub(super) fn register_sheet_name(lang: Lang) -> &'static str {
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
