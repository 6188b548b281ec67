//! A submission as Python hands it over (JSON text, a dict tree, or values of no JSON
//! shape) and its reading by core: the given ruleset, or the one the submission names.

use crate::answer::AnswerCore;
use crate::convert::Reader;
use crate::{ruleset_error, RulesetCore};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyMemoryView, PyString};
use zonescore::{Chosen, FieldError, HostGroup, HostLeaf, HostMember, HostReader, Input, Ruleset, ValidSubmission};

/// Calls `f` with the bytes of JSON text: a `str` as UTF-8, or a `bytes`, `bytearray` or
/// `memoryview` as it is. Decoding (UTF-8, a byte-order mark, invalid bytes) is the
/// engine's, as for the browser's `Uint8Array`; `None` for any other type.
pub(crate) fn json_bytes<R>(obj: &Bound<'_, PyAny>, f: impl FnOnce(&[u8]) -> R) -> PyResult<Option<R>> {
    if let Ok(s) = obj.cast::<PyString>() {
        if let Ok(text) = s.to_cow() {
            return Ok(Some(f(text.as_bytes())));
        }
        // A lone surrogate has no UTF-8: its bytes as Python keeps them are not UTF-8, so the
        // engine's reader answers `invalid_utf8` at its place, as for bytes, instead of a
        // UnicodeEncodeError losing a whole batch.
        let kept = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
        return Ok(Some(f(kept.cast::<PyBytes>()?.as_bytes())));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Some(f(b.as_bytes())));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Some(f(&b.to_vec())));
    }
    if obj.cast::<PyMemoryView>().is_ok() {
        // The buffer protocol is not in the limited API before 3.11, which the `abi3` build
        // targets: copy through `bytes`.
        let copy = obj.call_method0("tobytes")?;
        return Ok(Some(f(copy.cast::<PyBytes>()?.as_bytes())));
    }
    Ok(None)
}

/// [`json_bytes`] for arguments that must be JSON text: any other type is a `TypeError`.
pub(crate) fn with_json_bytes<R>(obj: &Bound<'_, PyAny>, f: impl FnOnce(&[u8]) -> R) -> PyResult<R> {
    json_bytes(obj, f)?.ok_or_else(|| {
        let found = obj.get_type().name().map(|n| n.to_string()).unwrap_or_default();
        PyTypeError::new_err(format!("expected JSON text as str, bytes, bytearray or memoryview, not `{found}`"))
    })
}

/// A submission as the engine reads it: JSON text, or a tree that may hold values of no
/// JSON shape (reported by the binding, not scored).
pub(crate) enum Submission {
    Text(Vec<u8>),
    Tree(Input),
    Unreadable(Vec<FieldError>),
    /// A tree holding workbook cells that could not be read, and their errors.
    Cells(Input, Vec<FieldError>),
}

pub(crate) fn read_submission(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Submission> {
    if let Some(text) = json_bytes(obj, <[u8]>::to_vec)? {
        return Ok(Submission::Text(text));
    }
    if obj.cast::<PyDict>().is_err() {
        if let Some(row) = crate::table::pandas_row(py, obj)? {
            return Ok(row);
        }
    }
    let mut reader = Reader::new(py)?;
    let input = reader.read(obj, "")?;
    Ok(Submission::read(input, &mut reader))
}

impl Submission {
    /// What `reader` read into `input` (and the problems it found, which it gives up).
    pub(crate) fn read(input: Input, reader: &mut Reader<'_>) -> Self {
        let (mut errors, unread) = (std::mem::take(&mut reader.errors), std::mem::take(&mut reader.unread));
        match (errors.is_empty(), unread.is_empty()) {
            (true, true) => Self::Tree(input),
            (true, false) => Self::Cells(input, unread),
            (false, _) => {
                errors.extend(unread);
                Self::Unreadable(errors)
            }
        }
    }

    /// The submission as the engine takes it.
    pub(crate) fn as_core(&self) -> zonescore::Submission<'_> {
        match self {
            Self::Text(bytes) => zonescore::Submission::Json(bytes),
            Self::Tree(input) => zonescore::Submission::Tree(input),
            Self::Unreadable(errors) => zonescore::Submission::Unreadable(errors),
            Self::Cells(input, unread) => zonescore::Submission::Cells(input, unread),
        }
    }
}

/// A dict read straight into the typed record of its ruleset (the given one, or the bundled
/// one its top-level keys name), with no input tree: what nearly every valid dict is. `None`
/// for anything unusual (a key no group declares, a value its field refuses, a type only the
/// tree reader converts), which [`read_submission`]'s tree path then reads and words.
pub(crate) fn read_record(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    ruleset: Option<&RulesetCore>,
) -> PyResult<Option<(Ruleset, ValidSubmission)>> {
    let Ok(dict) = obj.cast::<PyDict>() else { return Ok(None) };
    let rules = match ruleset {
        Some(r) => r.inner.clone(),
        None => {
            let keys: Vec<_> = dict.keys().iter().map(|k| k.cast_into_exact::<PyString>().ok()).collect();
            let Some(keys) = keys.into_iter().collect::<Option<Vec<_>>>() else { return Ok(None) };
            let Ok(texts) = keys.iter().map(|k| k.to_str()).collect::<PyResult<Vec<&str>>>() else { return Ok(None) };
            zonescore::bundled_for_keys(&texts).map_err(|e| ruleset_error(py, &e))?
        }
    };
    let mut reader = rules.host_reader();
    let root = reader.root();
    if !read_group(py, &mut reader, root, dict)? {
        return Ok(None);
    }
    Ok(reader.finish().map(|record| (rules, record)))
}

