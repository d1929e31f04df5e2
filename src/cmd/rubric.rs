//! `wuyi rubric check` and `wuyi rubric show`.

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;

use super::{Outcome, load_rubric};
use wuyi_core::rubric::{Rubric, Scoring};
use wuyi_report::catalogue::Named;
use wuyi_report::i18n::Lang;
use wuyi_report::text;

#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// 检查评分标准文件 / validate a rubric file
    #[command(after_help = "示例 / Examples:\n  wuyi rubric check rubrics/default.toml")]
    Check {
        #[arg(value_name = "FILE.toml")]
        file: PathBuf,
    },
    /// 列出评分项 / print the table of items
    #[command(
        after_help = "示例 / Examples:\n  wuyi rubric show\n  wuyi rubric show 本县评分标准.toml"
    )]
    Show {
        #[arg(value_name = "FILE.toml")]
        file: Option<PathBuf>,
    },
}

pub fn run(cmd: &RubricCommand, lang: Lang) -> Result<Outcome> {
    match cmd {
        RubricCommand::Check { file } => match Rubric::load(file) {
            Ok(r) => {
                let (f, name, version) = (file.display(), &r.spec.name, &r.spec.version);
                let (n, days) = (r.items.len(), r.gate.window_days);
                let (total, pass) = (fmt(r.spec.total), fmt(r.spec.pass_score));
                match lang {
                    Lang::Zh => println!(
                        "✔ {f}：{name}（版本 {version}），{n} 项，总分 {total}，及格线 {pass}，零病例窗口 {days} 天"
                    ),
                    Lang::En => println!(
                        "✔ {f}: {name} (version {version}), {n} items, total {total}, pass line {pass}, zero-case window {days} days"
                    ),
                }
                Ok(Outcome::Success)
            }
            Err(e) => {
                println!(
                    "✘ {}",
                    wuyi_report::catalogue::rubric::rubric_error(&e, lang)
                );
                Ok(Outcome::InputErrors)
            }
        },
        RubricCommand::Show { file } => {
            let r = load_rubric(file.as_deref(), lang)?;
            print!("{}", show(&r, lang));
            Ok(Outcome::Success)
        }
    }
}

fn fmt(x: f64) -> String {
    wuyi_sheets::format_number(x)
}

/// How an item is measured and scored, in a phrase.
pub fn describe(item: &wuyi_core::rubric::Item, lang: Lang) -> String {
    let m = wuyi_report::catalogue::measure::describe(&item.measure, lang);
    let s = match (&item.scoring, lang) {
        (_, _) if item.is_self_assessed() => String::new(),
        (Scoring::Linear, Lang::Zh) => "按比例得分".into(),
        (Scoring::Linear, Lang::En) => "points × share".into(),
        (Scoring::Threshold { at }, Lang::Zh) => format!("达到 {:.0}% 得满分", at * 100.0),
        (Scoring::Threshold { at }, Lang::En) => format!("all points at {:.0}%", at * 100.0),
        (Scoring::Steps { steps }, Lang::Zh) => steps
            .iter()
            .map(|(a, p)| format!("≥{:.0}% 得 {}", a * 100.0, fmt(*p)))
            .collect::<Vec<_>>()
            .join("，"),
        (Scoring::Steps { steps }, Lang::En) => steps
            .iter()
            .map(|(a, p)| format!("≥{:.0}%: {}", a * 100.0, fmt(*p)))
            .collect::<Vec<_>>()
            .join(", "),
        (Scoring::Deduct { per }, Lang::Zh) => format!("每处扣 {} 分，扣完为止", fmt(*per)),
        (Scoring::Deduct { per }, Lang::En) => format!("{} off per finding, down to 0", fmt(*per)),
    };
    if s.is_empty() {
        m
    } else {
        format!("{m}；{s}").replace("；", lang.pick("；", "; "))
    }
}

pub fn show(r: &Rubric, lang: Lang) -> String {
    let (name, version) = (&r.spec.name, &r.spec.version);
    let (total, pass, days) = (
        fmt(r.spec.total),
        fmt(r.spec.pass_score),
        r.gate.window_days,
    );
    let categories = r.gate.windows.keys().map(|c| c.name(lang));
    let categories = categories.collect::<Vec<_>>().join(lang.pick("、", ", "));
    let contacts = r.gate.household_contacts;
    let mut out = match lang {
        Lang::Zh => {
            let or = if contacts {
                "，或一户一档中登记有密接、次密接"
            } else {
                ""
            };
            format!(
                "{name}（版本 {version}）  总分 {total}，及格线 {pass}\n一票否决：评估日前 {days} 天内（含评估日）有 {categories} 记录{or}\n\n"
            )
        }
        Lang::En => {
            let or = if contacts {
                ", or a household recording close or secondary contacts"
            } else {
                ""
            };
            format!(
                "{name} (version {version})  total {total}, pass line {pass}\nVeto: any {categories} entry within the {days} days up to the assessment date{or}\n\n"
            )
        }
    };
    let headers = [
        lang.pick("编号", "id"),
        lang.pick("部分", "section"),
        lang.pick("项目", "item"),
        lang.pick("分值", "points"),
        lang.pick("计分方法", "how it is measured"),
    ];
    let rows: Vec<Vec<String>> = r
        .items
        .iter()
        .map(|i| {
            vec![
                i.id.clone(),
                i.section
                    .as_deref()
                    .and_then(|s| r.section_name(s))
                    .unwrap_or("")
                    .to_string(),
                i.name.clone(),
                fmt(i.points),
                describe(i, lang),
            ]
        })
        .collect();
    out.push_str(&text::render(&headers, &rows, &[3]));
    out
}
