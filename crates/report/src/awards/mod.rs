//! The award workbook, its CSV and the terminal summary. The published list
//! is laid out for printing as it is: a title naming the quarter, one group
//! per district and town with its count, headers repeated on each page.

use anyhow::Result;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLine, ChartType, Color, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet,
};

use crate::catalogue::awards::{
    BasisText, QuarterText, StatusText, TopicText, ranking_rule, reason, why,
};
use crate::catalogue::{Named, VerdictText};
use crate::i18n::Lang;
use crate::sheet::{self, Cell, Formats, Mark, TableSheet};
use crate::text;
use crate::{csv_buffer, csv_finish, csv_safe};
use wuyi_core::awards::register::{self, RegisterEntry};
use wuyi_core::awards::{AwardList, Basis, Decision, Quarter, Status, Topic, matching, share};
use wuyi_core::score::Verdict;

mod coverage;
mod list;
mod sheets;

use coverage::write_coverage;
use list::write_list;
use sheets::{
    register_sheet_name, write_checks, write_date, write_not_awarded, write_register, write_revoked,
};

/// The award workbook's sheet names in one language.
pub struct SheetNames {
    /// The published list.
    pub list: &'static str,
    /// Titles revoked.
    pub revoked: &'static str,
    /// Not awarded, and why.
    pub not_awarded: &'static str,
    /// Coverage.
    pub coverage: &'static str,
    /// The register carried into next quarter.
    pub register: &'static str,
    /// What to check.
    pub checks: &'static str,
}

/// The sheet names in `lang`.
pub fn sheet_names(lang: Lang) -> SheetNames {
    SheetNames {
        list: lang.pick("公示名单", "Published list"),
        revoked: lang.pick("摘牌名单", "Revoked"),
        not_awarded: lang.pick("未授牌", "Not awarded"),
        coverage: lang.pick("覆盖率", "Coverage"),
        register: register_sheet_name(lang),
        checks: lang.pick("核对事项", "Checks"),
    }
}

/// "2022Q1-无疫名单.xlsx".
pub fn default_file_name(list_quarter: wuyi_core::awards::Quarter, lang: Lang) -> String {
    format!(
        "{list_quarter}-{}",
        lang.pick("无疫名单.xlsx", "award-list.xlsx")
    )
}

/// The list's title, naming the quarter.
pub fn list_title(list: &AwardList, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}无疫小区（社区、村）名单", list.quarter.label(lang)),
        Lang::En => format!("Epidemic-free communities, {}", list.quarter.label(lang)),
    }
}

fn kind_label(d: &Decision, lang: Lang) -> String {
    d.kind.map(|k| k.name(lang).to_string()).unwrap_or_default()
}

