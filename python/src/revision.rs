//! Rules change for Python: `diff` and `replay` of two rulesets, answered by the engine.
//!
//! Submissions are read as `score_many` (dicts, JSON text) and `score_table` (DataFrame
//! columns) read them, and handed to the engine as they are: JSON text for the engine to
//! read (a broken text or a repeated key is invalid under both rulesets, as `score_json`
//! says), Python values of no JSON shape with the binding's errors. The engine chooses the
//! probe base.

use crate::answer::AnswerCore;
use crate::convert::serde_to_py;
use crate::{answer_for, read_submission, table_rows, RulesetCore, Submission};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyType};
#[cfg(test)]
use zonescore::Ruleset;
use zonescore::{ProbeBase, ProbeBaseError, Stored};

static INVALID_SUBMISSION: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SUBMISSION_TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static ARGUMENT: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The canonical JSON of what differs between two rulesets, byte for byte what
/// `zonescore diff --format json` prints (without its final newline).
#[pyfunction]
pub(crate) fn diff_json(py: Python<'_>, old: &RulesetCore, new: &RulesetCore) -> String {
    let (a, b) = (&old.inner, &new.inner);
    py.detach(|| zonescore::diff_json(a, b))
}

/// What differs between two rulesets, as Python objects (the shape of [`diff_json`]), and
/// the engine's one-sentence `headline` of it.
#[pyfunction]
pub(crate) fn diff<'py>(py: Python<'py>, old: &RulesetCore, new: &RulesetCore) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = (&old.inner, &new.inner);
    let found = py.detach(|| zonescore::diff(a, b));
    let out = serde_to_py(py, &found)?;
    out.set_item("headline", serde_to_py(py, &found.headline())?)?;
    out.set_item("kept_version", serde_to_py(py, &zonescore::kept_version(&found.old, &found.new))?)?;
    Ok(out)
}

/// Replays submissions (dicts or JSON text, one per item) under both rulesets, and with
/// `probes` the boundary probes built on `probe_base` (default: core's `ProbeBase::FirstValid`,
/// the first submission both rulesets accept). Returns the engine's replay
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
        let count = rows.len();
        // The names as `repr` writes a list, a long one abridged (`reprlib`).
        let shown = py.import("reprlib")?.call_method1("repr", (sources,))?.str()?.to_string();
        return Err(argument_error(
            py,
            "sources",
            &shown,
            &format!("每份提交一个来源名称（共 {count} 份提交）"),
            &format!("one source name per submission ({count} submissions)"),
        ));
    }
    let (a, b) = (&old.inner, &new.inner);
    let stored: Vec<Stored> = rows.into_iter().map(stored).collect();
    let given = probe_base.map(|g| read_submission(py, g)).transpose()?;
    let base = match &given {
        Some(submission) => ProbeBase::Given(stored_ref(submission)),
        None if probes => ProbeBase::FirstValid,
        None => ProbeBase::None,
    };
    match py.detach(|| zonescore::replay(a, b, &stored, &sources, &base)) {
        Ok(found) => {
            let out = serde_to_py(py, &found)?;
            out.set_item("kept_version", serde_to_py(py, &zonescore::kept_version(&found.old, &found.new))?)?;
            Ok(out)
        }
        Err(why) => match (why, given) {
            // The base's failure as `score_submission` raises it (a value of no JSON shape too).
            (ProbeBaseError::Invalid(_), Some(submission)) => {
                Err(invalid_submission_error(py, answer_for(py, submission, Some(old))?))
            }
            (why, _) => {
                let message = why.message();
                let (zh, en) = (format!("基准提交（{}）", message.zh), format!("a base submission ({})", message.en));
                Err(argument_error(py, "base", "None", &zh, &en))
            }
        },
    }
}

/// A submission as replay takes it: a text is read by the engine (a repeated key, a broken
/// file), a value of no JSON shape is refused with the binding's errors.
fn stored(row: Submission) -> Stored {
    match row {
        Submission::Tree(input) => Stored::Tree(input),
        Submission::Text(bytes) => Stored::Text(bytes),
        Submission::Unreadable(errors) => Stored::Refused(errors),
        Submission::Cells(input, unread) => Stored::Cells(input, unread),
    }
}

fn stored_ref(row: &Submission) -> Stored {
    match row {
        Submission::Tree(input) => Stored::Tree(input.clone()),
        Submission::Text(bytes) => Stored::Text(bytes.clone()),
        Submission::Unreadable(errors) => Stored::Refused(errors.clone()),
        Submission::Cells(input, unread) => Stored::Cells(input.clone(), unread.clone()),
    }
}

/// Python's `ArgumentError` (both languages, code `invalid_argument`): `argument` given as
/// `shown` where it should be what `zh` and `en` say.
fn argument_error(py: Python<'_>, argument: &str, shown: &str, zh: &str, en: &str) -> PyErr {
    let raised = || -> PyResult<PyErr> {
        let class = ARGUMENT.import(py, "zonescore._errors", "ArgumentError")?;
        Ok(PyErr::from_value(class.call1((argument, shown, zh, en))?))
    };
    raised().unwrap_or_else(|e| e)
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
    fn texts_go_to_the_engine_which_refuses_broken_ones_as_score_json_does() {
        let (old, new) =
            (Ruleset::bundled("zone-qualification").unwrap(), Ruleset::bundled("annual-assessment").unwrap());
        let rows = vec![text("{\"zone\": {}}"), text("{not json"), text("{\"a\": 1, \"a\": 2}"), text("[1]")];
        let stored: Vec<Stored> = rows.into_iter().map(stored).collect();
        let names: Vec<String> = (0..4).map(|i| i.to_string()).collect();
        let found = zonescore::replay(&old, &new, &stored, &names, &ProbeBase::None).unwrap();
        let codes: Vec<&str> =
            found.submissions.cases.iter().map(|c| c.old.errors.first().map_or("", |e| e.code.as_str())).collect();
        assert_eq!(codes[1..3], ["invalid_json", "duplicate_key"]);
        assert_eq!(found.submissions.invalid_in_both, 4);
        // No valid submission here, so probes have no base.
        assert_eq!(
            zonescore::replay(&old, &new, &stored, &names, &ProbeBase::FirstValid).err(),
            Some(ProbeBaseError::NoneValid)
        );
    }
}
