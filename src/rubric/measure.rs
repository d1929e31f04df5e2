//! Evaluating one rubric item on one ledger: the measure (a share of rows, a
//! ratio, a count of findings, or self-assessed points), then the scoring
//! rule that turns it into points, with a plain-language account of why and
//! the cells that cost points.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::{Compiled, Item, Scoring};
use crate::ledger::contract::{SheetKey, sheet_spec};
use crate::ledger::{Ledger, Record, Table};
use crate::problem::ProblemKind;

/// How many cells an item lists; the count says how many there were in all.
pub const MAX_CELLS: usize = 200;
/// How many cells the one-line explanation names.
const CELLS_IN_TEXT: usize = 8;

/// What an item measured and what it earned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Points earned, in tenths (so sums are exact).
    pub tenths: i64,
    /// The measured share, 0..=1, for share-type measures.
    pub share: Option<f64>,
    /// Rows (or days, or problems) that cost points.
    pub findings: usize,
    /// Rows (or days) measured.
    pub total: usize,
    /// Where the findings are ("一户一档!C14"), at most [`MAX_CELLS`].
    pub cells: Vec<String>,
    pub why_zh: String,
    pub why_en: String,
    /// Self-assessed with no verified score.
    pub unverified: bool,
    /// The sheet, column or self-assessment row the item measures was not
    /// found: `why_zh`/`why_en` say what, and the nearest thing there was.
    pub absent: bool,
}

impl Outcome {
    pub fn earned(&self) -> f64 {
        self.tenths as f64 / 10.0
    }
}

/// "一户一档!C14、C88" rather than repeating the sheet before every cell.
pub fn compact_cells(cells: &[String], sep: &str) -> String {
    let mut out = String::new();
    let mut last_sheet: Option<&str> = None;
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        match c.rsplit_once('!') {
            Some((sheet, cell)) if last_sheet == Some(sheet) => out.push_str(cell),
            Some((sheet, _)) => {
                last_sheet = Some(sheet);
                out.push_str(c);
            }
            None => out.push_str(c),
        }
    }
    out
}

/// Rounds non-negative points to tenths, half up (4.25 → 4.3). The small
/// nudge keeps values like 4.25 that binary floating point stores as
/// 4.2499999… rounding the way a person computing by hand would.
pub fn to_tenths(points: f64) -> i64 {
    if !points.is_finite() || points <= 0.0 {
        return 0;
    }
    (points * 10.0 + 0.5 + 1e-7).floor() as i64
}

/// Applies a scoring rule to a measured share or count.
pub fn apply(scoring: &Scoring, points: f64, share: Option<f64>, findings: usize) -> f64 {
    match scoring {
        Scoring::Linear => points * share.unwrap_or(0.0),
        Scoring::Threshold { at } => {
            if share.unwrap_or(0.0) + 1e-12 >= *at {
                points
            } else {
                0.0
            }
        }
        Scoring::Steps { steps } => {
            let s = share.unwrap_or(0.0);
            steps
                .iter()
                .find(|(at, _)| s + 1e-12 >= *at)
                .map(|(_, p)| *p)
                .unwrap_or(0.0)
        }
        Scoring::Deduct { per } => (points - per * findings as f64).max(0.0),
    }
}

