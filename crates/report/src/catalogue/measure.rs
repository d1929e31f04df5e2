//! Why a rubric item earned what it did, in words: every
//! [`Why`](wuyi_core::rubric::measure::Why) a measure returns, with the cells
//! that cost points listed after it.

use crate::i18n::Lang;
use wuyi_core::ledger::contract::{SheetKey, sheet_spec};
use wuyi_core::rubric::measure::{CELLS_IN_TEXT, Why, compact_cells};
use wuyi_sheets::format_number;

use super::pair;

/// How a sheet's rows are counted: "户" / "households".
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

fn pct(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// The one-line account of an item: what was measured, then the first of
/// the `cells` that cost points and how many `findings` there were in all.
pub fn why(why: &Why, cells: &[String], findings: usize, lang: Lang) -> String {
    let mut out = measured(why, lang);
    let listed = cells.len().min(CELLS_IN_TEXT);
    if listed > 0 {
        let shown = &cells[..listed];
        out.push_str(&match lang {
            Lang::Zh => format!(
                "（{}{}）",
                compact_cells(shown, "、"),
                if findings > listed {
                    format!(" 等 {findings} 处")
                } else {
                    String::new()
                }
            ),
            Lang::En => format!(
                " ({}{})",
                compact_cells(shown, ", "),
                if findings > listed {
                    format!(", … {findings} in all")
                } else {
                    String::new()
                }
            ),
        });
    }
    out
}

/// What was measured, or why nothing could be, without the cells.
fn measured(why: &Why, lang: Lang) -> String {
    match why {
        Why::NoSheet { .. }
        | Why::NoColumn { .. }
        | Why::ZeroDenominator { .. }
        | Why::NoSelfAssessment
        | Why::NoSelfItem { .. }
        | Why::NoSelfScore { .. } => nothing(why, lang),
        Why::Filled { .. }
        | Why::Ratio { .. }
        | Why::InRange { .. }
        | Why::Linked { .. }
        | Why::Current { .. } => rows(why, lang),
        Why::Daily { .. } | Why::Problems { .. } | Why::SelfAssessed { .. } => other(why, lang),
    }
}

/// Why nothing could be measured: the sheet, column, row or score not there.
fn nothing(why: &Why, lang: Lang) -> String {
    match why {
        Why::NoSheet { sheet, closest } => {
            let spec = sheet_spec(*sheet);
            match closest {
                Some(c) => pair(
                    lang,
                    format!("未找到{}表；最接近的工作表：{c}（未识别）", spec.zh),
                    format!(
                        "no {} sheet was found; the closest sheet: {c} (not recognised)",
                        spec.zh
                    ),
                ),
                None => pair(
                    lang,
                    format!("未提交{}表", spec.zh),
                    format!("no {} sheet was submitted", spec.en),
                ),
            }
        }
        Why::NoColumn {
            sheet,
            column: col,
            closest,
        } => match closest {
            Some(n) => pair(
                lang,
                format!("{sheet} 中没有“{col}”列；最接近的列：{n}（未识别）"),
                format!(
                    "{sheet} has no \"{col}\" column; the closest column: {n} (not recognised)"
                ),
            ),
            None => pair(
                lang,
                format!("{sheet} 中没有“{col}”列"),
                format!("{sheet} has no \"{col}\" column"),
            ),
        },
        Why::ZeroDenominator {
            numerator: nz,
            denominator: dz,
        } => pair(
            lang,
            format!("{dz}合计为 0，无法计算{nz}比例"),
            format!("{dz} adds up to 0; no ratio"),
        ),
        Why::NoSelfAssessment => lang
            .pick("未提交自评表", "no self-assessment sheet was submitted")
            .to_string(),
        Why::NoSelfItem { sheet, item } => pair(
            lang,
            format!("{sheet}中没有编号为 {item} 的项目"),
            format!("{sheet} has no item {item}"),
        ),
        Why::NoSelfScore { sheet, item, cell } => pair(
            lang,
            format!("{sheet}中 {item} 项未填写得分（{cell}）"),
            format!("{sheet} item {item} has no score ({cell})"),
        ),
        // The other kinds are worded by the other groups.
        _ => String::new(),
    }
}

/// A share of rows: filled in, in range, linked, up to date, or a ratio of totals.
fn rows(why: &Why, lang: Lang) -> String {
    match why {
        Why::Filled {
            sheet,
            rows,
            bad,
            columns,
        } => {
            let (uz, ue) = unit(*sheet);
            if *bad == 0 {
                pair(
                    lang,
                    format!("{rows} {uz}的{}全部填写有效", columns.join("、")),
                    format!("all {rows} {ue} have {} filled in", columns.join(", ")),
                )
            } else {
                pair(
                    lang,
                    format!(
                        "{rows} {uz}中 {bad} {uz}的{}未填写或无效",
                        columns.join("、")
                    ),
                    format!("{bad} of {rows} {ue} lack a valid {}", columns.join(" / ")),
                )
            }
        }
        Why::Ratio {
            sheet,
            numerator: nz,
            denominator: dz,
            num,
            den,
            share,
            bad,
        } => {
            let (n, dd) = (format_number(*num), format_number(*den));
            let (uz, ue) = unit(*sheet);
            pair(
                lang,
                format!(
                    "{nz}合计 {n} / {dz}合计 {dd} = {}；{bad} {uz}未达到",
                    pct(*share)
                ),
                format!("{nz} {n} / {dz} {dd} = {}; {bad} {ue} short", pct(*share)),
            )
        }
        Why::InRange {
            sheet,
            column: col,
            min,
            max,
            total,
            bad,
        } => {
            let (lo, hi) = (format_number(*min), format_number(*max));
            let (uz, ue) = unit(*sheet);
            let good = total - bad;
            pair(
                lang,
                format!("{total} {uz}中 {good} {uz}的{col}在 {lo}–{hi} 之间"),
                format!("{good} of {total} {ue} have {col} within {lo}–{hi}"),
            )
        }
        Why::Linked {
            sheet,
            column: col,
            target,
            target_column: tcol,
            total,
            bad,
        } => {
            let (uz, ue) = unit(*sheet);
            pair(
                lang,
                format!("{total} {uz}中 {bad} {uz}的{col}在{target}的{tcol}中找不到"),
                format!("{bad} of {total} {ue}: {col} not found in {target} {tcol}"),
            )
        }
        Why::Current {
            sheet,
            within_days,
            total,
            bad,
        } => {
            let (uz, ue) = unit(*sheet);
            let good = total - bad;
            pair(
                lang,
                format!("{total} {uz}中 {good} {uz}在评估日前 {within_days} 天内更新过"),
                format!("{good} of {total} {ue} updated within {within_days} days of assessment"),
            )
        }
        // The other kinds are worded by the other groups.
        _ => String::new(),
    }
}

/// Days logged, data errors counted, or points given on the self-assessment.
fn other(why: &Why, lang: Lang) -> String {
    match why {
        Why::Daily {
            sheet,
            total,
            missing,
            bad,
        } => {
            let shown: Vec<String> = missing
                .iter()
                .map(|x| x.format("%m-%d").to_string())
                .collect();
            if *bad == 0 {
                pair(
                    lang,
                    format!("评估日前 {total} 天每天都有{sheet}"),
                    format!("every one of the {total} days before assessment has a {sheet} entry"),
                )
            } else {
                pair(
                    lang,
                    format!(
                        "评估日前 {total} 天中有 {} 天有记录，缺 {}{}",
                        total - bad,
                        shown.join("、"),
                        if *bad > shown.len() { " 等" } else { "" }
                    ),
                    format!(
                        "{} of {total} days logged; missing {}{}",
                        total - bad,
                        shown.join(", "),
                        if *bad > shown.len() { ", …" } else { "" }
                    ),
                )
            }
        }
        Why::Problems { found: n } => {
            if *n == 0 {
                lang.pick("未发现数据差错", "no data errors found")
                    .to_string()
            } else {
                pair(
                    lang,
                    format!("发现 {n} 处数据差错"),
                    format!("{n} data errors found"),
                )
            }
        }
        Why::SelfAssessed {
            score,
            verified,
            max,
        } => {
            let (v, m) = (format_number(*score), format_number(*max));
            let (zh, en) = if *verified {
                (
                    format!("核定得分 {v}（满分 {m}）"),
                    format!("verified score {v} of {m}"),
                )
            } else {
                (
                    format!("自评得分 {v}（满分 {m}），未经核定"),
                    format!("self-assessed {v} of {m}, not verified"),
                )
            };
            if score > max {
                pair(
                    lang,
                    format!("{zh}，超过分值按 {m} 计"),
                    format!("{en}, capped at {m}"),
                )
            } else {
                pair(lang, zh, en)
            }
        }
        // The other kinds are worded by the other groups.
        _ => String::new(),
    }
}
