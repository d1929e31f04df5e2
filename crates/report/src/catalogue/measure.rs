//! Every word about a rubric measure, grouped by kind.
//!
//! First what all kinds share: the one-line account of why an item earned
//! what it did ([`why`]: what was measured, then the cells that cost
//! points), the phrase `rubric show` gives for how it is measured
//! ([`describe`]), and the sheet or column that was not found. Then one
//! section per kind of measure, in the order of
//! [`kinds`](wuyi_core::rubric::kinds): how it measures, what it measured
//! (its [`Why`] values), and what can be wrong with it in a rubric file —
//! each Chinese/English pair side by side.

use crate::i18n::Lang;
use wuyi_core::ledger::contract::{SheetKey, sheet_spec};
use wuyi_core::rubric::measure::{CELLS_IN_TEXT, Why, compact_cells};
use wuyi_core::rubric::{Compiled, IssueKind};
use wuyi_sheets::format_number;

use super::pair;

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

/// What was measured, or why nothing could be, without the cells: worded
/// by the section of the kind that reports it.
fn measured(why: &Why, lang: Lang) -> String {
    match why {
        Why::NoSheet { .. } | Why::NoColumn { .. } => not_found(why, lang),
        Why::Filled { .. } => filled::why(why, lang),
        Why::Ratio { .. } | Why::ZeroDenominator { .. } => ratio::why(why, lang),
        Why::InRange { .. } => in_range::why(why, lang),
        Why::Linked { .. } => linked::why(why, lang),
        Why::Daily { .. } => daily::why(why, lang),
        Why::Current { .. } => current::why(why, lang),
        Why::SelfAssessed { .. }
        | Why::NoSelfAssessment
        | Why::NoSelfItem { .. }
        | Why::NoSelfScore { .. } => self_assessed::why(why, lang),
        Why::Problems { .. } => problems::why(why, lang),
    }
}

/// How an item's measure works, in a phrase (`rubric show`).
pub fn describe(m: &Compiled, lang: Lang) -> String {
    match m {
        Compiled::Filled(k) => filled::describe(k, lang),
        Compiled::Ratio(k) => ratio::describe(k, lang),
        Compiled::InRange(k) => in_range::describe(k, lang),
        Compiled::Linked(k) => linked::describe(k, lang),
        Compiled::Daily(k) => daily::describe(k, lang),
        Compiled::Current(k) => current::describe(k, lang),
        Compiled::SelfAssessed(k) => self_assessed::describe(k, lang),
        Compiled::Problems(k) => problems::describe(k, lang),
    }
}

/// What is wrong with one kind's measure in a rubric file, for the issues
/// that belong to a single kind (the rubric catalogue words the others).
pub(super) fn issue(k: &IssueKind, lang: Lang) -> String {
    match k {
        IssueKind::FilledNoColumns => filled::no_columns(lang),
        IssueKind::RangeOrder { min, max } => in_range::range_order(*min, *max, lang),
        IssueKind::DailyDays => daily::no_days(lang),
        IssueKind::ProblemCode { code } => problems::unknown_code(code, lang),
        _ => String::new(),
    }
}

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

/// A sheet's canonical name.
fn sheet_name(s: SheetKey) -> &'static str {
    sheet_spec(s).zh
}

/// A sheet's column, canonical name.
fn column_name(s: SheetKey, i: usize) -> &'static str {
    sheet_spec(s).columns[i].zh
}

/// " (leaf grids)" after a sheet measured at the bottom of the grid tree.
fn leaf(l: bool, lang: Lang) -> &'static str {
    if l {
        lang.pick("（末级网格）", " (leaf grids)")
    } else {
        ""
    }
}

/// The sheet or column a measure needs was not found, and the nearest thing
/// that was there.
fn not_found(why: &Why, lang: Lang) -> String {
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
        // Every other value is worded by its kind's section.
        _ => String::new(),
    }
}

