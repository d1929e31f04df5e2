//! `评分汇总.xlsx`: the summary sheet, every item's points and why, every
//! data problem, the inspection sheets when inspected, and the distribution
//! chart.

use anyhow::Result;
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;

use super::chart::write_chart;
use super::columns::{
    INSPECTION_HEADERS, file_label, inspection_cells, section_score, summary_headers,
};
use super::{Cards, Overview, RunInfo};
use crate::catalogue::{CardText, ItemText, RecordText, VerdictText};
use crate::i18n::Lang;
use crate::sheet::{self, Cell, Formats, Mark, StreamTable};
use wuyi_core::score::Verdict;

fn verdict_mark(v: Verdict) -> Mark {
    match v {
        Verdict::Passed => Mark::Good,
        Verdict::Failed => Mark::Warn,
        Verdict::Vetoed | Verdict::Unassessable => Mark::Bad,
    }
}

fn opt_score(s: Option<f64>) -> Cell {
    s.map(Cell::Score).unwrap_or(Cell::Blank)
}

fn opt_date(d: Option<NaiveDate>) -> Cell {
    d.map(Cell::Date).unwrap_or(Cell::Blank)
}

fn text_cell(s: &str) -> Cell {
    Cell::text(s)
}

/// `评分汇总.xlsx`, in memory (see [`write_xlsx`]).
pub fn render_xlsx(info: &RunInfo, cards: &dyn Cards, lang: Lang) -> Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    write_xlsx(info, cards, &mut out, lang)?;
    Ok(out.into_inner())
}

/// Writes `评分汇总.xlsx` to `out`. The three long sheets are written row by
/// row in constant-memory mode and the workbook is zipped straight into
/// `out`, so a city's quarter costs the same memory as a street's.
pub fn write_xlsx<W>(info: &RunInfo, cards: &dyn Cards, out: W, lang: Lang) -> Result<()>
where
    W: std::io::Write + Send,
{
    let overview = cards.overview()?;
    let mut wb = sheet::new_workbook();
    let f = Formats::default();
    write_summary(&mut wb, info, cards, &overview, lang, &f)?;
    write_items(&mut wb, cards, lang, &f)?;
    write_problems(&mut wb, cards, lang, &f)?;
    if info.inspected() {
        crate::inspection::report::write_sheets(&mut wb, info, cards, lang, &f)?;
    }
    write_chart(&mut wb, &overview, lang, &f)?;
    wb.save_to_writer(out)?;
    Ok(())
}

fn write_summary(
    wb: &mut Workbook,
    info: &RunInfo,
    cards: &dyn Cards,
    overview: &Overview,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let headers = summary_headers(info, lang);
    let n_sections = info.sections.len();
    let n_inspection = if info.inspected() {
        INSPECTION_HEADERS.len()
    } else {
        0
    };
    let gate_col = 7 + n_sections + n_inspection;
    let verdict_col = gate_col + 2;
    let mut widths = vec![6.0, 10.0, 12.0, 20.0, 8.0, 12.0, 8.0];
    widths.extend(std::iter::repeat_n(11.0, n_sections));
    if info.inspected() {
        widths.extend([9.0, 9.0, 9.0, 14.0]);
    }
    widths.extend([10.0, 40.0, 10.0, 40.0, 28.0]);
    let title = match lang {
        Lang::Zh => format!(
            "评分汇总　{}（及格线 {} 分）　{}",
            info.rubric.name,
            wuyi_sheets::format_number(info.rubric.pass_score),
            overview.count_line(lang)
        ),
        Lang::En => format!(
            "Scores — {} (pass line {}) — {}",
            info.rubric.name,
            wuyi_sheets::format_number(info.rubric.pass_score),
            overview.count_line(lang)
        ),
    };
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(lang.pick("汇总", "Summary"))?;
    let mut table = StreamTable::begin(ws, f, Some(&title), &headers, widths, true)?;
    let mut i = 0usize;
    cards.each_brief(&mut |c| {
        i += 1;
        let mut row = vec![
            Cell::Num(i as f64),
            text_cell(c.district.as_deref().unwrap_or("")),
            text_cell(c.town.as_deref().unwrap_or("")),
            text_cell(&c.name),
            text_cell(&c.kind_label(lang)),
            opt_date(c.assessed_on),
            opt_score(c.score),
        ];
        for (id, _) in &info.sections {
            row.push(opt_score(section_score(c, id)));
        }
        let mut marks = Vec::new();
        if info.inspected() {
            let (own, verified, diff, unverified) = inspection_cells(c);
            row.extend([opt_score(own), opt_score(verified), opt_score(diff)]);
            row.push(text_cell(&unverified));
            if !unverified.is_empty() {
                marks.push((7 + n_sections + 3, Mark::Warn));
            }
        }
        row.push(text_cell(c.gate_label(lang)));
        row.push(text_cell(c.gate_summary(lang)));
        row.push(text_cell(c.verdict.label(lang)));
        row.push(text_cell(c.reason(lang)));
        row.push(text_cell(&file_label(c)));
        marks.push((verdict_col, verdict_mark(c.verdict)));
        if c.gate.as_ref().is_some_and(|g| !g.passed) {
            marks.push((gate_col, Mark::Bad));
        }
        Ok(table.row(&row, &marks)?)
    })?;
    table.end()?;
    Ok(())
}

