//! Errors as real JavaScript `Error` objects with `code` and `errors` properties.
//!
//! What cannot be answered (a broken rule file, an invalid submission, a value JSON has no
//! type for) is thrown; what can (a veto, a D grade) is returned. The `errors` arrays hold
//! the core's own structured errors, serialised as they are on every other wire.

use js_sys::{Array, Error, JsString, Reflect};
use serde::Serialize;
use wasm_bindgen::JsValue;
use zonescore::{Failure, RulesetError};

/// A plain JS value from any serialisable core type, through its JSON text.
///
/// Why JSON text and not `serde_wasm_bindgen`: the text is the one the canonical answer is
/// made of (same keys, same order, decimals as strings), serde_json is already in the
/// module for `scoreJson`, so this costs no code size, and `JSON.parse` is fast. The
/// default serde_wasm_bindgen serializer would turn `params` maps into JS `Map`s.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    // Writing a String fails only for a map with keys that are not text, which no core type
    // has; serde_json's own words for it would bring its error messages into the module.
    let text = serde_json::to_string(value).map_err(|_| internal("a value could not be written as JSON"))?;
    js_sys::JSON::parse(&text)
}

/// An error named `name`: a real `TypeError` or `RangeError` for those (so `instanceof`
/// holds, as the TypeScript declarations say), else an `Error` with that name.
fn error(name: &str, code: &str, message: &str) -> Error {
    let e: Error = match name {
        "TypeError" => js_sys::TypeError::new(message).into(),
        "RangeError" => js_sys::RangeError::new(message).into(),
        _ => {
            let e = Error::new(message);
            e.set_name(name);
            e
        }
    };
    set(&e, "code", &JsValue::from_str(code));
    e
}

