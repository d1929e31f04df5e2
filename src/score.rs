//! A submission's scorecard: its gate, each item's points and why, its
//! total, and the verdict an office can defend cell by cell.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::ledger::Ledger;
use crate::ledger::contract::{CaseCategory, CommunityType};
use crate::problem::{Problem, ProblemKind, Severity};
use crate::rubric::Rubric;
use crate::rubric::gate::{self, GateResult, GateState};
use crate::rubric::measure::{self, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 达标: at or above the pass line, gate clear.
    Passed,
    /// 未达标: below the pass line.
    Failed,
    /// 一票否决: the zero-case gate vetoed it.
    Vetoed,
    /// 无法评分: cannot be assessed as submitted.
    Unassessable,
}

impl Verdict {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Passed => lang.pick("达标", "passed"),
            Verdict::Failed => lang.pick("未达标", "below pass line"),
            Verdict::Vetoed => lang.pick("一票否决", "vetoed"),
            Verdict::Unassessable => lang.pick("无法评分", "cannot be assessed"),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Verdict::Passed,
            Verdict::Failed,
            Verdict::Vetoed,
            Verdict::Unassessable,
        ]
        .into_iter()
        .find(|v| {
            v.label(Lang::Zh) == s
                || v.label(Lang::En) == s
                || format!("{v:?}").eq_ignore_ascii_case(s)
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemScore {
    pub id: String,
    pub section: Option<String>,
    pub name: String,
    pub points: f64,
    pub earned: f64,
    pub share: Option<f64>,
    pub findings: usize,
    pub total: usize,
    pub why_zh: String,
    pub why_en: String,
    pub cells: Vec<String>,
    pub unverified: bool,
}

impl ItemScore {
    pub fn why(&self, lang: Lang) -> &str {
        lang.pick(&self.why_zh, &self.why_en)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionScore {
    pub id: String,
    pub name: String,
    pub points: f64,
    pub earned: f64,
}

/// The gate as reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateReport {
    pub passed: bool,
    pub window_days: u32,
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    /// Each vetoing entry, "涉疫台账!A5 2022-03-20 确诊病例".
    pub hits_zh: Vec<String>,
    pub hits_en: Vec<String>,
    /// Each cell the gate depends on that could not be read; when there are
    /// such cells and no hits, the gate is undecided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undecided_zh: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undecided_en: Vec<String>,
    /// What the gate read and how it was decided, in one line.
    #[serde(default)]
    pub summary_zh: String,
    #[serde(default)]
    pub summary_en: String,
}

impl GateReport {
    /// Nothing vetoed, but cells the gate depends on could not be read.
    pub fn undecided(&self) -> bool {
        self.hits_zh.is_empty() && !self.undecided_zh.is_empty()
    }

    pub fn summary(&self, lang: Lang) -> &str {
        lang.pick(&self.summary_zh, &self.summary_en)
    }

    pub fn undecided_cells(&self, lang: Lang) -> &[String] {
        if lang.is_zh() {
            &self.undecided_zh
        } else {
            &self.undecided_en
        }
    }
}

/// A problem as carried in results: its place, code and both messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemRecord {
    pub severity: String,
    pub location: String,
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
}

impl ProblemRecord {
    pub fn from_problem(p: &Problem) -> Self {
        ProblemRecord {
            severity: format!("{:?}", p.severity).to_lowercase(),
            location: p.location(),
            code: p.code().to_string(),
            message_zh: p.message(Lang::Zh),
            message_en: p.message(Lang::En),
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.message_zh, &self.message_en)
    }

    pub fn severity_label(&self, lang: Lang) -> &'static str {
        match self.severity.as_str() {
            "error" => Severity::Error.label(lang),
            "warning" => Severity::Warning.label(lang),
            _ => Severity::Info.label(lang),
        }
    }
}

/// A dated case-log entry (涉疫台账) of any category. Results keep the whole
/// log, not only what the gate saw, so that a later quarter can tell whether
/// a case came after a title was awarded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub date: NaiveDate,
    pub category: CaseCategory,
    /// "涉疫台账!A5".
    pub location: String,
}

/// One submission, scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub file: PathBuf,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Option<CommunityType>,
    pub district: Option<String>,
    pub town: Option<String>,
    /// The date the application was assessed on (as-of override applied).
    pub assessed_on: Option<NaiveDate>,
    pub score: Option<f64>,
    pub pass_score: f64,
    pub sections: Vec<SectionScore>,
    pub items: Vec<ItemScore>,
    pub gate: Option<GateReport>,
    pub verdict: Verdict,
    pub reason_zh: String,
    pub reason_en: String,
    pub problems: Vec<ProblemRecord>,
    /// Results written before this field existed read as an empty log.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<CaseRecord>,
    /// Set when inspection results were applied: the score as submitted,
    /// the verified score and the items an inspection verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection: Option<crate::inspected::CardInspection>,
}

