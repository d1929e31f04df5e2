//! `wuyi awards`: the quarter's award list, register, revocations and
//! coverage, from scored results or workbooks scored on the spot.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use rayon::prelude::*;

use super::{
    Outcome, guard_overwrite, load_rubric, parse_date_arg, progress, refuse_output_among_inputs,
};
use crate::cli::ReadArgs;
use wuyi_core::awards::events::Event;
use wuyi_core::awards::register::Register;
use wuyi_core::awards::roster::RosterEntry;
use wuyi_core::awards::{self, Application, Inputs, Note, Quarter, Text, Topic, Why, register};
use wuyi_core::input::{REPORT_MARKER, collect};
use wuyi_core::results::Scorecard;
use wuyi_core::score::Verdict;
use wuyi_report::awards as render;
use wuyi_report::catalogue::awards::{TextIn, list_problem};
use wuyi_report::i18n::Lang;
use wuyi_report::schema;
use wuyi_report::score::Results;
use wuyi_report::write_atomic;

#[derive(Debug, Args)]
#[command(
    after_help = "示例 / Examples:\n  wuyi awards --quarter 2022Q1 评分结果/results.json\n  wuyi awards --quarter 2022Q2 收件箱/ --register 2022Q1-无疫名单.xlsx --roster 名册.xlsx --events 事件.xlsx"
)]
pub struct AwardsArgs {
    /// 季度，如 2022Q1 / the quarter, e.g. 2022Q1
    #[arg(long, value_name = "YYYYQn")]
    pub quarter: String,

    /// results.json（wuyi score 的结果），或台账文件、文件夹（当场评分）
    #[arg(required = true, value_name = "RESULTS_OR_WORKBOOKS")]
    pub inputs: Vec<PathBuf>,

    /// 上季度的名单工作簿（其“名册”表）/ last quarter's award workbook (its register sheet)
    #[arg(long, value_name = "FILE.xlsx")]
    pub register: Option<PathBuf>,

    /// 全部社区名册（覆盖率的分母）/ roster of all communities (the coverage denominator)
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,

    /// 动态管理事件表（新增确诊、新增无症状、投诉查实未整改）/ dated events per community
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,

    /// 输出工作簿（默认 YYYYQn-无疫名单.xlsx）/ output workbook
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: Option<PathBuf>,

    /// 覆盖已存在的输出 / overwrite existing output
    #[arg(long)]
    pub force: bool,

    /// 评分标准（当场评分及 [awards] 设置）/ rubric for on-the-fly scoring and its [awards] settings
    #[arg(long, value_name = "FILE.toml")]
    pub rubric: Option<PathBuf>,

    /// 当场评分时统一的评估日期 / batch assessment date when scoring workbooks
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    #[command(flatten)]
    pub read: ReadArgs,
}

/// How many notes are printed; the rest are in the workbook.
const PRINTED_NOTES: usize = 20;

fn err(t: Text, lang: Lang) -> anyhow::Error {
    anyhow!("{}", t.get(lang))
}

fn is_json(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("json"))
}

/// Award lists this command writes under its default names; read as a
/// ledger they would only be a community that cannot be assessed.
fn looks_like_award_list(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with("-无疫名单.xlsx") || name.ends_with("-award-list.xlsx")
}

struct Sources {
    results: Vec<PathBuf>,
    workbooks: Vec<PathBuf>,
    /// Folders the output file would land in.
    folders: Vec<PathBuf>,
}

