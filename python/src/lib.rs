//! Python bindings of zonescore: the low-level module `zonescore._zonescore`.
//!
//! This crate only translates types. The public Python API (`zonescore.Ruleset`,
//! `score_submission`, `Report`, the exceptions) is a thin layer of Python in
//! `python/zonescore/` over the handles defined here; every decision about a submission
//! is taken by the engine in `core`.

mod answer;
mod arrow;
mod arrow_out;
mod convert;
mod excel;
mod goal;
mod numpy;
mod options;
mod revision;
mod submission;
mod table;
mod whatif;
mod words;

use answer::AnswerCore;
use convert::{serde_to_py, Reader};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use std::path::PathBuf;
pub(crate) use submission::{
    answer_for, check_columns, choose, read_record, read_submission, ruleset_for, with_json_bytes, Submission,
};
use table::{batch_ruleset, column_names, score_columns, score_records, table_ruleset};
pub(crate) use table::{score_rows_with, table_rows};
use zonescore::{Answer, RuleFormat, Ruleset, RulesetSource};

// Scoring makes many small allocations (texts, decimals, explanations); mimalloc makes the
// engine about a third faster here than the system allocator, and reading a dict too.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

static RULESET_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A rule-file problem as the Python `zonescore.RulesetError`.
pub(crate) fn ruleset_error(py: Python<'_>, err: &zonescore::RulesetError) -> PyErr {
    let raised = || -> PyResult<PyErr> {
        let class = RULESET_ERROR.import(py, "zonescore._errors", "RulesetError")?;
        let diagnostics = serde_to_py(py, &*err.listed())?;
        let exc = class.call1((err.to_string(), err.origin.as_str(), diagnostics))?;
        Ok(PyErr::from_value(exc))
    };
    raised().unwrap_or_else(|e| e)
}

/// A compiled ruleset (bundled, or from a rule file), shared by every call that uses it.
#[pyclass(module = "zonescore._zonescore", frozen)]
pub(crate) struct RulesetCore {
    pub(crate) inner: Ruleset,
}

#[pymethods]
impl RulesetCore {
    /// A bundled ruleset by id.
    #[staticmethod]
    fn bundled(py: Python<'_>, id: &str) -> PyResult<Self> {
        let inner = Ruleset::bundled(id).map_err(|e| ruleset_error(py, &e))?;
        Ok(Self { inner })
    }

    /// A ruleset argument as every face reads it: a bundled id, else a rule-file path.
    #[staticmethod]
    fn resolve(py: Python<'_>, spec: &str) -> PyResult<Self> {
        let inner = Ruleset::resolve(spec).map_err(|e| ruleset_error(py, &e))?;
        Ok(Self { inner })
    }

