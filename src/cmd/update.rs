//! `wuyi score FILE… --out REPORT --update`: re-score some files of an
//! existing report, keep the other rows, rebuild the report and only the
//! feedback workbooks the change touches.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use rayon::prelude::*;

use super::score::{print_inspection_notes, read_inspections, summary_name, write_reports};
use super::{Outcome, progress, refuse_output_among_inputs};
use crate::cli::ScoreArgs;
use crate::i18n::Lang;
use crate::report::score::{self, Brief, Results};
use crate::report::update::{feedback_names, feedback_to_write, replace};
use crate::report::write_atomic;
use crate::rubric::Rubric;
use crate::score::Verdict;

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

fn as_of_rule(d: Option<NaiveDate>, lang: Lang) -> String {
    match (d, lang) {
        (Some(d), _) => format!("--as-of {d}"),
        (None, Lang::Zh) => "各台账自填的评估日期".into(),
        (None, Lang::En) => "each ledger's own assessment date".into(),
    }
}

/// The existing report, refused when it was made with another rubric or
/// another as-of rule: rows scored two ways do not belong in one report.
fn existing(out: &Path, rubric: &Rubric, as_of: Option<NaiveDate>, lang: Lang) -> Result<Results> {
    let path = out.join("results.json");
    if !path.is_file() {
        match lang {
            Lang::Zh => bail!(
                "{} 中没有评分报告（results.json）；--update 需要一个已有的报告文件夹",
                out.display()
            ),
            Lang::En => bail!(
                "{} holds no report (results.json); --update needs an existing report folder",
                out.display()
            ),
        }
    }
    let old = super::awards::read_results(&path, lang)?;
    if old.rubric.sha256 != rubric.sha256 {
        match lang {
            Lang::Zh => bail!(
                "{} 的报告是用另一评分标准评的（“{} {}”，SHA-256 {}…），本次为“{} {}”（SHA-256 {}…）；请用原评分标准（--rubric），或不加 --update 重新评分全部文件",
                out.display(),
                old.rubric.name,
                old.rubric.version,
                short(&old.rubric.sha256),
                rubric.spec.name,
                rubric.spec.version,
                short(&rubric.sha256)
            ),
            Lang::En => bail!(
                "the report in {} was scored with another rubric (\"{} {}\", SHA-256 {}…) than this run's (\"{} {}\", SHA-256 {}…); use the same rubric (--rubric), or score every file again without --update",
                out.display(),
                old.rubric.name,
                old.rubric.version,
                short(&old.rubric.sha256),
                rubric.spec.name,
                rubric.spec.version,
                short(&rubric.sha256)
            ),
        }
    }
    if old.as_of != as_of {
        match lang {
            Lang::Zh => bail!(
                "{} 的报告评估日期按{}，本次按{}；请用相同的 --as-of，或不加 --update 重新评分全部文件",
                out.display(),
                as_of_rule(old.as_of, lang),
                as_of_rule(as_of, lang)
            ),
            Lang::En => bail!(
                "the report in {} was assessed as of {}, this run as of {}; give the same --as-of, or score every file again without --update",
                out.display(),
                as_of_rule(old.as_of, lang),
                as_of_rule(as_of, lang)
            ),
        }
    }
    Ok(old)
}

