//! The JS built-ins the adapter calls on values it is given, each bound with `catch`.
//!
//! A proxy trap or a getter may throw from any of them, and js-sys binds several without
//! `catch` (`Array.isArray`, `Object.keys`, an iterator's `done` and `value`): an exception
//! from such an import unwinds through the wasm frames without restoring the shadow stack,
//! and after a few thousand the module traps on every call, for good. Here a throw is an
//! `Err` the caller turns into a field error or returns to JS.

use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys(value)`: the own enumerable string keys, in JS order.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    pub(crate) fn keys(value: &JsValue) -> Result<Array, JsValue>;

    /// `String(value)`: what a thrown value says, for the error that reports it.
    #[wasm_bindgen(catch, js_name = String)]
    fn string_of(value: &JsValue) -> Result<JsString, JsValue>;
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
