//! What-if answers for Python: the score bounds of a half-filled submission and advice on
//! what to change, as the engine's canonical JSON text (the Python layer builds its typed
//! views from that text, so every figure and sentence is the engine's).

use crate::convert::{pair, Pair};
use crate::{choose, read_submission, RulesetCore};
use pyo3::prelude::*;
use zonescore::canonical;

// The signatures write the engine's default number of options as a literal, so Python's
// introspection (and the stub checked against it) shows the value, not `...`.
const _: () = assert!(zonescore::DEFAULT_OPTIONS == 3, "update the default `options` of the Python signatures");

/// Score bounds of a submission (a dict tree whose fields may be missing, or JSON text).
#[pyfunction]
#[pyo3(signature = (submission, ruleset = None))]
pub(crate) fn bounds(py: Python<'_>, submission: &Bound<'_, PyAny>, ruleset: Option<&RulesetCore>) -> PyResult<String> {
    let submission = read_submission(py, submission)?;
    Ok(canonical(&choose(py, ruleset, &submission)?.bounds()))
}

/// Advice towards `target` (a grade or outcome code; `None`: the next grade up) for a
/// submission (a dict tree or JSON text), at most `options` alternatives.
#[pyfunction]
#[pyo3(signature = (submission, ruleset = None, target = None, options = 3))]
pub(crate) fn advise(
    py: Python<'_>,
    submission: &Bound<'_, PyAny>,
    ruleset: Option<&RulesetCore>,
    target: Option<&str>,
    options: usize,
) -> PyResult<String> {
    let submission = read_submission(py, submission)?;
    Ok(canonical(&choose(py, ruleset, &submission)?.advise(target, options)))
}

/// Core's words for an advice answer's canonical JSON (or a `best` advice's, from
/// [`best_advice_json`]): where the target stands (已达到 / 可达到 / 无法达到), the heading
/// over what blocks it, and the heading over the best advice within reach (`None` when
/// there is none), each `(zh, en)`.
#[pyfunction]
pub(crate) fn advice_words(text: &str) -> PyResult<(Pair, Pair, Option<Pair>)> {
    let advice = match serde_json::from_str::<zonescore::AdviceAnswer>(text) {
        Ok(zonescore::AdviceAnswer::Advice(a)) => Ok(a),
        _ => serde_json::from_str::<zonescore::Advice>(text),
    };
    match advice {
        Ok(a) => Ok((pair(a.state_word()), pair(zonescore::Advice::blocked_heading()), a.best_heading().map(pair))),
        Err(e) => Err(pyo3::exceptions::PyValueError::new_err(format!("not an advice answer: {e}"))),
    }
}

/// A score range as every face writes it (`61.0–91.0`, 无下限 for an open end), `(zh, en)`.
#[pyfunction]
#[pyo3(signature = (min, max))]
pub(crate) fn span_text(min: Option<String>, max: Option<String>) -> Pair {
    pair(zonescore::Span { min, max }.text())
}

/// The canonical JSON of the `best` advice inside an advice answer's canonical JSON (its own
/// members, as the answer holds them); `None` when the answer has none.
#[pyfunction]
pub(crate) fn best_advice_json(text: &str) -> PyResult<Option<String>> {
    match serde_json::from_str::<zonescore::AdviceAnswer>(text) {
        Ok(zonescore::AdviceAnswer::Advice(advice)) => Ok(advice.best.map(|best| canonical(&*best))),
        Ok(zonescore::AdviceAnswer::Failure(_)) => Ok(None),
        Err(e) => Err(pyo3::exceptions::PyValueError::new_err(format!("not an advice answer: {e}"))),
    }
}
