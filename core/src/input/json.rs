//! A strict JSON reader: exact number text, duplicate keys found, bounded depth and size.
//!
//! serde_json would round numbers through `f64` (or need a global feature), silently keep
//! the last of two duplicate keys, and recurse 128 deep; a submission reader fed by web
//! forms needs none of that, so this small reader keeps every detail the validator needs.

use std::collections::HashSet;

use super::lex::{Cursor, Step};
use super::{escape_pointer_segment, Input};

/// One step of a path into a JSON document, used to find where a value is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonPathSeg {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A JSON text that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonFailure {
    /// Nothing but white space.
    Empty,
    /// Larger than the limit.
    TooLarge { size: usize, limit: usize },
    /// Not UTF-8.
    InvalidUtf8 { offset: usize },
    /// Not JSON; 1-based line and column (in characters), and why in English and Chinese.
    Syntax { line: usize, column: usize, reason: &'static str, reason_zh: &'static str },
    /// Nested deeper than the limit, at this JSON pointer, whose opening bracket is at this
    /// 1-based line and column (in characters).
    TooDeep { pointer: String, limit: usize, line: usize, column: usize },
}

/// In English, as the field error it becomes words it (`not valid JSON (line 1, column 7:
/// …)`); `zonescore::Ruleset::validate_bytes` gives both languages.
impl std::fmt::Display for JsonFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let error = crate::validate::json_failure(self.clone());
        f.write_str(&error.message.en)
    }
}

impl std::error::Error for JsonFailure {}

/// A JSON document read into an [`Input`], with the pointers of any repeated keys.
#[derive(Debug)]
pub struct ParsedJson {
    /// The document.
    pub value: Input,
    /// JSON pointers of members whose key already appeared in the same object.
    pub duplicate_keys: Vec<String>,
    /// The 1-based line and column (in characters) of the first of them.
    pub first_duplicate_at: Option<(usize, usize)>,
}

/// Reads a JSON document from bytes (a UTF-8 byte-order mark is ignored).
pub fn parse_json(bytes: &[u8], max_bytes: usize, max_depth: usize) -> Result<ParsedJson, JsonFailure> {
    if bytes.len() > max_bytes {
        return Err(JsonFailure::TooLarge { size: bytes.len(), limit: max_bytes });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| JsonFailure::InvalidUtf8 { offset: e.valid_up_to() })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(JsonFailure::Empty);
    }
    let mut reader = Reader::new(text, max_depth, None);
    let value = reader.document()?;
    Ok(ParsedJson { value, duplicate_keys: reader.duplicates, first_duplicate_at: reader.first_duplicate_at })
}

/// Offset in `text` of byte `at` of the JSON string whose opening quote is at `quote`: past
/// its escapes as written.
pub(crate) fn json_string_offset(text: &str, quote: usize, at: usize) -> usize {
    Cursor::raw_offset(text, quote, at)
}

/// Byte offset where the value at `path` starts in `text`, if the text is JSON and has it.
pub(crate) fn locate_json(text: &str, path: &[JsonPathSeg]) -> Option<usize> {
    let mut reader = Reader::new(text, usize::MAX, Some(path));
    let _ = reader.document();
    reader.found
}

/// Objects up to this many members are checked for a repeated key by comparing with the
/// keys before; submissions have about twenty at most, and a scan of those is cheaper than
/// hashing. Larger objects (only hostile ones) switch to a set, so they stay linear.
const SCAN_MEMBERS: usize = 32;

/// Where the reader is inside one open array or object: the element it is reading.
#[derive(Clone, Copy)]
enum Seg {
    /// The member whose key's opening quote is at this byte offset. The key is decoded again
    /// only when a pointer is wanted, so the happy path copies no key twice.
    Key(usize),
    /// The element at this index.
    Index(usize),
}

