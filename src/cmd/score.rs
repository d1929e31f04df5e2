//! `wuyi score`: score every workbook against a rubric and write the
//! reports.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;
use rayon::prelude::*;

use super::{Outcome, inputs, load_rubric, parse_date_arg, progress, refuse_output_among_inputs};
use crate::cli::{ContractArgs, ReadArgs, ReportArgs};
use wuyi_core::input::REPORT_MARKER;
use wuyi_core::score::Verdict;
use wuyi_report::catalogue::inspection::Words;
use wuyi_report::i18n::Lang;
use wuyi_report::inspection::NoteRecord;
use wuyi_report::output::{self, Staged};
use wuyi_report::score::{self, Cards, Line, RunInfo};
use wuyi_report::spill::SpillWriter;
use wuyi_report::{write_atomic, write_atomic_with};

#[derive(Debug, Args)]
#[command(
    after_help = "示例 / Examples:\n  wuyi score examples/收件箱/\n  wuyi score 收件箱/ --out 2022Q1评分 --feedback\n  wuyi score 收件箱/ --rubric 本县评分标准.toml --as-of 2022-03-31\n  wuyi score 收件箱/幸福里小区.xlsx --out 2022Q1评分 --update"
)]
pub struct ScoreArgs {
    /// 台账文件或文件夹
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub paths: Vec<PathBuf>,

    /// 评分标准文件（默认使用内置标准）/ rubric file (the built-in one by default)
    #[arg(long, value_name = "FILE.toml")]
    pub rubric: Option<PathBuf>,

    #[command(flatten)]
    pub county: ContractArgs,

    /// 统一的评估日期，覆盖各台账的“评估日期” / one assessment date for the whole batch
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// 报告文件夹（默认新建“评分结果-时间”）/ report folder (default: a new folder named after the run)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub report: ReportArgs,

    /// 明查暗访核查记录：核定得分覆盖申报的得分 / inspection results whose verified scores override the submissions'
    #[arg(long, value_name = "FILE")]
    pub inspections: Option<PathBuf>,

    /// 只重新评分给出的文件，更新 --out 中已有的报告 / re-score only these files in the existing report named by --out
    #[arg(long, requires = "out")]
    pub update: bool,