/// Whether a submission is read straight into its record (for the tests that the shortcut
/// is taken where it should be).
#[pyfunction]
#[pyo3(signature = (submission, ruleset = None))]
pub(crate) fn _reads_straight(
    py: Python<'_>,
    submission: &Bound<'_, PyAny>,
    ruleset: Option<&RulesetCore>,
) -> PyResult<bool> {
    Ok(read_record(py, submission, ruleset)?.is_some())
}

/// The members of one group's dict; `false` gives up.
fn read_group<'r>(
    py: Python<'_>,
    reader: &mut HostReader<'r>,
    group: HostGroup<'r>,
    dict: &Bound<'_, PyDict>,
) -> PyResult<bool> {
    for (key, value) in dict.iter() {
        // Plain `str` keys only: a subclass may compare or hash as it likes.
        let Ok(key) = key.cast_exact::<PyString>() else { return Ok(false) };
        let Ok(key) = key.to_str() else { return Ok(false) };
        let read = match reader.member(group, key) {
            None => false,
            Some(HostMember::Leaf(field)) => read_leaf(&value, |leaf| reader.leaf(field, leaf)),
            Some(HostMember::Group(_)) if value.is_none() => true,
            Some(HostMember::Group(inner)) => match value.cast::<PyDict>() {
                Ok(inner_dict) => read_group(py, reader, inner, inner_dict)?,
                Err(_) => false,
            },
            Some(HostMember::Meta) => {
                let mut tree = Reader::new(py)?;
                let meta = tree.read(&value, "/meta")?;
                tree.errors.is_empty() && reader.meta(&meta, tree.spent())
            }
        };
        if !read {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A field's value as core's leaf, for the types a dict from JSON holds; `false` for any
/// other (a `Decimal`, a numpy scalar, an int past 64 bits), which the tree reader converts.
fn read_leaf(value: &Bound<'_, PyAny>, leaf: impl FnOnce(HostLeaf<'_>) -> bool) -> bool {
    if value.is_none() {
        return leaf(HostLeaf::Null);
    }
    // Ints and booleans, most of a submission's values, first: each is told by one comparison
    // of its type, where the checks below, which take subclasses too, each call into Python
    // under the stable ABI. A subclass of `int` (other than `bool`) goes to the tree.
    if let Ok(i) = value.cast_exact::<PyInt>() {
        return i.extract::<i64>().is_ok_and(|n| leaf(HostLeaf::Decimal(n.into())));
    }
    if let Ok(b) = value.cast_exact::<PyBool>() {
        return leaf(HostLeaf::Bool(b.is_true()));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return zonescore::input::float_value(f.value()).is_some_and(|d| leaf(HostLeaf::Decimal(d)));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return s.to_str().is_ok_and(|text| leaf(HostLeaf::Text(text)));
    }
    false
}

/// The submission read once with the given ruleset, or the bundled one it is written for.
pub(crate) fn choose<'a>(
    py: Python<'_>,
    ruleset: Option<&RulesetCore>,
    submission: &'a Submission,
) -> PyResult<Chosen<'a>> {
    Chosen::new(ruleset.map(|r| &r.inner), submission.as_core()).map_err(|e| ruleset_error(py, &e))
}

static TABLE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Refuses a table whose columns clash (one field path in two columns, or a column inside
/// another's field: `zone.name` and `zone.name.en`), as `zonescore.TableError`: reading it
/// would lose one of the two cells of every row.
pub(crate) fn check_columns<S: AsRef<str>>(py: Python<'_>, names: &[S]) -> PyResult<()> {
    let Some(clash) = zonescore::ColumnClash::find(names) else {
        return Ok(());
    };
    let place = |i: usize| zonescore::model::Text::new(format!("第 {} 列", i + 1), format!("column {}", i + 1));
    let message = clash.message(names, place);
    let code = if clash.nested { "nested_column" } else { "repeated_column" };
    let class = TABLE_ERROR.import(py, "zonescore._errors", "TableError")?;
    Err(PyErr::from_value(class.call1((code, message.zh, message.en))?))
}

/// The ruleset of many submissions: the given one, or the bundled one the first of them
/// that names one names (core's rule, the same in every face).
pub(crate) fn ruleset_for<'a>(
    py: Python<'_>,
    ruleset: Option<&RulesetCore>,
    submissions: impl IntoIterator<Item = zonescore::Submission<'a>>,
) -> PyResult<Ruleset> {
    zonescore::ruleset_for(ruleset.map(|r| &r.inner), submissions).map_err(|e| ruleset_error(py, &e))
}

pub(crate) fn answer_for(
    py: Python<'_>,
    submission: Submission,
    ruleset: Option<&RulesetCore>,
) -> PyResult<AnswerCore> {
    let chosen = choose(py, ruleset, &submission)?;
    let answer = chosen.answer();
    Ok(AnswerCore::scored(answer).by(chosen.ruleset))
}
