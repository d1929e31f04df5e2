//! The reports of `wuyi score`: the summary on the terminal, `results.json`
//! and `results.csv` for machines, `评分汇总.xlsx` for the office, and one
//! feedback workbook per community to send back for rectification.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use chrono::NaiveDate;
use rust_xlsxwriter::{Chart, ChartType, Workbook};
use serde::{Deserialize, Serialize};

use crate::catalogue::{CardText, GateText, ItemText, RecordText, VerdictText};
use crate::csv_safe;
use crate::i18n::Lang;
use crate::inspection::NoteRecord as Note;
use crate::schema;
use crate::sheet::{self, Cell, Formats, Mark, StreamTable, TableSheet};
use crate::text::{self, sanitize};
use wuyi_core::results::Scorecard;
use wuyi_core::rubric::Rubric;
use wuyi_core::score::Verdict;

/// Which rubric a run used, so results can be traced to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricInfo {
    /// The rubric's name as its file states it.
    pub name: String,
    /// The rubric's version as its authors number it (may be empty).
    pub version: String,
    /// Hex SHA-256 of the rubric file's bytes, so two runs can be shown to
    /// have used the same rubric.
    pub sha256: String,
    /// Where the rubric came from: a path, or "built-in".
    pub source: String,
    /// The pass line the scores were judged against (60 by default).
    pub pass_score: f64,
    /// The points of all items together, the most a community can score.
    pub total: f64,
}

impl RubricInfo {
    /// The identifying facts of a loaded rubric, as recorded in the results.
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

/// Everything a scoring run produced: the content of `results.json`, as
/// other programs (and `wuyi awards`) read it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// The shape of the file ([`schema::SCHEMA_VERSION`]); `None` in files
    /// written before it was recorded.
    #[serde(default)]
    pub schema_version: Option<u32>,
    /// The program that wrote the file ("wuyi").
    pub tool: String,
    /// The version of the program that wrote the file.
    pub tool_version: String,
    /// The rubric the communities were scored against.
    pub rubric: RubricInfo,
    /// The batch-wide assessment date, when `--as-of` was given.
    pub as_of: Option<NaiveDate>,
    /// Section ids and names, in rubric order.
    pub sections: Vec<(String, String)>,
    /// The inspection lists applied (file names), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inspections: Vec<String>,
    /// What to check in the inspection lists: rows not applied and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inspection_notes: Vec<Note>,
    /// One scorecard per file scored, in report order (see [`sort_key`]).
    pub results: Vec<Scorecard>,
}

impl Results {
    /// The results of a run: the cards put in report order and stamped with
    /// the current schema version, tool version and rubric.
    pub fn new(rubric: &Rubric, as_of: Option<NaiveDate>, mut cards: Vec<Scorecard>) -> Self {
        sort_cards(&mut cards);
        let info = RunInfo::new(rubric, as_of);
        Results {
            schema_version: Some(schema::SCHEMA_VERSION),
            tool: info.tool,
            tool_version: info.tool_version,
            rubric: info.rubric,
            as_of: info.as_of,
            sections: info.sections,
            inspections: info.inspections,
            inspection_notes: info.inspection_notes,
            results: cards,
        }
    }

    /// The run's own facts without the cards, for writing the reports again
    /// from a `results.json` read back.
    pub fn info(&self) -> RunInfo {
        RunInfo {
            tool: self.tool.clone(),
            tool_version: self.tool_version.clone(),
            rubric: self.rubric.clone(),
            as_of: self.as_of,
            sections: self.sections.clone(),
            inspections: self.inspections.clone(),
            inspection_notes: self.inspection_notes.clone(),
        }
    }

    /// How many scorecards have verdict `v`.
    pub fn count(&self, v: Verdict) -> usize {
        self.results.iter().filter(|c| c.verdict == v).count()
    }
}

/// What a run says about itself: `results.json` without the results.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    /// The program that wrote the results ("wuyi").
    pub tool: String,
    /// The version of the program that wrote the results.
    pub tool_version: String,
    /// The rubric the communities were scored against.
    pub rubric: RubricInfo,
    /// The batch-wide assessment date, when `--as-of` was given.
    pub as_of: Option<NaiveDate>,
    /// Section ids and names in rubric order; each becomes a score column
    /// in the summary.
    pub sections: Vec<(String, String)>,
    /// The inspection lists applied (file names), if any.
    pub inspections: Vec<String>,
    /// Inspection-list rows that were not applied, and why.
    pub inspection_notes: Vec<Note>,
}