fn pct(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// Raw measurement before scoring.
struct Measured {
    share: Option<f64>,
    findings: usize,
    total: usize,
    cells: Vec<String>,
    zh: String,
    en: String,
    /// Points given directly (self-assessed).
    direct: Option<f64>,
    unverified: bool,
    /// The data to measure is not there at all: no points.
    unavailable: bool,
    /// Not there because a sheet, column or row was not found.
    absent: bool,
}

impl Measured {
    fn unavailable(zh: String, en: String) -> Self {
        Measured {
            share: Some(0.0),
            findings: 0,
            total: 0,
            cells: Vec::new(),
            zh,
            en,
            direct: None,
            unverified: false,
            unavailable: true,
            absent: false,
        }
    }

    /// Unavailable because what it measures was not found.
    fn absent(zh: String, en: String) -> Self {
        Measured {
            absent: true,
            ..Self::unavailable(zh, en)
        }
    }

    fn share(total: usize, bad: usize, cells: Vec<String>, zh: String, en: String) -> Self {
        let share = if total == 0 {
            0.0
        } else {
            (total - bad) as f64 / total as f64
        };
        Measured {
            share: Some(share),
            findings: bad,
            total,
            cells,
            zh,
            en,
            direct: None,
            unverified: false,
            unavailable: total == 0,
            absent: false,
        }
    }
}

/// Evaluates an item on a ledger assessed on `d`.
pub fn evaluate(item: &Item, ledger: &Ledger, d: NaiveDate) -> Outcome {
    let m = measure(&item.measure, ledger, d, item.points);
    let raw = if m.unavailable {
        0.0
    } else if let Some(p) = m.direct {
        p.min(item.points)
    } else {
        apply(&item.scoring, item.points, m.share, m.findings)
    };
    let mut zh = m.zh;
    let mut en = m.en;
    let listed = m.cells.len().min(CELLS_IN_TEXT);
    if listed > 0 {
        let more_zh = if m.findings > listed {
            format!(" 等 {} 处", m.findings)
        } else {
            String::new()
        };
        let more_en = if m.findings > listed {
            format!(", … {} in all", m.findings)
        } else {
            String::new()
        };
        zh.push_str(&format!(
            "（{}{more_zh}）",
            compact_cells(&m.cells[..listed], "、")
        ));
        en.push_str(&format!(
            " ({}{more_en})",
            compact_cells(&m.cells[..listed], ", ")
        ));
    }
    Outcome {
        tenths: to_tenths(raw.min(item.points)),
        share: m.share.filter(|_| m.direct.is_none()),
        findings: m.findings,
        total: m.total,
        cells: m.cells,
        why_zh: zh,
        why_en: en,
        unverified: m.unverified,
        absent: m.absent,
    }
}

/// The table from [`table_or_missing`], or the measurement that says why
/// there is none.
macro_rules! or_unavailable {
    ($e:expr) => {
        match $e {
            Ok(t) => t,
            Err(m) => return *m,
        }
    };
}

/// The table, or why it cannot be measured: the sheet or column that was
/// not found, and the nearest thing that was there.
fn table_or_missing<'a>(
    ledger: &'a Ledger,
    key: SheetKey,
    columns: &[usize],
) -> Result<&'a Table, Box<Measured>> {
    let spec = sheet_spec(key);
    let Some(t) = ledger.table(key) else {
        let closest = ledger.problems.iter().find_map(|p| match &p.kind {
            ProblemKind::MissingSheet { sheet, closest, .. } if sheet == spec.zh => closest.clone(),
            _ => None,
        });
        let (zh, en) = match closest {
            Some(c) => (
                format!("未找到{}表；最接近的工作表：{c}（未识别）", spec.zh),
                format!(
                    "no {} sheet was found; the closest sheet: {c} (not recognised)",
                    spec.zh
                ),
            ),
            None => (
                format!("未提交{}表", spec.zh),
                format!("no {} sheet was submitted", spec.en),
            ),
        };
        return Err(Box::new(Measured::absent(zh, en)));
    };
    for &c in columns {
        if !t.has_column(c) {
            let column = &spec.columns[c];
            let names: Vec<&str> = std::iter::once(column.zh)
                .chain(column.aliases.iter().copied())
                .collect();
            let near = crate::ledger::sheets::closest(&names, &t.unknown);
            let col = column.zh;
            let (zh, en) = match near {
                Some(n) => (
                    format!("{} 中没有“{col}”列；最接近的列：{n}（未识别）", t.sheet),
                    format!(
                        "{} has no \"{col}\" column; the closest column: {n} (not recognised)",
                        t.sheet
                    ),
                ),
                None => (
                    format!("{} 中没有“{col}”列", t.sheet),
                    format!("{} has no \"{col}\" column", t.sheet),
                ),
            };
            return Err(Box::new(Measured::absent(zh, en)));
        }
    }
    Ok(t)
}