struct Reader<'a> {
    cur: Cursor<'a>,
    max_depth: usize,
    /// One entry per open array or object, outermost first.
    path: Vec<Seg>,
    duplicates: Vec<String>,
    first_duplicate_at: Option<(usize, usize)>,
    /// Members and elements of the open objects and arrays, innermost last. Each container
    /// is moved out into a `Vec` of exactly its size when it closes: one allocation per
    /// container instead of one per doubling, and no spare capacity kept in the tree.
    members: Vec<(String, Input)>,
    items: Vec<Input>,
    target: Option<&'a [JsonPathSeg]>,
    found: Option<usize>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, max_depth: usize, target: Option<&'a [JsonPathSeg]>) -> Self {
        Self {
            cur: Cursor { text, pos: 0 },
            max_depth,
            path: Vec::with_capacity(max_depth.min(16)),
            duplicates: Vec::new(),
            first_duplicate_at: None,
            members: Vec::new(),
            items: Vec::new(),
            target,
            found: None,
        }
    }

    fn document(&mut self) -> Step<Input> {
        self.cur.skip_ws();
        let value = self.value(1)?;
        self.cur.skip_ws();
        if self.cur.peek().is_some() {
            return Err(self.cur.syntax("unexpected text after the JSON value", "JSON 值之后还有多余的内容"));
        }
        Ok(value)
    }

    /// The JSON pointer of the element being read, built only when an error or a duplicate
    /// needs it.
    fn pointer(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            out.push('/');
            match *seg {
                Seg::Key(at) => out.push_str(&escape_pointer_segment(&Cursor::string_at(self.cur.text, at))),
                Seg::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }

    /// Whether the element being read is the one `locate_json` looks for.
    fn at_target(&self, target: &[JsonPathSeg]) -> bool {
        target.len() == self.path.len()
            && self.path.iter().zip(target).all(|(seg, want)| match (*seg, want) {
                (Seg::Index(i), JsonPathSeg::Index(j)) => i == *j,
                (Seg::Key(at), JsonPathSeg::Key(k)) => Cursor::string_at(self.cur.text, at) == *k,
                _ => false,
            })
    }

    /// Moves the innermost open array or object on to its next element.
    fn step(&mut self, seg: Seg) {
        if let Some(last) = self.path.last_mut() {
            *last = seg;
        }
    }

    /// A comma right before the closing `close` (`{"a": 1,}`): the mistake is the comma, so
    /// the error points at it, not at the bracket after it.
    fn trailing_comma(&self, comma: Option<usize>, close: u8) -> Option<JsonFailure> {
        let comma = comma.filter(|_| self.cur.peek() == Some(close))?;
        Some(if close == b'}' {
            self.cur.syntax_at(comma, "a comma before `}`: remove it", "右花括号 `}` 前多了一个逗号，请删去")
        } else {
            self.cur.syntax_at(comma, "a comma before `]`: remove it", "右方括号 `]` 前多了一个逗号，请删去")
        })
    }

    fn value(&mut self, depth: usize) -> Step<Input> {
        if self.target.is_some_and(|t| self.at_target(t)) {
            self.found = Some(self.cur.pos);
        }
        match self.cur.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.cur.string().map(Input::String),
            Some(b't') => self.cur.literal("true", Input::Bool(true)),
            Some(b'f') => self.cur.literal("false", Input::Bool(false)),
            Some(b'n') => self.cur.literal("null", Input::Null),
            Some(b'-' | b'0'..=b'9') => self.cur.number(),
            Some(b'N' | b'I') => {
                Err(self.cur.syntax("NaN and Infinity are not JSON numbers", "NaN 和 Infinity 不是 JSON 数字"))
            }
            Some(_) => Err(self.cur.syntax("expected a JSON value", "此处应为一个 JSON 值")),
            None => Err(self.cur.syntax("unexpected end of input", "内容意外结束（可能缺少右括号或引号）")),
        }
    }

    /// Opens an array or object at `depth`, or refuses if that is too deep.
    fn enter(&mut self, depth: usize) -> Step<()> {
        if depth > self.max_depth {
            let (line, column) = self.cur.line_col(self.cur.pos);
            return Err(JsonFailure::TooDeep { pointer: self.pointer(), limit: self.max_depth, line, column });
        }
        self.cur.pos += 1;
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Step<Input> {
        self.enter(depth)?;
        self.cur.skip_ws();
        if self.cur.peek() == Some(b'}') {
            self.cur.pos += 1;
            return Ok(Input::Object(Vec::new()));
        }
        let base = self.members.len();
        // Only a hostile object grows past `SCAN_MEMBERS`; then its keys go in a set.
        let mut large: Option<HashSet<String>> = None;
        // INVARIANT: set to the member's key before its value is read, so a pointer never
        // shows this placeholder.
        self.path.push(Seg::Index(0));
        let mut comma = None;
        loop {
            self.cur.skip_ws();
            if let Some(e) = self.trailing_comma(comma, b'}') {
                return Err(e);
            }
            if self.cur.peek() != Some(b'"') {
                return Err(self.cur.syntax("expected a member name in double quotes", "此处应为用双引号括起的字段名"));
            }
            let key_at = self.cur.pos;
            let key = self.cur.string()?;
            self.cur.skip_ws();
            if self.cur.peek() != Some(b':') {
                return Err(self.cur.syntax("expected `:` after the member name", "字段名之后应为冒号 `:`"));
            }
            self.cur.pos += 1;
            self.cur.skip_ws();
            self.step(Seg::Key(key_at));
            if repeated(&key, self.members.get(base..).unwrap_or_default(), &mut large) {
                let pointer = self.pointer();
                self.duplicates.push(pointer);
                if self.first_duplicate_at.is_none() {
                    self.first_duplicate_at = Some(self.cur.line_col(key_at));
                }
            }
            let value = self.value(depth + 1)?;
            self.members.push((key, value));
            self.cur.skip_ws();
            match self.cur.peek() {
                Some(b',') => {
                    comma = Some(self.cur.pos);
                    self.cur.pos += 1;
                }
                Some(b'}') => {
                    self.cur.pos += 1;
                    self.path.pop();
                    return Ok(Input::Object(self.members.drain(base..).collect()));
                }
                _ => {
                    return Err(self
                        .cur
                        .syntax("expected `,` or `}` after an object member", "字段之后应为逗号 `,` 或右花括号 `}`"))
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Step<Input> {
        self.enter(depth)?;
        self.cur.skip_ws();
        if self.cur.peek() == Some(b']') {
            self.cur.pos += 1;
            return Ok(Input::Array(Vec::new()));
        }
        let base = self.items.len();
        self.path.push(Seg::Index(0));
        let mut comma = None;
        loop {
            self.cur.skip_ws();
            if let Some(e) = self.trailing_comma(comma, b']') {
                return Err(e);
            }
            self.step(Seg::Index(self.items.len() - base));
            let value = self.value(depth + 1)?;
            self.items.push(value);
            self.cur.skip_ws();
            match self.cur.peek() {
                Some(b',') => {
                    comma = Some(self.cur.pos);
                    self.cur.pos += 1;
                }
                Some(b']') => {
                    self.cur.pos += 1;
                    self.path.pop();
                    return Ok(Input::Array(self.items.drain(base..).collect()));
                }
                _ => {
                    return Err(self.cur.syntax(
                        "expected `,` or `]` after an array element",
                        "数组元素之后应为逗号 `,` 或右方括号 `]`",
                    ))
                }
            }
        }
    }
}

/// Whether `key` is already a member of the object read so far.
fn repeated(key: &str, members: &[(String, Input)], large: &mut Option<HashSet<String>>) -> bool {
    if let Some(keys) = large {
        return !keys.insert(key.to_owned());
    }
    let seen = members.iter().any(|(k, _)| k == key);
    if members.len() >= SCAN_MEMBERS {
        let mut keys: HashSet<String> = members.iter().map(|(k, _)| k.clone()).collect();
        keys.insert(key.to_owned());
        *large = Some(keys);
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ParsedJson, JsonFailure> {
        parse_json(text.as_bytes(), 1 << 20, 64)
    }

    #[test]
    fn keeps_number_text_and_member_order() {
        let doc = parse(r#"{"b": 94.99999999999999999, "a": [1, -0, 2.014e3]}"#).unwrap();
        let Input::Object(members) = doc.value else { panic!("object") };
        assert_eq!(members[0].0, "b");
        assert_eq!(members[0].1, Input::Number("94.99999999999999999".into()));
        assert_eq!(
            members[1].1,
            Input::Array(vec![Input::Number("1".into()), Input::Number("-0".into()), Input::Number("2.014e3".into())])
        );
    }

    #[test]
    fn finds_duplicate_keys_at_every_level() {
        let doc = parse(r#"{"a": 1, "a": 2, "g": {"x~y": 1, "x~y": 2}}"#).unwrap();
        assert_eq!(doc.duplicate_keys, vec!["/a".to_string(), "/g/x~0y".to_string()]);
        assert_eq!(doc.first_duplicate_at, Some((1, 10)), "the second `a`'s opening quote");
        let doc = parse("{\n  \"名\": 1,\n  \"名\": 2\n}").unwrap();
        assert_eq!(doc.first_duplicate_at, Some((3, 3)));
        assert_eq!(parse(r#"{"a": 1}"#).unwrap().first_duplicate_at, None);
    }

    #[test]
    fn builds_pointers_only_when_needed_and_from_decoded_keys() {
        let doc = parse(r#"{"a\u007e/b": {"k": [0, {"x": 1, "x": 2}]}, "a~/b": 3}"#).unwrap();
        assert_eq!(doc.duplicate_keys, vec!["/a~0~1b/k/1/x".to_string(), "/a~0~1b".to_string()]);
        let deep = parse_json(br#"{"a": [{"b~": [[1]]}]}"#, 1 << 20, 3).unwrap_err();
        assert_eq!(deep, JsonFailure::TooDeep { pointer: "/a/0/b~0".into(), limit: 3, line: 1, column: 15 });
        assert_eq!(
            parse_json(b"[\n [1]]", 1 << 20, 1).unwrap_err(),
            JsonFailure::TooDeep { pointer: "/0".into(), limit: 1, line: 2, column: 2 }
        );
    }

    #[test]
    fn finds_duplicates_in_a_large_object_in_linear_time() {
        // Past `SCAN_MEMBERS` the keys go in a set; a hostile object must stay cheap.
        let mut text: String = (0..100_000).map(|i| format!("\"k{i}\": {i}, ")).collect();
        text = format!("{{{text}\"k5\": 0, \"k99999\": 0}}");
        let doc = parse_json(text.as_bytes(), 1 << 24, 64).unwrap();
        assert_eq!(doc.duplicate_keys, vec!["/k5".to_string(), "/k99999".to_string()]);
        let Input::Object(members) = doc.value else { panic!("object") };
        assert_eq!(members.len(), 100_002);
        let same = format!("{{{}\"k\": 1}}", "\"k\": 0, ".repeat(50_000));
        assert_eq!(parse_json(same.as_bytes(), 1 << 24, 64).unwrap().duplicate_keys.len(), 50_000);
    }

    #[test]
    fn refuses_hostile_text_with_a_reason() {
        assert_eq!(parse("  \n").unwrap_err(), JsonFailure::Empty);
        assert!(matches!(parse("{\"a\": NaN}").unwrap_err(), JsonFailure::Syntax { line: 1, column: 7, .. }));
        assert!(matches!(parse("[1,]").unwrap_err(), JsonFailure::Syntax { line: 1, column: 3, .. }));
        let trailing = parse("{\n  \"a\": 1,\n}").unwrap_err();
        assert!(matches!(
            trailing,
            JsonFailure::Syntax {
                line: 2, column: 9, reason_zh: "右花括号 `}` 前多了一个逗号，请删去", ..
            }
        ));
        assert!(matches!(parse("{\"a\":1}\n{").unwrap_err(), JsonFailure::Syntax { line: 2, column: 1, .. }));
        assert!(matches!(parse("\"\\ud800\"").unwrap_err(), JsonFailure::Syntax { .. }));
        assert!(matches!(parse_json(b"\"\xff\"", 100, 64).unwrap_err(), JsonFailure::InvalidUtf8 { offset: 1 }));
        assert!(matches!(parse_json(b"[1, 2]", 3, 64).unwrap_err(), JsonFailure::TooLarge { size: 6, limit: 3 }));
        let deep = "[".repeat(100_000);
        assert!(matches!(parse(&deep).unwrap_err(), JsonFailure::TooDeep { limit: 64, .. }));
    }

    #[test]
    fn ignores_a_byte_order_mark_and_reads_escapes() {
        let doc = parse("\u{feff}{\"a\": \"\\u6c38\\u5609 \\ud83d\\ude00\"}").unwrap();
        assert_eq!(doc.value.get("a"), Some(&Input::String("永嘉 😀".into())));
    }

    #[test]
    fn locates_a_value_by_path() {
        let text = "{\n  \"x\": [1, {\"y\": true}]\n}";
        let at =
            locate_json(text, &[JsonPathSeg::Key("x".into()), JsonPathSeg::Index(1), JsonPathSeg::Key("y".into())]);
        assert_eq!(at, text.find("true"));
        // A repeated key: the last occurrence, the value serde_json would keep.
        assert_eq!(locate_json(r#"{"a": 1, "\u0061": 2}"#, &[JsonPathSeg::Key("a".into())]), Some(19));
        assert_eq!(locate_json("[1, 2]", &[JsonPathSeg::Index(2)]), None);
    }
}
