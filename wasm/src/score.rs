//! The scoring and validating calls (feature `score`): validate a submission or one field,
//! read typed text, score into a report or canonical JSON, and the submission's schema.

use crate::errors::{self, json_arg, string_arg, submission_error, to_js};
use crate::input::Host;
use crate::{bundled_for, chosen, json_bytes, options, read, Ruleset};
use js_sys::JsString;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Ruleset {
    /// Every field error of a submission object at once (the first 100, sorted by path),
    /// each with `code`, a JSON-pointer `path`, `params` and `message` {zh, en}.
    #[wasm_bindgen(unchecked_return_type = "Validation")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] submission: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&chosen(&self.inner, &read(&submission, ""))?.validation())
    }

    /// The errors of one field's value as it is typed, by JSON pointer
    /// (`/quality/spot_check_pass_rate_pct`) or dotted path (`quality.spot_check_pass_rate_pct`);
    /// empty when the value is fine. A group's path checks each field its object gives (a
    /// field it lacks is no error); anything under `meta` is fine. Cross-field constraints
    /// are checked only within a group given: the rest need `validate`. A function or a
    /// symbol is the error `unsupported_value`. `undefined` is nothing typed yet: no error
    /// (`Ruleset::validate_field_unset`), as `readTyped` answers empty text.
    #[wasm_bindgen(js_name = validateField, unchecked_return_type = "FieldError[]")]
    pub fn validate_field(
        &self,
        path: JsString,
        #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
    ) -> Result<JsValue, JsValue> {
        let path = string_arg("path", path)?;
        if value.is_undefined() {
            return to_js(&self.inner.validate_field_unset(&path));
        }
        let path = zonescore::input::field_pointer(&path);
        match read(&value, &path) {
            Host::Tree(input) => to_js(&self.inner.validate_field(&path, &input)),
            Host::Unreadable(errors) => to_js(&errors),
        }
    }

    /// JSON twin of `validateField`: the value as JSON text (`"94.99999999999999999999"`,
    /// `"true"`, `"\"瓯北\""`, `"null"`), so a number keeps every digit, as `scoreJson`
    /// reads it; returns the canonical JSON of the `FieldError[]`. Text that is not one JSON
    /// value gets the error `validateJson` gives it (`invalid_json`, `empty_input`…).
    #[wasm_bindgen(js_name = validateFieldJson)]
    pub fn validate_field_json(&self, path: JsString, json: JsString) -> Result<String, JsValue> {
        let (path, json) = (string_arg("path", path)?, json_arg(json)?);
        Ok(self.inner.validate_field_json(&path, &json))
    }

    /// Reads text as it is typed into the field at `pointer`, leniently and exactly: full-width
    /// digits, a trailing `%` on a percent, thousands separators, the field's own unit
    /// (`2013年`, `52000万元`), 是/否, an enum's label (阀门). Returns `TypedReading`:
    /// `value`, the JSON text to put in the submission (`"94.6"`, `"true"`, `"\"valves\""`;
    /// `null` when the text is empty or cannot be read), `normalised`, what was changed to
    /// read it ({zh, en} notes), and `errors`, the field's `FieldError[]` (`unreadable_text`
    /// with what to change, or the declaration's own checks). The reading is the core's.
    #[wasm_bindgen(js_name = readTyped, unchecked_return_type = "TypedReading")]
    pub fn read_typed(&self, pointer: JsString, text: JsString) -> Result<JsValue, JsValue> {
        let pointer = string_arg("pointer", pointer)?;
        if !text.is_string() {
            return Err(errors::invalid_argument("text", errors::STRING, &text));
        }
        let Some(text) = crate::js::text(&text) else {
            // Typed text with a lone surrogate (a paste cut through an emoji) is the field's
            // error, as such text is in a submission: nothing is read from it.
            let at = zonescore::input::field_pointer(&pointer);
            let error = zonescore::host_error(&at, zonescore::HostProblem::InvalidText);
            return to_js(&zonescore::TypedReading { value: None, normalised: Vec::new(), errors: vec![error] });
        };
        to_js(&self.inner.read_typed(&pointer, &text))
    }

    /// Scores a submission object into the full report (scores and points as strings).
    /// A veto or a low grade is a report; an invalid submission throws a
    /// `InvalidSubmissionError` whose `errors` are the field errors (a function or a symbol
    /// in it is the error `unsupported_value`, every one listed).
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] submission: JsValue,
    ) -> Result<JsValue, JsValue> {
        match self.report_json(&submission)? {
            Ok(answer) => report_of(&answer),
            Err(failure) => Err(submission_error(&failure)),
        }
    }

    /// Scores many submission objects: one item per submission, in order, its `Report` or
    /// the `InvalidSubmissionError` it would throw (returned, not thrown), as Python's
    /// `score_many` gives them: an object holding more than a submission can is such an
    /// error (`too_large`), as in Python.
    #[wasm_bindgen(js_name = scoreMany, unchecked_return_type = "(Report | InvalidSubmissionError)[]")]
    pub fn score_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Iterable<unknown>")] submissions: JsValue,
    ) -> Result<js_sys::Array, JsValue> {
        let out = js_sys::Array::new();
        each_submission(&submissions, |item| {
            out.push(&match self.report_json(&item)? {
                Ok(answer) => report_of(&answer)?,
                Err(failure) => submission_error(&failure),
            });
            Ok(())
        })?;
        Ok(out)
    }

    /// JSON twin of `score`: the canonical answer text (success or failure)
    /// exactly as `zonescore score --format json --compact` prints it, without the final
    /// newline. Takes the JSON as a string or as UTF-8 bytes (which may carry a byte-order
    /// mark or be invalid UTF-8, answered as the CLI answers a file), and optionally
    /// `{detail: "numbers" | "reasons" | "full", lang: "zh" | "en" | "both"}`.
    #[wasm_bindgen(js_name = scoreJson)]
    pub fn score_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] json: JsValue,
        options: Option<options::ScoreOptionsArg>,
    ) -> Result<JsString, JsValue> {
        let options = options::options_arg(options)?;
        Ok(answer_text(&self.inner.score_bytes_json_with(&json_bytes(&json)?, &options)))
    }

    /// Whether `score` reads this object straight into the engine's record (a plainly valid
    /// submission) rather than through an input tree. The answer is the same either way; an
    /// object that keeps taking the tree has something unusual (a key no group declares, a
    /// value its field refuses, a bigint), and the tests check that the straight path runs.
    #[wasm_bindgen(js_name = readsStraight)]
    pub fn reads_straight(&self, #[wasm_bindgen(unchecked_param_type = "unknown")] submission: JsValue) -> bool {
        crate::record::read_record(&submission, &self.inner).is_some()
    }

    /// JSON twin of `validate`: canonical JSON text of the validation.
    #[wasm_bindgen(js_name = validateJson)]
    pub fn validate_json(&self, text: JsString) -> Result<String, JsValue> {
        Ok(zonescore::canonical(&self.inner.validate_bytes(&json_arg(text)?)))
    }

    /// Every clause of the source document, in the document's order: `id`, the document's
    /// own `number` and `title`, the rules that cite it (`cited_by`) or why none does
    /// (`unscored`).
    #[wasm_bindgen(js_name = clauseCoverage, unchecked_return_type = "ClauseCoverage[]")]
    pub fn clause_coverage(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.clause_coverage())
    }

    /// The JSON Schema (draft 2020-12) of a submission, with zh/en titles, help, units and
    /// enum labels in `x-` keywords, from which a form is generated.
    #[wasm_bindgen(js_name = submissionSchema, unchecked_return_type = "SubmissionSchema")]
    pub fn submission_schema(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.submission_schema())
    }
}