impl RunInfo {
    /// The facts of a run of this program with `rubric`, before any
    /// inspection lists are applied.
    pub fn new(rubric: &Rubric, as_of: Option<NaiveDate>) -> Self {
        RunInfo {
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
            inspections: Vec::new(),
            inspection_notes: Vec::new(),
        }
    }

    /// Whether inspection results were applied: the reports then show self
    /// and verified scores side by side.
    pub fn inspected(&self) -> bool {
        !self.inspections.is_empty()
    }
}

/// A batch's scorecards in report order, wherever they are kept: in memory,
/// or spilled to disk so that a city's quarter does not have to fit in
/// memory at once (see [`crate::spill`]).
pub trait Cards {
    /// How many cards there are.
    fn count(&self) -> usize;
    /// Visits every card, in report order.
    fn each(&self, f: &mut dyn FnMut(&Scorecard) -> Result<()>) -> Result<()>;
}

impl Cards for [Scorecard] {
    fn count(&self) -> usize {
        self.len()
    }

    fn each(&self, f: &mut dyn FnMut(&Scorecard) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(f)
    }
}

impl Cards for Vec<Scorecard> {
    fn count(&self) -> usize {
        self.len()
    }

    fn each(&self, f: &mut dyn FnMut(&Scorecard) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(f)
    }
}

/// The order reports list communities in: district, town, name, and the
/// file to break ties, so the order never depends on which thread finished
/// first.
pub fn sort_key(c: &Scorecard) -> (String, String, String, std::path::PathBuf) {
    (
        c.district.clone().unwrap_or_default(),
        c.town.clone().unwrap_or_default(),
        c.name.clone(),
        c.file.clone(),
    )
}

/// Puts scorecards in report order (see [`sort_key`]).
pub fn sort_cards(cards: &mut [Scorecard]) {
    cards.sort_by_cached_key(sort_key);
}

/// What the terminal summary and the chart need of a card: a few short
/// fields, kept for every file while the cards themselves may be on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// The community's name, shown first on its row.
    pub name: String,
    /// The street or township (街道/乡镇) it belongs to, when stated.
    pub town: Option<String>,
    /// Its total score, or `None` when it could not be assessed (shown as —).
    pub score: Option<f64>,
    /// The zero-case gate column in Chinese: 通过, 无法判定, 否决 or —.
    pub gate_zh: &'static str,
    /// The zero-case gate column in English: clear, undecided, vetoed or —.
    pub gate_en: &'static str,
    /// The verdict: passed, below the pass line, vetoed or cannot be assessed.
    pub verdict: Verdict,
    /// Why it was vetoed or could not be assessed, in Chinese; empty for a
    /// community that was scored.
    pub reason_zh: String,
    /// Why it was vetoed or could not be assessed, in English; empty for a
    /// community that was scored.
    pub reason_en: String,
    /// How the zero-case gate was decided, in one line.
    pub gate_summary_zh: String,
    /// How the zero-case gate was decided, in one line, in English.
    pub gate_summary_en: String,
}

impl Brief {
    /// Keeps the short fields of a scorecard in both languages, dropping
    /// the reason for cards that were scored (passed or below the line).
    pub fn of(c: &Scorecard) -> Self {
        let keep_reason = !matches!(c.verdict, Verdict::Passed | Verdict::Failed);
        Brief {
            name: c.name.clone(),
            town: c.town.clone(),
            score: c.score,
            gate_zh: c.gate_label(Lang::Zh),
            gate_en: c.gate_label(Lang::En),
            verdict: c.verdict,
            reason_zh: if keep_reason {
                c.reason_zh.clone()
            } else {
                String::new()
            },
            reason_en: if keep_reason {
                c.reason_en.clone()
            } else {
                String::new()
            },
            gate_summary_zh: c.gate_summary(Lang::Zh).to_string(),
            gate_summary_en: c.gate_summary(Lang::En).to_string(),
        }
    }
}

fn score_text(s: Option<f64>) -> String {
    s.map(|x| format!("{x:.1}")).unwrap_or_else(|| "—".into())
}

fn tally(briefs: &[Brief], v: Verdict) -> usize {
    briefs.iter().filter(|b| b.verdict == v).count()
}