fn set(target: &Error, key: &str, value: &JsValue) {
    // Setting a data property on a fresh Error cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// An argument's error in both languages, as Python's `ArgumentError` words it: `message`
/// is its English, `summary` {zh, en} both, and `errors` empty (no field is wrong).
fn worded(name: &str, code: &str, zh: &str, en: &str) -> Error {
    let js = error(name, code, en);
    let summary = js_sys::Object::new();
    let _ = Reflect::set(&summary, &JsValue::from_str("zh"), &JsValue::from_str(zh));
    let _ = Reflect::set(&summary, &JsValue::from_str("en"), &JsValue::from_str(en));
    set(&js, "summary", &summary);
    set(&js, "errors", &Array::new().into());
    js
}

/// A rule file that cannot be compiled (or an unknown bundled id): `RulesetError` with the
/// attributes Python's has: `code` and `path` of the first diagnostic, `summary` {zh, en}
/// its message, `origin`, and `errors` = every diagnostic with line and column.
pub(crate) fn ruleset_error(e: &RulesetError) -> JsValue {
    let listed = e.listed();
    let first = listed.first();
    let js = error("RulesetError", first.map_or("", |d| d.code.as_str()), &e.to_string());
    set(&js, "path", &JsValue::from_str(first.map_or("", |d| d.path.as_str())));
    if let Some(d) = first {
        set(&js, "summary", &to_js(&d.message).unwrap_or(JsValue::NULL));
    }
    set(&js, "origin", &JsValue::from_str(&e.origin));
    let diagnostics = to_js(&*listed).unwrap_or_else(|_| Array::new().into());
    set(&js, "errors", &diagnostics);
    js.into()
}

/// A submission that cannot be scored: `InvalidSubmissionError`, the name Python's
/// exception has, with the attributes it has: `code`, `path` and `params` of the first
/// problem, `errors` = every field error (form-shaped), `moreErrors`, the `ruleset`
/// reference, and `summary` {zh, en}, core's one-sentence account (`message` is its English).
pub(crate) fn submission_error(f: &Failure) -> JsValue {
    failure_error("InvalidSubmissionError", f, &f.summary())
}

/// Advice asked for a target the rules do not know: `TargetError`, the name Python's
/// exception has, with the same properties, `summary` being the target error's message.
#[cfg(feature = "whatif")]
pub(crate) fn target_error(f: &Failure) -> JsValue {
    failure_error("TargetError", f, &f.first_error().message)
}

/// A failure thrown as `name`: `code`, `path` and `params` of its first error, every error,
/// how many more there were, the ruleset, and `summary` (`message` is its English).
fn failure_error(name: &str, f: &Failure, summary: &zonescore::model::Text) -> JsValue {
    let first = f.first_error();
    let js = error(name, &first.code, &summary.en);
    set(&js, "path", &JsValue::from_str(&first.path));
    set(&js, "params", &to_js(&first.params).unwrap_or(JsValue::NULL));
    set(&js, "summary", &to_js(summary).unwrap_or(JsValue::NULL));
    let errors = to_js(&f.errors).unwrap_or_else(|_| Array::new().into());
    set(&js, "errors", &errors);
    #[allow(clippy::cast_precision_loss, reason = "error counts are far below 2^53")]
    let more = f.more_errors as f64;
    set(&js, "moreErrors", &JsValue::from_f64(more));
    set(&js, "ruleset", &to_js(&f.ruleset).unwrap_or(JsValue::NULL));
    js.into()
}

/// Most bytes of JSON text copied into the module: 16 times the largest submission, the
/// most the command line reads from one input. Text past it is never copied: a copy of 2 GB
/// traps, and memory the module grows to is never given back. In the full module (Node, a
/// service) only: the size-optimised browser modules read what a person picked, and the
/// check would cost them some 500 B gzipped.
#[cfg(not(feature = "prepared"))]
pub(crate) const MOST_COPIED: usize = 16 * zonescore::MAX_SUBMISSION_BYTES;

/// JSON text past [`MOST_COPIED`] (`size`: its bytes, or for a string its UTF-16 units,
/// each at least a byte): `RangeError`, code `too_large`, as the command line refuses such
/// an input before reading it. Whole numbers only: a float's formatting brings some 8 KB of
/// code into a module.
#[cfg(not(feature = "prepared"))]
pub(crate) fn too_large_input(size: u64) -> JsValue {
    let (most, limit) = (MOST_COPIED >> 20, zonescore::MAX_SUBMISSION_BYTES >> 20);
    let js = worded(
        "RangeError",
        "too_large",
        &format!("JSON 文本有 {size} 字节以上，超过本包读入的上限 {most} MiB（一份提交最多 {limit} MiB）：未读入"),
        &format!("the JSON text holds {size} bytes or more, over the {most} MiB this package reads (a submission may hold {limit} MiB): not read"),
    );
    let params = js_sys::Object::new();
    #[allow(clippy::cast_precision_loss, reason = "sizes are far below 2^53")]
    let (size, most) = (size as f64, MOST_COPIED as f64);
    let _ = Reflect::set(&params, &JsValue::from_str("size"), &JsValue::from_f64(size));
    let _ = Reflect::set(&params, &JsValue::from_str("limit"), &JsValue::from_f64(most));
    set(&js, "params", &params);
    js.into()
}

/// A list argument that cannot be iterated (`scoreMany` of something else):
/// `TypeError`, code `invalid_argument`.
#[cfg(feature = "score")]
pub(crate) fn not_an_array(value: &JsValue) -> JsValue {
    invalid_argument("submissions", ("数组", "an array"), value)
}

/// The most submissions `scoreMany` takes in one call: a page's batch, well beyond a
/// county's zones, and short of what an endless iterator or a sparse array of 2³² − 1 holes
/// would hold until the page ran out of memory.
#[cfg(feature = "score")]
pub(crate) const MOST_SUBMISSIONS: u32 = 100_000;

/// More than [`MOST_SUBMISSIONS`] given to `scoreMany`: `RangeError`, code
/// `too_many_submissions`.
#[cfg(feature = "score")]
pub(crate) fn too_many_submissions() -> JsValue {
    let js = worded(
        "RangeError",
        "too_many_submissions",
        &format!("`submissions` 多于 {MOST_SUBMISSIONS} 份申报：请分批评分"),
        &format!("`submissions` holds more than {MOST_SUBMISSIONS} submissions: score them in parts"),
    );
    set(&js, "argument", &JsValue::from_str("submissions"));
    js.into()
}

/// A goal over many reports that cannot be summed up: `GoalError`, the name Python's
/// exception has, with `code` (`no_goal`, `nothing_to_sum_up`), `summary` {zh, en} (`message`
/// is its English), `errors` empty, and `skipped`: the submissions that count for nothing and
/// why, as a summary lists them (when none counts, why each one does not).
#[cfg(feature = "goal")]
pub(crate) fn goal_error(refusal: &zonescore::GoalRefusal, skipped: &[zonescore::Skipped]) -> JsValue {
    let why = refusal.message();
    let js = worded("GoalError", refusal.code(), &why.zh, &why.en);
    set(&js, "skipped", &to_js(skipped).unwrap_or_else(|_| Array::new().into()));
    js.into()
}

/// Names of submissions that are not one string per submission: `TypeError`, code
/// `invalid_argument`, `argument` `sources`, as Python's `ArgumentError` words it.
#[cfg(feature = "goal")]
pub(crate) fn sources_error(count: usize) -> JsValue {
    argument_error(
        "sources",
        &format!("`sources` 应为 {count} 个名称（字符串）的数组，每份提交一个"),
        &format!("`sources` should be an array of {count} names (strings), one per submission"),
    )
}

/// A JSON-text argument of another type: `taken` is what the call takes, in both languages
/// (`a string`, or `a string or a Uint8Array`).
pub(crate) fn not_json_text(value: &JsValue, (taken_zh, taken): (&str, &str)) -> JsValue {
    let (found_zh, found) = found(value);
    let zh = format!("应为 JSON 文本（{taken_zh}），而不是{found_zh}");
    worded("TypeError", "not_json_text", &zh, &format!("expected JSON text as {taken}, not {found}")).into()
}

/// An argument of the wrong kind (a number as the advice target): `TypeError`, code
/// `invalid_argument`, with the argument's name in `argument`; `expected` is what it should
/// be, in both languages.
pub(crate) fn invalid_argument(name: &str, (expected_zh, expected): (&str, &str), value: &JsValue) -> JsValue {
    let (found_zh, found) = found(value);
    argument_error(
        name,
        &format!("`{name}` 应为{expected_zh}，而不是{found_zh}"),
        &format!("`{name}` should be {expected}, not {found}"),
    )
}

/// `TypeError`, code `invalid_argument`, `argument` `name`, saying `zh` and `en`.
fn argument_error(name: &str, zh: &str, en: &str) -> JsValue {
    let js = worded("TypeError", "invalid_argument", zh, en);
    set(&js, "argument", &JsValue::from_str(name));
    js.into()
}

/// What an argument was, as a message names it, in Chinese and in English: a number by its
/// value (`the number -1`: its type alone would not say what is wrong with it), an object
/// by its class (`a `Uint8Array``), anything else by its type (`a `string``).
fn found(value: &JsValue) -> (String, String) {
    if value.as_f64().is_some() {
        let number = crate::input::number_text(value);
        return (format!("数字 {number}"), format!("the number {number}"));
    }
    // `null` and `undefined` are values of their own, not an `object` or an `undefined`.
    if value.is_null() || value.is_undefined() {
        let name = if value.is_null() { "null" } else { "undefined" };
        return (format!(" `{name}`"), format!("`{name}`"));
    }
    let name = match value.js_typeof().as_string().unwrap_or_default() {
        object if object == "object" && !value.is_null() => match crate::js::is_array(value) {
            Ok(true) => "array".to_owned(),
            _ => crate::js::class_name(value).replace("object with a prototype", "object"),
        },
        other => other,
    };
    // By sound: an `object`, an `ArrayBuffer`, a `Uint8Array`.
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O']) { "an" } else { "a" };
    (format!(" `{name}`"), format!("{article} `{name}`"))
}

/// An answer option core does not know (`{detail: "short"}`): `RangeError`, code
/// `unknown_option`, with core's error (its message in both languages) in `errors`.
#[cfg(feature = "score")]
pub(crate) fn option_error(e: &zonescore::FieldError) -> JsValue {
    let js = worded("RangeError", "unknown_option", &e.message.zh, &e.message.en);
    set(&js, "errors", &to_js(&[e]).unwrap_or_else(|_| Array::new().into()));
    js.into()
}

/// An options member of another name (`{detial: "numbers"}`): `TypeError`, code
/// `invalid_argument`, `argument` `options.detial`.
#[cfg(feature = "score")]
pub(crate) fn not_an_option(name: &str) -> JsValue {
    let argument = format!("options.{name}");
    argument_error(
        &argument,
        &format!("`{argument}` 不是选项：选项为 `detail` 和 `lang`"),
        &format!("`{argument}` is not an option: the options are `detail` and `lang`"),
    )
}

/// A string argument, checked: wasm-bindgen's own `&str` conversion of a value of another
/// type is unchecked (a number as a JSON pointer trapped with "memory access out of
/// bounds"), so string parameters come in as `JsString`, an unchecked cast, and are read here.
/// A string with a lone surrogate is refused too: UTF-8 cannot hold it, and read with U+FFFD
/// in its place it would name something else.
pub(crate) fn string_arg(name: &str, value: JsString) -> Result<String, JsValue> {
    if !value.is_string() {
        return Err(invalid_argument(name, STRING, &value));
    }
    crate::js::text(&value).ok_or_else(|| {
        argument_error(
            name,
            &format!("`{name}` 含有 UTF-8 无法编码的单个代理项（lone surrogate）"),
            &format!("`{name}` holds a lone surrogate, which UTF-8 cannot encode"),
        )
    })
}

/// JSON text given as a string, checked as `string_arg` does (else `not_json_text`), as
/// bytes: a lone surrogate is answered as invalid UTF-8, as bytes holding it would be.
pub(crate) fn json_arg(value: JsString) -> Result<Vec<u8>, JsValue> {
    if !value.is_string() {
        return Err(not_json_text(&value, STRING));
    }
    #[cfg(not(feature = "prepared"))]
    if u64::from(value.length()) > MOST_COPIED as u64 {
        return Err(too_large_input(u64::from(value.length())));
    }
    Ok(crate::js::json_text_bytes(&value))
}

/// Something that should never happen (a serialisation failure): code `internal`.
pub(crate) fn internal(message: &str) -> JsValue {
    worded("Error", "internal", &format!("内部错误：{message}"), message).into()
}

/// A string, as an argument's error names it.
pub(crate) const STRING: (&str, &str) = ("字符串", "a string");
