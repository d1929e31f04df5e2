//! A scorecard in words: the verdict's label, the reason for it, and the
//! record `results.json` keeps of an [`Assessment`], each message in both
//! languages.

use crate::i18n::Lang;
use wuyi_core::problem::{Problem, Severity};
use wuyi_core::results::{GateReport, ItemScore, ProblemRecord, Scorecard};
use wuyi_core::rubric::gate::GateResult;
use wuyi_core::score::{Assessment, ItemResult, Reason, Verdict};
use wuyi_sheets::format_number;

use super::contract::Named;
use super::problems::{ProblemText, SeverityText};
use super::{gate, measure, pair};

/// The words for a verdict.
pub trait VerdictText: Sized {
    /// "达标" / "passed", "一票否决" / "vetoed" …
    fn label(self, lang: Lang) -> &'static str;
    /// A verdict from its label in either language or its code.
    fn parse(s: &str) -> Option<Self>;
}

impl VerdictText for Verdict {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Passed => lang.pick("达标", "passed"),
            Verdict::Failed => lang.pick("未达标", "below pass line"),
            Verdict::Vetoed => lang.pick("一票否决", "vetoed"),
            Verdict::Unassessable => lang.pick("无法评分", "cannot be assessed"),
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Verdict::ALL.into_iter().find(|v| {
            v.label(Lang::Zh) == s
                || v.label(Lang::En) == s
                || format!("{v:?}").eq_ignore_ascii_case(s)
        })
    }
}

/// The record of an assessment that `results.json` keeps: every reason
/// worded in both languages.
pub fn card(a: &Assessment) -> Scorecard {
    Scorecard {
        file: a.file.clone(),
        name: a.name.clone(),
        kind: a.kind,
        district: a.district.clone(),
        town: a.town.clone(),
        assessed_on: a.assessed_on,
        score: a.score,
        pass_score: a.pass_score,
        sections: a.sections.clone(),
        items: a.items.iter().map(item).collect(),
        gate: a.gate.as_ref().map(gate_report),
        verdict: a.verdict,
        reason_zh: reason(&a.reason, Lang::Zh),
        reason_en: reason(&a.reason, Lang::En),
        problems: a.problems.iter().map(problem_record).collect(),
        cases: a.cases.clone(),
        inspection: None,
    }
}

/// An item as recorded.
fn item(i: &ItemResult) -> ItemScore {
    ItemScore {
        id: i.id.clone(),
        section: i.section.clone(),
        name: i.name.clone(),
        points: i.points,
        earned: i.earned,
        share: i.share,
        findings: i.findings,
        total: i.total,
        why_zh: measure::why(&i.why, &i.cells, i.findings, Lang::Zh),
        why_en: measure::why(&i.why, &i.cells, i.findings, Lang::En),
        cells: i.cells.clone(),
        unverified: i.unverified,
    }
}

/// The gate as recorded.
fn gate_report(g: &GateResult) -> GateReport {
    GateReport {
        passed: g.passed(),
        window_days: g.window_days,
        window_start: g.window_start,
        window_end: g.window_end,
        hits_zh: g.hits.iter().map(|h| gate::hit(h, Lang::Zh)).collect(),
        hits_en: g.hits.iter().map(|h| gate::hit(h, Lang::En)).collect(),
        undecided_zh: g
            .undecided
            .iter()
            .map(|u| gate::undecided(u, Lang::Zh))
            .collect(),
        undecided_en: g
            .undecided
            .iter()
            .map(|u| gate::undecided(u, Lang::En))
            .collect(),
        summary_zh: gate::summary(&g.summary, Lang::Zh),
        summary_en: gate::summary(&g.summary, Lang::En),
    }
}

/// A problem as recorded: its place, code and both messages.
pub fn problem_record(p: &Problem) -> ProblemRecord {
    ProblemRecord {
        severity: format!("{:?}", p.severity).to_lowercase(),
        location: p.location(),
        code: p.code().to_string(),
        message_zh: p.message(Lang::Zh),
        message_en: p.message(Lang::En),
    }
}

/// The first three blocking problems with their places, and how many.
fn first_reasons(problems: &[Problem], count: usize, lang: Lang) -> String {
    let mut parts: Vec<String> = problems
        .iter()
        .map(|p| {
            let loc = p.location();
            if loc.is_empty() {
                p.message(lang)
            } else {
                format!("{loc} {}", p.message(lang))
            }
        })
        .collect();
    if count > 3 {
        parts.push(pair(
            lang,
            format!("等 {count} 处错误"),
            format!("{count} errors in all"),
        ));
    }
    parts.join(lang.pick("；", "; "))
}