/// The closing line of the terminal summary: how many files passed, fell
/// below the pass line, were vetoed and could not be assessed.
pub fn count_line(briefs: &[Brief], lang: Lang) -> String {
    let n = briefs.len();
    let (p, f, v, u) = (
        tally(briefs, Verdict::Passed),
        tally(briefs, Verdict::Failed),
        tally(briefs, Verdict::Vetoed),
        tally(briefs, Verdict::Unassessable),
    );
    match lang {
        Lang::Zh => format!("共 {n} 个文件：达标 {p}，未达标 {f}，一票否决 {v}，无法评分 {u}"),
        Lang::En => format!(
            "{n} files: {p} passed, {f} below the pass line, {v} vetoed, {u} cannot be assessed"
        ),
    }
}

/// The terminal summary: one row per file, then the count line, fitted to
/// the terminal's width (whole when standard output is not a terminal).
pub fn render_table(briefs: &[Brief], lang: Lang) -> String {
    render_table_fit(briefs, lang, text::terminal_width())
}

/// The terminal summary fitted to `max` display columns when given: names
/// and towns cut at the end, the explanation in the middle (a veto reason
/// keeps its case records' categories), the gate lines wrapped.
pub fn render_table_fit(briefs: &[Brief], lang: Lang, max: Option<usize>) -> String {
    let headers = [
        lang.pick("名称", "community"),
        lang.pick("街道(乡镇)", "town"),
        lang.pick("得分", "score"),
        lang.pick("零病例", "gate"),
        lang.pick("结论", "verdict"),
        lang.pick("说明", "reason"),
    ];
    let cut = |s: String, w: usize| match max {
        Some(_) => text::truncate(&s, w),
        None => s,
    };
    let rows: Vec<Vec<String>> = briefs
        .iter()
        .map(|b| {
            vec![
                cut(sanitize(&b.name), 24),
                cut(sanitize(b.town.as_deref().unwrap_or("")), 16),
                score_text(b.score),
                lang.pick(b.gate_zh, b.gate_en).to_string(),
                b.verdict.label(lang).to_string(),
                sanitize(lang.pick(&b.reason_zh, &b.reason_en)),
            ]
        })
        .collect();
    let mut out = text::render_fit(&headers, &rows, &[2], max);
    // How each application's gate was decided, so an office can defend a
    // pass: what was read, and what came of it.
    let gated: Vec<&Brief> = briefs
        .iter()
        .filter(|b| !lang.pick(&b.gate_summary_zh, &b.gate_summary_en).is_empty())
        .collect();
    if !gated.is_empty() {
        out.push_str(lang.pick("零病例核查：\n", "zero-case gate:\n"));
        for b in gated {
            let line = format!(
                "{}{}{}",
                sanitize(&b.name),
                lang.pick("：", ": "),
                sanitize(lang.pick(&b.gate_summary_zh, &b.gate_summary_en))
            );
            let lines = match max {
                Some(w) => text::wrap(&line, w.saturating_sub(4).max(10)),
                None => vec![line],
            };
            for (i, l) in lines.iter().enumerate() {
                out.push_str(if i == 0 { "  " } else { "    " });
                out.push_str(l);
                out.push('\n');
            }
        }
    }
    out.push_str(&count_line(briefs, lang));
    out.push('\n');
    out
}

/// `results.json`'s results, read from wherever the cards are as the JSON
/// is written, so the file never has to be held in memory whole.
struct LazyCards<'a>(&'a dyn Cards);

impl Serialize for LazyCards<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.0.count()))?;
        let mut failed: Option<S::Error> = None;
        let walked = self.0.each(&mut |c| match seq.serialize_element(c) {
            Ok(()) => Ok(()),
            Err(e) => {
                let text = e.to_string();
                failed = Some(e);
                Err(anyhow::anyhow!(text))
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        walked.map_err(|e| S::Error::custom(format!("{e:#}")))?;
        seq.end()
    }
}

/// Field for field the shape of [`Results`], so either reads the other.
#[derive(Serialize)]
struct ResultsOut<'a> {
    schema_version: u32,
    tool: &'a str,
    tool_version: &'a str,
    rubric: &'a RubricInfo,
    as_of: Option<NaiveDate>,
    sections: &'a [(String, String)],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    inspections: &'a [String],
    #[serde(skip_serializing_if = "<[Note]>::is_empty")]
    inspection_notes: &'a [Note],
    results: LazyCards<'a>,
}