fn blank_label(s: &str, lang: Lang) -> String {
    if s.is_empty() {
        lang.pick("（未填）", "(blank)").to_string()
    } else {
        s.to_string()
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A target as people write it: "90%", "87.5%".
fn target_pct(x: f64) -> String {
    format!(
        "{}%",
        wuyi_sheets::format_number((x * 1000.0).round() / 10.0)
    )
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    if b {
        lang.pick("是", "yes")
    } else {
        lang.pick("否", "no")
    }
}

/// The columns every community list starts with: number, district, town,
/// name and type.
const PLACE_COLUMNS: [(&str, &str); 5] = [
    ("序号", "No."),
    ("区县", "district"),
    ("街道(乡镇)", "town"),
    ("名称", "name"),
    ("类型", "type"),
];

/// A community list's header in `lang`: [`PLACE_COLUMNS`], then `rest`.
fn place_headers(lang: Lang, rest: &[(&str, &str)]) -> Vec<String> {
    PLACE_COLUMNS
        .iter()
        .chain(rest)
        .map(|(z, e)| lang.pick(z, e).to_string())
        .collect()
}

fn list_headers(lang: Lang) -> Vec<String> {
    place_headers(
        lang,
        &[
            ("称号", "title"),
            ("得分", "score"),
            ("评估日期", "assessed on"),
            ("状态", "status"),
            ("备注", "note"),
        ],
    )
}

/// The counts, as on the sheets: 持有称号 is the published list's rows, 摘牌
/// the revoked sheet's (a title lost and won back in the quarter is counted
/// there and in 新授牌), 未授牌 the not-awarded sheet's.
pub fn count_line(list: &AwardList, lang: Lang) -> String {
    let (n, h) = (list.count(Status::New), list.count(Status::Held));
    let (r, again) = (list.revoked(), list.reawarded());
    let (x, c) = (list.count(Status::NotAwarded), list.cut_not_awarded());
    let all = list.decisions.len();
    match lang {
        Lang::Zh => {
            let again = if again > 0 {
                format!("，其中重新授牌 {again}")
            } else {
                String::new()
            };
            let cut = if c > 0 {
                format!("（其中因名额 {c}）")
            } else {
                String::new()
            };
            format!(
                "共 {all} 个社区；持有称号 {} 个（新授牌 {n}，保持 {h}）；摘牌 {r}{again}；未授牌 {x}{cut}",
                n + h
            )
        }
        Lang::En => {
            let again = if again > 0 {
                format!(", {again} of them awarded again")
            } else {
                String::new()
            };
            let cut = if c > 0 {
                format!(" ({c} of them over a quota)")
            } else {
                String::new()
            };
            format!(
                "{all} communities; {} hold the title ({n} newly awarded, {h} held); {r} revoked{again}; {x} not awarded{cut}",
                n + h
            )
        }
    }
}

/// The printed summary: counts per status and one coverage line per town.
pub fn render_summary(list: &AwardList, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{}{}{}\n",
        list_title(list, lang),
        lang.pick("：", ": "),
        count_line(list, lang)
    ));
    let target = format!(
        "{}{}",
        lang.pick("目标 ", "target "),
        target_pct(list.coverage.target)
    );
    let headers = [
        lang.pick("区县", "district"),
        lang.pick("街道(乡镇)", "town"),
        lang.pick("持有/总数", "held/total"),
        lang.pick("覆盖率", "coverage"),
        target.as_str(),
        lang.pick("无疫街道", "all hold"),
    ];
    let reached = |b: bool| {
        if b {
            lang.pick("达到", "met")
        } else {
            lang.pick("未达到", "not met")
        }
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for t in &list.coverage.towns {
        rows.push(vec![
            text::truncate(&blank_label(&t.district, lang), 16),
            text::truncate(&blank_label(&t.town, lang), 20),
            format!("{}/{}", t.awarded, t.total),
            pct(share(t.awarded, t.total)),
            reached(t.target_met).to_string(),
            yes_no(t.free, lang).to_string(),
        ]);
    }
    for d in &list.coverage.districts {
        rows.push(vec![
            text::truncate(&blank_label(&d.district, lang), 16),
            lang.pick("（合计）", "(all)").to_string(),
            format!("{}/{}", d.awarded, d.total),
            pct(share(d.awarded, d.total)),
            reached(d.target_met).to_string(),
            format!(
                "{}{}",
                lang.pick("无疫区县：", "district free: "),
                yes_no(d.free, lang)
            ),
        ]);
    }
    out.push_str(&text::render(&headers, &rows, &[2, 3]));
    if list.coverage.basis == Basis::Applicants {
        out.push_str(list.coverage.basis.describe(lang));
        out.push('\n');
    }
    let outside = list.outside_coverage();
    if outside > 0 {
        out.push_str(&match lang {
            Lang::Zh => format!("另有 {outside} 个社区不在名册中，列入名单，但不计入覆盖率\n"),
            Lang::En => format!(
                "{outside} more communities are not on the roster: listed, but not counted in coverage\n"
            ),
        });
    }
    out
}

/// The published list as CSV, one row per community holding the title.
pub fn render_csv(list: &AwardList, lang: Lang) -> Result<Vec<u8>> {
    let mut w = csv_buffer();
    w.write_record(list_headers(lang))?;
    for (i, d) in list.holders().enumerate() {
        let row = [
            (i + 1).to_string(),
            d.place.district.clone(),
            d.place.town.clone(),
            d.place.name.clone(),
            kind_label(d, lang),
            d.title.clone(),
            d.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
            d.assessed_on.map(|x| x.to_string()).unwrap_or_default(),
            d.status.label(lang).to_string(),
            reason(&d.note, lang),
        ];
        w.write_record(row.iter().map(|s| csv_safe(s).into_owned()))?;
    }
    csv_finish(w)
}

/// The award workbook.
pub fn render_xlsx(list: &AwardList, lang: Lang) -> Result<Vec<u8>> {
    let mut wb = sheet::new_workbook();
    let f = Formats::default();
    let names = sheet_names(lang);
    write_list(wb.add_worksheet().set_name(names.list)?, list, lang, &f)?;
    write_revoked(wb.add_worksheet().set_name(names.revoked)?, list, lang, &f)?;
    write_not_awarded(
        wb.add_worksheet().set_name(names.not_awarded)?,
        list,
        lang,
        &f,
    )?;
    write_coverage(&mut wb, names.coverage, list, lang, &f)?;
    write_register(wb.add_worksheet().set_name(names.register)?, list, lang, &f)?;
    write_checks(wb.add_worksheet().set_name(names.checks)?, list, lang, &f)?;
    Ok(wb.save_to_buffer()?)
}

fn text_width(s: &str) -> f64 {
    text::width(s) as f64
}

/// Writes a line of text across `cols` columns, tall enough for it.
fn merged_line(
    ws: &mut Worksheet,
    row: u32,
    cols: u16,
    s: &str,
    fmt: &Format,
    width: f64,
) -> Result<()> {
    ws.merge_range(row, 0, row, cols - 1, s, fmt)?;
    let lines = sheet::lines_needed(s, width);
    if lines > 1 {
        ws.set_row_height(row, sheet::row_height(lines))?;
    }
    Ok(())
}
