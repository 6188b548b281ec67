//! The submission as it arrives: a JSON-shaped tree whose numbers keep their exact text.
//!
//! Every front end builds an [`Input`]: the JSON reader here, Python from a dict, and
//! JavaScript from an object. Numbers stay text until the validator reads them, so
//! `94.99999999999999999` is never rounded through binary floating point on the way in.

mod float;
mod host_float;
mod json;
mod lex;
mod number;

pub(crate) use float::{float_text, nearest_f64, survives_f64};
pub use host_float::{f16_input, f32_input, float_input, float_value};
pub(crate) use json::{json_string_offset, locate_json};
pub use json::{parse_json, JsonFailure, JsonPathSeg, ParsedJson};
pub(crate) use lex::run_end;
pub use number::{parse_number, NumberError, MAX_DIGITS};

/// A JSON-shaped value with exact number text and ordered object members.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// `null`: counts as missing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as text (`95`, `94.5`, `2.014e3`; also `NaN` or `Infinity` from a host
    /// language, which the validator rejects).
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Input>),
    /// An object; members keep their order, and duplicates are kept for the validator.
    Object(Vec<(String, Input)>),
}

impl Input {
    /// The JSON name of this value's type, as used in error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "boolean",
            Self::Number(_) => "number",
            Self::String(_) => "string",
            Self::Array(_) => "array",
            Self::Object(_) => "object",
        }
    }

    /// Member `key` of an object (the first, if repeated).
    pub fn get(&self, key: &str) -> Option<&Input> {
        match self {
            Self::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl Input {
    /// Nests flat `(dotted path, value)` pairs, as a spreadsheet row gives them, into a
    /// submission tree: `("quality.above_scale_firms", 96)` → `{"quality": {"above_scale_firms": 96}}`.
    /// Later pairs for the same path replace earlier ones; a path that runs through a leaf
    /// keeps the leaf and drops the rest. A table's columns are checked with
    /// [`crate::ColumnClash::find`] first, so that neither happens to a table's row.
    pub fn from_flat<I: IntoIterator<Item = (String, Input)>>(pairs: I) -> Input {
        let mut root = Input::Object(Vec::new());
        for (path, value) in pairs {
            let mut node = &mut root;
            let mut segments = path.split('.').peekable();
            while let Some(seg) = segments.next() {
                let Input::Object(members) = node else { break };
                let pos = match members.iter().position(|(k, _)| k == seg) {
                    Some(p) => p,
                    None => {
                        members.push((seg.to_owned(), Input::Object(Vec::new())));
                        members.len() - 1
                    }
                };
                let Some((_, slot)) = members.get_mut(pos) else {
                    break;
                };
                if segments.peek().is_none() {
                    *slot = value;
                    break;
                }
                if !matches!(slot, Input::Object(_)) {
                    break;
                }
                node = slot;
            }
        }
        root
    }
}

impl Input {
    /// Puts `value` at a dotted path, creating groups on the way, or with `None` removes
    /// what is there: how ruleset tests and boundary probes change one field of a base.
    pub fn set(&mut self, dotted: &str, value: Option<Input>) {
        let segments: Vec<&str> = dotted.split('.').collect();
        let Some((last, groups)) = segments.split_last() else {
            return;
        };
        let mut node = self;
        for seg in groups {
            let Input::Object(members) = node else { return };
            let pos = match members.iter().position(|(k, _)| k == seg) {
                Some(p) => p,
                None if value.is_some() => {
                    members.push(((*seg).to_owned(), Input::Object(Vec::new())));
                    members.len() - 1
                }
                None => return,
            };
            let Some((_, next)) = members.get_mut(pos) else {
                return;
            };
            node = next;
        }
        let Input::Object(members) = node else { return };
        let pos = members.iter().position(|(k, _)| k == last);
        match (pos, value) {
            (Some(p), Some(v)) => {
                if let Some(slot) = members.get_mut(p) {
                    slot.1 = v;
                }
            }
            (None, Some(v)) => members.push(((*last).to_owned(), v)),
            (Some(p), None) => {
                members.remove(p);
            }
            (None, None) => {}
        }
    }

    /// Compact JSON text of the tree, numbers written exactly as they arrived.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        match self {
            Self::Null => out.push_str("null"),
            Self::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Self::Number(n) => out.push_str(n),
            Self::String(s) => out.push_str(&quote(s)),
            Self::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Self::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&quote(k));
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn escape_pointer_segment(segment: &str) -> String {
    if segment.contains(['~', '/']) {
        segment.replace('~', "~0").replace('/', "~1")
    } else {
        segment.to_owned()
    }
}

/// Whether a table cell's text stands for an empty cell: nothing but white space (the
/// ideographic space U+3000 included). A workbook's cells, a DataFrame's and an Arrow
/// table's are read alike: such a cell is a missing field, as an empty one is.
pub fn is_blank_text(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// A field's JSON pointer from either way of writing it: a JSON pointer (or the empty
/// pointer, the whole submission) as it is, a dotted path (`quality.above_scale_firms`)
/// converted. Every face takes a field's path this way.
pub fn field_pointer(path: &str) -> std::borrow::Cow<'_, str> {
    if path.is_empty() || path.starts_with('/') {
        std::borrow::Cow::Borrowed(path)
    } else {
        std::borrow::Cow::Owned(dotted_to_pointer(path))
    }
}

/// The dotted path of a JSON pointer: `/quality/spot_check_pass_rate_pct` →
/// `quality.spot_check_pass_rate_pct` ([`dotted_to_pointer`] the other way). Ruleset tests
/// are written with dotted paths.
pub fn pointer_to_dotted(pointer: &str) -> String {
    let segments = pointer.trim_start_matches('/').split('/');
    segments.map(|s| s.replace("~1", "/").replace("~0", "~")).collect::<Vec<_>>().join(".")
}

/// A field's dotted path from either way of writing it: a JSON pointer (`/zone/name`, as
/// errors name fields) converted, a dotted path as it is ([`field_pointer`] the other way).
/// A table's column names its field either way.
pub fn field_dotted(path: &str) -> std::borrow::Cow<'_, str> {
    if path.starts_with('/') {
        std::borrow::Cow::Owned(pointer_to_dotted(path))
    } else {
        std::borrow::Cow::Borrowed(path)
    }
}

/// The JSON pointer of member `key` of the object at `parent` (`""` for the submission).
pub(crate) fn child_pointer(parent: &str, key: &str) -> String {
    format!("{parent}/{}", escape_pointer_segment(key))
}

/// The JSON pointer of a dotted field path: `quality.above_scale_firms` → `/quality/above_scale_firms`.
pub fn dotted_to_pointer(dotted: &str) -> String {
    let mut out = String::with_capacity(dotted.len() + 1);
    for segment in dotted.split('.') {
        out.push('/');
        out.push_str(&escape_pointer_segment(segment));
    }
    out
}