/// `filled`: rows with every listed column filled in.
mod filled {
    use super::*;
    use wuyi_core::rubric::kinds::Filled;

    pub(super) fn describe(m: &Filled, lang: Lang) -> String {
        let (s, l) = (sheet_name(m.sheet), leaf(m.leaf_grids, lang));
        let cols: Vec<_> = m.columns.iter().map(|c| column_name(m.sheet, *c)).collect();
        pair(
            lang,
            format!("{s}{l}中{}填写完整的比例", cols.join("、")),
            format!("share of {s}{l} rows with {} filled", cols.join(", ")),
        )
    }

    pub(super) fn why(why: &Why, lang: Lang) -> String {
        let Why::Filled {
            sheet,
            rows,
            bad,
            columns,
        } = why
        else {
            return String::new();
        };
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

    pub(super) fn no_columns(lang: Lang) -> String {
        lang.pick("filled 至少要列出一列", "filled needs at least one column")
            .to_string()
    }
}

/// `ratio`: one column's total over another's.
mod ratio {
    use super::*;
    use wuyi_core::rubric::kinds::Ratio;

    pub(super) fn describe(m: &Ratio, lang: Lang) -> String {
        let (s, n, d) = (
            sheet_name(m.sheet),
            column_name(m.sheet, m.numerator),
            column_name(m.sheet, m.denominator),
        );
        pair(
            lang,
            format!("{s}：{n}合计 ÷ {d}合计"),
            format!("{s}: sum of {n} / sum of {d}"),
        )
    }

    pub(super) fn why(why: &Why, lang: Lang) -> String {
        match why {
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
            Why::ZeroDenominator {
                numerator: nz,
                denominator: dz,
            } => pair(
                lang,
                format!("{dz}合计为 0，无法计算{nz}比例"),
                format!("{dz} adds up to 0; no ratio"),
            ),
            _ => String::new(),
        }
    }
}

/// `in_range`: rows with a value within a range.
mod in_range {
    use super::*;
    use wuyi_core::rubric::kinds::InRange;

    pub(super) fn describe(m: &InRange, lang: Lang) -> String {
        let (s, l) = (sheet_name(m.sheet), leaf(m.leaf_grids, lang));
        let c = column_name(m.sheet, m.column);
        let (lo, hi) = (format_number(m.min), format_number(m.max));
        pair(
            lang,
            format!("{s}{l}中{c}在 {lo}–{hi} 的比例"),
            format!("share of {s}{l} rows with {c} in {lo}–{hi}"),
        )
    }

    pub(super) fn why(why: &Why, lang: Lang) -> String {
        let Why::InRange {
            sheet,
            column: col,
            min,
            max,
            total,
            bad,
        } = why
        else {
            return String::new();
        };
        let (lo, hi) = (format_number(*min), format_number(*max));
        let (uz, ue) = unit(*sheet);
        let good = total - bad;
        pair(
            lang,
            format!("{total} {uz}中 {good} {uz}的{col}在 {lo}–{hi} 之间"),
            format!("{good} of {total} {ue} have {col} within {lo}–{hi}"),
        )
    }

    pub(super) fn range_order(min: f64, max: f64, lang: Lang) -> String {
        let (min, max) = (
            super::super::rubric::fmt(min),
            super::super::rubric::fmt(max),
        );
        pair(
            lang,
            format!("in_range 的下限 {min} 大于上限 {max}"),
            format!("in_range min {min} is above max {max}"),
        )
    }
}

/// `linked`: rows whose key is found in another sheet.
mod linked {
    use super::*;
    use wuyi_core::rubric::kinds::Linked;

    pub(super) fn describe(m: &Linked, lang: Lang) -> String {
        let (s, l) = (sheet_name(m.sheet), leaf(m.leaf_grids, lang));
        let c = column_name(m.sheet, m.column);
        let (t, tc) = (sheet_name(m.target), column_name(m.target, m.target_column));
        pair(
            lang,
            format!("{s}{l}的{c}能在{t}的{tc}中找到的比例"),
            format!("share of {s}{l} {c} found in {t} {tc}"),
        )
    }