    /// Rule-file text; `format` is `"toml"`, `"json"` or guessed from `origin` and the text.
    #[staticmethod]
    #[pyo3(signature = (text, format = None, origin = "<text>"))]
    fn from_text(py: Python<'_>, text: &Bound<'_, PyAny>, format: Option<&str>, origin: &str) -> PyResult<Self> {
        let format = match format {
            None => None,
            Some("toml") => Some(RuleFormat::Toml),
            Some("json") => Some(RuleFormat::Json),
            Some(other) => {
                return Err(PyValueError::new_err(format!(
                    "format must be \"toml\" or \"json\", not {other:?} (format 应为 \"toml\" 或 \"json\"，而不是 {other:?})"
                )))
            }
        };
        // A str with a lone surrogate is kept as its bytes, which the engine answers as
        // `invalid_utf8` at its place, as it answers such a file.
        let compiled = crate::submission::json_bytes(text, |bytes| Ruleset::from_utf8(bytes, format, origin))?;
        let Some(compiled) = compiled else {
            let found = text.get_type().name().map(|n| n.to_string()).unwrap_or_default();
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "expected rule-file text as str or bytes, not `{found}` (规则文件文本应为 str 或 bytes，而不是 `{found}`)"
            )));
        };
        Ok(Self { inner: compiled.map_err(|e| ruleset_error(py, &e))? })
    }

    /// A rule file on disk.
    #[staticmethod]
    fn from_path(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = Ruleset::from_path(&path).map_err(|e| ruleset_error(py, &e))?;
        Ok(Self { inner })
    }

    /// Loads again from [`RulesetCore::source`] (unpickling).
    #[staticmethod]
    fn from_source(py: Python<'_>, source: &str) -> PyResult<Self> {
        let source: RulesetSource =
            serde_json::from_str(source).map_err(|e| PyValueError::new_err(format!("not a ruleset source: {e}")))?;
        let inner = Ruleset::from_source(&source).map_err(|e| ruleset_error(py, &e))?;
        Ok(Self { inner })
    }

    /// Where the rules came from, as JSON text: enough to load them again elsewhere.
    fn source(&self) -> PyResult<String> {
        serde_json::to_string(self.inner.source()).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    #[getter]
    fn version(&self) -> &str {
        self.inner.version()
    }

    #[getter]
    fn digest(&self) -> &str {
        self.inner.digest()
    }

    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_py(py, &self.inner.info())
    }

    fn submission_schema<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.submission_schema())
    }

    /// A clause ID with the source document's own numbering, for Chinese output
    /// (`§5.2.3（五（二）3）`); the ID alone when the ruleset gives no outline.
    fn clause_label(&self, id: &str) -> String {
        self.inner.clause_label(id)
    }

    /// Every clause of the source document, in its order: `id`, `number`, `title`,
    /// `cited_by` (the rules that cite it) and `unscored` (why none does), as dicts.
    fn clause_coverage<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_py(py, self.inner.clause_coverage())
    }

    /// The canonical answer text for JSON text (`str` or bytes) at a detail and languages,
    /// exactly as `zonescore score --format json --compact` prints it.
    #[pyo3(signature = (text, detail = "full", lang = "both"))]
    fn score_json(&self, text: &Bound<'_, PyAny>, detail: &str, lang: &str) -> PyResult<String> {
        let options = options::parse(text.py(), detail, lang)?;
        with_json_bytes(text, |bytes| self.inner.score_bytes_json_with(bytes, &options))
    }

    /// The canonical bounds answer for JSON text (`str` or bytes), as `Ruleset::bounds_json`.
    fn bounds_json(&self, text: &Bound<'_, PyAny>) -> PyResult<String> {
        with_json_bytes(text, |bytes| zonescore::canonical(&self.inner.bounds_bytes(bytes)))
    }

    /// The canonical advice answer for JSON text (`str` or bytes), as `Ruleset::advise_json`.
    // `options = 3` is zonescore::DEFAULT_OPTIONS, written out (see `whatif`).
    #[pyo3(signature = (text, target = None, options = 3))]
    fn advise_json(&self, text: &Bound<'_, PyAny>, target: Option<&str>, options: usize) -> PyResult<String> {
        with_json_bytes(text, |bytes| zonescore::canonical(&self.inner.advise_bytes(bytes, target, options)))
    }

    /// Field errors of one value, by JSON pointer or dotted path.
    fn validate_field<'py>(
        &self,
        py: Python<'py>,
        path: &str,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let pointer = zonescore::input::field_pointer(path);
        let mut reader = Reader::new(py)?;
        let input = reader.read(value, &pointer)?;
        if !reader.errors.is_empty() {
            return serde_to_py(py, &reader.errors);
        }
        serde_to_py(py, &self.inner.validate_field(&pointer, &input))
    }
}

/// Scores one submission (a dict tree, or JSON text as `str` or bytes).
#[pyfunction]
#[pyo3(signature = (submission, ruleset = None))]
fn score(py: Python<'_>, submission: &Bound<'_, PyAny>, ruleset: Option<&RulesetCore>) -> PyResult<AnswerCore> {
    if let Some((rules, record)) = read_record(py, submission, ruleset)? {
        let answer = rules.answer_record(&record);
        return Ok(AnswerCore::scored(answer).by(rules));
    }
    let submission = read_submission(py, submission)?;
    answer_for(py, submission, ruleset)
}

/// Validates one submission: `{"valid": bool, "errors": [...], "more_errors": int}`.
#[pyfunction]
#[pyo3(signature = (submission, ruleset = None))]
fn validate<'py>(
    py: Python<'py>,
    submission: &Bound<'py, PyAny>,
    ruleset: Option<&RulesetCore>,
) -> PyResult<Bound<'py, PyAny>> {
    let submission = read_submission(py, submission)?;
    let validation = choose(py, ruleset, &submission)?.validation();
    serde_to_py(py, &validation)
}

