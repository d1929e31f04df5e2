//! `wuyi score FILE… --out REPORT --update`: re-score some files of an
//! existing report, keep the other rows, rebuild the report and only the
//! feedback workbooks the change touches.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use rayon::prelude::*;

use super::score::ScoreArgs;
use super::score::{
    print_inspection_notes, read_inspections, report_names, summary_name, write_reports,
};
use super::{Outcome, progress, refuse_output_among_inputs};
use wuyi_core::rubric::Rubric;
use wuyi_report::catalogue::awards::TextIn;
use wuyi_report::catalogue::inspection::Words;
use wuyi_report::i18n::Lang;
use wuyi_report::inspection::NoteRecord;
use wuyi_report::output::{self, Staged};
use wuyi_report::score::{self, Results};
use wuyi_report::update::{feedback_names, feedback_to_write, names_before, replace};
use wuyi_report::write_atomic;

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
    let place = out.display();
    if old.rubric.sha256 != rubric.sha256 {
        let (was, was_v, was_sha) = (
            &old.rubric.name,
            &old.rubric.version,
            short(&old.rubric.sha256),
        );
        let (now, now_v, now_sha) = (
            &rubric.spec.name,
            &rubric.spec.version,
            short(&rubric.sha256),
        );
        match lang {
            Lang::Zh => bail!(
                "{place} 的报告是用另一评分标准评的（“{was} {was_v}”，SHA-256 {was_sha}…），本次为“{now} {now_v}”（SHA-256 {now_sha}…）；请用原评分标准（--rubric），或不加 --update 重新评分全部文件"
            ),
            Lang::En => bail!(
                "the report in {place} was scored with another rubric (\"{was} {was_v}\", SHA-256 {was_sha}…) than this run's (\"{now} {now_v}\", SHA-256 {now_sha}…); use the same rubric (--rubric), or score every file again without --update"
            ),
        }
    }
    if old.as_of != as_of {
        let (was, now) = (as_of_rule(old.as_of, lang), as_of_rule(as_of, lang));
        match lang {
            Lang::Zh => bail!(
                "{place} 的报告评估日期按{was}，本次按{now}；请用相同的 --as-of，或不加 --update 重新评分全部文件"
            ),
            Lang::En => bail!(
                "the report in {place} was assessed as of {was}, this run as of {now}; give the same --as-of, or score every file again without --update"
            ),
        }
    }
    Ok(old)
}

/// The language a report was written in, told by its summary's name.
fn report_language(out: &Path, lang: Lang) -> Lang {
    let has = |l: Lang| out.join(summary_name(l)).is_file();
    match (has(Lang::Zh), has(Lang::En)) {
        (true, false) => Lang::Zh,
        (false, true) => Lang::En,
        _ => lang,
    }
}

/// Runs `wuyi score --update`: scores the files given again and replaces
/// their results in an existing report, keeping the rest.
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
    // Locked before the old report is read, so no other run changes it
    // between reading and replacing; written beside it and moved in whole.
    let staged = Staged::folder(out, lang)?;
    let old = existing(out, rubric, as_of, lang)?;
    let list = read_inspections(
        args.inspections.as_deref(),
        &wuyi_core::inspection::rubric_items(rubric),
        lang,
    )?;
    let mut applier = list
        .as_ref()
        .map(|l| wuyi_core::inspection::Applier::new(l, &Words));
    if let Some(a) = applier.as_mut() {
        // Rows for the report's other communities are not unknown ones.
        for c in &old.results {
            a.kept(c);
        }
    }
    let limits = args.read.limits.limits();
    let pool = args.read.pool()?;
    let pb = progress(files.len(), lang);
    let scorer = crate::worker::Scorer::new(rubric, as_of);
    let new: Vec<wuyi_core::results::Scorecard> = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                let mut card = scorer.card(f, &limits);
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
        for n in NoteRecord::all(&a.finish()) {
            if !info.inspection_notes.contains(&n) {
                info.inspection_notes.push(n);
            }
        }
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
    // The report keeps the language it was written in: an update does not
    // leave half of it in one language and half in the other.
    let rl = report_language(out, lang);
    let before = names_before(&old.results, rl);
    let old_cards = old.results;
    let updated = replace(old_cards, new).map_err(|e| anyhow::anyhow!("{}", e.get(lang)))?;

    print!("{}", score::render_table(&updated.cards, lang)?);
    for c in &updated.changes {
        println!("{}", wuyi_report::text::sanitize(c.get(lang)));
    }
    print_inspection_notes(&info, lang);

    let feedback_dir = rl.pick("反馈", "feedback");
    let dir = out.join(feedback_dir);
    let with_feedback = args.report.feedback || dir.is_dir();
    write_reports(&info, &updated.cards, staged.path(), false, rl)
        .map_err(|e| output::explain(e, out, lang))?;
    let (mut written, mut removed) = (0usize, 0usize);
    if with_feedback {
        let names = feedback_names(&updated.cards, rl);
        let write = feedback_to_write(&before, &updated, rl, &|n| dir.join(n).is_file());
        let to = staged.path().join(feedback_dir);
        std::fs::create_dir_all(&to).with_context(|| format!("creating {}", to.display()))?;
        for ((c, name), w) in updated.cards.iter().zip(&names).zip(&write) {
            if *w {
                write_atomic(&to.join(name), &score::render_feedback(c, &info, rl)?)
                    .map_err(|e| output::explain(e, out, lang))?;
                written += 1;
            }
        }
        if dir.is_dir() {
            removed = carry_over(&dir, &to, &names, rl, out, lang)?;
        }
    }
    staged.commit(&report_names())?;
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
    Ok(Outcome::of_cards(&updated.cards))
}

/// Carries the feedback folder over into the staged report: the untouched
/// workbooks, and anything of the user's. Left behind: workbooks no row
/// owns any more (of replaced rows under an old name, and leftovers of
/// earlier runs); returns how many.
fn carry_over(
    dir: &Path,
    to: &Path,
    names: &[String],
    rl: Lang,
    out: &Path,
    lang: Lang,
) -> Result<usize> {
    let mut removed = 0;
    let suffix = rl.pick("-评分反馈", "-feedback");
    for e in walkdir::WalkDir::new(dir).min_depth(1).follow_links(false) {
        let e = e.with_context(|| format!("reading {}", dir.display()))?;
        let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
            continue;
        }
        let n = e.file_name().to_string_lossy().into_owned();
        let top = e.depth() == 1;
        let ours = top && n.ends_with(".xlsx") && n.contains(suffix);
        if ours && !names.contains(&n) {
            removed += 1;
            continue;
        }
        if target.exists() {
            continue;
        }
        if std::fs::hard_link(e.path(), &target).is_err() {
            std::fs::copy(e.path(), &target)
                .map_err(anyhow::Error::from)
                .map_err(|err| output::explain(err, out, lang))?;
        }
    }
    Ok(removed)
}
