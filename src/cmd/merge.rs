//! `wuyi merge`: combine the towns' `score` reports into the county's.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::Args;

use super::score::{output_dir, print_inspection_notes, read_inspections, write_report_folder};
use super::{Outcome, refuse_output_among_inputs};
use crate::cli::ReportArgs;
use wuyi_report::catalogue::awards::TextIn;
use wuyi_report::catalogue::inspection::Words;
use wuyi_report::i18n::Lang;
use wuyi_report::inspection::NoteRecord;
use wuyi_report::merge::{Source, combine};
use wuyi_report::score;

#[derive(Debug, Args)]
#[command(
    after_help = "示例 / Examples:\n  wuyi merge 东关街道评分/ 西城街道评分/ --out 城关区评分\n  wuyi merge */评分结果/results.json --out 全县评分 --feedback\n  wuyi merge 东关街道评分/ 西城街道评分/ --out 城关区评分 --inspections 核查记录.xlsx"
)]
pub struct MergeArgs {
    /// wuyi score 的报告文件夹或其 results.json / report folders of wuyi score, or their results.json
    #[arg(required = true, value_name = "REPORT_DIR")]
    pub reports: Vec<PathBuf>,

    /// 合并后的报告文件夹 / folder for the merged report
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    #[command(flatten)]
    pub report: ReportArgs,

    /// 明查暗访核查记录：核定得分覆盖合并后各申报的得分 / inspection results applied to the merged report
    #[arg(long, value_name = "FILE")]
    pub inspections: Option<PathBuf>,
}

/// The results.json of a report folder, or the file itself.
pub fn results_path(p: &Path, lang: Lang) -> Result<PathBuf> {
    if p.is_file() {
        return Ok(p.to_path_buf());
    }
    let r = p.join("results.json");
    if p.is_dir() && r.is_file() {
        return Ok(r);
    }
    match (lang, p.exists()) {
        (Lang::Zh, false) => bail!("找不到 {}", p.display()),
        (Lang::En, false) => bail!("{} does not exist", p.display()),
        (Lang::Zh, true) => bail!(
            "{} 不是评分报告文件夹（其中没有 wuyi score 生成的 results.json）",
            p.display()
        ),
        (Lang::En, true) => bail!(
            "{} is not a report folder (it has no results.json written by wuyi score)",
            p.display()
        ),
    }
}

/// How a report is cited in messages: its folder's name, or the file's
/// path when a results.json was named directly.
fn label(p: &Path) -> String {
    let shown = if p.is_dir() {
        p.file_name().map(|n| n.to_string_lossy().into_owned())
    } else {
        None
    };
    wuyi_report::text::sanitize(&shown.unwrap_or_else(|| p.display().to_string()))
}

/// Runs `wuyi merge`: combines report folders into one report.
pub fn run(args: &MergeArgs, lang: Lang) -> Result<Outcome> {
    let mut sources = Vec::new();
    let mut read_from = Vec::new();
    for p in &args.reports {
        let path = results_path(p, lang)?;
        let results = super::awards::read_results(&path, lang)?;
        let mut label = label(p);
        // Two folders of one name (东关街道/2022Q1, 西城街道/2022Q1) are told
        // apart by their paths.
        if sources.iter().any(|s: &Source| s.label == label) {
            label = wuyi_report::text::sanitize(&p.display().to_string());
        }
        sources.push(Source { label, results });
        read_from.push(if p.is_dir() { p.clone() } else { path.clone() });
    }
    let out = output_dir(Some(&args.out), args.report.force, lang)?;
    refuse_output_among_inputs(&out, &read_from, lang)?;
    // Held until the merged report is in place; written beside it first.
    let staged = wuyi_report::output::Staged::folder(&out, lang)?;
    let mut merged = combine(sources).map_err(|e| anyhow::anyhow!(e.get(lang).to_string()))?;
    if args.inspections.is_some() {
        // The rubric's items as the scorecards carry them.
        let items: Vec<(String, f64)> = merged
            .cards
            .iter()
            .find(|c| !c.items.is_empty())
            .map(|c| c.items.iter().map(|i| (i.id.clone(), i.points)).collect())
            .unwrap_or_default();
        if let Some(list) = read_inspections(args.inspections.as_deref(), &items, lang)? {
            let applier = wuyi_core::inspection::Applier::new(&list, &Words);
            for c in merged.cards.iter_mut() {
                applier.apply(c);
            }
            if !merged.info.inspections.contains(&list.source) {
                merged.info.inspections.push(list.source.clone());
            }
            merged
                .info
                .inspection_notes
                .extend(NoteRecord::all(&applier.finish()));
        }
    }

    print!("{}", score::render_table(&merged.cards, lang)?);
    for w in &merged.warnings {
        println!("{}{}", lang.pick("注意：", "note: "), w.get(lang));
    }
    match (lang, merged.duplicates.len()) {
        (_, 0) => {}
        (Lang::Zh, n) => println!("{n} 个文件在多份报告中都有评分："),
        (Lang::En, n) => println!("{n} files were scored in more than one report:"),
    }
    for d in &merged.duplicates {
        println!("  {}", wuyi_report::text::sanitize(d.get(lang)));
    }
    print_inspection_notes(&merged.info, lang);
    write_report_folder(
        &merged.info,
        &merged.cards,
        staged,
        args.report.feedback,
        lang,
    )?;
    match lang {
        Lang::Zh => println!(
            "已合并 {} 份报告，共 {} 个文件；报告已保存到 {}",
            args.reports.len(),
            merged.cards.len(),
            out.display()
        ),
        Lang::En => println!(
            "merged {} reports, {} files; reports written to {}",
            args.reports.len(),
            merged.cards.len(),
            out.display()
        ),
    }
    Ok(Outcome::of_cards(&merged.cards))
}
