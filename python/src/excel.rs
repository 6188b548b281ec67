//! Excel workbooks through core's `xlsx` module, the same code as `zonescore template`,
//! `zonescore score book.xlsx` and `--format xlsx`: the template, filled rows read as a
//! table, and the results workbook. This file moves bytes and values; core decides.

use crate::convert::decimal_type;
use crate::{score_rows_with, table_rows, RulesetCore};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyList, PyString, PyType};
use std::collections::HashMap;
use zonescore::xlsx::{self, Lang, ResultEntry, XlsxError};
use zonescore::{Cell, FieldError, Input, Ruleset};

static WORKBOOK_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A workbook that cannot be read or written, as `zonescore.WorkbookError`.
fn workbook_error(py: Python<'_>, err: &XlsxError) -> PyErr {
    let raised = || -> PyResult<PyErr> {
        let class = WORKBOOK_ERROR.import(py, "zonescore._errors", "WorkbookError")?;
        let message = err.message();
        Ok(PyErr::from_value(class.call1((err.code(), message.zh, message.en))?))
    };
    raised().unwrap_or_else(|e| e)
}

/// A workbook's language: `zh` or `en` (or a tag of either), read by core (`check_lang`).
fn lang_of(py: Python<'_>, lang: &str) -> PyResult<Lang> {
    Ok(if crate::options::check_lang(py, lang)? == "en" { Lang::En } else { Lang::Zh })
}

/// The workbook a town fills, generated from the rules (as `zonescore template` writes it).
#[pyfunction]
#[pyo3(signature = (ruleset, lang = "zh"))]
pub(crate) fn excel_template<'py>(py: Python<'py>, ruleset: &RulesetCore, lang: &str) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = xlsx::template_workbook(&ruleset.inner, lang_of(py, lang)?).map_err(|e| workbook_error(py, &e))?;
    Ok(PyBytes::new(py, &bytes))
}

/// A leaf of a submission tree as a Python value: numbers as `Decimal`, exactly.
fn leaf<'py>(py: Python<'py>, value: &Input) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Input::Null => py.None().into_bound(py),
        Input::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Input::Number(text) => decimal_type(py)?.call1((text.as_str(),))?,
        Input::String(s) => PyString::new(py, s).into_any(),
        Input::Array(items) => {
            PyList::new(py, items.iter().map(|i| leaf(py, i)).collect::<PyResult<Vec<_>>>()?)?.into_any()
        }
        Input::Object(_) => py.None().into_bound(py),
    })
}

/// The fields of a submission tree by dotted path, in tree order.
fn flatten<'a>(prefix: &str, value: &'a Input, out: &mut Vec<(String, &'a Input)>) {
    match value {
        Input::Object(members) => {
            for (k, v) in members {
                flatten(&if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") }, v, out);
            }
        }
        other => out.push((prefix.to_owned(), other)),
    }
}

/// A cell as typed, for a cell the reader could not read.
fn raw<'py>(py: Python<'py>, cell: &Cell) -> PyResult<Bound<'py, PyAny>> {
    Ok(match cell {
        Cell::Empty => py.None().into_bound(py),
        Cell::Number(n) | Cell::Percent(n) => n.into_pyobject(py)?.into_any(),
        Cell::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        // As typed or shown: a formula with its `=`, an error value with its `#`, a date.
        Cell::Text(t) | Cell::Formula(t) | Cell::Error(t) | Cell::Date(t) => PyString::new(py, t).into_any(),
        // Nothing is in it: the merge is what the error is about.
        Cell::Merged(_) => py.None().into_bound(py),
    })
}

/// What pickle calls to make an [`UnreadableCell`] again, and with what.
type Reduced<'py> = (Bound<'py, PyAny>, (Py<PyAny>, String));

/// A workbook cell `read_excel` could not read (`9o.5` in a percent cell): its value as
/// typed, and the errors the workbook reader found, which scoring the row reports as
/// `zonescore score book.xlsx` does (`unreadable_text`, not `wrong_type`).
#[pyclass(module = "zonescore", frozen)]
pub(crate) struct UnreadableCell {
    value: Py<PyAny>,
    pub(crate) errors: Vec<FieldError>,
}

#[pymethods]
impl UnreadableCell {
    /// The cell as typed: `str`, `float` or `bool`.
    #[getter]
    fn value(&self, py: Python<'_>) -> Py<PyAny> {
        self.value.clone_ref(py)
    }

    /// Why it could not be read: the field errors, as dicts (`code`, `path`, `message`, …).
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::serde_to_py(py, &self.errors)
    }

    /// The cell as typed, as a table shows it.
    fn __str__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.value.bind(py).str()?.to_string())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("UnreadableCell({})", self.value.bind(py).repr()?))
    }

    /// Pickled (and deep-copied, as Dask and `copy.deepcopy` do) as its value and errors.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let this = slf.get();
        let errors = serde_json::to_string(&this.errors).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok((slf.get_type().getattr("_restore")?, (this.value.clone_ref(slf.py()), errors)))
    }

    /// The cell [`UnreadableCell::__reduce__`] gave.
    #[staticmethod]
    fn _restore(value: Py<PyAny>, errors: &str) -> PyResult<Self> {
        let errors = serde_json::from_str(errors).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Self { value, errors })
    }

    /// The value's hash: equal cells have equal values (pandas counts, groups and
    /// deduplicates by it).
    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        self.value.bind(py).hash()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        match other.cast::<Self>() {
            Ok(o) => Ok(o.get().errors == self.errors && o.get().value.bind(other.py()).eq(&self.value)?),
            Err(_) => Ok(false),
        }
    }
}

