//! numpy values as the engine reads them: a scalar by its own value (a `float32` or
//! `float16` by its own shortest round-trip text, core's `f32_input` and `f16_input`, never
//! widened to a double's binary noise), an array as the list it holds, never unwrapped.

use arrow_array::types::Float16Type;
use arrow_array::ArrowPrimitiveType;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

static GENERIC: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static NDARRAY: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static FLOATING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INTEGER: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static BOOL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static FORMAT_FLOAT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// What a numpy object is to the reader.
pub(crate) enum Numpy<'py> {
    /// A `bool_` or an integer scalar, as the Python `bool` or `int` it equals.
    Native(Bound<'py, PyAny>),
    /// A float scalar's exact text (a `float32` by its own shortest text).
    Number(String),
    /// An array of one dimension or more: read as the list of what it holds.
    Array,
    /// Anything else of numpy (a 0-d array, a date, a complex number): no JSON shape.
    Unsupported,
}

/// Whether `obj` comes from numpy (its type's module), checked before numpy is looked up.
pub(crate) fn is_numpy(obj: &Bound<'_, PyAny>) -> bool {
    obj.get_type().module().is_ok_and(|m| m.to_cow().is_ok_and(|m| m == "numpy" || m.starts_with("numpy.")))
}

fn is_a(obj: &Bound<'_, PyAny>, lock: &'static PyOnceLock<Py<PyType>>, name: &str) -> bool {
    lock.import(obj.py(), "numpy", name).is_ok_and(|t| obj.is_instance(t).unwrap_or(false))
}

/// Reads a numpy object; `None` when it is not one of numpy's scalars or arrays.
pub(crate) fn read<'py>(obj: &Bound<'py, PyAny>) -> Option<Numpy<'py>> {
    if is_a(obj, &NDARRAY, "ndarray") {
        let dimensions = obj.getattr("ndim").and_then(|n| n.extract::<usize>());
        return Some(if dimensions.is_ok_and(|n| n > 0) { Numpy::Array } else { Numpy::Unsupported });
    }
    if !is_a(obj, &GENERIC, "generic") {
        return None;
    }
    if is_a(obj, &BOOL, "bool_") || is_a(obj, &INTEGER, "integer") {
        return Some(obj.call_method0("item").map_or(Numpy::Unsupported, Numpy::Native));
    }
    if is_a(obj, &FLOATING, "floating") {
        return Some(float_text(obj).map_or(Numpy::Unsupported, Numpy::Number));
    }
    Some(Numpy::Unsupported)
}

/// A numpy float's text at its own precision. `float()` widens exactly, so the narrow
/// value is recovered from it; a `longdouble` is written by numpy (its shortest round-trip
/// digits, which the engine refuses as `out_of_range` past 28 of them, never rounds).
fn float_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let wide: f64 = obj.extract()?;
    let size: usize = obj.getattr("itemsize")?.extract()?;
    let text = match size {
        // Exact: the value is an f16's or f32's, widened.
        2 => zonescore::input::f16_input(<Float16Type as ArrowPrimitiveType>::Native::from_f64(wide).to_bits()),
        4 => zonescore::input::f32_input(wide as f32),
        _ if size == 8 || !wide.is_finite() => zonescore::input::float_input(wide),
        _ => {
            let format = FORMAT_FLOAT.import(obj.py(), "numpy", "format_float_positional")?;
            let kwargs = PyDict::new(obj.py());
            kwargs.set_item("unique", true)?;
            kwargs.set_item("trim", "-")?;
            format.call((obj,), Some(&kwargs))?.extract()?
        }
    };
    Ok(text)
}

/// Whether a table cell is a numpy float `NaN` (an empty cell, as a Python `NaN` is).
pub(crate) fn is_nan(cell: &Bound<'_, PyAny>) -> bool {
    is_numpy(cell) && is_a(cell, &FLOATING, "floating") && cell.extract::<f64>().is_ok_and(f64::is_nan)
}
