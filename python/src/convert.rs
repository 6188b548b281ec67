//! Python values to the engine's [`Input`] tree and JSON values back to Python objects.
//!
//! Numbers cross as text so nothing is rounded on the way in: an `int` as its digits, a
//! `float` as its shortest round-trip text (`0.1` stays `0.1`; a numpy `float32` at its own
//! precision, `1.06`, not the double it widens to), a `Decimal` as `str(d)`. A numpy array
//! is a list, never unwrapped into the value it holds.
//! `NaN` and infinities are passed on as text too, and the engine reports them as
//! `not_finite` field errors. Values that have no JSON shape (bytes, sets, dates, keys
//! that are not strings) are collected as errors of this binding, with the path where
//! they were found, so a submission gets every problem at once.

use crate::excel::UnreadableCell;
use crate::numpy::{self, Numpy};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::Value;
use zonescore::input::escape_pointer_segment;
use zonescore::{host_error, FieldError, HostBudget, HostProblem, Input, MAX_DEPTH};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The `decimal.Decimal` class.
pub(crate) fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

/// Reads Python objects into [`Input`] trees, collecting what cannot be read.
pub(crate) struct Reader<'py> {
    py: Python<'py>,
    decimal: Bound<'py, PyType>,
    /// Objects that stand for an empty spreadsheet cell (`pd.NA`, `pd.NaT`).
    missing: Vec<Bound<'py, PyAny>>,
    /// Problems found so far, as field errors of this binding.
    pub errors: Vec<FieldError>,
    /// The errors of workbook cells `read_excel` could not read, found so far (see
    /// [`crate::excel::UnreadableCell`]): the submission is a row of cells, some unread.
    pub unread: Vec<FieldError>,
    /// What the value being read may still hold (core's count of a host tree): past it, the
    /// value is `too_large` and the rest is not read.
    budget: HostBudget,
    over: bool,
    /// An exception that is no `Exception` (`KeyboardInterrupt`, `SystemExit`) raised while a
    /// value was read: it stops the read and is raised again, never worded as the value's.
    stop: Option<PyErr>,
}

impl<'py> Reader<'py> {
    pub fn new(py: Python<'py>) -> PyResult<Self> {
        Ok(Self {
            py,
            decimal: decimal_type(py)?.clone(),
            missing: Vec::new(),
            errors: Vec::new(),
            unread: Vec::new(),
            budget: HostBudget::default(),
            over: false,
            stop: None,
        })
    }

    /// A reader for table cells, where these objects (and `None`, and float `NaN`) are empty.
    pub fn with_missing(py: Python<'py>, missing: Vec<Bound<'py, PyAny>>) -> PyResult<Self> {
        let mut reader = Self::new(py)?;
        reader.missing = missing;
        Ok(reader)
    }