/// The filled rows of a workbook as table columns: each row read as `zonescore score` reads
/// it (numbers exactly, `是`/`否`, enum labels, `94.6%`), a cell that cannot be read kept as
/// typed. `{"ruleset", "made_with": digest or None, "index": ["示范区!4", …], "columns": {path: [values]},
/// "cells": [[(pointer, "示范区!F4")]]}`.
#[pyfunction]
#[pyo3(signature = (data, ruleset = None))]
pub(crate) fn read_excel<'py>(
    py: Python<'py>,
    data: &[u8],
    ruleset: Option<&RulesetCore>,
) -> PyResult<Bound<'py, PyDict>> {
    let rules: Ruleset = match ruleset {
        Some(r) => r.inner.clone(),
        None => {
            let sheets = xlsx::read_sheets(data, None).map_err(|e| workbook_error(py, &e))?;
            Ruleset::bundled(xlsx::workbook_ruleset(&sheets)).map_err(|e| crate::ruleset_error(py, &e))?
        }
    };
    let sheets = xlsx::read_sheets(data, Some(&rules)).map_err(|e| workbook_error(py, &e))?;
    let made_with = sheets.iter().find_map(|s| s.made_with.clone());
    let rows: Vec<xlsx::SheetRow> = sheets.into_iter().flat_map(|s| s.rows).collect();
    let mut names: Vec<String> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut columns: Vec<Vec<Bound<'py, PyAny>>> = Vec::new();
    let none = py.None().into_bound(py);
    for (r, row) in rows.iter().enumerate() {
        let reading = row.read(&rules);
        let mut cells = Vec::new();
        flatten("", &reading.submission, &mut cells);
        let mut values: Vec<(String, Bound<'py, PyAny>)> = Vec::new();
        for (path, value) in cells {
            values.push((path, leaf(py, value)?));
        }
        for (path, cell) in &row.cells {
            let errors: Vec<FieldError> =
                reading.errors.iter().filter(|(p, _)| p == path).map(|(_, e)| e.clone()).collect();
            if !errors.is_empty() {
                let unread = UnreadableCell { value: raw(py, cell)?.unbind(), errors };
                values.push((path.clone(), Bound::new(py, unread)?.into_any()));
            }
        }
        for (path, value) in values {
            let column = *at.entry(path.clone()).or_insert_with(|| {
                names.push(path);
                columns.push(vec![none.clone(); rows.len()]);
                columns.len() - 1
            });
            if let Some(cell) = columns.get_mut(column).and_then(|c| c.get_mut(r)) {
                *cell = value;
            }
        }
    }
    let table = PyDict::new(py);
    for (name, cells) in names.iter().zip(columns) {
        table.set_item(name, PyList::new(py, cells)?)?;
    }
    let out = PyDict::new(py);
    out.set_item("ruleset", RulesetCore { inner: rules })?;
    out.set_item("made_with", made_with)?;
    out.set_item("index", rows.iter().map(|r| format!("{}!{}", r.sheet, r.row)).collect::<Vec<_>>())?;
    out.set_item("columns", table)?;
    out.set_item("cells", rows.into_iter().map(|r| r.refs).collect::<Vec<_>>())?;
    Ok(out)
}

/// Scores table rows (as `score_columns` takes them, or as `records`: dicts read as
/// `score_records` reads them) and writes the results workbook: a summary, an errors sheet
/// (with the cell of each error when `cells` gives them, as `read_excel` does) and one
/// scorecard sheet per scored row. `sources` name the rows.
#[pyfunction]
#[pyo3(signature = (height, names, values, missing, sources, cells, ruleset = None, lang = "zh", records = None))]
#[expect(
    clippy::too_many_arguments,
    reason = "the columns of a table, as score_columns takes them, and the workbook's options"
)]
pub(crate) fn results_excel<'py>(
    py: Python<'py>,
    height: usize,
    names: Vec<String>,
    values: Vec<Bound<'py, PyList>>,
    missing: Vec<Bound<'py, PyAny>>,
    sources: Vec<String>,
    cells: Option<Vec<Vec<(String, String)>>>,
    ruleset: Option<&RulesetCore>,
    lang: &str,
    records: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let lang = lang_of(py, lang)?;
    let rows = match records {
        Some(records) => records.try_iter()?.map(|item| crate::read_submission(py, &item?)).collect::<PyResult<_>>()?,
        None => table_rows(py, height, &names, &values, missing)?,
    };
    let (answers, rules) = score_rows_with(py, &rows, ruleset, |r, s| r.answer_each(s, |a| a))?;
    let mut refs = cells.unwrap_or_default().into_iter();
    let entries: Vec<ResultEntry> = sources
        .into_iter()
        .zip(answers)
        .zip(&rows)
        .map(|((source, answer), row)| {
            let at = xlsx::error_cells(&answer, &refs.next().unwrap_or_default());
            // An invalid row keeps the zone it still names, as the CLI's workbook does.
            let subject = match &answer {
                zonescore::Answer::Failure(_) => rules.subject_given_in(row.as_core()),
                zonescore::Answer::Success(_) => Vec::new(),
            };
            ResultEntry::new(source, answer).with_cells(at).with_subject(subject)
        })
        .collect();
    let bytes = py.detach(|| xlsx::results_workbook(&entries, &[&rules], lang)).map_err(|e| workbook_error(py, &e))?;
    Ok(PyBytes::new(py, &bytes))
}
