//! The county's goal over many reports (§2.1) for Python: answers a host holds, filed and
//! summed up by the engine as `zonescore summary` files and sums up files.

use crate::answer::AnswerCore;
use crate::convert::{pair, Pair};
use crate::RulesetCore;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use zonescore::input::pointer_to_dotted;
use zonescore::model::Text;
use zonescore::{bundled, GoalMembers, Ruleset};

/// What [`goal_summary`] gives: the canonical JSON, the verdict, the period note, the
/// places in the answers given of the counted reports and of the skipped answers, and the
/// dotted paths of the fields that name a zone.
type Summed = (String, Pair, Option<Pair>, Vec<usize>, Vec<usize>, Vec<String>);

static GOAL_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Sums up `answers` (each named by its `sources` item) against the goal of `ruleset` (the
/// default bundled ruleset when `None`). Returns the canonical JSON `zonescore summary
/// --format json` prints for the same answers and names (without its final newline), the
/// verdict and the note on years outside the rules' period, each `(zh, en)`, and where in
/// `answers` the counted reports and the skipped answers are, in the engine's order, and the
/// ruleset's subject fields as dotted paths. Raises
/// `GoalError` when the ruleset sets no goal or no answer is the ruleset's.
#[pyfunction]
#[pyo3(signature = (answers, sources, ruleset = None))]
pub(crate) fn goal_summary(
    py: Python<'_>,
    answers: Vec<PyRef<'_, AnswerCore>>,
    sources: Vec<String>,
    ruleset: Option<&RulesetCore>,
) -> PyResult<Summed> {
    let default;
    let ruleset = match ruleset {
        Some(core) => &core.inner,
        None => {
            default = Ruleset::bundled(bundled::DEFAULT).map_err(|e| crate::ruleset_error(py, &e))?;
            &default
        }
    };
    let mut members = GoalMembers::default();
    let (mut counted, mut skipped) = (Vec::new(), Vec::new());
    for (at, (answer, source)) in answers.iter().zip(sources).enumerate() {
        members.add_answer(ruleset, source, answer.answer());
        // Each answer is either counted or skipped: the list that grew says which.
        if members.reports.len() > counted.len() {
            counted.push(at);
        } else {
            skipped.push(at);
        }
    }
    let summary = members.summary(ruleset).map_err(|refusal| {
        // Why each answer counts for nothing, with where it is among those given.
        let why: Vec<SkippedAt> = (skipped.iter().zip(&members.skipped))
            .map(|(at, k)| {
                (*at, k.source.clone(), k.code.clone(), k.path.clone(), k.message.zh.clone(), k.message.en.clone())
            })
            .collect();
        goal_error(py, refusal.code(), refusal.message(), why)
    })?;
    let (verdict, note) = (pair(summary.verdict()), summary.period_note().map(pair));
    let fields = ruleset.subject_paths().into_iter().map(pointer_to_dotted).collect();
    Ok((members.summary_json(&summary), verdict, note, counted, skipped, fields))
}

/// A skipped answer: its position among those given, source, code, path, and why (zh, en).
type SkippedAt = (usize, String, String, String, String, String);

/// Python's `GoalError` with its code, the engine's words, and the answers skipped.
fn goal_error(py: Python<'_>, code: &str, why: &Text, skipped: Vec<SkippedAt>) -> PyErr {
    let raised = || -> PyResult<PyErr> {
        let class = GOAL_ERROR.import(py, "zonescore._errors", "GoalError")?;
        Ok(PyErr::from_value(class.call1((code, &why.zh, &why.en, skipped))?))
    };
    raised().unwrap_or_else(|e| e)
}