/// Writes `results.json` to `w`: the run's facts and every card, taken from
/// `cards` one at a time so that spilled cards never have to be in memory
/// together.
pub fn write_json(info: &RunInfo, cards: &dyn Cards, w: &mut dyn std::io::Write) -> Result<()> {
    let out = ResultsOut {
        schema_version: schema::SCHEMA_VERSION,
        tool: &info.tool,
        tool_version: &info.tool_version,
        rubric: &info.rubric,
        as_of: info.as_of,
        sections: &info.sections,
        inspections: &info.inspections,
        inspection_notes: &info.inspection_notes,
        results: LazyCards(cards),
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    w.write_all(b"\n")?;
    Ok(())
}

fn summary_headers(info: &RunInfo, lang: Lang) -> Vec<String> {
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
    for (id, name) in &info.sections {
        h.push(format!("{id} {name}"));
    }
    if info.inspected() {
        for (z, e) in INSPECTION_HEADERS {
            h.push(lang.pick(z, e).to_string());
        }
    }
    for (z, e) in [
        ("14天零病例", "zero-case gate"),
        ("零病例核查依据", "how the gate was decided"),
        ("结论", "verdict"),
        ("原因", "reason"),
        ("文件", "file"),
    ] {
        h.push(lang.pick(z, e).to_string());
    }
    h
}

/// The summary's columns for inspected runs, after the sections.
const INSPECTION_HEADERS: [(&str, &str); 4] = [
    ("自评得分", "self-assessed"),
    ("核定得分", "verified"),
    ("核定-自评", "verified - self"),
    ("未核定项", "unverified items"),
];

/// The summary's inspection cells of a card: self score, verified score,
/// their difference and the self-assessed items no one verified.
fn inspection_cells(c: &Scorecard) -> (Option<f64>, Option<f64>, Option<f64>, String) {
    match &c.inspection {
        Some(i) => (
            i.self_score,
            i.verified_score,
            i.difference(),
            i.unverified.join("、"),
        ),
        None => (c.score, None, None, String::new()),
    }
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

/// Writes `results.csv` to `w` (with a byte-order mark for Excel/WPS): one
/// row per community with its place, score, section scores, inspection
/// scores when inspected, gate, verdict, reason, file and schema version.
pub fn write_csv(
    info: &RunInfo,
    cards: &dyn Cards,
    w: &mut dyn std::io::Write,
    lang: Lang,
) -> Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut csv = csv::Writer::from_writer(w);
    let mut headers = summary_headers(info, lang);
    headers.push(lang.pick("格式版本", "schema version").to_string());
    csv.write_record(headers)?;
    let mut i = 0usize;
    cards.each(&mut |c| {
        i += 1;
        let mut row: Vec<String> = vec![
            i.to_string(),
            c.district.clone().unwrap_or_default(),
            c.town.clone().unwrap_or_default(),
            c.name.clone(),
            c.kind_label(lang),
            c.assessed_on.map(|d| d.to_string()).unwrap_or_default(),
            c.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
        ];
        for (id, _) in &info.sections {
            row.push(
                section_score(c, id)
                    .map(|s| format!("{s:.1}"))
                    .unwrap_or_default(),
            );
        }
        if info.inspected() {
            let (own, verified, diff, unverified) = inspection_cells(c);
            for x in [own, verified, diff] {
                row.push(x.map(|s| format!("{s:.1}")).unwrap_or_default());
            }
            row.push(unverified);
        }
        row.push(c.gate_label(lang).to_string());
        row.push(c.gate_summary(lang).to_string());
        row.push(c.verdict.label(lang).to_string());
        row.push(c.reason(lang).to_string());
        row.push(c.file.display().to_string());
        row.push(schema::SCHEMA_VERSION.to_string());
        csv.write_record(row.iter().map(|s| csv_safe(s).into_owned()))?;
        Ok(())
    })?;
    csv.flush()?;
    Ok(())
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

/// `评分汇总.xlsx`. The three long sheets are written row by row in
/// constant-memory mode, so a city's quarter costs the same memory as a
/// street's.
pub fn render_xlsx(
    info: &RunInfo,
    cards: &dyn Cards,
    briefs: &[Brief],
    lang: Lang,
) -> Result<Vec<u8>> {
    let mut wb = sheet::new_workbook();
    let f = Formats::default();
    write_summary(&mut wb, info, cards, briefs, lang, &f)?;
    write_items(&mut wb, cards, lang, &f)?;
    write_problems(&mut wb, cards, lang, &f)?;
    if info.inspected() {
        crate::inspection::report::write_sheets(&mut wb, info, cards, lang, &f)?;
    }
    write_chart(&mut wb, briefs, lang, &f)?;
    Ok(wb.save_to_buffer()?)
}

fn write_summary(
    wb: &mut Workbook,
    info: &RunInfo,
    cards: &dyn Cards,
    briefs: &[Brief],
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
            count_line(briefs, lang)
        ),
        Lang::En => format!(
            "Scores — {} (pass line {}) — {}",
            info.rubric.name,
            wuyi_sheets::format_number(info.rubric.pass_score),
            count_line(briefs, lang)
        ),
    };
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(lang.pick("汇总", "Summary"))?;
    let mut table = StreamTable::begin(ws, f, Some(&title), &headers, widths, true)?;
    let mut i = 0usize;
    cards.each(&mut |c| {
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
    cards.each(&mut |c| {
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

/// The chart's series: the score bands, then the applications that have no
/// place in a band because the gate vetoed them or they could not be
/// assessed.
fn chart_series(lang: Lang) -> Vec<&'static str> {
    let mut names: Vec<&str> = BANDS.iter().map(|b| lang.pick(b.2, b.3)).collect();
    names.push(Verdict::Vetoed.label(lang));
    names.push(Verdict::Unassessable.label(lang));
    names
}

/// Per town, how many applications fall in each of [`chart_series`]. A
/// vetoed or unassessable application is counted in its own series, never in
/// a band (whatever its points); every town with a file is listed, even one
/// whose files all could not be scored.
fn chart_counts(briefs: &[Brief], lang: Lang) -> BTreeMap<String, Vec<usize>> {
    let n = BANDS.len() + 2;
    let mut by_town: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for b in briefs {
        let town = b
            .town
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| lang.pick("（未填）", "(blank)"))
            .to_string();
        let counts = by_town.entry(town).or_insert_with(|| vec![0; n]);
        let series = match (b.verdict, b.score) {
            (Verdict::Vetoed, _) => Some(BANDS.len()),
            (Verdict::Unassessable, _) | (_, None) => Some(BANDS.len() + 1),
            (_, Some(s)) => BANDS.iter().position(|(lo, hi, ..)| s >= *lo && s < *hi),
        };
        if let Some(i) = series {
            counts[i] += 1;
        }
    }
    by_town
}

/// A whole-number step for a count axis whose largest bar is `max`: about
/// eight gridlines at most, never a fraction of an application.
fn count_step(max: usize) -> f64 {
    max.div_ceil(8).max(1) as f64
}

fn write_chart(wb: &mut Workbook, briefs: &[Brief], lang: Lang, f: &Formats) -> Result<()> {
    let by_town = chart_counts(briefs, lang);
    let series = chart_series(lang);
    let name = lang.pick("分布图", "Distribution");
    let mut headers = vec![lang.pick("街道(乡镇)", "town").to_string()];
    headers.extend(series.iter().map(|s| s.to_string()));
    let rows: Vec<Vec<Cell>> = by_town
        .iter()
        .map(|(town, counts)| {
            let mut row = vec![text_cell(town)];
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

/// A safe, unique file name for a community's feedback workbook, carrying
/// its town so two communities of one name in two towns cannot be confused
/// (`东关街道-和平社区-评分反馈.xlsx`): no path separators or characters
/// Windows forbids, no reserved device names, not too long, and never the
/// same as another in this run. Every command that writes or looks for
/// feedback workbooks names them here.
pub fn feedback_file_name(c: &Scorecard, lang: Lang, used: &mut HashSet<String>) -> String {
    let town = c.town.as_deref().map(str::trim).unwrap_or("");
    let base = if town.is_empty() {
        super::names::safe_stem(&c.name)
    } else {
        super::names::safe_stem(&format!("{town}-{}", c.name))
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
    for (k, v) in &facts {
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

    let mut rows: Vec<Vec<Cell>> = c
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
            text_cell(lang.pick("无", "none")),
            text_cell(""),
            text_cell(lang.pick(
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
        formats: &f,
    }
    .write(ws)?;
    Ok(wb.save_to_buffer()?)
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
