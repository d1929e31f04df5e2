//! The distribution sheet of `评分汇总.xlsx`: per town, how many
//! applications fall in each score band, and how many were vetoed or could
//! not be assessed.

use anyhow::Result;
use rust_xlsxwriter::{Chart, ChartType, Workbook};

use super::Overview;
use crate::catalogue::VerdictText;
use crate::i18n::Lang;
use crate::sheet::{Cell, Formats, TableSheet};
use wuyi_core::score::Verdict;

/// Score bands for the distribution chart.
const BANDS: [(f64, f64, &str, &str); 5] = [
    (0.0, 60.0, "60分以下", "below 60"),
    (60.0, 70.0, "60-69分", "60-69"),
    (70.0, 80.0, "70-79分", "70-79"),
    (80.0, 90.0, "80-89分", "80-89"),
    (90.0, 100.0001, "90分以上", "90 and above"),
];

/// How many series the chart has: the bands, vetoed, cannot be assessed.
pub(super) const SERIES: usize = BANDS.len() + 2;

/// The chart's series: the score bands, then the applications that have no
/// place in a band because the gate vetoed them or they could not be
/// assessed.
fn chart_series(lang: Lang) -> Vec<&'static str> {
    let mut names: Vec<&str> = BANDS.iter().map(|b| lang.pick(b.2, b.3)).collect();
    names.push(Verdict::Vetoed.label(lang));
    names.push(Verdict::Unassessable.label(lang));
    names
}

/// Which of [`chart_series`] an application with this verdict and score
/// falls in: a vetoed or unassessable application in its own series, never
/// in a band (whatever its points).
pub(super) fn series_of(verdict: Verdict, score: Option<f64>) -> Option<usize> {
    match (verdict, score) {
        (Verdict::Vetoed, _) => Some(BANDS.len()),
        (Verdict::Unassessable, _) | (_, None) => Some(BANDS.len() + 1),
        (_, Some(s)) => BANDS.iter().position(|(lo, hi, ..)| s >= *lo && s < *hi),
    }
}

/// A whole-number step for a count axis whose largest bar is `max`: about
/// eight gridlines at most, never a fraction of an application.
fn count_step(max: usize) -> f64 {
    max.div_ceil(8).max(1) as f64
}

/// The distribution sheet: per town, how many applications fall in each
/// score band, as a table and as a column chart beneath it.
pub(super) fn write_chart(
    wb: &mut Workbook,
    overview: &Overview,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let by_town = overview.chart_counts(lang);
    let series = chart_series(lang);
    let name = lang.pick("分布图", "Distribution");
    let mut headers = vec![lang.pick("街道(乡镇)", "town").to_string()];
    headers.extend(series.iter().map(|s| s.to_string()));
    let rows: Vec<Vec<Cell>> = by_town
        .iter()
        .map(|(town, counts)| {
            let mut row = vec![Cell::text(town)];
            row.extend(counts.iter().map(|n| Cell::Num(*n as f64)));
            row
        })
        .collect();
    let max = by_town
        .values()
        .flat_map(|c| c.iter().copied())
        .max()
        .unwrap_or(0);
    let n = rows.len() as u32;
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    TableSheet {
        headers,
        rows,
        marks: Vec::new(),
        title: Some(
            lang.pick("各街道（乡镇）得分分布", "Score distribution by town")
                .to_string(),
        ),
        max_width: 30,
        landscape: true,
        formats: f,
    }
    .write(ws)?;
    if n > 0 {
        let mut chart = Chart::new(ChartType::Column);
        // Bands from red (below the pass line) to green; the two outcomes
        // outside the bands in purple and grey, so they are not read as
        // scores.
        const COLOURS: [u32; 7] = [
            0xC00000, 0xF4B183, 0xFFD966, 0xA9D18E, 0x548235, 0x7030A0, 0x7F7F7F,
        ];
        for (i, _) in series.iter().enumerate() {
            let col = 1 + i as u16;
            chart
                .add_series()
                .set_name((name, 1, col))
                .set_categories((name, 2, 0, 1 + n, 0))
                .set_values((name, 2, col, 1 + n, col))
                .set_format(
                    rust_xlsxwriter::ChartFormat::new().set_solid_fill(
                        rust_xlsxwriter::ChartSolidFill::new()
                            .set_color(rust_xlsxwriter::Color::RGB(COLOURS[i % COLOURS.len()])),
                    ),
                );
        }
        chart
            .title()
            .set_name(lang.pick("得分分布（个数）", "Scores by band (count)"));
        chart
            .y_axis()
            .set_name(lang.pick("个数", "count"))
            .set_num_format("0")
            .set_min(0)
            .set_major_unit(count_step(max));
        chart
            .legend()
            .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
        chart.set_width(720).set_height(360);
        ws.insert_chart(n + 3, 0, &chart)?;
    }
    Ok(())
}
