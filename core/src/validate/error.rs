//! Field errors made only from a [`FieldErrorKind`]: each kind knows its code, its params
//! and its zh/en message, so no error can carry a code the engine does not know.

use super::messages;
use crate::model::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

// Made only by `FieldError::new` from a `FieldErrorKind`: the private marker keeps struct
// literals out, so no error leaves the engine with a code or message it does not know.
/// One problem with a submission, shaped so a form can show it next to the field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FieldError {
    /// Stable snake_case code (`required`, `wrong_type`, `out_of_range`, …).
    #[schemars(with = "FieldCode")]
    pub code: String,
    /// JSON pointer of the value (`/quality/spot_check_pass_rate_pct`); empty for the whole submission.
    pub path: String,
    /// Structured details (`min`, `max`, `value`, `expected`, `found`, `allowed`, …).
    pub params: Map<String, Value>,
    /// Message in zh-CN and English.
    pub message: Text,
    /// Only [`FieldError::new`] can write one (a read answer gets it by default).
    #[serde(skip)]
    made_from_kind: MadeFromKind,
}

/// The private marker of a [`FieldError`] made from its kind.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct MadeFromKind;

/// Every code a field error can have: the `code` of the answer's `FieldError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldCode {
    /// The submission is not JSON (`line`, `column`, `reason`, `reason_zh`).
    InvalidJson,
    /// The submission is empty or only white space.
    EmptyInput,
    /// The submission is larger than the limit (`size`, `limit` in bytes; a host object
    /// counted in values and characters: `limit` only).
    TooLarge,
    /// The submission is nested deeper than the limit (`limit`, `at`).
    TooDeep,
    /// The submission is not UTF-8 text (`offset`).
    InvalidUtf8,
    /// A key appears more than once in the same object.
    DuplicateKey,
    /// The submission is not a JSON object (`found`).
    NotAnObject,
    /// A key the ruleset does not declare (`did_you_mean`, when one is close).
    UnknownField,
    /// A required field is absent or `null` (`found`).
    Required,
    /// A value of the wrong JSON type (`expected`, `found`).
    WrongType,
    /// NaN or infinity.
    NotFinite,
    /// A number outside the field's range (`value`, `min`, `max`) or beyond exact decimals (`max_digits`).
    OutOfRange,
    /// A fraction where a whole number is declared (`value`).
    NotWholeNumber,
    /// An empty string (`length`, `min_length`).
    TooShort,
    /// A string longer than allowed (`length`, `max_length`).
    TooLong,
    /// A value that is not one of the enum's codes (`value`, `allowed`, `allowed_labels`, `did_you_mean`).
    UnknownEnumValue,
    /// A cross-field constraint does not hold (`constraint`, `value`, `op`, `other`, `other_value`).
    ConstraintViolated,
    /// Text typed into a field that cannot be read as its type (`text`, `expected`).
    UnreadableText,
    /// An advice target that is not a grade or outcome of the ruleset (`target`, `allowed`).
    UnknownTarget,
    /// An answer option with an unknown value (`option`, `value`, `allowed`).
    UnknownOption,
    /// A Python object key that is not a string (`key`, `type`).
    NonStringKey,
    /// Python text with a lone surrogate, which UTF-8 cannot encode.
    InvalidText,
    /// A host value with no JSON form: a Python or JavaScript value, an Arrow column (`type`).
    UnsupportedValue,
    /// A submission that cannot be scored, for a failure that lists no error of its own.
    Invalid,
}

impl FieldCode {
    /// Every code, in the order of the answer schema.
    pub const ALL: [FieldCode; 24] = [
        Self::InvalidJson,
        Self::EmptyInput,
        Self::TooLarge,
        Self::TooDeep,
        Self::InvalidUtf8,
        Self::DuplicateKey,
        Self::NotAnObject,
        Self::UnknownField,
        Self::Required,
        Self::WrongType,
        Self::NotFinite,
        Self::OutOfRange,
        Self::NotWholeNumber,
        Self::TooShort,
        Self::TooLong,
        Self::UnknownEnumValue,
        Self::ConstraintViolated,
        Self::UnreadableText,
        Self::UnknownTarget,
        Self::UnknownOption,
        Self::NonStringKey,
        Self::InvalidText,
        Self::UnsupportedValue,
        Self::Invalid,
    ];

    /// The code as it is on the wire (`out_of_range`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::EmptyInput => "empty_input",
            Self::TooLarge => "too_large",
            Self::TooDeep => "too_deep",
            Self::InvalidUtf8 => "invalid_utf8",
            Self::DuplicateKey => "duplicate_key",
            Self::NotAnObject => "not_an_object",
            Self::UnknownField => "unknown_field",
            Self::Required => "required",
            Self::WrongType => "wrong_type",
            Self::NotFinite => "not_finite",
            Self::OutOfRange => "out_of_range",
            Self::NotWholeNumber => "not_whole_number",
            Self::TooShort => "too_short",
            Self::TooLong => "too_long",
            Self::UnknownEnumValue => "unknown_enum_value",
            Self::ConstraintViolated => "constraint_violated",
            Self::UnreadableText => "unreadable_text",
            Self::UnknownTarget => "unknown_target",
            Self::UnknownOption => "unknown_option",
            Self::NonStringKey => "non_string_key",
            Self::InvalidText => "invalid_text",
            Self::UnsupportedValue => "unsupported_value",
            Self::Invalid => "invalid",
        }
    }
}