    /// Whether a table cell is empty: `None`, float `NaN` (a numpy one too), one of the
    /// missing markers, or text that core reads as an empty cell (white space only, as in
    /// a workbook).
    pub fn is_empty_cell(&self, cell: &Bound<'py, PyAny>) -> bool {
        cell.is_none()
            || cell.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan())
            || cell.cast::<PyString>().is_ok_and(|s| s.to_cow().is_ok_and(|t| zonescore::input::is_blank_text(&t)))
            || self.missing.iter().any(|m| m.is(cell))
            || numpy::is_nan(cell)
    }

    /// Reads a whole submission; `pointer` is where it sits (empty for the root). An error
    /// only when Python was stopped while it read (Ctrl-C).
    pub fn read(&mut self, obj: &Bound<'py, PyAny>, pointer: &str) -> PyResult<Input> {
        (self.budget, self.over) = (HostBudget::default(), false);
        let input = self.value(obj, &At::Root(pointer), 1);
        match self.stop.take() {
            Some(stop) => Err(stop),
            None => Ok(input),
        }
    }

    /// Whether `e` stops the program rather than saying what is wrong with a value: an
    /// exception that is no `Exception` (`KeyboardInterrupt`, `SystemExit`).
    fn stops(&self, e: &PyErr) -> bool {
        !e.is_instance_of::<pyo3::exceptions::PyException>(self.py)
    }

    /// The value's problem when reading it raised `e`: the words of an `Exception`; any
    /// other exception is kept to be raised again, and the read ends.
    fn raised(&mut self, at: &At<'_>, e: PyErr) -> Input {
        if !self.stops(&e) {
            return self.fail(at, HostProblem::Unreadable { reason: &e.to_string() });
        }
        self.over = true;
        self.stop.get_or_insert(e);
        Input::Null
    }

    /// How much of its budget the last [`Reader::read`] spent.
    pub fn spent(&self) -> usize {
        zonescore::MAX_SUBMISSION_BYTES.saturating_sub(self.budget.left())
    }

    /// Spends `units` of the budget; past it, records `too_large` once and says to stop.
    fn spend(&mut self, units: usize) -> bool {
        if !self.over && !self.budget.spend(units) {
            self.over = true;
            self.errors.push(HostBudget::error());
        }
        !self.over
    }

    /// `depth` is the nesting level a container found here would have (the root is 1).
    fn value(&mut self, obj: &Bound<'py, PyAny>, at: &At<'_>, depth: usize) -> Input {
        if !self.spend(1) {
            return Input::Null;
        }
        // The types nearly every submission holds first (bool cannot be subclassed).
        if obj.is_none() {
            return Input::Null;
        }
        if let Ok(b) = obj.cast_exact::<PyBool>() {
            return Input::Bool(b.is_true());
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return match s.to_cow() {
                Ok(text) if !self.spend(text.len()) => Input::Null,
                Ok(text) => Input::String(text.into_owned()),
                Err(_) => self.fail(at, HostProblem::InvalidText),
            };
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return Input::Number(zonescore::input::float_input(f.value()));
        }
        if let Ok(i) = obj.cast_exact::<PyInt>() {
            // Most counts fit in an i64 and need no Python call to print; bigger ones go
            // through `str()` and keep every digit.
            return match i.extract::<i64>() {
                Ok(n) => Input::Number(n.to_string()),
                Err(_) => self.text_of(obj, at),
            };
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            if depth > MAX_DEPTH {
                // Not read further: the engine sees one level too many and reports `too_deep`.
                return Input::Object(Vec::new());
            }
            let mut members = Vec::with_capacity(dict.len());
            for (k, v) in dict.iter() {
                if self.over {
                    break;
                }
                self.member(&k, &v, at, depth, &mut members);
            }
            return Input::Object(members);
        }
        if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
            return self.items(obj, at, depth);
        }
        if obj.cast::<PyInt>().is_ok() {
            // An int subclass (IntEnum) may print itself by name: read its value.
            return match self.py.get_type::<PyInt>().call1((obj,)) {
                Ok(i) => self.text_of(&i, at),
                Err(e) if self.stops(&e) => self.raised(at, e),
                Err(_) => self.unsupported(obj, at),
            };
        }
        if obj.is_exact_instance(&self.decimal) || obj.is_instance(&self.decimal).unwrap_or(false) {
            return self.text_of(obj, at);
        }
        if let Ok(cell) = obj.cast::<UnreadableCell>() {
            // Left out of the tree; its errors stand for it, at wherever it now sits.
            let path = at.pointer();
            self.unread.extend(cell.get().errors.iter().map(|e| {
                let mut e = e.clone();
                e.path.clone_from(&path);
                e
            }));
            return Input::Null;
        }
        self.other(obj, at, depth)
    }

    fn member(
        &mut self,
        key: &Bound<'py, PyAny>,
        value: &Bound<'py, PyAny>,
        at: &At<'_>,
        depth: usize,
        members: &mut Vec<(String, Input)>,
    ) {
        match key.cast::<PyString>().map(|k| k.to_cow()) {
            Ok(Ok(k)) => {
                if !self.spend(k.len()) {
                    return;
                }
                let v = self.value(value, &At::Key(at, &k), depth + 1);
                members.push((k.into_owned(), v));
            }
            Ok(Err(_)) => {
                // At the path the key would have, one U+FFFD for each lone surrogate, as the
                // browser reports it (its strings are UTF-16 too).
                self.fail(&At::Key(at, &utf16_lossy(key)), HostProblem::InvalidText);
            }
            Err(_) => {
                let shown = match key.str() {
                    Ok(s) => s.to_string(),
                    Err(e) if self.stops(&e) => {
                        self.raised(at, e);
                        return;
                    }
                    Err(_) => String::new(),
                };
                let problem = HostProblem::NonStringKey { host_type: &type_name(key), key: &shown };
                self.fail(&At::Key(at, &shown), problem);
            }
        }
    }

    /// A list's (or a tuple's, or an array's) items, as a JSON array.
    fn items(&mut self, obj: &Bound<'py, PyAny>, at: &At<'_>, depth: usize) -> Input {
        if depth > MAX_DEPTH {
            return Input::Array(Vec::new());
        }
        let items = match obj.try_iter() {
            Ok(items) => items,
            Err(e) if self.stops(&e) => return self.raised(at, e),
            Err(_) => return self.unsupported(obj, at),
        };
        let mut out = Vec::new();
        for (i, item) in items.enumerate() {
            if self.over {
                break;
            }
            let here = At::Index(at, i);
            out.push(match item {
                Ok(item) => self.value(&item, &here, depth + 1),
                Err(e) => self.raised(&here, e),
            });
        }
        Input::Array(out)
    }

    /// Mappings that are not dicts, and numpy's scalars and arrays (see [`numpy::read`]):
    /// an array is a list, never unwrapped into the value it holds; anything of no JSON
    /// shape is reported by its own type (`numpy.datetime64`), not a converted one.
    fn other(&mut self, obj: &Bound<'py, PyAny>, at: &At<'_>, depth: usize) -> Input {
        if numpy::is_numpy(obj) {
            match numpy::read(obj) {
                Some(Numpy::Native(native)) => return self.value(&native, at, depth),
                Some(Numpy::Number(text)) => return Input::Number(text),
                Some(Numpy::Array) => return self.items(obj, at, depth),
                Some(Numpy::Unsupported) => return self.unsupported(obj, at),
                None => {}
            }
        }
        let mapping = MAPPING.import(self.py, "collections.abc", "Mapping");
        if mapping.is_ok_and(|m| obj.is_instance(m).unwrap_or(false)) {
            return match self.py.get_type::<PyDict>().call1((obj,)) {
                Ok(dict) => self.value(&dict, at, depth),
                Err(e) => self.raised(at, e),
            };
        }
        self.unsupported(obj, at)
    }

    /// A number whose text Python gives (`str(Decimal)`, `str(int)`).
    fn text_of(&mut self, obj: &Bound<'py, PyAny>, at: &At<'_>) -> Input {
        match obj.str() {
            Ok(s) => {
                if let Ok(text) = s.to_cow() {
                    return Input::Number(text.into_owned());
                }
            }
            Err(e) if self.stops(&e) => return self.raised(at, e),
            Err(_) => {}
        }
        // `str()` refuses an int of more than 4,300 digits (Python's int_max_str_digits, against
        // its quadratic cost). Far past 28 digits, it is out of range whatever its digits: its
        // order of magnitude stands for it (`1e5000`), as its sign and bit length give it.
        if obj.cast::<PyInt>().is_ok() {
            let bits = obj.call_method0("bit_length").and_then(|b| b.extract::<u64>());
            if let Ok(bits) = bits {
                let negative = obj.lt(0).unwrap_or(false);
                #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let exponent = ((bits.saturating_sub(1)) as f64 * std::f64::consts::LOG10_2).floor() as u64;
                return Input::Number(format!("{}1e{exponent}", if negative { "-" } else { "" }));
            }
        }
        self.unsupported(obj, at)
    }

    fn unsupported(&mut self, obj: &Bound<'py, PyAny>, at: &At<'_>) -> Input {
        // `meta` holds the submission's own notes, of any kind: a date there (a received-on
        // column, a `pd.Timestamp`) is kept as its ISO text, where it made every row invalid.
        let pointer = at.pointer();
        if pointer == "/meta" || pointer.starts_with("/meta/") {
            if let Some(text) = self.iso_text(obj) {
                return Input::String(text);
            }
        }
        self.fail(at, HostProblem::UnsupportedValue { host_type: &type_name(obj) })
    }

    /// A date, a time or a datetime (`datetime`'s, pandas' `Timestamp`, numpy's
    /// `datetime64`) as ISO text.
    fn iso_text(&self, obj: &Bound<'py, PyAny>) -> Option<String> {
        let is = |class: &PyOnceLock<Py<PyType>>, name: &str| {
            class.import(self.py, "datetime", name).is_ok_and(|c| obj.is_instance(c).unwrap_or(false))
        };
        let text = if is(&DATE, "date") || is(&TIME, "time") {
            obj.call_method0("isoformat").ok()?
        } else if type_name(obj) == "numpy.datetime64" {
            obj.str().ok()?.into_any()
        } else {
            return None;
        };
        text.extract::<String>().ok()
    }

    fn fail(&mut self, at: &At<'_>, problem: HostProblem<'_>) -> Input {
        self.errors.push(host_error(&at.pointer(), problem));
        Input::Null
    }
}

