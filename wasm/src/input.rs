//! JavaScript values → [`zonescore::Input`]: a walk over the value, with numbers kept as text.
//!
//! A JS number goes in as its shortest round-trip text (`String(n)`: `0.1`, `1e+21`), so
//! `0.1` is the decimal 0.1 and never its binary neighbour; `NaN` and `Infinity` go in as
//! that text, which the core rejects as `not_finite`. A bigint goes in as its decimal text.
//! `undefined` members are missing, as in JSON. Nothing here decides what is valid: the
//! core does, with its own codes and messages.

use js_sys::{Array, BigInt, JsString, Number, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use zonescore::{FieldError, HostBudget, HostProblem, Input, Submission, MAX_DEPTH};

/// More values and string characters than core's [`HostBudget`] allows: the walk stops, and
/// the core answers the value with its `too_large` error, as it answers Python's.
struct TooLarge;

/// A JS value as the core takes it: its tree, or every value of no JSON shape found in it
/// (a function or a symbol: core's `unsupported_value` at its JSON pointer), which the core
/// answers as a failure, as it answers Python's unreadable values.
pub(crate) enum Host {
    Tree(Input),
    Unreadable(Vec<FieldError>),
}

impl Host {
    pub(crate) fn as_core(&self) -> Submission<'_> {
        match self {
            Self::Tree(input) => Submission::Tree(input),
            Self::Unreadable(errors) => Submission::Unreadable(errors),
        }
    }
}

/// Reads a JS value found at the JSON pointer `at` (`""` for a whole submission).
pub(crate) fn to_input(value: &JsValue, at: &str) -> Host {
    // One unit per value and per string character (UTF-16), as core counts a host tree.
    let mut reader = Reader { budget: HostBudget::default(), pointer: at.to_owned(), errors: Vec::new() };
    match reader.read(value, 1) {
        Ok(input) if reader.errors.is_empty() => Host::Tree(input),
        Ok(_) => Host::Unreadable(reader.errors),
        Err(TooLarge) => Host::Unreadable(vec![HostBudget::error()]),
    }
}

struct Reader {
    budget: HostBudget,
    /// The JSON pointer of the value being read.
    pointer: String,
    errors: Vec<FieldError>,
}

impl Reader {
    fn spend(&mut self, units: usize) -> Result<(), TooLarge> {
        self.budget.spend(units).then_some(()).ok_or(TooLarge)
    }

    fn read(&mut self, value: &JsValue, depth: usize) -> Result<Input, TooLarge> {
        self.spend(1)?;
        if value.is_null() || value.is_undefined() {
            return Ok(Input::Null);
        }
        if let Some(b) = value.as_bool() {
            return Ok(Input::Bool(b));
        }
        if let Some(s) = value.dyn_ref::<JsString>() {
            // Its UTF-16 units first, which its UTF-8 bytes are never fewer than, so that a
            // huge string is refused before it is copied; then the rest of its UTF-8 bytes,
            // as Python counts a `str` (the same object is then the same size in both).
            let units = s.length() as usize;
            self.spend(units)?;
            return Ok(match crate::js::text(s) {
                Some(text) => {
                    self.spend(text.len().saturating_sub(units))?;
                    Input::String(text)
                }
                None => self.invalid_text(),
            });
        }
        if value.as_f64().is_some() {
            return Ok(Input::Number(number_text(value)));
        }
        if value.is_bigint() {
            let text = value.unchecked_ref::<BigInt>().to_string(10).map(String::from).unwrap_or_default();
            self.spend(text.len())?;
            return Ok(Input::Number(text));
        }
        match crate::js::is_array(value) {
            Ok(true) => return self.read_array(value, depth),
            Ok(false) => {}
            Err(thrown) => return Ok(self.unreadable(&thrown)),
        }
        if value.is_object() {
            return match crate::js::is_plain(value) {
                Ok(true) => self.read_object(value, depth),
                // Its members are not its data (a Map's entries are none of them): the
                // value is refused by its class, as Python refuses a set or a date.
                Ok(false) => Ok(self.unsupported(&crate::js::class_name(value))),
                Err(thrown) => Ok(self.unreadable(&thrown)),
            };
        }
        Ok(self.unsupported(&value.js_typeof().as_string().unwrap_or_default()))
    }

    /// A value of no JSON shape here: core's `unsupported_value`, naming its type.
    fn unsupported(&mut self, host_type: &str) -> Input {
        self.errors.push(zonescore::host_error(&self.pointer, HostProblem::UnsupportedValue { host_type }));
        Input::Null
    }

    /// Reads `value` as the member `segment` of the value being read.
    fn member(&mut self, value: &JsValue, segment: &str, depth: usize) -> Result<Input, TooLarge> {
        self.at(segment, |reader| reader.read(value, depth))
    }

