//! The inspection sheets of `评分汇总.xlsx`: 自评与核定, where the
//! self-assessment overstated the verified score most (what a county
//! inspector looks at first), and 核对事项, every inspection row not applied
//! and why.

use anyhow::Result;
use rust_xlsxwriter::Workbook;

use crate::catalogue::inspection::record;
use crate::i18n::Lang;
use crate::score::{Cards, RunInfo};
use crate::sheet::{Cell, Formats, Mark, TableSheet};

/// One inspected item of one community, as the comparison sheet lists it.
struct Line {
    town: String,
    name: String,
    id: String,
    item: String,
    points: f64,
    self_earned: f64,
    verified: f64,
    overstated: f64,
    records: String,
}

/// Writes the inspection sheets of the score workbook.
pub fn write_sheets(
    wb: &mut Workbook,
    info: &RunInfo,
    cards: &dyn Cards,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let mut lines = Vec::new();
    cards.each(&mut |c| {
        let Some(ins) = &c.inspection else {
            return Ok(());
        };
        for it in &ins.items {
            lines.push(Line {
                town: c.town.clone().unwrap_or_default(),
                name: c.name.clone(),
                id: it.id.clone(),
                item: it.name.clone(),
                points: it.points,
                self_earned: it.self_earned,
                verified: it.verified,
                overstated: it.overstated(),
                records: it
                    .records
                    .iter()
                    .map(|r| record(r, lang))
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
        }
        Ok(())
    })?;
    // Most overstated first; ties in report order (the cards' order).
    lines.sort_by(|a, b| b.overstated.total_cmp(&a.overstated));
    let marks = lines
        .iter()
        .map(|l| {
            if l.overstated > 1e-9 {
                vec![(7, Mark::Bad)]
            } else if l.overstated < -1e-9 {
                vec![(7, Mark::Good)]
            } else {
                vec![]
            }
        })
        .collect();
    let rows = lines
        .into_iter()
        .map(|l| {
            vec![
                Cell::text(l.town),
                Cell::text(l.name),
                Cell::text(l.id),
                Cell::text(l.item),
                Cell::Score(l.points),
                Cell::Score(l.self_earned),
                Cell::Score(l.verified),
                Cell::Score(l.overstated),
                Cell::text(l.records),
            ]
        })
        .collect();
    let headers = [
        ("街道(乡镇)", "town"),
        ("名称", "name"),
        ("编号", "id"),
        ("项目", "item"),
        ("分值", "points"),
        ("自评得分", "self-assessed"),
        ("核定得分", "verified"),
        ("自评高出", "overstated by"),
        ("核查记录（最新在前）", "inspections (latest first)"),
    ]
    .iter()
    .map(|(z, e)| lang.pick(z, e).to_string())
    .collect();
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("自评与核定", "Self vs verified"))?;
    TableSheet {
        headers,
        rows,
        marks,
        title: Some(
            lang.pick(
                "自评与核定：自评高出核定得分最多的项目在前",
                "Self-assessed against verified: the most overstated items first",
            )
            .to_string(),
        ),
        max_width: 60,
        landscape: true,
        formats: f,
    }
    .write(ws)?;

    let notes = &info.inspection_notes;
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("核对事项", "To check"))?;
    let title = match lang {
        Lang::Zh => format!(
            "核查记录核对事项（{}）：以下各行未使用或需核对",
            info.inspections.join("、")
        ),
        Lang::En => format!(
            "Inspection rows to check ({}): not used, or to be checked",
            info.inspections.join(", ")
        ),
    };
    TableSheet {
        headers: vec![
            lang.pick("位置", "location").to_string(),
            lang.pick("说明", "what to check").to_string(),
        ],
        rows: notes
            .iter()
            .map(|n| vec![Cell::text(&n.location), Cell::text(n.message(lang))])
            .collect(),
        marks: Vec::new(),
        title: Some(title),
        max_width: 90,
        landscape: true,
        formats: f,
    }
    .write(ws)?;
    Ok(())
}