/// Calls `each` with every item of a list of submissions (an array or another iterable), in
/// order: a `Map` (whose items are `[key, value]` pairs), something that cannot be iterated,
/// and more than [`errors::MOST_SUBMISSIONS`] items are refused. An array's length is read
/// first, so that a sparse one is refused before any item is scored; an iterator is counted
/// as it goes.
pub(crate) fn each_submission(
    submissions: &JsValue,
    mut each: impl FnMut(JsValue) -> Result<(), JsValue>,
) -> Result<(), JsValue> {
    let most = errors::MOST_SUBMISSIONS;
    // A `Map` iterates as pairs, and a file's bytes (`readFileSync(f)` without its `[ ]`)
    // as one number per byte: neither is a list of submissions.
    if submissions.is_instance_of::<js_sys::Map>() || js_sys::ArrayBuffer::is_view(submissions) {
        return Err(errors::not_an_array(submissions));
    }
    if crate::js::is_array(submissions)? {
        let length = js_sys::Reflect::get(submissions, &JsValue::from_str("length"))?;
        if length.as_f64().is_some_and(|n| n > f64::from(most)) {
            return Err(errors::too_many_submissions());
        }
    }
    let mut count = 0;
    let listed = crate::js::for_each(submissions, |item| {
        if count >= most {
            return Err(errors::too_many_submissions());
        }
        count += 1;
        each(item)
    })?;
    listed.ok_or_else(|| errors::not_an_array(submissions))
}

/// Scores JSON text with a bundled ruleset, the one `rulesetId` names or, when it is
/// omitted, the one the submission is written for (as `zonescore score` does), and returns
/// the canonical answer text (success or failure), byte for byte what the Rust CLI and
/// Python give. Throws a `RulesetError` for an unknown id.
#[wasm_bindgen(js_name = scoreJson)]
pub fn score_json(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] json: JsValue,
    ruleset_id: Option<JsString>,
    options: Option<options::ScoreOptionsArg>,
) -> Result<JsString, JsValue> {
    let options = options::options_arg(options)?;
    let bytes = json_bytes(&json)?;
    Ok(answer_text(&bundled_for(&bytes, ruleset_id)?.score_bytes_json_with(&bytes, &options)))
}

/// An answer's text as a JS string, read where it was written. Returned as a `String`, its
/// buffer would first be shrunk to its length by wasm-bindgen, a reallocation of some 30 KB
/// for a full answer.
fn answer_text(answer: &str) -> JsString {
    JsString::from(answer)
}

/// The report of a success answer's canonical text, as a JS object: the text parsed and its
/// `type` member dropped (a `Report` has none). Core's answer writer makes the text several
/// times faster than serialising a typed report, byte for byte the same (core's tests).
fn report_of(answer: &str) -> Result<JsValue, JsValue> {
    let parsed = js_sys::JSON::parse(answer)?;
    js_sys::Reflect::delete_property(parsed.unchecked_ref::<js_sys::Object>(), &JsValue::from_str("type"))?;
    Ok(parsed)
}

impl Ruleset {
    /// The full answer's text for a submission object, or its failure: a plainly valid
    /// object is read straight into the record, anything else into a tree.
    fn report_json(&self, submission: &JsValue) -> Result<Result<String, zonescore::Failure>, JsValue> {
        if let Some(record) = crate::record::read_record(submission, &self.inner) {
            return Ok(Ok(self.inner.answer_record_json(&record, &zonescore::ScoreOptions::default())));
        }
        Ok(chosen(&self.inner, &read(submission, ""))?.report_json())
    }
}