    // INVARIANT: the core counts every object and array towards the depth (the top-level
    // object is 1), so an empty container standing in for anything deeper than MAX_DEPTH is
    // enough for the core to report `too_deep` itself. The walk never goes further, so a
    // deep or cyclic JS value cannot overflow the stack or loop.
    fn read_array(&mut self, value: &JsValue, depth: usize) -> Result<Input, TooLarge> {
        if depth > MAX_DEPTH {
            return Ok(Input::Array(Vec::new()));
        }
        // Reflect, not Array's own getters: a throwing proxy must not unwind through Rust.
        let length = match Reflect::get(value, &JsValue::from_str("length")) {
            Ok(length) => length.as_f64().unwrap_or(f64::NAN),
            Err(thrown) => return Ok(self.unreadable(&thrown)),
        };
        if length > self.budget.left() as f64 {
            return Err(TooLarge);
        }
        let mut items = Vec::new();
        let mut index: u32 = 0;
        while f64::from(index) < length {
            let segment = index.to_string();
            items.push(match Reflect::get_u32(value, index) {
                Ok(item) => self.member(&item, &segment, depth + 1)?,
                Err(thrown) => self.at(&segment, |reader| reader.unreadable(&thrown)),
            });
            index = index.saturating_add(1);
        }
        Ok(Input::Array(items))
    }

    fn read_object(&mut self, value: &JsValue, depth: usize) -> Result<Input, TooLarge> {
        if depth > MAX_DEPTH {
            return Ok(Input::Object(Vec::new()));
        }
        let Ok(entries) = own_entries(value) else {
            return self.read_keyed(value, depth);
        };
        let mut members = Vec::with_capacity(entries.length() as usize);
        for entry in entries.iter() {
            let pair: Array = entry.unchecked_into();
            let member = pair.get(1);
            if member.is_undefined() {
                continue;
            }
            let Some(key) = self.key(&JsString::from(pair.get(0)))? else {
                continue;
            };
            let input = self.member(&member, &key, depth + 1)?;
            members.push((key, input));
        }
        Ok(Input::Object(members))
    }

    /// An object `Object.entries` could not read (a getter or a proxy trap threw), read key
    /// by key so that the member that throws is the error, at its own path, and the rest is
    /// read as usual; keys that cannot be listed are the error at the object's path. Never
    /// an empty group: that would score the submission as if the group were left blank.
    fn read_keyed(&mut self, value: &JsValue, depth: usize) -> Result<Input, TooLarge> {
        let keys = match crate::js::keys(value) {
            Ok(keys) => keys,
            Err(thrown) => return Ok(self.unreadable(&thrown)),
        };
        let mut members = Vec::new();
        for key in keys.iter() {
            let Some(name) = self.key(&JsString::from(key.clone()))? else {
                continue;
            };
            match Reflect::get(value, &key) {
                Ok(member) if member.is_undefined() => {}
                Ok(member) => {
                    let input = self.member(&member, &name, depth + 1)?;
                    members.push((name, input));
                }
                Err(thrown) => {
                    self.at(&name, |reader| reader.unreadable(&thrown));
                }
            }
        }
        Ok(Input::Object(members))
    }

    /// A member's key as text, spent from the budget; `None` for a key with a lone surrogate,
    /// then the error `invalid_text` at the path the key would have (U+FFFD in its place).
    fn key(&mut self, key: &JsString) -> Result<Option<String>, TooLarge> {
        let text = crate::js::text(key);
        let name = text.clone().unwrap_or_else(|| String::from(key));
        self.spend(name.len())?;
        if text.is_none() {
            self.at(&name, Self::invalid_text);
        }
        Ok(text)
    }

    /// Text with a lone surrogate here: core's `invalid_text`, as Python reports its own.
    fn invalid_text(&mut self) -> Input {
        self.errors.push(zonescore::host_error(&self.pointer, HostProblem::InvalidText));
        Input::Null
    }

    /// Runs `f` with the pointer at the member `segment` of the value being read.
    fn at<T>(&mut self, segment: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.pointer.len();
        self.pointer.push('/');
        self.pointer.push_str(&zonescore::input::escape_pointer_segment(segment));
        let out = f(self);
        self.pointer.truncate(len);
        out
    }

    /// A value JS threw on while it was read: core's error for it at its path, with the
    /// exception's own words.
    fn unreadable(&mut self, thrown: &JsValue) -> Input {
        let reason = crate::js::describe(thrown);
        self.errors.push(zonescore::host_error(&self.pointer, HostProblem::Unreadable { reason: &reason }));
        Input::Null
    }
}

/// A JS number's shortest text (`String(n)`: `0.1`, `1e+21`, `NaN`). `toString(10)` cannot
/// fail; an empty text would be rejected by the core as out of range, never read as a number.
pub(crate) fn number_text(value: &JsValue) -> String {
    value.unchecked_ref::<Number>().to_string_with_radix(10).map(String::from).unwrap_or_default()
}

/// An object's own enumerable string-keyed members in JS order, as `[key, value]` pairs; the
/// error of a throwing getter or proxy.
pub(crate) fn own_entries(value: &JsValue) -> Result<Array, JsValue> {
    Object::entries_typed::<JsValue>(value.unchecked_ref()).map(JsCast::unchecked_into)
}