impl Scorecard {
    pub fn reason(&self, lang: Lang) -> &str {
        lang.pick(&self.reason_zh, &self.reason_en)
    }

    pub fn kind_label(&self, lang: Lang) -> String {
        self.kind
            .map(|k| k.name(lang).to_string())
            .unwrap_or_default()
    }

    /// How the zero-case gate was decided, or "" when it was not reached.
    pub fn gate_summary(&self, lang: Lang) -> &str {
        self.gate.as_ref().map(|g| g.summary(lang)).unwrap_or("")
    }

    pub fn gate_label(&self, lang: Lang) -> &'static str {
        match &self.gate {
            Some(g) if g.passed => lang.pick("通过", "clear"),
            Some(g) if g.undecided() => lang.pick("无法判定", "undecided"),
            Some(_) => lang.pick("否决", "vetoed"),
            None => lang.pick("—", "—"),
        }
    }
}

/// Whether a problem stops assessment. With a batch-wide as-of date, a
/// missing or unreadable 评估日期 no longer does.
fn blocking(p: &Problem, as_of: Option<NaiveDate>) -> bool {
    if p.severity != Severity::Error {
        return false;
    }
    let about_date = match &p.kind {
        ProblemKind::MissingInfo { field } => field == "评估日期",
        ProblemKind::BadDate { column, .. } => column == "评估日期",
        _ => false,
    };
    !(about_date && as_of.is_some())
}

fn first_reasons(problems: &[&Problem], lang: Lang) -> String {
    let mut parts: Vec<String> = problems
        .iter()
        .take(3)
        .map(|p| {
            let loc = p.location();
            if loc.is_empty() {
                p.message(lang)
            } else {
                format!("{loc} {}", p.message(lang))
            }
        })
        .collect();
    if problems.len() > 3 {
        parts.push(match lang {
            Lang::Zh => format!("等 {} 处错误", problems.len()),
            Lang::En => format!("{} errors in all", problems.len()),
        });
    }
    parts.join(lang.pick("；", "; "))
}

fn case_log(ledger: &Ledger) -> Vec<CaseRecord> {
    let Some(cases) = &ledger.cases else {
        return Vec::new();
    };
    let (dc, cc) = (cases.idx("date"), cases.idx("category"));
    cases
        .rows
        .iter()
        .filter_map(|rec| {
            Some(CaseRecord {
                date: cases.date(rec, dc)?,
                category: cases.category(rec, cc)?,
                location: cases.location(rec, dc),
            })
        })
        .collect()
}