fn sources(paths: &[PathBuf], lang: Lang) -> Result<Sources> {
    let mut s = Sources {
        results: Vec::new(),
        workbooks: Vec::new(),
        folders: Vec::new(),
    };
    for p in paths {
        if !p.exists() {
            match lang {
                Lang::Zh => bail!("找不到 {}", p.display()),
                Lang::En => bail!("{} does not exist", p.display()),
            }
        }
        if p.is_file() && is_json(p) {
            s.results.push(p.clone());
        } else if p.is_dir() && p.join(REPORT_MARKER).exists() {
            // A `wuyi score` report folder: its results, not its workbooks.
            let r = p.join("results.json");
            if !r.is_file() {
                match lang {
                    Lang::Zh => bail!("{} 是报告文件夹，但其中没有 results.json", p.display()),
                    Lang::En => bail!("{} is a report folder without results.json", p.display()),
                }
            }
            s.results.push(r);
        } else {
            if p.is_dir() {
                s.folders.push(p.clone());
            }
            s.workbooks.extend(collect(std::slice::from_ref(p)).0);
        }
    }
    s.workbooks.sort();
    s.workbooks.dedup();
    if s.results.is_empty() && s.workbooks.is_empty() {
        match lang {
            Lang::Zh => bail!("没有找到 results.json 或台账文件（.xlsx/.xlsm/.xls/.ods）"),
            Lang::En => bail!("no results.json or ledger workbooks (.xlsx/.xlsm/.xls/.ods) found"),
        }
    }
    Ok(s)
}

/// A `results.json` read back (by `awards`, `merge` and `score --update`):
/// one with or without `schema_version`, refused when a newer wuyi wrote it
/// in a shape this one does not know.
pub(super) fn read_results(path: &Path, lang: Lang) -> Result<Results> {
    let bytes = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
    let results: Results = serde_json::from_slice(&bytes).map_err(|e| match lang {
        Lang::Zh => anyhow!(
            "{} 不是 wuyi score 生成的 results.json：{e}",
            path.display()
        ),
        Lang::En => anyhow!(
            "{} is not a results.json written by wuyi score: {e}",
            path.display()
        ),
    })?;
    if !schema::readable(results.schema_version) {
        let v = results.schema_version.unwrap_or_default();
        match lang {
            Lang::Zh => bail!(
                "{} 是较新版本的 wuyi 写的（格式版本 {v}），本版本只能读到格式版本 {}；请使用较新版本的 wuyi",
                path.display(),
                schema::SCHEMA_VERSION
            ),
            Lang::En => bail!(
                "{} was written by a newer wuyi (schema version {v}); this one reads up to schema version {}: use a newer wuyi",
                path.display(),
                schema::SCHEMA_VERSION
            ),
        }
    }
    Ok(results)
}

fn output_path(args: &AwardsArgs, q: Quarter, lang: Lang) -> Result<PathBuf> {
    let out = match &args.out {
        Some(p) => p.clone(),
        None => PathBuf::from(render::default_file_name(q, lang)),
    };
    let (path, added) = wuyi_report::names::workbook_output(&out, lang)?;
    if added && args.out.is_some() {
        println!("{}", wuyi_report::names::extension_added_note(&path, lang));
    }
    Ok(path)
}