    /// Print how long reading and writing took, to standard error (for the benchmark).
    #[arg(long, hide = true)]
    pub timings: bool,

    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn run(args: &ScoreArgs, lang: Lang) -> Result<Outcome> {
    let mut rubric = load_rubric(args.rubric.as_deref(), lang)?;
    rubric.add_aliases(super::load_contract(args.county.contract.as_deref(), lang)?);
    let as_of = args
        .as_of
        .as_deref()
        .map(|s| parse_date_arg(s, lang))
        .transpose()?;
    let files = inputs(&args.paths, lang)?;
    if args.update {
        return super::update::run(args, &rubric, as_of, &files, lang);
    }
    let out = output_dir(args.out.as_deref(), args.report.force, lang)?;
    refuse_output_among_inputs(&out, &files, lang)?;
    // Held from here until the report is in place: a second run writing
    // the same folder refuses, and the report is written beside the
    // folder and moved in whole.
    let staged = Staged::folder(&out, lang)?;
    let limits = args.read.limits.limits();
    let list = read_inspections(
        args.inspections.as_deref(),
        &wuyi_core::inspection::rubric_items(&rubric),
        lang,
    )?;
    let applier = list
        .as_ref()
        .map(|l| wuyi_core::inspection::Applier::new(l, &Words));
    let pool = args.read.pool()?;
    let pb = progress(files.len(), lang);
    let started = std::time::Instant::now();
    // Each scorecard goes to disk as soon as it is made, so memory stays
    // flat however many files there are.
    let spill = SpillWriter::new().map_err(|e| output::explain_temp(e, lang))?;
    let scorer = crate::worker::Scorer::new(&rubric, as_of);
    pool.install(|| {
        files.par_iter().try_for_each(|f| {
            let mut card = scorer.card(f, &limits);
            if let Some(a) = &applier {
                a.apply(&mut card);
            }
            pb.inc(1);
            spill.push(card)
        })
    })
    .map_err(|e| output::explain_temp(e, lang))?;
    pb.finish_and_clear();
    let spill = spill.finish().map_err(|e| output::explain_temp(e, lang))?;
    let mut info = RunInfo::new(&rubric, as_of);
    if let (Some(list), Some(a)) = (&list, applier) {
        info.inspections = vec![list.source.clone()];
        info.inspection_notes = NoteRecord::all(&a.finish());
    }

    let scored = started.elapsed();
    print_table(&spill, lang).map_err(|e| output::explain_temp(e, lang))?;
    print_inspection_notes(&info, lang);
    let writing = std::time::Instant::now();
    write_report_folder(&info, &spill, staged, args.report.feedback, lang)?;
    if args.timings {
        eprintln!(
            "timings: read+score {:.3} s, write reports {:.3} s",
            scored.as_secs_f64(),
            writing.elapsed().as_secs_f64()
        );
    }
    println!(
        "{}{}",
        lang.pick("报告已保存到 ", "reports written to "),
        out.display()
    );

    Ok(if spill.overview()?.count(Verdict::Unassessable) > 0 {
        Outcome::InputErrors
    } else {
        Outcome::Success
    })
}

/// Reads `--inspections`, refusing a list that cannot be read at all.
pub fn read_inspections(
    path: Option<&Path>,
    rubric_items: &[(String, f64)],
    lang: Lang,
) -> Result<Option<wuyi_core::inspection::InspectionList>> {
    let Some(path) = path else {
        return Ok(None);
    };
    if !path.is_file() {
        match lang {
            Lang::Zh => bail!("找不到核查记录 {}", path.display()),
            Lang::En => bail!("the inspection list {} does not exist", path.display()),
        }
    }
    match wuyi_core::inspection::read(path, rubric_items) {
        Ok(list) => Ok(Some(list)),
        Err(e) => match lang {
            Lang::Zh => bail!(
                "核查记录 {}：{}",
                path.display(),
                wuyi_report::catalogue::awards::list_problem(&e, lang)
            ),
            Lang::En => bail!(
                "inspection list {}: {}",
                path.display(),
                wuyi_report::catalogue::awards::list_problem(&e, lang)
            ),
        },
    }
}

/// The inspection lines on the terminal: how many rows were applied, and
/// every row to check.
pub fn print_inspection_notes(info: &RunInfo, lang: Lang) {
    if !info.inspected() {
        return;
    }
    let notes = &info.inspection_notes;
    let sources = info.inspections.join(lang.pick("、", ", "));
    match (lang, notes.is_empty()) {
        (Lang::Zh, true) => println!("核查记录 {sources}：各行均已使用"),
        (Lang::En, true) => println!("inspection list {sources}: every row used"),
        (Lang::Zh, false) => println!(
            "核查记录 {sources}：{} 处需核对（见评分汇总“核对事项”表）",
            notes.len()
        ),
        (Lang::En, false) => println!(
            "inspection list {sources}: {} to check (see the \"To check\" sheet)",
            notes.len()
        ),
    }
    const SHOWN: usize = 20;
    for n in notes.iter().take(SHOWN) {
        println!(
            "  {} {}",
            wuyi_report::text::sanitize(&n.location),
            wuyi_report::text::sanitize(n.message(lang))
        );
    }
    if notes.len() > SHOWN {
        match lang {
            Lang::Zh => println!("  …… 另有 {} 处", notes.len() - SHOWN),
            Lang::En => println!("  … and {} more", notes.len() - SHOWN),
        }
    }
}

/// The report file names, which depend on the language.
pub fn summary_name(lang: Lang) -> &'static str {
    lang.pick("评分汇总.xlsx", "scores.xlsx")
}

/// Everything a report folder may hold, in either language: what a new
/// report replaces in an old one.
pub fn report_names() -> Vec<&'static str> {
    let mut names = vec![REPORT_MARKER, "results.json", "results.csv"];
    for lang in [Lang::Zh, Lang::En] {
        names.push(summary_name(lang));
        names.push(lang.pick("反馈", "feedback"));
    }
    names
}