fn write_items(wb: &mut Workbook, cards: &dyn Cards, lang: Lang, f: &Formats) -> Result<()> {
    let headers: Vec<String> = [
        ("街道(乡镇)", "town"),
        ("名称", "name"),
        ("编号", "id"),
        ("项目", "item"),
        ("分值", "points"),
        ("得分", "earned"),
        ("测得比例", "measured"),
        ("扣分处数", "findings"),
        ("说明", "why"),
    ]
    .iter()
    .map(|(z, e)| lang.pick(z, e).to_string())
    .collect();
    let widths = vec![12.0, 20.0, 6.0, 30.0, 7.0, 7.0, 10.0, 9.0, 70.0];
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(lang.pick("评分明细", "Items"))?;
    let title = lang.pick("各评分项得分及扣分原因", "Points per item and why");
    let mut table = StreamTable::begin(ws, f, Some(title), &headers, widths, true)?;
    cards.each(&mut |c| {
        for it in &c.items {
            let mut why = it.why(lang).to_string();
            if it.unverified {
                why.push_str(lang.pick("【未核定】", " [unverified]"));
            }
            let row = [
                text_cell(c.town.as_deref().unwrap_or("")),
                text_cell(&c.name),
                text_cell(&it.id),
                text_cell(&it.name),
                Cell::Score(it.points),
                Cell::Score(it.earned),
                it.share.map(Cell::Percent).unwrap_or(Cell::Blank),
                Cell::Num(it.findings as f64),
                text_cell(&why),
            ];
            let lost = it.earned + 1e-9 < it.points;
            table.row(&row, if lost { &[(5, Mark::Warn)] } else { &[] })?;
        }
        Ok(())
    })?;
    table.end()?;
    Ok(())
}

fn write_problems(wb: &mut Workbook, cards: &dyn Cards, lang: Lang, f: &Formats) -> Result<()> {
    let headers: Vec<String> = [
        ("街道(乡镇)", "town"),
        ("名称", "name"),
        ("级别", "severity"),
        ("位置", "location"),
        ("问题", "problem"),
        ("文件", "file"),
    ]
    .iter()
    .map(|(z, e)| lang.pick(z, e).to_string())
    .collect();
    let widths = vec![12.0, 20.0, 7.0, 16.0, 60.0, 28.0];
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(lang.pick("数据问题", "Problems"))?;
    let title = lang.pick("台账数据问题清单", "Data problems in the ledgers");
    let mut table = StreamTable::begin(ws, f, Some(title), &headers, widths, true)?;
    cards.each_brief(&mut |c| {
        for p in &c.problems {
            let row = [
                text_cell(c.town.as_deref().unwrap_or("")),
                text_cell(&c.name),
                text_cell(p.severity_label(lang)),
                text_cell(&p.location),
                text_cell(p.message(lang)),
                text_cell(&file_label(c)),
            ];
            let marks: &[(usize, Mark)] = match p.severity.as_str() {
                "error" => &[(2, Mark::Bad)],
                "warning" => &[(2, Mark::Warn)],
                _ => &[],
            };
            table.row(&row, marks)?;
        }
        Ok(())
    })?;
    table.end()?;
    Ok(())
}