pub fn run(
    args: &ScoreArgs,
    rubric: &Rubric,
    as_of: Option<NaiveDate>,
    files: &[PathBuf],
    lang: Lang,
) -> Result<Outcome> {
    let Some(out) = args.out.as_deref() else {
        match lang {
            Lang::Zh => bail!("--update 需要用 --out 指明要更新的报告文件夹"),
            Lang::En => bail!("--update needs --out naming the report folder to update"),
        }
    };
    refuse_output_among_inputs(out, files, lang)?;
    let old = existing(out, rubric, as_of, lang)?;
    let list = read_inspections(
        args.inspections.as_deref(),
        &crate::inspection::rubric_items(rubric),
        lang,
    )?;
    let applier = list.as_ref().map(crate::inspection::Applier::new);
    let limits = args.limits.limits();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let pb = progress(files.len(), lang);
    let new: Vec<crate::score::Scorecard> = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                let mut card = crate::score::score(
                    &crate::ledger::read_guarded_with(f, &limits),
                    rubric,
                    as_of,
                );
                if let Some(a) = &applier {
                    a.apply(&mut card);
                }
                pb.inc(1);
                card
            })
            .collect()
    });
    pb.finish_and_clear();

    let mut info = old.info();
    info.tool_version = env!("CARGO_PKG_VERSION").into();
    if let (Some(list), Some(a)) = (&list, applier) {
        if !info.inspections.contains(&list.source) {
            info.inspections.push(list.source.clone());
        }
        info.inspection_notes.extend(a.finish());
    } else if info.inspected() {
        match lang {
            Lang::Zh => println!(
                "注意：原报告已应用核查记录 {}；本次重新评分的文件未应用核查结果，如需请加 --inspections",
                info.inspections.join("、")
            ),
            Lang::En => println!(
                "note: the report had inspection results applied ({}); the files scored now have none, add --inspections for them",
                info.inspections.join(", ")
            ),
        }
    }
    let old_cards = old.results;
    let updated =
        replace(old_cards.clone(), new).map_err(|e| anyhow::anyhow!("{}", e.get(lang)))?;

    let briefs: Vec<Brief> = updated.cards.iter().map(Brief::of).collect();
    print!("{}", score::render_table(&briefs, lang));
    for c in &updated.changes {
        println!("{}", crate::report::text::sanitize(c.get(lang)));
    }
    print_inspection_notes(&info, lang);

    // The other language's summary would be a stale copy.
    let other = summary_name(if lang.is_zh() { Lang::En } else { Lang::Zh });
    write_reports(&info, &updated.cards, &briefs, out, false, lang)?;
    if out.join(other).is_file() {
        std::fs::remove_file(out.join(other))
            .with_context(|| format!("removing {}", out.join(other).display()))?;
    }

    let dir = out.join(lang.pick("反馈", "feedback"));
    let (mut written, mut removed) = (0usize, 0usize);
    if args.feedback || dir.is_dir() {
        let names = feedback_names(&updated.cards, lang);
        let write = feedback_to_write(&old_cards, &updated, lang, &|n| dir.join(n).is_file());
        for ((c, name), w) in updated.cards.iter().zip(&names).zip(&write) {
            if *w {
                write_atomic(&dir.join(name), &score::render_feedback(c, &info, lang)?)?;
                written += 1;
            }
        }
        // Workbooks no row owns any more: those of replaced rows under an
        // old name, and leftovers of earlier runs.
        let suffix = lang.pick("-评分反馈", "-feedback");
        for e in std::fs::read_dir(&dir).with_context(|| format!("{}", dir.display()))? {
            let e = e?;
            let n = e.file_name().to_string_lossy().into_owned();
            let ours = n.ends_with(".xlsx") && n.contains(suffix);
            if ours && e.path().is_file() && !names.contains(&n) {
                std::fs::remove_file(e.path())
                    .with_context(|| format!("removing {}", e.path().display()))?;
                removed += 1;
            }
        }
    }
    match lang {
        Lang::Zh => println!(
            "报告已更新：{}（共 {} 行；重写反馈 {written} 份，删除过期反馈 {removed} 份）",
            out.display(),
            updated.cards.len()
        ),
        Lang::En => println!(
            "report updated: {} ({} rows; {written} feedback workbooks written, {removed} stale ones removed)",
            out.display(),
            updated.cards.len()
        ),
    }
    Ok(
        if briefs.iter().any(|b| b.verdict == Verdict::Unassessable) {
            Outcome::InputErrors
        } else {
            Outcome::Success
        },
    )
}
