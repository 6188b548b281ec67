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
