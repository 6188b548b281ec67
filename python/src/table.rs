//! Tables of submissions: rows given column by column (a DataFrame's dotted field paths) or
//! as a list of records, read into submissions and scored together on every core.

use crate::answer::{self, columns, Row};
use crate::convert::Reader;
use crate::{check_columns, read_submission, ruleset_for, RulesetCore, Submission};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PyTuple};
use zonescore::input::{dotted_to_pointer, field_dotted};
use zonescore::{FieldError, FieldErrorKind, Input, Ruleset};

/// Scores table rows on every core without the GIL, with the given ruleset or the one the
/// first row naming one names; results keep the rows' order.
pub(crate) fn score_rows_with<T: Send>(
    py: Python<'_>,
    rows: &[Submission],
    ruleset: Option<&RulesetCore>,
    score: impl FnOnce(&Ruleset, &[zonescore::Submission<'_>]) -> Vec<T> + Send,
) -> PyResult<(Vec<T>, Ruleset)> {
    let ruleset = ruleset_for(py, ruleset, rows.iter().map(Submission::as_core))?;
    let submissions: Vec<zonescore::Submission<'_>> = rows.iter().map(Submission::as_core).collect();
    let done = py.detach(|| score(&ruleset, &submissions));
    Ok((done, ruleset))
}

/// Scores rows for a results table: only the table's figures are kept, taken out in the
/// threads that scored them (see [`answer::rows`]).
fn score_table_rows(
    py: Python<'_>,
    rows: Vec<Submission>,
    ruleset: Option<&RulesetCore>,
) -> PyResult<(Vec<Row>, Ruleset)> {
    score_rows_with(py, &rows, ruleset, answer::rows)
}

/// Reads table rows given column by column (dotted field paths and one list of cells per
/// column) into submissions; empty cells are left out.
pub(crate) fn table_rows<'py>(
    py: Python<'py>,
    height: usize,
    names: &[String],
    values: &[Bound<'py, PyList>],
    missing: Vec<Bound<'py, PyAny>>,
) -> PyResult<Vec<Submission>> {
    table_row_iter(py, height, names, values, missing)?.collect()
}

/// A pandas `Series` given as one submission: a table's row (`frame.iloc[i]`, a row of
/// `frame.iterrows()`), whose index names the fields as a table's columns do and whose items
/// are its cells, read as `score_table` reads a DataFrame's row. `None` for anything else.
pub(crate) fn pandas_row(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Option<Submission>> {
    let pandas = py.import("sys")?.getattr("modules")?.call_method1("get", ("pandas",))?;
    if pandas.is_none() || !obj.is_instance(&pandas.getattr("Series")?)? {
        return Ok(None);
    }
    let mut names = Vec::new();
    for label in obj.getattr("index")?.try_iter()? {
        names.push(field_dotted(&column_name(&label?)?).into_owned());
    }
    // A field labelled twice, or inside another (`zone.name` and `zone.name.en`), is one
    // submission's repeated key, as JSON text's is: its error, not a table's.
    if let Some(clash) = zonescore::ColumnClash::find(&names) {
        let (a, b) = (names.get(clash.first), names.get(clash.second));
        let field = if clash.nested { a.zip(b).map(|(a, b)| if a.len() < b.len() { a } else { b }) } else { a };
        let error = FieldError::new(FieldErrorKind::DuplicateKey, dotted_to_pointer(field.map_or("", |f| f)), None);
        return Ok(Some(Submission::Unreadable(vec![error])));
    }
    // `array` keeps a float32 cell's own scalar, where `tolist()` widens it to a float.
    let mut cells = Vec::new();
    for cell in obj.getattr("array")?.try_iter()? {
        cells.push(PyList::new(py, [cell?])?);
    }
    let missing = vec![pandas.getattr("NA")?, pandas.getattr("NaT")?];
    let row = table_row_iter(py, 1, &names, &cells, missing)?.next().transpose();
    row
}

/// A table column's name as text: a MultiIndex column's levels joined by `.`, empty levels
/// left out (`("bonus", "export_returns_down")`), else its `str`.
fn column_name(label: &Bound<'_, PyAny>) -> PyResult<String> {
    let Ok(levels) = label.cast::<PyTuple>() else { return Ok(label.str()?.to_string()) };
    let mut parts = Vec::new();
    // A level pandas padded (a shorter tuple among longer ones) is NaN.
    let padding = |l: &Bound<'_, PyAny>| l.is_none() || l.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan());
    for level in levels.iter().filter(|l| !padding(l)) {
        let text = level.str()?.to_string();
        if !text.is_empty() {
            parts.push(text);
        }
    }
    Ok(parts.join("."))
}

/// [`column_name`] of each of a table's columns (`frame.columns`).
#[pyfunction]
pub(crate) fn column_names(labels: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    labels.try_iter()?.map(|label| column_name(&label?)).collect()
}

/// [`table_rows`] one row at a time, for a caller that may stop early.
fn table_row_iter<'a, 'py: 'a>(
    py: Python<'py>,
    height: usize,
    names: &'a [String],
    values: &'a [Bound<'py, PyList>],
    missing: Vec<Bound<'py, PyAny>>,
) -> PyResult<impl Iterator<Item = PyResult<Submission>> + 'a> {
    if names.len() != values.len() {
        return Err(PyValueError::new_err("one list of values is needed per column name"));
    }
    if values.iter().any(|c| c.len() != height) {
        return Err(PyValueError::new_err("every column must have the same length"));
    }
    // A column names its field by dotted path or by JSON pointer (`/zone/name`).
    let names: Vec<String> = names.iter().map(|n| field_dotted(n).into_owned()).collect();
    check_columns(py, &names)?;
    let pointers: Vec<String> = names.iter().map(|n| dotted_to_pointer(n)).collect();
    let mut reader = Reader::with_missing(py, missing)?;
    Ok((0..height).map(move |r| {
        let mut pairs = Vec::with_capacity(names.len());
        for ((name, pointer), column) in names.iter().zip(&pointers).zip(values) {
            let cell = column.get_item(r)?;
            if !reader.is_empty_cell(&cell) {
                pairs.push((name.clone(), reader.read(&cell, pointer)?));
            }
        }
        Ok(Submission::read(Input::from_flat(pairs), &mut reader))
    }))
}

