//! The reports of `wuyi score`: the summary on the terminal, `results.json`
//! and `results.csv` for machines, `评分汇总.xlsx` for the office, and one
//! feedback workbook per community to send back for rectification.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use chrono::NaiveDate;
use rust_xlsxwriter::{Chart, ChartType, Workbook};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::report::sheet::{self, Cell, Formats, Mark, TableSheet};
use crate::report::text::{self, sanitize};
use crate::report::{csv_buffer, csv_finish, csv_safe};
use crate::rubric::Rubric;
use crate::score::{Scorecard, Verdict};

/// Which rubric a run used, so results can be traced to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricInfo {
    pub name: String,
    pub version: String,
    pub sha256: String,
    pub source: String,
    pub pass_score: f64,
    pub total: f64,
}

impl RubricInfo {
    pub fn of(r: &Rubric) -> Self {
        RubricInfo {
            name: r.spec.name.clone(),
            version: r.spec.version.clone(),
            sha256: r.sha256.clone(),
            source: r.source.clone(),
            pass_score: r.spec.pass_score,
            total: r.spec.total,
        }
    }
}

/// Everything a scoring run produced: the content of `results.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub tool: String,
    pub tool_version: String,
    pub rubric: RubricInfo,
    /// The batch-wide assessment date, when `--as-of` was given.
    pub as_of: Option<NaiveDate>,
    /// Section ids and names, in rubric order.
    pub sections: Vec<(String, String)>,
    pub results: Vec<Scorecard>,
}

impl Results {
    pub fn new(rubric: &Rubric, as_of: Option<NaiveDate>, mut cards: Vec<Scorecard>) -> Self {
        sort_cards(&mut cards);
        Results {
            tool: "wuyi".into(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            rubric: RubricInfo::of(rubric),
            as_of,
            sections: rubric
                .spec
                .sections
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect(),
            results: cards,
        }
    }

    pub fn count(&self, v: Verdict) -> usize {
        self.results.iter().filter(|c| c.verdict == v).count()
    }
}

/// Reports list communities by district, town and name; the file breaks
/// ties so the order never depends on which thread finished first.
pub fn sort_cards(cards: &mut [Scorecard]) {
    cards.sort_by(|a, b| {
        (a.district.as_deref(), a.town.as_deref(), &a.name, &a.file).cmp(&(
            b.district.as_deref(),
            b.town.as_deref(),
            &b.name,
            &b.file,
        ))
    });
}

fn score_text(s: Option<f64>) -> String {
    s.map(|x| format!("{x:.1}")).unwrap_or_else(|| "—".into())
}

pub fn count_line(r: &Results, lang: Lang) -> String {
    let n = r.results.len();
    let (p, f, v, u) = (
        r.count(Verdict::Passed),
        r.count(Verdict::Failed),
        r.count(Verdict::Vetoed),
        r.count(Verdict::Unassessable),
    );
    match lang {
        Lang::Zh => format!("共 {n} 个文件：达标 {p}，未达标 {f}，一票否决 {v}，无法评分 {u}"),
        Lang::En => format!(
            "{n} files: {p} passed, {f} below the pass line, {v} vetoed, {u} cannot be assessed"
        ),
    }
}

/// The terminal summary: one row per file, then the count line.
pub fn render_table(r: &Results, lang: Lang) -> String {
    let headers = [
        lang.pick("名称", "community"),
        lang.pick("街道(乡镇)", "town"),
        lang.pick("得分", "score"),
        lang.pick("零病例", "gate"),
        lang.pick("结论", "verdict"),
        lang.pick("说明", "reason"),
    ];
    let rows: Vec<Vec<String>> = r
        .results
        .iter()
        .map(|c| {
            let reason = match c.verdict {
                Verdict::Passed | Verdict::Failed => String::new(),
                _ => text::truncate(&sanitize(c.reason(lang)), 60),
            };
            vec![
                text::truncate(&sanitize(&c.name), 24),
                text::truncate(&sanitize(c.town.as_deref().unwrap_or("")), 16),
                score_text(c.score),
                c.gate_label(lang).to_string(),
                c.verdict.label(lang).to_string(),
                reason,
            ]
        })
        .collect();
    let mut out = text::render(&headers, &rows, &[2]);
    out.push_str(&count_line(r, lang));
    out.push('\n');
    out
}

pub fn render_json(r: &Results) -> Result<Vec<u8>> {
    let mut s = serde_json::to_string_pretty(r)?;
    s.push('\n');
    Ok(s.into_bytes())
}

fn summary_headers(r: &Results, lang: Lang) -> Vec<String> {
    let mut h: Vec<String> = [
        ("序号", "No."),
        ("区县", "district"),
        ("街道(乡镇)", "town"),
        ("名称", "name"),
        ("类型", "type"),
        ("评估日期", "assessed on"),
        ("得分", "score"),
    ]
    .iter()
    .map(|(z, e)| lang.pick(z, e).to_string())
    .collect();
    for (id, name) in &r.sections {
        h.push(format!("{id} {name}"));
    }
    for (z, e) in [
        ("14天零病例", "zero-case gate"),
        ("结论", "verdict"),
        ("原因", "reason"),
        ("文件", "file"),
    ] {
        h.push(lang.pick(z, e).to_string());
    }
    h
}

/// The file's name alone: in a printed sheet the folder is noise.
fn file_label(c: &Scorecard) -> String {
    c.file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| c.file.display().to_string())
}