/// Runs `wuyi awards`: reads the applications and the office's lists,
/// decides the quarter and writes the award workbook and its CSV.
pub fn run(args: &AwardsArgs, lang: Lang) -> Result<Outcome> {
    let Some(q) = Quarter::parse(&args.quarter) else {
        match lang {
            Lang::Zh => bail!(
                "“{}”不是有效季度（例：2022Q1 或 2022年第一季度）",
                args.quarter
            ),
            Lang::En => bail!("\"{}\" is not a quarter (e.g. 2022Q1)", args.quarter),
        }
    };
    let rubric = load_rubric(args.rubric.as_deref(), lang)?;
    let as_of = args
        .as_of
        .as_deref()
        .map(|s| parse_date_arg(s, lang))
        .transpose()?;
    let src = sources(&args.inputs, lang)?;
    let out = output_path(args, q, lang)?;
    let csv_out = out.with_extension("csv");

    let side_inputs: Vec<&Path> = [&args.register, &args.roster, &args.events]
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
        .collect();
    // The same refusal as `score`: an output that is one of the inputs
    // (results, workbooks, or the office's lists) is never written.
    let all_inputs: Vec<PathBuf> = src
        .results
        .iter()
        .chain(&src.workbooks)
        .cloned()
        .chain(side_inputs.iter().map(|p| p.to_path_buf()))
        .collect();
    for target in [&out, &csv_out] {
        refuse_output_among_inputs(target, &all_inputs, lang)?;
        guard_overwrite(target, args.force, lang)?;
    }
    // Held until both files are written: a second run on the same list
    // refuses.
    let _lock = wuyi_report::output::RunLock::acquire(&out, lang)?;
    let limits = args.read.limits.limits();
    let pool = args.read.pool()?;

    let mut notes: Vec<Note> = Vec::new();
    let workbooks = ledgers_only(&src.workbooks, &side_inputs, &mut notes);

    let mut cards: Vec<Scorecard> = Vec::new();
    for r in &src.results {
        let res = read_results(r, lang)?;
        if args.rubric.is_some() && res.rubric.sha256 != rubric.sha256 {
            notes.push(Note {
                topic: Topic::Inputs,
                text: Why::Said(Text::new(
                    format!(
                        "{} 是按“{}”评分的，与 --rubric 不同；结论沿用原评分，称号、名额与覆盖率目标取自 --rubric",
                        r.display(),
                        res.rubric.name
                    ),
                    format!(
                        "{} was scored with \"{}\", not the --rubric given; its verdicts stand, titles, quotas and the target come from --rubric",
                        r.display(),
                        res.rubric.name
                    ),
                )),
            });
        }
        cards.extend(res.results);
    }
    // The office's lists first, so a mistake in one is reported before
    // any time goes into scoring.
    let (register, roster, events) = office_lists(args, q, lang, &mut notes)?;

    let pb = progress(workbooks.len(), lang);
    let scorer = crate::worker::Scorer::new(&rubric, as_of);
    let scored: Vec<Scorecard> = pool.install(|| {
        workbooks
            .par_iter()
            .map(|f| {
                let c = scorer.card(f, &limits);
                pb.inc(1);
                c
            })
            .collect()
    });
    pb.finish_and_clear();
    let unassessable = scored
        .iter()
        .filter(|c| c.verdict == Verdict::Unassessable)
        .count();
    cards.extend(scored);

    let list = awards::decide(&Inputs {
        quarter: q,
        spec: rubric.spec.awards.clone(),
        applications: cards.iter().map(Application::from_card).collect(),
        register,
        roster,
        events,
        notes,
    });

    write_atomic(&out, &render::render_xlsx(&list, lang)?)
        .map_err(|e| wuyi_report::output::explain(e, &out, lang))?;
    write_atomic(&csv_out, &render::render_csv(&list, lang)?)
        .map_err(|e| wuyi_report::output::explain(e, &csv_out, lang))?;

    print!("{}", render::render_summary(&list, lang));
    for n in list.notes.iter().take(PRINTED_NOTES) {
        eprintln!(
            "{}{}",
            lang.pick("请核对：", "check: "),
            wuyi_report::catalogue::awards::why(&n.text, lang)
        );
    }
    if list.notes.len() > PRINTED_NOTES {
        match lang {
            Lang::Zh => eprintln!("……共 {} 条，见“核对事项”表", list.notes.len()),
            Lang::En => eprintln!("... {} in all, see the Checks sheet", list.notes.len()),
        }
    }
    let inside_input = src
        .folders
        .iter()
        .any(|d| wuyi_core::input::is_within(&out, d));
    if inside_input && !looks_like_award_list(&out) {
        eprintln!(
            "{}",
            lang.pick(
                "注意：名单保存在输入文件夹中，下次读取该文件夹时会被当作台账；建议保存到文件夹之外，或使用默认文件名（以“-无疫名单.xlsx”结尾的文件会被跳过）",
                "note: the list is saved in an input folder and would be read as a ledger next time; save it elsewhere, or keep the default name (files ending in -award-list.xlsx are skipped)",
            )
        );
    }
    println!(
        "{}{}{}{}",
        lang.pick("已保存 ", "written: "),
        out.display(),
        lang.pick(" 及 ", " and "),
        csv_out.display()
    );
    Ok(if unassessable > 0 {
        Outcome::InputErrors
    } else {
        Outcome::Success
    })
}

