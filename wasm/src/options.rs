//! Answer options from JavaScript (`{detail, lang}`), read by core, and the JSON answers
//! that take them.

use crate::errors::{invalid_argument, option_error};
use crate::{chosen, read, Ruleset};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use zonescore::{Detail, Lang, ScoreOptions};

#[wasm_bindgen]
extern "C" {
    /// The options argument as JavaScript passes it: declared so that the TypeScript
    /// signature reads `options?: ScoreOptions | null` (an unchecked cast: checked below).
    #[wasm_bindgen(typescript_type = "ScoreOptions")]
    pub type ScoreOptionsArg;
}

/// `{detail?, lang?}`: `undefined` or `null` (or a missing member) keeps the default; a
/// member that is not a string is a `TypeError`, a name core does not know a `RangeError`
/// with code `unknown_option`.
pub(crate) fn options_arg(value: Option<ScoreOptionsArg>) -> Result<ScoreOptions, JsValue> {
    let Some(v) = value.map(JsValue::from).filter(|v| !v.is_null() && !v.is_undefined()) else {
        return Ok(ScoreOptions::default());
    };
    if !v.is_object() {
        return Err(invalid_argument("options", "an object such as {detail: \"numbers\", lang: \"zh\"}", &v));
    }
    let member = |key: &str| -> Result<Option<String>, JsValue> {
        let m = Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        if m.is_null() || m.is_undefined() {
            return Ok(None);
        }
        m.as_string().map(Some).ok_or_else(|| invalid_argument(&format!("options.{key}"), "a string", &m))
    };
    let mut options = ScoreOptions::default();
    if let Some(name) = member("detail")? {
        options.detail = Detail::parse(&name).map_err(|e| option_error(&e))?;
    }
    if let Some(name) = member("lang")? {
        options.lang = Lang::parse(&name).map_err(|e| option_error(&e))?;
    }
    Ok(options)
}

#[wasm_bindgen]
impl Ruleset {
    /// The canonical JSON answer (success or failure) for a submission object at the
    /// options' detail and languages, byte for byte `scoreJson`'s for the same submission
    /// (an object holding more than a submission can is the failure `too_large`).
    #[wasm_bindgen(js_name = answerJson)]
    pub fn answer_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] submission: JsValue,
        options: Option<ScoreOptionsArg>,
    ) -> Result<String, JsValue> {
        let options = options_arg(options)?;
        Ok(chosen(&self.inner, &read(&submission, ""))?.answer_json(&options))
    }
}