/// What went wrong with a value, with the details its params and message are made of.
/// The params of each kind are written in a fixed order, the same on every wire.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldErrorKind {
    /// Not JSON: 1-based line and column, and why in English and Chinese.
    InvalidJson { line: usize, column: usize, reason: String, reason_zh: String },
    /// Nothing but white space.
    EmptyInput,
    /// More bytes than the limit.
    TooLarge { size: usize, limit: usize },
    /// A host object (a browser form's value) holding more values and string characters
    /// than the limit; counting stops there, so no size (code `too_large`).
    TooManyValues { limit: usize },
    /// Nested deeper than `limit`, at the JSON pointer `at`.
    TooDeep { limit: usize, at: String },
    /// Not UTF-8 from byte `offset`.
    InvalidUtf8 { offset: usize },
    /// A key repeated in the same object.
    DuplicateKey,
    /// The submission is a JSON value of type `found`, not an object.
    NotAnObject { found: &'static str },
    /// A key no field declares, with the key or pointer probably meant.
    UnknownField { did_you_mean: Option<String> },
    /// A required field with no value: written as `null`, or absent.
    Required { null: bool },
    /// A value of JSON type `found` where `expected` is declared.
    WrongType { expected: &'static str, found: &'static str },
    /// NaN or infinity.
    NotFinite,
    /// A number outside the field's bounds (each written when declared).
    OutOfRange { value: String, min: Option<String>, max: Option<String> },
    /// A number beyond what a decimal holds exactly (code `out_of_range`).
    BeyondExactRange { max_digits: usize },
    /// A fraction in a whole-number field.
    NotWholeNumber { value: String },
    /// An empty string.
    TooShort,
    /// A string of `length` characters, more than `max_length`.
    TooLong { length: usize, max_length: usize },
    /// A value (cut to 100 characters) that is none of the enum's codes, with the codes,
    /// their labels and the code whose label was typed.
    UnknownEnumValue { value: String, allowed: Vec<String>, allowed_labels: Vec<Text>, did_you_mean: Option<String> },
    /// A constraint `value op other_value` that does not hold; `other` is the other
    /// field's pointer and `other_label` its label.
    ConstraintViolated {
        constraint: String,
        value: String,
        op: &'static str,
        other: String,
        other_value: String,
        other_label: Text,
    },
    /// Typed text that cannot be read as a value of type `expected`, and what to change.
    UnreadableText { text: String, expected: &'static str, reason: Text },
    /// An advice target (cut to 40 characters) that is none of `allowed`, the grade and
    /// outcome codes, each with its name in `names` (the message lists both: `A 优秀`).
    UnknownTarget { target: String, allowed: Vec<String>, names: Vec<Text> },
    /// An option's value (cut to 40 characters) that is none of `allowed`.
    UnknownOption { option: &'static str, value: String, allowed: Vec<&'static str> },
    /// An Arrow column of a type with no JSON shape (code `unsupported_value`, type `arrow <T>`).
    UnsupportedColumn { arrow_type: String },
    /// A Python object key that is not a string: how it prints and its type.
    NonStringKey { key: String, type_name: String },
    /// Python text with a lone surrogate.
    InvalidText,
    /// A host value of a type with no JSON form (the host's name of the type).
    UnsupportedValue { type_name: String },
    /// A host value that threw while it was read (code `unsupported_value`, type
    /// `unreadable`), with the host's words.
    UnreadableValue { reason: String },
    /// A failure that lists no error of its own.
    Invalid,
}

impl FieldErrorKind {
    /// The error's code.
    pub fn code(&self) -> FieldCode {
        match self {
            Self::InvalidJson { .. } => FieldCode::InvalidJson,
            Self::EmptyInput => FieldCode::EmptyInput,
            Self::TooLarge { .. } | Self::TooManyValues { .. } => FieldCode::TooLarge,
            Self::TooDeep { .. } => FieldCode::TooDeep,
            Self::InvalidUtf8 { .. } => FieldCode::InvalidUtf8,
            Self::DuplicateKey => FieldCode::DuplicateKey,
            Self::NotAnObject { .. } => FieldCode::NotAnObject,
            Self::UnknownField { .. } => FieldCode::UnknownField,
            Self::Required { .. } => FieldCode::Required,
            Self::WrongType { .. } => FieldCode::WrongType,
            Self::NotFinite => FieldCode::NotFinite,
            Self::OutOfRange { .. } | Self::BeyondExactRange { .. } => FieldCode::OutOfRange,
            Self::NotWholeNumber { .. } => FieldCode::NotWholeNumber,
            Self::TooShort => FieldCode::TooShort,
            Self::TooLong { .. } => FieldCode::TooLong,
            Self::UnknownEnumValue { .. } => FieldCode::UnknownEnumValue,
            Self::ConstraintViolated { .. } => FieldCode::ConstraintViolated,
            Self::UnreadableText { .. } => FieldCode::UnreadableText,
            Self::UnknownTarget { .. } => FieldCode::UnknownTarget,
            Self::UnknownOption { .. } => FieldCode::UnknownOption,
            Self::UnsupportedColumn { .. } | Self::UnsupportedValue { .. } | Self::UnreadableValue { .. } => {
                FieldCode::UnsupportedValue
            }
            Self::NonStringKey { .. } => FieldCode::NonStringKey,
            Self::InvalidText => FieldCode::InvalidText,
            Self::Invalid => FieldCode::Invalid,
        }
    }

    /// The error's structured details, keys in wire order.
    pub fn params(&self) -> Map<String, Value> {
        let value = match self {
            Self::InvalidJson { line, column, reason, reason_zh } => {
                json!({"line": line, "column": column, "reason": reason, "reason_zh": reason_zh})
            }
            Self::EmptyInput | Self::DuplicateKey | Self::NotFinite | Self::InvalidText | Self::Invalid => json!({}),
            Self::TooLarge { size, limit } => json!({"size": size, "limit": limit}),
            Self::TooManyValues { limit } => json!({"limit": limit}),
            Self::TooDeep { limit, at } => json!({"limit": limit, "at": at}),
            Self::InvalidUtf8 { offset } => json!({"offset": offset}),
            Self::NotAnObject { found } => json!({"found": found}),
            Self::UnknownField { did_you_mean } => match did_you_mean {
                Some(meant) => json!({"did_you_mean": meant}),
                None => json!({}),
            },
            Self::Required { null } => {
                let found = if *null { "null" } else { "absent" };
                json!({ "found": found })
            }
            Self::WrongType { expected, found } => json!({"expected": expected, "found": found}),
            Self::OutOfRange { value, min, max } => {
                let mut params = Map::new();
                params.insert("value".into(), json!(value));
                if let Some(min) = min {
                    params.insert("min".into(), json!(min));
                }
                if let Some(max) = max {
                    params.insert("max".into(), json!(max));
                }
                return params;
            }
            Self::BeyondExactRange { max_digits } => json!({"max_digits": max_digits}),
            Self::NotWholeNumber { value } => json!({"value": value}),
            Self::TooShort => json!({"length": 0, "min_length": 1}),
            Self::TooLong { length, max_length } => json!({"length": length, "max_length": max_length}),
            Self::UnknownEnumValue { value, allowed, allowed_labels, did_you_mean } => {
                let mut params = Map::new();
                params.insert("value".into(), json!(value));
                params.insert("allowed".into(), json!(allowed));
                // Both languages, whatever an answer's `lang`: that option picks the sentences
                // (`message`), and params are data (`tests/conformance/options-zh-failure`).
                params.insert("allowed_labels".into(), json!(allowed_labels));
                if let Some(meant) = did_you_mean {
                    params.insert("did_you_mean".into(), json!(meant));
                }
                return params;
            }
            Self::ConstraintViolated { constraint, value, op, other, other_value, other_label: _ } => json!({
                "constraint": constraint,
                "value": value,
                "op": op,
                "other": other,
                "other_value": other_value,
            }),
            Self::UnreadableText { text, expected, reason: _ } => json!({"text": text, "expected": expected}),
            Self::UnknownTarget { target, allowed, .. } => json!({"target": target, "allowed": allowed}),
            Self::UnknownOption { option, value, allowed } => {
                json!({"option": option, "value": value, "allowed": allowed})
            }
            Self::UnsupportedValue { type_name } => json!({"type": type_name}),
            Self::UnsupportedColumn { arrow_type } => json!({"type": format!("arrow {arrow_type}")}),
            Self::UnreadableValue { reason } => json!({"type": "unreadable", "reason": reason}),
            Self::NonStringKey { key, type_name } => json!({"key": key, "type": type_name}),
        };
        match value {
            Value::Object(params) => params,
            _ => Map::new(),
        }
    }

    /// The message in zh-CN and English; `label` is the label of the field it is about.
    pub fn message(&self, label: Option<&Text>) -> Text {
        messages::message(self, label)
    }
}

impl FieldError {
    /// The error of `kind` at the JSON pointer `path`; `label` is the label of the declared
    /// field it is about, which its message names.
    pub fn new(kind: FieldErrorKind, path: impl Into<String>, label: Option<&Text>) -> Self {
        Self {
            code: kind.code().as_str().to_owned(),
            path: path.into(),
            params: kind.params(),
            message: kind.message(label),
            made_from_kind: MadeFromKind,
        }
    }

    /// Whether the error has this code.
    pub fn is(&self, code: FieldCode) -> bool {
        self.code == code.as_str()
    }

    /// The error's code, to `match` on; `None` only for an error read back from an answer
    /// of another version that has a code this one does not know.
    pub fn field_code(&self) -> Option<FieldCode> {
        FieldCode::ALL.into_iter().find(|c| self.is(*c))
    }
}
