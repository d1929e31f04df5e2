//! The feedback workbook sent back to one community (`反馈/*.xlsx`): its
//! score, what cost points and where, its gate, and its data problems; and
//! the safe, unique names those workbooks are saved under.

use std::collections::HashSet;

use anyhow::Result;
use rust_xlsxwriter::{Workbook, Worksheet};

use super::RunInfo;
use super::columns::score_text;
use crate::catalogue::{CardText, GateText, ItemText, RecordText, VerdictText};
use crate::i18n::Lang;
use crate::sheet::{self, Cell, Formats, Mark, TableSheet};
use wuyi_core::results::Scorecard;

/// A safe, unique file name for a community's feedback workbook, carrying
/// its town so two communities of one name in two towns cannot be confused
/// (`东关街道-和平社区-评分反馈.xlsx`): no path separators or characters
/// Windows forbids, no reserved device names, not too long, and never the
/// same as another in this run. Every command that writes or looks for
/// feedback workbooks names them here.
pub fn feedback_file_name(c: &Scorecard, lang: Lang, used: &mut HashSet<String>) -> String {
    let town = c.town.as_deref().map(str::trim).unwrap_or("");
    let base = if town.is_empty() {
        crate::names::safe_stem(&c.name)
    } else {
        crate::names::safe_stem(&format!("{town}-{}", c.name))
    };
    let suffix = lang.pick("评分反馈", "feedback");
    let mut candidate = format!("{base}-{suffix}.xlsx");
    let mut n = 2;
    // Windows compares names without case.
    while !used.insert(candidate.to_lowercase()) {
        candidate = format!("{base}-{suffix}-{n}.xlsx");
        n += 1;
    }
    candidate
}

/// Widths of the feedback sheet's item name and explanation columns.
const NAME_WIDTH: f64 = 30.0;
const WHY_WIDTH: f64 = 56.0;

/// The workbook sent back to one community: its score, what cost points
/// and where, its gate, and its data problems.
pub fn render_feedback(c: &Scorecard, r: &RunInfo, lang: Lang) -> Result<Vec<u8>> {
    let mut wb = sheet::new_workbook();
    let f = Formats::default();
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("评分反馈", "Feedback"))?;
    let title = match lang {
        Lang::Zh => format!("{} 无疫创建评分反馈", c.name),
        Lang::En => format!("{}: epidemic-free assessment feedback", c.name),
    };
    ws.merge_range(0, 0, 0, 5, &sheet::fit(&title), &f.title)?;
    ws.set_row_height(0, 30)?;
    let row = write_facts(ws, c, &facts(c, r, lang), lang, &f)?;
    let row = write_gate(ws, c, lang, &f, row)?;
    write_items(ws, c, lang, &f, row + 1)?;
    write_problems(&mut wb, c, lang, &f)?;
    Ok(wb.save_to_buffer()?)
}

/// The facts at the top of the sheet: place, date, rubric, score, the
/// inspection's scores when inspected, verdict and reason.
fn facts(c: &Scorecard, r: &RunInfo, lang: Lang) -> Vec<(&'static str, String)> {
    let mut facts: Vec<(&str, String)> = vec![
        (
            lang.pick("所属区县", "district"),
            c.district.clone().unwrap_or_default(),
        ),
        (
            lang.pick("所属街道(乡镇)", "town"),
            c.town.clone().unwrap_or_default(),
        ),
        (
            lang.pick("评估日期", "assessed on"),
            c.assessed_on.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (lang.pick("评分标准", "rubric"), r.rubric.name.clone()),
        (lang.pick("得分", "score"), score_text(c.score)),
    ];
    if let Some(i) = c.inspection.as_ref().filter(|i| !i.items.is_empty()) {
        facts.push((
            lang.pick("自评得分", "self-assessed score"),
            score_text(i.self_score),
        ));
        facts.push((
            lang.pick("核查核定项目", "items verified by inspection"),
            i.items
                .iter()
                .map(|x| x.id.as_str())
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", ")),
        ));
    }
    if let Some(i) = c.inspection.as_ref().filter(|i| !i.unverified.is_empty()) {
        facts.push((
            lang.pick("未核定项", "unverified items"),
            i.unverified.join(lang.pick("、", ", ")),
        ));
    }
    facts.extend([
        (
            lang.pick("结论", "verdict"),
            c.verdict.label(lang).to_string(),
        ),
        (lang.pick("说明", "reason"), c.reason(lang).to_string()),
    ]);
    facts
}

