//! `type = "self_assessed"`: points given on the self-assessment sheet
//! (自评表), the verified score (核定得分) when there is one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Checker, MeasureKind, Measured, Yields};
use crate::ledger::Ledger;
use crate::rubric::measure::Why;
use wuyi_sheets::normalize::label_key;

/// A self_assessed measure as written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SelfAssessedSpec {
    /// The self-assessment row's id; the item's own id when not given.
    #[serde(default)]
    pub item: Option<String>,
}

/// Points given on the self-assessment sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfAssessed {
    /// The self-assessment row's id.
    pub item: String,
}

impl MeasureKind for SelfAssessed {
    type Spec = SelfAssessedSpec;
    const YIELDS: Yields = Yields::Points;

    fn compile(spec: &SelfAssessedSpec, check: &mut Checker<'_>) -> Option<Self> {
        Some(SelfAssessed {
            item: spec.item.clone().unwrap_or_else(|| check.id().to_string()),
        })
    }

    /// The row whose id matches, however its label is spaced or cased; its
    /// verified score, else its own score marked unverified.
    fn measure(&self, ledger: &Ledger, _on: NaiveDate, points: f64) -> Measured {
        let item = self.item.as_str();
        let Some(t) = ledger.self_assessment.as_ref() else {
            return Measured::absent(Why::NoSelfAssessment);
        };
        let key = label_key(item);
        let id = t.idx("item_id");
        let Some(rec) = t
            .rows
            .iter()
            .find(|r| t.text(r, id).is_some_and(|x| label_key(x) == key))
        else {
            return Measured::absent(Why::NoSelfItem {
                sheet: t.sheet.clone(),
                item: item.to_string(),
            });
        };
        let verified = t.num(rec, t.idx("verified_score"));
        let own = t.num(rec, t.idx("self_score"));
        let (direct, unverified) = match (verified, own) {
            (Some(v), _) => (v, false),
            (None, Some(s)) => (s, true),
            (None, None) => {
                return Measured::unavailable(Why::NoSelfScore {
                    sheet: t.sheet.clone(),
                    item: item.to_string(),
                    cell: t.location(rec, t.idx("self_score")),
                });
            }
        };
        let column = if verified.is_some() {
            "verified_score"
        } else {
            "self_score"
        };
        let why = Why::SelfAssessed {
            score: direct,
            verified: !unverified,
            max: points,
        };
        let cells = vec![t.location(rec, t.idx(column))];
        Measured {
            direct: Some(direct.min(points)),
            unverified,
            ..Measured::new(None, 0, 1, cells, why)
        }
    }
}