/// The ruleset a table given as a list of records is scored with in slices: the given
/// one, or the one the first record naming one names, read until one is found (core's rule
/// for a table, as an unsliced one is scored).
#[pyfunction]
#[pyo3(signature = (submissions, ruleset = None))]
pub(crate) fn batch_ruleset(
    py: Python<'_>,
    submissions: &Bound<'_, PyAny>,
    ruleset: Option<&RulesetCore>,
) -> PyResult<RulesetCore> {
    let first = match ruleset {
        Some(_) => None,
        None => first_naming(submissions.try_iter()?.map(|item| read_submission(py, &item?)))?,
    };
    Ok(RulesetCore { inner: ruleset_for(py, ruleset, first.iter().map(Submission::as_core))? })
}

/// The first submission whose shape names a bundled ruleset, reading no further than it.
fn first_naming(rows: impl Iterator<Item = PyResult<Submission>>) -> PyResult<Option<Submission>> {
    for row in rows {
        let row = row?;
        if row.as_core().names_ruleset().is_some() {
            return Ok(Some(row));
        }
    }
    Ok(None)
}

/// [`batch_ruleset`] for table rows given column by column (see [`score_columns`]); `None`
/// when no ruleset is given and no row names one (the caller looks further, or takes the
/// default).
#[pyfunction]
#[pyo3(signature = (height, names, values, missing, ruleset = None))]
pub(crate) fn table_ruleset<'py>(
    py: Python<'py>,
    height: usize,
    names: Vec<String>,
    values: Vec<Bound<'py, PyList>>,
    missing: Vec<Bound<'py, PyAny>>,
    ruleset: Option<&RulesetCore>,
) -> PyResult<Option<RulesetCore>> {
    let first = match ruleset {
        Some(_) => None,
        None => match first_naming(table_row_iter(py, height, &names, &values, missing)?)? {
            Some(row) => Some(row),
            None => return Ok(None),
        },
    };
    Ok(Some(RulesetCore { inner: ruleset_for(py, ruleset, first.iter().map(Submission::as_core))? }))
}

/// Scores table rows given column by column: `names` are dotted field paths, `values`
/// one list per column; empty cells (`None`, float `NaN`, the `missing` markers) are left
/// out. Returns result columns: `final_score`, `grade`, `outcome`, `points.<criterion>`…,
/// `errors` (an invalid row's errors as core words them for a cell, `{zh, en}`, else `None`).
#[pyfunction]
#[pyo3(signature = (height, names, values, missing, ruleset = None))]
pub(crate) fn score_columns<'py>(
    py: Python<'py>,
    height: usize,
    names: Vec<String>,
    values: Vec<Bound<'py, PyList>>,
    missing: Vec<Bound<'py, PyAny>>,
    ruleset: Option<&RulesetCore>,
) -> PyResult<Bound<'py, PyDict>> {
    let rows = table_rows(py, height, &names, &values, missing)?;
    let (table, ruleset) = score_table_rows(py, rows, ruleset)?;
    columns(py, table, &ruleset.criterion_ids())
}

/// Scores many submissions into result columns (see [`score_columns`]).
#[pyfunction]
#[pyo3(signature = (submissions, ruleset = None))]
pub(crate) fn score_records<'py>(
    py: Python<'py>,
    submissions: &Bound<'py, PyAny>,
    ruleset: Option<&RulesetCore>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut rows = Vec::new();
    for item in submissions.try_iter()? {
        rows.push(read_submission(py, &item?)?);
    }
    let (table, ruleset) = score_table_rows(py, rows, ruleset)?;
    columns(py, table, &ruleset.criterion_ids())
}