/// Grids that no other grid names as its parent: the joint-defence groups at
/// the bottom of the grid tree.
fn leaf_rows(t: &Table, leaf_only: bool) -> Vec<&Record> {
    if !leaf_only || t.spec.key != SheetKey::Grids {
        return t.rows.iter().collect();
    }
    let p = t.idx("parent_grid");
    let id = t.idx("grid_id");
    let parents: HashSet<&str> = t.rows.iter().filter_map(|r| t.text(r, p)).collect();
    t.rows
        .iter()
        .filter(|r| t.text(r, id).is_none_or(|g| !parents.contains(g)))
        .collect()
}

fn unit(key: SheetKey) -> (&'static str, &'static str) {
    match key {
        SheetKey::Grids => ("个网格", "grids"),
        SheetKey::Households => ("户", "households"),
        SheetKey::Cases => ("条记录", "entries"),
        SheetKey::Disinfection => ("条记录", "entries"),
        SheetKey::SelfAssessment => ("项", "items"),
        SheetKey::Info => ("项", "fields"),
    }
}

fn push_cell(cells: &mut Vec<String>, t: &Table, rec: &Record, idx: usize) {
    if cells.len() < MAX_CELLS {
        cells.push(t.location(rec, idx));
    }
}

fn measure(m: &Compiled, ledger: &Ledger, d: NaiveDate, points: f64) -> Measured {
    match m {
        Compiled::Filled {
            sheet,
            columns,
            leaf_grids,
        } => {
            let t = or_unavailable!(table_or_missing(ledger, *sheet, columns));
            let rows = leaf_rows(t, *leaf_grids);
            let mut bad = 0;
            let mut cells = Vec::new();
            for rec in &rows {
                if let Some(&c) = columns.iter().find(|&&c| t.value(rec, c).is_none()) {
                    bad += 1;
                    push_cell(&mut cells, t, rec, c);
                }
            }
            let names: Vec<&str> = columns.iter().map(|&c| t.spec.columns[c].zh).collect();
            let (uz, ue) = unit(*sheet);
            let (zh, en) = if bad == 0 {
                (
                    format!("{} {uz}的{}全部填写有效", rows.len(), names.join("、")),
                    format!(
                        "all {} {ue} have {} filled in",
                        rows.len(),
                        names.join(", ")
                    ),
                )
            } else {
                (
                    format!(
                        "{} {uz}中 {bad} {uz}的{}未填写或无效",
                        rows.len(),
                        names.join("、")
                    ),
                    format!(
                        "{bad} of {} {ue} lack a valid {}",
                        rows.len(),
                        names.join(" / ")
                    ),
                )
            };
            Measured::share(rows.len(), bad, cells, zh, en)
        }
        Compiled::Ratio {
            sheet,
            numerator,
            denominator,
            leaf_grids,
        } => {
            let t = or_unavailable!(table_or_missing(
                ledger,
                *sheet,
                &[*numerator, *denominator]
            ));
            let rows = leaf_rows(t, *leaf_grids);
            let (mut num, mut den) = (0.0, 0.0);
            let mut bad = 0;
            let mut cells = Vec::new();
            for rec in &rows {
                let n = t.num(rec, *numerator);
                let dn = t.num(rec, *denominator).unwrap_or(0.0);
                num += n.unwrap_or(0.0).min(dn);
                den += dn;
                if n.is_none_or(|n| n < dn) {
                    bad += 1;
                    push_cell(&mut cells, t, rec, *numerator);
                }
            }
            let nz = t.spec.columns[*numerator].zh;
            let dz = t.spec.columns[*denominator].zh;
            if den <= 0.0 {
                return Measured::unavailable(
                    format!("{dz}合计为 0，无法计算{nz}比例"),
                    format!("{dz} adds up to 0; no ratio"),
                );
            }
            let share = (num / den).min(1.0);
            let (n, dd) = (
                wuyi_sheets::format_number(num),
                wuyi_sheets::format_number(den),
            );
            let (uz, ue) = unit(*sheet);
            Measured {
                share: Some(share),
                findings: bad,
                total: rows.len(),
                cells,
                zh: format!(
                    "{nz}合计 {n} / {dz}合计 {dd} = {}；{bad} {uz}未达到",
                    pct(share)
                ),
                en: format!("{nz} {n} / {dz} {dd} = {}; {bad} {ue} short", pct(share)),
                direct: None,
                unverified: false,
                unavailable: false,
                absent: false,
            }
        }
        Compiled::InRange {
            sheet,
            column,
            min,
            max,
            leaf_grids,
        } => {
            let t = or_unavailable!(table_or_missing(ledger, *sheet, &[*column]));
            let rows = leaf_rows(t, *leaf_grids);
            let mut bad = 0;
            let mut cells = Vec::new();
            for rec in &rows {
                if t.num(rec, *column).is_none_or(|v| v < *min || v > *max) {
                    bad += 1;
                    push_cell(&mut cells, t, rec, *column);
                }
            }
            let col = t.spec.columns[*column].zh;
            let (lo, hi) = (
                wuyi_sheets::format_number(*min),
                wuyi_sheets::format_number(*max),
            );
            let (uz, ue) = unit(*sheet);
            let total = rows.len();
            Measured::share(
                total,
                bad,
                cells,
                format!(
                    "{total} {uz}中 {} {uz}的{col}在 {lo}–{hi} 之间",
                    total - bad
                ),
                format!(
                    "{} of {total} {ue} have {col} within {lo}–{hi}",
                    total - bad
                ),
            )
        }
        Compiled::Linked {
            sheet,
            column,
            target,
            target_column,
            leaf_grids,
        } => {
            let t = or_unavailable!(table_or_missing(ledger, *sheet, &[*column]));
            let target_t = or_unavailable!(table_or_missing(ledger, *target, &[*target_column]));
            let keys: HashSet<&str> = target_t
                .rows
                .iter()
                .filter_map(|r| target_t.text(r, *target_column))
                .collect();
            let rows = leaf_rows(t, *leaf_grids);
            let mut bad = 0;
            let mut cells = Vec::new();
            for rec in &rows {
                if t.text(rec, *column).is_none_or(|k| !keys.contains(k)) {
                    bad += 1;
                    push_cell(&mut cells, t, rec, *column);
                }
            }
            let col = t.spec.columns[*column].zh;
            let tcol = target_t.spec.columns[*target_column].zh;
            let (uz, ue) = unit(*sheet);
            let total = rows.len();
            Measured::share(
                total,
                bad,
                cells,
                format!(
                    "{total} {uz}中 {bad} {uz}的{col}在{}的{tcol}中找不到",
                    target_t.sheet
                ),
                format!(
                    "{bad} of {total} {ue}: {col} not found in {} {tcol}",
                    target_t.sheet
                ),
            )
        }
        Compiled::Daily {
            sheet,
            column,
            days,
        } => {
            let t = or_unavailable!(table_or_missing(ledger, *sheet, &[*column]));
            let start = super::gate::window_start(d, *days);
            let logged: HashSet<NaiveDate> = t
                .rows
                .iter()
                .filter_map(|r| t.date(r, *column))
                .filter(|x| *x >= start && *x <= d)
                .collect();
            let mut missing = Vec::new();
            let mut day = start;
            while day <= d {
                if !logged.contains(&day) {
                    missing.push(day);
                }
                match day.checked_add_days(Days::new(1)) {
                    Some(next) => day = next,
                    None => break,
                }
            }
            let total = *days as usize;
            let bad = missing.len();
            let share = (total - bad.min(total)) as f64 / total as f64;
            let shown: Vec<String> = missing
                .iter()
                .take(CELLS_IN_TEXT)
                .map(|x| x.format("%m-%d").to_string())
                .collect();
            let (zh, en) = if bad == 0 {
                (
                    format!("评估日前 {total} 天每天都有{}", t.sheet),
                    format!(
                        "every one of the {total} days before assessment has a {} entry",
                        t.sheet
                    ),
                )
            } else {
                (
                    format!(
                        "评估日前 {total} 天中有 {} 天有记录，缺 {}{}",
                        total - bad,
                        shown.join("、"),
                        if bad > shown.len() { " 等" } else { "" }
                    ),
                    format!(
                        "{} of {total} days logged; missing {}{}",
                        total - bad,
                        shown.join(", "),
                        if bad > shown.len() { ", …" } else { "" }
                    ),
                )
            };
            Measured {
                share: Some(share),
                findings: bad,
                total,
                cells: Vec::new(),
                zh,
                en,
                direct: None,
                unverified: false,
                unavailable: false,
                absent: false,
            }
        }
        Compiled::Current {
            sheet,
            column,
            within_days,
        } => {
            let t = or_unavailable!(table_or_missing(ledger, *sheet, &[*column]));
            let earliest = d
                .checked_sub_days(Days::new(u64::from(*within_days)))
                .unwrap_or(d);
            let mut bad = 0;
            let mut cells = Vec::new();
            for rec in &t.rows {
                if t.date(rec, *column).is_none_or(|x| x < earliest || x > d) {
                    bad += 1;
                    push_cell(&mut cells, t, rec, *column);
                }
            }
            let total = t.rows.len();
            let (uz, ue) = unit(*sheet);
            Measured::share(
                total,
                bad,
                cells,
                format!(
                    "{total} {uz}中 {} {uz}在评估日前 {within_days} 天内更新过",
                    total - bad
                ),
                format!(
                    "{} of {total} {ue} updated within {within_days} days of assessment",
                    total - bad
                ),
            )
        }
        Compiled::SelfAssessed { item } => self_assessed(ledger, item, points),
        Compiled::Problems { codes } => {
            let found: Vec<&crate::problem::Problem> = ledger
                .problems
                .iter()
                .filter(|p| p.severity == crate::problem::Severity::Warning)
                .filter(|p| codes.is_empty() || codes.iter().any(|c| c == p.code()))
                .collect();
            let cells: Vec<String> = found.iter().take(MAX_CELLS).map(|p| p.location()).collect();
            let n = found.len();
            Measured {
                share: None,
                findings: n,
                total: n,
                cells,
                zh: if n == 0 {
                    "未发现数据差错".into()
                } else {
                    format!("发现 {n} 处数据差错")
                },
                en: if n == 0 {
                    "no data errors found".into()
                } else {
                    format!("{n} data errors found")
                },
                direct: None,
                unverified: false,
                unavailable: false,
                absent: false,
            }
        }
    }
}