/// The office's lists the command was given: last quarter's register, the
/// roster and the events log, with what reading them found added to
/// `notes`.
#[allow(clippy::type_complexity)]
fn office_lists(
    args: &AwardsArgs,
    q: Quarter,
    lang: Lang,
    notes: &mut Vec<Note>,
) -> Result<(Option<Register>, Option<Vec<RosterEntry>>, Vec<Event>)> {
    let register = match &args.register {
        Some(p) => {
            let (reg, warnings) = register::read(p).map_err(|e| {
                err(
                    Text::new(
                        format!("--register {}：{}", p.display(), list_problem(&e, Lang::Zh)),
                        format!("--register {}: {}", p.display(), list_problem(&e, Lang::En)),
                    ),
                    lang,
                )
            })?;
            if let Some(n) = awards::check_register_quarter(reg.quarter, q)
                .map_err(|e| anyhow!("{}", list_problem(&e, lang)))?
            {
                notes.push(Note {
                    topic: Topic::Register,
                    text: Why::List(n),
                });
            }
            notes.extend(warnings.into_iter().map(|text| Note {
                topic: Topic::Register,
                text: Why::List(text),
            }));
            Some(reg)
        }
        None => None,
    };
    let roster = match &args.roster {
        Some(p) => {
            let (r, warnings) = awards::roster::read(p).map_err(|e| {
                err(
                    Text::new(
                        format!("--roster {}：{}", p.display(), list_problem(&e, Lang::Zh)),
                        format!("--roster {}: {}", p.display(), list_problem(&e, Lang::En)),
                    ),
                    lang,
                )
            })?;
            notes.extend(warnings.into_iter().map(|text| Note {
                topic: Topic::Roster,
                text: Why::List(text),
            }));
            Some(r)
        }
        None => None,
    };
    let events = match &args.events {
        Some(p) => {
            let (e, warnings) = awards::events::read(p).map_err(|e| {
                err(
                    Text::new(
                        format!("--events {}：{}", p.display(), list_problem(&e, Lang::Zh)),
                        format!("--events {}: {}", p.display(), list_problem(&e, Lang::En)),
                    ),
                    lang,
                )
            })?;
            notes.extend(warnings.into_iter().map(|text| Note {
                topic: Topic::Events,
                text: Why::List(text),
            }));
            e
        }
        None => Vec::new(),
    };
    Ok((register, roster, events))
}

/// The workbooks to score: those found in folders, less the office's own
/// lists (named as `--register`, `--roster`, `--events`, or award lists by
/// their default names), each of which is noted.
fn ledgers_only(
    workbooks: &[PathBuf],
    side_inputs: &[&Path],
    notes: &mut Vec<Note>,
) -> Vec<PathBuf> {
    let mut skipped = Vec::new();
    let workbooks: Vec<PathBuf> = workbooks
        .iter()
        .filter(|w| {
            let skip = side_inputs
                .iter()
                .any(|p| wuyi_core::input::same_file(p, w))
                || looks_like_award_list(w);
            if skip {
                skipped.push((*w).clone());
            }
            !skip
        })
        .cloned()
        .collect();
    for w in &skipped {
        notes.push(Note {
            topic: Topic::Inputs,
            text: Why::Said(Text::new(
                format!("{} 是名单、名册或事件表，不是台账，未评分", w.display()),
                format!(
                    "{} is an award list, roster or events sheet, not a ledger; not scored",
                    w.display()
                ),
            )),
        });
    }
    workbooks
}