/// Writes the facts from the second row down; returns the next free row.
fn write_facts(
    ws: &mut Worksheet,
    c: &Scorecard,
    facts: &[(&str, String)],
    lang: Lang,
    f: &Formats,
) -> Result<u32> {
    let mut row = 1u32;
    // The scores among the facts are written as numbers, not as text.
    let score_fmt = f.text.clone().set_num_format("0.0");
    let numbers = [
        (lang.pick("得分", "score"), c.score),
        (
            lang.pick("自评得分", "self-assessed score"),
            c.inspection.as_ref().and_then(|i| i.self_score),
        ),
    ];
    for (k, v) in facts {
        ws.write_string_with_format(row, 0, *k, &f.header)?;
        ws.merge_range(row, 1, row, 5, &sheet::fit(v), &f.text)?;
        if let Some(x) = numbers.iter().find(|(n, _)| n == k).and_then(|(_, x)| *x) {
            ws.write_number_with_format(row, 1, sheet::tenths(x), &score_fmt)?;
        }
        let lines = sheet::lines_needed(v, NAME_WIDTH + WHY_WIDTH + 21.0);
        if lines > 1 {
            ws.set_row_height(row, sheet::row_height(lines))?;
        }
        row += 1;
    }
    Ok(row)
}

/// Writes the zero-case gate's row (its window, how it was decided and the
/// cells it rests on) at `row`, if the gate was reached; returns the next
/// free row.
fn write_gate(
    ws: &mut Worksheet,
    c: &Scorecard,
    lang: Lang,
    f: &Formats,
    mut row: u32,
) -> Result<u32> {
    if let Some(g) = &c.gate {
        let hits = if lang.is_zh() { &g.hits_zh } else { &g.hits_en };
        let listed = if hits.is_empty() {
            g.undecided_cells(lang)
        } else {
            hits
        };
        let head = if g.summary(lang).is_empty() {
            match lang {
                Lang::Zh => format!("{} 至 {}", g.window_start, g.window_end),
                Lang::En => format!("{} to {}", g.window_start, g.window_end),
            }
        } else {
            match lang {
                Lang::Zh => format!(
                    "{} 至 {}：{}",
                    g.window_start,
                    g.window_end,
                    g.summary(lang)
                ),
                Lang::En => format!(
                    "{} to {}: {}",
                    g.window_start,
                    g.window_end,
                    g.summary(lang)
                ),
            }
        };
        let v = std::iter::once(head)
            .chain(listed.iter().cloned())
            .collect::<Vec<_>>()
            .join("\n");
        ws.write_string_with_format(row, 0, lang.pick("14天零病例", "zero-case gate"), &f.header)?;
        ws.merge_range(row, 1, row, 5, &sheet::fit(&v), &f.text)?;
        let lines = sheet::lines_needed(&v, NAME_WIDTH + WHY_WIDTH + 21.0);
        if lines > 1 {
            ws.set_row_height(row, sheet::row_height(lines))?;
        }
        row += 1;
    }
    Ok(row)
}

/// Writes the items table (points, earned, lost, why and where) with its
/// header at `row`, and sets the sheet's columns and page.
fn write_items(
    ws: &mut Worksheet,
    c: &Scorecard,
    lang: Lang,
    f: &Formats,
    mut row: u32,
) -> Result<()> {
    let heads = [
        lang.pick("编号", "id"),
        lang.pick("项目", "item"),
        lang.pick("分值", "points"),
        lang.pick("得分", "earned"),
        lang.pick("扣分", "lost"),
        lang.pick(
            "扣分原因及位置（请据此整改）",
            "why, and where (to rectify)",
        ),
    ];
    let header_row = row;
    let lost_fmt = f
        .bad
        .clone()
        .set_num_format(sheet::SCORE_FORMAT)
        .set_indent(0)
        .set_align(rust_xlsxwriter::FormatAlign::Right);
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *h, &f.header)?;
    }
    row += 1;
    for it in &c.items {
        let lost = (it.points - it.earned).max(0.0);
        let mut why = it.why(lang).to_string();
        if it.unverified {
            why.push_str(lang.pick("【未核定】", " [unverified]"));
        }
        ws.write_string_with_format(row, 0, &it.id, &f.text)?;
        ws.write_string_with_format(row, 1, &it.name, &f.text)?;
        let lost = sheet::tenths(lost);
        ws.write_number_with_format(row, 2, sheet::tenths(it.points), &f.score)?;
        ws.write_number_with_format(row, 3, sheet::tenths(it.earned), &f.score)?;
        ws.write_number_with_format(row, 4, lost, if lost > 0.0 { &lost_fmt } else { &f.score })?;
        ws.write_string_with_format(row, 5, sheet::fit(&why), &f.text)?;
        let lines =
            sheet::lines_needed(&why, WHY_WIDTH).max(sheet::lines_needed(&it.name, NAME_WIDTH));
        if lines > 1 {
            ws.set_row_height(row, sheet::row_height(lines))?;
        }
        row += 1;
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, NAME_WIDTH)?;
    ws.set_column_width(2, 7)?;
    ws.set_column_width(3, 7)?;
    ws.set_column_width(4, 7)?;
    ws.set_column_width(5, WHY_WIDTH)?;
    sheet::page_setup(ws, header_row, true)?;
    Ok(())
}

