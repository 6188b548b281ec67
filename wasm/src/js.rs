//! The JS built-ins the adapter calls on values it is given, each bound with `catch`.
//!
//! A proxy trap or a getter may throw from any of them, and js-sys binds several without
//! `catch` (`Array.isArray`, `Object.keys`, an iterator's `done` and `value`): an exception
//! from such an import unwinds through the wasm frames without restoring the shadow stack,
//! and after a few thousand the module traps on every call, for good. Here a throw is an
//! `Err` the caller turns into a field error or returns to JS.

use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys(value)`: the own enumerable string keys, in JS order.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    pub(crate) fn keys(value: &JsValue) -> Result<Array, JsValue>;

    /// `Array.isArray(value)`: throws for a revoked proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub(crate) fn is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// A `Uint8Array` made by the built-in constructor.
    #[wasm_bindgen(js_name = Uint8Array)]
    pub(crate) type ByteCopy;

    /// `new Uint8Array(value)`: a copy of a `Uint8Array`'s bytes in an array whose getters
    /// are the built-in ones (a subclass's or a proxy's may throw; a detached buffer throws).
    #[wasm_bindgen(catch, constructor, js_class = "Uint8Array")]
    pub(crate) fn copy_bytes(value: &JsValue) -> Result<ByteCopy, JsValue>;

    /// `Object.getPrototypeOf(value)`: a proxy's trap may throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;

    /// `String(value)`: what a thrown value says, for the error that reports it.
    #[wasm_bindgen(catch, js_name = String)]
    fn string_of(value: &JsValue) -> Result<JsString, JsValue>;
}

/// Whether an object (not an array) is a plain one, read as JSON reads it: made by `{…}`,
/// `Object.create(null)` or in another realm (an iframe, a `vm` context), its prototype
/// `null` or a prototype with none above it. A `Map`, `Set`, `Date`, `RegExp`, typed array,
/// `ArrayBuffer`, `Number` object or class instance is not: its members are not its data.
pub(crate) fn is_plain(value: &JsValue) -> Result<bool, JsValue> {
    let prototype = prototype_of(value)?;
    Ok(prototype.is_null() || prototype_of(&prototype)?.is_null())
}

/// The name of a class, as an error names the type of an object that is not plain (`Map`,
/// `Uint8Array`, `Date`): its constructor's `name`; an object made with another object as
/// its prototype (`Object.create(proto)`, whose constructor is still `Object`) or with no
/// constructor named is an `object with a prototype`.
pub(crate) fn class_name(value: &JsValue) -> String {
    let name = prototype_of(value)
        .and_then(|p| Reflect::get(&p, &JsValue::from_str("constructor")))
        .and_then(|c| Reflect::get(&c, &JsValue::from_str("name")));
    let name = name.ok().and_then(|n| n.dyn_ref::<JsString>().and_then(text));
    name.filter(|n| !n.is_empty() && n != "Object").unwrap_or_else(|| "object with a prototype".to_owned())
}

/// The values of an iterable (`for…of`), each step's `next()`, `done` and `value` read
/// through catching calls (js-sys's `try_iter` reads `done` and `value` without); `None`
/// when `value` is not iterable.
#[cfg(feature = "score")]
pub(crate) fn for_each(
    value: &JsValue,
    mut f: impl FnMut(JsValue) -> Result<(), JsValue>,
) -> Result<Option<()>, JsValue> {
    if !value.is_object() {
        return Ok(None);
    }
    let Ok(make) = Reflect::get(value, &js_sys::Symbol::iterator())?.dyn_into::<js_sys::Function>() else {
        return Ok(None);
    };
    let iterator = make.call0(value)?;
    let Ok(next) = Reflect::get(&iterator, &JsValue::from_str("next"))?.dyn_into::<js_sys::Function>() else {
        return Ok(None);
    };
    let (done, item) = (JsValue::from_str("done"), JsValue::from_str("value"));
    loop {
        let step = next.call0(&iterator)?;
        if !step.is_object() {
            // As `for…of` does: a step that is not an object is a TypeError.
            return Err(js_sys::TypeError::new("an iterator's next() returned a value that is not an object").into());
        }
        if Reflect::get(&step, &done)?.is_truthy() {
            return Ok(Some(()));
        }
        f(Reflect::get(&step, &item)?)?;
    }
}

/// A JS string as Rust text, or `None` when it holds a lone surrogate, which UTF-8 cannot
/// encode: wasm-bindgen's conversion would put U+FFFD in its place and the text would be
/// read as something it is not. Only text that has a U+FFFD after the conversion is
/// checked code unit by code unit, so valid text costs one scan in Rust.
pub(crate) fn text(s: &JsString) -> Option<String> {
    let text = String::from(s);
    (!text.contains('\u{FFFD}') || s.is_valid_utf16()).then_some(text)
}

/// JSON text given as a JS string, as bytes for the core: UTF-8, with each lone surrogate
/// written as the three bytes UTF-8 would give it (WTF-8), which are not UTF-8, so the core
/// answers the text as it answers a file with invalid UTF-8, never as text with U+FFFD.
pub(crate) fn json_text_bytes(s: &JsString) -> Vec<u8> {
    if let Some(text) = text(s) {
        return text.into_bytes();
    }
    let mut bytes = Vec::new();
    for unit in char::decode_utf16(s.iter()) {
        match unit {
            Ok(c) => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Err(lone) => {
                let u = lone.unpaired_surrogate();
                #[allow(clippy::cast_possible_truncation, reason = "each part is masked to fit a byte")]
                bytes.extend_from_slice(&[
                    0xE0 | (u >> 12) as u8,
                    0x80 | ((u >> 6) & 0x3F) as u8,
                    0x80 | (u & 0x3F) as u8,
                ]);
            }
        }
    }
    bytes
}

/// What a thrown value says (`Error: form state not ready`), cut to 200 characters: the
/// error that reports it quotes it, and a thrown value may be anything.
pub(crate) fn describe(thrown: &JsValue) -> String {
    let text = string_of(thrown).ok().and_then(|s| s.as_string()).unwrap_or_else(|| "an exception".to_owned());
    if text.chars().count() <= 200 {
        return text;
    }
    format!("{}…", text.chars().take(200).collect::<String>())
}
