//! `results.json` and `results.csv`: the run's results for other programs,
//! written card by card as they are read, never held whole.

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::columns::{inspection_cells, section_score, summary_headers};
use super::{Cards, RubricInfo, RunInfo};
use crate::catalogue::{CardText, VerdictText};
use crate::csv_safe;
use crate::i18n::Lang;
use crate::inspection::NoteRecord as Note;
use crate::schema;

/// `results.json`'s results, read from wherever the cards are as the JSON
/// is written, so the file never has to be held in memory whole.
struct LazyCards<'a>(&'a dyn Cards);

impl Serialize for LazyCards<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.0.count()))?;
        let mut failed: Option<S::Error> = None;
        let walked = self.0.each(&mut |c| match seq.serialize_element(c) {
            Ok(()) => Ok(()),
            Err(e) => {
                let text = e.to_string();
                failed = Some(e);
                Err(anyhow::anyhow!(text))
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        walked.map_err(|e| S::Error::custom(format!("{e:#}")))?;
        seq.end()
    }
}

/// Field for field the shape of [`Results`](super::Results), so either reads the other.
#[derive(Serialize)]
struct ResultsOut<'a> {
    schema_version: u32,
    tool: &'a str,
    tool_version: &'a str,
    rubric: &'a RubricInfo,
    as_of: Option<NaiveDate>,
    sections: &'a [(String, String)],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    inspections: &'a [String],
    #[serde(skip_serializing_if = "<[Note]>::is_empty")]
    inspection_notes: &'a [Note],
    results: LazyCards<'a>,
}

/// Writes `results.json` to `w`: the run's facts and every card, taken from
/// `cards` one at a time so that spilled cards never have to be in memory
/// together.
pub fn write_json(info: &RunInfo, cards: &dyn Cards, w: &mut dyn std::io::Write) -> Result<()> {
    let out = ResultsOut {
        schema_version: schema::SCHEMA_VERSION,
        tool: &info.tool,
        tool_version: &info.tool_version,
        rubric: &info.rubric,
        as_of: info.as_of,
        sections: &info.sections,
        inspections: &info.inspections,
        inspection_notes: &info.inspection_notes,
        results: LazyCards(cards),
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    w.write_all(b"\n")?;
    Ok(())
}

/// Writes `results.csv` to `w` (with a byte-order mark for Excel/WPS): one
/// row per community with its place, score, section scores, inspection
/// scores when inspected, gate, verdict, reason, file and schema version.
pub fn write_csv(
    info: &RunInfo,
    cards: &dyn Cards,
    w: &mut dyn std::io::Write,
    lang: Lang,
) -> Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut csv = csv::Writer::from_writer(w);
    let mut headers = summary_headers(info, lang);
    headers.push(lang.pick("格式版本", "schema version").to_string());
    csv.write_record(headers)?;
    let mut i = 0usize;
    cards.each_brief(&mut |c| {
        i += 1;
        let mut row: Vec<String> = vec![
            i.to_string(),
            c.district.clone().unwrap_or_default(),
            c.town.clone().unwrap_or_default(),
            c.name.clone(),
            c.kind_label(lang),
            c.assessed_on.map(|d| d.to_string()).unwrap_or_default(),
            c.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
        ];
        for (id, _) in &info.sections {
            row.push(
                section_score(c, id)
                    .map(|s| format!("{s:.1}"))
                    .unwrap_or_default(),
            );
        }
        if info.inspected() {
            let (own, verified, diff, unverified) = inspection_cells(c);
            for x in [own, verified, diff] {
                row.push(x.map(|s| format!("{s:.1}")).unwrap_or_default());
            }
            row.push(unverified);
        }
        row.push(c.gate_label(lang).to_string());
        row.push(c.gate_summary(lang).to_string());
        row.push(c.verdict.label(lang).to_string());
        row.push(c.reason(lang).to_string());
        row.push(c.file.display().to_string());
        row.push(schema::SCHEMA_VERSION.to_string());
        csv.write_record(row.iter().map(|s| csv_safe(s).into_owned()))?;
        Ok(())
    })?;
    csv.flush()?;
    Ok(())
}
