//! JavaScript values → [`zonescore::Input`]: a walk over the value, with numbers kept as text.
//!
//! A JS number goes in as its shortest round-trip text (`String(n)`: `0.1`, `1e+21`), so
//! `0.1` is the decimal 0.1 and never its binary neighbour; `NaN` and `Infinity` go in as
//! that text, which the core rejects as `not_finite`. A bigint goes in as its decimal text.
//! `undefined` members are missing, as in JSON. Nothing here decides what is valid: the
//! core does, with its own codes and messages.

use js_sys::{Array, BigInt, JsString, Number, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use zonescore::{Input, MAX_DEPTH, MAX_SUBMISSION_BYTES};

/// Why a JS value cannot be handed to the core at all.
pub(crate) enum ReadError {
    /// A function or a symbol (`found` is its `typeof`); path segments innermost first,
    /// collected while unwinding.
    Unsupported { reversed_path: Vec<String>, found: String },
    /// More values and string characters than a submission of the core's largest JSON
    /// text could hold.
    TooLarge,
}

/// Reads a JS value as a submission tree.
pub(crate) fn to_input(value: &JsValue) -> Result<Input, ReadError> {
    // One unit per value and per string character (UTF-16): a JSON text of at most
    // MAX_SUBMISSION_BYTES holds no more, so a bigger object could never be a submission,
    // and a hostile one (a sparse array of length 2^32 - 1) is refused before it is read.
    let mut budget = MAX_SUBMISSION_BYTES;
    read(value, 1, &mut budget)
}

fn spend(budget: &mut usize, units: usize) -> Result<(), ReadError> {
    *budget = budget.checked_sub(units).ok_or(ReadError::TooLarge)?;
    Ok(())
}

fn read(value: &JsValue, depth: usize, budget: &mut usize) -> Result<Input, ReadError> {
    spend(budget, 1)?;
    if value.is_null() || value.is_undefined() {
        return Ok(Input::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Input::Bool(b));
    }
    if let Some(s) = value.dyn_ref::<JsString>() {
        spend(budget, s.length() as usize)?;
        return Ok(Input::String(String::from(s)));
    }
    if value.as_f64().is_some() {
        // Number.prototype.toString(10) cannot fail for radix 10; an empty text would be
        // rejected by the core as out of range, never read as a number.
        let text = value.unchecked_ref::<Number>().to_string_with_radix(10).map(String::from).unwrap_or_default();
        return Ok(Input::Number(text));
    }
    if value.is_bigint() {
        let text = value.unchecked_ref::<BigInt>().to_string(10).map(String::from).unwrap_or_default();
        spend(budget, text.len())?;
        return Ok(Input::Number(text));
    }
    if Array::is_array(value) {
        return read_array(value, depth, budget);
    }
    if value.is_object() {
        return read_object(value, depth, budget);
    }
    Err(ReadError::Unsupported { reversed_path: Vec::new(), found: value.js_typeof().as_string().unwrap_or_default() })
}

// INVARIANT: the core counts every object and array towards the depth (the top-level
// object is 1), so an empty container standing in for anything deeper than MAX_DEPTH is
// enough for the core to report `too_deep` itself. The walk never goes further, so a
// deep or cyclic JS value cannot overflow the stack or loop.
fn read_array(value: &JsValue, depth: usize, budget: &mut usize) -> Result<Input, ReadError> {
    if depth > MAX_DEPTH {
        return Ok(Input::Array(Vec::new()));
    }
    // Reflect, not Array's own getters: a throwing proxy must not unwind through Rust.
    let length = Reflect::get(value, &JsValue::from_str("length")).ok().and_then(|l| l.as_f64()).unwrap_or(0.0);
    if length > *budget as f64 {
        return Err(ReadError::TooLarge);
    }
    let mut items = Vec::new();
    let mut index: u32 = 0;
    while f64::from(index) < length {
        let item = Reflect::get_u32(value, index).unwrap_or(JsValue::UNDEFINED);
        items.push(read(&item, depth + 1, budget).map_err(|e| within(e, index.to_string()))?);
        index = index.saturating_add(1);
    }
    Ok(Input::Array(items))
}

fn read_object(value: &JsValue, depth: usize, budget: &mut usize) -> Result<Input, ReadError> {
    if depth > MAX_DEPTH {
        return Ok(Input::Object(Vec::new()));
    }
    // Own enumerable string keys in JS order; a throwing getter reads as no members.
    let entries: Array = Object::entries_typed::<JsValue>(value.unchecked_ref())
        .map(JsCast::unchecked_into)
        .unwrap_or_else(|_| Array::new());
    let mut members = Vec::with_capacity(entries.length() as usize);
    for entry in entries.iter() {
        let pair: Array = entry.unchecked_into();
        let key = String::from(JsString::from(pair.get(0)));
        let member = pair.get(1);
        if member.is_undefined() {
            continue;
        }
        spend(budget, key.len())?;
        let input = read(&member, depth + 1, budget).map_err(|e| within(e, key.clone()))?;
        members.push((key, input));
    }
    Ok(Input::Object(members))
}

fn within(e: ReadError, segment: String) -> ReadError {
    match e {
        ReadError::Unsupported { mut reversed_path, found } => {
            reversed_path.push(zonescore::input::escape_pointer_segment(&segment));
            ReadError::Unsupported { reversed_path, found }
        }
        other => other,
    }
}