/// Writes a whole report into `staged` and puts it in place of its target:
/// the way every command that writes a report folder writes it.
pub fn write_report_folder(
    info: &RunInfo,
    cards: &dyn Cards,
    staged: Staged,
    feedback: bool,
    lang: Lang,
) -> Result<()> {
    write_reports(info, cards, staged.path(), feedback, lang)
        .map_err(|e| output::explain(e, staged.target(), lang))?;
    staged.commit(&report_names())
}

pub fn write_reports(
    info: &RunInfo,
    cards: &dyn Cards,
    out: &Path,
    feedback: bool,
    lang: Lang,
) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    write_atomic(
        &out.join(REPORT_MARKER),
        b"wuyi report folder: not read as input\n",
    )?;
    write_atomic_with(&out.join(summary_name(lang)), |w| {
        score::write_xlsx(info, cards, w, lang)
    })?;
    write_atomic_with(&out.join("results.json"), |w| {
        score::write_json(info, cards, w)
    })?;
    write_atomic_with(&out.join("results.csv"), |w| {
        score::write_csv(info, cards, w, lang)
    })?;
    if feedback {
        let dir = out.join(lang.pick("反馈", "feedback"));
        let mut used = HashSet::new();
        cards.each(&mut |c| {
            let name = score::feedback_file_name(c, lang, &mut used);
            write_atomic(&dir.join(name), &score::render_feedback(c, info, lang)?)
        })?;
    }
    Ok(())
}

/// The folder to write to. A named folder that already holds reports is
/// not overwritten without `--force`; with no name, a new folder named after
/// the run is made beside the current directory's other files.
pub(super) fn output_dir(out: Option<&Path>, force: bool, lang: Lang) -> Result<PathBuf> {
    if let Some(dir) = out {
        wuyi_report::names::check_output_name(dir, lang)?;
        let has_reports = [
            "results.json",
            summary_name(Lang::Zh),
            summary_name(Lang::En),
        ]
        .iter()
        .any(|n| dir.join(n).exists());
        if dir.exists() && !dir.is_dir() {
            match lang {
                Lang::Zh => bail!("{} 是一个文件，--out 需要一个文件夹", dir.display()),
                Lang::En => bail!("{} is a file; --out needs a folder", dir.display()),
            }
        }
        if has_reports && !force {
            match lang {
                Lang::Zh => bail!("{} 中已有评分报告；如需覆盖请加 --force", dir.display()),
                Lang::En => bail!(
                    "{} already holds reports; add --force to overwrite them",
                    dir.display()
                ),
            }
        }
        return Ok(dir.to_path_buf());
    }
    Ok(new_report_dir(Path::new(""), lang))
}

/// A new folder in `parent` named after the run (评分结果-20220331-142501),
/// with a number added when one of that name is there already.
pub fn new_report_dir(parent: &Path, lang: Lang) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let base = format!("{}-{stamp}", lang.pick("评分结果", "scores"));
    let mut dir = parent.join(&base);
    let mut n = 2;
    while dir.exists() {
        dir = parent.join(format!("{base}-{n}"));
        n += 1;
    }
    dir
}

/// The colour of an application's row in the terminal table: 达标 green,
/// 未达标 yellow, 一票否决 and 无法评分 red.
fn verdict_style(v: Verdict) -> anstyle::Style {
    let colour = match v {
        Verdict::Passed => anstyle::AnsiColor::Green,
        Verdict::Failed => anstyle::AnsiColor::Yellow,
        Verdict::Vetoed | Verdict::Unassessable => anstyle::AnsiColor::Red,
    };
    anstyle::Style::new().fg_color(Some(colour.into()))
}

/// Prints the table with each application's row in its verdict's colour,
/// a line at a time as it is read from the cards. Colour goes only to a
/// terminal, and never when `NO_COLOR` is set.
fn print_table(cards: &dyn Cards, lang: Lang) -> Result<()> {
    score::write_table(
        cards,
        lang,
        wuyi_report::text::terminal_width(),
        &mut |line| {
            match line {
                Line::Row(text, verdict) => {
                    let style = verdict_style(verdict);
                    anstream::println!("{style}{text}{style:#}");
                }
                Line::Plain(text) => anstream::println!("{text}"),
            }
            Ok(())
        },
    )
}