/// Where a value sits, as a chain up to the root. The JSON pointer is written only when
/// an error needs it, so reading a valid submission builds no paths at all.
enum At<'a> {
    /// The pointer the value read sits at (empty for a whole submission).
    Root(&'a str),
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn pointer(&self) -> String {
        match self {
            At::Root(base) => (*base).to_owned(),
            At::Key(parent, key) => format!("{}/{}", parent.pointer(), escape_pointer_segment(key)),
            At::Index(parent, i) => format!("{}/{i}", parent.pointer()),
        }
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    let ty = obj.get_type();
    let name = ty.name().map(|n| n.to_string()).unwrap_or_default();
    match ty.module().map(|m| m.to_string()) {
        Ok(m) if m != "builtins" => format!("{m}.{name}"),
        _ => name,
    }
}

/// A JSON value as Python objects: dicts keep member order, numbers become `int` or `float`.
pub(crate) fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(members) => {
            let dict = PyDict::new(py);
            for (k, v) in members {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// Any serialisable value as Python objects, through its JSON form.
pub(crate) fn serde_to_py<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    to_py(py, &json)
}

/// A text as Python takes it: `(zh, en)`.
pub(crate) type Pair = (String, String);

/// A core text as a `(zh, en)` pair.
pub(crate) fn pair(t: zonescore::model::Text) -> Pair {
    (t.zh, t.en)
}

/// Text with each lone surrogate replaced by U+FFFD, read as UTF-16 (pyo3's own lossy text
/// replaces each of the surrogate's three UTF-8 bytes).
fn utf16_lossy(text: &Bound<'_, PyAny>) -> String {
    let units = text.call_method1("encode", ("utf-16-le", "surrogatepass")).and_then(|b| b.extract::<Vec<u8>>());
    let bytes = units.unwrap_or_default();
    let units: Vec<u16> =
        bytes.chunks_exact(2).filter_map(|pair| Some(u16::from_le_bytes(pair.try_into().ok()?))).collect();
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyo3::ffi::c_str;

    fn read(code: &std::ffi::CStr) -> (Input, Vec<FieldError>) {
        Python::initialize();
        Python::attach(|py| {
            let value = py.eval(code, None, None).unwrap();
            let mut reader = Reader::new(py).unwrap();
            let input = reader.read(&value, "").unwrap();
            (input, reader.errors)
        })
    }

    #[test]
    fn numbers_keep_their_exact_text() {
        let (input, errors) = read(c_str!(
            "{'a': 0.1, 'b': 10**30, 'c': __import__('decimal').Decimal('1.10'), 'd': True, 'e': None, 'f': float('nan')}"
        ));
        assert!(errors.is_empty());
        let number = |k: &str| match input.get(k) {
            Some(Input::Number(n)) => n.clone(),
            other => panic!("{k}: {other:?}"),
        };
        assert_eq!(number("a"), "0.1");
        assert_eq!(number("b"), format!("1{}", "0".repeat(30)));
        assert_eq!(number("c"), "1.10");
        assert_eq!(number("f"), "NaN");
        assert_eq!(input.get("d"), Some(&Input::Bool(true)));
        assert_eq!(input.get("e"), Some(&Input::Null));
    }

    #[test]
    fn values_without_a_json_shape_are_errors_with_their_path() {
        let (_, errors) = read(c_str!("{'zone': {'name': b'x', 3: 1, 'list': [1, {2}]}}"));
        let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.path.as_str(), e.code.as_str())).collect();
        assert_eq!(
            found,
            [("/zone/name", "unsupported_value"), ("/zone/3", "non_string_key"), ("/zone/list/1", "unsupported_value")]
        );
        assert!(errors.iter().all(|e| !e.message.zh.is_empty() && !e.message.en.is_empty()));
    }

    #[test]
    fn nesting_stops_one_level_past_the_limit() {
        let (input, errors) = read(c_str!("(lambda: [d := {}, [d.__setitem__('a', d)], d][0])()"));
        assert!(errors.is_empty());
        let mut depth = 0;
        let mut node = &input;
        while let Input::Object(members) = node {
            depth += 1;
            match members.first() {
                Some((_, next)) => node = next,
                None => break,
            }
        }
        assert_eq!(depth, MAX_DEPTH + 1);
    }
}
