//! Answers handed to Python: one opaque handle per answer, and result columns for tables.

use crate::convert::{decimal_type, serde_to_py};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use std::collections::HashMap;
use zonescore::{Answer, Failure};

/// One answer of the engine, success or failure. The Python `Report` and
/// `InvalidSubmissionError` wrap it; its canonical JSON is the cross-runtime contract.
#[pyclass(module = "zonescore._zonescore", frozen)]
pub(crate) struct AnswerCore {
    answer: Answer,
    /// Whether the failure is about Python values of no JSON shape, found by the binding.
    unreadable: bool,
}

impl AnswerCore {
    pub fn scored(answer: Answer) -> Self {
        Self { answer, unreadable: false }
    }

    pub fn unreadable(failure: Failure) -> Self {
        Self { answer: Answer::Failure(failure), unreadable: true }
    }
}

#[pymethods]
impl AnswerCore {
    /// Rebuilds an answer from its canonical JSON (unpickling).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        let answer: Answer =
            serde_json::from_str(text).map_err(|e| PyValueError::new_err(format!("not an answer: {e}")))?;
        Ok(Self::scored(answer))
    }

    /// Whether the submission was scored.
    #[getter]
    fn ok(&self) -> bool {
        matches!(self.answer, Answer::Success(_))
    }

    #[getter]
    fn unreadable_values(&self) -> bool {
        self.unreadable
    }

    /// The canonical JSON text: two-space indentation, no trailing newline.
    fn to_json(&self) -> String {
        self.answer.to_canonical_json()
    }

    /// The canonical JSON as Python objects (decimals stay strings).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_py(py, &self.answer)
    }

    /// The top-level figures of a report, cheaply: `(final_score, grade, outcome, earned,
    /// applicable_max, base, bonus, bonus_counted, unrounded, year, ruleset id)`;
    /// `None` for a failure.
    fn scalars<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let Answer::Success(r) = &self.answer else {
            return Ok(None);
        };
        let s = |text: &str| PyString::new(py, text).into_any();
        let year = match &r.year {
            Some(y) => s(y),
            None => py.None().into_bound(py),
        };
        let items = [
            s(&r.final_score),
            s(&r.grade),
            s(&r.outcome),
            s(&r.earned),
            s(&r.applicable_max),
            s(&r.base),
            s(&r.bonus),
            s(&r.bonus_counted),
            s(&r.unrounded),
            year,
            s(&r.ruleset.id),
        ];
        PyTuple::new(py, items).map(Some)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Self>().is_ok_and(|o| o.get().answer == self.answer)
    }
}

/// Result columns of many answers: `final_score`, `grade`, `outcome`, then
/// `points.<criterion id>` for each criterion and bonus item in rule order, then `errors`
/// (field-error dicts for an invalid row, else `None`). Scores are `Decimal`s.
pub(crate) fn columns<'py>(py: Python<'py>, answers: &[AnswerCore]) -> PyResult<Bound<'py, PyDict>> {
    let n = answers.len();
    let none = py.None().into_bound(py);
    let decimal = decimal_type(py)?;
    // Scores repeat a lot (0, 2, 4, …): one Decimal object per distinct text.
    let mut decimals: HashMap<String, Bound<'py, PyAny>> = HashMap::new();
    let mut dec = |text: &'_ str| -> PyResult<Bound<'py, PyAny>> {
        if let Some(d) = decimals.get(text) {
            return Ok(d.clone());
        }
        let d = decimal.call1((text,))?;
        decimals.insert(text.to_owned(), d.clone());
        Ok(d)
    };
    let mut final_score = Vec::with_capacity(n);
    let mut grade = Vec::with_capacity(n);
    let mut outcome = Vec::with_capacity(n);
    let mut errors = Vec::with_capacity(n);
    let mut points: Vec<(String, Vec<Bound<'py, PyAny>>)> = Vec::new();
    let mut column_of: HashMap<String, usize> = HashMap::new();
    for (row, a) in answers.iter().enumerate() {
        match &a.answer {
            Answer::Success(r) => {
                final_score.push(dec(&r.final_score)?);
                grade.push(PyString::new(py, &r.grade).into_any());
                outcome.push(PyString::new(py, &r.outcome).into_any());
                errors.push(none.clone());
                for c in r.criteria.iter().chain(&r.bonus_items) {
                    let col = *column_of.entry(c.id.clone()).or_insert_with(|| {
                        points.push((format!("points.{}", c.id), vec![none.clone(); n]));
                        points.len() - 1
                    });
                    if let Some(cell) = points.get_mut(col).and_then(|(_, cells)| cells.get_mut(row)) {
                        *cell = dec(&c.points)?;
                    }
                }
            }
            Answer::Failure(f) => {
                final_score.push(none.clone());
                grade.push(none.clone());
                outcome.push(none.clone());
                errors.push(serde_to_py(py, &f.errors)?);
            }
        }
    }
    let out = PyDict::new(py);
    out.set_item("final_score", PyList::new(py, final_score)?)?;
    out.set_item("grade", PyList::new(py, grade)?)?;
    out.set_item("outcome", PyList::new(py, outcome)?)?;
    for (name, cells) in points {
        out.set_item(name, PyList::new(py, cells)?)?;
    }
    out.set_item("errors", PyList::new(py, errors)?)?;
    Ok(out)
}
