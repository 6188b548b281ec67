//! Answer options for Python (`detail`, `lang`), read by core, and the JSON answer of a
//! submission in any form at those options.

use crate::{choose, read_record, read_submission, RulesetCore};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use zonescore::ScoreOptions;

/// The options named `detail` and `lang`; a name core does not know is a `ValueError` with
/// core's message in both languages.
pub(crate) fn parse(detail: &str, lang: &str) -> PyResult<ScoreOptions> {
    ScoreOptions::parse(Some(detail), Some(lang))
        .map_err(|e| PyValueError::new_err(format!("{} ({})", e.message.en, e.message.zh)))
}

/// A language for what shows one: `zh` or `en`, also of a tag (`zh-CN`), else a `ValueError`
/// with core's message in both languages.
#[pyfunction]
pub(crate) fn check_lang(lang: &str) -> PyResult<&'static str> {
    zonescore::Lang::parse_one(lang)
        .map(|l| if l == zonescore::Lang::En { "en" } else { "zh" })
        .map_err(|e| PyValueError::new_err(format!("{} ({})", e.message.en, e.message.zh)))
}

/// The canonical JSON answer for a submission (a dict tree, or JSON text as `str` or bytes)
/// at a detail and languages; values of no JSON shape give a failure answer.
#[pyfunction]
#[pyo3(signature = (submission, ruleset = None, detail = "full", lang = "both"))]
pub(crate) fn answer_json(
    py: Python<'_>,
    submission: &Bound<'_, PyAny>,
    ruleset: Option<&RulesetCore>,
    detail: &str,
    lang: &str,
) -> PyResult<String> {
    let options = parse(detail, lang)?;
    if let Some((rules, record)) = read_record(py, submission, ruleset)? {
        return Ok(rules.answer_record_json(&record, &options));
    }
    let submission = read_submission(py, submission)?;
    Ok(choose(py, ruleset, &submission)?.answer_json(&options))
}
