//! Rules change for Python: `diff` and `replay` of two rulesets, answered by the engine.
//!
//! Submissions are read as `score_many` (dicts, JSON text) and `score_table` (DataFrame
//! columns) read them. The engine replays trees; a submission it cannot receive as a tree
//! (JSON text that does not parse or repeats a key, Python values of no JSON shape) is
//! handed to it as a `null` tree, which no ruleset accepts, so the counts stay the
//! engine's, and its case then carries the errors the engine gives that text or the
//! binding gives those values, as `score_json` and `score_submission` report them.

use crate::answer::AnswerCore;
use crate::convert::serde_to_py;
use crate::{answer_for, read_submission, table_rows, unreadable, RulesetCore, Submission};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyType};
use zonescore::input::parse_json;
use zonescore::{FieldError, Input, Ruleset, MAX_DEPTH, MAX_SUBMISSION_BYTES};

static INVALID_SUBMISSION: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SUBMISSION_TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The canonical JSON of what differs between two rulesets, byte for byte what
/// `zonescore diff --format json` prints (without its final newline).
#[pyfunction]
pub(crate) fn diff_json(py: Python<'_>, old: &RulesetCore, new: &RulesetCore) -> String {
    let (a, b) = (&old.inner, &new.inner);
    py.detach(|| zonescore::diff_json(a, b))
}

/// What differs between two rulesets, as Python objects (the shape of [`diff_json`]).
#[pyfunction]
pub(crate) fn diff<'py>(py: Python<'py>, old: &RulesetCore, new: &RulesetCore) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = (&old.inner, &new.inner);
    let found = py.detach(|| zonescore::diff(a, b));
    serde_to_py(py, &found)
}

/// Replays submissions (dicts or JSON text, one per item) under both rulesets, and with
/// `probes` the boundary probes built on `probe_base` (default: the first submission the
/// old rules accept, else the first the new rules accept). Returns the engine's replay
/// as Python objects; cases keep the submissions' order and carry `sources` as names.
#[pyfunction]
#[pyo3(signature = (old, new, submissions, sources, probes = false, probe_base = None))]
pub(crate) fn replay<'py>(
    py: Python<'py>,
    old: &RulesetCore,
    new: &RulesetCore,
    submissions: &Bound<'py, PyAny>,
    sources: Vec<String>,
    probes: bool,
    probe_base: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut rows = Vec::new();
    for item in submissions.try_iter()? {
        rows.push(read_submission(py, &item?)?);
    }
    replay_rows(py, old, new, rows, sources, probes, probe_base)
}

/// [`replay`] of table rows given column by column, as `score_table` reads them: `names`
/// are dotted field paths, `values` one list per column, empty cells are left out.
#[pyfunction]
#[pyo3(signature = (old, new, height, names, values, missing, sources, probes = false, probe_base = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn replay_table<'py>(
    py: Python<'py>,
    old: &RulesetCore,
    new: &RulesetCore,
    height: usize,
    names: Vec<String>,
    values: Vec<Bound<'py, PyList>>,
    missing: Vec<Bound<'py, PyAny>>,
    sources: Vec<String>,
    probes: bool,
    probe_base: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let rows = table_rows(py, height, &names, &values, missing)?;
    replay_rows(py, old, new, rows, sources, probes, probe_base)
}

fn replay_rows<'py>(
    py: Python<'py>,
    old: &RulesetCore,
    new: &RulesetCore,
    rows: Vec<Submission>,
    sources: Vec<String>,
    probes: bool,
    probe_base: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    if sources.len() != rows.len() {
        return Err(PyValueError::new_err(format!(
            "one source name is needed per submission: {} names for {} submissions",
            sources.len(),
            rows.len()
        )));
    }
    let (a, b) = (&old.inner, &new.inner);
    let trees = Trees::of(rows, a, b);
    let base = match probe_base {
        Some(given) => Some(base_of(py, given, old, new)?),
        None if probes => Some(trees.first_valid(a, b).cloned().ok_or_else(|| {
            PyValueError::new_err(
                "probes need a base submission valid under either ruleset: none of the submissions is; give base=",
            )
        })?),
        None => None,
    };
    let inputs = &trees.inputs;
    let mut found = py.detach(|| zonescore::replay(a, b, inputs, &sources, base.as_ref()));
    for (i, old_errors, new_errors) in trees.unreadable {
        let Some(case) = found.submissions.cases.get_mut(i) else { continue };
        if case.old.valid || case.new.valid {
            // A null tree is not an object: no ruleset can accept it.
            return Err(PyValueError::new_err(format!("submission {i}: a stand-in for unreadable input was accepted")));
        }
        case.old.errors = old_errors;
        case.new.errors = new_errors;
    }
    serde_to_py(py, &found)
}

