//! Core's words and verdict codes as module constants, so the Python layer lays out the
//! engine's words instead of writing its own.

use crate::convert::{self, pair};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFrozenSet};
use zonescore::{Settled, Verdict};

/// Adds `VERDICT_WORDS`, `ADVERSE_VERDICTS`, `SETTLED_VERDICTS`, `APPLIES_WORDS` and
/// `INVALID_WORD` to the module.
pub(crate) fn add(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("VERDICT_WORDS", verdict_words(m.py())?)?;
    m.add("ADVERSE_VERDICTS", adverse_verdicts(m.py())?)?;
    m.add("SETTLED_VERDICTS", settled_verdicts(m.py())?)?;
    m.add("APPLIES_WORDS", applies_words(m.py())?)?;
    m.add("INVALID_WORD", pair(zonescore::Failure::word()))
}

/// The words of gate and veto results, by verdict (`passed`, `failed`, `fired`,
/// `not_fired`, `open`): `{zh, en}` each, as every face shows them.
fn verdict_words(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let words: serde_json::Map<String, serde_json::Value> =
        Verdict::ALL.iter().map(|v| (wire_name(v), serde_json::json!(v.word()))).collect();
    convert::to_py(py, &serde_json::Value::Object(words))
}

/// The verdicts that go against a submission (shown in red).
fn adverse_verdicts(py: Python<'_>) -> PyResult<Bound<'_, PyFrozenSet>> {
    let adverse: Vec<String> = Verdict::ALL.iter().filter(|v| v.is_adverse()).map(wire_name).collect();
    PyFrozenSet::new(py, &adverse)
}

/// Each settled state of score bounds with the verdict of a gate, then of a veto, in it.
fn settled_verdicts(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let out = PyDict::new(py);
    for s in [Settled::Yes, Settled::No, Settled::Open] {
        out.set_item(
            wire_name(&s),
            (wire_name(&Verdict::of_settled(s, true)), wire_name(&Verdict::of_settled(s, false))),
        )?;
    }
    Ok(out)
}

/// Whether a criterion applies, for each settled state of score bounds, in words `(zh, en)`.
fn applies_words(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let out = PyDict::new(py);
    for s in [Settled::Yes, Settled::No, Settled::Open] {
        out.set_item(wire_name(&s), pair(s.applies_word()))?;
    }
    Ok(out)
}

/// A unit variant's name on the wire (`not_fired`).
fn wire_name<T: serde::Serialize>(value: &T) -> String {
    zonescore::canonical(value).trim_matches('"').to_owned()
}