    pub(super) fn why(why: &Why, lang: Lang) -> String {
        let Why::Linked {
            sheet,
            column: col,
            target,
            target_column: tcol,
            total,
            bad,
        } = why
        else {
            return String::new();
        };
        let (uz, ue) = unit(*sheet);
        pair(
            lang,
            format!("{total} {uz}中 {bad} {uz}的{col}在{target}的{tcol}中找不到"),
            format!("{bad} of {total} {ue}: {col} not found in {target} {tcol}"),
        )
    }
}

/// `daily`: days before the assessment with an entry in a log.
mod daily {
    use super::*;
    use wuyi_core::rubric::kinds::Daily;

    pub(super) fn describe(m: &Daily, lang: Lang) -> String {
        let (s, days) = (sheet_name(m.sheet), m.days);
        pair(
            lang,
            format!("评估日前 {days} 天中有{s}的天数比例"),
            format!("share of the last {days} days with a {s} entry"),
        )
    }

    pub(super) fn why(why: &Why, lang: Lang) -> String {
        let Why::Daily {
            sheet,
            total,
            missing,
            bad,
        } = why
        else {
            return String::new();
        };
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

    pub(super) fn no_days(lang: Lang) -> String {
        lang.pick(
            "daily 的 days 必须至少为 1",
            "daily days must be at least 1",
        )
        .to_string()
    }
}

/// `current`: rows dated within some days of the assessment.
mod current {
    use super::*;
    use wuyi_core::rubric::kinds::Current;

    pub(super) fn describe(m: &Current, lang: Lang) -> String {
        let (s, c) = (sheet_name(m.sheet), column_name(m.sheet, m.column));
        let within_days = m.within_days;
        pair(
            lang,
            format!("{s}中{c}在 {within_days} 天内的比例"),
            format!("share of {s} rows with {c} within {within_days} days"),
        )
    }

    pub(super) fn why(why: &Why, lang: Lang) -> String {
        let Why::Current {
            sheet,
            within_days,
            total,
            bad,
        } = why
        else {
            return String::new();
        };
        let (uz, ue) = unit(*sheet);
        let good = total - bad;
        pair(
            lang,
            format!("{total} {uz}中 {good} {uz}在评估日前 {within_days} 天内更新过"),
            format!("{good} of {total} {ue} updated within {within_days} days of assessment"),
        )
    }
}

/// `self_assessed`: points given on the self-assessment sheet.
mod self_assessed {
    use super::*;
    use wuyi_core::rubric::kinds::SelfAssessed;

    pub(super) fn describe(m: &SelfAssessed, lang: Lang) -> String {
        let item = &m.item;
        pair(
            lang,
            format!("自评表 {item} 项（核定得分优先）"),
            format!("self-assessment item {item} (verified score first)"),
        )
    }

    pub(super) fn why(why: &Why, lang: Lang) -> String {
        match why {
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
            _ => String::new(),
        }
    }
}

/// `problems`: data errors counted.
mod problems {
    use super::*;
    use wuyi_core::rubric::kinds::Problems;

    pub(super) fn describe(m: &Problems, lang: Lang) -> String {
        let n = m.codes.len();
        pair(
            lang,
            format!("数据差错处数（{n} 类）"),
            format!("data errors found ({n} kinds)"),
        )
    }

    pub(super) fn why(why: &Why, lang: Lang) -> String {
        let Why::Problems { found: n } = why else {
            return String::new();
        };
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

    pub(super) fn unknown_code(c: &str, lang: Lang) -> String {
        pair(
            lang,
            format!("problems 中的“{c}”不是已知的问题代码"),
            format!("problems: \"{c}\" is not a known problem code"),
        )
    }
}