/// Scores many submissions on every core, without the GIL; answers keep input order, each
/// scored as `score` scores it alone (core's rule for a list).
#[pyfunction]
#[pyo3(signature = (submissions, ruleset = None))]
fn score_many(
    py: Python<'_>,
    submissions: &Bound<'_, PyAny>,
    ruleset: Option<&RulesetCore>,
) -> PyResult<Vec<AnswerCore>> {
    // Each dict is read under the GIL, straight into its record as `score` reads one; all
    // that follows is done on every core with the GIL released.
    let mut rows = Vec::new();
    for item in submissions.try_iter()? {
        let item = item?;
        rows.push(match read_record(py, &item, ruleset)? {
            Some((rules, record)) => Ok((rules, record)),
            None => Err(read_submission(py, &item)?),
        });
    }
    let listed: Vec<zonescore::Listed<'_>> = rows
        .iter()
        .map(|row| match row {
            Ok((rules, record)) => zonescore::Listed::Record(rules, record),
            Err(submission) => submission.as_core().into(),
        })
        .collect();
    let given = ruleset.map(|r| &r.inner);
    py.detach(|| zonescore::answer_each_chosen(given, &listed, |r, a| AnswerCore::scored(a).by(r.clone())))
        .map_err(|e| ruleset_error(py, &e))
}

/// The submission files under a folder, as `zonescore score` takes them (core's walk), and
/// each folder that could not be walked: `(code, folder, message_zh, message_en)`.
#[pyfunction]
#[pyo3(signature = (folder, workbooks = false))]
fn submission_files(folder: std::path::PathBuf, workbooks: bool) -> (Vec<std::path::PathBuf>, Vec<[String; 4]>) {
    let take = if workbooks { zonescore::Take::JsonAndWorkbooks } else { zonescore::Take::Json };
    let (mut files, problems) = zonescore::submission_files(&folder, take);
    // As `zonescore score` walks a folder: a results workbook saved there is no submission.
    files.retain(|f| !zonescore::xlsx::is_results_workbook_file(f));
    let problems = problems
        .iter()
        .map(|p| {
            let message = p.message();
            [p.code().to_owned(), p.folder().display().to_string(), message.zh, message.en]
        })
        .collect();
    (files, problems)
}

/// The canonical answer for JSON text (`str` or bytes) with a bundled ruleset, chosen by id or from the
/// submission's shape when `ruleset_id` is `None` (as `zonescore score` does).
#[pyfunction]
#[pyo3(signature = (text, ruleset_id = None, detail = "full", lang = "both"))]
fn score_json_bundled(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    ruleset_id: Option<&str>,
    detail: &str,
    lang: &str,
) -> PyResult<String> {
    let options = options::parse(py, detail, lang)?;
    with_json_bytes(text, |bytes| zonescore::score_bytes_bundled_with(bytes, ruleset_id, &options))?
        .map_err(|e| ruleset_error(py, &e))
}

/// The bundled rulesets, as dicts.
#[pyfunction]
fn list_rulesets(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    serde_to_py(py, &zonescore::list_rulesets())
}

/// The id of the bundled ruleset a submission is written for, or `None`.
#[pyfunction]
fn detect_ruleset(py: Python<'_>, submission: &Bound<'_, PyAny>) -> PyResult<Option<&'static str>> {
    let submission = read_submission(py, submission)?;
    Ok(choose(py, None, &submission)?.detected())
}

/// The bundled ruleset a submission is shaped for when `ruleset`, a bundled one, is another
/// (core's `shaped_for_another`), or `None`.
#[pyfunction]
fn shaped_for_another(
    py: Python<'_>,
    submission: &Bound<'_, PyAny>,
    ruleset: &RulesetCore,
) -> PyResult<Option<&'static str>> {
    let submission = read_submission(py, submission)?;
    let shaped = choose(py, None, &submission)?.detected();
    Ok(zonescore::shaped_for_another(&ruleset.inner, shaped))
}

/// What an invalid submission's exception says, from its canonical failure answer:
/// `{"summary": {zh, en}, "first_error": FieldError}`, both worded by core.
#[pyfunction]
fn failure_texts<'py>(py: Python<'py>, answer_json: &str) -> PyResult<Bound<'py, PyAny>> {
    let Ok(Answer::Failure(failure)) = serde_json::from_str::<Answer>(answer_json) else {
        return Err(PyValueError::new_err("not a failure answer"));
    };
    let texts = serde_json::json!({"summary": failure.summary(), "first_error": failure.first_error()});
    convert::to_py(py, &texts)
}

