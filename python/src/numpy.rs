//! numpy floats as the engine reads them: by their own value (a `float32` or `float16` by
//! its own shortest round-trip text, see [`crate::narrow`], never widened to a double's
//! binary noise).

use crate::narrow::{f16_text, f32_text, F16};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

static FLOATING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static FORMAT_FLOAT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Whether `obj` comes from numpy (its type's module), checked before numpy is looked up.
pub(crate) fn is_numpy(obj: &Bound<'_, PyAny>) -> bool {
    obj.get_type().module().is_ok_and(|m| m.to_cow().is_ok_and(|m| m == "numpy" || m.starts_with("numpy.")))
}

fn is_a(obj: &Bound<'_, PyAny>, lock: &'static PyOnceLock<Py<PyType>>, name: &str) -> bool {
    lock.import(obj.py(), "numpy", name).is_ok_and(|t| obj.is_instance(t).unwrap_or(false))
}

/// The text of a numpy float scalar (see [`float_text`]); `None` for anything else.
pub(crate) fn float(obj: &Bound<'_, PyAny>) -> Option<String> {
    is_a(obj, &FLOATING, "floating").then(|| float_text(obj).ok()).flatten()
}

/// A numpy float's text at its own precision. `float()` widens exactly, so the narrow
/// value is recovered from it; a `longdouble` is written by numpy (its shortest round-trip
/// digits, which the engine refuses as `out_of_range` past 28 of them, never rounds).
fn float_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let wide: f64 = obj.extract()?;
    let size: usize = obj.getattr("itemsize")?.extract()?;
    let text = match size {
        // Exact: the value is an f16's or f32's, widened.
        2 => f16_text(F16::from_f64(wide)),
        4 => f32_text(wide as f32),
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
