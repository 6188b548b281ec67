//! Answer options for Python (`detail`, `lang`), read by core, and the JSON answer of a
//! submission in any form at those options.

use crate::{choose, read_record, read_submission, RulesetCore};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use zonescore::{FieldError, ScoreOptions};

static OPTION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The options named `detail` and `lang`; a name core does not know is an `OptionError`.
pub(crate) fn parse(py: Python<'_>, detail: &str, lang: &str) -> PyResult<ScoreOptions> {
    ScoreOptions::parse(Some(detail), Some(lang)).map_err(|e| option_error(py, &e))
}

/// A language for what shows one: `zh` or `en`, also of a tag (`zh-CN`), else an
/// `OptionError`.
#[pyfunction]
pub(crate) fn check_lang(py: Python<'_>, lang: &str) -> PyResult<&'static str> {
    zonescore::Lang::parse_one(lang)
        .map(|l| if l == zonescore::Lang::En { "en" } else { "zh" })
        .map_err(|e| option_error(py, &e))
}

/// Core's `unknown_option` error as `zonescore.OptionError`: its message in both languages
/// and its params (`option`, `value`, `allowed`).
fn option_error(py: Python<'_>, e: &FieldError) -> PyErr {
    let text = |key: &str| e.params.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    let allowed: Vec<&str> =
        e.params.get("allowed").and_then(|v| v.as_array()).into_iter().flatten().filter_map(|v| v.as_str()).collect();
    let raised = || -> PyResult<PyErr> {
        let class = OPTION_ERROR.import(py, "zonescore._errors", "OptionError")?;
        let args = (e.message.zh.as_str(), e.message.en.as_str(), text("option"), text("value"), allowed);
        Ok(PyErr::from_value(class.call1(args)?))
    };
    raised().unwrap_or_else(|err| err)
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
    let options = parse(py, detail, lang)?;
    if let Some((rules, record)) = read_record(py, submission, ruleset)? {
        return Ok(rules.answer_record_json(&record, &options));
    }
    let submission = read_submission(py, submission)?;
    Ok(choose(py, ruleset, &submission)?.answer_json(&options))
}