/// Why the verdict, in one line.
pub fn reason(r: &Reason, lang: Lang) -> String {
    match r {
        Reason::Blocked { first, count } => first_reasons(first, *count, lang),
        Reason::NoDate => lang.pick("缺少评估日期", "no assessment date").to_string(),
        Reason::Vetoed {
            window_start,
            window_end,
            window_days,
            first,
            count,
        } => {
            let shown: Vec<String> = first.iter().map(|h| gate::hit(h, lang)).collect();
            let more = *count > 3;
            pair(
                lang,
                format!(
                    "{window_start} 至 {window_end} 的 {window_days} 天内有涉疫记录：{}{}",
                    shown.join("；"),
                    if more {
                        format!(" 等 {count} 条")
                    } else {
                        String::new()
                    }
                ),
                format!(
                    "case records within the {window_days} days {window_start} to {window_end}: {}{}",
                    shown.join("; "),
                    if more {
                        format!(" ({count} in all)")
                    } else {
                        String::new()
                    }
                ),
            )
        }
        Reason::Undecided {
            first,
            count: n,
            score,
        } => {
            let shown: Vec<String> = first.iter().map(|u| gate::undecided(u, lang)).collect();
            let t = format_number(*score);
            pair(
                lang,
                format!(
                    "零病例核查无法判定，{n} 处无法读取：{}{}（得分 {t} 仅供参考）",
                    shown.join("；"),
                    if *n > 3 {
                        format!(" 等 {n} 处")
                    } else {
                        String::new()
                    }
                ),
                format!(
                    "the zero-case gate is undecided, {n} cell{} could not be read: {}{} (the score of {t} is for reference only)",
                    if *n == 1 { "" } else { "s" },
                    shown.join("; "),
                    if *n > 3 {
                        format!(" ({n} in all)")
                    } else {
                        String::new()
                    }
                ),
            )
        }
        Reason::Passed { score, pass } => {
            let (t, p) = (format_number(*score), format_number(*pass));
            pair(
                lang,
                format!("得分 {t}，达到及格线 {p} 分"),
                format!("scored {t}, at or above the pass line of {p}"),
            )
        }
        Reason::Failed { score, pass } => {
            let (t, p) = (format_number(*score), format_number(*pass));
            pair(
                lang,
                format!("得分 {t}，低于及格线 {p} 分"),
                format!("scored {t}, below the pass line of {p}"),
            )
        }
    }
}

/// What a recorded scorecard says, in the language asked for.
pub trait CardText {
    /// Why the verdict.
    fn reason(&self, lang: Lang) -> &str;
    /// The community's type, or "" when not given.
    fn kind_label(&self, lang: Lang) -> String;
    /// How the zero-case gate was decided, or "" when it was not reached.
    fn gate_summary(&self, lang: Lang) -> &str;
    /// "通过" / "clear", "无法判定" / "undecided", "否决" / "vetoed", or "—".
    fn gate_label(&self, lang: Lang) -> &'static str;
}

impl CardText for Scorecard {
    fn reason(&self, lang: Lang) -> &str {
        lang.pick(&self.reason_zh, &self.reason_en)
    }

    fn kind_label(&self, lang: Lang) -> String {
        self.kind
            .map(|k| k.name(lang).to_string())
            .unwrap_or_default()
    }

    fn gate_summary(&self, lang: Lang) -> &str {
        self.gate.as_ref().map(|g| g.summary(lang)).unwrap_or("")
    }

    fn gate_label(&self, lang: Lang) -> &'static str {
        match &self.gate {
            Some(g) if g.passed => lang.pick("通过", "clear"),
            Some(g) if g.undecided() => lang.pick("无法判定", "undecided"),
            Some(_) => lang.pick("否决", "vetoed"),
            None => lang.pick("—", "—"),
        }
    }
}

/// What a recorded item says, in the language asked for.
pub trait ItemText {
    /// Why it earned what it did.
    fn why(&self, lang: Lang) -> &str;
}

impl ItemText for ItemScore {
    fn why(&self, lang: Lang) -> &str {
        lang.pick(&self.why_zh, &self.why_en)
    }
}

/// What a recorded gate says, in the language asked for.
pub trait GateText {
    /// How it was decided, in one line.
    fn summary(&self, lang: Lang) -> &str;
    /// The cells that could not be read.
    fn undecided_cells(&self, lang: Lang) -> &[String];
}

impl GateText for GateReport {
    fn summary(&self, lang: Lang) -> &str {
        lang.pick(&self.summary_zh, &self.summary_en)
    }

    fn undecided_cells(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Zh => &self.undecided_zh,
            Lang::En => &self.undecided_en,
        }
    }
}

/// What a recorded problem says, in the language asked for.
pub trait RecordText {
    /// Its message.
    fn message(&self, lang: Lang) -> &str;
    /// Its severity's label.
    fn severity_label(&self, lang: Lang) -> &'static str;
}

impl RecordText for ProblemRecord {
    fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.message_zh, &self.message_en)
    }

    fn severity_label(&self, lang: Lang) -> &'static str {
        match self.severity.as_str() {
            "error" => Severity::Error.label(lang),
            "warning" => Severity::Warning.label(lang),
            _ => Severity::Info.label(lang),
        }
    }
}
