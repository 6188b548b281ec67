//! The what-if calls: score bounds of a half-filled submission and advice towards a grade.
//!
//! Translation only, like the scoring calls in `lib.rs`: the object calls throw the core's
//! failure as a `InvalidSubmissionError`, the JSON twins return the core's canonical answer text.

use crate::errors::{invalid_argument, submission_error, target_error, to_js};
use crate::{chosen, read, Ruleset};
use js_sys::{JsString, Number};
use wasm_bindgen::prelude::*;
use zonescore::{AdviceAnswer, BoundsAnswer};

// The optional arguments come in as `JsString` / `Number`, unchecked casts of whatever JS
// passed (wasm-bindgen's own `String` / `u32` conversions of a value of another type are
// unchecked too, and broke the module): each is checked here before use.

/// The target: `undefined` or `null` for the next grade up, else a string.
fn target_of(target: Option<JsString>) -> Result<Option<String>, JsValue> {
    let Some(v) = target.map(JsValue::from).filter(|v| !v.is_null() && !v.is_undefined()) else {
        return Ok(None);
    };
    if !v.is_string() {
        return Err(invalid_argument("target", ("等级或结果代码（字符串）", "a grade or outcome code (a string)"), &v));
    }
    crate::errors::string_arg("target", v.unchecked_into()).map(Some)
}

/// How many options: `undefined` or `null` for the core's default, else a whole number from
/// 0 to 2³² − 1.
fn options_of(options: Option<Number>) -> Result<usize, JsValue> {
    let Some(v) = options.map(JsValue::from).filter(|v| !v.is_null() && !v.is_undefined()) else {
        return Ok(zonescore::DEFAULT_OPTIONS);
    };
    match v.as_f64() {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a whole number in 0..=u32::MAX")]
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as usize),
        _ => Err(invalid_argument(
            "options",
            (
                "0 到 2^32 − 1（4294967295）之间的整数（方案个数）",
                "a whole number of options from 0 to 2^32 − 1 (4294967295)",
            ),
            &v,
        )),
    }
}

#[wasm_bindgen]
impl Ruleset {
    /// The targets `advise` accepts: each grade (best first) and outcome with its `code`,
    /// `kind` (`grade` or `outcome`) and `label` in both languages.
    #[wasm_bindgen(unchecked_return_type = "Target[]")]
    pub fn targets(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.targets())
    }

    /// Score bounds of a submission object whose fields may be missing, over every
    /// completion of the missing ones: lowest and highest final score, grades and outcomes
    /// still reachable, each criterion's points, open gates and vetoes, and the missing
    /// fields that can move the score most. Present fields are checked as for scoring: an
    /// invalid one throws a `InvalidSubmissionError`; a missing required field is no error.
    #[wasm_bindgen(unchecked_return_type = "Bounds")]
    pub fn bounds(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] submission: JsValue,
    ) -> Result<JsValue, JsValue> {
        match chosen(&self.inner, &read(&submission, ""))?.bounds() {
            BoundsAnswer::Bounds(bounds) => to_js(&bounds),
            BoundsAnswer::Failure(failure) => Err(submission_error(&failure)),
        }
    }

    /// JSON twin of `bounds`: the canonical answer text (`bounds` or `failure`), exactly as
    /// `zonescore bounds --format json` prints it, without the final newline. Takes the
    /// JSON as a string or as UTF-8 bytes.
    #[wasm_bindgen(js_name = boundsJson)]
    pub fn bounds_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] json: JsValue,
    ) -> Result<String, JsValue> {
        Ok(zonescore::canonical(&self.inner.bounds_bytes(&crate::json_bytes(&json)?)))
    }

    /// Advice: the fewest changes to actionable fields of a valid submission object that
    /// reach `target` (a grade code such as `"A"` or an outcome code such as `"named"`;
    /// omitted: the next grade up), at most `options` alternatives (omitted: 3), each
    /// checked by scoring. An invalid submission throws an `InvalidSubmissionError`; a target
    /// the ruleset does not know, a `TargetError` (code `unknown_target`).
    #[wasm_bindgen(unchecked_return_type = "Advice")]
    pub fn advise(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] submission: JsValue,
        target: Option<JsString>,
        options: Option<Number>,
    ) -> Result<JsValue, JsValue> {
        let (target, options) = (target_of(target)?, options_of(options)?);
        match chosen(&self.inner, &read(&submission, ""))?.advise(target.as_deref(), options) {
            AdviceAnswer::Advice(advice) => to_js(&advice),
            AdviceAnswer::Failure(failure) if failure.refuses_target() => Err(target_error(&failure)),
            AdviceAnswer::Failure(failure) => Err(submission_error(&failure)),
        }
    }

    /// JSON twin of `advise`: the canonical answer text (`advice` or `failure`), exactly as
    /// `zonescore advise --format json` prints it, without the final newline.
    #[wasm_bindgen(js_name = adviseJson)]
    pub fn advise_json(
        &self,
        json: JsString,
        target: Option<JsString>,
        options: Option<Number>,
    ) -> Result<String, JsValue> {
        let bytes = crate::errors::json_arg(json)?;
        let answer = self.inner.advise_bytes(&bytes, target_of(target)?.as_deref(), options_of(options)?);
        Ok(zonescore::canonical(&answer))
    }
}

/// `boundsJson` with a bundled ruleset, named or told from the submission as `scoreJson`
/// tells it: the canonical answer text. Throws a `RulesetError` for an unknown id.
#[wasm_bindgen(js_name = boundsJson)]
pub fn bounds_json(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] json: JsValue,
    ruleset_id: Option<JsString>,
) -> Result<String, JsValue> {
    let bytes = crate::json_bytes(&json)?;
    Ok(zonescore::canonical(&crate::bundled_for(&bytes, ruleset_id)?.bounds_bytes(&bytes)))
}

/// `adviseJson` with a bundled ruleset, named or told from the submission as `scoreJson`
/// tells it: the canonical answer text. Throws a `RulesetError` for an unknown id.
#[wasm_bindgen(js_name = adviseJson)]
pub fn advise_json(
    json: JsString,
    ruleset_id: Option<JsString>,
    target: Option<JsString>,
    options: Option<Number>,
) -> Result<String, JsValue> {
    let bytes = crate::errors::json_arg(json)?;
    let (target, options) = (target_of(target)?, options_of(options)?);
    Ok(zonescore::canonical(&crate::bundled_for(&bytes, ruleset_id)?.advise_bytes(&bytes, target.as_deref(), options)))
}