/// Scores a ledger. `as_of` overrides every submission's 评估日期.
pub fn score(ledger: &Ledger, rubric: &Rubric, as_of: Option<NaiveDate>) -> Scorecard {
    let d = as_of.or(ledger.info.assessed_on);
    let mut card = Scorecard {
        file: ledger.path.clone(),
        name: ledger.display_name(),
        kind: ledger.info.kind,
        district: ledger.info.district.clone(),
        town: ledger.info.town.clone(),
        assessed_on: d,
        score: None,
        pass_score: rubric.spec.pass_score,
        sections: Vec::new(),
        items: Vec::new(),
        gate: None,
        verdict: Verdict::Unassessable,
        reason_zh: String::new(),
        reason_en: String::new(),
        problems: ledger
            .problems
            .iter()
            .map(ProblemRecord::from_problem)
            .collect(),
        cases: case_log(ledger),
        inspection: None,
    };
    let blockers: Vec<&Problem> = ledger
        .problems
        .iter()
        .filter(|p| blocking(p, as_of))
        .collect();
    let Some(d) = d.filter(|_| blockers.is_empty()) else {
        card.reason_zh = first_reasons(&blockers, Lang::Zh);
        card.reason_en = first_reasons(&blockers, Lang::En);
        if card.reason_zh.is_empty() {
            card.reason_zh = "缺少评估日期".into();
            card.reason_en = "no assessment date".into();
        }
        return card;
    };

    let mut total_tenths = 0i64;
    for item in &rubric.items {
        let o: Outcome = measure::evaluate(item, ledger, d);
        if o.absent {
            // No silent zeros: the file gets a warning naming what was
            // missing and the nearest thing that was there.
            card.problems
                .push(ProblemRecord::from_problem(&Problem::warning(
                    ProblemKind::ItemUnmeasured {
                        item: item.id.clone(),
                        why_zh: o.why_zh.clone(),
                        why_en: o.why_en.clone(),
                    },
                )));
        }
        total_tenths += o.tenths;
        card.items.push(ItemScore {
            id: item.id.clone(),
            section: item.section.clone(),
            name: item.name.clone(),
            points: item.points,
            earned: o.earned(),
            share: o.share,
            findings: o.findings,
            total: o.total,
            why_zh: o.why_zh,
            why_en: o.why_en,
            cells: o.cells,
            unverified: o.unverified,
        });
    }
    for s in &rubric.spec.sections {
        let (mut pts, mut tenths) = (0.0, 0i64);
        for (item, scored) in rubric.items.iter().zip(&card.items) {
            if item.section.as_deref() == Some(s.id.as_str()) {
                pts += item.points;
                tenths += (scored.earned * 10.0).round() as i64;
            }
        }
        card.sections.push(SectionScore {
            id: s.id.clone(),
            name: s.name.clone(),
            points: pts,
            earned: tenths as f64 / 10.0,
        });
    }
    let total = total_tenths as f64 / 10.0;
    card.score = Some(total);

    let g: GateResult = gate::evaluate(&rubric.gate, ledger, d);
    card.gate = Some(GateReport {
        passed: g.passed(),
        window_days: g.window_days,
        window_start: g.window_start,
        window_end: g.window_end,
        hits_zh: g.hits.iter().map(|h| h.describe(Lang::Zh)).collect(),
        hits_en: g.hits.iter().map(|h| h.describe(Lang::En)).collect(),
        undecided_zh: g.undecided.iter().map(|u| u.describe(Lang::Zh)).collect(),
        undecided_en: g.undecided.iter().map(|u| u.describe(Lang::En)).collect(),
        summary_zh: g.summary_zh.clone(),
        summary_en: g.summary_en.clone(),
    });
    let pass = rubric.spec.pass_score;
    let p = wuyi_sheets::format_number(pass);
    let t = wuyi_sheets::format_number(total);
    if g.state() == GateState::Vetoed {
        card.verdict = Verdict::Vetoed;
        let shown_zh: Vec<String> = g
            .hits
            .iter()
            .take(3)
            .map(|h| h.describe(Lang::Zh))
            .collect();
        let shown_en: Vec<String> = g
            .hits
            .iter()
            .take(3)
            .map(|h| h.describe(Lang::En))
            .collect();
        let more = g.hits.len().saturating_sub(3);
        card.reason_zh = format!(
            "{} 至 {} 的 {} 天内有涉疫记录：{}{}",
            g.window_start,
            g.window_end,
            g.window_days,
            shown_zh.join("；"),
            if more > 0 {
                format!(" 等 {} 条", g.hits.len())
            } else {
                String::new()
            }
        );
        card.reason_en = format!(
            "case records within the {} days {} to {}: {}{}",
            g.window_days,
            g.window_start,
            g.window_end,
            shown_en.join("; "),
            if more > 0 {
                format!(" ({} in all)", g.hits.len())
            } else {
                String::new()
            }
        );
    } else if g.state() == GateState::Undecided {
        // Never a pass on cells that could not be read: the score stands
        // for reference only.
        card.verdict = Verdict::Unassessable;
        let shown = |lang: Lang| -> Vec<String> {
            g.undecided
                .iter()
                .take(3)
                .map(|u| u.describe(lang))
                .collect()
        };
        let n = g.undecided.len();
        card.reason_zh = format!(
            "零病例核查无法判定，{n} 处无法读取：{}{}（得分 {t} 仅供参考）",
            shown(Lang::Zh).join("；"),
            if n > 3 {
                format!(" 等 {n} 处")
            } else {
                String::new()
            }
        );
        card.reason_en = format!(
            "the zero-case gate is undecided, {n} cell{} could not be read: {}{} (the score of {t} is for reference only)",
            if n == 1 { "" } else { "s" },
            shown(Lang::En).join("; "),
            if n > 3 {
                format!(" ({n} in all)")
            } else {
                String::new()
            }
        );
    } else if total + 1e-9 >= pass {
        card.verdict = Verdict::Passed;
        card.reason_zh = format!("得分 {t}，达到及格线 {p} 分");
        card.reason_en = format!("scored {t}, at or above the pass line of {p}");
    } else {
        card.verdict = Verdict::Failed;
        card.reason_zh = format!("得分 {t}，低于及格线 {p} 分");
        card.reason_en = format!("scored {t}, below the pass line of {p}");
    }
    card
}

/// Reads and scores one file; never fails.
pub fn score_file(path: &Path, rubric: &Rubric, as_of: Option<NaiveDate>) -> Scorecard {
    let limits = wuyi_sheets::ReadLimits::default();
    let ledger = crate::ledger::read_guarded_as(path, &limits, &rubric.aliases);
    score(&ledger, rubric, as_of)
}