/// The second sheet: every data problem of the ledger, or a line saying
/// there were none.
fn write_problems(wb: &mut Workbook, c: &Scorecard, lang: Lang, f: &Formats) -> Result<()> {
    let mut rows: Vec<Vec<Cell>> = c
        .problems
        .iter()
        .map(|p| {
            vec![
                Cell::text(p.severity_label(lang)),
                Cell::text(&p.location),
                Cell::text(p.message(lang)),
            ]
        })
        .collect();
    let mut marks: Vec<Vec<(usize, Mark)>> = c
        .problems
        .iter()
        .map(|p| match p.severity.as_str() {
            "error" => vec![(0, Mark::Bad)],
            "warning" => vec![(0, Mark::Warn)],
            _ => vec![],
        })
        .collect();
    // No problems is said in words, not shown as an empty table.
    if rows.is_empty() {
        rows.push(vec![
            Cell::text(lang.pick("无", "none")),
            Cell::text(""),
            Cell::text(lang.pick(
                "台账中未发现数据问题",
                "no data problems were found in the ledger",
            )),
        ]);
        marks.push(vec![]);
    }
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("数据问题", "Problems"))?;
    TableSheet {
        headers: vec![
            lang.pick("级别", "severity").into(),
            lang.pick("位置", "location").into(),
            lang.pick("问题", "problem").into(),
        ],
        rows,
        marks,
        title: Some(
            lang.pick(
                "台账数据问题（请逐条核实整改）",
                "Data problems (check and correct each)",
            )
            .into(),
        ),
        max_width: 70,
        landscape: false,
        formats: f,
    }
    .write(ws)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_town(town: Option<&str>, name: &str) -> Scorecard {
        crate::test_card::card("x.xlsx", name, None, town, None)
    }

    fn named(name: &str) -> Scorecard {
        in_town(None, name)
    }

    #[test]
    fn feedback_names_carry_the_town() {
        let mut used = HashSet::new();
        let a = feedback_file_name(&in_town(Some("东关街道"), "和平社区"), Lang::Zh, &mut used);
        let b = feedback_file_name(&in_town(Some("西城街道"), "和平社区"), Lang::Zh, &mut used);
        assert_eq!(a, "东关街道-和平社区-评分反馈.xlsx");
        assert_eq!(b, "西城街道-和平社区-评分反馈.xlsx");
        // No town (or only blanks): the community's name alone.
        let c = feedback_file_name(&in_town(Some("  "), "和平社区"), Lang::En, &mut used);
        assert_eq!(c, "和平社区-feedback.xlsx");
        // The town is made safe like the name, and the whole stays short.
        let d = feedback_file_name(&in_town(Some("东关/街道"), "CON"), Lang::Zh, &mut used);
        assert_eq!(d, "东关_街道-CON-评分反馈.xlsx");
        let long = feedback_file_name(
            &in_town(Some(&"长".repeat(100)), &"短".repeat(100)),
            Lang::Zh,
            &mut used,
        );
        assert!(long.len() <= 200, "{long}");
        assert_eq!(crate::names::windows_problem(&long, Lang::Zh), None);
    }

    #[test]
    fn feedback_names_are_safe_and_unique() {
        let mut used = HashSet::new();
        let a = feedback_file_name(&named("../../etc/passwd"), Lang::Zh, &mut used);
        assert!(!a.contains('/') && !a.starts_with('.'), "{a}");
        let b = feedback_file_name(&named("幸福里"), Lang::Zh, &mut used);
        let c = feedback_file_name(&named("幸福里"), Lang::Zh, &mut used);
        assert_ne!(b, c);
        assert_eq!(
            feedback_file_name(&named("CON"), Lang::En, &mut used),
            "_CON-feedback.xlsx"
        );
        let long = "长".repeat(200);
        assert!(
            feedback_file_name(&named(&long), Lang::Zh, &mut used)
                .chars()
                .count()
                < 80
        );
        assert_eq!(
            feedback_file_name(&named(""), Lang::Zh, &mut used),
            "_-评分反馈.xlsx"
        );
        let nul = feedback_file_name(&named("a\u{0}b\u{202E}c"), Lang::Zh, &mut used);
        assert_eq!(nul, "a_b_c-评分反馈.xlsx");
        let emoji = feedback_file_name(&named(&"😷".repeat(200)), Lang::Zh, &mut used);
        assert!(emoji.len() <= 200, "{}", emoji.len());
        let dots = feedback_file_name(
            &named(&format!("{}. . .", "a".repeat(59))),
            Lang::En,
            &mut used,
        );
        assert!(!dots.contains(". -"), "{dots}");
        assert_eq!(
            feedback_file_name(&named("con .txt"), Lang::En, &mut used),
            "_con .txt-feedback.xlsx"
        );
    }
}