fn self_assessed(ledger: &Ledger, item: &str, points: f64) -> Measured {
    let Some(t) = ledger.self_assessment.as_ref() else {
        return Measured::absent(
            "未提交自评表".into(),
            "no self-assessment sheet was submitted".into(),
        );
    };
    let key = wuyi_sheets::normalize::label_key(item);
    let id = t.idx("item_id");
    let Some(rec) = t.rows.iter().find(|r| {
        t.text(r, id)
            .is_some_and(|x| wuyi_sheets::normalize::label_key(x) == key)
    }) else {
        return Measured::absent(
            format!("{}中没有编号为 {item} 的项目", t.sheet),
            format!("{} has no item {item}", t.sheet),
        );
    };
    let verified = t.num(rec, t.idx("verified_score"));
    let own = t.num(rec, t.idx("self_score"));
    let max = wuyi_sheets::format_number(points);
    let (direct, unverified, zh, en) = match (verified, own) {
        (Some(v), _) => (
            v,
            false,
            format!("核定得分 {}（满分 {max}）", wuyi_sheets::format_number(v)),
            format!("verified score {} of {max}", wuyi_sheets::format_number(v)),
        ),
        (None, Some(s)) => (
            s,
            true,
            format!(
                "自评得分 {}（满分 {max}），未经核定",
                wuyi_sheets::format_number(s)
            ),
            format!(
                "self-assessed {} of {max}, not verified",
                wuyi_sheets::format_number(s)
            ),
        ),
        (None, None) => {
            return Measured::unavailable(
                format!(
                    "{}中 {item} 项未填写得分（{}）",
                    t.sheet,
                    t.location(rec, t.idx("self_score"))
                ),
                format!(
                    "{} item {item} has no score ({})",
                    t.sheet,
                    t.location(rec, t.idx("self_score"))
                ),
            );
        }
    };
    let capped = direct.min(points);
    let (zh, en) = if direct > points {
        (
            format!("{zh}，超过分值按 {max} 计"),
            format!("{en}, capped at {max}"),
        )
    } else {
        (zh, en)
    };
    Measured {
        share: None,
        findings: 0,
        total: 1,
        cells: vec![t.location(
            rec,
            t.idx(if verified.is_some() {
                "verified_score"
            } else {
                "self_score"
            }),
        )],
        zh,
        en,
        direct: Some(capped),
        unverified,
        unavailable: false,
        absent: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_listed_compactly() {
        let cells = [
            "一户一档!C14".to_string(),
            "一户一档!C88".into(),
            "网格台账!G3".into(),
        ];
        assert_eq!(
            compact_cells(&cells, "、"),
            "一户一档!C14、C88、网格台账!G3"
        );
    }

    #[test]
    fn rounding_is_half_up_to_tenths() {
        assert_eq!(to_tenths(4.25), 43);
        assert_eq!(to_tenths(4.249), 42);
        assert_eq!(to_tenths(8.0 * (339.0 / 340.0)), 80); // 7.976 → 8.0
        assert_eq!(to_tenths(6.0 * 0.5), 30);
        assert_eq!(to_tenths(0.05), 1);
        assert_eq!(to_tenths(-1.0), 0);
        assert_eq!(to_tenths(f64::NAN), 0);
        // 0.1 + 0.2 is 0.30000000000000004 in binary; still 0.3.
        assert_eq!(to_tenths(0.1 + 0.2), 3);
    }

    #[test]
    fn scoring_rules() {
        let steps = Scoring::Steps {
            steps: vec![(0.98, 6.0), (0.9, 4.0), (0.8, 2.0)],
        };
        assert_eq!(apply(&steps, 6.0, Some(0.99), 0), 6.0);
        assert_eq!(apply(&steps, 6.0, Some(0.98), 0), 6.0);
        assert_eq!(apply(&steps, 6.0, Some(0.95), 0), 4.0);
        assert_eq!(apply(&steps, 6.0, Some(0.5), 0), 0.0);
        assert_eq!(apply(&Scoring::Linear, 8.0, Some(0.5), 0), 4.0);
        assert_eq!(
            apply(&Scoring::Threshold { at: 0.9 }, 5.0, Some(0.9), 0),
            5.0
        );
        assert_eq!(
            apply(&Scoring::Threshold { at: 0.9 }, 5.0, Some(0.89), 0),
            0.0
        );
        assert_eq!(apply(&Scoring::Deduct { per: 1.0 }, 6.0, None, 2), 4.0);
        assert_eq!(apply(&Scoring::Deduct { per: 1.0 }, 6.0, None, 9), 0.0);
    }
}
