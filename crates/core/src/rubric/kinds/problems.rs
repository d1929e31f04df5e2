//! `type = "problems"`: the data errors (warnings) found in the ledgers,
//! counted, for "N points off per finding" (每处扣N分).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Checker, MeasureKind, Measured, Yields};
use crate::ledger::Ledger;
use crate::problem::{Problem, ProblemKind, Severity};
use crate::rubric::IssueKind;
use crate::rubric::measure::{MAX_CELLS, Why};

/// A problems measure as written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProblemsSpec {
    /// The problem codes counted; every warning when empty.
    #[serde(default)]
    pub codes: Vec<String>,
}

/// Warnings of the given codes (all, when empty), counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Problems {
    /// The problem codes counted.
    pub codes: Vec<String>,
}

impl MeasureKind for Problems {
    type Spec = ProblemsSpec;
    const YIELDS: Yields = Yields::Count;

    fn compile(spec: &ProblemsSpec, check: &mut Checker<'_>) -> Option<Self> {
        for c in &spec.codes {
            if !ProblemKind::is_code(c) {
                check.push(IssueKind::ProblemCode { code: c.clone() });
            }
        }
        Some(Problems {
            codes: spec.codes.clone(),
        })
    }

    fn measure(&self, ledger: &Ledger, _on: NaiveDate, _points: f64) -> Measured {
        let codes = &self.codes;
        let found: Vec<&Problem> = ledger
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
            .filter(|p| codes.is_empty() || codes.iter().any(|c| c == p.code()))
            .collect();
        let cells: Vec<String> = found.iter().take(MAX_CELLS).map(|p| p.location()).collect();
        let n = found.len();
        Measured::new(None, n, n, cells, Why::Problems { found: n })
    }
}