fn section_score(c: &Scorecard, id: &str) -> Option<f64> {
    c.sections.iter().find(|s| s.id == id).map(|s| s.earned)
}

pub fn render_csv(r: &Results, lang: Lang) -> Result<Vec<u8>> {
    let mut w = csv_buffer();
    w.write_record(summary_headers(r, lang))?;
    for (i, c) in r.results.iter().enumerate() {
        let mut row: Vec<String> = vec![
            (i + 1).to_string(),
            c.district.clone().unwrap_or_default(),
            c.town.clone().unwrap_or_default(),
            c.name.clone(),
            c.kind_label(lang),
            c.assessed_on.map(|d| d.to_string()).unwrap_or_default(),
            c.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
        ];
        for (id, _) in &r.sections {
            row.push(
                section_score(c, id)
                    .map(|s| format!("{s:.1}"))
                    .unwrap_or_default(),
            );
        }
        row.push(c.gate_label(lang).to_string());
        row.push(c.verdict.label(lang).to_string());
        row.push(c.reason(lang).to_string());
        row.push(c.file.display().to_string());
        w.write_record(row.iter().map(|s| csv_safe(s).into_owned()))?;
    }
    csv_finish(w)
}

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

/// Score bands for the distribution chart.
const BANDS: [(f64, f64, &str, &str); 5] = [
    (0.0, 60.0, "60分以下", "below 60"),
    (60.0, 70.0, "60-69分", "60-69"),
    (70.0, 80.0, "70-79分", "70-79"),
    (80.0, 90.0, "80-89分", "80-89"),
    (90.0, 100.0001, "90分以上", "90 and above"),
];

pub fn render_xlsx(r: &Results, lang: Lang) -> Result<Vec<u8>> {
    let mut wb = sheet::new_workbook();
    let f = Formats::default();
    write_summary(&mut wb, r, lang, &f)?;
    write_items(&mut wb, r, lang, &f)?;
    write_problems(&mut wb, r, lang, &f)?;
    write_chart(&mut wb, r, lang, &f)?;
    Ok(wb.save_to_buffer()?)
}

