//! WebAssembly bindings of zonescore: the npm package `zonescore`.
//!
//! An adapter only: each call turns JS values into the core's types, calls the core's
//! boundary API once, and turns the answer back. Validation, scoring, messages and limits
//! all live in the core, so the browser gives the very answers of Rust and Python.
//!
//! Three modules are built from it (`wasm/scripts/build.sh`): the full one (every call, TOML
//! rule files, the goal over many reports; Node and `zonescore/full`), the browser's first
//! download (feature `score`: validating and scoring) and the browser's what-if module
//! (feature `whatif`: bounds and advice), which a form loads when it first asks. The two browser modules have `prepared`:
//! their bundled rulesets come compiled by build.rs, and they have no rule compiler.

#[cfg(not(any(feature = "score", feature = "whatif")))]
compile_error!("zonescore-wasm needs the feature `score`, `whatif` or both");

mod errors;
#[cfg(feature = "goal")]
mod goal;
mod input;
mod js;
#[cfg(feature = "score")]
mod options;
#[cfg(feature = "score")]
mod record;
#[cfg(feature = "score")]
mod score;
#[cfg(feature = "whatif")]
mod whatif;

/// The module's allocator: a TLSF allocator built for code size (about 1 KB of code, where the
/// standard library's dlmalloc took 7 KB: 2.6 KB of the first download gzipped), whose
/// allocations and frees take constant time. The calls took 0.96–1.03× the time they took
/// with dlmalloc, in turns (`docs/performance.md`, "How the first download came under 150 KB").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: rlsf::SmallGlobalTlsf = rlsf::SmallGlobalTlsf::new();

use errors::{ruleset_error, string_arg, to_js};
use js_sys::JsString;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
import type {
  Answer, Report, Failure, FieldError, Validation, RulesetInfo, RulesetRef, Text,
  SubmissionSchema, JsonSchema, ClauseCoverage, TypedReading, Bounds, Advice, Target, ScoreOptions,
  InvalidSubmissionError,
} from "./types.js";
export * from "./types.js";
"#;

/// Hands the core the bundled rulesets that build.rs compiled, as the module starts.
#[cfg(feature = "prepared")]
#[wasm_bindgen(start)]
fn start() {
    zonescore::bundled::use_prepared([
        include_bytes!(concat!(env!("OUT_DIR"), "/zone-qualification.prepared")),
        include_bytes!(concat!(env!("OUT_DIR"), "/annual-assessment.prepared")),
    ]);
}

/// A compiled ruleset: load it once, then validate and score many submissions.
#[wasm_bindgen]
pub struct Ruleset {
    inner: zonescore::Ruleset,
}

/// A submission object (or a field's value at the JSON pointer `at`) as the core takes it.
fn read(value: &JsValue, at: &str) -> input::Host {
    input::to_input(value, at)
}

/// A submission object read for this ruleset: every call on an object asks the core of it.
fn chosen<'a>(ruleset: &zonescore::Ruleset, host: &'a input::Host) -> Result<zonescore::Chosen<'a>, JsValue> {
    zonescore::Chosen::new(Some(ruleset), host.as_core()).map_err(|e| ruleset_error(&e))
}

#[wasm_bindgen]
impl Ruleset {
    /// `new Ruleset(id)`, as Python's `Ruleset(id)`: [`Ruleset::bundled`], the default
    /// bundled ruleset (`zone-qualification`) when no id is given. A rule file's text is
    /// compiled with `Ruleset.fromText` (not in the browser modules, which have `prepared`).
    #[wasm_bindgen(constructor)]
    pub fn new(id: Option<JsString>) -> Result<Ruleset, JsValue> {
        match id.map(JsValue::from).filter(|v| !v.is_null() && !v.is_undefined()) {
            Some(id) => Self::bundled(id.into()),
            None => Self::bundled(zonescore::bundled::DEFAULT.into()),
        }
    }

    /// A bundled ruleset by id (`zone-qualification`, `annual-assessment`).
    /// Throws a `RulesetError` for an unknown id.
    pub fn bundled(id: JsString) -> Result<Ruleset, JsValue> {
        zonescore::Ruleset::bundled(&string_arg("id", id)?)
            .map(|inner| Ruleset { inner })
            .map_err(|e| ruleset_error(&e))
    }