/// Submissions as the engine's trees, in order; each one that is no tree stands as a
/// `null` tree, and its errors under the old and new rules are kept by its index.
struct Trees {
    inputs: Vec<Input>,
    unreadable: Vec<(usize, Vec<FieldError>, Vec<FieldError>)>,
}

impl Trees {
    fn of(rows: Vec<Submission>, old: &Ruleset, new: &Ruleset) -> Self {
        let mut trees = Trees { inputs: Vec::with_capacity(rows.len()), unreadable: Vec::new() };
        for (i, row) in rows.into_iter().enumerate() {
            match row {
                Submission::Tree(input) => trees.inputs.push(input),
                Submission::Text(bytes) => match tree_of_text(&bytes) {
                    Some(input) => trees.inputs.push(input),
                    None => {
                        let errors = |r: &Ruleset| r.validate_bytes(&bytes).errors;
                        trees.unreadable.push((i, errors(old), errors(new)));
                        trees.inputs.push(Input::Null);
                    }
                },
                Submission::Unreadable(errors) => {
                    let on_old = unreadable(old, errors.clone()).errors;
                    trees.unreadable.push((i, on_old, unreadable(new, errors).errors));
                    trees.inputs.push(Input::Null);
                }
            }
        }
        trees
    }

    /// The first submission the old rules accept, else the first the new rules accept (as
    /// `zonescore replay --probes` picks its base).
    fn first_valid(&self, old: &Ruleset, new: &Ruleset) -> Option<&Input> {
        let readable = || {
            self.inputs.iter().enumerate().filter(|(i, _)| !self.unreadable.iter().any(|u| u.0 == *i)).map(|(_, s)| s)
        };
        readable().find(|s| old.validate(s).valid).or_else(|| readable().find(|s| new.validate(s).valid))
    }
}

/// The tree of JSON text, when it is JSON with no repeated key (a repeated key is an error
/// the engine reports only when it reads the text itself).
fn tree_of_text(bytes: &[u8]) -> Option<Input> {
    parse_json(bytes, MAX_SUBMISSION_BYTES, MAX_DEPTH).ok().filter(|p| p.duplicate_keys.is_empty()).map(|p| p.value)
}

/// A probe base given by the caller: it must be readable and valid under either ruleset,
/// else the old rules' failure is raised as `InvalidSubmissionError`.
fn base_of(py: Python<'_>, given: &Bound<'_, PyAny>, old: &RulesetCore, new: &RulesetCore) -> PyResult<Input> {
    let submission = read_submission(py, given)?;
    let tree = match &submission {
        Submission::Tree(input) => Some(input.clone()),
        Submission::Text(bytes) => tree_of_text(bytes),
        Submission::Unreadable(_) => None,
    };
    match tree {
        Some(input) if old.inner.validate(&input).valid || new.inner.validate(&input).valid => Ok(input),
        _ => Err(invalid_submission_error(py, answer_for(py, submission, Some(old))?)),
    }
}

/// A failure answer as the Python `zonescore.InvalidSubmissionError` (or its
/// `SubmissionTypeError` for values of no JSON shape), as `score_submission` raises it.
pub(crate) fn invalid_submission_error(py: Python<'_>, answer: AnswerCore) -> PyErr {
    let raised = || -> PyResult<PyErr> {
        let class = if answer.unreadable_values() {
            SUBMISSION_TYPE.import(py, "zonescore._errors", "SubmissionTypeError")?
        } else {
            INVALID_SUBMISSION.import(py, "zonescore._errors", "InvalidSubmissionError")?
        };
        let exc = class.call1((answer,))?;
        Ok(PyErr::from_value(exc))
    };
    raised().unwrap_or_else(|e| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Submission {
        Submission::Text(s.as_bytes().to_vec())
    }

    #[test]
    fn what_is_no_tree_stands_as_null_with_the_engines_errors() {
        let (old, new) =
            (Ruleset::bundled("zone-qualification").unwrap(), Ruleset::bundled("annual-assessment").unwrap());
        let rows = vec![text("{\"zone\": {}}"), text("{not json"), text("{\"a\": 1, \"a\": 2}"), text("[1]")];
        let trees = Trees::of(rows, &old, &new);
        assert_eq!(trees.inputs.len(), 4);
        assert_eq!(trees.inputs[1], Input::Null);
        assert_eq!(trees.inputs[2], Input::Null);
        assert!(matches!(trees.inputs[3], Input::Array(_)));
        let found: Vec<(usize, &str)> =
            trees.unreadable.iter().map(|(i, a, _)| (*i, a.first().map_or("", |e| e.code.as_str()))).collect();
        assert_eq!(found, [(1, "invalid_json"), (2, "duplicate_key")]);
        assert!(trees.unreadable.iter().all(|(_, a, b)| !a.is_empty() && !b.is_empty()));
        // No valid submission here, and the stand-ins are never picked as a base.
        assert!(trees.first_valid(&old, &new).is_none());
    }
}