/// Seconds the engine alone takes to score a submission: `rounds` calls over the given
/// dicts in turn, already converted to trees, averaged (the yardstick of `bench.py` for the
/// binding's own overhead, taking the submissions in the same order as the binding does).
#[pyfunction]
#[pyo3(signature = (submissions, ruleset, rounds = 1000))]
fn _engine_seconds(
    py: Python<'_>,
    submissions: Vec<Bound<'_, PyAny>>,
    ruleset: &RulesetCore,
    rounds: u32,
) -> PyResult<f64> {
    let mut inputs = Vec::new();
    for s in &submissions {
        let Submission::Tree(input) = read_submission(py, s)? else {
            return Err(PyValueError::new_err("submission dicts are needed"));
        };
        inputs.push(input);
    }
    if inputs.is_empty() {
        return Err(PyValueError::new_err("at least one submission is needed"));
    }
    let rules = &ruleset.inner;
    Ok(py.detach(|| {
        let start = std::time::Instant::now();
        for input in inputs.iter().cycle().take(rounds as usize) {
            std::hint::black_box(rules.score(std::hint::black_box(input)));
        }
        start.elapsed().as_secs_f64() / f64::from(rounds.max(1))
    }))
}

#[pymodule]
fn _zonescore(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_RULESET", zonescore::bundled::DEFAULT)?;
    m.add("MAX_DEPTH", zonescore::MAX_DEPTH)?;
    words::add(m)?;
    m.add("DEFAULT_OPTIONS", zonescore::DEFAULT_OPTIONS)?;
    m.add_class::<RulesetCore>()?;
    m.add_class::<AnswerCore>()?;
    m.add_class::<excel::UnreadableCell>()?;
    m.add_function(wrap_pyfunction!(score, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(score_many, m)?)?;
    m.add_function(wrap_pyfunction!(score_columns, m)?)?;
    m.add_function(wrap_pyfunction!(column_names, m)?)?;
    m.add_function(wrap_pyfunction!(shaped_for_another, m)?)?;
    m.add_function(wrap_pyfunction!(score_records, m)?)?;
    m.add_function(wrap_pyfunction!(batch_ruleset, m)?)?;
    m.add_function(wrap_pyfunction!(options::check_lang, m)?)?;
    m.add_function(wrap_pyfunction!(submission_files, m)?)?;
    m.add_function(wrap_pyfunction!(table_ruleset, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::score_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::arrow_ruleset, m)?)?;
    m.add_function(wrap_pyfunction!(excel::excel_template, m)?)?;
    m.add_function(wrap_pyfunction!(excel::read_excel, m)?)?;
    m.add_function(wrap_pyfunction!(excel::results_excel, m)?)?;
    m.add_function(wrap_pyfunction!(score_json_bundled, m)?)?;
    m.add_function(wrap_pyfunction!(options::answer_json, m)?)?;
    m.add_function(wrap_pyfunction!(list_rulesets, m)?)?;
    m.add_function(wrap_pyfunction!(detect_ruleset, m)?)?;
    m.add_function(wrap_pyfunction!(failure_texts, m)?)?;
    m.add_function(wrap_pyfunction!(_engine_seconds, m)?)?;
    m.add_function(wrap_pyfunction!(submission::_reads_straight, m)?)?;
    m.add_function(wrap_pyfunction!(goal::goal_summary, m)?)?;
    m.add_function(wrap_pyfunction!(revision::diff, m)?)?;
    m.add_function(wrap_pyfunction!(revision::diff_json, m)?)?;
    m.add_function(wrap_pyfunction!(revision::replay, m)?)?;
    m.add_function(wrap_pyfunction!(revision::replay_table, m)?)?;
    m.add_function(wrap_pyfunction!(whatif::bounds, m)?)?;
    m.add_function(wrap_pyfunction!(whatif::advise, m)?)?;
    m.add_function(wrap_pyfunction!(whatif::best_advice_json, m)?)?;
    m.add_function(wrap_pyfunction!(whatif::advice_words, m)?)?;
    m.add_function(wrap_pyfunction!(whatif::span_text, m)?)?;
    Ok(())
}