    /// Compiles a rule file's text (TOML or JSON; JSON only in a build without `toml`).
    /// `origin`, such as a file name, names it in diagnostics and tells the format by its
    /// extension. Throws a `RulesetError` whose `errors` list every problem
    /// with line and column.
    #[cfg(not(feature = "prepared"))]
    #[wasm_bindgen(js_name = fromText)]
    pub fn from_text(text: JsString, origin: Option<JsString>) -> Result<Ruleset, JsValue> {
        let text = string_arg("text", text)?;
        let origin = match origin.map(JsValue::from).filter(|v| !v.is_null() && !v.is_undefined()) {
            Some(v) => string_arg("origin", v.into())?,
            None => "<text>".to_owned(),
        };
        zonescore::Ruleset::from_text(&text, None, &origin)
            .map(|inner| Ruleset { inner })
            .map_err(|e| ruleset_error(&e))
    }

    /// Ruleset id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    /// Ruleset version.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.version().to_owned()
    }

    /// `sha256:` digest of the ruleset's canonical form.
    #[wasm_bindgen(getter)]
    pub fn digest(&self) -> String {
        self.inner.digest().to_owned()
    }

    /// Identity and provenance: id, version, bilingual title, source document, digest.
    #[wasm_bindgen(unchecked_return_type = "RulesetInfo")]
    pub fn info(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.info())
    }

    /// A clause ID with the source document's own numbering, for Chinese output:
    /// `§5.2.3（五（二）3）`; the ID alone when the ruleset gives no outline of its document.
    #[wasm_bindgen(js_name = clauseLabel)]
    pub fn clause_label(&self, id: JsString) -> Result<String, JsValue> {
        Ok(self.inner.clause_label(&string_arg("id", id)?))
    }
}

/// The bundled ruleset a submission (JSON text) is written for, told from its groups;
/// `undefined` when it names none or is not JSON. Full build only (Node, `zonescore/full`):
/// a form knows its ruleset, and the browser's first download keeps to its size budget.
#[cfg(feature = "toml")]
#[wasm_bindgen(js_name = detectRuleset)]
pub fn detect_ruleset(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] json: JsValue,
) -> Result<Option<String>, JsValue> {
    Ok(zonescore::detect_ruleset_json(&json_bytes(&json)?).map(str::to_owned))
}

/// The bytes of JSON text given as a string or a `Uint8Array`; anything else throws
/// `not_json_text`.
pub(crate) fn json_bytes(json: &JsValue) -> Result<Vec<u8>, JsValue> {
    // Text past what the full module copies is refused by its length, before any copy.
    #[cfg(not(feature = "prepared"))]
    {
        let most = errors::MOST_COPIED as u64;
        let length = match json.dyn_ref::<JsString>() {
            Some(text) => u64::from(text.length()),
            None if json.dyn_ref::<js_sys::Uint8Array>().is_some() => {
                let bytes = js_sys::Reflect::get(json, &JsValue::from_str("byteLength"))?;
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "a byte length is whole, below 2^53"
                )]
                {
                    bytes.as_f64().unwrap_or_default() as u64
                }
            }
            None => 0,
        };
        if length > most {
            return Err(errors::too_large_input(length));
        }
    }
    if let Some(text) = json.dyn_ref::<JsString>() {
        return Ok(js::json_text_bytes(text));
    }
    if json.dyn_ref::<js_sys::Uint8Array>().is_none() {
        return Err(errors::not_json_text(json, ("字符串或 Uint8Array", "a string or a Uint8Array")));
    }
    // Copied by a catching call first: a subclass's or a proxy's `length` may throw.
    Ok(js::ByteCopy::copy_bytes(json)?.unchecked_into::<js_sys::Uint8Array>().to_vec())
}

/// The bundled ruleset `id` names, or the one the submission is written for when `id` is
/// omitted (core's rule, as in every face).
pub(crate) fn bundled_for(bytes: &[u8], id: Option<JsString>) -> Result<zonescore::Ruleset, JsValue> {
    let id = id.map(|id| string_arg("rulesetId", id)).transpose()?;
    zonescore::bundled_for_json(bytes, id.as_deref()).map_err(|e| ruleset_error(&e))
}

/// The bundled rulesets: id, version, bilingual title, source document, digest.
#[wasm_bindgen(js_name = listRulesets, unchecked_return_type = "RulesetInfo[]")]
pub fn list_rulesets() -> Result<JsValue, JsValue> {
    to_js(&zonescore::list_rulesets())
}

/// The JSON Schema of an answer (what the TypeScript types are generated from).
#[cfg(feature = "toml")]
#[wasm_bindgen(js_name = answerSchema, unchecked_return_type = "JsonSchema")]
pub fn answer_schema() -> Result<JsValue, JsValue> {
    to_js(&zonescore::answer_schema())
}

/// The JSON Schema of the rule format, for editors of rule files.
#[cfg(feature = "toml")]
#[wasm_bindgen(js_name = ruleFormatSchema, unchecked_return_type = "JsonSchema")]
pub fn rule_format_schema() -> Result<JsValue, JsValue> {
    to_js(&zonescore::rule_format_schema())
}
