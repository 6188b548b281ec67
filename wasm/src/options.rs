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
/// member that is not a string (or holds a lone surrogate), a member of another name
/// (`detial`), an object that is not plain (an array, a `Map`) and a member whose getter
/// throws are a `TypeError` (`invalid_argument`), a name core does not know a `RangeError`
/// with code `unknown_option`. None of them is passed over for the default.
pub(crate) fn options_arg(value: Option<ScoreOptionsArg>) -> Result<ScoreOptions, JsValue> {
    const EXPECTED: (&str, &str) =
        ("对象，如 {detail: \"numbers\", lang: \"zh\"}", "an object such as {detail: \"numbers\", lang: \"zh\"}");
    let Some(v) = value.map(JsValue::from).filter(|v| !v.is_null() && !v.is_undefined()) else {
        return Ok(ScoreOptions::default());
    };
    if !v.is_object() || crate::js::is_array(&v)? || !crate::js::is_plain(&v)? {
        return Err(invalid_argument("options", EXPECTED, &v));
    }
    for key in crate::js::keys(&v)?.iter() {
        let name = key.as_string().unwrap_or_default();
        if name != "detail" && name != "lang" {
            return Err(crate::errors::not_an_option(&name));
        }
    }
    let member = |key: &str| -> Result<Option<String>, JsValue> {
        let m = Reflect::get(&v, &JsValue::from_str(key))?;
        if m.is_null() || m.is_undefined() {
            return Ok(None);
        }
        crate::errors::string_arg(&format!("options.{key}"), m.unchecked_into()).map(Some)
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