fn write_summary(wb: &mut Workbook, r: &Results, lang: Lang, f: &Formats) -> Result<()> {
    let headers = summary_headers(r, lang);
    let verdict_col = 7 + r.sections.len() + 1;
    let mut rows = Vec::new();
    let mut marks = Vec::new();
    for (i, c) in r.results.iter().enumerate() {
        let mut row = vec![
            Cell::Num((i + 1) as f64),
            text_cell(c.district.as_deref().unwrap_or("")),
            text_cell(c.town.as_deref().unwrap_or("")),
            text_cell(&c.name),
            text_cell(&c.kind_label(lang)),
            opt_date(c.assessed_on),
            opt_score(c.score),
        ];
        for (id, _) in &r.sections {
            row.push(opt_score(section_score(c, id)));
        }
        row.push(text_cell(c.gate_label(lang)));
        row.push(text_cell(c.verdict.label(lang)));
        row.push(text_cell(c.reason(lang)));
        row.push(text_cell(&file_label(c)));
        rows.push(row);
        let mut m = vec![(verdict_col, verdict_mark(c.verdict))];
        if c.gate.as_ref().is_some_and(|g| !g.passed) {
            m.push((verdict_col - 1, Mark::Bad));
        }
        marks.push(m);
    }
    let title = match lang {
        Lang::Zh => format!(
            "评分汇总　{}（及格线 {} 分）　{}",
            r.rubric.name,
            crate::workbook::format_number(r.rubric.pass_score),
            count_line(r, lang)
        ),
        Lang::En => format!(
            "Scores — {} (pass line {}) — {}",
            r.rubric.name,
            crate::workbook::format_number(r.rubric.pass_score),
            count_line(r, lang)
        ),
    };
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("汇总", "Summary"))?;
    TableSheet {
        headers,
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

fn write_items(wb: &mut Workbook, r: &Results, lang: Lang, f: &Formats) -> Result<()> {
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
    let mut rows = Vec::new();
    let mut marks = Vec::new();
    for c in &r.results {
        for it in &c.items {
            let mut why = it.why(lang).to_string();
            if it.unverified {
                why.push_str(lang.pick("【未核定】", " [unverified]"));
            }
            rows.push(vec![
                text_cell(c.town.as_deref().unwrap_or("")),
                text_cell(&c.name),
                text_cell(&it.id),
                text_cell(&it.name),
                Cell::Score(it.points),
                Cell::Score(it.earned),
                it.share
                    .map(|s| text_cell(&format!("{:.1}%", s * 100.0)))
                    .unwrap_or(Cell::Blank),
                Cell::Num(it.findings as f64),
                text_cell(&why),
            ]);
            let lost = it.earned + 1e-9 < it.points;
            marks.push(if lost { vec![(5, Mark::Warn)] } else { vec![] });
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("评分明细", "Items"))?;
    TableSheet {
        headers,
        rows,
        marks,
        title: Some(
            lang.pick("各评分项得分及扣分原因", "Points per item and why")
                .to_string(),
        ),
        max_width: 70,
        landscape: true,
        formats: f,
    }
    .write(ws)?;
    Ok(())
}

fn write_problems(wb: &mut Workbook, r: &Results, lang: Lang, f: &Formats) -> Result<()> {
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
    let mut rows = Vec::new();
    let mut marks = Vec::new();
    for c in &r.results {
        for p in &c.problems {
            rows.push(vec![
                text_cell(c.town.as_deref().unwrap_or("")),
                text_cell(&c.name),
                text_cell(p.severity_label(lang)),
                text_cell(&p.location),
                text_cell(p.message(lang)),
                text_cell(&file_label(c)),
            ]);
            marks.push(match p.severity.as_str() {
                "error" => vec![(2, Mark::Bad)],
                "warning" => vec![(2, Mark::Warn)],
                _ => vec![],
            });
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("数据问题", "Problems"))?;
    TableSheet {
        headers,
        rows,
        marks,
        title: Some(
            lang.pick("台账数据问题清单", "Data problems in the ledgers")
                .to_string(),
        ),
        max_width: 60,
        landscape: true,
        formats: f,
    }
    .write(ws)?;
    Ok(())
}

fn write_chart(wb: &mut Workbook, r: &Results, lang: Lang, f: &Formats) -> Result<()> {
    let mut by_town: BTreeMap<String, [usize; BANDS.len()]> = BTreeMap::new();
    for c in &r.results {
        let Some(s) = c.score else { continue };
        let town = c
            .town
            .clone()
            .unwrap_or_else(|| lang.pick("（未填）", "(blank)").to_string());
        let counts = by_town.entry(town).or_default();
        if let Some(b) = BANDS.iter().position(|(lo, hi, ..)| s >= *lo && s < *hi) {
            counts[b] += 1;
        }
    }
    let name = lang.pick("分布图", "Distribution");
    let mut headers = vec![lang.pick("街道(乡镇)", "town").to_string()];
    headers.extend(BANDS.iter().map(|b| lang.pick(b.2, b.3).to_string()));
    let rows: Vec<Vec<Cell>> = by_town
        .iter()
        .map(|(town, counts)| {
            let mut row = vec![text_cell(town)];
            row.extend(counts.iter().map(|n| Cell::Num(*n as f64)));
            row
        })
        .collect();
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
        for (i, _) in BANDS.iter().enumerate() {
            let col = 1 + i as u16;
            chart
                .add_series()
                .set_name((name, 1, col))
                .set_categories((name, 2, 0, 1 + n, 0))
                .set_values((name, 2, col, 1 + n, col));
        }
        chart
            .title()
            .set_name(lang.pick("得分分布（个数）", "Scores by band (count)"));
        chart.y_axis().set_name(lang.pick("个数", "count"));
        ws.insert_chart(n + 3, 0, &chart)?;
    }
    Ok(())
}

/// A safe, unique file name for a community's feedback workbook: no path
/// separators or characters Windows forbids, no reserved device names, not
/// too long, and never the same as another in this run.
pub fn feedback_file_name(name: &str, lang: Lang, used: &mut HashSet<String>) -> String {
    let mut base: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => '_',
            c => c,
        })
        .collect();
    base = base.trim().trim_matches('.').trim().to_string();
    if base.chars().count() > 60 {
        base = base.chars().take(60).collect();
    }
    let upper = base.to_uppercase();
    let stem = upper.split('.').next().unwrap_or("");
    let reserved = matches!(stem, "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if base.is_empty() || reserved {
        base = format!("_{base}");
    }
    let suffix = lang.pick("评分反馈", "feedback");
    let mut candidate = format!("{base}-{suffix}.xlsx");
    let mut n = 2;
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
pub fn render_feedback(c: &Scorecard, r: &Results, lang: Lang) -> Result<Vec<u8>> {
    let mut wb = sheet::new_workbook();
    let f = Formats::default();
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("评分反馈", "Feedback"))?;
    let title = match lang {
        Lang::Zh => format!("{} 无疫创建评分反馈", c.name),
        Lang::En => format!("{}: epidemic-free assessment feedback", c.name),
    };
    ws.merge_range(0, 0, 0, 5, &title, &f.title)?;
    ws.set_row_height(0, 30)?;
    let facts: Vec<(&str, String)> = vec![
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
        (
            lang.pick("结论", "verdict"),
            c.verdict.label(lang).to_string(),
        ),
        (lang.pick("说明", "reason"), c.reason(lang).to_string()),
    ];
    let mut row = 1u32;
    for (k, v) in &facts {
        ws.write_string_with_format(row, 0, *k, &f.header)?;
        ws.merge_range(row, 1, row, 5, v, &f.text)?;
        let lines = sheet::lines_needed(v, NAME_WIDTH + WHY_WIDTH + 21.0);
        if lines > 1 {
            ws.set_row_height(row, sheet::row_height(lines))?;
        }
        row += 1;
    }
    if let Some(g) = &c.gate {
        let hits = if lang.is_zh() { &g.hits_zh } else { &g.hits_en };
        let v = if hits.is_empty() {
            match lang {
                Lang::Zh => format!("{} 至 {} 无涉疫记录", g.window_start, g.window_end),
                Lang::En => format!("no case records {} to {}", g.window_start, g.window_end),
            }
        } else {
            hits.join("\n")
        };
        ws.write_string_with_format(row, 0, lang.pick("14天零病例", "zero-case gate"), &f.header)?;
        ws.merge_range(row, 1, row, 5, &v, &f.text)?;
        let lines = sheet::lines_needed(&v, NAME_WIDTH + WHY_WIDTH + 21.0);
        if lines > 1 {
            ws.set_row_height(row, sheet::row_height(lines))?;
        }
        row += 1;
    }
    row += 1;
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
    let lost_fmt = f.bad.clone().set_num_format("0.0");
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
        ws.write_number_with_format(row, 2, it.points, &f.score)?;
        ws.write_number_with_format(row, 3, it.earned, &f.score)?;
        ws.write_number_with_format(row, 4, lost, if lost > 1e-9 { &lost_fmt } else { &f.score })?;
        ws.write_string_with_format(row, 5, &why, &f.text)?;
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

    let rows: Vec<Vec<Cell>> = c
        .problems
        .iter()
        .map(|p| {
            vec![
                text_cell(p.severity_label(lang)),
                text_cell(&p.location),
                text_cell(p.message(lang)),
            ]
        })
        .collect();
    let marks = c
        .problems
        .iter()
        .map(|p| match p.severity.as_str() {
            "error" => vec![(0, Mark::Bad)],
            "warning" => vec![(0, Mark::Warn)],
            _ => vec![],
        })
        .collect();
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
        formats: &f,
    }
    .write(ws)?;
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_names_are_safe_and_unique() {
        let mut used = HashSet::new();
        let a = feedback_file_name("../../etc/passwd", Lang::Zh, &mut used);
        assert!(!a.contains('/') && !a.starts_with('.'), "{a}");
        let b = feedback_file_name("幸福里", Lang::Zh, &mut used);
        let c = feedback_file_name("幸福里", Lang::Zh, &mut used);
        assert_ne!(b, c);
        assert_eq!(
            feedback_file_name("CON", Lang::En, &mut used),
            "_CON-feedback.xlsx"
        );
        let long = "长".repeat(200);
        assert!(
            feedback_file_name(&long, Lang::Zh, &mut used)
                .chars()
                .count()
                < 80
        );
        assert_eq!(
            feedback_file_name("", Lang::Zh, &mut used),
            "_-评分反馈.xlsx"
        );
        let nul = feedback_file_name("a\u{0}b\u{202E}c", Lang::Zh, &mut used);
        assert_eq!(nul, "a_b_c-评分反馈.xlsx");
    }
}
